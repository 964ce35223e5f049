/* shell.c: screen stack, dialogs, global keys and the composed view.
 *
 * Pure: no curses and no I/O. Every handler result (enum ui_flags) comes
 * back here and is applied in one place (apply); the main loop in app.c
 * repaints when app->dirty says so. */
#include "shell.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"

void shell_init(struct ui_app *app, const struct ui_options *opt,
		struct rd_db *db)
{
	memset(app, 0, sizeof(*app));
	app->opt = opt;
	app->db = db;
	app->db_state = db ? UI_DB_OK : UI_DB_NONE;
	sbuf_init(&app->message);
	app->message_attr = LAYOUT_NORMAL;
	app->dirty = true;
}

static void close_top(struct ui_app *app)
{
	struct screen *s = &app->stack[app->depth - 1];

	if (s->ops->close)
		s->ops->close(s, app);
	free(s->state);
	s->state = NULL;
	app->depth--;
}

void shell_done(struct ui_app *app)
{
	dialog_free(&app->dialog);
	while (app->depth > 0)
		close_top(app);
	XFREE(app->stack);
	XFREE(app->customer);
	sbuf_done(&app->message);
}

struct screen *shell_top(struct ui_app *app)
{
	return app->depth ? &app->stack[app->depth - 1] : NULL;
}

/* --- services for screens (screen.h) --- */

struct rd_db *ui_db(struct ui_app *app)
{
	return app->db;
}

struct rd_db *ui_report_db(struct ui_app *app)
{
	return app->opt && app->opt->report_db ? app->opt->report_db : app->db;
}

bool ui_db_ok(const struct ui_app *app)
{
	return app->db_state == UI_DB_OK;
}

const struct ui_options *ui_opts(const struct ui_app *app)
{
	return app->opt;
}

static void set_message(struct ui_app *app, enum layout_attr attr,
			const char *fmt, va_list ap)
{
	sbuf_reset(&app->message);
	sbuf_vprintf(&app->message, fmt, ap);
	app->message_attr = attr;
	app->dirty = true;
}

void ui_message(struct ui_app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(app, LAYOUT_NORMAL, fmt, ap);
	va_end(ap);
}

void ui_error(struct ui_app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(app, LAYOUT_ERROR, fmt, ap);
	va_end(ap);
}

void ui_error_unsaved(struct ui_app *app, const struct rd_error *err, const char *lost)
{
	if (ui_db_ok(app) && err && err->msg[0])
		ui_error(app, _("%s. Input kept: press F5 again."), err->msg);
	else
		ui_error(app, "%s", lost);
}

void ui_push(struct ui_app *app, const struct screen_ops *ops,
	     const void *arg)
{
	app->push_ops = ops;
	app->push_arg = arg;
}

void ui_confirm(struct ui_app *app, const char *question,
		ui_confirm_fn on_yes, void *arg)
{
	dialog_free(&app->dialog);
	app->dialog = dialog_confirm_new(question);
	app->confirm_fn = on_yes;
	app->confirm_arg = arg;
	app->confirm_depth = app->depth;
	app->dirty = true;
}

void ui_set_customer(struct ui_app *app, const char *text)
{
	XFREE(app->customer);
	if (text && *text)
		app->customer = xstrdup(text);
	app->dirty = true;
}

const char *ui_role_name(const char *role)
{
	if (!role)
		return "";
	if (strcmp(role, "operator") == 0)
		return _("operator");
	if (strcmp(role, "agent") == 0)
		return _("agent");
	if (strcmp(role, "supervisor") == 0)
		return _("supervisor");
	return role;
}

/* --- the stack --- */

static void apply(struct ui_app *app, struct screen *s, unsigned flags);

static void reload(struct ui_app *app, struct screen *s)
{
	unsigned f = UI_REDRAW;

	s->stale = false;
	if (s->ops->reload)
		f |= s->ops->reload(s, app) & ~(unsigned)UI_RELOAD;
	apply(app, s, f);
}

static void pop(struct ui_app *app)
{
	struct screen *top;

	if (app->depth <= 1)
		return;
	close_top(app);
	/* A question asked by the screen that is gone has no one to answer. */
	if (app->dialog && app->dialog->kind == DIALOG_CONFIRM &&
	    app->confirm_depth > app->depth)
		dialog_free(&app->dialog);
	app->dirty = true;
	top = shell_top(app);
	if (top->stale)
		reload(app, top);
}

