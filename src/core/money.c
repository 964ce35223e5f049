/* money.c: checked yen arithmetic, per-rate tax, formatting and parsing.
 *
 * Overflow is checked with the compiler's __builtin_*_overflow (GCC and
 * Clang), which is exact and cannot itself overflow. */
#include "repeatdesk/money.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"

#include <string.h>

enum rd_status money_mul(int64_t unit_price, int64_t quantity, int64_t *out,
			 struct rd_error *err)
{
	int64_t r;

	if (__builtin_mul_overflow(unit_price, quantity, &r))
		return rd_error_set(err, RD_INVALID,
				    _("the amount %lld x %lld is too large"),
				    (long long)unit_price,
				    (long long)quantity);
	*out = r;
	return RD_OK;
}

enum rd_status money_add(int64_t a, int64_t b, int64_t *out,
			 struct rd_error *err)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return rd_error_set(err, RD_INVALID,
				    _("the total amount is too large"));
	*out = r;
	return RD_OK;
}

enum rd_status money_sub(int64_t a, int64_t b, int64_t *out,
			 struct rd_error *err)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return rd_error_set(err, RD_INVALID,
				    _("the amount %lld - %lld is too large"),
				    (long long)a, (long long)b);
	*out = r;
	return RD_OK;
}

enum rd_status money_sum(const int64_t *amounts, int n, int64_t *out,
			 struct rd_error *err)
{
	int64_t r = 0;
	enum rd_status st;

	for (int i = 0; i < n; i++)
		if ((st = money_add(r, amounts[i], &r, err)) != RD_OK)
			return st;
	*out = r;
	return RD_OK;
}

/* amount * percent / 100 toward zero, percent in 0..100: amount = 100q + m
 * with |m| < 100, both with the sign of amount (C division truncates), so
 * the result is q * percent + m * percent / 100 exactly, and q * percent
 * cannot overflow. */
static int64_t percent_of(int64_t amount, int percent)
{
	return (amount / 100) * percent + (amount % 100) * percent / 100;
}

enum rd_status money_percent(int64_t amount, int percent, int64_t *out,
			     struct rd_error *err)
{
	if (percent < 0 || percent > 100)
		return rd_error_set(err, RD_INVALID,
				    _("%d%% is not between 0%% and 100%%"),
				    percent);
	*out = percent_of(amount, percent);
	return RD_OK;
}

enum rd_status money_tax(int64_t subtotal, int rate_percent, int64_t *tax,
			 struct rd_error *err)
{
	if (rate_percent < 0 || rate_percent > 100)
		return rd_error_set(err, RD_INVALID,
				    _("tax rate %d%% is not between 0%% and "
				      "100%%"), rate_percent);
	*tax = percent_of(subtotal, rate_percent);
	return RD_OK;
}

enum rd_status money_tax_included(int64_t amount, int rate_percent,
				  int64_t *out, struct rd_error *err)
{
	int64_t tax = 0;
	enum rd_status st;

	if ((st = money_tax(amount, rate_percent, &tax, err)) != RD_OK)
		return st;
	return money_add(amount, tax, out, err);
}

void money_totals_init(struct money_totals *t)
{
	memset(t, 0, sizeof(*t));
}

enum rd_status money_totals_add(struct money_totals *t, int64_t amount,
				int rate_percent, struct rd_error *err)
{
	struct money_totals n = *t;   /* work on a copy: t stays as it was */
	struct money_rate_total *r = NULL;
	enum rd_status st;
	int i;

	if (rate_percent < 0 || rate_percent > 100)
		return rd_error_set(err, RD_INVALID,
				    _("tax rate %d%% is not between 0%% and "
				      "100%%"), rate_percent);
	for (i = 0; i < n.nrates; i++) {
		if (n.rates[i].rate == rate_percent) {
			r = &n.rates[i];
			break;
		}
		if (n.rates[i].rate > rate_percent)
			break;
	}
	if (!r) {
		if (n.nrates == MONEY_MAX_RATES)
			return rd_error_set(err, RD_INVALID,
					    _("an order can have at most %d "
					      "tax rates"), MONEY_MAX_RATES);
		memmove(&n.rates[i + 1], &n.rates[i],
			(size_t)(n.nrates - i) * sizeof(n.rates[0]));
		n.nrates++;
		r = &n.rates[i];
		r->rate = rate_percent;
		r->subtotal = 0;
		r->tax = 0;
	}
	st = money_add(r->subtotal, amount, &r->subtotal, err);
	if (st != RD_OK)
		return st;
	money_tax(r->subtotal, r->rate, &r->tax, NULL);
	n.subtotal = 0;
	n.tax = 0;
	for (i = 0; i < n.nrates; i++) {
		st = money_add(n.subtotal, n.rates[i].subtotal, &n.subtotal,
			       err);
		if (st == RD_OK)
			st = money_add(n.tax, n.rates[i].tax, &n.tax, err);
		if (st != RD_OK)
			return st;
	}
	st = money_add(n.subtotal, n.tax, &n.total, err);
	if (st != RD_OK)
		return st;
	*t = n;
	return RD_OK;
}

