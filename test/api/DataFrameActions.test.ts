import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession, StorageLevel, functions as F, type DataFrame } from "../../src/index.js";
import { printedAsync as printed } from "./printed.js";

let spark: SparkSession;
let people: DataFrame;
before(() => {
  spark = SparkSession.builder().master("local[2]").appName("dataframe-actions").config("spark.sql.shuffle.partitions", 3).getOrCreate();
  people = spark.createDataFrame(
    [
      { name: "Alice", dept: "eng", age: 34, city: "Oslo" },
      { name: "Bob", dept: "eng", age: 45, city: null },
      { name: "Carol", dept: "ops", age: 29, city: "Rome" },
      { name: "Dan", dept: "ops", age: null, city: "Oslo" },
      { name: "Eve", dept: "hr", age: 51, city: "Lima" },
    ],
    "name STRING, dept STRING, age INT, city STRING",
  );
});
after(() => spark.stop());

test("collect returns plain objects keyed by column name, after filters and projections", async () => {
  const rows = await people.filter(F.col("age").gt(30)).select("name", F.col("age").plus(1).alias("next")).orderBy("name").collect();
  assert.deepEqual(rows, [{ name: "Alice", next: 35 }, { name: "Bob", next: 46 }, { name: "Eve", next: 52 }]);
  assert.deepEqual(await people.where("city = 'Oslo' AND age IS NOT NULL").select("name").collect(), [{ name: "Alice" }]);
});

test("count, first, head and take", async () => {
  assert.equal(await people.count(), 5);
  assert.equal(await people.filter(F.col("dept").equalTo("none")).count(), 0);
  assert.deepEqual(await people.orderBy(F.col("age").desc()).select("name").first(), { name: "Eve" });
  assert.equal(await people.filter("age > 100").first(), undefined);
  assert.deepEqual(await people.orderBy("name").select("name").head(2), [{ name: "Alice" }, { name: "Bob" }]);
  assert.equal((await people.take(3)).length, 3);
});

test("groupBy aggregates keep the grouping columns first, with Spark's null handling", async () => {
  const rows = await people
    .groupBy("dept")
    .agg(F.count("*").alias("n"), F.count("age").alias("aged"), F.max("age").alias("oldest"), F.avg("age").alias("mean"))
    .orderBy("dept")
    .collect();
  assert.deepEqual(rows, [
    { dept: "eng", n: 2n, aged: 2n, oldest: 45, mean: 39.5 },
    { dept: "hr", n: 1n, aged: 1n, oldest: 51, mean: 51 },
    { dept: "ops", n: 2n, aged: 1n, oldest: 29, mean: 29 },
  ]);
  assert.deepEqual(await people.groupBy("dept").count().orderBy(F.col("count").desc(), "dept").limit(1).collect(), [{ dept: "eng", count: 2n }]);
  assert.deepEqual(await people.agg(F.sum("age"), F.min("name")).collect(), [{ "sum(age)": 159n, "min(name)": "Alice" }]);
});

test("groupBy an aliased expression: the alias names the group, and the select list may repeat it", async () => {
  const rows = await spark.range(0, 5).groupBy(F.col("id").mod(2).alias("parity")).agg(F.sum("id").alias("total")).orderBy("parity").collect();
  assert.deepEqual(rows, [{ parity: 0n, total: 6n }, { parity: 1n, total: 4n }]);
});

test("joins by name and by condition, of every type", async () => {
  const depts = spark.createDataFrame([{ dept: "eng", floor: 3 }, { dept: "ops", floor: 1 }, { dept: "legal", floor: 9 }]);
  const names = (rows: Record<string, unknown>[]) => rows.map((r) => `${r["name"] ?? "-"}/${r["floor"] ?? "-"}`).sort();
  assert.deepEqual(names(await people.join(depts, "dept").collect()), ["Alice/3", "Bob/3", "Carol/1", "Dan/1"]);
  assert.deepEqual(names(await people.join(depts, "dept", "left").collect()), ["Alice/3", "Bob/3", "Carol/1", "Dan/1", "Eve/-"]);
  assert.deepEqual(names(await people.join(depts, "dept", "right").collect()), ["-/9", "Alice/3", "Bob/3", "Carol/1", "Dan/1"]);
  assert.deepEqual(names(await people.join(depts, "dept", "full").collect()), ["-/9", "Alice/3", "Bob/3", "Carol/1", "Dan/1", "Eve/-"]);
  assert.deepEqual(names(await people.join(depts, ["dept"], "left_semi").collect()), ["Alice/-", "Bob/-", "Carol/-", "Dan/-"]);
  assert.deepEqual(names(await people.join(depts, "dept", "left_anti").collect()), ["Eve/-"]);
  const byCondition = people.join(depts, people.col("dept").equalTo(depts.col("dept")).and(depts.col("floor").gt(2)));
  assert.deepEqual(names(await byCondition.collect()), ["Alice/3", "Bob/3"]);
  assert.equal(await people.crossJoin(depts).count(), 15);
});

