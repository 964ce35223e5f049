-- 0084_business_invariants.sql: the rules that money, status and
-- accountability rest on hold for plain SQL too (issue 11, class 6).
--
-- The store writes orders, lines and subscriptions with plain statements
-- under the desk roles' grants; the grants stay, and guard triggers refuse
-- what the terminal would never do. A guard checks only the columns it
-- names, so a column another migration adds stays writable as its grant
-- says. Every guard lets the owner's SECURITY DEFINER code and superuser
-- sessions through (rd.sec_trusted(), 0080): that is how the figures
-- trigger, the revert and the seeder write. doc/notes/security.md gives
-- the choice per table.
--
--   customers      ltv, order_count, first/last_order_date, rfm_r/f/m are
--                  the database's figures (0010/0021): nobody else writes
--                  them, nor starts a customer with figures.
--   orders         a new order is received; status moves only along
--                  received -> confirmed -> shipped -> delivered (the steps
--                  past confirmed: supervisors, for the warehouse), received|confirmed
--                  -> cancelled, shipped|delivered -> returned; a finished
--                  order (shipped, delivered, cancelled, returned) changes
--                  only its status; who, which, when (customer, number,
--                  order date, request id, subscription and delivery) never
--                  change; a desired date set now is not in the past (nor
--                  before the order date of a new one-off order: a late
--                  shipment run makes delivery orders for dates gone by).
--   order_lines    changed only while the order is received or confirmed;
--                  name, tax rate and unit price are the product's (list or
--                  subscription price, or the price of the order's
--                  subscription line), unless a supervisor writes the line
--                  (the history names them: the recorded override).
--   orders totals  at commit (a deferred constraint trigger, so lines may
--                  follow the order in the transaction), for a new order,
--                  changed lines or changed money columns: subtotals per rate
--                  are the lines' (a subscription delivery: between half
--                  and all of them, the retention discount), tax is
--                  rate% of the subtotal rounded down, total is goods + tax
--                  + every *_fee column.
--   subscriptions  a new one is active with no delivery made or one;
--                  next_date and paused_until are not set into the past
--                  (moving forward, as a late shipment run does, is
--                  allowed); delivery_count never goes down; a cancelled
--                  subscription stays cancelled; customer and start date
--                  never change; the retention discount is at most the
--                  setting's unless a supervisor sets it.
--   subscription_lines  unit price is the product's subscription or list
--                  price when a line is added or its price changed, unless
--                  a supervisor writes it.
--   inquiries      deadline (due_at, cutoff_at), resolved_at and category
--                  are the database's: a desk role's INSERT gets them
--                  computed; an UPDATE may only set them to what the
--                  database computes (rd.inquiry_cutoff / rd.inquiry_sla);
--                  the category changes through the wrap-up.
--
-- Errors: 42501 (not yours to write), RD422 (a rule refuses), 23514 (the
-- totals do not add up).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

-- ---------------------------------------------------------------------------
-- customers

CREATE FUNCTION rd.customer_figures_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
BEGIN
	IF rd.sec_trusted() THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'INSERT' THEN
		IF NEW.ltv <> 0 OR NEW.order_count <> 0 OR NEW.first_order_date IS NOT NULL
		   OR NEW.last_order_date IS NOT NULL OR NEW.rfm_r IS NOT NULL
		   OR NEW.rfm_f IS NOT NULL OR NEW.rfm_m IS NOT NULL THEN
			RAISE EXCEPTION 'a new customer has no figures: LTV, order count, order dates and RFM follow the orders'
				USING ERRCODE = 'insufficient_privilege';
		END IF;
	ELSIF (NEW.ltv, NEW.order_count, NEW.first_order_date, NEW.last_order_date,
	       NEW.rfm_r, NEW.rfm_f, NEW.rfm_m)
	      IS DISTINCT FROM (OLD.ltv, OLD.order_count, OLD.first_order_date,
				OLD.last_order_date, OLD.rfm_r, OLD.rfm_f, OLD.rfm_m) THEN
		RAISE EXCEPTION 'a customer''s LTV, order count, order dates and RFM follow the orders; they are not written by hand'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER rd_figures_guard BEFORE INSERT OR UPDATE ON rd.customers
	FOR EACH ROW EXECUTE FUNCTION rd.customer_figures_guard();

