/* check_calendar.c: the business calendar in the database (migration
 * 0065, store/calendar_store.c) and deliveries moving off closed days in
 * the store: who may write the calendar (operators and agents are
 * refused by PostgreSQL itself, a supervisor closes and opens a day with
 * a reason kept in the history), the settings' guard, rd.closed_days
 * (the year-end closing across the year end, a one-off reason first),
 * loading the holidays twice, the subscription screen's dates and the
 * shipment run on and around closed days, moving later and earlier.
 *
 * Every date is relative to the database's current_date, and every test
 * starts from an empty calendar. Its own runner:
 * tests/db/run-check-calendar.sh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "repeatdesk/calendar_store.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/shipment.h"
#include "repeatdesk/subscription.h"

static char operator_login[DBT_LOGIN_MAX];
static char agent_login[DBT_LOGIN_MAX];
static char super_login[DBT_LOGIN_MAX];

static void setup_once(void)
{
	static bool done;
	PGconn *admin;

	if (done)
		return;
	done = true;
	admin = dbt_admin();
	dbt_exec_script(admin,
		"INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price, active) VALUES"
		"  ('CAL-TEA', 'お茶', 1000, 8, 800, true)");
	dbt_agent_new(admin, "operator", "calop", operator_login);
	dbt_agent_new(admin, "agent", "calag", agent_login);
	dbt_agent_new(admin, "supervisor", "calsv", super_login);
	PQfinish(admin);
}

/* An empty calendar (no day closed, moves later) and no subscription due. */
static void isolate(void)
{
	PGconn *admin = dbt_admin();

	dbt_exec_script(admin,
		"DELETE FROM rd.holidays;"
		"UPDATE rd.settings SET value = '' WHERE key IN ('year_end_closing', 'closed_weekdays');"
		"UPDATE rd.settings SET value = 'later' WHERE key = 'closed_day_move';"
		"UPDATE rd.subscriptions SET status = 'cancelled', cancelled_on = DATE '2026-01-01',"
		"       next_date = NULL, paused_until = NULL WHERE status <> 'cancelled'");
	PQfinish(admin);
}

/* The database's today plus days. */
static int32_t today_plus(int days)
{
	PGconn *admin = dbt_admin();
	char *v = dbt_value(admin, "SELECT current_date::text", 0);
	int32_t d = 0;

	ck_assert_int_eq(date_parse_iso(v, &d, NULL), RD_OK);
	free(v);
	PQfinish(admin);
	return d + days;
}

static const char *iso(int32_t d)
{
	static char buf[4][DATE_ISO_SIZE];
	static int next;

	next = (next + 1) % 4;
	return date_format_iso(d, buf[next]);
}

static void close_day(int32_t d, const char *reason)
{
	struct rd_db *db = dbt_store_as(super_login, NULL);
	struct rd_error err;
	bool already = true;

	ck_assert_msg(calendar_store_close(db, d, reason, NULL, &already, &err) == RD_OK, "%s", err.msg);
	ck_assert(!already);
	db_free(&db);
}

static long long new_sub(const char *cycle, int32_t next)
{
	PGconn *admin = dbt_admin();
	long long c = dbt_admin_customer_new(), id;
	char cust[24], sid[24];

	id = dbt_int(admin,
		"INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date, delivery_count,"
		"                              started_on)"
		" VALUES ($1, $2, 'bank', $3::date, 1, $3::date - 30) RETURNING id",
		3, dbt_itoa(c, cust), cycle, iso(next));
	dbt_exec(admin,
		"INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
		" VALUES ($1, 'CAL-TEA', 1, 800)", 1, dbt_itoa(id, sid));
	PQfinish(admin);
	return id;
}

/* ---- who may write it ----------------------------------------------------------- */

