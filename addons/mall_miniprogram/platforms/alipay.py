# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Alipay mini-program sign-in and phone number, on python-alipay-sdk."""

import base64
import functools
import http.client
import json

from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError
from alipay.utils import AliPayConfig
from Crypto.Cipher import AES
from Crypto.Util.Padding import unpad
from Cryptodome.PublicKey import RSA  # the SDK's RSA (pycryptodomex)

from ..const import ALIPAY_GATEWAY
from .errors import InvalidCredential, PlatformUnavailable

PLATFORM = "alipay"
SUCCESS = "10000"
# The auth code is unknown, expired or used.
SHOPPER_REFUSED = {"isv.code-invalid"}


class _AliPay(AliPay):
    """The SDK at our gateway (3.4.0 knows only production and, with
    ``debug``, its sandbox), with Alipay's error answers kept whole: the
    SDK's AliPayException hides their code."""

    def __init__(self, gateway, **kwargs):
        super().__init__(**kwargs)
        self._gateway = gateway

    def _load_key(self):
        # Clients are made per request, and reading a private key takes
        # 0.1 s: pycryptodome checks its primes.
        self._app_private_key = _rsa_key(self._app_private_key_string)
        self._alipay_public_key = _rsa_key(self._alipay_public_key_string)

    def _verify_and_return_sync_response(self, raw_string, response_type):
        response = json.loads(raw_string)
        if not isinstance(response, dict):
            raise ValueError("the answer is not a JSON object")
        error = response.get("error_response")
        if error is None and "sign" not in response:
            error = response.get(response_type)
        if error:
            # Unsigned or not, a refusal is taken at its word: it grants nothing.
            raise _error(error)
        return super()._verify_and_return_sync_response(raw_string, response_type)


