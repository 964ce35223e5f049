/* inquiry_queue_screen.c: the queues of the inquiry log (inquiry_screen.h).
 *
 * One page of one queue, read by keyset (PgDn goes on from the last row,
 * PgUp back through the pages seen); re-read when a notification says an
 * inquiry it shows, or one that may enter it, changed. Keys: Up/Down
 * select, Left/Right or the digits 1-9 change the queue, s the sort,
 * Enter opens the inquiry. */
#include "inquiry_screen.h"

#include <stdio.h>
#include <string.h>

#include "repeatdesk/i18n.h"

#include "inquiry_text.h"
#include "screen_keys.h"

#define PAGE_MAX 60
#define BACK_MAX 64

struct queue_state {
	struct inquiry_queue_arg arg;
	bool one_customer;
	enum inquiry_queue queue;
	enum inquiry_sort sort;
	struct inquiry rows[PAGE_MAX];
	size_t n, sel;
	int limit;                     /* rows that fit, from the last draw */
	struct inquiry after;          /* the current page starts after it */
	bool have_after;
	struct inquiry back[BACK_MAX]; /* the "after" of the pages before */
	bool back_has[BACK_MAX];
	int depth;
	char error[512];
	struct inquiry_screen_arg open_arg;
};

void inquiry_ui_listen(struct ui_app *app)
{
	struct rd_error err;

	if (!ui_db_ok(app))
		return;
	/* a failure shows as stale screens; the next reconnect listens again */
	if (db_listen(ui_db(app), INQUIRY_CHANNEL, &err) != RD_OK ||
	    db_listen(ui_db(app), PRESENCE_CHANNEL, &err) != RD_OK)
		ui_error(app, "%s", err.msg);
}

static unsigned load(struct queue_state *st, struct ui_app *app)
{
	struct inquiry_query q;
	struct rd_error err;

	st->error[0] = '\0';
	if (!ui_db_ok(app)) {
		snprintf(st->error, sizeof(st->error), "%s",
			 _("The database is unavailable: the queue is read again when it is back."));
		return UI_REDRAW;
	}
	memset(&q, 0, sizeof(q));
	q.queue = st->queue;
	q.sort = st->sort;
	q.customer_id = st->arg.customer_id;
	q.limit = st->limit > 0 && st->limit <= PAGE_MAX ? st->limit : 18;
	q.after = st->have_after ? &st->after : NULL;
	if (inquiry_list(ui_db(app), &q, st->rows, &st->n, &err) != RD_OK) {
		snprintf(st->error, sizeof(st->error), "%s", err.msg);
		st->n = 0;
	}
	if (st->sel >= st->n)
		st->sel = st->n ? st->n - 1 : 0;
	return UI_REDRAW;
}

static void first_page(struct queue_state *st)
{
	st->have_after = false;
	st->depth = 0;
	st->sel = 0;
}

static unsigned queue_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct queue_state *st = s->state;
	const struct inquiry_queue_arg *a = arg;

	if (a) {
		st->arg = *a;
		st->one_customer = a->customer_id > 0;
	}
	st->queue = st->one_customer ? INQ_Q_ALL : INQ_Q_MINE;
	st->sort = st->one_customer ? INQ_SORT_NEWEST : INQ_SORT_AGE;
	st->limit = 18;
	inquiry_ui_listen(app);
	return load(st, app);
}

static unsigned queue_reload(struct screen *s, struct ui_app *app)
{
	return load(s->state, app);
}

static unsigned set_queue(struct queue_state *st, struct ui_app *app, int q)
{
	if (q < 0 || q >= INQ_Q_COUNT)
		return UI_NONE;
	if (st->one_customer && q != INQ_Q_ALL && q != INQ_Q_OPEN)
		return UI_NONE;
	st->queue = (enum inquiry_queue)q;
	first_page(st);
	return load(st, app);
}

static unsigned step_queue(struct queue_state *st, struct ui_app *app, int dir)
{
	int q = (int)st->queue;

	do {
		q = (q + dir + INQ_Q_COUNT) % INQ_Q_COUNT;
	} while (st->one_customer && q != INQ_Q_ALL && q != INQ_Q_OPEN);
	return set_queue(st, app, q);
}

static unsigned page_down(struct queue_state *st, struct ui_app *app)
{
	if (st->n == 0 || (int)st->n < st->limit || st->depth >= BACK_MAX) {
		st->sel = st->n ? st->n - 1 : 0;
		return UI_REDRAW;
	}
	st->back[st->depth] = st->after;
	st->back_has[st->depth] = st->have_after;
	st->depth++;
	st->after = st->rows[st->n - 1];
	st->have_after = true;
	st->sel = 0;
	return load(st, app);
}

static unsigned page_up(struct queue_state *st, struct ui_app *app)
{
	if (st->depth == 0) {
		st->sel = 0;
		return UI_REDRAW;
	}
	st->depth--;
	st->after = st->back[st->depth];
	st->have_after = st->back_has[st->depth];
	st->sel = 0;
	return load(st, app);
}

