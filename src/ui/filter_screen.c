/* filter_screen.c: the lookup's filter panel and the saved filters
 * (filter_screen.h).
 *
 * The panel is a form (forms/filter.form) whose fields map one to one to
 * struct customer_query; the store checks what it alone knows (a
 * prefecture, an RFM spec, a phone fragment), and each field is checked
 * on its own first so that its message lands on that field. Saved filters
 * are the agent's own, by name, in the database (customer_filter_*). */
#include "filter_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/money.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#include "form.h"
#include "screen_keys.h"

#define SAVED_MAX 200

static const struct {
	const char *field;
	enum customer_qfield key;
} text_keys[] = {
	{ "phone", CUSTOMER_Q_PHONE },
	{ "name", CUSTOMER_Q_NAME },
	{ "kana", CUSTOMER_Q_KANA },
	{ "code", CUSTOMER_Q_CODE },
	{ "order_no", CUSTOMER_Q_ORDER },
	{ "email", CUSTOMER_Q_EMAIL },
	{ "postal", CUSTOMER_Q_POSTAL },
	{ "prefecture", CUSTOMER_Q_PREFECTURE },
	{ "product", CUSTOMER_Q_PRODUCT },
	{ "media", CUSTOMER_Q_MEDIA },
};

static const char *const contact_fields[] = { "no_dm", "no_call", "no_email" };

static const char *query_text(const struct customer_query *q,
			      enum customer_qfield key)
{
	switch (key) {
	case CUSTOMER_Q_ANY: return q->any;
	case CUSTOMER_Q_PHONE: return q->phone;
	case CUSTOMER_Q_NAME: return q->name;
	case CUSTOMER_Q_KANA: return q->kana;
	case CUSTOMER_Q_CODE: return q->code;
	case CUSTOMER_Q_EMAIL: return q->email;
	case CUSTOMER_Q_POSTAL: return q->postal;
	case CUSTOMER_Q_ORDER: return q->order_no;
	case CUSTOMER_Q_PREFECTURE: return q->prefecture;
	case CUSTOMER_Q_PRODUCT: return q->product;
	case CUSTOMER_Q_MEDIA: return q->media;
	}
	return "";
}

static int *contact_value(struct customer_query *q, size_t i)
{
	return i == 0 ? &q->no_dm : i == 1 ? &q->no_call : &q->no_email;
}

/* --- the panel --- */

struct saved_arg {
	unsigned (*on_open)(struct ui_app *app, void *ctx, const char *name);
	void *ctx;
};

struct filter_state {
	struct filter_arg arg;
	struct formspec spec;
	bool have_spec;
	struct form form;
	struct saved_arg saved_arg;
};

static const struct screen_ops saved_filters_screen_ops;

/* Fills the form from q (as loaded: nothing typed yet). */
static void from_query(struct filter_state *st, const struct customer_query *q)
{
	struct form *f = &st->form;
	char buf[64];

	for (size_t i = 0; i < f->n; i++)
		if (strcmp(st->spec.fields[i].name, "filter_name") != 0)
			form_load(f, (int)i, "");
	for (size_t i = 0; i < sizeof(text_keys) / sizeof(text_keys[0]); i++)
		form_load(f, form_index(f, text_keys[i].field), query_text(q, text_keys[i].key));
	if (q->age_min >= 0) {
		snprintf(buf, sizeof(buf), "%d", q->age_min);
		form_load(f, form_index(f, "age_min"), buf);
	}
	if (q->age_max >= 0) {
		snprintf(buf, sizeof(buf), "%d", q->age_max);
		form_load(f, form_index(f, "age_max"), buf);
	}
	if (q->gender) {
		buf[0] = q->gender;
		buf[1] = '\0';
		form_load(f, form_index(f, "gender"), buf);
	}
	if (q->subscription != CUSTOMER_SUBS_ANY)
		form_load(f, form_index(f, "subscription"),
			  customer_subscription_filter_name(q->subscription));
	if (q->ltv_min >= 0) {
		snprintf(buf, sizeof(buf), "%lld", (long long)q->ltv_min);
		form_load(f, form_index(f, "ltv_min"), buf);
	}
	if (q->ltv_max >= 0) {
		snprintf(buf, sizeof(buf), "%lld", (long long)q->ltv_max);
		form_load(f, form_index(f, "ltv_max"), buf);
	}
	customer_rfm_format(q, buf, sizeof(buf));
	form_load(f, form_index(f, "rfm"), buf);
	if (q->last_order_from != CUSTOMER_NO_DATE)
		form_load(f, form_index(f, "last_order_from"),
			  date_format_iso(q->last_order_from, buf));
	if (q->last_order_to != CUSTOMER_NO_DATE)
		form_load(f, form_index(f, "last_order_to"),
			  date_format_iso(q->last_order_to, buf));
	for (size_t i = 0; i < 3; i++) {
		int v = *contact_value((struct customer_query *)q, i);

		if (v >= 0)
			form_load(f, form_index(f, contact_fields[i]), v ? "refuses" : "accepts");
	}
}

