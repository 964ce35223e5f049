/* report_continuation.c: the continuation report (継続率, issue 13
 * section 1; report.h).
 *
 * Two views, each one SQL function of migration 0110:
 *   cohorts  rd.report_continuation_cohorts: per start month (or product,
 *            media code, payment method) the subscriptions started and the
 *            share still subscribed at delivery 1 .. 12; the chart is the
 *            whole selection's share at each delivery.
 *   exits    rd.report_continuation_exits: the cancelled ones by cancel
 *            reason and the deliveries they had reached when they left;
 *            the chart is the cancellations by that delivery number.
 * The database counts; this file lays the counts out, works out the
 * shares and gives the words. The share at delivery n is the product,
 * delivery by delivery, of the part of those whose delivery k was decided
 * that reached it (Kaplan-Meier: still-running subscriptions that have
 * not reached k yet are left out of step k, see 0110); one digit, rounded
 * half up. The chart's shares come from the groups' counts added up,
 * never from an average of percentages. doc/notes/reports-continuation.md
 * says what "reached delivery n" means. */
#include "repeatdesk/report.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/subrule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DELIVERIES 12

const struct report_info report_info_continuation = {
	.kind = REPORT_CONTINUATION,
	.name = "continuation",
	.title = N_("Continuation"),
	.summary = N_("share of subscriptions still subscribed at delivery 1 to 12, and where they left"),
	.views = {
		{ .name = "cohorts", .title = N_("Continuation by delivery"), .filters = "bpmy" },
		{ .name = "exits", .title = N_("Cancellations by reason and delivery"), .filters = "pmy" },
	},
};

/* The exits view's buckets, as the SQL function names them. */
static const char *const buckets[] = { "0", "1", "2", "3", "4", "5-6", "7-12", "13+" };
static const char *const bucket_cols[] = {
	"left_0", "left_1", "left_2", "left_3", "left_4", "left_5_6", "left_7_12",
	"left_13_plus"
};
#define NBUCKETS ((int)(sizeof(buckets) / sizeof(buckets[0])))

/* part of whole in percent with one digit, rounded half up: "81.2";
 * whole > 0. */
static void percent1(long long part, long long whole, char *buf, size_t size)
{
	long long tenths = (part * 2000 + whole) / (whole * 2);

	snprintf(buf, size, "%lld.%lld", tenths / 10, tenths % 10);
}

/* A share (0..1) in percent with one digit, rounded half up; the
 * epsilon keeps a product that is exactly x.x5 in decimals (62.5%, 12.25%)
 * from falling below the half through binary rounding. */
static void share1(double share, char *buf, size_t size)
{
	long long tenths = (long long)(share * 1000.0 + 0.5 + 1e-9);

	snprintf(buf, size, "%lld.%lld", tenths / 10, tenths % 10);
}

/* The continuation at deliveries 1..DELIVERIES from each step's counts:
 * known[n] false when some step up to n had nobody whose delivery was
 * decided (the share is not known yet); once the share is 0 it stays 0. */
static void continuation(const long long reached[], const long long at_risk[],
			 double share[], bool known[])
{
	double s = 1.0;
	bool ok = true;

	for (int k = 0; k < DELIVERIES; k++) {
		if (ok && s > 0.0) {
			if (at_risk[k] > 0)
				s *= (double)reached[k] / (double)at_risk[k];
			else
				ok = false;
		}
		share[k] = s;
		known[k] = ok;
	}
}

static long long cell_ll(const struct db_rows *r, int row, int col)
{
	const char *v = db_rows_get(r, row, col);

	return v ? atoll(v) : 0;
}

/* The period and filters as the functions' parameters. */
struct call {
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
};

static enum rd_status check_params(const struct report_params *p,
				   struct rd_error *err)
{
	static const char *const bys[] = { "", "month", "product", "media", "payment" };
	enum subrule_payment pay;
	bool ok = false;

	for (size_t i = 0; i < sizeof(bys) / sizeof(bys[0]); i++)
		ok = ok || strcmp(p->by, bys[i]) == 0;
	if (!ok)
		return rd_error_set(err, RD_USAGE,
			_("--by is month, product, media or payment, not '%s'"), p->by);
	if (p->payment[0] && subrule_payment_parse(p->payment, &pay) != 0)
		return rd_error_set(err, RD_USAGE,
			_("unknown payment method '%s': use card, cod, deferred or bank"),
			p->payment);
	return RD_OK;
}

/* ---- cohorts ------------------------------------------------------------ */

enum by { BY_MONTH, BY_PRODUCT, BY_MEDIA, BY_PAYMENT };

static enum by by_of(const char *s)
{
	if (strcmp(s, "product") == 0)
		return BY_PRODUCT;
	if (strcmp(s, "media") == 0)
		return BY_MEDIA;
	if (strcmp(s, "payment") == 0)
		return BY_PAYMENT;
	return BY_MONTH;
}

/* The group's name column: the product's or media code's name, the
 * payment method in words; NULL for a month. */
