/* normalize.c: canonical forms of phone numbers, readings, names, postal
 * codes and e-mail addresses.
 *
 * Everything works on code points decoded with utf8_decode; tables are
 * small and static (half-width katakana, voicing marks, phone grouping).
 * The half-width and voicing tables were checked against Python's
 * unicodedata (NFKC for half-width forms, NFC for voiced kana). */
#include "repeatdesk/normalize.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/phone.h"
#include "repeatdesk/width.h"

#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* --- character classes --------------------------------------------------- */

static int is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0;
}

static int is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* Hyphens, dashes and minus signs that people type between digits or as a
 * long vowel mark, including the ones input methods produce. */
static int is_dash(uint32_t cp)
{
	switch (cp) {
	case '-':
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2043: case 0x2212: case 0x2500: case 0x30FC:
	case 0xFE58: case 0xFE63: case 0xFF0D: case 0xFF70:
		return 1;
	default:
		return 0;
	}
}

static int is_bracket(uint32_t cp)
{
	switch (cp) {
	case '(': case ')': case '[': case ']':
	case 0xFF08: case 0xFF09: case 0xFF3B: case 0xFF3D:
		return 1;
	default:
		return 0;
	}
}

/* ASCII or full-width digit → '0'..'9', else 0. */
static char digit_of(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (char)cp;
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (char)('0' + (cp - 0xFF10));
	return 0;
}

static int is_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

static int is_katakana_letter(uint32_t cp)
{
	return cp >= 0x30A1 && cp <= 0x30FA;
}

/* Half-width katakana U+FF61..FF9F to full-width (NFKC, except that the
 * voicing marks become the spacing ゛゜ rather than combining ones). */
static const uint16_t halfwidth_kana[] = {
	0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2,
	0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3,
	0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4,
	0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF,
	0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB,
	0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8,
	0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF,
	0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF,
	0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8,
	0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF,
	0x30F3, 0x309B, 0x309C,
};

/* Katakana that take a voicing mark: base, with ゛, with ゜ (0: none). */
static const struct {
	uint16_t base, voiced, semi;
} voicing[] = {
	{ 0x30A6, 0x30F4, 0x0000 }, { 0x30AB, 0x30AC, 0x0000 },
	{ 0x30AD, 0x30AE, 0x0000 }, { 0x30AF, 0x30B0, 0x0000 },
	{ 0x30B1, 0x30B2, 0x0000 }, { 0x30B3, 0x30B4, 0x0000 },
	{ 0x30B5, 0x30B6, 0x0000 }, { 0x30B7, 0x30B8, 0x0000 },
	{ 0x30B9, 0x30BA, 0x0000 }, { 0x30BB, 0x30BC, 0x0000 },
	{ 0x30BD, 0x30BE, 0x0000 }, { 0x30BF, 0x30C0, 0x0000 },
	{ 0x30C1, 0x30C2, 0x0000 }, { 0x30C4, 0x30C5, 0x0000 },
	{ 0x30C6, 0x30C7, 0x0000 }, { 0x30C8, 0x30C9, 0x0000 },
	{ 0x30CF, 0x30D0, 0x30D1 }, { 0x30D2, 0x30D3, 0x30D4 },
	{ 0x30D5, 0x30D6, 0x30D7 }, { 0x30D8, 0x30D9, 0x30DA },
	{ 0x30DB, 0x30DC, 0x30DD }, { 0x30EF, 0x30F7, 0x0000 },
	{ 0x30F0, 0x30F8, 0x0000 }, { 0x30F1, 0x30F9, 0x0000 },
	{ 0x30F2, 0x30FA, 0x0000 }, { 0x30FD, 0x30FE, 0x0000 },
};

/* 1 for a dakuten (ﾞ, combining or spacing), 2 for a handakuten, else 0. */
static int voicing_mark(uint32_t cp)
{
	if (cp == 0xFF9E || cp == 0x3099 || cp == 0x309B)
		return 1;
	if (cp == 0xFF9F || cp == 0x309A || cp == 0x309C)
		return 2;
	return 0;
}

/* base (katakana or hiragana) with a voicing mark as one character, or 0
 * when there is no such character. */
static uint32_t compose(uint32_t base, int mark)
{
	int hira = base >= 0x3041 && base <= 0x309E;
	uint32_t k = hira ? base + 0x60 : base;
	size_t i;

	for (i = 0; i < N_ELEMS(voicing); i++) {
		uint32_t r;

		if (voicing[i].base != k)
			continue;
		r = mark == 1 ? voicing[i].voiced : voicing[i].semi;
		if (r == 0)
			return 0;
		if (hira) {
			/* ヷヸヹヺ have no hiragana */
			if (r >= 0x30F7 && r <= 0x30FA)
				return 0;
			return r - 0x60;
		}
		return r;
	}
	return 0;
}

