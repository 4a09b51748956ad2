# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

# 20:00 in Shanghai: "today" runs from 2031-03-09 16:00 to 2031-03-10 16:00 UTC.
NOW = datetime(2031, 3, 10, 12, 0)


class DashboardData:
    """Crafted shoppers, addresses, products and paid orders."""

    @classmethod
    def _dashboard_setup(cls, env):
        cn = env.ref("base.cn")
        State = env["res.country.state"]
        cls.guangdong = State.search(
            [("country_id", "=", cn.id), ("code", "=", "粤")], limit=1
        )
        cls.zhejiang = State.search(
            [("country_id", "=", cn.id), ("code", "=", "浙")], limit=1
        )
        Partner = env["res.partner"]
        cls.shoppers = {}
        cls.addresses = {}
        for key, state, city in (
            ("a", cls.guangdong, "广州"),
            ("b", cls.zhejiang, "杭州"),
            ("c", cls.guangdong, "深圳"),
            ("d", cls.zhejiang, "宁波"),
        ):
            shopper = Partner.create(
                {"name": f"看板顾客{key}", "mall_is_shopper": True}
            )
            cls.shoppers[key] = shopper
            cls.addresses[key] = Partner.create(
                {
                    "name": f"收货人{key}",
                    "type": "delivery",
                    "parent_id": shopper.id,
                    "country_id": cn.id,
                    "state_id": state.id,
                    "city": city,
                }
            )
        Product = env["product.product"]
        cls.p1 = Product.create(
            {"name": "看板连衣裙", "list_price": 50, "taxes_id": False}
        )
        cls.p2 = Product.create(
            {"name": "看板围巾", "list_price": 60, "taxes_id": False}
        )
        cls.source = env["utm.source"].create({"name": "看板海报"})

    @classmethod
    def _paid_order(cls, shopper, lines, paid_at, payment="paid", source=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.shoppers[shopper].id,
                "partner_shipping_id": cls.addresses[shopper].id,
                "order_line": [
                    (0, 0, {"product_id": p.id, "product_uom_qty": q, "price_unit": u})
                    for p, q, u in lines
                ],
            }
        )
        order.flush_recordset()
        cls.env.cr.execute(
            """UPDATE sale_order SET mall_payment_state = %s, mall_paid_at = %s,
                      source_id = %s WHERE id = %s""",
            (payment, paid_at, source.id if source else None, order.id),
        )
        order.invalidate_recordset()
        return order


