/* normalize.h: phone numbers, kana readings, names, postal codes and
 * e-mail addresses as operators type them, turned into one canonical form.
 *
 * Callers on the phone type whatever the caller dictates, with or without
 * the input method on: "０９０－１２３４－５６７８", "+81 90 1234 5678",
 * "ﾔﾏﾀﾞ ﾀﾛｳ", "〒１００-０００１". The functions here turn each spelling into
 * the one form that is stored and searched, or refuse it with a message
 * that says what is wrong (RD_INVALID, in err). Pure: no locale, no I/O.
 * Inputs are NUL-terminated UTF-8; invalid UTF-8 and control characters
 * are refused, never crash; inputs of any length are handled (long ones
 * are refused where the result has a fixed size). */
#ifndef REPEATDESK_NORMALIZE_H
#define REPEATDESK_NORMALIZE_H

#include <stddef.h>

#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

/* --- phone ------------------------------------------------------------- */

#define NORMALIZE_PHONE_SIZE 12  /* 11 digits and a NUL */

enum normalize_phone_mode {
	NORMALIZE_PHONE_FULL,     /* a whole number: 10 or 11 digits */
	NORMALIZE_PHONE_FRAGMENT  /* a search for the last digits: 4 to 11 */
};

/* Reduces a phone number to the digits of the Japanese domestic number:
 * "090-1234-5678", "０９０－１２３４－５６７８", "(03) 1234-5678",
 * "+81 90 1234 5678", "+81 (0)3 1234 5678", "81312345678" all give
 * "09012345678" or "0312345678". Hyphens and dashes of every kind (also
 * "ー" and "－" typed with the input method), spaces (also U+3000), dots and
 * brackets are ignored; full-width digits count as digits.
 *
 * In FULL mode the number must start with 0 (or +81 / 81, which becomes
 * 0) and have 11 digits when it starts with 0A0 (090, 080, 070, 050, 020,
 * 0800) and 10 digits otherwise (fixed lines, 0120, 0570). In FRAGMENT mode any 4 to 11 digits are
 * accepted as they are (a trailing fragment for searching: "5678"); only a
 * leading '+' triggers the +81 rewrite there.
 *
 * Writes the digits and a NUL to out (outsz >= NORMALIZE_PHONE_SIZE) and
 * returns RD_OK; otherwise returns RD_INVALID with a message in err
 * (letters, too few or too many digits, a number abroad) and sets out to
 * "" when outsz > 0. */
enum rd_status normalize_phone(const char *in, enum normalize_phone_mode mode,
			       char *out, size_t outsz, struct rd_error *err);

/* Appends a stored number with hyphens as the Japanese numbering plan
 * groups it (phone_format: 047-384-1234, 0467-12-3456, 03-1234-5678,
 * 090-1234-5678, 0120-123-456). Anything it does not group (a fragment, a
 * number still being typed) is copied unchanged. */
void normalize_phone_format(struct sbuf *out, const char *digits);

/* --- kana readings and names ------------------------------------------- */

enum normalize_space {
	NORMALIZE_SPACE_REMOVE,  /* drop every space (search keys) */
	NORMALIZE_SPACE_SINGLE   /* trim, runs become one ASCII space (storage) */
};

/* Appends to out the canonical katakana form of a reading: hiragana become
 * katakana (やまだ → ヤマダ); half-width katakana become full-width, a
 * following ﾞ or ﾟ joined into one character (ﾊﾟﾝ → パン, ｶﾞ → ガ,
 * ｳﾞ → ヴ), as are the combining marks U+3099/U+309A (カ + U+3099 → ガ);
 * full-width ASCII becomes ASCII (Ａ１ → A1); a hyphen or dash right after
 * a katakana letter becomes the long vowel mark (ﾗ-ﾒﾝ → ラーメン). Spaces
 * (ASCII, tab, U+3000, U+00A0) are handled as spaces says; in REMOVE mode
 * the middle dot "・" is dropped as well, so that "ジョン・スミス" and
 * "ジョン スミス" find each other. Small kana stay small (ァ ≠ ア).
 * Compare search keys made with the same mode on both sides.
 *
 * Returns RD_OK, or RD_INVALID (invalid UTF-8, a control character) with
 * out left as it was. */
enum rd_status normalize_kana(const char *in, enum normalize_space spaces,
			      struct sbuf *out, struct rd_error *err);

/* True (1) when s is a reading: once passed through normalize_kana, only
 * katakana, the long vowel mark ー, the iteration marks ヽヾ, the middle dot
 * ・ and spaces, with at least one kana letter. Hiragana and half-width
 * katakana are therefore accepted; kanji, Latin letters, digits and
 * stray voicing marks are not. Used to validate the "reading" field. */
int normalize_is_kana_reading(const char *s);

/* Appends to out a name folded for searching and storing: full-width ASCII
 * becomes ASCII (ＡＢＣ商事 → ABC商事), half-width katakana becomes
 * full-width (with ﾞﾟ joined), combining voicing marks are joined; spaces
 * as spaces says. Kanji, hiragana and letter case are kept. Returns RD_OK,
 * or RD_INVALID (invalid UTF-8, a control character), out unchanged. */
enum rd_status normalize_name(const char *in, enum normalize_space spaces,
			      struct sbuf *out, struct rd_error *err);

/* --- postal code ------------------------------------------------------- */

#define NORMALIZE_POSTAL_SIZE 8  /* 7 digits and a NUL */

/* Reduces a postal code to its 7 digits: "123-4567", "1234567",
 * "〒123-4567", "１２３－４５６７" give "1234567". Writes it to out
 * (outsz >= NORMALIZE_POSTAL_SIZE) and returns RD_OK, or returns RD_INVALID
 * with a message (out set to "" when outsz > 0). */
enum rd_status normalize_postal(const char *in, char *out, size_t outsz,
				struct rd_error *err);

/* Appends "123-4567" for "1234567"; anything else is copied unchanged. */
void normalize_postal_format(struct sbuf *out, const char *digits);

/* --- e-mail ------------------------------------------------------------ */

#define NORMALIZE_EMAIL_SIZE 255  /* 254 bytes and a NUL */

/* Trims spaces (also U+3000), folds full-width ASCII typed with the input
 * method (ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ) and lowercases the whole address
 * for matching. Then checks it: one '@', a non-empty local part of at most
 * 64 bytes without spaces or the characters ()<>[]\,;:", and a domain of
 * letters, digits, '-' and dots with at least one dot, no empty label;
 * at most 254 bytes; only ASCII. Dots in the local part are not checked
 * further: Japanese mobile carriers issued addresses such as
 * "taro..yamada.@docomo.ne.jp" that are in use. Writes the address to out
 * (outsz >= NORMALIZE_EMAIL_SIZE) and returns RD_OK, or RD_INVALID with a
 * message (out set to "" when outsz > 0). */
enum rd_status normalize_email(const char *in, char *out, size_t outsz,
			       struct rd_error *err);

#endif
