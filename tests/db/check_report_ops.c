/* check_report_ops.c: the retention, desk workload and segments reports
 * (store/report_retention.c, report_workload.c, report_segments.c and
 * migrations 0120, 0121) against a real database.
 *
 * A small data set is made once, with dates relative to the database's
 * today: six cancel conversations through the store (kept by a skip,
 * refused by the minimum-deliveries rule, cancelled, kept by a pause,
 * left undecided, kept as it was) by two agents, one customer with two
 * subscriptions; five inquiries with their timelines written as they
 * happened three days ago (one handed off twice, a callback kept on
 * time, one kept late, one missed, one not due yet); customers with
 * orders at the edges of the RFM and LTV ranks and customers with none.
 * Every figure of every view is compared with the one worked out by hand
 * in the comments; each segment's query, read back as the lookup reads
 * it, finds exactly its customers; an operator and an agent get the
 * database's refusal.
 *
 * Its own runner: tests/lib/pgtmp.sh tests/db/check_report_ops (through
 * tests/db/run-check-report-ops.sh). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "repeatdesk/customer.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/report.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"

static char ag_a[DBT_LOGIN_MAX], ag_b[DBT_LOGIN_MAX], sup[DBT_LOGIN_MAX], opr[DBT_LOGIN_MAX];
static int32_t today;    /* the database's business today */
static int32_t day0;     /* today - 3: the workload's day */

/* ------------------------------------------------------------------------
 * Fixture */

static long long new_sub(PGconn *admin, long long customer, int made)
{
	char cust[24], count[16], next[DATE_ISO_SIZE], sid[24];
	long long id;

	snprintf(count, sizeof(count), "%d", made);
	date_format_iso(today + 20, next);
	id = dbt_int(admin,
		"INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date, delivery_count,"
		"                              started_on)"
		" VALUES ($1, '30d', 'cod', $2::date, $3::int, $2::date - 200) RETURNING id",
		3, dbt_itoa(customer, cust), next, count);
	dbt_exec(admin,
		"INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
		" VALUES ($1, 'OPS-AOJIRU', 1, 3480)", 1, dbt_itoa(id, sid));
	return id;
}

