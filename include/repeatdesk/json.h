/* json.h: writing JSON strings, and a small strict parser into a tree.
 *
 * The writer serves the command line's json output (table.c): strings are
 * escaped, UTF-8 passes through, invalid bytes become U+FFFD so that the
 * document is always valid. The parser reads answers of outside services
 * (the postal-code API) that must never crash us: it follows RFC 8259
 * strictly (no comments, no trailing commas, no BOM, no lone surrogates,
 * valid UTF-8 only), limits nesting depth and input size, and reports the
 * line and column of the first error.
 *
 * Every accessor accepts NULL and then behaves as for a missing value, so
 * lookups chain without checks in between:
 *
 *	json_as_string(json_get(json_at(json_get(root, "results"), 0),
 *				"zipcode"))
 *
 * returns NULL when any step is missing or of the wrong type. */
#ifndef REPEATDESK_JSON_H
#define REPEATDESK_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

#define JSON_MAX_DEPTH 64                  /* nested arrays/objects */
#define JSON_MAX_SIZE (8u * 1024u * 1024u) /* bytes of input */

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json_value;

/* --- writing ----------------------------------------------------------- */

/* Appends s (n bytes) to out as a quoted JSON string: quotes, backslashes
 * and control characters escaped (\n, \t, ... or \u00XX), U+2028/U+2029
 * escaped for JavaScript readers, other UTF-8 copied, each invalid byte
 * replaced by U+FFFD. */
void json_write_string(struct sbuf *out, const char *s, size_t n);

/* Same for a NUL-terminated string; NULL is written as null. */
void json_write_str(struct sbuf *out, const char *s);

/* --- parsing ----------------------------------------------------------- */

/* Parses one JSON document of len bytes (text need not be NUL-terminated).
 * On success returns RD_OK and stores the tree in *out; the caller frees
 * it with json_free. On failure returns RD_INVALID, leaves *out NULL and
 * explains in err ("invalid JSON at line 1, column 9: ..."). */
enum rd_status json_parse(const char *text, size_t len,
			  struct json_value **out, struct rd_error *err);

/* True (1) when text is one valid JSON document within the limits. */
int json_valid(const char *text, size_t len);

/* Frees a tree and sets *v to NULL. */
void json_free(struct json_value **v);

/* Type of v; a missing value (NULL) reads as JSON_NULL. */
enum json_type json_typeof(const struct json_value *v);

/* Number of elements of an array or members of an object; 0 otherwise. */
size_t json_len(const struct json_value *v);

/* Member of an object by key (the first one when a key is repeated), or
 * NULL when v is not an object or has no such key. Owned by the tree. */
const struct json_value *json_get(const struct json_value *obj,
				  const char *key);

/* Element i of an array, or NULL (not an array, out of range). */
const struct json_value *json_at(const struct json_value *arr, size_t i);

/* Key and value of member i of an object (in document order), or NULL. */
const char *json_key_at(const struct json_value *obj, size_t i);
const struct json_value *json_value_at(const struct json_value *obj,
				       size_t i);

/* The string of v (UTF-8, NUL-terminated, owned by the tree), or NULL when
 * v is not a string. A string may contain U+0000 (from \u0000): its full
 * length is stored in *len when len is not NULL. */
const char *json_as_string(const struct json_value *v, size_t *len);

/* Stores an integer number in *out and returns 0; returns -1 when v is not
 * a number written without fraction or exponent, or does not fit int64. */
int json_as_int(const struct json_value *v, int64_t *out);

/* Stores a boolean (0 or 1) in *out and returns 0; -1 when v is not one. */
int json_as_bool(const struct json_value *v, int *out);

/* The number as written in the document ("-1.5e3"), or NULL when v is not
 * a number; owned by the tree. Lets callers convert without a locale. */
const char *json_number_text(const struct json_value *v);

#endif
