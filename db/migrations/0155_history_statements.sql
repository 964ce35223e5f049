-- 0155_history_statements.sql: the change history written once per
-- statement, by a trigger function made for each table (issue 15).
--
-- Until now rd.history_record() (0003, 0011, 0081) ran FOR EACH ROW: for
-- every row it asked pg_attribute for the generated columns, built the row
-- as jsonb twice, listed the changed columns through json_each, looked the
-- customer up by a dynamic EXECUTE on the parent table, and inserted one
-- history row: a fifth to a third of an order's or a skip's time.
--
-- Now every business table has three AFTER ... FOR EACH STATEMENT triggers
-- with transition tables (PostgreSQL allows a transition table only on a
-- trigger for one event):
--   rd_changes_insert   REFERENCING NEW TABLE AS history_new
--   rd_changes_update   REFERENCING OLD TABLE AS history_old NEW TABLE AS history_new
--   rd_changes_delete   REFERENCING OLD TABLE AS history_old
-- (named to sort before the other statement triggers, rd_figures_* and
-- rd_media_customers_*: as with the row trigger, a statement's own rows
-- get their history ids before the changes its other triggers make).
-- Each calls rd_sec.history_of_<table>(), a function rd.history_generate
-- writes when the trigger is attached, with everything that is per table
-- decided then: the key columns, the generated and derived columns left
-- out, the columns in table order, and where the customer comes from (the
-- table's own id for rd.customers, the parent row for lines, the row's
-- customer_id column, or none). One INSERT INTO rd.history ... SELECT per
-- statement, rows in key order, no catalogue query and no dynamic SQL
-- when it runs. The reason, request id and revert link are read once per
-- statement.
--
-- The history rows are as before: actor, txid, table_name, row_key, op,
-- old_row and new_row (whole rows, bookkeeping included, generated
-- columns left out), changed (UPDATE: the columns whose value changed,
-- INSERT/DELETE: the columns holding a value; table order; never version,
-- created_at, updated_at, generated or derived columns), reason,
-- request_id, customer_id, reverts. An UPDATE that changes nothing but
-- bookkeeping or derived columns writes no row. Differences: inside one
-- statement the rows are in key order (they were in the order the
-- executor met them); derived columns are left out of changed.
--
-- Derived columns: figures the database keeps from other rows (the
-- customer's ltv, order count, first/last order dates, RFM). They stay in
-- old_row/new_row while they are columns of the table, but a change of
-- them alone is no business change and writes no history row. Tables that
-- hold only such figures (rd.customer_figures, issue 15) get no history
-- at all.
--
-- Configuration: rd_sec.history_tables, one row per table (by name): the
-- parent and key that lead to the customer, the derived columns, whether
-- it is recorded, and the shape of the table the function was made for.
-- rd.attach_history(tbl, parent, fk) writes it and (re)makes the function
-- and triggers; rd.attach_all() (which every migration that adds a table
-- ends with) also re-makes the function of any table whose columns,
-- key or configuration changed since: a migration that adds, drops or
-- renames a column of a business table ends with SELECT rd.attach_all().
-- rd.history_stale() lists tables whose triggers are missing or out of
-- date (check_history asserts there are none).
--
-- A key is never changed in place: the UPDATE trigger pairs old and new
-- rows by key and refuses a statement that changed one.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE TABLE rd_sec.history_tables (
	table_name text PRIMARY KEY,          -- relname in schema rd
	customer_parent text NOT NULL DEFAULT '',  -- 'rd.orders', or ''
	customer_fk text NOT NULL DEFAULT '',      -- 'order_id', or ''
	derived text[] NOT NULL DEFAULT '{}',  -- figures kept by the database
	recorded boolean NOT NULL DEFAULT true,   -- false: no history at all
	shape text,                          -- rd.history_shape() when made
	CHECK ((customer_parent = '') = (customer_fk = ''))
);
REVOKE ALL ON rd_sec.history_tables FROM PUBLIC;

-- The parents of 0003, 0020, 0030, 0040 (and of any later table attached
-- with one), read from the row triggers' arguments: parent, fk, key...
INSERT INTO rd_sec.history_tables (table_name, customer_parent, customer_fk)
SELECT c.relname, a[1], a[2]
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  CROSS JOIN LATERAL (SELECT string_to_array(encode(t.tgargs, 'escape'), '\000') AS a) x
 WHERE c.relnamespace = 'rd'::regnamespace AND t.tgname = 'rd_history'
   AND t.tgnargs >= 2;

-- Derived figures of the customer (those that are still columns of
-- rd.customers: rd.customer_figures may hold them instead).
INSERT INTO rd_sec.history_tables (table_name, derived)
VALUES ('customers', ARRAY['ltv', 'order_count', 'first_order_date', 'last_order_date',
			   'rfm_r', 'rfm_f', 'rfm_m'])
ON CONFLICT (table_name) DO UPDATE SET derived = EXCLUDED.derived;
-- Figures only: no history.
INSERT INTO rd_sec.history_tables (table_name, recorded)
VALUES ('customer_figures', false)
ON CONFLICT (table_name) DO UPDATE SET recorded = false;

-- ---------------------------------------------------------------------------
-- What a table's history function depends on: its columns in order (with
-- generated ones marked), its key and its configuration.
CREATE FUNCTION rd.history_shape(tbl regclass) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT concat_ws('|',
		(SELECT string_agg(concat_ws(':', a.attname, a.attgenerated::text, a.atttypid::regtype::text),
				   ',' ORDER BY a.attnum)
		   FROM pg_attribute a
		  WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped),
		(SELECT string_agg(a.attname, ',' ORDER BY k.ord)
		   FROM pg_index i
		  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
		   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		  WHERE i.indrelid = tbl AND i.indisprimary),
		(SELECT concat_ws(';', h.customer_parent, h.customer_fk, h.derived::text, h.recorded)
		   FROM pg_class c JOIN rd_sec.history_tables h ON h.table_name = c.relname
		  WHERE c.oid = tbl))
