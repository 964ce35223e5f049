-- 0010_customer_search.sql: finding a caller among a million customers,
-- the figures on the customer card, and saved search filters.
--
-- What the lookup asks for and which index answers it (store/customer.c
-- writes the queries; every one is parameterized):
--
--   exact phone       phone1 = $1 OR phone2 = $1      customers_phone1/2_idx (0002)
--   last 4+ digits    reverse(phoneN) LIKE '8765%'    customers_phoneN_rev_idx
--   customer code     code = $1                       UNIQUE (code) (0002)
--   order number      orders.order_no = $1            UNIQUE (order_no) (0002)
--   e-mail            email = lower($1)               customers_email_idx (0002);
--                     the CHECK email = lower(email) keeps stored addresses
--                     lower-case, so a plain index is the case-insensitive one
--   postal code       postal_code = $1 (7 digits)     customers_postal_code_idx (0002)
--   name, reading     rd.search_text(x) = q           customers_*_search_idx (btree
--     exact / prefix  rd.search_text(x) LIKE 'q%'      (text COLLATE "C", code))
--     anywhere, 3+    rd.search_text(x) LIKE '%q%'    customers_*_trgm_idx (pg_trgm GIN)
--     anywhere, 1-2   name_grams @> {q}               customers_*_grams_idx (GIN over
--                                                      the 1- and 2-character grams)
-- pg_trgm extracts nothing from a 1- or 2-character pattern, so alone it
-- would scan the whole index for "田" or "ヤマ"; the gram arrays answer
-- those: a name contains q (1 or 2 characters) exactly when q is one of its
-- grams. The arrays are stored (generated columns), not an expression
-- index: a common character ("田" is in a fifth of all names) is best read
-- in code order with the test made on each row, and computing the grams
-- for each row costs ten times more than reading them; ANALYZE also keeps
-- element statistics for the column, so the planner knows how common a
-- gram is and picks between that and the GIN index. Generated columns are
-- filled by COPY too (the demo loader runs with triggers off).
-- Readings are searched in katakana without spaces: core/normalize turns
-- hiragana and half-width katakana into it before the query.
--
-- Figures (ltv, order_count, first/last_order_date) follow the orders
-- through statement-level triggers (one UPDATE per statement, however many
-- rows a COPY brings). The RFM rank is not stored: R depends on today, and
-- F and M on thresholds a supervisor may change, so rd.rfm computes all
-- three when read, from the figures and rd.settings; the rfm_r/f/m
-- columns of 0002 stay NULL. A filter on a rank becomes a range on the
-- figure it is made of (rd.rfm_bound), which an index can serve.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- ---------------------------------------------------------------------------
-- Search keys

