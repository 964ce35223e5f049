-- 0040_inquiry_log.sql: the shared inquiry log (issue 6): its state
-- machine, who may do what, deadlines, requests by id, presence, and
-- richer live notifications.
--
-- The rules live in triggers on rd.inquiries and rd.inquiry_entries, so
-- that they hold on every path (the rd.inquiry_* functions below, or a
-- plain UPDATE by a role that has the grant from 0004):
--
--   status   open -> in_progress | waiting_customer | escalated | resolved
--            in_progress -> open | waiting_customer | escalated | resolved
--            waiting_customer -> open | in_progress | escalated | resolved
--            escalated -> open | in_progress | waiting_customer | resolved
--            resolved -> closed | open (reopen)
--            closed -> open (reopen)
--            A new inquiry starts open. Resolving an inquiry whose category
--            is listed in the setting inquiry_note_required needs a note.
--   holder   Anyone may take an unassigned inquiry or hand on their own;
--            only a supervisor moves an inquiry someone else holds. The
--            new holder must be an active agent. Handing to someone else
--            (or to a team) needs a note.
--   timeline Every change of status or holder writes its entry (kinds
--            status_change / escalation / handoff) in the same
--            transaction, from the trigger: no path changes an inquiry
--            without leaving its trace. The note of that entry is the
--            transaction-local setting repeatdesk.inquiry_note, which the
--            functions set. Desk roles insert only notes and calls by hand;
--            the other kinds come from the triggers and functions. Nobody
--            updates or deletes an entry (0004 grants neither).
--   deadline due_at = created_at + the SLA hours of the category (setting
--            inquiry_sla_hours), and no later than the change cut-off of
--            the subscription's next delivery (cutoff_at, from next_date
--            and cutoff_days in the business time zone).
--
-- The cluster's superusers (the migration runner, `db seed`) are trusted:
-- their rows are loaded as they were, whatever their status.
--
-- Errors: SQLSTATE 42501 (not allowed for this role), RD404 (no such
-- inquiry or agent), RD422 (a rule refuses: transition, missing note).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

INSERT INTO rd.settings (key, value, description) VALUES
	('inquiry_sla_hours',
	 'default=72,complaint=24,cancel=24,skip=48,pause=48,cycle_change=48,address_change=48,payment_change=48',
	 'Hours within which an inquiry of each category should be resolved (category=hours, default=hours)'),
	('inquiry_note_required', 'complaint,cancel',
	 'Categories whose inquiries can only be resolved with a note (comma-separated)')
ON CONFLICT (key) DO NOTHING;

-- ---------------------------------------------------------------------------
-- Columns

ALTER TABLE rd.inquiries
	ADD COLUMN cutoff_at timestamptz,
	ADD COLUMN resolved_at timestamptz,
	ADD COLUMN request_id uuid UNIQUE;

ALTER TABLE rd.inquiry_entries
	ADD COLUMN from_status text CHECK (from_status IN ('open', 'in_progress',
		'waiting_customer', 'escalated', 'resolved', 'closed')),
	ADD COLUMN to_status text CHECK (to_status IN ('open', 'in_progress',
		'waiting_customer', 'escalated', 'resolved', 'closed')),
	ADD CHECK (to_status IS NULL OR kind IN ('status_change', 'escalation')),
	ADD CHECK (kind <> 'change_link' OR history_id IS NOT NULL);

