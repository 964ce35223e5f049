/* check_live.c: live updates and presence beyond one connection (issue
 * 14): db_params.listen_conninfo, the beat of store/live.c, presence on a
 * heartbeat with expiry (migration 0130), and the application_name a DBA
 * sees in pg_stat_activity.
 *
 * The LISTEN connection: notifications arrive through it and not through
 * the work connection; when it is killed the work goes on, db_listen_ok()
 * turns false and db_reconnect opens it again with its LISTENs. The beat
 * comes back on a working connection and is missed when the LISTEN
 * connection is gone. Presence: another terminal sees it, it lasts while
 * the terminal beats and ends presence_ttl_seconds after a terminal died
 * (its card is told); nobody can show as, or clear, another login.
 *
 * Its own runner: tests/lib/pgtmp.sh tests/db/check_live (through
 * tests/db/run-check-live.sh). */
#include <check.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbtest.h"
#include "repeatdesk/db.h"
#include "repeatdesk/inquiry.h"
#include "repeatdesk/live.h"

static char opr[DBT_LOGIN_MAX], agt[DBT_LOGIN_MAX];

static void setup_once(void)
{
	static int done;
	PGconn *admin;

	if (done)
		return;
	done = 1;
	admin = dbt_admin();
	dbt_agent_new(admin, "operator", "lop", opr);
	dbt_agent_new(admin, "agent", "lag", agt);
	PQfinish(admin);
}

/* The store as login, with LISTEN on a connection of its own when
 * separate (the same server: the PG* variables). */
static struct rd_db *open_as(const char *login, bool separate, const char *app)
{
	char pw[64];
	struct db_params p = { .conninfo = "", .user = login, .application_name = app };
	struct rd_db *db = NULL;
	struct rd_error err;

	dbt_password(login, pw, sizeof(pw));
	p.password = pw;
	if (separate)
		p.listen_conninfo = "connect_timeout=5";
	ck_assert_msg(db_open(&db, &p, &err) == RD_OK, "db_open %s: %s", login, err.msg);
	return db;
}

/* Waits up to ms for a notification on channel (any payload); the beat's
 * are handed to b when given. True when one came. */
static bool wait_channel(struct rd_db *db, struct live_beat *b, const char *channel, int ms)
{
	long long end = live_now_ms() + ms;

	while (live_now_ms() < end) {
		struct db_notify n[8];
		int fd = db_socket(db), got;

		if (fd >= 0) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			poll(&p, 1, 100);
		} else {
			poll(NULL, 0, 100);
		}
		got = db_poll_notify(db, n, 8);
		ck_assert_int_ge(got, 0);
		for (int i = 0; i < got; i++) {
			if (b)
				live_beat_seen(b, &n[i], live_now_ms());
			if (strcmp(n[i].channel, channel) == 0)
				return true;
		}
	}
	return false;
}

static void notify(const char *channel)
{
	PGconn *admin = dbt_admin();

	dbt_exec(admin, "SELECT pg_notify($1, 'x')", 1, channel);
	PQfinish(admin);
}

static void set_ttl(const char *seconds)
{
	PGconn *admin = dbt_admin();

	dbt_exec(admin, "UPDATE rd.settings SET value = $1 WHERE key = 'presence_ttl_seconds'", 1,
		 seconds);
	PQfinish(admin);
}

/* Channels the work connection itself listens to, comma-separated. */
static char *work_channels(struct rd_db *db)
{
	char out[256];
	struct rd_error err;

	ck_assert_int_eq(db_query_value(db, "SELECT coalesce(string_agg(c, ','), '')"
					    " FROM pg_listening_channels() c", 0, NULL, out,
					sizeof(out), NULL, &err), RD_OK);
	return strdup(out);
}

