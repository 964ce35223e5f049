-- 0001_roles.sql: the group roles that carry every grant.
--
-- rd_operator ⊂ rd_agent ⊂ rd_supervisor: a supervisor can do what an agent
-- can, an agent what an operator can. Each person logs in as a role of
-- their own (created by rd.agent_add, 0004) that is a member of exactly one
-- of these groups; the groups themselves never log in.
--
-- Roles belong to the whole cluster, not to this database: a role that
-- already exists (another repeatdesk database on the same server, or a
-- re-run after a failed migration) is kept as it is.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

DO $$
DECLARE
	g text;
BEGIN
	FOREACH g IN ARRAY ARRAY['rd_operator', 'rd_agent', 'rd_supervisor'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = g) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', g);
		END IF;
	END LOOP;
END
$$;

-- Membership is what makes the groups nest. Granting a membership that
-- already exists only raises a notice.
DO $$
BEGIN
	IF NOT pg_catalog.pg_has_role('rd_agent', 'rd_operator', 'MEMBER') THEN
		GRANT rd_operator TO rd_agent;
	END IF;
	IF NOT pg_catalog.pg_has_role('rd_supervisor', 'rd_agent', 'MEMBER') THEN
		GRANT rd_agent TO rd_supervisor;
	END IF;
END
$$;

COMMENT ON ROLE rd_operator IS 'repeatdesk: takes orders, registers customers, logs inquiries';
COMMENT ON ROLE rd_agent IS 'repeatdesk: operator who also changes subscriptions';
COMMENT ON ROLE rd_supervisor IS 'repeatdesk: agent who also manages agents, teams and settings';
