/* order_text.c: the order screens as text (order_text.h). Pure. */
#include "order_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/money.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/width.h"

#include "form.h"

#define DASH "\xE2\x80\x94"     /* — */
#define MIDDOT "\xC2\xB7"       /* · */
#define POSTMARK "\xE3\x80\x92" /* 〒 */

/* --- arithmetic --- */

/* The typed quantity of line index, checked as the store checks a line
 * (pricing_check_line: max_quantity_per_line when it starts a
 * subscription), so that the screen marks it as it is typed. */
static bool entry_quantity(const struct order_entry_line *line, size_t index,
			   bool subscribe, const struct pricing_settings *s,
			   int *qty, struct rd_error *err)
{
	const char *typed = line->qty;
	long long v;

	if (!*typed || form_parse_number(typed, &v, NULL) != RD_OK) {
		rd_error_set(err, RD_INVALID,
			     _("item %zu: the quantity is a whole number from 1 to 999"),
			     index + 1);
		return false;
	}
	if (pricing_check_quantity((long)v, index, err) != RD_OK)
		return false;
	if (pricing_check_line(index, line->p.sku, (long)v, true, subscribe,
			       s->max_subscription_quantity, err) != RD_OK)
		return false;
	*qty = (int)v;
	return true;
}

enum rd_status order_entry_totals(const struct order_entry_line *lines,
				  size_t n, enum pricing_payment payment,
				  bool subscribe,
				  const struct pricing_settings *s,
				  struct pricing_totals *out, int *bad_line,
				  struct rd_error *err)
{
	struct pricing_line pl[ORDER_MAX_LINES];
	enum rd_status st;

	if (bad_line)
		*bad_line = -1;
	if (n == 0)
		return rd_error_set(err, RD_INVALID, "%s",
				    _("item: the order has no product yet: type a SKU or a name"));
	if (n > ORDER_MAX_LINES)
		n = ORDER_MAX_LINES;
	for (size_t i = 0; i < n; i++) {
		if (!entry_quantity(&lines[i], i, subscribe, s, &pl[i].quantity, err)) {
			if (bad_line)
				*bad_line = (int)i;
			return RD_INVALID;
		}
		pl[i].unit_price = pricing_unit_price(lines[i].p.price,
						      lines[i].p.subscription_price,
						      subscribe);
		pl[i].tax_rate = lines[i].p.tax_rate;
	}
	st = pricing_totals(pl, n, payment, subscribe, s, out, err);
	return st;
}

enum rd_status order_cycle_preview(const char *spec, int32_t first,
				   const struct calendar *cal, struct sbuf *words,
				   int32_t next[ORDER_NEXT_DATES],
				   struct rd_error *err)
{
	struct cycle c;
	struct schedule s;
	enum rd_status st;

	if ((st = cycle_parse(spec, &c, err)) != RD_OK)
		return st;
	schedule_init(&s, &c);
	s.cal = cal;
	st = schedule_dates_after(&s, first, 1, ORDER_NEXT_DATES, NULL, next, err);
	if (st != RD_OK)
		return st;
	cycle_describe(&c, words);
	return RD_OK;
}

/* --- words --- */

const char *order_status_word(const char *status)
{
	static const struct {
		const char *key, *text;
	} words[] = {
		{ "received", N_("received") }, { "confirmed", N_("confirmed") },
		{ "shipped", N_("shipped") }, { "delivered", N_("delivered") },
		{ "cancelled", NC_("order status", "cancelled") }, { "returned", N_("returned") },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(status, words[i].key) == 0)
			return _(words[i].text);
	return status;
}

void order_address_text(struct sbuf *out, const struct order_address *a)
{
	if (a->label[0])
		sbuf_printf(out, "[%s] ", a->label);
	if (a->postal_code[0]) {
		sbuf_adds(out, POSTMARK);
		normalize_postal_format(out, a->postal_code);
		sbuf_addc(out, ' ');
	}
	sbuf_adds(out, a->prefecture);
	sbuf_adds(out, a->address1);
	if (a->address2[0]) {
		sbuf_addc(out, ' ');
		sbuf_adds(out, a->address2);
	}
	if (a->name[0])
		sbuf_printf(out, " (%s)", a->name);
}

static void yen(struct sbuf *out, int64_t v)
{
	money_format(out, v, MONEY_YEN_SIGN);
}

static void yen_right(struct sbuf *out, int64_t v, int cols)
{
	struct sbuf m;

	sbuf_init(&m);
	money_format(&m, v, MONEY_YEN_SIGN);
	width_fit_right(out, m.buf, cols);
	sbuf_done(&m);
}

static void add_text(struct layout_text *out, enum layout_attr attr,
		     const char *s)
{
	layout_line_add(layout_text_add(out, attr), s, attr);
}

