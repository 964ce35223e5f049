/* check_bench_scripts.c: bench/run's pgbench scripts say what store/
 * says.
 *
 * For every operation bench/bench_desk measures (the lookup keystrokes
 * and the card open through the UI's shell, order quote and submit, skip
 * preview and skip), on a small seeded database (run-check-bench-
 * scripts.sh): the operation is run for a few random keys exactly as the
 * benchmark runs it, with its statements traced (db_trace), and the
 * pgbench script the benchmark would give pgbench is built from them.
 * Then:
 *
 *   - the script, read back statement by statement as pgbench reads it,
 *     holds the statements each operation sent, in order, and no other
 *     (texts compared with $n, :variables and literals normalized): a
 *     change in store/ or ui/ that the script would not follow fails
 *     here;
 *   - pgbench runs the script to the end without an error (every
 *     variable defined, every \gset bound, the writes replayable).
 *
 * Needs pgbench (SKIP otherwise, in the runner). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "desk.h"
#include "dbtest.h"
#include "pgtrace.h"
#include "repeatdesk/sbuf.h"

#define KEYS 3

static struct rd_db *db;
static char login[DBT_LOGIN_MAX];
static char conninfo[128];

static void setup(void)
{
	PGconn *admin = dbt_admin();
	char pw[64];

	dbt_agent_new(admin, "agent", "bsc", login);
	PQfinish(admin);
	db = dbt_store_as(login, "check_bench_scripts");
	dbt_password(login, pw, sizeof(pw));
	setenv("PGPASSWORD", pw, 1);      /* for pgbench */
	snprintf(conninfo, sizeof(conninfo), "user=%s", login);
}

static void teardown(void)
{
	bench_desk_done();
	db_free(&db);
}

/* The SQL statements of branch `branch` (rd_i = branch) of a script made
 * by pgscript_text, as pgbench splits them: a statement ends at a ';'
 * (or a \gset) outside quotes. Returns how many (up to max), each
 * malloc'd. */
static const char *line_end(const char *p)
{
	const char *e = strchr(p, '\n');

	return e ? e : p + strlen(p);
}

static int branch_statements(const char *text, int branch, char **out, int max)
{
	const char *p = text;
	int cur = 0, n = 0;

	while (*p) {
		if (*p == '\n') {
			p++;
			continue;
		}
		if (*p == '\\') {           /* a meta-command line */
			int k;

			if (sscanf(p, "\\if :rd_i = %d", &k) == 1 ||
			    sscanf(p, "\\elif :rd_i = %d", &k) == 1)
				cur = k;
			else if (strncmp(p, "\\else", 5) == 0 || strncmp(p, "\\endif", 6) == 0)
				cur = -1;
			p = line_end(p);
			continue;
		}
		{
			const char *s = p;
			bool q = false, e = false;

			for (; *p; p++) {
				if (q) {
					if (e && *p == '\\' && p[1])
						p++;
					else if (*p == '\'' && p[1] == '\'')
						p++;
					else if (*p == '\'')
						q = false;
					continue;
				}
				if (*p == '\'') {
					q = true;
					e = p > s && (p[-1] == 'E' || p[-1] == 'e');
				} else if (*p == ';' || *p == '\\') {
					break;
				}
			}
			if (cur == branch && n < max)
				out[n++] = strndup(s, (size_t)(p - s));
			p = line_end(p);
		}
	}
	return n;
}