START_TEST(listen_goes_to_its_own_connection_and_comes_back_after_it_is_killed)
{
	struct rd_db *db = open_as(opr, true, "rdtest-listen");
	struct rd_error err;
	char *ch;
	PGconn *admin = dbt_admin();

	ck_assert(db_listen_separate(db));
	ck_assert(db_listen_ok(db));
	ck_assert_int_eq(db_listen(db, "rd_test_a", &err), RD_OK);
	ch = work_channels(db);
	ck_assert_msg(strcmp(ch, "") == 0, "the work connection listens: %s", ch);
	free(ch);
	ck_assert_int_ne(db_socket(db), db_work_socket(db));
	/* the LISTEN connection is named after the work connection */
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM pg_stat_activity"
				 " WHERE application_name = 'rdtest-listen listen'", 0), 1);
	notify("rd_test_a");
	ck_assert_msg(wait_channel(db, NULL, "rd_test_a", 3000), "no notification through it");

	/* killed: the work goes on, the LISTEN connection is down */
	dbt_exec(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
			" WHERE application_name = 'rdtest-listen listen'", 0);
	for (int i = 0; i < 50 && db_listen_ok(db); i++) {
		struct db_notify n[2];

		poll(NULL, 0, 100);
		ck_assert_int_ge(db_poll_notify(db, n, 2), 0);
	}
	ck_assert(!db_listen_ok(db));
	ck_assert(db_is_ok(db));
	ck_assert_int_eq(db_socket(db), -1);
	ck_assert_int_eq(db_exec(db, "SELECT 1", 0, NULL, NULL, &err), RD_OK);
	/* and back, listening again on what it listened to */
	ck_assert_int_eq(db_reconnect(db, &err), RD_OK);
	ck_assert(db_listen_ok(db));
	notify("rd_test_a");
	ck_assert_msg(wait_channel(db, NULL, "rd_test_a", 3000), "no LISTEN after the reconnect");
	PQfinish(admin);
	db_free(&db);
}
END_TEST

START_TEST(without_a_listen_connection_the_work_connection_listens)
{
	struct rd_db *db = open_as(opr, false, NULL);
	struct rd_error err;
	char *ch;

	ck_assert(!db_listen_separate(db));
	ck_assert_int_eq(db_listen(db, "rd_test_b", &err), RD_OK);
	ch = work_channels(db);
	ck_assert_str_eq(ch, "rd_test_b");
	free(ch);
	ck_assert_int_eq(db_socket(db), db_work_socket(db));
	notify("rd_test_b");
	ck_assert(wait_channel(db, NULL, "rd_test_b", 3000));
	db_free(&db);
}
END_TEST

/* Runs the beat until its state is want or ms pass. */
static enum live_state beat_until(struct rd_db *db, struct live_beat *b, enum live_state want,
				  int ms)
{
	long long end = live_now_ms() + ms;
	struct rd_error err;

	while (live_now_ms() < end) {
		long long now = live_now_ms();

		/* a LISTEN connection that is down fails the tick: the state
		 * says so */
		if (now >= live_beat_next(b) && live_beat_tick(b, db, now, &err) != RD_OK)
			ck_assert_msg(!db_listen_ok(db), "%s", err.msg);
		if (live_beat_state(b) == want)
			break;
		wait_channel(db, b, "rd_no_such_channel", 100);
		if (live_beat_state(b) == want)
			break;
	}
	return live_beat_state(b);
}

