-- Every column of a view, nulls printed as NULL, long strings cut at 20 characters
SELECT * FROM people ORDER BY id
----
+---+--------------------+----+--------+--------+
| id|                name| age|    dept|  salary|
+---+--------------------+----+--------+--------+
|  1|               Alice|  34|     eng|120000.5|
|  2|                 Bob|  28|     eng| 95000.0|
|  3|               Carol|NULL|   sales| 70000.0|
|  4|                 Dan|  45|   sales|    NULL|
|  5|                 Eve|  23|    NULL| 50000.0|
|  6|               Frank|  51|      hr|88000.25|
|  7|               Grace|  39|     eng|130000.0|
|  8|Heidi with a rath...|  30|research| 99000.0|
+---+--------------------+----+--------+--------+
