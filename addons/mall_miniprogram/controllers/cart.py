# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from decimal import Decimal

from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.mall_catalog.tools import images, money

from ..http_api import MallApiError, api_route, current_shopper
from ..models.mall_cart import CartError
from ..schemas.cart import (
    AddLine,
    Cart,
    CartSync,
    CartSyncResult,
    Checkout,
    CheckoutPreview,
    CheckoutRequest,
    PayRequest,
    PayResult,
    SelectLines,
    UpdateLine,
)

CART_ERRORS = ("NOT_FOUND", "OUT_OF_STOCK", "BUSINESS_RULE")


@contextmanager
def cart_errors():
    try:
        yield
    except CartError as exc:
        details = [{"type": exc.code.lower(), **exc.details}] if exc.details else None
        raise MallApiError(exc.code, details=details) from exc


def _money(amount, currency):
    return money.format_amount(amount, currency.decimal_places)


def shop_ref(shop):
    return {"id": shop.id, "name": shop.name} if shop else None


def cart_payload(cart):
    Cart_ = request.env["mall.cart"]
    currency = cart.currency_id or request.env.company.currency_id
    base = request.env["product.template"]._mall_image_base()
    lines = cart.order_line
    available = Cart_._available_map(lines.product_id)
    checksums = lines.product_id.product_tmpl_id._mall_checksums("image_256")
    payload_lines = []
    for line in lines:
        variant = line.product_id
        template = variant.product_tmpl_id
        values = variant.product_template_attribute_value_ids
        payload_lines.append(
            {
                "id": line.id,
                "product_id": template.id,
                "variant_id": variant.id,
                "name": template.name,
                "variant": values._get_combination_name(),
                "image": images.image_url(
                    base, "product", template.id, 256, checksums.get(template.id)
                ),
                "price": _money(line.price_reduce_taxinc, currency),
                "quantity": int(line.product_uom_qty),
                "subtotal": _money(line.price_total, currency),
                "selected": line.mall_selected,
                "available": available[variant.id],
                "shop": shop_ref(template.mall_shop_id),
                "bundle": {
                    "id": line.mall_bundle_id.id,
                    "name": line.mall_bundle_id.name,
                    "group": line.mall_bundle_group,
                }
                if line.mall_bundle_id
                else None,
            }
        )
    selected = lines.filtered("mall_selected")
    return {
        "currency": currency.name,
        "lines": payload_lines,
        "selected_quantity": int(sum(selected.mapped("product_uom_qty"))),
        "selected_amount": _money(sum(selected.mapped("price_total")), currency),
    }


def address_of(shopper, address_id):
    address = (
        request.env["res.partner"]
        .sudo()
        .search(
            [
                ("id", "=", address_id),
                ("parent_id", "=", shopper.id),
                ("type", "=", "delivery"),
            ]
        )
    )
    if not address:
        raise MallApiError("NOT_FOUND")
    return address


def shop_order_preview(shop, order):
    """The preview of one shop's ``order``: lines, delivery methods, fee,
    taxes and total."""
    currency = order.currency_id
    delivery = order.order_line.filtered("is_delivery")
    goods = order.order_line - delivery
    return {
        "shop": shop_ref(shop),
        "lines": [
            {
                "variant_id": line.product_id.id,
                "name": line.product_id.display_name,
                "quantity": int(line.product_uom_qty),
                "price": _money(line.price_reduce_taxinc, currency),
                "subtotal": _money(line.price_total, currency),
                "note": line._mall_flash_note(),
            }
            for line in goods
        ],
        "carriers": [
            {
                "id": carrier.id,
                "name": carrier.name,
                "fee": _money(fee, currency),
            }
            for carrier, fee in order._mall_available_carriers()
        ],
        "carrier_id": order.carrier_id.id or None,
        "delivery_fee": _money(sum(delivery.mapped("price_total")), currency),
        "amount_untaxed": _money(order.amount_untaxed, currency),
        "amount_tax": _money(order.amount_tax, currency),
        "amount_total": _money(order.amount_total, currency),
    }


def preview_payload(orders):
    result = [shop_order_preview(shop, order) for shop, order in orders.items()]
    last = list(orders.values())[-1:]
    currency = last[0].currency_id if last else request.env.company.currency_id
    total = sum(order.amount_total for order in orders.values())
    coupons = (
        request.env["sale.order"].sudo()._mall_coupon_options(list(orders.values()))
    )
    saved = sum(Decimal(c["discount"]) for c in coupons if c.get("selected"))
    return {
        "currency": currency.name,
        "orders": result,
        # The seam of the loyalty features: coupons that apply, best first.
        "coupons": coupons,
        "coupons_saved": _money(saved, currency),
        "amount_total": _money(total, currency),
    }


def checkout_payload(checkout):
    currency = checkout.currency_id
    return {
        "id": checkout.id,
        "name": checkout.name,
        "currency": currency.name,
        "amount_total": _money(checkout.amount_total, currency),
        "pay_before": checkout.pay_before,
        "orders": [
            {
                "id": order.id,
                "name": order.name,
                "shop": shop_ref(order.mall_shop_id),
                "amount_total": _money(order.amount_total, currency),
                "held": order.mall_risk_hold,
            }
            for order in checkout.order_ids
        ],
    }


