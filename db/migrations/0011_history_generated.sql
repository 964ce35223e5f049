-- 0011_history_generated.sql: generated columns stay out of the history.
--
-- 0010 adds stored generated columns (the name and reading grams that the
-- lookup searches). They are derived, not changed by anybody: recording
-- them would list them among the changed columns of every name edit and
-- copy them into every history row. This replaces the history trigger
-- function with one that leaves generated columns out of old_row, new_row
-- and changed; everything else is as in 0003.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE OR REPLACE FUNCTION rd.history_record() RETURNS trigger
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
	gen text[];
BEGIN
	-- generated columns (search keys derived from other columns) are not
	-- facts anybody changed: they stay out of the history
	SELECT coalesce(array_agg(attname::text), '{}') INTO gen
	  FROM pg_attribute
	 WHERE attrelid = TG_RELID AND attgenerated <> '' AND NOT attisdropped;
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
	o := o - gen;
	n := n - gen;
	r := coalesce(n, o);

	SELECT array_agg(e.key ORDER BY e.ord) INTO ch
	  FROM json_each(ordered) WITH ORDINALITY AS e(key, value, ord)
	 WHERE e.key NOT IN ('version', 'created_at', 'updated_at')
	   AND e.key <> ALL (gen)
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
