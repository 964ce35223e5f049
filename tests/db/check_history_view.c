/* check_history_view.c: store/history.c and rd.history_revert (0050)
 * against a real database: what a timeline holds and its filters and
 * pages, a record rebuilt as of a time on tricky sequences, and the
 * supervisors' revert: success with linked history rows, a retry, a
 * refusal when later changes touched the same fields, refusals for
 * operators and agents by the database itself, a revert of a revert, and
 * optimistic locking.
 *
 * Its own runner: tests/lib/pgtmp.sh tests/db/check_history_view
 * (tests/db/run-check-history-view.sh). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbtest.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/customer_view.h"
#include "repeatdesk/history.h"

static char agent_login[DBT_LOGIN_MAX];
static char agent2_login[DBT_LOGIN_MAX];
static char supervisor_login[DBT_LOGIN_MAX];
static char operator_login[DBT_LOGIN_MAX];

static void setup_once(void)
{
	static bool done;
	PGconn *admin;

	if (done)
		return;
	done = true;
	admin = dbt_admin();
	dbt_agent_new(admin, "agent", "hagt", agent_login);
	dbt_agent_new(admin, "agent", "hagu", agent2_login);
	dbt_agent_new(admin, "supervisor", "hsup", supervisor_login);
	dbt_agent_new(admin, "operator", "hopr", operator_login);
	PQfinish(admin);
}

static long long history_count(void)
{
	PGconn *admin = dbt_admin();
	long long n = dbt_int(admin, "SELECT count(*) FROM rd.history", 0);

	PQfinish(admin);
	return n;
}

/* A customer (made by the admin) with a subscription (made by an agent). */
struct fixture {
	long long customer, sub;
};

static struct fixture fixture_new(void)
{
	PGconn *admin = dbt_admin();
	PGconn *agent;
	struct fixture f;

	f.customer = dbt_customer_new(admin);
	PQfinish(admin);
	agent = dbt_login(agent_login);
	f.sub = dbt_subscription_new(agent, f.customer);
	PQfinish(agent);
	return f;
}

