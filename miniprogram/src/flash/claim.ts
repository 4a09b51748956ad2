/**
 * A flash-sale (秒杀) claim from the tap to the order to pay: claim, then poll
 * `GET /flash-sales/{id}/claim` until the server has turned the claim into an
 * order (state `ordered`), or says it is paid or expired. No ORM, no uni: the
 * page passes the calls in, the tests pass fakes.
 */
import {ApiError, NetworkError} from "../api/errors";
import type {FlashClaim, MyFlashClaim} from "../api/types";

/** The refusals of `POST /flash-sales/{id}/claims`, in the shopper's words. */
export const FLASH_REFUSAL_TEXT: Record<string, string> = {
  FLASH_NOT_STARTED: "秒杀还没开始，请稍后再来",
  FLASH_ENDED: "秒杀已结束",
  FLASH_SOLD_OUT: "手慢了，已被抢光",
  FLASH_LIMIT: "已达到每人限购数量",
};

export type ClaimState =
  | {step: "claiming"}
  | {step: "waiting"; polls: number}
  | {step: "ordered"; claim: MyFlashClaim}
  | {step: "paid"; claim: MyFlashClaim}
  | {step: "expired"; claim: MyFlashClaim}
  | {step: "refused"; code: string; message: string}
  | {step: "timeout"}
  | {step: "failed"; error: unknown; message: string};

export interface ClaimDeps {
  claim: () => Promise<FlashClaim>;
  poll: () => Promise<MyFlashClaim>;
  sleep: (ms: number) => Promise<void>;
  now?: () => number;
  /** Each step as it happens (the page shows it). */
  onState?: (state: ClaimState) => void;
}

export interface ClaimOptions {
  /** First wait between polls; each next wait is 1.5 × longer, capped. */
  intervalMs?: number;
  maxIntervalMs?: number;
  /** Give up waiting for the order after this long (the claim stands). */
  timeoutMs?: number;
}

/** True when polling should go on after this error: the claim is not yet readable. */
function transient(err: unknown): boolean {
  if (err instanceof NetworkError) return true;
  if (err instanceof ApiError)
    return err.code === "NOT_FOUND" || err.status >= 500 || err.status === 429;
  return false;
}

/** What a claim read back from the server means for the page; null: keep waiting. */
export function settled(claim: MyFlashClaim): ClaimState | null {
  if (claim.state === "ordered" && claim.order_id) return {step: "ordered", claim};
  if (claim.state === "paid") return {step: "paid", claim};
  if (claim.state === "expired") return {step: "expired", claim};
  return null;
}

/** Poll the shopper's claim until it settles or the time is up. */
export async function waitForOrder(
  deps: ClaimDeps,
  options: ClaimOptions = {}
): Promise<ClaimState> {
  const {intervalMs = 800, maxIntervalMs = 3000, timeoutMs = 30000} = options;
  const now = deps.now ?? Date.now;
  const emit = (s: ClaimState) => {
    deps.onState?.(s);
    return s;
  };
  const deadline = now() + timeoutMs;
  let wait = intervalMs;
  for (let polls = 1; ; polls++) {
    emit({step: "waiting", polls});
    try {
      const state = settled(await deps.poll());
      if (state) return emit(state);
    } catch (err) {
      if (err instanceof ApiError && err.needsLogin) throw err;
      if (!transient(err))
        return emit({step: "failed", error: err, message: failureText(err)});
    }
    if (now() + wait > deadline) return emit({step: "timeout"});
    await deps.sleep(wait);
    wait = Math.min(maxIntervalMs, Math.round(wait * 1.5));
  }
}

/**
 * Claim, then wait for the order. A FLASH_LIMIT refusal first looks for the
 * shopper's earlier claim: when it still waits to be paid, that one goes on.
 */
export async function claimAndWait(
  deps: ClaimDeps,
  options: ClaimOptions = {}
): Promise<ClaimState> {
  const emit = (s: ClaimState) => {
    deps.onState?.(s);
    return s;
  };
  emit({step: "claiming"});
  try {
    await deps.claim();
  } catch (err) {
    if (err instanceof ApiError && err.needsLogin) throw err;
    if (err instanceof ApiError && err.code in FLASH_REFUSAL_TEXT) {
      if (err.code === "FLASH_LIMIT") {
        const earlier = await deps.poll().catch(() => null);
        if (earlier && earlier.state === "ordered" && earlier.order_id)
          return emit({step: "ordered", claim: earlier});
        if (earlier && earlier.state === "accepted") return waitForOrder(deps, options);
      }
      return emit({
        step: "refused",
        code: err.code,
        message: FLASH_REFUSAL_TEXT[err.code],
      });
    }
    return emit({step: "failed", error: err, message: failureText(err)});
  }
  return waitForOrder(deps, options);
}

function failureText(err: unknown): string {
  if (err instanceof ApiError || err instanceof NetworkError) return err.message;
  return "出了点问题，请稍后重试";
}
