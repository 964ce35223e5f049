/* check_subscription.c: store/subscription.c against a real database:
 * every request and every rule (cut-off, skips in a row, minimum
 * deliveries and the supervisor's override, longest pause), one
 * transaction per request with its history (and a hook that fails rolls
 * everything back), optimistic locking, idempotent request ids, two
 * agents skipping the same delivery at once (exactly one effect),
 * reservations applied by the shipment primitives, and what the screen
 * reads.
 *
 * Its own runner: tests/lib/pgtmp.sh tests/db/check_subscription
 * (tests/db/run-check-subscription.sh). "Today" is fixed: 2026-11-20. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbtest.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"

static int32_t today;
static char agent_login[DBT_LOGIN_MAX];
static char agent2_login[DBT_LOGIN_MAX];
static char supervisor_login[DBT_LOGIN_MAX];
static char operator_login[DBT_LOGIN_MAX];
static long long customer_id;
static long long other_customer_id;

static int32_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* Runs before each test case (unchecked: in the runner's process, so
 * forked tests inherit it); the fixture itself is made once. */
static void setup_once(void)
{
	static bool done;
	PGconn *admin;

	if (done)
		return;
	done = true;
	admin = dbt_admin();

	today = ymd(2026, 11, 20);
	dbt_exec_script(admin,
		"INSERT INTO rd.products (sku, name, price, tax_rate, subscription_price, active) VALUES"
		"  ('SUB-AOJIRU', '青汁 30包', 3980, 8, 3480, true),"
		"  ('SUB-SERUM', '美容液', 4980, 10, 4000, true),"
		"  ('SUB-NOSUB', '単品のみ', 1000, 10, NULL, true),"
		"  ('SUB-OLD', '終売品', 1000, 10, 900, false)");
	customer_id = dbt_customer_new(admin);
	other_customer_id = dbt_customer_new(admin);
	dbt_agent_new(admin, "agent", "sagt", agent_login);
	dbt_agent_new(admin, "agent", "sagu", agent2_login);
	dbt_agent_new(admin, "supervisor", "ssup", supervisor_login);
	dbt_agent_new(admin, "operator", "sopr", operator_login);
	PQfinish(admin);
}

/* A subscription of customer_id: every month on the 15th, `made`
 * deliveries made, the next on 2026-12-15; two packs of SUB-AOJIRU. */
static long long new_sub(const char *cycle, const char *next_date, int made)
{
	PGconn *admin = dbt_admin();
	char cust[24], count[16], sid[24];
	long long id;

	snprintf(count, sizeof(count), "%d", made);
	id = dbt_int(admin,
		"INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date, delivery_count,"
		"                              started_on)"
		" VALUES ($1, $2, 'cod', $3::date, $4::int, DATE '2026-08-15') RETURNING id",
		4, dbt_itoa(customer_id, cust), cycle, next_date, count);
	dbt_exec(admin,
		"INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
		" VALUES ($1, 'SUB-AOJIRU', 2, 3480)", 1, dbt_itoa(id, sid));
	PQfinish(admin);
	return id;
}

static long long monthly(void)
{
	return new_sub("1m:15", "2026-12-15", 3);
}

static void req_init(struct subscription_request *r, long long id, enum subrule_kind kind,
		     const char *reason)
{
	subscription_request_init(r, id, kind);
	r->reason = reason;
	r->today = today;
}

static enum rd_status apply(struct rd_db *db, struct subscription_request *r,
			    struct subscription_result *res, struct rd_error *err)
{
	struct subrule_preview *p = calloc(1, sizeof(*p));
	enum rd_status st;

	ck_assert_ptr_nonnull(p);
	st = subscription_apply(db, r, p, res, err);
	free(p);
	return st;
}

static void apply_ok(struct rd_db *db, struct subscription_request *r,
		     struct subscription_result *res)
{
	struct rd_error err;
	enum rd_status st = apply(db, r, res, &err);

	ck_assert_msg(st == RD_OK, "%s: %s", rd_status_name(st), err.msg);
}

/* ---- one transaction per request ----------------------------------------- */

START_TEST(a_skip_is_one_transaction_with_its_history)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	const char *rid = "0f8fad5b-d9cb-469f-a165-70867728950e";
	long long id = monthly();
	PGconn *admin;
	PGresult *h;

	req_init(&r, id, SUBRULE_SKIP, "旅行のため");
	r.request_id = rid;
	apply_ok(db, &r, &res);
	ck_assert(!res.replayed);
	ck_assert_str_eq(res.summary, "skip delivery 4 (12/15)");
	ck_assert_int_eq(res.version, 2);
	dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1", id, "2027-01-15");
	dbt_expect_text("SELECT date || '/' || delivery_no FROM rd.subscription_skips WHERE subscription_id = $1",
			id, "2026-12-15/4");
	dbt_expect_text("SELECT last_change FROM rd.subscriptions WHERE id = $1", id, "skip delivery 4 (12/15)");
	admin = dbt_admin();
	h = dbt_query(admin,
		"SELECT count(DISTINCT txid), count(*) FILTER (WHERE table_name = 'subscriptions'),"
		"       count(*) FILTER (WHERE table_name = 'subscription_skips'),"
		"       count(*) FILTER (WHERE table_name = 'subscription_requests'),"
		"       min(reason), min(actor)"
		"  FROM rd.history WHERE request_id = $1", 1, rid);
	ck_assert_str_eq(PQgetvalue(h, 0, 0), "1");
	ck_assert_str_eq(PQgetvalue(h, 0, 1), "1");
	ck_assert_str_eq(PQgetvalue(h, 0, 2), "1");
	ck_assert_str_eq(PQgetvalue(h, 0, 3), "1");
	ck_assert_str_eq(PQgetvalue(h, 0, 4), "旅行のため");
	ck_assert_str_eq(PQgetvalue(h, 0, 5), agent_login);
	PQclear(h);
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(a_preview_changes_nothing)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subrule_preview *p = calloc(1, sizeof(*p));
	struct rd_error err;
	long long id = monthly();
	int version = 0;

	req_init(&r, id, SUBRULE_PAUSE, NULL);
	r.rq.pause_mode = SUBRULE_PAUSE_UNTIL;
	r.rq.until = ymd(2027, 2, 1);
	ck_assert_int_eq(subscription_preview(db, &r, p, &version, &err), RD_OK);
	ck_assert_int_eq(p->status, RD_OK);
	ck_assert_int_eq(version, 1);
	ck_assert_int_eq(p->affected[0].number, 4);
	ck_assert_int_eq(p->affected[0].new_date, ymd(2027, 2, 15));
	ck_assert_int_eq(dbt_q_int("SELECT version FROM rd.subscriptions WHERE id = $1", id), 1);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.history WHERE table_name = 'subscriptions'"
				   " AND row_key = $1::text AND op = 'UPDATE'", id), 0);
	free(p);
	db_free(&db);
}
END_TEST

