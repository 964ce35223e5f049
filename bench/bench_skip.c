/* bench_skip.c: how long a skip request takes end to end, through store/.
 *
 *   bench/bench_skip [--iterations N] [--seconds S] [--no-pgbench] CONNINFO
 *
 * Against a seeded database (repeatdesk db seed --customers 1000000),
 * logged in as an agent, it skips the next delivery of N different active
 * subscriptions through subscription_apply exactly as the screen does
 * after the agent confirms: the request id look-up, the rules (settings
 * and holidays), the subscription with its lines and skips, the preview,
 * the optimistic UPDATE, the skip row, the request id's row, the history
 * rows (triggers) and the commit (one statement after the read, see
 * write_one in store/subscription.c). It also times the preview alone
 * (subscription_preview: what the screen shows before the agent
 * confirms), the same request retried (its request id answers), undoing
 * the skip, and subrule_preview alone (the pure rules, no database).
 *
 * pgbench (-n -c 1 -M extended, in four slices between quarters of the
 * iterations so that both meet the same load on a shared machine)
 * replays the statements the timed skips of the quarter before sent,
 * traced with db_trace() (bench/pgtrace.h), each once: store/'s own SQL,
 * nothing copied by hand to keep in step (tests/db/check_bench_scripts).
 * The ratio store/pgbench is what the terminal adds on top of
 * PostgreSQL. S is the floor's pgbench time (a few seconds).
 *
 * Prints one markdown table. bench/skip.sh sets up the database and calls
 * this. Numbers are reported, never asserted. */
#include "repeatdesk/db.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"
#include "benchutil.h"
#include "pgtrace.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SLICES 4   /* pgbench runs between quarters of the iterations */

static long long *ids;
static int nids;
static long long max_sub_id;

