# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The H5 build in headless Chromium against this Odoo (issue 9).

``miniprogram/tests/e2e/purchase.mjs`` and ``journeys.mjs`` (group buy,
after-sales, share; Playwright) drive the H5 build; this test builds it once,
serves it on a small local proxy that sends ``/mall`` and ``/web`` to the test
server (Odoo sends no CORS headers, so the H5 files and the API share one
origin), runs the scripts and checks the outcome in Odoo.
Skipped only when Chromium or ``miniprogram/node_modules`` is missing.
"""

import json
import logging
import os
import resource
import shutil
import subprocess
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from unittest import SkipTest
from unittest.mock import patch

from odoo import fields, http
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import config

from odoo.addons.mall_loyalty.tests.common import setup_member_program
from odoo.addons.mall_payment.tests.common import (
    create_balance_program,
    enable_balance_provider,
)

from tests.standins.h5_proxy import H5Proxy

from ..controllers.e2e_login import E2E_LOGIN_PARAM
from .common import MallApiCommon, PaymentSetup
from .test_aftersale import AftersaleSetup

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "miniprogram"
SCRIPT = APP / "tests" / "e2e" / "purchase.mjs"
JOURNEYS = APP / "tests" / "e2e" / "journeys.mjs"
MEMBER_JOURNEYS = APP / "tests" / "e2e" / "member_journeys.mjs"
_logger = logging.getLogger(__name__)
CHROMIUM = os.environ.get("MALL_CHROMIUM", "/usr/bin/chromium")


def _lift_memory_limit():
    """Odoo caps its own address space (``limit_memory_hard``, a soft
    RLIMIT_AS); Node and Chromium reserve far more virtual memory."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


@tagged("post_install", "-at_install")
class TestE2eLoginGuard(MallApiCommon):
    """The test sign-in exists only in test mode with its parameter set."""

    def _login(self):
        return self.api("POST", "/auth/e2e", json_body={"shopper_id": self.shopper.id})

    def test_refused_without_the_parameter(self):
        self.assertApiError(self._login(), 404, "NOT_FOUND")
        self.assertFalse(
            self.env["mall.shopper.token"].search(
                [("partner_id", "=", self.shopper.id)]
            )
        )

    def test_refused_outside_test_mode(self):
        self.env["ir.config_parameter"].set_param(E2E_LOGIN_PARAM, "1")
        with patch.dict(config.options, {"test_enable": False}):
            self.assertApiError(self._login(), 404, "NOT_FOUND")

    def test_signs_in_when_enabled(self):
        self.env["ir.config_parameter"].set_param(E2E_LOGIN_PARAM, "1")
        status, body, _response = self._login()
        self.assertEqual(status, 200, body)
        token = self.env["mall.shopper.token"]._find_valid(body["data"]["token"])
        self.assertEqual((token.partner_id, token.platform), (self.shopper, "h5"))
        status, body, _response = self.api("GET", "/me", token=body["data"]["token"])
        self.assertEqual((status, body["data"]["id"]), (200, self.shopper.id))


