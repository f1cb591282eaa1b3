import { booleanConf, bytesConf, doubleConf, intConf, stringConf, timeConf } from "./ConfigEntry.js";

/** Spark core's configuration keys that Kindling honours, with Spark's defaults. */
export const MASTER = stringConf("spark.master", undefined, "The cluster manager to connect to: local, local[N], local[*], local[N,F], local-cluster[W,C,M] or spark://host:port.");
export const APP_NAME = stringConf("spark.app.name", undefined, "The application's name, shown in the UI and the logs.");
export const DEFAULT_PARALLELISM = intConf("spark.default.parallelism", undefined, "Default number of partitions of RDDs made by parallelize and of shuffles without a partitioner.", 1);
export const TASK_MAX_FAILURES = intConf("spark.task.maxFailures", 4, "Failures of one task before the job fails.", 1);
export const TASK_CPUS = intConf("spark.task.cpus", 1, "Cores each task takes.", 1);
export const LOCALITY_WAIT = timeConf("spark.locality.wait", "3s", "How long to wait for a better-placed slot before falling back one locality level.");
export const LOCALITY_WAIT_PROCESS = timeConf("spark.locality.wait.process", undefined, "spark.locality.wait for PROCESS_LOCAL.");
export const LOCALITY_WAIT_NODE = timeConf("spark.locality.wait.node", undefined, "spark.locality.wait for NODE_LOCAL.");
export const LOCALITY_WAIT_RACK = timeConf("spark.locality.wait.rack", undefined, "spark.locality.wait for RACK_LOCAL.");
export const EXECUTOR_MEMORY = bytesConf("spark.executor.memory", "1g", "Memory of each executor.", "m");
export const DRIVER_MEMORY = bytesConf("spark.driver.memory", "1g", "Memory of the driver (and of the executor in local mode).", "m");
export const MEMORY_FRACTION = doubleConf("spark.memory.fraction", 0.6, "Share of the heap for execution and storage.", 0, 1);
export const MEMORY_STORAGE_FRACTION = doubleConf("spark.memory.storageFraction", 0.5, "Share of spark.memory.fraction kept for cached blocks.", 0, 1);
export const SPILL_FORCE_THRESHOLD = intConf("spark.shuffle.spill.numElementsForceSpillThreshold", Number.MAX_SAFE_INTEGER, "Records buffered by a shuffle before it spills, whatever memory says.", 1);
export const LOCAL_DIR = stringConf("spark.local.dir", undefined, "Directory for shuffle files and spills; defaults to the system temp dir.");
export const SHOW_CONSOLE_PROGRESS = booleanConf("spark.ui.showConsoleProgress", undefined, "Show a progress bar for long stages on the console; on by default when stderr is a terminal.");
export const CONSOLE_PROGRESS_UPDATE_INTERVAL = timeConf("spark.ui.consoleProgress.update.interval", "200ms", "How often the console progress bar is redrawn.");
export const HEARTBEAT_INTERVAL = timeConf("spark.executor.heartbeatInterval", "10s", "Interval of executor heartbeats to the driver.");
export const MAX_RESULT_SIZE = bytesConf("spark.driver.maxResultSize", "1g", "Limit of the serialized results of one action; 0 is unlimited.");
export const STAGE_MAX_CONSECUTIVE_ATTEMPTS = intConf("spark.stage.maxConsecutiveAttempts", 4, "Consecutive fetch-failed attempts of a stage before the job fails.", 1);
export const SCHEDULER_MODE = stringConf("spark.scheduler.mode", "FIFO", "How jobs of one application share the executors.", ["FIFO", "FAIR"]);
export const UI_PORT = intConf("spark.ui.port", 4040, "Port of the application's web UI.", 0);
export const UI_ENABLED = booleanConf("spark.ui.enabled", true, "Whether to run the web UI.");
export const EXECUTOR_CORES = intConf("spark.executor.cores", undefined, "Cores of each executor.", 1);
export const CORES_MAX = intConf("spark.cores.max", undefined, "Total cores an application takes from a standalone cluster.", 1);
