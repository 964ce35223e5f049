/* check_order.c: store/order.c, store/postal_store.c and net/postal.c
 * against a real database and a real HTTP server.
 *
 * Orders: the confirmation writes nothing; a submit saves the order, its
 * lines, inserts, history and (through the customer-search triggers) the
 * customer's figures; the same request id twice, and at the same moment
 * from two connections (forced into the ON CONFLICT path with a lock
 * held by a third), makes exactly one order; every kind of bad input is
 * refused with a message naming the field and nothing written; a
 * subscription start; bundling offers and links; cancel, change and
 * return with optimistic locking between two connections.
 *
 * Postal codes: the answer parser; postal_fetch against tests/net/httpstub
 * (normal, two towns, unknown, 404, 500, garbage, wrong values, a body too
 * large, timeout, nobody listening, no endpoint); the lookup that reads the
 * table first and caches service answers; the KEN_ALL import with town
 * names over several lines, and imports that fail leave the table as it
 * was.
 *
 * Its own runner: tests/lib/pgtmp.sh tests/db/check_order (through
 * tests/db/run-check-order.sh). The fixture is loaded once by the
 * cluster's superuser; the tests work through the store as an operator
 * with its own login, as the desk does. */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dbtest.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/order.h"
#include "repeatdesk/postal.h"
#include "repeatdesk/postal_store.h"

static char operator_login[DBT_LOGIN_MAX];
static char other_login[DBT_LOGIN_MAX];

/* ------------------------------------------------------------------------
 * Fixture */

static const char fixture_sql[] =
	"INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price,"
	"                         upsell_sku, active) VALUES"
	"  ('T-AOJIRU', '青汁 30包', 3980, 8, 3280, NULL, true),"
	"  ('T-GEL', 'オールインワンゲル', 4980, 10, 4080, NULL, true),"
	"  ('T-1249', '黒酢 小', 1249, 8, NULL, NULL, true),"
	"  ('T-OLD', '旧パッケージ青汁', 3000, 8, NULL, NULL, false),"
	"  ('T-TRIAL', '青汁お試し 7包', 980, 8, NULL, 'T-AOJIRU', true);"
	"INSERT INTO rd.media (code, name, channel) VALUES ('T-TV', 'テレビ 朝', 'tv');"
	"INSERT INTO rd.insert_rules (code, name, first_order, delivery_no, sku,"
	"                             min_total, priority) VALUES"
	"  ('WELCOME', 'はじめての方へ', true, NULL, NULL, NULL, 10),"
	"  ('SUB1', '定期便のご案内', false, 1, NULL, NULL, 20),"
	"  ('RECIPE', '青汁レシピ', false, NULL, 'T-AOJIRU', NULL, 30),"
	"  ('BIG', 'サンプル 3 包', false, NULL, NULL, 10000, 40);"
	"INSERT INTO rd.insert_rules (code, name, active) VALUES ('RETIRED', '古いチラシ', false);";

static void setup_once(void)
{
	static int done;
	PGconn *admin;

	if (done)
		return;
	done = 1;
	admin = dbt_admin();
	dbt_exec_script(admin, fixture_sql);
	dbt_agent_new(admin, "operator", "ord", operator_login);
	dbt_agent_new(admin, "operator", "oth", other_login);
	PQfinish(admin);
}

static struct rd_db *store(void)
{
	return dbt_store_as(operator_login, "check_order");
}

/* A fresh customer (no orders); its code into code. */
static long long customer_new(char code[ORDER_CODE_SIZE])
{
	PGconn *admin = dbt_admin();
	long long id = dbt_customer_new(admin);
	char buf[24], *c;

	c = dbt_value(admin, "SELECT code FROM rd.customers WHERE id = $1", 1,
		      dbt_itoa(id, buf));
	snprintf(code, ORDER_CODE_SIZE, "%s", c);
	free(c);
	PQfinish(admin);
	return id;
}

static struct order_context context(struct rd_db *db)
{
	struct order_context ctx;
	struct rd_error err;

	ck_assert_msg(order_context_load(db, &ctx, &err) == RD_OK, "context: %s", err.msg);
	return ctx;
}

/* A request for code with the given items ("SKU", qty, ...; NULL ends). */
static void request(struct order_request *req, const char *code, ...)
{
	va_list ap;
	const char *sku;

	order_request_init(req);
	snprintf(req->customer_code, sizeof(req->customer_code), "%s", code);
	va_start(ap, code);
	while ((sku = va_arg(ap, const char *)) != NULL) {
		struct order_item *it = &req->items[req->nitems++];

		snprintf(it->sku, sizeof(it->sku), "%s", sku);
		it->quantity = va_arg(ap, int);
	}
	va_end(ap);
	req->payment = PRICING_PAY_BANK;
}

static long long count(const char *sql, const char *param)
{
	PGconn *admin = dbt_admin();
	long long n = param ? dbt_int(admin, sql, 1, param) : dbt_int(admin, sql, 0);

	PQfinish(admin);
	return n;
}

static long long writes_so_far(void)
{
	return count("SELECT (SELECT count(*) FROM rd.orders) + (SELECT count(*) FROM rd.history)"
		     " + (SELECT count(*) FROM rd.subscriptions)", NULL);
}

static struct order submit_ok(struct rd_db *db, const struct order_request *req,
			      const char *reason)
{
	struct order o;
	struct rd_error err;
	struct order_fault f;

	ck_assert_msg(order_submit(db, req, reason, &o, &f, &err) == RD_OK, "submit: %s", err.msg);
	return o;
}

/* ------------------------------------------------------------------------
 * Quote and submit */

START_TEST(quote_shows_totals_inserts_and_writes_nothing)
{
	struct rd_db *db = store();
	struct order_request req;
	struct order_quote q;
	struct order_fault f;
	struct rd_error err;
	char code[ORDER_CODE_SIZE];
	long long before;

	customer_new(code);
	/* 8%: 3,980 x 2 + 1,249 = 9,209, tax floor(736.72) = 736;
	 * 10%: 4,980, tax 498 */
	request(&req, code, "T-AOJIRU", 2, "T-1249", 1, "T-GEL", 1, NULL);
	req.payment = PRICING_PAY_COD;
	snprintf(req.media_code, sizeof(req.media_code), "T-TV");
	before = writes_so_far();
	ck_assert_msg(order_quote(db, &req, &q, &f, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(writes_so_far(), before);
	ck_assert_str_eq(q.customer_code, code);
	ck_assert_str_eq(q.customer_name, "山田 太郎");
	ck_assert(q.first_order);
	ck_assert_int_eq(q.nlines, 3);
	ck_assert_int_eq(q.lines[0].unit_price, 3980);
	ck_assert_int_eq(q.totals.subtotal_8, 9209);
	ck_assert_int_eq(q.totals.tax_8, 736);
	ck_assert_int_eq(q.totals.subtotal_10, 4980);
	ck_assert_int_eq(q.totals.tax_10, 498);
	ck_assert_int_eq(q.totals.shipping_fee, 0);
	ck_assert_int_eq(q.totals.cod_fee, 330);
	ck_assert_int_eq(q.totals.total, 9209 + 736 + 4980 + 498 + 330);
	ck_assert_str_eq(q.media_name, "テレビ 朝");
	/* WELCOME (first order), RECIPE (T-AOJIRU), BIG (>= 10,000); not
	 * SUB1 (no subscription) nor the inactive rule */
	ck_assert_int_eq(q.ninserts, 3);
	ck_assert_str_eq(q.inserts[0].code, "WELCOME");
	ck_assert_str_eq(q.inserts[1].code, "RECIPE");
	ck_assert_str_eq(q.inserts[2].code, "BIG");
	ck_assert_int_eq(q.ship_date, context(db).earliest);
	ck_assert_int_eq(q.noffers, 0);
	db_free(&db);
}
END_TEST

START_TEST(submit_saves_order_lines_inserts_history_and_figures)
{
	struct rd_db *db = store();
	struct order_request req;
	struct order o, again;
	struct rd_error err;
	char code[ORDER_CODE_SIZE], id[24];
	long long cid = customer_new(code);
	PGconn *admin;
	char *v;

	request(&req, code, "T-TRIAL", 1, "T-1249", 2, NULL);
	req.payment = PRICING_PAY_CARD;
	snprintf(req.card_token, sizeof(req.card_token), "tok_test_9f8e7d6c");
	snprintf(req.card_last4, sizeof(req.card_last4), "4242");
	req.slot = PRICING_SLOT_14_16;
	req.desired_date = context(db).earliest + 5;
	o = submit_ok(db, &req, "お電話で注文");
	ck_assert(!o.replayed);
	ck_assert_str_eq(o.status, "received");
	ck_assert_int_eq(o.version, 1);
	ck_assert_str_eq(o.customer_code, code);
	ck_assert_str_eq(o.request_id, req.request_id);
	ck_assert_int_eq(o.nlines, 2);
	ck_assert_str_eq(o.lines[0].sku, "T-TRIAL");
	ck_assert_str_eq(o.lines[0].name, "青汁お試し 7包");
	/* 980 + 2,498 = 3,478 at 8%: tax 278; goods 3,756 < 5,000 */
	ck_assert_int_eq(o.subtotal_8, 3478);
	ck_assert_int_eq(o.tax_8, 278);
	ck_assert_int_eq(o.shipping_fee, 600);
	ck_assert_int_eq(o.cod_fee, 0);
	ck_assert_int_eq(o.total, 3478 + 278 + 600);
	ck_assert_int_eq(o.slot, PRICING_SLOT_14_16);
	ck_assert_int_eq(o.desired_date, req.desired_date);
	ck_assert_str_eq(o.card_last4, "4242");
	ck_assert_int_eq(o.ninserts, 1);
	ck_assert_str_eq(o.inserts[0].code, "WELCOME");
	ck_assert_str_eq(o.created_by, operator_login);

	admin = dbt_admin();
	/* the history: order, lines, insert; who, why and which request (and
	 * the customer's figures, updated by the same transaction) */
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history WHERE request_id = $1"
				 " AND actor = $2 AND reason = 'お電話で注文'"
				 " AND table_name IN ('orders', 'order_lines', 'order_inserts')", 2,
				 req.request_id, operator_login), 4);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history WHERE request_id = $1"
				 " AND customer_id = $2 AND table_name <> 'customers'", 2,
				 req.request_id, dbt_itoa(cid, id)), 4);
	/* the card: a token and four digits, nothing else */
	v = dbt_value(admin, "SELECT card_token || '|' || card_last4 FROM rd.orders"
		      " WHERE order_no = $1", 1, o.order_no);
	ck_assert_str_eq(v, "tok_test_9f8e7d6c|4242");
	free(v);
	/* the customer's figures follow (triggers of the customer search) */
	ck_assert_int_eq(dbt_int(admin, "SELECT order_count FROM rd.customer_figures WHERE customer_id = $1", 1,
				 id), 1);
	ck_assert_int_eq(dbt_int(admin, "SELECT ltv FROM rd.customer_figures WHERE customer_id = $1", 1, id),
			 o.total);
	PQfinish(admin);

	ck_assert_int_eq(order_get(db, o.order_no, &again, &err), RD_OK);
	ck_assert_str_eq(again.order_no, o.order_no);
	ck_assert_int_eq(again.total, o.total);
	/* as typed: o123 */
	{
		char typed[ORDER_NO_SIZE];
		const char *digits = o.order_no + 1;

		while (*digits == '0')
			digits++;
		snprintf(typed, sizeof(typed), "o%.20s", digits);
		ck_assert_int_eq(order_get(db, typed, &again, &err), RD_OK);
		ck_assert_str_eq(again.order_no, o.order_no);
	}
	ck_assert_int_eq(order_find_by_request(db, req.request_id, &again, &err), RD_OK);
	ck_assert_str_eq(again.order_no, o.order_no);
	/* the second order is no longer the first */
	request(&req, code, "T-1249", 1, NULL);
	o = submit_ok(db, &req, NULL);
	ck_assert_int_eq(o.ninserts, 0);
	db_free(&db);
}
END_TEST

