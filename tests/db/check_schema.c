/* check_schema.c: the business tables keep their conventions and refuse
 * garbage; optimistic locking cannot be bypassed; live updates arrive. */
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
/* Issue 15: PostgreSQL has 16 fast-path lock slots per backend; a table
 * with more indexes than that sends every statement on it to the shared
 * lock manager (doc/notes/indexes.md lists each index and its query). */
START_TEST(customers_have_fewer_than_16_indexes)
{
	PGconn *c = dbt_admin();

	ck_assert_int_lt(dbt_int(c, "SELECT count(*) FROM pg_index"
				 " WHERE indrelid = 'rd.customers'::regclass", 0), 16);
	PQfinish(c);
}
END_TEST

/* rd.customer_figures (0150): the order's figures update is HOT (only the
 * key is indexed, pages keep room), and the figures carry no history,
 * touch or text guard (derived from the orders, written by triggers). */
START_TEST(the_figures_update_is_hot)
{
	PGconn *c = dbt_admin();
	char cid[24];

	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_index"
				 " WHERE indrelid = 'rd.customer_figures'::regclass", 0), 1);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_index"
				 " WHERE indrelid = 'rd.customer_figures'::regclass"
				 "   AND indisprimary", 0), 1);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_class"
				 " WHERE oid = 'rd.customer_figures'::regclass"
				 "   AND reloptions @> ARRAY['fillfactor=80']", 0), 1);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_trigger"
				 " WHERE tgrelid = 'rd.customer_figures'::regclass"
				 "   AND NOT tgisinternal", 0), 0);
	/* nor do later migrations attach them */
	ck_assert_int_eq(dbt_int(c, "SELECT rd.attach_all()", 0), 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_trigger"
				 " WHERE tgrelid = 'rd.customer_figures'::regclass"
				 "   AND NOT tgisinternal", 0), 0);

	/* every new customer has a figures row, at zero */
	dbt_itoa(dbt_customer_new(c), cid);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.customer_figures"
				 " WHERE customer_id = $1 AND ltv = 0 AND order_count = 0"
				 "   AND first_order_date IS NULL AND last_order_date IS NULL",
				 1, cid), 1);
	/* an order updates it in place (the transaction's own statistics) */
	dbt_exec(c, "BEGIN", 0);
	dbt_exec(c, "INSERT INTO rd.orders (customer_id, order_date, payment, total, shipping_fee)"
		 " VALUES ($1, DATE '2026-02-01', 'cod', 2500, 2500)", 1, cid);
	ck_assert_int_eq(dbt_int(c, "SELECT n_tup_upd FROM pg_stat_xact_user_tables"
				 " WHERE relid = 'rd.customer_figures'::regclass", 0), 1);
	ck_assert_int_eq(dbt_int(c, "SELECT n_tup_hot_upd FROM pg_stat_xact_user_tables"
				 " WHERE relid = 'rd.customer_figures'::regclass", 0), 1);
	ck_assert_int_eq(dbt_int(c, "SELECT n_tup_upd FROM pg_stat_xact_user_tables"
				 " WHERE relid = 'rd.customers'::regclass", 0), 0);
	dbt_exec(c, "COMMIT", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT ltv FROM rd.customer_figures WHERE customer_id = $1",
				 1, cid), 2500);
	PQfinish(c);
}
END_TEST


Suite *schema_suite(void);

/* Business tables: every table in rd but the two that are not. */
#define BUSINESS_TABLES \
	"SELECT c.oid::regclass::text FROM pg_class c" \
	" WHERE c.relnamespace = 'rd'::regnamespace AND c.relkind IN ('r', 'p')" \
	"   AND NOT c.relispartition" \
	"   AND c.relname NOT IN ('history', 'schema_migrations', 'customer_figures')"

