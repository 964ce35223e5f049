/* check_inquiry.c: store/inquiry.c and migration 0040 against a real
 * database.
 *
 * The state machine (every legal step, illegal ones refused with nothing
 * written, also through plain SQL); permissions per role, each refusal
 * coming from the database (an operator, an agent and a supervisor with
 * logins of their own); handoffs to unknown or switched-off agents; the
 * note some categories need to be resolved; deadlines from the SLA and
 * the delivery cut-off, and callbacks promised after it; request ids and
 * optimistic locking; queues with keyset paging; the wrap-up and the
 * subscription hook linking the changes of a call; presence that ends
 * with the session; notifications that arrive on a second connection.
 *
 * Its own runner: tests/lib/pgtmp.sh tests/db/check_inquiry (through
 * tests/db/run-check-inquiry.sh). */
#include <check.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbtest.h"
#include "repeatdesk/agent.h"
#include "repeatdesk/db.h"
#include "repeatdesk/inquiry.h"
#include "repeatdesk/subscription.h"

static char opr[DBT_LOGIN_MAX], agt[DBT_LOGIN_MAX], agt2[DBT_LOGIN_MAX];
static char sup[DBT_LOGIN_MAX], off[DBT_LOGIN_MAX];
static long long team_id;
static char team_name[64];

/* ------------------------------------------------------------------------
 * Fixture: five logins (one switched off), one team */

static void setup_once(void)
{
	static int done;
	PGconn *admin;
	char tid[24];

	if (done)
		return;
	done = 1;
	admin = dbt_admin();
	dbt_agent_new(admin, "operator", "iop", opr);
	dbt_agent_new(admin, "agent", "iag", agt);
	dbt_agent_new(admin, "agent", "iah", agt2);
	dbt_agent_new(admin, "supervisor", "isu", sup);
	dbt_agent_new(admin, "agent", "ioff", off);
	dbt_exec(admin, "SELECT rd.agent_set_active($1, false)", 1, off);
	snprintf(team_name, sizeof(team_name), "定期サポート %d", (int)getpid());
	team_id = dbt_int(admin, "INSERT INTO rd.teams (name) VALUES ($1) RETURNING id", 1,
			  team_name);
	dbt_exec(admin, "UPDATE rd.agents SET team_id = $1 WHERE login IN ($2, $3)", 3,
		 dbt_itoa(team_id, tid), agt, agt2);
	PQfinish(admin);
}

/* Opens an inquiry as db (held by its login). */
static long long open_one(struct rd_db *db, long long customer, const char *category,
			  const char *subject)
{
	struct inquiry_open_req r = { .customer_id = customer, .category = category,
				      .subject = subject, .note = "お電話あり",
				      .assign_self = true };
	struct rd_error err;
	long long id = 0;

	ck_assert_msg(inquiry_open(db, &r, &id, &err) == RD_OK, "open: %s", err.msg);
	ck_assert_int_gt(id, 0);
	return id;
}

static long long count_entries(long long id, const char *kind)
{
	PGconn *admin = dbt_admin();
	char idb[24];
	long long n = dbt_int(admin, "SELECT count(*) FROM rd.inquiry_entries"
			      " WHERE inquiry_id = $1 AND ($2::text IS NULL OR kind = $2)", 2,
			      dbt_itoa(id, idb), kind);

	PQfinish(admin);
	return n;
}

static char *status_of(long long id)
{
	PGconn *admin = dbt_admin();
	char idb[24];
	char *s = dbt_value(admin, "SELECT status FROM rd.inquiries WHERE id = $1", 1,
			    dbt_itoa(id, idb));

	PQfinish(admin);
	return s;
}

static void assert_status(long long id, const char *want)
{
	char *s = status_of(id);

	ck_assert_str_eq(s, want);
	free(s);
}

/* ------------------------------------------------------------------------
 * State machine */

START_TEST(every_legal_step_leaves_its_entry)
{
	struct rd_db *a = dbt_store_as(agt, NULL);
	struct rd_error err;
	struct inquiry_change c = { .note = NULL };
	struct inquiry_detail d;
	int v = 0;

	c.id = open_one(a, dbt_admin_customer_new(), "question", "配送日の確認");
	assert_status(c.id, "open");
	ck_assert_int_eq(inquiry_take(a, &c, &v, &err), RD_OK);
	assert_status(c.id, "in_progress");
	ck_assert_int_eq(inquiry_set_status(a, &c, "waiting_customer", &v, &err), RD_OK);
	ck_assert_int_eq(inquiry_set_status(a, &c, "in_progress", &v, &err), RD_OK);
	c.note = "supervisor please";
	ck_assert_int_eq(inquiry_escalate(a, &c, &v, &err), RD_OK);
	c.note = "お答えしました";
	ck_assert_int_eq(inquiry_resolve(a, &c, &v, &err), RD_OK);
	c.note = NULL;
	ck_assert_int_eq(inquiry_close(a, &c, &v, &err), RD_OK);
	ck_assert_int_eq(inquiry_reopen(a, &c, &v, &err), RD_OK);
	assert_status(c.id, "open");

	ck_assert_int_eq(inquiry_get(a, c.id, &d, &err), RD_OK);
	/* call, take (status), waiting, back, escalation, resolved, closed, reopened */
	ck_assert_int_eq((int)d.nentries, 8);
	ck_assert_str_eq(d.entries[0].kind, "call");
	ck_assert_str_eq(d.entries[4].kind, "escalation");
	ck_assert_str_eq(d.entries[4].body, "supervisor please");
	ck_assert_str_eq(d.entries[5].to_status, "resolved");
	ck_assert_str_eq(d.entries[5].from_status, "escalated");
	ck_assert_str_eq(d.entries[5].body, "お答えしました");
	ck_assert_str_eq(d.entries[7].from_status, "closed");
	ck_assert_str_eq(d.entries[7].author, agt);
	ck_assert_int_eq(d.q.version, v);
	inquiry_detail_done(&d);
	db_free(&a);
}
END_TEST

