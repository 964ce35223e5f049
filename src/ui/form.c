/* form.c: the form widget (form.h): editing, checking and laying out fields.
 *
 * Values are UTF-8 as typed; positions are byte offsets kept on character
 * boundaries. A "character" for the cursor is a code point with the
 * zero-width code points (combining marks, voicing marks U+3099/U+309A)
 * that follow it, so the cursor never separates か from its ゛ and
 * Backspace erases them together. Widths come from width.h, so a kanji
 * takes two cells and half-width katakana one. Pure. */
#include "form.h"
#include "screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/date.h"
#include "repeatdesk/embedded.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/money.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

/* Labels wider than this are cut: the values must stay on the line. */
#define LABEL_COLS_MAX 24

enum rd_status form_spec_builtin(const char *name, struct formspec *spec,
				 struct rd_error *err)
{
	memset(spec, 0, sizeof(*spec));
	for (size_t i = 0; i < forms_builtin_count; i++) {
		const struct embedded_file *e = &forms_builtin[i];

		if (strcmp(e->name, name) != 0)
			continue;
		if (formspec_parse(e->contents, strlen(e->contents), spec, err) != RD_OK) {
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			return rd_error_set(err, RD_INVALID, "forms/%s.form: %s", name, msg);
		}
		return RD_OK;
	}
	return rd_error_set(err, RD_NOT_FOUND, _("no form called '%s' in this build"), name);
}

void form_init(struct form *f, const struct formspec *spec)
{
	memset(f, 0, sizeof(*f));
	f->spec = spec;
	f->n = spec->n;
	f->fields = xcalloc(f->n ? f->n : 1, sizeof(*f->fields));
	for (size_t i = 0; i < f->n; i++) {
		f->fields[i].spec = &spec->fields[i];
		sbuf_init(&f->fields[i].value);
		f->fields[i].initial = xstrdup("");
	}
}

void form_done(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		sbuf_done(&f->fields[i].value);
		XFREE(f->fields[i].initial);
		XFREE(f->fields[i].error);
	}
	XFREE(f->fields);
	f->n = 0;
}

static struct form_field *field(const struct form *f, int i)
{
	return i >= 0 && (size_t)i < f->n ? &f->fields[i] : NULL;
}

int form_index(const struct form *f, const char *name)
{
	return formspec_find(f->spec, name);
}

const char *form_get(const struct form *f, int i)
{
	struct form_field *ff = field(f, i);

	return ff ? ff->value.buf : "";
}

const char *form_get_named(const struct form *f, const char *name)
{
	return form_get(f, form_index(f, name));
}

void form_set(struct form *f, int i, const char *value)
{
	struct form_field *ff = field(f, i);

	if (!ff)
		return;
	sbuf_reset(&ff->value);
	sbuf_adds(&ff->value, value ? value : "");
	ff->cursor = ff->value.len;
	ff->scroll = 0;
	XFREE(ff->error);
}

void form_load(struct form *f, int i, const char *value)
{
	struct form_field *ff = field(f, i);

	if (!ff)
		return;
	form_set(f, i, value);
	free(ff->initial);
	ff->initial = xstrdup(ff->value.buf);
}

void form_commit(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->fields[i].initial);
		f->fields[i].initial = xstrdup(f->fields[i].value.buf);
	}
}

bool form_field_changed(const struct form *f, int i)
{
	struct form_field *ff = field(f, i);

	return ff && strcmp(ff->value.buf, ff->initial) != 0;
}

bool form_changed(const struct form *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (form_field_changed(f, (int)i))
			return true;
	return false;
}

void form_focus(struct form *f, int i)
{
	if (field(f, i))
		f->focus = (size_t)i;
}

void form_set_error(struct form *f, int i, const char *msg)
{
	struct form_field *ff = field(f, i);

	if (!ff)
		return;
	XFREE(ff->error);
	if (msg)
		ff->error = xstrdup(msg);
}

const char *form_error(const struct form *f, int i)
{
	struct form_field *ff = field(f, i);

	return ff ? ff->error : NULL;
}

const char *form_focus_error(const struct form *f)
{
	return form_error(f, (int)f->focus);
}

/* --- characters and the cursor --- */

