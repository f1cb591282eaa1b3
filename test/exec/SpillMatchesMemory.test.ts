import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sortRows, TestSession } from "./harness.js";
import type { TaskMetrics } from "../../src/core/scheduler/TaskMetrics.js";

/**
 * Aggregations and shuffled hash joins whose tasks hold far more than numElementsForceSpillThreshold records
 * give exactly the answers of a run where everything fits in memory, and the task metrics show that they did
 * not fit. Each query is first run in a context without the threshold, then in one with it.
 */

const THRESHOLD = "spark.shuffle.spill.numElementsForceSpillThreshold";
const settings = { "spark.sql.autoBroadcastJoinThreshold": "-1", "spark.sql.shuffle.partitions": "2" };

const groups = "CASE WHEN id % 17 = 0 THEN NULL ELSE id % 9000 END";
const aggregates: Record<string, string> = {
  "one key, nulls among them": `SELECT ${groups} AS k, count(*), sum(id), min(id), max(id), avg(CAST(id AS DECIMAL(10, 2))) FROM big GROUP BY 1`,
  "two keys, one a string": "SELECT id % 3000 AS a, concat('g', CAST(id % 7 AS STRING)) AS b, count(*), sum(id) FROM big WHERE id % 5 <> 0 GROUP BY 1, 2",
  "no keys": "SELECT count(*), sum(id), max(id) FROM big",
};

const left = "(SELECT id AS lid, CASE WHEN id % 1009 = 0 THEN NULL ELSE id % 7000 END AS k FROM big WHERE id < 20000) l";
const right = "(SELECT id AS rid, CASE WHEN id % 997 = 0 THEN NULL ELSE id % 9000 END AS k FROM big WHERE id < 10000) r";
const joins: Record<string, string> = Object.fromEntries(
  ["INNER", "LEFT OUTER", "RIGHT OUTER", "FULL OUTER", "LEFT SEMI", "LEFT ANTI"].flatMap((type) => [
    [type, `SELECT * FROM ${left} ${type} JOIN ${right} ON l.k = r.k`],
    [`${type}, null-safe, with a condition`, `SELECT * FROM ${left} ${type} JOIN ${right} ON l.k <=> r.k AND l.lid % 4 <> r.rid % 3`],
  ]),
);

function session(conf: Record<string, string> = {}): TestSession {
  const s = new TestSession(conf);
  s.rangeView("big", 0, 40000, 2);
  return s;
}

/** The tasks an operator's hash table lives in: the partial aggregate's map side, the join's result stage. */
const operatorTasks = (kind: "aggregates" | "joins", tasks: readonly Task[]) =>
  tasks.filter((t) => t.taskType === (kind === "aggregates" ? "ShuffleMapTask" : "ResultTask")).map((t) => t.metrics);

interface Task {
  readonly taskType: string;
  readonly metrics: TaskMetrics;
}

describe("past the memory share, the same answers as in memory", () => {
  const inMemory = new Map<string, { rows: unknown[][]; tasks: Task[] }>();
  let s: TestSession;
  let tasks: Task[] = [];
  const listen = (session: TestSession) =>
    session.sc.addSparkListener({ onTaskEnd: (e) => void (e.taskMetrics && tasks.push({ taskType: e.taskType, metrics: e.taskMetrics })) });

  before(async () => {
    const memory = session();
    listen(memory);
    try {
      for (const [name, sql] of Object.entries({ ...aggregates, ...joins })) {
        tasks = [];
        const rows = await memory.sortedRows(sql, settings);
        await memory.sc.env.listenerBus.waitUntilEmpty();
        inMemory.set(name, { rows, tasks });
      }
    } finally {
      await memory.stop();
    }
    s = session({ [THRESHOLD]: "500" });
    listen(s);
  });
  after(() => s.stop());

  /** Runs one query with codegen on or off against its in-memory answer; returns the metrics of its tasks. */
  const check = async (name: string, sql: string, codegen: string) => {
    tasks = [];
    const rows = await s.query(sql, { ...settings, "spark.sql.codegen.wholeStage": codegen }).executeCollect();
    assert.deepEqual(sortRows(rows), inMemory.get(name)!.rows);
    await s.sc.env.listenerBus.waitUntilEmpty();
    return tasks;
  };

  it("in memory, the hash tables' estimated size is their tasks' peakExecutionMemory", () => {
    for (const [kind, queries] of [["aggregates", aggregates], ["joins", joins]] as const) {
      for (const name of Object.keys(queries)) {
        if (name === "no keys") continue;
        const peaks = operatorTasks(kind, inMemory.get(name)!.tasks).map((m) => m.peakExecutionMemory);
        assert.ok(peaks.some((p) => p > 0), `${kind}: ${name}: peaks ${peaks}`);
      }
    }
  });

  for (const codegen of ["true", "false"]) {
    for (const [name, sql] of Object.entries(aggregates)) {
      it(`aggregates: ${name}, codegen ${codegen}`, async () => {
        const tasks = await check(name, sql, codegen);
        if (name === "no keys") return;
        // The partial step let go of its groups early, in memory: the map side wrote no spill file.
        const mapSide = operatorTasks("aggregates", tasks);
        assert.ok(mapSide.some((m) => m.memoryBytesSpilled > 0), "the partial aggregate emitted its groups early");
        assert.ok(mapSide.every((m) => m.diskBytesSpilled === 0), "the partial aggregate needs no disk");
      });
    }

    for (const [name, sql] of Object.entries(joins)) {
      it(`joins: ${name}, codegen ${codegen}`, async () => {
        const tasks = await check(name, sql, codegen);
        const joining = operatorTasks("joins", tasks);
        assert.ok(joining.some((m) => m.diskBytesSpilled > 0), "the join spilled its build side");
      });
    }
  }
});
