-- The queries of the agreement 'Lumen Observability Platform Service Level Agreement', compiled by
-- sladsl 0.1.0 from 'observability.sla' (sha256
-- 9f58fd2c1817b39090b6b94524c893c17a158ddaa095b051e7bb08e8e560964f). Do not edit: run `sladsl
-- compile SPEC --target sql` again.
--
-- The tables are the kinds of docs/data-model.md as sladsl loads them: one table per kind
-- (requests, probes, incidents, maintenance, tickets, ticket_changes, ticket_pauses, surveys,
-- ...), timestamps as BIGINT microseconds since 1970-01-01 UTC, numbers as DECIMAL(18,6), flags as
-- BOOLEAN, priorities as DECIMAL(9,3), _row the 1-based row of the file, and requests.ok =
-- coalesce(success, status < 500, false).
--
-- Bind these named parameters (DuckDB: execute(sql, {'window_start': ...})):
-- $window_start     start of the measurement window, microseconds since 1970-01-01 UTC
-- $window_end       end of the window (exclusive), microseconds
-- $history_start    where the evaluation starts reading history, microseconds
-- $evaluated_until  end of the last report period: the evaluation's "now"
--
-- Excluded time (the exclusions clauses) is left out of request measurements by adding AND NOT
-- (time >= a AND time < b) for each excluded interval [a, b) that the exclusion queries return;
-- the statements below show a window without exclusions. Statements that start with CREATE make
-- helper tables that the next statements of the same target read.

-- Exclusions applied to service 'Query API': maintenance windows and incidents read as intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Query API')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Query API')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- ==========================================================================================
-- Clause 3.1.1, line 25: objective 'Query Availability' of service 'Query API'
-- ==========================================================================================

-- Clause 3.1.1(a), line 26: the service shall be available at least 99.9% of the time in each
-- calendar month.
CREATE OR REPLACE TEMP TABLE s AS SELECT (time - $window_start) // 60000000 AS i, count(*) AS n, count(*) FILTER (WHERE NOT ok) AS bad
  FROM requests
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Query API'))
  GROUP BY 1;
SELECT min(i), max(i)
  FROM (SELECT i, i - row_number() OVER (ORDER BY i) AS g
  FROM s
  WHERE bad * 10 > n * 1)
  GROUP BY g
  ORDER BY 1;
SELECT prev + 1, i - 1
  FROM (SELECT i, lag(i, 1, -1) OVER (ORDER BY i) AS prev
  FROM (SELECT i
  FROM s
  UNION ALL SELECT ($window_end - $window_start + 60000000 - 1) // 60000000))
  WHERE i - prev > 1
  ORDER BY 1;
SELECT count(*), coalesce(sum(n), 0), coalesce(sum(bad), 0), count(*) FILTER (WHERE bad * 10 > n * 1)
  FROM s;

-- ==========================================================================================
-- Clause 3.1.2, line 32: objective 'Query Latency' of service 'Query API'
-- ==========================================================================================

-- Clause 3.1.2(a), line 33: the 99th percentile of response time shall be at most 2 seconds in
-- each calendar month.
SELECT CASE WHEN lower(trim(le)) IN ('+inf', 'inf') THEN NULL ELSE CAST(le AS DECIMAL(18,6)) END AS bound, sum(count)
  FROM latency_buckets
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Query API'))
  GROUP BY bound
  ORDER BY bound NULLS LAST;
-- When there are values, the percentile is read with SELECT value ... ORDER BY value LIMIT 2
-- OFFSET k: k = ceil(p/100 * count) - 1 by nearest rank, floor((count - 1) * p/100) by linear
-- interpolation.

-- ==========================================================================================
-- Clause 3.1.3, line 37: objective 'Query Errors' of service 'Query API'
-- ==========================================================================================

-- Clause 3.1.3(a), line 38: at most 0.5% of requests shall fail in each calendar month.
SELECT count(*) FILTER (WHERE NOT ok), count(*)
  FROM requests
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Query API')) AND true;
