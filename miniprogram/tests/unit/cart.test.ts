import {describe, expect, it} from "vitest";
import {ApiError, NetworkError} from "../../src/api/errors";
import {CartQueue} from "../../src/offline/queue";
import {CartStore, applyTransactions, groupByShop} from "../../src/stores/cart";
import {MemoryKV} from "../../src/utils/storage";
import {FakeCartServer} from "./fakeServer";

function setup() {
  const server = new FakeCartServer();
  const kv = new MemoryKV();
  let n = 0;
  const net = {online: true, dropAnswers: false};
  const queue = new CartQueue(kv, () => `tx-${++n}`);
  const store = new CartStore({
    queue,
    kv,
    isOnline: () => net.online,
    load: async () => {
      if (!net.online) throw new NetworkError();
      return server.cart();
    },
    send: async (batch) => {
      if (!net.online) throw new NetworkError();
      const result = await server.sync(batch);
      if (net.dropAnswers) throw new NetworkError();
      return result;
    },
  });
  return {server, store, net, kv, queue};
}

const tee = {
  product_id: 110,
  name: "T恤",
  price: "19.90",
  shop: {id: 1, name: "旗舰店"},
};
const socks = {
  product_id: 120,
  name: "袜子",
  price: "5.50",
  shop: {id: 2, name: "百货店"},
};