static void conversation(const char *login, long long sub, enum subrule_kind kind,
			 unsigned offered, const char *reason, bool abandoned,
			 enum rd_status want)
{
	struct rd_db *db = dbt_store_as(login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct subrule_preview *p = calloc(1, sizeof(*p));
	struct rd_error err;
	enum rd_status st;

	ck_assert_ptr_nonnull(p);
	subscription_request_init(&r, sub, kind);
	r.reason = reason;
	r.today = SUBSCRIPTION_TODAY;
	r.retention = true;
	r.offered = offered;
	r.abandoned = abandoned;
	if (kind == SUBRULE_PAUSE)
		r.rq.pause_mode = SUBRULE_PAUSE_OPEN;
	st = subscription_apply(db, &r, p, &res, &err);
	ck_assert_msg(st == want, "conversation on %lld: %d %s", sub, st, st ? err.msg : "");
	free(p);
	db_free(&db);
}

/* An order of customer delivered `ago` days before today, for total yen. */
static void order(PGconn *admin, long long customer, int ago, long long total)
{
	char cust[24], day[DATE_ISO_SIZE], tot[24];

	date_format_iso(today - ago, day);
	dbt_exec(admin,
		"INSERT INTO rd.orders (customer_id, status, order_date, payment, subtotal_10,"
		"                       tax_10, total)"
		" VALUES ($1, 'delivered', $2::date, 'bank', $3::bigint - $3::bigint / 11,"
		"         $3::bigint / 11, $3::bigint)",
		3, dbt_itoa(customer, cust), day, dbt_itoa(total, tot));
}

static long long agent_id(PGconn *admin, const char *login)
{
	return dbt_int(admin, "SELECT id FROM rd.agents WHERE login = $1", 1, login);
}

static void setup_once(void)
{
	static bool done;
	PGconn *admin;
	char *t;
	long long c1, c2, c3, s1, s2, s3, s4, c;
	struct rd_error err;
	char a[24], b[24], d0[DATE_ISO_SIZE];

	if (done)
		return;
	done = true;
	admin = dbt_admin();
	t = dbt_value(admin, "SELECT rd.customer_today()::text", 0);
	ck_assert_int_eq(date_parse_iso(t, &today, &err), RD_OK);
	free(t);
	day0 = today - 3;
	dbt_agent_new(admin, "agent", "rpa", ag_a);
	dbt_agent_new(admin, "agent", "rpb", ag_b);
	dbt_agent_new(admin, "supervisor", "rps", sup);
	dbt_agent_new(admin, "operator", "rpo", opr);
	dbt_exec_script(admin,
		"INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price, active)"
		" VALUES ('OPS-AOJIRU', '青汁 30包', 3980, 8, 3480, true);"
		"UPDATE rd.settings SET value = '3' WHERE key = 'min_deliveries_before_cancel';");

	/* ---- retention: c1 has two subscriptions ---- */
	c1 = dbt_customer_new(admin);
	c2 = dbt_customer_new(admin);
	c3 = dbt_customer_new(admin);
	s1 = new_sub(admin, c1, 3);
	s2 = new_sub(admin, c1, 1);
	s3 = new_sub(admin, c2, 5);
	s4 = new_sub(admin, c3, 3);
	/* 1. A: kept by a skip (offered skip, pause), delivery 3 */
	conversation(ag_a, s1, SUBRULE_SKIP,
		     SUBRULE_ALT_BIT(SUBRULE_ALT_SKIP) | SUBRULE_ALT_BIT(SUBRULE_ALT_PAUSE),
		     "商品が余っている", false, RD_OK);
	/* 2. B: refused, one delivery of the three before a cancel (discount offered) */
	conversation(ag_b, s2, SUBRULE_CANCEL, SUBRULE_ALT_BIT(SUBRULE_ALT_DISCOUNT),
		     "価格の負担", false, RD_REFUSED);
	/* 3. A: cancelled at delivery 5 (skip offered) */
	conversation(ag_a, s3, SUBRULE_CANCEL, SUBRULE_ALT_BIT(SUBRULE_ALT_SKIP),
		     "価格の負担", false, RD_OK);
	/* 4. B: kept by a pause (skip offered; the pause taken joins the offers) */
	conversation(ag_b, s4, SUBRULE_PAUSE, SUBRULE_ALT_BIT(SUBRULE_ALT_SKIP),
		     "商品が余っている", false, RD_OK);
	/* 5. A: heard nothing offered and left it undecided, delivery 1 */
	conversation(ag_a, s2, SUBRULE_KEEP, 0, "価格の負担", true, RD_OK);
	/* 6. B: kept as it was (a longer cycle offered), delivery 3 */
	conversation(ag_b, s1, SUBRULE_KEEP, SUBRULE_ALT_BIT(SUBRULE_ALT_LONGER_CYCLE),
		     "効果を感じられない", false, RD_OK);

	/* ---- workload: day0 in the business time zone ---- */
	date_format_iso(day0, d0);
	dbt_itoa(agent_id(admin, ag_a), a);
	dbt_itoa(agent_id(admin, ag_b), b);
	/* at(day offset, time): a moment of day0 + offset, Asia/Tokyo */
	dbt_exec(admin,
		"CREATE FUNCTION pg_temp.at(d date, k int, t time) RETURNS timestamptz"
		" LANGUAGE sql AS $$ SELECT ((d + k) + t) AT TIME ZONE 'Asia/Tokyo' $$", 0);
	{
		const char *sql =
		/* q1: cancel, opened by A at 10:00, handed to B 10:30, back to A
		 * 11:00 (by B), resolved by A 12:00: 120 minutes */
		"WITH q AS (INSERT INTO rd.inquiries (channel, category, subject, status, assignee_id,"
		"             opened_by, created_at, resolved_at)"
		"  VALUES ('inbound_call', 'cancel', 'q1', 'resolved', $2::bigint, $4,"
		"          pg_temp.at($1::date, 0, '10:00'), pg_temp.at($1::date, 0, '12:00')) RETURNING id)"
		" INSERT INTO rd.inquiry_entries (inquiry_id, kind, author, from_agent_id, to_agent_id,"
		"                                 to_status, created_at)"
		" SELECT q.id, e.kind, e.author, e.f, e.t, e.s, e.at FROM q, (VALUES"
		"  ('call', $4, NULL::bigint, NULL::bigint, NULL, pg_temp.at($1::date, 0, '10:00')),"
		"  ('handoff', $4, $2::bigint, $3::bigint, NULL, pg_temp.at($1::date, 0, '10:30')),"
		"  ('handoff', $5, $3::bigint, $2::bigint, NULL, pg_temp.at($1::date, 0, '11:00')),"
		"  ('status_change', $4, NULL, NULL, 'resolved', pg_temp.at($1::date, 0, '12:00'))"
		" ) AS e(kind, author, f, t, s, at)";

		dbt_exec(admin, sql, 5, d0, a, b, ag_a, ag_b);
	}
	dbt_exec(admin,
		/* q2: skip, opened by B 09:15, callback 14:00, called back 14:40
		 * (late: 15 minutes of grace), resolved next day 09:15: 1440 minutes */
		"WITH q AS (INSERT INTO rd.inquiries (channel, category, subject, status, assignee_id,"
		"             opened_by, created_at, resolved_at, callback_at)"
		"  VALUES ('inbound_call', 'skip', 'q2', 'resolved', $2::bigint, $3,"
		"          pg_temp.at($1::date, 0, '09:15'), pg_temp.at($1::date, 1, '09:15'),"
		"          pg_temp.at($1::date, 0, '14:00')) RETURNING id)"
		" INSERT INTO rd.inquiry_entries (inquiry_id, kind, author, to_status, created_at)"
		" SELECT q.id, e.kind, $3, e.s, e.at FROM q, (VALUES"
		"  ('call', NULL, pg_temp.at($1::date, 0, '09:15')),"
		"  ('call', NULL, pg_temp.at($1::date, 0, '14:40')),"
		"  ('status_change', 'resolved', pg_temp.at($1::date, 1, '09:15'))"
		" ) AS e(kind, s, at)", 3, d0, b, ag_b);
	dbt_exec(admin,
		/* q3: skip, opened by A 11:00, callback 15:00, called back 15:10
		 * (on time), resolved 15:30: 270 minutes */
		"WITH q AS (INSERT INTO rd.inquiries (channel, category, subject, status, assignee_id,"
		"             opened_by, created_at, resolved_at, callback_at)"
		"  VALUES ('inbound_call', 'skip', 'q3', 'resolved', $2::bigint, $3,"
		"          pg_temp.at($1::date, 0, '11:00'), pg_temp.at($1::date, 0, '15:30'),"
		"          pg_temp.at($1::date, 0, '15:00')) RETURNING id)"
		" INSERT INTO rd.inquiry_entries (inquiry_id, kind, author, to_status, created_at)"
		" SELECT q.id, e.kind, $3, e.s, e.at FROM q, (VALUES"
		"  ('call', NULL, pg_temp.at($1::date, 0, '11:00')),"
		"  ('call', NULL, pg_temp.at($1::date, 0, '15:10')),"
		"  ('status_change', 'resolved', pg_temp.at($1::date, 0, '15:30'))"
		" ) AS e(kind, s, at)", 3, d0, a, ag_a);
	dbt_exec(admin,
		/* q4: question, opened by B the next day 16:00, callback 17:00
		 * that never came: missed */
		"WITH q AS (INSERT INTO rd.inquiries (channel, category, subject, status, assignee_id,"
		"             opened_by, created_at, callback_at)"
		"  VALUES ('inbound_call', 'question', 'q4', 'open', $2::bigint, $3,"
		"          pg_temp.at($1::date, 1, '16:00'), pg_temp.at($1::date, 1, '17:00')) RETURNING id)"
		" INSERT INTO rd.inquiry_entries (inquiry_id, kind, author, created_at)"
		" SELECT q.id, 'call', $3, pg_temp.at($1::date, 1, '16:00') FROM q", 3, d0, b, ag_b);
	dbt_exec(admin,
		/* q5: an e-mail A opened now, callback tomorrow: not due yet; A
		 * taking it (a handoff entry to themself) is not a handoff */
		"WITH q AS (INSERT INTO rd.inquiries (channel, category, subject, status, assignee_id,"
		"             opened_by, callback_at)"
		"  VALUES ('email', 'other', 'q5', 'open', $1::bigint, $2, now() + interval '1 day')"
		"  RETURNING id)"
		" INSERT INTO rd.inquiry_entries (inquiry_id, kind, author, to_agent_id)"
		" SELECT q.id, e.kind, $2, e.t FROM q, (VALUES ('note', NULL::bigint),"
		"  ('handoff', $1::bigint)) AS e(kind, t)", 2, a, ag_a);

	/* ---- segments: settings 30,60,120,240 days / 10,5,3,2 orders ---- */
	c = dbt_customer_new(admin);   /* R5 F1, ¥3,000 */
	order(admin, c, 10, 3000);
	c = dbt_customer_new(admin);   /* R4 F3, ¥12,000 */
	order(admin, c, 200, 4000);
	order(admin, c, 100, 4000);
	order(admin, c, 45, 4000);
	c = dbt_customer_new(admin);   /* R3 F2, ¥10,000 */
	order(admin, c, 150, 5000);
	order(admin, c, 100, 5000);
	c = dbt_customer_new(admin);   /* R1 F1, ¥4,999 */
	order(admin, c, 300, 4999);
	c = dbt_customer_new(admin);   /* R5 F1 (30 days: still 5), ¥100,000 */
	order(admin, c, 30, 100000);
	c = dbt_customer_new(admin);   /* R4 F1 (31 days), ¥5,000 */
	order(admin, c, 31, 5000);
	(void)dbt_customer_new(admin); /* no orders: ¥0 with c1, c2, c3 */
	PQfinish(admin);
}

/* ------------------------------------------------------------------------
 * Helpers */

static enum rd_status run_as(const char *login, enum report_kind kind, const char *view,
			     int32_t from, int32_t to, const char *agent, const char *by,
			     struct report_result *out, struct rd_error *err)
{
	struct rd_db *db = dbt_store_as(login, NULL);
	struct report_params p;
	enum rd_status st;

