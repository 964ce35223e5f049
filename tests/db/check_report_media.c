/* check_report_media.c: the media report (媒体分析) and the media costs
 * it divides (issue 13 §2), against a real database and a small crafted
 * data set whose figures are computed by hand below.
 *
 * Today is the database's business day T (rd.customer_today()); every
 * date is relative to it, so the suite does not depend on the day it
 * runs. The period is [T-400, T]. Two media codes:
 *   MDA  a cost of ¥100,000 in T's month (and ¥999,999 in T-500's month,
 *        outside the period)
 *   MDZ  a cost of ¥0 entered in T's month: "zero cost"
 * Products: TRIAL (no subscription price, upsell_sku REG: a trial set)
 * and REG (a regular product with a subscription price).
 *
 *   c1  T-200 MDA ¥10,000 (TRIAL) first order; T-170 no media ¥3,000
 *       (delivery 1 of subscription s1, started T-170, media MDA);
 *       T-120 MDA ¥4,000
 *   c2  T-150 MDA ¥7,000 CANCELLED (a cancelled first order); T-140 MDZ
 *       ¥2,000: its first order, so c2 is MDZ's customer
 *   c3  T-100 MDA ¥8,000 (TRIAL) first order; T-90 MDA ¥6,000 RETURNED;
 *       no subscription
 *   c4  T-60 MDA ¥4,000 (REG; delivery 1 of s2 started T-60 MDA);
 *       T-30 MDZ ¥3,000 (delivery 1 of s3 started T-30 MDZ): two
 *       subscriptions; its first order is too young for LTV 90
 *   c5  T-500 MDA ¥1,000 first order (before the period); T-50 MDA ¥9,000
 *
 * MDA: new customers c1 c3 c4 = 3; orders in the period carrying MDA and
 *   counted: c1 T-200, T-120; c3 T-100; c4 T-60; c5 T-50 = 5, sales
 *   10,000+4,000+8,000+4,000+9,000 = 35,000; cost 100,000; CPO
 *   100,000/3 = 33,333; new subscribers c1 (s1) c4 (s2) = 2, cost per
 *   subscriber 50,000; trial customers c1 c3 = 2, upgraded c1 = 1, 50.0%;
 *   LTV 30: c1 13,000, c3 8,000, c4 7,000 → 9,333; LTV 90: c1 17,000,
 *   c3 8,000 (c4 too young) → 12,500; LTV 180: c1 17,000; LTV 365: none.
 *   Elapsed: 0-30 28,000 (c1 13,000, c3 8,000, c4 7,000), 61-90 4,000.
 * MDZ: new customers c2 = 1; orders c2 T-140, c4 T-30 = 2, sales 5,000;
 *   cost 0: CPO and cost per subscriber NULL; new subscribers 0 (s3 is
 *   c4's second subscription); no trial: rate NULL; LTV 30 and 90 2,000,
 *   LTV 180 NULL (140 days). Elapsed: 0-30 2,000.
 *
 * The figures come from rd_sum.media_customers (0116), kept by triggers;
 * the last test proves it equals a recomputation after every kind of
 * change that can move it.
 *
 * Its own runner: tests/db/run-check-report-media.sh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/media_cost.h"
#include "repeatdesk/report.h"

static char supervisor_login[DBT_LOGIN_MAX];
static char agent_login[DBT_LOGIN_MAX];
static char operator_login[DBT_LOGIN_MAX];
static int32_t today;

static const char fixture[] =
	"DO $$\n"
	"DECLARE\n"
	"  t date := rd.customer_today();\n"
	"  c1 bigint; c2 bigint; c3 bigint; c4 bigint; c5 bigint;\n"
	"  s1 bigint; s2 bigint; s3 bigint; o bigint;\n"
	"BEGIN\n"
	"  INSERT INTO rd.media (code, name, channel) VALUES\n"
	"    ('MDA', '新聞A', 'newspaper'), ('MDZ', 'Web Z', 'web');\n"
	"  INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price) VALUES\n"
	"    ('REG', '青汁 30包', 3980, 8, 3280);\n"
	"  INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price, upsell_sku) VALUES\n"
	"    ('TRIAL', '青汁お試し 7包', 980, 8, NULL, 'REG');\n"
	"  INSERT INTO rd.customers (name) VALUES ('媒体 一') RETURNING id INTO c1;\n"
	"  INSERT INTO rd.customers (name) VALUES ('媒体 二') RETURNING id INTO c2;\n"
	"  INSERT INTO rd.customers (name) VALUES ('媒体 三') RETURNING id INTO c3;\n"
	"  INSERT INTO rd.customers (name) VALUES ('媒体 四') RETURNING id INTO c4;\n"
	"  INSERT INTO rd.customers (name) VALUES ('媒体 五') RETURNING id INTO c5;\n"
	/* c1 */
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code)\n"
	"    VALUES (c1, t - 200, 'cod', 10000, 'MDA') RETURNING id INTO o;\n"
	"  INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)\n"
	"    VALUES (o, 'TRIAL', '青汁お試し 7包', 1, 980, 8);\n"
	"  INSERT INTO rd.subscriptions (customer_id, cycle, payment, media_code, started_on, delivery_count)\n"
	"    VALUES (c1, '1m:15', 'cod', 'MDA', t - 170, 1) RETURNING id INTO s1;\n"
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, subscription_id, delivery_no)\n"
	"    VALUES (c1, t - 170, 'cod', 3000, s1, 1);\n"
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code)\n"
	"    VALUES (c1, t - 120, 'cod', 4000, 'MDA');\n"
	/* c2 */
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code, status)\n"
	"    VALUES (c2, t - 150, 'cod', 7000, 'MDA', 'cancelled');\n"
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code)\n"
	"    VALUES (c2, t - 140, 'cod', 2000, 'MDZ');\n"
	/* c3 */
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code)\n"
	"    VALUES (c3, t - 100, 'cod', 8000, 'MDA') RETURNING id INTO o;\n"
	"  INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)\n"
	"    VALUES (o, 'TRIAL', '青汁お試し 7包', 1, 980, 8);\n"
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code, status)\n"
	"    VALUES (c3, t - 90, 'cod', 6000, 'MDA', 'returned');\n"
	/* c4 */
	"  INSERT INTO rd.subscriptions (customer_id, cycle, payment, media_code, started_on, delivery_count)\n"
	"    VALUES (c4, '1m:15', 'cod', 'MDA', t - 60, 1) RETURNING id INTO s2;\n"
	"  INSERT INTO rd.subscriptions (customer_id, cycle, payment, media_code, started_on, delivery_count)\n"
	"    VALUES (c4, '1m:15', 'cod', 'MDZ', t - 30, 1) RETURNING id INTO s3;\n"
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code, subscription_id, delivery_no)\n"
	"    VALUES (c4, t - 60, 'cod', 4000, 'MDA', s2, 1) RETURNING id INTO o;\n"
	"  INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)\n"
	"    VALUES (o, 'REG', '青汁 30包', 1, 3280, 8);\n"
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code, subscription_id, delivery_no)\n"
	"    VALUES (c4, t - 30, 'cod', 3000, 'MDZ', s3, 1);\n"
	/* c5 */
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code)\n"
	"    VALUES (c5, t - 500, 'cod', 1000, 'MDA');\n"
	"  INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code)\n"
	"    VALUES (c5, t - 50, 'cod', 9000, 'MDA');\n"
	"END\n"
	"$$;\n";

