/* check_ui_shell.c: the screen stack, global keys, dialogs and the view,
 * driven by keys as app.c drives them, with screens made for the test. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"
#include "repeatdesk/width.h"

Suite *ui_shell_suite(void);

static int closed, reloaded, notified;

/* A screen with no keys of its own, like the home screen. */
static void plain_draw(struct screen *s, struct ui_app *app,
		       struct layout_text *body, int cols, int rows)
{
	(void)s;
	(void)app;
	(void)rows;
	layout_text_addf(body, LAYOUT_NORMAL, "PLAIN BODY %d", cols);
}

static void count_close(struct screen *s, struct ui_app *app)
{
	(void)s;
	(void)app;
	closed++;
}

static const enum ui_request plain_requests[] = { REQ_NONE };

static const struct screen_ops plain_ops = {
	.name = "plain",
	.title = "Plain",
	.requests = plain_requests,
	.draw = plain_draw,
	.close = count_close,
};

/* A form: typed text is unsaved input; Up and Down move a cursor. */
struct form_state {
	char text[64];
	int line;
	int notifies;
};

static unsigned form_request(struct screen *s, struct ui_app *app,
			     enum ui_request req)
{
	struct form_state *st = s->state;

	(void)app;
	switch (req) {
	case REQ_UP:
		st->line--;
		return UI_REDRAW;
	case REQ_DOWN:
		st->line++;
		return UI_REDRAW;
	case REQ_BACK:
		/* not for me: the global Esc acts */
		return UI_UNHANDLED;
	default:
		return UI_NONE;
	}
}

static unsigned form_input(struct screen *s, struct ui_app *app,
			   uint32_t cp)
{
	struct form_state *st = s->state;
	size_t n = strlen(st->text);

	(void)app;
	if (n + 1 < sizeof(st->text) && cp < 0x80)
		st->text[n] = (char)cp;
	return UI_REDRAW;
}

static void form_draw(struct screen *s, struct ui_app *app,
		      struct layout_text *body, int cols, int rows)
{
	struct form_state *st = s->state;

	(void)app;
	(void)cols;
	(void)rows;
	layout_text_addf(body, LAYOUT_NORMAL, "FORM [%s] line %d", st->text,
			 st->line);
}

static bool form_unsaved(const struct screen *s)
{
	const struct form_state *st = s->state;

	return st->text[0] != '\0';
}

static unsigned form_reload(struct screen *s, struct ui_app *app)
{
	(void)s;
	(void)app;
	reloaded++;
	return UI_NONE;
}

static unsigned form_notify(struct screen *s, struct ui_app *app,
			    const struct db_notify *n)
{
	struct form_state *st = s->state;

	(void)app;
	(void)n;
	st->notifies++;
	notified++;
	return UI_RELOAD;
}

static const enum ui_request form_requests[] = { REQ_UP, REQ_DOWN, REQ_BACK,
						 REQ_NONE };

static const struct screen_ops form_ops = {
	.name = "form",
	.title = "Form",
	.state_size = sizeof(struct form_state),
	.requests = form_requests,
	.input = form_input,
	.request = form_request,
	.draw = form_draw,
	.has_unsaved = form_unsaved,
	.reload = form_reload,
	.notify = form_notify,
	.close = count_close,
};

/* A list with letter keys declared as data: x in the list mode only,
 * 1-3 always; in the edit mode letters are typed text. */
struct letters_state {
	char did[64];
	char typed[64];
	bool editing;
};

enum { LETTERS_LIST, LETTERS_EDIT };

static const struct keys_local letters_keys[] = {
	{ .modes = 1u << LETTERS_LIST, .key = 'x', .alt = 'X', .action = 'x',
	  .label = "Cross", .help = "Cross the line out" },
	{ .key = '1', .last = '3', .action = '1', .help = "Pick a column" },
	{ .modes = 1u << LETTERS_LIST, .req = REQ_EDIT,
	  .label = "Rename", .help = "Rename the selected line" },
	{ .modes = 1u << LETTERS_EDIT, .key = 'y', .action = KEYS_TYPED,
	  .help = "In a yes/no field: yes" },
	{ 0, REQ_NONE, 0, 0, 0, 0, NULL, NULL }
};