static void run(struct rd_db *db, const char *reason, const char *sql, long long id,
		const char *arg)
{
	char ids[24];
	const char *params[2] = { ids, arg };
	struct rd_error err;

	snprintf(ids, sizeof(ids), "%lld", id);
	ck_assert_msg(db_begin(db, reason, NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert_msg(db_exec(db, sql, arg ? 2 : 1, params, NULL, &err) == RD_OK, "%s: %s", sql, err.msg);
	ck_assert_msg(db_commit(db, &err) == RD_OK, "%s", err.msg);
}

/* What a skip does: the next date moves a cycle on and the slot is kept,
 * in one transaction. Returns the skip row's history id. */
static long long skip(struct rd_db *db, long long sub, const char *reason)
{
	char ids[24];
	const char *params[1] = { ids };
	struct rd_error err;
	char out[24];

	snprintf(ids, sizeof(ids), "%lld", sub);
	ck_assert(db_begin(db, reason, NULL, &err) == RD_OK);
	ck_assert_msg(db_exec(db, "UPDATE rd.subscriptions SET next_date = next_date + 30,"
			      " last_change = 'skip' WHERE id = $1::bigint", 1, params, NULL, &err) == RD_OK,
		      "%s", err.msg);
	ck_assert_msg(db_exec(db, "INSERT INTO rd.subscription_skips (subscription_id, delivery_no, date)"
			      " SELECT id, delivery_count + 1, next_date - 30 FROM rd.subscriptions"
			      " WHERE id = $1::bigint", 1, params, NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert(db_query_value(db, "SELECT max(id) FROM rd.history WHERE txid = txid_current()"
				 " AND table_name = 'subscription_skips'", 0, NULL, out, sizeof(out),
				 NULL, &err) == RD_OK);
	ck_assert_msg(db_commit(db, &err) == RD_OK, "%s", err.msg);
	return strtoll(out, NULL, 10);
}

static long long last_history(const char *table, long long sub)
{
	return dbt_q_int(table[0] == 's' && strcmp(table, "subscriptions") == 0
			 ? "SELECT max(id) FROM rd.history WHERE table_name = 'subscriptions' AND row_key = $1::text"
			 : "SELECT max(id) FROM rd.history WHERE table_name = 'subscription_skips'"
			   " AND new_row ->> 'subscription_id' = $1::text", sub);
}

static bool page_has(const struct history_page *p, const char *table, const char *op)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->v[i].table, table) == 0 && strcmp(p->v[i].op, op) == 0)
			return true;
	return false;
}

static void timeline(struct rd_db *db, struct history_query *q, struct history_page *p)
{
	struct rd_error err;

	ck_assert_msg(history_timeline(db, q, p, &err) == RD_OK, "%s", err.msg);
}

/* ---- timelines ------------------------------------------------------------------ */

START_TEST(a_customer_timeline_holds_everything_about_them_newest_first)
{
	struct fixture f = fixture_new();
	struct fixture other = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct history_query q = { .scope = HISTORY_CUSTOMER, .id = f.customer, .limit = 100 };
	struct history_page p;
	PGconn *op = dbt_login(operator_login);
	char cust[24];

	dbt_exec(op, "INSERT INTO rd.customer_addresses (customer_id, name, postal_code, prefecture, address1)"
		 " VALUES ($1, '実家', '1000001', '東京都', '千代田区1-1')", 1, dbt_itoa(f.customer, cust));
	dbt_exec(op, "INSERT INTO rd.inquiries (customer_id, channel, category, subject)"
		 " VALUES ($1, 'inbound_call', 'skip', '来月スキップ')", 1, cust);
	PQfinish(op);
	skip(agent, f.sub, "travel");
	skip(agent, other.sub, "other customer");

	timeline(agent, &q, &p);
	ck_assert(page_has(&p, "customers", "INSERT"));
	ck_assert(page_has(&p, "customer_addresses", "INSERT"));
	ck_assert(page_has(&p, "subscriptions", "INSERT"));
	ck_assert(page_has(&p, "subscription_lines", "INSERT"));
	ck_assert(page_has(&p, "subscription_skips", "INSERT"));
	ck_assert(page_has(&p, "inquiries", "INSERT"));
	for (int i = 0; i < p.n; i++) {
		ck_assert_int_eq(p.v[i].customer_id, f.customer);
		if (i)
			ck_assert_msg(strcmp(p.v[i - 1].at_key, p.v[i].at_key) >= 0, "newest first");
	}
	ck_assert_str_eq(p.v[0].table, "subscription_skips");
	ck_assert_str_eq(p.v[0].reason, "travel");
	ck_assert_str_eq(p.v[0].actor, agent_login);
	ck_assert(!p.more);
	history_page_free(&p);
	db_free(&agent);
}
END_TEST

START_TEST(filters_and_pages)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct rd_db *agent2 = dbt_store_as(agent2_login, NULL);
	struct history_query q = { .scope = HISTORY_CUSTOMER, .id = f.customer };
	struct history_page p, all;
	long long seen[64];
	int nseen = 0;
	char today[16];

	skip(agent, f.sub, "one");
	skip(agent2, f.sub, "two");
	run(agent2, "slot", "UPDATE rd.subscriptions SET time_slot = 'morning' WHERE id = $1::bigint",
	    f.sub, NULL);

	q.limit = 100;
	timeline(agent, &q, &all);

	snprintf(q.table, sizeof(q.table), "subscription_skips");
	timeline(agent, &q, &p);
	ck_assert_int_eq(p.n, 2);
	ck_assert_str_eq(p.v[0].reason, "two");
	history_page_free(&p);

	q.table[0] = '\0';
	snprintf(q.actor, sizeof(q.actor), "%s", agent2_login);
	timeline(agent, &q, &p);
	ck_assert_int_eq(p.n, 3);  /* the skip's two rows and the slot */
	for (int i = 0; i < p.n; i++)
		ck_assert_str_eq(p.v[i].actor, agent2_login);
	history_page_free(&p);
	q.actor[0] = '\0';

	/* days in the business zone, both ends included */
	{
		char *d = dbt_q_text("SELECT to_char(now() AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD')"
				     " WHERE $1::bigint IS NOT NULL", 1);

		snprintf(today, sizeof(today), "%s", d);
		free(d);
	}
	ck_assert(date_parse_iso(today, &q.since, NULL) == RD_OK);
	q.until = q.since;
	timeline(agent, &q, &p);
	ck_assert_int_eq(p.n, all.n);
	history_page_free(&p);
	q.since++;
	q.until = 0;
	timeline(agent, &q, &p);
	ck_assert_int_eq(p.n, 0);
	history_page_free(&p);
	q.since = 0;
	ck_assert(date_parse_iso(today, &q.until, NULL) == RD_OK);
	q.until--;
	timeline(agent, &q, &p);
	ck_assert_int_eq(p.n, 0);
	history_page_free(&p);
	q.until = 0;

	/* pages of 2 cover everything once, in the same order */
	q.limit = 2;
	for (;;) {
		timeline(agent, &q, &p);
		for (int i = 0; i < p.n; i++) {
			ck_assert_int_lt(nseen, 64);
			ck_assert_int_eq(p.v[i].id, all.v[nseen].id);
			seen[nseen++] = p.v[i].id;
		}
		if (!p.more) {
			history_page_free(&p);
			break;
		}
		ck_assert_int_eq(p.n, 2);
		snprintf(q.after_key, sizeof(q.after_key), "%s", p.v[1].at_key);
		q.after_id = p.v[1].id;
		history_page_free(&p);
	}
	ck_assert_int_eq(nseen, all.n);
	(void)seen;
	history_page_free(&all);
	db_free(&agent);
	db_free(&agent2);
}
END_TEST

START_TEST(subscription_order_and_agent_scopes)
{
	struct fixture f = fixture_new();
	long long sub2;
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct history_query q = { .scope = HISTORY_SUBSCRIPTION, .limit = 100 };
	struct history_page p;
	struct rd_error err;
	long long id;
	PGconn *a = dbt_login(agent_login);

	sub2 = dbt_subscription_new(a, f.customer);
	PQfinish(a);
	skip(agent, f.sub, "first sub");
	skip(agent, sub2, "second sub");

	q.id = f.sub;
	timeline(agent, &q, &p);
	ck_assert(page_has(&p, "subscriptions", "INSERT"));
	ck_assert(page_has(&p, "subscription_skips", "INSERT"));
	for (int i = 0; i < p.n; i++)
		ck_assert_str_ne(p.v[i].reason, "second sub");
	history_page_free(&p);

	q.scope = HISTORY_AGENT;
	snprintf(q.login, sizeof(q.login), "%s", agent2_login);
	{
		struct rd_db *agent2 = dbt_store_as(agent2_login, NULL);

		run(agent2, "just one", "UPDATE rd.subscriptions SET time_slot = '14-16'"
		    " WHERE id = $1::bigint", sub2, NULL);
		db_free(&agent2);
	}
	timeline(agent, &q, &p);
	ck_assert_int_ge(p.n, 1);
	for (int i = 0; i < p.n; i++)
		ck_assert_str_eq(p.v[i].actor, agent2_login);
	history_page_free(&p);

	/* what a person types */
	ck_assert_int_eq(history_resolve(agent, HISTORY_SUBSCRIPTION, "99999999", &id, &err), RD_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "no subscription"));
	ck_assert_int_eq(history_resolve(agent, HISTORY_SUBSCRIPTION, "abc", &id, &err), RD_USAGE);
	ck_assert_int_eq(history_resolve(agent, HISTORY_AGENT, "nobody_here", &id, &err), RD_NOT_FOUND);
	ck_assert_int_eq(history_resolve(agent, HISTORY_AGENT, agent_login, &id, &err), RD_OK);
	ck_assert_int_eq(history_resolve(agent, HISTORY_CUSTOMER, "c9999999", &id, &err), RD_NOT_FOUND);
	{
		char *code = dbt_q_text("SELECT code FROM rd.customers WHERE id = $1::bigint", f.customer);

		ck_assert_int_eq(history_resolve(agent, HISTORY_CUSTOMER, code, &id, &err), RD_OK);
		ck_assert_int_eq(id, f.customer);
		free(code);
	}
	db_free(&agent);
}
END_TEST

