# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A stand-in for api.weixin.qq.com, as its documentation describes it.

Point a client's API base at ``standin.url``; register the codes the
mini-program would have got with :meth:`WeixinStandin.add_login_code` and
:meth:`WeixinStandin.add_phone_code`.
"""

import base64
import io
import json
import os
import secrets
import time

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad
from PIL import Image

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
        # Shipping information uploads (发货信息录入) received, as parsed JSON.
        self.shipping_uploads = []
        # Fail that many uploads with ``fail_upload_errcode`` before accepting.
        self.fail_uploads = 0
        self.fail_upload_errcode = -1
        self.route(
            "POST", "/wxa/sec/order/upload_shipping_info", self._upload_shipping_info
        )
        # Subscription and customer-service messages received, as parsed JSON.
        self.subscribe_messages = []
        self.custom_messages = []
        # Fail that many sends with ``fail_messages_errcode`` before accepting
        # (43101: the shopper refused the subscription).
        self.fail_messages = 0
        self.fail_messages_errcode = -1
        self.route("POST", "/cgi-bin/message/subscribe/send", self._subscribe_send)
        self.route("POST", "/cgi-bin/message/custom/send", self._custom_send)
        # Mini-program codes asked for (wxa/getwxacodeunlimit), as parsed JSON.
        self.wxa_codes = []
        self.route("POST", "/wxa/getwxacodeunlimit", self._wxa_code_unlimited)

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

    def _upload_shipping_info(self, request):
        refused = self._check_token(request.params.get("access_token"))
        if refused:
            return refused
        try:
            body = request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _error(47001, "data format error")
        missing = _missing_shipping_fields(body)
        if missing:
            return _error(47001, f"data format error: {missing}")
        if self.fail_uploads:
            self.fail_uploads -= 1
            if self.fail_upload_errcode == -1:
                return _error(-1, "system error")
            return _error(self.fail_upload_errcode, "upload refused")
        self.shipping_uploads.append(body)
        return Reply.json({"errcode": 0, "errmsg": "ok"}, 200, CONTENT_TYPE)

    def _subscribe_send(self, request):
        body, refused = self._message_body(request)
        if refused:
            return refused
        if not body.get("template_id"):
            return _error(40037, "invalid template_id")
        data = body.get("data")
        if not isinstance(data, dict) or not all(
            isinstance(item, dict) and "value" in item for item in data.values()
        ):
            return _error(47003, "argument invalid! data.value invalid")
        refused = self._failing_message()
        if refused:
            return refused
        self.subscribe_messages.append(body)
        return Reply.json({"errcode": 0, "errmsg": "ok"}, 200, CONTENT_TYPE)

    def _custom_send(self, request):
        body, refused = self._message_body(request)
        if refused:
            return refused
        if body.get("msgtype") != "text" or not (body.get("text") or {}).get("content"):
            return _error(47001, "data format error")
        refused = self._failing_message()
        if refused:
            return refused
        self.custom_messages.append(body)
        return Reply.json({"errcode": 0, "errmsg": "ok"}, 200, CONTENT_TYPE)

    def _wxa_code_unlimited(self, request):
        refused = self._check_token(request.params.get("access_token"))
        if refused:
            return refused
        try:
            body = request.json()
        except ValueError:
            body = None
        scene = body.get("scene") if isinstance(body, dict) else None
        if not scene or len(scene) > 32:
            return _error(40169, "invalid length for scene")
        self.wxa_codes.append(body)
        buffer = io.BytesIO()
        Image.new("RGB", (body.get("width") or 430,) * 2, "white").save(buffer, "PNG")
        return Reply(buffer.getvalue(), 200, "image/jpeg")

    def _message_body(self, request):
        refused = self._check_token(request.params.get("access_token"))
        if refused:
            return None, refused
        try:
            body = request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return None, _error(47001, "data format error")
        if not body.get("touser"):
            return None, _error(40003, "invalid openid")
        return body, None

    def _failing_message(self):
        if not self.fail_messages:
            return None
        self.fail_messages -= 1
        if self.fail_messages_errcode == -1:
            return _error(-1, "system error")
        return _error(self.fail_messages_errcode, "message refused")

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


def _missing_order_key_fields(key):
    if not isinstance(key, dict) or key.get("order_number_type") not in (1, 2):
        return "order_key.order_number_type"
    names = ("mchid", "out_trade_no")
    if key["order_number_type"] == 2:
        names = ("transaction_id",)
    for name in names:
        if not key.get(name):
            return f"order_key.{name}"
    return None


def _missing_shipping_fields(body):
    """The first required field of an upload_shipping_info body that is
    missing or wrong, or None."""
    missing = _missing_order_key_fields(body.get("order_key"))
    if missing:
        return missing
    if body.get("logistics_type") not in (1, 2, 3, 4):
        return "logistics_type"
    if body.get("delivery_mode") not in (1, 2):
        return "delivery_mode"
    parcels = body.get("shipping_list")
    if not isinstance(parcels, list) or not 1 <= len(parcels) <= 10:
        return "shipping_list"
    if body["delivery_mode"] == 1 and len(parcels) != 1:
        return "shipping_list"
    for parcel in parcels:
        if not isinstance(parcel, dict) or not parcel.get("item_desc"):
            return "shipping_list.item_desc"
        if body["logistics_type"] == 1:
            if not (parcel.get("tracking_no") and parcel.get("express_company")):
                return "shipping_list.tracking_no"
            if parcel["express_company"] == "SF" and not parcel.get("contact"):
                return "shipping_list.contact"
    if not body.get("upload_time"):
        return "upload_time"
    if not (body.get("payer") or {}).get("openid"):
        return "payer.openid"
    return None
