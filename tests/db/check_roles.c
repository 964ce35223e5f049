/* check_roles.c: the database, not the client, decides who may do what;
 * agents log in as themselves; only supervisors manage agents. */
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"

Suite *roles_suite(void);

static void assert_state(PGconn *c, const char *who, const char *want,
			 const char *sql, int nparams, const char *p1,
			 const char *p2)
{
	const char *st = dbt_state(c, sql, nparams, p1, p2);

	ck_assert_msg(strcmp(st, want) == 0, "%s: %s\n-> SQLSTATE %s (%s), expected %s",
		      who, sql, st, strcmp(st, "00000") ? dbt_last_error() : "", want);
}

#define ALLOWED(c, who, sql, n, p1, p2) assert_state(c, who, "00000", sql, n, p1, p2)
#define DENIED(c, who, sql, n, p1, p2) assert_state(c, who, "42501", sql, n, p1, p2)

START_TEST(group_roles_nest_and_never_log_in)
{
	PGconn *c = dbt_admin();

	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_roles WHERE rolname IN"
				 " ('rd_operator', 'rd_agent', 'rd_supervisor')"
				 " AND NOT rolcanlogin AND NOT rolsuper AND NOT rolcreaterole", 0), 3);
	ck_assert_int_eq(dbt_int(c, "SELECT (pg_has_role('rd_agent', 'rd_operator', 'MEMBER')"
				 " AND pg_has_role('rd_supervisor', 'rd_agent', 'MEMBER')"
				 " AND pg_has_role('rd_supervisor', 'rd_operator', 'MEMBER')"
				 " AND NOT pg_has_role('rd_operator', 'rd_agent', 'MEMBER')"
				 " AND NOT pg_has_role('rd_agent', 'rd_supervisor', 'MEMBER'))::int", 0), 1);
	PQfinish(c);
}
END_TEST

START_TEST(agent_add_creates_a_scram_login_in_its_group)
{
	char sup[DBT_LOGIN_MAX], login[DBT_LOGIN_MAX], pw[64];
	PGconn *s = dbt_agent_connect("supervisor", sup);
	PGconn *admin = dbt_admin();
	char *v;

	dbt_agent_new(s, "agent", "new", login);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM pg_authid WHERE rolname = $1"
				 " AND rolcanlogin AND NOT rolsuper AND NOT rolcreaterole"
				 " AND rolpassword LIKE 'SCRAM-SHA-256$%'", 1, login), 1);
	ck_assert_int_eq(dbt_int(admin, "SELECT (pg_has_role($1, 'rd_agent', 'MEMBER')"
				 " AND NOT pg_has_role($1, 'rd_supervisor', 'MEMBER'))::int",
				 1, login), 1);
	v = dbt_value(admin, "SELECT role || '|' || display_name || '|' || active::text"
		      " FROM rd.agents WHERE login = $1", 1, login);
	ck_assert_str_eq(v, "agent|テスト agent|true");
	free(v);

	dbt_password(login, pw, sizeof(pw));
	ck_assert(dbt_can_connect(login, pw));
	ck_assert(!dbt_can_connect(login, "wrong password"));
	ck_assert(!dbt_can_connect(login, NULL));
	PQfinish(s);
	PQfinish(admin);
}
END_TEST

START_TEST(only_supervisors_may_add_agents)
{
	static const char *const roles[] = { "operator", "agent" };
	char login[DBT_LOGIN_MAX];

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		PGconn *c = dbt_agent_connect(roles[i], login);
		char *v = dbt_verifier(c, "intruder", "x");
		const char *st = dbt_state(c, "SELECT rd.agent_add('intruder', '侵入者',"
					   " 'supervisor', $1)", 1, v);

		ck_assert_msg(strcmp(st, "42501") == 0, "%s: %s %s", roles[i], st,
			      dbt_last_error());
		/* nor behind the functions' back */
		DENIED(c, roles[i], "INSERT INTO rd.agents (login, display_name, role)"
		       " VALUES ('intruder', '侵入者', 'supervisor')", 0, NULL, NULL);
		DENIED(c, roles[i], "CREATE ROLE intruder LOGIN", 0, NULL, NULL);
		free(v);
		PQfinish(c);
	}
}
END_TEST