static enum rd_status failing_hook(struct rd_db *db, void *arg,
				   const struct subscription_result *res, struct rd_error *err)
{
	char v[16];
	char id[24];
	const char *params[1] = { id };

	(void)res;
	snprintf(id, sizeof(id), "%lld", *(long long *)arg);
	/* inside the transaction, the change is there */
	ck_assert_int_eq(db_query_value(db, "SELECT next_date::text FROM rd.subscriptions WHERE id = $1",
					1, params, v, sizeof(v), NULL, err), RD_OK);
	ck_assert_str_eq(v, "2027-01-15");
	return rd_error_set(err, RD_UNAVAILABLE, "the inquiry log is unavailable");
}

START_TEST(a_failing_hook_rolls_the_whole_request_back)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();

	req_init(&r, id, SUBRULE_SKIP, "旅行");
	r.request_id = "1f8fad5b-d9cb-469f-a165-70867728950e";
	r.hook = failing_hook;
	r.hook_arg = &id;
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_UNAVAILABLE);
	ck_assert_str_eq(err.msg, "the inquiry log is unavailable");
	dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1", id, "2026-12-15");
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1", id), 0);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.history WHERE request_id = '1f8fad5b-d9cb-469f-a165-70867728950e'"
				   " AND $1 > 0", id), 0);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_requests WHERE subscription_id = $1", id), 0);
	/* the same request without the failure goes through */
	r.hook = NULL;
	apply_ok(db, &r, &res);
	ck_assert(!res.replayed);
	db_free(&db);
}
END_TEST

/* ---- the rules, with nothing written when they refuse ------------------------ */

START_TEST(the_cut_off_refuses_and_names_the_first_delivery_that_can_be_skipped)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();

	req_init(&r, id, SUBRULE_SKIP, "旅行");
	r.today = ymd(2026, 12, 12);
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	ck_assert_str_eq(err.msg, "Delivery 4 (12/15) is past its cut-off; the first you can skip is 01/15.");
	ck_assert_int_eq(dbt_q_int("SELECT version FROM rd.subscriptions WHERE id = $1", id), 1);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1", id), 0);
	/* delivery 5 can */
	r.rq.delivery = 5;
	apply_ok(db, &r, &res);
	db_free(&db);
}
END_TEST

START_TEST(at_most_two_skips_in_a_row)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();

	req_init(&r, id, SUBRULE_SKIP, "旅行");
	apply_ok(db, &r, &res);             /* 12/15 */
	apply_ok(db, &r, &res);             /* 01/15: the next one now */
	ck_assert_str_eq(res.summary, "skip delivery 4 (01/15)");
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "max_consecutive_skips") != NULL, "%s", err.msg);
	dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1", id, "2027-02-15");
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1"
				   " AND delivery_no = 4", id), 2);
	/* undo the latest: 01/15 is delivery 4 again */
	req_init(&r, id, SUBRULE_UNSKIP, "やはり届けて");
	r.rq.date = ymd(2027, 1, 15);
	apply_ok(db, &r, &res);
	dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1", id, "2027-01-15");
	db_free(&db);
}
END_TEST

START_TEST(pause_and_resume_with_the_proposed_date_or_the_agents)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();

	req_init(&r, id, SUBRULE_PAUSE, "入院");
	r.rq.pause_mode = SUBRULE_PAUSE_UNTIL;
	r.rq.until = ymd(2027, 4, 1);
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "at most 3 months") != NULL, "%s", err.msg);
	r.rq.until = ymd(2027, 3, 1);
	apply_ok(db, &r, &res);
	dbt_expect_text("SELECT status || ' ' || paused_until || ' ' || next_date FROM rd.subscriptions WHERE id = $1",
			id, "paused 2027-03-01 2027-03-15");

	req_init(&r, id, SUBRULE_PAUSE, "again");
	r.rq.pause_mode = SUBRULE_PAUSE_OPEN;
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);

	req_init(&r, id, SUBRULE_RESUME, "退院");
	apply_ok(db, &r, &res);   /* proposal: the 15th at least 7 days ahead */
	dbt_expect_text("SELECT status || ' ' || coalesce(paused_until::text, '-') || ' ' || next_date"
			"  FROM rd.subscriptions WHERE id = $1", id, "active - 2026-12-15");
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "not paused") != NULL, "%s", err.msg);

	/* paused again; the agent chooses the date */
	req_init(&r, id, SUBRULE_PAUSE, "入院");
	r.rq.pause_mode = SUBRULE_PAUSE_DELIVERIES;
	r.rq.count = 1;
	apply_ok(db, &r, &res);
	req_init(&r, id, SUBRULE_RESUME, "退院");
	r.rq.resume_date = ymd(2026, 12, 20);
	apply_ok(db, &r, &res);
	dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1", id, "2026-12-20");
	db_free(&db);
}
END_TEST

