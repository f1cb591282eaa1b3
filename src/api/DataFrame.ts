import { userFunction } from "../core/closure/SerializedFunction.js";
import type { RDD } from "../core/rdd/RDD.js";
import { StorageLevel } from "../core/storage/StorageLevel.js";
import type { ExplainMode } from "../exec/Explain.js";
import { QueryExecution } from "../exec/QueryExecution.js";
import { rowsOfBatch, type ColumnarBatch } from "../exec/vector/ColumnarBatch.js";
import { reviveBatch } from "../exec/vector/ReviveValues.js";
import { Alias } from "../expr/Alias.js";
import { AnalysisException, toSQLId } from "../expr/AnalysisException.js";
import type { Attribute } from "../expr/AttributeReference.js";
import type { Expression } from "../expr/Expression.js";
import { Expressions, semanticEquals } from "../expr/ExpressionTree.js";
import { BinaryComparison } from "../expr/Predicates.js";
import { SortOrder } from "../expr/SortOrder.js";
import { UnresolvedAttribute, UnresolvedStar } from "../expr/Unresolved.js";
import { resolveName, sameName } from "../plan/analysis/NameResolution.js";
import { joinTypeFromString, Join, type JoinType } from "../plan/logical/Join.js";
import type { LogicalPlan } from "../plan/logical/LogicalPlan.js";
import { outputOf, schemaOf } from "../plan/logical/PlanOutput.js";
import { Deduplicate, Filter, Limit, Project, Repartition, Sort, SubqueryAlias } from "../plan/logical/UnaryNodes.js";
import { Union } from "../plan/logical/Union.js";
import { parseExpression } from "../sql/SqlParser.js";
import type { StructType } from "../types/StructType.js";
import { IllegalArgumentException } from "../util/SparkException.js";
import { Column, col, toColumn, type ColumnOrName } from "./Column.js";
import { DataFrameWriter } from "./DataFrameWriter.js";
import { DataStreamWriter } from "./DataStreamWriter.js";
import { isStreaming } from "../plan/logical/IsStreaming.js";
import { EventTimeWatermark } from "../plan/logical/Streaming.js";
import { stringToInterval } from "../expr/IntervalUtils.js";
import { GroupedData } from "./GroupedData.js";
import { rowObjectsOf, toRowObject, type RowObject } from "../exec/RowObjects.js";
import { showString } from "../exec/ShowString.js";
import type { SparkSession } from "./SparkSession.js";

/** Columns given one by one or as one array, as PySpark accepts both: `select("a", "b")`, `select(["a", "b"])`. */
type ColumnArgs = (ColumnOrName | readonly ColumnOrName[])[];

/**
 * Spark's DataFrame: a logical plan and the session it belongs to. Transformations build a new DataFrame over
 * this one's analyzed plan and analyze it at once, so a wrong name fails at the call that introduced it (Spark
 * analyzes eagerly); actions plan and run it and return Promises.
 */
export class DataFrame {
  readonly queryExecution: QueryExecution;
  private storageLevelValue = StorageLevel.NONE;

  /** @internal DataFrames are made by the session and by other DataFrames. */
  constructor(readonly sparkSession: SparkSession, logicalPlan: LogicalPlan) {
    this.queryExecution = new QueryExecution(sparkSession.sessionState, logicalPlan);
    void this.queryExecution.analyzed; // analyzed now, so a wrong name fails here, as Spark does
  }

  /** The analyzed plan, which every transformation of this DataFrame builds on. */
  get logicalPlan(): LogicalPlan {
    return this.queryExecution.analyzed;
  }

  private get output(): readonly Attribute[] {
    return outputOf(this.logicalPlan);
  }

  private withPlan(plan: LogicalPlan): DataFrame {
    return new DataFrame(this.sparkSession, plan);
  }

  // ---- Schema ----

  get schema(): StructType {
    return schemaOf(this.logicalPlan);
  }

  get columns(): string[] {
    return this.schema.fieldNames();
  }

  /** Each column's name and type as Spark's simple strings: `[["a", "int"], ["b", "string"]]`. */
  get dtypes(): [string, string][] {
    return this.schema.fields.map((f) => [f.name, f.dataType.simpleString()]);
  }

