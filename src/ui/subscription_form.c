/* subscription_form.c: the request forms of the subscription screens
 * (forms/subscription_*.form) read into requests, and filled in from the
 * subscription or a request (subscription_form.h). */
#include "subscription_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"

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
	r->abandoned = false;
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
	if (strcmp(outcome, "kept") == 0 || strcmp(outcome, "undecided") == 0) {
		subrule_request_init(&r->rq, SUBRULE_KEEP);
		/* heard the offers and left it: recorded as not cancelled */
		r->abandoned = strcmp(outcome, "undecided") == 0;
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

bool subs_form_pick_reason(struct form *f, uint32_t cp)
{
	int i = form_index(f, "reason_pick");
	const struct formspec_field *fs;
	int n;

	/* full-width digits too: typed with the input method on */
	if (cp >= 0xFF11 && cp <= 0xFF19)
		cp = cp - 0xFF11 + '1';
	if (i < 0 || (int)f->focus != i || cp < '1' || cp > '9')
		return false;
	fs = &f->spec->fields[i];
	n = (int)(cp - '1');
	if (n >= fs->nchoices)
		return false;
	form_set(f, i, fs->choices[n].value);
	return true;
}

void subs_form_reason_numbers(struct sbuf *out, const struct form *f)
{
	int i = form_index(f, "reason_pick");
	const struct formspec_field *fs;

	if (i < 0)
		return;
	fs = &f->spec->fields[i];
	for (int k = 0; k < fs->nchoices && k < 9; k++)
		sbuf_printf(out, "%s%d %s", k ? "  " : "", k + 1, _(fs->choices[k].label));
}
