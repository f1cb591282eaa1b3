-- UNION removes duplicates across both sides, UNION ALL would keep them
SELECT dept FROM people UNION SELECT dept FROM depts
----
+--------+
|    dept|
+--------+
|     eng|
|   sales|
|    NULL|
|      hr|
|research|
|   legal|
+--------+
