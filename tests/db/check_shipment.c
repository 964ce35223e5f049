/* check_shipment.c: store/shipment.c (the shipment run) against a real
 * database: one order per due delivery with its lines, per-rate tax
 * (rounded down) and fees; every delivery inside the window, skipped ones
 * passed over; reservations that take effect applied before the order
 * (a reserved cancellation makes none); paused subscriptions shipped only
 * once their pause is over; bundling with the customer's other orders;
 * inserts by the rules; history with the run's reason and request id;
 * exactly once: a second run, a run stopped halfway and run again, an
 * order that was already there, two runs at once; the same orders to the
 * yen however the run is cut (one subscription per transaction, pages
 * side by side, stopped and run again); the database refusing an
 * operator; the text guard letting timestamps by (0160).
 *
 * Every test first cancels the subscriptions earlier tests left, so that a
 * run sees only the test's own and the summary's counts are exact. Its
 * own runner: tests/db/run-check-shipment.sh. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbtest.h"
#include "repeatdesk/customer.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/seedgen.h"
#include "repeatdesk/shipment.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"

static char agent_login[DBT_LOGIN_MAX];
static char agent2_login[DBT_LOGIN_MAX];
static char operator_login[DBT_LOGIN_MAX];

static int32_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void setup_once(void)
{
	static bool done;
	PGconn *admin;

	if (done)
		return;
	done = true;
	admin = dbt_admin();
	/* 青汁 8%, 美容液 10%: 3 x 3,480 at 8% = 10,440, tax 835.2 -> 835 */
	dbt_exec_script(admin,
		"INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price, active) VALUES"
		"  ('SHP-AOJIRU', '青汁 30包', 3980, 8, 3480, true),"
		"  ('SHP-SERUM', '美容液', 4980, 10, 4000, true),"
		"  ('SHP-TEA', 'お茶', 1000, 8, 777, true)");
	dbt_agent_new(admin, "agent", "shag", agent_login);
	dbt_agent_new(admin, "agent", "shah", agent2_login);
	dbt_agent_new(admin, "operator", "shop", operator_login);
	PQfinish(admin);
}

/* Cancels whatever earlier tests left due. */
static void isolate(void)
{
	PGconn *admin = dbt_admin();

	dbt_exec(admin,
		"UPDATE rd.subscriptions SET status = 'cancelled', cancelled_on = DATE '2026-01-01',"
		"       next_date = NULL, paused_until = NULL"
		" WHERE status <> 'cancelled'", 0);
	PQfinish(admin);
}

/* A subscription of customer: cycle, next date, deliveries made, payment,
 * and lines "SKU:QTY[,SKU:QTY]" at the products' subscription prices. */
static long long new_sub(long long customer, const char *cycle, const char *next_date,
			 int made, const char *payment, const char *lines)
{
	PGconn *admin = dbt_admin();
	char cust[24], count[16], sid[24];
	char *copy = strdup(lines), *save = NULL;
	long long id;

	snprintf(count, sizeof(count), "%d", made);
	id = dbt_int(admin,
		"INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date, delivery_count,"
		"                              started_on, card_token, card_last4)"
		" VALUES ($1, $2, $3, $4::date, $5::int, DATE '2026-01-15',"
		"         CASE WHEN $3 = 'card' THEN 'tok_shipment_test' END,"
		"         CASE WHEN $3 = 'card' THEN '4242' END) RETURNING id",
		5, dbt_itoa(customer, cust), cycle, payment, next_date, count);
	for (char *l = strtok_r(copy, ",", &save); l; l = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(l, ':');

		*colon = '\0';
		dbt_exec(admin,
			"INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
			" SELECT $1, sku, $3::int, subscription_price FROM rd.products WHERE sku = $2",
			3, dbt_itoa(id, sid), l, colon + 1);
	}
	free(copy);
	PQfinish(admin);
	return id;
}

static void admin_exec(const char *sql)
{
	PGconn *admin = dbt_admin();

	dbt_exec(admin, sql, 0);
	PQfinish(admin);
}

static enum rd_status run_as(const char *login, int32_t date, int batch, int fail_after,
			     const char *request_id, struct shipment_summary *sum,
			     struct rd_error *err)
{
	struct rd_db *db = dbt_store_as(login, NULL);
	struct shipment_options o = { .date = date, .batch = batch,
				      .fail_after_batches = fail_after,
				      .request_id = request_id };
	enum rd_status st = shipment_generate(db, &o, sum, err);

	db_free(&db);
	return st;
}

static void run_ok(int32_t date, int batch, struct shipment_summary *sum)
{
	struct rd_error err;
	enum rd_status st = run_as(agent_login, date, batch, 0, NULL, sum, &err);

	ck_assert_msg(st == RD_OK, "%s: %s", rd_status_name(st), err.msg);
	ck_assert_msg(sum->errors == 0, "errors: %s", sum->first_error);
}

/* "delivery_no/desired_date" of the orders of subscription id, in order */
#define ORDERS_OF \
	"SELECT coalesce(string_agg(delivery_no || '/' || desired_date, ' ' ORDER BY delivery_no), '')" \
	"  FROM rd.orders WHERE subscription_id = $1"

/* ---- the orders ---------------------------------------------------------------- */

START_TEST(each_due_delivery_becomes_one_order_with_its_lines_tax_and_fees)
{
	struct shipment_summary sum;
	const char *rid = "5e0c2a77-1f0d-4b7e-9b55-0d6c2b1a0001";
	long long c = dbt_admin_customer_new(), other = dbt_admin_customer_new(), id, later, card;
	struct rd_error err;
	PGconn *admin;
	PGresult *h;

	isolate();
	admin_exec("UPDATE rd.settings SET value = 'false' WHERE key = 'subscription_free_shipping'");
	/* due 12/15 (the window of a run on 12/10 is 5 days): 3 x 3,480 at 8%
	 * and 1 x 4,000 at 10%, cash on delivery */
	id = new_sub(c, "1m:15", "2026-12-15", 3, "cod", "SHP-AOJIRU:3,SHP-SERUM:1");
	/* 12/16: after the window */
	later = new_sub(c, "1m:16", "2026-12-16", 3, "cod", "SHP-AOJIRU:1");
	/* goods under 5,000: shipping is charged (the setting is off) */
	card = new_sub(other, "30d", "2026-12-11", 1, "card", "SHP-TEA:1");
	ck_assert_int_eq(run_as(agent_login, ymd(2026, 12, 10), 0, 0, rid, &sum, &err), RD_OK);
	admin_exec("UPDATE rd.settings SET value = 'true' WHERE key = 'subscription_free_shipping'");
	ck_assert_int_eq(sum.date, ymd(2026, 12, 10));
	ck_assert_int_eq(sum.through, ymd(2026, 12, 15));
	ck_assert_int_eq(sum.window_days, 5);
	ck_assert_int_eq(sum.due, 2);
	ck_assert_int_eq(sum.orders_created, 2);
	ck_assert_int_eq(sum.already_existed, 0);
	ck_assert_int_eq(sum.batches, 1);
	ck_assert_str_eq(sum.request_id, rid);

	dbt_expect_text("SELECT order_date || ' ' || desired_date || ' ' || delivery_no || ' ' || status"
			" || ' ' || payment || ' ' || subtotal_8 || ' ' || tax_8 || ' ' || subtotal_10"
			" || ' ' || tax_10 || ' ' || shipping_fee || ' ' || cod_fee || ' ' || total"
			"  FROM rd.orders WHERE subscription_id = $1", id,
			"2026-12-10 2026-12-15 4 received cod 10440 835 4000 400 0 330 16005");
	dbt_expect_text("SELECT string_agg(sku || ' ' || name || ' ' || quantity || ' ' || unit_price"
			"                  || ' ' || tax_rate, '; ' ORDER BY l.id)"
			"  FROM rd.order_lines l JOIN rd.orders o ON o.id = l.order_id"
			" WHERE o.subscription_id = $1", id,
			"SHP-AOJIRU 青汁 30包 3 3480 8; SHP-SERUM 美容液 1 4000 10");
	/* 777 at 8% = 839.16 -> 62 tax; shipping 600 */
	dbt_expect_text("SELECT subtotal_8 || ' ' || tax_8 || ' ' || shipping_fee || ' ' || cod_fee"
			" || ' ' || total || ' ' || payment || ' ' || card_last4 || ' ' || card_token"
			"  FROM rd.orders WHERE subscription_id = $1", card,
			"777 62 600 0 1439 card 4242 tok_shipment_test");
	dbt_expect_text("SELECT delivery_count || ' ' || next_date || ' ' || version || ' ' || last_change"
			"  FROM rd.subscriptions WHERE id = $1", id, "4 2027-01-15 2 delivery 4 made");
	dbt_expect_text("SELECT delivery_count || ' ' || next_date FROM rd.subscriptions WHERE id = $1",
			card, "2 2027-01-10");
	dbt_expect_text(ORDERS_OF, later, "");
	dbt_expect_text("SELECT delivery_count || ' ' || next_date FROM rd.subscriptions WHERE id = $1",
			later, "3 2026-12-16");

	/* one transaction, with the run's reason and request id */
	admin = dbt_admin();
	h = dbt_query(admin,
		"SELECT count(DISTINCT txid), count(*) FILTER (WHERE table_name = 'orders'),"
		"       count(*) FILTER (WHERE table_name = 'order_lines'),"
		"       count(*) FILTER (WHERE table_name = 'subscriptions'),"
		"       min(reason), max(reason)"
		"  FROM rd.history WHERE request_id = $1", 1, rid);
	ck_assert_str_eq(PQgetvalue(h, 0, 0), "1");
	ck_assert_str_eq(PQgetvalue(h, 0, 1), "2");
	ck_assert_str_eq(PQgetvalue(h, 0, 2), "3");
	ck_assert_str_eq(PQgetvalue(h, 0, 3), "2");
	ck_assert_str_eq(PQgetvalue(h, 0, 4), "shipment run 2026-12-10");
	ck_assert_str_eq(PQgetvalue(h, 0, 5), "shipment run 2026-12-10");
	PQclear(h);
	PQfinish(admin);
}
END_TEST

