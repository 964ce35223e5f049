/* calllist.c: outbound call lists over rd.call_list_* and rd.call_outcome
 * (db/migrations/0125).
 *
 * Collecting the customers reads what the lookup reads (customer_find,
 * page by page) or what the database computes (presets); making the list
 * and recording an outcome are one call each of the database's functions,
 * which hold the rules (supervisors make lists, no-call customers left
 * out, duplicates once, the version the agent read). */
#include "repeatdesk/calllist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/bizlang.h"
#include "repeatdesk/customer.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/inquiry.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#define DEFAULT_REASON "call list"
#define TZ "(SELECT rd.inquiry_setting('business_timezone', 'Asia/Tokyo'))"

/* ---- names ---------------------------------------------------------------- */

static const struct {
	const char *code, *label;
} outcomes[CALL_OUTCOME_COUNT] = {
	[CALL_REACHED] = { "reached", NC_("call outcome", "reached") },
	[CALL_NO_ANSWER] = { "no_answer", NC_("call outcome", "no answer") },
	[CALL_KEPT] = { "kept", NC_("call outcome", "kept") },
	[CALL_CANCELLED] = { "cancelled", NC_("call outcome", "cancelled") },
	[CALL_WRONG_NUMBER] = { "wrong_number", NC_("call outcome", "wrong number") },
};

const char *calllist_outcome_code(enum calllist_outcome o)
{
	return (unsigned)o < CALL_OUTCOME_COUNT ? outcomes[o].code : NULL;
}

const char *calllist_outcome_label(enum calllist_outcome o)
{
	return (unsigned)o < CALL_OUTCOME_COUNT ? _(outcomes[o].label) : "";
}

bool calllist_outcome_parse(const char *s, enum calllist_outcome *out)
{
	char buf[24];
	size_t i;

	if (!s || strlen(s) >= sizeof(buf))
		return false;
	for (i = 0; s[i]; i++)
		buf[i] = s[i] == '-' ? '_' : s[i];
	buf[i] = '\0';
	for (int k = 0; k < CALL_OUTCOME_COUNT; k++)
		if (strcmp(buf, outcomes[k].code) == 0) {
			*out = (enum calllist_outcome)k;
			return true;
		}
	return false;
}

static const struct {
	const char *name, *label;
} presets[CALLLIST_PRESET_COUNT] = {
	[CALLLIST_PRESET_SKIPPED_TWICE] = { "skipped-twice",
		N_("subscribers at delivery 2 or earlier who skipped twice") },
	[CALLLIST_PRESET_CALLBACKS_DUE] = { "callbacks-due",
		N_("customers whose promised callback is due") },
};

const char *calllist_preset_name(enum calllist_preset p)
{
	return (unsigned)p < CALLLIST_PRESET_COUNT ? presets[p].name : NULL;
}

const char *calllist_preset_label(enum calllist_preset p)
{
	return (unsigned)p < CALLLIST_PRESET_COUNT ? _(presets[p].label) : "";
}

bool calllist_preset_parse(const char *s, enum calllist_preset *out)
{
	for (int k = 0; s && k < CALLLIST_PRESET_COUNT; k++)
		if (strcmp(s, presets[k].name) == 0) {
			*out = (enum calllist_preset)k;
			return true;
		}
	return false;
}

bool calllist_time_valid(const char *s)
{
	int32_t day;
	int hh, mm;
	char date[11];

	if (!s || strlen(s) != 16 || s[10] != ' ' || s[13] != ':')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (date_parse_iso(date, &day, NULL) != RD_OK)
		return false;
	return textcheck_digits(s + 11, 2, &hh) && textcheck_digits(s + 14, 2, &mm) &&
	       hh < 24 && mm < 60;
}

/* ---- collecting ----------------------------------------------------------- */

void calllist_ids_done(struct calllist_ids *ids)
{
	free(ids->ids);
	ids->ids = NULL;
	ids->n = 0;
}

static enum rd_status too_many(struct rd_error *err)
{
	return rd_error_set(err, RD_REFUSED,
			    _("more than %d customers match: a call list has %d at most; narrow the selection"),
			    CALLLIST_MAX, CALLLIST_MAX);
}

enum rd_status calllist_collect_query(struct rd_db *db, const struct customer_query *q,
				      struct calllist_ids *out, struct rd_error *err)
{
	enum { PAGE = 500 };
	struct customer_row *rows = xcalloc(PAGE, sizeof(*rows));
	struct customer_cursor cur, next;
	bool first = true;
	enum rd_status st = RD_OK;

