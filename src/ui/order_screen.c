/* order_screen.c: a customer's order list and the order screen
 * (order_screen.h).
 *
 * Both read what they show when opened, after every action, and after a
 * reconnect. Every write names the version the screen read (optimistic
 * locking in store/order.c) and carries a request id made when the
 * operator starts the action and kept while the database does not answer,
 * so that F5 again after a lost connection never cancels or changes
 * twice. */
#include "order_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/live.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/xalloc.h"

#include "customer_text.h"
#include "form.h"
#include "history_screen.h"
#include "order_text.h"
#include "screen_keys.h"

#define LIST_MAX 200
#define EVENTS_MAX 64

/* ====================================================================
 * the list */

struct list_state {
	struct order_screen_arg arg;
	char code[ORDER_CODE_SIZE];
	struct order_summary orders[LIST_MAX];
	size_t n, total;
	int sel;
	int top;
	int page;
	char error[512];
	char open_no[ORDER_NO_SIZE];
	struct order_screen_arg open_arg;
};

static unsigned list_load(struct list_state *st, struct ui_app *app)
{
	struct rd_error err;
	enum rd_status rc;

	rd_error_clear(&err);
	st->error[0] = '\0';
	if (!ui_db_ok(app)) {
		snprintf(st->error, sizeof(st->error), "%s",
			 _("The database is unavailable: the list is read again when it is back."));
		return UI_REDRAW;
	}
	rc = order_list(ui_db(app), st->code, st->orders, LIST_MAX, &st->n, &st->total, &err);
	if (rc != RD_OK) {
		st->n = 0;
		snprintf(st->error, sizeof(st->error), "%s",
			 err.msg[0] ? err.msg : _(rd_status_message(rc)));
	}
	if (st->sel >= (int)st->n)
		st->sel = st->n ? (int)st->n - 1 : 0;
	return UI_REDRAW;
}

static unsigned list_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct list_state *st = s->state;
	const struct order_screen_arg *a = arg;

	if (!a || !a->customer_code || !*a->customer_code)
		return UI_CLOSE;
	st->arg = *a;
	snprintf(st->code, sizeof(st->code), "%s", a->customer_code);
	return list_load(st, app);
}

static unsigned list_reload(struct screen *s, struct ui_app *app)
{
	return list_load(s->state, app);
}

/* An order below changed: read the list again, and tell the card. */
static void list_changed(struct ui_app *app, void *ctx)
{
	struct list_state *st = ctx;

	list_load(st, app);
	if (st->arg.on_changed)
		st->arg.on_changed(app, st->arg.ctx);
}

static unsigned list_request(struct screen *s, struct ui_app *app,
			     enum ui_request req)
{
	struct list_state *st = s->state;
	int page = st->page > 2 ? st->page - 1 : 1, sel = st->sel;

	switch (req) {
	case REQ_ENTER:
		if (!st->n)
			return UI_NONE;
		snprintf(st->open_no, sizeof(st->open_no), "%s", st->orders[st->sel].order_no);
		memset(&st->open_arg, 0, sizeof(st->open_arg));
		st->open_arg.customer_code = st->code;
		st->open_arg.order_no = st->open_no;
		st->open_arg.on_changed = list_changed;
		st->open_arg.ctx = st;
		ui_push(app, &order_screen_ops, &st->open_arg);
		return UI_REDRAW;
	case REQ_UP: sel--; break;
	case REQ_DOWN: sel++; break;
	case REQ_PAGE_UP: sel -= page; break;
	case REQ_PAGE_DOWN: sel += page; break;
	case REQ_FIRST: sel = 0; break;
	case REQ_LAST: sel = (int)st->n - 1; break;
	default:
		return UI_UNHANDLED;
	}
	if (sel >= (int)st->n)
		sel = (int)st->n - 1;
	if (sel < 0)
		sel = 0;
	st->sel = sel;
	return UI_REDRAW;
}

static void list_draw(struct screen *s, struct ui_app *app,
		      struct layout_text *body, int cols, int rows)
{
	struct list_state *st = s->state;
	int page;

