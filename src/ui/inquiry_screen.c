/* inquiry_screen.c: one inquiry with its whole timeline (inquiry_screen.h).
 *
 * The actions are letters shown on the hint line: t take, h hand off
 * (to an agent or a team picked from a list narrowed as the operator
 * types, then a note), e escalate, r resolve, o reopen,
 * n note, w waiting on the customer, c close; on an open outbound call
 * (a call list's), k records the call's outcome: picked from a list, then
 * the time to call again (no answer) or a note. Those that take a note open
 * a small form under the timeline; F5 (or Enter on its last field) does
 * it, Esc drops it. The database decides what is allowed; its refusal is
 * shown on the message line and nothing typed is lost. Re-read when a
 * notification names this inquiry. */
#include "inquiry_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/agent.h"
#include "repeatdesk/calllist.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"

#include "form.h"
#include "inquiry_text.h"
#include "pick_list.h"
#include "screen_keys.h"

/* whom to hand off to is picked from a list first (pick_list.h) */
#define TARGETS_MAX 300


struct inq_state {
	long long id;
	struct inquiry_detail d;
	bool loaded;
	char error[512];
	int top, lines, page;
	/* the prompt of an action */
	int action;                 /* 0: none; else the letter */
	struct formspec spec;
	struct form form;
	/* the handoff: whom to, picked from the list of agents and teams */
	bool picking;
	struct pick_list pick;
	int target_kind;            /* enum agent_target_kind */
	char target[128];           /* an agent's login, or a team's name */
	char target_text[256];      /* "鈴木 一郎 (suzuki)", "team 定期サポート" */
	/* the outcome of an outbound call: picked from a list, then a form */
	bool choosing;
	struct pick_list outcomes;
	enum calllist_outcome outcome;
	char done[256];             /* what the last action did, in words */
};

/* An outbound call still to work: k records its outcome. */
static bool is_open_call(const struct inq_state *st)
{
	return st->loaded && strcmp(st->d.q.channel, "outbound_call") == 0 &&
	       strcmp(st->d.q.status, "resolved") != 0 && strcmp(st->d.q.status, "closed") != 0;
}

/* The keys of the view, as the hint line says them: an open outbound
 * call has k too. */
static const char *view_hint(const struct inq_state *st)
{
	static struct sbuf hint;

	if (!is_open_call(st))
		return inquiry_action_hint();
	if (!hint.buf)
		sbuf_init(&hint);
	sbuf_reset(&hint);
	keys_local_hint(&hint, inquiry_keys, INQUIRY_KM_CALL);
	return hint.buf;
}

static unsigned load(struct inq_state *st, struct ui_app *app)
{
	struct rd_error err;

	st->error[0] = '\0';
	if (!ui_db_ok(app)) {
		snprintf(st->error, sizeof(st->error), "%s",
			 _("The database is unavailable: the inquiry is read again when it is back."));
		return UI_REDRAW;
	}
	inquiry_detail_done(&st->d);
	if (inquiry_get(ui_db(app), st->id, &st->d, &err) != RD_OK) {
		snprintf(st->error, sizeof(st->error), "%s", err.msg);
		st->loaded = false;
		return UI_REDRAW;
	}
	st->loaded = true;
	return UI_REDRAW;
}

static void prompt_close(struct inq_state *st)
{
	if (!st->action)
		return;
	form_done(&st->form);
	formspec_done(&st->spec);
	st->action = 0;
}

