-- 0035_shipments.sql: what the shipment run (issue 5, item 6) needs:
-- its window setting and the key that makes each delivery's order once.
--
-- What store/shipment.c relies on:
--   * rd.orders (subscription_id, delivery_no) is UNIQUE: the run inserts
--     a batch of delivery orders with
--       INSERT ... ON CONFLICT (subscription_id, delivery_no) DO NOTHING
--     so that two runs at once, or a run after one that was killed, never
--     make a delivery's order twice (one-off orders have no delivery
--     number: NULLs never conflict). It replaces the plain index of 0002
--     on the same columns.
--   * a batch (orders, lines, inserts, bundles, reservations applied and
--     the subscriptions advanced) is one transaction, whose history rows
--     carry the reason "shipment run YYYY-MM-DD" and the run's request id.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

INSERT INTO rd.settings (key, value, description) VALUES
	('shipment_window_days', '5',
	 'The shipment run of a day makes the orders of the subscription deliveries due up to this many days later (normally cutoff_days: picking starts then)')
ON CONFLICT (key) DO NOTHING;

CREATE UNIQUE INDEX orders_subscription_delivery_key
	ON rd.orders (subscription_id, delivery_no);
DROP INDEX rd.orders_subscription_id_idx;
