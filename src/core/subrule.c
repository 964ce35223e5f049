/* subrule.c: business rules and previews of subscription requests.
 *
 * Pure: everything a request does is computed here from the subscription,
 * the rules and today; the store only reads and writes. See subrule.h for
 * the model (slots, delivery numbers, skips, cut-off). */
#include "repeatdesk/subrule.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/money.h"
#include "repeatdesk/pricing.h"
#include "repeatdesk/width.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- names ------------------------------------------------------------ */

static const char *const status_names[] = { "active", "paused", "cancelled" };
static const char *const payment_names[] = { "card", "cod", "deferred", "bank" };
static const char *const time_names[] = { "none", "morning", "14-16", "16-18",
					  "18-20", "19-21" };
static const char *const kind_names[] = { "skip", "unskip", "pause", "resume",
					  "change", "cancel", "keep" };
static const char *const alt_names[] = { "skip", "pause", "cycle", "fewer",
					 "discount" };
static const char *const pause_names[] = { "until", "deliveries", "open" };
static const char *const line_op_names[] = { "set", "remove", "swap" };

static int name_index(const char *const *names, size_t n, const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

int subrule_status_parse(const char *s, enum subrule_status *out)
{
	int i = name_index(status_names, COUNT(status_names), s);

	if (i < 0)
		return -1;
	*out = (enum subrule_status)i;
	return 0;
}

const char *subrule_status_name(enum subrule_status s)
{
	return (unsigned)s < COUNT(status_names) ? status_names[s] : "?";
}

int subrule_payment_parse(const char *s, enum subrule_payment *out)
{
	int i = name_index(payment_names, COUNT(payment_names), s);

	if (i < 0)
		return -1;
	*out = (enum subrule_payment)i;
	return 0;
}

const char *subrule_payment_name(enum subrule_payment p)
{
	return (unsigned)p < COUNT(payment_names) ? payment_names[p] : "?";
}

int subrule_time_parse(const char *s, enum subrule_slot_time *out)
{
	int i = name_index(time_names, COUNT(time_names), s);

	if (i < 0)
		return -1;
	*out = (enum subrule_slot_time)i;
	return 0;
}

const char *subrule_time_name(enum subrule_slot_time t)
{
	return (unsigned)t < COUNT(time_names) ? time_names[t] : "?";
}

const char *subrule_payment_label(enum subrule_payment p)
{
	switch (p) {
	case SUBRULE_PAY_CARD: return _("credit card");
	case SUBRULE_PAY_COD: return _("cash on delivery");
	case SUBRULE_PAY_DEFERRED: return _("convenience store (deferred)");
	case SUBRULE_PAY_BANK: return _("bank transfer");
	default: return "?";
	}
}

const char *subrule_time_label(enum subrule_slot_time t)
{
	switch (t) {
	case SUBRULE_TIME_NONE: return _("any time");
	case SUBRULE_TIME_MORNING: return _("morning");
	case SUBRULE_TIME_14_16: return _("14:00-16:00");
	case SUBRULE_TIME_16_18: return _("16:00-18:00");
	case SUBRULE_TIME_18_20: return _("18:00-20:00");
	case SUBRULE_TIME_19_21: return _("19:00-21:00");
	default: return "?";
	}
}

const char *subrule_status_label(enum subrule_status s)
{
	switch (s) {
	case SUBRULE_ACTIVE: return _("active");
	case SUBRULE_PAUSED: return _("paused");
	case SUBRULE_CANCELLED: return C_("subscription status", "cancelled");
	default: return "?";
	}
}

const char *subrule_kind_name(enum subrule_kind k)
{
	return (unsigned)k < COUNT(kind_names) ? kind_names[k] : "?";
}

int subrule_kind_parse(const char *s, enum subrule_kind *out)
{
	int i = name_index(kind_names, COUNT(kind_names), s);

	if (i < 0)
		return -1;
	*out = (enum subrule_kind)i;
	return 0;
}

const char *subrule_alt_name(enum subrule_alt a)
{
	return (unsigned)a < COUNT(alt_names) ? alt_names[a] : "?";
}

/* Calls fn on each comma-separated word of s (spaces around words
 * ignored); stops at the first failure. */
static enum rd_status each_word(const char *s,
				enum rd_status (*fn)(const char *w, size_t n, void *arg,
						     struct rd_error *err),
				void *arg, struct rd_error *err)
{
	while (s && *s) {
		size_t n = strcspn(s, ",");
		const char *w = s;
		size_t len = n;
		enum rd_status st;

		while (len && (*w == ' ' || *w == '\t')) {
			w++;
			len--;
		}
		while (len && (w[len - 1] == ' ' || w[len - 1] == '\t'))
			len--;
		st = fn(w, len, arg, err);
		if (st != RD_OK)
			return st;
		s += n;
		if (*s == ',')
			s++;
	}
	return RD_OK;
}

static enum rd_status alt_word(const char *w, size_t n, void *arg,
			       struct rd_error *err)
{
	unsigned *mask = arg;
	char q[32];

	if (n == 4 && strncasecmp(w, "none", 4) == 0)
		return RD_OK;
	for (size_t i = 0; i < COUNT(alt_names); i++)
		if (strlen(alt_names[i]) == n && strncasecmp(w, alt_names[i], n) == 0) {
			*mask |= SUBRULE_ALT_BIT(i);
			return RD_OK;
		}
	return rd_error_set(err, RD_INVALID,
		_("unknown alternative '%s': use skip, pause, cycle, fewer, discount or none"),
		rd_quote_input(w, n, q, sizeof(q)));
}

enum rd_status subrule_alts_parse(const char *s, unsigned *mask,
				  struct rd_error *err)
{
	unsigned m = 0;
	enum rd_status st = each_word(s, alt_word, &m, err);

	if (st == RD_OK)
		*mask = m;
	return st;
}

static enum rd_status wday_word(const char *w, size_t n, void *arg,
				struct rd_error *err)
{
	static const char *const names[] = { "mon", "tue", "wed", "thu", "fri",
					     "sat", "sun" };
	unsigned *mask = arg;
	char q[32];

	if (n == 0)
		return RD_OK;
	for (int i = 0; i < 7; i++)
		if (n == 3 && strncasecmp(w, names[i], 3) == 0) {
			*mask |= 1u << i;
			return RD_OK;
		}
	return rd_error_set(err, RD_INVALID,
		_("unknown weekday '%s': use mon, tue, wed, thu, fri, sat or sun"),
		rd_quote_input(w, n, q, sizeof(q)));
}

enum rd_status subrule_wdays_parse(const char *s, unsigned *mask,
				   struct rd_error *err)
{
	unsigned m = 0;
	enum rd_status st = each_word(s, wday_word, &m, err);

	if (st == RD_OK)
		*mask = m;
	return st;
}

/* ---- rules and schedules ------------------------------------------------ */

void subrule_rules_default(struct subrule_rules *r)
{
	memset(r, 0, sizeof(*r));
	r->cutoff_days = 5;
	r->max_consecutive_skips = 2;
	r->min_deliveries_before_cancel = 3;
	r->max_pause_months = 3;
	r->resume_lead_days = 7;
	r->early_cancel_fee = 2000;
	r->retention_discount_percent = 10;
	r->retention_discount_deliveries = 1;
	r->max_quantity = 20;
	r->cod_fee = 330;
	r->shipping_fee = 600;
	r->free_shipping_threshold = 5000;
	r->subscription_free_shipping = true;
	calendar_init(&r->cal);
}

void subrule_request_init(struct subrule_request *q, enum subrule_kind kind)
{
	memset(q, 0, sizeof(*q));
	q->kind = kind;
	q->date = SUBRULE_NO_DATE;
	q->until = SUBRULE_NO_DATE;
	q->resume_date = SUBRULE_NO_DATE;
	q->next_date = SUBRULE_NO_DATE;
}

static void make_schedule(const struct subrule_sub *s,
			  const struct subrule_rules *r, struct schedule *out)
{
	schedule_init(out, &s->cycle);
	if (s->has_first) {
		out->has_first = true;
		out->first = s->first;
	}
	out->cal = &r->cal;
}

static bool is_skipped(const struct subrule_sub *s, int32_t nominal)
{
	for (int i = 0; i < s->nskips; i++)
		if (s->skips[i].date == nominal)
			return true;
	return false;
}

static bool has_next(const struct subrule_sub *s)
{
	return s->status != SUBRULE_CANCELLED && s->next_date != SUBRULE_NO_DATE;
}

/* The slots from next_date; -1 with err when the schedule fails. */
static int enumerate(const struct subrule_sub *s, const struct schedule *sch,
		     const struct subrule_rules *r, int32_t today,
		     struct subrule_slot *out, int n, struct rd_error *err)
{
	char iso[DATE_ISO_SIZE];
	int32_t nominal;
	int number;

	if (!has_next(s))
		return 0;
	if (schedule_check(sch, err) != RD_OK)
		return -1;
	nominal = s->next_date;
	number = s->delivery_count + 1;
	for (int i = 0; i < n; i++) {
		struct subrule_slot *o = &out[i];
		struct calendar_move mv;
		int32_t eff;

		if (nominal < DATE_MIN || nominal > DATE_MAX - 2 * SCHEDULE_MAX_SHIFT) {
			rd_error_set(err, RD_INVALID,
				     _("the schedule runs out of the calendar at %s"),
				     date_format_iso(nominal, iso));
			return -1;
		}
		if (schedule_move(sch, nominal, &mv, err) != RD_OK)
			return -1;
		eff = mv.date;
		o->number = number;
		o->nominal = nominal;
		o->date = eff;
		o->skipped = is_skipped(s, nominal);
		o->changeable = (int64_t)eff - today > r->cutoff_days;
		utf8_copy(o->moved, sizeof(o->moved), mv.moved ? mv.reason : "");
		nominal = schedule_step(sch, nominal,
					o->skipped ? 0u : (unsigned)number);
		if (!o->skipped)
			number++;
	}
	return n;
}

int subrule_slots(const struct subrule_sub *s, const struct subrule_rules *r,
		  int32_t today, struct subrule_slot *out, int n,
		  struct rd_error *err)
{
	struct schedule sch;

	make_schedule(s, r, &sch);
	return enumerate(s, &sch, r, today, out, n, err);
}

/* ---- money -------------------------------------------------------------- */

/* The pricing settings the subscription rules hold. */
static void pricing_of(const struct subrule_rules *r, struct pricing_settings *ps)
{
	pricing_settings_default(ps);
	ps->shipping_fee = r->shipping_fee;
	ps->free_shipping_threshold = r->free_shipping_threshold;
	ps->cod_fee = r->cod_fee;
	ps->subscription_free_shipping = r->subscription_free_shipping;
}

/* Amount of one delivery; discounted says whether the retention discount
 * applies to it. */
static enum rd_status amount_of(const struct subrule_sub *s,
				const struct subrule_rules *r, bool discounted,
				struct subrule_amount *out, struct rd_error *err)
{
	struct pricing_line goods[SUBRULE_MAX_LINES], list[SUBRULE_MAX_LINES];
	struct pricing_settings ps;
	struct pricing_fees fees;
	struct money_totals lt;
	enum rd_status st;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < s->nlines && i < SUBRULE_MAX_LINES; i++) {
		const struct subrule_line *l = &s->lines[i];

		goods[n].unit_price = l->unit_price;
		goods[n].quantity = l->quantity;
		goods[n].tax_rate = l->tax_rate;
		list[n] = goods[n];
		if (l->list_price > l->unit_price)
			list[n].unit_price = l->list_price;
		n++;
	}
	if ((st = pricing_goods(goods, n, discounted ? s->discount_percent : 0,
				&out->rates, &out->discount, err)) != RD_OK ||
	    (st = pricing_goods(list, n, 0, &lt, NULL, err)) != RD_OK)
		return st;
	out->goods = out->rates.subtotal;
	out->tax = out->rates.tax;
	out->goods_total = out->rates.total;
	out->list_total = lt.total;
	pricing_of(r, &ps);
	pricing_fees(&ps, out->goods_total,
		     s->payment == SUBRULE_PAY_COD ? PRICING_PAY_COD : PRICING_PAY_CARD,
		     true, &fees);
	out->shipping = fees.shipping;
	out->cod_fee = fees.cod;
	if ((st = money_add(out->goods_total, out->shipping, &out->total, err)) != RD_OK ||
	    (st = money_add(out->total, out->cod_fee, &out->total, err)) != RD_OK)
		return st;
	return RD_OK;
}

