# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MallApiCommon

# Every route that acts for a shopper, and the test proving that another
# shopper's token neither reads nor changes the first shopper's data.
# A new shopper route fails test_every_shopper_route_is_covered until it
# gets such a test.
CROSS_SHOPPER_TESTS = {
    ("/recommendations", "GET"): (
        "test_recommend_api: test_recommendations_are_the_shoppers_own"
    ),
    ("/me", "GET"): "test_profile_and_phone",
    ("/me", "PATCH"): "test_profile_and_phone",
    ("/me/phone", "POST"): "test_profile_and_phone",
    ("/auth/logout", "POST"): "test_logout_closes_only_own_sessions",
    ("/favorites", "GET"): "test_favorites",
    ("/favorites/<int:product_id>", "PUT"): "test_favorites",
    ("/favorites/<int:product_id>", "DELETE"): "test_favorites",
    ("/footprints", "GET"): "test_footprints",
    ("/footprints", "POST"): "test_footprints",
    ("/footprints", "DELETE"): "test_footprints",
    ("/search/history", "GET"): "test_search_history",
    ("/search/history", "DELETE"): "test_search_history",
    ("/products/<int:product_id>/reviews", "POST"): (
        "test_review_api: test_only_shoppers_who_received_it"
    ),
    ("/addresses", "GET"): "test_address_api",
    ("/addresses", "POST"): "test_address_api",
    ("/addresses/from-weixin", "POST"): "test_address_api",
    ("/addresses/<int:address_id>", "GET"): "test_address_api",
    ("/addresses/<int:address_id>", "PUT"): "test_address_api",
    ("/addresses/<int:address_id>", "PATCH"): "test_address_api",
    ("/addresses/<int:address_id>", "DELETE"): "test_address_api",
    ("/addresses/<int:address_id>/default", "POST"): "test_address_api",
    ("/me/export", "GET"): "test_privacy_api",
    ("/me", "DELETE"): "test_privacy_api",
    ("/cart", "GET"): "test_cart_checkout_api: test_cart_lines",
    ("/cart/lines", "POST"): "test_cart_checkout_api: test_cart_lines",
    ("/cart/bundles", "POST"): "test_bundle_api: test_bundle_in_cart_and_checkout",
    ("/cart/lines/<int:line_id>", "PATCH"): "test_cart_checkout_api: test_cart_lines",
    ("/cart/lines/<int:line_id>", "DELETE"): "test_cart_checkout_api: test_cart_lines",
    ("/cart/select", "POST"): "test_cart_checkout_api: test_cart_lines",
    ("/cart/sync", "POST"): "test_cart_checkout_api: test_offline_transactions",
    ("/checkout/preview", "POST"): "test_cart_checkout_api: test_preview",
    ("/checkout", "POST"): "test_cart_checkout_api: test_preview (address)",
    ("/coupons", "GET"): "test_coupons_api: test_foreign_or_unusable_coupon_refused",
    ("/groupbuys/<int:campaign_id>/groups", "POST"): (
        "test_groupbuy_api: test_another_shoppers_address_or_seat"
    ),
    ("/groupbuy-groups/<int:group_id>/join", "POST"): (
        "test_groupbuy_api: test_another_shoppers_address_or_seat"
    ),
    ("/groupbuy-groups/mine", "GET"): (
        "test_groupbuy_api: test_another_shoppers_address_or_seat"
    ),
    ("/bargains/<int:campaign_id>/start", "POST"): (
        "test_bargain_api: test_another_shoppers_bargain"
    ),
    ("/bargain-tasks/<int:bargain_id>/help", "POST"): (
        "test_bargain_api: test_another_shoppers_bargain"
    ),
    ("/bargain-tasks/<int:bargain_id>/checkout", "POST"): (
        "test_bargain_api: test_another_shoppers_bargain"
    ),
    ("/bargain-tasks/mine", "GET"): "test_bargain_api: test_another_shoppers_bargain",
    ("/checkouts/<int:checkout_id>/pay", "POST"): "test_order_path",
    ("/balance", "GET"): "test_payment_api: test_balance_short_changes_nothing",
    ("/balance/history", "GET"): (
        "test_payment_api: test_topup_with_wechatpay_then_pay_with_balance"
    ),
    ("/balance/topups", "POST"): (
        "test_payment_api: test_topup_with_wechatpay_then_pay_with_balance"
    ),
    ("/member", "GET"): "test_member_api: test_member_centre",
    ("/member-card", "GET"): ("test_member_card_api: test_buy_with_balance_then_renew"),
    ("/member-card/purchases", "POST"): (
        "test_member_card_api: test_buy_with_balance_then_renew"
    ),
    ("/member/points", "GET"): "test_member_api: test_points_history",
    ("/member/rewards", "GET"): "test_member_api: test_rewards_and_redeem",
    ("/member/rewards/<int:reward_id>/redeem", "POST"): (
        "test_member_api: test_rewards_and_redeem"
    ),
    ("/orders", "GET"): "test_cart_checkout_api: test_orders_by_tab",
    ("/orders/<int:order_id>", "GET"): "test_cart_checkout_api: test_orders_by_tab",
    ("/orders/<int:order_id>/cancel", "POST"): "test_cart_checkout_api: test_orders",
    ("/orders/<int:order_id>/rebuy", "POST"): "test_cart_checkout_api: test_orders",
    ("/orders/<int:order_id>/logistics", "GET"): (
        "test_fulfilment: test_logistics_api"
    ),
    ("/orders/<int:order_id>/receive", "POST"): "test_fulfilment: test_receive_api",
    ("/aftersales", "GET"): "test_aftersale: test_another_shopper_sees_nothing",
    ("/aftersales", "POST"): "test_aftersale: test_another_shopper_sees_nothing",
    ("/aftersales/<int:aftersale_id>", "GET"): (
        "test_aftersale: test_another_shopper_sees_nothing"
    ),
    ("/aftersales/<int:aftersale_id>/cancel", "POST"): (
        "test_aftersale: test_another_shopper_sees_nothing"
    ),
    ("/aftersales/<int:aftersale_id>/return", "POST"): (
        "test_aftersale: test_another_shopper_sees_nothing"
    ),
    ("/shares", "POST"): "test_share_api: test_shares_belong_to_their_sharer",
    ("/points-mall/items/<int:item_id>/redeem", "POST"): (
        "test_points_mall_api: test_redemptions_are_the_shoppers_own"
    ),
    ("/points-mall/redemptions", "GET"): (
        "test_points_mall_api: test_redemptions_are_the_shoppers_own"
    ),
    ("/points-mall/items/<int:item_id>/preview", "POST"): (
        "test_points_mall_api: test_redemptions_are_the_shoppers_own"
    ),
    ("/signin", "POST"): "test_signin_api: test_sign_ins_are_the_shoppers_own",
    ("/signin", "GET"): "test_signin_api: test_sign_ins_are_the_shoppers_own",
    ("/flash-sales/<int:sale_id>/claims", "POST"): (
        "test_flash_sale_api: test_another_shopper_sees_nothing"
    ),
    ("/flash-sales/<int:sale_id>/claim", "GET"): (
        "test_flash_sale_api: test_another_shopper_sees_nothing"
    ),
    ("/flash-sales/<int:sale_id>/claim/checkout", "POST"): (
        "test_flash_sale_api: test_another_shopper_sees_nothing"
    ),
    ("/invoice-titles", "GET"): "test_invoice_api: test_another_shopper_sees_nothing",
    ("/invoice-titles", "POST"): "test_invoice_api: test_another_shopper_sees_nothing",
    ("/invoice-titles/<int:title_id>", "PUT"): (
        "test_invoice_api: test_another_shopper_sees_nothing"
    ),
    ("/invoice-titles/<int:title_id>", "DELETE"): (
        "test_invoice_api: test_another_shopper_sees_nothing"
    ),
    ("/orders/<int:order_id>/invoice", "GET"): (
        "test_invoice_api: test_another_shopper_sees_nothing"
    ),
    ("/orders/<int:order_id>/invoice", "POST"): (
        "test_invoice_api: test_another_shopper_sees_nothing"
    ),
    ("/orders/<int:order_id>/invoice/cancel", "POST"): (
        "test_invoice_api: test_another_shopper_sees_nothing"
    ),
    ("/orders/<int:order_id>/invoice/pdf", "GET"): (
        "test_invoice_api: test_another_shopper_sees_nothing"
    ),
    ("/distribution/bindings", "POST"): (
        "test_distribution_api: test_another_shopper_sees_nothing"
    ),
    ("/distribution/me", "GET"): (
        "test_distribution_api: test_another_shopper_sees_nothing"
    ),
    ("/distribution/promoter", "POST"): (
        "test_distribution_api: test_another_shopper_sees_nothing"
    ),
    ("/distribution/team", "GET"): (
        "test_distribution_api: test_another_shopper_sees_nothing"
    ),
    ("/distribution/commissions", "GET"): (
        "test_distribution_api: test_another_shopper_sees_nothing"
    ),
    ("/distribution/withdrawals", "GET"): (
        "test_distribution_api: test_another_shopper_sees_nothing"
    ),
    ("/distribution/withdrawals", "POST"): (
        "test_distribution_api: test_another_shopper_sees_nothing"
    ),
}