static const char *group_words(enum by by, const char *key, const char *name)
{
	enum subrule_payment pay;

	switch (by) {
	case BY_PRODUCT:
		return name ? name : key;
	case BY_MEDIA:
		return key ? (name ? name : key) : _("no media code");
	case BY_PAYMENT:
		return key && subrule_payment_parse(key, &pay) == 0
			       ? subrule_payment_label(pay) : key;
	default:
		return NULL;
	}
}

static void cohorts_columns(struct table *t, enum by by)
{
	static const char *const names[] = { "month", "sku", "media_code", "payment" };
	const char *titles[] = { _("Start month"), _("Product"), _("Media code"),
				 _("Payment") };
	char name[16], title[32];

	table_add_column(t, names[by], titles[by], by == BY_MONTH ? TABLE_TEXT : TABLE_CODE);
	if (by != BY_MONTH)
		table_add_column(t, "name", C_("report column", "Name"), TABLE_TEXT);
	table_add_column(t, "started", _("Started"), TABLE_INT);
	for (int n = 1; n <= DELIVERIES; n++) {
		snprintf(name, sizeof(name), "d%d", n);
		/* TRANSLATORS: a column of the continuation report: the
		 * share still subscribed at delivery %d ("3回目") */
		snprintf(title, sizeof(title), C_("continuation column", "#%d"), n);
		table_add_column(t, name, title, TABLE_DECIMAL);
	}
}

/* Sets the share cells d1..d12 (from column first + 1) of the last row. */
static void set_shares(struct table *t, int first, const long long reached[],
		       const long long at_risk[])
{
	double share[DELIVERIES];
	bool known[DELIVERIES];
	char buf[32];

	continuation(reached, at_risk, share, known);
	for (int k = 0; k < DELIVERIES; k++)
		if (known[k]) {
			share1(share[k], buf, sizeof(buf));
			table_set(t, first + 1 + k, buf);
		}
}

static enum rd_status cohorts(struct rd_db *db, const struct report_params *p,
			      const struct report_watch *w, const struct call *c,
			      struct report_result *out, struct rd_error *err)
{
	const char *params[6] = { c->from, c->to, p->by, p->product, p->media, p->payment };
	enum by by = by_of(p->by);
	/* the group's counts, and the whole selection's */
	long long reached[DELIVERIES] = { 0 }, at_risk[DELIVERIES] = { 0 };
	long long all_reached[DELIVERIES] = { 0 }, all_at_risk[DELIVERIES] = { 0 },
		  censored[DELIVERIES] = { 0 };
	double share[DELIVERIES];
	bool known[DELIVERIES];
	int first = by == BY_MONTH ? 1 : 2;  /* the started column */
	struct db_rows r;
	enum rd_status st;
	char buf[32];

	st = report_query(db, w,
		"SELECT group_key, group_name, started, delivery_no, reached, at_risk, censored"
		"  FROM rd.report_continuation_cohorts($1::date, $2::date, $3, $4, $5, $6)",
		6, params, &r, err);
	if (st != RD_OK)
		return st;
	out->table = table_new();
	cohorts_columns(out->table, by);
	/* DELIVERIES rows per group, delivery_no 1 .. DELIVERIES in order */
	for (int i = 0; i < r.nrows; i++) {
		const char *key = db_rows_get(&r, i, 0);
		int n = (int)cell_ll(&r, i, 3);

		if (n < 1 || n > DELIVERIES)
			continue;
		if (n == 1) {
			table_add_row(out->table);
			table_set(out->table, 0, key);
			if (by != BY_MONTH)
				table_set(out->table, 1,
					  group_words(by, key, db_rows_get(&r, i, 1)));
			table_set(out->table, first, db_rows_get(&r, i, 2));
		}
		reached[n - 1] = cell_ll(&r, i, 4);
		at_risk[n - 1] = cell_ll(&r, i, 5);
		all_reached[n - 1] += reached[n - 1];
		all_at_risk[n - 1] += at_risk[n - 1];
		censored[n - 1] += cell_ll(&r, i, 6);
		if (n == DELIVERIES)
			set_shares(out->table, first, reached, at_risk);
	}
	db_rows_free(&r);

	out->chart = table_new();
	table_add_column(out->chart, "label", _("Delivery"), TABLE_TEXT);
	table_add_column(out->chart, "value", _("Share"), TABLE_TEXT);
	table_add_column(out->chart, "shown", "", TABLE_TEXT);
	continuation(all_reached, all_at_risk, share, known);
	for (int n = 1; n <= DELIVERIES; n++) {
		char label[32];

		table_add_row(out->chart);
		snprintf(label, sizeof(label), _("delivery %d"), n);
		table_set(out->chart, 0, label);
		if (known[n - 1]) {
			share1(share[n - 1], buf, sizeof(buf));
			table_set(out->chart, 1, buf);
			table_setf(out->chart, 2, "%s%%", buf);
		} else {
			table_set(out->chart, 1, "0");
			table_set(out->chart, 2, _("none could reach it yet"));
		}
	}
	snprintf(out->chart_title, sizeof(out->chart_title), "%s",
		 _("Still subscribed at each delivery (all groups)"));
	out->chart_percent = true;
	/* a still-running one below n is below every later n too */
	if (censored[DELIVERIES - 1] > 0)
		snprintf(out->note, sizeof(out->note),
			_("Subscriptions still running that have not reached a delivery yet are left out of its share: %lld for delivery 2, %lld for delivery 3, %lld for delivery 6, %lld for delivery 12."),
			censored[1], censored[2], censored[5], censored[DELIVERIES - 1]);
	return RD_OK;
}