/* Runs a query that lists offenders and fails naming them. */
static void assert_none(PGconn *c, const char *what, const char *sql)
{
	PGresult *r = dbt_query(c, sql, 0);
	char names[1024] = "";

	for (int i = 0; i < PQntuples(r); i++) {
		strncat(names, " ", sizeof(names) - strlen(names) - 1);
		strncat(names, PQgetvalue(r, i, 0), sizeof(names) - strlen(names) - 1);
	}
	ck_assert_msg(PQntuples(r) == 0, "%s:%s", what, names);
	PQclear(r);
}

START_TEST(every_migration_file_is_recorded_once)
{
	PGconn *c = dbt_admin();
	const char *list = getenv("RD_TEST_MIGRATIONS");
	char *copy, *save = NULL;
	int files = 0;

	ck_assert_msg(list && *list, "RD_TEST_MIGRATIONS not set by the harness");
	copy = strdup(list);
	for (char *v = strtok_r(copy, " ", &save); v; v = strtok_r(NULL, " ", &save)) {
		ck_assert_msg(dbt_int(c, "SELECT count(*) FROM rd.schema_migrations"
				      " WHERE version = $1", 1, v) == 1,
			      "migration %s is not recorded", v);
		files++;
	}
	free(copy);
	ck_assert_int_ge(files, 6);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.schema_migrations", 0),
			 files);
	PQfinish(c);
}
END_TEST

START_TEST(all_expected_tables_exist)
{
	static const char *const tables[] = {
		"rd.teams", "rd.agents", "rd.settings", "rd.products", "rd.media",
		"rd.customers", "rd.customer_addresses", "rd.orders",
		"rd.order_lines", "rd.subscriptions", "rd.subscription_lines",
		"rd.subscription_skips", "rd.inquiries", "rd.inquiry_entries",
		"rd.history", "rd.schema_migrations",
	};
	PGconn *c = dbt_admin();

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		ck_assert_msg(dbt_int(c, "SELECT count(*) FROM pg_class"
				      " WHERE oid = to_regclass($1)", 1, tables[i]) == 1,
			      "table %s is missing", tables[i]);
	PQfinish(c);
}
END_TEST

START_TEST(every_business_table_has_key_and_bookkeeping_columns)
{
	PGconn *c = dbt_admin();

	ck_assert_int_ge(dbt_int(c, "SELECT count(*) FROM (" BUSINESS_TABLES ") t", 0), 14);
	assert_none(c, "tables without a primary key",
		    BUSINESS_TABLES " AND NOT EXISTS (SELECT 1 FROM pg_index i"
		    " WHERE i.indrelid = c.oid AND i.indisprimary)");
	assert_none(c, "tables without version int NOT NULL DEFAULT 1",
		    BUSINESS_TABLES " AND NOT EXISTS (SELECT 1 FROM pg_attribute a"
		    " JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
		    " WHERE a.attrelid = c.oid AND a.attname = 'version'"
		    "   AND a.atttypid = 'int4'::regtype AND a.attnotnull"
		    "   AND pg_get_expr(d.adbin, d.adrelid) = '1')");
	assert_none(c, "tables without created_at/updated_at timestamptz NOT NULL DEFAULT now()",
		    BUSINESS_TABLES " AND (SELECT count(*) FROM pg_attribute a"
		    " JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
		    " WHERE a.attrelid = c.oid AND a.attname IN ('created_at', 'updated_at')"
		    "   AND a.atttypid = 'timestamptz'::regtype AND a.attnotnull"
		    "   AND pg_get_expr(d.adbin, d.adrelid) = 'now()') <> 2");
	PQfinish(c);
}
END_TEST

START_TEST(every_foreign_key_has_an_index)
{
	PGconn *c = dbt_admin();

	assert_none(c, "foreign keys without an index on their columns",
		    "SELECT f.conrelid::regclass || '.' || f.conname FROM pg_constraint f"
		    " WHERE f.contype = 'f' AND f.connamespace = 'rd'::regnamespace"
		    "   AND NOT EXISTS (SELECT 1 FROM pg_index i"
		    "     WHERE i.indrelid = f.conrelid"
		    "       AND (string_to_array(i.indkey::text, ' ')::int2[])"
		    "           [1:array_length(f.conkey, 1)] = f.conkey)");
	PQfinish(c);
}
END_TEST

