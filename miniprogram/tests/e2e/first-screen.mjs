#!/usr/bin/env node
// First-screen timings of the H5 build in headless Chromium, cold (a fresh
// profile per load): first contentful paint (the browser's own
// `first-contentful-paint` entry), the first product card on screen, and the
// bytes transferred; unthrottled and on an emulated 3G link.
//   node tests/e2e/first-screen.mjs <base-url> [runs] [product-id]
// Prints one line `FIRST_SCREEN {...}` (JSON, milliseconds and bytes, medians).
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {chromium} from "playwright-core";
import {CHROMIUM_FLAGS, CHROMIUM_PATH} from "./browser.mjs";

const base = (process.argv[2] || "").replace(/\/$/, "");
const runs = Number(process.argv[3] || 3);
const productId = Number(process.argv[4] || 0);
if (!base) {
  console.error("usage: first-screen.mjs <base-url> [runs] [product-id]");
  process.exit(2);
}
const pages = {
  home: {route: "/pages/index/index", ready: ".product-card"},
  list: {route: "/pages/list/list", ready: ".product-card"},
};
if (productId)
  pages.detail = {route: `/pages/product/product?id=${productId}`, ready: ".d-name"};
// Chrome DevTools' "Fast 3G" preset, as bytes per second.
const NETWORKS = {
  unthrottled: null,
  "fast-3g": {latency: 150, downloadThroughput: 180000, uploadThroughput: 84375},
};
const FLAGS = ["--headless", ...CHROMIUM_FLAGS];

async function load(route, ready, network) {
  const profile = mkdtempSync(join(tmpdir(), "mall-fcp-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: {width: 390, height: 760},
    locale: "zh-CN",
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    if (network) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {offline: false, ...network});
    }
    await page.goto(`${base}/#${route}`, {waitUntil: "commit", timeout: 60000});
    await page.locator(ready).first().waitFor({timeout: 60000});
    const ready_ms = await page.evaluate(() => performance.now());
    const fcp = await page.evaluate(
      () =>
        new Promise((resolve) => {
          new PerformanceObserver((list) => {
            const entry = list.getEntriesByName("first-contentful-paint")[0];
            if (entry) resolve(entry.startTime);
          }).observe({type: "paint", buffered: true});
        })
    );
    await page.waitForLoadState("networkidle").catch(() => undefined);
    const bytes = await page.evaluate(() =>
      [
        ...performance.getEntriesByType("navigation"),
        ...performance.getEntriesByType("resource"),
      ].reduce((sum, e) => sum + (e.transferSize || 0), 0)
    );
    return {fcp, ready: ready_ms, bytes};
  } finally {
    await context.close();
    rmSync(profile, {recursive: true, force: true});
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = {runs};
for (const [netName, network] of Object.entries(NETWORKS)) {
  out[netName] = {};
  for (const [name, {route, ready}] of Object.entries(pages)) {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await load(route, ready, network));
    out[netName][name] = {
      fcp_ms: Math.round(median(samples.map((s) => s.fcp))),
      ready_ms: Math.round(median(samples.map((s) => s.ready))),
      bytes: median(samples.map((s) => s.bytes)),
    };
    console.error(`${netName} ${name}: ${JSON.stringify(out[netName][name])}`);
  }
}
console.log(`FIRST_SCREEN ${JSON.stringify(out)}`);
