import type { SparkContext } from "../SparkContext.js";
import type { TaskContext } from "../TaskContext.js";
import type { Partition } from "./Partition.js";
import type { Partitioner } from "../Partitioner.js";
import type { Dependency } from "./Dependency.js";
import type { Captured } from "../closure/SerializedFunction.js";
import { NarrowDependency, OneToOneDependency } from "./Dependency.js";
import { hashPartitioner, samePartitioner } from "../Partitioner.js";
import { ENCODE, userFunction } from "../closure/SerializedFunction.js";
import { StorageLevel } from "../storage/StorageLevel.js";
import { RDDs } from "./RDDKinds.js";
import { SparkException } from "../../util/SparkException.js";
import { __kindling } from "../closure/TaskRuntime.js";
import { blockIdOf, readCachedBlock, writeCachedBlock } from "../storage/RDDBlocks.js";

export type Pair<K, V> = [K, V];

/**
 * A Resilient Distributed Dataset: a partitioned collection, computed from its parents by a function that
 * can be re-run on any executor. Transformations build new RDDs on the driver; actions run jobs and return
 * Promises. Functions are given with the values they capture: `rdd.map((x) => x * k, { k })`.
 */
export abstract class RDD<T> {
  readonly id: number;
  name: string | undefined;
  private partitionsCache: Partition[] | undefined;
  private level: StorageLevel = StorageLevel.NONE;

  protected constructor(
    /** Set on the driver; undefined where an RDD was rebuilt on an executor to run a task. */
    private readonly context: SparkContext | undefined,
    readonly dependencies: Dependency[],
    id?: number,
  ) {
    this.id = id ?? context!.newRddId();
  }

  // ---- what each kind of RDD defines ----

  /** The kind under which executors can rebuild this RDD (see RDDKinds.registerRDDKind). */
  abstract get kind(): string;
  /** Plain data from which an executor rebuilds this RDD, given its rebuilt dependencies. */
  abstract serialize(): unknown;
  protected abstract getPartitions(): Partition[];
  abstract compute(split: Partition, ctx: TaskContext): IterableIterator<T>;

  get partitioner(): Partitioner | undefined {
    return undefined;
  }

  getPreferredLocations(_split: Partition): string[] {
    return [];
  }

  // ---- engine ----

  get sparkContext(): SparkContext {
    if (!this.context) throw nestedRDDError();
    return this.context;
  }

  /** An RDD captured by a function would be used inside a task: refused where the function is given. */
  [ENCODE](): never {
    throw nestedRDDError();
  }

  get partitions(): Partition[] {
    this.partitionsCache ??= this.getPartitions();
    return this.partitionsCache;
  }

  getNumPartitions(): number {
    return this.partitions.length;
  }

  /** Computes a partition, or reads it from the executor's block store when this RDD is persisted. */
  iterator(split: Partition, ctx: TaskContext): IterableIterator<T> {
    if (this.level === StorageLevel.NONE) return this.compute(split, ctx);
    const blockId = blockIdOf(this.id, split.index);
    const cached = readCachedBlock<T>(ctx, blockId);
    if (cached) return cached[Symbol.iterator]();
    const values = Array.from(this.compute(split, ctx));
    writeCachedBlock(ctx, blockId, values, this.level);
    return values[Symbol.iterator]();
  }

  firstParent<U>(): RDD<U> {
    const dep = this.dependencies[0];
    if (!(dep instanceof NarrowDependency)) throw new Error(`${this} has no narrow parent`);
    return dep.rdd as RDD<U>;
  }

  setName(name: string): this {
    this.name = name;
    return this;
  }

  toString(): string {
    return `${this.name ? this.name + " " : ""}${this.kind}[${this.id}]`;
  }

