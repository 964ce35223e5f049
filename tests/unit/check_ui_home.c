/* check_ui_home.c: the home screen's text and the business date. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "home_screen.h"
#include "repeatdesk/width.h"

Suite *ui_home_suite(void);

/* The home screen asks the connection for the server version; the unit
 * tests link no store/, so this stands in for it. */
const char *db_server_version(const struct rd_db *db)
{
	(void)db;
	return "15.18";
}

static char *build(const struct home_info *info, int cols)
{
	struct layout_text t;
	struct sbuf all;

	layout_text_init(&t);
	sbuf_init(&all);
	home_build(&t, info, cols);
	for (size_t i = 0; i < t.n; i++) {
		ck_assert_int_le(width_str(t.lines[i].text.buf), cols);
		sbuf_adds(&all, t.lines[i].text.buf);
		sbuf_addc(&all, '\n');
	}
	layout_text_done(&t);
	{
		char *text = sbuf_detach(&all);

		sbuf_done(&all);
		return text;
	}
}

START_TEST(home_shows_agent_database_and_date)
{
	struct home_info info = {
		.agent_name = "佐藤 花子", .login = "sato", .role = "operator",
		.db_label = "embedded", .db_version = "15.18", .db_ok = true,
		.today = "2025-01-01 (Wed)", .zone = "Asia/Tokyo",
	};
	char *s = build(&info, 80);

	ck_assert_ptr_nonnull(strstr(s, "佐藤 花子"));
	ck_assert_ptr_nonnull(strstr(s, "sato"));
	ck_assert_ptr_nonnull(strstr(s, "operator"));
	ck_assert_ptr_nonnull(strstr(s, "embedded \xC2\xB7 PostgreSQL 15.18"));
	ck_assert_ptr_nonnull(strstr(s, "2025-01-01 (Wed) \xC2\xB7 Asia/Tokyo"));
	free(s);
}
END_TEST

START_TEST(home_promises_no_key_that_does_nothing)
{
	struct home_info info = { .db_ok = true };
	char *s = build(&info, 200); /* one line: no wrap inside the text */

	/* where the work starts: the lookup, the queues, the card's keys */
	ck_assert_ptr_nonnull(strstr(s, "F2 looks up a customer"));
	ck_assert_ptr_null(strstr(s, "F3"));
	ck_assert_ptr_nonnull(strstr(s, "Ctrl-N opens the inquiry queues"));
	ck_assert_ptr_nonnull(strstr(s, "F11 takes an order"));
	ck_assert_ptr_null(strstr(s, "next releases"));
	free(s);
}
END_TEST

START_TEST(home_says_when_the_database_is_down)
{
	struct home_info info = { .db_label = "embedded", .db_version = "15.18",
				  .db_ok = false };
	char *s = build(&info, 80);

	ck_assert_ptr_nonnull(strstr(s, "embedded \xC2\xB7 reconnecting\xE2\x80\xA6"));
	ck_assert_ptr_null(strstr(s, "PostgreSQL"));
	free(s);
}
END_TEST

START_TEST(today_is_the_tokyo_date_without_tz)
{
	char buf[64];
	const char *zone;
	/* 2024-12-31 15:00:00 UTC is 2025-01-01 00:00 in Tokyo */
	time_t t = 1735657200;

	home_today(t, NULL, buf, sizeof(buf), &zone);
	ck_assert_str_eq(buf, "2025/01/01(Wed)");
	ck_assert_str_eq(zone, "Asia/Tokyo");
	home_today(t - 1, "", buf, sizeof(buf), &zone);
	ck_assert_str_eq(buf, "2024/12/31(Tue)");
}
END_TEST

START_TEST(today_follows_tz_when_set)
{
	char buf[64];
	const char *zone;
	time_t t = 1735657200;
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	setenv("TZ", "UTC0", 1);
	home_today(t, "UTC0", buf, sizeof(buf), &zone);
	ck_assert_str_eq(buf, "2024/12/31(Tue)");
	ck_assert_str_eq(zone, "UTC0");
	home_today(t, ":UTC0", buf, sizeof(buf), &zone);
	ck_assert_str_eq(zone, "UTC0");
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	free(old);
}
END_TEST

Suite *ui_home_suite(void)
{
	Suite *s = suite_create("ui_home");
	TCase *tc = tcase_create("home");

	tcase_add_test(tc, home_shows_agent_database_and_date);
	tcase_add_test(tc, home_promises_no_key_that_does_nothing);
	tcase_add_test(tc, home_says_when_the_database_is_down);
	tcase_add_test(tc, today_is_the_tokyo_date_without_tz);
	tcase_add_test(tc, today_follows_tz_when_set);
	suite_add_tcase(s, tc);
	return s;
}
