# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

TRACKING_STATUSES = [
    ("shipped", "Shipped"),
    ("in_transit", "In Transit"),
    ("out_for_delivery", "Out for Delivery"),
    ("delivered", "Delivered"),
    ("exception", "Exception"),
]


class MallTrackingEvent(models.Model):
    """One step of a parcel's journey, as the warehouse or the carrier tells it."""

    _name = "mall.tracking.event"
    _description = "Mall Tracking Event"
    _order = "time desc, id desc"

    picking_id = fields.Many2one(
        "stock.picking", required=True, index=True, ondelete="cascade"
    )
    order_id = fields.Many2one(
        "sale.order", related="picking_id.sale_id", store=True, index=True
    )
    time = fields.Datetime(required=True, default=fields.Datetime.now)
    status = fields.Selection(TRACKING_STATUSES, required=True, default="in_transit")
    description = fields.Char()
    location = fields.Char()

    @api.model
    def _mall_add_tracking_events(self, picking, events):
        """Record the events a carrier's feed reports for ``picking``.

        ``events`` are dicts with ``time``, ``status``, and optionally
        ``description`` and ``location``; events already recorded (same time,
        status and description) are skipped, so a feed may be replayed.
        Carrier feed adapters (Kuaidi100, carriers' own APIs) call this; none
        ships with the suite yet.

        :return: the new events
        """
        picking.ensure_one()
        known = {
            (event.time, event.status, event.description or False)
            for event in picking.mall_tracking_event_ids
        }
        vals_list = []
        for event in events:
            time = fields.Datetime.to_datetime(event["time"])
            key = (time, event["status"], event.get("description") or False)
            if key in known:
                continue
            known.add(key)
            vals_list.append(
                {
                    "picking_id": picking.id,
                    "time": time,
                    "status": event["status"],
                    "description": event.get("description") or False,
                    "location": event.get("location") or False,
                }
            )
        return self.sudo().create(vals_list)
