# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..tools import coupon_optimizer as co


def _decimal(value):
    return co.money(Decimal(str(value or 0)))


class SaleOrder(models.Model):
    _inherit = "sale.order"

    mall_member_card_id = fields.Many2one(
        "mall.member.card",
        string="Member Card Bought",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The paid member card this order bought or renewed.",
    )

    def _action_confirm(self):
        res = super()._action_confirm()
        # A paid card order confirmed: the card starts or extends, once.
        self.env["mall.member.card"].sudo()._mall_activate_orders(self)
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        # A points-mall order cancelled (or not paid in time): its points
        # and stock come back.
        self.env["mall.points.redemption"].sudo()._points_on_orders_cancelled(self)
        return res

    def _mall_ships_free(self):
        """Whether this order's delivery is free: by the shopper's member
        card, or because all its goods are points-mall items shipped free."""
        self.ensure_one()
        if self._mall_card_free_shipping():
            return True
        goods = self.order_line.filtered(
            lambda line: not (line.display_type or line.is_delivery)
        )
        return bool(goods) and all(
            line.mall_points_item_id.free_shipping for line in goods
        )

    def _mall_card_free_shipping(self):
        """Whether the shopper's member card ships this order free."""
        self.ensure_one()
        card = self.env["mall.member.card"]._mall_active_card(
            self.partner_id, self.company_id
        )
        if not card.plan_id.free_shipping:
            return False
        goods = self.order_line.filtered(
            lambda line: not (line.display_type or line.is_delivery)
        )
        return sum(goods.mapped("price_total")) >= card.plan_id.free_shipping_min

    def _mall_coupon_wallet(self):
        """The cards of the order's customer that may be used on it: theirs,
        of an active coupon program valid today for this order (dates,
        company, price list, usage limits), not expired, with the points of
        a reward, not taken by another open order, and within the program's
        limit per customer."""
        self.ensure_one()
        Card = self.env["loyalty.card"].sudo()
        if not self.partner_id:
            return Card
        today = fields.Date.context_today(self)
        programs = (
            self.env["loyalty.program"]
            .sudo()
            .search(
                self._get_program_domain()
                + self.env["loyalty.program"]._mall_wallet_program_domain()
            )
        )
        cards = Card.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("program_id", "in", programs.ids),
                "|",
                ("expiration_date", "=", False),
                ("expiration_date", ">=", today),
            ]
        )
        taken = (
            self.env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("coupon_id", "in", cards.ids),
                    ("order_id", "!=", self.id),
                    ("order_id.state", "in", ("draft", "sent")),
                ]
            )
            .coupon_id
        )
        cards -= taken
        usable = Card
        for card in cards:
            program = card.program_id
            rewards = program.reward_ids
            if not rewards or card.points < min(rewards.mapped("required_points")):
                continue
            if program.limit_usage and program.total_order_count >= program.max_usage:
                continue
            limit = program.mall_limit_per_partner
            if limit and program._mall_use_count(self.partner_id, self) >= limit:
                continue
            usable |= card
        return usable

    def _mall_coupon_reward(self, card):
        """The reward of ``card`` the mall applies: the first it can price."""
        for reward in card.program_id.reward_ids:
            if card.points >= reward.required_points and reward._mall_coupon_kind():
                return reward
        return self.env["loyalty.reward"]

    def _mall_coupon_model(self, cards):
        """The optimiser's cart of this order and its coupons for ``cards``:
        ``(cart, {coupon: card})``. Cards the mall cannot price are left out."""
        self.ensure_one()
        return self._mall_coupon_cart(), self._mall_coupon_coupons(cards)

    def _mall_coupon_cart(self):
        """The optimiser's cart of this order: its goods and delivery fee."""
        self.ensure_one()
        goods = self.order_line.filtered(
            lambda line: (
                not line.display_type
                and not line.is_delivery
                and not line.is_reward_line
            )
        )
        delivery = self.order_line.filtered("is_delivery")
        return co.Cart(
            lines=tuple(self._mall_coupon_line(line) for line in goods),
            delivery_fee=_decimal(sum(delivery.mapped("price_total"))),
        )

    def _mall_coupon_coupons(self, cards):
        """The optimiser's coupons of ``cards`` on these orders (their
        product scopes over all of them): ``{coupon: card}``. Cards the mall
        cannot price are left out."""
        coupons = {}
        for card in cards:
            values = self._mall_coupon_reward(card)._mall_coupon_values(self)
            if values:
                rules = card.program_id.rule_ids
                if values.get("threshold") and rules:
                    rule = rules.sorted("minimum_amount")[0]
                    values["threshold_tax_included"] = (
                        rule.minimum_amount_tax_mode == "incl"
                    )
                coupons[co.Coupon(card.id, **values)] = card
        return coupons

    def _mall_coupon_line(self, line):
        """The optimiser's line of a goods line: its unit price after the
        line's discount and its percentage taxes (price-included or not)."""
        taxes = line.tax_id.flatten_taxes_hierarchy().filtered(
            lambda tax: tax.amount_type == "percent"
        )
        price = Decimal(str(line.price_unit))
        if line.discount:
            price *= 1 - Decimal(str(line.discount)) / 100
        return co.Line(
            line.product_id.id,
            price,
            Decimal(str(line.product_uom_qty)),
            tax_rate=sum((Decimal(str(t.amount)) / 100 for t in taxes), Decimal(0)),
            tax_included=all(taxes.mapped("price_include")),
        )

    def _mall_best_coupons(self, cards=None):
        """The combination of the wallet's cards (or of ``cards``) that costs
        least: ``{"cards" (in the order applied), "discounts" (card:
        Decimal), "explanations" (card: text), "total", "saved"}``."""
        self.ensure_one()
        if cards is None:
            cards = self._mall_coupon_wallet()
        cart, coupons = self._mall_coupon_model(cards)
        pricing = co.best_combination(cart, tuple(coupons))
        return self._mall_coupon_result(cart, coupons, pricing)

    def _mall_coupon_assignment(self, cards):
        """The exact best use of ``cards`` on these orders (one per shop,
        each card on one order at most): ``{order: result}``, each result as
        :meth:`_mall_best_coupons`, for the lowest sum of payable totals."""
        orders = self.sorted("id")
        coupons = orders._mall_coupon_coupons(cards)
        carts = [order._mall_coupon_cart() for order in orders]
        # A program the shopper may use so many times: so many orders left.
        limits = {}
        for program in cards.program_id.filtered("mall_limit_per_partner"):
            used = program._mall_use_count(orders.partner_id[:1], orders)
            limits[program.id] = max(0, program.mall_limit_per_partner - used)
        plan = co.best_assignment(carts, tuple(coupons), limits)
        return {
            order: order._mall_coupon_result(cart, coupons, pricing)
            for order, cart, pricing in zip(orders, carts, plan, strict=True)
        }

    def _mall_coupon_savings(self, cards):
        """What each of ``cards`` that applies alone to this order saves
        alone: ``{card: Decimal}``."""
        self.ensure_one()
        cart, coupons = self._mall_coupon_model(cards)
        return {coupons[c]: d for c, d in co.usable(cart, tuple(coupons)).items()}

    def _mall_price_coupons(self, cards):
        """The outcome of exactly ``cards`` on this order, as
        :meth:`_mall_best_coupons`; raises when Odoo would refuse them."""
        self.ensure_one()
        cart, coupons = self._mall_coupon_model(cards)
        if len(coupons) != len(cards):
            raise UserError(_("One of these coupons cannot be used at checkout."))
        if not co.compatible(tuple(coupons)):
            raise UserError(_("These coupons cannot be used together."))
        pricing = co.price(cart, tuple(coupons))
        if not pricing.valid:
            raise UserError(
                _("These coupons do not apply to this order (%s).", pricing.reason)
            )
        return self._mall_coupon_result(cart, coupons, pricing)

    def _mall_coupon_result(self, cart, coupons, pricing):
        Card = self.env["loyalty.card"].sudo()
        return {
            "cards": Card.concat(*(coupons[c] for c in pricing.coupons)),
            "discounts": {coupons[c]: d for c, d in pricing.discounts.items()},
            "explanations": dict(
                zip(
                    (coupons[c] for c in pricing.coupons),
                    pricing.explain(),
                    strict=True,
                )
            ),
            "total": pricing.total,
            "saved": pricing.saved,
        }

    def _mall_apply_coupons(self, cards):
        """Apply ``cards`` to the order through Odoo (``_try_apply_code`` then
        ``_apply_program_reward``), in the optimiser's order, so the totals
        are Odoo's own."""
        self.ensure_one()
        cart, coupons = self._mall_coupon_model(cards)
        for coupon in co.application_order(tuple(coupons)):
            card = coupons[coupon]
            result = self._try_apply_code(card.code)
            if "error" in result:
                raise UserError(result["error"])
            reward = self._mall_coupon_reward(card)
            result = self._apply_program_reward(reward, card)
            if "error" in result:
                raise UserError(result["error"])
        return True
