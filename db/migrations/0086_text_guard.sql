-- 0086_text_guard.sql: no card number anywhere, and the client's text
-- limits held by the database (issue 11, classes 4 and 8).
--
-- One trigger, rd_text_guard, on every business table (attached by
-- rd.attach_all, so a table a later migration adds gets it too) looks at
-- every text value a row writes, top-level columns and the strings inside
-- jsonb and arrays alike (on UPDATE only the columns that changed):
--   * a primary account number in any spelling is refused with "this
--     looks like a card number" and the row is not written. The rule is
--     core/pan.c's, written again here as rd.pan_found(): digits ASCII or
--     full-width; groups of digits joined by one to three separators
--     (space, ideographic space, hyphen and its look-alikes, dot, both
--     widths); a candidate is a single group of 13-19 digits, or
--     consecutive groups of 4-6 digits (the last 1-6) joined by one and the
--     same separators, making 13-19 digits together, that passes the Luhn
--     check. A group of more than 19 digits
--     is no card number; phone numbers (groups of 2-3 digits between)
--     never join into one;
--   * the error names the table and column, never the value: a failing
--     CHECK would print the whole row into the server log, a trigger's
--     message prints only what it says. The two CHECKs of 0020 that
--     looked for card numbers are dropped for that reason (the trigger
--     runs before any CHECK, so no row holding a card number reaches one);
--   * the lengths the client's forms allow (rd.text_limit, from forms/*.form
--     and include/repeatdesk/*.h), 2000 characters for any other text;
--   * no control characters (C0 but tab and newline, DEL, C1) and so no
--     terminal escape sequence; single-line fields (names, subjects,
--     addresses, codes, tokens, reasons) take no tab or newline either.
-- The reason and request id of each history row (session settings the
-- application sets) are held to the same rules by rd_text_guard on
-- rd.history.
--
-- Errors: RD422 (a card number), 22001 (too long), 22023 (control
-- characters).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- Luhn over a string of ASCII digits.
CREATE FUNCTION rd.luhn_ok(p_digits text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT sum(CASE WHEN (length(p_digits) - i) % 2 = 1
			THEN (substr(p_digits, i, 1)::int * 2) % 10 + (substr(p_digits, i, 1)::int * 2) / 10
			ELSE substr(p_digits, i, 1)::int END) % 10 = 0
	  FROM generate_series(1, length(p_digits)) AS i
$$;

-- True when p holds something that is a card number (core/pan.c's rule).
CREATE FUNCTION rd.pan_found(p text) RETURNS boolean
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
	s := translate(p, '０１２３４５６７８９　－．‐‑‒–—―−ーｰ',
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

-- Longest text (characters) and whether it may span lines, per column.
CREATE FUNCTION rd.text_limit(p_table text, p_column text, OUT max_chars int,
			      OUT multiline boolean)
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT coalesce(l.m, 2000),
	       coalesce(l.ml, p_column NOT IN ('name', 'name_kana', 'display_name', 'login',
			'subject', 'label', 'address1', 'address2', 'city', 'town', 'code',
			'sku', 'email', 'card_token', 'card_last4', 'reason', 'cancel_reason',
			'request_id', 'actor', 'agent', 'author', 'opened_by', 'created_by'))
	  FROM (SELECT CASE p_table || '.' || p_column
			WHEN 'customers.name' THEN 80
			WHEN 'customers.name_kana' THEN 80
			WHEN 'customers.address1' THEN 120
			WHEN 'customers.address2' THEN 120
			WHEN 'customers.notes' THEN 1000
			WHEN 'customer_addresses.name' THEN 80
			WHEN 'customer_addresses.name_kana' THEN 80
			WHEN 'customer_addresses.label' THEN 80
			WHEN 'customer_addresses.address1' THEN 120
			WHEN 'customer_addresses.address2' THEN 120
			WHEN 'orders.notes' THEN 200
			WHEN 'orders.card_token' THEN 128
			WHEN 'subscriptions.card_token' THEN 128
			WHEN 'subscriptions.cancel_reason' THEN 200
			WHEN 'inquiries.subject' THEN 200
			WHEN 'inquiry_entries.body' THEN 2000
			WHEN 'agents.display_name' THEN 80
			WHEN 'saved_filters.name' THEN 60
			WHEN 'history.reason' THEN 200
			WHEN 'history.request_id' THEN 64
		     END AS m,
		     NULL::boolean AS ml) l
$$;

-- Refuses s as the value of table.column (see the header).
CREATE FUNCTION rd.text_check(p_table text, p_column text, s text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	lim record;
BEGIN
	IF s IS NULL OR s = '' THEN
		RETURN;
	END IF;
	lim := rd.text_limit(p_table, p_column);
	IF rd.pan_found(s) THEN
		RAISE EXCEPTION 'this looks like a card number (%.%): card numbers are never stored; nothing was saved',
			p_table, p_column
			USING ERRCODE = 'RD422',
			      HINT = 'Take card payments through the payment gateway and keep only its token and the last four digits.';
	END IF;
	IF length(s) > lim.max_chars THEN
		RAISE EXCEPTION '%.% is % characters at most (this was %)', p_table, p_column,
			lim.max_chars, length(s)
			USING ERRCODE = 'string_data_right_truncation';
	END IF;
	IF (lim.multiline AND s ~ '[\x01-\x08\x0b-\x1f\x7f\u0080-\u009f]')
	   OR (NOT lim.multiline AND s ~ '[\x01-\x1f\x7f\u0080-\u009f]') THEN
		RAISE EXCEPTION '%.% holds a control character%', p_table, p_column,
			CASE WHEN lim.multiline THEN ' (only tab and newline are allowed)'
			     ELSE ' (it is one line: no tab, newline or escape)' END
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
END
$$;

CREATE FUNCTION rd.text_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	n jsonb := to_jsonb(NEW);
	o jsonb;
	k text;
	v jsonb;
	s text;
BEGIN
	IF TG_OP = 'UPDATE' THEN
		o := to_jsonb(OLD);
	END IF;
	FOR k, v IN SELECT e.key, e.value FROM jsonb_each(n) e
		     WHERE jsonb_typeof(e.value) IN ('string', 'object', 'array') LOOP
		CONTINUE WHEN o IS NOT NULL AND (o -> k) IS NOT DISTINCT FROM v;
		IF jsonb_typeof(v) = 'string' THEN
			PERFORM rd.text_check(TG_TABLE_NAME, k, v #>> '{}');
		ELSE
			FOR s IN SELECT x #>> '{}' FROM jsonb_path_query(v, 'strict $.**') x
				  WHERE jsonb_typeof(x) = 'string' LOOP
				PERFORM rd.text_check(TG_TABLE_NAME, k, s);
			END LOOP;
		END IF;
	END LOOP;
	RETURN NEW;
END
$$;

-- The history's own text: what the session said about the change.
CREATE FUNCTION rd.history_text_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	PERFORM rd.text_check('history', 'reason', NEW.reason);
	PERFORM rd.text_check('history', 'request_id', NEW.request_id);
	RETURN NEW;
END
$$;
CREATE TRIGGER rd_text_guard BEFORE INSERT ON rd.history
	FOR EACH ROW EXECUTE FUNCTION rd.history_text_guard();

REVOKE ALL ON FUNCTION rd.luhn_ok(text), rd.pan_found(text), rd.text_limit(text, text),
	rd.text_check(text, text, text), rd.text_guard(), rd.history_text_guard()
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.luhn_ok(text), rd.pan_found(text), rd.text_limit(text, text),
	rd.text_check(text, text, text)
	TO rd_operator;

ALTER TABLE rd.orders
	DROP CONSTRAINT orders_card_token_no_pan,
	DROP CONSTRAINT orders_notes_no_pan;

-- ---------------------------------------------------------------------------
-- Attaching: rd.attach_all (which every migration that adds a table ends
-- with) now also attaches rd_text_guard; and here to every table there is.

CREATE FUNCTION rd.attach_text_guard(tbl regclass) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	EXECUTE format('DROP TRIGGER IF EXISTS rd_text_guard ON %s', tbl);
	EXECUTE format('CREATE TRIGGER rd_text_guard BEFORE INSERT OR UPDATE ON %s'
		       ' FOR EACH ROW EXECUTE FUNCTION rd.text_guard()', tbl);
END
$$;

CREATE OR REPLACE FUNCTION rd.attach_all() RETURNS int
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	t regclass;
	n int := 0;
BEGIN
	FOR t IN
		SELECT c.oid::regclass FROM pg_class c
		 WHERE c.relnamespace = 'rd'::regnamespace
		   AND c.relkind IN ('r', 'p') AND NOT c.relispartition
		   AND c.relname NOT IN ('history', 'schema_migrations')
		 ORDER BY c.relname
	LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_trigger
				WHERE tgrelid = t AND tgname = 'rd_touch') THEN
			PERFORM rd.attach_touch(t);
			n := n + 1;
		END IF;
		IF NOT EXISTS (SELECT 1 FROM pg_trigger
				WHERE tgrelid = t AND tgname = 'rd_history') THEN
			PERFORM rd.attach_history(t);
			n := n + 1;
		END IF;
		IF NOT EXISTS (SELECT 1 FROM pg_trigger
				WHERE tgrelid = t AND tgname = 'rd_text_guard') THEN
			PERFORM rd.attach_text_guard(t);
			n := n + 1;
		END IF;
	END LOOP;
	RETURN n;
END
$$;
REVOKE ALL ON FUNCTION rd.attach_text_guard(regclass) FROM PUBLIC;

SELECT rd.attach_all();
