# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.mall_catalog.tools.bundle import split_price

MAX_LINES = 100
MAX_QUANTITY = 999


class CartError(UserError):
    """A cart change the shopper must be told about: ``code`` is the API's
    error code, ``details`` what it carries."""

    def __init__(self, code, message, **details):
        super().__init__(message)
        self.code = code
        self.details = details


class MallCart(models.AbstractModel):
    """The shopper's cart, kept as a draft sale order marked as a cart (as
    OCA's sale_cart and shopinvader do). Its lines may come from several
    shops; the checkout turns the selected ones into one order per shop."""

    _name = "mall.cart"
    _description = "Mall Cart Service"

    @api.model
    def _get(self, shopper, create=True):
        Order = self.env["sale.order"].sudo()
        cart = Order.search(
            [
                ("partner_id", "=", shopper.id),
                ("mall_is_cart", "=", True),
                ("state", "=", "draft"),
            ],
            order="id desc",
            limit=1,
        )
        if cart or not create:
            return cart
        return Order.with_context(mall_risk_defer=True).create(
            {"partner_id": shopper.id, "mall_is_cart": True}
        )

    @api.model
    def _refresh_prices(self, cart):
        """Reprice the cart lines whose limited-time discount started or ended
        since they last changed: the cart shows what checkout will charge."""
        lines = cart.order_line.filtered(
            lambda line: line.product_id and not line.mall_bundle_id
        )
        if not lines:
            return lines
        before = {line: line.mall_flash_discount_line_id for line in lines}
        lines._compute_mall_flash_discount_line_id()
        changed = lines.filtered(
            lambda line: line.mall_flash_discount_line_id != before[line]
        )
        if changed:
            changed.with_context(force_price_recomputation=True)._compute_price_unit()
            changed._compute_discount()
        return changed

    @api.model
    def _sellable_variant(self, variant_id):
        variant = self.env["product.product"].sudo().browse(variant_id).exists()
        template = variant.product_tmpl_id
        if (
            not variant
            or not variant.active
            or not template.filtered_domain(template._mall_visible_domain())
        ):
            raise CartError("NOT_FOUND", _("This product is not for sale."))
        return variant

    @api.model
    def _check_quantity(self, quantity):
        if not 1 <= quantity <= MAX_QUANTITY:
            raise CartError(
                "VALIDATION_ERROR",
                _("The quantity must be between 1 and %(max)s.", max=MAX_QUANTITY),
            )

    @api.model
    def _available(self, variant):
        """Units of ``variant`` a shopper can still buy from its shop."""
        return self._available_map(variant)[variant.id]

    @api.model
    def _available_map(self, variants):
        """``{variant id: units left}``, read once per shop warehouse."""
        available = {}
        storable = variants.filtered(lambda v: v.product_tmpl_id.is_storable)
        for variant in variants - storable:
            available[variant.id] = MAX_QUANTITY
        by_warehouse = storable.grouped(
            lambda v: v.product_tmpl_id.mall_shop_id.warehouse_id
        )
        for warehouse, group in by_warehouse.items():
            context = {"warehouse_id": warehouse.id} if warehouse else {}
            for variant in group.with_context(**context):
                available[variant.id] = max(0, int(variant.free_qty))
        return available

    @api.model
    def _check_stock(self, variant, quantity):
        available = self._available(variant)
        if quantity > available:
            raise CartError(
                "OUT_OF_STOCK",
                _(
                    "Only %(count)s left of %(product)s.",
                    count=available,
                    product=variant.display_name,
                ),
                variant_id=variant.id,
                available=available,
            )

    def _line(self, cart, line_id):
        line = cart.order_line.filtered(lambda line: line.id == line_id)
        if not line:
            raise CartError("NOT_FOUND", _("This line is not in your cart."))
        return line

    @api.model
    def _add(self, cart, variant_id, quantity):
        variant = self._sellable_variant(variant_id)
        self._check_quantity(quantity)
        # Bundle lines keep their bundle price: never merged with others.
        line = cart.order_line.filtered(
            lambda line: line.product_id == variant and not line.mall_bundle_id
        )[:1]
        total = quantity + (int(line.product_uom_qty) if line else 0)
        self._check_quantity(total)
        self._check_stock(variant, total)
        if line:
            line.write({"product_uom_qty": total, "mall_selected": True})
            return line
        if len(cart.order_line) >= MAX_LINES:
            raise CartError(
                "BUSINESS_RULE",
                _("A cart holds at most %(max)s products.", max=MAX_LINES),
            )
        return (
            self.env["sale.order.line"]
            .sudo()
            .create(
                {
                    "order_id": cart.id,
                    "product_id": variant.id,
                    "product_uom_qty": quantity,
                    "mall_selected": True,
                }
            )
        )

    @api.model
    def _add_bundle(self, cart, bundle, quantity):
        """Add ``quantity`` bundles: one line per product of the bundle, priced
        so that the lines of one bundle add up to its price; they are kept
        together (selected, removed) as one group."""
        self._check_quantity(quantity)
        if not bundle.exists() or not bundle.active or not bundle._mall_is_visible():
            raise CartError("NOT_FOUND", _("This bundle is not on sale."))
        bundle_lines = bundle.sudo().line_ids
        wanted = {}
        for bundle_line in bundle_lines:
            variant = self._sellable_variant(bundle_line.product_id.id)
            wanted[variant] = wanted.get(variant, 0) + bundle_line.quantity * quantity
        for variant, units in wanted.items():
            in_cart = sum(
                cart.order_line.filtered(
                    lambda line, v=variant: line.product_id == v
                ).mapped("product_uom_qty")
            )
            self._check_quantity(int(in_cart) + units)
            self._check_stock(variant, int(in_cart) + units)
        if len(cart.order_line) + len(bundle_lines) > MAX_LINES:
            raise CartError(
                "BUSINESS_RULE",
                _("A cart holds at most %(max)s products.", max=MAX_LINES),
            )
        unit_prices = self._bundle_unit_prices(bundle, cart)
        group = uuid.uuid4().hex
        return (
            self.env["sale.order.line"]
            .sudo()
            .create(
                [
                    {
                        "order_id": cart.id,
                        "product_id": bundle_line.product_id.id,
                        "product_uom_qty": bundle_line.quantity * quantity,
                        "price_unit": float(unit_prices[bundle_line]),
                        "mall_selected": True,
                        "mall_bundle_id": bundle.id,
                        "mall_bundle_group": group,
                    }
                    for bundle_line in bundle_lines
                ]
            )
        )

    @api.model
    def _bundle_unit_prices(self, bundle, cart):
        """The bundle's unit prices in the cart's currency: the bundle price
        and the list prices converted, then split again to the cart's cent."""
        currency = cart.currency_id
        source = bundle.currency_id
        if currency == source:
            return bundle._mall_unit_prices()
        company = cart.company_id

        def convert(amount):
            return source._convert(amount, currency, company, fields.Date.today())

        lines = bundle.line_ids
        units = split_price(
            [(convert(line.product_id.lst_price), line.quantity) for line in lines],
            convert(bundle.price),
            currency.decimal_places,
        )
        return dict(zip(lines, units, strict=True))

    @api.model
    def _with_bundle_group(self, lines):
        """The lines and the other lines of their bundles."""
        groups = set(lines.filtered("mall_bundle_group").mapped("mall_bundle_group"))
        if not groups:
            return lines
        return lines | lines.order_id.order_line.filtered(
            lambda line: line.mall_bundle_group in groups
        )

    @api.model
    def _update(self, cart, line_id, quantity=None, variant_id=None, selected=None):
        line = self._line(cart, line_id)
        if line.mall_bundle_id and (
            (quantity is not None and quantity != int(line.product_uom_qty))
            or (variant_id is not None and variant_id != line.product_id.id)
        ):
            raise CartError(
                "BUSINESS_RULE",
                _(
                    "A bundle is changed as a whole: remove it and add it again "
                    "with the quantity you want."
                ),
            )
        if line.mall_bundle_id and selected is not None:
            self._with_bundle_group(line).mall_selected = selected
            return line
        if variant_id is not None and variant_id != line.product_id.id:
            variant = self._sellable_variant(variant_id)
            if variant.product_tmpl_id != line.product_id.product_tmpl_id:
                raise CartError(
                    "VALIDATION_ERROR",
                    _("Choose another variant of the same product."),
                )
            same = cart.order_line.filtered(lambda line: line.product_id == variant)
            quantity = quantity or int(line.product_uom_qty)
            if same:
                # Switching to a variant already in the cart merges the lines.
                line.unlink()
                return self._update(
                    cart, same.id, int(same.product_uom_qty) + quantity, None, selected
                )
            self._check_stock(variant, quantity)
            line.write({"product_id": variant.id, "product_uom_qty": quantity})
        if quantity is not None:
            self._check_quantity(quantity)
            self._check_stock(line.product_id, quantity)
            line.product_uom_qty = quantity
        if selected is not None:
            line.mall_selected = selected
        return line

    @api.model
    def _remove(self, cart, line_id):
        self._with_bundle_group(self._line(cart, line_id)).unlink()

    @api.model
    def _select(self, cart, selected, line_ids=None):
        lines = cart.order_line
        if line_ids is not None:
            lines = lines.filtered(lambda line: line.id in set(line_ids))
            if len(lines) != len(set(line_ids)):
                raise CartError("NOT_FOUND", _("This line is not in your cart."))
        self._with_bundle_group(lines).mall_selected = selected

    @api.model
    def _apply_transactions(self, shopper, transactions):
        """Apply a batch of client transactions in order, each exactly once.

        Each transaction runs under a savepoint: one that fails is reported
        and undone without undoing the others.
        """
        Applied = self.env["mall.cart.transaction"].sudo()
        cart = self._get(shopper)
        results = []
        for transaction in transactions:
            if Applied.search_count(
                [("partner_id", "=", shopper.id), ("client_id", "=", transaction["id"])]
            ):
                results.append({"id": transaction["id"], "status": "duplicate"})
                continue
            try:
                with self.env.cr.savepoint():
                    self._apply_one(cart, transaction)
                    Applied.create(
                        {"partner_id": shopper.id, "client_id": transaction["id"]}
                    )
                results.append({"id": transaction["id"], "status": "applied"})
            except (CartError, ValidationError) as exc:
                code = getattr(exc, "code", "VALIDATION_ERROR")
                results.append(
                    {"id": transaction["id"], "status": "rejected", "error": code}
                )
                cart.invalidate_recordset()
        return cart, results

    def _apply_one(self, cart, transaction):
        action = transaction["action"]
        if action == "add":
            self._add(cart, transaction["variant_id"], transaction["quantity"])
            return
        line = self._line_of_variant(cart, transaction)
        if action == "set":
            self._update(cart, line.id, quantity=transaction["quantity"])
        elif action == "remove":
            self._remove(cart, line.id)
        elif action == "select":
            self._update(cart, line.id, selected=transaction["selected"])

    def _line_of_variant(self, cart, transaction):
        # Offline, the client knows its variants, not the server's line ids.
        if transaction.get("line_id"):
            return self._line(cart, transaction["line_id"])
        line = cart.order_line.filtered(
            lambda line: line.product_id.id == transaction.get("variant_id")
        )[:1]
        if not line:
            raise CartError("NOT_FOUND", _("This line is not in your cart."))
        return line
