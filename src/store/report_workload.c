/* report_workload.c: the desk workload report (report.h, issue 13 §4):
 * inquiries opened, resolved and handed off per day and per agent, the
 * time to resolve by category, callbacks kept on time, calls per hour of
 * the day. Each view is one function of migration 0120, whose comment
 * says what each figure counts. */
#include "repeatdesk/report.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/report_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct report_info report_info_workload = {
	.kind = REPORT_WORKLOAD,
	.name = "workload",
	.title = N_("Desk workload"),
	.summary = N_("inquiries opened, resolved and handed off; time to resolve; callbacks on time; calls per hour"),
	.views = {
		{ .name = "days", .title = N_("By day"), .filters = "" },
		{ .name = "agents", .title = N_("By agent"), .filters = "a" },
		{ .name = "categories", .title = N_("Time to resolve by category"), .filters = "" },
		{ .name = "callbacks", .title = N_("Callbacks kept on time"), .filters = "ba" },
		{ .name = "hours", .title = N_("Calls per hour of the day"), .filters = "a" },
	},
};

static const char *category_words(const struct db_rows *r, int row, int col,
				  char buf[REPORT_WORDS_SIZE])
{
	(void)buf;
	return history_enum_words("inquiries", "category", db_rows_get(r, row, col));
}

static const char *nobody_words(const struct db_rows *r, int row, int col,
				char buf[REPORT_WORDS_SIZE])
{
	(void)buf;
	return db_rows_get(r, row, col)[0] ? NULL : _("(nobody)");
}

static const char *hour_words(const struct db_rows *r, int row, int col,
			      char buf[REPORT_WORDS_SIZE])
{
	snprintf(buf, REPORT_WORDS_SIZE, "%02d:00", atoi(db_rows_get(r, row, col)));
	return buf;
}

#define COUNT_COLS \
	{ "opened", NC_("report column", "Opened"), TABLE_INT, NULL }, \
	{ "resolved", NC_("report column", "Resolved"), TABLE_INT, NULL }, \
	{ "handed_off", NC_("report column", "Handed off"), TABLE_INT, NULL }, \
	{ "calls", NC_("report column", "Calls"), TABLE_INT, NULL }

static const struct report_col days_cols[] = {
	{ "day", NC_("report column", "Day"), TABLE_DATE, NULL },
	COUNT_COLS,
};

static const struct report_col agents_cols[] = {
	{ "agent", NC_("report column", "Agent"), TABLE_CODE, NULL },
	{ "display_name", NC_("report column", "Name"), TABLE_TEXT, NULL },
	COUNT_COLS,
};

static const struct report_col categories_cols[] = {
	{ "category", NC_("report column", "Category"), TABLE_CODE, category_words },
	{ "resolved", NC_("report column", "Resolved"), TABLE_INT, NULL },
	{ "median_minutes", NC_("report column", "Median minutes"), TABLE_INT, NULL },
	{ "p90_minutes", NC_("report column", "90% within minutes"), TABLE_INT, NULL },
};

static const struct report_col callbacks_cols[] = {
	{ "day", NC_("report column", "Day"), TABLE_DATE, NULL },
	{ "agent", NC_("report column", "Agent"), TABLE_CODE, nobody_words },
	{ "display_name", NC_("report column", "Name"), TABLE_TEXT, NULL },
	{ "callbacks", NC_("report column", "Callbacks"), TABLE_INT, NULL },
	{ "kept", NC_("report column", "On time"), TABLE_INT, NULL },
	{ "late", NC_("report column", "Late"), TABLE_INT, NULL },
	{ "missed", NC_("report column", "Missed"), TABLE_INT, NULL },
	{ "pending", NC_("report column", "Not due yet"), TABLE_INT, NULL },
	{ "on_time_rate", NC_("report column", "On time %"), TABLE_DECIMAL, NULL },
};

static const struct report_col hours_cols[] = {
	{ "hour", NC_("report column", "Hour"), TABLE_INT, hour_words },
	{ "calls", NC_("report column", "Calls"), TABLE_INT, NULL },
};

static const struct report_sql_view views[] = {
	{ "days", "SELECT * FROM rd.report_workload_days($1::date, $2::date)", "",
	  days_cols, REPORT_NCOLS(days_cols), 0, 1, false, N_("Inquiries opened per day") },
	{ "agents", "SELECT * FROM rd.report_workload_agents($1::date, $2::date, $3)", "a",
	  agents_cols, REPORT_NCOLS(agents_cols), 1, 3, false, N_("Inquiries resolved per agent") },
	{ "categories", "SELECT * FROM rd.report_workload_categories($1::date, $2::date)", "",
	  categories_cols, REPORT_NCOLS(categories_cols), 0, 2, false,
	  N_("Median minutes to resolve") },
	/* grouped by day: the chart is by day; by agent: by agent (below) */
	{ "callbacks", "SELECT * FROM rd.report_workload_callbacks($1::date, $2::date, $3, $4)",
	  "ba", callbacks_cols, REPORT_NCOLS(callbacks_cols), 0, 8, true,
	  N_("Callbacks kept on time") },
	{ "hours", "SELECT * FROM rd.report_workload_hours($1::date, $2::date, $3)", "a",
	  hours_cols, REPORT_NCOLS(hours_cols), 0, 1, false, N_("Calls per hour of the day") },
};

enum rd_status report_workload(struct rd_db *db, const struct report_params *p,
			       const struct report_watch *w, struct report_result *out,
			       struct rd_error *err)
{
	struct report_sql_view vs[REPORT_NCOLS(views)];

	if (p->by[0] && strcmp(p->by, "day") != 0 && strcmp(p->by, "agent") != 0)
		return rd_error_set(err, RD_USAGE,
			_("callbacks are grouped --by day or agent, not '%s'"), p->by);
	memcpy(vs, views, sizeof(vs));
	/* callbacks by agent: the same view, its bars labelled by agent */
	if (strcmp(p->by, "agent") == 0)
		vs[3].label_col = 2;
	return report_sql_run(db, p, w, &report_info_workload, vs, REPORT_NCOLS(vs),
			      out, err);
}