START_TEST(the_retention_discount_is_taken_off_while_it_runs)
{
	struct shipment_summary sum;
	long long c = dbt_admin_customer_new(), id;

	isolate();
	/* 10% off one delivery: 10,440 - 1,044 = 9,396 at 8%, tax 751.68 -> 751 */
	id = new_sub(c, "1m:15", "2026-12-15", 3, "bank", "SHP-AOJIRU:3");
	admin_exec("UPDATE rd.subscriptions SET discount_percent = 10, discount_remaining = 1"
		   " WHERE cycle = '1m:15' AND status = 'active'");
	run_ok(ymd(2026, 12, 10), 0, &sum);
	dbt_expect_text("SELECT subtotal_8 || ' ' || tax_8 || ' ' || shipping_fee || ' ' || total"
			" || ' ' || notes FROM rd.orders WHERE subscription_id = $1", id,
			"9396 751 0 10147 retention discount 10%: 1044 yen off");
	dbt_expect_text("SELECT string_agg(quantity || ' x ' || unit_price, ', ') FROM rd.order_lines l"
			"  JOIN rd.orders o ON o.id = l.order_id WHERE o.subscription_id = $1", id,
			"3 x 3480");
	dbt_expect_text("SELECT discount_percent || ' ' || discount_remaining FROM rd.subscriptions"
			" WHERE id = $1", id, "0 0");
}
END_TEST

/* What every screen says the next delivery costs: the subscription
 * screen, the list, the card and a request's preview (a time slot change,
 * which changes no price). All must be want. */