	report_params_init(&p, kind, today);
	snprintf(p.view, sizeof(p.view), "%s", view);
	p.from = from;
	p.to = to;
	snprintf(p.agent, sizeof(p.agent), "%s", agent ? agent : "");
	snprintf(p.by, sizeof(p.by), "%s", by ? by : "");
	st = report_run(db, &p, NULL, out, err);
	db_free(&db);
	return st;
}

static void run(enum report_kind kind, const char *view, int32_t from, int32_t to,
		const char *agent, const char *by, struct report_result *out)
{
	struct rd_error err;
	enum rd_status st = run_as(sup, kind, view, from, to, agent, by, out, &err);

	ck_assert_msg(st == RD_OK, "%s: %s", view, st ? err.msg : "");
	ck_assert_ptr_nonnull(out->table);
}

static int col(const struct table *t, const char *name)
{
	for (int i = 0; i < table_cols(t); i++)
		if (strcmp(table_col_name(t, i), name) == 0)
			return i;
	ck_abort_msg("no column %s", name);
	return -1;
}

/* Row `row` as "name=value ..." of the columns named in names (space
 * separated); NULL shows as "-". */
static char *row_text(const struct table *t, int row, const char *names)
{
	static char out[512];
	char copy[256];
	size_t n = 0;

	snprintf(copy, sizeof(copy), "%s", names);
	out[0] = '\0';
	for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
		const char *v = table_cell(t, row, col(t, w));

		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s", n ? " " : "", v ? v : "-");
	}
	return out;
}

