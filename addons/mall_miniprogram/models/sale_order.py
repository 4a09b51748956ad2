# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import timedelta
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.tools import float_repr

from ..tools import risk
from .mall_risk_assessment import DECISIONS

# How far back accounts sharing a device or an address are counted.
RISK_LOOKBACK = timedelta(days=30)
# Coupons a shopper claims or types in; automatic promotions, loyalty points,
# gift cards and e-wallets are not "coupon uses".
COUPON_PROGRAM_TYPES = ("coupons", "next_order_coupons", "promo_code")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    mall_device_id = fields.Char(
        string="Shopper Device",
        index=True,
        copy=False,
        readonly=True,
        help="Device the mini-program placed the order from (X-Mall-Device).",
    )
    mall_risk_hold = fields.Boolean(
        string="Held by Risk Review",
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
        help="The anti-fraud rules hold this order: it cannot be confirmed "
        "until the risk review releases it.",
    )
    mall_risk_assessment_ids = fields.One2many(
        "mall.risk.assessment", "order_id", string="Risk Assessments", readonly=True
    )
    mall_risk_score = fields.Integer(
        string="Risk Score",
        compute="_compute_mall_risk",
        store=True,
        help="Score of the order's latest risk assessment (0 to 100).",
    )
    mall_risk_decision = fields.Selection(
        DECISIONS,
        string="Risk Decision",
        compute="_compute_mall_risk",
        store=True,
    )

    @api.depends("mall_risk_assessment_ids.score", "mall_risk_assessment_ids.decision")
    def _compute_mall_risk(self):
        for order in self:
            latest = order.mall_risk_assessment_ids.sorted("id")[-1:]
            order.mall_risk_score = latest.score
            order.mall_risk_decision = latest.decision

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        # The checkout may complete the order first (coupons...) and then
        # call _mall_assess_risk itself, under the mall_risk_defer context.
        if not self.env.context.get("mall_risk_defer"):
            orders.filtered(lambda order: order._mall_shopper())._mall_assess_risk()
        return orders

    def _confirmation_error_message(self):
        if self.mall_risk_hold:
            return _(
                "Order %(order)s is held by the anti-fraud review. A mall "
                "administrator must clear the shopper in Mall > Orders > Risk "
                "Review before it can be confirmed.",
                order=self.name,
            )
        return super()._confirmation_error_message()

    def action_mall_view_risk_assessments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mall_miniprogram.mall_risk_assessment_action"
        )
        assessments = self.mall_risk_assessment_ids
        action["domain"] = [("id", "in", assessments.ids)]
        action["context"] = {}
        if len(assessments) == 1:
            action.update(
                view_mode="form", res_id=assessments.id, views=[(False, "form")]
            )
        return action

    # ------------------------------------------------------------------
    # Anti-fraud scoring
    # ------------------------------------------------------------------
    def _mall_shopper(self):
        """The mini-program shopper who placed this order, or an empty record."""
        self.ensure_one()
        partner = self.partner_id
        if partner.mall_is_shopper:
            return partner
        commercial = partner.commercial_partner_id
        return commercial if commercial.mall_is_shopper else partner.browse()

    def _mall_assess_risk(self):
        """Score each shopper order against the rules and apply the decision.

        :return: the new ``mall.risk.assessment`` records
        """
        Assessment = self.env["mall.risk.assessment"].sudo()
        Rule = self.env["mall.risk.rule"].sudo()
        rules = Rule._mall_rules()
        thresholds = Rule._mall_thresholds()
        assessments = Assessment
        for order in self.sudo():
            shopper = order._mall_shopper()
            if not shopper:
                continue
            facts = order._mall_risk_facts()
            result = risk.score(facts, rules)
            assessments |= Assessment._mall_record(
                order, shopper, facts, result, rules, thresholds
            )
        return assessments

    def _mall_risk_facts(self):
        """The :class:`risk.OrderFacts` of this order, from the database.

        Modules adding flash sales, group buys or purchase limits extend it::

            facts = super()._mall_risk_facts()
            return dataclasses.replace(facts, flash_sale=..., ...)
        """
        self.ensure_one()
        order = self.sudo()
        shopper = order._mall_shopper()
        now = fields.Datetime.now()
        device = order._mall_risk_device_id()
        account_age = None
        if shopper.create_date:
            account_age = max(now - shopper.create_date, timedelta(0))
        lines = order.order_line.filtered(
            lambda line: not line.display_type and not line.reward_id
        )
        quantities = [math.ceil(qty) for qty in lines.mapped("product_uom_qty")]
        currency = order.currency_id
        return risk.OrderFacts(
            shopper_id=shopper.id,
            account_age=account_age,
            accounts_on_device=order._mall_accounts_on_device(device, now),
            accounts_on_phone=order._mall_accounts_on_phone(shopper),
            accounts_on_address=order._mall_accounts_on_address(now),
            orders_last_hour=order._mall_orders_since(
                shopper, now - timedelta(hours=1)
            ),
            orders_last_day=order._mall_orders_since(shopper, now - timedelta(days=1)),
            coupon_uses_last_day=order._mall_coupon_uses_since(
                shopper, device, now - timedelta(days=1)
            ),
            groupbuy_joins_last_day=0,
            groupbuy_same_device_in_group=0,
            max_line_quantity=max(quantities, default=0),
            quantity_limit=None,
            flash_sale=bool(self.env.context.get("mall_flash_sale")),
            amount_total=Decimal(
                float_repr(currency.round(order.amount_total), currency.decimal_places)
            ),
        )

    def _mall_risk_device_id(self):
        """The order's device, else the one of the shopper's latest session."""
        self.ensure_one()
        if self.mall_device_id:
            return self.mall_device_id
        shopper = self._mall_shopper()
        if not shopper:
            return False
        token = (
            self.env["mall.shopper.token"]
            .sudo()
            .search(
                [("partner_id", "=", shopper.id), ("device_id", "!=", False)],
                order="create_date desc, id desc",
                limit=1,
            )
        )
        return token.device_id

    def _mall_accounts_on_device(self, device, now):
        """Distinct shoppers with a session or an order on ``device`` lately."""
        if not device:
            return 0
        since = now - RISK_LOOKBACK
        domain = [("device_id", "=", device), ("create_date", ">=", since)]
        groups = (
            self.env["mall.shopper.token"].sudo()._read_group(domain, ["partner_id"])
        )
        partners = {partner.id for [partner] in groups}
        groups = self.sudo()._read_group(
            [("mall_device_id", "=", device), ("create_date", ">=", since)],
            ["partner_id"],
        )
        partners.update(partner.id for [partner] in groups)
        return len(partners)

    def _mall_accounts_on_phone(self, shopper):
        """Shoppers with the phone or mobile number of ``shopper`` (itself
        included), compared by blind index."""
        indexes = [
            index
            for index in (shopper.mall_phone_index, shopper.mall_mobile_index)
            if index
        ]
        if not indexes:
            return 0
        return (
            self.env["res.partner"]
            .sudo()
            .search_count(
                [
                    ("mall_is_shopper", "=", True),
                    "|",
                    ("mall_phone_index", "in", indexes),
                    ("mall_mobile_index", "in", indexes),
                ]
            )
        )

    def _mall_accounts_on_address(self, now):
        """Distinct shoppers whose recent orders ship to this order's address."""
        self.ensure_one()
        index = self.partner_shipping_id.mall_address_index
        if not index:
            return 0
        addresses = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("mall_address_index", "=", index)])
        )
        groups = self.sudo()._read_group(
            [
                ("partner_shipping_id", "in", addresses.ids),
                ("create_date", ">=", now - RISK_LOOKBACK),
            ],
            ["partner_id"],
        )
        return len({partner.id for [partner] in groups})

    def _mall_orders_since(self, shopper, since):
        return self.sudo().search_count(
            [("partner_id", "child_of", shopper.id), ("create_date", ">=", since)]
        )

    def _mall_coupon_uses_since(self, shopper, device, since):
        """Coupons used on the orders of ``shopper``, or of ``device``, since
        ``since``: one use per coupon and order."""
        who = [("order_id.partner_id", "child_of", shopper.id)]
        if device:
            who = ["|", *who, ("order_id.mall_device_id", "=", device)]
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    *who,
                    ("order_id.create_date", ">=", since),
                    ("reward_id.program_id.program_type", "in", COUPON_PROGRAM_TYPES),
                ],
                ["order_id", "coupon_id"],
            )
        )
        return len(groups)
