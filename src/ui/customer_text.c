/* customer_text.c: the lookup list, the card and the conflict view as text
 * (customer_text.h). Pure. */
#include "customer_text.h"

#include "form.h"
#include "inquiry_text.h"
#include "order_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/money.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/width.h"

#define DASH "\xE2\x80\x94"     /* — */
#define ARROW "\xE2\x86\x92"    /* → */
#define MIDDOT "\xC2\xB7"       /* · */
#define INDENT 1

/* --- the result list --- */

void lookup_columns_compute(struct lookup_columns *c, int cols)
{
	/* they give way by priority (the reading first, then the prefecture
	 * and the name shrink); the LTV, an amount, is never cut */
	enum { CODE, NAME, KANA, PHONE, PREF, SUBS, LAST, LTV, N };
	struct layout_col col[N] = {
		[CODE] = { .want = 8, .min = 8, .priority = 9, .keep = true },
		[NAME] = { .want = 12, .min = 6, .priority = 5, .fill = true },
		[KANA] = { .want = 12, .min = 6, .priority = 2, .fill = true },
		[PHONE] = { .want = 13, .min = 13, .priority = 8, .keep = true },
		[PREF] = { .want = 8, .min = 6, .priority = 3 },
		[SUBS] = { .want = 4, .min = 4, .priority = 4 },
		[LAST] = { .want = 10, .min = 10, .priority = 6 },
		[LTV] = { .want = LAYOUT_AMOUNT_COLS, .min = LAYOUT_AMOUNT_COLS,
			  .priority = 10, .right = true, .keep = true },
	};

	/* the marker, then a space between each of the 8 */
	layout_cols_fit(col, N, cols - 1, 1);
	c->code = col[CODE].width;
	c->name = col[NAME].width;
	c->kana = col[KANA].width;
	c->phone = col[PHONE].width;
	c->pref = col[PREF].width;
	c->subs = col[SUBS].width;
	c->last = col[LAST].width;
	c->ltv = col[LTV].width;
}

static void cell(struct sbuf *sb, const char *s, int cols, bool right)
{
	if (right)
		width_fit_right(sb, s, cols);
	else
		width_fit_ellipsis(sb, s, cols);
}

void lookup_header(struct layout_line *l, const struct lookup_columns *c)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_addc(&sb, ' ');
	cell(&sb, _("Code"), c->code, false);
	sbuf_addc(&sb, ' ');
	cell(&sb, _("Name"), c->name, false);
	sbuf_addc(&sb, ' ');
	cell(&sb, _("Reading"), c->kana, false);
	sbuf_addc(&sb, ' ');
	cell(&sb, _("Phone"), c->phone, false);
	sbuf_addc(&sb, ' ');
	cell(&sb, _("Pref."), c->pref, false);
	sbuf_addc(&sb, ' ');
	/* TRANSLATORS: column of active subscriptions, 4 columns wide. */
	cell(&sb, _("Subs"), c->subs, true);
	sbuf_addc(&sb, ' ');
	cell(&sb, _("Last order"), c->last, false);
	sbuf_addc(&sb, ' ');
	cell(&sb, _("LTV"), c->ltv, true);
	layout_line_add(l, sb.buf, LAYOUT_HEADING);
	sbuf_done(&sb);
}

void lookup_row(struct layout_line *l, const struct lookup_columns *c,
		const struct customer_row *r, bool selected)
{
	enum layout_attr attr = selected ? LAYOUT_BAR : LAYOUT_NORMAL;
	struct sbuf sb, tmp;
	char date[DATE_LONG_SIZE];

	sbuf_init(&sb);
	sbuf_init(&tmp);
	sbuf_addc(&sb, selected ? '>' : ' ');
	cell(&sb, r->code, c->code, false);
	sbuf_addc(&sb, ' ');
	cell(&sb, r->name, c->name, false);
	sbuf_addc(&sb, ' ');
	cell(&sb, r->kana, c->kana, false);
	sbuf_addc(&sb, ' ');
	normalize_phone_format(&tmp, r->phone);
	cell(&sb, tmp.buf, c->phone, false);
	sbuf_addc(&sb, ' ');
	cell(&sb, r->prefecture, c->pref, false);
	sbuf_addc(&sb, ' ');
	sbuf_reset(&tmp);
	sbuf_printf(&tmp, "%d", r->active_subscriptions);
	cell(&sb, tmp.buf, c->subs, true);
	sbuf_addc(&sb, ' ');
	cell(&sb, r->last_order_date == CUSTOMER_NO_DATE ? ""
		  : date_format_list(r->last_order_date, date), c->last, false);
	sbuf_addc(&sb, ' ');
	sbuf_reset(&tmp);
	money_format(&tmp, r->ltv, MONEY_YEN_SIGN);
	cell(&sb, tmp.buf, c->ltv, true);
	layout_line_reset(l, attr);
	layout_line_add(l, sb.buf, attr);
	sbuf_done(&sb);
	sbuf_done(&tmp);
}

