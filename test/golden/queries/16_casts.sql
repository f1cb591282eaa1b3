-- Casts to decimal round half up; to string; a malformed string to int is NULL (Spark 3.5, ANSI off)
SELECT id, CAST(salary AS DECIMAL(10, 1)) AS sal, CAST(age AS STRING) AS age_text, CAST('2024-02-29' AS DATE) AS leap,
       CAST('x1' AS INT) AS bad
FROM people WHERE id <= 3 OR id = 6 ORDER BY id
----
+---+--------+--------+----------+----+
| id|     sal|age_text|      leap| bad|
+---+--------+--------+----------+----+
|  1|120000.5|      34|2024-02-29|NULL|
|  2| 95000.0|      28|2024-02-29|NULL|
|  3| 70000.0|    NULL|2024-02-29|NULL|
|  6| 88000.3|      51|2024-02-29|NULL|
+---+--------+--------+----------+----+
