-- 0091: a linked change's entry keeps what was done in words, never the
-- name of the table it was kept in (issue 10, section 4: history in words).
--
-- rd.inquiry_link_change (0040) wrote "subscription_requests insert: …"
-- as the entry's body, which the history viewer shows as the entry's text.
-- The body is now the change's own words: the record's last_change (what
-- a request did, e.g. "skip delivery 3 (12/13)"), else the request's
-- summary, else nothing; the screens label the change from the history
-- row it links (core/history_text), in the reader's language.
CREATE OR REPLACE FUNCTION rd.inquiry_link_change(p_id bigint, p_history bigint)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	q rd.inquiries := rd.inquiry_lock(p_id, NULL);
	h rd.history;
	e bigint;
BEGIN
	SELECT * INTO h FROM rd.history WHERE id = p_history;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'there is no change %', p_history USING ERRCODE = 'RD404';
	END IF;
	IF h.customer_id IS DISTINCT FROM q.customer_id THEN
		RAISE EXCEPTION 'change % is not about this inquiry''s customer', p_history
			USING ERRCODE = 'RD422';
	END IF;
	SELECT id INTO e FROM rd.inquiry_entries
	 WHERE inquiry_id = p_id AND kind = 'change_link' AND history_id = p_history;
	IF e IS NULL THEN
		INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, history_id)
		VALUES (p_id, 'change_link',
			left(coalesce(h.new_row ->> 'last_change',
				      h.new_row -> 'result' ->> 'summary', ''), 500),
			p_history)
		RETURNING id INTO e;
	END IF;
	RETURN e;
END
$$;