enum rd_status subrule_amount(const struct subrule_sub *s,
			      const struct subrule_rules *r,
			      struct subrule_amount *out, struct rd_error *err)
{
	return amount_of(s, r, s->discount_remaining > 0, out, err);
}

/* ---- the preview --------------------------------------------------------- */

struct ctx {
	const struct subrule_rules *r;
	const struct subrule_request *q;
	int32_t today;
	struct subrule_preview *out;
	bool no_cutoff;              /* applying a reservation */
	int32_t target;              /* SKIP: the slot skipped (nominal) */
	struct schedule sch;         /* of the state being changed */
	struct subrule_slot slots[SUBRULE_HORIZON];
	int nslots;
};

static char *sd(int32_t d, char buf[DATE_SHORT_SIZE])
{
	return date_format_short(d, buf);
}

static void money_text(int64_t yen, char *buf, size_t size)
{
	struct sbuf sb;

	sbuf_init(&sb);
	money_format(&sb, yen, MONEY_YEN_SIGN);
	snprintf(buf, size, "%s", sb.buf);
	sbuf_done(&sb);
}

static bool refuse(struct ctx *c, enum rd_status st, const char *rule,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bool refuse(struct ctx *c, enum rd_status st, const char *rule,
		   const char *fmt, ...)
{
	va_list ap;

	c->out->status = st;
	snprintf(c->out->rule, sizeof(c->out->rule), "%s", rule);
	va_start(ap, fmt);
	vsnprintf(c->out->message, sizeof(c->out->message), fmt, ap);
	va_end(ap);
	return false;
}

static void note(struct subrule_preview *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct subrule_preview *p, const char *fmt, ...)
{
	va_list ap;

	if (p->nnotes >= SUBRULE_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(p->notes[p->nnotes++], SUBRULE_NOTE_SIZE, fmt, ap);
	va_end(ap);
}

static void summary(struct subrule_preview *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void summary(struct subrule_preview *p, const char *fmt, ...)
{
	va_list ap;
	size_t len = strlen(p->summary);

	if (len >= sizeof(p->summary) - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(p->summary + len, sizeof(p->summary) - len, fmt, ap);
	va_end(ap);
}

/* The first slot that is delivered (not skipped), or NULL. */
static const struct subrule_slot *first_delivery(const struct ctx *c)
{
	for (int i = 0; i < c->nslots; i++)
		if (!c->slots[i].skipped)
			return &c->slots[i];
	return NULL;
}

static const struct subrule_slot *first_changeable(const struct ctx *c)
{
	for (int i = 0; i < c->nslots; i++)
		if (!c->slots[i].skipped && c->slots[i].changeable)
			return &c->slots[i];
	return NULL;
}

static const struct subrule_slot *slot_by_number(const struct ctx *c, int number)
{
	for (int i = 0; i < c->nslots; i++)
		if (!c->slots[i].skipped && c->slots[i].number == number)
			return &c->slots[i];
	return NULL;
}

/* "Delivery 4 (12/01) is past its cut-off; " and what follows, per verb. */
enum verb { V_SKIP, V_PAUSE, V_CHANGE, V_CANCEL, V_RESERVE };

static bool refuse_cutoff(struct ctx *c, const struct subrule_slot *late,
			  enum verb v)
{
	const struct subrule_slot *ok = first_changeable(c);
	char a[DATE_SHORT_SIZE], b[DATE_SHORT_SIZE];

	if (!ok)
		return refuse(c, RD_REFUSED, "cutoff_days",
			      _("Delivery %d (%s) is past its cut-off (%d days before it)."),
			      late->number, sd(late->date, a), c->r->cutoff_days);
	switch (v) {
	case V_SKIP:
		return refuse(c, RD_REFUSED, "cutoff_days",
			      _("Delivery %d (%s) is past its cut-off; the first you can skip is %s."),
			      late->number, sd(late->date, a), sd(ok->date, b));
	case V_PAUSE:
		return refuse(c, RD_REFUSED, "cutoff_days",
			      _("Delivery %d (%s) is past its cut-off and will still be delivered; a pause can start from delivery %d (%s): reserve it from there."),
			      late->number, sd(late->date, a), ok->number, sd(ok->date, b));
	case V_CANCEL:
		return refuse(c, RD_REFUSED, "cutoff_days",
			      _("Delivery %d (%s) is past its cut-off and will still be delivered; the cancellation can take effect from delivery %d (%s): reserve it from there."),
			      late->number, sd(late->date, a), ok->number, sd(ok->date, b));
	case V_RESERVE:
		return refuse(c, RD_REFUSED, "cutoff_days",
			      _("Delivery %d (%s) is past its cut-off; the first delivery a reservation can start from is %d (%s)."),
			      late->number, sd(late->date, a), ok->number, sd(ok->date, b));
	case V_CHANGE:
	default:
		return refuse(c, RD_REFUSED, "cutoff_days",
			      _("Delivery %d (%s) is past its cut-off; the change can take effect from delivery %d (%s): reserve it from there."),
			      late->number, sd(late->date, a), ok->number, sd(ok->date, b));
	}
}

/* The next delivery must still be changeable for a request that changes
 * it (unless a reservation made earlier is being applied). */
static bool next_changeable(struct ctx *c, enum verb v)
{
	const struct subrule_slot *f = first_delivery(c);

	if (c->no_cutoff || !f || f->changeable)
		return true;
	return refuse_cutoff(c, f, v);
}

static bool add_skip(struct ctx *c, struct subrule_sub *a, int32_t date, int number)
{
	int i;

	if (a->nskips >= SUBRULE_MAX_SKIPS)
		return refuse(c, RD_REFUSED, "skips",
			      _("This subscription already has %d skips pending; undo one first."),
			      a->nskips);
	for (i = a->nskips; i > 0 && a->skips[i - 1].date > date; i--)
		a->skips[i] = a->skips[i - 1];
	a->skips[i].date = date;
	a->skips[i].number = number;
	a->nskips++;
	return true;
}

static void remove_skip_at(struct subrule_sub *a, int i)
{
	memmove(&a->skips[i], &a->skips[i + 1],
		(size_t)(a->nskips - i - 1) * sizeof(a->skips[0]));
	a->nskips--;
}

/* Drops skips from lo (inclusive) to hi (exclusive): slots a pause or a
 * moved date leaves out anyway. */
static void drop_skips(struct subrule_sub *a, int32_t lo, int32_t hi)
{
	for (int i = a->nskips - 1; i >= 0; i--)
		if (a->skips[i].date >= lo && a->skips[i].date < hi)
			remove_skip_at(a, i);
}

static bool refuse_status(struct ctx *c, const struct subrule_sub *s,
			  const char *what)
{
	if (s->status == SUBRULE_CANCELLED)
		return refuse(c, RD_REFUSED, "status",
			      _("This subscription is cancelled: it cannot %s."), what);
	return true;
}

/* A slot named by a date: its nominal or its effective date. */
static const struct subrule_slot *slot_by_date(const struct ctx *c, int32_t d)
{
	for (int i = 0; i < c->nslots; i++)
		if (c->slots[i].nominal == d || c->slots[i].date == d)
			return &c->slots[i];
	return NULL;
}

static void list_dates(const struct ctx *c, char *buf, size_t size)
{
	size_t len = 0;
	int shown = 0;

	buf[0] = '\0';
	for (int i = 0; i < c->nslots && shown < 4; i++) {
		char d[DATE_SHORT_SIZE];

		if (c->slots[i].skipped)
			continue;
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
					shown ? ", " : "", sd(c->slots[i].date, d));
		shown++;
		if (len >= size)
			break;
	}
}

static bool do_skip(struct ctx *c, const struct subrule_sub *s, struct subrule_sub *a)
{
	const struct subrule_request *q = c->q;
	const struct subrule_slot *t = NULL;
	char d1[DATE_SHORT_SIZE], d2[DATE_SHORT_SIZE], list[64];

	if (!refuse_status(c, s, _("skip a delivery")))
		return false;
	if (c->nslots == 0)
		return refuse(c, RD_REFUSED, "status", _("This subscription has no delivery ahead to skip."));
	if (q->date != SUBRULE_NO_DATE) {
		t = slot_by_date(c, q->date);
		if (t && t->skipped)
			return refuse(c, RD_REFUSED, "already_skipped",
				      _("The delivery of %s is already skipped."), sd(t->date, d1));
		if (!t && q->date < c->slots[0].nominal)
			return refuse(c, RD_REFUSED, "shipped",
				      _("%s is before the next delivery (delivery %d, %s): deliveries until then are already ordered or shipped."),
				      sd(q->date, d1), c->slots[0].number, sd(c->slots[0].date, d2));
		if (!t) {
			list_dates(c, list, sizeof(list));
			return refuse(c, RD_INVALID, "date",
				      _("There is no delivery on %s; the next deliveries are on %s."),
				      sd(q->date, d1), list);
		}
	} else if (q->delivery > 0) {
		if (q->delivery <= s->delivery_count)
			return refuse(c, RD_REFUSED, "shipped",
				      _("Delivery %d is already ordered or shipped; the next delivery is %d (%s)."),
				      q->delivery, s->delivery_count + 1,
				      sd(first_delivery(c) ? first_delivery(c)->date : s->next_date, d1));
		t = slot_by_number(c, q->delivery);
		if (!t)
			return refuse(c, RD_INVALID, "delivery",
				      _("Delivery %d is too far ahead to skip now."), q->delivery);
	} else {
		t = first_delivery(c);
		if (!t)
			return refuse(c, RD_REFUSED, "status", _("This subscription has no delivery ahead to skip."));
	}
	if (!c->no_cutoff && !t->changeable)
		return refuse_cutoff(c, t, V_SKIP);
	c->target = t->nominal;
	if (!add_skip(c, a, t->nominal, t->number))
		return false;
	summary(c->out, _("skip delivery %d (%s)"), t->number, sd(t->date, d1));
	return true;
}

static bool do_unskip(struct ctx *c, const struct subrule_sub *s, struct subrule_sub *a)
{
	const struct subrule_request *q = c->q;
	int found = -1;
	int32_t eff = 0;
	char d1[DATE_SHORT_SIZE];

	if (!refuse_status(c, s, _("have a skip undone")))
		return false;
	if (s->nskips == 0)
		return refuse(c, RD_REFUSED, "no_skip", _("No delivery of this subscription is skipped."));
	for (int i = 0; i < s->nskips; i++) {
		int32_t e;

		if (schedule_open_day(&c->sch, s->skips[i].date, &e, NULL) != RD_OK)
			e = s->skips[i].date;
		if (q->date != SUBRULE_NO_DATE) {
			if (s->skips[i].date == q->date || e == q->date) {
				found = i;
				eff = e;
				break;
			}
		} else if ((int64_t)e - c->today > c->r->cutoff_days) {
			found = i;
			eff = e;
			break;
		}
	}
	if (found < 0 && q->date != SUBRULE_NO_DATE) {
		char list[80] = "";
		size_t len = 0;

		for (int i = 0; i < s->nskips && len < sizeof(list); i++)
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
						i ? ", " : "", sd(s->skips[i].date, d1));
		return refuse(c, RD_INVALID, "date",
			      _("No delivery on %s is skipped; skipped: %s."),
			      sd(q->date, d1), list);
	}
	if (found < 0)
		return refuse(c, RD_REFUSED, "cutoff_days",
			      _("Every skipped delivery is past its cut-off; a skip can no longer be undone."));
	if (!c->no_cutoff && (int64_t)eff - c->today <= c->r->cutoff_days)
		return refuse(c, RD_REFUSED, "cutoff_days",
			      _("The skipped delivery of %s is past its cut-off; the skip can no longer be undone."),
			      sd(eff, d1));
	{
		int32_t date = s->skips[found].date;

		remove_skip_at(a, found);
		if (date < s->next_date)
			a->next_date = date;
		summary(c->out, _("undo the skip of %s"), sd(eff, d1));
	}
	return true;
}

/* The first slot from s's next_date (not delivered in between) whose
 * effective date is on or after day; its nominal date. */
static int32_t slot_on_or_after(const struct ctx *c, const struct subrule_sub *s,
				int32_t day)
{
	int32_t nominal = s->next_date, eff;

	for (int i = 0; i < 4000; i++) {
		if (schedule_open_day(&c->sch, nominal, &eff, NULL) != RD_OK)
			eff = nominal;
		if (eff >= day)
			return nominal;
		nominal = schedule_step(&c->sch, nominal, 0);
	}
	return nominal;
}

static bool do_pause(struct ctx *c, const struct subrule_sub *s, struct subrule_sub *a)
{
	const struct subrule_request *q = c->q;
	const struct subrule_slot *f = first_delivery(c);
	int32_t start, limit, until, nn, eff;
	char d1[DATE_SHORT_SIZE], d2[DATE_SHORT_SIZE], iso[DATE_LONG_SIZE];

	if (!refuse_status(c, s, _("be paused")))
		return false;
	if (s->status == SUBRULE_PAUSED)
		return refuse(c, RD_REFUSED, "status",
			      _("This subscription is already paused until %s: resume it first (resume can set the first delivery)."),
			      date_format_long(s->paused_until, iso));
	if (!f)
		return refuse(c, RD_REFUSED, "status", _("This subscription has no delivery ahead to pause."));
	if (!next_changeable(c, V_PAUSE))
		return false;
	start = f->date;
	limit = date_add_months(start, c->r->max_pause_months);
	switch (q->pause_mode) {
	case SUBRULE_PAUSE_UNTIL:
		until = q->until;
		if (until == SUBRULE_NO_DATE)
			return refuse(c, RD_INVALID, "until", _("Pause until when? Give a date."));
		if (until <= start)
			return refuse(c, RD_INVALID, "until",
				      _("A pause until %s pauses nothing: the next delivery is on %s."),
				      sd(until, d1), sd(start, d2));
		break;
	case SUBRULE_PAUSE_DELIVERIES: {
		int left = q->count;

		if (q->count < 1 || q->count > 24)
			return refuse(c, RD_INVALID, "count",
				      _("Pause for how many deliveries? Give 1 to 24, not %d."), q->count);
		until = SUBRULE_NO_DATE;
		for (int i = 0; i < c->nslots; i++) {
			if (c->slots[i].skipped)
				continue;
			if (left-- == 0) {
				until = c->slots[i].date;
				break;
			}
		}
		if (until == SUBRULE_NO_DATE)
			return refuse(c, RD_INVALID, "count", _("That pause is too long to compute."));
		break;
	}
	case SUBRULE_PAUSE_OPEN:
	default:
		until = limit;
		break;
	}
	if (until > limit)
		return refuse(c, RD_REFUSED, "max_pause_months",
			      _("A pause lasts at most %d months (max_pause_months): from %s until %s at the latest."),
			      c->r->max_pause_months, sd(start, d1), date_format_long(limit, iso));
	nn = slot_on_or_after(c, s, until);
	a->status = SUBRULE_PAUSED;
	a->paused_until = until;
	a->next_date = nn;
	drop_skips(a, s->next_date, nn);
	if (schedule_open_day(&c->sch, nn, &eff, NULL) != RD_OK)
		eff = nn;
	if (q->pause_mode == SUBRULE_PAUSE_OPEN) {
		summary(c->out, _("pause open-ended (first delivery again %s)"), sd(eff, d1));
		note(c->out, _("Open-ended: the deliveries start again on %s at the latest (max_pause_months = %d), unless the customer calls earlier."),
		     date_format_long(until, iso), c->r->max_pause_months);
	} else {
		summary(c->out, _("pause until %s (first delivery again %s)"),
			date_format_long(until, iso), sd(eff, d1));
	}
	return true;
}

/* Date of the first slot of cycle cyc on or after day (as a nominal). */
static int32_t fit_on_or_after(const struct cycle *cyc, int32_t day)
{
	struct cycle one = *cyc;
	int32_t d;

	switch (cyc->kind) {
	case CYCLE_DAYS:
		return day;
	case CYCLE_WEEKS:
		one.n = 1;
		return cycle_next(&one, day - 1);
	default:
		one.n = 1;
		d = cycle_next(&one, date_add_months(day, -1));
		while (d < day)
			d = cycle_next(&one, d);
		return d;
	}
}

int32_t subrule_resume_proposal(const struct subrule_sub *s,
				const struct subrule_rules *r, int32_t today)
{
	int lead = r->resume_lead_days;

	int32_t d;
	struct calendar_move mv;

	if (lead < r->cutoff_days + 1)
		lead = r->cutoff_days + 1;
	d = fit_on_or_after(&s->cycle, today + lead);
	/* a closure that moves deliveries earlier may pull the first one
	 * before the lead or the cut-off: take the next slot then */
	for (int i = 0; i < 8; i++) {
		if (calendar_move(&r->cal, d, &mv, NULL) != RD_OK ||
		    mv.date >= today + lead)
			break;
		d = fit_on_or_after(&s->cycle, d + 1);
	}
	return d;
}

static bool do_resume(struct ctx *c, const struct subrule_sub *s, struct subrule_sub *a)
{
	const struct subrule_request *q = c->q;
	int32_t date, eff, earliest;
	char d1[DATE_SHORT_SIZE], iso[DATE_LONG_SIZE];

	if (s->status == SUBRULE_CANCELLED)
		return refuse(c, RD_REFUSED, "status",
			      _("This subscription is cancelled: it cannot be resumed; a new subscription starts again at delivery 1."));
	if (s->status == SUBRULE_ACTIVE)
		return refuse(c, RD_REFUSED, "status",
			      _("This subscription is not paused (it is active): there is nothing to resume."));
	date = q->resume_date != SUBRULE_NO_DATE ? q->resume_date
		: subrule_resume_proposal(s, c->r, c->today);
	if (schedule_open_day(&c->sch, date, &eff, NULL) != RD_OK)
		eff = date;
	earliest = c->today + c->r->cutoff_days + 1;
	if (!c->no_cutoff && eff < earliest)
		return refuse(c, RD_REFUSED, "cutoff_days",
			      _("The first delivery after resuming must be after the cut-off: %s at the earliest."),
			      date_format_long(earliest, iso));
	if (eff - c->today > SUBRULE_MAX_AHEAD_DAYS)
		return refuse(c, RD_INVALID, "date",
			      _("%s is too far ahead: resume within %d days."),
			      date_format_long(date, iso), SUBRULE_MAX_AHEAD_DAYS);
	a->status = SUBRULE_ACTIVE;
	a->paused_until = SUBRULE_NO_DATE;
	a->next_date = date;
	if (date > s->next_date)
		drop_skips(a, s->next_date, date);
	summary(c->out, _("resume: delivery %d on %s"), s->delivery_count + 1, sd(eff, d1));
	if (q->resume_date == SUBRULE_NO_DATE)
		note(c->out, _("Proposed: the first delivery of the cycle at least %d days from today (resume_lead_days); the agent may choose another date."),
		     c->r->resume_lead_days);
	return true;
}

static int find_line(const struct subrule_sub *s, const char *sku)
{
	for (int i = 0; i < s->nlines; i++)
		if (strcmp(s->lines[i].sku, sku) == 0)
			return i;
	return -1;
}

/* The limits of a subscription line: the ones of every order line
 * (core/pricing's one check), max_quantity_per_line and a product still
 * sold. k: the line change's position. */
static bool check_line(struct ctx *c, int k, int qty, const char *sku, bool sold)
{
	struct rd_error e;

	if (pricing_check_line((size_t)k, sku, qty, sold, true, c->r->max_quantity,
			       &e) != RD_OK)
		return refuse(c, e.status, sold ? "max_quantity_per_line" : "product",
			      "%s", e.msg);
	return true;
}

static bool apply_lines(struct ctx *c, struct subrule_sub *a)
{
	const struct subrule_request *q = c->q;

	if (q->nline_ops < 1 || q->nline_ops > SUBRULE_MAX_LINE_OPS)
		return refuse(c, RD_INVALID, "lines", _("Which products change? None given."));
	for (int k = 0; k < q->nline_ops; k++) {
		const struct subrule_line_change *op = &q->line_ops[k];
		int i = find_line(a, op->sku);

		switch (op->op) {
		case SUBRULE_LINE_SET:
			if (!check_line(c, k, op->quantity, op->sku, !op->not_sold))
				return false;
			if (i >= 0) {
				a->lines[i].quantity = op->quantity;
				break;
			}
			if (!op->product.sku[0])
				return refuse(c, RD_INVALID, "product",
					      _("There is no product %s for subscriptions."), op->sku);
			if (a->nlines >= SUBRULE_MAX_LINES)
				return refuse(c, RD_REFUSED, "lines",
					      _("A subscription holds at most %d products."), SUBRULE_MAX_LINES);
			a->lines[a->nlines] = op->product;
			a->lines[a->nlines].quantity = op->quantity;
			a->nlines++;
			break;
		case SUBRULE_LINE_REMOVE:
			if (i < 0)
				return refuse(c, RD_INVALID, "product",
					      _("%s is not in this subscription."), op->sku);
			memmove(&a->lines[i], &a->lines[i + 1],
				(size_t)(a->nlines - i - 1) * sizeof(a->lines[0]));
			a->nlines--;
			break;
		case SUBRULE_LINE_SWAP: {
			int qty;

			if (i < 0)
				return refuse(c, RD_INVALID, "product",
					      _("%s is not in this subscription."), op->sku);
			if (!op->product.sku[0])
				return refuse(c, RD_INVALID, "product",
					      _("There is no product to swap %s for."), op->sku);
			if (find_line(a, op->product.sku) >= 0)
				return refuse(c, RD_INVALID, "product",
					      _("%s is already in this subscription: change its quantity instead."),
					      op->product.sku);
			qty = op->quantity ? op->quantity : a->lines[i].quantity;
			if (!check_line(c, k, qty, op->product.sku, true))
				return false;
			a->lines[i] = op->product;
			a->lines[i].quantity = qty;
			break;
		}
		default:
			return refuse(c, RD_INVALID, "lines", _("Unknown product change."));
		}
	}
	if (a->nlines == 0)
		return refuse(c, RD_REFUSED, "lines",
			      _("A subscription needs at least one product; to stop the deliveries, cancel it."));
	return true;
}

/* A gateway token: 8 to 120 printable ASCII characters, and never
 * something that looks like a card number. */
static bool check_card(struct ctx *c, const char *token, const char *last4)
{
	size_t n = strlen(token), digits = 0;

	if (n == 0)
		return refuse(c, RD_INVALID, "card",
			      _("Paying by card needs the payment gateway's card token (and the last four digits)."));
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)token[i];

		if (ch < 0x21 || ch > 0x7e)
			return refuse(c, RD_INVALID, "card", _("A card token is printable ASCII without spaces."));
		if (ch >= '0' && ch <= '9')
			digits++;
		else if (ch != '-' && ch != ' ')
			digits = 0;
	}
	if (digits >= 12)
		return refuse(c, RD_INVALID, "card",
			      _("That looks like a card number: only the payment gateway's token is stored, never a card number."));
	if (n < 8 || n >= SUBRULE_TOKEN_SIZE)
		return refuse(c, RD_INVALID, "card", _("A card token has 8 to %d characters."),
			      SUBRULE_TOKEN_SIZE - 1);
	if (strlen(last4) != 4 || strspn(last4, "0123456789") != 4)
		return refuse(c, RD_INVALID, "card", _("Give the card's last four digits (4 digits)."));
	return true;
}

