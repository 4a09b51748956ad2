# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import re
import zlib

from PIL import Image, ImageDraw, ImageFont

from odoo import api, models
from odoo.tools import float_compare

MODULE = "mall_catalog"

# Background of the pictures, one per top-level category (in their order).
PALETTE = ["#E76F8A", "#3D7DD8", "#43A047", "#AB5CC8", "#E58A2E", "#2A9D8F"]


def _rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _seed(text):
    """A stable number for ``text`` (``hash()`` changes between processes)."""
    return zlib.crc32(text.encode())


def _kilograms(label):
    """The net weight in a value name such as "250g" or "1kg", else None."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(kg|g)\s*", label or "", re.IGNORECASE)
    if not match:
        return None
    amount = float(match[1])
    return amount if match[2].lower() == "kg" else amount / 1000


def _picture(size, colour, seed, text=""):
    """A square PNG: ``colour`` background, a lighter shape, ``text`` in white."""
    background = _rgb(colour)
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    light = tuple(c + (255 - c) * 2 // 5 for c in background)
    left, top, right, bottom = (round(size * f) for f in (0.22, 0.14, 0.78, 0.70))
    shape = seed % 3
    if shape == 0:
        draw.ellipse((left, top, right, bottom), fill=light)
    elif shape == 1:
        draw.rounded_rectangle(
            (left, top, right, bottom), radius=size // 10, fill=light
        )
    else:
        middle, centre = (left + right) // 2, (top + bottom) // 2
        draw.polygon(
            [(middle, top), (right, centre), (middle, bottom), (left, centre)],
            fill=light,
        )
    if text:
        # Pillow's default font is a small bitmap one: draw, then enlarge it.
        font = ImageFont.load_default()
        box = draw.textbbox((0, 0), text, font=font)
        label = Image.new("L", (box[2] - box[0], box[3] - box[1]))
        ImageDraw.Draw(label).text((-box[0], -box[1]), text, fill=255, font=font)
        scale = max(1, min(5, int(size * 0.8) // label.width))
        label = label.resize((label.width * scale, label.height * scale), Image.NEAREST)
        x, y = (size - label.width) // 2, round(size * 0.84) - label.height // 2
        image.paste((255, 255, 255), (x, y, x + label.width, y + label.height), label)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return base64.b64encode(buffer.getvalue())


def _demo_quantity(key):
    """On-hand quantity for the variant ``key``, between 0 and 200.

    One variant in ten is out of stock and one in ten is low (below 10), so
    that the demo shows stock alerts.
    """
    seed = _seed(key)
    if seed % 10 == 0:
        return 0
    if seed % 10 == 1:
        return 1 + seed // 10 % 9
    return 10 + seed // 10 % 191


class MallDemo(models.AbstractModel):
    """Helpers of the demo data of the mall, called from demo XML files only.

    They complete what XML and CSV records cannot say well: pictures, on-hand
    stock and the references of generated variants. Nothing here runs on a
    database without demo data.
    """

    _name = "mall.demo"
    _description = "Mall Demo Data Helper"

    @api.model
    def _demo_records(self, model):
        """The records of ``model`` created by this module's data files."""
        res_ids = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", MODULE), ("model", "=", model)])
            .mapped("res_id")
        )
        return self.env[model].browse(res_ids).exists()

    @api.model
    def _set_demo_variant_references(self, references):
        """Give each variant of the demo templates a reference and a weight.

        Odoo keeps both on the variant: when a template gets its attribute
        lines, the single variant that held the values of the CSV file is
        replaced and they are lost. ``references`` maps template ids to
        (reference, weight): variants get the reference suffixed -01, -02... and
        the weight, scaled by their net weight (规格) if they have one.
        """
        net_weight = self.env.ref("mall_catalog.product_attribute_weight")
        templates = self.env["product.template"].browse(list(references))
        for template in templates:
            reference, weight = references[template.id]
            variants = template.product_variant_ids.sorted("id")
            nets = {
                variant: _kilograms(
                    variant.product_template_attribute_value_ids.filtered(
                        lambda v: v.attribute_id == net_weight
                    ).name
                )
                for variant in variants
            }
            smallest = min(filter(None, nets.values()), default=None)
            for index, variant in enumerate(variants, start=1):
                net = nets[variant]
                variant.write(
                    {
                        "default_code": f"{reference}-{index:02d}",
                        "weight": round(weight * net / smallest, 2) if net else weight,
                    }
                )

    @api.model
    def _generate_demo_stock_and_images(self):
        """Draw pictures and set the on-hand stock of the demo catalog.

        Demo data only. Products and shop categories without a picture get a
        plain generated one (colour of their top-level category, a shape and,
        for products, their internal reference); every storable variant gets a
        fixed on-hand quantity in its shop's warehouse. Quantities are set, not
        added, so running this again changes nothing.
        """
        categories = self._demo_records("mall.category")
        templates = self._demo_records("product.template")
        roots = self.env["mall.category"].search([("parent_id", "=", False)])
        colours = {root.id: PALETTE[i % len(PALETTE)] for i, root in enumerate(roots)}

        def colour(category):
            root_id = int(category.parent_path.split("/")[0]) if category else 0
            return colours.get(root_id, PALETTE[-1])

        for category in categories.filtered(lambda c: not c.icon):
            category.icon = _picture(64, colour(category), category.level)
        for template in templates.filtered(lambda t: not t.image_1920):
            # With variants, the reference is on them, suffixed -01, -02...
            variant_reference = template.product_variant_ids[:1].default_code or ""
            reference = template.default_code or variant_reference.rsplit("-", 1)[0]
            template.image_1920 = _picture(
                512, colour(template.mall_category_id), _seed(reference), reference
            )
        self._set_demo_stock(templates.product_variant_ids.filtered("is_storable"))

    @api.model
    def _set_demo_stock(self, variants):
        """Set the on-hand quantity of ``variants`` in their shop's warehouse."""
        default_warehouse = self.env.ref("stock.warehouse0")
        location_of = {}
        for variant in variants:
            warehouse = variant.mall_shop_id.warehouse_id or default_warehouse
            location_of[variant] = warehouse.lot_stock_id
        on_hand = {
            (product, location): quantity
            for product, location, quantity in self.env["stock.quant"]._read_group(
                [
                    ("product_id", "in", variants.ids),
                    ("location_id", "in", [loc.id for loc in location_of.values()]),
                ],
                ["product_id", "location_id"],
                ["quantity:sum"],
            )
        }
        vals_list = []
        for variant, location in location_of.items():
            quantity = _demo_quantity(variant.default_code or variant.display_name)
            current = on_hand.get((variant, location), 0.0)
            rounding = variant.uom_id.rounding
            if float_compare(current, quantity, precision_rounding=rounding):
                vals_list.append(
                    {
                        "product_id": variant.id,
                        "location_id": location.id,
                        "inventory_quantity": quantity,
                    }
                )
        if vals_list:
            quants = self.env["stock.quant"].with_context(inventory_mode=True)
            quants.create(vals_list).action_apply_inventory()

    @api.model
    def _set_demo_merchandising(self):
        """Sales counts, labels and specification tables of the demo catalog.

        Sales carried over from a previous platform (confirmed orders add to them);
        the ten best sellers are labelled 热卖 and one product in seven 折扣.
        """
        templates = self._demo_records("product.template")
        for template in templates:
            template.mall_sales_base = (
                _seed(template.default_code or template.name) % 5000
            )
        hot = self.env.ref("mall_catalog.mall_product_label_hot")
        sale = self.env.ref("mall_catalog.mall_product_label_sale")
        best = templates.sorted("mall_sales_count", reverse=True)[:10]
        best.mall_label_ids = [(4, hot.id)]
        templates.filtered(lambda t: t.id % 7 == 0).mall_label_ids = [(4, sale.id)]
        for template in templates.filtered(lambda t: not t.mall_spec_ids):
            rows = (
                [("品牌", template.product_brand_id.name)]
                if template.product_brand_id
                else []
            )
            rows.append(("商品编号", template.default_code or ""))
            if template.weight:
                rows.append(("毛重", f"{template.weight:g} kg"))
            rows.append(("发货地", template.mall_shop_id.warehouse_id.name or ""))
            template.mall_spec_ids = [
                (0, 0, {"sequence": i, "name": name, "value": value})
                for i, (name, value) in enumerate(rows)
                if value
            ]
