-- 0030_subscription_requests.sql: what subscription requests (issue 5)
-- need beyond 0002: the rules of settings, closed days, reservations,
-- retention offers for reporting, request ids for idempotency, and the
-- database's own check that only a supervisor cancels before the minimum.
--
-- What store/subscription.c relies on:
--   * every request is one transaction: UPDATE rd.subscriptions ...
--     WHERE id = $1 AND version = $2 (zero rows: someone else changed it),
--     its skips, reservation or retention offer, and its row in
--     rd.subscription_requests commit together or not at all;
--   * rd.subscriptions.next_date is the NOMINAL date of the next delivery
--     that is made (never a skipped slot); the day it is delivered is the
--     next open day (closed_weekdays, rd.holidays), computed by core/cycle;
--   * rd.subscription_skips rows are the skipped slots (nominal date, the
--     delivery number the slot would have had);
--   * last_change says, in words, what the last request did: the history
--     row of every request then names it, and a conflict message can say
--     what the other agent did.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- ---------------------------------------------------------------------------
-- Settings

INSERT INTO rd.settings (key, value, description) VALUES
	('closed_weekdays', '',
	 'Weekdays on which nothing is delivered (e.g. sun or sat,sun); a delivery moves to the next open day'),
	('max_quantity_per_line', '20',
	 'Largest quantity of one product in a subscription'),
	('retention_discount_percent', '10',
	 'Discount (%) an agent may offer to keep a customer who wants to cancel'),
	('retention_discount_deliveries', '1',
	 'How many deliveries the retention discount applies to')
ON CONFLICT (key) DO NOTHING;

-- ---------------------------------------------------------------------------
-- Subscriptions

ALTER TABLE rd.subscriptions
	ADD COLUMN discount_percent smallint NOT NULL DEFAULT 0
		CHECK (discount_percent BETWEEN 0 AND 50),
	ADD COLUMN discount_remaining int NOT NULL DEFAULT 0
		CHECK (discount_remaining BETWEEN 0 AND 99),
	ADD COLUMN last_change text,
	ADD CHECK ((discount_percent = 0) = (discount_remaining = 0));

-- the shipment run reads paused subscriptions whose pause has ended
CREATE INDEX subscriptions_paused_next_date_idx ON rd.subscriptions (next_date)
	WHERE status = 'paused';

-- Only a supervisor cancels a subscription that has had fewer deliveries
-- than min_deliveries_before_cancel (the application asks for the
-- override and records it; this makes sure no other path gets around it).
-- SQLSTATE RD403: the store reports it as refused by a business rule.
CREATE FUNCTION rd.subscription_cancel_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	m int;
BEGIN
	IF NEW.status = 'cancelled' AND OLD.status IS DISTINCT FROM 'cancelled' THEN
		SELECT s.value::int INTO m FROM rd.settings s
		 WHERE s.key = 'min_deliveries_before_cancel';
		IF NEW.delivery_count < coalesce(m, 0)
		   AND NOT pg_has_role(session_user, 'rd_supervisor', 'MEMBER') THEN
			RAISE EXCEPTION 'only a supervisor can cancel a subscription before delivery % (min_deliveries_before_cancel)', m
				USING ERRCODE = 'RD403';
		END IF;
	END IF;
	RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION rd.subscription_cancel_guard() FROM PUBLIC;
CREATE TRIGGER rd_cancel_guard BEFORE UPDATE OF status ON rd.subscriptions
	FOR EACH ROW EXECUTE FUNCTION rd.subscription_cancel_guard();

-- ---------------------------------------------------------------------------
-- Closed days: a delivery due on one of them is made on the next open day.

CREATE TABLE rd.holidays (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	date date NOT NULL UNIQUE,
	name text NOT NULL DEFAULT '',
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Reservations (変更予約 / 解約予約): a change, pause or cancellation that
-- takes effect from a later delivery. payload is the request as
-- core/subrule writes it (subrule_request_to_json); the shipment run
-- applies it before it makes delivery from_delivery.

CREATE TABLE rd.subscription_reservations (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	subscription_id bigint NOT NULL REFERENCES rd.subscriptions (id),
	kind text NOT NULL CHECK (kind IN ('change', 'pause', 'cancel')),
	from_delivery int NOT NULL CHECK (from_delivery >= 1),
	from_date date NOT NULL,          -- that delivery's date when reserved
	payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
	summary text NOT NULL CHECK (btrim(summary) <> ''),
	status text NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'applied', 'cancelled')),
	note text,                        -- what applying it did, or why it was cancelled
	created_by text NOT NULL DEFAULT session_user,
	request_id uuid,
	applied_at timestamptz,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK ((status = 'applied') = (applied_at IS NOT NULL))
);
CREATE INDEX subscription_reservations_subscription_id_idx
	ON rd.subscription_reservations (subscription_id, status, from_delivery);

