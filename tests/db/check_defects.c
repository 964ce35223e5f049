/* check_defects.c: defects found by reading the store's code (issue 10,
 * section 6), each proved against a real database:
 * - db_query_value never hands back a cut value as if it were the value;
 * - history_time_parse refuses negative and signed fields;
 * - products.sku and products.name are bounded to what the client holds
 *   (0075), so a copy is never cut;
 * - an UPDATE or DELETE that must hit a row and hits none is an error, not
 *   a silent success (db_exec_row, used by the subscription writes).
 *
 * Its own runner: tests/lib/pgtmp.sh tests/db/check_defects
 * (tests/db/run-check-defects.sh). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/history.h"
#include "repeatdesk/order.h"
#include "repeatdesk/pricing.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"

static char agent_login[DBT_LOGIN_MAX];
static char operator_login[DBT_LOGIN_MAX];

static void setup_once(void)
{
	static bool done;
	PGconn *admin;

	if (done)
		return;
	done = true;
	admin = dbt_admin();
	dbt_agent_new(admin, "agent", "dagt", agent_login);
	dbt_agent_new(admin, "operator", "dopr", operator_login);
	dbt_exec_script(admin,
		"INSERT INTO rd.products (sku, name, price, tax_rate) VALUES ('DEF-TEA', '緑茶', 1000, 8)");
	PQfinish(admin);
}

/* ---- db_query_value --------------------------------------------------- */

START_TEST(query_value_refuses_to_cut_a_value)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct rd_error err;
	char small[8], fits[9];
	const char *params[1] = { "12345678" };

	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(db_query_value(db, "SELECT $1::text", 1, params, small, sizeof(small),
					NULL, &err), RD_INTERNAL);
	ck_assert_str_eq(small, "");
	ck_assert_msg(strstr(err.msg, "longer than") != NULL, "%s", err.msg);
	ck_assert_int_eq(db_query_value(db, "SELECT $1::text", 1, params, fits, sizeof(fits),
					NULL, &err), RD_OK);
	ck_assert_str_eq(fits, "12345678");
	db_free(&db);
}
END_TEST

/* ---- history_time_parse ---------------------------------------------- */

