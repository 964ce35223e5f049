-- 0081_history_links.sql: links that grant meaning are written only by the
-- function performing the action (issue 11, class 1).
--
-- 0003 took rd.history.reverts from the transaction-local setting
-- repeatdesk.reverts, which any session may set: a non-supervisor could
-- mark an ordinary change as "revert of #N", and the supervisor's real
-- revert of #N was then refused as "already reverted". Reason and request
-- id still come from settings (they are what the agent says about their
-- own change, and the actor beside them is session_user); a revert link is
-- now read from rd_sec.history_links, a table in a schema no desk role can
-- reach, filled only by rd.history_revert (through rd.history_link_set,
-- which only the owner may execute) for the statements it runs, and
-- emptied again before it returns.
--
-- The same rule for the other links that grant meaning:
--   * a retried revert finds its earlier result only among the caller's
--     own rows (actor = session_user), so nobody's request id can make
--     somebody else's revert answer "already done";
--   * a retention offer marked override (a supervisor cancelled before
--     min_deliveries_before_cancel) is refused unless a supervisor writes
--     it, and an offer names the agent who wrote it.
--   * inquiry change links (inquiry_entries.history_id): 0080.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE SCHEMA rd_sec;
REVOKE ALL ON SCHEMA rd_sec FROM PUBLIC;
COMMENT ON SCHEMA rd_sec IS 'repeatdesk: the owner''s private bookkeeping; no desk role has USAGE';

-- One row per transaction while a revert runs its statements.
CREATE TABLE rd_sec.history_links (
	txid bigint NOT NULL,
	pid int NOT NULL,
	reverts bigint NOT NULL,
	PRIMARY KEY (txid, pid)
);
REVOKE ALL ON rd_sec.history_links FROM PUBLIC;

CREATE FUNCTION rd.history_link_set(p_reverts bigint) RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, rd, pg_temp
AS $$
	INSERT INTO rd_sec.history_links (txid, pid, reverts)
	VALUES (txid_current(), pg_backend_pid(), p_reverts)
	ON CONFLICT (txid, pid) DO UPDATE SET reverts = EXCLUDED.reverts
$$;

CREATE FUNCTION rd.history_link_clear() RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, rd, pg_temp
AS $$
	DELETE FROM rd_sec.history_links WHERE txid = txid_current() AND pid = pg_backend_pid()
$$;
-- owner only: no GRANT
REVOKE ALL ON FUNCTION rd.history_link_set(bigint), rd.history_link_clear() FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The history trigger: as 0011, with the link from rd_sec.history_links.

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
	rev bigint;
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

	-- a link that grants meaning comes from the owner's own table, written
	-- by the function performing the action; never from a setting
	SELECT l.reverts INTO rev FROM rd_sec.history_links l
	 WHERE l.txid = txid_current() AND l.pid = pg_backend_pid();

	INSERT INTO rd.history (actor, txid, table_name, row_key, op, old_row,
				new_row, changed, reason, request_id,
				customer_id, reverts)
	VALUES (session_user, txid_current(), TG_TABLE_NAME, coalesce(k, ''),
		TG_OP, o, n, coalesce(ch, '{}'),
		nullif(current_setting('repeatdesk.reason', true), ''),
		nullif(current_setting('repeatdesk.request_id', true), ''),
		cust, rev);
	RETURN NULL;
END
$$;

-- ---------------------------------------------------------------------------
-- The revert: as 0050, with the link written through rd.history_link_set and
-- a retry answered only from the caller's own rows.

CREATE OR REPLACE FUNCTION rd.history_revert(p_id bigint, p_reason text,
				  p_request_id text DEFAULT NULL,
				  p_version int DEFAULT NULL)
RETURNS TABLE (history_id bigint, reverts bigint, current_version int)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	h rd.history;
	g record;
	cf record;
	e rd.history;
	pk text;
	cols text[];
	restore text[];
	v int;
	n int := 0;
	sets text;