START_TEST(an_order_timeline_holds_the_order_and_its_lines)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct history_query q = { .scope = HISTORY_ORDER, .limit = 100 };
	struct history_page p;
	PGconn *op = dbt_login(operator_login);
	char cust[24];
	long long order;
	char sku[32];
	PGconn *admin = dbt_admin();

	dbt_product_new(admin, sku);
	PQfinish(admin);
	/* an order with its line, totals as the lines make them (0084) */
	order = dbt_int(op, "WITH o AS (INSERT INTO rd.orders (customer_id, payment, subtotal_8, tax_8,"
			" total) VALUES ($1, 'cod', 3980, 318, 4298) RETURNING id),"
			" l AS (INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price,"
			" tax_rate) SELECT o.id, $2, '青汁 30包', 1, 3980, 8 FROM o)"
			" SELECT id FROM o", 2, dbt_itoa(f.customer, cust), sku);
	dbt_int(op, "WITH o AS (INSERT INTO rd.orders (customer_id, payment, subtotal_8, tax_8,"
			 " total) VALUES ($1, 'cod', 3980, 318, 4298) RETURNING id),"
			 " l AS (INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price,"
			 " tax_rate) SELECT o.id, $2, '青汁 30包', 1, 3980, 8 FROM o)"
			 " SELECT id FROM o", 2, cust, sku);
	PQfinish(op);
	q.id = order;
	timeline(agent, &q, &p);
	ck_assert_int_eq(p.n, 2);
	ck_assert_str_eq(p.v[0].table, "order_lines");
	ck_assert_str_eq(p.v[1].table, "orders");
	history_page_free(&p);
	db_free(&agent);
}
END_TEST

/* ---- as of ------------------------------------------------------------------------ */

/* The time of history entry id in the business zone, to the microsecond,
 * moved by delta_us. */
static void time_of(long long id, int delta_us, char out[HISTORY_AT_SIZE])
{
	PGconn *admin = dbt_admin();
	char ids[24], d[16];
	char *t;

	snprintf(d, sizeof(d), "%d", delta_us);
	t = dbt_value(admin, "SELECT to_char((at + make_interval(secs => $2::int / 1e6))"
		      " AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI:SS.US')"
		      " FROM rd.history WHERE id = $1::bigint", 2, dbt_itoa(id, ids), d);
	snprintf(out, HISTORY_AT_SIZE, "%s", t);
	free(t);
	PQfinish(admin);
}

/* Field of the record itself (first row) as of time, or NULL when it
 * did not exist. */
static char *as_of_field(struct rd_db *db, enum history_scope scope, long long id,
			 const char *at, const char *field)
{
	struct history_state s;
	struct rd_error err;
	PGconn *admin;
	char *v;

	if (history_as_of(db, scope, id, at, &s, &err) != RD_OK) {
		ck_assert_msg(err.status == RD_NOT_FOUND, "%s", err.msg);
		return NULL;
	}
	admin = dbt_admin();
	v = dbt_value(admin, "SELECT $1::jsonb ->> $2", 2, s.v[0].row, field);
	PQfinish(admin);
	history_state_free(&s);
	return v;
}

static void expect_as_of(struct rd_db *db, long long sub, const char *at, const char *field,
			 const char *want)
{
	char *v = as_of_field(db, HISTORY_SUBSCRIPTION, sub, at, field);

	ck_assert_msg(v && strcmp(v, want) == 0, "as of %s: %s = %s, want %s", at, field,
		      v ? v : "NULL", want);
	free(v);
}

static int skips_as_of(struct rd_db *db, long long sub, const char *at)
{
	struct history_state s;
	struct rd_error err;
	int n = 0;

	ck_assert_msg(history_as_of(db, HISTORY_SUBSCRIPTION, sub, at, &s, &err) == RD_OK, "%s", err.msg);
	for (int i = 0; i < s.n; i++)
		n += strcmp(s.v[i].table, "subscription_skips") == 0;
	history_state_free(&s);
	return n;
}

