import { AnalysisException, closestMatches, toSQLId } from "../../expr/AnalysisException.js";
import { Plans } from "../logical/PlanTree.js";
import { SubqueryAlias } from "../logical/UnaryNodes.js";
import { rule, type Rule } from "../rules/Rule.js";
import type { Catalog } from "./Catalog.js";

/** Replaces each table or view name by the plan the catalog holds for it, aliased by its name. */
export function ResolveRelations(catalog: Catalog): Rule {
  return rule("ResolveRelations", (plan) =>
    Plans.transformUp(plan, (node) => {
      if (node.kind !== "UnresolvedRelation") return node;
      const found = catalog.lookupRelation(node.multipartIdentifier);
      if (!found) {
        const similar = closestMatches(node.multipartIdentifier.join("."), catalog.relationNames(), 3);
        throw new AnalysisException(
          "TABLE_OR_VIEW_NOT_FOUND",
          `The table or view ${toSQLId(node.multipartIdentifier)} cannot be found. Verify the spelling and correctness of the schema and catalog.` +
            (similar.length > 0 ? ` Did you mean one of the following? [${similar.map((n) => toSQLId(n)).join(", ")}]` : ""),
        );
      }
      return SubqueryAlias(node.multipartIdentifier[node.multipartIdentifier.length - 1]!, found);
    }).node,
  );
}
