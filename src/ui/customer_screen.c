/* customer_screen.c: the customer card (customer_screen.h).
 *
 * Everything on the card is read when it opens, after an edit, and after
 * a reconnect; the text is built by card_build (customer_text.c) and the
 * card scrolls when it is taller than the screen. F4 edits; F11, Ctrl-O,
 * Ctrl-T, Ctrl-N, F12 and Ctrl-R open the customer's new order, orders,
 * subscriptions, inquiries, wrap-up and history; s skips the next
 * delivery shown on top (the skip call: s, the reason's number, y, F12,
 * F5). */
#include "customer_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "repeatdesk/customer.h"
#include "repeatdesk/customer_view.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/live.h"
#include "repeatdesk/money.h"

#include "customer_form_screen.h"
#include "customer_text.h"
#include "form.h"
#include "history_screen.h"
#include "subscription_screen.h"
#include "inquiry_screen.h"
#include "order_entry_screen.h"
#include "order_screen.h"
#include "screen_keys.h"

#define CARD_SUBS 8
#define CARD_ORDERS 5
#define CARD_INQUIRIES 5
#define CARD_CHANGES 8        /* history entries */
#define CARD_CHANGE_ROWS 48   /* their changed fields */

struct card_state {
	char code[CUSTOMER_CODE_SIZE];
	struct customer c;
	bool loaded;
	struct customer_subscription subs[CARD_SUBS];
	int nsubs;
	struct customer_order orders[CARD_ORDERS];
	int norders;
	struct customer_inquiry inquiries[CARD_INQUIRIES];
	int ninquiries;
	struct customer_view_change changes[CARD_CHANGE_ROWS];
	int nchanges;
	struct formspec form;   /* labels of the fields */
	bool have_form;
	char error[512];
	int top;                /* first line shown */
	int lines;              /* lines at the last draw */
	int page;               /* rows at the last draw */
	struct customer_form_arg edit_arg;
	struct subs_list_arg subs_arg;
	struct subs_request_arg skip_arg;
	struct inquiry_card inq;  /* presence, Ctrl-N, wrap-up (inquiry_card.c) */
	struct order_entry_arg order_arg;
	struct order_screen_arg orders_arg;
};

/* Today in Asia/Tokyo (UTC+9, no daylight saving since 1951), for ages. */
static int32_t today_tokyo(void)
{
	return (int32_t)((time(NULL) + 9 * 60 * 60) / 86400);
}

static unsigned load(struct card_state *st, struct ui_app *app)
{
	struct rd_db *db = ui_db(app);
	struct rd_error err;
	enum rd_status rc;

	rd_error_clear(&err);
	st->error[0] = '\0';
	if (!ui_db_ok(app)) {
		snprintf(st->error, sizeof(st->error), "%s",
			 _("The database is unavailable: the card is read again when it is back."));
		return UI_REDRAW;
	}
	{
		/* the customer and its four lists in one statement (the
		 * subscriptions' amounts after it when there are any) */
		struct customer_view_card card = {
			.c = &st->c,
			.subs = st->subs, .subs_cap = CARD_SUBS,
			.orders = st->orders, .orders_cap = CARD_ORDERS,
			.inquiries = st->inquiries, .inquiries_cap = CARD_INQUIRIES,
			.changes = st->changes, .change_entries = CARD_CHANGES,
			.changes_cap = CARD_CHANGE_ROWS,
		};

		rc = customer_view_card(db, st->code, &card, &err);
		st->nsubs = card.nsubs;
		st->norders = card.norders;
		st->ninquiries = card.ninquiries;
		st->nchanges = card.nchanges;
	}
	if (rc != RD_OK) {
		snprintf(st->error, sizeof(st->error), "%s",
			 err.msg[0] ? err.msg : _(rd_status_message(rc)));
		return UI_REDRAW;
	}
	st->loaded = true;
	{
		struct sbuf sb;

		sbuf_init(&sb);
		customer_context_text(&sb, &st->c);
		ui_set_customer(app, sb.buf);
		if (st->inq.customer_id != st->c.id)
			inquiry_card_open(&st->inq, app, st->c.id, sb.buf);
		sbuf_done(&sb);
	}
	inquiry_card_load(&st->inq, app);
	return UI_REDRAW;
}

