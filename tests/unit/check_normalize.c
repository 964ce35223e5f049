/* check_normalize.c: phone, kana, name, postal and e-mail normalization. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/normalize.h"

Suite *normalize_suite(void);

static void phone_ok(const char *in, enum normalize_phone_mode mode,
		     const char *want)
{
	char out[NORMALIZE_PHONE_SIZE];
	struct rd_error err;
	enum rd_status st;

	rd_error_clear(&err);
	st = normalize_phone(in, mode, out, sizeof(out), &err);
	ck_assert_msg(st == RD_OK, "\"%s\": %s", in, err.msg);
	ck_assert_str_eq(out, want);
}

/* Expects a refusal whose message contains word. */
static void phone_bad(const char *in, enum normalize_phone_mode mode,
		      const char *word)
{
	char out[NORMALIZE_PHONE_SIZE] = "junk";
	struct rd_error err;
	enum rd_status st;

	rd_error_clear(&err);
	st = normalize_phone(in, mode, out, sizeof(out), &err);
	ck_assert_msg(st == RD_INVALID, "\"%s\" accepted as %s", in, out);
	ck_assert_str_eq(out, "");
	ck_assert_msg(strstr(err.msg, word), "\"%s\": message \"%s\" lacks "
		      "\"%s\"", in, err.msg, word);
}

static char *phone_fmt(const char *digits)
{
	struct sbuf sb;
	char *p;

	sbuf_init(&sb);
	normalize_phone_format(&sb, digits);
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p;
}

static char *kana(const char *in, enum normalize_space sp)
{
	struct sbuf sb;
	struct rd_error err;
	char *p;

	sbuf_init(&sb);
	ck_assert_int_eq(normalize_kana(in, sp, &sb, &err), RD_OK);
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p;
}

#define KANA_EQ(in, sp, want)                                                 \
	do {                                                                  \
		char *k_ = kana(in, sp);                                      \
		ck_assert_str_eq(k_, want);                                   \
		free(k_);                                                     \
	} while (0)

static char *name(const char *in, enum normalize_space sp)
{
	struct sbuf sb;
	struct rd_error err;
	char *p;

	sbuf_init(&sb);
	ck_assert_int_eq(normalize_name(in, sp, &sb, &err), RD_OK);
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p;
}

static char *repeat(const char *unit, size_t times)
{
	size_t n = strlen(unit);
	char *s = malloc(n * times + 1);

	for (size_t i = 0; i < times; i++)
		memcpy(s + i * n, unit, n);
	s[n * times] = '\0';
	return s;
}

/* --- phone: edge cases ----------------------------------------------------- */

START_TEST(phone_full_width_with_ime_dashes)
{
	phone_ok("０９０－１２３４－５６７８", NORMALIZE_PHONE_FULL,
		 "09012345678");
	phone_ok("０９０ー１２３４ー５６７８", NORMALIZE_PHONE_FULL,
		 "09012345678");
	phone_ok("03−1234−5678", NORMALIZE_PHONE_FULL, "0312345678");
	phone_ok("03‐1234‐5678", NORMALIZE_PHONE_FULL, "0312345678");
	phone_ok("03―1234―5678", NORMALIZE_PHONE_FULL, "0312345678");
	phone_ok("03–1234–5678", NORMALIZE_PHONE_FULL, "0312345678");
	phone_ok("ｰ03ｰ1234ｰ5678", NORMALIZE_PHONE_FULL, "0312345678");
}
END_TEST

START_TEST(phone_international_prefix)
{
	phone_ok("+81 90-1234-5678", NORMALIZE_PHONE_FULL, "09012345678");
	phone_ok("+81-3-1234-5678", NORMALIZE_PHONE_FULL, "0312345678");
	phone_ok("+81 (0)3 1234 5678", NORMALIZE_PHONE_FULL, "0312345678");
	phone_ok("+81 090 1234 5678", NORMALIZE_PHONE_FULL, "09012345678");
	phone_ok("＋８１　９０　１２３４　５６７８", NORMALIZE_PHONE_FULL,
		 "09012345678");
	phone_ok("81-90-1234-5678", NORMALIZE_PHONE_FULL, "09012345678");
	phone_ok("81312345678", NORMALIZE_PHONE_FULL, "0312345678");
	phone_bad("+1 212 555 1234", NORMALIZE_PHONE_FULL, "+81");
	phone_bad("+", NORMALIZE_PHONE_FULL, "enter");
	phone_bad("090+1234", NORMALIZE_PHONE_FULL, "'+'");
	phone_bad("++81 90 1234 5678", NORMALIZE_PHONE_FULL, "'+'");
}
END_TEST

