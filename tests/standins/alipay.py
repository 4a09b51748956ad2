# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A stand-in for Alipay's openapi gateway (openapi.alipay.com/gateway.do).

It checks each request's RSA2 signature with the app public key it was
given, and signs its answers with an Alipay key of its own, over the exact
JSON text of the response node, as Alipay does. Configure clients with
``standin.gateway`` and ``standin.alipay_public_key_pem``. More gateway
methods plug in through ``standin.methods``.
"""

import base64
import json
import os
import secrets
import time

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .server import Reply, StandinServer

CONTENT_TYPE = "text/html;charset=utf-8"
INVALID_ARGUMENTS = "Invalid Arguments"


def generate_rsa_keypair(bits=2048):
    """``(private_pem, public_pem)`` of a new RSA key, as PKCS#1 and
    SubjectPublicKeyInfo PEM text."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    return private_pem.decode(), public_pem.decode()


def load_private_key(pem):
    # Skipping the key check saves 60 ms a load; these keys are ours.
    return serialization.load_pem_private_key(
        pem.encode(), password=None, unsafe_skip_rsa_key_validation=True
    )


def rsa2_sign(private_key, text):
    """Base64 SHA256withRSA signature of ``text``, as Alipay computes it."""
    signature = private_key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def rsa2_verify(public_key, text, signature):
    try:
        public_key.verify(
            base64.b64decode(signature),
            text.encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except (InvalidSignature, ValueError):
        return False
    return True


class AlipayError(Exception):
    """Raised by a method handler: answered as Alipay's ``error_response``."""

    def __init__(self, code, msg, sub_code, sub_msg):
        super().__init__(sub_code)
        self.node = {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg}


class AlipayStandin(StandinServer):
    def __init__(
        self,
        app_id,
        app_public_key_pem,
        alipay_private_key_pem=None,
        aes_key=None,
    ):
        super().__init__()
        self.app_id = app_id
        self.app_public_key_pem = app_public_key_pem
        self._app_public_key = serialization.load_pem_public_key(
            app_public_key_pem.encode()
        )
        if alipay_private_key_pem is None:
            alipay_private_key_pem, _public = generate_rsa_keypair()
        self.alipay_private_key_pem = alipay_private_key_pem
        self._alipay_key = load_private_key(alipay_private_key_pem)
        self.alipay_public_key_pem = (
            self._alipay_key.public_key()
            .public_bytes(
                serialization.Encoding.PEM,
                serialization.PublicFormat.SubjectPublicKeyInfo,
            )
            .decode()
        )
        # The app's content encryption key (phone numbers), as Alipay shows it.
        self.aes_key = aes_key or base64.b64encode(os.urandom(16)).decode()
        # Called with a copy of each response node once it is signed, to
        # test that clients reject an altered answer: it changes the node
        # in place or returns a new one.
        self.tamper_after_signing = None
        self._auth_codes = {}
        self.methods = {"alipay.system.oauth.token": self._oauth_token}
        # Subscription messages received: their biz_content, parsed.
        self.template_messages = []
        self.methods["alipay.open.app.mini.templatemessage.send"] = (
            self._template_message_send
        )
        self.route("GET", "/gateway.do", self._gateway)
        self.route("POST", "/gateway.do", self._gateway)

    @property
    def gateway(self):
        return self.url + "gateway.do"

    # ------------------------------------------------------------------
    # Test helpers
    # ------------------------------------------------------------------
    def add_auth_code(self, code, user_id, open_id=None):
        """Make ``code`` a ``my.getAuthCode()`` code of the user; the grant
        names ``user_id`` and/or ``open_id`` (either may be None)."""
        self._auth_codes[code] = {"user_id": user_id, "open_id": open_id}

    def encrypt_phone_response(self, mobile):
        """The ``response`` text ``my.getPhoneNumber`` gives the mini-program:
        the answer AES-encrypted with the app's key, the ciphertext signed."""
        answer = json.dumps({"code": "10000", "msg": "Success", "mobile": mobile})
        cipher = AES.new(base64.b64decode(self.aes_key), AES.MODE_CBC, iv=bytes(16))
        encrypted = cipher.encrypt(pad(answer.encode(), AES.block_size))
        ciphertext = base64.b64encode(encrypted).decode()
        return json.dumps(
            {
                "response": ciphertext,
                # The ciphertext is signed as the JSON string it is, quotes too.
                "sign": rsa2_sign(self._alipay_key, f'"{ciphertext}"'),
                "sign_type": "RSA2",
                "encrypt_type": "AES",
                "charset": "UTF-8",
            }
        )

    # ------------------------------------------------------------------
    # The gateway
    # ------------------------------------------------------------------
    def _gateway(self, request):
        params = request.params
        method = params.get("method", "")
        try:
            self._check_request(params)
            handler = self.methods.get(method)
            if handler is None:
                raise AlipayError(
                    "40002", INVALID_ARGUMENTS, "isv.invalid-method", "不存在的方法名"
                )
            node = handler(params)
        except AlipayError as exc:
            return self._signed_reply("error_response", exc.node)
        return self._signed_reply(method.replace(".", "_") + "_response", node)

    def _check_request(self, params):
        if not params.get("sign"):
            raise AlipayError(
                "40001",
                "Missing Required Arguments",
                "isv.missing-signature",
                "缺少签名参数",
            )
        if params.get("app_id") != self.app_id:
            raise AlipayError(
                "40002", INVALID_ARGUMENTS, "isv.invalid-app-id", "无效的AppID参数"
            )
        if params.get("sign_type") != "RSA2":
            raise AlipayError(
                "40002",
                INVALID_ARGUMENTS,
                "isv.invalid-signature-type",
                "无效的签名类型",
            )
        # Every parameter but the signature, sorted, empty ones left out.
        signed = "&".join(
            f"{name}={value}"
            for name, value in sorted(params.items())
            if name != "sign" and value != ""
        )
        if not rsa2_verify(self._app_public_key, signed, params["sign"]):
            raise AlipayError(
                "40002",
                INVALID_ARGUMENTS,
                "isv.invalid-signature",
                "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，"
                "网关生成的验签字符串为：" + signed,
            )

    def _signed_reply(self, node_name, node):
        node_text = json.dumps(node, ensure_ascii=False, separators=(",", ":"))
        sign = rsa2_sign(self._alipay_key, node_text)
        if self.tamper_after_signing:
            altered = dict(node)
            returned = self.tamper_after_signing(altered)
            node_text = json.dumps(
                altered if returned is None else returned,
                ensure_ascii=False,
                separators=(",", ":"),
            )
        body = f'{{"{node_name}":{node_text},"sign":"{sign}"}}'
        return Reply(body, 200, CONTENT_TYPE)

    # ------------------------------------------------------------------
    # Methods
    # ------------------------------------------------------------------
    def _template_message_send(self, params):
        try:
            biz = json.loads(params.get("biz_content") or "{}")
            data = json.loads(biz.get("data") or "null")
        except (ValueError, AttributeError):
            biz, data = {}, None
        if not (biz.get("to_user_id") or biz.get("to_open_id")):
            raise AlipayError(
                "40004", "Business Failed", "isv.invalid-user-id", "用户ID无效"
            )
        if not biz.get("user_template_id") or not isinstance(data, dict):
            raise AlipayError(
                "40004", "Business Failed", "isv.invalid-template", "模板参数无效"
            )
        self.template_messages.append(biz)
        return {"code": "10000", "msg": "Success"}

    def _oauth_token(self, params):
        if params.get("grant_type") != "authorization_code":
            raise AlipayError(
                "40002", INVALID_ARGUMENTS, "isv.grant-type-invalid", "grant_type无效"
            )
        # Unknown and used codes alike: an auth code works once.
        user = self._auth_codes.pop(params.get("code"), None)
        if user is None:
            raise AlipayError(
                "40002", INVALID_ARGUMENTS, "isv.code-invalid", "授权码code无效"
            )
        node = {name: value for name, value in user.items() if value}
        node.update(
            access_token="authusrB" + secrets.token_hex(16),
            expires_in=1296000,
            refresh_token="authusrB" + secrets.token_hex(16),
            re_expires_in=2592000,
            auth_start=time.strftime("%Y-%m-%d %H:%M:%S"),
        )
        return node
