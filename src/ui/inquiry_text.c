/* inquiry_text.c: the text of the inquiry screens (inquiry_text.h). */
#include "inquiry_text.h"
#include "screen_keys.h"

#include <stdio.h>
#include <string.h>

#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"

#define ARROW "\xE2\x86\x92"   /* → */
#define DOT "\xC2\xB7"         /* · */

static const char *lookup(const char *code, const char *const (*map)[2])
{
	for (; code && (*map)[0]; map++)
		if (strcmp(code, (*map)[0]) == 0)
			return _((*map)[1]);
	return code ? code : "";
}

const char *inquiry_status_label(const char *status)
{
	static const char *const map[][2] = {
		{ "open", NC_("inquiry status", "open") }, { "in_progress", N_("in progress") },
		{ "waiting_customer", N_("waiting on customer") },
		{ "escalated", N_("escalated") }, { "resolved", N_("resolved") },
		{ "closed", N_("closed") }, { NULL, NULL },
	};
	return lookup(status, map);
}

const char *inquiry_category_label(const char *category)
{
	static const char *const map[][2] = {
		{ "order", N_("order") }, { "skip", N_("skip") }, { "pause", N_("pause") },
		{ "cycle_change", N_("cycle change") }, { "cancel", N_("cancel") },
		{ "address_change", N_("address change") },
		{ "payment_change", N_("payment change") }, { "complaint", N_("complaint") },
		{ "question", N_("question") }, { "other", N_("other") }, { NULL, NULL },
	};
	return lookup(category, map);
}

const char *inquiry_priority_label(const char *priority)
{
	static const char *const map[][2] = {
		{ "low", N_("low") }, { "normal", N_("normal") }, { "high", N_("high") },
		{ "urgent", N_("URGENT") }, { NULL, NULL },
	};
	return lookup(priority, map);
}

const char *inquiry_queue_label(enum inquiry_queue q)
{
	static const char *const labels[INQ_Q_COUNT] = {
		[INQ_Q_OPEN] = N_("Open"), [INQ_Q_MINE] = N_("Mine"),
		[INQ_Q_TEAM] = N_("Team"), [INQ_Q_UNASSIGNED] = N_("Unassigned"),
		[INQ_Q_ESCALATED] = N_("Escalated"),
		[INQ_Q_CALLBACKS_TODAY] = N_("Callbacks today"),
		[INQ_Q_OVERDUE] = N_("Overdue"), [INQ_Q_WAITING] = N_("Waiting"),
		[INQ_Q_ALL] = N_("All"),
	};
	return (unsigned)q < INQ_Q_COUNT ? _(labels[q]) : "";
}

const char *inquiry_sort_label(enum inquiry_sort s)
{
	static const char *const labels[INQ_SORT_COUNT] = {
		[INQ_SORT_AGE] = N_("oldest first"), [INQ_SORT_NEWEST] = N_("newest first"),
		[INQ_SORT_PRIORITY] = N_("by priority"),
	};
	return (unsigned)s < INQ_SORT_COUNT ? _(labels[s]) : "";
}

void inquiry_age_text(struct sbuf *out, long long minutes)
{
	if (minutes < 0)
		minutes = 0;
	if (minutes < 60)
		/* TRANSLATORS: an age in minutes, short. */
		sbuf_printf(out, _("%lldm"), minutes);
	else if (minutes < 48 * 60)
		/* TRANSLATORS: an age in hours, short. */
		sbuf_printf(out, _("%lldh"), minutes / 60);
	else
		/* TRANSLATORS: an age in days, short. */
		sbuf_printf(out, _("%lldd"), minutes / (24 * 60));
}

/* "2026-03-14 10:42" -> "03/14(土) 10:42"; date_only: "03/14(土)". */
static void short_time(struct sbuf *out, const char *t, bool date_only)
{
	char b[DATE_STAMP_SIZE], day[11];

	if (strlen(t) < 16) {
		sbuf_adds(out, t);
		return;
	}
	snprintf(day, sizeof(day), "%.10s", t);
	sbuf_adds(out, date_format_stamp(date_only ? day : t, DATE_LIST, b));
}

static bool is_done(const struct inquiry *q)
{
	return strcmp(q->status, "resolved") == 0 || strcmp(q->status, "closed") == 0;
}

