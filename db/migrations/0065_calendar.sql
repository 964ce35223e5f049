-- 0065_calendar.sql: the business calendar (issue 10, section 3).
--
-- A day is closed when its weekday is closed (the setting
-- closed_weekdays, 0030), when it is a national holiday or a one-off day
-- in rd.holidays, or when it falls in the year-end closing (the setting
-- year_end_closing). rd.closed_days(from, to) lists the closed days of a
-- range with their reason; store/ reads it into core/calendar, whose
-- calendar_move() moves a delivery due on a closed day (the setting
-- closed_day_move: later or earlier) for every reader alike.
--
-- rd.holidays stays reference data: everyone reads it, only rd_supervisor
-- writes it (0030's grants), every change goes to rd.history (attach_all).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

INSERT INTO rd.settings (key, value, description) VALUES
	('year_end_closing', '12-29..01-03',
	 'The year-end closing (年末年始) as MM-DD..MM-DD, e.g. 12-29..01-03; empty for none'),
	('closed_day_move', 'later',
	 'A delivery whose day is closed moves to the nearest open day: later, or earlier')
ON CONFLICT (key) DO NOTHING;

-- ---------------------------------------------------------------------------
-- Closed days: national holidays (loaded by `repeatdesk calendar
-- load-holidays` and `db seed` from core/jpholiday) and one-off days a
-- supervisor closes, each with the words a person reads.

ALTER TABLE rd.holidays
	ADD COLUMN kind text NOT NULL DEFAULT 'holiday'
		CHECK (kind IN ('holiday', 'oneoff')),
	ADD COLUMN created_by text NOT NULL DEFAULT session_user,
	ADD CHECK (char_length(name) <= 40 AND name !~ '[[:cntrl:]]'),
	ADD CHECK (kind <> 'oneoff' OR btrim(name) <> '');

-- who closed a day is the session's login, never a value a client sends:
-- supervisors write only the day, its kind and its reason
REVOKE INSERT, UPDATE ON rd.holidays FROM rd_supervisor;
GRANT INSERT (date, kind, name), UPDATE (date, kind, name) ON rd.holidays TO rd_supervisor;

COMMENT ON COLUMN rd.holidays.name IS
	'why the day is closed, as a person reads it: the holiday''s name or the supervisor''s reason';

-- The two settings are checked where they are written, so a wrong value
-- never reaches a reader.
CREATE FUNCTION rd.calendar_setting_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF NEW.key = 'closed_day_move' AND NEW.value NOT IN ('later', 'earlier') THEN
		RAISE EXCEPTION 'closed_day_move is later or earlier, not %', NEW.value
			USING ERRCODE = 'check_violation';
	END IF;
	IF NEW.key = 'year_end_closing' AND NEW.value <> '' THEN
		IF NEW.value !~ '^[0-9]{2}-[0-9]{2}\.\.[0-9]{2}-[0-9]{2}$' THEN
			RAISE EXCEPTION 'year_end_closing is MM-DD..MM-DD (like 12-29..01-03) or empty, not %', NEW.value
				USING ERRCODE = 'check_violation';
		END IF;
		-- both ends must be days of every year (02-29 is refused: it
		-- would vanish three years in four)
		BEGIN
			PERFORM make_date(2023, substr(NEW.value, 1, 2)::int, substr(NEW.value, 4, 2)::int),
				make_date(2023, substr(NEW.value, 8, 2)::int, substr(NEW.value, 11, 2)::int);
		EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
			RAISE EXCEPTION 'year_end_closing % names a day that does not exist every year', NEW.value
				USING ERRCODE = 'check_violation';
		END;
	END IF;
	RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION rd.calendar_setting_guard() FROM PUBLIC;
CREATE TRIGGER rd_calendar_guard BEFORE INSERT OR UPDATE OF value ON rd.settings
	FOR EACH ROW EXECUTE FUNCTION rd.calendar_setting_guard();

-- The closed days from d1 to d2 (weekdays aside: closed_weekdays is a
-- setting the client applies), one row a day, with the kind that closes
-- it and the reason. A day closed twice shows the supervisor's one-off
-- reason first, then the year-end closing, then the holiday's name.
CREATE FUNCTION rd.closed_days(d1 date, d2 date)
RETURNS TABLE (date date, kind text, reason text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
	WITH c AS (
		SELECT nullif(value, '') AS v FROM rd.settings WHERE key = 'year_end_closing'
	), span AS (
		SELECT make_date(1, substr(c.v, 1, 2)::int, substr(c.v, 4, 2)::int) AS f,
		       make_date(1, substr(c.v, 8, 2)::int, substr(c.v, 11, 2)::int) AS t
		  FROM c WHERE c.v IS NOT NULL
	), closing AS (
		SELECT g::date AS date
		  FROM span,
		       generate_series(extract(year FROM d1)::int - 1, extract(year FROM d2)::int) AS y,
		       generate_series(make_date(y, extract(month FROM span.f)::int, extract(day FROM span.f)::int),
				       make_date(y + CASE WHEN span.t < span.f THEN 1 ELSE 0 END,
						 extract(month FROM span.t)::int, extract(day FROM span.t)::int),
				       interval '1 day') AS g
	), all_days AS (
		SELECT h.date, h.kind, h.name AS reason,
		       CASE h.kind WHEN 'oneoff' THEN 1 ELSE 3 END AS rank
		  FROM rd.holidays h WHERE h.date BETWEEN d1 AND d2
		UNION ALL
		SELECT closing.date, 'closing', '年末年始', 2 FROM closing
		 WHERE closing.date BETWEEN d1 AND d2
	)
	SELECT DISTINCT ON (a.date) a.date, a.kind, a.reason
	  FROM all_days a
	 ORDER BY a.date, a.rank
$$;
REVOKE ALL ON FUNCTION rd.closed_days(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.closed_days(date, date) TO rd_operator;
