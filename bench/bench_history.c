/* bench_history.c: how long a customer's history takes to read, through
 * store/history.c, with many history rows.
 *
 *   bench/bench_history [--generate ROWS --admin CONNINFO] [--iterations N] CONNINFO
 *
 * --generate adds ROWS history rows first, as the admin (nobody else may
 * write rd.history): changes of random customers of the seeded database,
 * spread over two years, a mix of tables and agents, in chunks of a
 * million INSERT ... SELECT generate_series (fast: no trigger, no client
 * round trip per row), then ANALYZE. Their txids are negative, so they
 * never meet a real transaction.
 *
 * Then, logged in as CONNINFO's user, for N random customers it times:
 * the first page of the timeline (50 changes: what the screen shows
 * first), the full history (pages of 500 until the end), the customer as
 * of a random time, and a subscription as of a random time. Prints one
 * markdown table; numbers are reported, never asserted (goal: full
 * history p99 <= 50 ms with 10,000,000 history rows). */
#include "repeatdesk/db.h"
#include "repeatdesk/history.h"
#include "benchutil.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 1000000LL

static struct rd_db *open_db(const char *conninfo)
{
	struct db_params p = { .conninfo = conninfo, .application_name = "bench_history" };
	struct rd_db *db = NULL;
	struct rd_error err;

	if (db_open(&db, &p, &err) != RD_OK) {
		fprintf(stderr, "bench_history: %s\n", err.msg);
		exit(3);
	}
	return db;
}

static long long value(struct rd_db *db, const char *sql)
{
	char out[32];
	struct rd_error err;

	if (db_query_value(db, sql, 0, NULL, out, sizeof(out), NULL, &err) != RD_OK) {
		fprintf(stderr, "bench_history: %s\n", err.msg);
		exit(3);
	}
	return strtoll(out, NULL, 10);
}

static void generate(const char *admin_conninfo, long long rows)
{
	struct rd_db *db = open_db(admin_conninfo);
	struct rd_error err;
	long long lo = value(db, "SELECT coalesce(min(id), 0) FROM rd.customers");
	long long hi = value(db, "SELECT coalesce(max(id), 0) FROM rd.customers");
	double t0 = bench_now_ms();

	if (hi < lo || hi == 0) {
		fprintf(stderr, "bench_history: no customers: seed the database first\n");
		exit(2);
	}
	for (long long from = 1; from <= rows; from += CHUNK) {
		char a[24], b[24], l[24], n[24];
		const char *params[4] = { a, b, l, n };
		long long to = from + CHUNK - 1 < rows ? from + CHUNK - 1 : rows;

		snprintf(a, sizeof(a), "%lld", from);
		snprintf(b, sizeof(b), "%lld", to);
		snprintf(l, sizeof(l), "%lld", lo);
		snprintf(n, sizeof(n), "%lld", hi - lo + 1);
		if (db_exec(db,
			"INSERT INTO rd.history (at, actor, txid, table_name, row_key, op,"
			"                        old_row, new_row, changed, reason, customer_id)"
			" SELECT now() - random() * interval '730 days',"
			"        (ARRAY['sato', 'suzuki', 'takahashi'])[1 + g % 3],"
			"        -g, t.name, (g % 100000)::text, 'UPDATE',"
			"        jsonb_build_object('id', g % 100000, 'next_date', '2026-12-15',"
			"                           'time_slot', 'none'),"
			"        jsonb_build_object('id', g % 100000, 'next_date', '2027-01-15',"
			"                           'time_slot', 'morning'),"
			"        '{next_date,time_slot}', 'bench',"
			"        $3::bigint + (hashint8(g) & 2147483647) % $4::bigint"
			"   FROM generate_series($1::bigint, $2::bigint) g"
			"  CROSS JOIN LATERAL (SELECT (ARRAY['subscriptions', 'customers', 'orders',"
			"                                    'subscription_skips'])[1 + (g % 4)::int]"
			"                             AS name) t",
			4, params, NULL, &err) != RD_OK) {
			fprintf(stderr, "bench_history: generating: %s\n", err.msg);
			exit(3);
		}
		fprintf(stderr, "bench_history: %lld history rows added\n", to);
	}
	if (db_exec(db, "ANALYZE rd.history", 0, NULL, NULL, &err) != RD_OK)
		fprintf(stderr, "bench_history: analyze: %s\n", err.msg);
	fprintf(stderr, "bench_history: generated %lld rows in %.1f s\n", rows,
		(bench_now_ms() - t0) / 1000.0);
	db_free(&db);
}

