/* check_ui_pick_list.c: the pick list (pick_list.c): what typing finds
 * (kanji, kana either way, romaji, any case and width), moving, picking,
 * Backspace widening the list again, and its lines. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "pick_list.h"
#include "repeatdesk/width.h"

Suite *ui_pick_list_suite(void);

static char *romaji(const char *s)
{
	struct sbuf sb;
	char *r;

	sbuf_init(&sb);
	r = pick_romaji(&sb, s) ? sbuf_detach(&sb) : NULL;
	sbuf_done(&sb);
	return r;
}

START_TEST(romaji_of_kana)
{
	static const struct {
		const char *kana, *romaji;
	} cases[] = {
		/* edge cases first: nothing, not kana */
		{ "", NULL }, { "鈴木", NULL }, { "スズa", NULL },
		{ "スズキ", "suzuki" }, { "サトウ", "sato" }, { "タカハシ", "takahashi" },
		{ "キャ", "kya" }, { "シャ", "sha" }, { "チョ", "cho" }, { "ジュン", "jun" },
		{ "ハットリ", "hattori" }, { "マッチ", "matchi" }, { "ユウキ", "yuki" },
		{ "オオノ", "ono" }, { "ファ", "fa" }, { "ラーメン", "ramen" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *r = romaji(cases[i].kana);

		if (!cases[i].romaji)
			ck_assert_msg(r == NULL, "%s: %s", cases[i].kana, r);
		else
			ck_assert_msg(r && strcmp(r, cases[i].romaji) == 0, "%s: %s, want %s",
				      cases[i].kana, r ? r : "(none)", cases[i].romaji);
		free(r);
	}
}
END_TEST

/* The words of an item, as pick_list_add makes them. */
static char *words(const char *label, const char *detail)
{
	struct pick_list p;
	char *w;

	pick_list_init(&p);
	pick_list_add(&p, label, detail, NULL, "", 0);
	w = strdup(p.items[0].words);
	pick_list_done(&p);
	return w;
}

START_TEST(typing_finds_kanji_kana_and_romaji)
{
	char *w = words("鈴木 一郎", "suzuki 定期サポート");

	ck_assert(pick_matches(w, ""));                 /* nothing typed: all */
	ck_assert(pick_matches(w, "鈴木"));
	ck_assert(pick_matches(w, "一郎"));
	ck_assert(pick_matches(w, "鈴木一郎"));         /* spaces do not count */
	ck_assert(pick_matches(w, "suz"));
	ck_assert(pick_matches(w, "SUZ"));              /* any case */
	ck_assert(pick_matches(w, "ｓｕｚ"));           /* full-width */
	ck_assert(pick_matches(w, "すず"));             /* hiragana read as romaji */
	ck_assert(pick_matches(w, "スズキ"));
	ck_assert(pick_matches(w, "ｽｽﾞｷ"));             /* half-width kana */
	ck_assert(pick_matches(w, "さぽ"));             /* hiragana for katakana */
	ck_assert(!pick_matches(w, "佐藤"));
	ck_assert(!pick_matches(w, "さと"));
	ck_assert(!pick_matches(w, "tanaka"));
	free(w);
	w = words("佐藤 花子", "sato");
	ck_assert(pick_matches(w, "さとう"));           /* the long vowel as logins write it */
	ck_assert(pick_matches(w, "さと"));
	free(w);
}
END_TEST

static void fill(struct pick_list *p)
{
	pick_list_init(p);
	pick_list_add(p, "佐藤 花子", "sato  受注センター", NULL, "sato", 0);
	pick_list_add(p, "鈴木 一郎", "suzuki  定期サポート", NULL, "suzuki", 0);
	pick_list_add(p, "高橋 健", "takahashi", NULL, "takahashi", 0);
	pick_list_add(p, "定期サポート", "team", NULL, "定期サポート", 1);
}

static void type(struct pick_list *p, const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		ck_assert_int_eq(pick_list_input(p, cp), PICK_NARROWED);
		i += len;
	}
}

