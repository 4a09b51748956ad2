/** Display helpers shared by the pages (Simplified Chinese). */
export const ORDER_STATUS_TEXT: Record<string, string> = {
  to_pay: "待付款",
  to_ship: "待发货",
  to_receive: "待收货",
  to_review: "待评价",
  aftersale: "售后",
  done: "已完成",
  cancelled: "已取消",
};

export const ORDER_TABS: {key: string; text: string}[] = [
  {key: "all", text: "全部"},
  {key: "to_pay", text: "待付款"},
  {key: "to_ship", text: "待发货"},
  {key: "to_receive", text: "待收货"},
  {key: "to_review", text: "待评价"},
];

export const SORT_OPTIONS = [
  {key: "relevance", text: "综合"},
  {key: "sales", text: "销量"},
  {key: "price_asc", text: "价格↑"},
  {key: "price_desc", text: "价格↓"},
  {key: "newest", text: "新品"},
] as const;

/** "2026-12-03T07:30:00" (UTC) → "2026-12-03 15:30" (Beijing). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(value)
    ? value
    : value.replace(" ", "T") + "Z";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return value;
  const bj = new Date(d.getTime() + 8 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${bj.getUTCFullYear()}-${p(bj.getUTCMonth() + 1)}-${p(bj.getUTCDate())} ${p(bj.getUTCHours())}:${p(bj.getUTCMinutes())}`;
}

/** Sales counts as shoppers read them: 12000 → "1.2万". */
export function formatCount(n: number): string {
  if (n >= 10000)
    return `${(Math.floor(n / 1000) / 10).toFixed(1).replace(/\.0$/, "")}万`;
  return String(n);
}