static uint32_t cp_at(const struct sbuf *v, size_t pos, size_t *len)
{
	uint32_t cp = 0;

	*len = utf8_decode(v->buf + pos, v->len - pos, &cp);
	return cp;
}

/* Start of the character after pos (with its zero-width marks). */
static size_t next_boundary(const struct sbuf *v, size_t pos)
{
	size_t len;

	if (pos >= v->len)
		return v->len;
	cp_at(v, pos, &len);
	pos += len;
	while (pos < v->len) {
		uint32_t cp = cp_at(v, pos, &len);

		if (width_cp(cp) != 0 || UTF8_INVALID(cp, len))
			break;
		pos += len;
	}
	return pos;
}

/* Start of the character before pos. */
static size_t prev_boundary(const struct sbuf *v, size_t pos)
{
	size_t p = 0, last = 0;

	/* Walk from the start: UTF-8 can be walked backwards, but the
	 * zero-width rule needs what comes first; fields are short. */
	while (p < pos) {
		last = p;
		p = next_boundary(v, p);
	}
	return last;
}

static bool typable(uint32_t cp)
{
	return cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0) &&
	       !(cp >= 0xD800 && cp <= 0xDFFF) && cp < 0x110000 &&
	       cp != 0xFEFF && cp != 0x2028 && cp != 0x2029;
}

static enum form_result insert(struct form_field *ff, uint32_t cp)
{
	char enc[4];
	size_t n;

	if (!typable(cp))
		return FORM_REFUSED;
	if ((int)textcheck_chars(ff->value.buf) >= ff->spec->max_chars)
		return FORM_REFUSED;
	n = utf8_encode(cp, enc);
	/* sbuf has no insert: append, then rotate the tail into place */
	sbuf_add(&ff->value, enc, n);
	memmove(ff->value.buf + ff->cursor + n, ff->value.buf + ff->cursor,
		ff->value.len - n - ff->cursor);
	memcpy(ff->value.buf + ff->cursor, enc, n);
	ff->cursor += n;
	return FORM_EDITED;
}

static void erase(struct form_field *ff, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(ff->value.buf + from, ff->value.buf + to, ff->value.len - to + 1);
	ff->value.len -= to - from;
	ff->cursor = from;
	if (ff->scroll > from)
		ff->scroll = from;
}

/* --- choice and bool fields --- */

static enum form_result set_value(struct form_field *ff, const char *v)
{
	if (strcmp(ff->value.buf, v) == 0)
		return FORM_REFUSED;
	sbuf_reset(&ff->value);
	sbuf_adds(&ff->value, v);
	ff->cursor = ff->value.len;
	XFREE(ff->error);
	return FORM_EDITED;
}

/* Steps a choice by dir (+1/-1) through "", the choices, and back. */
static enum form_result step_choice(struct form_field *ff, int dir)
{
	const struct formspec_field *s = ff->spec;
	int i = formspec_choice_find(s, ff->value.buf);
	int n = s->nchoices + 1; /* with "" at position 0 */
	int at = i < 0 ? 0 : i + 1;

	at = ((at + dir) % n + n) % n;
	return set_value(ff, at == 0 ? "" : s->choices[at - 1].value);
}

static enum form_result choice_input(struct form_field *ff, uint32_t cp)
{
	const struct formspec_field *s = ff->spec;
	char lower = cp < 0x80 ? (char)(cp | 0x20) : 0;
	int start = formspec_choice_find(s, ff->value.buf);

	if (cp == ' ')
		return step_choice(ff, +1);
	if (!lower)
		return FORM_REFUSED;
	/* the next choice, after the current one, whose value or label
	 * starts with the letter: typing 'a' twice walks the a's */
	for (int k = 1; k <= s->nchoices; k++) {
		int i = (start + k) % s->nchoices;

		if (i < 0)
			i += s->nchoices;
		if (s->choices[i].value[0] == lower ||
		    (s->choices[i].label[0] | 0x20) == lower)
			return set_value(ff, s->choices[i].value);
	}
	return FORM_REFUSED;
}

