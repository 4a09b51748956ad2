# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Alipay client, python-alipay-sdk included, against the local stand-in."""

import json
from types import SimpleNamespace

import pytest

from odoo.addons.mall_miniprogram.platforms import (
    InvalidCredential,
    PlatformUnavailable,
)
from odoo.addons.mall_miniprogram.platforms.alipay import AlipayClient

from tests.standins import AlipayStandin, closed_url, generate_rsa_keypair

APP_ID = "2021000000000001"
USER_ID = "2088102150477652"
OPEN_ID = "074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5"


@pytest.fixture(scope="module")
def keys():
    # (private PEM, public PEM) each; RSA key generation is the slow part.
    return SimpleNamespace(
        app=generate_rsa_keypair(),
        alipay=generate_rsa_keypair(),
        other=generate_rsa_keypair(),
    )


@pytest.fixture
def alipay(keys):
    app_public = keys.app[1]
    with AlipayStandin(APP_ID, app_public, alipay_private_key_pem=keys.alipay[0]) as s:
        yield s


def client_of(alipay, keys, **overrides):
    config = {
        "app_id": APP_ID,
        "app_private_key_pem": keys.app[0],
        "alipay_public_key_pem": alipay.alipay_public_key_pem,
        "gateway": alipay.gateway,
        "aes_key": alipay.aes_key,
    }
    config.update(overrides)
    return AlipayClient(**config)


@pytest.fixture
def client(alipay, keys):
    return client_of(alipay, keys)


def test_oauth_token(alipay, client):
    alipay.add_auth_code("auth-1", USER_ID, open_id=OPEN_ID)
    grant = client.oauth_token("auth-1")
    assert (grant["user_id"], grant["open_id"]) == (USER_ID, OPEN_ID)
    assert grant["access_token"].startswith("authusrB")
    assert grant["refresh_token"].startswith("authusrB")
    assert grant["access_token"] != grant["refresh_token"]
    assert (grant["expires_in"], grant["re_expires_in"]) == (1296000, 2592000)
    assert len(grant["auth_start"]) == len("2026-01-01 12:00:00")
    # The SDK's request, as the gateway received it.
    (call,) = alipay.requests_to("/gateway.do")
    assert call.method == "GET"
    params = call.params
    assert params["method"] == "alipay.system.oauth.token"
    assert (params["grant_type"], params["code"]) == ("authorization_code", "auth-1")
    assert (params["app_id"], params["sign_type"]) == (APP_ID, "RSA2")
    assert (params["charset"], params["version"]) == ("utf-8", "1.0")
    assert params["sign"]


@pytest.mark.parametrize(
    "user_id, open_id", [(USER_ID, None), (None, OPEN_ID)], ids=["user", "open"]
)
def test_grant_names_one_id_or_the_other(alipay, client, user_id, open_id):
    alipay.add_auth_code("auth-1", user_id, open_id=open_id)
    grant = client.oauth_token("auth-1")
    assert (grant["user_id"], grant["open_id"]) == (user_id, open_id)


def test_unknown_code_is_the_shoppers_error(client):
    with pytest.raises(InvalidCredential) as caught:
        client.oauth_token("never-issued")
    error = caught.value
    assert (error.platform, error.code) == ("alipay", "isv.code-invalid")
    assert error.message == "授权码code无效"
    assert error.is_client_error


def test_code_works_once(alipay, client):
    alipay.add_auth_code("auth-1", USER_ID)
    assert client.oauth_token("auth-1")["user_id"] == USER_ID
    with pytest.raises(InvalidCredential) as caught:
        client.oauth_token("auth-1")
    assert caught.value.code == "isv.code-invalid"


def test_request_signed_with_a_key_alipay_does_not_know(alipay, keys):
    alipay.add_auth_code("auth-1", USER_ID)
    client = client_of(alipay, keys, app_private_key_pem=keys.other[0])
    with pytest.raises(PlatformUnavailable) as caught:
        client.oauth_token("auth-1")
    assert caught.value.code == "isv.invalid-signature"
    assert not caught.value.is_client_error
    # The gateway refused before looking at the code: it still works.
    assert client_of(alipay, keys).oauth_token("auth-1")["user_id"] == USER_ID


def test_wrong_app_id(alipay, keys):
    client = client_of(alipay, keys, app_id="2021000000000999")
    with pytest.raises(PlatformUnavailable) as caught:
        client.oauth_token("auth-1")
    assert caught.value.code == "isv.invalid-app-id"