static struct rd_db *store_as(const char *login)
{
	return dbt_store_as(login, NULL);
}

static void setup_once(void)
{
	static bool done;
	PGconn *admin;
	struct rd_db *sup;
	struct rd_error err;
	char *t;

	if (done)
		return;
	done = true;
	admin = dbt_admin();
	dbt_agent_new(admin, "supervisor", "mdsup", supervisor_login);
	dbt_agent_new(admin, "agent", "mdagt", agent_login);
	dbt_agent_new(admin, "operator", "mdopr", operator_login);
	dbt_exec_script(admin, fixture);
	t = dbt_value(admin, "SELECT rd.customer_today()::text", 0);
	ck_assert_int_eq(date_parse_iso(t, &today, &err), RD_OK);
	free(t);
	PQfinish(admin);

	sup = store_as(supervisor_login);
	ck_assert_int_eq(media_cost_set(sup, "MDA", today, 100000, 0, "朝刊 全国版",
					"月額の請求書", NULL, NULL, &err), RD_OK);
	ck_assert_int_eq(media_cost_set(sup, "MDA", today - 500, 999999, 0, NULL,
					"古い月", NULL, NULL, &err), RD_OK);
	ck_assert_int_eq(media_cost_set(sup, "MDZ", today, 0, 0, NULL,
					"無料掲載", NULL, NULL, &err), RD_OK);
	db_free(&sup);
}

