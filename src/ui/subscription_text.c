/* subscription_text.c: the text of the subscription screens, and the
 * request an agent's form stands for (subscription_text.h). */
#include "subscription_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/money.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#define LABEL_COLS 14

/* --- small helpers --- */

static void cell(struct sbuf *sb, const char *s, int cols, bool right)
{
	if (cols <= 0)
		return;
	if (right)
		width_fit_right(sb, s, cols);
	else
		width_fit_ellipsis(sb, s, cols);
	sbuf_addc(sb, ' ');
}

static const char *iso(int32_t d, char buf[DATE_ISO_SIZE])
{
	if (d == SUBRULE_NO_DATE)
		return "-";
	return date_format_iso(d, buf);
}

/* "2026-12-15 Tue" */
static void day_text(struct sbuf *out, int32_t d)
{
	char b[DATE_ISO_SIZE];

	if (d == SUBRULE_NO_DATE) {
		sbuf_adds(out, "-");
		return;
	}
	sbuf_printf(out, "%s %s", date_format_iso(d, b), _(date_weekday_name(date_weekday(d))));
}

static void yen(struct sbuf *out, int64_t v)
{
	money_format(out, v, MONEY_YEN_SIGN);
}

static void wrap(struct layout_text *out, enum layout_attr attr, int indent,
		 const char *s, int cols)
{
	layout_text_wrap(out, attr, indent, s, cols - indent > 10 ? cols - indent : 10);
}

static void pair(struct layout_text *out, const char *label, const char *value)
{
	layout_text_pair(out, 1, label, LABEL_COLS, value, LAYOUT_NORMAL);
}

/* --- scrolling --- */

bool subs_scroll_request(struct subs_scroll *s, enum ui_request req)
{
	int page = s->page > 2 ? s->page - 1 : 1;
	int top = s->top;

	switch (req) {
	case REQ_UP: top--; break;
	case REQ_DOWN: top++; break;
	case REQ_PAGE_UP: top -= page; break;
	case REQ_PAGE_DOWN: top += page; break;
	case REQ_FIRST: top = 0; break;
	case REQ_LAST: top = s->lines; break;
	default: return false;
	}
	if (top > s->lines - s->page)
		top = s->lines - s->page;
	if (top < 0)
		top = 0;
	s->top = top;
	return true;
}

void subs_scroll_show(struct subs_scroll *s, const struct layout_text *all,
		      struct layout_text *body, int rows)
{
	s->lines = (int)all->n;
	s->page = rows > 1 ? rows : 1;
	if (s->top > s->lines - s->page)
		s->top = s->lines > s->page ? s->lines - s->page : 0;
	if (s->top < 0)
		s->top = 0;
	for (int i = s->top; i < s->lines && i < s->top + s->page; i++)
		layout_line_copy(layout_text_add(body, LAYOUT_NORMAL), &all->lines[i]);
}

/* --- the list --- */

enum subs_option subs_option_parse(uint32_t cp)
{
	switch (cp) {
	case '2': return SUBS_OPT_CHANGE;
	case '4': return SUBS_OPT_CANCEL;
	case '5': return SUBS_OPT_SHOW;
	case '7': return SUBS_OPT_SKIP;
	case '8': return SUBS_OPT_PAUSE;
	default: return SUBS_OPT_NONE;
	}
}

void subs_list_hint(struct layout_text *out, int cols)
{
	wrap(out, LAYOUT_DIM, 1,
	     _("Options: 2=Change 4=Cancel 5=Show 7=Skip 8=Pause. Type one next to a line, "
	       "Enter executes (no option: 5). F4 change, F8 cancel."), cols);
}

struct list_cols {
	int opt, id, status, cycle, next, no, amount, products;
};

static void list_cols(struct list_cols *c, int cols)
{
	int rest;

	c->opt = 3;
	c->id = 5;
	c->status = 9;
	c->next = 10;
	c->no = 4;
	c->amount = 9;
	/* 1 leading column and one space after each cell */
	rest = cols - 1 - (c->opt + c->id + c->status + c->next + c->no + c->amount + 8);
	if (rest < 20)
		rest = 20;
	/* the cycle in words first: "every month on the 23rd" */
	c->cycle = rest - 10 > 26 ? 26 : rest - 10;
	c->products = rest - c->cycle;
}

void subs_list_header(struct layout_line *l, int cols)
{
	struct list_cols c;
	struct sbuf sb;

	list_cols(&c, cols);
	sbuf_init(&sb);
	sbuf_addc(&sb, ' ');
	cell(&sb, _("Opt"), c.opt, false);
	cell(&sb, _("ID"), c.id, true);
	cell(&sb, _("Status"), c.status, false);
	cell(&sb, _("Cycle"), c.cycle, false);
	cell(&sb, _("Next"), c.next, false);
	cell(&sb, _("No."), c.no, true);
	cell(&sb, _("Per deliv."), c.amount, true);
	cell(&sb, _("Products"), c.products, false);
	layout_line_reset(l, LAYOUT_HEADING);
	layout_line_add(l, sb.buf, LAYOUT_HEADING);
	sbuf_done(&sb);
}

void subs_list_row(struct layout_line *l, const struct subscription_row *r,
		   enum subs_option opt, bool selected, int cols)
{
	struct list_cols c;
	struct sbuf sb, v;
	char d[DATE_ISO_SIZE], o[8];

