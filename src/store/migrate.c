/* migrate.c: the migration runner. Each migration runs in one transaction
 * together with the row that records it, so a migration is either applied
 * and recorded or neither. An advisory lock keeps two terminals running
 * `db migrate` at once from racing. */
#include "repeatdesk/migrate.h"
#include "repeatdesk/embedded.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"
#include "repeatdesk/timeouts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIGRATE_LOCK "7212202601"

static const char bootstrap_sql[] =
	"CREATE SCHEMA IF NOT EXISTS rd;"
	"CREATE TABLE IF NOT EXISTS rd.schema_migrations ("
	"  version text PRIMARY KEY,"
	"  applied_at timestamptz NOT NULL DEFAULT now())";

static enum rd_status read_applied(struct rd_db *db, struct db_rows *rows,
				   struct rd_error *err)
{
	char exists[8];
	enum rd_status st;

	st = db_query_value(db, "SELECT to_regclass('rd.schema_migrations') IS NOT NULL",
			    0, NULL, exists, sizeof(exists), NULL, err);
	if (st != RD_OK)
		return st;
	if (strcmp(exists, "t") != 0) {
		memset(rows, 0, sizeof(*rows));
		return RD_OK;
	}
	return db_query(db,
		"SELECT version, to_char(applied_at, 'YYYY-MM-DD HH24:MI:SS')"
		"  FROM rd.schema_migrations ORDER BY version", 0, NULL, rows, err);
}

enum rd_status migrate_status(struct rd_db *db, struct migrate_list *out,
			      struct rd_error *err)
{
	struct db_rows rows;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	st = read_applied(db, &rows, err);
	if (st != RD_OK)
		return st;
	out->items = xcalloc(migrations_builtin_count + (size_t)rows.nrows + 1,
			     sizeof(*out->items));
	for (size_t i = 0; i < migrations_builtin_count; i++) {
		struct migrate_entry *e = &out->items[out->count++];

		snprintf(e->version, sizeof(e->version), "%s", migrations_builtin[i].name);
		for (int r = 0; r < rows.nrows; r++)
			if (strcmp(db_rows_get(&rows, r, 0), e->version) == 0) {
				e->applied = true;
				snprintf(e->applied_at, sizeof(e->applied_at), "%s",
					 db_rows_get(&rows, r, 1));
			}
		if (!e->applied)
			out->pending++;
	}
	db_rows_free(&rows);
	return RD_OK;
}

void migrate_list_free(struct migrate_list *l)
{
	XFREE(l->items);
	l->count = l->pending = 0;
}

static bool is_applied(const struct db_rows *rows, const char *version)
{
	for (int r = 0; r < rows->nrows; r++)
		if (strcmp(db_rows_get(rows, r, 0), version) == 0)
			return true;
	return false;
}

enum rd_status migrate_apply(struct rd_db *db, int *applied,
			     void (*progress)(const char *version, void *arg),
			     void *arg, struct rd_error *err)
{
	struct db_rows rows = { 0 };
	enum rd_status st;

	*applied = 0;
	st = db_exec(db, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", 0, NULL, NULL, err);
	if (st != RD_OK)
		return st;
	st = db_begin(db, "schema migration", NULL, err);
	if (st == RD_OK)
		st = timeouts_long_job(db, TIMEOUTS_LOCKS_DESK, err);
	if (st == RD_OK)
		st = db_exec_script(db, bootstrap_sql, err);
	if (st == RD_OK)
		st = db_commit(db, err);
	else
		db_rollback(db);
	if (st == RD_OK)
		st = read_applied(db, &rows, err);
	for (size_t i = 0; st == RD_OK && i < migrations_builtin_count; i++) {
		const struct embedded_file *m = &migrations_builtin[i];
		const char *params[1] = { m->name };
		struct rd_error merr;

		if (is_applied(&rows, m->name))
			continue;
		if (progress)
			progress(m->name, arg);
		st = db_begin(db, "schema migration", NULL, &merr);
		/* a migration may rewrite a big table: no statement limit,
		 * but the desk's lock wait (it fails rather than queue every
		 * terminal behind its lock; run it again) */
		if (st == RD_OK)
			st = timeouts_long_job(db, TIMEOUTS_LOCKS_DESK, &merr);
		if (st == RD_OK)
			st = db_exec_script(db, m->contents, &merr);
		if (st == RD_OK)
			st = db_exec(db, "INSERT INTO rd.schema_migrations(version) VALUES ($1)",
				     1, params, NULL, &merr);
		if (st == RD_OK)
			st = db_commit(db, &merr);
		if (st != RD_OK) {
			db_rollback(db);
			rd_error_set(err, st, _("migration %s failed: %s"), m->name, merr.msg);
			break;
		}
		(*applied)++;
	}
	db_rows_free(&rows);
	db_exec(db, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", 0, NULL, NULL, NULL);
	return st;
}
