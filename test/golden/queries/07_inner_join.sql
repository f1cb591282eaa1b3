-- A null join key matches nothing, not even another null
SELECT p.name, d.floor, d.city FROM people p JOIN depts d ON p.dept = d.dept ORDER BY p.name
----
+-----+-----+------+
| name|floor|  city|
+-----+-----+------+
|Alice|    3|Zurich|
|  Bob|    3|Zurich|
|Carol|    1|Berlin|
|  Dan|    1|Berlin|
|Frank|    2|  NULL|
|Grace|    3|Zurich|
+-----+-----+------+