	list_cols(&c, cols);
	sbuf_init(&sb);
	sbuf_init(&v);
	sbuf_addc(&sb, selected ? '>' : ' ');
	snprintf(o, sizeof(o), " %c", opt ? (char)opt : '_');
	cell(&sb, o, c.opt, false);
	sbuf_printf(&v, "%lld", r->id);
	cell(&sb, v.buf, c.id, true);
	cell(&sb, subrule_status_label(r->status), c.status, false);
	cell(&sb, r->cycle_words, c.cycle, false);
	cell(&sb, r->status == SUBRULE_CANCELLED ? "-" : iso(r->next_date, d), c.next, false);
	sbuf_reset(&v);
	if (r->status != SUBRULE_CANCELLED)
		sbuf_printf(&v, "%d", r->delivery_count + 1);
	cell(&sb, v.buf, c.no, true);
	sbuf_reset(&v);
	yen(&v, r->amount);
	cell(&sb, v.buf, c.amount, true);
	cell(&sb, r->products, c.products, false);
	layout_line_reset(l, selected ? LAYOUT_BAR : LAYOUT_NORMAL);
	layout_line_add(l, sb.buf, selected ? LAYOUT_BAR : LAYOUT_NORMAL);
	sbuf_done(&sb);
	sbuf_done(&v);
}

/* --- the subscription --- */

void subs_view_hint(struct layout_text *out, int cols)
{
	wrap(out, LAYOUT_DIM, 1,
	     _("S skip  U unskip  P pause  R resume  C change  X cancel  D drop reservation"),
	     cols);
}

#define DAY_COLS 21   /* "2026-12-15 Wednesday" and a space */

/* "   4  2026-12-15 Tuesday     " ('-' for a skipped slot) */
static void slot_start(struct sbuf *out, int number, bool skipped, int32_t date)
{
	struct sbuf day;

	sbuf_init(&day);
	if (skipped)
		sbuf_adds(out, "      -  ");
	else
		sbuf_printf(out, "   %4d  ", number);
	day_text(&day, date);
	width_fit(out, day.buf, DAY_COLS);
	sbuf_done(&day);
}

static void deliveries(struct layout_text *out, const struct subrule_sub *s,
		       const struct subrule_slot *sl, int n)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_printf(&sb, "   %4s  ", _("No."));
	width_fit(&sb, _("Date"), DAY_COLS);
	sbuf_adds(&sb, _("Changeable"));
	layout_text_addf(out, LAYOUT_DIM, "%s", sb.buf);
	/* skips since the last delivery come before the next one */
	for (int i = 0; i < s->nskips; i++) {
		if (s->next_date == SUBRULE_NO_DATE || s->skips[i].date >= s->next_date)
			continue;
		sbuf_reset(&sb);
		slot_start(&sb, 0, true, s->skips[i].date);
		sbuf_printf(&sb, _("skipped (was delivery %d)"), s->skips[i].number);
		layout_text_addf(out, LAYOUT_DIM, "%s", sb.buf);
	}
	for (int i = 0; i < n; i++) {
		struct layout_line *l;
		const char *state = sl[i].skipped ? _("skipped")
			: sl[i].changeable ? _("yes") : _("no: past its cut-off");

		sbuf_reset(&sb);
		slot_start(&sb, sl[i].number, sl[i].skipped, sl[i].date);
		l = layout_text_add(out, sl[i].skipped ? LAYOUT_DIM : LAYOUT_NORMAL);
		layout_line_add(l, sb.buf, l->attr);
		layout_line_add(l, state, sl[i].changeable || sl[i].skipped ? l->attr : LAYOUT_ERROR);
		if (sl[i].date != sl[i].nominal) {
			char nd[DATE_ISO_SIZE];

			sbuf_reset(&sb);
			sbuf_printf(&sb, _(" (due %s, a closed day)"), iso(sl[i].nominal, nd));
			layout_line_add(l, sb.buf, LAYOUT_DIM);
		}
	}
	sbuf_done(&sb);
}

