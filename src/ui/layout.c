/* layout.c: screen text built into line buffers, measured by display width.
 *
 * Pure code: the draw step (draw.c) copies what is built here. Lines are
 * sanitized when text is added, so fitting and drawing can trust them. */
#include "repeatdesk/layout.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define ELLIPSIS "\xE2\x80\xA6"    /* U+2026 */

void layout_line_init(struct layout_line *l, enum layout_attr attr)
{
	sbuf_init(&l->text);
	l->attr = attr;
	l->spans = NULL;
	l->nspans = 0;
	l->capspans = 0;
}

void layout_line_done(struct layout_line *l)
{
	sbuf_done(&l->text);
	XFREE(l->spans);
	l->nspans = l->capspans = 0;
}

void layout_line_reset(struct layout_line *l, enum layout_attr attr)
{
	sbuf_reset(&l->text);
	l->attr = attr;
	l->nspans = 0;
}

static void add_span(struct layout_line *l, size_t start, size_t end,
		     enum layout_attr attr)
{
	if (start == end || attr == l->attr)
		return;
	if (l->nspans > 0) {
		struct layout_span *last = &l->spans[l->nspans - 1];

		if (last->end == start && last->attr == attr) {
			last->end = end;
			return;
		}
	}
	if (l->nspans == l->capspans) {
		l->capspans = l->capspans ? l->capspans * 2 : 4;
		l->spans = xreallocarray(l->spans, l->capspans,
					 sizeof(*l->spans));
	}
	l->spans[l->nspans++] = (struct layout_span){ start, end, attr };
}

/* Copies s into out, replacing what a terminal must not receive: invalid
 * UTF-8 and control characters become U+FFFD, a tab one space. Returns the
 * display columns added. */
static int add_clean(struct sbuf *out, const char *s, size_t n)
{
	int cols = 0;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (cp == '\t') {
			sbuf_addc(out, ' ');
			cols++;
		} else if (cp == 0xFFFD || cp < 0x20 ||
			   (cp >= 0x7F && cp < 0xA0)) {
			sbuf_adds(out, REPLACEMENT);
			cols += 1;
		} else {
			sbuf_add(out, s + i, len);
			cols += width_cp(cp);
		}
		i += len;
	}
	return cols;
}

int layout_line_add(struct layout_line *l, const char *s,
		    enum layout_attr attr)
{
	size_t start = l->text.len;
	int cols;

	if (!s)
		return 0;
	cols = add_clean(&l->text, s, strlen(s));
	add_span(l, start, l->text.len, attr);
	return cols;
}

void layout_line_copy(struct layout_line *dst, const struct layout_line *src)
{
	layout_line_reset(dst, src->attr);
	sbuf_add(&dst->text, src->text.buf, src->text.len);
	if (src->nspans > dst->capspans) {
		dst->capspans = src->nspans;
		dst->spans = xreallocarray(dst->spans, dst->capspans,
					   sizeof(*dst->spans));
	}
	if (src->nspans)
		memcpy(dst->spans, src->spans,
		       src->nspans * sizeof(*src->spans));
	dst->nspans = src->nspans;
}

void layout_line_pad(struct layout_line *l, int n)
{
	for (int i = 0; i < n; i++)
		sbuf_addc(&l->text, ' ');
}

int layout_line_width(const struct layout_line *l)
{
	return width_str(l->text.buf);
}

int layout_line_clip(struct layout_line *l, int cols)
{
	int used;
	size_t keep;

	if (cols < 0)
		cols = 0;
	keep = width_prefix(l->text.buf, l->text.len, cols, &used);
	if (keep < l->text.len) {
		l->text.len = keep;
		l->text.buf[keep] = '\0';
		for (size_t i = 0; i < l->nspans; i++) {
			if (l->spans[i].end > keep)
				l->spans[i].end = keep;
			if (l->spans[i].start > keep)
				l->spans[i].start = keep;
		}
	}
	return used;
}

void layout_line_fit(struct layout_line *l, int cols)
{
	int used = layout_line_clip(l, cols);

	layout_line_pad(l, cols - used);
}

enum layout_attr layout_line_attr_at(const struct layout_line *l, size_t off)
{
	for (size_t i = 0; i < l->nspans; i++)
		if (off >= l->spans[i].start && off < l->spans[i].end)
			return l->spans[i].attr;
	return l->attr;
}

void layout_text_init(struct layout_text *t)
{
	t->lines = NULL;
	t->n = 0;
	t->cap = 0;
}