static bool mark(struct filter_state *st, struct ui_app *app, const char *field,
		 const char *msg)
{
	int i = form_index(&st->form, field);

	if (i >= 0) {
		form_set_error(&st->form, i, msg);
		form_focus(&st->form, i);
		ui_error(app, "%s: %s", _(st->spec.fields[i].label), msg);
	} else {
		ui_error(app, "%s", msg);
	}
	return false;
}

/* The query the form says; false (with the field marked) when a field
 * cannot be searched. */
static bool to_query(struct filter_state *st, struct ui_app *app,
		     struct customer_query *q)
{
	struct form *f = &st->form;
	struct rd_error err;
	long long n;
	int bad;
	const char *v;

	rd_error_clear(&err);
	customer_query_init(q);
	bad = form_validate(f);
	if (bad >= 0) {
		ui_error(app, "%s: %s", _(st->spec.fields[bad].label), form_error(f, bad));
		return false;
	}
	for (size_t i = 0; i < sizeof(text_keys) / sizeof(text_keys[0]); i++) {
		struct customer_query one;

		v = form_get_named(f, text_keys[i].field);
		if (!*v)
			continue;
		customer_query_init(&one);
		if (customer_query_set(q, text_keys[i].key, v, &err) != RD_OK ||
		    customer_query_set(&one, text_keys[i].key, v, &err) != RD_OK ||
		    customer_query_check(&one, &err) != RD_OK)
			return mark(st, app, text_keys[i].field, err.msg);
	}
	if (*(v = form_get_named(f, "age_min")) && form_parse_number(v, &n, NULL) == RD_OK)
		q->age_min = (int)n;
	if (*(v = form_get_named(f, "age_max")) && form_parse_number(v, &n, NULL) == RD_OK)
		q->age_max = (int)n;
	q->gender = form_get_named(f, "gender")[0];
	if (*(v = form_get_named(f, "subscription")) &&
	    customer_subscription_filter_parse(v, &q->subscription) != 0)
		return mark(st, app, "subscription", _("choose with Space or Left/Right"));
	if (*(v = form_get_named(f, "ltv_min")) && money_parse(v, &q->ltv_min, &err) != RD_OK)
		return mark(st, app, "ltv_min", err.msg);
	if (*(v = form_get_named(f, "ltv_max")) && money_parse(v, &q->ltv_max, &err) != RD_OK)
		return mark(st, app, "ltv_max", err.msg);
	if (*(v = form_get_named(f, "rfm")) && customer_rfm_parse(v, q, &err) != RD_OK)
		return mark(st, app, "rfm", err.msg);
	if (*(v = form_get_named(f, "last_order_from")) &&
	    form_parse_date(v, &q->last_order_from, &err) != RD_OK)
		return mark(st, app, "last_order_from", err.msg);
	if (*(v = form_get_named(f, "last_order_to")) &&
	    form_parse_date(v, &q->last_order_to, &err) != RD_OK)
		return mark(st, app, "last_order_to", err.msg);
	for (size_t i = 0; i < 3; i++) {
		v = form_get_named(f, contact_fields[i]);
		*contact_value(q, i) = !*v ? -1 : strcmp(v, "refuses") == 0 ? 1 : 0;
	}
	/* what only the whole query shows: ranges the wrong way round... */
	if (customer_query_check(q, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return false;
	}
	return true;
}

/* "Prefecture 東京都 · Age from 30 · Subscriptions active", or NULL. */
static char *summary(const struct filter_state *st)
{
	struct sbuf sb;
	char *text;

	sbuf_init(&sb);
	for (size_t i = 0; i < st->form.n; i++) {
		const struct formspec_field *fs = &st->spec.fields[i];
		const char *v = form_get(&st->form, (int)i);

		if (!*v || strcmp(fs->name, "filter_name") == 0)
			continue;
		if (sb.len)
			sbuf_adds(&sb, " \xC2\xB7 ");
		sbuf_printf(&sb, "%s %s", _(fs->label),
			    fs->kind == FORMSPEC_CHOICE ? form_choice_label(fs, v) : v);
	}
	text = sb.len ? sbuf_detach(&sb) : NULL;
	sbuf_done(&sb);
	return text;
}

static unsigned filter_open(struct screen *s, struct ui_app *app,
			    const void *arg)
{
	struct filter_state *st = s->state;
	struct rd_error err;

	if (!arg)
		return UI_CLOSE;
	st->arg = *(const struct filter_arg *)arg;
	if (form_spec_builtin("filter", &st->spec, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_CLOSE;
	}
	st->have_spec = true;
	form_init(&st->form, &st->spec);
	from_query(st, st->arg.query);
	/* the name is for saving: start on the first filter */
	if (st->form.n > 1)
		form_focus(&st->form, 1);
	return UI_REDRAW;
}

static void filter_close(struct screen *s, struct ui_app *app)
{
	struct filter_state *st = s->state;

	(void)app;
	if (st->have_spec) {
		form_done(&st->form);
		formspec_done(&st->spec);
	}
}

static unsigned apply(struct filter_state *st, struct ui_app *app)
{
	struct customer_query q;

	if (!to_query(st, app, &q))
		return UI_REDRAW;
	*st->arg.query = q;
	free(*st->arg.summary);
	*st->arg.summary = summary(st);
	if (st->arg.on_apply)
		st->arg.on_apply(app, st->arg.ctx);
	return UI_CLOSE;
}

static unsigned save_filter(struct filter_state *st, struct ui_app *app)
{
	struct customer_query q;
	struct rd_error err;
	const char *name = form_get_named(&st->form, "filter_name");
	enum rd_status rc;

	rd_error_clear(&err);
	if (!*name) {
		mark(st, app, "filter_name", _("type a name to save these filters under"));
		return UI_REDRAW;
	}
	if (!to_query(st, app, &q))
		return UI_REDRAW;
	if (customer_query_empty(&q)) {
		ui_error(app, "%s", _("There is no filter to save: fill in at least one."));
		return UI_REDRAW;
	}
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: nothing saved. Press F5 again once DB ok."));
		return UI_REDRAW;
	}
	rc = customer_filter_save(ui_db(app), name, &q, &err);
	if (rc != RD_OK) {
		ui_error(app, "%s", err.msg[0] ? err.msg : _(rd_status_message(rc)));
		return UI_REDRAW;
	}
	form_commit(&st->form);
	ui_message(app, _("Saved the filters as \xE2\x80\x9C%s\xE2\x80\x9D: F7 lists them."), name);
	return UI_REDRAW;
}

/* A saved filter was picked in the list: load it into the panel. */
static unsigned open_saved(struct ui_app *app, void *ctx, const char *name)
{
	struct filter_state *st = ctx;
	struct customer_query q;
	struct rd_error err;
	enum rd_status rc;

	rd_error_clear(&err);
	rc = customer_filter_get(ui_db(app), name, &q, &err);
	if (rc != RD_OK) {
		ui_error(app, "%s", err.msg[0] ? err.msg : _(rd_status_message(rc)));
		return UI_REDRAW;
	}
	from_query(st, &q);
	form_load(&st->form, form_index(&st->form, "filter_name"), name);
	ui_message(app, _("Opened \xE2\x80\x9C%s\xE2\x80\x9D: Enter searches with it."), name);
	return UI_REDRAW;
}

static unsigned filter_request(struct screen *s, struct ui_app *app,
			       enum ui_request req)
{
	struct filter_state *st = s->state;

