-- 0003_history.sql: bookkeeping triggers and the append-only change history.
--
-- Every business table (every table in schema rd except history and
-- schema_migrations) gets two triggers:
--   rd_touch   BEFORE UPDATE: version = OLD.version + 1, updated_at = now(),
--              created_at kept. Unconditional, so optimistic locking cannot
--              be bypassed by a statement that forgets to bump the version.
--   rd_history AFTER INSERT/UPDATE/DELETE, each row: one rd.history row.
-- A later migration that creates a table ends with
--   SELECT rd.attach_all();
-- (or rd.attach_history('rd.t', 'rd.parent', 'parent_id') when the rows
-- belong to a customer through a parent row); check_schema fails when a
-- business table lacks either trigger.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- ---------------------------------------------------------------------------
-- version / updated_at

-- Not SECURITY DEFINER and it names no relation, so it needs no pinned
-- search_path (pg_catalog is always searched first for now()).
CREATE FUNCTION rd.touch() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	NEW.version := OLD.version + 1;
	NEW.created_at := OLD.created_at;
	NEW.updated_at := now();
	RETURN NEW;
END
$$;

-- ---------------------------------------------------------------------------
-- The history table

CREATE TABLE rd.history (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT clock_timestamp(),
	-- the login role of the session that made the change (never a group
	-- role, never the trigger's owner)
	actor text NOT NULL DEFAULT session_user,
	txid bigint NOT NULL DEFAULT txid_current(),
	table_name text NOT NULL,
	row_key text NOT NULL,  -- the primary key's value(s), comma-separated
	op text NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE')),
	old_row jsonb,          -- NULL for INSERT
	new_row jsonb,          -- NULL for DELETE
	-- UPDATE: the columns whose value changed; INSERT/DELETE: the columns
	-- that hold a value. Never version, created_at, updated_at. In the
	-- table's column order.
	changed text[] NOT NULL DEFAULT '{}',
	reason text,            -- SET LOCAL repeatdesk.reason
	request_id text,        -- SET LOCAL repeatdesk.request_id
	customer_id bigint,     -- whose data this was, when it belongs to a customer
	reverts bigint REFERENCES rd.history (id),  -- SET LOCAL repeatdesk.reverts
	CHECK ((op = 'INSERT') = (old_row IS NULL)),
	CHECK ((op = 'DELETE') = (new_row IS NULL))
);
CREATE INDEX history_table_row_idx ON rd.history (table_name, row_key, at DESC);
CREATE INDEX history_actor_idx ON rd.history (actor, at DESC);
CREATE INDEX history_txid_idx ON rd.history (txid);
CREATE INDEX history_customer_idx ON rd.history (customer_id, at DESC)
	WHERE customer_id IS NOT NULL;
CREATE INDEX history_request_id_idx ON rd.history (request_id)
	WHERE request_id IS NOT NULL;
CREATE INDEX history_reverts_idx ON rd.history (reverts) WHERE reverts IS NOT NULL;

ALTER TABLE rd.inquiry_entries
	ADD FOREIGN KEY (history_id) REFERENCES rd.history (id);

-- Read by every role, written by nobody: rows arrive only through
-- rd.history_record(), which runs as the table's owner. No role is
-- granted INSERT, UPDATE, DELETE or TRUNCATE; the statement triggers below
-- refuse UPDATE, DELETE and TRUNCATE even to the owner. Rewriting history
-- therefore takes dropping or disabling those triggers, which only the
-- owner (the migration runner) or a superuser can do, and which is itself
-- DDL that shows in the server log; desk roles own nothing and can do
-- neither.
REVOKE ALL ON rd.history FROM PUBLIC;
GRANT SELECT ON rd.history TO rd_operator;

CREATE FUNCTION rd.history_refuse() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	RAISE EXCEPTION 'history is append-only: % refused', TG_OP
		USING ERRCODE = 'insufficient_privilege',
		      HINT = 'Changes are undone by a new change, which is recorded too.';
END
$$;

-- Statement-level, so they fire even when no row matches.
CREATE TRIGGER history_no_update_delete
	BEFORE UPDATE OR DELETE ON rd.history
	FOR EACH STATEMENT EXECUTE FUNCTION rd.history_refuse();
CREATE TRIGGER history_no_truncate
	BEFORE TRUNCATE ON rd.history
	FOR EACH STATEMENT EXECUTE FUNCTION rd.history_refuse();

-- ---------------------------------------------------------------------------
-- The one history trigger function
--
-- Trigger arguments (written by rd.attach_history):
--   0: the parent table that holds customer_id (schema.name), or ''
--   1: the column of this table that points at the parent's id, or ''
--   2…: the primary key columns
-- The customer is: rd.customers' own id; else the parent row's customer_id;
-- else the row's own customer_id column when it has one.
--
-- SECURITY DEFINER so that it can write rd.history, which no desk role may;
-- the search_path is pinned (pg_temp last) so a session cannot substitute
-- objects of its own.
CREATE FUNCTION rd.history_record() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	o jsonb;
	n jsonb;
	r jsonb;
	ordered json;
	ch text[];
	k text;
	cust bigint;
	rev text;
BEGIN
	IF TG_OP = 'DELETE' THEN
		o := to_jsonb(OLD);
		ordered := row_to_json(OLD);
	ELSE
		n := to_jsonb(NEW);
		ordered := row_to_json(NEW);
		IF TG_OP = 'UPDATE' THEN
			o := to_jsonb(OLD);
		END IF;
	END IF;
	r := coalesce(n, o);

	SELECT array_agg(e.key ORDER BY e.ord) INTO ch
	  FROM json_each(ordered) WITH ORDINALITY AS e(key, value, ord)
	 WHERE e.key NOT IN ('version', 'created_at', 'updated_at')
	   AND CASE WHEN TG_OP = 'UPDATE'
		    THEN (n -> e.key) IS DISTINCT FROM (o -> e.key)
		    ELSE jsonb_typeof(r -> e.key) <> 'null' END;
	IF TG_OP = 'UPDATE' AND ch IS NULL THEN
		RETURN NULL;  -- nothing but the bookkeeping changed
	END IF;

	FOR i IN 2 .. TG_NARGS - 1 LOOP
		k := concat_ws(',', k, r ->> TG_ARGV[i]);
	END LOOP;

	IF TG_TABLE_SCHEMA = 'rd' AND TG_TABLE_NAME = 'customers' THEN
		cust := (r ->> 'id')::bigint;
	ELSIF TG_ARGV[0] <> '' THEN
		EXECUTE format('SELECT customer_id FROM %s WHERE id = $1',
			       TG_ARGV[0]::regclass)
		   INTO cust USING (r ->> TG_ARGV[1])::bigint;
	ELSIF r ? 'customer_id' THEN
		cust := (r ->> 'customer_id')::bigint;
	END IF;

	rev := nullif(current_setting('repeatdesk.reverts', true), '');

	INSERT INTO rd.history (actor, txid, table_name, row_key, op, old_row,
				new_row, changed, reason, request_id,
				customer_id, reverts)
	VALUES (session_user, txid_current(), TG_TABLE_NAME, coalesce(k, ''),
		TG_OP, o, n, coalesce(ch, '{}'),
		nullif(current_setting('repeatdesk.reason', true), ''),
		nullif(current_setting('repeatdesk.request_id', true), ''),
		cust, rev::bigint);
	RETURN NULL;
END
$$;

-- ---------------------------------------------------------------------------
-- Attaching the triggers (owner only: EXECUTE is revoked in 0004)

-- Attaches (or re-attaches) the history trigger to tbl. customer_parent and
-- customer_fk name the parent whose customer_id the rows belong to, e.g.
-- rd.attach_history('rd.order_lines', 'rd.orders', 'order_id').
CREATE FUNCTION rd.attach_history(tbl regclass,
				  customer_parent regclass DEFAULT NULL,
				  customer_fk text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	pk text[];
	args text;
BEGIN
	SELECT array_agg(a.attname::text ORDER BY k.ord) INTO pk
	  FROM pg_index i
	  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
	  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
	 WHERE i.indrelid = tbl AND i.indisprimary;
	IF pk IS NULL THEN
		RAISE EXCEPTION '% has no primary key: history needs one to name rows', tbl;
	END IF;
	IF (customer_parent IS NULL) <> (customer_fk IS NULL) THEN
		RAISE EXCEPTION 'customer_parent and customer_fk go together';
	END IF;
	IF customer_fk IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM pg_attribute
		 WHERE attrelid = tbl AND attname = customer_fk
		   AND attnum > 0 AND NOT attisdropped) THEN
		RAISE EXCEPTION '% has no column %', tbl, customer_fk;
	END IF;
	IF customer_parent IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM pg_attribute
		 WHERE attrelid = customer_parent AND attname = 'customer_id'
		   AND attnum > 0 AND NOT attisdropped) THEN
		RAISE EXCEPTION '% has no column customer_id', customer_parent;
	END IF;

	-- by name, not oid: the trigger survives a dump and restore
	SELECT string_agg(quote_literal(x), ', ' ORDER BY ord) INTO args
	  FROM unnest(ARRAY[coalesce((SELECT format('%I.%I', n.nspname, c.relname)
					FROM pg_class c
					JOIN pg_namespace n ON n.oid = c.relnamespace
				       WHERE c.oid = customer_parent), ''),
			    coalesce(customer_fk, '')] || pk)
	       WITH ORDINALITY AS u(x, ord);

	EXECUTE format('DROP TRIGGER IF EXISTS rd_history ON %s', tbl);
	EXECUTE format('CREATE TRIGGER rd_history AFTER INSERT OR UPDATE OR DELETE'
		       ' ON %s FOR EACH ROW EXECUTE FUNCTION rd.history_record(%s)',
		       tbl, args);
