/* shipment_sql.h: the statements of the shipment run, as macros, so
 * that the isolation specs (tests/isolation) prepare exactly this text:
 * tests/isolation/iso_stmts.c prints it at build time. Only store/
 * includes it. */
#ifndef REPEATDESK_SHIPMENT_SQL_H
#define REPEATDESK_SHIPMENT_SQL_H

#include "subscription_sql.h"

/* The reason the subscription's payment is barred for its customer
 * (rd.payment_bars, as order entry refuses it), or NULL. */
#define BAR_SQL \
	"(SELECT b.reason FROM rd.payment_bars b WHERE b.customer_id = s.customer_id" \
	"    AND b.payment = s.payment AND b.active)"

/* Locks and reads the page's subscriptions ($1, ids), in id order: the
 * state (STATE_COLUMNS), first order?, a reservation due?, payment bar. */
#define SHIP_READ_STATES \
	"SELECT " STATE_COLUMNS \
	", NOT EXISTS (SELECT 1 FROM rd.orders o" \
	"               WHERE o.customer_id = s.customer_id AND o.status <> 'cancelled')," \
	"  EXISTS (SELECT 1 FROM rd.subscription_reservations v" \
	"           WHERE v.subscription_id = s.id AND v.status = 'pending'" \
	"             AND v.from_delivery <= s.delivery_count + 1)," \
	" " BAR_SQL \
	"  FROM rd.subscriptions s WHERE s.id = ANY ($1::bigint[])" \
	" ORDER BY s.id FOR UPDATE OF s"

/* A round's orders with their lines and inserts (ON CONFLICT on the
 * delivery's key: exactly once). */
#define SHIP_INSERT \
	"WITH u AS (" \
	"  SELECT * FROM unnest($2::bigint[], $3::int[], $4::date[], $5::bigint[], $6::bigint[]," \
	"                       $7::bigint[], $8::bigint[], $9::int[], $10::int[], $11::bigint[]," \
	"                       $12::text[])" \
	"      AS u(sid, no, d, s10, s8, t10, t8, ship, cod, total, notes)" \
	"), ins AS (" \
	"  INSERT INTO rd.orders (customer_id, order_date, desired_date, time_slot, payment," \
	"    card_token, card_last4, media_code, subscription_id, delivery_no, subtotal_10," \
	"    subtotal_8, tax_10, tax_8, shipping_fee, cod_fee, total, ship_address_id, notes)" \
	"  SELECT s.customer_id, $1::date, u.d, s.time_slot, s.payment, s.card_token," \
	"         s.card_last4, s.media_code, s.id, u.no, u.s10, u.s8, u.t10, u.t8, u.ship," \
	"         u.cod, u.total, s.address_id, u.notes" \
	"    FROM u JOIN rd.subscriptions s ON s.id = u.sid" \
	"   ORDER BY u.sid, u.no" \
	"  ON CONFLICT (subscription_id, delivery_no) DO NOTHING" \
	"  RETURNING id, subscription_id, delivery_no" \
	"), l AS (" \
	"  INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)" \
	"  SELECT ins.id, x.sku, p.name, x.qty, x.price, x.rate" \
	"    FROM unnest($13::bigint[], $14::int[], $15::text[], $16::int[], $17::int[]," \
	"                $18::int[]) WITH ORDINALITY AS x(sid, no, sku, qty, price, rate, ord)" \
	"    JOIN ins ON ins.subscription_id = x.sid AND ins.delivery_no = x.no" \
	"    JOIN rd.products p ON p.sku = x.sku" \
	"   ORDER BY x.ord" \
	"  RETURNING 1" \
	"), i AS (" \
	"  INSERT INTO rd.order_inserts (order_id, rule_id, code, name)" \
	"  SELECT ins.id, r.id, r.code, r.name" \
	"    FROM unnest($19::bigint[], $20::int[], $21::bigint[]) WITH ORDINALITY" \
	"         AS x(sid, no, rid, ord)" \
	"    JOIN ins ON ins.subscription_id = x.sid AND ins.delivery_no = x.no" \
	"    JOIN rd.insert_rules r ON r.id = x.rid" \
	"   ORDER BY x.ord" \
	"  RETURNING 1" \
	")" \
	" SELECT ins.id, (SELECT count(*) FROM i), (SELECT count(*) FROM l) FROM ins"

/* The subscriptions advanced, against the versions read ($2): fewer rows
 * than orders means one changed while the run held it. */
#define SHIP_ADVANCE \
	"UPDATE rd.subscriptions s" \
	"   SET delivery_count = u.cnt, next_date = u.next, status = u.status," \
	"       paused_until = CASE WHEN u.status = 'active' THEN NULL ELSE s.paused_until END," \
	"       discount_percent = u.pct, discount_remaining = u.rem, last_change = u.what" \
	"  FROM unnest($1::bigint[], $2::int[], $3::int[], $4::date[], $5::text[]," \
	"              $6::smallint[], $7::int[], $8::text[])" \
	"       AS u(id, ver, cnt, next, status, pct, rem, what)" \
	" WHERE s.id = u.id AND s.version = u.ver"

#endif
