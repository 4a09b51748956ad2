# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import timedelta
from decimal import Decimal

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import TransactionCase, tagged

from ..tools import coupon_optimizer as co


class CouponCommon(TransactionCase):
    """Tax-free products and delivery, a shopper with a wallet of coupons of
    every kind, no other program active."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})
        Product = cls.env["product.product"]
        cls.categ_shoes = cls.env["product.category"].create({"name": "鞋"})
        cls.coat = Product.create(
            {"name": "大衣", "list_price": 120.0, "taxes_id": False, "type": "consu"}
        )
        cls.shoes = Product.create(
            {
                "name": "跑鞋",
                "list_price": 45.5,
                "taxes_id": False,
                "type": "consu",
                "categ_id": cls.categ_shoes.id,
            }
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "快递",
                "delivery_type": "fixed",
                "fixed_price": 12.0,
                "product_id": Product.create(
                    {"name": "运费", "type": "service", "taxes_id": False}
                ).id,
            }
        )
        cls.shopper = cls.env["res.partner"].create({"name": "顾客"})
        cls.other = cls.env["res.partner"].create({"name": "别人"})
        cls.manjian = cls._program(
            "满 200 减 30",
            {"discount_mode": "per_order", "discount": 30},
            minimum_amount=200,
            mall_stack_group="manjian",
        )
        cls.ten_off = cls._program(
            "无门槛 10", {"discount_mode": "per_order", "discount": 10}
        )
        cls.ten_off.mall_stack_group = False
        cls.ninety = cls._program(
            "9 折",
            {"discount_mode": "percent", "discount": 10, "discount_max_amount": 0},
        )
        cls.shipping = cls._program(
            "包邮", {"reward_type": "shipping"}, mall_stack_group="shipping"
        )
        cls.shoes_off = cls._program(
            "鞋 8 折",
            {
                "discount_mode": "percent",
                "discount": 20,
                "discount_applicability": "specific",
                "discount_product_category_id": cls.categ_shoes.id,
            },
            mall_stack_group="shoes",
        )
        cls.shoes_fixed = cls._program(
            "鞋减 15",
            {
                "discount_mode": "per_order",
                "discount": 15,
                "discount_applicability": "specific",
                "discount_product_ids": [Command.set(cls.shoes.ids)],
            },
        )
        cls.shoes_fixed.mall_stack_group = False
        cls.cards = {
            program: cls._card(program)
            for program in (
                cls.manjian,
                cls.ten_off,
                cls.ninety,
                cls.shipping,
                cls.shoes_off,
                cls.shoes_fixed,
            )
        }

    @classmethod
    def _program(cls, name, reward, minimum_amount=0, **values):
        return cls.env["loyalty.program"].create(
            {
                "name": name,
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "rule_ids": [
                    Command.create({"minimum_amount": minimum_amount, "minimum_qty": 0})
                ]
                if minimum_amount
                else [],
                "reward_ids": [
                    Command.create(
                        {"reward_type": "discount", "required_points": 1, **reward}
                    )
                ],
                **values,
            }
        )

    @classmethod
    def _card(cls, program, partner=None, **values):
        return cls.env["loyalty.card"].create(
            {
                "program_id": program.id,
                "partner_id": (partner or cls.shopper).id,
                "points": 1,
                **values,
            }
        )

    def _order(self, lines, delivery=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.shopper.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )
        if delivery:
            order.set_delivery_line(self.carrier, 12.0)
        return order


@tagged("post_install", "-at_install")
class TestCoupons(CouponCommon):
    def assertOdooTotal(self, order, choice):
        order._mall_apply_coupons(choice["cards"])
        self.assertEqual(
            Decimal(str(order.amount_total)).quantize(Decimal("0.01")),
            choice["total"],
        )
        # Odoo recomputes the rewards when it confirms: the same total.
        order._update_programs_and_rewards()
        self.assertEqual(
            Decimal(str(order.amount_total)).quantize(Decimal("0.01")),
            choice["total"],
        )
        self.assertEqual(set(order.order_line.coupon_id.ids), set(choice["cards"].ids))

    def test_wallet(self):
        order = self._order([(self.coat, 1)])
        wallet = order._mall_coupon_wallet()
        self.assertEqual(wallet, self.env["loyalty.card"].concat(*self.cards.values()))
        self._card(self.ten_off, partner=self.other)
        yesterday = fields.Date.today() - timedelta(days=1)
        self.cards[self.ten_off].expiration_date = yesterday
        self.ninety.date_to = yesterday
        self.cards[self.shipping].points = 0
        self.assertEqual(
            order._mall_coupon_wallet(),
            self.cards[self.manjian]
            | self.cards[self.shoes_off]
            | self.cards[self.shoes_fixed],
        )
        self.assertEqual(self.cards[self.ten_off].mall_wallet_state, "expired")
        self.assertEqual(self.cards[self.shipping].mall_wallet_state, "used")
        self.assertEqual(self.cards[self.manjian].mall_wallet_state, "usable")

    def test_wallet_limits_and_open_orders(self):
        first = self._order([(self.coat, 2)])
        first._mall_apply_coupons(self.cards[self.ten_off])
        second = self._order([(self.coat, 2)])
        # Taken by the first open order.
        self.assertNotIn(self.cards[self.ten_off], second._mall_coupon_wallet())
        # A second card of the program, beyond the limit of one use.
        self.ten_off.mall_limit_per_partner = 2
        extra = self._card(self.ten_off)
        self.assertIn(extra, second._mall_coupon_wallet())
        self.ten_off.mall_limit_per_partner = 2
        with self.assertRaises(ValidationError):
            self._card(self.ten_off)
        self.ten_off.mall_limit_per_partner = 1
        self.assertNotIn(extra, second._mall_coupon_wallet())
        # Cancelled, the first order gives its coupon back.
        first._action_cancel()
        self.assertIn(self.cards[self.ten_off], second._mall_coupon_wallet())

    def test_best_choice_is_odoo_total(self):
        carts = [
            [(self.coat, 1), (self.shoes, 2)],  # 211 + 12
            [(self.coat, 2)],  # 240 + 12
            [(self.shoes, 1)],  # 45.50 + 12
            [(self.coat, 1), (self.shoes, 5)],  # 347.50 + 12
        ]
        for lines in carts:
            with self.subTest(lines=lines):
                order = self._order(lines)
                choice = order._mall_best_coupons()
                self.assertTrue(choice["cards"])
                self.assertEqual(
                    choice["saved"],
                    Decimal(str(order.amount_total)).quantize(Decimal("0.01"))
                    - choice["total"],
                )
                self.assertOdooTotal(order, choice)
                # Open, the order keeps its cards from the next carts.
                order._action_cancel()

    def test_hand_case(self):
        order = self._order([(self.coat, 1), (self.shoes, 2)])
        choice = order._mall_best_coupons()
        # 223 - 12 (shipping) - 18.20 (20 % of the shoes) - 19.28 (10 % of
        # 192.80) - 15 (on the shoes, 65.52 left of them); 满 200 减 30 is
        # out: the goods fall below 200 with the shoes' discount.
        self.assertEqual(choice["total"], Decimal("158.52"))
        self.assertNotIn(self.cards[self.manjian], choice["cards"])
        self.assertEqual(
            choice["explanations"][self.cards[self.shipping]], "包邮: -12.00"
        )
        self.assertOdooTotal(order, choice)

    def test_every_combination_is_odoo_total(self):
        """Single coupons and forced pairs, including a percentage after a
        fixed amount on products and the threshold with other discounts."""
        combos = [
            (self.manjian,),
            (self.shipping, self.manjian),
            (self.manjian, self.shoes_fixed),
            (self.ninety, self.shoes_off),
            (self.ten_off, self.shoes_fixed, self.shipping),
            (self.ninety, self.shoes_fixed),
            (self.shoes_off, self.shoes_fixed, self.shipping),
        ]
        for programs in combos:
            with self.subTest(programs=[p.name for p in programs]):
                order = self._order([(self.coat, 1), (self.shoes, 3)])
                cards = self.env["loyalty.card"].concat(
                    *(self.cards[p] for p in programs)
                )
                choice = order._mall_price_coupons(cards)
                self.assertOdooTotal(order, choice)

    def test_several_orders_share_the_wallet(self):
        # Two shops' orders, one wallet: each card goes to one order, the
        # sum of what the orders cost is the lowest, and each order's total
        # is Odoo's own once its cards are applied.
        self.ten_off.mall_limit_per_partner = 2
        second_ten = self._card(self.ten_off)
        second_manjian = self._card(self.manjian)
        coats = self._order([(self.coat, 2)])
        shoes = self._order([(self.coat, 1), (self.shoes, 2)])
        orders = coats | shoes
        wallet = coats._mall_coupon_wallet()
        self.assertIn(second_ten, wallet)
        assignment = orders._mall_coupon_assignment(wallet)
        used = [card for result in assignment.values() for card in result["cards"]]
        self.assertEqual(len(used), len(set(used)))
        self.assertIn(second_manjian, wallet)
        coupons = orders._mall_coupon_coupons(wallet)
        carts = [order._mall_coupon_cart() for order in orders]
        limits = {self.ten_off.id: 2}
        reference = co.brute_force_assignment(carts, tuple(coupons), limits)
        self.assertEqual(
            sum(result["total"] for result in assignment.values()),
            sum(pricing.total for pricing in reference),
        )
        for order, result in assignment.items():
            order._mall_apply_coupons(result["cards"])
            self.assertEqual(
                Decimal(str(order.amount_total)).quantize(Decimal("0.01")),
                result["total"],
            )

    def test_incompatible_or_not_applying(self):
        # The messages are checked in English.
        order = self._order([(self.shoes, 1)]).with_context(lang="en_US")
        Card = self.env["loyalty.card"]
        with self.assertRaisesRegex(UserError, "together"):
            order._mall_price_coupons(
                self.cards[self.manjian] | self.cards[self.ninety]
            )
        with self.assertRaisesRegex(UserError, "threshold"):
            order._mall_price_coupons(self.cards[self.manjian])
        self.assertEqual(order._mall_best_coupons(Card)["cards"], Card)


@tagged("post_install", "-at_install")
class TestCouponTaxes(CouponCommon):
    """Price-included VAT (13 % goods, 6 % services), mixed, and taxes added
    on top: the predicted total is Odoo's ``amount_total`` to the fen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = cls.env["account.tax.group"].create({"name": "增值税"})

        def tax(rate, included):
            return cls.env["account.tax"].create(
                {
                    "name": f"VAT {rate}% {'incl' if included else 'excl'}",
                    "amount": rate,
                    "amount_type": "percent",
                    "type_tax_use": "sale",
                    "tax_group_id": group.id,
                    "price_include_override": (
                        "tax_included" if included else "tax_excluded"
                    ),
                }
            )

        cls.vat13 = tax(13, True)
        cls.vat6 = tax(6, True)
        cls.vat13_excl = tax(13, False)
        Product = cls.env["product.product"]
        cls.coat.taxes_id = cls.vat13
        cls.shoes.taxes_id = cls.vat13
        cls.service = Product.create(
            {
                "name": "保养服务",
                "list_price": 39.9,
                "taxes_id": [Command.set(cls.vat6.ids)],
                "type": "service",
            }
        )
        cls.hat = Product.create(
            {
                "name": "帽子",
                "list_price": 33.33,
                "taxes_id": [Command.set(cls.vat13.ids)],
                "type": "consu",
                "categ_id": cls.categ_shoes.id,
            }
        )
        cls.manjian_excl = cls._program(
            "满 150 减 20 (不含税)",
            {"discount_mode": "per_order", "discount": 20},
            minimum_amount=150,
            mall_stack_group="manjian",
        )
        cls.manjian_excl.rule_ids.minimum_amount_tax_mode = "excl"
        cls.cards[cls.manjian_excl] = cls._card(cls.manjian_excl)

    def setUp(self):
        super().setUp()
        self.checked = []

    def _check(self, lines, programs=None):
        order = self._order(lines)
        if programs is None:
            choice = order._mall_best_coupons()
        else:
            cards = self.env["loyalty.card"].concat(*(self.cards[p] for p in programs))
            choice = order._mall_price_coupons(cards)
        order._mall_apply_coupons(choice["cards"])
        self.assertEqual(
            Decimal(str(order.amount_total)).quantize(Decimal("0.01")),
            choice["total"],
        )
        self.assertEqual(set(order.order_line.coupon_id.ids), set(choice["cards"].ids))
        self.assertTrue(order.amount_tax)
        self.checked.append(choice["cards"].program_id)
        order._action_cancel()
        return choice

    def test_included_vat_hand_case(self):
        # 120 + 2 x 45.50 = 211 with 13 % included: 10 % of the order is
        # taken per tax (on 223 with the delivery fee), 22.30 in all.
        choice = self._check([(self.coat, 1), (self.shoes, 2)], (self.ninety,))
        self.assertEqual(choice["total"], Decimal("200.70"))

    def test_threshold_without_tax(self):
        # 165.50 with VAT, 146.46 without: 满 150 (不含税) is not reached.
        order = self._order([(self.coat, 1), (self.shoes, 1)]).with_context(
            lang="en_US"
        )
        with self.assertRaisesRegex(UserError, "threshold"):
            order._mall_price_coupons(self.cards[self.manjian_excl])
        # 240 with VAT, 212.39 without: reached, 20 off the total.
        choice = self._check([(self.coat, 2)], (self.manjian_excl, self.shipping))
        self.assertEqual(choice["total"], Decimal("220.00"))

    def test_tax_added_on_top(self):
        self.hat.taxes_id = self.vat13_excl
        # 33.33 + 4.33 tax, twice: 75.32; the 8 折 on the hat is 13.33 of
        # base and its 1.73 of tax.
        choice = self._check([(self.hat, 2), (self.coat, 1)], (self.shoes_off,))
        discount = choice["discounts"][self.cards[self.shoes_off]]
        self.assertEqual(discount, Decimal("15.06"))
        self._check([(self.hat, 3), (self.service, 1)], (self.ninety, self.shoes_off))
        self._check([(self.hat, 1), (self.shoes, 2)], (self.ninety, self.shoes_fixed))
        self._check([(self.hat, 1), (self.coat, 2)], (self.ten_off, self.shoes_off))
        self._check([(self.hat, 5)])

    def test_random_taxed_carts(self):
        rng = random.Random(7)
        products = [self.coat, self.shoes, self.service, self.hat]
        programs = list(self.cards)
        taxes = [self.vat13, self.vat6, self.vat13_excl]
        for case in range(12):
            # Mixed 13 % / 6 %, then some lines with tax on top.
            if case == 6:
                self.hat.taxes_id = self.vat13_excl
            elif case > 6:
                rng.choice(products).taxes_id = rng.choice(taxes)
            lines = [
                (product, rng.randint(1, 3))
                for product in rng.sample(products, rng.randint(1, 4))
            ]
            with self.subTest(case=case, lines=lines):
                self._check(lines)
            chosen = rng.sample(programs, rng.randint(1, 3))
            order = self._order(lines)
            cards = self.env["loyalty.card"].concat(*(self.cards[p] for p in chosen))
            try:
                order._mall_price_coupons(cards)
            except UserError:
                order._action_cancel()
                continue
            order._action_cancel()
            with self.subTest(case=case, lines=lines, programs=chosen):
                self._check(lines, chosen)
