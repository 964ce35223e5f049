/* subscription_view_screen.c: the subscription screen
 * (subscription_screen.h): everything about one subscription, and the
 * letter keys that open its requests (s skip, u undo a skip, p pause,
 * r resume, c change, x cancel, d drop a reservation; F4 changes, F8
 * cancels). It reads the subscription again after each request. */
#include "subscription_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/live.h"
#include "repeatdesk/xalloc.h"

#include "history_screen.h"
#include "screen_keys.h"

struct view_state {
	struct subs_screen_arg arg;
	struct subscription_view *view;
	bool loaded;
	char error[512];
	struct subs_scroll scroll;
	struct subs_request_arg rq_arg;
	struct history_screen_arg history_arg;
};

static unsigned load(struct view_state *st, struct ui_app *app)
{
	struct rd_error err;
	enum rd_status rc;

	st->error[0] = '\0';
	if (!ui_db_ok(app)) {
		snprintf(st->error, sizeof(st->error), "%s",
			 _("The database is unavailable: the subscription is read again when it is back."));
		return UI_REDRAW;
	}
	rc = subscription_get(ui_db(app), st->arg.id, SUBSCRIPTION_TODAY, st->view, &err);
	if (rc != RD_OK) {
		snprintf(st->error, sizeof(st->error), "%s",
			 err.msg[0] ? err.msg : _(rd_status_message(rc)));
		return UI_REDRAW;
	}
	st->loaded = true;
	return UI_REDRAW;
}

static unsigned view_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct view_state *st = s->state;
	const struct subs_screen_arg *a = arg;

	if (!a)
		return UI_CLOSE;
	st->arg = *a;
	st->view = xcalloc(1, sizeof(*st->view));
	/* changes made on other terminals: the screen follows them */
	if (ui_db_ok(app)) {
		struct rd_error err;

		if (live_listen(ui_db(app), &err) != RD_OK)
			ui_error(app, "%s", err.msg);
	}
	return load(st, app);
}

static void view_close(struct screen *s, struct ui_app *app)
{
	struct view_state *st = s->state;

	(void)app;
	free(st->view);
}

static unsigned view_reload(struct screen *s, struct ui_app *app)
{
	return load(s->state, app);
}

/* The subscription, its lines, skips and reservations, or the customer's
 * addresses changed elsewhere: read it again (request forms are screens
 * of their own above this one and keep their input). */
static unsigned view_notify(struct screen *s, struct ui_app *app, const struct db_notify *n)
{
	struct view_state *st = s->state;
	struct live_record r;

	(void)app;
	if (!live_record_parse(n, &r) || !st->loaded)
		return UI_NONE;
	if (r.subscription_id == st->arg.id ||
	    (r.customer_id && r.customer_id == st->view->state.customer_id &&
	     (strcmp(r.table, "customers") == 0 || strcmp(r.table, "customer_addresses") == 0)))
		return UI_RELOAD;
	return UI_NONE;
}

static void request_done(struct ui_app *app, void *ctx, const struct subscription_result *res)
{
	struct view_state *st = ctx;

	(void)res;
	load(st, app);
	if (st->arg.on_changed)
		st->arg.on_changed(app, st->arg.ctx);
}

static unsigned open_request(struct view_state *st, struct ui_app *app, enum subs_form kind)
{
	if (!st->loaded) {
		ui_error(app, "%s", st->error[0] ? st->error : _("The subscription is not loaded yet."));
		return UI_REDRAW;
	}
	st->rq_arg.id = st->arg.id;
	st->rq_arg.kind = kind;
	st->rq_arg.on_done = request_done;
	st->rq_arg.ctx = st;
	st->rq_arg.hook = st->arg.hook;
	st->rq_arg.hook_arg = st->arg.hook_arg;
	ui_push(app, &subscription_request_screen_ops, &st->rq_arg);
	return UI_REDRAW;
}

static unsigned view_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct view_state *st = s->state;

	if (req == REQ_EDIT)
		return open_request(st, app, SUBS_FORM_CHANGE);
	if (req == REQ_DELETE)
		return open_request(st, app, SUBS_FORM_CANCEL);
	if (req == REQ_HISTORY && st->loaded) {
		memset(&st->history_arg, 0, sizeof(st->history_arg));
		st->history_arg.scope = HISTORY_SUBSCRIPTION;
		st->history_arg.id = st->arg.id;
		snprintf(st->history_arg.title, sizeof(st->history_arg.title),
			 "%lld (%s %s)", st->arg.id,
			 st->view->customer_code, st->view->customer_name);
		ui_push(app, &history_screen_ops, &st->history_arg);
		return UI_REDRAW;
	}
	if (subs_scroll_request(&st->scroll, req))
		return UI_REDRAW;
	return UI_UNHANDLED;
}

/* A key of subs_view_keys (screen_keys.c): the action is its letter. */
static unsigned view_action(struct screen *s, struct ui_app *app, int action, uint32_t cp)
{
	struct view_state *st = s->state;

	(void)cp;
	switch (action) {
	case 's': return open_request(st, app, SUBS_FORM_SKIP);
	case 'u': return open_request(st, app, SUBS_FORM_UNSKIP);
	case 'p': return open_request(st, app, SUBS_FORM_PAUSE);
	case 'r': return open_request(st, app, SUBS_FORM_RESUME);
	case 'c': return open_request(st, app, SUBS_FORM_CHANGE);
	case 'x': return open_request(st, app, SUBS_FORM_CANCEL);
	case 'd': return open_request(st, app, SUBS_FORM_UNRESERVE);
	default: return UI_NONE;
	}
}

static unsigned view_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	(void)s;
	(void)cp;
	/* not a key of this screen (they come to view_action) */
	ui_error(app, "%s", _("Keys: S skip, U undo skip, P pause, R resume, C change, X cancel, D drop a reservation."));
	return UI_REDRAW;
}

static void view_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
		      int cols, int rows)
{
	struct view_state *st = s->state;
	struct layout_text all;

	(void)app;
	subs_view_hint(body, cols);
	if (st->error[0])
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
	if (!st->loaded)
		return;
	layout_text_init(&all);
	subs_view_build(&all, st->view, cols);
	subs_scroll_show(&st->scroll, &all, body, rows - (int)body->n);
	layout_text_done(&all);
}

static const enum ui_request view_requests[] = {
	REQ_EDIT, REQ_DELETE, REQ_HISTORY, REQ_UP, REQ_DOWN, REQ_PAGE_UP,
	REQ_PAGE_DOWN, REQ_FIRST, REQ_LAST, REQ_NONE
};

const struct screen_ops subscription_screen_ops = {
	.name = "subscription",
	.title = N_("Subscription"),
	.state_size = sizeof(struct view_state),
	.requests = view_requests,
	.keys = subs_view_keys,
	.open = view_open,
	.request = view_request,
	.action = view_action,
	.input = view_input,
	.draw = view_draw,
	.reload = view_reload,
	.notify = view_notify,
	.close = view_close,
};
