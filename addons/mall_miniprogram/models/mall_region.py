# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""China's administrative regions: province, city, district.

Loaded from ``data/mall.region.csv`` (``bin/gen-regions``), whose codes are
the 6-digit ones mini-program region pickers use: a city shares its
province's first 2 digits, a district its city's first 4.
"""

import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

LEVELS = [("province", "Province"), ("city", "City"), ("district", "District")]

# GB/T 2260 province prefix -> ISO 3166-2:CN subdivision, the code part of
# the XML ids of Odoo's own Chinese states (base.state_cn_BJ is 北京市).
PROVINCE_ISO = {
    "11": "BJ",
    "12": "TJ",
    "13": "HE",
    "14": "SX",
    "15": "NM",
    "21": "LN",
    "22": "JL",
    "23": "HL",
    "31": "SH",
    "32": "JS",
    "33": "ZJ",
    "34": "AH",
    "35": "FJ",
    "36": "JX",
    "37": "SD",
    "41": "HA",
    "42": "HB",
    "43": "HN",
    "44": "GD",
    "45": "GX",
    "46": "HI",
    "50": "CQ",
    "51": "SC",
    "52": "GZ",
    "53": "YN",
    "54": "XZ",
    "61": "SN",
    "62": "GS",
    "63": "QH",
    "64": "NX",
    "65": "XJ",
    "71": "TW",
    "81": "HK",
    "82": "MO",
}

# Cities that only group the county-level units directly under a province
# (429000 省直辖县 holds 429004 仙桃市): the county is the shopper's city.
COUNTY_HOLDERS = ("省直辖县", "自治区直辖县级行政区划")
# Chongqing's counties sit under 500200 县: their city is Chongqing.
PROVINCE_COUNTIES = ("县",)

# Suffixes dropped to match names spelled differently ("广东" for 广东省),
# longest first.
_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "地区",
    "新区",
    "省",
    "市",
    "盟",
    "区",
    "县",
    "旗",
)
_SPACES = re.compile(r"\s+")


def loose_name(name):
    """A region name without spaces and its administrative suffix."""
    name = _SPACES.sub("", name or "")
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class MallRegion(models.Model):
    """A province, city or district of China, for shoppers' addresses."""

    _name = "mall.region"
    _description = "Mall China Region"
    _order = "code"
    _parent_store = True
    _rec_names_search = ["name", "code"]

    code = fields.Char(
        required=True,
        index=True,
        help="6-digit administrative code, as region pickers and WeChat's "
        "address picker (nationalCode) give it.",
    )
    name = fields.Char(required=True, index=True)
    level = fields.Selection(LEVELS, required=True, index=True)
    parent_id = fields.Many2one(
        "mall.region", string="Parent Region", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("mall.region", "parent_id", string="Subregions")
    active = fields.Boolean(
        default=True,
        help="Archive a region that no longer exists: addresses keep it, "
        "shoppers can no longer choose it.",
    )
    state_id = fields.Many2one(
        "res.country.state",
        compute="_compute_state_id",
        store=True,
        readonly=False,
        help="Odoo's own state (province) of the region, set on addresses.",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Region codes are unique."),
    ]

    @api.depends("code")
    def _compute_state_id(self):
        states = {}
        for region in self:
            prefix = (region.code or "")[:2]
            if prefix not in states:
                states[prefix] = self._china_state(prefix)
            region.state_id = states[prefix]

    @api.model
    def _china_state(self, prefix):
        """Odoo's state of the province whose code starts with ``prefix``:
        by the XML id of base's Chinese states, else by the province's
        name (base names them in Chinese: 北京市, 广东省)."""
        iso = PROVINCE_ISO.get(prefix)
        state = iso and self.env.ref(f"base.state_cn_{iso}", raise_if_not_found=False)
        if state:
            return state
        province = self.with_context(active_test=False).search(
            [("code", "=", f"{prefix}0000")], limit=1
        )
        if not province:
            return self.env["res.country.state"]
        return self.env["res.country.state"].search(
            [("country_id.code", "=", "CN"), ("name", "=", province.name)], limit=1
        )

    @api.depends("name", "parent_id.name", "parent_id.parent_id.name")
    def _compute_display_name(self):
        for region in self:
            region.display_name = " / ".join(r.name for r in region._mall_path())

    @api.constrains("parent_id", "level")
    def _check_level(self):
        parent_levels = {"province": False, "city": "province", "district": "city"}
        for region in self:
            if (region.parent_id.level or False) != parent_levels[region.level]:
                raise ValidationError(
                    _(
                        "A province has no parent region, a city belongs to a "
                        "province, a district to a city."
                    )
                )

    # ------------------------------------------------------------------
    # The region picker of the mini-program
    # ------------------------------------------------------------------
    @api.model
    def _mall_children(self, parent_id=False):
        """``(id, code, name, level, has_children)`` of the active children
        of a region, or of the provinces."""
        Region = self.sudo()
        regions = Region.search([("parent_id", "=", parent_id or False)])
        counts = dict(
            Region._read_group(
                [("parent_id", "in", regions.ids)], ["parent_id"], ["__count"]
            )
        )
        return [(r.id, r.code, r.name, r.level, bool(counts.get(r))) for r in regions]

    def _load_records_write(self, values):
        # A module update reloads the whole CSV: regions that did not change
        # are left alone, which keeps the update fast.
        for fname, value in values.items():
            field = self._fields[fname]
            current = self[fname].id if field.type == "many2one" else self[fname]
            if current != (value or False if field.type == "many2one" else value):
                return super()._load_records_write(values)
        return None

    # ------------------------------------------------------------------
    # Addresses
    # ------------------------------------------------------------------
    def _mall_path(self):
        """The region and its ancestors, province first."""
        self.ensure_one()
        path, region = [], self
        while region:
            path.insert(0, region)
            region = region.parent_id
        return path

    def _mall_is_selectable(self):
        """Whether an address may point at this region: a district, or a
        city without districts."""
        self.ensure_one()
        if not self.active:
            return False
        if self.level == "district":
            return True
        return self.level == "city" and not self.child_ids.filtered("active")

    def _mall_province(self):
        self.ensure_one()
        return self._mall_path()[0]

    def _mall_city_name(self):
        """The city of an address in this region, as a courier writes it."""
        self.ensure_one()
        path = self._mall_path()
        city = next((r for r in path if r.level == "city"), None)
        if city is None:
            return path[0].name
        if city.name in COUNTY_HOLDERS:
            return path[-1].name
        if city.name in PROVINCE_COUNTIES:
            return path[0].name
        return city.name

    def _mall_full_name(self):
        """The region as an address line starts: 北京市朝阳区, 湖北省仙桃市,
        广东省深圳市南山区; grouping levels and repeats are left out."""
        self.ensure_one()
        names = []
        for region in self._mall_path():
            if region.level == "city" and (
                region.name in COUNTY_HOLDERS + PROVINCE_COUNTIES
            ):
                continue
            if names and names[-1] == region.name:
                continue
            names.append(region.name)
        return "".join(names)

    def _mall_address_values(self):
        """The partner fields Odoo itself reads, for an address here."""
        self.ensure_one()
        return {
            "state_id": self._mall_province().state_id.id or False,
            "city": self._mall_city_name(),
            "country_id": self.env.ref("base.cn").id,
        }

    # ------------------------------------------------------------------
    # Finding a region from what a picker gave
    # ------------------------------------------------------------------
    @api.model
    def _mall_find_by_code(self, code):
        code = (code or "").strip()
        if not re.fullmatch(r"\d{6}", code):
            return self.browse()
        return self.search([("code", "=", code)], limit=1)

    @api.model
    def _mall_match_name(self, regions, name):
        """The one region of ``regions`` called ``name``, spelled exactly or
        without its suffix; empty when none or several match."""
        name = _SPACES.sub("", name or "")
        if not name or not regions:
            return self.browse()
        exact = regions.filtered(lambda r: r.name == name)
        if len(exact) == 1:
            return exact
        if exact:
            return self.browse()
        loose = loose_name(name)
        found = regions.filtered(lambda r: loose_name(r.name) == loose)
        return found if len(found) == 1 else self.browse()

    @api.model
    def _mall_find_by_names(self, province, city=None, district=None):
        """The selectable region of an address given by names, as WeChat's
        picker spells them: 北京市/北京市/朝阳区, 湖北省/仙桃市/(a town) or
        湖北省/省直辖县级行政区划/仙桃市, 重庆市/重庆市/城口县."""
        Region = self.with_context(active_test=True)
        found = self._mall_match_name(
            Region.search([("level", "=", "province")]), province
        )
        if not found:
            return self.browse()
        in_province = Region.search([("id", "child_of", found.id)])
        cities = in_province.filtered(lambda r: r.level == "city")
        districts = in_province.filtered(lambda r: r.level == "district")
        city_found = self._mall_match_name(cities, city)
        if city_found:
            region = self._mall_match_name(
                districts.filtered(lambda r: r.parent_id == city_found), district
            )
            if region:
                return region
            if city_found._mall_is_selectable():
                return city_found
        elif city:
            # A county-level city under a grouping city (仙桃市).
            region = self._mall_match_name(districts, city)
            if region and (
                not district
                or loose_name(district) == loose_name(region.name)
                or not self._mall_match_name(districts, district)
            ):
                return region
        # The district alone, when its name is unique in the province
        # (Chongqing's counties under 县, grouping cities named otherwise).
        return self._mall_match_name(districts, district)

    @api.model
    def _mall_resolve(self, code=None, province=None, city=None, district=None):
        """The selectable region for a picker's answer: by its code first,
        unless the names say otherwise; else by the names."""
        by_code = self._mall_find_by_code(code)
        if by_code and not by_code._mall_is_selectable():
            by_code = self.browse()
        if by_code and (
            not district or loose_name(district) == loose_name(by_code.name)
        ):
            return by_code
        by_names = self._mall_find_by_names(province, city, district)
        return by_names or by_code
