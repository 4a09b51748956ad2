# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .mall_shopper_identity import PLATFORMS

EVENTS = [
    ("order_paid", "Order paid"),
    ("order_shipped", "Order shipped"),
    ("order_delivered", "Order delivered"),
    ("aftersale_decided", "After-sales decision"),
    ("groupbuy_result", "Group-buy result"),
    ("tier_changed", "Member tier changed"),
    ("winback", "Win-back gift"),
    ("card_expiring", "Member card ending soon"),
    ("invoice_issued", "Invoice issued"),
]

# The values each event offers to the templates' keys.
VALUE_NAMES = (
    "order_id, order_name, amount, product_name, quantity, paid_at, carrier, "
    "tracking_number, shipped_at, delivered_at, decision, reason, groupbuy_result, "
    "shop_name, tier_name, old_tier_name, gift_name, gift_expires, card_name, "
    "card_end, card_days_left, invoice_title, invoice_number, issued_at"
)

# WeChat refuses values longer than its limits (errcode 47003): the first
# letters of a key name its kind.
MAX_LENGTHS = {
    "thing": 20,
    "character_string": 32,
    "phrase": 5,
    "name": 10,
    "car_number": 8,
    "letter": 32,
    "symbol": 5,
    "number": 32,
}


class MallNotificationTemplate(models.Model):
    """A subscription message template (订阅消息模板) of one platform, and
    which of an event's values fill its keys."""

    _name = "mall.notification.template"
    _description = "Mall Subscription Message Template"
    _order = "event, platform, id"

    name = fields.Char(required=True, translate=True)
    event = fields.Selection(EVENTS, required=True, index=True)
    platform = fields.Selection(PLATFORMS, required=True, default="weixin")
    template_id = fields.Char(
        string="Platform Template ID",
        required=True,
        help="The template's id in the WeChat or Alipay mini-program console.",
    )
    page = fields.Char(
        help="The mini-program page the message opens, e.g. "
        "pages/order/order?id={order_id}. Placeholders name the event's values.",
    )
    mapping = fields.Text(
        string="Field Mapping",
        required=True,
        default="{}",
        help="JSON object: the template's keys to the names of the event's "
        'values, e.g. {"character_string1": "order_name", "amount2": "amount"}. '
        "Values: " + VALUE_NAMES + ".",
    )
    active = fields.Boolean(default=True)

    @api.constrains("mapping")
    def _check_mapping(self):
        for template in self:
            mapping = template._mall_mapping()
            if mapping is None:
                raise ValidationError(
                    _(
                        "The field mapping of %(name)s must be a JSON object of "
                        "template keys to value names.",
                        name=template.name,
                    )
                )

    def _mall_mapping(self):
        """The mapping as a dict, or None when it is not a JSON object of
        texts."""
        self.ensure_one()
        try:
            mapping = json.loads(self.mapping or "{}")
        except ValueError:
            return None
        if not isinstance(mapping, dict) or not all(
            isinstance(key, str) and isinstance(value, str)
            for key, value in mapping.items()
        ):
            return None
        return mapping

    def _mall_render(self, values):
        """``(data, page)`` of this template for an event's ``values``;
        keys whose value is missing get an empty text."""
        self.ensure_one()
        data = {}
        for key, name in (self._mall_mapping() or {}).items():
            value = values.get(name)
            text = "" if value is None or value is False else str(value)
            data[key] = _truncate(key, text)
        page = self.page or ""
        if page:
            try:
                page = page.format_map(_Missing(values))
            except (ValueError, IndexError, AttributeError):
                page = ""
        return data, page


class _Missing(dict):
    def __missing__(self, key):
        return ""


def _truncate(key, text):
    kind = key.rstrip("0123456789")
    limit = MAX_LENGTHS.get(kind)
    if limit and len(text) > limit:
        return text[: limit - 1] + "…"
    return text