static unsigned prompt_open(struct inq_state *st, struct ui_app *app, int action)
{
	const char *form = action == 'h' ? "inquiry_handoff" : action == 'n' ? "inquiry_note"
			   : action == 'k' ? (st->outcome == CALL_NO_ANSWER ? "call_retry" : "call_outcome")
			   : "inquiry_status";
	struct rd_error err;

	prompt_close(st);
	if (form_spec_builtin(form, &st->spec, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_REDRAW;
	}
	form_init(&st->form, &st->spec);
	st->action = action;
	if (action == 'k' && st->outcome == CALL_NO_ANSWER) {
		char at[CALLLIST_TIME_SIZE];

		/* a time to start from: two hours on, on the hour */
		if (calllist_default_retry(ui_db(app), at, sizeof(at), &err) == RD_OK)
			form_set(&st->form, form_index(&st->form, "retry_at"), at);
	}
	return UI_REDRAW;
}

static void outcomes_close(struct inq_state *st)
{
	if (!st->choosing)
		return;
	pick_list_done(&st->outcomes);
	st->choosing = false;
}

/* k: the outcomes, numbered; a digit or Enter picks one. */
static unsigned outcomes_open(struct inq_state *st, struct ui_app *app)
{
	if (!is_open_call(st)) {
		ui_error(app, "%s", _("Only an open outbound call takes a call outcome."));
		return UI_REDRAW;
	}
	pick_list_init(&st->outcomes);
	for (int o = 0; o < CALL_OUTCOME_COUNT; o++) {
		char label[96];

		snprintf(label, sizeof(label), "%d %s", o + 1,
			 calllist_outcome_label((enum calllist_outcome)o));
		pick_list_add(&st->outcomes, label,
			      o == CALL_NO_ANSWER ? _("stays open: call again at a time you give")
						  : _("resolves the inquiry"),
			      calllist_outcome_code((enum calllist_outcome)o),
			      calllist_outcome_code((enum calllist_outcome)o), o);
	}
	st->choosing = true;
	return UI_REDRAW;
}

static unsigned outcome_chosen(struct inq_state *st, struct ui_app *app, int o)
{
	if (o < 0 || o >= CALL_OUTCOME_COUNT)
		return UI_NONE;
	st->outcome = (enum calllist_outcome)o;
	outcomes_close(st);
	return prompt_open(st, app, 'k');
}

static void pick_close(struct inq_state *st)
{
	if (!st->picking)
		return;
	pick_list_done(&st->pick);
	st->picking = false;
}

/* h: the list of active agents and teams, narrowed as the operator types;
 * Enter picks one and asks for the note. */
static unsigned pick_open(struct inq_state *st, struct ui_app *app)
{
	struct agent_target *t;
	struct rd_error err;
	struct sbuf detail;
	int n = 0;

	prompt_close(st);
	pick_close(st);
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: try again once the top line says DB ok."));
		return UI_REDRAW;
	}
	t = xcalloc(TARGETS_MAX, sizeof(*t));
	if (agent_targets(ui_db(app), t, TARGETS_MAX, &n, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		free(t);
		return UI_REDRAW;
	}
	pick_list_init(&st->pick);
	sbuf_init(&detail);
	for (int i = 0; i < n; i++) {
		sbuf_reset(&detail);
		if (t[i].kind == AGENT_TARGET_AGENT) {
			sbuf_adds(&detail, t[i].login);
			if (t[i].team[0])
				sbuf_printf(&detail, "  %s", t[i].team);
			pick_list_add(&st->pick, t[i].name, detail.buf, NULL, t[i].login,
				      AGENT_TARGET_AGENT);
		} else {
			sbuf_printf(&detail, dngettext(RD_TEXTDOMAIN, "team, %d agent",
						       "team, %d agents", (unsigned long)t[i].members),
				    t[i].members);
			pick_list_add(&st->pick, t[i].name, detail.buf, NULL, t[i].name,
				      AGENT_TARGET_TEAM);
		}
	}
	sbuf_done(&detail);
	free(t);
	st->picking = true;
	return UI_REDRAW;
}

/* Enter on the list: the target is chosen, the note is asked for. */
static unsigned pick_chosen(struct inq_state *st, struct ui_app *app)
{
	const struct pick_item *it = pick_list_selected(&st->pick);

	if (!it)
		return UI_NONE;
	st->target_kind = it->kind;
	snprintf(st->target, sizeof(st->target), "%s", it->value);
	if (it->kind == AGENT_TARGET_AGENT)
		snprintf(st->target_text, sizeof(st->target_text), "%s (%s)", it->label, it->value);
	else
		/* TRANSLATORS: the handoff's target when it is a team. */
		snprintf(st->target_text, sizeof(st->target_text), _("team %s"), it->label);
	pick_close(st);
	return prompt_open(st, app, 'h');
}

static const char *done_text(struct inq_state *st, int action)
{
	switch (action) {
	case 'k':
		snprintf(st->done, sizeof(st->done), _("Call outcome recorded: %s."),
			 calllist_outcome_label(st->outcome));
		return st->done;
	case 't': return _("Taken: you hold it, in progress.");
	case 'h': return _("Handed off.");
	case 'e': return _("Escalated to the supervisors.");
	case 'r': return _("Resolved.");
	case 'o': return _("Reopened.");
	case 'n': return _("Note added.");
	case 'w': return _("Waiting on the customer.");
	case 'c': return _("Closed.");
	default: return "";
	}
}

/* Does the action with what the prompt holds (none for take). */
static unsigned act(struct inq_state *st, struct ui_app *app, int action)
{
	struct rd_db *db = ui_db(app);
	struct inquiry_change c;
	struct rd_error err;
	enum rd_status rc;
	const char *note = action && st->action ? form_get_named(&st->form, "note") : NULL;

	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: nothing saved, input kept. Try again once DB ok."));
		return UI_REDRAW;
	}
	if (st->action && form_validate(&st->form) >= 0) {
		ui_error(app, "%s", _("Fill in what is marked first."));
		return UI_REDRAW;
	}
	memset(&c, 0, sizeof(c));
	c.id = st->id;
	c.version = st->d.q.version;
	c.note = note && *note ? note : NULL;
	rd_error_clear(&err);
	switch (action) {
	case 't': rc = inquiry_take(db, &c, NULL, &err); break;
	case 'h':
		rc = inquiry_handoff(db, &c, st->target_kind == AGENT_TARGET_AGENT ? st->target : NULL,
				     st->target_kind == AGENT_TARGET_TEAM ? st->target : NULL,
				     NULL, &err);
		break;
	case 'e': rc = inquiry_escalate(db, &c, NULL, &err); break;
	case 'r': rc = inquiry_resolve(db, &c, NULL, &err); break;
	case 'o': rc = inquiry_reopen(db, &c, NULL, &err); break;
	case 'w': rc = inquiry_set_status(db, &c, "waiting_customer", NULL, &err); break;
	case 'c': rc = inquiry_close(db, &c, NULL, &err); break;
	case 'n':
		rc = inquiry_note(db, st->id, form_get_named(&st->form, "call")[0] != '\0',
				  note, NULL, NULL, &err);
		break;
	case 'k': {
		struct calllist_outcome_req r = {
			.inquiry_id = st->id, .version = st->d.q.version, .outcome = st->outcome,
			.note = c.note };

		if (st->outcome == CALL_NO_ANSWER)
			r.retry_at = form_get_named(&st->form, "retry_at");
		rc = calllist_record_outcome(db, &r, NULL, &err);
		break;
	}
	default: return UI_NONE;
	}
	if (rc != RD_OK) {
		/* the prompt stays with what was typed */
		ui_error(app, "%s", err.msg[0] ? err.msg : _(rd_status_message(rc)));
		if (rc == RD_CONFLICT)
			load(st, app);
		return UI_REDRAW;
	}
	prompt_close(st);
	load(st, app);
	ui_message(app, "%s", done_text(st, action));
	return UI_REDRAW;
}

