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
 * Then pgbench (-n -c 1 -M extended) replays the statements the timed
 * submits sent, traced with db_trace() (bench/pgtrace.h), each once, with
 * a fresh request id and the ids it creates bound with \gset: store/'s
 * own SQL, nothing copied by hand to keep in step
 * (tests/db/check_bench_scripts). The ratio store/pgbench is what the
 * terminal adds on top of PostgreSQL. --seconds is accepted and ignored
 * (pgbench runs as many transactions as there were submits).
 *
 * Prints one markdown table. bench/order.sh sets up the database and calls
 * this. Numbers are reported, never asserted. */
#include "repeatdesk/db.h"
#include "repeatdesk/order.h"
#include "repeatdesk/pricing.h"
#include "benchutil.h"
#include "benchorder.h"
#include "pgtrace.h"

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
	bench_random_order(req, ctx, codes[rand() % ncodes], (const char (*)[ORDER_SKU_SIZE])skus, nskus);
}

/* ---- pgbench ---------------------------------------------------------- */

/* pgbench on the statements the timed submits sent (bench/pgtrace.h):
 * each replayed once, with a fresh request id and the ids it creates
 * bound. p50, p99 (ms) and how many ran. */
static int run_pgbench(const char *conninfo, const struct pgscript *ps, double *p50,
		       double *p99, long *count)
{
	double *lat = NULL;
	size_t nlat = 0, cap = 0;
	char errbuf[2000];
	int rc;

	rc = pgscript_run(ps, conninfo, "extended", &lat, &nlat, &cap, errbuf, sizeof(errbuf));
	if (rc != 0)
		fprintf(stderr, "bench_order: pgbench failed:\n%s\n", errbuf);
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
	struct pgscript ps;
	struct pgtrace tr;

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
	(void)seconds;    /* pgbench replays the submits, however long */
	srand(4);
	pgscript_init(&ps);
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
		pgtrace_init(&tr);
		if (pgbench)
			pgtrace_start(db, &tr);
		t0 = bench_now_ms();
		if (order_submit(db, &req, NULL, &o, NULL, &err) != RD_OK)
			die("submit", &err);
		submit[i] = bench_now_ms() - t0;
		pgtrace_stop(db);
		if (pgbench) {
			char id[24];

			/* the replay makes an order of its own */
			pgtrace_fresh_uuids(&tr);
			snprintf(id, sizeof(id), "%lld", o.id);
			pgtrace_bind(&tr, id, "INSERT INTO rd.orders");
			if (o.subscription_id) {
				snprintf(id, sizeof(id), "%lld", o.subscription_id);
				pgtrace_bind(&tr, id, "INSERT INTO rd.subscriptions");
			}
			pgscript_add(&ps, &tr);
		}
		pgtrace_free(&tr);
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
	if (pgbench && run_pgbench(conninfo ? conninfo : "", &ps, &pg50, &pg99, &pgcount) != 0)
		pg50 = pg99 = -1;
	pgscript_free(&ps);

	printf("\norder submit at %s customers (%d submits, store/ through libpq;"
	       " pgbench -n -c 1 -M extended replaying the statements they sent: %ld)\n\n",
	       customers, iterations, pgcount);
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
