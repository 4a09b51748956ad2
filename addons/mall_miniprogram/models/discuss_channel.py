# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customer service in Discuss: what shoppers write from the mini-program's
contact button arrives in one channel per shopper, and the agents' answers
there go back through the platform's customer-service message API."""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import html2plaintext

from .mall_shopper_identity import PLATFORMS


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    mall_cs_partner_id = fields.Many2one(
        "res.partner", string="Mall Shopper", index="btree_not_null", readonly=True
    )
    mall_cs_platform = fields.Selection(
        PLATFORMS, string="Customer Service Platform", readonly=True
    )
    mall_cs_openid = fields.Char(string="Shopper Platform User ID", readonly=True)

    @api.model
    def _mall_cs_channel(self, identity):
        """The customer-service channel of a shopper's platform identity,
        created with the mall's agents as members on first contact."""
        channel = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("mall_cs_platform", "=", identity.platform),
                    ("mall_cs_openid", "=", identity.openid),
                ],
                limit=1,
            )
        )
        if channel:
            return channel
        partner = identity.partner_id
        channel = self.sudo().create(
            {
                "name": _("Customer service: %(shopper)s", shopper=partner.name),
                "channel_type": "channel",
                "description": _("Messages from the mini-program's contact button."),
                "mall_cs_partner_id": partner.id,
                "mall_cs_platform": identity.platform,
                "mall_cs_openid": identity.openid,
            }
        )
        agents = self._mall_cs_agents()
        channel.add_members(partner_ids=(agents | partner).ids)
        return channel

    @api.model
    def _mall_cs_agents(self):
        """The partners of the users who answer shoppers: the group named by
        ``mall.cs_agent_group`` (an XML id), else the mall users."""
        xmlid = (
            self.env["ir.config_parameter"].sudo().get_param("mall.cs_agent_group")
            or "mall_catalog.group_mall_user"
        )
        group = self.env.ref(xmlid, raise_if_not_found=False)
        if not group:
            return self.env["res.partner"]
        users = group.sudo().users.filtered(lambda u: not u.share and u.active)
        return users.partner_id

    def _mall_cs_post_incoming(self, message):
        """Post what the shopper sent, as the shopper. ``message`` is the
        pushed JSON of WeChat (MsgType text, image or miniprogrampage)."""
        self.ensure_one()
        kind = message.get("MsgType")
        if kind == "text":
            body = Markup("<p>%s</p>") % (message.get("Content") or "")
        elif kind == "image":
            body = Markup('<p>%s<br/><img src="%s"/></p>') % (
                _("Picture"),
                message.get("PicUrl") or "",
            )
        elif kind == "miniprogrampage":
            body = Markup(
                "<p>%s: <b>%s</b><br/>%s: %s<br/>"
                '<a href="%s" target="_blank">%s</a></p>'
            ) % (
                _("Product card"),
                message.get("Title") or "",
                _("Page"),
                message.get("PagePath") or "",
                message.get("ThumbUrl") or "",
                _("Thumbnail"),
            )
        else:
            return self.env["mail.message"]
        extra = {}
        if message.get("MsgId"):
            # WeChat pushes a message again when the answer is slow.
            extra["message_id"] = f"<weixin-{message['MsgId']}@mall.miniprogram>"
            posted = (
                self.env["mail.message"]
                .sudo()
                .search(
                    [
                        ("model", "=", self._name),
                        ("res_id", "=", self.id),
                        ("message_id", "=", extra["message_id"]),
                    ],
                    limit=1,
                )
            )
            if posted:
                return posted
        return (
            self.sudo()
            .with_context(mall_cs_incoming=True)
            .message_post(
                body=body,
                author_id=self.mall_cs_partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                **extra,
            )
        )

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if self.mall_cs_openid and not self.env.context.get("mall_cs_incoming"):
            self._mall_cs_answer(message)
        return result

    def _mall_cs_answer(self, message):
        """Queue an agent's answer for the shopper; only comments written by
        internal users go out."""
        author_users = message.author_id.user_ids
        if (
            message.message_type != "comment"
            or message.author_id == self.mall_cs_partner_id
            or not author_users.filtered(lambda u: not u.share)
        ):
            return
        text = html2plaintext(message.body or "").strip()
        if not text:
            return
        self.env["mall.notification"]._mall_queue_customer_service(
            self.mall_cs_partner_id,
            self.mall_cs_platform,
            self.mall_cs_openid,
            text,
            self,
        )
