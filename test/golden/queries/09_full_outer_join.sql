-- Both sides' unmatched rows, each padded with NULLs
SELECT p.name, d.dept, d.floor FROM people p FULL OUTER JOIN depts d ON p.dept = d.dept
----
+--------------------+-----+-----+
|                name| dept|floor|
+--------------------+-----+-----+
|               Alice|  eng|    3|
|                 Bob|  eng|    3|
|               Carol|sales|    1|
|                 Dan|sales|    1|
|                 Eve| NULL| NULL|
|               Grace|  eng|    3|
|                NULL| NULL|    9|
|               Frank|   hr|    2|
|Heidi with a rath...| NULL| NULL|
|                NULL|legal|    4|
+--------------------+-----+-----+
