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

/* The business tables: every table in rd but the history, the migrations
 * and the tables that hold only figures the database derives. */
#define RECORDED_TABLES \
	"SELECT c.oid, c.relname FROM pg_class c" \
	" WHERE c.relnamespace = 'rd'::regnamespace AND c.relkind IN ('r', 'p')" \
	"   AND NOT c.relispartition" \
	"   AND c.relname NOT IN ('history', 'schema_migrations')" \
	"   AND NOT EXISTS (SELECT 1 FROM rd_sec.history_tables h" \
	"                    WHERE h.table_name = c.relname AND NOT h.recorded)"

START_TEST(every_business_table_has_the_history_trigger)
{
	PGconn *c = dbt_admin();
	/* one AFTER ... FOR EACH STATEMENT trigger per event, each with its
	 * transition tables, all calling the table's own SECURITY DEFINER
	 * function (0155) */
	PGresult *r = dbt_query(c,
		"SELECT b.oid::regclass::text FROM (" RECORDED_TABLES ") b"
		" WHERE (SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
		"         WHERE t.tgrelid = b.oid AND t.tgenabled = 'O'"
		"           AND p.oid = to_regprocedure(format('rd_sec.%I()', 'history_of_' || b.relname))"
		"           AND p.prosecdef"
		"           AND t.tgtype & (1 | 2) = 0"  /* FOR EACH STATEMENT, AFTER */
		"           AND ((t.tgname = 'rd_changes_insert' AND t.tgtype & (4 | 8 | 16) = 4"
		"                 AND t.tgnewtable IS NOT NULL)"
		"             OR (t.tgname = 'rd_changes_update' AND t.tgtype & (4 | 8 | 16) = 16"
		"                 AND t.tgoldtable IS NOT NULL AND t.tgnewtable IS NOT NULL)"
		"             OR (t.tgname = 'rd_changes_delete' AND t.tgtype & (4 | 8 | 16) = 8"
		"                 AND t.tgoldtable IS NOT NULL))) <> 3"
		" ORDER BY 1", 0);

	ck_assert_msg(PQntuples(r) == 0, "without history: %s%s",
		      PQntuples(r) ? PQgetvalue(r, 0, 0) : "",
		      PQntuples(r) > 1 ? " and more" : "");
	PQclear(r);
	ck_assert_int_ge(dbt_int(c, "SELECT count(*) FROM (" RECORDED_TABLES ") b", 0), 14);
	/* every function made for the table as it is now */
	r = dbt_query(c, "SELECT * FROM rd.history_stale()", 0);
	ck_assert_msg(PQntuples(r) == 0, "history made for another shape of %s",
		      PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	/* no row trigger left, and never on the history itself, nor on
	 * figures the database derives */
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_trigger"
				 " WHERE tgname = 'rd_history'", 0), 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM pg_trigger"
				 " WHERE tgname LIKE 'rd\\_changes\\_%'"
				 "   AND (tgrelid IN ('rd.history'::regclass,"
				 "                    'rd.schema_migrations'::regclass)"
				 "     OR tgrelid = to_regclass('rd.customer_figures'))", 0), 0);
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
		st = dbt_state(c, "ALTER TABLE rd.customers DISABLE TRIGGER rd_changes_update", 0);
		ck_assert_msg(strcmp(st, "42501") == 0, "%s disable trigger: %s %s",
			      roles[i], st, dbt_last_error());
		st = dbt_state(c, "SELECT rd.history_generate('rd.customers')", 0);
		ck_assert_msg(strcmp(st, "42501") == 0, "%s history_generate: %s %s",
			      roles[i], st, dbt_last_error());
		st = dbt_state(c, "SELECT rd.attach_all()", 0);
		ck_assert_msg(strcmp(st, "42501") == 0, "%s attach_all: %s %s",
			      roles[i], st, dbt_last_error());
		st = dbt_state(c, "UPDATE rd_sec.history_tables SET recorded = false", 0);
		ck_assert_msg(strcmp(st, "42501") == 0, "%s history_tables: %s %s",
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

/* History ids of one transaction's rows of a table that come after a row
 * with a greater key (0: they follow the key). */
static long long out_of_key_order(PGconn *c, const char *tx, const char *table)
{
	return dbt_int(c, "SELECT count(*) FROM (SELECT row_key::bigint AS k,"
		       "  lag(row_key::bigint) OVER (ORDER BY id) AS prev"
		       "  FROM rd.history WHERE txid = $1::bigint AND table_name = $2) s"
		       " WHERE s.prev > s.k", 2, tx, table);
}

START_TEST(a_statement_of_many_rows_records_each_row_in_key_order)
{
	PGconn *c = dbt_admin();
	char a[24], b[24], d[24], tx[24], oid[24], sid[24], sku[32];
	long long first;

	dbt_itoa(dbt_customer_new(c), a);
	dbt_itoa(dbt_customer_new(c), b);
	dbt_itoa(dbt_customer_new(c), d);

	/* one UPDATE meeting the rows in reverse key order */
	dbt_exec(c, "BEGIN", 0);
	dbt_itoa(dbt_int(c, "SELECT txid_current()", 0), tx);
	ck_assert_int_eq(dbt_int(c, "WITH u AS (UPDATE rd.customers c SET notes = 'まとめて ' || v.n"
				 "  FROM (VALUES ($3::bigint, 3), ($2::bigint, 2), ($1::bigint, 1)) v(id, n)"
				 "  WHERE c.id = v.id RETURNING 1) SELECT count(*) FROM u",
				 3, a, b, d), 3);
	dbt_exec(c, "COMMIT", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history WHERE txid = $1::bigint"
				 " AND table_name = 'customers' AND op = 'UPDATE' AND changed = '{notes}'"
				 " AND customer_id = row_key::bigint"
				 " AND row_key IN ($2, $3, $4) AND new_row->>'notes' LIKE 'まとめて %'"
				 " AND old_row->>'notes' = '' AND new_row->>'id' = row_key",
				 4, tx, a, b, d), 3);
	ck_assert_int_eq(out_of_key_order(c, tx, "customers"), 0);
	/* each row once, all in the statement's txid */
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history WHERE txid = $1::bigint", 1, tx), 3);

	/* child rows: one INSERT of several lines, filed under the order's
	 * customer, then one DELETE of several skips */
	dbt_product_new(c, sku);
	dbt_itoa(dbt_int(c, "INSERT INTO rd.orders (customer_id, payment) VALUES ($1, 'cod')"
			 " RETURNING id", 1, b), oid);
	dbt_itoa(dbt_subscription_new(c, atoll(d)), sid);
	dbt_exec(c, "BEGIN", 0);
	dbt_itoa(dbt_int(c, "SELECT txid_current()", 0), tx);
	first = dbt_int(c, "SELECT coalesce(max(id), 0) FROM rd.history", 0);
	dbt_exec(c, "INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
		 " SELECT $1, $2, '青汁', q, 3980, 8 FROM generate_series(1, 4) q", 2, oid, sku);
	dbt_exec(c, "INSERT INTO rd.subscription_skips (subscription_id, delivery_no, date)"
		 " SELECT $1, n, DATE '2027-01-15' + 30 * n FROM generate_series(2, 4) n", 1, sid);
	dbt_exec(c, "DELETE FROM rd.subscription_skips WHERE subscription_id = $1", 1, sid);
	dbt_exec(c, "COMMIT", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history WHERE txid = $1::bigint"
				 " AND table_name = 'order_lines' AND op = 'INSERT'"
				 " AND customer_id = $2::bigint AND (new_row->>'order_id') = $3"
				 " AND row_key = new_row->>'id'"
				 " AND changed = '{id,order_id,sku,name,quantity,unit_price,tax_rate}'",
				 3, tx, b, oid), 4);
	ck_assert_int_eq(dbt_int(c, "SELECT count(DISTINCT new_row->>'quantity') FROM rd.history"
				 " WHERE txid = $1::bigint AND table_name = 'order_lines'", 1, tx), 4);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history WHERE txid = $1::bigint"
				 " AND table_name = 'subscription_skips' AND customer_id = $2::bigint"
				 " AND ((op = 'INSERT' AND old_row IS NULL AND new_row IS NOT NULL)"
				 "   OR (op = 'DELETE' AND new_row IS NULL AND old_row->>'subscription_id' = $3))",
				 3, tx, d, sid), 6);
	ck_assert_int_eq(out_of_key_order(c, tx, "order_lines"), 0);
	/* statement by statement: the lines, then the skips added, then removed */
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM (SELECT table_name, op,"
				 "  lag(table_name || op) OVER (ORDER BY id) AS prev FROM rd.history"
				 "  WHERE txid = $1::bigint AND id > $2::bigint) s"
				 " WHERE s.prev IS DISTINCT FROM s.table_name || s.op", 2, tx,
				 dbt_itoa(first, a)), 3);
	PQfinish(c);
}
END_TEST

