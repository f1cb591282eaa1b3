-- String functions, each null in, null out
SELECT upper(name) AS u, length(name) AS len, concat(name, '@', dept) AS handle, substring(name, 2, 3) AS sub
FROM people WHERE name LIKE '%e%' ORDER BY id
----
+--------------------+---+--------------------+---+
|                   u|len|              handle|sub|
+--------------------+---+--------------------+---+
|               ALICE|  5|           Alice@eng|lic|
|                 EVE|  3|                NULL| ve|
|               GRACE|  5|           Grace@eng|rac|
|HEIDI WITH A RATH...| 29|Heidi with a rath...|eid|
+--------------------+---+--------------------+---+
