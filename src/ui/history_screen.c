/* history_screen.c: the history screen (history_screen.h).
 *
 * Modes: the timeline (arrows move, Enter shows a change in full, F3 the
 * filters, a: as of a time, r: revert), a change in full, a record as it
 * was, the filter panel (F5 applies, F9 clears, Esc back), and a one-line
 * prompt (the time of an as-of view, the reason of a revert). The
 * timeline is read a page at a time and the next page when the cursor
 * reaches the end. A revert asks for a reason, then confirms what it will
 * undo; the database decides who may (its refusal is shown in one line). */
#include "history_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/customer_view.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"

#include "form.h"
#include "history_view.h"
#include "screen_keys.h"

#define PAGE_ROWS 100
#define PLAN_MAX 32

enum hmode { HM_LIST, HM_DETAIL, HM_AS_OF, HM_FILTER, HM_PROMPT };
enum hprompt { HP_AS_OF, HP_REASON, HP_UNDO_REASON };

struct hist_state {
	struct history_screen_arg arg;
	struct history_query q;
	struct history_entry *v;
	int n, cap;
	bool more;
	int sel, top, page;
	enum hmode mode;
	enum hprompt prompt;
	struct formspec filter_spec, line_spec;
	bool have_specs;
	struct form filter, line;
	struct history_state asof;
	char asof_time[HISTORY_AT_SIZE];
	int detail_version;
	int scroll;              /* detail and as-of views */
	int view_lines;
	/* the revert being asked for */
	long long revert_id;
	int revert_version;
	int revert_parts;
	char reason[256];
	char error[512];
	/* the undo being asked for: a call (inquiry) or a request */
	long long undo_call;
	char undo_request[HISTORY_REQUEST_SIZE];
	int undo_parts;
	/* a refusal of a revert or an undo, shown whole (wrapped) above the
	 * list until the next action */
	char *refusal;
};

static void set_refusal(struct hist_state *st, const char *first, const char *rest)
{
	free(st->refusal);
	st->refusal = xasprintf("%s%s%s", first, rest && *rest ? "\n" : "", rest ? rest : "");
}

static void clear_refusal(struct hist_state *st)
{
	free(st->refusal);
	st->refusal = NULL;
}

static void clear_entries(struct hist_state *st)
{
	for (int i = 0; i < st->n; i++)
		history_entry_done(&st->v[i]);
	st->n = 0;
	st->more = false;
}

/* Reads the next page (first: from the start). */
static unsigned read_page(struct hist_state *st, struct ui_app *app, bool first)
{
	struct history_page p;
	struct rd_error err;

	st->error[0] = '\0';
	if (first) {
		clear_entries(st);
		st->q.after_key[0] = '\0';
		st->q.after_id = 0;
		st->sel = st->top = 0;
	} else if (st->n) {
		snprintf(st->q.after_key, sizeof(st->q.after_key), "%s", st->v[st->n - 1].at_key);
		st->q.after_id = st->v[st->n - 1].id;
	}
	if (!ui_db_ok(app)) {
		snprintf(st->error, sizeof(st->error), "%s",
			 _("The database is unavailable: the history is read again when it is back."));
		return UI_REDRAW;
	}
	st->q.limit = PAGE_ROWS;
	if (history_timeline(ui_db(app), &st->q, &p, &err) != RD_OK) {
		snprintf(st->error, sizeof(st->error), "%s", err.msg);
		return UI_REDRAW;
	}
	if (st->n + p.n > st->cap) {
		st->cap = st->n + p.n + PAGE_ROWS;
		st->v = xrealloc(st->v, (size_t)st->cap * sizeof(*st->v));
	}
	/* the entries move over: the page's array is freed empty */
	memcpy(st->v + st->n, p.v, (size_t)p.n * sizeof(*p.v));
	st->n += p.n;
	st->more = p.more;
	free(p.v);
	return UI_REDRAW;
}

