/* report.h: the supervisors' reports (issue 13).
 *
 * A report is a kind (continuation, media, retention, workload,
 * segments) and one of its views; what it shows is a struct table (typed
 * columns with stable names: the command line renders it as table, json
 * or csv, the terminal as a table) and, for most views, a chart: a second
 * table of bars (label, value, the text beside the bar) that core/chart
 * draws with Unicode blocks.
 *
 * Every view is one SQL function of the database, rd.report_*(...),
 * that only supervisors may EXECUTE (an operator gets PostgreSQL's
 * refusal), called with parameters. report_run runs it in a READ ONLY
 * transaction with a statement timeout, through db_query_wait, so a long
 * report can be stopped (Esc in the terminal, Ctrl-C on the command
 * line) and leaves nothing locked. The connection is the report
 * connection when one is configured ([database] report,
 * REPEATDESK_REPORT_DB: a streaming replica), otherwise the main one. */
#ifndef REPEATDESK_REPORT_H
#define REPEATDESK_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "repeatdesk/db.h"
#include "repeatdesk/status.h"
#include "repeatdesk/table.h"

enum report_kind {
	REPORT_CONTINUATION,   /* 継続率 */
	REPORT_MEDIA,          /* 媒体分析 */
	REPORT_RETENTION,      /* 解約防止 */
	REPORT_WORKLOAD,       /* 業務量 */
	REPORT_SEGMENTS,       /* 顧客セグメント */
	REPORT_KIND_COUNT
};

#define REPORT_TEXT_SIZE 64
#define REPORT_VIEWS_MAX 8
#define REPORT_NOTE_SIZE 512

/* What a report is asked for. report_params_init sets the defaults. */
struct report_params {
	enum report_kind kind;
	char view[REPORT_TEXT_SIZE];     /* "" = the kind's first view */
	int32_t from, to;                /* business days (date.h), inclusive;
					  * report_params_init: the last 12
					  * months up to today */
	char by[REPORT_TEXT_SIZE];       /* grouping where the view has one:
					  * continuation: month (default),
					  * product, media, payment */
	char product[REPORT_TEXT_SIZE];  /* sku, "" = all */
	char media[REPORT_TEXT_SIZE];    /* media code, "" = all */
	char payment[REPORT_TEXT_SIZE];  /* card, cod, deferred, bank; "" = all */
	char agent[REPORT_TEXT_SIZE];    /* agent login, "" = all */
	int timeout_ms;                  /* statement timeout; 0 = the default
					  * (REPORT_TIMEOUT_MS) */
};

#define REPORT_TIMEOUT_MS 60000

/* One view of a kind. */
struct report_view {
	const char *name;     /* "cohorts": the command line's --view */
	const char *title;    /* N_() words for the menu */
	const char *filters;  /* which filters apply: letters of "bpmya"
			       * (by, product, media, payment, agent) */
};

struct report_info {
	enum report_kind kind;
	const char *name;     /* "continuation": the command line's word */
	const char *title;    /* N_() words ("Continuation") */
	const char *summary;  /* N_() one line for --help and the menu */
	struct report_view views[REPORT_VIEWS_MAX];  /* ends at name NULL */
};

/* Each kind's description, defined in its own file (store/report_*.c). */
extern const struct report_info report_info_continuation;
extern const struct report_info report_info_media;
extern const struct report_info report_info_retention;
extern const struct report_info report_info_workload;
extern const struct report_info report_info_segments;

/* The kinds in menu order (kind < REPORT_KIND_COUNT). */
const struct report_info *report_info(enum report_kind kind);
/* "continuation" → its kind; -1 when there is none of that name. */
int report_kind_parse(const char *name);
/* The view named (or the first when name is "" or NULL); NULL when the
 * kind has no such view. */
const struct report_view *report_view_find(const struct report_info *info,
					   const char *name);

void report_params_init(struct report_params *p, enum report_kind kind,
			int32_t today);

/* What a report gives. table and chart belong to the result. */
struct report_result {
	struct table *table;   /* never NULL after RD_OK */
	/* bars: columns label (TEXT), value (INT or a decimal number as
	 * text, >= 0), shown (TEXT, the number beside the bar); NULL when
	 * the view has no chart */
	struct table *chart;
	char chart_title[REPORT_TEXT_SIZE * 2];
	bool chart_percent;    /* values are percentages (0-100) */
	/* one line under the report, in the reader's language: what was
	 * left out and why ("3 customers who asked not to be called were
	 * left out"), "" when nothing */
	char note[REPORT_NOTE_SIZE];
};

void report_result_free(struct report_result *r);

/* The database's business today (rd.customer_today(): the business time
 * zone of rd.settings) and, when now is not NULL, its clock as RFC 3339
 * with the offset (date.h DATE_RFC3339_SIZE bytes). Reports are asked for
 * periods relative to this day, whoever's clock is wrong. */
enum rd_status report_business_today(struct rd_db *db, int32_t *today, char *now,
				     struct rd_error *err);

/* How a running report is watched: wait (may be NULL) is called about
 * every 100 ms with the seconds it has run; returning true stops it
 * (RD_CANCELLED). */
struct report_watch {
	db_wait_fn wait;
	void *ctx;
};

/* Runs the report p asks for on db (the report connection or the main
 * one) and fills *out. RD_USAGE for a view the kind does not have, a
 * filter it does not take, or from after to; RD_PERMISSION for a role
 * that may not read reports (the database's refusal); RD_CANCELLED when
 * stopped. Nothing is written. */
enum rd_status report_run(struct rd_db *db, const struct report_params *p,
			  const struct report_watch *w,
			  struct report_result *out, struct rd_error *err);

/* For the report views' own files (store/report_*.c): runs one SQL
 * statement of the report with the watch (inside report_run's
 * transaction). */
enum rd_status report_query(struct rd_db *db, const struct report_watch *w,
			    const char *sql, int nparams,
			    const char *const *params, struct db_rows *out,
			    struct rd_error *err);

/* Each kind's views, one file each (store/report_<kind>.c); called by
 * report_run inside its transaction with p checked. */
enum rd_status report_continuation(struct rd_db *db, const struct report_params *p,
				   const struct report_watch *w,
				   struct report_result *out, struct rd_error *err);
enum rd_status report_media(struct rd_db *db, const struct report_params *p,
			    const struct report_watch *w,
			    struct report_result *out, struct rd_error *err);
enum rd_status report_retention(struct rd_db *db, const struct report_params *p,
				const struct report_watch *w,
				struct report_result *out, struct rd_error *err);
enum rd_status report_workload(struct rd_db *db, const struct report_params *p,
			       const struct report_watch *w,
			       struct report_result *out, struct rd_error *err);
enum rd_status report_segments(struct rd_db *db, const struct report_params *p,
			       const struct report_watch *w,
			       struct report_result *out, struct rd_error *err);

#endif