START_TEST(changes_of_products_cycle_address_payment_and_time_slot)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly(), other_addr, own_addr;
	char cust[24];
	PGconn *admin = dbt_admin();

	own_addr = dbt_int(admin,
		"INSERT INTO rd.customer_addresses (customer_id, name, postal_code, prefecture, address1)"
		" VALUES ($1, '実家', '1000001', '東京都', '千代田区1-1') RETURNING id",
		1, dbt_itoa(customer_id, cust));
	other_addr = dbt_int(admin,
		"INSERT INTO rd.customer_addresses (customer_id, name, postal_code, prefecture, address1)"
		" VALUES ($1, '他人', '1000001', '東京都', '千代田区1-2') RETURNING id",
		1, dbt_itoa(other_customer_id, cust));
	PQfinish(admin);

	req_init(&r, id, SUBRULE_CHANGE, "量を減らす");
	r.rq.change = SUBRULE_CH_LINES;
	r.rq.nline_ops = 2;
	r.rq.line_ops[0].op = SUBRULE_LINE_SET;
	strcpy(r.rq.line_ops[0].sku, "SUB-AOJIRU");
	r.rq.line_ops[0].quantity = 1;
	r.rq.line_ops[1].op = SUBRULE_LINE_SET;
	strcpy(r.rq.line_ops[1].sku, "SUB-SERUM");
	r.rq.line_ops[1].quantity = 2;
	apply_ok(db, &r, &res);
	dbt_expect_text("SELECT string_agg(sku || ' ' || quantity || ' ' || unit_price, ', ' ORDER BY sku)"
			"  FROM rd.subscription_lines WHERE subscription_id = $1", id,
			"SUB-AOJIRU 1 3480, SUB-SERUM 2 4000");

	r.rq.nline_ops = 1;
	r.rq.line_ops[0].quantity = 21;
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_INVALID);
	ck_assert_msg(strstr(err.msg, "max_quantity_per_line") != NULL, "%s", err.msg);
	strcpy(r.rq.line_ops[0].sku, "SUB-NOSUB");
	r.rq.line_ops[0].quantity = 1;
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_INVALID);
	strcpy(r.rq.line_ops[0].sku, "SUB-OLD");
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_INVALID);
	r.rq.line_ops[0].op = SUBRULE_LINE_SWAP;
	strcpy(r.rq.line_ops[0].sku, "SUB-SERUM");
	strcpy(r.rq.line_ops[0].product.sku, "SUB-NOSUB");
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_INVALID);
	r.rq.line_ops[0].op = SUBRULE_LINE_REMOVE;
	apply_ok(db, &r, &res);
	strcpy(r.rq.line_ops[0].sku, "SUB-AOJIRU");
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);

	req_init(&r, id, SUBRULE_CHANGE, "周期変更");
	r.rq.change = SUBRULE_CH_CYCLE | SUBRULE_CH_TIME | SUBRULE_CH_ADDRESS;
	cycle_parse("2m:last", &r.rq.cycle, NULL);
	r.rq.time_slot = SUBRULE_TIME_19_21;
	r.rq.address_id = other_addr;
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_INVALID);
	ck_assert_msg(strstr(err.msg, "not one of this customer's") != NULL, "%s", err.msg);
	r.rq.address_id = own_addr;
	apply_ok(db, &r, &res);
	{
		char want[64];

		snprintf(want, sizeof(want), "2m:last 19-21 %lld", own_addr);
		dbt_expect_text("SELECT cycle || ' ' || time_slot || ' ' || address_id FROM rd.subscriptions"
				" WHERE id = $1", id, want);
	}

	req_init(&r, id, SUBRULE_CHANGE, "カード払いへ");
	r.rq.change = SUBRULE_CH_PAYMENT;
	r.rq.payment = SUBRULE_PAY_CARD;
	strcpy(r.rq.card_token, "4111111111111111");
	strcpy(r.rq.card_last4, "1111");
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_INVALID);
	strcpy(r.rq.card_token, "tok_test_abcdef12");
	apply_ok(db, &r, &res);
	dbt_expect_text("SELECT payment || ' ' || card_token || ' ' || card_last4 FROM rd.subscriptions"
			" WHERE id = $1", id, "card tok_test_abcdef12 1111");
	req_init(&r, id, SUBRULE_CHANGE, "代引きへ");
	r.rq.change = SUBRULE_CH_PAYMENT;
	r.rq.payment = SUBRULE_PAY_COD;
	apply_ok(db, &r, &res);
	dbt_expect_text("SELECT payment || coalesce(card_token, '-') FROM rd.subscriptions WHERE id = $1",
			id, "cod-");
	db_free(&db);
}
END_TEST

/* ---- cancel and retention --------------------------------------------------- */

START_TEST(no_cancel_before_delivery_three_unless_a_supervisor_overrides)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL), *sup = dbt_store_as(supervisor_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = new_sub("1m:15", "2026-12-15", 1);
	char sid[24];
	PGconn *raw;

	req_init(&r, id, SUBRULE_CANCEL, "高い");
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_USAGE);   /* the retention step first */
	r.retention = true;
	r.offered = SUBRULE_ALT_BIT(SUBRULE_ALT_SKIP) | SUBRULE_ALT_BIT(SUBRULE_ALT_DISCOUNT);
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "1 of 3 deliveries made, 2 still owed") != NULL, "%s", err.msg);
	r.rq.override = true;
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "Only a supervisor") != NULL, "%s", err.msg);

	/* the database refuses the same to plain SQL */
	raw = dbt_login(agent_login);
	ck_assert_str_eq(dbt_state(raw, "UPDATE rd.subscriptions SET status = 'cancelled',"
				   " cancelled_on = DATE '2026-11-20' WHERE id = $1", 1, dbt_itoa(id, sid)),
			 "RD403");
	PQfinish(raw);

	apply_ok(sup, &r, &res);
	ck_assert_int_eq(res.fee, 2000);
	ck_assert(res.offer_id > 0);
	dbt_expect_text("SELECT status || ' ' || cancelled_on || ' ' || cancel_reason FROM rd.subscriptions"
			" WHERE id = $1", id, "cancelled 2026-11-20 高い");
	{
		char want[160];

		snprintf(want, sizeof(want), "cancelled skip,discount 2000 true 1 2 %s", supervisor_login);
		dbt_expect_text("SELECT outcome || ' ' || array_to_string(offered, ',') || ' ' || fee || ' '"
				"       || override || ' ' || delivery_count || ' ' || deliveries_owed || ' '"
				"       || agent FROM rd.retention_offers WHERE subscription_id = $1"
				"   AND outcome = 'cancelled'", id, want);
	}
	/* the two refusals before it are part of the conversation too */
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.retention_offers WHERE subscription_id = $1"
				   " AND outcome = 'refused'", id), 2);
	db_free(&db);
	db_free(&sup);
}
END_TEST