/* A table made for the test (rolled back): a derived figure, a generated
 * column, a key; what 0155 decides per table when it attaches. */
START_TEST(derived_and_generated_columns_stay_out_and_keys_stay_put)
{
	PGconn *c = dbt_admin();
	char *tx, *stale;

	dbt_exec(c, "BEGIN", 0);
	dbt_exec_script(c,
		"CREATE TABLE rd.hist_probe (id bigint PRIMARY KEY, customer_id bigint,"
		"  a text, fig int NOT NULL DEFAULT 0,"
		"  g text GENERATED ALWAYS AS (upper(a)) STORED,"
		"  version int NOT NULL DEFAULT 1,"
		"  created_at timestamptz NOT NULL DEFAULT now(),"
		"  updated_at timestamptz NOT NULL DEFAULT now());"
		"INSERT INTO rd_sec.history_tables (table_name, derived) VALUES ('hist_probe', '{fig}');"
		"SELECT rd.attach_all();");
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history_stale()", 0), 0);
	dbt_exec(c, "INSERT INTO rd.hist_probe (id, customer_id, a)"
		 " VALUES (30, 7, 'c'), (10, 7, 'a'), (20, NULL, 'b')", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history WHERE table_name = 'hist_probe'"
				 " AND op = 'INSERT' AND changed = CASE row_key WHEN '20' THEN '{id,a}'"
				 "   ELSE '{id,customer_id,a}'::text[] END"
				 " AND NOT new_row ? 'g' AND new_row ? 'fig' AND new_row ? 'version'"
				 " AND customer_id IS NOT DISTINCT FROM (new_row->>'customer_id')::bigint", 0), 3);
	tx = dbt_value(c, "SELECT txid_current()::text", 0);
	ck_assert_int_eq(out_of_key_order(c, tx, "hist_probe"), 0);
	free(tx);
	/* a derived figure alone, or bookkeeping alone: no business change */
	dbt_exec(c, "UPDATE rd.hist_probe SET fig = fig + 5", 0);
	dbt_exec(c, "UPDATE rd.hist_probe SET version = 9, a = a", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history"
				 " WHERE table_name = 'hist_probe' AND op = 'UPDATE'", 0), 0);
	/* with a real change, only that is named (the generated g follows a) */
	dbt_exec(c, "UPDATE rd.hist_probe SET fig = fig + 1, a = a || 'x' WHERE id IN (10, 30)", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history WHERE table_name = 'hist_probe'"
				 " AND op = 'UPDATE' AND changed = '{a}' AND row_key IN ('10', '30')"
				 " AND (old_row->>'fig')::int = 5 AND (new_row->>'fig')::int = 6"
				 " AND customer_id = 7", 0), 2);
	/* a new column: the function is out of date until attach_all remakes it */
	dbt_exec(c, "ALTER TABLE rd.hist_probe ADD COLUMN b text", 0);
	stale = dbt_value(c, "SELECT string_agg(s, ',') FROM rd.history_stale() s", 0);
	ck_assert_str_eq(stale, "rd.hist_probe");
	free(stale);
	dbt_exec(c, "SELECT rd.attach_all()", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history_stale()", 0), 0);
	dbt_exec(c, "UPDATE rd.hist_probe SET b = 'new' WHERE id = 20", 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history WHERE table_name = 'hist_probe'"
				 " AND op = 'UPDATE' AND changed = '{b}' AND row_key = '20'", 0), 1);
	/* a key changed in place is refused, not recorded under another name */
	ck_assert_str_eq(dbt_state(c, "UPDATE rd.hist_probe SET id = id + 1 WHERE id = 20", 0), "0A000");
	dbt_exec(c, "ROLLBACK", 0);

	/* the customers' own figures, while they are columns of rd.customers */
	if (dbt_int(c, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'rd.customers'::regclass"
		    " AND attname = 'ltv' AND NOT attisdropped", 0) == 1) {
		char id[24];

		dbt_itoa(dbt_customer_new(c), id);
		dbt_exec(c, "UPDATE rd.customers SET ltv = ltv + 100, order_count = order_count + 1"
			 " WHERE id = $1", 1, id);
		ck_assert_int_eq(history_count(c, "customers", id), 1);
	}
	PQfinish(c);
}
END_TEST

