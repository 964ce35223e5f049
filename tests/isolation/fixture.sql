-- fixture.sql: what the isolation specs (tests/isolation/specs) share,
-- loaded by run.sh as the superuser after the migrations and after
-- iso_stmts (which fills iso.statements with the store's own SQL text).
--
-- Logins: ann, bob and cal (agents), sue (supervisor), made by rd.agent_add as
-- a supervisor's screen does. isolationtester connects as one user (the
-- superuser); each session's setup does CALL iso.login('ann'), which PREPAREs
-- the store's statements and then SET SESSION AUTHORIZATION ann: from then
-- on session_user is ann, so the history triggers record ann as the actor
-- and every grant, row-level policy and guard trigger sees ann, as when ann
-- logs in with her password. (SET ROLE would leave session_user alone.)
--
-- Each permutation makes fresh records (iso.seed_*) in the spec's setup and
-- remembers their ids in iso.ctx; history is append-only, so the end-state
-- queries count only the rows of the records of the permutation. (It can
-- be loaded again into the same database.)

SELECT set_config('repeatdesk.reason', 'isolation fixture', false);

GRANT USAGE ON SCHEMA iso TO PUBLIC;

CREATE TABLE IF NOT EXISTS iso.ctx (k text PRIMARY KEY, id bigint NOT NULL);
GRANT SELECT ON iso.ctx TO PUBLIC;

CREATE OR REPLACE FUNCTION iso.id(p_k text) RETURNS bigint
LANGUAGE sql STABLE AS $$ SELECT id FROM iso.ctx WHERE k = p_k $$;

CREATE OR REPLACE FUNCTION iso.put(p_k text, p_id bigint) RETURNS bigint
LANGUAGE sql AS $$
	INSERT INTO iso.ctx VALUES (p_k, p_id)
	ON CONFLICT (k) DO UPDATE SET id = EXCLUDED.id RETURNING id
$$;

-- Session setup: the store's statements prepared, then the login.
CREATE OR REPLACE PROCEDURE iso.login(p_login text)
LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	IF session_user <> current_user OR NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
		RAISE EXCEPTION 'iso.login: run it as the superuser (RESET SESSION AUTHORIZATION first)';
	END IF;
	DEALLOCATE ALL;
	FOR r IN SELECT name, sql FROM iso.statements ORDER BY name LOOP
		EXECUTE format('PREPARE %I AS %s', r.name, r.sql);
	END LOOP;
	EXECUTE format('SET SESSION AUTHORIZATION %I', p_login);
END
$$;

-- Logins (a SCRAM verifier of no password anyone knows: nobody logs in
-- with it; the sessions become them by SET SESSION AUTHORIZATION).
SELECT rd.agent_add(l, d, r,
	'SCRAM-SHA-256$4096:aXNvbGF0aW9u$aXNvbGF0aW9uc3RvcmVka2V5:aXNvbGF0aW9uc2VydmVya2V5')
  FROM (VALUES ('ann', 'Ann Agent', 'agent'), ('bob', 'Bob Agent', 'agent'),
	       ('cal', 'Cal Agent', 'agent'), ('sue', 'Sue Supervisor', 'supervisor')) v (l, d, r)
 WHERE NOT EXISTS (SELECT 1 FROM rd.agents a WHERE a.login = v.l);

INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price)
VALUES ('ISO-TEA', 'Green tea 30 bags', 3000, 8, 2700) ON CONFLICT DO NOTHING;

-- A customer with a subscription on a 30-day cycle: 3 deliveries made, the
-- 4th due in p_due days (an agent may cancel it: min_deliveries_before_cancel), cash on delivery. Its ids go to iso.ctx as
-- 'customer' and 'sub'.
CREATE OR REPLACE FUNCTION iso.seed_subscription(p_due int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	c bigint;
	s bigint;
BEGIN
	PERFORM set_config('repeatdesk.reason', 'isolation fixture', true);
	INSERT INTO rd.customers (name, name_kana, phone1)
	VALUES ('Iso Customer', 'イソ カスタマー', '0312345678') RETURNING id INTO c;
	INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date, delivery_count, started_on)
	VALUES (c, '30d', 'cod', current_date + p_due, 3, current_date - 90) RETURNING id INTO s;
	INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)
	VALUES (s, 'ISO-TEA', 1, 2700);
	PERFORM iso.put('customer', c);
	RETURN iso.put('sub', s);
END
$$;