void lookup_count_text(struct sbuf *out, long long n, bool estimated)
{
	struct sbuf num;
	unsigned long plural = n > 1000000 ? 1000000 + (unsigned long)(n % 1000000)
					   : (unsigned long)(n < 0 ? 0 : n);

	if (n <= 0) {
		sbuf_adds(out, _("No customer found"));
		return;
	}
	sbuf_init(&num);
	money_format(&num, n, MONEY_PLAIN);
	if (estimated)
		/* TRANSLATORS: %s is a rounded count such as 120,000. */
		sbuf_printf(out, dngettext(RD_TEXTDOMAIN, "about %s customer",
					   "about %s customers", plural), num.buf);
	else
		sbuf_printf(out, dngettext(RD_TEXTDOMAIN, "%s customer",
					   "%s customers", plural), num.buf);
	sbuf_done(&num);
}

void lookup_count_more_text(struct sbuf *out, long long n)
{
	struct sbuf num;

	sbuf_init(&num);
	money_format(&num, n, MONEY_PLAIN);
	/* TRANSLATORS: %s is the lookup's count limit, such as 1,000: the
	 * search matches more customers than that. */
	sbuf_printf(out, _("more than %s customers"), num.buf);
	sbuf_done(&num);
}

void lookup_guess_text(struct sbuf *out, const struct customer_guess *g)
{
	struct sbuf v;

	sbuf_init(&v);
	switch (g->kind) {
	case CUSTOMER_KIND_PHONE:
		normalize_phone_format(&v, g->key);
		sbuf_printf(out, _("phone number %s"), v.buf);
		break;
	case CUSTOMER_KIND_PHONE_FRAGMENT:
		sbuf_printf(out, _("phone number ending in %s"), g->key);
		break;
	case CUSTOMER_KIND_POSTAL_OR_PHONE:
		normalize_postal_format(&v, g->key);
		sbuf_printf(out, _("postal code %s, or a phone number ending in %s"),
			    v.buf, g->key);
		break;
	case CUSTOMER_KIND_POSTAL:
		normalize_postal_format(&v, g->key);
		sbuf_printf(out, _("postal code %s"), v.buf);
		break;
	case CUSTOMER_KIND_CODE:
		sbuf_printf(out, _("customer code %s"), g->key);
		break;
	case CUSTOMER_KIND_ORDER:
		sbuf_printf(out, _("order number %s"), g->key);
		break;
	case CUSTOMER_KIND_EMAIL:
		sbuf_printf(out, _("e-mail %s"), g->key);
		break;
	case CUSTOMER_KIND_KANA:
		sbuf_printf(out, _("reading %s"), g->key);
		break;
	case CUSTOMER_KIND_NAME:
	default:
		sbuf_printf(out, _("name %s"), g->key);
		break;
	}
	sbuf_done(&v);
}

/* --- values --- */

static bool is_column(const char *column, const char *name)
{
	return column && strcmp(column, name) == 0;
}

