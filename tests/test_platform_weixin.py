# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The WeChat client, wechatpy included, against the local stand-in."""

import base64
import json
import os

import pytest
import requests
from wechatpy import WeChatClient
from wechatpy.client.api import WeChatWxa

from odoo.addons.mall_miniprogram.platforms import (
    InvalidCredential,
    PlatformUnavailable,
)
from odoo.addons.mall_miniprogram.platforms.weixin import (
    MiniProgramClient,
    TokenStore,
)

from tests.standins import WeixinStandin, closed_url
from tests.standins.weixin import phone_info

PHONE = "13800138000"
TOKEN = "/cgi-bin/token"
PHONE_API = "/wxa/business/getuserphonenumber"


@pytest.fixture
def weixin():
    with WeixinStandin() as standin:
        yield standin


@pytest.fixture
def client(weixin):
    return MiniProgramClient(weixin.appid, weixin.secret, api_base=weixin.url)


def random_session_key():
    return base64.b64encode(os.urandom(16)).decode()


def test_code2session(weixin, client):
    session = weixin.add_login_code("code-1", "openid-1", unionid="union-1")
    assert client.code2session("code-1") == {
        "openid": "openid-1",
        "session_key": session["session_key"],
        "unionid": "union-1",
    }
    (call,) = weixin.requests_to("/sns/jscode2session")
    assert call.method == "GET"
    assert call.params["appid"] == weixin.appid
    assert call.params["secret"] == weixin.secret
    assert call.params["js_code"] == "code-1"
    assert call.params["grant_type"] == "authorization_code"


def test_code2session_without_unionid(weixin, client):
    weixin.add_login_code("code-1", "openid-1", session_key="a2V5LWtleS1rZXkta2V5")
    session = client.code2session("code-1")
    assert session == {
        "openid": "openid-1",
        "session_key": "a2V5LWtleS1rZXkta2V5",
        "unionid": None,
    }


def test_unknown_code_is_the_shoppers_error(client):
    with pytest.raises(InvalidCredential) as caught:
        client.code2session("never-issued")
    error = caught.value
    assert (error.platform, error.code, error.message) == (
        "weixin",
        "40029",
        "invalid code",
    )
    assert error.is_client_error


def test_code_works_once(weixin, client):
    weixin.add_login_code("code-1", "openid-1")
    assert client.code2session("code-1")["openid"] == "openid-1"
    with pytest.raises(InvalidCredential) as caught:
        client.code2session("code-1")
    assert caught.value.code == "40163"
    assert caught.value.message == "code been used"


@pytest.mark.parametrize(
    "appid, secret, code",
    [(None, "wrong-secret", "40125"), ("wx-not-this-app", None, "40013")],
)
def test_wrong_app_credentials_are_the_malls_error(weixin, appid, secret, code):
    weixin.add_login_code("code-1", "openid-1")
    client = MiniProgramClient(
        appid or weixin.appid, secret or weixin.secret, api_base=weixin.url
    )
    with pytest.raises(PlatformUnavailable) as caught:
        client.code2session("code-1")
    assert caught.value.code == code
    assert not caught.value.is_client_error


def test_phone_number(weixin, client):
    weixin.add_phone_code("phone-1", PHONE)
    assert client.phone_number("phone-1") == {
        "phone": PHONE,
        "pure_phone": PHONE,
        "country_code": "86",
    }
    (token_call,) = weixin.requests_to(TOKEN)
    (call,) = weixin.requests_to(PHONE_API)
    assert call.method == "POST"
    assert call.json() == {"code": "phone-1"}
    assert token_call.params["appid"] == weixin.appid
    issued = json.loads(token_call.reply.body)["access_token"]
    assert call.params["access_token"] == issued


def test_foreign_phone_number(weixin, client):
    weixin.add_phone_code("phone-1", "2025550123", country_code="1")
    assert client.phone_number("phone-1") == {
        "phone": "+1 2025550123",
        "pure_phone": "2025550123",
        "country_code": "1",
    }


def test_phone_number_watermarked_for_another_app_is_not_trusted(weixin, client):
    weixin.add_phone_code("phone-1", PHONE, watermark_appid="wx-other")
    with pytest.raises(PlatformUnavailable) as caught:
        client.phone_number("phone-1")
    assert "another app" in caught.value.message


def test_phone_code_works_once(weixin, client):
    weixin.add_phone_code("phone-1", PHONE)
    client.phone_number("phone-1")
    with pytest.raises(InvalidCredential) as caught:
        client.phone_number("phone-1")
    assert caught.value.code == "40029"


