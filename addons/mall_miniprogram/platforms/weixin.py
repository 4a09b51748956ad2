# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""WeChat mini-program sign-in and phone number, on wechatpy."""

import time

import requests
from wechatpy import WeChatClient
from wechatpy.crypto import WeChatWxaCrypto
from wechatpy.exceptions import InvalidAppIdException, WeChatClientException
from wechatpy.session import SessionStorage

from ..const import WEIXIN_API_BASE
from ..tools import log_redact
from .errors import InvalidCredential, PlatformUnavailable

# The app secret and access tokens travel in WeChat's URLs.
log_redact.install()

PLATFORM = "weixin"
# Invalid, replaced or expired access token: fetch a new one and retry once.
TOKEN_REJECTED = {40001, 40014, 42001}
# Invalid code, code already used, shopper blocked as high-risk.
SHOPPER_REFUSED = {40029, 40163, 40226}


class TokenStore(SessionStorage):
    """wechatpy session storage over a plain dict that short-lived clients
    share, honouring the token lifetime (wechatpy's MemoryStorage keeps
    tokens forever)."""

    # Renew a minute early, as wechatpy does, so no call carries a token
    # that expires on the way.
    MARGIN = 60

    def __init__(self, mapping=None):
        self._data = {} if mapping is None else mapping

    def get(self, key, default=None):
        value, expires_at = self._data.get(key, (None, None))
        if value is None or (expires_at is not None and expires_at <= time.time()):
            return default
        return value

    def set(self, key, value, ttl=None):
        if value is not None:
            expires_at = time.time() + ttl - self.MARGIN if ttl else None
            self._data[key] = (value, expires_at)

    def delete(self, key):
        self._data.pop(key, None)


