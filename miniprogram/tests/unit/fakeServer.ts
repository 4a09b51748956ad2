import type {
  Cart,
  CartLine,
  CartSyncResult,
  CartTransaction,
} from "../../src/api/types";
import type {Batch} from "../../src/offline/queue";
import {fenToDecimal, toFen} from "../../src/utils/money";

/** A /cart/sync stand-in with the server's rules: transaction ids and Idempotency-Keys are remembered. */
export class FakeCartServer {
  lines: CartLine[] = [];
  seenTx = new Set<string>();
  answers = new Map<string, {fingerprint: string; result: CartSyncResult}>();
  requests: Batch[] = [];
  private nextLine = 100;
  catalog: Record<
    number,
    {price: string; name: string; shop: {id: number; name: string}}
  > = {
    11: {price: "19.90", name: "T恤", shop: {id: 1, name: "旗舰店"}},
    12: {price: "5.50", name: "袜子", shop: {id: 2, name: "百货店"}},
  };

  cart(): Cart {
    const selected = this.lines.filter((l) => l.selected);
    return {
      currency: "CNY",
      lines: this.lines.map((l) => ({...l})),
      selected_quantity: selected.reduce((n, l) => n + l.quantity, 0),
      selected_amount: fenToDecimal(
        selected.reduce((s, l) => s + toFen(l.price) * l.quantity, 0)
      ),
    };
  }

  sync = async (batch: Batch): Promise<CartSyncResult> => {
    this.requests.push(JSON.parse(JSON.stringify(batch)));
    const fingerprint = JSON.stringify(batch.transactions);
    const earlier = this.answers.get(batch.key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint)
        throw new Error("IDEMPOTENCY_KEY_REUSED");
      return earlier.result;
    }
    const results = batch.transactions.map((tx) => {
      if (this.seenTx.has(tx.id)) return {id: tx.id, status: "duplicate" as const};
      this.seenTx.add(tx.id);
      const error = this.apply(tx);
      return error
        ? {id: tx.id, status: "rejected" as const, error}
        : {id: tx.id, status: "applied" as const};
    });
    const result = {results, cart: this.cart()};
    this.answers.set(batch.key, {fingerprint, result});
    return result;
  };

  private apply(tx: CartTransaction): string | null {
    const line = this.lines.find((l) =>
      tx.line_id ? l.id === tx.line_id : l.variant_id === tx.variant_id
    );
    if (tx.action === "add") {
      const product = this.catalog[tx.variant_id!];
      if (!product) return "NOT_FOUND";
      if (line) line.quantity += tx.quantity!;
      else
        this.lines.push({
          id: this.nextLine++,
          product_id: tx.variant_id! * 10,
          variant_id: tx.variant_id!,
          name: product.name,
          variant: "",
          image: null,
          price: product.price,
          quantity: tx.quantity!,
          subtotal: "0",
          selected: true,
          available: 99,
          shop: product.shop,
        });
    } else if (!line) return "NOT_FOUND";
    else if (tx.action === "set") line.quantity = tx.quantity!;
    else if (tx.action === "remove") this.lines.splice(this.lines.indexOf(line), 1);
    else if (tx.action === "select") line.selected = !!tx.selected;
    for (const l of this.lines) l.subtotal = fenToDecimal(toFen(l.price) * l.quantity);
    return null;
  }
}