static void date_or(struct sbuf *out, int32_t d, const char *none)
{
	char buf[DATE_LONG_SIZE];

	if (d == ORDER_NO_DATE) {
		sbuf_adds(out, none);
		return;
	}
	sbuf_adds(out, date_format_long(d, buf));
}

/* --- product lines --- */

/* Columns: marker 2, number 3, SKU 7, name, qty 5, unit 9, amount 10, rate 5. */
/* unit and amount: a space, then an amount never cut (¥12,345,678) */
#define LINE_AMOUNT (1 + LAYOUT_AMOUNT_COLS)
#define LINE_FIXED (2 + 3 + 7 + 1 + 5 + LINE_AMOUNT + LINE_AMOUNT + 5)

static int name_cols(int cols)
{
	int w = cols - LINE_FIXED;

	return w < 10 ? 10 : w;
}

static void lines_header(struct layout_text *out, int cols)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_adds(&sb, "  ");
	width_fit(&sb, "#", 3);
	width_fit(&sb, _("SKU"), 7);
	width_fit(&sb, _("Product"), name_cols(cols));
	sbuf_addc(&sb, ' ');
	width_fit_right(&sb, _("Qty"), 5);
	width_fit_right(&sb, _("Unit"), LINE_AMOUNT);
	width_fit_right(&sb, _("Amount"), LINE_AMOUNT);
	width_fit_right(&sb, _("Tax"), 5);
	add_text(out, LAYOUT_HEADING, sb.buf);
	sbuf_done(&sb);
}

/* One product line: number, SKU, name, quantity, unit, amount, rate.
 * unit is tax excluded, as stored; the unit and the amount are shown tax
 * included (総額表示, core/pricing's pricing_line_amount). quantity 0:
 * not known yet (the amount shows "?"). */
static void line_row(struct sbuf *sb, const char *mark, size_t index,
		     const char *sku, const char *name, const char *qty,
		     int64_t unit, long quantity, int rate, int cols)
{
	char num[24];
	int64_t unit_in = 0, amount_in = 0;
	bool ok = quantity > 0 &&
		  pricing_line_amount(unit, quantity, rate, NULL, &amount_in, NULL) == RD_OK;

	pricing_unit_tax_included(unit, rate, &unit_in, NULL);

	sbuf_adds(sb, mark);
	snprintf(num, sizeof(num), "%zu", index + 1);
	width_fit(sb, num, 3);
	width_fit(sb, sku, 7);
	width_fit_ellipsis(sb, name, name_cols(cols));
	sbuf_addc(sb, ' ');
	width_fit_right(sb, qty, 5);
	yen_right(sb, unit_in, LINE_AMOUNT);
	if (ok)
		yen_right(sb, amount_in, LINE_AMOUNT);
	else
		width_fit_right(sb, "?", LINE_AMOUNT);
	snprintf(num, sizeof(num), "%d%%", rate);
	width_fit_right(sb, num, 5);
}

void order_lines_build(struct layout_text *out,
		       const struct order_entry_line *lines, size_t n,
		       int sel, bool subscribe, int cols, int rows)
{
	struct sbuf sb;
	size_t first = 0, shown;

	lines_header(out, cols);
	if (n == 0) {
		add_text(out, LAYOUT_DIM, _("  no product yet: type a SKU (P001) or part of a name, then Enter"));
		return;
	}
	shown = rows > 1 ? (size_t)(rows - 1) : 1;
	if (sel >= 0 && (size_t)sel >= shown)
		first = (size_t)sel - shown + 1;
	sbuf_init(&sb);
	for (size_t i = first; i < n && i < first + shown; i++) {
		const struct order_entry_line *ln = &lines[i];
		int64_t unit = pricing_unit_price(ln->p.price, ln->p.subscription_price,
						  subscribe);
		long long q;
		bool ok = form_parse_number(ln->qty, &q, NULL) == RD_OK &&
			  q >= 1 && q <= 999;
		enum layout_attr attr = (int)i == sel ? LAYOUT_BAR : LAYOUT_NORMAL;

		sbuf_reset(&sb);
		line_row(&sb, (int)i == sel ? "> " : "  ", i, ln->p.sku, ln->p.name,
			 ln->qty[0] ? ln->qty : "?", unit, ok ? (long)q : 0,
			 ln->p.tax_rate, cols);
		add_text(out, ok ? attr : LAYOUT_ERROR, sb.buf);
	}
	sbuf_done(&sb);
}