class _TimeoutSession(requests.Session):
    # wechatpy fetches access tokens without a timeout.
    def __init__(self, timeout):
        super().__init__()
        self.timeout = timeout

    def request(self, *args, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().request(*args, **kwargs)


class _WeChatClient(WeChatClient):
    """wechatpy's client sent to ``api_base``: its API classes hold their
    base URL as class attributes, and its token URL is written out."""

    def __init__(self, appid, secret, api_base, **kwargs):
        super().__init__(appid, secret, **kwargs)
        # Instance attributes: other clients in the process keep theirs.
        self.API_BASE_URL = api_base + "cgi-bin/"
        self.wxa.API_BASE_URL = api_base

    def fetch_access_token(self):
        return self._fetch_access_token(
            url=self.API_BASE_URL + "token",
            params={
                "grant_type": "client_credential",
                "appid": self.appid,
                "secret": self.secret,
            },
        )


class MiniProgramClient:
    """One WeChat mini-program app.

    ``access_token_store`` is a wechatpy ``SessionStorage`` or a plain dict
    shared by the clients of one process (access tokens are rationed);
    ``session`` a ``requests.Session`` to send through.
    """

    def __init__(
        self,
        appid,
        secret,
        api_base=WEIXIN_API_BASE,
        session=None,
        access_token_store=None,
        timeout=10,
    ):
        self.appid = appid
        self.api_base = api_base if api_base.endswith("/") else api_base + "/"
        if not isinstance(access_token_store, SessionStorage):
            access_token_store = TokenStore(access_token_store)
        self._wechat = _WeChatClient(
            appid,
            secret,
            self.api_base,
            session=access_token_store,
            timeout=timeout,
            # wechatpy's own retry recurses for as long as tokens are refused.
            auto_retry=False,
        )
        self._wechat._http = session or _TimeoutSession(timeout)

    def code2session(self, js_code):
        """The shopper behind a ``wx.login()`` code: ``openid``,
        ``session_key`` and ``unionid`` (None outside an Open Platform
        account)."""
        result = self._call(lambda: self._wechat.wxa.code_to_session(js_code))
        if not (result.get("openid") and result.get("session_key")):
            raise PlatformUnavailable(PLATFORM, None, "code2session gave no openid")
        return {
            "openid": result["openid"],
            "session_key": result["session_key"],
            "unionid": result.get("unionid") or None,
        }

    def phone_number(self, code):
        """The phone number behind the code of the phone-number button."""
        # Not under cgi-bin/, where a relative wechatpy post would go.
        url = self.api_base + "wxa/business/getuserphonenumber"
        result = self._call(lambda: self._wechat.post(url, data={"code": code}))
        info = result.get("phone_info") or {}
        if _watermark_appid(info) != self.appid:
            # The token is this app's: WeChat would never answer for another.
            raise PlatformUnavailable(
                PLATFORM, None, "the phone number is watermarked for another app"
            )
        return _phone(info, PlatformUnavailable)

    def upload_shipping_info(self, payload):
        """Upload the shipping information of a paid order (发货信息录入).

        WeChat holds the funds of mini-program payments until it gets it.
        ``payload`` is the documented body: ``order_key``, ``logistics_type``,
        ``delivery_mode``, ``shipping_list``, ``upload_time`` and ``payer``.
        """
        url = self.api_base + "wxa/sec/order/upload_shipping_info"
        return self._call(lambda: self._wechat.post(url, data=payload))

    def send_subscribe_message(self, openid, template_id, data, page=None):
        """Send a subscription message (订阅消息) the shopper agreed to.

        ``data`` maps the template's keys to their values, e.g.
        ``{"thing2": "保温杯"}``; wrapped here as WeChat wants them.
        errcode 43101 means the shopper refused or used up the subscription.
        """
        data = {key: {"value": str(value)} for key, value in data.items()}
        return self._call(
            lambda: self._wechat.wxa.send_subscribe_message(
                openid, template_id, data, page=page or None
            )
        )

    def send_customer_service_text(self, openid, text):
        """Answer a shopper who wrote to customer service (客服消息); WeChat
        accepts it within 48 hours of the shopper's last message."""
        url = self.api_base + "cgi-bin/message/custom/send"
        payload = {"touser": openid, "msgtype": "text", "text": {"content": text}}
        return self._call(lambda: self._wechat.post(url, data=payload))

    def decrypt_phone(self, session_key, encrypted_data, iv):
        """The phone number in the older button's ``encryptedData``, with the
        session key of the shopper's last sign-in."""
        try:
            crypto = WeChatWxaCrypto(session_key, iv, self.appid)
            info = crypto.decrypt_message(encrypted_data)
        except InvalidAppIdException as exc:
            raise InvalidCredential(
                PLATFORM, None, "the encrypted data is for another app"
            ) from exc
        except (ValueError, TypeError, KeyError) as exc:
            # Covers a stale session key: the shopper signed in again since.
            raise InvalidCredential(
                PLATFORM, None, "the encrypted data does not decrypt"
            ) from exc
        return _phone(info, InvalidCredential)

    def _call(self, send):
        """``send()``'s answer; platform failures as PlatformError."""
        try:
            try:
                result = send()
            except WeChatClientException as exc:
                if exc.errcode not in TOKEN_REJECTED:
                    raise
                # Expired early, or replaced by another process's fetch.
                self._wechat.fetch_access_token()
                result = send()
        except WeChatClientException as exc:
            raise _error(exc) from exc
        except requests.RequestException as exc:
            raise PlatformUnavailable(PLATFORM, None, f"unreachable: {exc}") from exc
        if not isinstance(result, dict):
            raise PlatformUnavailable(PLATFORM, None, "the answer is not JSON")
        return result


def _error(exc):
    if exc.errcode is None:
        status = getattr(exc.response, "status_code", None)
        return PlatformUnavailable(PLATFORM, None, f"HTTP status {status}")
    kind = InvalidCredential if exc.errcode in SHOPPER_REFUSED else PlatformUnavailable
    return kind(PLATFORM, exc.errcode, exc.errmsg)


def _watermark_appid(info):
    watermark = info.get("watermark")
    return watermark.get("appid") if isinstance(watermark, dict) else None


def _phone(info, error_kind):
    if not info.get("purePhoneNumber"):
        raise error_kind(PLATFORM, None, "no phone number in the answer")
    return {
        "phone": info.get("phoneNumber"),
        "pure_phone": info.get("purePhoneNumber"),
        "country_code": str(info.get("countryCode") or "") or None,
    }
