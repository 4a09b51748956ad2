import {describe, expect, it} from "vitest";
import {NetworkError} from "../../src/api/errors";
import {CartQueue, MAX_BATCH} from "../../src/offline/queue";
import {MemoryKV} from "../../src/utils/storage";
import {FakeCartServer} from "./fakeServer";

function ids() {
  let n = 0;
  return () => `id-${++n}`;
}

describe("CartQueue", () => {
  it("sends queued changes in one batch with an idempotency key and empties", async () => {
    const server = new FakeCartServer();
    const q = new CartQueue(new MemoryKV(), ids());
    q.push({action: "add", variant_id: 11, quantity: 2});
    q.push({action: "add", variant_id: 12, quantity: 1});
    const out = await q.flush(server.sync);
    expect(out.applied).toEqual(["id-1", "id-2"]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].key).toBe("id-3");
    expect(q.length).toBe(0);
    expect(server.lines.map((l) => [l.variant_id, l.quantity])).toEqual([
      [11, 2],
      [12, 1],
    ]);
  });

  it("keeps a batch whose answer was lost and resends it identically: applied once", async () => {
    const server = new FakeCartServer();
    const q = new CartQueue(new MemoryKV(), ids());
    q.push({action: "add", variant_id: 11, quantity: 1});
    // The server applies it, but the answer never arrives.
    const lossy = async (b: Parameters<typeof server.sync>[0]) => {
      await server.sync(b);
      throw new NetworkError();
    };
    await expect(q.flush(lossy)).rejects.toBeInstanceOf(NetworkError);
    expect(q.length).toBe(1);
    q.push({action: "add", variant_id: 12, quantity: 1}); // made while the first batch is in doubt
    const out = await q.flush(server.sync);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[1]).toEqual(server.requests[0]); // same key, same body: a replay
    expect(server.requests[2].transactions.map((t) => t.variant_id)).toEqual([12]);
    expect(out.sent).toBe(2);
    expect(server.lines.find((l) => l.variant_id === 11)?.quantity).toBe(1);
    expect(q.length).toBe(0);
  });

  it("is not lost across a restart", async () => {
    const kv = new MemoryKV();
    const q1 = new CartQueue(kv, ids());
    q1.push({action: "add", variant_id: 11, quantity: 3});
    await expect(q1.flush(() => Promise.reject(new NetworkError()))).rejects.toThrow();
    const q2 = new CartQueue(kv, () => "other");
    expect(q2.length).toBe(1);
    const server = new FakeCartServer();
    await q2.flush(server.sync);
    expect(server.requests[0].key).toBe("id-2"); // the key chosen before the restart
    expect(server.lines[0].quantity).toBe(3);
  });

  it("splits long queues into batches of at most MAX_BATCH", async () => {
    const server = new FakeCartServer();
    const q = new CartQueue(new MemoryKV(), ids());
    for (let i = 0; i < MAX_BATCH + 5; i++)
      q.push({action: "add", variant_id: 11, quantity: 1});
    const out = await q.flush(server.sync);
    expect(server.requests.map((r) => r.transactions.length)).toEqual([MAX_BATCH, 5]);
    expect(out.applied).toHaveLength(MAX_BATCH + 5);
    expect(server.lines[0].quantity).toBe(MAX_BATCH + 5);
  });

  it("reports rejected transactions and shares one flush between callers", async () => {
    const server = new FakeCartServer();
    const q = new CartQueue(new MemoryKV(), ids());
    q.push({action: "add", variant_id: 999, quantity: 1});
    const [a, b] = await Promise.all([q.flush(server.sync), q.flush(server.sync)]);
    expect(a).toBe(b);
    expect(server.requests).toHaveLength(1);
    expect(a.rejected).toEqual([{id: "id-1", error: "NOT_FOUND"}]);
    expect(q.length).toBe(0);
  });
});
