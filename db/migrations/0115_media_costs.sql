-- 0115_media_costs.sql: what each advertisement cost, month by month
-- (issue 13, section 2).
--
-- The media report divides a media code's cost by what it brought (cost
-- per order, cost per new subscriber). Costs are entered by supervisors
-- per media code and calendar month; a period's cost is the sum of the
-- months it overlaps.
--
--   rd.media_costs   one row per (media code, month): amount in yen
--                    (tax as invoiced), a note (what it paid for), the
--                    usual id, version and timestamps, history attached.
--   rd.media_cost_set(code, month, amount, version, note)
--                    the only way to write one: supervisors only (EXECUTE
--                    is theirs alone: an operator or agent with psql gets
--                    the database's refusal, 42501), a reason is required
--                    (db_begin's repeatdesk.reason: the history row keeps
--                    it with the request id), and the caller names the
--                    version it read (0: "there was no cost for that
--                    month"). A stale version writes nothing and returns
--                    version NULL with the current version (NULL: the row
--                    is gone), which the application reports as a
--                    conflict; a psql user sees the same NULL.
--
-- rd.media.cost, the single column of 0002, stays what it was: a legacy
-- lifetime total entered by hand. It has no month, so no period can take
-- a share of it honestly; the reports read rd.media_costs only, and the
-- command line shows the old figure as "legacy total" so that nobody
-- wonders where it went.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

COMMENT ON COLUMN rd.media.cost IS
	'legacy lifetime total entered by hand; reports use rd.media_costs (0115)';

CREATE TABLE rd.media_costs (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	media_code text NOT NULL REFERENCES rd.media (code) ON UPDATE CASCADE,
	month date NOT NULL CHECK (extract(day FROM month) = 1),
	amount bigint NOT NULL CHECK (amount >= 0),
	note text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (media_code, month)
);

SELECT rd.attach_all();

-- Supervisors read them; nobody writes them but rd.media_cost_set.
GRANT SELECT ON rd.media_costs TO rd_supervisor;

CREATE FUNCTION rd.media_cost_set(p_code text, p_month date, p_amount bigint,
				  p_version int, p_note text DEFAULT '')
RETURNS TABLE (id bigint, version int, current_version int)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	r rd.media_costs%ROWTYPE;
	v int;
	new_id bigint;
BEGIN
	-- EXECUTE is the supervisors' alone; this says so again in case a
	-- grant is ever widened by mistake
	IF NOT pg_has_role(session_user, 'rd_supervisor', 'MEMBER') THEN
		RAISE EXCEPTION 'only a supervisor enters media costs'
			USING ERRCODE = '42501';
	END IF;
	IF coalesce(btrim(current_setting('repeatdesk.reason', true)), '') = '' THEN
		RAISE EXCEPTION 'a reason is required to change a media cost'
			USING ERRCODE = '22023';
	END IF;
	IF p_month IS NULL OR p_month <> date_trunc('month', p_month)::date THEN
		RAISE EXCEPTION 'a media cost is for a month: give its first day'
			USING ERRCODE = '22023';
	END IF;
	IF p_amount IS NULL OR p_amount < 0 THEN
		RAISE EXCEPTION 'a media cost is an amount of yen, 0 or more'
			USING ERRCODE = '22023';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM rd.media m WHERE m.code = p_code) THEN
		RAISE EXCEPTION 'there is no media code %', p_code
			USING ERRCODE = 'RD404';
	END IF;

	SELECT * INTO r FROM rd.media_costs c
	 WHERE c.media_code = p_code AND c.month = p_month FOR UPDATE;
	IF NOT FOUND THEN
		IF coalesce(p_version, 0) <> 0 THEN
			RETURN QUERY SELECT NULL::bigint, NULL::int, NULL::int;
			RETURN;
		END IF;
		INSERT INTO rd.media_costs AS c (media_code, month, amount, note)
		VALUES (p_code, p_month, p_amount, coalesce(p_note, ''))
		ON CONFLICT (media_code, month) DO NOTHING
		RETURNING c.id, c.version INTO new_id, v;
		IF new_id IS NULL THEN
			-- entered by someone else since this caller looked
			RETURN QUERY SELECT NULL::bigint, NULL::int, c.version
				       FROM rd.media_costs c
				      WHERE c.media_code = p_code AND c.month = p_month;
			RETURN;
		END IF;
		RETURN QUERY SELECT new_id, v, v;
		RETURN;
	END IF;
	IF r.version <> coalesce(p_version, 0) THEN
		RETURN QUERY SELECT NULL::bigint, NULL::int, r.version;
		RETURN;
	END IF;
	IF r.amount = p_amount AND r.note = coalesce(p_note, r.note) THEN
		RETURN QUERY SELECT r.id, r.version, r.version;  -- nothing changes
		RETURN;
	END IF;
	UPDATE rd.media_costs c
	   SET amount = p_amount, note = coalesce(p_note, c.note)
	 WHERE c.id = r.id
	RETURNING c.version INTO v;
	RETURN QUERY SELECT r.id, v, v;
END
$$;
REVOKE ALL ON FUNCTION rd.media_cost_set(text, date, bigint, int, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.media_cost_set(text, date, bigint, int, text) TO rd_supervisor;
