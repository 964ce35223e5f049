/* dialog.c: the F1 help overlay and the yes/no question (pure). */
#include "dialog.h"

#include <stdlib.h>
#include <string.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

/* Questions are wrapped to this many columns (or the screen, if less). */
#define CONFIRM_COLS 56

static struct dialog *dialog_new(enum dialog_kind kind, const char *title)
{
	struct dialog *d = xcalloc(1, sizeof(*d));

	d->kind = kind;
	d->title = xstrdup(title);
	layout_text_init(&d->text);
	return d;
}

struct dialog *dialog_help_new(const char *screen_title,
			       const struct keys_set *screen,
			       const struct keys_set *global)
{
	struct dialog *d = dialog_new(DIALOG_HELP, _("Help"));

	keys_help(&d->text, screen, screen_title, global);
	d->help_screen = *screen;
	d->help_global = *global;
	d->help_title = xstrdup(screen_title ? screen_title : "");
	return d;
}

struct dialog *dialog_confirm_new(const char *question)
{
	struct dialog *d = dialog_new(DIALOG_CONFIRM, _("Please confirm"));

	/* Kept unwrapped here: dialog_layout wraps it to the width it gets. */
	layout_text_addf(&d->text, LAYOUT_NORMAL, "%s", question);
	return d;
}

void dialog_free(struct dialog **d)
{
	if (!*d)
		return;
	layout_text_done(&(*d)->text);
	free((*d)->title);
	free((*d)->help_title);
	XFREE(*d);
}

enum keys_map dialog_keymap(const struct dialog *d)
{
	return d->kind == DIALOG_CONFIRM ? KEYS_MAP_DIALOG : KEYS_MAP_GENERIC;
}

void dialog_handles(const struct dialog *d, struct keys_set *set)
{
	static const enum ui_request help[] = {
		REQ_BACK, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN,
		REQ_FIRST, REQ_LAST, REQ_NONE
	};
	static const enum ui_request confirm[] = { REQ_YES, REQ_NO, REQ_NONE };

	keys_set_add_list(set, d->kind == DIALOG_HELP ? help : confirm);
}

void dialog_passes(const struct dialog *d, struct keys_set *set)
{
	static const enum ui_request help[] = { REQ_QUIT, REQ_REDRAW, REQ_NONE };
	static const enum ui_request confirm[] = { REQ_REDRAW, REQ_NONE };

	keys_set_add_list(set, d->kind == DIALOG_HELP ? help : confirm);
}

static int max_top(const struct dialog *d)
{
	int page = d->page > 0 ? d->page : 1;
	int m = (int)d->text.n - page;

	return m > 0 ? m : 0;
}

static enum dialog_result scroll_to(struct dialog *d, int top)
{
	int old = d->top;

	if (top > max_top(d))
		top = max_top(d);
	if (top < 0)
		top = 0;
	d->top = top;
	return d->top != old ? DIALOG_CHANGED : DIALOG_IGNORED;
}

enum dialog_result dialog_request(struct dialog *d, enum ui_request req)
{
	int page = d->page > 1 ? d->page - 1 : 1;

	if (d->kind == DIALOG_CONFIRM) {
		switch (req) {
		case REQ_YES:
			return DIALOG_YES;
		case REQ_NO:
			return DIALOG_NO;
		default:
			return DIALOG_IGNORED;
		}
	}
	switch (req) {
	case REQ_BACK:
		return DIALOG_CLOSED;
	case REQ_UP:
		scroll_to(d, d->top - 1);
		return DIALOG_CHANGED;
	case REQ_DOWN:
		scroll_to(d, d->top + 1);
		return DIALOG_CHANGED;
	case REQ_PAGE_UP:
		scroll_to(d, d->top - page);
		return DIALOG_CHANGED;
	case REQ_PAGE_DOWN:
		scroll_to(d, d->top + page);
		return DIALOG_CHANGED;
	case REQ_FIRST:
		scroll_to(d, 0);
		return DIALOG_CHANGED;
	case REQ_LAST:
		scroll_to(d, max_top(d));
		return DIALOG_CHANGED;
	default:
		return DIALOG_IGNORED;
	}
}

