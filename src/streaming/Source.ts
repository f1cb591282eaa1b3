import type { Attribute } from "../expr/AttributeReference.js";
import type { SessionState } from "../exec/QueryExecution.js";
import type { LogicalPlan } from "../plan/logical/LogicalPlan.js";
import type { StructType } from "../types/StructType.js";
import type { Offset } from "./Offset.js";

/**
 * How much a batch may take: `"default"` honours the source's own rate limits (`maxFilesPerTrigger`,
 * `rowsPerBatch`, …), `"all"` takes everything available (Trigger.Once, as Spark's ReadAllAvailable).
 */
export type ReadLimit = "default" | "all";

/** One micro-batch of a source: a batch plan, and its row count when the source knows it without reading. */
export interface SourceBatch {
  /** Outputs exactly the `output` attributes given to `getBatch`, and marks its leaf `isStreaming`. */
  readonly plan: LogicalPlan;
  /** null: counted from the scan's `recordsRead` when the batch runs (file sources). */
  readonly numRows: number | null;
}

/**
 * A replayable streaming source (Spark's Source with admission control). The engine asks for the latest offset,
 * writes it to the offset log, then asks for the batch between the previous offset and it; after the sink has
 * the batch and `commits/N` is written, `commit(end)` says the source may forget what came before `end`.
 */
export interface Source {
  readonly schema: StructType;
  /** The latest offset to read up to from `start` (null: from the beginning); null when there is no data yet. */
  latestOffset(start: Offset | null, limit: ReadLimit): Promise<Offset | null>;
  /** Trigger.AvailableNow: later `latestOffset` calls never go past what is available at this call. */
  prepareForTriggerAvailableNow(): Promise<void>;
  /** The rows in (start, end]; the same rows each time it is asked for the same offsets. */
  getBatch(start: Offset | null, end: Offset, output: readonly Attribute[]): Promise<SourceBatch>;
  commit(end: Offset): Promise<void>;
  stop(): Promise<void>;
  /** How the source shows in progress (`sources[].description`), e.g. `RateStreamV2[rowsPerSecond=1, …]`. */
  toString(): string;
}

/** What a source is made from when its query starts. */
export interface SourceContext {
  readonly session: SessionState;
  /** `<checkpoint>/sources/<index>`: the source's own log lives here (e.g. the files a file source has seen). */
  readonly metadataPath: string;
  readonly options: Readonly<Record<string, string>>;
  readonly paths: readonly string[];
  readonly schema: StructType;
}

/** A streaming source format (`readStream.format(name)`), registered by connectors/. */
export interface StreamSourceProvider {
  readonly format: string;
  /**
   * The schema at `readStream.load()`: the user's, the source's fixed one, or inferred. Throws on a missing
   * required option or a missing path, before any query starts.
   */
  sourceSchema(options: Readonly<Record<string, string>>, paths: readonly string[], userSchema: StructType | undefined, session: SessionState): StructType;
  createSource(ctx: SourceContext): Source;
}
