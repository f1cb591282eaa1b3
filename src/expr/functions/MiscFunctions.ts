import { IntegerType } from "../../types/AtomicTypes.js";
import { findWiderCommonType } from "../../types/TypeCoercion.js";
import { HASH_SEED, hashValue } from "../Murmur3Hash.js";
import type { ScalarFunctionDefinition } from "./FunctionDefinition.js";

/** Functions of any types: coalesce, hash. */
export const MISC_FUNCTIONS: readonly ScalarFunctionDefinition[] = [
  {
    name: "coalesce",
    arity: [1, Infinity],
    inputTypes: (types) => {
      const wider = findWiderCommonType(types);
      return wider && types.map(() => wider);
    },
    resultType: (types) => types[0]!,
    nullable: (nullables) => nullables.every((n) => n),
    nullSafe: true,
    eval: (args) => args.find((v) => v !== null) ?? null,
  },
  {
    name: "hash",
    arity: [1, Infinity],
    resultType: () => IntegerType,
    nullable: () => false,
    nullSafe: true,
    eval: (args, types) => args.reduce<number>((h, v, i) => hashValue(v, types[i]!, h), HASH_SEED),
  },
];