static bool do_change(struct ctx *c, const struct subrule_sub *s, struct subrule_sub *a)
{
	const struct subrule_request *q = c->q;
	unsigned ch = q->change;
	char d1[DATE_SHORT_SIZE], iso[DATE_LONG_SIZE], spec[CYCLE_SPEC_SIZE];
	const char *sep = "";

	if (!refuse_status(c, s, _("be changed")))
		return false;
	if (!ch)
		return refuse(c, RD_INVALID, "change", _("Nothing to change: say what changes."));
	if ((ch & (SUBRULE_CH_CONTENTS | SUBRULE_CH_NEXT_DATE)) && !next_changeable(c, V_CHANGE))
		return false;
	summary(c->out, "%s", _("change "));
	if (ch & SUBRULE_CH_CYCLE) {
		struct sbuf w;

		if (!cycle_valid(&q->cycle))
			return refuse(c, RD_INVALID, "cycle", _("The new cycle is not valid."));
		if (cycle_equal(&q->cycle, &s->cycle) && !s->has_first)
			return refuse(c, RD_INVALID, "cycle",
				      _("The cycle is already %s."), cycle_format(&q->cycle, spec));
		a->cycle = q->cycle;
		if (a->has_first) {
			a->has_first = false;
			note(c->out, "%s", _("The different first interval no longer applies."));
		}
		sbuf_init(&w);
		cycle_describe(&q->cycle, &w);
		summary(c->out, _("%scycle: %s"), sep, w.buf);
		sbuf_done(&w);
		sep = "; ";
	}
	if (ch & SUBRULE_CH_NEXT_DATE) {
		int32_t eff, earliest = c->today + c->r->cutoff_days + 1;

		if (s->status == SUBRULE_PAUSED)
			return refuse(c, RD_REFUSED, "status",
				      _("This subscription is paused: choose its first delivery with resume."));
		if (q->next_date == SUBRULE_NO_DATE)
			return refuse(c, RD_INVALID, "next_date", _("Which date? Give the next delivery date."));
		if (q->next_date == s->next_date)
			return refuse(c, RD_INVALID, "next_date",
				      _("The next delivery is already on %s."), date_format_long(q->next_date, iso));
		if (schedule_open_day(&c->sch, q->next_date, &eff, NULL) != RD_OK)
			eff = q->next_date;
		if (!c->no_cutoff && eff < earliest)
			return refuse(c, RD_REFUSED, "cutoff_days",
				      _("%s is within the cut-off (%d days): the next delivery can be on %s at the earliest."),
				      date_format_long(q->next_date, iso), c->r->cutoff_days,
				      sd(earliest, d1));
		if (eff - c->today > SUBRULE_MAX_AHEAD_DAYS)
			return refuse(c, RD_INVALID, "next_date",
				      _("%s is too far ahead: choose a date within %d days."),
				      date_format_long(q->next_date, iso), SUBRULE_MAX_AHEAD_DAYS);
		a->next_date = q->next_date;
		if (q->next_date > s->next_date)
			drop_skips(a, s->next_date, q->next_date);
		summary(c->out, _("%snext delivery %s"), sep, sd(eff, d1));
		sep = "; ";
	}
	if (ch & SUBRULE_CH_LINES) {
		if (!apply_lines(c, a))
			return false;
		summary(c->out, _("%sproducts"), sep);
		sep = "; ";
	}
	if (ch & SUBRULE_CH_ADDRESS) {
		if (q->address_id < 0)
			return refuse(c, RD_INVALID, "address", _("Which address?"));
		a->address_id = q->address_id;
		summary(c->out, _("%saddress"), sep);
		sep = "; ";
	}
	if (ch & SUBRULE_CH_PAYMENT) {
		if ((unsigned)q->payment >= SUBRULE_PAY_COUNT)
			return refuse(c, RD_INVALID, "payment", _("Unknown payment method."));
		a->payment = q->payment;
		if (q->payment == SUBRULE_PAY_CARD) {
			if (q->card_token[0] || !(s->payment == SUBRULE_PAY_CARD && s->has_card)) {
				if (!check_card(c, q->card_token, q->card_last4))
					return false;
				snprintf(a->card_token, sizeof(a->card_token), "%s", q->card_token);
				snprintf(a->card_last4, sizeof(a->card_last4), "%s", q->card_last4);
				a->has_card = true;
			}
		} else {
			a->has_card = false;
			a->card_token[0] = '\0';
			a->card_last4[0] = '\0';
		}
		summary(c->out, _("%spayment: %s"), sep, subrule_payment_label(q->payment));
		sep = "; ";
	}
	if (ch & SUBRULE_CH_TIME) {
		if ((unsigned)q->time_slot >= SUBRULE_TIME_COUNT)
			return refuse(c, RD_INVALID, "time_slot", _("Unknown time slot."));
		a->time_slot = q->time_slot;
		summary(c->out, _("%stime slot: %s"), sep, subrule_time_label(q->time_slot));
		sep = "; ";
	}
	if (ch & SUBRULE_CH_DISCOUNT) {
		int pct = c->r->retention_discount_percent;

		if (pct <= 0 || pct > SUBRULE_MAX_PERCENT || c->r->retention_discount_deliveries <= 0)
			return refuse(c, RD_REFUSED, "retention_discount_percent",
				      _("No retention discount is set up (retention_discount_percent)."));
		if (s->discount_remaining > 0)
			return refuse(c, RD_REFUSED, "retention_discount_percent",
				      _("A discount of %d%% already applies to the next %d deliveries."),
				      s->discount_percent, s->discount_remaining);
		a->discount_percent = pct;
		a->discount_remaining = c->r->retention_discount_deliveries;
		summary(c->out, _("%s%d%% off the next %d deliveries"), sep, pct,
			c->r->retention_discount_deliveries);
	}
	return true;
}