START_TEST(pg_trgm_is_installed)
{
	PGconn *c = dbt_admin();

	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_extension"
				 " WHERE extname = 'pg_trgm'", 0), 1);
	PQfinish(c);
}
END_TEST

START_TEST(settings_carry_the_business_defaults)
{
	static const char *const kv[][2] = {
		{ "cutoff_days", "5" }, { "shipping_fee", "600" },
		{ "free_shipping_threshold", "5000" }, { "cod_fee", "330" },
		{ "earliest_delivery_days", "2" }, { "bundling_window_days", "3" },
		{ "max_consecutive_skips", "2" },
		{ "min_deliveries_before_cancel", "3" },
		{ "max_pause_months", "3" }, { "resume_lead_days", "7" },
		{ "early_cancel_fee", "2000" }, { "business_timezone", "Asia/Tokyo" },
	};
	PGconn *c = dbt_admin();

	for (size_t i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
		char *v = dbt_value(c, "SELECT value FROM rd.settings WHERE key = $1",
				    1, kv[i][0]);

		ck_assert_msg(v && strcmp(v, kv[i][1]) == 0, "%s = %s, expected %s",
			      kv[i][0], v ? v : "NULL", kv[i][1]);
		free(v);
	}
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.settings"
				 " WHERE key LIKE 'rfm\\_%' AND value ~ '^[0-9]+(,[0-9]+){3}$'", 0), 3);
	PQfinish(c);
}
END_TEST

START_TEST(codes_are_generated_and_never_truncated)
{
	PGconn *c = dbt_admin();
	char cid[24];
	long long id = dbt_customer_new(c);
	char *code = dbt_value(c, "SELECT code FROM rd.customers WHERE id = $1", 1,
			       dbt_itoa(id, cid));
	char *no;

	ck_assert_int_eq(dbt_int(c, "SELECT ($1::text ~ '^C[0-9]{7}$')::int", 1, code), 1);
	free(code);
	no = dbt_value(c, "INSERT INTO rd.orders (customer_id, payment) VALUES ($1, 'cod')"
		       " RETURNING order_no", 1, cid);
	ck_assert_int_eq(dbt_int(c, "SELECT ($1::text ~ '^O[0-9]{8}$')::int", 1, no), 1);
	free(no);

	dbt_exec(c, "CREATE TEMP SEQUENCE big_seq START 123456789", 0);
	code = dbt_value(c, "SELECT rd.next_code('C', 'big_seq', 7)", 0);
	ck_assert_str_eq(code, "C123456789");
	free(code);
	PQfinish(c);
}
END_TEST

