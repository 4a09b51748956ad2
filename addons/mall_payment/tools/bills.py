# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The daily trade bills of WeChat Pay and Alipay, parsed into lines with
exact Decimal amounts, checked against the totals the files carry.

No ORM here: ``models/mall_payment_bill.py`` matches the lines with Odoo's
payment transactions. Every malformed, truncated or inconsistent file raises
ValueError with a message for the accountant.
"""

import csv
import gzip
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PAYMENT = "payment"
REFUND = "refund"
FEN = Decimal("0.01")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

# WeChat Pay API v3 trade bill, bill_type ALL, as /v3/bill/tradebill serves it
# (pay.weixin.qq.com/docs/merchant/products/bill-download/format-trade.html):
# UTF-8 CSV, a detail header, detail rows, a summary header and one summary
# row; "明细数据和汇总数据每个字段前会增加1个(`)字符" (against Excel's
# scientific notation); amounts in yuan; 手续费 "精确到小数点后2位,四舍五入,
# 末尾填充3个0" (0.53000); refund rows have 订单金额 0.00 and the fee given
# back as a negative 手续费; 总交易单数 counts payment and refund rows.
WECHATPAY_HEADER = (
    "交易时间",
    "公众账号ID",
    "商户号",
    "特约商户号",
    "设备号",
    "微信订单号",
    "商户订单号",
    "用户标识",
    "交易类型",
    "交易状态",
    "付款银行",
    "货币种类",
    "应结订单金额",
    "代金券金额",
    "微信退款单号",
    "商户退款单号",
    "退款金额",
    "充值券退款金额",
    "退款类型",
    "退款状态",
    "商品名称",
    "商户数据包",
    "手续费",
    "费率",
    "订单金额",
    "申请退款金额",
    "费率备注",
)
WECHATPAY_SUMMARY_HEADER = (
    "总交易单数",
    "应结订单总金额",
    "退款总金额",
    "充值券退款总金额",
    "手续费总金额",
    "订单总金额",
    "申请退款总金额",
)
# Summary column: the detail column it totals.
WECHATPAY_CHECKSUMS = {
    "应结订单总金额": "应结订单金额",
    "退款总金额": "退款金额",
    "充值券退款总金额": "充值券退款金额",
    "手续费总金额": "手续费",
    "订单总金额": "订单金额",
    "申请退款总金额": "申请退款金额",
}

# Alipay trade bill (alipay.data.dataservice.bill.downloadurl.query,
# bill_type trade): a zip of GBK CSVs; the detail file "..._业务明细.csv"
# (next to "..._业务明细(汇总).csv") opens with "#" lines (#支付宝业务明细查询,
# #账号, #起始日期, #---业务明细列表---), then this header, rows whose
# identifiers end with a tab (against Excel again), "#---业务明细列表结束---"
# and "#交易合计：6笔，商家实收共0.06元，..." / "#退款合计：4笔，商家实收退款共
# -0.04元，..." lines. Refund rows carry negative amounts and the merchant's
# out_request_no in 退款批次号/请求号.
ALIPAY_HEADER = (
    "支付宝交易号",
    "商户订单号",
    "业务类型",
    "商品名称",
    "创建时间",
    "完成时间",
    "门店编号",
    "门店名称",
    "操作员",
    "终端号",
    "对方账户",
    "订单金额（元）",
    "商家实收（元）",
    "支付宝红包（元）",
    "集分宝（元）",
    "支付宝优惠（元）",
    "商家优惠（元）",
    "券核销金额（元）",
    "券名称",
    "商家红包消费金额（元）",
    "卡消费金额（元）",
    "退款批次号/请求号",
    "服务费（元）",
    "分润（元）",
    "备注",
)
ALIPAY_KINDS = {"交易": PAYMENT, "退款": REFUND}
_ALIPAY_END = "业务明细列表结束"
_ALIPAY_TOTAL = re.compile(
    r"^#(交易|退款)合计[：:]\s*(\d+)\s*笔[，,]\s*商家实收(?:退款)?共\s*(-?[\d.]+)\s*元"
)


@dataclass(frozen=True)
class BillLine:
    """One payment or refund of the bill.

    ``amount`` is positive; ``fee`` is what the platform charged, negative
    when a refund gives part of the fee back; ``time`` is the naive wall time
    of Beijing (Asia/Shanghai) the bill shows.
    """

    kind: str
    reference: str
    provider_reference: str
    amount: Decimal
    fee: Decimal
    time: datetime | None
    raw: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass
class Bill:
    lines: list
    # The totals the file states (its summary), as read.
    totals: dict = field(default_factory=dict)

    @property
    def payment_total(self):
        return sum(
            (line.amount for line in self.lines if line.kind == PAYMENT), FEN * 0
        )

    @property
    def refund_total(self):
        return sum((line.amount for line in self.lines if line.kind == REFUND), FEN * 0)

    @property
    def fee_total(self):
        return sum((line.fee for line in self.lines), FEN * 0)


def to_fen(amount):
    """The Decimal amount rounded half-up to the fen."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def _amount(value, column, row_number):
    value = value.strip().replace(",", "")
    if not value:
        return Decimal(0)
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(
            f"Line {row_number}: {column} is not an amount: {value!r}."
        ) from None
    if not amount.is_finite():
        raise ValueError(f"Line {row_number}: {column} is not an amount: {value!r}.")
    return amount