static int text_cols(const struct layout_text *t)
{
	int w = 0;

	for (size_t i = 0; i < t->n; i++) {
		int lw = layout_line_width(&t->lines[i]);

		if (lw > w)
			w = lw;
	}
	return w;
}

static void layout_confirm(struct dialog *d, const struct layout_frame *f,
			   struct layout_rect *rect, struct layout_text *out)
{
	struct sbuf yes, no, hint;
	int cols = CONFIRM_COLS;
	int inner;

	if (cols > f->body.cols - 8)
		cols = f->body.cols - 8;
	sbuf_init(&yes);
	sbuf_init(&no);
	sbuf_init(&hint);
	keys_name(&yes, keys_key(REQ_YES, 0));
	keys_name(&no, keys_key(REQ_NO, 0));
	/* TRANSLATORS: the answers of a yes/no question; %s are key names. */
	sbuf_printf(&hint, _("%s = yes    %s = no"), yes.buf, no.buf);

	layout_text_reset(out);
	layout_text_wrap(out, LAYOUT_NORMAL, 0, d->text.lines[0].text.buf,
			 cols);
	layout_text_add(out, LAYOUT_NORMAL);
	layout_text_addf(out, LAYOUT_KEY, "%s", hint.buf);
	inner = text_cols(out);
	if (inner < width_str(d->title) + 2)
		inner = width_str(d->title) + 2;
	*rect = layout_overlay_rect(f, (int)out->n, inner);
	layout_text_fit(out, rect->cols - 4, rect->rows - 2);
	d->page = rect->rows - 2;
	sbuf_done(&yes);
	sbuf_done(&no);
	sbuf_done(&hint);
}

void dialog_layout(struct dialog *d, const struct layout_frame *f,
		   struct layout_rect *rect, struct layout_text *out,
		   struct sbuf *footer)
{
	int inner_rows, inner_cols;

	if (footer)
		sbuf_reset(footer);
	if (d->kind == DIALOG_CONFIRM) {
		layout_confirm(d, f, rect, out);
		return;
	}
	inner_cols = text_cols(&d->text);
	{
		/* the widest the overlay can be (layout_overlay_rect) */
		int room = f->body.cols - 4 - 4;

		if (d->help_title && (inner_cols > room || d->help_cols) &&
		    d->help_cols != room) {
			/* wrapped for this width (again after a resize) */
			layout_text_reset(&d->text);
			keys_help_fit(&d->text, &d->help_screen, d->help_title,
				      &d->help_global, room);
			d->help_cols = room;
			inner_cols = text_cols(&d->text);
		}
	}
	if (inner_cols < width_str(d->title) + 2)
		inner_cols = width_str(d->title) + 2;
	*rect = layout_overlay_rect(f, (int)d->text.n, inner_cols);
	inner_rows = rect->rows - 2;
	d->page = inner_rows;
	scroll_to(d, d->top); /* the page may have grown or shrunk */

	layout_text_reset(out);
	for (int i = 0; i < inner_rows; i++) {
		struct layout_line *l = layout_text_add(out, LAYOUT_NORMAL);
		size_t src = (size_t)(d->top + i);

		if (src < d->text.n)
			layout_line_copy(l, &d->text.lines[src]);
		layout_line_fit(l, rect->cols - 4);
	}
	if (footer && (int)d->text.n > inner_rows) {
		int last = d->top + inner_rows;

		if (last > (int)d->text.n)
			last = (int)d->text.n;
		/* TRANSLATORS: position in the help, e.g. "1-20 of 34". */
		sbuf_printf(footer, _("%d-%d of %d"), d->top + 1, last,
			    (int)d->text.n);
		/* and how to see the rest, named from the key table */
		sbuf_adds(footer, "  ");
		keys_name(footer, keys_key(REQ_PAGE_UP, 0));
		sbuf_addc(footer, '/');
		keys_name(footer, keys_key(REQ_PAGE_DOWN, 0));
	}
}
