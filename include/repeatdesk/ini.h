/* ini.h: a small INI parser for configuration files read into memory.
 *
 * Syntax, one item a line (LF or CRLF):
 *
 *	# comment            ; comment too
 *	[section]            (name: any text without brackets, trimmed)
 *	key = value          (key: letters, digits, '_', '-', '.')
 *	key = "quoted # value with \"escapes\"\n"
 *
 * Spaces around keys and values are trimmed. In an unquoted value, '#' or
 * ';' at its start or after a space starts a comment ("port = 5432  #
 * default"); quote a value to keep such text: color = "#fff". Quoted
 * values know \" \\ \n \t. Keys before the first section belong to the
 * section "". Names are case-sensitive. The buffer must be UTF-8 without
 * control characters (tab allowed); a UTF-8 byte order mark at the start
 * is skipped. Errors name the line: "line 7: expected key = value".
 * Pure: the caller reads the file. */
#ifndef REPEATDESK_INI_H
#define REPEATDESK_INI_H

#include <stddef.h>

#include "repeatdesk/status.h"

/* Called for each key = value in order. The strings are valid during the
 * call only. Returning anything but RD_OK stops ini_parse, which returns
 * that status (the callback fills err, typically with the line number). */
typedef enum rd_status (*ini_fn)(void *ctx, const char *section,
				 const char *key, const char *value,
				 unsigned line, struct rd_error *err);

/* Parses len bytes of buf (need not be NUL-terminated), calling fn for each
 * assignment. Returns RD_OK, RD_INVALID with err "line N: ...", or the
 * callback's status. */
enum rd_status ini_parse(const char *buf, size_t len, ini_fn fn, void *ctx,
			 struct rd_error *err);

/* A parsed file for lookups. */
struct ini;

/* Parses buf into *out (caller frees with ini_free). On error returns
 * RD_INVALID, leaves *out NULL and explains in err. */
enum rd_status ini_load(const char *buf, size_t len, struct ini **out,
			struct rd_error *err);

/* Frees the file and sets *ini to NULL. */
void ini_free(struct ini **ini);

/* Value of key in section (the last one when a key is repeated), or NULL
 * when absent; owned by ini. section NULL means "". */
const char *ini_get(const struct ini *ini, const char *section,
		    const char *key);

/* Line of that value (for messages such as "line 7: port must be a
 * number"), or 0 when absent. */
unsigned ini_line(const struct ini *ini, const char *section,
		  const char *key);

/* Number of assignments, and assignment i in file order: returns 0 and
 * sets the pointers (any may be NULL), or -1 when i is out of range. */
size_t ini_count(const struct ini *ini);
int ini_entry(const struct ini *ini, size_t i, const char **section,
	      const char **key, const char **value, unsigned *line);

#endif
