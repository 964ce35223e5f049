/* check_catalogue.c: the program's words under a catalogue (issue 12).
 *
 * Each test writes a tiny message catalogue (a .mo of a few entries) into a
 * temporary directory, binds the text domain to it and switches to a
 * Japanese locale, then runs the code that shows the words:
 *   - a word that means two things takes its context's translation
 *     ("cancelled": an order's キャンセル, a subscription's 解約済);
 *   - a word with a context and no translation shows its plain text;
 *   - a history summary is one sentence, so a translation puts the verb
 *     last;
 *   - "same request" is copied whole, however long its translation;
 *   - the plural cycles take their Japanese form.
 * The locale ja_JP.UTF-8 must exist (scripts install it); without it the
 * suite says so and skips (exit 77). */
#include <check.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history_view.h"
#include "inquiry_text.h"
#include "order_text.h"
#include "repeatdesk/calendar.h"
#include "repeatdesk/cycle.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/keys.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/width.h"
#include "screen.h"
#include "home_screen.h"

/* The pure ui code links without store/ and the other screens: these
 * stand in for what home_screen.c reaches. */
const struct screen_ops inquiry_queue_screen_ops = { .name = "inquiry_queue" };
const struct screen_ops dashboard_screen_ops = { .name = "dashboard" };
const struct screen_ops history_screen_ops = { .name = "history" };
const struct screen_ops report_screen_ops = { .name = "report" };
const char *db_server_version(const struct rd_db *db);
const char *db_server_version(const struct rd_db *db)
{
	(void)db;
	return "15";
}

/* msgid (a context as "ctx\004id", plurals as "sg\0pl" with its length),
 * msgstr */
struct mo_entry {
	const char *id;
	size_t idlen;
	const char *str;
	size_t strlen;
};

#define E(id, str) { id, sizeof(id) - 1, str, sizeof(str) - 1 }

static const struct mo_entry catalogue[] = {
	E("", "Content-Type: text/plain; charset=UTF-8\n"
	      "Plural-Forms: nplurals=1; plural=0;\n"),
	E("order status\004cancelled", "キャンセル"),
	E("subscription status\004cancelled", "解約済"),
	E("reservation status\004cancelled", "取消済"),
	E("inquiry status\004open", "未対応"),
	E("calendar day\004open", "営業日"),
	E("screen\004Home", "ホーム"),
	E("field\004e-mail", "メールアドレス"),
	/* "channel\004e-mail" and "key\004Home" left out: untranslated */
	E("cancelled", "WRONG: no context"),
	E("open", "WRONG: no context"),
	E("Home", "WRONG: no context"),
	E("e-mail", "WRONG: no context"),
	E("order", "注文"),
	E("%s %s added", "%s %s を追加"),
	E("%s added", "%s を追加"),
	E(" added", " WRONG: a piece"),
	E("  same request", "  同じリクエスト"),
	E("Friday", "金曜日"),
	E("every %d week on %s\0every %d weeks on %s", "%d週間ごと・%s"),
	E("every %d month on the last %s\0every %d months on the last %s",
	  "%dか月ごと・最終%s"),
};

static char dir[64];
static char mo_path[128];

static void put32(FILE *f, uint32_t v)
{
	fwrite(&v, sizeof(v), 1, f);
}

static int by_id(const void *a, const void *b)
{
	const struct mo_entry *x = a, *y = b;
	size_t n = x->idlen < y->idlen ? x->idlen : y->idlen;
	int c = memcmp(x->id, y->id, n);

	/* the NUL of a plural sorts as the end of the string, as strcmp */
	return c ? c : (x->idlen > y->idlen) - (x->idlen < y->idlen);
}

/* A .mo without a hash table: glibc looks entries up by binary search in
 * the sorted msgids. */