END
$$;

-- Attaches the version/updated_at trigger to tbl.
CREATE FUNCTION rd.attach_touch(tbl regclass) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF (SELECT count(*) FROM pg_attribute
	     WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped
	       AND attname IN ('version', 'created_at', 'updated_at')) <> 3 THEN
		RAISE EXCEPTION '% needs version, created_at and updated_at columns', tbl;
	END IF;
	EXECUTE format('DROP TRIGGER IF EXISTS rd_touch ON %s', tbl);
	EXECUTE format('CREATE TRIGGER rd_touch BEFORE UPDATE ON %s'
		       ' FOR EACH ROW EXECUTE FUNCTION rd.touch()', tbl);
END
$$;

-- Attaches whichever of the two triggers a business table lacks. Returns
-- how many triggers it attached.
CREATE FUNCTION rd.attach_all() RETURNS int
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
		   AND c.relname NOT IN ('history', 'schema_migrations')
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
	END LOOP;
	RETURN n;
END
$$;

-- Rows that belong to a customer through their parent.
SELECT rd.attach_history('rd.order_lines', 'rd.orders', 'order_id');
SELECT rd.attach_history('rd.subscription_lines', 'rd.subscriptions', 'subscription_id');
SELECT rd.attach_history('rd.subscription_skips', 'rd.subscriptions', 'subscription_id');
SELECT rd.attach_history('rd.inquiry_entries', 'rd.inquiries', 'inquiry_id');
-- Everything else (customers: its own id; the rest: their customer_id).
SELECT rd.attach_all();
