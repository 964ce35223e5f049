/* history_screen.h: the change history of a customer, an order, a
 * subscription or an agent (history_screen.c): a timeline newest first,
 * filters (F3), one change in full (Enter), the record as it was at a
 * time (a), and the supervisors' revert (r).
 *
 * Any screen opens it with ui_push(app, &history_screen_ops, &arg); arg
 * is copied in open, so it may live on the opener's state. */
#ifndef REPEATDESK_UI_HISTORY_SCREEN_H
#define REPEATDESK_UI_HISTORY_SCREEN_H

#include "repeatdesk/history.h"

#include "screen.h"

struct history_screen_arg {
	enum history_scope scope;
	long long id;        /* the customer, order or subscription id */
	char login[64];      /* HISTORY_AGENT: whose changes */
	char title[384];     /* what the heading names: "C0000029 清水 洋子" */
};

extern const struct screen_ops history_screen_ops;

#endif
