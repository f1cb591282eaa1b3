import { scaled } from "../harness.js";
import type { SqlBench } from "./comparison.js";

const KEYS = 1000;
const MODULUS = 10007;
const THRESHOLD = 1000;

/**
 * Filter, project and group-by aggregate over `range(n)` with derived columns, generated inside each engine:
 * `k = id % 1000`, `v = (id * 7) % 10007`; keep `v > 1000`; per k, count, sum of `v * 2` and max of v.
 */
export function filterAggregateBench(): SqlBench {
  const n = scaled(10_000_000);
  let ids: Float64Array | undefined;
  return {
    title: "filter + project + group-by",
    rows: n,
    sql: `SELECT k, count(*) AS n, sum(v * 2) AS total, max(v) AS top FROM gen WHERE v > ${THRESHOLD} GROUP BY k`,
    async setUp({ spark, duckdb, cores }) {
      spark.conf.set("spark.sql.shuffle.partitions", cores);
      spark.range(0, n).selectExpr("id", `id % ${KEYS} AS k`, `(id * 7) % ${MODULUS} AS v`).createOrReplaceTempView("gen");
      await duckdb.run(`CREATE OR REPLACE VIEW gen AS SELECT range AS id, range % ${KEYS} AS k, (range * 7) % ${MODULUS} AS v FROM range(${n})`);
      // The loop's input: the id column as a typed array (the engines generate theirs as they scan).
      ids = Float64Array.from({ length: n }, (_, i) => i);
    },
    checksum(rows) {
      let count = 0;
      let total = 0;
      let top = 0;
      for (const r of rows) {
        count += Number(r.n);
        total += Number(r.total);
        top = Math.max(top, Number(r.top));
      }
      return `${rows.length} groups, ${count} rows, total ${total}, top ${top}`;
    },
    loopName: "JS loop over a Float64Array",
    loop() {
      const column = ids!;
      const counts = new Float64Array(KEYS);
      const totals = new Float64Array(KEYS);
      const tops = new Float64Array(KEYS).fill(-Infinity);
      for (let i = 0; i < column.length; i++) {
        const id = column[i]!;
        const v = (id * 7) % MODULUS;
        if (v > THRESHOLD) {
          const k = id % KEYS;
          counts[k]++;
          totals[k] += v * 2;
          if (v > tops[k]!) tops[k] = v;
        }
      }
      const rows: Record<string, unknown>[] = [];
      for (let k = 0; k < KEYS; k++) if (counts[k]! > 0) rows.push({ k, n: counts[k], total: totals[k], top: tops[k] });
      return rows;
    },
  };
}
