/* shipment.c: the shipment run (shipment.h). Pages of due subscriptions
 * (subscription_due's keyset) each become one transaction: the page's
 * subscriptions are locked and read in one statement, reservations that
 * take effect are applied (subscription_apply_reservations_tx), dates,
 * amounts, inserts and the advance are computed here with core/subrule,
 * money and pricing, and written with statements over arrays: the
 * subscriptions of each round (against the versions read), then once per
 * page the orders with their lines and inserts (ON CONFLICT on the
 * delivery's key: exactly once; in subscription and delivery order, so
 * that ids, parcels and their fees come out as when each subscription is
 * its own page) and the bundles. A subscription with several deliveries
 * in the window goes round again within the page; before a reservation
 * is applied in a later round, the orders so far are written (they take
 * the subscription's payment, slot and address as they were). With
 * further connections (opt->workers) each
 * works through pages in a thread of its own; the cursor and the summary
 * are shared under a mutex. Every statement is parameterized; the SQL
 * text is constant. */
#include "repeatdesk/shipment.h"
#include "shipment_sql.h"
#include "repeatdesk/bizlang.h"
#include "repeatdesk/catalog.h"
#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/money.h"
#include "repeatdesk/order.h"
#include "repeatdesk/pricing.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/width.h"
#include "repeatdesk/timeouts.h"
#include "repeatdesk/xalloc.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_DEFAULT 5
#define WINDOW_MAX 60
/* Rounds of one page: deliveries of one subscription in one window. A
 * 1-day cycle over the longest window makes 61; more means a schedule
 * that does not move on, which is refused rather than looped on. */
#define MAX_ROUNDS 100

/* ---- arrays for unnest() ------------------------------------------------- */

/* A PostgreSQL array literal being built: "{1,2,3}". */
struct arr {
	struct sbuf sb;
	int n;
	bool closed;
};

static void arr_init(struct arr *a)
{
	sbuf_init(&a->sb);
	sbuf_addc(&a->sb, '{');
	a->n = 0;
	a->closed = false;
}

static void arr_sep(struct arr *a)
{
	if (a->n++)
		sbuf_addc(&a->sb, ',');
}

static void arr_int(struct arr *a, long long v)
{
	arr_sep(a);
	sbuf_printf(&a->sb, "%lld", v);
}

/* Any text, quoted: backslashes and double quotes escaped. */
static void arr_text(struct arr *a, const char *s)
{
	arr_sep(a);
	sbuf_addc(&a->sb, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sbuf_addc(&a->sb, '\\');
		sbuf_addc(&a->sb, *s);
	}
	sbuf_addc(&a->sb, '"');
}

static void arr_date(struct arr *a, int32_t d)
{
	char iso[DATE_ISO_SIZE];

	arr_sep(a);
	sbuf_adds(&a->sb, date_format_iso(d, iso));
}

/* The literal, closed (once). */
static const char *arr_get(struct arr *a)
{
	if (!a->closed)
		sbuf_addc(&a->sb, '}');
	a->closed = true;
	return a->sb.buf;
}

static void arrs_init(struct arr *a, int n)
{
	for (int i = 0; i < n; i++)
		arr_init(&a[i]);
}

static void arrs_done(struct arr *a, int n)
{
	for (int i = 0; i < n; i++)
		sbuf_done(&a[i].sb);
}

/* ---- the run ---------------------------------------------------------------- */

/* What a page did; added to the summary when it commits. */
struct counts {
	long long created, existed, reservations, bundled, inserts, skipped, not_due, errors;
};

enum {
	/* orders: subscription, delivery number, date, amounts, notes */
	O_SID, O_NO, O_DATE, O_S10, O_S8, O_T10, O_T8, O_SHIP, O_COD, O_TOTAL, O_NOTES, O_N,
	/* lines: the order's (subscription, number), sku, quantity, price, rate */
	L_SID = 0, L_NO, L_SKU, L_QTY, L_PRICE, L_RATE, L_N,
	/* inserts: the order's (subscription, number), rule */
	I_SID = 0, I_NO, I_RULE, I_N,
	/* the advance */
	A_ID = 0, A_VERSION, A_COUNT, A_NEXT, A_STATUS, A_PCT, A_REM, A_WHAT, A_N
};

/* What every worker shares; the mutex guards the cursor, the summary and
 * the error. */
struct shared {
	const struct shipment_options *opt;
	struct shipment_summary *sum;
	char reason[SHIPMENT_REASON_CHARS * 4 + 1];
	struct subscription_rules *rules;
	struct pricing_settings pricing;
	struct schedule closures;     /* a delivery's day from its nominal date */
	struct pricing_insert_rule *irules;
	size_t nirules;
	int cap;
	pthread_mutex_t lock;
	long long after;              /* keyset: the last subscription id paged */
	long long done;               /* due subscriptions looked at */
	bool exhausted;               /* no more pages */
	bool stop;                    /* a worker failed: the others stop */
	enum rd_status st;
	struct rd_error err;
	/* the business's language: what the run writes for people to read
	 * later (last change, order notes, the history's reason) */
	const struct rd_catalog *biz;
};