/* --- kana and names ------------------------------------------------------ */

struct fold_opts {
	int to_katakana;          /* hiragana → katakana */
	int dash_to_long_vowel;   /* '-' after katakana → ー */
	int drop_middle_dot;      /* with SPACE_REMOVE in readings */
	enum normalize_space spaces;
};

static void put_cp(struct sbuf *out, uint32_t cp)
{
	char buf[4];

	sbuf_add(out, buf, utf8_encode(cp, buf));
}

static enum rd_status fold_text(const char *in, const struct fold_opts *o,
				struct sbuf *out, struct rd_error *err)
{
	size_t start = out->len, n = in ? strlen(in) : 0, i, len;
	uint32_t pending = 0;   /* a character that a voicing mark may join */
	int have = 0, space = 0, any = 0;

	for (i = 0; i < n; i += len) {
		uint32_t cp;
		int mark;

		len = utf8_decode(in + i, n - i, &cp);
		if (UTF8_INVALID(cp, len)) {
			rd_error_set(err, RD_INVALID,
				     _("the text is not valid UTF-8"));
			goto fail;
		}
		if (is_space(cp)) {
			if (have)
				put_cp(out, pending);
			have = 0;
			space = any && o->spaces == NORMALIZE_SPACE_SINGLE;
			continue;
		}
		if (is_control(cp)) {
			rd_error_set(err, RD_INVALID,
				     _("the text contains a control "
				       "character"));
			goto fail;
		}
		mark = voicing_mark(cp);
		if (mark && have) {
			uint32_t c = compose(pending, mark);

			if (c) {
				pending = c;
				continue;
			}
		}
		if (have)
			put_cp(out, pending);
		have = 0;
		if (mark) {
			cp = mark == 1 ? 0x309B : 0x309C;   /* stray mark */
		} else if (cp >= 0xFF01 && cp <= 0xFF5E) {
			cp -= 0xFEE0;                      /* full-width ASCII */
		} else if (cp >= 0xFF61 && cp <= 0xFF9F) {
			cp = halfwidth_kana[cp - 0xFF61];
		} else if (o->to_katakana &&
			   ((cp >= 0x3041 && cp <= 0x3096) ||
			    cp == 0x309D || cp == 0x309E)) {
			cp += 0x60;
		}
		if (o->dash_to_long_vowel && is_dash(cp) && any && !space &&
		    out->len > start) {
			/* the previous character written is the last one */
			uint32_t prev = 0;
			size_t k = out->len - 1;

			while (k > start &&
			       ((unsigned char)out->buf[k] & 0xC0) == 0x80)
				k--;
			utf8_decode(out->buf + k, out->len - k, &prev);
			if (is_katakana_letter(prev) || prev == 0x30FC)
				cp = 0x30FC;
		}
		if (o->drop_middle_dot && cp == 0x30FB)
			continue;
		if (space)
			sbuf_addc(out, ' ');
		space = 0;
		pending = cp;
		have = 1;
		any = 1;
	}
	if (have)
		put_cp(out, pending);
	return RD_OK;
fail:
	out->len = start;
	out->buf[start] = '\0';
	return RD_INVALID;
}

enum rd_status normalize_kana(const char *in, enum normalize_space spaces,
			      struct sbuf *out, struct rd_error *err)
{
	struct fold_opts o = {
		.to_katakana = 1,
		.dash_to_long_vowel = 1,
		.drop_middle_dot = spaces == NORMALIZE_SPACE_REMOVE,
		.spaces = spaces,
	};

	return fold_text(in, &o, out, err);
}

enum rd_status normalize_name(const char *in, enum normalize_space spaces,
			      struct sbuf *out, struct rd_error *err)
{
	struct fold_opts o = { .spaces = spaces };

	return fold_text(in, &o, out, err);
}

int normalize_is_kana_reading(const char *s)
{
	struct sbuf sb;
	size_t i, len;
	int letters = 0, ok = 1;

	sbuf_init(&sb);
	if (normalize_kana(s, NORMALIZE_SPACE_SINGLE, &sb, NULL) != RD_OK)
		ok = 0;
	for (i = 0; ok && i < sb.len; i += len) {
		uint32_t cp;

		len = utf8_decode(sb.buf + i, sb.len - i, &cp);
		if (is_katakana_letter(cp))
			letters++;
		else if (cp != ' ' && cp != 0x30FB && cp != 0x30FC &&
			 cp != 0x30FD && cp != 0x30FE)
			ok = 0;
	}
	sbuf_done(&sb);
	return ok && letters > 0;
}

/* --- phone --------------------------------------------------------------- */

