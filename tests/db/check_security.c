/* check_security.c: the attacker's suite (issue 11). Each desk role logs in
 * with its own password, as anyone at the desk can with psql, and tries
 * what the terminal would refuse it. Every attempt must be refused by
 * PostgreSQL itself: the test looks at the SQLSTATE of the server's error
 * (42501 insufficient_privilege, RD422 a business rule, 22001/22023 bad
 * text, 23514 totals), never at a message of our client. It counts the
 * attempts and prints "attempts tried, refused, got through" at the end;
 * got through must be zero.
 *
 * The suite runs without forking (the counts add up across tests). */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "dbtest.h"
#include "repeatdesk/cluster.h"
#include "repeatdesk/db.h"
#include "repeatdesk/pan.h"

Suite *security_suite(void);

static int tried, refused, through;

/* Runs sql (n text parameters) as c and returns its SQLSTATE ("00000":
 * it worked); msg gets the server's primary message. */
static const char *run_state(PGconn *c, const char *sql, int n, const char *const *p,
			     char *msg, size_t msgsz)
{
	static char state[6];
	PGresult *r = PQexecParams(c, sql, n, NULL, p, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(r);

	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
		snprintf(state, sizeof(state), "00000");
		msg[0] = '\0';
	} else {
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);

		snprintf(state, sizeof(state), "%s", st ? st : "?????");
		snprintf(msg, msgsz, "%s", m ? m : PQerrorMessage(c));
	}
	PQclear(r);
	return state;
}

/* One attempt that must be refused with one of the SQLSTATEs in want
 * ("42501" or "42501|RD422"). Inside a transaction block the caller rolls
 * back. */
static void attempt(PGconn *c, const char *who, const char *want, const char *sql, int n, ...)
{
	const char *p[8];
	char msg[512];
	const char *st;
	va_list ap;

	ck_assert_int_le(n, 8);
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		p[i] = va_arg(ap, const char *);
	va_end(ap);
	st = run_state(c, sql, n, p, msg, sizeof(msg));
	tried++;
	if (strcmp(st, "00000") == 0) {
		through++;
		ck_abort_msg("GOT THROUGH as %s: %s", who, sql);
	}
	refused++;
	ck_assert_msg(strstr(want, st) != NULL, "%s: %s\n-> SQLSTATE %s (%s), expected %s", who,
		      sql, st, msg, want);
	/* the message never repeats a card number */
	ck_assert_msg(!pan_found(msg), "the server's message holds a card number: %s", msg);
}

/* An attempt whose effect is checked afterwards (a forged value that the
 * database ignores rather than refuses): blocked says it had no effect. */
static void attempt_effect(const char *who, const char *what, bool blocked)
{
	tried++;
	if (!blocked) {
		through++;
		ck_abort_msg("GOT THROUGH as %s: %s", who, what);
	}
	refused++;
}

/* Runs the statements of script (no parameters) in one transaction and
 * expects the transaction, at some statement or at COMMIT, to be refused
 * with want. */
static void attempt_tx(PGconn *c, const char *who, const char *want, const char *script)
{
	char msg[512];
	const char *st;

	dbt_exec(c, "BEGIN", 0);
	st = run_state(c, script, 0, NULL, msg, sizeof(msg));
	if (strcmp(st, "00000") == 0)
		st = run_state(c, "COMMIT", 0, NULL, msg, sizeof(msg));
	else
		dbt_exec(c, "ROLLBACK", 0);
	tried++;
	if (strcmp(st, "00000") == 0) {
		through++;
		ck_abort_msg("GOT THROUGH as %s: %s", who, script);
	}
	refused++;
	ck_assert_msg(strstr(want, st) != NULL, "%s: %s\n-> SQLSTATE %s (%s), expected %s", who,
		      script, st, msg, want);
}

struct desk {
	char op[DBT_LOGIN_MAX], ag[DBT_LOGIN_MAX], sup[DBT_LOGIN_MAX];
	PGconn *o, *a, *s, *admin;
};

static void desk_open(struct desk *d)
{
	d->o = dbt_agent_connect("operator", d->op);
	d->a = dbt_agent_connect("agent", d->ag);
	d->s = dbt_agent_connect("supervisor", d->sup);
	d->admin = dbt_admin();
}

static void desk_close(struct desk *d)
{
	PQfinish(d->o);
	PQfinish(d->a);
	PQfinish(d->s);
	PQfinish(d->admin);
}

/* An open inquiry about a new customer, opened by c; returns its id. */
static long long inquiry_new(PGconn *c, long long customer)
{
	char cid[24];

	return dbt_int(c, "SELECT rd.inquiry_open($1, NULL, NULL, 'inbound_call', 'question',"
		       " NULL, '配送日の確認', NULL, NULL, NULL, NULL, NULL)",
		       1, dbt_itoa(customer, cid));
}

/* ===== class 3: guards rest on privileges, not on the call stack ========= */

START_TEST(no_role_forges_timeline_entries)
{
	struct desk d;
	char iid[24], cid[24];
	long long cust, inq;
	const char *kinds[] = { "status_change", "handoff", "escalation", "change_link" };

	desk_open(&d);
	cust = dbt_admin_customer_new();
	inq = inquiry_new(d.o, cust);
	dbt_itoa(inq, iid);
	dbt_itoa(cust, cid);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		attempt(d.o, "operator", "42501",
			"INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, to_status, history_id)"
			" VALUES ($1, $2, 'forged', CASE WHEN $2 IN ('status_change', 'escalation')"
			" THEN 'resolved' END, CASE WHEN $2 = 'change_link'"
			" THEN (SELECT max(id) FROM rd.history) END)", 2, iid, kinds[i]);
		attempt(d.s, "supervisor", "42501",
			"INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, to_status, history_id)"
			" VALUES ($1, $2, 'forged', CASE WHEN $2 IN ('status_change', 'escalation')"
			" THEN 'resolved' END, CASE WHEN $2 = 'change_link'"
			" THEN (SELECT max(id) FROM rd.history) END)", 2, iid, kinds[i]);
	}
	/* a note cannot carry a link either */
	attempt(d.a, "agent", "42501",
		"INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, history_id)"
		" VALUES ($1, 'note', 'x', (SELECT max(id) FROM rd.history))", 1, iid);
	attempt(d.a, "agent", "42501",
		"INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, to_agent_id)"
		" VALUES ($1, 'call', 'x', (SELECT min(id) FROM rd.agents))", 1, iid);
	/* the depth trick of 2026-12-07: a trigger of one's own on a temporary
	 * table. Desk roles cannot make one at all... */
	attempt(d.o, "operator", "42501", "CREATE TEMP TABLE t (x int)", 0);
	attempt(d.a, "agent", "42501", "CREATE TEMP TABLE t (x int)", 0);
	attempt(d.o, "operator", "42501",
		"CREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE sql AS 'SELECT 1'", 0);
	/* ...and a supervisor, who may (the postal import), gains nothing by it */
	dbt_exec(d.s, "CREATE TEMP TABLE lever (x int)", 0);
	dbt_exec(d.s, "CREATE FUNCTION pg_temp.forge() RETURNS trigger LANGUAGE plpgsql AS $$"
		 " BEGIN INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, from_status, to_status)"
		 " VALUES (NEW.x, 'status_change', 'forged', 'open', 'resolved'); RETURN NEW; END $$", 0);
	dbt_exec(d.s, "CREATE TRIGGER forge AFTER INSERT ON pg_temp.lever"
		 " FOR EACH ROW EXECUTE FUNCTION pg_temp.forge()", 0);
	attempt(d.s, "supervisor", "42501", "INSERT INTO pg_temp.lever VALUES ($1::int)", 1, iid);
	/* the legitimate path still writes its trace */
	dbt_exec(d.o, "SELECT rd.inquiry_take($1, NULL, NULL)", 1, iid);
	ck_assert_int_eq(dbt_int(d.admin, "SELECT count(*) FROM rd.inquiry_entries"
				 " WHERE inquiry_id = $1 AND kind = 'status_change'", 1, iid), 1);
	ck_assert_int_eq(dbt_int(d.admin, "SELECT count(*) FROM rd.inquiry_entries"
				 " WHERE inquiry_id = $1 AND body = 'forged'", 1, iid), 0);
	desk_close(&d);
}
END_TEST