static bool do_cancel(struct ctx *c, const struct subrule_sub *s, struct subrule_sub *a)
{
	const struct subrule_request *q = c->q;
	int m = c->r->min_deliveries_before_cancel;
	char fee[32];

	if (s->status == SUBRULE_CANCELLED)
		return refuse(c, RD_REFUSED, "status", _("This subscription is already cancelled."));
	if (!next_changeable(c, V_CANCEL))
		return false;
	money_text(c->r->early_cancel_fee, fee, sizeof(fee));
	if (s->delivery_count < m) {
		if (q->override && !q->is_supervisor)
			return refuse(c, RD_REFUSED, "min_deliveries_before_cancel",
				      _("Only a supervisor can cancel before delivery %d (min_deliveries_before_cancel)."),
				      m);
		if (!q->override)
			return refuse(c, RD_REFUSED, "min_deliveries_before_cancel",
				      _("No cancellation before delivery %d (min_deliveries_before_cancel): %d of %d deliveries made, %d still owed; a supervisor can override, with the early-cancel fee of %s."),
				      m, s->delivery_count, m, m - s->delivery_count, fee);
		c->out->fee_applies = true;
		c->out->fee = c->r->early_cancel_fee;
		note(c->out, _("Supervisor override: cancelled after %d of %d deliveries; the early-cancel fee of %s applies."),
		     s->delivery_count, m, fee);
	}
	a->status = SUBRULE_CANCELLED;
	a->paused_until = SUBRULE_NO_DATE;
	if (s->next_date != SUBRULE_NO_DATE)
		drop_skips(a, s->next_date, DATE_MAX);
	a->next_date = SUBRULE_NO_DATE;
	summary(c->out, _("cancel after delivery %d"), s->delivery_count);
	return true;
}

