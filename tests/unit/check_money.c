/* check_money.c: yen arithmetic, per-rate tax, formatting and parsing. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/money.h"

Suite *money_suite(void);

static int64_t tax(int64_t subtotal, int rate)
{
	int64_t t = -12345;

	ck_assert_int_eq(money_tax(subtotal, rate, &t, NULL), RD_OK);
	return t;
}

static char *fmt(int64_t yen, enum money_style style)
{
	struct sbuf sb;
	char *p;

	sbuf_init(&sb);
	money_format(&sb, yen, style);
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p;
}

#define FMT_EQ(yen, style, want)                                              \
	do {                                                                  \
		char *f_ = fmt(yen, style);                                   \
		ck_assert_str_eq(f_, want);                                   \
		free(f_);                                                     \
	} while (0)

/* --- tax rounding boundaries ------------------------------------------- */

START_TEST(tax_rounds_down)
{
	ck_assert_int_eq(tax(1249, 8), 99);      /* 99.92 */
	ck_assert_int_eq(tax(1250, 8), 100);     /* exactly 100 */
	ck_assert_int_eq(tax(1262, 8), 100);     /* 100.96 */
	ck_assert_int_eq(tax(1249, 10), 124);    /* 124.9 */
	ck_assert_int_eq(tax(12, 8), 0);         /* 0.96 */
	ck_assert_int_eq(tax(13, 8), 1);         /* 1.04 */
	ck_assert_int_eq(tax(9, 10), 0);
	ck_assert_int_eq(tax(10, 10), 1);
	ck_assert_int_eq(tax(99, 10), 9);
	ck_assert_int_eq(tax(0, 10), 0);
	ck_assert_int_eq(tax(1000, 0), 0);
	ck_assert_int_eq(tax(1000, 100), 1000);
}
END_TEST

START_TEST(tax_of_a_refund_mirrors_the_charge)
{
	ck_assert_int_eq(tax(-1249, 8), -99);
	ck_assert_int_eq(tax(-12, 8), 0);
	ck_assert_int_eq(tax(-1250, 8), -100);
}
END_TEST

START_TEST(tax_never_overflows)
{
	/* floor(9223372036854775807 * 10 / 100) */
	ck_assert(tax(INT64_MAX, 10) == INT64_C(922337203685477580));
	ck_assert(tax(INT64_MAX, 8) == INT64_C(737869762948382064));
	ck_assert(tax(INT64_MAX, 100) == INT64_MAX);
	ck_assert(tax(INT64_MIN, 10) == INT64_C(-922337203685477580));
	ck_assert(tax(INT64_MIN, 100) == INT64_MIN);
}
END_TEST

START_TEST(tax_rate_out_of_range_is_refused)
{
	struct rd_error err;
	int64_t t = 5;

	ck_assert_int_eq(money_tax(100, -1, &t, &err), RD_INVALID);
	ck_assert_int_eq(money_tax(100, 101, &t, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "101%"));
	ck_assert_int_eq(t, 5);
}
END_TEST

/* --- checked arithmetic ------------------------------------------------ */

START_TEST(sub_and_sum_refuse_overflow)
{
	struct rd_error err;
	int64_t r = 7;
	const int64_t ok[3] = { 1980, -500, 330 };
	const int64_t big[3] = { INT64_MAX - 10, 5, 6 };

	ck_assert_int_eq(money_sub(1980, 500, &r, NULL), RD_OK);
	ck_assert_int_eq(r, 1480);
	ck_assert_int_eq(money_sub(0, INT64_MAX, &r, NULL), RD_OK);
	ck_assert(r == -INT64_MAX);
	r = 7;
	ck_assert_int_eq(money_sub(INT64_MIN, 1, &r, &err), RD_INVALID);
	ck_assert_int_eq(money_sub(INT64_MAX, -1, &r, &err), RD_INVALID);
	ck_assert_int_eq(money_sub(0, INT64_MIN, &r, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "too large"));
	ck_assert_int_eq(r, 7);
	ck_assert_int_eq(money_sum(ok, 3, &r, NULL), RD_OK);
	ck_assert_int_eq(r, 1810);
	ck_assert_int_eq(money_sum(ok, 0, &r, NULL), RD_OK);
	ck_assert_int_eq(r, 0);
	r = 7;
	ck_assert_int_eq(money_sum(big, 3, &r, &err), RD_INVALID);
	ck_assert_int_eq(r, 7);
	ck_assert_int_eq(money_sum(big, 2, &r, NULL), RD_OK);
	ck_assert(r == INT64_MAX - 5);
}
END_TEST

