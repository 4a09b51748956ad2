/** Invoices (发票): state texts and the server's message for a refused field. */
import {ApiError, errorMessage} from "../api/errors";
import type {InvoiceRequest} from "../api/types";

export const INVOICE_STATE_TEXT: Record<InvoiceRequest["state"], string> = {
  requested: "开票中",
  issued: "已开票",
  rejected: "已驳回",
  cancelled: "已撤销",
};

export const INVOICE_TYPE_TEXT = {
  normal: "电子普通发票",
  special: "增值税专用发票",
} as const;

interface Detail {
  field?: string;
  message?: string;
}

/**
 * What to show for a failed save: on a VALIDATION_ERROR the server's own
 * message of the first detail (about `field` when one names it, e.g. the tax
 * ID's check character), without pydantic's "Value error, " prefix; else
 * the error's message.
 */
export function fieldErrorMessage(err: unknown, field?: string): string {
  if (err instanceof ApiError && err.code === "VALIDATION_ERROR") {
    const details = (err.details as Detail[]).filter((d) => d && d.message);
    const hit =
      (field && details.find((d) => (d.field ?? "").split(".").includes(field))) ||
      details[0];
    if (hit?.message) {
      const text = hit.message.replace(/^Value error,\s*/, "");
      return field && hit.field?.split(".").includes(field)
        ? `${err.message}：${text}`
        : text;
    }
  }
  return errorMessage(err);
}
