/* subscription_form.h: the request forms of the subscription screens.
 *
 * Each request has its form (forms/subscription_NAME.form). Here a form
 * is filled in with what it starts from (the subscription's values, the
 * proposed resume date, the alternatives offered, a request to adjust),
 * and read back into a struct subscription_request: the reason from the
 * list or typed, product changes as a diff of SKU=QTY against the stored
 * lines, only the fields the agent changed. Pure: no curses, no I/O, no
 * store calls (only the store's structs); unit-tested in
 * tests/unit/check_ui_subscription.c. */
#ifndef REPEATDESK_UI_SUBSCRIPTION_FORM_H
#define REPEATDESK_UI_SUBSCRIPTION_FORM_H

#include <stdbool.h>
#include <stdint.h>

#include "repeatdesk/status.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"

#include "form.h"

/* The request screens, one form each (forms/subscription_NAME.form). */
enum subs_form {
	SUBS_FORM_SKIP,
	SUBS_FORM_UNSKIP,
	SUBS_FORM_PAUSE,
	SUBS_FORM_RESUME,
	SUBS_FORM_CHANGE,
	SUBS_FORM_CANCEL,      /* the retention step, then the outcome */
	SUBS_FORM_UNRESERVE,   /* cancel a pending reservation */
	SUBS_FORM_COUNT
};

/* "subscription_skip": the form's name for form_spec_builtin. */
const char *subs_form_name(enum subs_form k);
/* "Skip a delivery": the request screen's heading, translated. */
const char *subs_form_title(enum subs_form k);

/* Fills the form of kind k with what it starts from: the subscription's
 * current values (change), the proposed resume date (resume), the
 * alternatives the retention step offers (cancel), the first pending
 * reservation (unreserve). These count as loaded, not typed. */
void subs_form_prefill(struct form *f, enum subs_form k,
		       const struct subscription_view *v,
		       const struct subrule_retention *ret,
		       int32_t resume_proposal);

/* The form that edits requests of kind (skip, pause and change: the
 * alternatives of the retention step), or SUBS_FORM_COUNT for none. */
enum subs_form subs_form_for(enum subrule_kind kind);

/* Types into form f (of kind k, prefilled for v) what request q asks for,
 * and reason into its "reason" field: the retention step's alternative
 * becomes a request the agent can adjust. Values are set as typed, so
 * that a change form requests them. */
void subs_form_from_request(struct form *f, enum subs_form k,
			    const struct subscription_view *v,
			    const struct subrule_request *q, const char *reason);

/* What a form asks for: the request, and the reason's text it points to. */
struct subs_ask {
	struct subscription_request req;
	char reason[SUBSCRIPTION_REASON_MAX * 4 + 1];
	char cancel_reason[SUBSCRIPTION_REASON_MAX * 4 + 1];
	long long reservation;        /* SUBS_FORM_UNRESERVE */
};

/* Reads form f of kind k (checked with form_validate first) into *out
 * for subscription v (products are compared with v's lines; the
 * alternatives of a cancel come from ret). Returns RD_OK, or RD_INVALID
 * with the message in err and *bad the form index of the field to fix
 * (the message does not repeat its label, as form_check), or -1 when no
 * single field is at fault. The reason is checked last. out->req.reason
 * points into out: copy *out only with subs_ask_fix. */
enum rd_status subs_request_from_form(const struct form *f, enum subs_form k,
				      const struct subscription_view *v,
				      const struct subrule_retention *ret,
				      struct subs_ask *out, int *bad,
				      struct rd_error *err);
/* Points a->req.reason and cancel_reason at a's buffers again. */
void subs_ask_fix(struct subs_ask *a);

/* The reason picked by its number: when the field with the keyboard is
 * the form's list of reasons ("reason_pick") and cp is the digit 1..9
 * (ASCII or full-width) of one of its choices, sets that choice (as typed) and returns true; else
 * changes nothing and returns false. */
bool subs_form_pick_reason(struct form *f, uint32_t cp);

/* Appends "1 travelling  2 surplus  ..." (translated labels), the
 * numbers that pick a reason from the list; nothing when f has no list. */
void subs_form_reason_numbers(struct sbuf *out, const struct form *f);

#endif