START_TEST(cancel_records_the_offer_and_cancels_reservations_and_cannot_repeat)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();

	req_init(&r, id, SUBRULE_CHANGE, "予約");
	r.rq.change = SUBRULE_CH_TIME;
	r.rq.time_slot = SUBRULE_TIME_MORNING;
	r.rq.from_delivery = 6;
	apply_ok(db, &r, &res);
	ck_assert(res.reserved);

	req_init(&r, id, SUBRULE_CANCEL, "飽きた");
	r.retention = true;
	r.offered = SUBRULE_ALT_BIT(SUBRULE_ALT_PAUSE);
	r.cancel_reason = "余っている";
	apply_ok(db, &r, &res);
	ck_assert_int_eq(res.fee, 0);
	dbt_expect_text("SELECT status || ' ' || cancel_reason || ' ' || coalesce(next_date::text, '-')"
			"  FROM rd.subscriptions WHERE id = $1", id, "cancelled 余っている -");
	dbt_expect_text("SELECT outcome || ' ' || array_to_string(offered, ',') || ' ' || fee"
			"  FROM rd.retention_offers WHERE subscription_id = $1", id, "cancelled pause 0");
	dbt_expect_text("SELECT status FROM rd.subscription_reservations WHERE subscription_id = $1", id,
			"cancelled");
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	ck_assert_str_eq(err.msg, "This subscription is already cancelled.");
	req_init(&r, id, SUBRULE_RESUME, "戻る");
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	db_free(&db);
}
END_TEST

START_TEST(a_customer_who_takes_an_alternative_or_stays_is_recorded)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	long long id = monthly();

	req_init(&r, id, SUBRULE_PAUSE, "解約希望→休止");
	r.rq.pause_mode = SUBRULE_PAUSE_OPEN;
	r.retention = true;
	r.offered = SUBRULE_ALT_BIT(SUBRULE_ALT_SKIP);
	apply_ok(db, &r, &res);
	ck_assert(res.offer_id > 0);
	dbt_expect_text("SELECT outcome || ' ' || accepted || ' ' || array_to_string(offered, ',')"
			"  FROM rd.retention_offers WHERE subscription_id = $1", id, "changed pause skip,pause");

	req_init(&r, id, SUBRULE_KEEP, "説明を聞いて継続");
	r.retention = true;
	r.offered = 0;
	apply_ok(db, &r, &res);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.retention_offers WHERE subscription_id = $1"
				   " AND outcome = 'kept' AND offered = '{}'", id), 1);
	dbt_expect_text("SELECT status FROM rd.subscriptions WHERE id = $1", id, "paused");
	db_free(&db);
}
END_TEST

/* Issue 10 §2: a cancel a rule refused, or that the customer left
 * without cancelling, wrote nothing: the offers made were lost. */
START_TEST(a_cancel_refused_or_abandoned_still_records_the_conversation)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = new_sub("1m:15", "2026-12-15", 1);

	req_init(&r, id, SUBRULE_CANCEL, "高い");
	r.retention = true;
	r.offered = SUBRULE_ALT_BIT(SUBRULE_ALT_SKIP) | SUBRULE_ALT_BIT(SUBRULE_ALT_DISCOUNT);
	r.request_id = "dddddddd-0000-4000-8000-000000000001";
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	dbt_expect_text("SELECT outcome || ' ' || array_to_string(offered, ',') || ' '"
			"       || (detail LIKE '%still owed%')::text"
			"  FROM rd.retention_offers WHERE subscription_id = $1", id, "refused skip,discount true");
	/* a retry of the same request is recorded once */
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.retention_offers WHERE subscription_id = $1", id), 1);
	dbt_expect_text("SELECT status FROM rd.subscriptions WHERE id = $1", id, "active");

	/* the customer heard the offers and left it */
	req_init(&r, id, SUBRULE_KEEP, "考えます");
	r.retention = true;
	r.abandoned = true;
	r.offered = SUBRULE_ALT_BIT(SUBRULE_ALT_PAUSE);
	apply_ok(db, &r, &res);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.retention_offers WHERE subscription_id = $1"
				   " AND outcome = 'not_cancelled' AND offered = '{pause}'", id), 1);
	dbt_expect_text("SELECT status FROM rd.subscriptions WHERE id = $1", id, "active");
	db_free(&db);
}
END_TEST

/* Issue 10 §2: a reserved cancellation fired with "reserved cancellation
 * (reservation N)" instead of the reason the customer gave. */