static void clear_out(char *out, size_t outsz)
{
	if (out && outsz)
		out[0] = '\0';
}

static enum rd_status copy_out(const char *s, size_t n, char *out,
			       size_t outsz, struct rd_error *err)
{
	if (!out || outsz <= n)
		return rd_error_set(err, RD_INTERNAL,
				    _("internal error: result buffer too "
				      "small"));
	memcpy(out, s, n);
	out[n] = '\0';
	return RD_OK;
}

enum rd_status normalize_phone(const char *in, enum normalize_phone_mode mode,
			       char *out, size_t outsz, struct rd_error *err)
{
	char digits[16] = { 0 }, res[16];
	size_t n = in ? strlen(in) : 0, nd = 0, nr, i, len;
	int plus = 0, intl;

	clear_out(out, outsz);
	for (i = 0; i < n; i += len) {
		uint32_t cp;
		char d;

		len = utf8_decode(in + i, n - i, &cp);
		if (UTF8_INVALID(cp, len))
			return rd_error_set(err, RD_INVALID,
					    _("the phone number is not valid "
					      "text"));
		d = digit_of(cp);
		if (d) {
			if (nd >= sizeof(digits))
				return rd_error_set(err, RD_INVALID,
						    _("too many digits for a "
						      "phone number"));
			digits[nd++] = d;
		} else if (cp == '+' || cp == 0xFF0B) {
			if (nd > 0 || plus)
				return rd_error_set(err, RD_INVALID,
						    _("'+' may only start a "
						      "phone number (+81 ...)"));
			plus = 1;
		} else if (is_dash(cp) || is_space(cp) || is_bracket(cp) ||
			   cp == '.' || cp == 0xFF0E) {
			continue;
		} else if (is_letter(cp)) {
			return rd_error_set(err, RD_INVALID,
					    _("a phone number cannot contain "
					      "letters"));
		} else if (is_control(cp)) {
			return rd_error_set(err, RD_INVALID,
					    _("the phone number contains a "
					      "control character"));
		} else {
			return rd_error_set(err, RD_INVALID,
					    _("a phone number cannot contain "
					      "\"%.*s\""), (int)len, in + i);
		}
	}
	if (nd == 0)
		return rd_error_set(err, RD_INVALID,
				    _("enter a phone number"));
	/* +81 90..., +81 (0)3..., or 8190... dialled without the '+' */
	intl = plus || (mode == NORMALIZE_PHONE_FULL &&
			(nd == 11 || nd == 12) &&
			digits[0] == '8' && digits[1] == '1');
	if (intl) {
		if (nd < 2 || digits[0] != '8' || digits[1] != '1')
			return rd_error_set(err, RD_INVALID,
					    _("only Japanese numbers (+81) "
					      "can be entered"));
		nr = 0;
		if (nd == 2 || digits[2] != '0')
			res[nr++] = '0';
		memcpy(res + nr, digits + 2, nd - 2);
		nr += nd - 2;
	} else {
		memcpy(res, digits, nd);
		nr = nd;
	}
	if (mode == NORMALIZE_PHONE_FRAGMENT) {
		if (nr < 4)
			return rd_error_set(err, RD_INVALID,
					    _("type at least 4 digits to search "
					      "by phone number"));
		if (nr > 11)
			return rd_error_set(err, RD_INVALID,
					    _("too many digits for a phone "
					      "number"));
		return copy_out(res, nr, out, outsz, err);
	}
	if (nr < 10 || nr > 11)
		return rd_error_set(err, RD_INVALID,
				    _("a phone number has 10 or 11 digits, "
				      "not %zu"), nr);
	/* 0A0 numbers (mobile 090, IP 050, free dial 0800, ...) have 11
	 * digits, all others (fixed lines, 0120, 0570) have 10; 00 and 010
	 * start international calls, not numbers */
	if (res[0] != '0' || res[1] == '0' || (res[1] == '1' && res[2] == '0'))
		return rd_error_set(err, RD_INVALID,
				    _("a Japanese phone number starts with "
				      "0 and an area or mobile code (or "
				      "+81)"));
	if (nr != (res[2] == '0' ? 11u : 10u))
		return rd_error_set(err, RD_INVALID,
				    _("a number starting with %.3s has %d "
				      "digits, not %zu"), res,
				    res[2] == '0' ? 11 : 10, nr);
	return copy_out(res, nr, out, outsz, err);
}

/* The grouping is libphonenumber's table (core/phone.c). */
void normalize_phone_format(struct sbuf *out, const char *digits)
{
	phone_format(out, digits);
}

/* --- postal code --------------------------------------------------------- */

