#!/usr/bin/env node
// End-to-end purchase in headless Chromium against the H5 build served
// same-origin with a real Odoo (mall_miniprogram/tests/test_h5_e2e.py serves
// it and checks the Odoo side):
//   node tests/e2e/purchase.mjs <base-url> [screenshot-dir]
// Signs in through the test-only POST /mall/api/v1/auth/e2e, searches in
// Chinese, filters by price, opens a product, picks a variant, adds it to the
// cart, checks out with the pre-selected best coupon, pays from the balance
// and sees the order; then goes offline, opens the cached product, adds it to
// the cart, comes back online and waits for the cart sync. Prints one line
// `E2E_RESULT {...}` for the caller; exits non-zero on any failure.
import {mkdtempSync, mkdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {chromium} from "playwright-core";
import {CHROMIUM_FLAGS, CHROMIUM_PATH} from "./browser.mjs";

const base = (process.argv[2] || "").replace(/\/$/, "");
if (!base) {
  console.error("usage: purchase.mjs <base-url> [screenshot-dir]");
  process.exit(2);
}
const shots =
  process.argv[3] || new URL("../../docs/screenshots/", import.meta.url).pathname;
const QUERY = process.env.MALL_E2E_QUERY || "连衣裙";
const PRICE_MIN = 300;
const PRICE_MAX = 400;
const API = `${base}/mall/api/v1`;
const started = Date.now();
const step = (what) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);

const profile = mkdtempSync(join(tmpdir(), "mall-e2e-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: ["--headless", ...CHROMIUM_FLAGS],
  viewport: {width: 390, height: 760},
  deviceScaleFactor: 1,
  locale: "zh-CN",
  timezoneId: "Asia/Shanghai",
});
context.setDefaultTimeout(15000);
const page = context.pages()[0] || (await context.newPage());
const problems = [];
page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
page.on("console", (msg) => {
  if (
    msg.type() === "error" &&
    !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(msg.text())
  )
    problems.push(`console: ${msg.text()}`);
});

function expect(condition, message) {
  if (!condition) throw new Error(`expectation failed: ${message}`);
}
const fen = (text) => Math.round(Number(String(text).replace(/[^\d.]/g, "")) * 100);
async function shot(name) {
  mkdirSync(shots, {recursive: true});
  await waitToastGone();
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.waitForTimeout(200); // images decoded
  await page.screenshot({path: join(shots, `${name}.png`)});
}
async function go(route) {
  await page.evaluate((r) => (window.location.hash = r), route);
}
async function waitToastGone() {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll("uni-toast")].every((t) => !t.checkVisibility()),
    null,
    {timeout: 5000}
  );
}

let token = "";
async function apiGet(path) {
  const res = await page.request.get(API + path, {
    headers: {Authorization: `Bearer ${token}`, "X-Mall-Platform": "h5"},
  });
  expect(res.ok(), `GET ${path} answered ${res.status()}`);
  return (await res.json()).data;
}