static void expect_shown_amount(long long customer, long long id, int64_t want)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_view *v = calloc(1, sizeof(*v));
	struct subscription_row rows[8];
	struct customer_subscription cs[8];
	struct subscription_request rq;
	struct subrule_preview *pv = calloc(1, sizeof(*pv));
	struct rd_error err;
	int n = 0, found = 0;

	ck_assert_msg(subscription_get(db, id, ymd(2026, 12, 1), v, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(v->amount.total, want);
	ck_assert_int_eq(subscription_list(db, customer, SUBSCRIPTION_TODAY, rows, 8, &n, &err),
			 RD_OK);
	for (int i = 0; i < n; i++)
		if (rows[i].id == id) {
			ck_assert_int_eq(rows[i].amount, want);
			found++;
		}
	ck_assert_int_eq(customer_subscriptions(db, customer, cs, 8, &n, &err), RD_OK);
	for (int i = 0; i < n; i++)
		if (cs[i].id == id) {
			ck_assert_int_eq(cs[i].amount_tax_included, want);
			found++;
		}
	ck_assert_int_eq(found, 2);
	subscription_request_init(&rq, id, SUBRULE_CHANGE);
	rq.rq.change = SUBRULE_CH_TIME;
	rq.rq.time_slot = SUBRULE_TIME_MORNING;
	rq.today = ymd(2026, 12, 1);
	ck_assert_msg(subscription_preview(db, &rq, pv, NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert_msg(pv->status == RD_OK, "%s", pv->message);
	ck_assert_int_eq(pv->before_amount.total, want);
	ck_assert_int_eq(pv->after_amount.total, want);
	free(pv);
	free(v);
	db_free(&db);
}

START_TEST(the_screens_and_previews_show_what_the_run_charges)
{
	struct shipment_summary sum;
	long long c = dbt_admin_customer_new(), free_ship, disc, paid;

	isolate();
	/* 777 at 8% = 839, under the threshold: the setting gives subscriptions
	 * free shipping, which the previews used to ignore (¥1,439 + COD) */
	free_ship = new_sub(c, "1m:15", "2026-12-15", 3, "cod", "SHP-TEA:1");
	/* the retention discount on the next delivery: 10,440 - 1,044 at 8% */
	disc = new_sub(c, "1m:14", "2026-12-14", 3, "bank", "SHP-AOJIRU:3,SHP-SERUM:1");
	admin_exec("UPDATE rd.subscriptions SET discount_percent = 10, discount_remaining = 1"
		   " WHERE cycle = '1m:14' AND status = 'active'");
	expect_shown_amount(c, free_ship, 839 + 330);
	/* 9,396 + 751 and 3,600 + 360 */
	expect_shown_amount(c, disc, 9396 + 751 + 3600 + 360);
	run_ok(ymd(2026, 12, 10), 0, &sum);
	ck_assert_int_eq(sum.orders_created, 2);
	dbt_expect_text("SELECT total || ' ' || shipping_fee FROM rd.orders WHERE subscription_id = $1",
			free_ship, "1169 0");
	dbt_expect_text("SELECT total::text FROM rd.orders WHERE subscription_id = $1", disc,
			"14107");

	/* with the setting off, both charge shipping under the threshold; another
	 * customer, since the first one's orders of this run make one parcel
	 * (over the threshold) with any delivery of theirs near them */
	isolate();
	admin_exec("UPDATE rd.settings SET value = 'false' WHERE key = 'subscription_free_shipping'");
	c = dbt_admin_customer_new();
	paid = new_sub(c, "1m:13", "2026-12-13", 3, "card", "SHP-TEA:1");
	expect_shown_amount(c, paid, 839 + 600);
	run_ok(ymd(2026, 12, 10), 0, &sum);
	admin_exec("UPDATE rd.settings SET value = 'true' WHERE key = 'subscription_free_shipping'");
	dbt_expect_text("SELECT total || ' ' || shipping_fee FROM rd.orders WHERE subscription_id = $1",
			paid, "1439 600");
}
END_TEST

START_TEST(every_delivery_inside_the_window_is_made_and_skipped_ones_are_passed_over)
{
	struct shipment_summary sum;
	long long c = dbt_admin_customer_new(), weekly, skipping;

	isolate();
	/* overdue: 12/01, 12/08 and 12/15 are all due by 12/10 + 5 */
	weekly = new_sub(c, "7d", "2026-12-01", 2, "bank", "SHP-TEA:2");
	/* 12/15 is made; the slot after it, 01/15, is skipped: next is 02/15 */
	skipping = new_sub(c, "1m:15", "2026-12-15", 3, "bank", "SHP-AOJIRU:1");
	admin_exec("INSERT INTO rd.subscription_skips (subscription_id, delivery_no, date)"
		   " SELECT id, 5, DATE '2027-01-15' FROM rd.subscriptions"
		   "  WHERE cycle = '1m:15' AND status = 'active'");
	run_ok(ymd(2026, 12, 10), 0, &sum);
	ck_assert_int_eq(sum.due, 2);
	ck_assert_int_eq(sum.orders_created, 4);
	ck_assert_int_eq(sum.skipped, 1);
	dbt_expect_text(ORDERS_OF, weekly, "3/2026-12-01 4/2026-12-08 5/2026-12-15");
	dbt_expect_text("SELECT delivery_count || ' ' || next_date || ' ' || version"
			"  FROM rd.subscriptions WHERE id = $1", weekly, "5 2026-12-22 4");
	dbt_expect_text(ORDERS_OF, skipping, "4/2026-12-15");
	dbt_expect_text("SELECT delivery_count || ' ' || next_date FROM rd.subscriptions WHERE id = $1",
			skipping, "4 2027-02-15");
}
END_TEST

START_TEST(a_skip_ahead_is_passed_over_when_the_subscription_advances)
{
	struct shipment_summary sum;
	long long c = dbt_admin_customer_new(), id;

	isolate();
	/* deliveries 4 on 12/15 and 5 on 12/22 (1w), 5 skipped: the run on
	 * 12/20 (window to 12/25) makes 4 only and moves on to 12/29 */
	id = new_sub(c, "1w:tue", "2026-12-15", 3, "bank", "SHP-TEA:1");
	admin_exec("INSERT INTO rd.subscription_skips (subscription_id, delivery_no, date)"
		   " SELECT id, 5, DATE '2026-12-22' FROM rd.subscriptions"
		   "  WHERE cycle = '1w:tue' AND status = 'active'");
	run_ok(ymd(2026, 12, 20), 0, &sum);
	ck_assert_int_eq(sum.orders_created, 1);
	ck_assert_int_eq(sum.skipped, 1);
	dbt_expect_text(ORDERS_OF, id, "4/2026-12-15");
	dbt_expect_text("SELECT delivery_count || ' ' || next_date FROM rd.subscriptions WHERE id = $1",
			id, "4 2026-12-29");
}
END_TEST

/* ---- reservations and pauses ------------------------------------------------------ */

START_TEST(reservations_that_take_effect_are_applied_before_the_order)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct subrule_preview *p = calloc(1, sizeof(*p));
	struct shipment_summary sum;
	struct rd_error err;
	long long c = dbt_admin_customer_new(), changed, cancelled, later;

	isolate();
	changed = new_sub(c, "1m:15", "2026-12-15", 3, "bank", "SHP-AOJIRU:1");
	cancelled = new_sub(c, "1m:20", "2026-12-14", 3, "bank", "SHP-AOJIRU:1");
	later = new_sub(c, "1m:13", "2026-12-13", 3, "bank", "SHP-AOJIRU:1");

	/* from delivery 4: add a serum */
	subscription_request_init(&r, changed, SUBRULE_CHANGE);
	r.reason = "4回目から美容液も";
	r.today = ymd(2026, 11, 20);
	r.rq.change = SUBRULE_CH_LINES;
	r.rq.nline_ops = 1;
	r.rq.line_ops[0].op = SUBRULE_LINE_SET;
	strcpy(r.rq.line_ops[0].sku, "SHP-SERUM");
	r.rq.line_ops[0].quantity = 1;
	r.rq.from_delivery = 4;
	ck_assert_msg(subscription_apply(db, &r, p, &res, &err) == RD_OK, "%s", err.msg);
	ck_assert(res.reserved);
	/* cancelled from delivery 4 */
	subscription_request_init(&r, cancelled, SUBRULE_CANCEL);
	r.reason = "解約予約";
	r.today = ymd(2026, 11, 20);
	r.retention = true;
	r.rq.from_delivery = 4;
	ck_assert_msg(subscription_apply(db, &r, p, &res, &err) == RD_OK, "%s", err.msg);
	/* from delivery 5: not yet */
	subscription_request_init(&r, later, SUBRULE_CHANGE);
	r.reason = "5回目から";
	r.today = ymd(2026, 11, 20);
	r.rq.change = SUBRULE_CH_TIME;
	r.rq.time_slot = SUBRULE_TIME_MORNING;
	r.rq.from_delivery = 5;
	ck_assert_msg(subscription_apply(db, &r, p, &res, &err) == RD_OK, "%s", err.msg);

	run_ok(ymd(2026, 12, 10), 0, &sum);
	ck_assert_int_eq(sum.reservations_applied, 2);
	ck_assert_int_eq(sum.orders_created, 2);
	ck_assert_int_eq(sum.not_due, 1);
	dbt_expect_text("SELECT string_agg(l.sku || ' ' || l.quantity, ', ' ORDER BY l.id)"
			"  FROM rd.order_lines l JOIN rd.orders o ON o.id = l.order_id"
			" WHERE o.subscription_id = $1", changed, "SHP-AOJIRU 1, SHP-SERUM 1");
	dbt_expect_text("SELECT subtotal_8 || ' ' || subtotal_10 FROM rd.orders WHERE subscription_id = $1",
			changed, "3480 4000");
	dbt_expect_text(ORDERS_OF, cancelled, "");
	dbt_expect_text("SELECT status || ' ' || delivery_count FROM rd.subscriptions WHERE id = $1",
			cancelled, "cancelled 3");
	dbt_expect_text("SELECT string_agg(status, ' ') FROM rd.subscription_reservations"
			" WHERE subscription_id = $1", later, "pending");
	dbt_expect_text("SELECT time_slot FROM rd.orders WHERE subscription_id = $1", later, "none");
	dbt_expect_text("SELECT string_agg(status, ' ') FROM rd.subscription_reservations"
			" WHERE subscription_id = $1", changed, "applied");
	free(p);
	db_free(&db);
}
END_TEST

START_TEST(a_paused_subscription_ships_only_once_its_pause_is_over)
{
	struct shipment_summary sum;
	long long c = dbt_admin_customer_new(), still, over;

	isolate();
	still = new_sub(c, "1m:15", "2027-01-15", 3, "bank", "SHP-TEA:1");
	over = new_sub(c, "1m:12", "2026-12-12", 3, "bank", "SHP-TEA:1");
	admin_exec("UPDATE rd.subscriptions SET status = 'paused', paused_until = DATE '2027-01-15'"
		   " WHERE cycle = '1m:15' AND status = 'active'");
	admin_exec("UPDATE rd.subscriptions SET status = 'paused', paused_until = DATE '2026-12-12'"
		   " WHERE cycle = '1m:12' AND status = 'active'");
	/* still paused on 12/12 + 5 even though a next date is set earlier */
	admin_exec("UPDATE rd.subscriptions SET next_date = DATE '2026-12-15'"
		   " WHERE cycle = '1m:15' AND status = 'paused'");
	run_ok(ymd(2026, 12, 10), 0, &sum);
	ck_assert_int_eq(sum.orders_created, 1);
	dbt_expect_text(ORDERS_OF, still, "");
	dbt_expect_text("SELECT status || ' ' || paused_until FROM rd.subscriptions WHERE id = $1",
			still, "paused 2027-01-15");
	dbt_expect_text(ORDERS_OF, over, "4/2026-12-12");
	dbt_expect_text("SELECT status || ' ' || (paused_until IS NULL) || ' ' || next_date"
			"  FROM rd.subscriptions WHERE id = $1", over, "active true 2027-01-12");
}
END_TEST

/* ---- bundling and inserts ---------------------------------------------------------- */

START_TEST(a_delivery_is_bundled_with_the_customers_orders_within_the_window)
{
	struct shipment_summary sum;
	long long c = dbt_admin_customer_new(), id, near, far, shipped;
	char cid[24];
	PGconn *admin = dbt_admin();

	isolate();
	dbt_itoa(c, cid);
	near = dbt_int(admin,
		"INSERT INTO rd.orders (customer_id, desired_date, payment, total)"
		" VALUES ($1, DATE '2026-12-17', 'bank', 1000) RETURNING id", 1, cid);
	far = dbt_int(admin,
		"INSERT INTO rd.orders (customer_id, desired_date, payment, total)"
		" VALUES ($1, DATE '2026-12-25', 'bank', 1000) RETURNING id", 1, cid);
	shipped = dbt_int(admin,
		"INSERT INTO rd.orders (customer_id, desired_date, payment, total, status)"
		" VALUES ($1, DATE '2026-12-15', 'bank', 1000, 'shipped') RETURNING id", 1, cid);
	PQfinish(admin);
	id = new_sub(c, "1m:15", "2026-12-15", 3, "bank", "SHP-TEA:1");
	run_ok(ymd(2026, 12, 10), 0, &sum);
	ck_assert_int_eq(sum.orders_created, 1);
	ck_assert_int_eq(sum.bundled, 1);
	/* the bundle carries the id of its first order */
	ck_assert_int_eq(dbt_q_int("SELECT bundle_id FROM rd.orders WHERE subscription_id = $1", id), near);
	ck_assert_int_eq(dbt_q_int("SELECT bundle_id FROM rd.orders WHERE id = $1", near), near);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.orders WHERE id = $1 AND bundle_id IS NULL", far), 1);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.orders WHERE id = $1 AND bundle_id IS NULL", shipped), 1);
}
END_TEST

