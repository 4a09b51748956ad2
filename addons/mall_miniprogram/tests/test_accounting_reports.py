# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The accountant's reports over crafted data: payments by channel (fees
from matched bill lines, Huabei apart, refunds on their payment's channel
and shop), points and balance liabilities, revenue by shop."""

from odoo import Command, fields
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged


class AccountingReportSetup:
    @classmethod
    def _setup_shops(cls):
        env = cls.env
        cls.warehouse = env.ref("stock.warehouse0")
        cls.shop_a = env["mall.shop"].create(
            {"name": "会计测试甲店", "code": "ACCA", "warehouse_id": cls.warehouse.id}
        )
        cls.shop_b = env["mall.shop"].create(
            {"name": "会计测试乙店", "code": "ACCB", "warehouse_id": cls.warehouse.id}
        )
        cls.customer = env["res.partner"].create(
            {"name": "会计测试顾客", "mall_is_shopper": True}
        )
        cls.service = env["product.product"].create(
            {
                "name": "会计测试商品",
                "type": "service",
                "list_price": 100,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )

    @classmethod
    def _order(cls, shop, price=100.0, qty=1):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "mall_shop_id": shop.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.service.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                        }
                    )
                ],
            }
        )


@tagged("post_install", "-at_install")
class TestPaymentChannelReport(AccountingReportSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shops()
        env = cls.env
        cls.wechatpay = env.ref("mall_payment.payment_provider_wechatpay")
        cls.alipay = env.ref("mall_payment.payment_provider_alipay")
        cls.balance = env.ref("mall_payment.payment_provider_mall_balance")
        cls.order_a = cls._order(cls.shop_a)
        cls.order_b = cls._order(cls.shop_b)
        cls.seq = 0
        tx_wx = cls._tx(cls.wechatpay, 100.0, cls.order_a)
        tx_ali = cls._tx(cls.alipay, 50.0, cls.order_b)
        tx_hb = cls._tx(cls.alipay, 300.0, cls.order_a, alipay_installments=3)
        tx_wx_refund = cls._tx(
            cls.wechatpay,
            -30.0,
            None,
            operation="refund",
            source_transaction_id=tx_wx.id,
        )
        tx_hb_refund = cls._tx(
            cls.alipay,
            -100.0,
            None,
            operation="refund",
            source_transaction_id=tx_hb.id,
        )
        tx_bal = cls._tx(cls.balance, 20.0, cls.order_b)
        tx_pending = cls._tx(cls.wechatpay, 999.0, cls.order_a, state="pending")
        cls.txs = (
            tx_wx + tx_ali + tx_hb + tx_wx_refund + tx_hb_refund + tx_bal + tx_pending
        )
        bill_wx = env["mall.payment.bill"].create(
            {"provider_id": cls.wechatpay.id, "bill_date": "2019-03-01"}
        )
        bill_ali = env["mall.payment.bill"].create(
            {"provider_id": cls.alipay.id, "bill_date": "2019-03-01"}
        )
        env["mall.payment.bill.line"].create(
            [
                cls._bill_line(bill_wx, tx_wx, "payment", 100.0, 0.60),
                cls._bill_line(bill_wx, tx_wx_refund, "refund", 30.0, -0.18),
                cls._bill_line(bill_ali, tx_ali, "payment", 50.0, 0.30),
                cls._bill_line(bill_ali, tx_hb, "payment", 300.0, 4.50),
            ]
        )
        env.flush_all()

    @classmethod
    def _tx(cls, provider, amount, order, state="done", **values):
        cls.seq += 1
        method = provider.with_context(active_test=False).payment_method_ids[:1]
        return cls.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "reference": f"ACCRPT-{cls.seq}",
                "amount": amount,
                "currency_id": cls.env.company.currency_id.id,
                "partner_id": cls.customer.id,
                "state": state,
                "sale_order_ids": [Command.set(order.ids)] if order else [],
                **values,
            }
        )

    @staticmethod
    def _bill_line(bill, tx, kind, amount, fee):
        return {
            "bill_id": bill.id,
            "kind": kind,
            "reference": tx.reference,
            "amount": amount,
            "odoo_amount": amount,
            "fee": fee,
            "transaction_id": tx.id,
            "in_bill": True,
            "match_state": "matched",
        }

    def _by(self, groupby):
        Report = self.env["mall.payment.channel.report"]
        groups = Report.read_group(
            [("transaction_id", "in", self.txs.ids)],
            [
                "amount_paid:sum",
                "amount_refunded:sum",
                "fee:sum",
                "amount_net:sum",
                "transaction_count:sum",
            ],
            [groupby],
        )
        return {
            g[groupby][0] if isinstance(g[groupby], tuple) else g[groupby]: (
                round(g["amount_paid"], 2),
                round(g["amount_refunded"], 2),
                round(g["fee"], 2),
                round(g["amount_net"], 2),
                g["transaction_count"],
            )
            for g in groups
        }

    def test_by_channel(self):
        self.assertEqual(
            self._by("channel"),
            {
                # 100 paid, 30 refunded, fees 0.60 - 0.18
                "wechatpay": (100.0, 30.0, 0.42, 69.58, 2),
                "alipay": (50.0, 0.0, 0.30, 49.70, 1),
                # paid in instalments: its own channel, its refund too
                "huabei": (300.0, 100.0, 4.50, 195.50, 2),
                "balance": (20.0, 0.0, 0.0, 20.0, 1),
            },
        )

    def test_by_shop(self):
        # Refunds are on the shop of the payment they refund.
        self.assertEqual(
            self._by("shop_id"),
            {
                self.shop_a.id: (400.0, 130.0, 4.92, 265.08, 4),
                self.shop_b.id: (70.0, 0.0, 0.30, 69.70, 2),
            },
        )

    def test_export(self):
        rows = (
            self.env["mall.payment.channel.report"]
            .search([("transaction_id", "in", self.txs.ids)], order="id")
            .export_data(["channel", "kind", "shop_id/name", "amount_net", "fee"])[
                "datas"
            ]
        )
        self.assertEqual(len(rows), 6)
        self.assertEqual(rows[0][2:], ["会计测试甲店", 99.4, 0.6])

    def test_by_kind(self):
        by_kind = self._by("kind")
        self.assertEqual(by_kind["payment"][0], 470.0)
        self.assertEqual(by_kind["refund"][1], 130.0)
        self.assertEqual(by_kind["refund"][4], 2)


@tagged("post_install", "-at_install")
class TestLiabilityReport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.ann = env["res.partner"].create({"name": "积分顾客甲"})
        cls.bob = env["res.partner"].create({"name": "积分顾客乙"})
        cls.points = env["loyalty.program"].create(
            {"name": "会计测试积分", "program_type": "loyalty", "trigger": "auto"}
        )
        cls.points.reward_ids = [
            Command.clear(),
            Command.create(
                {
                    "reward_type": "discount",
                    "discount_mode": "per_point",
                    "discount": 0.01,
                    "discount_applicability": "order",
                    "required_points": 100,
                }
            ),
        ]
        cls.wallet = env["loyalty.program"].create(
            {"name": "会计测试余额", "program_type": "ewallet", "trigger": "auto"}
        )
        Card = env["loyalty.card"]
        Card.create(
            [
                {"program_id": cls.points.id, "partner_id": cls.ann.id, "points": 1500},
                {"program_id": cls.points.id, "partner_id": cls.bob.id, "points": 250},
                {"program_id": cls.wallet.id, "partner_id": cls.ann.id, "points": 88.5},
                {"program_id": cls.wallet.id, "partner_id": cls.bob.id, "points": 0},
            ]
        )
        cls.programs = cls.points + cls.wallet
        env.flush_all()

    def _rows(self):
        rows = self.env["mall.liability.report"].search(
            [("program_id", "in", self.programs.ids)]
        )
        return {(r.partner_id, r.kind): (r.points, r.value) for r in rows}

    def test_per_shopper(self):
        self.assertEqual(
            self._rows(),
            {
                (self.ann, "points"): (1500, 15.0),
                (self.bob, "points"): (250, 2.5),
                (self.ann, "balance"): (88.5, 88.5),
            },
        )

    def test_totals(self):
        groups = self.env["mall.liability.report"].read_group(
            [("program_id", "in", self.programs.ids)],
            ["points:sum", "value:sum"],
            ["kind"],
        )
        totals = {g["kind"]: (g["points"], g["value"]) for g in groups}
        self.assertEqual(totals, {"points": (1750, 17.5), "balance": (88.5, 88.5)})

    def test_points_without_value(self):
        self.points.reward_ids.discount_mode = "percent"
        self.env.flush_all()
        self.assertEqual(self._rows()[(self.ann, "points")], (1500, 0.0))


@tagged("post_install", "-at_install")
class TestShopRevenueReport(AccountingReportSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shops()
        orders = cls._order(cls.shop_a, price=100, qty=2)
        orders += cls._order(cls.shop_a, price=35.5)
        orders += cls._order(cls.shop_b, price=50)
        orders.action_confirm()
        cls.invoices = orders._create_invoices(grouped=True)
        cls.invoices.action_post()
        # Shop B's invoice credited back in full.
        invoice_b = cls.invoices.filtered(
            lambda m: (
                m.invoice_line_ids.sale_line_ids.order_id.mall_shop_id == cls.shop_b
            )
        )
        assert len(invoice_b) == 1, invoice_b
        cls.credit = invoice_b._reverse_moves(
            [{"invoice_date": fields.Date.today()}], cancel=True
        )
        # A draft invoice does not count.
        draft = cls._order(cls.shop_b, price=999)
        draft.action_confirm()
        cls.draft = draft._create_invoices()
        cls.env.flush_all()

    def test_revenue_by_shop(self):
        moves = self.invoices + self.credit + self.draft
        groups = self.env["mall.shop.revenue.report"].read_group(
            [("move_id", "in", moves.ids)], ["revenue:sum"], ["shop_id"]
        )
        revenue = {g["shop_id"][0]: g["revenue"] for g in groups}
        self.assertEqual(revenue, {self.shop_a.id: 235.5, self.shop_b.id: 0.0})

    def test_credit_note_rows(self):
        rows = self.env["mall.shop.revenue.report"].search(
            [("move_id", "=", self.credit.id)]
        )
        self.assertEqual(rows.mapped("revenue"), [-50.0])
        self.assertEqual(rows.shop_id, self.shop_b)
        self.assertEqual(rows.move_type, "out_refund")


@tagged("post_install", "-at_install")
class TestReconciliationTour(HttpCase):
    def test_accountant_reconciliation_tour(self):
        env = self.env
        provider = env.ref("mall_payment.payment_provider_wechatpay")
        bill = env["mall.payment.bill"].create(
            {"provider_id": provider.id, "bill_date": "2019-04-02"}
        )
        env["mall.payment.bill.line"].create(
            [
                {
                    "bill_id": bill.id,
                    "kind": "payment",
                    "reference": "TOURREF-OK",
                    "amount": 10.0,
                    "odoo_amount": 10.0,
                    "fee": 0.06,
                    "in_bill": True,
                    "match_state": "matched",
                },
                {
                    "bill_id": bill.id,
                    "kind": "payment",
                    "reference": "TOURREF-DIFF",
                    "amount": 12.0,
                    "odoo_amount": 11.5,
                    "fee": 0.07,
                    "in_bill": True,
                    "match_state": "amount_mismatch",
                },
            ]
        )
        env["res.lang"]._activate_lang("zh_CN")
        # An accountant with the full accounting features, working in Chinese.
        new_test_user(
            env,
            login="mall_accountant",
            groups="base.group_user,account.group_account_manager,"
            "account.group_account_user",
            lang="zh_CN",
        )
        self.start_tour(
            "/odoo", "mall_accountant_reconciliation_tour", login="mall_accountant"
        )