START_TEST(percent_rounds_toward_zero_and_never_overflows)
{
	struct rd_error err;
	int64_t r = 7;

	ck_assert_int_eq(money_percent(2498, 10, &r, NULL), RD_OK);
	ck_assert_int_eq(r, 249);                 /* 249.8 */
	ck_assert_int_eq(money_percent(-2498, 10, &r, NULL), RD_OK);
	ck_assert_int_eq(r, -249);
	ck_assert_int_eq(money_percent(INT64_MAX, 50, &r, NULL), RD_OK);
	ck_assert(r == INT64_MAX / 2);
	ck_assert_int_eq(money_percent(INT64_MIN, 100, &r, NULL), RD_OK);
	ck_assert(r == INT64_MIN);
	r = 7;
	ck_assert_int_eq(money_percent(100, 101, &r, &err), RD_INVALID);
	ck_assert_int_eq(money_percent(100, -1, &r, &err), RD_INVALID);
	ck_assert_int_eq(r, 7);
}
END_TEST

START_TEST(tax_included_adds_the_tax_once)
{
	struct rd_error err;
	int64_t r = 7;

	ck_assert_int_eq(money_tax_included(1249, 8, &r, NULL), RD_OK);
	ck_assert_int_eq(r, 1348);                /* 1249 + 99 */
	ck_assert_int_eq(money_tax_included(2980, 10, &r, NULL), RD_OK);
	ck_assert_int_eq(r, 3278);
	ck_assert_int_eq(money_tax_included(0, 10, &r, NULL), RD_OK);
	ck_assert_int_eq(r, 0);
	r = 7;
	/* the tax itself fits, amount + tax does not */
	ck_assert_int_eq(money_tax_included(INT64_MAX - 5, 10, &r, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "too large"));
	ck_assert_int_eq(money_tax_included(100, 200, &r, &err), RD_INVALID);
	ck_assert_int_eq(r, 7);
}
END_TEST

/* --- order totals ---------------------------------------------------------- */

START_TEST(tax_is_per_rate_not_per_line)
{
	struct money_totals t;
	const struct money_rate_total *r8, *r10;

	money_totals_init(&t);
	/* per line: 99 + 99 = 198 (8%), 99 + 99 = 198 (10%);
	 * per rate: floor(199.84) = 199 and floor(199.8) = 199 */
	ck_assert_int_eq(money_totals_add_line(&t, 1249, 1, 8, NULL), RD_OK);
	ck_assert_int_eq(money_totals_add_line(&t, 999, 1, 10, NULL), RD_OK);
	ck_assert_int_eq(money_totals_add_line(&t, 1249, 1, 8, NULL), RD_OK);
	ck_assert_int_eq(money_totals_add_line(&t, 999, 1, 10, NULL), RD_OK);
	r8 = money_totals_rate(&t, 8);
	r10 = money_totals_rate(&t, 10);
	ck_assert_ptr_nonnull(r8);
	ck_assert_ptr_nonnull(r10);
	ck_assert_int_eq(r8->subtotal, 2498);
	ck_assert_int_eq(r8->tax, 199);
	ck_assert_int_eq(r10->subtotal, 1998);
	ck_assert_int_eq(r10->tax, 199);
	ck_assert_int_eq(t.subtotal, 4496);
	ck_assert_int_eq(t.tax, 398);
	ck_assert_int_eq(t.total, 4894);
	/* rates are listed in ascending order whatever the line order */
	ck_assert_int_eq(t.nrates, 2);
	ck_assert_int_eq(t.rates[0].rate, 8);
	ck_assert_int_eq(t.rates[1].rate, 10);
	ck_assert_ptr_null(money_totals_rate(&t, 0));
}
END_TEST

START_TEST(quantity_lines_fees_and_discounts)
{
	struct money_totals t;

	money_totals_init(&t);
	ck_assert_int_eq(t.total, 0);
	ck_assert_int_eq(money_totals_add_line(&t, 1980, 3, 8, NULL), RD_OK);
	ck_assert_int_eq(money_totals_add(&t, 330, 10, NULL), RD_OK); /* COD */
	ck_assert_int_eq(money_totals_add(&t, -500, 8, NULL), RD_OK);
	ck_assert_int_eq(money_totals_rate(&t, 8)->subtotal, 5440);
	ck_assert_int_eq(money_totals_rate(&t, 8)->tax, 435);   /* 435.2 */
	ck_assert_int_eq(money_totals_rate(&t, 10)->tax, 33);
	ck_assert_int_eq(t.subtotal, 5770);
	ck_assert_int_eq(t.tax, 468);
	ck_assert_int_eq(t.total, 6238);
}
END_TEST