static void die(const char *what, const struct rd_error *err)
{
	fprintf(stderr, "bench_skip: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

/* Active subscriptions whose next delivery can still be skipped and that
 * skipped nothing since their last delivery (so the rule of skips in a
 * row never refuses), in random order. */
static void load_samples(struct rd_db *db, int want)
{
	struct db_rows r;
	struct rd_error err;
	char n[16], v[32];
	const char *params[1] = { n };

	snprintf(n, sizeof(n), "%d", want);
	if (db_query(db,
		"SELECT s.id FROM rd.subscriptions s"
		" WHERE s.status = 'active' AND s.next_date > current_date + 10"
		"   AND NOT EXISTS (SELECT 1 FROM rd.subscription_skips k WHERE k.subscription_id = s.id"
		"                    AND k.delivery_no = s.delivery_count + 1)"
		" ORDER BY random() LIMIT $1::int", 1, params, &r, &err) != RD_OK)
		die("sampling subscriptions", &err);
	ids = calloc((size_t)r.nrows + 1, sizeof(*ids));
	for (int i = 0; i < r.nrows; i++)
		ids[nids++] = strtoll(db_rows_get(&r, i, 0), NULL, 10);
	db_rows_free(&r);
	if (db_query_value(db, "SELECT max(id) FROM rd.subscriptions", 0, NULL, v, sizeof(v), NULL,
			   &err) != RD_OK)
		die("subscriptions", &err);
	max_sub_id = strtoll(v, NULL, 10);
	if (nids < want) {
		fprintf(stderr, "bench_skip: only %d active subscriptions to skip; seed more customers"
			" (repeatdesk db seed --customers N)\n", nids);
		if (nids < 10)
			exit(1);
	}
}

static void uuid(char out[37], unsigned long long n)
{
	snprintf(out, 37, "%08llx-0000-4000-8000-%012llx", (unsigned long long)rand() & 0xffffffffull,
		 n & 0xffffffffffffull);
}

/* ---- pgbench ---------------------------------------------------------- */

/* pgbench replays the statements the timed skips sent, traced with
 * db_trace() (bench/pgtrace.h), each once: a fresh request id, and the
 * version the skip updates two on (the skip was undone after). */
static int pgbench_replay(const char *conninfo, struct pgscript *ps, double **lat, size_t *n,
		  size_t *cap)
{
	char errbuf[2000];
	int rc = 0;

	if (ps->ntrace > 1) {
		rc = pgscript_run(ps, conninfo, "extended", lat, n, cap, errbuf, sizeof(errbuf));
		if (rc != 0)
			fprintf(stderr, "bench_skip: pgbench failed:\n%s\n", errbuf);
	}
	pgscript_free(ps);
	pgscript_init(ps);
	return rc;
}

/* The floor: a transaction that only commits (an xid, so the commit
 * record is flushed as every request's is). */
static const char floor_script[] =
	"BEGIN;\n"
	"SELECT txid_current();\n"
	"COMMIT;\n";

int main(int argc, char **argv)
{
	int iterations = 2000, seconds = 20, pgbench = 1, done = 0, refused = 0;
	const char *conninfo = NULL;
	struct db_params p = { .application_name = "bench_skip" };
	struct rd_db *db = NULL;
	struct rd_error err;
	struct subscription_request req;
	struct subscription_result res;
	struct subrule_preview *pv = calloc(1, sizeof(*pv));
	double *skip, *preview, *replay, *unskip, pure[1000];
	double pg50 = -1, pg99 = -1, fl50 = -1, fl99 = -1;
	double *pglat = NULL, *fllat = NULL;
	size_t npglat = 0, pgcap = 0, nfllat = 0, flcap = 0;
	long pgcount = 0, flcount = 0;
	int pgbench_failed = 0, next_slice = 0, slice_seconds;
	char customers[32] = "?", subs[32] = "?";
	char nsub[64];
	const char *defines[] = { nsub, NULL };
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
			fprintf(stderr, "usage: bench_skip [--iterations N] [--seconds S] [--no-pgbench] CONNINFO\n");
			return 2;
		}
	}
	if (iterations < 10)
		iterations = 10;
	slice_seconds = seconds / SLICES > 0 ? seconds / SLICES : 1;
	pgscript_init(&ps);
	p.conninfo = conninfo ? conninfo : "";
	if (!pv || db_open(&db, &p, &err) != RD_OK)
		die("connect", &err);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());   /* fresh request ids on a reused database */
	load_samples(db, iterations + 50);
	db_query_value(db, "SELECT to_char(count(*), 'FM9,999,999,999') FROM rd.customers", 0,
		       NULL, customers, sizeof(customers), NULL, &err);
	db_query_value(db, "SELECT to_char(count(*), 'FM9,999,999,999') FROM rd.subscriptions"
		       " WHERE status = 'active'", 0, NULL, subs, sizeof(subs), NULL, &err);
	snprintf(nsub, sizeof(nsub), "nsub=%lld", max_sub_id);
	skip = calloc((size_t)nids, sizeof(double));
	preview = calloc((size_t)nids, sizeof(double));
	replay = calloc((size_t)nids, sizeof(double));
	unskip = calloc((size_t)nids, sizeof(double));
	if (!skip || !preview || !replay || !unskip)
		return 1;

	for (int i = 0; i < nids && done < iterations; i++) {
		/* pgbench in between, so that both see the same machine (on a
		 * shared one, the load changes from minute to minute) */
		if (pgbench && !pgbench_failed && done >= next_slice) {
			if (pgbench_replay(conninfo ? conninfo : "", &ps, &pglat, &npglat, &pgcap) != 0)
				pgbench_failed = 1;
			next_slice += iterations / SLICES;
		}
		char rid[37], rid2[37];
		bool warm = i < 50;
		double t0;
		int version = 0;
		enum rd_status st;

		uuid(rid, (unsigned long long)i);
		uuid(rid2, (unsigned long long)i + 1000000);
		subscription_request_init(&req, ids[i], SUBRULE_SKIP);
		req.reason = "bench: 旅行のため";
		t0 = bench_now_ms();
		if (subscription_preview(db, &req, pv, &version, &err) != RD_OK)
			die("preview", &err);
		if (!warm)
			preview[done] = bench_now_ms() - t0;
		if (pv->status != RD_OK) {
			refused++;
			continue;
		}
		req.version = version;
		req.request_id = rid;
		pgtrace_init(&tr);
		if (pgbench && !warm)
			pgtrace_start(db, &tr);
		t0 = bench_now_ms();
		st = subscription_apply(db, &req, NULL, &res, &err);
		if (!warm)
			skip[done] = bench_now_ms() - t0;
		pgtrace_stop(db);
		if (st == RD_REFUSED) {
			pgtrace_free(&tr);
			refused++;
			continue;
		}
		if (st != RD_OK)
			die("skip", &err);
		if (pgbench && !warm) {
			char ver[16];

			pgtrace_fresh_uuids(&tr);
			snprintf(ver, sizeof(ver), "%d", version + 2);
			pgtrace_set_after(&tr, "UPDATE rd.subscriptions", "version = $", ver);
			pgscript_add(&ps, &tr);
		}
		pgtrace_free(&tr);
		t0 = bench_now_ms();
		if (subscription_apply(db, &req, NULL, &res, &err) != RD_OK || !res.replayed)
			die("retried skip", &err);
		if (!warm)
			replay[done] = bench_now_ms() - t0;
		subscription_request_init(&req, ids[i], SUBRULE_UNSKIP);
		req.reason = "bench: やはり届けて";
		req.request_id = rid2;
		t0 = bench_now_ms();
		if (subscription_apply(db, &req, NULL, &res, &err) != RD_OK)
			die("unskip", &err);
		if (!warm)
			unskip[done++] = bench_now_ms() - t0;
	}
	if (pgbench && !pgbench_failed &&
	    pgbench_replay(conninfo ? conninfo : "", &ps, &pglat, &npglat, &pgcap) != 0)
		pgbench_failed = 1;
	pgscript_free(&ps);
	/* the pure rules: what the screen recomputes while the agent looks */
	{
		struct subscription_state *s = calloc(1, sizeof(*s));
		struct subscription_rules *r = calloc(1, sizeof(*r));

		if (!s || !r || subscription_rules_load(db, SUBSCRIPTION_TODAY, r, &err) != RD_OK ||
		    subscription_read(db, ids[0], false, s, &err) != RD_OK)
			die("rules", &err);
		subrule_request_init(&req.rq, SUBRULE_SKIP);
		for (int i = 0; i < 1000; i++) {
			double t0 = bench_now_ms();

			for (int k = 0; k < 100; k++)
				subrule_preview(&s->sub, &r->rules, &req.rq, r->today, pv);
			pure[i] = (bench_now_ms() - t0) * 1000.0 / 100.0;   /* us */
		}
		free(s);
		free(r);
	}
	db_free(&db);
	if (pgbench && !pgbench_failed && npglat) {
		pgcount = (long)npglat;
		pg50 = bench_percentile(pglat, (int)npglat, 0.50);
		pg99 = bench_percentile(pglat, (int)npglat, 0.99);
	}
	if (pgbench && bench_pgbench(conninfo ? conninfo : "", floor_script, slice_seconds, defines,
				   &fllat, &nfllat, &flcap) == 0) {
		flcount = (long)nfllat;
		fl50 = bench_percentile(fllat, (int)nfllat, 0.50);
		fl99 = bench_percentile(fllat, (int)nfllat, 0.99);
	}
	free(pglat);
	free(fllat);

	printf("\nskip request at %s customers, %s active subscriptions (%d skips, store/ through"
	       " libpq; %d refused by the rules and left out; pgbench -n -c 1 -M extended replaying"
	       " the statements they sent, in %d slices between them: %ld)\n\n", customers, subs, done,
	       refused, SLICES, pgcount);
	printf("| operation | p50 | p99 | pgbench p50 | pgbench p99 | ratio p50 | ratio p99 | goal p99 |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
	{
		double s50 = bench_percentile(skip, done, 0.50), s99 = bench_percentile(skip, done, 0.99);

		if (pg50 > 0)
			printf("| skip, end to end (subscription_apply) | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f | %.2f | 5 ms |\n",
			       s50, s99, pg50, pg99, s50 / pg50, s99 / pg99);
		else
			printf("| skip, end to end (subscription_apply) | %.2f ms | %.2f ms | - | - | - | - | 5 ms |\n",
			       s50, s99);
	}
	printf("| preview (subscription_preview) | %.2f ms | %.2f ms | | | | | |\n",
	       bench_percentile(preview, done, 0.50), bench_percentile(preview, done, 0.99));
	printf("| retried skip, same request id | %.2f ms | %.2f ms | | | | | |\n",
	       bench_percentile(replay, done, 0.50), bench_percentile(replay, done, 0.99));
	printf("| undo the skip (unskip) | %.2f ms | %.2f ms | | | | | |\n",
	       bench_percentile(unskip, done, 0.50), bench_percentile(unskip, done, 0.99));
	printf("| rules and preview alone (subrule_preview) | %.2f us | %.2f us | | | | | |\n",
	       bench_percentile(pure, 1000, 0.50), bench_percentile(pure, 1000, 0.99));
	if (fl50 > 0)
		printf("| floor: a transaction that only commits (pgbench, %ld) | | | %.2f ms | %.2f ms | | | |\n",
		       flcount, fl50, fl99);
	free(skip);
	free(preview);
	free(replay);
	free(unskip);
	free(ids);
	free(pv);
	return 0;
}
