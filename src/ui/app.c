/* app.c: ui_run(): the terminal, the poll() loop, keys, signals, database.
 *
 * One loop waits on three things: the keyboard, the signal pipe and the
 * database socket (LISTEN/NOTIFY). Keys and signals become requests for
 * the shell (shell.c), database events become state changes and
 * notifications; when the shell says something changed the loop composes
 * the view once and draw.c copies it to the terminal. While the
 * connection is down the poll timeout drives a reconnect every
 * RECONNECT_MS, so the keyboard never waits longer than that.
 *
 * With a LISTEN connection of its own (db_params.listen_conninfo) the
 * loop polls both sockets and reconnects the LISTEN connection by itself
 * while the work goes on. The beat (live.h) runs from the same timeout:
 * when it does not come back, the top line says live updates are off. */
#include "repeatdesk/ui.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/keys.h"
#include "repeatdesk/live.h"

#include "curses_wrap.h"
#include "draw.h"
#include "home_screen.h"
#include "lookup_screen.h"
#include "shell.h"
#include "signals.h"

#define RECONNECT_MS 2000
/* Without events the view is still rebuilt now and then, so the date on
 * screen follows the clock. */
#define IDLE_MS 30000
/* How long a lone Esc waits for the rest of a key sequence: short enough
 * to feel immediate, long enough for function keys over a slow link. */
#define ESC_DELAY_MS 100
#define NOTIFY_BATCH 16

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* curses key → keys.h code (0: ignore). */
static int translate_key(int ret, wint_t ch)
{
	if (ret == OK) {
		if (ch == 127 || ch == 8)
			return KEYS_BACKSPACE;
		if (ch == '\n')
			return KEYS_ENTER;
		return (int)ch;
	}
	if (ret != KEY_CODE_YES)
		return 0;
	if (ch >= KEY_F(1) && ch <= KEY_F(63))
		return KEYS_F((int)ch - KEY_F0);
	switch (ch) {
	case KEY_UP: return KEYS_UP;
	case KEY_DOWN: return KEYS_DOWN;
	case KEY_LEFT: return KEYS_LEFT;
	case KEY_RIGHT: return KEYS_RIGHT;
	case KEY_PPAGE: return KEYS_PGUP;
	case KEY_NPAGE: return KEYS_PGDN;
	case KEY_HOME: return KEYS_HOME;
	case KEY_END: return KEYS_END;
	case KEY_ENTER: return KEYS_ENTER;
	case KEY_BACKSPACE: return KEYS_BACKSPACE;
	case KEY_DC: return KEYS_DELETE;
	case KEY_IC: return KEYS_INSERT;
	case KEY_BTAB: return KEYS_BTAB;
	case KEY_RESIZE: return KEYS_RESIZE;
	default: return 0;
	}
}

/* The bytes endwin would send, for the crash path: bottom-left, normal
 * attributes, visible cursor, keypad off, leave the alternate screen. */
static void update_crash_restore(const struct termios *saved)
{
	static const char *const caps[] = { "sgr0", "cnorm", "rmkx", "rmcup" };
	char seq[256];
	size_t len = 0;
	char *s = tigetstr("cup");

	if (s && s != (char *)-1) {
		const char *cup = tiparm(s, LINES - 1, 0);

		if (cup && strlen(cup) < sizeof(seq)) {
			memcpy(seq, cup, strlen(cup));
			len = strlen(cup);
		}
	}
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		s = tigetstr(caps[i]);
		if (!s || s == (char *)-1 || len + strlen(s) + 2 > sizeof(seq))
			continue;
		memcpy(seq + len, s, strlen(s));
		len += strlen(s);
	}
	seq[len++] = '\r';
	seq[len++] = '\n';
	ui_signals_set_restore(STDOUT_FILENO, saved, seq, len);
}

struct loop {
	struct ui_app app;
	struct shell_view view;
	struct termios saved;
	bool have_saved;
	int exit_code;
	long long next_reconnect;  /* when down: next attempt (ms) */
	struct live_beat beat;
};

