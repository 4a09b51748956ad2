# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import MallApiCommon

NANSHAN = "440305"


def form(**values):
    """A valid body of the address form, changed by ``values``."""
    return {
        "recipient": "张三",
        "phone": "13800138000",
        "region_code": NANSHAN,
        "detail": "科技园科苑路15号",
        **values,
    }


@tagged("post_install", "-at_install")
class TestAddressApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create(
            {"name": "别的顾客", "mall_is_shopper": True}
        )
        Region = cls.env["mall.region"]
        cls.nanshan = Region._mall_find_by_code(NANSHAN)
        cls.chaoyang = Region._mall_find_by_code("110105")
        cls.xiantao = Region._mall_find_by_code("429004")
        cls.service = cls.env["product.product"].create(
            {"name": "测试安装服务", "type": "service", "list_price": 30}
        )

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper, "weixin")
        self.other_token = Token._issue(self.other, "weixin")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _post(self, body, path="/addresses", token=None):
        status, payload, _response = self.api(
            "POST", path, token=token or self.token, json_body=body
        )
        self.assertEqual(status, 201, payload)
        return payload["data"]

    def _addresses(self, shopper=None):
        shopper = shopper or self.shopper
        return self.env["res.partner"].search(
            self.env["res.partner"]._mall_address_domain(shopper)
        )

    def _defaults(self, shopper=None):
        return self._addresses(shopper).filtered("mall_default_address")

    def _raw(self, partner, column):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM res_partner WHERE id = %s",
                SQL.identifier(column),
                partner.id,
            )
        )
        return self.env.cr.fetchone()[0]

    def _order(self, address):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.shopper.id,
                "partner_shipping_id": address.id,
                "order_line": [
                    (0, 0, {"product_id": self.service.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        return order

    # ------------------------------------------------------------------
    # Regions
    # ------------------------------------------------------------------
    def test_regions(self):
        status, body, _response = self.api("GET", "/regions")
        self.assertEqual(status, 200, body)
        provinces = {r["code"]: r for r in body["data"]}
        self.assertEqual(len(provinces), 34)
        beijing = provinces["110000"]
        self.assertEqual(
            (beijing["name"], beijing["level"], beijing["has_children"]),
            ("北京市", "province", True),
        )
        _status, body, _response = self.api(
            "GET", f"/regions?parent_id={beijing['id']}"
        )
        [city] = body["data"]
        self.assertEqual((city["code"], city["name"]), ("110100", "北京市"))
        _status, body, _response = self.api("GET", f"/regions?parent_id={city['id']}")
        districts = {r["name"]: r for r in body["data"]}
        self.assertEqual(districts["朝阳区"]["code"], "110105")
        self.assertFalse(districts["朝阳区"]["has_children"])
        self.assertApiError(
            self.api("GET", "/regions?parent_id=999999999"), 404, "NOT_FOUND"
        )
        self.assertApiError(
            self.api("GET", "/regions?parent_id=0"), 422, "VALIDATION_ERROR"
        )

    def test_region_lookup(self):
        for query, code, full_name in [
            ("province=广东&city=深圳&district=南山区", NANSHAN, "广东省深圳市南山区"),
            ("province=北京市&city=北京市&district=朝阳区", "110105", "北京市朝阳区"),
            ("code=429004", "429004", "湖北省仙桃市"),
        ]:
            with self.subTest(query=query):
                status, body, _response = self.api("GET", f"/regions/lookup?{query}")
                self.assertEqual(status, 200, body)
                data = body["data"]
                self.assertEqual(data["region"]["code"], code)
                self.assertEqual(data["full_name"], full_name)
                self.assertEqual(
                    [r["level"] for r in data["path"]],
                    ["province", "city", "district"],
                )
        self.assertApiError(
            self.api("GET", "/regions/lookup?province=火星省&district=南山区"),
            404,
            "NOT_FOUND",
        )
        self.assertApiError(self.api("GET", "/regions/lookup"), 422, "VALIDATION_ERROR")

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def test_create_read_and_odoo_fields(self):
        data = self._post(
            form(
                phone="+86 138-0013-8000",
                house_number="A座1201",
                postal_code="518057",
            )
        )
        address = self.env["res.partner"].browse(data["id"])
        self.assertEqual(
            (address.parent_id, address.type, address.name),
            (self.shopper, "delivery", "张三"),
        )
        # Odoo's own fields, from the region.
        self.assertEqual(address.mall_region_id, self.nanshan)
        self.assertEqual(address.state_id, self.env.ref("base.state_cn_GD"))
        self.assertEqual(address.city, "深圳市")
        self.assertEqual(address.country_id, self.env.ref("base.cn"))
        self.assertEqual(address.zip, "518057")
        # Encrypted at rest, clear through the ORM.
        self.assertEqual(address.street, "科技园科苑路15号")
        self.assertEqual(address.phone, "13800138000")
        for column in ("street", "street2", "phone"):
            self.assertTrue(self._raw(address, column).startswith("enc1:"), column)
        self.assertTrue(address.mall_default_address, "the first one is the default")
        # The shopper itself gets no address from its first delivery address.
        self.assertFalse(self.shopper.street)
        self.assertEqual(
            data,
            {
                "id": address.id,
                "recipient": "张三",
                "phone": "13800138000",
                "region": {
                    "id": self.nanshan.id,
                    "code": NANSHAN,
                    "name": "南山区",
                    "level": "district",
                },
                "province": "广东省",
                "city": "深圳市",
                "district": "南山区",
                "detail": "科技园科苑路15号",
                "house_number": "A座1201",
                "postal_code": "518057",
                "is_default": True,
                "full_address": "广东省深圳市南山区科技园科苑路15号 A座1201",
            },
        )
        status, body, _response = self.api(
            "GET", f"/addresses/{address.id}", token=self.token
        )
        self.assertEqual((status, body["data"]), (200, data))
        # Odoo ships the shopper's orders to the default address.
        self.assertEqual(self.shopper.address_get(["delivery"])["delivery"], address.id)
        # Odoo's printed address has the district.
        self.assertIn("深圳市 南山区", address._display_address())

    def test_back_office_sees_addresses_masked(self):
        address = self.env["res.partner"].browse(self._post(form())["id"])
        clerk = new_test_user(
            self.env, login="mall_address_clerk", groups="mall_catalog.group_mall_user"
        )
        [row] = address.with_user(clerk).read(["phone", "street", "mall_region_id"])
        self.assertEqual(row["phone"], "138****8000")
        self.assertNotIn("科苑路", row["street"])
        self.assertEqual(row["mall_region_id"][1], "广东省 / 深圳市 / 南山区")

    def test_update(self):
        data = self._post(form())
        status, body, _response = self.api(
            "PUT",
            f"/addresses/{data['id']}",
            token=self.token,
            json_body=form(
                recipient="李四",
                phone="021-68888888",
                region_id=self.chaoyang.id,
                region_code=None,
                detail="建国路88号",
            ),
        )
        self.assertEqual(status, 200, body)
        self.assertEqual(body["data"]["id"], data["id"])
        address = self.env["res.partner"].browse(data["id"])
        self.assertEqual(
            (address.name, address.phone, address.street, address.city),
            ("李四", "02168888888", "建国路88号", "北京市"),
        )
        self.assertEqual(address.state_id, self.env.ref("base.state_cn_BJ"))
        self.assertEqual(body["data"]["full_address"], "北京市朝阳区建国路88号")
        self.assertTrue(address.mall_default_address)
        # No clear street was copied into the chatter's tracking.
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT count(*) FROM mail_tracking_value"
            " WHERE old_value_char LIKE %s OR new_value_char LIKE %s",
            ["%建国路%", "%建国路%"],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_update_of_an_address_an_order_ships_to(self):
        data = self._post(form())
        address = self.env["res.partner"].browse(data["id"])
        order = self._order(address)
        status, body, _response = self.api(
            "PUT",
            f"/addresses/{address.id}",
            token=self.token,
            json_body=form(detail="科技园新地址2号"),
        )
        self.assertEqual(status, 200, body)
        new = self.env["res.partner"].browse(body["data"]["id"])
        self.assertNotEqual(new, address)
        self.assertEqual(
            (new.street, new.mall_default_address), ("科技园新地址2号", True)
        )
        # The order keeps the address it was shipped to.
        self.assertEqual(order.partner_shipping_id, address)
        self.assertEqual(address.street, "科技园科苑路15号")
        self.assertFalse(address.active)
        self.assertEqual(self._addresses(), new)

    def test_delete(self):
        used = self.env["res.partner"].browse(self._post(form())["id"])
        unused = self.env["res.partner"].browse(self._post(form())["id"])
        self._order(used)
        for address in (used, unused):
            status, body, _response = self.api(
                "DELETE", f"/addresses/{address.id}", token=self.token
            )
            self.assertEqual(
                (status, body["data"]), (200, {"id": address.id, "deleted": True})
            )
        self.assertFalse(unused.exists(), "an unused address is deleted")
        self.assertTrue(used.exists(), "an address an order ships to is archived")
        self.assertFalse(used.active)
        _status, body, _response = self.api("GET", "/addresses", token=self.token)
        self.assertEqual(body["data"], [])
        self.assertApiError(
            self.api("GET", f"/addresses/{used.id}", token=self.token),
            404,
            "NOT_FOUND",
        )

    def test_exactly_one_default(self):
        first = self._post(form(detail="一号"))
        second = self._post(form(detail="二号", is_default=True))
        third = self._post(form(detail="三号"))
        self.assertEqual(self._defaults().ids, [second["id"]])
        _status, body, _response = self.api("GET", "/addresses", token=self.token)
        self.assertEqual(
            [a["id"] for a in body["data"]], [second["id"], third["id"], first["id"]]
        )
        self.assertEqual([a["is_default"] for a in body["data"]], [True, False, False])

        status, body, _response = self.api(
            "POST", f"/addresses/{third['id']}/default", token=self.token
        )
        self.assertEqual(
            (status, body["data"]), (200, {"id": third["id"], "is_default": True})
        )
        self.assertEqual(self._defaults().ids, [third["id"]])

        # An address stops being the default only when another becomes it.
        status, body, _response = self.api(
            "PUT",
            f"/addresses/{third['id']}",
            token=self.token,
            json_body=form(detail="三号", is_default=False),
        )
        self.assertEqual(status, 200, body)
        self.assertEqual(self._defaults().ids, [third["id"]])

        # The default one deleted, the newest remaining takes over.
        self.api("DELETE", f"/addresses/{third['id']}", token=self.token)
        self.assertEqual(self._defaults().ids, [second["id"]])
        self.api("DELETE", f"/addresses/{second['id']}", token=self.token)
        self.assertEqual(self._defaults().ids, [first["id"]])

        # The back office keeps the rule too.
        extra = self._addresses().copy({"mall_default_address": True})
        self.assertEqual(self._defaults(), extra)

    # ------------------------------------------------------------------
    # WeChat's address picker
    # ------------------------------------------------------------------
    def _weixin(self, **values):
        return {
            "errMsg": "chooseAddress:ok",
            "userName": "张三",
            "telNumber": "020-81167888",
            "provinceName": "广东省",
            "cityName": "广州市",
            "countyName": "海珠区",
            "detailInfo": "新港中路397号",
            "nationalCode": "440105",
            "postalCode": "510000",
            **values,
        }

    def test_weixin_picker(self):
        cases = [
            ("province city", self._weixin(), "440105", "广州市", "510000"),
            (
                "municipality",
                self._weixin(
                    provinceName="北京市",
                    cityName="北京市",
                    countyName="朝阳区",
                    nationalCode="110105",
                    postalCode="100020",
                    telNumber="13912345678",
                ),
                "110105",
                "北京市",
                "100020",
            ),
            (
                "county-level city under the province, by code",
                self._weixin(
                    provinceName="湖北省",
                    cityName="仙桃市",
                    countyName="仙桃市",
                    nationalCode="429004",
                    postalCode="433000",
                ),
                "429004",
                "仙桃市",
                "433000",
            ),
            (
                "county-level city under the province, by names",
                self._weixin(
                    provinceName="湖北省",
                    cityName="省直辖县级行政区划",
                    countyName="仙桃市",
                    nationalCode="",
                    postalCode="",
                ),
                "429004",
                "仙桃市",
                False,
            ),
            (
                "Chongqing county",
                self._weixin(
                    provinceName="重庆市",
                    cityName="重庆市",
                    countyName="城口县",
                    nationalCode="500229",
                ),
                "500229",
                "重庆市",
                "510000",
            ),
            (
                "a code the names contradict",
                self._weixin(
                    provinceName="广东省",
                    cityName="深圳市",
                    countyName="福田区",
                    nationalCode=NANSHAN,
                ),
                "440304",
                "深圳市",
                "510000",
            ),
        ]
        for label, payload, code, city, zip_code in cases:
            with self.subTest(label):
                data = self._post(payload, "/addresses/from-weixin")
                address = self.env["res.partner"].browse(data["id"])
                self.assertEqual(address.mall_region_id.code, code)
                self.assertEqual(
                    (address.city, address.zip, address.country_id.code),
                    (city, zip_code, "CN"),
                )
                self.assertEqual(address.street, payload["detailInfo"])
                self.assertEqual(address.name, "张三")
                self.assertEqual(data["city"], city)
        self.assertEqual(len(self._addresses()), len(cases))
        gz = self._addresses().filtered(lambda a: a.mall_region_id.code == "440105")
        self.assertEqual(gz.phone, "02081167888")
        self.assertEqual(gz.state_id, self.env.ref("base.state_cn_GD"))

    def test_weixin_picker_unknown_region(self):
        error = self.assertApiError(
            self.api(
                "POST",
                "/addresses/from-weixin",
                token=self.token,
                json_body=self._weixin(
                    provinceName="火星省", cityName="奥林帕斯市", nationalCode="990101"
                ),
            ),
            422,
            "VALIDATION_ERROR",
        )
        self.assertEqual(error["details"][0]["field"], "body.countyName")
        self.assertIn("火星省", error["details"][0]["message"])
        self.assertFalse(self._addresses())

    # ------------------------------------------------------------------
    # Validation and limits
    # ------------------------------------------------------------------
    def test_validation(self):
        cases = [
            (form(phone="12345"), "body.phone"),
            (form(phone="23800138000"), "body.phone"),
            (form(phone="68888888"), "body.phone"),  # no area code
            (form(recipient=""), "body.recipient"),
            (form(recipient="张" * 33), "body.recipient"),
            (form(detail="   "), "body.detail"),
            (form(detail="路" * 121), "body.detail"),
            (form(postal_code="51805"), "body.postal_code"),
            (form(region_code="999999"), "body.region_code"),
            (form(region_code="4403"), "body.region_code"),
            (form(region_code="440300"), "body.region_code"),  # a city
            (form(region_code="440000"), "body.region_code"),  # a province
            (form(region_code=None, region_id=999999999), "body.region_id"),
            (form(region_id=1), "body"),  # both
            (form(region_code=None), "body"),  # neither
            (form(nickname="x"), "body.nickname"),  # unknown field
        ]
        for body, field in cases:
            with self.subTest(body=body):
                error = self.assertApiError(
                    self.api("POST", "/addresses", token=self.token, json_body=body),
                    422,
                    "VALIDATION_ERROR",
                )
                self.assertIn(field, [d["field"] for d in error["details"]])
        error = self.assertApiError(
            self.api(
                "POST",
                "/addresses",
                token=self.token,
                json_body=form(region_code="440300"),
            ),
            422,
            "VALIDATION_ERROR",
        )
        self.assertEqual(error["details"][0]["type"], "region_level")
        self.assertFalse(self._addresses())

    def test_accepted_phone_spellings(self):
        for phone, stored in [
            ("13800138000", "13800138000"),
            ("+86 139 1234 5678", "13912345678"),
            ("0755-88888888", "075588888888"),
            ("010-12345678-123", "01012345678-123"),
            ("+852 9123 4567", "+85291234567"),
        ]:
            with self.subTest(phone=phone):
                data = self._post(form(phone=phone))
                self.assertEqual(data["phone"], stored)

    def test_limit(self):
        for n in range(50):
            self.shopper._mall_add_address(
                {
                    "name": "张三",
                    "phone": "13800138000",
                    "street": f"{n}号",
                    "mall_region_id": self.nanshan.id,
                }
            )
        error = self.assertApiError(
            self.api("POST", "/addresses", token=self.token, json_body=form()),
            409,
            "BUSINESS_RULE",
        )
        self.assertIn("50", error["message"])
        self.assertEqual(len(self._addresses()), 50)
        # Another shopper has room.
        self._post(form(), token=self.other_token)

    def test_sign_in_required(self):
        for method, path in [
            ("GET", "/addresses"),
            ("POST", "/addresses"),
            ("GET", "/addresses/1"),
            ("PUT", "/addresses/1"),
            ("DELETE", "/addresses/1"),
            ("POST", "/addresses/1/default"),
            ("POST", "/addresses/from-weixin"),
        ]:
            with self.subTest(method=method, path=path):
                self.assertApiError(self.api(method, path), 401, "AUTH_REQUIRED")

    # ------------------------------------------------------------------
    # Another shopper's addresses
    # ------------------------------------------------------------------
    def test_another_shoppers_address_is_not_found(self):
        mine = self.env["res.partner"].browse(self._post(form())["id"])
        second = self.env["res.partner"].browse(self._post(form(detail="另一处"))["id"])
        other_own = self._post(form(detail="别人的"), token=self.other_token)

        def snapshot():
            self.env.invalidate_all()
            return [
                (a.name, a.phone, a.street, a.active, a.mall_default_address)
                for a in (mine, second)
            ]

        before = snapshot()
        for method, path, body in [
            ("GET", f"/addresses/{mine.id}", None),
            ("PUT", f"/addresses/{mine.id}", form(recipient="冒充者")),
            ("DELETE", f"/addresses/{mine.id}", None),
            ("POST", f"/addresses/{second.id}/default", None),
            # Not an address at all: the shopper record itself.
            ("GET", f"/addresses/{self.shopper.id}", None),
            ("PUT", f"/addresses/{self.shopper.id}", form()),
        ]:
            with self.subTest(method=method, path=path):
                self.assertApiError(
                    self.api(method, path, token=self.other_token, json_body=body),
                    404,
                    "NOT_FOUND",
                )
        self.assertEqual(snapshot(), before)
        self.assertTrue(mine.exists())
        # Each sees only their own.
        _status, body, _response = self.api("GET", "/addresses", token=self.other_token)
        self.assertEqual([a["id"] for a in body["data"]], [other_own["id"]])
        _status, body, _response = self.api("GET", "/addresses", token=self.token)
        self.assertEqual({a["id"] for a in body["data"]}, {mine.id, second.id})
        self.assertEqual(self._defaults(self.other).ids, [other_own["id"]])
