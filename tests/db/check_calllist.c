/* check_calllist.c: store/calllist.c and migration 0125 against a real
 * database.
 *
 * Making a list: customers who asked not to be called are left out and
 * counted, a customer given twice is called once, a retried request makes
 * one list, every member gets one open outbound inquiry in the team's
 * queue. Outcomes: no answer sets the callback and keeps the inquiry
 * open, the others resolve it, each moves the list's progress; a stale
 * version is a conflict that writes nothing. The database refuses an
 * operator (and an agent making a list) through plain SQL, and an agent's
 * plain INSERT/UPDATE that would forge an outcome or a list membership.
 * Collecting from a saved filter and a preset.
 *
 * Its own runner: tests/lib/pgtmp.sh tests/db/check_calllist (through
 * tests/db/run-check-calllist.sh). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbtest.h"
#include "repeatdesk/calllist.h"
#include "repeatdesk/customer.h"
#include "repeatdesk/db.h"

static char opr[DBT_LOGIN_MAX], agt[DBT_LOGIN_MAX], sup[DBT_LOGIN_MAX];
static char team_name[64];
static long long team_id;

static void setup_once(void)
{
	static int done;
	PGconn *admin;
	char tid[24];

	if (done)
		return;
	done = 1;
	admin = dbt_admin();
	dbt_agent_new(admin, "operator", "cop", opr);
	dbt_agent_new(admin, "agent", "cag", agt);
	dbt_agent_new(admin, "supervisor", "csu", sup);
	snprintf(team_name, sizeof(team_name), "架電チーム %d", (int)getpid());
	team_id = dbt_int(admin, "INSERT INTO rd.teams (name) VALUES ($1) RETURNING id", 1,
			  team_name);
	dbt_exec(admin, "UPDATE rd.agents SET team_id = $1 WHERE login = $2", 2,
		 dbt_itoa(team_id, tid), agt);
	PQfinish(admin);
}

/* A customer made by the admin; no_call as asked. */
static long long customer(bool no_call)
{
	PGconn *admin = dbt_admin();
	long long id = dbt_customer_new(admin);
	char idb[24];

	if (no_call)
		dbt_exec(admin, "UPDATE rd.customers SET no_call = true WHERE id = $1", 1,
			 dbt_itoa(id, idb));
	PQfinish(admin);
	return id;
}

/* Makes a list of ids as the supervisor; returns its id. */
static long long make_list(const char *name, long long *ids, size_t n, const char *request_id)
{
	struct rd_db *s = dbt_store_as(sup, NULL);
	struct calllist_ids set = { ids, n };
	struct calllist_new r = { .name = name, .team = team_name, .source = "テスト",
				  .customers = &set, .request_id = request_id };
	struct rd_error err;
	long long id = 0;

	ck_assert_msg(calllist_create(s, &r, &id, &err) == RD_OK, "create: %s", err.msg);
	ck_assert_int_gt(id, 0);
	db_free(&s);
	return id;
}

static struct calllist_progress progress(long long id)
{
	struct rd_db *s = dbt_store_as(sup, NULL);
	struct calllist_progress p;
	struct rd_error err;

	ck_assert_msg(calllist_get(s, id, &p, &err) == RD_OK, "get: %s", err.msg);
	db_free(&s);
	return p;
}

/* The inquiry of customer c on list l. */
static long long inquiry_of(long long l, long long c)
{
	PGconn *admin = dbt_admin();
	char lb[24], cb[24];
	long long v = dbt_int(admin, "SELECT id FROM rd.inquiries WHERE call_list_id = $1"
			      " AND customer_id = $2", 2, dbt_itoa(l, lb), dbt_itoa(c, cb));

	PQfinish(admin);
	return v;
}