-- Queues read open inquiries only: partial indexes in the orders the
-- queue views page through (keyset on (key, id)).
CREATE FUNCTION rd.inquiry_priority_rank(p text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE p WHEN 'urgent' THEN 0 WHEN 'high' THEN 1
		    WHEN 'normal' THEN 2 ELSE 3 END $$;

-- every status, newest first (the whole log)
CREATE INDEX inquiries_created_idx ON rd.inquiries (created_at, id);
CREATE INDEX inquiries_open_age_idx ON rd.inquiries (created_at, id)
	WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX inquiries_open_prio_idx
	ON rd.inquiries (rd.inquiry_priority_rank(priority), created_at, id)
	WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX inquiries_open_assignee_idx ON rd.inquiries (assignee_id, created_at, id)
	WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX inquiries_open_team_idx ON rd.inquiries (team_id, created_at, id)
	WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX inquiries_open_status_idx ON rd.inquiries (status, created_at, id)
	WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX inquiries_open_callback_idx ON rd.inquiries (callback_at, id)
	WHERE status NOT IN ('resolved', 'closed') AND callback_at IS NOT NULL;
CREATE INDEX inquiries_open_due_idx ON rd.inquiries (due_at, id)
	WHERE status NOT IN ('resolved', 'closed') AND due_at IS NOT NULL;
-- the dashboard's "today" figures per agent
CREATE INDEX inquiry_entries_author_idx ON rd.inquiry_entries (author, created_at);
CREATE INDEX inquiry_entries_created_idx ON rd.inquiry_entries (created_at);

-- ---------------------------------------------------------------------------
-- Requests by id: an inquiry command retried with the same request id is
-- applied once. Written last, in the command's own transaction.

CREATE TABLE rd.inquiry_requests (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	request_id uuid NOT NULL UNIQUE,
	inquiry_id bigint NOT NULL REFERENCES rd.inquiries (id),
	kind text NOT NULL,
	result bigint NOT NULL,
	agent text NOT NULL DEFAULT session_user,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inquiry_requests_inquiry_id_idx ON rd.inquiry_requests (inquiry_id);
GRANT SELECT ON rd.inquiry_requests TO rd_operator;

-- ---------------------------------------------------------------------------
-- Helpers

-- True for the cluster's superusers (the migration runner, the seeder).
CREATE FUNCTION rd.inquiry_trusted() RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$ SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false) $$;

-- The session's own agent row id, or NULL.
CREATE FUNCTION rd.inquiry_me() RETURNS bigint
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$ SELECT id FROM rd.agents WHERE login = session_user $$;

CREATE FUNCTION rd.inquiry_is_supervisor() RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$ SELECT pg_has_role(session_user, 'rd_supervisor', 'MEMBER') $$;

CREATE FUNCTION rd.inquiry_setting(p_key text, p_default text) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$ SELECT coalesce((SELECT value FROM rd.settings WHERE key = p_key), p_default) $$;

-- SLA of a category: "category=hours" in inquiry_sla_hours, else default=.
CREATE FUNCTION rd.inquiry_sla(p_category text) RETURNS interval
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	item text;
	h int;
	d int := 72;
BEGIN
	FOREACH item IN ARRAY string_to_array(rd.inquiry_setting('inquiry_sla_hours', ''), ',') LOOP
		item := btrim(item);
		CONTINUE WHEN item !~ '^[a-z_]+=[0-9]{1,5}$';
		IF split_part(item, '=', 1) = p_category THEN
			h := split_part(item, '=', 2)::int;
		ELSIF split_part(item, '=', 1) = 'default' THEN
			d := split_part(item, '=', 2)::int;
		END IF;
	END LOOP;
	RETURN make_interval(hours => coalesce(h, d));
END
$$;

CREATE FUNCTION rd.inquiry_note_required(p_category text) RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$ SELECT p_category = ANY (SELECT btrim(x) FROM unnest(string_to_array(
	rd.inquiry_setting('inquiry_note_required', ''), ',')) AS x) $$;

-- The change cut-off of a subscription's next delivery: the start of the
-- day cutoff_days before it, in the business time zone (core/subrule:
-- a delivery is changeable while it is more than cutoff_days away).
-- NULL when the subscription has no next delivery.
CREATE FUNCTION rd.inquiry_cutoff(p_subscription bigint) RETURNS timestamptz
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT ((s.next_date - rd.inquiry_setting('cutoff_days', '5')::int)::timestamp
		AT TIME ZONE rd.inquiry_setting('business_timezone', 'Asia/Tokyo'))
	  FROM rd.subscriptions s
	 WHERE s.id = p_subscription AND s.status = 'active' AND s.next_date IS NOT NULL
$$;

CREATE FUNCTION rd.inquiry_legal(p_from text, p_to text) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$
	SELECT CASE p_from
		WHEN 'open' THEN p_to IN ('in_progress', 'waiting_customer', 'escalated', 'resolved')
		WHEN 'in_progress' THEN p_to IN ('open', 'waiting_customer', 'escalated', 'resolved')
		WHEN 'waiting_customer' THEN p_to IN ('open', 'in_progress', 'escalated', 'resolved')
		WHEN 'escalated' THEN p_to IN ('open', 'in_progress', 'waiting_customer', 'resolved')
		WHEN 'resolved' THEN p_to IN ('closed', 'open')
		WHEN 'closed' THEN p_to = 'open'
		ELSE false END
$$;

CREATE FUNCTION rd.inquiry_status_words(p text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
	SELECT CASE p WHEN 'open' THEN 'open' WHEN 'in_progress' THEN 'in progress'
		WHEN 'waiting_customer' THEN 'waiting on the customer'
		WHEN 'escalated' THEN 'escalated' WHEN 'resolved' THEN 'resolved'
		WHEN 'closed' THEN 'closed' ELSE p END
$$;

-- ---------------------------------------------------------------------------
-- The guard on rd.inquiries

CREATE FUNCTION rd.inquiry_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	me bigint := rd.inquiry_me();
	note text := coalesce(current_setting('repeatdesk.inquiry_note', true), '');
	holder text;
	sla interval;
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.due_at IS NULL OR NEW.cutoff_at IS NULL THEN
			IF NEW.subscription_id IS NOT NULL AND NEW.cutoff_at IS NULL THEN
				NEW.cutoff_at := rd.inquiry_cutoff(NEW.subscription_id);
			END IF;
			IF NEW.due_at IS NULL THEN
				sla := rd.inquiry_sla(NEW.category);
				NEW.due_at := least(NEW.created_at + sla, NEW.cutoff_at);
			END IF;
		END IF;
		IF rd.inquiry_trusted() THEN
			RETURN NEW;
		END IF;
		NEW.opened_by := session_user;
		IF NEW.status <> 'open' THEN
			RAISE EXCEPTION 'a new inquiry starts open, not %', rd.inquiry_status_words(NEW.status)
				USING ERRCODE = 'RD422';
		END IF;
		IF NEW.assignee_id IS NOT NULL AND NEW.assignee_id IS DISTINCT FROM me
		   AND NOT rd.inquiry_is_supervisor() THEN
			-- handing a new inquiry straight to someone else is a handoff:
			-- open it, then hand it off with a note
			RAISE EXCEPTION 'open the inquiry first, then hand it off with a note'
				USING ERRCODE = 'RD422';
		END IF;
		IF NEW.assignee_id IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM rd.agents WHERE id = NEW.assignee_id AND active) THEN
			RAISE EXCEPTION 'agent % is not an active agent', NEW.assignee_id
				USING ERRCODE = 'RD422';
		END IF;
		RETURN NEW;
	END IF;

	-- UPDATE
	IF NEW.subscription_id IS DISTINCT FROM OLD.subscription_id THEN
		NEW.cutoff_at := rd.inquiry_cutoff(NEW.subscription_id);
		IF NEW.cutoff_at IS NOT NULL AND (NEW.due_at IS NULL OR NEW.due_at > NEW.cutoff_at) THEN
			NEW.due_at := NEW.cutoff_at;
		END IF;
	END IF;
	IF NEW.status = 'resolved' AND OLD.status <> 'resolved' THEN
		NEW.resolved_at := now();
	ELSIF NEW.status NOT IN ('resolved', 'closed') THEN
		NEW.resolved_at := NULL;
	END IF;
	IF rd.inquiry_trusted() THEN
		RETURN NEW;
	END IF;

	IF NEW.opened_by IS DISTINCT FROM OLD.opened_by
	   OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
		RAISE EXCEPTION 'who opened an inquiry, and when, cannot be changed'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF NEW.request_id IS DISTINCT FROM OLD.request_id THEN
		RAISE EXCEPTION 'the request id of an inquiry cannot be changed'
			USING ERRCODE = 'insufficient_privilege';
	END IF;

	IF NEW.status IS DISTINCT FROM OLD.status THEN
		IF NOT rd.inquiry_legal(OLD.status, NEW.status) THEN
			RAISE EXCEPTION 'inquiry % is %: it cannot become %', OLD.id,
				rd.inquiry_status_words(OLD.status),
				rd.inquiry_status_words(NEW.status)
				|| CASE WHEN OLD.status IN ('resolved', 'closed')
					THEN ' (reopen it first)' ELSE '' END
				USING ERRCODE = 'RD422';
		END IF;
		IF NEW.status = 'resolved' AND btrim(note) = ''
		   AND rd.inquiry_note_required(NEW.category) THEN
			RAISE EXCEPTION 'a % inquiry needs a note saying how it was resolved',
				replace(NEW.category, '_', ' ')
				USING ERRCODE = 'RD422';
		END IF;
	END IF;

	IF NEW.assignee_id IS DISTINCT FROM OLD.assignee_id
	   OR NEW.team_id IS DISTINCT FROM OLD.team_id THEN
		IF OLD.assignee_id IS NOT NULL AND OLD.assignee_id IS DISTINCT FROM me
		   AND NOT rd.inquiry_is_supervisor() THEN
			SELECT display_name INTO holder FROM rd.agents WHERE id = OLD.assignee_id;
			RAISE EXCEPTION 'inquiry % is held by %: only a supervisor can reassign it',
				OLD.id, coalesce(holder, '?')
				USING ERRCODE = 'insufficient_privilege';
		END IF;
		IF NEW.assignee_id IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM rd.agents WHERE id = NEW.assignee_id AND active) THEN
			RAISE EXCEPTION 'agent % is switched off: choose an active agent', NEW.assignee_id
				USING ERRCODE = 'RD422';
		END IF;
		IF (NEW.assignee_id IS DISTINCT FROM me OR NEW.team_id IS DISTINCT FROM OLD.team_id)
		   AND (NEW.assignee_id IS NOT NULL OR NEW.team_id IS NOT NULL)
		   AND btrim(note) = '' THEN
			RAISE EXCEPTION 'a handoff needs a note for whoever takes it over'
				USING ERRCODE = 'RD422';
		END IF;
	END IF;
	RETURN NEW;
