/* report_text.c: the report screens' text (report_text.h). Pure. */
#include "report_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/chart.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/pricing.h"
#include "repeatdesk/table.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#define MIDDOT "\xC2\xB7"  /* · */

int32_t report_today_local(time_t now)
{
	long long s = (long long)now + 9 * 60 * 60;
	long long d = s / 86400;

	if (s < 0 && s % 86400)
		d--;
	return (int32_t)d;
}

void report_period_text(int32_t from, int32_t to, char buf[REPORT_PERIOD_SIZE])
{
	char a[DATE_LONG_SIZE], b[DATE_LONG_SIZE];

	/* TRANSLATORS: a report's period: the first day, then the last
	 * (both included), 2026/01/01(Thu) – 2026/12/07(Mon). */
	snprintf(buf, REPORT_PERIOD_SIZE, _("%s \xE2\x80\x93 %s"),
		 date_format_long(from, a), date_format_long(to, b));
}

static bool month_end(int32_t day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return d == date_days_in_month(y, m);
}

static int32_t shift_day(int32_t day, int months)
{
	int32_t moved = date_add_months(day, months);

	if (month_end(day)) {
		int y, m, d;

		date_to_ymd(moved, &y, &m, &d);
		moved = date_from_ymd(y, m, date_days_in_month(y, m));
	}
	return moved;
}

void report_period_shift(int32_t *from, int32_t *to, int months)
{
	*from = shift_day(*from, months);
	*to = shift_day(*to, months);
}

bool report_view_takes(const struct report_view *v, char letter)
{
	return v && v->filters && strchr(v->filters, letter) != NULL;
}

/* The words of a grouping ("by"). */
static const char *by_words(const char *by)
{
	if (strcmp(by, "month") == 0)
		return _("start month");
	if (strcmp(by, "product") == 0)
		return _("product");
	if (strcmp(by, "media") == 0)
		return _("media code");
	if (strcmp(by, "payment") == 0)
		return _("payment");
	return by;
}

static void add_part(struct sbuf *out, const char *label, const char *value)
{
	if (out->len)
		sbuf_adds(out, "  " MIDDOT "  ");
	sbuf_printf(out, "%s %s", label, value);
}

void report_filters_text(const struct report_params *p,
			 const struct report_view *v, struct sbuf *out)
{
	if (report_view_takes(v, 'b') && p->by[0])
		add_part(out, _("By"), by_words(p->by));
	if (report_view_takes(v, 'p') && p->product[0])
		add_part(out, _("Product"), p->product);
	if (report_view_takes(v, 'm') && p->media[0])
		add_part(out, _("Media code"), p->media);
	if (report_view_takes(v, 'y') && p->payment[0]) {
		enum pricing_payment pay;

		add_part(out, _("Payment"),
			 pricing_payment_parse(p->payment, &pay, NULL) == RD_OK
				 ? pricing_payment_label(pay) : p->payment);
	}
	if (report_view_takes(v, 'a') && p->agent[0])
		add_part(out, _("Agent"), p->agent);
}

void report_params_for_view(const struct report_params *p,
			    const struct report_view *v,
			    struct report_params *out)
{
	*out = *p;
	snprintf(out->view, sizeof(out->view), "%s", v && v->name ? v->name : "");
	if (!report_view_takes(v, 'b'))
		out->by[0] = '\0';
	if (!report_view_takes(v, 'p'))
		out->product[0] = '\0';
	if (!report_view_takes(v, 'm'))
		out->media[0] = '\0';
	if (!report_view_takes(v, 'y'))
		out->payment[0] = '\0';
	if (!report_view_takes(v, 'a'))
		out->agent[0] = '\0';
}

void report_export_default(const char *kind_name, int32_t today, char *buf,
			   size_t n)
{
	char iso[DATE_ISO_SIZE];

	snprintf(buf, n, "~/repeatdesk-%s-%s.csv", kind_name,
		 date_format_iso(today, iso));
}

int report_path_expand(const char *typed, const char *home, char *buf,
		       size_t n)
{
	int len;

	while (*typed == ' ')
		typed++;
	if (!*typed)
		return -1;
	if (typed[0] == '~' && (typed[1] == '/' || typed[1] == '\0')) {
		if (!home || !*home)
			return -1;
		len = snprintf(buf, n, "%s%s", home, typed + 1);
	} else {
		len = snprintf(buf, n, "%s", typed);
	}
	if (len < 0 || (size_t)len >= n)
		return -1;
	/* trailing spaces typed by accident are not part of a name */
	while (len > 0 && buf[len - 1] == ' ')
		buf[--len] = '\0';
	return len > 0 ? 0 : -1;
}

