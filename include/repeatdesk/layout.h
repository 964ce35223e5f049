/* layout.h: what the terminal shows, built as text before anything is drawn.
 *
 * Screens, the top line, the legend and the dialogs build their text into
 * line buffers here; src/ui/draw.c only copies those buffers to the
 * terminal. Everything is measured in display columns (width.h): a line
 * fitted to N columns is exactly N columns wide, never ends in half a
 * character, and carries no control characters or invalid UTF-8 (those
 * become U+FFFD when the text is added). Pure: no curses, no I/O. */
#ifndef REPEATDESK_LAYOUT_H
#define REPEATDESK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/sbuf.h"

/* The smallest terminal the screens are designed for. */
#define LAYOUT_MIN_COLS 80
#define LAYOUT_MIN_ROWS 24

/* How a piece of text looks; draw.c maps these to curses attributes. */
enum layout_attr {
	LAYOUT_NORMAL,
	LAYOUT_BAR,      /* top line and legend background */
	LAYOUT_KEY,      /* a key name in the legend ("F1") */
	LAYOUT_HEADING,  /* a heading inside a screen */
	LAYOUT_DIM,      /* secondary text */
	LAYOUT_ERROR,    /* error message, "reconnecting…" */
	LAYOUT_OK,       /* good news ("DB ok") */
	LAYOUT_CURSOR,   /* the cell where typing goes: drawn like the bar, and
			  * the terminal cursor stands there, so that an input
			  * method shows its conversion in the field */
	LAYOUT_ATTR_COUNT
};

/* A byte range of a line's text drawn with attr. */
struct layout_span {
	size_t start;
	size_t end;
	enum layout_attr attr;
};

/* One line: its text and the attributes of its parts. Bytes outside any
 * span are drawn with the line's attr. */
struct layout_line {
	struct sbuf text;
	enum layout_attr attr;
	struct layout_span *spans;
	size_t nspans;
	size_t capspans;
};

/* A list of lines (a screen body, the help, a dialog). */
struct layout_text {
	struct layout_line *lines;
	size_t n;
	size_t cap;
};

/* A rectangle on the terminal, in cells. */
struct layout_rect {
	int y;
	int x;
	int rows;
	int cols;
};

/* Where the parts of the screen go for a terminal of cols x rows.
 * When too_small is true only the "too small" message is shown. */
struct layout_frame {
	int cols;
	int rows;
	bool too_small;
	int top_y;       /* title line */
	struct layout_rect body;
	int message_y;   /* message line, just above the legend */
	int legend_y;    /* function key legend, last line */
};

void layout_line_init(struct layout_line *l, enum layout_attr attr);
void layout_line_done(struct layout_line *l);
void layout_line_reset(struct layout_line *l, enum layout_attr attr);

/* Appends s (UTF-8; invalid bytes and control characters become U+FFFD,
 * a tab a space) drawn with attr. Returns the columns added. */
int layout_line_add(struct layout_line *l, const char *s,
		    enum layout_attr attr);
/* Makes dst a copy of src (text, attribute and spans). */
void layout_line_copy(struct layout_line *dst, const struct layout_line *src);
/* Appends n spaces in the line's own attribute. */
void layout_line_pad(struct layout_line *l, int n);
/* Display width of the line's text. */
int layout_line_width(const struct layout_line *l);
/* Cuts the line to at most cols columns without splitting a character.
 * Returns its width afterwards. */
int layout_line_clip(struct layout_line *l, int cols);
/* Cuts the line like layout_line_clip and pads it with spaces to exactly
 * cols columns. */
void layout_line_fit(struct layout_line *l, int cols);
/* Attribute of the byte at offset off. */
enum layout_attr layout_line_attr_at(const struct layout_line *l,
				     size_t off);

void layout_text_init(struct layout_text *t);
void layout_text_done(struct layout_text *t);
void layout_text_reset(struct layout_text *t);
/* Adds an empty line and returns it (valid until the next add). */
struct layout_line *layout_text_add(struct layout_text *t,
				    enum layout_attr attr);
/* Adds one line holding s in attr; returns it. */
struct layout_line *layout_text_addf(struct layout_text *t,
				     enum layout_attr attr, const char *fmt,
				     ...) __attribute__((format(printf, 3, 4)));
/* Adds s word-wrapped to cols columns after an indent of indent columns:
 * breaks at spaces, or between any two characters of a word too long for a
 * line (Japanese has no spaces). Returns the number of lines added. */
