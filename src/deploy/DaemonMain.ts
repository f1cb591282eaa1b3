/**
 * The process entry of the standalone daemons, as launchers start them (local-cluster, tests, scripts):
 *
 *   node dist/src/deploy/DaemonMain.js master --host H --port P --webui-port W [--properties-file F] [--conf k=v]
 *   node dist/src/deploy/DaemonMain.js worker spark://H:P[,H2:P2] --host H --cores N --memory 4g --work-dir D --webui-port W
 *
 * Each prints `<Master|Worker> started at spark://host:port` on stdout once it listens, and runs until SIGTERM
 * or SIGINT. The `kindling master|worker` commands are the same commands.
 */
import { Command } from "commander";
import { masterCommand } from "./master/MasterArguments.js";
import { workerCommand } from "./worker/WorkerArguments.js";

const program = new Command("DaemonMain")
  .description("Runs a standalone master or worker in this process.")
  .helpOption("--help", "Show this help.")
  .helpCommand("help [command]", "Show the help of a command.")
  .addCommand(masterCommand())
  .addCommand(workerCommand());

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`Error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
