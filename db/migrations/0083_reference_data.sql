-- 0083_reference_data.sql: shared caches and reference data are written
-- only by the roles and paths meant for them (issue 11, class 5).
--
-- Reference data (products, media, settings, teams, holidays, insert
-- rules, payment bars, the national postal rows) is written by
-- rd_supervisor only (grants of 0004, 0020, 0030; tests/db/grants.expected
-- shows every grant). The one path every desk role has into shared data is
-- the postal-code cache, rd.postal_cache: any operator could store a wrong
-- town under any code, and every terminal then offered it. It now:
--   * refuses what the service cannot have answered: a code that is not 7
--     digits, an unknown prefecture, an empty or over-long city or town,
--     control characters;
--   * never shadows the national data: a code that KEN_ALL rows know is
--     not cached at all (the lookup reads KEN_ALL first anyway);
--   * keeps at most 20 service answers per code, so one session cannot
--     bury a code under invented towns;
--   * attributes every row: cached_by is the login whose terminal asked
--     (history also names it), so a supervisor can find and delete what
--     one login cached (DELETE is theirs, 0020).
-- What it cannot prove is that the service really said so: the client
-- asked the service, the database did not. The rows stay marked
-- source = 'service' and attributed, never 'ken_all'.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

ALTER TABLE rd.postal_codes ADD COLUMN cached_by text;

CREATE OR REPLACE FUNCTION rd.postal_cache(p_code text, p_prefecture text, p_city text,
					   p_town text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	v_town text := coalesce(p_town, '');
BEGIN
	IF p_code IS NULL OR p_code !~ '^[0-9]{7}$' THEN
		RAISE EXCEPTION 'a postal code to cache is 7 digits'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF p_prefecture IS NULL OR p_prefecture::rd.prefecture IS NULL THEN
		RAISE EXCEPTION 'a cached address needs its prefecture'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF p_city IS NULL OR btrim(p_city) = '' OR length(p_city) > 60 OR length(v_town) > 120
	   OR p_city ~ '[\x01-\x1f\x7f\u0080-\u009f]' OR v_town ~ '[\x01-\x1f\x7f\u0080-\u009f]' THEN
		RAISE EXCEPTION 'the postal-code service''s answer is not an address (city 1-60, town up to 120 characters, no control characters)'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF EXISTS (SELECT 1 FROM rd.postal_codes k
		    WHERE k.postal_code = p_code AND k.source = 'ken_all') THEN
		RETURN;  -- the national data answers this code; nothing to cache
	END IF;
	PERFORM pg_advisory_xact_lock(hashtextextended('rd.postal_cache:' || p_code, 0));
	IF (SELECT count(*) FROM rd.postal_codes s
	     WHERE s.postal_code = p_code AND s.source = 'service') >= 20
	   AND NOT EXISTS (SELECT 1 FROM rd.postal_codes s
			    WHERE s.postal_code = p_code AND s.source = 'service'
			      AND s.prefecture = p_prefecture AND s.city = p_city AND s.town = v_town) THEN
		RAISE EXCEPTION 'postal code % already has 20 cached answers; a supervisor should look at them', p_code
			USING ERRCODE = 'RD422';
	END IF;
	INSERT INTO rd.postal_codes (postal_code, prefecture, city, town, source, cached_by)
	VALUES (p_code, p_prefecture, p_city, v_town, 'service', session_user)
	ON CONFLICT (postal_code, source, prefecture, city, town)
	DO UPDATE SET updated_at = now()
	WHERE rd.postal_codes.updated_at < now() - interval '1 day';
END
$$;
