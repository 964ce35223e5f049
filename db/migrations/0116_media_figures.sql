-- 0116_media_figures.sql: each customer's first order and sales by days
-- since it, kept by triggers, so the media report reads one narrow row
-- per new customer instead of all their orders (issue 13 §2, speed).
--
-- rd_sum.media_customers: one row per customer with a counted order
-- (neither cancelled nor returned), what rd.media_customers_compute says
-- of them: the first order (the counted one with the smallest
-- (order_date, id)), its date and media code, whether it holds a trial
-- product, whether a counted subscription started on or after it
-- (引き上げ), and the sales of the counted orders by days since it
-- (0-30, 31-60, 61-90, 91-180, 181-365, 366+). The words are those of
-- 0117, the media report that reads it.
--
-- Derived data, not business data: no version, no history (the orders,
-- lines and subscriptions it comes from have theirs), in a schema of its
-- own like rd_live; supervisors read it (the reports), nobody writes it
-- but the owner's refresh.
--
-- How it stays true: rd.media_customers_refresh(ids) recomputes the rows
-- of the customers named (rd.media_customers_compute, the one
-- definition) and writes the difference. Statement triggers call it, in the same transaction, for
-- every customer whose figures a statement can change:
--   orders          insert, delete; update of customer, status, date,
--                   total, media code or subscription
--   order_lines     any change (the trial product of a first order)
--   subscriptions   insert, delete; update of customer, status, start
--   products        update of subscription_price or upsell_sku (what is
--                   a trial): the customers whose first order holds it
-- The refresh locks the customers first (in id order, as 0010's figures
-- do), then computes with a newer snapshot: two terminals changing one
-- customer's orders at once are serialized and the second counts both.
-- `repeatdesk db seed` loads with triggers off and rebuilds the table at
-- the end (rd.media_customers_rebuild). tests/db/check_report_media
-- compares the table with a full recomputation after every kind of change.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE SCHEMA rd_sum;
REVOKE ALL ON SCHEMA rd_sum FROM PUBLIC;
GRANT USAGE ON SCHEMA rd_sum TO rd_supervisor;

CREATE TABLE rd_sum.media_customers (
	customer_id bigint PRIMARY KEY,
	first_date date NOT NULL,
	first_order_id bigint NOT NULL,
	media_code text,
	trial boolean NOT NULL,
	upgraded boolean NOT NULL,
	b0_30 bigint NOT NULL,
	b31_60 bigint NOT NULL,
	b61_90 bigint NOT NULL,
	b91_180 bigint NOT NULL,
	b181_365 bigint NOT NULL,
	b366 bigint NOT NULL
);
-- the report's range scan reads the index alone
CREATE INDEX media_customers_first_date_idx ON rd_sum.media_customers (first_date)
	INCLUDE (media_code, trial, upgraded, b0_30, b31_60, b61_90, b91_180,
		 b181_365, b366);
GRANT SELECT ON rd_sum.media_customers TO rd_supervisor;

-- The truth: the figures of the customers p_ids (NULL: every customer)
-- from their orders, lines and subscriptions as they are now. One query
-- text for both; the filter is chosen before it is planned, so a refresh
-- of one customer reads that customer's orders through the index (a
-- plan made for "NULL or these" would read every order, on every order
-- taken).
CREATE FUNCTION rd.media_customers_compute(p_ids bigint[])
RETURNS TABLE (customer_id bigint, first_date date, first_order_id bigint,
	       media_code text, trial boolean, upgraded boolean,
	       b0_30 bigint, b31_60 bigint, b61_90 bigint, b91_180 bigint,
	       b181_365 bigint, b366 bigint)