START_TEST(operators_and_agents_cannot_write_the_calendar_and_a_supervisor_can)
{
	const char *logins[2] = { operator_login, agent_login };
	int32_t d = today_plus(20);
	struct rd_error err;
	bool already;
	int added;

	isolate();
	for (int i = 0; i < 2; i++) {
		PGconn *c = dbt_login(logins[i]);
		struct rd_db *db = dbt_store_as(logins[i], NULL);

		/* plain SQL: refused by PostgreSQL */
		ck_assert_str_eq(dbt_state(c, "INSERT INTO rd.holidays (date, kind, name)"
					      " VALUES ($1::date, 'oneoff', 'x')", 1, iso(d)), "42501");
		ck_assert_str_eq(dbt_state(c, "DELETE FROM rd.holidays", 0), "42501");
		ck_assert_str_eq(dbt_state(c, "UPDATE rd.settings SET value = '' WHERE key = 'year_end_closing'", 0),
				 "42501");
		/* but everyone reads it */
		ck_assert_str_eq(dbt_state(c, "SELECT * FROM rd.closed_days(current_date, current_date + 30)", 0),
				 "00000");
		/* the store says so in words */
		ck_assert_int_eq(calendar_store_close(db, d, "棚卸", NULL, &already, &err), RD_PERMISSION);
		ck_assert_ptr_nonnull(strstr(err.msg, "supervisor"));
		ck_assert_int_eq(calendar_store_load_holidays(db, 0, 1, false, NULL, NULL, &added, &err),
				 RD_PERMISSION);
		db_free(&db);
		PQfinish(c);
	}
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.holidays WHERE id > $1", 0), 0);

	/* a supervisor closes it, with the reason in the row and the history */
	{
		struct rd_db *db = dbt_store_as(super_login, NULL);
		const char *rid = "6a1f4c2e-0b7d-4e55-9a10-3c2d1e0f0001";

		ck_assert_int_eq(calendar_store_close(db, d, "棚卸", rid, &already, &err), RD_OK);
		ck_assert(!already);
		/* again (a retried command): nothing twice */
		ck_assert_int_eq(calendar_store_close(db, d, "棚卸", rid, &already, &err), RD_OK);
		ck_assert(already);
		{
			PGconn *admin = dbt_admin();
			char *v = dbt_value(admin, "SELECT kind || ' ' || name || ' ' || (created_by = $1)::text"
					    "  FROM rd.holidays", 1, super_login);

			ck_assert_str_eq(v, "oneoff 棚卸 true");
			free(v);
			PQfinish(admin);
		}
		ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.history WHERE table_name = 'holidays'"
					   "   AND op = 'INSERT' AND reason = '棚卸' AND request_id IS NOT NULL"
					   "   AND $1 = 0", 0), 1);
		/* who closed it is the login, never a value the client sends */
		{
			PGconn *c = dbt_login(super_login);

			ck_assert_str_eq(dbt_state(c, "INSERT INTO rd.holidays (date, kind, name, created_by)"
						      " VALUES ($1::date, 'oneoff', 'x', 'someone')", 1, iso(d + 1)),
					 "42501");
			ck_assert_str_eq(dbt_state(c, "UPDATE rd.holidays SET created_by = 'someone'", 0), "42501");
			ck_assert_str_eq(dbt_state(c, "UPDATE rd.holidays SET name = '棚卸'", 0), "00000");
			PQfinish(c);
		}
		/* opening it again deletes it; the history keeps both */
		ck_assert_int_eq(calendar_store_open(db, d, "a\tb", NULL, &already, &err), RD_INVALID);
		ck_assert_int_eq(calendar_store_open(db, d, "棚卸は中止", NULL, &already, &err), RD_OK);
		ck_assert(!already);
		ck_assert_int_eq(calendar_store_open(db, d, "棚卸は中止", NULL, &already, &err), RD_OK);
		ck_assert(already);
		ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.holidays WHERE id > $1", 0), 0);
		ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.history WHERE table_name = 'holidays'"
					   "   AND op = 'DELETE' AND reason = '棚卸は中止' AND $1 = 0", 0), 1);
		/* a reason is required, one line, at most 40 characters */
		ck_assert_int_eq(calendar_store_close(db, d, "", NULL, &already, &err), RD_USAGE);
		ck_assert_int_eq(calendar_store_close(db, d, "a\nb", NULL, &already, &err), RD_INVALID);
		ck_assert_int_eq(calendar_store_close(db, d, "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりる",
						      NULL, &already, &err), RD_INVALID);
		db_free(&db);
	}
}
END_TEST

START_TEST(the_settings_are_checked_where_they_are_written)
{
	PGconn *admin = dbt_admin();

	isolate();
	ck_assert_str_eq(dbt_state(admin, "UPDATE rd.settings SET value = 'sooner' WHERE key = 'closed_day_move'", 0),
			 "23514");
	ck_assert_str_eq(dbt_state(admin, "UPDATE rd.settings SET value = '12/29-1/3' WHERE key = 'year_end_closing'", 0),
			 "23514");
	ck_assert_str_eq(dbt_state(admin, "UPDATE rd.settings SET value = '02-29..03-01' WHERE key = 'year_end_closing'", 0),
			 "23514");
	ck_assert_str_eq(dbt_state(admin, "UPDATE rd.settings SET value = '12-30..01-02' WHERE key = 'year_end_closing'", 0),
			 "00000");
	PQfinish(admin);
}
END_TEST

