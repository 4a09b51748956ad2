# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MallApiCommon, PaymentSetup


@tagged("post_install", "-at_install")
class TestOrderPath(PaymentSetup, MallApiCommon):
    """A shopper's whole path through the API: cart over two shops, checkout
    with a delivery fee, WeChat Pay through its stand-in, shipping, receipt,
    review, then a partial refund, with Odoo's records checked at each step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls._setup_cny_pricelist(cls.shopper)
        cls.provider = cls._setup_wechatpay(cls.shopper, "o-path-shopper")
        second = env["stock.warehouse"].create({"name": "成都仓", "code": "CD"})
        cls.shop_a = env["mall.shop"].create(
            {
                "name": "路径甲店",
                "code": "PA",
                "warehouse_id": env.ref("stock.warehouse0").id,
            }
        )
        cls.shop_b = env["mall.shop"].create(
            {"name": "路径乙店", "code": "PB", "warehouse_id": second.id}
        )
        common = {"mall_published": True, "is_storable": True, "taxes_id": False}
        Template = env["product.template"]
        cls.cup = Template.create(
            {
                **common,
                "name": "路径茶杯",
                "list_price": 40.0,
                "mall_shop_id": cls.shop_a.id,
            }
        )
        cls.tea = Template.create(
            {
                **common,
                "name": "路径普洱",
                "list_price": 150.0,
                "mall_shop_id": cls.shop_b.id,
            }
        )
        Quant = env["stock.quant"]
        Quant._update_available_quantity(
            cls.cup.product_variant_id, cls.shop_a.warehouse_id.lot_stock_id, 5
        )
        Quant._update_available_quantity(
            cls.tea.product_variant_id, second.lot_stock_id, 5
        )
        fee_product = env["product.product"].create(
            {"name": "路径运费", "type": "service", "taxes_id": False}
        )
        cls.carrier = env["delivery.carrier"].create(
            {
                "name": "路径快递",
                "delivery_type": "fixed",
                "fixed_price": 12.0,
                "free_over": True,
                "amount": 99.0,
                "product_id": fee_product.id,
                "mall_express_code": "SF",
            }
        )
        cls.address = env["res.partner"].create(
            {
                "name": "李四",
                "type": "delivery",
                "parent_id": cls.shopper.id,
                "phone": "13911112222",
                "street": "天府大道 88 号",
                "city": "成都",
                "country_id": env.ref("base.cn").id,
            }
        )

    def test_cart_to_partial_refund(self):
        token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")

        def call(method, path, body=None):
            status, data, _response = self.api(
                method, path, token=token, json_body=body
            )
            self.assertLess(status, 300, data)
            return data["data"]

        cup, tea = self.cup.product_variant_id, self.tea.product_variant_id
        call("POST", "/cart/lines", {"variant_id": cup.id, "quantity": 2})
        call("POST", "/cart/lines", {"variant_id": tea.id, "quantity": 1})
        carriers = {str(s.id): self.carrier.id for s in (self.shop_a, self.shop_b)}
        checkout_data = call(
            "POST", "/checkout", {"address_id": self.address.id, "carriers": carriers}
        )
        # 80.00 of cups pay 12.00 of delivery; 150.00 of tea ships free.
        self.assertEqual(checkout_data["currency"], "CNY")
        self.assertEqual(checkout_data["amount_total"], "242.00")
        checkout = self.env["mall.checkout"].browse(checkout_data["id"])
        cup_order = checkout.order_ids.filtered(lambda o: o.mall_shop_id == self.shop_a)
        self.assertEqual(cup_order.amount_total, 92.0)
        self.assertEqual(cup_order.picking_ids.move_ids.state, "assigned")

        # Nobody else can pay (or see) this checkout.
        stranger = self.env["res.partner"].create(
            {"name": "路人", "mall_is_shopper": True}
        )
        self.assertApiError(
            self.api(
                "POST",
                f"/checkouts/{checkout.id}/pay",
                token=self.env["mall.shopper.token"]._issue(stranger, "weixin"),
                json_body={},
            ),
            404,
            "NOT_FOUND",
        )
        self.assertFalse(checkout.order_ids.transaction_ids)

        # Pay: the server asks WeChat Pay for a prepay id and signs.
        payment = call("POST", f"/checkouts/{checkout.id}/pay", {})
        self.assertTrue(payment["request_payment"]["package"].startswith("prepay_id="))
        tx = self.env["payment.transaction"].search(
            [("reference", "=", payment["reference"])]
        )
        self.assertEqual(tx.sale_order_ids, checkout.order_ids)
        self.assertEqual(self.wechatpay.orders[tx.reference]["total"], 24200)
        # The shopper pays in WeChat; its signed notification settles
        # everything at once.
        self._wechatpay_notify(tx.reference, 24200)
        self.assertEqual(tx.state, "done")
        self.assertEqual(checkout.state, "paid")
        self.assertEqual(set(checkout.order_ids.mapped("mall_payment_state")), {"paid"})
        self.assertEqual(self.cup.mall_sold_qty, 2)

        # Ship the cups with a tracking number; the shopper follows them.
        picking = cup_order.picking_ids
        picking.write(
            {"carrier_id": self.carrier.id, "carrier_tracking_ref": "SF1234567890"}
        )
        picking.move_ids.quantity = 2
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        logistics = call("GET", f"/orders/{cup_order.id}/logistics")
        self.assertEqual(logistics["tracking_number"], "SF1234567890")
        self.assertEqual(
            self.cup.product_variant_id.with_context(
                warehouse_id=self.shop_a.warehouse_id.id
            ).qty_available,
            3,
        )
        call("POST", f"/orders/{cup_order.id}/receive")
        self.assertTrue(cup_order.mall_received_at)

        to_review = call("GET", "/orders?status=to_review")
        self.assertIn(cup_order.id, [order["id"] for order in to_review])
        # Review what was received.
        call(
            "POST",
            f"/products/{self.cup.id}/reviews",
            {"rating": 5, "text": "杯子很好看，装茶不烫手。"},
        )
        self.assertEqual(self.cup.mall_review_count, 1)
        # Every line reviewed: the order leaves the 待评价 tab.
        to_review = call("GET", "/orders?status=to_review")
        self.assertNotIn(cup_order.id, [order["id"] for order in to_review])

        # One cup is cracked: a return with partial refund.
        line = cup_order.order_line.filtered(
            lambda order_line: order_line.product_id == cup
        )
        aftersale_data = call(
            "POST",
            "/aftersales",
            {
                "order_id": cup_order.id,
                "type": "return_refund",
                "reason": "quality",
                "lines": [{"order_line_id": line.id, "quantity": 1}],
                "amount": "30.00",
            },
        )
        aftersale = self.env["mall.aftersale"].browse(aftersale_data["id"])
        self.assertEqual(
            [o["id"] for o in call("GET", "/orders?status=aftersale")], [cup_order.id]
        )
        self.assertEqual(call("GET", f"/orders/{cup_order.id}")["status"], "aftersale")
        aftersale.action_approve()
        aftersale.return_picking_id.move_ids.quantity = 1
        aftersale.return_picking_id.button_validate()
        self.assertEqual(aftersale.state, "returned")
        aftersale.action_refund()
        refund = tx.child_transaction_ids.filtered(lambda t: t.operation == "refund")
        self.assertEqual(refund.amount, -30.0)
        self.assertEqual(self.wechatpay.refunds[refund.reference]["refund"], 3000)
        self.assertEqual(cup_order.mall_payment_state, "partially_refunded")
        self.assertEqual(line.mall_refunded_qty, 1)
        self.assertEqual(self.cup.mall_sold_qty, 1)
        self.assertEqual(
            self.cup.product_variant_id.with_context(
                warehouse_id=self.shop_a.warehouse_id.id
            ).qty_available,
            4,
        )