END
$$;

-- The timeline entries of a change of status or holder.
CREATE FUNCTION rd.inquiry_trace() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	note text := coalesce(current_setting('repeatdesk.inquiry_note', true), '');
BEGIN
	IF NEW.assignee_id IS DISTINCT FROM OLD.assignee_id
	   OR NEW.team_id IS DISTINCT FROM OLD.team_id THEN
		INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, from_agent_id,
						to_agent_id, to_team_id)
		VALUES (NEW.id, 'handoff', note, OLD.assignee_id, NEW.assignee_id, NEW.team_id);
	END IF;
	IF NEW.status IS DISTINCT FROM OLD.status THEN
		INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, from_status, to_status)
		VALUES (NEW.id, CASE WHEN NEW.status = 'escalated' THEN 'escalation'
				     ELSE 'status_change' END,
			CASE WHEN NEW.assignee_id IS DISTINCT FROM OLD.assignee_id
				  OR NEW.team_id IS DISTINCT FROM OLD.team_id
			     THEN '' ELSE note END,
			OLD.status, NEW.status);
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER rd_guard BEFORE INSERT OR UPDATE ON rd.inquiries
	FOR EACH ROW EXECUTE FUNCTION rd.inquiry_guard();
CREATE TRIGGER rd_trace AFTER UPDATE ON rd.inquiries
	FOR EACH ROW EXECUTE FUNCTION rd.inquiry_trace();

