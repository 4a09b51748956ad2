# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..models.mall_aftersale import AftersaleStateError, RefundTooLarge
from .common import MallApiCommon, picture_base64


class AftersaleSetup:
    """A shop on the main warehouse, a product in stock and paid orders."""

    @classmethod
    def _setup_aftersale(cls):
        env = cls.env
        cls.warehouse = env.ref("stock.warehouse0")
        cls.shop = env["mall.shop"].search(
            [("warehouse_id", "=", cls.warehouse.id)], limit=1
        ) or env["mall.shop"].create(
            {"name": "售后测试店", "code": "AST", "warehouse_id": cls.warehouse.id}
        )
        cls.shop.user_id = env.ref("base.user_admin")
        cls.product = env["product.product"].create(
            {
                "name": "售后测试保温杯",
                "is_storable": True,
                "list_price": 100,
                "taxes_id": [Command.clear()],
                "sale_ok": True,
            }
        )
        env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 20
        )
        cls.buyer = env["res.partner"].create(
            {"name": "售后顾客", "mall_is_shopper": True}
        )

    @classmethod
    def _paid_order(cls, partner, qty=3, deliver=True):
        order = (
            cls.env["sale.order"]
            .with_context(mall_risk_defer=True)
            .create(
                {
                    "partner_id": partner.id,
                    "mall_shop_id": cls.shop.id,
                    "warehouse_id": cls.warehouse.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": qty,
                                "price_unit": 100,
                            }
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        checkout = cls.env["mall.checkout"].create({"partner_id": partner.id})
        order.mall_checkout_id = checkout
        checkout._mall_mark_paid()
        if deliver:
            cls._validate(order.picking_ids)
        return order

    @staticmethod
    def _validate(picking):
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        if picking.picking_type_code == "outgoing":
            # Shipping itself (carrier, tracking number) is not tested here.
            picking._action_done()
        else:
            picking.button_validate()
        return picking

    def _request(self, order, type_="refund", qty=1, amount=None, reason="quality"):
        Aftersale = self.env["mall.aftersale"]
        return Aftersale.create(
            Aftersale._prepare_request(
                order,
                order.partner_id,
                type_,
                reason,
                [(order.order_line, qty)],
                amount=amount,
                description="杯盖有裂缝",
            )
        )

    def _stock(self):
        return self.product.with_context(warehouse_id=self.warehouse.id).qty_available


@tagged("post_install", "-at_install")
class TestAftersale(AftersaleSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The assertions read the English messages, whatever the database
        # language (bin/test loads Chinese).
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, lang="en_US")
        )
        cls._setup_aftersale()

    def test_refund_only_partial_amount(self):
        order = self._paid_order(self.buyer)
        template = self.product.product_tmpl_id
        sales_before = template.mall_sales_count
        aftersale = self._request(order, qty=1, amount=50)
        self.assertTrue(aftersale.name.startswith("AS"))
        self.assertEqual(aftersale.state, "requested")
        self.assertEqual(aftersale.line_ids.amount, 50)
        self.assertEqual(aftersale.activity_ids.user_id, self.shop.user_id)

        aftersale.action_approve()
        self.assertEqual(aftersale.state, "approved")
        self.assertFalse(aftersale.return_picking_id)
        aftersale.action_refund()
        self.assertEqual(aftersale.state, "refunded")
        self.assertEqual(aftersale.amount_refunded, 50)
        self.assertEqual(aftersale.refund_reference, f"RECORDED/{aftersale.name}")
        self.assertEqual(order.mall_payment_state, "partially_refunded")
        self.assertEqual(order.mall_refunded_amount, 50)
        self.assertEqual(order.order_line.mall_refunded_qty, 1)
        self.assertEqual(template.mall_sales_count, sales_before - 1)

        with self.assertRaisesRegex(AftersaleStateError, "already refunded"):
            aftersale.action_refund()
        aftersale.action_done()
        self.assertEqual(aftersale.state, "done")
        with self.assertRaisesRegex(AftersaleStateError, "already refunded"):
            aftersale.action_refund()
        self.assertEqual(order.mall_refunded_amount, 50)

    def test_refund_before_shipping_cancels_the_undelivered_units(self):
        order = self._paid_order(self.buyer, qty=3, deliver=False)
        picking = order.picking_ids
        first = self._request(order, qty=1)
        self.assertEqual(first.amount_requested, 100)
        first.action_approve()
        first.action_refund()
        self.assertEqual(picking.move_ids.product_uom_qty, 2)
        self.assertEqual(order.mall_payment_state, "partially_refunded")

        rest = self._request(order, qty=2)
        self.assertEqual(rest.amount_requested, 200)
        rest.action_approve()
        rest.action_refund()
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(order.mall_payment_state, "refunded")
        self.assertEqual(order.mall_refunded_amount, 300)
        self.assertEqual(order.order_line.mall_refunded_qty, 3)

    def test_return_and_refund(self):
        order = self._paid_order(self.buyer, qty=3)
        stock_before = self._stock()
        aftersale = self._request(order, "return_refund", qty=2)
        self.assertEqual(aftersale.amount_requested, 200)
        aftersale.action_approve()
        self.assertEqual(aftersale.state, "waiting_return")
        back = aftersale.return_picking_id
        self.assertEqual(back.picking_type_id.code, "incoming")
        self.assertEqual(back.move_ids.product_uom_qty, 2)
        with self.assertRaises(AftersaleStateError):
            aftersale.action_refund()

        aftersale.action_set_return_tracking("顺丰速运", "SF000111")
        self.assertEqual(back.carrier_tracking_ref, "SF000111")
        self._validate(back)
        self.assertEqual(aftersale.state, "returned")
        self.assertEqual(self._stock(), stock_before + 2)
        self.assertEqual(order.order_line.qty_delivered, 1)

        aftersale.action_refund()
        self.assertEqual(aftersale.state, "refunded")
        self.assertEqual(order.mall_payment_state, "partially_refunded")
        self.assertEqual(order.order_line.mall_refunded_qty, 2)
        self.assertEqual(order.mall_refunded_amount, 200)
        # The last unit can be sent back once, not twice.
        exchange = self._request(order, "exchange", qty=1)
        exchange.action_approve()
        self.assertEqual(exchange.return_picking_id.move_ids.product_uom_qty, 1)
        again = self._request(order, "exchange", qty=1)
        with self.assertRaisesRegex(UserError, "not delivered"):
            again.action_approve()
        self.assertEqual(again.state, "requested")

    def test_exchange_returns_then_reships(self):
        order = self._paid_order(self.buyer, qty=1)
        stock_before = self._stock()
        aftersale = self._request(order, "exchange", qty=1, reason="damaged")
        self.assertEqual(aftersale.amount_requested, 0)
        aftersale.action_approve()
        self.assertEqual(aftersale.state, "waiting_return")
        with self.assertRaises(AftersaleStateError):
            aftersale.action_reship()
        aftersale.action_mark_returned()
        self.assertEqual(aftersale.state, "returned")
        self.assertEqual(self._stock(), stock_before + 1)
        with self.assertRaisesRegex(AftersaleStateError, "exchange"):
            aftersale.action_refund()

        aftersale.action_reship()
        self.assertEqual(aftersale.state, "reshipped")
        reship = aftersale.reship_picking_id
        self.assertEqual(reship.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(reship.move_ids.product_id, self.product)
        self.assertEqual(reship.move_ids.product_uom_qty, 1)
        self.assertIn(reship, order.picking_ids)
        self._validate(reship)
        self.assertEqual(aftersale.state, "done")
        self.assertEqual(self._stock(), stock_before)
        self.assertEqual(order.order_line.qty_delivered, 1)
        self.assertEqual(order.mall_payment_state, "paid")
        self.assertEqual(order.order_line.mall_refunded_qty, 0)

    def test_reject_needs_a_reason_and_is_final(self):
        order = self._paid_order(self.buyer)
        aftersale = self._request(order)
        with self.assertRaisesRegex(UserError, "reason"):
            aftersale.action_reject()
        aftersale.action_reject("商品已超过退货期限")
        self.assertEqual(aftersale.state, "rejected")
        self.assertEqual(aftersale.reject_reason, "商品已超过退货期限")
        self.assertFalse(aftersale.activity_ids)
        with self.assertRaisesRegex(AftersaleStateError, "Rejected"):
            aftersale.action_approve()
        with self.assertRaises(AftersaleStateError):
            aftersale.action_refund()
        with self.assertRaises(AftersaleStateError):
            aftersale.action_cancel()
        self.assertEqual(order.mall_payment_state, "paid")
        # A rejected request no longer claims its units.
        self.assertEqual(self._request(order, qty=3).amount_requested, 300)

    def test_amount_never_above_what_was_paid(self):
        order = self._paid_order(self.buyer)
        with self.assertRaisesRegex(RefundTooLarge, "At most 100"):
            self._request(order, qty=1, amount=100.01)
        with self.assertRaises(RefundTooLarge):
            self._request(order, qty=4)
        first = self._request(order, qty=2, amount=150)
        first.action_approve()
        first.action_refund()
        # One unit left: 100 paid for it at most.
        with self.assertRaises(RefundTooLarge):
            self._request(order, qty=2)
        with self.assertRaises(RefundTooLarge):
            self._request(order, qty=1, amount=101)
        last = self._request(order, qty=1)
        self.assertEqual(last.amount_requested, 100)
        last.action_approve()
        last.action_refund()
        self.assertEqual(order.mall_refunded_amount, 250)
        self.assertEqual(order.mall_payment_state, "partially_refunded")
        with self.assertRaises(RefundTooLarge):
            self._request(order, qty=1, amount=1)

    def test_back_office_views(self):
        views = self.env["mall.aftersale"].get_views(
            [(False, "list"), (False, "form"), (False, "search")]
        )
        self.assertIn("action_approve", views["views"]["form"]["arch"])
        self.assertIn("to_refund", views["views"]["search"]["arch"])
        action = self.env.ref("mall_miniprogram.mall_aftersale_action")
        self.assertEqual(
            self.env.ref("mall_miniprogram.mall_aftersale_menu").action, action
        )

    def test_unpaid_order_refused(self):
        order = self._paid_order(self.buyer, deliver=False)
        order.mall_payment_state = "unpaid"
        with self.assertRaisesRegex(UserError, "not paid"):
            self._request(order)


@tagged("post_install", "-at_install")
class TestAftersaleApi(AftersaleSetup, MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_aftersale()
        cls.stranger = cls.env["res.partner"].create(
            {"name": "别人", "mall_is_shopper": True}
        )

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.buyer, "weixin")
        self.stranger_token = Token._issue(self.stranger, "weixin")
        self.order = self._paid_order(self.buyer)

    def _create(self, token=None, **body):
        payload = {
            "order_id": self.order.id,
            "type": "return_refund",
            "reason": "quality",
            "description": "杯盖有裂缝",
            "lines": [{"order_line_id": self.order.order_line.id, "quantity": 1}],
            **body,
        }
        return self.api(
            "POST", "/aftersales", token=token or self.token, json_body=payload
        )

    def test_create_list_detail_cancel(self):
        status, body, _response = self._create(photos=[picture_base64()])
        self.assertEqual(status, 201, body)
        data = body["data"]
        self.assertEqual(data["state"], "requested")
        self.assertEqual(data["amount_requested"], "100.00")
        self.assertEqual(data["photo_count"], 1)
        self.assertEqual(data["lines"][0]["quantity"], 1)
        aftersale = self.env["mall.aftersale"].browse(data["id"])
        self.assertEqual(aftersale.partner_id, self.buyer)

        status, body, _response = self.api("GET", "/aftersales", token=self.token)
        self.assertEqual(status, 200)
        self.assertEqual([item["id"] for item in body["data"]], [aftersale.id])
        self.assertEqual(body["meta"]["total"], 1)
        status, body, _response = self.api(
            "GET", f"/aftersales/{aftersale.id}", token=self.token
        )
        self.assertEqual((status, body["data"]["name"]), (200, aftersale.name))

        status, body, _response = self.api(
            "POST", f"/aftersales/{aftersale.id}/cancel", token=self.token
        )
        self.assertEqual((status, body["data"]["state"]), (200, "cancelled"))
        self.assertApiError(
            self.api("POST", f"/aftersales/{aftersale.id}/cancel", token=self.token),
            409,
            "AFTERSALE_STATE",
        )

    def test_return_tracking_after_approval(self):
        status, body, _response = self._create()
        aftersale = self.env["mall.aftersale"].browse(body["data"]["id"])
        tracking = {"carrier": "顺丰速运", "tracking_number": "SF123"}
        path = f"/aftersales/{aftersale.id}/return"
        self.assertApiError(
            self.api("POST", path, token=self.token, json_body=tracking),
            409,
            "AFTERSALE_STATE",
        )
        aftersale.action_approve()
        status, body, _response = self.api(
            "POST", path, token=self.token, json_body=tracking
        )
        self.assertEqual(status, 200, body)
        self.assertEqual(body["data"]["return_tracking_number"], "SF123")
        self.assertEqual(aftersale.return_picking_id.carrier_tracking_ref, "SF123")

    def test_another_shopper_sees_nothing(self):
        status, body, _response = self._create()
        aftersale = self.env["mall.aftersale"].browse(body["data"]["id"])
        token = self.stranger_token
        self.assertApiError(
            self.api("GET", f"/aftersales/{aftersale.id}", token=token),
            404,
            "NOT_FOUND",
        )
        self.assertApiError(
            self.api("POST", f"/aftersales/{aftersale.id}/cancel", token=token),
            404,
            "NOT_FOUND",
        )
        aftersale.action_approve()
        self.assertApiError(
            self.api(
                "POST",
                f"/aftersales/{aftersale.id}/return",
                token=token,
                json_body={"carrier": "EMS", "tracking_number": "X1"},
            ),
            404,
            "NOT_FOUND",
        )
        status, body, _response = self.api("GET", "/aftersales", token=token)
        self.assertEqual(body["data"], [])
        # Nor can they ask for a refund of the buyer's order.
        self.assertApiError(self._create(token=token), 404, "NOT_FOUND")
        self.assertEqual(aftersale.state, "waiting_return")
        self.assertFalse(aftersale.return_tracking_ref)
        self.assertEqual(len(self.order.mall_aftersale_ids), 1)

    def test_amount_above_paid_refused(self):
        error = self.assertApiError(self._create(amount=100.5), 422, "REFUND_TOO_LARGE")
        self.assertEqual(error["details"][0]["field"], "body.amount")
        self.assertApiError(
            self._create(lines=[{"order_line_id": 1, "quantity": 1}]),
            422,
            "VALIDATION_ERROR",
        )
        line = {"order_line_id": self.order.order_line.id, "quantity": 1}
        self.assertApiError(self._create(lines=[line, line]), 422, "VALIDATION_ERROR")
        self.assertFalse(self.order.mall_aftersale_ids)