static void resize(struct loop *lp)
{
	struct winsize ws;

	/* resize_term, not resizeterm: the latter queues a KEY_RESIZE in
	 * ncurses' input buffer, where it would sit in front of (and break
	 * up) the escape sequence of the next function key. */
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	update_crash_restore(lp->have_saved ? &lp->saved : NULL);
	lp->app.dirty = true;
	lp->app.full_redraw = true;
}

static void paint(struct loop *lp)
{
	shell_compose(&lp->app, COLS, LINES, &lp->view);
	draw_view(&lp->view, lp->app.full_redraw);
	lp->app.dirty = false;
	lp->app.full_redraw = false;
}

/* The loop that ui_busy and ui_cancel_requested act on: set while
 * ui_run runs (one terminal per process). */
static struct loop *busy_loop;

/* A long task of a handler (a report) says how it goes: the message line
 * is repainted at once, as the main loop will not run until it ends. */
void ui_busy(struct ui_app *app, const char *text)
{
	ui_message(app, "%s", text);
	if (busy_loop && &busy_loop->app == app)
		paint(busy_loop);
}

/* Reads the keys typed meanwhile without waiting: true when one was Esc.
 * The others are dropped (nothing else may act while a task runs); a
 * resize is followed at once. */
bool ui_cancel_requested(struct ui_app *app)
{
	struct loop *lp = busy_loop;
	bool esc = false;

	if (!lp || &lp->app != app)
		return false;
	for (;;) {
		wint_t ch;
		int ret = wget_wch(stdscr, &ch);
		int key;

		if (ret == ERR)
			break;
		key = translate_key(ret, ch);
		if (key == KEYS_RESIZE) {
			resize(lp);
			paint(lp);
		} else if (key == KEYS_ESC) {
			esc = true;
		}
	}
	return esc;
}

/* Reads every key that is waiting, in ncurses' buffer too. */
static void read_keys(struct loop *lp)
{
	for (;;) {
		wint_t ch;
		int ret = wget_wch(stdscr, &ch);
		int key;

		if (ret == ERR)
			break;
		key = translate_key(ret, ch);
		if (key == KEYS_RESIZE)
			resize(lp);
		else if (key)
			shell_key(&lp->app, key);
		if (lp->app.quit)
			break;
	}
}

static void handle_signals(struct loop *lp)
{
	int sig;

	while ((sig = ui_signals_next()) != 0) {
		switch (sig) {
		case SIGWINCH:
			resize(lp);
			break;
		case SIGINT:
			/* Ctrl-C is F10: asks first if input is unsaved. */
			shell_request(&lp->app, REQ_QUIT);
			break;
		case SIGTERM:
		case SIGHUP:
		default:
			lp->app.quit = true;
			lp->exit_code = 128 + sig;
			break;
		}
	}
}

static void db_lost(struct loop *lp)
{
	shell_set_db_state(&lp->app, UI_DB_DOWN);
	lp->next_reconnect = now_ms() + RECONNECT_MS;
}

/* The top line follows the beat. */
static void live_state(struct loop *lp)
{
	shell_set_live(&lp->app, live_beat_state(&lp->beat) != LIVE_OFF &&
				 db_listen_ok(lp->app.db));
}

static void read_db(struct loop *lp)
{
	struct db_notify batch[NOTIFY_BATCH];
	int n;

	do {
		n = db_poll_notify(lp->app.db, batch, NOTIFY_BATCH);
		if (n < 0) {
			db_lost(lp);
			return;
		}
		for (int i = 0; i < n; i++)
			if (!live_beat_seen(&lp->beat, &batch[i], live_now_ms()))
				shell_notify(&lp->app, &batch[i]);
		live_state(lp);
		/* a screen that re-read on a notification may have received
		 * more meanwhile: libpq holds them without the socket turning
		 * readable again, so drain until none is left */
	} while (n > 0);
}