static enum form_result bool_input(struct form_field *ff, uint32_t cp)
{
	if (cp == ' ')
		return set_value(ff, ff->value.len ? "" : FORM_YES);
	if (cp == 'y' || cp == 'Y')
		return set_value(ff, FORM_YES);
	if (cp == 'n' || cp == 'N')
		return set_value(ff, "");
	return FORM_REFUSED;
}

static bool picked(const struct form_field *ff)
{
	return ff->spec->kind == FORMSPEC_CHOICE || ff->spec->kind == FORMSPEC_BOOL;
}

/* --- requests --- */

static enum form_result move_focus(struct form *f, int dir)
{
	if (f->n < 2)
		return FORM_IGNORED;
	/* wraps around: Tab on the last field goes to the first */
	f->focus = dir > 0 ? (f->focus + 1) % f->n : (f->focus + f->n - 1) % f->n;
	return FORM_MOVED;
}

enum form_result form_request(struct form *f, enum ui_request req)
{
	struct form_field *ff = field(f, (int)f->focus);
	size_t to;

	if (!ff)
		return FORM_IGNORED;
	switch (req) {
	case REQ_NEXT_FIELD:
	case REQ_DOWN:
		return move_focus(f, +1);
	case REQ_PREV_FIELD:
	case REQ_UP:
		return move_focus(f, -1);
	case REQ_ENTER:
		if (f->focus + 1 >= f->n)
			return FORM_SUBMIT;
		f->focus++;
		return FORM_MOVED;
	case REQ_LEFT:
		if (ff->spec->kind == FORMSPEC_CHOICE)
			return step_choice(ff, -1);
		if (picked(ff) || ff->cursor == 0)
			return FORM_REFUSED;
		ff->cursor = prev_boundary(&ff->value, ff->cursor);
		return FORM_MOVED;
	case REQ_RIGHT:
		if (ff->spec->kind == FORMSPEC_CHOICE)
			return step_choice(ff, +1);
		if (picked(ff) || ff->cursor >= ff->value.len)
			return FORM_REFUSED;
		ff->cursor = next_boundary(&ff->value, ff->cursor);
		return FORM_MOVED;
	case REQ_FIRST:
		if (ff->cursor == 0)
			return FORM_REFUSED;
		ff->cursor = 0;
		return FORM_MOVED;
	case REQ_LAST:
		if (ff->cursor == ff->value.len)
			return FORM_REFUSED;
		ff->cursor = ff->value.len;
		return FORM_MOVED;
	case REQ_BACKSPACE:
		if (picked(ff))
			return set_value(ff, "");
		if (ff->cursor == 0)
			return FORM_REFUSED;
		erase(ff, prev_boundary(&ff->value, ff->cursor), ff->cursor);
		return FORM_EDITED;
	case REQ_DELETE_CHAR:
		if (picked(ff))
			return set_value(ff, "");
		if (ff->cursor >= ff->value.len)
			return FORM_REFUSED;
		to = next_boundary(&ff->value, ff->cursor);
		erase(ff, ff->cursor, to);
		return FORM_EDITED;
	case REQ_CLEAR_FIELD:
		if (!ff->value.len)
			return FORM_REFUSED;
		sbuf_reset(&ff->value);
		ff->cursor = ff->scroll = 0;
		return FORM_EDITED;
	default:
		return FORM_IGNORED;
	}
}

enum form_result form_input(struct form *f, uint32_t cp)
{
	struct form_field *ff = field(f, (int)f->focus);

	if (!ff)
		return FORM_IGNORED;
	switch (ff->spec->kind) {
	case FORMSPEC_CHOICE:
		return choice_input(ff, cp);
	case FORMSPEC_BOOL:
		return bool_input(ff, cp);
	default:
		return insert(ff, cp);
	}
}

/* --- checking --- */

/* Folds full-width ASCII (digits, '/', '-') typed with the input method. */
static bool fold(const char *s, struct sbuf *out)
{
	return normalize_name(s, NORMALIZE_SPACE_REMOVE, out, NULL) == RD_OK;
}

static bool blank(const char *s)
{
	struct sbuf sb;
	bool b;

	sbuf_init(&sb);
	b = fold(s, &sb) && sb.len == 0;
	sbuf_done(&sb);
	return b;
}