static void check_op(int op)
{
	struct bench_desk_traces t = { 0 };
	struct sbuf text;
	double *lat = NULL;
	size_t nlat = 0, cap = 0;
	char errbuf[2000];
	const char *name = bench_desk_op_name(op);

	ck_assert_int_gt(bench_desk_collect(db, conninfo, op, KEYS, &t), 1);
	ck_assert_int_eq(t.script.ntrace, t.n);
	sbuf_init(&text);
	pgscript_text(&t.script, &text);
	for (int b = 0; b < t.n; b++) {
		const struct pgtrace *tr = &t.traces[b];
		char *stmts[256];
		int n = branch_statements(text.buf, b + 1, stmts, 256);

		ck_assert_msg(tr->n > 0, "%s: key %d sent nothing", name, b);
		ck_assert_msg((size_t)n == tr->n,
			      "%s: key %d sent %zu statements, the pgbench script has %d",
			      name, b, tr->n, n);
		for (int i = 0; i < n; i++) {
			struct sbuf want, got;

			sbuf_init(&want);
			sbuf_init(&got);
			pgtrace_normalize(&want, tr->s[i].sql);
			pgtrace_normalize(&got, stmts[i]);
			ck_assert_msg(strcmp(want.buf, got.buf) == 0,
				      "%s: statement %d drifted:\n store/ sent: %s\n pgbench runs: %s",
				      name, i + 1, want.buf, got.buf);
			sbuf_done(&want);
			sbuf_done(&got);
			free(stmts[i]);
		}
	}
	ck_assert_msg(pgscript_run(&t.script, conninfo, "extended", &lat, &nlat, &cap, errbuf,
				   sizeof(errbuf)) == 0,
		      "%s: pgbench failed on the script:\n%s", name, errbuf);
	ck_assert_msg(nlat == (size_t)t.n - 1, "%s: pgbench ran %zu of %d operations", name,
		      nlat + 1, t.n);
	free(lat);
	sbuf_done(&text);
	for (int i = 0; i < t.n; i++)
		pgtrace_free(&t.traces[i]);
	free(t.traces);
	pgscript_free(&t.script);
}

START_TEST(each_operation)
{
	check_op(_i);
}
END_TEST

/* The rewriting itself: a colon in a literal, a repeated $n, an empty
 * and a null parameter; pgbench -M prepared runs the result. */
START_TEST(rewriting)
{
	struct pgtrace t;
	struct pgscript ps;
	struct sbuf out, a, b;
	const char *p1[] = { "x:y", NULL, "" };
	const char *p2[] = { "42", "42" };

	pgtrace_init(&t);
	pgtrace_start(db, &t);
	{
		struct db_rows r;
		struct rd_error err;

		ck_assert_int_eq(db_query(db, "SELECT to_char(now(), 'HH24:MI'), $1::text, $1::text,"
					  " $2::int IS NULL, $3::text = ''", 3, p1, &r, &err), RD_OK);
		db_rows_free(&r);
		ck_assert_int_eq(db_query(db, "SELECT $1::int + $2::int AS id", 2, p2, &r, &err),
				 RD_OK);
		db_rows_free(&r);
	}
	pgtrace_stop(db);
	ck_assert_uint_eq(t.n, 2);
	sbuf_init(&out);
	pgscript_init(&ps);
	pgscript_add(&ps, &t);
	pgscript_add(&ps, &t);
	pgscript_text(&ps, &out);
	ck_assert_msg(strstr(out.buf, "E'HH24\\x3aMI'") != NULL, "%s", out.buf);
	ck_assert_msg(strstr(out.buf, ":t1_0_1::text, E'x\\x3ay'::text") != NULL, "%s", out.buf);
	ck_assert_msg(strstr(out.buf, "NULL::int IS NULL, ''::text = ''") != NULL, "%s", out.buf);
	sbuf_init(&a);
	sbuf_init(&b);
	pgtrace_normalize(&a, t.s[0].sql);
	pgtrace_normalize(&b, "SELECT to_char(now(),  E'HH24\\x3aMI'), :t1_0_1::text, E'x\\x3ay'::text,"
			  " NULL::int IS NULL, ''::text = '';");
	ck_assert_str_eq(a.buf, b.buf);
	{
		double *lat = NULL;
		size_t nlat = 0, cap = 0;
		char errbuf[1000];

		ck_assert_msg(pgscript_run(&ps, conninfo, "prepared", &lat, &nlat, &cap, errbuf,
					   sizeof(errbuf)) == 0, "%s\n%s", errbuf, out.buf);
		ck_assert_uint_eq(nlat, 1);
		free(lat);
	}
	sbuf_done(&a);
	sbuf_done(&b);
	sbuf_done(&out);
	pgscript_free(&ps);
	pgtrace_free(&t);
}
END_TEST

static Suite *bench_scripts_suite(void)
{
	Suite *s = suite_create("bench_scripts");
	TCase *tc = tcase_create("bench_scripts");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, DBT_TIMEOUT * 2);
	tcase_add_test(tc, rewriting);
	tcase_add_loop_test(tc, each_operation, 0, bench_desk_ops());
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dbt_run_suite(bench_scripts_suite(), "bench_scripts");
}
