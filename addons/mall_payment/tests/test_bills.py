# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import datetime, time, timedelta
from decimal import Decimal

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from odoo.addons.mall_payment.models.mall_payment_bill import beijing_to_utc
from odoo.addons.mall_payment.tools import bills

from .common import WechatpayCommon

PROVIDER_LOGGER = "odoo.addons.mall_payment.models.payment_provider"


def bill_text(bill_date, rows):
    """A WeChat Pay trade bill (ALL) of ``rows``: dicts with reference,
    amount, fee and, for refunds, refund (the refund reference) and state."""
    lines = [",".join(bills.WECHATPAY_HEADER)]
    totals = dict.fromkeys(bills.WECHATPAY_CHECKSUMS, Decimal(0))
    for number, row in enumerate(rows):
        refunding = row.get("state") == "REFUND"
        amount = Decimal(row["amount"])
        values = dict.fromkeys(bills.WECHATPAY_HEADER, "")
        values.update(
            {
                "交易时间": f"{bill_date} 10:{number:02d}:00",
                "公众账号ID": "wx0123456789abcdef",
                "商户号": "1900000109",
                "特约商户号": "0",
                "微信订单号": f"42000000012026{number:014d}",
                "商户订单号": row["reference"],
                "交易类型": "JSAPI",
                "交易状态": "REFUND" if refunding else "SUCCESS",
                "货币种类": "CNY",
                "应结订单金额": "0.00" if refunding else f"{amount:.2f}",
                "代金券金额": "0.00",
                "微信退款单号": f"5030000001{number:010d}" if refunding else "",
                "商户退款单号": row.get("refund", ""),
                "退款金额": f"{amount:.2f}" if refunding else "0.00",
                "充值券退款金额": "0.00",
                "手续费": f"{Decimal(row['fee']):.5f}",
                "费率": "0.60%",
                "订单金额": "0.00" if refunding else f"{amount:.2f}",
                "申请退款金额": f"{amount:.2f}" if refunding else "0.00",
            }
        )
        for total, column in bills.WECHATPAY_CHECKSUMS.items():
            totals[total] += Decimal(values[column])
        lines.append(",".join("`" + values[name] for name in bills.WECHATPAY_HEADER))
    lines.append(",".join(bills.WECHATPAY_SUMMARY_HEADER))
    summary = [str(len(rows))] + [
        f"{totals[name]:.5f}" if name == "手续费总金额" else f"{totals[name]:.2f}"
        for name in bills.WECHATPAY_SUMMARY_HEADER[1:]
    ]
    lines.append(",".join("`" + value for value in summary))
    return "\r\n".join(lines) + "\r\n"


