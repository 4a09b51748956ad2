/**
 * Contract check against a running Odoo with demo data (skipped unless
 * MALL_LIVE_URL is set; MALL_LIVE_TOKEN: a shopper's session token):
 *   MALL_LIVE_URL=http://localhost:8069 MALL_LIVE_TOKEN=... npx vitest run tests/live
 */
import {describe, expect, it} from "vitest";
import {ApiClient, uuid4} from "../../src/api/client";
import {endpoints} from "../../src/api/endpoints";
import {NetworkError} from "../../src/api/errors";
import {fetchTransport} from "../../src/api/fetchTransport";
import type {Session} from "../../src/api/types";
import {CartQueue} from "../../src/offline/queue";
import {CartStore} from "../../src/stores/cart";
import {toFen} from "../../src/utils/money";
import {MemoryKV} from "../../src/utils/storage";
import {defaultPicks, matchVariant} from "../../src/utils/variants";

const URL = process.env.MALL_LIVE_URL;
const TOKEN = process.env.MALL_LIVE_TOKEN ?? "";

describe.skipIf(!URL)("live API", () => {
  const session = {token: TOKEN, refresh_token: ""} as Session;
  const client = new ApiClient({
    baseUrl: URL ?? "",
    platform: "h5",
    transport: fetchTransport,
    tokens: {get: () => session, set: () => undefined},
  });
  const api = endpoints(client);

  it("browses: categories, Chinese search, product detail with a variant", async () => {
    const cats = await api.catalog.categories();
    expect(cats.length).toBeGreaterThan(0);
    const all = await api.catalog.products({page_size: 5, sort: "price_asc"});
    expect(all.meta.total).toBeGreaterThan(0);
    const prices = all.items.map((p) => toFen(p.price));
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    const word = all.items[0].name.slice(0, 2);
    const found = await api.catalog.products({q: word});
    expect(found.items.some((p) => p.name.includes(word))).toBe(true);
    const detail = await api.catalog.product(all.items[0].id);
    const v = matchVariant(
      detail.variants,
      defaultPicks(detail.variants, detail.attributes),
      detail.attributes
    );
    expect(v).toBeDefined();
  });

  it("reads the flash sales, articles and FAQ the new pages show", async () => {
    const sales = await api.flash.sales();
    for (const s of sales.items) {
      expect(toFen(s.flash_price)).toBeLessThanOrEqual(toFen(s.list_price));
      expect(s.remaining).toBeLessThanOrEqual(s.quota);
      expect(s.currency).toMatch(/^[A-Z]{3}$/);
      expect(Number.isNaN(Date.parse(s.date_start))).toBe(false);
    }
    const articles = await api.content.list();
    if (articles.items.length) {
      const detail = await api.content.get(articles.items[0].id);
      expect(detail.title).toBe(articles.items[0].title);
      expect(typeof detail.body).toBe("string");
    }
    const cats = await api.service.categories();
    const faqs = await api.service.faqs(undefined, cats[0]?.id);
    for (const f of faqs.items) if (cats[0]) expect(f.category_id).toBe(cats[0].id);
  });

  it("lists group buys with a group price under the list price", async () => {
    const page = await api.groupbuy.campaigns();
    for (const c of page.items) {
      expect(toFen(c.group_price)).toBeLessThan(toFen(c.list_price));
      const detail = await api.groupbuy.campaign(c.id);
      expect(detail.group_size).toBeGreaterThanOrEqual(2);
      for (const g of detail.open_groups) expect(g.seats_left).toBeGreaterThan(0);
    }
  });

  it.skipIf(!TOKEN)(
    "replays offline cart changes exactly once, even when an answer is lost",
    async () => {
      const products = await api.catalog.products({in_stock: true, page_size: 1});
      const detail = await api.catalog.product(products.items[0].id);
      const variant = detail.variants.find((x) => x.stock >= 3)!;
      const before =
        (await api.cart.get()).lines.find((l) => l.variant_id === variant.id)
          ?.quantity ?? 0;
      const net = {online: false, loseAnswer: false};
      const store = new CartStore({
        queue: new CartQueue(new MemoryKV(), uuid4),
        kv: new MemoryKV(),
        isOnline: () => net.online,
        load: () => api.cart.get(),
        send: async (batch) => {
          const result = await api.cart.sync(batch.transactions, batch.key);
          if (net.loseAnswer) throw new NetworkError();
          return result;
        },
      });
      store.add(variant.id, 1, {
        product_id: detail.id,
        name: detail.name,
        price: variant.price,
      });
      store.add(variant.id, 1, {
        product_id: detail.id,
        name: detail.name,
        price: variant.price,
      });
      expect(store.state.pending).toBe(2);
      net.online = true;
      net.loseAnswer = true;
      await expect(store.flush()).rejects.toBeInstanceOf(NetworkError);
      net.loseAnswer = false;
      await store.flush();
      await store.flush();
      const after = (await api.cart.get()).lines.find(
        (l) => l.variant_id === variant.id
      )!.quantity;
      expect(after).toBe(before + 2);
      expect(store.state.lines.find((l) => l.variant_id === variant.id)!.quantity).toBe(
        after
      );
    }
  );

  it.skipIf(!TOKEN)("records favorites and footprints", async () => {
    const product = (await api.catalog.products({page_size: 1})).items[0];
    await api.lists.recordFootprint(product.id);
    expect((await api.lists.favorite(product.id)).favorite).toBe(true);
    const favorites = await api.lists.favorites();
    expect(favorites.items.map((f) => f.product.id)).toContain(product.id);
    const footprints = await api.lists.footprints();
    expect(footprints.items.map((f) => f.product.id)).toContain(product.id);
    expect((await api.lists.unfavorite(product.id)).favorite).toBe(false);
  });

  it.skipIf(!TOKEN)(
    "previews the checkout with the best coupons pre-selected",
    async () => {
      let addresses = await api.addresses.list();
      if (!addresses.length) {
        let regions = await api.addresses.regions();
        while (regions[0].has_children)
          regions = await api.addresses.regions(regions[0].id);
        await api.addresses.create({
          recipient: "测试",
          phone: "13800138000",
          region_id: regions[0].id,
          detail: "测试路 1 号",
          is_default: true,
        });
        addresses = await api.addresses.list();
      }
      const preview = await api.checkout.preview({address_id: addresses[0].id});
      expect(preview.orders.length).toBeGreaterThan(0);
      const saved = preview.coupons
        .filter((c) => c.selected)
        .reduce((s, c) => s + toFen(c.discount), 0);
      expect(toFen(preview.coupons_saved)).toBe(saved);
    }
  );
});
