import {describe, expect, it} from "vitest";
import {ApiError} from "../../src/api/errors";
import type {Paged} from "../../src/api/types";
import {usePagedList} from "../../src/composables/usePagedList";

function pageOf(page: number, pages: number, items: string[]): Paged<string> {
  return {items, meta: {page, pages, page_size: 2, total: pages * 2}};
}

describe("paged list", () => {
  it("appends pages until the last one", async () => {
    const asked: number[] = [];
    const list = usePagedList(async (page) => {
      asked.push(page);
      return pageOf(page, 2, [`a${page}`, `b${page}`]);
    });
    await list.reload();
    expect(list.done.value).toBe(false);
    await list.more();
    expect(list.items.value).toEqual(["a1", "b1", "a2", "b2"]);
    expect(list.done.value).toBe(true);
    await list.more(); // nothing more to ask
    expect(asked).toEqual([1, 2]);
    await list.reload();
    expect(list.items.value).toEqual(["a1", "b1"]);
    expect(asked).toEqual([1, 2, 1]);
  });

  it("drops a late answer of a list reloaded meanwhile", async () => {
    const waiting: ((p: Paged<string>) => void)[] = [];
    const list = usePagedList(
      (page) => new Promise<Paged<string>>((resolve) => waiting.push(resolve))
    );
    const first = list.reload();
    const second = list.reload();
    waiting[1](pageOf(1, 1, ["new"]));
    await second;
    waiting[0](pageOf(1, 3, ["old"]));
    await first;
    expect(list.items.value).toEqual(["new"]);
    expect(list.done.value).toBe(true);
    expect(list.loading.value).toBe(false);
  });

  it("shows errors unless the handler takes them", async () => {
    const err = new ApiError("AUTH_REQUIRED", "请先登录", 401);
    const shown = usePagedList<string>(async () => {
      throw err;
    });
    await shown.reload();
    expect(shown.error.value).toBe("请先登录");
    expect(shown.loading.value).toBe(false);
    const handled = usePagedList<string>(
      async () => {
        throw err;
      },
      (e) => e instanceof ApiError && e.needsLogin
    );
    await handled.reload();
    expect(handled.error.value).toBe("");
  });
});
