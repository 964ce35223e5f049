/* pan.c: the card-number rule (see pan.h); the database's rd.pan_found
 * is the same rule in SQL. */
#include "repeatdesk/pan.h"

#include <stdint.h>
#include <string.h>

#define GROUPS_MAX 64
#define PAN_MIN 13
#define PAN_MAX 19

struct group {
	char d[PAN_MAX];  /* the first PAN_MAX digits */
	size_t len;       /* all of them */
	char sep[3];      /* the separators before it, as ASCII (1-3) */
	size_t seplen;
};

enum kind { K_OTHER, K_DIGIT, K_SEP };

/* Decodes one UTF-8 character at s (not at the NUL); returns its length,
 * 1 for an invalid byte (then *cp is U+FFFD). */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
		      (s[2] & 0x3F);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
	    (s[3] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		      ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

static enum kind classify(uint32_t cp, char *digit)
{
	if (cp >= '0' && cp <= '9') {
		*digit = (char)cp;
		return K_DIGIT;
	}
	if (cp >= 0xFF10 && cp <= 0xFF19) {
		*digit = (char)('0' + (cp - 0xFF10));
		return K_DIGIT;
	}
	if (cp == ' ' || cp == '-' || cp == '.' || cp == 0x3000 || cp == 0xFF0D ||
	    cp == 0xFF0E || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
	    cp == 0x30FC || cp == 0xFF70)
		return K_SEP;
	return K_OTHER;
}

bool pan_luhn(const char *d, size_t n)
{
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';

		if (i % 2 == 1) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

/* The candidates of one run (rd.pan_found's loops). */
static bool run_has_pan(const struct group *g, size_t n)
{
	char d[PAN_MAX];

	for (size_t i = 0; i < n; i++) {
		size_t len = g[i].len;

		if (len >= PAN_MIN && len <= PAN_MAX && pan_luhn(g[i].d, len))
			return true;
		if (len < 4 || len > 6)
			continue;
		memcpy(d, g[i].d, len);
		for (size_t j = i + 1; j < n; j++) {
			size_t more = g[j].len;

			if (more > 6 || len + more > PAN_MAX)
				break;
			/* one spelling throughout: "4111 1111-1111" is two
			 * numbers, as "03-1234-5678 0120-123-456" is */
			if (j > i + 1 && (g[j].seplen != g[i + 1].seplen ||
					  memcmp(g[j].sep, g[i + 1].sep, g[j].seplen) != 0))
				break;
			memcpy(d + len, g[j].d, more);
			len += more;
			if (len >= PAN_MIN && pan_luhn(d, len))
				return true;
			if (more < 4)
				break;
		}
	}
	return false;
}

static bool hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* True when a UUID (8-4-4-4-12 hex digits, as request ids are written)
 * starts at p and ends there too (no hex digit right after it). Its
 * digit groups are no card number: a random request id would otherwise be
 * refused about 8 times in 10,000 (rd.pan_found skips them the same way). */
static bool uuid_at(const unsigned char *p)
{
	static const int len[] = { 8, 4, 4, 4, 12 };

	for (int k = 0; k < 5; k++) {
		for (int i = 0; i < len[k]; i++, p++)
			if (!hex(*p))
				return false;
		if (k < 4 && *p++ != '-')
			return false;
	}
	return !hex(*p);
}

bool pan_found(const char *s)
{
	struct group g[GROUPS_MAX];
	size_t ng = 0;      /* groups of the current run, the last one open */
	int seps = 0;       /* separators since the last digit */
	char sep[3];        /* them, as ASCII */
	size_t seplen = 0;
	bool in_group = false;
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return false;
	for (;;) {
		uint32_t cp = 0;
		char digit = 0;
		size_t step = *p ? decode(p, &cp) : 0;
		enum kind k = step ? classify(cp, &digit) : K_OTHER;

		/* a UUID (not glued to hex before it) is one word, no digits */
		if (step && (p == (const unsigned char *)s || !hex(p[-1])) && uuid_at(p)) {
			k = K_OTHER;
			step = 36;
		}

		if (k == K_DIGIT) {
			if (!in_group) {
				/* a new group: continues the run after 1-3
				 * separators, else starts a new run */
				if (ng > 0 && (seps == 0 || seps > 3)) {
					if (run_has_pan(g, ng))
						return true;
					ng = 0;
				}
				if (ng == GROUPS_MAX) {
					if (run_has_pan(g, ng))
						return true;
					/* keep the last groups: a card number
					 * may straddle the cut (4 groups of 4
					 * make 16 digits; 3 of 6 make 18) */
					memmove(g, g + ng - 4, 4 * sizeof(*g));
					ng = 4;
				}
				g[ng].len = 0;
				memcpy(g[ng].sep, sep, seplen);
				g[ng].seplen = seplen;
				ng++;
				in_group = true;
			}
			if (g[ng - 1].len < PAN_MAX)
				g[ng - 1].d[g[ng - 1].len] = digit;
			g[ng - 1].len++;
			seps = 0;
			seplen = 0;
		} else if (k == K_SEP && ng > 0) {
			in_group = false;
			/* compared as rd.pan_found compares them: after
			 * translating full-width and look-alikes to ASCII */
			if (++seps <= 3)
				sep[seplen++] = cp == ' ' || cp == 0x3000 ? ' '
					      : cp == '.' || cp == 0xFF0E ? '.' : '-';
		} else {
			in_group = false;
			if (ng > 0 && run_has_pan(g, ng))
				return true;
			ng = 0;
			seps = 0;
			seplen = 0;
		}
		if (!step)
			return false;
		p += step;
	}
}