  /** Whether this DataFrame reads a stream: then only `writeStream.start()` runs it. */
  get isStreaming(): boolean {
    return isStreaming(this.logicalPlan);
  }

  /** Writes this streaming DataFrame out as a streaming query: `df.writeStream.format("console").start()`. */
  get writeStream(): DataStreamWriter {
    if (!this.isStreaming) throw new AnalysisException("WRITE_STREAM_NOT_ALLOWED", "`writeStream` can be called only on streaming Dataset/DataFrame.");
    return new DataStreamWriter(this);
  }

  /**
   * Declares `eventTime` (a timestamp column) as this stream's event time, and that rows may come up to
   * `delayThreshold` (an interval, e.g. "10 minutes") late: stateful operators drop rows older than the
   * watermark and forget state behind it, and append mode emits a window once the watermark passes its end.
   */
  withWatermark(eventTime: string, delayThreshold: string): DataFrame {
    const column = this.col(eventTime).expr;
    if (column.kind !== "AttributeReference") throw new IllegalArgumentException(`withWatermark needs a column of this DataFrame as its event time, not the expression ${eventTime}`);
    if (column.dataType.kind !== "timestamp") {
      throw new AnalysisException("EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE", `The event time ${toSQLId(column.name)} has the invalid type ${column.dataType.sql()}, but expected "TIMESTAMP".`);
    }
    const interval = stringToInterval(delayThreshold.replace(/^\s*interval\s+/i, ""));
    if (!interval) throw new IllegalArgumentException(`Unable to parse time delay '${delayThreshold}': give an interval such as '10 minutes'.`);
    const delayMs = Number(interval.microseconds / 1000n) + interval.days * 86_400_000 + interval.months * 31 * 86_400_000;
    if (delayMs < 0) throw new IllegalArgumentException(`requirement failed: delay threshold (${delayThreshold}) should not be negative.`);
    return this.withPlan(EventTimeWatermark(column, delayMs, delayThreshold, this.logicalPlan));
  }

  printSchema(level?: number): void {
    console.log(this.schema.treeString(level));
  }

  /** Prints the physical plan, or with `true`/"extended" the parsed, analyzed, optimized and physical plans. */
  explain(mode: boolean | ExplainMode = "simple"): void {
    console.log(this.queryExecution.explainString(mode === true ? "extended" : mode === false ? "simple" : mode));
  }

  /** A column of this DataFrame, resolved now: `df.col("a")` stays bound to this DataFrame's `a` in a join. */
  col(name: string): Column {
    if (name === "*") return new Column(UnresolvedStar());
    const unresolved = col(name).expr;
    if (unresolved.kind !== "UnresolvedAttribute") return new Column(unresolved);
    const resolved = resolveName(unresolved.nameParts, this.output);
    if (resolved) return new Column(resolved);
    // Analyzing a projection of the name raises the error Spark gives, with its suggestions.
    this.withPlan(Project([unresolved], this.logicalPlan));
    throw new IllegalArgumentException(`Cannot resolve column ${name}`);
  }

  // ---- Transformations ----

  select(...columns: ColumnArgs): DataFrame {
    return this.withPlan(Project(flatten(columns).map((c) => toColumn(c).expr), this.logicalPlan));
  }

  /** `selectExpr("a + 1 AS b", "upper(s)")`: each a SQL expression. */
  selectExpr(...exprs: (string | readonly string[])[]): DataFrame {
    return this.withPlan(Project(exprs.flat().map((e) => this.parse(e)), this.logicalPlan));
  }