bool shell_push(struct ui_app *app, const struct screen_ops *ops,
		const void *arg)
{
	struct screen *s;
	unsigned f = UI_REDRAW;

	if (app->depth == app->cap) {
		app->cap = app->cap ? app->cap * 2 : 8;
		app->stack = xreallocarray(app->stack, app->cap,
					   sizeof(*app->stack));
	}
	s = &app->stack[app->depth++];
	s->ops = ops;
	s->state = xcalloc(1, ops->state_size ? ops->state_size : 1);
	s->stale = false;
	if (ops->open)
		f |= ops->open(s, app, arg);
	if (f & UI_CLOSE) {
		close_top(app);
		app->dirty = true;
		return false;
	}
	apply(app, s, f);
	return true;
}

/* Applies what a handler of s returned. */
static void apply(struct ui_app *app, struct screen *s, unsigned flags)
{
	struct screen *top = shell_top(app);

	if (flags & UI_QUIT)
		app->quit = true;
	if (s != top) {
		/* Only the top screen is shown: the others catch up later. */
		if (flags & UI_RELOAD)
			s->stale = true;
		return;
	}
	if (flags & (UI_REDRAW | UI_RELOAD | UI_CLOSE))
		app->dirty = true;
	if (flags & UI_RELOAD)
		reload(app, s);
	if (flags & UI_CLOSE)
		pop(app);
	if (app->push_ops) {
		const struct screen_ops *ops = app->push_ops;
		const void *arg = app->push_arg;

		app->push_ops = NULL;
		app->push_arg = NULL;
		shell_push(app, ops, arg);
	}
}

/* --- which requests are live --- */

void shell_screen_handles(const struct ui_app *app, struct keys_set *set)
{
	const struct screen *s;

	keys_set_clear(set);
	if (!app->depth)
		return;
	s = &app->stack[app->depth - 1];
	if (s->ops->handles)
		s->ops->handles(s, set);
	else
		keys_set_add_list(set, s->ops->requests);
	if (s->ops->keys)
		keys_set_add_local(set, s->ops->keys,
				   s->ops->keys_mode ? s->ops->keys_mode(s) : 0);
}

void shell_global(const struct ui_app *app, struct keys_set *set)
{
	keys_set_clear(set);
	set->on[REQ_HELP] = true;
	set->on[REQ_QUIT] = true;
	set->on[REQ_REDRAW] = true;
	set->on[REQ_BACK] = app->depth > 1;
	set->on[REQ_LOOKUP] = app->lookup_ops != NULL &&
			      (!app->depth ||
			       app->stack[app->depth - 1].ops != app->lookup_ops);
}

void shell_handled(const struct ui_app *app, struct keys_set *set)
{
	struct keys_set global;

	shell_global(app, &global);
	if (app->dialog) {
		struct keys_set passes;

		keys_set_clear(set);
		keys_set_clear(&passes);
		dialog_handles(app->dialog, set);
		dialog_passes(app->dialog, &passes);
		for (int r = 0; r < REQ_COUNT; r++)
			if (passes.on[r] && global.on[r])
				set->on[r] = true;
		return;
	}
	shell_screen_handles(app, set);
	keys_set_union(set, &global);
}

/* --- the global layer --- */

/* Index of the lookup screen on the stack, or -1. */
static int lookup_index(const struct ui_app *app)
{
	for (size_t i = app->depth; i-- > 0;)
		if (app->stack[i].ops == app->lookup_ops)
			return (int)i;
	return -1;
}

/* True when a screen at index from or above holds unsaved input. */
static bool unsaved_from(const struct ui_app *app, size_t from)
{
	for (size_t i = from; i < app->depth; i++) {
		const struct screen *s = &app->stack[i];

		if (s->ops->has_unsaved && s->ops->has_unsaved(s))
			return true;
	}
	return false;
}

/* F2 returns to the lookup already on the stack instead of stacking a
 * new one on every call of a shift (which would grow without end). */