START_TEST(the_beat_comes_back_and_is_missed_when_listening_is_lost)
{
	struct rd_db *direct = open_as(opr, false, NULL), *sep = open_as(agt, true, "rdtest-beat");
	struct live_beat b1, b2;
	PGconn *admin = dbt_admin();

	set_ttl("3"); /* a beat a second, an echo awaited for a second */
	live_beat_init(&b1, direct);
	ck_assert_int_eq(live_beat_state(&b1), LIVE_UNKNOWN);
	ck_assert_int_eq(beat_until(direct, &b1, LIVE_OK, 5000), LIVE_OK);
	ck_assert_int_eq(b1.interval_ms, 1000);
	live_beat_init(&b2, sep);
	ck_assert_int_eq(beat_until(sep, &b2, LIVE_OK, 5000), LIVE_OK);
	/* the two terminals have their own channels */
	ck_assert_str_ne(b1.channel, b2.channel);

	/* the LISTEN connection is killed: the beats go on through the work
	 * connection and are not heard */
	dbt_exec(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
			" WHERE application_name = 'rdtest-beat listen'", 0);
	ck_assert_int_eq(beat_until(sep, &b2, LIVE_OFF, 8000), LIVE_OFF);
	ck_assert(db_is_ok(sep));
	/* reconnected: heard again */
	{
		struct rd_error err;

		ck_assert_int_eq(db_reconnect(sep, &err), RD_OK);
	}
	live_beat_reset(&b2);
	/* a new connection: what was missed before says nothing of it */
	ck_assert_int_eq(live_beat_state(&b2), LIVE_UNKNOWN);
	ck_assert_int_eq(beat_until(sep, &b2, LIVE_OK, 5000), LIVE_OK);
	set_ttl("60");
	PQfinish(admin);
	db_free(&direct);
	db_free(&sep);
}
END_TEST

