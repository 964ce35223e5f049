-- 0005_live.sql: live updates for terminals that LISTEN.
--
-- Channels and payloads (json, small; terminals re-read what they show):
--   rd_inquiry   {"table":"inquiries"|"inquiry_entries","op":…,"id":…,
--                 "inquiry_id":…,"customer_id":…}
--   rd_customer  {"table":"customers","op":"UPDATE","id":…,"version":…}
-- Notifications are delivered at commit, never for a rolled-back change,
-- and are lost while a terminal is disconnected (it re-reads on reconnect).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE FUNCTION rd.notify_inquiry() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
	r record;
	inq bigint;
	cust bigint;
BEGIN
	IF TG_OP = 'DELETE' THEN
		r := OLD;
	ELSE
		r := NEW;
	END IF;
	IF TG_TABLE_NAME = 'inquiries' THEN
		inq := r.id;
		cust := r.customer_id;
	ELSE
		inq := r.inquiry_id;
		SELECT i.customer_id INTO cust FROM rd.inquiries i WHERE i.id = inq;
	END IF;
	PERFORM pg_catalog.pg_notify('rd_inquiry', pg_catalog.json_build_object(
		'table', TG_TABLE_NAME, 'op', TG_OP, 'id', r.id,
		'inquiry_id', inq, 'customer_id', cust)::text);
	RETURN NULL;
END
$$;

CREATE FUNCTION rd.notify_customer() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	PERFORM pg_catalog.pg_notify('rd_customer', pg_catalog.json_build_object(
		'table', TG_TABLE_NAME, 'op', TG_OP, 'id', NEW.id,
		'version', NEW.version)::text);
	RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION rd.notify_inquiry(), rd.notify_customer() FROM PUBLIC;

CREATE TRIGGER rd_notify AFTER INSERT OR UPDATE OR DELETE ON rd.inquiries
	FOR EACH ROW EXECUTE FUNCTION rd.notify_inquiry();
CREATE TRIGGER rd_notify AFTER INSERT OR UPDATE OR DELETE ON rd.inquiry_entries
	FOR EACH ROW EXECUTE FUNCTION rd.notify_inquiry();
CREATE TRIGGER rd_notify AFTER UPDATE ON rd.customers
	FOR EACH ROW EXECUTE FUNCTION rd.notify_customer();
