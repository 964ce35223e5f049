/* check_history.c: every change to business data leaves exactly one
 * history row saying who, when, in which transaction, what and why; and
 * nobody can rewrite it. */
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"

Suite *history_suite(void);

/* Columns of one history row as h_* indexes in HISTORY_COLS. */
#define HISTORY_COLS \
	"op, actor, row_key, old_row->>'name', new_row->>'name'," \
	" array_to_string(changed, ','), reason, request_id, customer_id," \
	" txid, table_name"
enum { H_OP, H_ACTOR, H_KEY, H_OLD_NAME, H_NEW_NAME, H_CHANGED, H_REASON,
       H_REQUEST, H_CUSTOMER, H_TXID, H_TABLE };

static long long history_count(PGconn *c, const char *table, const char *key)
{
	return dbt_int(c, "SELECT count(*) FROM rd.history"
		       " WHERE table_name = $1 AND row_key = $2", 2, table, key);
}

/* The history rows of one row, oldest first. */
static PGresult *history_of(PGconn *c, const char *table, const char *key)
{
	return dbt_query(c, "SELECT " HISTORY_COLS " FROM rd.history"
			 " WHERE table_name = $1 AND row_key = $2 ORDER BY id",
			 2, table, key);
}

static const char *cell(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

START_TEST(every_business_table_has_the_history_trigger)
{
	PGconn *c = dbt_admin();
	PGresult *r = dbt_query(c,
		"SELECT c.oid::regclass::text FROM pg_class c"
		" WHERE c.relnamespace = 'rd'::regnamespace AND c.relkind IN ('r', 'p')"
		"   AND NOT c.relispartition"
		/* rd.customer_figures (0150): derived from the orders,
		 * whose history is kept; checked in check_schema */
		"   AND c.relname NOT IN ('history', 'schema_migrations', 'customer_figures')"
		"   AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid"
		"     AND t.tgfoid = 'rd.history_record()'::regprocedure"
		"     AND t.tgenabled = 'O'"
		"     AND t.tgtype & (4 | 8 | 16) = (4 | 8 | 16)"  /* INSERT, DELETE, UPDATE */
		"     AND t.tgtype & 1 = 1"                        /* FOR EACH ROW */
		"     AND t.tgtype & 2 = 0)", 0);                  /* AFTER */

	ck_assert_msg(PQntuples(r) == 0, "without history: %s%s",
		      PQntuples(r) ? PQgetvalue(r, 0, 0) : "",
		      PQntuples(r) > 1 ? " and more" : "");
	PQclear(r);
	ck_assert_int_ge(dbt_int(c, "SELECT count(*) FROM pg_trigger"
				 " WHERE tgfoid = 'rd.history_record()'::regprocedure", 0), 14);
	/* and never on the history itself */
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_trigger"
				 " WHERE tgfoid = 'rd.history_record()'::regprocedure"
				 "   AND tgrelid IN ('rd.history'::regclass,"
				 "                   'rd.schema_migrations'::regclass)", 0), 0);
	PQfinish(c);
}
END_TEST

