/* pan.h: the one rule that says whether text holds a card number (a
 * primary account number, PAN).
 *
 * A card number must never be stored, logged or echoed. The client asks
 * pan_found() before it sends text, to say "this looks like a card
 * number" where the operator typed it; the database applies the same rule
 * (rd.pan_found, db/migrations/0086_text_guard.sql) to every text it
 * stores, as the last guard. Both must agree: tests/unit/check_pan.c and
 * tests/db/check_security.c run the same examples through each.
 *
 * The rule: digits are ASCII or full-width (０-９). A run is groups of
 * digits joined by one to three separators: space, ideographic space,
 * hyphen-minus, full-width hyphen, the dashes U+2010-U+2015, minus U+2212,
 * the prolonged sound marks ー and ｰ, dot and full-width dot. A card
 * number is, inside one run, a single group of 13 to 19 digits, or
 * consecutive groups of 4 to 6 digits (the last may have 1 to 6), joined
 * by one and the same separators, that make 13 to 19 digits together; and
 * it passes the Luhn check. A group of more
 * than 19 digits is no card number; groups of 2 or 3 digits (phone numbers
 * such as 090-1234-5678) never start or continue one. A UUID (8-4-4-4-12
 * hex digits, a request id) is a word, not digits: it never holds one. */
#ifndef REPEATDESK_PAN_H
#define REPEATDESK_PAN_H

#include <stdbool.h>
#include <stddef.h>

/* True when the NUL-terminated UTF-8 text s holds a card number by the
 * rule above. NULL and invalid UTF-8 bytes are no digits (never a crash). */
bool pan_found(const char *s);

/* True when the n ASCII digits d pass the Luhn check (n >= 1). */
bool pan_luhn(const char *d, size_t n);

#endif