def _time(value, column, row_number):
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.strptime(value, TIME_FORMAT)
    except ValueError:
        raise ValueError(
            f"Line {row_number}: {column} is not a time (yyyy-MM-dd HH:mm:ss): "
            f"{value!r}."
        ) from None


def _check_total(name, stated, computed):
    if to_fen(stated) != to_fen(computed):
        raise ValueError(
            f"The bill is incomplete or corrupt: {name} is {stated} in its summary "
            f"but its lines add up to {computed}."
        )


def _decode(data, encodings):
    if isinstance(data, str):
        return data
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"The bill is not encoded in {' or '.join(encodings)}.")


# --- WeChat Pay -------------------------------------------------------------


def _wechatpay_cell(value):
    return value.strip().removeprefix("`").strip()


def _wechatpay_summary(rows, summary_at):
    summary_row = [_wechatpay_cell(c) for c in rows[summary_at + 1]]
    if len(summary_row) != len(WECHATPAY_SUMMARY_HEADER):
        raise ValueError("The WeChat Pay bill summary has the wrong number of columns.")
    totals = {
        name: _amount(value, name, summary_at + 2)
        for name, value in zip(WECHATPAY_SUMMARY_HEADER, summary_row, strict=True)
    }
    count = totals["总交易单数"]
    if count != count.to_integral_value():
        raise ValueError("The WeChat Pay bill summary has a broken 总交易单数.")
    totals["总交易单数"] = int(count)
    return totals


def _wechatpay_line(raw, amounts, number):
    state = raw["交易状态"]
    # WeChat Pay signs fees: positive charged, negative given back with a
    # refund; normalised from the kind anyway, as for Alipay.
    fee = to_fen(abs(amounts["手续费"]))
    if state == "SUCCESS":
        kind, reference = PAYMENT, raw["商户订单号"]
        provider_reference = raw["微信订单号"]
        amount = amounts["订单金额"] or amounts["应结订单金额"]
    elif state == "REFUND":
        kind, reference = REFUND, raw["商户退款单号"]
        provider_reference = raw["微信退款单号"]
        # 申请退款金额 is what the merchant asked; 退款金额 leaves out the
        # part of free-recharge coupons (免充值券).
        amount = amounts["申请退款金额"] or amounts["退款金额"]
        fee = -fee
    else:
        raise ValueError(
            f"Line {number}: the trade state {state!r} is not supported "
            "(SUCCESS or REFUND expected)."
        )
    if not reference:
        raise ValueError(f"Line {number} has no merchant order or refund number.")
    if amount <= 0:
        raise ValueError(f"Line {number}: the amount {amount} is not positive.")
    return BillLine(
        kind=kind,
        reference=reference,
        provider_reference=provider_reference,
        amount=to_fen(amount),
        fee=fee,
        time=_time(raw["交易时间"], "交易时间", number),
        raw=raw,
    )


