/* check_sbuf.c: the growable buffer. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/sbuf.h"

Suite *sbuf_suite(void);

START_TEST(grows_past_initial_capacity)
{
	struct sbuf sb;

	sbuf_init(&sb);
	for (int i = 0; i < 1000; i++)
		sbuf_printf(&sb, "%03d,", i % 1000);
	ck_assert_uint_eq(sb.len, 4000);
	ck_assert_uint_eq(strlen(sb.buf), 4000);
	ck_assert(strncmp(sb.buf + 3996, "999,", 4) == 0);
	sbuf_done(&sb);
}
END_TEST

START_TEST(printf_exactly_at_capacity_boundary)
{
	struct sbuf sb;
	char s[64];

	sbuf_init(&sb);
	memset(s, 'a', 63);
	s[63] = '\0';
	sbuf_printf(&sb, "%s", s);   /* 63 bytes + NUL = 64 = initial cap */
	sbuf_printf(&sb, "%s", "b");
	ck_assert_uint_eq(sb.len, 64);
	ck_assert_int_eq(sb.buf[63], 'b');
	ck_assert_int_eq(sb.buf[64], '\0');
	sbuf_done(&sb);
}
END_TEST

START_TEST(detach_leaves_usable_empty_buffer)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_adds(&sb, "日本");
	char *p = sbuf_detach(&sb);
	ck_assert_str_eq(p, "日本");
	ck_assert_uint_eq(sb.len, 0);
	sbuf_addc(&sb, 'x');
	ck_assert_str_eq(sb.buf, "x");
	free(p);
	sbuf_done(&sb);
}
END_TEST

/* Before the fix these looped for ever: doubling a capacity of zero. */
START_TEST(zeroed_buffer_grows)
{
	struct sbuf sb = { 0 };

	sbuf_adds(&sb, "abc");
	ck_assert_str_eq(sb.buf, "abc");
	ck_assert_uint_eq(sb.len, 3);
	sbuf_done(&sb);
}
END_TEST

START_TEST(finished_buffer_grows_again)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_adds(&sb, "first");
	sbuf_done(&sb);
	sbuf_printf(&sb, "%s-%d", "again", 2);
	ck_assert_str_eq(sb.buf, "again-2");
	sbuf_done(&sb);
	sbuf_reset(&sb);
	ck_assert_str_eq(sb.buf, "");
	sbuf_addc(&sb, 'z');
	ck_assert_str_eq(sb.buf, "z");
	sbuf_done(&sb);
}
END_TEST

START_TEST(zeroed_buffer_printf_long)
{
	struct sbuf sb = { 0 };
	char s[200];

	memset(s, 'q', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	sbuf_printf(&sb, "%s", s);
	ck_assert_uint_eq(sb.len, sizeof(s) - 1);
	ck_assert_uint_eq(strlen(sb.buf), sizeof(s) - 1);
	sbuf_done(&sb);
}
END_TEST

Suite *sbuf_suite(void)
{
	Suite *s = suite_create("sbuf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, grows_past_initial_capacity);
	tcase_add_test(tc, printf_exactly_at_capacity_boundary);
	tcase_add_test(tc, detach_leaves_usable_empty_buffer);
	suite_add_tcase(s, tc);
	tc = tcase_create("reuse");
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, zeroed_buffer_grows);
	tcase_add_test(tc, finished_buffer_grows_again);
	tcase_add_test(tc, zeroed_buffer_printf_long);
	suite_add_tcase(s, tc);
	return s;
}
