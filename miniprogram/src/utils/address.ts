/** The address to deliver to: the one chosen last, else the default, else the first. */
export function preferredAddress<A extends {id: number; is_default: boolean}>(
  list: A[],
  chosen?: number | null
): A | null {
  return (
    list.find((a) => a.id === chosen) ??
    list.find((a) => a.is_default) ??
    list[0] ??
    null
  );
}