-- ---------------------------------------------------------------------------
-- Retention offers: before a cancellation the agent offers alternatives;
-- what was offered and what came of it is kept for reporting
-- (continuation by delivery number: delivery_count is the number reached).

CREATE TABLE rd.retention_offers (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	subscription_id bigint NOT NULL REFERENCES rd.subscriptions (id),
	customer_id bigint NOT NULL REFERENCES rd.customers (id),
	offered text[] NOT NULL
		CHECK (offered <@ ARRAY['skip', 'pause', 'cycle', 'fewer', 'discount']),
	accepted text CHECK (accepted IN ('skip', 'pause', 'cycle', 'fewer', 'discount')),
	outcome text NOT NULL CHECK (outcome IN ('kept', 'changed', 'cancelled')),
	detail text NOT NULL DEFAULT '',  -- "changed to": the request in words
	delivery_count int NOT NULL CHECK (delivery_count >= 0),
	deliveries_owed int NOT NULL DEFAULT 0 CHECK (deliveries_owed >= 0),
	fee int NOT NULL DEFAULT 0 CHECK (fee >= 0),
	-- a supervisor cancelled before min_deliveries_before_cancel
	override boolean NOT NULL DEFAULT false,
	agent text NOT NULL DEFAULT session_user,
	request_id uuid,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK ((outcome = 'changed') = (accepted IS NOT NULL)),
	CHECK (NOT override OR outcome = 'cancelled'),
	CHECK (fee = 0 OR outcome = 'cancelled')
);
CREATE INDEX retention_offers_subscription_id_idx ON rd.retention_offers (subscription_id);
CREATE INDEX retention_offers_customer_id_idx ON rd.retention_offers (customer_id);
CREATE INDEX retention_offers_outcome_idx ON rd.retention_offers (created_at, outcome);

-- ---------------------------------------------------------------------------
-- Requests by id: a retried request (same request_id) is applied once and
-- answers with the result stored here. The row is written last, in the
-- request's own transaction: a request that failed or was refused leaves
-- none, and two retries at once meet on the UNIQUE index.

CREATE TABLE rd.subscription_requests (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	request_id uuid NOT NULL UNIQUE,
	subscription_id bigint NOT NULL REFERENCES rd.subscriptions (id),
	kind text NOT NULL CHECK (kind IN ('skip', 'unskip', 'pause', 'resume', 'change',
					   'cancel', 'keep', 'reserve', 'unreserve')),
	result jsonb NOT NULL CHECK (jsonb_typeof(result) = 'object'),
	agent text NOT NULL DEFAULT session_user,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_requests_subscription_id_idx
	ON rd.subscription_requests (subscription_id);

-- ---------------------------------------------------------------------------
-- Access (0004's table, continued)
--   holidays                      SELECT          supervisor: INSERT UPDATE DELETE
--   subscription_reservations     SELECT          agent: INSERT UPDATE
--   retention_offers,
--   subscription_requests         SELECT          agent: INSERT

GRANT SELECT ON rd.holidays, rd.subscription_reservations, rd.retention_offers,
	rd.subscription_requests TO rd_operator;
GRANT INSERT, UPDATE ON rd.subscription_reservations TO rd_agent;
GRANT INSERT ON rd.retention_offers, rd.subscription_requests TO rd_agent;
GRANT INSERT, UPDATE, DELETE ON rd.holidays TO rd_supervisor;

-- ---------------------------------------------------------------------------
-- History: reservations and requests belong to the subscription's
-- customer; the others are attached as they are (retention_offers carries
-- customer_id itself).
SELECT rd.attach_history('rd.subscription_reservations', 'rd.subscriptions', 'subscription_id');
SELECT rd.attach_history('rd.subscription_requests', 'rd.subscriptions', 'subscription_id');
SELECT rd.attach_all();
