/* bench_shipment.c: how long the shipment run takes, through store/.
 *
 *   bench/bench_shipment [--date YYYY-MM-DD] [--batch N] [--jobs N] CONNINFO
 *
 * Against a seeded database (bench/shipment.sh: repeatdesk db seed
 * --customers N --subscription-rate 30), logged in as an agent, it runs
 * shipment_generate exactly as `repeatdesk shipments generate` does, then
 * runs it again (which must make nothing: every order exists, every
 * subscription has moved on). Prints one markdown table: subscriptions
 * active and due, orders created, seconds, orders per second, the
 * client's peak memory (it must not grow with the number of
 * subscriptions: the run is streamed in pages) and the second run.
 *
 * Numbers are reported, never asserted; a wrong count exits 1. */
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/shipment.h"
#include "benchutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static void die(const char *what, const struct rd_error *err)
{
	fprintf(stderr, "bench_shipment: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

static long long count(struct rd_db *db, const char *sql)
{
	struct rd_error err;
	char v[32];

	if (db_query_value(db, sql, 0, NULL, v, sizeof(v), NULL, &err) != RD_OK)
		die(sql, &err);
	return strtoll(v, NULL, 10);
}

static long max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	struct shipment_options opt = { .date = SHIPMENT_TODAY };
	struct shipment_summary first, second;
	struct db_params p = { 0 };
	struct rd_db *db = NULL, *more[SHIPMENT_WORKERS_MAX] = { NULL };
	struct rd_error err;
	const char *conninfo = NULL;
	int jobs = 1;
	long long active, orders_before, orders_after;
	long rss_before;
	double t0, t1, t2;
	char d[DATE_ISO_SIZE], through[DATE_ISO_SIZE];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) {
			if (date_parse_iso(argv[++i], &opt.date, &err) != RD_OK)
				die("--date", &err);
		} else if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc) {
			opt.batch = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
			jobs = atoi(argv[++i]);
		} else if (argv[i][0] != '-' && !conninfo) {
			conninfo = argv[i];
		} else {
			fprintf(stderr, "usage: bench_shipment [--date YYYY-MM-DD] [--batch N] [--jobs N] CONNINFO\n");
			return 2;
		}
	}
	if (!conninfo) {
		fprintf(stderr, "usage: bench_shipment [--date YYYY-MM-DD] [--batch N] [--jobs N] CONNINFO\n");
		return 2;
	}
	p.conninfo = conninfo;
	if (jobs < 1 || jobs > SHIPMENT_WORKERS_MAX + 1) {
		fprintf(stderr, "bench_shipment: --jobs is 1 to %d\n", SHIPMENT_WORKERS_MAX + 1);
		return 2;
	}
	if (db_open(&db, &p, &err) != RD_OK)
		die("connecting", &err);
	for (int i = 0; i < jobs - 1; i++)
		if (db_open(&more[i], &p, &err) != RD_OK)
			die("connecting", &err);
	opt.workers = more;
	opt.nworkers = jobs - 1;
	active = count(db, "SELECT count(*) FROM rd.subscriptions WHERE status = 'active'");
	orders_before = count(db, "SELECT count(*) FROM rd.orders");
	rss_before = max_rss_kb();

	t0 = bench_now_ms();
	if (shipment_generate(db, &opt, &first, &err) != RD_OK)
		die("the shipment run", &err);
	t1 = bench_now_ms();
	opt.date = first.date;
	if (shipment_generate(db, &opt, &second, &err) != RD_OK)
		die("the second run", &err);
	t2 = bench_now_ms();
	orders_after = count(db, "SELECT count(*) FROM rd.orders");

	printf("| shipment run (%s, deliveries through %s, batch %d, jobs %d) | value |\n",
	       date_format_iso(first.date, d), date_format_iso(first.through, through),
	       first.batch, jobs);
	printf("|---|---|\n");
	printf("| active subscriptions | %lld |\n", active);
	printf("| subscriptions due | %lld |\n", first.due);
	printf("| orders created | %lld |\n", first.orders_created);
	printf("| reservations applied / bundled / inserts / skipped | %lld / %lld / %lld / %lld |\n",
	       first.reservations_applied, first.bundled, first.inserts, first.skipped);
	printf("| errors | %lld |\n", first.errors);
	printf("| time | %.1f s |\n", (t1 - t0) / 1000.0);
	printf("| orders/s | %.0f |\n",
	       t1 > t0 ? (double)first.orders_created * 1000.0 / (t1 - t0) : 0.0);
	printf("| client max RSS | %ld kB (%ld kB before the run) |\n", max_rss_kb(), rss_before);
	printf("| second run: orders created, time | %lld, %.1f s |\n", second.orders_created,
	       (t2 - t1) / 1000.0);
	db_free(&db);
	for (int i = 0; i < jobs - 1; i++)
		db_free(&more[i]);
	if (second.orders_created != 0 ||
	    orders_after - orders_before != first.orders_created) {
		fprintf(stderr, "bench_shipment: the counts do not add up (%lld orders more, %lld"
			" created, %lld by the second run)\n", orders_after - orders_before,
			first.orders_created, second.orders_created);
		return 1;
	}
	return 0;
}
