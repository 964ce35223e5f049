-- bench/reports_topup.sql: gives the retention report conversations to
-- count in a database seeded before `db seed` made them. Run by
-- bench/reports.sh as the cluster's superuser; does nothing when there
-- are offers already. The rows go through the triggers (history
-- included), as real writes leave them.
\set ON_ERROR_STOP on
SELECT set_config('repeatdesk.reason', 'bench top-up', false);

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
ANALYZE rd.retention_offers;
