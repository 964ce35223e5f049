-- 0082_request_records.sql: idempotency records are keyed by the acting
-- role and written only by the path that applies the request (issue 11,
-- class 7).
--
-- A request record says "request R was applied, with this result": a
-- retry with the same id answers from it and writes nothing. 0030 and 0040
-- keyed the records by request id alone, and an agent could insert one
-- under another agent's name with a made-up result: the real request then
-- answered "already done" and did nothing. Now:
--   * the record's agent is always the session's login (a guard sets it;
--     who inserts it cannot choose), and records are unique per
--     (agent, request_id): a record an agent forges can only ever answer
--     that agent's own retries;
--   * the lookups read the caller's own records only (rd.inquiry_replayed
--     here; store/subscription.c names agent = session_user);
--   * rd.inquiry_requests has no INSERT grant at all: only the owner's
--     SECURITY DEFINER operations write it (0040). rd.subscription_requests
--     is written by the request's own transaction in store/subscription.c
--     (INSERT granted to agents, as in 0030), under the same guard.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE FUNCTION rd.request_record_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false) THEN
		RETURN NEW;  -- seeding and migrations load records as they were
	END IF;
	IF NEW.agent IS DISTINCT FROM session_user::text THEN
		RAISE EXCEPTION 'a request record names the agent who made the request (%), not %',
			session_user, coalesce(NEW.agent, 'nobody')
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF TG_OP = 'UPDATE' THEN
		RAISE EXCEPTION 'a request record is never changed'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION rd.request_record_guard() FROM PUBLIC;

CREATE TRIGGER rd_request_guard BEFORE INSERT OR UPDATE ON rd.subscription_requests
	FOR EACH ROW EXECUTE FUNCTION rd.request_record_guard();
CREATE TRIGGER rd_request_guard BEFORE INSERT OR UPDATE ON rd.inquiry_requests
	FOR EACH ROW EXECUTE FUNCTION rd.request_record_guard();

ALTER TABLE rd.subscription_requests
	DROP CONSTRAINT subscription_requests_request_id_key,
	ADD CONSTRAINT subscription_requests_agent_request_id_key UNIQUE (agent, request_id);
ALTER TABLE rd.inquiry_requests
	DROP CONSTRAINT inquiry_requests_request_id_key,
	ADD CONSTRAINT inquiry_requests_agent_request_id_key UNIQUE (agent, request_id);

CREATE OR REPLACE FUNCTION rd.inquiry_replayed(p_request_id uuid) RETURNS bigint
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$ SELECT result FROM rd.inquiry_requests
       WHERE request_id = p_request_id AND agent = session_user $$;