static unsigned letters_mode(const struct screen *s)
{
	const struct letters_state *st = s->state;

	return st->editing ? LETTERS_EDIT : LETTERS_LIST;
}

static unsigned letters_action(struct screen *s, struct ui_app *app,
			       int action, uint32_t cp)
{
	struct letters_state *st = s->state;
	size_t n = strlen(st->did);

	(void)app;
	if (n + 3 < sizeof(st->did)) {
		st->did[n] = (char)action;
		st->did[n + 1] = (char)cp;
	}
	return UI_REDRAW;
}

static unsigned letters_input(struct screen *s, struct ui_app *app,
			      uint32_t cp)
{
	struct letters_state *st = s->state;
	size_t n = strlen(st->typed);

	(void)app;
	if (n + 1 < sizeof(st->typed) && cp < 0x80)
		st->typed[n] = (char)cp;
	return UI_REDRAW;
}

static unsigned letters_request(struct screen *s, struct ui_app *app,
				enum ui_request req)
{
	struct letters_state *st = s->state;

	(void)app;
	if (req == REQ_EDIT)
		st->editing = !st->editing;
	return UI_REDRAW;
}

static const enum ui_request letters_requests[] = { REQ_EDIT, REQ_NONE };

static const struct screen_ops letters_ops = {
	.name = "letters",
	.title = "Letters",
	.state_size = sizeof(struct letters_state),
	.requests = letters_requests,
	.keys = letters_keys,
	.keys_mode = letters_mode,
	.request = letters_request,
	.action = letters_action,
	.input = letters_input,
};

static unsigned refuse_open(struct screen *s, struct ui_app *app,
			    const void *arg)
{
	(void)s;
	(void)arg;
	ui_error(app, "cannot open");
	return UI_CLOSE;
}

static const struct screen_ops refusing_ops = {
	.name = "refusing",
	.title = "Refusing",
	.open = refuse_open,
	.close = count_close,
};

static const struct ui_options opts = {
	.login = "sato",
	.agent_name = "佐藤 花子",
	.role = "operator",
	.db_label = "embedded",
};

static struct ui_app app;
static struct shell_view view;

static void setup(void)
{
	closed = reloaded = notified = 0;
	shell_init(&app, &opts, NULL);
	app.db_state = UI_DB_OK;
	shell_view_init(&view);
	ck_assert(shell_push(&app, &plain_ops, NULL));
}

static void teardown(void)
{
	shell_view_done(&view);
	shell_done(&app);
}

/* The whole screen as text, one line each, after checking every line is
 * exactly cols wide. */
static const char *screen(int cols, int rows)
{
	static struct sbuf all;

	if (!all.buf)
		sbuf_init(&all);
	sbuf_reset(&all);
	shell_compose(&app, cols, rows, &view);
	ck_assert_uint_eq(view.lines.n, (size_t)rows);
	for (size_t i = 0; i < view.lines.n; i++) {
		ck_assert_int_eq(width_str(view.lines.lines[i].text.buf), cols);
		sbuf_adds(&all, view.lines.lines[i].text.buf);
		sbuf_addc(&all, '\n');
	}
	for (size_t i = 0; view.overlay && i < view.overlay_lines.n; i++) {
		sbuf_adds(&all, view.overlay_lines.lines[i].text.buf);
		sbuf_addc(&all, '\n');
	}
	return all.buf;
}

static const char *legend(void)
{
	screen(80, 24);
	return view.lines.lines[23].text.buf;
}

static const char *message(void)
{
	screen(80, 24);
	return view.lines.lines[22].text.buf;
}

START_TEST(home_legend_shows_help_and_quit_only)
{
	const char *l = legend();

	ck_assert_ptr_nonnull(strstr(l, "F1 Help"));
	ck_assert_ptr_nonnull(strstr(l, "F10 Quit"));
	/* no lookup screen yet, nothing to go back to */
	ck_assert_ptr_null(strstr(l, "F2"));
	ck_assert_ptr_null(strstr(l, "Esc"));
}
END_TEST

