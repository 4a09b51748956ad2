# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.mall_catalog.tools import crypto, images

from ..http_api import MallApiError, api_route, checked_picture, current_shopper
from ..platforms import PlatformError
from ..schemas.account import (
    AlipayLogin,
    LogoutRequest,
    LogoutResult,
    PhoneRequest,
    PhoneResult,
    ProfileQuery,
    ProfileUpdate,
    RefreshRequest,
    Session,
    Shopper,
    WeixinLogin,
)

LOGIN_ERRORS = (
    "LOGIN_CODE_INVALID",
    "ACCOUNT_FROZEN",
    "PLATFORM_UNAVAILABLE",
    "PLATFORM_NOT_CONFIGURED",
)


@contextmanager
def platform_call():
    """Platform failures as API errors: the shopper's code was refused, or
    the platform could not be reached or refused the mall itself."""
    try:
        yield
    except PlatformError as exc:
        code = "LOGIN_CODE_INVALID" if exc.is_client_error else "PLATFORM_UNAVAILABLE"
        raise MallApiError(code) from exc


def shopper_payload(shopper, size=128):
    checksum = shopper._mall_checksums(images.size_field("image", size))
    base = request.env["product.template"]._mall_image_base()
    return {
        "id": shopper.id,
        "name": shopper.name,
        "avatar": images.image_url(
            base, "avatar", shopper.id, size, checksum.get(shopper.id)
        ),
        "phone": crypto.mask_phone(shopper.phone) if shopper.phone else None,
        "gender": shopper.mall_gender or None,
        "birthday": shopper.mall_birthday or None,
        "platforms": sorted(set(shopper.mall_identity_ids.mapped("platform"))),
    }


def session_payload(pair, is_new=False):
    return {
        "token": pair["token"],
        "expires_at": pair["expires_at"],
        "refresh_token": pair["refresh_token"],
        "refresh_expires_at": pair["refresh_expires_at"],
        "is_new": is_new,
        "shopper": shopper_payload(pair["record"].partner_id),
    }


def start_session(identity, is_new, device_id):
    shopper = identity.partner_id
    if shopper.mall_frozen or not shopper.active:
        raise MallApiError("ACCOUNT_FROZEN")
    pair = request.env["mall.shopper.token"]._issue_pair(
        shopper, identity.platform, device_id=device_id
    )
    return session_payload(pair, is_new)


def after_sign_in(identity, is_new, body):
    """The share opened and the channel code scanned before signing in."""
    if body.share_token or body.scene:
        request.env["mall.shopper.identity"].sudo()._mall_after_sign_in(
            identity,
            is_new,
            share_token=body.share_token,
            scene=body.scene,
            device_id=body.device_id,
            ip=request.httprequest.remote_addr,
        )