/* One connection working through pages: a page's state and arrays. */
struct run {
	struct shared *sh;
	struct rd_db *db;
	struct subscription_state *states;
	bool *first_order;
	bool *has_res;
	char (*bar)[SHIPMENT_ERROR_SIZE];   /* why its payment is barred, "" */
	long long *ids, *next_ids;
	/* the customers whose first order this page made (round 0, in
	 * subscription id order): a customer's other deliveries in the page
	 * are not first orders, as when each subscription is its own page */
	long long *firsted;
	int nfirsted;
	struct subscription_due *due;
	struct counts c;
	char first_error[SHIPMENT_ERROR_SIZE];
	/* the page's orders, lines and inserts (written once, at the end of
	 * the page, in subscription and delivery order) and the round's
	 * advance */
	struct arr o[O_N], l[L_N], ins[I_N], adv[A_N];
	int norders, nadvanced;
};

static void row_error(struct run *r, long long id, const char *msg)
{
	r->c.errors++;
	if (!r->first_error[0])
		snprintf(r->first_error, sizeof(r->first_error), _("subscription %lld: %s"), id, msg);
}

static enum rd_status load_window(struct run *r, struct rd_error *err)
{
	char value[32];
	bool is_null = false;
	enum rd_status st;
	char *end;
	long v;

	st = db_query_value(r->db, "SELECT value FROM rd.settings WHERE key = 'shipment_window_days'",
			    0, NULL, value, sizeof(value), &is_null, err);
	if (st == RD_NOT_FOUND || (st == RD_OK && is_null)) {
		rd_error_clear(err);
		r->sh->sum->window_days = WINDOW_DEFAULT;
		return RD_OK;
	}
	if (st != RD_OK)
		return st;
	v = strtol(value, &end, 10);
	if (!*value || *end || v < 0 || v > WINDOW_MAX)
		return rd_error_set(err, RD_INVALID,
			_("the setting shipment_window_days is '%s', not a number from 0 to %d: ask a supervisor to correct it"),
			value, WINDOW_MAX);
	r->sh->sum->window_days = (int)v;
	return RD_OK;
}

/* The active insert rules, as order entry reads them. */
static enum rd_status load_insert_rules(struct run *r, struct rd_error *err)
{
	struct db_rows rows;
	enum rd_status st;

	st = db_query(r->db,
		"SELECT id, code, name, first_order, coalesce(delivery_no, 0),"
		"       coalesce(sku, ''), coalesce(min_total, -1), priority"
		"  FROM rd.insert_rules WHERE active"
		" ORDER BY priority, code LIMIT 200", 0, NULL, &rows, err);
	if (st != RD_OK)
		return st;
	r->sh->irules = xcalloc((size_t)rows.nrows + 1, sizeof(*r->sh->irules));
	for (int i = 0; i < rows.nrows; i++) {
		struct pricing_insert_rule *x = &r->sh->irules[i];

		x->id = strtoll(db_rows_get(&rows, i, 0), NULL, 10);
		utf8_copy(x->code, sizeof(x->code), db_rows_get(&rows, i, 1));
		utf8_copy(x->name, sizeof(x->name), db_rows_get(&rows, i, 2));
		x->first_order = strcmp(db_rows_get(&rows, i, 3), "t") == 0;
		x->delivery_no = atoi(db_rows_get(&rows, i, 4));
		utf8_copy(x->sku, sizeof(x->sku), db_rows_get(&rows, i, 5));
		x->min_total = strtoll(db_rows_get(&rows, i, 6), NULL, 10);
		x->priority = atoi(db_rows_get(&rows, i, 7));
	}
	r->sh->nirules = (size_t)rows.nrows;
	db_rows_free(&rows);
	return RD_OK;
}

/* ---- one delivery ------------------------------------------------------------ */

/* What the customer pays for one delivery, per rate as rd.orders keeps
 * it: exactly subrule_amount(), the figure every preview, the card and
 * the subscription screens show (its prices, the retention discount taken
 * off each rate's goods, tax once per rate rounded down, the fees of
 * core/pricing's pricing_fees for a subscription's delivery). */
struct delivery_totals {
	int64_t s8, s10, t8, t10, goods_total, discount, shipping, cod, total;
};

static enum rd_status delivery_totals(const struct subrule_sub *s, const struct subrule_rules *rules,
				      struct delivery_totals *out, struct rd_error *err)
{
	struct subrule_amount a;
	const struct money_rate_total *rt;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (s->nlines == 0)
		return rd_error_set(err, RD_REFUSED, _("it has no products to deliver"));
	for (int i = 0; i < s->nlines; i++)
		if (s->lines[i].tax_rate != MONEY_RATE_REDUCED &&
		    s->lines[i].tax_rate != MONEY_RATE_STANDARD)
			return rd_error_set(err, RD_INVALID,
					    _("a product has a tax rate other than 8%% or 10%%"));
	if ((st = subrule_amount(s, rules, &a, err)) != RD_OK)
		return st;
	if ((rt = money_totals_rate(&a.rates, MONEY_RATE_REDUCED)) != NULL) {
		out->s8 = rt->subtotal;
		out->t8 = rt->tax;
	}
	if ((rt = money_totals_rate(&a.rates, MONEY_RATE_STANDARD)) != NULL) {
		out->s10 = rt->subtotal;
		out->t10 = rt->tax;
	}
	out->goods_total = a.goods_total;
	out->discount = a.discount;
	out->shipping = a.shipping;
	out->cod = a.cod_fee;
	out->total = a.total;
	return RD_OK;
}

