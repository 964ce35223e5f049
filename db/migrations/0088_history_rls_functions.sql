-- 0088_history_rls_functions.sql: the history's definer functions answer
-- only about rows the caller may read (issue 11, class 2, continued).
--
-- rd.history_row_version and rd.history_revert_conflict run as the owner
-- (they read the rows a revert would touch) and are open to every desk
-- role, so the history viewer can say whether a change can be reverted.
-- Row-level security on rd.history (0085) does not apply to the owner: by
-- id they told any caller the version, changed field names, actor and time
-- of a private row (another agent's saved filter). They now answer "there
-- is no change #N" for a row the session could not read through
-- rd.history itself: the same rule as the policy, for the session's login
-- (its group roles included).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- Raises no_data_found unless the session's login may read history row
-- p_id (rd.history_visible, judged for session_user).
CREATE FUNCTION rd.history_session_may_read(p_id bigint) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	h rd.history;
	t oid;
	rls boolean;
	col text;
	ok boolean;
BEGIN
	IF coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false) THEN
		RETURN;
	END IF;
	SELECT * INTO h FROM rd.history WHERE id = p_id;
	IF NOT FOUND THEN
		RETURN;  -- the caller says "no such change" itself
	END IF;
	SELECT c.oid, c.relrowsecurity INTO t, rls
	  FROM pg_class c
	 WHERE c.relnamespace = 'rd'::regnamespace AND c.relname = h.table_name
	   AND c.relkind IN ('r', 'p');
	IF t IS NULL THEN
		ok := pg_has_role(session_user, 'rd_supervisor', 'MEMBER');
	ELSIF NOT has_table_privilege(session_user, t, 'SELECT') THEN
		ok := false;
	ELSIF NOT rls THEN
		ok := true;
	ELSE
		col := rd.history_row_owner(h.table_name);
		ok := col IS NOT NULL AND coalesce(h.new_row, h.old_row) ->> col = session_user::text;
	END IF;
	IF NOT ok THEN
		RAISE EXCEPTION 'there is no change #% in the history', p_id
			USING ERRCODE = 'no_data_found';
	END IF;
END
$$;
REVOKE ALL ON FUNCTION rd.history_session_may_read(bigint) FROM PUBLIC;

CREATE OR REPLACE FUNCTION rd.history_row_version(p_id bigint) RETURNS int
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	h rd.history;
	pk text;
	v int;
BEGIN
	PERFORM rd.history_session_may_read(p_id);
	SELECT * INTO h FROM rd.history WHERE id = p_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'there is no change #% in the history', p_id
			USING ERRCODE = 'no_data_found';
	END IF;
	pk := rd.history_pk(h.table_name);
	IF pk IS NULL THEN
		RETURN NULL;
	END IF;
	EXECUTE format('SELECT version FROM rd.%I WHERE %I::text = $1', h.table_name, pk)
	   INTO v USING h.row_key;
	RETURN v;
END
$$;


CREATE OR REPLACE FUNCTION rd.history_revert_conflict(p_id bigint)
RETURNS TABLE (entry_id bigint, later_id bigint, table_name text, row_key text,
	       fields text, actor text, at_text text, already boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	g record;
	e rd.history;
	l rd.history;
	pk text;
	cur jsonb;
	bad text[];
	zone text := coalesce((SELECT s.value FROM rd.settings s
				WHERE s.key = 'business_timezone'), 'Asia/Tokyo');
BEGIN
	PERFORM rd.history_session_may_read(p_id);
	FOR g IN SELECT * FROM rd.history_revert_group(p_id) gr
		  WHERE gr.kind IS DISTINCT FROM 'keep' LOOP
		SELECT * INTO e FROM rd.history x WHERE x.id = g.id;
		pk := rd.history_pk(e.table_name);
		CONTINUE WHEN pk IS NULL;
		EXECUTE format('SELECT to_jsonb(t) FROM rd.%I t WHERE t.%I::text = $1',
			       e.table_name, pk)
		   INTO cur USING e.row_key;
		IF e.op = 'DELETE' THEN
			bad := CASE WHEN cur IS NULL THEN NULL ELSE e.changed END;
		ELSIF cur IS NULL THEN
			bad := e.changed;
		ELSE
			bad := ARRAY(SELECT f FROM unnest(e.changed) f
				      WHERE f <> ALL (rd.history_revert_ignored(e.table_name))
					AND f NOT IN ('version', 'created_at', 'updated_at')
					AND (cur -> f) IS DISTINCT FROM (e.new_row -> f));
		END IF;
		CONTINUE WHEN bad IS NULL OR cardinality(bad) = 0;
		SELECT * INTO l FROM rd.history x
		 WHERE x.table_name = e.table_name AND x.row_key = e.row_key
		   AND x.id > e.id AND x.txid <> e.txid
		 ORDER BY (x.changed && bad) DESC, x.id DESC LIMIT 1;
		entry_id := e.id;
		later_id := l.id;
		table_name := e.table_name;
		row_key := e.row_key;
		fields := array_to_string(bad, ',');
		actor := l.actor;
		at_text := to_char(l.at AT TIME ZONE zone, 'YYYY-MM-DD HH24:MI');
		already := l.reverts IS NOT DISTINCT FROM e.id;
		RETURN NEXT;
		RETURN;
	END LOOP;
END
$$;

