import { Command, Option } from "commander";
import { hostname } from "node:os";
import { daemonConf } from "../daemon/DaemonConf.js";
import { confOptions, parsePort, type ConfOptions } from "../daemon/CommandOptions.js";
import { runDaemon } from "../daemon/RunDaemon.js";
import { MasterDaemon } from "./MasterDaemon.js";

interface MasterOptions extends ConfOptions {
  readonly host: string;
  readonly port: number;
  readonly webuiPort: number;
  readonly workDir: string;
}

/** `master [--host H] [--port 7077] [--webui-port 8080] ...`: Spark's MasterArguments, run in this process. */
export function masterCommand(): Command {
  const command = new Command("master")
    .description("Start a standalone master: workers register with it and it places applications' executors on them.")
    .helpOption("--help", "Show this help.")
    .addOption(new Option("-h, --host <host>", "Hostname or IP to listen on (and to be known by).").default(hostname()))
    .addOption(new Option("-p, --port <port>", "Port to listen on (0: any free port).").default(7077).argParser(parsePort))
    .addOption(new Option("--webui-port <port>", "Port of the web UI, which serves /json (0: any free port).").default(8080).argParser(parsePort))
    .addOption(new Option("-d, --work-dir <dir>", "Directory for the master's log.").default("work"));
  for (const option of confOptions()) command.addOption(option);
  return command.action(async (options: MasterOptions) => {
    const conf = daemonConf(options.propertiesFile, options.conf ?? []);
    await runDaemon(() => MasterDaemon.start({ host: options.host, port: options.port, webUiPort: options.webuiPort, workDir: options.workDir, conf }));
  });
}
