/* check_report_continuation.c: the continuation report (issue 13 section
 * 1; store/report_continuation.c, migration 0110) against a real
 * database, every figure compared with one worked out by hand on a small
 * crafted set of subscriptions.
 *
 * The set (dates relative to the database's today: M0 is the first day
 * of the month four months back; the period is M0 .. the last day of
 * M0 + 2 months, three start months A, B, C; B has no subscriber):
 *
 *   sub  start   cust status    count  lines          media  payment  reason / orders           reached
 *   S1   A+2     c1   active       5   AOJIRU         A      cod      5 delivered                  5
 *   S2   A+3     c2   cancelled    3   AOJIRU         A      cod      価格の負担                   3
 *   S3   A+4     c3   active       4   AOJIRU         A      cod      paused and came back         4
 *   S4   A+5     c4   paused       2   SERUM          B      cod      paused now                   2
 *   S5   A+6     c5   cancelled    1   SERUM          B      bank     first order cancelled with
 *                                                                     the subscription             0
 *   S6   A+20    c1   cancelled    1   SERUM          B      bank     商品が余っている (c1's 2nd)  1
 *   S7   A+8     c6   cancelled    2   AOJIRU         A      cod      2nd order returned           2
 *   S8   A       c7   cancelled   13   AOJIRU,SERUM   -      cod      no reason written           13
 *   S9   A+27    c8   cancelled    5   SERUM          B      card     価格の負担                   5
 *   S10  C+10    c9   active       2   AOJIRU         A      deferred too young for delivery 3   2
 *   S11  C end   c10  active       1   SERUM          B      cod      first order cancelled and
 *                                                                     kept: the next is delivery 1 1
 *   outside the period: a cancelled one started the day before A, an
 *   active one the day after the period.
 *
 * The share at delivery n is the product over k = 1..n of step k: those
 * that reached k / those whose k was decided (reached k, or cancelled
 * having reached k - 1); still-running subscriptions that have not
 * reached k are in neither (censored). Each expectation below gives the
 * steps it multiplies.
 * Own runner: tests/db/run-check-report-continuation.sh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/report.h"
#include "repeatdesk/subrule.h"

static char super_login[DBT_LOGIN_MAX];
static char operator_login[DBT_LOGIN_MAX];
static char agent_login[DBT_LOGIN_MAX];
static int32_t period_from, period_to;
static char month_a[8], month_b[8], month_c[8];

static const char fixture[] =
	"CREATE FUNCTION pg_temp.rc_sub(p_customer bigint, p_started date, p_status text,"
	"  p_count int, p_skus text[], p_media text, p_payment text, p_reason text,"
	"  p_orders text[]) RETURNS bigint LANGUAGE plpgsql AS $f$"
	" DECLARE s bigint;"
	" BEGIN"
	"  INSERT INTO rd.subscriptions (customer_id, status, cycle, payment, card_token,"
	"    card_last4, delivery_count, started_on, cancelled_on, cancel_reason,"
	"    paused_until, media_code, next_date)"
	"  VALUES (p_customer, p_status, '2w', p_payment,"
	"    CASE WHEN p_payment = 'card' THEN 'tok_rc' END,"
	"    CASE WHEN p_payment = 'card' THEN '4242' END, p_count, p_started,"
	"    CASE WHEN p_status = 'cancelled' THEN p_started + 14 * p_count END, p_reason,"
	"    CASE WHEN p_status = 'paused' THEN rd.customer_today() + 30 END, p_media,"
	"    CASE WHEN p_status <> 'cancelled' THEN rd.customer_today() + 10 END)"
	"  RETURNING id INTO s;"
	"  FOR i IN 1 .. coalesce(array_length(p_skus, 1), 0) LOOP"
	"   INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
	"   VALUES (s, p_skus[i], 1, 3000);"
	"  END LOOP;"
	"  FOR i IN 1 .. coalesce(array_length(p_orders, 1), 0) LOOP"
	"   INSERT INTO rd.orders (customer_id, status, order_date, payment, card_token,"
	"     card_last4, media_code, subscription_id, delivery_no)"
	"   VALUES (p_customer, p_orders[i], p_started + 14 * (i - 1), p_payment,"
	"     CASE WHEN p_payment = 'card' THEN 'tok_rc' END,"
	"     CASE WHEN p_payment = 'card' THEN '4242' END, p_media, s, i);"
	"  END LOOP;"
	"  RETURN s;"
	" END $f$;"
	"CREATE FUNCTION pg_temp.rc_cust() RETURNS bigint LANGUAGE sql AS $f$"
	"  INSERT INTO rd.customers (name, name_kana, phone1)"
	"  VALUES ('継続 花子', 'ケイゾク ハナコ', '0312345678') RETURNING id $f$;"
	"INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price) VALUES"
	"  ('RC-AOJIRU', '継続青汁', 3980, 8, 3480), ('RC-SERUM', '継続美容液', 4980, 10, 4000);"
	"INSERT INTO rd.media (code, name, channel) VALUES"
	"  ('RCM-A', '継続テレビ', 'tv'), ('RCM-B', '継続新聞', 'paper');"
	"DO $d$"
	" DECLARE"
	"  a date := (date_trunc('month', rd.customer_today()) - interval '4 months')::date;"
	"  c date := (date_trunc('month', rd.customer_today()) - interval '2 months')::date;"
	"  e date := (date_trunc('month', rd.customer_today()) - interval '1 month')::date - 1;"
	"  d text[] := ARRAY['delivered'];"
	"  c1 bigint := pg_temp.rc_cust(); c2 bigint := pg_temp.rc_cust();"
	"  c3 bigint := pg_temp.rc_cust(); c4 bigint := pg_temp.rc_cust();"
	"  c5 bigint := pg_temp.rc_cust(); c6 bigint := pg_temp.rc_cust();"
	"  c7 bigint := pg_temp.rc_cust(); c8 bigint := pg_temp.rc_cust();"
	"  c9 bigint := pg_temp.rc_cust(); c10 bigint := pg_temp.rc_cust();"
	"  s bigint;"
	" BEGIN"
	/* S1 */
	"  PERFORM pg_temp.rc_sub(c1, a + 2, 'active', 5, '{RC-AOJIRU}', 'RCM-A', 'cod', NULL,"
	"    array_fill('delivered'::text, ARRAY[5]));"
	/* S2 */
	"  PERFORM pg_temp.rc_sub(c2, a + 3, 'cancelled', 3, '{RC-AOJIRU}', 'RCM-A', 'cod',"
	"    '価格の負担', array_fill('delivered'::text, ARRAY[3]));"
	/* S3: paused after delivery 2 and came back for 3 and 4 */
	"  s := pg_temp.rc_sub(c3, a + 4, 'active', 4, '{RC-AOJIRU}', 'RCM-A', 'cod', NULL,"
	"    array_fill('delivered'::text, ARRAY[4]));"
	"  UPDATE rd.subscriptions SET last_change = 'resumed' WHERE id = s;"
	/* S4: paused now */
	"  PERFORM pg_temp.rc_sub(c4, a + 5, 'paused', 2, '{RC-SERUM}', 'RCM-B', 'cod', NULL,"
	"    array_fill('delivered'::text, ARRAY[2]));"
	/* S5: its first order cancelled, and the subscription with it (0060) */
	"  PERFORM pg_temp.rc_sub(c5, a + 6, 'cancelled', 1, '{RC-SERUM}', 'RCM-B', 'bank',"
	"    'お試しだけのつもりだった', ARRAY['cancelled']);"
	/* S6: c1's second subscription */
	"  PERFORM pg_temp.rc_sub(c1, a + 20, 'cancelled', 1, '{RC-SERUM}', 'RCM-B', 'bank',"
	"    '商品が余っている', d);"
	/* S7: its second order came back */
	"  PERFORM pg_temp.rc_sub(c6, a + 8, 'cancelled', 2, '{RC-AOJIRU}', 'RCM-A', 'cod',"
	"    ' 効果を感じられない ', ARRAY['delivered', 'returned']);"
	/* S8: started on the period's first day, no media code, no reason */
	"  PERFORM pg_temp.rc_sub(c7, a, 'cancelled', 13, '{RC-AOJIRU,RC-SERUM}', NULL, 'cod',"
	"    '  ', array_fill('delivered'::text, ARRAY[13]));"
	/* S9 */
	"  PERFORM pg_temp.rc_sub(c8, a + 27, 'cancelled', 5, '{RC-SERUM}', 'RCM-B', 'card',"
	"    '価格の負担', array_fill('delivered'::text, ARRAY[5]));"
	/* S10: too young for delivery 3 */
	"  PERFORM pg_temp.rc_sub(c9, c + 10, 'active', 2, '{RC-AOJIRU}', 'RCM-A', 'deferred',"
	"    NULL, array_fill('delivered'::text, ARRAY[2]));"
	/* S11: started on the period's last day; its first order was
	 * cancelled and the subscription kept: that order gave up its
	 * number, the next became delivery 1 */
	"  s := pg_temp.rc_sub(c10, e, 'active', 1, '{RC-SERUM}', 'RCM-B', 'cod', NULL, d);"
	"  INSERT INTO rd.orders (customer_id, status, order_date, payment, subscription_id)"
	"  VALUES (c10, 'cancelled', e, 'cod', s);"
	/* outside the period */
	"  PERFORM pg_temp.rc_sub(c2, a - 1, 'cancelled', 2, '{RC-AOJIRU}', 'RCM-A', 'cod',"
	"    '転居のため', array_fill('delivered'::text, ARRAY[2]));"
	"  PERFORM pg_temp.rc_sub(c3, e + 1, 'active', 1, '{RC-AOJIRU}', 'RCM-A', 'cod', NULL, d);"
	" END $d$;";

