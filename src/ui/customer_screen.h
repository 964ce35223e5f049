/* customer_screen.h: the customer card.
 *
 * Profile and contact preferences, active and paused subscriptions with
 * the cycle in words, the last orders, open inquiries and the latest
 * changes (who, when, what: old → new). F4 edits. The top line shows the
 * customer in context. ui_push(&customer_screen_ops, code): code (a
 * customer code) must stay valid until the push is done. */
#ifndef REPEATDESK_UI_CUSTOMER_SCREEN_H
#define REPEATDESK_UI_CUSTOMER_SCREEN_H

#include "screen.h"

extern const struct screen_ops customer_screen_ops;

#endif
