import type { OutputModeName } from "../exec/streaming/OutputModeName.js";
import { IllegalArgumentException } from "../util/SparkException.js";

/** `writeStream.outputMode(..)`: which rows of the result table each batch writes out. */
export type OutputMode = OutputModeName;

/** Spark's OutputMode, whose `Append()`, `Update()`, `Complete()` may be given instead of the name. */
export const OutputMode = {
  Append: (): OutputMode => "append",
  Update: (): OutputMode => "update",
  Complete: (): OutputMode => "complete",
  fromString(mode: string): OutputMode {
    const m = mode.toLowerCase();
    if (m === "append" || m === "update" || m === "complete") return m;
    throw new IllegalArgumentException(`Unknown output mode ${mode}. Accepted output modes are 'append', 'complete', 'update'`);
  },
};