START_TEST(agent_add_refuses_bad_logins_roles_and_passwords)
{
	static const char *const bad_logins[] = {
		"Sato", "1sato", "s", "rd_admin", "rd_new", "pg_monitor",
		"sato-hanako", "sato hanako", "sato;drop role x", "佐藤",
		"a2345678901234567890123456789012",  /* 32 characters */
	};
	char sup[DBT_LOGIN_MAX], taken[DBT_LOGIN_MAX];
	PGconn *s = dbt_agent_connect("supervisor", sup);
	char *v = dbt_verifier(s, "x", "secret");
	const char *add = "SELECT rd.agent_add($1, '佐藤 花子', $2, $3)";

	for (size_t i = 0; i < sizeof(bad_logins) / sizeof(bad_logins[0]); i++) {
		const char *st = dbt_state(s, add, 3, bad_logins[i], "operator", v);

		ck_assert_msg(strcmp(st, "22023") == 0, "login '%s': %s %s", bad_logins[i],
			      st, dbt_last_error());
	}
	ck_assert_str_eq(dbt_state(s, add, 3, "sato_ok", "admin", v), "22023");
	ck_assert_str_eq(dbt_state(s, add, 3, "sato_ok", NULL, v), "22023");
	ck_assert_str_eq(dbt_state(s, add, 3, "sato_ok", "operator", "secret"), "22023");
	ck_assert_str_eq(dbt_state(s, add, 3, "sato_ok", "operator",
				   "md5c4ca4238a0b923820dcc509a6f75849b"), "22023");
	ck_assert_str_eq(dbt_state(s, add, 3, "sato_ok", "operator",
				   "SCRAM-SHA-256$4096:x'; ALTER ROLE x SUPERUSER; --"), "22023");
	ck_assert_str_eq(dbt_state(s, "SELECT rd.agent_add($1, '  ', 'operator', $2)", 2,
				   "sato_ok", v), "22023");

	/* a login that exists (an agent, or any other role) is never taken over */
	dbt_agent_new(s, "operator", "taken", taken);
	ck_assert_str_eq(dbt_state(s, add, 3, taken, "supervisor", v), "42710");
	ck_assert_str_eq(dbt_state(s, add, 3, sup, "operator", v), "42710");
	PQfinish(s);

	s = dbt_admin();
	dbt_exec(s, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dba')"
		 " THEN CREATE ROLE dba LOGIN SUPERUSER; END IF; END $$", 0);
	ck_assert_str_eq(dbt_state(s, add, 3, "dba", "operator", v), "42710");
	ck_assert_int_eq(dbt_int(s, "SELECT count(*) FROM rd.agents WHERE login IN"
				 " ('sato_ok', 'dba', 'intruder')", 0), 0);
	free(v);
	PQfinish(s);
}
END_TEST

