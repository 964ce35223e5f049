/* customer_view.c: the customer card's reads beyond store/customer.c
 * (customer_view.h). */
#include "repeatdesk/customer_view.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#include "customer_card_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#define FIGURES "ARRAY['ltv', 'order_count', 'first_order_date', 'last_order_date'," \
		" 'rfm_r', 'rfm_f', 'rfm_m']"

/* The latest entries of the customer's history (customer_view_changes);
 * ID and LIMIT as in customer_card_sql.h. */
#define CARD_CHANGES_SQL(ID, LIMIT) \
	"WITH h AS (" \
	"  SELECT h.id, h.at, h.actor, h.table_name, h.op, h.reason, h.changed," \
	"         h.old_row, h.new_row, h.row_key" \
	"    FROM rd.history h" \
	"   WHERE h.customer_id = " ID \
	"     AND NOT (h.table_name = 'customers' AND h.op = 'UPDATE'" \
	"              AND h.changed <@ " FIGURES ")" \
	/* what the customer would recognise: not the bookkeeping (request \
	 * log, order lines and inserts, offers, the inquiry log, which \
	 * the card lists apart), and a skip or a new order as one change, \
	 * not also the date or the figures it moved */ \
	"     AND h.table_name NOT IN ('subscription_requests', 'order_lines', 'order_inserts'," \
	"                              'retention_offers', 'inquiries', 'inquiry_entries'," \
	"                              'inquiry_requests', 'history_undos')" \
	"     AND NOT (h.table_name = 'subscriptions' AND h.op = 'UPDATE' AND EXISTS (" \
	"              SELECT 1 FROM rd.history s WHERE s.txid = h.txid" \
	"                 AND s.table_name = 'subscription_skips' AND s.customer_id = h.customer_id))" \
	"     AND NOT (h.table_name = 'orders' AND h.op = 'UPDATE' AND EXISTS (" \
	"              SELECT 1 FROM rd.history s WHERE s.txid = h.txid AND s.table_name = 'orders'" \
	"                 AND s.op = 'INSERT' AND s.row_key = h.row_key))" \
	"   ORDER BY h.at DESC, h.id DESC LIMIT " LIMIT ")," \
	" tz AS (SELECT coalesce((SELECT s.value FROM rd.settings s" \
	"                          WHERE s.key = 'business_timezone'), 'Asia/Tokyo') AS zone)" \
	" SELECT h.id, to_char(h.at AT TIME ZONE tz.zone, 'YYYY-MM-DD HH24:MI')," \
	"        h.actor, coalesce(a.display_name, ''), h.table_name, h.op," \
	"        coalesce(h.new_row ->> 'order_no', h.old_row ->> 'order_no'," \
	"                 h.new_row ->> 'subject', h.old_row ->> 'subject', h.row_key)," \
	"        array_to_string(h.changed, ', '), coalesce(h.reason, '')," \
	"        coalesce(k.col, '')," \
	"        left(h.old_row ->> k.col, 80), left(h.new_row ->> k.col, 80)," \
	"        h.old_row::text, h.new_row::text, array_to_string(h.changed, ',')" \
	"   FROM h CROSS JOIN tz" \
	"   LEFT JOIN rd.agents a ON a.login = h.actor" \
	"   LEFT JOIN LATERAL (" \
	"        SELECT u.x AS col, u.o FROM unnest(h.changed) WITH ORDINALITY u(x, o)" \
	"         WHERE h.table_name = 'customers' AND h.op = 'UPDATE'" \
	"           AND u.x <> ALL (" FIGURES ")) k ON true" \
	"  ORDER BY h.at DESC, h.id DESC, k.o"

/* The rows of CARD_CHANGES_SQL into out (at most cap; an entry cut in the
 * middle is left out). */
