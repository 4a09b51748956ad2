import {describe, expect, it} from "vitest";
import {
  groupFromOptions,
  groupScene,
  groupSharePath,
  parseQuery,
  productSharePath,
} from "../../src/utils/share";
import {currencySymbol, formatMoney} from "../../src/utils/money";

describe("share paths", () => {
  it("puts the server's token on this app's product page", () => {
    expect(productSharePath(12, "pages/product/product?id=12&s=abc.DEF-1")).toBe(
      "/pages/product/product?id=12&s=abc.DEF-1"
    );
    expect(productSharePath(12, null)).toBe("/pages/product/product?id=12");
    expect(productSharePath(5, "pages/index/index?s=a%2Bb")).toBe(
      "/pages/product/product?id=5&s=a%2Bb"
    );
  });

  it("shares a group and reads it back from options or the scene", () => {
    expect(groupSharePath(3, 41)).toBe("/pages/groupbuy/groupbuy?id=3&group=41");
    expect(groupSharePath(3, 41, "tok")).toBe(
      "/pages/groupbuy/groupbuy?id=3&group=41&s=tok"
    );
    expect(groupFromOptions(parseQuery(groupSharePath(3, 41)))).toEqual({
      campaignId: 3,
      groupId: 41,
    });
    const scene = groupScene(3, 41);
    expect(scene.length).toBeLessThanOrEqual(32);
    expect(groupFromOptions({scene: encodeURIComponent(scene)})).toEqual({
      campaignId: 3,
      groupId: 41,
    });
    expect(groupFromOptions({id: "3"})).toEqual({campaignId: 3, groupId: 0});
    expect(groupFromOptions(undefined)).toEqual({campaignId: 0, groupId: 0});
    expect(groupFromOptions({id: "x", scene: "store-9"})).toEqual({
      campaignId: 0,
      groupId: 0,
    });
  });

  it("parses queries leniently", () => {
    expect(parseQuery("a=1&b=%E4%BD%A0&c&d=%zz")).toEqual({
      a: "1",
      b: "你",
      c: "",
      d: "%zz",
    });
  });
});

describe("currency display", () => {
  it("uses the currency the API returned", () => {
    expect(formatMoney("12.3", "USD")).toBe("$12.30");
    expect(formatMoney("12.3", {currency: "CNY"})).toBe("¥12.30");
    expect(formatMoney("-5", "EUR")).toBe("-€5.00");
    expect(formatMoney("1", "CHF")).toBe("CHF 1.00");
    expect(formatMoney("1")).toBe("¥1.00");
    expect(formatMoney("1", null)).toBe("¥1.00");
    expect(formatMoney("1", {currency: "USD", symbol: ""})).toBe("1.00");
    expect(currencySymbol("usd")).toBe("$");
  });
});

import {buildAftersaleRequest} from "../../src/utils/aftersale";

describe("after-sale request", () => {
  const order = {
    id: 8,
    lines: [
      {
        id: 1,
        product_id: 1,
        variant_id: 1,
        name: "A",
        quantity: 2,
        price: "1",
        subtotal: "2",
      },
      {
        id: 2,
        product_id: 2,
        variant_id: 2,
        name: "B",
        quantity: 1,
        price: "1",
        subtotal: "1",
      },
    ],
  };

  it("keeps chosen lines, capped at what was bought", () => {
    expect(
      buildAftersaleRequest(order, {
        type: "refund",
        reason: "quality",
        description: "  坏了 ",
        quantities: {1: 5, 2: 0},
        photos: Array(12).fill("x"),
      })
    ).toEqual({
      order_id: 8,
      type: "refund",
      reason: "quality",
      description: "坏了",
      lines: [{order_line_id: 1, quantity: 2}],
      photos: Array(9).fill("x"),
    });
  });

  it("refuses a request without lines", () => {
    expect(() =>
      buildAftersaleRequest(order, {type: "exchange", reason: "other", quantities: {}})
    ).toThrow("请选择要售后的商品");
  });
});
