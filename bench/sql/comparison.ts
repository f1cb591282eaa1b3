import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { SparkSession } from "../../src/index.js";
import type { BenchOptions, Measurement } from "../harness.js";
import { measure, ratePerCore } from "../harness.js";

/**
 * What the SQL benchmarks share: one query measured in Kindling (whole-stage codegen on, then off), in DuckDB
 * in the same process over the same generated rows, and as a hand-written JavaScript loop; every run's answer
 * is reduced to a checksum that must be the same everywhere, since a wrong answer makes any speed meaningless.
 */
export interface SqlBenchContext {
  readonly spark: SparkSession;
  readonly duckdb: DuckDBConnection;
  /** Kindling's task slots, also DuckDB's threads, so both engines' rates per core are over the same cores. */
  readonly cores: number;
  readonly options: BenchOptions;
}

export interface SqlBenchResult {
  readonly title: string;
  readonly rows: number;
  /** Kindling with codegen first; every other measurement is compared to it. */
  readonly measurements: readonly Measurement[];
}

export interface SqlBench {
  readonly title: string;
  readonly rows: number;
  /** SQL text for Kindling and DuckDB, run after `setUp` made the same tables in both. */
  readonly sql: string;
  setUp(context: SqlBenchContext): Promise<void>;
  /** The answer's checksum from result rows with the query's column names. */
  checksum(rows: readonly Record<string, unknown>[]): string;
  /** The same answer by a single-threaded loop over typed arrays, and that loop's name. */
  readonly loopName: string;
  loop(): Record<string, unknown>[];
}

export async function openDuckDb(cores: number): Promise<DuckDBConnection> {
  const connection = await (await DuckDBInstance.create(":memory:", { threads: String(cores) })).connect();
  return connection;
}

export async function runSqlBench(bench: SqlBench, context: SqlBenchContext): Promise<SqlBenchResult> {
  const { spark, duckdb, cores, options } = context;
  await bench.setUp(context);
  const what = { units: bench.rows, unit: "rows" };
  const answers = new Map<string, string>();
  const check = (name: string, rows: readonly Record<string, unknown>[]) => {
    answers.set(name, bench.checksum(rows));
    if (new Set(answers.values()).size > 1) {
      throw new Error(`${bench.title}: the answers disagree: ${[...answers].map(([n, a]) => `${n} gave ${a}`).join("; ")}`);
    }
  };
  const measurements: Measurement[] = [];
  for (const codegen of ["true", "false"]) {
    const name = codegen === "true" ? "kindling SQL, codegen" : "kindling SQL, interpreted";
    spark.conf.set("spark.sql.codegen.wholeStage", codegen);
    measurements.push(await measure({ ...what, name, cores }, async () => check(name, await spark.sql(bench.sql).collect()), options));
  }
  spark.conf.unset("spark.sql.codegen.wholeStage");
  measurements.push(await measure({ ...what, name: "DuckDB", cores }, async () => {
    check("DuckDB", (await duckdb.runAndReadAll(bench.sql)).getRowObjects());
  }, options));
  measurements.push(await measure({ ...what, name: bench.loopName, cores: 1 }, () => check(bench.loopName, bench.loop()), options));
  return { title: bench.title, rows: bench.rows, measurements };
}

/** Rows per second per core of each measurement, and Kindling's (with codegen) as a multiple of each. */
export function formatSqlTable(results: readonly SqlBenchResult[]): string {
  const header = ["benchmark", "engine", "cores", "median ms", "rows/s", "rows/s/core", "kindling ÷ this, per core"];
  const rows: string[][] = [];
  for (const r of results) {
    const kindling = ratePerCore(r.measurements[0]!);
    r.measurements.forEach((m, i) => {
      rows.push([
        i === 0 ? `${r.title} (${r.rows.toLocaleString("en-US")} rows)` : "",
        m.name,
        String(m.cores),
        m.medianMs.toFixed(0),
        rate(ratePerCore(m) * m.cores),
        rate(ratePerCore(m)),
        i === 0 ? "" : `${(kindling / ratePerCore(m)).toPrecision(2)}x`,
      ]);
    });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i >= 2 ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

function rate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(1)}k`;
}
