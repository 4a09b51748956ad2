#!/usr/bin/env python3
# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Group buy race: shoppers joining a group with one seat left, at once.

    source bin/_env.sh && python3 bench/groupbuy_race.py -d SCRATCH_DB \\
        --addons-path "$(odoo_addons_path)" [--racers 8] [--rounds 5]

Each round commits a campaign and an open group of two whose leader has paid
(one seat left), then ``--racers`` threads, each on its own database cursor,
join it at the same moment and hold their transaction 50 ms. A serialization
failure is retried, as Odoo retries a request. It prints, per round, how many
buyers got the seat (must be 1), were refused and retried.

It writes to the database: use a scratch one.
"""

import logging
import time
from datetime import timedelta

from _odoo import race_parser, race_registry

from odoo import SUPERUSER_ID, api, fields


def _setup(registry, racers):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        product = env["product.template"].create(
            {"name": "拼团竞速商品", "list_price": 50.0}
        )
        campaign = env["mall.groupbuy.campaign"].create(
            {
                "name": "拼团竞速",
                "product_tmpl_id": product.id,
                "group_price": 30.0,
                "group_size": 2,
                "per_shopper_limit": 0,
                "date_start": fields.Datetime.now() - timedelta(days=1),
                "date_end": fields.Datetime.now() + timedelta(days=1),
                "state": "running",
            }
        )
        partners = env["res.partner"].create(
            [{"name": f"竞速顾客 {i}"} for i in range(racers + 1)]
        )
        leader = campaign._groupbuy_open(partners[0])
        # The leader's payment, without a payment provider.
        leader.write({"state": "paid", "paid_at": fields.Datetime.now()})
        leader.group_id._groupbuy_on_member_paid(leader)
        return leader.group_id.id, partners[1:].ids


def _join(group_id):
    def act(env, partner_id):
        group = env["mall.groupbuy.group"].browse(group_id)
        group._groupbuy_join(env["res.partner"].browse(partner_id))

    return act


def main():
    parser = race_parser(__doc__.splitlines()[0])
    parser.add_argument("--racers", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    registry, race = race_registry(args)
    # The losers' serialization failures are expected: Odoo logs them.
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)
    from odoo.addons.mall_groupbuy.exceptions import GroupbuyError

    for round_ in range(1, args.rounds + 1):
        group_id, partner_ids = _setup(registry, args.racers)
        started = time.perf_counter()
        results = race.race(
            registry, _join(group_id), partner_ids, GroupbuyError, "won", hold=0.05
        )
        elapsed = time.perf_counter() - started
        won = sum(1 for outcome, _retries in results if outcome == "won")
        refused = len(results) - won
        retries = sum(r for _outcome, r in results)
        print(
            f"round {round_}: {won} got the seat, {refused} refused, "
            f"{retries} retries, {elapsed * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
