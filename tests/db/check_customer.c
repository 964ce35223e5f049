/* check_customer.c: store/customer.c against a real database: every search
 * key in the spellings callers use, every filter and a combination, keyset
 * pages, counts, saved filters, registering and editing with optimistic
 * locking (two connections), the figures that follow the orders, and
 * input that tries to break out of its parameter.
 *
 * Its own runner: run it as tests/lib/pgtmp.sh tests/db/check_customer
 * (tests/db/run-check-customer.sh). The fixture is loaded once by the
 * cluster's superuser; each test works through the store as an operator
 * with its own login, as the desk does. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbtest.h"
#include "repeatdesk/customer.h"
#include "repeatdesk/customer_view.h"
#include "repeatdesk/subscription.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/sbuf.h"

#define PAGE 200
#define BULK 10050  /* customers named タイリョウ: more than an exact count */

static char operator_login[DBT_LOGIN_MAX];
static char other_login[DBT_LOGIN_MAX];

/* ------------------------------------------------------------------------
 * Fixture */

static const char fixture_sql[] =
	"INSERT INTO rd.products (sku, name, price, tax_rate) VALUES"
	"  ('AOJIRU-30', '青汁 30包', 3980, 8), ('COLLAGEN', 'コラーゲン', 4980, 8);"
	"INSERT INTO rd.media (code, name, channel) VALUES"
	"  ('TV01', 'テレビ 朝', 'tv'), ('WEB02', 'ウェブ広告', 'web');"
	/* the named customers; ages relative to today so that they never drift */
	"INSERT INTO rd.customers (name, name_kana, phone1, phone2, email, postal_code,"
	"                          prefecture, birth_date, gender, no_dm) VALUES"
	"  ('山田 太郎', 'ヤマダ タロウ', '09012345678', NULL, 'taro.yamada@example.jp',"
	"   '1000001', '東京都', current_date - interval '45 years 2 months', 'm', false),"
	"  ('山田 花子', 'ヤマダ ハナコ', '0312345678', '08055556666', NULL,"
	"   '5300001', '大阪府', current_date - interval '30 years 1 month', 'f', true),"
	"  ('中山田 一郎', 'ナカヤマダ イチロウ', '0451234567', NULL, NULL,"
	"   '2200001', '神奈川県', current_date - interval '70 years', 'm', false),"
	"  ('田中 美咲', 'タナカ ミサキ', '09087654321', NULL, 'misaki@example.jp',"
	"   '1600022', '東京都', current_date - interval '52 years 3 months', 'f', false),"
	"  ('山', 'ヤマ', NULL, NULL, NULL, NULL, NULL, NULL, NULL, false),"
	"  ('100%_テスト\\商会', 'テスト', NULL, NULL, NULL, NULL, NULL, NULL, NULL, false),"
	"  ('ジョン・スミス', 'ジョン・スミス', '08011112222', NULL, NULL, NULL, NULL, NULL, 'x', false),"
	"  ('O''Brien 商事', 'オブライエン', '0661234567', NULL, NULL, NULL, '大阪府', NULL, NULL, false);"
	/* pages: 60 whose reading starts with スズキ, 25 that only contain it */
	"INSERT INTO rd.customers (name, name_kana, prefecture)"
	"  SELECT '鈴木 ' || n, 'スズキ イチロウ', '北海道' FROM generate_series(1, 60) n;"
	"INSERT INTO rd.customers (name, name_kana, prefecture)"
	"  SELECT '大鈴木 ' || n, 'オオスズキ ジロウ', '北海道' FROM generate_series(1, 25) n;"
	/* more than CUSTOMER_COUNT_EXACT_MAX */
	"INSERT INTO rd.customers (name, name_kana, prefecture)"
	"  SELECT '大量 ' || n, 'タイリョウ', '沖縄県' FROM generate_series(1, 10050) n;"
	/* subscriptions: 山田 太郎 active, 山田 花子 paused, 田中 美咲 cancelled */
	"INSERT INTO rd.subscriptions (customer_id, status, cycle, payment, next_date,"
	"                              paused_until, cancelled_on)"
	"  SELECT id, 'active', '1m:15', 'cod', current_date + 20, NULL::date, NULL::date"
	"    FROM rd.customers WHERE name = '山田 太郎'"
	"  UNION ALL SELECT id, 'paused', '2w:fri', 'cod', NULL, current_date + 30, NULL"
	"    FROM rd.customers WHERE name = '山田 花子'"
	"  UNION ALL SELECT id, 'cancelled', '45d', 'cod', NULL, NULL, current_date - 100"
	"    FROM rd.customers WHERE name = '田中 美咲';"
	"INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
	"  SELECT id, 'AOJIRU-30', 2, 3480 FROM rd.subscriptions;"
	/* orders: the figures follow through the triggers */
	"INSERT INTO rd.orders (customer_id, order_date, payment, media_code, total, status)"
	"  SELECT id, current_date - 400, 'cod', 'TV01', 60000, 'delivered'"
	"    FROM rd.customers WHERE name = '山田 太郎'"
	"  UNION ALL SELECT id, current_date - 10, 'cod', 'WEB02', 50000, 'delivered'"
	"    FROM rd.customers WHERE name = '山田 太郎'"
	"  UNION ALL SELECT id, current_date - 200, 'cod', 'WEB02', 5000, 'delivered'"
	"    FROM rd.customers WHERE name = '山田 花子'"
	"  UNION ALL SELECT id, current_date - 90, 'cod', 'TV01', 8000, 'cancelled'"
	"    FROM rd.customers WHERE name = '田中 美咲'"
	"  UNION ALL SELECT id, current_date - 80, 'cod', 'TV01', 12000, 'delivered'"
	"    FROM rd.customers WHERE name = '田中 美咲';"
	"INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
	"  SELECT o.id, CASE WHEN c.name = '田中 美咲' THEN 'COLLAGEN' ELSE 'AOJIRU-30' END,"
	"         '商品', 1, 1000, 8"
	"    FROM rd.orders o JOIN rd.customers c ON c.id = o.customer_id;"
	"INSERT INTO rd.inquiries (customer_id, channel, category, subject, status)"
	"  SELECT id, 'inbound_call', 'skip', '次回お休み希望', 'open'"
	"    FROM rd.customers WHERE name = '山田 太郎'"
	"  UNION ALL SELECT id, 'inbound_call', 'question', '解決済みの質問', 'resolved'"
	"    FROM rd.customers WHERE name = '山田 太郎';"
	"ANALYZE rd.customers;";

static void setup_once(void)
{
	static int done;
	PGconn *admin;

	if (done)
		return;
	done = 1;
	admin = dbt_admin();
	dbt_exec_script(admin, fixture_sql);
	dbt_agent_new(admin, "operator", "cop", operator_login);
	dbt_agent_new(admin, "operator", "cot", other_login);
	PQfinish(admin);
}

/* ------------------------------------------------------------------------
 * Helpers */

static struct rd_db *store(void)
{
	return dbt_store_as(operator_login, "check_customer");
}

/* The customer code of the (unique) customer called name. */
static void code_of(const char *name, char out[CUSTOMER_CODE_SIZE])
{
	PGconn *c = dbt_admin();
	char *v = dbt_value(c, "SELECT code FROM rd.customers WHERE name = $1", 1, name);

	snprintf(out, CUSTOMER_CODE_SIZE, "%s", v);
	free(v);
	PQfinish(c);
}

/* Runs one search (first page of up to PAGE) and returns the rows. */
static struct customer_row *find(struct rd_db *db, const struct customer_query *q,
				 int *n, enum rd_status want)
{
	static struct customer_row rows[PAGE];
	struct customer_cursor next;
	struct rd_error err;
	enum rd_status st = customer_find(db, q, NULL, rows, PAGE, n, &next, &err);

	ck_assert_msg(st == want, "customer_find: %s (%s), wanted %s",
		      rd_status_name(st), err.msg, rd_status_name(want));
	return rows;
}

/* Searches the one line text and returns the number of rows. */
static int find_any(struct rd_db *db, const char *text, struct customer_row **rows)
{
	struct customer_query q;
	struct rd_error err;
	int n;

	customer_query_init(&q);
	ck_assert_msg(customer_query_set(&q, CUSTOMER_Q_ANY, text, &err) == RD_OK, "%s", err.msg);
	*rows = find(db, &q, &n, RD_OK);
	return n;
}

static bool has_name(const struct customer_row *rows, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].name, name) == 0)
			return true;
	return false;
}

static int index_of(const struct customer_row *rows, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].name, name) == 0)
			return i;
	return -1;
}