START_TEST(operators_take_orders_and_log_calls)
{
	char login[DBT_LOGIN_MAX], sku[32];
	PGconn *admin = dbt_admin();
	PGconn *c = dbt_agent_connect("operator", login);
	char cid[24], oid[24], lid[24], iid[24], eid[24];

	dbt_product_new(admin, sku);
	dbt_itoa(dbt_customer_new(c), cid);
	ALLOWED(c, "operator", "UPDATE rd.customers SET email = 'taro@example.jp'"
		" WHERE id = $1::bigint", 1, cid, NULL);
	ALLOWED(c, "operator", "INSERT INTO rd.customer_addresses (customer_id, name,"
		" postal_code, prefecture, address1) VALUES ($1::bigint, '山田 次郎', '5300001',"
		" '大阪府', '大阪市北区')", 1, cid, NULL);
	/* an order and its lines change together: its totals follow its lines
	 * when the transaction commits (0084) */
	dbt_exec(c, "BEGIN", 0);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.orders (customer_id, payment, card_token, card_last4,"
			 " subtotal_8, tax_8, total) VALUES ($1, 'card', 'tok_abc', '4242', 3980, 318,"
			 " 4298) RETURNING id", 1, cid), oid);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.order_lines (order_id, sku, name, quantity,"
			 " unit_price, tax_rate) VALUES ($1, $2, '青汁 30包', 1, 3980, 8) RETURNING id",
			 2, oid, sku), lid);
	dbt_exec(c, "COMMIT", 0);
	ALLOWED(c, "operator", "WITH l AS (UPDATE rd.order_lines SET quantity = 2 WHERE id = $1::bigint"
		" RETURNING order_id) UPDATE rd.orders o SET subtotal_8 = 7960, tax_8 = 636, total = 8596"
		" FROM l WHERE o.id = l.order_id", 1, lid, NULL);
	ALLOWED(c, "operator", "WITH l AS (DELETE FROM rd.order_lines WHERE id = $1::bigint"
		" RETURNING order_id) UPDATE rd.orders o SET subtotal_8 = 0, tax_8 = 0, total = 0"
		" FROM l WHERE o.id = l.order_id", 1, lid, NULL);
	ALLOWED(c, "operator", "UPDATE rd.orders SET status = 'confirmed' WHERE id = $1::bigint",
		1, oid, NULL);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.inquiries (customer_id, order_id, channel, category,"
			 " subject) VALUES ($1, $2, 'inbound_call', 'order', '注文') RETURNING id",
			 2, cid, oid), iid);
	ALLOWED(c, "operator", "UPDATE rd.inquiries SET status = 'resolved' WHERE id = $1::bigint",
		1, iid, NULL);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.inquiry_entries (inquiry_id, kind, body)"
			 " VALUES ($1, 'note', '受注済み') RETURNING id", 1, iid), eid);
	ck_assert_int_eq(dbt_int(c, "SELECT (author = session_user)::int FROM rd.inquiry_entries"
				 " WHERE id = $1", 1, eid), 1);

	/* what ends gets a status; nothing is deleted */
	DENIED(c, "operator", "UPDATE rd.inquiry_entries SET body = '改ざん' WHERE id = $1::bigint",
	       1, eid, NULL);
	DENIED(c, "operator", "DELETE FROM rd.inquiry_entries WHERE id = $1::bigint", 1, eid, NULL);
	DENIED(c, "operator", "DELETE FROM rd.inquiries WHERE id = $1::bigint", 1, iid, NULL);
	DENIED(c, "operator", "DELETE FROM rd.orders WHERE id = $1::bigint", 1, oid, NULL);
	DENIED(c, "operator", "DELETE FROM rd.customers WHERE id = $1::bigint", 1, cid, NULL);
	/* and the catalogue and the rules belong to supervisors */
	DENIED(c, "operator", "UPDATE rd.products SET price = 1 WHERE sku = $1", 1, sku, NULL);
	DENIED(c, "operator", "INSERT INTO rd.media (code, name, channel) VALUES ('X', 'x', 'tv')",
	       0, NULL, NULL);
	DENIED(c, "operator", "UPDATE rd.settings SET value = '0' WHERE key = 'cod_fee'",
	       0, NULL, NULL);
	DENIED(c, "operator", "INSERT INTO rd.teams (name) VALUES ('勝手なチーム')", 0, NULL, NULL);
	DENIED(c, "operator", "UPDATE rd.agents SET display_name = 'x' WHERE login = $1",
	       1, login, NULL);
	PQfinish(c);
	PQfinish(admin);
}
END_TEST