START_TEST(a_reserved_cancel_keeps_the_customers_reason_until_it_fires)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL), *run = dbt_store_as(supervisor_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();
	int applied = -1;

	req_init(&r, id, SUBRULE_CANCEL, "解約予約");
	r.retention = true;
	r.offered = SUBRULE_ALT_BIT(SUBRULE_ALT_SKIP);
	r.cancel_reason = "引っ越しのため";
	r.rq.from_delivery = 5;
	apply_ok(db, &r, &res);
	ck_assert(res.reserved);
	dbt_expect_text("SELECT cancel_reason FROM rd.subscription_reservations WHERE subscription_id = $1",
			id, "引っ越しのため");
	ck_assert_int_eq(db_begin(run, "shipment run", NULL, &err), RD_OK);
	ck_assert_int_eq(subscription_advance_tx(run, id, 4, &res, &err), RD_OK);
	ck_assert_int_eq(subscription_apply_reservations_tx(run, id, ymd(2027, 1, 10), &applied, &err), RD_OK);
	ck_assert_int_eq(applied, 1);
	ck_assert_int_eq(db_commit(run, &err), RD_OK);
	dbt_expect_text("SELECT status || ' ' || cancel_reason FROM rd.subscriptions WHERE id = $1", id,
			"cancelled 引っ越しのため");
	db_free(&db);
	db_free(&run);
}
END_TEST

/* ---- reservations and the shipment run ------------------------------------- */

START_TEST(a_reservation_is_listed_and_can_be_cancelled_until_its_cut_off)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct subscription_view *v = calloc(1, sizeof(*v));
	struct rd_error err;
	long long id = monthly();

	req_init(&r, id, SUBRULE_CANCEL, "解約予約");
	r.retention = true;
	r.rq.from_delivery = 5;
	apply_ok(db, &r, &res);
	ck_assert(res.reserved);
	ck_assert(res.reservation_id > 0);
	dbt_expect_text("SELECT status || ' ' || next_date FROM rd.subscriptions WHERE id = $1", id,
			"active 2026-12-15");
	dbt_expect_text("SELECT kind || ' ' || from_delivery || ' ' || from_date || ' ' || status"
			"  FROM rd.subscription_reservations WHERE subscription_id = $1", id,
			"cancel 5 2027-01-15 pending");
	ck_assert_int_eq(subscription_get(db, id, today, v, &err), RD_OK);
	ck_assert_int_eq(v->nreservations, 1);
	ck_assert_str_eq(v->reservations[0].status, "pending");
	ck_assert_msg(strstr(v->reservations[0].summary, "from delivery 5 (01/15)") != NULL, "%s",
		      v->reservations[0].summary);

	ck_assert_int_eq(subscription_unreserve(db, id, 0, res.reservation_id, "やめる", NULL,
						ymd(2027, 1, 11), &res, &err), RD_REFUSED);
	ck_assert_int_eq(subscription_unreserve(db, id, 0, v->reservations[0].id, "やめる", NULL,
						today, &res, &err), RD_OK);
	dbt_expect_text("SELECT status FROM rd.subscription_reservations WHERE subscription_id = $1", id,
			"cancelled");
	ck_assert_int_eq(subscription_unreserve(db, id, 0, v->reservations[0].id, "again", NULL,
						today, &res, &err), RD_REFUSED);
	free(v);
	db_free(&db);
}
END_TEST

START_TEST(the_shipment_primitives_apply_reservations_and_advance_once)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL), *run = dbt_store_as(supervisor_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct subscription_due due[16];
	struct rd_error err;
	long long id = monthly(), next = 0;
	int applied = -1, n = 0;
	bool found = false;

	req_init(&r, id, SUBRULE_CHANGE, "5回目から2か月ごと");
	r.rq.change = SUBRULE_CH_CYCLE | SUBRULE_CH_TIME;
	cycle_parse("2m:15", &r.rq.cycle, NULL);
	r.rq.time_slot = SUBRULE_TIME_MORNING;
	r.rq.from_delivery = 5;
	apply_ok(db, &r, &res);

	/* due by 12/15: this one, delivery 4 */
	do {
		ck_assert_int_eq(subscription_due(run, ymd(2026, 12, 15), next, due, 16, &n, &next, &err), RD_OK);
		for (int i = 0; i < n; i++)
			if (due[i].id == id) {
				found = true;
				ck_assert_int_eq(due[i].delivery_no, 4);
				ck_assert_int_eq(due[i].date, ymd(2026, 12, 15));
				ck_assert(!due[i].has_reservations);
			}
	} while (next);
	ck_assert(found);

	ck_assert_int_eq(db_begin(run, "shipment run", NULL, &err), RD_OK);
	ck_assert_int_eq(subscription_apply_reservations_tx(run, id, ymd(2026, 12, 10), &applied, &err), RD_OK);
	ck_assert_int_eq(applied, 0);
	ck_assert_int_eq(subscription_advance_tx(run, id, 4, &res, &err), RD_OK);
	ck_assert(!res.replayed);
	ck_assert_int_eq(res.next_date, ymd(2027, 1, 15));
	ck_assert_int_eq(subscription_advance_tx(run, id, 4, &res, &err), RD_OK);
	ck_assert(res.replayed);
	ck_assert_int_eq(subscription_advance_tx(run, id, 6, &res, &err), RD_CONFLICT);
	ck_assert_int_eq(db_commit(run, &err), RD_OK);

	/* before delivery 5 the reservation takes effect */
	ck_assert_int_eq(db_begin(run, "shipment run", NULL, &err), RD_OK);
	ck_assert_int_eq(subscription_apply_reservations_tx(run, id, ymd(2027, 1, 10), &applied, &err), RD_OK);
	ck_assert_int_eq(applied, 1);
	ck_assert_int_eq(subscription_advance_tx(run, id, 5, &res, &err), RD_OK);
	ck_assert_int_eq(db_commit(run, &err), RD_OK);
	dbt_expect_text("SELECT cycle || ' ' || time_slot || ' ' || delivery_count || ' ' || next_date"
			"  FROM rd.subscriptions WHERE id = $1", id, "2m:15 morning 5 2027-03-15");
	dbt_expect_text("SELECT status || ' ' || (applied_at IS NOT NULL) FROM rd.subscription_reservations"
			" WHERE subscription_id = $1", id, "applied true");
	db_free(&db);
	db_free(&run);
}
END_TEST