-- ---------------------------------------------------------------------------
-- orders

CREATE FUNCTION rd.order_status_legal(p_from text, p_to text, p_supervisor boolean)
RETURNS boolean
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE p_from
		WHEN 'received' THEN p_to IN ('confirmed', 'cancelled')
		WHEN 'confirmed' THEN p_to = 'cancelled'
			OR (p_supervisor AND p_to IN ('received', 'shipped'))
		WHEN 'shipped' THEN p_to = 'returned' OR (p_supervisor AND p_to = 'delivered')
		WHEN 'delivered' THEN p_to = 'returned'
		ELSE false END
$$;

CREATE FUNCTION rd.order_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	sup boolean;
	moved text[];
BEGIN
	IF rd.sec_trusted() THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'INSERT' THEN
		IF NEW.status <> 'received' THEN
			RAISE EXCEPTION 'a new order is received, not %', NEW.status
				USING ERRCODE = 'RD422';
		END IF;
		IF NEW.desired_date < NEW.order_date AND NEW.subscription_id IS NULL THEN
			RAISE EXCEPTION 'the desired date % is before the order date %',
				NEW.desired_date, NEW.order_date
				USING ERRCODE = 'RD422';
		END IF;
		RETURN NEW;
	END IF;

	moved := ARRAY(SELECT k FROM unnest(ARRAY['id', 'order_no', 'customer_id', 'order_date',
			'request_id', 'subscription_id', 'delivery_no', 'created_at']) k
			WHERE to_jsonb(NEW) -> k IS DISTINCT FROM to_jsonb(OLD) -> k);
	IF cardinality(moved) > 0 THEN
		RAISE EXCEPTION 'an order''s % cannot be changed', array_to_string(moved, ', ')
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF NEW.status IS DISTINCT FROM OLD.status THEN
		sup := pg_has_role(session_user, 'rd_supervisor', 'MEMBER');
		IF NOT rd.order_status_legal(OLD.status, NEW.status, sup) THEN
			RAISE EXCEPTION 'order % is %: it cannot become %', OLD.order_no, OLD.status,
				NEW.status
				USING ERRCODE = 'RD422';
		END IF;
	END IF;
	IF OLD.status NOT IN ('received', 'confirmed') THEN
		moved := ARRAY(SELECT n.key FROM jsonb_each(to_jsonb(NEW)) n
				WHERE n.key NOT IN ('status', 'version', 'updated_at')
				  AND n.value IS DISTINCT FROM to_jsonb(OLD) -> n.key);
		IF cardinality(moved) > 0 THEN
			RAISE EXCEPTION 'order % is %: only its status can change (not %)', OLD.order_no,
				OLD.status, array_to_string(moved, ', ')
				USING ERRCODE = 'RD422';
		END IF;
	END IF;
	IF NEW.desired_date IS DISTINCT FROM OLD.desired_date
	   AND NEW.desired_date < rd.customer_today() THEN
		RAISE EXCEPTION 'the desired date % is in the past', NEW.desired_date
			USING ERRCODE = 'RD422';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER rd_order_guard BEFORE INSERT OR UPDATE ON rd.orders
	FOR EACH ROW EXECUTE FUNCTION rd.order_guard();

-- Lines: only on an open order, at the product's prices.
CREATE FUNCTION rd.order_line_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	o rd.orders;
	p rd.products;
