/* formspec.c: the parser of forms/NAME.form (syntax in formspec.h).
 *
 * Each line is checked for UTF-8 and control characters before it is
 * split, so every later step deals with text and every message names its
 * line. Nothing is kept of a file that fails: a form is used whole or not
 * at all. */
#include "repeatdesk/formspec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#define COLUMNS_MAX 6
#define COLUMNS_MIN 4

static const char *const kind_words[FORMSPEC_KIND_COUNT] = {
#define FORMSPEC_KIND_WORD(name, word) [FORMSPEC_##name] = word,
	FORMSPEC_KIND_TABLE(FORMSPEC_KIND_WORD)
#undef FORMSPEC_KIND_WORD
};

const char *formspec_kind_name(enum formspec_kind kind)
{
	return (unsigned)kind < FORMSPEC_KIND_COUNT ? kind_words[kind] : "?";
}

int formspec_kind_parse(const char *word)
{
	for (int k = 0; word && k < FORMSPEC_KIND_COUNT; k++)
		if (strcmp(word, kind_words[k]) == 0)
			return k;
	return -1;
}

int formspec_find(const struct formspec *spec, const char *name)
{
	for (size_t i = 0; name && i < spec->n; i++)
		if (strcmp(spec->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

int formspec_choice_find(const struct formspec_field *f, const char *value)
{
	for (int i = 0; value && i < f->nchoices; i++)
		if (strcmp(f->choices[i].value, value) == 0)
			return i;
	return -1;
}

static void field_free(struct formspec_field *f)
{
	XFREE(f->label);
	XFREE(f->help);
}

void formspec_done(struct formspec *spec)
{
	for (size_t i = 0; i < spec->n; i++)
		field_free(&spec->fields[i]);
	XFREE(spec->fields);
	spec->n = 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static enum rd_status line_error(struct rd_error *err, unsigned line,
				 const char *fmt, const char *arg)
{
	char quoted[40];

	if (arg) {
		rd_quote_input(arg, strlen(arg), quoted, sizeof(quoted));
		arg = quoted;
	}
	/* fmt is one of the translated texts below, with at most one %s */
	rd_error_set(err, RD_INVALID, _("line %u: "), line);
	{
		size_t used = strlen(err->msg);

		snprintf(err->msg + used, sizeof(err->msg) - used, fmt,
			 arg ? arg : "");
	}
	return RD_INVALID;
}

/* Splits one line into its columns: unescapes \| and \\, trims each.
 * Returns the number of columns, or -1 when there are too many. */
static int split(const char *s, size_t n, struct sbuf cols[COLUMNS_MAX])
{
	int c = 0;

	for (int i = 0; i < COLUMNS_MAX; i++)
		sbuf_reset(&cols[i]);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '|' || s[i + 1] == '\\')) {
			sbuf_addc(&cols[c], s[++i]);
		} else if (s[i] == '|') {
			if (++c == COLUMNS_MAX)
				return -1;
		} else {
			sbuf_addc(&cols[c], s[i] == '\t' ? ' ' : s[i]);
		}
	}
	for (int i = 0; i <= c; i++) {
		struct sbuf *b = &cols[i];
		size_t lead = 0;

		while (b->len && is_blank(b->buf[b->len - 1]))
			b->buf[--b->len] = '\0';
		while (lead < b->len && is_blank(b->buf[lead]))
			lead++;
		memmove(b->buf, b->buf + lead, b->len - lead + 1);
		b->len -= lead;
	}
	return c + 1;
}

static bool valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n >= FORMSPEC_NAME_SIZE || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return false;
	return true;
}

