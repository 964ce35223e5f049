/* pricing.c: order arithmetic and rules (see pricing.h). Pure. */
#include "repeatdesk/pricing.h"

#include "repeatdesk/pan.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"

#include <stdio.h>
#include <string.h>

/* Largest fee or threshold a setting may hold, yen. */
#define PRICING_SETTING_YEN_MAX 1000000
#define PRICING_SETTING_DAYS_MAX 365

static const struct {
	const char *code;
	const char *label;
} payments[PRICING_PAY_COUNT] = {
	[PRICING_PAY_CARD] = { "card", N_("credit card") },
	[PRICING_PAY_COD] = { "cod", N_("cash on delivery") },
	[PRICING_PAY_DEFERRED] = { "deferred", N_("convenience-store deferred payment") },
	[PRICING_PAY_BANK] = { "bank", N_("bank transfer") },
};

static const struct {
	const char *code;
	const char *label;
} slots[PRICING_SLOT_COUNT] = {
	[PRICING_SLOT_NONE] = { "none", N_("unspecified") },
	[PRICING_SLOT_MORNING] = { "morning", N_("morning") },
	[PRICING_SLOT_14_16] = { "14-16", N_("14:00-16:00") },
	[PRICING_SLOT_16_18] = { "16-18", N_("16:00-18:00") },
	[PRICING_SLOT_18_20] = { "18-20", N_("18:00-20:00") },
	[PRICING_SLOT_19_21] = { "19-21", N_("19:00-21:00") },
};

const char *pricing_payment_code(enum pricing_payment p)
{
	return (unsigned)p < PRICING_PAY_COUNT ? payments[p].code : "?";
}

const char *pricing_payment_label(enum pricing_payment p)
{
	return (unsigned)p < PRICING_PAY_COUNT ? _(payments[p].label) : "?";
}

enum rd_status pricing_payment_parse(const char *s, enum pricing_payment *out,
				     struct rd_error *err)
{
	char q[32];

	for (int i = 0; s && i < PRICING_PAY_COUNT; i++) {
		if (strcmp(s, payments[i].code) == 0) {
			*out = (enum pricing_payment)i;
			return RD_OK;
		}
	}
	return rd_error_set(err, RD_INVALID,
		_("payment: '%s' is not a payment method; use card, cod, deferred or bank"),
		s ? rd_quote_input(s, strlen(s), q, sizeof(q)) : "");
}

const char *pricing_slot_code(enum pricing_slot s)
{
	return (unsigned)s < PRICING_SLOT_COUNT ? slots[s].code : "?";
}

const char *pricing_slot_label(enum pricing_slot s)
{
	return (unsigned)s < PRICING_SLOT_COUNT ? _(slots[s].label) : "?";
}

enum rd_status pricing_slot_parse(const char *s, enum pricing_slot *out,
				  struct rd_error *err)
{
	char q[32];

	for (int i = 0; s && i < PRICING_SLOT_COUNT; i++) {
		if (strcmp(s, slots[i].code) == 0) {
			*out = (enum pricing_slot)i;
			return RD_OK;
		}
	}
	return rd_error_set(err, RD_INVALID,
		_("time slot: '%s' is not a delivery time slot; use none, morning, 14-16, 16-18, 18-20 or 19-21"),
		s ? rd_quote_input(s, strlen(s), q, sizeof(q)) : "");
}

void pricing_settings_default(struct pricing_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->shipping_fee = 600;
	s->free_shipping_threshold = 5000;
	s->cod_fee = 330;
	s->subscription_free_shipping = true;
	s->earliest_delivery_days = 2;
	s->latest_delivery_days = 90;
	s->bundling_window_days = 3;
	s->max_subscription_quantity = 20;
}

enum rd_status pricing_settings_check(const struct pricing_settings *s,
				      struct rd_error *err)
{
	static const char fmt_yen[] = N_("setting %s is %lld; it must be 0 to %d yen");
	static const char fmt_days[] = N_("setting %s is %d; it must be 0 to %d days");

