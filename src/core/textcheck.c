/* textcheck.c: the small checks on typed text shared by store/, ui/ and
 * cli/ (see textcheck.h). */
#include "repeatdesk/textcheck.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

size_t textcheck_chars(const char *s)
{
	size_t n = 0;

	if (!s)
		return 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static bool hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool textcheck_uuid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!hex(s[i])) {
			return false;
		}
	}
	return true;
}

bool textcheck_digits(const char *s, size_t n, int *out)
{
	int v = 0;

	if (!s || n < 1 || n > 9)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool textcheck_whole(const char *s, long long lo, long long hi, long long *out)
{
	unsigned long long mag = 0, limit;
	bool neg;

	if (!s || !*s)
		return false;
	neg = *s == '-';
	if (neg)
		s++;
	if (!*s)
		return false;
	/* the magnitude of LLONG_MIN is one more than LLONG_MAX's */
	limit = neg ? (unsigned long long)LLONG_MAX + 1u : (unsigned long long)LLONG_MAX;
	for (; *s; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return false;
		d = (unsigned)(*s - '0');
		if (mag > (limit - d) / 10)
			return false;
		mag = mag * 10 + d;
	}
	{
		long long v = neg ? (mag == limit ? LLONG_MIN : -(long long)mag)
				  : (long long)mag;

		if (v < lo || v > hi)
			return false;
		*out = v;
	}
	return true;
}

const char *textcheck_ll(long long v, char buf[TEXTCHECK_LL_SIZE])
{
	snprintf(buf, TEXTCHECK_LL_SIZE, "%lld", v);
	return buf;
}

const char *textcheck_id(long long v, char buf[TEXTCHECK_LL_SIZE])
{
	if (v <= 0)
		return NULL;
	return textcheck_ll(v, buf);
}
