# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    mall_member_program_id = fields.Many2one(
        related="company_id.mall_member_program_id", readonly=False
    )
    mall_signup_points = fields.Integer(
        related="company_id.mall_signup_points", readonly=False
    )
    mall_points_per_unit = fields.Float(
        related="company_id.mall_points_per_unit", readonly=False
    )
    mall_review_photo_points = fields.Integer(
        related="company_id.mall_review_photo_points", readonly=False
    )
    mall_points_expiry_months = fields.Integer(
        related="company_id.mall_points_expiry_months", readonly=False
    )
    mall_tier_basis = fields.Selection(
        related="company_id.mall_tier_basis", readonly=False
    )
    mall_tier_window_days = fields.Integer(
        related="company_id.mall_tier_window_days", readonly=False
    )
    mall_member_day = fields.Integer(
        related="company_id.mall_member_day", readonly=False
    )
    mall_member_day_multiplier = fields.Float(
        related="company_id.mall_member_day_multiplier", readonly=False
    )
    mall_member_day_discount = fields.Float(
        related="company_id.mall_member_day_discount", readonly=False
    )