void order_totals_build(struct layout_text *out, const struct pricing_totals *t,
			int cols)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_adds(&sb, " ");
	/* each rate's goods tax included (総額表示), with the tax in them */
	if (t->subtotal_8 || t->tax_8) {
		int64_t in = 0;

		money_add(t->subtotal_8, t->tax_8, &in, NULL);
		sbuf_adds(&sb, "8%: ");
		yen(&sb, in);
		sbuf_printf(&sb, " %s ", _("incl. tax"));
		yen(&sb, t->tax_8);
		sbuf_adds(&sb, "  ");
	}
	if (t->subtotal_10 || t->tax_10) {
		int64_t in = 0;

		money_add(t->subtotal_10, t->tax_10, &in, NULL);
		sbuf_adds(&sb, "10%: ");
		yen(&sb, in);
		sbuf_printf(&sb, " %s ", _("incl. tax"));
		yen(&sb, t->tax_10);
		sbuf_adds(&sb, "  ");
	}
	sbuf_printf(&sb, "%s ", _("shipping"));
	yen(&sb, t->shipping_fee);
	if (t->free_shipping)
		sbuf_printf(&sb, " (%s)", _("free"));
	if (t->cod_fee) {
		sbuf_printf(&sb, "  %s ", _("COD fee"));
		yen(&sb, t->cod_fee);
	}
	layout_text_wrap(out, LAYOUT_NORMAL, 0, sb.buf, cols);
	sbuf_reset(&sb);
	sbuf_printf(&sb, " %s ", _("Total"));
	yen(&sb, t->total);
	sbuf_printf(&sb, " (%s)", _("tax included"));
	add_text(out, LAYOUT_HEADING, sb.buf);
	sbuf_done(&sb);
}

/* --- the confirmation --- */

static void pair(struct layout_text *out, const char *label, const char *value)
{
	layout_text_pair(out, 1, label, 16, value, LAYOUT_NORMAL);
}

/* Lines whose quantity is known (the confirmation, a saved order): the
 * heading and one row each; at(i) gives line i's fields. */
#define FIXED_LINES(out, n, at, cols) do { \
		struct sbuf sb_; \
		lines_header((out), (cols)); \
		sbuf_init(&sb_); \
		for (size_t i_ = 0; i_ < (n); i_++) { \
			char qty_[16]; \
			snprintf(qty_, sizeof(qty_), "%d", (at(i_)).quantity); \
			sbuf_reset(&sb_); \
			line_row(&sb_, "  ", i_, (at(i_)).sku, (at(i_)).name, qty_, \
				 (at(i_)).unit_price, (at(i_)).quantity, (at(i_)).tax_rate, \
				 (cols)); \
			add_text((out), LAYOUT_NORMAL, sb_.buf); \
		} \
		sbuf_done(&sb_); \
	} while (0)

static void confirm_lines(struct layout_text *out, const struct order_quote *q,
			  int cols)
{
#define QUOTE_LINE(i) q->lines[i]
	FIXED_LINES(out, q->nlines, QUOTE_LINE, cols);
#undef QUOTE_LINE
}

static void bundle_text(struct sbuf *sb, const struct order_bundle_offer *b)
{
	char d[DATE_LIST_SIZE];

	/* whole sentences: a translation puts the date where its language does */
	if (b->kind == ORDER_BUNDLE_ORDER)
		sbuf_printf(sb, _("order %s on %s (%+d days)"), b->order_no,
			    date_format_list(b->date, d), b->days_apart);
	else
		sbuf_printf(sb, _("subscription %lld delivery on %s (%+d days)"),
			    b->subscription_id, date_format_list(b->date, d), b->days_apart);
}

