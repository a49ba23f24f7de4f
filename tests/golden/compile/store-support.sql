-- The queries of the agreement 'Store Systems Support Agreement', compiled by sladsl 0.1.0 from
-- 'store-support.sla' (sha256 6b3c9303c5021ca81d391f1181ff475284613c05add4f25ccb6676a594947939).
-- Do not edit: run `sladsl compile SPEC --target sql` again.
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

-- Exclusions applied to service 'Store Systems': maintenance windows and incidents read as
-- intervals
SELECT coalesce(id, '#' || _row), start, "end", announced_at, kind
  FROM maintenance
  WHERE (service IS NULL OR lower(trim(service)) = lower('Store Systems')) AND "end" > $history_start AND start < $evaluated_until
  ORDER BY start, _row;
SELECT id, start, coalesce("end", $evaluated_until), cause, coalesce(discovered_at, start), reported_at
  FROM incidents
  WHERE (service IS NULL OR lower(trim(service)) = lower('Store Systems')) AND coalesce("end", $evaluated_until) > $history_start AND start < $evaluated_until
  ORDER BY start, _row;

-- ==========================================================================================
-- Clause 3.1.1, line 26: objective 'Daily Availability' of service 'Store Systems'
-- ==========================================================================================

-- Clause 3.1.1(a), line 27: the service shall be available at least 99.5% of the time in each
-- calendar month.
SELECT start, coalesce("end", $evaluated_until)
  FROM incidents
  WHERE coalesce(downtime, true) AND (service IS NULL OR lower(trim(service)) = lower('Store Systems')) AND start < $window_end AND coalesce("end", $evaluated_until) > $window_start
  ORDER BY start;

-- ==========================================================================================
-- Clause 3.1.2, line 31: objective 'Resolution' of service 'Store Systems'
-- ==========================================================================================

-- Clause 3.1.2(a), line 32: at least 90% of priority 1 tickets shall be resolved within 8 business
-- hours in
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
CREATE TEMP TABLE cal_0 (start_us BIGINT, end_us BIGINT, cum_us BIGINT);
-- cal_0 holds the open intervals of a business calendar (start_us, end_us, and cum_us: the
-- business time before start_us), computed by sladsl from the calendar's hours and public holidays
SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= 28800000000), count(*) FILTER (WHERE elapsed > 28800000000), count(*) FILTER (WHERE ev IS NULL AND elapsed <= 28800000000)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Store Systems'))) s
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Store Systems'))) b ON p.ticket_id = b.id) s
  ASOF LEFT JOIN cal_0 k0 ON s.pa >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.pb >= k1.start_us)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('1' AS DECIMAL(9,3)));
SELECT priority, count(*)
  FROM (SELECT *
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t._row, coalesce(c.priority, t.priority) AS priority, greatest(t.opened_at, coalesce(c.changed, t.opened_at)) AS st, t.resolved_at AS ev, coalesce(t.resolved_at, $evaluated_until) AS stop, t.first_contact, t.opened_at
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS changed
  FROM ticket_changes
  GROUP BY 1) c ON c.ticket_id = t.id
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Store Systems'))) s
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Store Systems'))) b ON p.ticket_id = b.id) s
  ASOF LEFT JOIN cal_0 k0 ON s.pa >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.pb >= k1.start_us)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 28800000000
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Store Systems'))) s
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
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND (t.service IS NULL OR lower(trim(t.service)) = lower('Store Systems'))) b ON p.ticket_id = b.id) s
  ASOF LEFT JOIN cal_0 k0 ON s.pa >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.pb >= k1.start_us)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id)
  WHERE priority = CAST('1' AS DECIMAL(9,3)))
  WHERE elapsed > 28800000000
  ORDER BY elapsed DESC, _row
  LIMIT 5;

-- ==========================================================================================
-- Clause 3.1.3, line 37: objective 'Resolution Time' of service 'Store Systems'
-- ==========================================================================================

-- Clause 3.1.3(a), line 38: the average resolution time shall be at most 12 business hours in each
-- calendar month.
SELECT max(greatest(coalesce(first_response_at, 0), coalesce(resolved_at, 0), coalesce(closed_at, 0), opened_at))
  FROM tickets;
SELECT count(elapsed), sum(elapsed)
  FROM (SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed
  FROM (SELECT s.*, CASE WHEN s.st IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.st - k0.start_us, k0.end_us - k0.start_us) END AS st_clk, CASE WHEN s.stop IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.stop - k1.start_us, k1.end_us - k1.start_us) END AS stop_clk
  FROM (SELECT t.id, t.opened_at AS st, t.resolved_at AS stop
  FROM tickets t
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND t.resolved_at IS NOT NULL AND (t.service IS NULL OR lower(trim(t.service)) = lower('Store Systems'))) s
  ASOF LEFT JOIN cal_0 k0 ON s.st >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.stop >= k1.start_us) b
  LEFT JOIN (SELECT ticket_id, sum(greatest(pb_clk - pa_clk, 0)) AS paused
  FROM (SELECT s.*, CASE WHEN s.pa IS NULL THEN NULL WHEN k0.start_us IS NULL THEN 0 ELSE k0.cum_us + least(s.pa - k0.start_us, k0.end_us - k0.start_us) END AS pa_clk, CASE WHEN s.pb IS NULL THEN NULL WHEN k1.start_us IS NULL THEN 0 ELSE k1.cum_us + least(s.pb - k1.start_us, k1.end_us - k1.start_us) END AS pb_clk
  FROM (SELECT p.ticket_id, greatest(p.start, b.st) AS pa, least(coalesce(p."end", b.stop), b.stop) AS pb
  FROM ticket_pauses p
  JOIN (SELECT t.id, t.opened_at AS st, t.resolved_at AS stop
  FROM tickets t
  WHERE t.opened_at >= $window_start AND t.opened_at < $window_end AND t.resolved_at IS NOT NULL AND (t.service IS NULL OR lower(trim(t.service)) = lower('Store Systems'))) b ON p.ticket_id = b.id) s
  ASOF LEFT JOIN cal_0 k0 ON s.pa >= k0.start_us
  ASOF LEFT JOIN cal_0 k1 ON s.pb >= k1.start_us)
  WHERE pb > pa
  GROUP BY 1) ps ON ps.ticket_id = b.id);