static unsigned confirm_to_lookup(struct ui_app *app, void *arg)
{
	int at = lookup_index(app);

	(void)arg;
	while (at >= 0 && app->depth > (size_t)at + 1)
		pop(app);
	return UI_NONE;
}

static void go_lookup(struct ui_app *app)
{
	int at = lookup_index(app);

	if (at < 0) {
		shell_push(app, app->lookup_ops, NULL);
		return;
	}
	if (unsaved_from(app, (size_t)at + 1))
		ui_confirm(app, _("Go to the lookup? Unsaved input will be lost."),
			   confirm_to_lookup, NULL);
	else
		confirm_to_lookup(app, NULL);
	app->dirty = true;
}

static bool any_unsaved(const struct ui_app *app)
{
	for (size_t i = 0; i < app->depth; i++) {
		const struct screen *s = &app->stack[i];

		if (s->ops->has_unsaved && s->ops->has_unsaved(s))
			return true;
	}
	return false;
}

static unsigned confirm_quit(struct ui_app *app, void *arg)
{
	(void)app;
	(void)arg;
	return UI_QUIT;
}

static unsigned confirm_back(struct ui_app *app, void *arg)
{
	(void)app;
	(void)arg;
	return UI_CLOSE;
}

static void open_help(struct ui_app *app)
{
	struct keys_set screen, global;
	struct screen *top = shell_top(app);

	shell_screen_handles(app, &screen);
	shell_global(app, &global);
	dialog_free(&app->dialog);
	app->dialog = dialog_help_new(top ? _(top->ops->title) : "", &screen,
				      &global);
	app->dirty = true;
}

static void global_request(struct ui_app *app, enum ui_request req)
{
	struct screen *top = shell_top(app);

	switch (req) {
	case REQ_HELP:
		open_help(app);
		break;
	case REQ_QUIT:
		if (any_unsaved(app))
			ui_confirm(app,
				   _("Quit? Unsaved input will be lost."),
				   confirm_quit, NULL);
		else
			app->quit = true;
		break;
	case REQ_BACK:
		if (top && top->ops->has_unsaved && top->ops->has_unsaved(top))
			ui_confirm(app,
				   _("Leave this screen? Unsaved input will be lost."),
				   confirm_back, NULL);
		else
			pop(app);
		break;
	case REQ_REDRAW:
		app->full_redraw = true;
		app->dirty = true;
		break;
	case REQ_LOOKUP:
		if (app->lookup_ops)
			go_lookup(app);
		break;
	default:
		break;
	}
}

static bool dialog_input(struct ui_app *app, enum ui_request req)
{
	struct keys_set passes, global;
	ui_confirm_fn fn;
	void *arg;

	switch (dialog_request(app->dialog, req)) {
	case DIALOG_CHANGED:
		app->dirty = true;
		return true;
	case DIALOG_CLOSED:
	case DIALOG_NO:
		dialog_free(&app->dialog);
		app->dirty = true;
		return true;
	case DIALOG_YES:
		fn = app->confirm_fn;
		arg = app->confirm_arg;
		dialog_free(&app->dialog);
		app->confirm_fn = NULL;
		app->confirm_arg = NULL;
		app->dirty = true;
		if (fn && app->depth)
			apply(app, shell_top(app), fn(app, arg));
		return true;
	case DIALOG_IGNORED:
		break;
	}
	keys_set_clear(&passes);
	dialog_passes(app->dialog, &passes);
	shell_global(app, &global);
	if (passes.on[req] && global.on[req]) {
		global_request(app, req);
		return true;
	}
	return false;
}

bool shell_request(struct ui_app *app, enum ui_request req)
{
	struct keys_set set;
	struct screen *top = shell_top(app);

	if (req <= REQ_NONE || req >= REQ_COUNT)
		return false;
	/* While the terminal is too small nothing can be seen: only quitting
	 * and redrawing are safe. */
	if (app->too_small && req != REQ_QUIT && req != REQ_REDRAW)
		return false;
	if (app->dialog)
		return dialog_input(app, req);

	shell_screen_handles(app, &set);
	if (top && set.on[req] && top->ops->request) {
		unsigned f = top->ops->request(top, app, req);

		if (!(f & UI_UNHANDLED)) {
			apply(app, top, f);
			return true;
		}
	}
	shell_global(app, &set);
	if (set.on[req]) {
		global_request(app, req);
		return true;
	}
	return false;
}

