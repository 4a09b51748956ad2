import {describe, expect, it} from "vitest";
import {ApiError, NetworkError} from "../../src/api/errors";
import {
  bargainIdFromOptions,
  bargainPercent,
  bargainSharePath,
  bargainTimeText,
  canBuy,
  fenToFloor,
} from "../../src/utils/bargain";
import {checkWithdrawal} from "../../src/utils/distribution";
import {fieldErrorMessage} from "../../src/utils/invoice";
import {normalizeTaxId, taxIdProblem, usccCheckChar} from "../../src/utils/taxId";

const NOW = Date.UTC(2026, 11, 3, 8, 0, 0);

describe("bargain progress and time left", () => {
  const prices = {start_price: "100.00", current_price: "40.00", floor_price: "10.00"};

  it("uses the server's progress, clamped and rounded", () => {
    expect(bargainPercent({...prices, progress: 66.6})).toBe(67);
    expect(bargainPercent({...prices, progress: 120})).toBe(100);
    expect(bargainPercent({...prices, progress: -3})).toBe(0);
  });

  it("computes it from the prices when the server sends none", () => {
    expect(bargainPercent(prices)).toBe(67); // 60 of 90 cut
    expect(bargainPercent({...prices, current_price: "10.00"})).toBe(100);
    expect(bargainPercent({...prices, floor_price: "100.00"})).toBe(100);
  });

  it("says what is left to the floor, never negative", () => {
    expect(fenToFloor(prices)).toBe(3000);
    expect(fenToFloor({...prices, current_price: "9.99"})).toBe(0);
  });

  it("counts down to the expiry (naive times are UTC)", () => {
    const open = {state: "open" as const, expires_at: "2026-12-03T09:01:02"};
    expect(bargainTimeText(open, NOW)).toBe("剩余 01:01:02");
    expect(bargainTimeText({...open, expires_at: "2026-12-05T08:00:01Z"}, NOW)).toBe(
      "剩余 2天 00:00:01"
    );
    expect(bargainTimeText({...open, expires_at: "2026-12-03T07:59:59"}, NOW)).toBe(
      "已过期"
    );
    expect(bargainTimeText({...open, state: "bought"}, NOW)).toBe("已购买");
  });

  it("lets only the owner buy an open or finished bargain before it expires", () => {
    const b = {
      state: "open" as const,
      expires_at: "2026-12-03T09:00:00",
      is_mine: true,
    };
    expect(canBuy(b, NOW)).toBe(true);
    expect(canBuy({...b, state: "success"}, NOW)).toBe(true);
    expect(canBuy({...b, is_mine: false}, NOW)).toBe(false);
    expect(canBuy({...b, state: "bought"}, NOW)).toBe(false);
    expect(canBuy({...b, expires_at: "2026-12-03T07:00:00"}, NOW)).toBe(false);
  });

  it("shares the task page and reads it back", () => {
    expect(bargainSharePath(7)).toBe("/pages/bargain-task/bargain-task?id=7");
    expect(bargainSharePath(7, "a+b")).toBe(
      "/pages/bargain-task/bargain-task?id=7&s=a%2Bb"
    );
    expect(bargainIdFromOptions({id: "7", s: "x"})).toBe(7);
    expect(bargainIdFromOptions({scene: encodeURIComponent("b42")})).toBe(42);
    expect(bargainIdFromOptions({id: "nope"})).toBe(0);
    expect(bargainIdFromOptions(undefined)).toBe(0);
  });
});

describe("tax ID pre-check (GB 32100, as tools/tax_id.py)", () => {
  it("accepts valid credit codes and legacy numbers", () => {
    expect(taxIdProblem("91350100M000100Y43")).toBeNull();
    expect(taxIdProblem(" 9135-0100 m000100y43 ")).toBeNull();
    expect(taxIdProblem("91110000600037341L")).toBeNull();
    expect(taxIdProblem("110108123456789")).toBeNull();
    expect(normalizeTaxId(" 9135-0100 m000100y43 ")).toBe("91350100M000100Y43");
  });

  it("computes the check character", () => {
    expect(usccCheckChar("91350100M000100Y4")).toBe("3");
  });

  it("names what is wrong", () => {
    expect(taxIdProblem("")).toBe("empty");
    expect(taxIdProblem(null)).toBe("empty");
    expect(taxIdProblem("12345")).toBe("length");
    expect(taxIdProblem("91350100M000100Y4I")).toBe("charset");
    expect(taxIdProblem("9135A100M000100Y43")).toBe("region");
    expect(taxIdProblem("91350100M000100Y44")).toBe("check");
    expect(taxIdProblem("1101081234567_9")).toBe("charset");
    expect(taxIdProblem("A10108123456789")).toBe("region");
  });
});

describe("server validation messages", () => {
  it("shows the server's message about the field", () => {
    const err = new ApiError("VALIDATION_ERROR", "请求参数有误", 422, [
      {
        field: "body.tax_id",
        type: "value_error",
        message: "Value error, the check character (the last) does not match: a typo?",
      },
    ]);
    expect(fieldErrorMessage(err, "tax_id")).toBe(
      "请求参数有误：the check character (the last) does not match: a typo?"
    );
  });

  it("falls back to the first detail, then to the error's message", () => {
    const model = new ApiError("VALIDATION_ERROR", "请求参数有误", 422, [
      {field: "body", type: "value_error", message: "税号校验码不符"},
    ]);
    expect(fieldErrorMessage(model, "tax_id")).toBe("税号校验码不符");
    expect(fieldErrorMessage(new ApiError("BUSINESS_RULE", "操作无法完成", 409))).toBe(
      "操作无法完成"
    );
    expect(fieldErrorMessage(new NetworkError())).toBe("网络不可用，请检查网络后重试");
  });
});

describe("withdrawal amount", () => {
  const limits = {min_withdrawal: "10.00", withdrawable: "88.50"};
  it("keeps it between the minimum and the withdrawable", () => {
    expect(checkWithdrawal("50", limits)).toEqual({amount: "50.00"});
    expect(checkWithdrawal("88.5", limits)).toEqual({amount: "88.50"});
    expect(checkWithdrawal("9.99", limits)).toEqual({error: "最低提现 10.00 元"});
    expect(checkWithdrawal("88.51", limits)).toEqual({error: "最多可提现 88.50 元"});
    expect("error" in checkWithdrawal("1.234", limits)).toBe(true);
    expect("error" in checkWithdrawal("abc", limits)).toBe(true);
    expect(checkWithdrawal("0", {...limits, min_withdrawal: "0"})).toEqual({
      error: "提现金额需大于 0",
    });
  });
});
