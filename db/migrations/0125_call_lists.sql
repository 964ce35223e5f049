-- 0125_call_lists.sql: outbound call lists (issue 13, section 6; the
-- seed practice: a call after mail goes unanswered).
--
-- A supervisor turns a set of customers (a saved filter of the lookup, any
-- customer query such as a segment, or a preset computed here) into a
-- call list: one outbound inquiry per customer in a team's queue. Agents
-- of the team work them from the queue and record an outcome per call.
--
--   rd.call_lists        the list: name, where it came from (source), the
--                        team, who made it, how many inquiries it made
--                        (total) and how many customers it left out because
--                        they asked not to be called (left_out_no_call),
--                        open or closed. History attached.
--   inquiries.call_list_id   the list an outbound inquiry belongs to.
--   inquiry_entries.call_outcome / retry_at   a call entry's outcome:
--                        reached, no_answer, kept, cancelled, wrong_number.
--
-- Outcomes (rd.call_outcome):
--   no_answer      needs a retry time in the future: the inquiry's
--                  callback_at becomes it and the inquiry stays open
--                  (status and holder unchanged), so it shows in the
--                  callbacks queue and the team's queue again.
--   reached, kept, cancelled, wrong_number   resolve the inquiry. "kept"
--                  and "cancelled" record what the call came to; the
--                  subscription itself changes only through a request
--                  (skip, pause, cancel) like any other. "wrong_number"
--                  changes nothing on the customer: correcting a number is
--                  the customer edit's job, with its own history.
--
-- Progress per list (rd.call_list_progress): every inquiry of the list is
-- in exactly one state, from its status and its LAST outcome:
--   done by outcome (reached / kept / cancelled / wrong_number): resolved
--   or closed with that last outcome; closed_other: resolved or closed
--   without an outcome (a wrap-up, a resolve by hand); waiting_retry: open
--   and its last outcome is no_answer (retry_due: and its callback time has
--   come); not_called: open with no outcome yet. Computed from the entries
--   each time (no summary table that could drift).
--
-- Writes only through the SECURITY DEFINER functions below (no table
-- grant writes a list, an outcome or an inquiry's list): an operator's
-- psql is refused by the grants, an agent's plain INSERT/UPDATE by the
-- guards.
--
-- Errors: 42501 (not allowed for this role), RD404 (no such team,
-- inquiry or customer), RD422 (a rule refuses).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- ---------------------------------------------------------------------------
-- Tables and columns

CREATE TABLE rd.call_lists (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 80),
	source text NOT NULL DEFAULT '' CHECK (length(source) <= 2000),
	category text NOT NULL DEFAULT 'other'
		CHECK (category IN ('order', 'skip', 'pause', 'cycle_change', 'cancel',
				    'address_change', 'payment_change', 'complaint',
				    'question', 'other')),
	team_id bigint NOT NULL REFERENCES rd.teams (id),
	created_by text NOT NULL DEFAULT session_user,
	total int NOT NULL DEFAULT 0 CHECK (total >= 0),
	left_out_no_call int NOT NULL DEFAULT 0 CHECK (left_out_no_call >= 0),
	status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	request_id uuid UNIQUE,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_lists_team_id_idx ON rd.call_lists (team_id);
CREATE INDEX call_lists_open_idx ON rd.call_lists (created_at, id) WHERE status = 'open';

ALTER TABLE rd.inquiries ADD COLUMN call_list_id bigint REFERENCES rd.call_lists (id);
CREATE INDEX inquiries_call_list_id_idx ON rd.inquiries (call_list_id)
	WHERE call_list_id IS NOT NULL;

ALTER TABLE rd.inquiry_entries
	ADD COLUMN call_outcome text CHECK (call_outcome IN ('reached', 'no_answer',
		'kept', 'cancelled', 'wrong_number')),
	ADD COLUMN retry_at timestamptz,
	ADD CHECK (call_outcome IS NULL OR kind = 'call'),
	ADD CHECK (retry_at IS NULL OR call_outcome = 'no_answer');
-- the last outcome of each inquiry (progress reads it per inquiry)
CREATE INDEX inquiry_entries_outcome_idx ON rd.inquiry_entries (inquiry_id, id DESC)
	WHERE call_outcome IS NOT NULL;

GRANT SELECT ON rd.call_lists TO rd_operator;

-- ---------------------------------------------------------------------------
-- Guards: a list, an inquiry's list and an outcome are written by the
-- functions below only (rd.sec_trusted: the owner's SECURITY DEFINER code
-- or a superuser session).

CREATE FUNCTION rd.call_list_inquiry_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF rd.sec_trusted() THEN
		RETURN NEW;
	END IF;
	IF (TG_OP = 'INSERT' AND NEW.call_list_id IS NOT NULL)
	   OR (TG_OP = 'UPDATE' AND NEW.call_list_id IS DISTINCT FROM OLD.call_list_id) THEN
		RAISE EXCEPTION 'an inquiry joins a call list only when a supervisor makes the list'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER rd_call_list_guard BEFORE INSERT OR UPDATE ON rd.inquiries
	FOR EACH ROW EXECUTE FUNCTION rd.call_list_inquiry_guard();

CREATE FUNCTION rd.call_outcome_entry_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF rd.sec_trusted() THEN
		RETURN NEW;
	END IF;
	IF NEW.call_outcome IS NOT NULL OR NEW.retry_at IS NOT NULL THEN
		RAISE EXCEPTION 'a call''s outcome is recorded with the outcome of the call, not by hand'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER rd_outcome_guard BEFORE INSERT ON rd.inquiry_entries
	FOR EACH ROW EXECUTE FUNCTION rd.call_outcome_entry_guard();

-- ---------------------------------------------------------------------------
-- The words the database keeps on an outcome's entry, in the business's
-- language (0100): the outcome, and for no answer when to call again.
-- A function of this file rather than new keys of rd.business_template,
-- which other migrations replace.

CREATE FUNCTION rd.call_outcome_template(p_outcome text, p_lang text) RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN p_lang = 'ja' THEN
		CASE p_outcome
		WHEN 'reached' THEN '架電：本人と通話'
		WHEN 'no_answer' THEN '架電：不在。%s に再架電'
		WHEN 'kept' THEN '架電：継続'
		WHEN 'cancelled' THEN '架電：解約'
		WHEN 'wrong_number' THEN '架電：番号違い'
		END
	ELSE
		CASE p_outcome
		WHEN 'reached' THEN 'Call: reached the customer'
		WHEN 'no_answer' THEN 'Call: no answer; call again at %s'
		WHEN 'kept' THEN 'Call: the customer stays'
		WHEN 'cancelled' THEN 'Call: the customer cancels'
		WHEN 'wrong_number' THEN 'Call: wrong number'
		END
	END
$$;

-- ---------------------------------------------------------------------------
-- Presets: customers computed here, for rd.call_list_create.
--   skipped-twice   an active subscription at delivery 2 or earlier that
--                   skipped two deliveries or more (about to leave)
--   callbacks-due   an open inquiry whose promised callback time has come
-- There is no record of failed card payments in the schema: no preset for
-- them.

CREATE FUNCTION rd.call_list_preset(p_preset text) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF p_preset = 'skipped-twice' THEN
		RETURN QUERY
			SELECT DISTINCT s.customer_id
			  FROM rd.subscriptions s
			 WHERE s.status = 'active' AND s.delivery_count <= 2
			   AND (SELECT count(*) FROM rd.subscription_skips k
				 WHERE k.subscription_id = s.id) >= 2
			 ORDER BY 1;
	ELSIF p_preset = 'callbacks-due' THEN
		RETURN QUERY
			SELECT DISTINCT i.customer_id
			  FROM rd.inquiries i
			 WHERE i.status NOT IN ('resolved', 'closed')
			   AND i.callback_at <= now() AND i.customer_id IS NOT NULL
			 ORDER BY 1;
	ELSE
		RAISE EXCEPTION 'there is no preset "%": skipped-twice or callbacks-due', p_preset
			USING ERRCODE = 'RD404';
	END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Making a list

-- Makes a call list of p_customer_ids for team p_team (its name) and one
-- open outbound inquiry per customer in that team's queue (subject: the
-- list's name; category p_category, 'other' when NULL). Duplicates count
-- once; customers who asked not to be called (customers.no_call) are left
-- out and counted. At most 5,000 customers. A retry with the same request
-- id returns the first list. Supervisors only. Returns the list's id.
CREATE FUNCTION rd.call_list_create(p_name text, p_team text, p_source text,
				    p_category text, p_customer_ids bigint[],
				    p_request_id uuid)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	t bigint;
	l bigint;
	n_all int;
	n_missing int;
	n_left int;
	n_made int;
BEGIN
	IF NOT rd.inquiry_is_supervisor() THEN
		RAISE EXCEPTION 'only a supervisor makes a call list'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF p_request_id IS NOT NULL THEN
		SELECT id INTO l FROM rd.call_lists WHERE request_id = p_request_id;
		IF l IS NOT NULL THEN
			RETURN l;
		END IF;
	END IF;
	IF coalesce(btrim(p_name), '') = '' THEN
		RAISE EXCEPTION 'a call list needs a name' USING ERRCODE = 'RD422';
	END IF;
	SELECT id INTO t FROM rd.teams WHERE name = p_team;
	IF t IS NULL THEN
		RAISE EXCEPTION 'there is no team "%"', p_team USING ERRCODE = 'RD404';
	END IF;
	SELECT count(DISTINCT c) INTO n_all FROM unnest(p_customer_ids) c WHERE c IS NOT NULL;
	IF n_all = 0 THEN
		RAISE EXCEPTION 'a call list needs at least one customer' USING ERRCODE = 'RD422';
	END IF;
	IF n_all > 5000 THEN
		RAISE EXCEPTION 'a call list has 5000 customers at most (this was %): narrow the selection', n_all
			USING ERRCODE = 'RD422';
	END IF;
	SELECT count(*) INTO n_missing
	  FROM (SELECT DISTINCT c FROM unnest(p_customer_ids) c WHERE c IS NOT NULL) x
	 WHERE NOT EXISTS (SELECT 1 FROM rd.customers k WHERE k.id = x.c);
	IF n_missing > 0 THEN
		RAISE EXCEPTION '% of the customers do not exist', n_missing USING ERRCODE = 'RD404';
	END IF;
	SELECT count(*) INTO n_left
	  FROM rd.customers k
	 WHERE k.id = ANY (p_customer_ids) AND k.no_call;

	INSERT INTO rd.call_lists (name, source, category, team_id, left_out_no_call, request_id)
	VALUES (btrim(p_name), coalesce(btrim(p_source), ''), coalesce(p_category, 'other'),
		t, n_left, p_request_id)
	RETURNING id INTO l;

	INSERT INTO rd.inquiries (customer_id, channel, category, status, team_id, subject,
				  call_list_id)
	SELECT k.id, 'outbound_call', coalesce(p_category, 'other'), 'open', t, btrim(p_name), l
	  FROM rd.customers k
	 WHERE k.id = ANY (p_customer_ids) AND NOT k.no_call
	 ORDER BY k.id;
	GET DIAGNOSTICS n_made = ROW_COUNT;

	UPDATE rd.call_lists SET total = n_made WHERE id = l;
	RETURN l;
END
$$;

-- Closes a list (no longer on the dashboard); its open inquiries stay in
-- the queue. Supervisors only. Returns the new version, -1 on a version
-- mismatch.
CREATE FUNCTION rd.call_list_close(p_id bigint, p_version int) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	l rd.call_lists;
	v int;
BEGIN
	IF NOT rd.inquiry_is_supervisor() THEN
		RAISE EXCEPTION 'only a supervisor closes a call list'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	SELECT * INTO l FROM rd.call_lists WHERE id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'there is no call list %', p_id USING ERRCODE = 'RD404';
	END IF;
	IF coalesce(p_version, 0) > 0 AND l.version <> p_version THEN
		RETURN -1;
	END IF;
	IF l.status = 'closed' THEN
		RETURN l.version;
	END IF;
	UPDATE rd.call_lists SET status = 'closed' WHERE id = p_id RETURNING version INTO v;
	RETURN v;
END
$$;

-- ---------------------------------------------------------------------------
-- Recording a call's outcome

-- Records the outcome of an outbound call on inquiry p_id, whose version
-- the agent read (0 or NULL: the current one): a call entry with the
-- outcome (its body: the outcome in the business's language, then the
-- note), and for no_answer the callback time p_retry_at (which must be in
-- the future); any other outcome resolves the inquiry. Agents and
-- supervisors. Returns the new version, -1 on a version mismatch (nothing
-- written). A retry with the same request id returns the first result.
CREATE FUNCTION rd.call_outcome(p_id bigint, p_version int, p_outcome text,
				p_retry_at timestamptz, p_note text, p_request_id uuid)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	prev bigint := rd.inquiry_replayed(p_request_id);
	q rd.inquiries;
	words text;
	body text;
	v int;
BEGIN
	IF prev IS NOT NULL THEN
		RETURN prev;
	END IF;
	IF NOT pg_has_role(session_user, 'rd_agent', 'MEMBER') THEN
		RAISE EXCEPTION 'only an agent or a supervisor records the outcome of a call'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF p_outcome IS NULL OR p_outcome NOT IN ('reached', 'no_answer', 'kept', 'cancelled',
						   'wrong_number') THEN
		RAISE EXCEPTION 'the outcome of a call is reached, no answer, kept, cancelled or wrong number'
			USING ERRCODE = 'RD422';
	END IF;
	q := rd.inquiry_lock(p_id, p_version);
	IF coalesce(p_version, 0) > 0 AND q.version <> p_version THEN
		RETURN -1;
	END IF;
	IF q.channel <> 'outbound_call' THEN
		RAISE EXCEPTION 'inquiry % is not an outbound call', p_id USING ERRCODE = 'RD422';
	END IF;
	IF q.status IN ('resolved', 'closed') THEN
		RAISE EXCEPTION 'inquiry % is %: reopen it first', p_id,
			rd.inquiry_status_words(q.status) USING ERRCODE = 'RD422';
	END IF;
	IF p_outcome = 'no_answer' THEN
		IF p_retry_at IS NULL THEN
			RAISE EXCEPTION 'no answer needs the time to call again' USING ERRCODE = 'RD422';
		END IF;
		IF p_retry_at <= now() THEN
			RAISE EXCEPTION 'the time to call again must be in the future' USING ERRCODE = 'RD422';
		END IF;
	ELSIF p_retry_at IS NOT NULL THEN
		RAISE EXCEPTION 'only no answer takes a time to call again' USING ERRCODE = 'RD422';
	END IF;

	words := format(rd.call_outcome_template(p_outcome, rd.business_language()),
			rd.business_datetime(p_retry_at,
				rd.inquiry_setting('business_timezone', 'Asia/Tokyo')));
	body := words || CASE WHEN coalesce(btrim(p_note), '') = '' THEN ''
			      WHEN rd.business_language() = 'ja' THEN '。' || btrim(p_note)
			      ELSE '. ' || btrim(p_note) END;
	INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, call_outcome, retry_at)
	VALUES (p_id, 'call', body, p_outcome, p_retry_at);

	IF p_outcome = 'no_answer' THEN
		UPDATE rd.inquiries SET callback_at = p_retry_at WHERE id = p_id
		RETURNING version INTO v;
	ELSE
		PERFORM set_config('repeatdesk.inquiry_note', body, true);
		UPDATE rd.inquiries SET status = 'resolved' WHERE id = p_id
		RETURNING version INTO v;
	END IF;
	RETURN rd.inquiry_done(p_request_id, p_id, 'call_outcome', v);
