-- 0117_report_media.sql: the media report (媒体分析, issue 13 section 2).
--
-- Two views, each one function that only supervisors may EXECUTE:
--   rd.report_media_summary(from, to, media)  one row per media code
--   rd.report_media_elapsed(from, to, media)  sales by days since the
--                                             first order (経過日別売上推移)
-- The words of every figure (doc/notes/reports-media.md says the same):
--
--   counted order   an order that is neither cancelled nor returned (the
--                   customer figures of 0010 count the same orders).
--   first order     a customer's counted order with the smallest
--                   (order_date, id); its date is customers.first_order_date,
--                   kept by the triggers of 0010/0021: a cancelled or
--                   returned first order hands the title to the next one.
--   media of a customer  the media code of the first order.
--   new customers   customers whose first order falls in the period,
--                   counted under their first order's media code.
--   orders, sales   counted orders dated in the period that carry the
--                   media code, and their tax-included totals.
--   cost            rd.media_costs of every month the period touches
--                   (a period of 12/10-12/20 takes all of December).
--   CPO             cost / new customers (通販: cost per first order),
--                   rounded to the yen; NULL when the cost is 0 (nothing
--                   entered: a CPO of ¥0 would read as a free customer) or
--                   when there is no new customer.
--   new subscribers customers whose first subscription that counts
--                   started in the period, under that subscription's media
--                   code (a customer with two subscriptions is one
--                   subscriber). A subscription counts unless it is
--                   cancelled without a counted order (cancelled with its
--                   first order, 0060).
--   cost per new subscriber  cost / new subscribers, NULL as CPO is.
--   trial product   a product that cannot be subscribed
--                   (subscription_price IS NULL) and names the regular
--                   product to move the customer up to (upsell_sku): the
--                   お試し set.
--   引き上げ率       of the new customers whose first order holds a trial
--                   product, the share (percent, one decimal) who have a
--                   counted subscription started on or after the first
--                   order's date; NULL with no trial customer.
--   LTV N (30, 90, 180, 365)  the average, over the new customers whose
--                   first order is more than N days old (the N days are
--                   over), of their counted orders' totals dated at most N
--                   days after the first order (any media); NULL when no
--                   customer is that old yet.
--   elapsed buckets days from the first order to an order: 0-30, 31-60,
--                   61-90, 91-180, 181-365, 366 and more; sales of the
--                   period's new customers' counted orders (to today).
--
-- Speed: the period's new customers are one index range of
-- rd_sum.media_customers (0116: each customer's first order, trial and
-- upgrade flags and sales by days since it, kept by triggers, proven
-- equal to a recomputation by tests/db/check_report_media); the orders
-- of the period by media code one index-only range scan of orders
-- (order_date with media code, status and total
-- included); the subscriptions started in the period an index on
-- started_on (with what the count needs), whether one has a counted
-- order a partial index of orders by subscription. Measured in
-- doc/notes/reports-media.md.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE INDEX orders_date_figures_idx ON rd.orders (order_date)
	INCLUDE (media_code, status, total);
CREATE INDEX subscriptions_started_on_idx ON rd.subscriptions (started_on)
	INCLUDE (customer_id, media_code, status);
-- "a subscription counts unless cancelled without a counted order"
CREATE INDEX orders_subscription_counted_idx ON rd.orders (subscription_id)
	WHERE status NOT IN ('cancelled', 'returned');

-- The new customers of a period with their first order, its media code,
-- whether it holds a trial product, whether a counted subscription
-- followed, and their sales by days elapsed. Shared by both views.
CREATE FUNCTION rd.report_media_customers(p_from date, p_to date)
RETURNS TABLE (customer_id bigint, first_date date, first_order_id bigint,
	       media_code text, trial boolean, upgraded boolean,
	       b0_30 bigint, b31_60 bigint, b61_90 bigint, b91_180 bigint,
	       b181_365 bigint, b366 bigint)
LANGUAGE sql STABLE
-- no SET clause (every name is qualified): the planner inlines it into
-- the views' queries, which then read the index alone instead of a
-- function's result stored aside
AS $$
	SELECT m.customer_id, m.first_date, m.first_order_id, m.media_code, m.trial,
	       m.upgraded, m.b0_30, m.b31_60, m.b61_90, m.b91_180, m.b181_365, m.b366
	  FROM rd_sum.media_customers m
	 WHERE m.first_date BETWEEN p_from AND p_to
$$;

