import {describe, expect, it} from "vitest";
import {ApiError, NetworkError} from "../../src/api/errors";
import type {MyFlashClaim} from "../../src/api/types";
import {claimAndWait, type ClaimState, waitForOrder} from "../../src/flash/claim";
import {
  flashCountdownText,
  flashPhase,
  formatCountdown,
  msUntil,
  parseApiTime,
} from "../../src/utils/countdown";

const T0 = Date.parse("2026-12-03T08:00:00Z");

describe("countdown", () => {
  it("reads API times as UTC", () => {
    expect(parseApiTime("2026-12-03T08:00:00")).toBe(T0);
    expect(parseApiTime("2026-12-03 16:00:00+08:00")).toBe(T0);
    expect(parseApiTime(null)).toBeNaN();
    expect(msUntil("2026-12-03T08:00:05", T0)).toBe(5000);
    expect(msUntil("2026-12-03T07:00:00", T0)).toBe(0);
    expect(msUntil(undefined, T0)).toBe(0);
  });

  it("formats hours, minutes, seconds and days", () => {
    expect(formatCountdown(3723000)).toBe("01:02:03");
    expect(formatCountdown(999)).toBe("00:00:00");
    expect(formatCountdown(-5)).toBe("00:00:00");
    expect(formatCountdown(2 * 86400000 + 59000)).toBe("2天 00:00:59");
  });

  it("tells the phase of a sale and its label", () => {
    const sale = {
      date_start: "2026-12-03T09:00:00",
      date_end: "2026-12-03T10:00:00",
      remaining: 5,
    };
    expect(flashPhase(sale, T0)).toBe("upcoming");
    expect(flashCountdownText(sale, T0)).toBe("距开始 01:00:00");
    const live = T0 + 3600000 + 1000;
    expect(flashPhase(sale, live)).toBe("live");
    expect(flashCountdownText(sale, live)).toBe("距结束 00:59:59");
    expect(flashPhase({...sale, remaining: 0}, live)).toBe("sold_out");
    expect(flashCountdownText({...sale, remaining: 0}, live)).toBe("已抢光");
    expect(flashPhase(sale, T0 + 2 * 3600000)).toBe("ended");
    expect(flashCountdownText({...sale, date_end: null}, live)).toBe("进行中");
  });
});

function claimOf(
  state: MyFlashClaim["state"],
  order_id: number | null = null
): MyFlashClaim {
  return {
    claim_uid: "u1",
    sale_id: 7,
    quantity: 1,
    state,
    order_id,
    expires_at: "2026-12-03T08:15:00",
  };
}

/** Fake calls: polls answer in turn; time advances by each sleep. */
function fakes(polls: (MyFlashClaim | Error)[], claimError?: Error) {
  let clock = T0;
  const states: ClaimState[] = [];
  const sleeps: number[] = [];
  let polled = 0;
  return {
    states,
    sleeps,
    polled: () => polled,
    deps: {
      claim: async () => {
        if (claimError) throw claimError;
        return {claim_uid: "u1", sale_id: 7, quantity: 1, state: "accepted" as const};
      },
      poll: async () => {
        const next = polls[Math.min(polled++, polls.length - 1)];
        if (next instanceof Error) throw next;
        return next;
      },
      sleep: async (ms: number) => {
        sleeps.push(ms);
        clock += ms;
      },
      now: () => clock,
      onState: (s: ClaimState) => states.push(s),
    },
  };
}

describe("flash claim polling", () => {
  it("claims then polls until the order is there", async () => {
    const f = fakes([
      new ApiError("NOT_FOUND", "不存在", 404),
      claimOf("accepted"),
      new NetworkError(),
      claimOf("ordered", 42),
    ]);
    const end = await claimAndWait(f.deps, {intervalMs: 100, maxIntervalMs: 200});
    expect(end).toEqual({step: "ordered", claim: claimOf("ordered", 42)});
    expect(f.polled()).toBe(4);
    expect(f.sleeps).toEqual([100, 150, 200]);
    expect(f.states.map((s) => s.step)).toEqual([
      "claiming",
      "waiting",
      "waiting",
      "waiting",
      "waiting",
      "ordered",
    ]);
  });

  it("shows each refusal in Chinese without polling", async () => {
    for (const [code, text] of [
      ["FLASH_NOT_STARTED", "秒杀还没开始，请稍后再来"],
      ["FLASH_ENDED", "秒杀已结束"],
      ["FLASH_SOLD_OUT", "手慢了，已被抢光"],
    ]) {
      const f = fakes([claimOf("ordered", 1)], new ApiError(code, "x", 409));
      expect(await claimAndWait(f.deps)).toEqual({
        step: "refused",
        code,
        message: text,
      });
      expect(f.polled()).toBe(0);
    }
  });

  it("resumes the shopper's earlier claim on FLASH_LIMIT", async () => {
    const limit = new ApiError("FLASH_LIMIT", "x", 409);
    const f = fakes([claimOf("ordered", 9)], limit);
    expect(await claimAndWait(f.deps)).toMatchObject({
      step: "ordered",
      claim: {order_id: 9},
    });
    const g = fakes([claimOf("paid", 9)], limit);
    expect(await claimAndWait(g.deps)).toEqual({
      step: "refused",
      code: "FLASH_LIMIT",
      message: "已达到每人限购数量",
    });
  });

  it("stops on paid, expired, timeout and hard errors", async () => {
    expect((await waitForOrder(fakes([claimOf("paid", 3)]).deps)).step).toBe("paid");
    expect((await waitForOrder(fakes([claimOf("expired")]).deps)).step).toBe("expired");
    const slow = fakes([claimOf("accepted")]);
    expect(
      (await waitForOrder(slow.deps, {intervalMs: 1000, timeoutMs: 5000})).step
    ).toBe("timeout");
    expect(slow.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
    const bad = fakes([new ApiError("VALIDATION_ERROR", "参数错误", 422)]);
    expect(await waitForOrder(bad.deps)).toMatchObject({
      step: "failed",
      message: "参数错误",
    });
  });

  it("lets sign-in errors through to the page", async () => {
    const f = fakes([], new ApiError("AUTH_REQUIRED", "请登录", 401));
    await expect(claimAndWait(f.deps)).rejects.toMatchObject({code: "AUTH_REQUIRED"});
  });
});
