import {shareLink} from "./index";

/**
 * The tap of a share button (`open-type="share"`): nothing more on
 * mini-programs (the page's onShareAppMessage answers); on H5 the share
 * sheet, or the link copied and `copiedHint` shown.
 */
export async function shareButtonTap(path: string, title: string, copiedHint: string) {
  const outcome = await shareLink(path, title).catch(() => "failed" as const);
  if (outcome === "copied") uni.showToast({title: copiedHint, icon: "none"});
  else if (outcome === "failed")
    uni.showToast({title: "分享失败，请重试", icon: "none"});
}