static unsigned queue_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct queue_state *st = s->state;

	switch (req) {
	case REQ_UP:
		if (st->sel > 0) {
			st->sel--;
			return UI_REDRAW;
		}
		if (st->depth > 0) {
			unsigned f = page_up(st, app);

			st->sel = st->n ? st->n - 1 : 0;
			return f;
		}
		return UI_NONE;
	case REQ_DOWN:
		if (st->sel + 1 < st->n) {
			st->sel++;
			return UI_REDRAW;
		}
		return page_down(st, app);
	case REQ_PAGE_DOWN:
		return page_down(st, app);
	case REQ_PAGE_UP:
		return page_up(st, app);
	case REQ_FIRST:
		first_page(st);
		return load(st, app);
	case REQ_LEFT:
		return step_queue(st, app, -1);
	case REQ_RIGHT:
		return step_queue(st, app, 1);
	case REQ_ENTER:
		if (!st->n)
			return UI_NONE;
		st->open_arg.id = st->rows[st->sel].id;
		st->open_arg.handoff = false;
		ui_push(app, &inquiry_screen_ops, &st->open_arg);
		return UI_REDRAW;
	default:
		return UI_UNHANDLED;
	}
}

/* A key of inquiry_queue_keys (screen_keys.c): 1-9 or s. */
static unsigned queue_action(struct screen *s, struct ui_app *app, int action, uint32_t cp)
{
	struct queue_state *st = s->state;

	if (action == '1' && cp >= '1' && cp <= '9')
		return set_queue(st, app, (int)(cp - '1'));
	if (action == 's') {
		st->sort = (enum inquiry_sort)((st->sort + 1) % INQ_SORT_COUNT);
		first_page(st);
		return load(st, app);
	}
	return UI_NONE;
}

static unsigned queue_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	(void)s;
	(void)cp;
	ui_message(app, "%s", _("1-9 or Left/Right choose the queue, s the sort, Enter opens."));
	return UI_REDRAW;
}

static unsigned queue_notify(struct screen *s, struct ui_app *app, const struct db_notify *n)
{
	struct queue_state *st = s->state;
	struct inquiry_event ev;

	(void)app;
	if (!inquiry_notify_parse(n, &ev) || ev.presence)
		return UI_NONE;
	if (st->one_customer && ev.customer_id != st->arg.customer_id)
		return UI_NONE;
	if (ev.entry) {
		/* a new entry changes a row only when the row is shown */
		for (size_t i = 0; i < st->n; i++)
			if (st->rows[i].id == ev.inquiry_id)
				return UI_RELOAD;
		return UI_NONE;
	}
	return UI_RELOAD;
}

static void queue_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
		       int cols, int rows)
{
	struct queue_state *st = s->state;
	int fit;

	(void)app;
	if (st->one_customer)
		layout_text_addf(body, LAYOUT_HEADING, " %s %s", _("Inquiries of"),
				 st->arg.customer_text);
	inquiry_tabs(layout_text_add(body, LAYOUT_NORMAL), st->queue, st->sort,
		     st->one_customer);
	inquiry_list_header(layout_text_add(body, LAYOUT_NORMAL), st->one_customer, cols);
	if (st->error[0])
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
	fit = rows - (int)body->n - 1;
	if (fit < 1)
		fit = 1;
	if (fit > PAGE_MAX)
		fit = PAGE_MAX;
	/* the page size follows the terminal; it takes effect on the next read */
	st->limit = fit;
	for (size_t i = 0; i < st->n && (int)i < fit; i++)
		inquiry_list_row(layout_text_add(body, LAYOUT_NORMAL), &st->rows[i], i == st->sel,
				 st->one_customer, cols);
	if (!st->n && !st->error[0])
		layout_text_addf(body, LAYOUT_DIM, "   %s", _("No inquiry in this queue."));
	while ((int)body->n < rows - 1)
		layout_text_add(body, LAYOUT_NORMAL);
	layout_text_addf(body, LAYOUT_DIM, " %s",
			 _("1-9 \xE2\x86\x90\xE2\x86\x92 queue  s sort  Enter open  PgUp/PgDn page"));
}

static const enum ui_request queue_requests[] = {
	REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN, REQ_FIRST, REQ_LEFT, REQ_RIGHT,
	REQ_ENTER, REQ_NONE
};

const struct screen_ops inquiry_queue_screen_ops = {
	.name = "inquiry_queue",
	.title = N_("Inquiries"),
	.state_size = sizeof(struct queue_state),
	.requests = queue_requests,
	.keys = inquiry_queue_keys,
	.open = queue_open,
	.request = queue_request,
	.action = queue_action,
	.input = queue_input,
	.draw = queue_draw,
	.reload = queue_reload,
	.notify = queue_notify,
};
