/* subscription_list_screen.c: a customer's subscriptions, with the option
 * column of classic order-entry terminals (subscription_screen.h).
 *
 * Options typed next to lines stay marked until they are executed: Enter
 * executes the first marked line (top down) and the agent presses Enter
 * again for the next; with none marked, Enter shows the selected line.
 * Space or Backspace clears the selected line's option. */
#include "subscription_screen.h"
#include "screen_keys.h"

#include <stdio.h>
#include <string.h>

#include "repeatdesk/i18n.h"

#define LIST_MAX 32

struct list_state {
	struct subs_list_arg arg;
	struct subscription_row rows[LIST_MAX];
	enum subs_option opts[LIST_MAX];
	int n;
	int sel;
	int top;
	char error[512];
	struct subs_screen_arg show_arg;
	struct subs_request_arg rq_arg;
};

static unsigned load(struct list_state *st, struct ui_app *app)
{
	struct subscription_row keep[LIST_MAX];
	enum subs_option opts[LIST_MAX];
	struct rd_error err;
	enum rd_status rc;
	int n = st->n;

	st->error[0] = '\0';
	if (!ui_db_ok(app)) {
		snprintf(st->error, sizeof(st->error), "%s",
			 _("The database is unavailable: the list is read again when it is back."));
		return UI_REDRAW;
	}
	/* options typed stay with their subscription across a reload */
	memcpy(keep, st->rows, sizeof(keep));
	memcpy(opts, st->opts, sizeof(opts));
	rc = subscription_list(ui_db(app), st->arg.customer_id, SUBSCRIPTION_TODAY, st->rows,
			       LIST_MAX, &st->n, &err);
	if (rc != RD_OK) {
		st->n = 0;
		snprintf(st->error, sizeof(st->error), "%s",
			 err.msg[0] ? err.msg : _(rd_status_message(rc)));
		return UI_REDRAW;
	}
	memset(st->opts, 0, sizeof(st->opts));
	for (int i = 0; i < st->n; i++)
		for (int j = 0; j < n; j++)
			if (keep[j].id == st->rows[i].id)
				st->opts[i] = opts[j];
	if (st->sel >= st->n)
		st->sel = st->n ? st->n - 1 : 0;
	return UI_REDRAW;
}

static unsigned list_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct list_state *st = s->state;
	const struct subs_list_arg *a = arg;

	if (!a)
		return UI_CLOSE;
	st->arg = *a;
	return load(st, app);
}

static unsigned list_reload(struct screen *s, struct ui_app *app)
{
	return load(s->state, app);
}

static void changed(struct ui_app *app, void *ctx)
{
	struct list_state *st = ctx;

	load(st, app);
	if (st->arg.on_changed)
		st->arg.on_changed(app, st->arg.ctx);
}

static void request_done(struct ui_app *app, void *ctx, const struct subscription_result *res)
{
	(void)res;
	changed(app, ctx);
}

/* Executes option opt on line i. */
static unsigned execute(struct list_state *st, struct ui_app *app, int i, enum subs_option opt)
{
	enum subs_form kind;

	if (i < 0 || i >= st->n)
		return UI_NONE;
	st->opts[i] = SUBS_OPT_NONE;
	st->sel = i;
	switch (opt) {
	case SUBS_OPT_SHOW:
		st->show_arg.id = st->rows[i].id;
		st->show_arg.on_changed = changed;
		st->show_arg.ctx = st;
		st->show_arg.hook = st->arg.hook;
		st->show_arg.hook_arg = st->arg.hook_arg;
		ui_push(app, &subscription_screen_ops, &st->show_arg);
		return UI_REDRAW;
	case SUBS_OPT_CHANGE: kind = SUBS_FORM_CHANGE; break;
	case SUBS_OPT_CANCEL: kind = SUBS_FORM_CANCEL; break;
	case SUBS_OPT_SKIP: kind = SUBS_FORM_SKIP; break;
	case SUBS_OPT_PAUSE: kind = SUBS_FORM_PAUSE; break;
	default: return UI_NONE;
	}
	st->rq_arg.id = st->rows[i].id;
	st->rq_arg.kind = kind;
	st->rq_arg.on_done = request_done;
	st->rq_arg.ctx = st;
	st->rq_arg.hook = st->arg.hook;
	st->rq_arg.hook_arg = st->arg.hook_arg;
	ui_push(app, &subscription_request_screen_ops, &st->rq_arg);
	return UI_REDRAW;
}

