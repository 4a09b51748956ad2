# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shopper sign-in with the platforms, without the ORM.

Every failure is a :class:`PlatformError`, of one of two kinds: what the
shopper sent was refused (:class:`InvalidCredential`, answer 4xx), or the
platform could not be reached or refused the mall itself
(:class:`PlatformUnavailable`, answer 502/503).
"""

from .errors import InvalidCredential, PlatformError, PlatformUnavailable
