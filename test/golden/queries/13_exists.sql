-- Correlated EXISTS and NOT EXISTS in WHERE
SELECT name FROM people p
WHERE EXISTS (SELECT 1 FROM events e WHERE e.person_id = p.id)
  AND NOT EXISTS (SELECT 1 FROM depts d WHERE d.dept = p.dept AND d.floor > 2)
ORDER BY id
----
+----+
|name|
+----+
| Eve|
+----+