/* The names of a result, sorted, joined by '|' (to compare result sets). */
static char *names_of(const struct customer_row *rows, int n)
{
	struct sbuf sb;
	const char **v = calloc((size_t)n + 1, sizeof(*v));

	for (int i = 0; i < n; i++)
		v[i] = rows[i].name;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			const char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	sbuf_init(&sb);
	for (int i = 0; i < n; i++)
		sbuf_printf(&sb, "%s%s", i ? "|" : "", v[i]);
	free(v);
	{
		char *out = sbuf_detach(&sb);

		sbuf_done(&sb);  /* detach leaves a fresh empty buffer */
		return out;
	}
}

/* A number from the admin connection (dates as day numbers). */
static long long admin_int(const char *sql)
{
	PGconn *c = dbt_admin();
	long long v = dbt_int(c, sql, 0);

	PQfinish(c);
	return v;
}

static int count_filtered(struct rd_db *db, struct customer_query *q)
{
	int n;

	find(db, q, &n, RD_OK);
	return n;
}

/* ------------------------------------------------------------------------
 * The search line */

START_TEST(classify_understands_every_spelling)
{
	static const struct {
		const char *in;
		enum customer_kind kind;
		const char *key;
	} cases[] = {
		{ "０９０－１２３４－５６７８", CUSTOMER_KIND_PHONE, "09012345678" },
		{ "090-1234-5678", CUSTOMER_KIND_PHONE, "09012345678" },
		{ "+81 90 1234 5678", CUSTOMER_KIND_PHONE, "09012345678" },
		{ "(03) 1234-5678", CUSTOMER_KIND_PHONE, "0312345678" },
		{ "5678", CUSTOMER_KIND_PHONE_FRAGMENT, "5678" },
		{ "５６７８", CUSTOMER_KIND_PHONE_FRAGMENT, "5678" },
		{ "1000001", CUSTOMER_KIND_POSTAL_OR_PHONE, "1000001" },
		{ "100-0001", CUSTOMER_KIND_POSTAL, "1000001" },
		{ "〒１００－０００１", CUSTOMER_KIND_POSTAL, "1000001" },
		{ "c123", CUSTOMER_KIND_CODE, "C0000123" },
		{ "C0000123", CUSTOMER_KIND_CODE, "C0000123" },
		{ "Ｃ１２３", CUSTOMER_KIND_CODE, "C0000123" },
		{ "C123456789", CUSTOMER_KIND_CODE, "C123456789" },
		{ "o1", CUSTOMER_KIND_ORDER, "O00000001" },
		{ "Taro.Yamada@Example.JP", CUSTOMER_KIND_EMAIL, "taro.yamada@example.jp" },
		{ "やまだ", CUSTOMER_KIND_KANA, "ヤマダ" },
		{ "ﾔﾏﾀﾞ ﾀﾛｳ", CUSTOMER_KIND_KANA, "ヤマダタロウ" },
		{ "ヤマダ", CUSTOMER_KIND_KANA, "ヤマダ" },
		{ "山田", CUSTOMER_KIND_NAME, "山田" },
		{ "山田 太郎", CUSTOMER_KIND_NAME, "山田太郎" },
		{ "Smith", CUSTOMER_KIND_NAME, "Smith" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct customer_guess g;
		struct rd_error err;

		ck_assert_msg(customer_classify(cases[i].in, &g, &err) == RD_OK, "%s: %s",
			      cases[i].in, err.msg);
		ck_assert_msg(g.kind == cases[i].kind, "%s: kind %d, wanted %d", cases[i].in,
			      (int)g.kind, (int)cases[i].kind);
		ck_assert_str_eq(g.key, cases[i].key);
	}
}
END_TEST

START_TEST(classify_refuses_what_is_no_key)
{
	static const char *const bad[] = { "", "   ", "123", "12", "abc\001", "\xff\xfe",
					   "山田\x1b[2J", "090-1234-5678-9999" };
	struct customer_guess g;
	struct rd_error err;
	char *big = malloc(10001);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(customer_classify(bad[i], &g, &err) == RD_INVALID, "'%s' accepted", bad[i]);
		ck_assert_msg(err.msg[0] != '\0', "no message for '%s'", bad[i]);
	}
	memset(big, 'a', 10000);
	big[10000] = '\0';
	ck_assert_int_eq(customer_classify(big, &g, &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "too long"));
	free(big);
}
END_TEST

/* ------------------------------------------------------------------------
 * Keys */

START_TEST(phone_in_any_spelling_finds_the_customer)
{
	static const char *const spellings[] = {
		"０９０－１２３４－５６７８", "090-1234-5678", "09012345678",
		"+81 90 1234 5678", "+81-90-1234-5678", "(090)1234-5678", "090 1234 5678",
	};
	struct rd_db *db = store();
	struct customer_row *rows;
	int n;

	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		n = find_any(db, spellings[i], &rows);
		ck_assert_msg(n == 1, "%s: %d rows", spellings[i], n);
		ck_assert_str_eq(rows[0].name, "山田 太郎");
		ck_assert_int_eq(rows[0].match, CUSTOMER_MATCH_EXACT);
	}
	/* the second number counts as much as the first */
	n = find_any(db, "080-5555-6666", &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 花子");
	db_free(&db);
}
END_TEST

START_TEST(a_trailing_fragment_of_four_digits_or_more)
{
	struct rd_db *db = store();
	struct customer_query q;
	struct customer_row *rows;
	struct rd_error err;
	int n;

	/* 09012345678 and 0312345678 both end in 5678 */
	n = find_any(db, "5678", &rows);
	ck_assert_int_eq(n, 2);
	ck_assert(has_name(rows, n, "山田 太郎"));
	ck_assert(has_name(rows, n, "山田 花子"));
	ck_assert_int_eq(rows[0].match, CUSTOMER_MATCH_PARTIAL);
	n = find_any(db, "６６６６", &rows);  /* phone2, full-width */
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 花子");
	n = find_any(db, "12345678", &rows);
	ck_assert_int_eq(n, 2);
	/* --phone takes a fragment too, and refuses three digits */
	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_PHONE, "4321", &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "田中 美咲");
	customer_query_set(&q, CUSTOMER_Q_PHONE, "321", &err);
	find(db, &q, &n, RD_INVALID);
	db_free(&db);
}
END_TEST

