/** What the optimizer needs from the session: the time zone for folding constants, and the query's start time. */
export interface OptimizerContext {
  readonly timeZone: string;
  /** Microseconds since the epoch when the query started; every current_timestamp() of the query sees it. */
  readonly currentTimestamp: bigint;
}