void inquiry_due_text(struct sbuf *out, const struct inquiry *q)
{
	if (is_done(q))
		return;
	if (q->overdue) {
		sbuf_adds(out, _("OVERDUE"));
		sbuf_adds(out, " ");
	}
	if (q->cutoff_at[0] && strcmp(q->due_at, q->cutoff_at) == 0) {
		struct sbuf d;

		sbuf_init(&d);
		short_time(&d, q->cutoff_at, true);
		/* TRANSLATORS: %s is a date like 03/14: the delivery's change
		 * cut-off. */
		sbuf_printf(out, _("resolve before %s cut-off"), d.buf);
		sbuf_done(&d);
	} else if (q->due_at[0]) {
		sbuf_adds(out, _("due "));
		short_time(out, q->due_at, false);
	}
}

void inquiry_due_short(struct sbuf *out, const struct inquiry *q)
{
	bool cut = q->cutoff_at[0] && strcmp(q->due_at, q->cutoff_at) == 0;

	if (is_done(q) || !q->due_at[0])
		return;
	if (q->overdue)
		sbuf_adds(out, _("OVERDUE "));
	else if (cut)
		sbuf_adds(out, _("cut-off "));
	else
		sbuf_adds(out, _("due "));
	short_time(out, q->due_at, q->overdue || cut);
}

void inquiry_callback_text(struct sbuf *out, const struct inquiry *q)
{
	if (!q->callback_at[0])
		return;
	sbuf_adds(out, _("callback "));
	short_time(out, q->callback_at, false);
	if (q->callback_after_cutoff) {
		struct sbuf d;

		sbuf_init(&d);
		short_time(&d, q->cutoff_at, true);
		/* TRANSLATORS: %s is the cut-off date, 03/14. */
		sbuf_printf(out, _(" — after the %s cut-off!"), d.buf);
		sbuf_done(&d);
	}
}

static void with_body(struct sbuf *out, const char *body)
{
	if (body && *body) {
		sbuf_adds(out, ": ");
		sbuf_adds(out, body);
	}
}

void inquiry_entry_text(struct sbuf *out, const struct inquiry_entry *e)
{
	if (strcmp(e->kind, "handoff") == 0) {
		const char *to = e->to_agent[0] ? e->to_agent : e->to_team;

		if (e->to_agent[0] && strcmp(e->to_agent, e->author_name) == 0 &&
		    e->author_name[0])
			sbuf_printf(out, _("took it (from %s)"),
				    e->from_agent[0] ? e->from_agent : _("nobody"));
		else
			sbuf_printf(out, _("handed off %s → %s"),
				    e->from_agent[0] ? e->from_agent : _("nobody"),
				    to[0] ? to : _("nobody"));
		if (e->to_agent[0] && e->to_team[0])
			sbuf_printf(out, " (%s)", e->to_team);
	} else if (strcmp(e->kind, "status_change") == 0 || strcmp(e->kind, "escalation") == 0) {
		if (strcmp(e->kind, "escalation") == 0)
			sbuf_adds(out, _("escalated to supervisors"));
		else if (e->from_status[0] && e->to_status[0])
			sbuf_printf(out, "%s " ARROW " %s", inquiry_status_label(e->from_status),
				    inquiry_status_label(e->to_status));
		else
			sbuf_adds(out, _("status changed"));
	} else if (strcmp(e->kind, "call") == 0) {
		sbuf_adds(out, _("call"));
	} else if (strcmp(e->kind, "change_link") == 0) {
		sbuf_printf(out, _("linked change #%lld"), e->history_id);
	} else {
		sbuf_adds(out, _("note"));
	}
	with_body(out, e->body);
}

void inquiry_presence_text(struct sbuf *out, const struct inquiry_presence *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = p[i].name[0] ? p[i].name : p[i].login;

		if (i == 0)
			/* TRANSLATORS: who else has this customer open: name, time. */
			sbuf_printf(out, _("open by %s since %s"), name, p[i].since);
		else
			sbuf_printf(out, _(", %s since %s"), name, p[i].since);
	}
}

