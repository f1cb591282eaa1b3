/**
 * `npm start`: a word count on the engine, in local mode, narrated as it runs. The words are generated inside
 * the tasks, counted with a shuffle (reduceByKey), sorted with another (sortBy), and every stage is reported
 * from the listener bus as it completes.
 */
import { SparkConf, SparkContext } from "kindling";
import type { SparkListener } from "kindling";

const conf = new SparkConf().setMaster("local[*]").setAppName("kindling-demo").set("spark.ui.showConsoleProgress", true);
const sc = new SparkContext(conf);

const stageReport: SparkListener = {
  onStageCompleted({ stageInfo: s }) {
    const took = (s.completionTime ?? 0) - (s.submissionTime ?? 0);
    console.log(`  stage ${s.stageId} (${s.numTasks} tasks) ${s.failureReason ? "failed" : "done"} in ${took} ms: ${s.name}`);
  },
};
sc.addSparkListener(stageReport);

const vocabulary = ["spark", "kindling", "stream", "batch", "executor", "driver", "shuffle", "stage", "task", "offset"];
const lines = 2_000_000;
console.log(`Kindling ${sc.master}, ${sc.defaultParallelism} task slots: counting the words of ${lines.toLocaleString()} generated lines`);

const started = Date.now();
const counts = sc
  .range(0, lines, 1, sc.defaultParallelism * 4)
  .flatMap((i) => [vocabulary[i % vocabulary.length]!, vocabulary[(i * 7) % vocabulary.length]!], { vocabulary })
  .map((word) => [word, 1] as [string, number])
  .reduceByKey((a, b) => a + b);
const top = await counts.sortBy(([, n]) => n, false).take(5);
await sc.env.listenerBus.waitUntilEmpty();

console.log(`\nTop words after ${Date.now() - started} ms:`);
for (const [word, n] of top) console.log(`  ${word.padEnd(10)} ${n.toLocaleString()}`);
console.log(`\nDistinct words: ${await counts.count()}, total: ${(await counts.values().sum()).toLocaleString()}`);
await sc.stop();