def test_access_token_is_shared_through_the_store(weixin):
    store = {}
    for n in range(3):
        weixin.add_phone_code(f"phone-{n}", PHONE)
        client = MiniProgramClient(
            weixin.appid, weixin.secret, api_base=weixin.url, access_token_store=store
        )
        assert client.phone_number(f"phone-{n}")["pure_phone"] == PHONE
    assert len(weixin.requests_to(TOKEN)) == 1
    assert len(weixin.requests_to(PHONE_API)) == 3


def test_expired_access_token_is_renewed_once(weixin, client):
    weixin.add_phone_code("phone-1", PHONE)
    weixin.add_phone_code("phone-2", "13900139000")
    client.phone_number("phone-1")
    weixin.expire_access_tokens()
    assert client.phone_number("phone-2")["pure_phone"] == "13900139000"
    assert len(weixin.requests_to(TOKEN)) == 2
    first, refused, retried = weixin.requests_to(PHONE_API)
    assert refused.params["access_token"] == first.params["access_token"]
    assert retried.params["access_token"] != refused.params["access_token"]
    assert refused.json() == retried.json() == {"code": "phone-2"}


def test_access_token_refused_again_gives_up(weixin, client):
    weixin.access_token_lifetime = 0
    weixin.add_phone_code("phone-1", PHONE)
    with pytest.raises(PlatformUnavailable) as caught:
        client.phone_number("phone-1")
    assert caught.value.code == "42001"
    assert len(weixin.requests_to(TOKEN)) == 2
    assert len(weixin.requests_to(PHONE_API)) == 2


def test_legacy_encrypted_phone_number(weixin, client):
    session_key = random_session_key()
    encrypted_data, iv = weixin.encrypt_user_data(session_key, phone_info(PHONE))
    assert client.decrypt_phone(session_key, encrypted_data, iv) == {
        "phone": PHONE,
        "pure_phone": PHONE,
        "country_code": "86",
    }


def test_legacy_data_of_another_app_is_refused(weixin, client):
    session_key = random_session_key()
    payload = dict(phone_info(PHONE), watermark={"appid": "wx-other", "timestamp": 1})
    encrypted_data, iv = weixin.encrypt_user_data(session_key, payload)
    with pytest.raises(InvalidCredential) as caught:
        client.decrypt_phone(session_key, encrypted_data, iv)
    assert "another app" in caught.value.message


@pytest.mark.parametrize("damage", ["session_key", "iv", "encrypted_data"])
def test_legacy_data_that_does_not_decrypt_is_refused(weixin, client, damage):
    given = {"session_key": random_session_key()}
    given["encrypted_data"], given["iv"] = weixin.encrypt_user_data(
        given["session_key"], phone_info(PHONE)
    )
    given[damage] = {
        "session_key": random_session_key(),
        "iv": "not base64!",
        "encrypted_data": given["encrypted_data"][:-8],
    }[damage]
    with pytest.raises(InvalidCredential):
        client.decrypt_phone(**given)


def test_unreachable_platform():
    client = MiniProgramClient("wx0123456789abcdef", "secret", api_base=closed_url())
    with pytest.raises(PlatformUnavailable) as caught:
        client.code2session("code-1")
    assert caught.value.code is None
    assert "unreachable" in caught.value.message
    assert not caught.value.is_client_error


def test_wrong_endpoint(weixin):
    client = MiniProgramClient(
        weixin.appid, weixin.secret, api_base=weixin.url + "not-wechat"
    )
    with pytest.raises(PlatformUnavailable) as caught:
        client.phone_number("phone-1")
    assert caught.value.message == "HTTP status 404"


def test_api_base_is_set_per_client(weixin, client):
    assert client._wechat.wxa.API_BASE_URL == weixin.url
    assert WeChatClient.API_BASE_URL == "https://api.weixin.qq.com/cgi-bin/"
    assert WeChatWxa.API_BASE_URL == "https://api.weixin.qq.com/"
    other = WeChatClient("wx-other", "secret")
    assert other.wxa.API_BASE_URL == "https://api.weixin.qq.com/"


def test_token_store_honours_the_lifetime():
    store = TokenStore()
    store.set("token", "fresh", ttl=7200)
    store.set("short", "stale", ttl=30)  # inside the renewal margin
    store.set("kept", "forever")
    assert store.get("token") == "fresh"
    assert store.get("short") is None
    assert store.get("kept") == "forever"
    store.delete("token")
    assert store.get("token", "gone") == "gone"


def test_a_crashing_stand_in_fails_the_test():
    standin = WeixinStandin()
    standin.route("GET", "/boom", lambda request: 1 / 0)
    with pytest.raises(AssertionError, match="ZeroDivisionError"):
        with standin:
            assert requests.get(standin.url + "boom", timeout=5).status_code == 500
            assert requests.get(standin.url + "nowhere", timeout=5).status_code == 404
            assert requests.post(standin.url + "boom", timeout=5).status_code == 405