void subs_view_build(struct layout_text *out, const struct subscription_view *v,
		     int cols)
{
	const struct subrule_sub *s = &v->state.sub;
	struct sbuf sb;
	char d[DATE_ISO_SIZE];

	sbuf_init(&sb);
	sbuf_printf(&sb, _("Subscription %lld · version %d · %s %s"), v->state.id,
		    v->state.version, v->customer_code, v->customer_name);
	layout_text_addf(out, LAYOUT_HEADING, " %s", sb.buf);

	sbuf_reset(&sb);
	sbuf_adds(&sb, subrule_status_label(s->status));
	if (s->status == SUBRULE_PAUSED && s->paused_until != SUBRULE_NO_DATE)
		sbuf_printf(&sb, _(" until %s"), iso(s->paused_until, d));
	if (s->status == SUBRULE_CANCELLED)
		sbuf_printf(&sb, _(" on %s (%s)"), iso(v->cancelled_on, d), v->cancel_reason);
	pair(out, _("Status"), sb.buf);

	sbuf_reset(&sb);
	sbuf_printf(&sb, "%s (%s)", v->cycle_words, v->cycle_spec);
	if (v->first_spec[0])
		sbuf_printf(&sb, _(", first interval %s"), v->first_spec);
	pair(out, _("Cycle"), sb.buf);

	sbuf_reset(&sb);
	sbuf_printf(&sb, _("%d made"), s->delivery_count);
	if (s->status != SUBRULE_CANCELLED)
		sbuf_printf(&sb, _("; the next is delivery %d"), s->delivery_count + 1);
	pair(out, _("Deliveries"), sb.buf);

	for (int i = 0; i < s->nlines; i++) {
		sbuf_reset(&sb);
		sbuf_printf(&sb, "%s %s x%d @ ", s->lines[i].sku, s->lines[i].name,
			    s->lines[i].quantity);
		yen(&sb, s->lines[i].unit_price);
		sbuf_printf(&sb, " (%d%%)", s->lines[i].tax_rate);
		pair(out, i ? "" : _("Products"), sb.buf);
	}
	if (s->nlines == 0)
		pair(out, _("Products"), _("none"));

	sbuf_reset(&sb);
	yen(&sb, v->amount.total);
	sbuf_adds(&sb, _(" (goods "));
	yen(&sb, v->amount.goods);
	sbuf_adds(&sb, _(", tax "));
	yen(&sb, v->amount.tax);
	if (v->amount.discount) {
		sbuf_printf(&sb, _(", %d%% discount "), s->discount_percent);
		yen(&sb, -v->amount.discount);
	}
	if (v->amount.shipping) {
		sbuf_adds(&sb, _(", shipping "));
		yen(&sb, v->amount.shipping);
	}
	if (v->amount.cod_fee) {
		sbuf_adds(&sb, _(", COD fee "));
		yen(&sb, v->amount.cod_fee);
	}
	sbuf_addc(&sb, ')');
	pair(out, _("Per delivery"), sb.buf);

	sbuf_reset(&sb);
	sbuf_adds(&sb, subrule_payment_label(s->payment));
	if (s->card_last4[0])
		sbuf_printf(&sb, " (**** %s)", s->card_last4);
	sbuf_printf(&sb, "   %s %s", _("Time slot:"), subrule_time_label(s->time_slot));
	pair(out, _("Payment"), sb.buf);

	sbuf_reset(&sb);
	sbuf_printf(&sb, "〒%s %s%s %s (%s)", v->address.postal, v->address.prefecture,
		    v->address.address1, v->address.address2,
		    v->address.id ? (v->address.label[0] ? v->address.label : v->address.name)
				  : _("the customer's own"));
	pair(out, _("Address"), sb.buf);

	if (v->nnext) {
		layout_text_addf(out, LAYOUT_HEADING, " %s", _("Next deliveries"));
		deliveries(out, s, v->next, v->nnext);
	} else if (s->status != SUBRULE_CANCELLED) {
		layout_text_addf(out, LAYOUT_DIM, " %s", _("No deliveries ahead."));
	}

	if (v->nreservations) {
		layout_text_addf(out, LAYOUT_HEADING, " %s", _("Reservations"));
		for (int i = 0; i < v->nreservations; i++) {
			const struct subscription_reservation *r = &v->reservations[i];
			bool pending = strcmp(r->status, "pending") == 0;

			sbuf_reset(&sb);
			sbuf_printf(&sb, _("#%lld %s from delivery %d (%s): %s, by %s"), r->id,
				    pending ? _("pending") : r->status, r->from_delivery,
				    iso(r->from_date, d), r->summary, r->created_by);
			if (r->note[0])
				sbuf_printf(&sb, " - %s", r->note);
			wrap(out, pending ? LAYOUT_NORMAL : LAYOUT_DIM, 3, sb.buf, cols);
		}
	}

	if (v->nhistory) {
		layout_text_addf(out, LAYOUT_HEADING, " %s", _("Recent history"));
		for (int i = 0; i < v->nhistory; i++) {
			const struct subscription_change *h = &v->history[i];

			sbuf_reset(&sb);
			sbuf_printf(&sb, "%s %-10s %s", h->at, h->actor,
				    h->what[0] ? h->what : h->table);
			if (!h->what[0] && h->changed[0])
				sbuf_printf(&sb, " (%s)", h->changed);
			else if (!h->what[0])
				sbuf_printf(&sb, " %s", h->op);
			if (h->reason[0])
				sbuf_printf(&sb, _(" - reason: %s"), h->reason);
			wrap(out, LAYOUT_NORMAL, 3, sb.buf, cols);
		}
	}
	sbuf_done(&sb);
}

/* --- forms --- */

static const struct {
	const char *name;
	const char *title;
} forms[SUBS_FORM_COUNT] = {
	[SUBS_FORM_SKIP] = { "subscription_skip", N_("Skip a delivery") },
	[SUBS_FORM_UNSKIP] = { "subscription_unskip", N_("Undo a skip") },
	[SUBS_FORM_PAUSE] = { "subscription_pause", N_("Pause") },
	[SUBS_FORM_RESUME] = { "subscription_resume", N_("Resume") },
	[SUBS_FORM_CHANGE] = { "subscription_change", N_("Change the subscription") },
	[SUBS_FORM_CANCEL] = { "subscription_cancel", N_("Cancel: the retention step") },
	[SUBS_FORM_UNRESERVE] = { "subscription_unreserve", N_("Cancel a reservation") },
};

const char *subs_form_name(enum subs_form k)
{
	return (unsigned)k < SUBS_FORM_COUNT ? forms[k].name : "?";
}

const char *subs_form_title(enum subs_form k)
{
	return (unsigned)k < SUBS_FORM_COUNT ? _(forms[k].title) : "?";
}

static void load_named(struct form *f, const char *name, const char *value)
{
	int i = form_index(f, name);

	if (i >= 0)
		form_load(f, i, value);
}

/* "SKU=2, SKU2=1" */
static void products_text(struct sbuf *out, const struct subrule_sub *s)
{
	for (int i = 0; i < s->nlines; i++)
		sbuf_printf(out, "%s%s=%d", i ? ", " : "", s->lines[i].sku, s->lines[i].quantity);
}

static const char *offer_fields[SUBRULE_ALT_COUNT] = {
	[SUBRULE_ALT_SKIP] = "offer_skip",
	[SUBRULE_ALT_PAUSE] = "offer_pause",
	[SUBRULE_ALT_LONGER_CYCLE] = "offer_cycle",
	[SUBRULE_ALT_FEWER_ITEMS] = "offer_fewer",
	[SUBRULE_ALT_DISCOUNT] = "offer_discount",
};

