import { test } from "node:test";
import assert from "node:assert/strict";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { Literal } from "../../src/expr/Literal.js";
import { GreaterThan, In } from "../../src/expr/Predicates.js";
import { Exists } from "../../src/expr/Subquery.js";
import { planFromJson, planToJson } from "../../src/plan/logical/PlanJson.js";
import { Plans } from "../../src/plan/logical/PlanTree.js";
import { DataSourceRelation, LocalRelation, Range } from "../../src/plan/logical/Relations.js";
import { Filter, Project } from "../../src/plan/logical/UnaryNodes.js";
import * as T from "../../src/types/index.js";
import { as } from "./dsl.js";

test("plans with values of every type survive JSON and come back frozen", () => {
  const id = AttributeReference("id", T.LongType, false);
  const m = AttributeReference("m", new T.MapType(T.StringType, new T.DecimalType(5, 2)));
  const values = [
    Literal(9007199254740993n, T.LongType),
    Literal(T.Decimal.fromString("-1.25"), new T.DecimalType(5, 2)),
    Literal(Uint8Array.from([0, 255]), T.BinaryType),
    Literal(18322, T.DateType),
    Literal(1_600_000_000_000_001n, T.TimestampType),
    Literal(new T.CalendarInterval(1, 2, 3n)),
    Literal(new Map([["k", T.Decimal.fromString("1.50")]]), m.dataType),
    Literal(NaN, T.DoubleType),
    Literal(-0, T.DoubleType),
    Literal(-Infinity, T.DoubleType),
    Literal([1, null, 3]),
  ];
  const plan = Project(
    values.map((v, i) => as(v, `v${i}`)),
    Filter(
      In(id, [Literal(1n, T.LongType)]),
      Filter(Exists(LocalRelation([m], [[new Map([["a", null]])]])), DataSourceRelation([id, m], { format: "json", paths: ["/x"] }, true, [GreaterThan(id, Literal(0n, T.LongType))])),
    ),
  );
  const json = planToJson(plan);
  const back = planFromJson(json);
  assert.equal(planToJson(back), json);
  assert.equal(Plans.treeString(back), Plans.treeString(plan));
  assert.ok(Object.isFrozen(back) && Object.isFrozen((back as typeof plan).projectList[0]));
  const literals = (back as typeof plan).projectList.map((e) => (e.kind === "Alias" && e.child.kind === "Literal" ? e.child.value : undefined));
  assert.equal(literals[0], 9007199254740993n);
  assert.ok(literals[1] instanceof T.Decimal && literals[1].toString() === "-1.25");
  assert.deepEqual(literals[2], Uint8Array.from([0, 255]));
  assert.ok(Number.isNaN(literals[7]) && Object.is(literals[8], -0) && literals[9] === -Infinity);
  assert.ok(literals[5] instanceof T.CalendarInterval && literals[5].equals(new T.CalendarInterval(1, 2, 3n)));
  assert.ok(((back as typeof plan).projectList[6] as { child: { dataType: T.DataType } }).child.dataType.equals(m.dataType));
});

test("Range prints as Spark's explain does", () => {
  assert.match(Plans.treeString(Range(0n, 10n, 2n, 4, AttributeReference("id", T.LongType, false))), /^Range \(0, 10, step=2, splits=Some\(4\)\)\n$/);
});