-- The text a name or reading is searched by: lower case, without spaces
-- (ASCII, tab, ideographic) and without the middle dot, so that
-- "ジョン・スミス", "ジョン スミス" and "ジョンスミス" are one key. A SQL
-- function with a body: the planner inlines it, in the index expressions
-- and in the queries alike, so they match.
CREATE FUNCTION rd.search_text(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN pg_catalog.lower(pg_catalog.translate(s, E' \t\u3000\u30FB', ''));

-- Every 1- and 2-character gram of a name's search text, without
-- duplicates: "山田太郎" → {山,田,太,郎,山田,田太,太郎}.
CREATE FUNCTION rd.search_grams(s text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
	SELECT coalesce(pg_catalog.array_agg(DISTINCT g.gram), '{}')
	  FROM (SELECT rd.search_text(s) AS t) x
	 CROSS JOIN LATERAL pg_catalog.generate_series(1, pg_catalog.length(x.t)) AS i(pos)
	 CROSS JOIN LATERAL (VALUES (pg_catalog.substr(x.t, i.pos, 1)),
				    (pg_catalog.substr(x.t, i.pos, 2))) AS g(gram);
END;

-- The grams a text containing q must have: q itself when it is one
-- character, else its 2-character grams ("ヤマダ" → {ヤマ,マダ}). Called
-- with the query's text, which the planner folds to a constant: PL/pgSQL,
-- so that it is not planned anew in each search.
CREATE FUNCTION rd.search_query_grams(q text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
AS $$
DECLARE
	t text := rd.search_text(q);
	g text[] := '{}';
BEGIN
	IF pg_catalog.length(t) <= 1 THEN
		RETURN ARRAY[t];
	END IF;
	FOR i IN 1 .. pg_catalog.length(t) - 1 LOOP
		IF NOT pg_catalog.substr(t, i, 2) = ANY (g) THEN
			g := g || pg_catalog.substr(t, i, 2);
		END IF;
	END LOOP;
	RETURN g;
END
$$;

CREATE INDEX customers_phone1_rev_idx ON rd.customers (reverse(phone1) text_pattern_ops);
CREATE INDEX customers_phone2_rev_idx ON rd.customers (reverse(phone2) text_pattern_ops);

-- (search text, code) in byte order (COLLATE "C", where LIKE 'q%' is a
-- range): equality gives the exact matches in code order, a prefix gives
-- its matches in the order of the text; either way the first page is the
-- first rows of the index, however many match ("サ" starts a tenth of all
-- readings).
CREATE INDEX customers_name_search_idx ON rd.customers
	((rd.search_text(name) COLLATE "C"), code);
CREATE INDEX customers_kana_search_idx ON rd.customers
	((rd.search_text(name_kana) COLLATE "C"), code);
CREATE INDEX customers_name_trgm_idx ON rd.customers
	USING gin (rd.search_text(name) public.gin_trgm_ops);
CREATE INDEX customers_kana_trgm_idx ON rd.customers
	USING gin (rd.search_text(name_kana) public.gin_trgm_ops);
ALTER TABLE rd.customers
	ADD COLUMN name_grams text[] GENERATED ALWAYS AS (rd.search_grams(name)) STORED,
	ADD COLUMN kana_grams text[] GENERATED ALWAYS AS (rd.search_grams(name_kana)) STORED;
CREATE INDEX customers_name_grams_idx ON rd.customers USING gin (name_grams);
CREATE INDEX customers_kana_grams_idx ON rd.customers USING gin (kana_grams);

-- Compound filters: the selective ones get an index so that a rare value
-- (a small prefecture, a narrow date range) is found without walking the
-- whole table in code order.
CREATE INDEX customers_prefecture_idx ON rd.customers (prefecture, code);
CREATE INDEX customers_last_order_date_idx ON rd.customers (last_order_date);
CREATE INDEX customers_birth_date_idx ON rd.customers (birth_date);
CREATE INDEX customers_ltv_idx ON rd.customers (ltv);

-- ---------------------------------------------------------------------------
-- Figures kept current by the orders

-- Recomputes the figures of the given customers from their orders. An
-- order counts unless it was cancelled or returned (as the demo data's
-- figures do: a returned order was refunded). Customers whose figures
-- did not change are not touched (no version bump, no history row).
-- SECURITY DEFINER: the figures follow every change to orders, whoever
-- may make it. Returns the number of customers updated.
--
-- The customers are locked first (in id order: two statements never wait
-- for each other crosswise), and the sums are taken by the next
-- statement, whose snapshot is newer than the lock: when two terminals
-- take orders for one customer at once, the second waits for the first
-- to commit and then counts both orders. Summing inside the UPDATE would
-- count with the older snapshot and lose the first order.
CREATE FUNCTION rd.customer_figures_refresh(p_ids bigint[]) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	n int;
BEGIN
	PERFORM 1 FROM rd.customers c WHERE c.id = ANY (p_ids)
	  ORDER BY c.id FOR UPDATE;
	UPDATE rd.customers c
	   SET ltv = f.ltv, order_count = f.order_count,
	       first_order_date = f.first_date, last_order_date = f.last_date
	  FROM (SELECT x.id,
		       coalesce(sum(o.total), 0)::bigint AS ltv,
		       count(o.id)::int AS order_count,
		       min(o.order_date) AS first_date,
		       max(o.order_date) AS last_date
		  FROM (SELECT DISTINCT u.id FROM unnest(p_ids) AS u(id)
			 WHERE u.id IS NOT NULL) x
		  LEFT JOIN rd.orders o
			 ON o.customer_id = x.id
			AND o.status NOT IN ('cancelled', 'returned')
		 GROUP BY x.id) f
	 WHERE c.id = f.id
	   AND (c.ltv, c.order_count, c.first_order_date, c.last_order_date)
	       IS DISTINCT FROM (f.ltv, f.order_count, f.first_date, f.last_date);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END
$$;

-- Statement-level, with transition tables: one refresh per statement.
CREATE FUNCTION rd.orders_figures() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM rd.customer_figures_refresh(ARRAY(
			SELECT DISTINCT n.customer_id FROM new_rows n));
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

CREATE TRIGGER rd_figures_insert AFTER INSERT ON rd.orders
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.orders_figures();
CREATE TRIGGER rd_figures_update AFTER UPDATE ON rd.orders
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.orders_figures();
CREATE TRIGGER rd_figures_delete AFTER DELETE ON rd.orders
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION rd.orders_figures();

-- Figures of customers loaded before this migration (or with the
-- triggers off): computed once here.
SELECT rd.customer_figures_refresh(ARRAY(SELECT DISTINCT customer_id FROM rd.orders));

-- ---------------------------------------------------------------------------
-- RFM, computed when read

INSERT INTO rd.settings (key, value, description) VALUES
	('rfm_r_days', '30,60,120,240',
	 'Recency score 5/4/3/2 when the last order is at most this many days ago, else 1'),
	('rfm_f_orders', '10,5,3,2',
	 'Frequency score 5/4/3/2 from at least this many orders, else 1'),
	('rfm_m_yen', '100000,50000,20000,10000',
	 'Monetary score 5/4/3/2 from at least this lifetime value (yen), else 1')
ON CONFLICT (key) DO NOTHING;

-- These are PL/pgSQL: their statements are planned once per session,
-- where a SQL function that is not inlined would be planned again in every
-- query that calls it (a card or a search each time).

-- Today in the business time zone (rd.settings business_timezone).
CREATE FUNCTION rd.customer_today() RETURNS date
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
	RETURN (pg_catalog.now() AT TIME ZONE coalesce(
		(SELECT s.value FROM rd.settings s WHERE s.key = 'business_timezone'),
		'Asia/Tokyo'))::date;
END
$$;

-- The score 5..1 of p_value against four thresholds written "a,b,c,d",
-- best first: the first threshold met gives 5, 4, 3, 2; none gives 1.
-- p_lower: a threshold is met at or below it (days since the last order),
-- else at or above it (orders, yen). NULL for a NULL value or thresholds
-- that are not four numbers.
CREATE FUNCTION rd.rfm_rank(p_thresholds text, p_value bigint, p_lower boolean)
RETURNS int
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
	t bigint[];
BEGIN
	IF p_value IS NULL OR p_thresholds IS NULL
	   OR p_thresholds !~ '^ *[0-9]+ *(, *[0-9]+ *){3}$' THEN
		RETURN NULL;
	END IF;
	t := pg_catalog.string_to_array(pg_catalog.replace(p_thresholds, ' ', ''), ',')::bigint[];
	FOR i IN 1 .. 4 LOOP
		IF (p_lower AND p_value <= t[i]) OR (NOT p_lower AND p_value >= t[i]) THEN
			RETURN 6 - i;
		END IF;
	END LOOP;
	RETURN 1;
END
$$;

-- The threshold of an RFM setting for score p_rank (2..5): the 1st value
-- for 5, the 4th for 2. NULL for other ranks or a malformed setting. A
-- filter "R >= 4" becomes last_order_date >= today - rfm_bound(.., 4).
CREATE FUNCTION rd.rfm_bound(p_key text, p_rank int) RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
	v text;
BEGIN
	SELECT s.value INTO v FROM rd.settings s WHERE s.key = p_key;
	IF p_rank NOT BETWEEN 2 AND 5 OR v IS NULL
	   OR v !~ '^ *[0-9]+ *(, *[0-9]+ *){3}$' THEN
		RETURN NULL;
	END IF;
	RETURN (pg_catalog.string_to_array(pg_catalog.replace(v, ' ', ''), ','))[6 - p_rank]::bigint;
END
$$;

-- R, F and M of one customer from its figures; all NULL without orders.
CREATE FUNCTION rd.rfm(p_last_order date, p_orders int, p_ltv bigint,
		       OUT r int, OUT f int, OUT m int)
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
	rt text;
	ft text;
	mt text;
BEGIN
	IF coalesce(p_orders, 0) = 0 THEN
		RETURN;
	END IF;
	SELECT max(s.value) FILTER (WHERE s.key = 'rfm_r_days'),
	       max(s.value) FILTER (WHERE s.key = 'rfm_f_orders'),
	       max(s.value) FILTER (WHERE s.key = 'rfm_m_yen')
	  INTO rt, ft, mt
	  FROM rd.settings s WHERE s.key IN ('rfm_r_days', 'rfm_f_orders', 'rfm_m_yen');
	r := rd.rfm_rank(rt, rd.customer_today() - p_last_order, true);
	f := rd.rfm_rank(ft, p_orders, false);
	m := rd.rfm_rank(mt, p_ltv, false);
END
$$;

-- ---------------------------------------------------------------------------
-- Saved search filters: each agent's own, by name

CREATE TABLE rd.saved_filters (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	agent text NOT NULL DEFAULT session_user,
	name text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 60),
	filter jsonb NOT NULL CHECK (jsonb_typeof(filter) = 'object'),
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (agent, name)
);

-- Everyone sees and changes only their own (the owner, who runs the
-- migrations, is not subject to the policy).
ALTER TABLE rd.saved_filters ENABLE ROW LEVEL SECURITY;
CREATE POLICY saved_filters_own ON rd.saved_filters
	USING (agent = session_user)
	WITH CHECK (agent = session_user);

GRANT SELECT, INSERT, DELETE ON rd.saved_filters TO rd_operator;
GRANT UPDATE (name, filter, version) ON rd.saved_filters TO rd_operator;

-- ---------------------------------------------------------------------------
-- Functions: closed to PUBLIC (0004's rule), opened to the desk where the
-- queries call them.

REVOKE ALL ON FUNCTION rd.search_text(text), rd.search_grams(text),
	rd.search_query_grams(text), rd.customer_figures_refresh(bigint[]),
	rd.orders_figures(), rd.customer_today(), rd.rfm_rank(text, bigint, boolean),
	rd.rfm_bound(text, int), rd.rfm(date, int, bigint)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.search_text(text), rd.search_grams(text),
	rd.search_query_grams(text), rd.customer_today(), rd.rfm_rank(text, bigint, boolean),
	rd.rfm_bound(text, int), rd.rfm(date, int, bigint)
	TO rd_operator;
-- a repair after changing the data with the triggers off
GRANT EXECUTE ON FUNCTION rd.customer_figures_refresh(bigint[]) TO rd_supervisor;

SELECT rd.attach_all();
