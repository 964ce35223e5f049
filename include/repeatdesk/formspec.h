/* formspec.h: declarative form layouts (forms/NAME.form), parsed.
 *
 * A form file declares the fields a screen shows, one field a line, so
 * that adding a field to a form is a data change plus a column, not new
 * drawing code (DESIGN.md). The ui builds its form widget (src/ui/form.c)
 * from a parsed spec; the text of the labels and help is translated where
 * it is shown.
 *
 * Syntax (UTF-8, LF or CRLF; a byte order mark at the start is skipped):
 *
 *	# a comment; blank lines are ignored
 *	name | label | width | kind | flags | help
 *
 *	phone1 | Phone | 16 | phone | required | The number the customer gives
 *
 * - name: the field's key, 1..31 of a-z 0-9 _ starting with a letter;
 *   unique within the file. Screens map it to a column ("phone1").
 * - label: what the operator reads; not empty.
 * - width: columns the value takes on screen, 1..FORMSPEC_WIDTH_MAX.
 * - kind: how the value is edited and checked (enum formspec_kind):
 *   text, kana, phone, postal, email, date, number, yen, choice, bool.
 * - flags: words separated by spaces, any order, each at most once:
 *     required       the value may not be empty
 *     max=N          at most N characters (1..FORMSPEC_MAX_CHARS;
 *                    default FORMSPEC_DEFAULT_MAX)
 *     choices=A,B:b  the values of a choice field (required for choice,
 *                    refused for the others): value[:label], the value
 *                    1..15 of a-z 0-9 _ -, the label a word shown for it
 * - help: one line shown while the field has the keyboard; may be empty.
 *
 * The last two columns (and their '|') may be left out. "\|" puts a
 * '|' into a label or help, "\\" a backslash; spaces around each column
 * are trimmed. Errors name the line: "line 7: unknown kind 'phon'".
 * Pure: no I/O; the caller reads the file (or uses the compiled-in copy). */
#ifndef REPEATDESK_FORMSPEC_H
#define REPEATDESK_FORMSPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/status.h"

#define FORMSPEC_NAME_SIZE 32      /* 31 characters and a NUL */
#define FORMSPEC_WIDTH_MAX 200
#define FORMSPEC_MAX_CHARS 10000
#define FORMSPEC_DEFAULT_MAX 200
#define FORMSPEC_FIELDS_MAX 64
#define FORMSPEC_CHOICES_MAX 16
#define FORMSPEC_CHOICE_SIZE 16    /* a choice value: 15 and a NUL */
#define FORMSPEC_LABEL_CHARS 60
#define FORMSPEC_HELP_CHARS 300

/* X(name, keyword) */
#define FORMSPEC_KIND_TABLE(X) \
	X(TEXT, "text")       /* any text on one line */ \
	X(KANA, "kana")       /* a reading: hiragana, katakana, half-width */ \
	X(PHONE, "phone")     /* a whole Japanese phone number */ \
	X(POSTAL, "postal")   /* 123-4567 */ \
	X(EMAIL, "email") \
	X(DATE, "date")       /* 2024-01-31, 2024/1/31, 20240131 */ \
	X(NUMBER, "number")   /* a whole number >= 0 */ \
	X(YEN, "yen")         /* an amount: 12,345 or ¥12,345 */ \
	X(CHOICE, "choice")   /* one of the choices= values, or none */ \
	X(BOOL, "bool")       /* yes or no */

enum formspec_kind {
#define FORMSPEC_KIND_ENUM(name, word) FORMSPEC_##name,
	FORMSPEC_KIND_TABLE(FORMSPEC_KIND_ENUM)
#undef FORMSPEC_KIND_ENUM
	FORMSPEC_KIND_COUNT
};

struct formspec_choice {
	char value[FORMSPEC_CHOICE_SIZE];
	char label[FORMSPEC_CHOICE_SIZE * 2]; /* the value when none given */
};

struct formspec_field {
	char name[FORMSPEC_NAME_SIZE];
	char *label;                 /* owned by the spec */
	char *help;                  /* owned by the spec; "" when none */
	int width;
	enum formspec_kind kind;
	bool required;
	int max_chars;
	struct formspec_choice choices[FORMSPEC_CHOICES_MAX];
	int nchoices;
	unsigned line;               /* where it was declared */
};

/* A parsed form: the fields in file order. Embedded by the caller;
 * formspec_done frees it. */
struct formspec {
	struct formspec_field *fields;
	size_t n;
};

/* Parses len bytes of text (need not be NUL-terminated) into *out, which
 * needs no init. Returns RD_OK, or RD_INVALID with "line N: ..." in err
 * (then *out is empty: nothing to free, formspec_done harmless). A file
 * with no field is refused too. */
enum rd_status formspec_parse(const char *text, size_t len,
			      struct formspec *out, struct rd_error *err);

/* Frees what formspec_parse allocated and empties spec. */
void formspec_done(struct formspec *spec);

/* Index of the field called name, or -1. */
int formspec_find(const struct formspec *spec, const char *name);

/* The keyword of a kind ("phone"), or "?" out of range. */
const char *formspec_kind_name(enum formspec_kind kind);
/* The kind of a keyword; -1 when it names none. */
int formspec_kind_parse(const char *word);

/* Index of the choice whose value is value in field f, or -1. */
int formspec_choice_find(const struct formspec_field *f, const char *value);

#endif