	if (s->shipping_fee < 0 || s->shipping_fee > PRICING_SETTING_YEN_MAX)
		return rd_error_set(err, RD_INVALID, _(fmt_yen), "shipping_fee",
				    (long long)s->shipping_fee, PRICING_SETTING_YEN_MAX);
	if (s->free_shipping_threshold < 0 ||
	    s->free_shipping_threshold > 100 * (int64_t)PRICING_SETTING_YEN_MAX)
		return rd_error_set(err, RD_INVALID, _(fmt_yen), "free_shipping_threshold",
				    (long long)s->free_shipping_threshold,
				    100 * PRICING_SETTING_YEN_MAX);
	if (s->cod_fee < 0 || s->cod_fee > PRICING_SETTING_YEN_MAX)
		return rd_error_set(err, RD_INVALID, _(fmt_yen), "cod_fee",
				    (long long)s->cod_fee, PRICING_SETTING_YEN_MAX);
	if (s->earliest_delivery_days < 0 ||
	    s->earliest_delivery_days > PRICING_SETTING_DAYS_MAX)
		return rd_error_set(err, RD_INVALID, _(fmt_days), "earliest_delivery_days",
				    s->earliest_delivery_days, PRICING_SETTING_DAYS_MAX);
	if (s->latest_delivery_days < s->earliest_delivery_days ||
	    s->latest_delivery_days > PRICING_SETTING_DAYS_MAX)
		return rd_error_set(err, RD_INVALID,
			_("setting latest_delivery_days is %d; it must be from earliest_delivery_days (%d) to %d days"),
			s->latest_delivery_days, s->earliest_delivery_days,
			PRICING_SETTING_DAYS_MAX);
	if (s->bundling_window_days < 0 ||
	    s->bundling_window_days > PRICING_SETTING_DAYS_MAX)
		return rd_error_set(err, RD_INVALID, _(fmt_days), "bundling_window_days",
				    s->bundling_window_days, PRICING_SETTING_DAYS_MAX);
	if (s->max_subscription_quantity < PRICING_QTY_MIN ||
	    s->max_subscription_quantity > PRICING_QTY_MAX)
		return rd_error_set(err, RD_INVALID,
			_("setting max_quantity_per_line is %d; it must be %d to %d"),
			s->max_subscription_quantity, PRICING_QTY_MIN, PRICING_QTY_MAX);
	return RD_OK;
}

int64_t pricing_unit_price(int64_t list_price, int64_t subscription_price,
			   bool subscribe)
{
	return subscribe && subscription_price >= 0 ? subscription_price : list_price;
}

enum rd_status pricing_check_quantity(long quantity, size_t index,
				      struct rd_error *err)
{
	if (quantity < PRICING_QTY_MIN || quantity > PRICING_QTY_MAX)
		return rd_error_set(err, RD_INVALID,
			_("item %zu: quantity %ld is not possible; order %d to %d"),
			index + 1, quantity, PRICING_QTY_MIN, PRICING_QTY_MAX);
	return RD_OK;
}

enum rd_status pricing_check_line(size_t index, const char *sku, long quantity,
				  bool sold, bool subscription,
				  int max_subscription_quantity,
				  struct rd_error *err)
{
	enum rd_status st;
	int max = max_subscription_quantity;

	if (!sold)
		return rd_error_set(err, RD_REFUSED,
			_("item %zu: %s is no longer sold; choose another product"),
			index + 1, sku ? sku : "?");
	if (max < PRICING_QTY_MIN || max > PRICING_QTY_MAX)
		max = PRICING_QTY_MAX;
	if (!subscription && (st = pricing_check_quantity(quantity, index, err)) != RD_OK)
		return st;
	if (subscription && (quantity < PRICING_QTY_MIN || quantity > max))
		return rd_error_set(err, RD_INVALID,
			_("item %zu: quantity %ld of %s is not possible in a subscription: 1 to %d per product (max_quantity_per_line)"),
			index + 1, quantity, sku ? sku : "?", max);
	return RD_OK;
}

enum rd_status pricing_totals(const struct pricing_line *lines, size_t n,
			      enum pricing_payment payment, bool subscribe,
			      const struct pricing_settings *s,
			      struct pricing_totals *out, struct rd_error *err)
{
	struct pricing_totals t;
	const struct money_rate_total *r;
	enum rd_status st;

