-- 0002_core.sql: the business tables.
--
-- Conventions every business table follows (check_schema proves them):
--   id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY (settings: key);
--   version int: optimistic locking. The application updates with
--     UPDATE ... WHERE id = $1 AND version = $2 and treats zero rows as
--     "someone else changed it". The rd_touch trigger (0003) sets
--     NEW.version = OLD.version + 1 on EVERY update, whatever the statement
--     says, so a change made with plain SQL (psql, a script) also moves the
--     version and a terminal holding the old version cannot overwrite it;
--   created_at / updated_at: updated_at is set by the same trigger;
--   enumerations are text with a CHECK, so the database refuses garbage;
--   every foreign key has an index (lookups and ON DELETE checks).
--
-- Money is integer yen. Consumption tax rates are 10 or 8 (%).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- Trigram search indexes arrive with later issues. pg_trgm is a trusted
-- extension (a database owner may create it); it goes to public so that
-- REVOKEs on schema rd never touch its functions.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- Human-readable codes (C0000001, O00000001) come from sequences through
-- this function. It never truncates: past the width the code just grows.
CREATE FUNCTION rd.next_code(prefix text, seq regclass, width int)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	n text := nextval(seq)::text;
BEGIN
	RETURN prefix || lpad(n, greatest(width, length(n)), '0');
END
$$;

CREATE SEQUENCE rd.customer_code_seq AS bigint;
CREATE SEQUENCE rd.order_no_seq AS bigint;

-- Normalized values (core/normalize produces them; these refuse what was
-- not normalized). A CHECK on a domain fails with check_violation like any.
-- A reading as normalize_kana(…, SINGLE) stores it: full-width katakana
-- (with ー ・ ヽ ヾ), words separated by single ASCII spaces.
CREATE DOMAIN rd.kana AS text
	CHECK (VALUE ~ '^[\u30A1-\u30FE]+( [\u30A1-\u30FE]+)*$');
-- A domestic phone number as digits: 10, or 11 for 0A0 numbers (mobile, IP).
CREATE DOMAIN rd.phone AS text CHECK (VALUE ~ '^0[0-9]{9,10}$');
CREATE DOMAIN rd.postal_code AS text CHECK (VALUE ~ '^[0-9]{7}$');
CREATE DOMAIN rd.prefecture AS text CHECK (VALUE IN (
	'北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県',
	'茨城県', '栃木県', '群馬県', '埼玉県', '千葉県', '東京都', '神奈川県',
	'新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県',
	'静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県',
	'奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県',
	'徳島県', '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県',
	'熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県'));

-- ---------------------------------------------------------------------------
-- People at the desk

