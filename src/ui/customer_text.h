/* customer_text.h: the text of the customer screens, built from data.
 *
 * The lookup's result list, the customer card and the side-by-side view
 * of an edit conflict are built here into layout lines from the structs
 * the store fills (customer.h, customer_view.h), so that what they show is
 * unit-tested without a terminal or a database. Display-width aware:
 * Japanese names line up. Pure: no curses, no I/O, no store calls. */
#ifndef REPEATDESK_UI_CUSTOMER_TEXT_H
#define REPEATDESK_UI_CUSTOMER_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "repeatdesk/customer.h"
#include "repeatdesk/customer_view.h"
#include "repeatdesk/formspec.h"
#include "repeatdesk/layout.h"
#include "repeatdesk/sbuf.h"

/* --- the lookup's result list --- */

/* Widths (columns) of the result list for a body of cols columns: the
 * name and the reading share what the fixed columns leave. */
struct lookup_columns {
	int code, name, kana, phone, pref, subs, last, ltv;
};
void lookup_columns_compute(struct lookup_columns *c, int cols);

/* The heading line of the list. */
void lookup_header(struct layout_line *l, const struct lookup_columns *c);
/* One result: '>' and LAYOUT_BAR when selected; phone with hyphens, LTV
 * in yen with commas, both right-aligned where numbers are. */
void lookup_row(struct layout_line *l, const struct lookup_columns *c,
		const struct customer_row *r, bool selected);

/* "No customer found", "1 customer", "1,234 customers", or
 * "about 120,000 customers" when estimated. */
void lookup_count_text(struct sbuf *out, long long n, bool estimated);
/* "more than 1,000 customers": a bounded count past its limit n. */
void lookup_count_more_text(struct sbuf *out, long long n);

/* What a search line was taken for: "phone number 090-1234-5678",
 * "reading ヤマダ", "customer code C0000123"... */
void lookup_guess_text(struct sbuf *out, const struct customer_guess *g);

/* --- values --- */

/* Appends a stored value of a customer column as an operator reads it:
 * phone numbers with hyphens, the postal code as 123-4567, booleans as
 * yes/no, gender in words, "—" for none (is_null or ""). */
void customer_value_text(struct sbuf *out, const char *column,
			 const char *value, bool is_null);

/* The customer in context for the top line: "C0000001 石田 和子". */
void customer_context_text(struct sbuf *out, const struct customer *c);

/* The label of a column from the form (translated), or the column. */
const char *customer_column_label(const struct formspec *form,
				  const char *column);

/* --- the card --- */

struct card_data {
	const struct customer *c;
	const struct customer_subscription *subs;
	int nsubs;
	const struct customer_order *orders;
	int norders;
	const struct customer_inquiry *inquiries;
	int ninquiries;
	const struct customer_view_change *changes;
	int nchanges;
	const struct formspec *form;  /* labels of the columns, or NULL */
	int32_t today;                /* day number (date.h), for the age */
};

/* Index in subs[0..n-1] of the active subscription whose next delivery
 * comes first (the one the card's skip key skips), or -1 for none. */
int card_next_delivery(const struct customer_subscription *subs, int n);

/* Builds the whole card (the next delivery and its skip key first, then
 * profile, contact preferences, figures,
 * subscriptions, last orders, open inquiries, latest changes) for cols
 * columns; lines are not cut to a height (the screen scrolls). */
void card_build(struct layout_text *out, const struct card_data *d,
		int cols);

/* Age in whole years on today of someone born on birth. */
int card_age(int32_t birth, int32_t today);

/* --- the edit conflict --- */

enum conflict_pick {
	CONFLICT_MINE,
	CONFLICT_THEIRS,
};

/* One field that differs between what the operator typed, what the
 * record was when they opened it, and what it is now. */
struct conflict_row {
	const char *label;   /* translated */
	const char *mine;    /* as typed */
	const char *theirs;  /* as stored now, for reading */
	bool mine_changed;   /* the operator changed it */
	bool theirs_changed; /* the other agent changed it */
	enum conflict_pick pick;
};

/* Builds the side-by-side view: a heading, one line per row with both
 * versions and the pick ("keep mine" / "take theirs"), the selected row
 * (sel) highlighted. */
void conflict_build(struct layout_text *out, const struct conflict_row *rows,
		    int n, int sel, int cols);

#endif
