# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

# WeChat's logistics_type of the shipping-information upload (发货信息录入).
LOGISTICS_TYPES = [
    ("express", "Express Delivery"),
    ("same_city", "Same-city Delivery"),
    ("virtual", "Virtual Goods"),
    ("self_pickup", "Self Pickup"),
]
WEIXIN_LOGISTICS_TYPE = {"express": 1, "same_city": 2, "virtual": 3, "self_pickup": 4}
# Shipments without a parcel to track.
NO_TRACKING_TYPES = ("virtual", "self_pickup")


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    mall_logistics_type = fields.Selection(
        LOGISTICS_TYPES,
        string="Mini-program Logistics Type",
        default="express",
        required=True,
        help="How mini-program orders shipped with this method reach the "
        "shopper; express shipments need a tracking number.",
    )
    mall_express_code = fields.Char(
        string="WeChat Express Company Code",
        help="The carrier's code in WeChat's list of express companies "
        "(SF, YTO, ZTO, STO, YD, JTSD, EMS...), sent with the shipping "
        "information WeChat requires.",
    )

    def _mall_needs_tracking(self):
        self.ensure_one()
        return self.mall_logistics_type not in NO_TRACKING_TYPES