	switch (req) {
	case REQ_ENTER:
		return apply(st, app);
	case REQ_SAVE:
		return save_filter(st, app);
	case REQ_SAVED:
		st->saved_arg.on_open = open_saved;
		st->saved_arg.ctx = st;
		ui_push(app, &saved_filters_screen_ops, &st->saved_arg);
		return UI_REDRAW;
	case REQ_CLEAR:
		for (size_t i = 0; i < st->form.n; i++)
			form_set(&st->form, (int)i, "");
		form_focus(&st->form, st->form.n > 1 ? 1 : 0);
		return UI_REDRAW;
	default:
		break;
	}
	switch (form_request(&st->form, req)) {
	case FORM_MOVED:
	case FORM_EDITED:
		if (form_focus_error(&st->form))
			ui_error(app, "%s: %s", _(st->spec.fields[st->form.focus].label),
				 form_focus_error(&st->form));
		return UI_REDRAW;
	case FORM_SUBMIT:
		return apply(st, app);
	case FORM_REFUSED:
		return UI_NONE;
	case FORM_IGNORED:
	default:
		return UI_UNHANDLED;
	}
}

static unsigned filter_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct filter_state *st = s->state;

	(void)app;
	if (form_input(&st->form, cp) == FORM_EDITED)
		form_set_error(&st->form, (int)st->form.focus, NULL);
	return UI_REDRAW;
}

