-- The queries of the agreement 'Nimbus Object Storage Service Level Agreement', compiled by sladsl
-- 0.1.0 from 'object-storage.sla' (sha256
-- 2d936efe097477578cc66dd1b872ff03150b7106d54618f3362f0c45d42e97c9). Do not edit: run `sladsl
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

-- Exclusions applied to service 'Object Storage': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Object Storage')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- Exclusions applied to service 'Console': maintenance windows and incidents read as intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Console')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- Exclusions applied to service 'Support': maintenance windows and incidents read as intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Support')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- ==========================================================================================
-- Clause 3.1.1, line 30: objective 'Quarterly Uptime' of service 'Object Storage'
-- ==========================================================================================

-- Clause 3.1.1(a), line 31: the service shall be available at least 99.9% of the time in each
-- calendar quarter.
SELECT (time - $window_start) // 300000000 AS i, count(*), count(*) FILTER (WHERE (NOT ok OR latency_ms > 30000))
  FROM requests
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Object Storage'))
  GROUP BY 1
  ORDER BY 1;

-- ==========================================================================================
-- Clause 3.2.1, line 43: objective 'Console Uptime' of service 'Console'
-- ==========================================================================================

-- Clause 3.2.1(a), line 44: the service shall be available at least 99.99% of the time in each
-- calendar month.
SELECT (time - $window_start) // 60000000 AS i, count(*), count(*) FILTER (WHERE NOT up)
  FROM probes
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Console'))
  GROUP BY 1
  ORDER BY 1;

-- ==========================================================================================
-- Clause 3.3.1, line 49: objective 'Support Response' of service 'Support'
-- ==========================================================================================

-- Clause 3.3.1(a), line 50: at least 90% of priority 1 tickets shall receive a first response
-- within 1 hour in
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 3600000000), count(*) FILTER (WHERE elapsed > 3600000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 3600000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support'))) s) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support'))) s) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 3600000000
  GROUP BY 1
  ORDER BY 1;
SELECT id, _row, elapsed, ev, st, stop_clk - st_clk - elapsed
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support'))) s) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 3600000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- ==========================================================================================
-- Clause 3.3.2, line 54: objective 'Support Satisfaction' of service 'Support'
-- ==========================================================================================

-- Clause 3.3.2(a), line 55: the average satisfaction score shall be at least 4 out of 5 in each
-- calendar quarter.
SELECT count(satisfaction), sum(satisfaction)
  FROM surveys
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Support'));