START_TEST(a_reservation_that_no_longer_applies_is_cancelled_with_a_note)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL), *run = dbt_store_as(supervisor_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();
	int applied = -1;
	PGconn *admin;

	req_init(&r, id, SUBRULE_CHANGE, "量を変える");
	r.rq.change = SUBRULE_CH_LINES;
	r.rq.nline_ops = 1;
	r.rq.line_ops[0].op = SUBRULE_LINE_SET;
	strcpy(r.rq.line_ops[0].sku, "SUB-SERUM");
	r.rq.line_ops[0].quantity = 1;
	r.rq.from_delivery = 4;
	apply_ok(db, &r, &res);
	admin = dbt_admin();
	dbt_exec(admin, "UPDATE rd.products SET active = false WHERE sku = 'SUB-SERUM'", 0);
	ck_assert_int_eq(db_begin(run, "shipment run", NULL, &err), RD_OK);
	ck_assert_int_eq(subscription_apply_reservations_tx(run, id, ymd(2026, 12, 10), &applied, &err), RD_OK);
	ck_assert_int_eq(applied, 0);
	ck_assert_int_eq(db_commit(run, &err), RD_OK);
	dbt_exec(admin, "UPDATE rd.products SET active = true WHERE sku = 'SUB-SERUM'", 0);
	PQfinish(admin);
	dbt_expect_text("SELECT status || ': ' || note FROM rd.subscription_reservations WHERE subscription_id = $1",
			id, "cancelled: There is no product SUB-SERUM for subscriptions.");
	db_free(&db);
	db_free(&run);
}
END_TEST

START_TEST(holidays_and_closed_weekdays_move_deliveries)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_view *v = calloc(1, sizeof(*v));
	struct subscription_due due[64];
	struct rd_error err;
	long long id = new_sub("1m:15", "2027-02-15", 3), next = 0;
	PGconn *admin = dbt_admin();
	int n;
	bool found = false;

	/* 2027-02-15 is a Monday: a holiday moves it to Tuesday 02/16 */
	dbt_exec(admin, "INSERT INTO rd.holidays (date, name) VALUES ('2027-02-15', 'テスト休日')", 0);
	ck_assert_int_eq(subscription_get(db, id, today, v, &err), RD_OK);
	ck_assert_int_eq(v->next[0].date, ymd(2027, 2, 16));
	ck_assert_int_eq(v->next[0].nominal, ymd(2027, 2, 15));
	do {
		ck_assert_int_eq(subscription_due(db, ymd(2027, 2, 15), next, due, 64, &n, &next, &err), RD_OK);
		for (int i = 0; i < n; i++)
			found |= due[i].id == id;
	} while (next);
	ck_assert(!found);
	/* closed on Tuesdays too: Wednesday */
	dbt_exec(admin, "UPDATE rd.settings SET value = 'tue' WHERE key = 'closed_weekdays'", 0);
	ck_assert_int_eq(subscription_get(db, id, today, v, &err), RD_OK);
	ck_assert_int_eq(v->next[0].date, ymd(2027, 2, 17));
	dbt_exec(admin, "UPDATE rd.settings SET value = '' WHERE key = 'closed_weekdays'", 0);
	dbt_exec(admin, "DELETE FROM rd.holidays WHERE date = '2027-02-15'", 0);
	PQfinish(admin);
	free(v);
	db_free(&db);
}
END_TEST

/* ---- concurrency and idempotency ---------------------------------------------- */

START_TEST(a_retried_request_id_is_applied_once)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res, again;
	struct rd_error err;
	const char *rid = "2f8fad5b-d9cb-469f-a165-70867728950e";
	long long id = monthly(), other = monthly();

	req_init(&r, id, SUBRULE_SKIP, "旅行");
	r.request_id = rid;
	apply_ok(db, &r, &res);
	apply_ok(db, &r, &again);
	ck_assert(again.replayed);
	ck_assert_int_eq(again.version, res.version);
	ck_assert_str_eq(again.summary, res.summary);
	ck_assert_int_eq(again.next_date, res.next_date);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1", id), 1);
	ck_assert_int_eq(dbt_q_int("SELECT version FROM rd.subscriptions WHERE id = $1", id), res.version);
	/* the same id for another subscription is a mistake, said so */
	r.id = other;
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_DUPLICATE);
	r.request_id = "not-a-uuid";
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_INVALID);
	r.request_id = NULL;
	r.reason = "";
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_USAGE);
	db_free(&db);
}
END_TEST

START_TEST(a_change_on_a_stale_version_is_a_conflict_that_names_who_and_what)
{
	struct rd_db *a = dbt_store_as(agent_login, NULL), *b = dbt_store_as(agent2_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();

	/* a reads version 1; b changes the time slot; a's skip is refused */
	req_init(&r, id, SUBRULE_CHANGE, "時間指定");
	r.rq.change = SUBRULE_CH_TIME;
	r.rq.time_slot = SUBRULE_TIME_14_16;
	apply_ok(b, &r, &res);
	req_init(&r, id, SUBRULE_SKIP, "旅行");
	r.version = 1;
	ck_assert_int_eq(apply(a, &r, &res, &err), RD_CONFLICT);
	ck_assert_msg(strstr(err.msg, agent2_login) != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "time slot") != NULL, "%s", err.msg);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1", id), 0);
	r.version = 2;
	apply_ok(a, &r, &res);
	db_free(&a);
	db_free(&b);
}
END_TEST

struct racer {
	const char *login;
	long long id;
	int version;
	const char *request_id;
	pthread_barrier_t *start;
	enum rd_status st;
	bool replayed;
	char msg[512];
};

