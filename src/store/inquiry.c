/* inquiry.c: the shared inquiry log, over rd.inquiry_* (db/migrations/0040).
 *
 * Reads are plain parameterized SELECTs (queues page by keyset on the
 * partial indexes of open inquiries); writes call the database's
 * functions, which enforce the state machine and the permissions, inside
 * one db_begin/db_commit each. */
#include "repeatdesk/inquiry.h"
#include "repeatdesk/history_text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/subscription.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#define DEFAULT_REASON "inquiry log"

/* business time zone, for every time shown */
/* a scalar subquery: planned as an InitPlan, read once per statement */
#define TZ "(SELECT rd.inquiry_setting('business_timezone', 'Asia/Tokyo'))"
#define SHOW(col) "coalesce(to_char((" col ") AT TIME ZONE " TZ ", 'YYYY-MM-DD HH24:MI'), '')"
#define OPEN_ONLY "i.status NOT IN ('resolved', 'closed')"

/* ---- names -------------------------------------------------------------- */

static const char *const queue_names[INQ_Q_COUNT] = {
	[INQ_Q_OPEN] = "open",
	[INQ_Q_MINE] = "mine",
	[INQ_Q_TEAM] = "team",
	[INQ_Q_UNASSIGNED] = "unassigned",
	[INQ_Q_ESCALATED] = "escalated",
	[INQ_Q_CALLBACKS_TODAY] = "callbacks",
	[INQ_Q_OVERDUE] = "overdue",
	[INQ_Q_WAITING] = "waiting",
	[INQ_Q_ALL] = "all",
};

static const char *const sort_names[INQ_SORT_COUNT] = {
	[INQ_SORT_AGE] = "age",
	[INQ_SORT_NEWEST] = "newest",
	[INQ_SORT_PRIORITY] = "priority",
};

const char *inquiry_queue_name(enum inquiry_queue q)
{
	return (unsigned)q < INQ_Q_COUNT ? queue_names[q] : NULL;
}

bool inquiry_queue_parse(const char *s, enum inquiry_queue *out)
{
	for (int i = 0; s && i < INQ_Q_COUNT; i++)
		if (strcmp(s, queue_names[i]) == 0) {
			*out = (enum inquiry_queue)i;
			return true;
		}
	return false;
}

const char *inquiry_sort_name(enum inquiry_sort s)
{
	return (unsigned)s < INQ_SORT_COUNT ? sort_names[s] : NULL;
}

bool inquiry_sort_parse(const char *s, enum inquiry_sort *out)
{
	for (int i = 0; s && i < INQ_SORT_COUNT; i++)
		if (strcmp(s, sort_names[i]) == 0) {
			*out = (enum inquiry_sort)i;
			return true;
		}
	return false;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

bool inquiry_channel_valid(const char *s)
{
	static const char *const l[] = { "inbound_call", "outbound_call", "email",
					 "letter", NULL };
	return in_list(s, l);
}

bool inquiry_category_valid(const char *s)
{
	static const char *const l[] = { "order", "skip", "pause", "cycle_change",
					 "cancel", "address_change", "payment_change",
					 "complaint", "question", "other", NULL };
	return in_list(s, l);
}

bool inquiry_priority_valid(const char *s)
{
	static const char *const l[] = { "low", "normal", "high", "urgent", NULL };
	return in_list(s, l);
}

bool inquiry_status_valid(const char *s)
{
	static const char *const l[] = { "open", "in_progress", "waiting_customer",
					 "escalated", "resolved", "closed", NULL };
	return in_list(s, l);
}

/* ---- helpers ------------------------------------------------------------ */

static long long cell_ll(const struct db_rows *r, int row, int col)
{
	const char *v = db_rows_get(r, row, col);

	return v ? strtoll(v, NULL, 10) : 0;
}

static bool cell_true(const struct db_rows *r, int row, int col)
{
	const char *v = db_rows_get(r, row, col);

	return v && (v[0] == 't' || v[0] == '1');
}

static enum rd_status check_text(const char *s, const char *what, size_t max,
				 bool required, struct rd_error *err)
{
	if (!s || !*s) {
		if (required)
			return rd_error_set(err, RD_INVALID, _("%s: required"), what);
		return RD_OK;
	}
	if (textcheck_chars(s) > max)
		return rd_error_set(err, RD_INVALID, _("%s: at most %zu characters"), what, max);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 && *p != '\n' && *p != '\t')
			return rd_error_set(err, RD_INVALID, _("%s: control characters are not allowed"),
					    what);
	return RD_OK;
}

static enum rd_status check_request_id(const char *id, struct rd_error *err)
{
	if (id && !textcheck_uuid(id))
		return rd_error_set(err, RD_INVALID,
				    _("request id: '%s' is not a UUID"), id);
	return RD_OK;
}

/* Runs one rd.inquiry_* call that returns one integer, in its own
 * transaction. */
static enum rd_status call_one(struct rd_db *db, const char *reason,
			       const char *request_id, const char *sql, int nparams,
			       const char *const *params, long long *result,
			       struct rd_error *err)
{
	char out[32];
	bool is_null = false;
	enum rd_status st;

	st = check_request_id(request_id, err);
	if (st != RD_OK)
		return st;
	st = db_begin(db, reason ? reason : DEFAULT_REASON, request_id, err);
	if (st != RD_OK)
		return st;
	st = db_query_value(db, sql, nparams, params, out, sizeof(out), &is_null, err);
	if (st == RD_OK)
		st = db_commit(db, err);
	else
		db_rollback(db);
	if (st == RD_OK && result)
		*result = is_null ? 0 : strtoll(out, NULL, 10);
	return st;
}

/* ---- reading ------------------------------------------------------------ */

