import type { ConfValue } from "../core/SparkConf.js";
import { SparkConf } from "../core/SparkConf.js";
import { SparkContext } from "../core/SparkContext.js";
import { RuntimeConfig } from "./RuntimeConfig.js";
import { VERSION } from "../util/version.js";

/**
 * The entry point of a Kindling application, holding its SparkContext:
 * `SparkSession.builder().master("local[2]").appName("x").config("k", "v").getOrCreate()`.
 */
export class SparkSession {
  private static active: SparkSession | undefined;
  readonly conf: RuntimeConfig;

  private constructor(readonly sparkContext: SparkContext) {
    this.conf = new RuntimeConfig(sparkContext.conf);
  }

  static builder(): SparkSessionBuilder {
    return new SparkSessionBuilder();
  }

  static getActiveSession(): SparkSession | undefined {
    return SparkSession.active && !SparkSession.active.sparkContext.isStopped ? SparkSession.active : undefined;
  }

  /** @internal the builder's way in: one session per active context. */
  static fromContext(sc: SparkContext): SparkSession {
    if (SparkSession.active?.sparkContext !== sc) SparkSession.active = new SparkSession(sc);
    return SparkSession.active;
  }

  get version(): string {
    return VERSION;
  }

  async stop(): Promise<void> {
    await this.sparkContext.stop();
    if (SparkSession.active === this) SparkSession.active = undefined;
  }
}

/** Collects settings, then returns the active session (applying them to it) or starts a new one. */
export class SparkSessionBuilder {
  private readonly options = new Map<string, ConfValue>();

  master(master: string): this {
    return this.config("spark.master", master);
  }

  appName(name: string): this {
    return this.config("spark.app.name", name);
  }

  config(key: string, value: ConfValue): this;
  config(conf: SparkConf): this;
  config(keyOrConf: string | SparkConf, value?: ConfValue): this {
    if (keyOrConf instanceof SparkConf) for (const [k, v] of keyOrConf.getAll()) this.options.set(k, v);
    else this.options.set(keyOrConf, value as ConfValue);
    return this;
  }

  getOrCreate(): SparkSession {
    const existing = SparkSession.getActiveSession();
    if (existing) {
      // As Spark: settings given to the builder apply to the existing session's runtime config.
      for (const [k, v] of this.options) if (!k.startsWith("spark.master") && k !== "spark.app.name") existing.conf.set(k, v);
      return existing;
    }
    const sc = SparkContext.getActive() ?? new SparkContext(new SparkConf(this.options));
    return SparkSession.fromContext(sc);
  }
}
