/* check_timeouts.c: the desk's time limits (db/migrations/0135_timeouts.sql)
 * and what an operator reads when one of them ends a transaction
 * (result_error in store/db.c), against a real database.
 *
 * - an agent's session starts with the database's limits (SHOW), whatever
 *   path it comes by;
 * - a record locked by another session: the save waits lock_timeout, then
 *   fails with RD_RETRY and "someone else is changing this record right
 *   now", and nothing of it is written (no change, no history row);
 * - a statement over the time limit: "the database took too long",
 *   nothing saved;
 * - a session left idle inside a transaction is ended by the server: the
 *   next statement says the connection was lost and nothing was kept;
 * - a long job (timeouts_long_job) lifts the limits for its own
 *   transaction only;
 * - a report waits for a lock (a migration's) within its own time limit,
 *   not the desk's 5 s lock limit.
 *
 * Its own runner: tests/lib/pgtmp.sh tests/db/check_timeouts (through
 * tests/db/run-check-timeouts.sh). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbtest.h"
#include "repeatdesk/customer.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/report.h"
#include "repeatdesk/timeouts.h"

#include <time.h>

static char agt[DBT_LOGIN_MAX], sup[DBT_LOGIN_MAX];

static void setup_once(void)
{
	static int done;
	PGconn *admin;

	if (done)
		return;
	done = 1;
	admin = dbt_admin();
	dbt_agent_new(admin, "agent", "tmo", agt);
	dbt_agent_new(admin, "supervisor", "tms", sup);
	PQfinish(admin);
}

static char *show(PGconn *c, const char *name)
{
	char sql[80];

	snprintf(sql, sizeof(sql), "SHOW %s", name);
	return dbt_value(c, sql, 0);
}

START_TEST(an_agent_session_starts_with_the_databases_limits)
{
	PGconn *c = dbt_login(agt);
	char *v;

	v = show(c, "statement_timeout");
	ck_assert_str_eq(v, "15s");
	free(v);
	v = show(c, "lock_timeout");
	ck_assert_str_eq(v, "5s");
	free(v);
	v = show(c, "idle_in_transaction_session_timeout");
	ck_assert_str_eq(v, "1min");
	free(v);
	PQfinish(c);
}
END_TEST

START_TEST(a_locked_record_fails_after_lock_timeout_and_writes_nothing)
{
	PGconn *admin = dbt_admin(), *holder = dbt_admin();
	long long other = dbt_customer_new(admin), locked = dbt_customer_new(admin);
	long long hist_before, hist_after;
	char ob[24], lb[24];
	struct rd_db *db = dbt_store_as(agt, NULL);
	struct customer c;
	struct rd_error err;
	enum rd_status st;

	dbt_itoa(other, ob);
	dbt_itoa(locked, lb);
	/* another session holds the row, as an agent's psql after BEGIN */
	dbt_exec(holder, "BEGIN", 0);
	dbt_exec(holder, "SELECT 1 FROM rd.customers WHERE id = $1 FOR UPDATE", 1, lb);
	hist_before = dbt_int(admin, "SELECT count(*) FROM rd.history", 0);

	/* one transaction of the store: a write that goes through, then
	 * one that meets the lock */
	ck_assert_int_eq(db_begin(db, "lock test", NULL, &err), RD_OK);
	ck_assert_int_eq(db_exec(db, "UPDATE rd.customers SET notes = 'half' WHERE id = $1",
				 1, (const char *[]){ ob }, NULL, &err), RD_OK);
	st = db_exec(db, "UPDATE rd.customers SET notes = 'locked' WHERE id = $1",
		     1, (const char *[]){ lb }, NULL, &err);
	ck_assert_int_eq(st, RD_RETRY);
	ck_assert_msg(strstr(err.msg, "someone else is changing this record right now"),
		      "message: %s", err.msg);
	db_rollback(db);

	/* the store's own save reads the same */
	ck_assert_int_eq(customer_get_by_id(db, locked, &c, &err), RD_OK);
	snprintf(c.notes, sizeof(c.notes), "%s", "via customer_update");
	st = customer_update(db, &c, CUSTOMER_BIT(CUSTOMER_F_NOTES), "lock test", NULL,
			     NULL, &err);
	ck_assert_int_eq(st, RD_RETRY);
	ck_assert_msg(strstr(err.msg, "someone else is changing this record right now"),
		      "message: %s", err.msg);
	dbt_exec(holder, "ROLLBACK", 0);

	hist_after = dbt_int(admin, "SELECT count(*) FROM rd.history", 0);
	ck_assert_int_eq(hist_after, hist_before);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.customers"
				 " WHERE id IN ($1, $2) AND notes IN ('half', 'locked',"
				 " 'via customer_update')", 2, ob, lb), 0);
	/* and once the lock is gone the same save goes through */
	ck_assert_int_eq(customer_get_by_id(db, locked, &c, &err), RD_OK);
	snprintf(c.notes, sizeof(c.notes), "%s", "via customer_update");
	ck_assert_int_eq(customer_update(db, &c, CUSTOMER_BIT(CUSTOMER_F_NOTES), "lock test",
					 NULL, NULL, &err), RD_OK);
	db_free(&db);
	PQfinish(holder);
	PQfinish(admin);
}
END_TEST