-- Entries: the author is who wrote it; by hand only notes and calls (the
-- other kinds come from rd.inquiry_trace and the SECURITY DEFINER
-- functions, where current_user is their owner).
CREATE FUNCTION rd.inquiry_entry_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF rd.inquiry_trusted() THEN
		RETURN NEW;
	END IF;
	NEW.author := session_user;
	IF NEW.kind NOT IN ('note', 'call') AND pg_trigger_depth() < 2
	   AND current_user = session_user THEN
		RAISE EXCEPTION '% entries are written by the inquiry''s own changes, not by hand',
			replace(NEW.kind, '_', ' ')
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER rd_guard BEFORE INSERT ON rd.inquiry_entries
	FOR EACH ROW EXECUTE FUNCTION rd.inquiry_entry_guard();

-- ---------------------------------------------------------------------------
-- Live: richer payloads. Queue screens re-read when an inquiry enters or
-- leaves what they show (status, holder, team before and after); an
-- inquiry screen when its inquiry_id matches; the card when customer_id
-- does. Presence goes on its own channel.

CREATE OR REPLACE FUNCTION rd.notify_inquiry() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
	r record;
	inq bigint;
	cust bigint;
	payload json;
BEGIN
	IF TG_OP = 'DELETE' THEN
		r := OLD;
	ELSE
		r := NEW;
	END IF;
	IF TG_TABLE_NAME = 'inquiries' THEN
		payload := pg_catalog.json_build_object(
			'table', TG_TABLE_NAME, 'op', TG_OP, 'id', r.id,
			'inquiry_id', r.id, 'customer_id', r.customer_id,
			'status', r.status, 'assignee_id', r.assignee_id,
			'team_id', r.team_id,
			'old_status', CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
			'old_assignee_id', CASE WHEN TG_OP = 'UPDATE' THEN OLD.assignee_id END,
			'old_team_id', CASE WHEN TG_OP = 'UPDATE' THEN OLD.team_id END,
			'version', r.version);
	ELSE
		inq := r.inquiry_id;
		SELECT i.customer_id INTO cust FROM rd.inquiries i WHERE i.id = inq;
		payload := pg_catalog.json_build_object(
			'table', TG_TABLE_NAME, 'op', TG_OP, 'id', r.id,
			'inquiry_id', inq, 'customer_id', cust, 'kind', r.kind);
	END IF;
	PERFORM pg_catalog.pg_notify('rd_inquiry', payload::text);
	RETURN NULL;
END
$$;

-- ---------------------------------------------------------------------------
-- Presence: who has a customer's card open, since when. Not business data
-- (no history): an unlogged table in a schema of its own, reached only
-- through the functions below. A row whose session has ended (closed,
-- crashed, disconnected) is ignored and swept by the next write.

CREATE SCHEMA rd_live;
REVOKE ALL ON SCHEMA rd_live FROM PUBLIC;
CREATE UNLOGGED TABLE rd_live.presence (
	customer_id bigint NOT NULL,
	login text NOT NULL,
	pid int NOT NULL,
	since timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (customer_id, login, pid)
);
CREATE INDEX presence_pid_idx ON rd_live.presence (pid);

CREATE FUNCTION rd.presence_notify(p_customer bigint, p_op text) RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, rd, pg_temp
AS $$ SELECT pg_notify('rd_presence', json_build_object('customer_id', p_customer,
	'login', session_user, 'op', p_op)::text) $$;

-- Marks the customer's card open by this session (one customer at a
-- time: opening another clears the previous one).
CREATE FUNCTION rd.presence_set(p_customer bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	c bigint;
BEGIN
	FOR c IN DELETE FROM rd_live.presence
		  WHERE pid = pg_backend_pid() AND customer_id <> p_customer
		 RETURNING customer_id LOOP
		PERFORM rd.presence_notify(c, 'clear');
	END LOOP;
	DELETE FROM rd_live.presence p
	 WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = p.pid
			   AND a.usename = p.login);
	INSERT INTO rd_live.presence (customer_id, login, pid)
	VALUES (p_customer, session_user, pg_backend_pid())
	ON CONFLICT DO NOTHING;
	IF FOUND THEN
		PERFORM rd.presence_notify(p_customer, 'set');
	END IF;
END
$$;

