/* width.h: UTF-8 text measured and cut by display width.
 *
 * Japanese text is aligned by columns on the screen: a kanji or kana takes
 * two columns, half-width katakana one. These functions never cut a
 * character in half and treat invalid UTF-8 as one column per byte
 * (displayed as U+FFFD by the callers that draw). Widths come from
 * libunistring, not from the locale. East Asian Ambiguous characters
 * (※ ○ ① ─ ×) take 1 or 2 columns as width_set_ambiguous says: the one
 * setting here, chosen once at start-up by the front end (the [ui]
 * ambiguous_width setting, or what the locale's wcwidth() says). */
#ifndef REPEATDESK_WIDTH_H
#define REPEATDESK_WIDTH_H

#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/sbuf.h"

/* Decodes one UTF-8 character at s (at most n bytes). Returns its length in
 * bytes (>= 1 when n > 0) and stores the code point in *cp, or U+FFFD with
 * length 1 for an invalid or truncated sequence. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Appends the UTF-8 encoding of cp to out; returns the bytes written (1-4).
 * out must have room for 4 bytes. */
size_t utf8_encode(uint32_t cp, char *out);

/* True when s (n bytes) is valid UTF-8 without control characters other
 * than tab. */
int utf8_valid_text(const char *s, size_t n);
/* Copies src (NULL: "") into dst of dstsz > 0 bytes, always terminated,
 * cutting at a character boundary when it does not fit (never half a
 * UTF-8 sequence). */
void utf8_copy(char *dst, size_t dstsz, const char *src);

/* How many columns (1 or 2; anything else means 1) East Asian Ambiguous
 * characters take from now on. Call before measuring any text: widths
 * already computed are not recomputed. The default is 1. */
void width_set_ambiguous(int cols);

/* The columns of an East Asian Ambiguous character: 1 or 2. */
int width_ambiguous(void);

/* True when cp's East_Asian_Width is Ambiguous (a zero-width mark never
 * is). */
int width_is_ambiguous(uint32_t cp);

/* Display width of one code point: 0 (combining, control), 1 or 2. */
int width_cp(uint32_t cp);

/* Display width of a UTF-8 string. */
int width_str(const char *s);

/* Appends to out the longest prefix of s that fits in cols columns, then
 * pads with spaces to exactly cols columns (a wide character that would
 * straddle the edge is replaced by a space). Returns the columns of text
 * taken from s (before padding). */
int width_fit(struct sbuf *out, const char *s, int cols);

/* Like width_fit but right-aligns (for numbers and money). */
int width_fit_right(struct sbuf *out, const char *s, int cols);

/* Like width_fit but, when s does not fit, ends the text with "…" so the
 * reader knows it was cut (the "…" is not counted in the return value). */
int width_fit_ellipsis(struct sbuf *out, const char *s, int cols);

/* Display width of the first n bytes of s (which need not be
 * NUL-terminated). Invalid bytes count one column each. */
int width_strn(const char *s, size_t n);

/* Length in bytes of the longest prefix of s (n bytes) that fits in cols
 * columns, never cutting a character; zero-width characters (combining
 * marks) that follow the last character taken are taken with it. Stores
 * the columns of that prefix in *used when used is not NULL. */
size_t width_prefix(const char *s, size_t n, int cols, int *used);

/* True when utf8_decode returned an invalid byte rather than a real
 * U+FFFD (which is 3 bytes long). */
#define UTF8_INVALID(cp, len) ((cp) == 0xFFFDu && (len) == 1)

#endif