test("a self-join on one DataFrame's column pairs the left and right copies, as Spark's join does", async () => {
  const pairs = people.join(people, people.col("name").equalTo(people.col("name")));
  assert.equal(await pairs.count(), 5);
  assert.deepEqual(pairs.columns, ["name", "dept", "age", "city", "name", "dept", "age", "city"]);
});

test("set operations, distinct and dropDuplicates", async () => {
  const a = spark.createDataFrame([[1, "x"], [2, "y"]], "k INT, v STRING");
  const b = spark.createDataFrame([{ v: "y", k: 2 }, { v: "z", k: 3 }]).select("v", F.col("k").cast("int").alias("k"));
  assert.deepEqual(await a.unionByName(b).distinct().orderBy("k").collect(), [{ k: 1, v: "x" }, { k: 2, v: "y" }, { k: 3, v: "z" }]);
  assert.equal(await a.union(a).count(), 4);
  assert.equal(await people.dropDuplicates(["dept"]).count(), 3);
});

test("show prints Spark's table, truncating long values unless told not to", async () => {
  const df = people.select("name", "age").orderBy("name");
  assert.equal(
    await printed(() => df.show(2)),
    ["+-----+---+", "| name|age|", "+-----+---+", "|Alice| 34|", "|  Bob| 45|", "+-----+---+", "only showing top 2 rows", ""].join("\n"),
  );
  const long = spark.createDataFrame([{ s: "x".repeat(25) }]);
  assert.match(await printed(() => long.show()), /\|x{17}\.\.\.\|/);
  assert.match(await printed(() => long.show(20, false)), new RegExp(`\\|x{25}\\|`));
});

test("nested structs come back as nested objects, arrays and maps as themselves", async () => {
  const df = spark.createDataFrame([{ id: 1, p: { x: 1.5, tags: ["a"] } }]).select("id", F.struct(F.col("p.x").alias("x"), F.col("id").alias("i")).alias("s"), "p.tags");
  assert.deepEqual(await df.collect(), [{ id: 1, s: { x: 1.5, i: 1 }, tags: ["a"] }]);
});

test("range and repartition set the partitions, and rdd holds the rows as objects", async () => {
  const df = spark.range(0, 10, 1, 4);
  assert.equal(df.rdd.getNumPartitions(), 4);
  assert.equal(df.repartition(3).rdd.getNumPartitions(), 3);
  assert.equal(df.repartition().rdd.getNumPartitions(), 3, "spark.sql.shuffle.partitions");
  assert.deepEqual((await df.filter(F.col("id").mod(4).equalTo(0)).rdd.collect()).sort((x, y) => Number(x["id"]) - Number(y["id"])), [{ id: 0n }, { id: 4n }, { id: 8n }]);
});

test("toLocalIterator yields every row, a partition at a time", async () => {
  const seen: bigint[] = [];
  for await (const row of spark.range(0, 7, 1, 3).toLocalIterator()) seen.push(row["id"] as bigint);
  assert.deepEqual(seen, [0n, 1n, 2n, 3n, 4n, 5n, 6n]);
});

test("a cached DataFrame keeps its storage level and answers the same", async () => {
  const df = people.filter("age > 30").cache();
  assert.equal(df.storageLevel, StorageLevel.MEMORY_AND_DISK);
  assert.equal(await df.count(), 3);
  assert.deepEqual((await df.collect()).map((r) => r["name"]).sort(), ["Alice", "Bob", "Eve"]);
  await df.unpersist();
  assert.equal(df.storageLevel, StorageLevel.NONE);
});

test("SQL over temporary views", async () => {
  people.createOrReplaceTempView("people");
  const rows = await spark.sql("SELECT dept, count(*) AS n FROM people WHERE age IS NOT NULL GROUP BY dept HAVING n > 1 ORDER BY dept").collect();
  assert.deepEqual(rows, [{ dept: "eng", n: 2n }]);
  assert.deepEqual(await spark.table("people").select(F.upper("name").alias("u")).orderBy(F.col("u").desc()).limit(1).collect(), [{ u: "EVE" }]);
});