-- Clears this session's presence (on one customer, or all when NULL).
CREATE FUNCTION rd.presence_clear(p_customer bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	c bigint;
BEGIN
	FOR c IN DELETE FROM rd_live.presence
		  WHERE pid = pg_backend_pid()
		    AND (p_customer IS NULL OR customer_id = p_customer)
		 RETURNING customer_id LOOP
		PERFORM rd.presence_notify(c, 'clear');
	END LOOP;
END
$$;

-- Who else has the customer open (live sessions only), earliest first.
CREATE FUNCTION rd.presence_get(p_customer bigint)
RETURNS TABLE (login text, display_name text, since timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT p.login, coalesce(a.display_name, p.login), min(p.since)
	  FROM rd_live.presence p
	  LEFT JOIN rd.agents a ON a.login = p.login
	 WHERE p.customer_id = p_customer AND p.pid <> pg_backend_pid()
	   AND EXISTS (SELECT 1 FROM pg_stat_activity s WHERE s.pid = p.pid
		       AND s.usename = p.login)
	 GROUP BY p.login, a.display_name
	 ORDER BY 3
$$;

-- ---------------------------------------------------------------------------
-- The operations. Each runs in the caller's transaction (db_begin sets
-- reason and request id); those on an existing inquiry take the version
-- the agent read (NULL or 0: the current one) and return the new
-- version, or -1 when someone else changed it meanwhile (nothing
-- written). p_request_id: a retry with the same id returns the first
-- result and writes nothing.

-- Locks the inquiry; -1 version mismatch.
CREATE FUNCTION rd.inquiry_lock(p_id bigint, p_version int) RETURNS rd.inquiries
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	q rd.inquiries;
BEGIN
	SELECT * INTO q FROM rd.inquiries WHERE id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'there is no inquiry %', p_id USING ERRCODE = 'RD404';
	END IF;
	RETURN q;
END
$$;

CREATE FUNCTION rd.inquiry_replayed(p_request_id uuid) RETURNS bigint
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$ SELECT result FROM rd.inquiry_requests WHERE request_id = p_request_id $$;

CREATE FUNCTION rd.inquiry_done(p_request_id uuid, p_id bigint, p_kind text,
				p_result bigint) RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	PERFORM set_config('repeatdesk.inquiry_note', '', true);
	IF p_request_id IS NOT NULL AND p_result >= 0 THEN
		INSERT INTO rd.inquiry_requests (request_id, inquiry_id, kind, result)
		VALUES (p_request_id, p_id, p_kind, p_result);
	END IF;
	RETURN p_result;
END
$$;

-- Opens an inquiry; returns its id. p_assignee: a login (NULL: nobody;
-- the caller's own login: they hold it), p_team: a team name or NULL.
-- p_note becomes the first entry (a call for calls, else a note).
CREATE FUNCTION rd.inquiry_open(p_customer bigint, p_order bigint, p_subscription bigint,
				p_channel text, p_category text, p_priority text,
				p_subject text, p_note text, p_callback_at timestamptz,
				p_assignee text, p_team text, p_request_id uuid)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	prev bigint := rd.inquiry_replayed(p_request_id);
	a bigint;
	t bigint;
	new_id bigint;
BEGIN
	IF prev IS NOT NULL THEN
		RETURN prev;
	END IF;
	IF p_customer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rd.customers WHERE id = p_customer) THEN
		RAISE EXCEPTION 'there is no customer %', p_customer USING ERRCODE = 'RD404';
	END IF;
	IF p_subscription IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM rd.subscriptions WHERE id = p_subscription
		   AND customer_id IS NOT DISTINCT FROM p_customer) THEN
		RAISE EXCEPTION 'subscription % is not this customer''s', p_subscription
			USING ERRCODE = 'RD422';
	END IF;
	IF p_order IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM rd.orders WHERE id = p_order
		   AND customer_id IS NOT DISTINCT FROM p_customer) THEN
		RAISE EXCEPTION 'order % is not this customer''s', p_order
			USING ERRCODE = 'RD422';
	END IF;
	IF p_assignee IS NOT NULL THEN
		SELECT id INTO a FROM rd.agents WHERE login = p_assignee AND active;
		IF a IS NULL THEN
			RAISE EXCEPTION 'no active agent has the login "%"', p_assignee
				USING ERRCODE = 'RD404';
		END IF;
	END IF;
	IF p_team IS NOT NULL THEN
		SELECT id INTO t FROM rd.teams WHERE name = p_team;
		IF t IS NULL THEN
			RAISE EXCEPTION 'there is no team "%"', p_team USING ERRCODE = 'RD404';
		END IF;
	END IF;
	-- the guard runs as this function's owner would be trusted: check
	-- what it would check for the caller
	IF a IS NOT NULL AND a IS DISTINCT FROM rd.inquiry_me() AND NOT rd.inquiry_is_supervisor() THEN
		RAISE EXCEPTION 'open the inquiry first, then hand it off with a note'
			USING ERRCODE = 'RD422';
	END IF;
	INSERT INTO rd.inquiries (customer_id, order_id, subscription_id, channel, category,
				  priority, subject, callback_at, assignee_id, team_id,
				  request_id)
	VALUES (p_customer, p_order, p_subscription, p_channel, p_category,
		coalesce(p_priority, 'normal'), btrim(p_subject), p_callback_at, a, t,
		p_request_id)
	RETURNING id INTO new_id;
	IF coalesce(btrim(p_note), '') <> '' THEN
		INSERT INTO rd.inquiry_entries (inquiry_id, kind, body)
		VALUES (new_id, CASE WHEN p_channel IN ('inbound_call', 'outbound_call')
				     THEN 'call' ELSE 'note' END, btrim(p_note));
	END IF;
	RETURN rd.inquiry_done(p_request_id, new_id, 'open', new_id);
