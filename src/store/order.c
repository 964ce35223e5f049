/* order.c: taking an order, once, and the orders afterwards (order.h).
 *
 * order_quote and order_submit share one path (build_quote): every check
 * and every figure of the confirmation the operator reads to the caller is
 * what the submit saves. The arithmetic and the rules are core/pricing;
 * this file reads what they need (settings, products, insert rules, the
 * customer's open orders and deliveries) in a handful of statements and
 * writes the order in one transaction.
 *
 * Exactly one order per request id: the INSERT says ON CONFLICT
 * (request_id) DO NOTHING. When a second connection submits the same
 * request at the same moment, its INSERT waits for the first transaction
 * on the unique index; when that commits, it inserts nothing, everything
 * it did (a subscription, say) is rolled back, and the order of the first
 * is read back. A plain lookup by request id first makes the common retry
 * cheap. */
#include "repeatdesk/order.h"
#include "order_sql.h"
#include "repeatdesk/date.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

_Static_assert(ORDER_SKU_SIZE > TEXTCHECK_SKU_MAX, "a product SKU fits an order line");
_Static_assert(ORDER_NAME_SIZE > TEXTCHECK_PRODUCT_NAME_MAX * 4, "a product name fits an order line");

/* The business time zone, as a scalar subquery for statements. */
#define BUSINESS_TZ \
	"coalesce((SELECT value FROM rd.settings WHERE key = 'business_timezone')," \
	" 'Asia/Tokyo')"
/* A time in the business time zone with that zone's offset, RFC 3339
 * (2026-12-07T18:05:00+09:00): screens read the local time, json gives it
 * whole. */
#define TZ_DIFF(col) \
	"((" col ") AT TIME ZONE " BUSINESS_TZ " - (" col ") AT TIME ZONE 'UTC')"
#define LOCAL_TIME(col) \
	"(to_char((" col ") AT TIME ZONE " BUSINESS_TZ ", 'YYYY-MM-DD\"T\"HH24:MI:SS')" \
	" || CASE WHEN " TZ_DIFF(col) " >= interval '0'" \
	" THEN '+' || to_char(" TZ_DIFF(col) ", 'HH24:MI')" \
	" ELSE '-' || to_char(-" TZ_DIFF(col) ", 'HH24:MI') END)"

#define DEFAULT_REASON "order entry"

/* ---- small helpers ------------------------------------------------------ */

static void fault_set(struct order_fault *f, enum order_field field, int line)
{
	if (f) {
		f->field = field;
		f->line = line;
	}
}

static void fault_clear(struct order_fault *f)
{
	fault_set(f, ORDER_FIELD_NONE, -1);
}

static long long cell_ll(const struct db_rows *r, int row, int col)
{
	const char *v = db_rows_get(r, row, col);

	return v ? strtoll(v, NULL, 10) : 0;
}

static bool cell_true(const struct db_rows *r, int row, int col)
{
	const char *v = db_rows_get(r, row, col);

	return v && strcmp(v, "t") == 0;
}

static int32_t cell_date(const struct db_rows *r, int row, int col)
{
	const char *v = db_rows_get(r, row, col);
	int32_t d;

	if (!v || date_parse_iso(v, &d, NULL) != RD_OK)
		return ORDER_NO_DATE;
	return d;
}

static const char *fmt_date(int32_t d, char buf[DATE_ISO_SIZE])
{
	if (d == ORDER_NO_DATE)
		return NULL;
	return date_format_iso(d, buf);
}

/* Text a person typed into a free field: at most max characters, no
 * control characters, never something that may be a card number. */
static enum rd_status check_free_text(const char *s, const char *field,
				      size_t max, struct rd_error *err)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return rd_error_set(err, RD_INVALID,
				_("%s: control characters are not allowed"), field);
	if (textcheck_chars(s) > max)
		return rd_error_set(err, RD_INVALID,
			_("%s: at most %zu characters"), field, max);
	if (pricing_looks_like_pan(s))
		return rd_error_set(err, RD_INVALID,
			_("%s: this looks like a card number; card numbers are never written down"),
			field);
	return RD_OK;
}

static bool sku_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= ORDER_SKU_SIZE || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

/* customer and media codes */
static bool code_valid(const char *s)
{
	return sku_valid(s) && strlen(s) < ORDER_CODE_SIZE;
}

/* ---- request ids -------------------------------------------------------- */

void order_request_id_new(char out[ORDER_REQUEST_ID_SIZE])
{
	uuid_t u;

	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

bool order_request_id_valid(const char *s)
{
	return textcheck_uuid(s);
}

void order_request_init(struct order_request *req)
{
	memset(req, 0, sizeof(*req));
	order_request_id_new(req->request_id);
	req->payment = PRICING_PAY_COD;
	req->desired_date = ORDER_NO_DATE;
	req->slot = PRICING_SLOT_NONE;
}

/* "o123", " O00000123 ", "123" -> "O00000123" */
enum rd_status order_no_normalize(const char *in, char out[ORDER_NO_SIZE],
				  struct rd_error *err)
{
	char q[32];
	const char *s = in ? in : "";
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n > 0 && (s[0] == 'O' || s[0] == 'o')) {
		s++;
		n--;
	}
	if (n == 0 || n > 18 || strspn(s, "0123456789") < n)
		return rd_error_set(err, RD_INVALID,
			_("order: '%s' is not an order number (like O00000123)"),
			rd_quote_input(in ? in : "", in ? strlen(in) : 0, q, sizeof(q)));
	/* O and at least 8 digits, as rd.next_code('O', ..., 8) makes them */
	out[0] = 'O';
	{
		size_t pad = n < 8 ? 8 - n : 0;

		memset(out + 1, '0', pad);
		memcpy(out + 1 + pad, s, n);
		out[1 + pad + n] = '\0';
	}
	return RD_OK;
}

/* "c12", "C0000012" -> "C0000012"; other well-formed codes are kept. */
static enum rd_status customer_code_normalize(const char *in, char out[ORDER_CODE_SIZE],
					      struct rd_error *err)
{
	char q[32];
	const char *s = in ? in : "";
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n > 1 && (s[0] == 'c' || s[0] == 'C') && n - 1 <= 7 &&
	    strspn(s + 1, "0123456789") == n - 1) {
		out[0] = 'C';
		memset(out + 1, '0', 7 - (n - 1));
		memcpy(out + 1 + 7 - (n - 1), s + 1, n - 1);
		out[8] = '\0';
		return RD_OK;
	}
	if (n == 0 || n >= ORDER_CODE_SIZE)
		goto bad;
	memcpy(out, s, n);
	out[n] = '\0';
	if (code_valid(out))
		return RD_OK;
bad:
	out[0] = '\0';
	return rd_error_set(err, RD_INVALID,
		_("customer: '%s' is not a customer code (like C0000123)"),
		rd_quote_input(in ? in : "", in ? strlen(in) : 0, q, sizeof(q)));
}

/* ---- settings and products ------------------------------------------------ */

static enum rd_status setting_int(const char *key, const char *value, long long lo,
				  long long hi, int64_t *out, struct rd_error *err)
{
	char *end;
	long long v;

	if (!value)
		return RD_OK;   /* missing: the default stays */
	v = strtoll(value, &end, 10);
	if (!*value || *end || v < lo || v > hi)
		return rd_error_set(err, RD_INVALID,
			_("setting %s is '%s', which is not a number from %lld to %lld; ask a supervisor to correct it"),
			key, value, lo, hi);
	*out = v;
	return RD_OK;
}

enum rd_status order_context_load(struct rd_db *db, struct order_context *out,
				  struct rd_error *err)
{
	static const char *const keys[] = {
		"shipping_fee", "free_shipping_threshold", "cod_fee",
		"earliest_delivery_days", "latest_delivery_days",
		"bundling_window_days", "subscription_free_shipping",
	};
	struct db_rows r;
	struct pricing_settings s;
	int64_t v[6];
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	pricing_settings_default(&s);
	st = db_query(db,
		"SELECT (now() AT TIME ZONE " BUSINESS_TZ ")::date::text,"
		"       max(value) FILTER (WHERE key = 'shipping_fee'),"
		"       max(value) FILTER (WHERE key = 'free_shipping_threshold'),"
		"       max(value) FILTER (WHERE key = 'cod_fee'),"
		"       max(value) FILTER (WHERE key = 'earliest_delivery_days'),"
		"       max(value) FILTER (WHERE key = 'latest_delivery_days'),"
		"       max(value) FILTER (WHERE key = 'bundling_window_days'),"
		"       max(value) FILTER (WHERE key = 'subscription_free_shipping'),"
		"       max(value) FILTER (WHERE key = 'max_quantity_per_line')"
		"  FROM rd.settings", 0, NULL, &r, err);
	if (st != RD_OK)
		return st;
	v[0] = s.shipping_fee;
	v[1] = s.free_shipping_threshold;
	v[2] = s.cod_fee;
	v[3] = s.earliest_delivery_days;
	v[4] = s.latest_delivery_days;
	v[5] = s.bundling_window_days;
	for (int i = 0; i < 6 && st == RD_OK; i++)
		st = setting_int(keys[i], db_rows_get(&r, 0, i + 1), 0, 100000000, &v[i], err);
	if (st == RD_OK) {
		const char *b = db_rows_get(&r, 0, 7);

		if (b && strcmp(b, "true") != 0 && strcmp(b, "false") != 0)
			st = rd_error_set(err, RD_INVALID,
				_("setting subscription_free_shipping is '%s', not true or false; ask a supervisor to correct it"),
				b);
		else if (b)
			s.subscription_free_shipping = strcmp(b, "true") == 0;
	}
	if (st == RD_OK) {
		/* the limit subscription changes apply (store/subscription.c) */
		int64_t mq = s.max_subscription_quantity;

		st = setting_int("max_quantity_per_line", db_rows_get(&r, 0, 8),
				 PRICING_QTY_MIN, PRICING_QTY_MAX, &mq, err);
		s.max_subscription_quantity = (int)mq;
	}
	if (st == RD_OK) {
		s.shipping_fee = v[0];
		s.free_shipping_threshold = v[1];
		s.cod_fee = v[2];
		s.earliest_delivery_days = (int)(v[3] > 1000 ? 1000 : v[3]);
		s.latest_delivery_days = (int)(v[4] > 1000 ? 1000 : v[4]);
		s.bundling_window_days = (int)(v[5] > 1000 ? 1000 : v[5]);
		st = pricing_settings_check(&s, err);
	}
	if (st == RD_OK && date_parse_iso(db_rows_get(&r, 0, 0), &out->today, NULL) != RD_OK)
		st = rd_error_set(err, RD_INTERNAL, _("the database gave no usable date for today"));
	db_rows_free(&r);
	if (st != RD_OK)
		return st;
	out->settings = s;
	out->earliest = pricing_earliest_date(&s, out->today);
	out->latest = pricing_latest_date(&s, out->today);
	/* the earliest day a delivery can have is an open day */
	st = calendar_store_load(db, out->today, CALENDAR_TODAY, CALENDAR_TODAY,
				 &out->calendar, err);
	if (st == RD_OK)
		st = calendar_first_open(&out->calendar.cal, out->earliest, &out->earliest, err);
	return st;
}

enum rd_status order_check_date(const struct order_context *ctx, int32_t day,
				struct rd_error *err)
{
	struct calendar_move m;
	char iso[DATE_LONG_SIZE], first_iso[DATE_LONG_SIZE];
	int32_t first;
	enum rd_status st;

	if ((st = pricing_check_date(&ctx->settings, ctx->today, day, err)) != RD_OK)
		return st;
	if ((st = calendar_move(&ctx->calendar.cal, day, &m, err)) != RD_OK)
		return st;
	if (m.kind == CALENDAR_OPEN)
		return RD_OK;
	if ((st = calendar_first_open(&ctx->calendar.cal, day, &first, err)) != RD_OK)
		return st;
	return rd_error_set(err, RD_REFUSED,
		_("date: %s is closed (%s); the first possible delivery date is %s"),
		date_format_long(day, iso), m.reason, date_format_long(first, first_iso));
}

#define PRODUCT_COLS \
	"p.sku, p.name, p.price, coalesce(p.subscription_price, -1), p.tax_rate," \
	" p.active, coalesce(p.upsell_sku, ''), coalesce(u.name, '')"
#define PRODUCT_FROM \
	" FROM rd.products p LEFT JOIN rd.products u" \
	"   ON u.sku = p.upsell_sku AND u.active"

static void product_from_row(const struct db_rows *r, int i, struct order_product *p)
{
	memset(p, 0, sizeof(*p));
	utf8_copy(p->sku, sizeof(p->sku), db_rows_get(r, i, 0));
	utf8_copy(p->name, sizeof(p->name), db_rows_get(r, i, 1));
	p->price = cell_ll(r, i, 2);
	p->subscription_price = cell_ll(r, i, 3);
	p->tax_rate = (int)cell_ll(r, i, 4);
	p->active = cell_true(r, i, 5);
	utf8_copy(p->upsell_sku, sizeof(p->upsell_sku), db_rows_get(r, i, 6));
	utf8_copy(p->upsell_name, sizeof(p->upsell_name), db_rows_get(r, i, 7));
}

enum rd_status order_product_get(struct rd_db *db, const char *sku,
				 struct order_product *out, struct rd_error *err)
{
	const char *p[1] = { sku };
	struct db_rows r;
	char q[32];
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (!sku || !sku_valid(sku))
		return rd_error_set(err, RD_INVALID, _("item: '%s' is not a SKU"),
				    rd_quote_input(sku ? sku : "", sku ? strlen(sku) : 0,
						   q, sizeof(q)));
	st = db_query(db, "SELECT " PRODUCT_COLS PRODUCT_FROM " WHERE p.sku = $1",
		      1, p, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0)
		st = rd_error_set(err, RD_INVALID, _("item: no product has the SKU '%s'"), sku);
	else
		product_from_row(&r, 0, out);
	db_rows_free(&r);
	return st;
}

/* Runs sql (two parameters) and appends the products it returns, at
 * most max, to out (*n of them). */
