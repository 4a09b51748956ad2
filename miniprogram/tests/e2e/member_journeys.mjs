#!/usr/bin/env node
// Member journeys in headless Chromium against the H5 build served
// same-origin with a real Odoo (run by mall_miniprogram/tests/test_h5_e2e.py,
// which prepares the data and checks the Odoo side):
//   node tests/e2e/member_journeys.mjs <base-url> <screenshot-dir> \
//     <coupon-item-name> <paid-order-id> <title-name> <tax-id>
// 1. Sign-in: 李娜 opens 每日签到 from the member page and signs in.
// 2. Points mall: she redeems a coupon item for points; the coupon shows in
//    her wallet.
// 3. Invoice: she adds a company invoice title, then asks for an invoice of
//    a paid order with it.
// 4. Promoter: she applies on 推广中心.
// Prints one line `E2E_RESULT {...}`; exits non-zero on any failure.
import {
  go,
  launchChromium,
  newShopperPage,
  reportFailure,
  shot,
  signIn,
  stepLogger,
} from "./browser.mjs";

const [baseArg, shots, itemName, orderId, titleName, taxId] = process.argv.slice(2);
const base = (baseArg || "").replace(/\/$/, "");
if (!base || !shots || !itemName || !orderId || !titleName || !taxId) {
  console.error(
    "usage: member_journeys.mjs <base-url> <screenshot-dir> <item> <order> <title> <tax-id>"
  );
  process.exit(2);
}
const API = `${base}/mall/api/v1`;
const step = stepLogger();

const browser = await launchChromium();
const problems = [];
const page = await newShopperPage(browser, "李娜", problems);

/** From the member page, open one of its menu entries. */
async function fromMember(label, route) {
  await go(page, "/pages/member/member");
  await page.waitForURL(/pages\/member\/member/);
  await page.locator(".m-item", {hasText: label}).click();
  await page.waitForURL(route);
}

const result = {};
try {
  // 李娜 signs in with the test-only route, on the H5 login page.
  await page.goto(`${base}/#/pages/index/index`);
  await page.locator(".product-card").first().waitFor();
  await go(page, "/pages/login/login");
  await signIn(page, API, {});
  await page.waitForURL(/pages\/index\/index/);

  // 1. Sign-in.
  await fromMember("每日签到", /pages\/signin\/signin/);
  const button = page.locator(".si-btn");
  await button.getByText("签到领").waitFor();
  result.balance_before = await page.locator(".si-balance").innerText();
  await button.click();
  await button.getByText("今日已签到").waitFor();
  result.signin_button = await button.innerText();
  result.balance_after = await page.locator(".si-balance").innerText();
  step(`signed in: ${result.signin_button}, ${result.balance_after}`);
  await shot(page, shots, "signin");

  // 2. Points mall: the coupon item, redeemed for points.
  await page.locator(".si-link", {hasText: "积分商城"}).click();
  await page.waitForURL(/pages\/points-mall\/points-mall/);
  await page.locator(".pm-item", {hasText: itemName}).click();
  await page.waitForURL(/pages\/points-item\/points-item/);
  const submit = page.locator(".pi-submit");
  await submit.getByText("立即兑换").waitFor();
  await shot(page, shots, "points-mall");
  await submit.click();
  await page.getByText("去查看").click();
  await page.waitForURL(/pages\/coupons\/coupons/);
  const wallet = page.locator(".cp-name");
  await wallet.first().waitFor();
  result.wallet = await wallet.allInnerTexts();
  step(`redeemed ${itemName}; wallet: ${result.wallet.join(", ")}`);
  await go(page, "/pages/points-redemptions/points-redemptions");
  await page.waitForURL(/pages\/points-redemptions/);
  await page.locator(".pr-name", {hasText: itemName}).waitFor();

  // 3. Invoice: a company title, then the order's invoice.
  await fromMember("发票抬头", /pages\/invoice-titles\/invoice-titles/);
  await page.getByText("+ 新增发票抬头").click();
  await page.locator(".it-kind", {hasText: "单位"}).click();
  const field = (label) =>
    page.locator(".it-row", {has: page.locator(".it-label", {hasText: label})});
  await field("抬头").locator("input").fill(titleName);
  await field("税号").locator("input").fill(taxId.toLowerCase());
  await field("接收邮箱").locator("input").fill("finance@example.com");
  await page.locator(".it-actions").getByText("保存").click();
  await page.locator(".it-item", {hasText: titleName}).waitFor();
  step(`title ${titleName} saved`);
  await go(page, `/pages/order/order?id=${orderId}`);
  await page.waitForURL(/pages\/order\/order/);
  await page.locator(".od-actions").getByText("申请开票").click();
  await page.getByText(`${titleName}（单位）`).click();
  const card = page.locator(".od-invoice");
  await card.getByText("开票中").waitFor();
  result.invoice_card = await card.innerText();
  step(`invoice requested: ${result.invoice_card.replace(/\s+/g, " ")}`);
  await shot(page, shots, "invoice");

  // 4. Promoter: apply.
  await fromMember("推广中心", /pages\/promoter\/promoter/);
  await page.locator(".pm-btn", {hasText: "提交申请"}).click();
  await page.locator(".pm-state", {hasText: "审核中"}).waitFor();
  result.promoter = await page.locator(".pm-join").innerText();
  step("applied to be a promoter");
  await shot(page, shots, "promoter");

  if (problems.length) throw new Error(problems.join("\n"));
  console.log(`E2E_RESULT ${JSON.stringify(result)}`);
  step("done");
} catch (err) {
  await reportFailure(err, problems, [page], "mall-e2e-member");
} finally {
  await browser.close();
}
