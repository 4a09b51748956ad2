# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A stand-in for Alipay's openapi gateway (openapi.alipay.com/gateway.do).

It checks each request's RSA2 signature with the app public key it was
given, and signs its answers with an Alipay key of its own, over the exact
JSON text of the response node, as Alipay does. Configure clients with
``standin.gateway`` and ``standin.alipay_public_key_pem``. More gateway
methods plug in through ``standin.methods``.

Payments (alipay.trade.*), refunds and the bill download are served from
``standin.trades``, ``standin.refunds`` and ``standin.bills``;
:meth:`AlipayStandin.notification` builds the asynchronous notifications.
In certificate mode (``app_cert_sn``, ``alipay_root_cert_sn``), requests
must carry those serial numbers and answers carry ``alipay_cert_sn``:
:func:`issue_test_certificates` makes the certificates.
"""

import base64
import datetime
import hashlib
import io
import json
import os
import re
import secrets
import time
import zipfile
from decimal import Decimal

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from .server import Reply, StandinServer

CONTENT_TYPE = "text/html;charset=utf-8"
INVALID_ARGUMENTS = "Invalid Arguments"
BUSINESS_FAILED = "Business Failed"
# Alipay amounts: yuan with at most 2 decimals.
AMOUNT = re.compile(r"(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?")
# sha*WithRSA signature algorithms: the certificates Alipay's SDKs count in
# the root certificate serial number (the SM2 root is left out).
RSA_SIGNATURE_OID_PREFIX = "1.2.840.113549.1.1."


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


def signing_string(params):
    """What Alipay signs in notifications and verifies in requests: every
    parameter but sign and sign_type, sorted, empty ones left out, as
    ``key=value`` joined by ``&``."""
    return "&".join(
        f"{name}={value}"
        for name, value in sorted(params.items())
        if name not in ("sign", "sign_type") and value not in ("", None)
    )


def _issuer_sn(cert):
    issuer = cert.issuer

    def attribute(oid):
        values = issuer.get_attributes_for_oid(oid)
        return values[0].value if values else None

    name = ",".join(
        f"{label}={attribute(oid)}"
        for label, oid in (
            ("CN", NameOID.COMMON_NAME),
            ("OU", NameOID.ORGANIZATIONAL_UNIT_NAME),
            ("O", NameOID.ORGANIZATION_NAME),
            ("C", NameOID.COUNTRY_NAME),
        )
    )
    return hashlib.md5((name + str(cert.serial_number)).encode()).hexdigest()


def cert_sn(cert_pem):
    """Alipay's serial number of a certificate: md5 of the issuer's
    ``CN=..,OU=..,O=..,C=..`` followed by the decimal serial."""
    return _issuer_sn(x509.load_pem_x509_certificate(cert_pem.encode()))


def root_cert_sn(chain_pem):
    """Alipay's serial number of the root certificate file: those of its RSA
    certificates, joined by ``_``."""
    certs = x509.load_pem_x509_certificates(chain_pem.encode())
    return "_".join(
        _issuer_sn(cert)
        for cert in certs
        if cert.signature_algorithm_oid.dotted_string.startswith(
            RSA_SIGNATURE_OID_PREFIX
        )
    )


def _name(common_name, organization="Ant Financial"):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(
                NameOID.ORGANIZATIONAL_UNIT_NAME, "Certification Authority"
            ),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(subject, issuer, public_key, signing_key, ca=False):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    cert = builder.sign(signing_key, hashes.SHA256())
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def issue_test_certificates(app_public_key_pem, alipay_public_key_pem):
    """A test root CA and the certificates it issues to the app's and to
    Alipay's keys: ``(root_chain_pem, app_cert_pem, alipay_cert_pem)``.

    Like Alipay's alipayRootCert.crt, the root file holds an RSA root and
    another one that is not RSA (Alipay's is SM2; here ECDSA), separated by a
    blank line.
    """
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("Ant Financial Certification Authority R1")
    root_pem = _certificate(
        root_name, root_name, root_key.public_key(), root_key, ca=True
    )
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ec_name = _name("Ant Financial Certification Authority E1")
    ec_root_pem = _certificate(ec_name, ec_name, ec_key.public_key(), ec_key, ca=True)
    app_pem = _certificate(
        _name("2021000000000001", organization="mall test app"),
        root_name,
        serialization.load_pem_public_key(app_public_key_pem.encode()),
        root_key,
    )
    alipay_pem = _certificate(
        _name("支付宝(中国)网络技术有限公司-2088000000000000", organization="Alipay"),
        root_name,
        serialization.load_pem_public_key(alipay_public_key_pem.encode()),
        root_key,
    )
    return root_pem + "\n" + ec_root_pem, app_pem, alipay_pem


BILL_HEADER = (
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,"
    "门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,"
    "支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,"
    "券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,"
    "退款批次号/请求号,服务费（元）,分润（元）,备注"
)


def make_trade_bill(bill_date, rows, account="20880000000000000156"):
    """A daily trade bill as Alipay serves it: a zip holding a GBK CSV of
    the trades (业务明细). ``rows`` are dicts with trade_no, out_trade_no,
    amount (string), and optionally type (交易/退款), subject, refund_no,
    fee."""
    day = datetime.date.fromisoformat(bill_date)
    lines = [
        "#支付宝业务明细查询",
        f"#账号：[{account}]",
        f"#起始日期：[{day:%Y年%m月%d日} 00:00:00]   "
        f"终止日期：[{day + datetime.timedelta(days=1):%Y年%m月%d日} 00:00:00]",
        "#-----------------------------------------业务明细列表"
        "----------------------------------------",
        BILL_HEADER,
    ]
    received = Decimal(0)
    for row in rows:
        amount = Decimal(row["amount"])
        received += amount
        lines.append(
            ",".join(
                [
                    row["trade_no"] + "\t",
                    row["out_trade_no"] + "\t",
                    row.get("type", "交易"),
                    row.get("subject", ""),
                    f"{bill_date} 10:00:00",
                    f"{bill_date} 10:00:05",
                    "",
                    "",
                    "",
                    "",
                    "buy***@example.com",
                    f"{amount:.2f}",
                    f"{amount:.2f}",
                    "0.00",
                    "0.00",
                    "0.00",
                    "0.00",
                    "0.00",
                    "",
                    "0.00",
                    "0.00",
                    row.get("refund_no", ""),
                    row.get("fee", "0.00"),
                    "0.00",
                    "",
                ]
            )
        )
    lines += [
        "#-----------------------------------------业务明细列表结束"
        "------------------------------------",
        f"#交易合计：{len(rows)}笔，商家实收共{received:.2f}元，商家优惠共0.00元",
        f"#导出时间：[{day + datetime.timedelta(days=1):%Y年%m月%d日} 09:00:00]",
    ]
    csv = "\r\n".join(lines) + "\r\n"
    name = f"{account}_{day:%Y%m%d}_业务明细.csv"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, csv.encode("gbk"))
    return buffer.getvalue()


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
        seller_id="2088102177846880",
        app_cert_sn=None,
        alipay_root_cert_sn=None,
        alipay_cert_sn=None,
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
        # Payments: the merchant's PID, and the certificate mode's serial
        # numbers (None: public key mode).
        self.seller_id = seller_id
        self.app_cert_sn = app_cert_sn
        self.alipay_root_cert_sn = alipay_root_cert_sn
        self.alipay_cert_sn = alipay_cert_sn
        self.trades = {}  # out_trade_no -> trade
        self.refunds = {}  # (out_trade_no, out_request_no) -> refund
        self.bills = {}  # "YYYY-MM-DD" -> bytes of the bill zip
        self._bill_tokens = {}
        # What alipay.trade.refund answers in fund_change: "N" makes the
        # outcome uncertain, to be queried.
        self.refund_fund_change = "Y"
        self.methods.update(
            {
                "alipay.trade.create": self._trade_create,
                "alipay.trade.query": self._trade_query,
                "alipay.trade.refund": self._trade_refund,
                "alipay.trade.fastpay.refund.query": self._refund_query,
                "alipay.data.dataservice.bill.downloadurl.query": self._bill_url,
            }
        )
        self.route("GET", "/downloadBill", self._download_bill)

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

    def pay(self, out_trade_no):
        """The shopper pays: the trade becomes TRADE_SUCCESS."""
        trade = self.trades[out_trade_no]
        trade["trade_status"] = "TRADE_SUCCESS"
        trade["gmt_payment"] = time.strftime("%Y-%m-%d %H:%M:%S")
        return trade

    def sign_params(self, params, private_key_pem=None):
        """``params`` with their RSA2 ``sign`` (and ``sign_type``), signed
        with Alipay's key, or with ``private_key_pem`` to forge them."""
        key = load_private_key(private_key_pem) if private_key_pem else self._alipay_key
        params = {name: value for name, value in params.items() if value is not None}
        params["sign"] = rsa2_sign(key, signing_string(params))
        params["sign_type"] = "RSA2"
        return params

    def notification(self, out_trade_no, private_key_pem=None, **overrides):
        """The form Alipay POSTs to the trade's notify_url (trade_status_sync),
        signed. ``overrides`` change or add parameters before signing (None
        removes one)."""
        trade = self.trades.get(out_trade_no) or {
            "trade_no": "2026" + secrets.token_hex(12),
            "total_amount": "0.01",
            "trade_status": "TRADE_SUCCESS",
            "subject": out_trade_no,
        }
        now = time.strftime("%Y-%m-%d %H:%M:%S")
        params = {
            "notify_time": now,
            "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16),
            "charset": "utf-8",
            "version": "1.0",
            "app_id": self.app_id,
            "auth_app_id": self.app_id,
            "trade_no": trade["trade_no"],
            "out_trade_no": out_trade_no,
            "buyer_id": trade.get("buyer_id"),
            "buyer_open_id": trade.get("buyer_open_id"),
            "buyer_logon_id": "159****5620",
            "seller_id": self.seller_id,
            "seller_email": "shop@example.com",
            "trade_status": trade["trade_status"],
            "total_amount": trade["total_amount"],
            "receipt_amount": trade["total_amount"],
            "invoice_amount": trade["total_amount"],
            "buyer_pay_amount": trade["total_amount"],
            "point_amount": "0.00",
            "subject": trade.get("subject"),
            "gmt_create": trade.get("gmt_create", now),
            "gmt_payment": trade.get("gmt_payment"),
            "fund_bill_list": json.dumps(
                [{"amount": trade["total_amount"], "fundChannel": "ALIPAYACCOUNT"}]
            ),
        }
        params.update(overrides)
        return self.sign_params(params, private_key_pem)

    def refund_notification(self, out_trade_no, out_biz_no, **overrides):
        """The notification of a refund: the trade's, with out_biz_no (the
        refund's out_request_no), refund_fee (the total refunded so far) and
        gmt_refund."""
        trade = self.trades[out_trade_no]
        refunded = trade["refunded"]
        values = {
            "out_biz_no": out_biz_no,
            "refund_fee": f"{refunded:.2f}",
            "gmt_refund": time.strftime("%Y-%m-%d %H:%M:%S.000"),
            "trade_status": trade["trade_status"],
        }
        values.update(overrides)
        return self.notification(out_trade_no, **values)

    def back_office_refund(self, out_trade_no, amount):
        """A refund made in the merchant back office: its out_request_no."""
        out_request_no = "HZ" + secrets.token_hex(8)
        self._record_refund(self.trades[out_trade_no], out_request_no, Decimal(amount))
        return out_request_no

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
        if self.app_cert_sn and params.get("app_cert_sn") != self.app_cert_sn:
            raise AlipayError(
                "40002",
                INVALID_ARGUMENTS,
                "isv.app-cert-sn-not-match",
                "应用公钥证书序列号不匹配",
            )
        if self.alipay_root_cert_sn and (
            params.get("alipay_root_cert_sn") != self.alipay_root_cert_sn
        ):
            raise AlipayError(
                "40002",
                INVALID_ARGUMENTS,
                "isv.alipay-root-cert-sn-not-match",
                "支付宝根证书序列号不匹配",
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
        cert_sn = (
            f'"alipay_cert_sn":"{self.alipay_cert_sn}",' if self.alipay_cert_sn else ""
        )
        body = f'{{"{node_name}":{node_text},{cert_sn}"sign":"{sign}"}}'
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

    # ------------------------------------------------------------------
    # Payments
    # ------------------------------------------------------------------
    @staticmethod
    def _biz(params):
        try:
            biz = json.loads(params.get("biz_content") or "{}")
        except ValueError:
            biz = None
        if not isinstance(biz, dict):
            raise AlipayError(
                "40002", INVALID_ARGUMENTS, "isv.invalid-biz-content", "业务参数无效"
            )
        return biz

    @staticmethod
    def _invalid(message):
        return AlipayError(
            "40004", BUSINESS_FAILED, "ACQ.INVALID_PARAMETER", "参数无效: " + message
        )

    def _amount(self, value, name):
        if not isinstance(value, str) or not AMOUNT.fullmatch(value):
            raise self._invalid(f"{name} {value!r}")
        amount = Decimal(value)
        if amount <= 0:
            raise self._invalid(f"{name} {value!r}")
        return amount

    def _trade(self, biz):
        out_trade_no = biz.get("out_trade_no")
        trade = self.trades.get(out_trade_no)
        if trade is None and biz.get("trade_no"):
            trade = next(
                (t for t in self.trades.values() if t["trade_no"] == biz["trade_no"]),
                None,
            )
        if trade is None:
            raise AlipayError(
                "40004", BUSINESS_FAILED, "ACQ.TRADE_NOT_EXIST", "交易不存在"
            )
        return trade

    def _trade_create(self, params):
        biz = self._biz(params)
        out_trade_no = biz.get("out_trade_no") or ""
        if not re.fullmatch(r"[0-9A-Za-z_]{1,64}", out_trade_no):
            raise self._invalid(f"out_trade_no {out_trade_no!r}")
        if not biz.get("subject"):
            raise self._invalid("subject")
        if bool(biz.get("buyer_id")) == bool(biz.get("buyer_open_id")):
            raise self._invalid("one of buyer_id or buyer_open_id")
        total = self._amount(biz.get("total_amount"), "total_amount")
        extend = biz.get("extend_params") or {}
        if "hb_fq_num" in extend or "hb_fq_seller_percent" in extend:
            if extend.get("hb_fq_num") not in ("3", "6", "12") or extend.get(
                "hb_fq_seller_percent"
            ) not in ("0", "100"):
                raise self._invalid("extend_params")
        trade = self.trades.get(out_trade_no)
        if trade and Decimal(trade["total_amount"]) != total:
            raise AlipayError(
                "40004", BUSINESS_FAILED, "ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改"
            )
        if not trade:
            trade = self.trades[out_trade_no] = {
                "out_trade_no": out_trade_no,
                "trade_no": time.strftime("%Y%m%d") + secrets.token_hex(10),
                "total_amount": biz["total_amount"],
                "subject": biz["subject"],
                "buyer_id": biz.get("buyer_id"),
                "buyer_open_id": biz.get("buyer_open_id"),
                "product_code": biz.get("product_code"),
                "extend_params": extend,
                "notify_url": params.get("notify_url"),
                "trade_status": "WAIT_BUYER_PAY",
                "gmt_create": time.strftime("%Y-%m-%d %H:%M:%S"),
                "gmt_payment": None,
                "refunded": Decimal(0),
            }
        return {
            "code": "10000",
            "msg": "Success",
            "out_trade_no": out_trade_no,
            "trade_no": trade["trade_no"],
        }

    def _trade_query(self, params):
        trade = self._trade(self._biz(params))
        node = {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "trade_status": trade["trade_status"],
            "total_amount": trade["total_amount"],
        }
        if trade["buyer_id"]:
            node["buyer_user_id"] = trade["buyer_id"]
        else:
            node["buyer_open_id"] = trade["buyer_open_id"]
        if trade["gmt_payment"]:
            node.update(
                send_pay_date=trade["gmt_payment"],
                receipt_amount=trade["total_amount"],
                buyer_pay_amount=trade["total_amount"],
                buyer_logon_id="159****5620",
            )
        return node

    def _record_refund(self, trade, out_request_no, amount):
        trade["refunded"] += amount
        if trade["refunded"] == Decimal(trade["total_amount"]):
            trade["trade_status"] = "TRADE_CLOSED"
        refund = self.refunds[trade["out_trade_no"], out_request_no] = {
            "out_trade_no": trade["out_trade_no"],
            "out_request_no": out_request_no,
            "refund_amount": f"{amount:.2f}",
        }
        return refund

    def _trade_refund(self, params):
        biz = self._biz(params)
        trade = self._trade(biz)
        amount = self._amount(biz.get("refund_amount"), "refund_amount")
        # Without a request number, a refund is the trade's only refund.
        out_request_no = biz.get("out_request_no") or trade["out_trade_no"]
        fund_change = self.refund_fund_change
        if (trade["out_trade_no"], out_request_no) in self.refunds:
            fund_change = "N"  # the same request again: refunded already
        elif trade["trade_status"] != "TRADE_SUCCESS":
            raise AlipayError(
                "40004", BUSINESS_FAILED, "ACQ.TRADE_STATUS_ERROR", "交易状态不合法"
            )
        elif trade["refunded"] + amount > Decimal(trade["total_amount"]):
            raise AlipayError(
                "40004",
                BUSINESS_FAILED,
                "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
                "退款金额超限",
            )
        else:
            self._record_refund(trade, out_request_no, amount)
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "buyer_logon_id": "159****5620",
            "fund_change": fund_change,
            "refund_fee": f"{trade['refunded']:.2f}",
            "send_back_fee": f"{amount:.2f}",
            "gmt_refund_pay": time.strftime("%Y-%m-%d %H:%M:%S"),
        }

    def _refund_query(self, params):
        biz = self._biz(params)
        trade = self._trade(biz)
        refund = self.refunds.get((trade["out_trade_no"], biz.get("out_request_no")))
        if refund is None:
            # Alipay answers an unknown refund with no data, not an error.
            return {"code": "10000", "msg": "Success"}
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "out_request_no": refund["out_request_no"],
            "total_amount": trade["total_amount"],
            "refund_amount": refund["refund_amount"],
            "refund_status": "REFUND_SUCCESS",
        }

    def _bill_url(self, params):
        biz = self._biz(params)
        if biz.get("bill_type") not in ("trade", "signcustomer"):
            raise self._invalid("bill_type")
        bill_date = biz.get("bill_date")
        if bill_date not in self.bills:
            raise AlipayError(
                "40004", BUSINESS_FAILED, "isp.bill_not_exist", "账单不存在"
            )
        token = secrets.token_hex(16)
        self._bill_tokens[token] = bill_date
        return {
            "code": "10000",
            "msg": "Success",
            "bill_download_url": (
                f"{self.url}downloadBill?bill_date={bill_date}&token={token}"
            ),
        }

    def _download_bill(self, request):
        bill_date = self._bill_tokens.get(request.query.get("token"))
        if bill_date is None or bill_date != request.query.get("bill_date"):
            return Reply("invalid token", 403, "text/plain")
        return Reply(self.bills[bill_date], 200, "application/oct-stream")
