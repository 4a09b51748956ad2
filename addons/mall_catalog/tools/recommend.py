# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Item-to-item recommendations ("猜你喜欢"), without the ORM.

Shoppers' interactions are weighted signals: a purchase counts fully, a view
(footprint) less. Two products are related when the same shoppers interact
with both: cosine similarity of their shopper vectors, shrunk towards zero
when few shoppers support it, so that one odd basket does not make a strong
link between two rarely seen products.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

PURCHASE_WEIGHT = 1.0
VIEW_WEIGHT = 0.3
DEFAULT_SHRINKAGE = 3.0
DEFAULT_NEIGHBOURS = 30
# Items per shopper taken into the co-occurrence counts: bounds the work
# (pairs grow with the square) and keeps bulk buyers from linking everything.
MAX_ITEMS_PER_USER = 100


@dataclass(frozen=True)
class Interaction:
    """``user`` bought (or viewed) ``item``; ``weight`` says how much it counts."""

    user: int
    item: int
    weight: float = PURCHASE_WEIGHT


def user_vectors(interactions: Iterable[Interaction]):
    """``{user: {item: weight}}``, the strongest signal per user and item."""
    vectors = defaultdict(dict)
    for row in interactions:
        if row.weight <= 0:
            continue
        items = vectors[row.user]
        if row.weight > items.get(row.item, 0.0):
            items[row.item] = row.weight
    return vectors


def item_similarities(
    interactions: Iterable[Interaction],
    shrinkage=DEFAULT_SHRINKAGE,
    neighbours=DEFAULT_NEIGHBOURS,
    min_support=1,
):
    """``{item: [(related item, score), ...]}``, best first, at most
    ``neighbours`` per item.

    score(i, j) = cos(i, j) * n / (n + shrinkage), with n the number of users
    who interacted with both, and cos over the users' weights."""
    norms = defaultdict(float)
    dots = defaultdict(float)
    support = Counter()
    for items in user_vectors(interactions).values():
        ranked = sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))
        ranked = ranked[:MAX_ITEMS_PER_USER]
        for item, weight in ranked:
            norms[item] += weight * weight
        for index, (left, w_left) in enumerate(ranked):
            for right, w_right in ranked[index + 1 :]:
                pair = (left, right) if left < right else (right, left)
                dots[pair] += w_left * w_right
                support[pair] += 1
    related = defaultdict(list)
    for (left, right), dot in dots.items():
        count = support[(left, right)]
        if count < min_support:
            continue
        score = dot / math.sqrt(norms[left] * norms[right])
        score *= count / (count + shrinkage)
        related[left].append((right, score))
        related[right].append((left, score))
    return {
        item: sorted(pairs, key=lambda kv: (-kv[1], kv[0]))[:neighbours]
        for item, pairs in related.items()
    }


def best_sellers(interactions: Iterable[Interaction]):
    """Items by number of purchases, most first (ties by item)."""
    counts = Counter(row.item for row in interactions if row.weight >= PURCHASE_WEIGHT)
    return [
        item for item, _count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def recommend(
    history,
    related,
    limit=10,
    exclude=(),
    fallback=(),
    decay=0.9,
):
    """Items for a shopper, best first.

    ``history`` is ``[(item, weight), ...]`` most recent first; each entry's
    weight fades by ``decay`` per step back. ``related`` maps an item to its
    ``[(related item, score), ...]`` (as :func:`item_similarities` gives).
    ``exclude`` lists items not to offer (bought already, not for sale);
    ``fallback`` fills the remaining places in its order (best sellers).
    """
    exclude = set(exclude)
    scores = defaultdict(float)
    for step, (item, weight) in enumerate(history):
        fade = weight * decay**step
        for other, score in related.get(item, ()):
            scores[other] += fade * score
    ranked = [
        item
        for item, _score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        if item not in exclude
    ]
    result = ranked[:limit]
    seen = set(result) | exclude
    for item in fallback:
        if len(result) >= limit:
            break
        if item not in seen:
            result.append(item)
            seen.add(item)
    return result
