-- The queries of the agreement 'Acme Cloud Platform Service Level Agreement', compiled by sladsl
-- 0.1.0 from 'cloud-platform.sla' (sha256
-- 9f8a7483e656780ce53c20eb81ec3b16022f4933bd87c7433c1ce82e0389f505). Do not edit: run `sladsl
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

-- Exclusions applied to service 'Compute API': maintenance windows and incidents read as intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Compute API')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Compute API')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- Exclusions applied to service 'Support Desk': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Support Desk')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Support Desk')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- ==========================================================================================
-- Clause 3.1.1, line 27: objective 'Monthly Availability' of service 'Compute API'
-- ==========================================================================================

-- Clause 3.1.1(a), line 28: the service shall be available at least 99.95% of the time in each
-- calendar month.
CREATE OR REPLACE TEMP TABLE s AS SELECT (time - $window_start) // 60000000 AS i, count(*) AS n, count(*) FILTER (WHERE NOT ok) AS bad
  FROM requests
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Compute API'))
  GROUP BY 1;
SELECT min(i), max(i)
  FROM (SELECT i, i - row_number() OVER (ORDER BY i) AS g
  FROM s
  WHERE bad * 20 > n * 1)
  GROUP BY g
  ORDER BY 1;
SELECT prev + 1, i - 1
  FROM (SELECT i, lag(i, 1, -1) OVER (ORDER BY i) AS prev
  FROM (SELECT i
  FROM s
  UNION ALL SELECT ($window_end - $window_start + 60000000 - 1) // 60000000))
  WHERE i - prev > 1
  ORDER BY 1;
SELECT count(*), coalesce(sum(n), 0), coalesce(sum(bad), 0), count(*) FILTER (WHERE bad * 20 > n * 1)
  FROM s;

-- ==========================================================================================
-- Clause 3.1.2, line 35: objective 'Latency' of service 'Compute API'
-- ==========================================================================================

-- Clause 3.1.2(a), line 36: the 95th percentile of response time shall be at most 300 ms in each
-- calendar month.
SELECT count(latency_ms)
  FROM (SELECT latency_ms
  FROM requests
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Compute API')));
-- When there are values, the percentile is read with SELECT value ... ORDER BY value LIMIT 2
-- OFFSET k: k = ceil(p/100 * count) - 1 by nearest rank, floor((count - 1) * p/100) by linear
-- interpolation.

-- ==========================================================================================
-- Clause 3.1.3, line 39: objective 'Error Rate' of service 'Compute API'
-- ==========================================================================================

-- Clause 3.1.3(a), line 40: at most 0.1% of requests shall fail in each rolling 30 days.
SELECT count(*) FILTER (WHERE NOT ok), count(*)
  FROM requests
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Compute API')) AND true;

-- ==========================================================================================
-- Clause 3.2.1, line 44: objective 'Incident Response' of service 'Support Desk'
-- ==========================================================================================

-- Clause 3.2.1(a), line 45: priority 1 tickets shall receive a first response within 15 minutes,
-- at any time.
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 900000000), count(*) FILTER (WHERE elapsed > 900000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 900000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s) b)
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 900000000
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 900000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.2.1(b), line 46: priority 2 tickets shall receive a first response within 1 hour, at
-- any time.
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 3600000000), count(*) FILTER (WHERE elapsed > 3600000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 3600000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)))
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)))
  WHERE elapsed > 3600000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.2.1(c), line 47: priority 3 tickets shall receive a first response within 4 hours of
-- Business Hours.
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
CREATE TEMP TABLE cal_0 (start_us BIGINT, end_us BIGINT, cum_us BIGINT);
-- cal_0 holds the open intervals of a business calendar (start_us, end_us, and cum_us: the
-- business time before start_us), computed by sladsl from the calendar's hours and public holidays
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 14400000000), count(*) FILTER (WHERE elapsed > 14400000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 14400000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('3' AS DECIMAL(9,3)))
  WHERE elapsed > 14400000000
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('3' AS DECIMAL(9,3)))
  WHERE elapsed > 14400000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- ==========================================================================================
-- Clause 3.2.2, line 49: objective 'Incident Resolution' of service 'Support Desk'
-- ==========================================================================================

-- Clause 3.2.2(a), line 50: at least 95% of priority 1 tickets shall be resolved within 4 hours in
-- each calendar month.
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 14400000000), count(*) FILTER (WHERE elapsed > 14400000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 14400000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s) b)
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s) b)
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 14400000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.2.2(b), line 51: at least 90% of priority 2 tickets shall be resolved within 2 business
-- days in
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 57600000000), count(*) FILTER (WHERE elapsed > 57600000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 57600000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)))
  WHERE elapsed > 57600000000
  GROUP BY 1
  ORDER BY 1;
SELECT id, _row, elapsed, ev, st, stop_clk - st_clk - elapsed
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)))
  WHERE elapsed > 57600000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- ==========================================================================================
-- Clause 3.2.3, line 54: objective 'First Contact Resolution' of service 'Support Desk'
-- ==========================================================================================

-- Clause 3.2.3(a), line 55: at least 80% of tickets shall be resolved on first contact in each
-- calendar month.
SELECT count(*), count(*) FILTER (WHERE first_contact)
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Support Desk')))
  WHERE true;

-- ==========================================================================================
-- Clause 3.2.4, line 57: objective 'Satisfaction' of service 'Support Desk'
-- ==========================================================================================

-- Clause 3.2.4(a), line 58: the average satisfaction score shall be at least 4.2 out of 5 in each
-- calendar quarter.
SELECT count(satisfaction), sum(satisfaction)
  FROM surveys
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Support Desk'));

-- ==========================================================================================
-- Clause 3.2.5, line 60: objective 'Net Promoter Score' of service 'Support Desk'
-- ==========================================================================================

-- Clause 3.2.5(a), line 61: the net promoter score shall be at least 30 in each calendar quarter.
SELECT count(promoter), count(*) FILTER (WHERE promoter >= 9), count(*) FILTER (WHERE promoter <= 6)
  FROM surveys
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Support Desk'));
