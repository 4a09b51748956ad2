# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools import images, money, search

# The weighted full-text document of a product, as the GIN index is built on.
SEARCH_DOCUMENT = SQL(
    "(setweight(to_tsvector('simple', coalesce(mall_search_a, '')), 'A')"
    " || setweight(to_tsvector('simple', coalesce(mall_search_b, '')), 'B')"
    " || setweight(to_tsvector('simple', coalesce(mall_search_c, '')), 'C'))"
)
# Weights of the groups D, C, B, A: name words count most.
SEARCH_WEIGHTS = "{0.05, 0.3, 0.6, 1.0}"

DEFAULT_NEW_DAYS = 30
DEFAULT_STOCK_THRESHOLD = 10
SORTS = {
    "relevance": "is_favorite desc, mall_sales_count desc, id desc",
    "sales": "mall_sales_count desc, id desc",
    "price_asc": "list_price asc, id asc",
    "price_desc": "list_price desc, id desc",
    "newest": "mall_publish_date desc, id desc",
}


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "mall.catalog.cached"]

    mall_shop_id = fields.Many2one(
        "mall.shop",
        string="Shop",
        index=True,
        help="The shop that sells and ships this product in the mini-program.",
    )
    mall_category_id = fields.Many2one(
        "mall.category", string="Shop Category", index=True
    )
    mall_subtitle = fields.Char(string="Subtitle", translate=True)
    mall_published = fields.Boolean(
        string="Published in Mini-program",
        copy=False,
        index=True,
        help="Only published products are shown to shoppers.",
    )
    mall_publish_date = fields.Datetime(
        string="Published On",
        copy=False,
        help="Products are “new” for a while after this date.",
    )
    mall_label_ids = fields.Many2many("mall.product.label", string="Labels")
    mall_spec_ids = fields.One2many(
        "mall.product.spec", "product_tmpl_id", string="Specifications", copy=True
    )
    mall_image_ids = fields.One2many(
        "mall.product.image", "product_tmpl_id", string="Gallery", copy=True
    )
    mall_video_url = fields.Char(
        string="Video URL", help="An MP4 link shown first in the gallery."
    )
    mall_sales_base = fields.Integer(
        string="Units Sold Before",
        copy=False,
        help="Units sold before the shop ran on this system, e.g. carried over "
        "from the previous platform; added to the units sold here.",
    )
    mall_sold_qty = fields.Integer(
        string="Units Sold Here",
        copy=False,
        readonly=True,
        help="Units on confirmed sale orders, less the units refunded.",
    )
    mall_sales_count = fields.Integer(
        string="Units Sold",
        compute="_compute_mall_sales_count",
        store=True,
        index=True,
    )
    mall_review_ids = fields.One2many(
        "mall.product.review", "product_tmpl_id", string="Reviews"
    )
    mall_rating_avg = fields.Float(
        string="Average Rating",
        digits=(2, 1),
        compute="_compute_mall_rating",
        store=True,
    )
    mall_review_count = fields.Integer(
        string="Review Count", compute="_compute_mall_rating", store=True
    )
    mall_stock_alert_threshold = fields.Integer(
        string="Stock Alert Below",
        help="Alert the shop's responsible when the units that can still be sold "
        "fall below this; 0 uses the default of the settings.",
    )
    mall_stock_low = fields.Boolean(
        string="Low Stock",
        readonly=True,
        copy=False,
        index=True,
        help="Set by the stock alert check; the responsible got an activity when "
        "the product crossed its threshold.",
    )
    mall_stock_activity_id = fields.Many2one(
        "mail.activity",
        string="Stock Alert Activity",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    # Words of the product cut by jieba, for the shoppers' keyword search.
    mall_search_a = fields.Text(
        string="Search Words: Name", compute="_compute_mall_search", store=True
    )
    mall_search_b = fields.Text(
        string="Search Words: Brand and Category",
        compute="_compute_mall_search",
        store=True,
    )
    mall_search_c = fields.Text(
        string="Search Words: Other Text", compute="_compute_mall_search", store=True
    )

    @api.depends("mall_sales_base", "mall_sold_qty")
    def _compute_mall_sales_count(self):
        for template in self:
            template.mall_sales_count = (
                template.mall_sales_base + template.mall_sold_qty
            )

    def _mall_update_sold_qty(self):
        """Recount the units sold from confirmed order lines, less refunds.

        Called whenever an order is confirmed or cancelled and when a line's
        quantity or refunded quantity changes, so the count never drifts.
        """
        templates = self.exists()
        if not templates:
            return
        self.env["sale.order.line"].flush_model(
            ["product_id", "product_uom", "product_uom_qty", "mall_refunded_qty"]
        )
        # Archived variants sold too: count them.
        lines = self.env["sale.order.line"].with_context(active_test=False)
        groups = lines._read_group(
            [
                *self._mall_sold_line_domain(),
                ("product_id.product_tmpl_id", "in", templates.ids),
            ],
            ["product_id", "product_uom"],
            ["product_uom_qty:sum", "mall_refunded_qty:sum"],
        )
        sold = dict.fromkeys(templates.ids, 0.0)
        for product, uom, ordered, refunded in groups:
            net = max(ordered - refunded, 0.0)
            sold[product.product_tmpl_id.id] += uom._compute_quantity(
                net, product.uom_id, round=False
            )
        for template in templates:
            quantity = round(sold[template.id])
            if template.mall_sold_qty != quantity:
                template.mall_sold_qty = quantity

    @api.model
    def _mall_sold_line_domain(self):
        """Order lines that count as sold."""
        return [("state", "=", "sale")]

    @api.depends("mall_review_ids.rating", "mall_review_ids.state")
    def _compute_mall_rating(self):
        for template in self:
            ratings = template.mall_review_ids.filtered(
                lambda r: r.state == "published"
            ).mapped("rating")
            template.mall_review_count = len(ratings)
            template.mall_rating_avg = sum(ratings) / len(ratings) if ratings else 0

    def init(self):
        result = super().init()
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS product_template_mall_search_idx"
                " ON product_template USING gin (%s)",
                SEARCH_DOCUMENT,
            )
        )
        return result

    @api.depends(
        "name",
        "mall_subtitle",
        "description_sale",
        "default_code",
        "product_brand_id.name",
        "mall_category_id.complete_name",
    )
    def _compute_mall_search(self):
        # Words of every installed language: a shopper may type either.
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for template in self:
            parts = {"a": [], "b": [], "c": []}
            for lang in langs:
                localized = template.with_context(lang=lang)
                doc = search.document(
                    localized.name or "",
                    [
                        localized.product_brand_id.name or "",
                        (localized.mall_category_id.complete_name or "").replace(
                            "/", " "
                        ),
                    ],
                    [
                        localized.mall_subtitle or "",
                        localized.description_sale or "",
                        localized.default_code or "",
                    ],
                )
                for key, value in doc.items():
                    parts[key].append(value)
            template.mall_search_a = " ".join(
                dict.fromkeys(" ".join(parts["a"]).split())
            )
            template.mall_search_b = " ".join(
                dict.fromkeys(" ".join(parts["b"]).split())
            )
            template.mall_search_c = " ".join(
                dict.fromkeys(" ".join(parts["c"]).split())
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("mall_published") and not vals.get("mall_publish_date"):
                vals["mall_publish_date"] = fields.Datetime.now()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("mall_published") and "mall_publish_date" not in vals:
            # The first publication dates a product; republishing it after a
            # pause does not make it "new" again.
            first_time = self.filtered(lambda t: not t.mall_publish_date)
            if first_time:
                super(ProductTemplate, first_time).write(
                    {"mall_publish_date": fields.Datetime.now()}
                )
        return super().write(vals)

    def action_mall_publish(self):
        self.write({"mall_published": True})

    def action_mall_unpublish(self):
        self.write({"mall_published": False})

    # ------------------------------------------------------------------
    # Catalog queries, for the mini-program API
    # ------------------------------------------------------------------
    @api.model
    def _mall_new_since(self):
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mall.new_product_days", DEFAULT_NEW_DAYS)
        )
        return fields.Datetime.now() - timedelta(days=days)

    @api.model
    def _mall_visible_domain(self):
        return [("mall_published", "=", True), ("sale_ok", "=", True)]

    @api.model
    def _mall_search(
        self,
        *,
        category=None,
        brand_ids=(),
        label_ids=(),
        price_min=None,
        price_max=None,
        in_stock=False,
        new=False,
        query=None,
        sort="relevance",
        offset=0,
        limit=20,
    ):
        """Published products matching the filters: ``(page, total)``."""
        domain = list(self._mall_visible_domain())
        if category:
            domain.append(("mall_category_id", "child_of", category.id))
        if brand_ids:
            domain.append(("product_brand_id", "in", list(brand_ids)))
        if label_ids:
            domain.append(("mall_label_ids", "in", list(label_ids)))
        if price_min is not None:
            domain.append(("list_price", ">=", price_min))
        if price_max is not None:
            domain.append(("list_price", "<=", price_max))
        if new:
            domain.append(("mall_publish_date", ">=", self._mall_new_since()))
        ranks = None
        if query:
            ranks = self._mall_search_ranks(query)
            domain.append(("id", "in", list(ranks)))
        if in_stock:
            # On hand in any warehouse, searched in SQL; each product's stock
            # lives in its own shop's warehouse.
            domain.append(("qty_available", ">", 0))
        Template = self.sudo()
        if ranks is not None and sort == "relevance":
            # Best match first; among equals, best sellers.
            matches = Template.search(domain, order=SORTS["sales"])
            ordered = sorted(matches, key=lambda t: -ranks[t.id])
            page = Template.browse([t.id for t in ordered[offset : offset + limit]])
            return page, len(ordered)
        total = Template.search_count(domain)
        page = Template.search(domain, order=SORTS[sort], offset=offset, limit=limit)
        return page, total

    @api.model
    def _mall_search_ranks(self, query):
        """``{product id: rank}`` of the products matching ``query``: those
        matching all its words; if there are none, any of them; if still none,
        those that sound the same (a homophone typo)."""
        return (
            self._mall_rank(search.tsquery(query, match_all=True))
            or self._mall_rank(search.tsquery(query))
            or self._mall_rank(search.sound_tsquery(query))
        )

    @api.model
    def _mall_rank(self, tsquery):
        if not tsquery:
            return {}
        self.flush_model(["mall_search_a", "mall_search_b", "mall_search_c"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id, ts_rank(%(weights)s, %(document)s, q)
                  FROM product_template, to_tsquery('simple', %(query)s) q
                 WHERE %(document)s @@ q
                """,
                weights=SEARCH_WEIGHTS,
                document=SEARCH_DOCUMENT,
                query=tsquery,
            )
        )
        return dict(self.env.cr.fetchall())

    def _mall_stock_context(self):
        warehouse = self.mall_shop_id.warehouse_id
        return {"warehouse_id": warehouse.id} if warehouse else {}

    def _mall_free_qty_map(self):
        """``{template id: units still buyable}`` for all of ``self``, with one
        stock computation per shop warehouse rather than one per product."""
        result = dict.fromkeys(self.ids, 0.0)
        for warehouse, templates in self.grouped(
            lambda t: t.mall_shop_id.warehouse_id
        ).items():
            context = {"warehouse_id": warehouse.id} if warehouse else {}
            variants = templates.with_context(**context).product_variant_ids
            for variant, quantity in zip(
                variants, variants.mapped("free_qty"), strict=True
            ):
                result[variant.product_tmpl_id.id] += quantity
        return result

    def _mall_price_range(self):
        self.ensure_one()
        prices = self.product_variant_ids.mapped("lst_price") or [self.list_price]
        return min(prices), max(prices)

    def _mall_image_base(self):
        ICP = self.env["ir.config_parameter"].sudo()
        return ICP.get_param("mall.cdn_base_url") or ICP.get_param("web.base.url", "")

    def _mall_card_payloads(self, size=images.DEFAULT_SIZE):
        """What a product card shows, for each product of ``self``."""
        base = self._mall_image_base()
        checksums = self._mall_checksums(images.size_field("image", size))
        new_since = self._mall_new_since()
        free_qty = self._mall_free_qty_map()
        cards = []
        for template in self:
            low, _high = template._mall_price_range()
            digits = template.currency_id.decimal_places
            cards.append(
                {
                    "id": template.id,
                    "name": template.name,
                    "subtitle": template.mall_subtitle or "",
                    "price": money.format_amount(low, digits),
                    "currency": template.currency_id.name,
                    "image": images.image_url(
                        base, "product", template.id, size, checksums.get(template.id)
                    ),
                    "labels": [
                        {"id": label.id, "name": label.name, "color": label.color}
                        for label in template.mall_label_ids
                    ],
                    "is_new": bool(
                        template.mall_publish_date
                        and template.mall_publish_date >= new_since
                    ),
                    "sales_count": template.mall_sales_count,
                    "in_stock": free_qty[template.id] > 0,
                }
            )
        return self._mall_flash_overlay(cards)

    @api.model
    def _mall_flash_overlay(self, payloads, price_key="price"):
        """Set ``flash`` on card or page ``payloads`` (dicts with an ``id``)
        to the limited-time discount running now, if any, and return them.

        Called on payloads read from the cache too: a discount starting or
        ending by the clock, and its units left, never wait for the cache.
        """
        templates = self.sudo().browse([p["id"] for p in payloads])
        active = self.env["mall.flash.discount.line"]._mall_active_for(templates)
        for payload in payloads:
            found = active.get(payload["id"])
            if not found:
                payload["flash"] = None
                continue
            line, left = found
            digits = line.product_tmpl_id.currency_id.decimal_places
            original = money.to_decimal(payload[price_key], digits)
            payload["flash"] = line._mall_payload(original, digits, left)
        return payloads

    def _mall_detail_payload(self, size=images.DEFAULT_SIZE):
        """Everything the product page shows."""
        self.ensure_one()
        template = self.with_context(**self._mall_stock_context())
        base = self._mall_image_base()
        field = images.size_field("image", size)
        main = images.image_url(
            base, "product", self.id, size, self._mall_checksums(field).get(self.id)
        )
        gallery_checksums = self.mall_image_ids._mall_checksums(field)
        gallery = [main] if main else []
        gallery += [
            images.image_url(
                base, "gallery", image.id, size, gallery_checksums.get(image.id)
            )
            for image in self.mall_image_ids
            if gallery_checksums.get(image.id)
        ]
        variants = template.product_variant_ids
        variant_checksums = variants._mall_checksums(
            images.size_field("image_variant", size)
        )
        digits = self.currency_id.decimal_places
        low, high = self._mall_price_range()
        category_path = self.env["mall.category"]
        category = self.mall_category_id
        while category:
            category_path = category + category_path
            category = category.parent_id
        detail = {
            "id": self.id,
            "name": self.name,
            "subtitle": self.mall_subtitle or "",
            "description": self.description_sale or "",
            "currency": self.currency_id.name,
            "price_min": money.format_amount(low, digits),
            "price_max": money.format_amount(high, digits),
            "images": gallery,
            "video_url": self.mall_video_url or None,
            "brand": (
                {"id": self.product_brand_id.id, "name": self.product_brand_id.name}
                if self.product_brand_id
                else None
            ),
            "categories": [{"id": c.id, "name": c.name} for c in category_path],
            "labels": [
                {"id": label.id, "name": label.name, "color": label.color}
                for label in self.mall_label_ids
            ],
            "specs": [{"name": s.name, "value": s.value} for s in self.mall_spec_ids],
            "attributes": [
                {
                    "id": line.attribute_id.id,
                    "name": line.attribute_id.name,
                    "display_type": line.attribute_id.display_type,
                    "values": [
                        {
                            "id": value.id,
                            "name": value.name,
                            "html_color": value.html_color or None,
                        }
                        for value in line.product_template_value_ids
                        if value.ptav_active
                    ],
                }
                for line in self.attribute_line_ids
            ],
            "variants": [
                {
                    "id": variant.id,
                    "sku": variant.default_code or "",
                    "price": money.format_amount(variant.lst_price, digits),
                    "stock": max(0, int(variant.free_qty)),
                    "value_ids": variant.product_template_attribute_value_ids.ids,
                    # A colour's own picture, when the merchant gave it one.
                    "image": images.image_url(
                        base,
                        "variant",
                        variant.id,
                        size,
                        variant_checksums.get(variant.id),
                    ),
                }
                for variant in variants
            ],
            "sales_count": self.mall_sales_count,
        }
        return self._mall_flash_overlay([detail], "price_min")[0]

    # ------------------------------------------------------------------
    # Stock alerts
    # ------------------------------------------------------------------
    @api.model
    def _mall_default_stock_threshold(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mall.stock_alert_threshold", DEFAULT_STOCK_THRESHOLD)
        )

    @api.model
    def _cron_mall_stock_alerts(self):
        """Flag published products whose sellable stock crossed their
        threshold, and give the shop's responsible one activity per crossing
        (not one per check)."""
        default = self._mall_default_stock_threshold()
        templates = self.search(
            [("mall_published", "=", True), ("is_storable", "=", True)]
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        crossed_down = self.browse()
        free_qty = templates._mall_free_qty_map()
        for template in templates:
            threshold = template.mall_stock_alert_threshold or default
            low = free_qty[template.id] < threshold
            if low and not template.mall_stock_low:
                crossed_down |= template
            elif not low and template.mall_stock_low:
                activity = template.mall_stock_activity_id
                template.mall_stock_low = False
                if activity.exists():
                    activity.action_feedback(feedback=_("Stock replenished."))
        for template in crossed_down:
            template.mall_stock_low = True
            template.mall_stock_activity_id = template.activity_schedule(
                activity_type_id=activity_type.id,
                summary=_("Low stock"),
                note=_(
                    "Only %(qty)s units left to sell (alert below %(threshold)s).",
                    qty=int(free_qty[template.id]),
                    threshold=template.mall_stock_alert_threshold or default,
                ),
                user_id=(template.mall_shop_id.user_id or self.env.user).id,
            )

    def _mall_related(self, limit=6):
        """Other published products of the same category, best sellers first."""
        self.ensure_one()
        if not self.mall_category_id:
            return self.browse()
        return self.sudo().search(
            [
                *self._mall_visible_domain(),
                ("mall_category_id", "=", self.mall_category_id.id),
                ("id", "!=", self.id),
            ],
            order=SORTS["sales"],
            limit=limit,
        )
