# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError

# Days in each period the dashboard offers.
PERIODS = {"today": 1, "7d": 7, "30d": 30}
# A paid order stays counted in GMV when refunded; its refund shows in the
# refund rate.
PAID_STATES = ("paid", "partially_refunded", "refunded")
REFUNDED_STATES = ("partially_refunded", "refunded")
TOP = 10


def _ratio(numerator, denominator):
    return round(numerator / denominator, 4) if denominator else 0.0


class MallDashboard(models.AbstractModel):
    """数据看板: the merchant's figures for a period against the period before.

    Everything comes from a handful of aggregated SQL queries over paid
    orders (``mall_paid_at``), so the cost grows with the period's orders in
    the database, never with a Python loop over them.
    """

    _name = "mall.dashboard"
    _description = "Mall Dashboard"

    def init(self):
        # New members per period, without scanning every contact.
        tools.create_index(
            self.env.cr,
            "res_partner_mall_shopper_create_date_index",
            "res_partner",
            ["create_date"],
            where="mall_is_shopper",
        )

    @api.model
    def get_dashboard_data(self, period="today"):
        """The OWL client action's entry point (RPC)."""
        return self._mall_dashboard_data(period)

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------
    @api.model
    def _mall_dashboard_bounds(self, period, now=None):
        """Bounds of ``period``: whole days in the user's time zone, the last
        one being today. Returns ``(prev_start, start, end, days)``: naive UTC
        datetimes, and ``days`` the same three as local dates."""
        if period not in PERIODS:
            raise UserError(_("Unknown dashboard period: %s", period))
        days = PERIODS[period]
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        now = now or fields.Datetime.now()
        today = pytz.utc.localize(now).astimezone(tz).date()
        first_day = today - timedelta(days=days - 1)

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return (
            utc(first_day - timedelta(days=days)),
            utc(first_day),
            utc(today + timedelta(days=1)),
            (first_day - timedelta(days=days), first_day, today + timedelta(days=1)),
        )

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    @api.model
    def _mall_dashboard_data(self, period="today", now=None):
        """All the dashboard's figures for ``period`` (``today``, ``7d``,
        ``30d``) and the period just before it.

        :return: a JSON-able dict: ``kpis`` (value, previous, change),
            ``hot_products``, ``provinces``, ``cities``, ``channels``,
            ``groupbuy`` and ``domains`` to open the matching lists.
        """
        if not self.env.user.has_group("mall_catalog.group_mall_user"):
            raise AccessError(_("Only mall users may read the dashboard."))
        prev_start, start, end, (prev_day, first_day, end_day) = (
            self._mall_dashboard_bounds(period, now=now)
        )
        currency = self.env.company.currency_id
        params = {
            "prev_start": prev_start,
            "start": start,
            "end": end,
            "prev_day": prev_day,
            "first_day": first_day,
            "end_day": end_day,
            "company_ids": self.env.companies.ids,
            "paid_states": list(PAID_STATES),
            "refunded_states": list(REFUNDED_STATES),
            "top": TOP,
        }
        cr = self.env.cr
        # 1. Orders, GMV, paying shoppers, repurchase and refunds, both periods.
        cr.execute(
            """
            WITH o AS (
                SELECT so.partner_id, so.amount_total, so.mall_payment_state,
                       so.mall_paid_at >= %(start)s AS cur
                  FROM sale_order so
                 WHERE so.mall_paid_at >= %(prev_start)s
                   AND so.mall_paid_at < %(end)s
                   AND so.mall_payment_state = ANY(%(paid_states)s)
                   AND so.company_id = ANY(%(company_ids)s)
            ), per_shopper AS (
                SELECT cur, partner_id, count(*) AS n,
                       sum(amount_total) AS amount,
                       count(*) FILTER (
                           WHERE mall_payment_state = ANY(%(refunded_states)s)
                       ) AS refunded
                  FROM o GROUP BY cur, partner_id
            )
            SELECT cur, sum(n), coalesce(sum(amount), 0), count(*),
                   count(*) FILTER (WHERE n >= 2), sum(refunded)
              FROM per_shopper GROUP BY cur
            """,
            params,
        )
        orders = {True: (0, 0.0, 0, 0, 0), False: (0, 0.0, 0, 0, 0)}
        for cur, *row in cr.fetchall():
            orders[cur] = tuple(row)
        # 2. Visitors (footprints) and new members.
        cr.execute(
            """
            SELECT cur, count(*) FROM (
                -- DISTINCT hashes: faster than count(DISTINCT), which sorts.
                SELECT DISTINCT day >= %(first_day)s AS cur, partner_id
                  FROM mall_footprint
                 WHERE day >= %(prev_day)s AND day < %(end_day)s
            ) visits
             GROUP BY cur
            """,
            params,
        )
        visitors = dict(cr.fetchall())
        cr.execute(
            """
            SELECT create_date >= %(start)s, count(*)
              FROM res_partner
             WHERE mall_is_shopper AND active
               AND create_date >= %(prev_start)s AND create_date < %(end)s
             GROUP BY 1
            """,
            params,
        )
        members = dict(cr.fetchall())

        def kpis(cur):
            count, gmv, shoppers, repeat, refunded = orders[cur]
            gmv = currency.round(float(gmv))
            return {
                "gmv": gmv,
                "orders": count,
                "shoppers": shoppers,
                "aov": currency.round(gmv / count) if count else 0.0,
                "conversion": _ratio(shoppers, visitors.get(cur, 0)),
                "visitors": visitors.get(cur, 0),
                "new_members": members.get(cur, 0),
                "repurchase_rate": _ratio(repeat, shoppers),
                "refund_rate": _ratio(refunded, count),
            }

        current, previous = kpis(True), kpis(False)
        result = {
            "period": period,
            "currency": {
                "id": currency.id,
                "symbol": currency.symbol,
                "decimals": currency.decimal_places,
            },
            "kpis": {
                key: {
                    "value": value,
                    "previous": previous[key],
                    "change": _ratio(value - previous[key], previous[key])
                    if previous[key]
                    else None,
                }
                for key, value in current.items()
            },
        }
        result.update(self._mall_dashboard_rankings(params, currency))
        result["domains"] = self._mall_dashboard_domains(start, end)
        return result

    @api.model
    def _mall_dashboard_rankings(self, params, currency):
        cr = self.env.cr
        paid_filter = """
            so.mall_paid_at >= %(start)s AND so.mall_paid_at < %(end)s
            AND so.mall_payment_state = ANY(%(paid_states)s)
            AND so.company_id = ANY(%(company_ids)s)
        """
        # Hot sales: units and revenue per product.
        cr.execute(
            f"""
            SELECT sol.product_id, sum(sol.product_uom_qty), sum(sol.price_total)
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
             WHERE {paid_filter}
               AND sol.product_id IS NOT NULL AND sol.display_type IS NULL
               AND NOT coalesce(sol.is_delivery, FALSE)
             GROUP BY sol.product_id
             ORDER BY 3 DESC, 2 DESC, 1
             LIMIT %(top)s
            """,  # noqa: S608 - fixed fragment, values are parameters
            params,
        )
        rows = cr.fetchall()
        products = self.env["product.product"].browse([r[0] for r in rows]).sudo()
        names = {p.id: p.display_name for p in products}
        hot_products = [
            {
                "id": pid,
                "name": names.get(pid, ""),
                "qty": float(qty),
                "revenue": currency.round(float(revenue)),
            }
            for pid, qty, revenue in rows
        ]
        # Shoppers by province and city of the delivery address.
        cr.execute(
            f"""
            SELECT ship.state_id, nullif(trim(ship.city), ''),
                   count(DISTINCT so.partner_id), count(*), sum(so.amount_total),
                   GROUPING(nullif(trim(ship.city), ''))
              FROM sale_order so
              JOIN res_partner ship ON ship.id = so.partner_shipping_id
             WHERE {paid_filter}
             GROUP BY GROUPING SETS (
                (ship.state_id), (ship.state_id, nullif(trim(ship.city), ''))
             )
            """,  # noqa: S608
            params,
        )
        geo = cr.fetchall()
        states = self.env["res.country.state"].browse({r[0] for r in geo if r[0]})
        state_names = {s.id: s.name for s in states.sudo()}
        unknown = self.env._("Unknown")

        def ranked(rows, name):
            items = [
                {
                    "state_id": state_id or False,
                    "name": name(state_id, city),
                    "shoppers": shoppers,
                    "orders": count,
                    "revenue": currency.round(float(amount)),
                }
                for state_id, city, shoppers, count, amount, _g in rows
            ]
            items.sort(key=lambda i: (-i["shoppers"], -i["revenue"], i["name"]))
            return items[:TOP]

        provinces = ranked(
            [r for r in geo if r[5]], lambda s, c: state_names.get(s, unknown)
        )
        cities = ranked(
            [r for r in geo if not r[5]],
            lambda s, c: " ".join(filter(None, [state_names.get(s), c])) or unknown,
        )
        # Channel attribution: the order's UTM source.
        cr.execute(
            f"""
            SELECT so.source_id, count(*), sum(so.amount_total)
              FROM sale_order so
             WHERE {paid_filter}
             GROUP BY so.source_id
             ORDER BY 3 DESC
            """,  # noqa: S608
            params,
        )
        rows = cr.fetchall()
        sources = self.env["utm.source"].browse([r[0] for r in rows if r[0]]).sudo()
        source_names = {s.id: s.name for s in sources}
        direct = self.env._("Direct")
        channels = [
            {
                "source_id": sid or False,
                "name": source_names.get(sid) or direct,
                "orders": count,
                "revenue": currency.round(float(amount)),
            }
            for sid, count, amount in rows
        ]
        # Group buys closed in the period.
        cr.execute(
            """
            SELECT count(*) FILTER (WHERE g.state = 'succeeded'),
                   count(*) FILTER (WHERE g.state = 'failed')
              FROM mall_groupbuy_group g
              JOIN mall_groupbuy_campaign c ON c.id = g.campaign_id
             WHERE g.closed_at >= %(start)s AND g.closed_at < %(end)s
               AND c.company_id = ANY(%(company_ids)s)
            """,
            params,
        )
        succeeded, failed = cr.fetchone()
        return {
            "hot_products": hot_products,
            "provinces": provinces,
            "cities": cities,
            "channels": channels,
            "groupbuy": {
                "succeeded": succeeded,
                "failed": failed,
                "success_rate": _ratio(succeeded, succeeded + failed),
            },
        }

    @api.model
    def _mall_dashboard_domains(self, start, end):
        start, end = fields.Datetime.to_string(start), fields.Datetime.to_string(end)
        paid = [
            ("mall_paid_at", ">=", start),
            ("mall_paid_at", "<", end),
            ("mall_payment_state", "in", list(PAID_STATES)),
        ]
        return {
            "orders": paid,
            "refunds": paid[:2] + [("mall_payment_state", "in", list(REFUNDED_STATES))],
            "members": [
                ("mall_is_shopper", "=", True),
                ("create_date", ">=", start),
                ("create_date", "<", end),
            ],
            "report": [("paid_at", ">=", start), ("paid_at", "<", end)],
        }