	if (n == 0)
		return rd_error_set(err, RD_INVALID,
				    _("items: an order needs at least one product"));
	if ((unsigned)payment >= PRICING_PAY_COUNT)
		return rd_error_set(err, RD_INVALID, _("payment: unknown payment method"));
	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < n; i++) {
		const struct pricing_line *l = &lines[i];

		if ((st = pricing_check_quantity(l->quantity, i, err)) != RD_OK)
			return st;
		if (l->unit_price < 0)
			return rd_error_set(err, RD_INVALID,
				_("item %zu: the unit price cannot be negative"), i + 1);
		if (l->tax_rate != MONEY_RATE_REDUCED && l->tax_rate != MONEY_RATE_STANDARD)
			return rd_error_set(err, RD_INVALID,
				_("item %zu: tax rate %d%% is neither 8%% nor 10%%"),
				i + 1, l->tax_rate);
	}
	if ((st = pricing_goods(lines, n, 0, &t.goods, NULL, err)) != RD_OK)
		return st;
	if ((r = money_totals_rate(&t.goods, MONEY_RATE_REDUCED)) != NULL) {
		t.subtotal_8 = r->subtotal;
		t.tax_8 = r->tax;
	}
	if ((r = money_totals_rate(&t.goods, MONEY_RATE_STANDARD)) != NULL) {
		t.subtotal_10 = r->subtotal;
		t.tax_10 = r->tax;
	}
	t.goods_total = t.goods.total;
	{
		/* an order alone is a parcel of one */
		struct pricing_parcel_member m = { .goods_total = t.goods_total,
						   .payment = payment,
						   .subscription = subscribe };
		struct pricing_parcel parcel;

		if ((st = pricing_parcel_fees(&m, 1, s, &parcel, err)) != RD_OK)
			return st;
		t.free_shipping = parcel.free_shipping;
		t.shipping_fee = m.shipping_fee;
		t.cod_fee = m.cod_fee;
		t.total = m.total;
	}
	*out = t;
	return RD_OK;
}

enum rd_status pricing_line_amount(int64_t unit_price, long quantity,
				   int tax_rate, int64_t *excluded,
				   int64_t *included, struct rd_error *err)
{
	int64_t ex = 0, in = 0;
	enum rd_status st;

	if ((st = money_mul(unit_price, quantity, &ex, err)) != RD_OK ||
	    (st = money_tax_included(ex, tax_rate, &in, err)) != RD_OK)
		return st;
	if (excluded)
		*excluded = ex;
	if (included)
		*included = in;
	return RD_OK;
}

enum rd_status pricing_unit_tax_included(int64_t unit_price, int tax_rate,
					 int64_t *out, struct rd_error *err)
{
	return pricing_line_amount(unit_price, 1, tax_rate, NULL, out, err);
}

enum rd_status pricing_goods(const struct pricing_line *lines, size_t n,
			     int discount_percent, struct money_totals *goods,
			     int64_t *discount, struct rd_error *err)
{
	struct money_totals g, d;
	int64_t off_total = 0;
	enum rd_status st;

	if (discount_percent < 0 || discount_percent > 100)
		return rd_error_set(err, RD_INVALID,
				    _("a discount of %d%% is not possible"), discount_percent);
	money_totals_init(&g);
	for (size_t i = 0; i < n; i++) {
		st = money_totals_add_line(&g, lines[i].unit_price, lines[i].quantity,
					   lines[i].tax_rate, err);
		if (st != RD_OK)
			return st;
	}
	if (discount_percent > 0) {
		money_totals_init(&d);
		for (int i = 0; i < g.nrates; i++) {
			int64_t sub = g.rates[i].subtotal, off = 0, left = 0;

			if ((st = money_percent(sub, discount_percent, &off, err)) != RD_OK ||
			    (st = money_add(off_total, off, &off_total, err)) != RD_OK ||
			    (st = money_sub(sub, off, &left, err)) != RD_OK ||
			    (st = money_totals_add(&d, left, g.rates[i].rate, err)) != RD_OK)
				return st;
		}
		g = d;
	}
	*goods = g;
	if (discount)
		*discount = off_total;
	return RD_OK;
}

void pricing_fees(const struct pricing_settings *s, int64_t goods_total,
		  enum pricing_payment payment, bool subscription,
		  struct pricing_fees *out)
{
	memset(out, 0, sizeof(*out));
	out->free_shipping = goods_total >= s->free_shipping_threshold ||
			     (subscription && s->subscription_free_shipping);
	out->shipping = out->free_shipping ? 0 : s->shipping_fee;
	out->cod = payment == PRICING_PAY_COD ? s->cod_fee : 0;
}