class MallAccountController(http.Controller):
    @api_route(
        "/auth/weixin",
        method="POST",
        summary="Sign in with WeChat",
        description="Exchanges the code of `wx.login()` through code2session; "
        "the first sign-in creates the shopper.",
        tags=["account"],
        body=WeixinLogin,
        response=Session,
        errors=LOGIN_ERRORS,
        rate_limit="login",
    )
    def login_weixin(self, body):
        Identity = request.env["mall.shopper.identity"].sudo()
        client = Identity._weixin_client()
        with platform_call():
            session = client.code2session(body.code)
        identity, is_new = Identity._sign_in(
            "weixin",
            client.appid,
            session["openid"],
            unionid=session.get("unionid"),
            session_key=session.get("session_key"),
        )
        after_sign_in(identity, is_new, body)
        return start_session(identity, is_new, body.device_id)

    @api_route(
        "/auth/alipay",
        method="POST",
        summary="Sign in with Alipay",
        description="Exchanges the code of `my.getAuthCode()` for the Alipay "
        "user id (alipay.system.oauth.token, signature verified).",
        tags=["account"],
        body=AlipayLogin,
        response=Session,
        errors=LOGIN_ERRORS,
        rate_limit="login",
    )
    def login_alipay(self, body):
        Identity = request.env["mall.shopper.identity"].sudo()
        client = Identity._alipay_client()
        with platform_call():
            grant = client.oauth_token(body.auth_code)
        identity, is_new = Identity._sign_in(
            "alipay", client.app_id, grant["user_id"] or grant["open_id"]
        )
        after_sign_in(identity, is_new, body)
        return start_session(identity, is_new, body.device_id)

    @api_route(
        "/auth/refresh",
        method="POST",
        summary="Renew a session",
        description="A refresh token works once; presented again, every session "
        "of its shopper is closed (it was copied).",
        tags=["account"],
        body=RefreshRequest,
        response=Session,
        errors=("REFRESH_TOKEN_INVALID",),
        rate_limit="login",
    )
    def refresh(self, body):
        pair = request.env["mall.shopper.token"]._refresh(body.refresh_token)
        if not pair:
            raise MallApiError("REFRESH_TOKEN_INVALID")
        return session_payload(pair)

    @api_route(
        "/me",
        summary="The signed-in shopper",
        tags=["account"],
        auth="shopper",
        query=ProfileQuery,
        response=Shopper,
    )
    def me(self, query):
        return shopper_payload(current_shopper(), query.image_size)

    @api_route(
        "/me",
        method="PATCH",
        summary="Change the nickname, avatar, gender or birthday",
        tags=["account"],
        auth="shopper",
        body=ProfileUpdate,
        response=Shopper,
    )
    def update_me(self, body):
        shopper = current_shopper()
        values = {}
        sent = body.model_fields_set
        if "name" in sent and body.name:
            values["name"] = body.name.strip()
        if "avatar" in sent:
            values["image_1920"] = body.avatar and checked_picture(
                body.avatar, "body.avatar"
            )
        if "gender" in sent:
            values["mall_gender"] = body.gender or False
        if "birthday" in sent:
            values["mall_birthday"] = body.birthday or False
        shopper.write(values)
        return shopper_payload(shopper)

    @api_route(
        "/me/phone",
        method="POST",
        summary="Bind the phone number the platform vouches for",
        description="WeChat: the `code` of the phone-number button, or its "
        "older `encrypted_data` and `iv`. Alipay: the encrypted `response` of "
        "`my.getPhoneNumber`. The platform has verified the number, so this is "
        "also how a shopper changes it. If the number belongs to the shopper's "
        "account on the other platform, the accounts are joined and the answer "
        "carries the session to continue with.",
        tags=["account"],
        auth="shopper",
        body=PhoneRequest,
        response=PhoneResult,
        errors=(
            "PHONE_INVALID",
            "PHONE_IN_USE",
            "PLATFORM_UNAVAILABLE",
            "PLATFORM_NOT_CONFIGURED",
        ),
        # Each try asks WeChat or Alipay: limited as a sign-in is.
        rate_limit="login",
    )
    def bind_phone(self, body):
        shopper = current_shopper()
        token = (
            request.env["mall.shopper.token"]
            .sudo()
            .browse(request.env.context["mall_shopper_token_id"])
        )
        phone = self._verified_phone(shopper, token.platform, body)
        try:
            keep = shopper._mall_bind_phone(phone)
        except UserError as exc:
            raise MallApiError("PHONE_IN_USE") from exc
        if keep == shopper:
            return {"shopper": shopper_payload(shopper), "session": None}
        # Joined into the other account: this session moves over to it.
        token._revoke()
        pair = request.env["mall.shopper.token"]._issue_pair(
            keep, token.platform, device_id=token.device_id
        )
        return {"shopper": shopper_payload(keep), "session": session_payload(pair)}

    @staticmethod
    def _verified_phone(shopper, platform, body):
        Identity = request.env["mall.shopper.identity"].sudo()
        try:
            if body.alipay_response:
                return Identity._alipay_client().decrypt_phone(body.alipay_response)
            client = Identity._weixin_client()
            if body.code:
                return client.phone_number(body.code)["pure_phone"]
            identity = shopper.mall_identity_ids.filtered(
                lambda i: i.platform == "weixin" and i.appid == client.appid
            )[:1]
            session_key = identity.sudo().session_key
            if not session_key:
                raise MallApiError("PHONE_INVALID")
            return client.decrypt_phone(session_key, body.encrypted_data, body.iv)[
                "pure_phone"
            ]
        except PlatformError as exc:
            if exc.is_client_error:
                raise MallApiError("PHONE_INVALID") from exc
            raise MallApiError("PLATFORM_UNAVAILABLE") from exc

    @api_route(
        "/auth/logout",
        method="POST",
        summary="Sign out: revoke this token, or all of the shopper's",
        tags=["account"],
        auth="shopper",
        body=LogoutRequest,
        response=LogoutResult,
    )
    def logout(self, body):
        Token = request.env["mall.shopper.token"]
        if body.all_devices:
            tokens = Token._live_tokens_of(current_shopper())
        else:
            tokens = Token.browse(request.env.context["mall_shopper_token_id"])
        tokens._revoke()
        return {"revoked": len(tokens)}
