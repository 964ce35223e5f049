/* dbtest.c: helpers shared by the database integration suites. */
#include "dbtest.h"

#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DBT_MAX_PARAMS 8

static char last_error[512];

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return (v && *v) ? v : dflt;
}

static PGconn *connect_raw(const char *login, const char *password)
{
	const char *keys[] = { "user", "password", "application_name",
			       "client_encoding", "options", NULL };
	const char *vals[] = { login, password, "repeatdesk-dbtest", "UTF8",
			       "-c client_min_messages=warning", NULL };

	/* libpq takes host, port and dbname from PGHOST, PGPORT, PGDATABASE */
	return PQconnectdbParams(keys, vals, 0);
}

PGconn *dbt_admin(void)
{
	return dbt_connect_as(env_or("RD_TEST_ADMIN", "rd_admin"), NULL);
}

PGconn *dbt_connect_as(const char *login, const char *password)
{
	PGconn *c = connect_raw(login, password);

	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "connect as %s: %s", login,
		      PQerrorMessage(c));
	return c;
}

PGconn *dbt_login(const char *login)
{
	char pw[64];

	dbt_password(login, pw, sizeof(pw));
	return dbt_connect_as(login, pw);
}

bool dbt_can_connect(const char *login, const char *password)
{
	PGconn *c = connect_raw(login, password);
	bool ok = PQstatus(c) == CONNECTION_OK;

	PQfinish(c);
	return ok;
}

void dbt_password(const char *login, char *out, size_t outsz)
{
	snprintf(out, outsz, "pw-%s-秘密", login);
}

char *dbt_verifier(PGconn *conn, const char *login, const char *password)
{
	char *v = PQencryptPasswordConn(conn, password, login, "scram-sha-256");
	char *copy;

	ck_assert_msg(v != NULL, "PQencryptPasswordConn: %s", PQerrorMessage(conn));
	copy = strdup(v);
	PQfreemem(v);
	ck_assert_ptr_nonnull(copy);
	return copy;
}

static int collect(va_list ap, int nparams, const char **params)
{
	ck_assert_int_le(nparams, DBT_MAX_PARAMS);
	for (int i = 0; i < nparams; i++)
		params[i] = va_arg(ap, const char *);
	return nparams;
}

static PGresult *run(PGconn *conn, const char *sql, int nparams,
		     const char **params)
{
	return PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
}

static bool result_ok(const PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);

	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

void dbt_exec(PGconn *conn, const char *sql, int nparams, ...)
{
	const char *params[DBT_MAX_PARAMS];
	va_list ap;
	PGresult *r;

	va_start(ap, nparams);
	collect(ap, nparams, params);
	va_end(ap);
	r = run(conn, sql, nparams, params);
	ck_assert_msg(result_ok(r), "%s\n-> %s", sql, PQerrorMessage(conn));
	PQclear(r);
}

void dbt_exec_script(PGconn *conn, const char *sql)
{
	PGresult *r = PQexec(conn, sql);

	ck_assert_msg(result_ok(r), "fixture: %s", PQerrorMessage(conn));
	PQclear(r);
}

const char *dbt_state(PGconn *conn, const char *sql, int nparams, ...)
{
	static char state[6];
	const char *params[DBT_MAX_PARAMS];
	va_list ap;
	PGresult *r;

	va_start(ap, nparams);
	collect(ap, nparams, params);
	va_end(ap);
	r = run(conn, sql, nparams, params);
	if (result_ok(r)) {
		snprintf(state, sizeof(state), "00000");
	} else {
		const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);

		snprintf(state, sizeof(state), "%s", s ? s : "?????");
		snprintf(last_error, sizeof(last_error), "%s",
			 m ? m : PQerrorMessage(conn));
	}
	PQclear(r);
	return state;
}

const char *dbt_last_error(void)
{
	return last_error;
}

static PGresult *query_v(PGconn *conn, const char *sql, int nparams,
			 va_list ap)
{
	const char *params[DBT_MAX_PARAMS];
	PGresult *r;

	collect(ap, nparams, params);
	r = run(conn, sql, nparams, params);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s\n-> %s", sql,
		      PQerrorMessage(conn));
	return r;
}

PGresult *dbt_query(PGconn *conn, const char *sql, int nparams, ...)
{
	va_list ap;
	PGresult *r;

	va_start(ap, nparams);
	r = query_v(conn, sql, nparams, ap);
	va_end(ap);
	return r;
}

static char *value_v(PGconn *conn, const char *sql, int nparams, va_list ap)
{
	PGresult *r = query_v(conn, sql, nparams, ap);
	char *v = NULL;

	ck_assert_msg(PQntuples(r) == 1, "%s\n-> %d rows, expected 1", sql,
		      PQntuples(r));
	if (!PQgetisnull(r, 0, 0)) {
		v = strdup(PQgetvalue(r, 0, 0));
		ck_assert_ptr_nonnull(v);
	}
	PQclear(r);
	return v;
}

