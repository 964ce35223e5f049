-- 0006_settings.sql: default business rules. A database that already has
-- a value keeps it. Days are calendar days; money is yen (tax included
-- where it is a fee the customer pays).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

INSERT INTO rd.settings (key, value, description) VALUES
	('business_timezone', 'Asia/Tokyo',
	 'Time zone in which business dates (order date, delivery date) are reckoned'),
	('cutoff_days', '5',
	 'A delivery can no longer be changed this many days before its date (picking starts)'),
	('earliest_delivery_days', '2',
	 'The earliest delivery date a new order can ask for, in days from today'),
	('shipping_fee', '600', 'Shipping fee per order, yen'),
	('free_shipping_threshold', '5000',
	 'Orders whose goods total at least this much (yen, tax included) ship free'),
	('cod_fee', '330', 'Cash-on-delivery fee, yen'),
	('bundling_window_days', '3',
	 'Offer to ship together (同梱) with an order or delivery this many days away'),
	('max_consecutive_skips', '2',
	 'How many deliveries in a row a subscription may skip'),
	('min_deliveries_before_cancel', '3',
	 'Deliveries a subscription must receive before it can be cancelled without a fee'),
	('early_cancel_fee', '2000',
	 'Fee for cancelling before min_deliveries_before_cancel deliveries, yen'),
	('max_pause_months', '3', 'Longest pause of a subscription, months'),
	('resume_lead_days', '7',
	 'A resumed subscription delivers no earlier than this many days after resuming'),
	('rfm_r_days', '30,60,120,240',
	 'Recency score 5/4/3/2 when the last order is at most this many days ago, else 1'),
	('rfm_f_orders', '10,5,3,2',
	 'Frequency score 5/4/3/2 from at least this many orders, else 1'),
	('rfm_m_yen', '100000,50000,20000,10000',
	 'Monetary score 5/4/3/2 from at least this lifetime value (yen), else 1')
ON CONFLICT (key) DO NOTHING;
