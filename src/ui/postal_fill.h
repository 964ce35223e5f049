/* postal_fill.h: a postal-code field that fills the prefecture and the
 * address fields of the same form, shared by every address form (the
 * order entry's new address, the customer form).
 *
 * Leaving the postal field asks the postal-code table, its cache and the
 * service (at most its timeout). A code nobody knew is marked on the field
 * and remembered: each later move between fields asks the table and cache
 * again (never the service: nothing waits), so a code that an import or
 * another terminal's lookup added meanwhile still fills the form, and
 * leaving the postal field again asks the service once more. What the
 * operator typed in the prefecture or address is never replaced. */
#ifndef REPEATDESK_UI_POSTAL_FILL_H
#define REPEATDESK_UI_POSTAL_FILL_H

#include <stdbool.h>

#include "repeatdesk/postal.h"
#include "repeatdesk/postal_store.h"

#include "form.h"
#include "screen.h"

struct postal_fill {
	int postal, prefecture, address;   /* form indexes; -1: not on the form */
	const char *what;                  /* prefix of messages ("New address"), or NULL */
	struct postal_config cfg;
	bool have_cfg;                     /* a service is configured */
	struct postal_answer answer;
	char looked_up[32];                /* the code last looked up */
	bool missed;                       /* and nobody knew it */
	char filled_pref[POSTAL_PREFECTURE_SIZE];
	char filled_addr[POSTAL_CITY_SIZE + POSTAL_TOWN_SIZE];
};

/* Sets pf up for the fields postal, prefecture and address of a form;
 * the service is the one the options name (REPEATDESK_POSTAL_ENDPOINT or
 * the configuration file). what is kept (a static string). */
void postal_fill_init(struct postal_fill *pf, struct ui_app *app, int postal,
		      int prefecture, int address, const char *what);

/* The operator left the postal field: looks the code up (once per code,
 * again after a miss) and fills the form, or marks the field. */
void postal_fill_leave(struct postal_fill *pf, struct form *form, struct ui_app *app);

/* After a miss, while the field still holds that code: asks the table and
 * its cache again, quietly; fills the form when they know it now. Returns
 * true when it filled. */
bool postal_fill_retry(struct postal_fill *pf, struct form *form, struct ui_app *app);

#endif
