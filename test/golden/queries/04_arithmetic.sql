-- / is fractional for integers; div and % keep the integer type; null propagates
SELECT id, age / 4 AS quarter, age div 4 AS whole, age % 4 AS rest, salary * 2 AS doubled, -age AS negated
FROM people ORDER BY id
----
+---+-------+-----+----+--------+-------+
| id|quarter|whole|rest| doubled|negated|
+---+-------+-----+----+--------+-------+
|  1|    8.5|    8|   2|240001.0|    -34|
|  2|    7.0|    7|   0|190000.0|    -28|
|  3|   NULL| NULL|NULL|140000.0|   NULL|
|  4|  11.25|   11|   1|    NULL|    -45|
|  5|   5.75|    5|   3|100000.0|    -23|
|  6|  12.75|   12|   3|176000.5|    -51|
|  7|   9.75|    9|   3|260000.0|    -39|
|  8|    7.5|    7|   2|198000.0|    -30|
+---+-------+-----+----+--------+-------+