START_TEST(version_moves_on_every_update_whatever_the_statement_says)
{
	PGconn *c = dbt_admin();
	char id[24];
	const char *created;
	char *before, *after;

	dbt_itoa(dbt_customer_new(c), id);
	ck_assert_int_eq(dbt_int(c, "SELECT version FROM rd.customers WHERE id = $1", 1, id), 1);

	/* the application's optimistic update */
	ck_assert_int_eq(dbt_int(c, "WITH u AS (UPDATE rd.customers SET name = '山田 花子',"
				 " version = version + 1 WHERE id = $1 AND version = 1"
				 " RETURNING 1) SELECT count(*) FROM u", 1, id), 1);
	ck_assert_int_eq(dbt_int(c, "SELECT version FROM rd.customers WHERE id = $1", 1, id), 2);
	/* a terminal still holding version 1 changes nothing */
	ck_assert_int_eq(dbt_int(c, "WITH u AS (UPDATE rd.customers SET name = '上書き',"
				 " version = version + 1 WHERE id = $1 AND version = 1"
				 " RETURNING 1) SELECT count(*) FROM u", 1, id), 0);

	/* plain SQL that forgets the version still moves it */
	before = dbt_value(c, "SELECT updated_at FROM rd.customers WHERE id = $1", 1, id);
	dbt_exec(c, "UPDATE rd.customers SET notes = 'psql で修正' WHERE id = $1", 1, id);
	ck_assert_int_eq(dbt_int(c, "SELECT version FROM rd.customers WHERE id = $1", 1, id), 3);
	after = dbt_value(c, "SELECT updated_at FROM rd.customers WHERE id = $1", 1, id);
	ck_assert_int_eq(dbt_int(c, "SELECT ($1::timestamptz > $2::timestamptz)::int", 2,
				 after, before), 1);
	free(before);
	free(after);

	/* nor can a statement set it back, or rewrite created_at */
	dbt_exec(c, "UPDATE rd.customers SET version = 1, created_at = '2000-01-01'"
		 " WHERE id = $1", 1, id);
	ck_assert_int_eq(dbt_int(c, "SELECT version FROM rd.customers WHERE id = $1", 1, id), 4);
	created = "SELECT (created_at > '2001-01-01')::int FROM rd.customers WHERE id = $1";
	ck_assert_int_eq(dbt_int(c, created, 1, id), 1);
	PQfinish(c);
}
END_TEST

START_TEST(every_business_table_bumps_its_version)
{
	PGconn *c = dbt_admin();

	/* the same trigger on each: prove it is attached everywhere */
	assert_none(c, "business tables without the rd_touch trigger",
		    BUSINESS_TABLES " AND NOT EXISTS (SELECT 1 FROM pg_trigger t"
		    " WHERE t.tgrelid = c.oid AND t.tgname = 'rd_touch'"
		    "   AND t.tgenabled = 'O' AND t.tgfoid = 'rd.touch()'::regprocedure)");
	PQfinish(c);
}
END_TEST

/* Each statement must fail with check_violation (23514). */
static void refuse(PGconn *c, const char *sql, const char *p1, const char *p2)
{
	const char *st = dbt_state(c, sql, 2, p1, p2);

	ck_assert_msg(strcmp(st, "23514") == 0, "%s [%s, %s]: SQLSTATE %s (%s), expected 23514",
		      sql, p1 ? p1 : "NULL", p2 ? p2 : "NULL", st, dbt_last_error());
}

static void accept(PGconn *c, const char *sql, const char *p1, const char *p2)
{
	const char *st = dbt_state(c, sql, 2, p1, p2);

	ck_assert_msg(strcmp(st, "00000") == 0, "%s [%s, %s]: SQLSTATE %s (%s)", sql,
		      p1 ? p1 : "NULL", p2 ? p2 : "NULL", st, dbt_last_error());
}

