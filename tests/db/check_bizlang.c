/* check_bizlang.c: the business's language (issue 12, section 1), against
 * a real database:
 * - the setting is Japanese by default; only a supervisor may change it,
 *   and only to ja or en (the database refuses the others);
 * - a request's summary written by an English terminal is stored in
 *   Japanese when the business's language is ja, in English when it is en,
 *   while the terminal's own preview stays English;
 * - the database's stored words (rd.business_text) follow the setting;
 * - a refusal of the database reaches a Japanese terminal in Japanese,
 *   with its arguments, words of the database among them translated too;
 *   the status still comes from the SQLSTATE.
 *
 * The Japanese catalogue is one this suite writes (a few msgids, in a
 * temporary directory bound as the text domain's): it proves the
 * mechanism, whatever po/ja.po says. Its own runner: tests/lib/pgtmp.sh
 * tests/db/check_bizlang (tests/db/run-check-bizlang.sh). */
#include <check.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbtest.h"
#include "repeatdesk/bizlang.h"
#include "repeatdesk/db.h"
#include "repeatdesk/db_messages.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"

static char agent_login[DBT_LOGIN_MAX];
static char operator_login[DBT_LOGIN_MAX];
static char supervisor_login[DBT_LOGIN_MAX];
static char localedir[64];

/* The Japanese this suite's catalogue holds. */
static const char *const ja_pairs[][2] = {
	{ "", "Content-Type: text/plain; charset=UTF-8\n"
	      "Plural-Forms: nplurals=1; plural=0;\n" },
	{ "skip delivery %d (%s)", "%d回目（%s）をスキップ" },
	{ "the business language is ja or en, not %s",
	  "業務言語は ja か en（%s は使えない）" },
	{ "permission denied for table %s", "テーブル %s を変更する権限がない" },
	{ "your role is not allowed to do this (%s)", "この操作は権限外（%s）" },
	{ "inquiry %s is %s: reopen it first", "問い合わせ %1$s は%2$s：先に再オープンする" },
	{ "resolved", "解決済" },
};

static int cmp_pair(const void *a, const void *b)
{
	return strcmp(((const char *const *)a)[0], ((const char *const *)b)[0]);
}

static void put32(FILE *f, uint32_t v)
{
	ck_assert_int_eq(fwrite(&v, 4, 1, f), 1);
}

/* Writes a .mo file of the pairs (GNU MO format, sorted msgids, no hash
 * table) to dir/ja/LC_MESSAGES/repeatdesk.mo. */
static void write_catalogue(const char *dir)
{
	enum { N = sizeof(ja_pairs) / sizeof(ja_pairs[0]) };
	const char *p[N][2];
	char path[256];
	uint32_t off;
	FILE *f;

	memcpy(p, ja_pairs, sizeof(p));
	qsort(p, N, sizeof(p[0]), cmp_pair);
	snprintf(path, sizeof(path), "%s/ja", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/ja/LC_MESSAGES", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/ja/LC_MESSAGES/" RD_TEXTDOMAIN ".mo", dir);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	put32(f, 0x950412deu);
	put32(f, 0);
	put32(f, N);
	put32(f, 28);
	put32(f, 28 + 8 * N);
	put32(f, 0);
	put32(f, 28 + 16 * N);
	off = 28 + 16 * N;
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < N; i++) {
			put32(f, (uint32_t)strlen(p[i][k]));
			put32(f, off);
			off += (uint32_t)strlen(p[i][k]) + 1;
		}
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < N; i++)
			ck_assert_int_eq(fwrite(p[i][k], strlen(p[i][k]) + 1, 1, f), 1);
	ck_assert_int_eq(fclose(f), 0);
}