START_TEST(no_role_creates_objects_or_becomes_another)
{
	struct desk d;
	PGconn *c[3];
	const char *who[3] = { "operator", "agent", "supervisor" };
	const char *ddl[] = {
		"CREATE TABLE rd.x (i int)", "CREATE TABLE public.x (i int)",
		"CREATE TABLE rd_live.x (i int)", "CREATE TABLE rd_sec.x (i int)",
		"CREATE SCHEMA x", "CREATE FUNCTION rd.x() RETURNS int LANGUAGE sql AS 'SELECT 1'",
		"CREATE FUNCTION public.x() RETURNS int LANGUAGE sql AS 'SELECT 1'",
		"CREATE VIEW rd.v AS SELECT 1", "CREATE SEQUENCE rd.s",
		"CREATE OR REPLACE FUNCTION rd.history_record() RETURNS trigger LANGUAGE plpgsql"
		" AS 'BEGIN RETURN NULL; END'",
		"CREATE OR REPLACE FUNCTION rd.sec_trusted() RETURNS boolean LANGUAGE sql AS 'SELECT true'",
		"ALTER FUNCTION rd.inquiry_entry_guard() SECURITY INVOKER",
		"DROP FUNCTION rd.text_guard() CASCADE",
		"ALTER TABLE rd.history DISABLE TRIGGER history_no_update_delete",
		"ALTER TABLE rd.history DISABLE ROW LEVEL SECURITY",
		"ALTER TABLE rd.inquiry_entries DISABLE TRIGGER rd_guard",
		"ALTER TABLE rd.customers DISABLE TRIGGER ALL",
		"DROP TRIGGER rd_text_guard ON rd.customers",
		"DROP POLICY history_read ON rd.history",
		"ALTER TABLE rd.history ADD COLUMN x int", "ALTER TABLE rd.history OWNER TO CURRENT_USER",
		"TRUNCATE rd.history", "UPDATE rd.history SET reason = 'x'", "DELETE FROM rd.history",
		"INSERT INTO rd.history (table_name, row_key, op, new_row) VALUES ('customers', '1', 'INSERT', '{}')",
		"SET session_replication_role = replica", "SET SESSION AUTHORIZATION rd_admin",
		"SET ROLE rd_admin", "ALTER ROLE CURRENT_USER SUPERUSER",
		"ALTER ROLE CURRENT_USER CREATEROLE", "GRANT rd_supervisor TO CURRENT_USER",
		"CREATE ROLE intruder LOGIN", "SELECT * FROM rd_sec.history_links",
		"INSERT INTO rd_sec.history_links VALUES (txid_current(), pg_backend_pid(), 1)",
		"INSERT INTO rd_sec.history_sealed VALUES (1, 1, '\\x00')",
		"DELETE FROM rd_sec.history_seals", "SELECT * FROM rd_live.presence",
		"SELECT rd.history_link_set(1)", "SELECT rd.attach_all()",
		"SELECT rd.customer_figures_refresh(ARRAY[1::bigint])",
		"COPY rd.history FROM STDIN", "COPY rd.customers FROM PROGRAM 'true'",
		"SELECT pg_read_file('postgresql.conf')", "LOAD 'plpgsql'",
		"CREATE EXTENSION IF NOT EXISTS pgcrypto",
	};

	desk_open(&d);
	c[0] = d.o;
	c[1] = d.a;
	c[2] = d.s;
	for (int r = 0; r < 3; r++)
		for (size_t i = 0; i < sizeof(ddl) / sizeof(ddl[0]); i++) {
			/* supervisors may seal and refresh figures; the rest is
			 * nobody's */
			if (r == 2 && strstr(ddl[i], "customer_figures_refresh"))
				continue;
			attempt(c[r], who[r], "42501", ddl[i], 0);
		}
	/* SET ROLE reaches only one's own group, never upwards */
	attempt(d.o, "operator", "42501", "SET ROLE rd_agent", 0);
	attempt(d.o, "operator", "42501", "SET ROLE rd_supervisor", 0);
	attempt(d.a, "agent", "42501", "SET ROLE rd_supervisor", 0);
	attempt(d.o, "operator", "42501", "SELECT set_config('role', $1, false)", 1, d.sup);
	/* and a group role is no stronger than the login */
	dbt_exec(d.o, "SET ROLE rd_operator", 0);
	attempt(d.o, "operator as rd_operator", "42501",
		"INSERT INTO rd.inquiry_entries (inquiry_id, kind, body, to_status)"
		" VALUES ((SELECT max(id) FROM rd.inquiries), 'status_change', 'x', 'resolved')", 0);
	dbt_exec(d.o, "RESET ROLE", 0);
	desk_close(&d);
}
END_TEST

/* ===== class 1: links that grant meaning ================================== */

START_TEST(a_revert_link_is_written_only_by_the_revert)
{
	struct desk d;
	char cid[24], hid[24];
	long long cust, h, forged;

	desk_open(&d);
	cust = dbt_admin_customer_new();
	dbt_itoa(cust, cid);
	dbt_exec(d.o, "UPDATE rd.customers SET notes = '旧住所から転居' WHERE id = $1", 1, cid);
	h = dbt_int(d.admin, "SELECT max(id) FROM rd.history WHERE table_name = 'customers'"
		    " AND row_key = $1", 1, cid);
	dbt_itoa(h, hid);
	/* an operator marks an ordinary change as "revert of #h" */
	dbt_exec(d.o, "BEGIN", 0);
	dbt_exec(d.o, "SELECT set_config('repeatdesk.reverts', $1, true)", 1, hid);
	dbt_exec(d.o, "UPDATE rd.customers SET address2 = '201号室' WHERE id = $1", 1, cid);
	dbt_exec(d.o, "COMMIT", 0);
	forged = dbt_int(d.admin, "SELECT count(*) FROM rd.history WHERE reverts = $1", 1, hid);
	attempt_effect("operator", "SET repeatdesk.reverts marks a change as a revert", forged == 0);
	attempt(d.o, "operator", "42501", "SELECT * FROM rd.history_revert($1, 'x')", 1, hid);
	attempt(d.a, "agent", "42501", "SELECT * FROM rd.history_revert($1, 'x')", 1, hid);
	attempt(d.o, "operator", "42501", "SELECT rd.history_link_set($1)", 1, hid);
	/* the supervisor's real revert still works and is linked */
	dbt_exec(d.s, "SELECT * FROM rd.history_revert($1, '誤入力の取り消し', 'req-sec-1')", 1, hid);
	ck_assert_int_eq(dbt_int(d.admin, "SELECT count(*) FROM rd.history WHERE reverts = $1"
				 " AND actor = $2", 2, hid, d.sup), 1);
	ck_assert_int_eq(dbt_int(d.admin, "SELECT count(*) FROM rd_sec.history_links", 0), 0);
	/* another agent's request id does not make the revert "already done" */
	attempt_effect("operator", "request id of another's revert replays it",
		       dbt_int(d.admin, "SELECT count(*) FROM rd.history WHERE request_id = 'req-sec-1'"
			       " AND actor <> $1", 1, d.sup) == 0);
	desk_close(&d);
}
END_TEST