/* The day the slot nominal is delivered on, or SUBRULE_NO_DATE. */
static int32_t delivery_day(const struct run *r, int32_t nominal)
{
	int32_t eff;

	if (nominal == SUBRULE_NO_DATE ||
	    schedule_open_day(&r->sh->closures, nominal, &eff, NULL) != RD_OK)
		return SUBRULE_NO_DATE;
	return eff;
}

/* Whether s has a delivery to make in this run, and its day. */
static bool is_due(const struct run *r, const struct subrule_sub *s, int32_t *day)
{
	if (s->status == SUBRULE_CANCELLED || s->next_date == SUBRULE_NO_DATE)
		return false;
	if (s->status == SUBRULE_PAUSED &&
	    (s->paused_until == SUBRULE_NO_DATE || s->paused_until > r->sh->sum->through))
		return false;
	*day = delivery_day(r, s->next_date);
	return *day != SUBRULE_NO_DATE && *day <= r->sh->sum->through;
}

/* Adds the order of the next delivery of st (due on day) and its advance
 * to the round's arrays; *again says whether another delivery of it is
 * due in this run. RD_OK, or the reason this subscription cannot be
 * shipped (nothing was added). */
static enum rd_status add_delivery(struct run *r, const struct subscription_state *st,
				   bool first_order, int32_t day, bool *again,
				   struct rd_error *err)
{
	const struct subrule_sub *s = &st->sub;
	struct subrule_sub *after = xmalloc(sizeof(*after));
	struct delivery_totals t;
	struct pricing_order_facts facts;
	const char *skus[SUBRULE_MAX_LINES];
	size_t chosen[ORDER_MAX_INSERTS], nchosen;
	int no = s->delivery_count + 1;
	char what[SUBRULE_NOTE_SIZE], notes[SUBRULE_NOTE_SIZE] = "";
	int32_t next_day;
	enum rd_status rc;
	const struct rd_catalog *prev;

	*again = false;
	if ((rc = delivery_totals(s, &r->sh->rules->rules, &t, err)) != RD_OK)
		goto out;
	if ((rc = subrule_advance(s, &r->sh->rules->rules, after, err)) != RD_OK)
		goto out;
	for (int i = 0; i < s->nlines; i++)
		skus[i] = s->lines[i].sku;
	memset(&facts, 0, sizeof(facts));
	facts.first_order = first_order;
	facts.delivery_no = no;
	facts.skus = skus;
	facts.nskus = (size_t)s->nlines;
	facts.goods_total = t.goods_total;
	nchosen = pricing_choose_inserts(r->sh->irules, r->sh->nirules, &facts, chosen, ORDER_MAX_INSERTS);

	prev = rd_i18n_override(r->sh->biz);
	if (t.discount > 0)
		snprintf(notes, sizeof(notes), _("retention discount %d%%: %lld yen off"),
			 s->discount_percent, (long long)t.discount);
	arr_int(&r->o[O_SID], st->id);
	arr_int(&r->o[O_NO], no);
	arr_date(&r->o[O_DATE], day);
	arr_int(&r->o[O_S10], t.s10);
	arr_int(&r->o[O_S8], t.s8);
	arr_int(&r->o[O_T10], t.t10);
	arr_int(&r->o[O_T8], t.t8);
	arr_int(&r->o[O_SHIP], t.shipping);
	arr_int(&r->o[O_COD], t.cod);
	arr_int(&r->o[O_TOTAL], t.total);
	arr_text(&r->o[O_NOTES], notes);
	r->norders++;
	r->nadvanced++;
	for (int i = 0; i < s->nlines; i++) {
		arr_int(&r->l[L_SID], st->id);
		arr_int(&r->l[L_NO], no);
		arr_text(&r->l[L_SKU], s->lines[i].sku);
		arr_int(&r->l[L_QTY], s->lines[i].quantity);
		arr_int(&r->l[L_PRICE], s->lines[i].unit_price);
		arr_int(&r->l[L_RATE], s->lines[i].tax_rate);
	}
	for (size_t i = 0; i < nchosen; i++) {
		arr_int(&r->ins[I_SID], st->id);
		arr_int(&r->ins[I_NO], no);
		arr_int(&r->ins[I_RULE], r->sh->irules[chosen[i]].id);
	}
	snprintf(what, sizeof(what), _("delivery %d made"), no);
	rd_i18n_override(prev);
	arr_int(&r->adv[A_ID], st->id);
	arr_int(&r->adv[A_VERSION], st->version);
	arr_int(&r->adv[A_COUNT], after->delivery_count);
	arr_date(&r->adv[A_NEXT], after->next_date);
	arr_text(&r->adv[A_STATUS], subrule_status_name(after->status));
	arr_int(&r->adv[A_PCT], after->discount_percent);
	arr_int(&r->adv[A_REM], after->discount_remaining);
	arr_text(&r->adv[A_WHAT], what);
	/* the skipped slots passed over on the way to the next date */
	for (int i = 0; i < s->nskips; i++)
		if (s->skips[i].date > s->next_date && s->skips[i].date < after->next_date)
			r->c.skipped++;
	next_day = delivery_day(r, after->next_date);
	*again = next_day != SUBRULE_NO_DATE && next_day <= r->sh->sum->through;
	rc = RD_OK;
out:
	free(after);
	return rc;
}

