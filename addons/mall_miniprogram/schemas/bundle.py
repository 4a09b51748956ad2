# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pydantic import BaseModel

from .catalog import Money, ProductCard


class BundleItem(BaseModel):
    variant_id: int
    variant: str
    quantity: int
    unit_price: str = Money
    product: ProductCard


class Bundle(BaseModel):
    id: int
    name: str
    currency: str
    price: str = Money
    list_total: str = Money
    saving: str = Money
    items: list[BundleItem]