START_TEST(top_line_names_screen_agent_and_db_state)
{
	const char *s = screen(80, 24);

	ck_assert(strncmp(s, " Plain", 6) == 0);
	ck_assert_ptr_nonnull(strstr(s, "佐藤 花子 (sato, operator)  DB ok"));
	ck_assert_ptr_nonnull(strstr(s, "PLAIN BODY 80"));
}
END_TEST

START_TEST(esc_on_the_first_screen_does_nothing)
{
	shell_key(&app, KEYS_ESC);
	ck_assert_uint_eq(app.depth, 1);
	ck_assert(!app.quit);
	ck_assert_int_eq(closed, 0);
	ck_assert_ptr_null(strstr(message(), "does nothing"));
}
END_TEST

START_TEST(f10_quits_at_once_without_unsaved_input)
{
	shell_key(&app, KEYS_F(10));
	ck_assert(app.quit);
	ck_assert_ptr_null(app.dialog);
}
END_TEST

START_TEST(f10_asks_first_when_input_is_unsaved)
{
	shell_push(&app, &form_ops, NULL);
	shell_key(&app, 'a');
	shell_key(&app, KEYS_F(10));
	ck_assert(!app.quit);
	ck_assert_ptr_nonnull(app.dialog);
	ck_assert_ptr_nonnull(strstr(screen(80, 24),
				     "Quit? Unsaved input will be lost."));
	ck_assert_ptr_nonnull(strstr(legend(), "y Yes"));
	ck_assert_ptr_nonnull(strstr(legend(), "n No"));
	ck_assert_ptr_null(strstr(legend(), "F1"));
	/* F10 again and other keys do not decide for the operator */
	shell_key(&app, KEYS_F(10));
	shell_key(&app, 'x');
	ck_assert(!app.quit);
	ck_assert_ptr_nonnull(app.dialog);
	shell_key(&app, 'n');
	ck_assert(!app.quit);
	ck_assert_ptr_null(app.dialog);
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "FORM [a]")); /* kept */
	shell_key(&app, KEYS_F(10));
	shell_key(&app, KEYS_ESC); /* Esc answers no */
	ck_assert(!app.quit);
	ck_assert_ptr_null(app.dialog);
	shell_key(&app, KEYS_F(10));
	shell_key(&app, 'y');
	ck_assert(app.quit);
}
END_TEST

START_TEST(sigint_asks_like_f10)
{
	shell_push(&app, &form_ops, NULL);
	shell_key(&app, 'a');
	ck_assert(shell_request(&app, REQ_QUIT));
	ck_assert(!app.quit);
	ck_assert_ptr_nonnull(app.dialog);
	/* a second Ctrl-C while asked changes nothing */
	shell_request(&app, REQ_QUIT);
	ck_assert(!app.quit);
	shell_key(&app, 'Y');
	ck_assert(app.quit);
}
END_TEST

START_TEST(unsaved_input_on_a_lower_screen_also_asks)
{
	shell_push(&app, &form_ops, NULL);
	shell_key(&app, 'a');
	shell_push(&app, &plain_ops, NULL);
	shell_key(&app, KEYS_F(10));
	ck_assert(!app.quit);
	ck_assert_ptr_nonnull(app.dialog);
}
END_TEST

START_TEST(esc_goes_back_one_screen_and_shows_in_the_legend)
{
	shell_push(&app, &form_ops, NULL);
	ck_assert_ptr_nonnull(strstr(legend(), "Esc Back"));
	ck_assert_ptr_nonnull(strstr(screen(80, 24), " Form"));
	shell_key(&app, KEYS_ESC);
	ck_assert_uint_eq(app.depth, 1);
	ck_assert_int_eq(closed, 1);
	ck_assert_ptr_null(strstr(legend(), "Esc"));
}
END_TEST

START_TEST(esc_asks_before_leaving_unsaved_input)
{
	shell_push(&app, &form_ops, NULL);
	shell_key(&app, 'a');
	shell_key(&app, KEYS_ESC);
	ck_assert_uint_eq(app.depth, 2);
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "Leave this screen?"));
	shell_key(&app, 'n');
	ck_assert_uint_eq(app.depth, 2);
	shell_key(&app, KEYS_ESC);
	shell_key(&app, 'y');
	ck_assert_uint_eq(app.depth, 1);
	ck_assert(!app.quit);
}
END_TEST

