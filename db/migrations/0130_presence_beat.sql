-- 0130_presence_beat.sql: presence on a heartbeat with expiry, and the
-- live-updates self check (issue 14, pooling).
--
-- Through a transaction-pooling PgBouncer a backend is shared by many
-- terminals and outlives each of them, so presence can no longer be tied
-- to pg_backend_pid() and pg_stat_activity (0040). A terminal now names
-- itself with a random token (a uuid made by the client for its whole
-- life, kept across reconnects) and beats every presence_ttl_seconds / 3:
--
--   rd.live_beat(token, seq)   refreshes the expiry of the token's
--                              presence rows, sweeps expired rows (and
--                              announces each on rd_presence, so that the
--                              cards showing them re-read), and notifies
--                              rd_beat_<token without dashes> with seq as
--                              payload: the terminal, which LISTENs there,
--                              knows that live updates reach it when its
--                              own beat comes back. Returns the interval
--                              to the next beat (seconds), the backend
--                              that sent the notification and whether
--                              that backend is itself listening on the
--                              channel (then the echo proves nothing
--                              through a pool: see store/live.c).
--   rd.presence_set/clear/get  as in 0040, keyed by the token. The login
--                              is always session_user, recorded here:
--                              nobody can show as, or clear, another
--                              login's presence. presence_get ignores
--                              expired rows and the caller's own token.
--
-- Presence rows expire presence_ttl_seconds (default 60) after the last
-- beat: a terminal that dies (kill -9, a lost network) disappears from the
-- other cards within that time plus one beat of theirs.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

INSERT INTO rd.settings (key, value, description) VALUES
	('presence_ttl_seconds', '60',
	 'Seconds a terminal''s presence ("open by ...") lasts after its last heartbeat; terminals beat every third of it')
ON CONFLICT (key) DO NOTHING;

DROP FUNCTION rd.presence_set(bigint);
DROP FUNCTION rd.presence_clear(bigint);
DROP FUNCTION rd.presence_get(bigint);
DROP TABLE rd_live.presence;

CREATE UNLOGGED TABLE rd_live.presence (
	token uuid NOT NULL,
	customer_id bigint NOT NULL,
	login text NOT NULL,
	since timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL,
	PRIMARY KEY (token, customer_id)
);
CREATE INDEX presence_customer_idx ON rd_live.presence (customer_id);
CREATE INDEX presence_expires_idx ON rd_live.presence (expires_at);

-- The time-to-live, bounded: a setting nobody can read as a number, or
-- out of 2 s .. 1 h, gives the default.
CREATE FUNCTION rd.presence_ttl() RETURNS int
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT coalesce((SELECT CASE WHEN s.value ~ '^[0-9]{1,5}$'
				       AND s.value::int BETWEEN 2 AND 3600
				     THEN s.value::int END
			   FROM rd.settings s WHERE s.key = 'presence_ttl_seconds'), 60)
$$;

-- Deletes expired rows and announces each customer they leave.
CREATE FUNCTION rd.presence_sweep() RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	c bigint;
BEGIN
	FOR c IN WITH gone AS (DELETE FROM rd_live.presence
				 WHERE expires_at <= pg_catalog.clock_timestamp()
			     RETURNING customer_id)
		 SELECT DISTINCT customer_id FROM gone LOOP
		PERFORM rd.presence_notify(c, 'clear');
	END LOOP;
END
$$;

