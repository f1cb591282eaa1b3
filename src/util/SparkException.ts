/**
 * The root of Kindling's errors, named as Spark names them. An error class, when there is one, leads the
 * message in brackets exactly as Spark prints it: `[UNRESOLVED_COLUMN.WITH_SUGGESTION] ...`.
 */
export class SparkException extends Error {
  readonly errorClass: string | undefined;

  constructor(message: string, options: { cause?: unknown; errorClass?: string } = {}) {
    super(options.errorClass ? `[${options.errorClass}] ${message}` : message, { cause: options.cause });
    this.name = new.target.name;
    this.errorClass = options.errorClass;
  }
}

/** A configuration key or value that Kindling cannot accept; raised before any task runs. */
export class IllegalArgumentException extends SparkException {}

/** State on disk or in memory that does not fit what is asked of it, e.g. a malformed checkpoint file. */
export class IllegalStateException extends SparkException {}