static void expect_row(const struct table *t, int row, const char *names, const char *want)
{
	ck_assert_msg(row < table_rows(t), "row %d of %d", row, table_rows(t));
	ck_assert_str_eq(row_text(t, row, names), want);
}

#define OUTCOMES "conversations kept changed paused not_cancelled cancelled refused keep_rate"

/* ------------------------------------------------------------------------
 * Retention */

START_TEST(retention_by_reason_counts_each_outcome_and_the_keep_rate)
{
	struct report_result r;

	run(REPORT_RETENTION, "reasons", today - 30, today, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 3);
	/* refused, cancelled, undecided: kept 1 of the 2 decided */
	expect_row(r.table, 0, "reason " OUTCOMES, "価格の負担 3 0 0 0 1 1 1 50.0");
	/* a skip and a pause */
	expect_row(r.table, 1, "reason " OUTCOMES, "商品が余っている 2 0 1 1 0 0 0 100.0");
	expect_row(r.table, 2, "reason " OUTCOMES, "効果を感じられない 1 1 0 0 0 0 0 100.0");
	ck_assert_ptr_nonnull(r.chart);
	ck_assert_int_eq(table_rows(r.chart), 3);
	ck_assert_str_eq(table_cell(r.chart, 0, 1), "50.0");
	ck_assert_str_eq(table_cell(r.chart, 0, 2), "50.0%");
	ck_assert(r.chart_percent);
	report_result_free(&r);

	/* a period before any conversation: nothing */
	run(REPORT_RETENTION, "reasons", today - 60, today - 31, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 0);
	report_result_free(&r);
}
END_TEST