void order_confirm_build(struct layout_text *out, const struct order_quote *q,
			 const struct order_address *addr, int bundle, int cols)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_printf(&sb, "%s %s", q->customer_code, q->customer_name);
	if (q->first_order)
		sbuf_printf(&sb, "  (%s)", _("first order"));
	pair(out, _("Customer"), sb.buf);
	confirm_lines(out, q, cols);
	order_totals_build(out, &q->totals, cols);
	if (q->in_parcel) {
		/* one box: what the customer pays for it at the door */
		sbuf_reset(&sb);
		sbuf_printf(&sb, _("%zu orders in one box: goods "), q->parcel.norders);
		yen(&sb, q->parcel.goods_total);
		sbuf_printf(&sb, "  %s ", _("shipping"));
		yen(&sb, q->parcel.shipping_fee);
		if (q->parcel.free_shipping)
			sbuf_printf(&sb, " (%s)", _("free"));
		sbuf_printf(&sb, "  %s ", _("COD fee"));
		yen(&sb, q->parcel.cod_fee);
		pair(out, _("Parcel"), sb.buf);
		sbuf_reset(&sb);
		yen(&sb, q->parcel.total);
		sbuf_printf(&sb, " (%s)", _("what the box costs, tax and fees included"));
		pair(out, _("Parcel total"), sb.buf);
	}

	sbuf_reset(&sb);
	if (addr)
		order_address_text(&sb, addr);
	else
		sbuf_adds(&sb, _("the customer's address"));
	pair(out, _("Deliver to"), sb.buf);
	sbuf_reset(&sb);
	if (q->desired_date == ORDER_NO_DATE) {
		sbuf_printf(&sb, "%s, ", _("earliest possible"));
		date_or(&sb, q->ship_date, "");
	} else {
		date_or(&sb, q->desired_date, "");
	}
	sbuf_printf(&sb, "  %s %s", _("time"), pricing_slot_label(q->slot));
	pair(out, _("Delivery"), sb.buf);
	sbuf_reset(&sb);
	sbuf_adds(&sb, pricing_payment_label(q->payment));
	if (q->payment == PRICING_PAY_CARD && q->card_last4[0])
		sbuf_printf(&sb, _(" ending in %s"), q->card_last4);
	pair(out, _("Payment"), sb.buf);
	sbuf_reset(&sb);
	if (q->media_code[0])
		sbuf_printf(&sb, "%s %s", q->media_code, q->media_name);
	else
		sbuf_adds(&sb, DASH);
	pair(out, _("Media"), sb.buf);

	sbuf_reset(&sb);
	if (q->subscribe) {
		char d[DATE_LONG_SIZE];

		sbuf_printf(&sb, "%s (%s); ", q->cycle_words, q->cycle);
		sbuf_adds(&sb, _("this order is delivery 1, next:"));
		for (int i = 0; i < ORDER_NEXT_DATES; i++) {
			char moved[CALENDAR_REASON_SIZE + 32];

			sbuf_printf(&sb, " %s", date_format_long(q->next_dates[i], d));
			if (q->next_moved[i][0])
				sbuf_printf(&sb, " (%s)", calendar_moved_text(q->next_moved[i], moved,
									      sizeof(moved)));
		}
	} else {
		sbuf_adds(&sb, _("none (a single order)"));
	}
	pair(out, _("Subscription"), sb.buf);

	sbuf_reset(&sb);
	for (size_t i = 0; i < q->ninserts; i++)
		sbuf_printf(&sb, "%s%s", i ? ", " : "", q->inserts[i].name);
	if (!q->ninserts)
		sbuf_adds(&sb, DASH);
	pair(out, _("Inserts"), sb.buf);

	if (q->noffers) {
		for (size_t i = 0; i < q->noffers; i++) {
			struct layout_line *l;

			sbuf_reset(&sb);
			if ((int)i == bundle) {
				/* its date is the Delivery date above: one parcel,
				 * one date */
				if (q->offers[i].kind == ORDER_BUNDLE_ORDER)
					sbuf_printf(&sb, _("one parcel with order %s"),
						    q->offers[i].order_no);
				else
					sbuf_printf(&sb, _("one parcel with subscription %lld delivery"),
						    q->offers[i].subscription_id);
			} else if (bundle >= 0) {
				if (q->offers[i].kind == ORDER_BUNDLE_ORDER)
					sbuf_printf(&sb, _("or instead with order %s"),
						    q->offers[i].order_no);
				else
					sbuf_printf(&sb, _("or instead with subscription %lld delivery"),
						    q->offers[i].subscription_id);
			} else {
				struct sbuf with;

				sbuf_init(&with);
				bundle_text(&with, &q->offers[i]);
				/* TRANSLATORS: %s is "order 2026-0042 on 12/12 (+2 days)" */
				sbuf_printf(&sb, _("could ship with %s"), with.buf);
				sbuf_done(&with);
			}
			l = layout_text_pair(out, 1, i == 0 ? _("Bundling") : "", 16, sb.buf,
					     (int)i == bundle ? LAYOUT_OK : LAYOUT_DIM);
			(void)l;
		}
	}
	sbuf_done(&sb);
}

/* --- the read-back script (復唱) --- */

/* One sentence of the script: a paragraph of its own, wrapped. */
static void say(struct layout_text *out, const char *s, int cols)
{
	layout_text_wrap(out, LAYOUT_NORMAL, 2, s, cols);
}

