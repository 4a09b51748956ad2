# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import math
from datetime import timedelta, timezone
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_repr

from odoo.addons.mall_catalog.tools import crypto, money
from odoo.addons.mall_loyalty.tools import points as pts

from ..platforms.errors import PlatformError
from ..tools import risk
from .delivery_carrier import WEIXIN_LOGISTICS_TYPE
from .mall_cart import CartError
from .mall_risk_assessment import DECISIONS

# How far back accounts sharing a device or an address are counted.
RISK_LOOKBACK = timedelta(days=30)


# Coupons a shopper claims or types in; automatic promotions, loyalty points,
# gift cards and e-wallets are not "coupon uses".
COUPON_PROGRAM_TYPES = ("coupons", "next_order_coupons", "promo_code")


# After-sales still in the hands of the shopper or the merchant (售后 tab).
OPEN_AFTERSALE_STATES = ("requested", "approved", "waiting_return", "returned")


PAYMENT_STATES = [
    ("unpaid", "Unpaid"),
    ("paid", "Paid"),
    ("partially_refunded", "Partially Refunded"),
    ("refunded", "Refunded"),
]


_logger = logging.getLogger(__name__)


DEFAULT_AUTO_RECEIVE_DAYS = 10


DEFAULT_WX_SHIPPING_MAX_ATTEMPTS = 8


# First retry after 5 minutes, then 10, 20, 40... capped at a day.
WX_SHIPPING_BACKOFF = timedelta(minutes=5)


WX_SHIPPING_BACKOFF_MAX = timedelta(days=1)


# WeChat takes at most this many parcels per upload.
WX_SHIPPING_MAX_PARCELS = 10


WX_ITEM_DESC_MAX = 120


