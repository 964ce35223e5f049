/* bench_reports.c: the supervisors' reports at scale, through store/.
 *
 *   bench/bench_reports [--iterations N] SUPERVISOR_CONNINFO
 *
 * Runs every view of every report kind (report_info) N times with the
 * defaults a supervisor gets (the last 12 months up to the database's
 * today), exactly as `repeatdesk report` and the report screen do
 * (report_run: a READ ONLY transaction, the statement timeout), and
 * prints one markdown table of latencies per view. The first run of each
 * view is a warm-up and not counted. Numbers are reported, never
 * asserted (DESIGN.md). */
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/report.h"
#include "benchutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, const struct rd_error *err)
{
	fprintf(stderr, "bench_reports: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

static int32_t db_today(struct rd_db *db)
{
	char buf[32];
	struct rd_error err;
	int32_t day;

	if (db_query_value(db, "SELECT rd.customer_today()::text", 0, NULL, buf,
			   sizeof(buf), NULL, &err) != RD_OK)
		die("today", &err);
	if (date_parse_iso(buf, &day, &err) != RD_OK)
		die("today", &err);
	return day;
}

static const struct {
	enum report_kind kind;
	const char *view, *by;
	int years;
} variants[] = {
	{ REPORT_CONTINUATION, "cohorts", "product", 0 },
	{ REPORT_CONTINUATION, "cohorts", "media", 0 },
	{ REPORT_CONTINUATION, "cohorts", "", 5 },
	{ REPORT_CONTINUATION, "exits", "", 5 },
	{ REPORT_MEDIA, "summary", "", 5 },
	{ REPORT_MEDIA, "elapsed", "", 5 },
	{ REPORT_RETENTION, "reasons", "", 5 },
	{ REPORT_WORKLOAD, "days", "", 5 },
};

/* Runs p iterations times (after one warm-up) and prints its row. */
static void bench_one(struct rd_db *db, const struct report_params *p,
		      const char *label, int iterations, double *lat)
{
	const struct report_info *info = report_info(p->kind);
	struct report_result res;
	struct rd_error err;
	int rows = 0;

	for (int i = -1; i < iterations; i++) {
		double t0 = bench_now_ms();

		if (report_run(db, p, NULL, &res, &err) != RD_OK) {
			/* said in the table; the other views still run */
			printf("| %s / %s%s | failed: %s |||||\n", info->name, p->view,
			       label, err.msg);
			return;
		}
		if (i >= 0)
			lat[i] = bench_now_ms() - t0;
		rows = table_rows(res.table);
		report_result_free(&res);
	}
	printf("| %s / %s%s | %d | %d | %.1f | %.1f | %.1f | %.1f |\n", info->name,
	       p->view, label, rows, iterations, bench_percentile(lat, iterations, 0.50),
	       bench_percentile(lat, iterations, 0.95),
	       bench_percentile(lat, iterations, 0.99),
	       bench_percentile(lat, iterations, 1.0));
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct db_params p = { .application_name = "bench_reports" };
	struct rd_db *db = NULL;
	struct rd_error err;
	int iterations = 20;
	int32_t today;
	double *lat;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
			iterations = atoi(argv[++i]);
		else
			p.conninfo = argv[i];
	}
	if (!p.conninfo || iterations < 1) {
		fprintf(stderr, "usage: bench_reports [--iterations N] SUPERVISOR_CONNINFO\n");
		return 2;
	}
	if (db_open(&db, &p, &err) != RD_OK)
		die(p.conninfo, &err);
	today = db_today(db);
	lat = calloc((size_t)iterations, sizeof(*lat));
	if (!lat)
		return 1;
	printf("| report / view | rows | runs | p50 ms | p95 ms | p99 ms | max ms |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|\n");
	for (int k = 0; k < REPORT_KIND_COUNT; k++) {
		const struct report_info *info = report_info((enum report_kind)k);

		for (int v = 0; v < REPORT_VIEWS_MAX && info->views[v].name; v++) {
			struct report_params rp;

			report_params_init(&rp, (enum report_kind)k, today);
			snprintf(rp.view, sizeof(rp.view), "%s", info->views[v].name);
			bench_one(db, &rp, "", iterations, lat);
		}
	}
	/* the heaviest variants: a group per product or media code, and the
	 * whole five years of the demo instead of one */
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		struct report_params rp;
		char label[64];

		report_params_init(&rp, variants[i].kind, today);
		snprintf(rp.view, sizeof(rp.view), "%s", variants[i].view);
		snprintf(rp.by, sizeof(rp.by), "%s", variants[i].by);
		if (variants[i].years)
			rp.from = date_add_months(today, -12 * variants[i].years) + 1;
		snprintf(label, sizeof(label), "%s%s%s", variants[i].by[0] ? ", by " : "",
			 variants[i].by, variants[i].years ? ", 5 years" : "");
		bench_one(db, &rp, label, iterations, lat);
	}
	free(lat);
	db_free(&db);
	return 0;
}
