-- IN over a subquery's column
SELECT name FROM people WHERE dept IN (SELECT dept FROM depts WHERE floor < 3) ORDER BY name
----
+-----+
| name|
+-----+
|Carol|
|  Dan|
|Frank|
+-----+