  toDebugString(): string {
    const lines: string[] = [];
    const walk = (rdd: RDD<unknown>, depth: number, shuffled: boolean): void => {
      const indent = "  ".repeat(depth) + (depth > 0 ? (shuffled ? "+-" : "| ") : "");
      const cached = rdd.level !== StorageLevel.NONE ? ` [${rdd.level}]` : "";
      lines.push(`${indent}(${rdd.getNumPartitions()}) ${rdd}${cached}`);
      for (const dep of rdd.dependencies) {
        if (dep instanceof NarrowDependency) walk(dep.rdd, depth + (shuffled ? 1 : 0), false);
        else if (dep.rdd) walk(dep.rdd, depth + 1, true);
      }
    };
    walk(this as RDD<unknown>, 0, false);
    return lines.join("\n");
  }

  // ---- persistence ----

  get storageLevel(): StorageLevel {
    return this.level;
  }

  persist(level: StorageLevel = StorageLevel.MEMORY_ONLY): this {
    if (this.level !== StorageLevel.NONE && this.level !== level) {
      throw new SparkException(`Cannot change storage level of ${this} to ${level}: it is already ${this.level}`);
    }
    this.level = level;
    this.sparkContext.persistRDD(this as RDD<unknown>);
    return this;
  }

  cache(): this {
    return this.persist(StorageLevel.MEMORY_ONLY);
  }

  unpersist(blocking = false): Promise<void> {
    this.level = StorageLevel.NONE;
    return this.sparkContext.unpersistRDD(this.id, blocking);
  }

  /** Sets the level on an executor's rebuilt copy, so that its tasks read and write the cache. */
  restoreStorageLevel(level: StorageLevel): void {
    this.level = level;
  }

  // ---- transformations ----

  mapPartitionsWithIndex<U>(
    f: (index: number, iter: IterableIterator<T>) => Iterable<U>,
    captured?: Captured,
    preservesPartitioning = false,
  ): RDD<U> {
    const uf = userFunction(f, captured, "mapPartitionsWithIndex");
    return new RDDs.MapPartitionsRDD<U, T>(this, uf, preservesPartitioning);
  }

  mapPartitions<U>(f: (iter: IterableIterator<T>) => Iterable<U>, captured?: Captured, preservesPartitioning = false): RDD<U> {
    const uf = userFunction(f, captured, "mapPartitions");
    return this.withPartitionFunction((_i, it) => f(it), { f: uf }, preservesPartitioning);
  }

  map<U>(f: (x: T) => U, captured?: Captured): RDD<U> {
    const uf = userFunction(f, captured, "map");
    return this.withPartitionFunction(function* (_i, it) {
      for (const x of it) yield f(x);
    }, { f: uf });
  }

  filter(f: (x: T) => boolean, captured?: Captured): RDD<T> {
    const uf = userFunction(f, captured, "filter");
    return this.withPartitionFunction(function* (_i, it) {
      for (const x of it) if (f(x)) yield x;
    }, { f: uf }, true);
  }

  flatMap<U>(f: (x: T) => Iterable<U>, captured?: Captured): RDD<U> {
    const uf = userFunction(f, captured, "flatMap");
    return this.withPartitionFunction(function* (_i, it) {
      for (const x of it) yield* f(x);
    }, { f: uf });
  }

  glom(): RDD<T[]> {
    return this.withPartitionFunction((_i, it) => [Array.from(it)], {});
  }

  keyBy<K>(f: (x: T) => K, captured?: Captured): RDD<Pair<K, T>> {
    const uf = userFunction(f, captured, "keyBy");
    return this.withPartitionFunction(function* (_i, it) {
      for (const x of it) yield [f(x), x] as [K, T];
    }, { f: uf });
  }

  union(...others: RDD<T>[]): RDD<T> {
    return new RDDs.UnionRDD<T>(this.sparkContext, [this, ...others]);
  }

  distinct(numPartitions?: number): RDD<T> {
    return this.map((x) => [x, null] as [T, null])
      .reduceByKey((a) => a, undefined, numPartitions ?? this.getNumPartitions())
      .map(([k]) => k);
  }

