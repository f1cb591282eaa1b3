import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { IllegalStateException } from "../../util/SparkException.js";

/** A stateful operator as its state's metadata records it (Spark's OperatorStateMetadataV1). */
export interface StatefulOperatorInfo {
  readonly operatorId: number;
  readonly operatorName: string;
  readonly numPartitions: number;
}

/**
 * Checks a query's stateful operators against the state its checkpoint holds, and records them: each operator's
 * `state/<id>/_metadata/metadata` names it and its partition count. Another operator at an id, another count of
 * partitions, or state for an operator the query does not have means the checkpoint belongs to another query,
 * whose state this one would misread: refused, naming what differs.
 */
export function checkOperatorState(stateDir: string, operators: readonly StatefulOperatorInfo[], checkpointRoot: string): void {
  const refuse = (what: string) =>
    new IllegalStateException(`The checkpoint at ${checkpointRoot} does not fit this query: ${what}. A checkpoint can only be restarted by the query that wrote it; use a new checkpointLocation for a changed query.`);
  const ids = new Set(operators.map((o) => o.operatorId));
  if (existsSync(stateDir)) {
    for (const entry of readdirSync(stateDir)) {
      if (/^\d+$/.test(entry) && !ids.has(Number(entry))) throw refuse(`it has state for stateful operator ${entry}, which this query does not have`);
    }
  }
  for (const op of operators) {
    const file = join(stateDir, String(op.operatorId), "_metadata", "metadata");
    const recorded = existsSync(file) ? readRecorded(file) : undefined;
    if (!recorded) {
      mkdirSync(join(stateDir, String(op.operatorId), "_metadata"), { recursive: true });
      writeFileAtomic(file, `v1\n${JSON.stringify({ operatorInfo: { operatorId: op.operatorId, operatorName: op.operatorName }, stateStoreInfo: [{ storeName: "default", numColsPrefixKey: 0, numPartitions: op.numPartitions }] })}`);
      continue;
    }
    if (recorded.operatorName !== op.operatorName) throw refuse(`its stateful operator ${op.operatorId} is ${recorded.operatorName}, but this query's is ${op.operatorName}`);
    if (recorded.numPartitions !== op.numPartitions) throw refuse(`its stateful operator ${op.operatorId} has ${recorded.numPartitions} state partitions, but this query plans ${op.numPartitions}`);
  }
}

function readRecorded(file: string): { operatorName: string; numPartitions: number } {
  const [version, json] = readFileSync(file, "utf8").split("\n");
  try {
    if (version !== "v1") throw new Error(`version line '${version}'`);
    const m = JSON.parse(json ?? "") as { operatorInfo: { operatorName: string }; stateStoreInfo: { numPartitions: number }[] };
    return { operatorName: m.operatorInfo.operatorName, numPartitions: m.stateStoreInfo[0]!.numPartitions };
  } catch (e) {
    throw new IllegalStateException(`The state metadata file ${file} is malformed: ${(e as Error).message}.`, { cause: e });
  }
}