/* Up to max digits at *s into *v; returns the count. */
static int digits(const char **s, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && **s >= '0' && **s <= '9') {
		*v = *v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n;
}

static bool separator(const char **s)
{
	static const char *const seps[] = { "-", "/", ".", "年", "月" };

	for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		size_t n = strlen(seps[i]);

		if (strncmp(*s, seps[i], n) == 0) {
			*s += n;
			return true;
		}
	}
	return false;
}

enum rd_status form_parse_date(const char *text, int32_t *out,
			       struct rd_error *err)
{
	struct sbuf sb;
	const char *s;
	int y = 0, m = 0, d = 0, ny;
	bool ok = false;

	sbuf_init(&sb);
	if (fold(text, &sb)) {
		s = sb.buf;
		ny = digits(&s, 8, &y);
		if (ny == 8 && !*s) {
			/* 19611009 */
			d = y % 100;
			m = y / 100 % 100;
			y /= 10000;
			ok = true;
		} else if (ny == 4 && separator(&s) && digits(&s, 2, &m) > 0 &&
			   separator(&s) && digits(&s, 2, &d) > 0) {
			if (strncmp(s, "日", strlen("日")) == 0)
				s += strlen("日");
			ok = *s == '\0';
		}
	}
	sbuf_done(&sb);
	if (!ok)
		return rd_error_set(err, RD_INVALID,
			_("not a date: type it as 1961-10-09 or 1961/10/9"));
	if (y < DATE_PARSE_YEAR_MIN || y > DATE_PARSE_YEAR_MAX ||
	    !date_ymd_valid(y, m, d))
		return rd_error_set(err, RD_INVALID,
			_("%04d-%02d-%02d is not a date of the calendar"), y, m, d);
	*out = date_from_ymd(y, m, d);
	return RD_OK;
}

enum rd_status form_parse_number(const char *text, long long *out,
				 struct rd_error *err)
{
	struct sbuf sb;
	long long v = 0;
	bool ok;

	sbuf_init(&sb);
	ok = fold(text, &sb) && sb.len > 0 && sb.len <= 9;
	for (size_t i = 0; ok && i < sb.len; i++) {
		if (sb.buf[i] < '0' || sb.buf[i] > '9')
			ok = false;
		else
			v = v * 10 + (sb.buf[i] - '0');
	}
	sbuf_done(&sb);
	if (!ok)
		return rd_error_set(err, RD_INVALID, _("type a whole number, such as 30"));
	*out = v;
	return RD_OK;
}

enum rd_status form_check(const struct formspec_field *fs, const char *value,
			  struct rd_error *err)
{
	char buf[NORMALIZE_EMAIL_SIZE];
	int32_t day;
	long long n;
	int64_t yen;

	rd_error_clear(err);
	if (blank(value)) {
		if (fs->required)
			return rd_error_set(err, RD_INVALID, _("required: please fill it in"));
		return RD_OK;
	}
	if ((int)textcheck_chars(value) > fs->max_chars)
		return rd_error_set(err, RD_INVALID, _("too long: at most %d characters"),
				    fs->max_chars);
	switch (fs->kind) {
	case FORMSPEC_KANA:
		if (!normalize_is_kana_reading(value))
			return rd_error_set(err, RD_INVALID,
				_("only kana here (hiragana, katakana or half-width), not kanji or letters"));
		return RD_OK;
	case FORMSPEC_PHONE:
		return normalize_phone(value, NORMALIZE_PHONE_FULL, buf, sizeof(buf), err);
	case FORMSPEC_POSTAL:
		return normalize_postal(value, buf, sizeof(buf), err);
	case FORMSPEC_EMAIL:
		return normalize_email(value, buf, sizeof(buf), err);
	case FORMSPEC_DATE:
		return form_parse_date(value, &day, err);
	case FORMSPEC_NUMBER:
		return form_parse_number(value, &n, err);
	case FORMSPEC_YEN:
		if (money_parse(value, &yen, err) != RD_OK)
			return RD_INVALID;
		if (yen < 0)
			return rd_error_set(err, RD_INVALID, _("an amount of 0 yen or more"));
		return RD_OK;
	case FORMSPEC_CHOICE:
		if (formspec_choice_find(fs, value) < 0)
			return rd_error_set(err, RD_INVALID, _("choose with Space or Left/Right"));
		return RD_OK;
	case FORMSPEC_BOOL:
		if (strcmp(value, FORM_YES) != 0)
			return rd_error_set(err, RD_INVALID, _("Space switches it on or off"));
		return RD_OK;
	case FORMSPEC_TEXT:
	case FORMSPEC_KIND_COUNT:
	default:
		return RD_OK;
	}
}

