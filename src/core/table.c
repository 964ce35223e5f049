/* table.c: the command line's tabular output as table, json or csv.
 *
 * Cells are kept as copied strings (NULL when unset) and rendered on
 * demand. Choices that the header leaves open:
 * - table: columns separated by two spaces, widths by display width
 *   (width.h), INT columns (header included) right-aligned, no spaces at
 *   line ends; control characters show as spaces and invalid UTF-8 as
 *   U+FFFD so that a stray byte cannot break the alignment or the
 *   terminal. A record shows one "title: value" line per column, values
 *   aligned, line breaks in a value continued on indented lines.
 * - json: one object per line inside the array, fields in column order;
 *   INT values that are not JSON integers and TABLE_JSON values that are
 *   not valid JSON are written as strings, so the document stays valid.
 * - csv: header of column names, LF line ends (CRLF and a BOM on
 *   request), bytes passed through, except that a text cell a
 *   spreadsheet would take for a formula (= + - @ tab CR first) gets a
 *   leading apostrophe; numbers in INT/MONEY columns are left as they
 *   are. For a spreadsheet, a CODE cell of plain characters is written
 *   ="0312345678" so that its leading zeros survive.
 * - BOOL is written true/false in json and csv, yes/no (translated) in
 *   the table format.
 * - A cell may carry words (table_set_words): the table format shows them,
 *   json and csv keep the value (a database code).
 * - MONEY and DATE keep json and csv plain (integer, ISO date; json
 *   writes a timestamp in RFC 3339 with its offset); the table
 *   shows them as people read them (money_yen, date_format_stamp: a date,
 *   or a timestamp with its time, 24-hour). */
#include "repeatdesk/table.h"
#include "repeatdesk/csv.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/money.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct table_col {
	char *name;
	char *title;
	enum table_type type;
};

struct table_row {
	char **cells;   /* ncells entries, NULL when unset */
	char **words;   /* ncells entries: the table format's text, or NULL */
	int ncells;
};

struct table {
	struct table_col *cols;
	int ncols, capcols;
	struct table_row *rows;
	int nrows, caprows;
};

int table_format_parse(const char *s, enum table_format *out)
{
	static const struct {
		const char *name;
		enum table_format fmt;
	} formats[] = {
		{ "table", TABLE_FMT_TABLE },
		{ "json", TABLE_FMT_JSON },
		{ "csv", TABLE_FMT_CSV },
	};
	size_t i;

	for (i = 0; s && i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(s, formats[i].name) == 0) {
			*out = formats[i].fmt;
			return 0;
		}
	}
	return -1;
}

struct table *table_new(void)
{
	return xcalloc(1, sizeof(struct table));
}

void table_free(struct table **pt)
{
	struct table *t;
	int i, j;

	if (!pt || !*pt)
		return;
	t = *pt;
	for (i = 0; i < t->ncols; i++) {
		free(t->cols[i].name);
		free(t->cols[i].title);
	}
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->rows[i].ncells; j++) {
			free(t->rows[i].cells[j]);
			free(t->rows[i].words[j]);
		}
		free(t->rows[i].cells);
		free(t->rows[i].words);
	}
	free(t->cols);
	free(t->rows);
	free(t);
	*pt = NULL;
}

void table_add_column(struct table *t, const char *name, const char *title,
		      enum table_type type)
{
	struct table_col *c;

	if (t->ncols == t->capcols) {
		t->capcols = t->capcols ? t->capcols * 2 : 8;
		t->cols = xreallocarray(t->cols, (size_t)t->capcols,
					sizeof(*t->cols));
	}
	c = &t->cols[t->ncols++];
	c->name = xstrdup(name ? name : "");
	c->title = xstrdup(title ? title : c->name);
	c->type = type;
}

void table_add_row(struct table *t)
{
	struct table_row *r;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 16;
		t->rows = xreallocarray(t->rows, (size_t)t->caprows,
					sizeof(*t->rows));
	}
	r = &t->rows[t->nrows++];
	r->ncells = t->ncols;
	r->cells = xcalloc(t->ncols ? (size_t)t->ncols : 1,
			   sizeof(*r->cells));
	r->words = xcalloc(t->ncols ? (size_t)t->ncols : 1,
			   sizeof(*r->words));
}

