import type { SparkSession } from "../../src/index.js";

/**
 * The tables every golden query may read, registered as temporary views. Small on purpose: a golden file's
 * expected output should be checkable by eye. Add a table here when a new query needs one.
 */
export function createGoldenViews(spark: SparkSession): void {
  spark
    .createDataFrame(
      [
        [1, "Alice", 34, "eng", 120000.5],
        [2, "Bob", 28, "eng", 95000],
        [3, "Carol", null, "sales", 70000],
        [4, "Dan", 45, "sales", null],
        [5, "Eve", 23, null, 50000],
        [6, "Frank", 51, "hr", 88000.25],
        [7, "Grace", 39, "eng", 130000],
        [8, "Heidi with a rather long name", 30, "research", 99000],
      ],
      "id INT, name STRING, age INT, dept STRING, salary DOUBLE",
    )
    .createOrReplaceTempView("people");
  spark
    .createDataFrame(
      [
        ["eng", 3, "Zurich"],
        ["sales", 1, "Berlin"],
        ["hr", 2, null],
        ["legal", 4, "Paris"],
        [null, 9, "Nowhere"],
      ],
      "dept STRING, floor INT, city STRING",
    )
    .createOrReplaceTempView("depts");
  spark
    .createDataFrame(
      [
        [1, new Date("2024-03-01T09:30:00Z"), 3n],
        [1, new Date("2024-03-02T18:05:10Z"), 1n],
        [2, new Date("2024-12-31T23:59:59Z"), 7n],
        [5, new Date("2025-01-15T00:00:00Z"), null],
        [9, null, 2n],
      ],
      "person_id INT, at TIMESTAMP, clicks BIGINT",
    )
    .createOrReplaceTempView("events");
}