#define INQUIRY_COLS \
	"SELECT i.id, i.version, i.customer_id, c.code, c.name, i.order_id, o.order_no," \
	" i.subscription_id, i.channel, i.category, i.priority, i.status," \
	" a.login, a.display_name, t.name, i.subject, i.opened_by," \
	" " SHOW("i.created_at") ", " SHOW("i.updated_at") ", " SHOW("i.callback_at") "," \
	" " SHOW("i.due_at") ", " SHOW("i.cutoff_at") ", " SHOW("i.resolved_at") "," \
	" (extract(epoch FROM now() - i.created_at) / 60)::bigint," \
	" (i.status NOT IN ('resolved', 'closed')" \
	"  AND (i.callback_at < now() OR i.due_at < now())) AS overdue," \
	" coalesce(i.callback_at > i.cutoff_at, false)," \
	" coalesce((i.callback_at AT TIME ZONE " TZ ")::date" \
	"          = (now() AT TIME ZONE " TZ ")::date, false)," \
	" i.created_at::text" \
	" FROM rd.inquiries i" \
	" LEFT JOIN rd.customers c ON c.id = i.customer_id" \
	" LEFT JOIN rd.orders o ON o.id = i.order_id" \
	" LEFT JOIN rd.agents a ON a.id = i.assignee_id" \
	" LEFT JOIN rd.teams t ON t.id = i.team_id"

static void inquiry_from_row(const struct db_rows *r, int i, struct inquiry *q)
{
	memset(q, 0, sizeof(*q));
	q->id = cell_ll(r, i, 0);
	q->version = (int)cell_ll(r, i, 1);
	q->customer_id = cell_ll(r, i, 2);
	utf8_copy(q->customer_code, sizeof(q->customer_code), db_rows_get(r, i, 3));
	utf8_copy(q->customer_name, sizeof(q->customer_name), db_rows_get(r, i, 4));
	q->order_id = cell_ll(r, i, 5);
	utf8_copy(q->order_no, sizeof(q->order_no), db_rows_get(r, i, 6));
	q->subscription_id = cell_ll(r, i, 7);
	utf8_copy(q->channel, sizeof(q->channel), db_rows_get(r, i, 8));
	utf8_copy(q->category, sizeof(q->category), db_rows_get(r, i, 9));
	utf8_copy(q->priority, sizeof(q->priority), db_rows_get(r, i, 10));
	utf8_copy(q->status, sizeof(q->status), db_rows_get(r, i, 11));
	utf8_copy(q->assignee_login, sizeof(q->assignee_login), db_rows_get(r, i, 12));
	utf8_copy(q->assignee_name, sizeof(q->assignee_name), db_rows_get(r, i, 13));
	utf8_copy(q->team_name, sizeof(q->team_name), db_rows_get(r, i, 14));
	utf8_copy(q->subject, sizeof(q->subject), db_rows_get(r, i, 15));
	utf8_copy(q->opened_by, sizeof(q->opened_by), db_rows_get(r, i, 16));
	utf8_copy(q->created_at, sizeof(q->created_at), db_rows_get(r, i, 17));
	utf8_copy(q->updated_at, sizeof(q->updated_at), db_rows_get(r, i, 18));
	utf8_copy(q->callback_at, sizeof(q->callback_at), db_rows_get(r, i, 19));
	utf8_copy(q->due_at, sizeof(q->due_at), db_rows_get(r, i, 20));
	utf8_copy(q->cutoff_at, sizeof(q->cutoff_at), db_rows_get(r, i, 21));
	utf8_copy(q->resolved_at, sizeof(q->resolved_at), db_rows_get(r, i, 22));
	q->age_minutes = cell_ll(r, i, 23);
	q->overdue = cell_true(r, i, 24);
	q->callback_after_cutoff = cell_true(r, i, 25);
	q->callback_today = cell_true(r, i, 26);
	utf8_copy(q->key_at, sizeof(q->key_at), db_rows_get(r, i, 27));
}

/* The WHERE of each queue (static text: no input in it). */
static const char *queue_where(enum inquiry_queue q)
{
	switch (q) {
	case INQ_Q_OPEN: return OPEN_ONLY;
	case INQ_Q_MINE: return OPEN_ONLY " AND i.assignee_id = rd.inquiry_me()";
	case INQ_Q_TEAM:
		return OPEN_ONLY " AND i.team_id = (SELECT team_id FROM rd.agents"
		       " WHERE login = session_user)";
	case INQ_Q_UNASSIGNED: return OPEN_ONLY " AND i.assignee_id IS NULL";
	/* a status alone: the planner proves the partial index applies, and
	 * estimates the rows better than with both conditions */
	case INQ_Q_ESCALATED: return "i.status = 'escalated'";
	case INQ_Q_CALLBACKS_TODAY:
		return OPEN_ONLY " AND i.callback_at IS NOT NULL"
		       " AND i.callback_at >= (date_trunc('day', now() AT TIME ZONE " TZ ")"
		       "                       AT TIME ZONE " TZ ")"
		       " AND i.callback_at < (date_trunc('day', now() AT TIME ZONE " TZ ")"
		       "                      AT TIME ZONE " TZ ") + interval '1 day'";
	case INQ_Q_OVERDUE:
		return OPEN_ONLY " AND (i.callback_at < now() OR i.due_at < now())";
	case INQ_Q_WAITING: return "i.status = 'waiting_customer'";
	case INQ_Q_ALL:
	case INQ_Q_COUNT: break;
	}
	return "true";
}

static int priority_rank(const char *p)
{
	if (strcmp(p, "urgent") == 0)
		return 0;
	if (strcmp(p, "high") == 0)
		return 1;
	if (strcmp(p, "normal") == 0)
		return 2;
	return 3;
}

