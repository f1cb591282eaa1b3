/**
 * A position in a source, as the source defines it (Spark's Offset): any JSON value. It is written as one line
 * of JSON in `offsets/N`, so that a restarted query reads back exactly what the source returned; two offsets
 * are equal when their JSON is.
 */
export type Offset = string | number | boolean | null | readonly Offset[] | { readonly [key: string]: Offset };

export function offsetJson(offset: Offset): string {
  return JSON.stringify(offset);
}

export function sameOffset(a: Offset | undefined, b: Offset | undefined): boolean {
  return a === undefined || b === undefined ? a === b : offsetJson(a) === offsetJson(b);
}
