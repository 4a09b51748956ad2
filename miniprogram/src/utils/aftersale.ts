/** After-sale wording and the request built from the shopper's choices. */
import type {
  AftersaleReason,
  AftersaleRequest,
  AftersaleState,
  AftersaleType,
  Order,
} from "../api/types";

export const AFTERSALE_TYPES: {key: AftersaleType; text: string; hint: string}[] = [
  {key: "refund", text: "仅退款", hint: "未收到货，或与商家协商不退货"},
  {key: "return_refund", text: "退货退款", hint: "已收到货，需要寄回商品"},
  {key: "exchange", text: "换货", hint: "寄回商品，商家重新发货"},
];

export const AFTERSALE_REASONS: {key: AftersaleReason; text: string}[] = [
  {key: "unwanted", text: "不想要了/拍错了"},
  {key: "quality", text: "质量问题"},
  {key: "wrong_item", text: "商家发错货"},
  {key: "damaged", text: "运输途中损坏"},
  {key: "not_as_described", text: "与描述不符"},
  {key: "other", text: "其他原因"},
];

export const AFTERSALE_STATE_TEXT: Record<AftersaleState, string> = {
  requested: "待商家处理",
  approved: "商家已同意",
  waiting_return: "待寄回商品",
  returned: "商家已收货",
  reshipped: "商家已重新发货",
  refunded: "已退款",
  done: "已完成",
  rejected: "商家已拒绝",
  cancelled: "已撤销",
};

export const AFTERSALE_TYPE_TEXT: Record<AftersaleType, string> = {
  refund: "仅退款",
  return_refund: "退货退款",
  exchange: "换货",
};

export const MAX_PHOTOS = 9;

/** The body of `POST /aftersales`: chosen lines with a positive quantity, capped at what was bought. */
export function buildAftersaleRequest(
  order: Pick<Order, "id" | "lines">,
  choice: {
    type: AftersaleType;
    reason: AftersaleReason;
    description?: string;
    quantities: Record<number, number>;
    photos?: string[];
  }
): AftersaleRequest {
  const lines = order.lines
    .map((l) => ({
      order_line_id: l.id,
      quantity: Math.min(
        l.quantity,
        Math.max(0, Math.floor(choice.quantities[l.id] ?? 0))
      ),
    }))
    .filter((l) => l.quantity > 0);
  if (!lines.length) throw new RangeError("请选择要售后的商品");
  return {
    order_id: order.id,
    type: choice.type,
    reason: choice.reason,
    description: (choice.description ?? "").trim().slice(0, 500),
    lines,
    photos: (choice.photos ?? []).slice(0, MAX_PHOTOS),
  };
}
