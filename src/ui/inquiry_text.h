/* inquiry_text.h: the text of the inquiry screens, built from data.
 *
 * The queues (tabs, list rows), the inquiry with its timeline, the
 * deadline and presence lines, the wrap-up's list of changes and the
 * supervisor dashboard are built here into layout lines from the structs
 * store/inquiry fills (include/repeatdesk/inquiry.h), so that what they
 * show is unit-tested (tests/unit/check_ui_inquiry.c) without a terminal
 * or a database. Display-width aware. Pure: no curses, no I/O, no store
 * calls. */
#ifndef REPEATDESK_UI_INQUIRY_TEXT_H
#define REPEATDESK_UI_INQUIRY_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/inquiry.h"
#include "repeatdesk/layout.h"
#include "repeatdesk/sbuf.h"

/* Words for codes (translated): "in progress", "cycle change", "Mine". */
const char *inquiry_status_label(const char *status);
const char *inquiry_category_label(const char *category);
const char *inquiry_priority_label(const char *priority);
const char *inquiry_queue_label(enum inquiry_queue q);
const char *inquiry_sort_label(enum inquiry_sort s);

/* "12m", "5h", "3d": how long ago, from minutes. */
void inquiry_age_text(struct sbuf *out, long long minutes);

/* The deadline in words: "resolve before 03/14 cut-off" when the delivery
 * cut-off decides, else "due 03/15 10:00"; "OVERDUE" first when passed;
 * nothing when resolved or closed. */
void inquiry_due_text(struct sbuf *out, const struct inquiry *q);

/* The same for a list's narrow column: "cut-off 03/14",
 * "due 03/15 10:00", "OVERDUE 03/15". */
void inquiry_due_short(struct sbuf *out, const struct inquiry *q);

/* The promised callback: "callback 03/15 10:00", with
 * "— after the 03/14 cut-off!" when it is later than the cut-off. */
void inquiry_callback_text(struct sbuf *out, const struct inquiry *q);

/* One timeline entry in words (without time and author):
 * "handed off 佐藤 花子 → 鈴木 一郎: note", "in progress → resolved: note",
 * "escalated: note", "call: text", "linked change #123: text". */
void inquiry_entry_text(struct sbuf *out, const struct inquiry_entry *e);

/* "open by 佐藤 花子 since 10:42" (and others: ", 鈴木 一郎 since 10:50");
 * nothing when n is 0. */
void inquiry_presence_text(struct sbuf *out, const struct inquiry_presence *p,
			   size_t n);

/* The queue tabs: every queue (only "All" and "Open" for one customer),
 * the current one as LAYOUT_BAR, then the sort. */
void inquiry_tabs(struct layout_line *l, enum inquiry_queue cur,
		  enum inquiry_sort sort, bool one_customer);

/* The list heading and one row, exactly cols columns: '>' and LAYOUT_BAR
 * when selected; overdue rows show "OVERDUE" in LAYOUT_ERROR. The
 * customer column is left out for one customer's list. */
void inquiry_list_header(struct layout_line *l, bool one_customer, int cols);
void inquiry_list_row(struct layout_line *l, const struct inquiry *q,
		      bool selected, bool one_customer, int cols);

/* The inquiry: its fields, deadline, callback, then the whole timeline
 * (oldest first), wrapped to cols. */
void inquiry_detail_build(struct layout_text *out, const struct inquiry_detail *d,
			  int cols);

/* The action letters of the inquiry screen, as shown on its hint line. */
const char *inquiry_action_hint(void);
/* Which action a letter asks for: 't' take, 'h' hand off, 'e' escalate,
 * 'r' resolve, 'o' reopen, 'n' note, 'w' waiting, 'c' close;
 * 0 for any other. */
int inquiry_action_of(unsigned cp);

/* The wrap-up's "changes made in this call" list: one line each, or a
 * line saying there were none. */
void wrapup_changes_build(struct layout_text *out,
			  const char (*changes)[INQUIRY_CHANGE_TEXT], size_t n,
			  int cols);

/* The supervisor dashboard: counts by status, age, agent and team, what
 * waits, the oldest open, today's figures per agent; then the list
 * (escalated and waiting inquiries) with sel selected. */
void dashboard_build(struct layout_text *out, const struct inquiry_dashboard *d,
		     const struct inquiry *list, size_t n, size_t sel, int cols);

#endif