/* The cell of the last row at col, or NULL when there is no such cell
 * (no row yet, or a column added after the row). */
static char **last_cell(struct table *t, int col)
{
	struct table_row *r;

	if (t->nrows == 0 || col < 0)
		return NULL;
	r = &t->rows[t->nrows - 1];
	return col < r->ncells ? &r->cells[col] : NULL;
}

void table_set(struct table *t, int col, const char *value)
{
	char **cell = last_cell(t, col);

	if (!cell)
		return;
	free(*cell);
	*cell = value ? xstrdup(value) : NULL;
}

void table_set_words(struct table *t, int col, const char *words)
{
	struct table_row *r;

	if (!last_cell(t, col))
		return;
	r = &t->rows[t->nrows - 1];
	free(r->words[col]);
	r->words[col] = words ? xstrdup(words) : NULL;
}

void table_set_code(struct table *t, int col, const char *code,
		    const char *words)
{
	table_set(t, col, code);
	table_set_words(t, col, code ? words : NULL);
}

void table_setf(struct table *t, int col, const char *fmt, ...)
{
	char **cell = last_cell(t, col);
	struct sbuf sb;
	va_list ap;

	if (!cell)
		return;
	sbuf_init(&sb);
	va_start(ap, fmt);
	sbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	free(*cell);
	*cell = sbuf_detach(&sb);
	sbuf_done(&sb);
}

int table_rows(const struct table *t)
{
	return t ? t->nrows : 0;
}

int table_cols(const struct table *t)
{
	return t ? t->ncols : 0;
}

const char *table_col_name(const struct table *t, int col)
{
	return t->cols[col].name;
}

const char *table_col_title(const struct table *t, int col)
{
	return t->cols[col].title ? t->cols[col].title : t->cols[col].name;
}

enum table_type table_col_type(const struct table *t, int col)
{
	return t->cols[col].type;
}

/* "81.2", "-0.5": digits with an optional sign and a fraction. Whole
 * digits are not taken for one: a phone number, a postal code or a code
 * made of digits is text, not a quantity. */
static bool is_decimal(const char *v)
{
	const char *p = v;
	bool digits = false;

	if (*p == '-')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits = true;
	if (!digits || *p != '.' || !(p[1] >= '0' && p[1] <= '9'))
		return false;
	for (p++; *p >= '0' && *p <= '9'; p++)
		;
	return *p == '\0';
}

static const char *cell(const struct table *t, int row, int col);

bool table_col_numeric(const struct table *t, int col)
{
	bool any = false;

	if (t->cols[col].type == TABLE_INT || t->cols[col].type == TABLE_MONEY ||
	    t->cols[col].type == TABLE_DECIMAL)
		return true;
	if (t->cols[col].type != TABLE_TEXT)
		return false;
	for (int r = 0; r < t->nrows; r++) {
		const char *v = cell(t, r, col);

		if (v && *v && !(is_decimal(v) && (any = true)))
			return false;
	}
	return any;
}

static const char *cell(const struct table *t, int row, int col)
{
	const struct table_row *r = &t->rows[row];

	return col < r->ncells ? r->cells[col] : NULL;
}

/* The words of a cell for the table format, or NULL. */
static const char *cell_words(const struct table *t, int row, int col)
{
	const struct table_row *r = &t->rows[row];

	return col < r->ncells ? r->words[col] : NULL;
}

static int bool_true(const char *v)
{
	return strcmp(v, "t") == 0 || strcmp(v, "true") == 0 ||
	       strcmp(v, "1") == 0;
}

/* The text of a value as the table and csv formats show it. */
static const char *shown(const struct table_col *c, const char *v)
{
	if (!v)
		return "";
	if (c->type == TABLE_BOOL)
		return bool_true(v) ? "true" : "false";
	return v;
}

/* --- table --------------------------------------------------------------- */

#define SHOWN_SIZE 64   /* >= MONEY_YEN_SIZE, DATE_STAMP_SIZE */