@tagged("post_install", "-at_install")
class TestH5EndToEnd(AftersaleSetup, PaymentSetup, MallApiCommon):
    """李娜 (demo) has 1000.00 in her balance and two coupons; she buys a
    dress in the H5 build, then adds it again offline."""

    @classmethod
    def setUpClass(cls):
        if not (APP / "node_modules" / "playwright-core").is_dir() or not shutil.which(
            "node"
        ):
            raise SkipTest("miniprogram/node_modules is missing: run `npm ci` there")
        if not os.access(CHROMIUM, os.X_OK):
            raise SkipTest(
                f"Chromium is missing ({CHROMIUM}): apt-get install chromium"
            )
        super().setUpClass()
        env = cls.env
        cls.lina = env.ref("mall_miniprogram.res_partner_shopper_lina")
        cls._setup_cny_pricelist(cls.lina)
        env["loyalty.program"].search([]).write({"active": False})
        cls.program = create_balance_program(env, env.ref("base.CNY"))
        enable_balance_provider(env, cls.program)
        cls.wallet = env["loyalty.card"].create(
            {"program_id": cls.program.id, "partner_id": cls.lina.id, "points": 1000}
        )
        cls.coupon_30 = cls._coupon("满 200 减 30", 30, 200)
        cls.coupon_10 = cls._coupon("满 100 减 10", 10, 100)
        cls._create_carrier("顺丰速运")
        jingan = env["mall.region"]._mall_find_by_code("310106")  # 上海 静安区
        cls._create_address(
            cls.lina, name="李娜", city="上海市", mall_region_id=jingan.id
        )
        env["ir.config_parameter"].set_param(E2E_LOGIN_PARAM, "1")
        cls.demo_orders = env["sale.order"].search([("partner_id", "=", cls.lina.id)])

    @classmethod
    def _coupon(cls, name, amount, minimum):
        program = cls.env["loyalty.program"].create(
            {
                "name": name,
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "mall_stack_group": "manjian",
                "rule_ids": [
                    Command.create({"minimum_amount": minimum, "minimum_qty": 0})
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_order",
                            "discount": amount,
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        return cls.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": cls.lina.id, "points": 1}
        )

    def _build_h5(self):
        """The H5 build, once for the class (both scripts use it)."""
        prebuilt = os.environ.get("MALL_H5_DIST") or getattr(
            type(self), "_h5_dist", None
        )  # MALL_H5_DIST: to iterate on the scripts
        if prebuilt:
            return prebuilt
        build_dir = tempfile.mkdtemp(prefix="mall-h5-build-")
        type(self).addClassCleanup(shutil.rmtree, build_dir, True)
        out = os.path.join(build_dir, "h5")
        env = dict(os.environ, NO_COLOR="1", CI="1")
        env.pop("VITE_MALL_API_BASE", None)
        proc = subprocess.run(
            [str(APP / "node_modules" / ".bin" / "uni"), "build", "--outDir", out],
            cwd=APP,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            preexec_fn=_lift_memory_limit,
        )
        self.assertEqual(proc.returncode, 0, (proc.stdout + proc.stderr)[-3000:])
        type(self)._h5_dist = out
        return out

    def _serve(self, directory):
        # Odoo reads every manifest the first time it serves a static file;
        # the browser's first requests come at once, and this Python (3.11.7)
        # can fail to parse in several threads at the same time
        # ("SystemError: AST constructor recursion depth mismatch").
        self.assertTrue(http.root.statics)  # computed once, here, in one thread
        proxy = H5Proxy(directory, self.base_url().rsplit(":", 1)[1])
        self.addCleanup(proxy.stop)
        return proxy.start()

    def _run_script(self, script, *args):
        """Build (once), serve, run ``script`` with the base URL, the
        screenshot directory and ``args``; its E2E_RESULT and output."""
        tmp = tempfile.mkdtemp(prefix="mall-h5-")
        self.addCleanup(shutil.rmtree, tmp, True)
        dist = self._build_h5()
        base = self._serve(dist)
        self.env["ir.config_parameter"].set_param("mall.cdn_base_url", base)
        self.env.flush_all()  # the server's requests read the database
        shots = os.environ.get("MALL_E2E_SCREENSHOTS") or os.path.join(tmp, "shots")
        proc = subprocess.run(
            ["node", str(script), base, shots, *map(str, args)],
            cwd=APP,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
            preexec_fn=_lift_memory_limit,
        )
        output = proc.stdout + proc.stderr
        self.assertEqual(proc.returncode, 0, f"{script.name} failed:\n{output[-6000:]}")
        line = next(x for x in proc.stdout.splitlines() if x.startswith("E2E_RESULT "))
        return json.loads(line.removeprefix("E2E_RESULT ")), output

    def test_purchase_then_offline_cart(self):
        started = time.monotonic()
        self._build_h5()
        built = time.monotonic() - started
        result, output = self._run_script(SCRIPT)

        self.env.invalidate_all()
        # The paid order: the dress picked, the best coupon, from the balance.
        template = self.env["product.template"].browse(result["product_id"])
        orders = self.env["sale.order"].search(
            [
                ("partner_id", "=", self.lina.id),
                ("mall_is_cart", "=", False),
                ("id", "not in", self.demo_orders.ids),
            ]
        )
        self.assertEqual(len(orders), 1, orders)
        self.assertEqual(orders.state, "sale")
        bought = orders.order_line.filtered(
            lambda ln: ln.product_template_id == template
        )
        self.assertEqual(bought.product_uom_qty, 1)
        self.assertIn(result["variant"], bought.product_id.display_name)
        self.assertEqual(orders.order_line.coupon_id, self.coupon_30)
        self.assertIn(self.coupon_30.program_id.name, result["coupons"])
        self.assertIn(f"{orders.amount_total:.2f}", result["payable"])
        self.assertAlmostEqual(self.wallet.points, 1000 - orders.amount_total, 2)

        # The offline addition: in the cart exactly once.
        cart = self.env["mall.cart"]._get(self.lina, create=False)
        self.assertEqual(len(cart.order_line), 1, cart.order_line)
        self.assertEqual(cart.order_line.product_template_id, template)
        self.assertEqual(cart.order_line.product_uom_qty, 1)
        self.assertLess(time.monotonic() - started, 120, output)
        _logger.info(
            "H5 end-to-end: build %.1f s, total %.1f s",
            built,
            time.monotonic() - started,
        )

    def test_groupbuy_aftersale_share(self):
        """李娜 opens a two-person group and shares it; 王伟 opens the link in
        his own browser, signs in and joins: the group succeeds. 李娜 asks
        for a refund of her group order. She shares a dress while a share
        campaign runs; a newcomer opens the link and signs in through it:
        both get their coupon."""
        started = time.monotonic()
        env = self.env
        wangwei = env.ref("mall_miniprogram.res_partner_shopper_wangwei")
        wangwei.property_product_pricelist = self.lina.property_product_pricelist
        env["loyalty.card"].create(
            {"program_id": self.program.id, "partner_id": wangwei.id, "points": 500}
        )
        chaoyang = env["mall.region"]._mall_find_by_code("110105")  # 北京 朝阳区
        self._create_address(
            wangwei, name="王伟", city="北京市", mall_region_id=chaoyang.id
        )
        newcomer = env["res.partner"].create({"name": "赵新", "mall_is_shopper": True})
        product = env["product.template"].create(
            {
                "name": "阳光玫瑰青提",
                "list_price": 69.0,
                "mall_published": True,
                "taxes_id": False,
                "mall_shop_id": env.ref("mall_catalog.mall_shop_fresh").id,
            }
        )
        campaign = env["mall.groupbuy.campaign"].create(
            {
                "name": "两人拼团 · 青提",
                "product_tmpl_id": product.id,
                "group_price": 39.0,
                "group_size": 2,
                "date_start": fields.Datetime.now() - timedelta(hours=1),
                "date_end": fields.Datetime.now() + timedelta(days=3),
                "state": "running",
            }
        )
        env["mall.share.campaign"].search([]).active = False
        coupon = {
            "program_type": "coupons",
            "currency_id": env.ref("base.CNY").id,
            "trigger": "with_code",
            "reward_ids": [
                Command.create(
                    {
                        "reward_type": "discount",
                        "discount_mode": "per_order",
                        "discount": 10,
                        "required_points": 1,
                    }
                )
            ],
        }
        share_campaign = env["mall.share.campaign"].create(
            {
                "name": "邀请有礼",
                "newcomer_program_id": env["loyalty.program"]
                .create({"name": "新人券", **coupon})
                .id,
                "sharer_program_id": env["loyalty.program"]
                .create({"name": "邀请奖励券", **coupon})
                .id,
            }
        )
        dress = env.ref("mall_catalog.product_template_dress_floral")

        result, output = self._run_script(
            JOURNEYS, campaign.id, wangwei.id, newcomer.id, dress.id
        )
        self.env.invalidate_all()

        # Group buy: 李娜 opened, 王伟 joined through her link: succeeded.
        group = env["mall.groupbuy.group"].browse(result["group_id"])
        self.assertEqual(group.campaign_id, campaign)
        self.assertEqual(group.state, "succeeded")
        paid = group.member_ids.filtered(lambda m: m.state == "paid")
        self.assertEqual(paid.partner_id, self.lina | wangwei)
        self.assertIn(f"group={group.id}", result["group_link"])
        self.assertIn("s=", result["group_link"])  # with her share token

        # After-sales: a refund request on 李娜's group order, with its reason.
        aftersale = env["mall.aftersale"].search([("partner_id", "=", self.lina.id)])
        self.assertEqual(len(aftersale), 1, aftersale)
        lina_order = paid.filtered(lambda m: m.partner_id == self.lina).order_id
        self.assertEqual(aftersale.order_id, lina_order)
        self.assertEqual(
            (aftersale.type, aftersale.reason, aftersale.state),
            ("refund", "unwanted", "requested"),
        )
        self.assertIn("尽快", aftersale.description)

        # Share: the link carried 李娜's share token; the newcomer's sign-in
        # through it rewarded both.
        share = env["mall.share"].search(
            [("partner_id", "=", self.lina.id), ("product_tmpl_id", "=", dress.id)]
        )
        self.assertEqual(share.campaign_id, share_campaign)
        referral = env["mall.share.referral"].search(
            [("newcomer_id", "=", newcomer.id)]
        )
        self.assertEqual((referral.share_id, referral.state), (share, "rewarded"))
        self.assertEqual(
            referral.newcomer_card_id.program_id, share_campaign.newcomer_program_id
        )
        self.assertEqual(referral.sharer_card_id.partner_id, self.lina)
        self.assertIn(f"id={dress.id}", result["share_link"])
        self.assertLess(time.monotonic() - started, 150, output)
        _logger.info(
            "H5 journeys (group buy, after-sales, share): %.1f s",
            time.monotonic() - started,
        )

    def test_member_journeys(self):
        """李娜 signs in for the day, redeems a coupon for points, asks for
        an invoice of a paid order with a new company title and applies to
        be a promoter."""
        started = time.monotonic()
        env = self.env
        company = env.company
        off_day = (fields.Datetime.now().day + 9) % 28 + 1  # no member day
        _program, coupons, _reward = setup_member_program(
            env, company, mall_member_day=off_day
        )
        Rule = env["mall.signin.rule"]
        Rule.search([("company_id", "=", company.id)]).active = False
        rule = Rule.create({"name": "每日签到", "base_points": 5, "cycle_days": 7})
        Points = env["mall.member.points"]
        Points._mall_earn(self.lina, 200, "signup", "测试积分", company)
        env["mall.signin"].search([("partner_id", "=", self.lina.id)]).unlink()
        item = env["mall.points.item"].create(
            {
                "name": "积分兑十元券",
                "kind": "coupon",
                "coupon_program_id": coupons.id,
                "points": 120,
                "stock_qty": 10,
            }
        )
        self._setup_aftersale()
        order = self._paid_order(self.lina, qty=1, deliver=False)
        env["mall.promoter"].search([("partner_id", "=", self.lina.id)]).unlink()
        company.write(
            {"mall_distribution_enabled": True, "mall_distribution_mode": "application"}
        )
        title, tax_id = "福州测试科技有限公司", "91350100M000100Y43"
        # The balance now: the 200 given and the paid order's points.
        start = int(Points._mall_card(self.lina, create=False).points)

        result, output = self._run_script(
            MEMBER_JOURNEYS, item.name, order.id, title, tax_id
        )
        env.invalidate_all()

        # Sign-in: today's record, its points on the balance, shown done.
        today = env["mall.signin"]._mall_today()
        signin = env["mall.signin"].search(
            [("partner_id", "=", self.lina.id), ("date", "=", today)]
        )
        self.assertEqual((len(signin), signin.points), (1, rule._mall_reward(1)))
        self.assertIn("今日已签到", result["signin_button"])
        self.assertEqual(result["balance_before"], f"我的积分 {start}")
        self.assertEqual(result["balance_after"], f"我的积分 {start + signin.points}")

        # Points mall: redeemed for points, the coupon in the wallet.
        redemption = env["mall.points.redemption"].search(
            [("partner_id", "=", self.lina.id), ("item_id", "=", item.id)]
        )
        self.assertEqual((len(redemption), redemption.points), (1, 120))
        card = Points._mall_card(self.lina, create=False)
        self.assertEqual(int(card.points), start + signin.points - 120)
        wallet = env["loyalty.card"].search(
            [("partner_id", "=", self.lina.id), ("program_id", "=", coupons.id)]
        )
        self.assertEqual(redemption.coupon_ids, wallet)
        self.assertIn(coupons.name, result["wallet"])

        # Invoice: the company title saved, its snapshot on the request.
        saved = env["mall.invoice.title"].search(
            [("partner_id", "=", self.lina.id), ("name", "=", title)]
        )
        self.assertEqual((saved.kind, saved.tax_id), ("company", tax_id))
        invoice = env["mall.invoice.request"].search([("order_id", "=", order.id)])
        self.assertEqual(
            (invoice.state, invoice.title_kind, invoice.title_name),
            ("requested", "company", title),
        )
        self.assertEqual(invoice.title_tax_id, tax_id)

        # Promoter: applied, waiting for the merchant.
        promoter = env["mall.promoter"]._mall_of(self.lina)
        self.assertEqual(promoter.state, "applied")
        self.assertLess(time.monotonic() - started, 90, output)
        _logger.info(
            "H5 member journeys (sign-in, points mall, invoice, promoter): %.1f s",
            time.monotonic() - started,
        )
