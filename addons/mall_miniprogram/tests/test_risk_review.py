# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Anti-fraud (防刷单): orders scored by the rules, shoppers frozen, reviewed."""

from decimal import Decimal

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.mall_miniprogram.tools import risk

DEVICE = "device-script-01"
STREET = "南京路 100 号"


class RiskReviewCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The assertions read the English log lines, whatever the database
        # language (bin/test loads Chinese).
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.product = cls.env["product.product"].create(
            {"name": "秒杀商品", "list_price": 10.0, "type": "consu", "taxes_id": False}
        )
        cls.manager = new_test_user(
            cls.env,
            login="risk_manager",
            name="风控管理员",
            groups="base.group_user,mall_catalog.group_mall_manager",
        )
        cls.clerk = new_test_user(
            cls.env,
            login="risk_clerk",
            name="客服",
            groups="base.group_user,mall_catalog.group_mall_user",
        )
        cls.Token = cls.env["mall.shopper.token"]
        cls.Assessment = cls.env["mall.risk.assessment"]

    # Helpers -----------------------------------------------------------
    @classmethod
    def _shopper(cls, name):
        return cls.env["res.partner"].create({"name": name, "mall_is_shopper": True})

    @classmethod
    def _sign_in(cls, shopper, device):
        """A session of ``shopper`` on ``device``; returns the token."""
        token = cls.Token._issue(shopper, "weixin")
        cls.Token._find_valid(token).write({"device_id": device})
        return token

    @classmethod
    def _address(cls, shopper, street=STREET):
        return cls.env["res.partner"].create(
            {
                "name": shopper.name,
                "type": "delivery",
                "parent_id": shopper.id,
                "street": street,
                "city": "上海",
                "country_id": cls.env.ref("base.cn").id,
            }
        )

    @classmethod
    def _order(cls, shopper, qty=1, device=None, address=None):
        return cls.env["sale.order"].create(
            {
                "partner_id": shopper.id,
                "partner_shipping_id": (address or shopper).id,
                "mall_device_id": device,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": qty}
                    )
                ],
            }
        )

    @classmethod
    def _script_abuse(cls, orders=7):
        """A script: four accounts, then a fifth, signed in on one phone
        (device), all shipping to one street; the fifth buys 40 units again
        and again. Returns ``(abuser, puppets, its orders, tokens)``."""
        puppets = cls.env["res.partner"]
        tokens = {}
        for number in range(1, 5):
            puppet = cls._shopper(f"小号{number}")
            tokens[puppet] = cls._sign_in(puppet, DEVICE)
            puppets |= puppet
        abuser = cls._shopper("刷单者")
        tokens[abuser] = cls._sign_in(abuser, DEVICE)
        for puppet in puppets:
            cls._order(puppet, 1, DEVICE, cls._address(puppet))
        address = cls._address(abuser)
        placed = cls.env["sale.order"]
        for _number in range(orders):
            placed |= cls._order(abuser, 40, DEVICE, address)
        return abuser, puppets, placed, tokens

    def _assessments(self, shopper):
        return self.Assessment.search([("partner_id", "=", shopper.id)], order="id")

    def _manager_activities(self, assessments):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "mall.risk.assessment"),
                ("res_id", "in", assessments.ids),
                ("user_id", "=", self.manager.id),
            ]
        )

    def _bodies(self, record):
        return " ".join(record.message_ids.mapped("body"))