	(void)app;
	layout_text_addf(body, LAYOUT_HEADING, " %s",
			 st->total > st->n ? _("Orders (the newest first; older ones: repeatdesk order list)")
					   : _("Orders"));
	if (st->error[0])
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
	page = rows - (int)body->n - 2;
	if (page < 1)
		page = 1;
	st->page = page;
	if (st->sel < st->top)
		st->top = st->sel;
	if (st->sel >= st->top + page)
		st->top = st->sel - page + 1;
	order_list_build(body, st->orders + st->top,
			 st->n - (size_t)st->top < (size_t)page ? st->n - (size_t)st->top
								: (size_t)page,
			 st->sel - st->top, cols);
	layout_text_addf(body, LAYOUT_DIM, " %s",
			 _("Enter opens the order: lines, history, cancel, change, returned."));
}

static const enum ui_request list_requests[] = {
	REQ_ENTER, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN, REQ_FIRST,
	REQ_LAST, REQ_NONE
};

const struct screen_ops order_list_screen_ops = {
	.name = "order_list",
	.title = N_("Orders"),
	.state_size = sizeof(struct list_state),
	.requests = list_requests,
	.keys = order_list_keys,
	.open = list_open,
	.request = list_request,
	.draw = list_draw,
	.reload = list_reload,
};

/* ====================================================================
 * one order */

enum detail_mode {
	DETAIL_VIEW,
	DETAIL_CANCEL,     /* the reason, then a question */
	DETAIL_RETURN,
	DETAIL_CHANGE,
	DETAIL_CONFLICT,
};

#define CHANGE_FIELDS 3   /* date, slot, notes */

struct detail_state {
	struct order_screen_arg arg;
	char no[ORDER_NO_SIZE];
	struct order o;
	bool loaded;
	struct order_address ship_to;   /* where it goes, to whom */
	bool have_ship_to;
	long long customer_id;          /* whose: live updates of the address */
	struct order_event ev[EVENTS_MAX];
	size_t nev;
	char error[512];
	int top, lines, page;
	enum detail_mode mode;
	/* the reason form (cancel, return) and the change form */
	struct formspec reason_spec, change_spec;
	bool have_reason, have_change;
	struct form form;
	bool have_form;
	char request_id[ORDER_REQUEST_ID_SIZE];
	struct history_screen_arg history_arg;
	char question[256];
	/* cancelling delivery 1 of a subscription: what becomes of it */
	bool asking_sub;
	enum order_sub_choice sub_choice;
	/* the conflict view */
	struct order theirs;
	struct conflict_row rows[CHANGE_FIELDS];
	int field[CHANGE_FIELDS];
	char mine_text[CHANGE_FIELDS][ORDER_REASON_SIZE];
	char theirs_text[CHANGE_FIELDS][ORDER_REASON_SIZE];
	int nrows, csel;
	char conflict_msg[512];
};

static bool status_is(const struct order *o, const char *a, const char *b)
{
	return strcmp(o->status, a) == 0 || strcmp(o->status, b) == 0;
}

static unsigned detail_load(struct detail_state *st, struct ui_app *app)
{
	struct rd_error err;
	enum rd_status rc;

	rd_error_clear(&err);
	st->error[0] = '\0';
	if (!ui_db_ok(app)) {
		snprintf(st->error, sizeof(st->error), "%s",
			 _("The database is unavailable: the order is read again when it is back."));
		return UI_REDRAW;
	}
	rc = order_get(ui_db(app), st->no, &st->o, &err);
	if (rc == RD_OK)
		rc = order_history(ui_db(app), st->no, st->ev, EVENTS_MAX, &st->nev, &err);
	if (rc == RD_OK)
		st->have_ship_to = order_ship_to(ui_db(app), st->o.id, &st->ship_to,
						 &st->customer_id, &err) == RD_OK;
	if (rc != RD_OK) {
		snprintf(st->error, sizeof(st->error), "%s",
			 err.msg[0] ? err.msg : _(rd_status_message(rc)));
		return UI_REDRAW;
	}
	st->loaded = true;
	return UI_REDRAW;
}

static unsigned detail_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct detail_state *st = s->state;
	const struct order_screen_arg *a = arg;
	struct rd_error err;

	if (!a || !a->order_no || !*a->order_no)
		return UI_CLOSE;
	st->arg = *a;
	snprintf(st->no, sizeof(st->no), "%s", a->order_no);
	st->have_reason = form_spec_builtin("order_reason", &st->reason_spec, &err) == RD_OK;
	st->have_change = form_spec_builtin("order_change", &st->change_spec, &err) == RD_OK;
	if (ui_db_ok(app) && live_listen(ui_db(app), &err) != RD_OK)
		ui_error(app, "%s", err.msg);
	detail_load(st, app);
	if (!st->loaded) {
		ui_error(app, "%s", st->error);
		return UI_CLOSE;
	}
	return UI_REDRAW;
}