void subs_form_prefill(struct form *f, enum subs_form k,
		       const struct subscription_view *v,
		       const struct subrule_retention *ret,
		       int32_t resume_proposal)
{
	const struct subrule_sub *s = &v->state.sub;
	char d[DATE_ISO_SIZE];
	struct sbuf sb;

	sbuf_init(&sb);
	switch (k) {
	case SUBS_FORM_PAUSE:
		load_named(f, "mode", "until");
		break;
	case SUBS_FORM_RESUME:
		if (resume_proposal != SUBRULE_NO_DATE)
			load_named(f, "date", date_format_iso(resume_proposal, d));
		break;
	case SUBS_FORM_CHANGE:
		load_named(f, "cycle", v->cycle_spec);
		if (s->next_date != SUBRULE_NO_DATE)
			load_named(f, "next_date", date_format_iso(s->next_date, d));
		products_text(&sb, s);
		load_named(f, "products", sb.buf);
		sbuf_reset(&sb);
		if (s->address_id)
			sbuf_printf(&sb, "%lld", s->address_id);
		else
			sbuf_adds(&sb, "own");
		load_named(f, "address", sb.buf);
		load_named(f, "payment", subrule_payment_name(s->payment));
		load_named(f, "time_slot", subrule_time_name(s->time_slot));
		break;
	case SUBS_FORM_CANCEL:
		for (int i = 0; i < SUBRULE_ALT_COUNT; i++)
			load_named(f, offer_fields[i], ret && ret->alts[i].available ? FORM_YES : "");
		break;
	case SUBS_FORM_UNRESERVE:
		for (int i = 0; i < v->nreservations; i++) {
			if (strcmp(v->reservations[i].status, "pending") == 0) {
				sbuf_printf(&sb, "%lld", v->reservations[i].id);
				load_named(f, "reservation", sb.buf);
				break;
			}
		}
		break;
	default:
		break;
	}
	sbuf_done(&sb);
}

enum subs_form subs_form_for(enum subrule_kind kind)
{
	switch (kind) {
	case SUBRULE_SKIP: return SUBS_FORM_SKIP;
	case SUBRULE_PAUSE: return SUBS_FORM_PAUSE;
	case SUBRULE_CHANGE: return SUBS_FORM_CHANGE;
	default: return SUBS_FORM_COUNT;
	}
}

static void set_named(struct form *f, const char *name, const char *value)
{
	int i = form_index(f, name);

	if (i >= 0)
		form_set(f, i, value);
}

static void set_number(struct form *f, const char *name, int n)
{
	char b[16];

	if (n > 0) {
		snprintf(b, sizeof(b), "%d", n);
		set_named(f, name, b);
	}
}

static void set_date(struct form *f, const char *name, int32_t d)
{
	char b[DATE_ISO_SIZE];

	if (d != SUBRULE_NO_DATE)
		set_named(f, name, date_format_iso(d, b));
}

/* "SKU=QTY, ..." of v's lines with q's product changes made. */
static void products_after(struct sbuf *out, const struct subrule_sub *s,
			   const struct subrule_request *q)
{
	int n = 0;

	for (int i = 0; i < s->nlines; i++) {
		int qty = s->lines[i].quantity;

		for (int k = 0; k < q->nline_ops; k++) {
			if (strcmp(q->line_ops[k].sku, s->lines[i].sku) != 0)
				continue;
			if (q->line_ops[k].op == SUBRULE_LINE_REMOVE)
				qty = 0;
			else if (q->line_ops[k].op == SUBRULE_LINE_SET)
				qty = q->line_ops[k].quantity;
		}
		if (qty > 0)
			sbuf_printf(out, "%s%s=%d", n++ ? ", " : "", s->lines[i].sku, qty);
	}
	for (int k = 0; k < q->nline_ops; k++) {
		bool had = false;

		for (int i = 0; i < s->nlines; i++)
			had |= strcmp(q->line_ops[k].sku, s->lines[i].sku) == 0;
		if (!had && q->line_ops[k].op == SUBRULE_LINE_SET && q->line_ops[k].quantity > 0)
			sbuf_printf(out, "%s%s=%d", n++ ? ", " : "", q->line_ops[k].sku,
				    q->line_ops[k].quantity);
	}
}

void subs_form_from_request(struct form *f, enum subs_form k,
			    const struct subscription_view *v,
			    const struct subrule_request *q, const char *reason)
{
	static const char *const modes[] = {
		[SUBRULE_PAUSE_UNTIL] = "until",
		[SUBRULE_PAUSE_DELIVERIES] = "count",
		[SUBRULE_PAUSE_OPEN] = "open",
	};
	char spec[CYCLE_SPEC_SIZE];
	struct sbuf sb;

	sbuf_init(&sb);
	switch (k) {
	case SUBS_FORM_SKIP:
		set_number(f, "delivery", q->delivery);
		set_date(f, "date", q->date);
		break;
	case SUBS_FORM_PAUSE:
		if ((unsigned)q->pause_mode < sizeof(modes) / sizeof(modes[0]))
			set_named(f, "mode", modes[q->pause_mode]);
		set_date(f, "until", q->until);
		set_number(f, "count", q->count);
		set_number(f, "from", q->from_delivery);
		break;
	case SUBS_FORM_CHANGE:
		if (q->change & SUBRULE_CH_CYCLE)
			set_named(f, "cycle", cycle_format(&q->cycle, spec));
		if (q->change & SUBRULE_CH_NEXT_DATE)
			set_date(f, "next_date", q->next_date);
		if (q->change & SUBRULE_CH_LINES) {
			products_after(&sb, &v->state.sub, q);
			set_named(f, "products", sb.buf ? sb.buf : "");
		}
		if (q->change & SUBRULE_CH_TIME)
			set_named(f, "time_slot", subrule_time_name(q->time_slot));
		if (q->change & SUBRULE_CH_DISCOUNT)
			set_named(f, "discount", FORM_YES);
		set_number(f, "from", q->from_delivery);
		break;
	default:
		break;
	}
	if (reason && *reason)
		set_named(f, "reason", reason);
	sbuf_done(&sb);
}

void subs_ask_fix(struct subs_ask *a)
{
	a->req.reason = a->reason;
	a->req.cancel_reason = a->cancel_reason[0] ? a->cancel_reason : NULL;
}

