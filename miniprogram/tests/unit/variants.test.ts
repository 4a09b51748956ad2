import {describe, expect, it} from "vitest";
import type {Attribute, Variant} from "../../src/api/types";
import {
  defaultPicks,
  describePicks,
  matchVariant,
  valueAvailable,
} from "../../src/utils/variants";

const attributes: Attribute[] = [
  {
    id: 1,
    name: "颜色",
    display_type: "color",
    values: [
      {id: 10, name: "红色", html_color: "#f00"},
      {id: 11, name: "蓝色", html_color: "#00f"},
    ],
  },
  {
    id: 2,
    name: "尺码",
    display_type: "radio",
    values: [
      {id: 20, name: "M", html_color: null},
      {id: 21, name: "L", html_color: null},
    ],
  },
];
const v = (id: number, value_ids: number[], stock: number): Variant => ({
  id,
  sku: `S${id}`,
  price: "99.00",
  stock,
  value_ids,
  image: null,
});
const variants = [v(1, [10, 20], 0), v(2, [10, 21], 3), v(3, [11, 20], 5)];

describe("variant picker", () => {
  it("matches only a complete pick", () => {
    expect(matchVariant(variants, {1: 10, 2: 21}, attributes)?.id).toBe(2);
    expect(matchVariant(variants, {1: 10}, attributes)).toBeUndefined();
    expect(matchVariant(variants, {1: 11, 2: 21}, attributes)).toBeUndefined();
    expect(matchVariant([v(9, [], 1)], {}, [])?.id).toBe(9);
  });

  it("greys out values leading nowhere in stock", () => {
    expect(valueAvailable(variants, {1: 10}, attributes, 2, 20)).toBe(false); // red M is sold out
    expect(valueAvailable(variants, {1: 10}, attributes, 2, 21)).toBe(true);
    expect(valueAvailable(variants, {2: 21}, attributes, 1, 11)).toBe(false); // no blue L
  });

  it("starts on the first variant in stock and describes the pick", () => {
    const picks = defaultPicks(variants, attributes);
    expect(picks).toEqual({1: 10, 2: 21});
    expect(describePicks(picks, attributes)).toBe("红色 / L");
  });
});