WX_SHIPPING_STATES = [
    ("not_needed", "Not Needed"),
    ("pending", "Pending"),
    ("done", "Uploaded"),
    ("failed", "Failed"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # A mini-program order: one per shop of a checkout, confirmed (stock
    # reserved) at checkout, shipped only once paid.
    mall_shop_id = fields.Many2one("mall.shop", string="Shop", index=True, copy=False)
    mall_checkout_id = fields.Many2one(
        "mall.checkout", string="Checkout", index=True, copy=False, readonly=True
    )
    mall_is_cart = fields.Boolean(
        string="Mini-program Cart",
        index=True,
        copy=False,
        readonly=True,
        help="The shopper's cart: a draft order that is never confirmed itself.",
    )
    mall_payment_state = fields.Selection(
        PAYMENT_STATES,
        string="Payment",
        index=True,
        copy=False,
        readonly=True,
        tracking=True,
    )
    mall_paid_at = fields.Datetime(
        string="Paid On",
        copy=False,
        readonly=True,
        # The dashboard and the sales report select paid orders by period.
        index="btree_not_null",
    )
    mall_received_at = fields.Datetime(
        string="Received On",
        copy=False,
        readonly=True,
        help="When the shopper confirmed receipt, or the receipt was confirmed "
        "for them after the configured number of days.",
    )
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

    def _mall_available_carriers(self):
        """Delivery methods that serve this order's address, cheapest first:
        ``[(carrier, fee)]``."""
        self.ensure_one()
        carriers = (
            self.env["delivery.carrier"]
            .sudo()
            .search([("company_id", "in", (False, self.company_id.id))])
        )
        options = []
        # A paid member card (or a points-mall item) may ship the order free.
        free = self._mall_ships_free()
        for carrier in carriers.available_carriers(self.partner_shipping_id, self):
            rate = carrier.rate_shipment(self)
            if rate.get("success"):
                options.append((carrier, 0.0 if free else rate["price"]))
        return sorted(options, key=lambda option: (option[1], option[0].sequence))

    @api.model
    def _mall_status_domain(self, status):
        """Orders of a tab of the shopper's order list (待付款, 待发货, ...)."""
        live = [("state", "!=", "cancel"), ("mall_risk_hold", "=", False)]
        return {
            "to_pay": [*live, ("mall_payment_state", "=", "unpaid")],
            "to_ship": [
                *live,
                ("mall_payment_state", "=", "paid"),
                # Not a group buy's order waiting, paid, for its group.
                ("state", "=", "sale"),
                ("delivery_status", "in", (False, "pending", "started")),
            ],
            "to_receive": [
                *live,
                ("mall_payment_state", "=", "paid"),
                ("delivery_status", "in", ("partial", "full")),
                ("mall_received_at", "=", False),
            ],
            "to_review": [
                *live,
                ("mall_received_at", "!=", False),
                ("mall_payment_state", "in", ("paid", "partially_refunded")),
                (
                    "order_line",
                    "any",
                    [
                        ("is_delivery", "=", False),
                        ("display_type", "=", False),
                        ("mall_review_ids", "=", False),
                    ],
                ),
            ],
            "aftersale": [("mall_aftersale_ids.state", "in", OPEN_AFTERSALE_STATES)],
            "cancelled": [("state", "=", "cancel")],
            "all": [],
        }[status]

    def _mall_status(self):
        self.ensure_one()
        if self.state == "cancel":
            return "cancelled"
        if self.mall_risk_hold:
            return "under_review"
        if self.mall_payment_state == "paid" and self._mall_groupbuy_held():
            return "grouping"
        if self.filtered_domain(self._mall_status_domain("aftersale")):
            return "aftersale"
        if self.mall_payment_state == "refunded":
            return "refunded"
        for status in ("to_pay", "to_ship", "to_receive", "to_review"):
            if self.filtered_domain(self._mall_status_domain(status)):
                return status
        return "completed"

    def _mall_set_delivery(self, carrier_id=None):
        """Deliver with the carrier the shopper chose, or the cheapest."""
        self.ensure_one()
        options = self._mall_available_carriers()
        chosen = (
            [o for o in options if o[0].id == carrier_id] if carrier_id else options
        )
        if not chosen:
            if carrier_id:
                raise CartError(
                    "VALIDATION_ERROR",
                    _("This delivery method does not serve the address."),
                    carrier_id=carrier_id,
                )
            return
        carrier, fee = chosen[0]
        self.set_delivery_line(carrier, fee)

    def _mall_sold_qty_triggers(self):
        return super()._mall_sold_qty_triggers() | {"mall_payment_state"}

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

    mall_shipped_at = fields.Datetime(
        string="Shipped On",
        copy=False,
        readonly=True,
        help="When the order's last delivery left the warehouse.",
    )

    mall_tracking_event_ids = fields.One2many(
        "mall.tracking.event", "order_id", string="Tracking Events", readonly=True
    )

    mall_wx_shipping_state = fields.Selection(
        WX_SHIPPING_STATES,
        string="WeChat Shipping Upload",
        copy=False,
        readonly=True,
        index=True,
        help="WeChat holds the funds of mini-program payments until the "
        "shipping information is uploaded.",
    )

    mall_wx_shipping_attempts = fields.Integer(
        string="WeChat Upload Attempts", copy=False, readonly=True
    )

    mall_wx_shipping_error = fields.Char(
        string="WeChat Upload Error", copy=False, readonly=True
    )

    mall_wx_shipping_next_try = fields.Datetime(
        string="Next WeChat Upload Attempt", copy=False, readonly=True
    )

    # ------------------------------------------------------------------
    # Shipping and receipt
    # ------------------------------------------------------------------
    def _mall_outgoing_pickings(self):
        self.ensure_one()
        return self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )

    def _mall_is_shipped(self):
        """Whether every delivery of the order left the warehouse."""
        self.ensure_one()
        pickings = self._mall_outgoing_pickings()
        return bool(pickings) and all(p.state == "done" for p in pickings)

    def _mall_logistics_status(self):
        """unshipped, partially_shipped, shipped or received."""
        self.ensure_one()
        if self.mall_received_at:
            return "received"
        pickings = self._mall_outgoing_pickings()
        done = pickings.filtered(lambda p: p.state == "done")
        if not done:
            return "unshipped"
        return "shipped" if done == pickings else "partially_shipped"

    def _mall_on_shipped(self, when):
        """Deliveries of these orders were validated at ``when``."""
        for order in self:
            if not order._mall_is_shipped():
                continue
            values = {"mall_shipped_at": when}
            if order._mall_wx_shipping_needed():
                values.update(
                    mall_wx_shipping_state="pending",
                    mall_wx_shipping_attempts=0,
                    mall_wx_shipping_error=False,
                    mall_wx_shipping_next_try=when,
                )
            else:
                values["mall_wx_shipping_state"] = "not_needed"
            order.write(values)
            pickings = order.picking_ids.filtered(lambda p: p.state == "done")
            order.env["mall.notification"]._mall_notify(
                "order_shipped",
                order.partner_id,
                values={
                    "carrier": pickings[-1:].carrier_id.name or "",
                    "tracking_number": pickings[-1:].carrier_tracking_ref or "",
                    "shipped_at": when,
                },
                record=order,
            )

    def _mall_can_receive(self):
        self.ensure_one()
        return (
            self.state == "sale"
            and not self.mall_received_at
            and self.mall_payment_state in ("paid", "partially_refunded")
            and self._mall_is_shipped()
        )

    def _mall_receive(self):
        """The shopper confirmed receipt (or it was confirmed for them)."""
        for order in self:
            if not order._mall_can_receive():
                raise UserError(
                    _(
                        "Order %(order)s cannot be marked as received: it is "
                        "not fully shipped, or already received.",
                        order=order.name,
                    )
                )
        now = fields.Datetime.now()
        self.write({"mall_received_at": now})
        for order in self:
            order.env["mall.notification"]._mall_notify(
                "order_delivered",
                order.partner_id,
                values={"delivered_at": now},
                record=order,
            )

    @api.model
    def _mall_auto_receive_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mall.auto_receive_days", DEFAULT_AUTO_RECEIVE_DAYS)
        )
        try:
            return max(int(value), 1)
        except ValueError:
            return DEFAULT_AUTO_RECEIVE_DAYS

    @api.model
    def _cron_mall_auto_receive(self, batch_size=500):
        """Confirm receipt of orders shipped more than the configured days ago."""
        limit = fields.Datetime.now() - timedelta(days=self._mall_auto_receive_days())
        orders = self.sudo().search(
            [
                ("mall_shipped_at", "!=", False),
                ("mall_shipped_at", "<", limit),
                ("mall_received_at", "=", False),
                ("state", "=", "sale"),
            ],
            limit=batch_size,
        )
        orders = orders.filtered(lambda o: o._mall_can_receive())
        orders._mall_receive()
        return orders

    # ------------------------------------------------------------------
    # WeChat shipping information (发货信息管理)
    # ------------------------------------------------------------------
    def _mall_wx_identity(self):
        """The shopper's identity on the configured WeChat app, if any."""
        self.ensure_one()
        appid = self.env["ir.config_parameter"].sudo().get_param("mall.weixin_appid")
        shopper = self._mall_shopper()
        if not (appid and shopper):
            return self.env["mall.shopper.identity"]
        return (
            self.env["mall.shopper.identity"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", shopper.id),
                    ("platform", "=", "weixin"),
                    ("appid", "=", appid),
                ],
                limit=1,
            )
        )

    def _mall_paid_transaction(self):
        """The done payment transaction that paid this order, if any."""
        self.ensure_one()
        return self.sudo().transaction_ids.filtered(
            lambda tx: tx.state == "done" and tx.operation != "refund"
        )[-1:]

    def _mall_wx_shipping_needed(self):
        """Whether this order was paid with WeChat Pay in the mini-program:
        WeChat wants the shipping of those (发货信息录入), not of orders paid
        with Alipay or the balance.

        An order paid without transaction (set paid by hand) of a shopper
        known to the WeChat app counts as paid with WeChat.
        """
        self.ensure_one()
        tx = self._mall_paid_transaction()
        if tx and tx.provider_code != "wechatpay":
            return False
        return bool(self.mall_checkout_id and self._mall_wx_identity())

    def _mall_wx_order_key(self):
        """The ``order_key`` of the WeChat Pay transaction that paid this
        order: its WeChat transaction id when known, else the checkout's name
        (the out_trade_no of its first payment)."""
        self.ensure_one()
        tx = self._mall_paid_transaction()
        if tx.provider_code == "wechatpay" and tx.provider_reference:
            return {"order_number_type": 2, "transaction_id": tx.provider_reference}
        mchid = self.env["ir.config_parameter"].sudo().get_param("mall.weixin_mchid")
        return {
            "order_number_type": 1,
            "mchid": mchid or "",
            "out_trade_no": self.mall_checkout_id.name,
        }

    def _mall_wx_shipping_group(self):
        """The orders one upload covers: those of the same payment."""
        self.ensure_one()
        if not self.mall_checkout_id:
            return self
        return self.mall_checkout_id.order_ids.filtered(lambda o: o.state != "cancel")

    def _mall_wx_item_desc(self, pickings):
        names = []
        for move in pickings.move_ids.filtered(lambda m: m.state == "done"):
            name = move.product_id.display_name
            if name not in names:
                names.append(name)
        desc = "、".join(names)
        if len(desc) > WX_ITEM_DESC_MAX:
            desc = desc[: WX_ITEM_DESC_MAX - 1] + "…"
        return desc or self.name

    def _mall_wx_shipping_payload(self):
        """The body of upload_shipping_info for the payment of this order."""
        self.ensure_one()
        orders = self._mall_wx_shipping_group()
        pickings = orders.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )
        carriers = pickings.carrier_id
        logistics_type = (
            carriers[:1].mall_logistics_type if carriers else "express"
        ) or "express"
        shipping_list = []
        for picking in pickings:
            item = {"item_desc": picking.sale_id._mall_wx_item_desc(picking)}
            carrier = picking.carrier_id
            if logistics_type in ("express", "same_city") and (
                picking.carrier_tracking_ref
            ):
                item["tracking_no"] = picking.carrier_tracking_ref
                item["express_company"] = carrier.mall_express_code or ""
                if (carrier.mall_express_code or "").upper() == "SF":
                    # SF Express only shows tracking to who gives a phone.
                    shipping = picking.partner_id or picking.sale_id.partner_shipping_id
                    contact = {}
                    receiver = crypto.mask_phone(shipping.phone)
                    if receiver:
                        contact["receiver_contact"] = receiver
                    consignor = crypto.mask_phone(
                        picking.picking_type_id.warehouse_id.partner_id.phone
                        or self.company_id.phone
                    )
                    if consignor:
                        contact["consignor_contact"] = consignor
                    if contact:
                        item["contact"] = contact
            shipping_list.append(item)
        if len(shipping_list) > WX_SHIPPING_MAX_PARCELS:
            raise UserError(
                _(
                    "WeChat takes at most %(max)s parcels per payment; order "
                    "%(order)s has %(count)s.",
                    max=WX_SHIPPING_MAX_PARCELS,
                    order=self.name,
                    count=len(shipping_list),
                )
            )
        payload = {
            "order_key": self._mall_wx_order_key(),
            "logistics_type": WEIXIN_LOGISTICS_TYPE[logistics_type],
            "delivery_mode": 1 if len(shipping_list) == 1 else 2,
            "shipping_list": shipping_list,
            # RFC 3339 with the offset, in the shop's time zone.
            "upload_time": fields.Datetime.now()
            .replace(microsecond=0, tzinfo=timezone.utc)
            .astimezone(pts.shop_zone(self.company_id._mall_tz()))
            .isoformat(),
            "payer": {"openid": self._mall_wx_identity().openid},
        }
        if payload["delivery_mode"] == 2:
            payload["is_all_delivered"] = True
        return payload

    def _mall_wx_upload_shipping(self):
        """Upload the shipping information of these orders' payments to WeChat.

        Orders of one payment are uploaded together once they are all
        shipped. Failures are recorded on the orders for the cron to retry.

        :return: the orders uploaded
        """
        uploaded = self.browse()
        seen = self.browse()
        for order in self.sudo():
            if order in seen or order.mall_wx_shipping_state not in (
                "pending",
                "failed",
            ):
                continue
            group = order._mall_wx_shipping_group()
            seen |= group
            if not all(o._mall_is_shipped() for o in group):
                # The other shops of the checkout have yet to ship: their
                # shipping brings this order back.
                group.filtered(
                    lambda o: o.mall_wx_shipping_state in ("pending", "failed")
                ).write(
                    {
                        "mall_wx_shipping_next_try": fields.Datetime.now()
                        + WX_SHIPPING_BACKOFF
                    }
                )
                continue
            group = group.filtered(
                lambda o: o.mall_wx_shipping_state in ("pending", "failed")
            )
            error = order._mall_wx_send_shipping()
            now = fields.Datetime.now()
            if error is None:
                group.write(
                    {
                        "mall_wx_shipping_state": "done",
                        "mall_wx_shipping_error": False,
                        "mall_wx_shipping_next_try": False,
                    }
                )
                uploaded |= group
            else:
                for member in group:
                    attempts = member.mall_wx_shipping_attempts + 1
                    delay = min(
                        WX_SHIPPING_BACKOFF * 2 ** (attempts - 1),
                        WX_SHIPPING_BACKOFF_MAX,
                    )
                    member.write(
                        {
                            "mall_wx_shipping_state": "failed",
                            "mall_wx_shipping_attempts": attempts,
                            "mall_wx_shipping_error": error[:500],
                            "mall_wx_shipping_next_try": now + delay,
                        }
                    )
        return uploaded

    def _mall_wx_send_shipping(self):
        """Send the upload; the error message, or None when WeChat took it."""
        self.ensure_one()
        params = self.env["ir.config_parameter"].sudo()
        if not (
            params.get_param("mall.weixin_appid")
            and params.get_param("mall.weixin_secret")
        ):
            return _("The WeChat mini-program is not configured.")
        try:
            payload = self._mall_wx_shipping_payload()
            client = self.env["mall.shopper.identity"]._weixin_client()
            client.upload_shipping_info(payload)
        except UserError as exc:
            return str(exc.args[0])
        except PlatformError as exc:
            _logger.info("WeChat shipping upload of %s failed: %s", self.name, exc)
            return exc.message if exc.code is None else f"{exc.code}: {exc.message}"
        return None

    @api.model
    def _mall_wx_shipping_max_attempts(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(
                "mall.weixin_shipping_max_attempts", DEFAULT_WX_SHIPPING_MAX_ATTEMPTS
            )
        )
        try:
            return int(value)
        except ValueError:
            return DEFAULT_WX_SHIPPING_MAX_ATTEMPTS

    @api.model
    def _mall_wx_shipping_due_domain(self):
        return [
            ("mall_wx_shipping_state", "in", ("pending", "failed")),
            ("mall_wx_shipping_attempts", "<", self._mall_wx_shipping_max_attempts()),
            "|",
            ("mall_wx_shipping_next_try", "=", False),
            ("mall_wx_shipping_next_try", "<=", fields.Datetime.now()),
        ]

    @api.model
    def _cron_mall_wx_shipping_upload(self, batch_size=20):
        """Upload pending shipping information, retrying failures with backoff.

        Small batches, each committed by the cron before the next one runs:
        an upload WeChat accepted is not rolled back with a later failure.
        """
        Order = self.sudo()
        domain = self._mall_wx_shipping_due_domain()
        orders = Order.search(
            domain, order="mall_wx_shipping_next_try, id", limit=batch_size
        )
        uploaded = orders._mall_wx_upload_shipping()
        self.env["ir.cron"]._notify_progress(
            done=len(orders), remaining=Order.search_count(domain)
        )
        return uploaded

    def action_mall_wx_retry_shipping_upload(self):
        """Retry the upload now, whatever the backoff says."""
        orders = self.filtered(
            lambda o: o.mall_wx_shipping_state in ("pending", "failed")
        )
        if not orders:
            raise UserError(_("There is no WeChat shipping upload to retry."))
        orders._mall_wx_upload_shipping()
        return True

    mall_aftersale_ids = fields.One2many(
        "mall.aftersale", "order_id", string="After-sales", readonly=True
    )

    mall_aftersale_count = fields.Integer(
        string="After-sale Count", compute="_compute_mall_aftersale_count"
    )

    mall_refunded_amount = fields.Monetary(
        string="Refunded", copy=False, readonly=True, tracking=True
    )

    @api.depends("mall_aftersale_ids")
    def _compute_mall_aftersale_count(self):
        for order in self:
            order.mall_aftersale_count = len(order.mall_aftersale_ids)

    def _mall_lock_for_aftersale(self):
        """Serialize the after-sales of these orders.

        Requests and refunds check what is left to refund, then add to it:
        two at once could both pass. Touching the order rows makes the second
        transaction wait for the first, then fail to serialize and be retried
        on the new figures.
        """
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order SET id = id WHERE id IN %s",
                    tuple(self.ids),
                )
            )

    def _mall_refund(self, amount, reason, aftersale):
        """Refund ``amount`` of this paid order for ``aftersale``.

        The single seam between after-sales and payments. When the order was
        paid through a payment provider that refunds (WeChat Pay), the refund
        is requested from it on the original transaction, for at most what
        it captured, and the provider's refund reference is returned. An order
        paid otherwise (cash at a store, a bank transfer) gets the refund
        recorded only, with a ``RECORDED/`` reference for the cashier to act
        on. Either way the order's refunded amount and payment state follow.

        :param float amount: amount to give back, in the order's currency
        :param str reason: why, as told to the payment provider
        :param aftersale: the ``mall.aftersale`` record refunded
        :return: the refund's reference
        """
        self.ensure_one()
        refunded_before = self.mall_refunded_amount
        refunded = self.currency_id.round(self.mall_refunded_amount + amount)
        fully = self.currency_id.compare_amounts(refunded, self.amount_total) >= 0
        self.write(
            {
                "mall_refunded_amount": refunded,
                "mall_payment_state": "refunded" if fully else "partially_refunded",
            }
        )
        # The refund takes back its share of the order's member points.
        self.env["mall.member.points"].sudo()._mall_reverse_order(
            self, refunded_before, amount
        )
        # And its share of the promoters' commission (分销).
        self._mall_commission_reverse(refunded_before, amount)
        self.message_post(
            body=_(
                "Refund of %(amount)s recorded for after-sale %(name)s (%(reason)s).",
                amount=amount,
                name=aftersale.name,
                reason=reason,
            )
        )
        payment = self.transaction_ids.filtered(
            lambda tx: (
                tx.state == "done"
                and tx.operation != "refund"
                and tx.provider_id.support_refund in ("partial", "full_only")
            )
        )[:1]
        if payment:
            return (
                payment.sudo()._send_refund_request(amount_to_refund=amount).reference
            )
        # No provider was asked: the reference says the refund is only recorded.
        return f"RECORDED/{aftersale.name}"

    def _mall_groupbuy_refunded(self, payments, refunds):
        """The group of this order failed: it was refunded in full."""
        res = super()._mall_groupbuy_refunded(payments, refunds)
        if payments:
            self.write(
                {
                    "mall_refunded_amount": sum(payments.mapped("amount")),
                    "mall_payment_state": "refunded",
                }
            )
        return res

    def _mall_commission_on_hold(self):
        """Commissions of orders held by the risk review, or of frozen
        shoppers, wait until the review releases them."""
        return (
            super()._mall_commission_on_hold()
            or self.mall_risk_hold
            or self.partner_id.commercial_partner_id.mall_frozen
        )

    def _mall_commission_window_start(self, accrued_at):
        """The after-sales window opens when the shopper receives the order
        (at once for orders with nothing to ship)."""
        start = super()._mall_commission_window_start(accrued_at)
        if self.mall_received_at:
            return self.mall_received_at
        return False if self._mall_outgoing_pickings() else start

    def _mall_groupbuy_notify(self, event):
        """The shopper's subscription message of the group's result."""
        res = super()._mall_groupbuy_notify(event)
        env = self.with_context(lang="zh_CN").env
        result = {
            "succeeded": env._("Group buy succeeded"),
            "refunded": env._("Group buy failed, refunded"),
        }[event]
        self.env["mall.notification"]._mall_notify(
            "groupbuy_result",
            self.partner_id,
            values={"groupbuy_result": result},
            record=self,
        )
        return res

    def action_mall_view_aftersales(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mall_miniprogram.mall_aftersale_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def _mall_checkout_coupons(self, orders, coupon_ids=None):
        """Apply coupons to the shop ``orders`` of a checkout: the best
        combination of the wallet (``coupon_ids`` None), none (``[]``) or
        exactly these cards of the shopper (each to the order where they save
        most, order by order)."""
        orders = [order for order in orders if order.partner_id]
        if not orders or coupon_ids == []:
            return
        wallet = orders[0]._mall_coupon_wallet()
        if coupon_ids is None:
            candidates = wallet
        else:
            Card = self.env["loyalty.card"].sudo()
            candidates = Card.browse(dict.fromkeys(coupon_ids)).exists()
            mine = candidates.filtered(
                lambda card: card.partner_id == orders[0].partner_id
            )
            if len(mine) != len(set(coupon_ids)):
                raise CartError(
                    "VALIDATION_ERROR",
                    _("This coupon is not yours."),
                    coupon_ids=sorted(set(coupon_ids) - set(mine.ids)),
                )
            if candidates - wallet:
                raise CartError(
                    "BUSINESS_RULE",
                    _("This coupon cannot be used now (expired, used or not valid)."),
                    coupon_ids=(candidates - wallet).ids,
                )
        plan, left = self._mall_coupon_plan(orders, candidates)
        for order, cards in plan:
            try:
                order._mall_apply_coupons(cards)
            except UserError as exc:
                raise CartError("BUSINESS_RULE", str(exc)) from exc
        candidates = left
        if coupon_ids is not None and candidates:
            raise CartError(
                "BUSINESS_RULE",
                _("These coupons do not apply to the order or cannot be combined."),
                coupon_ids=candidates.ids,
            )

    @api.model
    def _mall_coupon_plan(self, orders, cards):
        """Which of ``cards`` go to which order: ``([(order, cards)], cards
        left)``, the exact best assignment (lowest sum of payable totals)."""
        assignment = self.browse(
            [order.id for order in orders]
        )._mall_coupon_assignment(cards)
        plan = [
            (order, result["cards"])
            for order, result in assignment.items()
            if result["cards"]
        ]
        used = self.env["loyalty.card"].concat(*(c for _order, c in plan))
        return plan, cards - used

    @api.model
    def _mall_coupon_options(self, orders):
        """The wallet's coupons that apply to these orders: those applied
        (``selected``, with what they take off and why), then the others
        with what each would save alone, the best first."""
        options = []
        if not orders or not orders[0].partner_id:
            return options
        currency = orders[0].currency_id
        applied = self.env["loyalty.card"]
        for order in orders:
            for card in order.order_line.coupon_id:
                lines = order.order_line.filtered(
                    lambda line, c=card: line.coupon_id == c
                )
                discount = -Decimal(str(sum(lines.mapped("price_total"))))
                amount = money.format_amount(discount, currency.decimal_places)
                options.append(
                    {
                        "id": card.id,
                        "name": card.program_id.name,
                        "discount": amount,
                        "selected": True,
                        "shop_id": order.mall_shop_id.id or None,
                        "explanation": f"{card.program_id.name}: -{amount}",
                    }
                )
                applied |= card
        others = {}
        wallet = orders[0]._mall_coupon_wallet() - applied
        for order in orders:
            for card, saved in order._mall_coupon_savings(wallet).items():
                if saved and saved > others.get(card, (Decimal(0), None))[0]:
                    others[card] = (saved, order)
        for card, (saved, order) in sorted(
            others.items(), key=lambda item: (-item[1][0], item[0].id)
        ):
            options.append(
                {
                    "id": card.id,
                    "name": card.program_id.name,
                    "discount": money.format_amount(saved, currency.decimal_places),
                    "selected": False,
                    "shop_id": order.mall_shop_id.id or None,
                    "explanation": None,
                }
            )
        return options