/* Refuses field name of f with msg (which does not repeat the label:
 * the screen shows "Label: msg"). */
static enum rd_status refuse(const struct form *f, const char *name, int *bad,
			     struct rd_error *err, const char *msg)
{
	*bad = form_index(f, name);
	return rd_error_set(err, RD_INVALID, "%s", msg);
}

/* The number in field name, 0 when it is empty. */
static int number(const struct form *f, const char *name)
{
	long long n = 0;

	if (*form_get_named(f, name))
		form_parse_number(form_get_named(f, name), &n, NULL);
	return n > 1000000 ? 1000000 : (int)n;
}

/* The date in field name, SUBRULE_NO_DATE when it is empty. */
static int32_t date_of(const struct form *f, const char *name)
{
	int32_t d = SUBRULE_NO_DATE;

	if (*form_get_named(f, name) &&
	    form_parse_date(form_get_named(f, name), &d, NULL) != RD_OK)
		d = SUBRULE_NO_DATE;
	return d;
}

static bool changed(const struct form *f, const char *name)
{
	int i = form_index(f, name);

	return i >= 0 && form_field_changed(f, i);
}

/* Splits s at commas and spaces; calls fn on each word. */
static enum rd_status each_item(const char *s,
				enum rd_status (*fn)(const char *w, void *arg),
				void *arg)
{
	char word[SUBRULE_SKU_SIZE * 2 + 16];

	while (*s) {
		size_t n;
		enum rd_status st;

		while (*s == ',' || *s == ' ')
			s++;
		n = strcspn(s, ", ");
		if (!n)
			break;
		if (n >= sizeof(word))
			return RD_INVALID;
		memcpy(word, s, n);
		word[n] = '\0';
		if ((st = fn(word, arg)) != RD_OK)
			return st;
		s += n;
	}
	return RD_OK;
}

struct lines_work {
	struct subrule_sub want;     /* lines as typed (sku, quantity) */
	struct subrule_request *q;
	bool swap;
};

static enum rd_status product_item(const char *w, void *arg)
{
	struct lines_work *lw = arg;
	const char *eq = strchr(w, '=');
	struct subrule_line *l;
	char *end;
	long qty;

	if (!eq || eq == w || (size_t)(eq - w) >= SUBRULE_SKU_SIZE)
		return RD_INVALID;
	qty = strtol(eq + 1, &end, 10);
	if (!eq[1] || *end || qty < 0 || qty > 100000)
		return RD_INVALID;
	if (lw->want.nlines >= SUBRULE_MAX_LINES)
		return RD_INVALID;
	l = &lw->want.lines[lw->want.nlines++];
	memset(l, 0, sizeof(*l));
	snprintf(l->sku, sizeof(l->sku), "%.*s", (int)(eq - w), w);
	l->quantity = (int)qty;
	return RD_OK;
}

static struct subrule_line_change *line_op(struct subrule_request *q,
					   enum subrule_line_op op, const char *sku)
{
	struct subrule_line_change *lc;

	if (q->nline_ops >= SUBRULE_MAX_LINE_OPS)
		return NULL;
	lc = &q->line_ops[q->nline_ops++];
	memset(lc, 0, sizeof(*lc));
	lc->op = op;
	snprintf(lc->sku, sizeof(lc->sku), "%s", sku);
	q->change |= SUBRULE_CH_LINES;
	return lc;
}

static enum rd_status swap_item(const char *w, void *arg)
{
	struct lines_work *lw = arg;
	const char *eq = strchr(w, '=');
	struct subrule_line_change *lc;

	if (!eq || eq == w || !eq[1] || (size_t)(eq - w) >= SUBRULE_SKU_SIZE ||
	    strlen(eq + 1) >= SUBRULE_SKU_SIZE)
		return RD_INVALID;
	lc = line_op(lw->q, SUBRULE_LINE_SWAP, "");
	if (!lc)
		return RD_INVALID;
	snprintf(lc->sku, sizeof(lc->sku), "%.*s", (int)(eq - w), w);
	snprintf(lc->product.sku, sizeof(lc->product.sku), "%s", eq + 1);
	return RD_OK;
}

/* The product changes: the typed lines against the stored ones. */
static enum rd_status lines_diff(const struct subrule_sub *s, struct lines_work *lw)
{
	for (int i = 0; i < s->nlines; i++) {
		const struct subrule_line *w = NULL;

		for (int j = 0; j < lw->want.nlines; j++)
			if (strcmp(lw->want.lines[j].sku, s->lines[i].sku) == 0)
				w = &lw->want.lines[j];
		if ((!w || w->quantity == 0) &&
		    !line_op(lw->q, SUBRULE_LINE_REMOVE, s->lines[i].sku))
			return RD_INVALID;
		if (w && w->quantity && w->quantity != s->lines[i].quantity) {
			struct subrule_line_change *lc = line_op(lw->q, SUBRULE_LINE_SET, w->sku);

			if (!lc)
				return RD_INVALID;
			lc->quantity = w->quantity;
		}
	}
	for (int j = 0; j < lw->want.nlines; j++) {
		bool had = false;
		struct subrule_line_change *lc;

		for (int i = 0; i < s->nlines; i++)
			had |= strcmp(lw->want.lines[j].sku, s->lines[i].sku) == 0;
		if (had || lw->want.lines[j].quantity == 0)
			continue;
		lc = line_op(lw->q, SUBRULE_LINE_SET, lw->want.lines[j].sku);
		if (!lc)
			return RD_INVALID;
		lc->quantity = lw->want.lines[j].quantity;
	}
	return RD_OK;
}

static enum rd_status change_from_form(const struct form *f, const struct subscription_view *v,
				       struct subrule_request *q, int *bad,
				       struct rd_error *err)
{
	struct rd_error e;

