/* history_view.c: the history screen's text (history_view.h). */
#include "history_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/date.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

void history_view_columns_compute(struct history_view_columns *c, int cols)
{
	c->at = 16;     /* 11/23(Mon) 10:42 */
	c->who = cols >= 100 ? 14 : 10;
	c->what = cols - 1 - c->at - 1 - c->who - 1;
	if (c->what < 10)
		c->what = 10;
}

const char *history_view_who(const struct history_entry *e)
{
	return e->actor_name && *e->actor_name ? e->actor_name : e->actor;
}

/* The summary with its revert links. */
static void summary_of(const struct history_entry *e, const struct history_words *w,
		       struct sbuf *out)
{
	sbuf_adds(out, w->summary);
	if (e->reverts)
		sbuf_printf(out, _(" (revert of #%lld)"), e->reverts);
	if (e->reverted_by)
		sbuf_printf(out, _(" (reverted by #%lld)"), e->reverted_by);
}

static void fields_of(const struct history_entry *e, const struct history_words *w,
		      struct sbuf *out)
{
	bool update = strcmp(e->op, "UPDATE") == 0;

	for (int i = 0; i < w->nfields; i++) {
		const struct history_field *f = &w->fields[i];

		if (i)
			sbuf_adds(out, "; ");
		if (update)
			sbuf_printf(out, "%s: %s -> %s", f->label, f->old_text, f->new_text);
		else
			sbuf_printf(out, "%s: %s", f->label, *f->new_text ? f->new_text : f->old_text);
	}
}

/* The entry's summary and fields, or what went wrong reading it. */
static void entry_words(const struct history_entry *e, struct sbuf *summary,
			struct sbuf *fields)
{
	struct history_words w;
	struct rd_error err;

	if (history_entry_words(e, &w,
			       &err) != RD_OK) {
		sbuf_printf(summary, "%s %s %s", e->op, e->table, e->row_key);
	} else {
		summary_of(e, &w, summary);
		fields_of(e, &w, fields);
	}
	history_words_done(&w);
}

void history_view_what(const struct history_entry *e, struct sbuf *out)
{
	struct sbuf fields;

	sbuf_init(&fields);
	entry_words(e, out, &fields);
	if (fields.len)
		sbuf_printf(out, ": %s", fields.buf);
	sbuf_done(&fields);
}

static void cell(struct layout_line *l, const char *s, int cols, enum layout_attr attr)
{
	struct sbuf sb;

	sbuf_init(&sb);
	width_fit_ellipsis(&sb, s, cols);
	layout_line_add(l, sb.buf, attr);
	sbuf_done(&sb);
}

void history_view_list(struct layout_text *out, const struct history_entry *v,
		       int n, int sel, int top, bool more, int cols, int rows)
{
	struct history_view_columns c;
	struct layout_line *l;
	int used = 0;

	history_view_columns_compute(&c, cols);
	l = layout_text_add(out, LAYOUT_HEADING);
	layout_line_add(l, " ", LAYOUT_HEADING);
	cell(l, _("When"), c.at, LAYOUT_HEADING);
	layout_line_add(l, " ", LAYOUT_HEADING);
	cell(l, _("Who"), c.who, LAYOUT_HEADING);
	layout_line_add(l, " ", LAYOUT_HEADING);
	cell(l, _("What — why; below: the fields, old -> new"), c.what, LAYOUT_HEADING);
	rows--;
	if (n == 0) {
		layout_text_addf(out, LAYOUT_DIM, " %s", _("No changes."));
		return;
	}
	/* two lines an entry: what and why, then the fields */
	for (int i = top; i < n && used + 2 <= rows; i++, used += 2) {
		const struct history_entry *e = &v[i];
		enum layout_attr a = i == sel ? LAYOUT_CURSOR : LAYOUT_NORMAL;
		struct sbuf what, fields;
		char at[64];   /* a time (DATE_STAMP_SIZE), or "same request" in any language */
		bool same;

		sbuf_init(&what);
		sbuf_init(&fields);
		entry_words(e, &what, &fields);
		if (e->reason && *e->reason)
			sbuf_printf(&what, _(" — %s"), e->reason);
		/* the rows of one request read as one: time and who once */
		same = i > top && v[i - 1].txid == e->txid && e->txid;
		if (same)
			utf8_copy(at, sizeof(at), _("  same request"));
		else
			date_format_stamp(e->at, DATE_LIST, at);   /* 11/23(月) 10:42 */
		l = layout_text_add(out, a);
		layout_line_add(l, i == sel ? ">" : " ", a);
		cell(l, at, c.at, a == LAYOUT_NORMAL ? LAYOUT_DIM : a);
		layout_line_add(l, " ", a);
		cell(l, same ? "" : history_view_who(e), c.who, a);
		layout_line_add(l, " ", a);
		cell(l, what.buf, c.what, a);
		l = layout_text_add(out, LAYOUT_DIM);
		layout_line_pad(l, 4);
		cell(l, fields.buf, cols - 5, LAYOUT_DIM);
		sbuf_done(&what);
		sbuf_done(&fields);
	}
	if (more && used < rows)
		layout_text_addf(out, LAYOUT_DIM, " %s", _("… older changes follow: move down to read them"));
}

/* Entries history_view_list shows in rows lines (the header included). */
int history_view_list_entries(int rows)
{
	return rows > 3 ? (rows - 1) / 2 : 1;
}