static unsigned card_open(struct screen *s, struct ui_app *app,
			  const void *arg)
{
	struct card_state *st = s->state;
	const char *code = arg;
	struct rd_error err;

	if (!code || !*code)
		return UI_CLOSE;
	snprintf(st->code, sizeof(st->code), "%s", code);
	customer_init(&st->c);
	/* changes made on other terminals: the card follows them */
	if (ui_db_ok(app) && live_listen(ui_db(app), &err) != RD_OK)
		ui_error(app, "%s", err.msg);
	/* labels only: a card without them still shows column names */
	st->have_form = form_spec_builtin("customer", &st->form, &err) == RD_OK;
	return load(st, app);
}

static void card_close(struct screen *s, struct ui_app *app)
{
	struct card_state *st = s->state;

	inquiry_card_close(&st->inq, app);
	if (st->have_form)
		formspec_done(&st->form);
}

static unsigned card_reload(struct screen *s, struct ui_app *app)
{
	struct card_state *st = s->state;
	unsigned f = inquiry_card_reload(&st->inq);

	return f ? f : load(st, app);
}

/* True when a changed row is about what the card shows: the customer,
 * an address, or one of the subscriptions or orders listed. */
static bool card_concerns(const struct card_state *st, const struct live_record *r)
{
	if (!st->loaded)
		return false;
	if (r->customer_id == st->c.id)
		return true;
	for (int i = 0; i < st->nsubs; i++)
		if (r->subscription_id && r->subscription_id == st->subs[i].id)
			return true;
	for (int i = 0; i < st->norders; i++)
		if (r->order_id && r->order_id == st->orders[i].id)
			return true;
	return false;
}

static unsigned card_notify(struct screen *s, struct ui_app *app,
			    const struct db_notify *n)
{
	struct card_state *st = s->state;
	struct live_record r;

	(void)app;
	/* re-read: a screen above the card (a form being typed) is left
	 * alone; the card catches up when it is shown again */
	if (live_record_parse(n, &r))
		return card_concerns(st, &r) ? UI_RELOAD : UI_NONE;
	return inquiry_card_notify(&st->inq, n);
}

static unsigned card_saved(struct ui_app *app, void *ctx,
			   const struct customer *saved)
{
	struct card_state *st = ctx;

	snprintf(st->code, sizeof(st->code), "%s", saved->code);
	load(st, app);
	ui_message(app, _("Saved: customer %s, version %d."), saved->code, saved->version);
	return UI_REDRAW;
}

/* A subscription request went through: the card shows it. */
static void card_subs_changed(struct ui_app *app, void *ctx)
{
	load(ctx, app);
}

/* An order was saved: the card shows it (figures, last orders). */
static unsigned card_order_saved(struct ui_app *app, void *ctx,
				 const struct order *o)
{
	struct card_state *st = ctx;
	struct sbuf total;

	load(st, app);
	sbuf_init(&total);
	money_format(&total, o->total, MONEY_YEN_SIGN);
	if (o->replayed)
		ui_message(app, _("Order %s was already saved (%s); nothing new was made."),
			   o->order_no, total.buf);
	else
		ui_message(app, _("Saved: order %s, %s."), o->order_no, total.buf);
	sbuf_done(&total);
	return UI_REDRAW;
}

/* The skip of the next delivery went through: the card shows the new
 * next delivery. */
static void card_skip_done(struct ui_app *app, void *ctx,
			   const struct subscription_result *res)
{
	(void)res;
	load(ctx, app);
}

/* s: the skip of the next delivery shown on top of the card, for the
 * subscription due next; the keyboard starts on the reason. */
