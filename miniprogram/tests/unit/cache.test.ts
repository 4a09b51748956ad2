import {describe, expect, it} from "vitest";
import {NetworkError} from "../../src/api/errors";
import {OfflineCache, byteLength, cachedFetch} from "../../src/offline/cache";
import {MemoryKV} from "../../src/utils/storage";

function clock(start = 1_000_000) {
  let t = start;
  return {now: () => t, tick: (ms: number) => (t += ms)};
}

describe("OfflineCache", () => {
  it("returns what was saved until it expires", () => {
    const c = clock();
    const cache = new OfflineCache(new MemoryKV(), {ttlMs: 1000, now: c.now});
    cache.set("product:1", {name: "连衣裙"});
    expect(cache.get("product:1")?.value).toEqual({name: "连衣裙"});
    c.tick(1001);
    expect(cache.get("product:1")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("evicts the least recently used entry beyond maxEntries", () => {
    const c = clock();
    const kv = new MemoryKV();
    const cache = new OfflineCache(kv, {maxEntries: 2, now: c.now});
    cache.set("a", 1);
    c.tick(1);
    cache.set("b", 2);
    c.tick(1);
    cache.get("a"); // a is now the most recent
    c.tick(1);
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.value).toBe(1);
    expect(cache.get("c")?.value).toBe(3);
    expect(kv.data.has("mall.cache:b")).toBe(false);
  });

  it("keeps the total size under maxBytes and refuses an entry too big alone", () => {
    const c = clock();
    const cache = new OfflineCache(new MemoryKV(), {maxBytes: 100, now: c.now});
    cache.set("x", "a".repeat(40));
    c.tick(1);
    cache.set("y", "b".repeat(40));
    c.tick(1);
    cache.set("z", "c".repeat(40));
    expect(cache.bytes).toBeLessThanOrEqual(100);
    expect(cache.get("x")).toBeUndefined();
    expect(cache.set("huge", "汉".repeat(40))).toBe(false); // 120 bytes in UTF-8
    expect(cache.get("huge")).toBeUndefined();
  });

  it("survives a restart (index kept in storage)", () => {
    const kv = new MemoryKV();
    new OfflineCache(kv).set("list:home", [1, 2, 3]);
    expect(new OfflineCache(kv).get("list:home")?.value).toEqual([1, 2, 3]);
  });

  it("measures UTF-8 bytes", () => {
    expect(byteLength("abc")).toBe(3);
    expect(byteLength("¥")).toBe(2);
    expect(byteLength("商城")).toBe(6);
    expect(byteLength("😀")).toBe(4);
  });
});

describe("cachedFetch", () => {
  const offline = (e: unknown) => e instanceof NetworkError;

  it("refreshes the cache online and falls back to it offline", async () => {
    const cache = new OfflineCache(new MemoryKV());
    const fresh = await cachedFetch(cache, "p:1", async () => ({v: 1}), offline);
    expect(fresh).toEqual({value: {v: 1}, stale: false});
    const stale = await cachedFetch(
      cache,
      "p:1",
      () => Promise.reject(new NetworkError()),
      offline
    );
    expect(stale.value).toEqual({v: 1});
    expect(stale.stale).toBe(true);
  });

  it("rethrows offline without a copy, and never hides server errors", async () => {
    const cache = new OfflineCache(new MemoryKV());
    await expect(
      cachedFetch(cache, "p:2", () => Promise.reject(new NetworkError()), offline)
    ).rejects.toBeInstanceOf(NetworkError);
    cache.set("p:3", 1);
    await expect(
      cachedFetch(cache, "p:3", () => Promise.reject(new Error("404")), offline)
    ).rejects.toThrow("404");
  });
});
