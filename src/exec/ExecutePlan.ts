import type { SparkContext } from "../core/SparkContext.js";
import type { RDD } from "../core/rdd/RDD.js";
import { ShuffledRDD } from "../core/rdd/ShuffledRDD.js";
import { dataSourceFor } from "./datasource/DataSource.js";
import { numPartitionsOf } from "./Partitioning.js";
import { SparkPlanRDD } from "./runtime/SparkPlanRDD.js";
import { fragmentToJson, type InputKind, type OutputKind } from "./runtime/StageFragment.js";
import { exec, type SparkPlan } from "./SparkPlan.js";
import { outputOfExec, SparkPlans } from "./SparkPlanTree.js";
import type { SqlConf } from "./SqlConf.js";
import { batchFromRows, type ColumnarBatch } from "./vector/ColumnarBatch.js";

interface Input {
  readonly kind: InputKind;
  readonly rdd: RDD<unknown>;
}

/**
 * Turns a physical plan into RDDs on the driver. Narrow operators between two boundaries (scans, unions,
 * coalesces, exchanges) become one SparkPlanRDD whose fragment travels to executors; an exchange becomes a map-side
 * SparkPlanRDD that emits `[partitionId, batch]` records and a core ShuffledRDD with a passthrough partitioner.
 * A broadcast is a one-partition shuffle that every task of the consuming stage reads whole.
 */
export function executePlan(plan: SparkPlan, sc: SparkContext, conf: SqlConf): RDD<ColumnarBatch> {
  return new RDDBuilder(sc, conf).batches(plan);
}

class RDDBuilder {
  /** One RDD per boundary node, so that a subtree used twice (a range exchange's sample) is computed once. */
  private readonly inputs = new Map<SparkPlan, Input>();

  constructor(private readonly sc: SparkContext, private readonly conf: SqlConf) {}

  batches(plan: SparkPlan): RDD<ColumnarBatch> {
    if (plan.kind === "CollectLimitExec") {
      // Spark's CollectLimitExec.execute: a limit per partition, then the first rows of them all in one.
      const local = exec({ kind: "LocalLimitExec", limit: plan.limit, child: plan.child });
      const single = exec({ kind: "ShuffleExchangeExec", partitioning: { kind: "SinglePartition" }, child: local });
      return this.batches(exec({ kind: "GlobalLimitExec", limit: plan.limit, child: single }));
    }
    // Even a bare scan goes through a pipeline, which restores the values its input's serialization flattened.
    return this.pipeline(plan, { kind: "batches" }) as RDD<ColumnarBatch>;
  }

  /** The stage pipeline ending at `plan`, its boundaries replaced by InputAdapters over their RDDs. */
  private pipeline(plan: SparkPlan, output: OutputKind, extra: readonly Input[] = []): RDD<unknown> {
    const inputs: Input[] = [];
    const fragment = SparkPlans.transformDown(plan, (node) => {
      const input = this.boundary(node);
      if (!input) return node;
      inputs.push(input);
      return exec({ kind: "InputAdapter", index: inputs.length - 1, output: outputOfExec(node) });
    }).node;
    const all = [...inputs, ...extra];
    const json = fragmentToJson({ plan: fragment, output: fixSamples(output, inputs.length), timeZone: this.conf.timeZone, codegen: this.conf.wholeStageCodegen });
    return SparkPlanRDD.create(this.sc, json, all);
  }

  /** The RDD a boundary node stands for as a pipeline's input; undefined for operators that run in a pipeline. */
  private boundary(node: SparkPlan): Input | undefined {
    const known = this.inputs.get(node);
    if (known) return known;
    const input = this.makeBoundary(node);
    if (input) this.inputs.set(node, input);
    return input;
  }

  private makeBoundary(node: SparkPlan): Input | undefined {
    const sc = this.sc;
    switch (node.kind) {
      case "LocalTableScanExec": {
        const types = node.output.map((a) => a.dataType);
        const n = node.numSlices;
        const slices = Array.from({ length: n }, (_, i) => batchFromRows(node.rows.slice(Math.floor((i * node.rows.length) / n), Math.floor(((i + 1) * node.rows.length) / n)), types));
        return { kind: "batches", rdd: sc.parallelize(slices, n) };
      }
      case "RangeExec": {
        const n = node.numSlices;
        const length = node.step > 0n ? (node.end - node.start + node.step - 1n) / node.step : (node.start - node.end - node.step - 1n) / -node.step;
        const count = length > 0n ? length : 0n;
        const at = (i: number) => node.start + ((count * BigInt(i)) / BigInt(n)) * node.step;
        const slices = Array.from({ length: n }, (_, i) => [at(i), at(i + 1), node.step]);
        return { kind: "range", rdd: sc.parallelize(slices, n) };
      }
      case "FileSourceScanExec":
        return { kind: "batches", rdd: dataSourceFor(node.relation.source.format).scan(sc, node.relation) as RDD<unknown> };
      case "UnionExec": {
        const [first, ...rest] = node.children.map((c) => this.batches(c));
        return { kind: "batches", rdd: first!.union(...rest) as RDD<unknown> };
      }
      case "CoalesceExec":
        return { kind: "batches", rdd: this.batches(node.child).coalesce(node.numPartitions) as RDD<unknown> };
      case "BroadcastExchangeExec":
        return { kind: "broadcast", rdd: this.pipeline(node.child, { kind: "single" }) };
      case "ShuffleExchangeExec": {
        const p = node.partitioning;
        const n = numPartitionsOf(p);
        let mapSide: RDD<unknown>;
        switch (p.kind) {
          case "HashPartitioning":
            mapSide = this.pipeline(node.child, { kind: "hash", expressions: p.expressions, numPartitions: n });
            break;
          case "RangePartitioning": {
            const sampleSize = Math.min(60 * n, 1_000_000);
            const samples = this.pipeline(node.child, { kind: "sample", ordering: p.ordering, sampleSize });
            mapSide = this.pipeline(node.child, { kind: "range", ordering: p.ordering, numPartitions: n, samples: -1 }, [{ kind: "broadcast", rdd: samples }]);
            break;
          }
          case "RoundRobinPartitioning":
            mapSide = this.pipeline(node.child, { kind: "roundRobin", numPartitions: n });
            break;
          default:
            mapSide = this.pipeline(node.child, { kind: "single" });
        }
        return { kind: "shuffled", rdd: new ShuffledRDD(mapSide as RDD<[unknown, unknown]>, { kind: "passthrough", numPartitions: n }) as RDD<unknown> };
      }
      default:
        return undefined;
    }
  }
}

/** A range exchange's samples are the input after the child's own: its index is known once those are. */
function fixSamples(output: OutputKind, childInputs: number): OutputKind {
  return output.kind === "range" ? { ...output, samples: childInputs } : output;
}