START_TEST(enumerations_refuse_unknown_values)
{
	PGconn *c = dbt_admin();
	char cid[24], oid[24], sid[24], iid[24];

	dbt_itoa(dbt_customer_new(c), cid);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.orders (customer_id, payment) VALUES ($1, 'card')"
			 " RETURNING id", 1, cid), oid);
	dbt_itoa(dbt_subscription_new(c, atoll(cid)), sid);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.inquiries (customer_id, channel, category, subject)"
			 " VALUES ($1, 'inbound_call', 'skip', '次回スキップ希望') RETURNING id",
			 1, cid), iid);

	refuse(c, "UPDATE rd.orders SET status = $2 WHERE id = $1::bigint", oid, "lost");
	refuse(c, "UPDATE rd.orders SET time_slot = $2 WHERE id = $1::bigint", oid, "12-14");
	refuse(c, "UPDATE rd.orders SET payment = $2 WHERE id = $1::bigint", oid, "paypal");
	refuse(c, "UPDATE rd.orders SET card_last4 = $2 WHERE id = $1::bigint", oid,
	       "41111");
	refuse(c, "UPDATE rd.subscriptions SET status = $2 WHERE id = $1::bigint", sid, "frozen");
	refuse(c, "UPDATE rd.subscriptions SET cycle = $2 WHERE id = $1::bigint", sid, "monthly");
	refuse(c, "UPDATE rd.subscriptions SET time_slot = $2 WHERE id = $1::bigint", sid, "night");
	refuse(c, "UPDATE rd.inquiries SET channel = $2 WHERE id = $1::bigint", iid, "fax");
	refuse(c, "UPDATE rd.inquiries SET category = $2 WHERE id = $1::bigint", iid, "chat");
	refuse(c, "UPDATE rd.inquiries SET priority = $2 WHERE id = $1::bigint", iid, "asap");
	refuse(c, "UPDATE rd.inquiries SET status = $2 WHERE id = $1::bigint", iid, "done");
	refuse(c, "INSERT INTO rd.inquiry_entries (inquiry_id, kind) VALUES ($1::bigint, $2)",
	       iid, "memo");
	refuse(c, "UPDATE rd.customers SET gender = $2 WHERE id = $1::bigint", cid, "z");
	refuse(c, "UPDATE rd.customers SET prefecture = $2 WHERE id = $1::bigint", cid, "東京");
	refuse(c, "INSERT INTO rd.agents (login, display_name, role) VALUES ($1, $2, 'admin')",
	       "okname", "佐藤 花子");

	accept(c, "UPDATE rd.orders SET status = $2 WHERE id = $1::bigint", oid, "shipped");
	accept(c, "UPDATE rd.orders SET time_slot = $2 WHERE id = $1::bigint", oid, "19-21");
	accept(c, "UPDATE rd.subscriptions SET cycle = $2 WHERE id = $1::bigint", sid, "1m:2tue");
	accept(c, "UPDATE rd.subscriptions SET cycle = $2 WHERE id = $1::bigint", sid, "45d");
	accept(c, "UPDATE rd.inquiries SET status = $2 WHERE id = $1::bigint", iid,
	       "waiting_customer");
	accept(c, "UPDATE rd.customers SET prefecture = $2 WHERE id = $1::bigint", cid, "東京都");
	PQfinish(c);
}
END_TEST

START_TEST(quantities_and_tax_rates_stay_in_range)
{
	PGconn *c = dbt_admin();
	char cid[24], oid[24], sku[32];
	const char *line = "INSERT INTO rd.order_lines (order_id, sku, name, quantity,"
			   " unit_price, tax_rate) VALUES ($1::bigint, $2, '青汁', %s, 3980, %s)";
	char sql[256];

	dbt_product_new(c, sku);
	dbt_itoa(dbt_customer_new(c), cid);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.orders (customer_id, payment) VALUES ($1, 'cod')"
			 " RETURNING id", 1, cid), oid);

	snprintf(sql, sizeof(sql), line, "0", "8");
	refuse(c, sql, oid, sku);
	snprintf(sql, sizeof(sql), line, "1000", "8");
	refuse(c, sql, oid, sku);
	snprintf(sql, sizeof(sql), line, "-1", "8");
	refuse(c, sql, oid, sku);
	snprintf(sql, sizeof(sql), line, "1", "5");
	refuse(c, sql, oid, sku);
	snprintf(sql, sizeof(sql), line, "1", "8");
	accept(c, sql, oid, sku);
	snprintf(sql, sizeof(sql), line, "999", "10");
	accept(c, sql, oid, sku);
	refuse(c, "INSERT INTO rd.products (sku, name, price, tax_rate) VALUES ($1, $2, 100, 5)",
	       "TAX5", "消費税5%");
	refuse(c, "INSERT INTO rd.products (sku, name, price, tax_rate) VALUES ($1, $2, -1, 10)",
	       "NEG", "マイナス");
	PQfinish(c);
}
END_TEST