char *dbt_value(PGconn *conn, const char *sql, int nparams, ...)
{
	va_list ap;
	char *v;

	va_start(ap, nparams);
	v = value_v(conn, sql, nparams, ap);
	va_end(ap);
	return v;
}

long long dbt_int(PGconn *conn, const char *sql, int nparams, ...)
{
	va_list ap;
	char *v;
	long long n;

	va_start(ap, nparams);
	v = value_v(conn, sql, nparams, ap);
	va_end(ap);
	ck_assert_msg(v != NULL, "%s\n-> NULL, expected an integer", sql);
	n = strtoll(v, NULL, 10);
	free(v);
	return n;
}

long long dbt_q_int(const char *sql, long long id)
{
	PGconn *admin = dbt_admin();
	char buf[24];
	long long v = dbt_int(admin, sql, 1, dbt_itoa(id, buf));

	PQfinish(admin);
	return v;
}

char *dbt_q_text(const char *sql, long long id)
{
	PGconn *admin = dbt_admin();
	char buf[24];
	char *v = dbt_value(admin, sql, 1, dbt_itoa(id, buf));

	PQfinish(admin);
	return v;
}

void dbt_expect_text(const char *sql, long long id, const char *want)
{
	char *v = dbt_q_text(sql, id);

	ck_assert_msg(v && strcmp(v, want) == 0, "%s -> %s, want %s", sql, v ? v : "NULL", want);
	free(v);
}

char *dbt_wait_notify(PGconn *conn, const char *channel, const char *want, int tenths)
{
	for (int waited = 0; waited < tenths; waited++) {
		PGnotify *n;
		struct pollfd p = { .fd = PQsocket(conn), .events = POLLIN };

		ck_assert(PQconsumeInput(conn));
		while ((n = PQnotifies(conn)) != NULL) {
			char *payload = NULL;

			if (strcmp(n->relname, channel) == 0 && (!want || strstr(n->extra, want)))
				payload = strdup(n->extra);
			PQfreemem(n);
			if (payload)
				return payload;
		}
		poll(&p, 1, 100);
	}
	return NULL;
}

int dbt_run_suite(Suite *s, const char *name)
{
	SRunner *sr = srunner_create(s);
	int failed, run_;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	run_ = srunner_ntests_run(sr);
	srunner_free(sr);
	if (fcntl(9, F_GETFD) != -1)
		dprintf(9, "%s: Checks: %d, Failures: %d, Errors: 0\n", name, run_, failed);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

const char *dbt_itoa(long long n, char buf[24])
{
	snprintf(buf, 24, "%lld", n);
	return buf;
}

void dbt_agent_new(PGconn *conn, const char *role, const char *prefix,
		   char login[DBT_LOGIN_MAX])
{
	static unsigned counter;
	char password[64], name[64];
	char *verifier;

	snprintf(login, DBT_LOGIN_MAX, "%s_%ld_%u", prefix, (long)getpid(),
		 ++counter);
	dbt_password(login, password, sizeof(password));
	snprintf(name, sizeof(name), "テスト %s", role);
	verifier = dbt_verifier(conn, login, password);
	dbt_exec(conn, "SELECT rd.agent_add($1, $2, $3, $4)", 4, login, name,
		 role, verifier);
	free(verifier);
}

PGconn *dbt_agent_connect(const char *role, char login[DBT_LOGIN_MAX])
{
	PGconn *admin = dbt_admin();

	dbt_agent_new(admin, role, role[0] == 's' ? "sup" : role[0] == 'a' ? "agt" : "opr",
		      login);
	PQfinish(admin);
	return dbt_login(login);
}

long long dbt_customer_new(PGconn *conn)
{
	return dbt_int(conn,
		       "INSERT INTO rd.customers (name, name_kana, phone1)"
		       " VALUES ('山田 太郎', 'ヤマダ タロウ', '0312345678')"
		       " RETURNING id", 0);
}

long long dbt_admin_customer_new(void)
{
	PGconn *admin = dbt_admin();
	long long id = dbt_customer_new(admin);

	PQfinish(admin);
	return id;
}

void dbt_product_new(PGconn *admin, char sku[32])
{
	static unsigned counter;

	snprintf(sku, 32, "T-%ld-%u", (long)getpid(), ++counter);
	dbt_exec(admin,
		 "INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price)"
		 " VALUES ($1, '青汁 30包', 3980, 8, 3480)", 1, sku);
}

long long dbt_subscription_new(PGconn *conn, long long customer_id)
{
	PGconn *admin = dbt_admin();
	char sku[32], cid[24], sid[24];
	long long id;

	dbt_product_new(admin, sku);
	PQfinish(admin);
	id = dbt_int(conn,
		     "INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date)"
		     " VALUES ($1, '1m:15', 'cod', DATE '2026-12-15') RETURNING id",
		     1, dbt_itoa(customer_id, cid));
	dbt_exec(conn,
		 "INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
		 " VALUES ($1, $2, 1, 3480)", 2, dbt_itoa(id, sid), sku);
	return id;
}
