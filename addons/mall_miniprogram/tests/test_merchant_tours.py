# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The merchant's day walked in Chromium: Odoo tours through the Mall menus.

The admin works in Chinese; the tours select on field, button and menu xml
names. Each test checks the outcome in the database after its tour.
"""

from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .test_aftersale import AftersaleSetup


@tagged("post_install", "-at_install")
class TestMerchantTours(AftersaleSetup, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls._setup_aftersale()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.write(
            {
                "lang": "zh_CN",
                "groups_id": [
                    (4, cls.env.ref("mall_catalog.group_mall_manager").id),
                    (4, cls.env.ref("stock.group_stock_user").id),
                ],
            }
        )

    def test_ship_order_with_tracking_number(self):
        fee_product = self.env["product.product"].create(
            {"name": "顺丰运费", "type": "service", "taxes_id": False}
        )
        carrier = self.env["delivery.carrier"].create(
            {
                "name": "顺丰速运",
                "delivery_type": "fixed",
                "product_id": fee_product.id,
                "mall_logistics_type": "express",
                "mall_express_code": "SF",
            }
        )
        buyer = self.env["res.partner"].create(
            {"name": "MALLSHIPTOUR 顾客", "mall_is_shopper": True}
        )
        order = self._paid_order(buyer, qty=2, deliver=False)
        picking = order.picking_ids
        picking.carrier_id = carrier
        self.assertEqual(picking.state, "assigned")
        self.start_tour("/odoo", "mall_merchant_ship_tour", login="admin")
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.carrier_tracking_ref, "SF1234567890")
        self.assertTrue(order.mall_shipped_at)

    def test_approve_aftersale_refund(self):
        buyer = self.env["res.partner"].create(
            {"name": "MALLASTOUR 顾客", "mall_is_shopper": True}
        )
        order = self._paid_order(buyer, qty=2)
        aftersale = self._request(order, qty=1, amount=80)
        self.assertEqual(aftersale.state, "requested")
        self.start_tour("/odoo", "mall_merchant_aftersale_tour", login="admin")
        self.assertEqual(aftersale.state, "refunded")
        self.assertEqual(aftersale.amount_refunded, 80)
        self.assertEqual(aftersale.refund_reference, f"RECORDED/{aftersale.name}")
        self.assertEqual(order.mall_payment_state, "partially_refunded")

    def test_create_coupon_and_group_buy(self):
        self.env["product.template"].create(
            {"name": "拼团测试商品", "sale_ok": True, "list_price": 59}
        )
        self.start_tour("/odoo", "mall_merchant_marketing_tour", login="admin")
        program = self.env["loyalty.program"].search(
            [("name", "like", "MALLCOUPONTOUR")]
        )
        self.assertEqual(program.program_type, "coupons")
        campaign = self.env["mall.groupbuy.campaign"].search(
            [("name", "like", "MALLGROUPTOUR")]
        )
        self.assertEqual(campaign.product_tmpl_id.name, "拼团测试商品")
        self.assertEqual(campaign.group_price, 39.9)
        self.assertEqual(campaign.group_size, 3)
        self.assertEqual(campaign.date_end.year, 2030)


@tagged("post_install", "-at_install")
class TestMallMenus(TransactionCase):
    """The Mall menus follow the merchant's day."""

    SECTIONS = {
        "mall_catalog.mall_menu_orders": [
            "mall_miniprogram.sale_order_menu_to_ship",
            "mall_miniprogram.stock_picking_menu_batch_ship",
            "mall_miniprogram.mall_aftersale_menu",
            "mall_miniprogram.mall_risk_assessment_menu",
        ],
        "mall_catalog.mall_menu_products": [
            "mall_catalog.product_template_menu",
            "mall_catalog.product_template_menu_stock_alert",
            "mall_catalog.mall_product_review_menu",
        ],
        "mall_catalog.mall_menu_marketing": [
            "mall_loyalty.loyalty_program_menu",
            "mall_catalog.mall_flash_discount_menu",
            "mall_groupbuy.mall_groupbuy_campaign_menu",
            "mall_groupbuy.mall_flash_sale_menu",
            "mall_miniprogram.res_config_settings_menu_member_day",
            "mall_loyalty.mall_share_campaign_menu",
            "mall_loyalty.mall_channel_code_menu",
        ],
        "mall_catalog.mall_menu_members": [
            "mall_miniprogram.res_partner_menu_shopper",
            "mall_loyalty.mall_member_tier_menu",
            "mall_loyalty.mall_member_points_menu",
        ],
        "mall_catalog.mall_menu_content": [
            "mall_catalog.mall_content_menu",
            "mall_miniprogram.mall_faq_menu",
            "mall_catalog.mall_store_menu",
        ],
        "mall_catalog.mall_menu_config": [
            "mall_miniprogram.res_config_settings_menu",
            "mall_miniprogram.res_config_settings_menu_redis",
            "mall_miniprogram.mall_notification_template_menu",
        ],
    }

    def test_menus_under_their_section(self):
        for section, entries in self.SECTIONS.items():
            for entry in entries:
                menu = self.env.ref(entry)
                self.assertEqual(menu.parent_id, self.env.ref(section), entry)
                self.assertTrue(menu.action, entry)

    def test_to_ship_queue_domain(self):
        action = self.env.ref("mall_miniprogram.sale_order_action_to_ship")
        self.env["sale.order"].search_count(safe_eval(action.domain))
        batch = self.env.ref("mall_miniprogram.stock_picking_action_batch_ship")
        self.env["stock.picking"].search_count(safe_eval(batch.domain))
