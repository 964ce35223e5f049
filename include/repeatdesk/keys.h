/* keys.h: the one table of requests, and the keys that make them.
 *
 * A key press becomes a request here and nowhere else: screens, dialogs
 * and tests speak in requests. The X-macro UI_REQUEST_TABLE generates the
 * enum, the keymaps, the legend line and the F1 help, so what the legend
 * and the help say can never differ from what the keys do.
 *
 * Key codes are curses-free: a Unicode code point for a character,
 * KEYS_CTRL('x') for a control key, KEYS_ESC, and KEYS_F(n) / KEYS_UP / …
 * for special keys (src/ui/app.c translates from curses). Pure. */
#ifndef REPEATDESK_KEYS_H
#define REPEATDESK_KEYS_H

#include <stdbool.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/layout.h"
#include "repeatdesk/sbuf.h"

#define KEYS_ESC 27
#define KEYS_ENTER '\r'
#define KEYS_TAB '\t'
#define KEYS_CTRL(c) ((c) & 0x1f)
/* Special keys live above the Unicode range. */
#define KEYS_SPECIAL 0x200000
#define KEYS_F(n) (KEYS_SPECIAL + (n)) /* n = 1..63 */
enum keys_special {
	KEYS_UP = KEYS_SPECIAL + 0x100,
	KEYS_DOWN,
	KEYS_LEFT,
	KEYS_RIGHT,
	KEYS_PGUP,
	KEYS_PGDN,
	KEYS_HOME,
	KEYS_END,
	KEYS_BACKSPACE,
	KEYS_DELETE,
	KEYS_INSERT,
	KEYS_BTAB,    /* Shift-Tab */
	KEYS_RESIZE,  /* the terminal changed size (not a request) */
};

/* Keymaps: which keys mean what depends on what has the keyboard.
 * GENERIC is always active; DIALOG is consulted first while a yes/no
 * question is asked (so 'y' stays a letter in forms). */
enum keys_map {
	KEYS_MAP_GENERIC,
	KEYS_MAP_DIALOG,
	KEYS_MAP_COUNT
};

/* X(NAME, keymap, key1, key2, key3, legend label or NULL, help text)
 *
 * Order matters: the legend and the help list requests in table order, so
 * function keys come in F1..F12 order. A request with no legend label is
 * still listed by the F1 help. Unused key slots are 0. Ctrl-C normally
 * arrives as SIGINT, which the UI turns into REQ_QUIT as well. */
