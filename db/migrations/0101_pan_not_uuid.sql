-- 0101_pan_not_uuid.sql: a request id is no card number (issue 12 found
-- it: a save refused at random with "this looks like a card number
-- (history.request_id)").
--
-- Request ids are UUIDs, 8-4-4-4-12 hex digits. Read as digits, their
-- groups ("…-2341-4429-9936-33a4…") made 13 digits passing the Luhn check
-- in about 8 of 10,000 random ids, and rd_text_guard refused the change.
-- rd.pan_found (0086) now reads a UUID that is not glued to more hex
-- digits as one word, as core/pan.c does; everything else is unchanged.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- True when p holds something that is a card number (core/pan.c's rule).
-- A UUID not glued to more hex digits is no number.
CREATE OR REPLACE FUNCTION rd.pan_found(p text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	s text;
	run text;
	g text[];
	sp text[];
	n int;
	d text;
	len int;
BEGIN
	IF p IS NULL THEN
		RETURN false;
	END IF;
	-- a UUID (a request id) is a word, not digits
	s := regexp_replace(p, '(?<![0-9a-fA-F])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9a-fA-F])',
			    'x', 'g');
	s := translate(s, '０１２３４５６７８９　－．‐‑‒–—―−ーｰ',
		       '0123456789 -.---------');
	IF length(regexp_replace(s, '[^0-9]', '', 'g')) < 13 THEN
		RETURN false;
	END IF;
	FOR run IN SELECT m[1] FROM regexp_matches(s, '([0-9]+(?:[ .-]{1,3}[0-9]+)*)', 'g') AS m LOOP
		g := regexp_split_to_array(run, '[ .-]+');
		-- sp[k]: the separators between group k-1 and group k
		sp := '{}'::text[] || ''::text
		      || ARRAY(SELECT x[1] FROM regexp_matches(run, '([ .-]+)', 'g') AS x);
		n := cardinality(g);
		FOR i IN 1 .. n LOOP
			len := length(g[i]);
			IF len BETWEEN 13 AND 19 AND rd.luhn_ok(g[i]) THEN
				RETURN true;
			END IF;
			CONTINUE WHEN len NOT BETWEEN 4 AND 6;
			d := g[i];
			FOR j IN i + 1 .. n LOOP
				len := length(g[j]);
				EXIT WHEN len > 6 OR length(d) + len > 19;
				-- one spelling throughout ("4111 1111-1111" is two numbers)
				EXIT WHEN j > i + 1 AND sp[j] IS DISTINCT FROM sp[i + 1];
				d := d || g[j];
				IF length(d) >= 13 AND rd.luhn_ok(d) THEN
					RETURN true;
				END IF;
				EXIT WHEN len < 4;
			END LOOP;
		END LOOP;
	END LOOP;
	RETURN false;
END
$$;
