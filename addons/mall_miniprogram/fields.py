# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A Char field stored AES-GCM encrypted, for shoppers' personal data.

The database column only ever holds ciphertext; the ORM cache, reports and
code see the clear value. Reads for the web client and exports are masked
(138****8000) for users outside the personal-data group, on records whose
``_mall_personal_data_masked()`` says so.
"""

import functools
import os

from odoo import fields
from odoo.tools import config

from odoo.addons.mall_catalog.tools import crypto


@functools.cache
def _keyring_for(settings, environ):
    return crypto.KeyRing.from_config(dict(settings), environ=dict(environ))


@functools.lru_cache(maxsize=4096)
def _decrypt(ring, token, aad):
    return ring.decrypt(token, aad)


def keyring():
    """The key ring of odoo.conf, the environment overriding it."""
    settings = tuple((name, config.get(name)) for name in crypto.OPTIONS)
    environ = tuple((var, os.environ.get(var)) for var in crypto.OPTIONS.values())
    return _keyring_for(settings, environ)


class EncryptedChar(fields.Char):
    """A Char whose column holds ``enc1:<key id>:<nonce, ciphertext, tag>``."""

    def _aad(self):
        # Binds a ciphertext to its column: copied elsewhere it won't decrypt.
        return f"{self.model_name}.{self.name}"

    def convert_to_column(self, value, record, values=None, validate=True):
        value = super().convert_to_column(value, record, values, validate)
        if not value or crypto.is_encrypted(value):
            return value
        return keyring().encrypt(value, self._aad())

    def convert_to_record(self, value, record):
        # The cache holds what the database returned (ciphertext) or what
        # was assigned (clear): records always see the clear value.
        if isinstance(value, str) and crypto.is_encrypted(value):
            return _decrypt(keyring(), value, self._aad())
        return super().convert_to_record(value, record)

    def convert_to_read(self, value, record, use_display_name=True):
        value = super().convert_to_read(value, record, use_display_name)
        return self._masked(value, record)

    def convert_to_export(self, value, record):
        return self._masked(super().convert_to_export(value, record), record)

    def _masked(self, value, record):
        masked = getattr(record, "_mall_personal_data_masked", None)
        if not value or masked is None or not masked():
            return value
        return record._mall_mask(self.name, value)
