/* subscription.c: subscriptions in the store. Reads a subscription and the
 * rules into core/subrule's structs, asks subrule_preview() what a request
 * does, and writes exactly that in one transaction per request: the
 * subscription row (optimistic lock on version), its skips and lines, a
 * reservation or a retention offer, the request id's row and the caller's
 * hook. History rows come from the triggers, with the reason and request
 * id that db_begin() sets. Every statement is parameterized. */
#include "repeatdesk/subscription.h"
#include "subscription_sql.h"
#include "repeatdesk/bizlang.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- small helpers --------------------------------------------------------- */

static const char *iso_or_null(int32_t d, char buf[DATE_ISO_SIZE])
{
	if (d == SUBRULE_NO_DATE)
		return NULL;
	return date_format_iso(d, buf);
}

static int32_t date_or_none(const char *s)
{
	int32_t d;

	if (!s || !*s || date_parse_iso(s, &d, NULL) != RD_OK)
		return SUBRULE_NO_DATE;
	return d;
}

_Static_assert(SUBRULE_SKU_SIZE > TEXTCHECK_SKU_MAX, "a product SKU fits a subscription line");
_Static_assert(SUBRULE_NAME_SIZE > TEXTCHECK_PRODUCT_NAME_MAX * 4,
	       "a product name fits a subscription line");

/* Never half a character: a cut SKU or name would drive a write to a row
 * that does not exist (0075 bounds them so that they always fit). */
static void copy(char *dst, size_t size, const char *src)
{
	utf8_copy(dst, size, src);
}

/* Characters of valid UTF-8 text, or -1 when it is not valid or holds
 * control characters. */