void customer_value_text(struct sbuf *out, const char *column,
			 const char *value, bool is_null)
{
	if (is_null || !value || !*value) {
		sbuf_adds(out, DASH);
		return;
	}
	if (is_column(column, "phone1") || is_column(column, "phone2")) {
		normalize_phone_format(out, value);
	} else if (is_column(column, "postal_code")) {
		normalize_postal_format(out, value);
	} else if (is_column(column, "no_dm") || is_column(column, "no_call") ||
		   is_column(column, "no_email")) {
		bool yes = strcmp(value, "true") == 0 || strcmp(value, "t") == 0 ||
			   strcmp(value, FORM_YES) == 0;

		sbuf_adds(out, yes ? _("yes") : _("no"));
	} else if (is_column(column, "gender")) {
		if (strcmp(value, "f") == 0)
			sbuf_adds(out, _("female"));
		else if (strcmp(value, "m") == 0)
			sbuf_adds(out, _("male"));
		else if (strcmp(value, "x") == 0)
			sbuf_adds(out, _("other"));
		else
			sbuf_adds(out, value);
	} else {
		sbuf_adds(out, value);
	}
}

void customer_context_text(struct sbuf *out, const struct customer *c)
{
	sbuf_printf(out, "%s %s", c->code, c->name);
}

const char *customer_column_label(const struct formspec *form,
				  const char *column)
{
	int i = form ? formspec_find(form, column) : -1;

	return i >= 0 ? _(form->fields[i].label) : column;
}

/* --- the card --- */

int card_age(int32_t birth, int32_t today)
{
	int by, bm, bd, ty, tm, td, age;

	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(today, &ty, &tm, &td);
	age = ty - by;
	if (tm < bm || (tm == bm && td < bd))
		age--;
	return age < 0 ? 0 : age;
}

static int label_cols(void)
{
	const char *labels[] = { _("Phone"), _("E-mail"), _("Address"),
				 _("Born"), _("Contact"), _("Figures"),
				 _("Notes") };
	int w = 0;

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (width_str(labels[i]) > w)
			w = width_str(labels[i]);
	return w + 2;
}

static void heading(struct layout_text *out, const char *text)
{
	layout_text_add(out, LAYOUT_NORMAL);
	layout_text_addf(out, LAYOUT_HEADING, "%*s%s", INDENT, "", text);
}

static void date_or_dash(struct sbuf *sb, int32_t d)
{
	char buf[DATE_LONG_SIZE];

	sbuf_adds(sb, d == CUSTOMER_NO_DATE ? DASH : date_format_long(d, buf));
}


/* label, then value wrapped to cols under the value column (max_lines at
 * most). */
static void pair_wrapped(struct layout_text *out, const char *label, int lc,
			 const char *value, int cols, size_t max_lines)
{
	struct layout_text wrapped;
	struct layout_line *l = layout_text_pair(out, INDENT, label, lc, "", LAYOUT_NORMAL);

	layout_text_init(&wrapped);
	layout_text_wrap(&wrapped, LAYOUT_NORMAL, 0, value,
			 cols - INDENT - lc > 10 ? cols - INDENT - lc : 10);
	for (size_t i = 0; i < wrapped.n && i < max_lines; i++) {
		if (i) {
			l = layout_text_add(out, LAYOUT_NORMAL);
			layout_line_pad(l, INDENT + lc);
		}
		layout_line_add(l, wrapped.lines[i].text.buf, LAYOUT_NORMAL);
	}
	layout_text_done(&wrapped);
}

