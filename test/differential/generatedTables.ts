import type { Column } from "./duckdb.js";

/**
 * The differential suite's data: a fact table with a skewed, sometimes null key and a dimension table whose
 * keys overlap it only in part (and include null), generated from a fixed seed so every run checks the same
 * rows.
 */
export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly unknown[])[];
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generatedTables(factRows = 2000): Table[] {
  const r = rng(7);
  const maybeNull = <T>(value: T, share = 0.1): T | null => (r() < share ? null : value);
  const facts: unknown[][] = [];
  for (let id = 0; id < factRows; id++) {
    // Keys 0 and 1 take 40% and 20% of the rows (the hot keys); the rest spread over 60 keys; 8% are null.
    const x = r();
    const k = x < 0.08 ? null : x < 0.48 ? 0 : x < 0.68 ? 1 : 2 + Math.floor(r() * 60);
    const v = maybeNull(BigInt(Math.floor(r() * 2001) - 1000));
    const d = maybeNull(Math.round(r() * 1e4) / 100);
    const s = maybeNull(`s${Math.floor(r() * 12)}`);
    const flag = maybeNull(r() < 0.5);
    facts.push([id, k, v, d, s, flag]);
  }
  const dims: unknown[][] = [];
  // Even keys from 0 to 80: half the fact keys find no match, and keys above 61 match no fact.
  for (let k = 0; k <= 80; k += 2) dims.push([k, `name${k}`, Math.floor(r() * 5)]);
  dims.push([null, "nokey", 1], [0, "zero-again", 2]); // a null key, and a duplicate of the hottest key
  return [
    {
      name: "facts",
      columns: [
        { name: "id", type: "int" },
        { name: "k", type: "int" },
        { name: "v", type: "bigint" },
        { name: "d", type: "double" },
        { name: "s", type: "string" },
        { name: "flag", type: "boolean" },
      ],
      rows: facts,
    },
    {
      name: "dims",
      columns: [
        { name: "k", type: "int" },
        { name: "name", type: "string" },
        { name: "grp", type: "int" },
      ],
      rows: dims,
    },
  ];
}
