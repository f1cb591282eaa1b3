import type { SparkContext } from "../../src/index.js";
import type { BenchOptions, BenchResult } from "../harness.js";
import { measure, scaled } from "../harness.js";

const KEYS = 1000;

/**
 * A key count with `reduceByKey` over 10 million `[i % 1000, 1]` pairs, generated inside the tasks so the driver
 * ships no data, against a single-threaded Map-based count of the same pairs.
 */
export async function reduceByKeyBench(sc: SparkContext, cores: number, options: BenchOptions): Promise<BenchResult> {
  const n = scaled(10_000_000);
  const what = { units: n, unit: "records" };

  const engine = await measure({ ...what, name: "kindling reduceByKey", cores }, async () => {
    const counts = await sc
      .range(0, n, 1, 2 * cores)
      .map((i) => [i % KEYS, 1] as [number, number], { KEYS })
      .reduceByKey((a, b) => a + b)
      .collect();
    checkCounts(counts, n);
  }, options);

  const baseline = await measure({ ...what, name: "JS loop, Map count", cores: 1 }, () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const [k, v] = [i % KEYS, 1]; // the engine's pair
      counts.set(k, (counts.get(k) ?? 0) + v);
    }
    checkCounts([...counts], n);
  }, options);

  return { title: "reduceByKey", engine, baseline };
}

/** A wrong answer would make any speed meaningless, so each run checks its own. */
function checkCounts(counts: readonly [number, number][], n: number): void {
  const total = counts.reduce((sum, [, c]) => sum + c, 0);
  if (counts.length !== Math.min(KEYS, n) || total !== n) {
    throw new Error(`reduceByKey benchmark: expected ${Math.min(KEYS, n)} keys counting ${n} records, got ${counts.length} keys counting ${total}`);
  }
}