  /** Fewer partitions without a shuffle; with `shuffle`, any number, evenly balanced. */
  coalesce(numPartitions: number, shuffle = false): RDD<T> {
    checkPartitionCount(numPartitions, "coalesce", 1);
    if (!shuffle) return new RDDs.CoalescedRDD<T>(this, numPartitions);
    const spread = this.mapPartitionsWithIndex(function* (index, it) {
      // Start each input partition at a different output partition, as Spark does, so outputs stay balanced.
      let position = (index * 7919) % numPartitions;
      for (const x of it) yield [position++ % numPartitions, x] as [number, T];
    }, { numPartitions });
    return new RDDs.ShuffledRDD<number, T, T>(spread, hashPartitioner(numPartitions)).values();
  }

  repartition(numPartitions: number): RDD<T> {
    return this.coalesce(numPartitions, true);
  }

  sortBy<K>(f: (x: T) => K, ascending = true, numPartitions?: number, captured?: Captured): RDD<T> {
    const uf = userFunction(f, captured, "sortBy");
    return this.keyBy((x: T) => f(x), { f: uf }).sortByKey(ascending, numPartitions).values();
  }

  // ---- pair transformations (PySpark's RDD methods on [key, value] arrays) ----

  keys<K>(this: RDD<Pair<K, unknown>>): RDD<K> {
    return this.withPartitionFunction(function* (_i, it) {
      for (const kv of it) yield kv[0];
    }, {});
  }

  values<V>(this: RDD<Pair<unknown, V>>): RDD<V> {
    return this.withPartitionFunction(function* (_i, it) {
      for (const kv of it) yield kv[1];
    }, {});
  }

  mapValues<K, V, U>(this: RDD<Pair<K, V>>, f: (v: V) => U, captured?: Captured): RDD<Pair<K, U>> {
    const uf = userFunction(f, captured, "mapValues");
    return this.withPartitionFunction(function* (_i, it) {
      for (const kv of it) yield [kv[0], f(kv[1])] as [K, U];
    }, { f: uf }, true);
  }

  flatMapValues<K, V, U>(this: RDD<Pair<K, V>>, f: (v: V) => Iterable<U>, captured?: Captured): RDD<Pair<K, U>> {
    const uf = userFunction(f, captured, "flatMapValues");
    return this.withPartitionFunction(function* (_i, it) {
      for (const kv of it) for (const u of f(kv[1])) yield [kv[0], u] as [K, U];
    }, { f: uf }, true);
  }

  partitionBy<K, V>(this: RDD<Pair<K, V>>, numPartitions: number): RDD<Pair<K, V>> {
    checkPartitionCount(numPartitions, "partitionBy");
    const partitioner = hashPartitioner(numPartitions);
    if (samePartitioner(this.partitioner, partitioner)) return this;
    return new RDDs.ShuffledRDD<K, V, V>(this, partitioner);
  }

  combineByKey<K, V, C>(
    this: RDD<Pair<K, V>>,
    createCombiner: (v: V) => C,
    mergeValue: (c: C, v: V) => C,
    mergeCombiners: (a: C, b: C) => C,
    numPartitions?: number,
    captured?: Captured,
    mapSideCombine = true,
  ): RDD<Pair<K, C>> {
    const n = numPartitions ?? this.sparkContext.defaultShufflePartitions(this);
    const partitioner = hashPartitioner(checkPartitionCount(n, "combineByKey"));
    const create = userFunction(createCombiner, captured, "combineByKey");
    const mergeV = userFunction(mergeValue, captured, "combineByKey");
    const mergeC = userFunction(mergeCombiners, captured, "combineByKey");
    if (samePartitioner(this.partitioner, partitioner)) {
      // Already partitioned by key: combine within each partition, no shuffle, as Spark does.
      return this.withPartitionFunction(function* (_i, it) {
        const combined = new Map<unknown, [K, C]>();
        for (const [k, v] of it) {
          const key = __kindling.mapKey(k);
          const entry = combined.get(key);
          if (entry) entry[1] = mergeValue(entry[1], v);
          else combined.set(key, [k, createCombiner(v)]);
        }
        yield* combined.values();
      }, { createCombiner: create, mergeValue: mergeV }, true);
    }
    const aggregator = { createCombiner: create.serialized, mergeValue: mergeV.serialized, mergeCombiners: mergeC.serialized };
    return new RDDs.ShuffledRDD<K, V, C>(this, partitioner, aggregator, mapSideCombine);
  }

