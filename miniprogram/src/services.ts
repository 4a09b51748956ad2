/** The app's single instances: API client, endpoints, cache, cart. */
import {ApiClient, uuid4, type TokenStore} from "./api/client";
import {endpoints} from "./api/endpoints";
import {ApiError, NetworkError} from "./api/errors";
import {uniTransport} from "./api/transport";
import type {Session} from "./api/types";
import {API_BASE, DEV_TOKEN} from "./config";
import {OfflineCache, cachedFetch} from "./offline/cache";
import {isOnline, setOnline} from "./offline/network";
import {CartQueue} from "./offline/queue";
import {platformName} from "./platform";
import {CartStore} from "./stores/cart";
import {uniKV} from "./utils/storage";

const SESSION_KEY = "mall.session";

export const tokens: TokenStore = {
  get() {
    const s = uniKV.get<Session>(SESSION_KEY);
    if (s) return s;
    return DEV_TOKEN ? ({token: DEV_TOKEN, refresh_token: ""} as Session) : null;
  },
  set(session) {
    if (session) uniKV.set(SESSION_KEY, session);
    else uniKV.remove(SESSION_KEY);
  },
};

export const client = new ApiClient({
  baseUrl: API_BASE,
  platform: platformName(),
  transport: async (req) => {
    try {
      const res = await uniTransport(req);
      setOnline(true);
      return res;
    } catch (err) {
      setOnline(false);
      throw err;
    }
  },
  tokens,
  onSignedOut: () => {
    cartStore.reset();
    uni.navigateTo({url: "/pages/login/login"});
  },
});

export const api = endpoints(client);

export const cache = new OfflineCache(uniKV, {
  maxEntries: 150,
  maxBytes: 2 * 1024 * 1024,
  ttlMs: 3 * 24 * 3600 * 1000,
});

export const isOfflineError = (err: unknown) => err instanceof NetworkError;

/** Load through the offline cache: the last copy when offline. */
export function cached<T>(key: string, load: () => Promise<T>) {
  return cachedFetch(cache, key, load, isOfflineError);
}

export const cartStore = new CartStore({
  queue: new CartQueue(uniKV, uuid4),
  kv: uniKV,
  send: (batch) => api.cart.sync(batch.transactions, batch.key),
  load: () => api.cart.get(),
  isOnline,
});

export function isSignedIn(): boolean {
  return !!tokens.get();
}

/** Send a shopper to sign in when an error says so; true when it did. */
export function handleAuthError(err: unknown): boolean {
  if (err instanceof ApiError && err.needsLogin) {
    uni.navigateTo({url: "/pages/login/login"});
    return true;
  }
  return false;
}
