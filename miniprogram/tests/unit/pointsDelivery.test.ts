import {describe, expect, it} from "vitest";
import type {ShopOrderPreview} from "../../src/api/types";
import {
  carrierLabel,
  chosenCarrierIndex,
  chosenCarrierLabel,
  keepCarrier,
  redeemNeedsPay,
  redeemTotalLabel,
} from "../../src/utils/pointsDelivery";

const carriers = [
  {id: 3, name: "中通快递", fee: "8.00"},
  {id: 5, name: "顺丰速运", fee: "15.00"},
  {id: 7, name: "门店自提", fee: "0.00"},
];

function preview(over: Partial<ShopOrderPreview> = {}): ShopOrderPreview {
  return {
    shop: {id: 1, name: "官方旗舰店"},
    lines: [],
    carriers,
    carrier_id: 3,
    delivery_fee: "8.00",
    amount_untaxed: "17.79",
    amount_tax: "1.11",
    amount_total: "18.90",
    ...over,
  };
}

describe("points-mall delivery", () => {
  it("labels carriers with their fee or free shipping", () => {
    expect(carrierLabel(carriers[1], "CNY")).toBe("顺丰速运 ¥15.00");
    expect(carrierLabel(carriers[2], "CNY")).toBe("门店自提 免运费");
  });

  it("finds the server's chosen carrier, the first when unknown", () => {
    expect(chosenCarrierIndex(preview({carrier_id: 5}))).toBe(1);
    expect(chosenCarrierIndex(preview({carrier_id: null}))).toBe(0);
    expect(chosenCarrierIndex(preview({carrier_id: 99}))).toBe(0);
  });

  it("keeps the shopper's pick only while it is offered", () => {
    expect(keepCarrier(5, carriers)).toBe(5);
    expect(keepCarrier(9, carriers)).toBeNull();
    expect(keepCarrier(null, carriers)).toBeNull();
    expect(keepCarrier(5, null)).toBeNull();
  });

  it("totals points and the preview's money, delivery fee included", () => {
    expect(redeemTotalLabel(200, 2, "5.00", "CNY", preview())).toBe(
      "400 积分 + ¥18.90"
    );
    // Without a preview: the item's cash price per unit.
    expect(redeemTotalLabel(200, 2, "5.00", "CNY", null)).toBe("400 积分 + ¥10.00");
    // Points only and free delivery: nothing to pay.
    expect(redeemTotalLabel(300, 1, "0", "CNY", preview({amount_total: "0.00"}))).toBe(
      "300 积分"
    );
  });

  it("asks for payment when a delivery fee is due, even for points only", () => {
    expect(redeemNeedsPay("0.00", preview({amount_total: "8.00"}))).toBe(true);
    expect(redeemNeedsPay("0.00", preview({amount_total: "0.00"}))).toBe(false);
    expect(redeemNeedsPay("9.90", null)).toBe(true);
    expect(redeemNeedsPay("0", null)).toBe(false);
  });
});

describe("chosen carrier label", () => {
  it("names the chosen carrier, or asks to choose", () => {
    expect(chosenCarrierLabel(preview({carrier_id: 7}), "CNY")).toBe("门店自提 免运费");
    expect(chosenCarrierLabel(preview({carrier_id: null}), "CNY")).toBe("请选择");
  });
});