/* The delivery joins a cash-on-delivery order in one parcel: the parcel
 * pays one COD fee (the order, the first that pays on delivery, keeps
 * it; the delivery's goes), and ships free because a subscription's
 * delivery is in the box (subscription_free_shipping): the same fee rule
 * as order entry (pricing_parcel_fees). The totals add up to the box. */
START_TEST(a_bundled_delivery_shares_one_parcels_fees)
{
	struct shipment_summary sum;
	long long c = dbt_admin_customer_new(), id, near;
	char cid[24];
	PGconn *admin = dbt_admin();

	isolate();
	dbt_itoa(c, cid);
	admin_exec("UPDATE rd.settings SET value = 'true' WHERE key = 'subscription_free_shipping'");
	/* an order that adds up (the database refuses one that does not):
	 * one お茶 at its price, 1,000 at 8% */
	near = dbt_int(admin,
		"WITH o AS (INSERT INTO rd.orders (customer_id, desired_date, payment, subtotal_8,"
		"                       tax_8, shipping_fee, cod_fee, total)"
		" VALUES ($1, DATE '2026-12-16', 'cod', 1000, 80, 600, 330, 2010) RETURNING id),"
		" l AS (INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		"       SELECT id, 'SHP-TEA', 'お茶', 1, 1000, 8 FROM o)"
		" SELECT id FROM o", 1, cid);
	PQfinish(admin);
	id = new_sub(c, "1m:15", "2026-12-15", 3, "cod", "SHP-TEA:1");
	run_ok(ymd(2026, 12, 10), 0, &sum);
	ck_assert_int_eq(sum.orders_created, 1);
	ck_assert_int_eq(dbt_q_int("SELECT bundle_id FROM rd.orders WHERE subscription_id = $1", id), near);
	/* one COD fee, on the order; no shipping in the box */
	ck_assert_int_eq(dbt_q_int("SELECT sum(cod_fee) FROM rd.orders WHERE bundle_id = $1", near), 330);
	ck_assert_int_eq(dbt_q_int("SELECT cod_fee FROM rd.orders WHERE id = $1", near), 330);
	ck_assert_int_eq(dbt_q_int("SELECT sum(shipping_fee) FROM rd.orders WHERE bundle_id = $1", near), 0);
	ck_assert_int_eq(dbt_q_int("SELECT sum(total - subtotal_8 - tax_8 - subtotal_10 - tax_10)"
				   "  FROM rd.orders WHERE bundle_id = $1", near), 330);
}
END_TEST

START_TEST(inserts_are_chosen_by_the_rules)
{
	struct shipment_summary sum;
	long long fresh = dbt_admin_customer_new(), known = dbt_admin_customer_new(), a, b;
	char cid[24];
	PGconn *admin = dbt_admin();

	isolate();
	dbt_exec(admin,
		"INSERT INTO rd.orders (customer_id, payment, total, status)"
		" VALUES ($1, 'bank', 1000, 'delivered')", 1, dbt_itoa(known, cid));
	dbt_exec(admin,
		"INSERT INTO rd.insert_rules (code, name, first_order, delivery_no, sku, min_total, priority)"
		" VALUES ('SHP-D4', '4回目のお礼状', false, 4, NULL, NULL, 10),"
		"        ('SHP-SERUM-S', '美容液サンプル', false, NULL, 'SHP-SERUM', NULL, 20),"
		"        ('SHP-FIRST', 'はじめての方へ', true, NULL, NULL, NULL, 30),"
		"        ('SHP-BIG', '大口のお客様', false, NULL, NULL, 100000, 40)", 0);
	PQfinish(admin);
	a = new_sub(fresh, "1m:15", "2026-12-15", 3, "bank", "SHP-SERUM:1");
	b = new_sub(known, "1m:15", "2026-12-15", 4, "bank", "SHP-TEA:1");
	run_ok(ymd(2026, 12, 10), 0, &sum);
	admin_exec("UPDATE rd.insert_rules SET active = false WHERE code LIKE 'SHP-%'");
	ck_assert_int_eq(sum.orders_created, 2);
	ck_assert_int_eq(sum.inserts, 3);
	dbt_expect_text("SELECT string_agg(i.code || ' ' || i.name, ', ' ORDER BY i.id)"
			"  FROM rd.order_inserts i JOIN rd.orders o ON o.id = i.order_id"
			" WHERE o.subscription_id = $1", a,
			"SHP-D4 4回目のお礼状, SHP-SERUM-S 美容液サンプル, SHP-FIRST はじめての方へ");
	dbt_expect_text("SELECT count(*)::text FROM rd.order_inserts i JOIN rd.orders o ON o.id = i.order_id"
			" WHERE o.subscription_id = $1", b, "0");
}
END_TEST

/* ---- exactly once ---------------------------------------------------------------------- */

static long long many_subs(int n, long long *ids)
{
	long long c = dbt_admin_customer_new();

	for (int i = 0; i < n; i++) {
		char day[16];

		snprintf(day, sizeof(day), "2026-12-%02d", 11 + i % 5);
		ids[i] = new_sub(c, "1m:28", day, 2, "bank", "SHP-TEA:1");
	}
	return c;
}

static void expect_each_once(const long long *ids, int n)
{
	for (int i = 0; i < n; i++) {
		ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.orders WHERE subscription_id = $1", ids[i]), 1);
		ck_assert_int_eq(dbt_q_int("SELECT delivery_count FROM rd.subscriptions WHERE id = $1", ids[i]), 3);
		ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.orders WHERE subscription_id = $1"
					   "   AND delivery_no = 3", ids[i]), 1);
	}
}

START_TEST(a_second_run_makes_nothing)
{
	struct shipment_summary sum;
	long long ids[6];

	isolate();
	many_subs(6, ids);
	run_ok(ymd(2026, 12, 10), 4, &sum);
	ck_assert_int_eq(sum.orders_created, 6);
	ck_assert_int_eq(sum.batches, 2);
	run_ok(ymd(2026, 12, 10), 4, &sum);
	ck_assert_int_eq(sum.due, 0);
	ck_assert_int_eq(sum.orders_created, 0);
	ck_assert_int_eq(sum.batches, 0);
	expect_each_once(ids, 6);
}
END_TEST

START_TEST(a_run_stopped_halfway_and_run_again_makes_each_order_once)
{
	struct shipment_summary sum;
	struct rd_error err;
	long long ids[7], made;

	isolate();
	many_subs(7, ids);
	/* pages of 2: two commit, the third fails after doing its work */
	ck_assert_int_eq(run_as(agent_login, ymd(2026, 12, 10), 2, 2, NULL, &sum, &err), RD_INTERNAL);
	ck_assert_int_eq(sum.batches, 2);
	ck_assert_int_eq(sum.orders_created, 4);
	made = 0;
	for (int i = 0; i < 7; i++)
		made += dbt_q_int("SELECT count(*) FROM rd.orders WHERE subscription_id = $1", ids[i]);
	ck_assert_int_eq(made, 4);
	run_ok(ymd(2026, 12, 10), 2, &sum);
	ck_assert_int_eq(sum.orders_created, 3);
	ck_assert_int_eq(sum.already_existed, 0);
	expect_each_once(ids, 7);
}
END_TEST

