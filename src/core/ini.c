/* ini.c: line-oriented INI parser, and a lookup table built with it.
 *
 * Each line is checked for UTF-8 and control characters first, so that
 * later steps deal with text only and every message can name its line. */
#include "repeatdesk/ini.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct ini_item {
	char *section;
	char *key;
	char *value;
	unsigned line;
};

struct ini {
	struct ini_item *items;
	size_t n, cap;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* Trims spaces at both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static enum rd_status line_error(struct rd_error *err, unsigned line,
				 const char *what)
{
	return rd_error_set(err, RD_INVALID, _("line %u: %s"), line, what);
}

/* Parses the value text (trimmed, non-empty or empty) into out. */
static enum rd_status parse_value(const char *s, size_t n, unsigned line,
				  struct sbuf *out, struct rd_error *err)
{
	size_t i;

	if (n == 0 || s[0] != '"') {
		/* unquoted: a comment starts at '#' or ';' at the start or
		 * after a space */
		for (i = 0; i < n; i++) {
			if ((s[i] == '#' || s[i] == ';') &&
			    (i == 0 || is_space(s[i - 1]))) {
				n = i;
				break;
			}
		}
		trim(&s, &n);
		sbuf_add(out, s, n);
		return RD_OK;
	}
	for (i = 1; i < n; i++) {
		char c = s[i];

		if (c == '"')
			break;
		if (c != '\\') {
			sbuf_addc(out, c);
			continue;
		}
		if (++i >= n)
			break;
		switch (s[i]) {
		case '"': sbuf_addc(out, '"'); break;
		case '\\': sbuf_addc(out, '\\'); break;
		case 'n': sbuf_addc(out, '\n'); break;
		case 't': sbuf_addc(out, '\t'); break;
		default:
			return line_error(err, line,
					  _("unknown escape in a quoted value "
					    "(use \\\" \\\\ \\n or \\t)"));
		}
	}
	if (i >= n)
		return line_error(err, line,
				  _("missing closing quote of the value"));
	for (i++; i < n; i++) {
		if (s[i] == '#' || s[i] == ';')
			break;
		if (!is_space(s[i]))
			return line_error(err, line,
					  _("text after the closing quote"));
	}
	return RD_OK;
}

enum rd_status ini_parse(const char *buf, size_t len, ini_fn fn, void *ctx,
			 struct rd_error *err)
{
	struct sbuf section, value;
	enum rd_status st = RD_OK;
	unsigned line = 0;
	size_t pos = 0;

	sbuf_init(&section);
	sbuf_init(&value);
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *s = buf + pos, *eol, *eq;
		size_t n, klen;

		eol = memchr(s, '\n', len - pos);
		n = eol ? (size_t)(eol - s) : len - pos;
		pos += n + (eol ? 1 : 0);
		line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (!utf8_valid_text(s, n)) {
			st = line_error(err, line,
					_("not UTF-8 text, or a control "
					  "character"));
			goto out;
		}
		trim(&s, &n);
		if (n == 0 || s[0] == '#' || s[0] == ';')
			continue;
		if (s[0] == '[') {
			const char *close = memchr(s, ']', n);
			const char *name = s + 1;
			size_t rest, nlen;

			if (!close) {
				st = line_error(err, line,
						_("section header not closed "
						  "with ']'"));
				goto out;
			}
			nlen = (size_t)(close - name);
			rest = n - (size_t)(close + 1 - s);
			trim(&name, &nlen);
			if (nlen == 0 || memchr(name, '[', nlen)) {
				st = line_error(err, line,
						_("expected a section name "
						  "inside [ ]"));
				goto out;
			}
			s = close + 1;
			trim(&s, &rest);
			if (rest && s[0] != '#' && s[0] != ';') {
				st = line_error(err, line,
						_("text after the section "
						  "header"));
				goto out;
			}
			sbuf_reset(&section);
			sbuf_add(&section, name, nlen);
			continue;
		}
		eq = memchr(s, '=', n);
		if (!eq) {
			st = line_error(err, line, _("expected key = value"));
			goto out;
		}
		klen = (size_t)(eq - s);
		while (klen && is_space(s[klen - 1]))
			klen--;
		if (klen == 0) {
			st = line_error(err, line,
					_("expected key = value (the key is "
					  "empty)"));
			goto out;
		}
		for (size_t i = 0; i < klen; i++) {
			if (!is_key_char(s[i])) {
				st = line_error(err, line,
						_("a key may hold only letters, "
						  "digits, '_', '-' and '.'"));
				goto out;
			}
		}
		{
			const char *v = eq + 1;
			size_t vlen = n - (size_t)(v - s);
			char *key = xstrndup(s, klen);

			trim(&v, &vlen);
			sbuf_reset(&value);
			st = parse_value(v, vlen, line, &value, err);
			if (st == RD_OK && fn)
				st = fn(ctx, section.buf, key, value.buf, line,
					err);
			free(key);
			if (st != RD_OK)
				goto out;
		}
	}
out:
	sbuf_done(&section);
	sbuf_done(&value);
	return st;
}