void inquiry_tabs(struct layout_line *l, enum inquiry_queue cur, enum inquiry_sort sort,
		  bool one_customer)
{
	char key[8];

	layout_line_add(l, " ", LAYOUT_NORMAL);
	for (int q = 0; q < INQ_Q_COUNT; q++) {
		if (one_customer && q != INQ_Q_ALL && q != INQ_Q_OPEN)
			continue;
		snprintf(key, sizeof(key), "%d ", q + 1);
		layout_line_add(l, key, LAYOUT_KEY);
		layout_line_add(l, inquiry_queue_label((enum inquiry_queue)q),
				q == (int)cur ? LAYOUT_BAR : LAYOUT_NORMAL);
		layout_line_add(l, "  ", LAYOUT_NORMAL);
	}
	layout_line_add(l, DOT " ", LAYOUT_DIM);
	layout_line_add(l, inquiry_sort_label(sort), LAYOUT_DIM);
}

struct cols {
	int id, status, prio, age, customer, held, due, subject;
};

static void columns(struct cols *c, bool one_customer, int cols)
{
	int fixed;

	c->id = 7;
	c->status = 12;
	c->prio = 6;
	{
		/* as wide as the longest age in this language ("47h", "47時間") */
		struct sbuf a;

		sbuf_init(&a);
		inquiry_age_text(&a, 47 * 60);
		c->age = width_str(a.buf) > 4 ? width_str(a.buf) : 4;
		sbuf_done(&a);
	}
	c->customer = one_customer ? 0 : 14;
	c->held = 10;
	c->due = 20;   /* "due 03/12(木) 09:00" */
	fixed = 2 + c->id + c->status + c->prio + c->age + c->held + c->due + 7 +
		(one_customer ? 0 : c->customer + 1);
	c->subject = cols - fixed;
	if (c->subject < 8) {
		c->due -= 8 - c->subject;
		if (c->due < 8)
			c->due = 8;
		c->subject = 8;
	}
}

static void cell(struct sbuf *sb, const char *s, int w)
{
	if (w <= 0)
		return;
	width_fit_ellipsis(sb, s, w);
	sbuf_addc(sb, ' ');
}

void inquiry_list_header(struct layout_line *l, bool one_customer, int cols)
{
	struct cols c;
	struct sbuf sb;

	columns(&c, one_customer, cols);
	sbuf_init(&sb);
	sbuf_adds(&sb, "  ");
	cell(&sb, _("No."), c.id);
	cell(&sb, _("Status"), c.status);
	cell(&sb, _("Prio."), c.prio);
	cell(&sb, _("Age"), c.age);
	if (!one_customer)
		cell(&sb, _("Customer"), c.customer);
	cell(&sb, _("Held by"), c.held);
	cell(&sb, _("Subject"), c.subject);
	cell(&sb, _("Deadline"), c.due);
	layout_line_add(l, sb.buf, LAYOUT_HEADING);
	layout_line_fit(l, cols);
	sbuf_done(&sb);
}

void inquiry_list_row(struct layout_line *l, const struct inquiry *q, bool selected,
		      bool one_customer, int cols)
{
	enum layout_attr a = selected ? LAYOUT_BAR : LAYOUT_NORMAL;
	struct cols c;
	struct sbuf sb, t;
	char id[24];

	columns(&c, one_customer, cols);
	sbuf_init(&sb);
	sbuf_init(&t);
	layout_line_reset(l, a);
	sbuf_adds(&sb, selected ? "> " : "  ");
	snprintf(id, sizeof(id), "#%lld", q->id);
	cell(&sb, id, c.id);
	cell(&sb, inquiry_status_label(q->status), c.status);
	cell(&sb, inquiry_priority_label(q->priority), c.prio);
	inquiry_age_text(&t, q->age_minutes);
	cell(&sb, t.buf, c.age);
	if (!one_customer)
		cell(&sb, q->customer_name[0] ? q->customer_name : _("(unknown caller)"),
		     c.customer);
	cell(&sb, q->assignee_name[0] ? q->assignee_name
		  : q->team_name[0] ? q->team_name : _("nobody"), c.held);
	cell(&sb, q->subject, c.subject);
	layout_line_add(l, sb.buf, a);
	sbuf_reset(&t);
	inquiry_due_short(&t, q);
	sbuf_reset(&sb);
	width_fit_ellipsis(&sb, t.buf, c.due);
	layout_line_add(l, sb.buf, q->overdue && !selected ? LAYOUT_ERROR : a);
	layout_line_fit(l, cols);
	sbuf_done(&sb);
	sbuf_done(&t);
}

