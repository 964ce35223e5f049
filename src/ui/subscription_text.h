/* subscription_text.h: the text of the subscription screens.
 *
 * The list of a customer's subscriptions (with its option column), the
 * subscription screen, the preview of a request, the retention step of a
 * cancellation and the conflict view are built here into layout lines
 * from the structs the store fills (subscription.h, subrule.h), so that
 * what they show is unit-tested without a terminal or a database. The
 * request forms are subscription_form.h's. Pure: no curses, no I/O, no
 * store calls (only the store's structs). */
#ifndef REPEATDESK_UI_SUBSCRIPTION_TEXT_H
#define REPEATDESK_UI_SUBSCRIPTION_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "repeatdesk/keys.h"
#include "repeatdesk/layout.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"

/* --- scrolling text taller than the screen --- */

/* A screen's view onto text it builds whole: the first line shown, and
 * the sizes at the last draw. */
struct subs_scroll {
	int top;
	int lines;
	int page;
};

/* Moves s for an Up/Down/PgUp/PgDn/Home/End request. Returns true when
 * the request was one of those (whether or not it moved). */
bool subs_scroll_request(struct subs_scroll *s, enum ui_request req);
/* Copies at most rows lines of all, from s->top (kept within range), to
 * body, and remembers the sizes. */
void subs_scroll_show(struct subs_scroll *s, const struct layout_text *all,
		      struct layout_text *body, int rows);

/* --- the list of a customer's subscriptions --- */

/* The options typed next to a line, as on classic order-entry terminals. */
enum subs_option {
	SUBS_OPT_NONE = 0,
	SUBS_OPT_CHANGE = '2',
	SUBS_OPT_CANCEL = '4',
	SUBS_OPT_SHOW = '5',
	SUBS_OPT_SKIP = '7',
	SUBS_OPT_PAUSE = '8',
};

/* The option a typed character stands for, or SUBS_OPT_NONE. */
enum subs_option subs_option_parse(uint32_t cp);

/* The hint line of the list: the options and how to execute them. */
void subs_list_hint(struct layout_text *out, int cols);
/* The heading line of the list. */
void subs_list_header(struct layout_line *l, int cols);
/* One subscription: the option typed next to it (or '_'), id, status,
 * cycle in words, next delivery, its number, what one delivery costs and
 * the products; '>' and LAYOUT_BAR when selected. */
void subs_list_row(struct layout_line *l, const struct subscription_row *r,
		   enum subs_option opt, bool selected, int cols);

/* --- the subscription screen --- */

/* The hint line of the subscription screen: its letter keys. */
void subs_view_hint(struct layout_text *out, int cols);
/* Builds the whole subscription (status, cycle in words, delivery number
 * reached, products, price, payment, address, time slot, the next
 * deliveries with their numbers and cut-off, reservations, recent
 * history) for cols columns; not cut to a height (the screen scrolls). */
void subs_view_build(struct layout_text *out, const struct subscription_view *v,
		     int cols);

/* --- requests --- */

/* Builds the preview of a request: what it does, why a rule refuses it
 * (naming the rule), the deliveries it affects (number, old date -> new
 * date), the next three deliveries afterwards, the price effect, the
 * notes, and a reservation's first delivery. */
void subs_preview_build(struct layout_text *out, const struct subrule_preview *p,
			int cols);

/* Builds the retention step: the customer's commitment (deliveries made
 * and still owed, the early-cancel fee, the discount lost, the count
 * starting again) and the alternatives to offer. */
void subs_retention_build(struct layout_text *out, const struct subrule_retention *r,
			  int cols);

/* The preview of cancelling reservation r of v. */
void subs_unreserve_build(struct layout_text *out, const struct subscription_reservation *r,
			  int cols);

/* The conflict view: nothing was saved, who changed what (the store's
 * message), the subscription as it is now, and what the keys do. */
void subs_conflict_build(struct layout_text *out, const char *message,
			 const struct subscription_view *now, int cols);

/* "Done: skip delivery 4 (12/15) · version 3 · reservation 7 pending". */
void subs_result_text(struct sbuf *out, const struct subscription_result *r);

#endif
