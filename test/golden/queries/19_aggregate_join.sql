-- Clicks per department through two joins
SELECT p.dept, sum(e.clicks) AS clicks, count(e.at) AS events
FROM events e JOIN people p ON e.person_id = p.id LEFT JOIN depts d ON p.dept = d.dept
GROUP BY p.dept ORDER BY clicks DESC
----
+----+------+------+
|dept|clicks|events|
+----+------+------+
| eng|    11|     3|
|NULL|  NULL|     1|
+----+------+------+
