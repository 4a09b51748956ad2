# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import fields
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

    def test_running_campaigns_are_paged_by_the_database(self):
        """Shoppers' listing (the campaign mixin): running campaigns only,
        ending soonest first then by id, a page at a time with their count."""
        Campaign = self.env["mall.groupbuy.campaign"]
        now = fields.Datetime.now()
        start, soon, later = (now + timedelta(days=d) for d in (-1, 1, 2))
        base = {"product_tmpl_id": self.product.id, "group_price": 30}
        late, first, second, draft, future = Campaign.create(
            [
                dict(base, name="晚", date_start=start, date_end=later),
                dict(base, name="早一", date_start=start, date_end=soon),
                dict(base, name="早二", date_start=start, date_end=soon),
                dict(base, name="草稿", date_start=start, date_end=soon),
                dict(base, name="未开始", date_start=soon, date_end=later),
            ]
        )
        (late | first | second | future).action_start()
        expected = (
            Campaign.search([])
            .filtered(lambda c: c._campaign_is_running(now))
            .sorted(lambda c: (c.date_end, c.id))
        )
        self.assertLess(expected.ids.index(first.id), expected.ids.index(second.id))
        self.assertLess(expected.ids.index(second.id), expected.ids.index(late.id))
        page1, total1 = Campaign._campaign_running_page(0, 2)
        page2, total2 = Campaign._campaign_running_page(2, 2)
        self.assertEqual((total1, total2), (len(expected), len(expected)))
        self.assertFalse(page1 & page2)
        self.assertEqual(page1.ids + page2.ids, expected[:4].ids)
        everything = Campaign._campaign_running_page(0, 1000)[0]
        self.assertEqual(everything.ids, expected.ids)
        self.assertFalse((draft | future) & everything)
        self.assertEqual(Campaign._campaign_running(first.id), first)
        self.assertFalse(Campaign._campaign_running(draft.id))
