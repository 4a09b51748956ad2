#!/usr/bin/env node
// First-screen budget: bytes of the API answers the home and list pages load,
// raw and gzipped, and the H5 build's JavaScript and CSS (build it first).
//   node scripts/payload.mjs [http://localhost:8069]
import {readdirSync, readFileSync, statSync, existsSync} from "node:fs";
import {join} from "node:path";
import {gzipSync} from "node:zlib";

const base = (
  process.argv[2] ||
  process.env.MALL_ODOO_URL ||
  "http://localhost:8069"
).replace(/\/$/, "");
const api = `${base}/mall/api/v1`;
const routes = {
  "home: categories": "/categories",
  "home: new (8 cards, 256px)":
    "/products?new=true&sort=newest&page_size=8&image_size=256",
  "home: hot (10 cards, 512px)": "/products?sort=sales&page_size=10&image_size=512",
  "list: first page (20 cards)": "/products?page_size=20&image_size=512",
};

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
let total = 0;
let totalGz = 0;
console.log(`API ${api}`);
for (const [name, path] of Object.entries(routes)) {
  const started = performance.now();
  const res = await fetch(api + path, {headers: {"X-Mall-Platform": "h5"}});
  const body = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - started;
  const gz = gzipSync(body).length;
  total += body.length;
  totalGz += gz;
  let perCard = "";
  try {
    const data = JSON.parse(body.toString()).data;
    if (Array.isArray(data) && data.length && "price" in data[0]) {
      perCard = `, ${Math.round(body.length / data.length)} B/card`;
    }
  } catch {
    // not JSON
  }
  console.log(
    `${name.padEnd(30)} ${res.status} ${kb(body.length).padStart(10)} raw ${kb(gz).padStart(9)} gzip ${ms.toFixed(0).padStart(5)} ms${perCard}`
  );
}
console.log(
  `${"home + list API".padEnd(30)}     ${kb(total).padStart(10)} raw ${kb(totalGz).padStart(9)} gzip`
);

const assets = new URL("../dist/build/h5/assets", import.meta.url).pathname;
if (existsSync(assets)) {
  const sizes = {js: [0, 0], css: [0, 0]};
  for (const f of readdirSync(assets)) {
    const ext = f.split(".").pop();
    if (!(ext in sizes)) continue;
    const buf = readFileSync(join(assets, f));
    sizes[ext][0] += statSync(join(assets, f)).size;
    sizes[ext][1] += gzipSync(buf).length;
  }
  for (const [ext, [raw, gz]] of Object.entries(sizes)) {
    console.log(
      `${`H5 build, all ${ext}`.padEnd(30)}     ${kb(raw).padStart(10)} raw ${kb(gz).padStart(9)} gzip`
    );
  }
} else {
  console.log("H5 build: run `npm run build:h5` first to measure its bundle");
}
