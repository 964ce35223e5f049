/* wrapup_screen.h: the after-call work (F12 on the customer card, and
 * when the card is left after changes were made in the call).
 *
 * One form: category, subject, note, resolved or not; above it the
 * changes this agent made about the customer since the call started,
 * which the save links to the inquiry. F5 saves everything in one
 * transaction: the call's inquiry (a new one, or the one the call already
 * has), its note, its status and the links. */
#ifndef REPEATDESK_UI_WRAPUP_SCREEN_H
#define REPEATDESK_UI_WRAPUP_SCREEN_H

#include <stdbool.h>

#include "repeatdesk/inquiry.h"

#include "screen.h"

extern const struct screen_ops wrapup_screen_ops;

/* What the wrap-up opens on; owned by the caller (the card's state). */
struct wrapup_arg {
	long long customer_id;
	const char *customer_text;
	const char *since;            /* when the call started (database time) */
	struct inquiry_call *call;    /* the call's inquiry (0: open one) */
	bool leaving;                 /* asked because the card is being left */
	bool *saved;                  /* set true when saved (may be NULL) */
};

#endif