@tagged("post_install", "-at_install")
class TestBills(WechatpayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.provider = cls.provider.with_env(cls.env)
        cls.Bill = cls.env["mall.payment.bill"]
        cls.fee_account = cls.env["account.chart.template"].ref("expense_finance")
        cls.receipt_account = cls.inbound_payment_method_line.payment_account_id

    def setUp(self):
        super().setUp()
        self.standin.bills.clear()
        self.today = fields.Date.context_today(
            self.env.user.with_context(tz="Asia/Shanghai")
        )

    def _paid_tx(self, price):
        order, tx = self._create_order_tx(price)
        self._prepay(tx)
        self.standin.pay(tx.reference)
        headers, body = self.standin.notification(tx.reference, tx._wechatpay_fen())
        self.assertEqual(self._notify(headers, body).status_code, 200)
        self.assertEqual(tx.state, "done")
        return tx

    def _day_of_trades(self):
        """Three paid orders and a partial refund of the first, done today."""
        self.standin.refund_status = "SUCCESS"
        tx1, tx2, tx3 = (self._paid_tx(p) for p in (88.88, 19.99, 50.00))
        (
            self.env["payment.refund.wizard"]
            .with_context(active_model="account.payment", active_id=tx1.payment_id.id)
            .create({"payment_id": tx1.payment_id.id, "amount_to_refund": 30.00})
            .action_refund()
        )
        refund = tx1.child_transaction_ids
        self.assertEqual(refund.state, "done")
        return tx1, tx2, tx3, refund

    def _bill_rows(self, tx1, tx2, refund):
        return [
            {"reference": tx1.reference, "amount": "88.88", "fee": "0.53"},
            # Odoo says 19.99.
            {"reference": tx2.reference, "amount": "19.90", "fee": "0.12"},
            {"reference": "S-NOT-IN-ODOO", "amount": "10.00", "fee": "0.06"},
            {
                "reference": tx1.reference,
                "refund": refund.reference,
                "state": "REFUND",
                "amount": "30.00",
                "fee": "-0.18",
            },
        ]

    def _import(self, text, bill_date=None):
        wizard_form = Form(self.env["mall.payment.bill.import"])
        wizard_form.provider_id = self.provider
        wizard_form.bill_date = bill_date or self.today
        wizard_form.bill_file = base64.b64encode(text.encode())
        action = wizard_form.save().action_import()
        return self.Bill.browse(action["res_id"])

    def _assert_fee_move(self, bill, amount):
        move = bill.fee_move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.provider.journal_id)
        self.assertEqual(move.date, bill.bill_date)
        self.assertEqual(
            move.ref, f"{self.provider.name} fees {bill.bill_date.isoformat()}"
        )
        balance = bill.currency_id._convert(
            amount, move.company_id.currency_id, move.company_id, bill.bill_date
        )
        self.assertRecordValues(
            move.line_ids.sorted("debit", reverse=True),
            [
                {
                    "account_id": self.fee_account.id,
                    "debit": balance,
                    "credit": 0.0,
                    "amount_currency": amount,
                    "currency_id": bill.currency_id.id,
                },
                {
                    "account_id": self.receipt_account.id,
                    "debit": 0.0,
                    "credit": balance,
                    "amount_currency": -amount,
                    "currency_id": bill.currency_id.id,
                },
            ],
        )

    def test_import_matches_lines_and_posts_fees(self):
        tx1, tx2, tx3, refund = self._day_of_trades()
        bill = self._import(bill_text(self.today, self._bill_rows(tx1, tx2, refund)))
        self.assertEqual(bill.state, "reconciled")
        self.assertEqual(bill.currency_id, self.currency)
        by_ref = {(line.reference, line.kind): line for line in bill.line_ids}
        self.assertEqual(len(bill.line_ids), 5)
        self.assertRecordValues(
            by_ref[tx1.reference, "payment"],
            [
                {
                    "match_state": "matched",
                    "transaction_id": tx1.id,
                    "amount": 88.88,
                    "odoo_amount": 88.88,
                    "difference": 0.0,
                    "fee": 0.53,
                    "in_bill": True,
                    "bill_time": beijing_to_utc(
                        datetime.combine(self.today, time(10, 0))
                    ),
                }
            ],
        )
        self.assertRecordValues(
            by_ref[tx2.reference, "payment"],
            [
                {
                    "match_state": "amount_mismatch",
                    "transaction_id": tx2.id,
                    "amount": 19.90,
                    "odoo_amount": 19.99,
                    "difference": -0.09,
                }
            ],
        )
        self.assertRecordValues(
            by_ref["S-NOT-IN-ODOO", "payment"],
            [{"match_state": "missing_in_odoo", "transaction_id": False}],
        )
        self.assertRecordValues(
            by_ref[tx3.reference, "payment"],
            [
                {
                    "match_state": "missing_in_bill",
                    "transaction_id": tx3.id,
                    "amount": 0.0,
                    "odoo_amount": 50.0,
                    "in_bill": False,
                }
            ],
        )
        self.assertRecordValues(
            by_ref[refund.reference, "refund"],
            [
                {
                    "match_state": "matched",
                    "transaction_id": refund.id,
                    "amount": 30.0,
                    "odoo_amount": 30.0,
                    "fee": -0.18,
                }
            ],
        )
        self.assertRecordValues(
            bill,
            [
                {
                    "matched_count": 2,
                    "amount_mismatch_count": 1,
                    "missing_in_odoo_count": 1,
                    "missing_in_bill_count": 1,
                    "payment_total": 118.78,
                    "refund_total": 30.0,
                    "fee_total": 0.53,
                }
            ],
        )
        # 0.53 + 0.12 + 0.06 - 0.18
        self._assert_fee_move(bill, 0.53)

        # Imported again: the same bill, the same lines, the same fee entry.
        move = bill.fee_move_id
        again = self._import(bill_text(self.today, self._bill_rows(tx1, tx2, refund)))
        self.assertEqual(again, bill)
        self.assertEqual(len(bill.line_ids), 5)
        self.assertEqual(bill.missing_in_bill_count, 1)
        self.assertEqual(bill.fee_move_id, move)
        self.assertEqual(move.state, "posted")
        self.assertFalse(move.reversal_move_ids)
        self.assertEqual(
            self.Bill.search_count([("provider_id", "=", self.provider.id)]), 1
        )

        # A corrected bill: the first fee entry is reversed, not doubled.
        rows = self._bill_rows(tx1, tx2, refund)
        rows[1]["amount"] = "19.99"
        rows[2]["fee"] = "0.07"
        bill = self._import(bill_text(self.today, rows))
        self.assertEqual(bill.amount_mismatch_count, 0)
        self.assertEqual(bill.matched_count, 3)
        self.assertTrue(move.reversal_move_ids)
        self.assertEqual(move.reversal_move_ids.state, "posted")
        self.assertNotEqual(bill.fee_move_id, move)
        self._assert_fee_move(bill, 0.54)
        fee_lines = self.env["account.move.line"].search(
            [("account_id", "=", self.fee_account.id), ("parent_state", "=", "posted")]
        )
        self.assertAlmostEqual(sum(fee_lines.mapped("amount_currency")), 0.54)

    def test_provider_fee_account_and_missing_account(self):
        tx = self._paid_tx(88.88)
        account = self.fee_account.copy({"code": "6201", "name": "WeChat Pay fees"})
        self.provider.mall_fee_account_id = account
        text = bill_text(
            self.today, [{"reference": tx.reference, "amount": "88.88", "fee": "0.53"}]
        )
        bill = self._import(text)
        self.assertEqual(
            bill.fee_move_id.line_ids.filtered("debit").account_id, account
        )
        # No account on the provider nor in the chart: the user is told.
        self.provider.mall_fee_account_id = False
        self.fee_account.deprecated = True
        with self.assertRaisesRegex(ValidationError, "channel fee account"):
            self._import(text)

    def test_corrupt_bill_is_refused(self):
        text = bill_text(
            self.today, [{"reference": "S1", "amount": "88.88", "fee": "0.53"}]
        )
        truncated = text.replace("`88.88", "`88.87", 1)
        with self.assertRaisesRegex(ValidationError, "incomplete or corrupt"):
            self._import(truncated)
        self.assertFalse(self.Bill.search([("provider_id", "=", self.provider.id)]))

    def test_download_button(self):
        tx = self._paid_tx(88.88)
        self.standin.bills[self.today.isoformat()] = bill_text(
            self.today, [{"reference": tx.reference, "amount": "88.88", "fee": "0.53"}]
        )
        wizard_form = Form(self.env["mall.payment.bill.import"])
        wizard_form.provider_id = self.provider
        wizard_form.bill_date = self.today
        action = wizard_form.save().action_download()
        bill = self.Bill.browse(action["res_id"])
        [request] = self.standin.requests_to("/v3/bill/tradebill")
        self.assertEqual(
            request.query,
            {
                "bill_date": self.today.isoformat(),
                "bill_type": "ALL",
                "tar_type": "GZIP",
            },
        )
        self.assertEqual(bill.matched_count, 1)
        self.assertEqual(bill.line_ids.transaction_id, tx)
        self._assert_fee_move(bill, 0.53)
        self.assertIn(tx.reference.encode(), base64.b64decode(bill.bill_file))
        # No bill that day: a clear error.
        with self.assertRaisesRegex(ValidationError, "NO_STATEMENT_EXIST"):
            self.provider._mall_download_bill(self.today - timedelta(days=3))

    def test_cron_reconciles_yesterday(self):
        tx = self._paid_tx(88.88)
        yesterday = self.today - timedelta(days=1)
        noon = beijing_to_utc(datetime.combine(yesterday, time(12, 0)))
        self.env.cr.execute(
            "UPDATE payment_transaction SET last_state_change = %s WHERE id = %s",
            [noon, tx.id],
        )
        tx.invalidate_recordset()
        self.standin.bills[yesterday.isoformat()] = bill_text(
            yesterday, [{"reference": tx.reference, "amount": "88.88", "fee": "0.53"}]
        )
        self.env["payment.provider"]._cron_mall_reconcile_bills()
        bill = self.Bill.search(
            [("provider_id", "=", self.provider.id), ("bill_date", "=", yesterday)]
        )
        self.assertEqual(bill.matched_count, 1)
        self.assertEqual(bill.missing_in_bill_count, 0)
        self._assert_fee_move(bill, 0.53)
        # The platform fails: logged, not raised.
        self.standin.bills.clear()
        bill.unlink()
        with self.assertLogs(PROVIDER_LOGGER, "WARNING") as logs:
            self.env["payment.provider"]._cron_mall_reconcile_bills()
        self.assertIn("could not be reconciled", logs.output[0])
        self.assertFalse(self.Bill.search([("provider_id", "=", self.provider.id)]))

    def test_cron_runs_daily_at_half_past_ten_in_beijing(self):
        cron = self.env.ref("mall_payment.cron_mall_payment_bill_reconcile")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertEqual(cron.nextcall.strftime("%H:%M"), "02:30")  # UTC

    def test_access_rights(self):
        self.assertTrue(
            self.env.ref("mall_payment.mall_payment_bill_rule_company").active
        )
        user = self.env["res.users"].create(
            {
                "name": "Bookkeeper",
                "login": "bookkeeper_bills",
                "groups_id": [
                    fields.Command.set([self.env.ref("account.group_account_user").id])
                ],
            }
        )
        bill = self.Bill.create(
            {"provider_id": self.provider.id, "bill_date": self.today}
        )
        self.assertEqual(bill.with_user(user).name, bill.name)
        access = self.env["ir.model.access"].with_user(user)
        self.assertFalse(access.check("mall.payment.bill", "create", False))
        self.assertTrue(access.check("mall.payment.bill", "write", False))