START_TEST(overflow_is_refused_and_totals_stay)
{
	struct money_totals t;
	struct rd_error err;
	int64_t r = 7;

	money_totals_init(&t);
	ck_assert_int_eq(money_totals_add_line(&t, 100, 2, 10, NULL), RD_OK);
	ck_assert_int_eq(money_totals_add_line(&t, INT64_MAX, 2, 10, &err),
			 RD_INVALID);
	ck_assert(strstr(err.msg, "too large"));
	ck_assert_int_eq(money_totals_add(&t, INT64_MAX, 10, &err),
			 RD_INVALID);
	/* the subtotal fits but subtotal + tax does not */
	ck_assert_int_eq(money_totals_add(&t, INT64_MAX - 1000, 8, &err),
			 RD_INVALID);
	ck_assert_int_eq(t.nrates, 1);
	ck_assert_int_eq(t.subtotal, 200);
	ck_assert_int_eq(t.tax, 20);
	ck_assert_int_eq(t.total, 220);
	ck_assert_int_eq(money_mul(INT64_MIN, -1, &r, NULL), RD_INVALID);
	ck_assert_int_eq(money_mul(INT64_MAX / 2, 2, &r, NULL), RD_OK);
	ck_assert_int_eq(money_add(INT64_MAX, 1, &r, NULL), RD_INVALID);
	ck_assert_int_eq(money_add(INT64_MIN, -1, &r, NULL), RD_INVALID);
}
END_TEST

START_TEST(rates_are_limited)
{
	struct money_totals t;
	struct rd_error err;

	money_totals_init(&t);
	for (int rate = 0; rate < MONEY_MAX_RATES; rate++)
		ck_assert_int_eq(money_totals_add(&t, 100, rate * 3, NULL),
				 RD_OK);
	ck_assert_int_eq(money_totals_add(&t, 100, 50, &err), RD_INVALID);
	ck_assert_int_eq(money_totals_add(&t, 100, 3, NULL), RD_OK);
	ck_assert_int_eq(money_totals_add(&t, 100, 101, &err), RD_INVALID);
	ck_assert_int_eq(t.nrates, MONEY_MAX_RATES);
}
END_TEST

/* --- formatting and parsing ------------------------------------------------ */

START_TEST(format_with_separators)
{
	FMT_EQ(0, MONEY_PLAIN, "0");
	FMT_EQ(0, MONEY_YEN_SIGN, "¥0");
	FMT_EQ(0, MONEY_YEN_SUFFIX, "0円");
	FMT_EQ(999, MONEY_PLAIN, "999");
	FMT_EQ(1000, MONEY_PLAIN, "1,000");
	FMT_EQ(12345, MONEY_YEN_SIGN, "¥12,345");
	FMT_EQ(12345, MONEY_YEN_SUFFIX, "12,345円");
	FMT_EQ(100000, MONEY_PLAIN, "100,000");
	FMT_EQ(1234567, MONEY_PLAIN, "1,234,567");
	FMT_EQ(-1, MONEY_YEN_SIGN, "-¥1");
	FMT_EQ(-1000, MONEY_YEN_SIGN, "-¥1,000");
	FMT_EQ(-1000, MONEY_YEN_SUFFIX, "-1,000円");
	FMT_EQ(INT64_MAX, MONEY_PLAIN, "9,223,372,036,854,775,807");
	FMT_EQ(INT64_MIN, MONEY_PLAIN, "-9,223,372,036,854,775,808");
}
END_TEST

static int64_t parse_ok(const char *s)
{
	struct rd_error err;
	int64_t v = -777;

	rd_error_clear(&err);
	ck_assert_msg(money_parse(s, &v, &err) == RD_OK, "%s: %s", s, err.msg);
	return v;
}