static bool dispatch(struct ctx *c, const struct subrule_sub *s, struct subrule_sub *a)
{
	switch (c->q->kind) {
	case SUBRULE_SKIP: return do_skip(c, s, a);
	case SUBRULE_UNSKIP: return do_unskip(c, s, a);
	case SUBRULE_PAUSE: return do_pause(c, s, a);
	case SUBRULE_RESUME: return do_resume(c, s, a);
	case SUBRULE_CHANGE: return do_change(c, s, a);
	case SUBRULE_CANCEL: return do_cancel(c, s, a);
	case SUBRULE_KEEP:
		if (s->status == SUBRULE_CANCELLED)
			return refuse(c, RD_REFUSED, "status", _("This subscription is already cancelled."));
		summary(c->out, "%s", _("kept: the customer stays without a change"));
		return true;
	default:
		return refuse(c, RD_INVALID, "kind", _("Unknown request."));
	}
}

/* After a request: next_date on to a slot that is delivered, skips
 * renumbered, and skips that no slot falls on any more dropped. */
static bool settle(struct ctx *c, struct subrule_sub *a, struct schedule *sch,
		   struct subrule_slot *slots, int *nslots)
{
	struct rd_error err;
	int n;

	make_schedule(a, c->r, sch);
	if (has_next(a)) {
		for (int guard = 0; is_skipped(a, a->next_date) && guard <= SUBRULE_MAX_SKIPS; guard++)
			a->next_date = schedule_step(sch, a->next_date, 0);
	}
	n = enumerate(a, sch, c->r, c->today, slots, SUBRULE_HORIZON, &err);
	if (n < 0)
		return refuse(c, RD_INVALID, "schedule", "%s", err.msg);
	for (int i = a->nskips - 1; i >= 0; i--) {
		struct subrule_skip *k = &a->skips[i];
		bool found = false;

		if (!has_next(a))
			break;
		if (k->date < a->next_date) {
			k->number = a->delivery_count + 1;
			continue;
		}
		for (int j = 0; j < n; j++)
			if (slots[j].nominal == k->date) {
				k->number = slots[j].number;
				found = true;
				break;
			}
		if (!found && n > 0 && k->date <= slots[n - 1].nominal) {
			char d[DATE_SHORT_SIZE];

			note(c->out, _("The skip of %s is removed: no delivery falls on that day any more."),
			     sd(k->date, d));
			remove_skip_at(a, i);
		}
	}
	/* numbers of delivered slots do not depend on the skips' numbers,
	 * only on which dates are skipped: enumerate once more only when a
	 * skip was dropped */
	n = enumerate(a, sch, c->r, c->today, slots, SUBRULE_HORIZON, &err);
	if (n < 0)
		return refuse(c, RD_INVALID, "schedule", "%s", err.msg);
	*nslots = n;
	return true;
}

