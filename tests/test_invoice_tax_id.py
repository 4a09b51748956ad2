# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest

from odoo.addons.mall_miniprogram.tools.tax_id import (
    USCC_CHARSET,
    USCC_WEIGHTS,
    InvalidTaxId,
    is_valid,
    normalize,
    uscc_check_char,
    validate,
)

# Published credit codes (on business licences and invoices).
VALID_CODES = ["91350100M000100Y43", "91110000600037341L"]


def test_weights_are_the_standards():
    # GB 32100-2015, table 2.
    assert USCC_WEIGHTS == (
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
    )  # fmt: skip
    assert len(USCC_CHARSET) == 31
    assert not set("IOSVZ") & set(USCC_CHARSET)


@pytest.mark.parametrize("code", VALID_CODES)
def test_published_codes_are_valid(code):
    assert validate(code) == code
    assert uscc_check_char(code[:17]) == code[17]


def test_normalized_before_checking():
    assert validate(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert validate("9135-0100 M000 100Y43") == "91350100M000100Y43"
    assert normalize(None) == ""


@pytest.mark.parametrize("position", range(17))
def test_one_changed_character_is_caught(position):
    code = VALID_CODES[0]
    char = code[position]
    other = "1" if char != "1" else "2"
    changed = code[:position] + other + code[position + 1 :]
    with pytest.raises(InvalidTaxId) as info:
        validate(changed)
    assert info.value.reason in ("check", "region")


def test_swapped_neighbours_are_caught():
    code = VALID_CODES[0]
    swapped = code[:8] + code[9] + code[8] + code[10:]
    assert swapped != code
    assert not is_valid(swapped)


def test_check_character_zero():
    # A weighted sum that is a multiple of 31 gives "0", not "31".
    for first in ("91110108MA01", "12100000400", "9144030071"):
        stem = (first + "0" * 17)[:17]
        code = stem + uscc_check_char(stem)
        assert is_valid(code)
    assert uscc_check_char("00000000000000000") == "0"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("9135010", "length"),
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M000I00Y43", "charset"),  # I is never used
        ("91350100M000100Y4?", "charset"),
        ("9135A100M000100Y43", "region"),
        ("91350100M000100Y44", "check"),
    ],
)
def test_invalid_codes_say_why(value, reason):
    with pytest.raises(InvalidTaxId) as info:
        validate(value)
    assert info.value.reason == reason
    assert not is_valid(value)


def test_legacy_fifteen_characters():
    # 6-digit region code, then the 9-character organization code.
    assert validate("110108600037341") == "110108600037341"
    assert validate("44030072632108x") == "44030072632108X"
    with pytest.raises(InvalidTaxId) as info:
        validate("1101A8600037341")
    assert info.value.reason == "region"
    with pytest.raises(InvalidTaxId) as info:
        validate("110108600037-3 4")
    assert info.value.reason == "length"
    with pytest.raises(InvalidTaxId) as info:
        validate("11010860003734*")
    assert info.value.reason == "charset"
