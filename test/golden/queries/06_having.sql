-- HAVING filters groups on an aggregate that the SELECT list does not show
SELECT dept, sum(salary) AS total FROM people GROUP BY dept HAVING count(*) > 1
----
+-----+--------+
| dept|   total|
+-----+--------+
|  eng|345000.5|
|sales| 70000.0|
+-----+--------+