static void profile(struct layout_text *out, const struct card_data *d,
		    int cols)
{
	const struct customer *c = d->c;
	int lc = label_cols();
	struct sbuf sb;
	struct layout_line *l;

	sbuf_init(&sb);
	l = layout_text_add(out, LAYOUT_NORMAL);
	layout_line_pad(l, INDENT);
	layout_line_add(l, c->code, LAYOUT_HEADING);
	layout_line_pad(l, 2);
	layout_line_add(l, c->name, LAYOUT_HEADING);
	if (c->kana[0]) {
		layout_line_pad(l, 2);
		layout_line_add(l, c->kana, LAYOUT_NORMAL);
	}
	sbuf_printf(&sb, _("version %d"), c->version);
	if (layout_line_width(l) + 2 + width_str(sb.buf) <= cols) {
		layout_line_pad(l, cols - layout_line_width(l) - width_str(sb.buf));
		layout_line_add(l, sb.buf, LAYOUT_DIM);
	}

	sbuf_reset(&sb);
	customer_value_text(&sb, "phone1", c->phone1, false);
	if (c->phone2[0]) {
		sbuf_printf(&sb, "  %s  ", MIDDOT);
		customer_value_text(&sb, "phone2", c->phone2, false);
	}
	layout_text_pair(out, INDENT, _("Phone"), lc, sb.buf, LAYOUT_NORMAL);

	sbuf_reset(&sb);
	customer_value_text(&sb, "email", c->email, false);
	layout_text_pair(out, INDENT, _("E-mail"), lc, sb.buf, LAYOUT_NORMAL);

	sbuf_reset(&sb);
	if (c->postal[0]) {
		sbuf_adds(&sb, "\xE3\x80\x92"); /* 〒 */
		normalize_postal_format(&sb, c->postal);
		sbuf_addc(&sb, ' ');
	}
	sbuf_printf(&sb, "%s%s", c->prefecture, c->address1);
	if (c->address2[0])
		sbuf_printf(&sb, " %s", c->address2);
	if (!c->postal[0] && !c->prefecture[0] && !c->address1[0] && !c->address2[0])
		sbuf_adds(&sb, DASH);
	layout_text_pair(out, INDENT, _("Address"), lc, sb.buf, LAYOUT_NORMAL);

	sbuf_reset(&sb);
	if (c->birth_date != CUSTOMER_NO_DATE) {
		char buf[DATE_LONG_SIZE];

		/* TRANSLATORS: birth date and age: "1961/10/09(月) (age 65)". */
		sbuf_printf(&sb, _("%s (age %d)"), date_format_long(c->birth_date, buf),
			    card_age(c->birth_date, d->today));
	} else {
		sbuf_adds(&sb, DASH);
	}
	if (c->gender) {
		char g[2] = { c->gender, '\0' };

		sbuf_printf(&sb, "  %s  ", MIDDOT);
		customer_value_text(&sb, "gender", g, false);
	}
	layout_text_pair(out, INDENT, _("Born"), lc, sb.buf, LAYOUT_NORMAL);

	/* contact preferences: what the customer refuses stands out */
	l = layout_text_add(out, LAYOUT_NORMAL);
	layout_line_pad(l, INDENT);
	layout_line_pad(l, lc - layout_line_add(l, _("Contact"), LAYOUT_DIM));
	{
		const struct {
			bool refused;
			const char *no, *ok;
		} prefs[] = {
			{ c->no_dm, N_("NO DIRECT MAIL"), N_("direct mail ok") },
			{ c->no_call, N_("NO SALES CALLS"), N_("sales calls ok") },
			{ c->no_email, N_("NO MAIL MAGAZINE"), N_("mail magazine ok") },
		};

		for (size_t i = 0; i < sizeof(prefs) / sizeof(prefs[0]); i++) {
			if (i)
				layout_line_add(l, "  " MIDDOT "  ", LAYOUT_NORMAL);
			if (prefs[i].refused)
				layout_line_add(l, _(prefs[i].no), LAYOUT_ERROR);
			else
				layout_line_add(l, _(prefs[i].ok), LAYOUT_NORMAL);
		}
	}

	sbuf_reset(&sb);
	sbuf_adds(&sb, _("LTV "));
	money_format(&sb, c->ltv, MONEY_YEN_SIGN);
	sbuf_printf(&sb, "  %s  ", MIDDOT);
	sbuf_printf(&sb, dngettext(RD_TEXTDOMAIN, "%d order", "%d orders",
				   (unsigned long)(c->order_count < 0 ? 0 : c->order_count)),
		    c->order_count);
	if (c->order_count > 0) {
		sbuf_printf(&sb, "  %s  %s ", MIDDOT, _("first"));
		date_or_dash(&sb, c->first_order_date);
		sbuf_printf(&sb, "  %s  %s ", MIDDOT, _("last"));
		date_or_dash(&sb, c->last_order_date);
	}
	if (c->rfm_r || c->rfm_f || c->rfm_m)
		sbuf_printf(&sb, "  %s  RFM %d-%d-%d", MIDDOT, c->rfm_r, c->rfm_f, c->rfm_m);
	/* the figures wrap under their label rather than lose the last
	 * order's date at 80 columns */
	pair_wrapped(out, _("Figures"), lc, sb.buf, cols, 2);

	if (c->notes[0]) {
		/* line breaks in the notes become spaces: three lines at most */
		sbuf_reset(&sb);
		for (const char *p = c->notes; *p; p++)
			sbuf_addc(&sb, *p == '\n' ? ' ' : *p);
		pair_wrapped(out, _("Notes"), lc, sb.buf, cols, 3);
	}
	sbuf_done(&sb);
}

