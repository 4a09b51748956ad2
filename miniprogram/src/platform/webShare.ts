/**
 * Sharing a link from a browser (H5): the Web Share API's share sheet where
 * the browser has one (`navigator.share`: mobile Chrome/Safari), else the
 * link is copied for the shopper to paste. Mini-programs share natively
 * (`open-type="share"` + `onShareAppMessage`) and never reach this module.
 * Plain TypeScript with the browser objects passed in, so it is unit-tested.
 */

export interface ShareNavigator {
  share?: (data: {title?: string; text?: string; url?: string}) => Promise<void>;
  canShare?: (data: {title?: string; text?: string; url?: string}) => boolean;
}

/** What happened: the sheet was used, the link copied, or the shopper closed the sheet. */
export type WebShareOutcome = "shared" | "copied" | "cancelled";

/** The full H5 address of an app path ("/pages/x/x?id=1"), hash router. */
export function h5Url(
  location: {origin: string; pathname: string},
  appPath: string
): string {
  return `${location.origin}${location.pathname}#${appPath.startsWith("/") ? appPath : `/${appPath}`}`;
}

/**
 * Offer `url` through the share sheet, falling back to `copy(url)`: when the
 * browser has no sheet, refuses the data (`canShare`), or the sheet fails
 * for another reason than the shopper closing it (AbortError).
 */
export async function webShare(
  nav: ShareNavigator | undefined,
  data: {title: string; text?: string; url: string},
  copy: (url: string) => Promise<void>
): Promise<WebShareOutcome> {
  const share = nav?.share;
  if (typeof share === "function" && (!nav!.canShare || nav!.canShare(data))) {
    try {
      await share.call(nav, data);
      return "shared";
    } catch (err) {
      if ((err as {name?: string} | null)?.name === "AbortError") return "cancelled";
      // NotAllowedError (no user gesture), a sheet that failed: copy instead.
    }
  }
  await copy(data.url);
  return "copied";
}
