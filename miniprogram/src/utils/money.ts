/**
 * Money as integer fen (分): the API sends decimal strings ("59.90"); all
 * arithmetic happens on integers so 0.1 + 0.2 never shows up on a receipt.
 */
export type Fen = number;

const DECIMAL = /^\s*(-)?(\d+)(?:\.(\d+))?\s*$/;

/** "12.3" → 1230. More than two decimals round half away from zero. */
export function toFen(value: string | number | null | undefined): Fen {
  if (value === null || value === undefined || value === "") return 0;
  const text = typeof value === "number" ? numberToText(value) : value;
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`not a money amount: ${JSON.stringify(value)}`);
  const [, minus, whole, frac = ""] = match;
  let fen = Number(whole) * 100 + Number((frac + "00").slice(0, 2));
  if (frac.length > 2 && Number(frac[2]) >= 5) fen += 1;
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount too large: ${text}`);
  return minus && fen !== 0 ? -fen : fen;
}

function numberToText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a money amount: ${value}`);
  // toFixed(3) keeps the third decimal for rounding without binary noise
  // such as 1.005 → "1.00499999".
  return value.toFixed(3);
}

/** 1230 → "12.30" (what the API takes back). */
export function fenToDecimal(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an amount in fen: ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Symbols of the currencies shops use; other codes show as "USD 12.30"-style prefixes. */
const SYMBOLS: Record<string, string> = {
  CNY: "¥",
  RMB: "¥",
  USD: "$",
  HKD: "HK$",
  TWD: "NT$",
  MOP: "MOP$",
  EUR: "€",
  GBP: "£",
  JPY: "JP¥",
  KRW: "₩",
  SGD: "S$",
};

/** "CNY" → "¥", "USD" → "$", "CHF" → "CHF "; no code: "¥" (the shop's default). */
export function currencySymbol(currency?: string | null): string {
  if (!currency) return "¥";
  const code = currency.toUpperCase();
  return SYMBOLS[code] ?? `${code} `;
}

export interface FormatOptions {
  /** Currency symbol; by default the one of `currency`, "¥" without it; "" for none. */
  symbol?: string;
  /** ISO code the API returned with the amount ("CNY", "USD"). */
  currency?: string | null;
  /** Thousands separators: 12,345.00. */
  grouping?: boolean;
}

/** 1230 → "¥12.30"; -500 → "-¥5.00". */
export function formatFen(fen: Fen, options: FormatOptions = {}): string {
  const {grouping = false} = options;
  const symbol = options.symbol ?? currencySymbol(options.currency);
  const text = fenToDecimal(Math.abs(fen));
  const [whole, frac] = text.split(".");
  const grouped = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : whole;
  return `${fen < 0 ? "-" : ""}${symbol}${grouped}.${frac}`;
}

/** "12.3" → "¥12.30": formats an API amount; pass a currency code or options. */
export function formatMoney(
  value: string | number | null | undefined,
  options?: FormatOptions | string | null
): string {
  return formatFen(
    toFen(value),
    typeof options === "string" || options === null ? {currency: options} : options
  );
}

export function addFen(...amounts: Fen[]): Fen {
  return amounts.reduce((sum, a) => sum + a, 0);
}

/** Unit price × quantity (quantities are integers). */
export function multiplyFen(unit: Fen, quantity: number): Fen {
  if (!Number.isInteger(quantity))
    throw new RangeError(`quantity must be an integer: ${quantity}`);
  return unit * quantity;
}

/** A percentage of an amount, rounded half up to the fen (e.g. a 95% member price). */
export function percentOfFen(fen: Fen, percent: number): Fen {
  const raw = (fen * percent) / 100;
  return Math.sign(raw) * Math.round(Math.abs(raw) + 1e-9);
}

/** What the shopper saves: original - price, never negative. */
export function savingFen(original: Fen, price: Fen): Fen {
  return Math.max(0, original - price);
}

/** "12.30" → { yuan: "12", fen: "30" }: for big-yuan, small-fen price tags. */
export function splitPrice(value: string | number): {yuan: string; fen: string} {
  const [yuan, fen] = fenToDecimal(Math.abs(toFen(value))).split(".");
  return {yuan: (toFen(value) < 0 ? "-" : "") + yuan, fen};
}