START_TEST(retention_by_offer_counts_offered_taken_and_kept)
{
	struct report_result r;
	const char *cols = "offer offered accepted accept_rate keep_rate";

	run(REPORT_RETENTION, "offers", today - 30, today, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 6);
	/* skip offered in 1, 3, 4; taken in 1; kept in 1 and 4 */
	expect_row(r.table, 0, cols, "skip 3 1 33.3 66.7");
	/* pause offered in 1 and 4 (taken: it joins the offers) */
	expect_row(r.table, 1, cols, "pause 2 1 50.0 100.0");
	expect_row(r.table, 2, cols, "cycle 1 0 0.0 100.0");
	expect_row(r.table, 3, cols, "fewer 0 0 - -");
	/* only in the refused one: nothing decided */
	expect_row(r.table, 4, cols, "discount 1 0 0.0 -");
	expect_row(r.table, 5, cols, "none 1 0 0.0 100.0");
	report_result_free(&r);
}
END_TEST

START_TEST(retention_by_agent_and_one_agent)
{
	struct report_result r;

	run(REPORT_RETENTION, "agents", today - 30, today, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 2);
	/* A: skip, cancelled, undecided; B: refused, pause, kept */
	ck_assert_str_eq(table_cell(r.table, 0, 0), ag_a);
	expect_row(r.table, 0, OUTCOMES, "3 0 1 0 1 1 0 66.7");
	ck_assert_str_eq(table_cell(r.table, 1, 0), ag_b);
	expect_row(r.table, 1, OUTCOMES, "3 1 0 1 0 0 1 100.0");
	report_result_free(&r);

	run(REPORT_RETENTION, "agents", today - 30, today, ag_b, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 1);
	ck_assert_str_eq(table_cell(r.table, 0, 0), ag_b);
	report_result_free(&r);
}
END_TEST

START_TEST(retention_by_delivery_number)
{
	struct report_result r;

	run(REPORT_RETENTION, "deliveries", today - 30, today, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 3);
	expect_row(r.table, 0, "delivery and_later " OUTCOMES, "1 f 2 0 0 0 1 0 1 100.0");
	expect_row(r.table, 1, "delivery and_later " OUTCOMES, "3 f 3 1 1 1 0 0 0 100.0");
	expect_row(r.table, 2, "delivery and_later " OUTCOMES, "5 f 1 0 0 0 0 1 0 0.0");
	report_result_free(&r);
}
END_TEST