START_TEST(as_of_rebuilds_a_subscription_through_updates_and_a_revert)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct rd_db *sup = dbt_store_as(supervisor_login, NULL);
	long long created, u1, u2, k, r;
	char t[HISTORY_AT_SIZE];
	long long ids[8];
	int n;
	struct rd_error err;

	created = last_history("subscriptions", f.sub);
	run(agent, "a", "UPDATE rd.subscriptions SET time_slot = 'morning' WHERE id = $1::bigint", f.sub, NULL);
	u1 = last_history("subscriptions", f.sub);
	run(agent, "b", "UPDATE rd.subscriptions SET time_slot = '14-16', cycle = '2m:last'"
	    " WHERE id = $1::bigint", f.sub, NULL);
	u2 = last_history("subscriptions", f.sub);
	k = skip(agent, f.sub, "c");
	ck_assert_msg(history_revert(sup, u2, -1, "wrong cycle", NULL, ids, 8, &n, &err) == RD_OK,
		      "%s", err.msg);
	r = ids[0];

	time_of(created, -1000, t);
	ck_assert_ptr_null(as_of_field(agent, HISTORY_SUBSCRIPTION, f.sub, t, "status"));
	time_of(created, 0, t);
	expect_as_of(agent, f.sub, t, "time_slot", "none");
	time_of(u1, 0, t);
	expect_as_of(agent, f.sub, t, "time_slot", "morning");
	time_of(u2, 0, t);
	expect_as_of(agent, f.sub, t, "time_slot", "14-16");
	expect_as_of(agent, f.sub, t, "cycle", "2m:last");
	ck_assert_int_eq(skips_as_of(agent, f.sub, t), 0);
	time_of(k, 0, t);
	ck_assert_int_eq(skips_as_of(agent, f.sub, t), 1);
	expect_as_of(agent, f.sub, t, "cycle", "2m:last");
	time_of(r, 0, t);
	expect_as_of(agent, f.sub, t, "time_slot", "morning");
	expect_as_of(agent, f.sub, t, "cycle", "1m:15");
	ck_assert_int_eq(skips_as_of(agent, f.sub, t), 1);
	db_free(&agent);
	db_free(&sup);
}
END_TEST

START_TEST(as_of_between_two_changes_of_one_transaction_shows_neither)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	long long upd, ins;
	char t[HISTORY_AT_SIZE];

	ins = skip(agent, f.sub, "one transaction");
	upd = last_history("subscriptions", f.sub);
	ck_assert_int_lt(upd, ins);
	/* after the first change of the transaction, before its second */
	time_of(upd, 0, t);
	expect_as_of(agent, f.sub, t, "next_date", "2026-12-15");
	ck_assert_int_eq(skips_as_of(agent, f.sub, t), 0);
	time_of(ins, 0, t);
	expect_as_of(agent, f.sub, t, "next_date", "2027-01-14");
	ck_assert_int_eq(skips_as_of(agent, f.sub, t), 1);
	db_free(&agent);
}
END_TEST

START_TEST(as_of_a_customer_and_bad_times)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	PGconn *op = dbt_login(operator_login);
	long long before;
	char t[HISTORY_AT_SIZE], cust[24];
	char *v;
	struct rd_error err;

	before = dbt_q_int("SELECT max(id) FROM rd.history WHERE table_name = 'customers'"
			   " AND row_key = $1::text", f.customer);
	dbt_exec(op, "UPDATE rd.customers SET name = '山田 花子' WHERE id = $1", 1,
		 dbt_itoa(f.customer, cust));
	PQfinish(op);
	time_of(before, 0, t);
	v = as_of_field(agent, HISTORY_CUSTOMER, f.customer, t, "name");
	ck_assert_str_eq(v, "山田 太郎");
	free(v);
	ck_assert_int_eq(history_time_parse("2026-11-23", t, &err), RD_OK);
	ck_assert_str_eq(t, "2026-11-23 00:00:00");
	ck_assert_int_eq(history_time_parse("2026-11-23T10:42", t, &err), RD_OK);
	ck_assert_str_eq(t, "2026-11-23 10:42:00");
	ck_assert_int_eq(history_time_parse("2026-11-23 10:42:05.123", t, &err), RD_OK);
	ck_assert_str_eq(t, "2026-11-23 10:42:05.123");
	ck_assert_int_eq(history_time_parse("2026-02-30", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("2026-11-23 25:00", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("yesterday", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("2026-11-23 10:42+09", t, &err), RD_INVALID);
	db_free(&agent);
}
END_TEST

/* ---- revert ------------------------------------------------------------------------- */

START_TEST(a_supervisor_reverts_a_skip_with_linked_history)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct rd_db *sup = dbt_store_as(supervisor_login, NULL);
	long long k, ids[8], again[8];
	int n, n2, version;
	char *before = dbt_q_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1::bigint", f.sub);
	struct rd_error err;
	long long count;

	k = skip(agent, f.sub, "wrong");
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1::bigint",
				   f.sub), 1);
	/* the entry's own row is the skip */
	ck_assert_int_eq(history_row_version(sup, k, &version, &err), RD_OK);
	ck_assert_int_eq(version, 1);
	ck_assert_int_eq(history_revert(sup, k, version, "skipped by mistake",
					"11111111-2222-3333-4444-555555555555", ids, 8, &n, &err), RD_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1::bigint",
				   f.sub), 0);
	dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1::bigint", f.sub, before);
	/* in the business's language (Japanese by default, 0100) */
	dbt_expect_text("SELECT (last_change LIKE '#% の取り消し：skipped by mistake')::text"
			" FROM rd.subscriptions WHERE id = $1::bigint", f.sub, "true");
	for (int i = 0; i < n; i++) {
		dbt_expect_text("SELECT actor FROM rd.history WHERE id = $1::bigint", ids[i], supervisor_login);
		dbt_expect_text("SELECT reason FROM rd.history WHERE id = $1::bigint", ids[i], "skipped by mistake");
		dbt_expect_text("SELECT request_id FROM rd.history WHERE id = $1::bigint", ids[i],
				"11111111-2222-3333-4444-555555555555");
	}
	ck_assert_int_eq(dbt_q_int("SELECT reverts FROM rd.history WHERE id = $1::bigint", ids[0]), k);
	dbt_expect_text("SELECT op FROM rd.history WHERE id = $1::bigint", ids[0], "DELETE");
	ck_assert_int_eq(dbt_q_int("SELECT reverts FROM rd.history WHERE id = $1::bigint", ids[1]), k - 1);
	/* the history row of the skip is still there, untouched */
	dbt_expect_text("SELECT op FROM rd.history WHERE id = $1::bigint", k, "INSERT");

	/* a retry with the same request id does nothing twice */
	count = history_count();
	ck_assert_int_eq(history_revert(sup, k, -1, "skipped by mistake",
					"11111111-2222-3333-4444-555555555555", again, 8, &n2, &err), RD_OK);
	ck_assert_int_eq(n2, 2);
	ck_assert_int_eq(again[0], ids[0]);
	ck_assert_int_eq(history_count(), count);

	/* and a second revert of the same change is refused */
	ck_assert_int_eq(history_revert(sup, k, -1, "again", NULL, again, 8, &n2, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "already reverted"), "%s", err.msg);
	ck_assert_int_eq(history_count(), count);
	free(before);
	db_free(&agent);
	db_free(&sup);
}
END_TEST

