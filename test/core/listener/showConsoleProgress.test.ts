import { test } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";
import { ConsoleProgressBar } from "../../../src/core/ConsoleProgressBar.js";

/**
 * Whether a context made a progress bar. It draws only for stages older than half a second, so what a test can
 * see without waiting is the bar SparkContext keeps (a private field).
 */
async function showsProgress(setting: boolean | undefined, stderrIsTTY: boolean): Promise<boolean> {
  const conf = new SparkConf().setMaster("local[1]").setAppName("console-progress");
  if (setting !== undefined) conf.set("spark.ui.showConsoleProgress", setting);
  const wasTTY = process.stderr.isTTY;
  process.stderr.isTTY = stderrIsTTY;
  let sc: SparkContext | undefined;
  try {
    sc = new SparkContext(conf);
    return (sc as unknown as { progressBar?: unknown }).progressBar instanceof ConsoleProgressBar;
  } finally {
    process.stderr.isTTY = wasTTY;
    await sc?.stop();
  }
}

test("by default the progress bar is shown when stderr is a terminal, and only then", async () => {
  assert.equal(await showsProgress(undefined, true), true);
  assert.equal(await showsProgress(undefined, false), false);
});

test("spark.ui.showConsoleProgress decides, whatever stderr is", async () => {
  assert.equal(await showsProgress(true, false), true);
  assert.equal(await showsProgress(false, true), false);
});
