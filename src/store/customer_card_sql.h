/* customer_card_sql.h: the SQL of the customer card's lists, shared by
 * store/customer.c (one list at a time) and store/customer_view.c (the
 * whole card in one statement, customer_view_card). Private to store/.
 *
 * Each macro takes the SQL expressions of the customer's id and of the
 * row limit: "$1::bigint" and "$2::int" alone, a column of the card
 * statement's customer and its own parameter there. Each list's rows are
 * read back by the filler below it, whichever statement brought them. */
#ifndef RD_STORE_CUSTOMER_CARD_SQL_H
#define RD_STORE_CUSTOMER_CARD_SQL_H

#include "repeatdesk/customer.h"
#include "repeatdesk/db.h"

#define CARD_SUBSCRIPTIONS_SQL(ID, LIMIT) \
	"SELECT s.id, s.status, s.cycle, s.next_date, s.paused_until, s.delivery_count," \
	"       0," \
	"       coalesce((SELECT string_agg(p.name || ' x' || l.quantity, ', ' ORDER BY l.id)" \
	"                   FROM rd.subscription_lines l JOIN rd.products p ON p.sku = l.sku" \
	"                  WHERE l.subscription_id = s.id), '')" \
	"  FROM rd.subscriptions s" \
	" WHERE s.customer_id = " ID " AND s.status IN ('active', 'paused')" \
	" ORDER BY s.next_date NULLS LAST, s.id LIMIT " LIMIT

#define CARD_ORDERS_SQL(ID, LIMIT) \
	"SELECT o.id, o.order_no, o.order_date, o.status, o.total," \
	"       coalesce(o.delivery_no, 0), coalesce(o.media_code, '')" \
	"  FROM rd.orders o WHERE o.customer_id = " ID \
	" ORDER BY o.order_date DESC, o.id DESC LIMIT " LIMIT

#define CARD_INQUIRIES_SQL(ID, LIMIT) \
	"SELECT i.id, to_char(i.created_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF')," \
	"       i.status, i.category, i.priority, coalesce(a.login, ''), i.subject" \
	"  FROM rd.inquiries i LEFT JOIN rd.agents a ON a.id = i.assignee_id" \
	" WHERE i.customer_id = " ID " AND i.status NOT IN ('resolved', 'closed')" \
	" ORDER BY i.created_at DESC, i.id DESC LIMIT " LIMIT

/* The rows of the macros above into the card's structs (at most cap). */
void customer_subscriptions_fill(const struct db_rows *r, struct customer_subscription *out,
				 int cap, int *n);
void customer_orders_fill(const struct db_rows *r, struct customer_order *out, int cap, int *n);
void customer_inquiries_fill(const struct db_rows *r, struct customer_inquiry *out, int cap,
			     int *n);
/* The amounts of n subscriptions read by customer_subscriptions_fill
 * (the subscription list's, store/subscription.c: statements of its own). */
enum rd_status customer_card_amounts(struct rd_db *db, long long customer_id,
				     struct customer_subscription *subs, int n,
				     struct rd_error *err);

/* The customer's own row: the SELECT ... FROM of customer_get (a WHERE
 * follows), and its row 0 into c. */
const char *customer_columns_sql(void);
/* The code as customer_get looks it up ("123" -> "C0000123"), checked. */
enum rd_status customer_code_normalize(const char *code, char *out, size_t outsz,
				       struct rd_error *err);
void customer_fill_row(struct customer *c, const struct db_rows *r);

#endif