-- One record's history, as the end state shows it: each change in order,
-- actor:operation version (changed columns), and how many.
CREATE OR REPLACE FUNCTION iso.history(p_table text, p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT count(*) || ': ' || coalesce(string_agg(
		h.actor || ' ' || h.op || ' v' || coalesce(h.new_row ->> 'version', '-')
		|| CASE WHEN h.op = 'UPDATE' THEN ' (' || array_to_string(h.changed, ',') || ')' ELSE '' END
		|| coalesce(' reverts v' || (SELECT r.new_row ->> 'version' FROM rd.history r WHERE r.id = h.reverts), ''),
		'; ' ORDER BY h.id), '')
	  FROM rd.history h
	 WHERE h.table_name = p_table AND h.row_key = p_id::text
$$;

-- Printed ids do not depend on which specs ran before: each permutation's
-- setup calls iso.begin_permutation(SPEC) with the spec's own number, and
-- the ids of orders, subscriptions, customers and inquiries start at SPEC * 10^8 + N * 10^5 for
-- its N-th permutation.
CREATE OR REPLACE FUNCTION iso.begin_permutation(p_spec int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	n bigint := coalesce(iso.id('perm:' || p_spec), 0) + 1;
	base bigint := p_spec * 100000000::bigint + n * 100000;
BEGIN
	PERFORM iso.put('perm:' || p_spec, n);
	PERFORM setval(pg_get_serial_sequence('rd.orders', 'id'), base);
	PERFORM setval(pg_get_serial_sequence('rd.subscriptions', 'id'), base);
	PERFORM setval(pg_get_serial_sequence('rd.customers', 'id'), base);
	PERFORM setval(pg_get_serial_sequence('rd.inquiries', 'id'), base);
END
$$;

-- The request id of the permutation's order (one per customer).
CREATE OR REPLACE FUNCTION iso.rid() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT md5('order ' || iso.id('customer'))::uuid $$;

-- A customer with an inquiry about a skip, held by ann, in progress; its
-- id goes to iso.ctx as 'inquiry'.
CREATE OR REPLACE FUNCTION iso.seed_inquiry() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	c bigint;
	q bigint;
BEGIN
	PERFORM set_config('repeatdesk.reason', 'isolation fixture', true);
	INSERT INTO rd.customers (name, name_kana, phone1)
	VALUES ('Iso Customer', 'イソ カスタマー', '0312345678') RETURNING id INTO c;
	q := rd.inquiry_open(c, NULL, NULL, 'inbound_call', 'skip', 'normal',
			     'skip next delivery?', 'the customer will call back', NULL,
			     'ann', NULL, NULL);
	PERFORM iso.put('customer', c);
	RETURN iso.put('inquiry', q);
END
$$;

-- After iso.seed_subscription: a change of its time slot (to the morning)
-- made by Bob through the store's statement (sub_update), version 2; its
-- history row goes to iso.ctx as 'change' (what a supervisor reverts); its
-- request id is md5('change ' || the subscription's id) (what an undo names).
CREATE OR REPLACE FUNCTION iso.seed_change() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	q text := (SELECT sql FROM iso.statements WHERE name = 'sub_update');
	v int;
BEGIN
	PERFORM set_config('repeatdesk.reason', 'the customer is out in the afternoon', true);
	PERFORM set_config('repeatdesk.request_id', md5('change ' || iso.id('sub'))::uuid::text, true);
	EXECUTE format('SET LOCAL SESSION AUTHORIZATION %I', 'bob');
	EXECUTE q INTO v USING iso.id('sub'), 1, 'active', '30d', NULL::text,
		current_date + 20, NULL::date, 'cod', 'keep', NULL::text, NULL::text, 'morning', NULL::bigint,
		0, 0, 'time slot: morning', current_date, NULL::text;
	RESET SESSION AUTHORIZATION;
	IF v IS DISTINCT FROM 2 THEN
		RAISE EXCEPTION 'iso.seed_change: version %', v;
	END IF;
	RETURN iso.put('change', (SELECT max(h.id) FROM rd.history h
				   WHERE h.table_name = 'subscriptions' AND h.row_key = iso.id('sub')::text));
END
$$;

-- The id this session's last insert into rd.<p_table> took, as the
-- store reads it from RETURNING id (agents may not read the sequences).
CREATE OR REPLACE FUNCTION iso.last_id(p_table text) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
	SELECT currval(pg_get_serial_sequence('rd.' || p_table, 'id'))
$$;

-- The version the shipment run read (its session's temporary table
-- run_read, shipment-vs-skip.spec): what ship_advance names.
CREATE OR REPLACE FUNCTION iso.read_version() RETURNS int
LANGUAGE plpgsql AS $$
BEGIN
	RETURN (SELECT version FROM run_read);
END
$$;