  reduceByKey<K, V>(this: RDD<Pair<K, V>>, f: (a: V, b: V) => V, captured?: Captured, numPartitions?: number): RDD<Pair<K, V>> {
    const uf = userFunction(f, captured, "reduceByKey");
    return this.combineByKey((v: V) => v, (a: V, b: V) => f(a, b), (a: V, b: V) => f(a, b), numPartitions, { f: uf });
  }

  foldByKey<K, V>(this: RDD<Pair<K, V>>, zeroValue: V, f: (a: V, b: V) => V, captured?: Captured, numPartitions?: number): RDD<Pair<K, V>> {
    const uf = userFunction(f, captured, "foldByKey");
    return this.combineByKey((v: V) => f(structuredClone(zeroValue), v), (a: V, b: V) => f(a, b), (a: V, b: V) => f(a, b), numPartitions, { f: uf, zeroValue });
  }

  aggregateByKey<K, V, U>(
    this: RDD<Pair<K, V>>,
    zeroValue: U,
    seqOp: (acc: U, v: V) => U,
    combOp: (a: U, b: U) => U,
    captured?: Captured,
    numPartitions?: number,
  ): RDD<Pair<K, U>> {
    const seq = userFunction(seqOp, captured, "aggregateByKey");
    const comb = userFunction(combOp, captured, "aggregateByKey");
    return this.combineByKey((v: V) => seqOp(structuredClone(zeroValue), v), (a: U, v: V) => seqOp(a, v), (a: U, b: U) => combOp(a, b), numPartitions, { seqOp: seq, combOp: comb, zeroValue });
  }

  groupByKey<K, V>(this: RDD<Pair<K, V>>, numPartitions?: number): RDD<Pair<K, V[]>> {
    // No map-side combine: it would not shrink the data, as Spark notes.
    return this.combineByKey((v: V) => [v], (c: V[], v: V) => (c.push(v), c), (a: V[], b: V[]) => a.concat(b), numPartitions, {}, false);
  }

  cogroup<K, V, W>(this: RDD<Pair<K, V>>, other: RDD<Pair<K, W>>, numPartitions?: number): RDD<Pair<K, [V[], W[]]>> {
    const n = numPartitions ?? this.sparkContext.defaultShufflePartitions(this, other);
    return new RDDs.CoGroupedRDD<K>([this, other], hashPartitioner(checkPartitionCount(n, "cogroup"))) as unknown as RDD<Pair<K, [V[], W[]]>>;
  }

  join<K, V, W>(this: RDD<Pair<K, V>>, other: RDD<Pair<K, W>>, numPartitions?: number): RDD<Pair<K, [V, W]>> {
    return this.cogroup(other, numPartitions).flatMapValues(([vs, ws]) => {
      const out: [V, W][] = [];
      for (const v of vs) for (const w of ws) out.push([v, w]);
      return out;
    });
  }

  leftOuterJoin<K, V, W>(this: RDD<Pair<K, V>>, other: RDD<Pair<K, W>>, numPartitions?: number): RDD<Pair<K, [V, W | null]>> {
    return this.cogroup(other, numPartitions).flatMapValues(([vs, ws]) => {
      const out: [V, W | null][] = [];
      for (const v of vs) {
        if (ws.length === 0) out.push([v, null]);
        else for (const w of ws) out.push([v, w]);
      }
      return out;
    });
  }

  rightOuterJoin<K, V, W>(this: RDD<Pair<K, V>>, other: RDD<Pair<K, W>>, numPartitions?: number): RDD<Pair<K, [V | null, W]>> {
    return this.cogroup(other, numPartitions).flatMapValues(([vs, ws]) => {
      const out: [V | null, W][] = [];
      for (const w of ws) {
        if (vs.length === 0) out.push([null, w]);
        else for (const v of vs) out.push([v, w]);
      }
      return out;
    });
  }