/* 0175: a request id in uuid::text's form is no card number, and never
 * costs an rd.text_check (the quick test said "maybe" for nearly every
 * UUID); a card number spelled otherwise is still refused (the test
 * after this one). Counted with the transaction's own function
 * statistics. */
START_TEST(a_uuid_request_id_costs_no_text_check)
{
	PGconn *c = dbt_admin();
	char id[24];

	dbt_itoa(dbt_customer_new(c), id);
	dbt_exec(c, "SET track_functions = 'pl'", 0);
	dbt_exec(c, "BEGIN", 0);
	/* 13 decimal digits with at most 3 others between: the shape that
	 * went to rd.text_check before */
	dbt_exec(c, "SELECT set_config('repeatdesk.request_id', '41111111-1111-4111-8111-111111111111', true)", 0);
	dbt_exec(c, "UPDATE rd.customers SET no_dm = NOT no_dm WHERE id = $1", 1, id);
	ck_assert_int_eq(dbt_int(c, "SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions"
				 " WHERE schemaname = 'rd' AND funcname = 'text_check'", 0), 0);
	ck_assert_int_eq(dbt_int(c, "SELECT count(*) FROM rd.history WHERE table_name = 'customers'"
				 " AND row_key = $1 AND request_id = '41111111-1111-4111-8111-111111111111'",
				 1, id), 1);
	/* the same digits not in a UUID's form still go to the check */
	dbt_exec(c, "SELECT set_config('repeatdesk.request_id', '41111111-1111-4111-8111-1111', true)", 0);
	dbt_exec(c, "UPDATE rd.customers SET no_dm = NOT no_dm WHERE id = $1", 1, id);
	ck_assert_int_gt(dbt_int(c, "SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions"
				 " WHERE schemaname = 'rd' AND funcname = 'text_check'", 0), 0);
	dbt_exec(c, "ROLLBACK", 0);
	PQfinish(c);
}
END_TEST