$$;

-- The refusal of a statement that changed a key in place (called by the
-- made functions, which pair old and new rows by key).
CREATE FUNCTION rd_sec.history_key_changed(p_table text) RETURNS text[]
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RAISE EXCEPTION 'the key of % changed: the history names rows by their key', p_table
		USING ERRCODE = 'feature_not_supported';
END
$$;
REVOKE ALL ON FUNCTION rd_sec.history_key_changed(text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Makes rd_sec.history_of_<table>() and the three triggers from the
-- configuration (a row is added when there is none: no parent, nothing
-- derived).
CREATE FUNCTION rd.history_generate(tbl regclass) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $gen$
DECLARE
	rel text;
	trg name;
	cfg rd_sec.history_tables;
	pk text[];
	gen text[];
	cols text[];
	fn text;
	minus text := '';
	key_sel text;
	key_sel_full text;
	key_order text;
	key_join text;
	row_key text;
	cust text;
	ch_ins text;
	ch_upd text;
	cols_list text := 'actor, txid, table_name, row_key, op, old_row, new_row, changed,'
			  ' reason, request_id, customer_id, reverts';
BEGIN
	SELECT c.relname INTO rel FROM pg_class c
	 WHERE c.oid = tbl AND c.relnamespace = 'rd'::regnamespace;
	IF rel IS NULL THEN
		RAISE EXCEPTION '% is not a table of schema rd', tbl;
	END IF;
	INSERT INTO rd_sec.history_tables (table_name) VALUES (rel)
	ON CONFLICT (table_name) DO NOTHING;
	SELECT * INTO cfg FROM rd_sec.history_tables h WHERE h.table_name = rel;

	FOR trg IN SELECT t.tgname FROM pg_trigger t
		    WHERE t.tgrelid = tbl
		      AND t.tgname IN ('rd_history', 'rd_changes_insert', 'rd_changes_update',
				       'rd_changes_delete')
	LOOP
		EXECUTE format('DROP TRIGGER %I ON %s', trg, tbl);
	END LOOP;
	fn := format('rd_sec.%I', 'history_of_' || rel);
	IF NOT cfg.recorded THEN
		IF to_regprocedure(fn || '()') IS NOT NULL THEN
			EXECUTE format('DROP FUNCTION %s()', fn);
		END IF;
		UPDATE rd_sec.history_tables h SET shape = rd.history_shape(tbl)
		 WHERE h.table_name = rel;
		RETURN;
	END IF;

	SELECT array_agg(a.attname::text ORDER BY k.ord) INTO pk
	  FROM pg_index i
	  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
	  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
	 WHERE i.indrelid = tbl AND i.indisprimary;
	IF pk IS NULL THEN
		RAISE EXCEPTION '% has no primary key: history needs one to name rows', tbl;
	END IF;
	SELECT coalesce(array_agg(a.attname::text ORDER BY a.attnum)
			FILTER (WHERE a.attgenerated <> ''), '{}'),
	       coalesce(array_agg(a.attname::text ORDER BY a.attnum)
			FILTER (WHERE a.attgenerated = ''
				  AND a.attname NOT IN ('version', 'created_at', 'updated_at')
				  AND a.attname <> ALL (cfg.derived)), '{}')
	  INTO gen, cols
	  FROM pg_attribute a
	 WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped;
	IF cardinality(gen) > 0 THEN
		minus := format(' - %L::text[]', gen);
	END IF;

	-- the key: typed columns k1, k2... to pair and order rows; the text
	-- row_key from the jsonb row, as the row trigger wrote it
	SELECT string_agg(format('n.%I AS k%s', k, o), ', ' ORDER BY o),
	       string_agg(format('coalesce(n.%1$I, o.%1$I) AS k%2$s', k, o), ', ' ORDER BY o),
	       string_agg(format('x.k%s', o), ', ' ORDER BY o),
	       string_agg(format('o.%1$I = n.%1$I', k), ' AND ' ORDER BY o),
	       format('concat_ws(%L, %s)', ',',
		      string_agg(format('x.r ->> %L', k), ', ' ORDER BY o))
	  INTO key_sel, key_sel_full, key_order, key_join, row_key
	  FROM unnest(pk) WITH ORDINALITY AS u(k, o);

	-- whose data it is
	IF rel = 'customers' THEN
		cust := '(x.r ->> ''id'')::bigint';
	ELSIF cfg.customer_parent <> '' THEN
		IF NOT EXISTS (SELECT 1 FROM pg_attribute a
				WHERE a.attrelid = tbl AND a.attname = cfg.customer_fk
				  AND a.attnum > 0 AND NOT a.attisdropped) THEN
			RAISE EXCEPTION '% has no column %', tbl, cfg.customer_fk;
		END IF;
		cust := format('(SELECT p.customer_id FROM %I.%I p WHERE p.id = (x.r ->> %L)::bigint)',
			       (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				 WHERE c.oid = cfg.customer_parent::regclass),
			       (SELECT c.relname FROM pg_class c WHERE c.oid = cfg.customer_parent::regclass),
			       cfg.customer_fk);
	ELSIF 'customer_id' = ANY (cols || cfg.derived) THEN
		cust := '(x.r ->> ''customer_id'')::bigint';
	ELSE
		cust := 'NULL::bigint';
	END IF;

	-- changed: INSERT/DELETE the columns holding a value, UPDATE those
	-- whose value changed; table order
	IF cardinality(cols) = 0 THEN
		ch_ins := '''{}''::text[]';
		ch_upd := ch_ins;
	ELSE
		SELECT format('array_remove(ARRAY[%s]::text[], NULL)',
			      string_agg(format('CASE WHEN jsonb_typeof(x.r -> %1$L) <> ''null'' THEN %1$L END', c),
					 ', ' ORDER BY o)),
		       format('array_remove(ARRAY[%s]::text[], NULL)',
			      string_agg(format('CASE WHEN (x.r -> %1$L) IS DISTINCT FROM (x.o -> %1$L) THEN %1$L END', c),
					 ', ' ORDER BY o))
		  INTO ch_ins, ch_upd
		  FROM unnest(cols) WITH ORDINALITY AS u(c, o);
	END IF;

	EXECUTE format($f$
CREATE OR REPLACE FUNCTION %1$s() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $body$
-- made by rd.history_generate(%2$L): remade by rd.attach_all() when the
-- table changes; see 0155_history_statements.sql
DECLARE
	why text := nullif(current_setting('repeatdesk.reason', true), '');
	req text := nullif(current_setting('repeatdesk.request_id', true), '');
BEGIN
	-- a statement that changed no row costs one look (the INSERT below
	-- would open rd.history and its indexes for nothing)
	IF TG_OP = 'DELETE' THEN
		IF NOT EXISTS (SELECT FROM history_old) THEN
			RETURN NULL;
		END IF;
	ELSIF NOT EXISTS (SELECT FROM history_new) THEN
		RETURN NULL;
	END IF;
	-- rev: a link that grants meaning comes from the owner's own table
	-- (0081); read once, and only by a statement that changed rows.
	-- OFFSET 0 keeps each row's jsonb built once: without it the planner
	-- pulls the subquery up and builds it again for every column tested.
	IF TG_OP = 'INSERT' THEN
		INSERT INTO rd.history (%3$s)
		SELECT session_user, txid_current(), %4$L, %5$s, 'INSERT', NULL, x.r, %6$s,
		       why, req, %7$s,
		       (SELECT l.reverts FROM rd_sec.history_links l WHERE l.txid = txid_current() AND l.pid = pg_backend_pid())
		  FROM (SELECT %8$s, to_jsonb(n)%9$s AS r FROM history_new n OFFSET 0) x
		 ORDER BY %10$s;
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO rd.history (%3$s)
		SELECT session_user, txid_current(), %4$L, %5$s, 'DELETE', x.r, NULL, %6$s,
		       why, req, %7$s,
		       (SELECT l.reverts FROM rd_sec.history_links l WHERE l.txid = txid_current() AND l.pid = pg_backend_pid())
		  FROM (SELECT %8$s, to_jsonb(n)%9$s AS r FROM history_old n OFFSET 0) x
		 ORDER BY %10$s;
	ELSE
		-- old and new rows paired by key; a row without its pair means a
		-- key changed in place, which is refused
		INSERT INTO rd.history (%3$s)
		SELECT session_user, txid_current(), %4$L, y.row_key, 'UPDATE', y.o, y.r,
		       y.ch, why, req, y.cust,
		       (SELECT l.reverts FROM rd_sec.history_links l WHERE l.txid = txid_current() AND l.pid = pg_backend_pid())
		  FROM (SELECT %10$s, x.o, x.r, %5$s AS row_key, %7$s AS cust,
			       CASE WHEN x.o IS NULL OR x.r IS NULL
				    THEN rd_sec.history_key_changed(%2$L)
				    ELSE %12$s END AS ch
			  FROM (SELECT %14$s, to_jsonb(o)%9$s AS o, to_jsonb(n)%9$s AS r
				  FROM history_new n FULL JOIN history_old o ON %11$s
				OFFSET 0) x) y
		 WHERE cardinality(y.ch) > 0
		 ORDER BY %13$s;
	END IF;
	RETURN NULL;
END
$body$
$f$, fn, tbl::text, cols_list, rel, row_key, ch_ins, cust, key_sel, minus, key_order,
	key_join, ch_upd, replace(key_order, 'x.k', 'y.k'), key_sel_full);

	EXECUTE format('REVOKE ALL ON FUNCTION %s() FROM PUBLIC', fn);
	EXECUTE format('CREATE TRIGGER rd_changes_insert AFTER INSERT ON %s'
		       ' REFERENCING NEW TABLE AS history_new'
		       ' FOR EACH STATEMENT EXECUTE FUNCTION %s()', tbl, fn);
	EXECUTE format('CREATE TRIGGER rd_changes_update AFTER UPDATE ON %s'
		       ' REFERENCING OLD TABLE AS history_old NEW TABLE AS history_new'
		       ' FOR EACH STATEMENT EXECUTE FUNCTION %s()', tbl, fn);
	EXECUTE format('CREATE TRIGGER rd_changes_delete AFTER DELETE ON %s'
		       ' REFERENCING OLD TABLE AS history_old'
		       ' FOR EACH STATEMENT EXECUTE FUNCTION %s()', tbl, fn);
	UPDATE rd_sec.history_tables h SET shape = rd.history_shape(tbl)
	 WHERE h.table_name = rel;
END
$gen$;

-- ---------------------------------------------------------------------------
-- Attaches (or re-attaches) the history triggers to tbl. customer_parent
-- and customer_fk name the parent whose customer_id the rows belong to,
-- e.g. rd.attach_history('rd.order_lines', 'rd.orders', 'order_id').
-- Same signature as 0003's; the derived columns and whether the table is
-- recorded stay as configured.
CREATE OR REPLACE FUNCTION rd.attach_history(tbl regclass,
					     customer_parent regclass DEFAULT NULL,
					     customer_fk text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	rel text;
	parent text := '';
BEGIN
	IF (customer_parent IS NULL) <> (customer_fk IS NULL) THEN
		RAISE EXCEPTION 'customer_parent and customer_fk go together';
	END IF;
	IF customer_parent IS NOT NULL THEN
		IF NOT EXISTS (SELECT 1 FROM pg_attribute
				WHERE attrelid = customer_parent AND attname = 'customer_id'
				  AND attnum > 0 AND NOT attisdropped) THEN
			RAISE EXCEPTION '% has no column customer_id', customer_parent;
		END IF;
		-- by name, not oid: the configuration survives a dump and restore
		SELECT format('%I.%I', n.nspname, c.relname) INTO parent
		  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		 WHERE c.oid = customer_parent;
	END IF;
	SELECT c.relname INTO rel FROM pg_class c WHERE c.oid = tbl;
	INSERT INTO rd_sec.history_tables AS h (table_name, customer_parent, customer_fk)
	VALUES (rel, parent, coalesce(customer_fk, ''))
	ON CONFLICT (table_name) DO UPDATE
	   SET customer_parent = EXCLUDED.customer_parent,
	       customer_fk = EXCLUDED.customer_fk;
	PERFORM rd.history_generate(tbl);
END
$$;

-- Whether tbl's history triggers are missing, disabled or made for another
-- shape of the table (a column added, dropped, renamed or retyped, the key
-- or the configuration changed), or tbl is not recorded but still has
-- them.
CREATE FUNCTION rd.history_table_stale(tbl regclass) RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT CASE WHEN coalesce(h.recorded, true)
		    THEN h.shape IS DISTINCT FROM rd.history_shape(c.oid)
			 OR (SELECT count(*) FROM pg_trigger t
			      WHERE t.tgrelid = c.oid AND t.tgenabled = 'O'
				AND t.tgname IN ('rd_changes_insert', 'rd_changes_update',
						 'rd_changes_delete')
				AND t.tgfoid = to_regprocedure(format('rd_sec.%I()',
								       'history_of_' || c.relname))) <> 3
			 OR EXISTS (SELECT 1 FROM pg_trigger t
				     WHERE t.tgrelid = c.oid AND t.tgname = 'rd_history')
		    ELSE EXISTS (SELECT 1 FROM pg_trigger t
				  WHERE t.tgrelid = c.oid
				    AND t.tgname IN ('rd_history', 'rd_changes_insert',
						     'rd_changes_update', 'rd_changes_delete'))
	       END
	  FROM pg_class c
	  LEFT JOIN rd_sec.history_tables h ON h.table_name = c.relname
	 WHERE c.oid = tbl
$$;

-- The business tables whose history is out of date (above). Empty when all
-- is well.
CREATE FUNCTION rd.history_stale() RETURNS SETOF text
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT format('rd.%I', c.relname)
	  FROM pg_class c
	 WHERE c.relnamespace = 'rd'::regnamespace
	   AND c.relkind IN ('r', 'p') AND NOT c.relispartition
	   AND c.relname NOT IN ('history', 'schema_migrations')
	   AND rd.history_table_stale(c.oid)
	 ORDER BY 1
$$;

-- Attaches whichever triggers a business table lacks, and re-makes the
-- history function of a table that changed shape. Returns how many
-- triggers (or trigger sets) it attached. Tables that hold only derived
-- figures get no history and no text guard, and rd_touch only when they
-- have the bookkeeping columns.
CREATE OR REPLACE FUNCTION rd.attach_all() RETURNS int
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	t regclass;
	rec boolean;
	n int := 0;
BEGIN
	FOR t, rec IN
		SELECT c.oid::regclass, coalesce(h.recorded, true) FROM pg_class c
		  LEFT JOIN rd_sec.history_tables h ON h.table_name = c.relname
		 WHERE c.relnamespace = 'rd'::regnamespace
		   AND c.relkind IN ('r', 'p') AND NOT c.relispartition
		   AND c.relname NOT IN ('history', 'schema_migrations')
		 ORDER BY c.relname
	LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_trigger
				WHERE tgrelid = t AND tgname = 'rd_touch')
		   AND (rec OR (SELECT count(*) FROM pg_attribute
				 WHERE attrelid = t AND attnum > 0 AND NOT attisdropped
				   AND attname IN ('version', 'created_at', 'updated_at')) = 3) THEN
			PERFORM rd.attach_touch(t);
			n := n + 1;
		END IF;
		IF rd.history_table_stale(t) THEN
			PERFORM rd.history_generate(t);
			n := n + 1;
		END IF;
		-- figures nobody types (rd.customer_figures) need no text guard
		IF rec AND NOT EXISTS (SELECT 1 FROM pg_trigger
				WHERE tgrelid = t AND tgname = 'rd_text_guard') THEN
			PERFORM rd.attach_text_guard(t);
			n := n + 1;
		END IF;
	END LOOP;
	RETURN n;
END
$$;

REVOKE ALL ON FUNCTION rd.history_shape(regclass), rd.history_generate(regclass),
	rd.history_table_stale(regclass), rd.history_stale() FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The history's own text guard (0086) ran rd.text_check on the reason and
-- the request id of every history row: a PL/pgSQL call and two nested
-- ones per row, a large part of a one-row statement's history cost. As 0089 did
-- for the business tables, only a value that can break a rule goes to
-- rd.text_check now, and the test is the trigger's WHEN, so a plain
-- value costs no call at all: longer than 60 characters (no limit is
-- smaller: history.reason 200, history.request_id 64), a control
-- character, or 13 digits with at most 3 other characters between each
-- (what every spelling of a card number needs). The rules are unchanged.
DROP TRIGGER rd_text_guard ON rd.history;
CREATE TRIGGER rd_text_guard BEFORE INSERT ON rd.history
	FOR EACH ROW
	WHEN (length(NEW.reason) > 60
	      OR NEW.reason ~ '[\x01-\x1f\x7f\u0080-\u009f]'
	      OR NEW.reason ~ '([0-9０-９][^0-9０-９]{0,3}){12}[0-9０-９]'
	      OR length(NEW.request_id) > 60
	      OR NEW.request_id ~ '[\x01-\x1f\x7f\u0080-\u009f]'
	      OR NEW.request_id ~ '([0-9０-９][^0-9０-９]{0,3}){12}[0-9０-９]')
	EXECUTE FUNCTION rd.history_text_guard();

-- Every table anew (the row triggers go), then the row function.
DO $$
DECLARE
	t regclass;
BEGIN
	FOR t IN
		SELECT c.oid::regclass FROM pg_class c
		 WHERE c.relnamespace = 'rd'::regnamespace
		   AND c.relkind IN ('r', 'p') AND NOT c.relispartition
		   AND c.relname NOT IN ('history', 'schema_migrations')
		 ORDER BY c.relname
	LOOP
		PERFORM rd.history_generate(t);
	END LOOP;
END
$$;
DROP FUNCTION rd.history_record();
SELECT rd.attach_all();