	if (changed(f, "cycle")) {
		if (cycle_parse(form_get_named(f, "cycle"), &q->cycle, &e) != RD_OK)
			return refuse(f, "cycle", bad, err, e.msg);
		q->change |= SUBRULE_CH_CYCLE;
	}
	if (changed(f, "next_date")) {
		q->next_date = date_of(f, "next_date");
		if (q->next_date == SUBRULE_NO_DATE)
			return refuse(f, "next_date", bad, err, _("give the new date"));
		q->change |= SUBRULE_CH_NEXT_DATE;
	}
	if (changed(f, "products") || *form_get_named(f, "swap")) {
		struct lines_work *lw = xcalloc(1, sizeof(*lw));
		enum rd_status st = RD_OK;

		lw->q = q;
		if (changed(f, "products") &&
		    (each_item(form_get_named(f, "products"), product_item, lw) != RD_OK ||
		     lines_diff(&v->state.sub, lw) != RD_OK))
			st = refuse(f, "products", bad, err,
				    _("write SKU=QUANTITY, comma-separated (quantity 0 removes the line)"));
		if (st == RD_OK && each_item(form_get_named(f, "swap"), swap_item, lw) != RD_OK)
			st = refuse(f, "swap", bad, err, _("write OLD=NEW with product codes, comma-separated"));
		free(lw);
		if (st != RD_OK)
			return st;
	}
	if (changed(f, "address")) {
		const char *a = form_get_named(f, "address");
		long long id = 0;

		if (strcmp(a, "own") != 0 && (form_parse_number(a, &id, NULL) != RD_OK || id <= 0))
			return refuse(f, "address", bad, err,
				      _("own, or the number of one of the customer's delivery addresses"));
		q->address_id = id;
		q->change |= SUBRULE_CH_ADDRESS;
	}
	if (changed(f, "payment") || changed(f, "card_token")) {
		if (subrule_payment_parse(form_get_named(f, "payment"), &q->payment) != 0)
			return refuse(f, "payment", bad, err, _("pick one"));
		snprintf(q->card_token, sizeof(q->card_token), "%s", form_get_named(f, "card_token"));
		snprintf(q->card_last4, sizeof(q->card_last4), "%s", form_get_named(f, "card_last4"));
		if (q->payment != SUBRULE_PAY_CARD && (q->card_token[0] || q->card_last4[0]))
			return refuse(f, "card_token", bad, err,
				      _("a card token and last 4 go with payment by card"));
		q->change |= SUBRULE_CH_PAYMENT;
	}
	if (changed(f, "time_slot")) {
		if (subrule_time_parse(form_get_named(f, "time_slot"), &q->time_slot) != 0)
			return refuse(f, "time_slot", bad, err, _("pick one"));
		q->change |= SUBRULE_CH_TIME;
	}
	if (*form_get_named(f, "discount"))
		q->change |= SUBRULE_CH_DISCOUNT;
	if (!q->change)
		return rd_error_set(err, RD_INVALID, "%s",
				    _("Nothing is changed yet: change a field, then F5 shows the preview"));
	return RD_OK;
}

static const char *const outcome_alts[SUBRULE_ALT_COUNT] = {
	[SUBRULE_ALT_SKIP] = "skip",
	[SUBRULE_ALT_PAUSE] = "pause",
	[SUBRULE_ALT_LONGER_CYCLE] = "cycle",
	[SUBRULE_ALT_FEWER_ITEMS] = "fewer",
	[SUBRULE_ALT_DISCOUNT] = "discount",
};

static enum rd_status cancel_from_form(const struct form *f, const struct subrule_retention *ret,
				       struct subs_ask *a, int *bad, struct rd_error *err)
{
	struct subscription_request *r = &a->req;
	const char *outcome = form_get_named(f, "outcome");

	r->retention = true;
	r->offered = 0;
	for (int i = 0; i < SUBRULE_ALT_COUNT; i++)
		if (*form_get_named(f, offer_fields[i]))
			r->offered |= SUBRULE_ALT_BIT(i);
	if (strcmp(outcome, "cancel") == 0) {
		subrule_request_init(&r->rq, SUBRULE_CANCEL);
		r->rq.override = *form_get_named(f, "override") != '\0';
		r->rq.from_delivery = number(f, "from");
		snprintf(a->cancel_reason, sizeof(a->cancel_reason), "%s",
			 form_get_named(f, "cancel_reason"));
		return RD_OK;
	}
	if (strcmp(outcome, "kept") == 0) {
		subrule_request_init(&r->rq, SUBRULE_KEEP);
		return RD_OK;
	}
	for (int i = 0; i < SUBRULE_ALT_COUNT; i++) {
		if (strcmp(outcome, outcome_alts[i]) != 0)
			continue;
		if (!ret || !ret->alts[i].available)
			return refuse(f, "outcome", bad, err,
				      _("that alternative cannot be offered to this customer"));
		r->rq = ret->alts[i].request;
		r->offered |= SUBRULE_ALT_BIT(i);
		return RD_OK;
	}
	return refuse(f, "outcome", bad, err, _("say what the customer decided"));
}

enum rd_status subs_request_from_form(const struct form *f, enum subs_form k,
				      const struct subscription_view *v,
				      const struct subrule_retention *ret,
				      struct subs_ask *out, int *bad,
				      struct rd_error *err)
{
	static const enum subrule_kind kinds[SUBS_FORM_COUNT] = {
		[SUBS_FORM_SKIP] = SUBRULE_SKIP, [SUBS_FORM_UNSKIP] = SUBRULE_UNSKIP,
		[SUBS_FORM_PAUSE] = SUBRULE_PAUSE, [SUBS_FORM_RESUME] = SUBRULE_RESUME,
		[SUBS_FORM_CHANGE] = SUBRULE_CHANGE, [SUBS_FORM_CANCEL] = SUBRULE_CANCEL,
		[SUBS_FORM_UNRESERVE] = SUBRULE_CHANGE,
	};
	struct subrule_request *q;
	const char *typed = form_get_named(f, "reason");
	int pick = form_index(f, "reason_pick");
	enum rd_status st = RD_OK;