@tagged("post_install", "-at_install")
class TestAccessControl(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create(
            {"name": "另一位顾客", "mall_is_shopper": True, "phone": "13600000000"}
        )
        cls.shopper.phone = "13500000000"
        cls.product = cls.env["product.template"].create(
            {"name": "测试保温杯", "list_price": 59.0, "mall_published": True}
        )

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.mine = Token._issue(self.shopper, "weixin")
        self.theirs = Token._issue(self.other, "weixin")

    def test_every_shopper_route_is_covered(self):
        operations = self.env["ir.http"]._mall_api_operations()
        shopper_routes = {
            (op.path, op.method) for op in operations if op.auth == "shopper"
        }
        self.assertTrue(shopper_routes)
        self.assertEqual(
            shopper_routes - set(CROSS_SHOPPER_TESTS),
            set(),
            "shopper routes without a cross-shopper test",
        )

    def test_profile_and_phone(self):
        _status, body, _response = self.api("GET", "/me", token=self.theirs)
        self.assertEqual(body["data"]["id"], self.other.id)
        self.assertEqual(body["data"]["phone"], "136****0000")
        self.api("PATCH", "/me", token=self.theirs, json_body={"name": "改名"})
        self.assertEqual(self.shopper.name, "测试顾客")
        self.assertEqual(self.other.name, "改名")
        # Unknown fields, such as another shopper's id, are refused.
        self.assertApiError(
            self.api(
                "PATCH",
                "/me",
                token=self.theirs,
                json_body={"id": self.shopper.id, "name": "x"},
            ),
            422,
            "VALIDATION_ERROR",
        )
        self.assertEqual(self.shopper.name, "测试顾客")
        self.assertEqual(self.shopper.phone, "13500000000")

    def test_logout_closes_only_own_sessions(self):
        status, _body, _response = self.api(
            "POST", "/auth/logout", token=self.theirs, json_body={"all_devices": True}
        )
        self.assertEqual(status, 200)
        self.assertEqual(self.api("GET", "/me", token=self.mine)[0], 200)
        self.assertEqual(self.api("GET", "/me", token=self.theirs)[0], 401)

    def test_favorites(self):
        self.api("PUT", f"/favorites/{self.product.id}", token=self.mine)
        _status, body, _response = self.api("GET", "/favorites", token=self.theirs)
        self.assertEqual(body["data"], [])
        self.api("DELETE", f"/favorites/{self.product.id}", token=self.theirs)
        Favorite = self.env["mall.favorite"]
        self.assertEqual(
            Favorite.search_count([("partner_id", "=", self.shopper.id)]), 1
        )
        self.api("PUT", f"/favorites/{self.product.id}", token=self.theirs)
        self.assertEqual(
            Favorite.search_count([("partner_id", "=", self.shopper.id)]), 1
        )
        self.assertEqual(Favorite.search_count([("partner_id", "=", self.other.id)]), 1)

    def test_footprints(self):
        self.api(
            "POST",
            "/footprints",
            token=self.mine,
            json_body={"product_id": self.product.id},
        )
        _status, body, _response = self.api("GET", "/footprints", token=self.theirs)
        self.assertEqual(body["data"], [])
        _status, body, _response = self.api("DELETE", "/footprints", token=self.theirs)
        self.assertEqual(body["data"]["deleted"], 0)
        self.assertEqual(
            self.env["mall.footprint"].search_count(
                [("partner_id", "=", self.shopper.id)]
            ),
            1,
        )

    def test_search_history(self):
        self.api("GET", "/products?q=保温杯", token=self.mine)
        _status, body, _response = self.api("GET", "/search/history", token=self.mine)
        self.assertEqual(body["data"], ["保温杯"])
        _status, body, _response = self.api("GET", "/search/history", token=self.theirs)
        self.assertEqual(body["data"], [])
        self.api("DELETE", "/search/history", token=self.theirs)
        _status, body, _response = self.api("GET", "/search/history", token=self.mine)
        self.assertEqual(body["data"], ["保温杯"])