static enum rd_status products_query(struct rd_db *db, const char *sql,
				     const char *const p[2], struct order_product *out,
				     size_t max, size_t *n, struct rd_error *err)
{
	struct db_rows r;
	enum rd_status st = db_query(db, sql, 2, p, &r, err);

	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows && *n < max; i++)
		product_from_row(&r, i, &out[(*n)++]);
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status order_product_search(struct rd_db *db, const char *q,
				    struct order_product *out, size_t max,
				    size_t *n, struct rd_error *err)
{
	char lim[24];
	const char *p[2] = { q, lim };
	enum rd_status st;

	*n = 0;
	if (!q || !*q || max == 0)
		return RD_OK;
	if ((st = check_free_text(q, _("search"), 60, err)) != RD_OK)
		return st;
	textcheck_ll((long long)(max > 1000 ? 1000 : max), lim);
	/* strpos/left instead of LIKE: what was typed is matched literally */
	return products_query(db,
		"SELECT " PRODUCT_COLS PRODUCT_FROM
		" WHERE p.active"
		"   AND (upper(left(p.sku, length($1))) = upper($1) OR strpos(p.name, $1) > 0)"
		" ORDER BY p.sku LIMIT $2::int", p, out, max, n, err);
}

enum rd_status order_previous_products(struct rd_db *db, const char *customer_code,
				       struct order_product *out, size_t max,
				       size_t *n, struct rd_error *err)
{
	char code[ORDER_CODE_SIZE], lim[24];
	const char *p[2] = { code, lim };
	enum rd_status st;

	*n = 0;
	if (max == 0)
		return RD_OK;
	if ((st = customer_code_normalize(customer_code, code, err)) != RD_OK)
		return st;
	textcheck_ll((long long)(max > 1000 ? 1000 : max), lim);
	/* the last 100 orders bound the work for a customer of many years
	 * (orders_customer_id_idx); a subscription's products count as
	 * ordered the day it started, its deliveries as orders */
	return products_query(db,
		"WITH c AS (SELECT id FROM rd.customers WHERE code = $1),"
		" o AS (SELECT o.id, o.order_date FROM c JOIN rd.orders o ON o.customer_id = c.id"
		"        WHERE o.status <> 'cancelled'"
		"        ORDER BY o.order_date DESC, o.id DESC LIMIT 100),"
		" b AS (SELECT l.sku, o.order_date AS d FROM o JOIN rd.order_lines l ON l.order_id = o.id"
		"       UNION ALL"
		"       SELECT sl.sku, s.started_on FROM c JOIN rd.subscriptions s"
		"           ON s.customer_id = c.id AND s.status = 'active'"
		"         JOIN rd.subscription_lines sl ON sl.subscription_id = s.id),"
		" k AS (SELECT sku, max(d) AS last, count(*) AS times FROM b GROUP BY sku)"
		" SELECT " PRODUCT_COLS
		"   FROM k JOIN rd.products p ON p.sku = k.sku AND p.active"
		"   LEFT JOIN rd.products u ON u.sku = p.upsell_sku AND u.active"
		"  ORDER BY k.last DESC, k.times DESC, p.sku LIMIT $2::int",
		p, out, max, n, err);
}

enum rd_status order_media_list(struct rd_db *db, const char *narrow,
				struct order_media *out, size_t max, size_t *n,
				struct rd_error *err)
{
	char lim[24];
	const char *p[2] = { narrow ? narrow : "", lim };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	if (max == 0)
		return RD_OK;
	if (*p[0] && (st = check_free_text(p[0], _("media"), 60, err)) != RD_OK)
		return st;
	textcheck_ll((long long)(max > 1000 ? 1000 : max), lim);
	/* strpos instead of LIKE: what was typed is matched literally */
	st = db_query(db,
		"SELECT m.code, m.name FROM rd.media m"
		" WHERE strpos(upper(m.code), upper($1)) > 0"
		"    OR strpos(upper(m.name), upper($1)) > 0"
		" ORDER BY strpos(upper(m.code), upper($1)) <> 1, m.code LIMIT $2::int",
		2, p, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows && (size_t)i < max; i++) {
		utf8_copy(out[*n].code, sizeof(out[*n].code), db_rows_get(&r, i, 0));
		utf8_copy(out[*n].name, sizeof(out[*n].name), db_rows_get(&r, i, 1));
		(*n)++;
	}
	db_rows_free(&r);
	return RD_OK;
}

/* ---- the form's defaults ------------------------------------------------- */

enum rd_status order_customer_defaults(struct rd_db *db, const char *customer_code,
				       struct order_customer_defaults *out,
				       struct rd_error *err)
{
	char code[ORDER_CODE_SIZE];
	const char *p[1] = { code };
	struct db_rows r;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if ((st = customer_code_normalize(customer_code, code, err)) != RD_OK)
		return st;
	/* the customer with the own address, then the other addresses, the
	 * bars and the last order: one statement, told apart by kind */
	st = db_query(db,
		"WITH c AS (SELECT * FROM rd.customers WHERE code = $1)"
		" SELECT 'c', 0, c.name, coalesce(c.phone1, c.phone2, ''), c.postal_code, c.prefecture, c.address1, c.address2,"
		"        (NOT EXISTS (SELECT 1 FROM rd.orders o"
		"                      WHERE o.customer_id = c.id AND o.status <> 'cancelled'))::text"
		"   FROM c"
		" UNION ALL"
		" SELECT 'a', a.id, a.name, a.label, a.postal_code, a.prefecture, a.address1,"
		"        a.address2, NULL"
		"   FROM c JOIN rd.customer_addresses a ON a.customer_id = c.id AND a.active"
		" UNION ALL"
		" SELECT 'b', 0, b.payment, b.reason, NULL, NULL, NULL, NULL, NULL"
		"   FROM c JOIN rd.payment_bars b ON b.customer_id = c.id AND b.active"
		" UNION ALL"
		" (SELECT 'l', 0, o.payment, coalesce(o.card_last4, ''), NULL, NULL, NULL, NULL,"
		"         coalesce(o.media_code, '')"
		"    FROM c JOIN rd.orders o ON o.customer_id = c.id"
		"   ORDER BY o.id DESC LIMIT 1)"
		" ORDER BY 1 DESC, 2", 1, p, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows; i++) {
		char kind = db_rows_get(&r, i, 0)[0];

		if ((kind == 'c' || kind == 'a') && out->naddresses < ORDER_MAX_ADDRESSES) {
			struct order_address *a = &out->addresses[kind == 'c' ? 0 : out->naddresses];

			if (kind == 'c') {
				utf8_copy(out->customer_code, sizeof(out->customer_code), code);
				utf8_copy(out->customer_name, sizeof(out->customer_name),
					  db_rows_get(&r, i, 2));
				out->first_order = strcmp(db_rows_get(&r, i, 8), "true") == 0;
			}
			a->id = cell_ll(&r, i, 1);
			utf8_copy(a->name, sizeof(a->name), db_rows_get(&r, i, 2));
			/* the own address has no label: the row carries the phone */
			if (kind == 'c')
				utf8_copy(out->phone, sizeof(out->phone), db_rows_get(&r, i, 3));
			else
				utf8_copy(a->label, sizeof(a->label), db_rows_get(&r, i, 3));
			utf8_copy(a->postal_code, sizeof(a->postal_code), db_rows_get(&r, i, 4));
			utf8_copy(a->prefecture, sizeof(a->prefecture), db_rows_get(&r, i, 5));
			utf8_copy(a->address1, sizeof(a->address1), db_rows_get(&r, i, 6));
			utf8_copy(a->address2, sizeof(a->address2), db_rows_get(&r, i, 7));
			if (kind == 'a' || out->naddresses == 0)
				out->naddresses++;
		} else if (kind == 'b') {
			enum pricing_payment pay;

			if (pricing_payment_parse(db_rows_get(&r, i, 2), &pay, NULL) == RD_OK) {
				out->barred[pay] = true;
				utf8_copy(out->barred_reason[pay], sizeof(out->barred_reason[pay]),
					  db_rows_get(&r, i, 3));
			}
		} else if (kind == 'l') {
			out->has_last = pricing_payment_parse(db_rows_get(&r, i, 2),
							      &out->last_payment, NULL) == RD_OK;
			utf8_copy(out->last_card_last4, sizeof(out->last_card_last4),
				  db_rows_get(&r, i, 3));
			utf8_copy(out->last_media_code, sizeof(out->last_media_code),
				  db_rows_get(&r, i, 8));
		}
	}
	db_rows_free(&r);
	if (!out->customer_code[0])
		return rd_error_set(err, RD_NOT_FOUND, _("customer: no customer has the code %s"), code);
	return RD_OK;
}

/* ---- the quote ------------------------------------------------------------ */

/* What build_quote learns beyond the quote itself, for the submit. */
struct quote_ids {
	long long customer_id;
	long long rule_ids[ORDER_MAX_INSERTS];
	struct order_context ctx;
	struct cycle cycle;
	struct order_address to;     /* where the order goes */
};

/* A new delivery address typed during the call: the postal code reduced
 * to its digits, the texts checked (the prefecture's spelling is the
 * database's rd.prefecture domain). */
static enum rd_status check_new_address(const struct order_request *req,
					struct order_quote *q, enum order_field *field,
					struct rd_error *err)
{
	const struct order_address *a = &req->new_address;
	struct order_address *n = &q->new_address;
	enum rd_status st;

	q->has_new_address = a->address1[0] || a->postal_code[0];
	*field = ORDER_FIELD_ADDRESS;
	if (!q->has_new_address)
		return RD_OK;
	if (req->ship_address_id)
		return rd_error_set(err, RD_INVALID,
			_("address: choose a stored address or type a new one, not both"));
	memset(n, 0, sizeof(*n));
	*field = ORDER_FIELD_POSTAL;
	if (normalize_postal(a->postal_code, n->postal_code, sizeof(n->postal_code), NULL) != RD_OK)
		return rd_error_set(err, RD_INVALID,
			_("address: a postal code has 7 digits, like 150-0001"));
	*field = a->prefecture[0] ? ORDER_FIELD_ADDRESS_LINE : ORDER_FIELD_PREFECTURE;
	if (!a->prefecture[0] || !a->address1[0])
		return rd_error_set(err, RD_INVALID,
			_("address: a new address needs its prefecture and its city, town and block"));
	*field = ORDER_FIELD_PREFECTURE;
	if ((st = check_free_text(a->prefecture, _("address"), 4, err)) != RD_OK)
		return st;
	*field = ORDER_FIELD_ADDRESS_LINE;
	if ((st = check_free_text(a->address1, _("address"), 120, err)) != RD_OK ||
	    (st = check_free_text(a->address2, _("address"), 120, err)) != RD_OK ||
	    (st = check_free_text(a->name, _("address"), 80, err)) != RD_OK)
		return st;
	utf8_copy(n->prefecture, sizeof(n->prefecture), a->prefecture);
	utf8_copy(n->address1, sizeof(n->address1), a->address1);
	utf8_copy(n->address2, sizeof(n->address2), a->address2);
	utf8_copy(n->name, sizeof(n->name), a->name);
	*field = ORDER_FIELD_NONE;
	return RD_OK;
}

/* The order field of a card field pricing refused. */
static enum order_field card_fault(enum pricing_card_field c)
{
	return c == PRICING_CARD_PAYMENT ? ORDER_FIELD_PAYMENT
	       : c == PRICING_CARD_LAST4 ? ORDER_FIELD_CARD_LAST4 : ORDER_FIELD_CARD_TOKEN;
}

/* Checks what needs no database. */
static enum rd_status check_request(const struct order_request *req,
				    struct order_quote *q, struct order_fault *f,
				    struct quote_ids *ids, struct rd_error *err)
{
	enum pricing_card_field card;
	enum order_field field;
	enum rd_status st;
	char qb[32];

	if (req->request_id[0] && !order_request_id_valid(req->request_id)) {
		fault_set(f, ORDER_FIELD_REQUEST_ID, -1);
		return rd_error_set(err, RD_INVALID,
			_("request id: a request id is a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e, not '%s'"),
			rd_quote_input(req->request_id, strlen(req->request_id), qb, sizeof(qb)));
	}
	if ((st = customer_code_normalize(req->customer_code, q->customer_code, err)) != RD_OK) {
		fault_set(f, ORDER_FIELD_CUSTOMER, -1);
		return st;
	}
	if (req->nitems == 0 || req->nitems > ORDER_MAX_LINES) {
		fault_set(f, ORDER_FIELD_ITEM, req->nitems ? ORDER_MAX_LINES : 0);
		return req->nitems == 0
			? rd_error_set(err, RD_INVALID, _("items: an order needs at least one product"))
			: rd_error_set(err, RD_INVALID, _("items: at most %d products in one order"),
				       ORDER_MAX_LINES);
	}
	for (size_t i = 0; i < req->nitems; i++) {
		const struct order_item *it = &req->items[i];

		if (!sku_valid(it->sku)) {
			fault_set(f, ORDER_FIELD_ITEM, (int)i);
			return rd_error_set(err, RD_INVALID, _("item %zu: '%s' is not a SKU"), i + 1,
					    rd_quote_input(it->sku, strlen(it->sku), qb, sizeof(qb)));
		}
		if ((st = pricing_check_quantity(it->quantity, i, err)) != RD_OK) {
			fault_set(f, ORDER_FIELD_ITEM, (int)i);
			return st;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(req->items[k].sku, it->sku) == 0) {
				fault_set(f, ORDER_FIELD_ITEM, (int)i);
				return rd_error_set(err, RD_INVALID,
					_("item %zu: %s is already item %zu; change its quantity instead"),
					i + 1, it->sku, k + 1);
			}
	}
	if ((unsigned)req->payment >= PRICING_PAY_COUNT) {
		fault_set(f, ORDER_FIELD_PAYMENT, -1);
		return rd_error_set(err, RD_INVALID, _("payment: unknown payment method"));
	}
	if ((st = pricing_check_card_field(req->payment, req->card_token, req->card_last4,
					   &card, err)) != RD_OK) {
		fault_set(f, card_fault(card), -1);
		return st;
	}
	if ((unsigned)req->slot >= PRICING_SLOT_COUNT) {
		fault_set(f, ORDER_FIELD_SLOT, -1);
		return rd_error_set(err, RD_INVALID, _("time slot: unknown delivery time slot"));
	}
	if (req->media_code[0] && !code_valid(req->media_code)) {
		fault_set(f, ORDER_FIELD_MEDIA, -1);
		return rd_error_set(err, RD_INVALID, _("media: '%s' is not a media code"),
				    rd_quote_input(req->media_code, strlen(req->media_code),
						   qb, sizeof(qb)));
	}
	if (req->ship_address_id < 0) {
		fault_set(f, ORDER_FIELD_ADDRESS, -1);
		return rd_error_set(err, RD_INVALID, _("address: no such delivery address"));
	}
	if ((st = check_new_address(req, q, &field, err)) != RD_OK) {
		fault_set(f, field, -1);
		return st;
	}
	if (req->cycle[0]) {
		struct rd_error cerr;

		if (cycle_parse(req->cycle, &ids->cycle, &cerr) != RD_OK) {
			fault_set(f, ORDER_FIELD_CYCLE, -1);
			return rd_error_set(err, RD_INVALID, _("cycle: %s"), cerr.msg);
		}
		q->subscribe = true;
		cycle_format(&ids->cycle, q->cycle);
	}
	if (req->bundle_with[0]) {
		if ((st = order_no_normalize(req->bundle_with, q->bundle_with, err)) != RD_OK) {
			fault_set(f, ORDER_FIELD_BUNDLE, -1);
			return st;
		}
		if (req->bundle_subscription_id) {
			fault_set(f, ORDER_FIELD_BUNDLE, -1);
			return rd_error_set(err, RD_INVALID,
				_("bundle: ship with an order or with a subscription delivery, not both"));
		}
	}
	if (req->bundle_subscription_id < 0) {
		fault_set(f, ORDER_FIELD_BUNDLE, -1);
		return rd_error_set(err, RD_INVALID, _("bundle: no such subscription"));
	}
	q->bundle_subscription_id = req->bundle_subscription_id;
	if ((st = check_free_text(req->notes, _("notes"), ORDER_REASON_CHARS, err)) != RD_OK) {
		fault_set(f, ORDER_FIELD_NOTES, -1);
		return st;
	}
	return RD_OK;
}