static void skip_ops(const struct subrule_sub *b, const struct subrule_sub *a,
		     struct subrule_preview *p)
{
	for (int i = 0; i < b->nskips; i++) {
		bool kept = false;

		for (int j = 0; j < a->nskips; j++)
			if (a->skips[j].date == b->skips[i].date) {
				kept = true;
				if (a->skips[j].number != b->skips[i].number)
					p->skip_ops[p->nskip_ops++] = (struct subrule_skip_op){
						SUBRULE_SKIP_RENUMBER, a->skips[j].date, a->skips[j].number };
			}
		if (!kept)
			p->skip_ops[p->nskip_ops++] = (struct subrule_skip_op){
				SUBRULE_SKIP_DELETE, b->skips[i].date, b->skips[i].number };
	}
	for (int j = 0; j < a->nskips; j++)
		if (!is_skipped(b, a->skips[j].date))
			p->skip_ops[p->nskip_ops++] = (struct subrule_skip_op){
				SUBRULE_SKIP_ADD, a->skips[j].date, a->skips[j].number };
}

/* Longest run of skipped slots that contains the slot on target: the
 * skips since the last delivery count when it is before next_date. */
static int run_length(const struct subrule_sub *a, const struct subrule_slot *slots,
		      int n, int32_t target)
{
	int run = 0;

	if (target < a->next_date) {
		for (int i = 0; i < a->nskips; i++)
			if (a->skips[i].date < a->next_date)
				run++;
		return run;
	}
	for (int i = 0; i < n; i++) {
		if (slots[i].skipped) {
			run++;
			if (slots[i].nominal == target) {
				for (int j = i + 1; j < n && slots[j].skipped; j++)
					run++;
				return run;
			}
		} else {
			run = 0;
		}
	}
	return run;
}

/* Date of delivery number in a list of slots, or SUBRULE_NO_DATE. */
static int32_t date_of(const struct subrule_slot *slots, int n, int number)
{
	for (int i = 0; i < n; i++)
		if (!slots[i].skipped && slots[i].number == number)
			return slots[i].date;
	return SUBRULE_NO_DATE;
}

/* The price of the deliveries in slots up to end: the first ones carry
 * the retention discount while it lasts. from_number: deliveries before it
 * are priced as in pre (a reservation changes only the later ones). */
static void window_total(struct ctx *c, const struct subrule_sub *pre,
			 const struct subrule_sub *post, int from_number,
			 const struct subrule_slot *slots, int n, int32_t end,
			 int *count, int64_t *total)
{
	int made_pre = 0, made_post = 0;

	*count = 0;
	*total = 0;
	for (int i = 0; i < n; i++) {
		const struct subrule_sub *s;
		struct subrule_amount am;
		int64_t sum;
		int *made;

		if (slots[i].skipped)
			continue;
		if (slots[i].date > end)
			break;
		s = slots[i].number < from_number ? pre : post;
		made = s == pre ? &made_pre : &made_post;
		if (amount_of(s, c->r, *made < s->discount_remaining, &am, NULL) == RD_OK &&
		    money_add(*total, am.total, &sum, NULL) == RD_OK)
			*total = sum;
		(*made)++;
		(*count)++;
	}
}

static void fill_effects(struct ctx *c, const struct subrule_sub *b,
			 const struct subrule_slot *bs, int nb,
			 const struct subrule_sub *a, const struct subrule_slot *as,
			 int na, int from_number)
{
	struct subrule_preview *p = c->out;
	int numbers[2 * SUBRULE_SHOW], nnum = 0, shown = 0;
	bool contents = c->q->kind == SUBRULE_CHANGE && (c->q->change & SUBRULE_CH_CONTENTS);

	/* the numbers in view: the next SUBRULE_SHOW deliveries before and
	 * after */
	for (int pass = 0; pass < 2; pass++) {
		const struct subrule_slot *sl = pass ? as : bs;
		int n = pass ? na : nb, taken = 0;

		for (int i = 0; i < n && taken < SUBRULE_SHOW; i++) {
			bool dup = false;

			if (sl[i].skipped)
				continue;
			taken++;
			for (int k = 0; k < nnum; k++)
				dup |= numbers[k] == sl[i].number;
			if (!dup)
				numbers[nnum++] = sl[i].number;
		}
	}
	/* ascending */
	for (int i = 1; i < nnum; i++)
		for (int j = i; j > 0 && numbers[j - 1] > numbers[j]; j--) {
			int t = numbers[j];

			numbers[j] = numbers[j - 1];
			numbers[j - 1] = t;
		}
	for (int k = 0; k < nnum; k++) {
		int32_t od = date_of(bs, nb, numbers[k]);
		int32_t nd = date_of(as, na, numbers[k]);
		bool cont = contents && nd != SUBRULE_NO_DATE &&
			    (from_number == 0 || numbers[k] >= from_number);

		if (od == nd && !cont)
			continue;
		if (shown < SUBRULE_MAX_AFFECTED) {
			p->affected[shown++] = (struct subrule_affected){
				numbers[k], od, nd, cont && od == nd };
		} else {
			p->more_affected++;
		}
	}
	p->naffected = shown;

	p->nnext = 0;
	for (int i = 0; i < na && p->nnext < SUBRULE_NEXT; i++)
		if (!as[i].skipped)
			p->next[p->nnext++] = as[i];

	amount_of(b, c->r, b->discount_remaining > 0, &p->before_amount, NULL);
	amount_of(a, c->r, a->discount_remaining > 0, &p->after_amount, NULL);

	/* the window: the next SUBRULE_SHOW deliveries as they are now */
	p->window_end = SUBRULE_NO_DATE;
	for (int i = 0, taken = 0; i < nb && taken < SUBRULE_SHOW; i++)
		if (!bs[i].skipped) {
			p->window_end = bs[i].date;
			taken++;
		}
	if (p->window_end != SUBRULE_NO_DATE) {
		window_total(c, b, b, 0, bs, nb, p->window_end, &p->window_before,
			     &p->window_before_total);
		window_total(c, b, a, from_number, as, na, p->window_end,
			     &p->window_after, &p->window_after_total);
	}
}

/* The state of s when delivery `number` (slot sl) is the next one: what
 * a reservation from that delivery changes. */
static void advance_to(const struct subrule_sub *s, const struct subrule_slot *sl,
		       struct subrule_sub *mid)
{
	*mid = *s;
	mid->next_date = sl->nominal;
	mid->delivery_count = sl->number - 1;
	mid->nskips = 0;
	for (int i = 0; i < s->nskips; i++)
		if (s->skips[i].date > sl->nominal ||
		    (s->skips[i].date < sl->nominal && s->skips[i].number == sl->number))
			mid->skips[mid->nskips++] = s->skips[i];
	if (mid->status == SUBRULE_PAUSED && sl->date >= s->paused_until) {
		mid->status = SUBRULE_ACTIVE;
		mid->paused_until = SUBRULE_NO_DATE;
	}
	if (mid->discount_remaining > 0) {
		int used = sl->number - (s->delivery_count + 1);

		mid->discount_remaining = used >= mid->discount_remaining ? 0
			: mid->discount_remaining - used;
	}
}

static bool reserve(struct ctx *c, const struct subrule_sub *s)
{
	struct subrule_preview *p = c->out;
	const struct subrule_request *q = c->q;
	const struct subrule_slot *sl;
	struct subrule_sub mid, mid_after;
	struct subrule_slot as[SUBRULE_HORIZON], ms[SUBRULE_HORIZON];
	struct subrule_slot bs[SUBRULE_HORIZON];
	struct schedule msch, bsch;
	int nm = 0, na = 0, nb;
	int32_t from_nominal;
	char d1[DATE_SHORT_SIZE], tail[SUBRULE_TEXT_SIZE];

	if (q->kind != SUBRULE_CHANGE && q->kind != SUBRULE_CANCEL && q->kind != SUBRULE_PAUSE)
		return refuse(c, RD_INVALID, "reserve",
			      _("Only a change, a pause or a cancellation can be reserved; to skip a later delivery, skip it by its number."));
	if (s->status == SUBRULE_CANCELLED)
		return refuse(c, RD_REFUSED, "status",
			      _("This subscription is cancelled: nothing can be reserved."));
	if (q->from_delivery <= s->delivery_count)
		return refuse(c, RD_REFUSED, "shipped",
			      _("Delivery %d is already ordered or shipped; a reservation starts from a later delivery."),
			      q->from_delivery);
	sl = slot_by_number(c, q->from_delivery);
	if (!sl)
		return refuse(c, RD_INVALID, "delivery",
			      _("Delivery %d is too far ahead to reserve now."), q->from_delivery);
	if (!sl->changeable)
		return refuse_cutoff(c, sl, V_RESERVE);
	p->from_date = sl->date;
	from_nominal = sl->nominal;

	/* the request runs on the subscription as it will be when delivery
	 * from_delivery is the next one */
	advance_to(s, sl, &mid);
	mid_after = mid;
	make_schedule(&mid, c->r, &c->sch);
	c->nslots = enumerate(&mid, &c->sch, c->r, c->today, c->slots, SUBRULE_HORIZON, NULL);
	if (c->nslots < 0)
		c->nslots = 0;
	if (!dispatch(c, &mid, &mid_after))
		return false;
	if (!settle(c, &mid_after, &msch, ms, &nm))
		return false;

	/* before: the slots as they are; after: the same up to the
	 * reservation, then those of the reserved state */
	make_schedule(s, c->r, &bsch);
	nb = enumerate(s, &bsch, c->r, c->today, bs, SUBRULE_HORIZON, NULL);
	if (nb < 0)
		nb = 0;
	for (int i = 0; i < nb && bs[i].nominal < from_nominal; i++)
		as[na++] = bs[i];
	for (int i = 0; i < nm && na < SUBRULE_HORIZON; i++)
		as[na++] = ms[i];
	fill_effects(c, s, bs, nb, &mid_after, as, na, q->from_delivery);
	p->reserved = true;
	p->from_delivery = q->from_delivery;
	snprintf(tail, sizeof(tail), "%s", p->summary);
	p->summary[0] = '\0';
	summary(p, _("from delivery %d (%s): %s"), q->from_delivery, sd(p->from_date, d1), tail);
	return true;
}

