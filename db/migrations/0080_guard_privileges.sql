-- 0080_guard_privileges.sql: guards rest on privileges, not on the call
-- stack (issue 11, class 3).
--
-- 0040's entry guard let an inquiry entry of any kind through when
-- pg_trigger_depth() was 2 or more: a trigger of the caller's own on a
-- temporary table reaches depth 2 too, so a desk role could forge status
-- changes, handoffs and change links that the dashboard then counted.
-- What may write a timeline entry other than a note or a call is now
-- decided by who runs the INSERT: the schema owner (a SECURITY DEFINER
-- function or trigger of this schema, which only the owner can create)
-- or a superuser session (migrations, seeding). Nothing else.
--
-- rd.sec_trusted() is that test, for every guard of 0080-0095:
--   current_user is the owner of schema rd  -- inside the owner's
--                                            SECURITY DEFINER code
--   or session_user is a superuser          -- the migration runner, seed
-- A desk role cannot become the owner (SET ROLE reaches only the group
-- roles it is a member of) and cannot create SECURITY DEFINER code owned
-- by anyone else. Session settings play no part.
--
-- TEMP: desk roles also lose the right to create temporary objects; the
-- only temporary table the application makes is the postal import's,
-- which supervisors run (and the cluster owner, a superuser).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE FUNCTION rd.sec_trusted() RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT current_user = (SELECT n.nspowner::regrole::name FROM pg_namespace n
				WHERE n.nspname = 'rd')
	    OR coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false)
$$;
REVOKE ALL ON FUNCTION rd.sec_trusted() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.sec_trusted() TO rd_operator;

-- Entries: the author is who wrote it; by hand only notes and calls, and
-- those link nothing (no agents, team, statuses or history row).
CREATE OR REPLACE FUNCTION rd.inquiry_entry_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF rd.inquiry_trusted() THEN
		RETURN NEW;
	END IF;
	NEW.author := session_user;
	IF rd.sec_trusted() THEN
		RETURN NEW;
	END IF;
	IF NEW.kind NOT IN ('note', 'call') THEN
		RAISE EXCEPTION '% entries are written by the inquiry''s own changes, not by hand',
			replace(NEW.kind, '_', ' ')
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF NEW.history_id IS NOT NULL OR NEW.from_agent_id IS NOT NULL
	   OR NEW.to_agent_id IS NOT NULL OR NEW.to_team_id IS NOT NULL
	   OR NEW.from_status IS NOT NULL OR NEW.to_status IS NOT NULL THEN
		RAISE EXCEPTION 'a note or a call links no change, agent, team or status'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;

-- The trace of a status or holder change is written by the owner, so the
-- entry guard above lets it through on privileges alone.
ALTER FUNCTION rd.inquiry_trace() SECURITY DEFINER;

-- ---------------------------------------------------------------------------
-- No temporary objects for desk roles (the attack's vehicle), except the
-- supervisors' postal import.
DO $$
BEGIN
	EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
	EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO rd_supervisor', current_database());
EXCEPTION WHEN insufficient_privilege THEN
	RAISE WARNING 'TEMP could not be revoked from PUBLIC on %: the migration runner does not own the database; run REVOKE TEMPORARY ON DATABASE % FROM PUBLIC as its owner',
		current_database(), current_database();
END
$$;