START_TEST(operators_start_but_cannot_change_subscriptions_agents_can)
{
	char op[DBT_LOGIN_MAX], ag[DBT_LOGIN_MAX], sku[32];
	PGconn *admin = dbt_admin();
	PGconn *o = dbt_agent_connect("operator", op);
	PGconn *a = dbt_agent_connect("agent", ag);
	char cid[24], sid[24], lid[24];

	dbt_product_new(admin, sku);
	dbt_itoa(dbt_customer_new(admin), cid);
	dbt_itoa(dbt_subscription_new(admin, atoll(cid)), sid);
	dbt_itoa(dbt_int(admin, "SELECT id FROM rd.subscription_lines WHERE subscription_id = $1",
			 1, sid), lid);

	ck_assert_int_eq(dbt_int(o, "SELECT count(*) FROM rd.subscriptions WHERE id = $1", 1, sid), 1);
	DENIED(o, "operator", "UPDATE rd.subscriptions SET cycle = '2m:15' WHERE id = $1::bigint",
	       1, sid, NULL);
	/* an operator starts a subscription together with an order */
	ALLOWED(o, "operator", "INSERT INTO rd.subscriptions (customer_id, cycle, payment)"
		" VALUES ($1::bigint, '1m:1', 'cod')", 1, cid, NULL);
	DENIED(o, "operator", "UPDATE rd.subscription_lines SET quantity = 2 WHERE id = $1::bigint",
	       1, lid, NULL);
	DENIED(o, "operator", "DELETE FROM rd.subscription_lines WHERE id = $1::bigint", 1, lid, NULL);
	DENIED(o, "operator", "INSERT INTO rd.subscription_skips (subscription_id, delivery_no, date)"
	       " VALUES ($1::bigint, 2, DATE '2027-01-15')", 1, sid, NULL);

	ALLOWED(a, "agent", "UPDATE rd.subscriptions SET cycle = '2m:15' WHERE id = $1::bigint",
		1, sid, NULL);
	ALLOWED(a, "agent", "UPDATE rd.subscriptions SET status = 'paused',"
		" paused_until = DATE '2027-03-01' WHERE id = $1::bigint", 1, sid, NULL);
	ALLOWED(a, "agent", "INSERT INTO rd.subscription_skips (subscription_id, delivery_no, date)"
		" VALUES ($1::bigint, 2, DATE '2027-01-15')", 1, sid, NULL);
	ALLOWED(a, "agent", "INSERT INTO rd.subscription_lines (subscription_id, sku, quantity,"
		" unit_price) VALUES ($1::bigint, $2, 3, 3480)", 2, sid, sku);
	ALLOWED(a, "agent", "UPDATE rd.subscription_lines SET quantity = 2 WHERE id = $1::bigint",
		1, lid, NULL);
	ALLOWED(a, "agent", "DELETE FROM rd.subscription_lines WHERE id = $1::bigint", 1, lid, NULL);
	ALLOWED(a, "agent", "INSERT INTO rd.subscriptions (customer_id, cycle, payment)"
		" VALUES ($1::bigint, '45d', 'bank')", 1, cid, NULL);
	DENIED(a, "agent", "DELETE FROM rd.subscriptions WHERE id = $1::bigint", 1, sid, NULL);
	ck_assert_int_eq(dbt_int(admin, "SELECT version FROM rd.subscriptions WHERE id = $1",
				 1, sid), 3);
	PQfinish(o);
	PQfinish(a);
	PQfinish(admin);
}
END_TEST

START_TEST(supervisors_manage_rules_teams_and_agents_within_bounds)
{
	char sup[DBT_LOGIN_MAX], op[DBT_LOGIN_MAX];
	PGconn *s = dbt_agent_connect("supervisor", sup);
	PGconn *admin = dbt_admin();
	char tid[24];

	dbt_agent_new(admin, "operator", "staff", op);
	ALLOWED(s, "supervisor", "UPDATE rd.settings SET value = '330', version = version + 1"
		" WHERE key = 'cod_fee'", 0, NULL, NULL);
	DENIED(s, "supervisor", "UPDATE rd.settings SET key = 'cod' WHERE key = 'cod_fee'",
	       0, NULL, NULL);
	DENIED(s, "supervisor", "DELETE FROM rd.settings WHERE key = 'cod_fee'", 0, NULL, NULL);
	dbt_itoa(dbt_int(s, "INSERT INTO rd.teams (name) VALUES ($1) RETURNING id", 1, sup), tid);
	ALLOWED(s, "supervisor", "UPDATE rd.agents SET display_name = '佐藤 花子', team_id = $2::bigint"
		" WHERE login = $1", 2, op, tid);
	/* role, login and active only through rd.agent_* (which keep the login
	 * role in step) */
	DENIED(s, "supervisor", "UPDATE rd.agents SET role = 'supervisor' WHERE login = $1",
	       1, op, NULL);
	DENIED(s, "supervisor", "UPDATE rd.agents SET login = 'other' WHERE login = $1", 1, op, NULL);
	DENIED(s, "supervisor", "UPDATE rd.agents SET active = false WHERE login = $1", 1, op, NULL);
	DENIED(s, "supervisor", "DELETE FROM rd.agents WHERE login = $1", 1, op, NULL);
	DENIED(s, "supervisor", "DELETE FROM rd.inquiries", 0, NULL, NULL);
	DENIED(s, "supervisor", "DELETE FROM rd.customers", 0, NULL, NULL);
	DENIED(s, "supervisor", "TRUNCATE rd.customers CASCADE", 0, NULL, NULL);
	DENIED(s, "supervisor", "TRUNCATE rd.inquiry_entries", 0, NULL, NULL);
	DENIED(s, "supervisor", "CREATE TABLE rd.mine (x int)", 0, NULL, NULL);
	DENIED(s, "supervisor", "ALTER TABLE rd.customers DISABLE TRIGGER rd_touch", 0, NULL, NULL);
	PQfinish(s);
	PQfinish(admin);
}
END_TEST