START_TEST(illegal_steps_are_refused_and_write_nothing)
{
	struct rd_db *a = dbt_store_as(agt, NULL);
	struct rd_error err;
	struct inquiry_change c = { .note = "ok" };
	PGconn *pq = dbt_login(agt);
	char idb[24];
	long long before;

	c.id = open_one(a, dbt_admin_customer_new(), "question", "住所変更の方法");
	ck_assert_int_eq(inquiry_resolve(a, &c, NULL, &err), RD_OK);
	before = count_entries(c.id, NULL);
	/* resolved -> in progress / escalated / waiting: reopen first */
	ck_assert_int_eq(inquiry_set_status(a, &c, "in_progress", NULL, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "cannot become in progress"), "%s", err.msg);
	ck_assert_int_eq(inquiry_escalate(a, &c, NULL, &err), RD_REFUSED);
	ck_assert_int_eq(inquiry_take(a, &c, NULL, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "reopen it first"), "%s", err.msg);
	ck_assert_int_eq(inquiry_close(a, &c, NULL, &err), RD_OK);
	/* closed -> resolved */
	ck_assert_int_eq(inquiry_resolve(a, &c, NULL, &err), RD_REFUSED);
	ck_assert_int_eq(count_entries(c.id, NULL), before + 1);
	assert_status(c.id, "closed");

	/* the same rules hold for plain SQL: the refusal is the database's */
	ck_assert_str_eq(dbt_state(pq, "UPDATE rd.inquiries SET status = 'waiting_customer'"
				   " WHERE id = $1", 1, dbt_itoa(c.id, idb)), "RD422");
	ck_assert_str_eq(dbt_state(pq, "INSERT INTO rd.inquiries (customer_id, channel,"
				   " category, subject, status) VALUES (NULL, 'email', 'other',"
				   " 'x', 'resolved')", 0), "RD422");
	ck_assert_int_eq(count_entries(c.id, NULL), before + 1);
	PQfinish(pq);
	db_free(&a);
}
END_TEST

START_TEST(some_categories_need_a_note_to_be_resolved)
{
	struct rd_db *a = dbt_store_as(agt, NULL);
	struct rd_error err;
	struct inquiry_change c = { .note = "  " };
	long long before;

	c.id = open_one(a, dbt_admin_customer_new(), "complaint", "箱がつぶれていた");
	before = count_entries(c.id, NULL);
	ck_assert_int_eq(inquiry_resolve(a, &c, NULL, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "needs a note"), "%s", err.msg);
	assert_status(c.id, "open");
	ck_assert_int_eq(count_entries(c.id, NULL), before);
	c.note = "交換品を発送";
	ck_assert_int_eq(inquiry_resolve(a, &c, NULL, &err), RD_OK);
	assert_status(c.id, "resolved");
	db_free(&a);
}
END_TEST

START_TEST(a_stale_version_is_a_conflict_and_writes_nothing)
{
	struct rd_db *a = dbt_store_as(agt, NULL), *b = dbt_store_as(agt2, NULL);
	struct rd_error err;
	struct inquiry_change c = { 0 };
	struct inquiry_detail d;
	long long before;

	c.id = open_one(a, dbt_admin_customer_new(), "question", "支払方法");
	ck_assert_int_eq(inquiry_get(b, c.id, &d, &err), RD_OK);
	c.version = d.q.version;
	inquiry_detail_done(&d);
	c.note = "見ています";
	ck_assert_int_eq(inquiry_set_status(a, &c, "waiting_customer", NULL, &err), RD_OK);
	before = count_entries(c.id, NULL);
	ck_assert_int_eq(inquiry_escalate(b, &c, NULL, &err), RD_CONFLICT);
	ck_assert_int_eq(count_entries(c.id, NULL), before);
	assert_status(c.id, "waiting_customer");
	db_free(&a);
	db_free(&b);
}
END_TEST

START_TEST(a_retried_request_is_applied_once)
{
	struct rd_db *a = dbt_store_as(opr, NULL);
	struct rd_error err;
	const char *rid = "6b1f7c3e-2f7a-4d51-9f3e-0c1d2e3f4a5b";
	struct inquiry_open_req r = { .customer_id = dbt_admin_customer_new(), .category = "order",
				      .subject = "注文の確認", .assign_self = true,
				      .request_id = rid };
	struct inquiry_change c = { .note = "承知", .request_id =
					    "7c2f8d4e-3a8b-4e62-8a4f-1d2e3f4a5b6c" };
	long long id1 = 0, id2 = 0;
	int v1 = 0, v2 = 0;

	ck_assert_int_eq(inquiry_open(a, &r, &id1, &err), RD_OK);
	ck_assert_int_eq(inquiry_open(a, &r, &id2, &err), RD_OK);
	ck_assert_int_eq(id1, id2);
	c.id = id1;
	ck_assert_int_eq(inquiry_resolve(a, &c, &v1, &err), RD_OK);
	ck_assert_int_eq(inquiry_resolve(a, &c, &v2, &err), RD_OK);
	ck_assert_int_eq(v1, v2);
	ck_assert_int_eq(count_entries(id1, "status_change"), 1);
	r.request_id = "not-a-uuid";
	ck_assert_int_eq(inquiry_open(a, &r, &id2, &err), RD_INVALID);
	db_free(&a);
}
END_TEST

/* ------------------------------------------------------------------------
 * Permissions per role */

START_TEST(only_a_supervisor_moves_what_someone_else_holds)
{
	struct rd_db *o = dbt_store_as(opr, NULL), *a = dbt_store_as(agt, NULL), *s = dbt_store_as(sup, NULL);
	struct rd_error err;
	struct inquiry_change c = { .note = "引き継ぎます" };
	PGconn *pa = dbt_login(agt);
	char idb[24];
	long long before;

	c.id = open_one(o, dbt_admin_customer_new(), "skip", "次回スキップ");
	before = count_entries(c.id, NULL);
	/* the agent may not take or pass on the operator's inquiry */
	ck_assert_int_eq(inquiry_take(a, &c, NULL, &err), RD_PERMISSION);
	ck_assert_msg(strstr(err.msg, "only a supervisor can reassign"), "%s", err.msg);
	ck_assert_int_eq(inquiry_handoff(a, &c, agt2, NULL, NULL, &err), RD_PERMISSION);
	ck_assert_str_eq(dbt_state(pa, "UPDATE rd.inquiries SET assignee_id = rd.inquiry_me()"
				   " WHERE id = $1", 1, dbt_itoa(c.id, idb)), "42501");
	ck_assert_int_eq(count_entries(c.id, NULL), before);
	/* the holder hands it on; the agent takes it */
	ck_assert_int_eq(inquiry_handoff(o, &c, agt, NULL, NULL, &err), RD_OK);
	ck_assert_int_eq(inquiry_take(a, &c, NULL, &err), RD_OK);
	/* the supervisor moves it anyway */
	ck_assert_int_eq(inquiry_handoff(s, &c, NULL, team_name, NULL, &err), RD_OK);
	ck_assert_int_eq(count_entries(c.id, "handoff"), 2);
	/* still, everyone adds to it */
	ck_assert_int_eq(inquiry_note(o, c.id, true, "折り返しお電話", NULL, NULL, &err), RD_OK);
	PQfinish(pa);
	db_free(&o);
	db_free(&a);
	db_free(&s);
}
END_TEST