static void setup_once(void)
{
	static bool done;
	PGconn *admin;

	if (done)
		return;
	done = true;
	admin = dbt_admin();
	dbt_agent_new(admin, "agent", "blagt", agent_login);
	dbt_agent_new(admin, "operator", "blopr", operator_login);
	dbt_agent_new(admin, "supervisor", "blsup", supervisor_login);
	PQfinish(admin);
	snprintf(localedir, sizeof(localedir), "/tmp/rd-bizlang-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(localedir));
	write_catalogue(localedir);
	bindtextdomain(RD_TEXTDOMAIN, localedir);
}

/* Each test starts on an English terminal ("C": gettext answers with
 * the msgids) and a Japanese business. */
static void setup(void)
{
	PGconn *admin;

	setup_once();
	unsetenv("LANGUAGE");
	setlocale(LC_ALL, "C");
	bizlang_reset();
	admin = dbt_admin();
	dbt_exec(admin, "UPDATE rd.settings SET value = 'ja' WHERE key = 'business_language'", 0);
	PQfinish(admin);
}

static void japanese_terminal(void)
{
	setenv("LANGUAGE", "ja", 1);
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
}

static void set_language(const char *lang)
{
	PGconn *admin = dbt_admin();

	dbt_exec(admin, "UPDATE rd.settings SET value = $1 WHERE key = 'business_language'",
		 1, lang);
	PQfinish(admin);
}

/* ---- the setting ------------------------------------------------------- */

START_TEST(the_business_language_is_japanese_unless_a_supervisor_says_english)
{
	PGconn *admin = dbt_admin();
	PGconn *opr = dbt_login(operator_login);
	PGconn *agt = dbt_login(agent_login);
	PGconn *sup = dbt_login(supervisor_login);
	char *v;
	const char *upd = "UPDATE rd.settings SET value = $1 WHERE key = 'business_language'";

	v = dbt_value(admin, "SELECT rd.business_language()", 0);
	ck_assert_str_eq(v, "ja");
	free(v);
	/* a desk role reads it but cannot change it: the database refuses */
	v = dbt_value(opr, "SELECT rd.business_language()", 0);
	ck_assert_str_eq(v, "ja");
	free(v);
	ck_assert_str_eq(dbt_state(opr, upd, 1, "en"), "42501");
	ck_assert_str_eq(dbt_state(agt, upd, 1, "en"), "42501");
	ck_assert_str_eq(dbt_state(agt, "DELETE FROM rd.settings WHERE key = 'business_language'", 0),
			 "42501");
	/* a supervisor can, to ja or en only */
	ck_assert_str_eq(dbt_state(sup, upd, 1, "fr"), "23514");
	ck_assert_str_eq(dbt_state(sup, upd, 1, "en"), "00000");
	v = dbt_value(agt, "SELECT rd.business_language()", 0);
	ck_assert_str_eq(v, "en");
	free(v);
	ck_assert_str_eq(dbt_state(sup, upd, 1, "ja"), "00000");
	PQfinish(admin);
	PQfinish(opr);
	PQfinish(agt);
	PQfinish(sup);
}
END_TEST

START_TEST(the_database_s_own_stored_words_follow_the_setting)
{
	PGconn *agt = dbt_login(agent_login);
	char *v;

	v = dbt_value(agt, "SELECT rd.business_text('revert', '12', 'mistake')", 0);
	ck_assert_str_eq(v, "#12 の取り消し：mistake");
	free(v);
	v = dbt_value(agt, "SELECT rd.business_datetime(timestamptz '2026-12-12 01:42+00', 'Asia/Tokyo')", 0);
	ck_assert_str_eq(v, "2026/12/12(土) 10:42");
	free(v);
	set_language("en");
	v = dbt_value(agt, "SELECT rd.business_text('revert', '12', 'mistake')", 0);
	ck_assert_str_eq(v, "revert of #12: mistake");
	free(v);
	/* an argument is never read as a template */
	v = dbt_value(agt, "SELECT rd.business_text('revert', '%s', '%1$s')", 0);
	ck_assert_str_eq(v, "revert of #%s: %1$s");
	free(v);
	PQfinish(agt);
}
END_TEST

/* ---- stored texts of the terminal -------------------------------------- */

/* A subscription every 30 days, next delivery 40 days from the business's
 * today (past no cut-off), made by the admin. */
static long long subscription_new(void)
{
	PGconn *admin = dbt_admin();
	char sku[32], cid[24], sid[24];
	long long customer = dbt_customer_new(admin), id;

	dbt_product_new(admin, sku);
	id = dbt_int(admin,
		     "INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date)"
		     " VALUES ($1, '30d', 'cod', rd.customer_today() + 40) RETURNING id",
		     1, dbt_itoa(customer, cid));
	dbt_exec(admin,
		 "INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
		 " VALUES ($1, $2, 1, 3480)", 2, dbt_itoa(id, sid), sku);
	PQfinish(admin);
	return id;
}

/* A fresh request id (37 bytes). */
static void request_id(char out[40])
{
	PGconn *admin = dbt_admin();
	char *v = dbt_value(admin, "SELECT gen_random_uuid()::text", 0);

	snprintf(out, 40, "%s", v);
	free(v);
	PQfinish(admin);
}

/* An English terminal skips the next delivery of a new subscription;
 * returns its id. The preview it is shown is English. */
static long long skip_from_an_english_terminal(void)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct subrule_preview *p = calloc(1, sizeof(*p));
	struct rd_error err;
	long long id = subscription_new();
	enum rd_status st;
	char rid[40];

	ck_assert_ptr_nonnull(p);
	request_id(rid);
	subscription_request_init(&r, id, SUBRULE_SKIP);
	r.reason = "旅行で不在";
	r.request_id = rid;
	st = subscription_apply(db, &r, p, &res, &err);
	ck_assert_msg(st == RD_OK, "%s: %s", rd_status_name(st), err.msg);
	ck_assert_msg(strncmp(p->summary, "skip delivery 1 (", 17) == 0, "preview: %s", p->summary);
	db_free(&db);
	free(p);
	return id;
}

