/* iso_stmts.c: prints, as SQL for psql, the statements the store writes
 * with (the src/store *_sql.h headers) into the table iso.statements of the isolation
 * specs' database; each spec session PREPAREs them all (iso.prepare()) and
 * EXECUTEs them. The specs thus run the very text the application sends:
 * a change to a statement changes what the specs run, at the next build. */
#include "order_sql.h"
#include "shipment_sql.h"
#include "subscription_sql.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	const char *sql;
} stmts[] = {
	{ "sub_state", "SELECT " STATE_COLUMNS " FROM rd.subscriptions s WHERE s.id = $1" },
	{ "sub_update", SUB_UPDATE " RETURNING version" },
	{ "sub_write_one", SUB_WRITE_ONE },
	{ "sub_request_insert", SUB_REQUEST_INSERT },
	{ "sub_reservations_cancel", SUB_RESERVATIONS_CANCEL },
	{ "order_by_request", ORDER_BY_REQUEST },
	{ "order_insert", ORDER_INSERT },
	{ "order_lines_insert", ORDER_LINES_INSERT },
	{ "order_subscription_insert", ORDER_SUBSCRIPTION_INSERT },
	{ "order_subscription_lines_insert", ORDER_SUBSCRIPTION_LINES_INSERT },
	{ "ship_read_states", SHIP_READ_STATES },
	{ "ship_insert", SHIP_INSERT },
	{ "ship_advance", SHIP_ADVANCE },
};

int main(void)
{
	static const char tag[] = "$rd_iso_sql$";

	puts("CREATE SCHEMA IF NOT EXISTS iso;");
	puts("CREATE TABLE IF NOT EXISTS iso.statements (name text PRIMARY KEY, sql text NOT NULL);");
	puts("TRUNCATE iso.statements;");
	for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
		if (strstr(stmts[i].sql, tag)) {
			fprintf(stderr, "iso_stmts: %s contains %s\n", stmts[i].name, tag);
			return 1;
		}
		printf("INSERT INTO iso.statements VALUES ('%s', %s%s%s);\n",
		       stmts[i].name, tag, stmts[i].sql, tag);
	}
	return ferror(stdout) ? 1 : 0;
}