static unsigned inq_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct inq_state *st = s->state;
	const struct inquiry_screen_arg *a = arg;

	if (!a || a->id <= 0)
		return UI_CLOSE;
	st->id = a->id;
	inquiry_ui_listen(app);
	load(st, app);
	if (a->handoff)
		pick_open(st, app);
	return UI_REDRAW;
}

static void inq_close(struct screen *s, struct ui_app *app)
{
	struct inq_state *st = s->state;

	(void)app;
	prompt_close(st);
	pick_close(st);
	outcomes_close(st);
	inquiry_detail_done(&st->d);
}

static unsigned inq_reload(struct screen *s, struct ui_app *app)
{
	return load(s->state, app);
}

static unsigned scroll(struct inq_state *st, int top)
{
	int max = st->lines - st->page;

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	st->top = top;
	return UI_REDRAW;
}

static unsigned drop_prompt(struct ui_app *app, void *arg)
{
	prompt_close(arg);
	pick_close(arg);
	outcomes_close(arg);
	ui_message(app, "%s", _("Nothing done."));
	return UI_REDRAW;
}

static unsigned inq_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct inq_state *st = s->state;

	if (st->choosing) {
		if (req == REQ_BACK)
			return drop_prompt(app, st);
		switch (pick_list_request(&st->outcomes, req)) {
		case PICK_CHOSEN:
			return outcome_chosen(st, app, pick_list_selected(&st->outcomes)->kind);
		case PICK_IGNORED:
			return UI_UNHANDLED;
		case PICK_REFUSED:
			return UI_NONE;
		default:
			return UI_REDRAW;
		}
	}
	if (st->picking) {
		if (req == REQ_BACK)
			return drop_prompt(app, st);
		switch (pick_list_request(&st->pick, req)) {
		case PICK_CHOSEN:
			return pick_chosen(st, app);
		case PICK_IGNORED:
			return UI_UNHANDLED;
		case PICK_REFUSED:
			return UI_NONE;
		default:
			return UI_REDRAW;
		}
	}
	if (st->action) {
		if (req == REQ_SAVE)
			return act(st, app, st->action);
		if (req == REQ_BACK) {
			if (form_changed(&st->form)) {
				ui_confirm(app, _("Drop what you typed? Nothing is done."),
					   drop_prompt, st);
				return UI_REDRAW;
			}
			return drop_prompt(app, st);
		}
		switch (form_request(&st->form, req)) {
		case FORM_SUBMIT:
			return act(st, app, st->action);
		case FORM_IGNORED:
			return UI_UNHANDLED;
		case FORM_REFUSED:
			return UI_NONE;
		default:
			return UI_REDRAW;
		}
	}
	switch (req) {
	case REQ_UP: return scroll(st, st->top - 1);
	case REQ_DOWN: return scroll(st, st->top + 1);
	case REQ_PAGE_UP: return scroll(st, st->top - (st->page > 2 ? st->page - 1 : 1));
	case REQ_PAGE_DOWN: return scroll(st, st->top + (st->page > 2 ? st->page - 1 : 1));
	case REQ_FIRST: return scroll(st, 0);
	case REQ_LAST: return scroll(st, st->lines);
	case REQ_BACK: return UI_CLOSE;
	default: return UI_UNHANDLED;
	}
}

