# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""python-alipay-sdk clients that take any gateway and a timeout, and keep
the gateway's error answers (no ORM)."""

import base64
import functools
import json

from alipay import AliPay, DCAliPay
from alipay.utils import AliPayConfig
from Cryptodome.PublicKey import RSA  # the SDK's RSA (pycryptodomex)


@functools.lru_cache(maxsize=16)
def _rsa_key(text):
    """The SDK's RSA key of a PEM, or of the bare base64 Alipay's key tool
    shows. Cached: pycryptodome checks the primes, 0.1 s a private key."""
    if "-----BEGIN" not in text:
        text = base64.b64decode("".join(text.split()), validate=True)
    return RSA.importKey(text)


class AlipayRefusal(Exception):
    """An error answer of the gateway, signed or not: it grants nothing, so
    it is taken at its word (the SDK would hide its code)."""

    def __init__(self, node):
        super().__init__(node.get("sub_code") or node.get("code"))
        self.node = node


class _GatewayMixin:
    """python-alipay-sdk 3.4.0 knows only production and its sandbox, and
    does not take a timeout in certificate mode: set both per client."""

    def __init__(self, *args, gateway, timeout, **kwargs):
        super().__init__(*args, **kwargs)
        self._gateway = gateway
        self._config = AliPayConfig(timeout=timeout)

    def _load_key(self):
        self._app_private_key = _rsa_key(self._app_private_key_string)
        self._alipay_public_key = _rsa_key(self._alipay_public_key_string)

    def _verify_and_return_sync_response(self, raw_string, response_type):
        response = json.loads(raw_string)
        if not isinstance(response, dict):
            raise ValueError("the answer is not a JSON object")
        error = response.get("error_response")
        if error is None and "sign" not in response:
            error = response.get(response_type)
        if isinstance(error, dict):
            raise AlipayRefusal(error)
        return super()._verify_and_return_sync_response(raw_string, response_type)


class AliPayClient(_GatewayMixin, AliPay):
    pass


class DCAliPayClient(_GatewayMixin, DCAliPay):
    pass