static void form_drop(struct detail_state *st)
{
	if (st->have_form)
		form_done(&st->form);
	st->have_form = false;
}

static void detail_close(struct screen *s, struct ui_app *app)
{
	struct detail_state *st = s->state;

	(void)app;
	form_drop(st);
	if (st->have_reason)
		formspec_done(&st->reason_spec);
	if (st->have_change)
		formspec_done(&st->change_spec);
}

static unsigned detail_reload(struct screen *s, struct ui_app *app)
{
	struct detail_state *st = s->state;

	/* a form being typed stays; only the order under it is read */
	return detail_load(st, app);
}

/* Changes made on other terminals: the order, its lines, where it goes
 * (the customer's address, a delivery address). While a form is open
 * nothing is re-read (it keeps its input and the version it started
 * from); leaving the form reads the order again. */
static unsigned detail_notify(struct screen *s, struct ui_app *app, const struct db_notify *n)
{
	struct detail_state *st = s->state;
	struct live_record r;

	if (!live_record_parse(n, &r) || !st->loaded)
		return UI_NONE;
	if (r.order_id != st->o.id &&
	    !(st->customer_id && r.customer_id == st->customer_id &&
	      (strcmp(r.table, "customers") == 0 || strcmp(r.table, "customer_addresses") == 0)))
		return UI_NONE;
	(void)app;
	return st->mode == DETAIL_VIEW ? UI_RELOAD : UI_NONE;
}

static bool detail_unsaved(const struct screen *s)
{
	const struct detail_state *st = s->state;

	return st->mode == DETAIL_CONFLICT ||
	       (st->mode != DETAIL_VIEW && st->have_form && form_changed(&st->form));
}

static void changed_below(struct detail_state *st, struct ui_app *app)
{
	if (st->arg.on_changed)
		st->arg.on_changed(app, st->arg.ctx);
}

static void back_to_view(struct detail_state *st, struct ui_app *app)
{
	form_drop(st);
	st->mode = DETAIL_VIEW;
	st->request_id[0] = '\0';
	st->asking_sub = false;
	st->sub_choice = ORDER_SUB_UNSAID;
	detail_load(st, app);
}

/* --- cancel and return --- */

static unsigned start_reason(struct detail_state *st, struct ui_app *app,
			     enum detail_mode mode)
{
	if (!st->loaded)
		return UI_NONE;
	if (mode == DETAIL_CANCEL && !status_is(&st->o, "received", "confirmed")) {
		ui_error(app, _("Order %s is %s: only an order that has not shipped can be cancelled."),
			 st->o.order_no, order_status_word(st->o.status));
		return UI_REDRAW;
	}
	if (mode == DETAIL_RETURN && !status_is(&st->o, "shipped", "delivered")) {
		ui_error(app, _("Order %s is %s: only a shipped order can be marked returned."),
			 st->o.order_no, order_status_word(st->o.status));
		return UI_REDRAW;
	}
	if (!st->have_reason)
		return UI_NONE;
	form_drop(st);
	form_init(&st->form, &st->reason_spec);
	st->have_form = true;
	st->mode = mode;
	order_request_id_new(st->request_id);
	return UI_REDRAW;
}

/* After a definite answer of the store to an action. */
static unsigned answered(struct detail_state *st, struct ui_app *app,
			 enum rd_status rc, const struct rd_error *err,
			 const char *done_msg)
{
	if (rc == RD_OK) {
		back_to_view(st, app);
		changed_below(st, app);
		ui_message(app, "%s", done_msg);
		return UI_REDRAW;
	}
	if (rc == RD_UNAVAILABLE || rc == RD_RETRY) {
		/* the request id stays: F5 again cannot do it twice */
		ui_error_unsaved(app, err,
				 _("No answer from the database: input kept. Press F5 again once DB ok."));
		return UI_REDRAW;
	}
	ui_error(app, "%s", err->msg[0] ? err->msg : _(rd_status_message(rc)));
	if (rc == RD_CONFLICT) {
		/* someone else changed it: the screen shows what it is now,
		 * the reason typed stays, and F5 asks again */
		detail_load(st, app);
		order_request_id_new(st->request_id);
	}
	return UI_REDRAW;
}