void layout_text_done(struct layout_text *t)
{
	for (size_t i = 0; i < t->cap; i++)
		layout_line_done(&t->lines[i]);
	XFREE(t->lines);
	t->n = t->cap = 0;
}

void layout_text_reset(struct layout_text *t)
{
	/* Lines past n stay allocated and are reused by the next adds. */
	t->n = 0;
}

struct layout_line *layout_text_add(struct layout_text *t,
				    enum layout_attr attr)
{
	struct layout_line *l;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		t->lines = xreallocarray(t->lines, cap, sizeof(*t->lines));
		for (size_t i = t->cap; i < cap; i++)
			layout_line_init(&t->lines[i], LAYOUT_NORMAL);
		t->cap = cap;
	}
	l = &t->lines[t->n++];
	layout_line_reset(l, attr);
	return l;
}

struct layout_line *layout_text_addf(struct layout_text *t,
				     enum layout_attr attr, const char *fmt,
				     ...)
{
	struct layout_line *l = layout_text_add(t, attr);
	struct sbuf sb;
	va_list ap;

	sbuf_init(&sb);
	va_start(ap, fmt);
	sbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	layout_line_add(l, sb.buf, attr);
	sbuf_done(&sb);
	return l;
}

/* Japanese text has no spaces: a line may break between two characters
 * when either is CJK (kana, kanji, full-width forms), except before a
 * closing mark or small kana and after an opening bracket (kinsoku). */
static bool cjk(uint32_t cp)
{
	return cp >= 0x2E80 && !(cp >= 0xFF61 && cp <= 0xFF9F);
}

static bool no_break_before(uint32_t cp)
{
	static const uint32_t marks[] = {
		0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF09, 0x300D, 0x300F, 0x3011,
		0x3015, 0x30FB, 0x30FC, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0x2026,
		0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
		0x3087, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3,
		0x30E5, 0x30E7, 0x3009, 0x300B, ')', ']', ',', '.', ':', ';',
	};

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (marks[i] == cp)
			return true;
	return false;
}

static bool no_break_after(uint32_t cp)
{
	return cp == 0xFF08 || cp == 0x300C || cp == 0x300E || cp == 0x3010 ||
	       cp == 0x3014 || cp == 0x3008 || cp == 0x300A || cp == '(' || cp == '[';
}

/* The last offset in p[0..take] (take > 0) where a line may break between
 * two characters by the rule above, or 0. */
static size_t cjk_break(const char *p, size_t take)
{
	size_t best = 0, off = 0;
	uint32_t prev = 0;
	bool have_prev = false;

	while (off <= take) {
		uint32_t cp = 0;
		size_t n = off < take ? utf8_decode(p + off, take - off, &cp) : 0;

		if (off == take) {
			/* the character after the cut */
			utf8_decode(p + off, strlen(p + off), &cp);
		}
		if (have_prev && off > 0 && (cjk(prev) || cjk(cp)) && !no_break_before(cp) &&
		    !no_break_after(prev) && prev != ' ' && cp != ' ')
			best = off;
		if (off == take || n == 0)
			break;
		prev = cp;
		have_prev = true;
		off += n;
	}
	return best;
}

int layout_text_wrap(struct layout_text *t, enum layout_attr attr,
		     int indent, const char *s, int cols)
{
	struct sbuf clean;
	const char *p, *end;
	int avail = cols - indent;
	int added = 0;

	if (avail < 1)
		avail = 1;
	sbuf_init(&clean);
	add_clean(&clean, s, strlen(s));
	p = clean.buf;
	end = clean.buf + clean.len;
	while (p < end || added == 0) {
		struct layout_line *l;
		int used;
		size_t take = width_prefix(p, (size_t)(end - p), avail, &used);
		size_t next;

		if (p + take < end) {
			/* Break after the last space that fits, or where
			 * Japanese may break (between kana and kanji, never
			 * before 、。）」 nor after （「), whichever is later;
			 * else mid-word (between characters). */
			size_t sp = take;

			while (sp > 0 && p[sp] != ' ' && p[sp - 1] != ' ')
				sp--;
			{
				size_t jp = cjk_break(p, take);

				if (jp > sp)
					sp = jp;
			}
			if (sp > 0) {
				next = sp;
				take = sp;
				while (take > 0 && p[take - 1] == ' ')
					take--;
			} else {
				next = take;
			}
			if (next == 0) {
				/* Narrower than one character: take it whole
				 * (fitting cuts it later) rather than loop. */
				uint32_t cp;

				next = take = utf8_decode(p, (size_t)(end - p),
							  &cp);
			}
		} else {
			next = take;
		}
		l = layout_text_add(t, attr);
		layout_line_pad(l, indent);
		{
			size_t start = l->text.len;

			sbuf_add(&l->text, p, take);
			add_span(l, start, l->text.len, attr);
		}
		added++;
		p += next;
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			break;
	}
	sbuf_done(&clean);
	return added;
}

