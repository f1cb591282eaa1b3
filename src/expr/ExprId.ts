/**
 * Spark's ExprId: the identity of an attribute, so that two columns named `a` from the two sides of a self-join
 * stay apart. Ids are allocated on the driver only (plans carry them to executors), so one counter suffices.
 */
let nextExprId = 0;

export function newExprId(): number {
  return nextExprId++;
}