/* A subscription's status in words (orders: order_status_word, inquiries:
 * inquiry_status_label; "cancelled" is a different word for each). */
static const char *status_word(const char *status)
{
	static const struct {
		const char *key, *text;
	} words[] = {
		{ "active", N_("active") }, { "paused", N_("paused") },
		{ "cancelled", NC_("subscription status", "cancelled") },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(status, words[i].key) == 0)
			return _(words[i].text);
	return status;
}

static void sub_line_rest(struct layout_line *l, const struct customer_subscription *s,
			  int cols);

static void subscriptions(struct layout_text *out, const struct card_data *d,
			  int cols)
{
	struct sbuf sb;

	heading(out, _("Subscriptions (active and paused)"));
	if (!d->nsubs) {
		layout_text_addf(out, LAYOUT_DIM, "%*s%s", INDENT + 2, "", _("none"));
		return;
	}
	sbuf_init(&sb);
	for (int i = 0; i < d->nsubs; i++) {
		const struct customer_subscription *s = &d->subs[i];
		struct layout_line *l = layout_text_add(out, LAYOUT_NORMAL);
		char date[DATE_LONG_SIZE];

		layout_line_pad(l, INDENT + 2);
		sbuf_reset(&sb);
		sbuf_adds(&sb, status_word(s->status));
		if (strcmp(s->status, "paused") == 0 && s->paused_until != CUSTOMER_NO_DATE)
			sbuf_printf(&sb, _(" until %s"), date_format_long(s->paused_until, date));
		layout_line_add(l, sb.buf, strcmp(s->status, "paused") == 0 ? LAYOUT_ERROR
									: LAYOUT_OK);
		layout_line_pad(l, 2);
		sub_line_rest(l, s, cols - layout_line_width(l));
		if (s->products[0]) {
			l = layout_text_add(out, LAYOUT_NORMAL);
			layout_line_pad(l, INDENT + 4);
			layout_line_add(l, s->products, LAYOUT_DIM);
		}
		layout_line_clip(l, cols);
	}
	sbuf_done(&sb);
}

/* The rest of a subscription's line on the card: the cycle in words, the
 * next date, the deliveries made and the amount. At 80 columns they give
 * way by priority (the cycle in words shrinks, the count goes); the
 * amount is never cut. */
static void sub_line_rest(struct layout_line *l, const struct customer_subscription *s,
			  int cols)
{
	enum { CYCLE, NEXT, COUNT, AMOUNT, N };
	struct layout_col c[N];
	struct sbuf t[N], row;
	const char *texts[N];
	struct cycle cy;
	char date[DATE_LONG_SIZE];

	for (int i = 0; i < N; i++)
		sbuf_init(&t[i]);
	if (cycle_parse(s->cycle, &cy, NULL) == RD_OK)
		cycle_describe(&cy, &t[CYCLE]);
	else
		sbuf_adds(&t[CYCLE], s->cycle);
	if (s->next_date != CUSTOMER_NO_DATE)
		sbuf_printf(&t[NEXT], "%s  %s %s", MIDDOT, _("next"),
			    date_format_long(s->next_date, date));
	sbuf_printf(&t[COUNT], "%s  ", MIDDOT);
	sbuf_printf(&t[COUNT], _("%d delivered"), s->delivery_count);
	sbuf_printf(&t[AMOUNT], "%s  ", MIDDOT);
	/* what the customer pays for the next delivery, tax included: the
	 * figure of the subscription screens and the order */
	money_format(&t[AMOUNT], s->amount_tax_included, MONEY_YEN_SIGN);
	memset(c, 0, sizeof(c));
	for (int i = 0; i < N; i++) {
		texts[i] = t[i].buf;
		c[i].want = c[i].min = width_str(t[i].buf);
	}
	c[CYCLE].min = 8;
	c[CYCLE].priority = 1;
	c[COUNT].priority = 2;
	c[NEXT].priority = 3;
	c[AMOUNT].priority = 9;
	c[AMOUNT].keep = true;
	c[AMOUNT].min = c[AMOUNT].want;
	layout_cols_fit(c, N, cols, 2);
	sbuf_init(&row);
	layout_cols_row(&row, c, N, texts, 2);
	layout_line_add(l, row.buf, LAYOUT_NORMAL);
	sbuf_done(&row);
	for (int i = 0; i < N; i++)
		sbuf_done(&t[i]);
}

