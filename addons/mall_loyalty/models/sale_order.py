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
        goods = self.order_line.filtered(
            lambda line: (
                not line.display_type
                and not line.is_delivery
                and not line.is_reward_line
            )
        )
        delivery = self.order_line.filtered("is_delivery")
        cart = co.Cart(
            lines=tuple(
                co.Line(line.product_id.id, _decimal(line.price_total))
                for line in goods
            ),
            delivery_fee=_decimal(sum(delivery.mapped("price_total"))),
        )
        coupons = {}
        for card in cards:
            values = self._mall_coupon_reward(card)._mall_coupon_values(self)
            if values:
                coupons[co.Coupon(card.id, **values)] = card
        return cart, coupons

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
