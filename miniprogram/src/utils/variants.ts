import type {Attribute, Variant} from "../api/types";

/** The variant whose attribute values are exactly the ones picked (one per attribute), if any. */
export function matchVariant(
  variants: Variant[],
  picked: Record<number, number>,
  attributes: Attribute[]
): Variant | undefined {
  if (!attributes.length) return variants[0];
  const ids = attributes.map((a) => picked[a.id]);
  if (ids.some((id) => id === undefined)) return undefined;
  return variants.find((v) => ids.every((id) => v.value_ids.includes(id)));
}

/** Whether picking `valueId` for `attributeId` (keeping the other picks) leads to a variant in stock. */
export function valueAvailable(
  variants: Variant[],
  picked: Record<number, number>,
  attributes: Attribute[],
  attributeId: number,
  valueId: number
): boolean {
  const wanted = attributes
    .map((a) => (a.id === attributeId ? valueId : picked[a.id]))
    .filter((id): id is number => id !== undefined);
  return variants.some(
    (v) => v.stock > 0 && wanted.every((id) => v.value_ids.includes(id))
  );
}

/** Initial picks: the first variant in stock (or the first), so a price shows at once. */
export function defaultPicks(
  variants: Variant[],
  attributes: Attribute[]
): Record<number, number> {
  const v = variants.find((x) => x.stock > 0) ?? variants[0];
  const picks: Record<number, number> = {};
  if (!v) return picks;
  for (const a of attributes) {
    const value = a.values.find((val) => v.value_ids.includes(val.id));
    if (value) picks[a.id] = value.id;
  }
  return picks;
}

/** "红色 / M" of the picked values. */
export function describePicks(
  picked: Record<number, number>,
  attributes: Attribute[]
): string {
  return attributes
    .map((a) => a.values.find((v) => v.id === picked[a.id])?.name)
    .filter(Boolean)
    .join(" / ");
}
