/* wrapup_screen.c: the after-call work (wrapup_screen.h).
 *
 * Pre-filled from what happened in the call: the changes this agent made
 * about the customer since the card opened (listed, and linked when
 * saved), the category they imply (the call's inquiry's when it has
 * one), the subject of the call's inquiry when it has one. F5 saves in
 * one transaction; the category is written only when the operator
 * changed it. */
#include "wrapup_screen.h"

#include <stdio.h>
#include <string.h>

#include "repeatdesk/i18n.h"

#include "form.h"
#include "inquiry_text.h"
#include "screen_keys.h"

#define CHANGES_MAX 24

struct wrap_state {
	struct wrapup_arg arg;
	struct formspec spec;
	struct form form;
	bool have_form;
	char changes[CHANGES_MAX][INQUIRY_CHANGE_TEXT];
	size_t nchanges;
	char error[512];
};

static unsigned wrap_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct wrap_state *st = s->state;
	const struct wrapup_arg *a = arg;
	struct rd_error err;
	char category[INQUIRY_CATEGORY_MAX] = "question";
	int i;

	if (!a || a->customer_id <= 0)
		return UI_CLOSE;
	st->arg = *a;
	/* forms/wrapup.form */
	if (form_spec_builtin("wrapup", &st->spec, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_CLOSE;
	}
	form_init(&st->form, &st->spec);
	st->have_form = true;
	if (ui_db_ok(app) &&
	    inquiry_pending_changes(ui_db(app), a->customer_id, a->since,
				    a->call ? a->call->inquiry_id : 0, st->changes, CHANGES_MAX,
				    &st->nchanges, &err) != RD_OK)
		snprintf(st->error, sizeof(st->error), "%s", err.msg);
	/* the category the call's changes imply (its inquiry's, when the
	 * request hook opened one: a skip call stays "skip") */
	if (ui_db_ok(app) &&
	    inquiry_call_category(ui_db(app), a->customer_id, a->since,
				  a->call ? a->call->inquiry_id : 0, category,
				  sizeof(category), &err) != RD_OK) {
		snprintf(st->error, sizeof(st->error), "%s", err.msg);
		snprintf(category, sizeof(category), "%s", "question");
	}
	form_load(&st->form, form_index(&st->form, "category"), category);
	if (a->call && a->call->subject[0])
		form_load(&st->form, form_index(&st->form, "subject"), a->call->subject);
	else if (st->nchanges)
		form_load(&st->form, form_index(&st->form, "subject"), _("Changes by phone"));
	form_load(&st->form, form_index(&st->form, "resolved"), FORM_YES);
	/* the note is what the operator still has to type */
	i = form_index(&st->form, "note");
	form_focus(&st->form, i);
	return UI_REDRAW;
}

static void wrap_close(struct screen *s, struct ui_app *app)
{
	struct wrap_state *st = s->state;

	(void)app;
	if (st->have_form) {
		form_done(&st->form);
		formspec_done(&st->spec);
	}
}

static unsigned save(struct wrap_state *st, struct ui_app *app)
{
	struct inquiry_open_req o;
	struct inquiry_wrapup_req w;
	struct rd_error err;
	long long id = 0;
	int linked = 0;
	bool new_one = !st->arg.call || st->arg.call->inquiry_id <= 0;

	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: nothing saved, input kept. Press F5 again once DB ok."));
		return UI_REDRAW;
	}
	if (form_validate(&st->form) >= 0) {
		ui_error(app, "%s", _("Fill in what is marked first."));
		return UI_REDRAW;
	}
	memset(&o, 0, sizeof(o));
	memset(&w, 0, sizeof(w));
	o.customer_id = st->arg.customer_id;
	o.subscription_id = st->arg.call ? st->arg.call->subscription_id : 0;
	o.category = form_get_named(&st->form, "category");
	o.subject = form_get_named(&st->form, "subject");
	o.assign_self = true;
	o.reason = "wrap-up";
	w.c.id = new_one ? 0 : st->arg.call->inquiry_id;
	w.c.note = form_get_named(&st->form, "note");
	w.c.reason = "wrap-up";
	/* an inquiry that exists keeps what the operator did not touch */
	w.category = new_one || form_field_changed(&st->form, form_index(&st->form, "category"))
		? o.category : NULL;
	w.resolved = form_get_named(&st->form, "resolved")[0] != '\0';
	w.since = st->arg.since;
	rd_error_clear(&err);
	if (inquiry_log_call(ui_db(app), new_one ? &o : NULL, &w, &id, &linked, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_REDRAW;
	}
	if (st->arg.call)
		st->arg.call->inquiry_id = id;
	if (st->arg.saved)
		*st->arg.saved = true;
	ui_message(app, _("Call logged: inquiry #%lld, %d change(s) linked%s."), id, linked,
		   w.resolved ? _(", resolved") : "");
	return UI_CLOSE;
}

