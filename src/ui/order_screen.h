/* order_screen.h: a customer's orders (Ctrl-O on the card) and one order.
 *
 * The list shows the customer's orders newest first; Enter opens the
 * order screen: its lines, totals, status and its whole history (who,
 * when, what, why). There, an order that has not shipped can be changed
 * (F4: delivery date, time slot, notes, with a reason; saved against the
 * version read, and when someone else changed the order meanwhile both
 * versions are shown side by side to choose from, as on the customer
 * form) or cancelled ('c': a reason is required, and it asks first); a
 * shipped or delivered order can be marked returned ('r'). */
#ifndef REPEATDESK_UI_ORDER_SCREEN_H
#define REPEATDESK_UI_ORDER_SCREEN_H

#include "repeatdesk/order.h"
#include "screen.h"

/* What ui_push(&order_list_screen_ops, arg) and ui_push(&order_screen_ops,
 * arg) take (order_no is for the order screen). arg must stay valid while
 * the screen is open. */
struct order_screen_arg {
	const char *customer_code;   /* the list */
	const char *order_no;        /* the order screen */
	/* Called after an order was cancelled, changed or returned (may be
	 * NULL): the screens below read again what they show. */
	void (*on_changed)(struct ui_app *app, void *ctx);
	void *ctx;
};

extern const struct screen_ops order_list_screen_ops;
extern const struct screen_ops order_screen_ops;

#endif