START_TEST(phone_brackets_spaces_dots)
{
	phone_ok("(03) 1234-5678", NORMALIZE_PHONE_FULL, "0312345678");
	phone_ok("（０３）１２３４－５６７８", NORMALIZE_PHONE_FULL,
		 "0312345678");
	phone_ok("[045] 123 4567", NORMALIZE_PHONE_FULL, "0451234567");
	phone_ok("03.1234.5678", NORMALIZE_PHONE_FULL, "0312345678");
	phone_ok(" 03\t1234\xE3\x80\x80" "5678 ", NORMALIZE_PHONE_FULL,
		 "0312345678");
	phone_ok("0120-123-456", NORMALIZE_PHONE_FULL, "0120123456");
	phone_ok("0800-123-4567", NORMALIZE_PHONE_FULL, "08001234567");
}
END_TEST

START_TEST(phone_refuses_letters_and_other_text)
{
	phone_bad("090-1234-567a", NORMALIZE_PHONE_FULL, "letters");
	phone_bad("０９０ＡＢ", NORMALIZE_PHONE_FULL, "letters");
	phone_bad("tel:0312345678", NORMALIZE_PHONE_FULL, "letters");
	phone_bad("03-1234-5678 内線12", NORMALIZE_PHONE_FULL, "内");
	phone_bad("03-1234-5678#", NORMALIZE_PHONE_FULL, "#");
	phone_bad("03\n12345678", NORMALIZE_PHONE_FULL, "control");
	phone_bad("\xFF" "0312345678", NORMALIZE_PHONE_FULL, "text");
	phone_bad("03\xE3\x81", NORMALIZE_PHONE_FULL, "text");
}
END_TEST

START_TEST(phone_refuses_wrong_digit_counts)
{
	phone_bad("", NORMALIZE_PHONE_FULL, "enter");
	phone_bad(NULL, NORMALIZE_PHONE_FULL, "enter");
	phone_bad("- ( ) -", NORMALIZE_PHONE_FULL, "enter");
	phone_bad("03-1234-567", NORMALIZE_PHONE_FULL, "10 or 11");
	phone_bad("090-1234-56789", NORMALIZE_PHONE_FULL, "10 or 11");
	phone_bad("090-1234-567", NORMALIZE_PHONE_FULL, "11 digits");
	phone_bad("03-1234-56789", NORMALIZE_PHONE_FULL, "10 digits");
	phone_bad("0120-123-4567", NORMALIZE_PHONE_FULL, "10 digits");
	phone_bad("9012345678", NORMALIZE_PHONE_FULL, "starts with 0");
	phone_bad("0012345678", NORMALIZE_PHONE_FULL, "starts with 0");
	phone_bad("01012345678", NORMALIZE_PHONE_FULL, "starts with 0");
	phone_bad("+81 90 1234 567", NORMALIZE_PHONE_FULL, "11 digits");
}
END_TEST

START_TEST(phone_fragment_for_search)
{
	phone_ok("5678", NORMALIZE_PHONE_FRAGMENT, "5678");
	phone_ok("１２３４－５６７８", NORMALIZE_PHONE_FRAGMENT, "12345678");
	phone_ok("090-1234-5678", NORMALIZE_PHONE_FRAGMENT, "09012345678");
	phone_ok("8123", NORMALIZE_PHONE_FRAGMENT, "8123");   /* no +81 */
	phone_ok("+81 90 1234", NORMALIZE_PHONE_FRAGMENT, "0901234");
	phone_bad("678", NORMALIZE_PHONE_FRAGMENT, "at least 4");
	phone_bad("+81 9", NORMALIZE_PHONE_FRAGMENT, "at least 4");
	phone_bad("123456789012", NORMALIZE_PHONE_FRAGMENT, "too many");
	phone_bad("56a8", NORMALIZE_PHONE_FRAGMENT, "letters");
}
END_TEST