START_TEST(customers_are_stored_normalized)
{
	PGconn *c = dbt_admin();
	char cid[24];

	dbt_itoa(dbt_customer_new(c), cid);
	refuse(c, "UPDATE rd.customers SET phone1 = $2 WHERE id = $1::bigint", cid, "03-1234-5678");
	refuse(c, "UPDATE rd.customers SET phone2 = $2 WHERE id = $1::bigint", cid, "０３１２３４５６７８");
	refuse(c, "UPDATE rd.customers SET postal_code = $2 WHERE id = $1::bigint", cid, "150-0001");
	refuse(c, "UPDATE rd.customers SET email = $2 WHERE id = $1::bigint", cid, "Taro@Example.JP");
	refuse(c, "UPDATE rd.customers SET email = $2 WHERE id = $1::bigint", cid, "taro");
	refuse(c, "UPDATE rd.customers SET name_kana = $2 WHERE id = $1::bigint", cid, "やまだ たろう");
	refuse(c, "UPDATE rd.customers SET name_kana = $2 WHERE id = $1::bigint", cid, "ﾔﾏﾀﾞ");
	refuse(c, "UPDATE rd.customers SET name_kana = $2 WHERE id = $1::bigint", cid, "ヤマダ　タロウ");
	refuse(c, "UPDATE rd.customers SET name_kana = $2 WHERE id = $1::bigint", cid, "ヤマダ  タロウ");
	refuse(c, "UPDATE rd.customers SET name_kana = $2 WHERE id = $1::bigint", cid, " ヤマダ");
	refuse(c, "UPDATE rd.customers SET name_kana = $2 WHERE id = $1::bigint", cid, "山田");
	refuse(c, "UPDATE rd.customers SET phone1 = $2 WHERE id = $1::bigint", cid, "9012345678");
	refuse(c, "UPDATE rd.customers SET email = $2 WHERE id = $1::bigint", cid, "taro@localhost");
	refuse(c, "UPDATE rd.customers SET name = $2 WHERE id = $1::bigint", cid, "  ");

	accept(c, "UPDATE rd.customers SET phone1 = $2 WHERE id = $1::bigint", cid, "09012345678");
	accept(c, "UPDATE rd.customers SET postal_code = $2 WHERE id = $1::bigint", cid, "1500001");
	accept(c, "UPDATE rd.customers SET email = $2 WHERE id = $1::bigint", cid, "taro@example.jp");
	accept(c, "UPDATE rd.customers SET name_kana = $2 WHERE id = $1::bigint", cid,
	       "ヤマダ ヴィーナス・ヶ");
	accept(c, "UPDATE rd.customers SET name_kana = $2 WHERE id = $1::bigint", cid,
	       "ジョン・スミス");
	PQfinish(c);
}
END_TEST

START_TEST(an_order_request_id_is_used_once)
{
	PGconn *c = dbt_admin();
	char cid[24];
	const char *ins = "INSERT INTO rd.orders (customer_id, payment, request_id)"
			  " VALUES ($1, 'cod', $2)";
	const char *uuid = "6f1c2f5e-8d0a-4a7e-9a53-2b1f0c9d7e41";

	dbt_itoa(dbt_customer_new(c), cid);
	ck_assert_str_eq(dbt_state(c, ins, 2, cid, uuid), "00000");
	ck_assert_str_eq(dbt_state(c, ins, 2, cid, uuid), "23505");
	ck_assert_str_eq(dbt_state(c, ins, 2, cid, "not-a-uuid"), "22P02");
	PQfinish(c);
}
END_TEST

