# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Encryption at rest of shoppers' personal data (phones, address details).

A value is stored as ``enc1:<kid>:<base64url(nonce | ciphertext | tag)>``:
AES-256-GCM with a fresh 12-byte nonce and a 16-byte tag, the field it belongs
to (``"res.partner.phone"``) as associated data, so a token copied into another
column does not decrypt. Anything not starting with ``enc1:`` is legacy clear
text (:func:`is_encrypted`).

Keys come from the Odoo configuration file or the environment, never from the
database (see :meth:`KeyRing.from_config`). To rotate: add a new key to
``mall_data_keys`` and make it current; new writes use it, old tokens still
decrypt with the key their kid names; re-write them with :meth:`KeyRing.rotate`
wherever :meth:`KeyRing.needs_rotation` says so; then drop the old key.

Encrypted columns cannot be searched, so exact lookups (a shopper by phone)
go through a keyed :meth:`KeyRing.blind_index` stored next to the token.
"""

import base64
import binascii
import hashlib
import hmac
import os
import re
import unicodedata

from Crypto.Cipher import AES
from Crypto.Random import get_random_bytes

PREFIX = "enc1:"
KEY_BYTES, NONCE_BYTES, TAG_BYTES = 32, 12, 16
KID_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
TOKEN_RE = re.compile(r"enc1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]+)")
MOBILE_RE = re.compile(r"1[3-9]\d{9}")
OPTIONS = {  # config option -> environment variable overriding it
    "mall_data_keys": "MALL_DATA_KEYS",
    "mall_data_key_current": "MALL_DATA_KEY_CURRENT",
    "mall_blind_index_key": "MALL_BLIND_INDEX_KEY",
}


class CryptoConfigError(ValueError):
    """The keys in the configuration or environment are missing or invalid."""


class DecryptionError(ValueError):
    """A token is malformed, tampered with, or for another key or field."""


def generate_key():
    """A new random 32-byte key, base64-encoded, for ``mall_data_keys``."""
    return base64.b64encode(get_random_bytes(KEY_BYTES)).decode("ascii")


def is_encrypted(value):
    """Whether ``value`` is a token (possibly corrupt) rather than clear text."""
    return isinstance(value, str) and value.startswith(PREFIX)


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode_key(text, where, kid=None):
    what = f"{where}: key {kid!r}" if kid else where
    text = text.strip().replace("-", "+").replace("_", "/")
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise CryptoConfigError(f"{what} is not valid base64") from None
    if len(key) != KEY_BYTES:
        raise CryptoConfigError(
            f"{what} must be {KEY_BYTES} bytes (see generate_key()), not {len(key)}"
        )
    return key


class KeyRing:
    """Data keys by kid, one of them current for encryption, plus the key of
    the blind index."""

    def __init__(self, keys, current=None, index_key=None):
        if not keys:
            raise CryptoConfigError("mall_data_keys: no key configured")
        for kid, key in keys.items():
            if not KID_RE.fullmatch(kid):
                raise CryptoConfigError(f"mall_data_keys: bad key id {kid!r}")
            if len(key) != KEY_BYTES:
                raise CryptoConfigError(f"mall_data_keys: key {kid!r} not 32 bytes")
        self._keys = dict(keys)
        self.current = current or list(keys)[-1]
        if self.current not in self._keys:
            raise CryptoConfigError(
                f"mall_data_key_current: {self.current!r} is not in mall_data_keys"
            )
        if index_key is not None and index_key in self._keys.values():
            raise CryptoConfigError("mall_blind_index_key must not be a data key")
        self._index_key = index_key

    def __repr__(self):
        return f"<KeyRing kids={list(self._keys)} current={self.current!r}>"

    @classmethod
    def from_config(cls, config, environ=None):
        """The ring from Odoo's config (any mapping), overridden by env vars
        (``environ``, by default the process environment)."""
        environ = os.environ if environ is None else environ
        raw, where = {}, {}
        for option, var in OPTIONS.items():
            if (environ.get(var) or "").strip():
                raw[option], where[option] = environ[var], f"{var} (environment)"
            else:
                raw[option], where[option] = config.get(option) or "", option
        keys = {}
        for pair in filter(None, (p.strip() for p in raw["mall_data_keys"].split(","))):
            kid, sep, text = pair.partition(":")
            kid = kid.strip()
            if not sep or not KID_RE.fullmatch(kid):
                raise CryptoConfigError(
                    f"{where['mall_data_keys']}: expected kid:base64key pairs "
                    "separated by commas, kid made of letters, digits, - and _"
                )
            if kid in keys:
                raise CryptoConfigError(f"{where['mall_data_keys']}: kid {kid!r} twice")
            keys[kid] = _decode_key(text, where["mall_data_keys"], kid)
        if not keys:
            raise CryptoConfigError(f"{where['mall_data_keys']}: no key configured")
        current = raw["mall_data_key_current"].strip() or None
        if current and current not in keys:
            raise CryptoConfigError(
                f"{where['mall_data_key_current']}: {current!r} is not one of "
                f"the kids in {where['mall_data_keys']} ({', '.join(keys)})"
            )
        if not raw["mall_blind_index_key"].strip():
            raise CryptoConfigError(f"{where['mall_blind_index_key']} is not set")
        index_key = _decode_key(
            raw["mall_blind_index_key"], where["mall_blind_index_key"]
        )
        return cls(keys, current, index_key)

    def encrypt(self, plaintext, aad):
        """``plaintext`` as a token for the current key; None/""/False as is."""
        if plaintext is None or plaintext is False or plaintext == "":
            return plaintext
        if not isinstance(plaintext, str) or not isinstance(aad, str) or not aad:
            raise TypeError("encrypt() takes a str and a non-empty aad (field name)")
        nonce = get_random_bytes(NONCE_BYTES)
        cipher = AES.new(self._keys[self.current], AES.MODE_GCM, nonce, mac_len=16)
        cipher.update(aad.encode("utf-8"))
        data, tag = cipher.encrypt_and_digest(plaintext.encode("utf-8"))
        return f"{PREFIX}{self.current}:{_b64url(nonce + data + tag)}"

    def decrypt(self, token, aad):
        """The clear text of ``token``; None/""/False as is."""
        if token is None or token is False or token == "":
            return token
        match = TOKEN_RE.fullmatch(token) if isinstance(token, str) else None
        if not match:
            raise DecryptionError("not an enc1 token")
        if not isinstance(aad, str) or not aad:
            raise TypeError("decrypt() takes a non-empty aad (field name)")
        kid, body = match.groups()
        try:  # re-encoding catches changes to the last character's unused bits
            blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except (binascii.Error, ValueError):
            blob = b""
        if _b64url(blob) != body or len(blob) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError("malformed enc1 token")
        if kid not in self._keys:
            raise DecryptionError(f"unknown key id {kid!r}, not in mall_data_keys")
        nonce, data, tag = (
            blob[:NONCE_BYTES],
            blob[NONCE_BYTES:-TAG_BYTES],
            blob[-TAG_BYTES:],
        )
        cipher = AES.new(self._keys[kid], AES.MODE_GCM, nonce, mac_len=16)
        cipher.update(aad.encode("utf-8"))
        try:
            return cipher.decrypt_and_verify(data, tag).decode("utf-8")
        except ValueError:
            raise DecryptionError(
                f"token does not authenticate for {aad!r} (tampered, wrong key "
                "or wrong field)"
            ) from None

    def needs_rotation(self, token):
        """Whether ``token`` should be re-written: clear text, or an old kid."""
        if token is None or token is False or token == "":
            return False
        if not is_encrypted(token):
            return True
        return token.split(":", 2)[1] != self.current

    def rotate(self, token, aad):
        """``token`` re-encrypted with the current key (clear text: encrypted)."""
        if not self.needs_rotation(token):
            return token
        plain = self.decrypt(token, aad) if is_encrypted(token) else token
        return self.encrypt(plain, aad)

    def blind_index(self, value, purpose, normalize=None):
        """Keyed HMAC (32 hex chars) of ``normalize(value)`` for exact search;
        ``normalize`` defaults to :func:`normalize_text`; "" if nothing left."""
        if self._index_key is None:
            raise CryptoConfigError("mall_blind_index_key is not set")
        value = (normalize or normalize_text)(value)
        if not value:
            return ""
        message = purpose.encode("utf-8") + b"\0" + value.encode("utf-8")
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()[:32]


def normalize_text(value):
    """NFKC, case-folded, whitespace collapsed: the default for blind indexes."""
    return " ".join(unicodedata.normalize("NFKC", value or "").casefold().split())


def normalize_phone(value):
    """One spelling per phone: ``"+86 138-0013-8000"`` -> ``"13800138000"``,
    ``"+86 21 6888 8888"`` -> ``"02168888888"``, others keep their ``+cc``."""
    value = re.sub(r"[\s\-().]", "", unicodedata.normalize("NFKC", value or ""))
    international = value.startswith(("+", "00"))
    digits = (
        value[1:] if value.startswith("+") else value[2:] if international else value
    )
    if not digits.isdigit():
        return value
    national = digits[2:] if digits.startswith("86") else ""
    if MOBILE_RE.fullmatch(national):
        return national
    if international and national.strip("0"):  # +86 (0)21 ... is 021 ...
        return "0" + national.lstrip("0")
    return "+" + digits if international else digits


def mask_phone(value):
    """``"13800138000"`` -> ``"138****8000"``; other numbers keep their last 4
    characters at most, and never more than half."""
    value = normalize_phone(value)
    if MOBILE_RE.fullmatch(value):
        return value[:3] + "****" + value[-4:]
    keep = min(4, len(value) // 2)
    return "*" * (len(value) - keep) + value[len(value) - keep :]


def mask_text(value):
    """The first 2 (CJK) or 3 characters, at most half, then ``****``."""
    value = (value or "").strip()
    if not value:
        return ""
    wide = unicodedata.east_asian_width(value[0]) in ("W", "F")
    return value[: min(2 if wide else 3, len(value) // 2)] + "****"