enum rd_status inquiry_list(struct rd_db *db, const struct inquiry_query *q,
			    struct inquiry *out, size_t *n, struct rd_error *err)
{
	static const char *const keyset[INQ_SORT_COUNT] = {
		[INQ_SORT_AGE] = " AND ($2::timestamptz IS NULL"
				 " OR (i.created_at, i.id) > ($2::timestamptz, $3::bigint))"
				 " ORDER BY i.created_at, i.id LIMIT $4",
		[INQ_SORT_NEWEST] = " AND ($2::timestamptz IS NULL"
				    " OR (i.created_at, i.id) < ($2::timestamptz, $3::bigint))"
				    " ORDER BY i.created_at DESC, i.id DESC LIMIT $4",
		[INQ_SORT_PRIORITY] = " AND ($2::timestamptz IS NULL"
				      " OR (rd.inquiry_priority_rank(i.priority), i.created_at, i.id)"
				      "    > ($5::int, $2::timestamptz, $3::bigint))"
				      " ORDER BY rd.inquiry_priority_rank(i.priority), i.created_at, i.id"
				      " LIMIT $4",
	};
	char cust[24], idb[24], rank[8], lim[8];
	const char *params[5];
	struct db_rows rows;
	char *sql;
	enum rd_status st;
	int limit = q->limit ? q->limit : 50;

	*n = 0;
	if ((unsigned)q->queue >= INQ_Q_COUNT || (unsigned)q->sort >= INQ_SORT_COUNT)
		return rd_error_set(err, RD_USAGE, "bad queue or sort");
	if (limit < 1 || limit > INQUIRY_PAGE_MAX)
		return rd_error_set(err, RD_INVALID, _("limit: 1 to %d"), INQUIRY_PAGE_MAX);
	params[0] = textcheck_id(q->customer_id, cust);
	params[1] = q->after ? q->after->key_at : NULL;
	params[2] = q->after ? textcheck_id(q->after->id, idb) : NULL;
	snprintf(lim, sizeof(lim), "%d", limit);
	params[3] = lim;
	snprintf(rank, sizeof(rank), "%d", q->after ? priority_rank(q->after->priority) : 0);
	params[4] = rank;
	sql = xasprintf(INQUIRY_COLS " WHERE %s AND ($1::bigint IS NULL OR i.customer_id = $1)%s",
			queue_where(q->queue), keyset[q->sort]);
	st = db_query(db, sql, q->sort == INQ_SORT_PRIORITY ? 5 : 4, params, &rows, err);
	free(sql);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < rows.nrows && i < limit; i++)
		inquiry_from_row(&rows, i, &out[(*n)++]);
	db_rows_free(&rows);
	return RD_OK;
}

void inquiry_detail_done(struct inquiry_detail *d)
{
	free(d->entries);
	d->entries = NULL;
	d->nentries = 0;
}

enum rd_status inquiry_get(struct rd_db *db, long long id, struct inquiry_detail *out,
			   struct rd_error *err)
{
	char idb[24];
	const char *params[1] = { textcheck_id(id, idb) };
	struct db_rows rows;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return rd_error_set(err, RD_INVALID, _("inquiry: '%lld' is not an inquiry number"), id);
	st = db_query(db, INQUIRY_COLS " WHERE i.id = $1", 1, params, &rows, err);
	if (st != RD_OK)
		return st;
	if (rows.nrows == 0) {
		db_rows_free(&rows);
		return rd_error_set(err, RD_NOT_FOUND, _("there is no inquiry %lld"), id);
	}
	inquiry_from_row(&rows, 0, &out->q);
	db_rows_free(&rows);

	st = db_query(db,
		      "SELECT e.id, e.kind, e.author, coalesce(au.display_name, e.author),"
		      " " SHOW("e.created_at") ", e.body, fa.display_name, ta.display_name,"
		      " tt.name, e.from_status, e.to_status, e.history_id,"
		      " h.table_name, h.op, h.old_row::text, h.new_row::text,"
		      " array_to_string(h.changed, ',')"
		      " FROM rd.inquiry_entries e"
		      " LEFT JOIN rd.history h ON h.id = e.history_id AND e.kind = 'change_link'"
		      " LEFT JOIN rd.agents au ON au.login = e.author"
		      " LEFT JOIN rd.agents fa ON fa.id = e.from_agent_id"
		      " LEFT JOIN rd.agents ta ON ta.id = e.to_agent_id"
		      " LEFT JOIN rd.teams tt ON tt.id = e.to_team_id"
		      " WHERE e.inquiry_id = $1 ORDER BY e.id",
		      1, params, &rows, err);
	if (st != RD_OK)
		return st;
	out->entries = xcalloc((size_t)rows.nrows + 1, sizeof(*out->entries));
	for (int i = 0; i < rows.nrows; i++) {
		struct inquiry_entry *e = &out->entries[i];

		e->id = cell_ll(&rows, i, 0);
		utf8_copy(e->kind, sizeof(e->kind), db_rows_get(&rows, i, 1));
		utf8_copy(e->author, sizeof(e->author), db_rows_get(&rows, i, 2));
		utf8_copy(e->author_name, sizeof(e->author_name), db_rows_get(&rows, i, 3));
		utf8_copy(e->at, sizeof(e->at), db_rows_get(&rows, i, 4));
		utf8_copy(e->body, sizeof(e->body), db_rows_get(&rows, i, 5));
		utf8_copy(e->from_agent, sizeof(e->from_agent), db_rows_get(&rows, i, 6));
		utf8_copy(e->to_agent, sizeof(e->to_agent), db_rows_get(&rows, i, 7));
		utf8_copy(e->to_team, sizeof(e->to_team), db_rows_get(&rows, i, 8));
		utf8_copy(e->from_status, sizeof(e->from_status), db_rows_get(&rows, i, 9));
		utf8_copy(e->to_status, sizeof(e->to_status), db_rows_get(&rows, i, 10));
		e->history_id = cell_ll(&rows, i, 11);
		if (db_rows_get(&rows, i, 12)) {
			/* a linked change in words, not the table it was kept in */
			const char *table = db_rows_get(&rows, i, 12);
			struct history_words w;
			struct sbuf sb;

			sbuf_init(&sb);
			if (history_words_make(table, db_rows_get(&rows, i, 13),
					       db_rows_get(&rows, i, 14), db_rows_get(&rows, i, 15),
					       db_rows_get(&rows, i, 16), &w, NULL) == RD_OK)
				sbuf_adds(&sb, w.summary);
			else
				sbuf_adds(&sb, history_table_label(table));
			history_words_done(&w);
			if (strcmp(db_rows_get(&rows, i, 13), "UPDATE") == 0) {
				sbuf_adds(&sb, ": ");
				history_labels(table, db_rows_get(&rows, i, 16), &sb);
			}
			utf8_copy(e->body, sizeof(e->body), sb.buf);
			sbuf_done(&sb);
		}
	}
	out->nentries = (size_t)rows.nrows;
	db_rows_free(&rows);
	return RD_OK;
}