enum rd_status pricing_parcel_fees(struct pricing_parcel_member *m, size_t n,
				   const struct pricing_settings *s,
				   struct pricing_parcel *out, struct rd_error *err)
{
	struct pricing_parcel p;
	struct pricing_fees fees;
	bool sub = false, any_cod = false, cod_given = false;
	enum rd_status st;

	if (n == 0)
		return rd_error_set(err, RD_INVALID, _("a parcel needs at least one order"));
	memset(&p, 0, sizeof(p));
	p.norders = n;
	for (size_t i = 0; i < n; i++) {
		if (m[i].goods_total < 0)
			return rd_error_set(err, RD_INVALID,
				_("order %zu of the parcel: its goods cannot cost less than nothing"),
				i + 1);
		if ((st = money_add(p.goods_total, m[i].goods_total, &p.goods_total, err)) != RD_OK)
			return st;
		sub = sub || m[i].subscription;
		any_cod = any_cod || m[i].payment == PRICING_PAY_COD;
	}
	/* the one fee rule, for the parcel's goods as a whole */
	pricing_fees(s, p.goods_total, any_cod ? PRICING_PAY_COD : PRICING_PAY_CARD,
		     sub, &fees);
	p.free_shipping = fees.free_shipping;
	for (size_t i = 0; i < n; i++) {
		m[i].shipping_fee = i == 0 ? fees.shipping : 0;
		m[i].cod_fee = 0;
		if (m[i].payment == PRICING_PAY_COD && !cod_given) {
			m[i].cod_fee = fees.cod;
			cod_given = true;
		}
		if ((st = money_add(m[i].goods_total, m[i].shipping_fee, &m[i].total, err)) != RD_OK ||
		    (st = money_add(m[i].total, m[i].cod_fee, &m[i].total, err)) != RD_OK)
			return st;
		p.shipping_fee += m[i].shipping_fee;
		p.cod_fee += m[i].cod_fee;
	}
	if ((st = money_add(p.goods_total, p.shipping_fee, &p.total, err)) != RD_OK ||
	    (st = money_add(p.total, p.cod_fee, &p.total, err)) != RD_OK)
		return st;
	*out = p;
	return RD_OK;
}

int32_t pricing_earliest_date(const struct pricing_settings *s, int32_t today)
{
	return today + s->earliest_delivery_days;
}

int32_t pricing_latest_date(const struct pricing_settings *s, int32_t today)
{
	return today + s->latest_delivery_days;
}

enum rd_status pricing_check_date(const struct pricing_settings *s,
				  int32_t today, int32_t desired,
				  struct rd_error *err)
{
	char a[DATE_LONG_SIZE], b[DATE_LONG_SIZE];
	int32_t lo = pricing_earliest_date(s, today);
	int32_t hi = pricing_latest_date(s, today);

	if (desired < lo)
		return rd_error_set(err, RD_INVALID,
			_("date: %s is too early; the earliest delivery date is %s"),
			date_format_long(desired, a), date_format_long(lo, b));
	if (desired > hi)
		return rd_error_set(err, RD_INVALID,
			_("date: %s is too far ahead; the latest delivery date is %s"),
			date_format_long(desired, a), date_format_long(hi, b));
	return RD_OK;
}

bool pricing_in_bundling_window(const struct pricing_settings *s,
				int32_t date, int32_t other)
{
	int64_t d = (int64_t)other - (int64_t)date;

	if (d < 0)
		d = -d;
	return d <= s->bundling_window_days;
}