static unsigned status_yes(struct ui_app *app, void *arg)
{
	struct detail_state *st = arg;
	const char *reason = form_get(&st->form, 0);
	struct rd_error err;
	enum rd_status rc;
	char msg[256];
	bool cancel = st->mode == DETAIL_CANCEL;

	rd_error_clear(&err);
	if (!ui_db_ok(app))
		return answered(st, app, RD_UNAVAILABLE, &err, "");
	if (cancel)
		rc = order_cancel_with(ui_db(app), st->no, st->o.version,
				       st->asking_sub ? st->sub_choice : ORDER_SUB_UNSAID,
				       reason, st->request_id, NULL, &err);
	else
		rc = order_return(ui_db(app), st->no, st->o.version, reason, st->request_id,
				  NULL, &err);
	if (cancel && st->asking_sub)
		snprintf(msg, sizeof(msg), st->sub_choice == ORDER_SUB_CANCEL
			 ? _("Order %s is cancelled, and subscription %lld with it.")
			 : _("Order %s is cancelled; subscription %lld stays, its next delivery is delivery 1."),
			 st->no, st->o.subscription_id);
	else
		snprintf(msg, sizeof(msg), cancel ? _("Order %s is cancelled.")
			 : _("Order %s is marked returned."), st->no);
	return answered(st, app, rc, &err, msg);
}

static unsigned reason_save(struct detail_state *st, struct ui_app *app)
{
	int bad = form_validate(&st->form);

	if (bad >= 0) {
		ui_error(app, "%s: %s", _(st->reason_spec.fields[bad].label),
			 form_error(&st->form, bad));
		return UI_REDRAW;
	}
	if (st->mode == DETAIL_CANCEL && order_asks_subscription(&st->o)) {
		/* never a subscription left with nothing delivered and
		 * nobody asked: c or k, then the y/n question */
		st->asking_sub = true;
		return UI_REDRAW;
	}
	snprintf(st->question, sizeof(st->question),
		 st->mode == DETAIL_CANCEL ? _("Cancel order %s? The customer is not charged.")
					   : _("Mark order %s returned?"), st->no);
	ui_confirm(app, st->question, status_yes, st);
	return UI_REDRAW;
}

/* The answer to "what becomes of the subscription": c or k (the actions
 * of order_detail_keys in ORDER_DETAIL_KM_ASK_SUB). */
static unsigned sub_choice_input(struct detail_state *st, struct ui_app *app, int action)
{
	if (action == 'c') {
		st->sub_choice = ORDER_SUB_CANCEL;
		snprintf(st->question, sizeof(st->question),
			 _("Cancel order %s and subscription %lld?"), st->no, st->o.subscription_id);
	} else if (action == 'k') {
		st->sub_choice = ORDER_SUB_KEEP;
		snprintf(st->question, sizeof(st->question),
			 _("Cancel order %s and keep subscription %lld (next delivery = delivery 1)?"),
			 st->no, st->o.subscription_id);
	} else {
		ui_message(app, "%s", _("c cancels the subscription too, k keeps it; Esc goes back to the reason."));
		return UI_REDRAW;
	}
	ui_confirm(app, st->question, status_yes, st);
	return UI_REDRAW;
}

/* --- change --- */

static void date_text(int32_t d, char buf[DATE_ISO_SIZE])
{
	if (d == ORDER_NO_DATE)
		buf[0] = '\0';
	else
		date_format_iso(d, buf);
}

/* Loads o into the change form as what it starts from. */
static void change_load(struct detail_state *st, const struct order *o)
{
	char d[DATE_ISO_SIZE];

	date_text(o->desired_date, d);
	form_load(&st->form, form_index(&st->form, "date"), d);
	form_load(&st->form, form_index(&st->form, "slot"), pricing_slot_code(o->slot));
	form_load(&st->form, form_index(&st->form, "notes"), o->notes);
}

static unsigned start_change(struct detail_state *st, struct ui_app *app)
{
	if (!st->loaded || !st->have_change)
		return UI_NONE;
	if (!status_is(&st->o, "received", "confirmed")) {
		ui_error(app, _("Order %s is %s: only an order that has not shipped can be changed."),
			 st->o.order_no, order_status_word(st->o.status));
		return UI_REDRAW;
	}
	form_drop(st);
	form_init(&st->form, &st->change_spec);
	st->have_form = true;
	change_load(st, &st->o);
	st->mode = DETAIL_CHANGE;
	order_request_id_new(st->request_id);
	return UI_REDRAW;
}