enum rd_status inquiry_find_refs(struct rd_db *db, const char *customer_code,
				 const char *order_no, long long *customer_id,
				 long long *order_id, struct rd_error *err)
{
	char out[24], q[32];
	const char *params[2] = { customer_code, order_no };
	enum rd_status st;

	*customer_id = 0;
	if (order_id)
		*order_id = 0;
	if (!customer_code || !*customer_code)
		return RD_OK;
	st = db_query_value(db, "SELECT id FROM rd.customers WHERE code = upper($1)", 1,
			    params, out, sizeof(out), NULL, err);
	if (st == RD_NOT_FOUND)
		return rd_error_set(err, RD_NOT_FOUND, _("there is no customer %s"),
				    rd_quote_input(customer_code, strlen(customer_code), q,
						   sizeof(q)));
	if (st != RD_OK)
		return st;
	*customer_id = strtoll(out, NULL, 10);
	if (!order_no || !order_id)
		return RD_OK;
	st = db_query_value(db, "SELECT o.id FROM rd.orders o JOIN rd.customers c"
			    " ON c.id = o.customer_id WHERE c.code = upper($1)"
			    " AND o.order_no = upper($2)", 2, params, out, sizeof(out), NULL, err);
	if (st == RD_NOT_FOUND)
		return rd_error_set(err, RD_NOT_FOUND, _("customer %s has no order %s"),
				    customer_code,
				    rd_quote_input(order_no, strlen(order_no), q, sizeof(q)));
	if (st == RD_OK)
		*order_id = strtoll(out, NULL, 10);
	return st;
}

/* ---- writing ------------------------------------------------------------ */

struct open_buf {
	char cust[24], ord[24], sub[24];
	const char *params[12];
};

#define OPEN_SQL "SELECT rd.inquiry_open($1, $2, $3, $4, $5, $6, $7, $8," \
	" ($9::timestamp AT TIME ZONE " TZ "), $10, $11, $12)"

/* Checks r and fills b->params for OPEN_SQL (callback_at is business-local
 * wall time). */
static enum rd_status open_params(struct rd_db *db, const struct inquiry_open_req *r,
				  struct open_buf *b, struct rd_error *err)
{
	const char *channel = r->channel ? r->channel : "inbound_call";
	const char *priority = r->priority ? r->priority : "normal";
	enum rd_status st;

	if (!inquiry_channel_valid(channel))
		return rd_error_set(err, RD_INVALID,
				    _("channel: inbound_call, outbound_call, email or letter"));
	if (!inquiry_category_valid(r->category))
		return rd_error_set(err, RD_INVALID,
				    _("category: order, skip, pause, cycle_change, cancel, address_change, payment_change, complaint, question or other"));
	if (!inquiry_priority_valid(priority))
		return rd_error_set(err, RD_INVALID, _("priority: low, normal, high or urgent"));
	if ((st = check_text(r->subject, _("subject"), 120, true, err)) != RD_OK ||
	    (st = check_text(r->note, _("note"), INQUIRY_NOTE_MAX, false, err)) != RD_OK)
		return st;
	if (!r->subject[strspn(r->subject, " \t\n")])
		return rd_error_set(err, RD_INVALID, _("subject: required"));
	if ((st = check_request_id(r->request_id, err)) != RD_OK)
		return st;
	b->params[0] = textcheck_id(r->customer_id, b->cust);
	b->params[1] = textcheck_id(r->order_id, b->ord);
	b->params[2] = textcheck_id(r->subscription_id, b->sub);
	b->params[3] = channel;
	b->params[4] = r->category;
	b->params[5] = priority;
	b->params[6] = r->subject;
	b->params[7] = r->note;
	b->params[8] = r->callback_at && *r->callback_at ? r->callback_at : NULL;
	b->params[9] = r->assign_self ? db_user(db) : r->assignee;
	b->params[10] = r->team;
	b->params[11] = r->request_id;
	return RD_OK;
}

enum rd_status inquiry_open(struct rd_db *db, const struct inquiry_open_req *r,
			    long long *id, struct rd_error *err)
{
	struct open_buf b;
	enum rd_status st = open_params(db, r, &b, err);

	if (st != RD_OK)
		return st;
	return call_one(db, r->reason, r->request_id, OPEN_SQL, 12, b.params, id, err);
}

enum rd_status inquiry_note(struct rd_db *db, long long id, bool call, const char *body,
			    const char *reason, const char *request_id, struct rd_error *err)
{
	char idb[24];
	const char *params[4] = { textcheck_id(id, idb), call ? "call" : "note", body, request_id };
	enum rd_status st = check_text(body, _("note"), INQUIRY_NOTE_MAX, true, err);

	if (st != RD_OK)
		return st;
	if (!body[strspn(body, " \t\n")])
		return rd_error_set(err, RD_INVALID, _("note: required"));
	return call_one(db, reason, request_id, "SELECT rd.inquiry_note($1, $2, $3, $4)",
			4, params, NULL, err);
}