CREATE FUNCTION rd.report_media_summary(p_from date, p_to date, p_media text)
RETURNS TABLE (media_code text, media_name text, new_customers bigint,
	       orders bigint, sales bigint, cost bigint, cpo bigint,
	       new_subscribers bigint, cost_per_subscriber bigint,
	       trial_customers bigint, upgraded bigint, upgrade_rate numeric,
	       ltv_30 bigint, ltv_90 bigint, ltv_180 bigint, ltv_365 bigint)
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	-- each part once: the joins below on IS NOT DISTINCT FROM (the
	-- orders without a media code) are nested loops
	-- today once (rd.customer_today reads the settings: not per row)
	WITH today AS MATERIALIZED (
		SELECT rd.customer_today() AS d
	), nc AS MATERIALIZED (
		SELECT n.media_code AS code, count(*) AS n,
		       count(*) FILTER (WHERE n.trial) AS trial,
		       count(*) FILTER (WHERE n.upgraded) AS upgraded,
		       avg(n.b0_30) FILTER (WHERE today.d - n.first_date > 30) AS l30,
		       avg(n.b0_30 + n.b31_60 + n.b61_90)
			   FILTER (WHERE today.d - n.first_date > 90) AS l90,
		       avg(n.b0_30 + n.b31_60 + n.b61_90 + n.b91_180)
			   FILTER (WHERE today.d - n.first_date > 180) AS l180,
		       avg(n.b0_30 + n.b31_60 + n.b61_90 + n.b91_180 + n.b181_365)
			   FILTER (WHERE today.d - n.first_date > 365) AS l365
		  FROM rd.report_media_customers(p_from, p_to) n, today
		 WHERE p_media IS NULL OR n.media_code = p_media
		 GROUP BY n.media_code
	), ord AS MATERIALIZED (
		SELECT o.media_code AS code, count(*) AS n, sum(o.total)::bigint AS sales
		  FROM rd.orders o
		 WHERE o.order_date BETWEEN p_from AND p_to
		   AND o.status NOT IN ('cancelled', 'returned')
		   AND (p_media IS NULL OR o.media_code = p_media)
		 GROUP BY o.media_code
	), cst AS MATERIALIZED (
		SELECT k.media_code AS code, sum(k.amount)::bigint AS amount
		  FROM rd.media_costs k
		 WHERE k.month BETWEEN date_trunc('month', p_from)::date AND p_to
		   AND (p_media IS NULL OR k.media_code = p_media)
		 GROUP BY k.media_code
	), sub AS MATERIALIZED (
		-- each customer's first subscription that counts, when it
		-- started in the period
		SELECT s.media_code AS code, count(DISTINCT s.customer_id) AS n
		  FROM rd.subscriptions s
		 WHERE s.started_on BETWEEN p_from AND p_to
		   AND (p_media IS NULL OR s.media_code = p_media)
		   AND (s.status <> 'cancelled' OR EXISTS (
			SELECT 1 FROM rd.orders o
			 WHERE o.subscription_id = s.id
			   AND o.status NOT IN ('cancelled', 'returned')))
		   AND NOT EXISTS (
			SELECT 1 FROM rd.subscriptions e
			 WHERE e.customer_id = s.customer_id
			   AND (e.started_on, e.id) < (s.started_on, s.id)
			   AND (e.status <> 'cancelled' OR EXISTS (
				SELECT 1 FROM rd.orders o
				 WHERE o.subscription_id = e.id
				   AND o.status NOT IN ('cancelled', 'returned'))))
		 GROUP BY s.media_code
	), codes AS (
		SELECT m.code, m.name FROM rd.media m
		 WHERE p_media IS NULL OR m.code = p_media
		UNION ALL
		SELECT NULL, NULL WHERE p_media IS NULL
	)
	SELECT k.code, k.name,
	       coalesce(nc.n, 0), coalesce(ord.n, 0), coalesce(ord.sales, 0),
	       coalesce(cst.amount, 0),
	       CASE WHEN coalesce(cst.amount, 0) > 0 AND nc.n > 0
		    THEN round(cst.amount::numeric / nc.n)::bigint END,
	       coalesce(sub.n, 0),
	       CASE WHEN coalesce(cst.amount, 0) > 0 AND sub.n > 0
		    THEN round(cst.amount::numeric / sub.n)::bigint END,
	       coalesce(nc.trial, 0), coalesce(nc.upgraded, 0),
	       CASE WHEN nc.trial > 0
		    THEN round(100.0 * nc.upgraded / nc.trial, 1) END,
	       round(nc.l30)::bigint, round(nc.l90)::bigint,
	       round(nc.l180)::bigint, round(nc.l365)::bigint
	  FROM codes k
	  LEFT JOIN nc ON nc.code IS NOT DISTINCT FROM k.code
	  LEFT JOIN ord ON ord.code IS NOT DISTINCT FROM k.code
	  LEFT JOIN cst ON cst.code IS NOT DISTINCT FROM k.code
	  LEFT JOIN sub ON sub.code IS NOT DISTINCT FROM k.code
	 -- a code with nothing in the period is left out, unless asked for
	 WHERE p_media IS NOT NULL
	    OR coalesce(nc.n, 0) + coalesce(ord.n, 0) + coalesce(cst.amount, 0)
	       + coalesce(sub.n, 0) > 0
	 ORDER BY k.code NULLS LAST
$$;

CREATE FUNCTION rd.report_media_elapsed(p_from date, p_to date, p_media text)
RETURNS TABLE (media_code text, media_name text, customers bigint,
	       d0_30 bigint, d31_60 bigint, d61_90 bigint, d91_180 bigint,
	       d181_365 bigint, d366_plus bigint, total bigint)
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT n.media_code, m.name, count(*),
	       sum(n.b0_30)::bigint, sum(n.b31_60)::bigint, sum(n.b61_90)::bigint,
	       sum(n.b91_180)::bigint, sum(n.b181_365)::bigint, sum(n.b366)::bigint,
	       sum(n.b0_30 + n.b31_60 + n.b61_90 + n.b91_180 + n.b181_365 + n.b366)::bigint
	  FROM rd.report_media_customers(p_from, p_to) n
	  LEFT JOIN rd.media m ON m.code = n.media_code
	 WHERE p_media IS NULL OR n.media_code = p_media
	 GROUP BY n.media_code, m.name
	 ORDER BY n.media_code NULLS LAST
$$;

REVOKE ALL ON FUNCTION rd.report_media_customers(date, date),
	rd.report_media_summary(date, date, text),
	rd.report_media_elapsed(date, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.report_media_customers(date, date),
	rd.report_media_summary(date, date, text),
	rd.report_media_elapsed(date, date, text) TO rd_supervisor;
