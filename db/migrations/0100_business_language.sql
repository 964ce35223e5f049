-- 0100: the business's language (issue 12, section 1).
--
-- Text the database and the terminals store for people to read later (a
-- subscription's last change, a request's summary, the notes the database
-- writes on an inquiry, a revert's words) is written in the language of the
-- BUSINESS, not in the language of whichever terminal wrote it: one row of
-- rd.settings, business_language = ja | en, Japanese by default. Only a
-- supervisor may change it (rd.settings is UPDATE-able by rd_supervisor
-- alone, 0004); the guard below refuses any other value.
--
-- The database's own stored words come from one function,
-- rd.business_template: a stable key and one template per language (%s:
-- the arguments, in order). The terminal's stored words come from its
-- catalogue in the business's language (store/bizlang.c; doc/notes/language.md).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

INSERT INTO rd.settings (key, value, description) VALUES
	('business_language', 'ja',
	 'language of the texts kept for people to read later (summaries, last change, notes the database writes): ja or en')
ON CONFLICT (key) DO NOTHING;

CREATE FUNCTION rd.business_language_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF NEW.key = 'business_language' AND NEW.value NOT IN ('ja', 'en') THEN
		RAISE EXCEPTION 'the business language is ja or en, not %', NEW.value
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION rd.business_language_guard() FROM PUBLIC;

CREATE TRIGGER rd_business_language_guard BEFORE INSERT OR UPDATE OF value ON rd.settings
	FOR EACH ROW EXECUTE FUNCTION rd.business_language_guard();

-- ja unless a supervisor set en (a missing row reads as ja).
CREATE FUNCTION rd.business_language() RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT CASE WHEN (SELECT s.value FROM rd.settings s
			   WHERE s.key = 'business_language') = 'en'
		    THEN 'en' ELSE 'ja' END
$$;
REVOKE ALL ON FUNCTION rd.business_language() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.business_language() TO rd_operator;

-- The database's stored words: key, then one template per language (%s:
-- the next argument). Code, not a table: a migration adds or rewords them,
-- and no role can change them.
CREATE FUNCTION rd.business_template(p_key text, p_lang text) RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN p_lang = 'ja' THEN
		CASE p_key
		WHEN 'revert' THEN '#%s の取り消し：%s'
		WHEN 'first_order_cancel' THEN '初回注文 %s のキャンセルにより解約'
		WHEN 'first_order_keep' THEN '初回注文 %s をキャンセル。次回お届けが1回目になる'
		WHEN 'cutoff_moved' THEN
			'お届け日が変わり、締め日が %s になった。約束した折り返し（%s）より前のため、早めに折り返すこと。'
		END
	ELSE
		CASE p_key
		WHEN 'revert' THEN 'revert of #%s: %s'
		WHEN 'first_order_cancel' THEN 'cancelled with its first order %s'
		WHEN 'first_order_keep' THEN 'first order %s cancelled; the next delivery is delivery 1'
		WHEN 'cutoff_moved' THEN
			'The delivery moved: its cut-off is now %s, before the callback promised for %s. Call back earlier.'
		END
	END