START_TEST(insert_update_delete_each_write_one_row)
{
	PGconn *c = dbt_admin();
	char id[24], tx[24];
	PGresult *r;
	char *changed;

	dbt_exec(c, "BEGIN", 0);
	dbt_itoa(dbt_customer_new(c), id);
	dbt_itoa(dbt_int(c, "SELECT txid_current()", 0), tx);
	dbt_exec(c, "COMMIT", 0);
	dbt_exec(c, "UPDATE rd.customers SET name = '山田 花子', no_dm = true WHERE id = $1", 1, id);
	dbt_exec(c, "DELETE FROM rd.customers WHERE id = $1", 1, id);

	r = history_of(c, "customers", id);
	ck_assert_int_eq(PQntuples(r), 3);

	ck_assert_str_eq(cell(r, 0, H_OP), "INSERT");
	ck_assert_str_eq(cell(r, 0, H_ACTOR), getenv("RD_TEST_ADMIN"));
	ck_assert_ptr_null(cell(r, 0, H_OLD_NAME));
	ck_assert_str_eq(cell(r, 0, H_NEW_NAME), "山田 太郎");
	ck_assert_str_eq(cell(r, 0, H_CUSTOMER), id);
	ck_assert_str_eq(cell(r, 0, H_TXID), tx);
	ck_assert_str_eq(cell(r, 0, H_TABLE), "customers");
	/* an INSERT lists the columns that hold a value, in table order, and
	 * never the bookkeeping ones */
	changed = dbt_value(c, "SELECT array_to_string(changed, ',') FROM rd.history"
			    " WHERE table_name = 'customers' AND row_key = $1 AND op = 'INSERT'",
			    1, id);
	ck_assert_msg(strncmp(changed, "id,code,name,name_kana,phone1,", 30) == 0, "%s", changed);
	ck_assert_ptr_null(strstr(changed, "version"));
	ck_assert_ptr_null(strstr(changed, "_at"));
	ck_assert_ptr_null(strstr(changed, "phone2"));
	free(changed);

	ck_assert_str_eq(cell(r, 1, H_OP), "UPDATE");
	ck_assert_str_eq(cell(r, 1, H_OLD_NAME), "山田 太郎");
	ck_assert_str_eq(cell(r, 1, H_NEW_NAME), "山田 花子");
	ck_assert_str_eq(cell(r, 1, H_CHANGED), "name,no_dm");
	ck_assert_str_eq(cell(r, 1, H_CUSTOMER), id);
	ck_assert_str_ne(cell(r, 1, H_TXID), tx);

	ck_assert_str_eq(cell(r, 2, H_OP), "DELETE");
	ck_assert_str_eq(cell(r, 2, H_OLD_NAME), "山田 花子");
	ck_assert_ptr_null(cell(r, 2, H_NEW_NAME));
	ck_assert_str_eq(cell(r, 2, H_CUSTOMER), id);
	PQclear(r);

	/* old and new rows are whole rows, bookkeeping included */
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history"
				 " WHERE table_name = 'customers' AND row_key = $1 AND op = 'UPDATE'"
				 "   AND (old_row->>'version')::int = 1"
				 "   AND (new_row->>'version')::int = 2"
				 "   AND new_row->>'no_dm' = 'true' AND old_row ? 'updated_at'", 1, id), 1);
	PQfinish(c);
}
END_TEST

START_TEST(an_update_that_changes_nothing_writes_nothing)
{
	PGconn *c = dbt_admin();
	char id[24];

	dbt_itoa(dbt_customer_new(c), id);
	ck_assert_int_eq(history_count(c, "customers", id), 1);
	dbt_exec(c, "UPDATE rd.customers SET name = name, notes = notes WHERE id = $1", 1, id);
	dbt_exec(c, "UPDATE rd.customers SET version = version + 1 WHERE id = $1", 1, id);
	dbt_exec(c, "UPDATE rd.customers SET updated_at = now() WHERE id = $1", 1, id);
	ck_assert_int_eq(history_count(c, "customers", id), 1);
	/* the version moved all the same: a terminal holding it must re-read */
	ck_assert_int_eq(dbt_int(c, "SELECT version FROM rd.customers WHERE id = $1", 1, id), 4);
	PQfinish(c);
}
END_TEST

START_TEST(reason_and_request_id_come_from_set_local_and_do_not_leak)
{
	PGconn *c = dbt_admin();
	char id[24];
	PGresult *r;

	dbt_itoa(dbt_customer_new(c), id);

	dbt_exec(c, "BEGIN", 0);
	dbt_exec(c, "SET LOCAL repeatdesk.reason = 'お客様より電話: 転居'", 0);
	dbt_exec(c, "SET LOCAL repeatdesk.request_id = '0b6d8c1e-3f7a-4e2b-9c55-1a2b3c4d5e6f'", 0);
	dbt_exec(c, "UPDATE rd.customers SET address1 = '渋谷区神宮前1-2-3' WHERE id = $1", 1, id);
	dbt_exec(c, "COMMIT", 0);

	/* next transaction: nothing set */
	dbt_exec(c, "UPDATE rd.customers SET address2 = 'コーポ101' WHERE id = $1", 1, id);

	/* the way the application sets them: set_config(..., true) */
	dbt_exec(c, "BEGIN", 0);
	dbt_exec(c, "SELECT set_config('repeatdesk.reason', $1, true),"
		 " set_config('repeatdesk.request_id', '', true)", 1, "番地の訂正");
	dbt_exec(c, "UPDATE rd.customers SET address2 = 'コーポ102' WHERE id = $1", 1, id);
	dbt_exec(c, "COMMIT", 0);

	r = history_of(c, "customers", id);
	ck_assert_int_eq(PQntuples(r), 4);
	ck_assert_ptr_null(cell(r, 0, H_REASON));   /* the INSERT: never set */
	ck_assert_ptr_null(cell(r, 0, H_REQUEST));
	ck_assert_str_eq(cell(r, 1, H_REASON), "お客様より電話: 転居");
	ck_assert_str_eq(cell(r, 1, H_REQUEST), "0b6d8c1e-3f7a-4e2b-9c55-1a2b3c4d5e6f");
	ck_assert_ptr_null(cell(r, 2, H_REASON));   /* SET LOCAL did not leak */
	ck_assert_ptr_null(cell(r, 2, H_REQUEST));
	ck_assert_str_eq(cell(r, 3, H_REASON), "番地の訂正");
	ck_assert_ptr_null(cell(r, 3, H_REQUEST));  /* empty is NULL */
	PQclear(r);
	PQfinish(c);
}
END_TEST