START_TEST(a_revert_is_refused_when_the_fields_were_changed_again)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct rd_db *agent2 = dbt_store_as(agent2_login, NULL);
	struct rd_db *sup = dbt_store_as(supervisor_login, NULL);
	long long k, count, ids[8];
	int n;
	struct rd_error err;

	k = skip(agent, f.sub, "first");
	/* another field: does not stop the revert of the next date */
	run(agent2, "slot", "UPDATE rd.subscriptions SET time_slot = 'morning', last_change = 'slot'"
	    " WHERE id = $1::bigint", f.sub, NULL);
	run(agent2, "moved", "UPDATE rd.subscriptions SET next_date = next_date + 7, last_change = 'date'"
	    " WHERE id = $1::bigint", f.sub, NULL);
	count = history_count();
	ck_assert_int_eq(history_revert(sup, k, -1, "wrong", NULL, ids, 8, &n, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "next delivery") && strstr(err.msg, "again") &&
		      strstr(err.msg, agent2_login), "%s", err.msg);
	ck_assert_int_eq(history_count(), count);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1::bigint",
				   f.sub), 1);

	/* undo the later change first, then the skip goes */
	ck_assert_msg(history_revert(sup, last_history("subscriptions", f.sub), -1, "first this",
				     NULL, ids, 8, &n, &err) == RD_OK, "%s", err.msg);
	ck_assert_msg(history_revert(sup, k, -1, "wrong", NULL, ids, 8, &n, &err) == RD_OK,
		      "the next date holds what the skip wrote again: %s", err.msg);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1::bigint",
				   f.sub), 0);
	dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1::bigint", f.sub, "2026-12-15");
	dbt_expect_text("SELECT time_slot FROM rd.subscriptions WHERE id = $1::bigint", f.sub, "morning");
	db_free(&agent);
	db_free(&agent2);
	db_free(&sup);
}
END_TEST

START_TEST(operators_and_agents_are_refused_by_the_database)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct rd_db *op = dbt_store_as(operator_login, NULL);
	long long k, count, ids[8];
	int n;
	struct rd_error err;
	PGconn *c;
	char hid[24];

	k = skip(agent, f.sub, "wrong");
	count = history_count();
	ck_assert_int_eq(history_revert(agent, k, -1, "try", NULL, ids, 8, &n, &err), RD_PERMISSION);
	ck_assert_int_eq(history_revert(op, k, -1, "try", NULL, ids, 8, &n, &err), RD_PERMISSION);
	/* the database refuses the call itself, whatever the client */
	c = dbt_login(agent_login);
	ck_assert_str_eq(dbt_state(c, "SELECT * FROM rd.history_revert($1::bigint, 'x')", 1,
				   dbt_itoa(k, hid)), "42501");
	PQfinish(c);
	c = dbt_login(operator_login);
	ck_assert_str_eq(dbt_state(c, "SELECT * FROM rd.history_revert($1::bigint, 'x')", 1, hid), "42501");
	/* reading what a revert would do is fine for everyone */
	ck_assert_str_eq(dbt_state(c, "SELECT * FROM rd.history_revert_group($1::bigint)", 1, hid), "00000");
	PQfinish(c);
	ck_assert_int_eq(history_count(), count);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1::bigint",
				   f.sub), 1);
	db_free(&agent);
	db_free(&op);
}
END_TEST

START_TEST(a_revert_of_a_revert_brings_the_change_back)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct rd_db *sup = dbt_store_as(supervisor_login, NULL);
	long long k, ids[8], ids2[8];
	int n, n2;
	struct rd_error err;
	char *after = NULL;

	k = skip(agent, f.sub, "right after all");
	after = dbt_q_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1::bigint", f.sub);
	ck_assert_int_eq(history_revert(sup, k, -1, "looked wrong", NULL, ids, 8, &n, &err), RD_OK);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1::bigint",
				   f.sub), 0);
	ck_assert_msg(history_revert(sup, ids[0], -1, "it was right", NULL, ids2, 8, &n2, &err) == RD_OK,
		      "%s", err.msg);
	ck_assert_int_eq(n2, 2);
	dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1::bigint", f.sub, after);
	/* the skip comes back with its own id */
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1::bigint",
				   f.sub), 1);
	ck_assert_int_eq(dbt_q_int("SELECT id FROM rd.subscription_skips WHERE subscription_id = $1::bigint", f.sub),
			 dbt_q_int("SELECT row_key::bigint FROM rd.history WHERE id = $1::bigint", k));
	ck_assert_int_eq(dbt_q_int("SELECT reverts FROM rd.history WHERE id = $1::bigint", ids2[0]), ids[1]);
	free(after);
	db_free(&agent);
	db_free(&sup);
}
END_TEST