static unsigned inq_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct inq_state *st = s->state;

	if (st->choosing) {
		ui_message(app, "%s", _("A number picks the outcome; Esc drops it."));
		return UI_REDRAW;
	}
	if (st->picking) {
		pick_list_input(&st->pick, cp);
		return UI_REDRAW;
	}
	if (st->action) {
		if (form_input(&st->form, cp) == FORM_REFUSED)
			ui_message(app, "%s", _("Space or Left/Right changes this field."));
		return UI_REDRAW;
	}
	/* not a key of this screen (they come to inq_action) */
	ui_message(app, "%s", view_hint(st));
	return UI_REDRAW;
}

/* A key of inquiry_keys (screen_keys.c): the action is its letter. */
static unsigned inq_action(struct screen *s, struct ui_app *app, int a, uint32_t cp)
{
	struct inq_state *st = s->state;

	if (st->choosing && a == '1')
		return outcome_chosen(st, app, (int)cp - '1');
	if (a == 'k')
		return outcomes_open(st, app);
	if (!st->loaded || !inquiry_action_of((unsigned)a))
		return UI_NONE;
	if (a == 't')
		return act(st, app, a);
	if (a == 'h')
		return pick_open(st, app);
	return prompt_open(st, app, a);
}

static unsigned inq_keys_mode(const struct screen *s)
{
	const struct inq_state *st = s->state;

	return st->choosing ? INQUIRY_KM_OUTCOME : st->picking ? INQUIRY_KM_PICK
	       : st->action ? INQUIRY_KM_PROMPT
	       : is_open_call(st) ? INQUIRY_KM_CALL : INQUIRY_KM_VIEW;
}

static void inq_handles(const struct screen *s, struct keys_set *set)
{
	const struct inq_state *st = s->state;
	static const enum ui_request view[] = {
		REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN, REQ_FIRST, REQ_LAST, REQ_BACK,
		REQ_NONE
	};
	static const enum ui_request pick[] = {
		REQ_BACK, REQ_ENTER, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN,
		REQ_FIRST, REQ_LAST, REQ_BACKSPACE, REQ_CLEAR_FIELD, REQ_NONE
	};

	static const enum ui_request choose[] = {
		REQ_BACK, REQ_ENTER, REQ_UP, REQ_DOWN, REQ_FIRST, REQ_LAST, REQ_NONE
	};

	keys_set_add_list(set, st->choosing ? choose : st->picking ? pick
			       : st->action ? screen_form_requests : view);
}

static bool inq_unsaved(const struct screen *s)
{
	const struct inq_state *st = s->state;

	return !st->picking && st->action && form_changed(&st->form);
}