START_TEST(a_rolled_back_change_leaves_no_history)
{
	PGconn *c = dbt_admin();
	long long before = dbt_int(c, "SELECT count(*) FROM rd.history", 0);
	char id[24];

	dbt_exec(c, "BEGIN", 0);
	dbt_itoa(dbt_customer_new(c), id);
	dbt_exec(c, "UPDATE rd.customers SET name = '取消 太郎' WHERE id = $1", 1, id);
	ck_assert_int_eq(history_count(c, "customers", id), 2);
	dbt_exec(c, "ROLLBACK", 0);
	ck_assert_int_eq(history_count(c, "customers", id), 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history", 0), before);
	PQfinish(c);
}
END_TEST

START_TEST(one_transaction_shares_one_txid)
{
	PGconn *c = dbt_admin();
	char a[24], b[24], tx[24];

	dbt_exec(c, "BEGIN", 0);
	dbt_itoa(dbt_customer_new(c), a);
	dbt_itoa(dbt_customer_new(c), b);
	dbt_itoa(dbt_int(c, "SELECT txid_current()", 0), tx);
	dbt_exec(c, "COMMIT", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history WHERE txid = $1::bigint"
				 " AND table_name = 'customers' AND row_key IN ($2, $3)",
				 3, tx, a, b), 2);
	PQfinish(c);
}
END_TEST

START_TEST(an_agent_changing_data_with_plain_sql_is_named)
{
	char login[DBT_LOGIN_MAX];
	PGconn *agent = dbt_agent_connect("operator", login);
	PGconn *admin = dbt_admin();
	char id[24];
	PGresult *r;

	dbt_itoa(dbt_customer_new(admin), id);
	/* what someone might type in psql, logged in as themselves */
	dbt_exec(agent, "UPDATE rd.customers SET phone2 = '09087654321' WHERE id = $1", 1, id);
	/* switching to the group role does not hide who they are */
	dbt_exec(agent, "SET ROLE rd_operator", 0);
	dbt_exec(agent, "UPDATE rd.customers SET no_call = true WHERE id = $1", 1, id);
	dbt_exec(agent, "RESET ROLE", 0);

	r = history_of(admin, "customers", id);
	ck_assert_int_eq(PQntuples(r), 3);
	ck_assert_str_eq(cell(r, 0, H_ACTOR), getenv("RD_TEST_ADMIN"));
	ck_assert_str_eq(cell(r, 1, H_ACTOR), login);
	ck_assert_str_eq(cell(r, 1, H_CHANGED), "phone2");
	ck_assert_str_eq(cell(r, 2, H_ACTOR), login);
	ck_assert_str_eq(cell(r, 2, H_CHANGED), "no_call");
	PQclear(r);
	/* and the agent can read it back (supervisor views, "what changed") */
	ck_assert_int_eq(dbt_int(agent, "SELECT count(*) FROM rd.history"
				 " WHERE actor = $1 AND customer_id = $2::bigint", 2, login, id), 2);
	PQfinish(agent);
	PQfinish(admin);
}
END_TEST

START_TEST(child_rows_are_filed_under_their_customer)
{
	PGconn *c = dbt_admin();
	char cid[24], oid[24], sid[24], iid[24], sku[32];

	dbt_product_new(c, sku);
	dbt_itoa(dbt_customer_new(c), cid);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.orders (customer_id, payment) VALUES ($1, 'cod')"
			 " RETURNING id", 1, cid), oid);
	dbt_exec(c, "INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		 " VALUES ($1, $2, '青汁', 2, 3980, 8)", 2, oid, sku);
	dbt_itoa(dbt_subscription_new(c, atoll(cid)), sid);
	dbt_exec(c, "INSERT INTO rd.subscription_skips (subscription_id, delivery_no, date)"
		 " VALUES ($1, 2, DATE '2027-01-15')", 1, sid);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.inquiries (customer_id, channel, category, subject)"
			 " VALUES ($1, 'inbound_call', 'skip', 'スキップ') RETURNING id", 1, cid), iid);
	dbt_exec(c, "INSERT INTO rd.inquiry_entries (inquiry_id, kind, body)"
		 " VALUES ($1, 'call', '2回目をスキップ')", 1, iid);
	dbt_exec(c, "INSERT INTO rd.customer_addresses (customer_id, name, postal_code,"
		 " prefecture, address1) VALUES ($1, '山田 次郎', '5300001', '大阪府', '大阪市北区梅田1-1')",
		 1, cid);

	static const char *const tables[] = {
		"customers", "orders", "order_lines", "subscriptions",
		"subscription_lines", "subscription_skips", "inquiries",
		"inquiry_entries", "customer_addresses",
	};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		ck_assert_msg(dbt_int(c, "SELECT count(*) FROM rd.history"
				      " WHERE customer_id = $1::bigint AND table_name = $2"
				      "   AND op = 'INSERT'",
				      2, cid, tables[i]) == 1,
			      "%s not filed under the customer", tables[i]);
	PQfinish(c);
}
END_TEST

