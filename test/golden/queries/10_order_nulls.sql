-- Descending sorts put NULLs last by default; NULLS FIRST overrides it
SELECT name, age, salary FROM people ORDER BY salary DESC NULLS FIRST, age DESC
----
+--------------------+----+--------+
|                name| age|  salary|
+--------------------+----+--------+
|                 Dan|  45|    NULL|
|               Grace|  39|130000.0|
|               Alice|  34|120000.5|
|Heidi with a rath...|  30| 99000.0|
|                 Bob|  28| 95000.0|
|               Frank|  51|88000.25|
|               Carol|NULL| 70000.0|
|                 Eve|  23| 50000.0|
+--------------------+----+--------+
