import { scaled } from "../harness.js";
import type { SqlBench } from "./comparison.js";

const FACT_KEYS = 200_000;
const GROUPS = 7;

/**
 * An equi-join of `range(n)` facts, keyed `id % 200000`, with a 100,000-row dimension (`id`, `grp = id % 7`),
 * so half the facts find a match; the joined rows are counted and summed per grp so that no engine spends the
 * time returning ten million rows. Kindling broadcasts the dimension (it is under the threshold).
 */
export function joinBench(): SqlBench {
  const n = scaled(10_000_000);
  const dimRows = Math.max(1, Math.round(scaled(FACT_KEYS) / 2));
  let ids: Float64Array | undefined;
  let dimIds: Float64Array | undefined;
  return {
    title: "join + group-by",
    rows: n,
    sql: "SELECT d.grp, count(*) AS n, sum(f.id) AS total FROM facts f JOIN dims d ON f.k = d.id GROUP BY d.grp",
    async setUp({ spark, duckdb }) {
      spark.range(0, n).selectExpr("id", `id % ${FACT_KEYS} AS k`).createOrReplaceTempView("facts");
      spark.range(0, dimRows).selectExpr("id", `id % ${GROUPS} AS grp`).createOrReplaceTempView("dims");
      await duckdb.run(`CREATE OR REPLACE VIEW facts AS SELECT range AS id, range % ${FACT_KEYS} AS k FROM range(${n})`);
      await duckdb.run(`CREATE OR REPLACE VIEW dims AS SELECT range AS id, range % ${GROUPS} AS grp FROM range(${dimRows})`);
      ids = Float64Array.from({ length: n }, (_, i) => i);
      dimIds = Float64Array.from({ length: dimRows }, (_, i) => i);
    },
    checksum(rows) {
      const byGroup = rows.map((r) => `${r.grp}:${r.n}:${r.total}`).sort();
      return byGroup.join(",");
    },
    loopName: "JS hash join (Map) over Float64Arrays",
    loop() {
      const build = new Map<number, number>();
      for (const id of dimIds!) build.set(id, id % GROUPS);
      const counts = new Float64Array(GROUPS);
      const totals = new Float64Array(GROUPS);
      const column = ids!;
      for (let i = 0; i < column.length; i++) {
        const id = column[i]!;
        const grp = build.get(id % FACT_KEYS);
        if (grp !== undefined) {
          counts[grp]++;
          totals[grp] += id;
        }
      }
      const rows: Record<string, unknown>[] = [];
      for (let g = 0; g < GROUPS; g++) if (counts[g]! > 0) rows.push({ grp: g, n: counts[g], total: totals[g] });
      return rows;
    },
  };
}
