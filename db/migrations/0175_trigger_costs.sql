-- 0175_trigger_costs.sql: what a shipment run's profile showed (issue 15).
--
-- Measured on a copy of the 1,000,000-customer database, a run of 63,510
-- orders with track_functions = 'pl' (46.5 s, 2 jobs):
--   rd.history_text_guard   223,579 calls, 12.5 s with its rd.text_check
--   rd.text_guard           223,579 calls, 14.0 s
--   rd.text_check           447,158 calls, 10.5 s
--   rd.inquiry_follow_cutoff 63,510 calls,  7.2 s
--
-- 1. A request id is a UUID, and a UUID's 32 hexadecimal digits nearly
--    always hold 13 decimal digits with at most 3 other characters
--    between them: the quick test of 0089/0155 ("could this be a card
--    number?") said yes for every history row and every row with a
--    request id, and each went through rd.text_check for nothing. A
--    value that is exactly a UUID in its canonical form (lower-case
--    hex, 8-4-4-4-12, what uuid::text gives) is let by, as 0160 lets an
--    ISO timestamp by. Nothing else is: a card number spelled in any
--    other way still goes to rd.text_check and is refused.
-- 2. rd.inquiry_follow_cutoff (0072, 0100) computed the subscription's
--    cut-off and read two settings before looking for an open inquiry
--    to follow it; almost no subscription has one. It looks first now.
-- 3. rd.media_customers_compute: see below.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- 1a. the business tables (rd.text_guard as 0160 left it, plus the UUID)
CREATE OR REPLACE FUNCTION rd.text_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	n jsonb := to_jsonb(NEW);
	o jsonb;
	r record;
BEGIN
	IF TG_OP = 'UPDATE' THEN
		o := to_jsonb(OLD);
	END IF;
	FOR r IN
		SELECT e.key, s.v
		  FROM jsonb_each(n) e
		 CROSS JOIN LATERAL (
			SELECT e.value #>> '{}' AS v WHERE jsonb_typeof(e.value) = 'string'
			UNION ALL
			SELECT x #>> '{}' FROM jsonb_path_query(e.value, 'strict $.**') x
			 WHERE jsonb_typeof(e.value) IN ('object', 'array')
			   AND jsonb_typeof(x) = 'string') s
		 WHERE (o IS NULL OR (o -> e.key) IS DISTINCT FROM e.value)
		   AND (length(s.v) > 60
			OR s.v ~ '[\x01-\x1f\x7f\u0080-\u009f]'
			OR (s.v ~ '([0-9０-９][^0-9０-９]{0,3}){12}[0-9０-９]'
			    AND s.v !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?([+-][0-9]{2}(:[0-9]{2})?)?$'
			    AND s.v !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'))
	LOOP
		PERFORM rd.text_check(TG_TABLE_NAME, r.key, r.v);
	END LOOP;
	RETURN NEW;
END
$$;

-- 1b. the history (0155's trigger, plus the UUID)
DROP TRIGGER rd_text_guard ON rd.history;
CREATE TRIGGER rd_text_guard BEFORE INSERT ON rd.history
	FOR EACH ROW
	WHEN (length(NEW.reason) > 60
	      OR NEW.reason ~ '[\x01-\x1f\x7f\u0080-\u009f]'
	      OR NEW.reason ~ '([0-9０-９][^0-9０-９]{0,3}){12}[0-9０-９]'
	      OR length(NEW.request_id) > 60
	      OR NEW.request_id ~ '[\x01-\x1f\x7f\u0080-\u009f]'
	      OR (NEW.request_id ~ '([0-9０-９][^0-9０-９]{0,3}){12}[0-9０-９]'
		  AND NEW.request_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'))
	EXECUTE FUNCTION rd.history_text_guard();

-- 2. open inquiries first, the cut-off only for them
CREATE OR REPLACE FUNCTION rd.inquiry_follow_cutoff() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	c timestamptz;
	q record;
	sla interval;
	tz text;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM rd.inquiries i
			WHERE i.subscription_id = NEW.id
			  AND i.status NOT IN ('resolved', 'closed')) THEN
		RETURN NULL;
	END IF;
	c := rd.inquiry_cutoff(NEW.id);
	tz := rd.inquiry_setting('business_timezone', 'Asia/Tokyo');
	FOR q IN SELECT i.id, i.cutoff_at, i.due_at, i.created_at, i.category, i.callback_at
		   FROM rd.inquiries i
		  WHERE i.subscription_id = NEW.id AND i.status NOT IN ('resolved', 'closed')
		    AND i.cutoff_at IS DISTINCT FROM c
		  ORDER BY i.id FOR UPDATE LOOP
		sla := rd.inquiry_sla(q.category);
		UPDATE rd.inquiries
		   SET cutoff_at = c,
		       due_at = CASE WHEN q.due_at IS NULL OR q.due_at = q.cutoff_at
					  OR q.due_at = q.created_at + sla
				     THEN least(q.created_at + sla, c)
				     ELSE q.due_at END
		 WHERE id = q.id;
		IF q.callback_at IS NOT NULL AND c IS NOT NULL AND q.callback_at > c
		   AND (q.cutoff_at IS NULL OR q.callback_at <= q.cutoff_at) THEN
			INSERT INTO rd.inquiry_entries (inquiry_id, kind, body)
			VALUES (q.id, 'note', rd.business_text('cutoff_moved',
				rd.business_datetime(c, tz), rd.business_datetime(q.callback_at, tz)));
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;

-- ---------------------------------------------------------------------------
-- 3. rd.media_customers_compute (0116) built its query with format() and
--    EXECUTE, so that a refresh of one customer would not get a plan
--    made for "every customer or these": the server planned it anew on
--    every call, twice an order (the order, then its lines): about 1 ms
--    of planning for 0.2 ms of work, measured at 1,000,000 customers.
--    The one query text below is written into the function twice, as
--    two static queries (one for every customer, the rebuild; one for
--    the ids of a refresh), so each connection plans each once and the
--    refresh's plan reads the customers' orders through the index.
--    Same text, same rows: check_report_media compares the table with a
--    full recomputation after every kind of change.
DO $do$
DECLARE
	q CONSTANT text := $q$
	WITH o AS MATERIALIZED (
		SELECT o.customer_id, o.id, o.order_date, o.media_code, o.total
		  FROM rd.orders o
		 WHERE %1$s
		   AND o.status NOT IN ('cancelled', 'returned')
	), f AS (
		SELECT DISTINCT ON (o.customer_id) o.customer_id, o.id, o.order_date AS fd,
		       o.media_code
		  FROM o ORDER BY o.customer_id, o.order_date, o.id
	), sums AS (
		SELECT o.customer_id,
		       coalesce(sum(o.total) FILTER (WHERE o.order_date - f.fd <= 30), 0)::bigint AS s0,
		       coalesce(sum(o.total) FILTER (WHERE o.order_date - f.fd BETWEEN 31 AND 60), 0)::bigint AS s1,
		       coalesce(sum(o.total) FILTER (WHERE o.order_date - f.fd BETWEEN 61 AND 90), 0)::bigint AS s2,
		       coalesce(sum(o.total) FILTER (WHERE o.order_date - f.fd BETWEEN 91 AND 180), 0)::bigint AS s3,
		       coalesce(sum(o.total) FILTER (WHERE o.order_date - f.fd BETWEEN 181 AND 365), 0)::bigint AS s4,
		       coalesce(sum(o.total) FILTER (WHERE o.order_date - f.fd > 365), 0)::bigint AS s5
		  FROM o JOIN f ON f.customer_id = o.customer_id
		 GROUP BY o.customer_id
	), t AS (
		SELECT f.customer_id, f.fd, f.id, f.media_code,
		       EXISTS (SELECT 1 FROM rd.order_lines l
				 JOIN rd.products p ON p.sku = l.sku
				WHERE l.order_id = f.id
				  AND p.subscription_price IS NULL
				  AND p.upsell_sku IS NOT NULL) AS is_trial,
		       s.s0, s.s1, s.s2, s.s3, s.s4, s.s5
		  FROM f JOIN sums s ON s.customer_id = f.customer_id
	)
	SELECT t.customer_id, t.fd, t.id, t.media_code, t.is_trial,
	       t.is_trial AND EXISTS (
			SELECT 1 FROM rd.subscriptions s
			 WHERE s.customer_id = t.customer_id AND s.started_on >= t.fd
			   AND (s.status <> 'cancelled' OR EXISTS (
				SELECT 1 FROM rd.orders x
				 WHERE x.subscription_id = s.id
				   AND x.status NOT IN ('cancelled', 'returned')))),
	       t.s0, t.s1, t.s2, t.s3, t.s4, t.s5
	  FROM t
	$q$;
BEGIN
	EXECUTE format($f$
CREATE OR REPLACE FUNCTION rd.media_customers_compute(p_ids bigint[])
RETURNS TABLE (customer_id bigint, first_date date, first_order_id bigint,
	       media_code text, trial boolean, upgraded boolean,
	       b0_30 bigint, b31_60 bigint, b61_90 bigint, b91_180 bigint,
	       b181_365 bigint, b366 bigint)
LANGUAGE plpgsql STABLE
SET jit = off
SET search_path = pg_catalog, rd, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
	IF p_ids IS NULL THEN
		RETURN QUERY %s;
	ELSE
		RETURN QUERY %s;
	END IF;
END
$fn$$f$, format(q, 'true'), format(q, 'o.customer_id = ANY (p_ids)'));
END
$do$;
