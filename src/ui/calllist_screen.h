/* calllist_screen.h: making a call list (issue 13, section 6).
 *
 * Opened by a supervisor from the lookup's customer list (F5): every
 * customer the list finds — the search, the filters, a saved filter or a
 * segment opened there — becomes one outbound call in the queue of the
 * team picked, under the name given. The database decides (supervisors
 * only; customers who asked not to be called left out and counted). */
#ifndef REPEATDESK_UI_CALLLIST_SCREEN_H
#define REPEATDESK_UI_CALLLIST_SCREEN_H

#include "repeatdesk/customer.h"

#include "screen.h"

/* What ui_push(&calllist_screen_ops, arg) passes; valid until it opens
 * (the screen copies what it keeps). */
struct calllist_screen_arg {
	const struct customer_query *q;   /* whose customers */
	const char *what;                 /* the search in words (the list's
					   * source and first name) */
};

extern const struct screen_ops calllist_screen_ops;

#endif
