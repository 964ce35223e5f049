/* subscription_screen.h: the subscription screens.
 *
 * - The list of a customer's subscriptions (from the customer card,
 *   Ctrl-T), with an option column as on classic order-entry terminals:
 *   type 2 (change), 4 (cancel), 5 (show), 7 (skip) or 8 (pause) next to a
 *   line, Enter executes; F4 changes and F8 cancels the selected line.
 * - The subscription screen: products and quantities, the cycle in
 *   words, status, the delivery number reached, the next six deliveries
 *   with their numbers and cut-off, payment, address, time slot, pending
 *   reservations and the recent history; letter keys open the requests.
 * - The request screen (one per request, forms/subscription_*.form): the
 *   form with the reason, then the preview of what the request does (or
 *   why a rule refuses it), confirmed with one key (F5 or y); an
 *   optimistic-locking conflict shows who changed what, and F5 previews
 *   the request again on the subscription as it is now. A cancellation
 *   starts with the retention step and records its outcome.
 *
 * Each screen takes an arg that must stay valid until the push is done
 * (keep it in the state of the screen below); on_changed / on_done is
 * called after a request went through, so the screens below read again. */
#ifndef REPEATDESK_UI_SUBSCRIPTION_SCREEN_H
#define REPEATDESK_UI_SUBSCRIPTION_SCREEN_H

#include "repeatdesk/subscription.h"
#include "screen.h"
#include "subscription_form.h"
#include "subscription_text.h"

/* Called after a request changed a subscription. */
typedef void (*subs_changed_fn)(struct ui_app *app, void *ctx);

/* hook/hook_arg (may be NULL): run inside each request's transaction;
 * the customer card passes the inquiry log's, so that the call's inquiry
 * links the change (inquiry_subscription_hook). Passed on to the
 * subscription screen and the request screens. */
struct subs_list_arg {
	long long customer_id;
	subs_changed_fn on_changed;   /* may be NULL */
	void *ctx;
	subscription_tx_hook hook;
	void *hook_arg;
};

struct subs_screen_arg {
	long long id;                 /* the subscription */
	subs_changed_fn on_changed;   /* may be NULL */
	void *ctx;
	subscription_tx_hook hook;    /* as in subs_list_arg */
	void *hook_arg;
};

struct subs_request_arg {
	long long id;                 /* the subscription */
	enum subs_form kind;
	/* called once the request went through, before the screen closes */
	void (*on_done)(struct ui_app *app, void *ctx,
			const struct subscription_result *res);
	void *ctx;
	subscription_tx_hook hook;    /* as in subs_list_arg */
	void *hook_arg;
	/* the skip key of the customer card: the delivery shown there
	 * (0: none given), and the keyboard starts on the reason, so that
	 * its number alone shows the preview */
	int delivery;
	bool start_at_reason;
};

extern const struct screen_ops subscription_list_screen_ops;
extern const struct screen_ops subscription_screen_ops;
extern const struct screen_ops subscription_request_screen_ops;

#endif
