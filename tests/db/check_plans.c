/* check_plans.c: the plan cache of store/db.c (issue 15), against a real
 * database, looking at the session's own pg_prepared_statements:
 *
 * - with prepare on, a store call's statements are prepared once (named
 *   rd..., protocol level) and a second call prepares nothing more;
 *   BEGIN and COMMIT are never prepared; db_query_wait prepares too;
 * - prepare off prepares nothing; auto prepares, unless a LISTEN
 *   connection of its own is set (the transaction-pool deployment);
 * - the safety net: statements gone from the server (DEALLOCATE ALL, as
 *   a DISCARD ALL or another server connection behind a pool would do)
 *   are sent again unnamed outside a transaction, transparently and
 *   traced once; inside one the statement fails with RD_RETRY and says
 *   why; db_begin starts again by itself; preparing stays off after;
 * - a migration that changes what a prepared statement returns (0A000)
 *   costs no failure outside a transaction and an RD_RETRY inside;
 * - a reconnect starts with an empty cache (its statements are prepared
 *   on the new connection, not lost);
 * - the cache is bounded: past its size texts go unnamed and still run.
 *
 * Its own runner: tests/lib/pgtmp.sh tests/db/check_plans (through
 * tests/db/run-check-plans.sh). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "repeatdesk/agent.h"
#include "repeatdesk/db.h"

static char agt[DBT_LOGIN_MAX];

static void setup_once(void)
{
	static int done;
	PGconn *admin;

	if (done)
		return;
	done = 1;
	admin = dbt_admin();
	dbt_agent_new(admin, "agent", "pln", agt);
	PQfinish(admin);
}

/* The store as the test agent with a prepare setting and, when listen is
 * not NULL, a LISTEN connection of its own. */
static struct rd_db *store(enum db_prepare prepare, const char *listen)
{
	struct db_params p = { .conninfo = "", .user = agt, .application_name = "check_plans",
			       .listen_conninfo = listen, .prepare = prepare };
	char pw[64];
	struct rd_db *db = NULL;
	struct rd_error err;

	dbt_password(agt, pw, sizeof(pw));
	p.password = pw;
	ck_assert_msg(db_open(&db, &p, &err) == RD_OK, "db_open: %s", err.msg);
	return db;
}

/* The store as the cluster's superuser (may create tables). */
static struct rd_db *store_admin(void)
{
	struct db_params p = { .conninfo = "", .user = getenv("RD_TEST_ADMIN"),
			       .prepare = DB_PREPARE_ON };
	struct rd_db *db = NULL;
	struct rd_error err;

	ck_assert_msg(db_open(&db, &p, &err) == RD_OK, "db_open: %s", err.msg);
	return db;
}

static long long value(struct rd_db *db, const char *sql, const char *param)
{
	const char *params[1] = { param };
	char out[64];
	struct rd_error err;
	enum rd_status st = db_query_value(db, sql, param ? 1 : 0, params, out, sizeof(out),
					   NULL, &err);

	ck_assert_msg(st == RD_OK, "%s: %s", sql, err.msg);
	return atoll(out);
}

/* Statements prepared in db's own session, this count's own text left
 * out (it is prepared too when preparing is on). */
static long long prepared(struct rd_db *db)
{
	return value(db, "SELECT count(*) FROM pg_prepared_statements"
			 " WHERE statement NOT LIKE '%pg_prepared_statements%'", NULL);
}

/* How many times sql is prepared in db's session, by a name of the
 * store's (protocol level, not a PREPARE). */
static long long times_prepared(struct rd_db *db, const char *sql)
{
	return value(db, "SELECT count(*) FROM pg_prepared_statements"
			 " WHERE statement = $1 AND name LIKE 'rd%' AND NOT from_sql", sql);
}

static bool is_prepared(struct rd_db *db, const char *sql)
{
	return times_prepared(db, sql) == 1;
}

/* What the trace saw. */
struct seen {
	int n;
	char *sql[64];
};

static void on_trace(void *arg, const char *sql, int nparams, const char *const *params)
{
	struct seen *s = arg;

	(void)nparams;
	(void)params;
	if (s->n < 64)
		s->sql[s->n] = strdup(sql);
	s->n++;
}

static void seen_free(struct seen *s)
{
	for (int i = 0; i < s->n && i < 64; i++)
		free(s->sql[i]);
	memset(s, 0, sizeof(*s));
}

