/* customer_form_screen.h: registering and editing a customer.
 *
 * The form is forms/customer.form. Saving (F5, or Enter on the last
 * field) checks every field, warns of a possible duplicate (same phone,
 * or same name and birth date) and saves with the reason typed, which
 * goes to the history. Saving an edit names the version it started from:
 * when someone else saved the customer meanwhile, nothing is overwritten;
 * both versions of the changed fields are shown side by side, the
 * operator picks per field, and F5 saves against the new version. What
 * was typed survives a lost connection: F5 again once "DB ok" is back
 * (a save that did go through is not made twice: request ids). */
#ifndef REPEATDESK_UI_CUSTOMER_FORM_SCREEN_H
#define REPEATDESK_UI_CUSTOMER_FORM_SCREEN_H

#include "repeatdesk/customer.h"
#include "screen.h"

/* What ui_push(&customer_form_screen_ops, arg) takes. arg and what it
 * points to must stay valid while the form is open (keep it in the
 * state of the screen below). */
struct customer_form_arg {
	const char *code;            /* edit this customer; NULL: register */
	const char *prefill_column;  /* register: a field filled in... */
	const char *prefill_value;   /* ...with this (what was searched) */
	/* Called once saved, with the customer as stored, before the form
	 * closes; returns flags for the screen below (it may ui_push). */
	unsigned (*on_saved)(struct ui_app *app, void *ctx,
			     const struct customer *saved);
	void *ctx;
};

extern const struct screen_ops customer_form_screen_ops;

#endif
