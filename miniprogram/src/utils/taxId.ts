/**
 * Tax IDs of company invoice titles, checked before sending: the same rules
 * as the server's `tools/tax_id.py` (统一社会信用代码, GB 32100-2015, or an
 * older 15-character tax registration number). The server checks again.
 */

/** The 31 characters a credit code may hold; a character's value is its position. */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = Array.from({length: 17}, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});
const ALNUM = /^[0-9A-Z]+$/;

export type TaxIdProblem = "empty" | "length" | "charset" | "region" | "check";

export const TAX_ID_PROBLEM_TEXT: Record<TaxIdProblem, string> = {
  empty: "单位抬头需要填写税号",
  length: "税号应为 18 位（旧税务登记证号为 15 位）",
  charset: "税号含有不会出现的字符",
  region: "税号第 3 至 8 位应为数字（登记管理机关行政区划码）",
  check: "税号最后一位校验码不符，请核对是否输错",
};

/** As printed on an invoice: capitals, no spaces or dashes. */
export function normalizeTaxId(value: string | null | undefined): string {
  return (value ?? "").replace(/\s+/g, "").replace(/-/g, "").toUpperCase();
}

/** The check character (18th) of a credit code's first 17 characters. */
export function usccCheckChar(first17: string): string {
  let total = 0;
  for (let i = 0; i < 17; i++) total += USCC_CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return USCC_CHARSET[(31 - (total % 31)) % 31];
}

/** What is wrong with a tax ID, or null when it may be right. */
export function taxIdProblem(value: string | null | undefined): TaxIdProblem | null {
  const code = normalizeTaxId(value);
  if (!code) return "empty";
  if (code.length === 18) {
    if ([...code].some((c) => !USCC_CHARSET.includes(c))) return "charset";
    if (!/^\d{6}$/.test(code.slice(2, 8))) return "region";
    if (usccCheckChar(code.slice(0, 17)) !== code[17]) return "check";
    return null;
  }
  if (code.length === 15) {
    if (!ALNUM.test(code)) return "charset";
    if (!/^\d{6}$/.test(code.slice(0, 6))) return "region";
    return null;
  }
  return "length";
}
