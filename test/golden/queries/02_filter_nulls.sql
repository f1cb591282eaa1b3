-- IS NULL on two columns joined by OR
SELECT id, name, age, dept FROM people WHERE age IS NULL OR dept IS NULL ORDER BY id
----
+---+-----+----+-----+
| id| name| age| dept|
+---+-----+----+-----+
|  3|Carol|NULL|sales|
|  5|  Eve|  23| NULL|
+---+-----+----+-----+