void order_readback_build(struct layout_text *out, const struct order_quote *q,
			  const struct order_address *addr, const char *phone,
			  int cols)
{
	struct sbuf sb, v, w;

	sbuf_init(&sb);
	sbuf_init(&v);
	sbuf_init(&w);
	layout_text_addf(out, LAYOUT_HEADING, " %s", _("Read-back: read this to the caller"));
	say(out, _("Let me read your order back to you."), cols);
	for (size_t i = 0; i < q->nlines; i++) {
		int64_t incl = 0;

		sbuf_reset(&sb);
		sbuf_reset(&v);
		/* the amount the line shows (pricing_line_amount), tax included */
		pricing_line_amount(q->lines[i].unit_price, q->lines[i].quantity,
				    q->lines[i].tax_rate, NULL, &incl, NULL);
		yen(&v, incl);
		/* TRANSLATORS: a product, its quantity and its amount, tax
		 * included: "国産大麦若葉の青汁 30包を2点で、税込¥8,596です。" */
		sbuf_printf(&sb, _("%s, quantity %d: %s including tax."), q->lines[i].name,
			    q->lines[i].quantity, v.buf);
		say(out, sb.buf, cols);
	}
	sbuf_reset(&sb);
	if (q->totals.free_shipping || q->totals.shipping_fee == 0) {
		sbuf_adds(&sb, _("Shipping is free."));
	} else {
		sbuf_reset(&v);
		yen(&v, q->totals.shipping_fee);
		sbuf_printf(&sb, _("Shipping is %s."), v.buf);
	}
	say(out, sb.buf, cols);
	if (q->payment == PRICING_PAY_COD) {
		sbuf_reset(&sb);
		sbuf_reset(&v);
		yen(&v, q->totals.cod_fee);
		sbuf_printf(&sb, _("The cash-on-delivery fee is %s."), v.buf);
		say(out, sb.buf, cols);
	}
	sbuf_reset(&sb);
	sbuf_reset(&v);
	yen(&v, q->totals.total);
	sbuf_printf(&sb, q->payment == PRICING_PAY_COD
		    ? _("The total is %s including tax, paid in cash on delivery.")
		    : _("The total is %s including tax."), v.buf);
	say(out, sb.buf, cols);

	/* when and where */
	sbuf_reset(&v);
	if (q->desired_date == ORDER_NO_DATE) {
		sbuf_reset(&w);
		date_or(&w, q->ship_date, "");
		/* TRANSLATORS: %s is a date: "最短で2026/12/09(水)" */
		sbuf_printf(&v, _("%s at the earliest"), w.buf);
	} else {
		date_or(&v, q->desired_date, "");
	}
	sbuf_reset(&sb);
	if (q->slot == PRICING_SLOT_NONE)
		sbuf_printf(&sb, _("We deliver on %s, with no time specified."), v.buf);
	else
		/* TRANSLATORS: a date, then a time slot ("午前中") */
		sbuf_printf(&sb, _("We deliver on %s, %s."), v.buf, pricing_slot_label(q->slot));
	say(out, sb.buf, cols);
	sbuf_reset(&v);
	sbuf_reset(&sb);
	if (q->has_new_address)
		addr = &q->new_address;
	if (addr) {
		/* the recipient is said by name, not read out in brackets */
		struct order_address a = *addr;

		a.name[0] = '\0';
		order_address_text(&v, &a);
		if (addr->name[0])
			/* TRANSLATORS: an address, then who receives it:
			 * "お届け先は〒150-0001 東京都…、山田 花子様宛てです。" */
			sbuf_printf(&sb, _("The delivery address is %s, for %s."), v.buf, addr->name);
		else
			sbuf_printf(&sb, _("The delivery address is %s."), v.buf);
	} else {
		sbuf_printf(&sb, _("The delivery address is %s."), _("the customer's address"));
	}
	say(out, sb.buf, cols);
	if (phone && *phone) {
		sbuf_reset(&v);
		normalize_phone_format(&v, phone);
		sbuf_reset(&sb);
		sbuf_printf(&sb, _("The phone number we have is %s."), v.buf);
		say(out, sb.buf, cols);
	}
	sbuf_reset(&sb);
	if (q->payment == PRICING_PAY_CARD && q->card_last4[0])
		sbuf_printf(&sb, _("You pay by credit card ending in %s."), q->card_last4);
	else
		sbuf_printf(&sb, _("You pay by %s."), pricing_payment_label(q->payment));
	say(out, sb.buf, cols);
	if (q->subscribe) {
		sbuf_reset(&v);
		date_or(&v, q->next_dates[0], "");
		sbuf_reset(&sb);
		/* TRANSLATORS: the cycle in words, then the date of delivery 2 */
		sbuf_printf(&sb, _("This starts a subscription, %s; the next delivery is on %s."),
			    q->cycle_words, v.buf);
		say(out, sb.buf, cols);
	}
	say(out, _("Is everything correct?"), cols);
	sbuf_done(&w);
	sbuf_done(&v);
	sbuf_done(&sb);
}

/* --- pick lists --- */

static void choice_set(struct order_choice *c, const char *value, const char *label)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->value, sizeof(c->value), "%s", value);
	snprintf(c->label, sizeof(c->label), "%s", label);
}

size_t order_payment_choices(const struct order_customer_defaults *def,
			     struct order_choice out[ORDER_CHOICES_MAX])
{
	/* the desk's order: 代金引換 / クレジットカード / コンビニ後払い / 銀行振込 */
	static const enum pricing_payment desk[PRICING_PAY_COUNT] = {
		PRICING_PAY_COD, PRICING_PAY_CARD, PRICING_PAY_DEFERRED, PRICING_PAY_BANK
	};
	enum pricing_payment order[PRICING_PAY_COUNT];
	size_t n = 0;

