-- 0160_text_guard_timestamps.sql: the text guard's quick test lets
-- timestamps by (issue 15, the shipment run).
--
-- rd.text_guard (0089) sends to rd.text_check only the values that could
-- break a rule: more than 60 characters, a control character, or 13
-- digits with at most 3 other characters between each. to_jsonb(NEW)
-- spells every timestamp column as a string like
-- "2026-12-08T09:00:00.123456+09:00" (24 digits), so every row written
-- sent its created_at / updated_at through text_check and rd.pan_found:
-- in the shipment run of 5,283 orders (100,000 customers) 26,716 such
-- calls, about 0.9 s of the run's 12.6 s, and the same share of every
-- order, skip and change the desk makes.
--
-- A value of exactly that shape (the whole value: date, T, time, at most
-- 6 decimals, an optional offset) is now let by as well. Nothing that
-- was refused is let by: such a value is at most 35 characters (every
-- limit of rd.text_limit is 60 or more), holds no control character, and
-- rd.pan_found never finds a card number in it (its longest group of
-- digits is 6, and the groups joined by one separator make at most
-- 4 + 2 or 6 + 2 digits, never 13). Any other value is looked at as
-- before. The function is otherwise 0089's, word for word.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE OR REPLACE FUNCTION rd.text_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	n jsonb := to_jsonb(NEW);
	o jsonb;
	r record;
BEGIN
	IF TG_OP = 'UPDATE' THEN
		o := to_jsonb(OLD);
	END IF;
	FOR r IN
		SELECT e.key, s.v
		  FROM jsonb_each(n) e
		 CROSS JOIN LATERAL (
			SELECT e.value #>> '{}' AS v WHERE jsonb_typeof(e.value) = 'string'
			UNION ALL
			SELECT x #>> '{}' FROM jsonb_path_query(e.value, 'strict $.**') x
			 WHERE jsonb_typeof(e.value) IN ('object', 'array')
			   AND jsonb_typeof(x) = 'string') s
		 WHERE (o IS NULL OR (o -> e.key) IS DISTINCT FROM e.value)
		   AND (length(s.v) > 60
			OR s.v ~ '[\x01-\x1f\x7f\u0080-\u009f]'
			OR (s.v ~ '([0-9０-９][^0-9０-９]{0,3}){12}[0-9０-９]'
			    AND s.v !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?([+-][0-9]{2}(:[0-9]{2})?)?$'))
	LOOP
		PERFORM rd.text_check(TG_TABLE_NAME, r.key, r.v);
	END LOOP;
	RETURN NEW;
END
$$;