START_TEST(time_parse_refuses_negative_and_signed_fields)
{
	char t[HISTORY_AT_SIZE];
	struct rd_error err;

	ck_assert_int_eq(history_time_parse("2026-11-23 -1:30", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("2026-11-23 10:-5", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("2026-11-23 10:42:-1", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("2026-11-23 +1:30", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("2026-11-23  1:30", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("2026--1-23", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("2026-11-23T", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("2026-11-23 1", t, &err), RD_INVALID);
	ck_assert_int_eq(history_time_parse("2026-11-23 00:00", t, &err), RD_OK);
	ck_assert_str_eq(t, "2026-11-23 00:00:00");
	ck_assert_int_eq(history_time_parse("2026-11-23T23:59:59.5", t, &err), RD_OK);
	ck_assert_str_eq(t, "2026-11-23 23:59:59.5");
}
END_TEST

/* ---- product lengths (0075) ------------------------------------------ */

START_TEST(product_sku_and_name_lengths_are_bounded)
{
	PGconn *admin = dbt_admin();
	char sku64[65], sku63[64], name[61 * 2 + 1], name60[60 * 2 + 1];

	memset(sku64, 'A', 64);
	sku64[64] = '\0';
	memset(sku63, 'B', 63);
	sku63[63] = '\0';
	/* é is two bytes: 61 of them, cut at a byte count, would split one */
	name[0] = '\0';
	for (int i = 0; i < 61; i++)
		strcat(name, "é");
	name60[0] = '\0';
	for (int i = 0; i < 60; i++)
		strcat(name60, "é");
	ck_assert_str_eq(dbt_state(admin, "INSERT INTO rd.products (sku, name, price, tax_rate)"
				   " VALUES ($1, 'x', 100, 10)", 1, sku64), "23514");
	ck_assert_str_eq(dbt_state(admin, "INSERT INTO rd.products (sku, name, price, tax_rate)"
				   " VALUES ('DEF-LONGNAME', $1, 100, 10)", 1, name), "23514");
	ck_assert_str_eq(dbt_state(admin, "INSERT INTO rd.products (sku, name, price, tax_rate)"
				   " VALUES ($1, $2, 100, 10)", 2, sku63, name60), "00000");
	ck_assert_str_eq(dbt_state(admin, "UPDATE rd.products SET name = $1 WHERE sku = $2",
				   2, name, sku63), "23514");
	PQfinish(admin);
}
END_TEST

/* ---- writes that must hit a row ---------------------------------------- */

START_TEST(exec_row_is_a_conflict_when_no_row_matches)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct rd_error err;
	const char *params[1] = { "-1" };

	ck_assert_int_eq(db_begin(db, "test", NULL, &err), RD_OK);
	ck_assert_int_eq(db_exec_row(db, "UPDATE rd.subscriptions SET next_date = next_date WHERE id = $1::bigint",
				     1, params, &err), RD_CONFLICT);
	db_rollback(db);
	db_free(&db);
}
END_TEST

/* A subscription line that the DELETE does not reach (here a trigger
 * keeps it, as a cut SKU matched nothing before 0075): removing it used
 * to report success while the line stayed. */
START_TEST(a_line_removal_that_hits_no_row_saves_nothing)
{
	PGconn *admin = dbt_admin();
	struct rd_db *db;
	struct subscription_request r;
	struct subscription_result res;
	struct subrule_preview *p = calloc(1, sizeof(*p));
	struct rd_error err;
	char cust[24], sid[24];
	long long customer, id;
	enum rd_status st;

	ck_assert_ptr_nonnull(p);
	dbt_exec_script(admin,
		"INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price) VALUES"
		"  ('DEF-GHOST', '幽霊', 1000, 10, 900), ('DEF-KEEP', '残る', 1000, 10, 900);"
		"CREATE FUNCTION public.def_keep_ghost() RETURNS trigger LANGUAGE plpgsql AS"
		"  $$BEGIN IF OLD.sku = 'DEF-GHOST' THEN RETURN NULL; END IF; RETURN OLD; END$$;"
		"CREATE TRIGGER def_keep_ghost BEFORE DELETE ON rd.subscription_lines"
		"  FOR EACH ROW EXECUTE FUNCTION public.def_keep_ghost();");
	customer = dbt_customer_new(admin);
	id = dbt_int(admin,
		"INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date, delivery_count,"
		"                              started_on)"
		" VALUES ($1, '1m:15', 'cod', DATE '2026-12-15', 3, DATE '2026-08-15') RETURNING id",
		1, dbt_itoa(customer, cust));
	dbt_exec(admin,
		"INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
		" VALUES ($1, 'DEF-GHOST', 1, 900), ($1, 'DEF-KEEP', 1, 900)", 1, dbt_itoa(id, sid));

	db = dbt_store_as(agent_login, NULL);
	subscription_request_init(&r, id, SUBRULE_CHANGE);
	r.reason = "商品を減らす";
	r.today = date_from_ymd(2026, 11, 20);
	r.rq.change = SUBRULE_CH_LINES;
	r.rq.nline_ops = 1;
	r.rq.line_ops[0].op = SUBRULE_LINE_REMOVE;
	strcpy(r.rq.line_ops[0].sku, "DEF-GHOST");
	st = subscription_apply(db, &r, p, &res, &err);
	ck_assert_msg(st == RD_CONFLICT, "%s: %s", rd_status_name(st), err.msg);
	dbt_expect_text("SELECT string_agg(sku, ',' ORDER BY sku) FROM rd.subscription_lines"
			" WHERE subscription_id = $1", id, "DEF-GHOST,DEF-KEEP");
	dbt_expect_text("SELECT version::text FROM rd.subscriptions WHERE id = $1", id, "1");
	dbt_exec_script(admin, "DROP TRIGGER def_keep_ghost ON rd.subscription_lines;"
			       "DROP FUNCTION public.def_keep_ghost();");
	PQfinish(admin);
	db_free(&db);
	free(p);
}
END_TEST

/* ---- the field at fault is a code, not words --------------------------- */

/* A request of a fresh customer for one DEF-TEA, paid by bank transfer. */
static void tea_request(struct order_request *req)
{
	PGconn *admin = dbt_admin();
	char buf[24], *code;
	long long id = dbt_customer_new(admin);

	code = dbt_value(admin, "SELECT code FROM rd.customers WHERE id = $1", 1, dbt_itoa(id, buf));
	PQfinish(admin);
	order_request_init(req);
	snprintf(req->customer_code, sizeof(req->customer_code), "%s", code);
	free(code);
	snprintf(req->items[0].sku, sizeof(req->items[0].sku), "DEF-TEA");
	req->items[0].quantity = 1;
	req->nitems = 1;
	req->payment = PRICING_PAY_BANK;
}

static enum order_field quote_fault(struct rd_db *db, const struct order_request *req)
{
	struct order_quote *q = calloc(1, sizeof(*q));
	struct order_fault f;
	struct rd_error err;

	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(order_quote(db, req, q, &f, &err), RD_INVALID);
	free(q);
	return f.field;
}

START_TEST(a_new_address_names_its_faulty_part_by_code)
{
	struct rd_db *db = dbt_store_as(operator_login, NULL);
	struct order_request req;

	tea_request(&req);
	snprintf(req.new_address.postal_code, sizeof(req.new_address.postal_code), "12");
	snprintf(req.new_address.prefecture, sizeof(req.new_address.prefecture), "東京都");
	snprintf(req.new_address.address1, sizeof(req.new_address.address1), "千代田区1-1");
	ck_assert_int_eq(quote_fault(db, &req), ORDER_FIELD_POSTAL);
	snprintf(req.new_address.postal_code, sizeof(req.new_address.postal_code), "1000001");
	req.new_address.prefecture[0] = '\0';
	ck_assert_int_eq(quote_fault(db, &req), ORDER_FIELD_PREFECTURE);
	snprintf(req.new_address.prefecture, sizeof(req.new_address.prefecture), "東京都");
	snprintf(req.new_address.address1, sizeof(req.new_address.address1), "千代田\x01区");
	ck_assert_int_eq(quote_fault(db, &req), ORDER_FIELD_ADDRESS_LINE);
	req.new_address.address1[0] = '\0';
	ck_assert_int_eq(quote_fault(db, &req), ORDER_FIELD_ADDRESS_LINE);
	db_free(&db);
}
END_TEST

/* A change of payment to card with a bad last four marks the last four
 * (it marked the token before), and a bad request id marks the request id. */
START_TEST(an_order_change_names_the_card_field_and_the_request_id)
{
	struct rd_db *db = dbt_store_as(operator_login, NULL);
	struct order_request req;
	struct order o, after;
	struct order_change chg;
	struct order_fault f;
	struct rd_error err;

	tea_request(&req);
	ck_assert_msg(order_submit(db, &req, NULL, &o, &f, &err) == RD_OK, "%s", err.msg);
	memset(&chg, 0, sizeof(chg));
	chg.set_payment = true;
	chg.payment = PRICING_PAY_CARD;
	snprintf(chg.card_token, sizeof(chg.card_token), "tok_test_9f8e7d6c");
	snprintf(chg.card_last4, sizeof(chg.card_last4), "42");
	ck_assert_int_eq(order_change(db, o.order_no, o.version, &chg, "カード払いに", NULL, &after,
				      &f, &err), RD_INVALID);
	ck_assert_int_eq(f.field, ORDER_FIELD_CARD_LAST4);
	snprintf(chg.card_last4, sizeof(chg.card_last4), "4242");
	ck_assert_int_eq(order_change(db, o.order_no, o.version, &chg, "カード払いに", "nope", &after,
				      &f, &err), RD_INVALID);
	ck_assert_int_eq(f.field, ORDER_FIELD_REQUEST_ID);
	ck_assert_int_eq(order_change(db, o.order_no, o.version, &chg, "", NULL, &after,
				      &f, &err), RD_USAGE);
	ck_assert_int_eq(f.field, ORDER_FIELD_REASON);
	db_free(&db);
}
END_TEST

static Suite *defects_suite(void)
{
	Suite *s = suite_create("defects");
	TCase *tc = tcase_create("store");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, query_value_refuses_to_cut_a_value);
	tcase_add_test(tc, time_parse_refuses_negative_and_signed_fields);
	tcase_add_test(tc, product_sku_and_name_lengths_are_bounded);
	tcase_add_test(tc, exec_row_is_a_conflict_when_no_row_matches);
	tcase_add_test(tc, a_line_removal_that_hits_no_row_saves_nothing);
	tcase_add_test(tc, a_new_address_names_its_faulty_part_by_code);
	tcase_add_test(tc, an_order_change_names_the_card_field_and_the_request_id);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dbt_run_suite(defects_suite(), "defects");
}
