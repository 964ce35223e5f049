/* screen.h: what a screen is, and what the UI offers to screens.
 *
 * A screen is a table of operations (struct screen_ops) defined with
 * designated initializers at the end of its file, e.g. home_screen.c:
 *
 *	const struct screen_ops home_screen_ops = {
 *		.name = "home",
 *		.title = N_("Home"),
 *		.state_size = sizeof(struct home_state),
 *		.requests = home_requests,
 *		.open = home_open,
 *		.draw = home_draw,
 *	};
 *
 * The framework allocates the private state (zeroed, state_size bytes),
 * calls the operations, and frees the state after close. Operations that
 * react to something return what changed (UI_REDRAW, UI_RELOAD, UI_CLOSE,
 * UI_QUIT, or UI_UNHANDLED to let the global keys act); only the main loop
 * repaints. A screen never draws: draw builds its text into line buffers
 * (layout.h) and src/ui/draw.c copies them to the terminal, so screens do
 * not include curses. */
#ifndef REPEATDESK_UI_SCREEN_H
#define REPEATDESK_UI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/db.h"
#include "repeatdesk/keys.h"
#include "repeatdesk/layout.h"
#include "repeatdesk/ui.h"

/* What a handler changed. */
enum ui_flags {
	UI_NONE = 0,
	UI_REDRAW = 1u << 0,     /* repaint */
	UI_RELOAD = 1u << 1,     /* call the screen's reload, then repaint */
	UI_CLOSE = 1u << 2,      /* take this screen off the stack */
	UI_QUIT = 1u << 3,       /* end the program now (nothing is asked) */
	UI_UNHANDLED = 1u << 4,  /* not for this screen: global keys act */
};

struct ui_app;

/* One screen on the stack. */
struct screen {
	const struct screen_ops *ops;
	void *state;  /* ops->state_size bytes, owned by the framework */
	bool stale;   /* must reload before it is shown again */
};

struct screen_ops {
	const char *name;   /* "home": for logs and tests */
	const char *title;  /* N_() text for the top line */
	size_t state_size;

	/* Requests this screen handles, ending with REQ_NONE (NULL: none).
	 * Only these reach request(), and only these (with the global keys)
	 * appear in the legend and the F1 help. */
	const enum ui_request *requests;
	/* Optional: the set when it changes with the screen's state (fills
	 * set instead of requests). */
	void (*handles)(const struct screen *s, struct keys_set *set);

	/* The screen's own keys (keys.h struct keys_local): its character
	 * keys and its requests said in its own words, as data that the
	 * dispatch, the legend and the F1 help all read. NULL: none. Usually
	 * one of the tables of screen_keys.h. */
	const struct keys_local *keys;
	/* Optional: the mode the screen is in now (an index < 32 that
	 * keys[].modes names); without it the mode is 0. */
	unsigned (*keys_mode)(const struct screen *s);

	/* Called once after the state is allocated; arg is what ui_push got.
	 * Returning UI_CLOSE refuses to open (state is closed and freed). */
	unsigned (*open)(struct screen *s, struct ui_app *app,
			 const void *arg);
	/* A request from the screen's set. */
	unsigned (*request)(struct screen *s, struct ui_app *app,
			    enum ui_request req);
	/* A character key of keys that is live now: action is the entry's
	 * action code, cp the character (for ranges such as 1-9). */
	unsigned (*action)(struct screen *s, struct ui_app *app, int action,
			   uint32_t cp);
	/* A typed character (a code point >= 0x20) that is neither a request
	 * nor a live character key of keys: text for a field, or a key the
	 * screen does not take (say so, never act on it). */
	unsigned (*input)(struct screen *s, struct ui_app *app, uint32_t cp);
	/* Builds the body: at most rows lines (cut and padded to cols by the
	 * framework). May remember the size (for paging); must not change
	 * what is shown. */
	void (*draw)(struct screen *s, struct ui_app *app,
		     struct layout_text *body, int cols, int rows);
	/* Re-reads what it shows (after a reconnect, or on UI_RELOAD). */
	unsigned (*reload)(struct screen *s, struct ui_app *app);
	/* A database notification (LISTEN/NOTIFY) arrived. */
	unsigned (*notify)(struct screen *s, struct ui_app *app,
			   const struct db_notify *n);
	/* Optional timer (the lookup's debounce): when the top screen wants
	 * timer() called, in live_now_ms() milliseconds; 0: not at all. */
	long long (*due)(const struct screen *s);
	unsigned (*timer)(struct screen *s, struct ui_app *app);
	/* True when leaving would lose what the operator typed: Esc and F10
	 * then ask first. */
	bool (*has_unsaved)(const struct screen *s);
	/* Called before the state is freed. */
	void (*close)(struct screen *s, struct ui_app *app);
};

/* Called when the operator answers yes to ui_confirm(); returns flags. */
typedef unsigned (*ui_confirm_fn)(struct ui_app *app, void *arg);

/* The connection (never NULL in the real program; may be down). */
struct rd_db *ui_db(struct ui_app *app);
/* The connection reports read through: the report connection when one
 * is configured (a replica), else ui_db. */
struct rd_db *ui_report_db(struct ui_app *app);
/* True while the database connection is up. */
bool ui_db_ok(const struct ui_app *app);
/* The options ui_run() got. */
const struct ui_options *ui_opts(const struct ui_app *app);

/* Shows a message on the message line until the next key. */
void ui_message(struct ui_app *app, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same, marked as an error. */
void ui_error(struct ui_app *app, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A save that did not go through for want of the database (RD_UNAVAILABLE
 * or RD_RETRY; the input stays, the request id too): when the database
 * answered (a record locked by someone else, a statement over the time
 * limit: db/migrations/0135_timeouts.sql) the message line gives its
 * reason, err's message, and says to press F5 again; when the connection
 * is down it shows lost, the screen's own words for that. */
void ui_error_unsaved(struct ui_app *app, const struct rd_error *err, const char *lost);

/* For a handler that runs long (a report): shows text on the message
 * line and repaints the terminal now, without waiting for the handler to
 * return. Does nothing more than ui_message outside the terminal. */
void ui_busy(struct ui_app *app, const char *text);
/* Reads the keyboard without waiting while such a handler runs: true when
 * Esc was pressed (the other keys are dropped). */
bool ui_cancel_requested(struct ui_app *app);

/* Opens ops on top of the stack once the current handler returns. arg is
 * passed to open() and must stay valid until then. */
void ui_push(struct ui_app *app, const struct screen_ops *ops,
	     const void *arg);

/* Asks question (y/n) in a dialog over the screen; on yes calls
 * on_yes(app, arg) and applies its flags to the top screen. On no nothing
 * happens. arg must stay valid while the question is open. */
void ui_confirm(struct ui_app *app, const char *question,
		ui_confirm_fn on_yes, void *arg);

/* Sets the customer in context shown on the top line (NULL clears). */
void ui_set_customer(struct ui_app *app, const char *text);

/* The translated name of a role ("operator" → its translation). */
const char *ui_role_name(const char *role);

#endif
