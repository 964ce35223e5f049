/* pick_list.h: a list to pick one item from, narrowed as the operator
 * types (the handoff's agents and teams; any screen's short list).
 *
 * The screen fills it with items (a label shown, a detail shown after it
 * dimmed, the words it is found by, and a value and kind of its own), then
 * feeds it requests and typed characters: every character narrows the
 * list to the items whose words hold what was typed as a substring,
 * compared as the desk types them: kanji as they are, hiragana and
 * katakana alike (すず finds スズキ), full-width and half-width alike,
 * Latin letters in any case, and kana read as romaji too (すず or スズ
 * finds the login suzuki; long vowels as written in logins: さとう finds
 * sato). Up/Down/PgUp/PgDn move, Backspace and Ctrl-U undo the typing,
 * Enter picks the selected item.
 *
 * Pure: no curses, no I/O; unit-tested in tests/unit/check_ui_pick_list.c. */
#ifndef REPEATDESK_UI_PICK_LIST_H
#define REPEATDESK_UI_PICK_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/keys.h"
#include "repeatdesk/layout.h"
#include "repeatdesk/sbuf.h"

struct pick_item {
	char *label;      /* "鈴木 一郎" */
	char *detail;     /* "suzuki · 定期サポート", may be "" */
	char *words;      /* what it is found by, folded (pick_fold) */
	char *value;      /* what the screen does it with: a login, a name */
	int kind;         /* the screen's own tag (agent, team...) */
};

struct pick_list {
	struct pick_item *items;
	size_t n, cap;
	struct sbuf typed;   /* what the operator typed, as typed */
	size_t *shown;       /* indexes of the items that match, in order */
	size_t nshown;
	size_t sel;          /* index into shown */
	size_t top;          /* first of shown on the screen */
	int page;            /* rows at the last layout */
};

/* What a request or a character did. */
enum pick_result {
	PICK_IGNORED,   /* not for the list: the screen may act on it */
	PICK_MOVED,     /* the selection moved: redraw */
	PICK_NARROWED,  /* what is typed changed, and so the list: redraw */
	PICK_REFUSED,   /* nothing changed (the list's end, nothing matches) */
	PICK_CHOSEN,    /* Enter on an item: pick_list_selected */
};

void pick_list_init(struct pick_list *p);
void pick_list_done(struct pick_list *p);
/* Empties the list and what is typed. */
void pick_list_clear(struct pick_list *p);

/* Adds an item; every string is copied. words: what it is found by
 * besides its label and detail (a reading, a login in romaji), may be
 * NULL. The list shows it when what is typed matches it. */
void pick_list_add(struct pick_list *p, const char *label, const char *detail,
		   const char *words, const char *value, int kind);

/* Up/Down/PgUp/PgDn/Home/End move, Backspace and Ctrl-U (CLEAR_FIELD)
 * undo the typing, Enter picks. */
enum pick_result pick_list_request(struct pick_list *p, enum ui_request req);
/* A typed character (a code point >= 0x20) narrows the list. */
enum pick_result pick_list_input(struct pick_list *p, uint32_t cp);

/* The selected item, or NULL when nothing matches. */
const struct pick_item *pick_list_selected(const struct pick_list *p);

/* Adds at most rows lines to out: "Find: " and what is typed, then
 * the items shown, the selected one marked '>' in LAYOUT_BAR, each
 * "label  detail" fitted to cols. "No match" when nothing matches. */
void pick_list_layout(struct pick_list *p, struct layout_text *out, int cols,
		      int rows);

/* --- matching (exported for the tests) --- */

/* Appends s folded for matching: hiragana as katakana, half-width kana
 * and full-width ASCII as the usual forms, ASCII letters in lower case,
 * spaces dropped. Invalid UTF-8 is appended as it is. */
void pick_fold(struct sbuf *out, const char *s);
/* Appends the romaji of the kana in folded text s (スズキ → suzuki,
 * サトウ → sato: ou, oo and uu written as one vowel, as logins are);
 * returns false (out as it was) when s holds anything but kana. */
bool pick_romaji(struct sbuf *out, const char *s);
/* True when what was typed (as typed) finds an item with these folded
 * words: an empty typed finds every item. */
bool pick_matches(const char *words, const char *typed);

#endif