static int32_t day_of(PGconn *admin, const char *sql)
{
	char *v = dbt_value(admin, sql, 0);
	int32_t day = 0;
	struct rd_error err;

	ck_assert_int_eq(date_parse_iso(v, &day, &err), RD_OK);
	free(v);
	return day;
}

static void month_of(PGconn *admin, const char *sql, char out[8])
{
	char *v = dbt_value(admin, sql, 0);

	snprintf(out, 8, "%s", v);
	free(v);
}

static void setup_once(void)
{
	static bool done;
	PGconn *admin;

	if (done)
		return;
	done = true;
	admin = dbt_admin();
	dbt_exec_script(admin, fixture);
	period_from = day_of(admin,
		"SELECT (date_trunc('month', rd.customer_today()) - interval '4 months')::date::text");
	period_to = day_of(admin,
		"SELECT ((date_trunc('month', rd.customer_today()) - interval '1 month')::date - 1)::text");
	month_of(admin, "SELECT to_char(rd.customer_today() - interval '4 months', 'YYYY-MM')", month_a);
	month_of(admin, "SELECT to_char(rd.customer_today() - interval '3 months', 'YYYY-MM')", month_b);
	month_of(admin, "SELECT to_char(rd.customer_today() - interval '2 months', 'YYYY-MM')", month_c);
	dbt_agent_new(admin, "supervisor", "rcs", super_login);
	dbt_agent_new(admin, "operator", "rco", operator_login);
	dbt_agent_new(admin, "agent", "rca", agent_login);
	PQfinish(admin);
}

