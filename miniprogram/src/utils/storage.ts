/** Synchronous key-value storage: uni's storage on device, a Map in tests. */
export interface KV {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export class MemoryKV implements KV {
  readonly data = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }
  set(key: string, value: unknown): void {
    this.data.set(key, JSON.stringify(value));
  }
  remove(key: string): void {
    this.data.delete(key);
  }
}

export const uniKV: KV = {
  get<T>(key: string): T | undefined {
    try {
      const v = uni.getStorageSync(key);
      return v === "" || v === null || v === undefined ? undefined : (v as T);
    } catch {
      return undefined;
    }
  },
  set(key, value) {
    try {
      uni.setStorageSync(key, value);
    } catch {
      // Storage full: the caller's data stays in memory only.
    }
  },
  remove(key) {
    try {
      uni.removeStorageSync(key);
    } catch {
      // nothing to do
    }
  },
};