END
$$;

-- Adds a note or a call to the timeline; returns the entry id.
CREATE FUNCTION rd.inquiry_note(p_id bigint, p_kind text, p_body text, p_request_id uuid)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	prev bigint := rd.inquiry_replayed(p_request_id);
	e bigint;
BEGIN
	IF prev IS NOT NULL THEN
		RETURN prev;
	END IF;
	PERFORM rd.inquiry_lock(p_id, NULL);
	IF p_kind NOT IN ('note', 'call') THEN
		RAISE EXCEPTION 'an entry written by hand is a note or a call'
			USING ERRCODE = 'RD422';
	END IF;
	IF coalesce(btrim(p_body), '') = '' THEN
		RAISE EXCEPTION 'the note is empty' USING ERRCODE = 'RD422';
	END IF;
	INSERT INTO rd.inquiry_entries (inquiry_id, kind, body)
	VALUES (p_id, p_kind, btrim(p_body)) RETURNING id INTO e;
	RETURN rd.inquiry_done(p_request_id, p_id, 'note', e);
END
$$;

-- Runs one UPDATE of status / holder under the caller's rules (the guard
-- trusts no one here: it sees session_user, the caller). Returns the new
-- version, -1 on a version mismatch.
CREATE FUNCTION rd.inquiry_change(p_id bigint, p_version int, p_status text,
				  p_set_holder boolean, p_assignee bigint, p_team bigint,
				  p_note text, p_kind text, p_request_id uuid)
RETURNS int
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	q rd.inquiries;
	v int;
BEGIN
	q := rd.inquiry_lock(p_id, p_version);
	IF coalesce(p_version, 0) > 0 AND q.version <> p_version THEN
		RETURN -1;
	END IF;
	PERFORM set_config('repeatdesk.inquiry_note', coalesce(btrim(p_note), ''), true);
	UPDATE rd.inquiries
	   SET status = coalesce(p_status, status),
	       assignee_id = CASE WHEN p_set_holder THEN p_assignee ELSE assignee_id END,
	       team_id = CASE WHEN p_set_holder THEN p_team ELSE team_id END
	 WHERE id = p_id
	RETURNING version INTO v;
	RETURN rd.inquiry_done(p_request_id, p_id, p_kind, v);
END
$$;

-- Takes the inquiry: the caller holds it, in progress.
CREATE FUNCTION rd.inquiry_take(p_id bigint, p_version int, p_request_id uuid)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	prev bigint := rd.inquiry_replayed(p_request_id);
	q rd.inquiries;
	me bigint := rd.inquiry_me();
BEGIN
	IF prev IS NOT NULL THEN
		RETURN prev;
	END IF;
	IF me IS NULL THEN
		RAISE EXCEPTION 'only an agent of the desk can take an inquiry' USING ERRCODE = 'insufficient_privilege';
	END IF;
	q := rd.inquiry_lock(p_id, p_version);
	IF q.status IN ('resolved', 'closed') THEN
		RAISE EXCEPTION 'inquiry % is %: reopen it first', p_id,
			rd.inquiry_status_words(q.status) USING ERRCODE = 'RD422';
	END IF;
	RETURN rd.inquiry_change(p_id, p_version,
		CASE WHEN q.status = 'in_progress' THEN NULL ELSE 'in_progress' END,
		true, me, q.team_id, '', 'take', p_request_id);
END
$$;

-- Hands the inquiry to an agent (login) or a team (name), with a note.
-- To a team: nobody holds it until someone of the team takes it.
CREATE FUNCTION rd.inquiry_handoff(p_id bigint, p_version int, p_to_agent text,
				   p_to_team text, p_note text, p_request_id uuid)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	prev bigint := rd.inquiry_replayed(p_request_id);
	q rd.inquiries;
	a rd.agents;
	t bigint;
BEGIN
	IF prev IS NOT NULL THEN
		RETURN prev;
	END IF;
	IF (p_to_agent IS NULL) = (p_to_team IS NULL) THEN
		RAISE EXCEPTION 'hand off to one agent or one team' USING ERRCODE = 'RD422';
	END IF;
	IF coalesce(btrim(p_note), '') = '' THEN
		RAISE EXCEPTION 'a handoff needs a note for whoever takes it over'
			USING ERRCODE = 'RD422';
	END IF;
	IF p_to_agent IS NOT NULL THEN
		SELECT * INTO a FROM rd.agents WHERE login = p_to_agent;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'no agent has the login "%"', p_to_agent USING ERRCODE = 'RD404';
		END IF;
		IF NOT a.active THEN
			RAISE EXCEPTION '% (%) is switched off: hand it to an active agent',
				a.display_name, a.login USING ERRCODE = 'RD422';
		END IF;
	ELSE
		SELECT id INTO t FROM rd.teams WHERE name = p_to_team;
		IF t IS NULL THEN
			RAISE EXCEPTION 'there is no team "%"', p_to_team USING ERRCODE = 'RD404';
		END IF;
	END IF;
	q := rd.inquiry_lock(p_id, p_version);
	IF q.status IN ('resolved', 'closed') THEN
		RAISE EXCEPTION 'inquiry % is %: reopen it first', p_id,
			rd.inquiry_status_words(q.status) USING ERRCODE = 'RD422';
	END IF;
	RETURN rd.inquiry_change(p_id, p_version,
		CASE WHEN q.status = 'open' THEN NULL ELSE 'open' END, true,
		a.id, coalesce(t, a.team_id), p_note, 'handoff', p_request_id);