int layout_text_wrap(struct layout_text *t, enum layout_attr attr,
		     int indent, const char *s, int cols);
/* Adds "label  value" with the label padded to label_cols columns (by
 * display width), both after indent columns. */
struct layout_line *layout_text_pair(struct layout_text *t, int indent,
				     const char *label, int label_cols,
				     const char *value,
				     enum layout_attr value_attr);
/* Fits every line to cols columns (layout_line_fit) and adds blank lines
 * or drops lines so there are exactly rows lines. */
void layout_text_fit(struct layout_text *t, int cols, int rows);

/* Computes the frame for a terminal of cols x rows. */
void layout_frame_compute(struct layout_frame *f, int cols, int rows);

/* The message shown instead of the screens when the terminal is smaller
 * than LAYOUT_MIN_COLS x LAYOUT_MIN_ROWS: rows lines of cols columns with
 * "Terminal too small: 60x20 — need at least 80x24" centered. */
void layout_too_small(struct layout_text *out, int cols, int rows);

/* What the top line shows. Any field may be NULL (shown as nothing). */
struct layout_top {
	const char *title;      /* screen title, translated */
	const char *customer;   /* customer in context, or NULL */
	const char *agent_name; /* display name */
	const char *login;
	const char *role;       /* translated role */
	const char *db_state;   /* "DB ok", "reconnecting…" */
	bool db_ok;
};

/* Builds the top line, exactly cols columns: title and customer on the
 * left, agent and database state on the right. When space is short the
 * customer, then the title, then the agent are shortened (with "…"); the
 * database state is always shown whole. */
void layout_top_line(struct layout_line *out, const struct layout_top *top,
		     int cols);

/* Builds the message line: text in attr, fitted to cols (with "…" when it
 * is cut). */
void layout_message_line(struct layout_line *out, const char *text,
			 enum layout_attr attr, int cols);

/* --- list columns that give way by priority ---
 *
 * A list at 80 columns cannot show every column at the width it would
 * like. Each column says how it gives way: it shrinks down to min (text
 * cut with "…"), then, unless keep is set, it is left out; the column of
 * the lowest priority gives way first. Amounts are keep columns with
 * min == want == LAYOUT_AMOUNT_COLS: they are never cut (no "¥7,56").
 * Room left over goes back to the columns that gave way (highest priority
 * first), then to the fill columns. */
#define LAYOUT_AMOUNT_COLS 11  /* "¥12,345,678" */

struct layout_col {
	int want;      /* the width it takes when there is room */
	int min;       /* the narrowest it may become (min >= want: never shrinks) */
	int priority;  /* lower gives way first */
	bool right;    /* right-aligned (numbers, amounts) */
	bool keep;     /* never left out (amounts, what names the row) */
	bool fill;     /* takes the room that is left */
	int width;     /* computed by layout_cols_fit: 0 = left out */
};

/* Computes c[i].width for n columns with gap spaces between the columns
 * shown, in at most cols columns (more only when the keep columns at
 * their min do not fit). Returns the columns used. */
int layout_cols_fit(struct layout_col *c, size_t n, int cols, int gap);
/* Appends one row: texts[i] in column i (fitted to its width: left text
 * cut with "…", right text right-aligned; a keep column whose text is
 * wider than it is never cut), gap spaces between shown columns.
 * texts[i] may be NULL (empty). */
void layout_cols_row(struct sbuf *out, const struct layout_col *c, size_t n,
		     const char *const *texts, int gap);

/* The message shown whole: text in attr word-wrapped to cols (one space
 * of indent) over as many lines as it needs, at most max_rows (only then
 * is the last line cut, with "…"); every line exactly cols wide. An empty
 * text makes one empty line. Returns the lines added to out. */
int layout_message_lines(struct layout_text *out, const char *text,
			 enum layout_attr attr, int cols, int max_rows);

/* Where an overlay of content_rows x content_cols (plus its frame) goes:
 * centered in the body of f, shrunk to fit with a margin. The returned
 * rectangle includes the frame. */
struct layout_rect layout_overlay_rect(const struct layout_frame *f,
				       int content_rows, int content_cols);

/* Centers s inside a line of cols columns. */
void layout_line_center(struct layout_line *out, const char *s,
			enum layout_attr attr, int cols);

#endif
