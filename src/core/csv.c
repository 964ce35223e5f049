/* csv.c: CSV field writer and a byte-at-a-time streaming record parser.
 *
 * The parser is a small state machine over single bytes, so a chunk may
 * end anywhere (inside a quoted field, between CR and LF, inside the byte
 * order mark) and the next chunk continues where it stopped. Fields of the
 * current record are kept in one buffer separated by NUL bytes, with their
 * offsets, and turned into pointers only when the record is complete. */
#include "repeatdesk/csv.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* --- writing ----------------------------------------------------------- */

int csv_needs_quotes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == ',' || c == '"' || c == '\n' || c == '\r')
			return 1;
	}
	return 0;
}

/* Bytes of a control character at s[i] that CSV output never writes raw
 * (a terminal would obey it): C0 but tab, line feed and carriage return
 * (line breaks stay inside quotes), DEL, and C1 in UTF-8 (C2 80..C2 9F).
 * 0: not one. */
static size_t control_len(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
		return 1;
	if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
	    (unsigned char)s[i + 1] <= 0x9F)
		return 2;
	return 0;
}

void csv_write_field(struct sbuf *out, const char *s, size_t n)
{
	size_t i, start = 0;
	int quote = csv_needs_quotes(s, n);

	if (quote)
		sbuf_addc(out, '"');
	for (i = 0; i < n;) {
		size_t cl = control_len(s, n, i);

		if (cl) {
			/* shown as U+FFFD, never passed to whoever reads it */
			sbuf_add(out, s + start, i - start);
			sbuf_add(out, "\xef\xbf\xbd", 3);
			i += cl;
			start = i;
		} else if (quote && s[i] == '"') {
			sbuf_add(out, s + start, i + 1 - start);
			sbuf_addc(out, '"');
			start = ++i;
		} else {
			i++;
		}
	}
	sbuf_add(out, s + start, n - start);
	if (quote)
		sbuf_addc(out, '"');
}

void csv_write_str(struct sbuf *out, const char *s)
{
	if (s)
		csv_write_field(out, s, strlen(s));
}

void csv_write_record(struct sbuf *out, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			sbuf_addc(out, ',');
		csv_write_str(out, fields[i]);
	}
	sbuf_addc(out, '\n');
}

/* --- parsing ----------------------------------------------------------- */

enum csv_state {
	CSV_FIELD_START,   /* at the start of a field */
	CSV_UNQUOTED,      /* inside an unquoted field */
	CSV_QUOTED,        /* inside quotes */
	CSV_QUOTE_SEEN     /* a quote inside quotes: doubled or closing? */
};

struct csv_parser {
	csv_record_fn fn;
	void *ctx;
	enum csv_state state;
	struct sbuf buf;        /* field bytes, each field NUL-terminated */
	size_t *offs;           /* start of each field in buf */
	size_t nfields, capfields;
	int content;            /* the record has more than a line end */
	int skip_lf;            /* the last record ended with CR */
	int bom;                /* bytes of the byte order mark matched */
	int failed;
	struct rd_error failure;
	unsigned long line;     /* current physical line */
	unsigned long rec_line; /* line where the current record started */
	/* pointer arrays handed to the callback, reused between records */
	const char **ptrs;
	size_t *lens;
	size_t capptrs;
};

static const unsigned char utf8_bom[3] = { 0xEF, 0xBB, 0xBF };

struct csv_parser *csv_parser_new(csv_record_fn fn, void *ctx)
{
	struct csv_parser *p = xcalloc(1, sizeof(*p));

	p->fn = fn;
	p->ctx = ctx;
	p->state = CSV_FIELD_START;
	sbuf_init(&p->buf);
	p->line = 1;
	p->rec_line = 1;
	return p;
}

void csv_parser_free(struct csv_parser **pp)
{
	struct csv_parser *p;

	if (!pp || !*pp)
		return;
	p = *pp;
	sbuf_done(&p->buf);
	free(p->offs);
	free(p->ptrs);
	free(p->lens);
	free(p);
	*pp = NULL;
}

/* Remembers a failure so that later calls repeat it. The message is in
 * err when the caller gave one, else in p->failure only. */
static enum rd_status fail(struct csv_parser *p, struct rd_error *err,
			   enum rd_status st)
{
	p->failed = 1;
	if (err && err->status == st)
		p->failure = *err;
	else
		rd_error_set(&p->failure, st, "%s", _(rd_status_message(st)));
	return st;
}

static enum rd_status invalid(struct csv_parser *p, struct rd_error *err,
			      const char *what, unsigned long line)
{
	p->failed = 1;
	rd_error_set(&p->failure, RD_INVALID, _("line %lu: %s"), line, what);
	if (err)
		*err = p->failure;
	return RD_INVALID;
}

static enum rd_status start_field(struct csv_parser *p, struct rd_error *err)
{
	if (p->nfields >= CSV_MAX_FIELDS)
		return invalid(p, err, _("too many fields in one record"),
			       p->rec_line);
	if (p->nfields == p->capfields) {
		p->capfields = p->capfields ? p->capfields * 2 : 16;
		p->offs = xreallocarray(p->offs, p->capfields,
					sizeof(*p->offs));
	}
	p->offs[p->nfields++] = p->buf.len;
	return RD_OK;
}

