/* lookup_screen.h: the customer lookup (F2 from anywhere).
 *
 * One search line that understands what was typed (phone in any spelling,
 * a trailing fragment, code, order number, e-mail, postal code, name or
 * reading), the filters of the panel (F3), and the results read a page at
 * a time with keyset pagination. Enter opens the card; F6 registers a new
 * customer with what was typed filled in. */
#ifndef REPEATDESK_UI_LOOKUP_SCREEN_H
#define REPEATDESK_UI_LOOKUP_SCREEN_H

#include <stdbool.h>

#include "repeatdesk/customer.h"

#include "screen.h"

/* What ui_push(&lookup_screen_ops, arg) may pass (arg NULL: empty). */
struct lookup_arg {
	const char *text;  /* searched at once */
	bool pop;          /* screen pop: open the card when one customer
			    * matches (repeatdesk --caller NUMBER) */
	/* opens as the list of these customers (a segment of the reports):
	 * the query becomes the filters, title their summary; copied */
	const struct customer_query *query;
	const char *title;
};

extern const struct screen_ops lookup_screen_ops;

#endif
