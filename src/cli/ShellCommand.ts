import { start } from "node:repl";
import { Command, Option } from "commander";
import * as kindling from "../index.js";
import { SparkSession } from "../api/SparkSession.js";
import { parseConfPair } from "../deploy/daemon/DaemonConf.js";
import { loadPropertiesFile } from "../deploy/daemon/PropertiesFile.js";
import { VERSION } from "../util/version.js";

interface ShellOptions {
  readonly master: string;
  readonly name: string;
  readonly conf?: string[];
  readonly propertiesFile?: string;
}

/**
 * `kindling shell --master URL`: a REPL with `spark` (the SparkSession), `sc` (its SparkContext), `F` (functions),
 * `T` (types) and the package's exports ready, as spark-shell; `await` works at the prompt. Leaving it stops the
 * session.
 */
export function shellCommand(): Command {
  return new Command("shell")
    .description("A REPL with spark and sc ready, as spark-shell.")
    .helpOption("--help", "Show this help.")
    .addOption(new Option("--master <url>", "spark://host:port, local-cluster[W,C,M], local[N] or local[*].").default("local[*]"))
    .addOption(new Option("--name <name>", "The application's name.").default("Kindling shell"))
    .addOption(new Option("--conf <key=value>", "A Spark setting; may be repeated.").argParser((v: string, previous: string[] | undefined) => [...(previous ?? []), v]))
    .addOption(new Option("--properties-file <file>", "A file of Spark settings in spark-defaults.conf format."))
    .action(async (options: ShellOptions) => {
      const builder = SparkSession.builder().master(options.master).appName(options.name);
      if (options.propertiesFile !== undefined) for (const [k, v] of loadPropertiesFile(options.propertiesFile)) builder.config(k, v);
      for (const [k, v] of (options.conf ?? []).map(parseConfPair)) builder.config(k, v);
      const spark = builder.getOrCreate();
      const sc = spark.sparkContext;
      console.log(`Welcome to Kindling version ${VERSION}`);
      console.log(`Spark context available as 'sc' (master = ${sc.master}, app id = ${sc.applicationId}).`);
      console.log("Spark session available as 'spark'.");
      const repl = start({ prompt: "kindling> " });
      Object.assign(repl.context, kindling, { spark, sc, F: kindling.functions, T: kindling.types });
      await new Promise<void>((done) => repl.on("exit", done));
      await spark.stop();
    });
}