START_TEST(optimistic_locking_and_what_cannot_be_reverted)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct rd_db *sup = dbt_store_as(supervisor_login, NULL);
	long long u, count, ids[8], cust_insert;
	int n, version;
	struct rd_error err;

	run(agent, "slot", "UPDATE rd.subscriptions SET time_slot = 'morning' WHERE id = $1::bigint",
	    f.sub, NULL);
	u = last_history("subscriptions", f.sub);
	ck_assert_int_eq(history_row_version(sup, u, &version, &err), RD_OK);
	/* someone changes another field meanwhile: the version moves */
	run(agent, "notes", "UPDATE rd.subscriptions SET cancel_reason = 'x' WHERE id = $1::bigint",
	    f.sub, NULL);
	count = history_count();
	ck_assert_int_eq(history_revert(sup, u, version, "wrong", NULL, ids, 8, &n, &err), RD_CONFLICT);
	ck_assert_msg(strstr(err.msg, "since you looked"), "%s", err.msg);
	ck_assert_int_eq(history_count(), count);
	ck_assert_int_eq(history_row_version(sup, u, &version, &err), RD_OK);
	ck_assert_int_eq(history_revert(sup, u, version, "wrong", NULL, ids, 8, &n, &err), RD_OK);
	dbt_expect_text("SELECT time_slot FROM rd.subscriptions WHERE id = $1::bigint", f.sub, "none");
	dbt_expect_text("SELECT cancel_reason FROM rd.subscriptions WHERE id = $1::bigint", f.sub, "x");

	/* a new customer is not undone by a revert; nothing is written */
	cust_insert = dbt_q_int("SELECT min(id) FROM rd.history WHERE table_name = 'customers'"
				" AND row_key = $1::text", f.customer);
	count = history_count();
	ck_assert_int_eq(history_revert(sup, cust_insert, -1, "no", NULL, ids, 8, &n, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "cannot be reverted"), "%s", err.msg);
	ck_assert_int_eq(history_revert(sup, cust_insert, -1, "", NULL, ids, 8, &n, &err), RD_USAGE);
	ck_assert_int_eq(history_revert(sup, 999999999, -1, "no", NULL, ids, 8, &n, &err), RD_NOT_FOUND);
	ck_assert_int_eq(history_count(), count);
	db_free(&agent);
	db_free(&sup);
}
END_TEST

/* ---- the call and its log (issue 10, section 4) ----------------------------------- */

/* A skip made during a call: in one transaction the subscription moves,
 * the slot is kept, and the request hook opens the call's inquiry and
 * links the change (as store/inquiry.c's hook does). Returns the skip's
 * history id; *call gets the inquiry. */
