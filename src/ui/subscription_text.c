/* subscription_text.c: the text of the subscription screens
 * (subscription_text.h). */
#include "subscription_text.h"
#include "screen_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/date.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/money.h"
#include "repeatdesk/pricing.h"
#include "repeatdesk/width.h"

#define LABEL_COLS 14

/* --- small helpers --- */

static const char *iso(int32_t d, char buf[DATE_LONG_SIZE])
{
	if (d == SUBRULE_NO_DATE)
		return "-";
	return date_format_long(d, buf);
}

/* "2026/12/15(火)" */
static void day_text(struct sbuf *out, int32_t d)
{
	char b[DATE_LONG_SIZE];

	if (d == SUBRULE_NO_DATE) {
		sbuf_adds(out, "-");
		return;
	}
	sbuf_adds(out, date_format_long(d, b));
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

/* "label  value" with the value wrapped to cols, its next lines under
 * the value's first column. */
static void pair_cols(struct layout_text *out, const char *label, int label_cols,
		      const char *value, enum layout_attr attr, int cols)
{
	struct layout_text v;

	layout_text_init(&v);
	layout_text_wrap(&v, attr, 0, value, cols - 1 - label_cols > 20 ? cols - 1 - label_cols : 20);
	for (size_t i = 0; i < v.n; i++) {
		struct layout_line *l = layout_text_pair(out, 1, i ? "" : label, label_cols, "", attr);

		layout_line_add(l, v.lines[i].text.buf ? v.lines[i].text.buf : "", attr);
	}
	layout_text_done(&v);
}

static void pair(struct layout_text *out, const char *label, const char *value, int cols)
{
	pair_cols(out, label, LABEL_COLS, value, LAYOUT_NORMAL, cols);
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

/* The columns of the list, in order; they give way by priority at 80
 * columns (products, then the cycle in words shrink first), and the
 * amount is never cut. */
enum { LC_OPT, LC_ID, LC_STATUS, LC_CYCLE, LC_NEXT, LC_NO, LC_AMOUNT, LC_PRODUCTS, LC_N };

static void list_cols(struct layout_col c[LC_N], int cols)
{
	static const struct layout_col spec[LC_N] = {
		[LC_OPT] = { .want = 3, .min = 3, .priority = 9, .keep = true },
		[LC_ID] = { .want = 5, .min = 5, .priority = 7, .right = true, .keep = true },
		[LC_STATUS] = { .want = 9, .min = 6, .priority = 6 },
		[LC_CYCLE] = { .want = 26, .min = 12, .priority = 3 },
		[LC_NEXT] = { .want = 10, .min = 10, .priority = 8, .keep = true },
		[LC_NO] = { .want = 4, .min = 3, .priority = 5, .right = true },
		[LC_AMOUNT] = { .want = LAYOUT_AMOUNT_COLS, .min = LAYOUT_AMOUNT_COLS,
				.priority = 10, .right = true, .keep = true },
		[LC_PRODUCTS] = { .want = 20, .min = 10, .priority = 1, .fill = true },
	};

	memcpy(c, spec, sizeof(spec));
	/* 1 leading column (the selection mark) */
	layout_cols_fit(c, LC_N, cols - 1, 1);
}

void subs_list_header(struct layout_line *l, int cols)
{
	struct layout_col c[LC_N];
	struct sbuf sb;
	const char *t[LC_N] = {
		_("Opt"), _("ID"), _("Status"), _("Cycle"), _("Next"), _("No."),
		_("Per deliv."), _("Products"),
	};

	list_cols(c, cols);
	sbuf_init(&sb);
	sbuf_addc(&sb, ' ');
	layout_cols_row(&sb, c, LC_N, t, 1);
	layout_line_reset(l, LAYOUT_HEADING);
	layout_line_add(l, sb.buf, LAYOUT_HEADING);
	sbuf_done(&sb);
}

void subs_list_row(struct layout_line *l, const struct subscription_row *r,
		   enum subs_option opt, bool selected, int cols)
{
	struct layout_col c[LC_N];
	struct sbuf sb, id, no, amount;
	char d[DATE_LONG_SIZE], o[8];
	const char *t[LC_N];

	list_cols(c, cols);
	sbuf_init(&sb);
	sbuf_init(&id);
	sbuf_init(&no);
	sbuf_init(&amount);
	sbuf_addc(&sb, selected ? '>' : ' ');
	snprintf(o, sizeof(o), " %c", opt ? (char)opt : '_');
	sbuf_printf(&id, "%lld", r->id);
	if (r->status != SUBRULE_CANCELLED)
		sbuf_printf(&no, "%d", r->delivery_count + 1);
	yen(&amount, r->amount);
	t[LC_OPT] = o;
	t[LC_ID] = id.buf;
	t[LC_STATUS] = subrule_status_label(r->status);
	t[LC_CYCLE] = r->cycle_words;
	t[LC_NEXT] = r->status == SUBRULE_CANCELLED || r->next_date == SUBRULE_NO_DATE ? "-"
		     : date_format_list(r->next_date, d);
	t[LC_NO] = no.buf;
	t[LC_AMOUNT] = amount.buf;
	t[LC_PRODUCTS] = r->products;
	layout_cols_row(&sb, c, LC_N, t, 1);
	sbuf_done(&id);
	sbuf_done(&no);
	sbuf_done(&amount);
	layout_line_reset(l, selected ? LAYOUT_BAR : LAYOUT_NORMAL);
	layout_line_add(l, sb.buf, selected ? LAYOUT_BAR : LAYOUT_NORMAL);
	sbuf_done(&sb);
}

/* --- the subscription --- */

void subs_view_hint(struct layout_text *out, int cols)
{
	struct sbuf hint;

	/* from the keys the screen takes (screen_keys.c) */
	sbuf_init(&hint);
	keys_local_hint(&hint, subs_view_keys, 0);
	wrap(out, LAYOUT_DIM, 1, hint.buf, cols);
	sbuf_done(&hint);
}

#define DAY_COLS 16   /* "2026/12/15(Wed)" and a space */

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
			char nd[DATE_LONG_SIZE];

			char moved[CALENDAR_REASON_SIZE + 32];

			sbuf_reset(&sb);
			sbuf_printf(&sb, _("  %s (due %s)"),
				    calendar_moved_text(sl[i].moved, moved, sizeof(moved)),
				    iso(sl[i].nominal, nd));
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
	char d[DATE_LONG_SIZE];

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
	pair(out, _("Status"), sb.buf, cols);

	sbuf_reset(&sb);
	sbuf_printf(&sb, "%s (%s)", v->cycle_words, v->cycle_spec);
	if (v->first_spec[0])
		sbuf_printf(&sb, _(", first interval %s"), v->first_spec);
	pair(out, _("Cycle"), sb.buf, cols);

	sbuf_reset(&sb);
	sbuf_printf(&sb, _("%d made"), s->delivery_count);
	if (s->status != SUBRULE_CANCELLED)
		sbuf_printf(&sb, _("; the next is delivery %d"), s->delivery_count + 1);
	pair(out, _("Deliveries"), sb.buf, cols);

	for (int i = 0; i < s->nlines; i++) {
		int64_t unit = 0;

		sbuf_reset(&sb);
		sbuf_printf(&sb, "%s %s x%d @ ", s->lines[i].sku, s->lines[i].name,
			    s->lines[i].quantity);
		/* tax included, as every price a customer hears (総額表示) */
		pricing_unit_tax_included(s->lines[i].unit_price, s->lines[i].tax_rate,
					  &unit, NULL);
		yen(&sb, unit);
		sbuf_printf(&sb, _(" (tax incl., %d%%)"), s->lines[i].tax_rate);
		pair(out, i ? "" : _("Products"), sb.buf, cols);
	}
	if (s->nlines == 0)
		pair(out, _("Products"), _("none"), cols);

	sbuf_reset(&sb);
	yen(&sb, v->amount.total);
	sbuf_adds(&sb, _(" (goods "));
	yen(&sb, v->amount.goods_total);
	sbuf_adds(&sb, _(" incl. tax "));
	yen(&sb, v->amount.tax);
	if (v->amount.discount)
		sbuf_printf(&sb, _(", %d%% discount"), s->discount_percent);
	if (v->amount.shipping) {
		sbuf_adds(&sb, _(", shipping "));
		yen(&sb, v->amount.shipping);
	}
	if (v->amount.cod_fee) {
		sbuf_adds(&sb, _(", COD fee "));
		yen(&sb, v->amount.cod_fee);
	}
	sbuf_addc(&sb, ')');
	pair(out, _("Per delivery"), sb.buf, cols);

	sbuf_reset(&sb);
	sbuf_adds(&sb, subrule_payment_label(s->payment));
	if (s->card_last4[0])
		sbuf_printf(&sb, " (**** %s)", s->card_last4);
	sbuf_printf(&sb, "   %s %s", _("Time slot:"), subrule_time_label(s->time_slot));
	pair(out, _("Payment"), sb.buf, cols);

	sbuf_reset(&sb);
	sbuf_adds(&sb, "〒");
	normalize_postal_format(&sb, v->address.postal);   /* 690-0887 */
	sbuf_printf(&sb, " %s%s %s (%s)", v->address.prefecture,
		    v->address.address1, v->address.address2,
		    v->address.id ? (v->address.label[0] ? v->address.label : v->address.name)
				  : _("the customer's own"));
	pair(out, _("Address"), sb.buf, cols);

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
				    history_enum_words("subscription_reservations", "status", r->status),
				    r->from_delivery,
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

			char at[DATE_STAMP_SIZE];

			sbuf_reset(&sb);
			sbuf_printf(&sb, "%s %-10s ", date_format_stamp(h->at, DATE_LIST, at), h->actor);
			if (h->what[0]) {
				sbuf_adds(&sb, h->what);
			} else {
				/* no request said it: the change in words, as the
				 * history viewer says it (never a table's name) */
				const char *label = history_table_label(h->table);

				sbuf_printf(&sb, h->op[0] == 'I' ? _("%s added")
					    : h->op[0] == 'D' ? _("%s removed") : _("%s changed"), label);
				if (h->op[0] == 'U' && h->changed[0]) {
					sbuf_adds(&sb, " (");
					history_labels(h->table, h->changed, &sb);
					sbuf_addc(&sb, ')');
				}
			}
			if (h->reason[0])
				sbuf_printf(&sb, _(" - reason: %s"), h->reason);
			wrap(out, LAYOUT_NORMAL, 3, sb.buf, cols);
		}
	}
	sbuf_done(&sb);
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
		char d[DATE_LONG_SIZE];

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
			struct sbuf day;

			sbuf_init(&day);
			day_text(&day, p->next[i].date);
			/* TRANSLATORS: a delivery number and its date: "3 on
			 * 2026-12-13 Sunday" */
			sbuf_printf(&sb, _("%s%d on %s"), i ? ", " : "", p->next[i].number, day.buf);
			sbuf_done(&day);
			if (p->next[i].date != p->next[i].nominal) {
				char moved[CALENDAR_REASON_SIZE + 32];

				sbuf_printf(&sb, " (%s)", calendar_moved_text(p->next[i].moved, moved,
									       sizeof(moved)));
			}
		}
		pair_cols(out, _("Next deliveries"), 17, sb.buf, LAYOUT_NORMAL, cols);
	}
	sbuf_reset(&sb);
	yen(&sb, p->before_amount.total);
	sbuf_adds(&sb, " → ");
	yen(&sb, p->after_amount.total);
	pair_cols(out, _("Per delivery"), 17, sb.buf, LAYOUT_NORMAL, cols);
	if (p->window_end != SUBRULE_NO_DATE) {
		char d[DATE_LONG_SIZE];
		struct sbuf before, after;

		sbuf_reset(&sb);
		sbuf_init(&before);
		sbuf_init(&after);
		yen(&before, p->window_before_total);
		yen(&after, p->window_after_total);
		/* TRANSLATORS: deliveries and their amount before → after the
		 * change, until a date: "4 deliveries ¥7,560 → 3 deliveries
		 * ¥5,670 (until 2027-03-31)" */
		sbuf_printf(&sb, _("%d deliveries %s → %d deliveries %s (until %s)"),
			    p->window_before, before.buf, p->window_after, after.buf,
			    iso(p->window_end, d));
		sbuf_done(&before);
		sbuf_done(&after);
		pair_cols(out, _("Price effect"), 17, sb.buf, LAYOUT_NORMAL, cols);
	}
	if (p->fee_applies) {
		sbuf_reset(&sb);
		yen(&sb, p->fee);
		pair_cols(out, _("Early-cancel fee"), 17, sb.buf, LAYOUT_ERROR, cols);
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
		struct sbuf fee;

		sbuf_init(&fee);
		yen(&fee, r->fee);
		sbuf_printf(&sb, _(", %d still owed: early-cancel fee %s"), r->deliveries_owed,
			    fee.buf);
		sbuf_done(&fee);
	} else {
		sbuf_adds(&sb, _(", none owed: no fee"));
	}
	wrap(out, r->deliveries_owed > 0 ? LAYOUT_ERROR : LAYOUT_NORMAL, 3, sb.buf, cols);
	sbuf_reset(&sb);
	{
		struct sbuf lost;

		sbuf_init(&lost);
		yen(&lost, r->discount_lost);
		sbuf_printf(&sb, _("Subscription discount lost: %s per delivery"), lost.buf);
		sbuf_done(&lost);
	}
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
	char d[DATE_LONG_SIZE];

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
	char d[DATE_LONG_SIZE];

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
		struct sbuf fee;

		sbuf_init(&fee);
		yen(&fee, r->fee);
		sbuf_printf(out, _("; early-cancel fee %s"), fee.buf);
		sbuf_done(&fee);
	}
	/* TRANSLATORS: the full stop that ends the "Done: ..." sentence. */
	sbuf_adds(out, C_("end of a sentence", "."));
}
