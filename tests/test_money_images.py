# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

import pytest

from odoo.addons.mall_catalog.tools import images, money


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (59.9, "59.90"),
        (0.1 + 0.2, "0.30"),
        (2.675, "2.68"),  # the float 2.675 is 2.67499999...; its repr is not
        (1.005, "1.01"),
        ("19.999", "20.00"),
        (Decimal("-3.335"), "-3.34"),
        (0, "0.00"),
        (5999, "5999.00"),
    ],
)
def test_format_amount(amount, expected):
    assert money.format_amount(amount) == expected


def test_digits_follow_the_currency():
    assert money.format_amount(100.5, 0) == "101"
    assert money.to_decimal(1.23456, 3) == Decimal("1.235")


def test_image_url():
    checksum = "a" * 40
    assert (
        images.image_url("https://cdn.example.cn/", "product", 7, 256, checksum)
        == "https://cdn.example.cn/mall/img/product/7/256/" + "a" * 16
    )
    assert (
        images.image_url("", "gallery", 3, 128, checksum)
        == "/mall/img/gallery/3/128/" + "a" * 16
    )
    assert images.image_url("https://x", "product", 7, 256, None) is None


def test_size_field():
    assert images.size_field("image", 1024) == "image_1024"
    with pytest.raises(ValueError):
        images.size_field("image", 300)
