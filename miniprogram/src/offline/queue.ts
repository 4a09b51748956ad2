import type {CartSyncResult, CartTransaction} from "../api/types";
import type {KV} from "../utils/storage";

/**
 * Cart changes made offline, replayed through POST /cart/sync once online.
 *
 * Nothing is doubled: each transaction has a client id the server remembers
 * ("duplicate" the second time), and each batch is sent with an
 * Idempotency-Key kept with it until answered; the batch is frozen once
 * sent, so a retry after a lost answer sends the very same body and key and
 * the server replays its first answer. Nothing is lost: the queue lives in
 * storage and a batch leaves it only once the server answered it.
 */
export const MAX_BATCH = 100;

export interface Batch {
  key: string;
  transactions: CartTransaction[];
}

interface QueueState {
  pending: CartTransaction[];
  inflight: Batch | null;
}

export type Sender = (batch: Batch) => Promise<CartSyncResult>;

export interface FlushOutcome {
  sent: number;
  applied: string[];
  duplicate: string[];
  rejected: {id: string; error?: string | null}[];
  result: CartSyncResult | null;
}

export class CartQueue {
  private state: QueueState;
  private flushing: Promise<FlushOutcome> | null = null;

  constructor(
    private readonly kv: KV,
    private readonly newId: () => string,
    private readonly storageKey = "mall.cart.queue"
  ) {
    this.state = kv.get<QueueState>(storageKey) ?? {pending: [], inflight: null};
  }

  /** Transactions not yet confirmed by the server (sent or not). */
  get length(): number {
    return this.state.pending.length + (this.state.inflight?.transactions.length ?? 0);
  }

  all(): CartTransaction[] {
    return [...(this.state.inflight?.transactions ?? []), ...this.state.pending];
  }

  /** Queue one change; returns it with its client id. */
  push(change: Omit<CartTransaction, "id">): CartTransaction {
    const tx: CartTransaction = {id: this.newId(), ...change};
    this.state.pending.push(tx);
    this.save();
    return tx;
  }

  /**
   * Send everything queued, batch by batch. A network failure leaves the
   * batch in flight (same key next time) and rethrows; an answer removes the
   * batch whatever each transaction's status.
   */
  flush(send: Sender): Promise<FlushOutcome> {
    if (!this.flushing) {
      this.flushing = this.run(send).finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private async run(send: Sender): Promise<FlushOutcome> {
    const outcome: FlushOutcome = {
      sent: 0,
      applied: [],
      duplicate: [],
      rejected: [],
      result: null,
    };
    for (;;) {
      if (!this.state.inflight) {
        if (!this.state.pending.length) return outcome;
        this.state.inflight = {
          key: this.newId(),
          transactions: this.state.pending.splice(0, MAX_BATCH),
        };
        this.save();
      }
      const batch = this.state.inflight;
      const result = await send(batch); // throws: batch stays in flight
      outcome.sent += batch.transactions.length;
      outcome.result = result;
      for (const r of result.results) {
        if (r.status === "applied") outcome.applied.push(r.id);
        else if (r.status === "duplicate") outcome.duplicate.push(r.id);
        else outcome.rejected.push({id: r.id, error: r.error});
      }
      this.state.inflight = null;
      this.save();
    }
  }

  /** Drop a batch the server refused as a whole (e.g. validation): it would fail forever. */
  dropInflight(): CartTransaction[] {
    const dropped = this.state.inflight?.transactions ?? [];
    this.state.inflight = null;
    this.save();
    return dropped;
  }

  /** Forget everything queued (the shopper signed out: the changes were theirs). */
  clear(): void {
    this.state = {pending: [], inflight: null};
    this.save();
  }

  private save(): void {
    this.kv.set(this.storageKey, this.state);
  }
}