static void changes_fill(const struct db_rows *r, struct customer_view_change *out, int cap,
			 int *n)
{
	int keep;

	keep = r->nrows < cap ? r->nrows : cap;
	/* an entry cut in the middle would show half a change: drop it */
	if (keep < r->nrows && keep > 0) {
		const char *cut = db_rows_get(r, keep, 0);

		while (keep > 0 && strcmp(db_rows_get(r, keep - 1, 0), cut) == 0)
			keep--;
	}
	for (int i = 0; i < keep; i++) {
		struct customer_view_change *c = &out[i];

		memset(c, 0, sizeof(*c));
		c->id = strtoll(db_rows_get(r, i, 0), NULL, 10);
		utf8_copy(c->at, sizeof(c->at), db_rows_get(r, i, 1));
		utf8_copy(c->actor, sizeof(c->actor), db_rows_get(r, i, 2));
		utf8_copy(c->actor_name, sizeof(c->actor_name), db_rows_get(r, i, 3));
		utf8_copy(c->table, sizeof(c->table), db_rows_get(r, i, 4));
		utf8_copy(c->op, sizeof(c->op), db_rows_get(r, i, 5));
		utf8_copy(c->what, sizeof(c->what), db_rows_get(r, i, 6));
		{
			/* in words: what happened, and the fields by their labels */
			struct history_words w;
			struct sbuf sb;

			sbuf_init(&sb);
			history_labels(c->table[0] ? c->table : db_rows_get(r, i, 4),
				       db_rows_get(r, i, 14), &sb);
			utf8_copy(c->changed, sizeof(c->changed), sb.buf);
			sbuf_done(&sb);
			if (history_words_make(db_rows_get(r, i, 4), db_rows_get(r, i, 5),
					       db_rows_get(r, i, 12), db_rows_get(r, i, 13),
					       db_rows_get(r, i, 14), &w, NULL) == RD_OK)
				utf8_copy(c->summary, sizeof(c->summary), w.summary);
			history_words_done(&w);
		}
		utf8_copy(c->reason, sizeof(c->reason), db_rows_get(r, i, 8));
		utf8_copy(c->column, sizeof(c->column), db_rows_get(r, i, 9));
		c->old_null = db_rows_get(r, i, 10) == NULL;
		c->new_null = db_rows_get(r, i, 11) == NULL;
		utf8_copy(c->old_value, sizeof(c->old_value), db_rows_get(r, i, 10));
		utf8_copy(c->new_value, sizeof(c->new_value), db_rows_get(r, i, 11));
	}
	*n = keep;
}

enum rd_status customer_view_changes(struct rd_db *db, long long customer_id,
				     int entries,
				     struct customer_view_change *out, int cap,
				     int *n, struct rd_error *err)
{
	char id[24], lim[16];
	const char *params[2] = { id, lim };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	if (cap < 1 || entries < 1)
		return RD_OK;
	snprintf(id, sizeof(id), "%lld", customer_id);
	snprintf(lim, sizeof(lim), "%d", entries);
	st = db_query(db, CARD_CHANGES_SQL("$1::bigint", "$2::int"), 2, params, &r, err);
	if (st != RD_OK)
		return st;
	changes_fill(&r, out, cap, n);
	db_rows_free(&r);
	return RD_OK;
}

/* ---- the whole card in one statement --------------------------------- */

/* One list of the card statement, a JSON array of its rows (json_agg of
 * the list's rows: objects whose members are the columns in order), as
 * the rows db_query would have given: each value as PostgreSQL's text
 * (the lists hold text, numbers and dates only, which JSON carries as the
 * same text), NULL for null. NULL json: no rows. */
static enum rd_status rows_from_json(const char *json, struct db_rows *out,
				     struct rd_error *err)
{
	struct json_value *doc = NULL;
	size_t nrows, ncols;

	memset(out, 0, sizeof(*out));
	if (!json)
		return RD_OK;
	if (json_parse(json, strlen(json), &doc, err) != RD_OK)
		return err ? err->status : RD_INTERNAL;
	nrows = json_len(doc);
	ncols = nrows ? json_len(json_at(doc, 0)) : 0;
	out->nrows = (int)nrows;
	out->ncols = (int)ncols;
	out->names = xcalloc(ncols ? ncols : 1, sizeof(*out->names));
	for (size_t c = 0; c < ncols; c++)
		out->names[c] = xstrdup(json_key_at(json_at(doc, 0), c));
	out->cells = xcalloc(nrows > 0 && ncols > 0 ? nrows * ncols : 1, sizeof(*out->cells));
	for (size_t i = 0; i < nrows; i++) {
		const struct json_value *row = json_at(doc, i);

		for (size_t c = 0; c < ncols; c++) {
			const struct json_value *v = json_value_at(row, c);
			const char *text = NULL;
			int b;

			switch (json_typeof(v)) {
			case JSON_STRING:
				text = json_as_string(v, NULL);
				break;
			case JSON_NUMBER:
				text = json_number_text(v);
				break;
			case JSON_BOOL:
				text = json_as_bool(v, &b) == 0 && b ? "t" : "f";
				break;
			default:
				break;
			}
			out->cells[i * ncols + c] = text ? xstrdup(text) : NULL;
		}
	}
	json_free(&doc);
	return RD_OK;
}

