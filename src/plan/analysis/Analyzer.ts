import type { Attribute } from "../../expr/AttributeReference.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { Batch, FixedPoint, Once, RuleExecutor, type PlanChange } from "../rules/RuleExecutor.js";
import type { Catalog } from "./Catalog.js";
import { checkAnalysis } from "./CheckAnalysis.js";
import { DeduplicateRelations, DeduplicateSubqueryRelations } from "./DeduplicateRelations.js";
import { GlobalAggregates } from "./GlobalAggregates.js";
import { ResolveAggregateFunctions } from "./ResolveAggregateFunctions.js";
import { ResolveAliases } from "./ResolveAliases.js";
import { ResolveFunctions } from "./ResolveFunctions.js";
import { ResolveGenerate } from "./ResolveGenerate.js";
import { ResolveMissingReferences } from "./ResolveMissingReferences.js";
import { ResolveOrdinals } from "./ResolveOrdinals.js";
import { ResolveReferences } from "./ResolveReferences.js";
import { ResolveRelations } from "./ResolveRelations.js";
import { ResolveSubquery } from "./ResolveSubquery.js";
import { ResolveUnion } from "./ResolveUnion.js";
import { ResolveUsingJoin } from "./ResolveUsingJoin.js";
import { TimeWindowing } from "./TimeWindowing.js";
import { ImplicitTypeCasts, WidenSetOperationTypes } from "./TypeCoercion.js";

/**
 * Spark's Analyzer: turns a parsed plan (names, `*`, calls by name) into a resolved one (attributes with ids,
 * resolved functions, implicit casts), then checks it. Errors are AnalysisExceptions raised before any task
 * runs.
 */
export class Analyzer {
  constructor(
    private readonly catalog: Catalog,
    private readonly onChange?: (change: PlanChange) => void,
  ) {}

  /** The resolved, checked plan. */
  execute(plan: LogicalPlan): LogicalPlan {
    const analyzed = this.resolve(plan, [], new Set());
    checkAnalysis(analyzed);
    return analyzed;
  }

  /**
   * Runs the rules with `outerScopes` (the columns of enclosing queries) visible to a subquery, and `taken` (the
   * ids of the enclosing queries' relations) not to be defined again by it.
   */
  private resolve(plan: LogicalPlan, outerScopes: readonly (readonly Attribute[])[], taken: ReadonlySet<number>): LogicalPlan {
    return this.executor(outerScopes, taken).execute(plan);
  }

  private executor(outerScopes: readonly (readonly Attribute[])[], taken: ReadonlySet<number>): RuleExecutor {
    return new RuleExecutor(
      [
        Batch("Substitution", Once, ResolveRelations(this.catalog), DeduplicateSubqueryRelations(taken)),
        Batch(
          "Resolution",
          FixedPoint(100),
          DeduplicateRelations,
          ResolveUsingJoin,
          ResolveOrdinals,
          ResolveReferences(outerScopes),
          ResolveFunctions,
          ResolveGenerate,
          ResolveSubquery(outerScopes, taken, (p, scopes, inUse) => this.resolve(p, scopes, inUse)),
          ResolveMissingReferences,
          ResolveAggregateFunctions(outerScopes),
          ResolveAliases,
          GlobalAggregates,
          ResolveUnion,
          WidenSetOperationTypes,
          ImplicitTypeCasts,
          TimeWindowing,
        ),
      ],
      { preserveSchema: false, onChange: this.onChange },
    );
  }
}
