# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.tests import tagged
from odoo.tools import SQL

from .common import MallApiCommon, picture_base64

PHONE = "13912345678"
STREET = "世纪大道1001号"
OTHER_PHONE = "13700001111"
DELETED_NAMES = ("Deleted User", "已注销用户")


@tagged("post_install", "-at_install")
class TestPrivacyApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.shopper.write(
            {
                "name": "李雷",
                "phone": PHONE,
                "mobile": "13912345670",
                "email": "lilei@example.com",
                "image_1920": picture_base64("green", (200, 200)),
                "mall_gender": "male",
                "mall_birthday": "1990-05-04",
            }
        )
        cls.other = env["res.partner"].create(
            {"name": "韩梅梅", "mall_is_shopper": True, "phone": OTHER_PHONE}
        )
        nanshan = env["mall.region"]._mall_find_by_code("440305")
        cls.used_address, cls.spare_address = (
            cls.shopper._mall_add_address(
                {
                    "name": name,
                    "phone": PHONE,
                    "street": street,
                    "mall_region_id": nanshan.id,
                }
            )
            for name, street in (("李雷", STREET), ("李雷妈妈", "科苑路15号"))
        )
        cls.other_address = cls.other._mall_add_address(
            {
                "name": "韩梅梅",
                "phone": OTHER_PHONE,
                "street": "南京西路1266号",
                "mall_region_id": nanshan.id,
            }
        )
        cls.product = env["product.template"].create(
            {
                "name": "隐私测试保温杯",
                "is_storable": True,
                "list_price": 99,
                "mall_published": True,
                "sale_ok": True,
            }
        )
        variant = cls.product.product_variant_id
        env["stock.quant"]._update_available_quantity(
            variant, env.ref("stock.warehouse0").lot_stock_id, 10
        )
        # A delivered order, shipped to the first address.
        cls.delivered = cls._order(variant, cls.used_address)
        picking = cls.delivered.picking_ids
        picking.move_ids.quantity = 1
        picking.button_validate()
        # An invoiced service order.
        service = env["product.product"].create(
            {"name": "隐私测试服务", "type": "service", "list_price": 30}
        )
        cls.invoiced = cls._order(service, cls.used_address)
        cls.invoice = cls.invoiced._create_invoices()
        cls.invoice.action_post()
        cls.review = env["mall.product.review"].create(
            {
                "product_tmpl_id": cls.product.id,
                "partner_id": cls.shopper.id,
                "sale_line_id": cls.delivered.order_line[0].id,
                "rating": 5,
                "text": "很好用",
            }
        )
        for partner in (cls.shopper, cls.other):
            env["mall.favorite"]._add(partner, cls.product)
            env["mall.footprint"]._record(partner, cls.product)
            env["mall.search.log"]._log("保温杯", partner, 1)
        if "mall.shopper.identity" in env:
            env["mall.shopper.identity"].create(
                {
                    "partner_id": cls.shopper.id,
                    "platform": "weixin",
                    "appid": "wx-test-app",
                    "openid": "o-lilei",
                    "unionid": "u-lilei",
                    "session_key": "secret-session-key",
                }
            )

    @classmethod
    def _order(cls, variant, address):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.shopper.id,
                "partner_shipping_id": address.id,
                "order_line": [
                    (0, 0, {"product_id": variant.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        return order

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper, "weixin")
        self.second_token = Token._issue(self.shopper, "weixin")
        self.other_token = Token._issue(self.other, "weixin")

    def _raw_row(self, partner):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT * FROM res_partner WHERE id = %s", partner.id))
        names = [d.name for d in self.env.cr.description]
        return dict(zip(names, self.env.cr.fetchone(), strict=True))

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def test_export(self):
        status, body, response = self.api("GET", "/me/export", token=self.token)
        self.assertEqual(status, 200, body)
        data = body["data"]
        profile = data["profile"]
        self.assertEqual(
            (profile["id"], profile["name"], profile["phone"], profile["email"]),
            (self.shopper.id, "李雷", PHONE, "lilei@example.com"),
        )
        self.assertEqual(
            (profile["gender"], profile["birthday"]), ("male", "1990-05-04")
        )
        self.assertTrue(profile["avatar"])
        self.assertEqual(
            {a["detail"] for a in data["addresses"]}, {STREET, "科苑路15号"}
        )
        self.assertEqual({a["phone"] for a in data["addresses"]}, {PHONE})
        self.assertEqual(
            [f["product_name"] for f in data["favorites"]], ["隐私测试保温杯"]
        )
        self.assertEqual(len(data["footprints"]), 1)
        self.assertEqual([s["query"] for s in data["searches"]], ["保温杯"])
        self.assertEqual(
            [(r["rating"], r["text"]) for r in data["reviews"]], [(5, "很好用")]
        )
        orders = {o["name"]: o for o in data["orders"]}
        self.assertEqual(set(orders), {self.delivered.name, self.invoiced.name})
        self.assertEqual(
            orders[self.invoiced.name]["amount_total"],
            f"{self.invoiced.amount_total:.2f}",
        )
        self.assertEqual(orders[self.invoiced.name]["state"], "sale")
        self.assertEqual(data["sessions"]["active"], 2)  # not the other shopper's
        if "mall.shopper.identity" in self.env:
            [account] = data["platform_accounts"]
            self.assertEqual(
                (account["openid"], account["unionid"]), ("o-lilei", "u-lilei")
            )
        # No secret, nothing of another shopper.
        text = response.text
        for absent in ("secret-session-key", "session_key", OTHER_PHONE, "韩梅梅"):
            self.assertNotIn(absent, text)
        self.assertApiError(self.api("GET", "/me/export"), 401, "AUTH_REQUIRED")

    # ------------------------------------------------------------------
    # Deletion
    # ------------------------------------------------------------------
    def test_delete_needs_confirmation(self):
        for body in (None, {}, {"confirm": False}, {"confirm": "yes"}):
            with self.subTest(body=body):
                self.assertApiError(
                    self.api("DELETE", "/me", token=self.token, json_body=body),
                    422,
                    "VALIDATION_ERROR",
                )
        self.assertTrue(self.shopper.active)
        self.assertEqual(self.shopper.phone, PHONE)
        status, _body, _response = self.api("GET", "/addresses", token=self.token)
        self.assertEqual(status, 200)

    def test_delete_waits_for_deliveries(self):
        variant = self.product.product_variant_id
        waiting = self._order(variant, self.spare_address)
        error = self.assertApiError(
            self.api("DELETE", "/me", token=self.token, json_body={"confirm": True}),
            409,
            "BUSINESS_RULE",
        )
        self.assertIn(waiting.name, error["message"])
        self.assertTrue(self.shopper.active)
        self.assertEqual(self.shopper.phone, PHONE)

    def test_delete(self):
        amounts = (self.invoiced.amount_total, self.invoice.amount_total)
        other_before = (self.other.name, self.other.phone, self.other_address.street)
        status, body, _response = self.api(
            "DELETE", "/me", token=self.token, json_body={"confirm": True}
        )
        self.assertEqual((status, body["data"]), (200, {"deleted": True}))
        self.env.invalidate_all()

        # Every session ended.
        for token in (self.token, self.second_token):
            self.assertApiError(
                self.api("GET", "/addresses", token=token), 401, "TOKEN_INVALID"
            )
        Token = self.env["mall.shopper.token"]
        self.assertFalse(Token._live_tokens_of(self.shopper))

        # The partner stays, erased and archived.
        shopper = self.shopper.with_context(active_test=False)
        self.assertTrue(shopper.exists())
        self.assertIn(shopper.name, DELETED_NAMES)
        self.assertFalse(shopper.active)
        self.assertTrue(shopper.mall_is_shopper)
        for fname in ("phone", "mobile", "email", "street", "image_1920"):
            self.assertFalse(shopper[fname], fname)
        self.assertFalse(shopper.mall_gender or shopper.mall_birthday)
        row = self._raw_row(shopper)
        dump = json.dumps(row, default=str, ensure_ascii=False)
        for secret in (PHONE, "13912345670", "lilei@example.com", "李雷"):
            self.assertNotIn(secret, dump)
        self.assertIsNone(row["phone"])
        self.assertIsNone(row["mall_phone_index"])
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "res.partner"), ("res_id", "=", shopper.id)]
            )
        )

        # Addresses: the one orders ship to erased and archived, the other gone.
        used = self.used_address.with_context(active_test=False)
        self.assertTrue(used.exists())
        self.assertFalse(used.active)
        self.assertIn(used.name, DELETED_NAMES)
        self.assertFalse(used.phone or used.street)
        self.assertNotIn(STREET, json.dumps(self._raw_row(used), default=str))
        self.assertEqual(used.mall_region_id.code, "440305")
        self.assertFalse(self.spare_address.exists())

        # Lists and platform accounts are deleted; the review stays, anonymous.
        for model in ("mall.favorite", "mall.footprint", "mall.search.log"):
            self.assertFalse(
                self.env[model].search([("partner_id", "=", shopper.id)]), model
            )
        if "mall.shopper.identity" in self.env:
            self.assertFalse(
                self.env["mall.shopper.identity"].search(
                    [("partner_id", "=", shopper.id)]
                )
            )
        self.assertEqual(self.review.partner_id, shopper)
        self.assertIn(self.review.partner_id.name, DELETED_NAMES)

        # Accounting is intact.
        self.assertEqual(self.delivered.partner_id, shopper)
        self.assertEqual(self.invoiced.partner_shipping_id, used)
        self.assertEqual(self.invoiced.state, "sale")
        self.assertEqual(self.invoice.partner_id, shopper)
        self.assertEqual(self.invoice.state, "posted")
        self.assertEqual(
            (self.invoiced.amount_total, self.invoice.amount_total), amounts
        )

        # The other shopper is untouched.
        self.assertEqual(
            (self.other.name, self.other.phone, self.other_address.street),
            other_before,
        )
        self.assertTrue(self.other.active)
        for model in ("mall.favorite", "mall.footprint", "mall.search.log"):
            self.assertEqual(
                self.env[model].search_count([("partner_id", "=", self.other.id)]),
                1,
                model,
            )
        status, body, _response = self.api("GET", "/addresses", token=self.other_token)
        self.assertEqual(status, 200, body)
        self.assertEqual([a["id"] for a in body["data"]], [self.other_address.id])

    def test_delete_then_sign_in_again_starts_afresh(self):
        if "mall.shopper.identity" not in self.env:
            self.skipTest("no platform accounts yet")
        self.api("DELETE", "/me", token=self.token, json_body={"confirm": True})
        identity, is_new = self.env["mall.shopper.identity"]._sign_in(
            "weixin", "wx-test-app", "o-lilei", unionid="u-lilei"
        )
        self.assertTrue(is_new)
        self.assertNotEqual(identity.partner_id, self.shopper)

    # ------------------------------------------------------------------
    # Invoice titles and requests
    # ------------------------------------------------------------------
    def _invoice_data(self):
        """A personal and a company title of the shopper, a request of each
        on the two orders, and a title of the other shopper."""
        Title = self.env["mall.invoice.title"]
        personal = Title.create(
            {
                "partner_id": self.shopper.id,
                "kind": "personal",
                "name": "李雷",
                "email": "lilei@example.com",
                "is_default": True,
            }
        )
        company = Title.create(
            {
                "partner_id": self.shopper.id,
                "kind": "company",
                "name": "福州测试科技有限公司",
                "tax_id": "91350100M000100Y43",
                "email": "lilei-work@example.com",
            }
        )
        Title.create(
            {"partner_id": self.other.id, "kind": "personal", "name": "韩梅梅"}
        )
        requests = self.env["mall.invoice.request"]
        for order, title, state in (
            (self.delivered, personal, "requested"),
            (self.invoiced, company, "rejected"),
        ):
            requests |= requests.create(
                {
                    "order_id": order.id,
                    "partner_id": self.shopper.id,
                    "title_id": title.id,
                    "amount": order.amount_total,
                    "state": state,
                    **title._mall_snapshot(),
                }
            )
        return personal, company, requests

    def test_export_invoice_titles_and_requests(self):
        personal, company, requests = self._invoice_data()
        status, body, response = self.api("GET", "/me/export", token=self.token)
        self.assertEqual(status, 200, body)
        data = body["data"]
        titles = {t["id"]: t for t in data["invoice_titles"]}
        self.assertEqual(set(titles), {personal.id, company.id})
        self.assertEqual(
            (titles[personal.id]["name"], titles[personal.id]["email"]),
            ("李雷", "lilei@example.com"),
        )
        self.assertEqual(titles[company.id]["tax_id"], "91350100M000100Y43")
        exported = {r["id"]: r for r in data["invoice_requests"]}
        self.assertEqual(set(exported), set(requests.ids))
        by_order = {r["order_name"]: r for r in exported.values()}
        self.assertEqual(
            (
                by_order[self.delivered.name]["state"],
                by_order[self.delivered.name]["order_id"],
                by_order[self.delivered.name]["title"]["name"],
                by_order[self.delivered.name]["title"]["kind"],
            ),
            ("requested", self.delivered.id, "李雷", "personal"),
        )
        self.assertEqual(
            (
                by_order[self.invoiced.name]["state"],
                by_order[self.invoiced.name]["title"]["tax_id"],
            ),
            ("rejected", "91350100M000100Y43"),
        )
        self.assertNotIn("韩梅梅", response.text)

    def test_delete_erases_invoice_titles(self):
        personal, company, requests = self._invoice_data()
        other_titles = self.env["mall.invoice.title"].search(
            [("partner_id", "=", self.other.id)]
        )
        status, body, _response = self.api(
            "DELETE", "/me", token=self.token, json_body={"confirm": True}
        )
        self.assertEqual((status, body["data"]), (200, {"deleted": True}))
        self.env.invalidate_all()
        # The saved titles are gone; the other shopper's stay.
        self.assertFalse((personal | company).exists())
        self.assertFalse(
            self.env["mall.invoice.title"].search(
                [("partner_id", "=", self.shopper.id)]
            )
        )
        self.assertEqual(other_titles.exists(), other_titles)
        # The requests stay for accounting: a person's name, tax ID and
        # e-mails are erased, a company's title is kept.
        self.assertEqual(requests.exists(), requests)
        mine, theirs = requests
        self.assertIn(mine.title_name, DELETED_NAMES)
        self.assertFalse(mine.title_tax_id or mine.title_email or mine.title_id)
        self.assertEqual(
            (theirs.title_name, theirs.title_tax_id, theirs.state),
            ("福州测试科技有限公司", "91350100M000100Y43", "rejected"),
        )
        self.assertFalse(theirs.title_email or theirs.title_id)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT title_name, title_email FROM mall_invoice_request "
                "WHERE id IN %s",
                tuple(requests.ids),
            )
        )
        dump = json.dumps(self.env.cr.fetchall(), ensure_ascii=False)
        for secret in ("李雷", "lilei@example.com", "lilei-work@example.com"):
            self.assertNotIn(secret, dump)
