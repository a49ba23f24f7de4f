-- The queries of the agreement 'Managed Service Desk Agreement', compiled by sladsl 0.1.0 from
-- 'service-desk.sla' (sha256 dba3bcb92159ad050b6c053e00a52e2442f4fdf4e7b7b1343ae0ef1daee18c6b). Do
-- not edit: run `sladsl compile SPEC --target sql` again.
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

-- Exclusions applied to service 'Service Desk': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Service Desk')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Service Desk')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- Exclusions applied to service 'Self-Service Portal': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Self-Service Portal')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Self-Service Portal')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- ==========================================================================================
-- Clause 3.1.2, line 45: objective 'First Response' of service 'Service Desk'
-- ==========================================================================================

-- Clause 3.1.2(a), line 46: priority 1 tickets shall receive a first response within 15 minutes,
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b)
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b)
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 900000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.1.2(b), line 47: priority 2 tickets shall receive a first response within 30 minutes,
-- at any time.
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 1800000000), count(*) FILTER (WHERE elapsed > 1800000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 1800000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b)
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)))
  WHERE elapsed > 1800000000
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b)
  WHERE priority = CAST('2' AS DECIMAL(9,3)))
  WHERE elapsed > 1800000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.1.2(c), line 48: priority 3 tickets shall receive a first response within 4 hours of
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('3' AS DECIMAL(9,3)))
  WHERE elapsed > 14400000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.1.2(d), line 49: priority 4 tickets shall receive a first response within 1 business
-- day.
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 36000000000), count(*) FILTER (WHERE elapsed > 36000000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 36000000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('4' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('4' AS DECIMAL(9,3)))
  WHERE elapsed > 36000000000
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('4' AS DECIMAL(9,3)))
  WHERE elapsed > 36000000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- ==========================================================================================
-- Clause 3.1.3, line 51: objective 'Response Attainment' of service 'Service Desk'
-- ==========================================================================================

-- Clause 3.1.3(a), line 52: at least 90% of priority 3 tickets shall receive a first response
-- within 2 hours of
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 7200000000), count(*) FILTER (WHERE elapsed > 7200000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 7200000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('3' AS DECIMAL(9,3)))
  WHERE elapsed > 7200000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- ==========================================================================================
-- Clause 3.1.4, line 55: objective 'Resolution' of service 'Service Desk'
-- ==========================================================================================

-- Clause 3.1.4(a), line 56: at least 95% of priority 1 tickets shall be resolved within 4 hours in
-- each calendar month.
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 14400000000), count(*) FILTER (WHERE elapsed > 14400000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 14400000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, s.pa AS pa_clk, s.pb AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('1' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, s.pa AS pa_clk, s.pb AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 14400000000
  GROUP BY 1
  ORDER BY 1;
SELECT id, _row, elapsed, ev, st, stop_clk - st_clk - elapsed
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, s.pa AS pa_clk, s.pb AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 14400000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.1.4(b), line 57: at least 95% of priority 2 tickets shall be resolved within 8 hours in
-- each calendar month.
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 28800000000), count(*) FILTER (WHERE elapsed > 28800000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 28800000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, s.pa AS pa_clk, s.pb AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('2' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, s.pa AS pa_clk, s.pb AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('2' AS DECIMAL(9,3)))
  WHERE elapsed > 28800000000
  GROUP BY 1
  ORDER BY 1;
SELECT id, _row, elapsed, ev, st, stop_clk - st_clk - elapsed
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, s.st AS st_clk, s.stop AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, s.pa AS pa_clk, s.pb AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('2' AS DECIMAL(9,3)))
  WHERE elapsed > 28800000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.1.4(c), line 58: at least 90% of priority 3 tickets shall be resolved within 3 business
-- days in
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 108000000000), count(*) FILTER (WHERE elapsed > 108000000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 108000000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, CASE WHEN s.pa IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.pa - k0.start_us, k0.end_us - k0.start_us) END AS pa_clk, CASE WHEN s.pb IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.pb - k1.start_us, k1.end_us - k1.start_us) END AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s
  ASOF LEFT JOIN cal_0 k0 ON s.pa >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.pb >= k1.start_us)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('3' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, CASE WHEN s.pa IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.pa - k0.start_us, k0.end_us - k0.start_us) END AS pa_clk, CASE WHEN s.pb IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.pb - k1.start_us, k1.end_us - k1.start_us) END AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s
  ASOF LEFT JOIN cal_0 k0 ON s.pa >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.pb >= k1.start_us)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('3' AS DECIMAL(9,3)))
  WHERE elapsed > 108000000000
  GROUP BY 1
  ORDER BY 1;
SELECT id, _row, elapsed, ev, st, stop_clk - st_clk - elapsed
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, CASE WHEN s.pa IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.pa - k0.start_us, k0.end_us - k0.start_us) END AS pa_clk, CASE WHEN s.pb IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.pb - k1.start_us, k1.end_us - k1.start_us) END AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s
  ASOF LEFT JOIN cal_0 k0 ON s.pa >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.pb >= k1.start_us)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('3' AS DECIMAL(9,3)))
  WHERE elapsed > 108000000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- Clause 3.1.4(d), line 60: at least 90% of priority 4 tickets shall be resolved within 5 business