static void pair(struct layout_text *out, const char *label, const char *value,
		 enum layout_attr attr)
{
	if (value && *value)
		layout_text_pair(out, 1, label, 14, value, attr);
}

void inquiry_detail_build(struct layout_text *out, const struct inquiry_detail *d, int cols)
{
	const struct inquiry *q = &d->q;
	struct sbuf sb;
	char at[DATE_STAMP_SIZE];

	sbuf_init(&sb);
	sbuf_printf(&sb, " #%lld  %s", q->id, q->subject);
	layout_text_addf(out, LAYOUT_HEADING, "%s", sb.buf);
	sbuf_reset(&sb);
	sbuf_printf(&sb, "%s " DOT " %s " DOT " %s", inquiry_status_label(q->status),
		    inquiry_category_label(q->category), inquiry_priority_label(q->priority));
	pair(out, _("Status"), sb.buf, strcmp(q->status, "escalated") == 0 ? LAYOUT_ERROR
							: LAYOUT_NORMAL);
	sbuf_reset(&sb);
	if (q->customer_id)
		sbuf_printf(&sb, "%s %s", q->customer_code, q->customer_name);
	else
		sbuf_adds(&sb, _("(unknown caller)"));
	if (q->order_no[0])
		sbuf_printf(&sb, " " DOT " %s %s", _("order"), q->order_no);
	if (q->subscription_id)
		sbuf_printf(&sb, " " DOT " %s %lld", _("subscription"), q->subscription_id);
	pair(out, _("Customer"), sb.buf, LAYOUT_NORMAL);
	sbuf_reset(&sb);
	if (q->assignee_name[0])
		sbuf_adds(&sb, q->assignee_name);
	else
		sbuf_adds(&sb, _("nobody"));
	if (q->team_name[0])
		sbuf_printf(&sb, " (%s)", q->team_name);
	pair(out, _("Held by"), sb.buf, LAYOUT_NORMAL);
	sbuf_reset(&sb);
	sbuf_printf(&sb, "%s " DOT " %s", date_format_stamp(q->created_at, DATE_LONG, at), q->opened_by);
	pair(out, _("Opened"), sb.buf, LAYOUT_DIM);
	sbuf_reset(&sb);
	inquiry_due_text(&sb, q);
	pair(out, _("Deadline"), sb.buf, q->overdue ? LAYOUT_ERROR : LAYOUT_NORMAL);
	sbuf_reset(&sb);
	inquiry_callback_text(&sb, q);
	pair(out, _("Callback"), sb.buf, q->callback_after_cutoff ? LAYOUT_ERROR : LAYOUT_NORMAL);

	layout_text_add(out, LAYOUT_NORMAL);
	layout_text_addf(out, LAYOUT_HEADING, " %s", _("Timeline"));
	for (size_t i = 0; i < d->nentries; i++) {
		const struct inquiry_entry *e = &d->entries[i];
		enum layout_attr a = strcmp(e->kind, "escalation") == 0 ? LAYOUT_ERROR
				     : strcmp(e->kind, "change_link") == 0 ? LAYOUT_DIM
				     : LAYOUT_NORMAL;

		sbuf_reset(&sb);
		sbuf_printf(&sb, "%s  %s  ", date_format_stamp(e->at, DATE_LIST, at),
			    e->author_name[0] ? e->author_name : e->author);
		inquiry_entry_text(&sb, e);
		layout_text_wrap(out, a, 1, sb.buf, cols - 2);
	}
	if (!d->nentries)
		layout_text_addf(out, LAYOUT_DIM, " %s", _("Nothing yet."));
	sbuf_done(&sb);
}

const char *inquiry_action_hint(void)
{
	/* from the keys the screen takes (screen_keys.c), so that the hint
	 * and the keys cannot differ */
	static struct sbuf hint;

	if (!hint.buf)
		sbuf_init(&hint);
	sbuf_reset(&hint);
	keys_local_hint(&hint, inquiry_keys, INQUIRY_KM_VIEW);
	return hint.buf;
}

int inquiry_action_of(unsigned cp)
{
	switch (cp) {
	case 't': case 'h': case 'e': case 'r': case 'o': case 'n': case 'w': case 'c':
		return (int)cp;
	default:
		return 0;
	}
}