describe("CartStore", () => {
  it("adds online: the server cart becomes the state", async () => {
    const {store, server} = setup();
    store.add(11, 2, tee);
    await store.flush();
    expect(server.lines).toHaveLength(1);
    expect(store.state.lines.map((l) => [l.id, l.quantity])).toEqual([[100, 2]]);
    expect(store.state.pending).toBe(0);
    expect(store.selectedFen.value).toBe(3980);
  });

  it("shows offline changes at once, groups by shop, and totals in fen", () => {
    const {store, net} = setup();
    net.online = false;
    store.add(11, 3, tee);
    store.add(12, 1, socks);
    expect(store.state.pending).toBe(2);
    expect(store.state.lines.map((l) => l.quantity)).toEqual([3, 1]);
    expect(store.state.lines[0].subtotal).toBe("59.70");
    expect(store.groups.value.map((g) => g.shop?.name)).toEqual(["旗舰店", "百货店"]);
    expect(store.selectedFen.value).toBe(5970 + 550);
    store.select(store.groups.value[1].lines, false);
    expect(store.selectedFen.value).toBe(5970);
    expect(store.allSelected.value).toBe(false);
  });

  it("replays offline changes on reconnect exactly once, even when an answer is lost", async () => {
    const {store, server, net} = setup();
    store.add(11, 1, tee);
    await store.flush();
    net.online = false;
    const line = store.state.lines[0];
    store.setQuantity(line, 4);
    store.add(12, 2, socks);
    expect(server.requests).toHaveLength(1);
    // Back online, but the first answer is lost on the way back.
    net.online = true;
    net.dropAnswers = true;
    await expect(store.flush()).rejects.toBeInstanceOf(NetworkError);
    expect(store.state.lines.map((l) => l.quantity)).toEqual([4, 2]); // still shown
    net.dropAnswers = false;
    await store.flush();
    expect(server.lines.map((l) => [l.variant_id, l.quantity])).toEqual([
      [11, 4],
      [12, 2],
    ]);
    expect(store.state.lines.map((l) => [l.variant_id, l.quantity])).toEqual([
      [11, 4],
      [12, 2],
    ]);
    expect(store.state.pending).toBe(0);
    // Flushing again sends nothing.
    const before = server.requests.length;
    await store.flush();
    expect(server.requests.length).toBe(before);
  });

  it("edits a line added offline by variant, then removes it", async () => {
    const {store, server, net} = setup();
    net.online = false;
    store.add(12, 1, socks);
    const temp = store.state.lines[0];
    expect(temp.id).toBeLessThan(0);
    store.setQuantity(temp, 5);
    store.remove(store.state.lines[0]);
    expect(store.state.lines).toHaveLength(0);
    net.online = true;
    await store.flush();
    expect(
      server.requests[0].transactions.map((t) => [t.action, t.variant_id, t.line_id])
    ).toEqual([
      ["add", 12, undefined],
      ["set", 12, undefined],
      ["remove", 12, undefined],
    ]);
    expect(server.lines).toHaveLength(0);
  });

  it("clamps quantities and ignores no-op changes", async () => {
    const {store} = setup();
    store.add(11, 1, tee);
    await store.flush();
    const line = store.state.lines[0];
    expect(store.setQuantity(line, 1)).toBeNull();
    expect(store.setQuantity(line, 5000)?.quantity).toBe(999);
    expect(store.setQuantity(store.state.lines[0], 0)?.quantity).toBe(1);
  });

  it("restores the last cart and the queue after a restart, offline", async () => {
    const {store, kv, net} = setup();
    store.add(11, 2, tee);
    await store.flush();
    net.online = false;
    store.selectAll(false);
    let n = 100;
    const again = new CartStore({
      queue: new CartQueue(kv, () => `r-${++n}`),
      kv,
      isOnline: () => false,
      load: () => Promise.reject(new NetworkError()),
      send: () => Promise.reject(new NetworkError()),
    });
    again.restore();
    expect(again.state.lines).toHaveLength(1);
    expect(again.state.lines[0].selected).toBe(false);
    expect(again.state.pending).toBe(1);
  });

  it("forgets the cart and the queue of a shopper who signs out", async () => {
    const {store, kv, net} = setup();
    store.add(11, 1, tee);
    await store.flush();
    net.online = false;
    store.add(12, 1, socks);
    store.reset();
    expect(store.state.lines).toEqual([]);
    expect(store.state.pending).toBe(0);
    expect(kv.get("mall.cart.snapshot")).toBeUndefined();
    expect(kv.get<{pending: unknown[]}>("mall.cart.queue")?.pending).toEqual([]);
  });

  it("drops a batch the server refuses as a whole, keeps it on rate limits", async () => {
    const {store, queue} = setup();
    const refusing = new CartStore({
      queue,
      kv: new MemoryKV(),
      isOnline: () => true,
      load: async () => ({
        currency: "CNY",
        lines: [],
        selected_quantity: 0,
        selected_amount: "0.00",
      }),
      send: () => Promise.reject(new ApiError("VALIDATION_ERROR", "请求参数有误", 422)),
    });
    void store;
    refusing.add(11, 1, tee);
    await refusing.flush();
    expect(refusing.state.pending).toBe(0);
    expect(refusing.state.error).toBe("请求参数有误");
    const limited = new CartStore({
      queue,
      kv: new MemoryKV(),
      isOnline: () => true,
      load: () => Promise.reject(new Error("no")),
      send: () => Promise.reject(new ApiError("RATE_LIMITED", "请求太频繁", 429)),
    });
    limited.add(11, 1, tee);
    await expect(limited.flush()).rejects.toBeInstanceOf(ApiError);
    expect(limited.state.pending).toBe(1);
  });
});

describe("applyTransactions / groupByShop", () => {
  const base = [
    {
      id: 1,
      product_id: 1,
      variant_id: 11,
      name: "a",
      variant: "",
      image: null,
      price: "1.10",
      quantity: 1,
      subtotal: "1.10",
      selected: true,
      available: 9,
      shop: {id: 1, name: "A"},
    },
  ];
  it("applies add/set/select/remove in order without touching the input", () => {
    const out = applyTransactions(
      base,
      [
        {id: "a", action: "add", variant_id: 11, quantity: 2},
        {id: "b", action: "select", line_id: 1, selected: false},
      ],
      () => null
    );
    expect(out[0].quantity).toBe(3);
    expect(out[0].subtotal).toBe("3.30");
    expect(out[0].selected).toBe(false);
    expect(base[0].quantity).toBe(1);
    expect(
      applyTransactions(base, [{id: "c", action: "remove", line_id: 1}], () => null)
    ).toEqual([]);
  });
  it("groups lines without a shop together", () => {
    const lines = [...base, {...base[0], id: 2, shop: null, selected: false}];
    const groups = groupByShop(lines);
    expect(groups).toHaveLength(2);
    expect(groups[1].allSelected).toBe(false);
  });
});