const result = {};
try {
  // 1. Sign in: the test-only route gives a token, the H5 login page takes it.
  await page.goto(`${base}/#/pages/index/index`);
  await page.locator(".product-card").first().waitFor();
  await go("/pages/login/login"); // from home, as a shopper would: back returns there
  await page.locator(".lg-input input").waitFor();
  const login = await page.request.post(`${API}/auth/e2e`, {
    data: {},
    headers: {"X-Mall-Platform": "h5"},
  });
  expect(login.ok(), `test sign-in answered ${login.status()}`);
  token = (await login.json()).data.token;
  await page.locator(".lg-input input").fill(token);
  await page.getByText("使用令牌登录").click();
  await page.getByText("登录成功").waitFor();
  await page.waitForURL(/pages\/index\/index/);
  await page.locator(".product-card").first().waitFor();
  step("signed in, home page shown");
  await shot("home");

  // 2. Search in Chinese, then filter by price.
  await go("/pages/search/search");
  await page.locator(".s-input input").fill(QUERY);
  await page.locator(".s-go").click();
  await page.waitForURL(/pages\/list\/list/);
  await page.locator(".product-card").first().waitFor();
  const found = await page.locator(".pc-name").allInnerTexts();
  expect(
    found.length > 1 && found.every((n) => n.includes(QUERY)),
    `search results ${found}`
  );
  const inputs = page.locator(".l-price-in input");
  await inputs.nth(0).fill(String(PRICE_MIN));
  await inputs.nth(1).fill(String(PRICE_MAX));
  await page.locator(".l-apply").click();
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll(".product-card").length < n &&
      document.querySelectorAll(".product-card").length > 0,
    found.length
  );
  const prices = (await page.locator(".product-card .price").allInnerTexts()).map(fen);
  expect(
    prices.every((p) => p >= PRICE_MIN * 100 && p <= PRICE_MAX * 100),
    `filtered prices ${prices}`
  );
  result.searched = found;
  result.filtered = await page.locator(".pc-name").allInnerTexts();
  step(
    `searched "${QUERY}": ${found.length} products, ${prices.length} in ${PRICE_MIN}-${PRICE_MAX}`
  );
  await shot("list");

  // 3. Open the first product, pick the last value of its last attribute.
  await page.locator(".product-card").first().click();
  await page.waitForURL(/pages\/product\/product\?id=(\d+)/);
  result.product_id = Number(/id=(\d+)/.exec(page.url())[1]);
  await page.locator(".d-name").waitFor();
  result.product = await page.locator(".d-name").innerText();
  const lastAttr = page.locator(".d-attr").last();
  const value = lastAttr.locator(".d-value:not(.off)").last();
  result.variant = await value.innerText();
  await value.click();
  await page.waitForFunction(
    () => document.querySelectorAll(".d-value.picked").length > 0
  );
  expect(
    /库存 \d+/.test(await page.locator(".d-stock").innerText()),
    "the variant is in stock"
  );
  step(`product ${result.product} (${result.product_id}), variant ${result.variant}`);
  await shot("product");

  // 4. Add to the cart, then check out from the cart.
  await page.locator(".d-add").click();
  await page.getByText("已加入购物车").first().waitFor();
  await page.locator(".d-bar-icon", {hasText: "购物车"}).click();
  await page.waitForURL(/pages\/cart\/cart/);
  await page.locator(".c-line", {hasText: result.product}).waitFor();
  await page.locator(".c-pending").waitFor({state: "detached"});
  await page.locator(".c-pay").click();
  await page.waitForURL(/pages\/checkout\/checkout/);

  // 5. The best coupon is pre-selected; pay from the balance.
  await page.locator(".co-best").waitFor();
  result.saved = await page.locator(".co-saved").innerText();
  result.payable = await page.locator(".co-amount").innerText();
  result.coupons = await page
    .locator(".co-coupon:has(.check.on) .co-coupon-text > :first-child")
    .allInnerTexts();
  expect(result.coupons.length > 0, "a coupon is pre-selected");
  step(`checkout: ${result.payable}, ${result.saved}, coupons ${result.coupons}`);
  await shot("checkout");
  await page.locator(".co-submit").click();
  await page.waitForURL(/pages\/orders\/orders/);
  await page.getByText("支付成功").first().waitFor();
  await page.locator(".o-line-name", {hasText: result.product}).first().waitFor();
  result.order_status = await page.locator(".o-status").first().innerText();
  step(`paid; order list shows ${result.product}, ${result.order_status}`);
  await shot("orders");

  // 6. Offline: the product seen before comes from the cache, the cart
  // change is queued; back online it is sent once.
  await context.setOffline(true);
  await page.waitForFunction(() => !navigator.onLine);
  await go(`/pages/product/product?id=${result.product_id}`);
  await page.locator(".d-name").waitFor();
  await page.getByText("当前离线").first().waitFor();
  await page.locator(".d-add").click();
  await page.getByText("联网后同步").first().waitFor();
  // (page.request is outside the browser's network emulation: it still
  // reaches the server, whose cart is empty until the queue is replayed.)
  const before = await apiGet("/cart");
  expect(
    !JSON.stringify(before).includes(result.product),
    "nothing synced while offline"
  );
  step("offline: cached product shown, cart change queued");
  await context.setOffline(false);
  let cart = null;
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(250);
    cart = await apiGet("/cart");
    if (JSON.stringify(cart).includes(result.product)) break;
  }
  // Give a doubled replay time to show up, and trigger one more flush.
  await go("/pages/cart/cart");
  await page.locator(".c-line", {hasText: result.product}).waitFor();
  await page.waitForTimeout(1500);
  cart = await apiGet("/cart");
  result.cart = cart;
  step("online again: cart synced");
  if (problems.length) throw new Error(problems.join("\n"));
  console.log(`E2E_RESULT ${JSON.stringify(result)}`);
  step("done");
} catch (err) {
  console.error(err.stack || String(err));
  if (problems.length) console.error(problems.join("\n"));
  await page
    .screenshot({path: join(tmpdir(), "mall-e2e-failure.png")})
    .catch(() => undefined);
  console.error(
    `failure screenshot: ${join(tmpdir(), "mall-e2e-failure.png")} at ${page.url()}`
  );
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, {recursive: true, force: true});
}
