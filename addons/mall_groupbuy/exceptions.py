# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError


class GroupbuyError(UserError):
    """A group-buy rule refused the shopper: ``code`` is one of
    ``tools.seats`` refusals (or ``campaign_closed``/``bad_variant``)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class BargainError(UserError):
    """A bargain (砍价) rule refused the shopper: ``code`` is a stable
    refusal the API passes on (``expired``, ``already_helped``...)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