static void *race(void *arg)
{
	struct racer *x = arg;
	struct subscription_request r;
	struct subscription_result res;
	struct subrule_preview *p = calloc(1, sizeof(*p));
	struct db_params prm = { .conninfo = "", .user = x->login };
	struct rd_db *db = NULL;
	struct rd_error err;
	char pw[64];

	rd_error_clear(&err);
	memset(&res, 0, sizeof(res));
	dbt_password(x->login, pw, sizeof(pw));
	prm.password = pw;
	x->st = db_open(&db, &prm, &err);
	pthread_barrier_wait(x->start);
	if (x->st == RD_OK) {
		subscription_request_init(&r, x->id, SUBRULE_SKIP);
		r.reason = "同時に";
		r.today = today;
		r.version = x->version;
		r.rq.delivery = 4;
		r.request_id = x->request_id;
		x->st = subscription_apply(db, &r, p, &res, &err);
		x->replayed = res.replayed;
	}
	snprintf(x->msg, sizeof(x->msg), "%s", err.msg);
	db_free(&db);
	free(p);
	return NULL;
}

static void run_race(long long id, const char *rid_a, const char *rid_b,
		     struct racer *a, struct racer *b)
{
	pthread_barrier_t start;
	pthread_t ta, tb;

	pthread_barrier_init(&start, NULL, 2);
	*a = (struct racer){ agent_login, id, 1, rid_a, &start, RD_INTERNAL, false, "" };
	/* a retry is the same agent's (request records are per agent, 0082) */
	*b = (struct racer){ rid_b && rid_a && strcmp(rid_a, rid_b) == 0 ? agent_login : agent2_login,
			     id, 1, rid_b, &start, RD_INTERNAL, false, "" };
	pthread_create(&ta, NULL, race, a);
	pthread_create(&tb, NULL, race, b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&start);
}

START_TEST(two_agents_skipping_the_same_delivery_at_once_make_one_skip)
{
	for (int round = 0; round < 5; round++) {
		struct racer a, b;
		long long id = monthly();
		int ok;

		run_race(id, NULL, NULL, &a, &b);
		ok = (a.st == RD_OK) + (b.st == RD_OK);
		ck_assert_msg(ok == 1, "round %d: %s (%s) / %s (%s)", round, rd_status_name(a.st), a.msg,
			      rd_status_name(b.st), b.msg);
		ck_assert_int_eq(a.st == RD_OK ? b.st : a.st, RD_CONFLICT);
		ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1", id), 1);
		ck_assert_int_eq(dbt_q_int("SELECT version FROM rd.subscriptions WHERE id = $1", id), 2);
		dbt_expect_text("SELECT next_date::text FROM rd.subscriptions WHERE id = $1", id, "2027-01-15");
	}
}
END_TEST

START_TEST(one_request_retried_from_two_terminals_at_once_is_applied_once)
{
	for (int round = 0; round < 3; round++) {
		struct racer a, b;
		char rid[40];
		long long id = monthly();

		snprintf(rid, sizeof(rid), "3f8fad5b-d9cb-469f-a165-%012d", round);
		run_race(id, rid, rid, &a, &b);
		ck_assert_msg(a.st == RD_OK && b.st == RD_OK, "round %d: %s (%s) / %s (%s)", round,
			      rd_status_name(a.st), a.msg, rd_status_name(b.st), b.msg);
		ck_assert_int_eq(a.replayed + b.replayed, 1);
		ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $1", id), 1);
		ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.subscription_requests WHERE subscription_id = $1", id), 1);
	}
}
END_TEST

/* ---- roles and the screen's data ------------------------------------------------- */

START_TEST(an_operator_cannot_change_a_subscription)
{
	struct rd_db *db = dbt_store_as(operator_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();

	req_init(&r, id, SUBRULE_SKIP, "旅行");
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_PERMISSION);
	ck_assert_int_eq(dbt_q_int("SELECT version FROM rd.subscriptions WHERE id = $1", id), 1);
	db_free(&db);
}
END_TEST

START_TEST(the_view_has_everything_the_screen_shows)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_view *v = calloc(1, sizeof(*v));
	struct subscription_row rows[8];
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();
	int n;

	req_init(&r, id, SUBRULE_SKIP, "旅行");
	r.rq.delivery = 5;
	apply_ok(db, &r, &res);
	ck_assert_int_eq(subscription_get(db, id, today, v, &err), RD_OK);
	ck_assert_int_eq(v->state.version, 2);
	ck_assert_str_eq(v->cycle_spec, "1m:15");
	ck_assert_str_eq(v->cycle_words, "every month on the 15th");
	ck_assert_int_eq(v->state.sub.delivery_count, 3);
	ck_assert_int_eq(v->state.sub.nlines, 1);
	ck_assert_str_eq(v->state.sub.lines[0].name, "青汁 30包");
	ck_assert_int_eq(v->amount.total, 7516 + 330);
	ck_assert_int_eq(v->nnext, SUBRULE_SHOW);
	ck_assert_int_eq(v->next[0].number, 4);
	ck_assert(v->next[0].changeable);
	ck_assert(v->next[1].skipped);
	ck_assert_int_eq(v->next[2].number, 5);
	ck_assert_int_eq(v->next[2].date, ymd(2027, 2, 15));
	ck_assert_str_eq(v->customer_name, "山田 太郎");
	ck_assert_int_ge(v->nhistory, 2);
	ck_assert_str_eq(v->history[0].reason, "旅行");
	ck_assert_msg(strcmp(v->history[0].table, "subscriptions") == 0 ||
		      strcmp(v->history[0].table, "subscription_skips") == 0, "%s", v->history[0].table);
	ck_assert_int_eq(subscription_get(db, 999999999, today, v, &err), RD_NOT_FOUND);
	ck_assert_int_eq(subscription_list(db, customer_id, today, rows, 8, &n, &err), RD_OK);
	ck_assert_int_ge(n, 1);
	ck_assert_int_gt(rows[0].amount, 0);
	ck_assert_msg(strstr(rows[0].products, "青汁") != NULL, "%s", rows[0].products);
	free(v);
	db_free(&db);
}
END_TEST

