import type { ConfValue, SparkConf } from "../core/SparkConf.js";
import { zoneOffsetSeconds } from "../expr/DateTimeUtils.js";
import { SparkException } from "../util/SparkException.js";

/**
 * `spark.conf`: reads and sets the session's configuration at run time, as Spark's RuntimeConfig. SQL settings
 * that are not set read as Spark's defaults.
 */
export class RuntimeConfig {
  constructor(private readonly conf: SparkConf) {}

  set(key: string, value: ConfValue): void {
    if (STATIC_KEYS.has(key)) {
      throw new SparkException(`Cannot modify the value of a static config: ${key}. Set it when the session is built`, { errorClass: "CANNOT_MODIFY_CONFIG" });
    }
    if (key === TIME_ZONE_KEY) checkTimeZone(String(value));
    this.conf.set(key, value);
  }

  get(key: string, defaultValue?: string): string {
    const v = this.conf.getOption(key) ?? defaultValue ?? sqlDefault(key);
    if (v === undefined) throw new SparkException(`The SQL config '${key}' cannot be found; set it or give a default`, { errorClass: "SQL_CONF_NOT_FOUND" });
    return v;
  }

  getOption(key: string): string | undefined {
    return this.conf.getOption(key) ?? sqlDefault(key);
  }

  unset(key: string): void {
    this.conf.remove(key);
  }

  isModifiable(key: string): boolean {
    return !STATIC_KEYS.has(key);
  }

  getAll(): Record<string, string> {
    return Object.fromEntries(this.conf.getAll());
  }
}

/** Keys fixed for the life of the application, as Spark's static and core configs. */
const STATIC_KEYS = new Set(["spark.master", "spark.app.name", "spark.app.id", "spark.driver.memory", "spark.executor.memory", "spark.executor.cores", "spark.local.dir", "spark.ui.port"]);

const TIME_ZONE_KEY = "spark.sql.session.timeZone";

function checkTimeZone(zone: string): void {
  try {
    zoneOffsetSeconds(zone, 0);
  } catch {
    throw new SparkException(`The value '${zone}' in the config "${TIME_ZONE_KEY}" is invalid. Cannot resolve the given timezone; use a region such as "America/Los_Angeles" or an offset such as "+01:00"`, {
      errorClass: "INVALID_CONF_VALUE.TIME_ZONE",
    });
  }
}

/** Spark's defaults of the SQL settings the API reads; the session time zone is the machine's, as in Spark. */
function sqlDefault(key: string): string | undefined {
  if (key === TIME_ZONE_KEY) return Intl.DateTimeFormat().resolvedOptions().timeZone;
  return key === "spark.sql.shuffle.partitions" ? "200" : undefined;
}
