/**
 * Voice search on mini-programs: WeChat's 同声传译 plugin (WechatSI) gives a
 * record-recognition manager; this module turns one recording into a
 * promise of the recognised words. Plain TypeScript: the manager is passed
 * in, so the result handling is unit-tested with a fake one.
 */

/** The part of WechatSI's `getRecordRecognitionManager()` used here. */
export interface RecognitionManager {
  start(options: {duration?: number; lang?: string}): void;
  stop(): void;
  onStart?: ((res: unknown) => void) | null;
  onStop?: ((res: {result?: string; tempFilePath?: string}) => void) | null;
  onError?: ((res: {retcode?: number; msg?: string}) => void) | null;
}

export class VoiceError extends Error {
  constructor(
    message: string,
    readonly code: string
  ) {
    super(message);
    this.name = "VoiceError";
  }
}

/** WechatSI's error codes, in words for the shopper. */
const RETCODE_TEXT: Record<number, [string, string]> = {
  [-30001]: ["record", "无法录音，请在设置中允许使用麦克风"],
  [-30002]: ["record", "录音被中断，请重试"],
  [-30003]: ["too_short", "说话时间太短，请按住多说一会儿"],
  [-30004]: ["network", "网络不佳，识别失败，请重试"],
  [-30005]: ["service", "语音识别服务暂时不可用"],
  [-30006]: ["timeout", "识别超时，请重试"],
  [-30008]: ["network", "网络不佳，识别失败，请重试"],
  [-30010]: ["network", "网络不佳，识别失败，请重试"],
  [-30011]: ["busy", "正在识别上一段语音，请稍候"],
  [-40001]: ["busy", "语音识别太频繁，请稍后再试"],
};

/** The search words from a recognised sentence: trailing punctuation and spaces dropped. */
export function cleanRecognized(text: string | undefined | null): string {
  return (text ?? "")
    .replace(/[\s。，、！？!?,.；;：:…~～"“”']+$/u, "")
    .replace(/^[\s"“”']+/u, "")
    .trim();
}

/** The shopper-facing error for a manager's onError payload. */
export function voiceErrorOf(
  res: {retcode?: number; msg?: string} | undefined
): VoiceError {
  const known = res?.retcode !== undefined ? RETCODE_TEXT[res.retcode] : undefined;
  if (known) return new VoiceError(known[1], known[0]);
  return new VoiceError("没有听清，请再说一次", "unknown");
}

/**
 * One recording: starts the manager and resolves with the recognised
 * words when it stops (the caller calls `manager.stop()` when the shopper
 * lets go, or the recording reaches `duration`). Rejects with a
 * VoiceError when nothing was recognised or the plugin failed.
 */
export function recognizeOnce(
  manager: RecognitionManager,
  options: {duration?: number; lang?: string} = {}
): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      manager.onStop = null;
      manager.onError = null;
      fn();
    };
    manager.onStop = (res) => {
      const words = cleanRecognized(res?.result);
      finish(() =>
        words ? resolve(words) : reject(new VoiceError("没有听清，请再说一次", "empty"))
      );
    };
    manager.onError = (res) => finish(() => reject(voiceErrorOf(res)));
    try {
      manager.start({
        duration: options.duration ?? 30000,
        lang: options.lang ?? "zh_CN",
      });
    } catch {
      finish(() => reject(new VoiceError("语音识别暂时不可用", "service")));
    }
  });
}