START_TEST(a_row_is_named_by_its_primary_key)
{
	PGconn *c = dbt_admin();

	dbt_exec(c, "UPDATE rd.settings SET value = '6' WHERE key = 'cutoff_days'", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history WHERE table_name = 'settings'"
				 " AND row_key = 'cutoff_days' AND op = 'UPDATE'"
				 " AND old_row->>'value' = '5' AND new_row->>'value' = '6'"
				 " AND changed = '{value}' AND customer_id IS NULL", 0), 1);
	dbt_exec(c, "UPDATE rd.settings SET value = '5' WHERE key = 'cutoff_days'", 0);
	PQfinish(c);
}
END_TEST

START_TEST(a_revert_names_the_change_it_reverts)
{
	PGconn *c = dbt_admin();
	char id[24], hid[24];

	dbt_itoa(dbt_customer_new(c), id);
	dbt_exec(c, "UPDATE rd.customers SET name = '誤入力' WHERE id = $1", 1, id);
	dbt_itoa(dbt_int(c, "SELECT max(id) FROM rd.history WHERE table_name = 'customers'"
			 " AND row_key = $1", 1, id), hid);
	/* a session setting links nothing (0081)... */
	dbt_exec(c, "BEGIN", 0);
	dbt_exec(c, "SELECT set_config('repeatdesk.reverts', $1, true)", 1, hid);
	dbt_exec(c, "UPDATE rd.customers SET address2 = '101' WHERE id = $1", 1, id);
	dbt_exec(c, "COMMIT", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(reverts) FROM rd.history WHERE table_name = 'customers'"
				 " AND row_key = $1", 1, id), 0);
	/* ...the revert itself does */
	dbt_exec(c, "SELECT * FROM rd.history_revert($1, '入力ミス')", 1, hid);
	ck_assert_int_eq(dbt_int(c, "SELECT reverts FROM rd.history WHERE table_name = 'customers'"
				 " AND row_key = $1 ORDER BY id DESC LIMIT 1", 1, id), atoll(hid));
	PQfinish(c);
}
END_TEST

/* UPDATE, DELETE and TRUNCATE of the history must each fail with the
 * database's own insufficient_privilege, and leave it as it was. */
static void assert_cannot_rewrite(PGconn *c, const char *who, bool is_owner)
{
	static const char *const stmts[] = {
		"UPDATE rd.history SET actor = 'someone_else'",
		"UPDATE rd.history SET reason = 'tidy' WHERE id = -1",
		"DELETE FROM rd.history",
		"DELETE FROM rd.history WHERE id = -1",
		"TRUNCATE rd.history CASCADE",
	};
	PGconn *admin = dbt_admin();
	long long before = dbt_int(admin, "SELECT count(*) FROM rd.history", 0);
	char *max_before = dbt_value(admin, "SELECT max(id)::text || md5(string_agg(actor, ','"
				     " ORDER BY id)) FROM rd.history", 0);
	char *max_after;

	for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
		const char *st = dbt_state(c, stmts[i], 0);

		ck_assert_msg(strcmp(st, "42501") == 0, "%s: %s -> %s %s", who, stmts[i],
			      st, dbt_last_error());
		if (is_owner)
			ck_assert_msg(strstr(dbt_last_error(), "append-only"),
				      "%s: %s", stmts[i], dbt_last_error());
		else
			ck_assert_msg(strstr(dbt_last_error(), "permission denied"),
				      "%s: %s", stmts[i], dbt_last_error());
	}
	if (is_owner) {
		/* a plain TRUNCATE is refused too (a foreign key points here) */
		ck_assert_str_ne(dbt_state(c, "TRUNCATE rd.history", 0), "00000");
	}
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history", 0), before);
	max_after = dbt_value(admin, "SELECT max(id)::text || md5(string_agg(actor, ','"
			      " ORDER BY id)) FROM rd.history", 0);
	ck_assert_str_eq(max_after, max_before);
	free(max_before);
	free(max_after);
	PQfinish(admin);
}

