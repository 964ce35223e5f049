/* report.c: what every report shares (report.h): the kinds, the
 * parameters, and the READ ONLY transaction a report runs in.
 *
 * The views themselves live in store/report_<kind>.c, each a call of one
 * SQL function rd.report_*() that only supervisors may EXECUTE. */
#include "repeatdesk/report.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct report_info *const kinds[REPORT_KIND_COUNT] = {
	[REPORT_CONTINUATION] = &report_info_continuation,
	[REPORT_MEDIA] = &report_info_media,
	[REPORT_RETENTION] = &report_info_retention,
	[REPORT_WORKLOAD] = &report_info_workload,
	[REPORT_SEGMENTS] = &report_info_segments,
};

typedef enum rd_status (*report_fn)(struct rd_db *, const struct report_params *,
				    const struct report_watch *,
				    struct report_result *, struct rd_error *);

static const report_fn runners[REPORT_KIND_COUNT] = {
	[REPORT_CONTINUATION] = report_continuation,
	[REPORT_MEDIA] = report_media,
	[REPORT_RETENTION] = report_retention,
	[REPORT_WORKLOAD] = report_workload,
	[REPORT_SEGMENTS] = report_segments,
};

const struct report_info *report_info(enum report_kind kind)
{
	return (unsigned)kind < REPORT_KIND_COUNT ? kinds[kind] : NULL;
}

int report_kind_parse(const char *name)
{
	for (int k = 0; name && k < REPORT_KIND_COUNT; k++)
		if (strcmp(kinds[k]->name, name) == 0)
			return k;
	return -1;
}

const struct report_view *report_view_find(const struct report_info *info,
					   const char *name)
{
	if (!name || !*name)
		return info->views[0].name ? &info->views[0] : NULL;
	for (int v = 0; v < REPORT_VIEWS_MAX && info->views[v].name; v++)
		if (strcmp(info->views[v].name, name) == 0)
			return &info->views[v];
	return NULL;
}

void report_params_init(struct report_params *p, enum report_kind kind,
			int32_t today)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->to = today;
	p->from = date_add_months(today, -12) + 1;
}

void report_result_free(struct report_result *r)
{
	table_free(&r->table);
	table_free(&r->chart);
	memset(r, 0, sizeof(*r));
}

enum rd_status report_business_today(struct rd_db *db, int32_t *today, char *now,
				     struct rd_error *err)
{
	struct db_rows rows;
	enum rd_status st;
	char buf[DATE_RFC3339_SIZE];
	const char *t, *n;

	st = db_query(db, "SELECT rd.customer_today()::text, now()::text", 0,
		      NULL, &rows, err);
	if (st != RD_OK)
		return st;
	t = rows.nrows == 1 ? db_rows_get(&rows, 0, 0) : NULL;
	n = rows.nrows == 1 ? db_rows_get(&rows, 0, 1) : NULL;
	if (!t || !n || date_parse_iso(t, today, NULL) != RD_OK) {
		db_rows_free(&rows);
		return rd_error_set(err, RD_INTERNAL, _("the database gave no business date"));
	}
	if (now)
		snprintf(now, DATE_RFC3339_SIZE, "%s", date_rfc3339_from_pg(n, buf));
	db_rows_free(&rows);
	return RD_OK;
}

enum rd_status report_query(struct rd_db *db, const struct report_watch *w,
			    const char *sql, int nparams,
			    const char *const *params, struct db_rows *out,
			    struct rd_error *err)
{
	return db_query_wait(db, sql, nparams, params, out, w ? w->wait : NULL,
			     w ? w->ctx : NULL, err);
}

/* A filter given that the view does not take. */
static enum rd_status check_filters(const struct report_info *info,
				    const struct report_view *v,
				    const struct report_params *p,
				    struct rd_error *err)
{
	static const struct {
		char letter;
		size_t offset;
		const char *option;
	} filters[] = {
		{ 'b', offsetof(struct report_params, by), "--by" },
		{ 'p', offsetof(struct report_params, product), "--product" },
		{ 'm', offsetof(struct report_params, media), "--media" },
		{ 'y', offsetof(struct report_params, payment), "--payment" },
		{ 'a', offsetof(struct report_params, agent), "--agent" },
	};

	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		const char *value = (const char *)p + filters[i].offset;

		if (value[0] && !strchr(v->filters ? v->filters : "", filters[i].letter))
			return rd_error_set(err, RD_USAGE,
				_("the %s report's view '%s' does not take %s"),
				_(info->title), v->name, filters[i].option);
	}
	return RD_OK;
}

enum rd_status report_run(struct rd_db *db, const struct report_params *p,
			  const struct report_watch *w,
			  struct report_result *out, struct rd_error *err)
{
	const struct report_info *info = report_info(p->kind);
	const struct report_view *v;
	char timeout[32];
	const char *params[1];
	struct db_rows rows;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (!info)
		return rd_error_set(err, RD_USAGE, _("there is no such report"));
	if (!(v = report_view_find(info, p->view)))
		return rd_error_set(err, RD_USAGE,
			_("the %s report has no view '%s'"), _(info->title), p->view);
	if (p->from > p->to)
		return rd_error_set(err, RD_USAGE,
			_("the period starts after it ends: give --from before --to"));
	if ((st = check_filters(info, v, p, err)) != RD_OK)
		return st;
	if ((st = db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
			  0, NULL, NULL, err)) != RD_OK)
		return st;
	snprintf(timeout, sizeof(timeout), "%d",
		 p->timeout_ms > 0 ? p->timeout_ms : REPORT_TIMEOUT_MS);
	params[0] = timeout;
	/* JIT compiling a report's aggregate costs seconds and saves
	 * nothing at this size (measured: 5 s of an 8.9 s continuation).
	 * A report that waits for a lock (a migration's) waits within its
	 * own time limit, not the desk's 5 s lock limit (0135): Esc and
	 * Ctrl-C stop it, and a read never blocks a desk write. */
	st = db_query(db, "SELECT set_config('statement_timeout', $1, true),"
		      " set_config('lock_timeout', '0', true),"
		      " set_config('jit', 'off', true)", 1, params, &rows, err);
	if (st == RD_OK) {
		db_rows_free(&rows);
		st = runners[p->kind](db, p, w, out, err);
	}
	/* nothing was written: ending the transaction either way is the
	 * same, and rollback also ends an aborted one */
	db_rollback(db);
	if (st != RD_OK)
		report_result_free(out);
	else if (!out->table)
		st = rd_error_set(err, RD_INTERNAL, _("the report gave no table"));
	return st;
}
