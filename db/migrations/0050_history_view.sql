-- 0050_history_view.sql: what the history viewer (issue 6, item 7) needs
-- beyond 0003: an index for a customer's timeline read page by page, and
-- the supervisors' revert.
--
-- A change, for the person who reverts it, is what one request did: a
-- skip moves the subscription's next date AND adds a skipped slot, in one
-- transaction. rd.history_revert(id) therefore undoes every row of the
-- entry's transaction that belongs to the same customer (the same row
-- only, when the entry belongs to no customer), newest first, each by a
-- new change whose history row points at the row it undoes (reverts).
-- Nothing is ever deleted from rd.history.
--
--   UPDATE  the changed columns get their old values back (bookkeeping
--           columns excepted: last_change says "revert of #N: reason");
--   INSERT  a skipped slot, a subscription line, a closed day or an insert
--           rule is removed; a reservation is cancelled; an address is
--           switched off; anything else (a customer, a subscription, an
--           inquiry, an order...) is refused with what to do instead;
--   DELETE  the row comes back with its old id and values.
-- Rows that record what happened (request log, retention offers, inquiry
-- entries) are kept as they are. Orders are refused: their totals, stock
-- and shipping follow from the order commands, not from single fields.
--
-- Refused (SQLSTATE RD409, nothing written) when a later change (another
-- transaction) touched the same fields of one of those rows, or touched
-- at all a row the revert would remove; the message names the fields,
-- who changed them, when, and the entry to revert first.
--
-- Optimistic locking: p_version is the version of the entry's own row the
-- supervisor saw; when the row moved on since, nothing is written and the
-- function returns one row (NULL, NULL, current version) instead of the
-- new history rows, so the client can say "changed meanwhile".
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- ---------------------------------------------------------------------------
-- A customer's timeline, newest first, read by keyset (at, id): the index
-- of 0003 orders by time only.
CREATE INDEX history_customer_at_id_idx ON rd.history (customer_id, at DESC, id DESC)
	WHERE customer_id IS NOT NULL;
DROP INDEX rd.history_customer_idx;
CREATE INDEX history_actor_at_id_idx ON rd.history (actor, at DESC, id DESC);
DROP INDEX rd.history_actor_idx;

-- ---------------------------------------------------------------------------
-- What a revert may do per table.
--   'field'   UPDATE and DELETE revert; INSERT refused
--   'part'    as field, and an INSERT is undone by removing the row
--   'cancel'  as field, and an INSERT is undone by status = 'cancelled'
--   'off'     as field, and an INSERT is undone by active = false
--   'keep'    a record of what happened: left as it is
--   NULL      refused
CREATE FUNCTION rd.history_revert_kind(p_table text) RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE p_table
		WHEN 'customers' THEN 'field'
		WHEN 'subscriptions' THEN 'field'
		WHEN 'inquiries' THEN 'field'
		WHEN 'settings' THEN 'field'
		WHEN 'products' THEN 'field'
		WHEN 'media' THEN 'field'
		WHEN 'teams' THEN 'field'
		WHEN 'subscription_skips' THEN 'part'
		WHEN 'subscription_lines' THEN 'part'
		WHEN 'holidays' THEN 'part'
		WHEN 'insert_rules' THEN 'part'
		WHEN 'subscription_reservations' THEN 'cancel'
		WHEN 'customer_addresses' THEN 'off'
		WHEN 'subscription_requests' THEN 'keep'
		WHEN 'retention_offers' THEN 'keep'
		WHEN 'inquiry_entries' THEN 'keep'
		WHEN 'order_inserts' THEN 'keep'
	END
$$;

-- Columns a revert neither restores nor counts as touched again: derived
-- figures kept by other code, and last_change (every request writes it).
CREATE FUNCTION rd.history_revert_ignored(p_table text) RETURNS text[]
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE p_table
		WHEN 'customers' THEN ARRAY['ltv', 'order_count', 'first_order_date',
					    'last_order_date', 'rfm_r', 'rfm_f', 'rfm_m']
		WHEN 'subscriptions' THEN ARRAY['last_change']
		ELSE '{}'::text[]
	END
