# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import MallGroupbuyCommon


@tagged("post_install", "-at_install")
class TestMallGroupbuyCampaign(MallGroupbuyCommon):
    def _form(self):
        form = Form(self.env["mall.groupbuy.campaign"])
        form.name = "三人拼团"
        form.product_tmpl_id = self.product
        form.group_price = 30
        form.date_start = datetime(2026, 11, 1)
        form.date_end = datetime(2026, 11, 12)
        return form

    def test_defaults_follow_the_brief(self):
        campaign = self._form().save()
        self.assertEqual(campaign.group_size, 3)
        self.assertEqual(campaign.duration_hours, 24)
        self.assertEqual(campaign.list_price, 50.0)
        self.assertEqual(campaign.state, "draft")
        campaign.action_start()
        self.assertEqual(campaign.state, "running")
        campaign.action_close()
        self.assertEqual(campaign.state, "closed")

    def test_rules_are_checked(self):
        for field, value in [
            ("group_size", 1),
            ("group_price", 0),
            ("duration_hours", 0),
            ("date_end", datetime(2026, 10, 1)),
        ]:
            with self.subTest(field=field):
                form = self._form()
                setattr(form, field, value)
                with self.assertRaises(ValidationError):
                    form.save()
