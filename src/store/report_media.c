/* report_media.c: the media report, 媒体分析 (report.h, issue 13 §2).
 *
 * Two views, each one call of its SQL function (db/migrations/
 * 0116_report_media.sql says what every figure means; so does
 * doc/notes/reports-media.md):
 *   summary  per media code: new customers, orders, sales, cost, CPO,
 *            cost per new subscriber, 引き上げ率, average LTV at 30, 90,
 *            180 and 365 days; chart: CPO per media code
 *   elapsed  sales of the period's new customers by days since their
 *            first order (経過日別売上推移); chart: the buckets, all
 *            media codes together
 * A figure the database gives as NULL (no cost entered, no customer old
 * enough) stays null in json and csv and shows as "—" in the table: a
 * made-up 0 would read as a free customer or a customer who bought
 * nothing. */
#include "repeatdesk/report.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct report_info report_info_media = {
	.kind = REPORT_MEDIA,
	.name = "media",
	.title = N_("Media analysis"),
	.summary = N_("per media code: new customers, sales, cost, CPO, conversion from trial, LTV; sales by days since the first order"),
	.views = {
		{ .name = "summary", .title = N_("Media codes: cost, CPO and LTV"), .filters = "m" },
		{ .name = "elapsed", .title = N_("Sales by days since the first order"), .filters = "m" },
	},
};

#define NO_FIGURE "\xe2\x80\x94"  /* — : the database gave no figure */

/* One column of a view: the SQL function's column, its title, its type. */
struct media_col {
	const char *name;
	const char *title;  /* N_() */
	enum table_type type;
};

static const struct media_col summary_cols[] = {
	{ "media_code", N_("Media code"), TABLE_CODE },
	{ "media_name", N_("Media name"), TABLE_TEXT },
	{ "new_customers", N_("New customers"), TABLE_INT },
	{ "orders", N_("Orders"), TABLE_INT },
	{ "sales", N_("Sales"), TABLE_MONEY },
	{ "cost", N_("Cost"), TABLE_MONEY },
	{ "cpo", N_("CPO"), TABLE_MONEY },
	{ "new_subscribers", N_("New subscribers"), TABLE_INT },
	{ "cost_per_subscriber", N_("Cost per subscriber"), TABLE_MONEY },
	{ "trial_customers", N_("Trial customers"), TABLE_INT },
	{ "upgraded", N_("Moved to regular"), TABLE_INT },
	{ "upgrade_rate", N_("Trial to regular %"), TABLE_DECIMAL },
	{ "ltv_30", N_("LTV 30 days"), TABLE_MONEY },
	{ "ltv_90", N_("LTV 90 days"), TABLE_MONEY },
	{ "ltv_180", N_("LTV 180 days"), TABLE_MONEY },
	{ "ltv_365", N_("LTV 365 days"), TABLE_MONEY },
};