def test_answer_signed_with_another_key_is_not_trusted(alipay, keys):
    alipay.add_auth_code("auth-1", USER_ID)
    client = client_of(alipay, keys, alipay_public_key_pem=keys.other[1])
    with pytest.raises(PlatformUnavailable) as caught:
        client.oauth_token("auth-1")
    assert "signature does not verify" in caught.value.message


@pytest.mark.parametrize("in_place", [False, True])
def test_altered_answer_is_not_trusted(alipay, client, in_place):
    alipay.add_auth_code("auth-1", USER_ID)
    if in_place:
        alipay.tamper_after_signing = lambda node: node.update(user_id="2088666")
    else:
        alipay.tamper_after_signing = lambda node: dict(node, user_id="2088666")
    with pytest.raises(PlatformUnavailable) as caught:
        client.oauth_token("auth-1")
    assert "signature does not verify" in caught.value.message
    # The altered answer reached the client, well formed.
    (call,) = alipay.requests_to("/gateway.do")
    answer = json.loads(call.reply.body)["alipay_system_oauth_token_response"]
    assert answer["user_id"] == "2088666"


def test_keys_as_bare_base64(alipay, keys):
    def bare(pem):
        return "".join(line for line in pem.splitlines() if "-----" not in line)

    alipay.add_auth_code("auth-1", USER_ID)
    client = client_of(
        alipay,
        keys,
        app_private_key_pem=bare(keys.app[0]),
        alipay_public_key_pem=bare(alipay.alipay_public_key_pem),
    )
    assert client.oauth_token("auth-1")["user_id"] == USER_ID


def test_bad_key_fails_the_call_not_the_constructor(alipay, keys):
    client = client_of(alipay, keys, app_private_key_pem="not a key")
    with pytest.raises(PlatformUnavailable) as caught:
        client.oauth_token("auth-1")
    assert "key" in caught.value.message
    assert not alipay.requests


def test_unreachable_platform(keys):
    client = AlipayClient(
        APP_ID, keys.app[0], keys.alipay[1], gateway=closed_url() + "gateway.do"
    )
    with pytest.raises(PlatformUnavailable) as caught:
        client.oauth_token("auth-1")
    assert caught.value.code is None
    assert "unreachable" in caught.value.message


def test_phone_number(alipay, client):
    assert client.decrypt_phone(alipay.encrypt_phone_response("13800138000")) == (
        "13800138000"
    )


def test_altered_phone_answer_is_refused(alipay, client):
    envelope = json.loads(alipay.encrypt_phone_response("13800138000"))
    other = json.loads(alipay.encrypt_phone_response("13900139000"))
    envelope["response"] = other["response"]
    with pytest.raises(InvalidCredential):
        client.decrypt_phone(json.dumps(envelope))


@pytest.mark.parametrize("response", ["", "{}", "[1]", '{"response": 1, "sign": 2}'])
def test_malformed_phone_answer_is_refused(client, response):
    with pytest.raises(InvalidCredential):
        client.decrypt_phone(response)


@pytest.mark.parametrize("aes_key", [None, "MDEyMzQ1Njc4OWFiY2RlZg=="])
def test_phone_answer_needs_the_apps_aes_key(alipay, keys, aes_key):
    client = client_of(alipay, keys, aes_key=aes_key)
    with pytest.raises(PlatformUnavailable):
        client.decrypt_phone(alipay.encrypt_phone_response("13800138000"))


def test_signed_business_failure_is_an_error(alipay, client):
    # Newer gateway methods answer failures inside their own signed node.
    alipay.methods["alipay.system.oauth.token"] = lambda params: {
        "code": "40004",
        "msg": "Business Failed",
        "sub_code": "isv.system-busy",
        "sub_msg": "系统繁忙",
    }
    with pytest.raises(PlatformUnavailable) as caught:
        client.oauth_token("auth-1")
    assert (caught.value.code, caught.value.message) == ("isv.system-busy", "系统繁忙")


def test_wrong_gateway(alipay, keys):
    client = client_of(alipay, keys, gateway=alipay.url + "gateway.htm")
    with pytest.raises(PlatformUnavailable) as caught:
        client.oauth_token("auth-1")
    assert "HTTP Error 404" in caught.value.message
