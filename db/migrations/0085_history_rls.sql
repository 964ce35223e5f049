-- 0085_history_rls.sql: the history reveals no more than the source does
-- (issue 11, class 2).
--
-- rd.history keeps whole rows (old_row, new_row). Every desk role may read
-- it, so before this a row that row-level security hides at its source
-- (another agent's saved filters) or a table a role may not read at all
-- (a supervisor-only table) was readable in full through the history and
-- `repeatdesk history show`. Row-level security on rd.history now lets a
-- role read a history row only when
--   * it may SELECT the table the row is about, and
--   * that table has no row-level security, or the row's owner column
--     (rd.history_row_owner, below) names the session's login: the same
--     rule as the source's policy. A table with row-level security whose
--     owner column is not listed there is hidden from every desk role: a
--     new private table stays private until someone says whose rows are
--     whose.
-- Rows about a table that no longer exists are left to supervisors.
-- The owner (the migration runner) is not subject to row-level security:
-- the history trigger writes, and the owner's SECURITY DEFINER functions
-- (revert, change links, seals) read, as before.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- The column that names a private row's owner, per table with row-level
-- security; NULL: rows of that table are nobody's to read in the history.
-- A migration that adds such a table replaces this function.
CREATE FUNCTION rd.history_row_owner(p_table text) RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE p_table
		WHEN 'saved_filters' THEN 'agent'
	END
$$;

CREATE FUNCTION rd.history_visible(p_table text, p_new jsonb, p_old jsonb) RETURNS boolean
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	t oid;
	rls boolean;
	col text;
BEGIN
	SELECT c.oid, c.relrowsecurity INTO t, rls
	  FROM pg_class c
	 WHERE c.relnamespace = 'rd'::regnamespace AND c.relname = p_table
	   AND c.relkind IN ('r', 'p');
	IF t IS NULL THEN
		RETURN pg_has_role(session_user, 'rd_supervisor', 'MEMBER');
	END IF;
	IF NOT has_table_privilege(t, 'SELECT') THEN
		RETURN false;
	END IF;
	IF NOT rls THEN
		RETURN true;
	END IF;
	col := rd.history_row_owner(p_table);
	RETURN col IS NOT NULL AND coalesce(p_new, p_old) ->> col = session_user::text;
END
$$;
REVOKE ALL ON FUNCTION rd.history_row_owner(text), rd.history_visible(text, jsonb, jsonb)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.history_row_owner(text), rd.history_visible(text, jsonb, jsonb)
	TO rd_operator;

-- The tables whose history the current role reads without a per-row
-- check: those it may SELECT that have no row-level security. The policy
-- reads this list once per query (a scalar subquery is an InitPlan) and
-- compares each row's table_name with it; only rows of the other tables
-- (private ones, unreadable ones, dropped ones) pay for rd.history_visible.
-- A per-row function call on every row made a count over 40,000 history
-- rows five times slower.
CREATE FUNCTION rd.history_open_tables() RETURNS text[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(array_agg(c.relname::text), '{}')
	  FROM pg_class c
	 WHERE c.relnamespace = 'rd'::regnamespace AND c.relkind IN ('r', 'p')
	   AND NOT c.relrowsecurity AND has_table_privilege(c.oid, 'SELECT')
$$;
REVOKE ALL ON FUNCTION rd.history_open_tables() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.history_open_tables() TO rd_operator;

ALTER TABLE rd.history ENABLE ROW LEVEL SECURITY;
CREATE POLICY history_read ON rd.history FOR SELECT
	USING (table_name = ANY (coalesce((SELECT rd.history_open_tables()), '{}'))
	       OR rd.history_visible(table_name, new_row, old_row));