int form_validate(struct form *f)
{
	int first = -1;

	for (size_t i = 0; i < f->n; i++) {
		struct rd_error err;

		if (form_check(f->fields[i].spec, f->fields[i].value.buf, &err) != RD_OK) {
			form_set_error(f, (int)i, err.msg);
			if (first < 0)
				first = (int)i;
		} else {
			form_set_error(f, (int)i, NULL);
		}
	}
	if (first >= 0)
		f->focus = (size_t)first;
	return first;
}

const char *form_choice_label(const struct formspec_field *fs, const char *value)
{
	int i = formspec_choice_find(fs, value);

	if (!value || !*value)
		return "";
	return i < 0 ? value : _(fs->choices[i].label);
}

/* --- layout --- */

static void pad_blank(struct layout_line *l, int n)
{
	for (; n > 0; n--)
		layout_line_add(l, "_", LAYOUT_DIM);
}

/* Keeps the cursor (and the cell it stands on) inside the box. */
static void scroll_to_cursor(struct form_field *ff, int width)
{
	const struct sbuf *v = &ff->value;
	int cell = 1;

	if (ff->scroll > ff->cursor || ff->scroll > v->len)
		ff->scroll = ff->cursor;
	if (ff->cursor < v->len) {
		size_t len;

		cell = width_cp(cp_at(v, ff->cursor, &len));
		if (cell < 1)
			cell = 1;
	}
	while (ff->scroll < ff->cursor &&
	       width_strn(v->buf + ff->scroll, ff->cursor - ff->scroll) + cell > width)
		ff->scroll = next_boundary(v, ff->scroll);
}

void form_box(struct form *f, int i, bool focused, struct layout_line *l)
{
	struct form_field *ff = field(f, i);
	const struct sbuf *v;
	int width, used = 0;

	if (!ff)
		return;
	v = &ff->value;
	width = ff->spec->width;
	if (ff->spec->kind == FORMSPEC_BOOL) {
		const char *box = v->len ? "[x]" : "[ ]";

		used = layout_line_add(l, box, focused ? LAYOUT_BAR : LAYOUT_NORMAL);
		layout_line_pad(l, width - used);
		return;
	}
	if (ff->spec->kind == FORMSPEC_CHOICE) {
		const char *label = form_choice_label(ff->spec, v->buf);
		struct sbuf sb;

		sbuf_init(&sb);
		sbuf_add(&sb, label, width_prefix(label, strlen(label), width, &used));
		layout_line_add(l, sb.buf, focused ? LAYOUT_BAR : LAYOUT_NORMAL);
		if (focused && !used) {
			layout_line_add(l, " ", LAYOUT_BAR);
			used = 1;
		}
		pad_blank(l, width - used);
		sbuf_done(&sb);
		return;
	}
	if (!focused) {
		/* shown from the start, cut where the box ends */
		size_t n = width_prefix(v->buf, v->len, width, &used);
		struct sbuf sb;

		sbuf_init(&sb);
		sbuf_add(&sb, v->buf, n);
		layout_line_add(l, sb.buf, LAYOUT_NORMAL);
		sbuf_done(&sb);
		pad_blank(l, width - used);
		return;
	}
	scroll_to_cursor(ff, width);
	{
		struct sbuf before, at, after;
		size_t cur_end = next_boundary(v, ff->cursor);
		size_t rest;
		int w;

		sbuf_init(&before);
		sbuf_init(&at);
		sbuf_init(&after);
		sbuf_add(&before, v->buf + ff->scroll, ff->cursor - ff->scroll);
		used = layout_line_add(l, before.buf, LAYOUT_HEADING);
		if (ff->cursor < v->len) {
			sbuf_add(&at, v->buf + ff->cursor, cur_end - ff->cursor);
			w = width_str(at.buf);
			if (used + w <= width) {
				used += layout_line_add(l, at.buf, LAYOUT_CURSOR);
				rest = width_prefix(v->buf + cur_end, v->len - cur_end,
						    width - used, &w);
				sbuf_add(&after, v->buf + cur_end, rest);
				used += layout_line_add(l, after.buf, LAYOUT_HEADING);
			}
		} else if (used < width) {
			used += layout_line_add(l, " ", LAYOUT_CURSOR);
		}
		sbuf_done(&before);
		sbuf_done(&at);
		sbuf_done(&after);
	}
	pad_blank(l, width - used);
}

