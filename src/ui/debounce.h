/* debounce.h: run a search once the typing pauses (issue 15).
 *
 * Pure: the caller passes the time (milliseconds of a monotonic clock:
 * live_now_ms()), so a test drives it with a fake clock.
 *
 *	debounce_init(&d, 200);
 *	on each edit:        debounce_edit(&d, now);     (results now stale)
 *	the loop's timeout:  debounce_due(&d)            (0: nothing pending)
 *	when the time comes: if (debounce_fire(&d, now)) search();
 *	on Enter:            if (debounce_flush(&d)) search();
 *	a search run anyway: debounce_cancel(&d);
 *
 * While debounce_pending() the results on screen belong to older text:
 * the lookup does not show them. */
#ifndef RD_UI_DEBOUNCE_H
#define RD_UI_DEBOUNCE_H

#include <stdbool.h>

/* The pause after the last keystroke before the search runs. */
#define DEBOUNCE_LOOKUP_MS 200

struct debounce {
	int delay_ms;
	long long due;        /* when the pending search runs; 0: none */
	unsigned long edits;  /* edits since init (for tests and traces) */
};

void debounce_init(struct debounce *d, int delay_ms);
/* The text changed at now: the search is due delay_ms later (a later
 * edit moves it on again). */
void debounce_edit(struct debounce *d, long long now);
/* True while a search is owed for the text as it is now. */
bool debounce_pending(const struct debounce *d);
/* When the pending search is due (0: none). */
long long debounce_due(const struct debounce *d);
/* True (and no longer pending) when the search is due at now. */
bool debounce_fire(struct debounce *d, long long now);
/* True (and no longer pending) when a search was pending: Enter runs it
 * at once. */
bool debounce_flush(struct debounce *d);
/* Nothing pending any more (the search ran for another reason). */
void debounce_cancel(struct debounce *d);

#endif
