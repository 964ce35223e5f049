-- 0072_inquiry_cutoff_follow.sql: an inquiry's deadline follows its
-- delivery (issue 10, section 2).
--
-- 0040 derives an inquiry's cutoff_at from its subscription's next
-- delivery when the inquiry is opened, and due_at = least(created_at +
-- SLA, cutoff_at). When the delivery moves (skip, pause, change of date
-- or cycle, resume, cancel), the open inquiries about that subscription
-- now move with it: cutoff_at is derived again, and a due_at that was
-- derived (the old cut-off, or created_at + SLA) is derived again; a
-- due_at someone set by hand stays. A callback promised after the new
-- cut-off is flagged again (the queues compute callback_after_cutoff from
-- cutoff_at) and the inquiry's timeline says so in a note.
--
-- The trigger runs as the table owner (SECURITY DEFINER: the agent who
-- skips need not be allowed to write the inquiry's deadline) and writes
-- through rd.inquiries, so the inquiry's own guard, history and live
-- notification apply as for any change.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE FUNCTION rd.inquiry_follow_cutoff() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	c timestamptz := rd.inquiry_cutoff(NEW.id);
	q record;
	sla interval;
	tz text := rd.inquiry_setting('business_timezone', 'Asia/Tokyo');
BEGIN
	FOR q IN SELECT i.id, i.cutoff_at, i.due_at, i.created_at, i.category, i.callback_at
		   FROM rd.inquiries i
		  WHERE i.subscription_id = NEW.id AND i.status NOT IN ('resolved', 'closed')
		    AND i.cutoff_at IS DISTINCT FROM c
		  ORDER BY i.id FOR UPDATE LOOP
		sla := rd.inquiry_sla(q.category);
		UPDATE rd.inquiries
		   SET cutoff_at = c,
		       due_at = CASE WHEN q.due_at IS NULL OR q.due_at = q.cutoff_at
					  OR q.due_at = q.created_at + sla
				     THEN least(q.created_at + sla, c)
				     ELSE q.due_at END
		 WHERE id = q.id;
		IF q.callback_at IS NOT NULL AND c IS NOT NULL AND q.callback_at > c
		   AND (q.cutoff_at IS NULL OR q.callback_at <= q.cutoff_at) THEN
			INSERT INTO rd.inquiry_entries (inquiry_id, kind, body)
			VALUES (q.id, 'note', format(
				'The delivery moved: its cut-off is now %s, before the callback promised for %s. Call back earlier.',
				to_char(c AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
				to_char(q.callback_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI')));
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION rd.inquiry_follow_cutoff() FROM PUBLIC;

CREATE TRIGGER rd_inquiry_cutoff AFTER UPDATE OF next_date, status ON rd.subscriptions
	FOR EACH ROW
	WHEN (OLD.next_date IS DISTINCT FROM NEW.next_date OR OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION rd.inquiry_follow_cutoff();