START_TEST(letters_go_to_the_screen_not_to_the_dialog_keymap)
{
	shell_push(&app, &form_ops, NULL);
	shell_key(&app, 'y');
	shell_key(&app, 'n');
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "FORM [yn]"));
	ck_assert(!app.quit);
}
END_TEST

START_TEST(screen_requests_reach_the_screen)
{
	shell_push(&app, &form_ops, NULL);
	shell_key(&app, KEYS_DOWN);
	shell_key(&app, KEYS_DOWN);
	shell_key(&app, KEYS_UP);
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "line 1"));
	/* a request the screen does not list never reaches it */
	shell_key(&app, KEYS_PGDN);
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "line 1"));
}
END_TEST

START_TEST(f1_lists_every_key_of_the_screen_and_esc_closes)
{
	const char *s;
	struct keys_set handled;

	shell_push(&app, &form_ops, NULL);
	shell_handled(&app, &handled);
	shell_key(&app, KEYS_F(1));
	ck_assert_ptr_nonnull(app.dialog);
	s = screen(80, 24);
	ck_assert(view.overlay);
	ck_assert_ptr_nonnull(strstr(view.title.text.buf, "Help"));
	ck_assert_ptr_nonnull(strstr(s, "Keys of this screen (Form)"));
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		if (!handled.on[r])
			continue;
		ck_assert_msg(strstr(s, keys_help_text((enum ui_request)r)),
			      "help lacks %s",
			      keys_request_name((enum ui_request)r));
	}
	/* with help open the legend offers what help does */
	ck_assert_ptr_nonnull(strstr(legend(), "Esc Back"));
	ck_assert_ptr_nonnull(strstr(legend(), "F10 Quit"));
	ck_assert_ptr_null(strstr(legend(), "F1 Help"));
	shell_key(&app, KEYS_DOWN); /* scrolls the help, not the form */
	shell_key(&app, KEYS_ESC);
	ck_assert_ptr_null(app.dialog);
	ck_assert_uint_eq(app.depth, 2); /* Esc closed help only */
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "line 0"));
}
END_TEST

START_TEST(f10_in_help_still_quits)
{
	shell_key(&app, KEYS_F(1));
	shell_key(&app, KEYS_F(10));
	ck_assert(app.quit);
}
END_TEST

START_TEST(f2_is_neither_shown_nor_handled_without_a_lookup_screen)
{
	ck_assert(!shell_request(&app, REQ_LOOKUP));
	shell_key(&app, KEYS_F(2));
	ck_assert_uint_eq(app.depth, 1);
	ck_assert_ptr_nonnull(strstr(message(),
		"F2 does nothing on this screen; F1 lists the keys."));
	shell_key(&app, 'x'); /* a key clears the message */
	ck_assert_ptr_null(strstr(message(), "F2"));
}
END_TEST

START_TEST(f2_opens_the_lookup_screen_once_it_exists)
{
	app.lookup_ops = &form_ops;
	ck_assert_ptr_nonnull(strstr(legend(), "F2 Lookup"));
	shell_key(&app, KEYS_F(2));
	ck_assert_uint_eq(app.depth, 2);
	ck_assert_ptr_eq(shell_top(&app)->ops, &form_ops);
	/* not again on top of itself */
	ck_assert_ptr_null(strstr(legend(), "F2"));
}
END_TEST

static const struct screen_ops lookup_like_ops = {
	.name = "lookup",
	.title = "Lookup",
	.requests = plain_requests,
	.draw = plain_draw,
};

START_TEST(f2_returns_to_the_lookup_on_the_stack_instead_of_stacking_another)
{
	app.lookup_ops = &lookup_like_ops;
	shell_key(&app, KEYS_F(2));           /* home, lookup */
	shell_push(&app, &form_ops, NULL);    /* a card or form above it */
	ck_assert_uint_eq(app.depth, 3);
	shell_key(&app, KEYS_F(2));           /* nothing typed: straight back */
	ck_assert_uint_eq(app.depth, 2);
	ck_assert_ptr_eq(shell_top(&app)->ops, &lookup_like_ops);

	shell_push(&app, &form_ops, NULL);
	shell_key(&app, 'a');                 /* unsaved input above the lookup */
	shell_key(&app, KEYS_F(2));
	ck_assert_uint_eq(app.depth, 3);      /* asked first */
	ck_assert_ptr_nonnull(app.dialog);
	shell_key(&app, 'n');
	ck_assert_uint_eq(app.depth, 3);      /* no: the input stays */
	shell_key(&app, KEYS_F(2));
	shell_key(&app, 'y');
	ck_assert_uint_eq(app.depth, 2);      /* yes: back to the lookup */
	for (int call = 0; call < 50; call++) {
		shell_push(&app, &form_ops, NULL);
		shell_key(&app, KEYS_F(2));
	}
	ck_assert_uint_eq(app.depth, 2);      /* a shift of calls stays flat */
}
END_TEST