static unsigned enter(struct list_state *st, struct ui_app *app)
{
	for (int i = 0; i < st->n; i++)
		if (st->opts[i])
			return execute(st, app, i, st->opts[i]);
	return execute(st, app, st->sel, SUBS_OPT_SHOW);
}

static unsigned move(struct list_state *st, int sel)
{
	if (sel >= st->n)
		sel = st->n - 1;
	if (sel < 0)
		sel = 0;
	st->sel = sel;
	return UI_REDRAW;
}

static unsigned list_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct list_state *st = s->state;

	if (st->n == 0 && req != REQ_BACKSPACE)
		return req == REQ_ENTER || req == REQ_EDIT || req == REQ_DELETE ? UI_NONE : UI_UNHANDLED;
	switch (req) {
	case REQ_ENTER: return enter(st, app);
	case REQ_EDIT: return execute(st, app, st->sel, SUBS_OPT_CHANGE);
	case REQ_DELETE: return execute(st, app, st->sel, SUBS_OPT_CANCEL);
	case REQ_UP: return move(st, st->sel - 1);
	case REQ_DOWN: return move(st, st->sel + 1);
	case REQ_PAGE_UP: return move(st, st->sel - 10);
	case REQ_PAGE_DOWN: return move(st, st->sel + 10);
	case REQ_FIRST: return move(st, 0);
	case REQ_LAST: return move(st, st->n - 1);
	case REQ_BACKSPACE:
		if (st->sel < st->n)
			st->opts[st->sel] = SUBS_OPT_NONE;
		return UI_REDRAW;
	default: return UI_UNHANDLED;
	}
}

static unsigned list_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	(void)s;
	(void)cp;
	/* not an option (they come to list_action) */
	ui_error(app, "%s", _("Options: 2=Change 4=Cancel 5=Show 7=Skip 8=Pause (Space clears)."));
	return UI_REDRAW;
}

/* A key of subs_list_keys (screen_keys.c): an option of the option column
 * (the action is its digit), or Space to clear it. */
static unsigned list_action(struct screen *s, struct ui_app *app, int action, uint32_t cp)
{
	struct list_state *st = s->state;
	enum subs_option opt = subs_option_parse((uint32_t)action);

	(void)app;
	(void)cp;
	if (st->n == 0)
		return UI_NONE;
	if (action == ' ' || !opt) {
		st->opts[st->sel] = SUBS_OPT_NONE;
		return UI_REDRAW;
	}
	st->opts[st->sel] = opt;
	/* the next line, as the cursor of an option column moves on */
	if (st->sel + 1 < st->n)
		st->sel++;
	return UI_REDRAW;
}

static void list_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
		      int cols, int rows)
{
	struct list_state *st = s->state;
	int shown, marked = 0;

	(void)app;
	subs_list_hint(body, cols);
	if (st->error[0]) {
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
		return;
	}
	if (st->n == 0) {
		layout_text_addf(body, LAYOUT_NORMAL, " %s", _("This customer has no subscriptions."));
		return;
	}
	for (int i = 0; i < st->n; i++)
		marked += st->opts[i] != SUBS_OPT_NONE;
	subs_list_header(layout_text_add(body, LAYOUT_HEADING), cols);
	shown = rows - (int)body->n - 1;
	if (shown < 1)
		shown = 1;
	if (st->sel < st->top)
		st->top = st->sel;
	if (st->sel >= st->top + shown)
		st->top = st->sel - shown + 1;
	for (int i = st->top; i < st->n && i < st->top + shown; i++)
		subs_list_row(layout_text_add(body, LAYOUT_NORMAL), &st->rows[i], st->opts[i],
			      i == st->sel, cols);
	if (marked)
		layout_text_addf(body, LAYOUT_DIM, _(" %d marked: Enter executes the first."), marked);
}

static const enum ui_request list_requests[] = {
	REQ_EDIT, REQ_DELETE, REQ_ENTER, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN,
	REQ_FIRST, REQ_LAST, REQ_BACKSPACE, REQ_NONE
};

const struct screen_ops subscription_list_screen_ops = {
	.name = "subscription_list",
	.title = N_("Subscriptions"),
	.state_size = sizeof(struct list_state),
	.requests = list_requests,
	.keys = subs_list_keys,
	.open = list_open,
	.request = list_request,
	.action = list_action,
	.input = list_input,
	.draw = list_draw,
	.reload = list_reload,
};