-- Marks the customer's card open by this terminal (one customer at a
-- time: opening another clears the previous one).
CREATE FUNCTION rd.presence_set(p_token uuid, p_customer bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	c bigint;
	inserted boolean;
	until timestamptz := now() + pg_catalog.make_interval(secs => rd.presence_ttl());
BEGIN
	IF p_token IS NULL OR p_customer IS NULL THEN
		RAISE EXCEPTION 'a presence needs a terminal and a customer' USING ERRCODE = '22004';
	END IF;
	FOR c IN DELETE FROM rd_live.presence
		  WHERE token = p_token AND login = session_user
		    AND customer_id <> p_customer
		 RETURNING customer_id LOOP
		PERFORM rd.presence_notify(c, 'clear');
	END LOOP;
	PERFORM rd.presence_sweep();
	-- a token is the terminal's own: another login's row under the same
	-- token is never taken over (the primary key refuses it)
	INSERT INTO rd_live.presence (token, customer_id, login, expires_at)
	VALUES (p_token, p_customer, session_user, until)
	ON CONFLICT (token, customer_id) DO UPDATE SET expires_at = EXCLUDED.expires_at
	 WHERE presence.login = session_user
	RETURNING (xmax = 0) INTO inserted;
	-- no row: the token's row is another login's, nothing is done
	IF inserted THEN
		PERFORM rd.presence_notify(p_customer, 'set');
	END IF;
END
$$;

-- Clears this terminal's presence (on one customer, or all when NULL).
CREATE FUNCTION rd.presence_clear(p_token uuid, p_customer bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	c bigint;
BEGIN
	FOR c IN DELETE FROM rd_live.presence
		  WHERE token = p_token AND login = session_user
		    AND (p_customer IS NULL OR customer_id = p_customer)
		 RETURNING customer_id LOOP
		PERFORM rd.presence_notify(c, 'clear');
	END LOOP;
END
$$;

-- Who else has the customer open (unexpired, other terminals), earliest
-- first.
CREATE FUNCTION rd.presence_get(p_token uuid, p_customer bigint)
RETURNS TABLE (login text, display_name text, since timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT p.login, coalesce(a.display_name, p.login), min(p.since)
	  FROM rd_live.presence p
	  LEFT JOIN rd.agents a ON a.login = p.login
	 WHERE p.customer_id = p_customer
	   AND p.token IS DISTINCT FROM p_token
	   AND p.expires_at > pg_catalog.clock_timestamp()
	 GROUP BY p.login, a.display_name
	 ORDER BY 3
$$;

-- The heartbeat (see the head of this file). p_seq is echoed as the
-- payload, so the terminal matches the echo to the beat it sent.
CREATE FUNCTION rd.live_beat(p_token uuid, p_seq bigint,
			     OUT next_seconds int, OUT notifier int,
			     OUT self_listening boolean)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	ttl int := rd.presence_ttl();
	channel text;
BEGIN
	IF p_token IS NULL THEN
		RAISE EXCEPTION 'a heartbeat needs a terminal' USING ERRCODE = '22004';
	END IF;
	channel := 'rd_beat_' || replace(p_token::text, '-', '');
	UPDATE rd_live.presence SET expires_at = now() + make_interval(secs => ttl)
	 WHERE token = p_token AND login = session_user;
	PERFORM rd.presence_sweep();
	PERFORM pg_notify(channel, coalesce(p_seq, 0)::text);
	next_seconds := greatest(1, least(20, ttl / 3));
	notifier := pg_backend_pid();
	self_listening := channel = ANY (ARRAY(SELECT pg_listening_channels()));
END
$$;

-- The desk calls these; nobody else.
REVOKE ALL ON FUNCTION rd.presence_ttl() FROM PUBLIC;
REVOKE ALL ON FUNCTION rd.presence_sweep() FROM PUBLIC;
REVOKE ALL ON FUNCTION rd.presence_set(uuid, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION rd.presence_clear(uuid, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION rd.presence_get(uuid, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION rd.live_beat(uuid, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.presence_set(uuid, bigint) TO rd_operator;
GRANT EXECUTE ON FUNCTION rd.presence_clear(uuid, bigint) TO rd_operator;
GRANT EXECUTE ON FUNCTION rd.presence_get(uuid, bigint) TO rd_operator;
GRANT EXECUTE ON FUNCTION rd.live_beat(uuid, bigint) TO rd_operator;
