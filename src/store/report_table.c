/* report_table.c: a report view's rows into its table and chart
 * (report_table.h). */
#include "repeatdesk/report_table.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"

#include <stdio.h>
#include <string.h>

struct table *report_table_new(const struct report_col *cols, int ncols)
{
	struct table *t = table_new();

	for (int i = 0; i < ncols; i++)
		table_add_column(t, cols[i].name, _(cols[i].title), cols[i].type);
	return t;
}

enum rd_status report_table_query(struct rd_db *db, const struct report_watch *w,
				  const char *sql, int nparams,
				  const char *const *params,
				  const struct report_col *cols, int ncols,
				  struct db_rows *out, struct rd_error *err)
{
	enum rd_status st = report_query(db, w, sql, nparams, params, out, err);

	if (st != RD_OK)
		return st;
	for (int i = 0; i < ncols; i++)
		if (i >= out->ncols || strcmp(out->names[i], cols[i].name) != 0) {
			db_rows_free(out);
			return rd_error_set(err, RD_INTERNAL,
				_("the report's columns do not match the database (column %d is not '%s'): update the program or the database"),
				i + 1, cols[i].name);
		}
	return RD_OK;
}

void report_table_add(struct table *t, const struct report_col *cols, int ncols,
		      const struct db_rows *r, int row)
{
	char buf[REPORT_WORDS_SIZE];

	table_add_row(t);
	for (int i = 0; i < ncols; i++) {
		const char *v = db_rows_get(r, row, i);

		table_set(t, i, v);
		if (v && cols[i].words) {
			const char *words = cols[i].words(r, row, i, buf);

			if (words)
				table_set_words(t, i, words);
		}
	}
}

enum rd_status report_table_fill(struct rd_db *db, const struct report_watch *w,
				 const char *sql, int nparams,
				 const char *const *params,
				 const struct report_col *cols, int ncols,
				 struct report_result *out, struct rd_error *err)
{
	struct db_rows r;
	enum rd_status st = report_table_query(db, w, sql, nparams, params, cols, ncols,
					       &r, err);

	if (st != RD_OK)
		return st;
	out->table = report_table_new(cols, ncols);
	for (int i = 0; i < r.nrows; i++)
		report_table_add(out->table, cols, ncols, &r, i);
	db_rows_free(&r);
	return RD_OK;
}

void report_chart_bar(struct report_result *out, const char *label,
		      const char *value, const char *shown)
{
	if (!out->chart) {
		out->chart = table_new();
		table_add_column(out->chart, "label", NULL, TABLE_TEXT);
		table_add_column(out->chart, "value", NULL, TABLE_TEXT);
		table_add_column(out->chart, "shown", NULL, TABLE_TEXT);
	}
	table_add_row(out->chart);
	table_set(out->chart, 0, label);
	table_set(out->chart, 1, value ? value : "0");
	table_set(out->chart, 2, shown ? shown : value ? value : "0");
}

void report_period_params(const struct report_params *p, char *from, char *to)
{
	date_format_iso(p->from, from);
	date_format_iso(p->to, to);
}

/* One bar per row of out->table (report_sql_view). */
static void chart_rows(struct report_result *out, const struct report_sql_view *v)
{
	char lb[TABLE_SHOWN_SIZE], shown[TABLE_SHOWN_SIZE + 8];

	for (int i = 0; i < table_rows(out->table); i++) {
		const char *label = table_cell_shown(out->table, i, v->label_col, lb);
		const char *value = table_cell(out->table, i, v->value_col);

		if ((!label || !*label) && v->label_col > 0)
			label = table_cell(out->table, i, v->label_col - 1);
		if (value && v->percent)
			snprintf(shown, sizeof(shown), "%s%%", value);
		else
			snprintf(shown, sizeof(shown), "%s", value ? value : "-");
		report_chart_bar(out, label ? label : "", value, shown);
	}
	snprintf(out->chart_title, sizeof(out->chart_title), "%s", _(v->chart_title));
	out->chart_percent = v->percent;
}

enum rd_status report_sql_run(struct rd_db *db, const struct report_params *p,
			      const struct report_watch *w,
			      const struct report_info *info,
			      const struct report_sql_view *views, int nviews,
			      struct report_result *out, struct rd_error *err)
{
	const struct report_view *rv = report_view_find(info, p->view);
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	const char *params[8];
	enum rd_status st;

	for (int i = 0; rv && i < nviews; i++) {
		const struct report_sql_view *v = &views[i];
		int n = 2;

		if (strcmp(v->name, rv->name) != 0)
			continue;
		report_period_params(p, from, to);
		params[0] = from;
		params[1] = to;
		for (const char *a = v->args ? v->args : ""; *a && n < 8; a++)
			params[n++] = report_param(*a == 'a' ? p->agent : *a == 'b' ? p->by : "");
		st = report_table_fill(db, w, v->sql, n, params, v->cols, v->ncols, out, err);
		if (st == RD_OK && v->value_col >= 0)
			chart_rows(out, v);
		return st;
	}
	return rd_error_set(err, RD_USAGE, _("the %s report has no view '%s'"),
			    _(info->title), p->view);
}