static void retention_into(const struct subrule_sub *s, const struct subrule_rules *r,
			   int32_t today, struct subrule_retention *out);

enum rd_status subrule_preview(const struct subrule_sub *s,
			       const struct subrule_rules *r,
			       const struct subrule_request *q, int32_t today,
			       struct subrule_preview *out)
{
	struct ctx c;
	struct subrule_slot as[SUBRULE_HORIZON];
	struct schedule asch;
	struct rd_error err;
	int na = 0;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	out->status = RD_OK;
	out->after = *s;
	out->window_end = SUBRULE_NO_DATE;
	out->from_date = SUBRULE_NO_DATE;
	c.r = r;
	c.q = q;
	c.today = today;
	c.out = out;
	c.no_cutoff = q->applying;
	c.target = SUBRULE_NO_DATE;
	make_schedule(s, r, &c.sch);
	if (has_next(s) && schedule_check(&c.sch, &err) != RD_OK) {
		refuse(&c, RD_INVALID, "schedule", "%s", err.msg);
		goto done;
	}
	c.nslots = enumerate(s, &c.sch, r, today, c.slots, SUBRULE_HORIZON, &err);
	if (c.nslots < 0) {
		c.nslots = 0;
		refuse(&c, RD_INVALID, "schedule", "%s", err.msg);
		goto done;
	}
	amount_of(s, r, s->discount_remaining > 0, &out->before_amount, NULL);
	out->after_amount = out->before_amount;
	if (q->kind == SUBRULE_CANCEL || q->kind == SUBRULE_KEEP) {
		out->has_retention = true;
		retention_into(s, r, today, &out->retention);
	}
	if (q->from_delivery > 0 && !q->applying) {
		reserve(&c, s);
		goto done;
	}
	if (!dispatch(&c, s, &out->after))
		goto done;
	if (!settle(&c, &out->after, &asch, as, &na))
		goto done;
	if (q->kind == SUBRULE_SKIP && c.target != SUBRULE_NO_DATE) {
		int run = run_length(&out->after, as, na, c.target);

		if (run > r->max_consecutive_skips) {
			char d[DATE_SHORT_SIZE];

			refuse(&c, RD_REFUSED, "max_consecutive_skips",
			       _("At most %d deliveries in a row can be skipped (max_consecutive_skips); skipping %s would make %d in a row."),
			       r->max_consecutive_skips, sd(c.target, d), run);
		}
	}
	skip_ops(s, &out->after, out);
	fill_effects(&c, s, c.slots, c.nslots, &out->after, as, na, 0);
done:
	if (out->status != RD_OK) {
		out->after = *s;
		out->nskip_ops = 0;
	}
	return out->status;
}

/* ---- retention ----------------------------------------------------------- */

static void alternative(const struct subrule_sub *s, const struct subrule_rules *r,
			int32_t today, struct subrule_alternative *alt)
{
	struct subrule_preview p;

	subrule_preview(s, r, &alt->request, today, &p);
	alt->available = p.status == RD_OK;
	snprintf(alt->text, sizeof(alt->text), "%s",
		 p.status == RD_OK ? p.summary : p.message);
}

static void retention_into(const struct subrule_sub *s, const struct subrule_rules *r,
			   int32_t today, struct subrule_retention *out)
{
	struct subrule_amount am;
	struct subrule_alternative *alt;

	memset(out, 0, sizeof(*out));
	out->deliveries_made = s->delivery_count;
	out->deliveries_owed = r->min_deliveries_before_cancel > s->delivery_count
		? r->min_deliveries_before_cancel - s->delivery_count : 0;
	out->fee = out->deliveries_owed > 0 ? r->early_cancel_fee : 0;
	if (amount_of(s, r, false, &am, NULL) == RD_OK &&
	    am.list_total > am.goods_total)
		money_sub(am.list_total, am.goods_total, &out->discount_lost, NULL);
	out->count_restarts = true;
	if (s->status == SUBRULE_CANCELLED)
		return;

	alt = &out->alts[SUBRULE_ALT_SKIP];
	subrule_request_init(&alt->request, SUBRULE_SKIP);
	{
		struct subrule_slot sl[SUBRULE_SHOW];
		int n = subrule_slots(s, r, today, sl, SUBRULE_SHOW, NULL);

		for (int i = 0; i < n; i++)
			if (!sl[i].skipped && sl[i].changeable) {
				alt->request.delivery = sl[i].number;
				break;
			}
	}
	if (alt->request.delivery)
		alternative(s, r, today, alt);
	else
		snprintf(alt->text, sizeof(alt->text), "%s", _("no delivery can be skipped now"));

	alt = &out->alts[SUBRULE_ALT_PAUSE];
	subrule_request_init(&alt->request, SUBRULE_PAUSE);
	alt->request.pause_mode = SUBRULE_PAUSE_OPEN;
	alternative(s, r, today, alt);

	alt = &out->alts[SUBRULE_ALT_LONGER_CYCLE];
	subrule_request_init(&alt->request, SUBRULE_CHANGE);
	alt->request.change = SUBRULE_CH_CYCLE;
	alt->request.cycle = s->cycle;
	switch (s->cycle.kind) {
	case CYCLE_DAYS:
		alt->request.cycle.n = s->cycle.n * 2 <= CYCLE_DAYS_MAX ? s->cycle.n * 2 : CYCLE_DAYS_MAX;
		break;
	case CYCLE_WEEKS:
		alt->request.cycle.n = s->cycle.n * 2 <= CYCLE_WEEKS_MAX ? s->cycle.n * 2 : CYCLE_WEEKS_MAX;
		break;
	default:
		alt->request.cycle.n = s->cycle.n < CYCLE_MONTHS_MAX ? s->cycle.n + 1 : CYCLE_MONTHS_MAX;
		break;
	}
	alternative(s, r, today, alt);

	alt = &out->alts[SUBRULE_ALT_FEWER_ITEMS];
	subrule_request_init(&alt->request, SUBRULE_CHANGE);
	alt->request.change = SUBRULE_CH_LINES;
	{
		int big = -1;

		for (int i = 0; i < s->nlines; i++)
			if (s->lines[i].quantity > 1 && (big < 0 || s->lines[i].quantity > s->lines[big].quantity))
				big = i;
		if (big >= 0) {
			struct subrule_line_change *op = &alt->request.line_ops[0];

			op->op = SUBRULE_LINE_SET;
			snprintf(op->sku, sizeof(op->sku), "%s", s->lines[big].sku);
			op->quantity = s->lines[big].quantity - 1;
			alt->request.nline_ops = 1;
		} else if (s->nlines > 1) {
			struct subrule_line_change *op = &alt->request.line_ops[0];

			op->op = SUBRULE_LINE_REMOVE;
			snprintf(op->sku, sizeof(op->sku), "%s", s->lines[s->nlines - 1].sku);
			alt->request.nline_ops = 1;
		}
	}
	if (alt->request.nline_ops) {
		alternative(s, r, today, alt);
		if (alt->available) {
			const struct subrule_line_change *op = &alt->request.line_ops[0];

			if (op->op == SUBRULE_LINE_SET)
				snprintf(alt->text, sizeof(alt->text), _("%s: %d instead of %d"),
					 op->sku, op->quantity, op->quantity + 1);
			else
				snprintf(alt->text, sizeof(alt->text), _("without %s"), op->sku);
		}
	} else {
		snprintf(alt->text, sizeof(alt->text), "%s", _("already one item"));
	}

	alt = &out->alts[SUBRULE_ALT_DISCOUNT];
	subrule_request_init(&alt->request, SUBRULE_CHANGE);
	alt->request.change = SUBRULE_CH_DISCOUNT;
	alternative(s, r, today, alt);
}

void subrule_retention(const struct subrule_sub *s,
		       const struct subrule_rules *r, int32_t today,
		       struct subrule_retention *out)
{
	retention_into(s, r, today, out);
}

/* ---- the shipment run ------------------------------------------------------ */

enum rd_status subrule_advance(const struct subrule_sub *s,
			       const struct subrule_rules *r,
			       struct subrule_sub *after, struct rd_error *err)
{
	struct schedule sch;
	int32_t nominal;

