#!/usr/bin/env node
/**
 * The `kindling` command (the package's bin): `kindling master`, `kindling worker`, `kindling submit`,
 * `kindling shell`, each with --help. master and worker run the daemons in this process, exactly as
 * src/deploy/DaemonMain.js does for launchers.
 */
import { Command } from "commander";
import { masterCommand } from "../deploy/master/MasterArguments.js";
import { workerCommand } from "../deploy/worker/WorkerArguments.js";
import { VERSION } from "../util/version.js";
import { shellCommand } from "./ShellCommand.js";
import { submitCommand } from "./SubmitCommand.js";

const program = new Command("kindling")
  .description("Apache Spark's Structured Streaming, rebuilt in TypeScript: a standalone cluster and its applications.")
  .version(VERSION, "--version", "Print the version.")
  .helpOption("--help", "Show this help.")
  .helpCommand("help [command]", "Show the help of a command.")
  // `kindling submit app.js --flag`: options after the application are the application's.
  .enablePositionalOptions()
  .addCommand(masterCommand())
  .addCommand(workerCommand())
  .addCommand(submitCommand())
  .addCommand(shellCommand());

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`Error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
