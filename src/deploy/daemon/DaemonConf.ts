import { SparkConf } from "../../core/SparkConf.js";
import { IllegalArgumentException } from "../../util/SparkException.js";
import { loadPropertiesFile } from "./PropertiesFile.js";

/** `k=v` from `--conf`; the value may itself contain '='. */
export function parseConfPair(pair: string): [string, string] {
  const eq = pair.indexOf("=");
  if (eq <= 0) throw new IllegalArgumentException(`Spark config without '=': ${pair}. Use --conf key=value, e.g. --conf spark.worker.timeout=60`);
  return [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
}

/**
 * A daemon's configuration as Spark builds it: the `spark.*` keys of `--properties-file`, overridden by each
 * `--conf k=v`, then every known key's value checked, so a bad one stops the daemon before it binds a port.
 * Keys that are not Spark's are ignored with spark-submit's warning.
 */
export function daemonConf(propertiesFile: string | undefined, pairs: readonly string[], warn: (line: string) => void = (line) => console.error(line)): SparkConf {
  const conf = new SparkConf();
  const settings: [string, string][] = [...(propertiesFile === undefined ? [] : loadPropertiesFile(propertiesFile)), ...pairs.map(parseConfPair)];
  for (const [key, value] of settings) {
    if (key.startsWith("spark.")) conf.set(key, value);
    else warn(`Warning: Ignoring non-Spark config property: ${key}`);
  }
  conf.validate();
  return conf;
}