class AlipayClient:
    """One Alipay mini-program app, signing RSA2.

    Keys are PEM text, or the bare base64 that Alipay's key tool shows;
    ``aes_key`` is the app's content encryption key (phone numbers).
    """

    def __init__(
        self,
        app_id,
        app_private_key_pem,
        alipay_public_key_pem,
        gateway=ALIPAY_GATEWAY,
        aes_key=None,
        timeout=10,
    ):
        self.app_id = app_id
        self.gateway = gateway
        self.aes_key = aes_key
        self._keys = (app_private_key_pem, alipay_public_key_pem)
        self._timeout = timeout
        self._alipay = None

    @property
    def _sdk(self):
        # Built on first use, so a bad key is a PlatformError of the call.
        if self._alipay is None:
            private_key, public_key = self._keys
            try:
                self._alipay = _AliPay(
                    self.gateway,
                    appid=self.app_id,
                    app_private_key_string=private_key,
                    alipay_public_key_string=public_key,
                    sign_type="RSA2",
                    config=AliPayConfig(timeout=self._timeout),
                )
            except (ValueError, IndexError, TypeError) as exc:
                raise PlatformUnavailable(
                    PLATFORM, None, "the app private key or Alipay public key is bad"
                ) from exc
        return self._alipay

    def oauth_token(self, auth_code):
        """The shopper behind a ``my.getAuthCode()`` code
        (alipay.system.oauth.token): ``user_id`` and/or ``open_id`` (which
        one depends on the app's settings), ``access_token``,
        ``expires_in``, ``refresh_token``, ``re_expires_in``,
        ``auth_start``."""
        grant = self._call(
            "alipay.system.oauth.token",
            grant_type="authorization_code",
            code=auth_code,
        )
        if not (grant.get("user_id") or grant.get("open_id")):
            raise PlatformUnavailable(PLATFORM, None, "the grant names no user")
        return {
            "user_id": grant.get("user_id") or None,
            "open_id": grant.get("open_id") or None,
            "access_token": grant.get("access_token"),
            "expires_in": _int(grant.get("expires_in")),
            "refresh_token": grant.get("refresh_token"),
            "re_expires_in": _int(grant.get("re_expires_in")),
            "auth_start": grant.get("auth_start"),
        }

    def decrypt_phone(self, response):
        """The mobile number in the answer of ``my.getPhoneNumber``, which
        the mini-program forwards as it got it (a JSON text)."""
        try:
            envelope = json.loads(response)
            ciphertext, sign = envelope["response"], envelope["sign"]
            # Alipay signs the ciphertext as the JSON string it is, quotes too.
            signed = self._sdk._verify(f'"{ciphertext}"', sign)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InvalidCredential(PLATFORM, None, "not a phone answer") from exc
        if not signed:
            raise InvalidCredential(
                PLATFORM, None, "the phone answer's signature does not verify"
            )
        if not self.aes_key:
            raise PlatformUnavailable(PLATFORM, None, "no AES key is configured")
        try:
            answer = json.loads(_aes_decrypt(self.aes_key, ciphertext))
        except (ValueError, KeyError, TypeError) as exc:
            # Signed by Alipay, so ours is the wrong key.
            raise PlatformUnavailable(
                PLATFORM, None, "the phone answer does not decrypt with the AES key"
            ) from exc
        if answer.get("code") != SUCCESS or not answer.get("mobile"):
            raise InvalidCredential(
                PLATFORM,
                answer.get("subCode") or answer.get("code"),
                answer.get("subMsg") or answer.get("msg") or "no mobile number",
            )
        return answer["mobile"]

    def send_template_message(self, to_user_id, template_id, data, page=None):
        """Send a subscription message of the mini-program
        (alipay.open.app.mini.templatemessage.send) to the Alipay user.
        ``data`` maps the template's keywords to their values."""
        biz_content = {
            "to_user_id": to_user_id,
            "user_template_id": template_id,
            "page": page or "",
            "data": json.dumps(
                {key: {"value": str(value)} for key, value in data.items()},
                ensure_ascii=False,
            ),
        }
        return self._call(
            "alipay.open.app.mini.templatemessage.send", biz_content=biz_content
        )

    def _call(self, method, **params):
        """The verified response node of a gateway call."""
        try:
            node = self._sdk.server_api(method, **params)
        except AliPayValidationError as exc:
            raise PlatformUnavailable(
                PLATFORM,
                None,
                "the answer's signature does not verify: wrong Alipay public "
                "key, or the answer was altered",
            ) from exc
        except AliPayException as exc:
            raise PlatformUnavailable(PLATFORM, None, "unsigned answer") from exc
        except (OSError, http.client.HTTPException) as exc:
            # urllib's URLError, HTTPError and timeouts are OSErrors.
            raise PlatformUnavailable(PLATFORM, None, f"unreachable: {exc}") from exc
        except ValueError as exc:
            raise PlatformUnavailable(PLATFORM, None, f"bad answer: {exc}") from exc
        if node.get("code", SUCCESS) != SUCCESS:
            raise _error(node)
        return node


def _error(node):
    node = node if isinstance(node, dict) else {}
    sub_code = node.get("sub_code")
    kind = InvalidCredential if sub_code in SHOPPER_REFUSED else PlatformUnavailable
    return kind(
        PLATFORM,
        sub_code or node.get("code"),
        node.get("sub_msg") or node.get("msg") or "refused",
    )


@functools.lru_cache(maxsize=16)
def _rsa_key(text):
    if "-----BEGIN" not in text:
        # Bare base64 of the DER key, as Alipay's key tool shows it.
        text = base64.b64decode("".join(text.split()), validate=True)
    return RSA.importKey(text)


def _aes_decrypt(aes_key, ciphertext):
    # Alipay's content encryption: AES-CBC, zero IV, PKCS#7 padding.
    cipher = AES.new(base64.b64decode(aes_key), AES.MODE_CBC, iv=bytes(16))
    raw = cipher.decrypt(base64.b64decode(ciphertext))
    return unpad(raw, AES.block_size).decode()


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