static void orders(struct layout_text *out, const struct card_data *d)
{
	struct sbuf sb;

	heading(out, _("Last orders"));
	if (!d->norders) {
		layout_text_addf(out, LAYOUT_DIM, "%*s%s", INDENT + 2, "", _("none"));
		return;
	}
	sbuf_init(&sb);
	for (int i = 0; i < d->norders; i++) {
		const struct customer_order *o = &d->orders[i];
		char date[DATE_LONG_SIZE];

		sbuf_reset(&sb);
		sbuf_printf(&sb, "%*s", INDENT + 2, "");
		width_fit(&sb, o->order_no, 10);
		sbuf_printf(&sb, " %s ", o->order_date == CUSTOMER_NO_DATE ? "          "
					: date_format_long(o->order_date, date));
		width_fit(&sb, order_status_word(o->status), 10);
		sbuf_addc(&sb, ' ');
		{
			struct sbuf m;

			sbuf_init(&m);
			money_format(&m, o->total, MONEY_YEN_SIGN);
			width_fit_right(&sb, m.buf, LAYOUT_AMOUNT_COLS);
			sbuf_done(&m);
		}
		if (o->delivery_no > 0) {
			sbuf_adds(&sb, "  ");
			/* TRANSLATORS: the n-th delivery of a subscription. */
			sbuf_printf(&sb, _("delivery %d"), o->delivery_no);
		}
		if (o->media[0])
			sbuf_printf(&sb, "  %s %s", _("media"), o->media);
		layout_text_add(out, LAYOUT_NORMAL);
		layout_line_add(&out->lines[out->n - 1], sb.buf, LAYOUT_NORMAL);
	}
	sbuf_done(&sb);
}

static void inquiries(struct layout_text *out, const struct card_data *d)
{
	struct sbuf sb;

	heading(out, _("Open inquiries"));
	if (!d->ninquiries) {
		layout_text_addf(out, LAYOUT_DIM, "%*s%s", INDENT + 2, "", _("none"));
		return;
	}
	sbuf_init(&sb);
	for (int i = 0; i < d->ninquiries; i++) {
		const struct customer_inquiry *q = &d->inquiries[i];
		char at[DATE_STAMP_SIZE];

		sbuf_reset(&sb);
		/* "2026-11-20T10:00:00+09" as 11/20(金) 10:00 */
		sbuf_printf(&sb, "%*s%s  ", INDENT + 2, "", date_format_stamp(q->opened_at, DATE_LIST, at));
		sbuf_printf(&sb, "%s  %s  %s  ", inquiry_status_label(q->status),
			    inquiry_priority_label(q->priority), inquiry_category_label(q->category));
		sbuf_adds(&sb, q->assignee[0] ? q->assignee : _("unassigned"));
		sbuf_printf(&sb, "  %s", q->subject);
		layout_text_add(out, LAYOUT_NORMAL);
		layout_line_add(&out->lines[out->n - 1], sb.buf, LAYOUT_NORMAL);
	}
	sbuf_done(&sb);
}

static const char *op_words(const char *table, const char *op)
{
	bool customers = strcmp(table, "customers") == 0;

	if (strcmp(op, "INSERT") == 0)
		return customers ? _("registered the customer") : _("added");
	if (strcmp(op, "DELETE") == 0)
		return _("removed");
	return customers ? _("changed the customer") : _("changed");
}