static bool valid_choice_value(const char *s, size_t n)
{
	if (n < 1 || n >= FORMSPEC_CHOICE_SIZE)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

/* A positive decimal of at most 5 digits, or -1. */
static int small_number(const char *s)
{
	int v = 0;

	if (!*s || strlen(s) > 5)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* choices=a,b:label,... into f. */
static enum rd_status parse_choices(struct formspec_field *f, const char *s,
				    unsigned line, struct rd_error *err)
{
	if (!*s)
		return line_error(err, line, _("choices= needs values: choices=a,b,c"), NULL);
	while (*s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		const char *colon = memchr(s, ':', n);
		size_t vlen = colon ? (size_t)(colon - s) : n;
		size_t llen = colon ? n - vlen - 1 : vlen;
		const char *lab = colon ? colon + 1 : s;
		struct formspec_choice *c;
		char word[64];

		snprintf(word, sizeof(word), "%.*s", (int)(n < 60 ? n : 60), s);
		if (!valid_choice_value(s, vlen))
			return line_error(err, line,
				_("'%s' is no choice value (1 to 15 of a-z, 0-9, _ and -)"), word);
		if (llen < 1 || llen >= sizeof(c->label))
			return line_error(err, line, _("the choice '%s' needs a short label"), word);
		if (f->nchoices == FORMSPEC_CHOICES_MAX)
			return line_error(err, line, _("too many choices (at most 16)"), NULL);
		c = &f->choices[f->nchoices];
		memcpy(c->value, s, vlen);
		c->value[vlen] = '\0';
		memcpy(c->label, lab, llen);
		c->label[llen] = '\0';
		for (int i = 0; i < f->nchoices; i++)
			if (strcmp(f->choices[i].value, c->value) == 0)
				return line_error(err, line, _("the choice '%s' is given twice"),
						  c->value);
		f->nchoices++;
		s += n;
		if (*s == ',') {
			s++;
			if (!*s)
				return line_error(err, line, _("a choice is missing after the last ','"),
						  NULL);
		}
	}
	return RD_OK;
}

static enum rd_status parse_flags(struct formspec_field *f, const char *s,
				  unsigned line, struct rd_error *err)
{
	bool seen_max = false, seen_choices = false;
	enum rd_status st;

	while (*s) {
		const char *end;
		char *word;
		size_t n;

		while (is_blank(*s))
			s++;
		if (!*s)
			break;
		end = s;
		while (*end && !is_blank(*end))
			end++;
		n = (size_t)(end - s);
		word = xstrndup(s, n);
		s = end;
		st = RD_OK;
		if (strcmp(word, "required") == 0) {
			if (f->required)
				st = line_error(err, line, _("'%s' is given twice"), word);
			f->required = true;
		} else if (strncmp(word, "max=", 4) == 0) {
			int v = small_number(word + 4);

			if (seen_max)
				st = line_error(err, line, _("'%s': max= is given twice"), word);
			else if (v < 1 || v > FORMSPEC_MAX_CHARS)
				st = line_error(err, line,
					_("'%s': max= takes a number of characters, 1 to 10000"), word);
			f->max_chars = v;
			seen_max = true;
		} else if (strncmp(word, "choices=", 8) == 0) {
			if (seen_choices)
				st = line_error(err, line, _("'%s': choices= is given twice"), word);
			else
				st = parse_choices(f, word + 8, line, err);
			seen_choices = true;
		} else {
			st = line_error(err, line,
				_("unknown flag '%s' (required, max=N, choices=a,b)"), word);
		}
		free(word);
		if (st != RD_OK)
			return st;
	}
	if (f->kind != FORMSPEC_CHOICE && seen_choices)
		return line_error(err, line, _("choices= is only for a choice field, not %s"),
				  formspec_kind_name(f->kind));
	return RD_OK;
}

static enum rd_status parse_field(struct formspec *spec, struct sbuf cols[],
				  int ncols, unsigned line,
				  struct rd_error *err)
{
	struct formspec_field f;
	enum rd_status st;
	int kind, width;

	memset(&f, 0, sizeof(f));
	f.line = line;
	f.max_chars = FORMSPEC_DEFAULT_MAX;
	if (ncols < COLUMNS_MIN)
		return line_error(err, line,
			_("expected name | label | width | kind | flags | help"), NULL);
	if (!valid_name(cols[0].buf))
		return line_error(err, line,
			_("'%s' is no field name (1 to 31 of a-z, 0-9 and _, starting with a letter)"),
			cols[0].buf);
	snprintf(f.name, sizeof(f.name), "%s", cols[0].buf);
	if (formspec_find(spec, f.name) >= 0)
		return line_error(err, line, _("the field '%s' is declared twice"), f.name);
	if (!cols[1].len)
		return line_error(err, line, _("the field '%s' needs a label"), f.name);
	if (textcheck_chars(cols[1].buf) > FORMSPEC_LABEL_CHARS)
		return line_error(err, line, _("the label of '%s' is too long (at most 60 characters)"),
				  f.name);
	width = small_number(cols[2].buf);
	if (width < 1 || width > FORMSPEC_WIDTH_MAX)
		return line_error(err, line, _("'%s' is no width: a number of columns, 1 to 200"),
				  cols[2].buf);
	kind = formspec_kind_parse(cols[3].buf);
	if (kind < 0)
		return line_error(err, line,
			_("unknown kind '%s' (text, kana, phone, postal, email, date, number, yen, choice, bool)"),
			cols[3].buf);
	f.width = width;
	f.kind = (enum formspec_kind)kind;
	if (ncols > 4 && (st = parse_flags(&f, cols[4].buf, line, err)) != RD_OK)
		return st;
	if (f.kind == FORMSPEC_CHOICE && !f.nchoices)
		return line_error(err, line, _("a choice field needs choices=a,b,..."), NULL);
	if (ncols > 5 && textcheck_chars(cols[5].buf) > FORMSPEC_HELP_CHARS)
		return line_error(err, line, _("the help of '%s' is too long (at most 300 characters)"),
				  f.name);
	if (spec->n == FORMSPEC_FIELDS_MAX)
		return line_error(err, line, _("too many fields (at most 64)"), NULL);
	f.label = xstrdup(cols[1].buf);
	f.help = xstrdup(ncols > 5 ? cols[5].buf : "");
	spec->fields = xreallocarray(spec->fields, spec->n + 1, sizeof(*spec->fields));
	spec->fields[spec->n++] = f;
	return RD_OK;
}

enum rd_status formspec_parse(const char *text, size_t len,
			      struct formspec *out, struct rd_error *err)
{
	struct sbuf cols[COLUMNS_MAX];
	enum rd_status st = RD_OK;
	size_t pos = 0;
	unsigned line = 0;

	memset(out, 0, sizeof(*out));
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	for (int i = 0; i < COLUMNS_MAX; i++)
		sbuf_init(&cols[i]);
	while (pos < len && st == RD_OK) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		int ncols;

		pos += n + (nl ? 1 : 0);
		line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (memchr(s, '\0', n) || !utf8_valid_text(s, n)) {
			st = line_error(err, line,
				_("not text: invalid UTF-8 or a control character"), NULL);
			break;
		}
		while (n && is_blank(*s)) {
			s++;
			n--;
		}
		if (!n || *s == '#')
			continue;
		ncols = split(s, n, cols);
		if (ncols < 0)
			st = line_error(err, line,
				_("too many columns: name | label | width | kind | flags | help (write \\| for a '|' in a text)"),
				NULL);
		else
			st = parse_field(out, cols, ncols, line, err);
	}
	for (int i = 0; i < COLUMNS_MAX; i++)
		sbuf_done(&cols[i]);
	if (st == RD_OK && out->n == 0)
		st = rd_error_set(err, RD_INVALID, _("the form declares no field"));
	if (st != RD_OK)
		formspec_done(out);
	return st;
}