static enum rd_status add_byte(struct csv_parser *p, char c,
			       struct rd_error *err)
{
	if (p->buf.len >= CSV_MAX_RECORD)
		return invalid(p, err, _("record too long (is a quote left "
					 "open?)"), p->rec_line);
	sbuf_addc(&p->buf, c);
	return RD_OK;
}

/* Ends the current field: its bytes are followed by a NUL in buf. */
static void end_field(struct csv_parser *p)
{
	sbuf_addc(&p->buf, '\0');
}

static enum rd_status emit(struct csv_parser *p, struct rd_error *err)
{
	struct csv_record rec;
	enum rd_status st = RD_OK;
	size_t i;

	end_field(p);
	if (p->content) {
		if (p->nfields > p->capptrs) {
			p->capptrs = p->capfields;
			p->ptrs = xreallocarray(p->ptrs, p->capptrs,
						sizeof(*p->ptrs));
			p->lens = xreallocarray(p->lens, p->capptrs,
						sizeof(*p->lens));
		}
		for (i = 0; i < p->nfields; i++) {
			size_t end = i + 1 < p->nfields ? p->offs[i + 1]
							: p->buf.len;

			p->ptrs[i] = p->buf.buf + p->offs[i];
			p->lens[i] = end - 1 - p->offs[i];
		}
		rec.nfields = p->nfields;
		rec.fields = p->ptrs;
		rec.lens = p->lens;
		rec.line = p->rec_line;
		st = p->fn ? p->fn(p->ctx, &rec, err) : RD_OK;
	}
	sbuf_reset(&p->buf);
	p->nfields = 0;
	p->content = 0;
	p->state = CSV_FIELD_START;
	if (st != RD_OK)
		return fail(p, err, st);
	return RD_OK;
}

/* Handles a CR or LF that ends a record. */
static enum rd_status end_line(struct csv_parser *p, char c,
			       struct rd_error *err)
{
	enum rd_status st = emit(p, err);

	p->line++;
	p->rec_line = p->line;
	p->skip_lf = c == '\r';
	return st;
}

static enum rd_status feed_byte(struct csv_parser *p, char c,
				struct rd_error *err)
{
	enum rd_status st = RD_OK;

	if (p->skip_lf) {
		p->skip_lf = 0;
		if (c == '\n')
			return RD_OK;
	}
	if (p->nfields == 0) {
		st = start_field(p, err);
		if (st != RD_OK)
			return st;
	}
	switch (p->state) {
	case CSV_FIELD_START:
		if (c == '"') {
			p->content = 1;
			p->state = CSV_QUOTED;
			return RD_OK;
		}
		p->state = CSV_UNQUOTED;
		/* fall through */
	case CSV_UNQUOTED:
		if (c == ',') {
			p->content = 1;
			end_field(p);
			p->state = CSV_FIELD_START;
			return start_field(p, err);
		}
		if (c == '\n' || c == '\r')
			return end_line(p, c, err);
		p->content = 1;
		return add_byte(p, c, err);
	case CSV_QUOTED:
		if (c == '"') {
			p->state = CSV_QUOTE_SEEN;
			return RD_OK;
		}
		if (c == '\n')
			p->line++;
		return add_byte(p, c, err);
	case CSV_QUOTE_SEEN:
		if (c == '"') {
			p->state = CSV_QUOTED;
			return add_byte(p, c, err);
		}
		if (c == ',') {
			end_field(p);
			p->state = CSV_FIELD_START;
			return start_field(p, err);
		}
		if (c == '\n' || c == '\r')
			return end_line(p, c, err);
		return invalid(p, err, _("unexpected text after a closing "
					 "quote (write a quote inside quotes "
					 "as \"\")"), p->line);
	}
	return st;
}

enum rd_status csv_parser_feed(struct csv_parser *p, const char *data,
			       size_t n, struct rd_error *err)
{
	size_t i;

	if (p->failed) {
		if (err)
			*err = p->failure;
		return p->failure.status;
	}
	for (i = 0; i < n; i++) {
		enum rd_status st;
		char c = data[i];

		if (p->bom >= 0 && p->bom < 3) {
			if ((unsigned char)c == utf8_bom[p->bom]) {
				if (++p->bom == 3)
					p->bom = -1;
				continue;
			}
			/* not a byte order mark: replay what matched */
			for (int k = 0; k < p->bom; k++) {
				st = feed_byte(p, (char)utf8_bom[k], err);
				if (st != RD_OK)
					return st;
			}
			p->bom = -1;
		}
		st = feed_byte(p, c, err);
		if (st != RD_OK)
			return st;
	}
	return RD_OK;
}

enum rd_status csv_parser_finish(struct csv_parser *p, struct rd_error *err)
{
	if (p->failed) {
		if (err)
			*err = p->failure;
		return p->failure.status;
	}
	if (p->bom > 0 && p->bom < 3) {
		int matched = p->bom;

		p->bom = -1;
		for (int k = 0; k < matched; k++) {
			enum rd_status st = feed_byte(p, (char)utf8_bom[k],
						      err);

			if (st != RD_OK)
				return st;
		}
	}
	if (p->state == CSV_QUOTED)
		return invalid(p, err, _("a quoted field is not closed at the "
					 "end of the input"), p->rec_line);
	if (p->nfields > 0)
		return emit(p, err);
	return RD_OK;
}