/* The text of a value as the table format shows it: shown, with money
 * and dates as people read them; anything that is not an integer or an
 * ISO date stays as it is. */
static const char *shown_table(const struct table_col *c, const char *v,
			       const char *words, char buf[SHOWN_SIZE])
{
	char *end;
	long long n;

	/* words on a NULL cell say what the missing value means ("—") */
	if (words)
		return words;
	if (v && c->type == TABLE_BOOL)
		return bool_true(v) ? _("yes") : _("no");
	if (v && c->type == TABLE_MONEY && *v) {
		errno = 0;
		n = strtoll(v, &end, 10);
		if (!*end && !errno)
			return money_yen(n, buf);
	}
	if (v && c->type == TABLE_DATE)
		return date_format_stamp(v, DATE_LONG, buf);
	return shown(c, v);
}

const char *table_cell(const struct table *t, int row, int col)
{
	return row >= 0 && row < t->nrows && col >= 0 && col < t->ncols
		? cell(t, row, col) : NULL;
}

const char *table_cell_shown(const struct table *t, int row, int col,
			     char buf[TABLE_SHOWN_SIZE])
{
	if (row < 0 || row >= t->nrows || col < 0 || col >= t->ncols)
		return "";
	return shown_table(&t->cols[col], cell(t, row, col),
			   cell_words(t, row, col), buf);
}

/* Appends s with control characters as spaces (a line break too, unless
 * keep_newline) and invalid UTF-8 bytes as U+FFFD. */
static void add_sanitized(struct sbuf *out, const char *s, int keep_newline)
{
	size_t n = strlen(s), i = 0, len;

	while (i < n) {
		uint32_t cp;

		len = utf8_decode(s + i, n - i, &cp);
		if (UTF8_INVALID(cp, len))
			sbuf_adds(out, "\xEF\xBF\xBD");
		else if (cp == '\n' && keep_newline)
			sbuf_addc(out, '\n');
		else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			sbuf_addc(out, ' ');
		else
			sbuf_add(out, s + i, len);
		i += len;
	}
}

static char *sanitized(const char *s, int keep_newline)
{
	struct sbuf sb;
	char *p;

	sbuf_init(&sb);
	add_sanitized(&sb, s, keep_newline);
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p;
}

/* Ends a line: drops the spaces at its end, then adds '\n'. */
static void end_line(struct sbuf *out, size_t line_start)
{
	while (out->len > line_start && out->buf[out->len - 1] == ' ')
		out->len--;
	out->buf[out->len] = '\0';
	sbuf_addc(out, '\n');
}

static void put_cell(struct sbuf *out, const char *s, int width, int right)
{
	if (right)
		width_fit_right(out, s, width);
	else
		width_fit(out, s, width);
}

static void render_table(const struct table *t, struct sbuf *out)
{
	int nc = t->ncols, nr = t->nrows, i, j;
	char **text = xcalloc((size_t)nc * ((size_t)nr + 1), sizeof(char *));
	int *w = xcalloc((size_t)nc, sizeof(int));
	bool *right = xcalloc((size_t)nc + 1, sizeof(bool));
	size_t start;

	/* text[0..nc) are the titles, then the rows */
	for (j = 0; j < nc; j++) {
		text[j] = sanitized(t->cols[j].title, 0);
		w[j] = width_str(text[j]);
	}
	for (i = 0; i < nr; i++) {
		for (j = 0; j < nc; j++) {
			char **p = &text[(size_t)(i + 1) * nc + j];
			char buf[SHOWN_SIZE];
			int cw;

			*p = sanitized(shown_table(&t->cols[j], cell(t, i, j),
						   cell_words(t, i, j), buf),
				       0);
			cw = width_str(*p);
			if (cw > w[j])
				w[j] = cw;
		}
	}
	for (j = 0; j < nc; j++)
		right[j] = table_col_numeric(t, j);
	for (i = 0; i <= nr; i++) {
		start = out->len;
		for (j = 0; j < nc; j++) {
			if (j)
				sbuf_adds(out, "  ");
			put_cell(out, text[(size_t)i * nc + j], w[j], right[j]);
		}
		end_line(out, start);
		if (i == 0) {
			start = out->len;
			for (j = 0; j < nc; j++) {
				if (j)
					sbuf_adds(out, "  ");
				for (int k = 0; k < w[j]; k++)
					sbuf_addc(out, '-');
			}
			end_line(out, start);
		}
	}
	for (i = 0; i < nc * (nr + 1); i++)
		free(text[i]);
	free(text);
	free(w);
	free(right);
}

