/* form.h: the form widget: fields from a form spec, edited with the keys.
 *
 * A form is built from a parsed forms/NAME.form (formspec.h) and holds one
 * value per field as the operator typed it (UTF-8), the value it started
 * from (to tell typed input from what was loaded), a cursor and the
 * field's error. Screens feed it requests and typed characters and read
 * back what happened (enum form_result); form_layout builds its lines.
 *
 * Keys (requests): Tab/Down next field, Shift-Tab/Up previous, Enter next
 * field (on the last one: FORM_SUBMIT), Left/Right/Home/End move the
 * cursor, Backspace/Delete erase, Ctrl-U empties the field. A choice field
 * changes with Space, Left/Right or the first letter of a choice; a bool
 * with Space (or y/n). The cursor is a byte offset that never stands
 * inside a character nor between a character and its combining marks.
 *
 * Pure: no curses, no I/O; unit-tested in tests/unit/check_ui_form.c. */
#ifndef REPEATDESK_UI_FORM_H
#define REPEATDESK_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/formspec.h"
#include "repeatdesk/keys.h"
#include "repeatdesk/layout.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

/* The value of a bool field that is on; off is "". */
#define FORM_YES "yes"

struct form_field {
	const struct formspec_field *spec;
	struct sbuf value;
	char *initial;   /* what the value started from */
	char *error;     /* why the value is refused, or NULL */
	size_t cursor;   /* byte offset into value */
	size_t scroll;   /* byte offset of the first character shown */
};

struct form {
	const struct formspec *spec;  /* not owned; must outlive the form */
	struct form_field *fields;
	size_t n;
	size_t focus;
	size_t top;                   /* first field shown */
};

/* What a request or a character did. */
enum form_result {
	FORM_IGNORED,  /* not for the form: the screen may act on it */
	FORM_MOVED,    /* focus or cursor moved: redraw */
	FORM_EDITED,   /* a value changed: redraw */
	FORM_REFUSED,  /* nothing changed (a full field, a bad character) */
	FORM_SUBMIT,   /* Enter on the last field */
};

/* Parses the form compiled in from forms/NAME.form into *spec
 * (formspec_done frees it). RD_NOT_FOUND when there is no such form,
 * RD_INVALID (with the line) when it does not parse: a build defect that
 * check_ui_form catches before a release. */
enum rd_status form_spec_builtin(const char *name, struct formspec *spec,
				 struct rd_error *err);

/* Builds the fields of spec, all empty. */
void form_init(struct form *f, const struct formspec *spec);
void form_done(struct form *f);

/* Index of the field called name, or -1. */
int form_index(const struct form *f, const char *name);
/* The value of field i ("" when i is out of range). */
const char *form_get(const struct form *f, int i);
/* The value of the field called name ("" when there is none). */
const char *form_get_named(const struct form *f, const char *name);

/* Sets field i to value (cursor at its end, error cleared); the value it
 * started from is kept, so this counts as typed input. */
void form_set(struct form *f, int i, const char *value);
/* Sets field i and the value it started from (loaded, not typed). */
void form_load(struct form *f, int i, const char *value);
/* Makes every current value the one it started from (after a save). */
void form_commit(struct form *f);

/* True when field i differs from what it started from. */
bool form_field_changed(const struct form *f, int i);
/* True when any field does: the operator typed something. */
bool form_changed(const struct form *f);

/* Gives field i the keyboard. */
void form_focus(struct form *f, int i);

/* Marks field i invalid with msg (NULL: valid again). */
void form_set_error(struct form *f, int i, const char *msg);
/* The error of field i, or NULL. */
const char *form_error(const struct form *f, int i);
/* The error of the field with the keyboard, or NULL. */
const char *form_focus_error(const struct form *f);

/* One request (keys.h) for the field with the keyboard, or for moving
 * between fields. */
enum form_result form_request(struct form *f, enum ui_request req);
/* One typed character (a code point >= 0x20). */
enum form_result form_input(struct form *f, uint32_t cp);

struct ui_app;
/* form_input for a screen: a character typed into the field with the
 * keyboard. An edit clears the field's mark; a refusal says why on the
 * message line ("Name: at most 40 characters.", or how a choice is
 * changed). Returns form_input's answer. */
enum form_result form_type(struct form *f, struct ui_app *app, uint32_t cp);

/* Checks every field (form_check), marks the invalid ones and clears the
 * others. Returns the index of the first invalid field (which gets the
 * keyboard), or -1 when every field is valid. */
int form_validate(struct form *f);

/* Checks value against field: required, max_chars, and the kind's format
 * (normalize.h, date.h, money.h). RD_OK, or RD_INVALID with a message in
 * err that does not repeat the label ("not a phone number: ..."). */
enum rd_status form_check(const struct formspec_field *field,
			  const char *value, struct rd_error *err);

/* A date as operators type it: 1961-10-09, 1961/10/9, 1961.10.9,
 * 19611009, 1961年10月9日, with full-width digits too, years
 * DATE_PARSE_YEAR_MIN..MAX. RD_OK with *out set, or RD_INVALID. "" is
 * RD_INVALID as well: check for empty first. */
enum rd_status form_parse_date(const char *s, int32_t *out,
			       struct rd_error *err);

/* A whole number >= 0 of at most 9 digits (ASCII or full-width).
 * RD_INVALID otherwise. */
enum rd_status form_parse_number(const char *s, long long *out,
				 struct rd_error *err);

/* The translated label of the choice value of field, or value itself
 * when it is none of them; "" for "". */
const char *form_choice_label(const struct formspec_field *field,
			      const char *value);

/* Columns the labels take in form_layout (the widest label, capped). */
int form_label_cols(const struct form *f);

/* Adds at most rows lines to out for a body of cols columns: one line per
 * field from f->top (moved so that the field with the keyboard shows),
 * and, when rows allows, the help of that field on the last line. A line
 * is: '>' for the focused field, '!' for an invalid one, the label
 * ('*' when required), the value box of the field's width, then the error
 * when there is one. The cursor is the cell drawn in LAYOUT_BAR. Updates
 * f->top and each field's scroll (what is shown, not the values). */
void form_layout(struct form *f, struct layout_text *out, int cols,
		 int rows);

/* Appends to l the value box of field i, exactly its width columns:
 * the text from its scroll position, the cursor when focused, '_' for the
 * empty rest. Used by form_layout and by screens with a single line. */
void form_box(struct form *f, int i, bool focused, struct layout_line *l);

#endif
