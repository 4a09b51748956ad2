# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The outbox of messages to shoppers: subscription messages on events and
customer-service answers, sent by a cron with retries."""

import json
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models

from ..http_api import MallApiError
from ..platforms.errors import PlatformError
from .mall_notification_template import EVENTS
from .mall_shopper_identity import PLATFORMS

_logger = logging.getLogger(__name__)

# Minutes to wait before each new try; failed after the last.
BACKOFF_MINUTES = (1, 5, 30)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
# The shopper refused the subscription or used it up (WeChat), or it is
# unknown (Alipay): trying again cannot help.
REFUSED_CODES = {"43101", "isv.user-not-subscribe", "isv.user_not_subscribe"}
APPID_PARAMS = {"weixin": "mall.weixin_appid", "alipay": "mall.alipay_app_id"}


class MallNotification(models.Model):
    _name = "mall.notification"
    _description = "Mall Shopper Message"
    _order = "id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [
            ("subscribe", "Subscription message"),
            ("customer_service", "Customer service answer"),
        ],
        required=True,
        default="subscribe",
    )
    event = fields.Selection(EVENTS)
    platform = fields.Selection(PLATFORMS, required=True)
    openid = fields.Char(string="Platform User ID", required=True)
    template_id = fields.Many2one("mall.notification.template", ondelete="set null")
    platform_template_id = fields.Char(string="Platform Template ID")
    page = fields.Char()
    payload = fields.Text(help="The message's data, as JSON.")
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("skipped", "Skipped"),
        ],
        required=True,
        default="pending",
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    next_try = fields.Datetime(default=fields.Datetime.now, index=True)
    sent_at = fields.Datetime(readonly=True)
    last_error = fields.Text(readonly=True)
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Source ID", model_field="res_model", readonly=True
    )

    # ------------------------------------------------------------------
    # Queueing
    # ------------------------------------------------------------------
    @api.model
    def _mall_notify(self, event, partner, values=None, record=None):
        """Queue the subscription messages of ``event`` for the shopper
        ``partner``: one per active template of the event whose platform the
        shopper has an identity on. ``values`` name what the templates' keys
        show (see ``VALUE_NAMES``); for a sale order ``record`` the order's
        own values are filled in. Never raises: a message must not stop the
        order. Returns the queued messages."""
        try:
            with self.env.cr.savepoint():
                return self.sudo()._mall_queue_event(event, partner, values, record)
        except psycopg2.OperationalError:
            # A concurrent update: Odoo retries the whole request; swallowed,
            # it would leave the transaction aborted (500).
            raise
        except Exception:
            _logger.exception("Could not queue the %s messages of %s", event, partner)
            return self.browse()

    @api.model
    def _mall_queue_event(self, event, partner, values, record):
        templates = self.env["mall.notification.template"].search(
            [("event", "=", event)]
        )
        if not (templates and partner):
            return self.browse()
        values = {**self._mall_record_values(record), **(values or {})}
        vals_list = []
        for template in templates:
            identity = self._mall_identity(partner, template.platform)
            if not identity:
                continue
            data, page = template._mall_render(values)
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "kind": "subscribe",
                    "event": event,
                    "platform": template.platform,
                    "openid": identity.openid,
                    "template_id": template.id,
                    "platform_template_id": template.template_id,
                    "page": page,
                    "payload": json.dumps(data, ensure_ascii=False),
                    "res_model": record._name if record else False,
                    "res_id": record.id if record else False,
                }
            )
        messages = self.create(vals_list)
        if messages:
            self._mall_trigger_cron()
        return messages

    @api.model
    def _mall_queue_customer_service(self, partner, platform, openid, text, record):
        """Queue a customer-service answer to the shopper."""
        message = self.sudo().create(
            {
                "partner_id": partner.id,
                "kind": "customer_service",
                "platform": platform,
                "openid": openid,
                "payload": json.dumps({"text": text}, ensure_ascii=False),
                "res_model": record._name if record else False,
                "res_id": record.id if record else False,
            }
        )
        self._mall_trigger_cron()
        return message

    @api.model
    def _mall_identity(self, partner, platform):
        """The shopper's identity on the configured app of ``platform``."""
        domain = [("partner_id", "=", partner.id), ("platform", "=", platform)]
        appid = self.env["ir.config_parameter"].sudo().get_param(APPID_PARAMS[platform])
        if appid:
            domain.append(("appid", "=", appid))
        return self.env["mall.shopper.identity"].sudo().search(domain, limit=1)

    @api.model
    def _mall_record_values(self, record):
        """What a sale order offers to the templates."""
        if not record or record._name != "sale.order":
            return {}
        lines = record.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type != "service"
        ) or record.order_line.filtered(lambda line: not line.display_type)
        product_name = lines[:1].product_id.name or ""
        if len(lines) > 1:
            lang_env = record.with_context(lang=record.partner_id.lang).env
            product_name = lang_env._(
                "%(name)s and %(count)s more", name=product_name, count=len(lines) - 1
            )
        return {
            "order_id": record.id,
            "order_name": record.name,
            "amount": f"{record.amount_total:.2f}",
            "product_name": product_name,
            "quantity": int(sum(lines.mapped("product_uom_qty"))),
            "paid_at": _local_time(record, record.mall_paid_at),
            "shop_name": record.mall_shop_id.name or "",
        }

    def _mall_trigger_cron(self):
        cron = self.env.ref(
            "mall_miniprogram.ir_cron_mall_notification_send", raise_if_not_found=False
        )
        if cron:
            cron.sudo()._trigger()

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    @api.model
    def _cron_mall_send(self, batch_size=100):
        """Send the pending messages that are due; returns those sent."""
        due = self.search(
            [
                ("state", "=", "pending"),
                "|",
                ("next_try", "=", False),
                ("next_try", "<=", fields.Datetime.now()),
            ],
            order="next_try, id",
            limit=batch_size,
        )
        due._mall_send()
        return due.filtered(lambda message: message.state == "sent")

    def _mall_send(self):
        clients = {}
        for message in self:
            try:
                if message.platform not in clients:
                    clients[message.platform] = message._mall_client()
                message._mall_deliver(clients[message.platform])
            except PlatformError as exc:
                message._mall_failed(exc.code, str(exc))
            except MallApiError as exc:
                # The platform's app is not configured (yet).
                message._mall_failed(None, exc.error_code)
            except Exception as exc:  # noqa: BLE001 - the next message goes on
                _logger.exception("Sending mall message %s failed", message.id)
                message._mall_failed(None, repr(exc))
            else:
                message.write(
                    {
                        "state": "sent",
                        "sent_at": fields.Datetime.now(),
                        "attempts": message.attempts + 1,
                        "last_error": False,
                    }
                )

    def _mall_client(self):
        Identity = self.env["mall.shopper.identity"]
        if self.platform == "alipay":
            return Identity._alipay_client()
        return Identity._weixin_client()

    def _mall_deliver(self, client):
        self.ensure_one()
        payload = json.loads(self.payload or "{}")
        if self.kind == "customer_service":
            if self.platform != "weixin":
                # Alipay's customer service runs in its own console.
                raise PlatformError(self.platform, None, "no customer-service API")
            return client.send_customer_service_text(self.openid, payload["text"])
        if self.platform == "alipay":
            return client.send_template_message(
                self.openid, self.platform_template_id, payload, page=self.page
            )
        return client.send_subscribe_message(
            self.openid, self.platform_template_id, payload, page=self.page
        )

    def _mall_failed(self, code, error):
        self.ensure_one()
        attempts = self.attempts + 1
        values = {"attempts": attempts, "last_error": error}
        if code in REFUSED_CODES:
            values["state"] = "skipped"
        elif attempts >= MAX_ATTEMPTS:
            values["state"] = "failed"
        else:
            values["next_try"] = fields.Datetime.now() + timedelta(
                minutes=BACKOFF_MINUTES[attempts - 1]
            )
        _logger.info("Mall message %s not sent (try %s): %s", self.id, attempts, error)
        self.write(values)

    def action_retry(self):
        """Send these failed or skipped messages again."""
        self.filtered(lambda m: m.state != "sent").write(
            {"state": "pending", "next_try": fields.Datetime.now(), "attempts": 0}
        )
        self._mall_trigger_cron()
        return True


def _local_time(record, value):
    if not value:
        return ""
    tz_record = record.with_context(
        tz=record.env.context.get("tz") or record.env.company._mall_tz()
    )
    return fields.Datetime.context_timestamp(tz_record, value).strftime(
        "%Y-%m-%d %H:%M"
    )