static const char *const change_names[CHANGE_FIELDS] = { "date", "slot", "notes" };

/* The text of change field k of o, as the form holds it. */
static void order_field_text(const struct order *o, int k, char *out, size_t size)
{
	char d[DATE_ISO_SIZE];

	switch (k) {
	case 0: date_text(o->desired_date, d); snprintf(out, size, "%s", d); break;
	case 1: snprintf(out, size, "%s", pricing_slot_code(o->slot)); break;
	default: snprintf(out, size, "%s", o->notes); break;
	}
}

static void enter_conflict(struct detail_state *st, struct ui_app *app,
			   const struct rd_error *err)
{
	struct rd_error e2;
	char orig[ORDER_REASON_SIZE];

	rd_error_clear(&e2);
	if (order_get(ui_db(app), st->no, &st->theirs, &e2) != RD_OK) {
		ui_error(app, "%s", err->msg);
		return;
	}
	st->nrows = 0;
	for (int k = 0; k < CHANGE_FIELDS; k++) {
		int i = form_index(&st->form, change_names[k]);
		struct conflict_row *r = &st->rows[st->nrows];
		bool mine, theirs;

		order_field_text(&st->o, k, orig, sizeof(orig));
		order_field_text(&st->theirs, k, st->theirs_text[st->nrows],
				 sizeof(st->theirs_text[0]));
		mine = form_field_changed(&st->form, i);
		theirs = strcmp(orig, st->theirs_text[st->nrows]) != 0;
		if (!mine && !theirs)
			continue;
		snprintf(st->mine_text[st->nrows], sizeof(st->mine_text[0]), "%s",
			 form_get(&st->form, i));
		r->label = _(st->change_spec.fields[i].label);
		r->mine = st->mine_text[st->nrows];
		r->theirs = st->theirs_text[st->nrows];
		r->mine_changed = mine;
		r->theirs_changed = theirs;
		r->pick = mine ? CONFLICT_MINE : CONFLICT_THEIRS;
		st->field[st->nrows] = k;
		st->nrows++;
	}
	st->csel = 0;
	snprintf(st->conflict_msg, sizeof(st->conflict_msg), "%s", err->msg);
	st->mode = DETAIL_CONFLICT;
	ui_error(app, "%s", _("Someone else changed this order meanwhile; nothing of yours is saved yet: choose, then F5."));
}

static unsigned change_save(struct detail_state *st, struct ui_app *app)
{
	struct order_change chg;
	struct order_fault fault;
	struct rd_error err;
	struct order after;
	enum rd_status rc;
	int bad, i;

	rd_error_clear(&err);
	memset(&chg, 0, sizeof(chg));
	if ((bad = form_validate(&st->form)) >= 0) {
		ui_error(app, "%s: %s", _(st->change_spec.fields[bad].label),
			 form_error(&st->form, bad));
		return UI_REDRAW;
	}
	i = form_index(&st->form, "date");
	if (form_field_changed(&st->form, i)) {
		chg.set_date = true;
		chg.desired_date = ORDER_NO_DATE;
		if (*form_get(&st->form, i) &&
		    form_parse_date(form_get(&st->form, i), &chg.desired_date, &err) != RD_OK) {
			form_set_error(&st->form, i, err.msg);
			ui_error(app, "%s", err.msg);
			return UI_REDRAW;
		}
	}
	i = form_index(&st->form, "slot");
	if (form_field_changed(&st->form, i)) {
		chg.set_slot = true;
		if (pricing_slot_parse(*form_get(&st->form, i) ? form_get(&st->form, i) : "none",
				       &chg.slot, &err) != RD_OK) {
			ui_error(app, "%s", err.msg);
			return UI_REDRAW;
		}
	}
	i = form_index(&st->form, "notes");
	if (form_field_changed(&st->form, i)) {
		chg.set_notes = true;
		snprintf(chg.notes, sizeof(chg.notes), "%s", form_get(&st->form, i));
	}
	if (!chg.set_date && !chg.set_slot && !chg.set_notes) {
		ui_message(app, "%s", _("Nothing changed: there is nothing to save. Esc goes back."));
		return UI_REDRAW;
	}
	if (!ui_db_ok(app))
		return answered(st, app, RD_UNAVAILABLE, &err, "");
	rc = order_change(ui_db(app), st->no, st->o.version, &chg,
			  form_get(&st->form, form_index(&st->form, "reason")),
			  st->request_id, &after, &fault, &err);
	if (rc == RD_CONFLICT) {
		order_request_id_new(st->request_id);
		enter_conflict(st, app, &err);
		return UI_REDRAW;
	}
	if (rc != RD_OK && fault.field != ORDER_FIELD_NONE && rc != RD_UNAVAILABLE) {
		const char *name = fault.field == ORDER_FIELD_DATE ? "date"
			: fault.field == ORDER_FIELD_SLOT ? "slot"
			: fault.field == ORDER_FIELD_NOTES ? "notes"
			: fault.field == ORDER_FIELD_REASON ? "reason" : NULL;

		if (name) {
			form_set_error(&st->form, form_index(&st->form, name), err.msg);
			form_focus(&st->form, form_index(&st->form, name));
		}
	}
	{
		char msg[256];

		snprintf(msg, sizeof(msg), _("Order %s is changed."), st->no);
		return answered(st, app, rc, &err, msg);
	}
}