START_TEST(an_override_is_a_supervisors)
{
	struct desk d;
	char cid[24], sid[24];
	long long cust, sub;

	desk_open(&d);
	cust = dbt_admin_customer_new();
	sub = dbt_subscription_new(d.admin, cust);
	dbt_itoa(cust, cid);
	dbt_itoa(sub, sid);
	attempt(d.a, "agent", "42501",
		"INSERT INTO rd.retention_offers (subscription_id, customer_id, offered, outcome,"
		" delivery_count, override) VALUES ($1, $2, '{skip}', 'cancelled', 0, true)",
		2, sid, cid);
	attempt(d.a, "agent", "42501",
		"INSERT INTO rd.retention_offers (subscription_id, customer_id, offered, outcome,"
		" delivery_count, agent) VALUES ($1, $2, '{skip}', 'kept', 0, 'someone_else')",
		2, sid, cid);
	dbt_exec(d.s, "INSERT INTO rd.retention_offers (subscription_id, customer_id, offered,"
		 " outcome, delivery_count, override) VALUES ($1, $2, '{skip}', 'cancelled', 0, true)",
		 2, sid, cid);
	desk_close(&d);
}
END_TEST

/* ===== class 7: request records ========================================== */

START_TEST(request_records_are_the_requesters)
{
	struct desk d;
	char cid[24], sid[24], iid[24];
	const char *rid = "6b0e2a70-1c5d-4c43-9a55-3f3f5e0c9a11";
	long long cust, sub;

	desk_open(&d);
	cust = dbt_admin_customer_new();
	sub = dbt_subscription_new(d.admin, cust);
	dbt_itoa(cust, cid);
	dbt_itoa(sub, sid);
	/* a record under another agent's name */
	attempt(d.a, "agent", "42501",
		"INSERT INTO rd.subscription_requests (request_id, subscription_id, kind, result, agent)"
		" VALUES ($1, $2, 'skip', '{\"done\": true}', $3)", 3, rid, sid, d.sup);
	attempt(d.a, "agent", "42501",
		"INSERT INTO rd.inquiry_requests (request_id, inquiry_id, kind, result)"
		" VALUES ($1, 1, 'note', 1)", 1, rid);
	attempt(d.a, "agent", "42501", "UPDATE rd.subscription_requests SET result = '{}'", 0);
	attempt(d.a, "agent", "42501", "DELETE FROM rd.subscription_requests", 0);
	/* under one's own name it answers only one's own retries */
	dbt_exec(d.a, "INSERT INTO rd.subscription_requests (request_id, subscription_id, kind, result)"
		 " VALUES ($1, $2, 'skip', '{\"forged\": true}')", 2, rid, sid);
	attempt_effect("agent", "own record blocks another agent's request id",
		       strcmp(dbt_state(d.s, "INSERT INTO rd.subscription_requests (request_id,"
					" subscription_id, kind, result) VALUES ($1, $2, 'skip', '{}')",
					2, rid, sid), "00000") == 0);
	/* inquiries: a forged request id answers nobody else */
	iid[0] = '\0';
	dbt_itoa(inquiry_new(d.o, cust), iid);
	dbt_exec(d.o, "SELECT rd.inquiry_note($1, 'note', '折り返し希望', $2)", 2, iid, rid);
	attempt_effect("operator", "another's inquiry request id replays",
		       dbt_int(d.a, "SELECT count(rd.inquiry_replayed($1))", 1, rid) == 0);
	desk_close(&d);
}
END_TEST

/* ===== class 5: reference data and the postal cache ====================== */

START_TEST(reference_data_is_the_supervisors)
{
	struct desk d;
	PGconn *c[2];
	const char *who[2] = { "operator", "agent" };
	const char *w[] = {
		"INSERT INTO rd.products (sku, name, price, tax_rate) VALUES ('X1', 'x', 1, 10)",
		"UPDATE rd.products SET price = 1",
		"DELETE FROM rd.products",
		"INSERT INTO rd.media (code, name, channel) VALUES ('X1', 'x', 'tv')",
		"UPDATE rd.media SET cost = 0",
		"UPDATE rd.settings SET value = '0' WHERE key = 'cutoff_days'",
		"INSERT INTO rd.settings (key, value) VALUES ('x', 'y')",
		"DELETE FROM rd.settings",
		"INSERT INTO rd.teams (name) VALUES ('x')",
		"UPDATE rd.teams SET name = 'x'",
		"INSERT INTO rd.holidays (date) VALUES (current_date + 30)",
		"INSERT INTO rd.insert_rules (code, name) VALUES ('X1', 'x')",
		"UPDATE rd.insert_rules SET active = false",
		"INSERT INTO rd.payment_bars (customer_id, payment, reason) VALUES (1, 'cod', 'x')",
		"INSERT INTO rd.postal_codes (postal_code, prefecture, city, source)"
		" VALUES ('1000001', '東京都', '偽市', 'ken_all')",
		"UPDATE rd.postal_codes SET city = '偽市'",
		"DELETE FROM rd.postal_codes",
		"UPDATE rd.agents SET role = 'supervisor'",
		"UPDATE rd.agents SET display_name = 'x'",
		"INSERT INTO rd.agents (login, display_name, role) VALUES ('xx', 'x', 'supervisor')",
		"TRUNCATE rd.products",
	};

	desk_open(&d);
	c[0] = d.o;
	c[1] = d.a;
	for (int r = 0; r < 2; r++)
		for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
			attempt(c[r], who[r], "42501", w[i], 0);
	desk_close(&d);
}
END_TEST

START_TEST(the_postal_cache_takes_only_an_answer_and_names_who_asked)
{
	struct desk d;

	desk_open(&d);
	dbt_exec(d.admin, "INSERT INTO rd.postal_codes (postal_code, prefecture, city, town, source)"
		 " VALUES ('3591111', '埼玉県', '所沢市', '緑町', 'ken_all')", 0);
	attempt(d.o, "operator", "22023", "SELECT rd.postal_cache('12345', '東京都', '千代田区', '')", 0);
	attempt(d.o, "operator", "22023|23514",
		"SELECT rd.postal_cache('1000001', '東京', '千代田区', '')", 0);
	attempt(d.o, "operator", "22023",
		"SELECT rd.postal_cache('1000001', '東京都', E'千代田区\\x1b[2J', '')", 0);
	attempt(d.o, "operator", "22023",
		"SELECT rd.postal_cache('1000001', '東京都', repeat('区', 61), '')", 0);
	attempt(d.o, "operator", "22023",
		"SELECT rd.postal_cache('1000001''; DELETE FROM rd.postal_codes; --', '東京都', 'x', '')", 0);
	/* a code the national data knows is not shadowed */
	dbt_exec(d.o, "SELECT rd.postal_cache('3591111', '東京都', '偽市', '偽町')", 0);
	attempt_effect("operator", "cache shadows KEN_ALL",
		       dbt_int(d.admin, "SELECT count(*) FROM rd.postal_codes"
			       " WHERE postal_code = '3591111' AND source = 'service'", 0) == 0);
	/* an answer for a new code is kept, attributed */
	dbt_exec(d.o, "SELECT rd.postal_cache('9071801', '沖縄県', '八重山郡与那国町', '与那国')", 0);
	ck_assert_int_eq(dbt_int(d.admin, "SELECT count(*) FROM rd.postal_codes"
				 " WHERE postal_code = '9071801' AND cached_by = $1", 1, d.op), 1);
	desk_close(&d);
}
END_TEST

/* ===== class 6: business invariants ====================================== */

/* A customer with one delivered order (two lines) made by the admin;
 * writes the order's and one line's id. */
static void delivered_order(PGconn *admin, long long *cust, long long *order, long long *line,
			    char sku[32])
{
	char cid[24], oid[24];

	dbt_product_new(admin, sku);
	*cust = dbt_customer_new(admin);
	*order = dbt_int(admin, "INSERT INTO rd.orders (customer_id, status, payment, subtotal_8,"
			 " tax_8, total) VALUES ($1, 'delivered', 'cod', 7960, 636, 8596) RETURNING id",
			 1, dbt_itoa(*cust, cid));
	*line = dbt_int(admin, "INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price,"
			" tax_rate) VALUES ($1, $2, '青汁 30包', 2, 3980, 8) RETURNING id",
			2, dbt_itoa(*order, oid), sku);
}