static void whoami(struct rd_db *db)
{
	struct agent_info me;
	struct rd_error err;
	enum rd_status st = agent_whoami(db, &me, &err);

	ck_assert_msg(st == RD_OK, "agent_whoami: %s %s", rd_status_name(st), err.msg);
	ck_assert_str_eq(me.login, agt);
}

static const char add_one[] = "SELECT $1::int + 1";

START_TEST(a_store_calls_statements_are_prepared_once)
{
	struct rd_db *db = store(DB_PREPARE_ON, NULL);
	struct seen s = { 0 };
	struct rd_error err;
	long long n1;

	db_trace(db, on_trace, &s);
	whoami(db);
	db_trace(db, NULL, NULL);
	ck_assert_int_gt(s.n, 0);
	for (int i = 0; i < s.n; i++)
		ck_assert_msg(is_prepared(db, s.sql[i]), "not prepared: %s", s.sql[i]);
	n1 = prepared(db);
	ck_assert_int_ge(n1, s.n);
	whoami(db);
	whoami(db);
	ck_assert_int_eq(prepared(db), n1);
	seen_free(&s);

	/* a transaction: its settings statement is prepared, BEGIN and
	 * COMMIT (nothing to plan) are not */
	ck_assert_int_eq(db_begin(db, "plans", NULL, &err), RD_OK);
	ck_assert_int_eq(value(db, add_one, "41"), 42);
	ck_assert_int_eq(db_commit(db, &err), RD_OK);
	ck_assert(is_prepared(db, add_one));
	ck_assert_int_eq(value(db, "SELECT count(*) FROM pg_prepared_statements"
				   " WHERE statement IN ('BEGIN', 'COMMIT')", NULL), 0);
	ck_assert_int_eq(prepared(db), n1 + 2);
	db_free(&db);
}
END_TEST

START_TEST(a_waited_query_is_prepared_too)
{
	struct rd_db *db = store(DB_PREPARE_ON, NULL);
	const char *params[1] = { "6" };
	struct db_rows rows;
	struct rd_error err;

	for (int i = 0; i < 2; i++) {
		ck_assert_msg(db_query_wait(db, add_one, 1, params, &rows, NULL, NULL, &err) == RD_OK,
			      "%s", err.msg);
		ck_assert_int_eq(rows.nrows, 1);
		ck_assert_str_eq(db_rows_get(&rows, 0, 0), "7");
		db_rows_free(&rows);
	}
	ck_assert(is_prepared(db, add_one));
	ck_assert_int_eq(prepared(db), 1);
	/* gone from the server: the waited query goes again, unnamed */
	ck_assert_int_eq(db_exec_script(db, "DEALLOCATE ALL", &err), RD_OK);
	ck_assert_msg(db_query_wait(db, add_one, 1, params, &rows, NULL, NULL, &err) == RD_OK,
		      "%s", err.msg);
	ck_assert_str_eq(db_rows_get(&rows, 0, 0), "7");
	db_rows_free(&rows);
	ck_assert_int_eq(prepared(db), 0);
	db_free(&db);
}
END_TEST

START_TEST(prepare_off_prepares_nothing)
{
	struct rd_db *db = store(DB_PREPARE_OFF, NULL);
	struct rd_error err;

	whoami(db);
	whoami(db);
	ck_assert_int_eq(db_begin(db, "plans", NULL, &err), RD_OK);
	ck_assert_int_eq(value(db, add_one, "1"), 2);
	ck_assert_int_eq(db_commit(db, &err), RD_OK);
	ck_assert_int_eq(value(db, "SELECT count(*) FROM pg_prepared_statements", NULL), 0);
	db_free(&db);
}
END_TEST

START_TEST(auto_prepares_unless_listen_has_a_connection_of_its_own)
{
	struct rd_db *db = store(DB_PREPARE_AUTO, NULL);

	whoami(db);
	ck_assert_int_gt(prepared(db), 0);
	db_free(&db);

	/* the pooled deployment: [database] listen set */
	db = store(DB_PREPARE_AUTO, "connect_timeout=5");
	ck_assert(db_listen_separate(db));
	whoami(db);
	ck_assert_int_eq(value(db, "SELECT count(*) FROM pg_prepared_statements", NULL), 0);
	db_free(&db);

	/* on wins over the sign */
	db = store(DB_PREPARE_ON, "connect_timeout=5");
	whoami(db);
	ck_assert_int_gt(prepared(db), 0);
	db_free(&db);
}
END_TEST