/* Runs the report as login with params made by the caller. */
static enum rd_status run_as(const char *login, const struct report_params *p,
			     struct report_result *out, struct rd_error *err)
{
	struct rd_db *db = dbt_store_as(login, NULL);
	enum rd_status st = report_run(db, p, NULL, out, err);

	db_free(&db);
	return st;
}

static void params(struct report_params *p, const char *view)
{
	report_params_init(p, REPORT_CONTINUATION, period_to);
	p->from = period_from;
	p->to = period_to;
	snprintf(p->view, sizeof(p->view), "%s", view);
}

static void run_ok(const struct report_params *p, struct report_result *out)
{
	struct rd_error err;
	enum rd_status st = run_as(super_login, p, out, &err);

	ck_assert_msg(st == RD_OK, "report_run: %d %s", st, err.msg);
}

static int col_of(const struct table *t, const char *name)
{
	for (int c = 0; c < table_cols(t); c++)
		if (strcmp(table_col_name(t, c), name) == 0)
			return c;
	ck_abort_msg("no column %s", name);
	return -1;
}

static const char *cell(const struct table *t, int row, const char *name)
{
	return table_cell(t, row, col_of(t, name));
}

/* Asserts row's d1..d12: want is 12 values separated by spaces, "-" for
 * NULL. */
static void expect_shares(const struct table *t, int row, const char *want)
{
	char *copy = strdup(want), *save = NULL, *w = strtok_r(copy, " ", &save);

	for (int n = 1; n <= 12; n++, w = strtok_r(NULL, " ", &save)) {
		char name[8];
		const char *got;

		ck_assert_ptr_nonnull(w);
		snprintf(name, sizeof(name), "d%d", n);
		got = cell(t, row, name);
		if (strcmp(w, "-") == 0)
			ck_assert_msg(got == NULL, "row %d d%d: %s, want NULL", row, n, got);
		else
			ck_assert_msg(got && strcmp(got, w) == 0, "row %d d%d: %s, want %s",
				      row, n, got ? got : "NULL", w);
	}
	free(copy);
}