static void changes(struct layout_text *out, const struct card_data *d,
		    int cols)
{
	struct sbuf sb;

	heading(out, _("Latest changes"));
	if (!d->nchanges) {
		layout_text_addf(out, LAYOUT_DIM, "%*s%s", INDENT + 2, "", _("none"));
		return;
	}
	sbuf_init(&sb);
	for (int i = 0; i < d->nchanges; i++) {
		const struct customer_view_change *h = &d->changes[i];
		bool first = i == 0 || d->changes[i - 1].id != h->id;
		struct layout_line *l;
		char at[DATE_STAMP_SIZE];

		if (first) {
			l = layout_text_add(out, LAYOUT_NORMAL);
			layout_line_pad(l, INDENT + 2);
			layout_line_add(l, date_format_stamp(h->at, DATE_LIST, at), LAYOUT_DIM);
			layout_line_pad(l, 2);
			sbuf_reset(&sb);
			if (h->actor_name[0])
				sbuf_printf(&sb, "%s (%s)", h->actor_name, h->actor);
			else
				sbuf_adds(&sb, h->actor);
			layout_line_add(l, sb.buf, LAYOUT_HEADING);
			layout_line_pad(l, 2);
			sbuf_reset(&sb);
			/* in words: never a table or column name */
			if (strcmp(h->table, "customers") != 0 && h->summary[0])
				sbuf_adds(&sb, h->summary);
			else
				sbuf_adds(&sb, op_words(h->table, h->op));
			if (strcmp(h->table, "customers") != 0 &&
			    strcmp(h->op, "UPDATE") == 0 && h->changed[0])
				sbuf_printf(&sb, ": %s", h->changed);
			if (h->reason[0])
				sbuf_printf(&sb, " %s %s", DASH, h->reason);
			layout_line_add(l, sb.buf, LAYOUT_NORMAL);
			layout_line_clip(l, cols);
		}
		if (!h->column[0])
			continue;
		l = layout_text_add(out, LAYOUT_NORMAL);
		layout_line_pad(l, INDENT + 6);
		sbuf_reset(&sb);
		sbuf_printf(&sb, "%s: ", customer_column_label(d->form, h->column));
		layout_line_add(l, sb.buf, LAYOUT_DIM);
		sbuf_reset(&sb);
		customer_value_text(&sb, h->column, h->old_value, h->old_null);
		sbuf_printf(&sb, " %s ", ARROW);
		customer_value_text(&sb, h->column, h->new_value, h->new_null);
		layout_line_add(l, sb.buf, LAYOUT_NORMAL);
	}
	sbuf_done(&sb);
}

int card_next_delivery(const struct customer_subscription *subs, int n)
{
	int best = -1;

	for (int i = 0; i < n; i++) {
		if (strcmp(subs[i].status, "active") != 0 || subs[i].next_date == CUSTOMER_NO_DATE)
			continue;
		if (best < 0 || subs[i].next_date < subs[best].next_date)
			best = i;
	}
	return best;
}

/* The delivery a caller most often calls about, on top of the card, with
 * the key that skips it. */
static void next_delivery(struct layout_text *out, const struct card_data *d, int cols)
{
	int i = card_next_delivery(d->subs, d->nsubs);
	int active = 0;
	const struct customer_subscription *s;
	struct layout_line *l;
	char date[DATE_LONG_SIZE];
	struct sbuf sb;

	if (i < 0)
		return;
	s = &d->subs[i];
	for (int k = 0; k < d->nsubs; k++)
		active += strcmp(d->subs[k].status, "active") == 0 &&
			  d->subs[k].next_date != CUSTOMER_NO_DATE;
	sbuf_init(&sb);
	l = layout_text_add(out, LAYOUT_NORMAL);
	sbuf_printf(&sb, "%*s%s", INDENT, "", _("Next delivery"));
	layout_line_add(l, sb.buf, LAYOUT_HEADING);
	sbuf_reset(&sb);
	sbuf_printf(&sb, "  %s  ", date_format_long(s->next_date, date));
	/* TRANSLATORS: the n-th delivery of a subscription. */
	sbuf_printf(&sb, _("delivery %d"), s->delivery_count + 1);
	/* the amount before the subscription's number: on a narrow card
	 * the number is what gives way, never the amount */
	sbuf_printf(&sb, "  %s  ", MIDDOT);
	money_format(&sb, s->amount_tax_included, MONEY_YEN_SIGN);
	sbuf_printf(&sb, "  %s  ", MIDDOT);
	/* TRANSLATORS: a subscription by its number, on the card. */
	sbuf_printf(&sb, _("subscription #%lld"), s->id);
	layout_line_add(l, sb.buf, LAYOUT_NORMAL);
	layout_line_clip(l, cols);
	if (s->products[0]) {
		l = layout_text_add(out, LAYOUT_NORMAL);
		layout_line_pad(l, INDENT + 2);
		layout_line_add(l, s->products, LAYOUT_DIM);
		layout_line_clip(l, cols);
	}
	l = layout_text_add(out, LAYOUT_NORMAL);
	layout_line_pad(l, INDENT + 2);
	layout_line_add(l, " s ", LAYOUT_KEY);
	layout_line_pad(l, 1);
	layout_line_add(l, active > 1 ? _("Skip this delivery (of the subscription due next)")
				     : _("Skip this delivery"), LAYOUT_NORMAL);
	layout_line_clip(l, cols);
	sbuf_done(&sb);
}