START_TEST(the_dashboard_is_for_supervisors)
{
	struct rd_db *o = dbt_store_as(opr, NULL), *a = dbt_store_as(agt, NULL), *s = dbt_store_as(sup, NULL);
	struct inquiry_dashboard d;
	struct rd_error err;
	PGconn *pa = dbt_login(agt);

	open_one(o, dbt_admin_customer_new(), "pause", "一時休止の相談");
	ck_assert_int_eq(inquiry_dashboard(o, &d, &err), RD_PERMISSION);
	ck_assert_msg(strstr(err.msg, "only a supervisor"), "%s", err.msg);
	ck_assert_int_eq(inquiry_dashboard(a, &d, &err), RD_PERMISSION);
	ck_assert_str_eq(dbt_state(pa, "SELECT rd.inquiry_dashboard()", 0), "42501");
	ck_assert_int_eq(inquiry_dashboard(s, &d, &err), RD_OK);
	ck_assert_int_ge(d.nstatus, 1);
	ck_assert_int_gt(d.oldest_id, 0);
	{
		bool found = false;

		for (size_t i = 0; i < d.ntoday; i++)
			if (strcmp(d.today[i].login, opr) == 0 && d.today[i].calls >= 1)
				found = true;
		ck_assert_msg(found, "the operator's calls today are not counted");
	}
	PQfinish(pa);
	db_free(&o);
	db_free(&a);
	db_free(&s);
}
END_TEST

START_TEST(nobody_deletes_or_rewrites_the_log)
{
	struct rd_db *o = dbt_store_as(opr, NULL);
	const char *logins[] = { opr, agt, sup };
	char idb[24];
	long long id = open_one(o, dbt_admin_customer_new(), "other", "その他");

	dbt_itoa(id, idb);
	for (int i = 0; i < 3; i++) {
		PGconn *c = dbt_login(logins[i]);

		ck_assert_str_eq(dbt_state(c, "DELETE FROM rd.inquiry_entries WHERE inquiry_id = $1",
					   1, idb), "42501");
		ck_assert_str_eq(dbt_state(c, "DELETE FROM rd.inquiries WHERE id = $1", 1, idb),
				 "42501");
		ck_assert_str_eq(dbt_state(c, "UPDATE rd.inquiry_entries SET body = 'x'"
					   " WHERE inquiry_id = $1", 1, idb), "42501");
		/* status and handoff entries only come from real changes */
		ck_assert_str_eq(dbt_state(c, "INSERT INTO rd.inquiry_entries (inquiry_id, kind,"
					   " to_status) VALUES ($1, 'status_change', 'resolved')",
					   1, idb), "42501");
		ck_assert_str_eq(dbt_state(c, "UPDATE rd.inquiries SET opened_by = 'someone'"
					   " WHERE id = $1", 1, idb), "42501");
		PQfinish(c);
	}
	ck_assert_int_eq(count_entries(id, NULL), 1);
	db_free(&o);
}
END_TEST

START_TEST(handoffs_to_unknown_or_switched_off_agents_are_refused)
{
	struct rd_db *o = dbt_store_as(opr, NULL);
	struct rd_error err;
	struct inquiry_change c = { .note = "お願いします" };
	char *ver;
	PGconn *admin = dbt_admin();
	char idb[24];

	c.id = open_one(o, dbt_admin_customer_new(), "cancel", "解約したい");
	dbt_itoa(c.id, idb);
	ver = dbt_value(admin, "SELECT version FROM rd.inquiries WHERE id = $1", 1, idb);
	ck_assert_int_eq(inquiry_handoff(o, &c, "nobody_here", NULL, NULL, &err), RD_NOT_FOUND);
	ck_assert_msg(strstr(err.msg, "nobody_here"), "%s", err.msg);
	ck_assert_int_eq(inquiry_handoff(o, &c, off, NULL, NULL, &err), RD_REFUSED);
	ck_assert_msg(strstr(err.msg, "switched off"), "%s", err.msg);
	ck_assert_int_eq(inquiry_handoff(o, &c, NULL, "no such team", NULL, &err), RD_NOT_FOUND);
	c.note = "";
	ck_assert_int_eq(inquiry_handoff(o, &c, agt, NULL, NULL, &err), RD_INVALID);
	ck_assert_int_eq(count_entries(c.id, "handoff"), 0);
	{
		char *v2 = dbt_value(admin, "SELECT version FROM rd.inquiries WHERE id = $1", 1, idb);

		ck_assert_str_eq(v2, ver);
		free(v2);
	}
	free(ver);
	PQfinish(admin);
	db_free(&o);
}
END_TEST

/* Whom an operator can hand off to (the handoff's pick list): the active
 * agents, never a switched-off one, then the teams with their active
 * agents; at most cap of them. */
