-- 0135_timeouts.sql: no transaction spans an operator's think time
-- (issue 14, section 5).
--
-- The limits live in the database (ALTER DATABASE ... SET), not in the
-- client's connection string: a transaction-pooling PgBouncer ignores or
-- refuses a startup `options`, and an agent's own psql never reads the
-- terminal's configuration. Every new session on this database starts with
-- them, whatever the login and whatever the path (direct, pooled, psql);
-- `pg_dump --create` carries them to a restored database.
--
--   statement_timeout 15s   the desk's statements take milliseconds (the
--       card p99 37 ms, a full history p99 10 ms at 10,000,000 rows, an
--       order submit p99 12 ms at 1,000,000 customers); 15 s is three orders
--       of magnitude above them and still below the time an operator waits
--       on a caller before saying "one moment". A statement that runs
--       longer is a runaway (a forgotten WHERE in psql, a plan gone wrong):
--       it is stopped, and nothing it started is kept.
--   lock_timeout 5s         a desk write holds its row locks for
--       milliseconds; waiting 5 s means the holder is not a desk write but
--       someone's open transaction, and the operator is better told "someone
--       else is changing this record right now; try again" than left
--       staring at a frozen screen until the statement limit.
--   idle_in_transaction_session_timeout 60s   the terminal never keeps a
--       transaction open across a key press; a session idle inside one is
--       an agent's psql after BEGIN (or a client that died half-way). Its
--       locks block everyone's writes: after a minute the server ends it.
--
-- The jobs that legitimately run longer (db migrate, db seed, the shipment
-- run, postal import, history seal and verify, reports) lift what they
-- must with SET LOCAL in their own transaction (store/timeouts.c), so
-- nothing outlives that transaction and a pooled server connection goes
-- back to the pool with the defaults. A DBA's maintenance in psql does the
-- same: `SET statement_timeout = 0` for that session.
--
-- Settings per login role (ALTER ROLE ... IN DATABASE) would override these;
-- none are set, so every agent gets the database's values (SHOW shows them).

DO $$
BEGIN
	EXECUTE format('ALTER DATABASE %I SET statement_timeout = %L',
		       current_database(), '15s');
	EXECUTE format('ALTER DATABASE %I SET lock_timeout = %L',
		       current_database(), '5s');
	EXECUTE format('ALTER DATABASE %I SET idle_in_transaction_session_timeout = %L',
		       current_database(), '60s');
END
$$;
