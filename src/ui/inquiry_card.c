/* inquiry_card.c: what the customer card does for the inquiry log
 * (inquiry_screen.h): presence, Ctrl-N, F12, and the wrap-up asked for
 * when the card is left after changes made in the call. */
#include "inquiry_screen.h"

#include <stdio.h>
#include <string.h>

#include "repeatdesk/i18n.h"

#include "inquiry_text.h"

void inquiry_card_open(struct inquiry_card *c, struct ui_app *app, long long id,
		       const char *text)
{
	c->customer_id = id;
	snprintf(c->customer_text, sizeof(c->customer_text), "%s", text ? text : "");
	c->call.customer_id = id;
	if (!ui_db_ok(app) || id <= 0)
		return;
	inquiry_ui_listen(app);
	/* the call starts now: what this agent changes from here on is the
	 * call's. The database's clock comes with the presence, in the
	 * inquiry_card_load that follows (a failure leaves it empty: the
	 * wrap-up then links nothing) */
	c->since[0] = '\0';
	c->since_due = true;
}

void inquiry_card_load(struct inquiry_card *c, struct ui_app *app)
{
	struct rd_error err;

	c->npresence = 0;
	if (!ui_db_ok(app) || c->customer_id <= 0)
		return;
	/* one statement marks this terminal's presence and reads the
	 * others'; the database writes only when the mark is new or had
	 * expired (after a reconnect: it belongs to the terminal, not to
	 * the session) */
	if (inquiry_presence_open(ui_db(app), c->customer_id, c->presence, INQUIRY_CARD_PRESENCE,
				  &c->npresence, c->since_due ? c->since : NULL, sizeof(c->since),
				  &err) != RD_OK) {
		c->npresence = 0;
		ui_error(app, "%s", err.msg);
	}
	c->since_due = false;
}

void inquiry_card_presence_line(const struct inquiry_card *c, struct layout_text *out)
{
	struct sbuf sb;

	if (!c->npresence)
		return;
	sbuf_init(&sb);
	sbuf_adds(&sb, " ! ");
	inquiry_presence_text(&sb, c->presence, c->npresence);
	layout_text_addf(out, LAYOUT_ERROR, "%s", sb.buf);
	sbuf_done(&sb);
}

unsigned inquiry_card_inquiries(struct inquiry_card *c, struct ui_app *app)
{
	if (c->customer_id <= 0)
		return UI_NONE;
	c->queue_arg.customer_id = c->customer_id;
	snprintf(c->queue_arg.customer_text, sizeof(c->queue_arg.customer_text), "%s",
		 c->customer_text);
	ui_push(app, &inquiry_queue_screen_ops, &c->queue_arg);
	return UI_REDRAW;
}

static unsigned push_wrapup(struct inquiry_card *c, struct ui_app *app, bool leaving)
{
	if (c->customer_id <= 0)
		return UI_NONE;
	memset(&c->wrap, 0, sizeof(c->wrap));
	c->wrap.customer_id = c->customer_id;
	c->wrap.customer_text = c->customer_text;
	c->wrap.since = c->since;
	c->wrap.call = &c->call;
	c->wrap.leaving = leaving;
	c->wrap.saved = &c->logged;
	c->logged = false;
	ui_push(app, &wrapup_screen_ops, &c->wrap);
	return UI_REDRAW;
}

unsigned inquiry_card_wrapup(struct inquiry_card *c, struct ui_app *app)
{
	/* saved from F12: the card stays */
	return push_wrapup(c, app, false);
}

unsigned inquiry_card_back(struct inquiry_card *c, struct screen *s, struct ui_app *app)
{
	char changes[1][INQUIRY_CHANGE_TEXT];
	struct rd_error err;
	size_t n = 0;

	if (c->asked || !ui_db_ok(app) || !c->since[0])
		return UI_CLOSE;
	if (inquiry_pending_changes(ui_db(app), c->customer_id, c->since, 0, changes, 1, &n,
				    &err) != RD_OK)
		return UI_CLOSE;
	/* nothing changed that no inquiry links, and no request of this call
	 * (the subscription hook) waits for its wrap-up */
	if (n == 0 && (c->call.inquiry_id <= 0 || c->logged))
		return UI_CLOSE;
	c->asked = true;
	/* shown again after the wrap-up: the reload closes it when saved */
	s->stale = true;
	return push_wrapup(c, app, true);
}

unsigned inquiry_card_reload(struct inquiry_card *c)
{
	if (c->logged && c->wrap.leaving) {
		c->wrap.leaving = false;
		return UI_CLOSE;
	}
	return 0;
}

unsigned inquiry_card_notify(struct inquiry_card *c, const struct db_notify *n)
{
	struct inquiry_event ev;

	if (!inquiry_notify_parse(n, &ev) || ev.customer_id != c->customer_id)
		return UI_NONE;
	return UI_RELOAD;
}

void inquiry_card_close(struct inquiry_card *c, struct ui_app *app)
{
	struct rd_error err;

	if (c->customer_id > 0 && ui_db_ok(app))
		inquiry_presence_clear(ui_db(app), c->customer_id, &err);
}