static unsigned hist_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct hist_state *st = s->state;
	const struct history_screen_arg *a = arg;
	struct rd_error err;

	if (!a)
		return UI_CLOSE;
	st->arg = *a;
	st->q.scope = a->scope;
	st->q.id = a->id;
	snprintf(st->q.login, sizeof(st->q.login), "%s", a->login);
	st->have_specs = form_spec_builtin("history_filter", &st->filter_spec, &err) == RD_OK &&
			 form_spec_builtin("history_line", &st->line_spec, &err) == RD_OK;
	if (!st->have_specs) {
		ui_error(app, "%s", err.msg);
		return UI_CLOSE;
	}
	form_init(&st->filter, &st->filter_spec);
	form_init(&st->line, &st->line_spec);
	return read_page(st, app, true);
}

static void hist_close(struct screen *s, struct ui_app *app)
{
	struct hist_state *st = s->state;

	(void)app;
	clear_entries(st);
	free(st->v);
	clear_refusal(st);
	history_state_free(&st->asof);
	if (st->have_specs) {
		form_done(&st->filter);
		form_done(&st->line);
		formspec_done(&st->filter_spec);
		formspec_done(&st->line_spec);
	}
}

static unsigned hist_reload(struct screen *s, struct ui_app *app)
{
	struct hist_state *st = s->state;
	long long keep = st->n ? st->v[st->sel].id : 0;
	unsigned f = read_page(st, app, true);

	for (int i = 0; i < st->n; i++)
		if (st->v[i].id == keep)
			st->sel = i;
	return f;
}

/* ---- the list ---------------------------------------------------------------- */

static unsigned move_to(struct hist_state *st, struct ui_app *app, int sel)
{
	if (sel >= st->n && st->more)
		read_page(st, app, false);
	if (sel >= st->n)
		sel = st->n - 1;
	if (sel < 0)
		sel = 0;
	if (sel == st->sel)
		return UI_NONE;
	st->sel = sel;
	if (st->sel < st->top)
		st->top = st->sel;
	if (st->page > 0 && st->sel >= st->top + st->page)
		st->top = st->sel - st->page + 1;
	return UI_REDRAW;
}

static const struct history_entry *selected(const struct hist_state *st)
{
	return st->n ? &st->v[st->sel] : NULL;
}

static unsigned show_detail(struct hist_state *st, struct ui_app *app)
{
	const struct history_entry *e = selected(st);
	struct rd_error err;

	if (!e)
		return UI_NONE;
	if (history_row_version(ui_db(app), e->id, &st->detail_version, &err) != RD_OK)
		st->detail_version = -1;
	st->mode = HM_DETAIL;
	st->scroll = 0;
	return UI_REDRAW;
}

static void prompt(struct hist_state *st, enum hprompt what, const char *initial)
{
	st->mode = HM_PROMPT;
	st->prompt = what;
	form_set(&st->line, 0, initial ? initial : "");
}

/* ---- as of --------------------------------------------------------------------- */

/* The record the as-of view shows: the customer (or subscription) of the
 * screen, or the subscription the selected change is about. */
static bool as_of_target(const struct hist_state *st, enum history_scope *scope, long long *id)
{
	const struct history_entry *e = selected(st);

	if (st->q.scope == HISTORY_SUBSCRIPTION || st->q.scope == HISTORY_CUSTOMER) {
		*scope = st->q.scope;
		*id = st->q.id;
		return true;
	}
	if (e && e->customer_id) {
		*scope = HISTORY_CUSTOMER;
		*id = e->customer_id;
		return true;
	}
	return false;
}

/* The subscription the selected change is about, or 0. */
static long long subscription_of(const struct history_entry *e)
{
	const char *p;

	if (strcmp(e->table, "subscriptions") == 0)
		return strtoll(e->row_key, NULL, 10);
	p = e->new_row ? strstr(e->new_row, "\"subscription_id\": ") : NULL;
	if (!p && e->old_row)
		p = strstr(e->old_row, "\"subscription_id\": ");
	return p ? strtoll(p + strlen("\"subscription_id\": "), NULL, 10) : 0;
}