static void expect_row(const struct table *t, int row, const char *key_col,
		       const char *key, const char *started, const char *shares)
{
	const char *k = cell(t, row, key_col);

	if (key)
		ck_assert_msg(k && strcmp(k, key) == 0, "row %d: %s, want %s", row, k, key);
	else
		ck_assert_msg(k == NULL, "row %d: %s, want NULL", row, k);
	ck_assert_str_eq(cell(t, row, "started"), started);
	expect_shares(t, row, shares);
}

START_TEST(by_month_every_figure_as_worked_out_by_hand)
{
	struct report_params p;
	struct report_result r;

	params(&p, "");
	run_ok(&p, &r);
	ck_assert_int_eq(table_rows(r.table), 3);
	/* A: S1-S9. step 1 8/9 (S5's first order never came); 2: 7/8 (S6
	 * left after 1); 3: 5/6 (S7 left after 2; S4, paused at 2, out);
	 * 4: 4/5 (S2 left after 3); 5: 3/3 (S3 at 4 out); 6: 1/2 (S9 left
	 * after 5, S1 at 5 out); 7-12: 1/1 (S8).
	 * 8/9 = 88.9, 7/9 = 77.8, 35/54 = 64.8, 28/54 = 51.9, 51.9,
	 * 14/54 = 25.9 ... */
	expect_row(r.table, 0, "month", month_a, "9",
		   "88.9 77.8 64.8 51.9 51.9 25.9 25.9 25.9 25.9 25.9 25.9 25.9");
	/* B: nobody started */
	expect_row(r.table, 1, "month", month_b, "0", "- - - - - - - - - - - -");
	/* C: S10 (2 reached), S11 (1): steps 2/2, 1/1 (S11 out), then 0/0:
	 * nobody's delivery 3 is decided yet */
	expect_row(r.table, 2, "month", month_c, "2", "100.0 100.0 - - - - - - - - - -");

	/* the chart: the steps of every group added up: 10/11, 8/9, 5/6,
	 * 4/5, 3/3, 1/2, 1/1 ... */
	ck_assert_ptr_nonnull(r.chart);
	ck_assert(r.chart_percent);
	ck_assert_int_eq(table_rows(r.chart), 12);
	{
		static const char *const want[12] = {
			"90.9", "80.8", "67.3", "53.9", "53.9", "26.9",
			"26.9", "26.9", "26.9", "26.9", "26.9", "26.9" };
		for (int n = 0; n < 12; n++) {
			char shown[16], label[16];

			snprintf(shown, sizeof(shown), "%s%%", want[n]);
			snprintf(label, sizeof(label), "delivery %d", n + 1);
			ck_assert_str_eq(table_cell(r.chart, n, 0), label);
			ck_assert_str_eq(table_cell(r.chart, n, 1), want[n]);
			ck_assert_str_eq(table_cell(r.chart, n, 2), shown);
		}
	}
	/* censored: d2 S11; d3 S4 S10 S11; d6 and d12 S1 S3 S4 S10 S11 */
	ck_assert_msg(strstr(r.note, "1 for delivery 2, 3 for delivery 3, 5 for delivery 6, 5 for delivery 12"),
		      "note: %s", r.note);
	report_result_free(&r);
}
END_TEST

START_TEST(by_product_the_first_line_counts)
{
	struct report_params p;
	struct report_result r;

	params(&p, "cohorts");
	snprintf(p.by, sizeof(p.by), "product");
	run_ok(&p, &r);
	ck_assert_int_eq(table_rows(r.table), 2);
	/* AOJIRU: S1 S2 S3 S7 S8 (its first line) S10: steps 6/6, 6/6,
	 * 4/5, 3/4, 2/2, 1/1 ... */
	expect_row(r.table, 0, "sku", "RC-AOJIRU", "6",
		   "100.0 100.0 80.0 60.0 60.0 60.0 60.0 60.0 60.0 60.0 60.0 60.0");
	ck_assert_str_eq(cell(r.table, 0, "name"), "継続青汁");
	/* SERUM: S4 S5 S6 S9 S11: steps 4/5, 2/3, 1/1, 1/1, 1/1, 0/1 (S9
	 * left after 5): 0 from there on */
	expect_row(r.table, 1, "sku", "RC-SERUM", "5",
		   "80.0 53.3 53.3 53.3 53.3 0.0 0.0 0.0 0.0 0.0 0.0 0.0");
	ck_assert_int_eq(table_col_type(r.table, 0), TABLE_CODE);
	report_result_free(&r);
}
END_TEST