START_TEST(an_order_that_is_already_there_is_not_made_again)
{
	struct shipment_summary sum;
	long long c = dbt_admin_customer_new(), id;
	char cid[24], sid[24];
	PGconn *admin = dbt_admin();

	isolate();
	id = new_sub(c, "1m:15", "2026-12-15", 3, "bank", "SHP-TEA:1");
	dbt_exec(admin,
		"INSERT INTO rd.orders (customer_id, desired_date, payment, total, subscription_id,"
		"                       delivery_no) VALUES ($1, DATE '2026-12-15', 'bank', 1, $2, 4)",
		2, dbt_itoa(c, cid), dbt_itoa(id, sid));
	PQfinish(admin);
	run_ok(ymd(2026, 12, 10), 0, &sum);
	ck_assert_int_eq(sum.orders_created, 0);
	ck_assert_int_eq(sum.already_existed, 1);
	dbt_expect_text("SELECT count(*) || ' ' || min(total) FROM rd.orders WHERE subscription_id = $1",
			id, "1 1");
	dbt_expect_text("SELECT delivery_count || ' ' || next_date FROM rd.subscriptions WHERE id = $1",
			id, "4 2027-01-15");
}
END_TEST

struct racer {
	const char *login;
	enum rd_status st;
	struct shipment_summary sum;
	char msg[512];
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct rd_error err;

	rd_error_clear(&err);
	r->st = run_as(r->login, ymd(2026, 12, 10), 3, 0, NULL, &r->sum, &err);
	snprintf(r->msg, sizeof(r->msg), "%s", err.msg);
	return NULL;
}

START_TEST(two_runs_at_once_make_each_order_once)
{
	struct racer a = { .login = agent_login }, b = { .login = agent2_login };
	pthread_t ta, tb;
	long long ids[12];

	isolate();
	many_subs(12, ids);
	pthread_create(&ta, NULL, race, &a);
	pthread_create(&tb, NULL, race, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	ck_assert_msg(a.st == RD_OK && b.st == RD_OK, "%s (%s) / %s (%s)", rd_status_name(a.st),
		      a.msg, rd_status_name(b.st), b.msg);
	ck_assert_int_eq(a.sum.orders_created + b.sum.orders_created, 12);
	expect_each_once(ids, 12);
}
END_TEST

START_TEST(workers_side_by_side_make_each_order_once)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL), *more[2];
	struct shipment_options o = { .date = ymd(2026, 12, 10), .batch = 2 };
	struct shipment_summary sum;
	struct rd_error err;
	long long ids[16], c;
	enum rd_status st;

	isolate();
	/* one customer: every page's orders meet on it (its figures, its
	 * bundles), so the workers wait for each other or deadlock and redo */
	c = many_subs(16, ids);
	more[0] = dbt_store_as(agent_login, NULL);
	more[1] = dbt_store_as(agent2_login, NULL);
	o.workers = more;
	o.nworkers = 2;
	st = shipment_generate(db, &o, &sum, &err);
	ck_assert_msg(st == RD_OK, "%s: %s", rd_status_name(st), err.msg);
	ck_assert_int_eq(sum.orders_created, 16);
	ck_assert_int_eq(sum.batches, 8);
	expect_each_once(ids, 16);
	/* the customer's deliveries are one bundle */
	ck_assert_int_eq(dbt_q_int("SELECT count(DISTINCT bundle_id) FROM rd.orders"
				   " WHERE customer_id = $1 AND order_date = DATE '2026-12-10'", c), 1);
	o.nworkers = 16;
	ck_assert_int_eq(shipment_generate(db, &o, &sum, &err), RD_INVALID);
	db_free(&more[0]);
	db_free(&more[1]);
	db_free(&db);
}
END_TEST

/* ---- the same result however the run is cut ------------------------------------------- */

/* One copy of a varied book of subscriptions, on customers of its own:
 * mixed tax rates, cash on delivery, card, an overdue weekly one (three
 * deliveries in the window), a slot moved by a closed day, a skipped
 * slot inside the window, a retention discount, a pause that is over
 * and one that is not, a cancelled one, an order of the customer's to
 * bundle with (cash on delivery: one parcel, one COD fee), nine of one
 * customer's side by side (one bundle across pages), first orders and
 * inserts, an overdue weekly one sharing a parcel with another
 * subscription of its customer. ids gets the subscriptions in a fixed
 * order (DIFF_SUBS). */
#define DIFF_SUBS 21

static void diff_copy(long long *ids)
{
	long long c1 = dbt_admin_customer_new(), c2 = dbt_admin_customer_new(),
		  c3 = dbt_admin_customer_new(), c4 = dbt_admin_customer_new(),
		  c5 = dbt_admin_customer_new(), c6 = dbt_admin_customer_new(),
		  c7 = dbt_admin_customer_new();
	char cid[24], sid[24];
	PGconn *admin = dbt_admin();
	int n = 0;

	ids[n++] = new_sub(c1, "1m:15", "2026-12-15", 3, "cod", "SHP-AOJIRU:3,SHP-SERUM:1");
	ids[n++] = new_sub(c1, "7d", "2026-12-01", 1, "bank", "SHP-TEA:2");
	/* 12/14 is closed: delivered 12/15 */
	ids[n++] = new_sub(c1, "1m:14", "2026-12-14", 2, "card", "SHP-TEA:1");
	/* an order of c2's that adds up, cash on delivery, 12/16 */
	dbt_exec(admin,
		"WITH o AS (INSERT INTO rd.orders (customer_id, desired_date, payment, subtotal_8,"
		"                       tax_8, shipping_fee, cod_fee, total)"
		" VALUES ($1, DATE '2026-12-16', 'cod', 1000, 80, 600, 330, 2010) RETURNING id),"
		" l AS (INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		"       SELECT id, 'SHP-TEA', 'お茶', 1, 1000, 8 FROM o)"
		" SELECT id FROM o", 1, dbt_itoa(c2, cid));
	ids[n++] = new_sub(c2, "1m:15", "2026-12-15", 3, "cod", "SHP-TEA:1");
	dbt_exec(admin, "UPDATE rd.subscriptions SET discount_percent = 10, discount_remaining = 1"
		 " WHERE id = $1", 1, dbt_itoa(ids[n - 1], sid));
	ids[n++] = new_sub(c2, "1m:13", "2026-12-13", 5, "bank", "SHP-AOJIRU:1,SHP-SERUM:2");
	dbt_exec(admin, "UPDATE rd.subscriptions SET discount_percent = 15, discount_remaining = 2"
		 " WHERE id = $1", 1, dbt_itoa(ids[n - 1], sid));
	/* a pause over on 12/12, one that is not, a cancelled one */
	ids[n++] = new_sub(c3, "1m:12", "2026-12-12", 3, "bank", "SHP-TEA:1");
	dbt_exec(admin, "UPDATE rd.subscriptions SET status = 'paused', paused_until = DATE '2026-12-12'"
		 " WHERE id = $1", 1, dbt_itoa(ids[n - 1], sid));
	ids[n++] = new_sub(c3, "1m:15", "2027-01-15", 3, "bank", "SHP-TEA:1");
	dbt_exec(admin, "UPDATE rd.subscriptions SET status = 'paused', paused_until = DATE '2027-01-15',"
		 "       next_date = DATE '2026-12-15' WHERE id = $1", 1, dbt_itoa(ids[n - 1], sid));
	ids[n++] = new_sub(c3, "1m:11", "2026-12-11", 3, "bank", "SHP-TEA:1");
	dbt_exec(admin, "UPDATE rd.subscriptions SET status = 'cancelled', cancelled_on = DATE '2026-12-01',"
		 "       next_date = NULL WHERE id = $1", 1, dbt_itoa(ids[n - 1], sid));
	/* weekly from 12/08, the 12/15 slot skipped: one order, next 12/22 */
	ids[n++] = new_sub(c4, "7d", "2026-12-08", 2, "cod", "SHP-SERUM:1");
	dbt_exec(admin, "INSERT INTO rd.subscription_skips (subscription_id, delivery_no, date)"
		 " VALUES ($1, 4, DATE '2026-12-15')", 1, dbt_itoa(ids[n - 1], sid));
	/* a customer with nine, on several days: one bundle whatever the pages */
	for (int i = 0; i < 9; i++) {
		char day[16];

		snprintf(day, sizeof(day), "2026-12-%02d", 11 + i % 5);
		ids[n++] = new_sub(c5, i % 2 ? "1m:28" : "14d", day, 2 + i % 3, i % 3 ? "bank" : "cod",
				   i % 2 ? "SHP-TEA:1" : "SHP-AOJIRU:1,SHP-TEA:3");
	}
	/* one with an order before (no first-order insert) */
	dbt_exec(admin, "INSERT INTO rd.orders (customer_id, payment, total, status)"
		 " VALUES ($1, 'bank', 1000, 'delivered')", 1, dbt_itoa(c6, cid));
	ids[n++] = new_sub(c6, "1m:15", "2026-12-15", 3, "bank", "SHP-SERUM:1");
	/* an overdue weekly one's third delivery in one parcel with the next
	 * subscription's first, both cash on delivery: one COD fee, on the
	 * parcel's first order */
	ids[n++] = new_sub(c7, "7d", "2026-12-01", 1, "cod", "SHP-TEA:1");
	ids[n++] = new_sub(c7, "1m:15", "2026-12-15", 3, "cod", "SHP-TEA:1");
	ck_assert_int_eq(n, DIFF_SUBS);
	PQfinish(admin);
}