START_TEST(lost_statements_go_again_unnamed_outside_a_transaction)
{
	struct rd_db *db = store(DB_PREPARE_ON, NULL);
	struct seen first = { 0 }, again = { 0 };
	struct rd_error err;

	db_trace(db, on_trace, &first);
	whoami(db);
	db_trace(db, NULL, NULL);
	ck_assert_int_gt(prepared(db), 0);
	/* what a DISCARD ALL (a session pool's server_reset_query) or
	 * another server connection of a transaction pool amounts to */
	ck_assert_int_eq(db_exec_script(db, "DEALLOCATE ALL", &err), RD_OK);
	db_trace(db, on_trace, &again);
	whoami(db);
	db_trace(db, NULL, NULL);
	/* re-sent without a word, and traced once, as sent once */
	ck_assert_int_eq(again.n, first.n);
	for (int i = 0; i < first.n; i++)
		ck_assert_str_eq(again.sql[i], first.sql[i]);
	/* off for good on this handle: nothing is prepared again */
	whoami(db);
	ck_assert_int_eq(value(db, add_one, "1"), 2);
	ck_assert_int_eq(value(db, "SELECT count(*) FROM pg_prepared_statements", NULL), 0);
	seen_free(&first);
	seen_free(&again);
	db_free(&db);
}
END_TEST

