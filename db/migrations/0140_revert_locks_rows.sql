-- 0140: a revert or an undo locks the rows it restores before it checks
-- them.
--
-- rd.history_revert and rd.history_undo took an advisory lock per row
-- (one revert at a time per row) and then checked the row's version and
-- the later changes of the same fields; but the agents' own writes (the
-- store's UPDATE ... WHERE version = $n) take no advisory lock. A change
-- that was being written while the revert checked was not visible to the
-- checks; the revert's UPDATE then waited for that change's row lock and,
-- once it committed, overwrote it: the agent's update lost without a word
-- (tests/isolation/specs/revert-vs-change.spec, permutation "ann_change
-- sue_revert ann_commit sue_commit": time slot back to the morning at
-- version 4). Now both lock the rows (FOR UPDATE, in table and key order,
-- after the advisory locks) before any check: a change in flight commits
-- first and the checks see it (the revert is refused: "changed again
-- later", or the version it was asked for is gone), or the change waits
-- and then finds the version moved on.
--
-- The bodies are those of 0100 (history_revert) and 0070 (history_undo)
-- with the lock added.

-- Locks rd.<p_table>'s row p_key (its single key's text), if the table has
-- one key column and the row exists; called by the SECURITY DEFINER
-- functions above only.
CREATE FUNCTION rd.history_lock_row(p_table text, p_key text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	pk text := rd.history_pk(p_table);
BEGIN
	IF pk IS NOT NULL THEN
		EXECUTE format('SELECT 1 FROM rd.%I WHERE %I::text = $1 FOR UPDATE', p_table, pk)
		   USING p_key;
	END IF;
END
$$;
REVOKE ALL ON FUNCTION rd.history_lock_row(text, text) FROM PUBLIC;

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
	-- and the rows themselves, as any writer locks them: a change that is
	-- being written waits for this revert, or this revert for it, and the
	-- checks below see it (0140)
	PERFORM rd.history_lock_row(x.table_name, x.row_key)
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
					to_jsonb(rd.business_text('revert', e.id::text, p_reason)));
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
			   USING e.row_key, rd.business_text('revert', e.id::text, p_reason);
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

CREATE OR REPLACE FUNCTION rd.history_undo(p_request text, p_call bigint, p_reason text,
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
	-- and the rows themselves (see history_revert, 0140)
	PERFORM rd.history_lock_row(x.table_name, x.row_key)
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