static void render_record_table(const struct table *t, struct sbuf *out)
{
	int j, tw = 0;

	for (j = 0; j < t->ncols; j++) {
		char *title = sanitized(t->cols[j].title, 0);
		int cw = width_str(title) + 1;

		if (cw > tw)
			tw = cw;
		free(title);
	}
	for (j = 0; j < t->ncols; j++) {
		char *title = sanitized(t->cols[j].title, 0);
		char buf[SHOWN_SIZE];
		char *value = sanitized(shown_table(&t->cols[j], cell(t, 0, j),
						    cell_words(t, 0, j), buf),
					1);
		size_t start = out->len;
		char *line = value, *nl;

		sbuf_adds(out, title);
		sbuf_addc(out, ':');
		width_fit(out, "", tw - width_str(title) - 1);
		for (;;) {
			nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			sbuf_addc(out, ' ');
			sbuf_adds(out, line);
			end_line(out, start);
			if (!nl)
				break;
			line = nl + 1;
			start = out->len;
			width_fit(out, "", tw);
		}
		free(title);
		free(value);
	}
}

/* --- json ---------------------------------------------------------------- */

static int json_integer(const char *v)
{
	const char *p = v;

	if (*p == '-')
		p++;
	if (*p == '0')
		return p[1] == '\0';
	if (*p < '1' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\0';
}

static void json_value_out(struct sbuf *out, const struct table_col *c,
			   const char *v)
{
	if (!v) {
		sbuf_adds(out, "null");
		return;
	}
	switch (c->type) {
	case TABLE_INT:
	case TABLE_MONEY:
		if (json_integer(v)) {
			sbuf_adds(out, v);
			return;
		}
		break;
	case TABLE_BOOL:
		sbuf_adds(out, bool_true(v) ? "true" : "false");
		return;
	case TABLE_DECIMAL:
		if (is_decimal(v) || json_integer(v)) {
			sbuf_adds(out, v);
			return;
		}
		break;
	case TABLE_JSON:
		if (json_valid(v, strlen(v))) {
			sbuf_adds(out, v);
			return;
		}
		break;
	case TABLE_DATE: {
		/* a moment in RFC 3339 with its offset, a date as it is */
		char buf[DATE_RFC3339_SIZE];

		json_write_str(out, date_rfc3339_from_pg(v, buf));
		return;
	}
	case TABLE_TEXT:
	case TABLE_CODE:
		break;
	}
	json_write_str(out, v);
}

/* One row as an object; sep goes between members, indent before each. */
static void json_object_out(const struct table *t, int row, struct sbuf *out,
			    const char *open, const char *sep,
			    const char *close)
{
	int j;

	sbuf_adds(out, open);
	for (j = 0; j < t->ncols; j++) {
		if (j)
			sbuf_adds(out, sep);
		json_write_str(out, t->cols[j].name);
		sbuf_adds(out, ": ");
		json_value_out(out, &t->cols[j], cell(t, row, j));
	}
	sbuf_adds(out, close);
}

static void render_json(const struct table *t, struct sbuf *out)
{
	int i;

	if (t->nrows == 0) {
		sbuf_adds(out, "[]\n");
		return;
	}
	sbuf_adds(out, "[\n");
	for (i = 0; i < t->nrows; i++) {
		json_object_out(t, i, out, "  {", ", ", "}");
		sbuf_adds(out, i + 1 < t->nrows ? ",\n" : "\n");
	}
	sbuf_adds(out, "]\n");
}

/* --- csv ----------------------------------------------------------------- */

/* A plain decimal number (-5, 12, 3.25): what a number column holds. */
static int csv_number(const char *v)
{
	const char *p = v;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* True when a spreadsheet would read v as a formula: it starts with
 * = + - @, or with a tab or CR that some spreadsheets skip first. */
static int csv_formula_like(const char *v)
{
	return *v == '=' || *v == '+' || *v == '-' || *v == '@' ||
	       *v == '\t' || *v == '\r';
}

/* Only characters that need no quoting inside ="...": a code or a phone
 * number, never something that could end the string. */
static int csv_safe_code(const char *v)
{
	const char *p;

	if (!*v)
		return 0;
	for (p = v; *p; p++) {
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= 'a' && *p <= 'z') || *p == '_' || *p == '-'))
			return 0;
	}
	return 1;
}

