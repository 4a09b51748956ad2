# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.http import request

from .mall_cart import CartError

_logger = logging.getLogger(__name__)


DEFAULT_PAYMENT_MINUTES = 30


class _Preview(Exception):
    """Raised to roll back the orders a preview built."""


SCENE_HEADER = "X-Mall-Scene"


class MallCheckout(models.Model):
    """One checkout of a shopper: the sale orders it created, one per shop,
    and the single payment that covers them all."""

    _name = "mall.checkout"
    _description = "Mall Checkout"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    kind = fields.Selection(
        [
            ("order", "Orders"),
            ("topup", "Balance Top-up"),
            ("groupbuy", "Group Buy"),
            ("flash", "Flash Sale"),
            ("bargain", "Bargain"),
            ("card", "Member Card"),
            ("points", "Points Mall"),
        ],
        default="order",
        required=True,
        readonly=True,
        help="Orders: the shop orders of a cart, confirmed at checkout. Balance "
        "top-up: a quotation of the eWallet top-up product, confirmed (and the "
        "balance credited) by its payment.",
    )
    order_ids = fields.One2many(
        "sale.order", "mall_checkout_id", string="Orders", readonly=True
    )
    amount_total = fields.Monetary(compute="_compute_amount_total", store=True)
    state = fields.Selection(
        [
            ("to_pay", "To Pay"),
            ("paid", "Paid"),
            ("cancel", "Cancelled"),
        ],
        default="to_pay",
        required=True,
        index=True,
        readonly=True,
    )
    pay_before = fields.Datetime(
        readonly=True,
        help="Unpaid by then, the orders cancel themselves and release stock.",
    )
    paid_at = fields.Datetime(readonly=True)

    @api.depends("order_ids.amount_total", "order_ids.state")
    def _compute_amount_total(self):
        for checkout in self:
            orders = checkout.order_ids.filtered(lambda o: o.state != "cancel")
            checkout.amount_total = sum(orders.mapped("amount_total"))

    @api.model_create_multi
    def create(self, vals_list):
        minutes = self._mall_payment_minutes()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("mall.checkout")
            vals.setdefault(
                "pay_before", fields.Datetime.now() + timedelta(minutes=minutes)
            )
        return super().create(vals_list)

    @api.model
    def _mall_payment_minutes(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mall.payment_minutes", DEFAULT_PAYMENT_MINUTES)
        )

    def _mall_mark_paid(self):
        """The payment of this checkout arrived: its orders are paid."""
        for checkout in self:
            if checkout.state == "paid":
                continue
            if checkout.state != "to_pay":
                raise UserError(
                    _(
                        "Checkout %(name)s was cancelled; it cannot be paid.",
                        name=checkout.name,
                    )
                )
            now = fields.Datetime.now()
            checkout.write({"state": "paid", "paid_at": now})
            # What the payment does depends on the kind: one method a kind,
            # ``_mall_on_paid_<kind>``. A kind without one fails loudly
            # rather than being paid as cart orders.
            getattr(checkout, f"_mall_on_paid_{checkout.kind}")(now)

    def _mall_orders_paid(self, orders, now):
        orders.write({"mall_payment_state": "paid", "mall_paid_at": now})

    def _mall_on_paid_order(self, now):
        # Paid orders earn their promoters' commission (分销).
        self._mall_payable_orders()._mall_commission_accrue()
        orders = self.order_ids.filtered(lambda o: o.state == "sale")
        self._mall_orders_paid(orders, now)
        # Subscription messages are queued, never sent here.
        Notification = self.env["mall.notification"]
        Points = self.env["mall.member.points"].sudo()
        for order in orders:
            Notification._mall_notify("order_paid", order.partner_id, record=order)
            # Paid orders earn their member points, never before payment;
            # points must never stop a payment from being recorded.
            try:
                with self.env.cr.savepoint():
                    Points._mall_earn_order(order, order.amount_total, now)
            except psycopg2.OperationalError:
                # A concurrent update (serialization failure, deadlock):
                # the whole request is retried, never swallowed here.
                raise
            except Exception:
                _logger.exception("Could not give the points of %s", order.name)

    def _mall_on_paid_groupbuy(self, now):
        # Paid, held until the group succeeds (mall_groupbuy confirms the
        # orders then, or refunds them when it fails); group buys earn their
        # commission when the group succeeds.
        self._mall_orders_paid(
            self.order_ids.filtered(lambda o: o.state != "cancel"), now
        )

    def _mall_on_paid_bargain(self, now):
        # The payment's post-processing confirms the quotation; the bargain
        # is bought.
        self._mall_payable_orders()._mall_commission_accrue()
        self._mall_orders_paid(self.order_ids, now)
        self.env["mall.bargain"]._bargain_paid_orders(self.order_ids)

    def _mall_on_paid_flash(self, now):
        # The payment's post-processing confirms the quotation; the claim is
        # paid and no longer expires.
        self._mall_payable_orders()._mall_commission_accrue()
        self._mall_orders_paid(self.order_ids, now)
        self.env["mall.flash.claim"].sudo().search(
            [("order_id", "in", self.order_ids.ids)]
        ).write({"state": "paid"})

    def _mall_on_paid_points(self, now):
        # Points and money: the payment's post-processing confirms the
        # quotation; points pay no points.
        self._mall_orders_paid(self.order_ids, now)
        self.env["mall.points.redemption"].sudo().search(
            [("order_id", "in", self.order_ids.ids)]
        )._points_paid()

    def _mall_on_paid_topup(self, now):
        # The payment's post-processing confirms the quotation, which credits
        # the balance (or starts the member card).
        self._mall_orders_paid(self.order_ids, now)

    def _mall_on_paid_card(self, now):
        # As a top-up: the post-processing starts or extends the card.
        self._mall_on_paid_topup(now)

    def _mall_cancel_unpaid(self):
        """Cancel the orders of these unpaid checkouts: stock and coupons go
        back."""
        for checkout in self.filtered(lambda c: c.state == "to_pay"):
            checkout.order_ids.filtered(lambda o: o.state != "cancel")._action_cancel()
            checkout.state = "cancel"

    @api.model
    def _cron_cancel_unpaid(self, batch_size=200):
        expired = self.search(
            [("state", "=", "to_pay"), ("pay_before", "<", fields.Datetime.now())],
            limit=batch_size,
        )
        expired._mall_cancel_unpaid()
        return expired

    # ------------------------------------------------------------------
    # From the cart to orders
    # ------------------------------------------------------------------
    @api.model
    def _mall_selected_by_shop(self, cart):
        lines = cart.order_line.filtered("mall_selected")
        if not lines:
            raise CartError("CART_EMPTY", _("Select the products to buy first."))
        default_shop = self.env["mall.shop"].sudo().search([], limit=1)
        by_shop = {}
        for line in lines:
            shop = line.product_id.product_tmpl_id.mall_shop_id or default_shop
            if not shop:
                raise CartError("BUSINESS_RULE", _("The mall has no shop yet."))
            by_shop.setdefault(shop, self.env["sale.order.line"].sudo())
            by_shop[shop] |= line
        return by_shop

    @api.model
    def _mall_build_orders(self, shopper, address, carriers, preview=False):
        """One draft order per shop of the selected cart lines, with its
        delivery line: ``(cart, {shop: order})``."""
        cart = self.env["mall.cart"]._get(shopper)
        Order = self.env["sale.order"].sudo().with_context(mall_risk_defer=True)
        orders = {}
        for shop, lines in self._mall_selected_by_shop(cart).items():
            values = {
                "partner_id": shopper.id,
                "partner_shipping_id": address.id,
                "partner_invoice_id": shopper.id,
                "mall_shop_id": shop.id,
                "warehouse_id": shop.warehouse_id.id,
                "company_id": shop.company_id.id,
                "order_line": [
                    (0, 0, self._mall_order_line_values(line)) for line in lines
                ],
            }
            if preview:
                values["name"] = "preview"  # no order number used up
            order = Order.create(values)
            order._mall_set_delivery(carriers.get(shop.id))
            orders[shop] = order
        # Coupons: the shopper's choice, else the best one (None: best).
        Order._mall_checkout_coupons(
            list(orders.values()), self.env.context.get("mall_coupon_ids")
        )
        # Orders carry the UTM of the channel in effect: the code scanned for
        # this visit (``X-Mall-Scene``), else the shopper's first one.
        channel = self._mall_channel_in_effect(shopper)
        if channel and orders:
            Order.concat(*orders.values()).write(channel._mall_utm_values())
        return cart, orders

    @api.model
    def _mall_order_line_values(self, cart_line):
        """The order line of a cart line: priced again by the pricelist,
        except the lines of a bundle, which keep their bundle price."""
        values = {
            "product_id": cart_line.product_id.id,
            "product_uom_qty": cart_line.product_uom_qty,
        }
        if cart_line.mall_bundle_id:
            values.update(
                price_unit=cart_line.price_unit,
                mall_bundle_id=cart_line.mall_bundle_id.id,
                mall_bundle_group=cart_line.mall_bundle_group,
            )
        return values

    @api.model
    def _mall_preview(self, shopper, address, carriers, payload):
        """What the checkout would create, built and rolled back: the same
        code computes the preview and the real orders."""
        return self._mall_rolled_back(
            lambda: payload(
                self._mall_build_orders(shopper, address, carriers, preview=True)[1]
            )
        )

    @api.model
    def _mall_rolled_back(self, build):
        """What ``build()`` returns, all it wrote taken back."""
        result = None
        try:
            with self.env.cr.savepoint():
                result = build()
                raise _Preview()
        except _Preview:
            # The savepoint took back what the preview built; the cache
            # still holds it.
            self.env.invalidate_all()
        return result

    @api.model
    def _mall_checkout(self, shopper, address, carriers, device_id=None):
        """Create and confirm the orders of the selected cart lines, stock
        reserved, and the checkout that pays them all."""
        cart, orders = self._mall_build_orders(shopper, address, carriers)
        orders = self.env["sale.order"].sudo().concat(*orders.values())
        self._mall_claim_stock(orders)
        orders.order_line._mall_flash_claim()
        checkout = self.sudo().create(
            {
                "partner_id": shopper.id,
                "company_id": orders[:1].company_id.id,
                "currency_id": orders[:1].currency_id.id,
            }
        )
        orders.write(
            {
                "mall_checkout_id": checkout.id,
                "mall_payment_state": "unpaid",
                "mall_device_id": device_id or False,
            }
        )
        orders._mall_assess_risk()
        orders.filtered(lambda o: not o.mall_risk_hold).action_confirm()
        cart.order_line.filtered("mall_selected").unlink()
        return checkout

    @api.model
    def _mall_claim_stock(self, orders):
        """Refuse what is not there, so that two checkouts of the last unit
        cannot both pass."""
        lines = orders.order_line.filtered(lambda line: line.product_id.is_storable)
        if not lines:
            return
        # A no-op UPDATE, not just a lock: under Odoo's REPEATABLE READ a
        # second checkout of these products waits, then fails to serialize
        # and is retried by Odoo on a snapshot that sees the first one's
        # reservations.
        self.env.cr.execute(
            "UPDATE product_product SET write_date = write_date WHERE id IN %s",
            [tuple(sorted(lines.product_id.ids))],
        )
        Cart = self.env["mall.cart"]
        for order in orders:
            wanted = {}
            storable = order.order_line.filtered(
                lambda line: line.product_id.is_storable
            )
            for line in storable:
                wanted[line.product_id] = (
                    wanted.get(line.product_id, 0) + line.product_uom_qty
                )
            for variant, quantity in wanted.items():
                variant.invalidate_recordset(["free_qty"])
                Cart._check_stock(variant, quantity)

    # ------------------------------------------------------------------
    # Payment
    # ------------------------------------------------------------------
    def _mall_payable_orders(self):
        """The orders the payment of this checkout covers: the confirmed shop
        orders, or the top-up quotation that the payment confirms."""
        self.ensure_one()
        if self.kind in ("topup", "groupbuy", "flash", "card", "points", "bargain"):
            return self.order_ids.filtered(lambda o: o.state in ("draft", "sent"))
        return self.order_ids.filtered(lambda o: o.state == "sale")

    # ------------------------------------------------------------------
    # One-order checkouts: top-up, member card, points, group buy, flash
    # sale, bargain. Each builder makes (or finds) its order under its own
    # rules; the checkout that pays it is made the same way for all.
    # ------------------------------------------------------------------
    @api.model
    def _mall_single_order_checkout(
        self, kind, shopper, order, claim_stock=False, pay_before=None
    ):
        """The checkout of ``kind`` paying the quotation ``order`` of
        ``shopper``: the order's unpaid checkout when it has one (asking
        again), else a new one, ``order``'s stock claimed first when
        ``claim_stock``. ``pay_before`` omitted: the usual payment time."""
        checkout = order.mall_checkout_id
        if checkout.state == "to_pay":
            return checkout
        if claim_stock:
            self._mall_claim_stock(order)
        values = {
            "kind": kind,
            "partner_id": shopper.id,
            "company_id": order.company_id.id,
            "currency_id": order.currency_id.id,
        }
        if pay_before is not None:
            # The caller's deadline is kept even when empty (False).
            values["pay_before"] = pay_before
        checkout = self.sudo().create(values)
        order.write({"mall_checkout_id": checkout.id, "mall_payment_state": "unpaid"})
        return checkout

    @api.model
    def _mall_shop_of(self, templates, required=True):
        """The shop selling ``templates``: the first one's, else the mall's
        first shop. ``required``: none at all is a ``CartError``."""
        Shop = self.env["mall.shop"].sudo()
        shop = templates.mall_shop_id[:1] or Shop.search([], limit=1)
        if required and not shop:
            raise CartError("BUSINESS_RULE", _("The mall has no shop yet."))
        return shop

    @api.model
    def _mall_shipping_values(self, shopper, address, shop):
        """The order values delivering to ``address`` from ``shop``."""
        return {
            "partner_shipping_id": address.id,
            "partner_invoice_id": shopper.id,
            "mall_shop_id": shop.id,
            "warehouse_id": shop.warehouse_id.id,
        }

    @api.model
    def _mall_pricelist_in(self, currency, company):
        return (
            self.env["product.pricelist"]
            .sudo()
            .search(
                [
                    ("currency_id", "=", currency.id),
                    ("company_id", "in", (False, company.id)),
                ],
                limit=1,
            )
        )

    @api.model
    def _mall_quotation(self, shopper, company_id, pricelist, line_values):
        """A one-line quotation of ``shopper``, confirmed by its payment."""
        return (
            self.env["sale.order"]
            .sudo()
            .with_context(mall_risk_defer=True)
            .create(
                {
                    "partner_id": shopper.id,
                    "company_id": company_id,
                    "pricelist_id": pricelist.id,
                    "order_line": [(0, 0, line_values)],
                }
            )
        )

    @api.model
    def _mall_topup(self, shopper, amount, program):
        """A checkout that tops up the balance of ``shopper`` on the eWallet
        ``program`` by ``amount`` (a Decimal): a quotation of the program's
        top-up product, tax-free (a prepayment, not a sale)."""
        product = program.trigger_product_ids[:1]
        pricelist = self._mall_pricelist_in(program.currency_id, program.company_id)
        if not product or not pricelist:
            raise UserError(
                _("The balance program %s has no top-up product or price list.")
                % program.name
            )
        order = self._mall_quotation(
            shopper,
            program.company_id.id or self.env.company.id,
            pricelist,
            {
                "product_id": product.id,
                "product_uom_qty": 1,
                "price_unit": float(amount),
                "tax_id": [(5,)],
            },
        )
        return self._mall_single_order_checkout("topup", shopper, order)

    @api.model
    def _mall_card_checkout(self, shopper, plan):
        """A checkout buying (or renewing) the paid member card ``plan``: a
        quotation of its card product, confirmed by its payment, which
        starts or extends the card."""
        pricelist = self._mall_pricelist_in(plan.currency_id, plan.company_id)
        if not pricelist:
            raise UserError(
                _("No price list sells member card %s in its currency.") % plan.name
            )
        order = self._mall_quotation(
            shopper,
            plan.company_id.id,
            pricelist,
            {
                "product_id": plan.product_id.id,
                "product_uom_qty": 1,
                "price_unit": plan.price,
            },
        )
        return self._mall_single_order_checkout("card", shopper, order)

    @api.model
    def _mall_points_checkout(self, shopper, item, qty, address, carrier_id=None):
        """Redeem ``qty`` of the points-mall ``item`` delivered to
        ``address`` by ``carrier_id`` (the cheapest when omitted; goods only):
        ``(redemption, checkout)``. Nothing left to pay (points only, free
        delivery), the order is confirmed and the checkout paid at once; else
        the checkout pays the money part, taxed, and the delivery fee (unpaid
        in time, it cancels and the points come back). Raises
        ``PointsMallError`` or ``CartError``."""
        shop = self._mall_shop_of(item.product_id.product_tmpl_id)
        redemption = (
            self.env["mall.points.redemption"]
            .sudo()
            ._points_redeem(
                shopper,
                item,
                qty,
                self._mall_shipping_values(shopper, address, shop),
            )
        )
        order = redemption.order_id
        self._mall_points_ship(order, item, carrier_id)
        checkout = self._mall_single_order_checkout(
            "points", shopper, order, claim_stock=True
        )
        if order.currency_id.is_zero(order.amount_total):
            order.action_confirm()
            checkout._mall_mark_paid()
        else:
            # A delivery fee makes points only a points + money redemption.
            redemption._points_to_pay()
        return redemption, checkout

    @api.model
    def _mall_points_ship(self, order, item, carrier_id=None):
        """Goods ship like any order: the delivery line of ``carrier_id``, or
        of the cheapest delivery method; a coupon or a service ships not."""
        if item.product_id.type == "consu":
            order._mall_set_delivery(carrier_id)

    @api.model
    def _mall_points_preview(self, shopper, item, qty, address, carrier_id, payload):
        """``payload(shop, order)`` of the order that redeeming ``qty`` of the
        points-mall ``item`` would make (its delivery methods, fee, taxes
        and money to pay): built, no points spent, and rolled back."""
        shop = self._mall_shop_of(item.product_id.product_tmpl_id)

        def build():
            redemption = (
                self.env["mall.points.redemption"]
                .sudo()
                .new(
                    {
                        "name": "preview",
                        "partner_id": shopper.id,
                        "item_id": item.id,
                        "company_id": item.company_id.id,
                        "qty": qty,
                    }
                )
            )
            values = self._mall_shipping_values(shopper, address, shop)
            order = redemption._points_order(dict(values, name="preview"))
            self._mall_points_ship(order, item, carrier_id)
            return payload(shop, order)

        return self._mall_rolled_back(build)

    @api.model
    def _mall_groupbuy_checkout(self, campaign, shopper, address, carrier_id, join):
        """The checkout of a group-buy seat: ``join(order_values)`` reserves
        the seat and creates its order (a quotation at the group price, held
        until the group succeeds); the checkout pays it."""
        shop = self._mall_shop_of(campaign.product_tmpl_id)
        member = join(
            dict(
                self._mall_shipping_values(shopper, address, shop),
                company_id=shop.company_id.id,
            )
        )
        order = member.order_id.sudo()
        order._mall_set_delivery(carrier_id)
        checkout = self._mall_single_order_checkout(
            "groupbuy",
            shopper,
            order,
            claim_stock=True,
            pay_before=member.reserved_until,
        )
        return member, checkout

    @api.model
    def _mall_flash_checkout(self, claim, address, carrier_id=None):
        """The checkout of a flash-sale claim's order: delivered to
        ``address``, to pay before the claim expires. Asking again while it is
        unpaid gives the same checkout, with the new address."""
        order = claim.order_id.sudo()
        if claim.state != "ordered" or order.state not in ("draft", "sent"):
            raise CartError(
                "BUSINESS_RULE",
                _("This claim has no order waiting for payment."),
            )
        templates = order.order_line.product_id.product_tmpl_id
        shop = self._mall_shop_of(templates, required=False)
        values = {"partner_shipping_id": address.id}
        if shop and not order.mall_shop_id:
            values.update(mall_shop_id=shop.id, warehouse_id=shop.warehouse_id.id)
        order.write(values)
        order._mall_set_delivery(carrier_id)
        # The claim holds the stock already.
        return self._mall_single_order_checkout(
            "flash", claim.partner_id, order, pay_before=claim.expires_at
        )

    @api.model
    def _mall_bargain_checkout(self, bargain, shopper, address, carrier_id=None):
        """The checkout of a bargain bought at its current price: the
        bargain's quotation (see ``mall.bargain._bargain_order``) delivered
        to ``address``. Asking again while it is unpaid gives the same
        checkout, with the new address."""
        shop = self._mall_shop_of(bargain.campaign_id.product_id.product_tmpl_id)
        values = {"partner_shipping_id": address.id, "partner_invoice_id": shopper.id}
        order = bargain._bargain_order(values).sudo()
        if not order.mall_shop_id:
            order.write({"mall_shop_id": shop.id, "warehouse_id": shop.warehouse_id.id})
        order._mall_set_delivery(carrier_id)
        return self._mall_single_order_checkout(
            "bargain", shopper, order, claim_stock=True
        )

    def _mall_payment_transaction(self, provider, **payer_values):
        """A payment transaction of ``provider`` for this checkout's orders,
        for the server's total: the client never names an amount.

        :param payer_values: the provider's fields of the payer
            (``wechatpay_openid``, ``alipay_buyer_id``...).
        """
        self.ensure_one()
        payment_method = provider.payment_method_ids[:1]
        Tx = self.env["payment.transaction"].sudo()
        values = {
            "provider_id": provider.id,
            "payment_method_id": payment_method.id,
            "reference": Tx._compute_reference(provider.code, prefix=self.name),
            "amount": self.amount_total,
            "currency_id": self.currency_id.id,
            "partner_id": self.partner_id.id,
            "operation": "online_direct",
            "sale_order_ids": [(6, 0, self._mall_payable_orders().ids)],
        }
        return Tx.create(dict(values, **payer_values))

    @api.model
    def _mall_channel_in_effect(self, shopper):
        scene = self.env.context.get("mall_scene")
        if scene is None and request:
            scene = request.httprequest.headers.get(SCENE_HEADER)
        Channel = self.env["mall.channel.code"]
        channel = Channel._mall_from_scene(scene) if scene else Channel
        if channel:
            shopper._mall_set_first_channel(channel)
        return channel or shopper.sudo().mall_channel_code_id