static void try_reconnect(struct loop *lp)
{
	struct rd_error err;

	rd_error_clear(&err);
	/* the work connection may come back without the LISTEN connection:
	 * the work goes on, live updates stay off and are tried again */
	db_reconnect(lp->app.db, &err);
	if (db_is_ok(lp->app.db)) {
		shell_set_db_state(&lp->app, UI_DB_OK);
		live_beat_reset(&lp->beat);
	}
	if (!db_is_ok(lp->app.db) || !db_listen_ok(lp->app.db))
		lp->next_reconnect = now_ms() + RECONNECT_MS;
	live_state(lp);
}

/* What the database side needs now while the work connection is up: the
 * LISTEN connection reconnected, the beat sent or its echo given up.
 * Returns the poll timeout it allows. */
static int db_chores(struct loop *lp, int timeout)
{
	struct ui_app *app = &lp->app;
	struct rd_error err;
	long long now = now_ms(), wait;

	if (!db_listen_ok(app->db)) {
		live_state(lp);
		if (lp->next_reconnect <= now)
			try_reconnect(lp);
		if (!db_is_ok(app->db))
			return timeout;
		if (!db_listen_ok(app->db)) {
			wait = lp->next_reconnect - now;
			return wait < timeout ? (int)(wait > 0 ? wait : 0) : timeout;
		}
	}
	now = live_now_ms();
	if (now >= live_beat_next(&lp->beat)) {
		/* an echo may be waiting unread: a key's handler can have kept
		 * the loop away past the echo's deadline (a lock wait) */
		read_db(lp);
		if (app->db_state != UI_DB_OK)
			return timeout;
		now = live_now_ms();
	}
	if (now >= live_beat_next(&lp->beat)) {
		rd_error_clear(&err);
		live_beat_tick(&lp->beat, app->db, now, &err);
		if (!db_is_ok(app->db)) {
			db_lost(lp);
			return timeout;
		}
		/* notifications that came with the beat's query */
		read_db(lp);
		live_state(lp);
	}
	wait = live_beat_next(&lp->beat) - live_now_ms();
	if (wait < 0)
		wait = 0;
	return wait < timeout ? (int)wait : timeout;
}

static void run_loop(struct loop *lp, int sig_fd)
{
	struct ui_app *app = &lp->app;

	while (!app->quit) {
		struct pollfd fds[4];
		int nfds = 0, db_idx = -1, work_idx = -1, timeout = IDLE_MS, r;
		int db_fd = -1, work_fd = -1;

		if (app->db) {
			if (app->db_state == UI_DB_OK && !db_is_ok(app->db))
				db_lost(lp);
			if (app->db_state == UI_DB_DOWN) {
				long long wait = lp->next_reconnect - now_ms();

				if (wait <= 0) {
					try_reconnect(lp);
					continue;
				}
				timeout = wait < RECONNECT_MS ? (int)wait
							      : RECONNECT_MS;
			} else {
				timeout = db_chores(lp, timeout);
				if (app->db_state != UI_DB_OK)
					continue;
				db_fd = db_socket(app->db);
				work_fd = db_work_socket(app->db);
				if (work_fd == db_fd)
					work_fd = -1;
			}
		}
		/* a screen's timer (the lookup's search once typing pauses) */
		shell_timer(app, live_now_ms());
		{
			long long due = shell_due(app);

			if (due > 0) {
				long long wait = due - live_now_ms();

				wait = wait < 0 ? 0 : wait;
				if (wait < timeout)
					timeout = (int)wait;
			}
		}
		if (app->dirty)
			paint(lp);

		fds[nfds++] = (struct pollfd){ .fd = STDIN_FILENO,
					       .events = POLLIN };
		fds[nfds++] = (struct pollfd){ .fd = sig_fd, .events = POLLIN };
		if (db_fd >= 0) {
			db_idx = nfds;
			fds[nfds++] = (struct pollfd){ .fd = db_fd,
						       .events = POLLIN };
		}
		if (work_fd >= 0) {
			work_idx = nfds;
			fds[nfds++] = (struct pollfd){ .fd = work_fd,
						       .events = POLLIN };
		}
		r = poll(fds, (nfds_t)nfds, timeout);
		if (r < 0 && errno != EINTR)
			break;
		handle_signals(lp);
		if (app->quit)
			break;
		if (r == 0) {
			/* idle: the clock moves on (a beat's timeout too) */
			app->dirty = true;
			continue;
		}
		if (r < 0)
			continue;
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			/* The terminal is gone: nobody can answer anything. */
			app->quit = true;
			lp->exit_code = 128 + SIGHUP;
			break;
		}
		if (fds[0].revents & POLLIN) {
			read_keys(lp);
			/* notifications that came with a key's queries */
			if (app->db_state == UI_DB_OK && app->db && db_is_ok(app->db))
				read_db(lp);
		}
		{
			/* the work connection's socket: its own, or the one
			 * it shares with LISTEN */
			int w = work_idx >= 0 ? work_idx : db_idx;

			if (w >= 0 && (fds[w].revents & POLLNVAL))
				db_lost(lp); /* a closed socket: never poll it again */
			else if ((db_idx >= 0 && fds[db_idx].revents) ||
				 (work_idx >= 0 && fds[work_idx].revents))
				read_db(lp); /* a lost LISTEN connection shows there too */
		}
	}
}

