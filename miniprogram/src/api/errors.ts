/** Errors a call to the API ends with; pages switch on `code`, shoppers read `message`. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown[];
  readonly retryAfter: number | null;

  constructor(
    code: string,
    message: string,
    status: number,
    details: unknown[] = [],
    retryAfter: number | null = null
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  /** Signed out or the session ended: the shopper must sign in again. */
  get needsLogin(): boolean {
    return this.code === "AUTH_REQUIRED" || this.code === "TOKEN_INVALID";
  }
}

/** The request never got an answer (offline, timeout, DNS...): it may be retried. */
export class NetworkError extends Error {
  constructor(message = "网络不可用，请检查网络后重试") {
    super(message);
    this.name = "NetworkError";
  }
}

/** The shopper-facing text of any error a page catches. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError || err instanceof NetworkError) return err.message;
  return "出了点问题，请稍后重试";
}
