/* dbtest.h: helpers shared by the database integration suites.
 *
 * The suites run under tests/lib/pgtmp.sh, which exports PGHOST (the
 * socket directory of a throwaway cluster), PGPORT, PGDATABASE and
 * RD_TEST_ADMIN (its superuser). libpq reads the PG* variables itself; the
 * helpers only name the user.
 *
 * Every helper that can fail asserts (Check), so a test reads as the
 * behaviour it proves. Strings returned are malloc'd: free() them.
 * Connections: PQfinish them. */
#ifndef REPEATDESK_TESTS_DBTEST_H
#define REPEATDESK_TESTS_DBTEST_H

#include <check.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/db.h"

/* Longest login rd.agent_add accepts, plus the NUL. */
#define DBT_LOGIN_MAX 32

/* Seconds a test may take (agents log in with SCRAM; sanitizers slow
 * everything down). */
#define DBT_TIMEOUT 60

/* A connection as the cluster's superuser (the owner of everything). */
PGconn *dbt_admin(void);

/* A connection as login with password; asserts that it succeeds. */
PGconn *dbt_connect_as(const char *login, const char *password);

/* A connection as login with its dbt_password() (an agent made by
 * dbt_agent_new); asserts that it succeeds. */
PGconn *dbt_login(const char *login);

/* Tries to connect as login with password; true when it worked. */
bool dbt_can_connect(const char *login, const char *password);

/* The password dbt_agent_new gives login (out must hold 64 bytes). */
void dbt_password(const char *login, char *out, size_t outsz);

/* Creates an agent through rd.agent_add, called on conn (which must be
 * allowed to: the admin or a supervisor). role is "operator", "agent" or
 * "supervisor". The login is made unique (prefix + pid + counter) and
 * written to login (DBT_LOGIN_MAX bytes). Its password is dbt_password(). */
void dbt_agent_new(PGconn *conn, const char *role, const char *prefix,
		   char login[DBT_LOGIN_MAX]);

/* Creates an agent as dbt_agent_new (through the admin) and returns a
 * connection logged in as it. */
PGconn *dbt_agent_connect(const char *role, char login[DBT_LOGIN_MAX]);

/* A SCRAM verifier for password, computed by libpq for login. */
char *dbt_verifier(PGconn *conn, const char *login, const char *password);

/* Runs sql with nparams text parameters (the variadic const char *; NULL
 * is SQL NULL) and asserts success. */
void dbt_exec(PGconn *conn, const char *sql, int nparams, ...);

/* Runs a script of statements without parameters (a fixture) and asserts
 * success. */
void dbt_exec_script(PGconn *conn, const char *sql);

/* Runs sql and returns its SQLSTATE: "00000" when it succeeded. The error
 * message of a failure is kept for dbt_last_error(). */
const char *dbt_state(PGconn *conn, const char *sql, int nparams, ...);

/* The primary message of the last failure seen by dbt_state. */
const char *dbt_last_error(void);

/* Runs a query that must return exactly one row and returns its first
 * column (malloc'd), or NULL for SQL NULL. */
char *dbt_value(PGconn *conn, const char *sql, int nparams, ...);

/* As dbt_value, for a value that is a non-NULL integer. */
long long dbt_int(PGconn *conn, const char *sql, int nparams, ...);

/* Runs a query and returns its result (assert TUPLES_OK); PQclear it. */
PGresult *dbt_query(PGconn *conn, const char *sql, int nparams, ...);

/* dbt_int and dbt_value of sql with one parameter, id, on a connection of
 * their own as the admin. */
long long dbt_q_int(const char *sql, long long id);
char *dbt_q_text(const char *sql, long long id);

/* Asserts that dbt_q_text(sql, id) is want (not NULL). */
void dbt_expect_text(const char *sql, long long id, const char *want);

/* A new customer (name 山田 太郎) made by conn; returns its id. */
long long dbt_customer_new(PGconn *conn);

/* A new customer as dbt_customer_new, made by the admin. */
long long dbt_admin_customer_new(void);

/* A new product with a unique sku (written to sku, 32 bytes) made by the
 * admin connection. */
void dbt_product_new(PGconn *admin, char sku[32]);

/* A new active subscription of customer with one line, made by conn. */
long long dbt_subscription_new(PGconn *conn, long long customer_id);

/* Waits up to tenths/10 s for a notification on channel whose payload
 * contains want (any payload when want is NULL); returns the payload
 * (malloc'd) or NULL. */
char *dbt_wait_notify(PGconn *conn, const char *channel, const char *want, int tenths);

/* Runs suite s (named name) and returns the exit status of the test
 * program; tells the terminal of make check (fd 9, AM_TESTS_FD_REDIRECT)
 * "name: Checks: N, Failures: M, Errors: 0" when it is open. */
int dbt_run_suite(Suite *s, const char *name);

/* Formats n as decimal text into buf (24 bytes); returns buf. */
const char *dbt_itoa(long long n, char buf[24]);

/* The store (src/store) logged in as login with its dbt_password();
 * asserts that it opens; db_free it. app is the application_name (NULL:
 * the store's own). Inline because only the suites that test the store
 * link libstore (tests/db/check_db does not). */
static inline struct rd_db *dbt_store_as(const char *login, const char *app)
{
	struct db_params p = { .conninfo = "", .user = login, .application_name = app };
	char pw[64];
	struct rd_db *db = NULL;
	struct rd_error err;

	dbt_password(login, pw, sizeof(pw));
	p.password = pw;
	ck_assert_msg(db_open(&db, &p, &err) == RD_OK, "db_open %s: %s", login, err.msg);
	return db;
}

#endif
