-- 0060_first_order_cancel.sql: cancelling the first order of a
-- subscription (issue 10, section 2): what becomes of the subscription is
-- decided in the cancel's transaction, never left to chance.
--
-- When the order that is delivery 1 of a subscription is cancelled, the
-- operator says either
--   * cancel: the subscription is cancelled too (cancel_reason is the
--     order's cancel reason), or
--   * keep:   the subscription stays, and its next delivery becomes
--     delivery 1 (the cancelled order gives up its delivery number, the
--     subscription's delivery count goes back by one).
-- rd.order_first_cancelled does either, for operators too (they may not
-- UPDATE rd.subscriptions themselves), and only for an order that is
-- cancelled and is delivery 1 of a subscription that is not cancelled.
-- The history rows carry the caller's login (session_user), reason and
-- request id like every other change of the transaction.
--
-- The guard: a deferred constraint trigger refuses, at commit, a
-- transaction that leaves a cancelled delivery 1 of a subscription that
-- is still active or paused: nobody was asked (a cancel by plain SQL, a
-- client that skipped the question).
--
-- Runs inside the migration runner's transaction: no BEGIN/COMMIT here.

CREATE FUNCTION rd.order_first_cancelled(p_order bigint, p_choice text, p_reason text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	o rd.orders%ROWTYPE;
	s rd.subscriptions%ROWTYPE;
BEGIN
	IF p_choice IS NULL OR p_choice NOT IN ('cancel', 'keep') THEN
		RAISE EXCEPTION 'the subscription of a cancelled first order is either cancelled or kept'
			USING ERRCODE = '22023';
	END IF;
	IF p_reason IS NULL OR btrim(p_reason) = '' THEN
		RAISE EXCEPTION 'a reason is required' USING ERRCODE = '22023';
	END IF;
	SELECT * INTO o FROM rd.orders WHERE id = p_order FOR UPDATE;
	IF NOT FOUND OR o.status <> 'cancelled' OR o.subscription_id IS NULL
	   OR o.delivery_no IS DISTINCT FROM 1 THEN
		RAISE EXCEPTION 'order % is not a cancelled first delivery of a subscription', p_order
			USING ERRCODE = '42501';
	END IF;
	SELECT * INTO s FROM rd.subscriptions WHERE id = o.subscription_id FOR UPDATE;
	IF s.status = 'cancelled' THEN
		RETURN;
	END IF;
	IF p_choice = 'cancel' THEN
		UPDATE rd.subscriptions
		   SET status = 'cancelled', cancelled_on = rd.customer_today(),
		       cancel_reason = p_reason, paused_until = NULL,
		       last_change = format('cancelled with its first order %s', o.order_no)
		 WHERE id = s.id;
	ELSE
		UPDATE rd.orders SET delivery_no = NULL WHERE id = o.id;
		UPDATE rd.subscriptions
		   SET delivery_count = greatest(delivery_count - 1, 0),
		       last_change = format('first order %s cancelled; the next delivery is delivery 1',
					    o.order_no)
		 WHERE id = s.id;
	END IF;
END
$$;
REVOKE ALL ON FUNCTION rd.order_first_cancelled(bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rd.order_first_cancelled(bigint, text, text) TO rd_operator;

CREATE FUNCTION rd.order_first_cancel_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, rd, pg_temp
AS $$
DECLARE
	o rd.orders%ROWTYPE;
BEGIN
	-- the row as it is at commit, not as it was when the trigger fired
	SELECT * INTO o FROM rd.orders WHERE id = NEW.id;
	IF o.status = 'cancelled' AND o.delivery_no = 1 AND EXISTS (
		SELECT 1 FROM rd.subscriptions s
		 WHERE s.id = o.subscription_id AND s.status <> 'cancelled') THEN
		RAISE EXCEPTION 'order % is delivery 1 of subscription %: cancel the subscription too or keep it with its next delivery as delivery 1',
			o.order_no, o.subscription_id
			USING ERRCODE = '23514';
	END IF;
	RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION rd.order_first_cancel_guard() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER orders_first_cancel_guard
	AFTER UPDATE OF status ON rd.orders
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW
	WHEN (NEW.status = 'cancelled' AND OLD.status <> 'cancelled' AND NEW.delivery_no = 1)
	EXECUTE FUNCTION rd.order_first_cancel_guard();

-- The rule of 0030 (only a supervisor cancels before
-- min_deliveries_before_cancel deliveries) is about a customer who quits
-- after the first, discounted deliveries. A subscription whose only
-- order, its delivery 1, is cancelled has delivered nothing and will
-- deliver nothing: cancelling it with that order is not quitting early.
-- Same function as 0030 otherwise.
CREATE OR REPLACE FUNCTION rd.subscription_cancel_guard() RETURNS trigger
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
		   AND NOT pg_has_role(session_user, 'rd_supervisor', 'MEMBER')
		   AND NOT (EXISTS (SELECT 1 FROM rd.orders o
				     WHERE o.subscription_id = NEW.id AND o.delivery_no = 1
				       AND o.status = 'cancelled')
			    AND NOT EXISTS (SELECT 1 FROM rd.orders o
					     WHERE o.subscription_id = NEW.id
					       AND o.status <> 'cancelled')) THEN
			RAISE EXCEPTION 'only a supervisor can cancel a subscription before delivery % (min_deliveries_before_cancel)', m
				USING ERRCODE = 'RD403';
		END IF;
	END IF;
	RETURN NEW;
END
$$;