  fullOuterJoin<K, V, W>(this: RDD<Pair<K, V>>, other: RDD<Pair<K, W>>, numPartitions?: number): RDD<Pair<K, [V | null, W | null]>> {
    return this.cogroup(other, numPartitions).flatMapValues(([vs, ws]) => {
      const out: [V | null, W | null][] = [];
      if (vs.length === 0) for (const w of ws) out.push([null, w]);
      else if (ws.length === 0) for (const v of vs) out.push([v, null]);
      else for (const v of vs) for (const w of ws) out.push([v, w]);
      return out;
    });
  }

  sortByKey<K, V>(this: RDD<Pair<K, V>>, ascending = true, numPartitions?: number): RDD<Pair<K, V>> {
    const n = checkPartitionCount(numPartitions ?? this.getNumPartitions(), "sortByKey");
    const shuffled = new RDDs.ShuffledRDD<K, V, V>(
      this,
      { kind: "range", numPartitions: n, bounds: [], ascending },
      undefined,
      false,
      ascending ? "ascending" : "descending",
    );
    shuffled.shuffleDependency.needsRangeBounds = n > 1;
    return shuffled;
  }

  // ---- actions ----

  collect(): Promise<T[]> {
    return this.runPartitions((it) => Array.from(it), {}, "collect").then((parts) => parts.flat() as T[]);
  }

  async count(): Promise<number> {
    const counts = await this.runPartitions((it) => {
      let n = 0;
      for (const _ of it) n++;
      return n;
    }, {}, "count");
    return counts.reduce((a, b) => a + b, 0);
  }

  async reduce(f: (a: T, b: T) => T, captured?: Captured): Promise<T> {
    const uf = userFunction(f, captured, "reduce");
    const partials = await this.runPartitions((it) => {
      let acc: { value: T } | null = null;
      for (const x of it) acc = acc ? { value: f(acc.value, x) } : { value: x };
      return acc;
    }, { f: uf }, "reduce");
    const present = partials.filter((p): p is { value: T } => p !== null);
    if (present.length === 0) throw new SparkException("reduce() of an empty RDD: it has no elements to combine (UnsupportedOperationException: empty collection)");
    return present.map((p) => p.value).reduce((a, b) => f(a, b));
  }

  fold(zeroValue: T, f: (a: T, b: T) => T, captured?: Captured): Promise<T> {
    return this.aggregateAs("fold", zeroValue, f, f, captured);
  }

  aggregate<U>(zeroValue: U, seqOp: (acc: U, x: T) => U, combOp: (a: U, b: U) => U, captured?: Captured): Promise<U> {
    return this.aggregateAs("aggregate", zeroValue, seqOp, combOp, captured);
  }

  async sum(this: RDD<number>): Promise<number> {
    return this.fold(0, (a, b) => a + b);
  }

  async max(): Promise<T> {
    return this.reduce((a, b) => (__kindling.compareKeys(a, b) >= 0 ? a : b));
  }

  async min(): Promise<T> {
    return this.reduce((a, b) => (__kindling.compareKeys(a, b) <= 0 ? a : b));
  }

  /**
   * The first `num` elements, scanning one partition and then more (by spark.rdd.limit.scaleUpFactor) until
   * enough are found, as Spark's take.
   */
  async take(num: number): Promise<T[]> {
    const out: T[] = [];
    const total = this.getNumPartitions();
    let scanned = 0;
    while (out.length < num && scanned < total) {
      let count = 1;
      if (scanned > 0) {
        count = out.length === 0 ? scanned * 4 : Math.ceil((1.5 * num * scanned) / out.length) - scanned;
        count = Math.max(1, Math.min(count, scanned * 4));
      }
      const ids = Array.from({ length: Math.min(count, total - scanned) }, (_, i) => scanned + i);
      const left = num - out.length;
      const parts = await this.sparkContext.runJob(this, userFunction((it: IterableIterator<T>) => {
        const got: T[] = [];
        for (const x of it) {
          if (got.length >= left) break;
          got.push(x);
        }
        return got;
      }, { left }, "take"), ids, "take");
      for (const p of parts) out.push(...(p as T[]));
      scanned += ids.length;
    }
    return out.slice(0, num);
  }

