import {ApiError, NetworkError} from "./errors";
import {TransportFailure, type Transport, type TransportRequest} from "./transport";
import type {Envelope, ErrorBody, PageMeta, Paged, Platform, Session} from "./types";

export const API_PREFIX = "/mall/api/v1";

export interface TokenStore {
  get(): Session | null;
  set(session: Session | null): void;
}

export interface ClientConfig {
  /** Server origin, e.g. "https://shop.example.com"; "" for the H5 page's own origin. */
  baseUrl: string;
  platform: Platform;
  transport: Transport;
  tokens: TokenStore;
  /** New idempotency keys (injectable for tests). */
  newKey?: () => string;
  /** Called once a session is over for good (refresh failed). */
  onSignedOut?: () => void;
  timeout?: number;
  /** Waits before a retry (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
}

/** A 503 (database restarting, deploy) is tried again once, after the
 * server's Retry-After, at most this long: the shopper waits a moment
 * instead of losing the cart or the payment. Writes keep their key. */
export const UNAVAILABLE_RETRY_MAX_MS = 5000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Query = Record<
  string,
  string | number | boolean | null | undefined | (string | number)[]
>;

export interface WriteOptions {
  /** Reuse the key of an earlier try of the same write, so the server answers it once. */
  idempotencyKey?: string;
  /** No sign-in needed (sign-in routes themselves). */
  anonymous?: boolean;
}

/** RFC 4122 v4 id from Math.random (mini-programs have no crypto.randomUUID everywhere). */
export function uuid4(): string {
  const hex = "0123456789abcdef";
  let out = "";
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += "-";
    else if (i === 14) out += "4";
    else if (i === 19) out += hex[(Math.random() * 4) | 8];
    else out += hex[(Math.random() * 16) | 0];
  }
  return out;
}

/** "a=1&b=x&b=y": lists repeat their key (what the API's list filters expect). */
export function encodeQuery(query: Query = {}): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values)
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join("&");
}

function isErrorBody(body: unknown): body is ErrorBody {
  return (
    !!body &&
    typeof body === "object" &&
    "error" in body &&
    !!(body as ErrorBody).error?.code
  );
}

function isEnvelope(body: unknown): body is Envelope<unknown> {
  return !!body && typeof body === "object" && "data" in body;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Typed client of /mall/api/v1: envelope unwrapping, bearer token, idempotent writes, one token refresh. */
export class ApiClient {
  private refreshing: Promise<boolean> | null = null;

  constructor(readonly config: ClientConfig) {}

  url(path: string, query?: Query): string {
    const qs = encodeQuery(query);
    return `${this.config.baseUrl.replace(/\/$/, "")}${API_PREFIX}${path}${qs ? `?${qs}` : ""}`;
  }

  async get<T>(path: string, query?: Query, anonymous = false): Promise<T> {
    return (await this.call<T>("GET", path, undefined, query, {anonymous})).data;
  }

  async page<T>(path: string, query?: Query): Promise<Paged<T>> {
    const env = await this.call<T[]>("GET", path, undefined, query, {});
    return {items: env.data, meta: env.meta as unknown as PageMeta};
  }

  async post<T>(path: string, body?: unknown, options: WriteOptions = {}): Promise<T> {
    return (await this.call<T>("POST", path, body, undefined, options)).data;
  }

  async put<T>(path: string, body?: unknown, options: WriteOptions = {}): Promise<T> {
    return (await this.call<T>("PUT", path, body, undefined, options)).data;
  }

  async patch<T>(path: string, body?: unknown, options: WriteOptions = {}): Promise<T> {
    return (await this.call<T>("PATCH", path, body, undefined, options)).data;
  }

  async delete<T>(path: string, options: WriteOptions = {}): Promise<T> {
    return (await this.call<T>("DELETE", path, undefined, undefined, options)).data;
  }

  async call<T>(
    method: TransportRequest["method"],
    path: string,
    body: unknown,
    query: Query | undefined,
    options: WriteOptions
  ): Promise<Envelope<T>> {
    // One key per logical write, kept across the token-refresh retry below.
    const key = WRITES.has(method)
      ? (options.idempotencyKey ?? (this.config.newKey ?? uuid4)())
      : undefined;
    let first = await this.send(method, path, body, query, key, options.anonymous);
    if (first.status === 503) {
      const seconds = Number(first.headers["retry-after"]);
      const wait = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
      await (this.config.sleep ?? sleep)(Math.min(wait, UNAVAILABLE_RETRY_MAX_MS));
      first = await this.send(method, path, body, query, key, options.anonymous);
    }
    if (
      first.status === 401 &&
      !options.anonymous &&
      isErrorBody(first.body) &&
      first.body.error.code === "TOKEN_INVALID"
    ) {
      if (await this.refresh()) {
        return this.unwrap<T>(await this.send(method, path, body, query, key, false));
      }
      this.config.tokens.set(null);
      this.config.onSignedOut?.();
    }
    return this.unwrap<T>(first);
  }

  private async send(
    method: TransportRequest["method"],
    path: string,
    body: unknown,
    query: Query | undefined,
    key: string | undefined,
    anonymous = false
  ) {
    const headers: Record<string, string> = {
      Accept: "application/json",
      "X-Mall-Platform": this.config.platform,
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (key) headers["Idempotency-Key"] = key;
    const session = anonymous ? null : this.config.tokens.get();
    if (session) headers.Authorization = `Bearer ${session.token}`;
    try {
      return await this.config.transport({
        method,
        url: this.url(path, query),
        headers,
        body,
        timeout: this.config.timeout,
      });
    } catch (err) {
      if (err instanceof TransportFailure || err instanceof TypeError)
        throw new NetworkError();
      throw err;
    }
  }

  private unwrap<T>(res: {
    status: number;
    headers: Record<string, string>;
    body: unknown;
  }): Envelope<T> {
    if (res.status >= 200 && res.status < 300) {
      if (isEnvelope(res.body)) return res.body as Envelope<T>;
      return {data: res.body as T, meta: {}};
    }
    if (isErrorBody(res.body)) {
      const {code, message, details} = res.body.error;
      const retry = Number(res.headers["retry-after"]);
      throw new ApiError(
        code,
        message,
        res.status,
        details ?? [],
        Number.isFinite(retry) ? retry : null
      );
    }
    if (res.status >= 500 || res.status === 0) {
      throw new ApiError("SERVER_ERROR", "服务器开小差了，请稍后重试", res.status);
    }
    throw new ApiError("HTTP_" + res.status, "请求失败，请稍后重试", res.status);
  }

  /** Exchange the refresh token once; concurrent 401s share one refresh. */
  private refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const session = this.config.tokens.get();
        if (!session?.refresh_token) return false;
        try {
          const res = await this.send(
            "POST",
            "/auth/refresh",
            {refresh_token: session.refresh_token},
            undefined,
            (this.config.newKey ?? uuid4)(),
            true
          );
          const env = this.unwrap<Session>(res);
          this.config.tokens.set(env.data);
          return true;
        } catch (err) {
          if (err instanceof NetworkError) throw err;
          return false;
        }
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }
}
