/** Bargains (砍价): progress, time left and the shared page's path. */
import type {Bargain, BargainState} from "../api/types";
import {formatCountdown, msUntil} from "./countdown";
import {toFen} from "./money";

export const BARGAIN_PAGE = "/pages/bargain-task/bargain-task";

export const BARGAIN_STATE_TEXT: Record<BargainState, string> = {
  open: "砍价中",
  success: "已砍到底价",
  bought: "已购买",
  expired: "已过期",
};

type Prices = Pick<Bargain, "start_price" | "current_price" | "floor_price"> & {
  progress?: number | null;
};

/**
 * The share of the gap (start price − floor) already cut, 0–100, for the
 * progress bar: the server's `progress` when it has one, else from the prices.
 */
export function bargainPercent(b: Prices): number {
  let value = b.progress;
  if (value === null || value === undefined || !Number.isFinite(value)) {
    const gap = toFen(b.start_price) - toFen(b.floor_price);
    value =
      gap > 0 ? ((toFen(b.start_price) - toFen(b.current_price)) / gap) * 100 : 100;
  }
  return Math.min(100, Math.max(0, Math.round(value)));
}

/** What is left to cut before the floor, in fen (never negative). */
export function fenToFloor(b: Prices): number {
  return Math.max(0, toFen(b.current_price) - toFen(b.floor_price));
}

/** The line under the bar: time left while open, else the state. */
export function bargainTimeText(
  b: Pick<Bargain, "state" | "expires_at">,
  now: number = Date.now()
): string {
  if (b.state === "bought") return BARGAIN_STATE_TEXT.bought;
  const left = msUntil(b.expires_at, now);
  if (!left) return "已过期";
  return `剩余 ${formatCountdown(left)}`;
}

/** Whether the owner may still buy it (open or at the floor, not expired). */
export function canBuy(
  b: Pick<Bargain, "state" | "expires_at" | "is_mine">,
  now: number = Date.now()
): boolean {
  return (
    b.is_mine &&
    (b.state === "open" || b.state === "success") &&
    msUntil(b.expires_at, now) > 0
  );
}

/** The page a friend opens from the share, with the share token when one runs. */
export function bargainSharePath(
  bargainId: number,
  shareToken?: string | null
): string {
  const s = shareToken ? `&s=${encodeURIComponent(shareToken)}` : "";
  return `${BARGAIN_PAGE}?id=${bargainId}${s}`;
}

/** The bargain id of the page's options: `id`, or a mini-program code's scene "b<id>". */
export function bargainIdFromOptions(
  options: Record<string, string | undefined> | undefined
): number {
  const opts = options ?? {};
  if (opts.scene) {
    let scene = opts.scene;
    try {
      scene = decodeURIComponent(scene);
    } catch {
      // keep it
    }
    const m = /^b(\d+)$/.exec(scene);
    if (m) return Number(m[1]);
  }
  return Number(opts.id || 0) || 0;
}
