/* postal_fill.c: a postal-code field that fills the address (postal_fill.h). */
#include "postal_fill.h"

#include <stdio.h>
#include <string.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/sbuf.h"

void postal_fill_init(struct postal_fill *pf, struct ui_app *app, int postal,
		      int prefecture, int address, const char *what)
{
	const char *ep = ui_opts(app)->postal_endpoint;
	struct rd_error err;

	memset(pf, 0, sizeof(*pf));
	pf->postal = postal;
	pf->prefecture = prefecture;
	pf->address = address;
	pf->what = what;
	/* the database's table and cache are asked first, and work without
	 * a service */
	postal_config_init(&pf->cfg);
	pf->have_cfg = ep && *ep &&
		postal_config_set(&pf->cfg, ep, ui_opts(app)->postal_timeout_ms, &err) == RD_OK;
}

static const char *value(const struct form *form, int i)
{
	return i >= 0 ? form_get(form, i) : "";
}

/* Fills prefecture and address from the first answer, unless the operator
 * typed something else there. */
static void fill(struct postal_fill *pf, struct form *form, struct ui_app *app,
		 enum postal_source src)
{
	const struct postal_address *a = &pf->answer.addr[0];
	char addr[sizeof(pf->filled_addr)], shown[16];
	struct sbuf sb;

	snprintf(addr, sizeof(addr), "%s%s", a->city, a->town);
	if (pf->prefecture >= 0 && (!*value(form, pf->prefecture) ||
				    strcmp(value(form, pf->prefecture), pf->filled_pref) == 0))
		form_set(form, pf->prefecture, a->prefecture);
	if (pf->address >= 0 && (!*value(form, pf->address) ||
				 strcmp(value(form, pf->address), pf->filled_addr) == 0))
		form_set(form, pf->address, addr);
	snprintf(pf->filled_pref, sizeof(pf->filled_pref), "%s", a->prefecture);
	snprintf(pf->filled_addr, sizeof(pf->filled_addr), "%s", addr);
	form_set_error(form, pf->postal, NULL);
	pf->missed = false;
	sbuf_init(&sb);
	normalize_postal_format(&sb, a->postal_code);
	snprintf(shown, sizeof(shown), "%s", sb.buf);
	sbuf_done(&sb);
	if (pf->answer.n > 1)
		ui_message(app, _("%s covers %zu towns: %s%s is filled in; check it and add the block number."),
			   shown, pf->answer.n, a->prefecture, addr);
	else
		ui_message(app, _("%s is %s%s (%s): add the block number."), shown,
			   a->prefecture, addr, postal_source_name(src));
}

void postal_fill_leave(struct postal_fill *pf, struct form *form, struct ui_app *app)
{
	const char *code = value(form, pf->postal);
	enum postal_source src;
	enum rd_status rc;
	struct rd_error err;
	char msg[640];

	if (strcmp(code, pf->looked_up) == 0 && !pf->missed)
		return;
	snprintf(pf->looked_up, sizeof(pf->looked_up), "%s", code);
	pf->missed = false;
	if (!*code)
		return;
	rd_error_clear(&err);
	rc = postal_store_lookup(ui_db(app), pf->have_cfg ? &pf->cfg : NULL, code, &pf->answer,
				 &src, &err);
	if (rc == RD_OK) {
		fill(pf, form, app, src);
		return;
	}
	/* not a postal code at all: nothing to ask again */
	pf->missed = rc != RD_INVALID;
	if (rc == RD_NETWORK)
		snprintf(msg, sizeof(msg),
			 _("%s: the postal-code lookup did not answer; type the prefecture and address (%s)"),
			 pf->what ? _(pf->what) : _("Postal code"), err.msg);
	else
		snprintf(msg, sizeof(msg), "%s: %s", pf->what ? _(pf->what) : _("Postal code"), err.msg);
	form_set_error(form, pf->postal, msg);
	ui_error(app, "%s", msg);
}

bool postal_fill_retry(struct postal_fill *pf, struct form *form, struct ui_app *app)
{
	enum postal_source src;
	struct rd_error err;

	if (!pf->missed || strcmp(value(form, pf->postal), pf->looked_up) != 0 ||
	    !ui_db_ok(app))
		return false;
	/* the table and the cache only: a service that is down would make
	 * every move wait for its timeout */
	if (postal_store_lookup(ui_db(app), NULL, pf->looked_up, &pf->answer, &src,
				&err) != RD_OK)
		return false;
	fill(pf, form, app, src);
	return true;
}