void report_chart_lines(struct layout_text *out, const struct report_result *r,
			int cols)
{
	struct chart_layout l;
	struct sbuf sb;

	if (!r->chart || table_rows(r->chart) == 0)
		return;
	if (cols < 30)
		cols = 30;
	if (r->chart_title[0])
		layout_text_addf(out, LAYOUT_HEADING, " %s", r->chart_title);
	/* one column of margin on the left, like every body line */
	chart_layout_fit(r->chart, r->chart_percent, cols - 2, &l);
	sbuf_init(&sb);
	for (int i = 0; i < table_rows(r->chart); i++) {
		struct layout_line *line = layout_text_add(out, LAYOUT_NORMAL);

		sbuf_reset(&sb);
		sbuf_addc(&sb, ' ');
		chart_format_row(r->chart, i, &l, &sb);
		layout_line_add(line, sb.buf, LAYOUT_NORMAL);
	}
	sbuf_done(&sb);
}

int report_table_col(const struct table *t, const char *name)
{
	for (int c = 0; t && c < table_cols(t); c++)
		if (strcmp(table_col_name(t, c), name) == 0)
			return c;
	return -1;
}


#define GAP 2

void report_table_lines(struct layout_text *out, const struct table *t,
			int cols, int sel, size_t *first_line)
{
	int nc = table_cols(t), nr = table_rows(t);
	struct layout_col *c = xcalloc((size_t)(nc ? nc : 1), sizeof(*c));
	const char **texts = xcalloc((size_t)(nc ? nc : 1), sizeof(*texts));
	char (*bufs)[TABLE_SHOWN_SIZE] = xcalloc((size_t)(nc ? nc : 1), sizeof(*bufs));
	struct sbuf sb;

	for (int j = 0; j < nc; j++) {
		enum table_type type = table_col_type(t, j);
		int want = width_str(table_col_title(t, j));

		if (type == TABLE_JSON)
			continue;  /* a query for the program, not for a person */
		for (int i = 0; i < nr; i++) {
			const char *s = table_cell_shown(t, i, j, bufs[j]);
			int w = s ? width_str(s) : 0;

			if (w > want)
				want = w;
		}
		c[j].want = want;
		c[j].right = table_col_numeric(t, j);
		/* counts, amounts and what names the row are read whole; the
		 * other columns (shares included: a report of twelve of them
		 * names those that do not fit) give way from the right */
		c[j].keep = type == TABLE_INT || type == TABLE_MONEY || j == 0 ||
			    type == TABLE_CODE;
		c[j].min = c[j].keep ? want : (want < 6 ? want : 6);
		c[j].priority = c[j].keep ? 100 + nc - j : nc - j;
	}
	for (int j = 0; j < nc; j++)
		if (table_col_type(t, j) == TABLE_JSON)
			c[j].want = c[j].min = 0, c[j].keep = false, c[j].priority = -1;
	layout_cols_fit(c, (size_t)nc, cols - 2, GAP);
	for (int j = 0; j < nc; j++)
		if (table_col_type(t, j) == TABLE_JSON)
			c[j].width = 0;

	sbuf_init(&sb);
	for (int j = 0; j < nc; j++)
		texts[j] = table_col_title(t, j);
	sbuf_adds(&sb, "  ");
	layout_cols_row(&sb, c, (size_t)nc, texts, GAP);
	layout_line_add(layout_text_add(out, LAYOUT_HEADING), sb.buf, LAYOUT_HEADING);
	if (first_line)
		*first_line = out->n;
	for (int i = 0; i < nr; i++) {
		struct layout_line *l;

		for (int j = 0; j < nc; j++)
			texts[j] = table_cell_shown(t, i, j, bufs[j]);
		sbuf_reset(&sb);
		sbuf_adds(&sb, i == sel ? "> " : "  ");
		layout_cols_row(&sb, c, (size_t)nc, texts, GAP);
		l = layout_text_add(out, i == sel ? LAYOUT_BAR : LAYOUT_NORMAL);
		layout_line_add(l, sb.buf, i == sel ? LAYOUT_BAR : LAYOUT_NORMAL);
	}
	/* a column that gave way is said, never silently missing */
	sbuf_reset(&sb);
	for (int j = 0; j < nc; j++) {
		if (c[j].width > 0 || table_col_type(t, j) == TABLE_JSON)
			continue;
		if (sb.len)
			sbuf_adds(&sb, ", ");
		sbuf_adds(&sb, table_col_title(t, j));
	}
	if (sb.len) {
		char *names = sbuf_detach(&sb);
		struct layout_line *l = layout_text_add(out, LAYOUT_DIM);

		/* sbuf_detach leaves sb empty and ready */
		/* TRANSLATORS: under a report's table: the columns that do not
		 * fit the terminal. */
		sbuf_printf(&sb, _("Not shown at this width: %s (the CSV has every column)"), names);
		layout_line_add(l, "  ", LAYOUT_DIM);
		layout_line_add(l, sb.buf, LAYOUT_DIM);
		free(names);
	}
	sbuf_done(&sb);
	free(bufs);
	free(texts);
	free(c);
}