	if (!has_next(s))
		return rd_error_set(err, RD_INVALID,
				    _("this subscription has no next delivery"));
	make_schedule(s, r, &sch);
	if (schedule_check(&sch, err) != RD_OK)
		return RD_INVALID;
	*after = *s;
	nominal = schedule_step(&sch, s->next_date, (unsigned)s->delivery_count + 1);
	for (int guard = 0; is_skipped(s, nominal) && guard <= SUBRULE_MAX_SKIPS; guard++)
		nominal = schedule_step(&sch, nominal, 0);
	if (nominal > DATE_MAX - 2 * SCHEDULE_MAX_SHIFT)
		return rd_error_set(err, RD_INVALID, _("the schedule runs out of the calendar"));
	after->delivery_count = s->delivery_count + 1;
	after->next_date = nominal;
	if (after->status == SUBRULE_PAUSED) {
		after->status = SUBRULE_ACTIVE;
		after->paused_until = SUBRULE_NO_DATE;
	}
	if (after->discount_remaining > 0 && --after->discount_remaining == 0)
		after->discount_percent = 0;
	/* skips before the new next date belong to the past now */
	after->nskips = 0;
	for (int i = 0; i < s->nskips; i++)
		if (s->skips[i].date > s->next_date)
			after->skips[after->nskips++] = s->skips[i];
	return RD_OK;
}

/* ---- json ------------------------------------------------------------------ */

static void json_date(struct sbuf *out, const char *key, int32_t d)
{
	char iso[DATE_ISO_SIZE];

	if (d == SUBRULE_NO_DATE)
		return;
	sbuf_printf(out, ",\"%s\":\"%s\"", key, date_format_iso(d, iso));
}

void subrule_request_to_json(const struct subrule_request *q, struct sbuf *out)
{
	char spec[CYCLE_SPEC_SIZE];

	sbuf_printf(out, "{\"kind\":\"%s\"", subrule_kind_name(q->kind));
	if (q->delivery)
		sbuf_printf(out, ",\"delivery\":%d", q->delivery);
	json_date(out, "date", q->date);
	if (q->kind == SUBRULE_PAUSE) {
		sbuf_printf(out, ",\"pause\":\"%s\"",
			    (unsigned)q->pause_mode < COUNT(pause_names) ? pause_names[q->pause_mode] : "open");
		json_date(out, "until", q->until);
		if (q->count)
			sbuf_printf(out, ",\"count\":%d", q->count);
	}
	json_date(out, "resume_date", q->resume_date);
	if (q->kind == SUBRULE_CHANGE) {
		if (q->change & SUBRULE_CH_CYCLE)
			sbuf_printf(out, ",\"cycle\":\"%s\"", cycle_format(&q->cycle, spec));
		if (q->change & SUBRULE_CH_NEXT_DATE)
			json_date(out, "next_date", q->next_date);
		if (q->change & SUBRULE_CH_LINES) {
			sbuf_adds(out, ",\"lines\":[");
			for (int i = 0; i < q->nline_ops; i++) {
				const struct subrule_line_change *op = &q->line_ops[i];

				sbuf_printf(out, "%s{\"op\":\"%s\",\"sku\":", i ? "," : "",
					    line_op_names[op->op]);
				json_write_str(out, op->sku);
				if (op->op == SUBRULE_LINE_SWAP) {
					sbuf_adds(out, ",\"to\":");
					json_write_str(out, op->product.sku);
				}
				if (op->quantity)
					sbuf_printf(out, ",\"quantity\":%d", op->quantity);
				sbuf_addc(out, '}');
			}
			sbuf_addc(out, ']');
		}
		if (q->change & SUBRULE_CH_ADDRESS)
			sbuf_printf(out, ",\"address_id\":%lld", q->address_id);
		if (q->change & SUBRULE_CH_PAYMENT) {
			sbuf_printf(out, ",\"payment\":\"%s\"", subrule_payment_name(q->payment));
			if (q->card_token[0]) {
				sbuf_adds(out, ",\"card_token\":");
				json_write_str(out, q->card_token);
				sbuf_adds(out, ",\"card_last4\":");
				json_write_str(out, q->card_last4);
			}
		}
		if (q->change & SUBRULE_CH_TIME)
			sbuf_printf(out, ",\"time_slot\":\"%s\"", subrule_time_name(q->time_slot));
		if (q->change & SUBRULE_CH_DISCOUNT)
			sbuf_adds(out, ",\"discount\":true");
	}
	if (q->override)
		sbuf_adds(out, ",\"override\":true");
	if (q->from_delivery)
		sbuf_printf(out, ",\"from_delivery\":%d", q->from_delivery);
	sbuf_addc(out, '}');
}

static enum rd_status get_date(const struct json_value *o, const char *key,
			       int32_t *out, struct rd_error *err)
{
	const struct json_value *v = json_get(o, key);

	if (!v)
		return RD_OK;
	if (json_typeof(v) != JSON_STRING)
		return rd_error_set(err, RD_INVALID, _("%s is not a date"), key);
	return date_parse_iso(json_as_string(v, NULL), out, err);
}

static int get_int(const struct json_value *o, const char *key, int dflt)
{
	int64_t n;

	if (json_as_int(json_get(o, key), &n) != 0 || n < INT32_MIN || n > INT32_MAX)
		return dflt;
	return (int)n;
}

static void get_str(const struct json_value *o, const char *key, char *buf, size_t size)
{
	const char *s = json_as_string(json_get(o, key), NULL);

	snprintf(buf, size, "%s", s ? s : "");
}

enum rd_status subrule_request_from_json(const char *text, size_t len,
					 struct subrule_request *q,
					 struct rd_error *err)
{
	struct json_value *root = NULL;
	const struct json_value *v;
	enum subrule_kind kind;
	enum rd_status st;
	int b;

	st = json_parse(text, len, &root, err);
	if (st != RD_OK)
		return st;
	st = RD_INVALID;
	if (subrule_kind_parse(json_as_string(json_get(root, "kind"), NULL), &kind) != 0) {
		rd_error_set(err, RD_INVALID, _("a request without a known kind"));
		goto out;
	}
	subrule_request_init(q, kind);
	q->delivery = get_int(root, "delivery", 0);
	q->count = get_int(root, "count", 0);
	q->from_delivery = get_int(root, "from_delivery", 0);
	if (get_date(root, "date", &q->date, err) != RD_OK ||
	    get_date(root, "until", &q->until, err) != RD_OK ||
	    get_date(root, "resume_date", &q->resume_date, err) != RD_OK)
		goto out;
	if ((v = json_get(root, "pause")) != NULL) {
		int i = name_index(pause_names, COUNT(pause_names), json_as_string(v, NULL));

		if (i < 0) {
			rd_error_set(err, RD_INVALID, _("an unknown kind of pause"));
			goto out;
		}
		q->pause_mode = (enum subrule_pause_mode)i;
	}
	if ((v = json_get(root, "cycle")) != NULL) {
		if (cycle_parse(json_as_string(v, NULL) ? json_as_string(v, NULL) : "",
				&q->cycle, err) != RD_OK)
			goto out;
		q->change |= SUBRULE_CH_CYCLE;
	}
	if (json_get(root, "next_date")) {
		if (get_date(root, "next_date", &q->next_date, err) != RD_OK)
			goto out;
		q->change |= SUBRULE_CH_NEXT_DATE;
	}
	if ((v = json_get(root, "lines")) != NULL) {
		size_t n = json_len(v);

		if (json_typeof(v) != JSON_ARRAY || n == 0 || n > SUBRULE_MAX_LINE_OPS) {
			rd_error_set(err, RD_INVALID, _("bad product changes"));
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			const struct json_value *e = json_at(v, i);
			struct subrule_line_change *op = &q->line_ops[i];
			int k = name_index(line_op_names, COUNT(line_op_names),
					   json_as_string(json_get(e, "op"), NULL));

			if (k < 0) {
				rd_error_set(err, RD_INVALID, _("bad product changes"));
				goto out;
			}
			op->op = (enum subrule_line_op)k;
			get_str(e, "sku", op->sku, sizeof(op->sku));
			get_str(e, "to", op->product.sku, sizeof(op->product.sku));
			op->quantity = get_int(e, "quantity", 0);
		}
		q->nline_ops = (int)n;
		q->change |= SUBRULE_CH_LINES;
	}
	if (json_get(root, "address_id")) {
		int64_t id;

		if (json_as_int(json_get(root, "address_id"), &id) != 0 || id < 0) {
			rd_error_set(err, RD_INVALID, _("bad address"));
			goto out;
		}
		q->address_id = id;
		q->change |= SUBRULE_CH_ADDRESS;
	}
	if ((v = json_get(root, "payment")) != NULL) {
		if (subrule_payment_parse(json_as_string(v, NULL), &q->payment) != 0) {
			rd_error_set(err, RD_INVALID, _("bad payment method"));
			goto out;
		}
		get_str(root, "card_token", q->card_token, sizeof(q->card_token));
		get_str(root, "card_last4", q->card_last4, sizeof(q->card_last4));
		q->change |= SUBRULE_CH_PAYMENT;
	}
	if ((v = json_get(root, "time_slot")) != NULL) {
		if (subrule_time_parse(json_as_string(v, NULL), &q->time_slot) != 0) {
			rd_error_set(err, RD_INVALID, _("bad time slot"));
			goto out;
		}
		q->change |= SUBRULE_CH_TIME;
	}
	if (json_as_bool(json_get(root, "discount"), &b) == 0 && b)
		q->change |= SUBRULE_CH_DISCOUNT;
	if (json_as_bool(json_get(root, "override"), &b) == 0 && b)
		q->override = true;
	st = RD_OK;
out:
	json_free(&root);
	return st;
}