START_TEST(presence_lasts_while_the_terminal_beats_and_ends_after_it_died)
{
	struct rd_db *o = open_as(opr, false, NULL), *a = open_as(agt, false, NULL);
	struct live_beat bo, ba;
	struct inquiry_presence p[4];
	struct rd_error err;
	long long cust = dbt_admin_customer_new();
	PGconn *listener = dbt_login(agt);
	size_t n = 0;
	char *payload;

	set_ttl("3");
	live_beat_init(&bo, o);
	live_beat_init(&ba, a);
	ck_assert_msg(inquiry_presence_set(o, cust, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_eq(inquiry_presence_get(a, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	ck_assert_str_eq(p[0].login, opr);
	/* the operator's terminal beats for twice the time to live: still
	 * there */
	beat_until(o, &bo, LIVE_OFF, 6000);
	ck_assert_int_eq(live_beat_state(&bo), LIVE_OK);
	ck_assert_int_eq(inquiry_presence_get(a, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	/* its own presence is not shown to itself */
	ck_assert_int_eq(inquiry_presence_get(o, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 0);

	/* it dies without a word: the presence stays until it expires, and
	 * the next beat of anyone sweeps it and tells the cards */
	dbt_exec(listener, "LISTEN rd_presence", 0);
	db_free(&o);
	ck_assert_int_eq(inquiry_presence_get(a, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	for (int i = 0; i < 60 && n > 0; i++) {
		poll(NULL, 0, 100);
		ck_assert_int_eq(inquiry_presence_get(a, cust, p, 4, &n, &err), RD_OK);
	}
	ck_assert_msg(n == 0, "a dead terminal still shows after its time to live");
	/* one sweep per presence_sweep_seconds, at most half the time to
	 * live (1 s here): the last may have been just now */
	beat_until(a, &ba, LIVE_OFF, 4500);
	payload = dbt_wait_notify(listener, "rd_presence", "\"clear\"", 30);
	ck_assert_msg(payload, "the sweep did not tell the cards");
	free(payload);
	{
		PGconn *admin = dbt_admin();
		char id[24];

		ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd_live.presence"
					 " WHERE customer_id = $1", 1, dbt_itoa(cust, id)), 0);
		PQfinish(admin);
	}
	set_ttl("60");
	PQfinish(listener);
	db_free(&a);
}
END_TEST

START_TEST(nobody_shows_as_or_clears_another_login)
{
	struct rd_db *o = open_as(opr, false, NULL), *a = open_as(agt, false, NULL);
	PGconn *psql = dbt_login(agt);
	struct inquiry_presence p[4];
	struct rd_error err;
	long long cust = dbt_admin_customer_new();
	char id[24];
	size_t n;

	dbt_itoa(cust, id);
	ck_assert_msg(inquiry_presence_set(o, cust, &err) == RD_OK, "%s", err.msg);
	/* the agent, in psql, with the operator's token: the row it makes
	 * is its own login's, and the operator's stays */
	dbt_exec(psql, "SELECT rd.presence_clear($1, NULL)", 1, db_token(o));
	dbt_exec(psql, "SELECT rd.presence_set($1, $2)", 2, db_token(o), id);
	ck_assert_int_eq(inquiry_presence_get(a, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	ck_assert_str_eq(p[0].login, opr);
	/* the table itself is closed */
	ck_assert_str_eq(dbt_state(psql, "INSERT INTO rd_live.presence (token, customer_id, login,"
				   " expires_at) VALUES (gen_random_uuid(), 1, 'x', now())", 0),
			 "42501");
	ck_assert_str_eq(dbt_state(psql, "SELECT rd.presence_sweep()", 0), "42501");
	/* the clear of one's own terminal works */
	ck_assert_int_eq(inquiry_presence_clear(o, 0, &err), RD_OK);
	ck_assert_int_eq(inquiry_presence_get(a, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 0);
	PQfinish(psql);
	db_free(&o);
	db_free(&a);
}
END_TEST

/* The application_name of the connection whose backend runs this. */
static char *appname(struct rd_db *db)
{
	char out[80];
	struct rd_error err;

	ck_assert_int_eq(db_query_value(db, "SELECT application_name FROM pg_stat_activity"
					    " WHERE pid = pg_backend_pid()", 0, NULL, out,
					sizeof(out), NULL, &err), RD_OK);
	return strdup(out);
}

START_TEST(application_name_names_the_terminal_unless_pgappname_or_the_conninfo_say)
{
	char name[64], pw[64];
	struct rd_db *db;
	struct db_params p = { .conninfo = "", .user = opr };
	struct rd_error err;
	char *got;

	db_app_name(name, sizeof(name), "repeatdesk-cli order", "sato", false);
	ck_assert_msg(strncmp(name, "repeatdesk-cli order sato@", 26) == 0, "%s", name);
	/* never longer than the server keeps, printable ASCII only */
	db_app_name(name, sizeof(name), "repeatdesk", "佐藤さんのとてもとてもとてもとても長いログイン名前です", true);
	ck_assert_uint_le(strlen(name), 63);
	for (const char *c = name; *c; c++)
		ck_assert(*c >= 0x20 && *c < 0x7f);

	dbt_password(opr, pw, sizeof(pw));
	p.password = pw;
	db_app_name(name, sizeof(name), "repeatdesk", opr, true);
	p.application_name = name;
	unsetenv("PGAPPNAME");
	ck_assert_int_eq(db_open(&db, &p, &err), RD_OK);
	got = appname(db);
	ck_assert_str_eq(got, name);
	free(got);
	db_free(&db);

	setenv("PGAPPNAME", "dba-set-this", 1);
	ck_assert_int_eq(db_open(&db, &p, &err), RD_OK);
	got = appname(db);
	ck_assert_str_eq(got, "dba-set-this");
	free(got);
	db_free(&db);
	unsetenv("PGAPPNAME");

	p.conninfo = "application_name=from-conninfo";
	ck_assert_int_eq(db_open(&db, &p, &err), RD_OK);
	got = appname(db);
	ck_assert_str_eq(got, "from-conninfo");
	free(got);
	db_free(&db);
}
END_TEST

/* The version of the terminal's presence row (xmin), "" when none. */
static char *presence_version(PGconn *admin, struct rd_db *db, long long cust)
{
	char id[24];
	char *v = dbt_value(admin, "SELECT coalesce((SELECT xmin::text FROM rd_live.presence"
			    " WHERE token = $1::uuid AND customer_id = $2::bigint), '')", 2,
			    db_token(db), dbt_itoa(cust, id));

	return v;
}

static long long presence_rows(PGconn *admin, long long cust)
{
	char id[24];

	return dbt_int(admin, "SELECT count(*) FROM rd_live.presence WHERE customer_id = $1::bigint",
		       1, dbt_itoa(cust, id));
}

START_TEST(presence_expires_by_the_beat_and_one_sweep_an_interval_deletes_it)
{
	struct rd_db *o = open_as(opr, false, NULL), *a = open_as(agt, false, NULL);
	struct live_beat ba;
	struct inquiry_presence p[4];
	struct rd_error err;
	long long cust = dbt_admin_customer_new();
	PGconn *admin = dbt_admin();
	size_t n = 0;
	char *v1, *v2, now[40];

	/* a card read again writes nothing: the mark is there, unexpired;
	 * the first read brings the database's clock (the call's start) */
	ck_assert_msg(inquiry_presence_open(o, cust, p, 4, &n, now, sizeof(now), &err) == RD_OK,
		      "%s", err.msg);
	ck_assert_int_eq((int)n, 0);
	ck_assert_msg(strncmp(now, "20", 2) == 0 && strlen(now) > 19, "now: '%s'", now);
	v1 = presence_version(admin, o, cust);
	ck_assert_str_ne(v1, "");
	ck_assert_int_eq(inquiry_presence_set(o, cust, &err), RD_OK);
	ck_assert_int_eq(inquiry_presence_open(o, cust, p, 4, &n, NULL, 0, &err), RD_OK);
	v2 = presence_version(admin, o, cust);
	ck_assert_str_eq(v1, v2);
	free(v2);
	/* the other terminal sees it, in the same one statement */
	ck_assert_int_eq(inquiry_presence_open(a, cust, p, 4, &n, NULL, 0, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	ck_assert_str_eq(p[0].login, opr);

	/* the operator's terminal stops beating: its row expires; readers
	 * ignore it at once, before any sweep */
	dbt_exec(admin, "UPDATE rd_live.presence SET expires_at = now() - interval '1 second'"
		 " WHERE token = $1::uuid", 1, db_token(o));
	dbt_exec(admin, "UPDATE rd_live.presence_sweeps SET last_at = clock_timestamp()", 0);
	ck_assert_int_eq(inquiry_presence_get(a, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 0);
	/* a beat within the interval does not sweep */
	live_beat_init(&ba, a);
	ck_assert_int_eq(live_beat_tick(&ba, a, live_now_ms(), &err), RD_OK);
	ck_assert_int_eq(presence_rows(admin, cust), 2);
	/* the interval over, the next beat of anyone sweeps (the expired
	 * row only: the agent's own is fresh) */
	dbt_exec(admin, "UPDATE rd_live.presence_sweeps SET last_at = '-infinity'", 0);
	live_beat_reset(&ba);
	ck_assert_int_eq(live_beat_tick(&ba, a, live_now_ms(), &err), RD_OK);
	ck_assert_int_eq(presence_rows(admin, cust), 1);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd_live.presence_sweeps"
				 " WHERE last_at > now() - interval '1 minute'", 0), 1);
	/* and right after it, a sweep has nothing to do: it does not run */
	ck_assert_ptr_null(dbt_value(admin, "SELECT rd.presence_sweep()", 0));
	/* the operator's terminal comes back: its mark is written anew */
	ck_assert_int_eq(inquiry_presence_open(o, cust, p, 4, &n, NULL, 0, &err), RD_OK);
	v2 = presence_version(admin, o, cust);
	ck_assert_str_ne(v2, "");
	ck_assert_str_ne(v1, v2);
	ck_assert_int_eq(inquiry_presence_get(a, cust, p, 4, &n, &err), RD_OK);
	ck_assert_int_eq((int)n, 1);
	free(v1);
	free(v2);
	inquiry_presence_clear(o, 0, &err);
	inquiry_presence_clear(a, 0, &err);
	PQfinish(admin);
	db_free(&o);
	db_free(&a);
}
END_TEST

/* Many terminals open the same customer while a sweep holds its locks (an
 * open transaction that swept an expired row of that customer): none of
 * them waits. Before 0165 each presence_set swept too, and every one
 * queued behind the row the first sweep deleted. */
#define MANY 40
START_TEST(many_terminals_on_one_customer_wait_for_no_lock)
{
	PGconn *admin = dbt_admin(), *sweeper = dbt_login(opr);
	PGconn *t[MANY];
	long long cust = dbt_admin_customer_new();
	char id[24];

	dbt_itoa(cust, id);
	dbt_exec(admin, "INSERT INTO rd_live.presence (token, customer_id, login, expires_at)"
		 " VALUES (gen_random_uuid(), $1::bigint, $2, now() - interval '1 minute')", 2,
		 id, agt);
	dbt_exec(admin, "UPDATE rd_live.presence_sweeps SET last_at = '-infinity'", 0);
	/* the sweeper's beat sweeps and keeps its locks (the expired row,
	 * the advisory lock) until it commits */
	dbt_exec(sweeper, "BEGIN", 0);
	dbt_exec(sweeper, "SELECT rd.live_beat(gen_random_uuid(), 1)", 0);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM pg_locks"
				 " WHERE locktype = 'advisory' AND granted", 0), 1);
	for (int i = 0; i < MANY; i++) {
		t[i] = dbt_login(agt);
		dbt_exec(t[i], "SET lock_timeout = '3s'", 0);
	}
	/* each terminal marks the customer, reads who else is there, and
	 * beats (whose sweep is skipped, not waited for) */
	for (int i = 0; i < MANY; i++) {
		char tok[8];
		const char *state;

		snprintf(tok, sizeof(tok), "t%d", i);
		state = dbt_state(t[i], "SELECT count(*) FROM rd.presence_open(md5($1)::uuid,"
				  " $2::bigint)", 2, tok, id);

		ck_assert_msg(strcmp(state, "00000") == 0, "terminal %d: %s %s", i, state,
			      dbt_last_error());
	}
	for (int i = 0; i < MANY; i++) {
		char tok[8];

		snprintf(tok, sizeof(tok), "t%d", i);
		ck_assert_str_eq(dbt_state(t[i], "SELECT rd.presence_set(md5($1)::uuid, $2::bigint),"
					   " rd.live_beat(md5($1)::uuid, 1)", 2, tok, id), "00000");
	}
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM pg_locks WHERE NOT granted", 0), 0);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd_live.presence WHERE customer_id = $1::bigint"
				 " AND expires_at > now()", 1, id), MANY);
	dbt_exec(sweeper, "COMMIT", 0);
	ck_assert_int_eq(presence_rows(admin, cust), MANY);
	dbt_exec(admin, "DELETE FROM rd_live.presence WHERE customer_id = $1::bigint", 1, id);
	for (int i = 0; i < MANY; i++)
		PQfinish(t[i]);
	PQfinish(sweeper);
	PQfinish(admin);
}
END_TEST

static Suite *live_suite(void)
{
	Suite *s = suite_create("live");
	TCase *tc = tcase_create("listen");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, listen_goes_to_its_own_connection_and_comes_back_after_it_is_killed);
	tcase_add_test(tc, without_a_listen_connection_the_work_connection_listens);
	tcase_add_test(tc, the_beat_comes_back_and_is_missed_when_listening_is_lost);
	suite_add_tcase(s, tc);

	tc = tcase_create("presence");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, presence_lasts_while_the_terminal_beats_and_ends_after_it_died);
	tcase_add_test(tc, nobody_shows_as_or_clears_another_login);
	tcase_add_test(tc, presence_expires_by_the_beat_and_one_sweep_an_interval_deletes_it);
	tcase_add_test(tc, many_terminals_on_one_customer_wait_for_no_lock);
	suite_add_tcase(s, tc);

	tc = tcase_create("identity");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, application_name_names_the_terminal_unless_pgappname_or_the_conninfo_say);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!getenv("PGHOST") || !getenv("RD_TEST_ADMIN")) {
		fprintf(stderr, "check_live: no test database; run it as "
				"tests/lib/pgtmp.sh tests/db/check_live\n");
		return EXIT_FAILURE;
	}
	return dbt_run_suite(live_suite(), "check_live");
}
