/* report_text.h: what the report screens show, built as text (pure).
 *
 * The period line, the filters in words, the day the reports count from,
 * the export's default path, and the result (chart above the table) as
 * layout lines. No curses, no database: unit-tested in check_ui_report.c;
 * the screen (report_screen.c) runs the reports and calls these. */
#ifndef REPEATDESK_UI_REPORT_TEXT_H
#define REPEATDESK_UI_REPORT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "repeatdesk/layout.h"
#include "repeatdesk/report.h"
#include "repeatdesk/sbuf.h"

/* The business day of now: Asia/Tokyo (UTC+9 without daylight saving
 * since 1951), as rd.customer_today() counts it by default. */
int32_t report_today_local(time_t now);

/* "2026/01/01(木)〜2026/12/07(月)" (the reader's language). */
#define REPORT_PERIOD_SIZE 128
void report_period_text(int32_t from, int32_t to, char buf[REPORT_PERIOD_SIZE]);

/* Moves the period months back (< 0) or forward: both ends move; an end
 * on the last day of its month stays on the last day of the new one
 * (11/01〜11/30 becomes 12/01〜12/31). */
void report_period_shift(int32_t *from, int32_t *to, int months);

/* True when the view takes the filter of letter ("bpmya": by, product,
 * media, payment, agent). */
bool report_view_takes(const struct report_view *v, char letter);

/* The filters given that the view takes, in words: "By product · Media
 * TV01"; "" when none. */
void report_filters_text(const struct report_params *p,
			 const struct report_view *v, struct sbuf *out);

/* The params the view runs with: p without the filters the view does not
 * take (a filter set for another view stays in p, unused here). */
void report_params_for_view(const struct report_params *p,
			    const struct report_view *v,
			    struct report_params *out);

/* The export's default path as shown: "~/repeatdesk-continuation-2026-12-07.csv". */
void report_export_default(const char *kind_name, int32_t today, char *buf,
			   size_t n);
/* The path typed, with a leading "~/" made home's: 0, or -1 when it does
 * not fit n bytes or is empty. */
int report_path_expand(const char *typed, const char *home, char *buf,
		       size_t n);

/* The chart of r as lines (title, then one line per bar) in cols columns;
 * nothing when r has no chart. */
void report_chart_lines(struct layout_text *out, const struct report_result *r,
			int cols);

/* The table of r: a header line (LAYOUT_HEADING) then one line per row,
 * columns by display width (amounts and numbers never cut; TABLE_JSON
 * columns not shown), the row sel (or none: -1) marked. The first table
 * row is line first_row of out afterwards (stored in *first_line). */
void report_table_lines(struct layout_text *out, const struct table *t,
			int cols, int sel, size_t *first_line);

/* The column named name, or -1. */
int report_table_col(const struct table *t, const char *name);

#endif
