-- 0152_search_grams_plpgsql.sql: rd.search_grams (0010) in PL/pgSQL, with
-- the same result for every text (issue 15, the demo loader's speed).
--
-- The name and reading grams are stored generated columns of rd.customers
-- (0010): every customer written, and every row the demo loader COPYs,
-- calls rd.search_grams twice. As a SQL function with a BEGIN ATOMIC body
-- it is not inlined there and runs its query through the executor on each
-- call (about 15 us, 3 s of server time per 100,000 customers loaded).
-- This version collects the 1- and 2-character grams in a loop and sorts
-- them once with one cached query: about 40 % less time, the same arrays
-- (distinct grams in the database's order, '{}' for an empty text, NULL
-- for NULL). tests/db/check_customer.c compares it with 0010's definition
-- on names, readings and odd characters. Stored arrays stay valid: the
-- function is IMMUTABLE and gives what it gave.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE OR REPLACE FUNCTION rd.search_grams(s text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
AS $$
DECLARE
	t text := rd.search_text(s);
	g text[] := '{}';
BEGIN
	FOR i IN 1 .. pg_catalog.length(t) LOOP
		g := g || pg_catalog.substr(t, i, 1) || pg_catalog.substr(t, i, 2);
	END LOOP;
	RETURN ARRAY(SELECT DISTINCT u.gram FROM pg_catalog.unnest(g) AS u(gram) ORDER BY 1);
END
$$;
