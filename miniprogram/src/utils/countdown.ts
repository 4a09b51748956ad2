/** Countdowns to API times (UTC, with or without an offset). */

/** "2026-12-03T07:30:00" (naive: UTC) → epoch ms; NaN when unreadable or empty. */
export function parseApiTime(value: string | null | undefined): number {
  if (!value) return Number.NaN;
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(value)
    ? value
    : value.replace(" ", "T") + "Z";
  return new Date(iso).getTime();
}

/** Milliseconds from now until the time, never negative (0 when passed or unknown). */
export function msUntil(
  value: string | null | undefined,
  now: number = Date.now()
): number {
  const t = parseApiTime(value);
  return Number.isNaN(t) ? 0 : Math.max(0, t - now);
}

export interface CountdownParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function countdownParts(ms: number): CountdownParts {
  const total = Math.max(0, Math.floor(ms / 1000));
  return {
    days: Math.floor(total / 86400),
    hours: Math.floor((total % 86400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}

/** 3723000 → "01:02:03"; over a day: "2天 01:02:03". */
export function formatCountdown(ms: number): string {
  const {days, hours, minutes, seconds} = countdownParts(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  const clock = `${p(hours)}:${p(minutes)}:${p(seconds)}`;
  return days ? `${days}天 ${clock}` : clock;
}

export type FlashPhase = "upcoming" | "live" | "sold_out" | "ended";

/** Where a flash sale stands at `now`, from its window and live stock. */
export function flashPhase(
  sale: {date_start: string; date_end: string | null; remaining: number},
  now: number = Date.now()
): FlashPhase {
  const end = parseApiTime(sale.date_end);
  if (!Number.isNaN(end) && end <= now) return "ended";
  if (parseApiTime(sale.date_start) > now) return "upcoming";
  return sale.remaining > 0 ? "live" : "sold_out";
}

/** The countdown label of a sale: to its start, or to its end while live. */
export function flashCountdownText(
  sale: {date_start: string; date_end: string | null; remaining: number},
  now: number = Date.now()
): string {
  const phase = flashPhase(sale, now);
  if (phase === "upcoming")
    return `距开始 ${formatCountdown(msUntil(sale.date_start, now))}`;
  if (phase === "ended") return "已结束";
  if (phase === "sold_out") return "已抢光";
  return sale.date_end
    ? `距结束 ${formatCountdown(msUntil(sale.date_end, now))}`
    : "进行中";
}