/* ---- the statements of a round (and shipment_sql.h) --------------------------- */

/* The customer's undelivered orders to the same address due within the
 * bundling window of a new order (an order without a desired date ships
 * as early as it can) share one bundle id with it: the id of the
 * bundle's first order. Bundles that meet merge into the oldest. Returns
 * for each row changed whether it is one of the new orders. */
static const char bundle_sql[] =
	"WITH n AS ("
	"  SELECT o.id, o.customer_id, coalesce(o.ship_address_id, 0) AS addr, o.desired_date AS d"
	"    FROM rd.orders o WHERE o.id = ANY ($1::bigint[])"
	"), pair AS ("
	"  SELECT n.id AS nid, m.id AS mid, coalesce(m.bundle_id, m.id) AS mbid"
	"    FROM n JOIN rd.orders m"
	"      ON m.customer_id = n.customer_id AND m.id <> n.id"
	"     AND m.status IN ('received', 'confirmed')"
	"     AND coalesce(m.ship_address_id, 0) = n.addr"
	"     AND coalesce(m.desired_date, m.order_date + $3::int)"
	"         BETWEEN n.d - $2::int AND n.d + $2::int"
	"), g AS ("
	"  SELECT nid, least(nid, min(mbid)) AS bid FROM pair GROUP BY nid"
	"), mem AS ("
	"  SELECT nid AS id, bid FROM g"
	"  UNION ALL SELECT p.mid, g.bid FROM pair p JOIN g USING (nid)"
	"  UNION ALL SELECT o.id, g.bid FROM pair p JOIN g USING (nid)"
	"    JOIN rd.orders o ON o.bundle_id = p.mbid AND o.status IN ('received', 'confirmed')"
	"), t AS ("
	"  SELECT id, min(bid) AS bid FROM mem GROUP BY id"
	")"
	" UPDATE rd.orders o SET bundle_id = t.bid FROM t"
	"  WHERE o.id = t.id AND o.bundle_id IS DISTINCT FROM t.bid"
	" RETURNING o.id = ANY ($1::bigint[]), o.bundle_id";


static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The page's orders with their lines and inserts (one statement, in
 * subscription and delivery order whatever the rounds: the ids come out
 * as when each subscription is its own page), then their bundles and the
 * fees of each parcel that changed. */
static enum rd_status write_orders(struct run *r, struct rd_error *err)
{
	char day[DATE_ISO_SIZE], win[16], early[16];
	const char *p[21];
	struct db_rows rows;
	struct arr created;
	enum rd_status st;

	p[0] = date_format_iso(r->sh->sum->date, day);
	for (int i = 0; i < O_N; i++)
		p[1 + i] = arr_get(&r->o[i]);
	for (int i = 0; i < L_N; i++)
		p[1 + O_N + i] = arr_get(&r->l[i]);
	for (int i = 0; i < I_N; i++)
		p[1 + O_N + L_N + i] = arr_get(&r->ins[i]);
	st = db_query(r->db, SHIP_INSERT, 21, p, &rows, err);
	if (st != RD_OK)
		return st;
	arr_init(&created);
	for (int i = 0; i < rows.nrows; i++)
		arr_int(&created, strtoll(db_rows_get(&rows, i, 0), NULL, 10));
	if (rows.nrows > 0)
		r->c.inserts += strtoll(db_rows_get(&rows, 0, 1), NULL, 10);
	r->c.created += rows.nrows;
	r->c.existed += r->norders - rows.nrows;
	db_rows_free(&rows);

	if (created.n > 0) {
		snprintf(win, sizeof(win), "%d", r->sh->pricing.bundling_window_days);
		snprintf(early, sizeof(early), "%d", r->sh->pricing.earliest_delivery_days);
		p[0] = arr_get(&created);
		p[1] = win;
		p[2] = early;
		st = db_query(r->db, bundle_sql, 3, p, &rows, err);
		if (st == RD_OK) {
			for (int i = 0; i < rows.nrows; i++)
				if (strcmp(db_rows_get(&rows, i, 0), "t") == 0)
					r->c.bundled++;
			/* each parcel that changed: one shipping fee, one COD
			 * fee over its orders (the same rule as order entry) */
			long long *bids = xcalloc((size_t)rows.nrows + 1, sizeof(*bids));

			for (int i = 0; i < rows.nrows; i++)
				bids[i] = strtoll(db_rows_get(&rows, i, 1), NULL, 10);
			qsort(bids, (size_t)rows.nrows, sizeof(*bids), cmp_ll);
			for (int i = 0; i < rows.nrows && st == RD_OK; i++)
				if (i == 0 || bids[i] != bids[i - 1])
					st = order_parcel_settle(r->db, bids[i], &r->sh->pricing, err);
			free(bids);
			db_rows_free(&rows);
		}
	}
	sbuf_done(&created.sb);
	return st;
}

