import { InvalidArgumentError, Option } from "commander";

/** A port from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535) throw new InvalidArgumentError(`'${value}' is not a port; use a number from 0 to 65535 (0 takes any free port).`);
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new InvalidArgumentError(`'${value}' is not a positive integer.`);
  return n;
}

/** What every daemon command takes besides its own options: Spark settings from a file and from `--conf`. */
export interface ConfOptions {
  readonly conf?: string[];
  readonly propertiesFile?: string;
}

export function confOptions(): Option[] {
  return [
    new Option("--conf <key=value>", "A Spark setting, e.g. spark.worker.timeout=60; may be repeated.").argParser((v: string, previous: string[] | undefined) => [...(previous ?? []), v]),
    new Option("--properties-file <file>", "A file of Spark settings in spark-defaults.conf format; --conf wins over it."),
  ];
}
