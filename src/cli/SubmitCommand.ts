import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { Command, Option } from "commander";
import { SUBMIT_CONF_ENV } from "../core/SparkConf.js";
import { parseConfPair } from "../deploy/daemon/DaemonConf.js";
import { parsePositiveInt } from "../deploy/daemon/CommandOptions.js";
import { loadPropertiesFile } from "../deploy/daemon/PropertiesFile.js";
import { IllegalArgumentException } from "../util/SparkException.js";
import { typeScriptHooksArgs } from "./TypeScriptHooks.js";

interface SubmitOptions {
  readonly master?: string;
  readonly name?: string;
  readonly executorCores?: number;
  readonly executorMemory?: string;
  readonly totalExecutorCores?: number;
  readonly driverMemory?: string;
  readonly conf?: string[];
  readonly propertiesFile?: string;
}

/**
 * `kindling submit [options] app.js|app.ts [app args]`, as spark-submit: the application runs as the driver, in a
 * process of its own, with its settings from (lowest first) the properties file, `--conf`, then the named flags;
 * whatever the program sets itself wins over all of them, as in Spark. The application file leads `spark.jars`, so
 * that executors fetch and load it as Spark's do the application jar. A `.ts` file runs through TypeScript's transpiler.
 */
export function submitCommand(): Command {
  return new Command("submit")
    .description("Run an application (app.js or app.ts) as the driver, against the given master, as spark-submit.")
    .helpOption("--help", "Show this help.")
    .usage("[options] <app.js|app.ts> [app arguments]")
    .argument("<app>", "The application: a JavaScript or TypeScript module that creates a SparkSession.")
    .argument("[appArgs...]", "Arguments passed to the application.")
    .addOption(new Option("--master <url>", "spark://host:port, local-cluster[W,C,M], local[N] or local[*] (default: local[*])."))
    .addOption(new Option("--name <name>", "The application's name (spark.app.name)."))
    .addOption(new Option("--executor-cores <n>", "Cores per executor (spark.executor.cores).").argParser(parsePositiveInt))
    .addOption(new Option("--executor-memory <mem>", "Memory per executor, e.g. 1g (spark.executor.memory)."))
    .addOption(new Option("--total-executor-cores <n>", "Cores for all executors together (spark.cores.max).").argParser(parsePositiveInt))
    .addOption(new Option("--driver-memory <mem>", "Memory for the driver, e.g. 1g (spark.driver.memory)."))
    .addOption(new Option("--conf <key=value>", "A Spark setting; may be repeated.").argParser((v: string, previous: string[] | undefined) => [...(previous ?? []), v]))
    .addOption(new Option("--properties-file <file>", "A file of Spark settings in spark-defaults.conf format."))
    .passThroughOptions()
    .action(async (app: string, appArgs: string[], options: SubmitOptions) => {
      process.exitCode = await submit(app, appArgs, options);
    });
}

/** The driver's settings, in Spark's precedence. */
export function submitSettings(appFile: string, options: SubmitOptions): Record<string, string> {
  const settings: Record<string, string> = {};
  if (options.propertiesFile !== undefined) for (const [k, v] of loadPropertiesFile(options.propertiesFile)) settings[k] = v;
  for (const [k, v] of (options.conf ?? []).map(parseConfPair)) settings[k] = v;
  const flags: [string, string | number | undefined][] = [
    ["spark.master", options.master],
    ["spark.app.name", options.name],
    ["spark.executor.cores", options.executorCores],
    ["spark.executor.memory", options.executorMemory],
    ["spark.cores.max", options.totalExecutorCores],
    ["spark.driver.memory", options.driverMemory],
  ];
  for (const [k, v] of flags) if (v !== undefined) settings[k] = String(v);
  settings["spark.app.name"] ??= basename(appFile).replace(/\.[cm]?[jt]s$/, "");
  // As spark-submit adds the application's jar: executors fetch and load what spark.jars lists.
  settings["spark.jars"] = [appFile, ...(settings["spark.jars"] ?? "").split(",").map((f) => f.trim()).filter((f) => f !== "")].join(",");
  return settings;
}

async function submit(app: string, appArgs: string[], options: SubmitOptions): Promise<number> {
  const appFile = resolve(app);
  if (!existsSync(appFile)) throw new IllegalArgumentException(`The application ${appFile} does not exist: give kindling submit a .js or .ts file.`);
  const env = { ...process.env, [SUBMIT_CONF_ENV]: JSON.stringify(submitSettings(appFile, options)) };
  const child = spawn(process.execPath, [...typeScriptHooksArgs(), appFile, ...appArgs], { env, stdio: "inherit" });
  // The driver ends with the command: a signal to one is passed to the other.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward).on("SIGTERM", forward);
  return new Promise((done) => {
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward).off("SIGTERM", forward);
      done(code ?? (signal ? 128 + 1 : 1));
    });
  });
}