START_TEST(no_call_customers_are_left_out_and_counted_duplicates_once)
{
	long long a = customer(false), b = customer(false), nc = customer(true);
	long long ids[] = { a, b, b, nc, a };
	long long l = make_list("２回目スキップのお客様", ids, 5, NULL);
	struct calllist_progress p = progress(l);
	PGconn *admin = dbt_admin();
	char lb[24];
	PGresult *r;

	ck_assert_int_eq(p.total, 2);
	ck_assert_int_eq(p.left_out_no_call, 1);
	ck_assert_int_eq(p.not_called, 2);
	ck_assert_str_eq(p.team, team_name);
	ck_assert_str_eq(p.status, "open");
	ck_assert_str_eq(p.created_by, sup);
	r = dbt_query(admin, "SELECT customer_id, channel, category, status, team_id, subject,"
			     " assignee_id IS NULL, opened_by FROM rd.inquiries"
			     " WHERE call_list_id = $1 ORDER BY customer_id", 1, dbt_itoa(l, lb));
	ck_assert_int_eq(PQntuples(r), 2);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(atoll(PQgetvalue(r, i, 0)), i == 0 ? a : b);
		ck_assert_str_eq(PQgetvalue(r, i, 1), "outbound_call");
		ck_assert_str_eq(PQgetvalue(r, i, 2), "other");
		ck_assert_str_eq(PQgetvalue(r, i, 3), "open");
		ck_assert_int_eq(atoll(PQgetvalue(r, i, 4)), team_id);
		ck_assert_str_eq(PQgetvalue(r, i, 5), "２回目スキップのお客様");
		ck_assert_str_eq(PQgetvalue(r, i, 6), "t");
		ck_assert_str_eq(PQgetvalue(r, i, 7), sup);
	}
	PQclear(r);
	/* the no-call customer got no inquiry at all */
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.inquiries WHERE customer_id = $1",
				 1, dbt_itoa(nc, lb)), 0);
	/* the list is in the history, by the supervisor */
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history WHERE table_name = 'call_lists'"
				 " AND row_key = $1 AND actor = $2", 2,
				 dbt_itoa(l, lb), sup), 2);
	PQfinish(admin);
}
END_TEST

START_TEST(a_retried_request_makes_one_list)
{
	long long ids[] = { customer(false), customer(false) };
	const char *rid = "6f1c9a52-4b0e-4a51-9d7e-2a0c0e3b7a11";
	long long l1 = make_list("再送テスト", ids, 2, rid);
	long long l2 = make_list("再送テスト", ids, 2, rid);
	PGconn *admin = dbt_admin();
	char lb[24];

	ck_assert_int_eq(l1, l2);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.inquiries WHERE call_list_id = $1",
				 1, dbt_itoa(l1, lb)), 2);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.call_lists WHERE request_id = $1",
				 1, rid), 1);
	PQfinish(admin);
}
END_TEST

START_TEST(outcomes_move_the_progress_and_no_answer_keeps_it_open)
{
	long long a = customer(false), b = customer(false), c = customer(false);
	long long ids[] = { a, b, c };
	long long l = make_list("継続確認", ids, 3, NULL);
	long long qa = inquiry_of(l, a), qb = inquiry_of(l, b);
	struct rd_db *ag = dbt_store_as(agt, NULL);
	struct calllist_outcome_req r = { .inquiry_id = qa, .outcome = CALL_NO_ANSWER,
					  .note = "留守電なし" };
	struct calllist_progress p;
	struct rd_error err;
	char tomorrow[32], qb_[24];
	char *s;
	PGconn *admin = dbt_admin();
	int v = 0;

	/* a time to call again: tomorrow 10:00, business time */
	s = dbt_value(admin, "SELECT to_char((now() AT TIME ZONE 'Asia/Tokyo')::date + 1,"
			     " 'YYYY-MM-DD') || ' 10:00'", 0);
	snprintf(tomorrow, sizeof(tomorrow), "%s", s);
	free(s);
	r.retry_at = tomorrow;
	ck_assert_msg(calllist_record_outcome(ag, &r, &v, &err) == RD_OK, "no answer: %s", err.msg);
	ck_assert_int_gt(v, 1);
	s = dbt_q_text("SELECT status || ' ' || to_char(callback_at AT TIME ZONE 'Asia/Tokyo',"
		       " 'YYYY-MM-DD HH24:MI') FROM rd.inquiries WHERE id = $1", qa);
	{
		char want[64];

		snprintf(want, sizeof(want), "open %s", tomorrow);
		ck_assert_str_eq(s, want);
	}
	free(s);
	/* the call entry keeps the outcome, in the business's language */
	s = dbt_q_text("SELECT call_outcome || '|' || body FROM rd.inquiry_entries"
		       " WHERE inquiry_id = $1 AND kind = 'call'", qa);
	ck_assert_msg(strncmp(s, "no_answer|架電：不在。", strlen("no_answer|架電：不在。")) == 0,
		      "entry: %s", s);
	ck_assert_msg(strstr(s, "留守電なし") != NULL, "entry: %s", s);
	free(s);
	p = progress(l);
	ck_assert_int_eq(p.waiting_retry, 1);
	ck_assert_int_eq(p.retry_due, 0);
	ck_assert_int_eq(p.not_called, 2);
	ck_assert_int_eq(calllist_progress_done(&p), 0);

	/* reached: resolved */
	r = (struct calllist_outcome_req){ .inquiry_id = qb, .outcome = CALL_REACHED };
	ck_assert_msg(calllist_record_outcome(ag, &r, NULL, &err) == RD_OK, "reached: %s", err.msg);
	ck_assert_str_eq((s = dbt_q_text("SELECT status FROM rd.inquiries WHERE id = $1", qb)),
			 "resolved");
	free(s);
	/* a resolved call takes no second outcome */
	ck_assert_int_eq(calllist_record_outcome(ag, &r, NULL, &err), RD_REFUSED);

	/* the retry: kept */
	r = (struct calllist_outcome_req){ .inquiry_id = qa, .outcome = CALL_KEPT };
	ck_assert_msg(calllist_record_outcome(ag, &r, NULL, &err) == RD_OK, "kept: %s", err.msg);
	p = progress(l);
	ck_assert_int_eq(p.total, 3);
	ck_assert_int_eq(p.not_called, 1);
	ck_assert_int_eq(p.waiting_retry, 0);
	ck_assert_int_eq(p.done[CALL_REACHED], 1);
	ck_assert_int_eq(p.done[CALL_KEPT], 1);
	ck_assert_int_eq(p.calls, 3);
	ck_assert_int_eq(calllist_progress_done(&p), 2);

	/* the progress is what the inquiries say, recomputed by hand */
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.inquiries WHERE call_list_id = $1"
				 " AND status NOT IN ('resolved', 'closed')", 1, dbt_itoa(l, qb_)),
			 p.not_called + p.waiting_retry);
	db_free(&ag);
	PQfinish(admin);
}
END_TEST

