# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random

import pytest

from odoo.addons.mall_catalog.tools.recommend import (
    PURCHASE_WEIGHT,
    VIEW_WEIGHT,
    Interaction,
    best_sellers,
    item_similarities,
    recommend,
)

N_ITEMS = 300
N_GROUPS = 30  # latent "go together" groups: coffee, creamer, mugs...
N_USERS = 1500


def synthetic_history(seed):
    """Purchases in time order per user, with a latent structure: each user
    has one or two interests (groups of items bought together) and buys
    mostly inside them, sometimes a popular item at random; and views a few
    items of their interests without buying them."""
    rng = random.Random(seed)
    groups = [list(range(g, N_ITEMS, N_GROUPS)) for g in range(N_GROUPS)]
    # Popularity is skewed (Zipf-like), inside groups and overall.
    popularity = [1.0 / (rank + 1) ** 0.8 for rank in range(N_ITEMS)]
    rng.shuffle(popularity)
    purchases, views = {}, {}
    for user in range(N_USERS):
        interests = rng.sample(range(N_GROUPS), rng.choice((1, 1, 2)))
        pool = [item for g in interests for item in groups[g]]
        weights = [popularity[item] for item in pool]
        bought = []
        for _ in range(rng.randint(3, 8)):
            if rng.random() < 0.8:
                item = rng.choices(pool, weights)[0]
            else:
                item = rng.choices(range(N_ITEMS), popularity)[0]
            if item not in bought:
                bought.append(item)
        purchases[user] = bought
        views[user] = rng.sample(pool, 3)
    return purchases, views


def hit_rates(seed):
    purchases, views = synthetic_history(seed)
    train, held_out = [], {}
    for user, bought in purchases.items():
        if len(bought) < 2:
            continue
        held_out[user] = bought[-1]
        train += [Interaction(user, item, PURCHASE_WEIGHT) for item in bought[:-1]]
        train += [Interaction(user, item, VIEW_WEIGHT) for item in views[user]]
    related = item_similarities(train)
    sellers = best_sellers(train)
    hits_i2i = hits_pop = 0
    for user, target in held_out.items():
        owned = purchases[user][:-1]
        history = [(item, PURCHASE_WEIGHT) for item in reversed(owned)]
        history += [(item, VIEW_WEIGHT) for item in views[user]]
        mine = recommend(history, related, limit=10, exclude=owned, fallback=sellers)
        popular = recommend([], {}, limit=10, exclude=owned, fallback=sellers)
        hits_i2i += target in mine
        hits_pop += target in popular
    return hits_i2i / len(held_out), hits_pop / len(held_out)


@pytest.mark.parametrize("seed", [7, 2026])
def test_item_to_item_beats_best_sellers(seed):
    i2i, popular = hit_rates(seed)
    assert i2i > 2 * popular, (i2i, popular)
    assert i2i - popular > 0.1, (i2i, popular)


def test_co_purchase_relates_items():
    rows = [Interaction(u, "coffee") for u in range(5)]
    rows += [Interaction(u, "creamer") for u in range(4)]
    rows += [Interaction(9, "coffee"), Interaction(9, "lipstick")]
    related = item_similarities(rows)
    assert [item for item, _score in related["coffee"]] == ["creamer", "lipstick"]


def test_shrinkage_weakens_thin_evidence():
    # One shopper buying two rare items together is less telling than
    # four shoppers doing so with two items as rare.
    rows = [Interaction(1, "a"), Interaction(1, "b")]
    rows += [Interaction(u, x) for u in range(10, 14) for x in ("c", "d")]
    related = item_similarities(rows)
    assert related["a"][0][1] < related["c"][0][1]
    assert related["c"][0][1] == pytest.approx(4 / 7)


def test_views_count_less_than_purchases():
    rows = [Interaction(u, "coffee") for u in range(6)]
    rows += [Interaction(u, "creamer") for u in range(3)]
    rows += [Interaction(u, "mug", VIEW_WEIGHT) for u in range(3, 6)]
    related = dict(item_similarities(rows)["coffee"])
    assert related["creamer"] > related["mug"] > 0


def test_recommend_excludes_and_falls_back():
    related = {"coffee": [("creamer", 0.8), ("coffee", 0.1), ("mug", 0.5)]}
    result = recommend(
        [("coffee", 1.0)],
        related,
        limit=4,
        exclude={"coffee"},
        fallback=["creamer", "tea", "coffee", "cake"],
    )
    assert result == ["creamer", "mug", "tea", "cake"]


def test_recent_history_counts_more():
    related = {"old": [("x", 1.0)], "new": [("y", 1.0)]}
    assert recommend([("new", 1.0), ("old", 1.0)], related, limit=1) == ["y"]
    assert recommend([], related, limit=3) == []