/* Customer, address, media, payment bar, first order: one statement. */
static enum rd_status read_customer(struct rd_db *db, const struct order_request *req,
				    struct order_quote *q, struct order_fault *f,
				    struct quote_ids *ids, struct rd_error *err)
{
	char addr[24];
	const char *p[4] = { q->customer_code, pricing_payment_code(req->payment),
			     req->media_code[0] ? req->media_code : NULL,
			     req->ship_address_id ? textcheck_ll(req->ship_address_id, addr) : NULL };
	struct db_rows r;
	enum rd_status st;

	st = db_query(db,
		"SELECT c.id, c.name,"
		"       NOT EXISTS (SELECT 1 FROM rd.orders o"
		"                    WHERE o.customer_id = c.id AND o.status <> 'cancelled'),"
		"       (SELECT b.reason FROM rd.payment_bars b"
		"         WHERE b.customer_id = c.id AND b.payment = $2 AND b.active),"
		"       (SELECT m.name FROM rd.media m WHERE upper(m.code) = upper($3)"
		"         ORDER BY m.code = $3 DESC, m.code LIMIT 1),"
		"       $4::bigint IS NULL OR EXISTS (SELECT 1 FROM rd.customer_addresses a"
		"         WHERE a.id = $4::bigint AND a.customer_id = c.id AND a.active),"
		/* a media code as the caller says it: any case, stored as listed */
		"       (SELECT m.code FROM rd.media m WHERE upper(m.code) = upper($3)"
		"         ORDER BY m.code = $3 DESC, m.code LIMIT 1)"
		"  FROM rd.customers c WHERE c.code = $1", 4, p, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0) {
		fault_set(f, ORDER_FIELD_CUSTOMER, -1);
		st = rd_error_set(err, RD_NOT_FOUND, _("customer: no customer has the code %s"),
				  q->customer_code);
		goto out;
	}
	ids->customer_id = cell_ll(&r, 0, 0);
	utf8_copy(q->customer_name, sizeof(q->customer_name), db_rows_get(&r, 0, 1));
	q->first_order = cell_true(&r, 0, 2);
	if (db_rows_get(&r, 0, 3)) {
		fault_set(f, ORDER_FIELD_PAYMENT, -1);
		st = rd_error_set(err, RD_REFUSED,
			_("payment: %s is not available to this customer (%s); choose another method"),
			pricing_payment_label(req->payment), db_rows_get(&r, 0, 3));
		goto out;
	}
	if (req->media_code[0]) {
		if (!db_rows_get(&r, 0, 4)) {
			fault_set(f, ORDER_FIELD_MEDIA, -1);
			st = rd_error_set(err, RD_INVALID,
				_("media: no advertisement has the code '%s'"), req->media_code);
			goto out;
		}
		utf8_copy(q->media_code, sizeof(q->media_code), db_rows_get(&r, 0, 6));
		utf8_copy(q->media_name, sizeof(q->media_name), db_rows_get(&r, 0, 4));
	}
	if (!cell_true(&r, 0, 5)) {
		fault_set(f, ORDER_FIELD_ADDRESS, -1);
		st = rd_error_set(err, RD_INVALID,
			_("address: delivery address %lld is not one of this customer's"),
			req->ship_address_id);
		goto out;
	}
	q->ship_address_id = req->ship_address_id;
	if (q->has_new_address) {
		const char *pp[1] = { q->new_address.prefecture };
		struct rd_error perr;

		if (!q->new_address.name[0])
			utf8_copy(q->new_address.name, sizeof(q->new_address.name),
				  q->customer_name);
		/* the spelling the address table takes (its domain decides) */
		st = db_exec(db, "SELECT $1::rd.prefecture", 1, pp, NULL, &perr);
		if (st == RD_INVALID) {
			fault_set(f, ORDER_FIELD_ADDRESS, -1);
			st = rd_error_set(err, RD_INVALID,
				_("address: '%s' is not a prefecture; type it in full, like 東京都"),
				q->new_address.prefecture);
		} else if (st != RD_OK) {
			*err = perr;
		}
	}
out:
	db_rows_free(&r);
	return st;
}

/* Products of the lines (one statement), priced. Each line passes the
 * limits every order and subscription line passes (pricing_check_line);
 * max_subscription_quantity > 0: the lines become a subscription's. */
static enum rd_status read_products(struct rd_db *db, const struct order_request *req,
				    struct order_quote *q, struct order_fault *f,
				    int max_subscription_quantity, struct rd_error *err)
{
	struct sbuf arr;
	struct db_rows r;
	const char *p[1];
	enum rd_status st;

	/* SKUs are checked to be [A-Za-z0-9_-]: safe inside an array literal */
	sbuf_init(&arr);
	sbuf_addc(&arr, '{');
	for (size_t i = 0; i < req->nitems; i++)
		sbuf_printf(&arr, "%s%s", i ? "," : "", req->items[i].sku);
	sbuf_addc(&arr, '}');
	p[0] = arr.buf;
	st = db_query(db, "SELECT " PRODUCT_COLS PRODUCT_FROM " WHERE p.sku = ANY ($1::text[])",
		      1, p, &r, err);
	sbuf_done(&arr);
	if (st != RD_OK)
		return st;
	for (size_t i = 0; i < req->nitems; i++) {
		struct order_quote_line *l = &q->lines[i];
		struct order_product prod;
		int row = -1;

		for (int k = 0; k < r.nrows && row < 0; k++)
			if (strcmp(db_rows_get(&r, k, 0), req->items[i].sku) == 0)
				row = k;
		if (row < 0) {
			fault_set(f, ORDER_FIELD_ITEM, (int)i);
			st = rd_error_set(err, RD_INVALID, _("item %zu: no product has the SKU '%s'"),
					  i + 1, req->items[i].sku);
			break;
		}
		product_from_row(&r, row, &prod);
		st = pricing_check_line(i, prod.sku, req->items[i].quantity, prod.active,
					max_subscription_quantity > 0, max_subscription_quantity,
					err);
		if (st != RD_OK) {
			fault_set(f, ORDER_FIELD_ITEM, (int)i);
			break;
		}
		memset(l, 0, sizeof(*l));
		utf8_copy(l->sku, sizeof(l->sku), prod.sku);
		utf8_copy(l->name, sizeof(l->name), prod.name);
		l->quantity = req->items[i].quantity;
		l->unit_price = pricing_unit_price(prod.price, prod.subscription_price,
						   q->subscribe);
		l->tax_rate = prod.tax_rate;
		if ((st = pricing_line_amount(l->unit_price, l->quantity, l->tax_rate,
					      &l->amount, &l->amount_tax_included, err)) != RD_OK) {
			fault_set(f, ORDER_FIELD_ITEM, (int)i);
			break;
		}
		utf8_copy(l->upsell_sku, sizeof(l->upsell_sku), prod.upsell_sku);
		utf8_copy(l->upsell_name, sizeof(l->upsell_name), prod.upsell_name);
	}
	q->nlines = st == RD_OK ? req->nitems : 0;
	db_rows_free(&r);
	return st;
}

static enum rd_status compute_totals(const struct order_quote *q,
				     const struct pricing_settings *s,
				     struct pricing_totals *out, struct order_fault *f,
				     struct rd_error *err)
{
	struct pricing_line pl[ORDER_MAX_LINES];
	enum rd_status st;

	for (size_t i = 0; i < q->nlines; i++) {
		pl[i].unit_price = q->lines[i].unit_price;
		pl[i].quantity = q->lines[i].quantity;
		pl[i].tax_rate = q->lines[i].tax_rate;
	}
	st = pricing_totals(pl, q->nlines, q->payment, q->subscribe, s, out, err);
	if (st != RD_OK)
		fault_set(f, ORDER_FIELD_ITEM, -1);
	return st;
}

/* Active insert rules, evaluated for facts; chosen ones into inserts. */
static enum rd_status choose_inserts(struct rd_db *db, const struct pricing_order_facts *facts,
				     struct order_insert *inserts, long long *rule_ids,
				     size_t *ninserts, struct rd_error *err)
{
	struct pricing_insert_rule *rules;
	size_t idx[ORDER_MAX_INSERTS], n;
	struct db_rows r;
	enum rd_status st;

	*ninserts = 0;
	st = db_query(db,
		"SELECT id, code, name, first_order, coalesce(delivery_no, 0),"
		"       coalesce(sku, ''), coalesce(min_total, -1), priority"
		"  FROM rd.insert_rules WHERE active"
		" ORDER BY priority, code LIMIT 200", 0, NULL, &r, err);
	if (st != RD_OK)
		return st;
	rules = xcalloc((size_t)r.nrows + 1, sizeof(*rules));
	for (int i = 0; i < r.nrows; i++) {
		struct pricing_insert_rule *x = &rules[i];

		x->id = cell_ll(&r, i, 0);
		utf8_copy(x->code, sizeof(x->code), db_rows_get(&r, i, 1));
		utf8_copy(x->name, sizeof(x->name), db_rows_get(&r, i, 2));
		x->first_order = cell_true(&r, i, 3);
		x->delivery_no = (int)cell_ll(&r, i, 4);
		utf8_copy(x->sku, sizeof(x->sku), db_rows_get(&r, i, 5));
		x->min_total = cell_ll(&r, i, 6);
		x->priority = (int)cell_ll(&r, i, 7);
	}
	n = pricing_choose_inserts(rules, (size_t)r.nrows, facts, idx, ORDER_MAX_INSERTS);
	for (size_t i = 0; i < n; i++) {
		utf8_copy(inserts[i].code, sizeof(inserts[i].code), rules[idx[i]].code);
		utf8_copy(inserts[i].name, sizeof(inserts[i].name), rules[idx[i]].name);
		if (rule_ids)
			rule_ids[i] = rules[idx[i]].id;
	}
	*ninserts = n;
	free(rules);
	db_rows_free(&r);
	return RD_OK;
}

/* Where a delivery goes, as one text to compare: recipient, postal code
 * (digits) and address lines, trimmed. Two deliveries go to the same
 * address when these are equal, whichever address row they name. */
#define ADDR_KEY(name, pc, a1, a2) \
	"concat_ws(chr(31), btrim(coalesce(" name ", '')), " \
	"regexp_replace(coalesce(" pc ", ''), '[^0-9]', '', 'g'), " \
	"btrim(coalesce(" a1 ", '')), btrim(coalesce(" a2 ", '')))"
/* the address of a row that names address a (NULL: customer c's own) */
#define ADDR_OF(a) \
	ADDR_KEY("CASE WHEN " a ".id IS NULL THEN c.name ELSE " a ".name END", \
		 "CASE WHEN " a ".id IS NULL THEN c.postal_code ELSE " a ".postal_code END", \
		 "CASE WHEN " a ".id IS NULL THEN c.address1 ELSE " a ".address1 END", \
		 "CASE WHEN " a ".id IS NULL THEN c.address2 ELSE " a ".address2 END")

/* The new order's address into ids->to: the new address typed, or the
 * stored one it names, or the customer's own. */
static enum rd_status read_target_address(struct rd_db *db, const struct order_quote *q,
					  struct quote_ids *ids, struct rd_error *err)
{
	char cust[24], addr[24];
	const char *p[2] = { textcheck_ll(ids->customer_id, cust), textcheck_ll(q->ship_address_id, addr) };
	struct order_address *to = &ids->to;
	struct db_rows r;
	enum rd_status st;

	memset(to, 0, sizeof(*to));
	if (q->has_new_address) {
		*to = q->new_address;
		return RD_OK;
	}
	st = db_query(db,
		"SELECT CASE WHEN a.id IS NULL THEN c.name ELSE a.name END,"
		"       coalesce(CASE WHEN a.id IS NULL THEN c.postal_code ELSE a.postal_code END, ''),"
		"       coalesce(CASE WHEN a.id IS NULL THEN c.address1 ELSE a.address1 END, ''),"
		"       coalesce(CASE WHEN a.id IS NULL THEN c.address2 ELSE a.address2 END, '')"
		"  FROM rd.customers c LEFT JOIN rd.customer_addresses a"
		"    ON a.id = $2::bigint AND a.customer_id = c.id"
		" WHERE c.id = $1::bigint", 2, p, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 1) {
		utf8_copy(to->name, sizeof(to->name), db_rows_get(&r, 0, 0));
		utf8_copy(to->postal_code, sizeof(to->postal_code), db_rows_get(&r, 0, 1));
		utf8_copy(to->address1, sizeof(to->address1), db_rows_get(&r, 0, 2));
		utf8_copy(to->address2, sizeof(to->address2), db_rows_get(&r, 0, 3));
	}
	db_rows_free(&r);
	return RD_OK;
}