BEGIN
	IF rd.sec_trusted() THEN
		RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
	END IF;
	IF TG_OP = 'DELETE' THEN
		SELECT * INTO o FROM rd.orders WHERE id = OLD.order_id;
	ELSE
		SELECT * INTO o FROM rd.orders WHERE id = NEW.order_id;
	END IF;
	IF FOUND AND o.status NOT IN ('received', 'confirmed') THEN
		RAISE EXCEPTION 'order % is %: its lines can no longer change', o.order_no, o.status
			USING ERRCODE = 'RD422';
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.order_id IS DISTINCT FROM OLD.order_id THEN
		RAISE EXCEPTION 'a line stays on its order' USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF TG_OP = 'UPDATE' AND (NEW.sku, NEW.name, NEW.unit_price, NEW.tax_rate)
	   IS NOT DISTINCT FROM (OLD.sku, OLD.name, OLD.unit_price, OLD.tax_rate) THEN
		RETURN NEW;  -- a quantity
	END IF;
	SELECT * INTO p FROM rd.products WHERE sku = NEW.sku;
	IF NEW.name IS DISTINCT FROM p.name OR NEW.tax_rate IS DISTINCT FROM p.tax_rate THEN
		RAISE EXCEPTION 'a line of % is sold under the product''s name and tax rate', NEW.sku
			USING ERRCODE = 'RD422';
	END IF;
	IF NEW.unit_price = p.price OR NEW.unit_price = p.subscription_price
	   OR pg_has_role(session_user, 'rd_supervisor', 'MEMBER')
	   OR EXISTS (SELECT 1 FROM rd.subscription_lines sl
		       WHERE sl.subscription_id = o.subscription_id AND sl.sku = NEW.sku
			 AND sl.unit_price = NEW.unit_price) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION '% costs % yen (subscription %): % yen is a supervisor''s override',
		NEW.sku, p.price, coalesce(p.subscription_price::text, '-'), NEW.unit_price
		USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER rd_line_guard BEFORE INSERT OR UPDATE OR DELETE ON rd.order_lines
	FOR EACH ROW EXECUTE FUNCTION rd.order_line_guard();

-- The totals of an order against its lines, at commit.
CREATE FUNCTION rd.order_totals_ok(p_order bigint) RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	o rd.orders;
	l10 bigint;
	l8 bigint;
	fees bigint;
BEGIN
	SELECT * INTO o FROM rd.orders WHERE id = p_order;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	SELECT coalesce(sum(l.quantity::bigint * l.unit_price) FILTER (WHERE l.tax_rate = 10), 0),
	       coalesce(sum(l.quantity::bigint * l.unit_price) FILTER (WHERE l.tax_rate = 8), 0)
	  INTO l10, l8
	  FROM rd.order_lines l WHERE l.order_id = p_order;
	SELECT coalesce(sum(e.value::bigint), 0) INTO fees
	  FROM jsonb_each_text(to_jsonb(o)) e
	 WHERE e.key LIKE '%\_fee' AND e.value ~ '^-?[0-9]{1,18}$';
	IF o.subscription_id IS NULL AND (o.subtotal_10 <> l10 OR o.subtotal_8 <> l8) THEN
		RETURN format('its subtotals (%s, %s) are not its lines'' (%s, %s)',
			      o.subtotal_10, o.subtotal_8, l10, l8);
	END IF;
	IF o.subscription_id IS NOT NULL
	   AND (o.subtotal_10 NOT BETWEEN l10 / 2 AND l10 OR o.subtotal_8 NOT BETWEEN l8 / 2 AND l8) THEN
		RETURN format('its subtotals (%s, %s) are not its lines'' (%s, %s) less at most half',
			      o.subtotal_10, o.subtotal_8, l10, l8);
	END IF;
	IF o.tax_10 <> o.subtotal_10 * 10 / 100 OR o.tax_8 <> o.subtotal_8 * 8 / 100 THEN
		RETURN format('its tax (%s, %s) is not 10%% and 8%% of its subtotals',
			      o.tax_10, o.tax_8);
	END IF;
	IF o.total <> o.subtotal_10 + o.subtotal_8 + o.tax_10 + o.tax_8 + fees THEN
		RETURN format('its total %s is not goods, tax and fees (%s)', o.total,
			      o.subtotal_10 + o.subtotal_8 + o.tax_10 + o.tax_8 + fees);
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION rd.order_totals_check() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	id bigint;
	why text;
