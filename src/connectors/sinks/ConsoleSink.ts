import type { QueryExecution } from "../../exec/QueryExecution.js";
import { showString } from "../../exec/ShowString.js";
import { schemaOf } from "../../plan/logical/PlanOutput.js";
import type { Sink, SinkContext, StreamSinkProvider } from "../../streaming/Sink.js";
import { FileOptions } from "../file/FileOptions.js";

const RULE = "-------------------------------------------";

/**
 * Spark's console sink (ConsoleWrite): each batch's rows, collected to the driver, printed under a `Batch: N`
 * banner as `DataFrame.show(numRows, truncate)` prints them. Replayed batches print again, as in Spark.
 */
export class ConsoleSink implements Sink {
  /** `print` is where the text goes: stdout, as in Spark, unless a test takes it. */
  constructor(
    private readonly numRows: number,
    private readonly truncate: boolean,
    private readonly timeZone: string,
    private readonly print: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  async addBatch(batchId: number, data: QueryExecution): Promise<void> {
    const rows = await data.executeCollect();
    const table = showString(schemaOf(data.analyzed), rows, this.numRows, this.truncate ? 20 : 0, this.timeZone);
    // show() ends with println, hence the blank line after the table.
    this.print(`${RULE}\nBatch: ${batchId}\n${RULE}\n${table}\n`);
  }

  toString(): string {
    return `ConsoleSink[numRows=${this.numRows}, truncateRows=${this.truncate}]`;
  }
}

export const ConsoleSinkProvider: StreamSinkProvider = {
  format: "console",
  supportedOutputModes: ["append", "update", "complete"],
  createSink(ctx: SinkContext): Sink {
    const options = new FileOptions("console", ctx.options);
    const numRows = options.get("numRows") ?? "20";
    if (!/^\s*[+-]?\d+\s*$/.test(numRows)) throw options.invalid("numRows", numRows, "a whole number of rows");
    // show() takes a negative count as 0.
    return new ConsoleSink(Math.max(0, Number(numRows)), options.boolean("truncate", true), ctx.session.timeZone);
  },
};