@tagged("post_install", "-at_install")
class TestDashboard(DashboardData, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls._dashboard_setup(cls.env)
        day = timedelta(days=1)
        # Today (Shanghai): A twice (one refunded), B, C just after midnight.
        cls._paid_order(
            "a", [(cls.p1, 2, 50)], NOW - timedelta(hours=10), source=cls.source
        )
        cls._paid_order("a", [(cls.p2, 1, 60)], NOW - timedelta(hours=2), "refunded")
        cls._paid_order(
            "b", [(cls.p1, 1, 30.5)], NOW - timedelta(hours=7), source=cls.source
        )
        cls._paid_order("c", [(cls.p2, 1, 20)], datetime(2031, 3, 9, 17, 0))
        # Yesterday (Shanghai) and three days ago.
        cls._paid_order("c", [(cls.p1, 1, 80)], datetime(2031, 3, 9, 12, 0))
        cls._paid_order("d", [(cls.p2, 2, 45)], NOW - 3 * day)
        # Not counted: unpaid, and paid tomorrow in Shanghai.
        unpaid = cls._paid_order("b", [(cls.p1, 5, 50)], NOW, "unpaid")
        unpaid.mall_paid_at = False
        cls._paid_order("b", [(cls.p1, 5, 50)], datetime(2031, 3, 10, 16, 30))
        # Visitors today: the four shoppers, A on two products.
        today, yesterday = date(2031, 3, 10), date(2031, 3, 9)
        Footprint = cls.env["mall.footprint"]
        for key, template, day_ in (
            ("a", cls.p1, today),
            ("a", cls.p2, today),
            ("b", cls.p1, today),
            ("c", cls.p1, today),
            ("d", cls.p2, today),
            ("c", cls.p2, yesterday),
            ("d", cls.p2, yesterday),
        ):
            Footprint.create(
                {
                    "partner_id": cls.shoppers[key].id,
                    "product_tmpl_id": template.product_tmpl_id.id,
                    "day": day_,
                    "viewed_at": datetime.combine(day_, datetime.min.time()),
                }
            )
        # New members: A and B today, C yesterday, D long ago.
        for key, created in (
            ("a", NOW - timedelta(hours=1)),
            ("b", NOW - timedelta(hours=1)),
            ("c", NOW - day),
            ("d", NOW - 60 * day),
        ):
            cls.env.cr.execute(
                "UPDATE res_partner SET create_date = %s WHERE id = %s",
                (created, cls.shoppers[key].id),
            )
        # Group buys closed today: two succeeded, one failed.
        campaign = cls.env["mall.groupbuy.campaign"].create(
            {
                "name": "看板拼团",
                "product_tmpl_id": cls.p1.product_tmpl_id.id,
                "group_price": 30,
                "date_start": NOW - 30 * day,
                "date_end": NOW + 30 * day,
            }
        )
        groups = cls.env["mall.groupbuy.group"].create(
            [
                {
                    "campaign_id": campaign.id,
                    "leader_id": cls.shoppers[key].id,
                    "group_size": 3,
                }
                for key in "abc"
            ]
        )
        groups.flush_recordset()
        cls.env.cr.execute(
            """UPDATE mall_groupbuy_group SET closed_at = %s,
                      state = CASE WHEN id = %s THEN 'failed' ELSE 'succeeded' END
                WHERE id = ANY(%s)""",
            (NOW - timedelta(hours=3), groups[0].id, groups.ids),
        )
        cls.env.invalidate_all()
        cls.user = new_test_user(
            cls.env,
            login="dashboard_user",
            groups="base.group_user,mall_catalog.group_mall_user",
            tz="Asia/Shanghai",
        )
        cls.Dashboard = cls.env["mall.dashboard"].with_user(cls.user)

    def _data(self, period):
        return self.Dashboard._mall_dashboard_data(period, now=NOW)

    def test_today_kpis(self):
        kpis = self._data("today")["kpis"]
        values = {key: kpi["value"] for key, kpi in kpis.items()}
        self.assertEqual(
            values,
            {
                "gmv": 210.5,
                "orders": 4,
                "shoppers": 3,
                "aov": 52.63,
                "conversion": 0.75,
                "visitors": 4,
                "new_members": 2,
                "repurchase_rate": 0.3333,
                "refund_rate": 0.25,
            },
        )

    def test_period_comparison(self):
        kpis = self._data("today")["kpis"]
        self.assertEqual(kpis["gmv"]["previous"], 80.0)
        self.assertEqual(kpis["orders"]["previous"], 1)
        self.assertAlmostEqual(kpis["gmv"]["change"], 1.6312, places=3)
        self.assertEqual(kpis["orders"]["change"], 3.0)
        self.assertEqual(kpis["new_members"]["previous"], 1)
        self.assertEqual(kpis["conversion"]["previous"], 0.5)
        self.assertEqual(kpis["refund_rate"]["previous"], 0.0)
        self.assertIsNone(kpis["refund_rate"]["change"])
        week = self._data("7d")["kpis"]
        self.assertEqual(week["orders"]["value"], 6)
        self.assertEqual(week["gmv"]["value"], 380.5)
        self.assertEqual(week["shoppers"]["value"], 4)
        self.assertEqual(week["repurchase_rate"]["value"], 0.5)
        self.assertEqual(week["orders"]["previous"], 0)

    def test_rankings(self):
        data = self._data("today")
        self.assertEqual(
            [(p["name"], p["qty"], p["revenue"]) for p in data["hot_products"]],
            [("看板连衣裙", 3.0, 130.5), ("看板围巾", 2.0, 80.0)],
        )
        self.assertEqual(
            [
                (p["state_id"], p["shoppers"], p["orders"], p["revenue"])
                for p in data["provinces"]
            ],
            [(self.guangdong.id, 2, 3, 180.0), (self.zhejiang.id, 1, 1, 30.5)],
        )
        self.assertEqual(
            [c["name"] for c in data["cities"]],
            [
                f"{self.guangdong.name} 广州",
                f"{self.zhejiang.name} 杭州",
                f"{self.guangdong.name} 深圳",
            ],
        )
        self.assertEqual(
            [(c["source_id"], c["orders"], c["revenue"]) for c in data["channels"]],
            [(self.source.id, 2, 130.5), (False, 2, 80.0)],
        )
        self.assertEqual(
            data["groupbuy"], {"succeeded": 2, "failed": 1, "success_rate": 0.6667}
        )

    def test_domains_open_the_counted_orders(self):
        domains = self._data("today")["domains"]
        orders = self.env["sale.order"].search(domains["orders"])
        self.assertEqual(len(orders), 4)
        self.assertEqual(sum(orders.mapped("amount_total")), 210.5)
        self.assertEqual(len(self.env["sale.order"].search(domains["refunds"])), 1)
        report = self.env["mall.sales.report"].with_user(self.user)
        groups = report._read_group(
            domains["report"], ["state_id"], ["amount_total:sum"]
        )
        self.assertEqual(
            dict((s.id, a) for s, a in groups),
            {self.guangdong.id: 180.0, self.zhejiang.id: 30.5},
        )

    def test_bad_period_and_access(self):
        with self.assertRaises(UserError):
            self._data("year")
        outsider = new_test_user(self.env, login="not_mall", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["mall.dashboard"].with_user(outsider).get_dashboard_data("today")


@tagged("post_install", "-at_install")
class TestDashboardTour(DashboardData, HttpCase):
    def test_read_the_dashboard(self):
        self._dashboard_setup(self.env)
        now = fields.Datetime.now()
        # Two orders just now, one ten days ago: 2 today, 3 in 30 days.
        self._paid_order("a", [(self.p1, 2, 50)], now - timedelta(seconds=2))
        self._paid_order("b", [(self.p2, 1, 60)], now - timedelta(seconds=1))
        self._paid_order("c", [(self.p2, 1, 60)], now - timedelta(days=10))
        self.start_tour(
            "/odoo/action-mall_miniprogram.mall_dashboard_action",
            "mall_dashboard_tour",
            login="admin",
        )