START_TEST(a_screen_can_refuse_to_open)
{
	ck_assert(!shell_push(&app, &refusing_ops, NULL));
	ck_assert_uint_eq(app.depth, 1);
	ck_assert_int_eq(closed, 1);
	ck_assert_ptr_nonnull(strstr(message(), "cannot open"));
}
END_TEST

START_TEST(too_small_shows_only_the_message_and_keeps_state)
{
	const char *s;

	shell_push(&app, &form_ops, NULL);
	shell_key(&app, 'a');
	s = screen(60, 20);
	ck_assert_ptr_nonnull(strstr(s,
		"Terminal too small: 60x20 \xE2\x80\x94 need at least 80x24"));
	ck_assert_ptr_null(strstr(s, "FORM"));
	ck_assert_ptr_null(strstr(s, "F10"));
	/* blind keys are not acted on */
	shell_key(&app, KEYS_F(1));
	ck_assert_ptr_null(app.dialog);
	shell_key(&app, 'b');
	shell_key(&app, KEYS_ESC);
	ck_assert_uint_eq(app.depth, 2);
	screen(60, 20);
	s = screen(80, 24);
	ck_assert_ptr_nonnull(strstr(s, "FORM [a]"));
	ck_assert_ptr_nonnull(strstr(s, "F10 Quit"));
	s = screen(120, 40);
	ck_assert_ptr_nonnull(strstr(s, "FORM [a]"));
}
END_TEST

START_TEST(every_line_is_exactly_the_terminal_width)
{
	static const int sizes[][2] = { { 80, 24 }, { 100, 30 }, { 120, 40 },
					{ 81, 25 }, { 200, 60 } };

	shell_push(&app, &form_ops, NULL);
	ui_set_customer(&app, "山田 太郎様 (C0001234) 東京都世田谷区 三軒茶屋");
	shell_key(&app, KEYS_F(1));
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		screen(sizes[i][0], sizes[i][1]); /* asserts the widths */
		ck_assert(view.overlay);
		ck_assert_int_le(view.rect.x + view.rect.cols, sizes[i][0]);
		ck_assert_int_le(view.rect.y + view.rect.rows, sizes[i][1] - 2);
		for (size_t k = 0; k < view.overlay_lines.n; k++)
			ck_assert_int_eq(width_str(view.overlay_lines.lines[k]
						   .text.buf),
					 view.rect.cols - 4);
	}
}
END_TEST

START_TEST(lost_connection_shows_reconnecting_and_reloads_after)
{
	shell_push(&app, &form_ops, NULL);
	shell_push(&app, &form_ops, NULL);
	shell_key(&app, 'a');
	shell_set_db_state(&app, UI_DB_DOWN);
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "reconnecting\xE2\x80\xA6"));
	ck_assert_ptr_nonnull(strstr(message(), "Reconnecting"));
	ck_assert_int_eq(reloaded, 0);
	shell_set_db_state(&app, UI_DB_OK);
	ck_assert_int_eq(reloaded, 1); /* the top one now */
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "DB ok"));
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "FORM [a]")); /* kept */
	shell_key(&app, KEYS_F(10));
	shell_key(&app, 'n');
	app.stack[1].stale = true;
	((struct form_state *)shell_top(&app)->state)->text[0] = '\0';
	shell_key(&app, KEYS_ESC);
	ck_assert_int_eq(reloaded, 2); /* the one below, when shown */
}
END_TEST