  /** Keeps the rows where `condition` (a Column or SQL text) is true. */
  filter(condition: Column | string): DataFrame {
    const e = typeof condition === "string" ? this.parse(condition) : condition.expr;
    return this.withPlan(Filter(e, this.logicalPlan));
  }

  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }

  /** Adds a column, or replaces the one of the same name in its place. */
  withColumn(name: string, column: Column): DataFrame {
    return this.withColumns({ [name]: column });
  }

  withColumns(columns: Readonly<Record<string, Column>>): DataFrame {
    const entries = Object.entries(columns);
    const replaced = new Set<string>();
    const list: Expression[] = this.output.map((a) => {
      const match = entries.find(([name]) => sameName(name, a.name));
      if (!match) return a;
      replaced.add(match[0]);
      return Alias(match[1].expr, match[0]);
    });
    for (const [name, c] of entries) if (!replaced.has(name)) list.push(Alias(c.expr, name));
    return this.withPlan(Project(list, this.logicalPlan));
  }

  /** Renames a column; a name that no column has is no change, as in Spark. */
  withColumnRenamed(existing: string, newName: string): DataFrame {
    if (!this.output.some((a) => sameName(a.name, existing))) return this;
    return this.withPlan(Project(this.output.map((a) => (sameName(a.name, existing) ? Alias(a, newName) : a)), this.logicalPlan));
  }

  /** Drops columns by name (names no column has are ignored) or by Column. */
  drop(...columns: ColumnOrName[]): DataFrame {
    const dropped = (a: Attribute) =>
      columns.some((c) => {
        if (typeof c === "string") return sameName(a.name, c);
        const e = c.expr.kind === "UnresolvedAttribute" ? resolveName(c.expr.nameParts, this.output) : c.expr;
        return e !== null && semanticEquals(e, a);
      });
    const kept = this.output.filter((a) => !dropped(a));
    return kept.length === this.output.length ? this : this.withPlan(Project(kept, this.logicalPlan));
  }

  distinct(): DataFrame {
    return this.dropDuplicates();
  }

  /** One row per distinct combination of `columns` (all columns when none are given). */
  dropDuplicates(columns?: readonly string[]): DataFrame {
    const keys = columns === undefined ? this.output : columns.map((c) => UnresolvedAttribute(c));
    return this.withPlan(Deduplicate(keys, this.logicalPlan));
  }

  /**
   * Streaming deduplication that keeps each key only until the watermark passes its first row's event time plus
   * the delay: duplicates must arrive within the delay of each other. Needs `withWatermark`.
   */
  dropDuplicatesWithinWatermark(columns?: readonly string[]): DataFrame {
    const keys = columns === undefined ? this.output : columns.map((c) => UnresolvedAttribute(c));
    return this.withPlan(Deduplicate(keys, this.logicalPlan, true));
  }

  drop_duplicates(columns?: readonly string[]): DataFrame {
    return this.dropDuplicates(columns);
  }

  groupBy(...columns: ColumnArgs): GroupedData {
    return new GroupedData(this, flatten(columns).map((c) => toColumn(c).expr));
  }

  groupby(...columns: ColumnArgs): GroupedData {
    return this.groupBy(...columns);
  }

  /** Aggregates over all rows: `df.agg(F.max("a"))`, or PySpark's `df.agg({ a: "max" })`. */
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    return this.groupBy().agg(...exprs);
  }

  orderBy(...columns: ColumnArgs): DataFrame {
    const order = flatten(columns).map((c) => {
      const e = toColumn(c).expr;
      return e.kind === "SortOrder" ? e : SortOrder(e);
    });
    return this.withPlan(Sort(order, true, this.logicalPlan));
  }

  sort(...columns: ColumnArgs): DataFrame {
    return this.orderBy(...columns);
  }

  limit(n: number): DataFrame {
    if (!Number.isInteger(n) || n < 0) throw new IllegalArgumentException(`The limit expression must be equal to or greater than 0, but got ${n}`);
    return this.withPlan(Limit(n, this.logicalPlan));
  }

  /**
   * Joins with `other`: on column names present on both sides (kept once, as `USING`), on a condition, or
   * with neither on every pair of rows. `how` is one of Spark's join type names: inner, left, right,
   * full/outer, left_semi, left_anti, cross, and their aliases.
   */
  join(other: DataFrame, on?: string | readonly string[] | Column, how = "inner"): DataFrame {
    const joinType = joinTypeFromString(how);
    if (on === undefined) return this.withPlan(Join(this.logicalPlan, other.logicalPlan, joinType));
    if (on instanceof Column) return this.joinOnCondition(other, joinType, on.expr);
    return this.withPlan(Join(this.logicalPlan, other.logicalPlan, joinType, null, typeof on === "string" ? [on] : on));
  }

  /**
   * A self-join's condition such as `df.col("a").equalTo(df.col("a"))` names one column twice; as Spark's
   * Dataset.join, each such trivially true equality is taken as left column = right column.
   */
  private joinOnCondition(other: DataFrame, joinType: JoinType, condition: Expression): DataFrame {
    const joined = this.withPlan(Join(this.logicalPlan, other.logicalPlan, joinType, condition));
    const plan = joined.logicalPlan;
    const ids = new Set(this.output.map((a) => a.exprId));
    if (plan.kind !== "Join" || plan.condition === null || !other.output.some((a) => ids.has(a.exprId))) return joined;
    const side = (p: LogicalPlan, name: string) => resolveName([name], outputOf(p)) ?? UnresolvedAttribute(name);
    const rewritten = Expressions.transformUp(plan.condition, (e) =>
      (e.kind === "EqualTo" || e.kind === "EqualNullSafe") && e.left.kind === "AttributeReference" && e.right.kind === "AttributeReference" && e.left.exprId === e.right.exprId
        ? BinaryComparison(e.kind, side(plan.left, e.left.name), side(plan.right, e.right.name))
        : e,
    );
    return rewritten.transformed ? this.withPlan(Join(plan.left, plan.right, joinType, rewritten.node)) : joined;
  }

  crossJoin(other: DataFrame): DataFrame {
    return this.withPlan(Join(this.logicalPlan, other.logicalPlan, "Cross"));
  }

  /** UNION ALL, matching columns by position (use `distinct()` after it for SQL's UNION). */
  union(other: DataFrame): DataFrame {
    return this.withPlan(Union([this.logicalPlan, other.logicalPlan]));
  }

  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }

  /** UNION ALL matching columns by name; with `allowMissingColumns`, a column one side lacks is null there. */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    return this.withPlan(Union([this.logicalPlan, other.logicalPlan], true, allowMissingColumns));
  }

  /** Names this DataFrame, so its columns can be referred to as `alias.column`. */
  alias(name: string): DataFrame {
    return this.withPlan(SubqueryAlias(name, this.logicalPlan));
  }

  /**
   * A shuffle into `numPartitions` partitions (spark.sql.shuffle.partitions when not given), by the hash of
   * `columns`, or round robin when there are none.
   */
  repartition(numPartitionsOrColumn?: number | ColumnOrName, ...columns: ColumnOrName[]): DataFrame {
    const given = typeof numPartitionsOrColumn === "number";
    const exprs = (given || numPartitionsOrColumn === undefined ? columns : [numPartitionsOrColumn, ...columns]).map((c) => toColumn(c).expr);
    const n = given ? numPartitionsOrColumn : Number(this.sparkSession.conf.get("spark.sql.shuffle.partitions"));
    if (!Number.isInteger(n) || n <= 0) throw new IllegalArgumentException(`Number of partitions (${n}) must be positive.`);
    return this.withPlan(Repartition(n, true, this.logicalPlan, exprs));
  }

  /** Fewer partitions without a shuffle. */
  coalesce(numPartitions: number): DataFrame {
    if (!Number.isInteger(numPartitions) || numPartitions <= 0) throw new IllegalArgumentException(`Number of partitions (${numPartitions}) must be positive.`);
    return this.withPlan(Repartition(numPartitions, false, this.logicalPlan));
  }

  /** Registers this DataFrame's plan under `name` for `spark.sql` and `spark.table`. */
  createOrReplaceTempView(name: string): void {
    this.sparkSession.sessionState.catalog.createOrReplaceTempView(name, this.logicalPlan);
  }

  /** As `createOrReplaceTempView`, but a view of that name must not exist yet. */
  createTempView(name: string): void {
    const catalog = this.sparkSession.sessionState.catalog;
    if (catalog.lookupRelation([name])) {
      throw new AnalysisException("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", `Cannot create the temporary view ${toSQLId(name)} because it already exists. Choose a different name, drop or replace the existing view, or add the IF NOT EXISTS clause to tolerate pre-existing views.`);
    }
    catalog.createOrReplaceTempView(name, this.logicalPlan);
  }

  /**
   * Keeps this DataFrame's result (MEMORY_AND_DISK by default, as Spark) in the session's cache: its own later
   * actions, DataFrames derived from it, `count()` and SQL over the same data read the cached rows.
   */
  persist(level: StorageLevel = StorageLevel.MEMORY_AND_DISK): this {
    this.queryExecution.persist(level);
    this.storageLevelValue = level;
    return this;
  }

  cache(): this {
    return this.persist();
  }

  async unpersist(blocking = false): Promise<this> {
    await this.queryExecution.unpersist(blocking);
    this.storageLevelValue = StorageLevel.NONE;
    return this;
  }

  get storageLevel(): StorageLevel {
    return this.storageLevelValue;
  }

  /** Saves the rows to files: `df.write.mode("overwrite").partitionBy("k").parquet(path)`. */
  get write(): DataFrameWriter {
    return new DataFrameWriter(this);
  }

  /**
   * The rows as an RDD of plain objects keyed by column name, as `collect()` returns them. Its functions see
   * decimals and intervals as Decimal and CalendarInterval; its own actions (`df.rdd.collect()`) bring back what
   * serialization keeps of them, plain objects, so collect through the DataFrame for those.
   */
  get rdd(): RDD<RowObject> {
    // A fresh execution rather than this query's own RDD: once persisted, that RDD's blocks come back as stored,
    // decimals flattened; a fresh one reads them through the cache's scan, which revives them by column type.
    return rowObjectsOf(new QueryExecution(this.sparkSession.sessionState, this.logicalPlan).toRdd(), this.schema);
  }

  // ---- Actions ----

  /**
   * Every row as a plain object keyed by column name; structs as nested objects. Where two columns share a name
   * (`dept` from both sides of a join), the object has one key holding the later column's value, as PySpark's
   * `Row.asDict()` does; alias one of them (`F.col("r.dept").alias("r_dept")`) to keep both.
   */
  async collect(): Promise<RowObject[]> {
    const rows = await this.queryExecution.executeCollect();
    const schema = this.schema;
    return rows.map((r) => toRowObject(r, schema));
  }

  async count(): Promise<number> {
    const [row] = await this.groupBy().count().queryExecution.executeCollect();
    return Number(row![0]);
  }

  async take(n: number): Promise<RowObject[]> {
    return this.limit(n).collect();
  }

  /** The first row (undefined when there is none), or with `n` the first n rows. */
  head(): Promise<RowObject | undefined>;
  head(n: number): Promise<RowObject[]>;
  async head(n?: number): Promise<RowObject | undefined | RowObject[]> {
    return n === undefined ? (await this.take(1))[0] : this.take(n);
  }

  first(): Promise<RowObject | undefined> {
    return this.head();
  }

  /**
   * Prints the first `n` rows as Spark's table; `truncate` cuts cells at 20 characters (or at a given width);
   * `vertical` prints each row as a block of `column | value` lines.
   */
  async show(n = 20, truncate: boolean | number = true, vertical = false): Promise<void> {
    console.log(await this.showString(n, truncate === true ? 20 : truncate === false ? 0 : truncate, vertical));
  }

  /** @internal the text `show` prints. */
  async showString(n: number, truncate: number, vertical = false): Promise<string> {
    const rows = await this.limit(n + 1).queryExecution.executeCollect();
    return showString(this.schema, rows, n, truncate, this.sparkSession.timeZone, vertical);
  }

  /**
   * The rows one partition at a time: only one partition's rows are held on the driver at once. Batches, not row
   * objects, cross to the driver, so that decimals and intervals are revived by column type as `collect()` does.
   */
  async *toLocalIterator(): AsyncGenerator<RowObject> {
    const batches = this.queryExecution.toRdd();
    const schema = this.schema;
    const types = schema.fields.map((f) => f.dataType);
    const collectPartition = userFunction((it: IterableIterator<ColumnarBatch>) => [...it], undefined, "toLocalIterator");
    for (let p = 0; p < batches.getNumPartitions(); p++) {
      const [partition] = await batches.sparkContext.runJob<ColumnarBatch[]>(batches, collectPartition, [p], "toLocalIterator");
      for (const batch of partition!) {
        for (const row of rowsOfBatch(reviveBatch(batch, types))) yield toRowObject(row, schema);
      }
    }
  }

  /** `DataFrame[a: int, b: string]`, as Spark prints a DataFrame. */
  toString(): string {
    return `DataFrame[${this.schema.fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`).join(", ")}]`;
  }

  private parse(text: string): Expression {
    return parseExpression(text, { timeZone: this.sparkSession.timeZone });
  }
}

function flatten(columns: ColumnArgs): ColumnOrName[] {
  return columns.flatMap((c) => (Array.isArray(c) ? c : [c as ColumnOrName]));
}