int form_label_cols(const struct form *f)
{
	int cols = 0;

	for (size_t i = 0; i < f->n; i++) {
		const struct formspec_field *s = f->fields[i].spec;
		int w = width_str(_(s->label)) + (s->required ? 2 : 0);

		if (w > cols)
			cols = w;
	}
	return cols > LABEL_COLS_MAX ? LABEL_COLS_MAX : cols;
}

static void field_line(struct form *f, size_t i, int label_cols, int cols,
		       struct layout_line *l)
{
	struct form_field *ff = &f->fields[i];
	bool focused = i == f->focus;
	struct sbuf label;
	int used;

	sbuf_init(&label);
	layout_line_add(l, focused ? ">" : " ", LAYOUT_HEADING);
	layout_line_add(l, ff->error ? "!" : " ", LAYOUT_ERROR);
	sbuf_adds(&label, _(ff->spec->label));
	if (ff->spec->required)
		sbuf_adds(&label, " *");
	/* the label is cut, never the box */
	{
		struct sbuf cut;

		sbuf_init(&cut);
		width_fit(&cut, label.buf, label_cols);
		used = 2 + layout_line_add(l, cut.buf,
					   ff->error ? LAYOUT_ERROR
					   : focused ? LAYOUT_HEADING : LAYOUT_DIM);
		sbuf_done(&cut);
	}
	layout_line_pad(l, 1);
	used++;
	form_box(f, (int)i, focused, l);
	used += ff->spec->width;
	if (ff->error && cols - used > 4) {
		layout_line_pad(l, 2);
		layout_line_add(l, ff->error, LAYOUT_ERROR);
	}
	layout_line_clip(l, cols);
	sbuf_done(&label);
}

void form_layout(struct form *f, struct layout_text *out, int cols, int rows)
{
	int label_cols = form_label_cols(f);
	int shown;

	if (rows <= 0 || f->n == 0)
		return;
	/* the last line is the help of the focused field when there is room
	 * for it and at least one field */
	shown = rows >= 3 ? rows - 1 : rows;
	if (f->focus < f->top)
		f->top = f->focus;
	if (f->focus >= f->top + (size_t)shown)
		f->top = f->focus + 1 - (size_t)shown;
	if (f->top + (size_t)shown > f->n)
		f->top = f->n > (size_t)shown ? f->n - (size_t)shown : 0;
	for (size_t i = f->top; i < f->n && i < f->top + (size_t)shown; i++)
		field_line(f, i, label_cols, cols, layout_text_add(out, LAYOUT_NORMAL));
	if (rows >= 3) {
		const char *help = f->fields[f->focus].spec->help;

		for (size_t i = f->n - f->top; i < (size_t)shown && f->n > f->top; i++)
			layout_text_add(out, LAYOUT_NORMAL);
		layout_text_addf(out, LAYOUT_DIM, "  %s", help && *help ? _(help) : "");
	}
}

enum form_result form_type(struct form *f, struct ui_app *app, uint32_t cp)
{
	enum form_result r = form_input(f, cp);
	const struct formspec_field *field;

	if (r == FORM_EDITED) {
		form_set_error(f, (int)f->focus, NULL);
	} else if (r == FORM_REFUSED && f->focus < f->n) {
		field = &f->spec->fields[f->focus];
		if (field->kind == FORMSPEC_CHOICE || field->kind == FORMSPEC_BOOL)
			ui_message(app, "%s", _("Space or Left/Right changes this field."));
		else
			ui_error(app, _("%s: at most %d characters."), _(field->label),
				 field->max_chars);
	}
	return r;
}
