/* bench_order.c: how long a full order submit takes, through store/.
 *
 *   bench/bench_order [--iterations N] [--seconds S] [--no-pgbench] CONNINFO
 *
 * Against a seeded database (repeatdesk db seed --customers 1000000),
 * logged in as an operator, it submits N orders through order_submit
 * exactly as the order screen does: a random customer, one to three
 * random products, a random payment (card with a token, cash on delivery,
 * bank transfer), a desired date within the next ten days, one order in
 * five starting a subscription. A submit is the whole thing: the request
 * id look-up, settings, customer, products, insert rules, bundling offers,
 * the order, its lines and inserts, the history rows, the customer's
 * figures (triggers), the commit, and reading the saved order back. It
 * also times order_quote (the confirmation screen), a retried submit (the
 * same request id again) and pricing_totals for 30 lines (what the screen
 * recomputes on every keystroke).
 *
 * Then pgbench (-n -c 1 -T S, extended protocol) runs the same statements
 * with the same kind of values: the SQL of order.c's submit path, copied
 * into one script (keep them in step when order.c changes; pgbench would
 * take the colons of the time format for variables, so the script builds
 * that format with chr(58)). The ratio store/pgbench is what the terminal
 * adds on top of PostgreSQL.
 *
 * Prints one markdown table. bench/order.sh sets up the database and calls
 * this. Numbers are reported, never asserted. */
#include "repeatdesk/db.h"
#include "repeatdesk/order.h"
#include "repeatdesk/pricing.h"
#include "benchutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SAMPLES 2000
#define MAX_SKUS 64

static char codes[SAMPLES][ORDER_CODE_SIZE];
static int ncodes;
static char skus[MAX_SKUS][ORDER_SKU_SIZE];
static int nskus;
static long long max_customer_id;

