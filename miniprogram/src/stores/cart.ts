import {computed, reactive} from "vue";
import {ApiError, NetworkError} from "../api/errors";
import type {Cart, CartLine, CartTransaction, ShopRef} from "../api/types";
import type {Batch, CartQueue, FlushOutcome} from "../offline/queue";
import {fenToDecimal, multiplyFen, toFen} from "../utils/money";
import type {KV} from "../utils/storage";

/** What the page knows of a product it adds, to show the line before the server answers. */
export interface LinePreview {
  product_id: number;
  name: string;
  variant?: string;
  price: string;
  image?: string | null;
  shop?: ShopRef | null;
  available?: number;
}

export interface ShopGroup {
  shop: ShopRef | null;
  lines: CartLine[];
  allSelected: boolean;
}

export interface CartDeps {
  queue: CartQueue;
  kv: KV;
  send: (batch: Batch) => Promise<{
    results: {id: string; status: string; error?: string | null}[];
    cart: Cart;
  }>;
  load: () => Promise<Cart>;
  isOnline: () => boolean;
}

const CART_KEY = "mall.cart.snapshot";
const MAX_QTY = 999;

/**
 * The cart as the shopper sees it: the server's cart plus the changes not
 * yet confirmed, applied optimistically. Every change goes through the
 * offline queue (POST /cart/sync), online or not, so there is one path and
 * a change is never sent twice nor dropped.
 */
export class CartStore {
  readonly state = reactive({
    server: null as Cart | null,
    lines: [] as CartLine[],
    currency: "CNY",
    pending: 0,
    syncing: false,
    error: "" as string,
    rejected: [] as {id: string; error?: string | null}[],
  });
  private tempId = -1;

  readonly groups = computed<ShopGroup[]>(() => groupByShop(this.state.lines));
  readonly selectedQuantity = computed(() =>
    this.state.lines.filter((l) => l.selected).reduce((n, l) => n + l.quantity, 0)
  );
  readonly selectedFen = computed(() =>
    this.state.lines
      .filter((l) => l.selected)
      .reduce((s, l) => s + multiplyFen(toFen(l.price), l.quantity), 0)
  );
  readonly allSelected = computed(
    () => this.state.lines.length > 0 && this.state.lines.every((l) => l.selected)
  );
  readonly count = computed(() => this.state.lines.reduce((n, l) => n + l.quantity, 0));

  constructor(private readonly deps: CartDeps) {}

  /** The last cart known (from storage) plus queued changes: shown at once, even offline. */
  restore(): void {
    const saved = this.deps.kv.get<Cart>(CART_KEY);
    if (saved) this.state.server = saved;
    this.rebuild();
  }

  /** Sign-out: the next shopper on this device starts from an empty cart. */
  reset(): void {
    this.deps.queue.clear();
    this.deps.kv.remove(CART_KEY);
    this.tempLines.clear();
    this.state.server = null;
    this.state.error = "";
    this.state.rejected = [];
    this.rebuild();
  }

  /** Fetch the server's cart (after sending what is queued). */
  async refresh(): Promise<void> {
    if (!this.deps.isOnline()) return;
    if (this.deps.queue.length) {
      await this.flush();
      return;
    }
    this.setServer(await this.deps.load());
  }

  add(variantId: number, quantity: number, preview?: LinePreview): CartTransaction {
    const existing = this.state.lines.find(
      (l) => l.variant_id === variantId && !l.bundle
    );
    const tx = this.deps.queue.push({action: "add", variant_id: variantId, quantity});
    if (!existing && preview) this.tempLines.set(tx.id, preview);
    this.afterChange();
    return tx;
  }

  setQuantity(line: CartLine, quantity: number): CartTransaction | null {
    const q = Math.max(1, Math.min(MAX_QTY, Math.floor(quantity)));
    if (q === line.quantity) return null;
    const tx = this.deps.queue.push({action: "set", quantity: q, ...lineRef(line)});
    this.afterChange();
    return tx;
  }

  remove(line: CartLine): CartTransaction {
    const tx = this.deps.queue.push({action: "remove", ...lineRef(line)});
    this.afterChange();
    return tx;
  }

  select(lines: CartLine[], selected: boolean): void {
    for (const line of lines) {
      if (line.selected !== selected)
        this.deps.queue.push({action: "select", selected, ...lineRef(line)});
    }
    this.afterChange();
  }

  selectAll(selected: boolean): void {
    this.select(this.state.lines, selected);
  }

