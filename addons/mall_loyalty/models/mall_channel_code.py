# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# What WeChat accepts in the scene of an unlimited mini-program code.
SCENE_PATTERN = re.compile(r"^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$")


class MallChannelCode(models.Model):
    """A store QR code, a KOL's or a campaign's code (渠道码): shoppers who
    come through it are tagged, and so are their orders, with its UTM."""

    _name = "mall.channel.code"
    _description = "Mall Channel Code"
    _order = "kind, name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [("store", "Store"), ("kol", "KOL"), ("campaign", "Campaign")],
        required=True,
        default="campaign",
    )
    store_id = fields.Many2one("mall.store", ondelete="set null")
    source_id = fields.Many2one("utm.source", required=True)
    medium_id = fields.Many2one("utm.medium")
    campaign_id = fields.Many2one("utm.campaign")
    scene = fields.Char(
        required=True,
        help="What the code passes to the mini-program (32 characters at most: "
        "letters, digits and !#$&'()*+,/:;=?@-._~).",
    )
    page = fields.Char(
        default="pages/index/index",
        help="The published mini-program page the code opens.",
    )
    image = fields.Binary(string="Mini-program Code", attachment=True, readonly=True)
    image_filename = fields.Char(compute="_compute_image_filename")
    partner_ids = fields.One2many("res.partner", "mall_channel_code_id")
    partner_count = fields.Integer(
        string="New Shoppers", compute="_compute_partner_count"
    )

    _sql_constraints = [
        ("scene_uniq", "unique(scene)", "Two channel codes cannot share a scene."),
    ]

    @api.constrains("scene")
    def _check_scene(self):
        for code in self:
            if not SCENE_PATTERN.match(code.scene or ""):
                raise ValidationError(
                    _(
                        "The scene %(scene)s is not 1 to 32 letters, digits or "
                        "!#$&'()*+,/:;=?@-._~",
                        scene=code.scene,
                    )
                )

    @api.depends("scene")
    def _compute_image_filename(self):
        for code in self:
            code.image_filename = f"{code.scene or 'code'}.png"

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("mall_channel_code_id", "in", self.ids)],
                ["mall_channel_code_id"],
                ["__count"],
            )
        )
        for code in self:
            code.partner_count = counts.get(code, 0)

    @api.model
    def _mall_from_scene(self, scene):
        """The active channel code of ``scene``, or an empty recordset."""
        if not scene or not SCENE_PATTERN.match(scene):
            return self.browse()
        return self.sudo().search([("scene", "=", scene)], limit=1)

    def _mall_utm_values(self):
        self.ensure_one()
        return {
            "source_id": self.source_id.id,
            "medium_id": self.medium_id.id,
            "campaign_id": self.campaign_id.id,
        }

    def _mall_wxa_code(self):
        """PNG bytes of the code: from the mini-program platform, which the
        API module provides."""
        raise UserError(_("No mini-program platform is installed to make codes."))

    def action_generate_code(self):
        for code in self:
            code.image = base64.b64encode(code._mall_wxa_code())
        return True

    def action_view_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("New Shoppers"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("mall_channel_code_id", "=", self.id)],
        }