	*bad = -1;
	memset(out, 0, sizeof(*out));
	if ((unsigned)k >= SUBS_FORM_COUNT)
		return rd_error_set(err, RD_INVALID, "%s", _("unknown request"));
	/* as subscription_request_init does (the store is not linked here) */
	out->req.id = v->state.id;
	subrule_request_init(&out->req.rq, kinds[k]);
	out->req.today = SUBSCRIPTION_TODAY;
	out->req.version = v->state.version;
	q = &out->req.rq;

	/* the reason, every time: typed words, else the list's */
	if (*typed)
		snprintf(out->reason, sizeof(out->reason), "%s", typed);
	else if (pick >= 0 && *form_get(f, pick))
		snprintf(out->reason, sizeof(out->reason), "%s",
			 form_choice_label(&f->spec->fields[pick], form_get(f, pick)));

	switch (k) {
	case SUBS_FORM_SKIP:
		q->delivery = number(f, "delivery");
		q->date = date_of(f, "date");
		if (q->delivery && q->date != SUBRULE_NO_DATE)
			st = refuse(f, "date", bad, err,
				    _("give the delivery number or its date, not both"));
		break;
	case SUBS_FORM_UNSKIP:
		q->date = date_of(f, "date");
		break;
	case SUBS_FORM_PAUSE: {
		const char *mode = form_get_named(f, "mode");

		q->from_delivery = number(f, "from");
		if (strcmp(mode, "count") == 0) {
			q->pause_mode = SUBRULE_PAUSE_DELIVERIES;
			q->count = number(f, "count");
			if (q->count <= 0)
				st = refuse(f, "count", bad, err,
					    _("how many deliveries to leave out?"));
		} else if (strcmp(mode, "open") == 0) {
			q->pause_mode = SUBRULE_PAUSE_OPEN;
		} else {
			q->pause_mode = SUBRULE_PAUSE_UNTIL;
			q->until = date_of(f, "until");
			if (q->until == SUBRULE_NO_DATE)
				st = refuse(f, "until", bad, err, _("until which date?"));
		}
		break;
	}
	case SUBS_FORM_RESUME:
		q->resume_date = date_of(f, "date");
		break;
	case SUBS_FORM_CHANGE:
		q->from_delivery = number(f, "from");
		st = change_from_form(f, v, q, bad, err);
		break;
	case SUBS_FORM_CANCEL:
		st = cancel_from_form(f, ret, out, bad, err);
		break;
	case SUBS_FORM_UNRESERVE:
		out->reservation = number(f, "reservation");
		if (out->reservation <= 0)
			st = refuse(f, "reservation", bad, err,
				    _("the number of a pending reservation"));
		break;
	default:
		break;
	}
	/* the reason fields come last on every form: checked last */
	if (st == RD_OK && !out->reason[0])
		st = refuse(f, pick >= 0 ? "reason_pick" : "reason", bad, err,
			    _("pick one from the list or type it: it is kept in the history"));
	subs_ask_fix(out);
	return st;
}

/* --- the preview --- */

void subs_preview_build(struct layout_text *out, const struct subrule_preview *p,
			int cols)
{
	struct sbuf sb;

	sbuf_init(&sb);
	if (p->summary[0])
		wrap(out, LAYOUT_HEADING, 1, p->summary, cols);
	if (p->status != RD_OK) {
		sbuf_printf(&sb, _("Refused (rule %s): %s"), p->rule, p->message);
		wrap(out, LAYOUT_ERROR, 1, sb.buf, cols);
	}
	if (p->reserved) {
		char d[DATE_ISO_SIZE];

		sbuf_reset(&sb);
		sbuf_printf(&sb, _("Reserved: takes effect from delivery %d (%s); nothing changes before."),
			    p->from_delivery, iso(p->from_date, d));
		wrap(out, LAYOUT_NORMAL, 1, sb.buf, cols);
	}
	if (p->naffected) {
		layout_text_addf(out, LAYOUT_HEADING, " %s", _("Deliveries affected"));
		for (int i = 0; i < p->naffected; i++) {
			const struct subrule_affected *a = &p->affected[i];

			sbuf_reset(&sb);
			sbuf_printf(&sb, "   %4d  ", a->number);
			if (a->old_date == SUBRULE_NO_DATE)
				sbuf_adds(&sb, _("(new)"));
			else
				day_text(&sb, a->old_date);
			sbuf_adds(&sb, " → ");
			if (a->new_date == SUBRULE_NO_DATE)
				sbuf_adds(&sb, _("not delivered"));
			else
				day_text(&sb, a->new_date);
			if (a->contents)
				sbuf_adds(&sb, _(" (new contents)"));
			layout_text_addf(out, LAYOUT_NORMAL, "%s", sb.buf);
		}
		if (p->more_affected)
			layout_text_addf(out, LAYOUT_DIM, _("   ... and %d more"), p->more_affected);
	}
	if (p->status == RD_OK) {
		sbuf_reset(&sb);
		if (p->nnext == 0)
			sbuf_adds(&sb, _("none"));
		for (int i = 0; i < p->nnext; i++) {
			sbuf_printf(&sb, _("%s%d on "), i ? ", " : "", p->next[i].number);
			day_text(&sb, p->next[i].date);
		}
		layout_text_pair(out, 1, _("Next deliveries"), 17, sb.buf, LAYOUT_NORMAL);
	}
	sbuf_reset(&sb);
	yen(&sb, p->before_amount.total);
	sbuf_adds(&sb, " → ");
	yen(&sb, p->after_amount.total);
	layout_text_pair(out, 1, _("Per delivery"), 17, sb.buf, LAYOUT_NORMAL);
	if (p->window_end != SUBRULE_NO_DATE) {
		char d[DATE_ISO_SIZE];

		sbuf_reset(&sb);
		sbuf_printf(&sb, _("%d deliveries "), p->window_before);
		yen(&sb, p->window_before_total);
		sbuf_printf(&sb, _(" → %d deliveries "), p->window_after);
		yen(&sb, p->window_after_total);
		sbuf_printf(&sb, _(" (until %s)"), iso(p->window_end, d));
		layout_text_pair(out, 1, _("Price effect"), 17, sb.buf, LAYOUT_NORMAL);
	}
	if (p->fee_applies) {
		sbuf_reset(&sb);
		yen(&sb, p->fee);
		layout_text_pair(out, 1, _("Early-cancel fee"), 17, sb.buf, LAYOUT_ERROR);
	}
	for (int i = 0; i < p->nnotes; i++) {
		sbuf_reset(&sb);
		sbuf_printf(&sb, _("Note: %s"), p->notes[i]);
		wrap(out, LAYOUT_DIM, 1, sb.buf, cols);
	}
	sbuf_done(&sb);
}