/* labels of "label  value" lines: the longest ("discounted deliveries
 * left") fits */
#define LABEL_COLS 26

static void pair(struct layout_text *out, const char *label, const char *value, int cols)
{
	struct layout_line *l = layout_text_add(out, LAYOUT_NORMAL);
	struct sbuf sb;

	sbuf_init(&sb);
	layout_line_add(l, " ", LAYOUT_NORMAL);
	width_fit(&sb, label, LABEL_COLS);
	layout_line_add(l, sb.buf, LAYOUT_DIM);
	layout_line_add(l, " ", LAYOUT_NORMAL);
	sbuf_reset(&sb);
	width_fit_ellipsis(&sb, value, cols - LABEL_COLS - 3 > 10 ? cols - LABEL_COLS - 3 : 10);
	layout_line_add(l, sb.buf, LAYOUT_NORMAL);
	sbuf_done(&sb);
}

void history_view_detail(struct layout_text *out, const struct history_entry *e,
			 int version, int cols)
{
	struct history_words w;
	struct rd_error err;
	struct sbuf sb;
	char buf[160];

	sbuf_init(&sb);
	layout_text_addf(out, LAYOUT_HEADING, _(" Change #%lld"), e->id);
	pair(out, _("When"), date_format_stamp(e->at, DATE_LONG, buf), cols);
	snprintf(buf, sizeof(buf), "%s (%s)", history_view_who(e), e->actor);
	pair(out, _("Who"), buf, cols);
	snprintf(buf, sizeof(buf), "%s %s (%s)", history_table_label(e->table), e->row_key,
		 e->op);
	pair(out, _("Record"), buf, cols);
	if (version >= 0)
		snprintf(buf, sizeof(buf), _("version %d"), version);
	else
		snprintf(buf, sizeof(buf), "%s", _("no longer exists"));
	pair(out, _("Now"), buf, cols);
	pair(out, _("Reason"), e->reason && *e->reason ? e->reason : _("(none given)"), cols);
	if (e->request_id && *e->request_id)
		pair(out, _("Request"), e->request_id, cols);
	if (e->reverts) {
		snprintf(buf, sizeof(buf), _("it reverts #%lld"), e->reverts);
		pair(out, _("Revert"), buf, cols);
	}
	if (e->reverted_by) {
		snprintf(buf, sizeof(buf), _("reverted by #%lld"), e->reverted_by);
		pair(out, _("Reverted"), buf, cols);
	}
	layout_text_add(out, LAYOUT_NORMAL);
	if (history_entry_words(e, &w,
			       &err) == RD_OK) {
		layout_text_addf(out, LAYOUT_HEADING, " %s", w.summary);
		for (int i = 0; i < w.nfields; i++) {
			const struct history_field *f = &w.fields[i];

			sbuf_reset(&sb);
			if (strcmp(e->op, "UPDATE") == 0)
				sbuf_printf(&sb, "%s -> %s", f->old_text, f->new_text);
			else
				sbuf_adds(&sb, *f->new_text ? f->new_text : f->old_text);
			pair(out, f->label, sb.buf, cols);
		}
	} else {
		layout_text_addf(out, LAYOUT_ERROR, " %s", err.msg);
	}
	history_words_done(&w);
	sbuf_done(&sb);
}

void history_view_as_of(struct layout_text *out, const char *time,
			const struct history_state *s, int cols)
{
	layout_text_addf(out, LAYOUT_HEADING, _(" As it was at %s"), time);
	for (int i = 0; i < s->n; i++) {
		struct json_value *row = NULL;

		layout_text_add(out, LAYOUT_NORMAL);
		layout_text_addf(out, LAYOUT_HEADING, " %s %s",
				 history_table_label(s->v[i].table), s->v[i].row_key);
		if (json_parse(s->v[i].row, strlen(s->v[i].row), &row, NULL) != RD_OK)
			continue;
		for (size_t k = 0; k < json_len(row); k++) {
			const char *col = json_key_at(row, k);
			struct sbuf words;

			if (strcmp(col, "id") == 0 || strcmp(col, "created_at") == 0 ||
			    strcmp(col, "updated_at") == 0)
				continue;
			sbuf_init(&words);
			history_json_words(s->v[i].table, col, json_value_at(row, k), &words);
			pair(out, history_column_label(s->v[i].table, col), words.buf, cols);
			sbuf_done(&words);
		}
		json_free(&row);
	}
}

void history_view_filters(const struct history_query *q, struct sbuf *out)
{
	char d[DATE_LONG_SIZE];
	size_t start = out->len;

	if (q->table[0])
		sbuf_printf(out, _("only %s"), history_table_label(q->table));
	if (q->actor[0])
		sbuf_printf(out, _("%sby %s"), out->len > start ? ", " : "", q->actor);
	if (q->since)
		sbuf_printf(out, _("%sfrom %s"), out->len > start ? ", " : "",
			    date_format_long(q->since, d));
	if (q->until)
		sbuf_printf(out, _("%still %s"), out->len > start ? ", " : "",
			    date_format_long(q->until, d));
}

void history_view_refusal(struct layout_text *out, const char *text, int cols)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xmalloc(len + 1);

		memcpy(line, p, len);
		line[len] = '\0';
		if (len)
			layout_text_wrap(out, LAYOUT_ERROR, p == text ? 1 : 3, line, cols - 1);
		free(line);
		p = nl ? nl + 1 : NULL;
	}
}