	if (def && def->has_last && (unsigned)def->last_payment < PRICING_PAY_COUNT)
		order[n++] = def->last_payment;
	for (int i = 0; i < PRICING_PAY_COUNT; i++)
		if (!n || desk[i] != order[0])
			order[n++] = desk[i];
	for (size_t i = 0; i < n; i++) {
		enum pricing_payment p = order[i];
		char label[2 * ORDER_NAME_SIZE];

		if (def && def->barred[p])
			snprintf(label, sizeof(label), "%s (%s: %s)", pricing_payment_label(p),
				 _("not for this customer"), def->barred_reason[p]);
		else if (def && def->has_last && p == def->last_payment)
			snprintf(label, sizeof(label), "%s (%s)", pricing_payment_label(p),
				 _("last time"));
		else
			snprintf(label, sizeof(label), "%s", pricing_payment_label(p));
		choice_set(&out[i], pricing_payment_code(p), label);
		out[i].barred = def && def->barred[p];
	}
	return n;
}

size_t order_slot_choices(struct order_choice out[ORDER_CHOICES_MAX])
{
	for (int i = 0; i < PRICING_SLOT_COUNT; i++)
		choice_set(&out[i], pricing_slot_code((enum pricing_slot)i),
			   pricing_slot_label((enum pricing_slot)i));
	return PRICING_SLOT_COUNT;
}

size_t order_date_choices(int32_t earliest, const int32_t *days, size_t n,
			  struct order_choice out[ORDER_CHOICES_MAX])
{
	struct sbuf sb;
	size_t k = 0;
	char iso[DATE_ISO_SIZE];

	sbuf_init(&sb);
	date_or(&sb, earliest, "");
	{
		char label[2 * ORDER_NAME_SIZE];

		snprintf(label, sizeof(label), "%s: %s", _("earliest possible"), sb.buf);
		choice_set(&out[k++], "", label);
	}
	for (size_t i = 0; i < n && k < ORDER_CHOICES_MAX; i++) {
		sbuf_reset(&sb);
		date_or(&sb, days[i], "");
		choice_set(&out[k++], date_format_iso(days[i], iso), sb.buf);
	}
	sbuf_done(&sb);
	return k;
}

size_t order_media_choices(const struct order_media *m, size_t n,
			   struct order_choice out[ORDER_CHOICES_MAX])
{
	size_t k;

	for (k = 0; k < n && k < ORDER_CHOICES_MAX; k++) {
		char label[2 * ORDER_NAME_SIZE];

		snprintf(label, sizeof(label), "%-8s %s", m[k].code, m[k].name);
		choice_set(&out[k], m[k].code, label);
	}
	return k;
}

void order_choice_build(struct layout_text *out, const char *heading,
			const struct order_choice *c, size_t n, int sel,
			const char *narrow, int cols)
{
	struct sbuf sb;

	sbuf_init(&sb);
	layout_text_addf(out, LAYOUT_HEADING, " %s", heading);
	if (narrow) {
		layout_text_addf(out, LAYOUT_DIM, " %s",
				 _("Type to narrow, Up/Down and Enter picks; Esc goes back."));
		sbuf_printf(&sb, " %s %s_", _("Narrow:"), narrow);
		add_text(out, LAYOUT_NORMAL, sb.buf);
		if (!n)
			layout_text_addf(out, LAYOUT_ERROR, " %s", _("Nothing matches."));
	} else {
		layout_text_addf(out, LAYOUT_DIM, " %s",
				 _("Its number picks it (or Up/Down and Enter); Esc goes back."));
	}
	for (size_t i = 0; i < n; i++) {
		sbuf_reset(&sb);
		if (narrow || i >= 9)
			sbuf_printf(&sb, "%s   %s", (int)i == sel ? ">" : " ", c[i].label);
		else
			sbuf_printf(&sb, "%s%zu  %s", (int)i == sel ? ">" : " ", i + 1, c[i].label);
		layout_line_clip(layout_text_addf(out, (int)i == sel ? LAYOUT_BAR
						  : c[i].barred ? LAYOUT_DIM : LAYOUT_NORMAL,
						  "%s", sb.buf), cols);
	}
	sbuf_done(&sb);
}

int order_choice_by_key(size_t n, uint32_t cp)
{
	if (cp < '1' || cp > '9' || (size_t)(cp - '1') >= n)
		return -1;
	return (int)(cp - '1');
}

/* --- previous products --- */