START_TEST(a_role_outside_the_groups_sees_nothing)
{
	PGconn *admin = dbt_admin();
	PGconn *c;

	dbt_exec(admin, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles"
		 " WHERE rolname = 'outsider') THEN CREATE ROLE outsider LOGIN"
		 " PASSWORD 'outside-pw'; END IF; END $$", 0);
	c = dbt_connect_as("outsider", "outside-pw");
	DENIED(c, "outsider", "SELECT count(*) FROM rd.customers", 0, NULL, NULL);
	DENIED(c, "outsider", "SELECT count(*) FROM rd.history", 0, NULL, NULL);
	DENIED(c, "outsider", "SELECT rd.agent_set_password('outsider', 'x')", 0, NULL, NULL);
	PQfinish(c);
	PQfinish(admin);
}
END_TEST

START_TEST(passwords_change_for_oneself_or_by_a_supervisor)
{
	char a1[DBT_LOGIN_MAX], a2[DBT_LOGIN_MAX], sup[DBT_LOGIN_MAX];
	PGconn *c1 = dbt_agent_connect("agent", a1);
	PGconn *c2 = dbt_agent_connect("operator", a2);
	PGconn *s = dbt_agent_connect("supervisor", sup);
	char *v;

	/* one's own */
	v = dbt_verifier(c1, a1, "新しいパスワード1");
	ALLOWED(c1, "self", "SELECT rd.agent_set_password($1, $2)", 2, a1, v);
	free(v);
	ck_assert(dbt_can_connect(a1, "新しいパスワード1"));

	/* not someone else's, and not a role that is no agent */
	v = dbt_verifier(c1, a2, "乗っ取り");
	DENIED(c1, "agent", "SELECT rd.agent_set_password($1, $2)", 2, a2, v);
	free(v);
	v = dbt_verifier(s, getenv("RD_TEST_ADMIN"), "乗っ取り");
	assert_state(s, "supervisor", "P0002", "SELECT rd.agent_set_password($1, $2)", 2,
		     getenv("RD_TEST_ADMIN"), v);
	free(v);
	/* never in clear text */
	assert_state(c1, "self", "22023", "SELECT rd.agent_set_password($1, $2)", 2, a1,
		     "plain-text");

	/* a supervisor sets anyone's */
	v = dbt_verifier(s, a2, "仮パスワード2");
	ALLOWED(s, "supervisor", "SELECT rd.agent_set_password($1, $2)", 2, a2, v);
	free(v);
	ck_assert(dbt_can_connect(a2, "仮パスワード2"));
	{
		char old[64];

		dbt_password(a2, old, sizeof(old));
		ck_assert(!dbt_can_connect(a2, old));
	}
	PQfinish(c1);
	PQfinish(c2);
	PQfinish(s);
}
END_TEST

START_TEST(a_switched_off_agent_cannot_log_in)
{
	char sup[DBT_LOGIN_MAX], op[DBT_LOGIN_MAX], ag[DBT_LOGIN_MAX], pw[64];
	PGconn *s = dbt_agent_connect("supervisor", sup);
	PGconn *a = dbt_agent_connect("agent", ag);

	dbt_agent_new(s, "operator", "leaver", op);
	dbt_password(op, pw, sizeof(pw));
	ck_assert(dbt_can_connect(op, pw));

	DENIED(a, "agent", "SELECT rd.agent_set_active($1, false)", 1, op, NULL);
	ALLOWED(s, "supervisor", "SELECT rd.agent_set_active($1, false)", 1, op, NULL);
	ck_assert(!dbt_can_connect(op, pw));
	ck_assert_int_eq(dbt_int(s, "SELECT (NOT active)::int FROM rd.agents WHERE login = $1",
				 1, op), 1);
	ALLOWED(s, "supervisor", "SELECT rd.agent_set_active($1, true)", 1, op, NULL);
	ck_assert(dbt_can_connect(op, pw));

	assert_state(s, "supervisor", "22023", "SELECT rd.agent_set_active($1, false)", 1, sup, NULL);
	assert_state(s, "supervisor", "P0002", "SELECT rd.agent_set_active($1, false)", 1,
		     getenv("RD_TEST_ADMIN"), NULL);
	PQfinish(a);
	PQfinish(s);
}
END_TEST

