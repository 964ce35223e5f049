-- 0121_report_segments.sql: the segments report (issue 13, section 5):
-- the RFM rank distribution and the LTV distribution of the customers as
-- they are today (the figures of 0010: ltv, order_count,
-- last_order_date). store/report_segments.c gives every row the customer
-- lookup's query that finds exactly its customers (customer_query_to_json),
-- so a segment opens as a customer list or becomes a call list.
--
-- The ranks are those of rd.rfm() (0010): the thresholds are read once
-- with rd.rfm_bound, and a rank is the range of its figure that
-- store/customer.c's RFM filter uses (R: last_order_date at or after
-- today - the days bound; F, M: order_count, ltv at or above the bound).
-- Calling rd.rfm() for every customer would read the settings a million
-- times. Customers without orders have no rank (rd.rfm gives NULL): they
-- are not in the RFM rows (the LTV view's ¥0 row counts them).
--
-- The period is not used: segments are today's customers, the same the
-- lookup finds with the row's query.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- rfm reads three figures of every customer with orders: from this index
-- alone (the customers' rows are wide: names, addresses, search text)
CREATE INDEX customers_rfm_figures_idx ON rd.customers (order_count)
	INCLUDE (last_order_date, ltv) WHERE order_count >= 1;

-- Customers by recency and frequency rank (5 best), with their LTV.
CREATE FUNCTION rd.report_segments_rfm(p_from date, p_to date)
RETURNS TABLE (r int, f int, customers bigint, ltv_total bigint, ltv_average bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	today date := rd.customer_today();
	rb date[];
	fb bigint[];
BEGIN
	-- rb[k]: the earliest last order of rank k (k = 2..5); fb[k]: the
	-- fewest orders of rank k
	rb := ARRAY[NULL, today - rd.rfm_bound('rfm_r_days', 2)::int,
		    today - rd.rfm_bound('rfm_r_days', 3)::int,
		    today - rd.rfm_bound('rfm_r_days', 4)::int,
		    today - rd.rfm_bound('rfm_r_days', 5)::int];
	fb := ARRAY[NULL, rd.rfm_bound('rfm_f_orders', 2), rd.rfm_bound('rfm_f_orders', 3),
		    rd.rfm_bound('rfm_f_orders', 4), rd.rfm_bound('rfm_f_orders', 5)];
	RETURN QUERY
	SELECT x.r, x.f, count(*), sum(x.ltv)::bigint, round(avg(x.ltv))::bigint
	  FROM (SELECT CASE WHEN c.last_order_date >= rb[5] THEN 5
			    WHEN c.last_order_date >= rb[4] THEN 4
			    WHEN c.last_order_date >= rb[3] THEN 3
			    WHEN c.last_order_date >= rb[2] THEN 2
			    ELSE 1 END AS r,
		       CASE WHEN c.order_count >= fb[5] THEN 5 WHEN c.order_count >= fb[4] THEN 4
			    WHEN c.order_count >= fb[3] THEN 3 WHEN c.order_count >= fb[2] THEN 2
			    ELSE 1 END AS f,
		       c.ltv
		  FROM rd.customers c
		 WHERE c.order_count >= 1 AND c.last_order_date IS NOT NULL) x
	 GROUP BY x.r, x.f
	 ORDER BY x.r DESC, x.f DESC;
END
$$;

-- Customers by lifetime value: ¥0, 1-4,999, 5,000-9,999, 10,000-29,999,
-- 30,000-99,999, 100,000 and more (ltv_max NULL); every bucket, empty
-- ones too.
CREATE FUNCTION rd.report_segments_ltv(p_from date, p_to date)
RETURNS TABLE (ltv_min bigint, ltv_max bigint, customers bigint, ltv_total bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	RETURN QUERY
	WITH b(lo, hi) AS (VALUES (0::bigint, 0::bigint), (1, 4999), (5000, 9999),
				  (10000, 29999), (30000, 99999), (100000, NULL)),
	c AS (
		SELECT CASE WHEN c.ltv <= 0 THEN 0 WHEN c.ltv < 5000 THEN 1
			    WHEN c.ltv < 10000 THEN 5000 WHEN c.ltv < 30000 THEN 10000
			    WHEN c.ltv < 100000 THEN 30000 ELSE 100000 END AS lo,
		       count(*) AS n, sum(c.ltv) AS total
		  FROM rd.customers c
		 WHERE c.ltv >= 0
		 GROUP BY 1)
	SELECT b.lo, b.hi, coalesce(c.n, 0)::bigint, coalesce(c.total, 0)::bigint
	  FROM b LEFT JOIN c ON c.lo = b.lo
	 ORDER BY b.lo;
END
$$;

REVOKE ALL ON FUNCTION rd.report_segments_rfm(date, date),
	rd.report_segments_ltv(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.report_segments_rfm(date, date),
	rd.report_segments_ltv(date, date) TO rd_supervisor;
