# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import os
from unittest.mock import patch

from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import SQL, config

from odoo.addons.mall_catalog.tools import crypto

PHONE = "13912345678"
STREET = "世纪大道1001号"
STREET2 = "金茂大厦88层"


def _key():
    return base64.b64encode(os.urandom(32)).decode()


@tagged("post_install", "-at_install")
class TestPersonalData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.shopper = cls.env["res.partner"].create(
            {
                "name": "李雷",
                "mall_is_shopper": True,
                "phone": PHONE,
                "mobile": "+86 139-1234-5670",
                "street": STREET,
                "street2": STREET2,
                "city": "上海",
            }
        )
        cls.delivery = cls.env["res.partner"].create(
            {
                "name": "韩梅梅",
                "type": "delivery",
                "parent_id": cls.shopper.id,
                "phone": "13700001111",
                "street": "南京西路1266号",
            }
        )
        cls.clerk = new_test_user(
            cls.env,
            login="mall_clerk",
            groups="mall_catalog.group_mall_user,base.group_allow_export,"
            "base.group_partner_manager",
        )
        cls.manager = new_test_user(
            cls.env, login="mall_boss", groups="mall_catalog.group_mall_manager"
        )

    def _raw_row(self, partner):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT * FROM res_partner WHERE id = %s", partner.id))
        return dict(
            zip(
                [d.name for d in self.env.cr.description],
                self.env.cr.fetchone(),
                strict=True,
            )
        )

    def test_no_clear_value_anywhere_in_the_database(self):
        # Change them too: tracking would copy old and new values.
        self.shopper.write({"phone": "13912345000", "street": "世纪大道1号"})
        self.shopper.write({"phone": PHONE, "street": STREET})
        self.env.flush_all()
        secrets = [
            PHONE,
            "13912345000",
            "世纪大道1号",
            "13912345670",
            "139-1234-5670",
            "13700001111",
            "世纪大道1001",
            "金茂大厦88",
            "南京西路1266",
        ]
        self.env.cr.execute(
            """
            SELECT c.table_name, c.column_name
              FROM information_schema.columns c
              JOIN information_schema.tables t USING (table_schema, table_name)
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('character varying', 'text', 'jsonb')
            """
        )
        columns = {}
        for table, column in self.env.cr.fetchall():
            columns.setdefault(table, []).append(column)
        found = []
        for table, names in columns.items():
            condition = SQL(" OR ").join(
                SQL("%s::text LIKE %s", SQL.identifier(name), f"%{secret}%")
                for name in names
                for secret in secrets
            )
            self.env.cr.execute(
                SQL(
                    "SELECT 1 FROM %s WHERE %s LIMIT 1",
                    SQL.identifier(table),
                    condition,
                )
            )
            if self.env.cr.fetchone():
                found.append(table)
        self.assertEqual(found, [], "clear personal data found in these tables")
        row = self._raw_row(self.shopper)
        for column in ("phone", "mobile", "street", "street2", "phone_sanitized"):
            self.assertTrue(row[column].startswith("enc1:"), (column, row[column]))

    def test_round_trip_and_columns_bound_to_their_field(self):
        self.env.invalidate_all()
        self.assertEqual(self.shopper.phone, PHONE)
        self.assertEqual(self.shopper.street, STREET)
        self.assertEqual(self.shopper.street2, STREET2)
        # Odoo's sanitized copy of the number (from the mobile) decrypts too.
        self.assertEqual(
            crypto.normalize_phone(self.shopper.phone_sanitized), "13912345670"
        )
        # A ciphertext copied into another column does not decrypt there.
        row = self._raw_row(self.shopper)
        street = self.env["res.partner"]._fields["street"]
        with self.assertRaises(crypto.DecryptionError):
            street.convert_to_record(row["phone"], self.shopper)
        self.assertEqual(street.convert_to_record(row["street"], self.shopper), STREET)

    def test_exact_phone_lookup_through_the_blind_index(self):
        Partner = self.env["res.partner"]
        for spelling in (PHONE, "+86 139 1234 5678", "0086-139-1234-5678"):
            self.assertEqual(
                Partner._mall_find_shoppers_by_phone(spelling), self.shopper
            )
        self.assertFalse(Partner._mall_find_shoppers_by_phone("13912345679"))
        self.assertEqual(Partner.search([("mobile", "=", "13912345670")]), self.shopper)
        self.assertEqual(
            Partner.search([("phone", "in", ["13700001111", "13000000000"])]),
            self.delivery,
        )
        self.assertNotIn(self.shopper, Partner.search([("phone", "!=", PHONE)]))
        # Streets cannot be searched inside ciphertext: nothing, not an error.
        self.assertFalse(Partner.search([("street", "ilike", "世纪")]))

    def test_rotation_re_encrypts_in_batches(self):
        old_key = config.get("mall_data_keys")
        old_kid = config.get("mall_data_key_current")
        new_keys = f"{old_key},next:{_key()}"
        with patch.dict(
            config.options,
            {"mall_data_keys": new_keys, "mall_data_key_current": "next"},
        ):
            self.assertTrue(
                self._raw_row(self.shopper)["phone"].startswith(f"enc1:{old_kid}:")
            )
            count = self.env["res.partner"]._mall_reencrypt_personal_data(batch_size=1)
            self.assertGreaterEqual(count, 7)
            row = self._raw_row(self.shopper)
            for column in ("phone", "mobile", "street", "street2", "phone_sanitized"):
                self.assertTrue(row[column].startswith("enc1:next:"), row[column])
            self.assertEqual(self._raw_row(self.delivery)["street"][:10], "enc1:next:")
            self.assertEqual(self.env["res.partner"]._mall_reencrypt_personal_data(), 0)
        # Once every value is under the new key, the old one can go.
        with patch.dict(
            config.options,
            {"mall_data_keys": new_keys.split(",")[1], "mall_data_key_current": "next"},
        ):
            self.env.invalidate_all()
            self.assertEqual(self.shopper.phone, PHONE)
            self.assertEqual(self.delivery.street, "南京西路1266号")

    def test_clear_values_left_from_before_are_encrypted(self):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET street = %s WHERE id = %s",
            ("旧地址1号", self.delivery.id),
        )
        self.env.invalidate_all()
        self.assertEqual(self.delivery.street, "旧地址1号")
        self.env["res.partner"]._mall_reencrypt_personal_data()
        self.assertTrue(self._raw_row(self.delivery)["street"].startswith("enc1:"))
        self.env.invalidate_all()
        self.assertEqual(self.delivery.street, "旧地址1号")

    def test_masked_for_back_office_users_outside_the_group(self):
        clerk_view = self.shopper.with_user(self.clerk)
        values = clerk_view.read(["phone", "mobile", "street", "street2"])[0]
        self.assertEqual(values["phone"], "139****5678")
        self.assertNotIn("1234", values["mobile"])
        self.assertTrue(values["street"].startswith("世纪"))
        self.assertNotIn("1001", values["street"])
        self.assertEqual(values["street2"], "金茂****")
        # A delivery address of a shopper is masked too.
        self.assertEqual(
            self.delivery.with_user(self.clerk).read(["phone"])[0]["phone"],
            "137****1111",
        )
        address = clerk_view.with_context(show_address=True).display_name
        self.assertNotIn("1001", address)
        exported = clerk_view.export_data(["phone", "street"])["datas"][0]
        self.assertEqual(exported[0], "139****5678")
        self.assertNotIn("1001", exported[1])
        # The form of a user outside the group shows the mask too, and saving
        # it never writes the mask over the real number.
        with Form(clerk_view) as form:
            self.assertEqual(form.phone, "139****5678")
            form.name = "李雷雷"
            form.phone = "139****5678"
        self.assertEqual(self.shopper.phone, PHONE)
        self.assertEqual(self.shopper.name, "李雷雷")
        clerk_view.street = clerk_view.read(["street"])[0]["street"]
        self.assertEqual(self.shopper.street, STREET)

    def test_clear_for_the_group_for_code_and_delivery_slips(self):
        values = self.shopper.with_user(self.manager).read(["phone", "street"])[0]
        self.assertEqual((values["phone"], values["street"]), (PHONE, STREET))
        self.assertIn(
            "1001",
            self.shopper.with_user(self.manager)
            .with_context(show_address=True)
            .display_name,
        )
        # Code, reports and slips read the record, not the web format.
        self.assertEqual(self.shopper.with_user(self.clerk).phone, PHONE)
        html = (
            self.env["ir.qweb.field.contact"]
            .with_user(self.clerk)
            .value_to_html(self.shopper, {"fields": ["address", "phone"]})
        )
        self.assertIn(STREET, html)
        self.assertIn(PHONE, html)
        # Internal partners (vendors, the company) are never masked.
        vendor = self.env["res.partner"].create(
            {"name": "供应商", "phone": "021-55556666"}
        )
        self.assertEqual(
            vendor.with_user(self.clerk).read(["phone"])[0]["phone"], "021-55556666"
        )
