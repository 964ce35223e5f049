/* textcheck.h: checking what a person typed (or what a row holds) before
 * it is used: counting characters, UUIDs, fixed-width digit fields and
 * whole numbers, and integers written as text for SQL parameters.
 *
 * One module for store/, ui/ and cli/ alike (they used to carry their own
 * copies, which disagreed on NULL). Pure: no locale, no I/O. */
#ifndef REPEATDESK_TEXTCHECK_H
#define REPEATDESK_TEXTCHECK_H

#include <stdbool.h>
#include <stddef.h>

/* Characters (code points) of UTF-8 text: every byte that does not
 * continue a sequence counts one. NULL counts 0. */
size_t textcheck_chars(const char *s);

/* True when s is a UUID as text: 8-4-4-4-12 hexadecimal digits, either
 * case. NULL and "" are false. */
bool textcheck_uuid(const char *s);

/* True when the n bytes at s are all ASCII digits; their value goes to
 * *out. No sign, no space: "-1" and " 1" are false. n is 1 to 9. */
bool textcheck_digits(const char *s, size_t n, int *out);

/* True when s is a whole number from lo to hi written in decimal with an
 * optional leading '-', nothing before or after (no space, no '+', no
 * "0x"); its value goes to *out. NULL, "" and out-of-range are false. */
bool textcheck_whole(const char *s, long long lo, long long hi, long long *out);

/* The longest product SKU and name the database accepts, in characters
 * (0075_product_lengths.sql). A SKU is ASCII; a name of this many
 * characters takes at most four times as many bytes. */
#define TEXTCHECK_SKU_MAX 63
#define TEXTCHECK_PRODUCT_NAME_MAX 60

/* Bytes that a long long needs as decimal text, with sign and NUL. */
#define TEXTCHECK_LL_SIZE 24

/* v as decimal text in buf; returns buf. */
const char *textcheck_ll(long long v, char buf[TEXTCHECK_LL_SIZE]);

/* An id as a SQL parameter: v as text in buf, or NULL (SQL NULL) when v is
 * 0 or less, which means "no row". */
const char *textcheck_id(long long v, char buf[TEXTCHECK_LL_SIZE]);

#endif