/* On a customer's history, a change about a subscription shows that
 * subscription as it was too, under the customer. */
static void add_subscription_as_of(struct hist_state *st, struct ui_app *app,
				   enum history_scope scope)
{
	const struct history_entry *e = selected(st);
	struct history_state sub;
	struct rd_error err;
	long long id = e ? subscription_of(e) : 0;

	if (scope != HISTORY_CUSTOMER || id <= 0 ||
	    history_as_of(ui_db(app), HISTORY_SUBSCRIPTION, id, st->asof_time, &sub, &err) != RD_OK)
		return;
	/* what the change was about first */
	sub.v = xrealloc(sub.v, (size_t)(st->asof.n + sub.n) * sizeof(*sub.v));
	memcpy(sub.v + sub.n, st->asof.v, (size_t)st->asof.n * sizeof(*sub.v));
	free(st->asof.v);
	st->asof.v = sub.v;
	st->asof.n += sub.n;
}

static unsigned run_as_of(struct hist_state *st, struct ui_app *app, const char *text)
{
	struct rd_error err;
	enum history_scope scope;
	long long id;

	if (history_time_parse(text, st->asof_time, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_REDRAW;
	}
	if (!as_of_target(st, &scope, &id)) {
		ui_error(app, "%s", _("This change belongs to no customer: there is nothing to show as of a time."));
		st->mode = HM_LIST;
		return UI_REDRAW;
	}
	history_state_free(&st->asof);
	if (history_as_of(ui_db(app), scope, id, st->asof_time, &st->asof, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_REDRAW;
	}
	add_subscription_as_of(st, app, scope);
	st->mode = HM_AS_OF;
	st->scroll = 0;
	return UI_REDRAW;
}

/* ---- revert -------------------------------------------------------------------- */

static unsigned revert_yes(struct ui_app *app, void *arg)
{
	struct hist_state *st = arg;
	char rid[CUSTOMER_VIEW_REQUEST_ID_SIZE];
	long long ids[PLAN_MAX];
	struct rd_error err;
	int n = 0;

	customer_view_request_id(rid);
	if (history_revert(ui_db(app), st->revert_id, st->revert_version, st->reason, rid,
			   ids, PLAN_MAX, &n, &err) != RD_OK) {
		/* the whole reason, wrapped: it names fields, who and when */
		set_refusal(st, err.msg, NULL);
		return UI_REDRAW;
	}
	read_page(st, app, true);
	ui_message(app, _("Reverted #%lld: %d change(s) written, each linked to what it undoes."),
		   st->revert_id, n);
	return UI_REDRAW;
}

static unsigned ask_revert(struct hist_state *st, struct ui_app *app)
{
	struct history_revert_item plan[PLAN_MAX];
	struct rd_error err;
	const struct history_entry *e = selected(st);
	int n = 0;

	if (!e)
		return UI_NONE;
	if (history_revert_plan(ui_db(app), e->id, plan, PLAN_MAX, &n, &err) != RD_OK ||
	    history_row_version(ui_db(app), e->id, &st->revert_version, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_REDRAW;
	}
	st->revert_id = e->id;
	st->revert_parts = 0;
	for (int i = 0; i < n; i++)
		if (strcmp(plan[i].kind, "keep") != 0)
			st->revert_parts++;
	prompt(st, HP_REASON, "");
	return UI_REDRAW;
}

static unsigned confirm_revert(struct hist_state *st, struct ui_app *app, const char *reason)
{
	struct sbuf q, what;
	const struct history_entry *e = selected(st);

	if (!*reason) {
		ui_error(app, "%s", _("A revert needs a reason: it is kept in the history."));
		return UI_REDRAW;
	}
	snprintf(st->reason, sizeof(st->reason), "%s", reason);
	st->mode = HM_LIST;
	sbuf_init(&q);
	sbuf_init(&what);
	if (e && e->id == st->revert_id) {
		struct history_words w;

		if (history_entry_words(e, &w,
				       NULL) == RD_OK)
			sbuf_adds(&what, w.summary);
		history_words_done(&w);
	}
	if (st->revert_parts > 1)
		sbuf_printf(&q, _("Revert #%lld (%s) and the other %d change(s) of the same request? (y/n)"),
			    st->revert_id, what.buf, st->revert_parts - 1);
	else
		sbuf_printf(&q, _("Revert #%lld (%s)? (y/n)"), st->revert_id, what.buf);
	ui_confirm(app, q.buf, revert_yes, st);
	sbuf_done(&q);
	sbuf_done(&what);
	return UI_REDRAW;
}

/* ---- undo a call --------------------------------------------------------------- */

static unsigned undo_yes(struct ui_app *app, void *arg)
{
	struct hist_state *st = arg;
	char rid[CUSTOMER_VIEW_REQUEST_ID_SIZE];
	long long ids[PLAN_MAX];
	struct rd_error err;
	struct sbuf why;
	int n = 0;

	customer_view_request_id(rid);
	sbuf_init(&why);
	if (history_undo(ui_db(app), st->undo_call > 0 ? NULL : st->undo_request, st->undo_call,
			 st->reason, rid, ids, PLAN_MAX, &n, &why, &err) != RD_OK) {
		set_refusal(st, err.msg, why.buf);
		sbuf_done(&why);
		return UI_REDRAW;
	}
	sbuf_done(&why);
	read_page(st, app, true);
	if (st->undo_call > 0)
		ui_message(app, _("Undone call #%lld: %d change(s) written, each linked to what it undoes."),
			   st->undo_call, n);
	else
		ui_message(app, _("Undone request: %d change(s) written, each linked to what it undoes."), n);
	return UI_REDRAW;
}

static unsigned ask_undo(struct hist_state *st, struct ui_app *app)
{
	struct rd_error err;
	const struct history_entry *e = selected(st);

	if (!e)
		return UI_NONE;
	clear_refusal(st);
	if (history_undo_target(ui_db(app), e->id, &st->undo_call, st->undo_request, &err) != RD_OK ||
	    history_undo_count(ui_db(app), st->undo_request, st->undo_call, &st->undo_parts,
			       &err) != RD_OK) {
		set_refusal(st, err.msg, NULL);
		return UI_REDRAW;
	}
	prompt(st, HP_UNDO_REASON, "");
	return UI_REDRAW;
}

static unsigned confirm_undo(struct hist_state *st, struct ui_app *app, const char *reason)
{
	struct sbuf q;

	if (!*reason) {
		ui_error(app, "%s", _("An undo needs a reason: it is kept in the history."));
		return UI_REDRAW;
	}
	snprintf(st->reason, sizeof(st->reason), "%s", reason);
	st->mode = HM_LIST;
	sbuf_init(&q);
	if (st->undo_call > 0)
		sbuf_printf(&q, _("Undo call #%lld: all %d change(s) made in it? (y/n)"),
			    st->undo_call, st->undo_parts);
	else
		sbuf_printf(&q, _("Undo the request of this change: all %d change(s) of it? (y/n)"),
			    st->undo_parts);
	ui_confirm(app, q.buf, undo_yes, st);
	sbuf_done(&q);
	return UI_REDRAW;
}

/* ---- filters ------------------------------------------------------------------- */

static unsigned apply_filters(struct hist_state *st, struct ui_app *app)
{
	struct history_query q = st->q;
	const char *v;
	struct rd_error err;

	snprintf(q.table, sizeof(q.table), "%s", form_get_named(&st->filter, "table"));
	snprintf(q.actor, sizeof(q.actor), "%s", form_get_named(&st->filter, "actor"));
	if (q.table[0] && !history_table_known(q.table)) {
		form_set_error(&st->filter, form_index(&st->filter, "table"),
			       _("No such kind of record: see the list below."));
		return UI_REDRAW;
	}
	q.since = q.until = 0;
	v = form_get_named(&st->filter, "since");
	if (*v && form_parse_date(v, &q.since, &err) != RD_OK) {
		form_set_error(&st->filter, form_index(&st->filter, "since"), err.msg);
		return UI_REDRAW;
	}
	v = form_get_named(&st->filter, "until");
	if (*v && form_parse_date(v, &q.until, &err) != RD_OK) {
		form_set_error(&st->filter, form_index(&st->filter, "until"), err.msg);
		return UI_REDRAW;
	}
	if (q.since && q.until && q.until < q.since) {
		form_set_error(&st->filter, form_index(&st->filter, "until"),
			       _("The last day is before the first."));
		return UI_REDRAW;
	}
	st->q = q;
	st->mode = HM_LIST;
	return read_page(st, app, true);
}

/* ---- requests ------------------------------------------------------------------ */

static unsigned scroll_view(struct hist_state *st, int to)
{
	int max = st->view_lines - st->page;

	if (to > max)
		to = max;
	if (to < 0)
		to = 0;
	if (to == st->scroll)
		return UI_NONE;
	st->scroll = to;
	return UI_REDRAW;
}

static unsigned hist_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct hist_state *st = s->state;
	int page = st->page > 2 ? st->page - 1 : 1;
	enum form_result r;

	switch (st->mode) {
	case HM_PROMPT:
		if (req == REQ_BACK) {
			st->mode = HM_LIST;
			return UI_REDRAW;
		}
		if (req == REQ_ENTER) {
			char text[256];

			snprintf(text, sizeof(text), "%s", form_get(&st->line, 0));
			return st->prompt == HP_AS_OF ? run_as_of(st, app, text)
			       : st->prompt == HP_UNDO_REASON ? confirm_undo(st, app, text)
						      : confirm_revert(st, app, text);
		}
		r = form_request(&st->line, req);
		return r == FORM_IGNORED ? UI_NONE : UI_REDRAW;
	case HM_FILTER:
		if (req == REQ_BACK) {
			st->mode = HM_LIST;
			return UI_REDRAW;
		}
		if (req == REQ_SAVE)
			return apply_filters(st, app);
		if (req == REQ_CLEAR) {
			for (size_t i = 0; i < st->filter.n; i++)
				form_set(&st->filter, (int)i, "");
			return apply_filters(st, app);
		}
		r = form_request(&st->filter, req);
		if (r == FORM_SUBMIT)
			return apply_filters(st, app);
		return r == FORM_IGNORED ? UI_NONE : UI_REDRAW;
	case HM_DETAIL:
	case HM_AS_OF:
		switch (req) {
		case REQ_BACK:
		case REQ_ENTER:
			st->mode = HM_LIST;
			return UI_REDRAW;
		case REQ_UP:
			return scroll_view(st, st->scroll - 1);
		case REQ_DOWN:
			return scroll_view(st, st->scroll + 1);
		case REQ_PAGE_UP:
			return scroll_view(st, st->scroll - page);
		case REQ_PAGE_DOWN:
			return scroll_view(st, st->scroll + page);
		default:
			return UI_NONE;
		}
	case HM_LIST:
	default:
		break;
	}
	if (req != REQ_UNDO_CALL)
		clear_refusal(st);
	switch (req) {
	case REQ_UNDO_CALL:
		return ask_undo(st, app);
	case REQ_UP:
		return move_to(st, app, st->sel - 1);
	case REQ_DOWN:
		return move_to(st, app, st->sel + 1);
	case REQ_PAGE_UP:
		return move_to(st, app, st->sel - page);
	case REQ_PAGE_DOWN:
		return move_to(st, app, st->sel + page);
	case REQ_FIRST:
		return move_to(st, app, 0);
	case REQ_LAST:
		return move_to(st, app, st->n - 1);
	case REQ_ENTER:
		return show_detail(st, app);
	case REQ_FILTERS:
		st->mode = HM_FILTER;
		return UI_REDRAW;
	default:
		return UI_UNHANDLED;
	}
}

static unsigned hist_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct hist_state *st = s->state;

	(void)app;
	if (st->mode == HM_PROMPT)
		return form_input(&st->line, cp) == FORM_IGNORED ? UI_NONE : UI_REDRAW;
	if (st->mode == HM_FILTER)
		return form_input(&st->filter, cp) == FORM_IGNORED ? UI_NONE : UI_REDRAW;
	/* r and a come to hist_action (history_keys) */
	return UI_NONE;
}

static unsigned hist_keys_mode(const struct screen *s)
{
	const struct hist_state *st = s->state;

	switch (st->mode) {
	case HM_LIST:
		return HISTORY_KM_LIST;
	case HM_PROMPT:
		return HISTORY_KM_PROMPT;
	case HM_FILTER:
		return HISTORY_KM_FILTER;
	default:
		return HISTORY_KM_OTHER;
	}
}

/* A key of history_keys (screen_keys.c) live in the mode. */
static unsigned hist_action(struct screen *s, struct ui_app *app, int action, uint32_t cp)
{
	struct hist_state *st = s->state;

	(void)cp;
	if (st->mode != HM_LIST || !selected(st))
		return UI_NONE;
	clear_refusal(st);
	if (action == 'r')
		return ask_revert(st, app);
	if (action == 'a') {
		prompt(st, HP_AS_OF, selected(st)->at);
		return UI_REDRAW;
	}
	return UI_NONE;
}

static void hist_handles(const struct screen *s, struct keys_set *set)
{
	const struct hist_state *st = s->state;
	static const enum ui_request list[] = {
		REQ_ENTER, REQ_FILTERS, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN,
		REQ_FIRST, REQ_LAST, REQ_UNDO_CALL, REQ_NONE
	};
	static const enum ui_request view[] = {
		REQ_BACK, REQ_ENTER, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN, REQ_NONE
	};
	/* a form, and F9 empties it */
	static const enum ui_request clear[] = { REQ_CLEAR, REQ_NONE };

	switch (st->mode) {
	case HM_DETAIL:
	case HM_AS_OF:
		keys_set_add_list(set, view);
		break;
	case HM_FILTER:
		keys_set_add_list(set, screen_form_requests);
		keys_set_add_list(set, clear);
		break;
	case HM_PROMPT:
		keys_set_add_list(set, screen_line_requests);
		break;
	default:
		keys_set_add_list(set, list);
		break;
	}
}

/* ---- drawing ------------------------------------------------------------------- */

static void heading(struct hist_state *st, struct layout_text *body, int cols)
{
	struct sbuf sb;
	struct layout_line *l;

	sbuf_init(&sb);
	switch (st->arg.scope) {
	case HISTORY_CUSTOMER:
		sbuf_printf(&sb, _(" History of %s: everything about the customer"), st->arg.title);
		break;
	case HISTORY_ORDER:
		sbuf_printf(&sb, _(" History of order %s"), st->arg.title);
		break;
	case HISTORY_SUBSCRIPTION:
		sbuf_printf(&sb, _(" History of subscription %s"), st->arg.title);
		break;
	default:
		sbuf_printf(&sb, _(" Changes made by %s"), st->arg.title);
		break;
	}
	layout_text_addf(body, LAYOUT_HEADING, "%s", sb.buf);
	sbuf_reset(&sb);
	history_view_filters(&st->q, &sb);
	l = layout_text_add(body, LAYOUT_NORMAL);
	layout_line_add(l, _(" Filters: "), LAYOUT_DIM);
	layout_line_add(l, sb.len ? sb.buf : _("none (F3 to choose)"), LAYOUT_NORMAL);
	(void)cols;
	sbuf_done(&sb);
}

static void hint(struct layout_text *body, const char *text)
{
	layout_text_addf(body, LAYOUT_DIM, " %s", text);
}

static void view(struct hist_state *st, struct layout_text *all, struct layout_text *body,
		 int rows)
{
	st->view_lines = (int)all->n;
	st->page = rows > 1 ? rows : 1;
	if (st->scroll > st->view_lines - st->page)
		st->scroll = st->view_lines > st->page ? st->view_lines - st->page : 0;
	for (int i = st->scroll; i < st->view_lines && i < st->scroll + st->page; i++)
		layout_line_copy(layout_text_add(body, LAYOUT_NORMAL), &all->lines[i]);
}

static void hist_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
		      int cols, int rows)
{
	struct hist_state *st = s->state;
	bool super = ui_opts(app)->role && strcmp(ui_opts(app)->role, "supervisor") == 0;
	struct layout_text all;

	heading(st, body, cols);
	if (st->error[0])
		layout_text_wrap(body, LAYOUT_ERROR, 1, st->error, cols - 2);
	if (st->refusal && st->mode == HM_LIST)
		history_view_refusal(body, st->refusal, cols);
	rows -= (int)body->n + 1;  /* the hint line at the bottom */
	layout_text_init(&all);
	switch (st->mode) {
	case HM_DETAIL:
		history_view_detail(&all, &st->v[st->sel], st->detail_version, cols);
		view(st, &all, body, rows);
		hint(body, _("Esc or Enter: back to the list   Up/Down: scroll"));
		break;
	case HM_AS_OF:
		history_view_as_of(&all, st->asof_time, &st->asof, cols);
		view(st, &all, body, rows);
		hint(body, _("Esc or Enter: back to the list   Up/Down: scroll"));
		break;
	case HM_FILTER:
		layout_text_addf(body, LAYOUT_HEADING, " %s", _("Filters"));
		form_layout(&st->filter, body, cols, rows - 1);
		hint(body, _("F5: apply   F9: clear all   Esc: back"));
		break;
	case HM_PROMPT: {
		struct layout_line *l;
		int list_rows = rows - 3;

		st->page = history_view_list_entries(list_rows);
		if (st->sel >= st->top + st->page)
			st->top = st->sel - st->page + 1;
		history_view_list(body, st->v, st->n, st->sel, st->top, st->more, cols, list_rows);
		layout_text_add(body, LAYOUT_NORMAL);
		l = layout_text_add(body, LAYOUT_NORMAL);
		layout_line_add(l, " ", LAYOUT_NORMAL);
		if (st->prompt == HP_AS_OF) {
			layout_line_add(l, _("Show as it was at (2026-11-23 10:42): "), LAYOUT_HEADING);
		} else if (st->prompt == HP_UNDO_REASON) {
			char label[80];

			if (st->undo_call > 0)
				snprintf(label, sizeof(label), _("Reason for undoing call #%lld: "),
					 st->undo_call);
			else
				snprintf(label, sizeof(label), "%s", _("Reason for undoing the request: "));
			layout_line_add(l, label, LAYOUT_HEADING);
		} else {
			char label[64];

			snprintf(label, sizeof(label), _("Reason for reverting #%lld: "), st->revert_id);
			layout_line_add(l, label, LAYOUT_HEADING);
		}
		form_box(&st->line, 0, true, l);
		hint(body, _("Enter: accept   Esc: cancel"));
		break;
	}
	case HM_LIST:
	default:
		st->page = history_view_list_entries(rows);
		if (st->sel >= st->top + st->page)
			st->top = st->sel - st->page + 1;
		history_view_list(body, st->v, st->n, st->sel, st->top, st->more, cols, rows);
		while ((int)body->n < rows + 2 + (st->error[0] ? 1 : 0))
			layout_text_add(body, LAYOUT_NORMAL);
		hint(body, super ? _("Enter: in full  F3: filters  a: as of  r: revert  Ctrl-Y: undo call  Esc: back")
				 : _("Enter: the change in full   F3: filters   a: as of a time   r: revert (supervisors)   Esc: back"));
		break;
	}
	layout_text_done(&all);
}

const struct screen_ops history_screen_ops = {
	.name = "history",
	.title = N_("History"),
	.state_size = sizeof(struct hist_state),
	.handles = hist_handles,
	.keys = history_keys,
	.keys_mode = hist_keys_mode,
	.action = hist_action,
	.open = hist_open,
	.request = hist_request,
	.input = hist_input,
	.draw = hist_draw,
	.reload = hist_reload,
	.close = hist_close,
};