START_TEST(handoff_targets_are_the_active_agents_and_the_teams)
{
	struct rd_db *o = dbt_store_as(opr, NULL);
	struct agent_target *t = calloc(500, sizeof(*t));
	struct rd_error err;
	int n = 0, seen_agt = 0, seen_off = 0, seen_team = 0, first_team = -1;

	ck_assert_int_eq(agent_targets(o, t, 500, &n, &err), RD_OK);
	for (int i = 0; i < n; i++) {
		if (t[i].kind == AGENT_TARGET_TEAM) {
			if (first_team < 0)
				first_team = i;
			if (strcmp(t[i].name, team_name) == 0) {
				seen_team++;
				ck_assert_int_eq(t[i].members, 2);
				ck_assert_str_eq(t[i].login, "");
			}
			continue;
		}
		/* agents come before the teams */
		ck_assert_int_lt(first_team, 0);
		if (strcmp(t[i].login, agt) == 0) {
			seen_agt++;
			ck_assert_str_eq(t[i].team, team_name);
			ck_assert_str_ne(t[i].name, "");
		}
		seen_off += strcmp(t[i].login, off) == 0;
	}
	ck_assert_int_eq(seen_agt, 1);
	ck_assert_int_eq(seen_off, 0);
	ck_assert_int_eq(seen_team, 1);
	/* the cap holds */
	ck_assert_int_eq(agent_targets(o, t, 1, &n, &err), RD_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(agent_targets(o, t, 0, &n, &err), RD_OK);
	ck_assert_int_eq(n, 0);
	free(t);
	db_free(&o);
}
END_TEST

/* ------------------------------------------------------------------------
 * Deadlines */

START_TEST(a_delivery_inquiry_is_due_by_its_cutoff)
{
	struct rd_db *a = dbt_store_as(agt, NULL);
	PGconn *admin = dbt_admin();
	struct rd_error err;
	struct inquiry_detail d;
	long long cust = dbt_admin_customer_new(), sub, id = 0;
	char cid[24], sid[24], idb[24];
	struct inquiry_open_req r = { .customer_id = cust, .category = "skip",
				      .subject = "次回をスキップ", .assign_self = true };

	sub = dbt_subscription_new(admin, cust);
	/* next delivery in 7 days: the cut-off (5 days) is in 2 days, at
	 * midnight business time; the SLA for skip (48 h) would be later */
	dbt_exec(admin, "UPDATE rd.subscriptions SET next_date ="
		 " (now() AT TIME ZONE 'Asia/Tokyo')::date + 7 WHERE id = $1", 1,
		 dbt_itoa(sub, sid));
	r.subscription_id = sub;
	r.callback_at = "2099-01-01 10:00";
	ck_assert_int_eq(inquiry_open(a, &r, &id, &err), RD_OK);
	ck_assert_int_eq(inquiry_get(a, id, &d, &err), RD_OK);
	ck_assert_str_ne(d.q.cutoff_at, "");
	ck_assert_str_eq(d.q.due_at, d.q.cutoff_at);
	ck_assert_int_eq(dbt_int(admin, "SELECT (cutoff_at = ((now() AT TIME ZONE 'Asia/Tokyo')::date"
				 " + 2)::timestamp AT TIME ZONE 'Asia/Tokyo')::int FROM rd.inquiries"
				 " WHERE id = $1", 1, dbt_itoa(id, idb)), 1);
	ck_assert(d.q.callback_after_cutoff);
	inquiry_detail_done(&d);

	/* without a subscription: the SLA of the category */
	r.subscription_id = 0;
	r.callback_at = NULL;
	ck_assert_int_eq(inquiry_open(a, &r, &id, &err), RD_OK);
	ck_assert_int_eq(dbt_int(admin, "SELECT (due_at = created_at + interval '48 hours')::int"
				 " FROM rd.inquiries WHERE id = $1", 1, dbt_itoa(id, idb)), 1);
	ck_assert_int_eq(inquiry_get(a, id, &d, &err), RD_OK);
	ck_assert(!d.q.callback_after_cutoff);
	ck_assert_str_eq(d.q.cutoff_at, "");
	inquiry_detail_done(&d);
	(void)cid;
	PQfinish(admin);
	db_free(&a);
}
END_TEST

/* Issue 10 §2: the deadline stayed where it was when the delivery moved,
 * and a callback promised after the new cut-off was not flagged. */
START_TEST(a_deadline_follows_its_delivery_when_it_moves)
{
	struct rd_db *a = dbt_store_as(agt, NULL);
	PGconn *pa = dbt_login(agt), *admin = dbt_admin();
	struct rd_error err;
	struct inquiry_detail d;
	long long cust = dbt_admin_customer_new(), sub, id = 0;
	char sid[24], idb[24], cb[40];
	struct inquiry_open_req r = { .customer_id = cust, .category = "skip",
				      .subject = "配送日のご相談", .assign_self = true };
	const char *cutoff_is = "SELECT (cutoff_at = ((now() AT TIME ZONE 'Asia/Tokyo')::date"
				" + $2::int)::timestamp AT TIME ZONE 'Asia/Tokyo')::int"
				" FROM rd.inquiries WHERE id = $1";

	sub = dbt_subscription_new(admin, cust);
	dbt_itoa(sub, sid);
	/* next delivery in 20 days: cut-off in 15; a callback in 10 days is fine */
	dbt_exec(admin, "UPDATE rd.subscriptions SET next_date ="
		 " (now() AT TIME ZONE 'Asia/Tokyo')::date + 20 WHERE id = $1", 1, sid);
	snprintf(cb, sizeof(cb), "%s", "");
	{
		char *v = dbt_value(admin, "SELECT to_char((now() AT TIME ZONE 'Asia/Tokyo')::date + 10,"
				    " 'YYYY-MM-DD') || ' 10:00'", 0);

		snprintf(cb, sizeof(cb), "%s", v);
		free(v);
	}
	r.subscription_id = sub;
	r.callback_at = cb;
	ck_assert_int_eq(inquiry_open(a, &r, &id, &err), RD_OK);
	dbt_itoa(id, idb);
	ck_assert_int_eq(dbt_int(admin, cutoff_is, 2, idb, "15"), 1);
	ck_assert_int_eq(dbt_int(admin, "SELECT (due_at = created_at + interval '48 hours')::int"
				 " FROM rd.inquiries WHERE id = $1", 1, idb), 1);
	ck_assert_int_eq(inquiry_get(a, id, &d, &err), RD_OK);
	ck_assert(!d.q.callback_after_cutoff);
	inquiry_detail_done(&d);

	/* the agent moves the delivery to 7 days ahead: the cut-off is in 2
	 * days, before the callback; the due time follows the cut-off */
	dbt_exec(pa, "UPDATE rd.subscriptions SET next_date ="
		 " (now() AT TIME ZONE 'Asia/Tokyo')::date + 7 WHERE id = $1", 1, sid);
	ck_assert_int_eq(dbt_int(admin, cutoff_is, 2, idb, "2"), 1);
	ck_assert_int_eq(dbt_int(admin, "SELECT (due_at = least(created_at + interval '48 hours',"
				 " cutoff_at))::int FROM rd.inquiries WHERE id = $1", 1, idb), 1);
	ck_assert_int_eq(inquiry_get(a, id, &d, &err), RD_OK);
	ck_assert(d.q.callback_after_cutoff);
	inquiry_detail_done(&d);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.inquiry_entries WHERE inquiry_id = $1"
				 " AND kind = 'note' AND body LIKE 'お届け日が変わり%'", 1, idb), 1);
	/* the inquiry's change is the agent's, in the history */
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history WHERE table_name = 'inquiries'"
				 " AND op = 'UPDATE' AND row_key = $1 AND actor = $2 AND 'cutoff_at' = ANY (changed)", 2,
				 idb, agt), 1);

	/* skipped on to 37 days ahead: the flag goes, the SLA is the due time */
	dbt_exec(pa, "UPDATE rd.subscriptions SET next_date ="
		 " (now() AT TIME ZONE 'Asia/Tokyo')::date + 37 WHERE id = $1", 1, sid);
	ck_assert_int_eq(dbt_int(admin, cutoff_is, 2, idb, "32"), 1);
	ck_assert_int_eq(dbt_int(admin, "SELECT (due_at = created_at + interval '48 hours')::int"
				 " FROM rd.inquiries WHERE id = $1", 1, idb), 1);
	ck_assert_int_eq(inquiry_get(a, id, &d, &err), RD_OK);
	ck_assert(!d.q.callback_after_cutoff);
	inquiry_detail_done(&d);

	/* paused: no next delivery, no cut-off */
	dbt_exec(pa, "UPDATE rd.subscriptions SET status = 'paused', paused_until = current_date + 60"
		 " WHERE id = $1", 1, sid);
	ck_assert_int_eq(dbt_int(admin, "SELECT (cutoff_at IS NULL)::int FROM rd.inquiries"
				 " WHERE id = $1", 1, idb), 1);
	PQfinish(pa);
	PQfinish(admin);
	db_free(&a);
}
END_TEST