/* The customer's undelivered orders and subscription deliveries that can
 * ship in one parcel with the new order: to the same address (recipient,
 * postal code, address lines: a gift to another address never), within
 * the bundling window of q->ship_date, on a day the new order can ship
 * (from the earliest to the latest delivery date: what ships sooner
 * cannot wait for this order); nearest first. */
static enum rd_status read_offers(struct rd_db *db, const struct quote_ids *ids,
				  struct order_quote *q, struct rd_error *err)
{
	const struct order_context *ctx = &ids->ctx;
	char cust[24], day[DATE_ISO_SIZE], win[24], early[24], first[DATE_ISO_SIZE];
	char last[DATE_ISO_SIZE];
	const char *p[10] = { textcheck_ll(ids->customer_id, cust), date_format_iso(q->ship_date, day),
			      textcheck_ll(ctx->settings.bundling_window_days, win),
			      textcheck_ll(ctx->settings.earliest_delivery_days, early),
			      date_format_iso(ctx->earliest, first),
			      date_format_iso(ctx->latest, last),
			      ids->to.name, ids->to.postal_code, ids->to.address1,
			      ids->to.address2 };
	struct db_rows r;
	enum rd_status st;

	q->noffers = 0;
	/* an order without a desired date ships as early as it can */
	st = db_query(db,
		"WITH c AS (SELECT * FROM rd.customers WHERE id = $1::bigint)"
		" SELECT kind, order_no, sub, d FROM ("
		" SELECT 'o' AS kind, o.order_no, coalesce(o.subscription_id, 0) AS sub,"
		"        coalesce(o.desired_date, o.order_date + $4::int) AS d, "
		         ADDR_OF("a") " AS k"
		"   FROM c JOIN rd.orders o ON o.customer_id = c.id"
		"   LEFT JOIN rd.customer_addresses a ON a.id = o.ship_address_id"
		"  WHERE o.status IN ('received', 'confirmed')"
		" UNION ALL"
		" SELECT 's', '', s.id, s.next_date, " ADDR_OF("a")
		"   FROM c JOIN rd.subscriptions s ON s.customer_id = c.id"
		"   LEFT JOIN rd.customer_addresses a ON a.id = s.address_id"
		"  WHERE s.status = 'active' AND s.next_date IS NOT NULL"
		"    AND NOT EXISTS (SELECT 1 FROM rd.orders o"
		"                     WHERE o.subscription_id = s.id"
		"                       AND o.status <> 'cancelled'"
		"                       AND coalesce(o.desired_date, o.order_date) >= s.next_date)"
		") x WHERE x.d BETWEEN $2::date - $3::int AND $2::date + $3::int"
		"   AND x.d BETWEEN $5::date AND $6::date"
		"   AND x.k = " ADDR_KEY("$7::text", "$8::text", "$9::text", "$10::text")
		" ORDER BY abs(x.d - $2::date), x.d, x.kind, x.order_no LIMIT 8",
		10, p, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows && (size_t)i < ORDER_MAX_BUNDLE; i++) {
		struct order_bundle_offer *o = &q->offers[q->noffers++];

		memset(o, 0, sizeof(*o));
		o->kind = strcmp(db_rows_get(&r, i, 0), "o") == 0 ? ORDER_BUNDLE_ORDER
								  : ORDER_BUNDLE_SUBSCRIPTION;
		utf8_copy(o->order_no, sizeof(o->order_no), db_rows_get(&r, i, 1));
		o->subscription_id = cell_ll(&r, i, 2);
		o->date = cell_date(&r, i, 3);
		o->days_apart = o->date == ORDER_NO_DATE ? 0 : (int)(o->date - q->ship_date);
	}
	db_rows_free(&r);
	return RD_OK;
}

/* The chosen bundle must be one of the offers; otherwise say why not. */
static enum rd_status check_bundle(struct rd_db *db, const struct order_quote *q,
				   const struct quote_ids *ids,
				   struct order_fault *f, struct rd_error *err)
{
	const char *p[5] = { q->bundle_with, ids->to.name, ids->to.postal_code,
			     ids->to.address1, ids->to.address2 };
	char a[DATE_ISO_SIZE], b[DATE_ISO_SIZE];
	struct db_rows r;
	enum rd_status st;

	if (!q->bundle_with[0] && !q->bundle_subscription_id)
		return RD_OK;
	for (size_t i = 0; i < q->noffers; i++) {
		const struct order_bundle_offer *o = &q->offers[i];

		if (q->bundle_with[0] && o->kind == ORDER_BUNDLE_ORDER &&
		    strcmp(o->order_no, q->bundle_with) == 0)
			return RD_OK;
		if (q->bundle_subscription_id && o->kind == ORDER_BUNDLE_SUBSCRIPTION &&
		    o->subscription_id == q->bundle_subscription_id)
			return RD_OK;
	}
	fault_set(f, ORDER_FIELD_BUNDLE, -1);
	if (q->bundle_subscription_id)
		return rd_error_set(err, RD_REFUSED,
			_("bundle: subscription %lld has no delivery to this address within the bundling window of %s"),
			q->bundle_subscription_id, date_format_iso(q->ship_date, a));
	st = db_query(db,
		"SELECT c.code, o.status, coalesce(o.desired_date, o.order_date), "
		        ADDR_OF("a") " = " ADDR_KEY("$2::text", "$3::text", "$4::text", "$5::text")
		"  FROM rd.orders o JOIN rd.customers c ON c.id = o.customer_id"
		"  LEFT JOIN rd.customer_addresses a ON a.id = o.ship_address_id"
		" WHERE o.order_no = $1", 5, p, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0)
		st = rd_error_set(err, RD_NOT_FOUND, _("bundle: there is no order %s"), q->bundle_with);
	else if (strcmp(db_rows_get(&r, 0, 0), q->customer_code) != 0)
		st = rd_error_set(err, RD_REFUSED,
			_("bundle: order %s belongs to another customer"), q->bundle_with);
	else if (strcmp(db_rows_get(&r, 0, 1), "received") != 0 &&
		 strcmp(db_rows_get(&r, 0, 1), "confirmed") != 0)
		st = rd_error_set(err, RD_REFUSED,
			_("bundle: order %s is %s; only an order that has not shipped can take more"),
			q->bundle_with, history_enum_words("orders", "status", db_rows_get(&r, 0, 1)));
	else if (!cell_true(&r, 0, 3))
		st = rd_error_set(err, RD_REFUSED,
			_("bundle: order %s goes to another address; only deliveries to the same recipient and address ship as one parcel"),
			q->bundle_with);
	else
		st = rd_error_set(err, RD_REFUSED,
			_("bundle: order %s ships on %s, a day this order cannot ship on with it (bundling window of %s, delivery dates from the earliest)"),
			q->bundle_with,
			fmt_date(cell_date(&r, 0, 2), b) ? b : "?",
			date_format_iso(q->ship_date, a));
	db_rows_free(&r);
	return st;
}

/* Orders in one parcel that the fees are shared over, at most. */
#define PARCEL_MAX 64

/* The goods of the open orders of a bundle, oldest first, as members of
 * its parcel: "id, goods, payment, subscription?". */
#define PARCEL_MEMBERS_SQL \
	"SELECT o.id, o.subtotal_8 + o.subtotal_10 + o.tax_8 + o.tax_10, o.payment," \
	"       o.subscription_id IS NOT NULL, o.shipping_fee, o.cod_fee" \
	"  FROM rd.orders o"

static void member_from_row(const struct db_rows *r, int i, struct pricing_parcel_member *m)
{
	memset(m, 0, sizeof(*m));
	m->goods_total = cell_ll(r, i, 1);
	if (pricing_payment_parse(db_rows_get(r, i, 2), &m->payment, NULL) != RD_OK)
		m->payment = PRICING_PAY_CARD;
	m->subscription = cell_true(r, i, 3);
}

/* The parcel the new order makes with what it is bundled with: the open
 * orders of that bundle (or those waiting for that subscription
 * delivery), the new order, then the subscription delivery that has no
 * order yet (its goods at the subscription's prices). Sets q->parcel and
 * the new order's share of the fees in q->totals. */
static enum rd_status quote_parcel(struct rd_db *db, const struct quote_ids *ids,
				   struct order_quote *q, struct rd_error *err)
{
	struct pricing_parcel_member *m = xcalloc(PARCEL_MAX, sizeof(*m));
	char sub[24];
	const char *p[2] = { q->bundle_with, textcheck_ll(q->bundle_subscription_id, sub) };
	struct db_rows r;
	size_t n = 0, me;
	enum rd_status st;

	st = db_query(db, PARCEL_MEMBERS_SQL
		" WHERE o.status IN ('received', 'confirmed') AND ("
		"   ($1 <> '' AND (o.order_no = $1 OR o.bundle_id ="
		"      (SELECT w.bundle_id FROM rd.orders w WHERE w.order_no = $1)))"
		"   OR ($2::bigint <> 0 AND o.bundle_subscription_id = $2::bigint"
		"       AND o.bundle_id IS NULL))"
		" ORDER BY o.id LIMIT 62", 2, p, &r, err);
	if (st != RD_OK)
		goto out;
	for (int i = 0; i < r.nrows; i++)
		member_from_row(&r, i, &m[n++]);
	db_rows_free(&r);
	me = n;
	m[n].goods_total = q->totals.goods_total;
	m[n].payment = q->payment;
	m[n].subscription = q->subscribe;
	n++;
	if (q->bundle_subscription_id) {
		/* the delivery the shipment run will make */
		struct pricing_line pl[ORDER_MAX_LINES];
		struct pricing_totals t;
		size_t nl = 0;
		enum pricing_payment pay = PRICING_PAY_CARD;

		st = db_query(db,
			"SELECT l.unit_price, l.quantity, p.tax_rate, s.payment"
			"  FROM rd.subscriptions s JOIN rd.subscription_lines l"
			"    ON l.subscription_id = s.id JOIN rd.products p ON p.sku = l.sku"
			" WHERE s.id = $1::bigint ORDER BY l.id LIMIT 30", 1, &p[1], &r, err);
		if (st != RD_OK)
			goto out;
		for (int i = 0; i < r.nrows; i++) {
			pl[nl].unit_price = cell_ll(&r, i, 0);
			pl[nl].quantity = (int)cell_ll(&r, i, 1);
			pl[nl].tax_rate = (int)cell_ll(&r, i, 2);
			nl++;
			if (pricing_payment_parse(db_rows_get(&r, i, 3), &pay, NULL) != RD_OK)
				pay = PRICING_PAY_CARD;
		}
		db_rows_free(&r);
		if (nl > 0) {
			if ((st = pricing_totals(pl, nl, pay, true, &ids->ctx.settings, &t, err)) != RD_OK)
				goto out;
			m[n].goods_total = t.goods_total;
			m[n].payment = pay;
			m[n].subscription = true;
			n++;
		}
	}
	if ((st = pricing_parcel_fees(m, n, &ids->ctx.settings, &q->parcel, err)) != RD_OK)
		goto out;
	q->in_parcel = true;
	q->totals.shipping_fee = m[me].shipping_fee;
	q->totals.cod_fee = m[me].cod_fee;
	q->totals.total = m[me].total;
	q->totals.free_shipping = q->parcel.free_shipping;
out:
	free(m);
	return st;
}

enum rd_status order_parcel_settle(struct rd_db *db, long long bundle_id,
				   const struct pricing_settings *s, struct rd_error *err)
{
	struct pricing_parcel_member *m = xcalloc(PARCEL_MAX, sizeof(*m));
	long long ids[PARCEL_MAX];
	int64_t ship[PARCEL_MAX], cod[PARCEL_MAX];
	struct pricing_parcel parcel;
	char bid[24];
	const char *p[1] = { textcheck_ll(bundle_id, bid) };
	struct db_rows r;
	size_t n = 0;
	enum rd_status st;

	st = db_query(db, PARCEL_MEMBERS_SQL
		" WHERE o.bundle_id = $1::bigint AND o.status IN ('received', 'confirmed')"
		" ORDER BY o.id LIMIT 64 FOR UPDATE", 1, p, &r, err);
	if (st != RD_OK)
		goto out;
	for (int i = 0; i < r.nrows; i++) {
		ids[n] = cell_ll(&r, i, 0);
		ship[n] = cell_ll(&r, i, 4);
		cod[n] = cell_ll(&r, i, 5);
		member_from_row(&r, i, &m[n++]);
	}
	db_rows_free(&r);
	if (n == 0)
		goto out;   /* nothing left to ship */
	if ((st = pricing_parcel_fees(m, n, s, &parcel, err)) != RD_OK)
		goto out;
	for (size_t i = 0; i < n && st == RD_OK; i++) {
		char id[24], a[24], b[24], t[24];
		const char *q[4] = { textcheck_ll(ids[i], id), textcheck_ll(m[i].shipping_fee, a),
				     textcheck_ll(m[i].cod_fee, b), textcheck_ll(m[i].total, t) };
		long affected = 0;

		if (ship[i] == m[i].shipping_fee && cod[i] == m[i].cod_fee)
			continue;
		st = db_exec(db,
			"UPDATE rd.orders SET shipping_fee = $2::int, cod_fee = $3::int,"
			"       total = $4::bigint WHERE id = $1::bigint", 4, q, &affected, err);
		if (st == RD_OK && affected != 1)
			st = rd_error_set(err, RD_CONFLICT,
				_("an order of the parcel changed while its fees were settled; try again"));
	}
out:
	free(m);
	return st;
}

static enum rd_status build_quote(struct rd_db *db, const struct order_request *req,
				  struct order_quote *q, struct quote_ids *ids,
				  struct order_fault *f, struct rd_error *err)
{
	const char *skus[ORDER_MAX_LINES];
	struct pricing_order_facts facts;
	enum rd_status st;