void shell_key(struct ui_app *app, int key)
{
	enum keys_map maps[2];
	size_t nmaps = 0;
	enum ui_request req;
	struct screen *top;

	if (key == KEYS_RESIZE) {
		app->dirty = true;
		return;
	}
	if (app->message.len) {
		sbuf_reset(&app->message);
		app->dirty = true;
	}
	if (app->dialog && dialog_keymap(app->dialog) != KEYS_MAP_GENERIC)
		maps[nmaps++] = dialog_keymap(app->dialog);
	maps[nmaps++] = KEYS_MAP_GENERIC;
	req = keys_lookup_layered(maps, nmaps, key);
	if (req != REQ_NONE && shell_request(app, req))
		return;
	if (app->too_small || app->dialog)
		return;
	top = shell_top(app);
	if (req == REQ_NONE && top && key >= 0x20 && key < 0x110000 &&
	    key != 0x7F) {
		struct keys_set set;
		const struct keys_local *e;

		/* the screen's character keys come from its declared table
		 * only: what F1 lists is what a letter does */
		shell_screen_handles(app, &set);
		e = keys_local_find(&set, key);
		if (e && e->action != KEYS_TYPED && top->ops->action) {
			apply(app, top, top->ops->action(top, app, e->action,
							 (uint32_t)key));
			return;
		}
		if (top->ops->input) {
			apply(app, top, top->ops->input(top, app, (uint32_t)key));
			return;
		}
	}
	if (keys_is_function(key)) {
		struct sbuf name;

		sbuf_init(&name);
		keys_name(&name, key);
		/* TRANSLATORS: %s is a key name such as "F7". */
		ui_message(app, _("%s does nothing on this screen; F1 lists the keys."),
			   name.buf);
		sbuf_done(&name);
	}
}

/* Notifications sent meanwhile are lost: every screen re-reads what it
 * shows, the top one now, the others when shown. */
static void reload_all(struct ui_app *app)
{
	for (size_t i = 0; i + 1 < app->depth; i++)
		app->stack[i].stale = true;
	if (app->depth)
		reload(app, shell_top(app));
}

void shell_set_db_state(struct ui_app *app, enum ui_db_state st)
{
	enum ui_db_state old = app->db_state;

	if (st == old)
		return;
	app->db_state = st;
	app->dirty = true;
	if (st == UI_DB_DOWN) {
		/* "reconnecting…" says it all: live updates are judged again
		 * once the connection is back (no "live updates are back" over
		 * "the database connection is back", no second re-read) */
		app->live_off = false;
		ui_error(app, _("The database connection was lost. Reconnecting\xE2\x80\xA6 what you type is kept."));
	} else if (st == UI_DB_OK && old == UI_DB_DOWN) {
		ui_message(app, _("The database connection is back."));
		reload_all(app);
	}
}

void shell_set_live(struct ui_app *app, bool ok)
{
	if (ok == !app->live_off)
		return;
	app->live_off = !ok;
	app->dirty = true;
	if (!ok) {
		ui_error(app, _("Live updates are not arriving: changes made at other terminals show only when a screen is opened again."));
		return;
	}
	ui_message(app, _("Live updates are back."));
	reload_all(app);
}

void shell_notify(struct ui_app *app, const struct db_notify *n)
{
	for (size_t i = app->depth; i-- > 0;) {
		struct screen *s = &app->stack[i];

		if (!s->ops->notify)
			continue;
		apply(app, s, s->ops->notify(s, app, n));
		/* apply may have closed screens above i */
		if (i > app->depth)
			i = app->depth;
	}
}

long long shell_due(struct ui_app *app)
{
	struct screen *s = shell_top(app);

	return s && s->ops->due && s->ops->timer ? s->ops->due(s) : 0;
}

void shell_timer(struct ui_app *app, long long now)
{
	struct screen *s = shell_top(app);
	long long due = shell_due(app);

	if (due > 0 && due <= now)
		apply(app, s, s->ops->timer(s, app));
}

/* --- the view --- */

void shell_view_init(struct shell_view *v)
{
	memset(v, 0, sizeof(*v));
	layout_text_init(&v->lines);
	layout_text_init(&v->overlay_lines);
	layout_line_init(&v->title, LAYOUT_HEADING);
	layout_line_init(&v->footer, LAYOUT_NORMAL);
}