START_TEST(lost_statements_inside_a_transaction_ask_to_retry)
{
	struct rd_db *db = store(DB_PREPARE_ON, NULL);
	const char *params[1] = { "1" };
	char out[16];
	struct rd_error err;
	enum rd_status st;

	ck_assert_int_eq(value(db, add_one, "1"), 2);
	ck_assert(is_prepared(db, add_one));
	ck_assert_int_eq(db_exec_script(db, "DEALLOCATE ALL", &err), RD_OK);
	/* a transaction block that already began (BEGIN is never named) */
	ck_assert_int_eq(db_exec(db, "BEGIN", 0, NULL, NULL, &err), RD_OK);
	st = db_query_value(db, add_one, 1, params, out, sizeof(out), NULL, &err);
	ck_assert_msg(st == RD_RETRY, "%s: %s", rd_status_name(st), err.msg);
	ck_assert_msg(strstr(err.msg, "prepared statements") && strstr(err.msg, "try again"),
		      "message: %s", err.msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	db_rollback(db);
	/* the same work again goes through, unnamed */
	ck_assert_int_eq(db_begin(db, "plans", NULL, &err), RD_OK);
	ck_assert_int_eq(value(db, add_one, "2"), 3);
	ck_assert_int_eq(db_commit(db, &err), RD_OK);
	ck_assert_int_eq(value(db, "SELECT count(*) FROM pg_prepared_statements", NULL), 0);
	db_free(&db);
}
END_TEST

START_TEST(db_begin_starts_again_when_its_settings_statement_was_lost)
{
	struct rd_db *db = store(DB_PREPARE_ON, NULL);
	struct rd_error err;

	ck_assert_int_eq(db_begin(db, "plans", NULL, &err), RD_OK);
	ck_assert_int_eq(db_commit(db, &err), RD_OK);
	ck_assert_int_eq(prepared(db), 1);
	ck_assert_int_eq(db_exec_script(db, "DEALLOCATE ALL", &err), RD_OK);
	ck_assert_msg(db_begin(db, "plans", "req-1", &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(value(db, "SELECT length(current_setting('repeatdesk.request_id'))", NULL),
			 5);
	ck_assert_int_eq(db_commit(db, &err), RD_OK);
	db_free(&db);
}
END_TEST

START_TEST(a_changed_result_type_is_prepared_again)
{
	struct rd_db *db = store_admin();
	static const char sel[] = "SELECT * FROM plans_t WHERE a = $1::int";
	const char *params[1] = { "1" };
	struct db_rows rows;
	struct rd_error err;
	enum rd_status st;

	ck_assert_int_eq(db_exec_script(db, "CREATE TEMP TABLE plans_t (a int);"
					    "INSERT INTO plans_t VALUES (1)", &err), RD_OK);
	ck_assert_int_eq(db_query(db, sel, 1, params, &rows, &err), RD_OK);
	ck_assert_int_eq(rows.ncols, 1);
	db_rows_free(&rows);
	ck_assert(is_prepared(db, sel));
	/* a migration adds a column: outside a transaction, no failure */
	ck_assert_int_eq(db_exec_script(db, "ALTER TABLE plans_t ADD COLUMN b int", &err), RD_OK);
	st = db_query(db, sel, 1, params, &rows, &err);
	ck_assert_msg(st == RD_OK, "%s: %s", rd_status_name(st), err.msg);
	ck_assert_int_eq(rows.ncols, 2);
	db_rows_free(&rows);
	ck_assert_int_eq(db_query(db, sel, 1, params, &rows, &err), RD_OK);
	db_rows_free(&rows);
	/* under a new name (the old one stays, never run again, until the
	 * connection ends) */
	ck_assert_int_eq(times_prepared(db, sel), 2);
	/* inside a transaction: RD_RETRY, then it works */
	ck_assert_int_eq(db_exec_script(db, "ALTER TABLE plans_t ADD COLUMN c int", &err), RD_OK);
	ck_assert_int_eq(db_exec(db, "BEGIN", 0, NULL, NULL, &err), RD_OK);
	st = db_query(db, sel, 1, params, &rows, &err);
	ck_assert_msg(st == RD_RETRY, "%s: %s", rd_status_name(st), err.msg);
	db_rollback(db);
	ck_assert_int_eq(db_query(db, sel, 1, params, &rows, &err), RD_OK);
	ck_assert_int_eq(rows.ncols, 3);
	db_rows_free(&rows);
	/* a stale plan is not a pooler: preparing stays on */
	ck_assert_int_eq(db_query(db, sel, 1, params, &rows, &err), RD_OK);
	db_rows_free(&rows);
	ck_assert_int_eq(times_prepared(db, sel), 3);
	db_free(&db);
}
END_TEST

START_TEST(a_reconnect_starts_with_an_empty_cache)
{
	struct rd_db *db = store(DB_PREPARE_ON, NULL);
	PGconn *admin = dbt_admin();
	long long pid, n;
	char buf[24];
	struct agent_info me;
	struct rd_error err;

	whoami(db);
	pid = value(db, "SELECT pg_backend_pid()", NULL);
	n = prepared(db);
	ck_assert_int_eq(n, 2);
	dbt_exec(admin, "SELECT pg_terminate_backend($1::int)", 1, dbt_itoa(pid, buf));
	PQfinish(admin);
	ck_assert_int_ne(agent_whoami(db, &me, &err), RD_OK);
	ck_assert_msg(db_reconnect(db, &err) == RD_OK, "%s", err.msg);
	/* prepared anew on the new connection: a cache kept from the old
	 * one would find its names unknown and turn preparing off */
	ck_assert_int_ne(value(db, "SELECT pg_backend_pid()", NULL), pid);
	whoami(db);
	ck_assert_int_eq(prepared(db), n);
	db_free(&db);
}
END_TEST

START_TEST(the_cache_is_bounded)
{
	struct rd_db *db = store(DB_PREPARE_ON, NULL);
	long long n;

	for (int i = 0; i < 400; i++) {
		char sql[64], p[24];

		snprintf(sql, sizeof(sql), "SELECT $1::int + %d", i);
		ck_assert_int_eq(value(db, sql, dbt_itoa(i, p)), 2 * i);
	}
	n = prepared(db);
	ck_assert_int_ge(n, 100);
	ck_assert_int_lt(n, 400);
	/* texts past the limit still run, unnamed */
	ck_assert_int_eq(value(db, "SELECT $1::int * 3", "5"), 15);
	ck_assert_int_eq(prepared(db), n);
	db_free(&db);
}
END_TEST

static Suite *plans_suite(void)
{
	Suite *s = suite_create("plans");
	TCase *tc = tcase_create("cache");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, a_store_calls_statements_are_prepared_once);
	tcase_add_test(tc, a_waited_query_is_prepared_too);
	tcase_add_test(tc, prepare_off_prepares_nothing);
	tcase_add_test(tc, auto_prepares_unless_listen_has_a_connection_of_its_own);
	tcase_add_test(tc, lost_statements_go_again_unnamed_outside_a_transaction);
	tcase_add_test(tc, lost_statements_inside_a_transaction_ask_to_retry);
	tcase_add_test(tc, db_begin_starts_again_when_its_settings_statement_was_lost);
	tcase_add_test(tc, a_changed_result_type_is_prepared_again);
	tcase_add_test(tc, a_reconnect_starts_with_an_empty_cache);
	tcase_add_test(tc, the_cache_is_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!getenv("PGHOST") || !getenv("RD_TEST_ADMIN")) {
		fprintf(stderr, "check_plans: no test database; run it as "
				"tests/lib/pgtmp.sh tests/db/check_plans\n");
		return EXIT_FAILURE;
	}
	return dbt_run_suite(plans_suite(), "check_plans");
}
