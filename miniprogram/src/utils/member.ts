/** Display logic of the member pages: sign-in calendar, points prices, member card perks. */
import type {CardPlan, PointsRedemption, SigninDay} from "../api/types";
import {formatFen, formatMoney, toFen} from "./money";

export interface CalendarCell {
  /** "2026-12-03"; "" for the blanks before the 1st and after the last day. */
  date: string;
  day: number;
  signed: boolean;
  points: number;
  today: boolean;
  future: boolean;
}

export const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];

const BLANK: CalendarCell = {
  date: "",
  day: 0,
  signed: false,
  points: 0,
  today: false,
  future: false,
};

/** Day of the week of an ISO date, Monday 0 … Sunday 6 (dates are calendar days: UTC math). */
function mondayIndex(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The weeks (Monday first) of a month for the sign-in calendar: the server's
 * days where it sent them, every other day of the month unsigned; blanks pad
 * the first and last weeks to 7 cells.
 */
export function signinCalendar(
  year: number,
  month: number,
  days: SigninDay[],
  today: string
): CalendarCell[][] {
  const byDate = new Map(days.map((d) => [d.date, d]));
  const cells: CalendarCell[] = [];
  const first = `${year}-${pad(month)}-01`;
  for (let i = 0; i < mondayIndex(first); i++) cells.push(BLANK);
  for (let day = 1; day <= daysIn(year, month); day++) {
    const date = `${year}-${pad(month)}-${pad(day)}`;
    const row = byDate.get(date);
    cells.push({
      date,
      day,
      signed: !!row?.signed,
      points: row?.signed ? row.points : 0,
      today: date === today,
      future: date > today,
    });
  }
  while (cells.length % 7) cells.push(BLANK);
  const weeks: CalendarCell[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The month `delta` months from year/month: {year, month}. */
export function shiftMonth(
  year: number,
  month: number,
  delta: number
): {year: number; month: number} {
  const index = year * 12 + (month - 1) + delta;
  return {year: Math.floor(index / 12), month: (index % 12) + 1};
}

/**
 * The next bonus day of a streak: the first of the upcoming days paying more
 * than the plain daily points, with how many days after today it comes.
 * `todayStreak` is the streak day of today's sign-in (done or to do).
 */
export function nextBonus(
  upcoming: {streak: number; points: number}[],
  todayPoints: number,
  todayStreak: number
): {streak: number; points: number; inDays: number} | null {
  if (!upcoming.length) return null;
  const base = Math.min(todayPoints, ...upcoming.map((u) => u.points));
  const bonus = upcoming.find((u) => u.points > base);
  return bonus ? {...bonus, inDays: bonus.streak - todayStreak} : null;
}

/** "200 积分" or "200 积分 + ¥9.90" (points and money items). */
export function pointsPriceLabel(
  points: number,
  cash: string | null | undefined,
  currency?: string | null,
  quantity = 1
): string {
  const fen = toFen(cash) * quantity;
  const pts = `${points * quantity} 积分`;
  return fen > 0 ? `${pts} + ${formatFen(fen, {currency})}` : pts;
}

/** Why a shopper cannot redeem an item now, or "" when they can. */
export function redeemBlocker(
  item: {points: number; remaining: number; per_shopper_limit: number},
  balance: number | null,
  quantity = 1
): string {
  if (item.remaining <= 0) return "已兑完";
  if (quantity > item.remaining) return `仅剩 ${item.remaining} 件`;
  if (item.per_shopper_limit && quantity > item.per_shopper_limit)
    return `每人限兑 ${item.per_shopper_limit} 件`;
  if (balance !== null && balance < item.points * quantity) return "积分不足";
  return "";
}

export const REDEMPTION_STATE_TEXT: Record<PointsRedemption["state"], string> = {
  to_pay: "待支付",
  done: "已兑换",
  cancel: "已取消",
};

const DURATION_TEXT: Record<string, string> = {
  monthly: "月卡",
  quarterly: "季卡",
  yearly: "年卡",
};

/** "年卡" / "季卡" / "月卡", or "N 个月" for another duration. */
export function durationText(plan: {duration: string; months: number}): string {
  return DURATION_TEXT[plan.duration] ?? `${plan.months} 个月`;
}

/** 95 (% of the price paid) → "9.5 折"; 10 → "9 折" (a 10% discount). */
export function discountText(discountPercent: number): string {
  const tenths = Math.round((100 - discountPercent) * 10) / 100;
  return `${Number(tenths.toFixed(2))} 折`;
}

/** The perks of a plan, one line each, in the shopper's words. */
export function cardPerks(plan: CardPlan): string[] {
  const perks: string[] = [];
  if (plan.discount_percent > 0)
    perks.push(
      `会员价 ${discountText(plan.discount_percent)}${plan.category_ids.length ? "（指定品类）" : ""}`
    );
  if (plan.free_shipping)
    perks.push(
      toFen(plan.free_shipping_min) > 0
        ? `满 ${formatMoney(plan.free_shipping_min, plan.currency)} 包邮`
        : "全场包邮"
    );
  if (plan.monthly_coupon) perks.push(`每月领券：${plan.monthly_coupon}`);
  if (plan.points_multiplier > 1) perks.push(`购物积分 ${plan.points_multiplier} 倍`);
  return perks;
}