static enum rd_status collect(void *ctx, const char *section,
			      const char *key, const char *value,
			      unsigned line, struct rd_error *err)
{
	struct ini *ini = ctx;
	struct ini_item *it;

	(void)err;
	if (ini->n == ini->cap) {
		ini->cap = ini->cap ? ini->cap * 2 : 16;
		ini->items = xreallocarray(ini->items, ini->cap,
					   sizeof(*ini->items));
	}
	it = &ini->items[ini->n++];
	it->section = xstrdup(section);
	it->key = xstrdup(key);
	it->value = xstrdup(value);
	it->line = line;
	return RD_OK;
}

enum rd_status ini_load(const char *buf, size_t len, struct ini **out,
			struct rd_error *err)
{
	struct ini *ini = xcalloc(1, sizeof(*ini));
	enum rd_status st;

	*out = NULL;
	st = ini_parse(buf, len, collect, ini, err);
	if (st != RD_OK) {
		ini_free(&ini);
		return st;
	}
	*out = ini;
	return RD_OK;
}

void ini_free(struct ini **pini)
{
	struct ini *ini;
	size_t i;

	if (!pini || !*pini)
		return;
	ini = *pini;
	for (i = 0; i < ini->n; i++) {
		free(ini->items[i].section);
		free(ini->items[i].key);
		free(ini->items[i].value);
	}
	free(ini->items);
	free(ini);
	*pini = NULL;
}

static const struct ini_item *find(const struct ini *ini, const char *section,
				   const char *key)
{
	size_t i;

	if (!ini || !key)
		return NULL;
	if (!section)
		section = "";
	for (i = ini->n; i-- > 0;) {
		const struct ini_item *it = &ini->items[i];

		if (strcmp(it->key, key) == 0 &&
		    strcmp(it->section, section) == 0)
			return it;
	}
	return NULL;
}

const char *ini_get(const struct ini *ini, const char *section,
		    const char *key)
{
	const struct ini_item *it = find(ini, section, key);

	return it ? it->value : NULL;
}

unsigned ini_line(const struct ini *ini, const char *section,
		  const char *key)
{
	const struct ini_item *it = find(ini, section, key);

	return it ? it->line : 0;
}

size_t ini_count(const struct ini *ini)
{
	return ini ? ini->n : 0;
}

int ini_entry(const struct ini *ini, size_t i, const char **section,
	      const char **key, const char **value, unsigned *line)
{
	const struct ini_item *it;

	if (!ini || i >= ini->n)
		return -1;
	it = &ini->items[i];
	if (section)
		*section = it->section;
	if (key)
		*key = it->key;
	if (value)
		*value = it->value;
	if (line)
		*line = it->line;
	return 0;
}