def _payer_values(shopper, provider, checkout, body):
    """The transaction fields naming the payer for ``provider``: the shopper's
    identity in the provider's app; refuses what cannot be paid that way."""
    if body.installments and provider.code != "alipay":
        raise MallApiError("INSTALLMENTS_UNAVAILABLE")
    if provider.code == "mall_balance":
        card = (
            request.env["loyalty.card"]
            .sudo()
            .search(
                [
                    ("program_id", "=", provider.mall_balance_program_id.id),
                    ("partner_id", "=", shopper.id),
                ],
                order="id",
                limit=1,
            )
        )
        currency = checkout.currency_id
        if currency.compare_amounts(card.points, checkout.amount_total) < 0:
            raise MallApiError("INSUFFICIENT_BALANCE")
        return {}
    platform, appid = {
        "wechatpay": ("weixin", provider.wechatpay_appid),
        "alipay": ("alipay", provider.alipay_app_id),
    }[provider.code]
    identity = shopper.mall_identity_ids.filtered(
        lambda i: i.platform == platform and i.appid == appid
    )[:1]
    if not identity:
        raise MallApiError("PLATFORM_NOT_CONFIGURED")
    if provider.code == "wechatpay":
        return {"wechatpay_openid": identity.openid}
    if body.installments and (
        body.installments not in provider._alipay_huabei_allowed_periods()
    ):
        raise MallApiError("INSTALLMENTS_UNAVAILABLE")
    # Alipay apps give user ids (2088 and 12 digits) or, since 2023, open ids.
    buyer = identity.openid
    is_user_id = buyer.isdigit() and buyer.startswith("2088")
    return {
        "alipay_buyer_id" if is_user_id else "alipay_buyer_open_id": buyer,
        "alipay_installments": body.installments or 0,
    }


