import {describe, expect, it} from "vitest";
import {formatCount, formatDateTime} from "../../src/utils/format";
import {pushHistory} from "../../src/utils/history";
import {MemoryKV} from "../../src/utils/storage";

describe("display formats", () => {
  it("shows API times (UTC) in Beijing time", () => {
    expect(formatDateTime("2026-12-03T16:30:00")).toBe("2026-12-04 00:30");
    expect(formatDateTime("2026-12-03 07:05:09")).toBe("2026-12-03 15:05");
    expect(formatDateTime("2026-12-03T07:05:09+08:00")).toBe("2026-12-03 07:05");
    expect(formatDateTime(null)).toBe("");
    expect(formatDateTime("soon")).toBe("soon");
  });

  it("counts sales in 万", () => {
    expect(formatCount(9999)).toBe("9999");
    expect(formatCount(12000)).toBe("1.2万");
    expect(formatCount(30000)).toBe("3万");
  });
});

describe("search history", () => {
  it("keeps recent words first, unique and bounded", () => {
    const kv = new MemoryKV();
    pushHistory(kv, "连衣裙");
    pushHistory(kv, " 脐橙 ");
    expect(pushHistory(kv, "连衣裙")).toEqual(["连衣裙", "脐橙"]);
    for (let i = 0; i < 20; i++) pushHistory(kv, `w${i}`);
    const list = kv.get<string[]>("mall.search.history")!;
    expect(list).toHaveLength(10);
    expect(list[0]).toBe("w19");
  });
});
