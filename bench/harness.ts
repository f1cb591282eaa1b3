/**
 * The benchmarks' shared harness: each measurement is warmed up, then run several times, and its median is
 * kept, so one slow run (a GC pause, a cold worker thread) does not decide the figure.
 */

export interface Measurement {
  readonly name: string;
  /** How many units one run processes (records or tasks), to turn the median time into a rate. */
  readonly units: number;
  readonly unit: string;
  /** The cores the run used: an engine rate is divided by them, a single-threaded baseline's by 1. */
  readonly cores: number;
  readonly medianMs: number;
}

export interface BenchOptions {
  readonly warmups: number;
  readonly runs: number;
}

/** KINDLING_BENCH_SCALE (default 1) multiplies every size, e.g. 0.1 for a quick check. */
export function benchScale(): number {
  const raw = process.env.KINDLING_BENCH_SCALE;
  if (raw === undefined || raw === "") return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`KINDLING_BENCH_SCALE must be a positive number such as 0.1 or 1, but was "${raw}"`);
  }
  return scale;
}

export function scaled(size: number): number {
  return Math.max(1, Math.round(size * benchScale()));
}

/** Runs `body` `warmups` times unmeasured, then `runs` times, and returns the median wall time. */
export async function measure(
  what: Omit<Measurement, "medianMs">,
  body: () => unknown,
  { warmups, runs }: BenchOptions,
): Promise<Measurement> {
  for (let i = 0; i < warmups; i++) await body();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A collection left over from the previous run would otherwise be charged to this one.
    globalThis.gc?.();
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  return { ...what, medianMs: median(times) };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function ratePerCore(m: Measurement): number {
  return m.units / (m.medianMs / 1000) / m.cores;
}

/** One benchmark's rows: the engine's measurement first, then the hand-written baseline it is compared to. */
export interface BenchResult {
  readonly title: string;
  readonly engine: Measurement;
  readonly baseline: Measurement;
}

/** A plain-text table: rate per core, and the engine's rate as a share of its baseline's, per core and overall. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ["benchmark", "what", "cores", "size", "median ms", "rate", "rate / core", "engine ÷ baseline"];
  const rows: string[][] = [];
  for (const r of results) {
    for (const m of [r.engine, r.baseline]) {
      const isEngine = m === r.engine;
      rows.push([
        isEngine ? r.title : "",
        m.name,
        String(m.cores),
        `${m.units.toLocaleString("en-US")} ${m.unit}`,
        m.medianMs.toFixed(1),
        `${formatRate(ratePerCore(m) * m.cores)} ${m.unit}/s`,
        `${formatRate(ratePerCore(m))} ${m.unit}/s`,
        isEngine ? comparison(r) : "",
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function comparison(r: BenchResult): string {
  const perCore = ratePerCore(r.engine) / ratePerCore(r.baseline);
  const overall = r.baseline.medianMs / r.engine.medianMs;
  return `${formatRatio(perCore)} per core, ${formatRatio(overall)} wall`;
}

function formatRatio(x: number): string {
  return `${x.toPrecision(2)}x`;
}

function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}