static unsigned skip_next(struct card_state *st, struct ui_app *app)
{
	int i;

	if (!st->loaded) {
		ui_error(app, "%s", st->error[0] ? st->error
			 : _("The customer is not loaded yet."));
		return UI_REDRAW;
	}
	i = card_next_delivery(st->subs, st->nsubs);
	if (i < 0) {
		ui_error(app, "%s", _("No active subscription has a next delivery to skip."));
		return UI_REDRAW;
	}
	memset(&st->skip_arg, 0, sizeof(st->skip_arg));
	st->skip_arg.id = st->subs[i].id;
	st->skip_arg.kind = SUBS_FORM_SKIP;
	st->skip_arg.delivery = st->subs[i].delivery_count + 1;
	st->skip_arg.start_at_reason = true;
	st->skip_arg.on_done = card_skip_done;
	st->skip_arg.ctx = st;
	/* the call's inquiry links the skip, as from Ctrl-T */
	st->skip_arg.hook = inquiry_subscription_hook;
	st->skip_arg.hook_arg = &st->inq.call;
	ui_push(app, &subscription_request_screen_ops, &st->skip_arg);
	return UI_REDRAW;
}

static unsigned card_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct card_state *st = s->state;

	/* s itself comes to card_action (customer_card_keys); full-width
	 * too, typed with the input method on */
	if (cp == 0xFF53 || cp == 0xFF33)
		return skip_next(st, app);
	if (!st->loaded || card_next_delivery(st->subs, st->nsubs) < 0)
		return UI_NONE;
	ui_message(app, "%s", _("s skips the next delivery; F1 lists the other keys."));
	return UI_REDRAW;
}

/* A key of customer_card_keys (screen_keys.c). */
static unsigned card_action(struct screen *s, struct ui_app *app, int action, uint32_t cp)
{
	(void)cp;
	if (action == 's')
		return skip_next(s->state, app);
	return UI_NONE;
}

static void card_orders_changed(struct ui_app *app, void *ctx)
{
	load(ctx, app);
}

static unsigned scroll(struct card_state *st, int top)
{
	int max = st->lines - st->page;

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	if (top == st->top)
		return UI_NONE;
	st->top = top;
	return UI_REDRAW;
}

static unsigned card_request(struct screen *s, struct ui_app *app,
			     enum ui_request req)
{
	struct card_state *st = s->state;
	int page = st->page > 2 ? st->page - 1 : 1;

	switch (req) {
	case REQ_SUBSCRIPTIONS:
		/* not loaded: refused below, with the same words as F4 */
		if (st->loaded) {
			memset(&st->subs_arg, 0, sizeof(st->subs_arg));
			st->subs_arg.customer_id = st->c.id;
			st->subs_arg.on_changed = card_subs_changed;
			st->subs_arg.ctx = st;
			/* the call's inquiry links each request (issue 6) */
			st->subs_arg.hook = inquiry_subscription_hook;
			st->subs_arg.hook_arg = &st->inq.call;
			ui_push(app, &subscription_list_screen_ops, &st->subs_arg);
			return UI_REDRAW;
		}
		/* fall through */
	case REQ_EDIT:
		if (!st->loaded) {
			ui_error(app, "%s", st->error[0] ? st->error
				 : _("The customer is not loaded yet."));
			return UI_REDRAW;
		}
		memset(&st->edit_arg, 0, sizeof(st->edit_arg));
		st->edit_arg.code = st->code;
		st->edit_arg.on_saved = card_saved;
		st->edit_arg.ctx = st;
		ui_push(app, &customer_form_screen_ops, &st->edit_arg);
		return UI_REDRAW;
	case REQ_HISTORY: {
		/* open() copies it before this handler's caller goes on */
		static struct history_screen_arg harg;

		if (!st->loaded)
			return UI_NONE;
		memset(&harg, 0, sizeof(harg));
		harg.scope = HISTORY_CUSTOMER;
		harg.id = st->c.id;
		snprintf(harg.title, sizeof(harg.title), "%s %s", st->c.code, st->c.name);
		ui_push(app, &history_screen_ops, &harg);
		return UI_REDRAW;
	}
	case REQ_ORDER:
	case REQ_ORDERS:
		if (!st->loaded) {
			ui_error(app, "%s", st->error[0] ? st->error
				 : _("The customer is not loaded yet."));
			return UI_REDRAW;
		}
		if (req == REQ_ORDER) {
			memset(&st->order_arg, 0, sizeof(st->order_arg));
			st->order_arg.customer_code = st->code;
			st->order_arg.on_saved = card_order_saved;
			st->order_arg.ctx = st;
			ui_push(app, &order_entry_screen_ops, &st->order_arg);
		} else {
			memset(&st->orders_arg, 0, sizeof(st->orders_arg));
			st->orders_arg.customer_code = st->code;
			st->orders_arg.on_changed = card_orders_changed;
			st->orders_arg.ctx = st;
			ui_push(app, &order_list_screen_ops, &st->orders_arg);
		}
		return UI_REDRAW;
	case REQ_UP:
		return scroll(st, st->top - 1);
	case REQ_DOWN:
		return scroll(st, st->top + 1);
	case REQ_PAGE_UP:
		return scroll(st, st->top - page);
	case REQ_PAGE_DOWN:
		return scroll(st, st->top + page);
	case REQ_FIRST:
		return scroll(st, 0);
	case REQ_LAST:
		return scroll(st, st->lines);
	case REQ_INQUIRIES:
		return inquiry_card_inquiries(&st->inq, app);
	case REQ_WRAPUP:
		return inquiry_card_wrapup(&st->inq, app);
	case REQ_BACK:
		return inquiry_card_back(&st->inq, s, app);
	default:
		return UI_UNHANDLED;
	}
}

