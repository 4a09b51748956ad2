# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .. import const


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """Override of `account`: a company that gets its chart of accounts
        after the mall providers were installed gets their channel journals
        too (loading a chart deletes the journals made before it)."""
        res = super()._post_load_data(template_code, company, template_data)
        company = company or self.env.company
        Provider = self.env["payment.provider"].sudo()
        installed = dict(Provider._fields["code"].selection)
        for code in const.MALL_PROVIDER_CODES:
            if code in installed:
                Provider._mall_journal_for(code, company)
        Provider.search(
            [
                *Provider._check_company_domain(company),
                ("code", "in", const.MALL_PROVIDER_CODES),
            ]
        )._mall_setup_accounts()
        return res