static long long skip_in_call(struct rd_db *db, long long cust, long long sub,
			      const char *request_id, long long *call)
{
	char ids[24], cs[24], out[24];
	const char *params[2] = { ids, cs };
	struct rd_error err;
	long long k;

	snprintf(ids, sizeof(ids), "%lld", sub);
	snprintf(cs, sizeof(cs), "%lld", cust);
	ck_assert(db_begin(db, "travelling", request_id, &err) == RD_OK);
	ck_assert_msg(db_exec(db, "UPDATE rd.subscriptions SET next_date = next_date + 30,"
			      " last_change = 'skip' WHERE id = $1::bigint", 1, params, NULL, &err) == RD_OK,
		      "%s", err.msg);
	ck_assert_msg(db_exec(db, "INSERT INTO rd.subscription_skips (subscription_id, delivery_no, date)"
			      " SELECT id, delivery_count + 1, next_date - 30 FROM rd.subscriptions"
			      " WHERE id = $1::bigint", 1, params, NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert(db_query_value(db, "SELECT max(id) FROM rd.history WHERE txid = txid_current()"
				 " AND table_name = 'subscription_skips'", 0, NULL, out, sizeof(out),
				 NULL, &err) == RD_OK);
	k = strtoll(out, NULL, 10);
	if (*call <= 0) {
		ck_assert_msg(db_query_value(db, "SELECT rd.inquiry_open($2::bigint, NULL, $1::bigint,"
					     " 'inbound_call', 'skip', 'normal', 'スキップ', 'skip', NULL,"
					     " session_user::text, NULL, NULL)", 2, params, out,
					     sizeof(out), NULL, &err) == RD_OK, "%s", err.msg);
		*call = strtoll(out, NULL, 10);
	}
	snprintf(cs, sizeof(cs), "%lld", *call);
	ck_assert_msg(db_query_value(db, "SELECT rd.inquiry_link_tx($1::bigint)", 1, params + 1, out,
				     sizeof(out), NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert_msg(db_commit(db, &err) == RD_OK, "%s", err.msg);
	return k;
}

/* The wrap-up resolves the call's inquiry: a later change of the inquiry
 * created in the skip's transaction. */
static void wrap_up(struct rd_db *db, long long call)
{
	char cs[24], out[24];
	const char *params[1] = { cs };
	struct rd_error err;

	snprintf(cs, sizeof(cs), "%lld", call);
	ck_assert(db_begin(db, "wrap-up", NULL, &err) == RD_OK);
	ck_assert_msg(db_query_value(db, "SELECT rd.inquiry_wrapup($1::bigint, 0, 'skip', 'ok', true,"
				     " NULL, NULL)", 1, params, out, sizeof(out), NULL, &err) == RD_OK,
		      "%s", err.msg);
	ck_assert_msg(db_commit(db, &err) == RD_OK, "%s", err.msg);
}

/* Before 0070 this was refused: the skip's group held the inquiry the
 * hook opened ("a new inquiry cannot be reverted"), which the wrap-up had
 * "changed again". */
START_TEST(a_revert_leaves_the_calls_own_log_alone)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct rd_db *sup = dbt_store_as(supervisor_login, NULL);
	char *before = dbt_q_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1::bigint", f.sub);
	long long call = 0, k, ids[8];
	int n;
	struct rd_error err;

	k = skip_in_call(agent, f.customer, f.sub, NULL, &call);
	wrap_up(agent, call);
	dbt_expect_text("SELECT status FROM rd.inquiries WHERE id = $1::bigint", call, "resolved");
	ck_assert_msg(history_revert(sup, k, -1, "skipped by mistake", NULL, ids, 8, &n, &err) == RD_OK,
		      "%s", err.msg);
	ck_assert_int_eq(n, 2);
	dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1::bigint", f.sub, before);
	/* the call's log is kept as it was */
	dbt_expect_text("SELECT status FROM rd.inquiries WHERE id = $1::bigint", call, "resolved");
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.inquiry_entries WHERE inquiry_id = $1::bigint"
				   " AND kind = 'change_link'", call), 2);
	free(before);
	db_free(&agent);
	db_free(&sup);
}
END_TEST

START_TEST(undo_a_call_reverts_every_change_of_it_as_one_entry)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct rd_db *sup = dbt_store_as(supervisor_login, NULL);
	char *before = dbt_q_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1::bigint", f.sub);
	long long call = 0, k1, k2, ids[16], again[16], target_call = 0, count;
	char request[HISTORY_REQUEST_SIZE];
	int n = 0, n2 = 0, planned = 0;
	struct rd_error err;
	struct sbuf why;

	sbuf_init(&why);
	/* two skips in one call, two transactions */
	k1 = skip_in_call(agent, f.customer, f.sub, "aaaaaaaa-0000-4000-8000-000000000001", &call);
	k2 = skip_in_call(agent, f.customer, f.sub, "aaaaaaaa-0000-4000-8000-000000000002", &call);
	wrap_up(agent, call);
	ck_assert_int_eq(history_undo_target(sup, k1, &target_call, request, &err), RD_OK);
	ck_assert_int_eq(target_call, call);
	ck_assert_int_eq(history_undo_count(sup, NULL, call, &planned, &err), RD_OK);
	ck_assert_int_eq(planned, 4);
	/* agents may not */
	ck_assert_int_eq(history_undo(agent, NULL, call, "no", NULL, ids, 16, &n, NULL, &err),
			 RD_PERMISSION);
	ck_assert_msg(history_undo(sup, NULL, call, "wrong customer", "bbbbbbbb-0000-4000-8000-000000000001",
				   ids, 16, &n, &why, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(n, 4);
	dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1::bigint", f.sub, before);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1::bigint",
				   f.sub), 0);
	/* one linked entry: the undo record names the call and every entry, in
	 * the transaction of the reverts */
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.history_undos u JOIN rd.history h"
				   " ON h.txid = u.txid AND h.id = $1::bigint"
				   " WHERE u.undone_call IS NOT NULL", ids[0]), 1);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.history_undos u, rd.history h"
				   " WHERE h.id = $1::bigint AND u.txid = h.txid"
				   " AND u.entries @> ARRAY[h.reverts]", ids[0]), 1);
	dbt_expect_text("SELECT actor FROM rd.history_undos WHERE request_id ="
			" 'bbbbbbbb-0000-4000-8000-00000000000' || $1::text", 1, supervisor_login);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.history WHERE reverts IN ($1::bigint)", k2), 1);
	/* a retry does nothing twice */
	count = history_count();
	ck_assert_int_eq(history_undo(sup, NULL, call, "wrong customer", "bbbbbbbb-0000-4000-8000-000000000001",
				      again, 16, &n2, &why, &err), RD_OK);
	ck_assert_int_eq(n2, n);
	ck_assert_int_eq(again[0], ids[0]);
	ck_assert_int_eq(history_count(), count);
	/* nobody writes an undo record by hand */
	{
		PGconn *c = dbt_login(supervisor_login);

		ck_assert_str_eq(dbt_state(c, "INSERT INTO rd.history_undos (undone_call, entries, reason)"
					   " VALUES ($1::bigint, '{1}', 'x')", 1, "1"), "42501");
		PQfinish(c);
	}
	sbuf_done(&why);
	free(before);
	db_free(&agent);
	db_free(&sup);
}
END_TEST