int ui_run(const struct ui_options *opt)
{
	struct loop lp;
	struct ui_options o = *opt;
	SCREEN *scr;
	int sig_fd;

	/* the command line (lang_setup) has set the locale and the language
	 * already; a second setlocale(LC_ALL, "") would undo `--lang ja`
	 * under LANG=C */
	if (strcmp(setlocale(LC_ALL, NULL), "C") == 0)
		setlocale(LC_ALL, "");
	if (!utf8_locale()) {
		fprintf(stderr, _("repeatdesk: the terminal UI needs a UTF-8 locale (character set here: %s); set for example LANG=C.UTF-8\n"),
			nl_langinfo(CODESET));
		return 2;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("repeatdesk: the terminal UI needs a terminal; use the subcommands (repeatdesk --help) in scripts\n"),
		      stderr);
		return 2;
	}
	if (o.db && (!o.login || !*o.login))
		o.login = db_user(o.db);

	memset(&lp, 0, sizeof(lp));
	lp.have_saved = tcgetattr(STDIN_FILENO, &lp.saved) == 0;
	sig_fd = ui_signals_install();
	if (sig_fd < 0) {
		fprintf(stderr, _("repeatdesk: cannot set up signal handling: %s\n"),
			strerror(errno));
		return 2;
	}
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		ui_signals_uninstall();
		fprintf(stderr, _("repeatdesk: cannot use this terminal (TERM=%s)\n"),
			getenv("TERM") ? getenv("TERM") : "");
		return 2;
	}
	set_term(scr);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	if (!getenv("ESCDELAY")) /* the user's setting wins */
		set_escdelay(ESC_DELAY_MS);
	curs_set(0);
	draw_init();
	update_crash_restore(lp.have_saved ? &lp.saved : NULL);

	shell_init(&lp.app, &o, o.db);
	shell_view_init(&lp.view);
	if (o.db)
		live_beat_init(&lp.beat, o.db);
	if (o.db && !db_is_ok(o.db))
		db_lost(&lp);
	lp.app.lookup_ops = &lookup_screen_ops;
	shell_push(&lp.app, &home_screen_ops, NULL);
	if (o.caller && *o.caller) {
		/* screen pop: a call arrives for this number */
		struct lookup_arg caller = { .text = o.caller, .pop = true };

		shell_push(&lp.app, &lookup_screen_ops, &caller);
	}

	busy_loop = &lp;
	run_loop(&lp, sig_fd);
	busy_loop = NULL;

	shell_done(&lp.app);
	shell_view_done(&lp.view);
	endwin();
	ui_signals_clear_restore();
	delscreen(scr);
	if (lp.have_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &lp.saved);
	ui_signals_uninstall();
	return lp.exit_code;
}
