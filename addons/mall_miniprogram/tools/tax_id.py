# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Chinese taxpayer identification numbers on invoice titles (发票抬头).

A company's tax ID is its unified social credit code (统一社会信用代码,
GB 32100-2015): 18 characters, the last one a check character over the
first 17. Companies registered before 2015 may still give their 15-character
tax registration number (税务登记证号): a 6-digit region code then the
9-character organization code. No Odoo here: the model and the API both
call :func:`validate`.
"""

# The 31 characters a credit code may hold: digits and capitals without
# I, O, S, V and Z. A character's value is its position.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Weight of each of the first 17 characters: 3^i mod 31.
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
USCC_LENGTH = 18
LEGACY_LENGTH = 15
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

# Why a tax ID is refused (InvalidTaxId.reason).
REASONS = ("empty", "length", "charset", "region", "check")


class InvalidTaxId(ValueError):
    """A tax ID that cannot be; ``reason`` is one of :data:`REASONS`."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


def normalize(value):
    """``value`` as printed on an invoice: capitals, no spaces or dashes."""
    return "".join((value or "").split()).replace("-", "").upper()


def uscc_check_char(first17):
    """The check character (18th) of a credit code's first 17 characters."""
    total = sum(
        USCC_CHARSET.index(char) * weight
        for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate(value):
    """The normalized tax ID, or :class:`InvalidTaxId` saying what is wrong."""
    code = normalize(value)
    if not code:
        raise InvalidTaxId("empty")
    if len(code) == USCC_LENGTH:
        if any(char not in USCC_CHARSET for char in code):
            raise InvalidTaxId("charset")
        # Characters 3 to 8: the registering authority's region code.
        if not code[2:8].isdigit():
            raise InvalidTaxId("region")
        if uscc_check_char(code[:17]) != code[17]:
            raise InvalidTaxId("check")
        return code
    if len(code) == LEGACY_LENGTH:
        if any(char not in _ALNUM for char in code):
            raise InvalidTaxId("charset")
        if not code[:6].isdigit():
            raise InvalidTaxId("region")
        return code
    raise InvalidTaxId("length")


def is_valid(value):
    try:
        validate(value)
    except InvalidTaxId:
        return False
    return True