/* Everything the run made and changed for the copy ids, with no id in
 * it: each order of the copy's customers (theirs before the run too) by
 * customer and subscription position, its dates, money to the yen,
 * notes, its parcel (how many orders, whether it names the parcel), lines
 * and inserts; each subscription's state after the run. Sorted lines.
 *
 * by_parcel: for pages side by side, where a customer's subscriptions in
 * two pages are made in whichever order the pages commit. Which order of
 * a parcel names it and carries its fees, and which of a new customer's
 * orders has the first-order inserts, follow that order; so a bundled
 * order's fees are compared per parcel (its orders, shipping, COD fee and
 * total together) and first-order inserts per customer. */
static char *diff_dump(const long long *ids, bool by_parcel)
{
	char arr[DIFF_SUBS * 24 + 8];
	size_t off = 0;
	PGconn *admin = dbt_admin();
	char *out;

	off += (size_t)snprintf(arr + off, sizeof(arr) - off, "{");
	for (int i = 0; i < DIFF_SUBS; i++)
		off += (size_t)snprintf(arr + off, sizeof(arr) - off, "%s%lld", i ? "," : "", ids[i]);
	snprintf(arr + off, sizeof(arr) - off, "}");
	out = dbt_value(admin,
		"WITH s AS (SELECT x.id, x.ord FROM unnest($1::bigint[]) WITH ORDINALITY AS x(id, ord)),"
		" c AS (SELECT sub.customer_id AS cid, min(s.ord) AS ord"
		"         FROM s JOIN rd.subscriptions sub ON sub.id = s.id GROUP BY 1),"
		" o AS (SELECT o.*, c.ord AS cord, s.ord AS sord, $2::bool AND o.bundle_id IS NOT NULL AS pf"
		"         FROM rd.orders o"
		"         JOIN c ON c.cid = o.customer_id LEFT JOIN s ON s.id = o.subscription_id)"
		" SELECT string_agg(line, E'\\n' ORDER BY line) FROM ("
		"  SELECT format('order c%s s%s #%s %s %s %s %s 8%%:%s+%s 10%%:%s+%s %s [%s] parcel %s"
		" lines %s inserts %s',"
		"         cord, coalesce(sord::text, '-'), coalesce(delivery_no::text, '-'), order_date,"
		"         desired_date, status, payment, subtotal_8, tax_8, subtotal_10, tax_10,"
		"         CASE WHEN pf THEN 'fees by parcel' ELSE"
		"           format('ship %s cod %s total %s', shipping_fee, cod_fee, total) END, notes,"
		"         CASE WHEN bundle_id IS NULL THEN '-' ELSE"
		"           (SELECT count(*) FROM rd.orders b WHERE b.bundle_id = o.bundle_id)::text"
		"           || CASE WHEN bundle_id = o.id AND NOT $2 THEN ' first' ELSE '' END END,"
		"         (SELECT string_agg(l.sku || 'x' || l.quantity || '@' || l.unit_price || '/'"
		"                 || l.tax_rate || ' ' || l.name, ',' ORDER BY l.sku, l.quantity)"
		"            FROM rd.order_lines l WHERE l.order_id = o.id),"
		"         (SELECT string_agg(i.code || ' ' || i.name, ',' ORDER BY i.code)"
		"            FROM rd.order_inserts i JOIN rd.insert_rules r ON r.id = i.rule_id"
		"           WHERE i.order_id = o.id AND NOT ($2 AND r.first_order))) AS line"
		"    FROM o"
		"  UNION ALL"
		"  SELECT format('parcel c%s of %s: ship %s cod %s total %s', min(cord),"
		"         string_agg(coalesce('s' || sord || '#' || delivery_no, 'before'), ' '"
		"                    ORDER BY sord, delivery_no),"
		"         sum(shipping_fee), sum(cod_fee), sum(total))"
		"    FROM o WHERE pf GROUP BY bundle_id"
		"  UNION ALL"
		"  SELECT format('customer c%s: first-order inserts %s', o.cord, count(i.*))"
		"    FROM o LEFT JOIN (rd.order_inserts i JOIN rd.insert_rules r"
		"                      ON r.id = i.rule_id AND r.first_order) ON i.order_id = o.id"
		"   WHERE $2 GROUP BY o.cord"
		"  UNION ALL"
		"  SELECT format('sub s%s %s %s n=%s next=%s paused=%s disc=%s/%s [%s] v%s', s.ord,"
		"         sub.status, sub.cycle, sub.delivery_count, sub.next_date, sub.paused_until,"
		"         sub.discount_percent, sub.discount_remaining, sub.last_change, sub.version)"
		"    FROM s JOIN rd.subscriptions sub ON sub.id = s.id) x", 2, arr, by_parcel ? "t" : "f");
	PQfinish(admin);
	ck_assert_ptr_nonnull(out);
	return out;
}

/* got and want (diff_dump) are the same; else the first line that
 * differs (check's messages are short: the dumps go to stderr). */
static void expect_same(const char *got, const char *want, const char *what)
{
	const char *g = got, *w = want;

	while (*g && *g == *w)
		g++, w++;
	if (!*g && !*w)
		return;
	while (g > got && g[-1] != '\n')
		g--, w--;
	fprintf(stderr, "%s: the run made\n%s\n---- one subscription per transaction made\n%s\n",
		what, got, want);
	ck_abort_msg("%s: '%.180s' where one per transaction made '%.180s'", what, g, w);
}

/* The history of a run: every row it wrote carries its reason and
 * request id, and each committed page is one transaction. */
static void expect_history(const char *request_id, long long batches)
{
	PGconn *admin = dbt_admin();

	ck_assert_int_eq(dbt_int(admin, "SELECT count(DISTINCT txid) FROM rd.history WHERE request_id = $1",
				 1, request_id), batches);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history WHERE request_id = $1"
				 "   AND reason IS DISTINCT FROM '差分テスト'", 1, request_id), 0);
	PQfinish(admin);
}

/* One copy made and run with o (and more connections: nmore), checked
 * against the history it wrote; returns the dump (by_parcel). */
