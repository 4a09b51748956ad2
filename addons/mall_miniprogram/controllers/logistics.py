# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta, timezone

from odoo import http

from ..http_api import MallApiError, api_route
from ..schemas.logistics import Logistics, Received
from .order import shopper_order


def _utc(value):
    return value.replace(tzinfo=timezone.utc) if value else None


def _event_payload(event):
    return {
        "time": _utc(event.time),
        "status": event.status,
        "description": event.description or None,
        "location": event.location or None,
    }


def logistics_payload(order):
    pickings = order._mall_outgoing_pickings().sorted(
        lambda p: (p.date_done or p.scheduled_date, p.id), reverse=True
    )
    parcels = [
        {
            "carrier": picking.carrier_id.name or None,
            "logistics_type": picking.carrier_id.mall_logistics_type or None,
            "tracking_number": picking.carrier_tracking_ref or None,
            "shipped_at": _utc(picking.date_done) if picking.state == "done" else None,
            "events": [_event_payload(e) for e in picking.mall_tracking_event_ids],
        }
        for picking in pickings
    ]
    latest = pickings.filtered(lambda p: p.state == "done")[:1]
    auto_receive_at = None
    if order.mall_shipped_at and not order.mall_received_at:
        auto_receive_at = _utc(
            order.mall_shipped_at + timedelta(days=order._mall_auto_receive_days())
        )
    return {
        "order_id": order.id,
        "status": order._mall_logistics_status(),
        "carrier": latest.carrier_id.name or None,
        "tracking_number": latest.carrier_tracking_ref or None,
        "shipped_at": _utc(order.mall_shipped_at),
        "received_at": _utc(order.mall_received_at),
        "auto_receive_at": auto_receive_at,
        "parcels": parcels,
        "events": [
            _event_payload(e)
            for e in order.mall_tracking_event_ids.sorted(
                lambda e: (e.time, e.id), reverse=True
            )
        ],
    }


class MallLogisticsController(http.Controller):
    @api_route(
        "/orders/<int:order_id>/logistics",
        summary="The logistics of one of the shopper's orders",
        description="Carrier, tracking number and tracking events of each "
        "parcel, newest first.",
        tags=["orders"],
        auth="shopper",
        response=Logistics,
        errors=("NOT_FOUND",),
    )
    def order_logistics(self, order_id):
        return logistics_payload(shopper_order(order_id))

    @api_route(
        "/orders/<int:order_id>/receive",
        method="POST",
        summary="Confirm receipt of a shipped order",
        description="Only once every parcel has shipped and before the "
        "receipt was confirmed (ORDER_STATE otherwise). Receipt is also "
        "confirmed automatically some days after shipping.",
        tags=["orders"],
        auth="shopper",
        response=Received,
        errors=("NOT_FOUND", "ORDER_STATE"),
    )
    def order_receive(self, order_id):
        order = shopper_order(order_id)
        if not order._mall_can_receive():
            raise MallApiError("ORDER_STATE")
        order._mall_receive()
        return {"order_id": order.id, "received_at": _utc(order.mall_received_at)}
