/* subscription_text.h: the text of the subscription screens, and the
 * request an agent's form stands for.
 *
 * The list of a customer's subscriptions (with its option column), the
 * subscription screen, the preview of a request, the retention step of a
 * cancellation and the conflict view are built here into layout lines
 * from the structs the store fills (subscription.h, subrule.h), so that
 * what they show is unit-tested without a terminal or a database. The
 * request forms (forms/subscription_*.form) are read back into a struct
 * subscription_request here as well. Pure: no curses, no I/O, no store
 * calls (only the store's structs). */
#ifndef REPEATDESK_UI_SUBSCRIPTION_TEXT_H
#define REPEATDESK_UI_SUBSCRIPTION_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "repeatdesk/layout.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"

#include "repeatdesk/keys.h"

#include "form.h"

/* --- scrolling text taller than the screen --- */

/* A screen's view onto text it builds whole: the first line shown, and
 * the sizes at the last draw. */
struct subs_scroll {
	int top;
	int lines;
	int page;
};

/* Moves s for an Up/Down/PgUp/PgDn/Home/End request. Returns true when
 * the request was one of those (whether or not it moved). */
bool subs_scroll_request(struct subs_scroll *s, enum ui_request req);
/* Copies at most rows lines of all, from s->top (kept within range), to
 * body, and remembers the sizes. */
void subs_scroll_show(struct subs_scroll *s, const struct layout_text *all,
		      struct layout_text *body, int rows);

/* --- the list of a customer's subscriptions --- */

/* The options typed next to a line, as on classic order-entry terminals. */
enum subs_option {
	SUBS_OPT_NONE = 0,
	SUBS_OPT_CHANGE = '2',
	SUBS_OPT_CANCEL = '4',
	SUBS_OPT_SHOW = '5',
	SUBS_OPT_SKIP = '7',
	SUBS_OPT_PAUSE = '8',
};

/* The option a typed character stands for, or SUBS_OPT_NONE. */
enum subs_option subs_option_parse(uint32_t cp);

/* The hint line of the list: the options and how to execute them. */
void subs_list_hint(struct layout_text *out, int cols);
/* The heading line of the list. */
void subs_list_header(struct layout_line *l, int cols);
/* One subscription: the option typed next to it (or '_'), id, status,
 * cycle in words, next delivery, its number, what one delivery costs and
 * the products; '>' and LAYOUT_BAR when selected. */
void subs_list_row(struct layout_line *l, const struct subscription_row *r,
		   enum subs_option opt, bool selected, int cols);

/* --- the subscription screen --- */

/* The hint line of the subscription screen: its letter keys. */
void subs_view_hint(struct layout_text *out, int cols);
/* Builds the whole subscription (status, cycle in words, delivery number
 * reached, products, price, payment, address, time slot, the next
 * deliveries with their numbers and cut-off, reservations, recent
 * history) for cols columns; not cut to a height (the screen scrolls). */
void subs_view_build(struct layout_text *out, const struct subscription_view *v,
		     int cols);

/* --- requests --- */

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
 * single field is at fault. The reason is checked last. out->req.reason points into out:
 * copy *out only with subs_ask_fix. */
enum rd_status subs_request_from_form(const struct form *f, enum subs_form k,
				      const struct subscription_view *v,
				      const struct subrule_retention *ret,
				      struct subs_ask *out, int *bad,
				      struct rd_error *err);
/* Points a->req.reason and cancel_reason at a's buffers again. */
void subs_ask_fix(struct subs_ask *a);

/* Builds the preview of a request: what it does, why a rule refuses it
 * (naming the rule), the deliveries it affects (number, old date -> new
 * date), the next three deliveries afterwards, the price effect, the
 * notes, and a reservation's first delivery. */
void subs_preview_build(struct layout_text *out, const struct subrule_preview *p,
			int cols);

/* Builds the retention step: the customer's commitment (deliveries made
 * and still owed, the early-cancel fee, the discount lost, the count
 * starting again) and the alternatives to offer. */
void subs_retention_build(struct layout_text *out, const struct subrule_retention *r,
			  int cols);

/* The preview of cancelling reservation r of v. */
void subs_unreserve_build(struct layout_text *out, const struct subscription_reservation *r,
			  int cols);

/* The conflict view: nothing was saved, who changed what (the store's
 * message), the subscription as it is now, and what the keys do. */
void subs_conflict_build(struct layout_text *out, const char *message,
			 const struct subscription_view *now, int cols);

/* "Done: skip delivery 4 (12/15) · version 3 · reservation 7 pending". */
void subs_result_text(struct sbuf *out, const struct subscription_result *r);

#endif