  /** Send the queued changes if online; the answer's cart becomes the truth. */
  async flush(): Promise<FlushOutcome | null> {
    if (!this.deps.queue.length || !this.deps.isOnline()) return null;
    this.state.syncing = true;
    try {
      const outcome = await this.deps.queue.flush(this.deps.send as never);
      if (outcome.rejected.length) this.state.rejected = outcome.rejected;
      for (const id of [
        ...outcome.applied,
        ...outcome.duplicate,
        ...outcome.rejected.map((r) => r.id),
      ]) {
        this.tempLines.delete(id);
      }
      if (outcome.result) this.setServer(outcome.result.cart);
      this.state.error = "";
      return outcome;
    } catch (err) {
      if (
        err instanceof ApiError &&
        !err.needsLogin &&
        err.code !== "RATE_LIMITED" &&
        err.code !== "IDEMPOTENCY_IN_PROGRESS" &&
        err.status < 500
      ) {
        // The server refused the batch as a whole: it would fail forever.
        for (const tx of this.deps.queue.dropInflight()) this.tempLines.delete(tx.id);
        this.state.error = err.message;
        this.rebuild();
        return null;
      }
      if (!(err instanceof NetworkError))
        this.state.error = err instanceof Error ? err.message : String(err);
      throw err;
    } finally {
      this.state.syncing = false;
      this.state.pending = this.deps.queue.length;
    }
  }

  /** Previews of lines added but not yet confirmed, by transaction id. */
  private readonly tempLines = new Map<string, LinePreview>();

  private afterChange(): void {
    this.rebuild();
    this.flush().catch(() => undefined);
  }

  private setServer(cart: Cart): void {
    this.state.server = cart;
    this.deps.kv.set(CART_KEY, cart);
    this.rebuild();
  }

  /** lines = server lines + queued transactions applied in order. */
  private rebuild(): void {
    const server = this.state.server;
    this.state.currency = server?.currency ?? "CNY";
    this.state.lines = applyTransactions(
      server?.lines ?? [],
      this.deps.queue.all(),
      (tx) => {
        const preview = this.tempLines.get(tx.id);
        return preview ? lineFromPreview(this.tempId--, tx, preview) : null;
      }
    );
    this.state.pending = this.deps.queue.length;
  }
}

function lineRef(line: CartLine): {line_id?: number; variant_id?: number} {
  return line.id > 0 ? {line_id: line.id} : {variant_id: line.variant_id};
}

function lineFromPreview(id: number, tx: CartTransaction, p: LinePreview): CartLine {
  const quantity = tx.quantity ?? 1;
  return {
    id,
    product_id: p.product_id,
    variant_id: tx.variant_id!,
    name: p.name,
    variant: p.variant ?? "",
    image: p.image ?? null,
    price: p.price,
    quantity,
    subtotal: fenToDecimal(multiplyFen(toFen(p.price), quantity)),
    selected: true,
    available: p.available ?? MAX_QTY,
    shop: p.shop ?? null,
  };
}

/** The server's lines with the queued changes applied, as the server will apply them. */
export function applyTransactions(
  base: CartLine[],
  txs: CartTransaction[],
  newLine: (tx: CartTransaction) => CartLine | null
): CartLine[] {
  const lines = base.map((l) => ({...l}));
  const find = (tx: CartTransaction) =>
    lines.findIndex((l) =>
      tx.line_id ? l.id === tx.line_id : l.variant_id === tx.variant_id && !l.bundle
    );
  for (const tx of txs) {
    const i = find(tx);
    const line = i >= 0 ? lines[i] : undefined;
    switch (tx.action) {
      case "add":
        if (line) line.quantity = Math.min(MAX_QTY, line.quantity + (tx.quantity ?? 1));
        else {
          const created = newLine(tx);
          if (created) lines.push(created);
        }
        break;
      case "set":
        if (line) line.quantity = tx.quantity ?? line.quantity;
        break;
      case "remove":
        if (i >= 0) lines.splice(i, 1);
        break;
      case "select":
        if (line) line.selected = !!tx.selected;
        break;
    }
    if (line)
      line.subtotal = fenToDecimal(multiplyFen(toFen(line.price), line.quantity));
  }
  return lines;
}

export function groupByShop(lines: CartLine[]): ShopGroup[] {
  const groups = new Map<number, ShopGroup>();
  for (const line of lines) {
    const id = line.shop?.id ?? 0;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = {shop: line.shop, lines: [], allSelected: true}));
    g.lines.push(line);
    g.allSelected = g.allSelected && line.selected;
  }
  return [...groups.values()];
}