END
$$;

-- Sets the status: in_progress, waiting_customer, escalated, resolved,
-- closed, or open (reopen) — the guard decides what is legal.
CREATE FUNCTION rd.inquiry_set_status(p_id bigint, p_version int, p_status text,
				      p_note text, p_request_id uuid)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	prev bigint := rd.inquiry_replayed(p_request_id);
	q rd.inquiries;
BEGIN
	IF prev IS NOT NULL THEN
		RETURN prev;
	END IF;
	q := rd.inquiry_lock(p_id, p_version);
	IF q.status = p_status THEN
		RAISE EXCEPTION 'inquiry % is already %', p_id, rd.inquiry_status_words(p_status)
			USING ERRCODE = 'RD422';
	END IF;
	RETURN rd.inquiry_change(p_id, p_version, p_status, false, NULL, NULL, p_note,
				 p_status, p_request_id);
END
$$;

-- Links one change (a history row) to the inquiry; returns the entry id
-- (an existing link is kept, not doubled). The change must be about the
-- inquiry's customer.
CREATE FUNCTION rd.inquiry_link_change(p_id bigint, p_history bigint)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	q rd.inquiries := rd.inquiry_lock(p_id, NULL);
	h rd.history;
	e bigint;
BEGIN
	SELECT * INTO h FROM rd.history WHERE id = p_history;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'there is no change %', p_history USING ERRCODE = 'RD404';
	END IF;
	IF h.customer_id IS DISTINCT FROM q.customer_id THEN
		RAISE EXCEPTION 'change % is not about this inquiry''s customer', p_history
			USING ERRCODE = 'RD422';
	END IF;
	SELECT id INTO e FROM rd.inquiry_entries
	 WHERE inquiry_id = p_id AND kind = 'change_link' AND history_id = p_history;
	IF e IS NULL THEN
		INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, history_id)
		VALUES (p_id, 'change_link',
			h.table_name || ' ' || lower(h.op)
			|| coalesce(': ' || (h.new_row ->> 'last_change'), ''), p_history)
		RETURNING id INTO e;
	END IF;
	RETURN e;
END
$$;

-- Links every change this session made in the current transaction about
-- the inquiry's customer (the subscription request hook). Returns how many.
CREATE FUNCTION rd.inquiry_link_tx(p_id bigint) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	q rd.inquiries := rd.inquiry_lock(p_id, NULL);
	n int := 0;
	h bigint;
BEGIN
	FOR h IN SELECT id FROM rd.history
		  WHERE txid = txid_current() AND actor = session_user
		    AND customer_id = q.customer_id
		    AND table_name NOT IN ('inquiries', 'inquiry_entries', 'inquiry_requests')
		  ORDER BY id LOOP
		PERFORM rd.inquiry_link_change(p_id, h);
		n := n + 1;
	END LOOP;
	RETURN n;
END
$$;

-- After-call work in one call: category and note, resolved or not, and
-- the changes this agent made about the customer since p_since linked.
-- Returns the new version, -1 on a version mismatch.
CREATE FUNCTION rd.inquiry_wrapup(p_id bigint, p_version int, p_category text,
				  p_note text, p_resolved boolean, p_since timestamptz,
				  p_request_id uuid)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	prev bigint := rd.inquiry_replayed(p_request_id);
	q rd.inquiries;
	h bigint;
	v int;
BEGIN
	IF prev IS NOT NULL THEN
		RETURN prev;
	END IF;
	q := rd.inquiry_lock(p_id, p_version);
	IF coalesce(p_version, 0) > 0 AND q.version <> p_version THEN
		RETURN -1;
	END IF;
	IF p_category IS NOT NULL AND p_category <> q.category THEN
		UPDATE rd.inquiries SET category = p_category WHERE id = p_id;
	END IF;
	IF p_since IS NOT NULL AND q.customer_id IS NOT NULL THEN
		FOR h IN SELECT id FROM rd.history
			  WHERE customer_id = q.customer_id AND actor = session_user
			    AND at >= p_since
			    AND table_name NOT IN ('inquiries', 'inquiry_entries', 'inquiry_requests')
			  ORDER BY id LOOP
			PERFORM rd.inquiry_link_change(p_id, h);
		END LOOP;
	END IF;
	-- the after-call work is the call's log: a call entry for calls (what
	-- the dashboard counts as calls logged), a note otherwise
	IF q.channel IN ('inbound_call', 'outbound_call') OR coalesce(btrim(p_note), '') <> '' THEN
		INSERT INTO rd.inquiry_entries (inquiry_id, kind, body)
		VALUES (p_id, CASE WHEN q.channel IN ('inbound_call', 'outbound_call')
				   THEN 'call' ELSE 'note' END, coalesce(btrim(p_note), ''));
	END IF;
	IF p_resolved AND q.status <> 'resolved' THEN
		IF q.status = 'closed' THEN
			RAISE EXCEPTION 'inquiry % is closed: reopen it first', p_id USING ERRCODE = 'RD422';
		END IF;
		PERFORM set_config('repeatdesk.inquiry_note', coalesce(btrim(p_note), ''), true);
		UPDATE rd.inquiries SET status = 'resolved' WHERE id = p_id;
	END IF;
	SELECT version INTO v FROM rd.inquiries WHERE id = p_id;
	RETURN rd.inquiry_done(p_request_id, p_id, 'wrapup', v);