class MallCartController(http.Controller):
    @api_route(
        "/cart",
        summary="The shopper's cart",
        tags=["cart"],
        auth="shopper",
        response=Cart,
        # A limited-time discount that started or ended reprices the lines.
        readonly=False,
    )
    def cart(self):
        Cart_ = request.env["mall.cart"]
        cart = Cart_._get(current_shopper(), create=False)
        if cart:
            Cart_._refresh_prices(cart)
        return cart_payload(cart)

    @api_route(
        "/cart/lines",
        method="POST",
        summary="Add a product variant (added again: the quantities add up)",
        tags=["cart"],
        auth="shopper",
        body=AddLine,
        response=Cart,
        errors=CART_ERRORS,
    )
    def add_line(self, body):
        Cart_ = request.env["mall.cart"]
        cart = Cart_._get(current_shopper())
        with cart_errors():
            Cart_._add(cart, body.variant_id, body.quantity)
        return cart_payload(cart)

    @api_route(
        "/cart/lines/<int:line_id>",
        method="PATCH",
        summary="Change a line's quantity or variant, or (un)select it",
        tags=["cart"],
        auth="shopper",
        body=UpdateLine,
        response=Cart,
        errors=CART_ERRORS,
    )
    def update_line(self, line_id, body):
        Cart_ = request.env["mall.cart"]
        cart = Cart_._get(current_shopper())
        with cart_errors():
            Cart_._update(cart, line_id, body.quantity, body.variant_id, body.selected)
        return cart_payload(cart)

    @api_route(
        "/cart/lines/<int:line_id>",
        method="DELETE",
        summary="Remove a line",
        tags=["cart"],
        auth="shopper",
        response=Cart,
        errors=("NOT_FOUND",),
    )
    def remove_line(self, line_id):
        Cart_ = request.env["mall.cart"]
        cart = Cart_._get(current_shopper())
        with cart_errors():
            Cart_._remove(cart, line_id)
        return cart_payload(cart)

    @api_route(
        "/cart/select",
        method="POST",
        summary="Select or unselect lines for the checkout (all when no ids)",
        tags=["cart"],
        auth="shopper",
        body=SelectLines,
        response=Cart,
        errors=("NOT_FOUND",),
    )
    def select(self, body):
        Cart_ = request.env["mall.cart"]
        cart = Cart_._get(current_shopper())
        with cart_errors():
            Cart_._select(cart, body.selected, body.line_ids)
        return cart_payload(cart)

    @api_route(
        "/cart/sync",
        method="POST",
        summary="Replay cart changes made offline",
        description="Each transaction carries the client's own id: they are "
        "applied in order, each exactly once however often the batch is sent; "
        "one that cannot be applied (e.g. out of stock) is reported and "
        "skipped.",
        tags=["cart"],
        auth="shopper",
        body=CartSync,
        response=CartSyncResult,
    )
    def sync(self, body):
        cart, results = request.env["mall.cart"]._apply_transactions(
            current_shopper(), [t.model_dump() for t in body.transactions]
        )
        return {"results": results, "cart": cart_payload(cart)}

    @api_route(
        "/checkout/preview",
        method="POST",
        summary="What the checkout of the selected lines would cost",
        description="One order per shop, with its delivery methods and fee "
        "(free over the method's threshold), taxes and totals. Nothing is "
        "created.",
        tags=["checkout"],
        auth="shopper",
        body=CheckoutRequest,
        response=CheckoutPreview,
        errors=("NOT_FOUND", "CART_EMPTY", "VALIDATION_ERROR", "BUSINESS_RULE"),
        rate_limit=False,
    )
    def preview(self, body):
        shopper = current_shopper()
        address = address_of(shopper, body.address_id)
        with cart_errors():
            return (
                request.env["mall.checkout"]
                .sudo()
                .with_context(mall_coupon_ids=body.coupon_ids, mall_scene=body.scene)
                ._mall_preview(shopper, address, body.carriers, preview_payload)
            )

    @api_route(
        "/checkout",
        method="POST",
        summary="Place the orders of the selected lines",
        description="Creates one order per shop, reserves their stock and "
        "returns the checkout that one payment settles. Unpaid by "
        "`pay_before`, the orders cancel themselves. Send an Idempotency-Key: "
        "a retried checkout never places the orders twice.",
        tags=["checkout"],
        auth="shopper",
        body=CheckoutRequest,
        response=Checkout,
        status=201,
        errors=(
            "NOT_FOUND",
            "CART_EMPTY",
            "OUT_OF_STOCK",
            "VALIDATION_ERROR",
            "BUSINESS_RULE",
        ),
    )
    def checkout(self, body):
        shopper = current_shopper()
        address = address_of(shopper, body.address_id)
        device = request.httprequest.headers.get("X-Mall-Device")
        with cart_errors():
            checkout = (
                request.env["mall.checkout"]
                .sudo()
                .with_context(mall_coupon_ids=body.coupon_ids, mall_scene=body.scene)
                ._mall_checkout(
                    shopper, address, body.carriers, device_id=(device or "")[:128]
                )
            )
        return checkout_payload(checkout)

    @api_route(
        "/checkouts/<int:checkout_id>/pay",
        method="POST",
        summary="Pay a checkout",
        description="Creates the payment of the checkout's total (computed by "
        "the server). WeChat Pay answers what `wx.requestPayment` takes, "
        "Alipay the trade number of `my.tradePay` (with Huabei instalments "
        "if asked); both orders are paid when the platform's signed "
        "notification arrives (or the payment is queried), never on the "
        "client's word. The balance pays at once.",
        tags=["checkout"],
        auth="shopper",
        body=PayRequest,
        response=PayResult,
        errors=(
            "NOT_FOUND",
            "ORDER_STATE",
            "INSUFFICIENT_BALANCE",
            "INSTALLMENTS_UNAVAILABLE",
            "PLATFORM_NOT_CONFIGURED",
            "PLATFORM_UNAVAILABLE",
        ),
    )
    def pay(self, checkout_id, body):
        shopper = current_shopper()
        checkout = (
            request.env["mall.checkout"]
            .sudo()
            .search([("id", "=", checkout_id), ("partner_id", "=", shopper.id)])
        )
        if not checkout:
            raise MallApiError("NOT_FOUND")
        if (
            checkout.state != "to_pay"
            or checkout.pay_before < fields.Datetime.now()
            or any(order.mall_risk_hold for order in checkout.order_ids)
            or not checkout._mall_payable_orders()
            # Topping the balance up from the balance makes no sense.
            or (checkout.kind == "topup" and body.provider == "mall_balance")
        ):
            raise MallApiError("ORDER_STATE")
        provider = (
            request.env["payment.provider"]
            .sudo()
            .search(
                [
                    ("code", "=", body.provider),
                    ("state", "in", ("enabled", "test")),
                    ("company_id", "=", checkout.company_id.id),
                ],
                limit=1,
            )
        )
        if not provider:
            raise MallApiError("PLATFORM_NOT_CONFIGURED")
        payer_values = _payer_values(shopper, provider, checkout, body)
        tx = checkout._mall_payment_transaction(provider, **payer_values)
        try:
            values = tx._get_processing_values()
        except ValidationError as exc:
            if provider.code == "mall_balance":
                # Spent meanwhile (checked again under lock): nothing debited.
                raise MallApiError("INSUFFICIENT_BALANCE") from exc
            raise MallApiError("PLATFORM_UNAVAILABLE") from exc
        result = {
            "reference": tx.reference,
            "provider": provider.code,
            "amount": _money(tx.amount, tx.currency_id),
            "state": "done" if tx.state == "done" else "pending",
        }
        if provider.code == "wechatpay":
            result["request_payment"] = values["wechatpay_request_payment"]
        elif provider.code == "alipay":
            result["trade_no"] = values["alipay_trade_no"]
        else:
            result["balance_remaining"] = _money(
                values["mall_balance_remaining"], tx.currency_id
            )
        return result