void card_build(struct layout_text *out, const struct card_data *d, int cols)
{
	next_delivery(out, d, cols);
	profile(out, d, cols);
	subscriptions(out, d, cols);
	orders(out, d);
	inquiries(out, d);
	changes(out, d, cols);
}

/* --- the conflict view --- */

void conflict_build(struct layout_text *out, const struct conflict_row *rows,
		    int n, int sel, int cols)
{
	int lw = 0, vw;
	struct sbuf sb;

	for (int i = 0; i < n; i++)
		if (width_str(rows[i].label) > lw)
			lw = width_str(rows[i].label);
	if (lw > 20)
		lw = 20;
	/* marker, label, two values, the pick */
	vw = (cols - 2 - lw - 2 - 2 - 2 - 12) / 2;
	if (vw < 8)
		vw = 8;
	sbuf_init(&sb);
	sbuf_adds(&sb, "  ");
	width_fit(&sb, _("Field"), lw);
	sbuf_adds(&sb, "  ");
	width_fit(&sb, _("Yours"), vw);
	sbuf_adds(&sb, "  ");
	width_fit(&sb, _("Theirs (stored now)"), vw);
	sbuf_adds(&sb, "  ");
	sbuf_adds(&sb, _("Save"));
	layout_text_add(out, LAYOUT_HEADING);
	layout_line_add(&out->lines[out->n - 1], sb.buf, LAYOUT_HEADING);
	for (int i = 0; i < n; i++) {
		const struct conflict_row *r = &rows[i];
		enum layout_attr attr = i == sel ? LAYOUT_BAR : LAYOUT_NORMAL;
		struct layout_line *l = layout_text_add(out, attr);
		const char *mine = r->mine && *r->mine ? r->mine : DASH;
		const char *theirs = r->theirs && *r->theirs ? r->theirs : DASH;

		sbuf_reset(&sb);
		sbuf_adds(&sb, i == sel ? "> " : "  ");
		width_fit(&sb, r->label, lw);
		sbuf_adds(&sb, r->pick == CONFLICT_MINE ? " *" : "  ");
		width_fit_ellipsis(&sb, mine, vw);
		sbuf_adds(&sb, r->pick == CONFLICT_THEIRS ? " *" : "  ");
		width_fit_ellipsis(&sb, theirs, vw);
		sbuf_adds(&sb, "  ");
		sbuf_adds(&sb, r->pick == CONFLICT_MINE ? _("keep mine") : _("take theirs"));
		layout_line_add(l, sb.buf, attr);
		/* who changed what, under the values */
		sbuf_reset(&sb);
		sbuf_printf(&sb, "    %*s", lw, "");
		if (r->mine_changed && r->theirs_changed)
			sbuf_adds(&sb, _("both of you changed this field"));
		else if (r->mine_changed)
			sbuf_adds(&sb, _("you changed this field"));
		else
			sbuf_adds(&sb, _("they changed this field"));
		layout_text_add(out, LAYOUT_DIM);
		layout_line_add(&out->lines[out->n - 1], sb.buf,
				r->mine_changed && r->theirs_changed ? LAYOUT_ERROR
								     : LAYOUT_DIM);
	}
	sbuf_done(&sb);
}
