/* screen_keys.h: every screen's own keys, declared as data.
 *
 * Each screen's character keys (the inquiry screen's t/h/e/…, the order
 * screen's c/r, the subscription list's option column 2/4/5/7/8, …) and
 * its requests said in its own words (F4 "Swap" on order entry, F8
 * "Cancel" where F8 cancels) live in one table per screen here. The shell
 * dispatches character keys from these tables only (screen_ops.keys and
 * .action), and the legend and the F1 help read the same tables, so the
 * help cannot disagree with what the keys do. Pure data: the unit tests
 * walk screen_keys_all.
 *
 * Modes: a screen whose keys change with what it shows (a list, then a
 * form) names its modes here; its keys_mode operation returns one, and an
 * entry's modes mask says where it is live. Action codes are the
 * screen's own: by convention the lower-case letter of the default key. */
#ifndef REPEATDESK_UI_SCREEN_KEYS_H
#define REPEATDESK_UI_SCREEN_KEYS_H

#include "repeatdesk/keys.h"

#define SCREEN_KEYS_MODE(m) (1u << (m))

/* The requests of a form being typed in (F5 saves, Esc leaves, Enter and
 * Tab move between fields, the editing keys), and of a one-line prompt
 * (no field to move to, nothing to save but with Enter): one list each,
 * shared by every screen that has one. */
extern const enum ui_request screen_form_requests[];
extern const enum ui_request screen_line_requests[];

enum inquiry_keys_mode {
	INQUIRY_KM_VIEW,
	INQUIRY_KM_PROMPT,
	INQUIRY_KM_PICK,   /* whom to hand off to: a list narrowed by typing */
	INQUIRY_KM_CALL,   /* an open outbound call (of a call list): the view, and k */
	INQUIRY_KM_OUTCOME,/* the outcome of the call, picked from a list */
	INQUIRY_KM_COUNT
};
enum calllist_keys_mode {
	CALLLIST_KM_TEAM,    /* which team's queue: a list narrowed by typing */
	CALLLIST_KM_FORM,    /* the list's name and category */
	CALLLIST_KM_DONE,    /* made (or refused): what happened */
	CALLLIST_KM_COUNT
};
enum order_detail_keys_mode {
	ORDER_DETAIL_KM_VIEW,
	ORDER_DETAIL_KM_FORM,      /* the reason of a cancel or return; a change */
	ORDER_DETAIL_KM_CONFLICT,
	ORDER_DETAIL_KM_ASK_SUB,   /* what becomes of the subscription: c or k */
	ORDER_DETAIL_KM_COUNT
};
enum order_entry_keys_mode {
	ORDER_ENTRY_KM_EDIT,
	ORDER_ENTRY_KM_PICK,
	ORDER_ENTRY_KM_CONFIRM,
	ORDER_ENTRY_KM_CHOOSE,     /* payment, date, time or media from a list */
	ORDER_ENTRY_KM_COUNT
};
enum subs_request_keys_mode {
	SUBS_REQUEST_KM_FORM,
	SUBS_REQUEST_KM_PREVIEW,
	SUBS_REQUEST_KM_CONFLICT,
	SUBS_REQUEST_KM_COUNT
};
enum customer_form_keys_mode {
	CUSTOMER_FORM_KM_EDIT,
	CUSTOMER_FORM_KM_CONFLICT,
	CUSTOMER_FORM_KM_COUNT
};
enum history_keys_mode {
	HISTORY_KM_LIST,
	HISTORY_KM_OTHER,   /* a change in full, the as-of view */
	HISTORY_KM_FILTER,  /* the filters */
	HISTORY_KM_PROMPT,  /* a time, a reason */
	HISTORY_KM_COUNT
};

enum report_keys_mode {
	REPORT_KM_MENU,     /* the reports and their views */
	REPORT_KM_RESULT,   /* a report's chart and table */
	REPORT_KM_FILTER,   /* the period and the filters (a form) */
	REPORT_KM_EXPORT,   /* where the CSV goes (one field) */
	REPORT_KM_COUNT
};

extern const struct keys_local home_keys[];
extern const struct keys_local report_keys[];
extern const struct keys_local inquiry_keys[];
extern const struct keys_local inquiry_queue_keys[];
extern const struct keys_local dashboard_keys[];
extern const struct keys_local order_detail_keys[];
extern const struct keys_local order_entry_keys[];
extern const struct keys_local subs_list_keys[];
extern const struct keys_local subs_view_keys[];
extern const struct keys_local subs_request_keys[];
extern const struct keys_local customer_form_keys[];
extern const struct keys_local history_keys[];
extern const struct keys_local lookup_keys[];
extern const struct keys_local calllist_keys[];
extern const struct keys_local customer_card_keys[];
extern const struct keys_local saved_filters_keys[];
extern const struct keys_local order_list_keys[];
extern const struct keys_local form_screen_keys[];  /* any screen that is one form */

/* For the tests: every table, with the screen it belongs to. */
struct screen_keys_info {
	const char *name;               /* screen_ops.name */
	const struct keys_local *keys;
	unsigned nmodes;                /* modes 0..nmodes-1 */
};
extern const struct screen_keys_info screen_keys_all[]; /* ends with NULL name */

#endif