START_TEST(code_order_email_and_postal)
{
	struct rd_db *db = store();
	PGconn *admin = dbt_admin();
	struct customer_query q;
	struct customer_row *rows;
	struct rd_error err;
	char code[CUSTOMER_CODE_SIZE], typed[64];
	char *order_no;
	int n;

	code_of("田中 美咲", code);
	n = find_any(db, code, &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].code, code);
	/* lower case, without the zeros */
	snprintf(typed, sizeof(typed), "c%lld", strtoll(code + 1, NULL, 10));
	n = find_any(db, typed, &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].code, code);

	order_no = dbt_value(admin, "SELECT o.order_no FROM rd.orders o JOIN rd.customers c"
			     " ON c.id = o.customer_id WHERE c.name = '山田 花子'", 0);
	snprintf(typed, sizeof(typed), "o%lld", strtoll(order_no + 1, NULL, 10));
	n = find_any(db, typed, &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 花子");
	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_ORDER, order_no, &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	free(order_no);

	n = find_any(db, "TARO.YAMADA@EXAMPLE.JP", &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 太郎");
	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_EMAIL, "Misaki@Example.jp", &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "田中 美咲");

	n = find_any(db, "100-0001", &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 太郎");
	/* seven bare digits: the postal code first, then phone endings */
	n = find_any(db, "1000001", &rows);
	ck_assert_int_ge(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 太郎");
	ck_assert_int_eq(rows[0].match, CUSTOMER_MATCH_EXACT);
	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_POSTAL, "〒160-0022", &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "田中 美咲");
	customer_query_set(&q, CUSTOMER_Q_POSTAL, "1600022", &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(one_and_two_character_names)
{
	struct rd_db *db = store();
	struct customer_row *rows;
	int n;

	/* 田: 田中 starts with it, three others contain it */
	n = find_any(db, "田", &rows);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(rows[0].name, "田中 美咲");
	ck_assert_int_eq(rows[0].match, CUSTOMER_MATCH_PREFIX);
	ck_assert(has_name(rows, n, "中山田 一郎"));
	ck_assert_int_eq(rows[n - 1].match, CUSTOMER_MATCH_PARTIAL);

	/* 山: the customer called exactly 山 first, then 山田 x2, then 中山田 */
	n = find_any(db, "山", &rows);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(rows[0].name, "山");
	ck_assert_int_eq(rows[0].match, CUSTOMER_MATCH_EXACT);
	ck_assert_int_eq(rows[1].match, CUSTOMER_MATCH_PREFIX);
	ck_assert_int_eq(rows[2].match, CUSTOMER_MATCH_PREFIX);
	ck_assert_str_eq(rows[3].name, "中山田 一郎");
	ck_assert_int_eq(rows[3].match, CUSTOMER_MATCH_PARTIAL);

	n = find_any(db, "山田", &rows);
	ck_assert_int_eq(n, 3);
	/* the prefix group in the order of the name: 山田太郎 < 山田花子 */
	ck_assert_str_eq(rows[0].name, "山田 太郎");
	ck_assert_str_eq(rows[1].name, "山田 花子");
	ck_assert_int_lt(index_of(rows, n, "山田 花子"), index_of(rows, n, "中山田 一郎"));
	ck_assert_int_lt(index_of(rows, n, "山田 太郎"), index_of(rows, n, "中山田 一郎"));

	/* three characters and more (pg_trgm), spaces ignored */
	n = find_any(db, "田太郎", &rows);
	ck_assert_int_eq(n, 1);
	n = find_any(db, "山田 太郎", &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(rows[0].match, CUSTOMER_MATCH_EXACT);
	n = find_any(db, "田中美", &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(rows[0].match, CUSTOMER_MATCH_PREFIX);
	db_free(&db);
}
END_TEST

START_TEST(readings_in_hiragana_katakana_and_half_width_are_one)
{
	static const char *const same[] = { "やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "ヤ マ ダ" };
	struct rd_db *db = store();
	struct customer_row *rows;
	char *first = NULL;
	int n;

	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char *names;

		n = find_any(db, same[i], &rows);
		ck_assert_msg(n == 3, "%s: %d rows", same[i], n);
		ck_assert_int_eq(rows[0].match, CUSTOMER_MATCH_PREFIX);
		ck_assert_str_eq(rows[2].name, "中山田 一郎");  /* ナカヤマダ: partial */
		names = names_of(rows, n);
		if (!first)
			first = names;
		else {
			ck_assert_str_eq(names, first);
			free(names);
		}
	}
	free(first);
	/* 1 and 2 characters of a reading */
	n = find_any(db, "ヤ", &rows);
	ck_assert_int_eq(n, 4);  /* ヤマダ x2, ヤマ, ナカヤマダ */
	n = find_any(db, "たろ", &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 太郎");
	/* the middle dot and spaces do not matter */
	n = find_any(db, "じょん すみす", &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(rows[0].match, CUSTOMER_MATCH_EXACT);
	db_free(&db);
}
END_TEST

START_TEST(several_keys_must_all_match)
{
	struct rd_db *db = store();
	struct customer_query q;
	struct customer_row *rows;
	struct rd_error err;
	int n;

	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_KANA, "やまだ", &err);
	customer_query_set(&q, CUSTOMER_Q_PHONE, "5678", &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 2);
	customer_query_set(&q, CUSTOMER_Q_NAME, "花子", &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 花子");
	/* a reading that is not kana is refused with a reason */
	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_KANA, "山田", &err);
	ck_assert_int_eq(customer_find(db, &q, NULL, rows, 10, &n, &(struct customer_cursor){ 0 }, &err),
			 RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "kana"));
	db_free(&db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Bad input */

START_TEST(like_metacharacters_and_quotes_are_searched_literally)
{
	struct rd_db *db = store();
	struct customer_row *rows;
	int n;

	n = find_any(db, "%", &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "100%_テスト\\商会");
	n = find_any(db, "_", &rows);
	ck_assert_int_eq(n, 1);
	n = find_any(db, "\\", &rows);
	ck_assert_int_eq(n, 1);
	n = find_any(db, "%_テ", &rows);
	ck_assert_int_eq(n, 1);
	n = find_any(db, "%%", &rows);
	ck_assert_int_eq(n, 0);
	n = find_any(db, "O'Brien", &rows);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "O'Brien 商事");
	db_free(&db);
}
END_TEST

START_TEST(injection_attempts_find_nothing_and_change_nothing)
{
	static const char *const attacks[] = {
		"'; DROP TABLE rd.customers; --",
		"' OR '1'='1",
		"\") OR true --",
		"$1",
		"山田' UNION SELECT * FROM rd.history --",
	};
	struct rd_db *db = store();
	PGconn *admin = dbt_admin();
	long long before = dbt_int(admin, "SELECT count(*) FROM rd.customers", 0);
	struct customer_query q;
	struct customer_row *rows;
	struct rd_error err;
	int n;

	for (size_t i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		n = find_any(db, attacks[i], &rows);
		ck_assert_msg(n == 0, "%s: %d rows", attacks[i], n);
		customer_query_init(&q);
		customer_query_set(&q, CUSTOMER_Q_NAME, attacks[i], &err);
		customer_query_set(&q, CUSTOMER_Q_PREFECTURE, "東京都", &err);
		rows = find(db, &q, &n, RD_OK);
		ck_assert_int_eq(n, 0);
		/* product and media codes are refused before any query */
		customer_query_init(&q);
		customer_query_set(&q, CUSTOMER_Q_PRODUCT, attacks[i], &err);
		find(db, &q, &n, RD_INVALID);
	}
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.customers", 0), before);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(long_invalid_and_control_input_is_refused_with_a_message)
{
	struct rd_db *db = store();
	struct customer_query q;
	struct customer_row rows[4];
	struct customer_cursor next;
	struct customer c;
	struct rd_error err;
	char *big = malloc(10001);
	int n;

	memset(big, 'x', 10000);
	big[10000] = '\0';
	customer_query_init(&q);
	ck_assert_int_eq(customer_query_set(&q, CUSTOMER_Q_NAME, big, &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "too long"));
	ck_assert_int_eq(customer_query_set(&q, CUSTOMER_Q_ANY, "\xe5\xb1", &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "UTF-8"));
	ck_assert_int_eq(customer_query_set(&q, CUSTOMER_Q_KANA, "ヤマ\nダ", &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "control"));
	/* fields filled without the setter are checked by the search itself */
	memcpy(q.any, "\xff\xfe", 3);
	ck_assert_int_eq(customer_find(db, &q, NULL, rows, 4, &n, &next, &err), RD_INVALID);
	customer_query_init(&q);
	ck_assert_int_eq(customer_find(db, &q, NULL, rows, 4, &n, &next, &err), RD_USAGE);

	customer_init(&c);
	memset(c.name, 'x', sizeof(c.name) - 1);
	ck_assert_int_eq(customer_add(db, &c, "test", NULL, &err), RD_INVALID);
	customer_init(&c);
	strcpy(c.name, "山田\001太郎");
	ck_assert_int_eq(customer_add(db, &c, "test", NULL, &err), RD_INVALID);
	free(big);
	db_free(&db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Filters */

START_TEST(each_filter_and_a_combination)
{
	struct rd_db *db = store();
	struct customer_query q;
	struct customer_row *rows;
	struct rd_error err;
	int n;

	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_PREFECTURE, "東京", &err);  /* without 都 */
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 2);
	ck_assert(has_name(rows, n, "山田 太郎") && has_name(rows, n, "田中 美咲"));
	customer_query_set(&q, CUSTOMER_Q_PREFECTURE, "東京府", &err);
	find(db, &q, &n, RD_INVALID);

	customer_query_init(&q);  /* 45 and 52 years old; 30 and 70 are out */
	q.age_min = 40;
	q.age_max = 60;
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 2);
	q.age_min = 45;
	q.age_max = 45;
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 太郎");

	customer_query_init(&q);
	q.gender = 'x';
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "ジョン・スミス");

	customer_query_init(&q);
	q.subscription = CUSTOMER_SUBS_ACTIVE;
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 太郎");
	ck_assert_int_eq(rows[0].active_subscriptions, 1);
	q.subscription = CUSTOMER_SUBS_PAUSED;
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 花子");
	q.subscription = CUSTOMER_SUBS_CANCELLED;
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "田中 美咲");
	q.subscription = CUSTOMER_SUBS_NEVER;
	customer_query_set(&q, CUSTOMER_Q_KANA, "やまだ", &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "中山田 一郎");

	customer_query_init(&q);  /* 田中 美咲's COLLAGEN order counts, not her cancelled one */
	customer_query_set(&q, CUSTOMER_Q_PRODUCT, "COLLAGEN", &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "田中 美咲");
	customer_query_set(&q, CUSTOMER_Q_PRODUCT, "AOJIRU-30", &err);
	ck_assert_int_eq(count_filtered(db, &q), 2);

	customer_query_init(&q);  /* LTV: 110,000 / 5,000 / 12,000 */
	q.ltv_min = 10000;
	ck_assert_int_eq(count_filtered(db, &q), 2);
	q.ltv_max = 20000;
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "田中 美咲");
	ck_assert_int_eq(rows[0].ltv, 12000);

	customer_query_init(&q);  /* last orders 10, 200 and 80 days ago */
	q.last_order_from = (int32_t)admin_int("SELECT current_date - 100 - DATE '1970-01-01'");
	ck_assert_int_eq(count_filtered(db, &q), 2);
	q.last_order_to = q.last_order_from + 50;
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "田中 美咲");

	customer_query_init(&q);  /* the first order's media, not the last one's */
	customer_query_set(&q, CUSTOMER_Q_MEDIA, "TV01", &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 2);  /* 山田 太郎 (then WEB02), 田中 美咲 (cancelled first) */
	customer_query_set(&q, CUSTOMER_Q_MEDIA, "WEB02", &err);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 花子");

	customer_query_init(&q);
	q.no_dm = 1;
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 花子");
	q.no_dm = 0;
	customer_query_set(&q, CUSTOMER_Q_NAME, "山田", &err);
	ck_assert_int_eq(count_filtered(db, &q), 2);
	q.no_call = 0;
	q.no_email = 0;
	ck_assert_int_eq(count_filtered(db, &q), 2);
	q.no_email = 1;
	ck_assert_int_eq(count_filtered(db, &q), 0);

	/* a combination: a woman in Tokyo whose subscription was cancelled */
	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_PREFECTURE, "東京都", &err);
	q.gender = 'f';
	q.subscription = CUSTOMER_SUBS_CANCELLED;
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "田中 美咲");
	q.gender = 'm';
	ck_assert_int_eq(count_filtered(db, &q), 0);
	db_free(&db);
}
END_TEST

