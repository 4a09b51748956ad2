// Shared by the end-to-end scripts run in separate browser contexts
// (journeys.mjs, member_journeys.mjs): headless Chromium, shopper pages that
// record page errors, screenshots, hash navigation and the test sign-in.
import {mkdirSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {chromium} from "playwright-core";

export const CHROMIUM_PATH = process.env.MALL_CHROMIUM || "/usr/bin/chromium";
/** Quiet and quick: no sandbox (root in CI), no GPU, no background traffic. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/** A phone-sized page of its own context; errors it logs go to `problems`. */
export async function newShopperPage(
  browser,
  name,
  problems,
  {fakeShare = false} = {}
) {
  const context = await browser.newContext({
    viewport: {width: 390, height: 760},
    deviceScaleFactor: 1,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  context.setDefaultTimeout(15000);
  if (fakeShare)
    // Desktop Chromium on Linux has no share sheet: stand in for the Web
    // Share API as a phone browser offers it, recording what is shared.
    await context.addInitScript(() => {
      window.__shared = [];
      Object.defineProperty(Navigator.prototype, "share", {
        configurable: true,
        value: (data) => {
          window.__shared.push(data);
          return Promise.resolve();
        },
      });
    });
  const page = await context.newPage();
  page.on("pageerror", (err) => problems.push(`${name}: page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/Failed to load resource/.test(msg.text()))
      problems.push(`${name}: console: ${msg.text()}`);
  });
  return page;
}

export function expect(condition, message) {
  if (!condition) throw new Error(`expectation failed: ${message}`);
}

export function stepLogger() {
  const started = Date.now();
  return (what) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
}

async function waitToastGone(page) {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll("uni-toast")].every((t) => !t.checkVisibility()),
    null,
    {timeout: 5000}
  );
}

export async function shot(page, dir, name) {
  mkdirSync(dir, {recursive: true});
  await waitToastGone(page);
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.waitForTimeout(200);
  await page.screenshot({path: join(dir, `${name}.png`)});
}

export async function go(page, route) {
  await page.evaluate((r) => (window.location.hash = r), route);
}

/** The test-only sign-in gives a token; the H5 login page (open) takes it. */
export async function signIn(page, api, body) {
  await page.locator(".lg-input input").waitFor();
  const res = await page.request.post(`${api}/auth/e2e`, {
    data: body,
    headers: {"X-Mall-Platform": "h5"},
  });
  expect(res.ok(), `test sign-in answered ${res.status()}: ${await res.text()}`);
  const token = (await res.json()).data.token;
  await page.locator(".lg-input input").fill(token);
  await page.getByText("使用令牌登录").click();
  await page.getByText("登录成功").waitFor();
  return token;
}

/** Report a failure: the error, the problems seen, a screenshot per page. */
export async function reportFailure(err, problems, pages, prefix) {
  console.error(err.stack || String(err));
  if (problems.length) console.error(problems.join("\n"));
  for (const [i, page] of pages.entries()) {
    const path = join(tmpdir(), `${prefix}-failure-${i}.png`);
    await page.screenshot({path}).catch(() => undefined);
    console.error(`failure screenshot: ${path} at ${page.url()}`);
  }
  process.exitCode = 1;
}