START_TEST(undo_is_refused_with_every_later_change_listed)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct rd_db *agent2 = dbt_store_as(agent2_login, NULL);
	struct rd_db *sup = dbt_store_as(supervisor_login, NULL);
	long long call = 0, ids[16], count;
	int n = 0;
	struct rd_error err;
	struct sbuf why;
	const char *rq = "cccccccc-0000-4000-8000-000000000001";

	sbuf_init(&why);
	skip_in_call(agent, f.customer, f.sub, rq, &call);
	run(agent2, "moved", "UPDATE rd.subscriptions SET next_date = next_date + 7, time_slot = 'morning',"
	    " last_change = 'date' WHERE id = $1::bigint", f.sub, NULL);
	run(agent2, "name", "UPDATE rd.customers SET name = name || '様' WHERE id = $1::bigint",
	    f.customer, NULL);
	count = history_count();
	/* by request id, the same as by call */
	ck_assert_int_eq(history_undo(sup, rq, 0, "wrong", NULL, ids, 16, &n, &why, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "1 later change"), "%s", err.msg);
	ck_assert_msg(strstr(why.buf, "next delivery") && strstr(why.buf, agent2_login) &&
		      !strstr(why.buf, "next_date") && !strstr(why.buf, "subscriptions"),
		      "%s", why.buf);
	ck_assert_int_eq(history_count(), count);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1::bigint",
				   f.sub), 1);
	sbuf_reset(&why);
	ck_assert_int_eq(history_undo(sup, NULL, call, "wrong", NULL, ids, 16, &n, &why, &err), RD_REFUSED);
	ck_assert_msg(strstr(why.buf, "next delivery"), "%s", why.buf);
	ck_assert_int_eq(history_count(), count);
	sbuf_done(&why);
	db_free(&agent);
	db_free(&agent2);
	db_free(&sup);
}
END_TEST

/* Issue 10 §4: the card's "latest changes" listed bookkeeping rows by
 * their table names ("added subscription_requests 12", "added inquiries",
 * "changed subscriptions 7: next_date, last_change"). */
START_TEST(the_cards_latest_changes_are_what_the_customer_would_recognise)
{
	struct fixture f = fixture_new();
	struct rd_db *agent = dbt_store_as(agent_login, NULL);
	struct customer_view_change ch[32];
	long long call = 0;
	int n = 0;
	bool skip_seen = false;
	struct rd_error err;

	skip_in_call(agent, f.customer, f.sub, NULL, &call);
	run(agent, "slot", "UPDATE rd.subscriptions SET time_slot = 'morning' WHERE id = $1::bigint",
	    f.sub, NULL);
	ck_assert_msg(customer_view_changes(agent, f.customer, 8, ch, 32, &n, &err) == RD_OK, "%s",
		      err.msg);
	ck_assert_int_gt(n, 0);
	for (int i = 0; i < n; i++) {
		const char *t = ch[i].table;

		ck_assert_msg(strcmp(t, "inquiries") != 0 && strcmp(t, "inquiry_entries") != 0 &&
			      strcmp(t, "subscription_requests") != 0, "bookkeeping row %s", t);
		ck_assert_msg(!strstr(ch[i].summary, "subscription_") && !strstr(ch[i].changed, "_"),
			      "words: %s / %s", ch[i].summary, ch[i].changed);
		if (strstr(ch[i].summary, "skipped"))
			skip_seen = true;
	}
	ck_assert(skip_seen);
	/* the skip moved the date in the same transaction: one change, the skip */
	ck_assert_str_eq(ch[0].table, "subscriptions");
	ck_assert_msg(strstr(ch[0].changed, "delivery time"), "%s", ch[0].changed);
	ck_assert_str_eq(ch[1].table, "subscription_skips");
	db_free(&agent);
}
END_TEST

static Suite *history_view_suite(void)
{
	Suite *s = suite_create("history_view");
	TCase *tl = tcase_create("timeline");
	TCase *asof = tcase_create("as_of");
	TCase *rev = tcase_create("revert");

	tcase_add_unchecked_fixture(tl, setup_once, NULL);
	tcase_set_timeout(tl, DBT_TIMEOUT);
	tcase_add_test(tl, a_customer_timeline_holds_everything_about_them_newest_first);
	tcase_add_test(tl, filters_and_pages);
	tcase_add_test(tl, subscription_order_and_agent_scopes);
	tcase_add_test(tl, an_order_timeline_holds_the_order_and_its_lines);
	suite_add_tcase(s, tl);

	tcase_add_unchecked_fixture(asof, setup_once, NULL);
	tcase_set_timeout(asof, DBT_TIMEOUT);
	tcase_add_test(asof, as_of_rebuilds_a_subscription_through_updates_and_a_revert);
	tcase_add_test(asof, as_of_between_two_changes_of_one_transaction_shows_neither);
	tcase_add_test(asof, as_of_a_customer_and_bad_times);
	suite_add_tcase(s, asof);

	tcase_add_unchecked_fixture(rev, setup_once, NULL);
	tcase_set_timeout(rev, DBT_TIMEOUT);
	tcase_add_test(rev, a_supervisor_reverts_a_skip_with_linked_history);
	tcase_add_test(rev, a_revert_is_refused_when_the_fields_were_changed_again);
	tcase_add_test(rev, operators_and_agents_are_refused_by_the_database);
	tcase_add_test(rev, a_revert_of_a_revert_brings_the_change_back);
	tcase_add_test(rev, optimistic_locking_and_what_cannot_be_reverted);
	tcase_add_test(rev, a_revert_leaves_the_calls_own_log_alone);
	tcase_add_test(rev, undo_a_call_reverts_every_change_of_it_as_one_entry);
	tcase_add_test(rev, undo_is_refused_with_every_later_change_listed);
	tcase_add_test(rev, the_cards_latest_changes_are_what_the_customer_would_recognise);
	suite_add_tcase(s, rev);
	return s;
}

int main(void)
{
	return dbt_run_suite(history_view_suite(), "history_view");
}
