/* order_entry_screen.h: taking a phone order (F11 on the customer card).
 *
 * The form is forms/order.form under the product lines. A line is added
 * by typing its SKU, or part of its name (a list to choose from when
 * several match), then Enter; its quantity is typed in the Quantity field
 * (PgUp/PgDn select another line, F8 removes the selected one, F4 swaps
 * it for the product's suggested upsell). The totals (per tax rate, tax
 * once per rate rounded down, shipping and COD fees, free shipping above
 * the threshold) are recomputed by core/pricing on every key, with no
 * database round trip; a subscription cycle shows in words with its next
 * three dates as it is typed.
 *
 * F5 (or Enter on the last field) checks everything (order_quote) and
 * shows the confirmation that the operator reads to the caller: lines,
 * totals, delivery, payment, media, subscription, inserts, and what the
 * order could ship with ('b' chooses). Anything refused is marked on its
 * field and the form keeps what was typed. F5 or Enter on the
 * confirmation saves the order with the request id made when the form
 * opened: a second F5, or F5 again after a lost connection (the order is
 * first looked up by its request id), never makes a second order. */
#ifndef REPEATDESK_UI_ORDER_ENTRY_SCREEN_H
#define REPEATDESK_UI_ORDER_ENTRY_SCREEN_H

#include "repeatdesk/order.h"
#include "screen.h"

/* What ui_push(&order_entry_screen_ops, arg) takes; arg must stay valid
 * while the screen is open (keep it in the state of the screen below). */
struct order_entry_arg {
	const char *customer_code;
	/* Called once the order is saved, before the screen closes; returns
	 * flags for the screen below. */
	unsigned (*on_saved)(struct ui_app *app, void *ctx, const struct order *o);
	void *ctx;
};

extern const struct screen_ops order_entry_screen_ops;

#endif