START_TEST(the_same_request_id_twice_makes_one_order)
{
	struct rd_db *db = store();
	struct order_request req;
	struct order a, b;
	struct rd_error err;
	char code[ORDER_CODE_SIZE], other[ORDER_CODE_SIZE];
	long long before;

	customer_new(code);
	request(&req, code, "T-GEL", 1, NULL);
	a = submit_ok(db, &req, NULL);
	before = writes_so_far();
	b = submit_ok(db, &req, NULL);
	ck_assert(b.replayed);
	ck_assert_str_eq(b.order_no, a.order_no);
	ck_assert_int_eq(writes_so_far(), before);
	ck_assert_int_eq(count("SELECT count(*) FROM rd.orders WHERE request_id = $1::uuid",
			       req.request_id), 1);
	/* a retry after a reconnect asks first */
	ck_assert_int_eq(order_find_by_request(db, req.request_id, &b, &err), RD_OK);
	ck_assert_str_eq(b.order_no, a.order_no);
	/* the id of another customer's order is not reused silently */
	customer_new(other);
	snprintf(req.customer_code, sizeof(req.customer_code), "%s", other);
	ck_assert_int_eq(order_submit(db, &req, NULL, &b, NULL, &err), RD_CONFLICT);
	ck_assert_ptr_nonnull(strstr(err.msg, a.order_no));
	/* an unused id made nothing */
	order_request_id_new(req.request_id);
	ck_assert_int_eq(order_find_by_request(db, req.request_id, &b, &err), RD_NOT_FOUND);
	db_free(&db);
}
END_TEST

struct racer {
	const char *app;
	const struct order_request *req;
	enum rd_status st;
	struct order o;
	struct rd_error err;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	char password[64];
	struct db_params p = { .conninfo = "", .user = operator_login,
			       .application_name = r->app };
	struct rd_db *db = NULL;

	dbt_password(operator_login, password, sizeof(password));
	p.password = password;
	r->st = db_open(&db, &p, &r->err);
	if (r->st == RD_OK)
		r->st = order_submit(db, r->req, "race", &r->o, NULL, &r->err);
	db_free(&db);
	return NULL;
}

/* Waits until a session of application app waits for a lock. */
static void wait_blocked(PGconn *admin, const char *app)
{
	for (int i = 0; i < 200; i++) {
		if (dbt_int(admin, "SELECT count(*) FROM pg_stat_activity"
			    " WHERE application_name = $1 AND wait_event_type = 'Lock'", 1, app) == 1)
			return;
		usleep(25000);
	}
	ck_abort_msg("%s never waited for a lock", app);
}

START_TEST(the_same_request_from_two_connections_at_once_makes_one_order)
{
	struct order_request req;
	struct racer a = { .app = "order_race_a", .req = &req };
	struct racer b = { .app = "order_race_b", .req = &req };
	pthread_t ta, tb;
	char code[ORDER_CODE_SIZE], id[24];
	long long cid = customer_new(code);
	PGconn *lock = dbt_admin(), *admin = dbt_admin();

	/* with a subscription start, so that the loser has something to undo */
	request(&req, code, "T-AOJIRU", 1, NULL);
	snprintf(req.cycle, sizeof(req.cycle), "1m:15");
	/* a holds its order uncommitted (it waits for this lock to write the
	 * inserts), b's INSERT then waits for a on the unique request_id */
	dbt_exec(lock, "BEGIN", 0);
	dbt_exec(lock, "LOCK TABLE rd.order_inserts IN EXCLUSIVE MODE", 0);
	ck_assert_int_eq(pthread_create(&ta, NULL, race, &a), 0);
	wait_blocked(admin, a.app);
	ck_assert_int_eq(pthread_create(&tb, NULL, race, &b), 0);
	wait_blocked(admin, b.app);
	dbt_exec(lock, "COMMIT", 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	ck_assert_msg(a.st == RD_OK, "a: %s", a.err.msg);
	ck_assert_msg(b.st == RD_OK, "b: %s", b.err.msg);
	ck_assert_str_eq(a.o.order_no, b.o.order_no);
	ck_assert(!a.o.replayed);
	ck_assert(b.o.replayed);
	dbt_itoa(cid, id);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.orders WHERE customer_id = $1",
				 1, id), 1);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.subscriptions"
				 " WHERE customer_id = $1", 1, id), 1);
	ck_assert_int_eq(dbt_int(admin, "SELECT order_count FROM rd.customer_figures WHERE customer_id = $1", 1,
				 id), 1);
	PQfinish(lock);
	PQfinish(admin);

	/* and without help: four connections at once, one order */
	{
		struct racer r[4];
		pthread_t t[4];

		request(&req, code, "T-GEL", 2, NULL);
		for (int i = 0; i < 4; i++) {
			r[i] = (struct racer){ .app = "order_race_n", .req = &req };
			ck_assert_int_eq(pthread_create(&t[i], NULL, race, &r[i]), 0);
		}
		for (int i = 0; i < 4; i++)
			pthread_join(t[i], NULL);
		for (int i = 0; i < 4; i++) {
			ck_assert_msg(r[i].st == RD_OK, "%d: %s", i, r[i].err.msg);
			ck_assert_str_eq(r[i].o.order_no, r[0].o.order_no);
		}
		ck_assert_int_eq(count("SELECT count(*) FROM rd.orders WHERE request_id = $1::uuid",
				       req.request_id), 1);
	}
}
END_TEST

/* ------------------------------------------------------------------------
 * Bad input: a message naming the field, nothing written */

struct bad_case {
	const char *name;
	enum rd_status status;
	enum order_field field;
	int line;
	const char *msg;   /* the message starts with it */
};

static void expect_refused(struct rd_db *db, const struct order_request *req,
			   const struct bad_case *c)
{
	struct order o;
	struct order_quote q;
	struct order_fault f;
	struct rd_error err;
	long long before = writes_so_far();
	enum rd_status st;

	st = order_quote(db, req, &q, &f, &err);
	ck_assert_msg(st == c->status, "%s: quote %s (%s), expected %s", c->name,
		      rd_status_name(st), err.msg, rd_status_name(c->status));
	ck_assert_msg(f.field == c->field, "%s: field %d, expected %d", c->name, f.field, c->field);
	if (c->field == ORDER_FIELD_ITEM)
		ck_assert_msg(f.line == c->line, "%s: line %d, expected %d", c->name, f.line, c->line);
	ck_assert_msg(strncmp(err.msg, c->msg, strlen(c->msg)) == 0, "%s: message '%s'", c->name,
		      err.msg);
	ck_assert_msg(!strchr(err.msg, '\n'), "%s: one line", c->name);
	st = order_submit(db, req, NULL, &o, &f, &err);
	ck_assert_msg(st == c->status, "%s: submit %s (%s)", c->name, rd_status_name(st), err.msg);
	ck_assert_msg(writes_so_far() == before, "%s: something was written", c->name);
}

