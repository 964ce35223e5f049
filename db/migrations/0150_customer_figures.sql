-- 0150_customer_figures.sql: the figures the database keeps for each
-- customer (ltv, order_count, first/last_order_date) move out of
-- rd.customers into rd.customer_figures, a narrow table of their own
-- (issue 15).
--
-- Why: every order adds to its customer's figures (0021). On rd.customers
-- that UPDATE wrote a new version of a wide row (names, addresses, search
-- grams) carrying 18-19 indexes, four of them GIN: never a HOT update, so
-- every index got a new entry, the row's page had to be read (2.6-13 ms
-- when not cached, the order's p99), and the history, touch and notify
-- triggers of the customer ran for a change nobody made. Here the figures
-- row is about 60 bytes, its only index is the primary key, and the table
-- leaves a fifth of each page free (fillfactor 80): the UPDATE changes no
-- indexed column and finds room on its page, so it is a HOT update.
--
-- What stays the same: the figures follow the orders through the same
-- statement-level triggers (0010, 0021): an INSERT adds, an UPDATE or
-- DELETE recomputes the customers it touched (rd.customer_figures_refresh).
-- Every customer has one figures row (an AFTER INSERT trigger on
-- rd.customers adds it; the demo loader writes them in one statement), so
-- readers join and get the same columns as before. The RFM ranks stay
-- computed when read (rd.rfm, 0010); the rfm_r/f/m columns of 0002, always
-- NULL, go.
--
-- Who may write: nobody but the triggers. The desk roles get SELECT only;
-- the functions that write are SECURITY DEFINER (owned by the owner), so
-- an agent with psql can read the figures but not change them. The
-- figures are not history (they are derived from the orders, whose
-- history is kept): rd.attach_all leaves this table alone.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE TABLE rd.customer_figures (
	customer_id bigint PRIMARY KEY REFERENCES rd.customers (id) ON DELETE CASCADE,
	ltv bigint NOT NULL DEFAULT 0,
	order_count int NOT NULL DEFAULT 0 CHECK (order_count >= 0),
	first_order_date date,
	last_order_date date
) WITH (fillfactor = 80);

COMMENT ON TABLE rd.customer_figures IS
	'Figures kept by the order triggers (0150); no index but the key, so that the order''s update is HOT';

INSERT INTO rd.customer_figures (customer_id, ltv, order_count, first_order_date,
				 last_order_date)
SELECT c.id, c.ltv, c.order_count, c.first_order_date, c.last_order_date
  FROM rd.customers c
 ORDER BY c.id;

-- ---------------------------------------------------------------------------
-- The columns leave rd.customers (their indexes and the guard of 0084 go
-- with them: nobody can write rd.customer_figures but its triggers).

DROP TRIGGER rd_figures_guard ON rd.customers;
DROP FUNCTION rd.customer_figures_guard();
ALTER TABLE rd.customers
	DROP COLUMN ltv,
	DROP COLUMN order_count,
	DROP COLUMN first_order_date,
	DROP COLUMN last_order_date,
	DROP COLUMN rfm_r,
	DROP COLUMN rfm_f,
	DROP COLUMN rfm_m;

-- ---------------------------------------------------------------------------
-- A new customer's figures row

CREATE FUNCTION rd.customer_figures_add() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	INSERT INTO rd.customer_figures (customer_id)
	SELECT n.id FROM new_rows n
	ON CONFLICT (customer_id) DO NOTHING;
	RETURN NULL;
END
$$;

CREATE TRIGGER rd_figures_row AFTER INSERT ON rd.customers
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.customer_figures_add();

-- ---------------------------------------------------------------------------
-- The figures triggers of 0010/0021, writing rd.customer_figures

