/* phone.c: applies libphonenumber's national formats for Japan.
 *
 * As libphonenumber does: the first format whose leading digits match the
 * start of the national significant number (the digits after the trunk
 * 0) is chosen, and used only when its groups add up to the whole number;
 * otherwise the number is left as it is. */
#include "repeatdesk/phone.h"

#include <string.h>

struct jp_phone_group {
	unsigned char min, max;   /* digits in the group */
};

struct jp_phone_format {
	const char *const *prefixes;  /* NULL-terminated leading digits */
	int ngroups;
	struct jp_phone_group groups[4];
};

#include "jp_phone_formats.inc"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

const char *phone_formats_version(void)
{
	return JP_PHONE_FORMATS_VERSION;
}

static int starts_with_any(const char *s, const char *const *prefixes)
{
	for (; *prefixes; prefixes++) {
		if (strncmp(s, *prefixes, strlen(*prefixes)) == 0)
			return 1;
	}
	return 0;
}

/* Splits n digits into f's groups as a greedy regular expression
 * (\d{a,b})(\d{c,d})... would: each group as long as the rest allows.
 * Returns 0 when the groups cannot cover exactly n digits. */
static int split(const struct jp_phone_format *f, size_t n, size_t *len)
{
	size_t left = n;

	for (int i = 0; i < f->ngroups; i++) {
		size_t rest_min = 0, rest_max = 0, take;

		for (int j = i + 1; j < f->ngroups; j++) {
			rest_min += f->groups[j].min;
			rest_max += f->groups[j].max;
		}
		if (left < rest_min + f->groups[i].min ||
		    left > rest_max + f->groups[i].max)
			return 0;
		take = left - rest_min;
		if (take > f->groups[i].max)
			take = f->groups[i].max;
		len[i] = take;
		left -= take;
	}
	return left == 0;
}

void phone_format(struct sbuf *out, const char *digits)
{
	size_t n = digits ? strlen(digits) : 0, len[4], i;
	const char *nsn;

	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		if (digits[i] < '0' || digits[i] > '9')
			goto as_is;
	}
	if (n < 2 || digits[0] != '0' || digits[1] == '0')
		goto as_is;
	nsn = digits + 1;
	for (i = 0; i < N_ELEMS(jp_phone_formats); i++) {
		const struct jp_phone_format *f = &jp_phone_formats[i];
		const char *p;

		if (!starts_with_any(nsn, f->prefixes))
			continue;
		if (!split(f, n - 1, len))
			continue;   /* libphonenumber tries the next one too */
		sbuf_addc(out, '0');
		p = nsn;
		for (int g = 0; g < f->ngroups; g++) {
			if (g > 0)
				sbuf_addc(out, '-');
			sbuf_add(out, p, len[g]);
			p += len[g];
		}
		return;
	}
as_is:
	sbuf_add(out, digits, n);
}
