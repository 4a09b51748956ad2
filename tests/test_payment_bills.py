# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bill parsers, without the ORM (not listed in tests/__init__.py: no
Odoo test). Sample files follow the documented formats, see tools/bills.py."""

import gzip
import io
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest

from odoo.addons.mall_payment.tools import bills

WX_APPID = "wx0123456789abcdef"
WX_MCHID = "1900000109"


def wechatpay_row(
    time,
    out_trade_no,
    order,
    fee,
    state="SUCCESS",
    transaction_id="4200000001202611240000000001",
    refund_id="",
    out_refund_no="",
    refund="0.00",
):
    refunding = state == "REFUND"
    cells = [
        time,
        WX_APPID,
        WX_MCHID,
        "0",
        "",
        transaction_id,
        out_trade_no,
        "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
        "JSAPI",
        state,
        "OTHERS",
        "CNY",
        "0.00" if refunding else order,  # 应结订单金额
        "0.00",
        refund_id,
        out_refund_no,
        refund,
        "0.00",
        "ORIGINAL" if refunding else "",
        "SUCCESS" if refunding else "",
        "商品",
        "",
        fee,
        "0.60%",
        "0.00" if refunding else order,  # 订单金额
        refund,
        "",
    ]
    return ",".join("`" + cell for cell in cells)


def wechatpay_bill(rows, summary):
    return "\n".join(
        [
            ",".join(bills.WECHATPAY_HEADER),
            *rows,
            ",".join(bills.WECHATPAY_SUMMARY_HEADER),
            ",".join("`" + value for value in summary),
            "",
        ]
    )


WECHATPAY_ROWS = [
    wechatpay_row("2026-11-24 09:15:02", "S00001", "88.88", "0.53000"),
    # 0.29 * 0.6% = 0.00174: rounded to the fen, no fee.
    wechatpay_row("2026-11-24 12:00:00", "S00002", "0.29", "0.00000"),
    # 19.99 * 0.6% = 0.11994 -> 0.12.
    wechatpay_row("2026-11-24 23:59:59", "S00003", "19.99", "0.12000"),
    wechatpay_row(
        "2026-11-24 18:30:00",
        "S00001",
        "88.88",
        "-0.18000",
        state="REFUND",
        refund_id="50300000012026112400000000001",
        out_refund_no="R-S00001",
        refund="30.00",
    ),
]
# 4 trades; 88.88 + 0.29 + 19.99 = 109.16; fees 0.53 + 0 + 0.12 - 0.18.
WECHATPAY_SUMMARY = ["4", "109.16", "30.00", "0.00", "0.47000", "109.16", "30.00"]


def test_wechatpay_bill_lines_and_exact_decimals():
    bill = bills.parse_wechatpay_trade_bill(
        wechatpay_bill(WECHATPAY_ROWS, WECHATPAY_SUMMARY).encode()
    )
    assert [
        (line.kind, line.reference, line.amount, line.fee) for line in bill.lines
    ] == [
        ("payment", "S00001", Decimal("88.88"), Decimal("0.53")),
        ("payment", "S00002", Decimal("0.29"), Decimal("0.00")),
        ("payment", "S00003", Decimal("19.99"), Decimal("0.12")),
        ("refund", "R-S00001", Decimal("30.00"), Decimal("-0.18")),
    ]
    first, *_rest, refund = bill.lines
    assert first.provider_reference == "4200000001202611240000000001"
    assert first.time == datetime(2026, 11, 24, 9, 15, 2)
    assert first.raw["费率"] == "0.60%"
    assert first.raw["用户标识"] == "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"  # no backtick
    assert refund.provider_reference == "50300000012026112400000000001"
    assert refund.raw["商户订单号"] == "S00001"
    assert bill.payment_total == Decimal("109.16")
    assert bill.refund_total == Decimal("30.00")
    assert bill.fee_total == Decimal("0.47")
    assert str(bill.fee_total) == "0.47"
    assert bill.totals["总交易单数"] == 4
    assert bill.totals["手续费总金额"] == Decimal("0.47000")


def test_wechatpay_gzip_as_downloaded_with_tar_type_gzip():
    text = wechatpay_bill(WECHATPAY_ROWS, WECHATPAY_SUMMARY)
    bill = bills.parse_bill("wechatpay", gzip.compress(text.encode()))
    assert len(bill.lines) == 4


def test_wechatpay_empty_day():
    bill = bills.parse_wechatpay_trade_bill(
        wechatpay_bill([], ["0", "0.00", "0.00", "0.00", "0.00000", "0.00", "0.00"])
    )
    assert bill.lines == []
    assert bill.fee_total == 0


@pytest.mark.parametrize(
    "rows, summary, message",
    [
        # A line lost: the count and the totals no longer add up.
        (WECHATPAY_ROWS[:-1], WECHATPAY_SUMMARY, "counts 4 trades"),
        (
            WECHATPAY_ROWS,
            ["4", "109.16", "30.00", "0.00", "0.48000", "109.16", "30.00"],
            "手续费总金额",
        ),
        (
            WECHATPAY_ROWS,
            ["4", "109.16", "30.00", "0.00", "0.47000", "109.17", "30.00"],
            "订单总金额",
        ),
        (
            [WECHATPAY_ROWS[0].replace("`88.88", "`88,88", 1)],
            ["1", "88.88", "0.00", "0.00", "0.53000", "88.88", "0.00"],
            "columns",
        ),
        (
            [WECHATPAY_ROWS[0].replace("`SUCCESS", "`REVOKED")],
            ["1", "88.88", "0.00", "0.00", "0.53000", "88.88", "0.00"],
            "REVOKED",
        ),
        (
            [WECHATPAY_ROWS[0].replace("`0.53000", "`abc")],
            ["1", "88.88", "0.00", "0.00", "0.53000", "88.88", "0.00"],
            "not an amount",
        ),
    ],
)
def test_wechatpay_corrupt_bills_are_refused(rows, summary, message):
    with pytest.raises(ValueError, match=message):
        bills.parse_wechatpay_trade_bill(wechatpay_bill(rows, summary))


def test_wechatpay_truncated_or_foreign_files_are_refused():
    text = wechatpay_bill(WECHATPAY_ROWS, WECHATPAY_SUMMARY)
    # Cut before the summary.
    with pytest.raises(ValueError, match="summary"):
        bills.parse_wechatpay_trade_bill(text.split("总交易单数")[0])
    with pytest.raises(ValueError, match="not a WeChat Pay trade bill"):
        bills.parse_wechatpay_trade_bill("a,b,c\n1,2,3\n")
    with pytest.raises(ValueError, match="not a WeChat Pay trade bill"):
        bills.parse_wechatpay_trade_bill(b"")
    with pytest.raises(ValueError, match="gzip"):
        bills.parse_wechatpay_trade_bill(gzip.compress(text.encode())[:40])
    with pytest.raises(ValueError, match="encoded"):
        bills.parse_wechatpay_trade_bill(text.encode("gbk"))
    with pytest.raises(ValueError, match="No bill format"):
        bills.parse_bill("stripe", text)


# --- Alipay -----------------------------------------------------------------


def alipay_row(trade_no, out_trade_no, kind, amount, fee, finished, refund_no=""):
    cells = [
        f"{trade_no}\t",
        f"{out_trade_no}\t",
        f"{kind}\t",
        "商品",
        "2026-11-24 10:00:00",
        finished,
        "\t",
        "\t",
        "\t",
        "\t",
        "*三(138****0000)\t",
        amount,
        amount,  # 商家实收
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "",
        "0.00\t",
        "0.00",
        f"{refund_no}\t",
        fee,
        "0.00",
        "",
    ]
    return ",".join(cells)


ALIPAY_ROWS = [
    alipay_row(
        "2026112422001400000000000001",
        "S00011",
        "交易",
        "88.88",
        "-0.53",
        "2026-11-24 10:00:05",
    ),
    alipay_row(
        "2026112422001400000000000002",
        "S00012",
        "交易",
        "19.99",
        "-0.12",
        "2026-11-24 11:00:05",
    ),
    alipay_row(
        "2026112422001400000000000001",
        "S00011",
        "退款",
        "-30.00",
        "0.18",
        "2026-11-24 15:00:00",
        refund_no="R-S00011",
    ),
]


def alipay_detail(rows, footer=True):
    lines = [
        "#支付宝业务明细查询",
        "#账号：[20880000000000000156]",
        "#起始日期：[2026年11月24日 00:00:00]   终止日期：[2026年11月25日 00:00:00]",
        "#-----------------------------------------业务明细列表"
        "----------------------------------------",
        ",".join(bills.ALIPAY_HEADER),
        *rows,
    ]
    if footer:
        lines += [
            "#-----------------------------------------业务明细列表结束"
            "------------------------------------",
            "#交易合计：2笔，商家实收共108.87元，商家优惠共0.00元",
            "#退款合计：1笔，商家实收退款共-30.00元，商家优惠退款共0.00元",
            "#导出时间：[2026年11月25日 09:46:49]",
        ]
    return "\r\n".join(lines) + "\r\n"


SUMMARY_CSV = "#支付宝业务汇总查询\n".encode("gbk")


def gbk_named_zip(files):
    """A zip as Alipay makes it: GBK names, without the UTF-8 flag (which
    Python's zipfile would set): ASCII stand-ins of the same length are
    written, then replaced by the GBK bytes."""
    buffer = io.BytesIO()
    stand_ins = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(files.items()):
            encoded = name.encode("gbk")
            stand_in = f"{index}".ljust(len(encoded), "x").encode()
            stand_ins[stand_in] = encoded
            archive.writestr(stand_in.decode(), content)
    data = buffer.getvalue()
    for stand_in, encoded in stand_ins.items():
        assert data.count(stand_in) == 2  # local header and central directory
        data = data.replace(stand_in, encoded)
    return data


def test_alipay_gbk_zip_lines_and_exact_decimals():
    data = gbk_named_zip(
        {
            "20880000000000000156_20261124_业务明细.csv": alipay_detail(
                ALIPAY_ROWS
            ).encode("gbk"),
            "20880000000000000156_20261124_业务明细(汇总).csv": SUMMARY_CSV,
        }
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not archive.infolist()[0].flag_bits & 0x800
    bill = bills.parse_bill("alipay", data)
    assert [
        (line.kind, line.reference, line.provider_reference, line.amount, line.fee)
        for line in bill.lines
    ] == [
        (
            "payment",
            "S00011",
            "2026112422001400000000000001",
            Decimal("88.88"),
            Decimal("0.53"),
        ),
        (
            "payment",
            "S00012",
            "2026112422001400000000000002",
            Decimal("19.99"),
            Decimal("0.12"),
        ),
        (
            "refund",
            "R-S00011",
            "2026112422001400000000000001",
            Decimal("30.00"),
            Decimal("-0.18"),
        ),
    ]
    assert bill.lines[2].time == datetime(2026, 11, 24, 15, 0)
    assert bill.lines[0].raw["对方账户"] == "*三(138****0000)"
    assert bill.fee_total == Decimal("0.47")
    assert bill.totals == {
        "交易合计": (2, Decimal("108.87")),
        "退款合计": (1, Decimal("-30.00")),
    }


def test_alipay_plain_csv_utf8_too():
    bill = bills.parse_alipay_trade_bill(alipay_detail(ALIPAY_ROWS).encode())
    assert len(bill.lines) == 3


def test_alipay_corrupt_bills_are_refused():
    with pytest.raises(ValueError, match="end of its detail list"):
        bills.parse_alipay_trade_bill(
            alipay_detail(ALIPAY_ROWS, footer=False).encode("gbk")
        )
    with pytest.raises(ValueError, match="交易合计 counts 2"):
        bills.parse_alipay_trade_bill(alipay_detail(ALIPAY_ROWS[1:]).encode("gbk"))
    altered = [ALIPAY_ROWS[0].replace("88.88,88.88", "88.88,88.80"), *ALIPAY_ROWS[1:]]
    with pytest.raises(ValueError, match="交易合计 is 108.87"):
        bills.parse_alipay_trade_bill(alipay_detail(altered).encode("gbk"))
    with pytest.raises(ValueError, match="not an Alipay trade bill"):
        bills.parse_alipay_trade_bill("#支付宝业务明细查询\na,b\n".encode("gbk"))
    with pytest.raises(ValueError, match="one detail file"):
        bills.parse_alipay_trade_bill(gbk_named_zip({"其他.csv": b"x"}))
    with pytest.raises(ValueError, match="zip cannot be read"):
        bills.parse_alipay_trade_bill(b"PK\x03\x04broken")
