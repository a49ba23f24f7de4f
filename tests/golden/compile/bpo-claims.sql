-- The queries of the agreement 'Claims Processing Services Agreement - Schedule 3: Service
-- Levels', compiled by sladsl 0.1.0 from 'bpo-claims.sla' (sha256
-- b814bb8f850212f1ea89f3606496280beb46de8ce53aa31b9dff112db023621d). Do not edit: run `sladsl
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

-- Exclusions applied to service 'Claims Processing': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Claims Processing')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Claims Processing')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- Exclusions applied to service 'Claims Portal': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Claims Portal')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Claims Portal')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- ==========================================================================================
-- Clause 3.1.2, line 43: objective 'Claims Turnaround' of service 'Claims Processing'
-- ==========================================================================================

-- Clause 3.1.2(a), line 44: the average turnaround time shall be at most 5 business days in each
-- calendar month.
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
CREATE TEMP TABLE cal_0 (start_us BIGINT, end_us BIGINT, cum_us BIGINT);
-- cal_0 holds the open intervals of a business calendar (start_us, end_us, and cum_us: the
-- business time before start_us), computed by sladsl from the calendar's hours and public holidays
SELECT count(elapsed), sum(elapsed)
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t.opened_at AS st, coalesce(t.closed_at, t.resolved_at) AS stop
  FROM tickets t
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND coalesce(t.closed_at, t.resolved_at) IS NOT NULL AND (t.service IS NULL OR lower(trim(t.service)) = lower('Claims Processing'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b);

-- Clause 3.1.2(b), line 45: the 90th percentile of turnaround time shall be at most 10 business
-- days in each calendar month.
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(elapsed)
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t.opened_at AS st, coalesce(t.closed_at, t.resolved_at) AS stop
  FROM tickets t
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND coalesce(t.closed_at, t.resolved_at) IS NOT NULL AND (t.service IS NULL OR lower(trim(t.service)) = lower('Claims Processing'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b);
-- When there are values, the percentile is read with SELECT value ... ORDER BY value LIMIT 2
-- OFFSET k: k = ceil(p/100 * count) - 1 by nearest rank, floor((count - 1) * p/100) by linear
-- interpolation.

-- ==========================================================================================
-- Clause 3.1.3, line 48: objective 'First Contact Resolution' of service 'Claims Processing'
-- ==========================================================================================

-- Clause 3.1.3(a), line 49: at least 80% of tickets shall be resolved on first contact in each
-- calendar month.
SELECT count(*), count(*) FILTER (WHERE first_contact)
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Claims Processing')))
  WHERE true;

-- ==========================================================================================
-- Clause 3.1.4, line 51: objective 'Enquiry Response' of service 'Claims Processing'
-- ==========================================================================================

-- Clause 3.1.4(a), line 52: at least 90% of tickets shall receive a first response within 8
-- business hours in
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 28800000000), count(*) FILTER (WHERE elapsed > 28800000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 28800000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Claims Processing'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE true);
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.first_response_at AS ev, coalesce(t.first_response_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Claims Processing'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE true)
  WHERE elapsed > 28800000000
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Claims Processing'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE true)
  WHERE elapsed > 28800000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- ==========================================================================================
-- Clause 3.1.5, line 55: objective 'Complaint Resolution' of service 'Claims Processing'
-- ==========================================================================================

-- Clause 3.1.5(a), line 56: at least 95% of priority 1 tickets shall be resolved within 8 business
-- days in
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 244800000000), count(*) FILTER (WHERE elapsed > 244800000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 244800000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Claims Processing'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Claims Processing'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 244800000000
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Claims Processing'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 244800000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- ==========================================================================================
-- Clause 3.1.6, line 63: objective 'Closure Rate' of service 'Claims Processing'
-- ==========================================================================================

-- Clause 3.1.6(a), line 65: the closure rate shall be at least 97% in each calendar week.
SELECT count(*), count(*) FILTER (WHERE coalesce(closed_at, resolved_at) < $window_end)
  FROM tickets
  WHERE opened_at >= $window_start AND opened_at < $window_end AND (service IS NULL OR lower(trim(service)) = lower('Claims Processing'));

-- ==========================================================================================
-- Clause 3.2.1, line 68: objective 'Portal Availability' of service 'Claims Portal'
-- ==========================================================================================

-- Clause 3.2.1(a), line 69: the service shall be available at least 99.5% of the time in each
-- calendar month.
SELECT start, coalesce("end", $evaluated_until)
  FROM incidents
  WHERE coalesce(downtime, true) AND (service IS NULL OR lower(trim(service)) = lower('Claims Portal')) AND start < $window_end AND coalesce("end", $evaluated_until) > $window_start
  ORDER BY start;
