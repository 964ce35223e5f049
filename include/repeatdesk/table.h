/* table.h: tabular output for the command line, as table, json or csv.
 *
 * The command line builds a table (columns with a type, rows of strings)
 * and renders it into a buffer in the format the user asked for. Pure:
 * the caller writes the buffer out. json is one document: an array of
 * objects with stable field names; integers and booleans unquoted, NULL as
 * null. csv follows RFC 4180 with a header line. table aligns columns by
 * display width (Japanese text included) and shows codes in words
 * (table_set_words), booleans as yes/no in the reader's language. */
#ifndef REPEATDESK_TABLE_H
#define REPEATDESK_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/sbuf.h"

enum table_format { TABLE_FMT_TABLE, TABLE_FMT_JSON, TABLE_FMT_CSV };

enum table_type {
	TABLE_TEXT,   /* json string */
	TABLE_INT,    /* json number; right-aligned in table */
	TABLE_BOOL,   /* "t"/"true"/"1" -> true in json */
	TABLE_JSON,   /* already json (object/array): copied verbatim in json */
	TABLE_MONEY,  /* integer yen: json number, csv plain; ¥7,560 in table */
	TABLE_DATE,   /* ISO date or timestamp: json/csv as it is;
		       * 2026/12/12(土) (14:05) in table */
	TABLE_DECIMAL, /* a decimal number as text ("81.2": a share, a rate):
		       * json number, right-aligned in table, csv plain */
	TABLE_CODE    /* text that is a code or a phone number ("0312345678",
		       * "C0000123"): json string; csv for a spreadsheet
		       * (table_csv_options.spreadsheet) keeps it text */
};

struct table;

/* Parses "table", "json" or "csv"; returns 0 on success, -1 otherwise. */
int table_format_parse(const char *s, enum table_format *out);

/* Creates a table. Free with table_free. */
struct table *table_new(void);
void table_free(struct table **t);

/* Adds a column: name is the json/csv field name, title the table header
 * (may be NULL: name is used). Columns are added before rows. */
void table_add_column(struct table *t, const char *name, const char *title,
		      enum table_type type);

/* Starts a new row; then table_set fills cells of that row by column index.
 * Unset cells are NULL (json null, empty in table/csv). Values are copied. */
void table_add_row(struct table *t);
void table_set(struct table *t, int col, const char *value);
void table_setf(struct table *t, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Gives the cell at col of the last row words for the table format
 * ("未対応"): json and csv keep the value ("open"), so scripts read stable
 * codes. NULL drops the words. Set the value first; words are copied. */
void table_set_words(struct table *t, int col, const char *words);

/* table_set of a code and table_set_words of its words (none when code is
 * NULL). */
void table_set_code(struct table *t, int col, const char *code,
		    const char *words);

int table_rows(const struct table *t);
int table_cols(const struct table *t);

/* A column's json/csv name, its header title, its type (col in range). */
const char *table_col_name(const struct table *t, int col);
const char *table_col_title(const struct table *t, int col);
enum table_type table_col_type(const struct table *t, int col);

/* True when the column is read as numbers, right-aligned: INT and MONEY,
 * and a TEXT column whose every value is a decimal number with a fraction
 * ("81.2") or unset (a share, a rate); whole digits ("0312345678") are
 * text. */
bool table_col_numeric(const struct table *t, int col);

/* The value of a cell (NULL when unset), and the text the table format
 * shows for it (words, ¥1,234, 2026/12/12(土)): buf holds it when it is
 * made, TABLE_SHOWN_SIZE bytes. */
#define TABLE_SHOWN_SIZE 64
const char *table_cell(const struct table *t, int row, int col);
const char *table_cell_shown(const struct table *t, int row, int col,
			     char buf[TABLE_SHOWN_SIZE]);

/* CSV for people's spreadsheets (issue 13). */
struct table_csv_options {
	bool bom;          /* start with a UTF-8 byte-order mark */
	bool crlf;         /* CRLF line ends instead of LF */
	bool spreadsheet;  /* TABLE_CODE cells written so a spreadsheet keeps
			    * them text (no lost leading zero) */
	/* Text cells that start with = + - @ (or a tab or CR) are always
	 * neutralised with a leading apostrophe: a cell never becomes a
	 * spreadsheet formula. */
};

/* Renders the whole table as CSV with o (NULL: LF, no BOM). */
void table_render_csv(const struct table *t, const struct table_csv_options *o,
		      struct sbuf *out);

/* Renders the whole table. */
void table_render(const struct table *t, enum table_format fmt,
		  struct sbuf *out);

/* Renders a single record (first row) as "name: value" lines (table),
 * one json object (json), or header+row (csv). */
void table_render_record(const struct table *t, enum table_format fmt,
			 struct sbuf *out);

#endif