static unsigned wrap_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct wrap_state *st = s->state;

	if (req == REQ_SAVE)
		return save(st, app);
	if (req == REQ_BACK) {
		/* typed text: the global Esc asks first (has_unsaved) */
		if (form_changed(&st->form))
			return UI_UNHANDLED;
		if (st->arg.leaving)
			ui_message(app, "%s", _("Call not logged: Esc again leaves the card without logging it, F12 logs it."));
		return UI_CLOSE;
	}
	switch (form_request(&st->form, req)) {
	case FORM_SUBMIT:
		return save(st, app);
	case FORM_IGNORED:
		return UI_UNHANDLED;
	case FORM_REFUSED:
		return UI_NONE;
	default:
		return UI_REDRAW;
	}
}

static unsigned wrap_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct wrap_state *st = s->state;

	if (form_input(&st->form, cp) == FORM_REFUSED)
		ui_message(app, "%s", _("Space or Left/Right changes this field."));
	return UI_REDRAW;
}

static void wrap_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
		      int cols, int rows)
{
	struct wrap_state *st = s->state;

	(void)app;
	layout_text_addf(body, LAYOUT_HEADING, " %s %s", _("Wrap-up of the call with"),
			 st->arg.customer_text ? st->arg.customer_text : "");
	if (st->arg.call && st->arg.call->inquiry_id > 0)
		layout_text_addf(body, LAYOUT_DIM, " %s #%lld", _("Adds to inquiry"),
				 st->arg.call->inquiry_id);
	if (st->error[0])
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
	layout_text_add(body, LAYOUT_NORMAL);
	wrapup_changes_build(body, (const char (*)[INQUIRY_CHANGE_TEXT])st->changes,
			     st->nchanges, cols);
	layout_text_add(body, LAYOUT_NORMAL);
	layout_text_addf(body, LAYOUT_DIM, " %s",
			 _("Tab moves, F5 saves the wrap-up (one key), Esc goes back to the card."));
	form_layout(&st->form, body, cols, rows - (int)body->n);
}

static bool wrap_unsaved(const struct screen *s)
{
	const struct wrap_state *st = s->state;

	return st->have_form && form_changed(&st->form);
}

static void wrap_handles(const struct screen *s, struct keys_set *set)
{
	static const enum ui_request edit[] = {
		REQ_SAVE, REQ_BACK, REQ_ENTER, REQ_NEXT_FIELD, REQ_PREV_FIELD, REQ_UP,
		REQ_DOWN, REQ_LEFT, REQ_RIGHT, REQ_FIRST, REQ_LAST, REQ_BACKSPACE,
		REQ_DELETE_CHAR, REQ_CLEAR_FIELD, REQ_NONE
	};

	(void)s;
	keys_set_add_list(set, edit);
}

const struct screen_ops wrapup_screen_ops = {
	.name = "wrapup",
	.title = N_("Wrap-up"),
	.state_size = sizeof(struct wrap_state),
	.handles = wrap_handles,
	.keys = form_screen_keys,
	.open = wrap_open,
	.request = wrap_request,
	.input = wrap_input,
	.draw = wrap_draw,
	.has_unsaved = wrap_unsaved,
	.close = wrap_close,
};
