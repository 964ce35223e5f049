/* json.c: JSON string writer and a strict recursive-descent parser.
 *
 * The parser builds the whole tree (answers we read are small) and keeps
 * every string with its length, numbers as their literal text: converting
 * them is the caller's choice (json_as_int is exact; there is no double
 * conversion here because strtod depends on the locale). */
#include "repeatdesk/json.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct json_value {
	enum json_type type;
	int boolean;
	char *str;                 /* string value, or number text */
	size_t len;
	struct json_value **items; /* array elements, object values */
	char **keys;               /* object keys (NUL-terminated) */
	size_t *keylens;
	size_t n, cap;
};

/* --- writing ----------------------------------------------------------- */

void json_write_string(struct sbuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run = 0;

	sbuf_addc(out, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char ubuf[7];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			run++;
			continue;
		}
		if (c >= 0x80) {
			uint32_t cp;
			size_t len = utf8_decode(s + i, n - i, &cp);

			if (!UTF8_INVALID(cp, len) && cp != 0x2028 &&
			    cp != 0x2029) {
				i += len;
				run += len;
				continue;
			}
			if (run)
				sbuf_add(out, s + i - run, run);
			run = 0;
			if (UTF8_INVALID(cp, len)) {
				sbuf_adds(out, "\xEF\xBF\xBD");
			} else {
				sbuf_adds(out, cp == 0x2028 ? "\\u2028"
							    : "\\u2029");
			}
			i += len;
			continue;
		}
		if (run)
			sbuf_add(out, s + i - run, run);
		run = 0;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			memcpy(ubuf, "\\u00", 4);
			ubuf[4] = hex[c >> 4];
			ubuf[5] = hex[c & 0xF];
			ubuf[6] = '\0';
			esc = ubuf;
			break;
		}
		sbuf_adds(out, esc);
		i++;
	}
	if (run)
		sbuf_add(out, s + i - run, run);
	sbuf_addc(out, '"');
}

void json_write_str(struct sbuf *out, const char *s)
{
	if (!s)
		sbuf_adds(out, "null");
	else
		json_write_string(out, s, strlen(s));
}

/* --- parsing ----------------------------------------------------------- */

struct parser {
	const char *s;
	size_t n;
	size_t pos;
	int depth;
	struct rd_error *err;
};

/* Reports the error at the current position; always returns RD_INVALID. */
static enum rd_status fail(struct parser *p, const char *what)
{
	unsigned line = 1, col = 1;
	size_t i;

	for (i = 0; i < p->pos && i < p->n; i++) {
		if (p->s[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)p->s[i] & 0xC0) != 0x80) {
			col++;   /* columns count characters, not bytes */
		}
	}
	return rd_error_set(p->err, RD_INVALID,
			    _("invalid JSON at line %u, column %u: %s"),
			    line, col, what);
}

static struct json_value *node_new(enum json_type type)
{
	struct json_value *v = xcalloc(1, sizeof(*v));

	v->type = type;
	return v;
}

static void node_free(struct json_value *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		node_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->keylens);
	free(v->str);
	free(v);
}