/* F5 in the conflict view: the picks over the order as it is now, saved
 * against its version. */
static unsigned resolve(struct detail_state *st, struct ui_app *app)
{
	char mine[CHANGE_FIELDS][ORDER_REASON_SIZE];
	bool any = false;

	for (int k = 0; k < CHANGE_FIELDS; k++)
		snprintf(mine[k], sizeof(mine[k]), "%s",
			 form_get(&st->form, form_index(&st->form, change_names[k])));
	st->o = st->theirs;
	change_load(st, &st->o);
	for (int r = 0; r < st->nrows; r++) {
		int k = st->field[r];

		if (st->rows[r].pick == CONFLICT_MINE) {
			int i = form_index(&st->form, change_names[k]);

			form_set(&st->form, i, mine[k]);
			any = any || form_field_changed(&st->form, i);
		}
	}
	st->mode = DETAIL_CHANGE;
	if (!any) {
		back_to_view(st, app);
		ui_message(app, "%s", _("Nothing left to save: the order stays as the other agent saved it."));
		return UI_REDRAW;
	}
	return change_save(st, app);
}

/* --- keys --- */

static unsigned form_keys(struct detail_state *st, struct ui_app *app,
			  enum ui_request req)
{
	if (req == REQ_BACK) {
		back_to_view(st, app);
		ui_message(app, "%s", _("Nothing was saved."));
		return UI_REDRAW;
	}
	if (req == REQ_SAVE)
		return st->mode == DETAIL_CHANGE ? change_save(st, app) : reason_save(st, app);
	switch (form_request(&st->form, req)) {
	case FORM_SUBMIT:
		return st->mode == DETAIL_CHANGE ? change_save(st, app) : reason_save(st, app);
	case FORM_EDITED:
		form_set_error(&st->form, (int)st->form.focus, NULL);
		return UI_REDRAW;
	case FORM_MOVED:
		return UI_REDRAW;
	case FORM_REFUSED:
		return UI_NONE;
	default:
		return UI_UNHANDLED;
	}
}

static unsigned scroll(struct detail_state *st, int top)
{
	int max = st->lines - st->page;

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	st->top = top;
	return UI_REDRAW;
}

static unsigned detail_request(struct screen *s, struct ui_app *app,
			       enum ui_request req)
{
	struct detail_state *st = s->state;
	int page = st->page > 2 ? st->page - 1 : 1;

	switch (st->mode) {
	case DETAIL_CANCEL:
		if (st->asking_sub) {
			if (req != REQ_BACK)
				return UI_NONE;
			st->asking_sub = false;
			st->sub_choice = ORDER_SUB_UNSAID;
			return UI_REDRAW;
		}
		return form_keys(st, app, req);
	case DETAIL_RETURN:
	case DETAIL_CHANGE:
		return form_keys(st, app, req);
	case DETAIL_CONFLICT:
		switch (req) {
		case REQ_UP:
			if (st->csel > 0)
				st->csel--;
			return UI_REDRAW;
		case REQ_DOWN:
			if (st->csel + 1 < st->nrows)
				st->csel++;
			return UI_REDRAW;
		case REQ_LEFT:
		case REQ_RIGHT:
			if (st->csel < st->nrows)
				st->rows[st->csel].pick = st->rows[st->csel].pick == CONFLICT_MINE
					? CONFLICT_THEIRS : CONFLICT_MINE;
			return UI_REDRAW;
		case REQ_SAVE:
			return resolve(st, app);
		case REQ_BACK:
			back_to_view(st, app);
			ui_message(app, "%s", _("Nothing was saved."));
			return UI_REDRAW;
		default:
			return UI_UNHANDLED;
		}
	case DETAIL_VIEW:
	default:
		break;
	}
	switch (req) {
	case REQ_EDIT:
		return start_change(st, app);
	case REQ_HISTORY:
		if (!st->loaded)
			return UI_NONE;
		memset(&st->history_arg, 0, sizeof(st->history_arg));
		st->history_arg.scope = HISTORY_ORDER;
		st->history_arg.id = st->o.id;
		snprintf(st->history_arg.title, sizeof(st->history_arg.title), "%s (%s %.200s)",
			 st->o.order_no, st->o.customer_code, st->o.customer_name);
		ui_push(app, &history_screen_ops, &st->history_arg);
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
	default:
		return UI_UNHANDLED;
	}
}