START_TEST(phone_long_input_is_refused_without_overflow)
{
	char *zeros = repeat("0", 10000);
	char *dashes = repeat("－", 10000);
	char *wide = repeat("９", 10000);

	phone_bad(zeros, NORMALIZE_PHONE_FULL, "too many");
	phone_bad(zeros, NORMALIZE_PHONE_FRAGMENT, "too many");
	phone_bad(dashes, NORMALIZE_PHONE_FULL, "enter");
	phone_bad(wide, NORMALIZE_PHONE_FULL, "too many");
	free(zeros);
	free(dashes);
	free(wide);
}
END_TEST

START_TEST(phone_small_buffer_is_an_internal_error)
{
	char out[5];
	struct rd_error err;

	ck_assert_int_eq(normalize_phone("0312345678", NORMALIZE_PHONE_FULL,
					 out, sizeof(out), &err),
			 RD_INTERNAL);
	ck_assert_str_eq(out, "");
}
END_TEST

/* --- phone: formatting ----------------------------------------------------- */

START_TEST(phone_format_groups)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "09012345678", "090-1234-5678" },
		{ "08012345678", "080-1234-5678" },
		{ "07012345678", "070-1234-5678" },
		{ "05012345678", "050-1234-5678" },
		{ "0312345678", "03-1234-5678" },
		{ "0612345678", "06-1234-5678" },
		{ "0120123456", "0120-123-456" },
		{ "0570123456", "0570-123-456" },
		{ "08001234567", "0800-123-4567" },
		{ "0451234567", "045-123-4567" },
		{ "0521234567", "052-123-4567" },
		{ "0112345678", "011-234-5678" },
		{ "0436123456", "0436-12-3456" },   /* Ichihara, not Chiba */
		{ "0466123456", "0466-12-3456" },
		{ "0291234567", "0291-23-4567" },
		{ "0473841234", "047-384-1234" },   /* Ichikawa, not 0473-84 */
		{ "0298511234", "029-851-1234" },   /* Tsukuba */
		{ "01234567890", "01234567890" },   /* no such number: as typed */
		{ "12345", "12345" },
		{ "03-1234-5678", "03-1234-5678" },
		{ "", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = phone_fmt(cases[i].in);

		ck_assert_str_eq(p, cases[i].want);
		free(p);
	}
	char *p = phone_fmt(NULL);
	ck_assert_str_eq(p, "");
	free(p);
}
END_TEST

START_TEST(phone_normalize_then_format_round_trip)
{
	char out[NORMALIZE_PHONE_SIZE];

	ck_assert_int_eq(normalize_phone("＋８１ ９０（１２３４）５６７８",
					 NORMALIZE_PHONE_FULL, out,
					 sizeof(out), NULL), RD_OK);
	char *p = phone_fmt(out);
	ck_assert_str_eq(p, "090-1234-5678");
	free(p);
}
END_TEST

/* --- kana ---------------------------------------------------------------- */

START_TEST(kana_half_width_voicing_marks_join)
{
	KANA_EQ("ﾊﾟﾝ", NORMALIZE_SPACE_SINGLE, "パン");
	KANA_EQ("ｶﾞｷﾞｸﾞｹﾞｺﾞ", NORMALIZE_SPACE_SINGLE, "ガギグゲゴ");
	KANA_EQ("ﾊﾞﾋﾟﾌﾞﾍﾟﾎﾞ", NORMALIZE_SPACE_SINGLE, "バピブペボ");
	KANA_EQ("ｳﾞｧｲｵﾘﾝ", NORMALIZE_SPACE_SINGLE, "ヴァイオリン");
	KANA_EQ("ﾜﾞｦﾞ", NORMALIZE_SPACE_SINGLE, "ヷヺ");
	KANA_EQ("ﾔﾏﾀﾞ ﾀﾛｳ", NORMALIZE_SPACE_SINGLE, "ヤマダ タロウ");
	KANA_EQ("ｷｬｯﾁｰ", NORMALIZE_SPACE_SINGLE, "キャッチー");
}
END_TEST