void wrapup_changes_build(struct layout_text *out, const char (*changes)[INQUIRY_CHANGE_TEXT],
			  size_t n, int cols)
{
	layout_text_addf(out, LAYOUT_HEADING, " %s", _("Changes made in this call (linked when saved)"));
	if (!n) {
		layout_text_addf(out, LAYOUT_DIM, "   %s", _("none"));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct sbuf sb;

		sbuf_init(&sb);
		sbuf_printf(&sb, "+ %s", changes[i]);
		layout_text_wrap(out, LAYOUT_NORMAL, 3, sb.buf, cols - 4);
		sbuf_done(&sb);
	}
}

/* "label 12   label 3" pairs on one line. */
static void counts_line(struct layout_text *out, const char *heading,
			const struct inquiry_dash_count *c, size_t n, bool status_words,
			int cols)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_printf(&sb, "%s:", heading);
	if (!n)
		sbuf_printf(&sb, "  %s", _("none"));
	for (size_t i = 0; i < n; i++)
		sbuf_printf(&sb, "  %s %lld",
			    /* ages are N_() words of the store; names of agents
			     * and teams have no translation and stay as they are */
			    status_words ? inquiry_status_label(c[i].name) : _(c[i].name), c[i].n);
	layout_text_wrap(out, LAYOUT_NORMAL, 1, sb.buf, cols - 2);
	sbuf_done(&sb);
}

void dashboard_build(struct layout_text *out, const struct inquiry_dashboard *d,
		     const struct inquiry *list, size_t n, size_t sel, int cols)
{
	struct sbuf sb;
	char at[DATE_STAMP_SIZE];

	sbuf_init(&sb);
	counts_line(out, _("Open by status"), d->by_status, d->nstatus, true, cols);
	counts_line(out, _("By age"), d->by_age, 4, false, cols);
	counts_line(out, _("By agent"), d->by_agent, d->nagent, false, cols);
	counts_line(out, _("By team"), d->by_team, d->nteam, false, cols);
	sbuf_printf(&sb, _("Waiting: %lld handoffs, %lld escalated, %lld unassigned · "
			   "overdue %lld · callbacks overdue %lld"),
		    d->handoffs_waiting, d->escalated, d->unassigned, d->overdue,
		    d->callbacks_overdue);
	layout_text_wrap(out, d->escalated || d->callbacks_overdue ? LAYOUT_ERROR : LAYOUT_NORMAL,
			 1, sb.buf, cols - 2);
	sbuf_reset(&sb);
	if (d->oldest_id)
		sbuf_printf(&sb, _("Oldest open: #%lld since %s · %s"), d->oldest_id,
			    date_format_stamp(d->oldest_at, DATE_LIST, at), d->oldest_subject);
	else
		sbuf_adds(&sb, _("Nothing is open."));
	layout_text_wrap(out, LAYOUT_NORMAL, 1, sb.buf, cols - 2);

	layout_text_add(out, LAYOUT_NORMAL);
	layout_text_addf(out, LAYOUT_HEADING, " %s", _("Today per agent: calls logged, resolved, handed off"));
	if (!d->ntoday)
		layout_text_addf(out, LAYOUT_DIM, "   %s", _("nothing yet today"));
	for (size_t i = 0; i < d->ntoday; i++) {
		sbuf_reset(&sb);
		sbuf_adds(&sb, "   ");
		width_fit_ellipsis(&sb, d->today[i].name, 16);
		sbuf_printf(&sb, _("  calls %3lld  resolved %3lld  handed off %3lld"),
			    d->today[i].calls, d->today[i].resolved, d->today[i].handed_off);
		layout_text_addf(out, LAYOUT_NORMAL, "%s", sb.buf);
	}

	layout_text_add(out, LAYOUT_NORMAL);
	layout_text_addf(out, LAYOUT_HEADING, " %s",
			 _("Waiting for someone (escalated, unassigned, overdue) — "
			   "Enter opens, a reassigns"));
	inquiry_list_header(layout_text_add(out, LAYOUT_NORMAL), false, cols);
	for (size_t i = 0; i < n; i++)
		inquiry_list_row(layout_text_add(out, LAYOUT_NORMAL), &list[i], i == sel, false,
				 cols);
	if (!n)
		layout_text_addf(out, LAYOUT_DIM, "   %s", _("nothing waits"));
	sbuf_done(&sb);
}