void shell_view_done(struct shell_view *v)
{
	layout_text_done(&v->lines);
	layout_text_done(&v->overlay_lines);
	layout_line_done(&v->title);
	layout_line_done(&v->footer);
}

static const char *db_state_text(const struct ui_app *app)
{
	switch (app->db_state) {
	case UI_DB_OK:
		/* TRANSLATORS: the top line when the database works but
		 * notifications (live updates) do not arrive. */
		return app->live_off ? _("live updates off") : _("DB ok");
	case UI_DB_DOWN:
		return _("reconnecting\xE2\x80\xA6");
	case UI_DB_NONE:
	default:
		return _("no database");
	}
}

void shell_compose(struct ui_app *app, int cols, int rows,
		   struct shell_view *v)
{
	struct layout_frame *f = &v->frame;
	struct layout_text body, message;
	struct layout_top top;
	int more;
	struct keys_set handled;
	struct screen *s = shell_top(app);
	const struct ui_options *o = app->opt;

	layout_frame_compute(f, cols, rows);
	app->too_small = f->too_small;
	layout_text_reset(&v->lines);
	v->overlay = false;
	layout_line_reset(&v->title, LAYOUT_HEADING);
	layout_line_reset(&v->footer, LAYOUT_NORMAL);
	if (f->too_small) {
		layout_too_small(&v->lines, f->cols, f->rows);
		return;
	}

	memset(&top, 0, sizeof(top));
	top.title = s ? _(s->ops->title) : "";
	top.customer = app->customer;
	top.agent_name = o ? o->agent_name : NULL;
	top.login = o ? o->login : NULL;
	top.role = o ? ui_role_name(o->role) : NULL;
	top.db_state = db_state_text(app);
	top.db_ok = app->db_state == UI_DB_OK && !app->live_off;
	layout_top_line(layout_text_add(&v->lines, LAYOUT_BAR), &top, f->cols);

	/* A message that does not fit its line is shown whole: it takes
	 * lines from the bottom of the body (at most half of it), and the
	 * screen draws in what is left. */
	layout_text_init(&message);
	more = layout_message_lines(&message, app->message.buf,
				    app->message_attr, f->cols,
				    f->body.rows / 2) - 1;
	f->body.rows -= more;
	f->message_y -= more;

	layout_text_init(&body);
	if (s && s->ops->draw)
		s->ops->draw(s, app, &body, f->body.cols, f->body.rows);
	layout_text_fit(&body, f->body.cols, f->body.rows);
	for (size_t i = 0; i < body.n; i++)
		layout_line_copy(layout_text_add(&v->lines, LAYOUT_NORMAL),
				 &body.lines[i]);
	layout_text_done(&body);

	for (size_t i = 0; i < message.n; i++)
		layout_line_copy(layout_text_add(&v->lines, LAYOUT_NORMAL),
				 &message.lines[i]);
	layout_text_done(&message);
	shell_handled(app, &handled);
	keys_legend(layout_text_add(&v->lines, LAYOUT_BAR), &handled, f->cols);

	if (app->dialog) {
		struct sbuf footer;
		int room;

		sbuf_init(&footer);
		v->overlay = true;
		dialog_layout(app->dialog, f, &v->rect, &v->overlay_lines,
			      &footer);
		/* Both sit on the border between the corners, with a space
		 * each side: " Help " at the left, " 1-20 of 34 " at the
		 * right. */
		room = v->rect.cols - 6;
		layout_line_add(&v->title, " ", LAYOUT_HEADING);
		layout_line_add(&v->title, app->dialog->title, LAYOUT_HEADING);
		layout_line_add(&v->title, " ", LAYOUT_HEADING);
		layout_line_clip(&v->title, room);
		if (footer.len) {
			layout_line_add(&v->footer, " ", LAYOUT_NORMAL);
			layout_line_add(&v->footer, footer.buf, LAYOUT_NORMAL);
			layout_line_add(&v->footer, " ", LAYOUT_NORMAL);
			layout_line_clip(&v->footer,
					 room - layout_line_width(&v->title));
		}
		sbuf_done(&footer);
	}
}
