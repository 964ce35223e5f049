-- 0110_report_continuation.sql: the continuation report (継続率, issue 13
-- section 1): for subscriptions started in a period, the share still
-- subscribed at delivery 1, 2 ... 12, by start-month cohort, product, media
-- code or payment method, and where the others left (cancel reasons by
-- the delivery at which they left). doc/notes/reports-continuation.md
-- explains the rules; store/report_continuation.c shows them.
--
-- "Reached delivery n" (what rd.subscriptions already keeps: 0030 calls
-- delivery_count "the number reached"):
--   * a subscription reached deliveries 1 .. reached, where reached is its
--     delivery_count (the shipment run adds one with each delivery's
--     order; a cancelled first order the operator kept the subscription
--     for gives its number back, 0060);
--   * less one when the subscription is cancelled and the order of its
--     last delivery is cancelled too (a first order cancelled together
--     with its subscription, 0060; a delivery's order cancelled with the
--     subscription): that delivery never reached the customer;
--   * a returned order was delivered: the customer was still subscribed
--     when it came (the money it gave back is the media report's matter);
--   * a pause changes nothing: a subscription that paused and came back
--     goes on counting its deliveries.
-- The share still subscribed at delivery n is worked out delivery by
-- delivery (Kaplan-Meier): of those that reached delivery k - 1 and whose
-- delivery k is decided (they reached k, or left before it), the part
-- that reached k; the share at n is the product of those parts for
-- k = 1 .. n. A subscription still running (active or paused) that has
-- not reached k yet may still reach it: it is in neither figure of step k
-- (censored), and the view returns how many were left out that way. With
-- nobody still running below n this is plainly reached n / started; with
-- young subscriptions it is not dragged down by counting only the ones
-- that already left (a one-month-old cohort would show 0% at delivery 5).
-- store/report_continuation.c multiplies; this file counts.
--
-- Speed: one pass over rd.subscriptions (a sequential scan: the period is
-- most of the table anyway), hashed against the small partial index of
-- cancelled delivery orders below (the only new index), and, only when
-- the product is asked for, joined with the lines and sorted once. The
-- counting is done on a few hundred (group, reached, cancelled) triples,
-- not on the rows. No summary table: nothing can drift. Figures (344,000
-- subscriptions, 2,250,000 orders): doc/notes/reports-continuation.md,
-- bench/report-continuation.sh.
--
-- Every function is SECURITY INVOKER and only rd_supervisor may EXECUTE
-- it: an operator or agent gets PostgreSQL's refusal (42501).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- The cancelled orders that are a subscription's delivery: few (a first
-- order cancelled with its subscription, a delivery cancelled with it), so
-- this index is small, and the report reads all of it into one hash
-- instead of probing rd.orders once per cancelled subscription (73,000
-- random probes of a 2,000,000-row table took 3 s). rd.orders already has
-- an index whose predicate names status (orders_open_customer_idx, 0020):
-- status updates were not HOT before and this costs them nothing more.
CREATE INDEX orders_cancelled_delivery_idx ON rd.orders (subscription_id, delivery_no)
	WHERE status = 'cancelled' AND delivery_no IS NOT NULL;

-- The subscriptions the report counts, one row each, with what it needs.
-- p_sku: also give each its product (the subscription's first line: the
-- one it started with unless a change replaced it); the lines are only
-- read when asked.
-- jit = off: compiling these plans took 5 s of a 9 s report (the plans
-- are cheap to run, their cost estimates are not); work_mem: the sort of
-- the period's lines in memory.
CREATE FUNCTION rd.report_continuation_subscriptions(p_from date, p_to date,
	p_product text, p_media text, p_payment text, p_sku boolean)
RETURNS TABLE (subscription_id bigint, started_on date, cancelled boolean,
	       reached int, sku text, media_code text, payment text,
	       cancel_reason text)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
SET jit = off
SET work_mem = '64MB'
AS $$
BEGIN
	IF NOT p_sku AND p_product IS NULL THEN
		RETURN QUERY
		SELECT s.id, s.started_on, s.status = 'cancelled',
		       s.delivery_count - (oc.subscription_id IS NOT NULL)::int,
		       NULL::text, s.media_code, s.payment,
		       nullif(btrim(s.cancel_reason), '')
		  FROM rd.subscriptions s
		  LEFT JOIN rd.orders oc
		    ON oc.status = 'cancelled' AND oc.delivery_no IS NOT NULL
		   AND oc.subscription_id = s.id AND oc.delivery_no = s.delivery_count
		   AND s.status = 'cancelled'
		 WHERE s.started_on BETWEEN p_from AND p_to
		   AND (p_media IS NULL OR s.media_code = p_media)
		   AND (p_payment IS NULL OR s.payment = p_payment);
		RETURN;
	END IF;
	-- the first line of every subscription: a sort of the lines' two
	-- narrow columns, then one hash join (sorting the period's wide
	-- rows with their lines took twice as long)
	RETURN QUERY
	SELECT s.id, s.started_on, s.status = 'cancelled',
	       s.delivery_count - (oc.subscription_id IS NOT NULL)::int,
	       f.sku, s.media_code, s.payment,
	       nullif(btrim(s.cancel_reason), '')
	  FROM rd.subscriptions s
	  LEFT JOIN rd.orders oc
	    ON oc.status = 'cancelled' AND oc.delivery_no IS NOT NULL
	   AND oc.subscription_id = s.id AND oc.delivery_no = s.delivery_count
	   AND s.status = 'cancelled'
	  LEFT JOIN (SELECT DISTINCT ON (l.subscription_id) l.subscription_id, l.sku
		       FROM rd.subscription_lines l
		      ORDER BY l.subscription_id, l.id) f ON f.subscription_id = s.id
	 WHERE s.started_on BETWEEN p_from AND p_to
	   AND (p_media IS NULL OR s.media_code = p_media)
	   AND (p_payment IS NULL OR s.payment = p_payment)
	   AND (p_product IS NULL OR f.sku = p_product);
END
$$;
REVOKE ALL ON FUNCTION rd.report_continuation_subscriptions(date, date, text, text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.report_continuation_subscriptions(date, date, text, text, text, boolean) TO rd_supervisor;

-- View "cohorts": one row per group and delivery number 1..12.
--   group_key   'YYYY-MM' (p_by month, the default), the sku (product),
--               the media code (media; NULL: none), the payment code
--   group_name  the product's or the media code's name; NULL otherwise
--   started     subscriptions of the group started in the period
--   reached     of them, those that reached delivery_no
--   at_risk     reached + those cancelled after delivery_no - 1 (the
--               ones whose delivery_no was decided, having reached the
--               one before)
--   censored    still running, delivery_no not reached yet (in neither)
-- By month every month of the period has its rows, 0 started when no
-- subscription started in it. Order: months in order; other groups by
-- started, most first, then key (NULL last); delivery_no within.
CREATE FUNCTION rd.report_continuation_cohorts(p_from date, p_to date, p_by text,
	p_product text, p_media text, p_payment text)
RETURNS TABLE (group_key text, group_name text, started bigint, delivery_no int,
	       reached bigint, at_risk bigint, censored bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
SET jit = off
AS $$
DECLARE
	by_ text := coalesce(nullif(p_by, ''), 'month');
BEGIN
	IF by_ NOT IN ('month', 'product', 'media', 'payment') THEN
		RAISE EXCEPTION 'continuation is grouped by month, product, media or payment, not %', p_by
			USING ERRCODE = '22023';
	END IF;
	IF p_from IS NULL OR p_to IS NULL OR p_from > p_to THEN
		RAISE EXCEPTION 'the period starts after it ends' USING ERRCODE = '22023';
	END IF;
	RETURN QUERY
	WITH s AS (
		SELECT coalesce(CASE by_
				WHEN 'product' THEN x.sku
				WHEN 'media' THEN x.media_code
				WHEN 'payment' THEN x.payment
				ELSE to_char(x.started_on, 'YYYY-MM') END, '') AS k,
		       least(x.reached, 13) AS r, x.cancelled
		  FROM rd.report_continuation_subscriptions(p_from, p_to,
			nullif(p_product, ''), nullif(p_media, ''), nullif(p_payment, ''),
			by_ = 'product') x
	), h AS (
		SELECT s.k, s.r, s.cancelled, count(*) AS c FROM s GROUP BY 1, 2, 3
	), keys AS (
		SELECT DISTINCT h.k FROM h
		UNION
		SELECT to_char(m, 'YYYY-MM')
		  FROM generate_series(date_trunc('month', p_from),
				       date_trunc('month', p_to), interval '1 month') m
		 WHERE by_ = 'month'
	), t AS (
		SELECT keys.k, n.n,
		       coalesce(sum(h.c), 0)::bigint AS started,
		       coalesce(sum(h.c) FILTER (WHERE h.r >= n.n), 0)::bigint AS reached,
		       coalesce(sum(h.c) FILTER (WHERE h.r >= n.n OR (h.cancelled AND h.r = n.n - 1)), 0)::bigint AS at_risk,
		       coalesce(sum(h.c) FILTER (WHERE h.r < n.n AND NOT h.cancelled), 0)::bigint AS censored
		  FROM keys CROSS JOIN generate_series(1, 12) AS n(n)
		  LEFT JOIN h ON h.k = keys.k
		 GROUP BY keys.k, n.n
	)
	SELECT nullif(t.k, ''),
	       CASE by_
		WHEN 'product' THEN (SELECT p.name FROM rd.products p WHERE p.sku = t.k)
		WHEN 'media' THEN (SELECT m.name FROM rd.media m WHERE m.code = t.k)
	       END,
	       t.started, t.n, t.reached, t.at_risk, t.censored
	  FROM t
	 ORDER BY CASE WHEN by_ = 'month' THEN t.k END,
		  t.started DESC, nullif(t.k, '') NULLS LAST, t.n;
END
$$;
REVOKE ALL ON FUNCTION rd.report_continuation_cohorts(date, date, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.report_continuation_cohorts(date, date, text, text, text, text) TO rd_supervisor;

-- View "exits": the subscriptions of the period (and filters) that were
-- cancelled, by cancel reason (the text the customer gave, trimmed; NULL
-- when none was written) and the deliveries they had reached when they
-- left, in buckets '0' (left before their first delivery reached them),
-- '1', '2', '3', '4', '5-6', '7-12', '13+'. Order: reasons by their
-- cancellations, most first, then reason (NULL last); buckets in order.
CREATE FUNCTION rd.report_continuation_exits(p_from date, p_to date,
	p_product text, p_media text, p_payment text)
RETURNS TABLE (reason text, bucket text, cancelled bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
SET jit = off
AS $$
BEGIN
	IF p_from IS NULL OR p_to IS NULL OR p_from > p_to THEN
		RAISE EXCEPTION 'the period starts after it ends' USING ERRCODE = '22023';
	END IF;
	RETURN QUERY
	WITH c AS (
		SELECT x.cancel_reason AS reason,
		       CASE WHEN x.reached <= 4 THEN x.reached
			    WHEN x.reached <= 6 THEN 5
			    WHEN x.reached <= 12 THEN 7
			    ELSE 13 END AS b,
		       count(*) AS n
		  FROM rd.report_continuation_subscriptions(p_from, p_to,
			nullif(p_product, ''), nullif(p_media, ''), nullif(p_payment, ''),
			false) x
		 WHERE x.cancelled
		 GROUP BY 1, 2
	)
	SELECT c.reason,
	       CASE c.b WHEN 5 THEN '5-6' WHEN 7 THEN '7-12' WHEN 13 THEN '13+'
			ELSE c.b::text END,
	       c.n
	  FROM c
	 ORDER BY sum(c.n) OVER (PARTITION BY c.reason) DESC, c.reason NULLS LAST, c.b;
END
$$;
REVOKE ALL ON FUNCTION rd.report_continuation_exits(date, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.report_continuation_exits(date, date, text, text, text) TO rd_supervisor;
