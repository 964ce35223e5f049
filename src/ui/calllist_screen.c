/* calllist_screen.c: making a call list from the lookup's customer list
 * (calllist_screen.h).
 *
 * Three steps, each its own key mode (screen_keys.c calllist_keys): the
 * team whose queue gets the calls, picked from a list narrowed as one
 * types; the list's name and category (a form, F5 makes it); what was
 * made. The customers are collected once when the screen opens (every
 * page of the search, CALLLIST_MAX at most) so the count shown is the
 * count made, less those who asked not to be called. */
#include "calllist_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/agent.h"
#include "repeatdesk/calllist.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#include "form.h"
#include "pick_list.h"
#include "screen_keys.h"

#define TEAMS_MAX 300

struct cl_state {
	struct calllist_ids ids;
	bool collected;
	char what[CALLLIST_SOURCE_SIZE];
	char error[512];
	unsigned mode;                  /* enum calllist_keys_mode */
	struct pick_list teams;
	bool have_teams;
	char team[128];
	struct formspec spec;
	struct form form;
	bool have_form;
	char done[512];
};

static void teams_load(struct cl_state *st, struct ui_app *app)
{
	struct agent_target *t = xcalloc(TEAMS_MAX, sizeof(*t));
	struct rd_error err;
	int n = 0;

	pick_list_init(&st->teams);
	st->have_teams = true;
	if (agent_targets(ui_db(app), t, TEAMS_MAX, &n, &err) != RD_OK)
		snprintf(st->error, sizeof(st->error), "%s", err.msg);
	for (int i = 0; i < n; i++) {
		char detail[64];

		if (t[i].kind != AGENT_TARGET_TEAM)
			continue;
		snprintf(detail, sizeof(detail),
			 dngettext(RD_TEXTDOMAIN, "%d agent", "%d agents", (unsigned long)t[i].members),
			 t[i].members);
		pick_list_add(&st->teams, t[i].name, detail, NULL, t[i].name, 0);
	}
	free(t);
}

static unsigned cl_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct cl_state *st = s->state;
	const struct calllist_screen_arg *a = arg;
	struct rd_error err;

	if (!a || !a->q)
		return UI_CLOSE;
	utf8_copy(st->what, sizeof(st->what), a->what ? a->what : "");
	st->mode = CALLLIST_KM_TEAM;
	if (!ui_db_ok(app)) {
		snprintf(st->error, sizeof(st->error), "%s",
			 _("The database is unavailable: no call list can be made now."));
		st->mode = CALLLIST_KM_DONE;
		return UI_REDRAW;
	}
	if (calllist_collect_query(ui_db(app), a->q, &st->ids, &err) != RD_OK) {
		snprintf(st->error, sizeof(st->error), "%s", err.msg);
		st->mode = CALLLIST_KM_DONE;
		return UI_REDRAW;
	}
	st->collected = true;
	teams_load(st, app);
	return UI_REDRAW;
}

static void cl_close(struct screen *s, struct ui_app *app)
{
	struct cl_state *st = s->state;

	(void)app;
	calllist_ids_done(&st->ids);
	if (st->have_teams)
		pick_list_done(&st->teams);
	if (st->have_form) {
		form_done(&st->form);
		formspec_done(&st->spec);
	}
}

/* The team is picked: the name and category are asked. */
static unsigned team_chosen(struct cl_state *st, struct ui_app *app)
{
	const struct pick_item *it = pick_list_selected(&st->teams);
	struct rd_error err;
	char name[CALLLIST_NAME_SIZE];

	if (!it)
		return UI_NONE;
	snprintf(st->team, sizeof(st->team), "%s", it->value);
	if (!st->have_form) {
		if (form_spec_builtin("call_list", &st->spec, &err) != RD_OK) {
			ui_error(app, "%s", err.msg);
			return UI_REDRAW;
		}
		form_init(&st->form, &st->spec);
		st->have_form = true;
		/* the search in words is the name to start from */
		utf8_copy(name, CALLLIST_NAME_MAX + 1 < sizeof(name) ? CALLLIST_NAME_MAX + 1 : sizeof(name),
			  st->what);
		form_load(&st->form, form_index(&st->form, "name"), name);
		form_load(&st->form, form_index(&st->form, "category"), "other");
	}
	st->mode = CALLLIST_KM_FORM;
	return UI_REDRAW;
}

static unsigned make(struct cl_state *st, struct ui_app *app)
{
	struct calllist_new r;
	struct calllist_progress p;
	struct rd_error err;
	char source[CALLLIST_SOURCE_SIZE];
	long long id = 0;

	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: nothing saved, input kept. Try again once DB ok."));
		return UI_REDRAW;
	}
	if (form_validate(&st->form) >= 0) {
		ui_error(app, "%s", _("Fill in what is marked first."));
		return UI_REDRAW;
	}
	calllist_source(ui_db(app), CALLLIST_FROM_QUERY, st->what, source, sizeof(source), &err);
	memset(&r, 0, sizeof(r));
	r.name = form_get_named(&st->form, "name");
	r.team = st->team;
	r.source = source;
	r.category = form_get_named(&st->form, "category");
	r.customers = &st->ids;
	if (calllist_create(ui_db(app), &r, &id, &err) != RD_OK) {
		/* the form stays with what was typed */
		ui_error(app, "%s", err.msg);
		return UI_REDRAW;
	}
	if (calllist_get(ui_db(app), id, &p, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_REDRAW;
	}
	snprintf(st->done, sizeof(st->done),
		 _("Call list #%lld \"%s\" is made: %lld calls in the queue of %s; %lld left out (they asked not to be called)."),
		 p.id, p.name, p.total, p.team, p.left_out_no_call);
	st->mode = CALLLIST_KM_DONE;
	ui_message(app, "%s", _("The call list is made."));
	return UI_REDRAW;
}