	memset(q, 0, sizeof(*q));
	memset(ids, 0, sizeof(*ids));
	fault_clear(f);
	q->payment = req->payment;
	q->slot = req->slot;
	q->desired_date = req->desired_date;
	utf8_copy(q->card_last4, sizeof(q->card_last4),
		  req->payment == PRICING_PAY_CARD ? req->card_last4 : "");
	if ((st = check_request(req, q, f, ids, err)) != RD_OK)
		return st;
	if ((st = order_context_load(db, &ids->ctx, err)) != RD_OK)
		return st;
	q->today = ids->ctx.today;
	if (req->desired_date != ORDER_NO_DATE) {
		if (req->desired_date < DATE_MIN || req->desired_date > DATE_MAX) {
			fault_set(f, ORDER_FIELD_DATE, -1);
			return rd_error_set(err, RD_INVALID, _("date: not a date"));
		}
		st = order_check_date(&ids->ctx, req->desired_date, err);
		if (st != RD_OK) {
			fault_set(f, ORDER_FIELD_DATE, -1);
			return st;
		}
		q->ship_date = req->desired_date;
	} else {
		q->ship_date = ids->ctx.earliest;
	}
	if ((st = read_customer(db, req, q, f, ids, err)) != RD_OK)
		return st;
	if ((st = read_products(db, req, q, f,
				q->subscribe ? ids->ctx.settings.max_subscription_quantity : 0,
				err)) != RD_OK)
		return st;
	if ((st = compute_totals(q, &ids->ctx.settings, &q->totals, f, err)) != RD_OK)
		return st;
	for (size_t i = 0; i < q->nlines; i++)
		skus[i] = q->lines[i].sku;
	memset(&facts, 0, sizeof(facts));
	facts.first_order = q->first_order;
	facts.delivery_no = q->subscribe ? 1 : 0;
	facts.skus = skus;
	facts.nskus = q->nlines;
	facts.goods_total = q->totals.goods_total;
	st = choose_inserts(db, &facts, q->inserts, ids->rule_ids, &q->ninserts, err);
	if (st != RD_OK)
		return st;
	if ((st = read_target_address(db, q, ids, err)) != RD_OK ||
	    (st = read_offers(db, ids, q, err)) != RD_OK)
		return st;
	if ((st = check_bundle(db, q, ids, f, err)) != RD_OK)
		return st;
	/* one parcel, one date: the order ships on the date of what it is
	 * bundled with, and its subscription counts from there */
	for (size_t i = 0; i < q->noffers; i++) {
		const struct order_bundle_offer *o = &q->offers[i];

		if ((q->bundle_with[0] && o->kind == ORDER_BUNDLE_ORDER &&
		     strcmp(o->order_no, q->bundle_with) == 0) ||
		    (q->bundle_subscription_id && o->kind == ORDER_BUNDLE_SUBSCRIPTION &&
		     o->subscription_id == q->bundle_subscription_id)) {
			q->desired_date = q->ship_date = o->date;
			break;
		}
	}
	if ((q->bundle_with[0] || q->bundle_subscription_id) &&
	    (st = quote_parcel(db, ids, q, err)) != RD_OK)
		return st;
	if (q->subscribe) {
		struct schedule s;
		struct sbuf words;

		schedule_init(&s, &ids->cycle);
		s.cal = &ids->ctx.calendar.cal;
		st = schedule_dates_after(&s, q->ship_date, 1, ORDER_NEXT_DATES, q->next_nominal,
					  q->next_dates, err);
		if (st != RD_OK) {
			fault_set(f, ORDER_FIELD_CYCLE, -1);
			return st;
		}
		for (int i = 0; i < ORDER_NEXT_DATES; i++) {
			struct calendar_move m;

			q->next_moved[i][0] = '\0';
			if (q->next_dates[i] != q->next_nominal[i] &&
			    calendar_move(s.cal, q->next_nominal[i], &m, NULL) == RD_OK)
				utf8_copy(q->next_moved[i], sizeof(q->next_moved[i]), m.reason);
		}
		sbuf_init(&words);
		cycle_describe(&ids->cycle, &words);
		utf8_copy(q->cycle_words, sizeof(q->cycle_words), words.buf);
		sbuf_done(&words);
	}
	return RD_OK;
}

enum rd_status order_quote(struct rd_db *db, const struct order_request *req,
			   struct order_quote *out, struct order_fault *fault,
			   struct rd_error *err)
{
	struct quote_ids ids;

	return build_quote(db, req, out, &ids, fault, err);
}

/* ---- reading orders ------------------------------------------------------- */

#define ORDER_COLS \
	"o.id, o.order_no, o.version, o.status, c.code, c.name, o.order_date," \
	" o.desired_date, o.time_slot, o.payment, coalesce(o.card_last4, '')," \
	" coalesce(o.media_code, ''), coalesce(o.subscription_id, 0)," \
	" coalesce(o.delivery_no, 0), coalesce(s.cycle, ''), o.subtotal_8," \
	" o.subtotal_10, o.tax_8, o.tax_10, o.shipping_fee, o.cod_fee, o.total," \
	" coalesce(o.ship_address_id, 0), coalesce(o.bundle_id, 0)," \
	" coalesce(o.bundle_subscription_id, 0), coalesce(o.request_id::text, '')," \
	" o.notes," \
	" coalesce((SELECT h.actor FROM rd.history h WHERE h.table_name = 'orders'" \
	"            AND h.row_key = o.id::text AND h.op = 'INSERT'" \
	"          ORDER BY h.id LIMIT 1), '')," \
	" " LOCAL_TIME("o.created_at") ", " LOCAL_TIME("o.updated_at") "," \
	" coalesce(s.status, '')"
#define ORDER_FROM \
	" FROM rd.orders o JOIN rd.customers c ON c.id = o.customer_id" \
	" LEFT JOIN rd.subscriptions s ON s.id = o.subscription_id"

static void order_from_row(const struct db_rows *r, struct order *o)
{
	memset(o, 0, sizeof(*o));
	o->id = cell_ll(r, 0, 0);
	utf8_copy(o->order_no, sizeof(o->order_no), db_rows_get(r, 0, 1));
	o->version = (int)cell_ll(r, 0, 2);
	utf8_copy(o->status, sizeof(o->status), db_rows_get(r, 0, 3));
	utf8_copy(o->customer_code, sizeof(o->customer_code), db_rows_get(r, 0, 4));
	utf8_copy(o->customer_name, sizeof(o->customer_name), db_rows_get(r, 0, 5));
	o->order_date = cell_date(r, 0, 6);
	o->desired_date = cell_date(r, 0, 7);
	if (pricing_slot_parse(db_rows_get(r, 0, 8), &o->slot, NULL) != RD_OK)
		o->slot = PRICING_SLOT_NONE;
	if (pricing_payment_parse(db_rows_get(r, 0, 9), &o->payment, NULL) != RD_OK)
		o->payment = PRICING_PAY_COD;
	utf8_copy(o->card_last4, sizeof(o->card_last4), db_rows_get(r, 0, 10));
	utf8_copy(o->media_code, sizeof(o->media_code), db_rows_get(r, 0, 11));
	o->subscription_id = cell_ll(r, 0, 12);
	o->delivery_no = (int)cell_ll(r, 0, 13);
	utf8_copy(o->cycle, sizeof(o->cycle), db_rows_get(r, 0, 14));
	o->subtotal_8 = cell_ll(r, 0, 15);
	o->subtotal_10 = cell_ll(r, 0, 16);
	o->tax_8 = cell_ll(r, 0, 17);
	o->tax_10 = cell_ll(r, 0, 18);
	o->shipping_fee = cell_ll(r, 0, 19);
	o->cod_fee = cell_ll(r, 0, 20);
	o->total = cell_ll(r, 0, 21);
	o->ship_address_id = cell_ll(r, 0, 22);
	o->bundle_id = cell_ll(r, 0, 23);
	o->bundle_subscription_id = cell_ll(r, 0, 24);
	utf8_copy(o->request_id, sizeof(o->request_id), db_rows_get(r, 0, 25));
	utf8_copy(o->notes, sizeof(o->notes), db_rows_get(r, 0, 26));
	utf8_copy(o->created_by, sizeof(o->created_by), db_rows_get(r, 0, 27));
	utf8_copy(o->created_at, sizeof(o->created_at), db_rows_get(r, 0, 28));
	utf8_copy(o->updated_at, sizeof(o->updated_at), db_rows_get(r, 0, 29));
	utf8_copy(o->subscription_status, sizeof(o->subscription_status),
		  db_rows_get(r, 0, 30));
}

bool order_asks_subscription(const struct order *o)
{
	return o->subscription_id && o->delivery_no == 1 &&
	       (strcmp(o->status, "received") == 0 || strcmp(o->status, "confirmed") == 0) &&
	       o->subscription_status[0] && strcmp(o->subscription_status, "cancelled") != 0;
}

/* Lines, inserts and the other orders of the bundle: one statement. */
static enum rd_status read_order_parts(struct rd_db *db, struct order *o,
				       struct rd_error *err)
{
	char id[24], bundle[24];
	const char *p[2] = { textcheck_ll(o->id, id), textcheck_ll(o->bundle_id, bundle) };
	struct db_rows r;
	enum rd_status st;

	st = db_query(db,
		"SELECT 'l', sku, name, quantity, unit_price, tax_rate, id"
		"  FROM rd.order_lines WHERE order_id = $1::bigint"
		" UNION ALL"
		" SELECT 'i', code, name, NULL, NULL, NULL, id"
		"  FROM rd.order_inserts WHERE order_id = $1::bigint"
		" UNION ALL"
		" SELECT 'b', order_no, NULL, NULL, NULL, NULL, id"
		"  FROM rd.orders WHERE $2::bigint <> 0 AND bundle_id = $2::bigint"
		"   AND id <> $1::bigint"
		" ORDER BY 1, 7", 2, p, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows; i++) {
		char kind = db_rows_get(&r, i, 0)[0];

		if (kind == 'l' && o->nlines < ORDER_MAX_LINES) {
			struct order_line *l = &o->lines[o->nlines++];

			utf8_copy(l->sku, sizeof(l->sku), db_rows_get(&r, i, 1));
			utf8_copy(l->name, sizeof(l->name), db_rows_get(&r, i, 2));
			l->quantity = (int)cell_ll(&r, i, 3);
			l->unit_price = cell_ll(&r, i, 4);
			l->tax_rate = (int)cell_ll(&r, i, 5);
			if (pricing_line_amount(l->unit_price, l->quantity, l->tax_rate,
						&l->amount, &l->amount_tax_included, err) != RD_OK) {
				st = RD_INVALID;
				break;
			}
		} else if (kind == 'i' && o->ninserts < ORDER_MAX_INSERTS) {
			struct order_insert *x = &o->inserts[o->ninserts++];

			utf8_copy(x->code, sizeof(x->code), db_rows_get(&r, i, 1));
			utf8_copy(x->name, sizeof(x->name), db_rows_get(&r, i, 2));
		} else if (kind == 'b' && o->nbundled < ORDER_MAX_BUNDLE) {
			utf8_copy(o->bundled_with[o->nbundled++], ORDER_NO_SIZE,
				  db_rows_get(&r, i, 1));
		}
	}
	db_rows_free(&r);
	return st;
}

/* where: "o.order_no = $1", "o.id = $1::bigint" or "o.request_id = $1::uuid" */
static enum rd_status read_order(struct rd_db *db, const char *where, const char *key,
				 struct order *out, struct rd_error *err)
{
	const char *p[1] = { key };
	struct db_rows r;
	char *sql = xasprintf("SELECT " ORDER_COLS ORDER_FROM " WHERE %s", where);
	enum rd_status st;

	st = db_query(db, sql, 1, p, &r, err);
	free(sql);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0) {
		db_rows_free(&r);
		memset(out, 0, sizeof(*out));
		return rd_error_set(err, RD_NOT_FOUND, _("order: there is no order %s"), key);
	}
	order_from_row(&r, out);
	db_rows_free(&r);
	return read_order_parts(db, out, err);
}

enum rd_status order_get(struct rd_db *db, const char *order_no, struct order *out,
			 struct rd_error *err)
{
	char no[ORDER_NO_SIZE];
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if ((st = order_no_normalize(order_no, no, err)) != RD_OK)
		return st;
	return read_order(db, "o.order_no = $1", no, out, err);
}

static enum rd_status order_get_by_id(struct rd_db *db, long long id, struct order *out,
				      struct rd_error *err)
{
	char key[24];

	return read_order(db, "o.id = $1::bigint", textcheck_ll(id, key), out, err);
}

enum rd_status order_find_by_request(struct rd_db *db, const char *request_id,
				     struct order *out, struct rd_error *err)
{
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (!order_request_id_valid(request_id))
		return rd_error_set(err, RD_INVALID,
			_("request id: a request id is a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e"));
	st = read_order(db, "o.request_id = $1::uuid", request_id, out, err);
	if (st == RD_NOT_FOUND)
		rd_error_set(err, RD_NOT_FOUND, _("request %s made no order"), request_id);
	return st;
}