/* The round's subscriptions advanced, against the versions read. */
static enum rd_status write_advance(struct run *r, struct rd_error *err)
{
	const char *p[A_N];
	long affected = 0;
	enum rd_status st;

	for (int i = 0; i < A_N; i++)
		p[i] = arr_get(&r->adv[i]);
	st = db_exec(r->db, SHIP_ADVANCE, A_N, p, &affected, err);
	if (st == RD_OK && affected != r->nadvanced)
		st = rd_error_set(err, RD_CONFLICT,
			_("%ld of %d subscriptions changed while the shipment run held them; run it again"),
			(long)r->nadvanced - affected, r->nadvanced);
	return st;
}

/* ---- a page ---------------------------------------------------------------------- */

/* Locks and reads subscriptions ids (n of them, ascending) into
 * r->states; *nread of them were found. Rows that cannot be read are
 * errors of their subscription (id 0 in states). */
static enum rd_status read_states(struct run *r, const long long *ids, int n, int *nread,
				  struct rd_error *err)
{
	struct arr a;
	struct db_rows rows;
	const char *p[1];
	const int ncols = STATE_NCOLS;
	enum rd_status st;

	*nread = 0;
	arr_init(&a);
	for (int i = 0; i < n; i++)
		arr_int(&a, ids[i]);
	p[0] = arr_get(&a);
	st = db_query(r->db, SHIP_READ_STATES, 1, p, &rows, err);
	sbuf_done(&a.sb);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < rows.nrows && i < r->sh->cap; i++) {
		struct rd_error why;

		if (subscription_state_from_row(&rows, i, 0, &r->states[i], &why) != RD_OK) {
			row_error(r, strtoll(db_rows_get(&rows, i, 0), NULL, 10), why.msg);
			r->states[i].id = 0;
			continue;
		}
		r->first_order[i] = strcmp(db_rows_get(&rows, i, ncols), "t") == 0;
		r->has_res[i] = strcmp(db_rows_get(&rows, i, ncols + 1), "t") == 0;
		snprintf(r->bar[i], sizeof(r->bar[i]), "%s",
			 db_rows_get(&rows, i, ncols + 2) ? db_rows_get(&rows, i, ncols + 2) : "");
	}
	*nread = rows.nrows < r->sh->cap ? rows.nrows : r->sh->cap;
	db_rows_free(&rows);
	return RD_OK;
}

/* After a reservation changed subscription id: is its payment barred? */
static enum rd_status read_bar(struct run *r, long long id, char out[SHIPMENT_ERROR_SIZE],
			       struct rd_error *err)
{
	char idb[24];
	const char *p[1] = { idb };
	enum rd_status st;

	snprintf(idb, sizeof(idb), "%lld", id);
	st = db_query_value(r->db, "SELECT " BAR_SQL " FROM rd.subscriptions s WHERE s.id = $1::bigint",
			    1, p, out, SHIPMENT_ERROR_SIZE, NULL, err);
	return st == RD_NOT_FOUND ? RD_OK : st;
}

static void page_arrays(struct run *r, bool init)
{
	if (!init) {
		arrs_done(r->o, O_N);
		arrs_done(r->l, L_N);
		arrs_done(r->ins, I_N);
		return;
	}
	arrs_init(r->o, O_N);
	arrs_init(r->l, L_N);
	arrs_init(r->ins, I_N);
	r->norders = 0;
}

static void round_arrays(struct run *r, bool init)
{
	if (!init) {
		arrs_done(r->adv, A_N);
		return;
	}
	arrs_init(r->adv, A_N);
	r->nadvanced = 0;
}

/* One round: the next delivery of each of ids (n); those with another
 * delivery due go to r->next_ids (*nnext). */