static const struct media_col elapsed_cols[] = {
	{ "media_code", N_("Media code"), TABLE_CODE },
	{ "media_name", N_("Media name"), TABLE_TEXT },
	{ "customers", N_("New customers"), TABLE_INT },
	{ "d0_30", N_("Days 0-30"), TABLE_MONEY },
	{ "d31_60", N_("Days 31-60"), TABLE_MONEY },
	{ "d61_90", N_("Days 61-90"), TABLE_MONEY },
	{ "d91_180", N_("Days 91-180"), TABLE_MONEY },
	{ "d181_365", N_("Days 181-365"), TABLE_MONEY },
	{ "d366_plus", N_("Days 366 and more"), TABLE_MONEY },
	{ "total", N_("Total"), TABLE_MONEY },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Runs the view's function with (from, to, media) and checks that it
 * gives the columns this file names, in order. */
static enum rd_status run_view(struct rd_db *db, const struct report_params *p,
			       const struct report_watch *w, const char *sql,
			       const struct media_col *cols, int ncols,
			       struct db_rows *rows, struct rd_error *err)
{
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	const char *params[3] = { date_format_iso(p->from, from),
				  date_format_iso(p->to, to), p->media };
	enum rd_status st = report_query(db, w, sql, 3, params, rows, err);

	if (st != RD_OK)
		return st;
	if (rows->ncols != ncols) {
		db_rows_free(rows);
		return rd_error_set(err, RD_INTERNAL,
			_("the database's media report gives %d columns, not %d: migrate the database"),
			rows->ncols, ncols);
	}
	for (int c = 0; c < ncols; c++)
		if (strcmp(rows->names[c], cols[c].name) != 0) {
			db_rows_free(rows);
			return rd_error_set(err, RD_INTERNAL,
				_("the database's media report has no column %s: migrate the database"),
				cols[c].name);
		}
	return RD_OK;
}

/* The table of the rows, with titles and words: a NULL media code is the
 * orders that carry none, a NULL figure shows as "—". */
static struct table *rows_table(const struct db_rows *rows,
				const struct media_col *cols, int ncols)
{
	struct table *t = table_new();

	for (int c = 0; c < ncols; c++)
		table_add_column(t, cols[c].name, _(cols[c].title), cols[c].type);
	for (int r = 0; r < rows->nrows; r++) {
		table_add_row(t);
		for (int c = 0; c < ncols; c++) {
			const char *v = db_rows_get(rows, r, c);

			table_set(t, c, v);
			if (v)
				continue;
			if (c == 0)
				table_set_words(t, c, _("(no media code)"));
			else if (c > 1)
				table_set_words(t, c, NO_FIGURE);
		}
	}
	return t;
}

static struct table *chart_new(void)
{
	struct table *c = table_new();

	table_add_column(c, "label", NULL, TABLE_TEXT);
	table_add_column(c, "value", NULL, TABLE_INT);
	table_add_column(c, "shown", NULL, TABLE_TEXT);
	return c;
}

static void chart_money(struct table *chart, const char *label, long long yen,
			bool known)
{
	char buf[MONEY_YEN_SIZE];

	table_add_row(chart);
	table_set(chart, 0, label);
	table_setf(chart, 1, "%lld", known && yen > 0 ? yen : 0);
	table_set(chart, 2, known ? money_yen(yen, buf) : NO_FIGURE);
}

static enum rd_status media_summary(struct rd_db *db, const struct report_params *p,
				    const struct report_watch *w,
				    struct report_result *out, struct rd_error *err)
{
	struct db_rows rows;
	enum rd_status st;

	st = run_view(db, p, w,
		      "SELECT * FROM rd.report_media_summary($1::date, $2::date, NULLIF($3, ''))",
		      summary_cols, (int)COUNT(summary_cols), &rows, err);
	if (st != RD_OK)
		return st;
	out->table = rows_table(&rows, summary_cols, (int)COUNT(summary_cols));
	out->chart = chart_new();
	snprintf(out->chart_title, sizeof(out->chart_title), "%s",
		 _("CPO by media code (cost per first order)"));
	for (int r = 0; r < rows.nrows; r++) {
		const char *code = db_rows_get(&rows, r, 0);
		const char *cpo = db_rows_get(&rows, r, 6);

		chart_money(out->chart, code ? code : _("(no media code)"),
			    cpo ? strtoll(cpo, NULL, 10) : 0, cpo != NULL);
	}
	snprintf(out->note, sizeof(out->note), "%s",
		 _("CPO and cost per subscriber are shown as — where no cost was entered; "
		   "LTV as — until a first order is that many days old."));
	db_rows_free(&rows);
	return RD_OK;
}

static enum rd_status media_elapsed(struct rd_db *db, const struct report_params *p,
				    const struct report_watch *w,
				    struct report_result *out, struct rd_error *err)
{
	struct db_rows rows;
	long long sums[6] = { 0 };
	enum rd_status st;

	st = run_view(db, p, w,
		      "SELECT * FROM rd.report_media_elapsed($1::date, $2::date, NULLIF($3, ''))",
		      elapsed_cols, (int)COUNT(elapsed_cols), &rows, err);
	if (st != RD_OK)
		return st;
	out->table = rows_table(&rows, elapsed_cols, (int)COUNT(elapsed_cols));
	for (int r = 0; r < rows.nrows; r++)
		for (int b = 0; b < 6; b++) {
			const char *v = db_rows_get(&rows, r, 3 + b);

			sums[b] += v ? strtoll(v, NULL, 10) : 0;
		}
	out->chart = chart_new();
	snprintf(out->chart_title, sizeof(out->chart_title), "%s",
		 _("Sales by days since the first order (all media codes)"));
	for (int b = 0; b < 6; b++)
		chart_money(out->chart, _(elapsed_cols[3 + b].title), sums[b], true);
	db_rows_free(&rows);
	return RD_OK;
}

enum rd_status report_media(struct rd_db *db, const struct report_params *p,
			    const struct report_watch *w,
			    struct report_result *out, struct rd_error *err)
{
	const struct report_view *v = report_view_find(&report_info_media, p->view);

	if (v && strcmp(v->name, "elapsed") == 0)
		return media_elapsed(db, p, w, out, err);
	return media_summary(db, p, w, out, err);
}
