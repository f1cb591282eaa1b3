-- CASE with a null input falls through to ELSE; without ELSE a missed case is NULL
SELECT name,
       CASE WHEN age < 30 THEN 'junior' WHEN age < 45 THEN 'mid' ELSE 'senior' END AS band,
       CASE dept WHEN 'eng' THEN 1 WHEN 'sales' THEN 2 END AS code
FROM people ORDER BY id
----
+--------------------+------+----+
|                name|  band|code|
+--------------------+------+----+
|               Alice|   mid|   1|
|                 Bob|junior|   1|
|               Carol|senior|   2|
|                 Dan|senior|   2|
|                 Eve|junior|NULL|
|               Frank|senior|NULL|
|               Grace|   mid|   1|
|Heidi with a rath...|   mid|NULL|
+--------------------+------+----+
