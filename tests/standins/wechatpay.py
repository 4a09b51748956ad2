# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A stand-in for WeChat Pay API v3 (api.mch.weixin.qq.com), in the
"WeChat Pay public key" (微信支付公钥) mode.

It owns a platform key pair (``public_key_pem``, ``public_key_id``), checks the
merchant's request signatures with the merchant public key it is given, signs
its answers, and builds notifications as WeChat Pay sends them
(:meth:`WechatpayStandin.notification`). Point the provider's API base at
``standin.url``.
"""

import base64
import gzip
import hashlib
import json
import secrets
import time
import uuid
from urllib.parse import urlencode

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .server import Reply, StandinServer

CONTENT_TYPE = "application/json; charset=utf-8"
SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
MAX_SKEW = 300


def rsa_keypair_pem():
    """A fresh RSA 2048 key pair: (private PKCS#8 PEM, public PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode()
    )
    return private, public


def rsa_sign(private_pem, message):
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    signature = key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def rsa_verify(public_pem, message, signature):
    key = serialization.load_pem_public_key(public_pem.encode())
    try:
        key.verify(
            base64.b64decode(signature),
            message.encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except Exception:
        return False
    return True


def pay_sign_message(appid, timestamp, nonce, package):
    """The string ``wx.requestPayment``'s paySign signs."""
    return f"{appid}\n{timestamp}\n{nonce}\n{package}\n"


class WechatpayStandin(StandinServer):
    def __init__(
        self,
        merchant_public_key,
        apiv3_key,
        mchid="1900000109",
        appid="wx0123456789abcdef",
        merchant_serial_no="5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
    ):
        super().__init__()
        self.merchant_public_key = merchant_public_key
        self.apiv3_key = apiv3_key
        self.mchid = mchid
        self.appid = appid
        self.merchant_serial_no = merchant_serial_no
        self.private_key_pem, self.public_key_pem = rsa_keypair_pem()
        self.public_key_id = "PUB_KEY_ID_" + secrets.token_hex(12).upper()
        self.orders = {}  # out_trade_no -> order
        self.refunds = {}  # out_refund_no -> refund
        self.signature_failures = []
        # Trade bills (type ALL) served by /v3/bill/tradebill: "YYYY-MM-DD" -> text.
        self.bills = {}
        self._bill_tokens = {}
        self.route("POST", "/v3/pay/transactions/jsapi", self._jsapi)
        self.route("POST", "/v3/refund/domestic/refunds", self._refund)
        self.route("GET", "/v3/bill/tradebill", self._tradebill)
        self.route("GET", "/v3/billdownload/file", self._billdownload)

    # ------------------------------------------------------------------
    # Test helpers
    # ------------------------------------------------------------------
    def pay(self, out_trade_no):
        """The shopper pays: the order becomes SUCCESS."""
        order = self.orders[out_trade_no]
        order["trade_state"] = "SUCCESS"
        order["transaction_id"] = "4200" + secrets.token_hex(10)
        return order

    def sign_headers(self, body, timestamp=None, nonce=None):
        timestamp = str(int(time.time()) if timestamp is None else timestamp)
        nonce = nonce or secrets.token_hex(16)
        return {
            "Wechatpay-Timestamp": timestamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": rsa_sign(
                self.private_key_pem, f"{timestamp}\n{nonce}\n{body}\n"
            ),
            "Wechatpay-Serial": self.public_key_id,
            "Wechatpay-Signature-Type": SIGNATURE_TYPE,
        }

    def encrypt(self, data, associated_data):
        nonce = secrets.token_hex(6)  # 12 characters, used as bytes
        plaintext = json.dumps(data, ensure_ascii=False).encode()
        ciphertext = AESGCM(self.apiv3_key.encode()).encrypt(
            nonce.encode(), plaintext, associated_data.encode()
        )
        return {
            "original_type": associated_data,
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(ciphertext).decode(),
            "associated_data": associated_data,
            "nonce": nonce,
        }

    def notification(
        self,
        out_trade_no,
        amount_fen,
        trade_state="SUCCESS",
        event_type="TRANSACTION.SUCCESS",
        tamper=False,
        timestamp=None,
        currency="CNY",
        out_refund_no=None,
        refund_fen=None,
        refund_status="SUCCESS",
    ):
        """The headers and body (bytes) WeChat Pay POSTs to notify_url.

        A REFUND.* ``event_type`` makes a refund notification of
        ``refund_fen`` out of ``amount_fen``. ``tamper`` changes the body
        after signing it.
        """
        order = self.orders.get(out_trade_no, {})
        transaction_id = order.get("transaction_id") or "4200" + secrets.token_hex(10)
        if event_type.startswith("REFUND."):
            refund = self.refunds.get(out_refund_no, {})
            resource = {
                "mchid": self.mchid,
                "out_trade_no": out_trade_no,
                "transaction_id": transaction_id,
                "out_refund_no": out_refund_no,
                "refund_id": refund.get("refund_id") or "5030" + secrets.token_hex(10),
                "refund_status": refund_status,
                "success_time": "2026-01-01T10:00:00+08:00",
                "user_received_account": "支付用户零钱",
                "amount": {
                    "total": amount_fen,
                    "refund": refund_fen,
                    "payer_total": amount_fen,
                    "payer_refund": refund_fen,
                },
            }
            original_type, summary = "refund", "退款成功"
        else:
            resource = {
                "mchid": self.mchid,
                "appid": self.appid,
                "out_trade_no": out_trade_no,
                "transaction_id": transaction_id,
                "trade_type": "JSAPI",
                "trade_state": trade_state,
                "trade_state_desc": "支付成功",
                "bank_type": "OTHERS",
                "attach": "",
                "success_time": "2026-01-01T10:00:00+08:00",
                "payer": {
                    "openid": order.get("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
                },
                "amount": {
                    "total": amount_fen,
                    "payer_total": amount_fen,
                    "currency": currency,
                    "payer_currency": currency,
                },
            }
            original_type, summary = "transaction", "支付成功"
        body = json.dumps(
            {
                "id": str(uuid.uuid4()),
                "create_time": "2026-01-01T10:00:01+08:00",
                "resource_type": "encrypt-resource",
                "event_type": event_type,
                "summary": summary,
                "resource": self.encrypt(resource, original_type),
            },
            ensure_ascii=False,
        )
        headers = self.sign_headers(body, timestamp=timestamp)
        if tamper:
            body = body.replace(summary, summary + "!")
        headers["Content-Type"] = CONTENT_TYPE
        return headers, body.encode()

    # ------------------------------------------------------------------
    # The API
    # ------------------------------------------------------------------
    def route(self, method, path, handler):
        super().route(method, path, self._signed(handler))

    def _signed(self, handler):
        def serve(request):
            failure = self._check_signature(request)
            if failure:
                self.signature_failures.append(failure)
                return self._answer({"code": "SIGN_ERROR", "message": failure}, 401)
            return handler(request)

        return serve

    def _check_signature(self, request):
        auth = request.headers.get("authorization", "")
        scheme, _sep, params = auth.partition(" ")
        if scheme != SIGNATURE_TYPE:
            return "no WECHATPAY2-SHA256-RSA2048 Authorization"
        fields = {}
        for part in params.split(","):
            key, _sep, value = part.strip().partition("=")
            fields[key] = value.strip('"')
        if fields.get("mchid") != self.mchid:
            return "wrong mchid"
        if fields.get("serial_no") != self.merchant_serial_no:
            return "wrong merchant certificate serial number"
        if abs(time.time() - int(fields.get("timestamp") or 0)) > MAX_SKEW:
            return "stale timestamp"
        url = request.path + ("?" + urlencode(request.query) if request.query else "")
        message = (
            f"{request.method}\n{url}\n{fields['timestamp']}\n"
            f"{fields.get('nonce_str', '')}\n{request.body.decode()}\n"
        )
        if not rsa_verify(
            self.merchant_public_key, message, fields.get("signature", "")
        ):
            return "bad signature"
        return None

    def _answer(self, data, status=200):
        body = json.dumps(data, ensure_ascii=False)
        return Reply(body, status, CONTENT_TYPE, headers=self.sign_headers(body))

    def _error(self, status, code, message):
        return self._answer({"code": code, "message": message}, status)

    def _jsapi(self, request):
        data = request.json()
        for key in (
            "appid",
            "mchid",
            "description",
            "out_trade_no",
            "notify_url",
            "amount",
        ):
            if not data.get(key):
                return self._error(400, "PARAM_ERROR", f"missing {key}")
        if data["mchid"] != self.mchid or data["appid"] != self.appid:
            return self._error(
                400, "APPID_MCHID_NOT_MATCH", "appid and mchid do not match"
            )
        openid = (data.get("payer") or {}).get("openid")
        if not openid:
            return self._error(400, "PARAM_ERROR", "missing payer.openid")
        total = data["amount"].get("total")
        if not isinstance(total, int) or total <= 0:
            return self._error(
                400, "PARAM_ERROR", "amount.total must be a positive integer"
            )
        out_trade_no = data["out_trade_no"]
        order = self.orders.get(out_trade_no)
        if order and order["total"] != total:
            return self._error(400, "INVALID_REQUEST", "201 商户订单号重复")
        if not order:
            order = self.orders[out_trade_no] = {
                "out_trade_no": out_trade_no,
                "total": total,
                "currency": data["amount"].get("currency", "CNY"),
                "openid": openid,
                "notify_url": data["notify_url"],
                "prepay_id": "wx" + secrets.token_hex(16),
                "trade_state": "NOTPAY",
                "transaction_id": None,
            }
            self.route(
                "GET",
                f"/v3/pay/transactions/out-trade-no/{out_trade_no}",
                lambda request, no=out_trade_no: self._query(request, no),
            )
        return self._answer({"prepay_id": order["prepay_id"]})

    def _query(self, request, out_trade_no):
        if request.query.get("mchid") != self.mchid:
            return self._error(400, "PARAM_ERROR", "wrong mchid")
        order = self.orders[out_trade_no]
        answer = {
            "appid": self.appid,
            "mchid": self.mchid,
            "out_trade_no": out_trade_no,
            "trade_state": order["trade_state"],
            "trade_state_desc": order["trade_state"],
            "amount": {"total": order["total"], "currency": order["currency"]},
        }
        if order["transaction_id"]:
            answer.update(
                transaction_id=order["transaction_id"],
                trade_type="JSAPI",
                payer={"openid": order["openid"]},
                success_time="2026-01-01T10:00:00+08:00",
            )
        return self._answer(answer)

    def _refund(self, request):
        data = request.json()
        order = self.orders.get(data.get("out_trade_no"))
        if not order or order["trade_state"] not in ("SUCCESS", "REFUND"):
            return self._error(404, "RESOURCE_NOT_EXISTS", "订单不存在")
        amount = data.get("amount") or {}
        refund = amount.get("refund")
        if amount.get("total") != order["total"]:
            return self._error(
                400, "PARAM_ERROR", "amount.total does not match the order"
            )
        refunded = sum(
            r["refund"]
            for r in self.refunds.values()
            if r["out_trade_no"] == order["out_trade_no"]
        )
        if (
            not isinstance(refund, int)
            or refund <= 0
            or refunded + refund > order["total"]
        ):
            return self._error(403, "NOT_ENOUGH", "退款金额超过可退金额")
        refund_row = self.refunds[data["out_refund_no"]] = {
            "out_trade_no": order["out_trade_no"],
            "refund": refund,
            "refund_id": "5030" + secrets.token_hex(10),
        }
        order["trade_state"] = "REFUND"
        return self._answer(
            {
                "refund_id": refund_row["refund_id"],
                "out_refund_no": data["out_refund_no"],
                "transaction_id": order["transaction_id"],
                "out_trade_no": order["out_trade_no"],
                "channel": "ORIGINAL",
                "user_received_account": "支付用户零钱",
                "create_time": "2026-01-01T10:05:00+08:00",
                "status": self.refund_status,
                "amount": {
                    "total": order["total"],
                    "refund": refund,
                    "payer_total": order["total"],
                    "payer_refund": refund,
                    "currency": order["currency"],
                },
            }
        )

    def _tradebill(self, request):
        bill_date = request.query.get("bill_date")
        if request.query.get("bill_type", "ALL") != "ALL":
            return self._error(400, "PARAM_ERROR", "only bill_type ALL is served")
        if bill_date not in self.bills:
            return self._error(400, "NO_STATEMENT_EXIST", "账单文件不存在")
        token = secrets.token_hex(16)
        self._bill_tokens[token] = (bill_date, request.query.get("tar_type"))
        content = self.bills[bill_date].encode()
        # The hash is of the bill itself, not of its gzip.
        return self._answer(
            {
                "hash_type": "SHA1",
                "hash_value": hashlib.sha1(content).hexdigest(),
                "download_url": f"{self.url}v3/billdownload/file?token={token}",
            }
        )

    def _billdownload(self, request):
        bill_date, tar_type = self._bill_tokens.pop(
            request.query.get("token"), (None, None)
        )
        if bill_date is None:
            return self._error(400, "INVALID_REQUEST", "下载链接已失效")
        content = self.bills[bill_date].encode()
        if tar_type == "GZIP":
            content = gzip.compress(content)
        # Not signed: the SDK skips the check of download answers.
        return Reply(content, 200, "application/octet-stream")

    # The status refunds are answered with: SUCCESS, PROCESSING, ...
    refund_status = "PROCESSING"