START_TEST(a_statement_over_the_limit_says_the_database_took_too_long)
{
	struct rd_db *db = dbt_store_as(agt, NULL);
	struct rd_error err;

	ck_assert_int_eq(db_begin(db, "slow", NULL, &err), RD_OK);
	/* the database's 15 s, shortened for this transaction */
	ck_assert_int_eq(db_exec(db, "SET LOCAL statement_timeout = '200ms'", 0, NULL, NULL,
				 &err), RD_OK);
	ck_assert_int_eq(db_exec(db, "SELECT pg_sleep(3)", 0, NULL, NULL, &err),
			 RD_UNAVAILABLE);
	ck_assert_msg(strstr(err.msg, "the database took too long"), "message: %s", err.msg);
	ck_assert_msg(strstr(err.msg, "nothing was saved"), "message: %s", err.msg);
	db_rollback(db);
	db_free(&db);
}
END_TEST

START_TEST(a_session_idle_in_a_transaction_is_ended)
{
	struct rd_db *db = dbt_store_as(agt, NULL);
	PGconn *admin = dbt_admin();
	struct rd_error err;
	enum rd_status st;

	ck_assert_int_eq(db_begin(db, "idle", NULL, &err), RD_OK);
	/* the database's minute, shortened for this transaction */
	ck_assert_int_eq(db_exec(db, "SET LOCAL idle_in_transaction_session_timeout = '300ms'",
				 0, NULL, NULL, &err), RD_OK);
	sleep(2);
	st = db_exec(db, "SELECT 1", 0, NULL, NULL, &err);
	ck_assert_int_eq(st, RD_UNAVAILABLE);
	ck_assert_msg(strstr(err.msg, "connection to the database was lost"),
		      "message: %s", err.msg);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM pg_stat_activity"
				 " WHERE usename = $1", 1, agt), 0);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(a_long_job_lifts_the_limits_for_its_transaction_only)
{
	struct rd_db *db = dbt_store_as(agt, NULL);
	struct rd_error err;
	char v[3][32];

	ck_assert_int_eq(db_begin(db, NULL, NULL, &err), RD_OK);
	ck_assert_int_eq(timeouts_long_job(db, TIMEOUTS_LOCKS_MINUTE, &err), RD_OK);
	ck_assert_int_eq(db_query_value(db, "SELECT current_setting('statement_timeout')", 0,
					NULL, v[0], sizeof(v[0]), NULL, &err), RD_OK);
	ck_assert_int_eq(db_query_value(db, "SELECT current_setting('lock_timeout')", 0,
					NULL, v[1], sizeof(v[1]), NULL, &err), RD_OK);
	ck_assert_int_eq(db_query_value(db,
		"SELECT current_setting('idle_in_transaction_session_timeout')", 0,
		NULL, v[2], sizeof(v[2]), NULL, &err), RD_OK);
	ck_assert_str_eq(v[0], "0");
	ck_assert_str_eq(v[1], "1min");
	ck_assert_str_eq(v[2], "0");
	ck_assert_int_eq(db_commit(db, &err), RD_OK);
	ck_assert_int_eq(db_query_value(db, "SELECT current_setting('statement_timeout')", 0,
					NULL, v[0], sizeof(v[0]), NULL, &err), RD_OK);
	ck_assert_str_eq(v[0], "15s");
	db_free(&db);
}
END_TEST

START_TEST(a_report_waits_for_a_lock_within_its_own_time_limit)
{
	PGconn *holder = dbt_admin();
	struct rd_db *db = dbt_store_as(sup, NULL);
	struct report_params p;
	struct report_result res;
	struct rd_error err;
	char today[16];
	int32_t day;
	time_t t0;
	enum rd_status st;

	ck_assert_int_eq(db_query_value(db, "SELECT current_date::text", 0, NULL, today,
					sizeof(today), NULL, &err), RD_OK);
	ck_assert_int_eq(date_parse_iso(today, &day, NULL), RD_OK);
	report_params_init(&p, REPORT_CONTINUATION, day);
	/* a migration's lock, held for 7 s: longer than the desk's 5 s */
	dbt_exec(holder, "BEGIN", 0);
	dbt_exec(holder, "LOCK TABLE rd.subscriptions IN ACCESS EXCLUSIVE MODE", 0);
	ck_assert_int_eq(PQsendQuery(holder, "SELECT pg_sleep(7); COMMIT"), 1);
	t0 = time(NULL);
	memset(&res, 0, sizeof(res));
	st = report_run(db, &p, NULL, &res, &err);
	ck_assert_msg(st == RD_OK, "report: %s %s", rd_status_name(st), err.msg);
	ck_assert_int_ge(time(NULL) - t0, 5);
	report_result_free(&res);
	for (PGresult *r; (r = PQgetResult(holder)) != NULL;)
		PQclear(r);
	PQfinish(holder);
	db_free(&db);
}
END_TEST

static Suite *timeouts_suite(void)
{
	Suite *s = suite_create("timeouts");
	TCase *tc = tcase_create("limits");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, an_agent_session_starts_with_the_databases_limits);
	tcase_add_test(tc, a_locked_record_fails_after_lock_timeout_and_writes_nothing);
	tcase_add_test(tc, a_statement_over_the_limit_says_the_database_took_too_long);
	tcase_add_test(tc, a_session_idle_in_a_transaction_is_ended);
	tcase_add_test(tc, a_long_job_lifts_the_limits_for_its_transaction_only);
	tcase_add_test(tc, a_report_waits_for_a_lock_within_its_own_time_limit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!getenv("PGHOST") || !getenv("RD_TEST_ADMIN")) {
		fprintf(stderr, "check_timeouts: no test database; run it as "
				"tests/lib/pgtmp.sh tests/db/check_timeouts\n");
		return EXIT_FAILURE;
	}
	return dbt_run_suite(timeouts_suite(), "check_timeouts");
}