enum rd_status normalize_postal(const char *in, char *out, size_t outsz,
				struct rd_error *err)
{
	const char *hint = _("a postal code has 7 digits, like 123-4567");
	char digits[7];
	size_t n = in ? strlen(in) : 0, nd = 0, i, len;

	clear_out(out, outsz);
	for (i = 0; i < n; i += len) {
		uint32_t cp;
		char d;

		len = utf8_decode(in + i, n - i, &cp);
		d = digit_of(cp);
		if (d) {
			if (nd == sizeof(digits))
				return rd_error_set(err, RD_INVALID, "%s",
						    hint);
			digits[nd++] = d;
		} else if ((cp == 0x3012 || cp == 0x3036) && nd == 0) {
			continue;   /* 〒 */
		} else if (!is_dash(cp) && !is_space(cp)) {
			return rd_error_set(err, RD_INVALID, "%s", hint);
		}
	}
	if (nd != sizeof(digits))
		return rd_error_set(err, RD_INVALID, "%s", hint);
	return copy_out(digits, nd, out, outsz, err);
}

void normalize_postal_format(struct sbuf *out, const char *digits)
{
	size_t n = digits ? strlen(digits) : 0, i;

	for (i = 0; i < n; i++) {
		if (digits[i] < '0' || digits[i] > '9')
			break;
	}
	if (n != 7 || i < n) {
		if (n)
			sbuf_add(out, digits, n);
		return;
	}
	sbuf_add(out, digits, 3);
	sbuf_addc(out, '-');
	sbuf_add(out, digits + 3, 4);
}

/* --- e-mail -------------------------------------------------------------- */

enum rd_status normalize_email(const char *in, char *out, size_t outsz,
			       struct rd_error *err)
{
	char buf[NORMALIZE_EMAIL_SIZE];
	size_t n = in ? strlen(in) : 0, nb = 0, i, len, at = 0, ats = 0;
	int space_seen = 0;

	clear_out(out, outsz);
	for (i = 0; i < n; i += len) {
		uint32_t cp;

		len = utf8_decode(in + i, n - i, &cp);
		if (UTF8_INVALID(cp, len))
			return rd_error_set(err, RD_INVALID,
					    _("the e-mail address is not valid "
					      "text"));
		if (is_space(cp)) {
			space_seen = nb > 0;
			continue;
		}
		if (space_seen)
			return rd_error_set(err, RD_INVALID,
					    _("an e-mail address cannot "
					      "contain spaces"));
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;   /* typed with the input method on */
		if (is_control(cp))
			return rd_error_set(err, RD_INVALID,
					    _("the e-mail address contains a "
					      "control character"));
		if (cp >= 0x80)
			return rd_error_set(err, RD_INVALID,
					    _("an e-mail address may hold only "
					      "Latin letters, digits and "
					      "symbols, not \"%.*s\""),
					    (int)len, in + i);
		if (nb + 1 >= sizeof(buf))
			return rd_error_set(err, RD_INVALID,
					    _("an e-mail address is at most "
					      "254 characters long"));
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp == '@') {
			ats++;
			at = nb;
		}
		buf[nb++] = (char)cp;
	}
	buf[nb] = '\0';
	if (nb == 0)
		return rd_error_set(err, RD_INVALID,
				    _("enter an e-mail address"));
	if (ats != 1)
		return rd_error_set(err, RD_INVALID,
				    _("an e-mail address has exactly one "
				      "'@', like taro@example.jp"));
	if (at == 0)
		return rd_error_set(err, RD_INVALID,
				    _("the part of the e-mail address "
				      "before '@' is empty"));
	if (at > 64)
		return rd_error_set(err, RD_INVALID,
				    _("the part of the e-mail address "
				      "before '@' is longer than 64 "
				      "characters"));
	for (i = 0; i < at; i++) {
		if (strchr("()<>[]\\,;:\"", buf[i]))
			return rd_error_set(err, RD_INVALID,
					    _("an e-mail address cannot "
					      "contain '%c'"), buf[i]);
	}
	{
		const char *d = buf + at + 1;
		size_t dn = nb - at - 1, label = 0;
		int dots = 0;

		for (i = 0; i < dn; i++) {
			char c = d[i];

			if (c == '.') {
				if (label == 0)
					break;
				dots++;
				label = 0;
			} else if ((c >= 'a' && c <= 'z') ||
				   (c >= '0' && c <= '9') || c == '-') {
				label++;
			} else {
				break;
			}
		}
		if (i < dn || dn == 0 || label == 0 || dots == 0)
			return rd_error_set(err, RD_INVALID,
					    _("the part of the e-mail address "
					      "after '@' must be a domain, "
					      "like example.co.jp"));
	}
	return copy_out(buf, nb, out, outsz, err);
}