bool pricing_insert_matches(const struct pricing_insert_rule *r,
			    const struct pricing_order_facts *f)
{
	if (r->first_order && !f->first_order)
		return false;
	if (r->delivery_no > 0 && r->delivery_no != f->delivery_no)
		return false;
	if (r->min_total >= 0 && f->goods_total < r->min_total)
		return false;
	if (r->sku[0]) {
		bool found = false;

		for (size_t i = 0; i < f->nskus && !found; i++)
			found = f->skus[i] && strcmp(f->skus[i], r->sku) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* a before b: smaller priority, then code */
static bool insert_before(const struct pricing_insert_rule *a,
			  const struct pricing_insert_rule *b)
{
	if (a->priority != b->priority)
		return a->priority < b->priority;
	return strcmp(a->code, b->code) < 0;
}

size_t pricing_choose_inserts(const struct pricing_insert_rule *rules,
			      size_t nrules,
			      const struct pricing_order_facts *f,
			      size_t *out, size_t max)
{
	size_t n = 0;

	/* insertion into out, kept sorted; a better rule with a code already
	 * chosen replaces it */
	for (size_t i = 0; i < nrules; i++) {
		const struct pricing_insert_rule *r = &rules[i];
		size_t dup = n, pos;

		if (!pricing_insert_matches(r, f))
			continue;
		for (size_t k = 0; k < n; k++)
			if (strcmp(rules[out[k]].code, r->code) == 0)
				dup = k;
		if (dup < n) {
			if (!insert_before(r, &rules[out[dup]]))
				continue;
			memmove(&out[dup], &out[dup + 1], (n - dup - 1) * sizeof(*out));
			n--;
		}
		for (pos = 0; pos < n && insert_before(&rules[out[pos]], r); pos++)
			;
		if (pos >= max)
			continue;
		if (n == max)
			n--;  /* the last one falls out */
		memmove(&out[pos + 1], &out[pos], (n - pos) * sizeof(*out));
		out[pos] = i;
		n++;
	}
	return n;
}

/* A card number by core/pan's rule, or (a token's own rule, stricter than
 * pan's) any run of 15 or more digits with spaces or dashes between. */
bool pricing_looks_like_pan(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	if (pan_found(s))
		return true;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (++n >= 15)
				return true;
		} else if (!((*p == ' ' || *p == '-') && n > 0 && p[1] >= '0' && p[1] <= '9')) {
			n = 0;
		}
	}
	return false;
}

static bool token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-';
}

static enum rd_status check_card(enum pricing_payment p, const char *token,
				 const char *last4, enum pricing_card_field *field,
				 struct rd_error *err)
{
	bool has_token = token && *token, has_last4 = last4 && *last4;
	size_t n;

	*field = PRICING_CARD_PAYMENT;
	if (p != PRICING_PAY_CARD) {
		if (has_token || has_last4)
			return rd_error_set(err, RD_INVALID,
				_("payment: a card token and last four digits belong only to card payment, not %s"),
				pricing_payment_label(p));
		*field = PRICING_CARD_OK;
		return RD_OK;
	}
	*field = PRICING_CARD_TOKEN;
	if (!has_token)
		return rd_error_set(err, RD_INVALID,
			_("card token: card payment needs the payment gateway's token"));
	/* before anything else: a card number is never echoed */
	if (pricing_looks_like_pan(token))
		return rd_error_set(err, RD_INVALID,
			_("card token: this looks like a card number; never type card numbers, enter the gateway's token"));
	n = strlen(token);
	if (n < PRICING_TOKEN_MIN || n > PRICING_TOKEN_MAX)
		return rd_error_set(err, RD_INVALID,
			_("card token: a gateway token has %d to %d characters, this one has %zu"),
			PRICING_TOKEN_MIN, PRICING_TOKEN_MAX, n);
	for (size_t i = 0; i < n; i++)
		if (!token_char(token[i]))
			return rd_error_set(err, RD_INVALID,
				_("card token: a gateway token has only letters, digits and _ . : -"));
	*field = PRICING_CARD_LAST4;
	if (!has_last4)
		return rd_error_set(err, RD_INVALID,
			_("card last four: card payment needs the last four digits of the card"));
	if (strlen(last4) != 4 || strspn(last4, "0123456789") != 4)
		return rd_error_set(err, RD_INVALID,
			_("card last four: give exactly the last four digits of the card"));
	*field = PRICING_CARD_OK;
	return RD_OK;
}

enum rd_status pricing_check_card_field(enum pricing_payment p, const char *token,
					const char *last4, enum pricing_card_field *field,
					struct rd_error *err)
{
	enum pricing_card_field f;
	enum rd_status st = check_card(p, token, last4, &f, err);

	if (field)
		*field = f;
	return st;
}

enum rd_status pricing_check_card(enum pricing_payment p, const char *token,
				  const char *last4, struct rd_error *err)
{
	return pricing_check_card_field(p, token, last4, NULL, err);
}