@tagged("post_install", "-at_install")
class TestRiskScoring(RiskReviewCommon):
    def test_rules_seeded_from_the_defaults(self):
        rules = self.env["mall.risk.rule"].search([])
        by_code = {rule.code: rule for rule in rules}
        for default in risk.DEFAULT_RULES:
            rule = by_code[default.code]
            self.assertEqual(
                (rule.kind, rule.weight, rule.threshold, rule.ramp, rule.name),
                (
                    default.kind,
                    default.weight,
                    default.threshold,
                    default.ramp,
                    default.description,
                ),
            )
        self.assertEqual(
            self.env["mall.risk.rule"]._mall_rules(), list(risk.DEFAULT_RULES)
        )

    def test_normal_shopper_passes(self):
        shopper = self._shopper("普通顾客")
        token = self._sign_in(shopper, "device-normal")
        order = self._order(
            shopper, 2, "device-normal", self._address(shopper, "淮海路 8 号")
        )

        assessment = order.mall_risk_assessment_ids
        self.assertEqual(len(assessment), 1)
        self.assertEqual(
            (assessment.score, assessment.decision, assessment.state),
            (0, "pass", "passed"),
        )
        self.assertFalse(assessment.hit_ids)
        self.assertEqual((order.mall_risk_score, order.mall_risk_decision), (0, "pass"))
        self.assertFalse(order.mall_risk_hold)
        self.assertFalse(shopper.mall_frozen)
        self.assertTrue(self.Token._find_valid(token))
        self.assertFalse(assessment.activity_ids)
        self.assertIn("Automatic decision: Pass, score 0", self._bodies(assessment))
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_facts_from_the_database(self):
        abuser, _puppets, orders, _tokens = self._script_abuse(orders=3)
        facts = orders[-1]._mall_risk_facts()
        self.assertEqual(facts.shopper_id, abuser.id)
        self.assertEqual(facts.accounts_on_device, 5)
        self.assertEqual(facts.accounts_on_address, 5)
        self.assertEqual((facts.orders_last_hour, facts.orders_last_day), (3, 3))
        self.assertEqual(facts.max_line_quantity, 40)
        self.assertEqual(facts.amount_total, Decimal("400.00"))
        self.assertEqual(facts.accounts_on_phone, 0)
        self.assertFalse(facts.flash_sale)
        self.assertLess(facts.account_age.total_seconds(), 3600)

        # Phones are compared by blind index, however they are spelled.
        abuser.phone = "13800138000"
        other = self._shopper("同号账号")
        other.mobile = "+86 138 0013 8000"
        self.assertEqual(orders[-1]._mall_risk_facts().accounts_on_phone, 2)

        # Without a device on the order, the shopper's latest session's counts.
        order = self._order(abuser, 1)
        self.assertEqual(order._mall_risk_facts().accounts_on_device, 5)

        flash = order.with_context(mall_flash_sale=True)._mall_risk_facts()
        self.assertTrue(flash.flash_sale)

    def test_scripted_abuser_is_frozen_on_its_seventh_order(self):
        abuser, puppets, orders, tokens = self._script_abuse(orders=7)

        # The puppets, one order each, passed.
        for puppet in puppets:
            self.assertEqual(self._assessments(puppet).decision, "pass")

        assessments = self._assessments(abuser)
        self.assertEqual(assessments.mapped("score"), [46, 46, 46, 50, 54, 58, 62])
        self.assertEqual(assessments.mapped("decision"), ["review"] * 6 + ["freeze"])
        freeze = assessments[-1]
        self.assertEqual(freeze.order_id, orders[-1])
        self.assertEqual(
            {hit.code: hit.points for hit in freeze.hit_ids},
            {
                "shared_device": 25,
                "shared_address": 6,
                "abnormal_quantity": 15,
                "order_velocity_hour": 16,
            },
        )
        device_hit = freeze.hit_ids.filtered(lambda hit: hit.code == "shared_device")
        self.assertEqual(device_hit.reason, "5 accounts on this device (limit 2)")
        self.assertEqual(
            device_hit.rule_id,
            self.env.ref("mall_miniprogram.mall_risk_rule_shared_device"),
        )

        # Frozen: sessions closed, every open order held.
        self.assertTrue(abuser.mall_frozen)
        self.assertFalse(self.Token._find_valid(tokens[abuser]))
        self.assertTrue(all(orders.mapped("mall_risk_hold")))
        self.assertEqual(freeze.held_order_ids, orders)
        with self.assertRaisesRegex(UserError, "held by the anti-fraud review"):
            orders[0].action_confirm()
        self.assertEqual(set(orders.mapped("state")), {"draft"})
        # Only the account over the threshold is frozen.
        for puppet in puppets:
            self.assertFalse(puppet.mall_frozen)
            self.assertTrue(self.Token._find_valid(tokens[puppet]))

        # The reviewers heard once when it became suspicious, once when it
        # was frozen: not once per order.
        activities = self._manager_activities(assessments)
        self.assertEqual(activities.mapped("res_id"), [assessments[0].id, freeze.id])
        self.assertEqual(
            self._manager_activities(freeze).activity_type_id,
            self.env.ref("mail.mail_activity_data_todo"),
        )
        self.assertEqual(freeze.state, "new")
        log = self._bodies(freeze)
        self.assertIn("Automatic decision: Freeze, score 62", log)
        self.assertIn("The shopper is frozen", log)
        self.assertIn("7 open order(s) are held", log)

        # A new order of the frozen shopper (placed in the back office) is
        # held at once, without a new notice.
        late = self._order(abuser, 1, DEVICE)
        self.assertTrue(late.mall_risk_hold)
        self.assertIn("already frozen", self._bodies(late.mall_risk_assessment_ids))
        self.assertFalse(late.mall_risk_assessment_ids.activity_ids)

    def test_rules_edited_in_the_database_change_the_outcome(self):
        self.env.ref("mall_miniprogram.mall_risk_rule_abnormal_quantity").weight = 0
        self.env.ref("mall_miniprogram.mall_risk_rule_shared_address").active = False
        abuser, _puppets, orders, _tokens = self._script_abuse(orders=7)
        assessment = orders[-1].mall_risk_assessment_ids
        self.assertEqual((assessment.score, assessment.decision), (41, "review"))
        self.assertNotIn("abnormal_quantity", assessment.hit_ids.mapped("code"))
        self.assertNotIn("shared_address", assessment.hit_ids.mapped("code"))
        self.assertFalse(abuser.mall_frozen)
        self.assertFalse(any(orders.mapped("mall_risk_hold")))

    def test_thresholds_come_from_the_settings(self):
        self.env["res.config.settings"].create(
            {"mall_risk_freeze_threshold": 45, "mall_risk_review_threshold": 20}
        ).execute()
        params = self.env["ir.config_parameter"]
        self.assertEqual(params.get_param("mall.risk_freeze_threshold"), "45")
        abuser, _puppets, orders, _tokens = self._script_abuse(orders=1)
        self.assertEqual(orders.mall_risk_decision, "freeze")
        self.assertTrue(abuser.mall_frozen)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"mall_risk_freeze_threshold": 40, "mall_risk_review_threshold": 50}
            )

    def test_review_band_notifies_without_freezing(self):
        self.env.ref("mall_miniprogram.mall_risk_rule_abnormal_quantity").weight = 35
        shopper = self._shopper("囤货顾客")
        token = self._sign_in(shopper, "device-bulk")
        order = self._order(shopper, 40, "device-bulk")
        assessment = order.mall_risk_assessment_ids
        self.assertEqual(
            (assessment.score, assessment.decision, assessment.state),
            (35, "review", "new"),
        )
        activity = self._manager_activities(assessment)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.summary, "Risky order to review")
        self.assertFalse(shopper.mall_frozen)
        self.assertTrue(self.Token._find_valid(token))
        self.assertFalse(order.mall_risk_hold)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_responsible_from_the_settings_gets_the_todo(self):
        self.env["ir.config_parameter"].set_param(
            "mall.risk_responsible_id", str(self.clerk.id)
        )
        self.env.ref("mall_miniprogram.mall_risk_rule_abnormal_quantity").weight = 35
        order = self._order(self._shopper("囤货顾客"), 40)
        activities = order.mall_risk_assessment_ids.activity_ids
        self.assertEqual(activities.user_id, self.clerk)

    def test_coupon_uses_are_counted(self):
        program = self.env["loyalty.program"].create(
            {
                "name": "新人券",
                "program_type": "coupons",
                "trigger": "with_code",
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        shopper = self._shopper("用券顾客")
        order = self._order(shopper, 2)
        self.assertEqual(order._mall_risk_facts().coupon_uses_last_day, 0)
        coupon = self.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": shopper.id, "points": 1}
        )
        self.assertFalse(order._try_apply_code(coupon.code).get("error"))
        order._apply_program_reward(program.reward_ids, coupon)
        self.assertTrue(order.order_line.filtered("reward_id"))
        self.assertEqual(order._mall_risk_facts().coupon_uses_last_day, 1)

    def test_deferred_assessment(self):
        shopper = self._shopper("结算顾客")
        order = (
            self.env["sale.order"]
            .with_context(mall_risk_defer=True)
            .create({"partner_id": shopper.id})
        )
        self.assertFalse(order.mall_risk_assessment_ids)
        assessment = order._mall_assess_risk()
        self.assertEqual(order.mall_risk_assessment_ids, assessment)

    def test_orders_of_other_customers_are_not_scored(self):
        customer = self.env["res.partner"].create({"name": "Wholesale Co."})
        order = self._order(customer, 500)
        self.assertFalse(order.mall_risk_assessment_ids)
        self.assertEqual(order.mall_risk_score, 0)


@tagged("post_install", "-at_install")
class TestRiskReview(RiskReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.abuser, cls.puppets, cls.orders, cls.tokens = cls._script_abuse(7)
        cls.freeze = cls.orders[-1].mall_risk_assessment_ids

    def test_unfreeze_releases_the_orders(self):
        with Form(self.freeze.with_user(self.manager)) as form:
            form.review_note = "顾客来电核实：家庭共用手机"
        self.freeze.with_user(self.manager).action_unfreeze()

        self.assertFalse(self.abuser.mall_frozen)
        self.assertFalse(any(self.orders.mapped("mall_risk_hold")))
        self.assertEqual(self.freeze.state, "cleared")
        self.assertEqual(self.freeze.reviewer_id, self.manager)
        self.assertTrue(self.freeze.review_date)
        # The review decided on the shopper: its earlier open assessments too.
        assessments = self._assessments(self.abuser)
        self.assertEqual(set(assessments.mapped("state")), {"cleared"})
        self.assertFalse(self._manager_activities(assessments))

        message = self.freeze.message_ids[0]
        self.assertEqual(message.author_id, self.manager.partner_id)
        self.assertIn("Cleared by 风控管理员", message.body)
        self.assertIn("7 held order(s) are released", message.body)
        self.assertIn("家庭共用手机", message.body)
        self.assertIn("Decided with the review of", self._bodies(assessments[0]))

        self.orders[0].action_confirm()
        self.assertEqual(self.orders[0].state, "sale")
        # The shopper can sign in again (old sessions stay closed).
        self.assertFalse(self.Token._find_valid(self.tokens[self.abuser]))
        self.assertTrue(self.Token._find_valid(self._sign_in(self.abuser, DEVICE)))

    def test_confirm_fraud_cancels_the_held_orders(self):
        self.freeze.with_user(self.manager).action_confirm_fraud()

        self.assertTrue(self.abuser.mall_frozen)
        self.assertEqual(set(self.orders.mapped("state")), {"cancel"})
        self.assertEqual(self.freeze.state, "confirmed_fraud")
        self.assertEqual(self.freeze.reviewer_id, self.manager)
        self.assertFalse(self._manager_activities(self._assessments(self.abuser)))
        self.assertIn("Fraud confirmed by 风控管理员", self.freeze.message_ids[0].body)
        self.assertIn("7 open order(s) are cancelled", self.freeze.message_ids[0].body)
        # Nor can an order be put back and confirmed behind the review's back.
        self.orders[0].action_draft()
        with self.assertRaises(UserError):
            self.orders[0].action_confirm()

    def test_only_managers_decide(self):
        as_clerk = self.freeze.with_user(self.clerk)
        self.assertEqual(as_clerk.score, 62)
        self.assertEqual(as_clerk.hit_ids.mapped("points"), [25, 16, 15, 6])
        with self.assertRaises(AccessError):
            as_clerk.action_unfreeze()
        with self.assertRaises(AccessError):
            as_clerk.action_confirm_fraud()
        self.assertTrue(self.abuser.mall_frozen)

    def test_order_form_shows_the_score(self):
        order = self.orders[-1].with_user(self.manager)
        self.assertEqual(
            (order.mall_risk_score, order.mall_risk_decision), (62, "freeze")
        )
        action = order.action_mall_view_risk_assessments()
        self.assertEqual(action["res_id"], self.freeze.id)
