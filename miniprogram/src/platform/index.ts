/**
 * What differs between WeChat, Alipay and H5, behind one interface.
 * uni-app's conditional compilation (#ifdef) keeps only the target's branch
 * in each build, so WeChat code never reaches the Alipay package and so on.
 */
import type {PayResult, Platform} from "../api/types";
import {recognizeOnce, type RecognitionManager} from "./voice";
import {h5Url, webShare, type WebShareOutcome} from "./webShare";

/** Alipay's global API object (only defined in the Alipay mini-program). */
declare const my: any;
/** WeChat's plugin loader (only defined in the WeChat mini-program). */
declare const requirePlugin: (name: string) => any;

export function platformName(): Platform {
  // #ifdef MP-WEIXIN
  return "weixin";
  // #endif
  // #ifdef MP-ALIPAY
  return "alipay";
  // #endif
  // #ifdef H5
  return "h5";
  // #endif
}

/** A one-time sign-in code from the platform: wx.login's code or my.getAuthCode's authCode. */
export function loginCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    // #ifdef MP-WEIXIN
    uni.login({provider: "weixin", success: (r) => resolve(r.code), fail: reject});
    // #endif
    // #ifdef MP-ALIPAY
    my.getAuthCode({
      scopes: "auth_base",
      success: (r: {authCode: string}) => resolve(r.authCode),
      fail: reject,
    });
    // #endif
    // #ifdef H5
    reject(new Error("H5 没有平台登录"));
    // #endif
  });
}

/** Hand the server's payment parameters to the platform's cashier; resolves when the shopper paid. */
export function requestPayment(pay: PayResult): Promise<"paid" | "cancelled"> {
  return new Promise((resolve, reject) => {
    if (pay.state === "done") {
      resolve("paid");
      return;
    }
    // #ifdef MP-WEIXIN
    const p = pay.request_payment || {};
    uni.requestPayment({
      provider: "wxpay",
      timeStamp: p.timeStamp,
      nonceStr: p.nonceStr,
      package: p.package,
      signType: p.signType,
      paySign: p.paySign,
      orderInfo: "",
      success: () => resolve("paid"),
      fail: (e: {errMsg?: string}) =>
        /cancel/.test(e.errMsg || "") ? resolve("cancelled") : reject(e),
    } as any);
    // #endif
    // #ifdef MP-ALIPAY
    my.tradePay({
      tradeNO: pay.trade_no,
      success: (r: {resultCode: string}) =>
        r.resultCode === "9000" ? resolve("paid") : resolve("cancelled"),
      fail: reject,
    });
    // #endif
    // #ifdef H5
    reject(new Error("H5 请使用余额支付"));
    // #endif
  });
}

/** The payment providers this target can use, preferred first. */
export function payProviders(): ("wechatpay" | "alipay" | "mall_balance")[] {
  // #ifdef MP-WEIXIN
  return ["wechatpay", "mall_balance"];
  // #endif
  // #ifdef MP-ALIPAY
  return ["alipay", "mall_balance"];
  // #endif
  // #ifdef H5
  return ["mall_balance"];
  // #endif
}

/** Whether the platform's phone-number button (open-type="getPhoneNumber") exists. */
export function hasPhoneButton(): boolean {
  // #ifdef MP-WEIXIN || MP-ALIPAY
  return true;
  // #endif
  // #ifdef H5
  return false;
  // #endif
}

/** The body /me/phone takes from the phone button's event. */
export function phoneRequestFromEvent(
  detail: Record<string, string | undefined>
): Record<string, string> | null {
  // #ifdef MP-WEIXIN
  if (detail.code) return {code: detail.code};
  if (detail.encryptedData && detail.iv)
    return {encrypted_data: detail.encryptedData, iv: detail.iv};
  return null;
  // #endif
  // #ifdef MP-ALIPAY
  const response = detail.response;
  return response ? {alipay_response: response as string} : null;
  // #endif
  // #ifdef H5
  return null;
  // #endif
}

/**
 * Whether the voice search button is shown: WeChat, with the 同声传译
 * plugin (WechatSI, declared in manifest.json). Alipay mini-programs have
 * no speech-recognition API and H5 no plugin, so it is hidden there.
 */
export function hasVoiceSearch(): boolean {
  // #ifdef MP-WEIXIN
  return true;
  // #endif
  // #ifndef MP-WEIXIN
  return false;
  // #endif
}

let recognizer: RecognitionManager | null = null;

/** WechatSI's record-recognition manager (one per app); null where absent. */
function voiceManager(): RecognitionManager | null {
  // #ifdef MP-WEIXIN
  if (!recognizer) {
    try {
      recognizer = requirePlugin("WechatSI").getRecordRecognitionManager();
    } catch {
      recognizer = null;
    }
  }
  // #endif
  return recognizer;
}

/**
 * Start recording for voice search: `result` resolves with the words
 * recognised (or rejects with a VoiceError in Chinese); call `stop()` when
 * the shopper lets go of the button. Null where there is no voice search.
 */
export function startVoiceSearch(): {result: Promise<string>; stop: () => void} | null {
  const manager = hasVoiceSearch() ? voiceManager() : null;
  if (!manager) return null;
  return {
    result: recognizeOnce(manager, {duration: 30000, lang: "zh_CN"}),
    stop: () => {
      try {
        manager.stop();
      } catch {
        // already stopped
      }
    },
  };
}

/**
 * Share an app page from a button. Mini-programs share natively: the
 * button has `open-type="share"` and the page's `onShareAppMessage` gives
 * the path, so this does nothing there ("native"). H5 opens the browser's
 * share sheet (Web Share API) or, without one, copies the link.
 */
export async function shareLink(
  appPath: string,
  title: string
): Promise<WebShareOutcome | "native"> {
  // #ifdef H5
  const copy = (url: string) =>
    new Promise<void>((resolve, reject) =>
      uni.setClipboardData({data: url, success: () => resolve(), fail: reject})
    );
  return webShare(
    typeof navigator === "undefined" ? undefined : navigator,
    {title, url: h5Url(location, appPath)},
    copy
  );
  // #endif
  // #ifndef H5
  return "native";
  // #endif
}

/** The platform's address picker (WeChat's chooseAddress); null where absent. */
export function chooseAddress(): Promise<Record<string, string> | null> {
  return new Promise((resolve) => {
    // #ifdef MP-WEIXIN
    uni.chooseAddress({
      success: (r) => resolve(r as unknown as Record<string, string>),
      fail: () => resolve(null),
    });
    // #endif
    // #ifndef MP-WEIXIN
    resolve(null);
    // #endif
  });
}

/** A picked image (uni.chooseImage path) as base64, for JSON uploads. */
export function readImageBase64(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // #ifdef H5
    fetch(path)
      .then((r) => r.blob())
      .then((blob) => {
        const reader = new FileReader();
        reader.onload = () =>
          resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
        reader.onerror = () => reject(new Error("图片读取失败"));
        reader.readAsDataURL(blob);
      })
      .catch(() => reject(new Error("图片读取失败")));
    // #endif
    // #ifndef H5
    uni.getFileSystemManager().readFile({
      filePath: path,
      encoding: "base64",
      success: (r) => resolve(String(r.data)),
      fail: () => reject(new Error("图片读取失败")),
    });
    // #endif
  });
}
