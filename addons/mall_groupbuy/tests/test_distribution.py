# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import Form, new_test_user, tagged

from .common import MallGroupbuyPaymentCommon


@tagged("post_install", "-at_install")
class TestGroupbuyDistribution(MallGroupbuyPaymentCommon):
    """Group buy orders earn their commission when the group succeeds, not
    when they are paid; a failed group earns nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "mall_distribution_enabled": True,
                "mall_distribution_levels": "1",
                "mall_distribution_rate_1": 10,
            }
        )
        promoter_partner = cls.env["res.partner"].create({"name": "推广员"})
        cls.promoter = cls.env["mall.promoter"].create(
            {"partner_id": promoter_partner.id, "state": "active"}
        )
        for shopper in cls.shoppers:
            cls.promoter._mall_bind(shopper)

    def test_commission_when_the_group_succeeds(self):
        member = self.campaign._groupbuy_open(self.shoppers[0])
        self._pay(member)
        self.assertFalse(member.order_id.mall_commission_ids)
        group = member.group_id
        for shopper in self.shoppers[1:3]:
            self._pay(group._groupbuy_join(shopper))
        self.assertEqual(group.state, "succeeded")
        commissions = group.member_ids.order_id.mall_commission_ids
        self.assertEqual(commissions.mapped("amount"), [3.0, 3.0, 3.0])
        self.assertEqual(commissions.promoter_id, self.promoter)

    def test_failed_group_earns_nothing(self):
        member = self.campaign._groupbuy_open(self.shoppers[0])
        self._pay(member)
        member.group_id.expires_at = fields.Datetime.now() - timedelta(minutes=1)
        self.env["mall.groupbuy.group"]._cron_expire()
        self.assertEqual(member.state, "refunded")
        self.assertFalse(member.order_id.mall_commission_ids)


@tagged("post_install", "-at_install")
class TestDistributionSettingsPerCompany(MallGroupbuyPaymentCommon):
    """The distribution settings are the company's: each order earns at the
    rates of its own company, each commission waits its company's
    after-sales window."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create(
            {"name": "分公司", "currency_id": cls.env.ref("base.CNY").id}
        )
        settings = {
            "mall_distribution_enabled": True,
            "mall_distribution_mode": "open",
            "mall_distribution_levels": "1",
            "mall_distribution_min_withdrawal": 10,
        }
        cls.company_a.write(
            {
                **settings,
                "mall_distribution_rate_1": 10,
                "mall_distribution_aftersale_days": 7,
            }
        )
        cls.company_b.write(
            {
                **settings,
                "mall_distribution_rate_1": 20,
                "mall_distribution_aftersale_days": 0,
            }
        )
        promoter_partner = cls.env["res.partner"].create({"name": "推广员"})
        cls.promoter = cls.env["mall.promoter"].create(
            {"partner_id": promoter_partner.id, "state": "active"}
        )
        cls.buyer = cls.shoppers[0]
        cls.promoter._mall_bind(cls.buyer)

    def _order(self, company):
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        return (
            env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": self.buyer.id,
                    "company_id": company.id,
                    "order_line": [
                        fields.Command.create(
                            {
                                "product_id": self.product.product_variant_id.id,
                                "product_uom_qty": 1,
                                "price_unit": 100.0,
                                "tax_id": False,
                            }
                        )
                    ],
                }
            )
        )

    def test_each_order_earns_at_its_company_rate(self):
        Commission = self.env["mall.commission"]
        order_a, order_b = self._order(self.company_a), self._order(self.company_b)
        commission_a = Commission._mall_accrue(order_a)
        commission_b = Commission._mall_accrue(order_b)
        self.assertEqual(commission_a.mapped("amount"), [10.0])
        self.assertEqual(commission_b.mapped("amount"), [20.0])
        self.assertEqual(commission_a.company_id, self.company_a)
        self.assertEqual(commission_b.company_id, self.company_b)
        # Distribution closed in one company only: its orders earn nothing.
        self.company_b.mall_distribution_enabled = False
        self.assertFalse(Commission._mall_accrue(self._order(self.company_b)))
        self.assertEqual(
            Commission._mall_accrue(self._order(self.company_a)).mapped("amount"),
            [10.0],
        )
        # The after-sales window is the company's: none in B, 7 days in A.
        start = fields.Datetime.now()
        with patch.object(
            type(self.env["sale.order"]),
            "_mall_commission_window_start",
            lambda order, accrued_at: start,
        ):
            ready = (commission_a | commission_b)._mall_releasable(start)
        self.assertEqual(ready, commission_b)

    def test_settings_form_saves_the_company_setting(self):
        manager = new_test_user(
            self.env,
            login="distribution_manager",
            groups="base.group_system,mall_catalog.group_mall_manager",
            company_id=self.company_b.id,
            company_ids=[fields.Command.set((self.company_a | self.company_b).ids)],
        )
        env = self.env(user=manager, context=dict(self.env.context, lang="en_US"))
        env = env(context=dict(env.context, allowed_company_ids=self.company_b.ids))
        with Form(env["res.config.settings"]) as settings:
            self.assertEqual(settings.mall_distribution_rate_1, 20.0)
            settings.mall_distribution_rate_1 = 12.5
            settings.mall_distribution_mode = "spend"
            settings.mall_distribution_spend_threshold = 99.0
            settings.mall_distribution_min_withdrawal = 30.0
        settings.save().execute()
        self.assertEqual(self.company_b.mall_distribution_rate_1, 12.5)
        self.assertEqual(self.company_b.mall_distribution_mode, "spend")
        self.assertEqual(self.company_b.mall_distribution_spend_threshold, 99.0)
        self.assertEqual(self.company_b.mall_distribution_min_withdrawal, 30.0)
        # The other company keeps its own.
        self.assertEqual(self.company_a.mall_distribution_rate_1, 10.0)
        self.assertEqual(self.company_a.mall_distribution_mode, "open")
        promoter = self.promoter.sudo()
        self.assertEqual(str(promoter._mall_setting("min_withdrawal")), "10.00")
        self.assertEqual(
            str(promoter._mall_setting("min_withdrawal", self.company_b)), "30.00"
        )

    def test_old_shared_parameters_become_every_company_setting(self):
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("mall.distribution_enabled", "False")
        Param.set_param("mall.distribution_levels", "2")
        Param.set_param("mall.distribution_rate_1", "15")
        Param.set_param("mall.distribution_binding_days", "60")
        self.env["res.company"]._mall_distribution_from_params()
        for company in self.company_a | self.company_b:
            self.assertFalse(company.mall_distribution_enabled)
            self.assertEqual(company.mall_distribution_levels, "2")
            self.assertEqual(company.mall_distribution_rate_1, 15.0)
            self.assertEqual(company.mall_distribution_binding_days, 60)
        # Read once: the parameters are gone, a second run changes nothing.
        self.assertFalse(Param.get_param("mall.distribution_rate_1"))
        self.company_b.mall_distribution_rate_1 = 25
        self.assertFalse(self.env["res.company"]._mall_distribution_from_params())
        self.assertEqual(self.company_b.mall_distribution_rate_1, 25.0)
        # Untouched settings keep their values.
        self.assertEqual(self.company_a.mall_distribution_aftersale_days, 7)
