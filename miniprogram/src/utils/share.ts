/** Paths the shopper shares and what the opened page reads back from them. */

const PRODUCT_PAGE = "/pages/product/product";
const GROUPBUY_PAGE = "/pages/groupbuy/groupbuy";

function query(params: Record<string, string | number | null | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

/** Read "a=1&b=x" (or a full path with "?") into a map; bad escapes are kept raw. */
export function parseQuery(text: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  const q = text.includes("?") ? text.slice(text.indexOf("?") + 1) : text;
  for (const part of q.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? "" : part.slice(eq + 1);
    let value = raw;
    try {
      value = decodeURIComponent(raw.replace(/\+/g, " "));
    } catch {
      // keep it raw
    }
    out[key] = value;
  }
  return out;
}

/**
 * The share path of a product with the share token of `POST /shares`: the
 * server's `path` may name another page layout, so the token is taken from
 * it and put on this app's product page (`s`, read back at sign-in).
 */
export function productSharePath(
  productId: number,
  serverPath?: string | null
): string {
  const token = parseQuery(serverPath).s;
  return `${PRODUCT_PAGE}${query({id: productId, s: token})}`;
}

/** A group-buy group to share: opening it shows that group with its join button. */
export function groupSharePath(
  campaignId: number,
  groupId: number,
  shareToken?: string
): string {
  return `${GROUPBUY_PAGE}${query({id: campaignId, group: groupId, s: shareToken})}`;
}

/**
 * WeChat mini-program codes carry at most 32 characters in `scene`: a group
 * is "g<campaign>-<group>". The page reads it back from `options.scene`.
 */
export function groupScene(campaignId: number, groupId: number): string {
  return `g${campaignId}-${groupId}`;
}

/** The campaign and group a groupbuy page is opened for, from its options or scene. */
export function groupFromOptions(
  options: Record<string, string | undefined> | undefined
): {campaignId: number; groupId: number} {
  const opts = options ?? {};
  let campaignId = Number(opts.id || 0) || 0;
  let groupId = Number(opts.group || 0) || 0;
  if (opts.scene) {
    let scene = opts.scene;
    try {
      scene = decodeURIComponent(scene);
    } catch {
      // keep it
    }
    const m = /^g(\d+)-(\d+)$/.exec(scene);
    if (m) {
      campaignId = Number(m[1]);
      groupId = Number(m[2]);
    }
  }
  return {campaignId, groupId};
}

export const SHARE_TOKEN_KEY = "mall.share.token";

/** Keep the `s` of a shared page opened before sign-in; the first sign-in sends it. */
export function rememberShareToken(
  kv: {set(key: string, value: unknown): void},
  token: string | null | undefined
): void {
  if (token && token.length <= 64) kv.set(SHARE_TOKEN_KEY, token);
}