START_TEST(rfm_ranks_come_from_the_settings)
{
	struct rd_db *db = store();
	struct customer_query q;
	struct customer_row *rows;
	struct customer c;
	struct rd_error err;
	char code[CUSTOMER_CODE_SIZE];
	int n;

	/* 山田 太郎: 10 days (R5), 2 orders (F2), 110,000 yen (M5) */
	code_of("山田 太郎", code);
	ck_assert_int_eq(customer_get(db, code, &c, &err), RD_OK);
	ck_assert_int_eq(c.rfm_r, 5);
	ck_assert_int_eq(c.rfm_f, 2);
	ck_assert_int_eq(c.rfm_m, 5);
	ck_assert_int_eq(c.order_count, 2);
	ck_assert_int_eq(c.ltv, 110000);
	/* 山田 花子: 200 days (R2), 1 order (F1), 5,000 yen (M1) */
	code_of("山田 花子", code);
	customer_get(db, code, &c, &err);
	ck_assert_int_eq(c.rfm_r, 2);
	ck_assert_int_eq(c.rfm_f, 1);
	ck_assert_int_eq(c.rfm_m, 1);
	/* no orders: no rank */
	code_of("中山田 一郎", code);
	customer_get(db, code, &c, &err);
	ck_assert_int_eq(c.rfm_r, 0);
	ck_assert_int_eq(c.rfm_f, 0);

	customer_query_init(&q);
	ck_assert_int_eq(customer_rfm_parse("R5", &q, &err), RD_OK);
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 太郎");
	customer_rfm_parse("r2-3,m1", &q, &err);  /* 花子 R2 M1; 美咲 R3 but M2 */
	rows = find(db, &q, &n, RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "山田 花子");
	customer_rfm_parse("F1", &q, &err);
	ck_assert_int_eq(count_filtered(db, &q), 2);
	ck_assert_int_eq(customer_rfm_parse("R6", &q, &err), RD_INVALID);
	ck_assert_int_eq(customer_rfm_parse("R5,R4", &q, &err), RD_INVALID);
	ck_assert_int_eq(customer_rfm_parse("X3", &q, &err), RD_INVALID);

	/* a supervisor moves a threshold: the rank follows at once */
	{
		PGconn *admin = dbt_admin();

		dbt_exec(admin, "UPDATE rd.settings SET value = '300,400,500,600'"
			 " WHERE key = 'rfm_r_days'", 0);
		code_of("山田 花子", code);
		customer_get(db, code, &c, &err);
		ck_assert_int_eq(c.rfm_r, 5);
		dbt_exec(admin, "UPDATE rd.settings SET value = '30,60,120,240'"
			 " WHERE key = 'rfm_r_days'", 0);
		PQfinish(admin);
	}
	db_free(&db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Pages and counts */

START_TEST(keyset_pages_have_no_duplicates_and_no_gaps)
{
	struct rd_db *db = store();
	struct customer_query q;
	struct customer_row rows[7];
	struct customer_cursor cur, next;
	struct rd_error err;
	char seen[100][CUSTOMER_CODE_SIZE];
	int total = 0, pages = 0, n, last_match = 0;
	char last_code[CUSTOMER_CODE_SIZE] = "";

	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_ANY, "すずき", &err);
	memset(&cur, 0, sizeof(cur));
	for (;;) {
		ck_assert_int_eq(customer_find(db, &q, pages ? &cur : NULL, rows, 7, &n, &next, &err), RD_OK);
		pages++;
		for (int i = 0; i < n; i++) {
			/* the groups come in order across pages; all these
			 * share one reading, so within a group the code rises */
			ck_assert((int)rows[i].match > last_match ||
				  ((int)rows[i].match == last_match && strcmp(rows[i].code, last_code) > 0));
			last_match = (int)rows[i].match;
			strcpy(last_code, rows[i].code);
			for (int j = 0; j < total; j++)
				ck_assert_str_ne(seen[j], rows[i].code);
			ck_assert_int_lt(total, 100);
			strcpy(seen[total++], rows[i].code);
		}
		if (!next.code[0])
			break;
		ck_assert_int_eq(n, 7);
		/* the cursor survives being printed and read back */
		{
			char text[64];

			customer_cursor_format(&next, text, sizeof(text));
			ck_assert_int_eq(customer_cursor_parse(text, &cur, &err), RD_OK);
		}
	}
	ck_assert_int_eq(total, 85);  /* 60 スズキ..., 25 オオスズキ... */
	ck_assert_int_eq(pages, 13);
	ck_assert_int_eq(last_match, CUSTOMER_MATCH_PARTIAL);

	/* one row a page through a prefix group of different readings: it
	 * goes in the order of the reading, and the cursor carries it */
	{
		static const char *const want[] = { "山", "山田 太郎", "山田 花子", "中山田 一郎" };
		int k = 0;

		customer_query_set(&q, CUSTOMER_Q_ANY, "や", &err);
		memset(&cur, 0, sizeof(cur));
		for (;;) {
			ck_assert_int_eq(customer_find(db, &q, k ? &cur : NULL, rows, 1, &n, &next, &err), RD_OK);
			if (n == 0)
				break;
			ck_assert_int_lt(k, 4);
			ck_assert_str_eq(rows[0].name, want[k]);
			k++;
			if (!next.code[0])
				break;
			cur = next;
		}
		ck_assert_int_eq(k, 4);
	}
	ck_assert_int_eq(customer_cursor_parse("9:C1", &cur, &err), RD_INVALID);
	ck_assert_int_eq(customer_cursor_parse("1:C1:ヤマダ", &cur, &err), RD_OK);
	ck_assert_str_eq(cur.key, "ヤマダ");
	ck_assert_int_eq(customer_cursor_parse("1:C1:\x01", &cur, &err), RD_INVALID);
	ck_assert_int_eq(customer_cursor_parse("1:C1'; --", &cur, &err), RD_INVALID);
	db_free(&db);
}
END_TEST

/* The lookup's count: exact up to the limit, "more than" past it, and the
 * limit itself exact (85 matches: limits 84, 85, 86). */
START_TEST(a_bounded_count_is_exact_below_its_limit_and_says_more_past_it)
{
	struct rd_db *db = store();
	struct customer_query q;
	struct customer_count_bound cnt;
	struct rd_error err;

	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_ANY, "すずき", &err);
	ck_assert_int_eq(customer_count_upto(db, &q, 1000, &cnt, &err), RD_OK);
	ck_assert_int_eq(cnt.n, 85);
	ck_assert(!cnt.more);
	ck_assert_int_eq(customer_count_upto(db, &q, 85, &cnt, &err), RD_OK);
	ck_assert_int_eq(cnt.n, 85);
	ck_assert(!cnt.more);
	ck_assert_int_eq(customer_count_upto(db, &q, 84, &cnt, &err), RD_OK);
	ck_assert_int_eq(cnt.n, 84);
	ck_assert(cnt.more);
	/* ten thousand and more: "more than 1,000", never an estimate */
	customer_query_set(&q, CUSTOMER_Q_ANY, "たいりょう", &err);
	ck_assert_int_eq(customer_count_upto(db, &q, 1000, &cnt, &err), RD_OK);
	ck_assert_int_eq(cnt.n, 1000);
	ck_assert(cnt.more);
	/* one character: the GIN grams, bounded the same way */
	customer_query_set(&q, CUSTOMER_Q_ANY, "量", &err);
	ck_assert_int_eq(customer_count_upto(db, &q, 1000, &cnt, &err), RD_OK);
	ck_assert_int_eq(cnt.n, 1000);
	ck_assert(cnt.more);
	ck_assert_int_eq(customer_count_upto(db, &q, 0, &cnt, &err), RD_USAGE);
	db_free(&db);
}
END_TEST

