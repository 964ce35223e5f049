-- 0071_live_records.sql: the card, the order screen and the subscription
-- screen follow changes made on other terminals (issue 10, section 4).
--
-- Channel and payload (json, small; terminals re-read what they show):
--   rd_record  {"table":…, "op":…, "id":…, "customer_id":…,
--               "order_id":…, "subscription_id":…}
-- customer_id, order_id and subscription_id come from the row itself
-- (customers: its id; orders: its id as order_id; subscriptions: its id as
-- subscription_id); a line or skip names its parent, whose terminals
-- re-read. Delivered at commit, never for a rolled-back change; lost while
-- a terminal is disconnected (it re-reads on reconnect, as with 0005).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE FUNCTION rd.notify_record() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	r jsonb;
BEGIN
	IF TG_OP = 'DELETE' THEN
		r := to_jsonb(OLD);
	ELSE
		r := to_jsonb(NEW);
	END IF;
	PERFORM pg_notify('rd_record', json_build_object(
		'table', TG_TABLE_NAME, 'op', TG_OP, 'id', (r ->> 'id')::bigint,
		'customer_id', CASE WHEN TG_TABLE_NAME = 'customers' THEN (r ->> 'id')::bigint
				    ELSE (r ->> 'customer_id')::bigint END,
		'order_id', CASE WHEN TG_TABLE_NAME = 'orders' THEN (r ->> 'id')::bigint
				 ELSE (r ->> 'order_id')::bigint END,
		'subscription_id', CASE WHEN TG_TABLE_NAME = 'subscriptions' THEN (r ->> 'id')::bigint
					ELSE (r ->> 'subscription_id')::bigint END)::text);
	RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION rd.notify_record() FROM PUBLIC;

CREATE TRIGGER rd_notify_record AFTER INSERT OR UPDATE OR DELETE ON rd.customers
	FOR EACH ROW EXECUTE FUNCTION rd.notify_record();
CREATE TRIGGER rd_notify_record AFTER INSERT OR UPDATE OR DELETE ON rd.customer_addresses
	FOR EACH ROW EXECUTE FUNCTION rd.notify_record();
CREATE TRIGGER rd_notify_record AFTER INSERT OR UPDATE OR DELETE ON rd.orders
	FOR EACH ROW EXECUTE FUNCTION rd.notify_record();
CREATE TRIGGER rd_notify_record AFTER INSERT OR UPDATE OR DELETE ON rd.order_lines
	FOR EACH ROW EXECUTE FUNCTION rd.notify_record();
CREATE TRIGGER rd_notify_record AFTER INSERT OR UPDATE OR DELETE ON rd.subscriptions
	FOR EACH ROW EXECUTE FUNCTION rd.notify_record();
CREATE TRIGGER rd_notify_record AFTER INSERT OR UPDATE OR DELETE ON rd.subscription_lines
	FOR EACH ROW EXECUTE FUNCTION rd.notify_record();
CREATE TRIGGER rd_notify_record AFTER INSERT OR UPDATE OR DELETE ON rd.subscription_skips
	FOR EACH ROW EXECUTE FUNCTION rd.notify_record();
CREATE TRIGGER rd_notify_record AFTER INSERT OR UPDATE OR DELETE ON rd.subscription_reservations
	FOR EACH ROW EXECUTE FUNCTION rd.notify_record();