#define UI_REQUEST_TABLE(X) \
	X(HELP,      GENERIC, KEYS_F(1),  0, 0, \
	  N_("Help"),   N_("Show every key of this screen")) \
	X(LOOKUP,    GENERIC, KEYS_F(2),  0, 0, \
	  N_("Lookup"), N_("Customer lookup, from any screen")) \
	X(FILTERS,   GENERIC, KEYS_F(3),  0, 0, \
	  N_("Filters"), N_("Filter what the list shows")) \
	X(EDIT,      GENERIC, KEYS_F(4),  0, 0, \
	  N_("Edit"),   N_("Edit what is shown")) \
	X(SAVE,      GENERIC, KEYS_F(5),  0, 0, \
	  N_("Save"),   N_("Save (checks every field first)")) \
	X(NEW,       GENERIC, KEYS_F(6),  0, 0, \
	  N_("Register"), N_("Register a new customer with what was typed filled in")) \
	X(SAVED,     GENERIC, KEYS_F(7),  0, 0, \
	  N_("Saved"),  N_("List your saved filters")) \
	X(DELETE,    GENERIC, KEYS_F(8),  0, 0, \
	  N_("Delete"), N_("Delete the selected line (asks first)")) \
	X(CLEAR,     GENERIC, KEYS_F(9),  0, 0, \
	  N_("Clear"),  N_("Empty every field")) \
	X(BACK,      GENERIC, KEYS_ESC,   0, 0, \
	  N_("Back"),   N_("Go back one screen")) \
	X(QUIT,      GENERIC, KEYS_F(10), KEYS_CTRL('C'), 0, \
	  N_("Quit"),   N_("Quit repeatdesk (asks first if input is unsaved)")) \
	X(ORDER,     GENERIC, KEYS_F(11), 0, 0, \
	  N_("Order"),  N_("Take a new order for the customer in context")) \
	X(WRAPUP,    GENERIC, KEYS_F(12), 0, 0, \
	  N_("Wrap-up"), N_("Log this call: category, note, resolved or not")) \
	X(ORDERS,    GENERIC, KEYS_CTRL('O'), 0, 0, \
	  N_("Orders"), N_("The customer's orders")) \
	X(SUBSCRIPTIONS, GENERIC, KEYS_CTRL('T'), 0, 0, \
	  N_("Subscr."), N_("The customer's subscriptions (teiki)")) \
	X(INQUIRIES, GENERIC, KEYS_CTRL('N'), 0, 0, \
	  N_("Inquiries"), N_("Inquiries: the customer's, or the desk's queues")) \
	X(HISTORY,   GENERIC, KEYS_CTRL('R'), 0, 0, \
	  N_("History"), N_("The change history of what is shown")) \
	X(UNDO_CALL, GENERIC, KEYS_CTRL('Y'), 0, 0, \
	  NULL,         N_("Undo the call (or request) of the selected change: every change of it, in one step (supervisors)")) \
	X(DASHBOARD, GENERIC, KEYS_CTRL('B'), 0, 0, \
	  N_("Board"),  N_("Supervisor dashboard: the desk at a glance")) \
	X(PAYMENT,   GENERIC, KEYS_CTRL('P'), 0, 0, \
	  N_("Payment"), N_("Order entry: pick the payment method by its number (the customer's last one is 1)")) \
	X(DATE,      GENERIC, KEYS_CTRL('E'), 0, 0, \
	  N_("Date"),   N_("Order entry: pick the delivery date by its number (1: the earliest possible)")) \
	X(SLOT,      GENERIC, KEYS_CTRL('W'), 0, 0, \
	  N_("Time"),   N_("Order entry: pick the delivery time slot by its number")) \
	X(MEDIA,     GENERIC, KEYS_CTRL('K'), 0, 0, \
	  N_("Media"),  N_("Order entry: pick the media code from the list (type to narrow)")) \
	X(REDRAW,    GENERIC, KEYS_CTRL('L'), 0, 0, \
	  NULL,         N_("Redraw the whole screen")) \
	X(UP,        GENERIC, KEYS_UP,    0, 0, \
	  NULL,         N_("Move up one line; in a form, the previous field")) \
	X(DOWN,      GENERIC, KEYS_DOWN,  0, 0, \
	  NULL,         N_("Move down one line; in a form, the next field")) \
	X(PAGE_UP,   GENERIC, KEYS_PGUP,  0, 0, \
	  NULL,         N_("Move up one page")) \
	X(PAGE_DOWN, GENERIC, KEYS_PGDN,  0, 0, \
	  NULL,         N_("Move down one page")) \
	X(FIRST,     GENERIC, KEYS_HOME,  0, 0, \
	  NULL,         N_("Go to the first line; in a field, to its start")) \
	X(LAST,      GENERIC, KEYS_END,   0, 0, \
	  NULL,         N_("Go to the last line; in a field, to its end")) \
	X(ENTER,     GENERIC, KEYS_ENTER, 0, 0, \
	  NULL,         N_("Open the selected line; in a form, the next field (on the last one: save)")) \
	X(NEXT_FIELD, GENERIC, KEYS_TAB,  0, 0, \
	  NULL,         N_("Next field")) \
	X(PREV_FIELD, GENERIC, KEYS_BTAB, 0, 0, \
	  NULL,         N_("Previous field")) \
	X(LEFT,      GENERIC, KEYS_LEFT,  0, 0, \
	  NULL,         N_("Cursor left; in a choice, the previous choice")) \
	X(RIGHT,     GENERIC, KEYS_RIGHT, 0, 0, \
	  NULL,         N_("Cursor right; in a choice, the next choice")) \
	X(BACKSPACE, GENERIC, KEYS_BACKSPACE, 0, 0, \
	  NULL,         N_("Erase the character before the cursor")) \
	X(DELETE_CHAR, GENERIC, KEYS_DELETE, KEYS_CTRL('D'), 0, \
	  NULL,         N_("Erase the character under the cursor")) \
	X(CLEAR_FIELD, GENERIC, KEYS_CTRL('U'), 0, 0, \
	  NULL,         N_("Empty the field")) \
	X(YES,       DIALOG,  'y', 'Y', 0, \
	  N_("Yes"),    N_("Answer yes")) \
	X(NO,        DIALOG,  'n', 'N', KEYS_ESC, \
	  N_("No"),     N_("Answer no"))

enum ui_request {
	REQ_NONE,
#define KEYS_REQ_ENUM(name, map, k1, k2, k3, label, help) REQ_##name,
	UI_REQUEST_TABLE(KEYS_REQ_ENUM)
#undef KEYS_REQ_ENUM
	REQ_COUNT
};

#define KEYS_PER_REQUEST 3

/* A key of one screen, declared as data in the screen's own table
 * (src/ui/screen_keys.c): the shell dispatches the screen's character keys
 * from this table and nothing else, and the legend and the F1 help read
 * the same table, so a letter key cannot work without being listed.
 *
 * Either a character key (req == REQ_NONE): key, or the characters key to
 * last ('1'..'9'), or alt ('C' beside 'c'), make the screen's action; or
 * a request of UI_REQUEST_TABLE said in this screen's words (req set,
 * key 0): its label and help replace the table's while it is live.
 *
 * modes: the screen's modes (bit 1u << mode, see screen_ops.keys_mode) in
 * which the entry is live; 0 = every mode. A table ends with an entry
 * whose req is REQ_NONE and key 0. */
