/* dashboard_screen.c: the supervisor dashboard (dashboard_screen.h).
 *
 * Open call lists come first when there are any: each list's progress as
 * the database computes it (rd.call_list_progress), re-read with the rest
 * on every inquiry change, so an outcome recorded at any terminal shows. */
#include "dashboard_screen.h"

#include <stdio.h>
#include <string.h>

#include "repeatdesk/calllist.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/inquiry.h"

#include "inquiry_screen.h"
#include "inquiry_text.h"
#include "report_screen.h"
#include "screen_keys.h"

#define WAITING_MAX 20
#define LISTS_MAX 3

struct dash_state {
	struct inquiry_dashboard d;
	bool loaded;
	bool refused;
	char error[512];
	struct inquiry list[WAITING_MAX];
	size_t n, sel;
	int top, lines, page;
	unsigned reads;                /* how many times it was read (the e2e
					* test sees it move without a key) */
	struct inquiry_screen_arg open_arg;
	struct calllist_progress lists[LISTS_MAX];   /* open call lists, newest first */
	size_t nlists;
};

/* Escalated first, then unassigned and overdue ones not already listed. */
static enum rd_status read_waiting(struct dash_state *st, struct rd_db *db,
				   struct rd_error *err)
{
	struct inquiry more[WAITING_MAX];
	struct inquiry_query q = { .queue = INQ_Q_ESCALATED, .sort = INQ_SORT_PRIORITY,
				   .limit = WAITING_MAX };
	size_t m = 0;
	enum rd_status rc = inquiry_list(db, &q, st->list, &st->n, err);

	if (rc != RD_OK)
		return rc;
	for (int k = 0; k < 2 && rc == RD_OK; k++) {
		q.queue = k == 0 ? INQ_Q_UNASSIGNED : INQ_Q_OVERDUE;
		q.sort = INQ_SORT_AGE;
		rc = inquiry_list(db, &q, more, &m, err);
		for (size_t i = 0; rc == RD_OK && i < m && st->n < WAITING_MAX; i++) {
			bool dup = false;

			for (size_t j = 0; j < st->n; j++)
				dup = dup || st->list[j].id == more[i].id;
			if (!dup)
				st->list[st->n++] = more[i];
		}
	}
	return rc;
}

static unsigned load(struct dash_state *st, struct ui_app *app)
{
	struct rd_error err;
	enum rd_status rc;

	st->error[0] = '\0';
	if (!ui_db_ok(app)) {
		snprintf(st->error, sizeof(st->error), "%s",
			 _("The database is unavailable: the dashboard is read again when it is back."));
		return UI_REDRAW;
	}
	rc = inquiry_dashboard(ui_db(app), &st->d, &err);
	st->refused = rc == RD_PERMISSION;
	if (rc == RD_OK)
		rc = read_waiting(st, ui_db(app), &err);
	if (rc == RD_OK)
		rc = calllist_list(ui_db(app), false, st->lists, LISTS_MAX, &st->nlists, &err);
	if (rc != RD_OK) {
		snprintf(st->error, sizeof(st->error), "%s", err.msg);
		st->loaded = false;
		return UI_REDRAW;
	}
	st->loaded = true;
	st->reads++;
	if (st->sel >= st->n)
		st->sel = st->n ? st->n - 1 : 0;
	return UI_REDRAW;
}

static unsigned dash_open(struct screen *s, struct ui_app *app, const void *arg)
{
	(void)arg;
	inquiry_ui_listen(app);
	return load(s->state, app);
}

static unsigned dash_reload(struct screen *s, struct ui_app *app)
{
	return load(s->state, app);
}

static unsigned open_selected(struct dash_state *st, struct ui_app *app, bool handoff)
{
	if (!st->loaded || !st->n)
		return UI_NONE;
	st->open_arg.id = st->list[st->sel].id;
	st->open_arg.handoff = handoff;
	ui_push(app, &inquiry_screen_ops, &st->open_arg);
	return UI_REDRAW;
}

static unsigned dash_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct dash_state *st = s->state;

	switch (req) {
	case REQ_UP:
		if (st->sel > 0)
			st->sel--;
		return UI_REDRAW;
	case REQ_DOWN:
		if (st->sel + 1 < st->n)
			st->sel++;
		return UI_REDRAW;
	case REQ_ENTER:
		return open_selected(st, app, false);
	default:
		return UI_UNHANDLED;
	}
}