START_TEST(bad_input_is_refused_naming_the_field_and_nothing_is_written)
{
	struct rd_db *db = store();
	struct order_context ctx = context(db);
	struct order_request req;
	char code[ORDER_CODE_SIZE], id[24];
	long long cid = customer_new(code);
	PGconn *admin;

#define BASE() request(&req, code, "T-AOJIRU", 1, "T-GEL", 1, NULL)
	BASE();
	snprintf(req.items[1].sku, sizeof(req.items[1].sku), "NOPE");
	expect_refused(db, &req, &(struct bad_case){ "unknown SKU", RD_INVALID,
		       ORDER_FIELD_ITEM, 1, "item 2: no product" });
	BASE();
	snprintf(req.items[0].sku, sizeof(req.items[0].sku), "T-OLD");
	expect_refused(db, &req, &(struct bad_case){ "inactive product", RD_REFUSED,
		       ORDER_FIELD_ITEM, 0, "item 1: T-OLD" });
	/* the lines of a subscription start keep max_quantity_per_line (20),
	 * as a subscription's change does; a single order may take more */
	BASE();
	req.items[1].quantity = 21;
	snprintf(req.cycle, sizeof(req.cycle), "1m:15");
	expect_refused(db, &req, &(struct bad_case){ "subscription quantity", RD_INVALID,
		       ORDER_FIELD_ITEM, 1,
		       "item 2: quantity 21 of T-GEL is not possible in a subscription: 1 to 20"
		       " per product (max_quantity_per_line)" });
	req.cycle[0] = '\0';
	{
		struct order_quote q;
		struct rd_error err;

		ck_assert_msg(order_quote(db, &req, &q, NULL, &err) == RD_OK, "%s", err.msg);
	}
	BASE();
	snprintf(req.items[0].sku, sizeof(req.items[0].sku), "T-OLD");
	snprintf(req.cycle, sizeof(req.cycle), "1m:15");
	expect_refused(db, &req, &(struct bad_case){ "inactive product, subscription", RD_REFUSED,
		       ORDER_FIELD_ITEM, 0, "item 1: T-OLD is no longer sold" });
	BASE();
	snprintf(req.items[0].sku, sizeof(req.items[0].sku), "x'; DROP TABLE rd.orders; --");
	expect_refused(db, &req, &(struct bad_case){ "SKU with SQL", RD_INVALID,
		       ORDER_FIELD_ITEM, 0, "item 1:" });
	{
		static const int qty[] = { 0, -1, 1000 };

		for (int i = 0; i < 3; i++) {
			BASE();
			req.items[1].quantity = qty[i];
			expect_refused(db, &req, &(struct bad_case){ "quantity", RD_INVALID,
				       ORDER_FIELD_ITEM, 1, "item 2: quantity" });
		}
	}
	BASE();
	snprintf(req.items[1].sku, sizeof(req.items[1].sku), "T-AOJIRU");
	expect_refused(db, &req, &(struct bad_case){ "the same SKU twice", RD_INVALID,
		       ORDER_FIELD_ITEM, 1, "item 2: T-AOJIRU is already item 1" });
	BASE();
	req.nitems = 0;
	expect_refused(db, &req, &(struct bad_case){ "no items", RD_INVALID,
		       ORDER_FIELD_ITEM, 0, "items:" });
	BASE();
	req.desired_date = ctx.earliest - 1;
	/* the day before the earliest may itself be closed (on New Year's
	 * Day every day before the 4th is: 年末年始); then the refusal says
	 * so, and names the first possible date, for the same field */
	expect_refused(db, &req, &(struct bad_case){ "date before earliest",
		       dbt_q_int("SELECT count(*) FROM rd.closed_days(DATE '1970-01-01' + $1::int,"
				 " DATE '1970-01-01' + $1::int)", ctx.earliest - 1) > 0
		       ? RD_REFUSED : RD_INVALID,
		       ORDER_FIELD_DATE, -1, "date:" });
	BASE();
	req.desired_date = ctx.latest + 1;
	expect_refused(db, &req, &(struct bad_case){ "date too far", RD_INVALID,
		       ORDER_FIELD_DATE, -1, "date:" });
	BASE();
	snprintf(req.media_code, sizeof(req.media_code), "NOSUCH");
	expect_refused(db, &req, &(struct bad_case){ "unknown media", RD_INVALID,
		       ORDER_FIELD_MEDIA, -1, "media: no advertisement" });
	BASE();
	snprintf(req.customer_code, sizeof(req.customer_code), "C9999999");
	expect_refused(db, &req, &(struct bad_case){ "unknown customer", RD_NOT_FOUND,
		       ORDER_FIELD_CUSTOMER, -1, "customer:" });
	BASE();
	snprintf(req.customer_code, sizeof(req.customer_code), "山田");
	expect_refused(db, &req, &(struct bad_case){ "not a code", RD_INVALID,
		       ORDER_FIELD_CUSTOMER, -1, "customer:" });
	BASE();
	req.payment = PRICING_PAY_CARD;
	snprintf(req.card_token, sizeof(req.card_token), "4111 1111 1111 1111");
	snprintf(req.card_last4, sizeof(req.card_last4), "1111");
	expect_refused(db, &req, &(struct bad_case){ "a card number", RD_INVALID,
		       ORDER_FIELD_CARD_TOKEN, -1, "card token: this looks like a card number" });
	BASE();
	req.payment = PRICING_PAY_CARD;
	snprintf(req.card_token, sizeof(req.card_token), "tok_test_9f8e7d6c");
	snprintf(req.card_last4, sizeof(req.card_last4), "42");
	expect_refused(db, &req, &(struct bad_case){ "last four", RD_INVALID,
		       ORDER_FIELD_CARD_LAST4, -1, "card last four" });
	BASE();
	req.payment = PRICING_PAY_CARD;
	expect_refused(db, &req, &(struct bad_case){ "card without token", RD_INVALID,
		       ORDER_FIELD_CARD_TOKEN, -1, "card token" });
	BASE();
	req.payment = PRICING_PAY_COD;
	snprintf(req.card_token, sizeof(req.card_token), "tok_test_9f8e7d6c");
	expect_refused(db, &req, &(struct bad_case){ "token with cod", RD_INVALID,
		       ORDER_FIELD_PAYMENT, -1, "payment:" });
	BASE();
	snprintf(req.notes, sizeof(req.notes), "カード 4111-1111-1111-1111 で");
	expect_refused(db, &req, &(struct bad_case){ "card number in notes", RD_INVALID,
		       ORDER_FIELD_NOTES, -1, "notes:" });
	BASE();
	snprintf(req.cycle, sizeof(req.cycle), "1m:32");
	expect_refused(db, &req, &(struct bad_case){ "bad cycle", RD_INVALID,
		       ORDER_FIELD_CYCLE, -1, "cycle:" });
	BASE();
	snprintf(req.request_id, sizeof(req.request_id), "not-a-uuid");
	expect_refused(db, &req, &(struct bad_case){ "bad request id", RD_INVALID,
		       ORDER_FIELD_REQUEST_ID, -1, "request id:" });
	BASE();
	req.ship_address_id = 987654;
	expect_refused(db, &req, &(struct bad_case){ "someone else's address", RD_INVALID,
		       ORDER_FIELD_ADDRESS, -1, "address:" });
	BASE();
	snprintf(req.bundle_with, sizeof(req.bundle_with), "O99999999");
	expect_refused(db, &req, &(struct bad_case){ "bundle with nothing", RD_NOT_FOUND,
		       ORDER_FIELD_BUNDLE, -1, "bundle:" });

	/* a barred payment method */
	admin = dbt_admin();
	dbt_exec(admin, "INSERT INTO rd.payment_bars (customer_id, payment, reason)"
		 " VALUES ($1, 'cod', '受取拒否 2 回')", 1, dbt_itoa(cid, id));
	PQfinish(admin);
	BASE();
	req.payment = PRICING_PAY_COD;
	expect_refused(db, &req, &(struct bad_case){ "barred payment", RD_REFUSED,
		       ORDER_FIELD_PAYMENT, -1, "payment: cash on delivery is not available" });
	BASE();
	req.payment = PRICING_PAY_DEFERRED;
	{
		struct order o = submit_ok(db, &req, NULL);

		ck_assert_str_eq(o.status, "received");
	}
	/* whatever the client: the database refuses a card number too */
	{
		PGconn *op = dbt_login(operator_login);

		ck_assert_str_eq(dbt_state(op, "INSERT INTO rd.orders (customer_id, payment, card_token,"
					   " card_last4) VALUES ($1, 'card', 'x4111-1111-1111-1111', '1111')",
					   1, id), "RD422");
		ck_assert_str_eq(dbt_state(op, "INSERT INTO rd.orders (customer_id, payment, notes)"
					   " VALUES ($1, 'cod', 'card 4111111111111111')", 1, id), "RD422");
		PQfinish(op);
	}
	/* a date that does not exist never becomes one */
	{
		int32_t d;
		struct rd_error err;

		ck_assert_int_eq(date_parse_iso("2026-02-30", &d, &err), RD_INVALID);
	}
#undef BASE
	db_free(&db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Subscriptions and bundling */

START_TEST(a_subscription_starts_with_the_order_as_delivery_1)
{
	struct rd_db *db = store();
	struct order_context ctx = context(db);
	struct order_request req;
	struct order_quote q;
	struct order o;
	struct rd_error err;
	char code[ORDER_CODE_SIZE], sid[24], want[DATE_ISO_SIZE];
	struct cycle c;
	PGconn *admin;
	char *v;

	customer_new(code);
	request(&req, code, "T-AOJIRU", 1, "T-1249", 1, NULL);
	snprintf(req.cycle, sizeof(req.cycle), "1M:15");
	req.desired_date = ctx.earliest + 3;
	ck_assert_msg(order_quote(db, &req, &q, NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert(q.subscribe);
	ck_assert_str_eq(q.cycle, "1m:15");
	ck_assert_ptr_nonnull(strstr(q.cycle_words, "15th"));
	ck_assert_int_eq(cycle_parse("1m:15", &c, NULL), RD_OK);
	ck_assert_int_eq(q.next_dates[0], cycle_next(&c, req.desired_date));
	ck_assert_int_eq(q.next_dates[1], cycle_next(&c, q.next_dates[0]));
	/* subscription price where there is one, list price otherwise */
	ck_assert_int_eq(q.lines[0].unit_price, 3280);
	ck_assert_int_eq(q.lines[1].unit_price, 1249);
	/* free shipping for a subscription start (setting), though < 5,000 */
	ck_assert_int_eq(q.totals.shipping_fee, 0);
	/* SUB1 (delivery 1) joins WELCOME and RECIPE */
	ck_assert_int_eq(q.ninserts, 3);
	ck_assert_str_eq(q.inserts[1].code, "SUB1");

	o = submit_ok(db, &req, NULL);
	ck_assert_int_eq(o.delivery_no, 1);
	ck_assert(o.subscription_id > 0);
	ck_assert_str_eq(o.cycle, "1m:15");
	admin = dbt_admin();
	dbt_itoa(o.subscription_id, sid);
	v = dbt_value(admin, "SELECT status || '|' || cycle || '|' || next_date || '|'"
		      " || delivery_count || '|' || payment || '|' || started_on"
		      " FROM rd.subscriptions WHERE id = $1", 1, sid);
	{
		char expect[128], a[DATE_ISO_SIZE];

		snprintf(expect, sizeof(expect), "active|1m:15|%s|1|bank|%s",
			 date_format_iso(q.next_dates[0], want), date_format_iso(req.desired_date, a));
		ck_assert_str_eq(v, expect);
	}
	free(v);
	ck_assert_int_eq(dbt_int(admin, "SELECT sum(unit_price * quantity) FROM rd.subscription_lines"
				 " WHERE subscription_id = $1", 1, sid), 3280 + 1249);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(bundling_offers_within_the_window_and_links_what_is_accepted)
{
	struct rd_db *db = store();
	struct order_context ctx = context(db);
	struct order_request req;
	struct order_quote q;
	struct order first, shipped, second, again;
	struct rd_error err;
	char code[ORDER_CODE_SIZE], id[24];
	long long cid = customer_new(code);
	int w = ctx.settings.bundling_window_days;
	PGconn *admin = dbt_admin();
	long long sub;

	request(&req, code, "T-GEL", 1, NULL);
	req.desired_date = ctx.earliest + 10;
	first = submit_ok(db, &req, NULL);
	request(&req, code, "T-1249", 1, NULL);
	req.desired_date = ctx.earliest + 10;
	shipped = submit_ok(db, &req, NULL);
	dbt_exec(admin, "UPDATE rd.orders SET status = 'shipped' WHERE order_no = $1", 1,
		 shipped.order_no);

	/* inside the window, both sides: offered (the shipped one is not) */
	request(&req, code, "T-AOJIRU", 1, NULL);
	req.desired_date = ctx.earliest + 10 + w;
	ck_assert_msg(order_quote(db, &req, &q, NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(q.noffers, 1);
	ck_assert_int_eq(q.offers[0].kind, ORDER_BUNDLE_ORDER);
	ck_assert_str_eq(q.offers[0].order_no, first.order_no);
	ck_assert_int_eq(q.offers[0].days_apart, -w);
	req.desired_date = ctx.earliest + 10 - w;
	ck_assert_int_eq(order_quote(db, &req, &q, NULL, &err), RD_OK);
	ck_assert_int_eq(q.noffers, 1);
	/* one day outside: none */
	req.desired_date = ctx.earliest + 10 + w + 1;
	ck_assert_int_eq(order_quote(db, &req, &q, NULL, &err), RD_OK);
	ck_assert_int_eq(q.noffers, 0);
	/* accepting outside the window, or a shipped order, is refused */
	snprintf(req.bundle_with, sizeof(req.bundle_with), "%s", first.order_no);
	ck_assert_int_eq(order_quote(db, &req, &q, NULL, &err), RD_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "window"));
	req.desired_date = ctx.earliest + 10;
	snprintf(req.bundle_with, sizeof(req.bundle_with), "%s", shipped.order_no);
	ck_assert_int_eq(order_quote(db, &req, &q, NULL, &err), RD_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "shipped"));
	/* accepted: both carry the first order's id */
	snprintf(req.bundle_with, sizeof(req.bundle_with), "%s", first.order_no);
	second = submit_ok(db, &req, NULL);
	ck_assert_int_eq(second.bundle_id, first.id);
	ck_assert_int_eq(second.nbundled, 1);
	ck_assert_str_eq(second.bundled_with[0], first.order_no);
	ck_assert_int_eq(order_get(db, first.order_no, &again, &err), RD_OK);
	ck_assert_int_eq(again.bundle_id, first.id);
	ck_assert_str_eq(again.bundled_with[0], second.order_no);

	/* a subscription delivery with no order yet */
	dbt_itoa(cid, id);
	{
		char day[DATE_ISO_SIZE];

		date_format_iso(ctx.earliest + 30, day);
		sub = dbt_int(admin, "INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date)"
			      " VALUES ($1, '1m:15', 'cod', $2) RETURNING id", 2, id, day);
	}
	request(&req, code, "T-TRIAL", 1, NULL);
	req.desired_date = ctx.earliest + 31;
	ck_assert_int_eq(order_quote(db, &req, &q, NULL, &err), RD_OK);
	ck_assert_int_eq(q.noffers, 1);
	ck_assert_int_eq(q.offers[0].kind, ORDER_BUNDLE_SUBSCRIPTION);
	ck_assert_int_eq(q.offers[0].subscription_id, sub);
	ck_assert_int_eq(q.offers[0].date, ctx.earliest + 30);
	req.bundle_subscription_id = sub;
	second = submit_ok(db, &req, NULL);
	ck_assert_int_eq(second.bundle_subscription_id, sub);
	ck_assert_int_eq(second.desired_date, ctx.earliest + 30);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

/* A parcel (同梱, issue 10): the offer only to the same recipient and
 * address (whichever row names it; a gift typed during the call never
 * matches the customer's own address), one shipping fee and one COD fee
 * over the orders of the box, stored so that their totals add up to the
 * parcel's, the parcel's date stored on the bundled order, and the fees
 * settled again when one order of the box is cancelled. */
START_TEST(a_parcel_has_one_address_one_date_and_one_fee)
{
	struct rd_db *db = store();
	struct order_context ctx = context(db);
	struct order_request req;
	struct order_quote q;
	struct order a, b, after;
	struct rd_error err;
	char code[ORDER_CODE_SIZE], sid[24];
	int64_t goods = 3980 + 318;     /* T-AOJIRU, 8% */
	int64_t fee = ctx.settings.shipping_fee, cod = ctx.settings.cod_fee;
	PGconn *admin = dbt_admin();
	long long cid;
	char *v;

	ck_assert_int_lt(goods, ctx.settings.free_shipping_threshold);
	ck_assert_int_ge(2 * goods, ctx.settings.free_shipping_threshold);
	cid = customer_new(code);
	dbt_itoa(cid, sid);
	dbt_exec(admin, "UPDATE rd.customers SET postal_code = '1500001', prefecture = '東京都',"
		 " address1 = '渋谷区神宮前1-2-3' WHERE id = $1", 1, sid);
	request(&req, code, "T-AOJIRU", 1, NULL);
	req.payment = PRICING_PAY_COD;
	req.desired_date = ctx.earliest + 5;
	a = submit_ok(db, &req, NULL);
	ck_assert_int_eq(a.shipping_fee, fee);
	ck_assert_int_eq(a.cod_fee, cod);

	/* a gift typed during the call: A is not offered, nor taken */
	request(&req, code, "T-AOJIRU", 1, NULL);
	req.payment = PRICING_PAY_COD;
	req.desired_date = ctx.earliest + 6;
	snprintf(req.new_address.postal_code, sizeof(req.new_address.postal_code), "5300001");
	snprintf(req.new_address.prefecture, sizeof(req.new_address.prefecture), "大阪府");
	snprintf(req.new_address.address1, sizeof(req.new_address.address1), "大阪市北区梅田1-1");
	snprintf(req.new_address.name, sizeof(req.new_address.name), "贈答 花子");
	ck_assert_msg(order_quote(db, &req, &q, NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(q.noffers, 0);
	snprintf(req.bundle_with, sizeof(req.bundle_with), "%s", a.order_no);
	ck_assert_int_eq(order_quote(db, &req, &q, NULL, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "another address"), "%s", err.msg);
	/* the same address typed as a new one (same recipient): offered */
	memset(&req.new_address, 0, sizeof(req.new_address));
	snprintf(req.new_address.postal_code, sizeof(req.new_address.postal_code), "1500001");
	snprintf(req.new_address.prefecture, sizeof(req.new_address.prefecture), "東京都");
	snprintf(req.new_address.address1, sizeof(req.new_address.address1), "渋谷区神宮前1-2-3");
	req.bundle_with[0] = '\0';
	ck_assert_msg(order_quote(db, &req, &q, NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(q.noffers, 1);
	ck_assert_str_eq(q.offers[0].order_no, a.order_no);

	/* to the own address, with A: one parcel, A's date */
	memset(&req.new_address, 0, sizeof(req.new_address));
	snprintf(req.bundle_with, sizeof(req.bundle_with), "%s", a.order_no);
	ck_assert_msg(order_quote(db, &req, &q, NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert(q.in_parcel);
	ck_assert_int_eq(q.desired_date, a.desired_date);
	ck_assert_int_eq(q.parcel.norders, 2);
	ck_assert_int_eq(q.parcel.goods_total, 2 * goods);
	ck_assert_int_eq(q.parcel.shipping_fee, 0);
	ck_assert_int_eq(q.parcel.cod_fee, cod);
	ck_assert_int_eq(q.parcel.total, 2 * goods + cod);
	ck_assert_int_eq(q.totals.shipping_fee + q.totals.cod_fee, 0);
	ck_assert_int_eq(q.totals.total, goods);
	b = submit_ok(db, &req, NULL);
	ck_assert_int_eq(b.desired_date, a.desired_date);
	ck_assert_int_eq(b.total, goods);
	ck_assert_int_eq(order_get(db, a.order_no, &after, &err), RD_OK);
	ck_assert_int_eq(after.shipping_fee, 0);
	ck_assert_int_eq(after.cod_fee, cod);
	ck_assert_int_eq(after.total + b.total, q.parcel.total);

	/* A cancelled: B alone pays shipping and the COD fee, in the
	 * cancel's transaction (its reason on B's history) */
	ck_assert_msg(order_cancel(db, a.order_no, 0, "お客様都合", NULL, NULL, &err) == RD_OK,
		      "%s", err.msg);
	ck_assert_int_eq(order_get(db, b.order_no, &after, &err), RD_OK);
	ck_assert_int_eq(after.shipping_fee, fee);
	ck_assert_int_eq(after.cod_fee, cod);
	ck_assert_int_eq(after.total, goods + fee + cod);
	v = dbt_value(admin, "SELECT reason FROM rd.history WHERE table_name = 'orders'"
		      " AND row_key = $1 AND 'shipping_fee' = ANY (changed)"
		      " ORDER BY id DESC LIMIT 1", 1, dbt_itoa(b.id, sid));
	ck_assert_str_eq(v, "お客様都合");
	free(v);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

/* Cancelling delivery 1 of a subscription says what becomes of it:
 * without a choice nothing is written; keep leaves it active with its
 * next delivery as delivery 1; cancel cancels it (an operator may, though
 * nothing was delivered); both in the cancel's transaction with reason
 * and request id; plain SQL that leaves it unasked is refused. */
START_TEST(cancelling_delivery_1_says_what_becomes_of_the_subscription)
{
	struct rd_db *db = store();
	struct order_context ctx = context(db);
	struct order_request req;
	struct order o, after;
	struct rd_error err;
	char code[ORDER_CODE_SIZE], sid[24], rid[ORDER_REQUEST_ID_SIZE];
	PGconn *admin = dbt_admin();
	long long before;
	PGresult *res;
	char *v;

	for (int round = 0; round < 2; round++) {
		customer_new(code);
		request(&req, code, "T-AOJIRU", 1, NULL);
		snprintf(req.cycle, sizeof(req.cycle), "1m:15");
		req.desired_date = ctx.earliest + 3;
		o = submit_ok(db, &req, NULL);
		ck_assert(order_asks_subscription(&o));
		dbt_itoa(o.subscription_id, sid);
		before = writes_so_far();
		ck_assert_int_eq(order_cancel(db, o.order_no, 0, "いらない", NULL, &after, &err),
				 RD_USAGE);
		ck_assert_msg(strstr(err.msg, "delivery 1"), "%s", err.msg);
		ck_assert_int_eq(order_cancel_with(db, o.order_no, 0, ORDER_SUB_UNSAID, "いらない",
						   NULL, &after, &err), RD_USAGE);
		ck_assert_int_eq(writes_so_far(), before);
		order_request_id_new(rid);
		ck_assert_msg(order_cancel_with(db, o.order_no, 0,
						round ? ORDER_SUB_CANCEL : ORDER_SUB_KEEP,
						"届く前に", rid, &after, &err) == RD_OK, "%s", err.msg);
		ck_assert_str_eq(after.status, "cancelled");
		v = dbt_value(admin, "SELECT status || '|' || delivery_count FROM rd.subscriptions"
			      " WHERE id = $1", 1, sid);
		ck_assert_str_eq(v, round ? "cancelled|1" : "active|0");
		free(v);
		ck_assert_int_eq(after.delivery_no, round ? 1 : 0);
		v = dbt_value(admin, "SELECT reason || '|' || request_id FROM rd.history"
			      " WHERE table_name = 'subscriptions' AND row_key = $1 AND op = 'UPDATE'"
			      " ORDER BY id DESC LIMIT 1", 1, sid);
		{
			char want[128];

			snprintf(want, sizeof(want), "届く前に|%s", rid);
			ck_assert_str_eq(v, want);
		}
		free(v);
	}
	/* by hand, nobody asked: refused when the transaction commits */
	customer_new(code);
	request(&req, code, "T-AOJIRU", 1, NULL);
	snprintf(req.cycle, sizeof(req.cycle), "1m:15");
	o = submit_ok(db, &req, NULL);
	{
		const char *p[1] = { o.order_no };

		res = PQexecParams(admin, "UPDATE rd.orders SET status = 'cancelled' WHERE order_no = $1",
				   1, NULL, p, NULL, NULL, 0);
		ck_assert_int_eq(PQresultStatus(res), PGRES_FATAL_ERROR);
		PQclear(res);
	}
	ck_assert_int_eq(order_get(db, o.order_no, &after, &err), RD_OK);
	ck_assert_str_eq(after.status, "received");
	PQfinish(admin);
	db_free(&db);
}
END_TEST

/* ------------------------------------------------------------------------
 * After the order */

START_TEST(cancel_needs_a_reason_and_an_order_that_has_not_shipped)
{
	struct rd_db *db = store();
	struct order_request req;
	struct order o, after;
	struct rd_error err;
	char code[ORDER_CODE_SIZE], rid[ORDER_REQUEST_ID_SIZE];
	PGconn *admin = dbt_admin();
	char *v;

	customer_new(code);
	request(&req, code, "T-GEL", 1, NULL);
	o = submit_ok(db, &req, NULL);
	ck_assert_int_eq(order_cancel(db, o.order_no, 0, "", NULL, &after, &err), RD_USAGE);
	ck_assert_int_eq(order_cancel(db, o.order_no, 0, NULL, NULL, &after, &err), RD_USAGE);
	ck_assert_int_eq(order_cancel(db, "O99999999", 0, "間違い", NULL, &after, &err),
			 RD_NOT_FOUND);
	/* someone changed it after it was read */
	dbt_exec(admin, "UPDATE rd.orders SET notes = '不在時は宅配ボックス' WHERE order_no = $1",
		 1, o.order_no);
	ck_assert_int_eq(order_cancel(db, o.order_no, o.version, "間違い", NULL, &after, &err),
			 RD_CONFLICT);
	ck_assert_msg(strstr(err.msg, "notes") && strstr(err.msg, "version 1, now 2"),
		      "the conflict says what changed: %s", err.msg);
	order_request_id_new(rid);
	ck_assert_msg(order_cancel(db, o.order_no, 2, "お客様都合", rid, &after, &err) == RD_OK,
		      "%s", err.msg);
	ck_assert_str_eq(after.status, "cancelled");
	ck_assert_int_eq(after.version, 3);
	/* a retry of the same request is fine, another cancel is not */
	ck_assert_int_eq(order_cancel(db, o.order_no, 2, "お客様都合", rid, &after, &err), RD_OK);
	ck_assert_int_eq(order_cancel(db, o.order_no, 0, "もう一度", NULL, &after, &err), RD_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "already cancelled"));
	v = dbt_value(admin, "SELECT reason FROM rd.history WHERE table_name = 'orders'"
		      " AND row_key = $1 ORDER BY id DESC LIMIT 1", 1, dbt_itoa(o.id, code));
	ck_assert_str_eq(v, "お客様都合");
	free(v);
	/* the figures no longer count it */
	ck_assert_int_eq(count("SELECT f.order_count FROM rd.customer_figures f JOIN rd.orders o"
			       " ON o.customer_id = f.customer_id WHERE o.order_no = $1", o.order_no), 0);
	/* shipped: not cancelled, but returned */
	request(&req, o.customer_code, "T-GEL", 1, NULL);
	o = submit_ok(db, &req, NULL);
	ck_assert_int_eq(order_return(db, o.order_no, 0, "返品", NULL, &after, &err), RD_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "cancel it instead"));
	dbt_exec(admin, "UPDATE rd.orders SET status = 'shipped' WHERE order_no = $1", 1, o.order_no);
	ck_assert_int_eq(order_cancel(db, o.order_no, 0, "遅すぎ", NULL, &after, &err), RD_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "shipped"));
	ck_assert_int_eq(order_return(db, o.order_no, 0, "返品", NULL, &after, &err), RD_OK);
	ck_assert_str_eq(after.status, "returned");
	ck_assert_int_eq(order_return(db, o.order_no, 0, "返品", NULL, &after, &err), RD_REFUSED);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(two_operators_change_the_same_order)
{
	struct rd_db *a = store(), *b = dbt_store_as(other_login, "check_order");
	struct order_context ctx = context(a);
	struct order_request req;
	struct order o, seen_a, seen_b, after;
	struct order_change chg;
	struct order_fault f;
	struct rd_error err;
	char code[ORDER_CODE_SIZE];
	size_t n;
	struct order_event ev[32];

	customer_new(code);
	request(&req, code, "T-AOJIRU", 1, NULL);
	o = submit_ok(a, &req, NULL);
	ck_assert_int_eq(order_get(a, o.order_no, &seen_a, &err), RD_OK);
	ck_assert_int_eq(order_get(b, o.order_no, &seen_b, &err), RD_OK);

	memset(&chg, 0, sizeof(chg));
	chg.set_date = true;
	chg.desired_date = ctx.earliest + 7;
	ck_assert_msg(order_change(a, o.order_no, seen_a.version, &chg, "日付変更", NULL, &after,
				   &f, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(after.version, 2);
	ck_assert_int_eq(after.desired_date, ctx.earliest + 7);

	memset(&chg, 0, sizeof(chg));
	chg.set_slot = true;
	chg.slot = PRICING_SLOT_MORNING;
	ck_assert_int_eq(order_change(b, o.order_no, seen_b.version, &chg, "時間帯", NULL, &after,
				      &f, &err), RD_CONFLICT);
	ck_assert_msg(strstr(err.msg, operator_login) && strstr(err.msg, "desired_date"),
		      "names who changed what: %s", err.msg);
	/* read again, then it works */
	ck_assert_int_eq(order_get(b, o.order_no, &seen_b, &err), RD_OK);
	ck_assert_int_eq(order_change(b, o.order_no, seen_b.version, &chg, "時間帯", NULL, &after,
				      &f, &err), RD_OK);
	ck_assert_int_eq(after.slot, PRICING_SLOT_MORNING);
	ck_assert_int_eq(after.desired_date, ctx.earliest + 7);

	/* lines: kept prices, new lines, totals, inserts, cod fee */
	memset(&chg, 0, sizeof(chg));
	chg.set_items = true;
	chg.nitems = 2;
	snprintf(chg.items[0].sku, sizeof(chg.items[0].sku), "T-AOJIRU");
	chg.items[0].quantity = 2;
	snprintf(chg.items[1].sku, sizeof(chg.items[1].sku), "T-GEL");
	chg.items[1].quantity = 1;
	chg.set_payment = true;
	chg.payment = PRICING_PAY_COD;
	ck_assert_msg(order_change(a, o.order_no, after.version, &chg, "追加", NULL, &after, &f,
				   &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(after.nlines, 2);
	ck_assert_int_eq(after.subtotal_8, 7960);
	ck_assert_int_eq(after.tax_8, 636);
	ck_assert_int_eq(after.subtotal_10, 4980);
	ck_assert_int_eq(after.cod_fee, 330);
	ck_assert_int_eq(after.shipping_fee, 0);
	ck_assert_int_eq(after.total, 7960 + 636 + 4980 + 498 + 330);
	ck_assert_int_eq(after.ninserts, 3);   /* WELCOME RECIPE BIG */
	ck_assert_int_eq(count("SELECT f.ltv FROM rd.customers c JOIN rd.customer_figures f"
			       " ON f.customer_id = c.id WHERE c.code = $1", code), after.total);
	/* a change to nothing sensible */
	chg.items[1].quantity = 0;
	ck_assert_int_eq(order_change(a, o.order_no, after.version, &chg, "x", NULL, &after, &f,
				      &err), RD_INVALID);
	ck_assert_int_eq(f.field, ORDER_FIELD_ITEM);
	ck_assert_int_eq(f.line, 1);
	/* the history tells the story */
	ck_assert_int_eq(order_history(a, o.order_no, ev, 32, &n, &err), RD_OK);
	ck_assert_int_ge(n, 6);
	ck_assert_str_eq(ev[0].table, "orders");
	ck_assert_str_eq(ev[0].op, "INSERT");
	ck_assert_str_eq(ev[n - 1].reason, "追加");
	db_free(&a);
	db_free(&b);
}
END_TEST

START_TEST(orders_are_listed_newest_first)
{
	struct rd_db *db = store();
	struct order_request req;
	struct order_summary rows[10];
	struct rd_error err;
	char code[ORDER_CODE_SIZE];
	size_t n, total;
	struct order a, b;

	customer_new(code);
	ck_assert_int_eq(order_list(db, code, rows, 10, &n, &total, &err), RD_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(order_list(db, "C9999999", rows, 10, &n, &total, &err), RD_NOT_FOUND);
	request(&req, code, "T-AOJIRU", 1, "T-GEL", 2, NULL);
	a = submit_ok(db, &req, NULL);
	request(&req, code, "T-TRIAL", 1, NULL);
	b = submit_ok(db, &req, NULL);
	ck_assert_int_eq(order_list(db, code, rows, 10, &n, &total, &err), RD_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(total, 2);
	ck_assert_str_eq(rows[0].order_no, b.order_no);
	ck_assert_str_eq(rows[1].order_no, a.order_no);
	ck_assert_int_eq(rows[1].nlines, 2);
	ck_assert_str_eq(rows[1].first_item, "青汁 30包");
	ck_assert_int_eq(order_list(db, code, rows, 1, &n, &total, &err), RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(total, 2);
	db_free(&db);
}
END_TEST

START_TEST(order_numbers_as_typed)
{
	char out[ORDER_NO_SIZE];
	struct rd_error err;

	ck_assert_int_eq(order_no_normalize("o123", out, &err), RD_OK);
	ck_assert_str_eq(out, "O00000123");
	ck_assert_int_eq(order_no_normalize(" O00000123 ", out, &err), RD_OK);
	ck_assert_str_eq(out, "O00000123");
	ck_assert_int_eq(order_no_normalize("123456789", out, &err), RD_OK);
	ck_assert_str_eq(out, "O123456789");
	ck_assert_int_eq(order_no_normalize("O12a", out, &err), RD_INVALID);
	ck_assert_int_eq(order_no_normalize("", out, &err), RD_INVALID);
	ck_assert(order_request_id_valid("0f8fad5b-d9cb-469f-a165-70867728950e"));
	ck_assert(!order_request_id_valid("0f8fad5b-d9cb-469f-a165-70867728950"));
	{
		char a[ORDER_REQUEST_ID_SIZE], b[ORDER_REQUEST_ID_SIZE];

		order_request_id_new(a);
		order_request_id_new(b);
		ck_assert(order_request_id_valid(a));
		ck_assert_str_ne(a, b);
	}
}
END_TEST

/* ------------------------------------------------------------------------
 * Postal codes */

static pid_t stub_pid = -1;
static int stub_port;
static int stub_stdin = -1;

static void stub_start(void)
{
	const char *path = getenv("RD_HTTPSTUB");
	int out[2], in[2];
	char buf[32] = "";
	ssize_t n;

	if (stub_pid > 0)
		return;
	if (!path || !*path)
		path = "./tests/net/httpstub";
	ck_assert_int_eq(pipe(out), 0);
	ck_assert_int_eq(pipe(in), 0);
	stub_pid = fork();
	ck_assert_int_ge(stub_pid, 0);
	if (stub_pid == 0) {
		dup2(out[1], 1);
		dup2(in[0], 0);
		close(out[0]);
		close(in[1]);
		execl(path, path, "--slow-ms", "3000", "--watch-stdin", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	close(in[0]);
	stub_stdin = in[1];
	n = read(out[0], buf, sizeof(buf) - 1);
	close(out[0]);
	ck_assert_msg(n > 0, "%s did not start (set RD_HTTPSTUB)", path);
	buf[n] = '\0';
	stub_port = atoi(buf);
	ck_assert_int_gt(stub_port, 0);
}

static void stub_stop(void)
{
	if (stub_pid > 0) {
		kill(stub_pid, SIGTERM);
		waitpid(stub_pid, NULL, 0);
		close(stub_stdin);
		stub_pid = -1;
	}
}

static struct postal_config stub_config(const char *path)
{
	struct postal_config cfg;
	char url[128];
	struct rd_error err;

	stub_start();
	postal_config_init(&cfg);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", stub_port, path);
	ck_assert_int_eq(postal_config_set(&cfg, url, NULL, &err), RD_OK);
	return cfg;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(answers_are_parsed_strictly)
{
	static const char ok[] =
		"{\"message\":null,\"results\":[{\"address1\":\"東京都\",\"address2\":\"千代田区\","
		"\"address3\":\"千代田\",\"kana1\":\"ﾄｳｷｮｳﾄ\",\"prefcode\":\"13\","
		"\"zipcode\":\"1000001\"}],\"status\":200}";
	static const char none[] = "{\"message\":null,\"results\":null,\"status\":200}";
	static const char refused[] =
		"{\"message\":\"パラメータ「郵便番号」の桁数が不正です。\",\"results\":null,\"status\":400}";
	static const char *const garbage[] = {
		"", "null", "[]", "{\"results\":", "<html></html>",
		"{\"results\":[{\"address1\":\"東京\",\"address2\":\"千代田区\",\"zipcode\":\"1000001\"}]}",
		"{\"results\":[{\"address1\":\"東京都\",\"zipcode\":\"1000001\"}]}",
		"{\"results\":[{\"address1\":\"東京都\",\"address2\":\"a\\u0000b\",\"zipcode\":\"1000001\"}]}",
		"{\"results\":[{\"address1\":\"東京都\",\"address2\":\"千代田区\",\"zipcode\":\"1000002\"}]}",
		"{\"results\":\"1000001\"}", "{\"results\":[1]}",
	};
	struct postal_answer a;
	struct rd_error err;

	ck_assert_int_eq(postal_parse_answer(ok, strlen(ok), "1000001", &a, &err), RD_OK);
	ck_assert_int_eq(a.n, 1);
	ck_assert_str_eq(a.addr[0].prefecture, "東京都");
	ck_assert_str_eq(a.addr[0].city, "千代田区");
	ck_assert_str_eq(a.addr[0].town, "千代田");
	ck_assert_int_eq(postal_parse_answer(none, strlen(none), "1000001", &a, &err), RD_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "100-0001"));
	ck_assert_int_eq(postal_parse_answer(refused, strlen(refused), "1000001", &a, &err),
			 RD_NETWORK);
	ck_assert_ptr_nonnull(strstr(err.msg, "400"));
	for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		enum rd_status st = postal_parse_answer(garbage[i], strlen(garbage[i]), "1000001",
							&a, &err);

		ck_assert_msg(st == RD_NETWORK, "garbage %zu: %s", i, rd_status_name(st));
		ck_assert_int_eq(a.n, 0);
		ck_assert_ptr_nonnull(strstr(err.msg, "type the address"));
	}
	ck_assert(postal_prefecture_valid("北海道"));
	ck_assert(postal_prefecture_valid("鹿児島県"));
	ck_assert(!postal_prefecture_valid("東京"));
}
END_TEST

START_TEST(the_service_normal_unknown_404_500_garbage_big_and_timeout)
{
	struct postal_config cfg;
	struct postal_answer a;
	struct rd_error err;
	double t0, dt;

	cfg = stub_config("/ok");
	ck_assert_msg(postal_fetch(&cfg, "1000001", &a, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(a.n, 1);
	ck_assert_str_eq(a.addr[0].town, "千代田");
	ck_assert_int_eq(postal_fetch(&cfg, "0600000", &a, &err), RD_OK);
	ck_assert_int_eq(a.n, 2);
	ck_assert_str_eq(a.addr[0].town, "");
	ck_assert_str_eq(a.addr[1].town, "大通西");
	ck_assert_int_eq(postal_fetch(&cfg, "9999999", &a, &err), RD_NOT_FOUND);
	ck_assert_int_eq(postal_fetch(&cfg, "123456", &a, &err), RD_INVALID);
	/* an endpoint with a query of its own */
	{
		char url[128];

		snprintf(url, sizeof(url), "http://127.0.0.1:%d/ok?key=abc", stub_port);
		ck_assert_int_eq(postal_config_set(&cfg, url, NULL, &err), RD_OK);
		ck_assert_int_eq(postal_fetch(&cfg, "1000001", &a, &err), RD_OK);
	}

	cfg = stub_config("/notfound");
	ck_assert_int_eq(postal_fetch(&cfg, "1000001", &a, &err), RD_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "404"));
	cfg = stub_config("/error");
	ck_assert_int_eq(postal_fetch(&cfg, "1000001", &a, &err), RD_NETWORK);
	ck_assert_ptr_nonnull(strstr(err.msg, "HTTP 500"));
	cfg = stub_config("/garbage");
	ck_assert_int_eq(postal_fetch(&cfg, "1000001", &a, &err), RD_NETWORK);
	ck_assert_ptr_nonnull(strstr(err.msg, "unusable"));
	cfg = stub_config("/wrong");
	ck_assert_int_eq(postal_fetch(&cfg, "1000001", &a, &err), RD_NETWORK);
	cfg = stub_config("/other");
	ck_assert_int_eq(postal_fetch(&cfg, "1000002", &a, &err), RD_NETWORK);
	ck_assert_ptr_nonnull(strstr(err.msg, "another postal code"));
	cfg = stub_config("/big");
	ck_assert_int_eq(postal_fetch(&cfg, "1000001", &a, &err), RD_NETWORK);
	ck_assert_ptr_nonnull(strstr(err.msg, "too long"));

	/* slow: the call returns at the timeout, not when the answer comes */
	cfg = stub_config("/slow");
	ck_assert_int_eq(postal_config_set(&cfg, NULL, "300", &err), RD_OK);
	t0 = now_s();
	ck_assert_int_eq(postal_fetch(&cfg, "1000001", &a, &err), RD_NETWORK);
	dt = now_s() - t0;
	ck_assert_msg(dt >= 0.25 && dt < 1.5, "took %.3f s with a 0.3 s timeout", dt);
	ck_assert_ptr_nonnull(strstr(err.msg, "0.3 s"));
	/* the default timeout is about 2 s */
	cfg = stub_config("/slow");
	t0 = now_s();
	ck_assert_int_eq(postal_fetch(&cfg, "1000001", &a, &err), RD_NETWORK);
	dt = now_s() - t0;
	ck_assert_msg(dt >= 1.9 && dt < 2.9, "default timeout took %.3f s", dt);

	/* nobody listening; no endpoint; a bad endpoint */
	postal_config_init(&cfg);
	ck_assert_int_eq(postal_config_set(&cfg, "http://127.0.0.1:1/ok", NULL, &err), RD_OK);
	ck_assert_int_eq(postal_fetch(&cfg, "1000001", &a, &err), RD_NETWORK);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot be reached"));
	postal_config_init(&cfg);
	ck_assert_int_eq(postal_fetch(&cfg, "1000001", &a, &err), RD_NETWORK);
	ck_assert_ptr_nonnull(strstr(err.msg, "no postal-code service"));
	ck_assert_int_eq(postal_config_set(&cfg, "ftp://x/", NULL, &err), RD_INVALID);
	ck_assert_int_eq(postal_config_set(&cfg, NULL, "5", &err), RD_INVALID);
}
END_TEST

static const char ken_all[] =
	"13101,\"100  \",\"1000000\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ\",\"東京都\",\"千代田区\",\"以下に掲載がない場合\",0,0,0,0,0,0\r\n"
	"13101,\"100  \",\"1000001\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\",\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,0,0\r\n"
	/* a town name over three records */
	"01101,\"060  \",\"0600042\",\"ﾎｯｶｲﾄﾞｳ\",\"ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ\",\"ｵｵﾄﾞｵﾘﾆｼ(1-19ﾁｮｳﾒ)\",\"北海道\",\"札幌市中央区\",\"大通西（１～１９丁目、２０丁目１～３番地、\",1,0,1,0,0,0\r\n"
	"01101,\"060  \",\"0600042\",\"ﾎｯｶｲﾄﾞｳ\",\"ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ\",\"\",\"北海道\",\"札幌市中央区\",\"２１丁目、２２丁目１～５番地、\",1,0,1,0,0,0\r\n"
	"01101,\"060  \",\"0600042\",\"ﾎｯｶｲﾄﾞｳ\",\"ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ\",\"\",\"北海道\",\"札幌市中央区\",\"２３丁目）\",1,0,1,0,0,0\r\n"
	"13308,\"198  \",\"1980000\",\"ﾄｳｷｮｳﾄ\",\"ﾆｼﾀﾏｸﾞﾝｵｸﾀﾏﾏﾁ\",\"\",\"東京都\",\"西多摩郡奥多摩町\",\"奥多摩町一円\",0,0,0,0,0,0\r\n"
	"25443,\"52203\",\"5220341\",\"ｼｶﾞｹﾝ\",\"ｲﾇｶﾐｸﾞﾝﾀｶﾞﾁｮｳ\",\"ｲﾁｴﾝ\",\"滋賀県\",\"犬上郡多賀町\",\"一円\",0,0,0,0,0,0\r\n"
	/* one code, two towns */
	"13103,\"105  \",\"1056090\",\"ﾄｳｷｮｳﾄ\",\"ﾐﾅﾄｸ\",\"ﾄﾗﾉﾓﾝ\",\"東京都\",\"港区\",\"虎ノ門森タワー（地階・階層不明）\",0,0,0,0,0,0\r\n"
	"13103,\"105  \",\"1056090\",\"ﾄｳｷｮｳﾄ\",\"ﾐﾅﾄｸ\",\"ﾄﾗﾉﾓﾝ\",\"東京都\",\"港区\",\"虎ノ門\",0,0,0,0,0,0\r\n";

static enum rd_status import_text(struct rd_db *db, const char *text, size_t len,
				  struct postal_import_stats *st, struct rd_error *err)
{
	FILE *f = fmemopen((void *)text, len, "r");
	enum rd_status s;

	ck_assert_ptr_nonnull(f);
	s = postal_store_import(db, f, st, err);
	fclose(f);
	return s;
}

START_TEST(towns_are_cleaned_as_they_go_into_an_address)
{
	char out[POSTAL_TOWN_SIZE];

	postal_clean_town("以下に掲載がない場合", out, sizeof(out));
	ck_assert_str_eq(out, "");
	postal_clean_town("大通西（１～１９丁目）", out, sizeof(out));
	ck_assert_str_eq(out, "大通西");
	postal_clean_town("奥多摩町一円", out, sizeof(out));
	ck_assert_str_eq(out, "");
	postal_clean_town("一円", out, sizeof(out));
	ck_assert_str_eq(out, "一円");
	postal_clean_town("琴似（次のビルを除く）", out, sizeof(out));
	ck_assert_str_eq(out, "琴似");
	postal_clean_town("虎ノ門", out, sizeof(out));
	ck_assert_str_eq(out, "虎ノ門");
}
END_TEST

START_TEST(the_table_first_then_the_service_whose_answer_is_kept)
{
	PGconn *admin = dbt_admin();
	struct rd_db *owner, *db = store();
	struct postal_config cfg = stub_config("/ok"), dead;
	struct postal_import_stats st;
	struct postal_answer a;
	enum postal_source src;
	struct rd_error err;

	/* the owner imports (bulk, one history row) */
	{
		struct db_params p = { .conninfo = "", .user = getenv("RD_TEST_ADMIN") };

		ck_assert_int_eq(db_open(&owner, &p, &err), RD_OK);
	}
	ck_assert_msg(import_text(owner, ken_all, strlen(ken_all), &st, &err) == RD_OK, "%s",
		      err.msg);
	ck_assert(st.bulk);
	ck_assert_int_eq(st.records, 9);
	ck_assert_int_eq(st.joined, 2);
	ck_assert_int_eq(st.addresses, 7);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history"
				 " WHERE table_name = 'postal_codes' AND row_key = '*bulk*'", 0), 1);
	ck_assert_int_eq(postal_store_lookup(db, NULL, "〒060-0042", &a, &src, &err), RD_OK);
	ck_assert_int_eq(src, POSTAL_SOURCE_KEN_ALL);
	ck_assert_int_eq(a.n, 1);
	ck_assert_str_eq(a.addr[0].prefecture, "北海道");
	ck_assert_str_eq(a.addr[0].city, "札幌市中央区");
	ck_assert_str_eq(a.addr[0].town, "大通西");
	ck_assert_int_eq(postal_store_lookup(db, NULL, "1056090", &a, &src, &err), RD_OK);
	ck_assert_int_eq(a.n, 2);
	ck_assert_int_eq(postal_store_lookup(db, NULL, "1980000", &a, &src, &err), RD_OK);
	ck_assert_str_eq(a.addr[0].town, "");
	ck_assert_int_eq(postal_store_lookup(db, NULL, "5220341", &a, &src, &err), RD_OK);
	ck_assert_str_eq(a.addr[0].town, "一円");
	/* the service is not asked for what the table has: a dead one works */
	postal_config_init(&dead);
	ck_assert_int_eq(postal_config_set(&dead, "http://127.0.0.1:1/ok", NULL, &err), RD_OK);
	ck_assert_int_eq(postal_store_lookup(db, &dead, "100-0001", &a, &src, &err), RD_OK);
	ck_assert_int_eq(src, POSTAL_SOURCE_KEN_ALL);
	/* not in the table: the service, then the cache */
	ck_assert_int_eq(postal_store_lookup(db, NULL, "0600000", &a, &src, &err), RD_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "type the address"));
	ck_assert_msg(postal_store_lookup(db, &cfg, "0600000", &a, &src, &err) == RD_OK, "%s",
		      err.msg);
	ck_assert_int_eq(src, POSTAL_SOURCE_SERVICE);
	ck_assert_int_eq(a.n, 2);
	ck_assert_int_eq(postal_store_lookup(db, &dead, "0600000", &a, &src, &err), RD_OK);
	ck_assert_int_eq(src, POSTAL_SOURCE_CACHE);
	ck_assert_int_eq(a.n, 2);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history"
				 " WHERE table_name = 'postal_codes' AND actor = $1", 1,
				 operator_login), 2);
	/* an operator cannot write the table itself */
	{
		PGconn *op = dbt_login(operator_login);

		ck_assert_str_eq(dbt_state(op, "INSERT INTO rd.postal_codes (postal_code, prefecture,"
					   " city, source) VALUES ('1111111', '東京都', '偽区', 'ken_all')", 0),
				 "42501");
		PQfinish(op);
	}
	/* the service fails: the message says so, nothing is cached */
	{
		struct postal_config bad = stub_config("/error");

		ck_assert_int_eq(postal_store_lookup(db, &bad, "9100000", &a, &src, &err), RD_NETWORK);
		bad = stub_config("/garbage");
		ck_assert_int_eq(postal_store_lookup(db, &bad, "9100000", &a, &src, &err), RD_NETWORK);
		ck_assert_int_eq(postal_store_lookup(db, &cfg, "9100000", &a, &src, &err), RD_NOT_FOUND);
		ck_assert_int_eq(postal_store_lookup(db, &cfg, "12-34", &a, &src, &err), RD_INVALID);
		ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.postal_codes"
					 " WHERE postal_code = '9100000'", 0), 0);
	}
	/* without a database the service still answers */
	ck_assert_int_eq(postal_store_lookup(NULL, &cfg, "1000001", &a, &src, &err), RD_OK);
	ck_assert_int_eq(src, POSTAL_SOURCE_SERVICE);

	/* a new national file replaces the old rows and the cached answers */
	{
		static const char again[] =
			"01101,\"060  \",\"0600000\",\"x\",\"x\",\"x\",\"北海道\",\"札幌市中央区\",\"以下に掲載がない場合\",0,0,0,0,0,0\n";

		ck_assert_int_eq(import_text(owner, again, strlen(again), &st, &err), RD_OK);
		ck_assert_int_eq(st.replaced, 7);
		ck_assert_int_eq(st.addresses, 1);
		ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.postal_codes", 0), 1);
		ck_assert_int_eq(postal_store_lookup(db, NULL, "0600000", &a, &src, &err), RD_OK);
		ck_assert_int_eq(src, POSTAL_SOURCE_KEN_ALL);
	}
	/* broken files change nothing and say where */
	{
		static const char short_rec[] =
			"13101,\"100  \",\"1000001\",\"x\",\"x\",\"x\",\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,0,0\n"
			"13101,\"100  \",\"1000002\",\"東京都\"\n";
		static const char sjis[] =
			"13101,\"100  \",\"1000001\",\"x\",\"x\",\"x\",\"\x93\x8c\x8b\x9e\x93\x73\",\"x\",\"x\",0,0,0,0,0,0\n";
		static const char open_quote[] =
			"13101,\"100  \",\"1000001\",\"x\",\"x\",\"x\",\"東京都\",\"千代田区\",\"千代田,0\n";

		ck_assert_int_eq(import_text(owner, short_rec, strlen(short_rec), &st, &err), RD_INVALID);
		ck_assert_ptr_nonnull(strstr(err.msg, "line 2"));
		ck_assert_int_eq(import_text(owner, sjis, strlen(sjis), &st, &err), RD_INVALID);
		ck_assert_ptr_nonnull(strstr(err.msg, "UTF-8"));
		ck_assert_int_eq(import_text(owner, open_quote, strlen(open_quote), &st, &err),
				 RD_INVALID);
		ck_assert_int_eq(import_text(owner, "", 0, &st, &err), RD_INVALID);
		ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.postal_codes", 0), 1);
		/* and the connection is usable after each */
		ck_assert_int_eq(postal_store_lookup(owner, NULL, "0600000", &a, &src, &err), RD_OK);
	}
	/* an operator may not import */
	ck_assert_int_eq(import_text(db, ken_all, strlen(ken_all), &st, &err), RD_PERMISSION);
	db_free(&owner);
	db_free(&db);
	PQfinish(admin);
}
END_TEST

START_TEST(the_form_starts_with_the_customers_defaults)
{
	struct rd_db *db = store();
	struct order_customer_defaults d;
	struct order_request req;
	struct rd_error err;
	char code[ORDER_CODE_SIZE], id[24];
	long long cid = customer_new(code);
	PGconn *admin = dbt_admin();

	dbt_itoa(cid, id);
	ck_assert_msg(order_customer_defaults(db, code, &d, &err) == RD_OK, "%s", err.msg);
	ck_assert_str_eq(d.customer_name, "山田 太郎");
	ck_assert(d.first_order);
	ck_assert(!d.has_last);
	ck_assert_int_eq(d.naddresses, 1);
	ck_assert_int_eq(d.addresses[0].id, 0);
	dbt_exec(admin, "INSERT INTO rd.customer_addresses (customer_id, label, name, postal_code,"
		 " prefecture, address1) VALUES ($1, 'ご実家', '山田 花子', '5300001', '大阪府',"
		 " '大阪市北区梅田1-1')", 1, id);
	dbt_exec(admin, "INSERT INTO rd.payment_bars (customer_id, payment, reason)"
		 " VALUES ($1, 'deferred', '未払い')", 1, id);
	request(&req, code, "T-GEL", 1, NULL);
	req.payment = PRICING_PAY_CARD;
	snprintf(req.card_token, sizeof(req.card_token), "tok_test_9f8e7d6c");
	snprintf(req.card_last4, sizeof(req.card_last4), "4242");
	snprintf(req.media_code, sizeof(req.media_code), "T-TV");
	submit_ok(db, &req, NULL);
	ck_assert_int_eq(order_customer_defaults(db, code, &d, &err), RD_OK);
	ck_assert(!d.first_order);
	ck_assert(d.has_last);
	ck_assert_int_eq(d.last_payment, PRICING_PAY_CARD);
	ck_assert_str_eq(d.last_card_last4, "4242");
	ck_assert_str_eq(d.last_media_code, "T-TV");
	ck_assert(d.barred[PRICING_PAY_DEFERRED]);
	ck_assert(!d.barred[PRICING_PAY_COD]);
	ck_assert_str_eq(d.barred_reason[PRICING_PAY_DEFERRED], "未払い");
	ck_assert_int_eq(d.naddresses, 2);
	ck_assert_int_eq(d.addresses[0].id, 0);
	ck_assert_str_eq(d.addresses[1].label, "ご実家");
	ck_assert_str_eq(d.addresses[1].prefecture, "大阪府");
	/* an order to the other address */
	request(&req, code, "T-GEL", 1, NULL);
	req.ship_address_id = d.addresses[1].id;
	ck_assert_int_eq(submit_ok(db, &req, NULL).ship_address_id, d.addresses[1].id);
	ck_assert_int_eq(order_customer_defaults(db, "C9999999", &d, &err), RD_NOT_FOUND);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(media_codes_are_listed_and_taken_in_any_case)
{
	struct rd_db *db = store();
	struct order_media m[8];
	struct order_request req;
	struct order_quote *q = malloc(sizeof(*q));
	struct order_customer_defaults *d = malloc(sizeof(*d));
	struct order_fault f;
	struct rd_error err;
	char code[ORDER_CODE_SIZE];
	size_t n = 0;
	PGconn *admin = dbt_admin();

	customer_new(code);
	dbt_exec_script(admin,
		"INSERT INTO rd.media (code, name, channel) VALUES"
		" ('T-NP', '新聞 全面', 'newspaper'), ('X-WEB', 'テレビ連動ウェブ', 'web')"
		" ON CONFLICT DO NOTHING;");
	/* "t-": the codes starting with it first (by code), any case */
	ck_assert_msg(order_media_list(db, "t-", m, 8, &n, &err) == RD_OK, "%s", err.msg);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(m[0].code, "T-NP");
	ck_assert_str_eq(m[1].code, "T-TV");
	ck_assert_str_eq(m[1].name, "テレビ 朝");
	/* a name matches too; codes starting with it come before */
	ck_assert_int_eq(order_media_list(db, "テレビ", m, 8, &n, &err), RD_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(m[0].code, "T-TV");
	ck_assert_str_eq(m[1].code, "X-WEB");
	/* literal: a LIKE pattern matches nothing */
	ck_assert_int_eq(order_media_list(db, "%", m, 8, &n, &err), RD_OK);
	ck_assert_uint_eq(n, 0);
	/* nothing typed: every code, at most max */
	ck_assert_int_eq(order_media_list(db, "", m, 2, &n, &err), RD_OK);
	ck_assert_uint_eq(n, 2);
	/* a media code in lower case quotes and saves as the table spells it */
	request(&req, code, "T-GEL", 1, NULL);
	snprintf(req.media_code, sizeof(req.media_code), "t-tv");
	ck_assert_msg(order_quote(db, &req, q, &f, &err) == RD_OK, "%s", err.msg);
	ck_assert_str_eq(q->media_code, "T-TV");
	ck_assert_str_eq(submit_ok(db, &req, NULL).media_code, "T-TV");
	/* the defaults carry the customer's phone for the read-back */
	ck_assert_int_eq(order_customer_defaults(db, code, d, &err), RD_OK);
	{
		char *ph = dbt_value(admin, "SELECT coalesce(phone1, phone2, '') FROM rd.customers"
				     " WHERE code = $1", 1, code);

		ck_assert_str_eq(d->phone, ph);
		free(ph);
	}
	ck_assert_str_eq(d->addresses[0].label, "");
	free(d);
	free(q);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

/* An order of code's (bank transfer) dated days before today. */
static void order_days_ago(struct rd_db *db, PGconn *admin, const char *code, int days,
			   const char *sku1, const char *sku2)
{
	struct order_request req;
	struct order o;
	char d[24];

	if (sku2)
		request(&req, code, sku1, 1, sku2, 2, NULL);
	else
		request(&req, code, sku1, 1, NULL);
	o = submit_ok(db, &req, NULL);
	dbt_exec(admin, "UPDATE rd.orders SET order_date = current_date - $2::int"
		 " WHERE order_no = $1", 2, o.order_no, dbt_itoa(days, d));
}

START_TEST(previous_products_most_recent_then_most_often_active_only)
{
	struct rd_db *db = store();
	struct order_product p[12];
	struct order_request req;
	struct rd_error err;
	char code[ORDER_CODE_SIZE], other[ORDER_CODE_SIZE], id[24];
	long long cid = customer_new(code);
	size_t n = 99;
	PGconn *admin = dbt_admin();

	customer_new(other);
	dbt_itoa(cid, id);
	dbt_exec_script(admin,
		"INSERT INTO rd.products (sku, name, price, tax_rate, active) VALUES"
		"  ('T-PREV-SUB', '定期の黒酢', 2000, 8, true),"
		"  ('T-PREV-PAUSE', '休止中の定期', 2000, 8, true),"
		"  ('T-PREV-CANC', '取消した注文の品', 1500, 10, true),"
		"  ('T-PREV-GONE', 'もう売らない品', 1500, 10, true)"
		" ON CONFLICT DO NOTHING;");
	/* edge cases first: no order yet, no such customer, no customer code */
	ck_assert_msg(order_previous_products(db, code, p, 12, &n, &err) == RD_OK, "%s", err.msg);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(order_previous_products(db, "C9999999", p, 12, &n, &err), RD_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(order_previous_products(db, "x'; drop", p, 12, &n, &err), RD_INVALID);
	ck_assert_uint_eq(n, 0);

	order_days_ago(db, admin, code, 30, "T-AOJIRU", "T-TRIAL");
	order_days_ago(db, admin, code, 20, "T-GEL", "T-1249");
	order_days_ago(db, admin, code, 10, "T-GEL", NULL);
	order_days_ago(db, admin, code, 40, "T-PREV-GONE", NULL);
	/* a cancelled order does not count */
	request(&req, code, "T-PREV-CANC", 1, NULL);
	dbt_exec(admin, "UPDATE rd.orders SET status = 'cancelled', order_date = current_date - 1"
		 " WHERE order_no = $1", 1, submit_ok(db, &req, NULL).order_no);
	/* a product no longer sold is not offered */
	dbt_exec_script(admin, "UPDATE rd.products SET active = false WHERE sku = 'T-PREV-GONE';");
	/* an active subscription's products count from the day it started; a
	 * paused one's do not */
	dbt_exec(admin, "WITH s AS (INSERT INTO rd.subscriptions (customer_id, cycle, payment,"
		 "   started_on, next_date) VALUES ($1, '1m:15', 'bank', current_date - 5,"
		 "   current_date + 20) RETURNING id)"
		 " INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
		 " SELECT id, 'T-PREV-SUB', 1, 2000 FROM s", 1, id);
	dbt_exec(admin, "WITH s AS (INSERT INTO rd.subscriptions (customer_id, cycle, payment,"
		 "   started_on, status, paused_until) VALUES ($1, '1m:15', 'bank',"
		 "   current_date - 2, 'paused', current_date + 60) RETURNING id)"
		 " INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
		 " SELECT id, 'T-PREV-PAUSE', 1, 2000 FROM s", 1, id);
	/* another customer's orders are theirs */
	order_days_ago(db, admin, other, 0, "T-PREV-CANC", NULL);

	ck_assert_msg(order_previous_products(db, code, p, 12, &n, &err) == RD_OK, "%s", err.msg);
	/* the subscription (5 days), T-GEL (10 days, twice), T-1249 (20),
	 * then the order of 30 days by SKU */
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(p[0].sku, "T-PREV-SUB");
	ck_assert_str_eq(p[1].sku, "T-GEL");
	ck_assert_str_eq(p[1].name, "オールインワンゲル");
	ck_assert_int_eq(p[1].price, 4980);
	ck_assert_int_eq(p[1].tax_rate, 10);
	ck_assert(p[1].active);
	ck_assert_str_eq(p[2].sku, "T-1249");
	ck_assert_str_eq(p[3].sku, "T-AOJIRU");
	ck_assert_str_eq(p[4].sku, "T-TRIAL");
	ck_assert_str_eq(p[4].upsell_sku, "T-AOJIRU");
	/* at most max */
	ck_assert_int_eq(order_previous_products(db, code, p, 2, &n, &err), RD_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(p[1].sku, "T-GEL");
	/* the most often first among products of the same day */
	order_days_ago(db, admin, code, 3, "T-AOJIRU", "T-1249");
	order_days_ago(db, admin, code, 3, "T-1249", NULL);
	ck_assert_int_eq(order_previous_products(db, code, p, 12, &n, &err), RD_OK);
	ck_assert_str_eq(p[0].sku, "T-1249");
	ck_assert_str_eq(p[1].sku, "T-AOJIRU");
	ck_assert_str_eq(p[2].sku, "T-PREV-SUB");
	ck_assert_int_eq(order_previous_products(db, other, p, 12, &n, &err), RD_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(p[0].sku, "T-PREV-CANC");
	PQfinish(admin);
	db_free(&db);
}
END_TEST

static Suite *order_suite(void)
{
	Suite *s = suite_create("order");
	TCase *orders = tcase_create("orders");
	TCase *postal = tcase_create("postal");

	tcase_set_timeout(orders, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(orders, setup_once, NULL);
	tcase_add_test(orders, order_numbers_as_typed);
	tcase_add_test(orders, quote_shows_totals_inserts_and_writes_nothing);
	tcase_add_test(orders, submit_saves_order_lines_inserts_history_and_figures);
	tcase_add_test(orders, the_same_request_id_twice_makes_one_order);
	tcase_add_test(orders, the_same_request_from_two_connections_at_once_makes_one_order);
	tcase_add_test(orders, bad_input_is_refused_naming_the_field_and_nothing_is_written);
	tcase_add_test(orders, a_subscription_starts_with_the_order_as_delivery_1);
	tcase_add_test(orders, bundling_offers_within_the_window_and_links_what_is_accepted);
	tcase_add_test(orders, a_parcel_has_one_address_one_date_and_one_fee);
	tcase_add_test(orders, cancelling_delivery_1_says_what_becomes_of_the_subscription);
	tcase_add_test(orders, cancel_needs_a_reason_and_an_order_that_has_not_shipped);
	tcase_add_test(orders, two_operators_change_the_same_order);
	tcase_add_test(orders, orders_are_listed_newest_first);
	tcase_add_test(orders, the_form_starts_with_the_customers_defaults);
	tcase_add_test(orders, media_codes_are_listed_and_taken_in_any_case);
	tcase_add_test(orders, previous_products_most_recent_then_most_often_active_only);
	suite_add_tcase(s, orders);

	tcase_set_timeout(postal, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(postal, setup_once, stub_stop);
	tcase_add_test(postal, answers_are_parsed_strictly);
	tcase_add_test(postal, towns_are_cleaned_as_they_go_into_an_address);
	tcase_add_test(postal, the_service_normal_unknown_404_500_garbage_big_and_timeout);
	tcase_add_test(postal, the_table_first_then_the_service_whose_answer_is_kept);
	suite_add_tcase(s, postal);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed, run;

	if (!getenv("PGHOST") || !getenv("RD_TEST_ADMIN")) {
		fprintf(stderr, "check_order: no test database; run it as "
				"tests/lib/pgtmp.sh tests/db/check_order\n");
		return EXIT_FAILURE;
	}
	postal_global_init();
	sr = srunner_create(order_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	run = srunner_ntests_run(sr);
	srunner_free(sr);
	stub_stop();
	fprintf(stderr, "check_order: %d checks, %d failed\n", run, failed);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