START_TEST(by_media_with_none_last)
{
	struct report_params p;
	struct report_result r;
	char shown[TABLE_SHOWN_SIZE];

	params(&p, "cohorts");
	snprintf(p.by, sizeof(p.by), "media");
	run_ok(&p, &r);
	ck_assert_int_eq(table_rows(r.table), 3);
	/* RCM-A: S1 S2 S3 S7 S10: 5/5, 5/5, 3/4, 2/3, 1/1, then 0/0: S1
	 * (at 5) is the last, still running */
	expect_row(r.table, 0, "media_code", "RCM-A", "5",
		   "100.0 100.0 75.0 50.0 50.0 - - - - - - -");
	ck_assert_str_eq(cell(r.table, 0, "name"), "継続テレビ");
	expect_row(r.table, 1, "media_code", "RCM-B", "5",
		   "80.0 53.3 53.3 53.3 53.3 0.0 0.0 0.0 0.0 0.0 0.0 0.0");
	expect_row(r.table, 2, "media_code", NULL, "1",
		   "100.0 100.0 100.0 100.0 100.0 100.0 100.0 100.0 100.0 100.0 100.0 100.0");
	ck_assert_str_eq(table_cell_shown(r.table, 2, col_of(r.table, "name"), shown),
			 "no media code");
	report_result_free(&r);
}
END_TEST

START_TEST(by_payment_filtered_by_product)
{
	struct report_params p;
	struct report_result r;
	enum subrule_payment bank;

	params(&p, "cohorts");
	snprintf(p.by, sizeof(p.by), "payment");
	snprintf(p.product, sizeof(p.product), "RC-SERUM");
	run_ok(&p, &r);
	ck_assert_int_eq(table_rows(r.table), 3);
	/* bank: S5 (0 reached), S6 (1): 1/2, 0/1; cod: S4 (paused at 2),
	 * S11 (1): 2/2, 1/1, 0/0; card: S9 (5) */
	expect_row(r.table, 0, "payment", "bank", "2",
		   "50.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0");
	ck_assert_int_eq(subrule_payment_parse("bank", &bank), 0);
	ck_assert_str_eq(cell(r.table, 0, "name"), subrule_payment_label(bank));
	expect_row(r.table, 1, "payment", "cod", "2", "100.0 100.0 - - - - - - - - - -");
	expect_row(r.table, 2, "payment", "card", "1",
		   "100.0 100.0 100.0 100.0 100.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0");
	report_result_free(&r);

	/* a media code and a payment method narrow it the same way */
	params(&p, "cohorts");
	snprintf(p.media, sizeof(p.media), "RCM-A");
	snprintf(p.payment, sizeof(p.payment), "deferred");
	run_ok(&p, &r);
	ck_assert_int_eq(table_rows(r.table), 3);
	expect_row(r.table, 0, "month", month_a, "0", "- - - - - - - - - - - -");
	expect_row(r.table, 2, "month", month_c, "1", "100.0 100.0 - - - - - - - - - -");
	report_result_free(&r);
}
END_TEST

/* the exits row of reason (NULL: the one nobody wrote), or -1 */
static int reason_row(const struct table *t, const char *reason)
{
	for (int i = 0; i < table_rows(t); i++)
		if (strcmp(table_cell(t, i, 0), reason ? reason : "") == 0)
			return i;
	return -1;
}

static void expect_exit(const struct table *t, const char *reason, const char *cancels,
			const char *share, const char *buckets)
{
	static const char *const cols[] = { "left_0", "left_1", "left_2", "left_3", "left_4",
					    "left_5_6", "left_7_12", "left_13_plus" };
	int row = reason_row(t, reason);
	char *copy = strdup(buckets), *save = NULL, *w = strtok_r(copy, " ", &save);

	ck_assert_msg(row >= 0, "no row for %s", reason ? reason : "(none)");
	ck_assert_str_eq(cell(t, row, "cancels"), cancels);
	ck_assert_str_eq(cell(t, row, "share"), share);
	for (int b = 0; b < 8; b++, w = strtok_r(NULL, " ", &save)) {
		ck_assert_ptr_nonnull(w);
		ck_assert_msg(strcmp(cell(t, row, cols[b]), w) == 0, "%s %s: %s, want %s",
			      reason ? reason : "(none)", cols[b], cell(t, row, cols[b]), w);
	}
	free(copy);
}

