/* report_screen.h: the supervisors' reports in the terminal (issue 13).
 *
 * One screen: the menu of the reports and their views with the period
 * and the filters, then a report's chart above its table. Enter runs the
 * selected view on the report connection (ui_report_db); while it runs
 * the message line counts the seconds and Esc stops it (PQcancel through
 * db_query_wait). Left/Right move the period a month, F3 edits it and
 * the filters, Tab/Shift-Tab switch views, e exports CSV for a
 * spreadsheet, Enter on a segment opens its customers in the lookup.
 * Whether a login may read reports is the database's answer (operators
 * get its refusal on the message line), never decided here. */
#ifndef REPEATDESK_UI_REPORT_SCREEN_H
#define REPEATDESK_UI_REPORT_SCREEN_H

#include "screen.h"

/* arg: NULL. */
extern const struct screen_ops report_screen_ops;

#endif