START_TEST(no_answer_needs_a_time_to_call_again_in_the_future)
{
	long long a = customer(false);
	long long l = make_list("不在テスト", &a, 1, NULL);
	struct rd_db *ag = dbt_store_as(agt, NULL);
	struct calllist_outcome_req r = { .inquiry_id = inquiry_of(l, a),
					  .outcome = CALL_NO_ANSWER };
	struct rd_error err;

	ck_assert_int_eq(calllist_record_outcome(ag, &r, NULL, &err), RD_INVALID);
	r.retry_at = "2001-01-01 10:00";
	ck_assert_int_eq(calllist_record_outcome(ag, &r, NULL, &err), RD_REFUSED);
	r.retry_at = "2026-13-01 10:00";
	ck_assert_int_eq(calllist_record_outcome(ag, &r, NULL, &err), RD_INVALID);
	r.outcome = CALL_REACHED;
	r.retry_at = "2099-01-01 10:00";
	ck_assert_int_eq(calllist_record_outcome(ag, &r, NULL, &err), RD_INVALID);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.inquiry_entries WHERE inquiry_id = $1",
				   r.inquiry_id), 0);
	db_free(&ag);
}
END_TEST

START_TEST(a_stale_version_is_a_conflict_and_writes_nothing)
{
	long long a = customer(false);
	long long l = make_list("版テスト", &a, 1, NULL);
	long long q = inquiry_of(l, a);
	long long ver = dbt_q_int("SELECT version FROM rd.inquiries WHERE id = $1", q);
	struct rd_db *ag = dbt_store_as(agt, NULL);
	struct calllist_outcome_req r = { .inquiry_id = q, .version = (int)ver,
					  .outcome = CALL_WRONG_NUMBER };
	PGconn *admin = dbt_admin();
	struct rd_error err;
	char qb[24];

	/* someone else changes it meanwhile (a note bumps nothing: a status does) */
	dbt_exec(admin, "UPDATE rd.inquiries SET priority = 'high' WHERE id = $1", 1,
		 dbt_itoa(q, qb));
	ck_assert_int_eq(calllist_record_outcome(ag, &r, NULL, &err), RD_CONFLICT);
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.inquiry_entries WHERE inquiry_id = $1",
				   q), 0);
	ck_assert_int_eq(progress(l).not_called, 1);
	r.version = (int)ver + 1;
	ck_assert_msg(calllist_record_outcome(ag, &r, NULL, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(progress(l).done[CALL_WRONG_NUMBER], 1);
	db_free(&ag);
	PQfinish(admin);
}
END_TEST

START_TEST(the_database_refuses_an_operator_and_forged_rows)
{
	long long a = customer(false);
	long long l = make_list("権限テスト", &a, 1, NULL);
	long long q = inquiry_of(l, a);
	PGconn *o = dbt_login(opr), *g = dbt_login(agt);
	char cb[24], qb[24], lb[24];

	dbt_itoa(a, cb);
	dbt_itoa(q, qb);
	dbt_itoa(l, lb);
	/* an operator may neither make a list nor record an outcome */
	ck_assert_str_eq(dbt_state(o, "SELECT rd.call_list_create('x', $1, '', NULL,"
				      " ARRAY[$2::bigint], NULL)", 2, team_name, cb), "42501");
	ck_assert_str_eq(dbt_state(o, "SELECT rd.call_outcome($1, 0, 'reached', NULL, '', NULL)",
				   1, qb), "42501");
	/* an agent records outcomes but makes no list */
	ck_assert_str_eq(dbt_state(g, "SELECT rd.call_list_create('x', $1, '', NULL,"
				      " ARRAY[$2::bigint], NULL)", 2, team_name, cb), "42501");
	ck_assert_str_eq(dbt_state(g, "SELECT rd.call_list_preset('callbacks-due')", 0), "42501");
	/* nor forges: no table grant writes a list, a membership or an outcome */
	ck_assert_str_eq(dbt_state(g, "INSERT INTO rd.call_lists (name, team_id) VALUES ('x', 1)", 0),
			 "42501");
	ck_assert_str_eq(dbt_state(g, "UPDATE rd.call_lists SET total = 0 WHERE id = $1", 1, lb),
			 "42501");
	ck_assert_str_eq(dbt_state(g, "UPDATE rd.inquiries SET call_list_id = NULL WHERE id = $1",
				   1, qb), "42501");
	ck_assert_str_eq(dbt_state(g, "INSERT INTO rd.inquiries (customer_id, channel, category,"
				      " subject, call_list_id) VALUES ($1, 'outbound_call', 'other',"
				      " 'x', $2)", 2, cb, lb), "42501");
	ck_assert_str_eq(dbt_state(g, "INSERT INTO rd.inquiry_entries (inquiry_id, kind, body,"
				      " call_outcome) VALUES ($1, 'call', 'x', 'reached')", 1, qb),
			 "42501");
	/* what was tried left nothing */
	ck_assert_int_eq(dbt_q_int("SELECT count(*) FROM rd.inquiry_entries WHERE inquiry_id = $1",
				   q), 0);
	ck_assert_int_eq(progress(l).not_called, 1);
	PQfinish(o);
	PQfinish(g);
}
END_TEST

START_TEST(an_outcome_is_for_outbound_calls_only)
{
	PGconn *g = dbt_login(agt);
	char cb[24], qb[24];
	long long q;

	q = dbt_int(g, "SELECT rd.inquiry_open($1, NULL, NULL, 'inbound_call', 'question', NULL,"
		       " '問い合わせ', NULL, NULL, NULL, NULL, NULL)", 1,
		    dbt_itoa(customer(false), cb));
	ck_assert_str_eq(dbt_state(g, "SELECT rd.call_outcome($1, 0, 'reached', NULL, '', NULL)",
				   1, dbt_itoa(q, qb)), "RD422");
	PQfinish(g);
}
END_TEST

START_TEST(the_members_come_from_a_saved_filter_and_from_presets)
{
	struct rd_db *s = dbt_store_as(sup, NULL);
	struct customer_query q;
	struct calllist_ids ids = { 0 };
	struct rd_error err;
	PGconn *admin = dbt_admin();
	char kana[128], cb[24];
	long long a = customer(false), b = customer(false);
	bool seen_a = false;

	/* two customers with a reading nobody else has: katakana from the pid */
	{
		static const char *const digits[10] = { "ア", "イ", "ウ", "エ", "オ",
							"カ", "キ", "ク", "ケ", "コ" };
		char pid[16], bb[24];

		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		snprintf(kana, sizeof(kana), "カデンテスト");
		for (char *p = pid; *p; p++)
			strncat(kana, digits[*p - '0'], sizeof(kana) - strlen(kana) - 1);
		dbt_exec(admin, "UPDATE rd.customers SET name_kana = $1 WHERE id IN ($2, $3)", 3,
			 kana, dbt_itoa(a, cb), dbt_itoa(b, bb));
	}
	customer_query_init(&q);
	ck_assert_int_eq(customer_query_set(&q, CUSTOMER_Q_KANA, kana, &err), RD_OK);
	ck_assert_msg(customer_filter_save(s, "架電候補", &q, &err) == RD_OK, "%s", err.msg);
	ck_assert_msg(calllist_collect_filter(s, "架電候補", &ids, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(ids.n, 2);
	for (size_t i = 0; i < ids.n; i++)
		seen_a = seen_a || ids.ids[i] == a;
	ck_assert(seen_a);
	calllist_ids_done(&ids);

	/* callbacks due: an open inquiry whose callback has passed */
	dbt_exec(admin, "INSERT INTO rd.inquiries (customer_id, channel, category, subject,"
			" callback_at) VALUES ($1, 'inbound_call', 'question', '折り返し',"
			" now() - interval '1 hour')", 1, dbt_itoa(b, cb));
	ck_assert_msg(calllist_collect_preset(s, CALLLIST_PRESET_CALLBACKS_DUE, &ids, &err) == RD_OK,
		      "%s", err.msg);
	seen_a = false;
	for (size_t i = 0; i < ids.n; i++)
		seen_a = seen_a || ids.ids[i] == b;
	ck_assert(seen_a);
	calllist_ids_done(&ids);
	ck_assert_int_eq(calllist_collect_preset(s, CALLLIST_PRESET_SKIPPED_TWICE, &ids, &err), RD_OK);
	calllist_ids_done(&ids);
	db_free(&s);
	PQfinish(admin);
}
END_TEST

/* The words the command line and the screen read (no database). */
START_TEST(outcomes_and_times_are_read_strictly)
{
	enum calllist_outcome o;

	ck_assert(calllist_outcome_parse("no-answer", &o) && o == CALL_NO_ANSWER);
	ck_assert(calllist_outcome_parse("wrong_number", &o) && o == CALL_WRONG_NUMBER);
	ck_assert(!calllist_outcome_parse("noanswer", &o));
	ck_assert(!calllist_outcome_parse("", &o));
	ck_assert(!calllist_outcome_parse(NULL, &o));
	ck_assert(calllist_time_valid("2026-12-31 23:59"));
	ck_assert(calllist_time_valid("2028-02-29 00:00"));
	ck_assert(!calllist_time_valid("2027-02-29 10:00"));
	ck_assert(!calllist_time_valid("2026-12-31 24:00"));
	ck_assert(!calllist_time_valid("2026-12-31 10:60"));
	ck_assert(!calllist_time_valid("2026-12-31T10:00"));
	ck_assert(!calllist_time_valid("2026-12-31 10:00:00"));
	ck_assert(!calllist_time_valid("2026-12-31 1:00"));
}
END_TEST

static Suite *calllist_suite(void)
{
	Suite *s = suite_create("calllist");
	TCase *tc = tcase_create("words");

	tcase_add_test(tc, outcomes_and_times_are_read_strictly);
	suite_add_tcase(s, tc);

	tc = tcase_create("lists");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, no_call_customers_are_left_out_and_counted_duplicates_once);
	tcase_add_test(tc, a_retried_request_makes_one_list);
	tcase_add_test(tc, the_members_come_from_a_saved_filter_and_from_presets);
	suite_add_tcase(s, tc);

	tc = tcase_create("outcomes");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, outcomes_move_the_progress_and_no_answer_keeps_it_open);
	tcase_add_test(tc, no_answer_needs_a_time_to_call_again_in_the_future);
	tcase_add_test(tc, a_stale_version_is_a_conflict_and_writes_nothing);
	tcase_add_test(tc, an_outcome_is_for_outbound_calls_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("permissions");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, the_database_refuses_an_operator_and_forged_rows);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!getenv("PGHOST") || !getenv("RD_TEST_ADMIN")) {
		fprintf(stderr, "check_calllist: no test database; run it as "
				"tests/lib/pgtmp.sh tests/db/check_calllist\n");
		return EXIT_FAILURE;
	}
	return dbt_run_suite(calllist_suite(), "check_calllist");
}