/* ------------------------------------------------------------------------
 * Queues */

START_TEST(queues_page_by_keyset_without_gaps_or_repeats)
{
	struct rd_db *a = dbt_store_as(agt2, NULL), *o = dbt_store_as(opr, NULL);
	struct rd_error err;
	struct inquiry page[3], all[20];
	struct inquiry_query q = { .queue = INQ_Q_MINE, .sort = INQ_SORT_AGE, .limit = 3 };
	struct inquiry_change c = { .note = "急ぎ" };
	long long cust = dbt_admin_customer_new(), ids[7];
	size_t n, total = 0;

	for (int i = 0; i < 7; i++)
		ids[i] = open_one(a, cust, "question", "問い合わせ");
	do {
		ck_assert_int_eq(inquiry_list(a, &q, page, &n, &err), RD_OK);
		for (size_t i = 0; i < n; i++)
			all[total++] = page[i];
		q.after = n ? &all[total - 1] : NULL;
	} while (n == 3 && total < 20);
	ck_assert_int_ge(total, 7);
	for (size_t i = 1; i < total; i++)
		ck_assert_msg(all[i].id != all[i - 1].id, "repeated row %lld", all[i].id);
	/* all seven, oldest first */
	{
		size_t k = 0;

		for (size_t i = 0; i < total && k < 7; i++)
			if (all[i].id == ids[k])
				k++;
		ck_assert_int_eq((int)k, 7);
	}

	/* the customer filter; escalated and priority */
	c.id = ids[3];
	ck_assert_int_eq(inquiry_escalate(a, &c, NULL, &err), RD_OK);
	q = (struct inquiry_query){ .queue = INQ_Q_ESCALATED, .customer_id = cust, .limit = 10 };
	ck_assert_int_eq(inquiry_list(o, &q, page, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	ck_assert_int_eq(page[0].id, ids[3]);
	ck_assert_str_eq(page[0].assignee_login, agt2);
	/* the operator's "mine" does not show the agent's */
	q = (struct inquiry_query){ .queue = INQ_Q_MINE, .customer_id = cust, .limit = 3 };
	ck_assert_int_eq(inquiry_list(o, &q, page, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 0);
	/* team: agt2's team */
	q = (struct inquiry_query){ .queue = INQ_Q_TEAM, .customer_id = cust, .limit = 3 };
	ck_assert_int_eq(inquiry_list(a, &q, page, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 0);
	c.id = ids[0];
	ck_assert_int_eq(inquiry_handoff(a, &c, NULL, team_name, NULL, &err), RD_OK);
	ck_assert_int_eq(inquiry_list(a, &q, page, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	q.queue = INQ_Q_UNASSIGNED;
	ck_assert_int_eq(inquiry_list(o, &q, page, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	ck_assert_int_eq(page[0].id, ids[0]);
	db_free(&a);
	db_free(&o);
}
END_TEST

/* ------------------------------------------------------------------------
 * Wrap-up and the subscription hook */

START_TEST(the_wrapup_links_this_agents_changes_since_the_call_started)
{
	struct rd_db *a = dbt_store_as(agt, NULL), *b = dbt_store_as(agt2, NULL);
	PGconn *pa = dbt_login(agt), *pb = dbt_login(agt2);
	struct rd_error err;
	long long cust = dbt_admin_customer_new();
	char since[40], cid[24], lines[8][INQUIRY_CHANGE_TEXT];
	struct inquiry_wrapup_req w = { .c = { .note = "住所を変更しました" },
					.category = "address_change", .resolved = true };
	int linked = 0;
	size_t n;

	dbt_itoa(cust, cid);
	/* before the call: not linked */
	dbt_exec(pa, "UPDATE rd.customers SET notes = 'before' WHERE id = $1", 1, cid);
	ck_assert_int_eq(inquiry_now(a, since, sizeof(since), &err), RD_OK);
	w.c.id = open_one(a, cust, "question", "お引越し");
	dbt_exec(pa, "UPDATE rd.customers SET address2 = '2F' WHERE id = $1", 1, cid);
	dbt_exec(pa, "UPDATE rd.customers SET no_dm = true WHERE id = $1", 1, cid);
	/* someone else's change: not linked */
	dbt_exec(pb, "UPDATE rd.customers SET no_call = true WHERE id = $1", 1, cid);
	ck_assert_int_eq(inquiry_pending_changes(a, cust, since, w.c.id, lines, 8, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 2);
	/* in words, never the table's name */
	ck_assert_msg(strstr(lines[0], "changed: building, room") && !strstr(lines[0], "customers"),
		      "%s", lines[0]);
	w.since = since;
	ck_assert_int_eq(inquiry_wrapup(a, &w, NULL, &linked, &err), RD_OK);
	ck_assert_int_eq(linked, 2);
	assert_status(w.c.id, "resolved");
	ck_assert_int_eq(dbt_int(pa, "SELECT count(*) FROM rd.inquiry_entries e JOIN rd.history h"
				 " ON h.id = e.history_id WHERE e.inquiry_id = $1"
				 " AND h.actor = session_user", 1, dbt_itoa(w.c.id, cid)), 2);
	ck_assert_int_eq(inquiry_pending_changes(a, cust, since, w.c.id, lines, 8, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 0);
	/* a category that needs a note: no note, nothing written */
	w.c.id = open_one(a, cust, "question", "苦情");
	w.category = "complaint";
	w.c.note = "";
	ck_assert_int_eq(inquiry_wrapup(a, &w, NULL, &linked, &err), RD_REFUSED);
	assert_status(w.c.id, "open");
	ck_assert_int_eq(count_entries(w.c.id, "change_link"), 0);
	PQfinish(pa);
	PQfinish(pb);
	db_free(&a);
	db_free(&b);
}
END_TEST

/* Issue 10 §4: the wrap-up of a skip call said "question" (it guessed
 * from the changes not yet linked, and the hook had linked them all) and
 * saving it overwrote the inquiry's "skip". */
START_TEST(the_wrapup_starts_from_the_category_the_call_implies)
{
	struct rd_db *a = dbt_store_as(agt, NULL);
	PGconn *pa = dbt_login(agt), *admin = dbt_admin();
	struct rd_error err;
	long long cust = dbt_admin_customer_new(), sub, id;
	char since[40], cid[24], sid[24], cat[INQUIRY_CATEGORY_MAX];
	struct inquiry_wrapup_req w = { .c = { .note = "" }, .resolved = false };

	dbt_itoa(cust, cid);
	sub = dbt_subscription_new(admin, cust);
	dbt_itoa(sub, sid);
	ck_assert_int_eq(inquiry_now(a, since, sizeof(since), &err), RD_OK);
	/* nothing changed yet: a question */
	ck_assert_int_eq(inquiry_call_category(a, cust, since, 0, cat, sizeof(cat), &err), RD_OK);
	ck_assert_str_eq(cat, "question");
	/* a name change implies nothing; an address change after it does */
	dbt_exec(pa, "UPDATE rd.customers SET name = name || ' ' WHERE id = $1", 1, cid);
	ck_assert_int_eq(inquiry_call_category(a, cust, since, 0, cat, sizeof(cat), &err), RD_OK);
	ck_assert_str_eq(cat, "question");
	dbt_exec(pa, "UPDATE rd.customers SET address2 = '3F' WHERE id = $1", 1, cid);
	ck_assert_int_eq(inquiry_call_category(a, cust, since, 0, cat, sizeof(cat), &err), RD_OK);
	ck_assert_str_eq(cat, "address_change");
	/* a skip request says skip, whatever came first */
	dbt_exec(admin, "INSERT INTO rd.subscription_requests (request_id, subscription_id, kind,"
		 " result, agent) VALUES (gen_random_uuid(), $1, 'skip', '{}', $2)", 2, sid, agt);
	/* the admin's row is not this agent's: still the address */
	ck_assert_int_eq(inquiry_call_category(a, cust, since, 0, cat, sizeof(cat), &err), RD_OK);
	ck_assert_str_eq(cat, "address_change");
	dbt_exec(pa, "INSERT INTO rd.subscription_requests (request_id, subscription_id, kind,"
		 " result) VALUES (gen_random_uuid(), $1, 'skip', '{}')", 1, sid);
	ck_assert_int_eq(inquiry_call_category(a, cust, since, 0, cat, sizeof(cat), &err), RD_OK);
	ck_assert_str_eq(cat, "skip");
	/* the call's inquiry (opened by the hook as "skip") wins */
	id = open_one(a, cust, "skip", "次回スキップ");
	ck_assert_int_eq(inquiry_call_category(a, cust, since, id, cat, sizeof(cat), &err), RD_OK);
	ck_assert_str_eq(cat, "skip");
	/* a wrap-up that leaves the category alone keeps it */
	w.c.id = id;
	w.since = since;
	ck_assert_int_eq(inquiry_wrapup(a, &w, NULL, NULL, &err), RD_OK);
	ck_assert_int_eq(dbt_int(admin, "SELECT (category = 'skip')::int FROM rd.inquiries"
				 " WHERE id = $1", 1, dbt_itoa(id, cid)), 1);
	PQfinish(pa);
	PQfinish(admin);
	db_free(&a);
}
END_TEST

START_TEST(the_request_hook_links_the_change_in_its_own_transaction)
{
	struct rd_db *a = dbt_store_as(agt, NULL);
	struct rd_error err;
	struct inquiry_call call;
	struct subscription_result res;
	long long cust = dbt_admin_customer_new();
	char cid[24];
	const char *params[1];

	memset(&call, 0, sizeof(call));
	memset(&res, 0, sizeof(res));
	call.customer_id = cust;
	snprintf(call.subject, sizeof(call.subject), "%s", "定期のご相談");
	res.kind = SUBRULE_SKIP;
	snprintf(res.summary, sizeof(res.summary), "%s", "skipped delivery 3");
	params[0] = dbt_itoa(cust, cid);

	/* rolled back: nothing stays */
	ck_assert_int_eq(db_begin(a, "test", NULL, &err), RD_OK);
	ck_assert_int_eq(db_exec(a, "UPDATE rd.customers SET notes = 'skip' WHERE id = $1", 1,
				 params, NULL, &err), RD_OK);
	ck_assert_int_eq(inquiry_subscription_hook(a, &call, &res, &err), RD_OK);
	ck_assert_int_gt(call.inquiry_id, 0);
	db_rollback(a);
	{
		PGconn *admin = dbt_admin();
		char idb[24];

		ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.inquiries WHERE id = $1",
					 1, dbt_itoa(call.inquiry_id, idb)), 0);
		PQfinish(admin);
	}

	call.inquiry_id = 0;
	ck_assert_int_eq(db_begin(a, "test", NULL, &err), RD_OK);
	ck_assert_int_eq(db_exec(a, "UPDATE rd.customers SET notes = 'skip' WHERE id = $1", 1,
				 params, NULL, &err), RD_OK);
	ck_assert_int_eq(inquiry_subscription_hook(a, &call, &res, &err), RD_OK);
	ck_assert_int_eq(db_commit(a, &err), RD_OK);
	ck_assert_int_eq(count_entries(call.inquiry_id, "change_link"), 1);
	/* a second request in the same call goes to the same inquiry */
	ck_assert_int_eq(db_begin(a, "test", NULL, &err), RD_OK);
	ck_assert_int_eq(db_exec(a, "UPDATE rd.customers SET notes = 'skip 2' WHERE id = $1", 1,
				 params, NULL, &err), RD_OK);
	ck_assert_int_eq(inquiry_subscription_hook(a, &call, &res, &err), RD_OK);
	ck_assert_int_eq(db_commit(a, &err), RD_OK);
	ck_assert_int_eq(count_entries(call.inquiry_id, "change_link"), 2);
	ck_assert_int_eq(count_entries(call.inquiry_id, "note"), 1);
	{
		/* the links keep no table name ("customers update" before 0091) */
		PGconn *admin = dbt_admin();
		char idb[24];

		ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.inquiry_entries"
					 " WHERE inquiry_id = $1 AND kind = 'change_link'"
					 "   AND (body ~ '(customers|subscriptions?_[a-z]+) (insert|update|delete)'"
					 "        OR body ~ '^customers')",
					 1, dbt_itoa(call.inquiry_id, idb)), 0);
		PQfinish(admin);
	}
	db_free(&a);
}
END_TEST

/* ------------------------------------------------------------------------
 * Live */

START_TEST(changes_are_announced_to_a_second_connection)
{
	struct rd_db *o = dbt_store_as(opr, NULL);
	PGconn *listener = dbt_login(sup);
	struct rd_error err;
	struct inquiry_change c = { .note = "鈴木さんへ" };
	struct inquiry_event ev;
	struct db_notify dn;
	char *payload, want[64];
	long long me;

	dbt_exec(listener, "LISTEN rd_inquiry", 0);
	c.id = open_one(o, dbt_admin_customer_new(), "order", "注文の変更");
	snprintf(want, sizeof(want), "\"inquiry_id\" : %lld", c.id);
	payload = dbt_wait_notify(listener, "rd_inquiry", "\"table\" : \"inquiries\"", 50);
	ck_assert_msg(payload, "no notification of the new inquiry");
	free(payload);
	me = dbt_int(listener, "SELECT id FROM rd.agents WHERE login = $1", 1, opr);

	ck_assert_int_eq(inquiry_handoff(o, &c, agt, NULL, NULL, &err), RD_OK);
	payload = dbt_wait_notify(listener, "rd_inquiry", "\"op\" : \"UPDATE\"", 50);
	ck_assert_msg(payload, "no notification of the handoff");
	snprintf(dn.channel, sizeof(dn.channel), "%s", INQUIRY_CHANNEL);
	snprintf(dn.payload, sizeof(dn.payload), "%s", payload);
	ck_assert(inquiry_notify_parse(&dn, &ev));
	ck_assert_int_eq(ev.inquiry_id, c.id);
	ck_assert_int_eq(ev.old_assignee_id, me);
	ck_assert_int_eq(ev.assignee_id, dbt_int(listener, "SELECT id FROM rd.agents WHERE login = $1",
						 1, agt));
	free(payload);
	/* the handoff entry too */
	payload = dbt_wait_notify(listener, "rd_inquiry", "\"kind\" : \"handoff\"", 50);
	ck_assert_msg(payload, "no notification of the handoff entry");
	ck_assert_msg(strstr(payload, want), "%s", payload);
	free(payload);

	/* refused: nothing announced */
	ck_assert_int_eq(inquiry_resolve(o, &c, NULL, &err), RD_OK);
	payload = dbt_wait_notify(listener, "rd_inquiry", NULL, 50);
	free(payload);
	while ((payload = dbt_wait_notify(listener, "rd_inquiry", NULL, 3)) != NULL)
		free(payload);
	ck_assert_int_eq(inquiry_resolve(o, &c, NULL, &err), RD_REFUSED);
	payload = dbt_wait_notify(listener, "rd_inquiry", NULL, 5);
	ck_assert_msg(payload == NULL, "a refused change was announced: %s", payload);
	PQfinish(listener);
	db_free(&o);
}
END_TEST

START_TEST(presence_shows_who_has_the_customer_open_until_they_leave)
{
	struct rd_db *o = dbt_store_as(opr, NULL), *a = dbt_store_as(agt, NULL);
	PGconn *listener = dbt_login(sup);
	struct inquiry_presence p[4];
	struct rd_error err;
	long long cust = dbt_admin_customer_new(), other = dbt_admin_customer_new();
	size_t n;
	char *payload;

	dbt_exec(listener, "LISTEN rd_presence", 0);
	ck_assert_int_eq(inquiry_presence_set(o, cust, &err), RD_OK);
	payload = dbt_wait_notify(listener, "rd_presence", "\"op\" : \"set\"", 50);
	ck_assert_msg(payload, "no presence notification");
	free(payload);
	ck_assert_int_eq(inquiry_presence_get(a, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	ck_assert_str_eq(p[0].login, opr);
	ck_assert_str_eq(p[0].name, "テスト operator");
	ck_assert_int_eq((int)strlen(p[0].since), 5);
	/* one's own presence is not shown to oneself */
	ck_assert_int_eq(inquiry_presence_get(o, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 0);
	/* opening another customer leaves the first */
	ck_assert_int_eq(inquiry_presence_set(o, other, &err), RD_OK);
	ck_assert_int_eq(inquiry_presence_get(a, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 0);
	ck_assert_int_eq(inquiry_presence_get(a, other, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	/* a terminal that ends without a word leaves when its presence
	 * expires (presence_ttl_seconds after its last beat; shortened here,
	 * tests/db/check_live.c has the rest) */
	{
		PGconn *admin = dbt_admin();

		dbt_exec(admin, "UPDATE rd.settings SET value = '2'"
				" WHERE key = 'presence_ttl_seconds'", 0);
		ck_assert_int_eq(inquiry_presence_set(o, other, &err), RD_OK);
		dbt_exec(admin, "UPDATE rd.settings SET value = '60'"
				" WHERE key = 'presence_ttl_seconds'", 0);
		PQfinish(admin);
	}
	db_free(&o);
	for (int i = 0; i < 50; i++) {
		ck_assert_int_eq(inquiry_presence_get(a, other, p, 4, &n, &err), RD_OK);
		if (n == 0)
			break;
		poll(NULL, 0, 100);
	}
	ck_assert_int_eq((int)n, 0);
	/* clear */
	ck_assert_int_eq(inquiry_presence_set(a, cust, &err), RD_OK);
	ck_assert_int_eq(inquiry_presence_clear(a, 0, &err), RD_OK);
	{
		struct rd_db *s = dbt_store_as(sup, NULL);

		ck_assert_int_eq(inquiry_presence_get(s, cust, p, 4, &n, &err), RD_OK);
		ck_assert_int_eq((int)n, 0);
		db_free(&s);
	}
	PQfinish(listener);
	db_free(&a);
}
END_TEST

START_TEST(priority_callbacks_and_overdue_queues)
{
	struct rd_db *a = dbt_store_as(agt, NULL);
	PGconn *admin = dbt_admin();
	struct rd_error err;
	struct inquiry page[2], all[8];
	long long cust = dbt_admin_customer_new(), ids[5];
	static const char *const prio[5] = { "low", "urgent", "normal", "high", "urgent" };
	struct inquiry_query q = { .queue = INQ_Q_OPEN, .sort = INQ_SORT_PRIORITY,
				   .customer_id = cust, .limit = 2 };
	size_t n, total = 0;
	char idb[24];

	for (int i = 0; i < 5; i++) {
		struct inquiry_open_req r = { .customer_id = cust, .category = "question",
					      .subject = "優先度", .priority = prio[i],
					      .assign_self = true };

		ck_assert_int_eq(inquiry_open(a, &r, &ids[i], &err), RD_OK);
	}
	/* urgent (oldest first), high, normal, low: pages of two */
	do {
		ck_assert_int_eq(inquiry_list(a, &q, page, &n, &err), RD_OK);
		for (size_t i = 0; i < n; i++)
			all[total++] = page[i];
		q.after = n ? &all[total - 1] : NULL;
	} while (n == 2);
	ck_assert_int_eq((int)total, 5);
	ck_assert_int_eq(all[0].id, ids[1]);
	ck_assert_int_eq(all[1].id, ids[4]);
	ck_assert_int_eq(all[2].id, ids[3]);
	ck_assert_int_eq(all[3].id, ids[2]);
	ck_assert_int_eq(all[4].id, ids[0]);

	/* a callback later today; another passed an hour ago */
	dbt_exec(admin, "UPDATE rd.inquiries SET callback_at = least(now() + interval '1 minute',"
		 " date_trunc('day', now() AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo'"
		 " + interval '23 hours 59 minutes') WHERE id = $1", 1, dbt_itoa(ids[0], idb));
	dbt_exec(admin, "UPDATE rd.inquiries SET callback_at = now() - interval '1 hour'"
		 " WHERE id = $1", 1, dbt_itoa(ids[2], idb));
	q = (struct inquiry_query){ .queue = INQ_Q_OVERDUE, .customer_id = cust, .limit = 8 };
	ck_assert_int_eq(inquiry_list(a, &q, all, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	ck_assert_int_eq(all[0].id, ids[2]);
	ck_assert(all[0].overdue);
	q.queue = INQ_Q_CALLBACKS_TODAY;
	ck_assert_int_eq(inquiry_list(a, &q, all, &n, &err), RD_OK);
	ck_assert_int_ge((int)n, 1);
	ck_assert(all[0].callback_today);
	PQfinish(admin);
	db_free(&a);
}
END_TEST

static Suite *inquiry_suite(void)
{
	Suite *s = suite_create("inquiry");
	TCase *tc;

	tc = tcase_create("state machine");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, every_legal_step_leaves_its_entry);
	tcase_add_test(tc, illegal_steps_are_refused_and_write_nothing);
	tcase_add_test(tc, some_categories_need_a_note_to_be_resolved);
	tcase_add_test(tc, a_stale_version_is_a_conflict_and_writes_nothing);
	tcase_add_test(tc, a_retried_request_is_applied_once);
	suite_add_tcase(s, tc);

	tc = tcase_create("permissions");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, only_a_supervisor_moves_what_someone_else_holds);
	tcase_add_test(tc, the_dashboard_is_for_supervisors);
	tcase_add_test(tc, nobody_deletes_or_rewrites_the_log);
	tcase_add_test(tc, handoffs_to_unknown_or_switched_off_agents_are_refused);
	tcase_add_test(tc, handoff_targets_are_the_active_agents_and_the_teams);
	suite_add_tcase(s, tc);

	tc = tcase_create("deadlines and queues");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, a_delivery_inquiry_is_due_by_its_cutoff);
	tcase_add_test(tc, a_deadline_follows_its_delivery_when_it_moves);
	tcase_add_test(tc, queues_page_by_keyset_without_gaps_or_repeats);
	tcase_add_test(tc, priority_callbacks_and_overdue_queues);
	suite_add_tcase(s, tc);

	tc = tcase_create("wrap-up");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, the_wrapup_links_this_agents_changes_since_the_call_started);
	tcase_add_test(tc, the_request_hook_links_the_change_in_its_own_transaction);
	tcase_add_test(tc, the_wrapup_starts_from_the_category_the_call_implies);
	suite_add_tcase(s, tc);

	tc = tcase_create("live");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, changes_are_announced_to_a_second_connection);
	tcase_add_test(tc, presence_shows_who_has_the_customer_open_until_they_leave);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed, run;

	if (!getenv("PGHOST") || !getenv("RD_TEST_ADMIN")) {
		fprintf(stderr, "check_inquiry: no test database; run it as "
				"tests/lib/pgtmp.sh tests/db/check_inquiry\n");
		return EXIT_FAILURE;
	}
	sr = srunner_create(inquiry_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	run = srunner_ntests_run(sr);
	srunner_free(sr);
	fprintf(stderr, "check_inquiry: %d checks, %d failed\n", run, failed);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