/* A key of dashboard_keys (screen_keys.c): a reassigns, r the reports. */
static unsigned dash_action(struct screen *s, struct ui_app *app, int action, uint32_t cp)
{
	(void)cp;
	if (action == 'r') {
		ui_push(app, &report_screen_ops, NULL);
		return UI_REDRAW;
	}
	return action == 'a' ? open_selected(s->state, app, true) : UI_NONE;
}

static unsigned dash_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	(void)s;
	(void)cp;
	ui_message(app, "%s", _("Enter opens the selected inquiry, a reassigns it."));
	return UI_REDRAW;
}

static unsigned dash_notify(struct screen *s, struct ui_app *app, const struct db_notify *n)
{
	struct dash_state *st = s->state;
	struct inquiry_event ev;

	(void)app;
	if (st->refused || !inquiry_notify_parse(n, &ev) || ev.presence)
		return UI_NONE;
	return UI_RELOAD;
}

/* The open call lists' progress: two lines a list. */
static void lists_build(struct layout_text *out, const struct calllist_progress *l, size_t n,
			int cols)
{
	struct sbuf sb;

	if (!n)
		return;
	sbuf_init(&sb);
	layout_text_addf(out, LAYOUT_HEADING, " %s", _("Call lists (open): progress"));
	for (size_t i = 0; i < n; i++) {
		const struct calllist_progress *p = &l[i];

		sbuf_reset(&sb);
		sbuf_printf(&sb, _("#%lld %s (%s)"), p->id, p->name, p->team);
		layout_text_wrap(out, LAYOUT_NORMAL, 3, sb.buf, cols - 4);
		sbuf_reset(&sb);
		sbuf_printf(&sb, _("done %lld/%lld (reached %lld, kept %lld, cancelled %lld, wrong number %lld) · to call again %lld · not called %lld · left out %lld"),
			    calllist_progress_done(p), p->total, p->done[CALL_REACHED],
			    p->done[CALL_KEPT], p->done[CALL_CANCELLED], p->done[CALL_WRONG_NUMBER],
			    p->waiting_retry, p->not_called, p->left_out_no_call);
		layout_text_wrap(out, LAYOUT_DIM, 5, sb.buf, cols - 6);
	}
	layout_text_add(out, LAYOUT_NORMAL);
	sbuf_done(&sb);
}

static void dash_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
		      int cols, int rows)
{
	struct dash_state *st = s->state;
	struct layout_text all;

	(void)app;
	if (st->refused) {
		layout_text_add(body, LAYOUT_NORMAL);
		layout_text_wrap(body, LAYOUT_NORMAL, 2,
				 _("The dashboard is for supervisors. The database did not show it to your login:"),
				 cols - 4);
		layout_text_wrap(body, LAYOUT_DIM, 4, st->error, cols - 6);
		layout_text_wrap(body, LAYOUT_NORMAL, 2,
				 _("Ctrl-N shows the inquiry queues, which everyone at the desk can work. Esc goes back."),
				 cols - 4);
		return;
	}
	if (st->error[0])
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
	if (!st->loaded)
		return;
	layout_text_init(&all);
	lists_build(&all, st->lists, st->nlists, cols);
	dashboard_build(&all, &st->d, st->list, st->n, st->sel, cols);
	for (size_t i = 0; i < all.n && (int)body->n < rows - 1; i++)
		layout_line_copy(layout_text_add(body, LAYOUT_NORMAL), &all.lines[i]);
	layout_text_done(&all);
	while ((int)body->n < rows - 1)
		layout_text_add(body, LAYOUT_NORMAL);
	layout_text_addf(body, LAYOUT_DIM, " %s %u", _("Live: re-read on every change. Reads:"),
			 st->reads);
}

static const enum ui_request dash_requests[] = {
	REQ_UP, REQ_DOWN, REQ_ENTER, REQ_NONE
};

const struct screen_ops dashboard_screen_ops = {
	.name = "dashboard",
	.title = N_("Supervisor dashboard"),
	.state_size = sizeof(struct dash_state),
	.requests = dash_requests,
	.keys = dashboard_keys,
	.open = dash_open,
	.request = dash_request,
	.action = dash_action,
	.input = dash_input,
	.draw = dash_draw,
	.reload = dash_reload,
	.notify = dash_notify,
};