static unsigned inq_notify(struct screen *s, struct ui_app *app, const struct db_notify *n)
{
	struct inq_state *st = s->state;
	struct inquiry_event ev;

	(void)app;
	if (!inquiry_notify_parse(n, &ev) || ev.presence || ev.inquiry_id != st->id)
		return UI_NONE;
	return UI_RELOAD;
}

static const char *action_title(const struct inq_state *st, int a)
{
	static char handoff[400];

	switch (a) {
	case 'h':
		/* TRANSLATORS: %s is an agent ("鈴木 一郎 (suzuki)") or a team. */
		snprintf(handoff, sizeof(handoff), _("Hand off to %s (a note is required)"),
			 st->target_text);
		return handoff;
	case 'e': return _("Escalate to the supervisors");
	case 'r': return _("Resolve");
	case 'o': return _("Reopen");
	case 'n': return _("Add a note");
	case 'w': return _("Waiting on the customer");
	case 'c': return _("Close");
	case 'k':
		/* TRANSLATORS: %s is the outcome of the call ("no answer"). */
		snprintf(handoff, sizeof(handoff), _("Call outcome: %s"),
			 calllist_outcome_label(st->outcome));
		return handoff;
	default: return "";
	}
}

static void inq_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
		     int cols, int rows)
{
	struct inq_state *st = s->state;
	struct layout_text all;
	int room;

	(void)app;
	if (st->error[0])
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
	if (!st->loaded)
		return;
	layout_text_init(&all);
	inquiry_detail_build(&all, &st->d, cols);
	room = rows - (int)body->n - 1 - (st->picking ? rows / 2
					 : st->choosing ? CALL_OUTCOME_COUNT + 3
					 : st->action ? (int)st->form.n + 3 : 0);
	if (room < 3)
		room = 3;
	st->lines = (int)all.n;
	st->page = room;
	if ((st->action || st->picking || st->choosing) && st->top < st->lines - room)
		st->top = st->lines > room ? st->lines - room : 0;   /* the newest shows */
	if (st->top > st->lines - st->page)
		st->top = st->lines > st->page ? st->lines - st->page : 0;
	for (int i = st->top; i < st->lines && i < st->top + room; i++)
		layout_line_copy(layout_text_add(body, LAYOUT_NORMAL), &all.lines[i]);
	layout_text_done(&all);
	if (st->picking) {
		struct sbuf hint;

		/* wrapped, never cut: the last words say how to leave */
		sbuf_init(&hint);
		sbuf_printf(&hint, "%s " "\xE2\x80\x94" " %s", _("Hand off to whom?"),
			    _("type part of a name, login or team; Up/Down and Enter pick, Esc drops it"));
		layout_text_wrap(body, LAYOUT_HEADING, 1, hint.buf, cols);
		sbuf_done(&hint);
		pick_list_layout(&st->pick, body, cols, rows - (int)body->n);
		return;
	}
	if (st->choosing) {
		layout_text_addf(body, LAYOUT_HEADING, " %s " "\xE2\x80\x94" " %s",
				 _("Outcome of the call?"),
				 _("a number or Enter picks, Esc drops it"));
		pick_list_layout(&st->outcomes, body, cols, rows - (int)body->n);
		return;
	}
	if (st->action) {
		layout_text_addf(body, LAYOUT_HEADING, " %s " "\xE2\x80\x94" " %s",
				 action_title(st, st->action), _("F5 does it, Esc drops it"));
		form_layout(&st->form, body, cols, (int)st->form.n + 1);
		return;
	}
	while ((int)body->n < rows - 1)
		layout_text_add(body, LAYOUT_NORMAL);
	layout_text_addf(body, LAYOUT_DIM, " %s", view_hint(st));
}

const struct screen_ops inquiry_screen_ops = {
	.name = "inquiry",
	.title = N_("Inquiry"),
	.state_size = sizeof(struct inq_state),
	.handles = inq_handles,
	.keys = inquiry_keys,
	.keys_mode = inq_keys_mode,
	.open = inq_open,
	.request = inq_request,
	.action = inq_action,
	.input = inq_input,
	.draw = inq_draw,
	.reload = inq_reload,
	.notify = inq_notify,
	.has_unsaved = inq_unsaved,
	.close = inq_close,
};