/* The limits of an order line hold for a subscription's lines on a
 * change: a product no longer sold keeps its line (and can be removed)
 * but its quantity cannot be set; a quantity past max_quantity_per_line
 * is refused with one line naming the line. */
START_TEST(a_subscription_line_keeps_the_limits_of_an_order_line)
{
	struct rd_db *db = dbt_store_as(agent_login, NULL);
	struct subscription_request r;
	struct subscription_result res;
	struct rd_error err;
	long long id = monthly();
	char sid[24];
	PGconn *admin = dbt_admin();

	/* sold when it was added; no longer sold today */
	dbt_exec(admin,
		"INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
		" VALUES ($1, 'SUB-OLD', 1, 900)", 1, dbt_itoa(id, sid));
	PQfinish(admin);

	req_init(&r, id, SUBRULE_CHANGE, "終売品を増やしたい");
	r.rq.change = SUBRULE_CH_LINES;
	r.rq.nline_ops = 2;
	r.rq.line_ops[0].op = SUBRULE_LINE_SET;
	strcpy(r.rq.line_ops[0].sku, "SUB-AOJIRU");
	r.rq.line_ops[0].quantity = 3;
	r.rq.line_ops[1].op = SUBRULE_LINE_SET;
	strcpy(r.rq.line_ops[1].sku, "SUB-OLD");
	r.rq.line_ops[1].quantity = 2;
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_REFUSED);
	ck_assert_str_eq(err.msg, "item 2: SUB-OLD is no longer sold; choose another product");
	dbt_expect_text("SELECT string_agg(sku || ' ' || quantity, ', ' ORDER BY sku)"
			"  FROM rd.subscription_lines WHERE subscription_id = $1", id,
			"SUB-AOJIRU 2, SUB-OLD 1");

	r.rq.line_ops[1].quantity = 0;
	r.rq.line_ops[0].quantity = 25;
	r.rq.nline_ops = 1;
	ck_assert_int_eq(apply(db, &r, &res, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "item 1: quantity 25 of SUB-AOJIRU is not possible in a subscription"
			 ": 1 to 20 per product (max_quantity_per_line)");

	/* its line can still go */
	r.rq.line_ops[0].op = SUBRULE_LINE_REMOVE;
	strcpy(r.rq.line_ops[0].sku, "SUB-OLD");
	apply_ok(db, &r, &res);
	dbt_expect_text("SELECT string_agg(sku || ' ' || quantity, ', ' ORDER BY sku)"
			"  FROM rd.subscription_lines WHERE subscription_id = $1", id,
			"SUB-AOJIRU 2");
	db_free(&db);
}
END_TEST

static Suite *subscription_suite(void)
{
	Suite *s = suite_create("subscription");
	TCase *tx = tcase_create("transactions");
	TCase *rules = tcase_create("rules");
	TCase *res = tcase_create("reservations");
	TCase *conc = tcase_create("concurrency");

	tcase_add_unchecked_fixture(tx, setup_once, NULL);
	tcase_set_timeout(tx, DBT_TIMEOUT);
	tcase_add_test(tx, a_skip_is_one_transaction_with_its_history);
	tcase_add_test(tx, a_preview_changes_nothing);
	tcase_add_test(tx, a_failing_hook_rolls_the_whole_request_back);
	tcase_add_test(tx, an_operator_cannot_change_a_subscription);
	tcase_add_test(tx, the_view_has_everything_the_screen_shows);
	suite_add_tcase(s, tx);

	tcase_add_unchecked_fixture(rules, setup_once, NULL);
	tcase_set_timeout(rules, DBT_TIMEOUT);
	tcase_add_test(rules, the_cut_off_refuses_and_names_the_first_delivery_that_can_be_skipped);
	tcase_add_test(rules, at_most_two_skips_in_a_row);
	tcase_add_test(rules, pause_and_resume_with_the_proposed_date_or_the_agents);
	tcase_add_test(rules, changes_of_products_cycle_address_payment_and_time_slot);
	tcase_add_test(rules, a_subscription_line_keeps_the_limits_of_an_order_line);
	tcase_add_test(rules, no_cancel_before_delivery_three_unless_a_supervisor_overrides);
	tcase_add_test(rules, cancel_records_the_offer_and_cancels_reservations_and_cannot_repeat);
	tcase_add_test(rules, a_customer_who_takes_an_alternative_or_stays_is_recorded);
	tcase_add_test(rules, a_cancel_refused_or_abandoned_still_records_the_conversation);
	tcase_add_test(rules, a_reserved_cancel_keeps_the_customers_reason_until_it_fires);
	tcase_add_test(rules, holidays_and_closed_weekdays_move_deliveries);
	suite_add_tcase(s, rules);

	tcase_add_unchecked_fixture(res, setup_once, NULL);
	tcase_set_timeout(res, DBT_TIMEOUT);
	tcase_add_test(res, a_reservation_is_listed_and_can_be_cancelled_until_its_cut_off);
	tcase_add_test(res, the_shipment_primitives_apply_reservations_and_advance_once);
	tcase_add_test(res, a_reservation_that_no_longer_applies_is_cancelled_with_a_note);
	suite_add_tcase(s, res);

	tcase_add_unchecked_fixture(conc, setup_once, NULL);
	tcase_set_timeout(conc, DBT_TIMEOUT);
	tcase_add_test(conc, a_retried_request_id_is_applied_once);
	tcase_add_test(conc, a_change_on_a_stale_version_is_a_conflict_that_names_who_and_what);
	tcase_add_test(conc, two_agents_skipping_the_same_delivery_at_once_make_one_skip);
	tcase_add_test(conc, one_request_retried_from_two_terminals_at_once_is_applied_once);
	suite_add_tcase(s, conc);
	return s;
}

int main(void)
{
	return dbt_run_suite(subscription_suite(), "subscription");
}
