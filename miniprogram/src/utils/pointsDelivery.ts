/** Delivery of an order preview (checkout, points-mall goods): the carriers, fee and money to pay of a redemption preview. */
import type {Carrier, ShopOrderPreview} from "../api/types";
import {pointsPriceLabel} from "./member";
import {formatMoney, toFen} from "./money";

/** "顺丰速运 ¥12.00", or "顺丰速运 免运费" when the carrier charges nothing. */
export function carrierLabel(carrier: Carrier, currency?: string | null): string {
  return `${carrier.name} ${toFen(carrier.fee) > 0 ? formatMoney(carrier.fee, currency) : "免运费"}`;
}

/** Index of the chosen carrier in the preview's list (the first when none matches). */
export function chosenCarrierIndex(preview: ShopOrderPreview): number {
  return Math.max(
    0,
    preview.carriers.findIndex((c) => c.id === preview.carrier_id)
  );
}

/** The label of the preview's chosen carrier, or "请选择" when none is chosen. */
export function chosenCarrierLabel(
  preview: ShopOrderPreview,
  currency?: string | null
): string {
  const c = preview.carriers.find((x) => x.id === preview.carrier_id);
  return c ? carrierLabel(c, currency) : "请选择";
}

/**
 * The carrier to ask the server for: the shopper's pick while the preview still
 * offers it, else null (the server chooses, the cheapest).
 */
export function keepCarrier(
  picked: number | null,
  carriers: Carrier[] | null | undefined
): number | null {
  return picked !== null && carriers?.some((c) => c.id === picked) ? picked : null;
}

/**
 * The total of a redemption: points, and the money the preview asks for (the
 * cash part with tax and the delivery fee) when there is one; without a preview,
 * the item's own cash price.
 */
export function redeemTotalLabel(
  points: number,
  quantity: number,
  cashPrice: string | null | undefined,
  currency: string | null | undefined,
  preview: ShopOrderPreview | null
): string {
  return preview
    ? pointsPriceLabel(points * quantity, preview.amount_total, currency)
    : pointsPriceLabel(points, cashPrice, currency, quantity);
}

/** Money is paid: the preview's total (a delivery fee counts), else the cash price. */
export function redeemNeedsPay(
  cashPrice: string | null | undefined,
  preview: ShopOrderPreview | null
): boolean {
  return preview ? toFen(preview.amount_total) > 0 : toFen(cashPrice) > 0;
}
