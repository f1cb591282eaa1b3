import { Command, InvalidArgumentError, Option } from "commander";
import { availableParallelism, hostname, totalmem } from "node:os";
import { parseSparkURL } from "../../rpc/RpcAddress.js";
import { parseBytes } from "../../util/units.js";
import { daemonConf } from "../daemon/DaemonConf.js";
import { confOptions, parsePort, parsePositiveInt, type ConfOptions } from "../daemon/CommandOptions.js";
import { runDaemon } from "../daemon/RunDaemon.js";
import { WorkerDaemon } from "./WorkerDaemon.js";

interface WorkerOptions extends ConfOptions {
  readonly host: string;
  readonly port: number;
  readonly webuiPort: number;
  readonly cores: number;
  readonly memory: number;
  readonly workDir: string;
}

const MIB = 1024 * 1024;

/** Spark's Utils.memoryStringToMb: a size with a unit ("4g", "512m"); a bare number is bytes. */
export function parseMemoryMb(value: string): number {
  let mb: number;
  try {
    mb = Math.floor(parseBytes(value, "--memory") / MIB);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
  if (mb <= 0) throw new InvalidArgumentError("Memory is below 1MB, or missing a M/G at the end of the memory specification?");
  return mb;
}

/** Spark's default: all the machine's memory but 1 GiB, and at least 512 MiB. */
function defaultMemoryMb(): number {
  return Math.max(Math.floor(totalmem() / MIB) - 1024, 512);
}

/** `worker spark://HOST:PORT[,HOST2:PORT2] [--cores N] [--memory 4g] ...`: Spark's WorkerArguments, run in this process. */
export function workerCommand(): Command {
  const command = new Command("worker")
    .description("Start a standalone worker: it registers with the master and runs the executors the master places on it.")
    .helpOption("--help", "Show this help.")
    .argument("<master>", "The master's URL, spark://HOST:PORT; several masters as spark://H1:P1,H2:P2.")
    .addOption(new Option("-c, --cores <n>", "Cores executors may use on this machine.").argParser(parsePositiveInt).default(availableParallelism(), `all ${availableParallelism()}`))
    .addOption(new Option("-m, --memory <size>", "Memory executors may use, e.g. 1000m or 4g.").argParser(parseMemoryMb).default(defaultMemoryMb(), `the machine's memory minus 1g: ${defaultMemoryMb()}m`))
    .addOption(new Option("-d, --work-dir <dir>", "Directory for executors' files and logs, and the worker's log.").default("work"))
    .addOption(new Option("-h, --host <host>", "Hostname or IP to listen on (and to be known by).").default(hostname()))
    .addOption(new Option("-p, --port <port>", "Port to listen on (0: any free port).").default(0).argParser(parsePort))
    .addOption(new Option("--webui-port <port>", "Port of the web UI, which serves /json (0: any free port).").default(8081).argParser(parsePort));
  for (const option of confOptions()) command.addOption(option);
  return command.action(async (master: string, options: WorkerOptions) => {
    const masters = parseSparkURL(master);
    const conf = daemonConf(options.propertiesFile, options.conf ?? []);
    await runDaemon(() =>
      WorkerDaemon.start({ masters, host: options.host, port: options.port, webUiPort: options.webuiPort, cores: options.cores, memoryMB: options.memory, workDir: options.workDir, conf }),
    );
  });
}
