-- 0004_access.sql: who may do what, and how supervisors manage agents.
--
--                       operator          agent (+)             supervisor (+)
--   customers, customer_addresses,
--   orders, inquiries   SELECT INSERT UPDATE
--   order_lines         SELECT INSERT UPDATE DELETE
--   inquiry_entries     SELECT INSERT (nobody updates or deletes entries)
--   subscriptions,
--   subscription_lines  SELECT INSERT     UPDATE (+ DELETE of lines)
--   subscription_skips  SELECT            INSERT UPDATE DELETE
-- (operators start a subscription with an order; changing one is an
-- agent's work)
--   products, media     SELECT                                  INSERT UPDATE
--   teams               SELECT                                  INSERT UPDATE
--   settings            SELECT                                  UPDATE (value, description)
--   agents              SELECT                                  UPDATE (display_name, team_id);
--                                                               the rest through rd.agent_*
--   history             SELECT (0003)
-- No role but the owner has DELETE on customers, orders, subscriptions or
-- inquiries, nor TRUNCATE on anything: what ends is given a status.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

GRANT USAGE ON SCHEMA rd TO rd_operator;

GRANT SELECT ON rd.customers, rd.customer_addresses, rd.products, rd.media,
	rd.orders, rd.order_lines, rd.subscriptions, rd.subscription_lines,
	rd.subscription_skips, rd.inquiries, rd.inquiry_entries, rd.agents,
	rd.teams, rd.settings
	TO rd_operator;

GRANT INSERT, UPDATE ON rd.customers, rd.customer_addresses, rd.orders,
	rd.order_lines, rd.inquiries
	TO rd_operator;
GRANT DELETE ON rd.order_lines TO rd_operator;
GRANT INSERT ON rd.inquiry_entries TO rd_operator;
-- customer codes and order numbers are column defaults drawn from these
GRANT USAGE ON SEQUENCE rd.customer_code_seq, rd.order_no_seq TO rd_operator;

GRANT INSERT ON rd.subscriptions, rd.subscription_lines TO rd_operator;
GRANT INSERT, UPDATE ON rd.subscriptions TO rd_agent;
GRANT INSERT, UPDATE, DELETE ON rd.subscription_lines, rd.subscription_skips
	TO rd_agent;

GRANT INSERT, UPDATE ON rd.products, rd.media, rd.teams TO rd_supervisor;
-- version is listed because the application's optimistic UPDATE names it
-- (the rd_touch trigger decides its value anyway).
GRANT UPDATE (value, description, version) ON rd.settings TO rd_supervisor;
GRANT UPDATE (display_name, team_id, version) ON rd.agents TO rd_supervisor;

-- Functions: nothing is callable by PUBLIC unless granted below. Trigger
-- functions need no EXECUTE grant to fire.
-- A later migration that adds a function revokes it from PUBLIC too
-- (check_roles fails otherwise).
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA rd FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.next_code(text, regclass, int) TO rd_operator;

-- ---------------------------------------------------------------------------
-- Agent management
--
-- Each person at the desk is a login role of their own, member of exactly
-- one group role. These SECURITY DEFINER functions run as their owner (the
-- migration runner: a superuser for the embedded cluster, a role with
-- CREATEROLE centrally) so that supervisors can manage logins without
-- holding CREATEROLE themselves. They only ever touch roles that have a
-- row in rd.agents and are not superusers; passwords arrive as SCRAM
-- verifiers (PQencryptPasswordConn), never in clear text, so neither the
-- server log nor pg_stat_activity ever shows one.

CREATE FUNCTION rd.agent_check_login(p_login text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_login IS NULL OR p_login !~ '^[a-z][a-z0-9_]{1,30}$'
	   OR p_login ~ '^(rd|pg)_' THEN
		RAISE EXCEPTION 'invalid login "%"', p_login
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'A login is 2 to 31 lower-case letters, digits or _, '
				     'starts with a letter and does not start with rd_ or pg_.';
	END IF;
END
$$;

CREATE FUNCTION rd.agent_check_verifier(p_verifier text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_verifier IS NULL OR p_verifier !~
	   '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*$' THEN
		RAISE EXCEPTION 'the password must be sent as a SCRAM-SHA-256 verifier'
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Hash it on the client with PQencryptPasswordConn.';
	END IF;
END
$$;

CREATE FUNCTION rd.agent_check_role(p_role text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF p_role IS NULL OR p_role NOT IN ('operator', 'agent', 'supervisor') THEN
		RAISE EXCEPTION 'invalid role "%": operator, agent or supervisor', p_role
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
END
$$;

-- Locks and returns the agent's row; refuses logins that are not agents
-- or are superusers.
CREATE FUNCTION rd.agent_lock(p_login text) RETURNS rd.agents
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	a rd.agents;
BEGIN
	SELECT * INTO a FROM rd.agents WHERE login = p_login FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no agent has the login "%"', p_login
			USING ERRCODE = 'no_data_found';
	END IF;
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login AND rolsuper) THEN
		RAISE EXCEPTION 'the login "%" is a superuser and is not managed here', p_login
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN a;
END
$$;

-- Creates the login role p_login with the given SCRAM verifier, makes it a
-- member of rd_<p_role>, and records the agent. Returns rd.agents.id.
CREATE FUNCTION rd.agent_add(p_login text, p_display_name text, p_role text,
			     p_password_verifier text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	new_id bigint;
BEGIN
	PERFORM rd.agent_check_login(p_login);
	PERFORM rd.agent_check_role(p_role);
	PERFORM rd.agent_check_verifier(p_password_verifier);
	IF p_display_name IS NULL OR btrim(p_display_name) = '' THEN
		RAISE EXCEPTION 'an agent needs a display name'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
		RAISE EXCEPTION 'the login "%" is already taken', p_login
			USING ERRCODE = 'duplicate_object';
	END IF;

	EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %s IN ROLE %I',
		       p_login, quote_literal(p_password_verifier), 'rd_' || p_role);
	INSERT INTO rd.agents (login, display_name, role, password_changed_at)
	VALUES (p_login, btrim(p_display_name), p_role, now())
	RETURNING id INTO new_id;
	RETURN new_id;
END
$$;

-- Lets an agent log in again, or stops them (sessions already open stay
-- open until they end). A supervisor cannot switch themselves off.
CREATE FUNCTION rd.agent_set_active(p_login text, p_active boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	a rd.agents := rd.agent_lock(p_login);
BEGIN
	IF p_active IS NULL THEN
		RAISE EXCEPTION 'active must be true or false'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF p_login = session_user AND NOT p_active THEN
		RAISE EXCEPTION 'you cannot switch off your own login'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	EXECUTE format('ALTER ROLE %I %s', p_login,
		       CASE WHEN p_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
	IF a.active IS DISTINCT FROM p_active THEN
		UPDATE rd.agents SET active = p_active WHERE id = a.id;
	END IF;
END
$$;

-- Sets a new password (a SCRAM verifier). Supervisors may set anyone's;
-- everyone may set their own.
CREATE FUNCTION rd.agent_set_password(p_login text, p_password_verifier text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	a rd.agents;
BEGIN
	IF p_login IS DISTINCT FROM session_user::text
	   AND NOT pg_has_role(session_user, 'rd_supervisor', 'MEMBER') THEN
		RAISE EXCEPTION 'only a supervisor may set another agent''s password'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	a := rd.agent_lock(p_login);
	PERFORM rd.agent_check_verifier(p_password_verifier);
	EXECUTE format('ALTER ROLE %I PASSWORD %s', p_login,
		       quote_literal(p_password_verifier));
	UPDATE rd.agents SET password_changed_at = now() WHERE id = a.id;
END
$$;

-- Moves an agent to another group role. A supervisor cannot change their
-- own role.
CREATE FUNCTION rd.agent_set_role(p_login text, p_role text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	a rd.agents := rd.agent_lock(p_login);
	g text;
BEGIN
	PERFORM rd.agent_check_role(p_role);
	IF p_login = session_user THEN
		RAISE EXCEPTION 'you cannot change your own role'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	FOR g IN
		SELECT r.rolname FROM pg_auth_members m
		  JOIN pg_roles r ON r.oid = m.roleid
		  JOIN pg_roles u ON u.oid = m.member
		 WHERE u.rolname = p_login
		   AND r.rolname IN ('rd_operator', 'rd_agent', 'rd_supervisor')
	LOOP
		EXECUTE format('REVOKE %I FROM %I', g, p_login);
	END LOOP;
	EXECUTE format('GRANT %I TO %I', 'rd_' || p_role, p_login);
	IF a.role IS DISTINCT FROM p_role THEN
		UPDATE rd.agents SET role = p_role WHERE id = a.id;
	END IF;
END
$$;

REVOKE ALL ON FUNCTION rd.agent_check_login(text), rd.agent_check_verifier(text),
	rd.agent_check_role(text), rd.agent_lock(text),
	rd.agent_add(text, text, text, text), rd.agent_set_active(text, boolean),
	rd.agent_set_password(text, text), rd.agent_set_role(text, text)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.agent_add(text, text, text, text),
	rd.agent_set_active(text, boolean), rd.agent_set_role(text, text)
	TO rd_supervisor;
GRANT EXECUTE ON FUNCTION rd.agent_set_password(text, text) TO rd_operator;
