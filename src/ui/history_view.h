/* history_view.h: the text of the history screen (history_view.c), built
 * from store structs into layout lines: the timeline one change a line
 * (time, who, what, fields old -> new, reason), one change in full, and a
 * record as it was. Pure: no curses, no store calls; unit-tested in
 * tests/unit/check_ui_history.c. */
#ifndef REPEATDESK_UI_HISTORY_VIEW_H
#define REPEATDESK_UI_HISTORY_VIEW_H

#include <stdbool.h>

#include "repeatdesk/history.h"
#include "repeatdesk/layout.h"
#include "repeatdesk/sbuf.h"

/* Widths of the timeline's columns for a body of cols columns. */
struct history_view_columns {
	int at, who, what;   /* the changes and the reason take the rest */
};
void history_view_columns_compute(struct history_view_columns *c, int cols);

/* Appends what entry e did in words: the summary, "(revert of #N)" /
 * "(reverted by #N)", then each field "label: old -> new" ("label: value"
 * for an added or removed row), separated by "; ". */
void history_view_what(const struct history_entry *e, struct sbuf *out);

/* Who made it: the display name, or the login. */
const char *history_view_who(const struct history_entry *e);

/* Adds the timeline to out: a column header, then rows lines for the
 * entries from top, two lines each (what and why; the fields old -> new),
 * the one at sel marked (LAYOUT_CURSOR); a change of the same request
 * (transaction) as the line above says so instead of time and who. more: another
 * page can be read (said on the last line when there is room). */
void history_view_list(struct layout_text *out, const struct history_entry *v,
		       int n, int sel, int top, bool more, int cols, int rows);

/* How many entries history_view_list shows in rows lines (two lines an
 * entry under the column header). */
int history_view_list_entries(int rows);

/* Adds one change in full: number, time, who (name and login), the
 * record, operation, reason, request id, revert links, then one line per
 * field "label: old -> new". version: of the record now (-1: gone). */
void history_view_detail(struct layout_text *out, const struct history_entry *e,
			 int version, int cols);

/* Adds a record as it was at time: per row a heading (what and its
 * number), then "label  value" in words. */
void history_view_as_of(struct layout_text *out, const char *time,
			const struct history_state *s, int cols);

/* The filters in words for the line above the list ("" when none):
 * "table subscriptions, by suzuki, from 2026-11-01 to 2026-11-30". */
void history_view_filters(const struct history_query *q, struct sbuf *out);

/* Adds a refusal (one line, then one line per item after a newline) to
 * out, each line wrapped to cols so that nothing is cut off. */
void history_view_refusal(struct layout_text *out, const char *text, int cols);

#endif