void subs_retention_build(struct layout_text *out, const struct subrule_retention *r,
			  int cols)
{
	struct sbuf sb;

	sbuf_init(&sb);
	layout_text_addf(out, LAYOUT_HEADING, " %s", _("The customer's commitment"));
	sbuf_printf(&sb, _("%d deliveries made"), r->deliveries_made);
	if (r->deliveries_owed > 0) {
		sbuf_printf(&sb, _(", %d still owed: early-cancel fee "), r->deliveries_owed);
		yen(&sb, r->fee);
	} else {
		sbuf_adds(&sb, _(", none owed: no fee"));
	}
	wrap(out, r->deliveries_owed > 0 ? LAYOUT_ERROR : LAYOUT_NORMAL, 3, sb.buf, cols);
	sbuf_reset(&sb);
	sbuf_adds(&sb, _("Subscription discount lost: "));
	yen(&sb, r->discount_lost);
	sbuf_adds(&sb, _(" per delivery"));
	if (r->count_restarts)
		sbuf_adds(&sb, _("; the delivery count starts again at 1 if they come back"));
	wrap(out, LAYOUT_NORMAL, 3, sb.buf, cols);
	layout_text_addf(out, LAYOUT_HEADING, " %s", _("Alternatives to offer"));
	for (int i = 0; i < SUBRULE_ALT_COUNT; i++) {
		sbuf_reset(&sb);
		sbuf_printf(&sb, "%-9s %s", subrule_alt_name((enum subrule_alt)i),
			    r->alts[i].available ? r->alts[i].text : _("(not available)"));
		if (!r->alts[i].available && r->alts[i].text[0])
			sbuf_printf(&sb, ": %s", r->alts[i].text);
		wrap(out, r->alts[i].available ? LAYOUT_NORMAL : LAYOUT_DIM, 3, sb.buf, cols);
	}
	sbuf_done(&sb);
}

void subs_unreserve_build(struct layout_text *out, const struct subscription_reservation *r,
			  int cols)
{
	struct sbuf sb;
	char d[DATE_ISO_SIZE];

	sbuf_init(&sb);
	sbuf_printf(&sb, _("Cancel reservation #%lld: %s"), r->id, r->summary);
	wrap(out, LAYOUT_HEADING, 1, sb.buf, cols);
	sbuf_reset(&sb);
	sbuf_printf(&sb, _("It was to take effect from delivery %d (%s); made by %s on %s. "
			   "The subscription stays as it is now."),
		    r->from_delivery, iso(r->from_date, d), r->created_by, r->created_at);
	wrap(out, LAYOUT_NORMAL, 1, sb.buf, cols);
	sbuf_done(&sb);
}

void subs_conflict_build(struct layout_text *out, const char *message,
			 const struct subscription_view *now, int cols)
{
	struct sbuf sb;
	char d[DATE_ISO_SIZE];

	sbuf_init(&sb);
	wrap(out, LAYOUT_ERROR, 1,
	     _("Someone else changed this subscription after you read it: nothing of yours is saved."),
	     cols);
	if (message && *message)
		wrap(out, LAYOUT_DIM, 1, message, cols);
	sbuf_printf(&sb, _("Now: version %d, %s, %s, %d deliveries made, next %s"),
		    now->state.version, subrule_status_label(now->state.sub.status),
		    now->cycle_words, now->state.sub.delivery_count,
		    now->nnext ? iso(now->next[0].date, d) : "-");
	wrap(out, LAYOUT_NORMAL, 1, sb.buf, cols);
	if (now->last_change[0]) {
		sbuf_reset(&sb);
		sbuf_printf(&sb, _("Last change: %s"), now->last_change);
		wrap(out, LAYOUT_NORMAL, 1, sb.buf, cols);
	}
	wrap(out, LAYOUT_NORMAL, 1,
	     _("F5 shows the preview of your request on the subscription as it is now; "
	       "F4 changes your request; Esc leaves it."), cols);
	sbuf_done(&sb);
}

void subs_result_text(struct sbuf *out, const struct subscription_result *r)
{
	sbuf_printf(out, r->replayed ? _("Already done by this request: %s (version %d)")
				     : _("Done: %s (version %d)"),
		    r->summary, r->version);
	if (r->reservation_id)
		sbuf_printf(out, _("; reservation #%lld pending"), r->reservation_id);
	if (r->offer_id)
		sbuf_printf(out, _("; retention offer #%lld recorded"), r->offer_id);
	if (r->fee) {
		sbuf_adds(out, _("; early-cancel fee "));
		yen(out, r->fee);
	}
	sbuf_addc(out, '.');
}
