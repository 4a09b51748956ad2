# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.mall_groupbuy.models.mall_commission import (
    EXPENSE_ACCOUNT,
    PAYABLE_ACCOUNT,
)
from odoo.addons.mall_payment.tests.common import (
    create_balance_program,
    enable_balance_provider,
)

from .common import MallApiCommon
from .test_aftersale import AftersaleSetup

SETTINGS = {
    "mall_distribution_enabled": True,
    "mall_distribution_mode": "open",
    "mall_distribution_levels": "2",
    "mall_distribution_rate_1": 10,
    "mall_distribution_rate_2": 5,
    "mall_distribution_binding_days": 30,
    "mall_distribution_aftersale_days": 7,
    "mall_distribution_min_withdrawal": 10,
}


@tagged("post_install", "-at_install")
class TestDistributionApi(AftersaleSetup, MallApiCommon):
    """分销: binding through share codes, commission on paid orders at one or
    two levels, reversal on refunds, withdrawals approved in the back office
    with their journal entries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.env.company.write(SETTINGS)
        cls._setup_aftersale()
        Partner = cls.env["res.partner"]
        cls.upline = Partner.create(
            {"name": "王上级", "mall_is_shopper": True, "phone": "13900000001"}
        )
        cls.promoter_partner = Partner.create(
            {"name": "李推广", "mall_is_shopper": True, "phone": "13900000002"}
        )
        cls.buyer.phone = "13900000003"
        cls.stranger = Partner.create(
            {"name": "赵路人", "mall_is_shopper": True, "phone": "13900000004"}
        )
        cls.company = cls.env.company
        cls.program = create_balance_program(cls.env, cls.company.currency_id)
        enable_balance_provider(cls.env, cls.program)

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.tokens = {
            partner: Token._issue(partner, "weixin")
            for partner in (
                self.upline,
                self.promoter_partner,
                self.buyer,
                self.stranger,
            )
        }

    def call(self, partner, method, path, body=None, expect=None):
        status, data, _response = self.api(
            method, path, token=self.tokens[partner], json_body=body
        )
        if expect:
            self.assertEqual(status, expect, data)
        else:
            self.assertLess(status, 300, data)
        return data.get("data") if status < 300 else data["error"]

    def _become_promoter(self, partner):
        data = self.call(partner, "POST", "/distribution/promoter")
        self.assertEqual(data["state"], "active")
        return data["code"]

    def _bind(self, partner, code, expect=None):
        return self.call(
            partner, "POST", "/distribution/bindings", {"code": code}, expect=expect
        )

    def _team(self):
        """upline <- promoter <- buyer, through the API."""
        upline_code = self._become_promoter(self.upline)
        code = self._become_promoter(self.promoter_partner)
        self.assertTrue(self._bind(self.promoter_partner, upline_code)["new"])
        self.assertTrue(self._bind(self.buyer, code)["new"])
        Promoter = self.env["mall.promoter"]
        return Promoter._mall_of(self.upline), Promoter._mall_of(self.promoter_partner)

    def _lines(self, move):
        return sorted(
            (line.account_id, line.debit, line.credit) for line in move.line_ids
        )

    def _account(self, spec):
        return self.env["mall.commission"]._mall_account(self.company, spec)

    # ------------------------------------------------------------------
    def test_binding_first_touch_expiry_self_and_cycle(self):
        upline, promoter = self._team()
        upline_code, code = upline.code, promoter.code
        # First touch wins: a second code changes nothing.
        data = self._bind(self.buyer, upline_code)
        self.assertEqual(
            (data["bound"], data["new"], data["promoter"]), (True, False, "李**")
        )
        self.assertEqual(self.buyer.mall_promoter_bound_id, promoter)
        self.assertTrue(data["expires_at"])
        # No self-binding, by account or by phone number.
        error = self._bind(self.promoter_partner, code, expect=409)
        self.assertEqual(error["details"][0]["type"], "self_referral")
        twin = self.env["res.partner"].create(
            {"name": "李推广小号", "mall_is_shopper": True, "phone": "13900000002"}
        )
        self.tokens[twin] = self.env["mall.shopper.token"]._issue(twin, "weixin")
        error = self._bind(twin, code, expect=409)
        self.assertEqual(error["details"][0]["type"], "self_referral")
        # No cycle: the upline cannot bind to the promoter it brought.
        self.upline.mall_promoter_bound_id = False
        error = self._bind(self.upline, code, expect=409)
        self.assertEqual(error["details"][0]["type"], "cycle")
        self.assertFalse(self.upline.mall_promoter_bound_id)
        self._bind(self.stranger, "NOSUCHCODE", expect=404)
        # The binding lapses after 30 days: the next code wins.
        self.buyer.mall_promoter_bound_at = fields.Datetime.now() - timedelta(days=31)
        self.assertTrue(self._bind(self.buyer, upline_code)["new"])
        self.assertEqual(self.buyer.mall_promoter_bound_id, upline)
        # A frozen promoter binds nobody, and its bindings are ignored.
        upline.action_freeze()
        error = self._bind(self.stranger, upline_code, expect=409)
        self.assertEqual(error["details"][0]["type"], "promoter_inactive")
        self.assertFalse(self.call(self.buyer, "GET", "/distribution/me")["code"])
        self.assertFalse(self.env["mall.promoter"]._mall_bound_promoter(self.buyer))
        # The centre counts the team.
        me = self.call(self.promoter_partner, "GET", "/distribution/me")
        self.assertEqual(me["team_level_1"], 0)

    def test_accrual_two_levels_rates_and_refund_reversal(self):
        upline, promoter = self._team()
        order = self._paid_order(self.buyer, qty=3)  # 300.00
        lines = order.mall_commission_ids.sorted("level")
        self.assertEqual(
            [(c.promoter_id, c.level, c.amount, c.state) for c in lines],
            [(promoter, "1", 30.0, "pending"), (upline, "2", 15.0, "pending")],
        )
        expense, payable = (
            self._account(EXPENSE_ACCOUNT),
            self._account(PAYABLE_ACCOUNT),
        )
        self.assertEqual(expense.account_type, "expense")
        self.assertEqual(payable.account_type, "liability_current")
        self.assertEqual(
            self._lines(lines[0].move_id),
            sorted([(expense, 30.0, 0.0), (payable, 0.0, 30.0)]),
        )
        self.assertEqual(lines[0].move_id.journal_id.code, "COMM")
        self.assertEqual(lines[0].move_id.state, "posted")
        # Paid again: nothing twice.
        self.env["mall.commission"]._mall_accrue(order)
        self.assertEqual(len(order.mall_commission_ids), 2)

        # A partial refund of 100 takes back a third, pending like the rest.
        aftersale = self._request(order, qty=1, amount=100)
        aftersale.action_approve()
        aftersale.action_refund()
        reversals = order.mall_commission_ids.filtered(lambda c: c.kind == "reversal")
        self.assertEqual(
            sorted(reversals.mapped("amount")), [-10.0, -5.0], reversals.mapped("name")
        )
        self.assertEqual(set(reversals.mapped("state")), {"pending"})
        level1 = reversals.filtered(lambda c: c.level == "1")
        self.assertEqual(
            self._lines(level1.move_id),
            sorted([(payable, 10.0, 0.0), (expense, 0.0, 10.0)]),
        )
        me = self.call(self.promoter_partner, "GET", "/distribution/me")
        self.assertEqual((me["pending"], me["withdrawable"]), ("20.00", "0.00"))
        data = self.call(self.promoter_partner, "GET", "/distribution/commissions")
        self.assertEqual(data[0]["amount"], "-10.00")
        self.assertEqual(data[0]["kind"], "reversal")
        self.assertEqual(data[1]["buyer"], "售**")
        team = self.call(self.upline, "GET", "/distribution/team?level=2")
        self.assertEqual([(m["name"], m["order_count"]) for m in team], [("售**", 1)])

        # Shop category rates (inherited from the parent), then the product's.
        parent = self.env["mall.category"].create(
            {
                "name": "分销测试大类",
                "mall_commission_custom": True,
                "mall_commission_rate_1": 20,
                "mall_commission_rate_2": 2,
            }
        )
        child = self.env["mall.category"].create(
            {"name": "分销测试小类", "parent_id": parent.id}
        )
        template = self.product.product_tmpl_id
        template.mall_category_id = child
        order = self._paid_order(self.buyer, qty=1, deliver=False)
        self.assertEqual(
            order.mall_commission_ids.sorted("level").mapped("amount"), [20.0, 2.0]
        )
        template.write(
            {
                "mall_commission_custom": True,
                "mall_commission_rate_1": 8,
                "mall_commission_rate_2": 0,
            }
        )
        order = self._paid_order(self.buyer, qty=1, deliver=False)
        self.assertEqual(order.mall_commission_ids.mapped("amount"), [8.0])

        # One level only: the upline earns nothing.
        self.company.mall_distribution_levels = "1"
        order = self._paid_order(self.buyer, qty=1, deliver=False)
        self.assertEqual(order.mall_commission_ids.promoter_id, promoter)

    def test_self_purchase_and_frozen_promoter_earn_nothing(self):
        upline, promoter = self._team()
        # The promoter buys: its upline earns at level 1 (the promoter is
        # bound to it), the promoter itself nothing.
        order = self._paid_order(self.promoter_partner, qty=1, deliver=False)
        self.assertEqual(order.mall_commission_ids.promoter_id, upline)
        self.assertEqual(order.mall_commission_ids.level, "1")
        promoter.action_freeze()
        order = self._paid_order(self.buyer, qty=1, deliver=False)
        self.assertFalse(order.mall_commission_ids)

    def test_window_risk_hold_and_refund_after_release(self):
        __, promoter = self._team()
        order = self._paid_order(self.buyer, qty=3)
        Commission = self.env["mall.commission"]
        # Not received yet: the after-sales window has not opened.
        Commission._cron_release()
        self.assertEqual(set(order.mall_commission_ids.mapped("state")), {"pending"})
        order.mall_received_at = fields.Datetime.now() - timedelta(days=8)
        # Held by the risk review: still nothing.
        order.mall_risk_hold = True
        Commission._cron_release()
        self.assertEqual(set(order.mall_commission_ids.mapped("state")), {"pending"})
        order.mall_risk_hold = False
        Commission._cron_release()
        self.assertEqual(
            set(order.mall_commission_ids.mapped("state")), {"withdrawable"}
        )
        me = self.call(self.promoter_partner, "GET", "/distribution/me")
        self.assertEqual((me["pending"], me["withdrawable"]), ("0.00", "30.00"))
        # Refunded after the window: a negative adjustment, withdrawable.
        aftersale = self._request(order, qty=3, amount=300)
        aftersale.action_approve()
        aftersale.action_refund()
        level1 = order.mall_commission_ids.filtered(
            lambda c: c.kind == "reversal" and c.promoter_id == promoter
        )
        self.assertEqual((level1.amount, level1.state), (-30.0, "withdrawable"))
        me = self.call(self.promoter_partner, "GET", "/distribution/me")
        self.assertEqual(me["withdrawable"], "0.00")

    def _withdrawable(self, qty=3):
        __, promoter = self._team()
        order = self._paid_order(self.buyer, qty=qty)
        order.mall_received_at = fields.Datetime.now() - timedelta(days=8)
        self.env["mall.commission"]._cron_release()
        return promoter, order

    def test_withdrawal_to_balance_with_accounting(self):
        promoter, order = self._withdrawable()  # 30.00 withdrawable
        path = "/distribution/withdrawals"
        for amount, reason in (
            ("5.00", "below_minimum"),
            ("30.01", "above_withdrawable"),
        ):
            error = self.call(
                self.promoter_partner, "POST", path, {"amount": amount}, expect=409
            )
            self.assertEqual(error["details"][0]["type"], reason)
        self.call(self.promoter_partner, "POST", path, {"amount": "-1"}, expect=422)
        data = self.call(
            self.promoter_partner, "POST", path, {"amount": "20.00"}, expect=201
        )
        self.assertEqual((data["state"], data["method"]), ("requested", "balance"))
        me = self.call(self.promoter_partner, "GET", "/distribution/me")
        self.assertEqual((me["withdrawable"], me["in_review"]), ("10.00", "20.00"))
        error = self.call(
            self.promoter_partner, "POST", path, {"amount": "20.00"}, expect=409
        )
        self.assertEqual(error["details"][0]["type"], "above_withdrawable")

        withdrawal = self.env["mall.commission.withdrawal"].browse(data["id"])
        withdrawal.action_approve()
        self.assertEqual(withdrawal.state, "paid")
        card = self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.program.id),
                ("partner_id", "=", self.promoter_partner.id),
            ]
        )
        self.assertEqual(card.points, 20.0)
        self.assertEqual(withdrawal.history_id.card_id, card)
        self.assertEqual(withdrawal.history_id.issued, 20.0)
        balance_account = self.env["payment.provider"]._mall_balance_account(
            self.company
        )
        self.assertEqual(
            self._lines(withdrawal.move_id),
            sorted(
                [
                    (self._account(PAYABLE_ACCOUNT), 20.0, 0.0),
                    (balance_account, 0.0, 20.0),
                ]
            ),
        )
        me = self.call(self.promoter_partner, "GET", "/distribution/me")
        self.assertEqual((me["withdrawable"], me["withdrawn"]), ("10.00", "20.00"))
        level1 = order.mall_commission_ids.filtered(lambda c: c.level == "1")
        self.assertEqual(level1.state, "withdrawable")  # 20 of its 30 paid out
        with self.assertRaises(UserError):
            withdrawal.action_approve()

        # The rest: the commission is fully withdrawn.
        data = self.call(
            self.promoter_partner, "POST", path, {"amount": "10.00"}, expect=201
        )
        self.env["mall.commission.withdrawal"].browse(data["id"]).action_approve()
        self.assertEqual(level1.state, "withdrawn")
        self.assertEqual(card.points, 30.0)
        listed = self.call(self.promoter_partner, "GET", path)
        self.assertEqual([w["state"] for w in listed], ["paid", "paid"])

    def test_withdrawal_to_wechatpay_reject_then_pay(self):
        self._withdrawable()
        path = "/distribution/withdrawals"
        body = {"amount": "12.00", "method": "wechatpay"}
        data = self.call(self.promoter_partner, "POST", path, body, expect=201)
        Withdrawal = self.env["mall.commission.withdrawal"]
        withdrawal = Withdrawal.browse(data["id"])
        with self.assertRaisesRegex(UserError, "reason"):
            withdrawal.action_reject()
        withdrawal.reject_reason = "资料不全"
        withdrawal.action_reject()
        me = self.call(self.promoter_partner, "GET", "/distribution/me")
        self.assertEqual(me["withdrawable"], "30.00")

        data = self.call(self.promoter_partner, "POST", path, body, expect=201)
        withdrawal = Withdrawal.browse(data["id"])
        withdrawal.action_approve()
        self.assertEqual(withdrawal.state, "approved")
        self.assertFalse(withdrawal.move_id)
        withdrawal.action_mark_paid()
        self.assertEqual(withdrawal.state, "paid")
        journal = self.env["payment.provider"]._mall_journal_for(
            "wechatpay", self.company
        )
        self.assertEqual(withdrawal.move_id.journal_id, journal)
        self.assertEqual(
            self._lines(withdrawal.move_id),
            sorted(
                [
                    (self._account(PAYABLE_ACCOUNT), 12.0, 0.0),
                    (journal.default_account_id, 0.0, 12.0),
                ]
            ),
        )

    def test_application_and_spend_modes(self):
        self.company.mall_distribution_mode = "application"
        data = self.call(self.stranger, "POST", "/distribution/promoter")
        self.assertEqual((data["state"], data["code"]), ("applied", None))
        promoter = self.env["mall.promoter"]._mall_of(self.stranger)
        promoter.action_approve()
        data = self.call(self.stranger, "GET", "/distribution/me")
        self.assertEqual(data["state"], "active")
        self.assertIn(promoter.code, data["share_path"])

        self.company.write(
            {
                "mall_distribution_mode": "spend",
                "mall_distribution_spend_threshold": 150,
            }
        )
        error = self.call(self.buyer, "POST", "/distribution/promoter", expect=409)
        self.assertEqual(error["details"][0]["type"], "spend_threshold")
        self._paid_order(self.buyer, qty=2, deliver=False)
        self.assertEqual(
            self.call(self.buyer, "POST", "/distribution/promoter")["state"], "active"
        )
        self.company.mall_distribution_enabled = False
        self.call(self.upline, "POST", "/distribution/promoter", expect=404)

    def test_accrual_failure_never_stops_the_payment(self):
        self._team()
        with (
            patch.object(
                type(self.env["mall.commission"]),
                "_mall_accrue",
                side_effect=RuntimeError("boom"),
            ),
            self.assertLogs(
                "odoo.addons.mall_groupbuy.models.sale_order", level="ERROR"
            ),
        ):
            order = self._paid_order(self.buyer, qty=1, deliver=False)
        self.assertEqual(order.mall_payment_state, "paid")
        self.assertFalse(order.mall_commission_ids)

    def test_another_shopper_sees_nothing(self):
        upline, promoter = self._team()
        self._paid_order(self.buyer, qty=3)
        # Not a promoter: nothing to list, nothing to withdraw.
        for path in (
            "/distribution/team",
            "/distribution/commissions",
            "/distribution/withdrawals",
        ):
            self.call(self.stranger, "GET", path, expect=404)
        self.call(
            self.stranger,
            "POST",
            "/distribution/withdrawals",
            {"amount": "10.00"},
            expect=404,
        )
        me = self.call(self.stranger, "GET", "/distribution/me")
        self.assertEqual((me["state"], me["pending"]), ("none", "0.00"))
        # The upline sees its own level-2 commission, never the promoter's.
        data = self.call(self.upline, "GET", "/distribution/commissions")
        self.assertEqual([(c["level"], c["amount"]) for c in data], [(2, "15.00")])
        self.assertEqual(self.call(self.upline, "GET", "/distribution/withdrawals"), [])
        team = self.call(self.upline, "GET", "/distribution/team")
        self.assertEqual([m["name"] for m in team], ["李**"])
        # The buyer's binding is its own: another shopper's code cannot move it.
        self._bind(self.buyer, upline.code)
        self.assertEqual(self.buyer.mall_promoter_bound_id, promoter)
        me = self.call(self.buyer, "GET", "/distribution/me")
        self.assertEqual(me["withdrawable"], "0.00")