	memset(out, 0, sizeof(*out));
	memset(&cur, 0, sizeof(cur));
	out->ids = xcalloc(CALLLIST_MAX + 1, sizeof(*out->ids));
	for (;;) {
		int n = 0;

		st = customer_find(db, q, first ? NULL : &cur, rows, PAGE, &n, &next, err);
		if (st != RD_OK)
			break;
		first = false;
		for (int i = 0; i < n; i++) {
			if (out->n == CALLLIST_MAX) {
				st = too_many(err);
				goto out;
			}
			out->ids[out->n++] = rows[i].id;
		}
		if (n == 0 || next.code[0] == '\0')
			break;
		cur = next;
	}
out:
	free(rows);
	if (st != RD_OK)
		calllist_ids_done(out);
	return st;
}

enum rd_status calllist_collect_filter(struct rd_db *db, const char *name,
				       struct calllist_ids *out, struct rd_error *err)
{
	struct customer_query q;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	st = customer_filter_get(db, name, &q, err);
	if (st != RD_OK)
		return st;
	return calllist_collect_query(db, &q, out, err);
}

enum rd_status calllist_collect_preset(struct rd_db *db, enum calllist_preset p,
				       struct calllist_ids *out, struct rd_error *err)
{
	const char *params[1] = { calllist_preset_name(p) };
	struct db_rows r;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (!params[0])
		return rd_error_set(err, RD_INVALID, _("--preset: skipped-twice or callbacks-due"));
	/* one more than the cap tells "too many" from "exactly the cap" */
	st = db_query(db, "SELECT c FROM rd.call_list_preset($1) c LIMIT " "5001", 1, params,
		      &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows > CALLLIST_MAX) {
		db_rows_free(&r);
		return too_many(err);
	}
	out->ids = xcalloc((size_t)r.nrows + 1, sizeof(*out->ids));
	for (int i = 0; i < r.nrows; i++)
		out->ids[out->n++] = strtoll(db_rows_get(&r, i, 0), NULL, 10);
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status calllist_source(struct rd_db *db, enum calllist_from from, const char *what,
			       char *out, size_t outsz, struct rd_error *err)
{
	struct bizlang_scope sc;
	enum calllist_preset p;
	char buf[2048];
	enum rd_status st = bizlang_enter_db(db, &sc, err);

	/* inside the scope, _() answers in the business's language */
	switch (from) {
	case CALLLIST_FROM_FILTER:
		snprintf(buf, sizeof(buf), _("saved filter \"%s\""), what);
		break;
	case CALLLIST_FROM_QUERY:
		snprintf(buf, sizeof(buf), _("customer search: %s"), what);
		break;
	case CALLLIST_FROM_PRESET:
		snprintf(buf, sizeof(buf), "%s", calllist_preset_parse(what, &p)
				 ? calllist_preset_label(p) : what);
		break;
	}
	/* never cut inside a character */
	utf8_copy(out, outsz, buf);
	if (st == RD_OK)
		bizlang_leave(&sc);
	return st;
}

/* ---- making --------------------------------------------------------------- */

static enum rd_status check_line(const char *s, const char *what, size_t max, bool required,
				 struct rd_error *err)
{
	if (!s || !s[strspn(s, " \t")]) {
		if (required)
			return rd_error_set(err, RD_INVALID, _("%s: required"), what);
		return RD_OK;
	}
	if (textcheck_chars(s) > max)
		return rd_error_set(err, RD_INVALID, _("%s: at most %zu characters"), what, max);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return rd_error_set(err, RD_INVALID, _("%s: one line, no control characters"),
					    what);
	return RD_OK;
}

enum rd_status calllist_create(struct rd_db *db, const struct calllist_new *r,
			       long long *id, struct rd_error *err)
{
	struct sbuf arr;
	char out[32];
	const char *params[6];
	enum rd_status st;

	*id = 0;
	if ((st = check_line(r->name, _("List name"), CALLLIST_NAME_MAX, true, err)) != RD_OK ||
	    (st = check_line(r->team, _("team"), 80, true, err)) != RD_OK ||
	    (st = check_line(r->source, _("source"), 500, false, err)) != RD_OK)
		return st;
	if (r->category && !inquiry_category_valid(r->category))
		return rd_error_set(err, RD_INVALID,
				    _("category: order, skip, pause, cycle_change, cancel, address_change, payment_change, complaint, question or other"));
	if (r->request_id && !textcheck_uuid(r->request_id))
		return rd_error_set(err, RD_INVALID, _("request id: '%s' is not a UUID"),
				    r->request_id);
	if (!r->customers || r->customers->n == 0)
		return rd_error_set(err, RD_REFUSED, _("no customer matches: there is nobody to call"));
	if (r->customers->n > CALLLIST_MAX)
		return too_many(err);

	/* the ids as one array literal: numbers only, made here */
	sbuf_init(&arr);
	sbuf_adds(&arr, "{");
	for (size_t i = 0; i < r->customers->n; i++) {
		char b[TEXTCHECK_LL_SIZE];

		if (i)
			sbuf_adds(&arr, ",");
		sbuf_adds(&arr, textcheck_ll(r->customers->ids[i], b));
	}
	sbuf_adds(&arr, "}");
	params[0] = r->name;
	params[1] = r->team;
	params[2] = r->source ? r->source : "";
	params[3] = r->category;
	params[4] = arr.buf;
	params[5] = r->request_id;

	st = db_begin(db, r->reason ? r->reason : DEFAULT_REASON, r->request_id, err);
	if (st == RD_OK) {
		st = db_query_value(db, "SELECT rd.call_list_create($1, $2, $3, $4, $5::bigint[], $6)",
				    6, params, out, sizeof(out), NULL, err);
		if (st == RD_OK)
			st = db_commit(db, err);
		else
			db_rollback(db);
	}
	sbuf_done(&arr);
	if (st == RD_OK)
		*id = strtoll(out, NULL, 10);
	return st;
}

/* ---- reading -------------------------------------------------------------- */

#define PROGRESS_COLS \
	"SELECT p.id, p.version, p.name, p.source, p.category, p.team, p.created_by," \
	" p.status, to_char(p.created_at AT TIME ZONE " TZ ", 'YYYY-MM-DD HH24:MI')," \
	" p.total, p.left_out_no_call, p.not_called, p.waiting_retry, p.retry_due," \
	" p.reached, p.kept, p.cancelled, p.wrong_number, p.closed_other, p.calls" \
	" FROM rd.call_list_progress p"

static long long cell_ll(const struct db_rows *r, int row, int col)
{
	const char *v = db_rows_get(r, row, col);

	return v ? strtoll(v, NULL, 10) : 0;
}

static void progress_from_row(const struct db_rows *r, int i, struct calllist_progress *p)
{
	memset(p, 0, sizeof(*p));
	p->id = cell_ll(r, i, 0);
	p->version = (int)cell_ll(r, i, 1);
	utf8_copy(p->name, sizeof(p->name), db_rows_get(r, i, 2));
	utf8_copy(p->source, sizeof(p->source), db_rows_get(r, i, 3));
	utf8_copy(p->category, sizeof(p->category), db_rows_get(r, i, 4));
	utf8_copy(p->team, sizeof(p->team), db_rows_get(r, i, 5));
	utf8_copy(p->created_by, sizeof(p->created_by), db_rows_get(r, i, 6));
	utf8_copy(p->status, sizeof(p->status), db_rows_get(r, i, 7));
	utf8_copy(p->created_at, sizeof(p->created_at), db_rows_get(r, i, 8));
	p->total = cell_ll(r, i, 9);
	p->left_out_no_call = cell_ll(r, i, 10);
	p->not_called = cell_ll(r, i, 11);
	p->waiting_retry = cell_ll(r, i, 12);
	p->retry_due = cell_ll(r, i, 13);
	p->done[CALL_REACHED] = cell_ll(r, i, 14);
	p->done[CALL_KEPT] = cell_ll(r, i, 15);
	p->done[CALL_CANCELLED] = cell_ll(r, i, 16);
	p->done[CALL_WRONG_NUMBER] = cell_ll(r, i, 17);
	p->closed_other = cell_ll(r, i, 18);
	p->calls = cell_ll(r, i, 19);
}

long long calllist_progress_done(const struct calllist_progress *p)
{
	return p->total - p->not_called - p->waiting_retry;
}

enum rd_status calllist_list(struct rd_db *db, bool all, struct calllist_progress *out,
			     size_t max, size_t *n, struct rd_error *err)
{
	char lim[TEXTCHECK_LL_SIZE];
	const char *params[2] = { all ? "t" : "f", textcheck_ll((long long)max, lim) };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	st = db_query(db, PROGRESS_COLS " WHERE $1::boolean OR p.status = 'open'"
			  " ORDER BY p.created_at DESC, p.id DESC LIMIT $2::int",
		      2, params, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows && (size_t)i < max; i++)
		progress_from_row(&r, i, &out[(*n)++]);
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status calllist_get(struct rd_db *db, long long id, struct calllist_progress *out,
			    struct rd_error *err)
{
	char idb[TEXTCHECK_LL_SIZE];
	const char *params[1] = { textcheck_id(id, idb) };
	struct db_rows r;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return rd_error_set(err, RD_INVALID, _("call list: '%lld' is not a list number"), id);
	st = db_query(db, PROGRESS_COLS " WHERE p.id = $1", 1, params, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0)
		st = rd_error_set(err, RD_NOT_FOUND, _("there is no call list %lld"), id);
	else
		progress_from_row(&r, 0, out);
	db_rows_free(&r);
	return st;
}

/* Runs one statement returning one integer, in its own transaction. */
static enum rd_status call_int(struct rd_db *db, const char *reason, const char *request_id,
			       const char *sql, int nparams, const char *const *params,
			       long long *result, struct rd_error *err)
{
	char out[32];
	enum rd_status st;

	if (request_id && !textcheck_uuid(request_id))
		return rd_error_set(err, RD_INVALID, _("request id: '%s' is not a UUID"), request_id);
	st = db_begin(db, reason ? reason : DEFAULT_REASON, request_id, err);
	if (st != RD_OK)
		return st;
	st = db_query_value(db, sql, nparams, params, out, sizeof(out), NULL, err);
	if (st == RD_OK)
		st = db_commit(db, err);
	else
		db_rollback(db);
	if (st == RD_OK)
		*result = strtoll(out, NULL, 10);
	return st;
}

enum rd_status calllist_close(struct rd_db *db, long long id, int version,
			      const char *reason, struct rd_error *err)
{
	char idb[TEXTCHECK_LL_SIZE], vb[TEXTCHECK_LL_SIZE];
	const char *params[2] = { textcheck_id(id, idb), textcheck_ll(version, vb) };
	long long v = 0;
	enum rd_status st;

	if (id <= 0)
		return rd_error_set(err, RD_INVALID, _("call list: '%lld' is not a list number"), id);
	st = call_int(db, reason, NULL, "SELECT rd.call_list_close($1, $2)", 2, params, &v, err);
	if (st == RD_OK && v < 0)
		st = rd_error_set(err, RD_CONFLICT,
				  _("someone else changed call list %lld meanwhile; look at it again and retry"),
				  id);
	return st;
}

/* ---- outcomes --------------------------------------------------------------- */

enum rd_status calllist_record_outcome(struct rd_db *db, const struct calllist_outcome_req *r,
				       int *version, struct rd_error *err)
{
	char idb[TEXTCHECK_LL_SIZE], vb[TEXTCHECK_LL_SIZE];
	const char *params[6];
	bool retry = r->retry_at && *r->retry_at;
	long long v = 0;
	enum rd_status st;

	if (r->inquiry_id <= 0)
		return rd_error_set(err, RD_INVALID, _("inquiry: a number is required"));
	if (!calllist_outcome_code(r->outcome))
		return rd_error_set(err, RD_INVALID,
				    _("--outcome: reached, no-answer, kept, cancelled or wrong-number"));
	if (r->outcome == CALL_NO_ANSWER && !retry)
		return rd_error_set(err, RD_INVALID,
				    _("no answer needs the time to call again (YYYY-MM-DD HH:MM)"));
	if (r->outcome != CALL_NO_ANSWER && retry)
		return rd_error_set(err, RD_INVALID, _("only no answer takes a time to call again"));
	if (retry && !calllist_time_valid(r->retry_at))
		return rd_error_set(err, RD_INVALID,
				    _("time to call again: '%s' is not YYYY-MM-DD HH:MM"), r->retry_at);
	if (r->note && textcheck_chars(r->note) > INQUIRY_NOTE_MAX)
		return rd_error_set(err, RD_INVALID, _("%s: at most %zu characters"), _("note"),
				    (size_t)INQUIRY_NOTE_MAX);
	params[0] = textcheck_id(r->inquiry_id, idb);
	params[1] = textcheck_ll(r->version > 0 ? r->version : 0, vb);
	params[2] = calllist_outcome_code(r->outcome);
	params[3] = retry ? r->retry_at : NULL;
	params[4] = r->note;
	params[5] = r->request_id;
	st = call_int(db, r->reason, r->request_id,
		      "SELECT rd.call_outcome($1, $2, $3, ($4::timestamp AT TIME ZONE " TZ "),"
		      " $5, $6)",
		      6, params, &v, err);
	if (st != RD_OK)
		return st;
	if (v < 0)
		return rd_error_set(err, RD_CONFLICT,
				    _("someone else changed inquiry %lld meanwhile; look at it again and retry"),
				    r->inquiry_id);
	if (version)
		*version = (int)v;
	return RD_OK;
}

enum rd_status calllist_default_retry(struct rd_db *db, char *out, size_t outsz,
				      struct rd_error *err)
{
	return db_query_value(db, "SELECT to_char(date_trunc('hour', now() AT TIME ZONE " TZ ")"
				  " + interval '2 hours', 'YYYY-MM-DD HH24:MI')",
			      0, NULL, out, outsz, NULL, err);
}