struct layout_line *layout_text_pair(struct layout_text *t, int indent,
				     const char *label, int label_cols,
				     const char *value,
				     enum layout_attr value_attr)
{
	struct layout_line *l = layout_text_add(t, LAYOUT_NORMAL);
	int w;

	layout_line_pad(l, indent);
	w = layout_line_add(l, label, LAYOUT_DIM);
	layout_line_pad(l, label_cols > w ? label_cols - w : 1);
	layout_line_add(l, value, value_attr);
	return l;
}

void layout_text_fit(struct layout_text *t, int cols, int rows)
{
	if (rows < 0)
		rows = 0;
	if (t->n > (size_t)rows)
		t->n = (size_t)rows;
	while (t->n < (size_t)rows)
		layout_text_add(t, LAYOUT_NORMAL);
	for (size_t i = 0; i < t->n; i++)
		layout_line_fit(&t->lines[i], cols);
}

void layout_frame_compute(struct layout_frame *f, int cols, int rows)
{
	memset(f, 0, sizeof(*f));
	f->cols = cols < 0 ? 0 : cols;
	f->rows = rows < 0 ? 0 : rows;
	f->too_small = cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS;
	if (f->too_small)
		return;
	f->top_y = 0;
	f->body.y = 1;
	f->body.x = 0;
	f->body.rows = rows - 3;
	f->body.cols = cols;
	f->message_y = rows - 2;
	f->legend_y = rows - 1;
}

void layout_line_center(struct layout_line *out, const char *s,
			enum layout_attr attr, int cols)
{
	struct layout_line tmp;
	int w;

	layout_line_init(&tmp, LAYOUT_NORMAL);
	w = layout_line_add(&tmp, s, attr);
	layout_line_done(&tmp);
	if (w < cols)
		layout_line_pad(out, (cols - w) / 2);
	layout_line_add(out, s, attr);
	layout_line_fit(out, cols);
}

