/* shell.h: the UI's state machine: the screen stack, the dialogs, the
 * global keys, the message line and what the terminal should show.
 *
 * Pure (no curses, no I/O): app.c feeds it keys, signals, database state
 * and notifications, asks it to compose the view, and draws that view.
 * The unit tests drive it the same way. */
#ifndef REPEATDESK_UI_SHELL_H
#define REPEATDESK_UI_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include "dialog.h"
#include "screen.h"

enum ui_db_state {
	UI_DB_NONE,  /* no connection handle at all (development only) */
	UI_DB_OK,
	UI_DB_DOWN,  /* lost: reconnecting */
};

struct ui_app {
	const struct ui_options *opt;
	struct rd_db *db;
	enum ui_db_state db_state;
	/* The beat did not come back: the database works but notifications
	 * do not arrive (top line "live updates off" instead of "DB ok"). */
	bool live_off;

	struct screen *stack;
	size_t depth;
	size_t cap;

	/* A push asked for by a handler, done when it returns. */
	const struct screen_ops *push_ops;
	const void *push_arg;

	struct dialog *dialog;          /* help or question, or NULL */
	ui_confirm_fn confirm_fn;       /* on yes */
	void *confirm_arg;
	size_t confirm_depth;           /* stack depth when asked */

	struct sbuf message;
	enum layout_attr message_attr;
	char *customer;                 /* top line context, or NULL */

	/* The screen F2 opens from anywhere; NULL while it is not built, and
	 * then F2 is neither handled nor shown. */
	const struct screen_ops *lookup_ops;

	bool too_small;    /* set by shell_compose */
	bool quit;         /* the loop ends */
	bool dirty;        /* repaint needed */
	bool full_redraw;  /* repaint every cell (Ctrl-L) */
};

/* What the terminal shows: every line of the frame, and a dialog over it. */
struct shell_view {
	struct layout_frame frame;
	struct layout_text lines;  /* frame.rows lines of frame.cols columns */
	bool overlay;
	struct layout_rect rect;   /* the dialog including its frame */
	struct layout_line title;  /* on the dialog's top border, not padded */
	struct layout_line footer; /* on its bottom border, may be empty */
	struct layout_text overlay_lines; /* rect.rows - 2 of rect.cols - 4 */
};

void shell_init(struct ui_app *app, const struct ui_options *opt,
		struct rd_db *db);
/* Closes every screen (top first) and frees everything. */
void shell_done(struct ui_app *app);

/* Opens ops on top of the stack now. Returns false when it refused. */
bool shell_push(struct ui_app *app, const struct screen_ops *ops,
		const void *arg);

/* A key was pressed (keys.h codes). */
void shell_key(struct ui_app *app, int key);
/* A request was made (by a key or by a signal: SIGINT is REQ_QUIT).
 * Returns false when nothing handles it. */
bool shell_request(struct ui_app *app, enum ui_request req);
/* The database connection went up or down. */
void shell_set_db_state(struct ui_app *app, enum ui_db_state st);
/* Live updates stopped or started arriving (the beat, live.h). When they
 * come back every screen re-reads what it shows, as after a reconnect:
 * what was announced meanwhile was lost. */
void shell_set_live(struct ui_app *app, bool ok);
/* A notification arrived: every screen that listens gets it; the top
 * screen's answer is applied, the others reload when shown again. */
void shell_notify(struct ui_app *app, const struct db_notify *n);

/* The requests usable now: the legend, and what the help lists. */
void shell_handled(const struct ui_app *app, struct keys_set *set);
/* The global layer alone (F1, F10, Ctrl-L, Esc when there is a screen to
 * go back to, F2 when the lookup screen exists). */
void shell_global(const struct ui_app *app, struct keys_set *set);
/* The top screen alone. */
void shell_screen_handles(const struct ui_app *app, struct keys_set *set);

/* The top screen, or NULL. */
struct screen *shell_top(struct ui_app *app);
/* When the top screen's timer is due (live_now_ms() ms; 0: none), and
 * calling it when that time has come (screen.h due/timer). */
long long shell_due(struct ui_app *app);
void shell_timer(struct ui_app *app, long long now);

void shell_view_init(struct shell_view *v);
void shell_view_done(struct shell_view *v);
/* Builds the view of a cols x rows terminal. */
void shell_compose(struct ui_app *app, int cols, int rows,
		   struct shell_view *v);

#endif