/* Runs a change that returns the new version (-1: conflict). */
static enum rd_status change_call(struct rd_db *db, const struct inquiry_change *c,
				  const char *sql, int nextra, const char *const *extra,
				  int *version, struct rd_error *err)
{
	char idb[24], ver[16];
	const char *params[8];
	long long v = 0;
	enum rd_status st;

	if (c->id <= 0)
		return rd_error_set(err, RD_INVALID, _("inquiry: a number is required"));
	if ((st = check_text(c->note, _("note"), INQUIRY_NOTE_MAX, false, err)) != RD_OK)
		return st;
	params[0] = textcheck_id(c->id, idb);
	snprintf(ver, sizeof(ver), "%d", c->version > 0 ? c->version : 0);
	params[1] = ver;
	for (int i = 0; i < nextra; i++)
		params[2 + i] = extra[i];
	params[2 + nextra] = c->request_id;
	st = call_one(db, c->reason, c->request_id, sql, 3 + nextra, params, &v, err);
	if (st != RD_OK)
		return st;
	if (v < 0)
		return rd_error_set(err, RD_CONFLICT,
				    _("someone else changed inquiry %lld meanwhile; look at it again and retry"),
				    c->id);
	if (version)
		*version = (int)v;
	return RD_OK;
}

enum rd_status inquiry_take(struct rd_db *db, const struct inquiry_change *c,
			    int *version, struct rd_error *err)
{
	return change_call(db, c, "SELECT rd.inquiry_take($1, $2, $3)", 0, NULL, version, err);
}

enum rd_status inquiry_handoff(struct rd_db *db, const struct inquiry_change *c,
			       const char *to_agent, const char *to_team, int *version,
			       struct rd_error *err)
{
	const char *extra[3] = { to_agent && *to_agent ? to_agent : NULL,
				 to_team && *to_team ? to_team : NULL, c->note };

	if (!extra[0] == !extra[1])
		return rd_error_set(err, RD_INVALID, _("hand off to one agent or one team"));
	if (!c->note || !c->note[strspn(c->note, " \t\n")])
		return rd_error_set(err, RD_INVALID,
				    _("note: a handoff needs a note for whoever takes it over"));
	return change_call(db, c, "SELECT rd.inquiry_handoff($1, $2, $3, $4, $5, $6)", 3,
			   extra, version, err);
}

enum rd_status inquiry_set_status(struct rd_db *db, const struct inquiry_change *c,
				  const char *status, int *version, struct rd_error *err)
{
	const char *extra[2] = { status, c->note };

	if (!inquiry_status_valid(status))
		return rd_error_set(err, RD_INVALID, _("status: open, in_progress, waiting_customer, escalated, resolved or closed"));
	return change_call(db, c, "SELECT rd.inquiry_set_status($1, $2, $3, $4, $5)", 2,
			   extra, version, err);
}

enum rd_status inquiry_escalate(struct rd_db *db, const struct inquiry_change *c,
				int *version, struct rd_error *err)
{
	return inquiry_set_status(db, c, "escalated", version, err);
}

enum rd_status inquiry_resolve(struct rd_db *db, const struct inquiry_change *c,
			       int *version, struct rd_error *err)
{
	return inquiry_set_status(db, c, "resolved", version, err);
}

enum rd_status inquiry_reopen(struct rd_db *db, const struct inquiry_change *c,
			      int *version, struct rd_error *err)
{
	return inquiry_set_status(db, c, "open", version, err);
}

enum rd_status inquiry_close(struct rd_db *db, const struct inquiry_change *c,
			     int *version, struct rd_error *err)
{
	return inquiry_set_status(db, c, "closed", version, err);
}

static enum rd_status count_links(struct rd_db *db, long long id, int *linked,
				  struct rd_error *err)
{
	char idb[24], out[24];
	const char *params[1] = { textcheck_id(id, idb) };
	enum rd_status st;

	if (!linked)
		return RD_OK;
	st = db_query_value(db, "SELECT count(*) FROM rd.inquiry_entries"
			    " WHERE inquiry_id = $1 AND kind = 'change_link'", 1, params,
			    out, sizeof(out), NULL, err);
	if (st == RD_OK)
		*linked = atoi(out);
	return st;
}

#define WRAPUP_SQL "SELECT rd.inquiry_wrapup($1, $2, $3, $4, $5, $6, $7)"

enum rd_status inquiry_wrapup(struct rd_db *db, const struct inquiry_wrapup_req *w,
			      int *version, int *linked, struct rd_error *err)
{
	const char *extra[4] = { w->category, w->c.note, w->resolved ? "true" : "false",
				 w->since && *w->since ? w->since : NULL };
	enum rd_status st;

	if (w->category && !inquiry_category_valid(w->category))
		return rd_error_set(err, RD_INVALID,
				    _("category: order, skip, pause, cycle_change, cancel, address_change, payment_change, complaint, question or other"));
	st = change_call(db, &w->c, WRAPUP_SQL, 4, extra, version, err);
	if (st != RD_OK)
		return st;
	return count_links(db, w->c.id, linked, err);
}

enum rd_status inquiry_log_call(struct rd_db *db, const struct inquiry_open_req *open,
				const struct inquiry_wrapup_req *w, long long *id,
				int *linked, struct rd_error *err)
{
	struct open_buf b;
	char idb[24], out[32];
	const char *params[7];
	enum rd_status st;

	if (!open) {
		*id = w->c.id;
		return inquiry_wrapup(db, w, NULL, linked, err);
	}
	if (w->category && !inquiry_category_valid(w->category))
		return rd_error_set(err, RD_INVALID,
				    _("category: order, skip, pause, cycle_change, cancel, address_change, payment_change, complaint, question or other"));
	if ((st = open_params(db, open, &b, err)) != RD_OK ||
	    (st = check_text(w->c.note, _("note"), INQUIRY_NOTE_MAX, false, err)) != RD_OK)
		return st;
	st = db_begin(db, open->reason ? open->reason : DEFAULT_REASON, open->request_id, err);
	if (st != RD_OK)
		return st;
	st = db_query_value(db, OPEN_SQL, 12, b.params, out, sizeof(out), NULL, err);
	if (st == RD_OK) {
		*id = strtoll(out, NULL, 10);
		params[0] = textcheck_id(*id, idb);
		params[1] = "0";
		params[2] = w->category;
		params[3] = w->c.note;
		params[4] = w->resolved ? "true" : "false";
		params[5] = w->since && *w->since ? w->since : NULL;
		params[6] = NULL;
		st = db_query_value(db, WRAPUP_SQL, 7, params, out, sizeof(out), NULL, err);
	}
	if (st == RD_OK)
		st = db_commit(db, err);
	else
		db_rollback(db);
	if (st != RD_OK)
		return st;
	return count_links(db, *id, linked, err);
}

