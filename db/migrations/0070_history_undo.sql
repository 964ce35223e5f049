-- 0070_history_undo.sql: the call and its log (issue 10, section 4).
--
-- 1. A revert of a change no longer touches the call's own log. The
--    request hook opens the call's inquiry and links the change in the
--    change's own transaction, and the wrap-up later resolves that
--    inquiry: 0050's group (every row of the transaction about the
--    customer) then held an inquiry INSERT (refused: "a new inquiry cannot
--    be reverted") that the wrap-up had "changed again". Rows of the log
--    (inquiries, their entries and requests, the undo records below) and
--    business rows are now two families: a revert undoes the rows of the
--    entry's own family only. Reverting an inquiry's change still works
--    (its group is the log's rows of that transaction).
--
-- 2. "Undo this call": rd.history_undo(request, call, reason, request id)
--    reverts every change of one request (history rows with that request
--    id) or of one call (the transactions whose changes are linked to the
--    inquiry), newest transaction first, each through rd.history_revert,
--    in ONE transaction, and writes one rd.history_undos row that names
--    what was undone. That row is written by this SECURITY DEFINER
--    function only (no role may insert it), never from a session setting.
--    Refused (RD409, nothing written) when later changes outside the
--    request or call touched the same fields: rd.history_undo_conflicts
--    lists them all, so the refusal can say everything at once.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- ---------------------------------------------------------------------------
-- The log family

CREATE FUNCTION rd.history_log_table(p_table text) RETURNS boolean
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT p_table IN ('inquiries', 'inquiry_entries', 'inquiry_requests', 'history_undos')
$$;

CREATE OR REPLACE FUNCTION rd.history_revert_group(p_id bigint)
RETURNS TABLE (id bigint, table_name text, row_key text, op text, kind text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT g.id, g.table_name, g.row_key, g.op, rd.history_revert_kind(g.table_name)
	  FROM rd.history h
	  JOIN rd.history g ON g.txid = h.txid
	 WHERE h.id = p_id
	   AND CASE WHEN h.customer_id IS NOT NULL
		    THEN g.customer_id = h.customer_id
			 AND rd.history_log_table(g.table_name) = rd.history_log_table(h.table_name)
		    ELSE g.table_name = h.table_name AND g.row_key = h.row_key END
	 ORDER BY g.id DESC
$$;

-- ---------------------------------------------------------------------------
-- The undo records

CREATE TABLE rd.history_undos (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	customer_id bigint REFERENCES rd.customers (id),
	-- what was undone: the request id, or the call (its inquiry)
	undone_request text,
	undone_call bigint REFERENCES rd.inquiries (id),
	-- the history rows it reverted (the entries of the request or call)
	entries bigint[] NOT NULL,
	reason text NOT NULL CHECK (btrim(reason) <> ''),
	-- the undo's own request id: a retry answers with what it did
	request_id text UNIQUE,
	actor text NOT NULL DEFAULT session_user,
	txid bigint NOT NULL DEFAULT txid_current(),
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK ((undone_request IS NULL) <> (undone_call IS NULL))
);
CREATE INDEX history_undos_customer_idx ON rd.history_undos (customer_id);
CREATE INDEX history_undos_undone_call_idx ON rd.history_undos (undone_call);
REVOKE ALL ON rd.history_undos FROM PUBLIC;
GRANT SELECT ON rd.history_undos TO rd_operator;

-- ---------------------------------------------------------------------------
-- What an undo would revert: the business rows of the request (its
-- history rows) or of the call (every row, of the linked transactions,
-- about the inquiry's customer), reverts excepted.
CREATE FUNCTION rd.history_undo_entries(p_request text, p_call bigint)
RETURNS TABLE (id bigint, txid bigint, table_name text, row_key text, op text,
	       kind text, customer_id bigint)
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT h.id, h.txid, h.table_name, h.row_key, h.op,
	       rd.history_revert_kind(h.table_name), h.customer_id
	  FROM rd.history h
	 WHERE NOT rd.history_log_table(h.table_name)
	   AND (   (p_request IS NOT NULL AND h.request_id = p_request)
		OR (p_call IS NOT NULL AND h.txid IN (
			SELECT l.txid FROM rd.inquiry_entries e
			  JOIN rd.history l ON l.id = e.history_id
			 WHERE e.inquiry_id = p_call AND e.kind = 'change_link')
		    AND h.customer_id = (SELECT i.customer_id FROM rd.inquiries i
					  WHERE i.id = p_call)))
	 ORDER BY h.id DESC
$$;

-- Every later change outside the request or call that stops its undo:
-- per row and field, the newest entry of the set that wrote it must still
-- be what the row holds (a row the set inserted must be untouched since;
-- a row it deleted must still be gone). One row per stopped entry: the
-- fields in words-to-be (column names; the client labels them), and the
-- latest change outside the set that touched them.
CREATE FUNCTION rd.history_undo_conflicts(p_request text, p_call bigint)
RETURNS TABLE (entry_id bigint, later_id bigint, table_name text, row_key text,
	       fields text, actor text, at_text text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	s record;
	e rd.history;
	l rd.history;
	pk text;
	cur jsonb;
	bad text[];
	txids bigint[];
	zone text := coalesce((SELECT st.value FROM rd.settings st
				WHERE st.key = 'business_timezone'), 'Asia/Tokyo');
BEGIN
	SELECT array_agg(DISTINCT u.txid) INTO txids
	  FROM rd.history_undo_entries(p_request, p_call) u;
	-- per row, the newest entry of the set decides what the row must hold
	FOR s IN SELECT DISTINCT ON (u.table_name, u.row_key) u.id
		   FROM rd.history_undo_entries(p_request, p_call) u
		  WHERE u.kind IS DISTINCT FROM 'keep'
		  ORDER BY u.table_name, u.row_key, u.id DESC LOOP
		SELECT * INTO e FROM rd.history x WHERE x.id = s.id;
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
			-- what the row's entries of the set wrote, field by field
			bad := ARRAY(
				SELECT f FROM (
					SELECT DISTINCT ON (c.f) c.f, x.new_row -> c.f AS v
					  FROM rd.history x, unnest(x.changed) c(f)
					 WHERE x.table_name = e.table_name AND x.row_key = e.row_key
					   AND x.txid = ANY (txids)
					 ORDER BY c.f, x.id DESC) w
				 WHERE w.f <> ALL (rd.history_revert_ignored(e.table_name))
				   AND w.f NOT IN ('version', 'created_at', 'updated_at', 'last_change')
				   AND (cur -> w.f) IS DISTINCT FROM w.v);
		END IF;
		CONTINUE WHEN bad IS NULL OR cardinality(bad) = 0;
		SELECT * INTO l FROM rd.history x
		 WHERE x.table_name = e.table_name AND x.row_key = e.row_key
		   AND x.id > e.id AND x.txid <> ALL (txids)
		 ORDER BY (x.changed && bad) DESC, x.id DESC LIMIT 1;
		entry_id := e.id;
		later_id := l.id;
		table_name := e.table_name;
		row_key := e.row_key;
		fields := array_to_string(bad, ',');
		actor := l.actor;
		at_text := to_char(l.at AT TIME ZONE zone, 'YYYY-MM-DD HH24:MI');
		RETURN NEXT;
	END LOOP;
END
$$;

CREATE FUNCTION rd.history_undo(p_request text, p_call bigint, p_reason text,
				p_request_id text DEFAULT NULL)
RETURNS TABLE (history_id bigint, reverts bigint)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	u record;
	cf record;
	done bigint[] := '{}';
	all_ids bigint[];
	cust bigint;
	n int := 0;
	list text := '';
	undo_id bigint;
BEGIN
	IF NOT pg_has_role(session_user, 'rd_supervisor', 'MEMBER') THEN
		RAISE EXCEPTION 'only a supervisor can undo a call'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF (p_request IS NULL OR p_request = '') = (p_call IS NULL) THEN
		RAISE EXCEPTION 'name either a request or a call to undo'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF p_reason IS NULL OR btrim(p_reason) = '' THEN
		RAISE EXCEPTION 'an undo needs a reason'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF p_request = '' THEN
		p_request := NULL;
	END IF;

	-- a retried undo (same request id) answers with what it did
	IF p_request_id IS NOT NULL AND p_request_id <> '' THEN
		SELECT x.id INTO undo_id FROM rd.history_undos x WHERE x.request_id = p_request_id;
		IF FOUND THEN
			RETURN QUERY SELECT h.id, h.reverts FROM rd.history h
				      JOIN rd.history_undos x ON x.txid = h.txid
				     WHERE x.id = undo_id AND h.reverts IS NOT NULL
				     ORDER BY h.id;
			RETURN;
		END IF;
	END IF;
	IF p_call IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rd.inquiries i WHERE i.id = p_call) THEN
		RAISE EXCEPTION 'there is no call (inquiry) #%', p_call USING ERRCODE = 'no_data_found';
	END IF;

	SELECT array_agg(x.id ORDER BY x.id), min(x.customer_id) INTO all_ids, cust
	  FROM rd.history_undo_entries(p_request, p_call) x;
	IF all_ids IS NULL THEN
		RAISE EXCEPTION 'there is nothing to undo: no change was made by %',
			CASE WHEN p_call IS NOT NULL THEN format('call #%s', p_call)
			     ELSE format('request %s', p_request) END
			USING ERRCODE = 'no_data_found';
	END IF;

	-- one undo at a time per row
	PERFORM pg_advisory_xact_lock(hashtextextended('rd.history:' || x.table_name
						       || ':' || x.row_key, 0))
	   FROM (SELECT DISTINCT ue.table_name, ue.row_key
		   FROM rd.history_undo_entries(p_request, p_call) ue
		  ORDER BY 1, 2) x;

	-- every later change by others that stops it, all at once
	FOR cf IN SELECT * FROM rd.history_undo_conflicts(p_request, p_call) LOOP
		list := list || format(E'\n%s %s: %s changed by %s at %s (#%s)', cf.table_name,
				       cf.row_key, cf.fields, coalesce(cf.actor, '?'),
				       coalesce(cf.at_text, '?'), coalesce(cf.later_id::text, '?'));
	END LOOP;
	IF list <> '' THEN
		RAISE EXCEPTION 'cannot undo: later changes touched the same fields; revert them first:%', list
			USING ERRCODE = 'RD409';
	END IF;

	-- newest transaction first, one revert per group of rows
	FOR u IN SELECT * FROM rd.history_undo_entries(p_request, p_call) ORDER BY 1 DESC LOOP
		CONTINUE WHEN u.id = ANY (done);
		done := done || ARRAY(SELECT g.id FROM rd.history_revert_group(u.id) g);
		CONTINUE WHEN NOT EXISTS (SELECT 1 FROM rd.history_revert_group(u.id) g
					   WHERE g.kind IS DISTINCT FROM 'keep');
		PERFORM rd.history_revert(u.id, p_reason, NULL, NULL);
		n := n + 1;
	END LOOP;
	IF n = 0 THEN
		RAISE EXCEPTION 'cannot undo: it changed nothing that can be undone'
			USING ERRCODE = 'RD409';
	END IF;

	PERFORM set_config('repeatdesk.reason', p_reason, true);
	PERFORM set_config('repeatdesk.request_id', coalesce(p_request_id, ''), true);
	INSERT INTO rd.history_undos (customer_id, undone_request, undone_call, entries,
				      reason, request_id)
	VALUES (cust, p_request, p_call, all_ids, p_reason, nullif(p_request_id, ''));

	RETURN QUERY SELECT h.id, h.reverts FROM rd.history h
		      WHERE h.txid = txid_current() AND h.reverts IS NOT NULL
		      ORDER BY h.id;
END
$$;

REVOKE ALL ON FUNCTION rd.history_log_table(text), rd.history_undo_entries(text, bigint),
	rd.history_undo_conflicts(text, bigint), rd.history_undo(text, bigint, text, text)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.history_log_table(text), rd.history_undo_entries(text, bigint),
	rd.history_undo_conflicts(text, bigint)
	TO rd_operator;
GRANT EXECUTE ON FUNCTION rd.history_undo(text, bigint, text, text) TO rd_supervisor;

SELECT rd.attach_all();
