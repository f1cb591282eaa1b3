import { LocalRelation } from "../../src/plan/logical/Relations.js";
import type { Source, StreamSourceProvider } from "../../src/streaming/Source.js";
import { registerStreamSource } from "../../src/streaming/StreamingProviders.js";
import { StructType } from "../../src/types/StructType.js";

/**
 * A replayable source for engine tests: stream `name` (the `name` option) is a list of integers that tests
 * append to; its offset is the list's length. Failures can be planted to fail `getBatch`.
 */
export const lists = new Map<string, number[]>();
export const failGetBatch = new Set<string>();

const SCHEMA = StructType.fromDDL("value INT");

class ListSource implements Source {
  readonly schema = SCHEMA;
  private availableNowEnd: number | undefined;

  constructor(private readonly name: string) {}

  private get rows(): number[] {
    return lists.get(this.name) ?? [];
  }

  async latestOffset(): Promise<number | null> {
    const n = Math.min(this.rows.length, this.availableNowEnd ?? Infinity);
    return n === 0 ? null : n;
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNowEnd = this.rows.length;
  }

  async getBatch(start: unknown, end: unknown, output: Parameters<Source["getBatch"]>[2]) {
    if (failGetBatch.has(this.name)) throw new Error(`planted failure in ${this.name}`);
    const rows = this.rows.slice((start as number | null) ?? 0, end as number).map((v) => [v]);
    return { plan: LocalRelation(output, rows, true), numRows: rows.length };
  }

  async commit(): Promise<void> {}

  async stop(): Promise<void> {}

  toString(): string {
    return `ListSource[${this.name}]`;
  }
}

const provider: StreamSourceProvider = {
  format: "test-list",
  sourceSchema: (options) => {
    if (!options["name"]) throw new Error("option name is required");
    return SCHEMA;
  },
  createSource: (ctx) => new ListSource(ctx.options["name"]!),
};
registerStreamSource(provider);
