/* check_phone.c: phone numbers grouped by libphonenumber's table for
 * Japan. tests/unit/check-phone-vs-libphonenumber.sh compares many more
 * numbers with python3-phonenumbers itself. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/phone.h"

static char *fmt(const char *digits)
{
	struct sbuf sb;
	char *p;

	sbuf_init(&sb);
	phone_format(&sb, digits);
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p;
}

#define EXPECT(in, want) do { \
		char *p_ = fmt(in); \
		ck_assert_str_eq(p_, want); \
		free(p_); \
	} while (0)

START_TEST(partial_short_and_invalid_input_is_kept_as_typed)
{
	EXPECT(NULL, "");
	EXPECT("", "");
	EXPECT("0", "0");
	EXPECT("03", "03");
	EXPECT("0312", "0312");
	EXPECT("031234567", "031234567");        /* one digit short */
	EXPECT("031234567890", "031234567890");  /* two too many */
	EXPECT("5678", "5678");                  /* a search fragment */
	EXPECT("3123456789", "3123456789");      /* no trunk 0 */
	EXPECT("0012345678", "0012345678");      /* 00: an access code */
	EXPECT("03-1234-5678", "03-1234-5678");  /* already grouped */
	EXPECT("03x2345678", "03x2345678");
	EXPECT("0120", "0120");
	EXPECT("012012345", "012012345");
}
END_TEST

START_TEST(area_codes_follow_the_numbering_plan)
{
	EXPECT("0473841234", "047-384-1234");    /* 市川 */
	EXPECT("0298511234", "029-851-1234");    /* つくば */
	EXPECT("0312345678", "03-1234-5678");
	EXPECT("0612345678", "06-1234-5678");
	EXPECT("0467123456", "0467-12-3456");
	EXPECT("0451234567", "045-123-4567");
	EXPECT("0436123456", "0436-12-3456");    /* 市原, not 043 */
	EXPECT("0422123456", "042-212-3456");
	EXPECT("0995123456", "0995-12-3456");
	EXPECT("0112345678", "011-234-5678");
}
END_TEST

START_TEST(mobile_ip_and_free_dial)
{
	EXPECT("09012345678", "090-1234-5678");
	EXPECT("08012345678", "080-1234-5678");
	EXPECT("07012345678", "070-1234-5678");
	EXPECT("05012345678", "050-1234-5678");
	EXPECT("0120123456", "0120-123-456");
	EXPECT("0570123456", "0570-123-456");
	EXPECT("08001234567", "0800-123-4567");
}
END_TEST

START_TEST(table_names_its_source)
{
	ck_assert(strlen(phone_formats_version()) > 0);
}
END_TEST

Suite *phone_suite(void);

Suite *phone_suite(void)
{
	Suite *s = suite_create("phone");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, partial_short_and_invalid_input_is_kept_as_typed);
	tcase_add_test(tc, area_codes_follow_the_numbering_plan);
	tcase_add_test(tc, mobile_ip_and_free_dial);
	tcase_add_test(tc, table_names_its_source);
	suite_add_tcase(s, tc);
	return s;
}
