-- count(DISTINCT) ignores nulls
SELECT count(DISTINCT dept) AS depts FROM people
----
+-----+
|depts|
+-----+
|    4|
+-----+