START_TEST(a_summary_from_an_english_terminal_is_kept_in_japanese)
{
	long long id = skip_from_an_english_terminal();
	char *s;

	/* the request's record (its result: what a retry answers and the
	 * call's log links) */
	s = dbt_q_text("SELECT result ->> 'summary' FROM rd.subscription_requests WHERE subscription_id = $1", id);
	ck_assert_msg(strncmp(s, "1回目（", strlen("1回目（")) == 0 && strstr(s, "）をスキップ"),
		      "request summary: %s", s);
	free(s);
	s = dbt_q_text("SELECT last_change FROM rd.subscriptions WHERE id = $1", id);
	ck_assert_msg(strstr(s, "をスキップ") != NULL, "last change: %s", s);
	free(s);
}
END_TEST

START_TEST(a_summary_is_kept_in_english_when_the_business_says_english)
{
	long long id;
	char *s;

	set_language("en");
	id = skip_from_an_english_terminal();
	s = dbt_q_text("SELECT result ->> 'summary' FROM rd.subscription_requests WHERE subscription_id = $1", id);
	ck_assert_msg(strncmp(s, "skip delivery 1 (", 17) == 0, "request summary: %s", s);
	free(s);
	s = dbt_q_text("SELECT last_change FROM rd.subscriptions WHERE id = $1", id);
	ck_assert_msg(strncmp(s, "skip delivery 1 (", 17) == 0, "last change: %s", s);
	free(s);
}
END_TEST

START_TEST(a_japanese_terminal_keeps_english_for_an_english_business)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct subrule_preview *p = calloc(1, sizeof(*p));
	struct rd_error err;
	long long id;
	char *s, rid[40];

	ck_assert_ptr_nonnull(p);
	set_language("en");
	japanese_terminal();
	id = subscription_new();
	request_id(rid);
	subscription_request_init(&r, id, SUBRULE_SKIP);
	r.reason = "旅行で不在";
	r.request_id = rid;
	ck_assert_int_eq(subscription_apply(db, &r, p, &res, &err), RD_OK);
	/* the terminal's preview in its own language */
	ck_assert_msg(strstr(p->summary, "をスキップ") != NULL, "preview: %s", p->summary);
	s = dbt_q_text("SELECT result ->> 'summary' FROM rd.subscription_requests WHERE subscription_id = $1", id);
	ck_assert_msg(strncmp(s, "skip delivery 1 (", 17) == 0, "request summary: %s", s);
	free(s);
	db_free(&db);
	free(p);
}
END_TEST

