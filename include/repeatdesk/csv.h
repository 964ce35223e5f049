/* csv.h: writing CSV fields, and a streaming CSV record parser.
 *
 * The writer follows RFC 4180 (a field is quoted when it holds a comma, a
 * quote or a line break; quotes are doubled) and is shared by the command
 * line's csv output. It never writes a raw control character (an escape
 * sequence would reach whoever views the file): C0 but tab and line
 * breaks, DEL and C1 become U+FFFD. The parser reads large files that arrive in chunks,
 * such as Japan Post's KEN_ALL.CSV once converted to UTF-8: the caller
 * feeds bytes as they come and a callback receives each complete record.
 * It accepts LF, CRLF and lone CR line ends, line breaks inside quoted
 * fields, doubled quotes, and a UTF-8 byte order mark at the start; blank
 * lines are skipped. Bytes are passed through unchanged (no UTF-8 check).
 * A quote inside an unquoted field is kept as an ordinary character; text
 * after a closing quote (other than a comma or line end) is an error. */
#ifndef REPEATDESK_CSV_H
#define REPEATDESK_CSV_H

#include <stddef.h>

#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

#define CSV_MAX_RECORD (1024u * 1024u) /* bytes in one record */
#define CSV_MAX_FIELDS 1024u           /* fields in one record */

/* --- writing ----------------------------------------------------------- */

/* True (1) when a field of n bytes must be quoted. */
int csv_needs_quotes(const char *s, size_t n);

/* Appends one field (n bytes), quoted when needed. The caller writes the
 * separators (',') and line ends ('\n'). */
void csv_write_field(struct sbuf *out, const char *s, size_t n);

/* Same for a NUL-terminated string; NULL writes an empty field. */
void csv_write_str(struct sbuf *out, const char *s);

/* Appends n fields separated by commas and ended by '\n'; NULL fields are
 * empty. */
void csv_write_record(struct sbuf *out, const char *const *fields, size_t n);

/* --- parsing ----------------------------------------------------------- */

/* One record as the callback sees it. The strings belong to the parser
 * and stay valid only until the callback returns. */
struct csv_record {
	size_t nfields;             /* >= 1 */
	const char *const *fields;  /* NUL-terminated (may hold NUL bytes) */
	const size_t *lens;         /* byte length of each field */
	unsigned long line;         /* line where the record starts, from 1 */
};

/* Called for each record. Returning anything but RD_OK stops the parser:
 * csv_parser_feed then returns that status (the callback fills err). */
typedef enum rd_status (*csv_record_fn)(void *ctx,
					const struct csv_record *rec,
					struct rd_error *err);

struct csv_parser;

/* Creates a parser that passes records to fn with ctx. Free with
 * csv_parser_free. */
struct csv_parser *csv_parser_new(csv_record_fn fn, void *ctx);

/* Frees the parser and sets *p to NULL. */
void csv_parser_free(struct csv_parser **p);

/* Feeds n bytes (any split: lines, fixed-size chunks, single bytes).
 * Returns RD_OK, RD_INVALID with err explaining where ("line 12: ..."),
 * or the callback's status. After a failure every later call fails with
 * the same status. */
enum rd_status csv_parser_feed(struct csv_parser *p, const char *data,
			       size_t n, struct rd_error *err);

/* Ends the input: passes the last record when it has no line end, and
 * fails with RD_INVALID when a quoted field was left open. */
enum rd_status csv_parser_finish(struct csv_parser *p, struct rd_error *err);

#endif