static enum rd_status do_round(struct run *r, int round, const long long *ids, int n,
			       int *nnext, struct rd_error *err)
{
	enum rd_status st;
	int nread;

	*nnext = 0;
	if ((st = read_states(r, ids, n, &nread, err)) != RD_OK)
		return st;
	round_arrays(r, true);
	for (int i = 0; i < nread; i++) {
		struct subscription_state *s = &r->states[i];
		struct rd_error why;
		bool again, first;
		int32_t day;

		if (s->id == 0)
			continue;
		if (r->has_res[i]) {
			int applied = 0;
			long long id = s->id;

			/* the orders not yet written take the subscription's
			 * payment, slot and address as they are now: write
			 * them before a reservation changes those */
			if (round > 0 && r->norders > 0) {
				st = write_orders(r, err);
				page_arrays(r, false);
				page_arrays(r, true);
				if (st != RD_OK)
					goto out;
			}
			st = subscription_apply_reservations_tx(r->db, id, r->sh->sum->date, &applied, err);
			if (st == RD_OK)
				st = subscription_read(r->db, id, true, s, err);
			if (st == RD_OK)
				st = read_bar(r, id, r->bar[i], err);
			if (st != RD_OK)
				goto out;
			r->c.reservations += applied;
		}
		if (!is_due(r, &s->sub, &day)) {
			if (round == 0)
				r->c.not_due++;
			continue;
		}
		if (r->bar[i][0]) {
			char msg[SHIPMENT_ERROR_SIZE + 128];

			snprintf(msg, sizeof(msg),
				 _("its payment (%s) is not available to this customer (%s); change the subscription's payment"),
				 subrule_payment_label(s->sub.payment), r->bar[i]);
			row_error(r, s->id, msg);
			continue;
		}
		rd_error_clear(&why);
		first = round == 0 && r->first_order[i];
		for (int k = 0; first && k < r->nfirsted; k++)
			first = r->firsted[k] != s->customer_id;
		if (add_delivery(r, s, first, day, &again, &why) != RD_OK) {
			row_error(r, s->id, why.msg);
			continue;
		}
		if (first)
			r->firsted[r->nfirsted++] = s->customer_id;
		if (again)
			r->next_ids[(*nnext)++] = s->id;
	}
	st = r->nadvanced > 0 ? write_advance(r, err) : RD_OK;
out:
	round_arrays(r, false);
	return st;
}

/* With workers side by side: the customers of the page first, in id
 * order. Workers whose pages share a customer then take turns instead of
 * deadlocking on it (its figures, its bundles), and the second sees the
 * first's orders to bundle with. */
static enum rd_status lock_customers(struct run *r, int ndue, struct rd_error *err)
{
	struct arr a;
	const char *p[1];
	enum rd_status st;

	arr_init(&a);
	for (int i = 0; i < ndue; i++)
		arr_int(&a, r->due[i].customer_id);
	p[0] = arr_get(&a);
	st = db_exec(r->db,
		"SELECT 1 FROM rd.customers c WHERE c.id = ANY ($1::bigint[])"
		" ORDER BY c.id FOR UPDATE", 1, p, NULL, err);
	sbuf_done(&a.sb);
	return st;
}

static enum rd_status do_page(struct run *r, int ndue, struct rd_error *err)
{
	enum rd_status st;
	int n = 0, nnext = 0;

	for (int i = 0; i < ndue; i++)
		r->ids[n++] = r->due[i].id;
	r->nfirsted = 0;
	if ((st = db_begin(r->db, r->sh->reason, r->sh->sum->request_id, err)) != RD_OK)
		return st;
	page_arrays(r, true);
	/* a page of SHIPMENT_BATCH_DEFAULT deliveries takes about a second,
	 * more on a busy server: no statement limit, and workers sharing a
	 * customer wait for each other's page */
	if ((st = timeouts_long_job(r->db, TIMEOUTS_LOCKS_MINUTE, err)) != RD_OK)
		goto fail;
	if (r->sh->opt->nworkers > 0 && (st = lock_customers(r, ndue, err)) != RD_OK)
		goto fail;
	for (int round = 0; n > 0; round++) {
		if (round >= MAX_ROUNDS) {
			for (int i = 0; i < n; i++)
				row_error(r, r->ids[i], _("its schedule does not move on; no more deliveries were made"));
			break;
		}
		if ((st = do_round(r, round, r->ids, n, &nnext, err)) != RD_OK)
			goto fail;
		memcpy(r->ids, r->next_ids, (size_t)nnext * sizeof(*r->ids));
		n = nnext;
	}
	if (r->norders > 0 && (st = write_orders(r, err)) != RD_OK)
		goto fail;
	if (r->sh->opt->fail_after_batches > 0) {
		long long committed;

		pthread_mutex_lock(&r->sh->lock);
		committed = r->sh->sum->batches;
		pthread_mutex_unlock(&r->sh->lock);
		if (committed >= r->sh->opt->fail_after_batches) {
			st = rd_error_set(err, RD_INTERNAL,
				_("the shipment run was stopped after %lld batches (test hook)"),
				committed);
			goto fail;
		}
	}
	page_arrays(r, false);
	return db_commit(r->db, err);
fail:
	page_arrays(r, false);
	db_rollback(r->db);
	return st;
}

/* Adds what a committed page did to the summary (lock held). */
static void merge(struct run *r, int ndue)
{
	struct shipment_summary *sum = r->sh->sum;

	sum->batches++;
	sum->orders_created += r->c.created;
	sum->already_existed += r->c.existed;
	sum->reservations_applied += r->c.reservations;
	sum->bundled += r->c.bundled;
	sum->inserts += r->c.inserts;
	sum->skipped += r->c.skipped;
	sum->not_due += r->c.not_due;
	sum->errors += r->c.errors;
	if (!sum->first_error[0] && r->first_error[0])
		snprintf(sum->first_error, sizeof(sum->first_error), "%s", r->first_error);
	r->sh->done += ndue;
	if (r->sh->opt->progress)
		r->sh->opt->progress(r->sh->done < sum->due ? r->sh->done : sum->due, sum->due,
				     r->sh->opt->progress_arg);
}