-- days in
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 180000000000), count(*) FILTER (WHERE elapsed > 180000000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 180000000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, CASE WHEN s.pa IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.pa - k0.start_us, k0.end_us - k0.start_us) END AS pa_clk, CASE WHEN s.pb IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.pb - k1.start_us, k1.end_us - k1.start_us) END AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s
  ASOF LEFT JOIN cal_0 k0 ON s.pa >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.pb >= k1.start_us)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('4' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, CASE WHEN s.pa IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.pa - k0.start_us, k0.end_us - k0.start_us) END AS pa_clk, CASE WHEN s.pb IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.pb - k1.start_us, k1.end_us - k1.start_us) END AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s
  ASOF LEFT JOIN cal_0 k0 ON s.pa >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.pb >= k1.start_us)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('4' AS DECIMAL(9,3)))
  WHERE elapsed > 180000000000
  GROUP BY 1
  ORDER BY 1;
SELECT id, _row, elapsed, ev, st, stop_clk - st_clk - elapsed
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, CASE WHEN s.pa IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.pa - k0.start_us, k0.end_us - k0.start_us) END AS pa_clk, CASE WHEN s.pb IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.pb - k1.start_us, k1.end_us - k1.start_us) END AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) b ON p.ticket_id = b.id) s
  ASOF LEFT JOIN cal_0 k0 ON s.pa >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.pb >= k1.start_us)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('4' AS DECIMAL(9,3)))
  WHERE elapsed > 180000000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- ==========================================================================================
-- Clause 3.1.5, line 65: objective 'Resolution Time' of service 'Service Desk'
-- ==========================================================================================

-- Clause 3.1.5(a), line 66: the average resolution time shall be at most 12 business hours in each
-- calendar month.
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(elapsed), sum(elapsed)
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t.opened_at AS st, t.resolved_at AS stop
  FROM tickets t
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND t.resolved_at IS NOT NULL AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b);

-- Clause 3.1.5(b), line 67: the 90th percentile of resolution time shall be at most 4 business
-- days in each calendar month.
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(elapsed)
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t.opened_at AS st, t.resolved_at AS stop
  FROM tickets t
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND t.resolved_at IS NOT NULL AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b);
-- When there are values, the percentile is read with SELECT value ... ORDER BY value LIMIT 2
-- OFFSET k: k = ceil(p/100 * count) - 1 by nearest rank, floor((count - 1) * p/100) by linear
-- interpolation.

-- ==========================================================================================
-- Clause 3.1.6, line 70: objective 'Backlog Long-Stop' of service 'Service Desk'
-- ==========================================================================================

-- Clause 3.1.6(a), line 72: tickets shall be resolved within 20 business days in each calendar
-- month.
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 720000000000), count(*) FILTER (WHERE elapsed > 720000000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 720000000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE true);
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE true)
  WHERE elapsed > 720000000000
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE true)
  WHERE elapsed > 720000000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- ==========================================================================================
-- Clause 3.1.7, line 74: objective 'First Contact Resolution' of service 'Service Desk'
-- ==========================================================================================

-- Clause 3.1.7(a), line 75: at least 70% of tickets shall be resolved on first contact in each
-- calendar month.
SELECT count(*), count(*) FILTER (WHERE first_contact)
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Service Desk')))
  WHERE true;

-- ==========================================================================================
-- Clause 3.1.8, line 80: objective 'Closure Rate' of service 'Service Desk'
-- ==========================================================================================

-- Clause 3.1.8(a), line 81: the closure rate shall be at least 95% in each calendar month.
SELECT count(*), count(*) FILTER (WHERE coalesce(closed_at, resolved_at) < $window_end)
  FROM tickets
  WHERE opened_at >= $window_start AND opened_at < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Service Desk'));

-- ==========================================================================================
-- Clause 3.2.1, line 88: objective 'Portal Availability' of service 'Self-Service Portal'
-- ==========================================================================================

-- Clause 3.2.1(a), line 89: the service shall be available at least 99.5% of the time in each
-- calendar month.
CREATE OR REPLACE TEMP TABLE s AS SELECT (time - $window_start) // 3600000000 AS i, count(*) AS n, count(*) FILTER (WHERE NOT up) AS bad
  FROM probes
  WHERE time >= $window_start AND time < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Self-Service Portal'))
  GROUP BY 1;
SELECT min(i), max(i)
  FROM (SELECT i, i - row_number() OVER (ORDER BY i) AS g
  FROM s
  WHERE bad * 2 > n * 1)
  GROUP BY g
  ORDER BY 1;
SELECT prev + 1, i - 1
  FROM (SELECT i, lag(i, 1, -1) OVER (ORDER BY i) AS prev
  FROM (SELECT i
  FROM s
  UNION ALL SELECT ($window_end - $window_start + 3600000000 - 1) // 3600000000))
  WHERE i - prev > 1
  ORDER BY 1;
SELECT count(*), coalesce(sum(n), 0), coalesce(sum(bad), 0), count(*) FILTER (WHERE bad * 2 > n * 1)
  FROM s;
