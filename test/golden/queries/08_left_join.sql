-- Unmatched left rows keep NULLs on the right side
SELECT p.name, p.dept, d.city FROM people p LEFT JOIN depts d ON p.dept = d.dept ORDER BY p.id
----
+--------------------+--------+------+
|                name|    dept|  city|
+--------------------+--------+------+
|               Alice|     eng|Zurich|
|                 Bob|     eng|Zurich|
|               Carol|   sales|Berlin|
|                 Dan|   sales|Berlin|
|                 Eve|    NULL|  NULL|
|               Frank|      hr|  NULL|
|               Grace|     eng|Zurich|
|Heidi with a rath...|research|  NULL|
+--------------------+--------+------+
