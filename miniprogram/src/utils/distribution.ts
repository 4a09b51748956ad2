/** The promoter centre (推广中心): texts and the withdrawal amount check. */
import type {
  CommissionState,
  PromoterState,
  Withdrawal,
  WithdrawalMethod,
} from "../api/types";
import {fenToDecimal, toFen} from "./money";

export const PROMOTER_STATE_TEXT: Record<PromoterState, string> = {
  none: "未加入",
  applied: "审核中",
  active: "推广员",
  frozen: "已冻结",
  rejected: "申请未通过",
};

export const COMMISSION_STATE_TEXT: Record<CommissionState, string> = {
  pending: "待结算",
  withdrawable: "可提现",
  withdrawn: "已提现",
};

export const WITHDRAWAL_STATE_TEXT: Record<Withdrawal["state"], string> = {
  requested: "审核中",
  approved: "已通过",
  paid: "已到账",
  rejected: "已驳回",
};

export const WITHDRAWAL_METHOD_TEXT: Record<WithdrawalMethod, string> = {
  balance: "商城余额",
  wechatpay: "微信零钱",
  alipay: "支付宝",
};

/**
 * The amount to send ("50.00"), or the reason it cannot be asked for: the
 * same bounds as the server (at least the minimum, at most the withdrawable).
 */
export function checkWithdrawal(
  input: string,
  limits: {min_withdrawal: string; withdrawable: string}
): {amount: string} | {error: string} {
  const text = (input ?? "").trim();
  if (!/^\d+(\.\d{1,2})?$/.test(text))
    return {error: "请输入正确的金额（最多两位小数）"};
  const fen = toFen(text);
  if (fen <= 0) return {error: "提现金额需大于 0"};
  if (fen < toFen(limits.min_withdrawal))
    return {error: `最低提现 ${fenToDecimal(toFen(limits.min_withdrawal))} 元`};
  if (fen > toFen(limits.withdrawable))
    return {error: `最多可提现 ${fenToDecimal(toFen(limits.withdrawable))} 元`};
  return {amount: fenToDecimal(fen)};
}