enum rd_status inquiry_pending_changes(struct rd_db *db, long long customer_id,
				       const char *since, long long id,
				       char (*out)[INQUIRY_CHANGE_TEXT], size_t max,
				       size_t *n, struct rd_error *err)
{
	char cust[24], idb[24];
	const char *params[3] = { textcheck_id(customer_id, cust), since, textcheck_id(id, idb) };
	struct db_rows rows;
	enum rd_status st;

	*n = 0;
	if (customer_id <= 0 || !since || !*since)
		return RD_OK;
	st = db_query(db,
		      "SELECT to_char(h.at AT TIME ZONE " TZ ", 'HH24:MI'), h.table_name, h.op,"
		      "       h.old_row::text, h.new_row::text, array_to_string(h.changed, ','),"
		      "       coalesce(h.reason, '')"
		      "  FROM rd.history h"
		      " WHERE h.customer_id = $1 AND h.actor = session_user AND h.at >= $2::timestamptz"
		      "   AND h.table_name NOT IN ('inquiries', 'inquiry_entries', 'inquiry_requests')"
		      "   AND NOT EXISTS (SELECT 1 FROM rd.inquiry_entries e WHERE e.history_id = h.id"
		      "                   AND ($3::bigint IS NULL OR e.inquiry_id = $3))"
		      " ORDER BY h.id",
		      3, params, &rows, err);
	if (st != RD_OK)
		return st;
	/* in words: "10:42 subscription 12 changed: next delivery" */
	for (int i = 0; i < rows.nrows && *n < max; i++) {
		const char *table = db_rows_get(&rows, i, 1);
		struct history_words w;
		struct sbuf sb;

		sbuf_init(&sb);
		sbuf_printf(&sb, "%s ", db_rows_get(&rows, i, 0));
		if (history_words_make(table, db_rows_get(&rows, i, 2), db_rows_get(&rows, i, 3),
				       db_rows_get(&rows, i, 4), db_rows_get(&rows, i, 5), &w,
				       NULL) == RD_OK)
			sbuf_adds(&sb, w.summary);
		else
			sbuf_adds(&sb, history_table_label(table));
		history_words_done(&w);
		if (strcmp(db_rows_get(&rows, i, 2), "UPDATE") == 0) {
			sbuf_adds(&sb, ": ");
			history_labels(table, db_rows_get(&rows, i, 5), &sb);
		}
		if (*db_rows_get(&rows, i, 6))
			sbuf_printf(&sb, " (%s)", db_rows_get(&rows, i, 6));
		utf8_copy(out[(*n)++], INQUIRY_CHANGE_TEXT, sb.buf);
		sbuf_done(&sb);
	}
	db_rows_free(&rows);
	return RD_OK;
}

enum rd_status inquiry_call_category(struct rd_db *db, long long customer_id,
				     const char *since, long long id, char *out,
				     size_t outsz, struct rd_error *err)
{
	char cust[24], idb[24];
	const char *params[3] = { textcheck_id(customer_id, cust),
				  since && *since ? since : NULL, textcheck_id(id, idb) };

	/* the request log names what a subscription request was; the
	 * tables say the rest */
	return db_query_value(db,
		"SELECT coalesce("
		" (SELECT i.category FROM rd.inquiries i WHERE i.id = $3::bigint),"
		" (SELECT x.c FROM (SELECT h.id, h.table_name, CASE"
		"   WHEN h.table_name = 'subscription_requests' THEN"
		"     CASE h.new_row ->> 'kind'"
		"       WHEN 'skip' THEN 'skip' WHEN 'unskip' THEN 'skip'"
		"       WHEN 'pause' THEN 'pause' WHEN 'resume' THEN 'pause'"
		"       WHEN 'cancel' THEN 'cancel' WHEN 'keep' THEN 'cancel'"
		"       ELSE 'cycle_change' END"
		"   WHEN h.table_name = 'subscription_skips' THEN 'skip'"
		"   WHEN h.table_name = 'retention_offers' THEN 'cancel'"
		"   WHEN h.table_name IN ('orders', 'order_lines') THEN 'order'"
		"   WHEN h.table_name = 'customer_addresses' THEN 'address_change'"
		"   WHEN h.changed && ARRAY['postal_code', 'prefecture', 'address1', 'address2',"
		"                          'address_id', 'ship_address_id'] THEN 'address_change'"
		"   WHEN h.changed && ARRAY['payment', 'card_token', 'card_last4'] THEN 'payment_change'"
		"   WHEN h.table_name LIKE 'subscription%' THEN 'cycle_change'"
		"   ELSE NULL END AS c"
		"    FROM rd.history h"
		"   WHERE $2::timestamptz IS NOT NULL AND h.customer_id = $1::bigint"
		"     AND h.actor = session_user AND h.at >= $2::timestamptz"
		"     AND h.table_name NOT IN ('inquiries', 'inquiry_entries', 'inquiry_requests')) x"
		"   WHERE x.c IS NOT NULL"
		"   ORDER BY (x.table_name = 'subscription_requests') DESC, x.id"
		"   LIMIT 1),"
		" 'question')",
		3, params, out, outsz, NULL, err);
}

