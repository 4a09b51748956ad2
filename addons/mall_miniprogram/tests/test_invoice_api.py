# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.mall_miniprogram.http_api import API_PREFIX

from .common import MallApiCommon
from .test_aftersale import AftersaleSetup

COMPANY_TAX_ID = "91350100M000100Y43"
COMPANY_TITLE = {
    "kind": "company",
    "name": "福州测试科技有限公司",
    "tax_id": "91350100m000100y43",
    "company_address": "福州市鼓楼区五四路 1 号",
    "company_phone": "0591-88888888",
    "bank_name": "招商银行福州分行",
    "bank_account": "591900000000001",
    "email": "finance@example.com",
}


def pdf_text(content):
    """The text of a PDF, or "" when it cannot be read."""
    try:
        from PyPDF2 import PdfReader
    except ImportError:  # pragma: no cover
        return ""
    try:
        reader = PdfReader(io.BytesIO(content))
        return "".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # noqa: BLE001 - a PDF the reader cannot parse
        return ""


@tagged("post_install", "-at_install")
class TestInvoiceApi(AftersaleSetup, MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_aftersale()
        cls.other = cls.env["res.partner"].create(
            {"name": "另一位顾客", "mall_is_shopper": True}
        )
        cls.accountant = new_test_user(
            cls.env,
            login="mall_invoice_accountant",
            groups="account.group_account_invoice,sales_team.group_sale_salesman_all_leads",
        )

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.mine = Token._issue(self.shopper, "weixin")
        self.theirs = Token._issue(self.other, "weixin")

    def _title(self, token=None, **values):
        status, body, _response = self.api(
            "POST",
            "/invoice-titles",
            token=token or self.mine,
            json_body={**COMPANY_TITLE, **values},
        )
        self.assertEqual(status, 201, body)
        return body["data"]

    def _ask_invoice(self, order, title_id, invoice_type="normal", token=None):
        return self.api(
            "POST",
            f"/orders/{order.id}/invoice",
            token=token or self.mine,
            json_body={"title_id": title_id, "invoice_type": invoice_type},
        )

    def _pdf(self, order, token=None):
        return self.opener.get(
            self.base_url() + API_PREFIX + f"/orders/{order.id}/invoice/pdf",
            headers={"Authorization": f"Bearer {token or self.mine}"},
            timeout=30,
        )

    def _invoice_request(self, order):
        return self.env["mall.invoice.request"].search([("order_id", "=", order.id)])

    # ------------------------------------------------------------------
    def test_title_validation(self):
        Titles = self.env["mall.invoice.title"]
        # A company needs its tax ID, and a real one.
        self.assertApiError(
            self.api(
                "POST",
                "/invoice-titles",
                token=self.mine,
                json_body={"kind": "company", "name": "某公司"},
            ),
            422,
            "VALIDATION_ERROR",
        )
        error = self.assertApiError(
            self.api(
                "POST",
                "/invoice-titles",
                token=self.mine,
                json_body={**COMPANY_TITLE, "tax_id": "91350100M000100Y44"},
            ),
            422,
            "VALIDATION_ERROR",
        )
        self.assertEqual(error["details"][0]["field"], "body.tax_id")
        self.assertIn("check character", error["details"][0]["message"])
        self.assertApiError(
            self.api(
                "POST",
                "/invoice-titles",
                token=self.mine,
                json_body={**COMPANY_TITLE, "tax_id": "1234567890"},
            ),
            422,
            "VALIDATION_ERROR",
        )
        self.assertFalse(Titles.search([("partner_id", "=", self.shopper.id)]))

        company = self._title()
        self.assertEqual(company["tax_id"], COMPANY_TAX_ID)  # normalized
        self.assertTrue(company["is_default"])  # the first one
        person = self._title(kind="personal", name="张三", tax_id=None, is_default=True)
        self.assertIsNone(person["bank_name"])  # a person has no bank details
        _status, body, _response = self.api("GET", "/invoice-titles", token=self.mine)
        self.assertEqual([t["id"] for t in body["data"]], [person["id"], company["id"]])
        self.assertEqual([t["is_default"] for t in body["data"]], [True, False])
        # The older 15-character number is accepted too.
        status, body, _response = self.api(
            "PUT",
            f"/invoice-titles/{company['id']}",
            token=self.mine,
            json_body={**COMPANY_TITLE, "tax_id": "110108600037341"},
        )
        self.assertEqual(status, 200, body)
        self.assertEqual(Titles.browse(company["id"]).tax_id, "110108600037341")
        # The back office checks the same rules.
        with self.assertRaises(UserError):
            Titles.browse(company["id"]).tax_id = "91350100M000100Y44"
        status, body, _response = self.api(
            "DELETE", f"/invoice-titles/{person['id']}", token=self.mine
        )
        self.assertEqual(body["data"], {"id": person["id"], "deleted": True})
        self.assertTrue(Titles.browse(company["id"]).is_default)

    def test_request_issue_and_download_pdf(self):
        order = self._paid_order(self.shopper, qty=2)
        title = self._title()
        status, body, _response = self.api(
            "GET", f"/orders/{order.id}/invoice", token=self.mine
        )
        self.assertEqual(status, 200, body)
        self.assertTrue(body["data"]["can_request"])
        self.assertIsNone(body["data"]["request"])

        status, body, _response = self._ask_invoice(order, title["id"], "special")
        self.assertEqual(status, 201, body)
        data = body["data"]
        self.assertEqual(data["state"], "requested")
        self.assertEqual(data["amount"], "200.00")
        self.assertEqual(data["title"]["tax_id"], COMPANY_TAX_ID)
        self.assertFalse(data["pdf_available"])
        # One open request per order.
        self.assertApiError(
            self._ask_invoice(order, title["id"]), 409, "INVOICE_EXISTS"
        )
        # No PDF before the accountant issues it.
        response = self._pdf(order)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["error"]["code"], "INVOICE_STATE")

        # Profile edits do not change the requested title.
        status, body, _response = self.api(
            "PUT",
            f"/invoice-titles/{title['id']}",
            token=self.mine,
            json_body={**COMPANY_TITLE, "name": "改名后的公司"},
        )
        self.assertEqual(status, 200, body)
        invoice_request = self._invoice_request(order)
        self.assertEqual(invoice_request.title_name, COMPANY_TITLE["name"])
        self.assertEqual(invoice_request.title_bank_account, "591900000000001")

        # The accountant issues it: the order's invoice is created and posted.
        self.assertFalse(order.invoice_ids)
        invoice_request.with_user(self.accountant).action_issue()
        move = invoice_request.move_id
        self.assertEqual(invoice_request.state, "issued")
        self.assertTrue(invoice_request.issued_at)
        self.assertEqual(move, order.invoice_ids)
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.move_type, "out_invoice")
        self.assertEqual(move.amount_total, 200)
        self.assertEqual(move.mall_invoice_title, COMPANY_TITLE["name"])
        self.assertEqual(move.mall_invoice_tax_id, COMPANY_TAX_ID)
        attachment = invoice_request.pdf_attachment_id
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (move._name, move.id)
        )
        self.assertEqual(move.invoice_pdf_report_id, attachment)
        self.assertTrue(attachment.raw.startswith(b"%PDF-"))
        with self.assertRaises(UserError):
            invoice_request.action_issue()  # once only

        # The shopper downloads it.
        status, body, _response = self.api(
            "GET", f"/orders/{order.id}/invoice", token=self.mine
        )
        self.assertFalse(body["data"]["can_request"])
        self.assertEqual(body["data"]["request"]["invoice_number"], move.name)
        self.assertTrue(body["data"]["request"]["pdf_available"])
        response = self._pdf(order)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"%PDF-"))
        self.assertEqual(response.content, attachment.raw)
        # The requested title is printed (the snapshot, not the renamed one).
        # Depending on the fonts, PyPDF2 reads the Chinese text, the Latin
        # text, both or neither.
        text = "".join(pdf_text(response.content).split())
        if any("\u4e00" <= char <= "\u9fff" for char in text):
            self.assertIn(COMPANY_TITLE["name"], text)
            self.assertNotIn("改名后的公司", text)
        if any(char.isdigit() for char in text):
            self.assertIn(COMPANY_TAX_ID, text)
        # An issued invoice cannot be withdrawn.
        self.assertApiError(
            self.api("POST", f"/orders/{order.id}/invoice/cancel", token=self.mine),
            409,
            "INVOICE_STATE",
        )

    def test_issuing_notifies_the_shopper_once(self):
        weixin = self._start_weixin("wx1nv01ce0ff1ce0ok", self.shopper, "o-invoice-1")
        self.env["mall.notification.template"].create(
            {
                "name": "发票开具成功通知",
                "event": "invoice_issued",
                "platform": "weixin",
                "template_id": "tmpl-invoice-1",
                "page": "pages/invoice/detail?order={order_id}",
                "mapping": json.dumps(
                    {
                        "character_string1": "order_name",
                        "amount2": "amount",
                        "thing3": "invoice_title",
                        "time4": "issued_at",
                    }
                ),
            }
        )
        Notification = self.env["mall.notification"]

        def messages(partner=None):
            return Notification.search(
                [
                    ("event", "=", "invoice_issued"),
                    ("partner_id", "=", (partner or self.shopper).id),
                ]
            )

        order = self._paid_order(self.shopper, qty=2)
        title = self._title()
        self._ask_invoice(order, title["id"])
        invoice_request = self._invoice_request(order)
        self.assertFalse(messages(), "nothing before it is issued")
        invoice_request.with_user(self.accountant).action_issue()
        message = messages()
        self.assertEqual(len(message), 1)
        self.assertEqual(
            (message.state, message.openid, message.res_model, message.res_id),
            ("pending", "o-invoice-1", invoice_request._name, invoice_request.id),
        )
        # Issued once: pressing Issue again is refused and queues nothing,
        # nor does asking for the message again.
        with self.assertRaises(UserError):
            invoice_request.with_user(self.accountant).action_issue()
        invoice_request._mall_notify_issued()
        self.assertEqual(messages(), message)

        self.assertEqual(Notification._cron_mall_send(), message)
        self.assertEqual(message.state, "sent")
        [sent] = weixin.subscribe_messages
        self.assertEqual(
            (sent["touser"], sent["template_id"], sent["page"]),
            (
                "o-invoice-1",
                "tmpl-invoice-1",
                f"pages/invoice/detail?order={order.id}",
            ),
        )
        data = sent["data"]
        self.assertEqual(data["character_string1"], {"value": order.name})
        self.assertEqual(data["amount2"], {"value": "200.00"})
        self.assertEqual(data["thing3"], {"value": COMPANY_TITLE["name"]})
        self.assertRegex(data["time4"]["value"], r"^\d{4}-\d\d-\d\d \d\d:\d\d$")
        self.assertFalse(Notification._cron_mall_send())

        # A shopper without a WeChat identity is not messaged.
        other_order = self._paid_order(self.other, qty=1)
        other_title = self._title(token=self.theirs)
        self._ask_invoice(other_order, other_title["id"], token=self.theirs)
        self._invoice_request(other_order).with_user(self.accountant).action_issue()
        self.assertEqual(self._invoice_request(other_order).state, "issued")
        self.assertFalse(messages(self.other))

    def test_special_invoice_needs_company_details(self):
        order = self._paid_order(self.shopper, deliver=False)
        person = self._title(kind="personal", name="张三", tax_id=None)
        self.assertApiError(
            self._ask_invoice(order, person["id"], "special"),
            422,
            "INVOICE_TITLE_INCOMPLETE",
        )
        bare = self._title(company_address=None, bank_account=None)
        self.assertApiError(
            self._ask_invoice(order, bare["id"], "special"),
            422,
            "INVOICE_TITLE_INCOMPLETE",
        )
        status, body, _response = self._ask_invoice(order, person["id"])
        self.assertEqual(status, 201, body)
        self.assertEqual(body["data"]["title"]["kind"], "personal")

    def test_cancel_and_reject(self):
        order = self._paid_order(self.shopper, deliver=False)
        title = self._title()
        self._ask_invoice(order, title["id"])
        status, body, _response = self.api(
            "POST", f"/orders/{order.id}/invoice/cancel", token=self.mine
        )
        self.assertEqual((status, body["data"]["state"]), (200, "cancelled"))
        self.assertApiError(
            self.api("POST", f"/orders/{order.id}/invoice/cancel", token=self.mine),
            409,
            "INVOICE_STATE",
        )
        # Withdrawn, it may be requested again; the accountant rejects it.
        status, body, _response = self._ask_invoice(order, title["id"])
        self.assertEqual(status, 201, body)
        invoice_request = self._invoice_request(order).filtered(
            lambda r: r.state == "requested"
        )
        with self.assertRaises(UserError):
            invoice_request.action_reject()  # a reason is needed
        invoice_request.reject_reason = "抬头与付款单位不一致"
        invoice_request.with_user(self.accountant).action_reject()
        self.assertEqual(invoice_request.state, "rejected")
        self.assertFalse(order.invoice_ids)
        _status, body, _response = self.api(
            "GET", f"/orders/{order.id}/invoice", token=self.mine
        )
        self.assertEqual(body["data"]["request"]["state"], "rejected")
        self.assertEqual(
            body["data"]["request"]["reject_reason"], "抬头与付款单位不一致"
        )
        self.assertTrue(body["data"]["can_request"])

    def test_unpaid_or_refunded_orders_refused(self):
        title = self._title()
        unpaid = self.env["sale.order"].create(
            {
                "partner_id": self.shopper.id,
                "mall_checkout_id": self.env["mall.checkout"]
                .create({"partner_id": self.shopper.id})
                .id,
            }
        )
        self.assertApiError(self._ask_invoice(unpaid, title["id"]), 409, "ORDER_STATE")

        # Refunded in part: the rest is invoiced.
        partly = self._paid_order(self.shopper, qty=2, deliver=False)
        aftersale = self._request_refund(partly, qty=1)
        self.assertEqual(partly.mall_payment_state, "partially_refunded")
        status, body, _response = self._ask_invoice(partly, title["id"])
        self.assertEqual(status, 201, body)
        self.assertEqual(body["data"]["amount"], "100.00")
        self.assertTrue(aftersale)

        # Refunded in full: nothing to invoice.
        refunded = self._paid_order(self.shopper, qty=1, deliver=False)
        self._request_refund(refunded, qty=1)
        self.assertEqual(refunded.mall_payment_state, "refunded")
        error = self.assertApiError(
            self._ask_invoice(refunded, title["id"]), 409, "ORDER_STATE"
        )
        # The reason, in the shopper's language.
        self.assertIn("全额退款", error["details"][0]["message"])
        _status, body, _response = self.api(
            "GET", f"/orders/{refunded.id}/invoice", token=self.mine
        )
        self.assertFalse(body["data"]["can_request"])
        self.assertEqual(body["data"]["invoiceable_amount"], "0.00")
        self.assertFalse(self._invoice_request(refunded))

    def _request_refund(self, order, qty):
        Aftersale = self.env["mall.aftersale"]
        aftersale = Aftersale.create(
            Aftersale._prepare_request(
                order,
                order.partner_id,
                "refund",
                "quality",
                [(order.order_line, qty)],
                description="不想要了",
            )
        )
        aftersale.action_approve()
        aftersale.action_refund()
        return aftersale

    def test_another_shopper_sees_nothing(self):
        order = self._paid_order(self.shopper, deliver=False)
        title = self._title()
        their_title = self._title(token=self.theirs, kind="personal", tax_id=None)
        their_order = self._paid_order(self.other, deliver=False)
        # Titles: another's are neither listed nor changed.
        _status, body, _response = self.api("GET", "/invoice-titles", token=self.theirs)
        self.assertEqual([t["id"] for t in body["data"]], [their_title["id"]])
        for method, json_body in (("PUT", COMPANY_TITLE), ("DELETE", None)):
            self.assertApiError(
                self.api(
                    method,
                    f"/invoice-titles/{title['id']}",
                    token=self.theirs,
                    json_body=json_body,
                ),
                404,
                "NOT_FOUND",
            )
        # Requests: not on another's order, not with another's title.
        self.assertApiError(
            self._ask_invoice(order, their_title["id"], token=self.theirs),
            404,
            "NOT_FOUND",
        )
        self.assertApiError(
            self._ask_invoice(their_order, title["id"], token=self.theirs),
            404,
            "NOT_FOUND",
        )
        status, body, _response = self._ask_invoice(order, title["id"])
        self.assertEqual(status, 201, body)
        self._invoice_request(order).with_user(self.accountant).action_issue()
        for method, path in (
            ("GET", f"/orders/{order.id}/invoice"),
            ("POST", f"/orders/{order.id}/invoice/cancel"),
        ):
            self.assertApiError(
                self.api(method, path, token=self.theirs), 404, "NOT_FOUND"
            )
        response = self._pdf(order, token=self.theirs)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["error"]["code"], "NOT_FOUND")
        self.assertNotIn(b"%PDF", response.content)
        self.assertEqual(
            self.env["mall.invoice.title"].browse(title["id"]).name,
            COMPANY_TITLE["name"],
        )
        self.assertEqual(self._invoice_request(order).state, "issued")