START_TEST(live_updates_off_shows_on_the_top_line_and_reloads_when_back)
{
	shell_push(&app, &form_ops, NULL);
	shell_push(&app, &form_ops, NULL);
	shell_set_live(&app, false);
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "live updates off"));
	ck_assert_ptr_null(strstr(screen(80, 24), "DB ok")); /* not ok: live updates are off */
	ck_assert_ptr_nonnull(strstr(app.message.buf, "Live updates are not arriving"));
	ck_assert(ui_db_ok(&app)); /* the work goes on */
	ck_assert_int_eq(reloaded, 0);
	shell_set_live(&app, false); /* said once */
	ck_assert_int_eq(reloaded, 0);
	shell_set_live(&app, true);
	ck_assert_int_eq(reloaded, 1); /* the top one now, as after a reconnect */
	ck_assert_ptr_null(strstr(screen(80, 24), "live updates off"));
	ck_assert_ptr_nonnull(strstr(screen(80, 24), "DB ok"));
	app.stack[0].stale = false;
	shell_set_live(&app, true); /* nothing changed: nothing re-read */
	ck_assert_int_eq(reloaded, 1);
}
END_TEST

/* A failover: the LISTEN side is found dead first, then the work
 * connection; once the connection is back its message stays and the
 * screens are re-read once (found by make check-ha). */
START_TEST(reconnect_after_live_off_says_the_connection_is_back_once)
{
	shell_push(&app, &form_ops, NULL);
	shell_set_live(&app, false);
	shell_set_db_state(&app, UI_DB_DOWN);
	shell_set_db_state(&app, UI_DB_OK);
	ck_assert_int_eq(reloaded, 1);
	shell_set_live(&app, true); /* the loop judges live updates again */
	ck_assert_int_eq(reloaded, 1);
	ck_assert_ptr_nonnull(strstr(app.message.buf, "The database connection is back"));
	ck_assert_ptr_null(strstr(screen(80, 24), "live updates off"));
}
END_TEST

START_TEST(notifications_reach_every_listening_screen)
{
	struct db_notify n = { .channel = "inquiry", .payload = "42" };

	shell_push(&app, &form_ops, NULL);
	shell_push(&app, &form_ops, NULL);
	shell_notify(&app, &n);
	ck_assert_int_eq(notified, 2);
	ck_assert_int_eq(reloaded, 1);  /* the top one reloads now */
	ck_assert(app.stack[1].stale);  /* the other when shown again */
	ck_assert(!app.stack[2].stale);
}
END_TEST

START_TEST(declared_letters_reach_the_action_others_the_input)
{
	struct letters_state *st;

	shell_push(&app, &letters_ops, NULL);
	st = shell_top(&app)->state;
	shell_key(&app, 'x');
	shell_key(&app, 'X');
	shell_key(&app, '2');
	shell_key(&app, 'q');  /* not declared: the screen's input says so */
	ck_assert_str_eq(st->did, "xxxX12");
	ck_assert_str_eq(st->typed, "q");
	/* in the edit mode x is no key of the screen: typed text */
	shell_key(&app, KEYS_F(4));
	shell_key(&app, 'x');
	shell_key(&app, 'y');
	shell_key(&app, '3');
	ck_assert_str_eq(st->did, "xxxX1213");
	ck_assert_str_eq(st->typed, "qxy");
}
END_TEST

START_TEST(f1_and_the_legend_list_the_declared_keys_of_the_mode)
{
	const char *s;

	shell_push(&app, &letters_ops, NULL);
	ck_assert_ptr_nonnull(strstr(legend(), "F4 Rename"));
	ck_assert_ptr_nonnull(strstr(legend(), "x Cross"));
	ck_assert_ptr_null(strstr(legend(), "Edit"));
	shell_key(&app, KEYS_F(1));
	s = screen(80, 24);
	ck_assert_ptr_nonnull(strstr(s, "Cross: Cross the line out"));
	ck_assert_ptr_nonnull(strstr(s, "1-3"));
	ck_assert_ptr_nonnull(strstr(s, "Pick a column"));
	ck_assert_ptr_nonnull(strstr(s, "Rename: Rename the selected line"));
	ck_assert_ptr_null(strstr(s, "In a yes/no field: yes"));
	ck_assert_ptr_nonnull(strstr(s, "Answer yes"));
	shell_key(&app, KEYS_ESC);
	shell_key(&app, KEYS_F(4));
	ck_assert_ptr_null(strstr(legend(), "x Cross"));
	ck_assert_ptr_null(strstr(legend(), "Rename"));
	shell_key(&app, KEYS_F(1));
	s = screen(80, 24);
	ck_assert_ptr_null(strstr(s, "Cross the line out"));
	ck_assert_ptr_nonnull(strstr(s, "In a yes/no field: yes"));
	ck_assert_ptr_nonnull(strstr(s, "Edit what is shown"));
}
END_TEST