enum rd_status inquiry_now(struct rd_db *db, char *out, size_t outsz, struct rd_error *err)
{
	return db_query_value(db, "SELECT clock_timestamp()::text", 0, NULL, out, outsz, NULL, err);
}

/* ---- the subscription request hook -------------------------------------- */

static const char *category_of(const struct subscription_result *res)
{
	switch (res->kind) {
	case SUBRULE_SKIP:
	case SUBRULE_UNSKIP: return "skip";
	case SUBRULE_PAUSE:
	case SUBRULE_RESUME: return "pause";
	case SUBRULE_CANCEL:
	case SUBRULE_KEEP: return "cancel";
	default: return "cycle_change";
	}
}

enum rd_status inquiry_subscription_hook(struct rd_db *db, void *arg,
					 const struct subscription_result *res,
					 struct rd_error *err)
{
	struct inquiry_call *call = arg;
	char cust[24], sub[24], idb[24], out[32];
	enum rd_status st;

	if (!call || call->customer_id <= 0 || res->replayed)
		return RD_OK;
	if (call->inquiry_id > 0) {
		/* an inquiry opened by an earlier request of this call whose
		 * transaction was rolled back after the hook does not exist:
		 * open a new one rather than fail the request */
		const char *params[1] = { textcheck_id(call->inquiry_id, idb) };

		st = db_query_value(db, "SELECT count(*) FROM rd.inquiries WHERE id = $1",
				    1, params, out, sizeof(out), NULL, err);
		if (st != RD_OK)
			return st;
		if (strcmp(out, "0") == 0)
			call->inquiry_id = 0;
	}
	if (call->inquiry_id <= 0) {
		const char *params[6] = {
			textcheck_id(call->customer_id, cust),
			/* the call is about the subscription the request changed */
			textcheck_id(call->subscription_id > 0 ? call->subscription_id : res->id, sub),
			category_of(res), call->subject[0] ? call->subject : res->summary,
			res->summary, db_user(db),
		};
		/* inside the request's transaction: a failure rolls both back */
		st = db_query_value(db, "SELECT rd.inquiry_open($1, NULL, $2, 'inbound_call', $3,"
				    " 'normal', $4, $5, NULL, $6, NULL, NULL)",
				    6, params, out, sizeof(out), NULL, err);
		if (st != RD_OK)
			return st;
		call->inquiry_id = strtoll(out, NULL, 10);
	} else {
		const char *params[2] = { textcheck_id(call->inquiry_id, idb), res->summary };

		st = db_query_value(db, "SELECT rd.inquiry_note($1, 'note', $2, NULL)", 2, params,
				    out, sizeof(out), NULL, err);
		if (st != RD_OK)
			return st;
	}
	{
		const char *params[1] = { textcheck_id(call->inquiry_id, idb) };

		return db_query_value(db, "SELECT rd.inquiry_link_tx($1)", 1, params, out,
				      sizeof(out), NULL, err);
	}
}

/* ---- dashboard ---------------------------------------------------------- */

static long long jint(const struct json_value *o, const char *key)
{
	int64_t v = 0;

	if (o && json_as_int(json_get(o, key), &v) != 0)
		v = 0;
	return (long long)v;
}

static void jtext(const struct json_value *o, const char *key, char *dst, size_t dstsz)
{
	const char *s = o ? json_as_string(json_get(o, key), NULL) : NULL;

	utf8_copy(dst, dstsz, s);
}

static size_t counts_from(const struct json_value *arr, const char *namekey,
			  struct inquiry_dash_count *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; arr && i < json_len(arr) && n < max; i++) {
		const struct json_value *o = json_at(arr, i);

		jtext(o, namekey, out[n].name, sizeof(out[n].name));
		jtext(o, "login", out[n].login, sizeof(out[n].login));
		out[n].n = jint(o, "n");
		n++;
	}
	return n;
}

enum rd_status inquiry_dashboard(struct rd_db *db, struct inquiry_dashboard *out,
				 struct rd_error *err)
{
	static const char *const ages[4][2] = {
		{ "under_1h", N_("under 1 hour") }, { "1h_to_1d", N_("1 hour to 1 day") },
		{ "1d_to_3d", N_("1 to 3 days") }, { "over_3d", N_("over 3 days") },
	};
	struct db_rows rows;
	struct json_value *doc = NULL;
	const struct json_value *v;
	const char *text;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	st = db_query(db, "SELECT rd.inquiry_dashboard()::text", 0, NULL, &rows, err);
	if (st != RD_OK)
		return st;
	text = rows.nrows ? db_rows_get(&rows, 0, 0) : NULL;
	if (!text || json_parse(text, strlen(text), &doc, err) != RD_OK) {
		db_rows_free(&rows);
		return rd_error_set(err, RD_INTERNAL, "the dashboard could not be read");
	}
	db_rows_free(&rows);