BEGIN
	IF NOT pg_has_role(session_user, 'rd_supervisor', 'MEMBER') THEN
		RAISE EXCEPTION 'only a supervisor can revert a change'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF p_reason IS NULL OR btrim(p_reason) = '' THEN
		RAISE EXCEPTION 'a revert needs a reason'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;

	-- a retried revert (same request id) answers with what it did
	IF p_request_id IS NOT NULL AND p_request_id <> '' THEN
		RETURN QUERY SELECT x.id, x.reverts, NULL::int FROM rd.history x
			      WHERE x.request_id = p_request_id AND x.reverts IS NOT NULL
				AND x.actor = session_user
			      ORDER BY x.id;
		IF FOUND THEN
			RETURN;
		END IF;
	END IF;

	SELECT * INTO h FROM rd.history x WHERE x.id = p_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'there is no change #% in the history', p_id
			USING ERRCODE = 'no_data_found';
	END IF;

	-- one revert at a time per row: the checks below then see any revert
	-- that committed while this one waited
	PERFORM pg_advisory_xact_lock(hashtextextended('rd.history:' || x.table_name
						       || ':' || x.row_key, 0))
	   FROM (SELECT DISTINCT gr.table_name, gr.row_key
		   FROM rd.history_revert_group(p_id) gr
		  ORDER BY 1, 2) x;

	IF p_version IS NOT NULL THEN
		v := rd.history_row_version(p_id);
		IF v IS DISTINCT FROM p_version THEN
			RETURN QUERY SELECT NULL::bigint, NULL::bigint, v;
			RETURN;
		END IF;
	END IF;

	-- every check first, so that a refusal writes nothing
	FOR g IN SELECT * FROM rd.history_revert_group(p_id) LOOP
		IF g.kind = 'keep' THEN
			CONTINUE;
		END IF;
		IF g.kind IS NULL THEN
			RAISE EXCEPTION 'cannot revert #%: %', p_id,
				CASE WHEN g.op = 'INSERT' THEN rd.history_refuse_insert(g.table_name)
				     ELSE format('changes of %s cannot be reverted here', g.table_name) END
				USING ERRCODE = 'RD409';
		END IF;
		IF g.op = 'INSERT' AND g.kind = 'field' THEN
			RAISE EXCEPTION 'cannot revert #%: %', p_id, rd.history_refuse_insert(g.table_name)
				USING ERRCODE = 'RD409';
		END IF;
	END LOOP;
	FOR cf IN SELECT * FROM rd.history_revert_conflict(p_id) LOOP
		IF cf.already THEN
			RAISE EXCEPTION 'cannot revert #%: it was already reverted by % at % (#%)',
				p_id, cf.actor, cf.at_text, cf.later_id
				USING ERRCODE = 'RD409';
		END IF;
		RAISE EXCEPTION 'cannot revert #%: % of % % changed again later by % at % (#%); revert that first',
			p_id, cf.fields, cf.table_name, cf.row_key, coalesce(cf.actor, '?'),
			coalesce(cf.at_text, '?'), coalesce(cf.later_id::text, '?')
			USING ERRCODE = 'RD409';
	END LOOP;

	PERFORM set_config('repeatdesk.reason', p_reason, true);
	PERFORM set_config('repeatdesk.request_id', coalesce(p_request_id, ''), true);

	FOR g IN SELECT * FROM rd.history_revert_group(p_id) LOOP
		CONTINUE WHEN g.kind = 'keep';
		SELECT * INTO e FROM rd.history x WHERE x.id = g.id;
		pk := rd.history_pk(e.table_name);
		IF pk IS NULL THEN
			RAISE EXCEPTION 'cannot revert #%: % has no single key', p_id, e.table_name
				USING ERRCODE = 'RD409';
		END IF;
		cols := rd.history_columns(e.table_name);
		PERFORM rd.history_link_set(e.id);

		IF e.op = 'UPDATE' THEN
			restore := ARRAY(SELECT c FROM unnest(e.changed) c
					  WHERE c = ANY (cols)
					    AND c <> ALL (rd.history_revert_ignored(e.table_name)));
			CONTINUE WHEN cardinality(restore) = 0;
			IF 'last_change' = ANY (cols) THEN
				restore := restore || ARRAY['last_change'];
				e.old_row := jsonb_set(e.old_row, '{last_change}',
					to_jsonb(format('revert of #%s: %s', e.id, p_reason)));
			END IF;
			SELECT string_agg(format('%I = r.%I', c, c), ', ') INTO sets
			  FROM unnest(restore) c;
			EXECUTE format('UPDATE rd.%I t SET %s FROM jsonb_populate_record(NULL::rd.%I, $1) r'
				       ' WHERE t.%I::text = $2', e.table_name, sets, e.table_name, pk)
			   USING e.old_row, e.row_key;
			GET DIAGNOSTICS v = ROW_COUNT;
			IF v = 0 THEN
				RAISE EXCEPTION 'cannot revert #%: the % row % no longer exists', p_id,
					e.table_name, e.row_key
					USING ERRCODE = 'RD409';
			END IF;
		ELSIF e.op = 'DELETE' THEN
			SELECT string_agg(format('%I', c), ', ') INTO sets FROM unnest(cols) c;
			EXECUTE format('INSERT INTO rd.%I (%s) OVERRIDING SYSTEM VALUE'
				       ' SELECT %s FROM jsonb_populate_record(NULL::rd.%I, $1)',
				       e.table_name, sets, sets, e.table_name)
			   USING e.old_row || jsonb_build_object('version',
					coalesce((e.old_row ->> 'version')::int, 0) + 1);
		ELSIF g.kind = 'part' THEN
			EXECUTE format('DELETE FROM rd.%I WHERE %I::text = $1', e.table_name, pk)
			   USING e.row_key;
		ELSIF g.kind = 'cancel' THEN
			EXECUTE format('UPDATE rd.%I SET status = ''cancelled'', note = $2'
				       ' WHERE %I::text = $1 AND status = ''pending''', e.table_name, pk)
			   USING e.row_key, format('revert of #%s: %s', e.id, p_reason);
			GET DIAGNOSTICS v = ROW_COUNT;
			IF v = 0 THEN
				RAISE EXCEPTION 'cannot revert #%: the reservation is no longer pending', p_id
					USING ERRCODE = 'RD409';
			END IF;
		ELSIF g.kind = 'off' THEN
			EXECUTE format('UPDATE rd.%I SET active = false WHERE %I::text = $1',
				       e.table_name, pk)
			   USING e.row_key;
		END IF;
		n := n + 1;
	END LOOP;
	PERFORM rd.history_link_clear();

	IF n = 0 THEN
		RAISE EXCEPTION 'cannot revert #%: it changed nothing that can be undone', p_id
			USING ERRCODE = 'RD409';
	END IF;
	RETURN QUERY SELECT x.id, x.reverts, NULL::int FROM rd.history x
		      WHERE x.txid = txid_current() AND x.reverts IN
			    (SELECT gr.id FROM rd.history_revert_group(p_id) gr)
		      ORDER BY x.id;
END
$$;

-- ---------------------------------------------------------------------------
-- Retention offers: the override is a supervisor's.

CREATE FUNCTION rd.retention_override_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF NEW.override AND NOT rd.sec_trusted()
	   AND NOT pg_has_role(session_user, 'rd_supervisor', 'MEMBER') THEN
		RAISE EXCEPTION 'only a supervisor''s cancellation is an override'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF NEW.agent IS DISTINCT FROM session_user::text AND NOT rd.sec_trusted() THEN
		RAISE EXCEPTION 'a retention offer names the agent who made it (%), not %',
			session_user, coalesce(NEW.agent, 'nobody')
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION rd.retention_override_guard() FROM PUBLIC;
CREATE TRIGGER rd_override_guard BEFORE INSERT OR UPDATE ON rd.retention_offers
	FOR EACH ROW EXECUTE FUNCTION rd.retention_override_guard();
