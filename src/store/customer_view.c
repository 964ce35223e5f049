/* customer_view.c: the customer card's reads beyond store/customer.c
 * (customer_view.h). */
#include "repeatdesk/customer_view.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/width.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#define FIGURES "ARRAY['ltv', 'order_count', 'first_order_date', 'last_order_date'," \
		" 'rfm_r', 'rfm_f', 'rfm_m']"

enum rd_status customer_view_changes(struct rd_db *db, long long customer_id,
				     int entries,
				     struct customer_view_change *out, int cap,
				     int *n, struct rd_error *err)
{
	char id[24], lim[16];
	const char *params[2] = { id, lim };
	struct db_rows r;
	enum rd_status st;
	int keep;

	*n = 0;
	if (cap < 1 || entries < 1)
		return RD_OK;
	snprintf(id, sizeof(id), "%lld", customer_id);
	snprintf(lim, sizeof(lim), "%d", entries);
	st = db_query(db,
		"WITH h AS ("
		"  SELECT h.id, h.at, h.actor, h.table_name, h.op, h.reason, h.changed,"
		"         h.old_row, h.new_row, h.row_key"
		"    FROM rd.history h"
		"   WHERE h.customer_id = $1::bigint"
		"     AND NOT (h.table_name = 'customers' AND h.op = 'UPDATE'"
		"              AND h.changed <@ " FIGURES ")"
		/* what the customer would recognise: not the bookkeeping (request
		 * log, order lines and inserts, offers, the inquiry log, which
		 * the card lists apart), and a skip or a new order as one change,
		 * not also the date or the figures it moved */
		"     AND h.table_name NOT IN ('subscription_requests', 'order_lines', 'order_inserts',"
		"                              'retention_offers', 'inquiries', 'inquiry_entries',"
		"                              'inquiry_requests', 'history_undos')"
		"     AND NOT (h.table_name = 'subscriptions' AND h.op = 'UPDATE' AND EXISTS ("
		"              SELECT 1 FROM rd.history s WHERE s.txid = h.txid"
		"                 AND s.table_name = 'subscription_skips' AND s.customer_id = h.customer_id))"
		"     AND NOT (h.table_name = 'orders' AND h.op = 'UPDATE' AND EXISTS ("
		"              SELECT 1 FROM rd.history s WHERE s.txid = h.txid AND s.table_name = 'orders'"
		"                 AND s.op = 'INSERT' AND s.row_key = h.row_key))"
		"   ORDER BY h.at DESC, h.id DESC LIMIT $2::int),"
		" tz AS (SELECT coalesce((SELECT s.value FROM rd.settings s"
		"                          WHERE s.key = 'business_timezone'), 'Asia/Tokyo') AS zone)"
		" SELECT h.id, to_char(h.at AT TIME ZONE tz.zone, 'YYYY-MM-DD HH24:MI'),"
		"        h.actor, coalesce(a.display_name, ''), h.table_name, h.op,"
		"        coalesce(h.new_row ->> 'order_no', h.old_row ->> 'order_no',"
		"                 h.new_row ->> 'subject', h.old_row ->> 'subject', h.row_key),"
		"        array_to_string(h.changed, ', '), coalesce(h.reason, ''),"
		"        coalesce(k.col, ''),"
		"        left(h.old_row ->> k.col, 80), left(h.new_row ->> k.col, 80),"
		"        h.old_row::text, h.new_row::text, array_to_string(h.changed, ',')"
		"   FROM h CROSS JOIN tz"
		"   LEFT JOIN rd.agents a ON a.login = h.actor"
		"   LEFT JOIN LATERAL ("
		"        SELECT u.x AS col, u.o FROM unnest(h.changed) WITH ORDINALITY u(x, o)"
		"         WHERE h.table_name = 'customers' AND h.op = 'UPDATE'"
		"           AND u.x <> ALL (" FIGURES ")) k ON true"
		"  ORDER BY h.at DESC, h.id DESC, k.o",
		2, params, &r, err);
	if (st != RD_OK)
		return st;
	keep = r.nrows < cap ? r.nrows : cap;
	/* an entry cut in the middle would show half a change: drop it */
	if (keep < r.nrows && keep > 0) {
		const char *cut = db_rows_get(&r, keep, 0);

		while (keep > 0 && strcmp(db_rows_get(&r, keep - 1, 0), cut) == 0)
			keep--;
	}
	for (int i = 0; i < keep; i++) {
		struct customer_view_change *c = &out[i];

		memset(c, 0, sizeof(*c));
		c->id = strtoll(db_rows_get(&r, i, 0), NULL, 10);
		utf8_copy(c->at, sizeof(c->at), db_rows_get(&r, i, 1));
		utf8_copy(c->actor, sizeof(c->actor), db_rows_get(&r, i, 2));
		utf8_copy(c->actor_name, sizeof(c->actor_name), db_rows_get(&r, i, 3));
		utf8_copy(c->table, sizeof(c->table), db_rows_get(&r, i, 4));
		utf8_copy(c->op, sizeof(c->op), db_rows_get(&r, i, 5));
		utf8_copy(c->what, sizeof(c->what), db_rows_get(&r, i, 6));
		{
			/* in words: what happened, and the fields by their labels */
			struct history_words w;
			struct sbuf sb;

			sbuf_init(&sb);
			history_labels(c->table[0] ? c->table : db_rows_get(&r, i, 4),
				       db_rows_get(&r, i, 14), &sb);
			utf8_copy(c->changed, sizeof(c->changed), sb.buf);
			sbuf_done(&sb);
			if (history_words_make(db_rows_get(&r, i, 4), db_rows_get(&r, i, 5),
					       db_rows_get(&r, i, 12), db_rows_get(&r, i, 13),
					       db_rows_get(&r, i, 14), &w, NULL) == RD_OK)
				utf8_copy(c->summary, sizeof(c->summary), w.summary);
			history_words_done(&w);
		}
		utf8_copy(c->reason, sizeof(c->reason), db_rows_get(&r, i, 8));
		utf8_copy(c->column, sizeof(c->column), db_rows_get(&r, i, 9));
		c->old_null = db_rows_get(&r, i, 10) == NULL;
		c->new_null = db_rows_get(&r, i, 11) == NULL;
		utf8_copy(c->old_value, sizeof(c->old_value), db_rows_get(&r, i, 10));
		utf8_copy(c->new_value, sizeof(c->new_value), db_rows_get(&r, i, 11));
	}
	*n = keep;
	db_rows_free(&r);
	return RD_OK;
}

void customer_view_request_id(char out[CUSTOMER_VIEW_REQUEST_ID_SIZE])
{
	uuid_t u;

	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}
