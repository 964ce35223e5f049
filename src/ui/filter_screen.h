/* filter_screen.h: the filter panel of the lookup (F3) and the saved
 * filters of the agent (F7 in the panel).
 *
 * The panel is forms/filter.form: every key and filter of a customer
 * search (prefecture, age range, gender, subscriptions, product, LTV
 * range, RFM, last order dates, media code, contact preferences). Enter
 * searches with them; F5 saves them under a name (per agent, in the
 * database); F7 lists the saved ones to open or delete (F8); F9 clears. */
#ifndef REPEATDESK_UI_FILTER_SCREEN_H
#define REPEATDESK_UI_FILTER_SCREEN_H

#include "repeatdesk/customer.h"
#include "screen.h"

/* What ui_push(&filter_screen_ops, arg) takes; arg must stay valid while
 * the panel is open (it lives in the lookup's state). */
struct filter_arg {
	struct customer_query *query; /* read when the panel opens, written
				       * when the operator searches */
	char **summary;               /* set to a one-line summary of the
				       * filters (malloc'd, NULL for none);
				       * the old one is freed */
	/* Called after query and summary were written; the panel closes. */
	unsigned (*on_apply)(struct ui_app *app, void *ctx);
	void *ctx;
};

extern const struct screen_ops filter_screen_ops;

#endif
