-- 0073_retention_outcomes.sql: a 解約予約 keeps the customer's reason, and
-- a cancel that did not happen still records the retention conversation
-- (issue 10, section 2).
--
--   subscription_reservations.cancel_reason  the reason the customer gave
--       for a reserved cancellation; the shipment run applies it when the
--       reservation fires (before, the subscription got "reserved
--       cancellation (reservation N)" instead).
--   retention_offers.outcome  also 'not_cancelled' (the customer heard
--       the offers and left it: nothing changes) and 'refused' (a rule
--       refused the cancellation: detail says which); the offers made are
--       kept either way.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

ALTER TABLE rd.subscription_reservations
	ADD COLUMN cancel_reason text CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500);

ALTER TABLE rd.retention_offers DROP CONSTRAINT retention_offers_outcome_check;
ALTER TABLE rd.retention_offers ADD CONSTRAINT retention_offers_outcome_check
	CHECK (outcome IN ('kept', 'changed', 'cancelled', 'not_cancelled', 'refused'));
