-- 0021_order_figures_incremental.sql: a new order adds to the customer's
-- figures instead of summing all the customer's orders again.
--
-- The figures trigger of 0010 (rd.orders_figures) runs on every order
-- submit. For an INSERT it called rd.customer_figures_refresh, which
-- locks the customers, then sums every counted order of each of them and
-- writes the result: two passes over rd.customers and one over the
-- customer's orders for what is, for a new order, an addition. This
-- replaces the INSERT branch with one UPDATE that adds the new orders'
-- totals and count and widens the first/last order dates. UPDATE and
-- DELETE keep the full refresh (a status change or a new total may remove
-- or change what was counted).
--
-- Concurrency is as safe as before: under READ COMMITTED an UPDATE that
-- waits for another transaction's lock on the customer re-reads the row
-- that transaction committed (its ltv, count and dates) before adding, so
-- two terminals taking orders for one customer at once count both. When
-- one statement inserts orders of several customers they are locked in id
-- order first, as customer_figures_refresh does, so two such statements
-- never wait for each other crosswise. Figures that were consistent stay
-- consistent; rows without a counted order (cancelled or returned at
-- insert) change nothing.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE OR REPLACE FUNCTION rd.orders_figures() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	ids bigint[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		ids := ARRAY(SELECT DISTINCT n.customer_id FROM new_rows n
			      WHERE n.status NOT IN ('cancelled', 'returned')
			      ORDER BY 1);
		IF cardinality(ids) = 0 THEN
			RETURN NULL;
		END IF;
		IF cardinality(ids) > 1 THEN
			PERFORM 1 FROM rd.customers c WHERE c.id = ANY (ids)
			  ORDER BY c.id FOR UPDATE;
		END IF;
		UPDATE rd.customers c
		   SET ltv = c.ltv + f.ltv,
		       order_count = c.order_count + f.order_count,
		       first_order_date = least(c.first_order_date, f.first_date),
		       last_order_date = greatest(c.last_order_date, f.last_date)
		  FROM (SELECT n.customer_id AS id,
			       coalesce(sum(n.total), 0)::bigint AS ltv,
			       count(*)::int AS order_count,
			       min(n.order_date) AS first_date,
			       max(n.order_date) AS last_date
			  FROM new_rows n
			 WHERE n.status NOT IN ('cancelled', 'returned')
			 GROUP BY n.customer_id) f
		 WHERE c.id = f.id;
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM rd.customer_figures_refresh(ARRAY(
			SELECT DISTINCT o.customer_id FROM old_rows o));
	ELSE
		-- only the orders whose figures-relevant columns changed
		PERFORM rd.customer_figures_refresh(ARRAY(
			SELECT DISTINCT u.id
			  FROM old_rows o JOIN new_rows n ON n.id = o.id
			 CROSS JOIN LATERAL (VALUES (o.customer_id), (n.customer_id)) AS u(id)
			 WHERE (o.customer_id, o.status, o.total, o.order_date)
			       IS DISTINCT FROM (n.customer_id, n.status, n.total, n.order_date)));
	END IF;
	RETURN NULL;
END
$$;