START_TEST(retention_skips_and_pauses_by_month)
{
	struct report_result r;
	int y, m, d, rows;
	char month[DATE_ISO_SIZE], want[64];

	run(REPORT_RETENTION, "months", date_add_months(today, -2), today, NULL, NULL, &r);
	rows = table_rows(r.table);
	ck_assert_int_eq(rows, 3);   /* every month of the period, empty ones too */
	date_to_ymd(today, &y, &m, &d);
	date_format_iso(date_from_ymd(y, m, 1), month);
	/* this month: the skip of conversation 1, the pause of 4 */
	snprintf(want, sizeof(want), "%s 1 1", month);
	expect_row(r.table, rows - 1, "month skips pauses", want);
	expect_row(r.table, 0, "skips pauses", "0 0");
	report_result_free(&r);
}
END_TEST

/* ------------------------------------------------------------------------
 * Workload */

START_TEST(workload_by_day_counts_opened_resolved_handed_off_calls)
{
	struct report_result r;
	const char *cols = "opened resolved handed_off calls";

	run(REPORT_WORKLOAD, "days", day0, today, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 4);
	/* q1 q2 q3 opened; q1 q3 resolved; q1 handed off twice; five calls */
	expect_row(r.table, 0, cols, "3 2 2 5");
	/* q4 opened; q2 resolved; q4's call */
	expect_row(r.table, 1, cols, "1 1 0 1");
	expect_row(r.table, 2, cols, "0 0 0 0");
	/* q5: opened, taken by its own agent (not a handoff), no call */
	expect_row(r.table, 3, cols, "1 0 0 0");
	ck_assert_int_eq(table_rows(r.chart), 4);
	report_result_free(&r);
}
END_TEST

START_TEST(workload_by_agent)
{
	struct report_result r;
	const char *cols = "opened resolved handed_off calls";

	run(REPORT_WORKLOAD, "agents", day0, today, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 2);
	ck_assert_str_eq(table_cell(r.table, 0, 0), ag_a);
	expect_row(r.table, 0, cols, "3 2 1 3");
	ck_assert_str_eq(table_cell(r.table, 1, 0), ag_b);
	expect_row(r.table, 1, cols, "2 1 1 3");
	report_result_free(&r);

	run(REPORT_WORKLOAD, "agents", day0, today, ag_b, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 1);
	expect_row(r.table, 0, "agent", ag_b);
	report_result_free(&r);
}
END_TEST

START_TEST(workload_median_time_to_resolve_by_category)
{
	struct report_result r;
	const char *cols = "category resolved median_minutes p90_minutes";

	run(REPORT_WORKLOAD, "categories", day0, today, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 2);
	expect_row(r.table, 0, cols, "cancel 1 120 120");
	/* 270 and 1440 minutes: median 855, 90% 270 + 0.9 x 1170 = 1323 */
	expect_row(r.table, 1, cols, "skip 2 855 1323");
	report_result_free(&r);
}
END_TEST

START_TEST(workload_callbacks_on_time_late_missed_pending)
{
	struct report_result r;
	const char *cols = "callbacks kept late missed pending on_time_rate";
	char d[DATE_ISO_SIZE];

	run(REPORT_WORKLOAD, "callbacks", day0, today + 1, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 3);
	expect_row(r.table, 0, "day", date_format_iso(day0, d));
	expect_row(r.table, 0, cols, "2 1 1 0 0 50.0");       /* q3 on time, q2 late */
	expect_row(r.table, 1, "day", date_format_iso(day0 + 1, d));
	expect_row(r.table, 1, cols, "1 0 0 1 0 0.0");        /* q4 missed */
	expect_row(r.table, 2, "day", date_format_iso(today + 1, d));
	expect_row(r.table, 2, cols, "1 0 0 0 1 -");          /* q5 not due */
	report_result_free(&r);

	run(REPORT_WORKLOAD, "callbacks", day0, today + 1, NULL, "agent", &r);
	ck_assert_int_eq(table_rows(r.table), 2);
	expect_row(r.table, 0, "agent", ag_a);
	expect_row(r.table, 0, cols, "2 1 0 0 1 100.0");
	expect_row(r.table, 1, "agent", ag_b);
	expect_row(r.table, 1, cols, "2 0 1 1 0 0.0");
	report_result_free(&r);
}
END_TEST

