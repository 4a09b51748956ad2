# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools import share as share_rules


class MallShare(models.Model):
    """A shopper's share of a product, or invitation, in a campaign: what
    its signed token points to."""

    _name = "mall.share"
    _description = "Mall Share"
    _order = "id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Sharer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    campaign_id = fields.Many2one(
        "mall.share.campaign", required=True, index=True, ondelete="cascade"
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        ondelete="cascade",
        help="Empty for an invitation.",
    )
    referral_ids = fields.One2many("mall.share.referral", "share_id")

    @api.model
    def _mall_secret(self):
        return self.env["ir.config_parameter"].sudo().get_param("database.secret")

    @api.model
    def _mall_share(self, partner, campaign, product=None):
        """The share of ``partner`` for ``product`` (or an invitation) in
        ``campaign``: one record however often the shopper shares."""
        domain = [
            ("partner_id", "=", partner.id),
            ("campaign_id", "=", campaign.id),
            ("product_tmpl_id", "=", product.id if product else False),
        ]
        share = self.sudo().search(domain, limit=1)
        if not share:
            share = self.sudo().create(
                {
                    "partner_id": partner.id,
                    "campaign_id": campaign.id,
                    "product_tmpl_id": product.id if product else False,
                }
            )
        return share

    def _mall_token(self):
        self.ensure_one()
        return share_rules.sign(self._mall_secret(), self.id)

    def _mall_path(self):
        self.ensure_one()
        return share_rules.share_path(self._mall_token(), self.product_tmpl_id.id)

    @api.model
    def _mall_from_token(self, token):
        """The share a token was signed for, or an empty recordset."""
        share_id = share_rules.verify(self._mall_secret(), token)
        if not share_id:
            return self.browse()
        return self.sudo().browse(share_id).exists()