/* Takes the next page of due subscriptions into r->due (*n; 0 at the
 * end). Lock held: pages never overlap. */
static enum rd_status next_page(struct run *r, int *n, struct rd_error *err)
{
	struct shared *sh = r->sh;
	long long next = 0;
	enum rd_status st;

	*n = 0;
	/* a page can hold none due (closed days move them out): go on */
	while (*n == 0 && !sh->exhausted && !sh->stop) {
		st = subscription_due(r->db, sh->sum->through, sh->after, r->due, sh->cap, n,
				      &next, err);
		if (st != RD_OK)
			return st;
		sh->after = next;
		sh->exhausted = next == 0;
	}
	return RD_OK;
}

/* Pages a deadlock or a serialization failure rolled back are done again
 * (two workers meet on a customer that has subscriptions in both pages). */
#define PAGE_ATTEMPTS 4

/* A worker: pages until there are none left or one worker failed. */
static void *work(void *arg)
{
	struct run *r = arg;
	struct shared *sh = r->sh;

	for (;;) {
		struct rd_error err;
		enum rd_status st;
		int n = 0;

		rd_error_clear(&err);
		pthread_mutex_lock(&sh->lock);
		st = next_page(r, &n, &err);
		pthread_mutex_unlock(&sh->lock);
		for (int attempt = 1; st == RD_OK && n > 0; attempt++) {
			memset(&r->c, 0, sizeof(r->c));
			r->first_error[0] = '\0';
			st = do_page(r, n, &err);
			if (st == RD_RETRY && attempt < PAGE_ATTEMPTS) {
				rd_error_clear(&err);
				st = RD_OK;
				continue;
			}
			break;
		}
		pthread_mutex_lock(&sh->lock);
		if (st != RD_OK && !sh->stop) {
			sh->stop = true;
			sh->st = st;
			sh->err = err;
		} else if (st == RD_OK && n > 0) {
			merge(r, n);
		}
		n = st == RD_OK && n > 0 && !sh->stop;
		pthread_mutex_unlock(&sh->lock);
		if (!n)
			break;
	}
	return NULL;
}

static void worker_init(struct run *r, struct shared *sh, struct rd_db *db)
{
	memset(r, 0, sizeof(*r));
	r->sh = sh;
	r->db = db;
	r->states = xcalloc((size_t)sh->cap, sizeof(*r->states));
	r->first_order = xcalloc((size_t)sh->cap, sizeof(*r->first_order));
	r->has_res = xcalloc((size_t)sh->cap, sizeof(*r->has_res));
	r->bar = xcalloc((size_t)sh->cap, sizeof(*r->bar));
	r->ids = xcalloc((size_t)sh->cap, sizeof(*r->ids));
	r->next_ids = xcalloc((size_t)sh->cap, sizeof(*r->next_ids));
	r->firsted = xcalloc((size_t)sh->cap, sizeof(*r->firsted));
	r->due = xcalloc((size_t)sh->cap, sizeof(*r->due));
}

static void worker_done(struct run *r)
{
	free(r->states);
	free(r->first_order);
	free(r->has_res);
	free(r->bar);
	free(r->ids);
	free(r->next_ids);
	free(r->firsted);
	free(r->due);
}

/* ---- the whole run ---------------------------------------------------------------- */

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

static enum rd_status check_options(struct run *r, const struct shipment_options *opt,
				    struct rd_error *err)
{
	if (opt->batch < 0 || opt->batch > SHIPMENT_BATCH_MAX)
		return rd_error_set(err, RD_INVALID,
			_("batch: a batch is 1 to %d subscriptions, not %d"), SHIPMENT_BATCH_MAX,
			opt->batch);
	if (opt->request_id) {
		if (!order_request_id_valid(opt->request_id))
			return rd_error_set(err, RD_INVALID,
				_("request id: a request id is a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e"));
		snprintf(r->sh->sum->request_id, sizeof(r->sh->sum->request_id), "%s", opt->request_id);
	} else {
		order_request_id_new(r->sh->sum->request_id);
	}
	if (opt->reason) {
		if (blank(opt->reason) || textcheck_chars(opt->reason) > SHIPMENT_REASON_CHARS)
			return rd_error_set(err, RD_INVALID,
				_("reason: say why in 1 to %d characters"), SHIPMENT_REASON_CHARS);
		snprintf(r->sh->reason, sizeof(r->sh->reason), "%s", opt->reason);
	}
	if (opt->date != SHIPMENT_TODAY && (opt->date < DATE_MIN || opt->date > DATE_MAX - 400))
		return rd_error_set(err, RD_INVALID, _("date: not a date the run can use"));
	return RD_OK;
}

