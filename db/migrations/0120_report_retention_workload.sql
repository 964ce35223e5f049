-- 0120_report_retention_workload.sql: the retention and desk workload
-- reports (issue 13, sections 3 and 4): one SQL function per view, run by
-- store/report_retention.c and store/report_workload.c, that only
-- supervisors may EXECUTE (SECURITY INVOKER: an operator or an agent gets
-- PostgreSQL's refusal, 42501).
--
-- Periods: p_from .. p_to are business days (inclusive) in the business
-- time zone (rd.settings business_timezone, default Asia/Tokyo); each
-- function turns them into [t0, t1) timestamps once, so the range scans
-- below use the created_at indexes. PL/pgSQL with RETURN QUERY: the
-- statement is planned with the period's real bounds (a custom plan),
-- where a SQL function would plan it for any bounds.
--
-- Retention (rd.retention_offers, one row per cancel conversation):
--   outcome kept            the customer decided to stay, nothing changed
--           changed         took an alternative: skip, cycle, fewer, discount
--           paused          changed with accepted = 'pause' (its own column)
--           not_cancelled   heard the offers and left it undecided
--           cancelled       cancelled (at once or reserved)
--           refused         a rule refused the cancellation (fewer
--                           deliveries than min_deliveries_before_cancel)
--   keep rate = (kept + changed + paused + not_cancelled)
--               / (conversations - refused), in percent, one decimal;
--   NULL when nothing was decided. A refused cancellation is left out of
--   both sides: a rule, not the conversation, decided it (it is counted
--   in its own column).
--   The reason of a conversation: retention_offers.reason (new here,
--   filled on INSERT, see rd.retention_offer_reason). Conversations
--   recorded before this migration have none: a cancelled one shows its
--   subscription's cancel_reason, the others ''.
--
-- Workload (rd.inquiries, rd.inquiry_entries of 0040):
--   opened       inquiries created (opened_by: who opened it)
--   resolved     status_change entries to 'resolved' (a reopened inquiry
--                resolved again counts again; author: who resolved it)
--   handed off   handoff entries whose new holder is not their author (an
--                agent taking an inquiry is not a handoff): the dashboard's
--                rule (0040 rd.inquiry_dashboard)
--   calls        'call' entries
--   callbacks    inquiries whose callback_at lies in the period; the answer
--                is the first call or resolution entry after the inquiry
--                was opened (the opening call shares its transaction's
--                timestamp and is not one); kept on time when it came at or
--                before callback_at + report_callback_grace_minutes, late
--                after that, missed when none came and that time has
--                passed, pending when it has not.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

INSERT INTO rd.settings (key, value, description) VALUES
	('report_callback_grace_minutes', '15',
	 'Minutes after the promised time within which a callback still counts as kept on time (workload report)')
ON CONFLICT (key) DO NOTHING;

-- ---------------------------------------------------------------------------
-- The reason of a cancel conversation

ALTER TABLE rd.retention_offers ADD COLUMN reason text
	CHECK (reason IS NULL OR length(reason) <= 500);

-- Filled when the conversation is recorded, so that the report reads one
-- column rather than the history: the customer's cancel reason for a
-- cancellation (written on the subscription, or on the reservation of a
-- reserved one, earlier in the same transaction), else the request's
-- reason that the history of this row records too (repeatdesk.reason).
-- A reason given explicitly is kept.
CREATE FUNCTION rd.retention_offer_reason() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF NEW.reason IS NULL THEN
		IF NEW.outcome = 'cancelled' THEN
			SELECT nullif(btrim(s.cancel_reason), '') INTO NEW.reason
			  FROM rd.subscriptions s
			 WHERE s.id = NEW.subscription_id AND s.status = 'cancelled';
			IF NEW.reason IS NULL THEN
				SELECT nullif(btrim(v.cancel_reason), '') INTO NEW.reason
				  FROM rd.subscription_reservations v
				 WHERE v.subscription_id = NEW.subscription_id
				   AND v.kind = 'cancel' AND v.status = 'pending'
				 ORDER BY v.id DESC LIMIT 1;
			END IF;
		END IF;
		NEW.reason := left(coalesce(NEW.reason,
			nullif(btrim(current_setting('repeatdesk.reason', true)), '')), 500);
	END IF;
	RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION rd.retention_offer_reason() FROM PUBLIC;
CREATE TRIGGER rd_offer_reason BEFORE INSERT ON rd.retention_offers
	FOR EACH ROW EXECUTE FUNCTION rd.retention_offer_reason();

-- ---------------------------------------------------------------------------
-- Indexes the report plans need

-- categories: inquiries resolved in the period (no index had resolved_at;
-- without it the view reads every inquiry)
CREATE INDEX inquiries_resolved_at_idx ON rd.inquiries (resolved_at)
	WHERE resolved_at IS NOT NULL;
-- callbacks: callbacks promised in the period, whatever the inquiry's
-- status (0040's inquiries_open_callback_idx covers open ones only)
CREATE INDEX inquiries_callback_at_idx ON rd.inquiries (callback_at)
	WHERE callback_at IS NOT NULL;
-- months: the pauses are the history's UPDATEs of a subscription to
-- 'paused'; a small partial index finds those of the period without
-- reading the whole history
CREATE INDEX history_subscription_paused_idx ON rd.history (at)
	WHERE table_name = 'subscriptions' AND op = 'UPDATE'
	  AND new_row ->> 'status' = 'paused'
	  AND old_row ->> 'status' IS DISTINCT FROM 'paused';
-- days, agents, hours: the timeline entries the views count, with what
-- they read, so that a year of them (half a million at the seed's scale)
-- is an index-only scan instead of reading the whole timeline's heap;
-- entries are never updated, so their pages stay all-visible
CREATE INDEX inquiry_entries_report_idx ON rd.inquiry_entries (created_at)
	INCLUDE (kind, to_status, author, to_agent_id)
	WHERE kind IN ('status_change', 'handoff', 'call');
-- agents: who opened the inquiries of the period, from the index alone
CREATE INDEX inquiries_created_opened_by_idx ON rd.inquiries (created_at)
	INCLUDE (opened_by);
-- months: skips asked for in the period
CREATE INDEX subscription_skips_created_at_idx ON rd.subscription_skips (created_at);

-- ---------------------------------------------------------------------------
-- Helpers (not granted: they run inside the report functions)

-- [t0, t1): the period's days as timestamps in the business time zone.
CREATE FUNCTION rd.report_ops_period(p_from date, p_to date, OUT t0 timestamptz,
				 OUT t1 timestamptz, OUT tz text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	tz := coalesce((SELECT s.value FROM rd.settings s WHERE s.key = 'business_timezone'),
		       'Asia/Tokyo');
	t0 := p_from::timestamp AT TIME ZONE tz;
	t1 := (p_to + 1)::timestamp AT TIME ZONE tz;
END
$$;
REVOKE ALL ON FUNCTION rd.report_ops_period(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.report_ops_period(date, date) TO rd_supervisor;

-- Keep rate in percent (one decimal) of kept over decided; NULL when
-- nothing was decided.
CREATE FUNCTION rd.report_ops_rate(p_part bigint, p_whole bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT CASE WHEN p_whole > 0 THEN round(100.0 * p_part / p_whole, 1) END $$;
REVOKE ALL ON FUNCTION rd.report_ops_rate(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.report_ops_rate(bigint, bigint) TO rd_supervisor;

-- ---------------------------------------------------------------------------
-- Retention

-- Cancel conversations by the reason given.
CREATE FUNCTION rd.report_retention_reasons(p_from date, p_to date)
RETURNS TABLE (reason text, conversations bigint, kept bigint, changed bigint,
	       paused bigint, not_cancelled bigint, cancelled bigint,
	       refused bigint, keep_rate numeric)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	b record;
BEGIN
	SELECT * INTO b FROM rd.report_ops_period(p_from, p_to);
	RETURN QUERY
	SELECT x.reason, count(*),
	       count(*) FILTER (WHERE x.outcome = 'kept'),
	       count(*) FILTER (WHERE x.outcome = 'changed' AND x.accepted IS DISTINCT FROM 'pause'),
	       count(*) FILTER (WHERE x.outcome = 'changed' AND x.accepted = 'pause'),
	       count(*) FILTER (WHERE x.outcome = 'not_cancelled'),
	       count(*) FILTER (WHERE x.outcome = 'cancelled'),
	       count(*) FILTER (WHERE x.outcome = 'refused'),
	       rd.report_ops_rate(count(*) FILTER (WHERE x.outcome IN ('kept', 'changed', 'not_cancelled')),
			      count(*) FILTER (WHERE x.outcome <> 'refused'))
	  FROM (SELECT coalesce(o.reason,
				CASE WHEN o.outcome = 'cancelled' THEN
					(SELECT nullif(btrim(s.cancel_reason), '')
					   FROM rd.subscriptions s WHERE s.id = o.subscription_id)
				END, '') AS reason,
		       o.outcome, o.accepted
		  FROM rd.retention_offers o
		 WHERE o.created_at >= b.t0 AND o.created_at < b.t1) x
	 GROUP BY x.reason
	 ORDER BY count(*) DESC, x.reason;
END
$$;

-- Per alternative (and 'none': conversations where nothing was offered):
-- how often it was offered, taken, and the keep rate of those conversations.
CREATE FUNCTION rd.report_retention_offers(p_from date, p_to date)
RETURNS TABLE (offer text, offered bigint, accepted bigint, accept_rate numeric,
	       keep_rate numeric)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	b record;
BEGIN
	SELECT * INTO b FROM rd.report_ops_period(p_from, p_to);
	RETURN QUERY
	WITH o AS (
		SELECT r.offered, r.accepted, r.outcome
		  FROM rd.retention_offers r
		 WHERE r.created_at >= b.t0 AND r.created_at < b.t1)
	SELECT k.offer, count(o.outcome),
	       count(o.outcome) FILTER (WHERE o.accepted = k.offer),
	       rd.report_ops_rate(count(o.outcome) FILTER (WHERE o.accepted = k.offer), count(o.outcome)),
	       rd.report_ops_rate(count(o.outcome) FILTER (WHERE o.outcome IN ('kept', 'changed', 'not_cancelled')),
			      count(o.outcome) FILTER (WHERE o.outcome <> 'refused'))
	  FROM unnest(ARRAY['skip', 'pause', 'cycle', 'fewer', 'discount', 'none'])
	       WITH ORDINALITY AS k(offer, n)
	  LEFT JOIN o ON (k.offer = 'none' AND cardinality(o.offered) = 0)
		      OR k.offer = ANY (o.offered)
	 GROUP BY k.offer, k.n
	 ORDER BY k.n;
END
$$;

-- Per agent who had the conversation (p_agent: that login only).
CREATE FUNCTION rd.report_retention_agents(p_from date, p_to date, p_agent text)
RETURNS TABLE (agent text, display_name text, conversations bigint, kept bigint,
	       changed bigint, paused bigint, not_cancelled bigint,
	       cancelled bigint, refused bigint, keep_rate numeric)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	b record;
BEGIN
	SELECT * INTO b FROM rd.report_ops_period(p_from, p_to);
	RETURN QUERY
	SELECT o.agent, min(a.display_name), count(*),
	       count(*) FILTER (WHERE o.outcome = 'kept'),
	       count(*) FILTER (WHERE o.outcome = 'changed' AND o.accepted IS DISTINCT FROM 'pause'),
	       count(*) FILTER (WHERE o.outcome = 'changed' AND o.accepted = 'pause'),
	       count(*) FILTER (WHERE o.outcome = 'not_cancelled'),
	       count(*) FILTER (WHERE o.outcome = 'cancelled'),
	       count(*) FILTER (WHERE o.outcome = 'refused'),
	       rd.report_ops_rate(count(*) FILTER (WHERE o.outcome IN ('kept', 'changed', 'not_cancelled')),
			      count(*) FILTER (WHERE o.outcome <> 'refused'))
	  FROM rd.retention_offers o
	  LEFT JOIN rd.agents a ON a.login = o.agent
	 WHERE o.created_at >= b.t0 AND o.created_at < b.t1
	   AND (p_agent IS NULL OR o.agent = p_agent)
	 GROUP BY o.agent
	 ORDER BY count(*) DESC, o.agent;
END
$$;

-- By the number of deliveries the subscription had reached when the
-- customer asked (12 and later together: and_later).
CREATE FUNCTION rd.report_retention_deliveries(p_from date, p_to date)
RETURNS TABLE (delivery int, and_later boolean, conversations bigint, kept bigint,
	       changed bigint, paused bigint, not_cancelled bigint,
	       cancelled bigint, refused bigint, keep_rate numeric)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	b record;
BEGIN
	SELECT * INTO b FROM rd.report_ops_period(p_from, p_to);
	RETURN QUERY
	SELECT least(o.delivery_count, 12), least(o.delivery_count, 12) = 12, count(*),
	       count(*) FILTER (WHERE o.outcome = 'kept'),
	       count(*) FILTER (WHERE o.outcome = 'changed' AND o.accepted IS DISTINCT FROM 'pause'),
	       count(*) FILTER (WHERE o.outcome = 'changed' AND o.accepted = 'pause'),
	       count(*) FILTER (WHERE o.outcome = 'not_cancelled'),
	       count(*) FILTER (WHERE o.outcome = 'cancelled'),
	       count(*) FILTER (WHERE o.outcome = 'refused'),
	       rd.report_ops_rate(count(*) FILTER (WHERE o.outcome IN ('kept', 'changed', 'not_cancelled')),
			      count(*) FILTER (WHERE o.outcome <> 'refused'))
	  FROM rd.retention_offers o
	 WHERE o.created_at >= b.t0 AND o.created_at < b.t1
	 GROUP BY 1
	 ORDER BY 1;
END
$$;

-- Skips and pauses asked for, by business month of the request, every
-- month of the period (zero included). Skips: rows of
-- rd.subscription_skips by created_at (an undone skip is gone). Pauses:
-- the history's changes of a subscription to 'paused' (every path: the
-- desk, a reserved pause applied by the shipment run).
CREATE FUNCTION rd.report_retention_months(p_from date, p_to date)
RETURNS TABLE (month date, skips bigint, pauses bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	b record;
BEGIN
	SELECT * INTO b FROM rd.report_ops_period(p_from, p_to);
	RETURN QUERY
	WITH k AS (
		SELECT date_trunc('month', k.created_at AT TIME ZONE b.tz)::date AS m, count(*) AS n
		  FROM rd.subscription_skips k
		 WHERE k.created_at >= b.t0 AND k.created_at < b.t1
		 GROUP BY 1),
	p AS (
		SELECT date_trunc('month', h.at AT TIME ZONE b.tz)::date AS m, count(*) AS n
		  FROM rd.history h
		 WHERE h.table_name = 'subscriptions' AND h.op = 'UPDATE'
		   AND h.new_row ->> 'status' = 'paused'
		   AND h.old_row ->> 'status' IS DISTINCT FROM 'paused'
		   AND h.at >= b.t0 AND h.at < b.t1
		 GROUP BY 1)
	SELECT g.m::date, coalesce(k.n, 0)::bigint, coalesce(p.n, 0)::bigint
	  FROM generate_series(date_trunc('month', p_from::timestamp),
			       date_trunc('month', p_to::timestamp), interval '1 month') AS g(m)
	  LEFT JOIN k ON k.m = g.m::date
	  LEFT JOIN p ON p.m = g.m::date
	 ORDER BY 1;
END
$$;

-- ---------------------------------------------------------------------------
-- Desk workload

-- Every day of the period: inquiries opened, resolved, handed off, calls.
CREATE FUNCTION rd.report_workload_days(p_from date, p_to date)
RETURNS TABLE (day date, opened bigint, resolved bigint, handed_off bigint, calls bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	b record;
BEGIN
	SELECT * INTO b FROM rd.report_ops_period(p_from, p_to);
	RETURN QUERY
	WITH i AS (
		SELECT (q.created_at AT TIME ZONE b.tz)::date AS d, count(*) AS n
		  FROM rd.inquiries q
		 WHERE q.created_at >= b.t0 AND q.created_at < b.t1
		 GROUP BY 1),
	e AS (
		SELECT (e.created_at AT TIME ZONE b.tz)::date AS d,
		       count(*) FILTER (WHERE e.kind = 'status_change' AND e.to_status = 'resolved') AS resolved,
		       count(*) FILTER (WHERE e.kind = 'handoff' AND e.to_agent_id IS DISTINCT FROM a.id) AS handed_off,
		       count(*) FILTER (WHERE e.kind = 'call') AS calls
		  FROM rd.inquiry_entries e
		  LEFT JOIN rd.agents a ON a.login = e.author
		 WHERE e.created_at >= b.t0 AND e.created_at < b.t1
		   AND e.kind IN ('status_change', 'handoff', 'call')
		 GROUP BY 1)
	SELECT g.d::date, coalesce(i.n, 0)::bigint, coalesce(e.resolved, 0)::bigint,
	       coalesce(e.handed_off, 0)::bigint, coalesce(e.calls, 0)::bigint
	  FROM generate_series(p_from::timestamp, p_to::timestamp, interval '1 day') AS g(d)
	  LEFT JOIN i ON i.d = g.d::date
	  LEFT JOIN e ON e.d = g.d::date
	 ORDER BY 1;
END
$$;

-- The same per agent: opened by them, resolved by them, handed off by
-- them, their calls (p_agent: that login only).
CREATE FUNCTION rd.report_workload_agents(p_from date, p_to date, p_agent text)
RETURNS TABLE (agent text, display_name text, opened bigint, resolved bigint,
	       handed_off bigint, calls bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	b record;
BEGIN
	SELECT * INTO b FROM rd.report_ops_period(p_from, p_to);
	RETURN QUERY
	WITH i AS (
		SELECT q.opened_by AS login, count(*) AS n
		  FROM rd.inquiries q
		 WHERE q.created_at >= b.t0 AND q.created_at < b.t1
		   AND (p_agent IS NULL OR q.opened_by = p_agent)
		 GROUP BY 1),
	e AS (
		SELECT e.author AS login,
		       count(*) FILTER (WHERE e.kind = 'status_change' AND e.to_status = 'resolved') AS resolved,
		       count(*) FILTER (WHERE e.kind = 'handoff' AND e.to_agent_id IS DISTINCT FROM a.id) AS handed_off,
		       count(*) FILTER (WHERE e.kind = 'call') AS calls
		  FROM rd.inquiry_entries e
		  LEFT JOIN rd.agents a ON a.login = e.author
		 WHERE e.created_at >= b.t0 AND e.created_at < b.t1
		   AND e.kind IN ('status_change', 'handoff', 'call')
		   AND (p_agent IS NULL OR e.author = p_agent)
		 GROUP BY 1)
	SELECT coalesce(i.login, e.login), (SELECT a.display_name FROM rd.agents a
					     WHERE a.login = coalesce(i.login, e.login)),
	       coalesce(i.n, 0)::bigint, coalesce(e.resolved, 0)::bigint,
	       coalesce(e.handed_off, 0)::bigint, coalesce(e.calls, 0)::bigint
	  FROM i FULL JOIN e ON e.login = i.login
	 ORDER BY 1;
END
$$;

-- Inquiries resolved in the period by category: how many, and the median
-- and 90th percentile of the time from opening to resolution, in minutes.
CREATE FUNCTION rd.report_workload_categories(p_from date, p_to date)
RETURNS TABLE (category text, resolved bigint, median_minutes bigint, p90_minutes bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	b record;
BEGIN
	SELECT * INTO b FROM rd.report_ops_period(p_from, p_to);
	RETURN QUERY
	SELECT q.category, count(*),
	       round(percentile_cont(0.5) WITHIN GROUP (
		       ORDER BY extract(epoch FROM q.resolved_at - q.created_at) / 60))::bigint,
	       round(percentile_cont(0.9) WITHIN GROUP (
		       ORDER BY extract(epoch FROM q.resolved_at - q.created_at) / 60))::bigint
	  FROM rd.inquiries q
	 WHERE q.resolved_at IS NOT NULL
	   AND q.resolved_at >= b.t0 AND q.resolved_at < b.t1
	 GROUP BY q.category
	 ORDER BY q.category;
END
$$;

-- Callbacks promised for the period, per business day of the promise
-- (p_by 'day', or NULL) or per agent holding the inquiry (p_by 'agent';
-- '' for none); p_agent: inquiries that agent holds.
CREATE FUNCTION rd.report_workload_callbacks(p_from date, p_to date, p_by text,
					     p_agent text)
RETURNS TABLE (day date, agent text, display_name text, callbacks bigint, kept bigint,
	       late bigint, missed bigint, pending bigint, on_time_rate numeric)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	b record;
	grace interval := make_interval(mins => coalesce(
		(SELECT CASE WHEN s.value ~ '^[0-9]{1,4}$' THEN s.value::int END
		   FROM rd.settings s WHERE s.key = 'report_callback_grace_minutes'), 15));
BEGIN
	SELECT * INTO b FROM rd.report_ops_period(p_from, p_to);
	p_by := coalesce(p_by, 'day');
	IF p_by NOT IN ('day', 'agent') THEN
		RAISE EXCEPTION 'callbacks are grouped by day or agent, not %', p_by
			USING ERRCODE = '22023';
	END IF;
	RETURN QUERY
	WITH c AS (
		SELECT (q.callback_at AT TIME ZONE b.tz)::date AS d,
		       coalesce(a.login, '') AS login, a.display_name AS dn,
		       q.callback_at + grace AS due,
		       (SELECT min(e.created_at) FROM rd.inquiry_entries e
			 WHERE e.inquiry_id = q.id AND e.created_at > q.created_at
			   AND (e.kind = 'call' OR (e.kind = 'status_change'
						    AND e.to_status = 'resolved'))) AS answered
		  FROM rd.inquiries q
		  LEFT JOIN rd.agents a ON a.id = q.assignee_id
		 WHERE q.callback_at IS NOT NULL
		   AND q.callback_at >= b.t0 AND q.callback_at < b.t1
		   AND (p_agent IS NULL OR a.login = p_agent))
	SELECT CASE WHEN p_by = 'day' THEN c.d END,
	       CASE WHEN p_by = 'agent' THEN c.login END,
	       CASE WHEN p_by = 'agent' THEN min(c.dn) END,
	       count(*),
	       count(*) FILTER (WHERE c.answered <= c.due),
	       count(*) FILTER (WHERE c.answered > c.due),
	       count(*) FILTER (WHERE c.answered IS NULL AND c.due < now()),
	       count(*) FILTER (WHERE c.answered IS NULL AND c.due >= now()),
	       rd.report_ops_rate(count(*) FILTER (WHERE c.answered <= c.due),
			      count(*) FILTER (WHERE c.answered IS NOT NULL OR c.due < now()))
	  FROM c
	 GROUP BY 1, 2
	 ORDER BY 1, 2;
END
$$;

-- Calls (call entries) per hour of the day in the business time zone,
-- all 24 hours (p_agent: that agent's calls only).
CREATE FUNCTION rd.report_workload_hours(p_from date, p_to date, p_agent text)
RETURNS TABLE (hour int, calls bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	b record;
BEGIN
	SELECT * INTO b FROM rd.report_ops_period(p_from, p_to);
	RETURN QUERY
	WITH e AS (
		SELECT extract(hour FROM e.created_at AT TIME ZONE b.tz)::int AS h, count(*) AS n
		  FROM rd.inquiry_entries e
		 WHERE e.created_at >= b.t0 AND e.created_at < b.t1 AND e.kind = 'call'
		   AND (p_agent IS NULL OR e.author = p_agent)
		 GROUP BY 1)
	SELECT g.h, coalesce(e.n, 0)::bigint
	  FROM generate_series(0, 23) AS g(h)
	  LEFT JOIN e ON e.h = g.h
	 ORDER BY 1;
END
$$;

-- ---------------------------------------------------------------------------
-- Access: the report functions are the supervisors' alone.

REVOKE ALL ON FUNCTION
	rd.report_retention_reasons(date, date),
	rd.report_retention_offers(date, date),
	rd.report_retention_agents(date, date, text),
	rd.report_retention_deliveries(date, date),
	rd.report_retention_months(date, date),
	rd.report_workload_days(date, date),
	rd.report_workload_agents(date, date, text),
	rd.report_workload_categories(date, date),
	rd.report_workload_callbacks(date, date, text, text),
	rd.report_workload_hours(date, date, text)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
	rd.report_retention_reasons(date, date),
	rd.report_retention_offers(date, date),
	rd.report_retention_agents(date, date, text),
	rd.report_retention_deliveries(date, date),
	rd.report_retention_months(date, date),
	rd.report_workload_days(date, date),
	rd.report_workload_agents(date, date, text),
	rd.report_workload_categories(date, date),
	rd.report_workload_callbacks(date, date, text, text),
	rd.report_workload_hours(date, date, text)
	TO rd_supervisor;