START_TEST(an_agent_in_psql_changing_many_rows_is_recorded_row_by_row)
{
	char login[DBT_LOGIN_MAX], a[24], b[24];
	PGconn *agent = dbt_agent_connect("agent", login);
	PGconn *admin = dbt_admin();

	dbt_itoa(dbt_customer_new(admin), a);
	dbt_itoa(dbt_customer_new(admin), b);
	/* plain SQL, several rows at once, as the agent's own login */
	dbt_exec(agent, "UPDATE rd.customers SET no_dm = true WHERE id IN ($1, $2)", 2, a, b);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history WHERE table_name = 'customers'"
				 " AND row_key IN ($1, $2) AND op = 'UPDATE' AND actor = $3"
				 " AND changed = '{no_dm}' AND customer_id = row_key::bigint",
				 3, a, b, login), 2);
	/* nothing it may run turns the recording off */
	ck_assert_str_eq(dbt_state(agent, "ALTER TABLE rd.customers DISABLE TRIGGER ALL", 0), "42501");
	ck_assert_str_eq(dbt_state(agent, "DROP TRIGGER rd_changes_update ON rd.customers", 0), "42501");
	ck_assert_str_eq(dbt_state(agent, "SET session_replication_role = replica", 0), "42501");
	ck_assert_str_eq(dbt_state(agent, "SELECT rd_sec.history_of_customers()", 0), "42501");
	/* what the session says about its change is still guarded (0155's
	 * WHEN lets only values that can break a rule reach rd.text_check) */
	ck_assert_str_eq(dbt_state(agent, "WITH s AS (SELECT set_config('repeatdesk.request_id',"
				   " '4111-1111-1111-1111', false)) UPDATE rd.customers SET no_dm = NOT no_dm"
				   " WHERE id = $1 AND (SELECT true FROM s)", 1, a), "RD422");
	ck_assert_str_eq(dbt_state(agent, "WITH s AS (SELECT set_config('repeatdesk.reason',"
				   " E'\\u0007ring', false)) UPDATE rd.customers SET no_dm = NOT no_dm"
				   " WHERE id = $1 AND (SELECT true FROM s)", 1, a), "22023");
	dbt_exec(agent, "RESET repeatdesk.reason", 0);
	dbt_exec(agent, "RESET repeatdesk.request_id", 0);
	dbt_exec(agent, "UPDATE rd.customers SET no_dm = false WHERE id IN ($1, $2)", 2, a, b);
	ck_assert_int_eq(dbt_int(admin, "SELECT count(*) FROM rd.history WHERE table_name = 'customers'"
				 " AND row_key IN ($1, $2) AND actor = $3", 3, a, b, login), 4);
	PQfinish(agent);
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
	tcase_add_test(tc, a_uuid_request_id_costs_no_text_check);
	tcase_add_test(tc, a_rolled_back_change_leaves_no_history);
	tcase_add_test(tc, one_transaction_shares_one_txid);
	tcase_add_test(tc, an_agent_changing_data_with_plain_sql_is_named);
	tcase_add_test(tc, child_rows_are_filed_under_their_customer);
	tcase_add_test(tc, a_row_is_named_by_its_primary_key);
	tcase_add_test(tc, a_revert_names_the_change_it_reverts);
	tcase_add_test(tc, managing_agents_is_recorded_under_the_supervisor);
	tcase_add_test(tc, a_statement_of_many_rows_records_each_row_in_key_order);
	tcase_add_test(tc, derived_and_generated_columns_stay_out_and_keys_stay_put);
	tcase_add_test(tc, an_agent_in_psql_changing_many_rows_is_recorded_row_by_row);
	suite_add_tcase(s, tc);

	tc = tcase_create("append-only");
	tcase_set_timeout(tc, DBT_TIMEOUT);
	tcase_add_test(tc, no_desk_role_can_rewrite_history);
	tcase_add_test(tc, not_even_the_owner_can_rewrite_history);
	tcase_add_test(tc, no_desk_role_can_write_history_directly);
	suite_add_tcase(s, tc);
	return s;
}
