import type { Attribute } from "../../expr/AttributeReference.js";
import type { ScalarFunction } from "../../expr/FunctionCall.js";
import type { LogicalPlan } from "./LogicalPlan.js";

/**
 * Each child row joined with every value its `generator` (explode) produces, as new columns
 * `generatorOutput`. With `outer`, a row whose generator produces nothing is kept once, with nulls.
 */
export interface Generate {
  readonly kind: "Generate";
  readonly generator: ScalarFunction;
  readonly outer: boolean;
  readonly generatorOutput: readonly Attribute[];
  readonly child: LogicalPlan;
}

export function Generate(generator: ScalarFunction, outer: boolean, generatorOutput: readonly Attribute[], child: LogicalPlan): Generate {
  return Object.freeze({ kind: "Generate", generator, outer, generatorOutput: Object.freeze([...generatorOutput]), child });
}