static void write_mo(const char *path)
{
	enum { N = sizeof(catalogue) / sizeof(catalogue[0]) };
	struct mo_entry e[N];
	uint32_t off = 28 + 16 * N;
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	memcpy(e, catalogue, sizeof(e));
	qsort(e, N, sizeof(e[0]), by_id);
	put32(f, 0x950412deu);
	put32(f, 0);
	put32(f, N);
	put32(f, 28);
	put32(f, 28 + 8 * N);
	put32(f, 0);
	put32(f, off);
	for (size_t i = 0; i < N; i++) {
		put32(f, (uint32_t)e[i].idlen);
		put32(f, off);
		off += (uint32_t)e[i].idlen + 1;
	}
	for (size_t i = 0; i < N; i++) {
		put32(f, (uint32_t)e[i].strlen);
		put32(f, off);
		off += (uint32_t)e[i].strlen + 1;
	}
	for (size_t i = 0; i < N; i++)
		fwrite(e[i].id, 1, e[i].idlen + 1, f);
	for (size_t i = 0; i < N; i++)
		fwrite(e[i].str, 1, e[i].strlen + 1, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void setup(void)
{
	char sub[96];

	snprintf(dir, sizeof(dir), "/tmp/rd-catalogue-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/ja", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof(sub), "%s/ja/LC_MESSAGES", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(mo_path, sizeof(mo_path), "%s/ja/LC_MESSAGES/%s.mo", dir, RD_TEXTDOMAIN);
	write_mo(mo_path);
	ck_assert_ptr_nonnull(bindtextdomain(RD_TEXTDOMAIN, dir));
	bind_textdomain_codeset(RD_TEXTDOMAIN, "UTF-8");
	unsetenv("LANGUAGE");
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "ja_JP.UTF-8"));
}

static void teardown(void)
{
	char sub[96];

	setlocale(LC_ALL, "C");
	unlink(mo_path);
	snprintf(sub, sizeof(sub), "%s/ja/LC_MESSAGES", dir);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/ja", dir);
	rmdir(sub);
	rmdir(dir);
}

START_TEST(a_word_takes_the_translation_of_its_context)
{
	ck_assert_str_eq(order_status_word("cancelled"), "キャンセル");
	ck_assert_str_eq(subrule_status_label(SUBRULE_CANCELLED), "解約済");
	ck_assert_str_eq(history_enum_words("orders", "status", "cancelled"), "キャンセル");
	ck_assert_str_eq(history_enum_words("subscriptions", "status", "cancelled"), "解約済");
	ck_assert_str_eq(history_enum_words("subscription_reservations", "status", "cancelled"),
			 "取消済");
	ck_assert_str_eq(history_enum_words("inquiries", "status", "open"), "未対応");
	ck_assert_str_eq(inquiry_status_label("open"), "未対応");
	ck_assert_str_eq(calendar_kind_label(CALENDAR_OPEN), "営業日");
	ck_assert_str_eq(_(home_screen_ops.title), "ホーム");
	ck_assert_str_eq(history_column_label("customers", "email"), "メールアドレス");
}
END_TEST

START_TEST(a_word_without_its_translation_shows_its_text)
{
	struct sbuf sb;

	/* "key\004Home" and "channel\004e-mail" are not in the catalogue:
	 * the plain word, never the catalogue key, and never the
	 * translation of the word without its context */
	sbuf_init(&sb);
	keys_name(&sb, KEYS_HOME);
	ck_assert_str_eq(sb.buf, "Home");
	sbuf_done(&sb);
	ck_assert_str_eq(history_enum_words("inquiry_entries", "channel", "email"), "e-mail");
	ck_assert_str_eq(C_("nothing", "not translated"), "not translated");
	/* and every word in English without a catalogue */
	setlocale(LC_ALL, "C");
	ck_assert_str_eq(order_status_word("cancelled"), "cancelled");
	ck_assert_str_eq(_(home_screen_ops.title), "Home");
	ck_assert_str_eq(calendar_kind_label(CALENDAR_OPEN), "open");
}
END_TEST

START_TEST(a_history_summary_is_one_sentence)
{
	struct history_words w;
	struct rd_error err;

	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(history_words_make("orders", "INSERT", NULL,
					    "{\"id\":3,\"order_no\":\"2026-0042\"}", "",
					    &w, &err), RD_OK);
	ck_assert_str_eq(w.summary, "注文 2026-0042 を追加");
	history_words_done(&w);
	ck_assert_int_eq(history_words_make("orders", "INSERT", NULL, "{}", "", &w, &err),
			 RD_OK);
	ck_assert_str_eq(w.summary, "注文 を追加");
	history_words_done(&w);
}
END_TEST

static struct history_entry entry(long long id)
{
	struct history_entry e;

	memset(&e, 0, sizeof(e));
	e.id = id;
	e.txid = 77;
	snprintf(e.at, sizeof(e.at), "2026-11-23 10:42:05");
	snprintf(e.actor, sizeof(e.actor), "suzuki");
	e.actor_name = (char *)"鈴木 一郎";
	snprintf(e.table, sizeof(e.table), "subscriptions");
	snprintf(e.op, sizeof(e.op), "UPDATE");
	snprintf(e.row_key, sizeof(e.row_key), "7");
	e.old_row = (char *)"{\"id\":7,\"next_date\":\"2026-12-15\"}";
	e.new_row = (char *)"{\"id\":7,\"next_date\":\"2027-01-15\"}";
	e.changed = (char *)"next_date";
	e.reason = (char *)"";
	e.request_id = (char *)"";
	return e;
}

START_TEST(same_request_is_copied_whole_in_any_language)
{
	/* "  同じリクエスト" is 16 columns but 23 bytes: a 17-byte buffer cut
	 * it inside a character */
	struct history_entry v[2] = { entry(12), entry(11) };
	struct layout_text t;

	layout_text_init(&t);
	history_view_list(&t, v, 2, 0, 0, false, 100, 20);
	ck_assert_uint_ge(t.n, 4);
	ck_assert_ptr_nonnull(strstr(t.lines[3].text.buf, "  同じリクエスト"));
	for (size_t i = 0; i < t.n; i++)
		ck_assert(utf8_valid_text(t.lines[i].text.buf, t.lines[i].text.len));
	layout_text_done(&t);
}
END_TEST

START_TEST(plural_cycles_take_their_translation)
{
	struct cycle c;
	struct sbuf sb;

	sbuf_init(&sb);
	ck_assert_int_eq(cycle_parse("2w:fri", &c, NULL), RD_OK);
	cycle_describe(&c, &sb);
	ck_assert_str_eq(sb.buf, "2週間ごと・金曜日");
	sbuf_reset(&sb);
	ck_assert_int_eq(cycle_parse("3m:lastfri", &c, NULL), RD_OK);
	cycle_describe(&c, &sb);
	ck_assert_str_eq(sb.buf, "3か月ごと・最終金曜日");
	sbuf_done(&sb);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("catalogue");
	TCase *tc = tcase_create("catalogue");
	SRunner *sr;
	int failed;

	if (!setlocale(LC_ALL, "ja_JP.UTF-8")) {
		printf("# check_catalogue: the locale ja_JP.UTF-8 is not installed "
		       "(scripts install it); skipped\n");
		return 77;
	}
	setlocale(LC_ALL, "C");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_word_takes_the_translation_of_its_context);
	tcase_add_test(tc, a_word_without_its_translation_shows_its_text);
	tcase_add_test(tc, a_history_summary_is_one_sentence);
	tcase_add_test(tc, same_request_is_copied_whole_in_any_language);
	tcase_add_test(tc, plural_cycles_take_their_translation);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
