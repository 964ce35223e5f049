/* check_report_wait.c: db_query_wait, the cancellable query every report
 * runs through (report.h, issue 13).
 *
 * A report is stopped the way the command line's Ctrl-C and the
 * terminal's Esc stop it: the wait callback returns true and the server
 * is asked to cancel. The query must end quickly (not after its 30 s),
 * give RD_CANCELLED with "stopped as asked", leave the connection usable
 * and, once report_run's READ ONLY transaction is rolled back, hold no
 * lock. A statement_timeout gives RD_CANCELLED too, with the message that
 * says the report took too long. Its own runner:
 * tests/db/run-check-report-wait.sh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dbtest.h"
#include "repeatdesk/db.h"

static char super_login[DBT_LOGIN_MAX];

static void setup_once(void)
{
	static bool done;
	PGconn *admin;

	if (done)
		return;
	done = true;
	admin = dbt_admin();
	dbt_agent_new(admin, "supervisor", "rwsv", super_login);
	PQfinish(admin);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct waited {
	double stop_after;   /* seconds; < 0: never stop */
	int calls;
};

static bool stop_after(void *ctx, double elapsed)
{
	struct waited *w = ctx;

	w->calls++;
	return w->stop_after >= 0 && elapsed >= w->stop_after;
}

static long long backend_pid(struct rd_db *db)
{
	struct db_rows r;
	struct rd_error err;
	long long pid;

	ck_assert_msg(db_query(db, "SELECT pg_backend_pid()", 0, NULL, &r, &err) == RD_OK,
		      "%s", err.msg);
	pid = atoll(db_rows_get(&r, 0, 0));
	db_rows_free(&r);
	return pid;
}

/* Locks the backend pid holds, seen from another connection. */
static long long locks_of(long long pid)
{
	return dbt_q_int("SELECT count(*) FROM pg_locks WHERE pid = $1", pid);
}

START_TEST(a_cancelled_query_stops_quickly_and_leaves_nothing_locked)
{
	struct rd_db *db = dbt_store_as(super_login, NULL);
	struct waited w = { .stop_after = 0.3 };
	struct db_rows r;
	struct rd_error err;
	long long pid = backend_pid(db);
	double t0, took;
	enum rd_status st;

	/* as report_run: a READ ONLY transaction that has read a table */
	ck_assert_int_eq(db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
				 0, NULL, NULL, &err), RD_OK);
	ck_assert_int_eq(db_query(db, "SELECT count(*) FROM rd.products", 0, NULL,
				  &r, &err), RD_OK);
	db_rows_free(&r);
	ck_assert_int_gt(locks_of(pid), 0);

	t0 = now_s();
	st = db_query_wait(db, "SELECT pg_sleep(30)", 0, NULL, &r, stop_after, &w, &err);
	took = now_s() - t0;
	ck_assert_int_eq(st, RD_CANCELLED);
	ck_assert_msg(strstr(err.msg, "stopped as asked") != NULL, "message: %s", err.msg);
	ck_assert_msg(took >= 0.25 && took < 5.0, "took %.2f s", took);
	ck_assert_int_ge(w.calls, 2);   /* asked about every 100 ms */

	db_rollback(db);
	ck_assert_int_eq(locks_of(pid), 0);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM pg_stat_activity"
				   " WHERE pid = $1 AND state <> 'idle'", pid), 0);

	/* the connection goes on */
	ck_assert_int_eq(db_query(db, "SELECT 41 + 1", 0, NULL, &r, &err), RD_OK);
	ck_assert_str_eq(db_rows_get(&r, 0, 0), "42");
	db_rows_free(&r);
	ck_assert(db_is_ok(db));
	db_free(&db);
}
END_TEST

START_TEST(a_statement_timeout_is_cancelled_with_its_own_message)
{
	struct rd_db *db = dbt_store_as(super_login, NULL);
	struct waited w = { .stop_after = -1 };
	struct db_rows r;
	struct rd_error err;
	const char *params[1] = { "300" };
	long long pid;
	double t0, took;
	enum rd_status st;

	/* Under libfaketime (scripts/check --faketime) the server's interval
	 * timers are shifted and statement_timeout does not fire on time:
	 * this checks time itself, not a day, so it runs on the real clock */
	if (getenv("FAKETIME")) {
		fprintf(stderr, "# statement timeout: skipped under libfaketime\n");
		db_free(&db);
		return;
	}
	pid = backend_pid(db);
	ck_assert_int_eq(db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
				 0, NULL, NULL, &err), RD_OK);
	ck_assert_int_eq(db_query(db, "SELECT set_config('statement_timeout', $1, true)",
				  1, params, &r, &err), RD_OK);
	db_rows_free(&r);
	t0 = now_s();
	st = db_query_wait(db, "SELECT pg_sleep(30)", 0, NULL, &r, stop_after, &w, &err);
	took = now_s() - t0;
	ck_assert_int_eq(st, RD_CANCELLED);
	ck_assert_msg(strstr(err.msg, "took longer") != NULL, "message: %s", err.msg);
	ck_assert_msg(strstr(err.msg, "stopped as asked") == NULL, "message: %s", err.msg);
	ck_assert_msg(took < 5.0, "took %.2f s", took);
	db_rollback(db);
	ck_assert_int_eq(locks_of(pid), 0);
	ck_assert_int_eq(db_query(db, "SELECT 1", 0, NULL, &r, &err), RD_OK);
	db_rows_free(&r);
	db_free(&db);
}
END_TEST

/* A query that ends before the callback says stop gives its rows. */
START_TEST(a_query_that_ends_gives_its_rows)
{
	struct rd_db *db = dbt_store_as(super_login, NULL);
	struct waited w = { .stop_after = 10.0 };
	struct db_rows r;
	struct rd_error err;

	ck_assert_int_eq(db_query_wait(db, "SELECT pg_sleep(0.3), 7", 0, NULL, &r,
				       stop_after, &w, &err), RD_OK);
	ck_assert_str_eq(db_rows_get(&r, 0, 1), "7");
	ck_assert_int_ge(w.calls, 1);
	db_rows_free(&r);
	db_free(&db);
}
END_TEST

static Suite *report_wait_suite(void)
{
	Suite *s = suite_create("report_wait");
	TCase *tc = tcase_create("report_wait");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, a_cancelled_query_stops_quickly_and_leaves_nothing_locked);
	tcase_add_test(tc, a_statement_timeout_is_cancelled_with_its_own_message);
	tcase_add_test(tc, a_query_that_ends_gives_its_rows);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dbt_run_suite(report_wait_suite(), "report_wait");
}
