/* report_retention.c: the retention report (report.h, issue 13 §3): what
 * came of the cancel conversations (rd.retention_offers) by reason, by
 * alternative offered, by agent and by delivery number, and the skips
 * and pauses by month. Each view is one function of migration 0120,
 * whose comment defines the outcomes and the keep rate. */
#include "repeatdesk/report.h"
#include "repeatdesk/date.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/report_table.h"

#include <stdio.h>
#include <string.h>

const struct report_info report_info_retention = {
	.kind = REPORT_RETENTION,
	.name = "retention",
	.title = N_("Retention"),
	.summary = N_("cancel conversations: outcomes by reason, offer, agent and delivery; skips and pauses by month"),
	.views = {
		{ .name = "reasons", .title = N_("By reason"), .filters = "" },
		{ .name = "offers", .title = N_("By offer"), .filters = "" },
		{ .name = "agents", .title = N_("By agent"), .filters = "a" },
		{ .name = "deliveries", .title = N_("By delivery number"), .filters = "" },
		{ .name = "months", .title = N_("Skips and pauses by month"), .filters = "" },
	},
};

/* ---- words ---------------------------------------------------------------- */

static const char *reason_words(const struct db_rows *r, int row, int col,
				char buf[REPORT_WORDS_SIZE])
{
	(void)buf;
	return db_rows_get(r, row, col)[0] ? NULL : C_("retention reason", "(none given)");
}

static const char *offer_words(const struct db_rows *r, int row, int col,
			       char buf[REPORT_WORDS_SIZE])
{
	const char *code = db_rows_get(r, row, col);

	(void)buf;
	if (strcmp(code, "none") == 0)
		return _("nothing offered");
	return history_enum_words("retention_offers", "accepted", code);
}

static const char *delivery_words(const struct db_rows *r, int row, int col,
				  char buf[REPORT_WORDS_SIZE])
{
	const char *later = db_rows_get(r, row, col + 1);

	snprintf(buf, REPORT_WORDS_SIZE,
		 later && strcmp(later, "t") == 0 ? _("%s and later") : "%s",
		 db_rows_get(r, row, col));
	return buf;
}

static const char *month_words(const struct db_rows *r, int row, int col,
			       char buf[REPORT_WORDS_SIZE])
{
	int32_t day;
	int y, m, d;

	if (date_parse_iso(db_rows_get(r, row, col), &day, NULL) != RD_OK)
		return NULL;
	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, REPORT_WORDS_SIZE, "%04d/%02d", y, m);
	return buf;
}

/* ---- the columns of each view -------------------------------------------------- */

#define OUTCOME_COLS \
	{ "conversations", NC_("report column", "Conversations"), TABLE_INT, NULL }, \
	{ "kept", NC_("report column", "Kept"), TABLE_INT, NULL }, \
	{ "changed", NC_("report column", "Changed instead"), TABLE_INT, NULL }, \
	{ "paused", NC_("report column", "Paused"), TABLE_INT, NULL }, \
	{ "not_cancelled", NC_("report column", "Undecided"), TABLE_INT, NULL }, \
	{ "cancelled", NC_("report column", "Cancelled"), TABLE_INT, NULL }, \
	{ "refused", NC_("report column", "Refused by rule"), TABLE_INT, NULL }, \
	{ "keep_rate", NC_("report column", "Keep rate %"), TABLE_DECIMAL, NULL }

static const struct report_col reasons_cols[] = {
	{ "reason", NC_("report column", "Reason"), TABLE_TEXT, reason_words },
	OUTCOME_COLS,
};

static const struct report_col offers_cols[] = {
	{ "offer", NC_("report column", "Offer"), TABLE_CODE, offer_words },
	{ "offered", NC_("report column", "Offered"), TABLE_INT, NULL },
	{ "accepted", NC_("report column", "Taken"), TABLE_INT, NULL },
	{ "accept_rate", NC_("report column", "Taken %"), TABLE_DECIMAL, NULL },
	{ "keep_rate", NC_("report column", "Keep rate %"), TABLE_DECIMAL, NULL },
};

static const struct report_col agents_cols[] = {
	{ "agent", NC_("report column", "Agent"), TABLE_CODE, NULL },
	{ "display_name", NC_("report column", "Name"), TABLE_TEXT, NULL },
	OUTCOME_COLS,
};

static const struct report_col deliveries_cols[] = {
	{ "delivery", NC_("report column", "Delivery"), TABLE_INT, delivery_words },
	{ "and_later", NC_("report column", "And later"), TABLE_BOOL, NULL },
	OUTCOME_COLS,
};

static const struct report_col months_cols[] = {
	{ "month", NC_("report column", "Month"), TABLE_DATE, month_words },
	{ "skips", NC_("report column", "Skips"), TABLE_INT, NULL },
	{ "pauses", NC_("report column", "Pauses"), TABLE_INT, NULL },
};

static const struct report_sql_view views[] = {
	{ "reasons", "SELECT * FROM rd.report_retention_reasons($1::date, $2::date)", "",
	  reasons_cols, REPORT_NCOLS(reasons_cols), 0, 8, true, N_("Keep rate by reason") },
	{ "offers", "SELECT * FROM rd.report_retention_offers($1::date, $2::date)", "",
	  offers_cols, REPORT_NCOLS(offers_cols), 0, 3, true, N_("Share of offers taken") },
	{ "agents", "SELECT * FROM rd.report_retention_agents($1::date, $2::date, $3)", "a",
	  agents_cols, REPORT_NCOLS(agents_cols), 1, 9, true, N_("Keep rate by agent") },
	{ "deliveries", "SELECT * FROM rd.report_retention_deliveries($1::date, $2::date)", "",
	  deliveries_cols, REPORT_NCOLS(deliveries_cols), 0, 9, true,
	  N_("Keep rate by delivery number") },
	{ "months", "SELECT * FROM rd.report_retention_months($1::date, $2::date)", "",
	  months_cols, REPORT_NCOLS(months_cols), 0, 1, false, N_("Skips by month") },
};

enum rd_status report_retention(struct rd_db *db, const struct report_params *p,
				const struct report_watch *w, struct report_result *out,
				struct rd_error *err)
{
	return report_sql_run(db, p, w, &report_info_retention, views,
			      REPORT_NCOLS(views), out, err);
}
