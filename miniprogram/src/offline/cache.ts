import type {KV} from "../utils/storage";

/**
 * What the shopper has seen (product lists and details), kept for offline
 * reading: bounded in entries and in bytes (mini-program storage is ~10 MB),
 * each entry expiring after `ttlMs`. Least recently used entries go first.
 */
export interface CacheOptions {
  namespace?: string;
  maxEntries?: number;
  maxBytes?: number;
  ttlMs?: number;
  now?: () => number;
}

interface IndexEntry {
  key: string;
  bytes: number;
  savedAt: number;
  usedAt: number;
}

export class OfflineCache {
  private readonly ns: string;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private index: IndexEntry[];

  constructor(
    private readonly kv: KV,
    options: CacheOptions = {}
  ) {
    this.ns = options.namespace ?? "mall.cache";
    this.maxEntries = options.maxEntries ?? 200;
    this.maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 3 * 24 * 3600 * 1000;
    this.now = options.now ?? Date.now;
    this.index = kv.get<IndexEntry[]>(`${this.ns}:index`) ?? [];
  }

  get size(): number {
    return this.index.length;
  }

  get bytes(): number {
    return this.index.reduce((s, e) => s + e.bytes, 0);
  }

  /** The value saved under `key`, unless missing or expired. */
  get<T>(key: string): {value: T; savedAt: number} | undefined {
    const entry = this.index.find((e) => e.key === key);
    if (!entry) return undefined;
    if (this.now() - entry.savedAt > this.ttlMs) {
      this.drop(key);
      this.saveIndex();
      return undefined;
    }
    const value = this.kv.get<T>(this.slot(key));
    if (value === undefined) {
      this.drop(key);
      this.saveIndex();
      return undefined;
    }
    entry.usedAt = this.now();
    this.saveIndex();
    return {value, savedAt: entry.savedAt};
  }

  set(key: string, value: unknown): boolean {
    const bytes = byteLength(JSON.stringify(value));
    this.drop(key);
    if (bytes > this.maxBytes) {
      this.saveIndex();
      return false;
    }
    this.purgeExpired();
    // Make room: least recently used first.
    this.index.sort((a, b) => a.usedAt - b.usedAt);
    let total = this.bytes;
    while (
      this.index.length &&
      (this.index.length + 1 > this.maxEntries || total + bytes > this.maxBytes)
    ) {
      const victim = this.index.shift()!;
      total -= victim.bytes;
      this.kv.remove(this.slot(victim.key));
    }
    const t = this.now();
    this.kv.set(this.slot(key), value);
    this.index.push({key, bytes, savedAt: t, usedAt: t});
    this.saveIndex();
    return true;
  }

  clear(): void {
    for (const e of this.index) this.kv.remove(this.slot(e.key));
    this.index = [];
    this.saveIndex();
  }

  private purgeExpired(): void {
    const t = this.now();
    for (const e of [...this.index]) if (t - e.savedAt > this.ttlMs) this.drop(e.key);
  }

  private drop(key: string): void {
    const i = this.index.findIndex((e) => e.key === key);
    if (i >= 0) {
      this.index.splice(i, 1);
      this.kv.remove(this.slot(key));
    }
  }

  private slot(key: string): string {
    return `${this.ns}:${key}`;
  }

  private saveIndex(): void {
    this.kv.set(`${this.ns}:index`, this.index);
  }
}

/** UTF-8 size of a string (Chinese text is 3 bytes a character). */
export function byteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Network first, cache as fallback: a successful answer refreshes the cache;
 * when the network fails, the cached copy is returned with `stale: true`.
 */
export async function cachedFetch<T>(
  cache: OfflineCache,
  key: string,
  load: () => Promise<T>,
  isOfflineError: (err: unknown) => boolean
): Promise<{value: T; stale: boolean; savedAt?: number}> {
  try {
    const value = await load();
    cache.set(key, value);
    return {value, stale: false};
  } catch (err) {
    if (!isOfflineError(err)) throw err;
    const hit = cache.get<T>(key);
    if (!hit) throw err;
    return {value: hit.value, stale: true, savedAt: hit.savedAt};
  }
}