START_TEST(a_supervisor_moves_an_agent_between_groups)
{
	char sup[DBT_LOGIN_MAX], op[DBT_LOGIN_MAX], pw[64];
	PGconn *s = dbt_agent_connect("supervisor", sup);
	PGconn *c;

	dbt_agent_new(s, "operator", "promo", op);
	ALLOWED(s, "supervisor", "SELECT rd.agent_set_role($1, 'agent')", 1, op, NULL);
	ck_assert_int_eq(dbt_int(s, "SELECT (pg_has_role($1, 'rd_agent', 'MEMBER')"
				 " AND role = 'agent')::int FROM rd.agents WHERE login = $1",
				 1, op), 1);
	dbt_password(op, pw, sizeof(pw));
	c = dbt_connect_as(op, pw);
	ck_assert_int_eq(dbt_int(c, "SELECT has_table_privilege('rd.subscriptions', 'UPDATE')::int",
				 0), 1);
	PQfinish(c);

	ALLOWED(s, "supervisor", "SELECT rd.agent_set_role($1, 'operator')", 1, op, NULL);
	ck_assert_int_eq(dbt_int(s, "SELECT (NOT pg_has_role($1, 'rd_agent', 'MEMBER')"
				 " AND pg_has_role($1, 'rd_operator', 'MEMBER')"
				 " AND role = 'operator')::int FROM rd.agents WHERE login = $1",
				 1, op), 1);
	assert_state(s, "supervisor", "22023", "SELECT rd.agent_set_role($1, 'root')", 1, op, NULL);
	assert_state(s, "supervisor", "22023", "SELECT rd.agent_set_role($1, 'operator')", 1,
		     sup, NULL);
	PQfinish(s);
}
END_TEST

START_TEST(functions_are_closed_to_public_and_definers_pin_their_path)
{
	PGconn *c = dbt_admin();
	PGresult *r;

	r = dbt_query(c, "SELECT p.oid::regprocedure::text FROM pg_proc p"
		      " WHERE p.pronamespace = 'rd'::regnamespace"
		      "   AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a"
		      "        WHERE a.grantee = 0))", 0);
	ck_assert_msg(PQntuples(r) == 0, "callable by PUBLIC: %s%s",
		      PQntuples(r) ? PQgetvalue(r, 0, 0) : "", PQntuples(r) > 1 ? " and more" : "");
	PQclear(r);

	r = dbt_query(c, "SELECT p.oid::regprocedure::text FROM pg_proc p"
		      " WHERE p.pronamespace = 'rd'::regnamespace AND p.prosecdef"
		      "   AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, rd, pg_temp'],"
		      "                    false)", 0);
	ck_assert_msg(PQntuples(r) == 0, "SECURITY DEFINER without a pinned search_path: %s",
		      PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	ck_assert_int_ge(dbt_int(c, "SELECT count(*) FROM pg_proc WHERE prosecdef"
				 " AND pronamespace = 'rd'::regnamespace", 0), 5);
	PQfinish(c);
}
END_TEST

Suite *roles_suite(void)
{
	Suite *s = suite_create("roles");
	TCase *tc = tcase_create("agents");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, group_roles_nest_and_never_log_in);
	tcase_add_test(tc, agent_add_creates_a_scram_login_in_its_group);
	tcase_add_test(tc, only_supervisors_may_add_agents);
	tcase_add_test(tc, agent_add_refuses_bad_logins_roles_and_passwords);
	tcase_add_test(tc, passwords_change_for_oneself_or_by_a_supervisor);
	tcase_add_test(tc, a_switched_off_agent_cannot_log_in);
	tcase_add_test(tc, a_supervisor_moves_an_agent_between_groups);
	suite_add_tcase(s, tc);

	tc = tcase_create("grants");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, operators_take_orders_and_log_calls);
	tcase_add_test(tc, operators_start_but_cannot_change_subscriptions_agents_can);
	tcase_add_test(tc, supervisors_manage_rules_teams_and_agents_within_bounds);
	tcase_add_test(tc, a_role_outside_the_groups_sees_nothing);
	tcase_add_test(tc, functions_are_closed_to_public_and_definers_pin_their_path);
	suite_add_tcase(s, tc);
	return s;
}
