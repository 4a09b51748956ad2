# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase

from odoo.addons.mall_payment.tests.common import (
    create_balance_program,
    enable_balance_provider,
)


class MallGroupbuyCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.product = cls.env["product.template"].create(
            {"name": "智利车厘子 2斤装", "list_price": 50.0, "is_storable": True}
        )


class MallGroupbuyPaymentCommon(MallGroupbuyCommon):
    """A running campaign, shoppers in renminbi with a balance to pay from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cny = env.ref("base.CNY")
        cny.action_unarchive()
        today = fields.Date.today()
        rate = cny.rate_ids.filtered(lambda r: r.name == today)
        if rate:
            rate.rate = 1.0
        else:
            env["res.currency.rate"].create(
                {"currency_id": cny.id, "rate": 1.0, "name": today}
            )
        cls.pricelist = env["product.pricelist"].create(
            {"name": "人民币", "currency_id": cny.id}
        )
        cls.program = create_balance_program(env, cny)
        cls.provider = enable_balance_provider(env, cls.program)
        cls.product.write({"taxes_id": False, "sale_ok": True})
        cls.campaign = env["mall.groupbuy.campaign"].create(
            {
                "name": "三人团",
                "product_tmpl_id": cls.product.id,
                "group_price": 30.0,
                "group_size": 3,
                "per_shopper_limit": 0,
                "date_start": fields.Datetime.now() - timedelta(days=1),
                "date_end": fields.Datetime.now() + timedelta(days=10),
                "state": "running",
            }
        )
        cls.shoppers = env["res.partner"].create(
            [
                {"name": name, "property_product_pricelist": cls.pricelist.id}
                for name in ("团长", "团员甲", "团员乙", "团员丙")
            ]
        )
        cls.cards = env["loyalty.card"].create(
            [
                {"program_id": cls.program.id, "partner_id": p.id, "points": 100}
                for p in cls.shoppers
            ]
        )

    def _pay(self, member):
        """``member`` pays their order from the balance."""
        order = member.order_id
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.provider.payment_method_ids[:1].id,
                    "reference": f"GBTEST-{order.id}-{member.id}",
                    "amount": order.amount_total,
                    "currency_id": order.currency_id.id,
                    "partner_id": order.partner_id.id,
                    "operation": "online_direct",
                    "sale_order_ids": [(6, 0, order.ids)],
                }
            )
        )
        tx._get_processing_values()
        return tx