void json_free(struct json_value **v)
{
	if (!v)
		return;
	node_free(*v);
	*v = NULL;
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->n) {
		char c = p->s[p->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int literal(struct parser *p, const char *word)
{
	size_t len = strlen(word);

	if (p->n - p->pos < len || memcmp(p->s + p->pos, word, len) != 0)
		return 0;
	p->pos += len;
	return 1;
}

static int hex4(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Parses the \uXXXX escape at p->pos (just after the backslash and 'u'),
 * joining a surrogate pair, and appends its UTF-8 to sb. */
static enum rd_status parse_uescape(struct parser *p, struct sbuf *sb)
{
	uint32_t cp, lo;
	char enc[4];

	if (p->n - p->pos < 4 || hex4(p->s + p->pos, &cp) < 0)
		return fail(p, _("\\u must be followed by four hex digits"));
	p->pos += 4;
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return fail(p, _("unpaired surrogate in \\u escape"));
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (p->n - p->pos < 6 || p->s[p->pos] != '\\' ||
		    p->s[p->pos + 1] != 'u' ||
		    hex4(p->s + p->pos + 2, &lo) < 0 ||
		    lo < 0xDC00 || lo > 0xDFFF)
			return fail(p, _("unpaired surrogate in \\u escape"));
		p->pos += 6;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	sbuf_add(sb, enc, utf8_encode(cp, enc));
	return RD_OK;
}

/* Parses a string at p->pos (on the opening quote) into *out and *outlen
 * (allocated, NUL-terminated). */
static enum rd_status parse_string(struct parser *p, char **out,
				   size_t *outlen)
{
	struct sbuf sb;
	enum rd_status st = RD_OK;

	sbuf_init(&sb);
	p->pos++;   /* opening quote */
	for (;;) {
		unsigned char c;
		size_t start = p->pos;

		/* copy a run of plain ASCII at once */
		while (p->pos < p->n) {
			c = (unsigned char)p->s[p->pos];
			if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80)
				break;
			p->pos++;
		}
		if (p->pos > start)
			sbuf_add(&sb, p->s + start, p->pos - start);
		if (p->pos >= p->n) {
			st = fail(p, _("unterminated string"));
			goto out;
		}
		c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c < 0x20) {
			st = fail(p, _("control character inside a string"));
			goto out;
		}
		if (c >= 0x80) {
			uint32_t cp;
			size_t len = utf8_decode(p->s + p->pos,
						 p->n - p->pos, &cp);

			if (UTF8_INVALID(cp, len)) {
				st = fail(p, _("invalid UTF-8 in a string"));
				goto out;
			}
			sbuf_add(&sb, p->s + p->pos, len);
			p->pos += len;
			continue;
		}
		/* backslash */
		if (p->pos + 1 >= p->n) {
			p->pos++;
			st = fail(p, _("unterminated string"));
			goto out;
		}
		p->pos += 2;
		switch (p->s[p->pos - 1]) {
		case '"': sbuf_addc(&sb, '"'); break;
		case '\\': sbuf_addc(&sb, '\\'); break;
		case '/': sbuf_addc(&sb, '/'); break;
		case 'b': sbuf_addc(&sb, '\b'); break;
		case 'f': sbuf_addc(&sb, '\f'); break;
		case 'n': sbuf_addc(&sb, '\n'); break;
		case 'r': sbuf_addc(&sb, '\r'); break;
		case 't': sbuf_addc(&sb, '\t'); break;
		case 'u':
			st = parse_uescape(p, &sb);
			if (st != RD_OK)
				goto out;
			break;
		default:
			p->pos--;
			st = fail(p, _("unknown escape in a string"));
			goto out;
		}
	}
	*outlen = sb.len;
	*out = sbuf_detach(&sb);
out:
	sbuf_done(&sb);
	return st;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static enum rd_status parse_number(struct parser *p, struct json_value **out)
{
	size_t start = p->pos;
	struct json_value *v;

	if (p->pos < p->n && p->s[p->pos] == '-')
		p->pos++;
	if (p->pos >= p->n || !is_digit(p->s[p->pos]))
		return fail(p, _("invalid number"));
	if (p->s[p->pos] == '0') {
		p->pos++;
		if (p->pos < p->n && is_digit(p->s[p->pos]))
			return fail(p, _("number with a leading zero"));
	} else {
		while (p->pos < p->n && is_digit(p->s[p->pos]))
			p->pos++;
	}
	if (p->pos < p->n && p->s[p->pos] == '.') {
		p->pos++;
		if (p->pos >= p->n || !is_digit(p->s[p->pos]))
			return fail(p, _("invalid number"));
		while (p->pos < p->n && is_digit(p->s[p->pos]))
			p->pos++;
	}
	if (p->pos < p->n && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->n &&
		    (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->n || !is_digit(p->s[p->pos]))
			return fail(p, _("invalid number"));
		while (p->pos < p->n && is_digit(p->s[p->pos]))
			p->pos++;
	}
	v = node_new(JSON_NUMBER);
	v->str = xstrndup(p->s + start, p->pos - start);
	v->len = p->pos - start;
	*out = v;
	return RD_OK;
}

static void node_push(struct json_value *v, struct json_value *item,
		      char *key, size_t keylen)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4;
		v->items = xreallocarray(v->items, v->cap, sizeof(*v->items));
		if (v->type == JSON_OBJECT) {
			v->keys = xreallocarray(v->keys, v->cap,
						sizeof(*v->keys));
			v->keylens = xreallocarray(v->keylens, v->cap,
						   sizeof(*v->keylens));
		}
	}
	v->items[v->n] = item;
	if (v->type == JSON_OBJECT) {
		v->keys[v->n] = key;
		v->keylens[v->n] = keylen;
	}
	v->n++;
}

static enum rd_status parse_value(struct parser *p, struct json_value **out);

static enum rd_status parse_container(struct parser *p,
				      struct json_value **out)
{
	int is_obj = p->s[p->pos] == '{';
	char close = is_obj ? '}' : ']';
	struct json_value *v;
	enum rd_status st = RD_OK;

	if (++p->depth > JSON_MAX_DEPTH)
		return fail(p, _("nested too deeply"));
	v = node_new(is_obj ? JSON_OBJECT : JSON_ARRAY);
	p->pos++;
	skip_ws(p);
	if (p->pos < p->n && p->s[p->pos] == close) {
		p->pos++;
		goto done;
	}
	for (;;) {
		struct json_value *item = NULL;
		char *key = NULL;
		size_t keylen = 0;

		skip_ws(p);
		if (is_obj) {
			if (p->pos >= p->n || p->s[p->pos] != '"') {
				st = fail(p, _("expected a string as key"));
				goto out;
			}
			st = parse_string(p, &key, &keylen);
			if (st != RD_OK)
				goto out;
			skip_ws(p);
			if (p->pos >= p->n || p->s[p->pos] != ':') {
				free(key);
				st = fail(p, _("expected ':' after a key"));
				goto out;
			}
			p->pos++;
		}
		st = parse_value(p, &item);
		if (st != RD_OK) {
			free(key);
			goto out;
		}
		node_push(v, item, key, keylen);
		skip_ws(p);
		if (p->pos < p->n && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->n && p->s[p->pos] == close) {
			p->pos++;
			break;
		}
		st = fail(p, is_obj ? _("expected ',' or '}'")
				    : _("expected ',' or ']'"));
		goto out;
	}
done:
	p->depth--;
	*out = v;
	return RD_OK;
out:
	node_free(v);
	return st;
}

