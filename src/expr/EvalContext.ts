/**
 * What evaluation needs besides the row: the session time zone (`spark.sql.session.timeZone`) and, when the
 * optimizer has not already folded them, the query's start time for current_timestamp() and current_date().
 */
export interface EvalContext {
  readonly timeZone: string;
  /** Microseconds since the epoch at which the query started. */
  readonly currentTimestamp?: bigint;
}