/* ---- exits -------------------------------------------------------------- */

static int bucket_index(const char *b)
{
	for (int i = 0; b && i < NBUCKETS; i++)
		if (strcmp(buckets[i], b) == 0)
			return i;
	return -1;
}

/* Whether row i of r starts another reason than row i - 1 (a reason's
 * rows are adjacent: the function orders by reason). */
static bool new_reason(const struct db_rows *r, int i)
{
	const char *a, *b;

	if (i == 0)
		return true;
	a = db_rows_get(r, i - 1, 0);
	b = db_rows_get(r, i, 0);
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0);
}

static enum rd_status exits(struct rd_db *db, const struct report_params *p,
			    const struct report_watch *w, const struct call *c,
			    struct report_result *out, struct rd_error *err)
{
	const char *params[5] = { c->from, c->to, p->product, p->media, p->payment };
	long long per_bucket[NBUCKETS] = { 0 }, total = 0;
	struct db_rows r;
	enum rd_status st;
	char buf[32];

	st = report_query(db, w,
		"SELECT reason, bucket, cancelled"
		"  FROM rd.report_continuation_exits($1::date, $2::date, $3, $4, $5)",
		5, params, &r, err);
	if (st != RD_OK)
		return st;
	out->table = table_new();
	table_add_column(out->table, "reason", _("Cancel reason"), TABLE_TEXT);
	table_add_column(out->table, "cancels", _("Cancellations"), TABLE_INT);
	table_add_column(out->table, "share", _("Share %"), TABLE_DECIMAL);
	for (int b = 0; b < NBUCKETS; b++)
		table_add_column(out->table, bucket_cols[b], buckets[b], TABLE_INT);

	for (int i = 0; i < r.nrows; i++)
		total += cell_ll(&r, i, 2);
	for (int i = 0; i < r.nrows; i++) {
		const char *reason = db_rows_get(&r, i, 0);
		long long n = cell_ll(&r, i, 2), of_reason = 0;
		int b = bucket_index(db_rows_get(&r, i, 1));

		if (new_reason(&r, i)) {
			for (int j = i; j < r.nrows && (j == i || !new_reason(&r, j)); j++)
				of_reason += cell_ll(&r, j, 2);
			table_add_row(out->table);
			/* "" with words: a reason nobody wrote down */
			table_set(out->table, 0, reason ? reason : "");
			if (!reason)
				table_set_words(out->table, 0, _("no reason written"));
			table_setf(out->table, 1, "%lld", of_reason);
			percent1(of_reason, total, buf, sizeof(buf));
			table_set(out->table, 2, buf);
			for (int k = 0; k < NBUCKETS; k++)
				table_set(out->table, 3 + k, "0");
		}
		if (b < 0)
			continue;
		table_setf(out->table, 3 + b, "%lld", n);
		per_bucket[b] += n;
	}
	db_rows_free(&r);

	out->chart = table_new();
	table_add_column(out->chart, "label", _("Deliveries reached"), TABLE_TEXT);
	table_add_column(out->chart, "value", _("Cancellations"), TABLE_INT);
	table_add_column(out->chart, "shown", "", TABLE_TEXT);
	for (int b = 0; b < NBUCKETS; b++) {
		table_add_row(out->chart);
		table_set(out->chart, 0, buckets[b]);
		table_setf(out->chart, 1, "%lld", per_bucket[b]);
		table_setf(out->chart, 2, "%lld", per_bucket[b]);
	}
	snprintf(out->chart_title, sizeof(out->chart_title), "%s",
		 _("Cancellations by the deliveries reached before leaving"));
	out->chart_percent = false;
	return RD_OK;
}

enum rd_status report_continuation(struct rd_db *db, const struct report_params *p,
	const struct report_watch *w, struct report_result *out, struct rd_error *err)
{
	const struct report_view *v = report_view_find(&report_info_continuation, p->view);
	struct call c;
	enum rd_status st;

	if ((st = check_params(p, err)) != RD_OK)
		return st;
	date_format_iso(p->from, c.from);
	date_format_iso(p->to, c.to);
	if (v && strcmp(v->name, "exits") == 0)
		return exits(db, p, w, &c, out, err);
	return cohorts(db, p, w, &c, out, err);
}
