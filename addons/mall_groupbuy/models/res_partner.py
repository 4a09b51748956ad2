# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    mall_promoter_bound_id = fields.Many2one(
        "mall.promoter",
        string="Bound to Promoter",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The promoter whose share link or code the shopper opened first; "
        "their paid orders earn this promoter commission until the binding lapses.",
    )
    mall_promoter_bound_at = fields.Datetime(
        string="Bound On", copy=False, readonly=True
    )