def parse_wechatpay_trade_bill(data):
    """Parse a WeChat Pay trade bill of type ALL (bytes, gzip or not, or str).

    :rtype: Bill
    :raise ValueError: not such a bill, malformed, or its lines do not add
        up to its summary (a truncated download).
    """
    if isinstance(data, bytes) and data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise ValueError(f"The gzip bill cannot be read: {error}.") from None
    text = _decode(data, ("utf-8-sig",))
    rows = [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    if not rows or tuple(_wechatpay_cell(c) for c in rows[0]) != WECHATPAY_HEADER:
        raise ValueError(
            "This is not a WeChat Pay trade bill of type ALL: its first line is "
            "not the expected header."
        )
    summary_at = next(
        (
            index
            for index, row in enumerate(rows)
            if tuple(_wechatpay_cell(c) for c in row) == WECHATPAY_SUMMARY_HEADER
        ),
        None,
    )
    if summary_at is None or len(rows) != summary_at + 2:
        raise ValueError(
            "The WeChat Pay bill is incomplete: its summary (总交易单数, ...) is "
            "missing."
        )
    totals = _wechatpay_summary(rows, summary_at)
    lines = []
    sums = dict.fromkeys(WECHATPAY_CHECKSUMS.values(), Decimal(0))
    for number, row in enumerate(rows[1:summary_at], start=2):
        if len(row) != len(WECHATPAY_HEADER):
            raise ValueError(
                f"Line {number} has {len(row)} columns instead of "
                f"{len(WECHATPAY_HEADER)}: the bill is corrupt."
            )
        raw = dict(zip(WECHATPAY_HEADER, map(_wechatpay_cell, row), strict=True))
        amounts = {column: _amount(raw[column], column, number) for column in sums}
        for column, amount in amounts.items():
            sums[column] += amount
        lines.append(_wechatpay_line(raw, amounts, number))
    if totals["总交易单数"] != len(lines):
        raise ValueError(
            f"The bill is incomplete or corrupt: its summary counts "
            f"{totals['总交易单数']} trades but it has {len(lines)} lines."
        )
    for total, column in WECHATPAY_CHECKSUMS.items():
        _check_total(total, totals[total], sums[column])
    return Bill(lines=lines, totals=totals)


# --- Alipay -----------------------------------------------------------------


def _alipay_detail_csv(data):
    """The bytes of the detail CSV (…_业务明细.csv) of an Alipay bill zip."""
    try:
        # Alipay writes GBK file names without the zip UTF-8 flag.
        with zipfile.ZipFile(io.BytesIO(data), metadata_encoding="gbk") as archive:
            names = [
                name
                for name in archive.namelist()
                if name.endswith("业务明细.csv") and "汇总" not in name
            ]
            if len(names) != 1:
                raise ValueError(
                    "The Alipay bill zip does not hold one detail file "
                    "(…_业务明细.csv)."
                )
            return archive.read(names[0])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise ValueError(f"The Alipay bill zip cannot be read: {error}.") from None


def _alipay_cell(value):
    # Identifiers end with a tab, against Excel's scientific notation.
    return value.strip()


def _alipay_line(raw, number):
    kind = ALIPAY_KINDS.get(raw["业务类型"])
    if not kind:
        raise ValueError(
            f"Line {number}: the business type {raw['业务类型']!r} is not "
            "supported (交易 or 退款 expected)."
        )
    amount = _amount(raw["订单金额（元）"], "订单金额（元）", number)
    # Alipay signs amounts from the merchant's side (a fee charged is money
    # out); normalised: positive charged, negative given back by a refund.
    fee = to_fen(abs(_amount(raw["服务费（元）"], "服务费（元）", number)))
    if kind == PAYMENT:
        reference = raw["商户订单号"]
    else:
        reference = raw["退款批次号/请求号"]
        fee = -fee
    if not reference:
        raise ValueError(f"Line {number} has no merchant order or refund number.")
    if not amount:
        raise ValueError(f"Line {number}: the amount is zero.")
    return BillLine(
        kind=kind,
        reference=reference,
        provider_reference=raw["支付宝交易号"],
        amount=to_fen(abs(amount)),
        fee=fee,
        time=_time(raw["完成时间"], "完成时间", number),
        raw=raw,
    )


def _alipay_check_totals(lines, totals):
    """Check the lines against the 交易合计 / 退款合计 lines of the file."""
    for label, (count, stated) in totals.items():
        kind = PAYMENT if label == "交易合计" else REFUND
        kind_lines = [line for line in lines if line.kind == kind]
        if count != len(kind_lines):
            raise ValueError(
                f"The bill is incomplete or corrupt: {label} counts {count} lines "
                f"but it has {len(kind_lines)}."
            )
        received = sum(
            (
                _amount(line.raw["商家实收（元）"], "商家实收（元）", 0)
                for line in kind_lines
            ),
            Decimal(0),
        )
        _check_total(label, stated, received)


def parse_alipay_trade_bill(data):
    """Parse an Alipay trade bill: the zip as downloaded, or its detail CSV
    (GBK or UTF-8).

    :rtype: Bill
    :raise ValueError: not such a bill, malformed, truncated, or its lines do
        not add up to its 交易合计 / 退款合计 lines.
    """
    if isinstance(data, bytes) and data[:4] == b"PK\x03\x04":
        data = _alipay_detail_csv(data)
    text = _decode(data, ("utf-8-sig", "gb18030"))
    header = None
    ended = False
    lines = []
    totals = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not any(c.strip() for c in row):
            continue
        if row[0].strip().startswith("#"):
            comment = ",".join(row).strip()
            ended = ended or _ALIPAY_END in comment
            match = _ALIPAY_TOTAL.match(comment)
            if match:
                totals[f"{match[1]}合计"] = (
                    int(match[2]),
                    _amount(match[3], f"{match[1]}合计", number),
                )
            continue
        if ended:
            raise ValueError(f"Line {number} comes after the end of the detail list.")
        cells = tuple(_alipay_cell(c) for c in row)
        if header is None:
            if cells != ALIPAY_HEADER:
                raise ValueError(
                    "This is not an Alipay trade bill: the detail header "
                    "(支付宝交易号,商户订单号,...) is not the expected one."
                )
            header = cells
            continue
        if len(cells) != len(ALIPAY_HEADER):
            raise ValueError(
                f"Line {number} has {len(cells)} columns instead of "
                f"{len(ALIPAY_HEADER)}: the bill is corrupt."
            )
        lines.append(_alipay_line(dict(zip(ALIPAY_HEADER, cells, strict=True)), number))
    if header is None:
        raise ValueError("This is not an Alipay trade bill: it has no detail header.")
    if not ended:
        raise ValueError(
            "The Alipay bill is incomplete: the end of its detail list is missing."
        )
    _alipay_check_totals(lines, totals)
    return Bill(lines=lines, totals=totals)


PARSERS = {
    "wechatpay": parse_wechatpay_trade_bill,
    "alipay": parse_alipay_trade_bill,
}


def parse_bill(provider_code, data):
    """Parse the trade bill of the platform of ``provider_code``."""
    parser = PARSERS.get(provider_code)
    if parser is None:
        raise ValueError(f"No bill format is known for the provider {provider_code!r}.")
    return parser(data)