END
$$;

-- ---------------------------------------------------------------------------
-- Progress: one row per list (see the header). Runs with the reader's
-- rights (security_invoker): what the reader may not see, it does not count.

CREATE VIEW rd.call_list_progress WITH (security_invoker = true) AS
SELECT l.id, l.name, l.source, l.category, t.name AS team, l.created_by, l.status,
       l.created_at, l.version, l.total, l.left_out_no_call,
       count(s.id) FILTER (WHERE s.state = 'not_called') AS not_called,
       count(s.id) FILTER (WHERE s.state = 'waiting_retry') AS waiting_retry,
       count(s.id) FILTER (WHERE s.state = 'waiting_retry' AND s.callback_at <= now()) AS retry_due,
       count(s.id) FILTER (WHERE s.state = 'reached') AS reached,
       count(s.id) FILTER (WHERE s.state = 'kept') AS kept,
       count(s.id) FILTER (WHERE s.state = 'cancelled') AS cancelled,
       count(s.id) FILTER (WHERE s.state = 'wrong_number') AS wrong_number,
       count(s.id) FILTER (WHERE s.state = 'closed_other') AS closed_other,
       coalesce(sum(s.calls), 0)::bigint AS calls
  FROM rd.call_lists l
  JOIN rd.teams t ON t.id = l.team_id
  LEFT JOIN LATERAL (
	SELECT i.id, i.callback_at,
	       CASE WHEN i.status IN ('resolved', 'closed')
		    THEN coalesce(NULLIF(o.call_outcome, 'no_answer'), 'closed_other')
		    WHEN o.call_outcome = 'no_answer' THEN 'waiting_retry'
		    ELSE 'not_called' END AS state,
	       (SELECT count(*) FROM rd.inquiry_entries e
		 WHERE e.inquiry_id = i.id AND e.call_outcome IS NOT NULL) AS calls
	  FROM rd.inquiries i
	  LEFT JOIN LATERAL (
		SELECT e.call_outcome FROM rd.inquiry_entries e
		 WHERE e.inquiry_id = i.id AND e.call_outcome IS NOT NULL
		 ORDER BY e.id DESC LIMIT 1) o ON true
	 WHERE i.call_list_id = l.id) s ON true
 GROUP BY l.id, t.name;

GRANT SELECT ON rd.call_list_progress TO rd_operator;

-- ---------------------------------------------------------------------------
-- Access

REVOKE ALL ON FUNCTION rd.call_list_inquiry_guard(), rd.call_outcome_entry_guard(),
	rd.call_outcome_template(text, text), rd.call_list_preset(text),
	rd.call_list_create(text, text, text, text, bigint[], uuid),
	rd.call_list_close(bigint, int),
	rd.call_outcome(bigint, int, text, timestamptz, text, uuid)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.call_list_preset(text),
	rd.call_list_create(text, text, text, text, bigint[], uuid),
	rd.call_list_close(bigint, int)
	TO rd_supervisor;
GRANT EXECUTE ON FUNCTION rd.call_outcome(bigint, int, text, timestamptz, text, uuid)
	TO rd_agent;

SELECT rd.attach_all();