static unsigned detail_keys_mode(const struct screen *s)
{
	const struct detail_state *st = s->state;

	switch (st->mode) {
	case DETAIL_VIEW:
		return ORDER_DETAIL_KM_VIEW;
	case DETAIL_CONFLICT:
		return ORDER_DETAIL_KM_CONFLICT;
	case DETAIL_CANCEL:
		if (st->asking_sub)
			return ORDER_DETAIL_KM_ASK_SUB;
		/* fall through */
	default:
		return ORDER_DETAIL_KM_FORM;
	}
}

/* A key of order_detail_keys (screen_keys.c) live in the mode. */
static unsigned detail_action(struct screen *s, struct ui_app *app, int action,
			      uint32_t cp)
{
	struct detail_state *st = s->state;

	(void)cp;
	switch (detail_keys_mode(s)) {
	case ORDER_DETAIL_KM_VIEW:
		if (action == 'c')
			return start_reason(st, app, DETAIL_CANCEL);
		if (action == 'r')
			return start_reason(st, app, DETAIL_RETURN);
		return UI_NONE;
	case ORDER_DETAIL_KM_CONFLICT:
		return action == ' ' ? detail_request(s, app, REQ_RIGHT) : UI_NONE;
	case ORDER_DETAIL_KM_ASK_SUB:
		return sub_choice_input(st, app, action);
	default:
		return UI_NONE;
	}
}

static unsigned detail_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct detail_state *st = s->state;

	switch (st->mode) {
	case DETAIL_VIEW:
	case DETAIL_CONFLICT:
		return UI_NONE;
	case DETAIL_CANCEL:
		if (st->asking_sub) {
			ui_message(app, "%s", _("c cancels the subscription too, k keeps it; Esc goes back to the reason."));
			return UI_REDRAW;
		}
		/* fall through */
	default:
		switch (form_input(&st->form, cp)) {
		case FORM_EDITED:
			form_set_error(&st->form, (int)st->form.focus, NULL);
			return UI_REDRAW;
		case FORM_REFUSED:
			ui_message(app, "%s", _("Space or Left/Right changes this field."));
			return UI_REDRAW;
		default:
			return UI_REDRAW;
		}
	}
}

static void detail_handles(const struct screen *s, struct keys_set *set)
{
	const struct detail_state *st = s->state;
	static const enum ui_request view[] = {
		REQ_EDIT, REQ_HISTORY, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN, REQ_FIRST,
		REQ_LAST, REQ_NONE
	};
	static const enum ui_request edit[] = {
		REQ_SAVE, REQ_BACK, REQ_ENTER, REQ_NEXT_FIELD, REQ_PREV_FIELD,
		REQ_UP, REQ_DOWN, REQ_LEFT, REQ_RIGHT, REQ_FIRST, REQ_LAST,
		REQ_BACKSPACE, REQ_DELETE_CHAR, REQ_CLEAR_FIELD, REQ_NONE
	};
	static const enum ui_request conflict[] = {
		REQ_SAVE, REQ_BACK, REQ_UP, REQ_DOWN, REQ_LEFT, REQ_RIGHT, REQ_NONE
	};
	static const enum ui_request asking[] = { REQ_BACK, REQ_NONE };

	if (st->mode == DETAIL_CANCEL && st->asking_sub) {
		/* c or k answer; only Esc is a request */
		keys_set_add_list(set, asking);
		return;
	}
	keys_set_add_list(set, st->mode == DETAIL_VIEW ? view
			  : st->mode == DETAIL_CONFLICT ? conflict : edit);
}

