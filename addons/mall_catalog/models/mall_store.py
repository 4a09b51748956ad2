# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import cache as mall_cache
from ..tools import geo

STORE_CACHE_KEY = "stores:v1"


class MallStore(models.Model):
    """A physical store, listed to shoppers as a nearby store."""

    _name = "mall.store"
    _description = "Mall Physical Store"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    shop_id = fields.Many2one("mall.shop", required=True, ondelete="restrict")
    company_id = fields.Many2one(related="shop_id.company_id", store=True)
    state_id = fields.Many2one(
        "res.country.state",
        string="Province",
        domain="[('country_id.code', '=', 'CN')]",
    )
    city = fields.Char(translate=True)
    district = fields.Char(translate=True)
    street = fields.Char(string="Address", translate=True)
    phone = fields.Char()
    opening_hours = fields.Char(help="As shown to shoppers, e.g. 10:00-22:00")
    latitude = fields.Float(digits=(10, 7), required=True)
    longitude = fields.Float(digits=(10, 7), required=True)
    image = fields.Image(max_width=1024, max_height=1024)

    @api.constrains("latitude", "longitude")
    def _check_coordinates(self):
        for store in self:
            if not (-90 <= store.latitude <= 90 and -180 <= store.longitude <= 180):
                raise ValidationError(
                    _("Store %s has coordinates outside the globe.", store.name)
                )

    def _mall_store_payload(self):
        """Plain data of the stores, as listed to shoppers."""
        return [
            {
                "id": store.id,
                "name": store.name,
                "shop_id": store.shop_id.id,
                "province": store.state_id.name or "",
                "city": store.city or "",
                "district": store.district or "",
                "address": store.street or "",
                "phone": store.phone or "",
                "opening_hours": store.opening_hours or "",
                "latitude": store.latitude,
                "longitude": store.longitude,
            }
            for store in self
        ]

    @api.model
    def _mall_cached_store_payload(self):
        """All active stores, cached in Redis when it is configured.

        Store lists are read on every "nearby" search and change rarely; any
        write to a store drops the cached copy.
        """
        lang = self.env.lang or "en_US"
        return mall_cache.get_or_set(
            self.env,
            f"{STORE_CACHE_KEY}:{lang}",
            lambda: self.sudo().search([])._mall_store_payload(),
        )

    @api.model
    def _mall_nearby(self, latitude=None, longitude=None, radius_km=None):
        """Active stores, nearest first when the shopper's position is known."""
        stores = self._mall_cached_store_payload()
        if latitude is None or longitude is None:
            return stores
        return geo.nearest(stores, latitude, longitude, radius_km)

    @api.model_create_multi
    def create(self, vals_list):
        stores = super().create(vals_list)
        mall_cache.invalidate(self.env, STORE_CACHE_KEY)
        return stores

    def write(self, vals):
        result = super().write(vals)
        mall_cache.invalidate(self.env, STORE_CACHE_KEY)
        return result

    def unlink(self):
        result = super().unlink()
        mall_cache.invalidate(self.env, STORE_CACHE_KEY)
        return result