static char *diff_run(struct shipment_options *o, int nmore, bool by_parcel, long long *ids)
{
	struct rd_db *db, *more[2] = { NULL, NULL };
	struct shipment_summary sum;
	struct rd_error err;
	enum rd_status st;

	isolate();
	diff_copy(ids);
	db = dbt_store_as(agent_login, NULL);
	for (int i = 0; i < nmore; i++)
		more[i] = dbt_store_as(i ? agent2_login : agent_login, NULL);
	o->workers = more;
	o->nworkers = nmore;
	st = shipment_generate(db, o, &sum, &err);
	ck_assert_msg(st == RD_OK, "%s: %s", rd_status_name(st), err.msg);
	ck_assert_msg(sum.errors == 0, "%s", sum.first_error);
	ck_assert_int_eq(sum.orders_created, 23);
	expect_history(o->request_id, sum.batches);
	for (int i = 0; i < nmore; i++)
		db_free(&more[i]);
	db_free(&db);
	o->workers = NULL;
	o->nworkers = 0;
	return diff_dump(ids, by_parcel);
}

/* The run one subscription per transaction (batch 1: the per-subscription
 * path), in pages of 4, and stopped after two pages of 3 then run again
 * in pages of 5: each makes, order by order and yen by yen, the same
 * orders, parcels, lines, inserts and subscription states, and a further
 * run changes nothing. In pages of 4 with two more connections side by
 * side: the same, parcel by parcel (diff_dump). */
START_TEST(however_the_run_is_cut_it_makes_the_same_orders_to_the_yen)
{
	long long one[DIFF_SUBS], other[DIFF_SUBS];
	struct shipment_summary sum, again;
	struct rd_db *db;
	struct shipment_options o = { .date = ymd(2026, 12, 10), .reason = "差分テスト" };
	struct rd_error err;
	char *want, *want_parcels, *got;
	long long batches;

	admin_exec("UPDATE rd.settings SET value = 'false' WHERE key = 'subscription_free_shipping'");
	admin_exec("INSERT INTO rd.holidays (date, kind, name) VALUES (DATE '2026-12-14', 'oneoff', '棚卸し')");
	admin_exec("INSERT INTO rd.insert_rules (code, name, first_order, delivery_no, sku, min_total, priority)"
		   " VALUES ('SHP-DF-FIRST', 'はじめての方へ', true, NULL, NULL, NULL, 10),"
		   "        ('SHP-DF-D4', '4回目のお礼状', false, 4, NULL, NULL, 20),"
		   "        ('SHP-DF-BIG', '大口', false, NULL, NULL, 15000, 30)");

	/* one subscription per transaction */
	o.batch = 1;
	o.request_id = "5e0c2a77-1f0d-4b7e-9b55-0d6c2b1a0d01";
	want = diff_run(&o, 0, false, one);
	want_parcels = diff_dump(one, true);
	/* what the copy must show, so that the comparison means something:
	 * three weekly deliveries, the closed day, the skip, the pauses, one
	 * first-order insert for a new customer with three subscriptions */
	ck_assert_msg(strstr(want, "s2 #4 2026-12-10 2026-12-15") && strstr(want, "s2 #2 2026-12-10 2026-12-01"),
		      "%s", want);
	ck_assert_msg(strstr(want, "s3 #3 2026-12-10 2026-12-15"), "%s", want);
	ck_assert_msg(strstr(want, "sub s9 active 7d n=3 next=2026-12-22"), "%s", want);
	ck_assert_msg(strstr(want, "sub s6 active 1m:12 n=4") && strstr(want, "sub s7 paused 1m:15 n=3")
		      && strstr(want, "sub s8 cancelled 1m:11 n=3"), "%s", want);
	ck_assert_msg(strstr(want, "4回目のお礼状") && strstr(want, "retention discount 10%"), "%s", want);
	ck_assert_msg(strstr(want_parcels, "customer c1: first-order inserts 1")
		      && strstr(want_parcels, "customer c10: first-order inserts 1"), "%s", want_parcels);

	/* pages of 4, one connection */
	o.batch = 4;
	o.request_id = "5e0c2a77-1f0d-4b7e-9b55-0d6c2b1a0d02";
	got = diff_run(&o, 0, false, other);
	expect_same(got, want, "pages of 4");
	free(got);

	/* pages of 4, three connections */
	o.request_id = "5e0c2a77-1f0d-4b7e-9b55-0d6c2b1a0d03";
	got = diff_run(&o, 2, true, other);
	expect_same(got, want_parcels, "pages of 4 side by side");
	free(got);

	/* stopped after two pages of 3 (the third did its work and rolled
	 * back), then run again in pages of 5, then once more */
	isolate();
	diff_copy(other);
	db = dbt_store_as(agent_login, NULL);
	o.batch = 3;
	o.request_id = "5e0c2a77-1f0d-4b7e-9b55-0d6c2b1a0d04";
	o.fail_after_batches = 2;
	ck_assert_int_eq(shipment_generate(db, &o, &sum, &err), RD_INTERNAL);
	ck_assert_int_eq(sum.batches, 2);
	batches = sum.batches;
	o.batch = 5;
	o.request_id = "5e0c2a77-1f0d-4b7e-9b55-0d6c2b1a0d05";
	o.fail_after_batches = 0;
	ck_assert_int_eq(shipment_generate(db, &o, &sum, &err), RD_OK);
	ck_assert_msg(sum.errors == 0, "%s", sum.first_error);
	expect_history("5e0c2a77-1f0d-4b7e-9b55-0d6c2b1a0d04", batches);
	ck_assert_int_eq(shipment_generate(db, &o, &again, &err), RD_OK);
	ck_assert_int_eq(again.orders_created, 0);
	got = diff_dump(other, false);
	expect_same(got, want, "stopped and run again");
	free(got);
	db_free(&db);
	free(want);
	free(want_parcels);

	admin_exec("UPDATE rd.settings SET value = 'true' WHERE key = 'subscription_free_shipping'");
	admin_exec("DELETE FROM rd.holidays WHERE date = DATE '2026-12-14' AND kind = 'oneoff'");
	admin_exec("UPDATE rd.insert_rules SET active = false WHERE code LIKE 'SHP-DF-%'");
}
END_TEST

/* 0160: a timestamp is let by the text guard's quick test, and what it
 * refused before is refused still (a card number in the notes, one
 * spelled like a timestamp's digits, a value too long). */
START_TEST(the_text_guard_lets_timestamps_by_and_still_refuses_card_numbers)
{
	PGconn *admin = dbt_admin(), *agent = dbt_login(agent_login);
	long long c = dbt_admin_customer_new();
	char cid[24];

	dbt_itoa(c, cid);
	/* no ISO timestamp holds a card number, whatever its digits */
	ck_assert_int_eq(dbt_int(admin,
		"SELECT count(*) FROM generate_series(timestamptz '2026-01-01 00:00:00.000001+09',"
		"                                      timestamptz '2026-12-31', interval '7 hours 1.234567 seconds') t"
		" WHERE rd.pan_found(to_jsonb(t) #>> '{}') OR rd.pan_found(to_jsonb(t::timestamp) #>> '{}')", 0), 0);
	ck_assert_str_eq(dbt_state(agent,
		"UPDATE rd.customers SET notes = '4111 1111 1111 1111' WHERE id = $1", 1, cid), "RD422");
	ck_assert_str_eq(dbt_state(agent,
		"UPDATE rd.customers SET notes = '2026-4111-1111-1111-1111' WHERE id = $1", 1, cid), "RD422");
	ck_assert_str_eq(dbt_state(agent,
		"UPDATE rd.customers SET notes = '2026-12-08T09:00:00.123456+09:00' WHERE id = $1", 1, cid),
		"00000");
	PQfinish(agent);
	PQfinish(admin);
}
END_TEST

/* ---- refusals ----------------------------------------------------------------------------- */

START_TEST(an_operator_cannot_run_it_and_nothing_is_written)
{
	struct shipment_summary sum;
	struct rd_error err;
	long long c = dbt_admin_customer_new(), id;

	isolate();
	id = new_sub(c, "1m:15", "2026-12-15", 3, "bank", "SHP-TEA:1");
	ck_assert_int_eq(run_as(operator_login, ymd(2026, 12, 10), 0, 0, NULL, &sum, &err),
			 RD_PERMISSION);
	dbt_expect_text(ORDERS_OF, id, "");
	dbt_expect_text("SELECT delivery_count || ' ' || version FROM rd.subscriptions WHERE id = $1",
			id, "3 1");
}
END_TEST