START_TEST(no_desk_role_can_rewrite_history)
{
	static const char *const roles[] = { "operator", "agent", "supervisor" };

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		char login[DBT_LOGIN_MAX];
		PGconn *c = dbt_agent_connect(roles[i], login);

		assert_cannot_rewrite(c, roles[i], false);
		PQfinish(c);
	}
}
END_TEST

START_TEST(not_even_the_owner_can_rewrite_history)
{
	PGconn *c = dbt_admin();

	ck_assert_int_eq(dbt_int(c, "SELECT (relowner = (SELECT oid FROM pg_roles"
				 " WHERE rolname = session_user))::int FROM pg_class"
				 " WHERE oid = 'rd.history'::regclass", 0), 1);
	assert_cannot_rewrite(c, "owner", true);
	PQfinish(c);
}
END_TEST

START_TEST(no_desk_role_can_write_history_directly)
{
	static const char *const roles[] = { "operator", "agent", "supervisor" };

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		char login[DBT_LOGIN_MAX];
		PGconn *c = dbt_agent_connect(roles[i], login);
		const char *st = dbt_state(c,
			"INSERT INTO rd.history (actor, table_name, row_key, op, new_row)"
			" VALUES ('someone_else', 'customers', '1', 'INSERT', '{}')", 0);

		ck_assert_msg(strcmp(st, "42501") == 0, "%s: %s %s", roles[i], st,
			      dbt_last_error());
		/* nor call the trigger function or re-attach triggers */
		st = dbt_state(c, "SELECT rd.attach_history('rd.customers')", 0);
		ck_assert_msg(strcmp(st, "42501") == 0, "%s attach_history: %s %s",
			      roles[i], st, dbt_last_error());
		st = dbt_state(c, "ALTER TABLE rd.customers DISABLE TRIGGER rd_history", 0);
		ck_assert_msg(strcmp(st, "42501") == 0, "%s disable trigger: %s %s",
			      roles[i], st, dbt_last_error());
		PQfinish(c);
	}
}
END_TEST

START_TEST(managing_agents_is_recorded_under_the_supervisor)
{
	char sup[DBT_LOGIN_MAX], op[DBT_LOGIN_MAX];
	PGconn *s = dbt_agent_connect("supervisor", sup);
	PGconn *admin = dbt_admin();

	dbt_agent_new(s, "operator", "hire", op);
	dbt_exec(s, "SELECT rd.agent_set_active($1, false)", 1, op);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history h"
				 " JOIN rd.agents a ON h.row_key = a.id::text"
				 " WHERE h.table_name = 'agents' AND a.login = $1"
				 "   AND h.actor = $2", 2, op, sup), 2);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history h"
				 " JOIN rd.agents a ON h.row_key = a.id::text"
				 " WHERE h.table_name = 'agents' AND a.login = $1"
				 "   AND h.op = 'UPDATE' AND h.changed = '{active}'", 1, op), 1);
	PQfinish(s);
	PQfinish(admin);
}
END_TEST

Suite *history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("recording");

	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, every_business_table_has_the_history_trigger);
	tcase_add_test(tc, insert_update_delete_each_write_one_row);
	tcase_add_test(tc, an_update_that_changes_nothing_writes_nothing);
	tcase_add_test(tc, reason_and_request_id_come_from_set_local_and_do_not_leak);
	tcase_add_test(tc, a_rolled_back_change_leaves_no_history);
	tcase_add_test(tc, one_transaction_shares_one_txid);
	tcase_add_test(tc, an_agent_changing_data_with_plain_sql_is_named);
	tcase_add_test(tc, child_rows_are_filed_under_their_customer);
	tcase_add_test(tc, a_row_is_named_by_its_primary_key);
	tcase_add_test(tc, a_revert_names_the_change_it_reverts);
	tcase_add_test(tc, managing_agents_is_recorded_under_the_supervisor);
	suite_add_tcase(s, tc);

	tc = tcase_create("append-only");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, no_desk_role_can_rewrite_history);
	tcase_add_test(tc, not_even_the_owner_can_rewrite_history);
	tcase_add_test(tc, no_desk_role_can_write_history_directly);
	suite_add_tcase(s, tc);
	return s;
}