static void row(const char *what, double *v, int n, const char *goal)
{
	printf("| %s | %.3f | %.3f | %.3f | %s |\n", what, bench_percentile(v, n, 0.50),
	       bench_percentile(v, n, 0.99), bench_percentile(v, n, 1.0), goal);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "generate", required_argument, NULL, 'g' },
		{ "admin", required_argument, NULL, 'a' },
		{ "iterations", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 }
	};
	long long rows = 0, lo, hi, slo, shi;
	const char *admin = NULL;
	int iterations = 1000, c, entries_total = 0;
	struct rd_db *db;
	struct rd_error err;
	double *first, *full, *asof, *subasof;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'g')
			rows = atoll(optarg);
		else if (c == 'a')
			admin = optarg;
		else if (c == 'i')
			iterations = atoi(optarg);
		else
			goto usage;
	}
	if (optind != argc - 1 || iterations < 1 || rows < 0 || (rows && !admin))
		goto usage;
	if (rows)
		generate(admin, rows);

	db = open_db(argv[optind]);
	lo = value(db, "SELECT min(id) FROM rd.customers");
	hi = value(db, "SELECT max(id) FROM rd.customers");
	slo = value(db, "SELECT coalesce(min(id), 0) FROM rd.subscriptions");
	shi = value(db, "SELECT coalesce(max(id), 0) FROM rd.subscriptions");
	first = calloc((size_t)iterations, sizeof(double));
	full = calloc((size_t)iterations, sizeof(double));
	asof = calloc((size_t)iterations, sizeof(double));
	subasof = calloc((size_t)iterations, sizeof(double));
	srand(1);
	for (int i = 0; i < iterations; i++) {
		struct history_query q = { .scope = HISTORY_CUSTOMER, .limit = 50 };
		struct history_page p;
		struct history_state s;
		char at[HISTORY_AT_SIZE];
		double t;

		q.id = lo + (long long)rand() % (hi - lo + 1);
		t = bench_now_ms();
		if (history_timeline(db, &q, &p, &err) != RD_OK)
			goto fail;
		first[i] = bench_now_ms() - t;
		history_page_free(&p);

		q.limit = HISTORY_PAGE_MAX;
		t = bench_now_ms();
		for (;;) {
			if (history_timeline(db, &q, &p, &err) != RD_OK)
				goto fail;
			entries_total += p.n;
			if (!p.more) {
				history_page_free(&p);
				break;
			}
			snprintf(q.after_key, sizeof(q.after_key), "%s", p.v[p.n - 1].at_key);
			q.after_id = p.v[p.n - 1].id;
			history_page_free(&p);
		}
		full[i] = bench_now_ms() - t;

		snprintf(at, sizeof(at), "2026-%02d-%02d 12:00:00", 1 + rand() % 11, 1 + rand() % 28);
		t = bench_now_ms();
		if (history_as_of(db, HISTORY_CUSTOMER, q.id, at, &s, &err) == RD_OK)
			history_state_free(&s);
		else if (err.status != RD_NOT_FOUND)
			goto fail;
		asof[i] = bench_now_ms() - t;

		t = bench_now_ms();
		if (shi > 0) {
			long long sid = slo + (long long)rand() % (shi - slo + 1);

			if (history_as_of(db, HISTORY_SUBSCRIPTION, sid, at, &s, &err) == RD_OK)
				history_state_free(&s);
			else if (err.status != RD_NOT_FOUND)
				goto fail;
		}
		subasof[i] = bench_now_ms() - t;
	}
	printf("History reads through store/ (%lld customers, %lld history rows, %d customers read,"
	       " %.1f changes a customer on average, PostgreSQL %s)\n\n",
	       hi - lo + 1, value(db, "SELECT count(*) FROM rd.history"), iterations,
	       (double)entries_total / iterations, db_server_version(db));
	printf("| read | p50 (ms) | p99 (ms) | max (ms) | goal p99 |\n|---|---:|---:|---:|---:|\n");
	row("timeline, first page (50)", first, iterations, "");
	row("a customer's full history", full, iterations, "50 ms");
	row("customer as of a time", asof, iterations, "");
	row("subscription as of a time", subasof, iterations, "");
	free(first);
	free(full);
	free(asof);
	free(subasof);
	db_free(&db);
	return 0;
fail:
	fprintf(stderr, "bench_history: %s\n", err.msg);
	db_free(&db);
	return 3;
usage:
	fprintf(stderr, "usage: bench_history [--generate ROWS --admin CONNINFO] [--iterations N] CONNINFO\n");
	return 2;
}
