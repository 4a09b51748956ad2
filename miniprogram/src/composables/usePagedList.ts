import {ref, type Ref} from "vue";
import {errorMessage} from "../api/errors";
import type {Paged} from "../api/types";

/**
 * A paginated list loaded page by page (scroll to the bottom for more).
 * `reload` starts again from page 1; an answer of an earlier generation
 * arriving late (the shopper switched tab meanwhile) is dropped.
 * `onError` handles an error itself when it returns true (e.g. sign-in).
 */
export function usePagedList<T>(
  fetch: (page: number) => Promise<Paged<T>>,
  onError?: (err: unknown) => boolean
) {
  const items = ref([]) as Ref<T[]>;
  const done = ref(false);
  const loading = ref(false);
  const error = ref("");
  let page = 1;
  let generation = 0;

  async function load() {
    const mine = generation;
    loading.value = true;
    error.value = "";
    try {
      const res = await fetch(page);
      if (mine !== generation) return;
      items.value = [...items.value, ...res.items];
      done.value = res.meta.page >= res.meta.pages;
      page += 1;
    } catch (err) {
      if (mine === generation && !onError?.(err)) error.value = errorMessage(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function reload() {
    generation += 1;
    page = 1;
    items.value = [];
    done.value = false;
    return load();
  }

  /** The next page, unless all are loaded or one is on its way. */
  function more() {
    if (!done.value && !loading.value) return load();
  }

  return {items, done, loading, error, reload, more};
}