START_TEST(kana_stray_voicing_marks_stay_visible)
{
	KANA_EQ("ｱﾞ", NORMALIZE_SPACE_SINGLE, "ア゛");
	KANA_EQ("ﾞｱ", NORMALIZE_SPACE_SINGLE, "゛ア");
	KANA_EQ("ｶﾟ", NORMALIZE_SPACE_SINGLE, "カ゜");
	KANA_EQ("ｶﾞﾞ", NORMALIZE_SPACE_SINGLE, "ガ゛");
	KANA_EQ("ﾊ ﾟ", NORMALIZE_SPACE_SINGLE, "ハ ゜");
}
END_TEST

START_TEST(kana_combining_marks_join)
{
	KANA_EQ("カ\xE3\x82\x99", NORMALIZE_SPACE_SINGLE, "ガ");
	KANA_EQ("は\xE3\x82\x9A", NORMALIZE_SPACE_SINGLE, "パ");
	KANA_EQ("ウ\xE3\x82\x99", NORMALIZE_SPACE_SINGLE, "ヴ");
	KANA_EQ("カ゛", NORMALIZE_SPACE_SINGLE, "ガ");
}
END_TEST

START_TEST(kana_hiragana_becomes_katakana)
{
	KANA_EQ("やまだ たろう", NORMALIZE_SPACE_SINGLE, "ヤマダ タロウ");
	KANA_EQ("ぁぃぅぇぉっゃゅょゎ", NORMALIZE_SPACE_SINGLE,
		"ァィゥェォッャュョヮ");
	KANA_EQ("ゔゕゖゝゞ", NORMALIZE_SPACE_SINGLE, "ヴヵヶヽヾ");
	KANA_EQ("がぱ", NORMALIZE_SPACE_SINGLE, "ガパ");
}
END_TEST

START_TEST(kana_spellings_are_equivalent)
{
	const char *forms[] = { "やまだ たろう", "ヤマダ タロウ",
				"ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ", "ﾔﾏﾀ\xE3\x82\x99たろう" };
	char *want = kana(forms[0], NORMALIZE_SPACE_REMOVE);

	ck_assert_str_eq(want, "ヤマダタロウ");
	for (size_t i = 1; i < sizeof(forms) / sizeof(forms[0]); i++)
		KANA_EQ(forms[i], NORMALIZE_SPACE_REMOVE, want);
	free(want);
}
END_TEST

START_TEST(kana_spaces_single_or_removed)
{
	KANA_EQ("  ヤマダ \xE3\x80\x80\t タロウ  ", NORMALIZE_SPACE_SINGLE,
		"ヤマダ タロウ");
	KANA_EQ("  ヤマダ \xE3\x80\x80\t タロウ  ", NORMALIZE_SPACE_REMOVE,
		"ヤマダタロウ");
	KANA_EQ("   ", NORMALIZE_SPACE_SINGLE, "");
	KANA_EQ("", NORMALIZE_SPACE_SINGLE, "");
	KANA_EQ(NULL, NORMALIZE_SPACE_SINGLE, "");
}
END_TEST

START_TEST(kana_middle_dot_kept_or_dropped)
{
	KANA_EQ("ｼﾞｮﾝ･ｽﾐｽ", NORMALIZE_SPACE_SINGLE, "ジョン・スミス");
	KANA_EQ("ジョン・スミス", NORMALIZE_SPACE_REMOVE, "ジョンスミス");
	KANA_EQ("ジョン スミス", NORMALIZE_SPACE_REMOVE, "ジョンスミス");
}
END_TEST

START_TEST(kana_dash_after_katakana_is_long_vowel)
{
	KANA_EQ("ﾗ-ﾒﾝ", NORMALIZE_SPACE_SINGLE, "ラーメン");
	KANA_EQ("ら－めん", NORMALIZE_SPACE_SINGLE, "ラーメン");
	KANA_EQ("サト−", NORMALIZE_SPACE_SINGLE, "サトー");
	KANA_EQ("コーー", NORMALIZE_SPACE_SINGLE, "コーー");
	KANA_EQ("-ア", NORMALIZE_SPACE_SINGLE, "-ア");
	KANA_EQ("ア -", NORMALIZE_SPACE_SINGLE, "ア -");
	KANA_EQ("A-B", NORMALIZE_SPACE_SINGLE, "A-B");
}
END_TEST

