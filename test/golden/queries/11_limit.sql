-- ORDER BY with LIMIT keeps the first rows of the whole order
SELECT name, age FROM people ORDER BY age ASC NULLS LAST LIMIT 3
----
+--------------------+---+
|                name|age|
+--------------------+---+
|                 Eve| 23|
|                 Bob| 28|
|Heidi with a rath...| 30|
+--------------------+---+