BEGIN
	IF coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false) THEN
		RETURN NULL;  -- seeding and migrations load orders as they were
	END IF;
	IF TG_TABLE_NAME = 'orders' THEN
		-- an update that moves no money (status, bundle, notes) leaves
		-- the totals as they were
		IF TG_OP = 'UPDATE' AND NOT EXISTS (
			SELECT 1 FROM jsonb_each(to_jsonb(NEW)) n
			 WHERE (n.key IN ('subtotal_10', 'subtotal_8', 'tax_10', 'tax_8', 'total')
				OR n.key LIKE '%\_fee')
			   AND n.value IS DISTINCT FROM to_jsonb(OLD) -> n.key) THEN
			RETURN NULL;
		END IF;
		id := NEW.id;
	ELSIF TG_OP = 'DELETE' THEN
		id := OLD.order_id;
	ELSE
		id := NEW.order_id;
	END IF;
	why := rd.order_totals_ok(id);
	IF why IS NOT NULL THEN
		RAISE EXCEPTION 'order % does not add up: %', id, why
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER rd_totals AFTER INSERT OR UPDATE ON rd.orders
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION rd.order_totals_check();
CREATE CONSTRAINT TRIGGER rd_totals AFTER INSERT OR UPDATE OR DELETE ON rd.order_lines
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION rd.order_totals_check();

-- ---------------------------------------------------------------------------
-- subscriptions

CREATE FUNCTION rd.subscription_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	today date := rd.customer_today();
	maxpct int;
BEGIN
	IF rd.sec_trusted() THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'INSERT' THEN
		IF NEW.status <> 'active' OR NEW.delivery_count NOT IN (0, 1) THEN
			RAISE EXCEPTION 'a new subscription is active with no delivery made, or one'
				USING ERRCODE = 'RD422';
		END IF;
		IF NEW.next_date < today THEN
			RAISE EXCEPTION 'the next delivery % is in the past', NEW.next_date
				USING ERRCODE = 'RD422';
		END IF;
	ELSE
		IF NEW.customer_id IS DISTINCT FROM OLD.customer_id
		   OR NEW.started_on IS DISTINCT FROM OLD.started_on THEN
			RAISE EXCEPTION 'a subscription''s customer and start date cannot be changed'
				USING ERRCODE = 'insufficient_privilege';
		END IF;
		IF OLD.status = 'cancelled' AND NEW.status <> 'cancelled' THEN
			RAISE EXCEPTION 'a cancelled subscription stays cancelled; start a new one'
				USING ERRCODE = 'RD422';
		END IF;
		IF NEW.delivery_count < OLD.delivery_count THEN
			RAISE EXCEPTION 'deliveries made (%) cannot become fewer (%)',
				OLD.delivery_count, NEW.delivery_count
				USING ERRCODE = 'RD422';
		END IF;
		IF NEW.next_date IS DISTINCT FROM OLD.next_date AND NEW.next_date < today
		   AND (OLD.next_date IS NULL OR NEW.next_date < OLD.next_date) THEN
			RAISE EXCEPTION 'the next delivery cannot move into the past (%)', NEW.next_date
				USING ERRCODE = 'RD422';
		END IF;
		IF NEW.paused_until IS DISTINCT FROM OLD.paused_until AND NEW.paused_until < today
		   AND (OLD.paused_until IS NULL OR NEW.paused_until < OLD.paused_until) THEN
			RAISE EXCEPTION 'a pause cannot end in the past (%)', NEW.paused_until
				USING ERRCODE = 'RD422';
		END IF;
	END IF;
	IF NEW.discount_percent > 0
	   AND (TG_OP = 'INSERT' OR NEW.discount_percent IS DISTINCT FROM OLD.discount_percent)
	   AND NOT pg_has_role(session_user, 'rd_supervisor', 'MEMBER') THEN
		maxpct := coalesce((SELECT s.value::int FROM rd.settings s
				     WHERE s.key = 'retention_discount_percent'
				       AND s.value ~ '^[0-9]{1,2}$'), 0);
		IF NEW.discount_percent > maxpct THEN
			RAISE EXCEPTION 'a retention discount is at most % percent', maxpct
				USING ERRCODE = 'insufficient_privilege';
		END IF;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER rd_sub_guard BEFORE INSERT OR UPDATE ON rd.subscriptions
	FOR EACH ROW EXECUTE FUNCTION rd.subscription_guard();