START_TEST(kana_full_width_ascii_folds)
{
	KANA_EQ("ＡＢＣ１２３", NORMALIZE_SPACE_SINGLE, "ABC123");
	KANA_EQ("ｴｰﾋﾞｰｼｰ ＡＢＣ", NORMALIZE_SPACE_SINGLE, "エービーシー ABC");
}
END_TEST

START_TEST(kana_refuses_bad_input_and_keeps_buffer)
{
	struct sbuf sb;
	struct rd_error err;

	sbuf_init(&sb);
	sbuf_adds(&sb, "keep");
	ck_assert_int_eq(normalize_kana("ヤマ\xFFダ", NORMALIZE_SPACE_SINGLE,
					&sb, &err), RD_INVALID);
	ck_assert_str_eq(sb.buf, "keep");
	ck_assert(strstr(err.msg, "UTF-8"));
	ck_assert_int_eq(normalize_kana("ヤマ\nダ", NORMALIZE_SPACE_SINGLE,
					&sb, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "control"));
	ck_assert_str_eq(sb.buf, "keep");
	ck_assert_uint_eq(sb.len, 4);
	ck_assert_int_eq(normalize_kana("ヤマダ", NORMALIZE_SPACE_SINGLE,
					&sb, &err), RD_OK);
	ck_assert_str_eq(sb.buf, "keepヤマダ");
	sbuf_done(&sb);
}
END_TEST

START_TEST(kana_long_input)
{
	char *in = repeat("ﾊﾟ", 10000);
	char *want = repeat("パ", 10000);

	KANA_EQ(in, NORMALIZE_SPACE_SINGLE, want);
	free(in);
	free(want);
}
END_TEST

START_TEST(kana_reading_validation)
{
	ck_assert(normalize_is_kana_reading("やまだ たろう"));
	ck_assert(normalize_is_kana_reading("ﾔﾏﾀﾞ ﾀﾛｳ"));
	ck_assert(normalize_is_kana_reading("ヤマダ・タロウ"));
	ck_assert(normalize_is_kana_reading("ラーメン"));
	ck_assert(normalize_is_kana_reading("ﾗ-ﾒﾝ"));
	ck_assert(normalize_is_kana_reading("ヴ"));
	ck_assert(normalize_is_kana_reading("ササキ　ヽ"));
	ck_assert(!normalize_is_kana_reading("山田"));
	ck_assert(!normalize_is_kana_reading("やまだ太郎"));
	ck_assert(!normalize_is_kana_reading("yamada"));
	ck_assert(!normalize_is_kana_reading("ヤマダ1"));
	ck_assert(!normalize_is_kana_reading("ﾞ"));
	ck_assert(!normalize_is_kana_reading("ー"));
	ck_assert(!normalize_is_kana_reading("   "));
	ck_assert(!normalize_is_kana_reading(""));
	ck_assert(!normalize_is_kana_reading(NULL));
	ck_assert(!normalize_is_kana_reading("ヤマ\xFF"));
	ck_assert(normalize_is_kana_reading("ヤマ\tダ"));
}
END_TEST

/* --- names --------------------------------------------------------------- */

START_TEST(name_folds_width_and_spaces)
{
	char *p = name("ＡＢＣ商事　株式会社", NORMALIZE_SPACE_REMOVE);

	ck_assert_str_eq(p, "ABC商事株式会社");
	free(p);
	p = name("  ＡＢＣ商事　 株式会社 ", NORMALIZE_SPACE_SINGLE);
	ck_assert_str_eq(p, "ABC商事 株式会社");
	free(p);
	p = name("ﾔﾏﾀﾞ商店", NORMALIZE_SPACE_SINGLE);
	ck_assert_str_eq(p, "ヤマダ商店");
	free(p);
}
END_TEST

