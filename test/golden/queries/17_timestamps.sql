-- Timestamps are shown in spark.sql.session.timeZone (UTC here)
SELECT person_id, at, year(at) AS y, month(at) AS m, hour(at) AS h, date_format(at, 'yyyy-MM-dd') AS day, clicks
FROM events ORDER BY at NULLS LAST
----
+---------+-------------------+----+----+----+----------+------+
|person_id|                 at|   y|   m|   h|       day|clicks|
+---------+-------------------+----+----+----+----------+------+
|        1|2024-03-01 09:30:00|2024|   3|   9|2024-03-01|     3|
|        1|2024-03-02 18:05:10|2024|   3|  18|2024-03-02|     1|
|        2|2024-12-31 23:59:59|2024|  12|  23|2024-12-31|     7|
|        5|2025-01-15 00:00:00|2025|   1|   0|2025-01-15|  NULL|
|        9|               NULL|NULL|NULL|NULL|      NULL|     2|
+---------+-------------------+----+----+----+----------+------+
