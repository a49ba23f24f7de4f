-- The queries of the agreement 'Managed Network Services Agreement - Service Levels', compiled by
-- sladsl 0.1.0 from 'telecom-network.sla' (sha256
-- 062d167cc44adf75f30e13c0a9bf23df28358a915064934a065d95577f5aaf9b). Do not edit: run `sladsl
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

-- Exclusions applied to service 'Core Network': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Core Network')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Core Network')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- Exclusions applied to service 'Access Circuits': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Access Circuits')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Access Circuits')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- Exclusions applied to service 'Voice Platform': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Voice Platform')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Voice Platform')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- Exclusions applied to service 'Fault Management': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Fault Management')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Fault Management')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- ==========================================================================================
-- Clause 3.1.1, line 34: objective 'Core Network Availability' of service 'Core Network'
-- ==========================================================================================

-- Clause 3.1.1(a), line 35: the service shall be available at least 99.999% of the time in each
-- calendar month.
CREATE OR REPLACE TEMP TABLE s AS SELECT (time - $window_start) // 1000000 AS i, count(*) AS n, count(*) FILTER (WHERE NOT up) AS bad
  FROM probes
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Core Network'))
  GROUP BY 1;
SELECT min(i), max(i)
  FROM (SELECT i, i - row_number() OVER (ORDER BY i) AS g
  FROM s
  WHERE bad = n)
  GROUP BY g
  ORDER BY 1;
SELECT prev + 1, i - 1
  FROM (SELECT i, lag(i, 1, -1) OVER (ORDER BY i) AS prev
  FROM (SELECT i
  FROM s
  UNION ALL SELECT ($window_end - $window_start + 1000000 - 1) // 1000000))
  WHERE i - prev > 1
  ORDER BY 1;
SELECT count(*), coalesce(sum(n), 0), coalesce(sum(bad), 0), count(*) FILTER (WHERE bad = n)
  FROM s;

-- ==========================================================================================
-- Clause 3.2.2, line 49: objective 'Circuit Availability' of service 'Access Circuits'
-- ==========================================================================================

-- Clause 3.2.2(a), line 50: the service shall be available at least 99.99% of the time in each
-- calendar month.
CREATE OR REPLACE TEMP TABLE s AS SELECT (time - $window_start) // 30000000 AS i, count(*) AS n, count(*) FILTER (WHERE NOT up) AS bad
  FROM probes
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Access Circuits'))
  GROUP BY 1;
SELECT min(i), max(i)
  FROM (SELECT i, i - row_number() OVER (ORDER BY i) AS g
  FROM s
  WHERE bad > 0)
  GROUP BY g
  ORDER BY 1;
SELECT prev + 1, i - 1
  FROM (SELECT i, lag(i, 1, -1) OVER (ORDER BY i) AS prev
  FROM (SELECT i
  FROM s
  UNION ALL SELECT ($window_end - $window_start + 30000000 - 1) // 30000000))
  WHERE i - prev > 1
  ORDER BY 1;
SELECT count(*), coalesce(sum(n), 0), coalesce(sum(bad), 0), count(*) FILTER (WHERE bad > 0)
  FROM s;

-- ==========================================================================================
-- Clause 3.3.1, line 58: objective 'Voice Availability' of service 'Voice Platform'
-- ==========================================================================================

-- Clause 3.3.1(a), line 59: the service shall be available at least 99.99% of the time in each
-- calendar quarter.
CREATE OR REPLACE TEMP TABLE s AS SELECT (time - $window_start) // 60000000 AS i, count(*) AS n, count(*) FILTER (WHERE NOT up) AS bad
  FROM probes
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Voice Platform'))
  GROUP BY 1;
SELECT min(i), max(i)
  FROM (SELECT i, i - row_number() OVER (ORDER BY i) AS g
  FROM s
  WHERE bad * 5 >= n * 1)
  GROUP BY g
  ORDER BY 1;
SELECT prev + 1, i - 1
  FROM (SELECT i, lag(i, 1, -1) OVER (ORDER BY i) AS prev
  FROM (SELECT i
  FROM s
  UNION ALL SELECT ($window_end - $window_start + 60000000 - 1) // 60000000))
  WHERE i - prev > 1
  ORDER BY 1;
SELECT count(*), coalesce(sum(n), 0), coalesce(sum(bad), 0), count(*) FILTER (WHERE bad * 5 >= n * 1)
  FROM s;

-- ==========================================================================================
-- Clause 3.4.1, line 65: objective 'Fault Repair' of service 'Fault Management'
-- ==========================================================================================

-- Clause 3.4.1(a), line 66: priority 1 tickets shall be resolved within 4 hours, at any time.
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 14400000000), count(*) FILTER (WHERE elapsed > 14400000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 14400000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Fault Management'))) s) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Fault Management'))) s) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 14400000000
  GROUP BY 1
  ORDER BY 1;
SELECT id, _row, elapsed, ev, st, stop_clk - st_clk - elapsed
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Fault Management'))) s) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 14400000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.4.1(b), line 67: priority 2 tickets shall be resolved within 8 hours, at any time.
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 28800000000), count(*) FILTER (WHERE elapsed > 28800000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 28800000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Fault Management'))) s) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Fault Management'))) s) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)))
  WHERE elapsed > 28800000000
  GROUP BY 1
  ORDER BY 1;
SELECT id, _row, elapsed, ev, st, stop_clk - st_clk - elapsed
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Fault Management'))) s) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)))
  WHERE elapsed > 28800000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.4.1(c), line 68: priority 3 tickets shall receive a first response within 2 hours of
-- Network Operations Hours.
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
CREATE TEMP TABLE cal_0 (start_us BIGINT, end_us BIGINT, cum_us BIGINT);
-- cal_0 holds the open intervals of a business calendar (start_us, end_us, and cum_us: the
-- business time before start_us), computed by sladsl from the calendar's hours and public holidays
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 7200000000), count(*) FILTER (WHERE elapsed > 7200000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 7200000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Fault Management'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('3' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Fault Management'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('3' AS DECIMAL(9,3)))
  WHERE elapsed > 7200000000
  GROUP BY 1
  ORDER BY 1;
SELECT id, _row, elapsed, ev, st, stop_clk - st_clk - elapsed
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Fault Management'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('3' AS DECIMAL(9,3)))
  WHERE elapsed > 7200000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;