static void die(const char *what, const struct rd_error *err)
{
	fprintf(stderr, "bench_order: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

static void load_samples(struct rd_db *db)
{
	struct db_rows r;
	struct rd_error err;

	if (db_query(db, "SELECT code FROM rd.customers WHERE id = ANY (ARRAY("
		     "  SELECT 1 + floor(random() * (SELECT max(id) FROM rd.customers))::bigint"
		     "    FROM generate_series(1, 2000)))", 0, NULL, &r, &err) != RD_OK)
		die("sampling customers", &err);
	for (int i = 0; i < r.nrows && ncodes < SAMPLES; i++)
		snprintf(codes[ncodes++], ORDER_CODE_SIZE, "%s", db_rows_get(&r, i, 0));
	db_rows_free(&r);
	if (db_query(db, "SELECT sku FROM rd.products WHERE active ORDER BY sku LIMIT 64", 0, NULL,
		     &r, &err) != RD_OK)
		die("products", &err);
	for (int i = 0; i < r.nrows; i++)
		snprintf(skus[nskus++], ORDER_SKU_SIZE, "%s", db_rows_get(&r, i, 0));
	db_rows_free(&r);
	{
		char v[32];

		if (db_query_value(db, "SELECT max(id) FROM rd.customers", 0, NULL, v, sizeof(v),
				   NULL, &err) != RD_OK)
			die("customers", &err);
		max_customer_id = strtoll(v, NULL, 10);
	}
	if (ncodes < 10 || nskus < 3) {
		fprintf(stderr, "bench_order: seed the database first (repeatdesk db seed)\n");
		exit(1);
	}
}

static void random_request(struct order_request *req, const struct order_context *ctx)
{
	order_request_init(req);
	snprintf(req->customer_code, sizeof(req->customer_code), "%s", codes[rand() % ncodes]);
	req->nitems = 1 + (size_t)(rand() % 3);
	for (size_t i = 0; i < req->nitems; i++) {
		int k;
		bool dup;

		do {
			k = rand() % nskus;
			dup = false;
			for (size_t j = 0; j < i; j++)
				dup = dup || strcmp(req->items[j].sku, skus[k]) == 0;
		} while (dup);
		snprintf(req->items[i].sku, sizeof(req->items[i].sku), "%s", skus[k]);
		req->items[i].quantity = 1 + rand() % 3;
	}
	switch (rand() % 3) {
	case 0:
		req->payment = PRICING_PAY_CARD;
		snprintf(req->card_token, sizeof(req->card_token), "tok_bench_%08x", (unsigned)rand());
		snprintf(req->card_last4, sizeof(req->card_last4), "4242");
		break;
	case 1: req->payment = PRICING_PAY_COD; break;
	default: req->payment = PRICING_PAY_BANK; break;
	}
	req->desired_date = ctx->earliest + rand() % 10;
	req->slot = (enum pricing_slot)(rand() % PRICING_SLOT_COUNT);
	if (rand() % 5 == 0)
		snprintf(req->cycle, sizeof(req->cycle), "1m:15");
}

/* ---- pgbench ---------------------------------------------------------- */

/* The statements of order_submit (store/order.c), with pgbench variables
 * where order.c passes parameters. */
static const char pgbench_script[] =
	"\\set cid random(1, :ncust)\n"
	"\\set pa random(1, :nsku)\n"
	"\\set pb random(1, :nsku)\n"
	"\\set q random(1, 3)\n"
	"\\set d random(0, 9)\n"
	"BEGIN;\n"
	"SELECT set_config('repeatdesk.reason', 'order entry', true),"
	" set_config('repeatdesk.request_id', '00000000-0000-4000-8000-000000000000', true);\n"
	"\\set r random(1, 1000000000)\n"
	"SELECT id FROM rd.orders WHERE request_id = md5(:r::text || 'x')::uuid;\n"
	"SELECT (now() AT TIME ZONE coalesce((SELECT value FROM rd.settings WHERE key = 'business_timezone'), 'Asia/Tokyo'))::date::text,"
	" max(value) FILTER (WHERE key = 'shipping_fee'), max(value) FILTER (WHERE key = 'free_shipping_threshold'),"
	" max(value) FILTER (WHERE key = 'cod_fee'), max(value) FILTER (WHERE key = 'earliest_delivery_days'),"
	" max(value) FILTER (WHERE key = 'latest_delivery_days'), max(value) FILTER (WHERE key = 'bundling_window_days'),"
	" max(value) FILTER (WHERE key = 'subscription_free_shipping') FROM rd.settings;\n"
	"SELECT c.id AS cust, c.name AS cname,"
	" NOT EXISTS (SELECT 1 FROM rd.orders o WHERE o.customer_id = c.id AND o.status <> 'cancelled') AS c1,"
	" (SELECT b.reason FROM rd.payment_bars b WHERE b.customer_id = c.id AND b.payment = 'cod' AND b.active) AS c2,"
	" (SELECT m.name FROM rd.media m WHERE m.code = NULL) AS c3,"
	" NULL::bigint IS NULL OR EXISTS (SELECT 1 FROM rd.customer_addresses a WHERE a.id = NULL::bigint AND a.customer_id = c.id AND a.active) AS c4"
	" FROM rd.customers c WHERE c.code = 'C' || lpad(:cid::text, 7, '0') \\gset\n"
	"SELECT p.sku, p.name, p.price, coalesce(p.subscription_price, -1), p.tax_rate, p.active,"
	" coalesce(p.upsell_sku, ''), coalesce(u.name, '') FROM rd.products p LEFT JOIN rd.products u"
	" ON u.sku = p.upsell_sku AND u.active"
	" WHERE p.sku = ANY (ARRAY['P' || lpad(:pa::text, 3, '0'), 'P' || lpad(:pb::text, 3, '0')]::text[]);\n"
	"SELECT id, code, name, first_order, coalesce(delivery_no, 0), coalesce(sku, ''),"
	" coalesce(min_total, -1), priority FROM rd.insert_rules WHERE active ORDER BY priority, code LIMIT 200;\n"
	"SELECT * FROM ("
	" SELECT 'o' AS kind, o.order_no, coalesce(o.subscription_id, 0) AS sub,"
	" coalesce(o.desired_date, o.order_date + 2) AS d FROM rd.orders o"
	" WHERE o.customer_id = :cust AND o.status IN ('received', 'confirmed') AND coalesce(o.ship_address_id, 0) = 0"
	" UNION ALL SELECT 's', '', s.id, s.next_date FROM rd.subscriptions s"
	" WHERE s.customer_id = :cust AND s.status = 'active' AND s.next_date IS NOT NULL"
	" AND coalesce(s.address_id, 0) = 0 AND NOT EXISTS (SELECT 1 FROM rd.orders o"
	" WHERE o.subscription_id = s.id AND o.status <> 'cancelled'"
	" AND coalesce(o.desired_date, o.order_date) >= s.next_date)"
	") x WHERE x.d BETWEEN current_date + 2 + :d::int - 3 AND current_date + 2 + :d::int + 3"
	" AND x.d >= current_date + 2"
	" ORDER BY abs(x.d - (current_date + 2 + :d::int)), x.d, x.kind, x.order_no LIMIT 8;\n"
	"INSERT INTO rd.orders (customer_id, order_date, desired_date, time_slot, payment, card_token,"
	" card_last4, media_code, subscription_id, delivery_no, subtotal_10, subtotal_8, tax_10, tax_8,"
	" shipping_fee, cod_fee, total, request_id, ship_address_id, bundle_id, bundle_subscription_id, notes)"
	" VALUES (:cust, current_date, current_date + 2 + :d::int, 'none', 'cod', NULL, NULL, NULL, NULL, NULL,"
	" 0, 3980 * :q, 0, 318 * :q, 600, 330, 4298 * :q + 930, md5(:r::text || 'x')::uuid, NULL, NULL, NULL, '')"
	" ON CONFLICT (request_id) DO NOTHING RETURNING id AS oid \\gset\n"
	"INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
	" SELECT :oid, p.sku, p.name, x.qty, x.price, x.rate"
	" FROM unnest(ARRAY['P' || lpad(:pa::text, 3, '0')]::text[], ARRAY[:q::int], ARRAY[3980]::int[], ARRAY[8]::int[])"
	" WITH ORDINALITY AS x(sku, qty, price, rate, ord) JOIN rd.products p ON p.sku = x.sku ORDER BY x.ord;\n"
	"COMMIT;\n"
	"SELECT o.id, o.order_no, o.version, o.status, c.code, c.name, o.order_date, o.desired_date,"
	" o.time_slot, o.payment, coalesce(o.card_last4, ''), coalesce(o.media_code, ''),"
	" coalesce(o.subscription_id, 0), coalesce(o.delivery_no, 0), coalesce(s.cycle, ''),"
	" o.subtotal_8, o.subtotal_10, o.tax_8, o.tax_10, o.shipping_fee, o.cod_fee, o.total,"
	" coalesce(o.ship_address_id, 0), coalesce(o.bundle_id, 0), coalesce(o.bundle_subscription_id, 0),"
	" coalesce(o.request_id::text, ''), o.notes,"
	" coalesce((SELECT h.actor FROM rd.history h WHERE h.table_name = 'orders' AND h.row_key = o.id::text"
	" AND h.op = 'INSERT' ORDER BY h.id LIMIT 1), ''),"
	" to_char((o.created_at) AT TIME ZONE coalesce((SELECT value FROM rd.settings WHERE key = 'business_timezone'), 'Asia/Tokyo'), replace('YYYY-MM-DD\"T\"HH24~MI~SS', '~', chr(58))),"
	" to_char((o.updated_at) AT TIME ZONE coalesce((SELECT value FROM rd.settings WHERE key = 'business_timezone'), 'Asia/Tokyo'), replace('YYYY-MM-DD\"T\"HH24~MI~SS', '~', chr(58)))"
	" FROM rd.orders o JOIN rd.customers c ON c.id = o.customer_id"
	" LEFT JOIN rd.subscriptions s ON s.id = o.subscription_id WHERE o.id = :oid;\n"
	"\\set zero 0\n"
	"SELECT 'l', sku, name, quantity, unit_price, tax_rate, id FROM rd.order_lines WHERE order_id = :oid::bigint"
	" UNION ALL SELECT 'i', code, name, NULL, NULL, NULL, id FROM rd.order_inserts WHERE order_id = :oid::bigint"
	" UNION ALL SELECT 'b', order_no, NULL, NULL, NULL, NULL, id FROM rd.orders WHERE :zero::bigint <> 0"
	" AND bundle_id = :zero::bigint AND id <> :oid::bigint ORDER BY 1, 7;\n";

/* pgbench on the same statements: p50, p99 (ms) and how many ran. */
static int run_pgbench(const char *conninfo, int seconds, double *p50, double *p99, long *count)
{
	char ncust[64], nsku[64];
	const char *defines[] = { ncust, nsku, NULL };
	double *lat = NULL;
	size_t nlat = 0, cap = 0;
	int rc;

	snprintf(ncust, sizeof(ncust), "ncust=%lld", max_customer_id);
	snprintf(nsku, sizeof(nsku), "nsku=%d", nskus < 28 ? nskus : 28);
	rc = bench_pgbench(conninfo, pgbench_script, seconds, defines, &lat, &nlat, &cap);
	*count = (long)nlat;
	*p50 = bench_percentile(lat, (int)nlat, 0.50);
	*p99 = bench_percentile(lat, (int)nlat, 0.99);
	free(lat);
	return rc;
}

int main(int argc, char **argv)
{
	int iterations = 2000, seconds = 20, pgbench = 1;
	const char *conninfo = NULL;
	struct db_params p = { .application_name = "bench_order" };
	struct rd_db *db = NULL;
	struct rd_error err;
	struct order_context ctx;
	struct order_request req;
	struct order o;
	struct order_quote q;
	double *submit, *quote, *replay, keystroke[1000];
	double pg50 = -1, pg99 = -1;
	long pgcount = 0;
	char customers[32] = "?";

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
			iterations = atoi(argv[++i]);
		else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = atoi(argv[++i]);
		else if (strcmp(argv[i], "--no-pgbench") == 0)
			pgbench = 0;
		else if (argv[i][0] != '-' && !conninfo)
			conninfo = argv[i];
		else {
			fprintf(stderr, "usage: bench_order [--iterations N] [--seconds S] [--no-pgbench] CONNINFO\n");
			return 2;
		}
	}
	if (iterations < 10)
		iterations = 10;
	p.conninfo = conninfo ? conninfo : "";
	if (db_open(&db, &p, &err) != RD_OK)
		die("connect", &err);
	srand(4);
	load_samples(db);
	if (order_context_load(db, &ctx, &err) != RD_OK)
		die("settings", &err);
	db_query_value(db, "SELECT to_char(count(*), 'FM9,999,999,999') FROM rd.customers", 0,
		       NULL, customers, sizeof(customers), NULL, &err);
	submit = calloc((size_t)iterations, sizeof(double));
	quote = calloc((size_t)iterations, sizeof(double));
	replay = calloc((size_t)iterations, sizeof(double));
	if (!submit || !quote || !replay)
		return 1;

	/* warm up the caches and the plans */
	for (int i = 0; i < 50; i++) {
		random_request(&req, &ctx);
		if (order_submit(db, &req, NULL, &o, NULL, &err) != RD_OK)
			die("warm-up submit", &err);
	}
	for (int i = 0; i < iterations; i++) {
		double t0;

		random_request(&req, &ctx);
		t0 = bench_now_ms();
		if (order_quote(db, &req, &q, NULL, &err) != RD_OK)
			die("quote", &err);
		quote[i] = bench_now_ms() - t0;
		t0 = bench_now_ms();
		if (order_submit(db, &req, NULL, &o, NULL, &err) != RD_OK)
			die("submit", &err);
		submit[i] = bench_now_ms() - t0;
		t0 = bench_now_ms();
		if (order_submit(db, &req, NULL, &o, NULL, &err) != RD_OK || !o.replayed)
			die("replay", &err);
		replay[i] = bench_now_ms() - t0;
	}
	/* the screen's recomputation: 30 lines, every keystroke */
	{
		struct pricing_line lines[ORDER_MAX_LINES];
		struct pricing_totals t;

		for (int i = 0; i < ORDER_MAX_LINES; i++)
			lines[i] = (struct pricing_line){ 1000 + 37 * i, 1 + i % 5, i % 2 ? 8 : 10 };
		for (int i = 0; i < 1000; i++) {
			double t0 = bench_now_ms();

			for (int k = 0; k < 100; k++)
				pricing_totals(lines, ORDER_MAX_LINES, PRICING_PAY_COD, false,
					       &ctx.settings, &t, NULL);
			keystroke[i] = (bench_now_ms() - t0) * 1000.0 / 100.0;   /* us */
		}
	}
	db_free(&db);
	if (pgbench && run_pgbench(conninfo ? conninfo : "", seconds, &pg50, &pg99, &pgcount) != 0)
		pg50 = pg99 = -1;

	printf("\norder submit at %s customers (%d submits, store/ through libpq;"
	       " pgbench -n -c 1 -M extended -T %d on the same statements: %ld)\n\n",
	       customers, iterations, seconds, pgcount);
	printf("| operation | p50 | p99 | pgbench p50 | pgbench p99 | ratio p50 | ratio p99 | goal p99 |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
	{
		double s50 = bench_percentile(submit, iterations, 0.50), s99 = bench_percentile(submit, iterations, 0.99);

		if (pg50 > 0)
			printf("| full submit (order_submit) | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f | %.2f | 10 ms |\n",
			       s50, s99, pg50, pg99, s50 / pg50, s99 / pg99);
		else
			printf("| full submit (order_submit) | %.2f ms | %.2f ms | - | - | - | - | 10 ms |\n",
			       s50, s99);
	}
	printf("| confirmation (order_quote) | %.2f ms | %.2f ms | | | | | |\n",
	       bench_percentile(quote, iterations, 0.50), bench_percentile(quote, iterations, 0.99));
	printf("| retried submit, same request id | %.2f ms | %.2f ms | | | | | |\n",
	       bench_percentile(replay, iterations, 0.50), bench_percentile(replay, iterations, 0.99));
	printf("| totals of 30 lines (pricing_totals, per keystroke) | %.2f us | %.2f us | | | | | |\n",
	       bench_percentile(keystroke, 1000, 0.50), bench_percentile(keystroke, 1000, 0.99));
	free(submit);
	free(quote);
	free(replay);
	return 0;
}
