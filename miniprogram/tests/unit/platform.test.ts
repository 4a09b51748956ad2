import {describe, expect, it, vi} from "vitest";
import {
  cleanRecognized,
  recognizeOnce,
  VoiceError,
  type RecognitionManager,
} from "../../src/platform/voice";
import {h5Url, webShare} from "../../src/platform/webShare";

/** A stand-in for WechatSI's record-recognition manager. */
class FakeManager implements RecognitionManager {
  started: {duration?: number; lang?: string}[] = [];
  stopped = 0;
  throwOnStart = false;
  onStart: RecognitionManager["onStart"] = null;
  onStop: RecognitionManager["onStop"] = null;
  onError: RecognitionManager["onError"] = null;
  start(options: {duration?: number; lang?: string}) {
    if (this.throwOnStart) throw new Error("plugin not authorised");
    this.started.push(options);
  }
  stop() {
    this.stopped += 1;
  }
}

describe("voice search result handling", () => {
  it("resolves the recognised words without the trailing punctuation", async () => {
    const m = new FakeManager();
    const result = recognizeOnce(m);
    expect(m.started).toEqual([{duration: 30000, lang: "zh_CN"}]);
    m.onStop!({result: "连衣裙。", tempFilePath: "wxfile://x"});
    await expect(result).resolves.toBe("连衣裙");
    expect(m.onStop).toBeNull();
    expect(m.onError).toBeNull();
  });

  it("rejects an empty recognition in Chinese", async () => {
    const m = new FakeManager();
    const result = recognizeOnce(m);
    m.onStop!({result: "。"});
    await expect(result).rejects.toMatchObject({
      code: "empty",
      message: "没有听清，请再说一次",
    });
  });

  it("turns plugin error codes into messages, unknown ones into a retry hint", async () => {
    let m = new FakeManager();
    let result = recognizeOnce(m);
    m.onError!({retcode: -30003, msg: "audio too short"});
    await expect(result).rejects.toMatchObject({code: "too_short"});
    m = new FakeManager();
    result = recognizeOnce(m);
    m.onError!({retcode: -30001});
    await expect(result).rejects.toThrow("麦克风");
    m = new FakeManager();
    result = recognizeOnce(m);
    m.onError!({retcode: -99999, msg: "?"});
    const err = await result.catch((e) => e);
    expect(err).toBeInstanceOf(VoiceError);
    expect(err.code).toBe("unknown");
  });

  it("settles once: a late error after the result is ignored", async () => {
    const m = new FakeManager();
    const result = recognizeOnce(m);
    const stop = m.onStop!;
    const error = m.onError!;
    stop({result: "  手机壳！ "});
    error({retcode: -30002});
    await expect(result).resolves.toBe("手机壳");
  });

  it("rejects when the plugin cannot start", async () => {
    const m = new FakeManager();
    m.throwOnStart = true;
    await expect(recognizeOnce(m)).rejects.toMatchObject({code: "service"});
  });

  it("cleans sentences", () => {
    expect(cleanRecognized("“红色 连衣裙”？")).toBe("红色 连衣裙");
    expect(cleanRecognized(undefined)).toBe("");
  });
});

describe("H5 share", () => {
  const data = {
    title: "好物",
    url: "https://shop.example.com/#/pages/product/product?id=1&s=t",
  };

  it("builds the hash-router address of an app path", () => {
    expect(
      h5Url(
        {origin: "https://shop.example.com", pathname: "/"},
        "/pages/product/product?id=1&s=t"
      )
    ).toBe(data.url);
    expect(h5Url({origin: "http://a", pathname: "/h5/index.html"}, "pages/x/x")).toBe(
      "http://a/h5/index.html#/pages/x/x"
    );
  });

  it("uses the Web Share API when the browser has it", async () => {
    const share = vi.fn(async () => undefined);
    const copy = vi.fn(async () => undefined);
    await expect(webShare({share}, data, copy)).resolves.toBe("shared");
    expect(share).toHaveBeenCalledWith(data);
    expect(copy).not.toHaveBeenCalled();
  });

  it("copies the link without the API, or when the data is refused", async () => {
    const copy = vi.fn(async () => undefined);
    await expect(webShare({}, data, copy)).resolves.toBe("copied");
    await expect(webShare(undefined, data, copy)).resolves.toBe("copied");
    const share = vi.fn(async () => undefined);
    await expect(webShare({share, canShare: () => false}, data, copy)).resolves.toBe(
      "copied"
    );
    expect(share).not.toHaveBeenCalled();
    expect(copy).toHaveBeenCalledTimes(3);
  });

  it("a closed sheet is not copied; a failed one is", async () => {
    const copy = vi.fn(async () => undefined);
    const abort = Object.assign(new Error("closed"), {name: "AbortError"});
    await expect(
      webShare({share: () => Promise.reject(abort)}, data, copy)
    ).resolves.toBe("cancelled");
    expect(copy).not.toHaveBeenCalled();
    const denied = Object.assign(new Error("no gesture"), {name: "NotAllowedError"});
    await expect(
      webShare({share: () => Promise.reject(denied)}, data, copy)
    ).resolves.toBe("copied");
    expect(copy).toHaveBeenCalledWith(data.url);
  });
});