void layout_too_small(struct layout_text *out, int cols, int rows)
{
	char msg[256];
	int mid = rows / 2;

	snprintf(msg, sizeof(msg),
		 _("Terminal too small: %dx%d \xE2\x80\x94 need at least %dx%d"),
		 cols, rows, LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	layout_text_reset(out);
	for (int y = 0; y < rows; y++) {
		struct layout_line *l = layout_text_add(out, LAYOUT_NORMAL);

		if (y == mid)
			layout_line_center(l, msg, LAYOUT_ERROR, cols);
		else
			layout_line_fit(l, cols);
	}
}

/* Appends s shortened to at most cols columns, with "…" when cut.
 * Returns the columns added. */
static int add_ellipsis(struct layout_line *l, const char *s, int cols,
			enum layout_attr attr)
{
	struct layout_line tmp;
	int w, used;
	size_t keep;

	if (!s || cols <= 0)
		return 0;
	layout_line_init(&tmp, attr);
	w = layout_line_add(&tmp, s, attr);
	if (w <= cols) {
		layout_line_done(&tmp);
		return layout_line_add(l, s, attr);
	}
	keep = width_prefix(tmp.text.buf, tmp.text.len, cols - 1, &used);
	tmp.text.len = keep;
	tmp.text.buf[keep] = '\0';
	sbuf_adds(&tmp.text, ELLIPSIS);
	w = layout_line_add(l, tmp.text.buf, attr);
	layout_line_done(&tmp);
	return w;
}

static int text_width(const char *s)
{
	struct layout_line tmp;
	int w;

	if (!s)
		return 0;
	layout_line_init(&tmp, LAYOUT_NORMAL);
	w = layout_line_add(&tmp, s, LAYOUT_NORMAL);
	layout_line_done(&tmp);
	return w;
}

/* Takes up to *excess columns from a part of width *w, keeping at least
 * floor; a part that goes away entirely also frees its gap columns. */
static void shrink(int *w, int floor, int gap, int *excess)
{
	int take;

	if (*excess <= 0 || *w <= floor)
		return;
	take = *w - floor;
	if (take > *excess)
		take = *excess;
	*w -= take;
	*excess -= take;
	if (*w == 0 && take > 0)
		*excess -= gap;
}

void layout_top_line(struct layout_line *out, const struct layout_top *top,
		     int cols)
{
	struct sbuf agent;
	int w_title, w_cust, w_agent, w_db;
	int left, right, gap;

	layout_line_reset(out, LAYOUT_BAR);
	sbuf_init(&agent);
	if (top->agent_name && *top->agent_name)
		sbuf_adds(&agent, top->agent_name);
	if ((top->login && *top->login) || (top->role && *top->role)) {
		if (agent.len)
			sbuf_addc(&agent, ' ');
		sbuf_addc(&agent, '(');
		if (top->login && *top->login)
			sbuf_adds(&agent, top->login);
		if (top->role && *top->role) {
			if (top->login && *top->login)
				sbuf_adds(&agent, ", ");
			sbuf_adds(&agent, top->role);
		}
		sbuf_addc(&agent, ')');
	}

	/* " title  customer" ... "agent  db " with one space at each edge and
	 * at least two between parts. */
	w_title = text_width(top->title);
	w_cust = text_width(top->customer);
	w_agent = text_width(agent.buf);
	w_db = text_width(top->db_state);

	/* Make the parts fit: first the customer, then the title, then the
	 * agent get shorter (each keeps a few columns), then they go away in
	 * the same order. The database state is never shortened. */
	{
		int avail = cols - 2 - w_db - (w_db ? 2 : 0);
		int excess;

		if (avail < 0)
			avail = 0;
		excess = w_title + (w_cust ? w_cust + 2 : 0) +
			 (w_agent ? w_agent + 2 : 0) - avail;
		shrink(&w_cust, 4, 2, &excess);
		shrink(&w_title, 4, 0, &excess);
		shrink(&w_agent, 6, 2, &excess);
		shrink(&w_cust, 0, 2, &excess);
		shrink(&w_agent, 0, 2, &excess);
		shrink(&w_title, 0, 0, &excess);
	}

	layout_line_pad(out, 1);
	left = 1;
	left += add_ellipsis(out, top->title, w_title, LAYOUT_BAR);
	if (w_cust > 0) {
		layout_line_pad(out, 2);
		left += 2 + add_ellipsis(out, top->customer, w_cust, LAYOUT_BAR);
	}
	right = (w_agent > 0 ? w_agent + 2 : 0) + w_db + 1;
	gap = cols - left - right;
	if (gap < 0)
		gap = 0;
	layout_line_pad(out, gap);
	if (w_agent > 0) {
		add_ellipsis(out, agent.buf, w_agent, LAYOUT_BAR);
		layout_line_pad(out, 2);
	}
	if (w_db > 0)
		layout_line_add(out, top->db_state,
				top->db_ok ? LAYOUT_BAR : LAYOUT_ERROR);
	layout_line_fit(out, cols);
	sbuf_done(&agent);
}

void layout_message_line(struct layout_line *out, const char *text,
			 enum layout_attr attr, int cols)
{
	layout_line_reset(out, LAYOUT_NORMAL);
	if (text && *text && cols > 1) {
		layout_line_pad(out, 1);
		add_ellipsis(out, text, cols - 1, attr);
	}
	layout_line_fit(out, cols);
}

static int cols_used(const struct layout_col *c, size_t n, int gap)
{
	int used = 0, shown = 0;

	for (size_t i = 0; i < n; i++) {
		if (c[i].width <= 0)
			continue;
		used += c[i].width;
		shown++;
	}
	return used + (shown > 1 ? (shown - 1) * gap : 0);
}

/* The shown column of the lowest priority that may still shrink (or, when
 * drop, be left out); the later one of equals. -1 when none. */
static int gives_way(const struct layout_col *c, size_t n, bool drop)
{
	int best = -1;

	for (size_t i = 0; i < n; i++) {
		bool can = drop ? c[i].width > 0 && !c[i].keep
				: c[i].width > c[i].min && c[i].width > 0;

		if (can && (best < 0 || c[i].priority <= c[best].priority))
			best = (int)i;
	}
	return best;
}

int layout_cols_fit(struct layout_col *c, size_t n, int cols, int gap)
{
	int over, left, nfill = 0;

	for (size_t i = 0; i < n; i++) {
		c[i].width = c[i].want > 0 ? c[i].want : 0;
		if (c[i].min > c[i].want)
			c[i].width = c[i].min;
		if (c[i].min < 0)
			c[i].min = 0;
		nfill += c[i].fill;
	}
	/* shrink, lowest priority first, then leave out */
	while ((over = cols_used(c, n, gap) - cols) > 0) {
		int i = gives_way(c, n, false);

		if (i >= 0) {
			int by = c[i].width - c[i].min;

			c[i].width -= by < over ? by : over;
			if (c[i].width == 0 && c[i].keep)
				c[i].width = 1;
			continue;
		}
		i = gives_way(c, n, true);
		if (i < 0)
			break;
		c[i].width = 0;
	}
	/* room left: back to the shrunk columns, highest priority first */
	left = cols - cols_used(c, n, gap);
	while (left > 0) {
		int best = -1;

		for (size_t i = 0; i < n; i++)
			if (c[i].width > 0 && c[i].width < c[i].want &&
			    (best < 0 || c[i].priority > c[best].priority))
				best = (int)i;
		if (best < 0)
			break;
		{
			int by = c[best].want - c[best].width;

			by = by < left ? by : left;
			c[best].width += by;
			left -= by;
		}
	}
	/* then to the fill columns, shared */
	for (size_t i = 0; i < n && left > 0 && nfill > 0; i++) {
		int share;

		if (!c[i].fill || c[i].width <= 0) {
			if (c[i].fill)
				nfill--;
			continue;
		}
		share = left / nfill;
		if (share == 0)
			share = left;
		c[i].width += share;
		left -= share;
		nfill--;
	}
	return cols_used(c, n, gap);
}

void layout_cols_row(struct sbuf *out, const struct layout_col *c, size_t n,
		     const char *const *texts, int gap)
{
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		const char *t = texts[i] ? texts[i] : "";

		if (c[i].width <= 0)
			continue;
		if (!first)
			sbuf_printf(out, "%*s", gap, "");
		first = false;
		if (c[i].keep && width_str(t) > c[i].width)
			sbuf_adds(out, t);  /* never cut what must be read whole */
		else if (c[i].right)
			width_fit_right(out, t, c[i].width);
		else
			width_fit_ellipsis(out, t, c[i].width);
	}
}