/* ---- what is closed ----------------------------------------------------------------- */

START_TEST(the_year_end_closing_spans_the_year_end_and_a_one_off_reason_comes_first)
{
	PGconn *admin = dbt_admin();
	char *v;

	isolate();
	dbt_exec(admin, "UPDATE rd.settings SET value = '12-29..01-03' WHERE key = 'year_end_closing'", 0);
	dbt_exec(admin, "INSERT INTO rd.holidays (date, kind, name) VALUES"
			" (make_date(extract(year FROM current_date)::int + 1, 1, 1), 'holiday', '元日'),"
			" (make_date(extract(year FROM current_date)::int + 1, 1, 2), 'oneoff', '臨時休業')", 0);
	v = dbt_value(admin,
		"SELECT string_agg(to_char(date, 'MM-DD') || ' ' || kind || ' ' || reason, ', ' ORDER BY date)"
		"  FROM rd.closed_days(make_date(extract(year FROM current_date)::int, 12, 27),"
		"                      make_date(extract(year FROM current_date)::int + 1, 1, 5))", 0);
	ck_assert_str_eq(v, "12-29 closing 年末年始, 12-30 closing 年末年始, 12-31 closing 年末年始, "
			 "01-01 closing 年末年始, 01-02 oneoff 臨時休業, 01-03 closing 年末年始");
	free(v);
	/* a range that starts inside a closing that began the year before */
	ck_assert_int_eq(dbt_int(admin,
		"SELECT count(*) FROM rd.closed_days(make_date(extract(year FROM current_date)::int + 1, 1, 3),"
		"                                    make_date(extract(year FROM current_date)::int + 1, 1, 3))", 0), 1);
	PQfinish(admin);
}
END_TEST

START_TEST(holidays_load_once_with_their_names)
{
	struct rd_db *db;
	struct rd_error err;
	int added = -1;

	isolate();
	db = dbt_store_as(super_login, NULL);
	ck_assert_int_eq(calendar_store_load_holidays(db, 2026, 2, false, NULL, NULL, &added, &err), RD_OK);
	ck_assert_int_eq(added, 18 + 17);
	ck_assert_int_eq(calendar_store_load_holidays(db, 2026, 2, false, NULL, NULL, &added, &err), RD_OK);
	ck_assert_int_eq(added, 0);
	dbt_expect_text("SELECT string_agg(to_char(date, 'MM-DD') || ' ' || name, ', ' ORDER BY date)"
			"  FROM rd.holidays WHERE date BETWEEN '2026-09-20' AND '2026-09-24' AND $1 = 0", 0,
			"09-21 敬老の日, 09-22 国民の休日, 09-23 秋分の日");
	ck_assert_int_eq(calendar_store_load_holidays(db, 2000, 1, false, NULL, NULL, &added, &err), RD_INVALID);
	db_free(&db);
}
END_TEST

/* ---- deliveries move ------------------------------------------------------------------- */