START_TEST(name_keeps_hiragana_and_case)
{
	char *p = name("さくら Abc", NORMALIZE_SPACE_SINGLE);

	ck_assert_str_eq(p, "さくら Abc");
	free(p);
	p = name("か\xE3\x82\x99ーこ", NORMALIZE_SPACE_SINGLE);
	ck_assert_str_eq(p, "がーこ");
	free(p);
	p = name("A-B", NORMALIZE_SPACE_SINGLE);
	ck_assert_str_eq(p, "A-B");
	free(p);
}
END_TEST

START_TEST(name_refuses_invalid_text)
{
	struct sbuf sb;

	sbuf_init(&sb);
	ck_assert_int_eq(normalize_name("山\xE5\xB1", NORMALIZE_SPACE_SINGLE,
					&sb, NULL), RD_INVALID);
	ck_assert_int_eq(normalize_name("山\x1B[31m", NORMALIZE_SPACE_SINGLE,
					&sb, NULL), RD_INVALID);
	ck_assert_uint_eq(sb.len, 0);
	sbuf_done(&sb);
}
END_TEST

/* --- postal -------------------------------------------------------------- */

START_TEST(postal_spellings)
{
	static const char *ok[] = {
		"123-4567", "1234567", "〒123-4567", "〒 123-4567",
		"〒１２３－４５６７", "１２３ー４５６７", " 123 4567 ",
		"123−4567",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char out[NORMALIZE_POSTAL_SIZE];
		struct rd_error err;

		ck_assert_msg(normalize_postal(ok[i], out, sizeof(out), &err)
			      == RD_OK, "%s: %s", ok[i], err.msg);
		ck_assert_str_eq(out, "1234567");
	}
}
END_TEST

START_TEST(postal_refusals)
{
	char *longin = repeat("1", 10000);
	const char *bad[] = { "123-456", "12345678", "abc-defg", "〒", "",
			      "123-4567〒", "123_4567", "1234567a", "\xFF",
			      longin };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char out[NORMALIZE_POSTAL_SIZE] = "junk";
		struct rd_error err;

		ck_assert_int_eq(normalize_postal(bad[i], out, sizeof(out),
						  &err), RD_INVALID);
		ck_assert_str_eq(out, "");
		ck_assert(strstr(err.msg, "7 digits"));
	}
	free(longin);
}
END_TEST

START_TEST(postal_format)
{
	struct sbuf sb;

	sbuf_init(&sb);
	normalize_postal_format(&sb, "1000001");
	ck_assert_str_eq(sb.buf, "100-0001");
	sbuf_reset(&sb);
	normalize_postal_format(&sb, "100001");
	ck_assert_str_eq(sb.buf, "100001");
	sbuf_reset(&sb);
	normalize_postal_format(&sb, "100000a");
	ck_assert_str_eq(sb.buf, "100000a");
	sbuf_done(&sb);
}
END_TEST

/* --- e-mail -------------------------------------------------------------- */

static void email_ok(const char *in, const char *want)
{
	char out[NORMALIZE_EMAIL_SIZE];
	struct rd_error err;

	rd_error_clear(&err);
	ck_assert_msg(normalize_email(in, out, sizeof(out), &err) == RD_OK,
		      "%s: %s", in, err.msg);
	ck_assert_str_eq(out, want);
}

static void email_bad(const char *in, const char *word)
{
	char out[NORMALIZE_EMAIL_SIZE] = "junk";
	struct rd_error err;

	rd_error_clear(&err);
	ck_assert_msg(normalize_email(in, out, sizeof(out), &err)
		      == RD_INVALID, "%s accepted", in);
	ck_assert_str_eq(out, "");
	ck_assert_msg(strstr(err.msg, word), "%s: \"%s\" lacks \"%s\"", in,
		      err.msg, word);
}

START_TEST(email_trim_lowercase_and_full_width)
{
	email_ok("  Taro.Yamada@Example.CO.JP \xE3\x80\x80",
		 "taro.yamada@example.co.jp");
	email_ok("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp");
	email_ok("taro+shop@mail.example.jp", "taro+shop@mail.example.jp");
	email_ok("taro..yamada.@docomo.ne.jp", "taro..yamada.@docomo.ne.jp");
}
END_TEST

