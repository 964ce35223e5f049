/* report_segments.c: the segments report (report.h, issue 13 §5): the
 * customers of today by RFM rank (recency x frequency) and by lifetime
 * value, each row with the customer lookup's query that finds exactly its
 * customers ("query": customer_query_to_json, read back by
 * customer_query_from_json), so that the terminal opens a segment as a
 * customer list and a call list can be made of it. The functions are in
 * migration 0121. */
#include "repeatdesk/report.h"
#include "repeatdesk/customer.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/report_table.h"
#include "repeatdesk/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct report_info report_info_segments = {
	.kind = REPORT_SEGMENTS,
	.name = "segments",
	.title = N_("Segments"),
	.summary = N_("today's customers by RFM rank and by lifetime value, each a customer list"),
	.views = {
		{ .name = "rfm", .title = N_("RFM ranks"), .filters = "" },
		{ .name = "ltv", .title = N_("Lifetime value"), .filters = "" },
	},
};

static const struct report_col rfm_cols[] = {
	{ "r", NC_("report column", "Recency"), TABLE_INT, NULL },
	{ "f", NC_("report column", "Frequency"), TABLE_INT, NULL },
	{ "customers", NC_("report column", "Customers"), TABLE_INT, NULL },
	{ "ltv_total", NC_("report column", "LTV total"), TABLE_MONEY, NULL },
	{ "ltv_average", NC_("report column", "LTV average"), TABLE_MONEY, NULL },
	{ "query", NC_("report column", "Query"), TABLE_JSON, NULL },
};

static const struct report_col ltv_cols[] = {
	{ "ltv_min", NC_("report column", "LTV from"), TABLE_MONEY, NULL },
	{ "ltv_max", NC_("report column", "LTV to"), TABLE_MONEY, NULL },
	{ "customers", NC_("report column", "Customers"), TABLE_INT, NULL },
	{ "ltv_total", NC_("report column", "LTV total"), TABLE_MONEY, NULL },
	{ "query", NC_("report column", "Query"), TABLE_JSON, NULL },
};

/* The lookup's query of a row: R and F ranks, or an LTV range (ltv_max
 * -1: no upper bound). One piece of code writes every segment's query. */
static void segment_query(int r, int f, long long ltv_min, long long ltv_max,
			  struct sbuf *out)
{
	struct customer_query q;

	customer_query_init(&q);
	if (r > 0) {
		q.rfm_min[CUSTOMER_RFM_R] = q.rfm_max[CUSTOMER_RFM_R] = r;
		q.rfm_min[CUSTOMER_RFM_F] = q.rfm_max[CUSTOMER_RFM_F] = f;
	} else {
		q.ltv_min = ltv_min;
		q.ltv_max = ltv_max;
	}
	sbuf_init(out);
	customer_query_to_json(&q, out);
}

enum rd_status report_segments(struct rd_db *db, const struct report_params *p,
			       const struct report_watch *w, struct report_result *out,
			       struct rd_error *err)
{
	const struct report_view *rv = report_view_find(&report_info_segments, p->view);
	bool rfm = rv && strcmp(rv->name, "rfm") == 0;
	const struct report_col *cols = rfm ? rfm_cols : ltv_cols;
	int ncols = rfm ? REPORT_NCOLS(rfm_cols) : REPORT_NCOLS(ltv_cols);
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	const char *params[2] = { from, to };
	struct db_rows r;
	enum rd_status st;

	if (!rv)
		return rd_error_set(err, RD_USAGE, _("the %s report has no view '%s'"),
				    _(report_info_segments.title), p->view);
	report_period_params(p, from, to);
	/* the last column, query, is made here */
	st = report_table_query(db, w,
		rfm ? "SELECT * FROM rd.report_segments_rfm($1::date, $2::date)"
		    : "SELECT * FROM rd.report_segments_ltv($1::date, $2::date)",
		2, params, cols, ncols - 1, &r, err);
	if (st != RD_OK)
		return st;
	out->table = report_table_new(cols, ncols);
	for (int i = 0; i < r.nrows; i++) {
		const char *hi = db_rows_get(&r, i, 1);
		char label[TABLE_SHOWN_SIZE * 2 + 8], lo_s[TABLE_SHOWN_SIZE], hi_s[TABLE_SHOWN_SIZE];
		struct sbuf js;

		report_table_add(out->table, cols, ncols - 1, &r, i);
		if (rfm) {
			segment_query(atoi(db_rows_get(&r, i, 0)), atoi(hi), 0, 0, &js);
			snprintf(label, sizeof(label), "R%s F%s", db_rows_get(&r, i, 0), hi);
		} else {
			segment_query(0, 0, strtoll(db_rows_get(&r, i, 0), NULL, 10),
				      hi ? strtoll(hi, NULL, 10) : -1, &js);
			table_cell_shown(out->table, i, 0, lo_s);
			if (hi)
				snprintf(label, sizeof(label), "%s-%s", lo_s,
					 table_cell_shown(out->table, i, 1, hi_s));
			else
				snprintf(label, sizeof(label), _("%s and more"), lo_s);
		}
		table_set(out->table, ncols - 1, js.buf);
		sbuf_done(&js);
		report_chart_bar(out, label, db_rows_get(&r, i, 2), NULL);
	}
	db_rows_free(&r);
	snprintf(out->chart_title, sizeof(out->chart_title), "%s",
		 rfm ? _("Customers by recency and frequency") : _("Customers by lifetime value"));
	return RD_OK;
}
