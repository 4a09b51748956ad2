import type {PayProvider} from "./api/types";
import {requestPayment} from "./platform";
import {api} from "./services";

/**
 * Pay a checkout: the server prepares the payment (one try per key), the
 * platform's cashier takes it. Resolves "paid", or "cancelled" when the
 * shopper closed the cashier (the order then waits in 待付款).
 */
export async function payCheckout(
  checkoutId: number,
  provider: PayProvider,
  key: string
): Promise<"paid" | "cancelled"> {
  const pay = await api.checkout.pay(checkoutId, provider, `${key}:pay:${provider}`);
  try {
    return await requestPayment(pay);
  } catch (err) {
    uni.showToast({
      title: err instanceof Error ? err.message : "支付未完成",
      icon: "none",
    });
    return "cancelled";
  }
}

/** After paying a campaign's checkout (bargain...): say how it went and show the order. */
export function openPaidOrder(outcome: "paid" | "cancelled", orderId?: number | null) {
  uni.showToast({
    title: outcome === "paid" ? "支付成功" : "请在订单中尽快支付",
    icon: "none",
  });
  uni.redirectTo({
    url: orderId
      ? `/pages/order/order?id=${orderId}`
      : "/pages/orders/orders?status=to_pay",
  });
}
