-- 0087_history_seal.sql: a history that proves itself (issue 11).
--
-- Privileges stop the desk roles; they do not stop a superuser, or someone
-- with the disk, from rewriting rd.history. Seals make such a rewrite
-- visible:
--   * rd.history_seal() (a periodic job: `repeatdesk history seal` from
--     cron or after the shipment run; supervisors or the owner) seals the
--     next block: every history row whose transaction id lies in
--     [previous horizon, horizon), where horizon is the oldest transaction
--     still running when the seal is taken. Every transaction below the
--     horizon has ended, so no row can later appear inside a sealed block;
--     the write path takes no lock and waits for nothing (the job reads
--     with its snapshot and serializes only with itself, through an
--     advisory lock).
--   * each sealed row keeps the SHA-256 of its content (rd_sec.history_sealed),
--     and the seal the SHA-256 of the previous seal's hash, its own
--     number, bounds and the ordered (id, digest) list of its rows
--     (rd_sec.history_seals): a chain, each link depending on all before.
--   * rd.history_verify(from) recomputes the chain from the seal that
--     covers row `from` (from the first seal without it) and names the
--     first row that was altered (its content no longer has its digest),
--     removed (sealed, gone) or inserted out of order (inside a sealed
--     block, never sealed), or the first seal whose own record was changed.
-- Supervisors read the seals (their reports can show the latest hash); the
-- seal tables refuse UPDATE, DELETE and TRUNCATE like the history.
--
-- What it proves, and what not: a change to sealed rows made by anyone who
-- did not also recompute every later seal is found. Someone who rewrites
-- the history AND the seal tables consistently is found only against a
-- copy of a seal's hash kept elsewhere (a report printed, a replica, a
-- mail): `history verify` prints the latest hash for that. Rows written
-- after the last seal are not yet covered.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE TABLE rd_sec.history_seals (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	sealed_at timestamptz NOT NULL DEFAULT now(),
	sealed_by text NOT NULL DEFAULT session_user,
	from_txid bigint NOT NULL,   -- the previous seal's horizon (0 for the first)
	horizon bigint NOT NULL,     -- rows with from_txid <= txid < horizon
	row_count bigint NOT NULL,
	first_id bigint,
	last_id bigint,
	prev_hash text NOT NULL,
	hash text NOT NULL UNIQUE,
	CHECK (horizon >= from_txid)
);

CREATE TABLE rd_sec.history_sealed (
	history_id bigint PRIMARY KEY,
	-- checked at commit: a seal's rows are written before the seal, whose
	-- hash covers them
	seal_id bigint NOT NULL REFERENCES rd_sec.history_seals (id)
		DEFERRABLE INITIALLY DEFERRED,
	digest bytea NOT NULL
);
CREATE INDEX history_sealed_seal_idx ON rd_sec.history_sealed (seal_id, history_id);

REVOKE ALL ON rd_sec.history_seals, rd_sec.history_sealed FROM PUBLIC;
GRANT USAGE ON SCHEMA rd_sec TO rd_supervisor;
GRANT SELECT ON rd_sec.history_seals TO rd_supervisor;

CREATE TRIGGER seals_no_update_delete BEFORE UPDATE OR DELETE ON rd_sec.history_seals
	FOR EACH STATEMENT EXECUTE FUNCTION rd.history_refuse();
CREATE TRIGGER seals_no_truncate BEFORE TRUNCATE ON rd_sec.history_seals
	FOR EACH STATEMENT EXECUTE FUNCTION rd.history_refuse();
CREATE TRIGGER sealed_no_update_delete BEFORE UPDATE OR DELETE ON rd_sec.history_sealed
	FOR EACH STATEMENT EXECUTE FUNCTION rd.history_refuse();
CREATE TRIGGER sealed_no_truncate BEFORE TRUNCATE ON rd_sec.history_sealed
	FOR EACH STATEMENT EXECUTE FUNCTION rd.history_refuse();

-- The content of one history row, in a form that does not depend on the
-- session (the callers pin TimeZone to UTC) nor on columns a later
-- migration may add.
CREATE FUNCTION rd.history_digest(h rd.history) RETURNS bytea
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT sha256(convert_to(jsonb_build_array(h.id, h.at, h.actor, h.txid, h.table_name,
		h.row_key, h.op, h.old_row, h.new_row, h.changed, h.reason, h.request_id,
		h.customer_id, h.reverts)::text, 'UTF8'))
$$;

-- The hash of seal p_id over its sealed rows.
CREATE FUNCTION rd.history_seal_hash(p_prev text, p_id bigint, p_from bigint, p_horizon bigint)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT encode(sha256(convert_to(concat_ws('|', p_prev, p_id, p_from, p_horizon,
		coalesce((SELECT string_agg(s.history_id || ':' || encode(s.digest, 'hex'), ','
					    ORDER BY s.history_id)
			    FROM rd_sec.history_sealed s WHERE s.seal_id = p_id), '')), 'UTF8')), 'hex')
$$;

-- Seals the rows written since the last seal; returns the seal (no row
-- when nothing new has ended).
CREATE FUNCTION rd.history_seal()
RETURNS TABLE (seal_id bigint, row_count bigint, first_id bigint, last_id bigint, hash text)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
SET TimeZone = 'UTC'
AS $$
DECLARE
	prev rd_sec.history_seals;
	hz bigint := txid_snapshot_xmin(txid_current_snapshot());
	lo bigint;
	sid bigint;
	n bigint;
	h text;
