#!/usr/bin/env node
// End-to-end journeys beyond the purchase, in headless Chromium against the
// H5 build served same-origin with a real Odoo (run by
// mall_miniprogram/tests/test_h5_e2e.py, which prepares the data and checks
// the Odoo side):
//   node tests/e2e/journeys.mjs <base-url> <screenshot-dir> \
//     <groupbuy-campaign-id> <friend-shopper-id> <newcomer-shopper-id> <product-id>
// 1. Group buy: 李娜 opens a group, sees its progress and shares it (the Web
//    Share API, faked in her browser, receives the link); her friend opens
//    the link in a second browser, signs in and joins: the group succeeds.
// 2. After-sales: 李娜 asks for a refund of her group order with a reason
//    and sees it listed.
// 3. Share: 李娜 shares a product while a share campaign runs; a newcomer
//    opens the link in a third browser and signs in through it (the share
//    token the page kept goes with the sign-in): the newcomer's coupon shows.
// Prints one line `E2E_RESULT {...}`; exits non-zero on any failure.
import {
  expect,
  go,
  launchChromium,
  newShopperPage as openPage,
  reportFailure,
  shot as screenshot,
  signIn as signInWith,
  stepLogger,
} from "./browser.mjs";

const [baseArg, shots, campaignId, friendId, newcomerId, productId] =
  process.argv.slice(2);
const base = (baseArg || "").replace(/\/$/, "");
if (!base || !shots || !campaignId || !friendId || !newcomerId || !productId) {
  console.error(
    "usage: journeys.mjs <base-url> <screenshot-dir> <campaign> <friend> <newcomer> <product>"
  );
  process.exit(2);
}
const API = `${base}/mall/api/v1`;
const PAY_TIMEOUT = 45000;
const step = stepLogger();

const browser = await launchChromium();
const problems = [];
const pages = [];

async function newShopperPage(name, options) {
  const page = await openPage(browser, name, problems, options);
  pages.push(page);
  return page;
}
const shot = (page, name) => screenshot(page, shots, name);
const signIn = (page, body) => signInWith(page, API, body);
async function lastShared(page, count) {
  await page.waitForFunction((n) => window.__shared.length >= n, count);
  return page.evaluate(() => window.__shared[window.__shared.length - 1]);
}

const result = {};
try {
  // 1. Group buy. 李娜 signs in from the home page and opens a group.
  const lina = await newShopperPage("李娜", {fakeShare: true});
  await lina.goto(`${base}/#/pages/index/index`);
  await lina.locator(".product-card").first().waitFor();
  await go(lina, "/pages/login/login");
  await signIn(lina, {});
  await lina.waitForURL(/pages\/index\/index/);
  await go(lina, `/pages/groupbuy/groupbuy?id=${campaignId}`);
  await lina.locator(".gb-open").click();
  // Seat, checkout and balance payment: slow on a loaded machine.
  const mine = lina.locator(".gb-mine");
  await mine.getByText("还差").waitFor({timeout: PAY_TIMEOUT});
  result.group_progress = await mine.locator(".gb-progress-text").innerText();
  step(`李娜 opened a group: ${result.group_progress}`);
  await shot(lina, "groupbuy");
  await mine.locator(".gb-share").click();
  const groupShare = await lastShared(lina, 1);
  result.group_link = groupShare.url;
  result.group_id = Number(/group=(\d+)/.exec(groupShare.url)[1]);
  expect(groupShare.url.startsWith(base), `group link ${groupShare.url}`);
  step(`shared through the Web Share API: ${groupShare.url}`);

  // 王伟 opens the link in his own browser, signs in when he joins.
  const friend = await newShopperPage("王伟");
  await friend.goto(groupShare.url);
  const invite = friend.locator(".gb-invite");
  await invite.getByText("邀请你参团").waitFor(); // "李** 邀请你参团": names masked
  await invite.locator(".gb-share").click();
  await friend.waitForURL(/pages\/login\/login/);
  await signIn(friend, {shopper_id: Number(friendId)});
  await friend.waitForURL(/pages\/groupbuy\/groupbuy/);
  await invite.locator(".gb-share").click();
  await friend
    .locator(".gb-mine")
    .getByText("拼团成功")
    .waitFor({timeout: PAY_TIMEOUT});
  step("王伟 joined through the link: group succeeded");
  await shot(friend, "groupbuy-success");

  // 2. After-sales: 李娜 asks for a refund of her group order.
  await go(lina, "/pages/orders/orders");
  await lina.locator(".card", {hasText: "阳光玫瑰青提"}).first().click();
  await lina.waitForURL(/pages\/order\/order/);
  await lina.getByText("申请售后").click();
  await lina.waitForURL(/pages\/aftersale-new/);
  await lina.locator(".as-row").click(); // the reason picker: first reason
  await lina.locator(".uni-picker-action-confirm").click();
  await lina.locator(".as-row", {hasText: "不想要了"}).waitFor();
  await lina.locator(".as-text textarea").fill("拍多了，请尽快退款");
  await lina.locator(".as-submit").click();
  await lina.waitForURL(/pages\/aftersale\/aftersale\?id=\d+/);
  result.aftersale_id = Number(/id=(\d+)/.exec(lina.url())[1]);
  await go(lina, "/pages/aftersales/aftersales");
  const listed = lina.locator(".al-item").first();
  await listed.getByText("待商家处理").waitFor();
  result.aftersale_listed = await listed.innerText();
  step(`after-sale ${result.aftersale_id} requested and listed`);
  await shot(lina, "aftersale");

  // 3. Share to get a coupon: 李娜 shares a product.
  await go(lina, `/pages/product/product?id=${productId}`);
  await lina.locator(".d-share").waitFor();
  result.share_campaign = await lina.locator(".d-share-title").innerText();
  await lina.locator(".d-share-btn").click();
  const productShare = await lastShared(lina, 2);
  result.share_link = productShare.url;
  expect(/[?&]s=/.test(productShare.url), `share link ${productShare.url}`);
  step(`李娜 shared ${productShare.url}`);

  // A newcomer opens it, then signs in through it.
  const newcomer = await newShopperPage("newcomer");
  await newcomer.goto(productShare.url);
  await newcomer.locator(".d-name").waitFor();
  const kept = await newcomer.evaluate(() => {
    const raw = localStorage.getItem("mall.share.token");
    try {
      const value = JSON.parse(raw);
      return value && typeof value === "object" ? value.data : value;
    } catch {
      return raw;
    }
  });
  expect(
    kept && productShare.url.includes(`s=${encodeURIComponent(kept)}`),
    `kept ${kept}`
  );
  await go(newcomer, "/pages/login/login");
  // Browsers have no platform sign-in: the test route takes the kept token
  // as the mini-program login page sends it with wx.login's code.
  await signIn(newcomer, {
    shopper_id: Number(newcomerId),
    share_token: kept,
    device_id: "e2e-newcomer-phone",
  });
  await newcomer.waitForURL(/pages\/product\/product/); // back where they were
  await go(newcomer, "/pages/coupons/coupons");
  await newcomer.waitForURL(/pages\/coupons\/coupons/);
  await newcomer.locator(".cp-name", {hasText: "新人券"}).waitFor();
  step("the newcomer signed in through the share and holds the 新人券");
  await shot(newcomer, "share-coupon");

  if (problems.length) throw new Error(problems.join("\n"));
  console.log(`E2E_RESULT ${JSON.stringify(result)}`);
  step("done");
} catch (err) {
  await reportFailure(err, problems, pages, "mall-e2e-journeys");
} finally {
  await browser.close();
}