enum rd_status order_list(struct rd_db *db, const char *customer_code,
			  struct order_summary *out, size_t max, size_t *n,
			  size_t *total, struct rd_error *err)
{
	char code[ORDER_CODE_SIZE], lim[24];
	const char *p[2] = { code, NULL };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	if (total)
		*total = 0;
	if ((st = customer_code_normalize(customer_code, code, err)) != RD_OK)
		return st;
	p[1] = textcheck_ll((long long)(max > 10000 ? 10000 : max), lim);
	st = db_query(db,
		"SELECT o.order_no, o.status, o.order_date, o.desired_date, o.payment,"
		"       o.total, coalesce(o.subscription_id, 0), coalesce(o.delivery_no, 0),"
		"       (SELECT count(*) FROM rd.order_lines l WHERE l.order_id = o.id),"
		"       (SELECT l.name FROM rd.order_lines l WHERE l.order_id = o.id"
		"         ORDER BY l.id LIMIT 1),"
		"       o.version, count(*) OVER ()"
		"  FROM rd.customers c JOIN rd.orders o ON o.customer_id = c.id"
		" WHERE c.code = $1"
		" ORDER BY o.order_date DESC, o.id DESC LIMIT $2::int", 2, p, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0) {
		char exists[8];

		db_rows_free(&r);
		st = db_query_value(db, "SELECT 1 FROM rd.customers WHERE code = $1", 1, p,
				    exists, sizeof(exists), NULL, err);
		if (st == RD_NOT_FOUND)
			return rd_error_set(err, RD_NOT_FOUND,
					    _("customer: no customer has the code %s"), code);
		return st;
	}
	for (int i = 0; i < r.nrows && (size_t)i < max; i++) {
		struct order_summary *s = &out[(*n)++];

		memset(s, 0, sizeof(*s));
		utf8_copy(s->order_no, sizeof(s->order_no), db_rows_get(&r, i, 0));
		utf8_copy(s->status, sizeof(s->status), db_rows_get(&r, i, 1));
		s->order_date = cell_date(&r, i, 2);
		s->desired_date = cell_date(&r, i, 3);
		if (pricing_payment_parse(db_rows_get(&r, i, 4), &s->payment, NULL) != RD_OK)
			s->payment = PRICING_PAY_COD;
		s->total = cell_ll(&r, i, 5);
		s->subscription_id = cell_ll(&r, i, 6);
		s->delivery_no = (int)cell_ll(&r, i, 7);
		s->nlines = (int)cell_ll(&r, i, 8);
		utf8_copy(s->first_item, sizeof(s->first_item), db_rows_get(&r, i, 9));
		s->version = (int)cell_ll(&r, i, 10);
		if (total)
			*total = (size_t)cell_ll(&r, i, 11);
	}
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status order_history(struct rd_db *db, const char *order_no,
			     struct order_event *out, size_t max, size_t *n,
			     struct rd_error *err)
{
	char no[ORDER_NO_SIZE], lim[24];
	const char *p[2] = { no, NULL };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	if ((st = order_no_normalize(order_no, no, err)) != RD_OK)
		return st;
	p[1] = textcheck_ll((long long)(max > 10000 ? 10000 : max), lim);
	/* lines and inserts carry the order's customer: the customer index
	 * narrows the history to that customer's rows first */
	st = db_query(db,
		"WITH o AS (SELECT id, customer_id FROM rd.orders WHERE order_no = $1)"
		" SELECT " LOCAL_TIME("h.at") ", h.actor, h.table_name, h.op,"
		"        array_to_string(h.changed, ','), coalesce(h.reason, ''),"
		"        coalesce(h.request_id, '')"
		"   FROM o JOIN rd.history h"
		"     ON (h.table_name = 'orders' AND h.row_key = o.id::text)"
		"     OR (h.customer_id = o.customer_id"
		"         AND h.table_name IN ('order_lines', 'order_inserts')"
		"         AND coalesce(h.new_row, h.old_row) ->> 'order_id' = o.id::text)"
		"  ORDER BY h.id LIMIT $2::int", 2, p, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows && (size_t)i < max; i++) {
		struct order_event *e = &out[(*n)++];

		memset(e, 0, sizeof(*e));
		utf8_copy(e->at, sizeof(e->at), db_rows_get(&r, i, 0));
		utf8_copy(e->actor, sizeof(e->actor), db_rows_get(&r, i, 1));
		utf8_copy(e->table, sizeof(e->table), db_rows_get(&r, i, 2));
		utf8_copy(e->op, sizeof(e->op), db_rows_get(&r, i, 3));
		utf8_copy(e->changed, sizeof(e->changed), db_rows_get(&r, i, 4));
		utf8_copy(e->reason, sizeof(e->reason), db_rows_get(&r, i, 5));
		utf8_copy(e->request_id, sizeof(e->request_id), db_rows_get(&r, i, 6));
	}
	if (r.nrows == 0) {
		char one[8];

		st = db_query_value(db, "SELECT 1 FROM rd.orders WHERE order_no = $1", 1, p,
				    one, sizeof(one), NULL, err);
		if (st == RD_NOT_FOUND)
			rd_error_set(err, RD_NOT_FOUND, _("order: there is no order %s"), no);
	}
	db_rows_free(&r);
	return st;
}

/* ---- the submit ------------------------------------------------------------ */

/* "{a,b,c}" of numbers */
static void int_array(struct sbuf *sb, const long long *v, size_t n)
{
	sbuf_addc(sb, '{');
	for (size_t i = 0; i < n; i++)
		sbuf_printf(sb, "%s%lld", i ? "," : "", v[i]);
	sbuf_addc(sb, '}');
}

/* Line arrays of a quote: SKUs (checked [A-Za-z0-9_-]), quantities, unit
 * prices, rates. */
static void line_arrays(const struct order_quote_line *lines, size_t n, struct sbuf a[4])
{
	long long v[ORDER_MAX_LINES] = { 0 };

	for (int k = 0; k < 4; k++)
		sbuf_init(&a[k]);
	sbuf_addc(&a[0], '{');
	for (size_t i = 0; i < n; i++)
		sbuf_printf(&a[0], "%s%s", i ? "," : "", lines[i].sku);
	sbuf_addc(&a[0], '}');
	for (size_t i = 0; i < n; i++)
		v[i] = lines[i].quantity;
	int_array(&a[1], v, n);
	for (size_t i = 0; i < n; i++)
		v[i] = lines[i].unit_price;
	int_array(&a[2], v, n);
	for (size_t i = 0; i < n; i++)
		v[i] = lines[i].tax_rate;
	int_array(&a[3], v, n);
}

static void free_arrays(struct sbuf *a, int n)
{
	for (int k = 0; k < n; k++)
		sbuf_done(&a[k]);
}

static enum rd_status insert_subscription(struct rd_db *db, const struct order_request *req,
					  const struct order_quote *q,
					  const struct quote_ids *ids, long long *sub_id,
					  struct rd_error *err)
{
	char cust[24], next[DATE_ISO_SIZE], start[DATE_ISO_SIZE], addr[24], sid[24], idbuf[24];
	const char *p[10] = {
		textcheck_ll(ids->customer_id, cust), q->cycle, date_format_iso(q->next_nominal[0], next),
		pricing_payment_code(q->payment),
		q->payment == PRICING_PAY_CARD ? req->card_token : NULL,
		q->payment == PRICING_PAY_CARD ? req->card_last4 : NULL,
		pricing_slot_code(q->slot),
		q->ship_address_id ? textcheck_ll(q->ship_address_id, addr) : NULL,
		q->media_code[0] ? q->media_code : NULL,
		date_format_iso(q->ship_date, start),
	};
	struct sbuf a[4];
	const char *lp[5];
	enum rd_status st;

	st = db_query_value(db, ORDER_SUBSCRIPTION_INSERT, 10, p, idbuf, sizeof(idbuf), NULL, err);
	if (st != RD_OK)
		return st;
	*sub_id = strtoll(idbuf, NULL, 10);
	line_arrays(q->lines, q->nlines, a);
	lp[0] = textcheck_ll(*sub_id, sid);
	lp[1] = a[0].buf;
	lp[2] = a[1].buf;
	lp[3] = a[2].buf;
	lp[4] = NULL;
	st = db_exec(db, ORDER_SUBSCRIPTION_LINES_INSERT, 4, lp, NULL, err);
	free_arrays(a, 4);
	return st;
}

/* Saves the new delivery address of q; the order ships there. */
static enum rd_status insert_address(struct rd_db *db, struct order_quote *q,
				     long long customer_id, struct order_fault *f,
				     struct rd_error *err)
{
	char cust[24], idbuf[24];
	const struct order_address *a = &q->new_address;
	const char *p[6] = { textcheck_ll(customer_id, cust), a->name, a->postal_code,
			     a->prefecture, a->address1, a->address2[0] ? a->address2 : NULL };
	enum rd_status st;

	st = db_query_value(db,
		"INSERT INTO rd.customer_addresses (customer_id, name, postal_code,"
		"  prefecture, address1, address2)"
		" VALUES ($1::bigint, $2, $3, $4, $5, $6) RETURNING id",
		6, p, idbuf, sizeof(idbuf), NULL, err);
	if (st == RD_INVALID) {
		fault_set(f, ORDER_FIELD_ADDRESS, -1);
		return rd_error_set(err, RD_INVALID,
			_("address: '%s' is not a prefecture; type it in full, like 東京都"),
			a->prefecture);
	}
	if (st == RD_OK)
		q->ship_address_id = strtoll(idbuf, NULL, 10);
	return st;
}

/* Locks the order to bundle with and returns the bundle id to share. */
static enum rd_status lock_bundle(struct rd_db *db, const struct order_quote *q,
				  long long *bundle_id, long long *other_id,
				  struct order_fault *f, struct rd_error *err)
{
	const char *p[1] = { q->bundle_with };
	struct db_rows r;
	enum rd_status st;

	st = db_query(db,
		"SELECT id, coalesce(bundle_id, id), status FROM rd.orders"
		" WHERE order_no = $1 FOR UPDATE", 1, p, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0 || (strcmp(db_rows_get(&r, 0, 2), "received") != 0 &&
			     strcmp(db_rows_get(&r, 0, 2), "confirmed") != 0)) {
		fault_set(f, ORDER_FIELD_BUNDLE, -1);
		st = rd_error_set(err, RD_CONFLICT,
			_("bundle: order %s changed meanwhile and can no longer take more; confirm again"),
			q->bundle_with);
	} else {
		*other_id = cell_ll(&r, 0, 0);
		*bundle_id = cell_ll(&r, 0, 1);
	}
	db_rows_free(&r);
	return st;
}

/* Reads back the order a request id made, for a retry. */
static enum rd_status replay(struct rd_db *db, const struct order_request *req,
			     const char *customer_code, struct order *out,
			     struct order_fault *f, struct rd_error *err)
{
	enum rd_status st = read_order(db, "o.request_id = $1::uuid", req->request_id, out, err);

	if (st != RD_OK)
		return st;
	if (customer_code && strcmp(out->customer_code, customer_code) != 0) {
		char no[ORDER_NO_SIZE];

		utf8_copy(no, sizeof(no), out->order_no);
		memset(out, 0, sizeof(*out));
		fault_set(f, ORDER_FIELD_REQUEST_ID, -1);
		return rd_error_set(err, RD_CONFLICT,
			_("request id: %s was already used for order %s of another customer; start a new order"),
			req->request_id, no);
	}
	out->replayed = true;
	return RD_OK;
}

enum rd_status order_submit(struct rd_db *db, const struct order_request *req_in,
			    const char *reason, struct order *out,
			    struct order_fault *f, struct rd_error *err)
{
	struct order_request *req = xmalloc(sizeof(*req));
	struct order_quote *q = xmalloc(sizeof(*q));
	struct quote_ids ids;
	struct sbuf a[5];
	char idbuf[24], cust[24], day[DATE_ISO_SIZE], desired[DATE_ISO_SIZE], addr[24];
	char sub[24], dno[24], bundle[24], bsub[24], num[7][24];
	long long sub_id = 0, bundle_id = 0, other_id = 0, order_id;
	bool in_tx = false, arrays = false;
	char code[ORDER_CODE_SIZE];
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	fault_clear(f);
	*req = *req_in;
	if (!req->request_id[0])
		order_request_id_new(req->request_id);
	if (!reason || !*reason)
		reason = DEFAULT_REASON;
	if ((st = check_free_text(reason, _("reason"), ORDER_REASON_CHARS, err)) != RD_OK) {
		fault_set(f, ORDER_FIELD_REASON, -1);
		goto out;
	}
	if (!order_request_id_valid(req->request_id)) {
		char qb[32];

		fault_set(f, ORDER_FIELD_REQUEST_ID, -1);
		st = rd_error_set(err, RD_INVALID,
			_("request id: a request id is a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e, not '%s'"),
			rd_quote_input(req->request_id, strlen(req->request_id), qb, sizeof(qb)));
		goto out;
	}
	if (customer_code_normalize(req->customer_code, code, NULL) != RD_OK)
		code[0] = '\0';
	if ((st = db_begin(db, reason, req->request_id, err)) != RD_OK)
		goto out;
	in_tx = true;
	/* the common retry: the order is there already */
	st = db_query_value(db, ORDER_BY_REQUEST, 1,
			    (const char *const[]){ req->request_id }, idbuf, sizeof(idbuf),
			    NULL, err);
	if (st == RD_OK) {
		db_rollback(db);
		in_tx = false;
		st = replay(db, req, code[0] ? code : NULL, out, f, err);
		goto out;
	}
	if (st != RD_NOT_FOUND)
		goto out;
	rd_error_clear(err);
	if ((st = build_quote(db, req, q, &ids, f, err)) != RD_OK)
		goto out;
	if (q->bundle_with[0] &&
	    (st = lock_bundle(db, q, &bundle_id, &other_id, f, err)) != RD_OK)
		goto out;
	if (q->has_new_address && (st = insert_address(db, q, ids.customer_id, f, err)) != RD_OK)
		goto out;
	if (q->subscribe && (st = insert_subscription(db, req, q, &ids, &sub_id, err)) != RD_OK)
		goto out;
	{
		const char *p[22] = {
			textcheck_ll(ids.customer_id, cust),
			date_format_iso(q->today, day),
			fmt_date(q->desired_date, desired),
			pricing_slot_code(q->slot),
			pricing_payment_code(q->payment),
			q->payment == PRICING_PAY_CARD ? req->card_token : NULL,
			q->payment == PRICING_PAY_CARD ? req->card_last4 : NULL,
			q->media_code[0] ? q->media_code : NULL,
			sub_id ? textcheck_ll(sub_id, sub) : NULL,
			sub_id ? textcheck_ll(1, dno) : NULL,
			textcheck_ll(q->totals.subtotal_10, num[0]),
			textcheck_ll(q->totals.subtotal_8, num[1]),
			textcheck_ll(q->totals.tax_10, num[2]),
			textcheck_ll(q->totals.tax_8, num[3]),
			textcheck_ll(q->totals.shipping_fee, num[4]),
			textcheck_ll(q->totals.cod_fee, num[5]),
			textcheck_ll(q->totals.total, num[6]),
			req->request_id,
			q->ship_address_id ? textcheck_ll(q->ship_address_id, addr) : NULL,
			bundle_id ? textcheck_ll(bundle_id, bundle) : NULL,
			q->bundle_subscription_id ? textcheck_ll(q->bundle_subscription_id, bsub) : NULL,
			req->notes,
		};

		st = db_query_value(db, ORDER_INSERT,
			22, p, idbuf, sizeof(idbuf), NULL, err);
	}
	if (st == RD_NOT_FOUND) {
		/* another connection made this request's order meanwhile:
		 * undo what this one did and answer with that order */
		db_rollback(db);
		in_tx = false;
		rd_error_clear(err);
		st = replay(db, req, q->customer_code, out, f, err);
		goto out;
	}
	if (st != RD_OK)
		goto out;
	order_id = strtoll(idbuf, NULL, 10);
	line_arrays(q->lines, q->nlines, a);
	sbuf_init(&a[4]);
	int_array(&a[4], ids.rule_ids, q->ninserts);
	arrays = true;
	{
		const char *p[5] = { idbuf, a[0].buf, a[1].buf, a[2].buf, a[3].buf };

		st = db_exec(db, ORDER_LINES_INSERT, 5, p, NULL, err);
	}
	if (st == RD_OK && q->ninserts) {
		const char *p[2] = { idbuf, a[4].buf };

		st = db_exec(db,
			"INSERT INTO rd.order_inserts (order_id, rule_id, code, name)"
			" SELECT $1::bigint, r.id, r.code, r.name"
			"   FROM unnest($2::bigint[]) WITH ORDINALITY AS u(id, ord)"
			"   JOIN rd.insert_rules r ON r.id = u.id"
			"  ORDER BY u.ord", 2, p, NULL, err);
	}
	if (st == RD_OK && other_id) {
		char other[24];
		const char *p[1] = { textcheck_ll(other_id, other) };

		/* the first order of a bundle carries its own id */
		st = db_exec(db,
			"UPDATE rd.orders SET bundle_id = id"
			" WHERE id = $1::bigint AND bundle_id IS NULL", 1, p, NULL, err);
	}
	/* one parcel: its fees shared again over its orders, this one too */
	if (st == RD_OK && bundle_id)
		st = order_parcel_settle(db, bundle_id, &ids.ctx.settings, err);
	if (st != RD_OK)
		goto out;
	st = db_commit(db, err);
	in_tx = false;
	if (st != RD_OK)
		goto out;
	st = order_get_by_id(db, order_id, out, err);
out:
	if (in_tx)
		db_rollback(db);
	if (arrays)
		free_arrays(a, 5);
	free(req);
	free(q);
	return st;
}

/* ---- after the order ---------------------------------------------------- */

/* *field (may be NULL) gets the field at fault: reason or request id. */
static enum rd_status check_reason_arg(const char *reason, const char *request_id,
				       enum order_field *field, struct rd_error *err)
{
	enum order_field dummy;
	enum rd_status st;

	if (!field)
		field = &dummy;
	*field = ORDER_FIELD_REASON;
	if (!reason || !*reason)
		return rd_error_set(err, RD_USAGE,
			_("reason: say why (the reason is kept in the order's history)"));
	if ((st = check_free_text(reason, _("reason"), ORDER_REASON_CHARS, err)) != RD_OK)
		return st;
	*field = ORDER_FIELD_REQUEST_ID;
	if (request_id && !order_request_id_valid(request_id))
		return rd_error_set(err, RD_INVALID,
			_("request id: a request id is a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e"));
	return RD_OK;
}

/* The last change to an order, for a conflict message. */
static void describe_conflict(struct rd_db *db, long long id, const char *order_no,
			      int expected, int now, struct rd_error *err)
{
	char key[24];
	const char *p[1] = { textcheck_ll(id, key) };
	struct db_rows r;

	if (db_query(db,
		     "SELECT h.actor, " LOCAL_TIME("h.at") ", array_to_string(h.changed, ', ')"
		     "  FROM rd.history h WHERE h.table_name = 'orders' AND h.row_key = $1"
		     " ORDER BY h.id DESC LIMIT 1", 1, p, &r, NULL) == RD_OK && r.nrows == 1) {
		rd_error_set(err, RD_CONFLICT,
			_("order %s was changed by %s at %s (%s) after you read it (version %d, now %d); read it again and decide"),
			order_no, db_rows_get(&r, 0, 0), db_rows_get(&r, 0, 1),
			db_rows_get(&r, 0, 2), expected, now);
		db_rows_free(&r);
		return;
	}
	rd_error_set(err, RD_CONFLICT,
		_("order %s was changed by someone else after you read it (version %d, now %d); read it again and decide"),
		order_no, expected, now);
}

struct locked_order {
	long long id;
	long long customer_id;
	int version;
	char status[ORDER_STATUS_SIZE];
	bool subscription;
	bool request_done;   /* the request id already changed this order */
	bool first_of_live;  /* delivery 1 of a subscription not cancelled */
	long long subscription_id;
	long long bundle_id; /* 0: ships alone */
};

/* Within a transaction: locks the order and reads what a change needs. */
static enum rd_status lock_order(struct rd_db *db, const char *no, const char *request_id,
				 struct locked_order *lo, struct rd_error *err)
{
	const char *p[2] = { no, request_id };
	struct db_rows r;
	enum rd_status st;

	memset(lo, 0, sizeof(*lo));
	st = db_query(db,
		"SELECT o.id, o.customer_id, o.version, o.status, o.subscription_id IS NOT NULL,"
		"       $2::text IS NOT NULL AND EXISTS (SELECT 1 FROM rd.history h"
		"         WHERE h.table_name = 'orders' AND h.row_key = o.id::text"
		"           AND h.op = 'UPDATE' AND h.request_id = $2::text),"
		"       o.delivery_no = 1 AND EXISTS (SELECT 1 FROM rd.subscriptions s"
		"         WHERE s.id = o.subscription_id AND s.status <> 'cancelled'),"
		"       coalesce(o.subscription_id, 0), coalesce(o.bundle_id, 0)"
		"  FROM rd.orders o WHERE o.order_no = $1 FOR UPDATE OF o", 2, p, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0) {
		db_rows_free(&r);
		return rd_error_set(err, RD_NOT_FOUND, _("order: there is no order %s"), no);
	}
	lo->id = cell_ll(&r, 0, 0);
	lo->customer_id = cell_ll(&r, 0, 1);
	lo->version = (int)cell_ll(&r, 0, 2);
	utf8_copy(lo->status, sizeof(lo->status), db_rows_get(&r, 0, 3));
	lo->subscription = cell_true(&r, 0, 4);
	lo->request_done = cell_true(&r, 0, 5);
	lo->first_of_live = cell_true(&r, 0, 6);
	lo->subscription_id = cell_ll(&r, 0, 7);
	lo->bundle_id = cell_ll(&r, 0, 8);
	db_rows_free(&r);
	return RD_OK;
}

static bool status_open(const char *s)
{
	return strcmp(s, "received") == 0 || strcmp(s, "confirmed") == 0;
}

/* Cancel and return: a status change allowed from some statuses. */
static enum rd_status set_status(struct rd_db *db, const char *order_no, int expected_version,
				 enum order_sub_choice choice,
				 const char *reason, const char *request_id, bool cancel,
				 struct order *out, struct rd_error *err)
{
	const char *to = cancel ? "cancelled" : "returned";
	char no[ORDER_NO_SIZE], id[24], ver[24];
	struct locked_order lo;
	long affected = 0;
	enum rd_status st;

	if (out)
		memset(out, 0, sizeof(*out));
	if ((st = order_no_normalize(order_no, no, err)) != RD_OK)
		return st;
	if ((st = check_reason_arg(reason, request_id, NULL, err)) != RD_OK)
		return st;
	if (expected_version < 0)
		return rd_error_set(err, RD_INVALID, _("version: a version is 1 or more"));
	if ((st = db_begin(db, reason, request_id, err)) != RD_OK)
		return st;
	if ((st = lock_order(db, no, request_id, &lo, err)) != RD_OK)
		goto fail;
	if (strcmp(lo.status, to) == 0 && lo.request_done) {
		/* a retry of the request that did it */
		db_rollback(db);
		return out ? order_get_by_id(db, lo.id, out, err) : RD_OK;
	}
	if (expected_version > 0 && lo.version != expected_version) {
		describe_conflict(db, lo.id, no, expected_version, lo.version, err);
		st = RD_CONFLICT;
		goto fail;
	}
	if (cancel && !status_open(lo.status)) {
		st = strcmp(lo.status, "cancelled") == 0
			? rd_error_set(err, RD_REFUSED, _("order %s is already cancelled"), no)
			: rd_error_set(err, RD_REFUSED,
				_("order %s is %s and can no longer be cancelled; once delivered it can be returned (order return)"),
				no, history_enum_words("orders", "status", lo.status));
		goto fail;
	}
	if (!cancel && strcmp(lo.status, "shipped") != 0 && strcmp(lo.status, "delivered") != 0) {
		st = strcmp(lo.status, "returned") == 0
			? rd_error_set(err, RD_REFUSED, _("order %s is already returned"), no)
			: rd_error_set(err, RD_REFUSED,
				_("order %s is %s; only a shipped or delivered order can be returned%s"),
				no, history_enum_words("orders", "status", lo.status),
				status_open(lo.status) ? _(" (cancel it instead)") : "");
		goto fail;
	}
	if (cancel && lo.first_of_live && choice == ORDER_SUB_UNSAID) {
		st = rd_error_set(err, RD_USAGE,
			_("order %s is delivery 1 of subscription %lld: say whether the subscription is cancelled too or kept with its next delivery as delivery 1"),
			no, lo.subscription_id);
		goto fail;
	}
	{
		const char *p[3] = { textcheck_ll(lo.id, id), textcheck_ll(lo.version, ver), to };

		st = db_exec(db, "UPDATE rd.orders SET status = $3"
			     " WHERE id = $1::bigint AND version = $2::int", 3, p, &affected, err);
	}
	if (st != RD_OK)
		goto fail;
	if (affected != 1) {
		describe_conflict(db, lo.id, no, lo.version, lo.version + 1, err);
		st = RD_CONFLICT;
		goto fail;
	}
	if (cancel && lo.first_of_live) {
		/* what becomes of the subscription, in this transaction */
		const char *p[3] = { id, choice == ORDER_SUB_CANCEL ? "cancel" : "keep", reason };

		st = db_exec(db, "SELECT rd.order_first_cancelled($1::bigint, $2, $3)",
			     3, p, NULL, err);
		if (st != RD_OK)
			goto fail;
	}
	if (cancel && lo.bundle_id) {
		/* the parcel lost an order: its fees are shared again */
		struct order_context ctx;

		if ((st = order_context_load(db, &ctx, err)) != RD_OK ||
		    (st = order_parcel_settle(db, lo.bundle_id, &ctx.settings, err)) != RD_OK)
			goto fail;
	}
	if ((st = db_commit(db, err)) != RD_OK)
		return st;
	return out ? order_get_by_id(db, lo.id, out, err) : RD_OK;
fail:
	db_rollback(db);
	return st;
}

enum rd_status order_cancel(struct rd_db *db, const char *order_no, int expected_version,
			    const char *reason, const char *request_id, struct order *out,
			    struct rd_error *err)
{
	return set_status(db, order_no, expected_version, ORDER_SUB_UNSAID, reason, request_id,
			  true, out, err);
}

enum rd_status order_cancel_with(struct rd_db *db, const char *order_no,
				 int expected_version, enum order_sub_choice choice,
				 const char *reason, const char *request_id,
				 struct order *out, struct rd_error *err)
{
	return set_status(db, order_no, expected_version, choice, reason, request_id,
			  true, out, err);
}

enum rd_status order_return(struct rd_db *db, const char *order_no, int expected_version,
			    const char *reason, const char *request_id, struct order *out,
			    struct rd_error *err)
{
	return set_status(db, order_no, expected_version, ORDER_SUB_UNSAID, reason, request_id,
			  false, out, err);
}

/* Changes the lines of a locked order to items: quantities of kept SKUs
 * are updated, lines no longer there deleted, new SKUs inserted at the
 * current price (subscription price for a subscription's order). Fills
 * q->lines with the result. */
static enum rd_status change_lines(struct rd_db *db, const struct locked_order *lo,
				   const struct order_change *chg, const struct order *cur,
				   struct order_quote *q, struct order_fault *f,
				   struct rd_error *err)
{
	struct order_request *tmp = xcalloc(1, sizeof(*tmp));
	char id[24];
	enum rd_status st = RD_OK;

	q->nlines = 0;
	q->subscribe = lo->subscription;
	/* new SKUs are priced by read_products (which also checks them) */
	for (size_t i = 0; i < chg->nitems; i++) {
		const struct order_item *it = &chg->items[i];
		char qb[32];

		if (!sku_valid(it->sku)) {
			fault_set(f, ORDER_FIELD_ITEM, (int)i);
			st = rd_error_set(err, RD_INVALID, _("item %zu: '%s' is not a SKU"), i + 1,
					  rd_quote_input(it->sku, strlen(it->sku), qb, sizeof(qb)));
			goto out;
		}
		if ((st = pricing_check_quantity(it->quantity, i, err)) != RD_OK) {
			fault_set(f, ORDER_FIELD_ITEM, (int)i);
			goto out;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(chg->items[k].sku, it->sku) == 0) {
				fault_set(f, ORDER_FIELD_ITEM, (int)i);
				st = rd_error_set(err, RD_INVALID,
					_("item %zu: %s is already item %zu; change its quantity instead"),
					i + 1, it->sku, k + 1);
				goto out;
			}
		tmp->items[tmp->nitems++] = *it;
	}
	if (tmp->nitems == 0) {
		fault_set(f, ORDER_FIELD_ITEM, 0);
		st = rd_error_set(err, RD_INVALID,
			_("items: an order needs at least one product (cancel it instead)"));
		goto out;
	}
	/* the lines of one delivery: the subscription's own lines stay */
	if ((st = read_products(db, tmp, q, f, 0, err)) != RD_OK)
		goto out;
	/* kept lines keep the price and name they were sold at */
	for (size_t i = 0; i < q->nlines; i++)
		for (size_t k = 0; k < cur->nlines; k++)
			if (strcmp(cur->lines[k].sku, q->lines[i].sku) == 0) {
				q->lines[i].unit_price = cur->lines[k].unit_price;
				q->lines[i].tax_rate = cur->lines[k].tax_rate;
				utf8_copy(q->lines[i].name, sizeof(q->lines[i].name),
					  cur->lines[k].name);
				if ((st = pricing_line_amount(q->lines[i].unit_price,
							      q->lines[i].quantity,
							      q->lines[i].tax_rate,
							      &q->lines[i].amount,
							      &q->lines[i].amount_tax_included,
							      err)) != RD_OK)
					goto out;
			}
	textcheck_ll(lo->id, id);
	for (size_t k = 0; k < cur->nlines; k++) {
		const struct order_line *old = &cur->lines[k];
		const struct order_quote_line *nw = NULL;
		char qty[24];

		for (size_t i = 0; i < q->nlines; i++)
			if (strcmp(q->lines[i].sku, old->sku) == 0)
				nw = &q->lines[i];
		if (!nw)
			st = db_exec_row(db, "DELETE FROM rd.order_lines"
				     " WHERE order_id = $1::bigint AND sku = $2", 2,
				     (const char *const[]){ id, old->sku }, err);
		else if (nw->quantity != old->quantity)
			st = db_exec_row(db, "UPDATE rd.order_lines SET quantity = $3::int"
				     " WHERE order_id = $1::bigint AND sku = $2", 3,
				     (const char *const[]){ id, old->sku,
							    textcheck_ll(nw->quantity, qty) },
				     err);
		if (st != RD_OK)
			goto out;
	}
	for (size_t i = 0; i < q->nlines; i++) {
		const struct order_quote_line *nw = &q->lines[i];
		bool kept = false;
		char qty[24], price[24], rate[24];

		for (size_t k = 0; k < cur->nlines; k++)
			kept = kept || strcmp(cur->lines[k].sku, nw->sku) == 0;
		if (kept)
			continue;
		st = db_exec(db,
			"INSERT INTO rd.order_lines (order_id, sku, name, quantity, unit_price, tax_rate)"
			" VALUES ($1::bigint, $2, $3, $4::int, $5::int, $6::smallint)", 6,
			(const char *const[]){ id, nw->sku, nw->name, textcheck_ll(nw->quantity, qty),
					       textcheck_ll(nw->unit_price, price),
					       textcheck_ll(nw->tax_rate, rate) }, NULL, err);
		if (st != RD_OK)
			goto out;
	}
out:
	free(tmp);
	return st;
}

enum rd_status order_change(struct rd_db *db, const char *order_no, int expected_version,
			    const struct order_change *chg, const char *reason,
			    const char *request_id, struct order *out,
			    struct order_fault *f, struct rd_error *err)
{
	struct order *cur = xmalloc(sizeof(*cur));
	struct order_quote *q = xcalloc(1, sizeof(*q));
	struct order_context ctx;
	struct locked_order lo;
	char no[ORDER_NO_SIZE];
	enum pricing_payment payment;
	const char *token = NULL, *last4 = NULL;
	enum pricing_card_field card;
	enum order_field field;
	bool in_tx = false;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	fault_clear(f);
	if ((st = order_no_normalize(order_no, no, err)) != RD_OK)
		goto done;
	if ((st = check_reason_arg(reason, request_id, &field, err)) != RD_OK) {
		fault_set(f, field, -1);
		goto done;
	}
	if (expected_version < 1) {
		st = rd_error_set(err, RD_USAGE,
			_("version: a change names the version of the order it was made on"));
		goto done;
	}
	if (chg->set_slot && (unsigned)chg->slot >= PRICING_SLOT_COUNT) {
		fault_set(f, ORDER_FIELD_SLOT, -1);
		st = rd_error_set(err, RD_INVALID, _("time slot: unknown delivery time slot"));
		goto done;
	}
	if (chg->set_notes &&
	    (st = check_free_text(chg->notes, _("notes"), ORDER_REASON_CHARS, err)) != RD_OK) {
		fault_set(f, ORDER_FIELD_NOTES, -1);
		goto done;
	}
	if ((st = db_begin(db, reason, request_id, err)) != RD_OK)
		goto done;
	in_tx = true;
	if ((st = lock_order(db, no, request_id, &lo, err)) != RD_OK)
		goto done;
	if (lo.request_done && lo.version != expected_version) {
		/* this request changed it already: a retry */
		db_rollback(db);
		in_tx = false;
		st = order_get_by_id(db, lo.id, out, err);
		goto done;
	}
	if (lo.version != expected_version) {
		describe_conflict(db, lo.id, no, expected_version, lo.version, err);
		st = RD_CONFLICT;
		goto done;
	}
	if (!status_open(lo.status)) {
		st = rd_error_set(err, RD_REFUSED,
			_("order %s is %s; only an order that has not shipped can be changed"),
			no, history_enum_words("orders", "status", lo.status));
		goto done;
	}
	if ((st = order_get_by_id(db, lo.id, cur, err)) != RD_OK ||
	    (st = order_context_load(db, &ctx, err)) != RD_OK)
		goto done;
	/* payment */
	payment = chg->set_payment ? chg->payment : cur->payment;
	if (chg->set_payment) {
		if ((unsigned)payment >= PRICING_PAY_COUNT) {
			fault_set(f, ORDER_FIELD_PAYMENT, -1);
			st = rd_error_set(err, RD_INVALID, _("payment: unknown payment method"));
			goto done;
		}
		token = chg->card_token;
		last4 = chg->card_last4;
		if ((st = pricing_check_card_field(payment, token, last4, &card, err)) != RD_OK) {
			fault_set(f, card_fault(card), -1);
			goto done;
		}
		{
			char cust[24];
			struct db_rows r;
			const char *p[2] = { textcheck_ll(lo.customer_id, cust),
					     pricing_payment_code(payment) };

			st = db_query(db, "SELECT reason FROM rd.payment_bars"
				      " WHERE customer_id = $1::bigint AND payment = $2 AND active",
				      2, p, &r, err);
			if (st != RD_OK)
				goto done;
			if (r.nrows) {
				fault_set(f, ORDER_FIELD_PAYMENT, -1);
				st = rd_error_set(err, RD_REFUSED,
					_("payment: %s is not available to this customer (%s); choose another method"),
					pricing_payment_label(payment), db_rows_get(&r, 0, 0));
			}
			db_rows_free(&r);
			if (st != RD_OK)
				goto done;
		}
	}
	q->payment = payment;
	/* date */
	if (chg->set_date && chg->desired_date != ORDER_NO_DATE &&
	    (chg->desired_date < DATE_MIN || chg->desired_date > DATE_MAX ||
	     (st = order_check_date(&ctx, chg->desired_date, err)) != RD_OK)) {
		fault_set(f, ORDER_FIELD_DATE, -1);
		if (st == RD_OK)
			st = rd_error_set(err, RD_INVALID, _("date: not a date"));
		goto done;
	}
	/* lines */
	if (chg->set_items) {
		if ((st = change_lines(db, &lo, chg, cur, q, f, err)) != RD_OK)
			goto done;
	} else {
		q->subscribe = lo.subscription;
		for (size_t i = 0; i < cur->nlines; i++) {
			struct order_quote_line *l = &q->lines[q->nlines++];

			utf8_copy(l->sku, sizeof(l->sku), cur->lines[i].sku);
			l->quantity = cur->lines[i].quantity;
			l->unit_price = cur->lines[i].unit_price;
			l->tax_rate = cur->lines[i].tax_rate;
		}
	}
	if ((st = compute_totals(q, &ctx.settings, &q->totals, f, err)) != RD_OK)
		goto done;
	/* inserts follow the lines and the total */
	if (chg->set_items) {
		const char *skus[ORDER_MAX_LINES];
		struct pricing_order_facts facts;
		long long rule_ids[ORDER_MAX_INSERTS];
		struct sbuf arr;
		char id[24], cust[24], first[8];

		for (size_t i = 0; i < q->nlines; i++)
			skus[i] = q->lines[i].sku;
		st = db_query_value(db,
			"SELECT NOT EXISTS (SELECT 1 FROM rd.orders o WHERE o.customer_id = $1::bigint"
			"   AND o.status <> 'cancelled' AND o.id < $2::bigint)", 2,
			(const char *const[]){ textcheck_ll(lo.customer_id, cust), textcheck_ll(lo.id, id) },
			first, sizeof(first), NULL, err);
		if (st != RD_OK)
			goto done;
		memset(&facts, 0, sizeof(facts));
		facts.first_order = strcmp(first, "t") == 0;
		facts.delivery_no = cur->delivery_no;
		facts.skus = skus;
		facts.nskus = q->nlines;
		facts.goods_total = q->totals.goods_total;
		st = choose_inserts(db, &facts, q->inserts, rule_ids, &q->ninserts, err);
		sbuf_init(&arr);
		int_array(&arr, rule_ids, q->ninserts);
		/* only what changes: inserts no longer chosen go, new ones come */
		if (st == RD_OK)
			st = db_exec(db,
				"DELETE FROM rd.order_inserts o WHERE o.order_id = $1::bigint"
				"   AND o.code NOT IN (SELECT r.code FROM rd.insert_rules r"
				"                       WHERE r.id = ANY ($2::bigint[]))", 2,
				(const char *const[]){ id, arr.buf }, NULL, err);
		if (st == RD_OK && q->ninserts)
			st = db_exec(db,
				"INSERT INTO rd.order_inserts (order_id, rule_id, code, name)"
				" SELECT $1::bigint, r.id, r.code, r.name"
				"   FROM unnest($2::bigint[]) WITH ORDINALITY AS u(id, ord)"
				"   JOIN rd.insert_rules r ON r.id = u.id ORDER BY u.ord"
				" ON CONFLICT (order_id, code) DO NOTHING", 2,
				(const char *const[]){ id, arr.buf }, NULL, err);
		sbuf_done(&arr);
		if (st != RD_OK)
			goto done;
	}
	{
		char id[24], ver[24], desired[DATE_ISO_SIZE], num[7][24];
		long affected = 0;
		bool keep_card = !chg->set_payment;
		const char *p[17] = {
			textcheck_ll(lo.id, id), textcheck_ll(lo.version, ver),
			chg->set_date ? "t" : "f",
			chg->set_date ? fmt_date(chg->desired_date, desired) : NULL,
			chg->set_slot ? pricing_slot_code(chg->slot) : NULL,
			pricing_payment_code(payment),
			keep_card ? "t" : "f",
			payment == PRICING_PAY_CARD && !keep_card ? token : NULL,
			payment == PRICING_PAY_CARD && !keep_card ? last4 : NULL,
			textcheck_ll(q->totals.subtotal_10, num[0]), textcheck_ll(q->totals.subtotal_8, num[1]),
			textcheck_ll(q->totals.tax_10, num[2]), textcheck_ll(q->totals.tax_8, num[3]),
			textcheck_ll(q->totals.shipping_fee, num[4]), textcheck_ll(q->totals.cod_fee, num[5]),
			textcheck_ll(q->totals.total, num[6]),
			chg->set_notes ? chg->notes : NULL,
		};

		st = db_exec(db,
			"UPDATE rd.orders SET"
			"  desired_date = CASE WHEN $3::bool THEN $4::date ELSE desired_date END,"
			"  time_slot = coalesce($5, time_slot),"
			"  payment = $6,"
			"  card_token = CASE WHEN $7::bool THEN card_token ELSE $8 END,"
			"  card_last4 = CASE WHEN $7::bool THEN card_last4 ELSE $9 END,"
			"  subtotal_10 = $10::bigint, subtotal_8 = $11::bigint,"
			"  tax_10 = $12::bigint, tax_8 = $13::bigint,"
			"  shipping_fee = $14::int, cod_fee = $15::int, total = $16::bigint,"
			"  notes = coalesce($17, notes)"
			" WHERE id = $1::bigint AND version = $2::int", 17, p, &affected, err);
		if (st == RD_OK && affected != 1) {
			describe_conflict(db, lo.id, no, lo.version, lo.version + 1, err);
			st = RD_CONFLICT;
		}
		if (st == RD_OK && lo.bundle_id)
			st = order_parcel_settle(db, lo.bundle_id, &ctx.settings, err);
		if (st != RD_OK)
			goto done;
	}
	st = db_commit(db, err);
	in_tx = false;
	if (st == RD_OK)
		st = order_get_by_id(db, lo.id, out, err);
done:
	if (in_tx)
		db_rollback(db);
	free(cur);
	free(q);
	return st;
}

enum rd_status order_ship_to(struct rd_db *db, long long order_id, struct order_address *out,
			     long long *customer_id, struct rd_error *err)
{
	char idb[24];
	const char *p[1] = { idb };
	struct db_rows r;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	snprintf(idb, sizeof(idb), "%lld", order_id);
	/* the delivery address the order names, switched off or not; else
	 * the customer's own address as it is now */
	st = db_query(db,
		"SELECT coalesce(a.id, 0), coalesce(a.name, c.name), coalesce(a.label, ''),"
		"       coalesce(a.postal_code, c.postal_code, ''), coalesce(a.prefecture, c.prefecture, ''),"
		"       coalesce(a.address1, c.address1, ''), coalesce(a.address2, c.address2, ''),"
		"       c.id"
		"  FROM rd.orders o JOIN rd.customers c ON c.id = o.customer_id"
		"  LEFT JOIN rd.customer_addresses a ON a.id = o.ship_address_id"
		" WHERE o.id = $1::bigint", 1, p, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0) {
		db_rows_free(&r);
		return rd_error_set(err, RD_NOT_FOUND, _("no such order"));
	}
	out->id = cell_ll(&r, 0, 0);
	utf8_copy(out->name, sizeof(out->name), db_rows_get(&r, 0, 1));
	utf8_copy(out->label, sizeof(out->label), db_rows_get(&r, 0, 2));
	utf8_copy(out->postal_code, sizeof(out->postal_code), db_rows_get(&r, 0, 3));
	utf8_copy(out->prefecture, sizeof(out->prefecture), db_rows_get(&r, 0, 4));
	utf8_copy(out->address1, sizeof(out->address1), db_rows_get(&r, 0, 5));
	utf8_copy(out->address2, sizeof(out->address2), db_rows_get(&r, 0, 6));
	if (customer_id)
		*customer_id = cell_ll(&r, 0, 7);
	db_rows_free(&r);
	return RD_OK;
}