-- Recomputes the figures of the given customers from their orders (as
-- 0010's did). The figures rows are locked first, in id order, and the
-- sums taken by the next statement, whose snapshot is newer than the lock
-- (see 0010). A customer without a figures row (loaded with the triggers
-- off) gets one. Returns the number of customers whose figures changed.
CREATE OR REPLACE FUNCTION rd.customer_figures_refresh(p_ids bigint[]) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	n int;
BEGIN
	PERFORM 1 FROM rd.customer_figures f WHERE f.customer_id = ANY (p_ids)
	  ORDER BY f.customer_id FOR UPDATE;
	INSERT INTO rd.customer_figures AS c (customer_id, ltv, order_count,
					      first_order_date, last_order_date)
	SELECT x.id, coalesce(sum(o.total), 0)::bigint, count(o.id)::int,
	       min(o.order_date), max(o.order_date)
	  FROM (SELECT DISTINCT u.id FROM unnest(p_ids) AS u(id)
		 WHERE u.id IS NOT NULL
		   AND EXISTS (SELECT 1 FROM rd.customers k WHERE k.id = u.id)) x
	  LEFT JOIN rd.orders o
		 ON o.customer_id = x.id
		AND o.status NOT IN ('cancelled', 'returned')
	 GROUP BY x.id
	 ORDER BY x.id
	ON CONFLICT (customer_id) DO UPDATE
	   SET ltv = excluded.ltv, order_count = excluded.order_count,
	       first_order_date = excluded.first_order_date,
	       last_order_date = excluded.last_order_date
	 WHERE (c.ltv, c.order_count, c.first_order_date, c.last_order_date)
	       IS DISTINCT FROM (excluded.ltv, excluded.order_count,
				 excluded.first_order_date, excluded.last_order_date);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END
$$;

-- 0021's trigger: a new order adds to its customer's figures (one
-- statement, however many orders); a change or a delete recomputes.
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
			PERFORM 1 FROM rd.customer_figures c WHERE c.customer_id = ANY (ids)
			  ORDER BY c.customer_id FOR UPDATE;
		END IF;
		-- only unindexed columns change: a HOT update
		INSERT INTO rd.customer_figures AS c (customer_id, ltv, order_count,
						      first_order_date, last_order_date)
		SELECT n.customer_id, coalesce(sum(n.total), 0)::bigint, count(*)::int,
		       min(n.order_date), max(n.order_date)
		  FROM new_rows n
		 WHERE n.status NOT IN ('cancelled', 'returned')
		 GROUP BY n.customer_id
		 ORDER BY n.customer_id
		ON CONFLICT (customer_id) DO UPDATE
		   SET ltv = c.ltv + excluded.ltv,
		       order_count = c.order_count + excluded.order_count,
		       first_order_date = least(c.first_order_date, excluded.first_order_date),
		       last_order_date = greatest(c.last_order_date, excluded.last_order_date);
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

-- ---------------------------------------------------------------------------
-- The segments report (0121) reads the figures table

CREATE OR REPLACE FUNCTION rd.report_segments_rfm(p_from date, p_to date)
RETURNS TABLE (r int, f int, customers bigint, ltv_total bigint, ltv_average bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	today date := rd.customer_today();
	rb date[];
	fb bigint[];
BEGIN
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
		  FROM rd.customer_figures c
		 WHERE c.order_count >= 1 AND c.last_order_date IS NOT NULL) x
	 GROUP BY x.r, x.f
	 ORDER BY x.r DESC, x.f DESC;
END
$$;

CREATE OR REPLACE FUNCTION rd.report_segments_ltv(p_from date, p_to date)
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
		  FROM rd.customer_figures c
		 WHERE c.ltv >= 0
		 GROUP BY 1)
	SELECT b.lo, b.hi, coalesce(c.n, 0)::bigint, coalesce(c.total, 0)::bigint
	  FROM b LEFT JOIN c ON c.lo = b.lo
	 ORDER BY b.lo;
END
$$;

-- ---------------------------------------------------------------------------
-- No history, touch or text guard on the figures (derived numbers, no text,
-- no version): rd.attach_all, which later migrations call, skips them.

CREATE OR REPLACE FUNCTION rd.attach_all() RETURNS int
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	t regclass;
	n int := 0;
BEGIN
	FOR t IN
		SELECT c.oid::regclass FROM pg_class c
		 WHERE c.relnamespace = 'rd'::regnamespace
		   AND c.relkind IN ('r', 'p') AND NOT c.relispartition
		   AND c.relname NOT IN ('history', 'schema_migrations', 'customer_figures')
		 ORDER BY c.relname
	LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_trigger
				WHERE tgrelid = t AND tgname = 'rd_touch') THEN
			PERFORM rd.attach_touch(t);
			n := n + 1;
		END IF;
		IF NOT EXISTS (SELECT 1 FROM pg_trigger
				WHERE tgrelid = t AND tgname = 'rd_history') THEN
			PERFORM rd.attach_history(t);
			n := n + 1;
		END IF;
		IF NOT EXISTS (SELECT 1 FROM pg_trigger
				WHERE tgrelid = t AND tgname = 'rd_text_guard') THEN
			PERFORM rd.attach_text_guard(t);
			n := n + 1;
		END IF;
	END LOOP;
	RETURN n;
END
$$;

-- ---------------------------------------------------------------------------
-- Grants: read by whoever reads the customers; written by nobody (the
-- SECURITY DEFINER triggers above write as the owner).

REVOKE ALL ON rd.customer_figures FROM PUBLIC;
GRANT SELECT ON rd.customer_figures TO rd_operator;
REVOKE ALL ON FUNCTION rd.customer_figures_add() FROM PUBLIC;

ANALYZE rd.customer_figures;
