/* draw.c: the draw step: line buffers to the terminal, nothing more.
 *
 * Everything shown was built and fitted by pure code (layout.c, keys.c,
 * shell.c, dialog.c, the screens); here each line is copied with its
 * attributes, and the dialog frame is drawn with the terminal's own line
 * characters. */
#include "draw.h"
#include "repeatdesk/width.h"

#include "curses_wrap.h"

#include <wchar.h>

enum {
	PAIR_BAR = 1,
	PAIR_KEY,
	PAIR_ERROR,
	PAIR_OK,
};

static bool have_colors;

void draw_init(void)
{
	if (!has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_KEY, -1, -1);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_OK, COLOR_GREEN, -1);
	have_colors = true;
}

static attr_t attr_of(enum layout_attr a, short *pair)
{
	*pair = 0;
	switch (a) {
	case LAYOUT_CURSOR:
	case LAYOUT_BAR:
		if (have_colors) {
			*pair = PAIR_BAR;
			return A_NORMAL;
		}
		return A_REVERSE;
	case LAYOUT_KEY:
		return A_BOLD;
	case LAYOUT_HEADING:
		return A_BOLD;
	case LAYOUT_DIM:
		return A_DIM;
	case LAYOUT_ERROR:
		if (have_colors) {
			*pair = PAIR_ERROR;
			return A_BOLD;
		}
		return A_BOLD | A_REVERSE;
	case LAYOUT_OK:
		if (have_colors)
			*pair = PAIR_OK;
		return A_NORMAL;
	case LAYOUT_NORMAL:
	case LAYOUT_ATTR_COUNT:
	default:
		return A_NORMAL;
	}
}

/* Where the first LAYOUT_CURSOR cell of the view was drawn, if any. */
static struct {
	bool found;
	int y, x;
} cursor;

/* Adds n bytes of text at the cursor, which stands at column *col of row
 * y. The line was fitted with our widths (core/width.c); curses places
 * characters by the C library's wcwidth(). Where the two disagree (an
 * East Asian Ambiguous character with [ui] ambiguous_width = 2 under a
 * locale that says 1, or a character newer than the C library knows), the
 * text is cut there and the cursor moved to where our width says the next
 * character goes, so that everything after it lines up with the layout. */
static void draw_text(int y, int *col, const char *s, size_t n)
{
	size_t i = 0, start = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		int ours = width_cp(cp), theirs = wcwidth((wchar_t)cp);

		if (theirs < 0)
			theirs = 0;
		*col += ours;
		i += len;
		if (ours != theirs && !UTF8_INVALID(cp, len)) {
			(void)addnstr(s + start, (int)(i - start));
			move(y, *col);
			start = i;
		}
	}
	if (start < n)
		(void)addnstr(s + start, (int)(n - start));
}

/* Copies one fitted line at (y, x); its columns were counted when built. */
static void draw_line(int y, int x, const struct layout_line *l)
{
	size_t pos = 0;
	int col = x;

	move(y, x);
	while (pos < l->text.len) {
		enum layout_attr a = layout_line_attr_at(l, pos);
		size_t end = pos + 1;
		attr_t at;
		short pair;

		while (end < l->text.len && layout_line_attr_at(l, end) == a)
			end++;
		if (a == LAYOUT_CURSOR && !cursor.found) {
			cursor.found = true;
			cursor.y = y;
			cursor.x = x + width_strn(l->text.buf, pos);
		}
		at = attr_of(a, &pair);
		attr_set(at, pair, NULL);
		/* At the last cell of the screen addnstr reports an error
		 * after drawing (the cursor cannot advance): harmless. */
		draw_text(y, &col, l->text.buf + pos, end - pos);
		pos = end;
	}
	attr_set(A_NORMAL, 0, NULL);
}

static void draw_frame(const struct layout_rect *r,
		       const struct layout_line *title,
		       const struct layout_line *footer)
{
	int y0 = r->y, x0 = r->x, y1 = r->y + r->rows - 1,
	    x1 = r->x + r->cols - 1;

	attr_set(A_NORMAL, 0, NULL);
	mvaddch(y0, x0, ACS_ULCORNER);
	mvaddch(y0, x1, ACS_URCORNER);
	mvaddch(y1, x0, ACS_LLCORNER);
	mvaddch(y1, x1, ACS_LRCORNER);
	mvhline(y0, x0 + 1, ACS_HLINE, r->cols - 2);
	mvhline(y1, x0 + 1, ACS_HLINE, r->cols - 2);
	mvvline(y0 + 1, x0, ACS_VLINE, r->rows - 2);
	mvvline(y0 + 1, x1, ACS_VLINE, r->rows - 2);
	for (int y = y0 + 1; y < y1; y++) {
		mvaddch(y, x0 + 1, ' ');
		mvaddch(y, x1 - 1, ' ');
	}
	/* Both were cut to fit between the corners by shell_compose. */
	if (title->text.len)
		draw_line(y0, x0 + 2, title);
	if (footer->text.len)
		draw_line(y1, x1 - 1 - layout_line_width(footer), footer);
}

void draw_view(const struct shell_view *v, bool full)
{
	if (full)
		clearok(curscr, TRUE);
	erase();
	cursor.found = false;
	for (size_t i = 0; i < v->lines.n && (int)i < v->frame.rows; i++)
		draw_line((int)i, 0, &v->lines.lines[i]);
	if (v->overlay) {
		/* a dialog is modal: only a cursor inside it counts */
		cursor.found = false;
		draw_frame(&v->rect, &v->title, &v->footer);
		for (size_t i = 0; i < v->overlay_lines.n; i++)
			draw_line(v->rect.y + 1 + (int)i, v->rect.x + 2,
				  &v->overlay_lines.lines[i]);
	}
	/* the terminal cursor stands in the field being typed in (input
	 * methods draw their conversion there), hidden everywhere else */
	if (cursor.found) {
		move(cursor.y, cursor.x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}