LANGUAGE plpgsql STABLE
SET jit = off
SET search_path = pg_catalog, rd, pg_temp
AS $fn$
BEGIN
	RETURN QUERY EXECUTE format($q$
	WITH o AS MATERIALIZED (
		SELECT o.customer_id, o.id, o.order_date, o.media_code, o.total
		  FROM rd.orders o
		 WHERE %s
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
	$q$, CASE WHEN p_ids IS NULL THEN 'true' ELSE 'o.customer_id = ANY ($1)' END)
	USING p_ids;
END
$fn$;

CREATE FUNCTION rd.media_customers_refresh(p_ids bigint[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	ids bigint[];
BEGIN
	ids := ARRAY(SELECT DISTINCT u.id FROM unnest(p_ids) AS u(id)
		      WHERE u.id IS NOT NULL ORDER BY 1);
	IF cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	PERFORM 1 FROM rd.customers c WHERE c.id = ANY (ids) ORDER BY c.id FOR UPDATE;
	-- the next statement has a newer snapshot than the lock: it sees
	-- what others committed meanwhile. The rows it deletes (customers
	-- left without a counted order) and those it writes are disjoint.
	WITH n AS (
		SELECT * FROM rd.media_customers_compute(ids)
	), gone AS (
		DELETE FROM rd_sum.media_customers m
		 WHERE m.customer_id = ANY (ids)
		   AND m.customer_id NOT IN (SELECT n.customer_id FROM n)
	)
	INSERT INTO rd_sum.media_customers AS m SELECT * FROM n
	ON CONFLICT (customer_id) DO UPDATE
	   SET first_date = EXCLUDED.first_date, first_order_id = EXCLUDED.first_order_id,
	       media_code = EXCLUDED.media_code, trial = EXCLUDED.trial,
	       upgraded = EXCLUDED.upgraded, b0_30 = EXCLUDED.b0_30,
	       b31_60 = EXCLUDED.b31_60, b61_90 = EXCLUDED.b61_90,
	       b91_180 = EXCLUDED.b91_180, b181_365 = EXCLUDED.b181_365,
	       b366 = EXCLUDED.b366
	 WHERE (m.*) IS DISTINCT FROM (EXCLUDED.*);
END
$$;

-- Everything again (after a bulk load with triggers off; a check).
CREATE FUNCTION rd.media_customers_rebuild() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET work_mem = '256MB'
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	n bigint;
BEGIN
	LOCK TABLE rd_sum.media_customers IN EXCLUSIVE MODE;
	TRUNCATE rd_sum.media_customers;
	INSERT INTO rd_sum.media_customers SELECT * FROM rd.media_customers_compute(NULL);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END
$$;

-- ---------------------------------------------------------------------------
-- The triggers

CREATE FUNCTION rd.media_customers_orders() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM rd.media_customers_refresh(ARRAY(
			SELECT n.customer_id FROM new_rows n
			 WHERE n.status NOT IN ('cancelled', 'returned')));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM rd.media_customers_refresh(ARRAY(SELECT o.customer_id FROM old_rows o));
	ELSE
		PERFORM rd.media_customers_refresh(ARRAY(
			SELECT u.id
			  FROM old_rows o JOIN new_rows n ON n.id = o.id
			 CROSS JOIN LATERAL (VALUES (o.customer_id), (n.customer_id)) AS u(id)
			 WHERE (o.customer_id, o.status, o.order_date, o.total, o.media_code,
				o.subscription_id)
			       IS DISTINCT FROM (n.customer_id, n.status, n.order_date, n.total,
						 n.media_code, n.subscription_id)));
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION rd.media_customers_lines() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM rd.media_customers_refresh(ARRAY(
			SELECT o.customer_id FROM rd.orders o
			 WHERE o.id IN (SELECT n.order_id FROM new_rows n)));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM rd.media_customers_refresh(ARRAY(
			SELECT o.customer_id FROM rd.orders o
			 WHERE o.id IN (SELECT d.order_id FROM old_rows d)));
	ELSE
		PERFORM rd.media_customers_refresh(ARRAY(
			SELECT o.customer_id FROM rd.orders o
			 WHERE o.id IN (SELECT n.order_id FROM new_rows n
					UNION SELECT d.order_id FROM old_rows d)));
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION rd.media_customers_subscriptions() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM rd.media_customers_refresh(ARRAY(SELECT n.customer_id FROM new_rows n));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM rd.media_customers_refresh(ARRAY(SELECT o.customer_id FROM old_rows o));
	ELSE
		PERFORM rd.media_customers_refresh(ARRAY(
			SELECT u.id
			  FROM old_rows o JOIN new_rows n ON n.id = o.id
			 CROSS JOIN LATERAL (VALUES (o.customer_id), (n.customer_id)) AS u(id)
			 WHERE (o.customer_id, o.status, o.started_on)
			       IS DISTINCT FROM (n.customer_id, n.status, n.started_on)));
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION rd.media_customers_products() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	PERFORM rd.media_customers_refresh(ARRAY(
		SELECT m.customer_id
		  FROM rd_sum.media_customers m
		  JOIN rd.order_lines l ON l.order_id = m.first_order_id
		 WHERE l.sku IN (SELECT u.sku
				   FROM old_rows o JOIN new_rows n ON n.id = o.id
				  CROSS JOIN LATERAL (VALUES (o.sku), (n.sku)) AS u(sku)
				  WHERE (o.sku, o.subscription_price, o.upsell_sku)
					IS DISTINCT FROM (n.sku, n.subscription_price, n.upsell_sku))));
	RETURN NULL;
END
$$;

-- named after rd_figures_*: the customer figures of 0010 run first (same
-- event, triggers fire in name order) and take the customer's lock
CREATE TRIGGER rd_media_customers_insert AFTER INSERT ON rd.orders
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.media_customers_orders();
CREATE TRIGGER rd_media_customers_update AFTER UPDATE ON rd.orders
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.media_customers_orders();
CREATE TRIGGER rd_media_customers_delete AFTER DELETE ON rd.orders
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.media_customers_orders();

CREATE TRIGGER rd_media_customers_insert AFTER INSERT ON rd.order_lines
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.media_customers_lines();
CREATE TRIGGER rd_media_customers_update AFTER UPDATE ON rd.order_lines
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.media_customers_lines();
CREATE TRIGGER rd_media_customers_delete AFTER DELETE ON rd.order_lines
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.media_customers_lines();

CREATE TRIGGER rd_media_customers_insert AFTER INSERT ON rd.subscriptions
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.media_customers_subscriptions();
CREATE TRIGGER rd_media_customers_update AFTER UPDATE ON rd.subscriptions
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.media_customers_subscriptions();
CREATE TRIGGER rd_media_customers_delete AFTER DELETE ON rd.subscriptions
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.media_customers_subscriptions();

CREATE TRIGGER rd_media_customers_update AFTER UPDATE ON rd.products
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.media_customers_products();

REVOKE ALL ON FUNCTION rd.media_customers_compute(bigint[]),
	rd.media_customers_refresh(bigint[]), rd.media_customers_rebuild(),
	rd.media_customers_orders(), rd.media_customers_lines(),
	rd.media_customers_subscriptions(), rd.media_customers_products()
	FROM PUBLIC;

-- what is there already
SELECT rd.media_customers_rebuild();