START_TEST(counts_are_exact_when_cheap_and_labelled_estimates_beyond)
{
	struct rd_db *db = store();
	struct customer_query q;
	struct customer_count cnt;
	struct rd_error err;

	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_ANY, "すずき", &err);
	ck_assert_int_eq(customer_count(db, &q, &cnt, &err), RD_OK);
	ck_assert_int_eq(cnt.n, 85);
	ck_assert(!cnt.estimated);
	customer_query_set(&q, CUSTOMER_Q_ANY, "たいりょう", &err);
	ck_assert_int_eq(customer_count(db, &q, &cnt, &err), RD_OK);
	ck_assert(cnt.estimated);
	ck_assert_int_gt(cnt.n, CUSTOMER_COUNT_EXACT_MAX);
	/* an estimate within reason of the truth */
	ck_assert_int_lt(cnt.n, BULK * 3);
	db_free(&db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Saved filters */

START_TEST(saved_filters_are_each_agents_own)
{
	struct rd_db *db = store(), *other = dbt_store_as(other_login, "check_customer");
	struct customer_query q, back;
	struct customer_filter_info list[10];
	struct rd_error err;
	struct sbuf a, b;
	int n;

	customer_query_init(&q);
	customer_query_set(&q, CUSTOMER_Q_PREFECTURE, "東京都", &err);
	q.gender = 'f';
	q.subscription = CUSTOMER_SUBS_CANCELLED;
	q.age_min = 40;
	q.ltv_min = 1000;
	q.no_dm = 0;
	customer_rfm_parse("R3-5,M2", &q, &err);
	q.last_order_from = date_from_ymd(2020, 1, 1);
	customer_query_set(&q, CUSTOMER_Q_MEDIA, "TV01", &err);
	ck_assert_int_eq(customer_filter_save(db, "休眠 東京 女性", &q, &err), RD_OK);
	ck_assert_int_eq(customer_filter_get(db, "休眠 東京 女性", &back, &err), RD_OK);
	sbuf_init(&a);
	sbuf_init(&b);
	customer_query_to_json(&q, &a);
	customer_query_to_json(&back, &b);
	ck_assert_str_eq(a.buf, b.buf);
	sbuf_done(&a);
	sbuf_done(&b);

	/* saving under the same name replaces it */
	q.gender = 'm';
	ck_assert_int_eq(customer_filter_save(db, "休眠 東京 女性", &q, &err), RD_OK);
	ck_assert_int_eq(customer_filter_list(db, list, 10, &n, &err), RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(list[0].name, "休眠 東京 女性");
	ck_assert_int_eq(list[0].version, 2);
	customer_filter_get(db, "休眠 東京 女性", &back, &err);
	ck_assert_int_eq(back.gender, 'm');

	/* another agent sees none of it, and may use the same name */
	ck_assert_int_eq(customer_filter_list(other, list, 10, &n, &err), RD_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(customer_filter_get(other, "休眠 東京 女性", &back, &err), RD_NOT_FOUND);
	ck_assert_int_eq(customer_filter_delete(other, "休眠 東京 女性", &err), RD_NOT_FOUND);
	ck_assert_int_eq(customer_filter_save(other, "休眠 東京 女性", &q, &err), RD_OK);
	{
		PGconn *c = dbt_login(other_login);

		ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.saved_filters", 0), 1);
		/* row-level security: not even plain SQL reaches another's rows */
		ck_assert_str_eq(dbt_state(c, "INSERT INTO rd.saved_filters (agent, name, filter)"
					   " VALUES ($1, 'x', '{}')", 1, operator_login), "42501");
		dbt_exec(c, "UPDATE rd.saved_filters SET filter = '{}' WHERE agent <> session_user", 0);
		PQfinish(c);
	}
	ck_assert_int_eq(customer_filter_get(db, "休眠 東京 女性", &back, &err), RD_OK);
	ck_assert_int_eq(back.gender, 'm');

	ck_assert_int_eq(customer_filter_delete(db, "休眠 東京 女性", &err), RD_OK);
	ck_assert_int_eq(customer_filter_get(db, "休眠 東京 女性", &back, &err), RD_NOT_FOUND);
	ck_assert_int_eq(customer_filter_get(other, "休眠 東京 女性", &back, &err), RD_OK);
	ck_assert_int_eq(customer_filter_save(db, "   ", &q, &err), RD_INVALID);
	/* and history knows who saved and deleted what */
	{
		PGconn *admin = dbt_admin();

		ck_assert_int_ge(dbt_int(admin, "SELECT count(*) FROM rd.history"
					 " WHERE table_name = 'saved_filters' AND actor = $1",
					 1, operator_login), 3);
		PQfinish(admin);
	}
	db_free(&db);
	db_free(&other);
}
END_TEST

/* ------------------------------------------------------------------------
 * Register and edit */

START_TEST(add_normalizes_and_validates)
{
	struct rd_db *db = store();
	struct customer c;
	struct rd_error err;
	int bad;

	customer_init(&c);
	strcpy(c.name, "  佐々木　 健  ");
	strcpy(c.kana, "ささき けん");
	strcpy(c.phone1, "09011112");  /* too short */
	ck_assert_int_eq(customer_normalize(&c, CUSTOMER_FIELDS_ALL, &bad, &err), RD_INVALID);
	ck_assert_int_eq(bad, CUSTOMER_F_PHONE1);
	strcpy(c.phone1, "0901111222");  /* 10 digits for a mobile: invalid */
	ck_assert_int_eq(customer_add(db, &c, "test", NULL, &err), RD_INVALID);
	strcpy(c.phone1, "+81 90 3333 4444");
	strcpy(c.postal, "〒１５０－０００１");
	strcpy(c.email, "Ken.Sasaki@Example.JP");
	strcpy(c.prefecture, "東京");
	strcpy(c.address1, "渋谷区神宮前１－２－３");
	c.gender = 'm';
	c.birth_date = date_from_ymd(1975, 4, 1);
	ck_assert_msg(customer_add(db, &c, "新規 電話受付", NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert_str_eq(c.name, "佐々木 健");
	ck_assert_str_eq(c.kana, "ササキ ケン");
	ck_assert_str_eq(c.phone1, "09033334444");
	ck_assert_str_eq(c.postal, "1500001");
	ck_assert_str_eq(c.email, "ken.sasaki@example.jp");
	ck_assert_str_eq(c.prefecture, "東京都");
	ck_assert_str_eq(c.address1, "渋谷区神宮前1-2-3");
	ck_assert_int_eq(c.version, 1);
	ck_assert(c.code[0] == 'C');

	/* required name, kana-only reading, formats */
	customer_init(&c);
	ck_assert_int_eq(customer_normalize(&c, CUSTOMER_FIELDS_ALL, &bad, &err), RD_INVALID);
	ck_assert_int_eq(bad, CUSTOMER_F_NAME);
	strcpy(c.name, "テスト");
	strcpy(c.kana, "山田");
	ck_assert_int_eq(customer_normalize(&c, CUSTOMER_FIELDS_ALL, &bad, &err), RD_INVALID);
	ck_assert_int_eq(bad, CUSTOMER_F_KANA);
	c.kana[0] = '\0';
	strcpy(c.postal, "123-456");
	ck_assert_int_eq(customer_normalize(&c, CUSTOMER_FIELDS_ALL, &bad, &err), RD_INVALID);
	ck_assert_int_eq(bad, CUSTOMER_F_POSTAL);
	c.postal[0] = '\0';
	strcpy(c.email, "no-at-sign");
	ck_assert_int_eq(customer_normalize(&c, CUSTOMER_FIELDS_ALL, &bad, &err), RD_INVALID);
	ck_assert_int_eq(bad, CUSTOMER_F_EMAIL);
	c.email[0] = '\0';
	ck_assert_int_eq(customer_add(db, &c, "", NULL, &err), RD_USAGE);  /* no reason */
	ck_assert_int_eq(customer_add(db, &c, "x", "not-a-uuid", &err), RD_INVALID);
	db_free(&db);
}
END_TEST

START_TEST(duplicates_by_phone_or_name_and_birth_date)
{
	struct rd_db *db = store();
	struct customer c;
	struct customer_duplicate d[5];
	struct rd_error err;
	int n;

	customer_init(&c);
	strcpy(c.name, "別人");
	strcpy(c.phone1, "090-1234-5678");
	customer_normalize(&c, CUSTOMER_FIELDS_ALL, NULL, &err);
	ck_assert_int_eq(customer_duplicates(db, &c, d, 5, &n, &err), RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(d[0].name, "山田 太郎");
	ck_assert(d[0].same_phone && !d[0].same_name_birth);
	/* the other's second number */
	strcpy(c.phone1, "");
	strcpy(c.phone2, "08055556666");
	ck_assert_int_eq(customer_duplicates(db, &c, d, 5, &n, &err), RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(d[0].name, "山田 花子");

	customer_init(&c);
	strcpy(c.name, "山田太郎");  /* spaces do not make another person */
	c.birth_date = (int32_t)admin_int("SELECT birth_date - DATE '1970-01-01'"
					  " FROM rd.customers WHERE name = '山田 太郎'");
	ck_assert_int_eq(customer_duplicates(db, &c, d, 5, &n, &err), RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert(d[0].same_name_birth);
	c.birth_date++;
	ck_assert_int_eq(customer_duplicates(db, &c, d, 5, &n, &err), RD_OK);
	ck_assert_int_eq(n, 0);
	db_free(&db);
}
END_TEST

START_TEST(a_request_id_registers_once)
{
	struct rd_db *db = store();
	struct customer c, again, found;
	struct rd_error err;
	const char *rid = "5f0c6b8e-3a1d-4c2b-9e7f-0a1b2c3d4e5f";
	PGconn *admin = dbt_admin();

	customer_init(&c);
	strcpy(c.name, "一度 だけ");
	ck_assert_int_eq(customer_add(db, &c, "retry test", rid, &err), RD_OK);
	customer_init(&again);
	strcpy(again.name, "一度 だけ");
	ck_assert_int_eq(customer_add(db, &again, "retry test", rid, &err), RD_OK);
	ck_assert_str_eq(again.code, c.code);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.customers WHERE name = '一度 だけ'", 0), 1);
	ck_assert_int_eq(customer_by_request(db, rid, &found, &err), RD_OK);
	ck_assert_str_eq(found.code, c.code);
	ck_assert_int_eq(customer_by_request(db, "00000000-0000-0000-0000-000000000000", &found, &err),
			 RD_NOT_FOUND);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(two_agents_edit_the_same_customer)
{
	struct rd_db *a = store(), *b = dbt_store_as(other_login, "check_customer");
	struct customer ca, cb, orig, now;
	struct rd_error err;
	PGconn *admin = dbt_admin();
	char id[24];

	customer_init(&ca);
	strcpy(ca.name, "競合 テスト");
	strcpy(ca.address1, "元の住所");
	ck_assert_int_eq(customer_add(a, &ca, "test", NULL, &err), RD_OK);
	/* both open the card at version 1 */
	ck_assert_int_eq(customer_get(b, ca.code, &cb, &err), RD_OK);
	orig = cb;

	strcpy(ca.phone1, "03-9999-0000");
	ck_assert_int_eq(customer_update(a, &ca, CUSTOMER_BIT(CUSTOMER_F_PHONE1),
					 "番号変更の電話", NULL, NULL, &err), RD_OK);
	ck_assert_int_eq(ca.version, 2);

	strcpy(cb.address1, "新しい住所");
	ck_assert_int_eq(customer_update(b, &cb, CUSTOMER_BIT(CUSTOMER_F_ADDRESS1),
					 "住所変更", NULL, &now, &err), RD_CONFLICT);
	ck_assert_ptr_nonnull(strstr(err.msg, operator_login));
	ck_assert_ptr_nonnull(strstr(err.msg, "phone1"));
	ck_assert_str_eq(now.phone1, "0399990000");
	ck_assert_int_eq(now.version, 2);
	ck_assert_str_eq(now.address1, "元の住所");  /* nothing saved */
	ck_assert_uint_eq(customer_diff(&orig, &now), CUSTOMER_BIT(CUSTOMER_F_PHONE1));

	/* the operator saw both versions and saves again on the new one */
	cb = now;
	strcpy(cb.address1, "新しい住所");
	ck_assert_int_eq(customer_update(b, &cb, CUSTOMER_BIT(CUSTOMER_F_ADDRESS1),
					 "住所変更", NULL, &now, &err), RD_OK);
	ck_assert_int_eq(cb.version, 3);
	ck_assert_str_eq(cb.phone1, "0399990000");
	ck_assert_str_eq(cb.address1, "新しい住所");

	snprintf(id, sizeof(id), "%lld", cb.id);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history WHERE table_name = 'customers'"
				 " AND row_key = $1 AND op = 'UPDATE' AND actor = $2 AND reason = '住所変更'",
				 2, id, other_login), 1);

	/* a retried request changes nothing twice */
	strcpy(cb.notes, "一回目");
	ck_assert_int_eq(customer_update(b, &cb, CUSTOMER_BIT(CUSTOMER_F_NOTES), "メモ",
					 "6a1e2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", NULL, &err), RD_OK);
	cb.version = 1;  /* stale: the retry must not even look at it */
	ck_assert_int_eq(customer_update(b, &cb, CUSTOMER_BIT(CUSTOMER_F_NOTES), "メモ",
					 "6a1e2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", NULL, &err), RD_OK);
	ck_assert_int_eq(cb.version, 4);
	/* a customer that is not there */
	cb.id = 999999999;
	ck_assert_int_eq(customer_update(b, &cb, CUSTOMER_BIT(CUSTOMER_F_NOTES), "x", NULL, NULL, &err),
			 RD_NOT_FOUND);
	PQfinish(admin);
	db_free(&a);
	db_free(&b);
}
END_TEST

/* 0152 rewrote rd.search_grams in PL/pgSQL for speed: it must give what
 * 0010's SQL definition gave, for every text (the stored grams of existing
 * customers stay right only so). Compared here on names, readings and every
 * string of up to three characters over odd ones: separators that
 * search_text removes, ASCII and full-width letters that lower() folds or
 * not, combining marks, a character outside the BMP, an empty text. */
START_TEST(search_grams_are_those_of_0010)
{
	PGconn *c = dbt_admin();
	char *v;

	dbt_exec(c, "CREATE FUNCTION pg_temp.grams_0010(s text) RETURNS text[]"
		 " LANGUAGE sql IMMUTABLE STRICT"
		 " BEGIN ATOMIC"
		 "  SELECT coalesce(pg_catalog.array_agg(DISTINCT g.gram), '{}')"
		 "    FROM (SELECT rd.search_text(s) AS t) x"
		 "   CROSS JOIN LATERAL pg_catalog.generate_series(1, pg_catalog.length(x.t)) AS i(pos)"
		 "   CROSS JOIN LATERAL (VALUES (pg_catalog.substr(x.t, i.pos, 1)),"
		 "                              (pg_catalog.substr(x.t, i.pos, 2))) AS g(gram);"
		 " END", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM unnest(ARRAY["
		"'山田 太郎', 'ヤマダ タロウ', 'ジョン・スミス', 'ジョン スミス', '田田田',"
		"'渡邊　一', 'McDonald', 'ＭｃＤｏｎａｌｄ', 'Ünal Öz', 'İstanbul', 'ß', 'ｶﾞｷﾞ',"
		"'カ゛', '𠮷野 家', '髙橋', '', ' ', '・', E'a\tb', 'ab ab ab', '東京都千代田区']) AS s"
		" WHERE rd.search_grams(s) IS DISTINCT FROM pg_temp.grams_0010(s)", 0), 0);
	v = dbt_value(c, "SELECT rd.search_grams(NULL)::text", 0);
	ck_assert_ptr_null(v);
	v = dbt_value(c, "SELECT rd.search_grams('')::text", 0);
	ck_assert_str_eq(v, "{}");
	free(v);
	ck_assert_int_eq(dbt_int(c, "SELECT (rd.search_grams('山田 太郎')"
				 " @> ARRAY['山', '田', '太', '郎', '山田', '田太', '太郎']"
				 " AND cardinality(rd.search_grams('山田 太郎')) = 7)::int", 0), 1);
	ck_assert_int_eq(dbt_int(c, "WITH a(ch) AS (SELECT unnest(ARRAY[' ', E'\t', '　', '・',"
		"  'A', 'a', 'Ａ', 'ａ', 'É', 'ア', 'ｱ', '゛', '山', '𠮷', '{', '\"', ',']))"
		" SELECT count(*) FROM a x, a y, a z"
		"  WHERE rd.search_grams(x.ch || y.ch || z.ch)"
		"        IS DISTINCT FROM pg_temp.grams_0010(x.ch || y.ch || z.ch)"
		"     OR rd.search_grams(x.ch || y.ch) IS DISTINCT FROM pg_temp.grams_0010(x.ch || y.ch)", 0),
		0);
	/* what the fixture's customers store is what the function gives */
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.customers"
				 " WHERE name_grams IS DISTINCT FROM pg_temp.grams_0010(name)"
				 "    OR kana_grams IS DISTINCT FROM pg_temp.grams_0010(name_kana)", 0), 0);
	PQfinish(c);
}
END_TEST

/* ------------------------------------------------------------------------
 * Figures and the card */

START_TEST(figures_follow_order_inserts_changes_and_cancels)
{
	struct rd_db *db = store();
	PGconn *admin = dbt_admin();
	char id[24], id2[24];
	PGconn *op;
	struct customer c;
	struct rd_error err;
	char *order;

	op = dbt_login(operator_login);
	customer_init(&c);
	strcpy(c.name, "数字 テスト");
	ck_assert_int_eq(customer_add(db, &c, "test", NULL, &err), RD_OK);
	ck_assert_int_eq(c.ltv, 0);
	ck_assert_int_eq(c.order_count, 0);
	ck_assert_int_eq(c.first_order_date, CUSTOMER_NO_DATE);
	snprintf(id, sizeof(id), "%lld", c.id);

	order = dbt_value(op, "INSERT INTO rd.orders (customer_id, order_date, payment, total, shipping_fee)"
			  " VALUES ($1, DATE '2026-01-10', 'cod', 3000, 3000) RETURNING order_no", 1, id);
	customer_get_by_id(db, c.id, &c, &err);
	ck_assert_int_eq(c.ltv, 3000);
	ck_assert_int_eq(c.order_count, 1);
	ck_assert_int_eq(c.first_order_date, date_from_ymd(2026, 1, 10));
	ck_assert_int_eq(c.last_order_date, date_from_ymd(2026, 1, 10));

	/* two orders of two customers in one statement */
	{
		struct customer d;

		customer_init(&d);
		strcpy(d.name, "数字 二人目");
		customer_add(db, &d, "test", NULL, &err);
		snprintf(id2, sizeof(id2), "%lld", d.id);
		dbt_exec(op, "INSERT INTO rd.orders (customer_id, order_date, payment, total, shipping_fee) VALUES"
			 " ($1, DATE '2026-03-01', 'cod', 5000, 5000), ($2, DATE '2025-12-01', 'card', 700, 700)",
			 2, id, id2);
		customer_get_by_id(db, d.id, &d, &err);
		ck_assert_int_eq(d.ltv, 700);
	}
	customer_get_by_id(db, c.id, &c, &err);
	ck_assert_int_eq(c.ltv, 8000);
	ck_assert_int_eq(c.order_count, 2);
	ck_assert_int_eq(c.last_order_date, date_from_ymd(2026, 3, 1));

	dbt_exec(op, "UPDATE rd.orders SET status = 'cancelled' WHERE order_no = $1", 1, order);
	customer_get_by_id(db, c.id, &c, &err);
	ck_assert_int_eq(c.ltv, 5000);
	ck_assert_int_eq(c.order_count, 1);
	ck_assert_int_eq(c.first_order_date, date_from_ymd(2026, 3, 1));
	dbt_exec(op, "UPDATE rd.orders SET total = 6000, shipping_fee = 6000 WHERE customer_id = $1 AND status <> 'cancelled'", 1, id);
	customer_get_by_id(db, c.id, &c, &err);
	ck_assert_int_eq(c.ltv, 6000);
	/* a status change that keeps the order counted moves nothing */
	{
		long long v = c.version;

		/* (the warehouse's step: a supervisor's, here the owner's) */
		dbt_exec(admin, "UPDATE rd.orders SET status = 'shipped' WHERE customer_id = $1"
			 " AND status <> 'cancelled'", 1, id);
		customer_get_by_id(db, c.id, &c, &err);
		ck_assert_int_eq(c.version, v);
	}
	/* an operator who opened the card before an order can still save:
	 * only figures moved, nothing of theirs is overwritten */
	{
		struct customer before = c;
		int v = c.version;

		dbt_exec(op, "INSERT INTO rd.orders (customer_id, order_date, payment, total, shipping_fee)"
			 " VALUES ($1, DATE '2026-04-01', 'cod', 1000, 1000)", 1, id);
		strcpy(before.address1, "注文のあとで");
		ck_assert_msg(customer_update(db, &before, CUSTOMER_BIT(CUSTOMER_F_ADDRESS1),
					      "住所", NULL, NULL, &err) == RD_OK, "%s", err.msg);
		/* the order moved rd.customer_figures (0150), not the
		 * customer's row: only the person's save counts */
		ck_assert_int_eq(before.version, v + 1);
		ck_assert_int_eq(before.ltv, 7000);
		ck_assert_str_eq(before.address1, "注文のあとで");
	}
	/* two terminals take an order for the customer at once: the second
	 * waits for the first and counts both */
	{
		PGconn *op2 = dbt_login(other_login);
		PGresult *r;

		customer_get_by_id(db, c.id, &c, &err);
		dbt_exec(op, "BEGIN", 0);
		dbt_exec(op, "INSERT INTO rd.orders (customer_id, order_date, payment, total, shipping_fee)"
			 " VALUES ($1, DATE '2026-05-01', 'cod', 100, 100)", 1, id);
		ck_assert_int_eq(PQsendQueryParams(op2,
			"INSERT INTO rd.orders (customer_id, order_date, payment, total, shipping_fee)"
			" VALUES ($1, DATE '2026-05-02', 'cod', 10, 10)", 1, NULL,
			(const char *const[]){ id }, NULL, NULL, 0), 1);
		/* wait until op2 is waiting for the customer's row */
		for (int tries = 0;; tries++) {
			ck_assert_msg(tries < 500, "the second order never waited for the first");
			if (dbt_int(admin, "SELECT count(*) FROM pg_stat_activity"
				    " WHERE usename = $1 AND wait_event_type = 'Lock'", 1, other_login) == 1)
				break;
			usleep(10000);
		}
		dbt_exec(op, "COMMIT", 0);
		while ((r = PQgetResult(op2)) != NULL) {
			ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQerrorMessage(op2));
			PQclear(r);
		}
		PQfinish(op2);
		{
			long long before = c.ltv;

			customer_get_by_id(db, c.id, &c, &err);
			ck_assert_int_eq(c.ltv, before + 110);
			ck_assert_int_eq(c.last_order_date, date_from_ymd(2026, 5, 2));
		}
	}
	dbt_exec(admin, "DELETE FROM rd.orders WHERE customer_id = $1", 1, id);
	customer_get_by_id(db, c.id, &c, &err);
	ck_assert_int_eq(c.ltv, 0);
	ck_assert_int_eq(c.order_count, 0);
	ck_assert_int_eq(c.last_order_date, CUSTOMER_NO_DATE);
	free(order);
	PQfinish(op);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(the_card_shows_subscriptions_orders_inquiries_and_history)
{
	struct rd_db *db = store();
	struct customer c;
	struct customer_subscription subs[4];
	struct customer_order orders[4];
	struct customer_inquiry inq[4];
	struct customer_change hist[20];
	struct rd_error err;
	char code[CUSTOMER_CODE_SIZE];
	int n;

	code_of("山田 太郎", code);
	ck_assert_int_eq(customer_get(db, code, &c, &err), RD_OK);
	ck_assert_str_eq(c.email, "taro.yamada@example.jp");
	ck_assert_int_eq(customer_subscriptions(db, c.id, subs, 4, &n, &err), RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(subs[0].status, "active");
	ck_assert_str_eq(subs[0].cycle, "1m:15");
	ck_assert_int_eq(subs[0].amount, 6960);
	/* what the customer pays: the goods with their tax (556) at least,
	 * the same figure the subscription list shows */
	ck_assert_int_ge(subs[0].amount_tax_included, 6960 + 556);
	{
		struct subscription_row rows[4];
		int nr = 0;

		ck_assert_int_eq(subscription_list(db, c.id, SUBSCRIPTION_TODAY, rows, 4, &nr, &err),
				 RD_OK);
		ck_assert_int_ge(nr, 1);
		ck_assert_int_eq(rows[0].amount, subs[0].amount_tax_included);
	}
	ck_assert_ptr_nonnull(strstr(subs[0].products, "青汁 30包 x2"));
	ck_assert_int_eq(customer_orders(db, c.id, orders, 4, &n, &err), RD_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_gt(orders[0].order_date, orders[1].order_date);
	ck_assert_str_eq(orders[0].media, "WEB02");
	ck_assert_int_eq(customer_inquiries(db, c.id, inq, 4, &n, &err), RD_OK);
	ck_assert_int_eq(n, 1);  /* the resolved one is not open */
	ck_assert_str_eq(inq[0].subject, "次回お休み希望");

	/* 田中 美咲's subscription was cancelled: the card lists none */
	code_of("田中 美咲", code);
	customer_get(db, code, &c, &err);
	ck_assert_int_eq(customer_subscriptions(db, c.id, subs, 4, &n, &err), RD_OK);
	ck_assert_int_eq(n, 0);

	/* history: the edit with its reason, not the figures moved by orders */
	customer_init(&c);
	strcpy(c.name, "履歴 テスト");
	customer_add(db, &c, "登録", NULL, &err);
	strcpy(c.address1, "横浜市");
	ck_assert_int_eq(customer_update(db, &c, CUSTOMER_BIT(CUSTOMER_F_ADDRESS1), "転居",
					 NULL, NULL, &err), RD_OK);
	{
		char id[24];
		PGconn *op = dbt_login(operator_login);

		snprintf(id, sizeof(id), "%lld", c.id);
		dbt_exec(op, "INSERT INTO rd.orders (customer_id, payment, total, shipping_fee)"
			 " VALUES ($1, 'cod', 100, 100)", 1, id);
		PQfinish(op);
	}
	ck_assert_int_eq(customer_history(db, c.id, hist, 20, &n, &err), RD_OK);
	ck_assert_int_eq(n, 3);  /* the order, the edit, the registration */
	ck_assert_str_eq(hist[0].table, "orders");
	ck_assert_str_eq(hist[1].op, "UPDATE");
	ck_assert_str_eq(hist[1].changed, "address1");
	ck_assert_str_eq(hist[1].reason, "転居");
	ck_assert_str_eq(hist[1].actor, operator_login);
	ck_assert_str_eq(hist[2].op, "INSERT");
	ck_assert_str_eq(hist[2].reason, "登録");
	ck_assert_int_eq(customer_get(db, "C9999999", &c, &err), RD_NOT_FOUND);
	ck_assert_int_eq(customer_get(db, "山田", &c, &err), RD_INVALID);
	db_free(&db);
}
END_TEST

/* The card in one statement (customer_view_card) shows what the reads
 * one by one show: the customer, its lists, its latest changes. */
static void same_card(struct rd_db *db, const char *code)
{
	struct customer c1, c2;
	struct customer_subscription s1[4], s2[4];
	struct customer_order o1[5], o2[5];
	struct customer_inquiry i1[5], i2[5];
	struct customer_view_change h1[48], h2[48];
	struct customer_view_card card = {
		.c = &c2, .subs = s2, .subs_cap = 4, .orders = o2, .orders_cap = 5,
		.inquiries = i2, .inquiries_cap = 5, .changes = h2, .change_entries = 8,
		.changes_cap = 48,
	};
	struct rd_error err;
	int ns, no, ni, nh;

	ck_assert_int_eq(customer_get(db, code, &c1, &err), RD_OK);
	ck_assert_int_eq(customer_subscriptions(db, c1.id, s1, 4, &ns, &err), RD_OK);
	ck_assert_int_eq(customer_orders(db, c1.id, o1, 5, &no, &err), RD_OK);
	ck_assert_int_eq(customer_inquiries(db, c1.id, i1, 5, &ni, &err), RD_OK);
	ck_assert_int_eq(customer_view_changes(db, c1.id, 8, h1, 48, &nh, &err), RD_OK);
	ck_assert_msg(customer_view_card(db, code, &card, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(memcmp(&c1, &c2, sizeof(c1)), 0);
	ck_assert_int_eq(card.nsubs, ns);
	ck_assert_int_eq(card.norders, no);
	ck_assert_int_eq(card.ninquiries, ni);
	ck_assert_int_eq(card.nchanges, nh);
	ck_assert_int_eq(memcmp(s1, s2, sizeof(s1[0]) * (size_t)ns), 0);
	ck_assert_int_eq(memcmp(o1, o2, sizeof(o1[0]) * (size_t)no), 0);
	ck_assert_int_eq(memcmp(i1, i2, sizeof(i1[0]) * (size_t)ni), 0);
	ck_assert_int_eq(memcmp(h1, h2, sizeof(h1[0]) * (size_t)nh), 0);
}

START_TEST(the_card_in_one_statement_shows_what_the_reads_one_by_one_show)
{
	struct rd_db *db = store();
	struct customer c;
	struct customer_view_card card = { .c = &c };
	struct rd_error err;
	char code[CUSTOMER_CODE_SIZE];

	/* a subscription (with its amounts), two orders, an open inquiry */
	code_of("山田 太郎", code);
	same_card(db, code);
	/* a cancelled subscription, and a customer with nothing */
	code_of("田中 美咲", code);
	same_card(db, code);
	/* changes: an edit with its reason and an order */
	customer_init(&c);
	strcpy(c.name, "一度に 読む");
	ck_assert_int_eq(customer_add(db, &c, "登録", NULL, &err), RD_OK);
	strcpy(c.address1, "横浜市");
	ck_assert_int_eq(customer_update(db, &c, CUSTOMER_BIT(CUSTOMER_F_ADDRESS1), "転居",
					 NULL, NULL, &err), RD_OK);
	snprintf(code, sizeof(code), "%s", c.code);
	same_card(db, code);
	/* the code as customer_get takes it, and refuses it */
	ck_assert_int_eq(customer_view_card(db, "C9999999", &card, &err), RD_NOT_FOUND);
	ck_assert_int_eq(customer_view_card(db, "山田", &card, &err), RD_INVALID);
	db_free(&db);
}
END_TEST

static Suite *customer_suite(void)
{
	Suite *s = suite_create("customer");
	TCase *tc = tcase_create("customer");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, classify_understands_every_spelling);
	tcase_add_test(tc, classify_refuses_what_is_no_key);
	tcase_add_test(tc, phone_in_any_spelling_finds_the_customer);
	tcase_add_test(tc, a_trailing_fragment_of_four_digits_or_more);
	tcase_add_test(tc, code_order_email_and_postal);
	tcase_add_test(tc, one_and_two_character_names);
	tcase_add_test(tc, readings_in_hiragana_katakana_and_half_width_are_one);
	tcase_add_test(tc, several_keys_must_all_match);
	tcase_add_test(tc, like_metacharacters_and_quotes_are_searched_literally);
	tcase_add_test(tc, injection_attempts_find_nothing_and_change_nothing);
	tcase_add_test(tc, long_invalid_and_control_input_is_refused_with_a_message);
	tcase_add_test(tc, each_filter_and_a_combination);
	tcase_add_test(tc, rfm_ranks_come_from_the_settings);
	tcase_add_test(tc, keyset_pages_have_no_duplicates_and_no_gaps);
	tcase_add_test(tc, counts_are_exact_when_cheap_and_labelled_estimates_beyond);
	tcase_add_test(tc, a_bounded_count_is_exact_below_its_limit_and_says_more_past_it);
	tcase_add_test(tc, saved_filters_are_each_agents_own);
	tcase_add_test(tc, add_normalizes_and_validates);
	tcase_add_test(tc, duplicates_by_phone_or_name_and_birth_date);
	tcase_add_test(tc, a_request_id_registers_once);
	tcase_add_test(tc, two_agents_edit_the_same_customer);
	tcase_add_test(tc, figures_follow_order_inserts_changes_and_cancels);
	tcase_add_test(tc, search_grams_are_those_of_0010);
	tcase_add_test(tc, the_card_shows_subscriptions_orders_inquiries_and_history);
	tcase_add_test(tc, the_card_in_one_statement_shows_what_the_reads_one_by_one_show);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	if (!getenv("PGHOST") || !getenv("RD_TEST_ADMIN")) {
		fprintf(stderr, "check_customer: no test database; run it as "
				"tests/lib/pgtmp.sh tests/db/check_customer\n");
		return EXIT_FAILURE;
	}
	sr = srunner_create(customer_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