static void filter_draw(struct screen *s, struct ui_app *app,
			struct layout_text *body, int cols, int rows)
{
	struct filter_state *st = s->state;

	(void)app;
	if (!st->have_spec)
		return;
	layout_text_wrap(body, LAYOUT_DIM, 1,
			 _("Every filter given must hold. Enter searches; F5 saves them under the name; F7 opens a saved set; F9 clears."),
			 cols - 2);
	form_layout(&st->form, body, cols, rows - (int)body->n);
}

static const enum ui_request filter_requests[] = {
	REQ_SAVE, REQ_SAVED, REQ_CLEAR, REQ_ENTER, REQ_NEXT_FIELD,
	REQ_PREV_FIELD, REQ_UP, REQ_DOWN, REQ_LEFT, REQ_RIGHT, REQ_FIRST,
	REQ_LAST, REQ_BACKSPACE, REQ_DELETE_CHAR, REQ_CLEAR_FIELD, REQ_NONE
};

const struct screen_ops filter_screen_ops = {
	.name = "filters",
	.title = N_("Lookup filters"),
	.state_size = sizeof(struct filter_state),
	.requests = filter_requests,
	.keys = form_screen_keys,
	.open = filter_open,
	.request = filter_request,
	.input = filter_input,
	.draw = filter_draw,
	.close = filter_close,
};

/* --- the saved filters --- */

struct saved_state {
	struct saved_arg arg;
	struct customer_filter_info *items;
	int n;
	int sel;
	int top;
	char error[512];
	char name[CUSTOMER_FILTER_NAME_SIZE];  /* the one asked about */
};

static unsigned saved_load(struct saved_state *st, struct ui_app *app)
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
	rc = customer_filter_list(ui_db(app), st->items, SAVED_MAX, &st->n, &err);
	if (rc != RD_OK) {
		st->n = 0;
		snprintf(st->error, sizeof(st->error), "%s",
			 err.msg[0] ? err.msg : _(rd_status_message(rc)));
	}
	if (st->sel >= st->n)
		st->sel = st->n > 0 ? st->n - 1 : 0;
	return UI_REDRAW;
}

static unsigned saved_open(struct screen *s, struct ui_app *app,
			   const void *arg)
{
	struct saved_state *st = s->state;

	if (!arg)
		return UI_CLOSE;
	st->arg = *(const struct saved_arg *)arg;
	st->items = xcalloc(SAVED_MAX, sizeof(*st->items));
	return saved_load(st, app);
}

static void saved_close(struct screen *s, struct ui_app *app)
{
	struct saved_state *st = s->state;

	(void)app;
	XFREE(st->items);
}