START_TEST(exits_by_reason_and_delivery_reached)
{
	struct report_params p;
	struct report_result r;
	char shown[TABLE_SHOWN_SIZE];
	static const char *const chart[8] = { "1", "1", "1", "1", "0", "1", "0", "1" };

	params(&p, "exits");
	run_ok(&p, &r);
	/* six cancelled in the period: S2 S5 S6 S7 S8 S9 (not the one
	 * started the day before, 転居のため) */
	ck_assert_int_eq(table_rows(r.table), 5);
	ck_assert_str_eq(table_cell(r.table, 0, 0), "価格の負担");
	expect_exit(r.table, "価格の負担", "2", "33.3", "0 0 0 1 0 1 0 0");
	expect_exit(r.table, "お試しだけのつもりだった", "1", "16.7", "1 0 0 0 0 0 0 0");
	expect_exit(r.table, "商品が余っている", "1", "16.7", "0 1 0 0 0 0 0 0");
	/* trimmed; the returned order was delivered: reached 2 */
	expect_exit(r.table, "効果を感じられない", "1", "16.7", "0 0 1 0 0 0 0 0");
	expect_exit(r.table, NULL, "1", "16.7", "0 0 0 0 0 0 0 1");
	ck_assert_int_eq(reason_row(r.table, "転居のため"), -1);
	ck_assert_int_eq(reason_row(r.table, NULL), 4);
	ck_assert_str_eq(table_cell_shown(r.table, 4, 0, shown), "no reason written");

	ck_assert_int_eq(table_rows(r.chart), 8);
	ck_assert(!r.chart_percent);
	for (int b = 0; b < 8; b++)
		ck_assert_str_eq(table_cell(r.chart, b, 1), chart[b]);
	report_result_free(&r);

	params(&p, "exits");
	snprintf(p.media, sizeof(p.media), "RCM-B");
	run_ok(&p, &r);
	ck_assert_int_eq(table_rows(r.table), 3);
	expect_exit(r.table, "価格の負担", "1", "33.3", "0 0 0 0 0 1 0 0");
	expect_exit(r.table, "お試しだけのつもりだった", "1", "33.3", "1 0 0 0 0 0 0 0");
	expect_exit(r.table, "商品が余っている", "1", "33.3", "0 1 0 0 0 0 0 0");
	report_result_free(&r);
}
END_TEST

START_TEST(only_a_supervisor_reads_it)
{
	struct report_params p;
	struct report_result r;
	struct rd_error err;

	params(&p, "cohorts");
	ck_assert_int_eq(run_as(operator_login, &p, &r, &err), RD_PERMISSION);
	ck_assert_int_eq(run_as(agent_login, &p, &r, &err), RD_PERMISSION);
	params(&p, "exits");
	ck_assert_int_eq(run_as(operator_login, &p, &r, &err), RD_PERMISSION);
	ck_assert_int_eq(run_as(agent_login, &p, &r, &err), RD_PERMISSION);
}
END_TEST

START_TEST(bad_parameters_are_refused)
{
	struct report_params p;
	struct report_result r;
	struct rd_error err;

	params(&p, "cohorts");
	snprintf(p.by, sizeof(p.by), "agent");
	ck_assert_int_eq(run_as(super_login, &p, &r, &err), RD_USAGE);
	params(&p, "cohorts");
	snprintf(p.payment, sizeof(p.payment), "cash");
	ck_assert_int_eq(run_as(super_login, &p, &r, &err), RD_USAGE);
	params(&p, "exits");
	snprintf(p.by, sizeof(p.by), "month");
	ck_assert_int_eq(run_as(super_login, &p, &r, &err), RD_USAGE);
	params(&p, "cohorts");
	p.from = p.to + 1;
	ck_assert_int_eq(run_as(super_login, &p, &r, &err), RD_USAGE);
}
END_TEST

static Suite *continuation_suite(void)
{
	Suite *s = suite_create("report continuation");
	TCase *tc = tcase_create("figures");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, by_month_every_figure_as_worked_out_by_hand);
	tcase_add_test(tc, by_product_the_first_line_counts);
	tcase_add_test(tc, by_media_with_none_last);
	tcase_add_test(tc, by_payment_filtered_by_product);
	tcase_add_test(tc, exits_by_reason_and_delivery_reached);
	tcase_add_test(tc, only_a_supervisor_reads_it);
	tcase_add_test(tc, bad_parameters_are_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dbt_run_suite(continuation_suite(), "report continuation");
}