/* The customer's row (customer_columns_sql) with the four lists after it,
 * each one JSON array: $1 the code, $2..$5 the lists' limits. */
static const char *card_sql(void)
{
	static char *sql;

	if (!sql)
		sql = xasprintf(
			"WITH cust AS MATERIALIZED (%s WHERE c.code = $1)"
			" SELECT cust.*,"
			" (SELECT json_agg(x) FROM (%s) x),"
			" (SELECT json_agg(x) FROM (%s) x),"
			" (SELECT json_agg(x) FROM (%s) x),"
			" (SELECT json_agg(x) FROM (%s) x)"
			" FROM cust",
			customer_columns_sql(),
			CARD_SUBSCRIPTIONS_SQL("cust.id", "$2::int"),
			CARD_ORDERS_SQL("cust.id", "$3::int"),
			CARD_INQUIRIES_SQL("cust.id", "$4::int"),
			CARD_CHANGES_SQL("cust.id", "$5::int"));
	return sql;
}

enum rd_status customer_view_card(struct rd_db *db, const char *code,
				  struct customer_view_card *card, struct rd_error *err)
{
	char want[CUSTOMER_QUERY_SIZE], l[4][16];
	const char *params[5] = { want, l[0], l[1], l[2], l[3] };
	struct db_rows r, part;
	enum rd_status st;
	int base;

	customer_init(card->c);
	card->nsubs = card->norders = card->ninquiries = card->nchanges = 0;
	if ((st = customer_code_normalize(code, want, sizeof(want), err)) != RD_OK)
		return st;
	snprintf(l[0], sizeof(l[0]), "%d", card->subs_cap > 0 ? card->subs_cap : 0);
	snprintf(l[1], sizeof(l[1]), "%d", card->orders_cap > 0 ? card->orders_cap : 0);
	snprintf(l[2], sizeof(l[2]), "%d", card->inquiries_cap > 0 ? card->inquiries_cap : 0);
	snprintf(l[3], sizeof(l[3]), "%d",
		 card->changes_cap > 0 && card->change_entries > 0 ? card->change_entries : 0);
	st = db_query(db, card_sql(), 5, params, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0) {
		db_rows_free(&r);
		return rd_error_set(err, RD_NOT_FOUND, _("no customer %s"), want);
	}
	customer_fill_row(card->c, &r);
	base = r.ncols - 4;
	if ((st = rows_from_json(db_rows_get(&r, 0, base), &part, err)) == RD_OK) {
		customer_subscriptions_fill(&part, card->subs, card->subs_cap, &card->nsubs);
		db_rows_free(&part);
	}
	if (st == RD_OK && (st = rows_from_json(db_rows_get(&r, 0, base + 1), &part, err)) == RD_OK) {
		customer_orders_fill(&part, card->orders, card->orders_cap, &card->norders);
		db_rows_free(&part);
	}
	if (st == RD_OK && (st = rows_from_json(db_rows_get(&r, 0, base + 2), &part, err)) == RD_OK) {
		customer_inquiries_fill(&part, card->inquiries, card->inquiries_cap,
					&card->ninquiries);
		db_rows_free(&part);
	}
	if (st == RD_OK && (st = rows_from_json(db_rows_get(&r, 0, base + 3), &part, err)) == RD_OK) {
		if (card->changes_cap > 0)
			changes_fill(&part, card->changes, card->changes_cap, &card->nchanges);
		db_rows_free(&part);
	}
	db_rows_free(&r);
	/* the subscriptions' amounts: the subscription list's own reads */
	if (st == RD_OK)
		st = customer_card_amounts(db, card->c->id, card->subs, card->nsubs, err);
	return st;
}

void customer_view_request_id(char out[CUSTOMER_VIEW_REQUEST_ID_SIZE])
{
	uuid_t u;

	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}