static long text_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	while (*p) {
		int len = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2
			: (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;

		if (len == 0 || (*p < 0x20) || *p == 0x7f)
			return -1;
		for (int i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				return -1;
		p += len;
		n++;
	}
	return n;
}

static enum rd_status check_reason(const char *reason, const char *request_id,
				   struct rd_error *err)
{
	long n;

	if (!reason || !*reason)
		return rd_error_set(err, RD_USAGE,
			_("say why (a reason is kept in the history of the change)"));
	n = text_chars(reason);
	if (n < 0)
		return rd_error_set(err, RD_INVALID,
			_("the reason must be one line of text"));
	if (n > SUBSCRIPTION_REASON_MAX)
		return rd_error_set(err, RD_INVALID,
			_("the reason is too long: at most %d characters"), SUBSCRIPTION_REASON_MAX);
	if (request_id && !textcheck_uuid(request_id))
		return rd_error_set(err, RD_INVALID,
			_("a request id is a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e, not '%s'"),
			request_id);
	return RD_OK;
}

/* ---- rules --------------------------------------------------------------- */

void subscription_rules_fix(struct subscription_rules *r)
{
	r->rules.cal.days = r->days;
	r->rules.cal.ndays = r->ndays;
}

static enum rd_status setting_int(const char *key, const char *value,
				  long long lo, long long hi, long long *out,
				  struct rd_error *err)
{
	char *end;
	long long v = strtoll(value, &end, 10);

	if (!*value || *end || v < lo || v > hi)
		return rd_error_set(err, RD_INVALID,
			_("the setting %s is '%s', not a number from %lld to %lld: ask a supervisor to correct it"),
			key, value, lo, hi);
	*out = v;
	return RD_OK;
}

/* Applies one "key=value" setting to r. */
static enum rd_status apply_setting(struct subrule_rules *r, const char *key,
				    const char *value, struct rd_error *err)
{
	static const struct {
		const char *key;
		long long lo, hi;
		size_t off;
		bool wide;
	} ints[] = {
#define I(k, lo, hi, field) { k, lo, hi, offsetof(struct subrule_rules, field), false }
#define W(k, lo, hi, field) { k, lo, hi, offsetof(struct subrule_rules, field), true }
		I("cutoff_days", 0, 60, cutoff_days),
		I("max_consecutive_skips", 0, 24, max_consecutive_skips),
		I("min_deliveries_before_cancel", 0, 99, min_deliveries_before_cancel),
		I("max_pause_months", 1, 24, max_pause_months),
		I("resume_lead_days", 0, 90, resume_lead_days),
		W("early_cancel_fee", 0, 1000000, early_cancel_fee),
		I("retention_discount_percent", 0, SUBRULE_MAX_PERCENT, retention_discount_percent),
		I("retention_discount_deliveries", 0, 12, retention_discount_deliveries),
		I("max_quantity_per_line", 1, 999, max_quantity),
		W("cod_fee", 0, 100000, cod_fee),
		W("shipping_fee", 0, 100000, shipping_fee),
		W("free_shipping_threshold", 0, 100000000, free_shipping_threshold),
#undef I
#undef W
	};

	if (strcmp(key, "closed_day_move") == 0) {
		if (calendar_direction_parse(value, &r->cal.direction) != 0)
			return rd_error_set(err, RD_INVALID,
				_("the setting closed_day_move is '%s', not later or earlier: ask a supervisor to correct it"),
				value);
		return RD_OK;
	}
	if (strcmp(key, "closed_weekdays") == 0) {
		enum rd_status st = subrule_wdays_parse(value, &r->cal.closed_wdays, err);

		if (st != RD_OK)
			return rd_error_set(err, RD_INVALID,
				_("the setting closed_weekdays is '%s': use weekdays like sat,sun (ask a supervisor)"),
				value);
		if (r->cal.closed_wdays == SCHEDULE_ALL_WDAYS)
			return rd_error_set(err, RD_INVALID,
				_("the setting closed_weekdays closes every day: ask a supervisor to correct it"));
		return RD_OK;
	}
	if (strcmp(key, "subscription_free_shipping") == 0) {
		/* the same setting the order and the shipment run read */
		if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
			return rd_error_set(err, RD_INVALID,
				_("setting subscription_free_shipping is '%s', not true or false; ask a supervisor to correct it"),
				value);
		r->subscription_free_shipping = strcmp(value, "true") == 0;
		return RD_OK;
	}
	for (size_t i = 0; i < COUNT(ints); i++) {
		long long v = 0;
		enum rd_status st;

		if (strcmp(key, ints[i].key) != 0)
			continue;
		st = setting_int(key, value, ints[i].lo, ints[i].hi, &v, err);
		if (st != RD_OK)
			return st;
		if (ints[i].wide)
			*(int64_t *)(void *)((char *)r + ints[i].off) = v;
		else
			*(int *)(void *)((char *)r + ints[i].off) = (int)v;
		return RD_OK;
	}
	return RD_OK;
}

/* The business date in the configured time zone, or $1 when given. */
#define TODAY_SQL \
	"coalesce($1::date, (now() AT TIME ZONE coalesce((SELECT value FROM rd.settings" \
	" WHERE key = 'business_timezone'), 'Asia/Tokyo'))::date)"

/* The rules' columns (0-3) of a query that starts WITH t (today). */
#define RULES_WITH "WITH t AS (SELECT " TODAY_SQL " AS today)"
#define RULES_COLUMNS \
	" t.today, pg_has_role(session_user, 'rd_supervisor', 'MEMBER')," \
	" (SELECT string_agg(st.key || '=' || st.value, E'\\n') FROM rd.settings st)," \
	" " CALENDAR_DAYS_AGG("t.today - 70", "t.today + 800")
#define RULES_NCOLS 4

static enum rd_status rules_from_row(const struct db_rows *rows, int row,
				     struct subscription_rules *out,
				     struct rd_error *err)
{
	enum rd_status st = RD_OK;

	memset(out, 0, sizeof(*out));
	subrule_rules_default(&out->rules);
	out->today = date_or_none(db_rows_get(rows, row, 0));
	out->is_supervisor = strcmp(db_rows_get(rows, row, 1), "t") == 0;
	{
		char *list = xstrdup(db_rows_get(rows, row, 2) ? db_rows_get(rows, row, 2) : "");
		char *save = NULL;

		for (char *ln = strtok_r(list, "\n", &save); ln && st == RD_OK;
		     ln = strtok_r(NULL, "\n", &save)) {
			char *eq = strchr(ln, '=');

			if (!eq)
				continue;
			*eq = '\0';
			st = apply_setting(&out->rules, ln, eq + 1, err);
		}
		free(list);
	}
	if (st == RD_OK)
		st = calendar_days_parse(db_rows_get(rows, row, 3), out->days,
					 CALENDAR_STORE_MAX, &out->ndays, err);
	out->rules.cal.not_before = out->today;
	subscription_rules_fix(out);
	if (st == RD_OK && out->today == SUBRULE_NO_DATE)
		st = rd_error_set(err, RD_INTERNAL, _("the database did not say which day it is"));
	return st;
}

enum rd_status subscription_rules_load(struct rd_db *db, int32_t today,
				       struct subscription_rules *out,
				       struct rd_error *err)
{
	char iso[DATE_ISO_SIZE];
	const char *params[1] = { iso_or_null(today, iso) };
	struct db_rows rows;
	enum rd_status st;

	st = db_query(db, RULES_WITH " SELECT" RULES_COLUMNS " FROM t", 1, params, &rows, err);
	if (st != RD_OK)
		return st;
	st = rules_from_row(&rows, 0, out, err);
	db_rows_free(&rows);
	return st;
}

/* ---- reading a subscription --------------------------------------------------- */

static enum rd_status bad_row(long long id, const char *what, struct rd_error *err)
{
	return rd_error_set(err, RD_INVALID,
		_("subscription %lld cannot be read: %s (ask a supervisor to look at it)"),
		id, what);
}

static enum rd_status parse_lines(long long id, const char *text, struct subrule_sub *s,
				  struct rd_error *err)
{
	struct json_value *root = NULL;
	enum rd_status st = RD_OK;

	s->nlines = 0;
	if (!text)
		return RD_OK;
	if (json_parse(text, strlen(text), &root, err) != RD_OK)
		return bad_row(id, "lines", err);
	for (size_t i = 0; i < json_len(root); i++) {
		const struct json_value *l = json_at(root, i);
		struct subrule_line *o;
		int64_t q, up, lp, tax;

		if (s->nlines >= SUBRULE_MAX_LINES) {
			st = bad_row(id, _("more products than a subscription holds"), err);
			break;
		}
		o = &s->lines[s->nlines];
		if (json_as_int(json_at(l, 2), &q) != 0 || json_as_int(json_at(l, 3), &up) != 0 ||
		    json_as_int(json_at(l, 4), &lp) != 0 || json_as_int(json_at(l, 5), &tax) != 0) {
			st = bad_row(id, "lines", err);
			break;
		}
		copy(o->sku, sizeof(o->sku), json_as_string(json_at(l, 0), NULL));
		copy(o->name, sizeof(o->name), json_as_string(json_at(l, 1), NULL));
		o->quantity = (int)q;
		o->unit_price = up;
		o->list_price = lp;
		o->tax_rate = (int)tax;
		s->nlines++;
	}
	json_free(&root);
	return st;
}

static enum rd_status parse_skips(long long id, const char *text, struct subrule_sub *s,
				  struct rd_error *err)
{
	struct json_value *root = NULL;

	s->nskips = 0;
	if (!text)
		return RD_OK;
	if (json_parse(text, strlen(text), &root, err) != RD_OK)
		return bad_row(id, "skips", err);
	for (size_t i = 0; i < json_len(root) && s->nskips < SUBRULE_MAX_SKIPS; i++) {
		const struct json_value *k = json_at(root, i);
		int64_t no;
		int32_t d = date_or_none(json_as_string(json_at(k, 0), NULL));

		if (d == SUBRULE_NO_DATE || json_as_int(json_at(k, 1), &no) != 0)
			continue;
		s->skips[s->nskips].date = d;
		s->skips[s->nskips].number = (int)no;
		s->nskips++;
	}
	json_free(&root);
	return RD_OK;
}

/* The columns read_state() and the view read, in this order. */

/* The STATE_COLUMNS of row, starting at column base. */
static enum rd_status state_from_row(const struct db_rows *rows, int row, int base,
				     struct subscription_state *out,
				     struct rd_error *err)
{
	struct subrule_sub *s = &out->sub;
	struct db_rows shifted = *rows;
	const struct db_rows *r = &shifted;
	enum rd_status st;
	long long id;

	/* read the columns as if the state's were the first */
	shifted.cells = rows->cells + base;

	memset(out, 0, sizeof(*out));
	id = strtoll(db_rows_get(r, row, 0), NULL, 10);
	out->id = id;
	out->version = atoi(db_rows_get(r, row, 1));
	out->customer_id = strtoll(db_rows_get(r, row, 2), NULL, 10);
	if (subrule_status_parse(db_rows_get(r, row, 3), &s->status) != 0)
		return bad_row(id, "status", err);
	if (cycle_parse(db_rows_get(r, row, 4), &s->cycle, NULL) != RD_OK)
		return bad_row(id, _("its cycle is not valid"), err);
	if (db_rows_get(r, row, 5)) {
		if (cycle_parse(db_rows_get(r, row, 5), &s->first, NULL) != RD_OK)
			return bad_row(id, _("its first interval is not valid"), err);
		s->has_first = true;
	}
	s->next_date = date_or_none(db_rows_get(r, row, 6));
	s->delivery_count = atoi(db_rows_get(r, row, 7));
	s->paused_until = date_or_none(db_rows_get(r, row, 8));
	if (subrule_payment_parse(db_rows_get(r, row, 9), &s->payment) != 0)
		return bad_row(id, "payment", err);
	s->has_card = strcmp(db_rows_get(r, row, 10), "t") == 0;
	copy(s->card_last4, sizeof(s->card_last4), db_rows_get(r, row, 11));
	if (subrule_time_parse(db_rows_get(r, row, 12), &s->time_slot) != 0)
		return bad_row(id, "time_slot", err);
	s->address_id = strtoll(db_rows_get(r, row, 13), NULL, 10);
	s->discount_percent = atoi(db_rows_get(r, row, 14));
	s->discount_remaining = atoi(db_rows_get(r, row, 15));
	if ((st = parse_lines(id, db_rows_get(r, row, 16), s, err)) != RD_OK)
		return st;
	return parse_skips(id, db_rows_get(r, row, 17), s, err);
}

enum rd_status subscription_read(struct rd_db *db, long long id, bool for_update,
				 struct subscription_state *out,
				 struct rd_error *err)
{
	char idb[24];
	const char *params[1] = { textcheck_ll(id, idb) };
	struct db_rows rows;
	enum rd_status st;

	st = db_query(db, for_update
		? "SELECT " STATE_COLUMNS " FROM rd.subscriptions s WHERE s.id = $1 FOR UPDATE OF s"
		: "SELECT " STATE_COLUMNS " FROM rd.subscriptions s WHERE s.id = $1",
		1, params, &rows, err);
	if (st != RD_OK)
		return st;
	if (rows.nrows == 0) {
		db_rows_free(&rows);
		return rd_error_set(err, RD_NOT_FOUND, _("there is no subscription %lld"), id);
	}
	st = state_from_row(&rows, 0, 0, out, err);
	db_rows_free(&rows);
	return st;
}

/* ---- the view -------------------------------------------------------------------- */

static void read_reservations(struct rd_db *db, struct subscription_view *v)
{
	char idb[24];
	const char *params[1] = { textcheck_ll(v->state.id, idb) };
	struct db_rows r;

	v->nreservations = 0;
	if (db_query(db,
		"SELECT id, kind, from_delivery, from_date, status, summary,"
		"       coalesce(note, ''), created_by,"
		"       to_char(created_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI')"
		"  FROM rd.subscription_reservations WHERE subscription_id = $1"
		" ORDER BY status <> 'pending', from_delivery, id LIMIT 8",
		1, params, &r, NULL) != RD_OK)
		return;
	for (int i = 0; i < r.nrows && i < SUBSCRIPTION_MAX_RESERVATIONS; i++) {
		struct subscription_reservation *o = &v->reservations[v->nreservations++];

		o->id = strtoll(db_rows_get(&r, i, 0), NULL, 10);
		if (subrule_kind_parse(db_rows_get(&r, i, 1), &o->kind) != 0)
			o->kind = SUBRULE_CHANGE;
		o->from_delivery = atoi(db_rows_get(&r, i, 2));
		o->from_date = date_or_none(db_rows_get(&r, i, 3));
		copy(o->status, sizeof(o->status), db_rows_get(&r, i, 4));
		copy(o->summary, sizeof(o->summary), db_rows_get(&r, i, 5));
		copy(o->note, sizeof(o->note), db_rows_get(&r, i, 6));
		copy(o->created_by, sizeof(o->created_by), db_rows_get(&r, i, 7));
		copy(o->created_at, sizeof(o->created_at), db_rows_get(&r, i, 8));
	}
	db_rows_free(&r);
}

static void read_history(struct rd_db *db, struct subscription_view *v)
{
	char idb[24], cust[24];
	const char *params[2] = { textcheck_ll(v->state.id, idb), textcheck_ll(v->state.customer_id, cust) };
	struct db_rows r;

	v->nhistory = 0;
	/* the customer's history index finds the rows; the subscription's
	 * own and its children's are picked from them */
	if (db_query(db,
		"SELECT h.id, to_char(h.at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI'),"
		"       h.actor, h.table_name, h.op, array_to_string(h.changed, ','),"
		"       CASE WHEN h.table_name = 'subscriptions' THEN coalesce(h.new_row ->> 'last_change', '') ELSE '' END,"
		"       coalesce(h.reason, '')"
		"  FROM rd.history h"
		" WHERE h.customer_id = $2::bigint"
		"   AND h.table_name IN ('subscriptions', 'subscription_lines', 'subscription_skips',"
		"                        'subscription_reservations', 'retention_offers')"
		"   AND CASE WHEN h.table_name = 'subscriptions' THEN h.row_key = $1"
		"            ELSE coalesce(h.new_row, h.old_row) ->> 'subscription_id' = $1 END"
		" ORDER BY h.at DESC, h.id DESC LIMIT 12",
		2, params, &r, NULL) != RD_OK)
		return;
	for (int i = 0; i < r.nrows && i < SUBSCRIPTION_MAX_HISTORY; i++) {
		struct subscription_change *o = &v->history[v->nhistory++];

		o->id = strtoll(db_rows_get(&r, i, 0), NULL, 10);
		copy(o->at, sizeof(o->at), db_rows_get(&r, i, 1));
		copy(o->actor, sizeof(o->actor), db_rows_get(&r, i, 2));
		copy(o->table, sizeof(o->table), db_rows_get(&r, i, 3));
		copy(o->op, sizeof(o->op), db_rows_get(&r, i, 4));
		copy(o->changed, sizeof(o->changed), db_rows_get(&r, i, 5));
		copy(o->what, sizeof(o->what), db_rows_get(&r, i, 6));
		copy(o->reason, sizeof(o->reason), db_rows_get(&r, i, 7));
	}
	db_rows_free(&r);
}

enum rd_status subscription_get(struct rd_db *db, long long id, int32_t today,
				struct subscription_view *out,
				struct rd_error *err)
{
	struct subscription_rules *rules = xmalloc(sizeof(*rules));
	char idb[24];
	const char *params[1] = { textcheck_ll(id, idb) };
	struct db_rows r;
	enum rd_status st;
	struct sbuf w;
	int n;

	memset(out, 0, sizeof(*out));
	st = subscription_rules_load(db, today, rules, err);
	if (st != RD_OK)
		goto out;
	out->today = rules->today;
	st = db_query(db,
		"SELECT " STATE_COLUMNS ","
		"       c.code, c.name, s.started_on, s.cancelled_on, coalesce(s.cancel_reason, ''),"
		"       coalesce(s.media_code, ''), coalesce(s.last_change, ''),"
		"       coalesce(a.label, ''), coalesce(a.name, c.name),"
		"       coalesce(a.postal_code, c.postal_code, ''), coalesce(a.prefecture, c.prefecture, ''),"
		"       coalesce(a.address1, c.address1, ''), coalesce(a.address2, c.address2, '')"
		"  FROM rd.subscriptions s JOIN rd.customers c ON c.id = s.customer_id"
		"  LEFT JOIN rd.customer_addresses a ON a.id = s.address_id"
		" WHERE s.id = $1", 1, params, &r, err);
	if (st != RD_OK)
		goto out;
	if (r.nrows == 0) {
		db_rows_free(&r);
		st = rd_error_set(err, RD_NOT_FOUND, _("there is no subscription %lld"), id);
		goto out;
	}
	st = state_from_row(&r, 0, 0, &out->state, err);
	if (st == RD_OK) {
		int c = STATE_NCOLS;

		copy(out->customer_code, sizeof(out->customer_code), db_rows_get(&r, 0, c));
		copy(out->customer_name, sizeof(out->customer_name), db_rows_get(&r, 0, c + 1));
		out->started_on = date_or_none(db_rows_get(&r, 0, c + 2));
		out->cancelled_on = date_or_none(db_rows_get(&r, 0, c + 3));
		copy(out->cancel_reason, sizeof(out->cancel_reason), db_rows_get(&r, 0, c + 4));
		copy(out->media_code, sizeof(out->media_code), db_rows_get(&r, 0, c + 5));
		copy(out->last_change, sizeof(out->last_change), db_rows_get(&r, 0, c + 6));
		out->address.id = out->state.sub.address_id;
		copy(out->address.label, sizeof(out->address.label), db_rows_get(&r, 0, c + 7));
		copy(out->address.name, sizeof(out->address.name), db_rows_get(&r, 0, c + 8));
		copy(out->address.postal, sizeof(out->address.postal), db_rows_get(&r, 0, c + 9));
		copy(out->address.prefecture, sizeof(out->address.prefecture), db_rows_get(&r, 0, c + 10));
		copy(out->address.address1, sizeof(out->address.address1), db_rows_get(&r, 0, c + 11));
		copy(out->address.address2, sizeof(out->address.address2), db_rows_get(&r, 0, c + 12));
	}
	db_rows_free(&r);
	if (st != RD_OK)
		goto out;
	cycle_format(&out->state.sub.cycle, out->cycle_spec);
	if (out->state.sub.has_first)
		cycle_format(&out->state.sub.first, out->first_spec);
	sbuf_init(&w);
	cycle_describe(&out->state.sub.cycle, &w);
	copy(out->cycle_words, sizeof(out->cycle_words), w.buf);
	sbuf_done(&w);
	subrule_amount(&out->state.sub, &rules->rules, &out->amount, NULL);
	n = subrule_slots(&out->state.sub, &rules->rules, rules->today, out->next,
			  SUBRULE_SHOW, err);
	if (n < 0) {
		st = err ? err->status : RD_INVALID;
		goto out;
	}
	out->nnext = n;
	read_reservations(db, out);
	read_history(db, out);
out:
	free(rules);
	return st;
}

enum rd_status subscription_list(struct rd_db *db, long long customer_id,
				 int32_t today, struct subscription_row *rows,
				 int cap, int *n, struct rd_error *err)
{
	struct subscription_rules *rules = xmalloc(sizeof(*rules));
	struct subscription_state *state = xmalloc(sizeof(*state));
	char cust[24], lim[16];
	const char *params[2] = { textcheck_ll(customer_id, cust), lim };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	snprintf(lim, sizeof(lim), "%d", cap < 0 ? 0 : cap);
	st = subscription_rules_load(db, today, rules, err);
	if (st == RD_OK)
		st = db_query(db,
			"SELECT " STATE_COLUMNS " FROM rd.subscriptions s"
			" WHERE s.customer_id = $1"
			" ORDER BY s.status = 'cancelled', s.next_date NULLS LAST, s.id"
			" LIMIT $2", 2, params, &r, err);
	if (st != RD_OK)
		goto out;
	for (int i = 0; i < r.nrows && st == RD_OK; i++) {
		struct subscription_row *o = &rows[*n];
		struct subrule_slot sl[SUBRULE_SHOW];
		struct subrule_amount am;
		struct sbuf w;
		size_t len = 0;
		int k;

		st = state_from_row(&r, i, 0, state, err);
		if (st != RD_OK)
			break;
		memset(o, 0, sizeof(*o));
		o->id = state->id;
		o->version = state->version;
		o->status = state->sub.status;
		o->delivery_count = state->sub.delivery_count;
		o->paused_until = state->sub.paused_until;
		cycle_format(&state->sub.cycle, o->cycle_spec);
		sbuf_init(&w);
		cycle_describe(&state->sub.cycle, &w);
		copy(o->cycle_words, sizeof(o->cycle_words), w.buf);
		sbuf_done(&w);
		o->next_date = SUBRULE_NO_DATE;
		k = subrule_slots(&state->sub, &rules->rules, rules->today, sl, SUBRULE_SHOW, NULL);
		for (int j = 0; j < k; j++)
			if (!sl[j].skipped) {
				o->next_date = sl[j].date;
				break;
			}
		if (subrule_amount(&state->sub, &rules->rules, &am, NULL) == RD_OK) {
			o->amount = am.total;
			o->goods = am.goods;
		}
		for (int j = 0; j < state->sub.nlines && len < sizeof(o->products); j++)
			len += (size_t)snprintf(o->products + len, sizeof(o->products) - len,
						"%s%s x%d", j ? ", " : "", state->sub.lines[j].name,
						state->sub.lines[j].quantity);
		(*n)++;
	}
	db_rows_free(&r);
out:
	free(rules);
	free(state);
	return st;
}

/* ---- requests -------------------------------------------------------------------- */

void subscription_request_init(struct subscription_request *r, long long id,
			       enum subrule_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->id = id;
	subrule_request_init(&r->rq, kind);
	r->today = SUBSCRIPTION_TODAY;
}

/* Whether the product of a line already in the subscription that a SET
 * changes is still sold: a product no longer sold keeps its line but its
 * quantity cannot be set (core/pricing's line check refuses it). */
static enum rd_status line_sold(struct rd_db *db, struct subrule_line_change *op,
				struct rd_error *err)
{
	const char *params[1] = { op->sku };
	char v[8] = "";
	enum rd_status st;

	st = db_query_value(db, "SELECT active FROM rd.products WHERE sku = $1",
			    1, params, v, sizeof(v), NULL, err);
	if (st == RD_NOT_FOUND)
		st = RD_OK;
	op->not_sold = st == RD_OK && strcmp(v, "t") != 0;
	return st;
}

/* Fills the products that line changes name (new ones and swap targets)
 * from the catalogue; an unknown or inactive product, or one not sold by
 * subscription, is left empty (the rules then refuse it by name). */
static enum rd_status fill_products(struct rd_db *db, const struct subrule_sub *s,
				    struct subrule_request *q, struct rd_error *err)
{
	for (int i = 0; i < q->nline_ops; i++) {
		struct subrule_line_change *op = &q->line_ops[i];
		const char *sku = NULL;
		const char *params[1];
		struct db_rows r;
		enum rd_status st;
		char want[SUBRULE_SKU_SIZE];

		if (op->op == SUBRULE_LINE_SWAP)
			sku = op->product.sku;
		else if (op->op == SUBRULE_LINE_SET) {
			bool have = false;

			for (int k = 0; k < s->nlines; k++)
				have |= strcmp(s->lines[k].sku, op->sku) == 0;
			if (!have)
				sku = op->sku;
			else if ((st = line_sold(db, op, err)) != RD_OK)
				return st;
		}
		if (!sku || !*sku)
			continue;
		copy(want, sizeof(want), sku);
		params[0] = want;
		memset(&op->product, 0, sizeof(op->product));
		st = db_query(db,
			"SELECT sku, name, subscription_price, price, tax_rate FROM rd.products"
			" WHERE sku = $1 AND active AND subscription_price IS NOT NULL",
			1, params, &r, err);
		if (st != RD_OK)
			return st;
		if (r.nrows == 1) {
			copy(op->product.sku, sizeof(op->product.sku), db_rows_get(&r, 0, 0));
			copy(op->product.name, sizeof(op->product.name), db_rows_get(&r, 0, 1));
			op->product.unit_price = strtoll(db_rows_get(&r, 0, 2), NULL, 10);
			op->product.list_price = strtoll(db_rows_get(&r, 0, 3), NULL, 10);
			op->product.tax_rate = atoi(db_rows_get(&r, 0, 4));
		} else if (op->op == SUBRULE_LINE_SWAP) {
			/* keep the name for the message */
			db_rows_free(&r);
			return rd_error_set(err, RD_INVALID,
				_("there is no product %s for subscriptions (unknown, not sold by subscription, or no longer sold)"),
				want);
		}
		db_rows_free(&r);
	}
	return RD_OK;
}

static enum rd_status check_address(struct rd_db *db, long long customer_id,
				    long long address_id, struct rd_error *err)
{
	char a[24], c[24];
	const char *params[2] = { textcheck_ll(address_id, a), textcheck_ll(customer_id, c) };
	char v[8];
	enum rd_status st;

	if (address_id == 0)
		return RD_OK;
	st = db_query_value(db,
		"SELECT 1 FROM rd.customer_addresses WHERE id = $1 AND customer_id = $2 AND active",
		2, params, v, sizeof(v), NULL, err);
	if (st == RD_NOT_FOUND)
		return rd_error_set(err, RD_INVALID,
			_("address %lld is not one of this customer's delivery addresses"), address_id);
	return st;
}

/* Everything a preview needs, read inside or outside a transaction. */
struct work {
	struct subscription_rules rules;
	struct subscription_state state;
	struct subrule_request rq;
	struct subrule_preview preview;
};

static enum rd_status result_parse(const char *text, struct subscription_result *res,
				   struct rd_error *err);

/* Reads the rules, what request_id did already (when it did) and the
 * subscription in one round trip. *done: the request id was applied
 * (res is its result); RD_DUPLICATE when it was for another subscription. */
static enum rd_status load(struct rd_db *db, const struct subscription_request *r,
			   struct work *w, bool *done, struct subscription_result *res,
			   struct rd_error *err)
{
	char iso[DATE_ISO_SIZE], idb[24];
	const char *params[3] = { iso_or_null(r->today, iso), textcheck_ll(r->id, idb), r->request_id };
	struct db_rows rows;
	enum rd_status st;
	const char *req;

	*done = false;
	st = db_query(db, RULES_WITH " SELECT" RULES_COLUMNS ","
		      " (SELECT q.subscription_id || E'\\t' || q.result::text FROM rd.subscription_requests q"
		      "   WHERE q.request_id = $3::uuid AND q.agent = session_user), " STATE_COLUMNS
		      " FROM t LEFT JOIN rd.subscriptions s ON s.id = $2::bigint",
		      3, params, &rows, err);
	if (st != RD_OK)
		return st;
	st = rules_from_row(&rows, 0, &w->rules, err);
	req = db_rows_get(&rows, 0, RULES_NCOLS);
	if (st == RD_OK && req) {
		const char *tab = strchr(req, '\t');

		if (!tab)
			st = rd_error_set(err, RD_INTERNAL, "bad request row");
		else if (strtoll(req, NULL, 10) != r->id)
			st = rd_error_set(err, RD_DUPLICATE,
				_("the request id %s was already used for subscription %lld: give each request its own id"),
				r->request_id, strtoll(req, NULL, 10));
		else if ((st = result_parse(tab + 1, res, err)) == RD_OK)
			*done = true;
	} else if (st == RD_OK && !db_rows_get(&rows, 0, RULES_NCOLS + 1)) {
		st = rd_error_set(err, RD_NOT_FOUND, _("there is no subscription %lld"), r->id);
	} else if (st == RD_OK) {
		st = state_from_row(&rows, 0, RULES_NCOLS + 1, &w->state, err);
	}
	db_rows_free(&rows);
	return st;
}

/* Fills in what the preview needs beyond the subscription (products,
 * the address) and computes it. */
static enum rd_status prepare(struct rd_db *db, const struct subscription_request *r,
			      struct work *w, struct rd_error *err)
{
	enum rd_status st;

	w->rq = r->rq;
	w->rq.is_supervisor = w->rules.is_supervisor;
	if (w->rq.kind == SUBRULE_CHANGE && (w->rq.change & SUBRULE_CH_LINES)) {
		st = fill_products(db, &w->state.sub, &w->rq, err);
		if (st != RD_OK)
			return st;
	}
	if (w->rq.kind == SUBRULE_CHANGE && (w->rq.change & SUBRULE_CH_ADDRESS)) {
		st = check_address(db, w->state.customer_id, w->rq.address_id, err);
		if (st != RD_OK)
			return st;
	}
	subrule_preview(&w->state.sub, &w->rules.rules, &w->rq, w->rules.today, &w->preview);
	return RD_OK;
}

static enum rd_status check_request(const struct subscription_request *r,
				    struct rd_error *err)
{
	if (r->id <= 0)
		return rd_error_set(err, RD_USAGE, _("which subscription? (no id)"));
	if ((unsigned)r->rq.kind >= SUBRULE_KIND_COUNT)
		return rd_error_set(err, RD_USAGE, _("unknown request"));
	if ((r->rq.kind == SUBRULE_CANCEL || r->rq.kind == SUBRULE_KEEP) && !r->retention)
		return rd_error_set(err, RD_USAGE,
			_("offer the alternatives first, and say which were offered (skip, pause, cycle, fewer, discount, or none)"));
	if (r->retention && (r->rq.kind == SUBRULE_UNSKIP || r->rq.kind == SUBRULE_RESUME))
		return rd_error_set(err, RD_USAGE,
			_("a retention offer ends in a cancellation, a kept subscription, or one of the alternatives"));
	return RD_OK;
}

enum rd_status subscription_preview(struct rd_db *db,
				    const struct subscription_request *r,
				    struct subrule_preview *out,
				    int *version_read, struct rd_error *err)
{
	struct work *w = xcalloc(1, sizeof(*w));
	enum rd_status st;

	struct subscription_request q = *r;
	struct subscription_result ignored;
	bool done;

	q.request_id = NULL;   /* a preview is no request */
	st = check_request(r, err);
	if (st == RD_OK)
		st = load(db, &q, w, &done, &ignored, err);
	if (st == RD_OK)
		st = prepare(db, r, w, err);
	if (st == RD_OK) {
		*out = w->preview;
		if (version_read)
			*version_read = w->state.version;
	}
	free(w);
	return st;
}

/* ---- writing -------------------------------------------------------------------- */

/* The alternative a request stands for, when the customer took it instead
 * of cancelling; -1 when it is none. */
static int accepted_alt(const struct subrule_request *q)
{
	switch (q->kind) {
	case SUBRULE_SKIP: return SUBRULE_ALT_SKIP;
	case SUBRULE_PAUSE: return SUBRULE_ALT_PAUSE;
	case SUBRULE_CHANGE:
		if (q->change & SUBRULE_CH_CYCLE)
			return SUBRULE_ALT_LONGER_CYCLE;
		if (q->change & SUBRULE_CH_LINES)
			return SUBRULE_ALT_FEWER_ITEMS;
		if (q->change & SUBRULE_CH_DISCOUNT)
			return SUBRULE_ALT_DISCOUNT;
		return -1;
	default:
		return -1;
	}
}

#define SUB_NPARAMS_MAX 25   /* SUB_UPDATE's and write_one's */

/* The parameters ($1..$18) of SUB_UPDATE: the subscription row as the
 * preview's after-state, if it is still at version. */
struct sub_params {
	char idb[24], ver[16], spec[CYCLE_SPEC_SIZE], first[CYCLE_SPEC_SIZE];
	char next[DATE_ISO_SIZE], until[DATE_ISO_SIZE], today[DATE_ISO_SIZE];
	char addr[24], pct[8], rem[8];
	const char *p[SUB_NPARAMS_MAX];
};


static void sub_params(struct sub_params *sp, const struct work *w, int version,
		       const char *cancel_reason)
{
	const struct subrule_sub *a = &w->preview.after;
	const struct subrule_sub *b = &w->state.sub;
	const char *card_mode = "keep";

	if (!a->has_card && b->has_card)
		card_mode = "clear";
	else if (a->card_token[0])
		card_mode = "set";
	snprintf(sp->ver, sizeof(sp->ver), "%d", version);
	snprintf(sp->pct, sizeof(sp->pct), "%d", a->discount_percent);
	snprintf(sp->rem, sizeof(sp->rem), "%d", a->discount_remaining);
	sp->p[0] = textcheck_ll(w->state.id, sp->idb);
	sp->p[1] = sp->ver;
	sp->p[2] = subrule_status_name(a->status);
	sp->p[3] = cycle_format(&a->cycle, sp->spec);
	sp->p[4] = a->has_first ? cycle_format(&a->first, sp->first) : NULL;
	sp->p[5] = iso_or_null(a->next_date, sp->next);
	sp->p[6] = iso_or_null(a->paused_until, sp->until);
	sp->p[7] = subrule_payment_name(a->payment);
	sp->p[8] = card_mode;
	sp->p[9] = a->card_token;
	sp->p[10] = a->card_last4;
	sp->p[11] = subrule_time_name(a->time_slot);
	sp->p[12] = a->address_id ? textcheck_ll(a->address_id, sp->addr) : NULL;
	sp->p[13] = sp->pct;
	sp->p[14] = sp->rem;
	sp->p[15] = w->preview.summary;
	sp->p[16] = date_format_iso(w->rules.today, sp->today);
	sp->p[17] = cancel_reason;
}

/* Writes the subscription row as the preview's after-state, if it is
 * still at version. *new_version gets the new version; zero rows give
 * RD_CONFLICT with *lost set (the message comes later, outside the
 * transaction that failed). */
static enum rd_status write_subscription(struct rd_db *db, const struct work *w,
					 int version, const char *cancel_reason,
					 int *new_version, bool *lost, struct rd_error *err)
{
	struct sub_params sp;
	char value[16];
	enum rd_status st;

	sub_params(&sp, w, version, cancel_reason);
	st = db_query_value(db, SUB_UPDATE " RETURNING version", SUB_NPARAMS, sp.p,
			    value, sizeof(value), NULL, err);
	if (st == RD_NOT_FOUND) {
		rd_error_clear(err);
		*lost = true;
		return RD_CONFLICT;
	}
	if (st == RD_OK)
		*new_version = atoi(value);
	return st;
}

static enum rd_status write_skips(struct rd_db *db, const struct work *w,
				  struct rd_error *err)
{
	const struct subrule_preview *p = &w->preview;
	char idb[24];

	textcheck_ll(w->state.id, idb);
	for (int i = 0; i < p->nskip_ops; i++) {
		const struct subrule_skip_op *op = &p->skip_ops[i];
		char d[DATE_ISO_SIZE], no[16];
		const char *params[3] = { idb, date_format_iso(op->date, d), no };
		enum rd_status st;

		snprintf(no, sizeof(no), "%d", op->number);
		switch (op->op) {
		case SUBRULE_SKIP_ADD:
			st = db_exec(db,
				"INSERT INTO rd.subscription_skips (subscription_id, date, delivery_no)"
				" VALUES ($1, $2::date, $3::int)", 3, params, NULL, err);
			break;
		case SUBRULE_SKIP_DELETE:
			st = db_exec_row(db,
				"DELETE FROM rd.subscription_skips WHERE subscription_id = $1 AND date = $2::date",
				2, params, err);
			break;
		default:
			st = db_exec_row(db,
				"UPDATE rd.subscription_skips SET delivery_no = $3::int"
				" WHERE subscription_id = $1 AND date = $2::date", 3, params, err);
			break;
		}
		if (st == RD_DUPLICATE)
			return rd_error_set(err, RD_CONFLICT,
				_("that delivery was skipped meanwhile by someone else; nothing was saved: look again"));
		if (st != RD_OK)
			return st;
	}
	return RD_OK;
}

static enum rd_status write_lines(struct rd_db *db, const struct work *w,
				  struct rd_error *err)
{
	const struct subrule_sub *b = &w->state.sub, *a = &w->preview.after;
	char idb[24];

	textcheck_ll(w->state.id, idb);
	for (int i = 0; i < b->nlines; i++) {
		const struct subrule_line *ol = &b->lines[i];
		const struct subrule_line *nl = NULL;
		char qty[16];
		const char *params[3] = { idb, ol->sku, qty };
		enum rd_status st = RD_OK;

		for (int j = 0; j < a->nlines; j++)
			if (strcmp(a->lines[j].sku, ol->sku) == 0)
				nl = &a->lines[j];
		if (!nl)
			st = db_exec_row(db,
				"DELETE FROM rd.subscription_lines WHERE subscription_id = $1 AND sku = $2",
				2, params, err);
		else if (nl->quantity != ol->quantity) {
			snprintf(qty, sizeof(qty), "%d", nl->quantity);
			st = db_exec_row(db,
				"UPDATE rd.subscription_lines SET quantity = $3::int"
				" WHERE subscription_id = $1 AND sku = $2", 3, params, err);
		}
		if (st != RD_OK)
			return st;
	}
	for (int j = 0; j < a->nlines; j++) {
		const struct subrule_line *nl = &a->lines[j];
		bool had = false;
		char qty[16], price[24];
		const char *params[4] = { idb, nl->sku, qty, price };
		enum rd_status st;

		for (int i = 0; i < b->nlines; i++)
			had |= strcmp(b->lines[i].sku, nl->sku) == 0;
		if (had)
			continue;
		snprintf(qty, sizeof(qty), "%d", nl->quantity);
		snprintf(price, sizeof(price), "%lld", (long long)nl->unit_price);
		st = db_exec(db,
			"INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)"
			" VALUES ($1, $2, $3::int, $4::int)", 4, params, NULL, err);
		if (st != RD_OK)
			return st;
	}
	return RD_OK;
}

static enum rd_status write_reservation(struct rd_db *db, const struct work *w,
					const char *request_id, const char *cancel_reason,
					long long *id, struct rd_error *err)
{
	struct sbuf payload;
	char idb[24], from[16], date[DATE_ISO_SIZE], value[24];
	const char *params[8];
	enum rd_status st;

	sbuf_init(&payload);
	subrule_request_to_json(&w->rq, &payload);
	snprintf(from, sizeof(from), "%d", w->preview.from_delivery);
	params[0] = textcheck_ll(w->state.id, idb);
	params[1] = subrule_kind_name(w->rq.kind);
	params[2] = from;
	params[3] = date_format_iso(w->preview.from_date, date);
	params[4] = payload.buf;
	params[5] = w->preview.summary;
	params[6] = request_id;
	/* a reserved cancellation keeps the customer's reason until it fires */
	params[7] = w->rq.kind == SUBRULE_CANCEL && cancel_reason && *cancel_reason
		? cancel_reason : NULL;
	st = db_query_value(db,
		"INSERT INTO rd.subscription_reservations (subscription_id, kind, from_delivery,"
		"       from_date, payload, summary, request_id, cancel_reason)"
		" VALUES ($1, $2, $3::int, $4::date, $5::jsonb, $6, $7::uuid, $8) RETURNING id",
		8, params, value, sizeof(value), NULL, err);
	sbuf_done(&payload);
	if (st == RD_OK)
		*id = strtoll(value, NULL, 10);
	return st;
}

/* outcome: NULL for what the request itself says (cancelled, kept,
 * changed); else "not_cancelled" or "refused" with detail (NULL: the
 * preview's summary). */
static enum rd_status write_offer(struct rd_db *db, const struct subscription_request *r,
				  const struct work *w, const char *forced, const char *detail,
				  long long *id, struct rd_error *err)
{
	const struct subrule_preview *p = &w->preview;
	const struct subrule_retention *ret = &p->retention;
	struct subrule_retention local;
	unsigned offered = r->offered;
	int acc = accepted_alt(&w->rq);
	const char *outcome;
	struct sbuf arr;
	char idb[24], cust[24], count[16], owed[16], fee[24], value[24];
	const char *params[11];
	enum rd_status st;

	if (forced)
		outcome = forced;
	else if (w->rq.kind == SUBRULE_CANCEL)
		outcome = "cancelled";
	else if (w->rq.kind == SUBRULE_KEEP && r->abandoned)
		outcome = "not_cancelled";
	else if (w->rq.kind == SUBRULE_KEEP)
		outcome = "kept";
	else if (acc >= 0)
		outcome = "changed";
	else
		return rd_error_set(err, RD_USAGE,
			_("this change is not one of the alternatives of a retention offer (skip, pause, cycle, fewer, discount)"));
	if (!p->has_retention) {
		subrule_retention(&w->state.sub, &w->rules.rules, w->rules.today, &local);
		ret = &local;
	}
	if (acc >= 0 && w->rq.kind != SUBRULE_CANCEL && w->rq.kind != SUBRULE_KEEP)
		offered |= SUBRULE_ALT_BIT(acc);
	sbuf_init(&arr);
	sbuf_addc(&arr, '{');
	for (int i = 0, n = 0; i < SUBRULE_ALT_COUNT; i++)
		if (offered & SUBRULE_ALT_BIT(i))
			sbuf_printf(&arr, "%s%s", n++ ? "," : "", subrule_alt_name((enum subrule_alt)i));
	sbuf_addc(&arr, '}');
	snprintf(count, sizeof(count), "%d", w->state.sub.delivery_count);
	snprintf(owed, sizeof(owed), "%d", ret->deliveries_owed);
	snprintf(fee, sizeof(fee), "%lld", (long long)(p->fee_applies ? p->fee : 0));
	params[0] = textcheck_ll(w->state.id, idb);
	params[1] = textcheck_ll(w->state.customer_id, cust);
	params[2] = arr.buf;
	params[3] = strcmp(outcome, "changed") == 0 ? subrule_alt_name((enum subrule_alt)acc) : NULL;
	params[4] = outcome;
	params[5] = detail ? detail : p->summary;
	params[6] = count;
	params[7] = owed;
	params[8] = fee;
	params[9] = p->fee_applies ? "true" : "false";
	params[10] = r->request_id;
	st = db_query_value(db,
		"INSERT INTO rd.retention_offers (subscription_id, customer_id, offered, accepted,"
		"       outcome, detail, delivery_count, deliveries_owed, fee, override, request_id)"
		" VALUES ($1, $2, $3::text[], $4, $5, $6, $7::int, $8::int, $9::int, $10::boolean,"
		"         $11::uuid) RETURNING id", 11, params, value, sizeof(value), NULL, err);
	sbuf_done(&arr);
	if (st == RD_OK)
		*id = strtoll(value, NULL, 10);
	return st;
}

static void result_json(const struct subscription_result *res, struct sbuf *out)
{
	char d[DATE_ISO_SIZE];

	sbuf_printf(out, "{\"id\":%lld,\"version\":%d,\"kind\":\"%s\",\"reserved\":%s,"
		    "\"status\":\"%s\",\"delivery_count\":%d,\"fee\":%lld,"
		    "\"reservation_id\":%lld,\"offer_id\":%lld,\"next_date\":",
		    res->id, res->version, subrule_kind_name(res->kind),
		    res->reserved ? "true" : "false", subrule_status_name(res->status),
		    res->delivery_count, (long long)res->fee, res->reservation_id,
		    res->offer_id);
	if (res->next_date == SUBRULE_NO_DATE)
		sbuf_adds(out, "null");
	else
		sbuf_printf(out, "\"%s\"", date_format_iso(res->next_date, d));
	sbuf_adds(out, ",\"summary\":");
	json_write_str(out, res->summary);
	sbuf_addc(out, '}');
}

static enum rd_status result_parse(const char *text, struct subscription_result *res,
				   struct rd_error *err)
{
	struct json_value *root = NULL;
	int64_t n;
	int b;

	memset(res, 0, sizeof(*res));
	if (json_parse(text, strlen(text), &root, err) != RD_OK)
		return RD_INTERNAL;
	if (json_as_int(json_get(root, "id"), &n) == 0)
		res->id = n;
	if (json_as_int(json_get(root, "version"), &n) == 0)
		res->version = (int)n;
	if (subrule_kind_parse(json_as_string(json_get(root, "kind"), NULL), &res->kind) != 0)
		res->kind = SUBRULE_CHANGE;
	if (json_as_bool(json_get(root, "reserved"), &b) == 0)
		res->reserved = b;
	if (subrule_status_parse(json_as_string(json_get(root, "status"), NULL), &res->status) != 0)
		res->status = SUBRULE_ACTIVE;
	if (json_as_int(json_get(root, "delivery_count"), &n) == 0)
		res->delivery_count = (int)n;
	if (json_as_int(json_get(root, "fee"), &n) == 0)
		res->fee = n;
	if (json_as_int(json_get(root, "reservation_id"), &n) == 0)
		res->reservation_id = n;
	if (json_as_int(json_get(root, "offer_id"), &n) == 0)
		res->offer_id = n;
	res->next_date = date_or_none(json_as_string(json_get(root, "next_date"), NULL));
	copy(res->summary, sizeof(res->summary), json_as_string(json_get(root, "summary"), NULL));
	res->replayed = true;
	json_free(&root);
	return RD_OK;
}

/* Inside a transaction: the result of a request id already applied.
 * RD_NOT_FOUND when it was not; RD_DUPLICATE when it was used for another
 * subscription. */
static enum rd_status replay(struct rd_db *db, const char *request_id, long long id,
			     struct subscription_result *res, struct rd_error *err)
{
	const char *params[1] = { request_id };
	struct db_rows r;
	enum rd_status st;

	if (!request_id)
		return RD_NOT_FOUND;
	st = db_query(db, "SELECT subscription_id, result::text FROM rd.subscription_requests"
		      " WHERE request_id = $1::uuid AND agent = session_user", 1, params, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0) {
		db_rows_free(&r);
		return RD_NOT_FOUND;
	}
	if (strtoll(db_rows_get(&r, 0, 0), NULL, 10) != id) {
		st = rd_error_set(err, RD_DUPLICATE,
			_("the request id %s was already used for subscription %s: give each request its own id"),
			request_id, db_rows_get(&r, 0, 0));
	} else {
		st = result_parse(db_rows_get(&r, 0, 1), res, err);
	}
	db_rows_free(&r);
	return st;
}

static enum rd_status write_request(struct rd_db *db, const char *request_id,
				    const char *kind, const struct subscription_result *res,
				    struct rd_error *err)
{
	struct sbuf js;
	char idb[24];
	const char *params[4];
	enum rd_status st;

	if (!request_id)
		return RD_OK;
	sbuf_init(&js);
	result_json(res, &js);
	params[0] = request_id;
	params[1] = textcheck_ll(res->id, idb);
	params[2] = kind;
	params[3] = js.buf;
	st = db_exec(db,
		SUB_REQUEST_INSERT, 4, params, NULL, err);
	sbuf_done(&js);
	return st;
}

/* True when w's request writes only the subscription row, its skips and
 * the request id's row (skip, unskip, pause, resume, most changes), each
 * skip row once: then write_one does it all in one statement. */
static bool one_statement(const struct subscription_request *r, const struct work *w)
{
	const struct subrule_preview *p = &w->preview;

	if (r->hook || r->retention || p->reserved || p->after.status == SUBRULE_CANCELLED ||
	    w->rq.kind == SUBRULE_CANCEL || w->rq.kind == SUBRULE_KEEP ||
	    (w->rq.kind == SUBRULE_CHANGE && (w->rq.change & SUBRULE_CH_LINES)))
		return false;
	for (int i = 0; i < p->nskip_ops; i++)
		for (int j = 0; j < i; j++)
			if (p->skip_ops[i].date == p->skip_ops[j].date)
				return false;
	return true;
}

/* The whole request in one statement, which is its own transaction:
 * the reason and request id for the history triggers (set first, as
 * db_begin does), the subscription row if still at version, its skip
 * rows, and the request id's row with the result (its version filled
 * in). Two round trips for a request (read, write) instead of seven.
 * Zero rows: *lost, as write_subscription. */
static enum rd_status write_one(struct rd_db *db, const struct subscription_request *r,
				const struct work *w, int version, struct subscription_result *res,
				bool *lost, struct rd_error *err)
{
	const struct subrule_preview *p = &w->preview;
	struct sub_params sp;
	struct sbuf ops, dates, nos, result;
	char value[16];
	enum rd_status st;

	*lost = false;
	sub_params(&sp, w, version, NULL);
	sbuf_init(&ops);
	sbuf_init(&dates);
	sbuf_init(&nos);
	sbuf_init(&result);
	for (int i = 0; i < p->nskip_ops; i++) {
		char d[DATE_ISO_SIZE];

		sbuf_printf(&ops, "%s%s", i ? "," : "",
			    p->skip_ops[i].op == SUBRULE_SKIP_ADD ? "add"
			    : p->skip_ops[i].op == SUBRULE_SKIP_DELETE ? "delete" : "renumber");
		sbuf_printf(&dates, "%s%s", i ? "," : "", date_format_iso(p->skip_ops[i].date, d));
		sbuf_printf(&nos, "%s%d", i ? "," : "", p->skip_ops[i].number);
	}
	result_json(res, &result);
	{
		char *o = xasprintf("{%s}", ops.buf ? ops.buf : "");
		char *dd = xasprintf("{%s}", dates.buf ? dates.buf : "");
		char *n = xasprintf("{%s}", nos.buf ? nos.buf : "");

		sp.p[18] = r->reason;
		sp.p[19] = r->request_id;
		sp.p[20] = o;
		sp.p[21] = dd;
		sp.p[22] = n;
		sp.p[23] = subrule_kind_name(w->rq.kind);
		sp.p[24] = result.buf;
		st = db_query_value(db, SUB_WRITE_ONE,
			SUB_NPARAMS + 7, sp.p, value, sizeof(value), NULL, err);
		free(o);
		free(dd);
		free(n);
	}
	sbuf_done(&ops);
	sbuf_done(&dates);
	sbuf_done(&nos);
	sbuf_done(&result);
	if (st == RD_NOT_FOUND) {
		rd_error_clear(err);
		*lost = true;
		return RD_CONFLICT;
	}
	if (st == RD_DUPLICATE) {
		/* a skip row or the request id written meanwhile by another */
		rd_error_clear(err);
		*lost = true;
		return RD_CONFLICT;
	}
	if (st == RD_OK)
		res->version = atoi(value);
	return st;
}

/* Says who changed subscription id after version, and what. */
static enum rd_status conflict(struct rd_db *db, long long id, int version,
			       struct rd_error *err)
{
	char idb[24], ver[16];
	const char *params[2] = { textcheck_ll(id, idb), ver };
	struct db_rows r;

	snprintf(ver, sizeof(ver), "%d", version);
	if (db_query(db,
		"SELECT s.version,"
		"       (SELECT string_agg(DISTINCT h.actor, ', ') FROM rd.history h"
		"         WHERE h.table_name = 'subscriptions' AND h.row_key = $1"
		"           AND (h.new_row ->> 'version')::int > $2::int),"
		"       (SELECT string_agg(coalesce(h.new_row ->> 'last_change', array_to_string(h.changed, ', ')),"
		"                          '; ' ORDER BY h.id)"
		"          FROM rd.history h"
		"         WHERE h.table_name = 'subscriptions' AND h.row_key = $1"
		"           AND (h.new_row ->> 'version')::int > $2::int)"
		"  FROM rd.subscriptions s WHERE s.id = $1::bigint", 2, params, &r, NULL) == RD_OK &&
	    r.nrows == 1) {
		const char *who = db_rows_get(&r, 0, 1), *what = db_rows_get(&r, 0, 2);

		if (who && what)
			rd_error_set(err, RD_CONFLICT,
				_("subscription %lld was changed by %s after you read it (version %d, now %s: %s); nothing was saved: look at it again"),
				id, who, version, db_rows_get(&r, 0, 0), what);
		else
			rd_error_set(err, RD_CONFLICT,
				_("subscription %lld was changed after you read it (version %d, now %s); nothing was saved: look at it again"),
				id, version, db_rows_get(&r, 0, 0));
		db_rows_free(&r);
		return RD_CONFLICT;
	}
	return rd_error_set(err, RD_CONFLICT,
		_("subscription %lld was changed after you read it; nothing was saved: look at it again"), id);
}

/* Within the transaction: writes what w's preview says, and the
 * reservation or retention offer that goes with it. */
static enum rd_status write_all(struct rd_db *db, const struct subscription_request *r,
				struct work *w, int version,
				struct subscription_result *res, bool *lost,
				struct rd_error *err)
{
	const struct subrule_preview *p = &w->preview;
	const char *creason = r->cancel_reason && *r->cancel_reason ? r->cancel_reason : r->reason;
	enum rd_status st;

	*lost = false;
	st = write_subscription(db, w, version, creason, &res->version, lost, err);
	if (st != RD_OK)
		return st;
	if (!p->reserved) {
		if ((st = write_skips(db, w, err)) != RD_OK)
			return st;
		if (w->rq.kind == SUBRULE_CHANGE && (w->rq.change & SUBRULE_CH_LINES) &&
		    (st = write_lines(db, w, err)) != RD_OK)
			return st;
		if (p->after.status == SUBRULE_CANCELLED) {
			char idb[24];
			const char *params[2] = { textcheck_ll(w->state.id, idb),
						  _("the subscription was cancelled") };

			st = db_exec(db,
				SUB_RESERVATIONS_CANCEL, 2, params, NULL, err);
			if (st != RD_OK)
				return st;
		}
	} else if ((st = write_reservation(db, w, r->request_id, creason, &res->reservation_id,
				     err)) != RD_OK) {
		return st;
	}
	if (r->retention && (st = write_offer(db, r, w, NULL, NULL, &res->offer_id, err)) != RD_OK)
		return st;
	return RD_OK;
}

/* A refused cancellation's retention record, in a transaction of its own
 * (once per request id); a failure here leaves the refusal as it is. */
static void record_refused(struct rd_db *db, const struct subscription_request *r,
			   const struct work *w)
{
	struct rd_error e2;
	long long id;
	char out[8];

	if (r->request_id && *r->request_id) {
		const char *p[1] = { r->request_id };

		if (db_query_value(db, "SELECT count(*) FROM rd.retention_offers WHERE request_id = $1::uuid",
				   1, p, out, sizeof(out), NULL, &e2) != RD_OK || strcmp(out, "0") != 0)
			return;
	}
	if (db_begin(db, r->reason, r->request_id, &e2) != RD_OK)
		return;
	if (write_offer(db, r, w, "refused", w->preview.message, &id, &e2) != RD_OK ||
	    db_commit(db, &e2) != RD_OK)
		db_rollback(db);
}

/* The summary kept with the request (its record, the subscription's last
 * change, the reservation, the call's log) is in the business's language:
 * the preview is made again under the business's catalogue. The preview
 * the caller shows stays in the terminal's language. */
static enum rd_status business_summary(struct rd_db *db, struct work *w,
				       struct rd_error *err)
{
	struct bizlang_scope sc;
	struct subrule_preview *p;
	enum rd_status st = bizlang_enter_db(db, &sc, err);

	if (st != RD_OK)
		return st;
	p = xmalloc(sizeof(*p));
	subrule_preview(&w->state.sub, &w->rules.rules, &w->rq, w->rules.today, p);
	bizlang_leave(&sc);
	if (p->status == RD_OK)
		copy(w->preview.summary, sizeof(w->preview.summary), p->summary);
	free(p);
	return RD_OK;
}

static void fill_result(const struct work *w, struct subscription_result *res)
{
	const struct subrule_preview *p = &w->preview;

	res->id = w->state.id;
	res->kind = w->rq.kind;
	res->reserved = p->reserved;
	res->status = p->after.status;
	res->next_date = p->after.next_date;
	res->delivery_count = p->after.delivery_count;
	res->fee = p->fee_applies ? p->fee : 0;
	copy(res->summary, sizeof(res->summary), p->summary);
}

enum rd_status subscription_apply(struct rd_db *db,
				  const struct subscription_request *r,
				  struct subrule_preview *preview,
				  struct subscription_result *res,
				  struct rd_error *err)
{
	struct work *w = xcalloc(1, sizeof(*w));
	enum rd_status st;
	bool lost = false, done = false;
	int version;

	memset(res, 0, sizeof(*res));
	if ((st = check_request(r, err)) != RD_OK ||
	    (st = check_reason(r->reason, r->request_id, err)) != RD_OK)
		goto out;
	/* read outside a transaction: what is written names the version
	 * read, so a change in between is a conflict, never lost */
	if ((st = load(db, r, w, &done, res, err)) != RD_OK || done)
		goto out;
	if ((st = prepare(db, r, w, err)) != RD_OK)
		goto out;
	if (preview)
		*preview = w->preview;
	version = r->version ? r->version : w->state.version;
	if (w->preview.status != RD_OK) {
		st = rd_error_set(err, w->preview.status, "%s", w->preview.message);
		/* a cancellation a rule refused: the offers made and the refusal
		 * are still the customer's story */
		if (st == RD_REFUSED && r->retention && w->rq.kind == SUBRULE_CANCEL)
			record_refused(db, r, w);
		goto out;
	}
	if (version != w->state.version) {
		st = conflict(db, r->id, version, err);
		goto out;
	}
	if ((st = business_summary(db, w, err)) != RD_OK)
		goto out;
	fill_result(w, res);
	if (one_statement(r, w)) {
		st = write_one(db, r, w, version, res, &lost, err);
		if (lost)
			goto lost;
		goto out;
	}
	if ((st = db_begin(db, r->reason, r->request_id, err)) != RD_OK)
		goto out;
	st = write_all(db, r, w, version, res, &lost, err);
	if (lost) {
		db_rollback(db);
		goto lost;
	}
	if (st != RD_OK)
		goto fail;
	if (r->hook && (st = r->hook(db, r->hook_arg, res, err)) != RD_OK)
		goto fail;
	st = write_request(db, r->request_id,
			   w->preview.reserved ? "reserve" : subrule_kind_name(w->rq.kind), res, err);
	if (st == RD_DUPLICATE) {
		/* the same request id committed meanwhile */
		db_rollback(db);
		st = replay(db, r->request_id, r->id, res, err);
		goto out;
	}
	if (st != RD_OK)
		goto fail;
	st = db_commit(db, err);
	goto out;
lost:
	/* zero rows: a concurrent request got there first; when it was this
	 * very request (a retry), answer with its result */
	if (r->request_id && replay(db, r->request_id, r->id, res, err) == RD_OK) {
		st = RD_OK;
		goto out;
	}
	st = conflict(db, r->id, version, err);
	goto out;
fail:
	db_rollback(db);
out:
	free(w);
	return st;
}

enum rd_status subscription_unreserve(struct rd_db *db, long long id,
				      int version, long long reservation_id,
				      const char *reason, const char *request_id,
				      int32_t today,
				      struct subscription_result *res,
				      struct rd_error *err)
{
	struct subscription_rules *rules = xmalloc(sizeof(*rules));
	struct subscription_state *state = xmalloc(sizeof(*state));
	char idb[24], rid[24], ver[16], value[16];
	struct db_rows r = { 0 };
	enum rd_status st;
	int nver;

	memset(res, 0, sizeof(*res));
	if ((st = check_reason(reason, request_id, err)) != RD_OK)
		goto out;
	if ((st = db_begin(db, reason, request_id, err)) != RD_OK)
		goto out;
	st = replay(db, request_id, id, res, err);
	if (st != RD_NOT_FOUND) {
		if (st == RD_OK)
			st = db_commit(db, err);
		else
			db_rollback(db);
		goto out;
	}
	if ((st = subscription_rules_load(db, today, rules, err)) != RD_OK ||
	    (st = subscription_read(db, id, false, state, err)) != RD_OK)
		goto fail;
	{
		const char *params[2] = { textcheck_ll(reservation_id, rid), textcheck_ll(id, idb) };

		st = db_query(db,
			"SELECT status, from_delivery, from_date, summary FROM rd.subscription_reservations"
			" WHERE id = $1 AND subscription_id = $2", 2, params, &r, err);
	}
	if (st != RD_OK)
		goto fail;
	if (r.nrows == 0) {
		st = rd_error_set(err, RD_NOT_FOUND,
			_("subscription %lld has no reservation %lld"), id, reservation_id);
		goto fail;
	}
	if (strcmp(db_rows_get(&r, 0, 0), "pending") != 0) {
		st = rd_error_set(err, RD_REFUSED,
			_("reservation %lld is %s already: there is nothing to cancel"),
			reservation_id,
			history_enum_words("subscription_reservations", "status", db_rows_get(&r, 0, 0)));
		goto fail;
	}
	{
		int32_t from = date_or_none(db_rows_get(&r, 0, 2));
		char d[DATE_SHORT_SIZE];
		int32_t eff = from;

		/* the reserved delivery's cut-off: the day it may still change */
		if (from != SUBRULE_NO_DATE && (int64_t)eff - rules->today <= rules->rules.cutoff_days) {
			st = rd_error_set(err, RD_REFUSED,
				_("Delivery %s (%s) is past its cut-off: the reservation can no longer be cancelled."),
				db_rows_get(&r, 0, 1), date_format_short(eff, d));
			goto fail;
		}
	}
	if (version && version != state->version) {
		db_rollback(db);
		st = conflict(db, id, version, err);
		goto out;
	}
	snprintf(ver, sizeof(ver), "%d", state->version);
	{
		/* kept as the last change and the request's result: in the
		 * business's language */
		struct bizlang_scope sc;

		if ((st = bizlang_enter_db(db, &sc, err)) != RD_OK)
			goto fail;
		snprintf(res->summary, sizeof(res->summary), _("cancel reservation %lld (%s)"),
			 reservation_id, db_rows_get(&r, 0, 3));
		bizlang_leave(&sc);
	}
	{
		const char *params[3] = { idb, ver, res->summary };

		st = db_query_value(db,
			"UPDATE rd.subscriptions SET last_change = $3"
			" WHERE id = $1 AND version = $2::int RETURNING version",
			3, params, value, sizeof(value), NULL, err);
		if (st == RD_NOT_FOUND) {
			db_rollback(db);
			st = conflict(db, id, state->version, err);
			goto out;
		}
		if (st != RD_OK)
			goto fail;
		nver = atoi(value);
	}
	{
		char note[SUBRULE_NOTE_SIZE];
		const char *params[2] = { rid, note };

		/* the reservation's note: the business's language */
		if ((st = bizlang_printf(db, note, sizeof(note), err, N_("cancelled by %s: %s"),
					 db_user(db), reason)) != RD_OK)
			goto fail;
		st = db_exec_row(db,
			"UPDATE rd.subscription_reservations SET status = 'cancelled', note = $2 WHERE id = $1",
			2, params, err);
		if (st != RD_OK)
			goto fail;
	}
	res->id = id;
	res->version = nver;
	res->kind = SUBRULE_CHANGE;
	res->status = state->sub.status;
	res->next_date = state->sub.next_date;
	res->delivery_count = state->sub.delivery_count;
	res->reservation_id = reservation_id;
	if ((st = write_request(db, request_id, "unreserve", res, err)) != RD_OK)
		goto fail;
	st = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	db_rows_free(&r);
	free(rules);
	free(state);
	return st;
}

/* ---- the shipment run -------------------------------------------------------------- */

enum rd_status subscription_due(struct rd_db *db, int32_t by_date,
				long long after_id, struct subscription_due *out,
				int cap, int *n, long long *next_after,
				struct rd_error *err)
{
	struct subscription_rules *rules = xmalloc(sizeof(*rules));
	struct schedule sch;
	struct cycle any;
	char d[DATE_ISO_SIZE], after[24], lim[16];
	char ahead[16];
	const char *params[4] = { date_format_iso(by_date, d), textcheck_ll(after_id, after), lim, ahead };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	*next_after = 0;
	snprintf(lim, sizeof(lim), "%d", cap < 1 ? 1 : cap);
	st = subscription_rules_load(db, by_date, rules, err);
	if (st != RD_OK)
		goto out;
	/* only the closures matter for the day a nominal date is delivered */
	cycle_parse("1d", &any, NULL);
	schedule_init(&sch, &any);
	sch.cal = &rules->rules.cal;
	/* a calendar that moves deliveries earlier brings later slots due */
	snprintf(ahead, sizeof(ahead), "%d",
		 rules->rules.cal.direction == CALENDAR_EARLIER ? CALENDAR_MAX_SHIFT : 0);
	st = db_query(db,
		"SELECT s.id, s.version, s.customer_id, s.delivery_count + 1, s.next_date,"
		"       EXISTS (SELECT 1 FROM rd.subscription_reservations v"
		"                WHERE v.subscription_id = s.id AND v.status = 'pending'"
		"                  AND v.from_delivery <= s.delivery_count + 1)"
		"  FROM rd.subscriptions s"
		" WHERE s.id > $2::bigint AND s.next_date <= $1::date + $4::int"
		"   AND (s.status = 'active' OR (s.status = 'paused' AND s.paused_until <= $1::date))"
		" ORDER BY s.id LIMIT $3::int", 4, params, &r, err);
	if (st != RD_OK)
		goto out;
	for (int i = 0; i < r.nrows; i++) {
		struct subscription_due *o = &out[*n];
		int32_t nominal = date_or_none(db_rows_get(&r, i, 4)), eff;

		*next_after = strtoll(db_rows_get(&r, i, 0), NULL, 10);
		if (schedule_open_day(&sch, nominal, &eff, NULL) != RD_OK)
			eff = nominal;
		if (eff > by_date)
			continue;
		o->id = *next_after;
		o->version = atoi(db_rows_get(&r, i, 1));
		o->customer_id = strtoll(db_rows_get(&r, i, 2), NULL, 10);
		o->delivery_no = atoi(db_rows_get(&r, i, 3));
		o->nominal = nominal;
		o->date = eff;
		o->has_reservations = strcmp(db_rows_get(&r, i, 5), "t") == 0;
		(*n)++;
	}
	if (r.nrows < cap)
		*next_after = 0;
	db_rows_free(&r);
out:
	free(rules);
	return st;
}

enum rd_status subscription_apply_reservations_tx(struct rd_db *db, long long id,
						  int32_t today, int *applied,
						  struct rd_error *err)
{
	struct work *w = xcalloc(1, sizeof(*w));
	char idb[24];
	const char *params[1] = { textcheck_ll(id, idb) };
	struct db_rows r = { 0 };
	struct bizlang_scope sc;
	enum rd_status st;

	if (applied)
		*applied = 0;
	/* what this writes is read later (the reason, the reservation's
	 * note, the summary): in the business's language */
	st = bizlang_enter_db(db, &sc, err);
	if (st != RD_OK) {
		free(w);
		return st;
	}
	st = subscription_rules_load(db, today, &w->rules, err);
	if (st == RD_OK)
		st = subscription_read(db, id, true, &w->state, err);
	if (st == RD_OK)
		st = db_query(db,
			"SELECT v.id, v.payload::text, coalesce(v.cancel_reason, '')"
			"  FROM rd.subscription_reservations v"
			"  JOIN rd.subscriptions s ON s.id = v.subscription_id"
			" WHERE v.subscription_id = $1 AND v.status = 'pending'"
			"   AND v.from_delivery <= s.delivery_count + 1"
			" ORDER BY v.from_delivery, v.id", 1, params, &r, err);
	for (int i = 0; st == RD_OK && i < r.nrows; i++) {
		const char *rid = db_rows_get(&r, i, 0);
		const char *payload = db_rows_get(&r, i, 1);
		struct rd_error why;
		struct subscription_request req;
		struct subscription_result res;
		char creason[SUBRULE_NOTE_SIZE];
		bool lost;
		enum rd_status ws;

		rd_error_clear(&why);
		subscription_request_init(&req, id, SUBRULE_CHANGE);
		ws = subrule_request_from_json(payload, strlen(payload), &w->rq, &why);
		if (ws == RD_OK) {
			w->rq.from_delivery = 0;
			w->rq.applying = true;
			/* the override was a supervisor's when it was reserved */
			w->rq.is_supervisor = w->rq.override;
			if (w->rq.kind == SUBRULE_CHANGE && (w->rq.change & SUBRULE_CH_LINES))
				ws = fill_products(db, &w->state.sub, &w->rq, &why);
		}
		if (ws == RD_OK) {
			subrule_preview(&w->state.sub, &w->rules.rules, &w->rq, w->rules.today,
					&w->preview);
			if (w->preview.status != RD_OK)
				ws = rd_error_set(&why, w->preview.status, "%s", w->preview.message);
		}
		req.rq = w->rq;
		req.reason = _("reservation");
		/* the customer's own reason, kept with the reservation */
		if (*db_rows_get(&r, i, 2))
			copy(creason, sizeof(creason), db_rows_get(&r, i, 2));
		else
			snprintf(creason, sizeof(creason), _("reserved cancellation (reservation %s)"), rid);
		req.cancel_reason = creason;
		memset(&res, 0, sizeof(res));
		if (ws == RD_OK) {
			/* a savepoint: a write the database refuses (a cancel
			 * guard, a product gone) cancels this reservation only */
			st = db_exec(db, "SAVEPOINT rd_reservation", 0, NULL, NULL, err);
			if (st != RD_OK)
				break;
			fill_result(w, &res);
			ws = write_all(db, &req, w, w->state.version, &res, &lost, &why);
			if (ws != RD_OK) {
				st = db_exec(db, "ROLLBACK TO SAVEPOINT rd_reservation", 0, NULL, NULL, err);
				if (st != RD_OK)
					break;
			}
		}
		{
			const char *p2[3] = { rid, ws == RD_OK ? "applied" : "cancelled",
					      ws == RD_OK ? w->preview.summary : why.msg };

			st = db_exec_row(db,
				"UPDATE rd.subscription_reservations SET status = $2, note = $3,"
				"       applied_at = CASE WHEN $2 = 'applied' THEN now() END"
				" WHERE id = $1", 3, p2, err);
		}
		if (st == RD_OK && ws == RD_OK) {
			if (applied)
				(*applied)++;
			st = subscription_read(db, id, true, &w->state, err);
		}
	}
	db_rows_free(&r);
	free(w);
	bizlang_leave(&sc);
	return st;
}

enum rd_status subscription_advance_tx(struct rd_db *db, long long id,
				       int delivery_no,
				       struct subscription_result *res,
				       struct rd_error *err)
{
	struct work *w = xcalloc(1, sizeof(*w));
	struct subscription_result local;
	enum rd_status st;

	if (!res)
		res = &local;
	memset(res, 0, sizeof(*res));
	st = subscription_rules_load(db, SUBSCRIPTION_TODAY, &w->rules, err);
	if (st == RD_OK)
		st = subscription_read(db, id, true, &w->state, err);
	if (st != RD_OK)
		goto out;
	res->id = id;
	res->version = w->state.version;
	res->status = w->state.sub.status;
	res->next_date = w->state.sub.next_date;
	res->delivery_count = w->state.sub.delivery_count;
	if (w->state.sub.delivery_count >= delivery_no) {
		res->replayed = true;
		goto out;
	}
	if (w->state.sub.delivery_count + 1 != delivery_no) {
		st = rd_error_set(err, RD_CONFLICT,
			_("subscription %lld is at delivery %d, not %d"), id,
			w->state.sub.delivery_count + 1, delivery_no);
		goto out;
	}
	w->preview.status = RD_OK;
	st = subrule_advance(&w->state.sub, &w->rules.rules, &w->preview.after, err);
	if (st != RD_OK)
		goto out;
	{
		/* kept as the last change: in the business's language */
		struct bizlang_scope sc;

		if ((st = bizlang_enter_db(db, &sc, err)) != RD_OK)
			goto out;
		snprintf(w->preview.summary, sizeof(w->preview.summary), _("delivery %d made"),
			 delivery_no);
		bizlang_leave(&sc);
	}
	{
		char idb[24], ver[16], count[16], next[DATE_ISO_SIZE], pct[8], rem[8], value[16];
		const struct subrule_sub *a = &w->preview.after;
		const char *params[8] = { textcheck_ll(id, idb), ver, count, iso_or_null(a->next_date, next),
					  subrule_status_name(a->status), pct, rem, w->preview.summary };

		snprintf(ver, sizeof(ver), "%d", w->state.version);
		snprintf(count, sizeof(count), "%d", a->delivery_count);
		snprintf(pct, sizeof(pct), "%d", a->discount_percent);
		snprintf(rem, sizeof(rem), "%d", a->discount_remaining);
		st = db_query_value(db,
			"UPDATE rd.subscriptions SET delivery_count = $3::int, next_date = $4::date,"
			"       status = $5, paused_until = CASE WHEN $5 = 'active' THEN NULL ELSE paused_until END,"
			"       discount_percent = $6::smallint, discount_remaining = $7::int,"
			"       last_change = $8"
			" WHERE id = $1 AND version = $2::int RETURNING version",
			8, params, value, sizeof(value), NULL, err);
		if (st == RD_NOT_FOUND)
			st = conflict(db, id, w->state.version, err);
		if (st != RD_OK)
			goto out;
		res->version = atoi(value);
		res->status = a->status;
		res->next_date = a->next_date;
		res->delivery_count = a->delivery_count;
		copy(res->summary, sizeof(res->summary), w->preview.summary);
	}
out:
	free(w);
	return st;
}

/* ---- reading many at once (the shipment run) ---------------------------------- */

enum rd_status subscription_state_from_row(const struct db_rows *rows, int row, int base,
					   struct subscription_state *out,
					   struct rd_error *err)
{
	return state_from_row(rows, row, base, out, err);
}