static unsigned drop(struct ui_app *app, void *arg)
{
	(void)app;
	(void)arg;
	return UI_CLOSE;
}

static unsigned cl_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct cl_state *st = s->state;

	switch (st->mode) {
	case CALLLIST_KM_TEAM:
		if (req == REQ_BACK)
			return UI_CLOSE;
		switch (pick_list_request(&st->teams, req)) {
		case PICK_CHOSEN: return team_chosen(st, app);
		case PICK_IGNORED: return UI_UNHANDLED;
		case PICK_REFUSED: return UI_NONE;
		default: return UI_REDRAW;
		}
	case CALLLIST_KM_FORM:
		if (req == REQ_SAVE)
			return make(st, app);
		if (req == REQ_BACK) {
			if (form_changed(&st->form)) {
				ui_confirm(app, _("Drop what you typed? No call list is made."), drop, st);
				return UI_REDRAW;
			}
			return UI_CLOSE;
		}
		switch (form_request(&st->form, req)) {
		case FORM_SUBMIT: return make(st, app);
		case FORM_IGNORED: return UI_UNHANDLED;
		case FORM_REFUSED: return UI_NONE;
		default: return UI_REDRAW;
		}
	default:
		return req == REQ_BACK ? UI_CLOSE : UI_UNHANDLED;
	}
}

static unsigned cl_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct cl_state *st = s->state;

	if (st->mode == CALLLIST_KM_TEAM) {
		pick_list_input(&st->teams, cp);
		return UI_REDRAW;
	}
	if (st->mode == CALLLIST_KM_FORM) {
		if (form_input(&st->form, cp) == FORM_REFUSED)
			ui_message(app, "%s", _("Space or Left/Right changes this field."));
		return UI_REDRAW;
	}
	ui_message(app, "%s", _("Esc goes back to the customer list."));
	return UI_REDRAW;
}

static unsigned cl_keys_mode(const struct screen *s)
{
	const struct cl_state *st = s->state;

	return st->mode;
}

static void cl_handles(const struct screen *s, struct keys_set *set)
{
	const struct cl_state *st = s->state;
	static const enum ui_request team[] = {
		REQ_BACK, REQ_ENTER, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN,
		REQ_FIRST, REQ_LAST, REQ_BACKSPACE, REQ_CLEAR_FIELD, REQ_NONE
	};
	static const enum ui_request done[] = { REQ_BACK, REQ_NONE };

	keys_set_add_list(set, st->mode == CALLLIST_KM_TEAM ? team
			       : st->mode == CALLLIST_KM_FORM ? screen_form_requests : done);
}

static bool cl_unsaved(const struct screen *s)
{
	const struct cl_state *st = s->state;

	return st->mode == CALLLIST_KM_FORM && form_changed(&st->form);
}

static void cl_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
		    int cols, int rows)
{
	struct cl_state *st = s->state;
	struct sbuf sb;

	(void)app;
	sbuf_init(&sb);
	if (st->what[0]) {
		sbuf_printf(&sb, _("Customers of: %s"), st->what);
		layout_text_wrap(body, LAYOUT_NORMAL, 1, sb.buf, cols - 2);
		sbuf_reset(&sb);
	}
	if (st->collected) {
		sbuf_printf(&sb, dngettext(RD_TEXTDOMAIN,
					   "%zu customer found; those who asked not to be called are left out and counted.",
					   "%zu customers found; those who asked not to be called are left out and counted.",
					   (unsigned long)st->ids.n),
			    st->ids.n);
		layout_text_wrap(body, LAYOUT_HEADING, 1, sb.buf, cols - 2);
		sbuf_reset(&sb);
	}
	if (st->error[0])
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
	layout_text_add(body, LAYOUT_NORMAL);
	switch (st->mode) {
	case CALLLIST_KM_TEAM:
		sbuf_printf(&sb, "%s " "\xE2\x80\x94" " %s", _("Which team calls them?"),
			    _("type part of its name; Up/Down and Enter pick, Esc drops it"));
		layout_text_wrap(body, LAYOUT_HEADING, 1, sb.buf, cols);
		pick_list_layout(&st->teams, body, cols, rows - (int)body->n);
		break;
	case CALLLIST_KM_FORM:
		sbuf_printf(&sb, _("Team: %s"), st->team);
		layout_text_wrap(body, LAYOUT_NORMAL, 1, sb.buf, cols - 2);
		layout_text_addf(body, LAYOUT_HEADING, " %s " "\xE2\x80\x94" " %s",
				 _("The call list"), _("F5 makes it, Esc drops it"));
		form_layout(&st->form, body, cols, (int)st->form.n + 1);
		break;
	default:
		if (st->done[0])
			layout_text_wrap(body, LAYOUT_HEADING, 1, st->done, cols - 2);
		layout_text_wrap(body, LAYOUT_DIM, 1,
				 _("The agents of the team work the calls from the team queue (Ctrl-N); the supervisor dashboard (Ctrl-B) shows the list's progress. Esc goes back."),
				 cols - 2);
		break;
	}
	sbuf_done(&sb);
}

const struct screen_ops calllist_screen_ops = {
	.name = "calllist",
	.title = N_("New call list"),
	.state_size = sizeof(struct cl_state),
	.handles = cl_handles,
	.keys = calllist_keys,
	.keys_mode = cl_keys_mode,
	.open = cl_open,
	.request = cl_request,
	.input = cl_input,
	.draw = cl_draw,
	.has_unsaved = cl_unsaved,
	.close = cl_close,
};
