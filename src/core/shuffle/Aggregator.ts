import type { SerializedFunction } from "../closure/SerializedFunction.js";
import { reviveFunction } from "../closure/SerializedFunction.js";

/** combineByKey's three functions, as they travel with a shuffle. */
export interface Aggregator {
  readonly createCombiner: SerializedFunction;
  readonly mergeValue: SerializedFunction;
  readonly mergeCombiners: SerializedFunction;
}

export interface CombineFunctions {
  createCombiner(v: unknown): unknown;
  mergeValue(c: unknown, v: unknown): unknown;
  mergeCombiners(a: unknown, b: unknown): unknown;
}

export function reviveAggregator(a: Aggregator): CombineFunctions {
  return {
    createCombiner: reviveFunction(a.createCombiner),
    mergeValue: reviveFunction(a.mergeValue),
    mergeCombiners: reviveFunction(a.mergeCombiners),
  };
}
