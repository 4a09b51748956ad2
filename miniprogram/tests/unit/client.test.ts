import {describe, expect, it} from "vitest";
import {ApiClient, encodeQuery, uuid4} from "../../src/api/client";
import {endpoints} from "../../src/api/endpoints";
import {ApiError, NetworkError, errorMessage} from "../../src/api/errors";
import {
  TransportFailure,
  type TransportRequest,
  type TransportResponse,
} from "../../src/api/transport";
import type {Session} from "../../src/api/types";

/** The error a promise rejects with; fails the test when it resolves. */
async function caught(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

function session(token: string, refresh = "r-" + token): Session {
  return {
    token,
    refresh_token: refresh,
    expires_at: "2030-01-01T00:00:00",
    refresh_expires_at: "2030-01-01T00:00:00",
    is_new: false,
    shopper: {
      id: 1,
      name: "小明",
      avatar: null,
      phone: null,
      gender: null,
      birthday: null,
      platforms: ["weixin"],
    },
  };
}

function setup(
  answers: ((
    req: TransportRequest
  ) => TransportResponse | Promise<TransportResponse>)[],
  start: Session | null = session("t1")
) {
  const calls: TransportRequest[] = [];
  let current = start;
  let keys = 0;
  const signedOut: number[] = [];
  const waits: number[] = [];
  const client = new ApiClient({
    baseUrl: "https://shop.example.com/",
    platform: "weixin",
    tokens: {get: () => current, set: (s) => (current = s)},
    newKey: () => `key-${++keys}`,
    onSignedOut: () => signedOut.push(1),
    sleep: async (ms) => {
      waits.push(ms);
    },
    transport: async (req) => {
      calls.push(req);
      const answer = answers.shift();
      if (!answer) throw new Error("unexpected request " + req.url);
      return answer(req);
    },
  });
  return {client, calls, signedOut, waits, token: () => current};
}

const ok =
  (data: unknown, meta = {}) =>
  () => ({status: 200, headers: {}, body: {data, meta}});
const fail =
  (status: number, code: string, message = "错误", headers = {}) =>
  () => ({
    status,
    headers,
    body: {error: {code, message, message_en: "error"}},
  });

describe("ApiClient", () => {
  it("unwraps the envelope and sends bearer token and platform", async () => {
    const {client, calls} = setup([
      ok([{id: 1, name: "服装", level: 0, icon: null, children: []}]),
    ]);
    const cats = await endpoints(client).catalog.categories();
    expect(cats[0].name).toBe("服装");
    expect(calls[0].url).toBe("https://shop.example.com/mall/api/v1/categories");
    expect(calls[0].method).toBe("GET");
    expect(calls[0].headers.Authorization).toBe("Bearer t1");
    expect(calls[0].headers["X-Mall-Platform"]).toBe("weixin");
    expect(calls[0].headers["Idempotency-Key"]).toBeUndefined();
  });

  it("returns pages with their meta and encodes list filters as repeated keys", async () => {
    const {client, calls} = setup([
      ok([{id: 3}], {page: 2, page_size: 20, total: 21, pages: 2}),
    ]);
    const page = await endpoints(client).catalog.products({
      q: "连衣裙",
      brand_id: [1, 2],
      page: 2,
      sort: "price_asc",
    });
    expect(page.items).toEqual([{id: 3}]);
    expect(page.meta.pages).toBe(2);
    expect(calls[0].url).toBe(
      "https://shop.example.com/mall/api/v1/products?q=%E8%BF%9E%E8%A1%A3%E8%A3%99&brand_id=1&brand_id=2&page=2&sort=price_asc"
    );
  });

  it("puts an Idempotency-Key on every write, the caller’s when given", async () => {
    const {client, calls} = setup([ok({}), ok({}), ok({})]);
    const api = endpoints(client);
    await api.cart.add(5, 1);
    await api.cart.add(5, 1, "mine-1");
    await api.orders.cancel(9);
    expect(calls.map((c) => c.headers["Idempotency-Key"])).toEqual([
      "key-1",
      "mine-1",
      "key-2",
    ]);
    expect(calls[0].headers["Content-Type"]).toBe("application/json");
    expect(calls[0].body).toEqual({variant_id: 5, quantity: 1});
  });

  it("turns error bodies into typed ApiErrors", async () => {
    const {client} = setup([
      fail(409, "BUSINESS_RULE", "库存不足"),
      fail(429, "RATE_LIMITED", "请求太频繁", {"retry-after": "30"}),
    ]);
    const err = await caught(client.get("/cart"));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("BUSINESS_RULE");
    expect(err.status).toBe(409);
    expect(errorMessage(err)).toBe("库存不足");
    const limited = await caught(client.post("/cart/lines", {}));
    expect(limited.retryAfter).toBe(30);
  });

  it("maps a bodiless 502 to SERVER_ERROR and a failed transport to NetworkError", async () => {
    const {client} = setup([
      () => ({status: 502, headers: {}, body: "<html>"}),
      () => Promise.reject(new TransportFailure("timeout")),
    ]);
    expect((await caught(client.get("/x"))).code).toBe("SERVER_ERROR");
    const err = await caught(client.get("/x"));
    expect(err).toBeInstanceOf(NetworkError);
    expect(errorMessage(err)).toContain("网络");
  });

  it("tries a 503 again once, after Retry-After (capped), with the same key", async () => {
    const unavailable = (retryAfter: string) =>
      fail(503, "SERVICE_UNAVAILABLE", "服务暂时不可用", {"retry-after": retryAfter});
    const {client, calls, waits} = setup([
      unavailable("2"),
      ok({id: 7}),
      unavailable("60"),
      unavailable("60"),
    ]);
    expect(await client.post("/checkout", {address_id: 1})).toEqual({id: 7});
    expect(calls[1].headers["Idempotency-Key"]).toBe(
      calls[0].headers["Idempotency-Key"]
    );
    const err = await caught(client.get("/cart"));
    expect(err.code).toBe("SERVICE_UNAVAILABLE");
    expect(err.retryAfter).toBe(60);
    expect(waits).toEqual([2000, 5000]);
    expect(calls).toHaveLength(4);
  });

  it("refreshes an expired token once and retries the write with the same key", async () => {
    const {client, calls, token} = setup([
      fail(401, "TOKEN_INVALID"),
      ok(session("t2")),
      ok({lines: []}),
    ]);
    await client.post("/cart/lines", {variant_id: 1, quantity: 1});
    expect(
      calls.map((c) => c.url.replace("https://shop.example.com/mall/api/v1", ""))
    ).toEqual(["/cart/lines", "/auth/refresh", "/cart/lines"]);
    expect(calls[1].headers.Authorization).toBeUndefined();
    expect(calls[1].body).toEqual({refresh_token: "r-t1"});
    expect(calls[2].headers.Authorization).toBe("Bearer t2");
    expect(calls[2].headers["Idempotency-Key"]).toBe(
      calls[0].headers["Idempotency-Key"]
    );
    expect(token()?.token).toBe("t2");
  });

  it("signs out when the refresh is refused", async () => {
    const {client, signedOut, token} = setup([
      fail(401, "TOKEN_INVALID"),
      fail(401, "TOKEN_INVALID"),
    ]);
    const err = await caught(client.get("/me"));
    expect(err.needsLogin).toBe(true);
    expect(token()).toBeNull();
    expect(signedOut).toHaveLength(1);
  });

  it("does not send a token on sign-in routes", async () => {
    const {client, calls} = setup([ok(session("t9"))]);
    await endpoints(client).auth.weixin("code-1");
    expect(calls[0].headers.Authorization).toBeUndefined();
    expect(calls[0].body).toEqual({code: "code-1"});
  });

  it("encodes queries and makes v4 ids", () => {
    expect(encodeQuery({a: 1, b: undefined, c: "", d: [1, 2], e: false})).toBe(
      "a=1&d=1&d=2&e=false"
    );
    const id = uuid4();
    expect(id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    );
    expect(uuid4()).not.toBe(id);
  });
});
