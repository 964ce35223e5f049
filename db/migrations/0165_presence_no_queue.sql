-- 0165_presence_no_queue.sql: presence without a lock queue (issue 15).
--
-- Until now every rd.presence_set (and every beat) swept the expired rows
-- of every terminal: with many terminals at once they all tried to delete
-- the same expired rows, and all but one waited on that row's lock (142
-- of 190 sessions at 1,000,000 customers, throughput 89 -> 25 tx/s).
--
-- Now:
--   expiry     is by heartbeat only: readers (rd.presence_get) ignore rows
--              whose expires_at has passed, and a terminal's beat keeps
--              its own rows fresh (rd.live_beat, 0130). A terminal only
--              ever writes its own rows (primary key token, customer), so
--              two hundred terminals opening the same customer write two
--              hundred different rows.
--   cleanup    is one periodic job: rd.presence_sweep() deletes the
--              expired rows at most once per presence_sweep_seconds
--              (default 60; at least every half time to live: 30 s with
--              the default presence_ttl_seconds of 60),
--              run by whichever terminal's beat first takes the
--              transaction-level advisory lock 'rd.presence_sweep' with
--              pg_try_advisory_xact_lock: every other beat at that moment
--              skips it at once, nobody waits. The time of the last sweep
--              is one row of rd_live.presence_sweeps, written only by the
--              holder of that lock. No cron job is needed: the desk beats
--              while anyone is logged in, and while nobody is, expired
--              rows harm nobody (nobody reads them).
--   writes     rd.presence_set writes only when something changed: a
--              terminal whose row for the customer was set or beaten
--              within half the time to live (a card read again; a
--              beating terminal's always is) writes nothing.
--   card open  rd.presence_open(token, customer) marks and reads in one
--              statement (the card's set + get, one round trip).
--
-- The login stays the database's: presence_set/open record session_user,
-- and nobody can show as, or clear, another login's presence (0130).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

INSERT INTO rd.settings (key, value, description) VALUES
	('presence_sweep_seconds', '60',
	 'Seconds between two sweeps of expired presence rows (one terminal''s beat does it; at most half the time to live)')
ON CONFLICT (key) DO NOTHING;

CREATE UNLOGGED TABLE rd_live.presence_sweeps (
	one boolean PRIMARY KEY DEFAULT true CHECK (one),
	last_at timestamptz NOT NULL
);
INSERT INTO rd_live.presence_sweeps (one, last_at) VALUES (true, '-infinity');

-- The interval between sweeps (seconds), bounded: 1 .. 3600, and never
-- more than half the time to live (a dead terminal leaves the other cards
-- at most ttl + ttl/2 + one beat after its last beat).
CREATE FUNCTION rd.presence_sweep_interval() RETURNS int
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	SELECT least(greatest(1, rd.presence_ttl() / 2),
		     coalesce((SELECT CASE WHEN s.value ~ '^[0-9]{1,5}$'
					    AND s.value::int BETWEEN 1 AND 3600
					  THEN s.value::int END
				FROM rd.settings s WHERE s.key = 'presence_sweep_seconds'), 60))
$$;

DROP FUNCTION rd.presence_sweep();

-- Deletes expired rows and announces each customer they leave, when this
-- transaction gets the sweep's advisory lock and the last sweep is older
-- than the interval (p_force: whatever the interval). Returns the rows
-- deleted, NULL when it did not sweep. Never waits for a lock: another
-- sweep running, it returns NULL at once; the rows it deletes are expired,
-- which no terminal writes any more (a terminal that comes back after its
-- rows expired writes new ones).
CREATE FUNCTION rd.presence_sweep(p_force boolean DEFAULT false) RETURNS int
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	c bigint;
	n int := 0;
BEGIN
	IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('rd.presence_sweep')) THEN
		RETURN NULL;
	END IF;
	-- under the lock: the last sweep committed before it is seen here
	IF NOT coalesce(p_force, false) AND EXISTS (
		SELECT 1 FROM rd_live.presence_sweeps w
		 WHERE w.last_at > pg_catalog.clock_timestamp()
				   - pg_catalog.make_interval(secs => rd.presence_sweep_interval())) THEN
		RETURN NULL;
	END IF;
	UPDATE rd_live.presence_sweeps SET last_at = pg_catalog.clock_timestamp();
	FOR c IN WITH gone AS (DELETE FROM rd_live.presence
				 WHERE expires_at <= pg_catalog.clock_timestamp()
			     RETURNING customer_id)
		 SELECT customer_id FROM gone LOOP
		n := n + 1;
		PERFORM rd.presence_notify(c, 'clear');
	END LOOP;
	RETURN n;
END
$$;

-- Marks the customer's card open by this terminal (one customer at a
-- time: opening another clears the previous one). No sweep here; no write
-- when the terminal's unexpired row for the customer is already there.
CREATE OR REPLACE FUNCTION rd.presence_set(p_token uuid, p_customer bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	c bigint;
	written boolean;
	ttl interval := pg_catalog.make_interval(secs => rd.presence_ttl());
BEGIN
	IF p_token IS NULL OR p_customer IS NULL THEN
		RAISE EXCEPTION 'a presence needs a terminal and a customer' USING ERRCODE = '22004';
	END IF;
	-- the terminal's own rows only (the primary key leads with the token)
	FOR c IN DELETE FROM rd_live.presence
		  WHERE token = p_token AND login = session_user
		    AND customer_id <> p_customer
		 RETURNING customer_id LOOP
		PERFORM rd.presence_notify(c, 'clear');
	END LOOP;
	-- fresh enough (set or beaten within half the time to live, which a
	-- beating terminal always is) and not longer than the time to live
	-- now (a shortened setting takes effect): nothing to write
	IF EXISTS (SELECT 1 FROM rd_live.presence p
		    WHERE p.token = p_token AND p.customer_id = p_customer
		      AND p.login = session_user
		      AND p.expires_at > now() + ttl / 2
		      AND p.expires_at <= now() + ttl) THEN
		RETURN;
	END IF;
	-- a token is the terminal's own: another login's row under the same
	-- token is never taken over (the primary key refuses it)
	INSERT INTO rd_live.presence (token, customer_id, login, expires_at)
	VALUES (p_token, p_customer, session_user, now() + ttl)
	ON CONFLICT (token, customer_id) DO UPDATE
	   SET expires_at = EXCLUDED.expires_at,
	       since = CASE WHEN presence.expires_at > now() THEN presence.since
			    ELSE EXCLUDED.since END
	 WHERE presence.login = session_user
	RETURNING (xmax = 0) INTO written;
	-- no row: the token's row is another login's, nothing is done; a row
	-- new: the other cards show it (a refresh changes nothing they show;
	-- a row back from expiry is new to them, but rare: no notification,
	-- their next read shows it)
	IF written THEN
		PERFORM rd.presence_notify(p_customer, 'set');
	END IF;
END
$$;

-- The card opens (or is read again): presence_set and presence_get in one
-- statement.
CREATE FUNCTION rd.presence_open(p_token uuid, p_customer bigint)
RETURNS TABLE (login text, display_name text, since timestamptz)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	PERFORM rd.presence_set(p_token, p_customer);
	RETURN QUERY SELECT g.login, g.display_name, g.since
		       FROM rd.presence_get(p_token, p_customer) g;
END
$$;

REVOKE ALL ON FUNCTION rd.presence_sweep_interval() FROM PUBLIC;
REVOKE ALL ON FUNCTION rd.presence_sweep(boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION rd.presence_open(uuid, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.presence_open(uuid, bigint) TO rd_operator;