enum rd_status money_totals_add_line(struct money_totals *t,
				     int64_t unit_price, int64_t quantity,
				     int rate_percent, struct rd_error *err)
{
	int64_t amount = 0;
	enum rd_status st;

	st = money_mul(unit_price, quantity, &amount, err);
	if (st != RD_OK)
		return st;
	return money_totals_add(t, amount, rate_percent, err);
}

const struct money_rate_total *money_totals_rate(const struct money_totals *t,
						 int rate_percent)
{
	int i;

	for (i = 0; i < t->nrates; i++) {
		if (t->rates[i].rate == rate_percent)
			return &t->rates[i];
	}
	return NULL;
}

void money_format(struct sbuf *out, int64_t yen, enum money_style style)
{
	/* the magnitude as unsigned, so that INT64_MIN has one too */
	uint64_t mag = yen < 0 ? (uint64_t)0 - (uint64_t)yen : (uint64_t)yen;
	char digits[32], grouped[40];
	int nd = 0, ng = 0, i;

	do {
		digits[nd++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	for (i = nd - 1; i >= 0; i--) {
		grouped[ng++] = digits[i];
		if (i > 0 && i % 3 == 0)
			grouped[ng++] = ',';
	}
	if (yen < 0)
		sbuf_addc(out, '-');
	if (style == MONEY_YEN_SIGN)
		sbuf_adds(out, "\xC2\xA5");          /* ¥ */
	sbuf_add(out, grouped, (size_t)ng);
	if (style == MONEY_YEN_SUFFIX)
		sbuf_adds(out, "\xE5\x86\x86");      /* 円 */
}

char *money_yen(int64_t yen, char buf[MONEY_YEN_SIZE])
{
	struct sbuf sb;

	sbuf_init(&sb);
	money_format(&sb, yen, MONEY_YEN_SIGN);
	utf8_copy(buf, MONEY_YEN_SIZE, sb.buf);
	sbuf_done(&sb);
	return buf;
}

static int is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000;
}

enum rd_status money_parse(const char *s, int64_t *out, struct rd_error *err)
{
	enum { LEAD, DIGITS, TRAIL } phase = LEAD;
	size_t n = s ? strlen(s) : 0, i, len;
	uint64_t mag = 0;
	int neg = 0, yen_sign = 0, yen_suffix = 0, digits = 0;
	int group = -1;   /* digits since the last comma; -1: no comma yet */
	uint32_t cp;

	for (i = 0; i < n; i += len) {
		len = utf8_decode(s + i, n - i, &cp);
		if (cp >= 0xFF10 && cp <= 0xFF19)
			cp = '0' + (cp - 0xFF10);
		if (phase != TRAIL && cp >= '0' && cp <= '9') {
			unsigned d = (unsigned)(cp - '0');

			phase = DIGITS;
			if (mag > (UINT64_MAX - d) / 10)
				goto too_large;
			mag = mag * 10 + d;
			digits++;
			if (group >= 0 && ++group > 3)
				goto invalid;
		} else if (phase == DIGITS && (cp == ',' || cp == 0xFF0C)) {
			/* separators only between groups of three */
			if ((group >= 0 && group != 3) ||
			    (group < 0 && digits > 3))
				goto invalid;
			group = 0;
		} else if (is_space_cp(cp)) {
			if (phase == DIGITS)
				phase = TRAIL;
		} else if (phase == LEAD && !neg && !yen_sign &&
			   (cp == '-' || cp == 0x2212 || cp == 0xFF0D)) {
			neg = 1;
		} else if (phase == LEAD && !yen_sign &&
			   (cp == 0xA5 || cp == 0xFFE5)) {
			yen_sign = 1;
		} else if (phase != LEAD && !yen_sign && !yen_suffix &&
			   cp == 0x5186) {                  /* 円 */
			yen_suffix = 1;
			phase = TRAIL;
		} else {
			goto invalid;
		}
	}
	if (digits == 0 || (group >= 0 && group != 3))
		goto invalid;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			goto too_large;
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN
						      : -(int64_t)mag;
	} else {
		if (mag > (uint64_t)INT64_MAX)
			goto too_large;
		*out = (int64_t)mag;
	}
	return RD_OK;
too_large:
	return rd_error_set(err, RD_INVALID, _("the amount is too large"));
invalid:
	return rd_error_set(err, RD_INVALID,
			    _("write an amount in whole yen, such as 12,345 "
			      "or ¥12,345"));
}