START_TEST(the_subscription_screen_shows_a_delivery_moved_off_a_closed_day_and_why)
{
	int32_t d = today_plus(30);
	long long id;
	struct rd_db *db;
	struct subscription_view *v = calloc(1, sizeof(*v));
	struct rd_error err;

	isolate();
	id = new_sub("1m:15", d);
	close_day(d, "棚卸");
	db = dbt_store_as(agent_login, NULL);
	ck_assert_msg(subscription_get(db, id, SUBSCRIPTION_TODAY, v, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(v->next[0].nominal, d);
	ck_assert_int_eq(v->next[0].date, d + 1);
	ck_assert_str_eq(v->next[0].moved, "棚卸");
	ck_assert_str_eq(v->next[1].moved, "");
	db_free(&db);
	free(v);
}
END_TEST

START_TEST(the_shipment_run_on_a_closed_day_ships_moved_deliveries_on_open_days)
{
	/* the run's own day t is closed; a delivery due t + 2 (closed) moves
	 * to t + 3, inside the window; one due t + 5 (closed) moves to t + 6,
	 * past the window, and waits */
	int32_t t = today_plus(40);
	long long a, b;
	struct rd_db *db;
	struct shipment_options o = { .date = t };
	struct shipment_summary sum;
	struct rd_error err;

	isolate();
	a = new_sub("1m:15", t + 2);
	b = new_sub("1m:16", t + 5);
	close_day(t, "臨時休業");
	close_day(t + 2, "棚卸");
	close_day(t + 5, "設備点検");
	db = dbt_store_as(agent_login, NULL);
	ck_assert_msg(shipment_generate(db, &o, &sum, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(sum.orders_created, 1);
	dbt_expect_text("SELECT string_agg(desired_date::text, ' ') FROM rd.orders WHERE subscription_id = $1",
			a, iso(t + 3));
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.orders WHERE subscription_id = $1", b), 0);
	/* the next run, a day later, makes it, on its open day */
	o.date = t + 1;
	ck_assert_msg(shipment_generate(db, &o, &sum, &err) == RD_OK, "%s", err.msg);
	dbt_expect_text("SELECT string_agg(desired_date::text, ' ') FROM rd.orders WHERE subscription_id = $1",
			b, iso(t + 6));
	/* nominal dates stay: the next delivery is the 15th after t + 2,
	 * whatever day it was made on */
	{
		PGconn *admin = dbt_admin();
		char sid[24];
		char *v = dbt_value(admin, "SELECT (extract(day FROM next_date) = 15 AND next_date > $2::date)::text"
				    "  FROM rd.subscriptions WHERE id = $1", 2, dbt_itoa(a, sid), iso(t + 2));

		ck_assert_str_eq(v, "true");
		free(v);
		PQfinish(admin);
	}
	db_free(&db);
}
END_TEST

START_TEST(moving_earlier_is_a_setting_and_never_moves_into_the_past)
{
	int32_t t = today_plus(40);
	long long a, b;
	struct rd_db *db;
	struct shipment_options o = { .date = t };
	struct shipment_summary sum;
	struct subscription_view *v = calloc(1, sizeof(*v));
	struct rd_error err;

	isolate();
	{
		PGconn *admin = dbt_admin();

		dbt_exec(admin, "UPDATE rd.settings SET value = 'earlier' WHERE key = 'closed_day_move'", 0);
		PQfinish(admin);
	}
	/* due t + 7 (closed): made on t + 6 instead, the window of a run on t
	 * (5 days) does not reach it, the run on t + 1 does */
	a = new_sub("1m:15", t + 7);
	close_day(t + 7, "棚卸");
	/* due tomorrow, closed, and today closed too: it cannot move into the
	 * past, so it moves later */
	b = new_sub("1m:16", today_plus(1));
	close_day(today_plus(1), "臨時休業");
	close_day(today_plus(0), "臨時休業");
	db = dbt_store_as(agent_login, NULL);
	ck_assert_msg(subscription_get(db, a, SUBSCRIPTION_TODAY, v, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(v->next[0].date, t + 6);
	ck_assert_str_eq(v->next[0].moved, "棚卸");
	ck_assert_msg(subscription_get(db, b, SUBSCRIPTION_TODAY, v, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(v->next[0].date, today_plus(2));
	ck_assert_msg(shipment_generate(db, &o, &sum, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.orders WHERE subscription_id = $1", a), 0);
	o.date = t + 1;
	ck_assert_msg(shipment_generate(db, &o, &sum, &err) == RD_OK, "%s", err.msg);
	dbt_expect_text("SELECT string_agg(desired_date::text, ' ') FROM rd.orders WHERE subscription_id = $1",
			a, iso(t + 6));
	db_free(&db);
	free(v);
}
END_TEST

static Suite *calendar_suite(void)
{
	Suite *s = suite_create("calendar");
	TCase *tc = tcase_create("calendar");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, operators_and_agents_cannot_write_the_calendar_and_a_supervisor_can);
	tcase_add_test(tc, the_settings_are_checked_where_they_are_written);
	tcase_add_test(tc, the_year_end_closing_spans_the_year_end_and_a_one_off_reason_comes_first);
	tcase_add_test(tc, holidays_load_once_with_their_names);
	tcase_add_test(tc, the_subscription_screen_shows_a_delivery_moved_off_a_closed_day_and_why);
	tcase_add_test(tc, the_shipment_run_on_a_closed_day_ships_moved_deliveries_on_open_days);
	tcase_add_test(tc, moving_earlier_is_a_setting_and_never_moves_into_the_past);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dbt_run_suite(calendar_suite(), "calendar");
}