static void detail_draw(struct screen *s, struct ui_app *app,
			struct layout_text *body, int cols, int rows)
{
	struct detail_state *st = s->state;
	struct layout_text all;
	const char *hint;

	(void)app;
	if (st->error[0])
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
	if (!st->loaded)
		return;
	if (st->mode == DETAIL_CONFLICT) {
		layout_text_addf(body, LAYOUT_ERROR, " %s",
				 _("Someone else changed this order while you were editing: nothing of yours is saved yet."));
		layout_text_wrap(body, LAYOUT_DIM, 1, st->conflict_msg, cols - 2);
		layout_text_wrap(body, LAYOUT_NORMAL, 1,
				 _("Choose for each field (Left/Right or Space), then F5 saves against the version stored now. Esc leaves without saving."),
				 cols - 2);
		conflict_build(body, st->rows, st->nrows, st->csel, cols);
		return;
	}
	if (st->mode != DETAIL_VIEW) {
		layout_text_addf(body, LAYOUT_HEADING, " %s",
				 st->mode == DETAIL_CANCEL ? _("Cancel the order") :
				 st->mode == DETAIL_RETURN ? _("Mark the order returned")
							   : _("Change the order"));
		layout_text_addf(body, LAYOUT_DIM, " %s %s %s \xC2\xB7 %s %d", st->o.order_no,
				 st->o.customer_name, order_status_word(st->o.status),
				 _("version"), st->o.version);
		if (st->mode == DETAIL_CANCEL && st->asking_sub) {
			struct sbuf words, q;
			struct cycle c;

			sbuf_init(&words);
			sbuf_init(&q);
			if (cycle_parse(st->o.cycle, &c, NULL) == RD_OK)
				cycle_describe(&c, &words);
			else
				sbuf_adds(&words, st->o.cycle);
			sbuf_printf(&q, _("This order is delivery 1 of subscription %lld (%s)."),
				    st->o.subscription_id, words.buf);
			layout_text_wrap(body, LAYOUT_NORMAL, 1, q.buf, cols - 2);
			layout_text_wrap(body, LAYOUT_HEADING, 1,
					 _("What becomes of the subscription?"), cols - 2);
			sbuf_done(&words);
			sbuf_done(&q);
			layout_text_addf(body, LAYOUT_NORMAL, "   c  %s",
					 _("cancel the subscription too"));
			layout_text_addf(body, LAYOUT_NORMAL, "   k  %s",
					 _("keep it: its next delivery becomes delivery 1"));
			layout_text_addf(body, LAYOUT_DIM, " %s",
					 _("Esc goes back to the reason."));
			return;
		}
		layout_text_addf(body, LAYOUT_DIM, " %s",
				 _("F5 saves (a reason is required), Esc goes back without saving."));
		form_layout(&st->form, body, cols, rows - (int)body->n);
		return;
	}
	hint = status_is(&st->o, "received", "confirmed")
		? _("F4 change  c cancel the order  Up/Down scroll")
		: status_is(&st->o, "shipped", "delivered")
		? _("r mark returned  Up/Down scroll") : _("Up/Down scroll");
	layout_text_init(&all);
	order_detail_build(&all, &st->o, st->have_ship_to ? &st->ship_to : NULL, st->ev, st->nev,
			   cols);
	rows -= (int)body->n + 1;
	st->lines = (int)all.n;
	st->page = rows > 1 ? rows : 1;
	if (st->top > st->lines - st->page)
		st->top = st->lines > st->page ? st->lines - st->page : 0;
	for (int i = st->top; i < st->lines && i < st->top + st->page; i++)
		layout_line_copy(layout_text_add(body, LAYOUT_NORMAL), &all.lines[i]);
	layout_text_done(&all);
	while ((int)body->n < rows + (st->error[0] ? 1 : 0))
		layout_text_add(body, LAYOUT_NORMAL);
	layout_text_addf(body, LAYOUT_DIM, " %s", hint);
}

const struct screen_ops order_screen_ops = {
	.name = "order",
	.title = N_("Order"),
	.state_size = sizeof(struct detail_state),
	.handles = detail_handles,
	.keys = order_detail_keys,
	.keys_mode = detail_keys_mode,
	.action = detail_action,
	.open = detail_open,
	.request = detail_request,
	.input = detail_input,
	.draw = detail_draw,
	.reload = detail_reload,
	.notify = detail_notify,
	.has_unsaved = detail_unsaved,
	.close = detail_close,
};