	v = json_get(doc, "by_status");
	for (size_t i = 0; v && i < json_len(v) && out->nstatus < 8; i++) {
		struct inquiry_dash_count *c = &out->by_status[out->nstatus++];
		int64_t n = 0;

		utf8_copy(c->name, sizeof(c->name), json_key_at(v, i));
		json_as_int(json_value_at(v, i), &n);
		c->n = (long long)n;
	}
	v = json_get(doc, "by_age");
	for (int i = 0; i < 4; i++) {
		utf8_copy(out->by_age[i].name, sizeof(out->by_age[i].name), ages[i][1]);
		out->by_age[i].n = jint(v, ages[i][0]);
	}
	out->nagent = counts_from(json_get(doc, "by_agent"), "display_name", out->by_agent,
				  INQUIRY_DASH_ROWS);
	out->nteam = counts_from(json_get(doc, "by_team"), "team", out->by_team,
				 INQUIRY_DASH_ROWS);
	out->unassigned = jint(doc, "unassigned");
	out->handoffs_waiting = jint(doc, "handoffs_waiting");
	out->escalated = jint(doc, "escalated");
	out->overdue = jint(doc, "overdue");
	out->callbacks_overdue = jint(doc, "callbacks_overdue");
	v = json_get(doc, "oldest");
	if (v && json_typeof(v) == JSON_OBJECT) {
		out->oldest_id = jint(v, "id");
		jtext(v, "subject", out->oldest_subject, sizeof(out->oldest_subject));
		jtext(v, "created_at", out->oldest_at, sizeof(out->oldest_at));
	}
	v = json_get(doc, "today");
	for (size_t i = 0; v && i < json_len(v) && out->ntoday < INQUIRY_DASH_ROWS; i++) {
		const struct json_value *o = json_at(v, i);
		struct inquiry_dash_today *t = &out->today[out->ntoday++];

		jtext(o, "login", t->login, sizeof(t->login));
		jtext(o, "display_name", t->name, sizeof(t->name));
		t->calls = jint(o, "calls");
		t->resolved = jint(o, "resolved");
		t->handed_off = jint(o, "handed_off");
	}
	json_free(&doc);
	return RD_OK;
}

/* ---- presence ----------------------------------------------------------- */

enum rd_status inquiry_presence_set(struct rd_db *db, long long customer_id,
				    struct rd_error *err)
{
	char cust[24];
	const char *params[2] = { db_token(db), textcheck_id(customer_id, cust) };

	if (customer_id <= 0)
		return RD_OK;
	return db_exec(db, "SELECT rd.presence_set($1, $2)", 2, params, NULL, err);
}

enum rd_status inquiry_presence_clear(struct rd_db *db, long long customer_id,
				      struct rd_error *err)
{
	char cust[24];
	const char *params[2] = { db_token(db), customer_id > 0 ? textcheck_id(customer_id, cust)
							      : NULL };

	return db_exec(db, "SELECT rd.presence_clear($1, $2)", 2, params, NULL, err);
}

/* The rows of sql: rd.presence_get's, from column c0 (before it: the
 * time, copied to now). */
static enum rd_status presence_rows(struct rd_db *db, const char *sql, long long customer_id,
				    struct inquiry_presence *out, size_t max, size_t *n,
				    int c0, char *now, size_t nowsz, struct rd_error *err)
{
	char cust[24];
	const char *params[2] = { db_token(db), textcheck_id(customer_id, cust) };
	struct db_rows rows;
	enum rd_status st;

	*n = 0;
	if (customer_id <= 0)
		return RD_OK;
	st = db_query(db, sql, 2, params, &rows, err);
	if (st != RD_OK)
		return st;
	/* c0 = 1: the time comes first */
	if (c0 && now && nowsz)
		utf8_copy(now, nowsz, rows.nrows ? db_rows_get(&rows, 0, 0) : NULL);
	for (int i = 0; i < rows.nrows && *n < max; i++) {
		struct inquiry_presence *p;

		if (!db_rows_get(&rows, i, c0))
			continue;       /* the time alone: nobody else */
		p = &out[(*n)++];
		utf8_copy(p->login, sizeof(p->login), db_rows_get(&rows, i, c0));
		utf8_copy(p->name, sizeof(p->name), db_rows_get(&rows, i, c0 + 1));
		utf8_copy(p->since, sizeof(p->since), db_rows_get(&rows, i, c0 + 2));
	}
	db_rows_free(&rows);
	return RD_OK;
}

enum rd_status inquiry_presence_get(struct rd_db *db, long long customer_id,
				    struct inquiry_presence *out, size_t max, size_t *n,
				    struct rd_error *err)
{
	return presence_rows(db, "SELECT login, display_name,"
			     " to_char(since AT TIME ZONE " TZ ", 'HH24:MI')"
			     " FROM rd.presence_get($1, $2)", customer_id, out, max, n, 0, NULL, 0,
			     err);
}

enum rd_status inquiry_presence_open(struct rd_db *db, long long customer_id,
				     struct inquiry_presence *out, size_t max, size_t *n,
				     char *now, size_t nowsz, struct rd_error *err)
{
	/* one row at least: the time (inquiry_now's), then who else */
	return presence_rows(db, "SELECT clock_timestamp()::text, p.login, p.display_name,"
			     " to_char(p.since AT TIME ZONE " TZ ", 'HH24:MI')"
			     " FROM (VALUES (1)) v LEFT JOIN rd.presence_open($1, $2) p ON true"
			     " ORDER BY p.since", customer_id, out, max, n, 1, now, now ? nowsz : 0,
			     err);
}

/* ---- notifications ------------------------------------------------------ */

bool inquiry_notify_parse(const struct db_notify *n, struct inquiry_event *ev)
{
	struct json_value *doc = NULL;
	struct rd_error err;
	bool presence = strcmp(n->channel, PRESENCE_CHANNEL) == 0;

	memset(ev, 0, sizeof(*ev));
	if (!presence && strcmp(n->channel, INQUIRY_CHANNEL) != 0)
		return false;
	if (json_parse(n->payload, strlen(n->payload), &doc, &err) != RD_OK)
		return false;
	ev->presence = presence;
	{
		const char *t = json_as_string(json_get(doc, "table"), NULL);

		ev->entry = t && strcmp(t, "inquiry_entries") == 0;
	}
	ev->inquiry_id = jint(doc, "inquiry_id");
	ev->customer_id = jint(doc, "customer_id");
	ev->assignee_id = jint(doc, "assignee_id");
	ev->old_assignee_id = jint(doc, "old_assignee_id");
	ev->team_id = jint(doc, "team_id");
	ev->old_team_id = jint(doc, "old_team_id");
	jtext(doc, "status", ev->status, sizeof(ev->status));
	jtext(doc, "old_status", ev->old_status, sizeof(ev->old_status));
	json_free(&doc);
	return true;
}