$$;

-- The entries a revert of p_id would undo: the rows of its transaction
-- that belong to the same customer (or, with no customer, the same row),
-- newest first, with what the table allows.
CREATE FUNCTION rd.history_revert_group(p_id bigint)
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
		    ELSE g.table_name = h.table_name AND g.row_key = h.row_key END
	 ORDER BY g.id DESC
$$;

-- What stops a revert of p_id, by value: a row the revert would change
-- back whose fields no longer hold what the entry wrote (an UPDATE: its
-- changed fields; an INSERT: any field), a row it would remove that is
-- gone, a row it would bring back that exists. Whatever happened in
-- between, a field that holds again what the entry wrote (a later change
-- was reverted first) does not stop it. One row for the first such entry
-- of the group: the fields, and the latest other change that touched them
-- (who, when, at_text in the business zone; already: that change is a
-- revert of the entry). No row: nothing stops it.
CREATE FUNCTION rd.history_revert_conflict(p_id bigint)
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

-- The current version of the row an entry is about (NULL: the row is gone).
-- Readable by every role: the viewer shows it and sends it back with a
-- revert (optimistic locking).
CREATE FUNCTION rd.history_row_version(p_id bigint) RETURNS int
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	h rd.history;
	pk text;
	v int;
BEGIN
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

-- The single primary-key column of rd.<p_table>, or NULL (no such table,
-- or a key of several columns).
CREATE FUNCTION rd.history_pk(p_table text) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT min(a.attname::text)
	  FROM pg_class c
	  JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'rd'
	  JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary AND i.indnkeyatts = 1
	  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
	 WHERE c.relname = p_table
$$;

-- The table's columns that can be written (not generated, not dropped), in
-- order.
CREATE FUNCTION rd.history_columns(p_table text) RETURNS text[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT array_agg(a.attname::text ORDER BY a.attnum)
	  FROM pg_attribute a
	  JOIN pg_class c ON c.oid = a.attrelid
	  JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'rd'
	 WHERE c.relname = p_table AND a.attnum > 0 AND NOT a.attisdropped
	   AND a.attgenerated = ''
$$;

-- Words for the refusals.
CREATE FUNCTION rd.history_refuse_insert(p_table text) RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE p_table
		WHEN 'customers' THEN 'a registered customer cannot be reverted; edit the customer instead'
		WHEN 'subscriptions' THEN 'a new subscription cannot be reverted; cancel it instead'
		WHEN 'inquiries' THEN 'a new inquiry cannot be reverted; resolve or close it instead'
		WHEN 'orders' THEN 'an order cannot be reverted; cancel it with the order commands'
		WHEN 'order_lines' THEN 'order lines cannot be reverted; change the order with the order commands'
		ELSE format('a new %s row cannot be reverted', p_table)
	END
$$;

CREATE FUNCTION rd.history_revert(p_id bigint, p_reason text,
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
		PERFORM set_config('repeatdesk.reverts', e.id::text, true);

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
	PERFORM set_config('repeatdesk.reverts', '', true);

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

REVOKE ALL ON FUNCTION rd.history_revert_kind(text), rd.history_revert_ignored(text),
	rd.history_revert_group(bigint), rd.history_row_version(bigint),
	rd.history_revert_conflict(bigint),
	rd.history_pk(text), rd.history_columns(text), rd.history_refuse_insert(text),
	rd.history_revert(bigint, text, text, int)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.history_revert_kind(text), rd.history_revert_group(bigint),
	rd.history_row_version(bigint), rd.history_revert_conflict(bigint),
	rd.history_revert_ignored(text)
	TO rd_operator;
GRANT EXECUTE ON FUNCTION rd.history_revert(bigint, text, text, int) TO rd_supervisor;