void order_previous_build(struct layout_text *out, const struct order_product *p,
			  size_t n, int cols)
{
	struct sbuf sb, cell;
	int per = cols >= 60 ? 2 : 1;
	int w = (cols - 1) / per - 1;

	if (n == 0)
		return;
	if (n > ORDER_PREVIOUS_MAX)
		n = ORDER_PREVIOUS_MAX;
	if (w < 1)
		w = 1;
	sbuf_init(&sb);
	sbuf_init(&cell);
	layout_text_addf(out, LAYOUT_HEADING, " %s", _("1-9: previous products"));
	for (size_t i = 0; i < n; i += (size_t)per) {
		sbuf_reset(&sb);
		sbuf_adds(&sb, " ");
		for (size_t k = i; k < n && k < i + (size_t)per; k++) {
			int64_t incl = 0;

			/* the price a customer hears: tax included */
			pricing_unit_tax_included(p[k].price, p[k].tax_rate, &incl, NULL);
			sbuf_reset(&cell);
			sbuf_printf(&cell, "%zu %s ", k + 1, p[k].sku);
			money_format(&cell, incl, MONEY_YEN_SIGN);
			sbuf_adds(&cell, " ");
			sbuf_adds(&cell, p[k].name);
			if (k > i)
				sbuf_adds(&sb, " ");
			width_fit_ellipsis(&sb, cell.buf, w);
		}
		layout_line_clip(layout_text_addf(out, LAYOUT_NORMAL, "%s", sb.buf), cols);
	}
	sbuf_done(&cell);
	sbuf_done(&sb);
}

int order_previous_by_key(size_t n, const char *typed, uint32_t cp)
{
	if (typed && *typed)
		return -1;
	if (cp >= 0xFF11 && cp <= 0xFF19)    /* １..９ */
		cp = cp - 0xFF11 + '1';
	if (n > ORDER_PREVIOUS_MAX)
		n = ORDER_PREVIOUS_MAX;
	return order_choice_by_key(n, cp);
}

/* --- the order list --- */

void order_list_build(struct layout_text *out, const struct order_summary *o,
		      size_t n, int sel, int cols)
{
	struct sbuf sb;
	/* the products give way; the total, an amount, is never cut */
	int iw = cols - (2 + 10 + 11 + 11 + LAYOUT_AMOUNT_COLS + 2 + 11);

	if (iw < 10)
		iw = 10;
	sbuf_init(&sb);
	sbuf_adds(&sb, "  ");
	width_fit(&sb, _("Order"), 10);
	width_fit(&sb, _("Date"), 11);
	width_fit(&sb, _("Status"), 11);
	width_fit_right(&sb, _("Total"), LAYOUT_AMOUNT_COLS);
	sbuf_adds(&sb, "  ");
	width_fit(&sb, _("Payment"), 11);
	width_fit(&sb, _("Products"), iw);
	add_text(out, LAYOUT_HEADING, sb.buf);
	if (n == 0)
		add_text(out, LAYOUT_DIM, _("  no order yet"));
	for (size_t i = 0; i < n; i++) {
		char d[DATE_LONG_SIZE];
		enum layout_attr attr = (int)i == sel ? LAYOUT_BAR : LAYOUT_NORMAL;
		struct sbuf items;

		sbuf_reset(&sb);
		sbuf_adds(&sb, (int)i == sel ? "> " : "  ");
		width_fit(&sb, o[i].order_no, 10);
		width_fit(&sb, o[i].order_date == ORDER_NO_DATE ? ""
			  : date_format_list(o[i].order_date, d), 11);
		width_fit(&sb, order_status_word(o[i].status), 11);
		yen_right(&sb, o[i].total, LAYOUT_AMOUNT_COLS);
		sbuf_adds(&sb, "  ");
		width_fit(&sb, pricing_payment_code(o[i].payment), 11);
		sbuf_init(&items);
		sbuf_adds(&items, o[i].first_item);
		if (o[i].nlines > 1)
			sbuf_printf(&items, _(" and %d more"), o[i].nlines - 1);
		if (o[i].delivery_no > 0)
			sbuf_printf(&items, _(" (delivery %d)"), o[i].delivery_no);
		width_fit_ellipsis(&sb, items.buf, iw);
		sbuf_done(&items);
		add_text(out, attr, sb.buf);
	}
	sbuf_done(&sb);
}

/* --- the order screen --- */

static void detail_lines(struct layout_text *out, const struct order *o, int cols)
{
#define ORDER_LINE(i) o->lines[i]
	FIXED_LINES(out, o->nlines, ORDER_LINE, cols);
#undef ORDER_LINE
}