static enum rd_status parse_value(struct parser *p, struct json_value **out)
{
	struct json_value *v;
	enum rd_status st;

	skip_ws(p);
	if (p->pos >= p->n)
		return fail(p, _("unexpected end of input"));
	switch (p->s[p->pos]) {
	case '{':
	case '[':
		return parse_container(p, out);
	case '"':
		v = node_new(JSON_STRING);
		st = parse_string(p, &v->str, &v->len);
		if (st != RD_OK) {
			node_free(v);
			return st;
		}
		*out = v;
		return RD_OK;
	case 't':
	case 'f':
	case 'n':
		if (literal(p, "true")) {
			v = node_new(JSON_BOOL);
			v->boolean = 1;
			*out = v;
			return RD_OK;
		}
		if (literal(p, "false")) {
			*out = node_new(JSON_BOOL);
			return RD_OK;
		}
		if (literal(p, "null")) {
			*out = node_new(JSON_NULL);
			return RD_OK;
		}
		return fail(p, _("unknown word"));
	default:
		if (p->s[p->pos] == '-' || is_digit(p->s[p->pos]))
			return parse_number(p, out);
		return fail(p, _("unexpected character"));
	}
}

enum rd_status json_parse(const char *text, size_t len,
			  struct json_value **out, struct rd_error *err)
{
	struct parser p = { text, len, 0, 0, err };
	struct json_value *v = NULL;
	enum rd_status st;

	*out = NULL;
	if (!text)
		return rd_error_set(err, RD_INVALID,
				    _("invalid JSON: no document"));
	if (len > JSON_MAX_SIZE)
		return rd_error_set(err, RD_INVALID,
				    _("invalid JSON: the document is larger "
				      "than %u bytes"), JSON_MAX_SIZE);
	st = parse_value(&p, &v);
	if (st != RD_OK)
		return st;
	skip_ws(&p);
	if (p.pos < p.n) {
		node_free(v);
		return fail(&p, _("more text after the document"));
	}
	*out = v;
	return RD_OK;
}

int json_valid(const char *text, size_t len)
{
	struct json_value *v = NULL;

	if (json_parse(text, len, &v, NULL) != RD_OK)
		return 0;
	json_free(&v);
	return 1;
}

/* --- access ------------------------------------------------------------ */

enum json_type json_typeof(const struct json_value *v)
{
	return v ? v->type : JSON_NULL;
}

size_t json_len(const struct json_value *v)
{
	if (!v || (v->type != JSON_ARRAY && v->type != JSON_OBJECT))
		return 0;
	return v->n;
}

const struct json_value *json_get(const struct json_value *obj,
				  const char *key)
{
	size_t i, klen;

	if (!obj || obj->type != JSON_OBJECT || !key)
		return NULL;
	klen = strlen(key);
	for (i = 0; i < obj->n; i++) {
		if (obj->keylens[i] == klen &&
		    memcmp(obj->keys[i], key, klen) == 0)
			return obj->items[i];
	}
	return NULL;
}

const struct json_value *json_at(const struct json_value *arr, size_t i)
{
	if (!arr || arr->type != JSON_ARRAY || i >= arr->n)
		return NULL;
	return arr->items[i];
}

const char *json_key_at(const struct json_value *obj, size_t i)
{
	if (!obj || obj->type != JSON_OBJECT || i >= obj->n)
		return NULL;
	return obj->keys[i];
}

const struct json_value *json_value_at(const struct json_value *obj,
				       size_t i)
{
	if (!obj || obj->type != JSON_OBJECT || i >= obj->n)
		return NULL;
	return obj->items[i];
}

const char *json_as_string(const struct json_value *v, size_t *len)
{
	if (!v || v->type != JSON_STRING)
		return NULL;
	if (len)
		*len = v->len;
	return v->str;
}

int json_as_int(const struct json_value *v, int64_t *out)
{
	const char *s;
	uint64_t acc = 0, limit;
	int neg = 0;

	if (!v || v->type != JSON_NUMBER)
		return -1;
	s = v->str;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *s; s++) {
		unsigned d;

		if (!is_digit(*s))
			return -1;   /* fraction or exponent */
		d = (unsigned)(*s - '0');
		if (acc > (limit - d) / 10)
			return -1;
		acc = acc * 10 + d;
	}
	if (neg)
		*out = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN
						      : -(int64_t)acc;
	else
		*out = (int64_t)acc;
	return 0;
}

int json_as_bool(const struct json_value *v, int *out)
{
	if (!v || v->type != JSON_BOOL)
		return -1;
	*out = v->boolean;
	return 0;
}

const char *json_number_text(const struct json_value *v)
{
	if (!v || v->type != JSON_NUMBER)
		return NULL;
	return v->str;
}