START_TEST(a_barred_payment_is_not_shipped_and_says_why)
{
	struct shipment_summary sum;
	struct rd_error err;
	long long c = dbt_admin_customer_new(), barred, fine;
	char cid[24];
	PGconn *admin = dbt_admin();

	isolate();
	barred = new_sub(c, "1m:15", "2026-12-15", 3, "cod", "SHP-TEA:1");
	fine = new_sub(c, "1m:14", "2026-12-14", 3, "bank", "SHP-TEA:1");
	dbt_exec(admin, "INSERT INTO rd.payment_bars (customer_id, payment, reason)"
		 " VALUES ($1, 'cod', '受取拒否 2回')", 1, dbt_itoa(c, cid));
	ck_assert_int_eq(run_as(agent_login, ymd(2026, 12, 10), 0, 0, NULL, &sum, &err), RD_OK);
	dbt_exec(admin, "UPDATE rd.payment_bars SET active = false WHERE customer_id = $1", 1, cid);
	PQfinish(admin);
	ck_assert_int_eq(sum.errors, 1);
	ck_assert_int_eq(sum.orders_created, 1);
	ck_assert_msg(strstr(sum.first_error, "受取拒否 2回") != NULL &&
		      strstr(sum.first_error, "cash on delivery") != NULL, "%s", sum.first_error);
	dbt_expect_text(ORDERS_OF, barred, "");
	dbt_expect_text("SELECT delivery_count || ' ' || next_date FROM rd.subscriptions WHERE id = $1",
			barred, "3 2026-12-15");
	dbt_expect_text(ORDERS_OF, fine, "4/2026-12-14");
}
END_TEST

START_TEST(bad_options_are_refused_before_anything_happens)
{
	struct shipment_summary sum;
	struct rd_error err;

	ck_assert_int_eq(run_as(agent_login, ymd(2026, 12, 10), -1, 0, NULL, &sum, &err), RD_INVALID);
	ck_assert_int_eq(run_as(agent_login, ymd(2026, 12, 10), SHIPMENT_BATCH_MAX + 1, 0, NULL,
				&sum, &err), RD_INVALID);
	ck_assert_int_eq(run_as(agent_login, ymd(2026, 12, 10), 0, 0, "not-a-uuid", &sum, &err),
			 RD_INVALID);
	ck_assert_msg(strstr(err.msg, "UUID") != NULL, "%s", err.msg);
	admin_exec("UPDATE rd.settings SET value = 'soon' WHERE key = 'shipment_window_days'");
	ck_assert_int_eq(run_as(agent_login, ymd(2026, 12, 10), 0, 0, NULL, &sum, &err), RD_INVALID);
	admin_exec("UPDATE rd.settings SET value = '5' WHERE key = 'shipment_window_days'");
	ck_assert_msg(strstr(err.msg, "shipment_window_days") != NULL, "%s", err.msg);
}
END_TEST

/* ---- the benchmark's load ------------------------------------------------------------- */

/* db seed --subscription-rate: the share asked for has a subscription,
 * and it stays active (what the shipment benchmark needs). */
START_TEST(the_seed_gives_the_share_of_active_subscriptions_asked_for)
{
	struct seedgen g;
	struct seedgen_customer *c = calloc(1, sizeof(*c));
	int active = 0, present = 0, usual = 0;

	ck_assert_ptr_nonnull(c);
	seedgen_init(&g, 1, ymd(2026, 11, 20));
	ck_assert_int_eq(g.subscription_permille, 0);
	for (int i = 0; i < 3000; i++) {
		seedgen_customer_upto(&g, (uint64_t)i, SEEDGEN_LEVEL_SUBSCRIPTION, c);
		usual += c->sub.present && c->sub.status == SEEDGEN_SUB_ACTIVE;
	}
	g.subscription_permille = 300;
	for (int i = 0; i < 3000; i++) {
		seedgen_customer_upto(&g, (uint64_t)i, SEEDGEN_LEVEL_SUBSCRIPTION, c);
		present += c->sub.present;
		active += c->sub.present && c->sub.status == SEEDGEN_SUB_ACTIVE;
	}
	free(c);
	/* the usual mix: about 5.6% active */
	ck_assert_msg(usual > 90 && usual < 260, "usual: %d of 3000 active", usual);
	ck_assert_msg(present > 810 && present < 990, "30%%: %d of 3000 subscribe", present);
	ck_assert_msg(active >= present * 97 / 100, "30%%: %d of %d active", active, present);
}
END_TEST

/* --batch not given: pages of 2,000 with one connection; with several,
 * small enough that each has about 4 pages, never under the floor; a
 * batch asked for is kept. */
START_TEST(pages_are_smaller_when_connections_share_a_run)
{
	ck_assert_int_eq(shipment_page_size(300000, 1, 0), SHIPMENT_BATCH_DEFAULT);
	ck_assert_int_eq(shipment_page_size(300000, 2, 0), SHIPMENT_BATCH_DEFAULT);
	ck_assert_int_eq(shipment_page_size(0, 2, 0), SHIPMENT_BATCH_DEFAULT);
	/* a day's run at 1,000,000 customers: 3,600 due, 8 pages of 450 */
	ck_assert_int_eq(shipment_page_size(3600, 2, 0), 450);
	ck_assert_int_eq(shipment_page_size(5283, 2, 0), 661);
	ck_assert_int_eq(shipment_page_size(363, 2, 0), SHIPMENT_BATCH_AUTO_MIN);
	ck_assert_int_eq(shipment_page_size(3600, 2, 7), 7);
	ck_assert_int_eq(shipment_page_size(3600, 1, 7), 7);
}
END_TEST

static Suite *shipment_suite(void)
{
	Suite *s = suite_create("shipment");
	TCase *orders = tcase_create("orders");
	TCase *once = tcase_create("exactly once");
	TCase *load = tcase_create("bench load");

	tcase_add_unchecked_fixture(orders, setup_once, NULL);
	tcase_set_timeout(orders, DBT_TIMEOUT);
	tcase_add_test(orders, each_due_delivery_becomes_one_order_with_its_lines_tax_and_fees);
	tcase_add_test(orders, the_retention_discount_is_taken_off_while_it_runs);
	tcase_add_test(orders, the_screens_and_previews_show_what_the_run_charges);
	tcase_add_test(orders, every_delivery_inside_the_window_is_made_and_skipped_ones_are_passed_over);
	tcase_add_test(orders, a_skip_ahead_is_passed_over_when_the_subscription_advances);
	tcase_add_test(orders, reservations_that_take_effect_are_applied_before_the_order);
	tcase_add_test(orders, a_paused_subscription_ships_only_once_its_pause_is_over);
	tcase_add_test(orders, a_delivery_is_bundled_with_the_customers_orders_within_the_window);
	tcase_add_test(orders, a_bundled_delivery_shares_one_parcels_fees);
	tcase_add_test(orders, inserts_are_chosen_by_the_rules);
	suite_add_tcase(s, orders);

	tcase_add_unchecked_fixture(once, setup_once, NULL);
	tcase_set_timeout(once, DBT_TIMEOUT);
	tcase_add_test(once, a_second_run_makes_nothing);
	tcase_add_test(once, a_run_stopped_halfway_and_run_again_makes_each_order_once);
	tcase_add_test(once, an_order_that_is_already_there_is_not_made_again);
	tcase_add_test(once, two_runs_at_once_make_each_order_once);
	tcase_add_test(once, workers_side_by_side_make_each_order_once);
	tcase_add_test(once, an_operator_cannot_run_it_and_nothing_is_written);
	tcase_add_test(once, a_barred_payment_is_not_shipped_and_says_why);
	tcase_add_test(once, bad_options_are_refused_before_anything_happens);
	tcase_add_test(once, however_the_run_is_cut_it_makes_the_same_orders_to_the_yen);
	tcase_add_test(once, the_text_guard_lets_timestamps_by_and_still_refuses_card_numbers);
	suite_add_tcase(s, once);

	tcase_add_test(load, the_seed_gives_the_share_of_active_subscriptions_asked_for);
	tcase_add_test(load, pages_are_smaller_when_connections_share_a_run);
	suite_add_tcase(s, load);
	return s;
}

int main(void)
{
	return dbt_run_suite(shipment_suite(), "shipment");
}