START_TEST(orders_keep_their_rules)
{
	struct desk d;
	char cid[24], oid[24], lid[24], sku[32], nid[24];
	long long cust, order, line, open;
	char script[1024];

	desk_open(&d);
	delivered_order(d.admin, &cust, &order, &line, sku);
	dbt_itoa(cust, cid);
	dbt_itoa(order, oid);
	dbt_itoa(line, lid);
	attempt(d.o, "operator", "RD422", "UPDATE rd.orders SET status = 'received' WHERE id = $1", 1, oid);
	attempt(d.o, "operator", "RD422", "UPDATE rd.orders SET status = 'cancelled' WHERE id = $1", 1, oid);
	attempt(d.o, "operator", "RD422", "UPDATE rd.orders SET total = 0 WHERE id = $1", 1, oid);
	attempt(d.o, "operator", "RD422", "UPDATE rd.orders SET notes = 'x' WHERE id = $1", 1, oid);
	attempt(d.o, "operator", "RD422", "DELETE FROM rd.order_lines WHERE id = $1", 1, lid);
	attempt(d.o, "operator", "RD422", "UPDATE rd.order_lines SET quantity = 1 WHERE id = $1", 1, lid);
	attempt(d.o, "operator", "42501", "UPDATE rd.orders SET customer_id = customer_id + 1"
		" WHERE id = $1", 1, oid);
	attempt(d.o, "operator", "42501", "UPDATE rd.orders SET order_date = order_date - 30"
		" WHERE id = $1", 1, oid);
	attempt(d.o, "operator", "42501", "DELETE FROM rd.orders WHERE id = $1", 1, oid);
	attempt(d.o, "operator", "RD422",
		"INSERT INTO rd.orders (customer_id, status, payment) VALUES ($1, 'delivered', 'cod')",
		1, cid);
	/* a received order of the operator's own */
	open = dbt_int(d.o, "INSERT INTO rd.orders (customer_id, payment, subtotal_8, tax_8, total)"
		       " VALUES ($1, 'cod', 0, 0, 0) RETURNING id", 1, cid);
	dbt_itoa(open, nid);
	attempt(d.o, "operator", "42501",
		"INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		" VALUES ($1, $2, '青汁 30包', 1, 1, 8)", 2, nid, sku);
	attempt(d.o, "operator", "RD422",
		"INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		" VALUES ($1, $2, '別の名前', 1, 3980, 8)", 2, nid, sku);
	attempt(d.o, "operator", "RD422",
		"INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		" VALUES ($1, $2, '青汁 30包', 1, 3980, 10)", 2, nid, sku);
	attempt(d.o, "operator", "RD422",
		"UPDATE rd.orders SET desired_date = current_date - 3 WHERE id = $1", 1, nid);
	attempt(d.o, "operator", "RD422", "UPDATE rd.orders SET status = 'shipped' WHERE id = $1", 1, nid);
	/* a line at the right price but totals that do not follow: at commit */
	snprintf(script, sizeof(script),
		 "INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		 " VALUES (%lld, '%s', '青汁 30包', 1, 3980, 8)", open, sku);
	attempt_tx(d.o, "operator", "23514", script);
	snprintf(script, sizeof(script), "UPDATE rd.orders SET total = 1 WHERE id = %lld", open);
	attempt_tx(d.o, "operator", "23514", script);
	/* the honest order goes through */
	snprintf(script, sizeof(script),
		 "INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		 " VALUES (%lld, '%s', '青汁 30包', 2, 3980, 8);"
		 "UPDATE rd.orders SET subtotal_8 = 7960, tax_8 = 636, shipping_fee = 0, cod_fee = 330,"
		 " total = 8926 WHERE id = %lld", open, sku, open);
	dbt_exec(d.o, "BEGIN", 0);
	dbt_exec_script(d.o, script);
	dbt_exec(d.o, "COMMIT", 0);
	ck_assert_int_eq(dbt_int(d.admin, "SELECT total FROM rd.orders WHERE id = $1", 1, nid), 8926);
	dbt_exec(d.o, "UPDATE rd.orders SET status = 'cancelled' WHERE id = $1", 1, nid);
	desk_close(&d);
}
END_TEST

START_TEST(figures_are_the_databases)
{
	struct desk d;
	char cid[24];
	const char *cols[] = { "ltv = 99999999", "order_count = 99",
			       "first_order_date = current_date",
			       "last_order_date = current_date" };
	PGconn *who[3];
	const char *names[3] = { "operator", "agent", "supervisor" };
	long long cust;
	char sql[256];

	desk_open(&d);
	who[0] = d.o;
	who[1] = d.a;
	who[2] = d.s;
	cust = dbt_admin_customer_new();
	dbt_itoa(cust, cid);
	/* the figures live in rd.customer_figures (0150), written by the
	 * order triggers alone: every desk role reads, none writes */
	for (int w = 0; w < 3; w++) {
		ck_assert_int_eq(dbt_int(who[w], "SELECT order_count FROM rd.customer_figures"
					 " WHERE customer_id = $1", 1, cid), 0);
		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
			snprintf(sql, sizeof(sql),
				 "UPDATE rd.customer_figures SET %s WHERE customer_id = $1", cols[i]);
			attempt(who[w], names[w], "42501", sql, 1, cid);
		}
		attempt(who[w], names[w], "42501",
			"INSERT INTO rd.customer_figures (customer_id, ltv) VALUES ($1, 1000000)"
			" ON CONFLICT (customer_id) DO UPDATE SET ltv = excluded.ltv", 1, cid);
		attempt(who[w], names[w], "42501",
			"DELETE FROM rd.customer_figures WHERE customer_id = $1", 1, cid);
		attempt(who[w], names[w], "42501", "TRUNCATE rd.customer_figures", 0);
		/* nor through the functions that write them */
		attempt(who[w], names[w], "42501", "SELECT rd.customer_figures_add()", 0);
		/* the customers have no figure columns left to write */
		attempt(who[w], names[w], "42703",
			"UPDATE rd.customers SET ltv = 99999999 WHERE id = $1", 1, cid);
	}
	ck_assert_int_eq(dbt_int(d.admin, "SELECT ltv FROM rd.customer_figures"
				 " WHERE customer_id = $1", 1, cid), 0);
	desk_close(&d);
}
END_TEST

START_TEST(subscriptions_keep_their_rules)
{
	struct desk d;
	char cid[24], sid[24], sku[32];
	long long cust, sub;

	desk_open(&d);
	cust = dbt_admin_customer_new();
	sub = dbt_subscription_new(d.admin, cust);
	dbt_itoa(cust, cid);
	dbt_itoa(sub, sid);
	dbt_exec(d.admin, "UPDATE rd.subscriptions SET next_date = current_date + 20,"
		 " delivery_count = 3 WHERE id = $1", 1, sid);
	attempt(d.a, "agent", "RD422",
		"UPDATE rd.subscriptions SET next_date = current_date - 10 WHERE id = $1", 1, sid);
	attempt(d.a, "agent", "RD422",
		"UPDATE rd.subscriptions SET delivery_count = 0 WHERE id = $1", 1, sid);
	attempt(d.a, "agent", "42501",
		"UPDATE rd.subscriptions SET customer_id = customer_id + 1 WHERE id = $1", 1, sid);
	attempt(d.a, "agent", "42501",
		"UPDATE rd.subscriptions SET discount_percent = 50, discount_remaining = 99"
		" WHERE id = $1", 1, sid);
	attempt(d.a, "agent", "42501",
		"UPDATE rd.subscription_lines SET unit_price = 1 WHERE subscription_id = $1", 1, sid);
	dbt_product_new(d.admin, sku);
	attempt(d.a, "agent", "42501",
		"INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
		" VALUES ($1, $2, 1, 1)", 2, sid, sku);
	attempt(d.o, "operator", "RD422",
		"INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date)"
		" VALUES ($1, '1m:15', 'cod', current_date - 1)", 1, cid);
	attempt(d.o, "operator", "RD422",
		"INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date, delivery_count)"
		" VALUES ($1, '1m:15', 'cod', current_date + 9, 12)", 1, cid);
	dbt_exec(d.a, "UPDATE rd.subscriptions SET status = 'cancelled', cancelled_on = current_date"
		 " WHERE id = $1", 1, sid);
	attempt(d.a, "agent", "RD422",
		"UPDATE rd.subscriptions SET status = 'active', cancelled_on = NULL WHERE id = $1", 1, sid);
	desk_close(&d);
}
END_TEST

START_TEST(inquiry_deadlines_are_the_databases)
{
	struct desk d;
	char iid[24], cid[24];
	long long cust, inq, forged;

	desk_open(&d);
	cust = dbt_admin_customer_new();
	dbt_itoa(cust, cid);
	inq = inquiry_new(d.o, cust);
	dbt_itoa(inq, iid);
	attempt(d.o, "operator", "42501",
		"UPDATE rd.inquiries SET due_at = now() + interval '1 year' WHERE id = $1", 1, iid);
	attempt(d.o, "operator", "42501", "UPDATE rd.inquiries SET category = 'other' WHERE id = $1",
		1, iid);
	attempt(d.o, "operator", "42501",
		"UPDATE rd.inquiries SET resolved_at = now() WHERE id = $1", 1, iid);
	attempt(d.o, "operator", "42501",
		"UPDATE rd.inquiries SET cutoff_at = now() + interval '9 days' WHERE id = $1", 1, iid);
	forged = dbt_int(d.o, "INSERT INTO rd.inquiries (customer_id, channel, category, subject,"
			 " due_at) VALUES ($1, 'email', 'question', '件名', now() + interval '1 year')"
			 " RETURNING id", 1, cid);
	attempt_effect("operator", "an inserted deadline",
		       dbt_int(d.admin, "SELECT (due_at < now() + interval '1 month')::int"
			       " FROM rd.inquiries WHERE id = $1", 1, dbt_itoa(forged, iid)) == 1);
	desk_close(&d);
}
END_TEST

/* ===== class 2: history reveals no more than the source ================== */

START_TEST(private_rows_stay_private_in_the_history)
{
	struct desk d;
	char other[DBT_LOGIN_MAX];
	PGconn *o2;
	PGresult *r;
	long long h;
	char hid[24];

	desk_open(&d);
	o2 = dbt_agent_connect("operator", other);
	dbt_exec(d.o, "INSERT INTO rd.saved_filters (name, filter) VALUES ('東京の優良顧客',"
		 " '{\"prefecture\": \"東京都\", \"rfm\": \"R5\"}')", 0);
	h = dbt_int(d.admin, "SELECT max(id) FROM rd.history WHERE table_name = 'saved_filters'"
		    " AND new_row ->> 'agent' = $1", 1, d.op);
	dbt_itoa(h, hid);
	ck_assert_int_eq(dbt_int(d.o, "SELECT count(*) FROM rd.history WHERE id = $1", 1, hid), 1);
	attempt_effect("operator", "another's saved filter through rd.history",
		       dbt_int(o2, "SELECT count(*) FROM rd.history WHERE id = $1", 1, hid) == 0);
	/* nor through the definer functions that read the history by id */
	attempt(o2, "operator", "P0002", "SELECT rd.history_row_version($1)", 1, hid);
	attempt(o2, "operator", "P0002", "SELECT * FROM rd.history_revert_conflict($1)", 1, hid);
	/* the undo's list of what stops it reads the history past row-level
	 * security: a supervisor's (0090) */
	attempt(o2, "operator", "42501", "SELECT * FROM rd.history_undo_conflicts(NULL, 1)", 0);
	attempt(d.a, "agent", "42501", "SELECT * FROM rd.history_undo_conflicts('x', NULL)", 0);
	attempt(d.s, "supervisor", "P0002", "SELECT rd.history_row_version($1)", 1, hid);
	dbt_exec(d.o, "SELECT rd.history_row_version($1)", 1, hid);
	attempt_effect("supervisor", "an agent's saved filter through rd.history",
		       dbt_int(d.s, "SELECT count(*) FROM rd.history WHERE table_name = 'saved_filters'"
			       " AND coalesce(new_row, old_row) ->> 'agent' <> session_user", 0) == 0);
	/* every table with row-level security, every role */
	r = dbt_query(d.admin, "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'rd'::regnamespace"
		      " AND c.relrowsecurity AND c.relname <> 'history'", 0);
	ck_assert_int_ge(PQntuples(r), 1);
	for (int i = 0; i < PQntuples(r); i++) {
		const char *t = PQgetvalue(r, i, 0);
		PGconn *c[3] = { o2, d.a, d.s };

		for (int k = 0; k < 3; k++)
			attempt_effect("any role", "a private table's rows of others in the history",
				       dbt_int(c[k], "SELECT count(*) FROM rd.history WHERE table_name = $1"
					       " AND coalesce(new_row, old_row) ->> coalesce("
					       "rd.history_row_owner($1), '') IS DISTINCT FROM session_user::text",
					       1, t) == 0);
	}
	PQclear(r);
	/* and every table a role may not read at all */
	r = dbt_query(d.admin, "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'rd'::regnamespace"
		      " AND c.relkind = 'r' AND NOT has_table_privilege('rd_operator', c.oid, 'SELECT')"
		      " AND c.relname <> 'schema_migrations'", 0);
	for (int i = 0; i < PQntuples(r); i++)
		attempt_effect("operator", "history of a table it cannot read",
			       dbt_int(d.o, "SELECT count(*) FROM rd.history WHERE table_name = $1", 1,
				       PQgetvalue(r, i, 0)) == 0);
	PQclear(r);
	PQfinish(o2);
	desk_close(&d);
}
END_TEST

/* ===== class 4: card numbers ============================================= */

static const char *const pan_examples[] = {
	"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "4111.1111.1111.1111",
	"４１１１－１１１１－１１１１－１１１１", "４１１１　１１１１　１１１１　１１１１",
	"3782 822463 10005", "カード 4111-1111-1111-1111 期限 12/27", "6011 0009 9013 9424 123",
	"4111 - 1111 - 1111 - 1111",
};
static const char *const not_pan_examples[] = {
	"090-1234-5678 080-1234-5678", "03-1234-5678 0120-123-456", "4111111111111112",
	"41111111111111111111111", "4111 1111-1111 1111", "〒359-1111 所沢市日吉町4丁目10-19",
	"order O00000123, 3 x 1,980 yen", "6371cbe2-2341-4429-9936-33a42f8d6751",
	"request 75d47c66-fa1a-4766-9227-48092c238805 again",
};

START_TEST(the_client_and_the_database_share_one_card_rule)
{
	PGconn *c = dbt_admin();

	for (size_t i = 0; i < sizeof(pan_examples) / sizeof(pan_examples[0]); i++) {
		ck_assert_msg(pan_found(pan_examples[i]), "client: %s", pan_examples[i]);
		ck_assert_msg(dbt_int(c, "SELECT rd.pan_found($1)::int", 1, pan_examples[i]) == 1,
			      "database: %s", pan_examples[i]);
	}
	for (size_t i = 0; i < sizeof(not_pan_examples) / sizeof(not_pan_examples[0]); i++) {
		ck_assert_msg(!pan_found(not_pan_examples[i]), "client: %s", not_pan_examples[i]);
		ck_assert_msg(dbt_int(c, "SELECT rd.pan_found($1)::int", 1, not_pan_examples[i]) == 0,
			      "database: %s", not_pan_examples[i]);
	}
	/* every business table carries the guard (rd.customer_figures,
	 * 0150, has no text and only its triggers write it) */
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'rd'::regnamespace"
				 " AND c.relkind = 'r'"
				 " AND c.relname NOT IN ('schema_migrations', 'customer_figures')"
				 " AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid"
				 " AND t.tgname = 'rd_text_guard')", 0), 0);
	PQfinish(c);
}
END_TEST

START_TEST(no_card_number_is_stored_anywhere)
{
	struct desk d;
	char cid[24], iid[24], sid[24], oid[24];
	long long cust, inq, sub, order;
	char *log;
	FILE *f;
	char path[512];

	desk_open(&d);
	cust = dbt_admin_customer_new();
	dbt_itoa(cust, cid);
	inq = inquiry_new(d.o, cust);
	dbt_itoa(inq, iid);
	sub = dbt_subscription_new(d.admin, cust);
	dbt_itoa(sub, sid);
	order = dbt_int(d.admin, "INSERT INTO rd.orders (customer_id, payment) VALUES ($1, 'card')"
			" RETURNING id", 1, cid);
	dbt_itoa(order, oid);
	for (size_t i = 0; i < sizeof(pan_examples) / sizeof(pan_examples[0]); i++) {
		const char *pan = pan_examples[i];

		attempt(d.o, "operator", "RD422", "UPDATE rd.customers SET notes = $2 WHERE id = $1",
			2, cid, pan);
		attempt(d.o, "operator", "RD422",
			"UPDATE rd.customers SET address2 = $2 WHERE id = $1", 2, cid, pan);
		attempt(d.o, "operator", "RD422",
			"INSERT INTO rd.customer_addresses (customer_id, name, postal_code, prefecture,"
			" address1) VALUES ($1, '山田 花子', '1000001', '東京都', $2)", 2, cid, pan);
		attempt(d.o, "operator", "RD422", "SELECT rd.inquiry_note($1, 'note', $2, NULL)",
			2, iid, pan);
		attempt(d.o, "operator", "RD422",
			"SELECT rd.inquiry_open($1, NULL, NULL, 'email', 'question', NULL, $2, NULL,"
			" NULL, NULL, NULL, NULL)", 2, cid, pan);
		attempt(d.o, "operator", "RD422", "UPDATE rd.orders SET notes = $2 WHERE id = $1",
			2, oid, pan);
		attempt(d.o, "operator", "RD422", "UPDATE rd.orders SET card_token = $2 WHERE id = $1",
			2, oid, pan);
		attempt(d.a, "agent", "RD422",
			"UPDATE rd.subscriptions SET cancel_reason = $2 WHERE id = $1", 2, sid, pan);
		attempt(d.a, "agent", "RD422",
			"UPDATE rd.subscriptions SET last_change = $2 WHERE id = $1", 2, sid, pan);
		attempt(d.o, "operator", "RD422",
			"INSERT INTO rd.saved_filters (name, filter) VALUES ('f', jsonb_build_object('name', $1::text))",
			1, pan);
		/* the reason a session gives goes into the history */
		attempt(d.o, "operator", "RD422",
			"WITH s AS (SELECT set_config('repeatdesk.reason', $2, false))"
			" UPDATE rd.customers SET address1 = '所沢市' WHERE id = $1 AND (SELECT true FROM s)",
			2, cid, pan);
		dbt_exec(d.o, "RESET repeatdesk.reason", 0);
		attempt(d.s, "supervisor", "RD422",
			"UPDATE rd.products SET name = $1 WHERE id = (SELECT min(id) FROM rd.products)", 1, pan);
	}
	ck_assert_int_eq(dbt_int(d.admin, "SELECT count(*) FROM rd.history WHERE rd.pan_found(new_row::text)"
				 " OR rd.pan_found(reason)", 0), 0);
	/* nor in the server's log: the refusals name the column, not the value */
	snprintf(path, sizeof(path), "%s/log", getenv("PGHOST"));
	f = fopen(path, "r");
	if (f) {
		size_t cap = 1 << 22, n;

		log = malloc(cap + 1);
		n = fread(log, 1, cap, f);
		log[n] = '\0';
		fclose(f);
		ck_assert_msg(strstr(log, "looks like a card number") != NULL, "refusals are logged");
		ck_assert_msg(!pan_found(log), "the server log holds a card number");
		free(log);
	}
	desk_close(&d);
}
END_TEST

/* ===== class 8: text limits and control characters ======================= */

START_TEST(text_limits_hold_in_the_database)
{
	struct desk d;
	char cid[24], iid[24];
	long long cust, inq;
	char *big = malloc(1000001);
	char *v;

	desk_open(&d);
	cust = dbt_admin_customer_new();
	dbt_itoa(cust, cid);
	inq = inquiry_new(d.o, cust);
	dbt_itoa(inq, iid);
	memset(big, 'a', 1000000);
	big[1000000] = '\0';
	attempt(d.o, "operator", "22001", "SELECT rd.inquiry_note($1, 'note', $2, NULL)", 2, iid, big);
	attempt(d.o, "operator", "22001", "UPDATE rd.customers SET notes = $2 WHERE id = $1", 2, cid,
		big + 1000000 - 1001);
	attempt(d.o, "operator", "22001", "UPDATE rd.customers SET name = $2 WHERE id = $1", 2, cid,
		big + 1000000 - 81);
	attempt(d.o, "operator", "22023", "UPDATE rd.customers SET name = $2 WHERE id = $1", 2, cid,
		"山田\x1b[2J\x1b[31m 太郎");
	attempt(d.o, "operator", "22023", "UPDATE rd.customers SET notes = $2 WHERE id = $1", 2, cid,
		"注意\x1b]0;pwned\x07");
	attempt(d.o, "operator", "22023", "UPDATE rd.customers SET address1 = $2 WHERE id = $1", 2,
		cid, "所沢市\n日吉町");
	attempt(d.o, "operator", "22023", "SELECT rd.inquiry_note($1, 'note', $2, NULL)", 2, iid,
		"\xc2\x9b" "31m");  /* C1 CSI */
	v = dbt_verifier(d.s, "esc_agent", "pw");
	attempt(d.s, "supervisor", "22023",
		"SELECT rd.agent_add('esc_agent', $1, 'operator', $2)", 2, "\x1b[5mBoss", v);
	free(v);
	attempt(d.o, "operator", "22001|22023",
		"WITH s AS (SELECT set_config('repeatdesk.reason', repeat('x', 201), false))"
		" UPDATE rd.customers SET address1 = '所沢市' WHERE id = $1 AND (SELECT true FROM s)", 1, cid);
	dbt_exec(d.o, "RESET repeatdesk.reason", 0);
	/* a note of many lines is fine */
	dbt_exec(d.o, "SELECT rd.inquiry_note($1, 'note', $2, NULL)", 2, iid, "一行目\n二行目\tタブ");
	free(big);
	desk_close(&d);
}
END_TEST

/* ===== class 9: secrets on disk ========================================== */

static void write_mode(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_mode & 0777;
}

START_TEST(password_files_others_can_read_are_repaired_or_refused)
{
	char dir[] = "/tmp/rd-secrets-XXXXXX", path[256], pw[64];
	struct cluster c;
	struct rd_error err;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0700), 0);
	ck_assert_int_eq(cluster_locate(&c, dir, &err), RD_OK);
	snprintf(path, sizeof(path), "%s/agents.pass", dir);
	/* world-readable: repaired to 0600 (one line on stderr), then used */
	write_mode(path, "sato:s3cret\n", 0644);
	ck_assert_int_eq(cluster_password(&c, "sato", pw, sizeof(pw), &err), RD_OK);
	ck_assert_str_eq(pw, "s3cret");
	ck_assert_int_eq(mode_of(path), 0600);
	attempt_effect("anyone", "a world-readable agents.pass stays readable", mode_of(path) == 0600);
	/* group-readable admin.pass: the same */
	snprintf(path, sizeof(path), "%s/admin.pass", dir);
	write_mode(path, "rd_admin:x\n", 0640);
	ck_assert_int_eq(cluster_check_secret(path, &err), RD_OK);
	ck_assert_int_eq(mode_of(path), 0600);
	/* another user's file is never trusted */
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(path, 65534, 65534), 0);
		tried++;
		if (cluster_check_secret(path, &err) == RD_PERMISSION) {
			refused++;
		} else {
			through++;
			ck_abort_msg("another user's password file was used");
		}
		ck_assert_int_eq(chown(path, 0, 0), 0);
	}
	/* a home others can write: its password files are not used */
	ck_assert_int_eq(chmod(dir, 0777), 0);
	tried++;
	if (cluster_password(&c, "sato", pw, sizeof(pw), &err) == RD_PERMISSION) {
		refused++;
	} else {
		through++;
		ck_abort_msg("a world-writable home's password file was used");
	}
	ck_assert_ptr_nonnull(strstr(err.msg, "chmod 700"));
	/* 0755: used, with a warning (as ssh) */
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(cluster_password(&c, "sato", pw, sizeof(pw), &err), RD_OK);
	snprintf(path, sizeof(path), "%s/agents.pass", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/admin.pass", dir);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(a_conninfo_is_shown_without_its_password)
{
	char out[512];

	db_conninfo_redact("host=db1 dbname=repeatdesk user=sato password=hunter2", out, sizeof(out));
	attempt_effect("status", "a keyword password printed", strstr(out, "hunter2") == NULL);
	ck_assert_ptr_nonnull(strstr(out, "password=***"));
	ck_assert_ptr_nonnull(strstr(out, "host=db1"));
	db_conninfo_redact("postgresql://sato:hunter2@db1:5432/repeatdesk?sslmode=require", out,
			   sizeof(out));
	attempt_effect("status", "a URI password printed", strstr(out, "hunter2") == NULL);
	ck_assert_ptr_nonnull(strstr(out, "user=sato"));
	ck_assert_ptr_nonnull(strstr(out, "sslmode=require"));
	db_conninfo_redact("host='unterminated password=hunter2", out, sizeof(out));
	attempt_effect("status", "a malformed conninfo printed", strstr(out, "hunter2") == NULL);
}
END_TEST

/* ===== definer functions, search paths, grants =========================== */

START_TEST(definer_functions_pin_their_path_and_refuse_hostile_calls)
{
	struct desk d;
	PGresult *r;
	char sql[512];

	desk_open(&d);
	r = dbt_query(d.admin, "SELECT p.oid::regprocedure::text FROM pg_proc p"
		      " JOIN pg_namespace n ON n.oid = p.pronamespace"
		      " WHERE n.nspname LIKE 'rd%' AND p.prosecdef"
		      "   AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, rd, pg_temp'], false)", 0);
	ck_assert_msg(PQntuples(r) == 0, "SECURITY DEFINER without a pinned search_path: %s",
		      PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	/* every definer function an operator may not execute refuses it */
	r = dbt_query(d.admin, "SELECT p.oid::regproc::text, pronargs FROM pg_proc p"
		      " JOIN pg_namespace n ON n.oid = p.pronamespace"
		      " WHERE n.nspname LIKE 'rd%' AND p.prosecdef AND p.prorettype <> 'trigger'::regtype"
		      "   AND NOT has_function_privilege('rd_operator', p.oid, 'EXECUTE')", 0);
	ck_assert_int_ge(PQntuples(r), 5);
	for (int i = 0; i < PQntuples(r); i++) {
		int n = atoi(PQgetvalue(r, i, 1));
		int len = snprintf(sql, sizeof(sql), "SELECT %s(", PQgetvalue(r, i, 0));

		for (int k = 0; k < n; k++)
			len += snprintf(sql + len, sizeof(sql) - (size_t)len, "%sNULL", k ? ", " : "");
		snprintf(sql + len, sizeof(sql) - (size_t)len, ")");
		attempt(d.o, "operator", "42501|42725", sql, 0);
	}
	PQclear(r);
	/* the ones every desk role may call, with hostile arguments */
	attempt(d.o, "operator", "RD404|P0002", "SELECT rd.inquiry_note(-1, 'note', 'x', NULL)", 0);
	attempt(d.o, "operator", "RD422",
		"SELECT rd.inquiry_note((SELECT max(id) FROM rd.inquiries), 'status_change', 'x', NULL)", 0);
	attempt(d.o, "operator", "42501",
		"SELECT rd.agent_set_password($1, 'SCRAM-SHA-256$4096:AAAA$AAAA:AAAA')", 1, d.sup);
	attempt(d.o, "operator", "42501", "SELECT rd.inquiry_dashboard()", 0);
	attempt(d.o, "operator", "42501", "SELECT * FROM rd.history_seal()", 0);
	/* what becomes of a subscription whose delivery 1 was cancelled: only
	 * for an order that is that, cancelled (0060) */
	attempt(d.o, "operator", "42501|22023",
		"SELECT rd.order_first_cancelled((SELECT max(id) FROM rd.orders), 'cancel', 'x')", 0);
	attempt(d.o, "operator", "42501", "SELECT rd.order_first_cancelled(-1, 'keep', 'x')", 0);
	attempt(d.o, "operator", "22023", "SELECT rd.order_first_cancelled(1, 'drop', 'x')", 0);
	attempt(d.o, "operator", "42501", "SELECT * FROM rd.history_verify(NULL)", 0);
	attempt(d.a, "agent", "42501", "SELECT * FROM rd.history_revert(1, 'x''); DROP TABLE rd.history; --')", 0);
	attempt(d.o, "operator", "23514|RD404|RD422",
		"SELECT rd.inquiry_open(NULL, NULL, NULL, 'x''; DROP TABLE rd.customers; --', 'question',"
		" NULL, 's', NULL, NULL, NULL, NULL, NULL)", 0);
	attempt(d.o, "operator", "RD404",
		"SELECT rd.inquiry_handoff((SELECT max(id) FROM rd.inquiries), NULL,"
		" 'rd_admin''; --', NULL, 'note', NULL)", 0);
	ck_assert_int_eq(dbt_int(d.admin, "SELECT count(*) FROM pg_class WHERE relname = 'customers'"
				 " AND relnamespace = 'rd'::regnamespace", 0), 1);
	desk_close(&d);
}
END_TEST

/* The grants of every role, as tests/db/grants.sql lists them, against
 * the reviewed tests/db/grants.expected: a new grant is a visible diff.
 * To accept a change after review:  tests/db/grants.sh > tests/db/grants.expected */
START_TEST(grants_are_as_reviewed)
{
	const char *src = getenv("RD_SRCDIR");
	char path[1024], *want, *sql, *got;
	PGconn *c = dbt_admin();
	PGresult *r;
	struct sbuf_like {
		char *buf;
		size_t n, cap;
	} b = { NULL, 0, 0 };
	FILE *f;
	long size;

	ck_assert_msg(src != NULL, "RD_SRCDIR is not set");
	snprintf(path, sizeof(path), "%s/tests/db/grants.sql", src);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	sql = calloc((size_t)size + 1, 1);
	ck_assert(fread(sql, 1, (size_t)size, f) == (size_t)size);
	fclose(f);
	snprintf(path, sizeof(path), "%s/tests/db/grants.expected", src);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	want = calloc((size_t)size + 1, 1);
	ck_assert(fread(want, 1, (size_t)size, f) == (size_t)size);
	fclose(f);

	r = PQexec(c, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "grants.sql: %s", PQerrorMessage(c));
	for (int i = 0; i < PQntuples(r); i++) {
		const char *line = PQgetvalue(r, i, 0);
		size_t len = strlen(line);

		if (b.n + len + 2 > b.cap) {
			b.cap = (b.n + len + 2) * 2;
			b.buf = realloc(b.buf, b.cap);
		}
		memcpy(b.buf + b.n, line, len);
		b.n += len;
		b.buf[b.n++] = '\n';
		b.buf[b.n] = '\0';
	}
	got = b.buf ? b.buf : calloc(1, 1);
	PQclear(r);
	if (strcmp(got, want) != 0) {
		f = fopen("grants.actual", "w");
		if (f) {
			fputs(got, f);
			fclose(f);
		}
		ck_abort_msg("the grants differ from tests/db/grants.expected (see build/grants.actual:"
			     " diff -u tests/db/grants.expected build/grants.actual); after review,"
			     " tests/db/grants.sh > tests/db/grants.expected");
	}
	free(got);
	free(want);
	free(sql);
	PQfinish(c);
}
END_TEST

/* ===== a history that proves itself ====================================== */

START_TEST(verify_names_the_row_a_superuser_rewrote)
{
	struct desk d;
	char cid[24], hid[24], txt[24];
	long long cust, h, before;
	PGresult *r;

	desk_open(&d);
	cust = dbt_admin_customer_new();
	dbt_itoa(cust, cid);
	dbt_exec(d.o, "UPDATE rd.customers SET notes = '要冷蔵' WHERE id = $1", 1, cid);
	h = dbt_int(d.admin, "SELECT max(id) FROM rd.history WHERE table_name = 'customers'"
		    " AND row_key = $1", 1, cid);
	dbt_itoa(h, hid);
	/* sealed by a supervisor; readable by supervisors only */
	dbt_exec(d.s, "SELECT * FROM rd.history_seal()", 0);
	ck_assert_int_ge(dbt_int(d.s, "SELECT count(*) FROM rd_sec.history_seals", 0), 1);
	attempt(d.a, "agent", "42501", "SELECT * FROM rd_sec.history_seals", 0);
	r = dbt_query(d.s, "SELECT coalesce(problem, 'ok'), seals > 0 FROM rd.history_verify(NULL)", 0);
	ck_assert_str_eq(PQgetvalue(r, 0, 0), "ok");
	PQclear(r);

	/* the superuser rewrites the row, with the guard switched off */
	dbt_exec_script(d.admin,
			"ALTER TABLE rd.history DISABLE TRIGGER history_no_update_delete");
	dbt_exec(d.admin, "UPDATE rd.history SET actor = 'someone_else' WHERE id = $1", 1, hid);
	dbt_exec_script(d.admin, "ALTER TABLE rd.history ENABLE TRIGGER history_no_update_delete");
	r = dbt_query(d.s, "SELECT problem, history_id FROM rd.history_verify($1)", 1, hid);
	ck_assert_str_eq(PQgetvalue(r, 0, 0), "altered");
	ck_assert_str_eq(PQgetvalue(r, 0, 1), hid);
	PQclear(r);
	/* put back as it was, the chain holds again */
	dbt_exec_script(d.admin,
			"ALTER TABLE rd.history DISABLE TRIGGER history_no_update_delete");
	dbt_exec(d.admin, "UPDATE rd.history SET actor = $2 WHERE id = $1", 2, hid, d.op);
	r = dbt_query(d.s, "SELECT coalesce(problem, 'ok') FROM rd.history_verify($1)", 1, hid);
	ck_assert_str_eq(PQgetvalue(r, 0, 0), "ok");
	PQclear(r);
	/* removed */
	before = dbt_int(d.admin, "SELECT min(history_id) FROM rd_sec.history_sealed", 0);
	dbt_exec(d.admin, "SET session_replication_role = replica", 0);
	dbt_exec(d.admin, "DELETE FROM rd.inquiry_entries WHERE history_id = $1", 1, hid);
	dbt_exec(d.admin, "DELETE FROM rd.history WHERE id = $1", 1, hid);
	dbt_exec(d.admin, "SET session_replication_role = origin", 0);
	r = dbt_query(d.s, "SELECT problem, history_id FROM rd.history_verify(NULL)", 0);
	ck_assert_str_eq(PQgetvalue(r, 0, 0), "removed");
	ck_assert_str_eq(PQgetvalue(r, 0, 1), hid);
	PQclear(r);
	/* inserted out of order: back with its old id and transaction */
	dbt_exec(d.admin, "SET session_replication_role = replica", 0);
	dbt_exec(d.admin, "INSERT INTO rd.history (id, actor, txid, table_name, row_key, op, new_row)"
		 " OVERRIDING SYSTEM VALUE SELECT $1, 'ghost', txid, 'customers', $2, 'INSERT', '{}'"
		 " FROM rd.history WHERE id = $3", 3, hid, cid, dbt_itoa(before, txt));
	dbt_exec(d.admin, "SET session_replication_role = origin", 0);
	r = dbt_query(d.s, "SELECT problem FROM rd.history_verify(NULL)", 0);
	ck_assert(strcmp(PQgetvalue(r, 0, 0), "altered") == 0 ||
		  strcmp(PQgetvalue(r, 0, 0), "inserted") == 0);
	PQclear(r);
	dbt_exec_script(d.admin, "ALTER TABLE rd.history ENABLE TRIGGER history_no_update_delete");
	desk_close(&d);
}
END_TEST

Suite *security_suite(void)
{
	Suite *s = suite_create("security");
	TCase *tc = tcase_create("attacks");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, no_role_forges_timeline_entries);
	tcase_add_test(tc, no_role_creates_objects_or_becomes_another);
	tcase_add_test(tc, a_revert_link_is_written_only_by_the_revert);
	tcase_add_test(tc, an_override_is_a_supervisors);
	tcase_add_test(tc, request_records_are_the_requesters);
	tcase_add_test(tc, reference_data_is_the_supervisors);
	tcase_add_test(tc, the_postal_cache_takes_only_an_answer_and_names_who_asked);
	tcase_add_test(tc, orders_keep_their_rules);
	tcase_add_test(tc, figures_are_the_databases);
	tcase_add_test(tc, subscriptions_keep_their_rules);
	tcase_add_test(tc, inquiry_deadlines_are_the_databases);
	tcase_add_test(tc, private_rows_stay_private_in_the_history);
	tcase_add_test(tc, the_client_and_the_database_share_one_card_rule);
	tcase_add_test(tc, no_card_number_is_stored_anywhere);
	tcase_add_test(tc, text_limits_hold_in_the_database);
	tcase_add_test(tc, password_files_others_can_read_are_repaired_or_refused);
	tcase_add_test(tc, a_conninfo_is_shown_without_its_password);
	tcase_add_test(tc, definer_functions_pin_their_path_and_refuse_hostile_calls);
	tcase_add_test(tc, grants_are_as_reviewed);
	tcase_add_test(tc, verify_names_the_row_a_superuser_rewrote);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed, run_;

	if (!getenv("PGHOST") || !getenv("RD_TEST_ADMIN")) {
		fprintf(stderr, "check_security: no test database; run it as "
				"tests/lib/pgtmp.sh tests/db/check_security\n");
		return EXIT_FAILURE;
	}
	sr = srunner_create(security_suite());
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	run_ = srunner_ntests_run(sr);
	srunner_free(sr);
	printf("# security: attempts tried %d, refused by PostgreSQL %d, got through %d\n", tried,
	       refused, through);
	if (fcntl(9, F_GETFD) != -1) {
		dprintf(9, "security: Checks: %d, Failures: %d, Errors: 0\n", run_, failed);
		dprintf(9, "security: attempts tried %d, refused by PostgreSQL %d, got through %d\n",
			tried, refused, through);
	}
	return failed == 0 && through == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
