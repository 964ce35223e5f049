/* subscription_sql.h: the statements subscription.c writes with, as
 * macros, so that the isolation specs (tests/isolation) prepare exactly
 * this text: tests/isolation/iso_stmts.c prints it at build time. Only
 * store/ includes it. */
#ifndef REPEATDESK_SUBSCRIPTION_SQL_H
#define REPEATDESK_SUBSCRIPTION_SQL_H

/* The columns of a subscription's state (subscription_state_from_row),
 * of rd.subscriptions s. */
#define STATE_COLUMNS \
	"s.id, s.version, s.customer_id, s.status, s.cycle, s.first_interval," \
	" s.next_date, s.delivery_count, s.paused_until, s.payment," \
	" s.card_token IS NOT NULL, s.card_last4, s.time_slot," \
	" coalesce(s.address_id, 0), s.discount_percent, s.discount_remaining," \
	" (SELECT json_agg(json_build_array(l.sku, p.name, l.quantity, l.unit_price," \
	"                                   p.price, p.tax_rate) ORDER BY l.id)" \
	"    FROM rd.subscription_lines l JOIN rd.products p ON p.sku = l.sku" \
	"   WHERE l.subscription_id = s.id)," \
	" (SELECT json_agg(json_build_array(k.date, k.delivery_no) ORDER BY k.date)" \
	"    FROM rd.subscription_skips k WHERE k.subscription_id = s.id" \
	"     AND (k.date >= s.next_date" \
	"          OR (k.date < s.next_date AND k.delivery_no = s.delivery_count + 1)))"
#define STATE_NCOLS 18

/* The subscription row as a preview's after-state ($3..$18), if it is
 * still at version $2: zero rows when someone changed it meanwhile. */
#define SUB_UPDATE \
	"UPDATE rd.subscriptions SET status = $3, cycle = $4, first_interval = $5," \
	"       next_date = $6::date, paused_until = $7::date, payment = $8," \
	"       card_token = CASE $9 WHEN 'set' THEN $10 WHEN 'clear' THEN NULL ELSE card_token END," \
	"       card_last4 = CASE $9 WHEN 'set' THEN $11 WHEN 'clear' THEN NULL ELSE card_last4 END," \
	"       time_slot = $12, address_id = $13::bigint," \
	"       discount_percent = $14::smallint, discount_remaining = $15::int," \
	"       last_change = $16," \
	"       cancelled_on = CASE WHEN $3 = 'cancelled' AND status <> 'cancelled'" \
	"                           THEN $17::date ELSE cancelled_on END," \
	"       cancel_reason = CASE WHEN $3 = 'cancelled' AND status <> 'cancelled'" \
	"                            THEN $18 ELSE cancel_reason END" \
	" WHERE id = $1 AND version = $2::int"
#define SUB_NPARAMS 18

/* A whole one-statement request (write_one): the reason ($19) and request
 * id ($20) for the history triggers, SUB_UPDATE, the skip operations
 * ($21 op, $22 date, $23 delivery number), the request id's row (kind
 * $24, result $25 with the new version filled in). Returns the new
 * version; zero rows when the version moved. */
#define SUB_WRITE_ONE \
	"WITH cfg AS (SELECT set_config('repeatdesk.reason', $19, true) IS NOT NULL" \
	"                    AND set_config('repeatdesk.request_id', coalesce($20, ''), true)" \
	"                        IS NOT NULL AS ok)," \
	" upd AS (" SUB_UPDATE " AND (SELECT ok FROM cfg) RETURNING id, version)," \
	" ops AS (SELECT * FROM unnest($21::text[], $22::date[], $23::int[]) AS o (op, d, n))," \
	" del AS (DELETE FROM rd.subscription_skips k USING ops, upd" \
	"          WHERE ops.op = 'delete' AND k.subscription_id = upd.id AND k.date = ops.d)," \
	" ren AS (UPDATE rd.subscription_skips k SET delivery_no = ops.n FROM ops, upd" \
	"          WHERE ops.op = 'renumber' AND k.subscription_id = upd.id AND k.date = ops.d)," \
	" ins AS (INSERT INTO rd.subscription_skips (subscription_id, date, delivery_no)" \
	"         SELECT upd.id, ops.d, ops.n FROM ops, upd WHERE ops.op = 'add')," \
	" req AS (INSERT INTO rd.subscription_requests (request_id, subscription_id, kind, result)" \
	"         SELECT $20::uuid, upd.id, $24, jsonb_set($25::jsonb, '{version}', to_jsonb(upd.version))" \
	"           FROM upd WHERE $20 IS NOT NULL)" \
	" SELECT version FROM upd"

/* The request id's row with its result: $1 request id, $2 subscription,
 * $3 kind, $4 result (json). */
#define SUB_REQUEST_INSERT \
	"INSERT INTO rd.subscription_requests (request_id, subscription_id, kind, result)" \
	" VALUES ($1::uuid, $2, $3, $4::jsonb)"

/* A cancellation ends the pending reservations: $1 subscription, $2 note. */
#define SUB_RESERVATIONS_CANCEL \
	"UPDATE rd.subscription_reservations SET status = 'cancelled', note = $2" \
	" WHERE subscription_id = $1 AND status = 'pending'"

#endif