BEGIN
	IF NOT rd.sec_trusted() AND NOT pg_has_role(session_user, 'rd_supervisor', 'MEMBER') THEN
		RAISE EXCEPTION 'only a supervisor seals the history'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	PERFORM pg_advisory_xact_lock(hashtextextended('rd.history_seal', 0));
	SELECT * INTO prev FROM rd_sec.history_seals s ORDER BY s.id DESC LIMIT 1;
	lo := coalesce(prev.horizon, 0);
	IF hz <= lo OR NOT EXISTS (SELECT 1 FROM rd.history x WHERE x.txid >= lo AND x.txid < hz) THEN
		RETURN;
	END IF;
	sid := nextval(pg_get_serial_sequence('rd_sec.history_seals', 'id'));
	INSERT INTO rd_sec.history_sealed (history_id, seal_id, digest)
	SELECT x.id, sid, rd.history_digest(x) FROM rd.history x
	 WHERE x.txid >= lo AND x.txid < hz;
	GET DIAGNOSTICS n = ROW_COUNT;
	h := rd.history_seal_hash(coalesce(prev.hash, ''), sid, lo, hz);
	INSERT INTO rd_sec.history_seals (id, from_txid, horizon, row_count, first_id, last_id,
					  prev_hash, hash)
	OVERRIDING SYSTEM VALUE
	SELECT sid, lo, hz, n, min(z.history_id), max(z.history_id), coalesce(prev.hash, ''), h
	  FROM rd_sec.history_sealed z WHERE z.seal_id = sid;
	RETURN QUERY SELECT s.id, s.row_count, s.first_id, s.last_id, s.hash
		       FROM rd_sec.history_seals s WHERE s.id = sid;
END
$$;

-- Recomputes the chain from the seal that covers history row p_from (NULL:
-- from the first seal). One row: seals and rows checked, the latest hash,
-- and the first problem (NULL when none): 'altered', 'removed',
-- 'inserted' (history_id names the row) or 'seal' (seal_id names the seal
-- whose record does not match); unsealed: rows not yet sealed.
CREATE FUNCTION rd.history_verify(p_from bigint DEFAULT NULL)
RETURNS TABLE (seals bigint, rows_checked bigint, last_hash text, problem text,
	       history_id bigint, seal_id bigint, unsealed bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
SET TimeZone = 'UTC'
AS $$
DECLARE
	s rd_sec.history_seals;
	start_id bigint;
	prev_hash text;
	bad record;
BEGIN
	IF NOT rd.sec_trusted() AND NOT pg_has_role(session_user, 'rd_supervisor', 'MEMBER') THEN
		RAISE EXCEPTION 'only a supervisor verifies the history'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	seals := 0;
	rows_checked := 0;
	IF p_from IS NULL THEN
		SELECT min(x.id) INTO start_id FROM rd_sec.history_seals x;
	ELSE
		SELECT coalesce(
			(SELECT z.seal_id FROM rd_sec.history_sealed z WHERE z.history_id = p_from),
			(SELECT min(x.id) FROM rd_sec.history_seals x WHERE x.last_id >= p_from))
		  INTO start_id;
	END IF;
	SELECT x.prev_hash INTO prev_hash FROM rd_sec.history_seals x WHERE x.id = start_id;
	FOR s IN SELECT * FROM rd_sec.history_seals x WHERE x.id >= start_id ORDER BY x.id LOOP
		IF s.prev_hash IS DISTINCT FROM prev_hash
		   OR s.hash IS DISTINCT FROM rd.history_seal_hash(s.prev_hash, s.id, s.from_txid, s.horizon)
		   OR s.row_count <> (SELECT count(*) FROM rd_sec.history_sealed z WHERE z.seal_id = s.id) THEN
			problem := 'seal';
			seal_id := s.id;
			EXIT;
		END IF;
		-- the first row of this block that is not as sealed
		SELECT v.id, v.what INTO bad FROM (
			SELECT z.history_id AS id,
			       CASE WHEN x.id IS NULL THEN 'removed' ELSE 'altered' END AS what
			  FROM rd_sec.history_sealed z
			  LEFT JOIN rd.history x ON x.id = z.history_id
			 WHERE z.seal_id = s.id
			   AND (x.id IS NULL OR rd.history_digest(x) <> z.digest)
			UNION ALL
			SELECT x.id, 'inserted'
			  FROM rd.history x
			 WHERE x.txid >= s.from_txid AND x.txid < s.horizon
			   AND NOT EXISTS (SELECT 1 FROM rd_sec.history_sealed z
					    WHERE z.history_id = x.id AND z.seal_id = s.id)
		) v ORDER BY v.id LIMIT 1;
		IF bad.id IS NOT NULL THEN
			problem := bad.what;
			history_id := bad.id;
			seal_id := s.id;
			EXIT;
		END IF;
		seals := seals + 1;
		rows_checked := rows_checked + s.row_count;
		prev_hash := s.hash;
	END LOOP;
	last_hash := prev_hash;
	SELECT count(*) INTO unsealed FROM rd.history x
	 WHERE x.txid >= coalesce((SELECT max(y.horizon) FROM rd_sec.history_seals y), 0);
	RETURN NEXT;
END
$$;

REVOKE ALL ON FUNCTION rd.history_digest(rd.history),
	rd.history_seal_hash(text, bigint, bigint, bigint),
	rd.history_seal(), rd.history_verify(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.history_seal(), rd.history_verify(bigint) TO rd_supervisor;