END
$$;

-- The supervisor's dashboard as one json document. Refused to anyone who
-- is not a supervisor.
CREATE FUNCTION rd.inquiry_dashboard() RETURNS json
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	tz text := rd.inquiry_setting('business_timezone', 'Asia/Tokyo');
	day0 timestamptz := date_trunc('day', now() AT TIME ZONE tz) AT TIME ZONE tz;
	res json;
BEGIN
	IF NOT rd.inquiry_is_supervisor() THEN
		RAISE EXCEPTION 'only a supervisor can see the dashboard' USING ERRCODE = 'insufficient_privilege';
	END IF;
	WITH o AS (
		SELECT i.* FROM rd.inquiries i WHERE i.status NOT IN ('resolved', 'closed')
	)
	SELECT json_build_object(
		'now', now(),
		'by_status', (SELECT coalesce(json_object_agg(status, n), '{}')
				FROM (SELECT status, count(*) n FROM o GROUP BY status) s),
		'by_age', (SELECT json_build_object(
				'under_1h', count(*) FILTER (WHERE created_at > now() - interval '1 hour'),
				'1h_to_1d', count(*) FILTER (WHERE created_at <= now() - interval '1 hour'
							    AND created_at > now() - interval '1 day'),
				'1d_to_3d', count(*) FILTER (WHERE created_at <= now() - interval '1 day'
							    AND created_at > now() - interval '3 days'),
				'over_3d', count(*) FILTER (WHERE created_at <= now() - interval '3 days'))
			   FROM o),
		'by_agent', (SELECT coalesce(json_agg(x ORDER BY x.n DESC, x.login), '[]') FROM (
				SELECT a.login, a.display_name, count(*) n
				  FROM o JOIN rd.agents a ON a.id = o.assignee_id
				 GROUP BY a.login, a.display_name) x),
		'by_team', (SELECT coalesce(json_agg(x ORDER BY x.n DESC, x.team), '[]') FROM (
				SELECT t.name team, count(*) n
				  FROM o JOIN rd.teams t ON t.id = o.team_id
				 GROUP BY t.name) x),
		'unassigned', (SELECT count(*) FROM o WHERE assignee_id IS NULL),
		'handoffs_waiting', (SELECT count(*) FROM o WHERE status = 'open'
				       AND EXISTS (SELECT 1 FROM rd.inquiry_entries e
						   WHERE e.inquiry_id = o.id AND e.kind = 'handoff'
						     AND e.to_agent_id IS DISTINCT FROM
							 (SELECT id FROM rd.agents WHERE login = e.author))),
		'escalated', (SELECT count(*) FROM o WHERE status = 'escalated'),
		'overdue', (SELECT count(*) FROM o WHERE due_at < now()),
		'callbacks_overdue', (SELECT count(*) FROM o WHERE callback_at < now()),
		'oldest', (SELECT json_build_object('id', id, 'subject', subject,
				'created_at', to_char(created_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
				'status', status)
			     FROM o ORDER BY created_at, id LIMIT 1),
		'today', (SELECT coalesce(json_agg(x ORDER BY x.login), '[]') FROM (
			SELECT e.author login, coalesce(a.display_name, e.author) display_name,
			       count(*) FILTER (WHERE e.kind = 'call') calls,
			       count(*) FILTER (WHERE e.kind = 'status_change'
						AND e.to_status = 'resolved') resolved,
			       count(*) FILTER (WHERE e.kind = 'handoff'
						AND e.to_agent_id IS DISTINCT FROM a.id) handed_off
			  FROM rd.inquiry_entries e
			  LEFT JOIN rd.agents a ON a.login = e.author
			 WHERE e.created_at >= day0
			 GROUP BY e.author, a.display_name) x)
	) INTO res;
	RETURN res;
END
$$;

-- ---------------------------------------------------------------------------
-- Access (0004's table, continued): everyone at the desk works the log;
-- the guard and the functions decide the rest.

-- Every function of this file: closed to PUBLIC, open to the desk (the
-- guard's helpers run in the callers' own triggers and queue reads; the
-- operations check who may do what themselves, and the trigger functions
-- need no grant to fire).
DO $$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
		  WHERE p.pronamespace = 'rd'::regnamespace
		    AND (p.proname LIKE 'inquiry\_%' OR p.proname LIKE 'presence\_%')
	LOOP
		EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
		IF (SELECT prorettype FROM pg_proc WHERE oid = f) <> 'trigger'::regtype THEN
			EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO rd_operator', f);
		END IF;
	END LOOP;
END
$$;

SELECT rd.attach_history('rd.inquiry_requests', 'rd.inquiries', 'inquiry_id');
SELECT rd.attach_all();