int layout_message_lines(struct layout_text *out, const char *text,
			 enum layout_attr attr, int cols, int max_rows)
{
	struct layout_text wrapped;
	int n;

	if (max_rows < 1)
		max_rows = 1;
	if (!text || !*text || cols <= 1 ||
	    width_str(text) <= cols - 1) {
		layout_message_line(layout_text_add(out, LAYOUT_NORMAL), text,
				    attr, cols);
		return 1;
	}
	layout_text_init(&wrapped);
	layout_text_wrap(&wrapped, attr, 1, text, cols);
	n = (int)wrapped.n;
	if (n > max_rows) {
		/* only a message longer than half the screen is cut: the
		 * last line that shows says so */
		struct layout_line *last = &wrapped.lines[max_rows - 1];
		struct sbuf rest;

		sbuf_init(&rest);
		for (int i = max_rows - 1; i < n; i++) {
			const char *t = wrapped.lines[i].text.buf;

			while (*t == ' ')
				t++;
			if (rest.len)
				sbuf_addc(&rest, ' ');
			sbuf_adds(&rest, t);
		}
		layout_message_line(last, rest.buf, attr, cols);
		sbuf_done(&rest);
		n = max_rows;
	}
	for (int i = 0; i < n; i++) {
		struct layout_line *l = layout_text_add(out, LAYOUT_NORMAL);

		layout_line_copy(l, &wrapped.lines[i]);
		layout_line_fit(l, cols);
	}
	layout_text_done(&wrapped);
	return n;
}

struct layout_rect layout_overlay_rect(const struct layout_frame *f,
				       int content_rows, int content_cols)
{
	struct layout_rect r;
	int max_rows = f->body.rows - 2;
	int max_cols = f->body.cols - 4;

	r.rows = content_rows + 2;
	r.cols = content_cols + 4; /* frame and one space each side */
	if (r.rows > max_rows)
		r.rows = max_rows;
	if (r.cols > max_cols)
		r.cols = max_cols;
	if (r.rows < 3)
		r.rows = 3;
	if (r.cols < 5)
		r.cols = 5;
	r.y = f->body.y + (f->body.rows - r.rows) / 2;
	r.x = f->body.x + (f->body.cols - r.cols) / 2;
	if (r.y < 0)
		r.y = 0;
	if (r.x < 0)
		r.x = 0;
	return r;
}