/* One cell. Numbers in number columns stay numbers (-5 is -5); every
 * other text that a spreadsheet would take for a formula gets a leading
 * apostrophe, so opening the file never runs anything (CSV injection). */
static void csv_cell_out(const struct table_col *c, const char *v,
			 const struct table_csv_options *o, struct sbuf *out)
{
	struct sbuf sb;

	v = shown(c, v);
	if (c->type == TABLE_BOOL || !*v ||
	    ((c->type == TABLE_INT || c->type == TABLE_MONEY) &&
	     csv_number(v))) {
		csv_write_str(out, v);
		return;
	}
	sbuf_init(&sb);
	if (c->type == TABLE_CODE && o->spreadsheet && csv_safe_code(v)) {
		/* ="0312345678": a formula whose value is the text, the
		 * one way Excel keeps the leading zero of a plain CSV */
		sbuf_adds(&sb, "=\"");
		sbuf_adds(&sb, v);
		sbuf_addc(&sb, '"');
	} else if (csv_formula_like(v)) {
		sbuf_addc(&sb, '\'');
		sbuf_adds(&sb, v);
	} else {
		sbuf_adds(&sb, v);
	}
	csv_write_field(out, sb.buf, sb.len);
	sbuf_done(&sb);
}

static void csv_row_out(const struct table *t, int row,
			const struct table_csv_options *o, struct sbuf *out)
{
	int j;

	for (j = 0; j < t->ncols; j++) {
		if (j)
			sbuf_addc(out, ',');
		if (row < 0)
			csv_write_str(out, t->cols[j].name);
		else
			csv_cell_out(&t->cols[j], cell(t, row, j), o, out);
	}
	sbuf_adds(out, o->crlf ? "\r\n" : "\n");
}

static const struct table_csv_options csv_plain;  /* LF, no BOM */

/* The header and rows [0, nrows). */
static void render_csv(const struct table *t, int nrows,
		       const struct table_csv_options *o, struct sbuf *out)
{
	int i;

	if (!o)
		o = &csv_plain;
	if (o->bom)
		sbuf_adds(out, "\xEF\xBB\xBF");
	if (t->ncols == 0)
		return;
	csv_row_out(t, -1, o, out);
	for (i = 0; i < nrows && i < t->nrows; i++)
		csv_row_out(t, i, o, out);
}

void table_render_csv(const struct table *t, const struct table_csv_options *o,
		      struct sbuf *out)
{
	render_csv(t, t->nrows, o, out);
}

/* --- entry points -------------------------------------------------------- */

void table_render(const struct table *t, enum table_format fmt,
		  struct sbuf *out)
{
	switch (fmt) {
	case TABLE_FMT_TABLE:
		if (t->ncols > 0)
			render_table(t, out);
		break;
	case TABLE_FMT_JSON:
		render_json(t, out);
		break;
	case TABLE_FMT_CSV:
		render_csv(t, t->nrows, NULL, out);
		break;
	}
}

void table_render_record(const struct table *t, enum table_format fmt,
			 struct sbuf *out)
{
	switch (fmt) {
	case TABLE_FMT_TABLE:
		if (t->nrows > 0)
			render_record_table(t, out);
		break;
	case TABLE_FMT_JSON:
		if (t->nrows == 0)
			sbuf_adds(out, "null\n");
		else if (t->ncols == 0)
			sbuf_adds(out, "{}\n");
		else
			json_object_out(t, 0, out, "{\n  ", ",\n  ", "\n}\n");
		break;
	case TABLE_FMT_CSV:
		render_csv(t, 1, NULL, out);
		break;
	}
}