START_TEST(workload_calls_per_hour)
{
	struct report_result r;
	const int want[24] = { [9] = 1, [10] = 1, [11] = 1, [14] = 1, [15] = 1, [16] = 1 };

	run(REPORT_WORKLOAD, "hours", day0, today, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 24);
	for (int h = 0; h < 24; h++)
		ck_assert_int_eq(atoi(table_cell(r.table, h, 1)), want[h]);
	report_result_free(&r);

	run(REPORT_WORKLOAD, "hours", day0, today, ag_b, NULL, &r);
	ck_assert_str_eq(table_cell(r.table, 9, 1), "1");
	ck_assert_str_eq(table_cell(r.table, 10, 1), "0");
	ck_assert_str_eq(table_cell(r.table, 14, 1), "1");
	ck_assert_str_eq(table_cell(r.table, 16, 1), "1");
	report_result_free(&r);
}
END_TEST

START_TEST(workload_callbacks_by_something_else_is_bad_usage)
{
	struct report_result r;
	struct rd_error err;

	ck_assert_int_eq(run_as(sup, REPORT_WORKLOAD, "callbacks", day0, today, NULL, "week",
				&r, &err), RD_USAGE);
	/* --by is the callbacks' alone */
	ck_assert_int_eq(run_as(sup, REPORT_WORKLOAD, "days", day0, today, NULL, "agent",
				&r, &err), RD_USAGE);
}
END_TEST

/* ------------------------------------------------------------------------
 * Segments */

/* The customers the lookup finds with the query of row `row`. */
static int lookup_count(const struct table *t, int row)
{
	struct rd_db *db = dbt_store_as(sup, NULL);
	const char *js = table_cell(t, row, col(t, "query"));
	struct customer_query q;
	struct customer_row *rows = calloc(CUSTOMER_PAGE_MAX, sizeof(*rows));
	struct customer_cursor after = { 0 }, next;
	struct rd_error err;
	int n, total = 0;

	ck_assert_ptr_nonnull(rows);
	ck_assert_msg(customer_query_from_json(js, strlen(js), &q, &err) == RD_OK, "%s: %s", js,
		      err.msg);
	do {
		ck_assert_msg(customer_find(db, &q, &after, rows, CUSTOMER_PAGE_MAX, &n, &next,
					    &err) == RD_OK, "%s: %s", js, err.msg);
		total += n;
		after = next;
	} while (next.code[0]);
	free(rows);
	db_free(&db);
	return total;
}

START_TEST(segments_rfm_ranks_and_their_queries_find_their_customers)
{
	struct report_result r;
	const char *cols = "r f customers ltv_total ltv_average";

	run(REPORT_SEGMENTS, "rfm", today - 30, today, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 5);
	expect_row(r.table, 0, cols, "5 1 2 103000 51500");
	expect_row(r.table, 1, cols, "4 3 1 12000 12000");
	expect_row(r.table, 2, cols, "4 1 1 5000 5000");
	expect_row(r.table, 3, cols, "3 2 1 10000 10000");
	expect_row(r.table, 4, cols, "1 1 1 4999 4999");
	expect_row(r.table, 0, "query", "{\"rfm\":\"R5,F1\"}");
	for (int i = 0; i < table_rows(r.table); i++)
		ck_assert_int_eq(lookup_count(r.table, i), atoi(table_cell(r.table, i, 2)));
	ck_assert_str_eq(table_cell(r.chart, 0, 0), "R5 F1");
	report_result_free(&r);
}
END_TEST

START_TEST(segments_ltv_buckets_and_their_queries_find_their_customers)
{
	struct report_result r;
	const char *cols = "ltv_min ltv_max customers ltv_total";

	run(REPORT_SEGMENTS, "ltv", today - 30, today, NULL, NULL, &r);
	ck_assert_int_eq(table_rows(r.table), 6);
	/* c1 c2 c3 and the customer without orders */
	expect_row(r.table, 0, cols, "0 0 4 0");
	expect_row(r.table, 1, cols, "1 4999 2 7999");
	expect_row(r.table, 2, cols, "5000 9999 1 5000");
	expect_row(r.table, 3, cols, "10000 29999 2 22000");
	expect_row(r.table, 4, cols, "30000 99999 0 0");
	expect_row(r.table, 5, cols, "100000 - 1 100000");
	expect_row(r.table, 0, "query", "{\"ltv_min\":0,\"ltv_max\":0}");
	expect_row(r.table, 5, "query", "{\"ltv_min\":100000}");
	for (int i = 0; i < table_rows(r.table); i++)
		ck_assert_int_eq(lookup_count(r.table, i), atoi(table_cell(r.table, i, 2)));
	report_result_free(&r);
}
END_TEST

