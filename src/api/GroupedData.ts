import { Alias } from "../expr/Alias.js";
import { AnalysisException } from "../expr/AnalysisException.js";
import type { Expression } from "../expr/Expression.js";
import { dataTypeOf } from "../expr/ExpressionTypes.js";
import { Literal } from "../expr/Literal.js";
import { UnresolvedFunction } from "../expr/Unresolved.js";
import { Aggregate } from "../plan/logical/Aggregate.js";
import { isNumeric } from "../types/TypeUtils.js";
import { col, Column } from "./Column.js";
import { DataFrame } from "./DataFrame.js";

/**
 * Spark's RelationalGroupedDataset (PySpark's GroupedData): `df.groupBy("k")` waiting for its aggregates.
 * The result holds the grouping columns first, then one column per aggregate.
 */
export class GroupedData {
  /** @internal made by `DataFrame.groupBy`. */
  constructor(
    private readonly df: DataFrame,
    private readonly groupingExprs: readonly Expression[],
  ) {}

  /** `agg(F.sum("a"), F.max("b"))`, or PySpark's `agg({ a: "sum", b: "max" })`. */
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    const aggregates = exprs.flatMap((e) => (e instanceof Column ? [e.expr] : Object.entries(e).map(([c, fn]) => byName(fn, c))));
    return this.toDF(aggregates);
  }

  /** The number of rows in each group, in a column named `count`. */
  count(): DataFrame {
    return this.toDF([Alias(UnresolvedFunction("count", [Literal(1)]), "count")]);
  }

  sum(...columns: string[]): DataFrame { return this.numeric("sum", columns); }
  avg(...columns: string[]): DataFrame { return this.numeric("avg", columns); }
  mean(...columns: string[]): DataFrame { return this.numeric("avg", columns); }
  min(...columns: string[]): DataFrame { return this.numeric("min", columns); }
  max(...columns: string[]): DataFrame { return this.numeric("max", columns); }

  private toDF(aggregates: readonly Expression[]): DataFrame {
    // As spark.sql.retainGroupColumns: the grouping columns come first in the result.
    const plan = Aggregate(this.groupingExprs, [...this.groupingExprs, ...aggregates], this.df.logicalPlan);
    return new DataFrame(this.df.sparkSession, plan);
  }

  /** `fn` of each named column, which must be numeric; of every numeric column when none is named. */
  private numeric(fn: string, columns: readonly string[]): DataFrame {
    const names = columns.length > 0 ? columns : this.df.schema.fields.filter((f) => isNumeric(f.dataType)).map((f) => f.name);
    return this.toDF(
      names.map((name) => {
        const c = this.df.col(name).expr;
        if (!isNumeric(dataTypeOf(c))) {
          throw new AnalysisException("_LEGACY_ERROR_TEMP_1041", `"${name}" is not a numeric column. Aggregation function can only be applied on a numeric column.`);
        }
        return UnresolvedFunction(fn, [c]);
      }),
    );
  }
}

/** PySpark's `agg({ column: "function" })`: `"*": "count"` counts rows. */
function byName(fn: string, column: string): Expression {
  const name = fn.toLowerCase() === "mean" || fn.toLowerCase() === "average" ? "avg" : fn.toLowerCase() === "size" ? "count" : fn;
  if (column === "*" && name.toLowerCase() === "count") return UnresolvedFunction("count", [Literal(1)]);
  return UnresolvedFunction(name, [col(column).expr]);
}
