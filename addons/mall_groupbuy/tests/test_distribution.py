# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import MallGroupbuyPaymentCommon


@tagged("post_install", "-at_install")
class TestGroupbuyDistribution(MallGroupbuyPaymentCommon):
    """Group buy orders earn their commission when the group succeeds, not
    when they are paid; a failed group earns nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Param = cls.env["ir.config_parameter"].sudo()
        Param.set_param("mall.distribution_enabled", "True")
        Param.set_param("mall.distribution_levels", "1")
        Param.set_param("mall.distribution_rate_1", "10")
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
