-- bench/reports_topup.sql: brings a seeded database up to the issue 13
-- scale (3,000,000 orders) and gives the retention report conversations
-- to count (the demo seed makes no retention offers). Run once by
-- bench/reports.sh as the cluster's superuser; does nothing when the
-- orders are already 3,000,000 or more.
--
-- The extra orders are repeat one-off orders: copies of existing one-off
-- orders 30-400 days later (never after today), with their totals (no
-- order lines: the reports count totals). They go through the triggers,
-- so the customers' figures and the history are as real writes leave
-- them.
\set ON_ERROR_STOP on
SELECT set_config('repeatdesk.reason', 'bench top-up', false);

SELECT count(*) < 3000000 AS need, 3000000 - count(*) AS missing FROM rd.orders \gset
\if :need
INSERT INTO rd.orders (customer_id, status, order_date, time_slot, payment,
		       card_token, card_last4, media_code, subtotal_10, subtotal_8,
		       tax_10, tax_8, shipping_fee, cod_fee, total)
SELECT o.customer_id, 'delivered', d.day, o.time_slot, o.payment, o.card_token,
       o.card_last4, o.media_code, o.subtotal_10, o.subtotal_8, o.tax_10,
       o.tax_8, o.shipping_fee, o.cod_fee, o.total
  FROM (SELECT *, row_number() OVER () AS n
	  FROM rd.orders
	 WHERE subscription_id IS NULL AND status = 'delivered') o
 CROSS JOIN LATERAL (SELECT least(o.order_date + 30 + (o.n % 370)::int,
				  rd.customer_today()) AS day) d
 WHERE o.n <= :missing;
\endif

SELECT count(*) = 0 AS no_offers FROM rd.retention_offers \gset
\if :no_offers
-- every cancelled subscription heard offers; one in five active ones
-- asked to cancel and was kept by a skip, a pause or a longer cycle
INSERT INTO rd.retention_offers (subscription_id, customer_id, offered, accepted,
				 outcome, delivery_count, agent, created_at)
SELECT s.id, s.customer_id, ARRAY['skip', 'pause', 'cycle'],
       CASE WHEN s.status = 'cancelled' THEN NULL
	    ELSE (ARRAY['skip', 'pause', 'cycle'])[1 + s.id % 3] END,
       CASE WHEN s.status = 'cancelled' THEN 'cancelled' ELSE 'changed' END,
       s.delivery_count,
       (SELECT a.login FROM rd.agents a ORDER BY a.id
	 OFFSET s.id % greatest(1, (SELECT count(*) FROM rd.agents)) LIMIT 1),
       coalesce(s.cancelled_on, rd.customer_today() - (s.id % 365)::int)::timestamptz
  FROM rd.subscriptions s
 WHERE s.status = 'cancelled' OR s.id % 5 = 0;
\endif
ANALYZE rd.orders;
ANALYZE rd.retention_offers;