CREATE FUNCTION rd.subscription_line_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	p rd.products;
BEGIN
	IF rd.sec_trusted() THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.subscription_id IS DISTINCT FROM OLD.subscription_id THEN
		RAISE EXCEPTION 'a line stays on its subscription' USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF TG_OP = 'UPDATE' AND (NEW.sku, NEW.unit_price) IS NOT DISTINCT FROM (OLD.sku, OLD.unit_price) THEN
		RETURN NEW;
	END IF;
	SELECT * INTO p FROM rd.products WHERE sku = NEW.sku;
	IF NEW.unit_price = p.subscription_price OR NEW.unit_price = p.price
	   OR pg_has_role(session_user, 'rd_supervisor', 'MEMBER') THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION '% costs % yen by subscription: % yen is a supervisor''s override',
		NEW.sku, coalesce(p.subscription_price, p.price), NEW.unit_price
		USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER rd_line_guard BEFORE INSERT OR UPDATE ON rd.subscription_lines
	FOR EACH ROW EXECUTE FUNCTION rd.subscription_line_guard();

-- ---------------------------------------------------------------------------
-- inquiries: deadlines and category are the database's. Named to fire
-- before 0040's rd_guard (triggers fire in name order), which then
-- computes what this one leaves empty.

CREATE FUNCTION rd.inquiry_deadline_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	cut timestamptz;
BEGIN
	IF rd.sec_trusted() THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'INSERT' THEN
		NEW.due_at := NULL;
		NEW.cutoff_at := NULL;
		NEW.resolved_at := NULL;
		RETURN NEW;
	END IF;
	IF NEW.category IS DISTINCT FROM OLD.category THEN
		RAISE EXCEPTION 'an inquiry''s category changes with the wrap-up'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF NEW.resolved_at IS DISTINCT FROM OLD.resolved_at THEN
		RAISE EXCEPTION 'when an inquiry was resolved is written by the database'
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF NEW.cutoff_at IS DISTINCT FROM OLD.cutoff_at OR NEW.due_at IS DISTINCT FROM OLD.due_at THEN
		cut := rd.inquiry_cutoff(NEW.subscription_id);
		IF NEW.cutoff_at IS DISTINCT FROM cut
		   OR (NEW.due_at IS DISTINCT FROM OLD.due_at
		       AND NEW.due_at IS DISTINCT FROM cut
		       AND NEW.due_at IS DISTINCT FROM least(NEW.created_at + rd.inquiry_sla(NEW.category), cut)) THEN
			RAISE EXCEPTION 'an inquiry''s deadline is computed by the database (category and the subscription''s cut-off)'
				USING ERRCODE = 'insufficient_privilege';
		END IF;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER rd_deadline_guard BEFORE INSERT OR UPDATE ON rd.inquiries
	FOR EACH ROW EXECUTE FUNCTION rd.inquiry_deadline_guard();

REVOKE ALL ON FUNCTION rd.customer_figures_guard(), rd.order_status_legal(text, text, boolean),
	rd.order_guard(), rd.order_line_guard(), rd.order_totals_ok(bigint),
	rd.order_totals_check(), rd.subscription_guard(), rd.subscription_line_guard(),
	rd.inquiry_deadline_guard()
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.order_status_legal(text, text, boolean), rd.order_totals_ok(bigint)
	TO rd_operator;
