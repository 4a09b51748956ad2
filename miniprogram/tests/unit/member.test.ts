import {describe, expect, it} from "vitest";
import type {CardPlan} from "../../src/api/types";
import {preferredAddress} from "../../src/utils/address";
import {
  cardPerks,
  discountText,
  durationText,
  nextBonus,
  pointsPriceLabel,
  redeemBlocker,
  shiftMonth,
  signinCalendar,
} from "../../src/utils/member";

describe("sign-in calendar", () => {
  it("lays out a month in Monday-first weeks with blanks", () => {
    // December 2026 starts on a Tuesday and has 31 days.
    const weeks = signinCalendar(
      2026,
      12,
      [
        {date: "2026-12-01", signed: true, points: 5, streak: 1},
        {date: "2026-12-02", signed: true, points: 15, streak: 2},
        {date: "2026-12-03", signed: false, points: 0, streak: 0},
      ],
      "2026-12-03"
    );
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0][0].date).toBe("");
    expect(weeks[0][1]).toMatchObject({date: "2026-12-01", day: 1, signed: true});
    expect(weeks[0][2].points).toBe(15);
    expect(weeks[0][3]).toMatchObject({today: true, signed: false, future: false});
    expect(weeks[0][4]).toMatchObject({day: 4, future: true, signed: false});
    const last = weeks[4].filter((c) => c.date);
    expect(last.map((c) => c.day)).toEqual([28, 29, 30, 31]);
  });

  it("handles leap Februaries and months starting on Monday", () => {
    const feb = signinCalendar(2028, 2, [], "2028-03-01");
    expect(feb.flat().filter((c) => c.date)).toHaveLength(29);
    expect(feb[0][1].day).toBe(1); // 2028-02-01 is a Tuesday
    const june = signinCalendar(2026, 6, [], "2026-06-10");
    expect(june[0][0].day).toBe(1); // 2026-06-01 is a Monday
    expect(june).toHaveLength(5);
  });

  it("moves between months across years", () => {
    expect(shiftMonth(2026, 12, 1)).toEqual({year: 2027, month: 1});
    expect(shiftMonth(2026, 1, -1)).toEqual({year: 2025, month: 12});
    expect(shiftMonth(2026, 5, -14)).toEqual({year: 2025, month: 3});
  });

  it("finds the next bonus day of the streak", () => {
    const upcoming = [
      {streak: 4, points: 5},
      {streak: 5, points: 5},
      {streak: 6, points: 5},
      {streak: 7, points: 30},
    ];
    expect(nextBonus(upcoming, 5, 3)).toEqual({streak: 7, points: 30, inDays: 4});
    expect(nextBonus(upcoming.slice(0, 3), 5, 3)).toBeNull();
    expect(nextBonus([], 5, 3)).toBeNull();
    // Today is the bonus day: the next one is the first day above the base.
    expect(nextBonus([{streak: 8, points: 5}], 30, 7)).toBeNull();
  });
});

describe("points mall", () => {
  it("labels points and points + money prices", () => {
    expect(pointsPriceLabel(200, "0.00", "CNY")).toBe("200 积分");
    expect(pointsPriceLabel(200, "9.90", "CNY")).toBe("200 积分 + ¥9.90");
    expect(pointsPriceLabel(150, "0.10", "CNY", 3)).toBe("450 积分 + ¥0.30");
  });

  it("says why an item cannot be redeemed", () => {
    const item = {points: 100, remaining: 5, per_shopper_limit: 2};
    expect(redeemBlocker(item, 500)).toBe("");
    expect(redeemBlocker(item, 99)).toBe("积分不足");
    expect(redeemBlocker(item, null)).toBe("");
    expect(redeemBlocker(item, 500, 3)).toBe("每人限兑 2 件");
    expect(redeemBlocker({...item, remaining: 0}, 500)).toBe("已兑完");
    expect(redeemBlocker({...item, per_shopper_limit: 0}, 10000, 6)).toBe("仅剩 5 件");
  });
});

describe("member card", () => {
  const plan: CardPlan = {
    id: 1,
    name: "年卡",
    duration: "yearly",
    months: 12,
    price: "99.00",
    currency: "CNY",
    discount_percent: 5,
    category_ids: [],
    free_shipping: true,
    free_shipping_min: "0.00",
    monthly_coupon: "会员月券",
    points_multiplier: 2,
    description: "",
    examples: [],
  };

  it("names durations and discounts", () => {
    expect(durationText(plan)).toBe("年卡");
    expect(durationText({duration: "biannual", months: 6})).toBe("6 个月");
    expect(discountText(5)).toBe("9.5 折");
    expect(discountText(10)).toBe("9 折");
    expect(discountText(12.5)).toBe("8.75 折");
  });

  it("lists the perks", () => {
    expect(cardPerks(plan)).toEqual([
      "会员价 9.5 折",
      "全场包邮",
      "每月领券：会员月券",
      "购物积分 2 倍",
    ]);
    expect(
      cardPerks({
        ...plan,
        discount_percent: 0,
        free_shipping_min: "49.00",
        monthly_coupon: null,
        points_multiplier: 1,
      })
    ).toEqual(["满 ¥49.00 包邮"]);
    expect(cardPerks({...plan, category_ids: [3]})[0]).toBe(
      "会员价 9.5 折（指定品类）"
    );
  });
});

describe("delivery address", () => {
  const list = [
    {id: 1, is_default: false},
    {id: 2, is_default: true},
    {id: 3, is_default: false},
  ];
  it("prefers the chosen, then the default, then the first", () => {
    expect(preferredAddress(list, 3)?.id).toBe(3);
    expect(preferredAddress(list, 9)?.id).toBe(2);
    expect(preferredAddress(list, null)?.id).toBe(2);
    expect(preferredAddress([list[0], list[2]])?.id).toBe(1);
    expect(preferredAddress([])).toBeNull();
  });
});