static unsigned saved_reload(struct screen *s, struct ui_app *app)
{
	return saved_load(s->state, app);
}

static unsigned confirm_delete(struct ui_app *app, void *arg)
{
	struct saved_state *st = arg;
	struct rd_error err;
	enum rd_status rc;

	rd_error_clear(&err);
	rc = customer_filter_delete(ui_db(app), st->name, &err);
	if (rc != RD_OK)
		ui_error(app, "%s", err.msg[0] ? err.msg : _(rd_status_message(rc)));
	else
		ui_message(app, _("Deleted the saved filter \xE2\x80\x9C%s\xE2\x80\x9D."), st->name);
	return saved_load(st, app);
}

static unsigned saved_request(struct screen *s, struct ui_app *app,
			      enum ui_request req)
{
	struct saved_state *st = s->state;

	switch (req) {
	case REQ_UP:
		if (st->sel > 0)
			st->sel--;
		return UI_REDRAW;
	case REQ_DOWN:
		if (st->sel + 1 < st->n)
			st->sel++;
		return UI_REDRAW;
	case REQ_FIRST:
		st->sel = 0;
		return UI_REDRAW;
	case REQ_LAST:
		st->sel = st->n > 0 ? st->n - 1 : 0;
		return UI_REDRAW;
	case REQ_ENTER:
		if (st->n == 0)
			return UI_NONE;
		if (st->arg.on_open)
			st->arg.on_open(app, st->arg.ctx, st->items[st->sel].name);
		return UI_CLOSE;
	case REQ_DELETE:
		if (st->n == 0)
			return UI_NONE;
		snprintf(st->name, sizeof(st->name), "%s", st->items[st->sel].name);
		{
			char q[sizeof(st->name) + 128];

			snprintf(q, sizeof(q),
				 _("Delete the saved filter \xE2\x80\x9C%s\xE2\x80\x9D?"), st->name);
			ui_confirm(app, q, confirm_delete, st);
		}
		return UI_REDRAW;
	default:
		return UI_UNHANDLED;
	}
}

static void saved_draw(struct screen *s, struct ui_app *app,
		       struct layout_text *body, int cols, int rows)
{
	struct saved_state *st = s->state;
	int shown;

	(void)app;
	if (st->error[0]) {
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
		return;
	}
	if (st->n == 0) {
		layout_text_wrap(body, LAYOUT_DIM, 1,
				 _("You have no saved filters yet: in the filter panel, type a name and press F5."),
				 cols - 2);
		return;
	}
	layout_text_addf(body, LAYOUT_DIM, " %s",
			 _("Enter opens the filters in the panel; F8 deletes (asks first)."));
	shown = rows - 1 > 1 ? rows - 1 : 1;
	if (st->sel < st->top)
		st->top = st->sel;
	if (st->sel >= st->top + shown)
		st->top = st->sel - shown + 1;
	for (int i = st->top; i < st->n && i < st->top + shown; i++) {
		enum layout_attr a = i == st->sel ? LAYOUT_BAR : LAYOUT_NORMAL;
		struct layout_line *l = layout_text_add(body, a);
		struct sbuf sb;
		char at[DATE_STAMP_SIZE];

		sbuf_init(&sb);
		sbuf_adds(&sb, i == st->sel ? ">" : " ");
		width_fit_ellipsis(&sb, st->items[i].name, 40);
		/* "2026-11-22T14:03:05+09": the date and the minute */
		sbuf_printf(&sb, "  %s", date_format_stamp(st->items[i].updated_at, DATE_LONG, at));
		layout_line_add(l, sb.buf, a);
		sbuf_done(&sb);
	}
}

static const enum ui_request saved_requests[] = {
	REQ_DELETE, REQ_ENTER, REQ_UP, REQ_DOWN, REQ_FIRST, REQ_LAST, REQ_NONE
};

static const struct screen_ops saved_filters_screen_ops = {
	.name = "saved_filters",
	.title = N_("Saved filters"),
	.state_size = sizeof(struct saved_state),
	.requests = saved_requests,
	.keys = saved_filters_keys,
	.open = saved_open,
	.request = saved_request,
	.draw = saved_draw,
	.reload = saved_reload,
	.close = saved_close,
};