START_TEST(typing_narrows_arrows_move_enter_picks)
{
	struct pick_list p;

	fill(&p);
	ck_assert_uint_eq(p.nshown, 4);
	ck_assert_str_eq(pick_list_selected(&p)->value, "sato");
	ck_assert_int_eq(pick_list_request(&p, REQ_UP), PICK_REFUSED);
	ck_assert_int_eq(pick_list_request(&p, REQ_DOWN), PICK_MOVED);
	ck_assert_str_eq(pick_list_selected(&p)->value, "suzuki");
	ck_assert_int_eq(pick_list_request(&p, REQ_LAST), PICK_MOVED);
	ck_assert_str_eq(pick_list_selected(&p)->value, "定期サポート");
	ck_assert_int_eq(pick_list_request(&p, REQ_DOWN), PICK_REFUSED);
	ck_assert_int_eq(pick_list_request(&p, REQ_SAVE), PICK_IGNORED);

	/* 定期 finds the team and the agent of that team; the selection
	 * stays on the team */
	type(&p, "定期");
	ck_assert_uint_eq(p.nshown, 2);
	ck_assert_str_eq(pick_list_selected(&p)->value, "定期サポート");
	ck_assert_int_eq(pick_list_request(&p, REQ_CLEAR_FIELD), PICK_NARROWED);
	ck_assert_uint_eq(p.nshown, 4);

	type(&p, "すず");
	ck_assert_uint_eq(p.nshown, 1);
	ck_assert_str_eq(pick_list_selected(&p)->value, "suzuki");
	ck_assert_int_eq(pick_list_request(&p, REQ_ENTER), PICK_CHOSEN);

	/* nothing matches: Enter picks nothing, Backspace widens again */
	type(&p, "x");
	ck_assert_uint_eq(p.nshown, 0);
	ck_assert_ptr_null(pick_list_selected(&p));
	ck_assert_int_eq(pick_list_request(&p, REQ_ENTER), PICK_REFUSED);
	ck_assert_int_eq(pick_list_request(&p, REQ_BACKSPACE), PICK_NARROWED);
	ck_assert_str_eq(p.typed.buf, "すず");
	ck_assert_uint_eq(p.nshown, 1);
	ck_assert_int_eq(pick_list_request(&p, REQ_BACKSPACE), PICK_NARROWED);
	ck_assert_int_eq(pick_list_request(&p, REQ_BACKSPACE), PICK_NARROWED);
	ck_assert_int_eq(pick_list_request(&p, REQ_BACKSPACE), PICK_REFUSED);
	ck_assert_uint_eq(p.nshown, 4);
	pick_list_done(&p);
}
END_TEST

START_TEST(lines_show_the_typed_text_and_the_items)
{
	struct pick_list p;
	struct layout_text t;

	fill(&p);
	type(&p, "ta");
	layout_text_init(&t);
	pick_list_layout(&p, &t, 60, 10);
	/* the filter, then 高橋 (takahashi): "ta" is in its login alone */
	ck_assert_uint_eq(t.n, 2);
	ck_assert_ptr_nonnull(strstr(t.lines[0].text.buf, "Find: ta"));
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, " > 高橋 健"));
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "takahashi"));
	ck_assert_int_le(layout_line_width(&t.lines[1]), 60);
	layout_text_done(&t);

	/* two rows: the filter and the selected item, scrolled to it */
	pick_list_request(&p, REQ_CLEAR_FIELD);
	pick_list_request(&p, REQ_LAST);
	layout_text_init(&t);
	pick_list_layout(&p, &t, 60, 2);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "定期サポート"));
	layout_text_done(&t);

	type(&p, "zz");
	layout_text_init(&t);
	pick_list_layout(&p, &t, 60, 5);
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "No match"));
	layout_text_done(&t);
	pick_list_done(&p);
}
END_TEST

Suite *ui_pick_list_suite(void)
{
	Suite *s = suite_create("ui_pick_list");
	TCase *tc = tcase_create("pick_list");

	tcase_add_test(tc, romaji_of_kana);
	tcase_add_test(tc, typing_finds_kanji_kana_and_romaji);
	tcase_add_test(tc, typing_narrows_arrows_move_enter_picks);
	tcase_add_test(tc, lines_show_the_typed_text_and_the_items);
	suite_add_tcase(s, tc);
	return s;
}
