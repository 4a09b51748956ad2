# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A stand-in for api.weixin.qq.com, as its documentation describes it.

Point a client's API base at ``standin.url``; register the codes the
mini-program would have got with :meth:`WeixinStandin.add_login_code` and
:meth:`WeixinStandin.add_phone_code`.
"""

import base64
import json
import os
import secrets
import time

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

from .server import Reply, StandinServer

# WeChat answers JSON with this content type.
CONTENT_TYPE = "application/json; encoding=utf-8"
TOKEN_EXPIRES_IN = 7200


def phone_info(phone, country_code="86"):
    """The phone fields WeChat answers with: the number carries its country
    code when it is not a mainland one."""
    full = phone if str(country_code) == "86" else f"+{country_code} {phone}"
    return {
        "phoneNumber": full,
        "purePhoneNumber": phone,
        "countryCode": str(country_code),
    }


def _error(errcode, errmsg):
    return Reply.json({"errcode": errcode, "errmsg": errmsg}, 200, CONTENT_TYPE)


class WeixinStandin(StandinServer):
    def __init__(self, appid="wx0123456789abcdef", secret=None):
        super().__init__()
        self.appid = appid
        self.secret = secret or secrets.token_hex(16)
        # How long an access token stays valid here; the token endpoint still
        # says 7200 s, as WeChat does when it drops tokens early.
        self.access_token_lifetime = TOKEN_EXPIRES_IN
        self._tokens = {}  # access token -> expiry (epoch seconds)
        self._login_codes = {}
        self._phone_codes = {}
        self._used_codes = set()
        self.route("GET", "/cgi-bin/token", self._token)
        self.route("GET", "/sns/jscode2session", self._jscode2session)
        self.route("POST", "/wxa/business/getuserphonenumber", self._phone_number)

    # ------------------------------------------------------------------
    # Test helpers
    # ------------------------------------------------------------------
    def add_login_code(self, code, openid, session_key=None, unionid=None):
        """Make ``code`` a ``wx.login()`` code of ``openid``; returns the
        session jscode2session will answer with."""
        session = {
            "openid": openid,
            "session_key": session_key or base64.b64encode(os.urandom(16)).decode(),
        }
        if unionid:
            session["unionid"] = unionid
        self._login_codes[code] = session
        return dict(session)

    def add_phone_code(self, code, phone, country_code="86", watermark_appid=None):
        """Make ``code`` a code of the phone-number button for ``phone``;
        ``watermark_appid`` fakes an answer meant for another app."""
        info = phone_info(phone, country_code)
        info["watermark"] = {"appid": watermark_appid or self.appid}
        self._phone_codes[code] = info

    def expire_access_tokens(self):
        """Expire every access token handed out so far."""
        self._tokens = dict.fromkeys(self._tokens, 0)

    def encrypt_user_data(self, session_key, payload):
        """``(encrypted_data, iv)`` of ``payload`` as the older buttons give
        them: AES-128-CBC under the session key, PKCS#7, base64. The payload
        gets this app's watermark unless it has one."""
        payload = dict(payload)
        payload.setdefault(
            "watermark", {"timestamp": int(time.time()), "appid": self.appid}
        )
        iv = os.urandom(16)
        cipher = AES.new(base64.b64decode(session_key), AES.MODE_CBC, iv=iv)
        plaintext = json.dumps(payload, ensure_ascii=False).encode()
        encrypted = cipher.encrypt(pad(plaintext, AES.block_size))
        return base64.b64encode(encrypted).decode(), base64.b64encode(iv).decode()

    # ------------------------------------------------------------------
    # Endpoints
    # ------------------------------------------------------------------
    def _token(self, request):
        params = request.params
        if params.get("grant_type") != "client_credential":
            return _error(40002, "invalid grant_type")
        refused = self._check_app(params)
        if refused:
            return refused
        token = secrets.token_urlsafe(48)
        self._tokens[token] = time.time() + self.access_token_lifetime
        return Reply.json(
            {"access_token": token, "expires_in": TOKEN_EXPIRES_IN}, 200, CONTENT_TYPE
        )

    def _jscode2session(self, request):
        params = request.params
        refused = self._check_app(params)
        if refused:
            return refused
        if params.get("grant_type") != "authorization_code":
            return _error(40002, "invalid grant_type")
        code = params.get("js_code")
        if not code:
            return _error(41008, "missing code")
        if code in self._used_codes:
            return _error(40163, "code been used")
        if code not in self._login_codes:
            return _error(40029, "invalid code")
        self._used_codes.add(code)
        return Reply.json(self._login_codes.pop(code), 200, CONTENT_TYPE)

    def _phone_number(self, request):
        refused = self._check_token(request.params.get("access_token"))
        if refused:
            return refused
        try:
            code = request.json()["code"]
        except (ValueError, KeyError, TypeError):
            code = None
        if not isinstance(code, str):
            return _error(47001, "data format error")
        info = self._phone_codes.pop(code, None)
        if info is None:
            # Used codes too: a phone code works once.
            return _error(40029, "invalid code")
        info["watermark"]["timestamp"] = int(time.time())
        info["countryCode"] = int(info["countryCode"])  # a number in this API
        return Reply.json(
            {"errcode": 0, "errmsg": "ok", "phone_info": info}, 200, CONTENT_TYPE
        )

    def _check_app(self, params):
        if params.get("appid") != self.appid:
            return _error(40013, "invalid appid")
        if params.get("secret") != self.secret:
            return _error(40125, "invalid appsecret")
        return None

    def _check_token(self, token):
        if not token:
            return _error(41001, "access_token missing")
        if token not in self._tokens:
            return _error(40001, "invalid credential, access_token is invalid")
        if self._tokens[token] <= time.time():
            return _error(42001, "access_token expired")
        return None