START_TEST(a_refusal_longer_than_the_line_is_shown_whole)
{
	const char *s;

	shell_push(&app, &form_ops, NULL);
	ui_error(&app, "%s",
		 "The database refused: subscription 12 was changed by another agent "
		 "while you were editing; nothing of yours is saved yet. Read it again "
		 "with Ctrl-L and decide. LASTWORD");
	s = screen(80, 24); /* every line exactly 80 wide, 24 lines */
	ck_assert_ptr_nonnull(strstr(s, "LASTWORD"));
	ck_assert_ptr_null(strstr(s, "\xE2\x80\xA6"));
	ck_assert_ptr_nonnull(strstr(view.lines.lines[23].text.buf, "F10 Quit"));
	ck_assert_ptr_nonnull(strstr(view.lines.lines[22].text.buf, "LASTWORD"));
	ck_assert_ptr_nonnull(strstr(view.lines.lines[1].text.buf, "FORM ["));
	/* the next key takes it away and the body has its rows again */
	shell_key(&app, KEYS_DOWN);
	s = screen(80, 24);
	ck_assert_ptr_null(strstr(s, "LASTWORD"));
	ck_assert_int_eq(view.frame.body.rows, 21);
}
END_TEST

Suite *ui_shell_suite(void)
{
	Suite *s = suite_create("ui_shell");
	TCase *tc = tcase_create("shell");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, home_legend_shows_help_and_quit_only);
	tcase_add_test(tc, top_line_names_screen_agent_and_db_state);
	tcase_add_test(tc, esc_on_the_first_screen_does_nothing);
	tcase_add_test(tc, f10_quits_at_once_without_unsaved_input);
	tcase_add_test(tc, f10_asks_first_when_input_is_unsaved);
	tcase_add_test(tc, sigint_asks_like_f10);
	tcase_add_test(tc, unsaved_input_on_a_lower_screen_also_asks);
	tcase_add_test(tc, esc_goes_back_one_screen_and_shows_in_the_legend);
	tcase_add_test(tc, esc_asks_before_leaving_unsaved_input);
	tcase_add_test(tc, letters_go_to_the_screen_not_to_the_dialog_keymap);
	tcase_add_test(tc, screen_requests_reach_the_screen);
	tcase_add_test(tc, f1_lists_every_key_of_the_screen_and_esc_closes);
	tcase_add_test(tc, f10_in_help_still_quits);
	tcase_add_test(tc, f2_is_neither_shown_nor_handled_without_a_lookup_screen);
	tcase_add_test(tc, f2_opens_the_lookup_screen_once_it_exists);
	tcase_add_test(tc, f2_returns_to_the_lookup_on_the_stack_instead_of_stacking_another);
	tcase_add_test(tc, a_screen_can_refuse_to_open);
	tcase_add_test(tc, too_small_shows_only_the_message_and_keeps_state);
	tcase_add_test(tc, every_line_is_exactly_the_terminal_width);
	tcase_add_test(tc, lost_connection_shows_reconnecting_and_reloads_after);
	tcase_add_test(tc, live_updates_off_shows_on_the_top_line_and_reloads_when_back);
	tcase_add_test(tc, reconnect_after_live_off_says_the_connection_is_back_once);
	tcase_add_test(tc, notifications_reach_every_listening_screen);
	tcase_add_test(tc, declared_letters_reach_the_action_others_the_input);
	tcase_add_test(tc, f1_and_the_legend_list_the_declared_keys_of_the_mode);
	tcase_add_test(tc, a_refusal_longer_than_the_line_is_shown_whole);
	suite_add_tcase(s, tc);
	return s;
}