/* Runs view of the media report for [T-400, T] and media (NULL: all). */
static enum rd_status run(struct rd_db *db, const char *view, const char *media,
			  struct report_result *res, struct rd_error *err)
{
	struct report_params p;

	report_params_init(&p, REPORT_MEDIA, today);
	p.from = today - 400;
	p.to = today;
	snprintf(p.view, sizeof(p.view), "%s", view);
	snprintf(p.media, sizeof(p.media), "%s", media ? media : "");
	return report_run(db, &p, NULL, res, err);
}

static int col(const struct table *t, const char *name)
{
	for (int c = 0; c < table_cols(t); c++)
		if (strcmp(table_col_name(t, c), name) == 0)
			return c;
	ck_abort_msg("no column %s", name);
	return -1;
}

static int row_of(const struct table *t, const char *code)
{
	for (int r = 0; r < table_rows(t); r++) {
		const char *v = table_cell(t, r, 0);

		if (v && strcmp(v, code) == 0)
			return r;
	}
	ck_abort_msg("no row for media code %s", code);
	return -1;
}

/* The cell of code's row in column name: "NULL" for NULL. */
static const char *cell(const struct table *t, const char *code, const char *name)
{
	const char *v = table_cell(t, row_of(t, code), col(t, name));

	return v ? v : "NULL";
}

#define EXPECT(t, code, name, want) \
	ck_assert_msg(strcmp(cell((t), (code), (name)), (want)) == 0, \
		      "%s %s: %s, expected %s", (code), (name), cell((t), (code), (name)), (want))

START_TEST(summary_figures_match_the_hand_computed_ones)
{
	struct rd_db *db = store_as(supervisor_login);
	struct report_result res;
	struct rd_error err;
	const struct table *t;

	ck_assert_msg(run(db, "summary", NULL, &res, &err) == RD_OK, "%s", err.msg);
	t = res.table;
	EXPECT(t, "MDA", "media_name", "新聞A");
	EXPECT(t, "MDA", "new_customers", "3");
	EXPECT(t, "MDA", "orders", "5");
	EXPECT(t, "MDA", "sales", "35000");
	EXPECT(t, "MDA", "cost", "100000");
	EXPECT(t, "MDA", "cpo", "33333");
	EXPECT(t, "MDA", "new_subscribers", "2");
	EXPECT(t, "MDA", "cost_per_subscriber", "50000");
	EXPECT(t, "MDA", "trial_customers", "2");
	EXPECT(t, "MDA", "upgraded", "1");
	EXPECT(t, "MDA", "upgrade_rate", "50.0");
	EXPECT(t, "MDA", "ltv_30", "9333");
	EXPECT(t, "MDA", "ltv_90", "12500");
	EXPECT(t, "MDA", "ltv_180", "17000");
	EXPECT(t, "MDA", "ltv_365", "NULL");

	EXPECT(t, "MDZ", "new_customers", "1");
	EXPECT(t, "MDZ", "orders", "2");
	EXPECT(t, "MDZ", "sales", "5000");
	EXPECT(t, "MDZ", "cost", "0");
	EXPECT(t, "MDZ", "new_subscribers", "0");
	EXPECT(t, "MDZ", "trial_customers", "0");
	EXPECT(t, "MDZ", "ltv_30", "2000");
	EXPECT(t, "MDZ", "ltv_90", "2000");
	EXPECT(t, "MDZ", "ltv_180", "NULL");
	report_result_free(&res);
	db_free(&db);
}
END_TEST

