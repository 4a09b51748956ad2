# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# The shop's time zone when the company says none: the mall sells in China.
MALL_DEFAULT_TZ = "Asia/Shanghai"


class ResCompany(models.Model):
    _inherit = "res.company"

    def _mall_tz(self):
        """The shop's time zone: the company's (its partner's), else Beijing.

        Shoppers have no time zone of their own; "today" for them (a
        coupon's last day, a programme's end, a sign-in) is the shop's."""
        self.ensure_one()
        return self.sudo().partner_id.tz or MALL_DEFAULT_TZ