START_TEST(email_refusals)
{
	email_bad("", "enter");
	email_bad("   ", "enter");
	email_bad("taro", "one '@'");
	email_bad("taro@@example.jp", "one '@'");
	email_bad("a@b@example.jp", "one '@'");
	email_bad("@example.jp", "before '@'");
	email_bad("taro@", "domain");
	email_bad("taro@example", "domain");
	email_bad("taro@.example.jp", "domain");
	email_bad("taro@example.jp.", "domain");
	email_bad("taro@example..jp", "domain");
	email_bad("taro@exa_mple.jp", "domain");
	email_bad("taro yamada@example.jp", "spaces");
	email_bad("taro@example.jp x", "spaces");
	email_bad("たろう@example.jp", "Latin");
	email_bad("taro,@example.jp", "','");
	email_bad("\"taro\"@example.jp", "'\"'");
	email_bad("taro\x01@example.jp", "control");
	email_bad("taro\xFF@example.jp", "valid text");
}
END_TEST

START_TEST(email_length_limits)
{
	char *local64 = repeat("a", 64), *local65 = repeat("a", 65);
	char *lab = repeat("b", 185);
	char buf[600];

	/* 64 + 1 + 185 + 4 = 254 bytes: the longest allowed */
	snprintf(buf, sizeof(buf), "%s@%s.com", local64, lab);
	ck_assert_uint_eq(strlen(buf), 254);
	email_ok(buf, buf);
	snprintf(buf, sizeof(buf), "%s@%sb.com", local64, lab);
	email_bad(buf, "254");
	snprintf(buf, sizeof(buf), "%s@example.jp", local65);
	email_bad(buf, "64");
	free(local64);
	free(local65);
	free(lab);

	char *huge = repeat("a", 10000);
	email_bad(huge, "254");
	free(huge);
}
END_TEST

Suite *normalize_suite(void)
{
	Suite *s = suite_create("normalize");
	TCase *phone = tcase_create("phone");
	TCase *kana_tc = tcase_create("kana");
	TCase *other = tcase_create("name, postal, email");

	tcase_add_test(phone, phone_full_width_with_ime_dashes);
	tcase_add_test(phone, phone_international_prefix);
	tcase_add_test(phone, phone_brackets_spaces_dots);
	tcase_add_test(phone, phone_refuses_letters_and_other_text);
	tcase_add_test(phone, phone_refuses_wrong_digit_counts);
	tcase_add_test(phone, phone_fragment_for_search);
	tcase_add_test(phone, phone_long_input_is_refused_without_overflow);
	tcase_add_test(phone, phone_small_buffer_is_an_internal_error);
	tcase_add_test(phone, phone_format_groups);
	tcase_add_test(phone, phone_normalize_then_format_round_trip);
	tcase_add_test(kana_tc, kana_half_width_voicing_marks_join);
	tcase_add_test(kana_tc, kana_stray_voicing_marks_stay_visible);
	tcase_add_test(kana_tc, kana_combining_marks_join);
	tcase_add_test(kana_tc, kana_hiragana_becomes_katakana);
	tcase_add_test(kana_tc, kana_spellings_are_equivalent);
	tcase_add_test(kana_tc, kana_spaces_single_or_removed);
	tcase_add_test(kana_tc, kana_middle_dot_kept_or_dropped);
	tcase_add_test(kana_tc, kana_dash_after_katakana_is_long_vowel);
	tcase_add_test(kana_tc, kana_full_width_ascii_folds);
	tcase_add_test(kana_tc, kana_refuses_bad_input_and_keeps_buffer);
	tcase_add_test(kana_tc, kana_long_input);
	tcase_add_test(kana_tc, kana_reading_validation);
	tcase_add_test(other, name_folds_width_and_spaces);
	tcase_add_test(other, name_keeps_hiragana_and_case);
	tcase_add_test(other, name_refuses_invalid_text);
	tcase_add_test(other, postal_spellings);
	tcase_add_test(other, postal_refusals);
	tcase_add_test(other, postal_format);
	tcase_add_test(other, email_trim_lowercase_and_full_width);
	tcase_add_test(other, email_refusals);
	tcase_add_test(other, email_length_limits);
	suite_add_tcase(s, phone);
	suite_add_tcase(s, kana_tc);
	suite_add_tcase(s, other);
	return s;
}
