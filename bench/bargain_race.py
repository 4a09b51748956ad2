#!/usr/bin/env python3
# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bargain race: friends helping the same bargain (砍价) at once.

    source bin/_env.sh && python3 bench/bargain_race.py -d SCRATCH_DB \\
        --addons-path "$(odoo_addons_path)" [--racers 20] [--helpers 5] [--rounds 5]

Each round commits a campaign needing ``--helpers`` friends and a bargain,
then ``--racers`` threads, each on its own database cursor, help it at the
same moment and hold their transaction 20 ms. A serialization failure is
retried, as Odoo retries a request. It prints, per round, how many friends
cut (must be ``--helpers``), were told it is over, and whether the cuts add
up to the gap with the price exactly at the floor.

It writes to the database: use a scratch one.
"""

import logging
import time
from datetime import timedelta

from _odoo import race_parser, race_registry

from odoo import SUPERUSER_ID, api, fields


def _setup(registry, racers, helpers):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        product = env["product.template"].create(
            {"name": "砍价竞速商品", "list_price": 100.0}
        )
        campaign = env["mall.bargain.campaign"].create(
            {
                "name": "砍价竞速",
                "product_id": product.product_variant_id.id,
                "start_price": 100.0,
                "floor_price": 9.9,
                "helpers_needed": helpers,
                "per_shopper_limit": 0,
                "date_start": fields.Datetime.now() - timedelta(days=1),
                "date_end": fields.Datetime.now() + timedelta(days=1),
                "state": "running",
            }
        )
        partners = env["res.partner"].create(
            [{"name": f"砍价好友 {i}"} for i in range(racers + 1)]
        )
        bargain = campaign._bargain_start(partners[0])
        return bargain.id, partners[1:].ids


def _help(bargain_id):
    def act(env, partner_id):
        bargain = env["mall.bargain"].browse(bargain_id)
        bargain._bargain_help(env["res.partner"].browse(partner_id))

    return act


def _check(registry, bargain_id):
    from odoo.addons.mall_groupbuy.tools import bargain_cuts

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        bargain = env["mall.bargain"].browse(bargain_id)
        cents = sum(bargain_cuts.to_minor(h.amount) for h in bargain.help_ids)
        gap = bargain_cuts.to_minor(bargain.start_price) - bargain_cuts.to_minor(
            bargain.floor_price
        )
        return cents == gap and bargain.current_price == bargain.floor_price


def main():
    parser = race_parser(__doc__.splitlines()[0])
    parser.add_argument("--racers", type=int, default=20)
    parser.add_argument("--helpers", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    registry, race = race_registry(args)
    # The losers' serialization failures are expected: Odoo logs them.
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)
    from odoo.addons.mall_groupbuy.exceptions import BargainError

    for round_ in range(1, args.rounds + 1):
        bargain_id, partner_ids = _setup(registry, args.racers, args.helpers)
        started = time.perf_counter()
        results = race.race(
            registry, _help(bargain_id), partner_ids, BargainError, "cut", hold=0.02
        )
        elapsed = time.perf_counter() - started
        cut = sum(1 for outcome, _retries in results if outcome == "cut")
        refused = len(results) - cut
        retries = sum(r for _outcome, r in results)
        exact = _check(registry, bargain_id)
        print(
            f"round {round_}: {cut} cut, {refused} refused, {retries} retries, "
            f"adds up to the floor: {exact}, {elapsed * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