#define KEYS_TYPED (-1)  /* action: the character is typed text (goes to
			    the screen's input); listed in the help only */
#define KEYS_LOCAL_MAX 64

struct keys_local {
	unsigned modes;
	enum ui_request req;
	int key, last, alt;
	int action;           /* the screen's action code, or KEYS_TYPED */
	const char *label;    /* N_() legend label, or NULL (help only) */
	const char *help;     /* N_() help text */
};

/* A set of requests: what one layer (a screen, a dialog, the global keys)
 * handles right now, and the screen's own keys that are live. */
struct keys_set {
	bool on[REQ_COUNT];
	const struct keys_local *local;  /* the screen's table, or NULL */
	unsigned long long local_on;     /* bit i: local[i] is live */
};

void keys_set_clear(struct keys_set *s);
/* Makes the entries of table live in mode (and, for requests said in the
 * screen's words, whose request is in s) live in s. Call after the
 * requests are added. */
void keys_set_add_local(struct keys_set *s, const struct keys_local *table,
			unsigned mode);
/* The live character entry of s that key makes, or NULL. */
const struct keys_local *keys_local_find(const struct keys_set *s, int key);
/* The live entry of s saying req in the screen's words, or NULL. */
const struct keys_local *keys_local_request(const struct keys_set *s,
					    enum ui_request req);
/* Appends the name of a character entry's keys: "c", "1-9", "Space". */
void keys_local_name(struct sbuf *out, const struct keys_local *e);
/* Appends the hint of table's character keys live in mode, from their
 * labels: "t Take  h Hand off  e Escalate" (for a screen's body). */
void keys_local_hint(struct sbuf *out, const struct keys_local *table,
		     unsigned mode);
/* Number of entries of table (without the end). */
size_t keys_local_count(const struct keys_local *table);
/* Adds every request of list, which ends with REQ_NONE (list may be NULL). */
void keys_set_add_list(struct keys_set *s, const enum ui_request *list);
/* s |= other */
void keys_set_union(struct keys_set *s, const struct keys_set *other);

/* The request key makes in map, or REQ_NONE. */
enum ui_request keys_lookup(enum keys_map map, int key);

/* Like keys_lookup in each map of maps[0..n-1] in turn: the first hit. */
enum ui_request keys_lookup_layered(const enum keys_map *maps, size_t n,
				    int key);

/* "HELP" for REQ_HELP (tests and logs); "NONE" when out of range. */
const char *keys_request_name(enum ui_request req);
/* Untranslated legend label, or NULL when the request is never on the
 * legend. */
const char *keys_label(enum ui_request req);
/* Untranslated help text. */
const char *keys_help_text(enum ui_request req);
/* Keymap of the request. */
enum keys_map keys_request_map(enum ui_request req);
/* The i-th key (0-based) of req, or 0. */
int keys_key(enum ui_request req, int i);

/* Appends the name of key: "F1", "Esc", "Enter", "Ctrl-L", "Up", "y". */
void keys_name(struct sbuf *out, int key);
/* Appends every key of req, separated by ", ": "F10, Ctrl-C". */
void keys_names(struct sbuf *out, enum ui_request req);
/* True for F1..F63. */
bool keys_is_function(int key);

/* Builds the legend line, exactly cols columns: "F1 Help  F10 Quit" for
 * every request in handled that has a label (the screen's words for it
 * when it has them), in table order, naming its first key; then the
 * screen's live character keys that have a label ("c Cancel order").
 * Entries that do not fit are left out whole. */
void keys_legend(struct layout_line *out, const struct keys_set *handled,
		 int cols);

/* Builds the help: a heading per group and one line per key, key names
 * in a column (aligned by display width) then the help text. Lists every
 * request in screen and its live character keys (under "This screen":
 * labelled requests, then the character keys, then the rest), every
 * request in global not already listed (under "Every screen"), and the
 * answers of a yes/no question. Lines are not fitted. */
void keys_help(struct layout_text *out, const struct keys_set *screen,
	       const char *screen_title, const struct keys_set *global);
/* The same help with every text that does not fit cols columns wrapped
 * under its own start (never cut); cols <= 0: not wrapped. */
void keys_help_fit(struct layout_text *out, const struct keys_set *screen,
		   const char *screen_title, const struct keys_set *global,
		   int cols);

/* The legend label of req in s (the screen's words when it has them),
 * untranslated, or NULL; the same for its help text. */
const char *keys_set_label(const struct keys_set *s, enum ui_request req);
const char *keys_set_help(const struct keys_set *s, enum ui_request req);

#endif
