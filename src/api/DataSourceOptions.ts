import { optionValue } from "../connectors/file/FileOptions.js";

/** An option value as PySpark takes it. */
export type OptionValue = string | number | boolean;

/**
 * What DataFrameReader and DataFrameWriter share: a format and options whose keys compare without case, as in
 * Spark, the last value given for a key winning; `path` may come as an option.
 */
export abstract class DataSourceOptions {
  protected source = "parquet";
  private readonly extraOptions = new Map<string, [string, string]>();

  format(source: string): this {
    this.source = source;
    return this;
  }

  option(key: string, value: OptionValue): this {
    this.extraOptions.set(key.toLowerCase(), [key, optionValue(value)]);
    return this;
  }

  options(options: Readonly<Record<string, OptionValue>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  /** The `path` option, when one was given. */
  protected get pathOption(): string | undefined {
    return this.optionValue("path");
  }

  /** An option's value by its key in any case, when one was given. */
  protected optionValue(key: string): string | undefined {
    return this.extraOptions.get(key.toLowerCase())?.[1];
  }

  /** The options as given, less `path`, with the session's time zone unless a `timeZone` option overrides it. */
  protected resolvedOptions(sessionTimeZone: string): Record<string, string> {
    const options = Object.fromEntries([...this.extraOptions.values()].filter(([k]) => k.toLowerCase() !== "path"));
    if (!this.extraOptions.has("timezone")) options["timeZone"] = sessionTimeZone;
    return options;
  }
}