/* ------------------------------------------------------------------------
 * Who may read them */

START_TEST(an_operator_or_an_agent_gets_the_databases_refusal)
{
	static const struct { enum report_kind kind; const char *view; } all[] = {
		{ REPORT_RETENTION, "reasons" }, { REPORT_RETENTION, "offers" },
		{ REPORT_RETENTION, "agents" }, { REPORT_RETENTION, "deliveries" },
		{ REPORT_RETENTION, "months" }, { REPORT_WORKLOAD, "days" },
		{ REPORT_WORKLOAD, "agents" }, { REPORT_WORKLOAD, "categories" },
		{ REPORT_WORKLOAD, "callbacks" }, { REPORT_WORKLOAD, "hours" },
		{ REPORT_SEGMENTS, "rfm" }, { REPORT_SEGMENTS, "ltv" },
	};
	struct report_result r;
	struct rd_error err;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		ck_assert_int_eq(run_as(opr, all[i].kind, all[i].view, day0, today, NULL, NULL,
					&r, &err), RD_PERMISSION);
		ck_assert_int_eq(run_as(ag_a, all[i].kind, all[i].view, day0, today, NULL, NULL,
					&r, &err), RD_PERMISSION);
	}
	/* and plain SQL the same */
	{
		PGconn *c = dbt_login(ag_a);

		ck_assert_str_eq(dbt_state(c, "SELECT * FROM rd.report_segments_ltv(NULL, NULL)", 0),
				 "42501");
		PQfinish(c);
	}
}
END_TEST

START_TEST(the_reason_is_kept_with_each_conversation)
{
	PGconn *admin = dbt_admin();

	/* the cancellation's own reason; the request's for the others */
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.retention_offers WHERE reason IS NULL", 0), 0);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.retention_offers"
				 " WHERE outcome = 'cancelled' AND reason = '価格の負担'", 0), 1);
	PQfinish(admin);
}
END_TEST

static Suite *report_ops_suite(void)
{
	Suite *s = suite_create("report_ops");
	TCase *tc = tcase_create("reports");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, retention_by_reason_counts_each_outcome_and_the_keep_rate);
	tcase_add_test(tc, retention_by_offer_counts_offered_taken_and_kept);
	tcase_add_test(tc, retention_by_agent_and_one_agent);
	tcase_add_test(tc, retention_by_delivery_number);
	tcase_add_test(tc, retention_skips_and_pauses_by_month);
	tcase_add_test(tc, workload_by_day_counts_opened_resolved_handed_off_calls);
	tcase_add_test(tc, workload_by_agent);
	tcase_add_test(tc, workload_median_time_to_resolve_by_category);
	tcase_add_test(tc, workload_callbacks_on_time_late_missed_pending);
	tcase_add_test(tc, workload_calls_per_hour);
	tcase_add_test(tc, workload_callbacks_by_something_else_is_bad_usage);
	tcase_add_test(tc, segments_rfm_ranks_and_their_queries_find_their_customers);
	tcase_add_test(tc, segments_ltv_buckets_and_their_queries_find_their_customers);
	tcase_add_test(tc, an_operator_or_an_agent_gets_the_databases_refusal);
	tcase_add_test(tc, the_reason_is_kept_with_each_conversation);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!getenv("PGHOST") || !getenv("RD_TEST_ADMIN")) {
		fprintf(stderr, "check_report_ops: no test database; run it as "
				"tests/lib/pgtmp.sh tests/db/check_report_ops\n");
		return EXIT_FAILURE;
	}
	return dbt_run_suite(report_ops_suite(), "check_report_ops");
}
