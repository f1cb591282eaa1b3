import type { SchedulerBackendFactory } from "../../core/scheduler/SchedulerBackend.js";
import { EXECUTOR_MEMORY } from "../../core/config.js";
import { parseSparkURL } from "../../rpc/RpcAddress.js";
import { IllegalArgumentException, SparkException } from "../../util/SparkException.js";
import { LocalSparkCluster } from "./LocalSparkCluster.js";
import { StandaloneSchedulerBackend } from "./StandaloneSchedulerBackend.js";

/** `spark://host:port`, or several masters for recovery: `spark://h1:p1,h2:p2`. */
export const standaloneBackendFactory: SchedulerBackendFactory = {
  description: "spark://HOST:PORT[,HOST2:PORT2]",
  canCreate: (master) => master.startsWith("spark://"),
  create: (master, env) => new StandaloneSchedulerBackend(env, parseSparkURL(master)),
};

const LOCAL_CLUSTER = /^local-cluster\[\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\]$/;

/** `local-cluster[W,C,M]`: a master and W worker processes of C cores and M MiB each, on this machine. */
export const localClusterBackendFactory: SchedulerBackendFactory = {
  description: "local-cluster[W,C,M]",
  canCreate: (master) => master.startsWith("local-cluster"),
  create(master, env) {
    const m = LOCAL_CLUSTER.exec(master.trim());
    if (!m) throw new IllegalArgumentException(`Could not parse Master URL: '${master}'. Use local-cluster[W,C,M]: W workers of C cores and M MiB each, e.g. local-cluster[2,1,1024]`);
    const [workers, cores, memory] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (workers < 1 || cores < 1) throw new IllegalArgumentException(`local-cluster[${workers},${cores},${memory}] needs at least one worker of at least one core`);
    // Spark's check: an executor bigger than a worker would never be placed, and the application would hang.
    const executorMemory = Math.floor(env.conf.getEntry(EXECUTOR_MEMORY) / (1024 * 1024));
    if (executorMemory > memory) {
      throw new SparkException(`Asked to launch cluster with ${memory} MiB/worker but requested ${executorMemory} MiB/executor`);
    }
    return new StandaloneSchedulerBackend(env, undefined, new LocalSparkCluster(workers, cores, memory, env.conf), "127.0.0.1");
  },
};
