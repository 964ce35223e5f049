/* report_table.h: a report view's rows into its table and chart, for
 * the views' own files (store/report_<kind>.c).
 *
 * A view is one SQL function whose columns have stable names; the view's
 * file describes them once (struct report_col: name, title, type, words
 * of a code), and these helpers run the function, check that it gives
 * exactly those columns (a migration and the C side that drift apart
 * fail loudly, RD_INTERNAL, instead of showing a wrong column), and copy
 * its rows into the result's table. */
#ifndef REPEATDESK_REPORT_TABLE_H
#define REPEATDESK_REPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/db.h"
#include "repeatdesk/report.h"
#include "repeatdesk/table.h"

#define REPORT_WORDS_SIZE 64

/* Words for the table format of the cell (row, col) of r (the value
 * itself stays in json and csv); NULL for none. buf (REPORT_WORDS_SIZE
 * bytes) may hold them. */
typedef const char *(*report_words_fn)(const struct db_rows *r, int row, int col,
				       char buf[REPORT_WORDS_SIZE]);

struct report_col {
	const char *name;       /* the SQL function's column = json/csv name */
	const char *title;      /* NC_("report column", ...) words of the header */
	enum table_type type;
	report_words_fn words;  /* NULL: the value as the type shows it */
};

/* A new table with the columns cols[0..ncols-1]. */
struct table *report_table_new(const struct report_col *cols, int ncols);

/* Runs sql through report_query and checks that its columns are the
 * first ncols of cols, by name and in order. Free *out with db_rows_free
 * (nothing to free on error). */
enum rd_status report_table_query(struct rd_db *db, const struct report_watch *w,
				  const char *sql, int nparams,
				  const char *const *params,
				  const struct report_col *cols, int ncols,
				  struct db_rows *out, struct rd_error *err);

/* Adds row `row` of r to t: cells 0..ncols-1 with their words. */
void report_table_add(struct table *t, const struct report_col *cols, int ncols,
		      const struct db_rows *r, int row);

/* report_table_query, then every row into a new out->table. */
enum rd_status report_table_fill(struct rd_db *db, const struct report_watch *w,
				 const char *sql, int nparams,
				 const char *const *params,
				 const struct report_col *cols, int ncols,
				 struct report_result *out, struct rd_error *err);

/* Adds a bar to out->chart (made on the first call): label, value (an
 * integer or decimal >= 0; NULL counts 0), shown (NULL: value). */
void report_chart_bar(struct report_result *out, const char *label,
		      const char *value, const char *shown);

/* A view that is one call of a function: its SQL ($1, $2 the period's
 * days, then one parameter per letter of args: 'a' the agent, 'b' by;
 * "" gives NULL), its columns, and its chart: one bar per row, labelled
 * with label_col's words (the column before when they are empty, as an
 * agent without a name: the login) and value_col's value; value_col -1:
 * no chart. */
struct report_sql_view {
	const char *name;
	const char *sql;
	const char *args;
	const struct report_col *cols;
	int ncols;
	int label_col, value_col;
	bool percent;
	const char *chart_title;   /* N_() */
};

/* Runs the view of views[0..nviews-1] that p names (info gives the kind's
 * views and words for the error) into out. */
enum rd_status report_sql_run(struct rd_db *db, const struct report_params *p,
			      const struct report_watch *w,
			      const struct report_info *info,
			      const struct report_sql_view *views, int nviews,
			      struct report_result *out, struct rd_error *err);

#define REPORT_NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The period's days of p as ISO dates into from and to
 * (DATE_ISO_SIZE bytes each): the first two parameters of every view. */
void report_period_params(const struct report_params *p, char *from, char *to);

/* p's text field value as a parameter: NULL (SQL NULL) when "". */
static inline const char *report_param(const char *value)
{
	return value && *value ? value : NULL;
}

#endif
