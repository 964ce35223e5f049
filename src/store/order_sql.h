/* order_sql.h: the statements order_submit writes an order with, as
 * macros, so that the isolation specs (tests/isolation) prepare exactly
 * this text: tests/isolation/iso_stmts.c prints it at build time. Only
 * store/ includes it. */
#ifndef REPEATDESK_ORDER_SQL_H
#define REPEATDESK_ORDER_SQL_H

/* The order a request id ($1) made, if any. */
#define ORDER_BY_REQUEST "SELECT id FROM rd.orders WHERE request_id = $1::uuid"

/* The order itself ($1..$22; $18 its request id): exactly one per request
 * id, the second gets no row. */
#define ORDER_INSERT \
	"INSERT INTO rd.orders (customer_id, order_date, desired_date, time_slot," \
	"  payment, card_token, card_last4, media_code, subscription_id," \
	"  delivery_no, subtotal_10, subtotal_8, tax_10, tax_8, shipping_fee," \
	"  cod_fee, total, request_id, ship_address_id, bundle_id," \
	"  bundle_subscription_id, notes)" \
	" VALUES ($1::bigint, $2::date, $3::date, $4, $5, $6, $7, $8, $9::bigint," \
	"  $10::int, $11::bigint, $12::bigint, $13::bigint, $14::bigint," \
	"  $15::int, $16::int, $17::bigint, $18::uuid, $19::bigint, $20::bigint," \
	"  $21::bigint, $22)" \
	" ON CONFLICT (request_id) DO NOTHING RETURNING id"

/* Its lines: $1 order, $2 skus, $3 quantities, $4 prices, $5 tax rates. */
#define ORDER_LINES_INSERT \
	"INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)" \
	" SELECT $1::bigint, p.sku, p.name, x.qty, x.price, x.rate" \
	"   FROM unnest($2::text[], $3::int[], $4::int[], $5::int[]) WITH ORDINALITY" \
	"        AS x(sku, qty, price, rate, ord)" \
	"   JOIN rd.products p ON p.sku = x.sku" \
	"  ORDER BY x.ord"

/* The subscription an order starts ($1..$10) and its lines ($1 the
 * subscription, $2 skus, $3 quantities, $4 prices). */
#define ORDER_SUBSCRIPTION_INSERT \
	"INSERT INTO rd.subscriptions (customer_id, cycle, next_date, delivery_count," \
	"  payment, card_token, card_last4, time_slot, address_id, media_code, started_on)" \
	" VALUES ($1::bigint, $2, $3::date, 1, $4, $5, $6, $7, $8::bigint, $9, $10::date)" \
	" RETURNING id"

#define ORDER_SUBSCRIPTION_LINES_INSERT \
	"INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)" \
	" SELECT $1::bigint, x.sku, x.qty, x.price" \
	"   FROM unnest($2::text[], $3::int[], $4::int[]) WITH ORDINALITY" \
	"        AS x(sku, qty, price, ord)" \
	"  ORDER BY x.ord"

#endif