$$;
REVOKE ALL ON FUNCTION rd.business_template(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.business_template(text, text) TO rd_operator;

-- The stored words of key in the business's language, each %s replaced by
-- the next argument (format's rules: an argument is never read as a
-- template).
CREATE FUNCTION rd.business_text(p_key text, VARIADIC p_args text[] DEFAULT '{}')
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	t text := rd.business_template(p_key, rd.business_language());
BEGIN
	IF t IS NULL THEN
		RAISE EXCEPTION 'there are no stored words named %', p_key
			USING ERRCODE = 'RD404';
	END IF;
	RETURN format(t, VARIADIC p_args);
END
$$;
REVOKE ALL ON FUNCTION rd.business_text(text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.business_text(text, text[]) TO rd_operator;

-- A date and time as the business writes it: 2026/12/12(土) 10:42 in
-- Japanese, 2026-12-12 10:42 in English (as before).
CREATE FUNCTION rd.business_datetime(p_at timestamptz, p_zone text) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT CASE WHEN rd.business_language() = 'ja'
		    THEN to_char(p_at AT TIME ZONE p_zone, 'YYYY/MM/DD')
			 || '(' || (ARRAY['日', '月', '火', '水', '木', '金', '土'])
				   [extract(dow FROM p_at AT TIME ZONE p_zone)::int + 1]
			 || ') ' || to_char(p_at AT TIME ZONE p_zone, 'HH24:MI')
		    ELSE to_char(p_at AT TIME ZONE p_zone, 'YYYY-MM-DD HH24:MI') END
$$;
REVOKE ALL ON FUNCTION rd.business_datetime(timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.business_datetime(timestamptz, text) TO rd_operator;

-- ---------------------------------------------------------------------------
-- The database's stored words, now in the business's language.

-- a callback promised after the new cut-off (0072)
CREATE OR REPLACE FUNCTION rd.inquiry_follow_cutoff() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	c timestamptz := rd.inquiry_cutoff(NEW.id);
	q record;
	sla interval;
	tz text := rd.inquiry_setting('business_timezone', 'Asia/Tokyo');
BEGIN
	FOR q IN SELECT i.id, i.cutoff_at, i.due_at, i.created_at, i.category, i.callback_at
		   FROM rd.inquiries i
		  WHERE i.subscription_id = NEW.id AND i.status NOT IN ('resolved', 'closed')
		    AND i.cutoff_at IS DISTINCT FROM c
		  ORDER BY i.id FOR UPDATE LOOP
		sla := rd.inquiry_sla(q.category);
		UPDATE rd.inquiries
		   SET cutoff_at = c,
		       due_at = CASE WHEN q.due_at IS NULL OR q.due_at = q.cutoff_at
					  OR q.due_at = q.created_at + sla
				     THEN least(q.created_at + sla, c)
				     ELSE q.due_at END
		 WHERE id = q.id;
		IF q.callback_at IS NOT NULL AND c IS NOT NULL AND q.callback_at > c
		   AND (q.cutoff_at IS NULL OR q.callback_at <= q.cutoff_at) THEN
			INSERT INTO rd.inquiry_entries (inquiry_id, kind, body)
			VALUES (q.id, 'note', rd.business_text('cutoff_moved',
				rd.business_datetime(c, tz), rd.business_datetime(q.callback_at, tz)));
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;

-- a cancelled first order (0060)
CREATE OR REPLACE FUNCTION rd.order_first_cancelled(p_order bigint, p_choice text, p_reason text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	o rd.orders%ROWTYPE;
	s rd.subscriptions%ROWTYPE;
BEGIN
	IF p_choice IS NULL OR p_choice NOT IN ('cancel', 'keep') THEN
		RAISE EXCEPTION 'the subscription of a cancelled first order is either cancelled or kept'
			USING ERRCODE = '22023';
	END IF;
	IF p_reason IS NULL OR btrim(p_reason) = '' THEN
		RAISE EXCEPTION 'a reason is required' USING ERRCODE = '22023';
	END IF;
	SELECT * INTO o FROM rd.orders WHERE id = p_order FOR UPDATE;
	IF NOT FOUND OR o.status <> 'cancelled' OR o.subscription_id IS NULL
	   OR o.delivery_no IS DISTINCT FROM 1 THEN
		RAISE EXCEPTION 'order % is not a cancelled first delivery of a subscription', p_order
			USING ERRCODE = '42501';
	END IF;
	SELECT * INTO s FROM rd.subscriptions WHERE id = o.subscription_id FOR UPDATE;
	IF s.status = 'cancelled' THEN
		RETURN;
	END IF;
	IF p_choice = 'cancel' THEN
		UPDATE rd.subscriptions
		   SET status = 'cancelled', cancelled_on = rd.customer_today(),
		       cancel_reason = p_reason, paused_until = NULL,
		       last_change = rd.business_text('first_order_cancel', o.order_no)
		 WHERE id = s.id;
	ELSE
		UPDATE rd.orders SET delivery_no = NULL WHERE id = o.id;
		UPDATE rd.subscriptions
		   SET delivery_count = greatest(delivery_count - 1, 0),
		       last_change = rd.business_text('first_order_keep', o.order_no)
		 WHERE id = s.id;
	END IF;
END
$$;

-- the revert's words on the record it restores (0081)
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
