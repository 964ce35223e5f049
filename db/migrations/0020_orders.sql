-- 0020_orders.sql: order entry (issue 4): inserts chosen by rules, payment
-- methods barred per customer, bundling with a subscription delivery, and
-- the postal-code table (KEN_ALL import and cached service answers).
--
-- Ordering itself needs no new table: rd.orders, rd.order_lines and
-- rd.subscriptions (0002) hold it. What store/order.c relies on:
--   * rd.orders.request_id UNIQUE: the submit is
--       INSERT ... ON CONFLICT (request_id) DO NOTHING RETURNING id
--     and, when no row comes back, the order that request already made is
--     read back: a double Enter, a retry after a lost connection, or the
--     same request from two terminals at once makes exactly one order;
--   * the customer figures (ltv, order_count, ...) follow the orders
--     through the triggers of 0010 (customer search), not through code here.
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.
-- Depends only on 0001-0006.

-- ---------------------------------------------------------------------------
-- Settings an order needs beyond those of 0006

INSERT INTO rd.settings (key, value, description) VALUES
	('latest_delivery_days', '90',
	 'The latest delivery date a new order can ask for, in days from today'),
	('subscription_free_shipping', 'true',
	 'An order that starts a subscription ships free (true or false)'),
	('postal_cache_days', '365',
	 'Answers of the postal-code service are reused for this many days')
ON CONFLICT (key) DO NOTHING;

-- ---------------------------------------------------------------------------
-- Never a card number: core/pricing refuses one before anything is sent;
-- should any client get one past it, the database refuses the row (any
-- run of 15 or more digits, spaces or dashes between them allowed).

ALTER TABLE rd.orders
	ADD CONSTRAINT orders_card_token_no_pan
		CHECK (card_token !~ '[0-9]([ -]?[0-9]){14}'),
	ADD CONSTRAINT orders_notes_no_pan
		CHECK (notes !~ '[0-9]([ -]?[0-9]){14}');

-- ---------------------------------------------------------------------------
-- Inserts (同梱物): flyers and samples that go into the box

-- A rule puts its insert into an order's box when every condition that is
-- set holds; a rule without conditions goes into every box. core/pricing
-- evaluates them (pricing_insert_matches), the same code for the screen's
-- confirmation and for the saved order.
CREATE TABLE rd.insert_rules (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]*$'
					 AND length(code) <= 31),
	name text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 60),
	-- conditions (NULL / false: not a condition)
	first_order boolean NOT NULL DEFAULT false,   -- the customer's first order
	delivery_no int CHECK (delivery_no >= 1),     -- this delivery of a subscription
	sku text REFERENCES rd.products (sku) ON UPDATE CASCADE,  -- bought this
	min_total bigint CHECK (min_total >= 0),      -- goods total (tax incl.) at least
	priority int NOT NULL DEFAULT 100,            -- smaller goes in first
	active boolean NOT NULL DEFAULT true,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX insert_rules_sku_idx ON rd.insert_rules (sku);

-- The inserts chosen for an order when it was taken: the warehouse packs
-- these, and a later change of the rules does not change a saved order.
CREATE TABLE rd.order_inserts (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	order_id bigint NOT NULL REFERENCES rd.orders (id) ON DELETE CASCADE,
	rule_id bigint REFERENCES rd.insert_rules (id),
	code text NOT NULL,
	name text NOT NULL,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (order_id, code)
);
CREATE INDEX order_inserts_rule_id_idx ON rd.order_inserts (rule_id);

-- ---------------------------------------------------------------------------
-- Payment methods a customer may no longer use (unpaid deferred invoices,
-- refused cash-on-delivery parcels): an active row refuses that method.

CREATE TABLE rd.payment_bars (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	customer_id bigint NOT NULL REFERENCES rd.customers (id),
	payment text NOT NULL CHECK (payment IN ('card', 'cod', 'deferred', 'bank')),
	reason text NOT NULL CHECK (btrim(reason) <> ''),
	active boolean NOT NULL DEFAULT true,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (customer_id, payment)
);

-- ---------------------------------------------------------------------------
-- Bundling (同梱) with a subscription delivery that has no order yet: the
-- new order names the subscription and ships on that delivery's date; the
-- shipment run that makes the delivery's order (issue 5) gives both one
-- bundle_id. Bundling with an existing order sets bundle_id at once: every
-- order of a bundle carries the id of the bundle's first order.

ALTER TABLE rd.orders
	ADD COLUMN bundle_subscription_id bigint REFERENCES rd.subscriptions (id);
CREATE INDEX orders_bundle_subscription_id_idx ON rd.orders (bundle_subscription_id);
-- the undelivered orders of a customer, which bundling looks for
CREATE INDEX orders_open_customer_idx ON rd.orders (customer_id, desired_date)
	WHERE status IN ('received', 'confirmed');

-- ---------------------------------------------------------------------------
-- Postal codes: prefecture, city and town of a 7-digit code. Rows come
-- from the national KEN_ALL file (`repeatdesk postal import`, source
-- 'ken_all') or are answers of the configured postal-code service cached
-- by rd.postal_cache (source 'service'). A lookup reads ken_all rows
-- first; one code may name several towns.

CREATE TABLE rd.postal_codes (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	postal_code rd.postal_code NOT NULL,
	prefecture rd.prefecture NOT NULL,
	city text NOT NULL CHECK (btrim(city) <> '' AND length(city) <= 60),
	town text NOT NULL DEFAULT '' CHECK (length(town) <= 120),
	source text NOT NULL CHECK (source IN ('ken_all', 'service')),
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (postal_code, source, prefecture, city, town)
);

-- Caches one answer of the postal-code service. Desk roles may not write
-- rd.postal_codes directly (that would let them forge the national data);
-- this function writes service rows only, and refreshes updated_at of a
-- row it already has so that the cache age counts from the last answer.
CREATE FUNCTION rd.postal_cache(p_code text, p_prefecture text, p_city text,
				p_town text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	INSERT INTO rd.postal_codes (postal_code, prefecture, city, town, source)
	VALUES (p_code, p_prefecture, p_city, coalesce(p_town, ''), 'service')
	ON CONFLICT (postal_code, source, prefecture, city, town)
	DO UPDATE SET updated_at = now()
	WHERE rd.postal_codes.updated_at < now() - interval '1 day';
END
$$;

REVOKE ALL ON FUNCTION rd.postal_cache(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.postal_cache(text, text, text, text) TO rd_operator;

-- ---------------------------------------------------------------------------
-- Who may do what (see 0004 for the pattern)

GRANT SELECT ON rd.insert_rules, rd.order_inserts, rd.payment_bars,
	rd.postal_codes TO rd_operator;
GRANT INSERT, DELETE ON rd.order_inserts TO rd_operator;
GRANT INSERT, UPDATE ON rd.insert_rules, rd.payment_bars TO rd_supervisor;
-- `postal import` replaces the national rows; the cluster owner does it in
-- bulk, a supervisor row by row (with history)
GRANT INSERT, DELETE ON rd.postal_codes TO rd_supervisor;

-- ---------------------------------------------------------------------------
-- Bookkeeping and history: inserts belong to a customer through their order

SELECT rd.attach_history('rd.order_inserts', 'rd.orders', 'order_id');
SELECT rd.attach_all();
