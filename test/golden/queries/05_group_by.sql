-- count(*) counts rows, count(col) non-null values; avg ignores nulls; the null group is a group
SELECT dept, count(*) AS n, count(age) AS with_age, avg(salary) AS avg_salary, min(age), max(age)
FROM people GROUP BY dept ORDER BY dept NULLS FIRST
----
+--------+---+--------+------------------+--------+--------+
|    dept|  n|with_age|        avg_salary|min(age)|max(age)|
+--------+---+--------+------------------+--------+--------+
|    NULL|  1|       1|           50000.0|      23|      23|
|     eng|  3|       3|115000.16666666667|      28|      39|
|      hr|  1|       1|          88000.25|      51|      51|
|research|  1|       1|           99000.0|      30|      30|
|   sales|  2|       1|           70000.0|      45|      45|
+--------+---+--------+------------------+--------+--------+
