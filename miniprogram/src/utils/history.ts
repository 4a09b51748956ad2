import type {KV} from "./storage";

/** Recent searches kept on the device (newest first, unique, bounded). */
export function pushHistory(
  kv: KV,
  word: string,
  key = "mall.search.history",
  max = 10
): string[] {
  const w = word.trim();
  const list = (kv.get<string[]>(key) ?? []).filter((x) => x !== w);
  if (w) list.unshift(w);
  const out = list.slice(0, max);
  kv.set(key, out);
  return out;
}