START_TEST(parse_as_operators_type)
{
	ck_assert_int_eq(parse_ok("12345"), 12345);
	ck_assert_int_eq(parse_ok("12,345"), 12345);
	ck_assert_int_eq(parse_ok("¥12,345"), 12345);
	ck_assert_int_eq(parse_ok("￥１２，３４５"), 12345);
	ck_assert_int_eq(parse_ok("12,345円"), 12345);
	ck_assert_int_eq(parse_ok(" 1,000 円 "), 1000);
	ck_assert_int_eq(parse_ok("\xE3\x80\x80" "500\xE3\x80\x80"), 500);
	ck_assert_int_eq(parse_ok("-500"), -500);
	ck_assert_int_eq(parse_ok("−1,000円"), -1000);
	ck_assert_int_eq(parse_ok("-¥1,000"), -1000);
	ck_assert_int_eq(parse_ok("0"), 0);
	ck_assert_int_eq(parse_ok("1,234,567"), 1234567);
	ck_assert(parse_ok("9223372036854775807") == INT64_MAX);
	ck_assert(parse_ok("-9,223,372,036,854,775,808") == INT64_MIN);
}
END_TEST

START_TEST(parse_refusals)
{
	static const char *bad[] = {
		"", " ", "abc", "12.5", "1,23", "1234,567", ",123", "123,",
		"1,,000", "1 000", "¥1,000円", "円", "¥", "--1", "1-", "12a",
		"１２\xFF", "100円円", "1,0000",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rd_error err;
		int64_t v = 42;

		ck_assert_msg(money_parse(bad[i], &v, &err) == RD_INVALID,
			      "accepted \"%s\" as %lld", bad[i], (long long)v);
		ck_assert_int_eq(v, 42);
	}
	struct rd_error err;
	int64_t v;
	ck_assert_int_eq(money_parse("9223372036854775808", &v, &err),
			 RD_INVALID);
	ck_assert(strstr(err.msg, "too large"));
	ck_assert_int_eq(money_parse("99999999999999999999999", &v, &err),
			 RD_INVALID);
	ck_assert_int_eq(money_parse(NULL, &v, &err), RD_INVALID);
}
END_TEST

START_TEST(yen_for_screens_and_tables)
{
	char b[MONEY_YEN_SIZE];

	ck_assert_str_eq(money_yen(7560, b), "\xC2\xA5" "7,560");
	ck_assert_str_eq(money_yen(-500, b), "-\xC2\xA5" "500");
	ck_assert_str_eq(money_yen(0, b), "\xC2\xA5" "0");
	ck_assert_str_eq(money_yen(999, b), "\xC2\xA5" "999");
	ck_assert_str_eq(money_yen(1000, b), "\xC2\xA5" "1,000");
	ck_assert_str_eq(money_yen(1234567, b), "\xC2\xA5" "1,234,567");
	ck_assert_str_eq(money_yen(INT64_MIN, b),
			 "-\xC2\xA5" "9,223,372,036,854,775,808");
	ck_assert_str_eq(money_yen(INT64_MAX, b),
			 "\xC2\xA5" "9,223,372,036,854,775,807");
}
END_TEST

START_TEST(format_then_parse_round_trips)
{
	static const int64_t amounts[] = { 0, 1, 999, 1000, -12345,
					   98765432, INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
		for (int st = MONEY_PLAIN; st <= MONEY_YEN_SUFFIX; st++) {
			char *f = fmt(amounts[i], (enum money_style)st);

			ck_assert(parse_ok(f) == amounts[i]);
			free(f);
		}
	}
}
END_TEST

Suite *money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *edge = tcase_create("tax");
	TCase *totals = tcase_create("totals");
	TCase *text = tcase_create("format and parse");

	tcase_add_test(edge, tax_rounds_down);
	tcase_add_test(edge, tax_of_a_refund_mirrors_the_charge);
	tcase_add_test(edge, tax_never_overflows);
	tcase_add_test(edge, tax_rate_out_of_range_is_refused);
	tcase_add_test(edge, sub_and_sum_refuse_overflow);
	tcase_add_test(edge, percent_rounds_toward_zero_and_never_overflows);
	tcase_add_test(edge, tax_included_adds_the_tax_once);
	tcase_add_test(totals, tax_is_per_rate_not_per_line);
	tcase_add_test(totals, quantity_lines_fees_and_discounts);
	tcase_add_test(totals, overflow_is_refused_and_totals_stay);
	tcase_add_test(totals, rates_are_limited);
	tcase_add_test(text, format_with_separators);
	tcase_add_test(text, yen_for_screens_and_tables);
	tcase_add_test(text, parse_as_operators_type);
	tcase_add_test(text, parse_refusals);
	tcase_add_test(text, format_then_parse_round_trips);
	suite_add_tcase(s, edge);
	suite_add_tcase(s, totals);
	suite_add_tcase(s, text);
	return s;
}
