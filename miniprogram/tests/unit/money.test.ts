import {describe, expect, it} from "vitest";
import {
  addFen,
  fenToDecimal,
  formatFen,
  formatMoney,
  multiplyFen,
  percentOfFen,
  savingFen,
  splitPrice,
  toFen,
} from "../../src/utils/money";

describe("money", () => {
  it("parses decimal strings into integer fen", () => {
    expect(toFen("59.90")).toBe(5990);
    expect(toFen("12.3")).toBe(1230);
    expect(toFen("7")).toBe(700);
    expect(toFen("0.01")).toBe(1);
    expect(toFen("-5.5")).toBe(-550);
    expect(toFen("-0.00")).toBe(0);
    expect(toFen(null)).toBe(0);
  });

  it("rounds a third decimal half away from zero", () => {
    expect(toFen("1.005")).toBe(101);
    expect(toFen("1.004")).toBe(100);
    expect(toFen("-1.005")).toBe(-101);
    expect(toFen(1.005)).toBe(101);
  });

  it("refuses what is not an amount", () => {
    expect(() => toFen("abc")).toThrow(RangeError);
    expect(() => toFen("1,000.00")).toThrow(RangeError);
    expect(() => toFen(Number.NaN)).toThrow(RangeError);
  });

  it("adds without floating point drift", () => {
    expect(addFen(toFen("0.1"), toFen("0.2"))).toBe(30);
    expect(fenToDecimal(addFen(toFen("0.1"), toFen("0.2")))).toBe("0.30");
    expect(multiplyFen(toFen("19.99"), 3)).toBe(5997);
    expect(() => multiplyFen(100, 1.5)).toThrow();
  });

  it("formats as yuan with the symbol", () => {
    expect(formatFen(1230)).toBe("¥12.30");
    expect(formatFen(5)).toBe("¥0.05");
    expect(formatFen(-500)).toBe("-¥5.00");
    expect(formatFen(123456789, {grouping: true})).toBe("¥1,234,567.89");
    expect(formatFen(1230, {symbol: ""})).toBe("12.30");
    expect(formatMoney("59.9")).toBe("¥59.90");
    expect(fenToDecimal(-1)).toBe("-0.01");
  });

  it("takes percentages rounded to the fen", () => {
    expect(percentOfFen(999, 95)).toBe(949); // 949.05
    expect(percentOfFen(1001, 50)).toBe(501); // 500.5 rounds up
    expect(savingFen(5990, 3990)).toBe(2000);
    expect(savingFen(100, 200)).toBe(0);
  });

  it("splits a price for big-yuan small-fen tags", () => {
    expect(splitPrice("59.9")).toEqual({yuan: "59", fen: "90"});
    expect(splitPrice("-0.5")).toEqual({yuan: "-0", fen: "50"});
  });
});