START_TEST(inquiry_and_customer_changes_are_announced)
{
	PGconn *listener = dbt_admin();
	PGconn *c = dbt_admin();
	char cid[24], iid[24];
	char *payload;

	dbt_exec(listener, "LISTEN rd_inquiry", 0);
	dbt_exec(listener, "LISTEN rd_customer", 0);
	dbt_itoa(dbt_customer_new(c), cid);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.inquiries (customer_id, channel, category, subject)"
			 " VALUES ($1, 'inbound_call', 'pause', '一時休止') RETURNING id", 1, cid),
		 iid);

	payload = dbt_wait_notify(listener, "rd_inquiry", NULL, 100);
	ck_assert_msg(payload != NULL, "no rd_inquiry notification");
	ck_assert_int_eq(dbt_int(c, "SELECT (($1::json->>'id')::bigint = $2::bigint"
				 " AND ($1::json->>'customer_id')::bigint = $3::bigint"
				 " AND $1::json->>'op' = 'INSERT')::int", 3, payload, iid, cid), 1);
	free(payload);

	dbt_exec(c, "INSERT INTO rd.inquiry_entries (inquiry_id, kind, body)"
		 " VALUES ($1, 'note', '折り返し希望')", 1, iid);
	payload = dbt_wait_notify(listener, "rd_inquiry", NULL, 100);
	ck_assert_msg(payload != NULL, "no rd_inquiry notification for an entry");
	ck_assert_int_eq(dbt_int(c, "SELECT (($1::json->>'inquiry_id')::bigint = $2::bigint"
				 " AND ($1::json->>'customer_id')::bigint = $3::bigint"
				 " AND $1::json->>'table' = 'inquiry_entries')::int", 3, payload, iid, cid), 1);
	free(payload);

	dbt_exec(c, "UPDATE rd.customers SET no_call = true WHERE id = $1", 1, cid);
	payload = dbt_wait_notify(listener, "rd_customer", NULL, 100);
	ck_assert_msg(payload != NULL, "no rd_customer notification");
	ck_assert_int_eq(dbt_int(c, "SELECT (($1::json->>'id')::bigint = $2::bigint"
				 " AND ($1::json->>'version')::int = 2)::int", 2, payload, cid), 1);
	free(payload);

	/* a rolled-back change announces nothing */
	dbt_exec(c, "BEGIN", 0);
	dbt_exec(c, "UPDATE rd.inquiries SET priority = 'high' WHERE id = $1", 1, iid);
	dbt_exec(c, "ROLLBACK", 0);
	payload = dbt_wait_notify(listener, "rd_inquiry", NULL, 10);
	ck_assert_msg(payload == NULL, "notified a rolled-back change: %s", payload);

	PQfinish(c);
	PQfinish(listener);
}
END_TEST

Suite *schema_suite(void)
{
	Suite *s = suite_create("schema");
	TCase *tc = tcase_create("conventions");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, every_migration_file_is_recorded_once);
	tcase_add_test(tc, all_expected_tables_exist);
	tcase_add_test(tc, every_business_table_has_key_and_bookkeeping_columns);
	tcase_add_test(tc, every_foreign_key_has_an_index);
	tcase_add_test(tc, customers_have_fewer_than_16_indexes);
	tcase_add_test(tc, the_figures_update_is_hot);
	tcase_add_test(tc, pg_trgm_is_installed);
	tcase_add_test(tc, settings_carry_the_business_defaults);
	tcase_add_test(tc, codes_are_generated_and_never_truncated);
	suite_add_tcase(s, tc);

	tc = tcase_create("locking");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, version_moves_on_every_update_whatever_the_statement_says);
	tcase_add_test(tc, every_business_table_bumps_its_version);
	suite_add_tcase(s, tc);

	tc = tcase_create("constraints");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, enumerations_refuse_unknown_values);
	tcase_add_test(tc, quantities_and_tax_rates_stay_in_range);
	tcase_add_test(tc, customers_are_stored_normalized);
	tcase_add_test(tc, an_order_request_id_is_used_once);
	suite_add_tcase(s, tc);

	tc = tcase_create("live");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, inquiry_and_customer_changes_are_announced);
	suite_add_tcase(s, tc);
	return s;
}