START_TEST(a_media_code_with_zero_cost_has_no_cpo_shown_as_a_dash)
{
	struct rd_db *db = store_as(supervisor_login);
	struct report_result res;
	struct rd_error err;
	char buf[TABLE_SHOWN_SIZE];
	int r;

	ck_assert_msg(run(db, "summary", "MDZ", &res, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(table_rows(res.table), 1);
	r = row_of(res.table, "MDZ");
	EXPECT(res.table, "MDZ", "cpo", "NULL");
	EXPECT(res.table, "MDZ", "cost_per_subscriber", "NULL");
	EXPECT(res.table, "MDZ", "upgrade_rate", "NULL");
	ck_assert_str_eq(table_cell_shown(res.table, r, col(res.table, "cpo"), buf), "\xe2\x80\x94");
	ck_assert_str_eq(table_cell_shown(res.table, r, col(res.table, "cost"), buf), "¥0");
	/* the chart's bar for it is empty and says — */
	ck_assert_int_eq(table_rows(res.chart), 1);
	ck_assert_str_eq(table_cell(res.chart, 0, 1), "0");
	ck_assert_str_eq(table_cell(res.chart, 0, 2), "\xe2\x80\x94");
	report_result_free(&res);
	db_free(&db);
}
END_TEST

START_TEST(a_cancelled_first_order_hands_the_customer_to_the_next_order_s_media)
{
	struct rd_db *db = store_as(supervisor_login);
	PGconn *admin = dbt_admin();
	struct report_result res;
	struct rd_error err;

	/* c2's cancelled T-150 order carried MDA: MDA still has 3 new customers
	 * (summary test) and MDZ has c2; cancel c5's T-50 order and MDA loses
	 * an order and its sales, not a customer */
	ck_assert_msg(run(db, "summary", "MDA", &res, &err) == RD_OK, "%s", err.msg);
	EXPECT(res.table, "MDA", "new_customers", "3");
	report_result_free(&res);

	/* cancelling c3's first order (T-100, a trial) makes its returned
	 * T-90 order no first order either: c3 has none, so MDA has 2 new
	 * customers, 1 trial customer out of whom 1 upgraded */
	dbt_exec(admin, "UPDATE rd.orders SET status = 'cancelled'"
		 " WHERE order_date = rd.customer_today() - 100 AND media_code = 'MDA'", 0);
	ck_assert_msg(run(db, "summary", "MDA", &res, &err) == RD_OK, "%s", err.msg);
	EXPECT(res.table, "MDA", "new_customers", "2");
	EXPECT(res.table, "MDA", "trial_customers", "1");
	EXPECT(res.table, "MDA", "upgrade_rate", "100.0");
	EXPECT(res.table, "MDA", "cpo", "50000");
	report_result_free(&res);
	dbt_exec(admin, "UPDATE rd.orders SET status = 'received'"
		 " WHERE order_date = rd.customer_today() - 100 AND media_code = 'MDA'", 0);
	ck_assert_msg(run(db, "summary", "MDA", &res, &err) == RD_OK, "%s", err.msg);
	EXPECT(res.table, "MDA", "new_customers", "3");
	report_result_free(&res);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(elapsed_sales_fall_in_the_hand_computed_buckets)
{
	struct rd_db *db = store_as(supervisor_login);
	struct report_result res;
	struct rd_error err;
	const struct table *t;

	ck_assert_msg(run(db, "elapsed", NULL, &res, &err) == RD_OK, "%s", err.msg);
	t = res.table;
	EXPECT(t, "MDA", "customers", "3");
	EXPECT(t, "MDA", "d0_30", "28000");
	EXPECT(t, "MDA", "d31_60", "0");
	EXPECT(t, "MDA", "d61_90", "4000");
	EXPECT(t, "MDA", "d91_180", "0");
	EXPECT(t, "MDA", "d366_plus", "0");
	EXPECT(t, "MDA", "total", "32000");
	EXPECT(t, "MDZ", "customers", "1");
	EXPECT(t, "MDZ", "d0_30", "2000");
	EXPECT(t, "MDZ", "total", "2000");
	/* the chart: six buckets, all media together */
	ck_assert_int_eq(table_rows(res.chart), 6);
	ck_assert_str_eq(table_cell(res.chart, 0, 1), "30000");
	ck_assert_str_eq(table_cell(res.chart, 2, 1), "4000");
	report_result_free(&res);
	db_free(&db);
}
END_TEST

START_TEST(the_operator_and_the_agent_are_refused_the_report_and_the_costs)
{
	const char *logins[] = { operator_login, agent_login };

	for (int i = 0; i < 2; i++) {
		struct rd_db *db = store_as(logins[i]);
		PGconn *c = dbt_login(logins[i]);
		struct report_result res;
		struct media_cost *k = NULL;
		struct rd_error err;
		int n;

		ck_assert_int_eq(run(db, "summary", NULL, &res, &err), RD_PERMISSION);
		ck_assert_int_eq(run(db, "elapsed", NULL, &res, &err), RD_PERMISSION);
		ck_assert_int_eq(media_cost_set(db, "MDA", today, 1, 1, NULL, "試す", NULL,
						NULL, &err), RD_PERMISSION);
		ck_assert_int_eq(media_cost_list(db, NULL, today, today, true, &k, &n, &err),
				 RD_PERMISSION);
		/* psql: the database itself refuses */
		ck_assert_str_eq(dbt_state(c, "SELECT * FROM rd.report_media_summary(current_date - 30, current_date, NULL)", 0), "42501");
		ck_assert_str_eq(dbt_state(c, "SELECT * FROM rd.media_cost_set('MDA', date_trunc('month', current_date)::date, 1, 1)", 0), "42501");
		ck_assert_str_eq(dbt_state(c, "UPDATE rd.media_costs SET amount = 1", 0), "42501");
		ck_assert_str_eq(dbt_state(c, "INSERT INTO rd.media_costs (media_code, month, amount) VALUES ('MDA', DATE '2020-01-01', 1)", 0), "42501");
		PQfinish(c);
		db_free(&db);
	}
}
END_TEST

START_TEST(a_cost_write_names_the_version_read_and_keeps_reason_and_request_id)
{
	struct rd_db *db = store_as(supervisor_login);
	PGconn *sup = dbt_login(supervisor_login);
	struct media_cost *k = NULL;
	struct rd_error err;
	int n = 0, v = 0, v2 = 0;
	const char *rid = "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b";

	ck_assert_int_eq(media_cost_set(db, "MDZ", today - 40 * 30, 5000, 0, "春の枠",
					"請求書 No.1", rid, &v, &err), RD_OK);
	ck_assert_int_eq(v, 1);
	/* someone else read version 1 too and saved first */
	ck_assert_int_eq(media_cost_set(db, "MDZ", today - 40 * 30, 6000, 1, NULL,
					"訂正", NULL, &v2, &err), RD_OK);
	ck_assert_int_eq(v2, 2);
	ck_assert_int_eq(media_cost_set(db, "MDZ", today - 40 * 30, 7000, 1, NULL,
					"古い画面から", NULL, NULL, &err), RD_CONFLICT);
	/* "none entered" is stale once one is */
	ck_assert_int_eq(media_cost_set(db, "MDZ", today - 40 * 30, 7000, 0, NULL,
					"古い画面から", NULL, NULL, &err), RD_CONFLICT);
	ck_assert_int_eq(media_cost_list(db, "MDZ", today - 40 * 30, today - 40 * 30, false,
					 &k, &n, &err), RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(k[0].amount, 6000);
	ck_assert_int_eq(k[0].version, 2);
	ck_assert_str_eq(k[0].note, "春の枠");
	free(k);
	/* the history keeps both changes with their reasons */
	{
		struct media_cost_change *h = NULL;

		ck_assert_int_eq(media_cost_history(db, "MDZ", 10, &h, &n, &err), RD_OK);
		ck_assert_int_ge(n, 3);
		ck_assert_str_eq(h[0].reason, "訂正");
		ck_assert(h[0].had_old);
		ck_assert_int_eq(h[0].old_amount, 5000);
		ck_assert_int_eq(h[0].new_amount, 6000);
		ck_assert_str_eq(h[1].reason, "請求書 No.1");
		ck_assert_str_eq(h[1].request_id, rid);
		ck_assert(!h[1].had_old);
		free(h);
	}
	/* no reason, no write: in the store and in the database */
	ck_assert_int_eq(media_cost_set(db, "MDZ", today, 1, 1, NULL, "", NULL, NULL, &err),
			 RD_USAGE);
	ck_assert_str_eq(dbt_state(sup, "SELECT * FROM rd.media_cost_set('MDZ', date_trunc('month', current_date)::date, 1, 1)", 0), "22023");
	/* a month is its first day; an unknown code is not found */
	ck_assert_str_eq(dbt_state(sup, "SELECT set_config('repeatdesk.reason', 'x', false)", 0), "00000");
	ck_assert_str_eq(dbt_state(sup, "SELECT * FROM rd.media_cost_set('MDZ', DATE '2026-01-02', 1, 0)", 0), "22023");
	ck_assert_int_eq(media_cost_set(db, "NOPE", today, 1, 0, NULL, "試す", NULL, NULL, &err),
			 RD_NOT_FOUND);
	PQfinish(sup);
	db_free(&db);
}
END_TEST

START_TEST(the_cost_of_a_period_is_the_months_it_touches)
{
	struct rd_db *db = store_as(supervisor_login);
	struct report_params p;
	struct report_result res;
	struct rd_error err;
	int y, m, d;

	/* the first day of T's month to the first day: still all the month */
	date_to_ymd(today, &y, &m, &d);
	report_params_init(&p, REPORT_MEDIA, today);
	p.from = p.to = date_from_ymd(y, m, 1);
	snprintf(p.media, sizeof(p.media), "MDA");
	ck_assert_msg(report_run(db, &p, NULL, &res, &err) == RD_OK, "%s", err.msg);
	EXPECT(res.table, "MDA", "cost", "100000");
	report_result_free(&res);
	/* a view that does not exist, a filter it does not take */
	snprintf(p.view, sizeof(p.view), "nope");
	ck_assert_int_eq(report_run(db, &p, NULL, &res, &err), RD_USAGE);
	snprintf(p.view, sizeof(p.view), "elapsed");
	snprintf(p.product, sizeof(p.product), "REG");
	ck_assert_int_eq(report_run(db, &p, NULL, &res, &err), RD_USAGE);
	db_free(&db);
}
END_TEST

/* The rows rd_sum.media_customers holds that a recomputation does not
 * give, and the other way round: 0 when nothing drifted. */
static void expect_no_drift(PGconn *admin, const char *after)
{
	long long n = dbt_int(admin,
		"SELECT (SELECT count(*) FROM (SELECT * FROM rd_sum.media_customers"
		"        EXCEPT SELECT * FROM rd.media_customers_compute(NULL)) a)"
		"     + (SELECT count(*) FROM (SELECT * FROM rd.media_customers_compute(NULL)"
		"        EXCEPT SELECT * FROM rd_sum.media_customers) b)", 0);

	ck_assert_msg(n == 0, "after %s: %lld rows differ from a recomputation", after, n);
}

static const char *kept(PGconn *admin, const char *customer_id, const char *what)
{
	static char buf[128];
	char sql[256];
	char *v;

	snprintf(sql, sizeof(sql), "SELECT %s FROM rd_sum.media_customers WHERE customer_id = $1", what);
	v = dbt_value(admin, sql, 1, customer_id);
	snprintf(buf, sizeof(buf), "%s", v ? v : "NULL");
	free(v);
	return buf;
}

START_TEST(the_kept_first_orders_never_drift_from_a_recomputation)
{
	PGconn *admin = dbt_admin();
	PGconn *op = dbt_login(operator_login);
	char *c, *o1, *o2, *s;

	expect_no_drift(admin, "the fixture");
	/* an operator takes a first order: the order, then its lines */
	c = dbt_value(op, "INSERT INTO rd.customers (name) VALUES ('漂流 試験') RETURNING id", 0);
	o1 = dbt_value(op, "INSERT INTO rd.orders (customer_id, order_date, payment, total, shipping_fee, media_code)"
		       " VALUES ($1, rd.customer_today() - 100, 'cod', 1000, 1000, 'MDZ') RETURNING id", 1, c);
	ck_assert_str_eq(kept(admin, c, "media_code || ' ' || trial || ' ' || b0_30"), "MDZ false 1000");
	dbt_exec(admin, "INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		 " VALUES ($1, 'TRIAL', '青汁お試し 7包', 1, 980, 8)", 1, o1);
	ck_assert_str_eq(kept(admin, c, "trial::text"), "true");
	expect_no_drift(admin, "an order and its trial line");
	/* a second order 40 days later, then its media code and date change */
	o2 = dbt_value(admin, "INSERT INTO rd.orders (customer_id, order_date, payment, total, media_code)"
		       " VALUES ($1, rd.customer_today() - 60, 'cod', 2000, 'MDA') RETURNING id", 1, c);
	ck_assert_str_eq(kept(admin, c, "b0_30 || ' ' || b31_60"), "1000 2000");
	dbt_exec(admin, "UPDATE rd.orders SET order_date = order_date + 25 WHERE id = $1", 1, o2);
	ck_assert_str_eq(kept(admin, c, "b31_60 || ' ' || b61_90"), "0 2000");
	dbt_exec(admin, "UPDATE rd.orders SET media_code = 'MDA' WHERE id = $1", 1, o1);
	ck_assert_str_eq(kept(admin, c, "media_code"), "MDA");
	expect_no_drift(admin, "a date and a media code changed");
	/* a subscription after the trial: upgraded; cancelled with no order:
	 * not any more */
	s = dbt_value(admin, "INSERT INTO rd.subscriptions (customer_id, cycle, payment, started_on)"
		      " VALUES ($1, '1m:15', 'cod', rd.customer_today() - 50) RETURNING id", 1, c);
	ck_assert_str_eq(kept(admin, c, "upgraded::text"), "true");
	dbt_exec(admin, "UPDATE rd.subscriptions SET status = 'cancelled', cancelled_on = rd.customer_today()"
		 " WHERE id = $1", 1, s);
	ck_assert_str_eq(kept(admin, c, "upgraded::text"), "false");
	expect_no_drift(admin, "a subscription started and cancelled");
	/* the first order cancelled: the second is the first now */
	dbt_exec(admin, "UPDATE rd.orders SET status = 'cancelled' WHERE id = $1", 1, o1);
	ck_assert_str_eq(kept(admin, c, "first_order_id::text"), o2);
	ck_assert_str_eq(kept(admin, c, "trial || ' ' || b0_30"), "false 2000");
	expect_no_drift(admin, "a cancelled first order");
	/* returned: no counted order is left, no row either */
	dbt_exec(admin, "UPDATE rd.orders SET status = 'returned' WHERE id = $1", 1, o2);
	ck_assert_str_eq(kept(admin, c, "count(*)::text"), "0");
	expect_no_drift(admin, "the last counted order returned");
	/* a line removed from another customer's first order, and back */
	dbt_exec(admin, "DELETE FROM rd.order_lines WHERE sku = 'TRIAL' AND order_id ="
		 " (SELECT id FROM rd.orders WHERE order_date = rd.customer_today() - 200)", 0);
	expect_no_drift(admin, "a trial line deleted");
	dbt_exec(admin, "INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		 " SELECT id, 'TRIAL', '青汁お試し 7包', 1, 980, 8 FROM rd.orders"
		 "  WHERE order_date = rd.customer_today() - 200", 0);
	/* what a trial is changes: every first order that holds it */
	dbt_exec(admin, "UPDATE rd.products SET subscription_price = 900 WHERE sku = 'TRIAL'", 0);
	expect_no_drift(admin, "the trial product made subscribable");
	dbt_exec(admin, "UPDATE rd.products SET subscription_price = NULL WHERE sku = 'TRIAL'", 0);
	expect_no_drift(admin, "the trial product back");
	/* an order deleted by the owner */
	dbt_exec(admin, "DELETE FROM rd.orders WHERE id = $1", 1, o2);
	expect_no_drift(admin, "an order deleted");
	/* and the table rebuilt from nothing is the same */
	dbt_exec(admin, "SELECT rd.media_customers_rebuild()", 0);
	expect_no_drift(admin, "a rebuild");
	free(c);
	free(o1);
	free(o2);
	free(s);
	PQfinish(op);
	PQfinish(admin);
}
END_TEST

static Suite *report_media_suite(void)
{
	Suite *s = suite_create("report_media");
	TCase *tc = tcase_create("report_media");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_checked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, summary_figures_match_the_hand_computed_ones);
	tcase_add_test(tc, a_media_code_with_zero_cost_has_no_cpo_shown_as_a_dash);
	tcase_add_test(tc, a_cancelled_first_order_hands_the_customer_to_the_next_order_s_media);
	tcase_add_test(tc, elapsed_sales_fall_in_the_hand_computed_buckets);
	tcase_add_test(tc, the_operator_and_the_agent_are_refused_the_report_and_the_costs);
	tcase_add_test(tc, a_cost_write_names_the_version_read_and_keeps_reason_and_request_id);
	tcase_add_test(tc, the_cost_of_a_period_is_the_months_it_touches);
	/* last: it changes the fixture's trial line and product (and puts
	 * them back) */
	tcase_add_test(tc, the_kept_first_orders_never_drift_from_a_recomputation);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dbt_run_suite(report_media_suite(), "check_report_media");
}