void order_detail_build(struct layout_text *out, const struct order *o,
			const struct order_address *ship_to,
			const struct order_event *ev, size_t nev, int cols)
{
	struct sbuf sb;
	struct pricing_totals t;
	enum layout_attr st_attr = strcmp(o->status, "cancelled") == 0 ||
				   strcmp(o->status, "returned") == 0
				   ? LAYOUT_ERROR : LAYOUT_OK;

	sbuf_init(&sb);
	sbuf_printf(&sb, "%s  %s %s  ", o->order_no, o->customer_code, o->customer_name);
	{
		struct layout_line *l = layout_text_add(out, LAYOUT_HEADING);

		layout_line_add(l, " ", LAYOUT_HEADING);
		layout_line_add(l, sb.buf, LAYOUT_HEADING);
		layout_line_add(l, order_status_word(o->status), st_attr);
		sbuf_reset(&sb);
		sbuf_printf(&sb, "  %s %d", _("version"), o->version);
		layout_line_add(l, sb.buf, LAYOUT_DIM);
	}
	sbuf_reset(&sb);
	date_or(&sb, o->order_date, DASH);
	sbuf_printf(&sb, "  %s %s", _("by"), o->created_by);
	pair(out, _("Ordered"), sb.buf);
	sbuf_reset(&sb);
	date_or(&sb, o->desired_date, _("earliest possible"));
	sbuf_printf(&sb, "  %s %s", _("time"), pricing_slot_label(o->slot));
	pair(out, _("Delivery"), sb.buf);
	if (ship_to) {
		struct order_address a = *ship_to;

		/* the recipient on a line of their own */
		a.name[0] = '\0';
		sbuf_reset(&sb);
		order_address_text(&sb, &a);
		if (!ship_to->id)
			sbuf_printf(&sb, "  %s", _("(the customer's address)"));
		pair(out, _("Deliver to"), sb.buf);
		pair(out, _("Recipient"), ship_to->name[0] ? ship_to->name : DASH);
	}
	sbuf_reset(&sb);
	sbuf_adds(&sb, pricing_payment_label(o->payment));
	if (o->payment == PRICING_PAY_CARD && o->card_last4[0])
		sbuf_printf(&sb, _(" ending in %s"), o->card_last4);
	if (o->media_code[0])
		sbuf_printf(&sb, "  %s %s", _("media"), o->media_code);
	pair(out, _("Payment"), sb.buf);
	if (o->subscription_id) {
		sbuf_reset(&sb);
		sbuf_printf(&sb, _("subscription %lld, delivery %d"), o->subscription_id,
			    o->delivery_no);
		if (o->cycle[0])
			sbuf_printf(&sb, " (%s)", o->cycle);
		pair(out, _("Subscription"), sb.buf);
	}
	if (o->nbundled) {
		sbuf_reset(&sb);
		for (size_t i = 0; i < o->nbundled; i++)
			sbuf_printf(&sb, "%s%s", i ? ", " : "", o->bundled_with[i]);
		pair(out, _("Ships with"), sb.buf);
	}
	if (o->ninserts) {
		sbuf_reset(&sb);
		for (size_t i = 0; i < o->ninserts; i++)
			sbuf_printf(&sb, "%s%s", i ? ", " : "", o->inserts[i].name);
		pair(out, _("Inserts"), sb.buf);
	}
	if (o->notes[0])
		pair(out, _("Notes"), o->notes);
	detail_lines(out, o, cols);
	memset(&t, 0, sizeof(t));
	t.subtotal_8 = o->subtotal_8;
	t.subtotal_10 = o->subtotal_10;
	t.tax_8 = o->tax_8;
	t.tax_10 = o->tax_10;
	t.shipping_fee = o->shipping_fee;
	t.cod_fee = o->cod_fee;
	t.total = o->total;
	order_totals_build(out, &t, cols);

	add_text(out, LAYOUT_HEADING, _(" History"));
	for (size_t i = 0; i < nev; i++) {
		const struct order_event *e = &ev[i];

		sbuf_reset(&sb);
		/* "2026-11-22T14:03:05+09" → "2026-11-22 14:03" */
		sbuf_printf(&sb, "  %.10s %.5s  ", e->at, strlen(e->at) > 11 ? e->at + 11 : "");
		width_fit(&sb, e->actor, 10);
		/* in words: "order changed: status", never a table or column */
		sbuf_printf(&sb, " %s %s", history_table_label(e->table),
			    strcmp(e->op, "INSERT") == 0 ? _("added")
			    : strcmp(e->op, "DELETE") == 0 ? _("removed") : _("changed"));
		/* what an update changed; an insert holds everything */
		if (e->changed[0] && strcmp(e->op, "UPDATE") == 0) {
			sbuf_adds(&sb, ": ");
			history_labels(e->table, e->changed, &sb);
		}
		if (e->reason[0])
			sbuf_printf(&sb, " " MIDDOT " %s", e->reason);
		layout_text_wrap(out, LAYOUT_NORMAL, 0, sb.buf, cols);
	}
	if (!nev)
		add_text(out, LAYOUT_DIM, _("  no history"));
	sbuf_done(&sb);
}