static void card_draw(struct screen *s, struct ui_app *app,
		      struct layout_text *body, int cols, int rows)
{
	struct card_state *st = s->state;
	struct layout_text all;
	struct card_data d;

	(void)app;
	{
		/* the keys to the customer's other screens do not fit on the
		 * legend at 80 columns: a second bar on top names them */
		static const enum ui_request more[] = {
			REQ_ORDERS, REQ_SUBSCRIPTIONS, REQ_INQUIRIES, REQ_HISTORY,
			REQ_NONE
		};
		struct keys_set set;

		keys_set_clear(&set);
		keys_set_add_list(&set, more);
		keys_legend(layout_text_add(body, LAYOUT_NORMAL), &set, cols);
	}
	if (st->error[0]) {
		layout_text_add(body, LAYOUT_NORMAL);
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
	}
	rows -= (int)body->n;
	if (!st->loaded)
		return;
	memset(&d, 0, sizeof(d));
	d.c = &st->c;
	d.subs = st->subs;
	d.nsubs = st->nsubs;
	d.orders = st->orders;
	d.norders = st->norders;
	d.inquiries = st->inquiries;
	d.ninquiries = st->ninquiries;
	d.changes = st->changes;
	d.nchanges = st->nchanges;
	d.form = st->have_form ? &st->form : NULL;
	d.today = today_tokyo();
	layout_text_init(&all);
	inquiry_card_presence_line(&st->inq, &all);
	card_build(&all, &d, cols);
	st->lines = (int)all.n;
	st->page = rows > 1 ? rows : 1;
	if (st->top > st->lines - st->page)
		st->top = st->lines > st->page ? st->lines - st->page : 0;
	for (int i = st->top; i < st->lines && i < st->top + st->page; i++)
		layout_line_copy(layout_text_add(body, LAYOUT_NORMAL), &all.lines[i]);
	layout_text_done(&all);
}

static const enum ui_request card_requests[] = {
	REQ_EDIT, REQ_ORDER, REQ_ORDERS, REQ_SUBSCRIPTIONS, REQ_INQUIRIES,
	REQ_WRAPUP, REQ_HISTORY, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN,
	REQ_FIRST, REQ_LAST, REQ_BACK, REQ_NONE
};

const struct screen_ops customer_screen_ops = {
	.name = "customer",
	.title = N_("Customer"),
	.state_size = sizeof(struct card_state),
	.requests = card_requests,
	.keys = customer_card_keys,
	.open = card_open,
	.request = card_request,
	.input = card_input,
	.action = card_action,
	.draw = card_draw,
	.reload = card_reload,
	.notify = card_notify,
	.close = card_close,
};