int shipment_page_size(long long due, int connections, int asked)
{
	long long pages, size;

	if (asked > 0)
		return asked;
	if (connections <= 1 || due <= 0)
		return SHIPMENT_BATCH_DEFAULT;
	pages = (long long)connections * SHIPMENT_PAGES_PER_CONNECTION;
	size = (due + pages - 1) / pages;
	if (size > SHIPMENT_BATCH_DEFAULT)
		size = SHIPMENT_BATCH_DEFAULT;
	if (size < SHIPMENT_BATCH_AUTO_MIN)
		size = SHIPMENT_BATCH_AUTO_MIN;
	return (int)size;
}

static enum rd_status count_due(struct run *r, struct rd_error *err)
{
	char through[DATE_ISO_SIZE], value[32];
	const char *p[1] = { date_format_iso(r->sh->sum->through, through) };
	enum rd_status st;

	st = db_query_value(r->db,
		"SELECT count(*) FROM rd.subscriptions s WHERE s.next_date <= $1::date"
		"   AND (s.status = 'active' OR (s.status = 'paused' AND s.paused_until <= $1::date))",
		1, p, value, sizeof(value), NULL, err);
	if (st == RD_OK) {
		r->sh->sum->due = strtoll(value, NULL, 10);
		r->sh->cap = shipment_page_size(r->sh->sum->due, 1 + r->sh->opt->nworkers,
						r->sh->opt->batch);
		r->sh->sum->batch = r->sh->cap;
	}
	return st;
}

static enum rd_status prepare(struct run *r, const struct shipment_options *opt,
			      struct rd_error *err)
{
	struct order_context ctx;
	struct cycle any;
	enum rd_status st;

	if ((st = check_options(r, opt, err)) != RD_OK)
		return st;
	r->sh->rules = xmalloc(sizeof(*r->sh->rules));
	st = subscription_rules_load(r->db, opt->date == SHIPMENT_TODAY ? SUBSCRIPTION_TODAY
						: opt->date, r->sh->rules, err);
	if (st != RD_OK)
		return st;
	r->sh->sum->date = r->sh->rules->today;
	{
		char lang[BIZLANG_SIZE];

		if ((st = bizlang_read(r->db, lang, err)) != RD_OK)
			return st;
		r->sh->biz = bizlang_catalog(lang);
	}
	if (!r->sh->reason[0]) {
		char iso[DATE_ISO_SIZE];
		const struct rd_catalog *prev = rd_i18n_override(r->sh->biz);

		snprintf(r->sh->reason, sizeof(r->sh->reason), _("shipment run %s"),
			 date_format_iso(r->sh->sum->date, iso));
		rd_i18n_override(prev);
	}
	if ((st = order_context_load(r->db, &ctx, err)) != RD_OK)
		return st;
	r->sh->pricing = ctx.settings;
	if ((st = load_window(r, err)) != RD_OK)
		return st;
	r->sh->sum->through = r->sh->sum->date + r->sh->sum->window_days;
	/* only the closures matter for the day a nominal date is delivered */
	cycle_parse("1d", &any, NULL);
	schedule_init(&r->sh->closures, &any);
	r->sh->closures.cal = &r->sh->rules->rules.cal;
	if ((st = load_insert_rules(r, err)) != RD_OK)
		return st;
	return count_due(r, err);
}

enum rd_status shipment_generate(struct rd_db *db, const struct shipment_options *opt,
				 struct shipment_summary *out, struct rd_error *err)
{
	struct shared *sh = xcalloc(1, sizeof(*sh));
	int nw = 1 + (opt->nworkers > 0 ? opt->nworkers : 0);
	struct run *w = xcalloc((size_t)nw, sizeof(*w));
	pthread_t *threads = xcalloc((size_t)nw, sizeof(*threads));
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	sh->opt = opt;
	sh->sum = out;
	pthread_mutex_init(&sh->lock, NULL);
	w[0].sh = sh;
	w[0].db = db;
	if (opt->nworkers < 0 || opt->nworkers > SHIPMENT_WORKERS_MAX) {
		st = rd_error_set(err, RD_INVALID, _("jobs: 1 to %d connections, not %d"),
				  SHIPMENT_WORKERS_MAX + 1, opt->nworkers + 1);
		goto out;
	}
	if ((st = prepare(&w[0], opt, err)) != RD_OK)
		goto out;
	for (int i = 0; i < nw; i++)
		worker_init(&w[i], sh, i == 0 ? db : opt->workers[i - 1]);
	for (int i = 1; i < nw; i++)
		if (pthread_create(&threads[i], NULL, work, &w[i]) != 0)
			threads[i] = 0;
	work(&w[0]);
	for (int i = 1; i < nw; i++)
		if (threads[i])
			pthread_join(threads[i], NULL);
		else
			work(&w[i]);   /* no thread: its connection works here */
	for (int i = 0; i < nw; i++)
		worker_done(&w[i]);
	st = sh->stop ? sh->st : RD_OK;
	if (st != RD_OK)
		*err = sh->err;
out:
	pthread_mutex_destroy(&sh->lock);
	free(sh->rules);
	free(sh->irules);
	free(sh);
	free(w);
	free(threads);
	return st;
}