CREATE TABLE rd.teams (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name text NOT NULL UNIQUE CHECK (btrim(name) <> ''),
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per person; login is also the name of their PostgreSQL role.
-- Rows are created and switched on/off through rd.agent_add and friends
-- (0004), which keep the role and the row in step.
CREATE TABLE rd.agents (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	login text NOT NULL UNIQUE
		CHECK (login ~ '^[a-z][a-z0-9_]{1,30}$'
		       AND login !~ '^(rd|pg)_'),
	display_name text NOT NULL CHECK (btrim(display_name) <> ''),
	role text NOT NULL CHECK (role IN ('operator', 'agent', 'supervisor')),
	team_id bigint REFERENCES rd.teams (id),
	active boolean NOT NULL DEFAULT true,
	password_changed_at timestamptz,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agents_team_id_idx ON rd.agents (team_id);

-- Business rules the desk can tune without a release.
CREATE TABLE rd.settings (
	key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]*$'),
	value text NOT NULL,
	description text NOT NULL DEFAULT '',
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Catalogue and advertising

CREATE TABLE rd.products (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	sku text NOT NULL UNIQUE CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9_-]*$'),
	name text NOT NULL CHECK (btrim(name) <> ''),
	price int NOT NULL CHECK (price >= 0),
	tax_rate smallint NOT NULL CHECK (tax_rate IN (8, 10)),
	subscription_price int CHECK (subscription_price >= 0),
	upsell_sku text REFERENCES rd.products (sku) ON UPDATE CASCADE,
	active boolean NOT NULL DEFAULT true,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK (upsell_sku IS DISTINCT FROM sku)
);
CREATE INDEX products_upsell_sku_idx ON rd.products (upsell_sku);

-- Advertising codes: which advertisement brought an order.
CREATE TABLE rd.media (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]*$'),
	name text NOT NULL CHECK (btrim(name) <> ''),
	channel text NOT NULL CHECK (btrim(channel) <> ''),
	cost bigint NOT NULL DEFAULT 0 CHECK (cost >= 0),
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Customers

-- Stored normalized (core/normalize): phone numbers as digits only, a
-- katakana reading, a lower-case e-mail, the postal code as 7 digits.
CREATE TABLE rd.customers (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code text NOT NULL UNIQUE
		DEFAULT rd.next_code('C', 'rd.customer_code_seq', 7)
		CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]*$'),
	name text NOT NULL CHECK (btrim(name) <> ''),
	name_kana rd.kana,
	phone1 rd.phone,
	phone2 rd.phone,
	email text CHECK (email = lower(email) AND octet_length(email) <= 254
			  AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
	postal_code rd.postal_code,
	prefecture rd.prefecture,
	address1 text,  -- city, ward, town, block
	address2 text,  -- building, room
	birth_date date CHECK (birth_date >= DATE '1900-01-01'),
	gender text CHECK (gender IN ('f', 'm', 'x')),
	no_dm boolean NOT NULL DEFAULT false,
	no_call boolean NOT NULL DEFAULT false,
	no_email boolean NOT NULL DEFAULT false,
	notes text NOT NULL DEFAULT '',
	-- figures kept up to date by later issues (orders, nightly RFM)
	ltv bigint NOT NULL DEFAULT 0,
	order_count int NOT NULL DEFAULT 0 CHECK (order_count >= 0),
	first_order_date date,
	last_order_date date,
	rfm_r smallint CHECK (rfm_r BETWEEN 1 AND 5),
	rfm_f smallint CHECK (rfm_f BETWEEN 1 AND 5),
	rfm_m smallint CHECK (rfm_m BETWEEN 1 AND 5),
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_phone1_idx ON rd.customers (phone1);
CREATE INDEX customers_phone2_idx ON rd.customers (phone2);
CREATE INDEX customers_email_idx ON rd.customers (email);
CREATE INDEX customers_postal_code_idx ON rd.customers (postal_code);

-- Where else a customer has things delivered (a gift recipient, an office).
CREATE TABLE rd.customer_addresses (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	customer_id bigint NOT NULL REFERENCES rd.customers (id),
	label text NOT NULL DEFAULT '',
	name text NOT NULL CHECK (btrim(name) <> ''),
	name_kana rd.kana,
	phone rd.phone,
	postal_code rd.postal_code NOT NULL,
	prefecture rd.prefecture NOT NULL,
	address1 text NOT NULL,
	address2 text,
	active boolean NOT NULL DEFAULT true,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_addresses_customer_id_idx ON rd.customer_addresses (customer_id);

-- ---------------------------------------------------------------------------
-- Subscriptions (before orders: an order can be a subscription's delivery)

CREATE TABLE rd.subscriptions (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	customer_id bigint NOT NULL REFERENCES rd.customers (id),
	status text NOT NULL DEFAULT 'active'
		CHECK (status IN ('active', 'paused', 'cancelled')),
	-- compact cycle spec ('45d', '2w:fri', '1m:15', '1m:2tue', '2m:last');
	-- core/cycle parses it, this CHECK only refuses what cannot be one.
	cycle text NOT NULL CHECK (cycle ~ '^[1-9][0-9]*[dwm](:[a-z0-9]+)?$'),
	first_interval text CHECK (first_interval ~ '^[1-9][0-9]*[dwm](:[a-z0-9]+)?$'),
	next_date date,
	delivery_count int NOT NULL DEFAULT 0 CHECK (delivery_count >= 0),
	paused_until date,
	payment text NOT NULL CHECK (payment IN ('card', 'cod', 'deferred', 'bank')),
	card_token text,
	card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$'),
	time_slot text NOT NULL DEFAULT 'none'
		CHECK (time_slot IN ('none', 'morning', '14-16', '16-18', '18-20', '19-21')),
	address_id bigint REFERENCES rd.customer_addresses (id),  -- NULL: the customer's own
	media_code text,
	started_on date NOT NULL DEFAULT current_date,
	cancelled_on date,
	cancel_reason text,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK (status <> 'cancelled' OR cancelled_on IS NOT NULL),
	CHECK (status <> 'paused' OR paused_until IS NOT NULL),
	CHECK (payment = 'card' OR (card_token IS NULL AND card_last4 IS NULL))
);
CREATE INDEX subscriptions_customer_id_idx ON rd.subscriptions (customer_id);
CREATE INDEX subscriptions_address_id_idx ON rd.subscriptions (address_id);
CREATE INDEX subscriptions_media_code_idx ON rd.subscriptions (media_code);
CREATE INDEX subscriptions_next_date_idx ON rd.subscriptions (next_date)
	WHERE status = 'active';

CREATE TABLE rd.subscription_lines (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	subscription_id bigint NOT NULL REFERENCES rd.subscriptions (id) ON DELETE CASCADE,
	sku text NOT NULL REFERENCES rd.products (sku) ON UPDATE CASCADE,
	quantity int NOT NULL CHECK (quantity BETWEEN 1 AND 999),
	unit_price int NOT NULL CHECK (unit_price >= 0),
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_lines_subscription_id_idx ON rd.subscription_lines (subscription_id);
CREATE INDEX subscription_lines_sku_idx ON rd.subscription_lines (sku);

-- Deliveries the customer asked to skip: the delivery number and the date
-- it was due on.
CREATE TABLE rd.subscription_skips (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	subscription_id bigint NOT NULL REFERENCES rd.subscriptions (id) ON DELETE CASCADE,
	delivery_no int NOT NULL CHECK (delivery_no >= 1),
	date date NOT NULL,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (subscription_id, date)
);

-- ---------------------------------------------------------------------------
-- Orders

CREATE TABLE rd.orders (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	order_no text NOT NULL UNIQUE
		DEFAULT rd.next_code('O', 'rd.order_no_seq', 8)
		CHECK (order_no ~ '^[A-Za-z0-9][A-Za-z0-9_-]*$'),
	customer_id bigint NOT NULL REFERENCES rd.customers (id),
	status text NOT NULL DEFAULT 'received'
		CHECK (status IN ('received', 'confirmed', 'shipped', 'delivered',
				  'cancelled', 'returned')),
	order_date date NOT NULL DEFAULT current_date,
	desired_date date,
	time_slot text NOT NULL DEFAULT 'none'
		CHECK (time_slot IN ('none', 'morning', '14-16', '16-18', '18-20', '19-21')),
	payment text NOT NULL CHECK (payment IN ('card', 'cod', 'deferred', 'bank')),
	-- a payment gateway's token and the last four digits; never a card number
	card_token text,
	card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$'),
	media_code text REFERENCES rd.media (code) ON UPDATE CASCADE,
	subscription_id bigint REFERENCES rd.subscriptions (id),
	delivery_no int CHECK (delivery_no >= 1),  -- nth delivery of the subscription
	subtotal_10 bigint NOT NULL DEFAULT 0 CHECK (subtotal_10 >= 0),
	subtotal_8 bigint NOT NULL DEFAULT 0 CHECK (subtotal_8 >= 0),
	tax_10 bigint NOT NULL DEFAULT 0 CHECK (tax_10 >= 0),
	tax_8 bigint NOT NULL DEFAULT 0 CHECK (tax_8 >= 0),
	shipping_fee int NOT NULL DEFAULT 0 CHECK (shipping_fee >= 0),
	cod_fee int NOT NULL DEFAULT 0 CHECK (cod_fee >= 0),
	total bigint NOT NULL DEFAULT 0 CHECK (total >= 0),
	-- the client's idempotency key: a retried "create" finds its order
	request_id uuid UNIQUE,
	ship_address_id bigint REFERENCES rd.customer_addresses (id),  -- NULL: the customer's own
	bundle_id bigint,  -- orders shipped in one box share it (同梱)
	notes text NOT NULL DEFAULT '',
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK (delivery_no IS NULL OR subscription_id IS NOT NULL),
	CHECK (payment = 'card' OR (card_token IS NULL AND card_last4 IS NULL))
);
CREATE INDEX orders_customer_id_idx ON rd.orders (customer_id, order_date DESC);
CREATE INDEX orders_media_code_idx ON rd.orders (media_code);
CREATE INDEX orders_subscription_id_idx ON rd.orders (subscription_id, delivery_no);
CREATE INDEX orders_ship_address_id_idx ON rd.orders (ship_address_id);
CREATE INDEX orders_bundle_id_idx ON rd.orders (bundle_id);
CREATE INDEX orders_order_date_idx ON rd.orders (order_date);

ALTER TABLE rd.subscriptions
	ADD FOREIGN KEY (media_code) REFERENCES rd.media (code) ON UPDATE CASCADE;

CREATE TABLE rd.order_lines (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	order_id bigint NOT NULL REFERENCES rd.orders (id) ON DELETE CASCADE,
	sku text NOT NULL REFERENCES rd.products (sku) ON UPDATE CASCADE,
	name text NOT NULL,  -- as sold, even if the product is renamed later
	quantity int NOT NULL CHECK (quantity BETWEEN 1 AND 999),
	unit_price int NOT NULL CHECK (unit_price >= 0),
	tax_rate smallint NOT NULL CHECK (tax_rate IN (8, 10)),
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_lines_order_id_idx ON rd.order_lines (order_id);
CREATE INDEX order_lines_sku_idx ON rd.order_lines (sku);

-- ---------------------------------------------------------------------------
-- Inquiries: the shared log of calls, mails and letters. Nobody deletes an
-- inquiry or an entry (no role has DELETE on them, 0004).

CREATE TABLE rd.inquiries (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	customer_id bigint REFERENCES rd.customers (id),  -- NULL: caller not identified
	order_id bigint REFERENCES rd.orders (id),
	subscription_id bigint REFERENCES rd.subscriptions (id),
	channel text NOT NULL
		CHECK (channel IN ('inbound_call', 'outbound_call', 'email', 'letter')),
	category text NOT NULL
		CHECK (category IN ('order', 'skip', 'pause', 'cycle_change', 'cancel',
				    'address_change', 'payment_change', 'complaint',
				    'question', 'other')),
	priority text NOT NULL DEFAULT 'normal'
		CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
	status text NOT NULL DEFAULT 'open'
		CHECK (status IN ('open', 'in_progress', 'waiting_customer',
				  'escalated', 'resolved', 'closed')),
	assignee_id bigint REFERENCES rd.agents (id),
	team_id bigint REFERENCES rd.teams (id),
	callback_at timestamptz,
	due_at timestamptz,
	subject text NOT NULL CHECK (btrim(subject) <> ''),
	opened_by text NOT NULL DEFAULT session_user,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inquiries_customer_id_idx ON rd.inquiries (customer_id, created_at DESC);
CREATE INDEX inquiries_order_id_idx ON rd.inquiries (order_id);
CREATE INDEX inquiries_subscription_id_idx ON rd.inquiries (subscription_id);
CREATE INDEX inquiries_assignee_id_idx ON rd.inquiries (assignee_id, status);
CREATE INDEX inquiries_team_id_idx ON rd.inquiries (team_id, status);
CREATE INDEX inquiries_open_idx ON rd.inquiries (status, priority, callback_at)
	WHERE status NOT IN ('resolved', 'closed');

-- history_id (links a 'change_link' entry to the change it talks about)
-- gets its foreign key in 0003, with the history table.
CREATE TABLE rd.inquiry_entries (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	inquiry_id bigint NOT NULL REFERENCES rd.inquiries (id),
	kind text NOT NULL
		CHECK (kind IN ('note', 'call', 'status_change', 'handoff',
				'escalation', 'change_link')),
	author text NOT NULL DEFAULT session_user,
	body text NOT NULL DEFAULT '',
	from_agent_id bigint REFERENCES rd.agents (id),
	to_agent_id bigint REFERENCES rd.agents (id),
	to_team_id bigint REFERENCES rd.teams (id),
	history_id bigint,
	version int NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inquiry_entries_inquiry_id_idx ON rd.inquiry_entries (inquiry_id, created_at);
CREATE INDEX inquiry_entries_from_agent_id_idx ON rd.inquiry_entries (from_agent_id);
CREATE INDEX inquiry_entries_to_agent_id_idx ON rd.inquiry_entries (to_agent_id);
CREATE INDEX inquiry_entries_to_team_id_idx ON rd.inquiry_entries (to_team_id);
CREATE INDEX inquiry_entries_history_id_idx ON rd.inquiry_entries (history_id);