  async first(): Promise<T> {
    const [x] = await this.take(1);
    if (x === undefined && (await this.isEmpty())) throw new SparkException("first() of an empty RDD: it has no elements (UnsupportedOperationException: empty collection)");
    return x as T;
  }

  async isEmpty(): Promise<boolean> {
    return this.getNumPartitions() === 0 || (await this.take(1)).length === 0;
  }

  async foreach(f: (x: T) => void, captured?: Captured): Promise<void> {
    const uf = userFunction(f, captured, "foreach");
    await this.runPartitions((it) => {
      for (const x of it) f(x);
      return null;
    }, { f: uf }, "foreach");
  }

  async foreachPartition(f: (it: IterableIterator<T>) => void, captured?: Captured): Promise<void> {
    const uf = userFunction(f, captured, "foreachPartition");
    await this.runPartitions((it) => (f(it), null), { f: uf }, "foreachPartition");
  }

  async collectAsMap<K, V>(this: RDD<Pair<K, V>>): Promise<Map<K, V>> {
    return new Map(await this.collect());
  }

  async countByKey<K>(this: RDD<Pair<K, unknown>>): Promise<Map<K, number>> {
    return this.mapValues(() => 1).reduceByKey((a, b) => a + b).collectAsMap();
  }

  async countByValue(): Promise<Map<T, number>> {
    return this.map((x) => [x, 1] as [T, number]).reduceByKey((a, b) => a + b).collectAsMap();
  }

  /** Writes one text file per partition under `path`, committed as a whole: `part-NNNNN` files and `_SUCCESS`. */
  saveAsTextFile(path: string): Promise<void> {
    return this.sparkContext.saveAsTextFile(this as RDD<unknown>, path);
  }

  // ---- helpers ----

  private withPartitionFunction<U>(
    f: (index: number, iter: IterableIterator<T>) => Iterable<U>,
    captured: Captured,
    preservesPartitioning = false,
  ): RDD<U> {
    const uf = userFunction(f, captured, "mapPartitionsWithIndex");
    return new RDDs.MapPartitionsRDD<U, T>(this, uf, preservesPartitioning);
  }

  /** fold and aggregate: seqOp within each partition from a fresh zero, combOp across them on the driver. */
  private async aggregateAs<U>(where: string, zeroValue: U, seqOp: (acc: U, x: T) => U, combOp: (a: U, b: U) => U, captured?: Captured): Promise<U> {
    const seq = userFunction(seqOp, captured, where);
    userFunction(combOp, captured, where);
    const partials = await this.runPartitions((it) => {
      let acc = structuredClone(zeroValue);
      for (const x of it) acc = seqOp(acc, x);
      return acc;
    }, { seqOp: seq, zeroValue }, where);
    return partials.reduce((a, b) => combOp(a, b), structuredClone(zeroValue));
  }

  private runPartitions<U>(f: (it: IterableIterator<T>) => U, captured: Captured, action: string): Promise<U[]> {
    return this.sparkContext.runJob(this, userFunction(f, captured, action), undefined, action) as Promise<U[]>;
  }
}

/** Narrow one-to-one RDDs (map, filter, ...) keep their parent's partitions. */
export function oneToOne(parent: RDD<unknown>): Dependency[] {
  return [new OneToOneDependency(parent)];
}

function nestedRDDError(): SparkException {
  return new SparkException(
    "RDD transformations and actions can only be invoked by the driver, not inside of other transformations; " +
      "for example, rdd1.map((x) => rdd2.count()) is invalid (SPARK-5063)",
  );
}

/**
 * A shuffle may have no partitions, as Spark's HashPartitioner(0): a shuffle of an RDD without partitions (an
 * empty RDD) defaults to none, and is empty. Narrowing (coalesce, repartition) needs at least one.
 */
function checkPartitionCount(n: number, where: string, min = 0): number {
  if (!Number.isInteger(n) || n < min) {
    throw new SparkException(`${where}: the number of partitions must be an integer >= ${min}, but was ${n}`);
  }
  return n;
}