/* ---- the database's refusals ------------------------------------------- */

START_TEST(a_refusal_reaches_a_japanese_terminal_in_japanese_with_its_arguments)
{
	struct rd_db *sup, *opr;
	struct rd_error err;
	const char *fr[1] = { "fr" };
	const char *upd = "UPDATE rd.settings SET value = $1 WHERE key = 'business_language'";
	char out[256];

	japanese_terminal();
	sup = dbt_store_as(supervisor_login, NULL);
	opr = dbt_store_as(operator_login, NULL);
	/* a RAISE of a migration: the status from its SQLSTATE (check
	 * violation), the words translated, the argument in its place */
	ck_assert_int_eq(db_exec(sup, upd, 1, fr, NULL, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "業務言語は ja か en（fr は使えない）");
	/* PostgreSQL's own refusal, inside the terminal's words */
	ck_assert_int_eq(db_exec(opr, upd, 1, fr, NULL, &err), RD_PERMISSION);
	ck_assert_str_eq(err.msg, "この操作は権限外（テーブル settings を変更する権限がない）");
	/* arguments reordered by the translation, a word of the database
	 * (a status) translated too */
	ck_assert(db_message_translate("inquiry 12 is resolved: reopen it first", out, sizeof(out)));
	ck_assert_str_eq(out, "問い合わせ 12 は解決済：先に再オープンする");
	/* a message no template knows stays as it is */
	ck_assert(!db_message_translate("something else entirely", out, sizeof(out)));
	ck_assert_str_eq(out, "something else entirely");
	db_free(&sup);
	db_free(&opr);
}
END_TEST

START_TEST(an_english_terminal_reads_the_refusal_as_the_database_wrote_it)
{
	struct rd_db *sup = dbt_store_as(supervisor_login, NULL);
	struct rd_error err;
	const char *fr[1] = { "fr" };

	ck_assert_int_eq(db_exec(sup, "UPDATE rd.settings SET value = $1 WHERE key = 'business_language'",
				 1, fr, NULL, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "the business language is ja or en, not fr");
	ck_assert_uint_gt(db_message_count(), 100);
	db_free(&sup);
}
END_TEST

static Suite *bizlang_suite(void)
{
	Suite *s = suite_create("bizlang");
	TCase *tc = tcase_create("bizlang");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	/* once, in the runner's own process: the agents and the catalogue */
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, the_business_language_is_japanese_unless_a_supervisor_says_english);
	tcase_add_test(tc, the_database_s_own_stored_words_follow_the_setting);
	tcase_add_test(tc, a_summary_from_an_english_terminal_is_kept_in_japanese);
	tcase_add_test(tc, a_summary_is_kept_in_english_when_the_business_says_english);
	tcase_add_test(tc, a_japanese_terminal_keeps_english_for_an_english_business);
	tcase_add_test(tc, a_refusal_reaches_a_japanese_terminal_in_japanese_with_its_arguments);
	tcase_add_test(tc, an_english_terminal_reads_the_refusal_as_the_database_wrote_it);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	int rc = dbt_run_suite(bizlang_suite(), "check_bizlang");
	char path[256];

	/* the catalogue this run wrote */
	if (localedir[0]) {
		snprintf(path, sizeof(path), "%s/ja/LC_MESSAGES/" RD_TEXTDOMAIN ".mo", localedir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/ja/LC_MESSAGES", localedir);
		rmdir(path);
		snprintf(path, sizeof(path), "%s/ja", localedir);
		rmdir(path);
		rmdir(localedir);
	}
	return rc;
}
