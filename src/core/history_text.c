/* history_text.c: change-history rows in words (history_text.h). */
#include "repeatdesk/history_text.h"

#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/phone.h"
#include "repeatdesk/json.h"
#include "repeatdesk/money.h"
#include "repeatdesk/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum kind { K_TEXT, K_MONEY, K_DATE, K_TIME, K_BOOL, K_ENUM, K_CYCLE, K_SECRET,
	    K_PERCENT, K_HIDDEN, K_PHONE };

/* table "" applies to every table that has no entry of its own */
static const struct column {
	const char *table, *column, *label;
	enum kind kind;
} columns[] = {
	{ "", "status", N_("status"), K_ENUM },
	{ "", "name", N_("name"), K_TEXT },
	{ "", "name_kana", N_("reading"), K_TEXT },
	{ "", "phone", N_("phone"), K_PHONE },
	{ "", "phone1", N_("phone"), K_PHONE },
	{ "", "phone2", N_("second phone"), K_PHONE },
	{ "", "email", NC_("field", "e-mail"), K_TEXT },
	{ "", "postal_code", N_("postal code"), K_TEXT },
	{ "", "prefecture", N_("prefecture"), K_TEXT },
	{ "", "address1", N_("address"), K_TEXT },
	{ "", "address2", N_("building, room"), K_TEXT },
	{ "", "label", N_("label"), K_TEXT },
	{ "", "active", N_("in use"), K_BOOL },
	{ "", "birth_date", N_("birth date"), K_DATE },
	{ "", "gender", N_("gender"), K_ENUM },
	{ "", "no_dm", N_("no direct mail"), K_BOOL },
	{ "", "no_call", N_("no calls"), K_BOOL },
	{ "", "no_email", N_("no e-mail"), K_BOOL },
	{ "", "notes", N_("notes"), K_TEXT },
	{ "", "note", N_("note"), K_TEXT },
	{ "", "ltv", N_("lifetime value"), K_MONEY },
	{ "", "order_count", N_("orders"), K_TEXT },
	{ "", "first_order_date", N_("first order"), K_DATE },
	{ "", "last_order_date", N_("last order"), K_DATE },
	{ "", "rfm_r", N_("recency score"), K_TEXT },
	{ "", "rfm_f", N_("frequency score"), K_TEXT },
	{ "", "rfm_m", N_("monetary score"), K_TEXT },
	{ "", "customer_id", N_("customer"), K_TEXT },
	{ "", "subscription_id", N_("subscription"), K_TEXT },
	{ "", "order_id", N_("order"), K_TEXT },
	{ "", "inquiry_id", N_("inquiry"), K_TEXT },
	{ "", "code", N_("code"), K_TEXT },
	{ "", "cycle", N_("cycle"), K_CYCLE },
	{ "", "first_interval", N_("first interval"), K_CYCLE },
	{ "", "next_date", N_("next delivery"), K_DATE },
	{ "", "delivery_count", N_("deliveries made"), K_TEXT },
	{ "", "paused_until", N_("paused until"), K_DATE },
	{ "", "payment", N_("payment"), K_ENUM },
	{ "", "card_token", N_("card token"), K_SECRET },
	{ "", "card_last4", N_("card (last 4 digits)"), K_TEXT },
	{ "", "time_slot", N_("delivery time"), K_ENUM },
	{ "", "address_id", N_("delivery address"), K_TEXT },
	{ "", "ship_address_id", N_("delivery address"), K_TEXT },
	{ "", "media_code", N_("media code"), K_TEXT },
	{ "", "started_on", N_("started on"), K_DATE },
	{ "", "cancelled_on", N_("cancelled on"), K_DATE },
	{ "", "cancel_reason", N_("cancel reason"), K_TEXT },
	{ "", "discount_percent", N_("discount"), K_PERCENT },
	{ "", "discount_remaining", N_("discounted deliveries left"), K_TEXT },
	{ "", "last_change", N_("last request"), K_TEXT },
	{ "", "delivery_no", N_("delivery number"), K_TEXT },
	{ "", "date", N_("date"), K_DATE },
	{ "", "sku", N_("product"), K_TEXT },
	{ "", "quantity", N_("quantity"), K_TEXT },
	{ "", "unit_price", N_("unit price"), K_MONEY },
	{ "", "price", N_("price"), K_MONEY },
	{ "", "tax_rate", N_("tax rate"), K_PERCENT },
	{ "", "order_no", N_("order number"), K_TEXT },
	{ "", "order_date", N_("order date"), K_DATE },
	{ "", "desired_date", N_("desired delivery date"), K_DATE },
	{ "", "subtotal_10", N_("subtotal at 10%"), K_MONEY },
	{ "", "subtotal_8", N_("subtotal at 8%"), K_MONEY },
	{ "", "tax_10", N_("tax at 10%"), K_MONEY },
	{ "", "tax_8", N_("tax at 8%"), K_MONEY },
	{ "", "shipping_fee", N_("shipping fee"), K_MONEY },
	{ "", "cod_fee", N_("cash-on-delivery fee"), K_MONEY },
	{ "", "total", N_("total"), K_MONEY },
	{ "", "fee", N_("fee"), K_MONEY },
	{ "", "request_id", N_("request id"), K_TEXT },
	{ "", "bundle_id", N_("shipped with"), K_TEXT },
	{ "", "channel", N_("channel"), K_ENUM },
	{ "", "category", N_("category"), K_ENUM },
	{ "", "priority", N_("priority"), K_ENUM },
	{ "", "assignee_id", N_("assignee"), K_TEXT },
	{ "", "team_id", N_("team"), K_TEXT },
	{ "", "callback_at", N_("callback"), K_TIME },
	{ "", "due_at", N_("due"), K_TIME },
	{ "", "applied_at", N_("applied at"), K_TIME },
	{ "", "subject", N_("subject"), K_TEXT },
	{ "", "opened_by", N_("opened by"), K_TEXT },
	{ "", "created_by", N_("made by"), K_TEXT },
	{ "", "author", N_("written by"), K_TEXT },
	{ "", "agent", N_("agent"), K_TEXT },
	{ "", "body", N_("text"), K_TEXT },
	{ "", "kind", N_("kind"), K_ENUM },
	{ "", "from_delivery", N_("from delivery"), K_TEXT },
	{ "", "from_date", N_("from"), K_DATE },
	{ "", "summary", N_("request"), K_TEXT },
	{ "", "payload", N_("details"), K_TEXT },
	{ "", "result", N_("result"), K_TEXT },
	{ "", "value", N_("value"), K_TEXT },
	{ "", "description", N_("description"), K_TEXT },
	{ "", "display_name", N_("display name"), K_TEXT },
	{ "", "role", N_("role"), K_ENUM },
	{ "", "password_changed_at", N_("password changed"), K_TIME },
	{ "subscription_skips", "date", N_("skipped date"), K_DATE },
	{ "subscription_reservations", "from_date", N_("takes effect on"), K_DATE },
	{ "holidays", "date", N_("closed day"), K_DATE },
	{ "inquiry_entries", "history_id", N_("change"), K_TEXT },
	{ "retention_offers", "outcome", N_("outcome"), K_ENUM },
	{ "retention_offers", "offered", N_("offered"), K_ENUM },
	{ "retention_offers", "accepted", N_("taken instead"), K_ENUM },
	{ "inquiry_entries", "from_status", N_("status before"), K_ENUM },
	{ "inquiry_entries", "to_status", N_("status after"), K_ENUM },
	{ "retention_offers", "detail", N_("details"), K_TEXT },
	{ "retention_offers", "deliveries_owed", N_("deliveries still owed"), K_TEXT },
	{ "retention_offers", "override", N_("minimum overridden"), K_BOOL },
	{ "", "resolved_at", N_("resolved at"), K_TIME },
	{ "", "cutoff_at", N_("cut-off"), K_TIME },
	{ "", "city", N_("city"), K_TEXT },
	{ "", "town", N_("town"), K_TEXT },
	{ "", "login", N_("login"), K_TEXT },
	{ "", "upsell_sku", N_("suggested product"), K_TEXT },
	{ "", "subscription_price", N_("subscription price"), K_MONEY },
	{ "", "cost", N_("cost"), K_MONEY },
	{ "", "min_total", N_("minimum order total"), K_MONEY },
	{ "", "first_order", N_("first order only"), K_BOOL },
	{ "", "from_agent_id", N_("from agent"), K_TEXT },
	{ "", "to_agent_id", N_("to agent"), K_TEXT },
	{ "", "to_team_id", N_("to team"), K_TEXT },
	{ "", "bundle_subscription_id", N_("shipped with subscription"), K_TEXT },
	{ "order_inserts", "rule_id", N_("insert rule"), K_TEXT },
	{ "order_inserts", "code", N_("insert"), K_TEXT },
	{ "order_inserts", "name", N_("insert name"), K_TEXT },
	{ "order_lines", "name", N_("product name"), K_TEXT },
	{ "subscription_lines", "name", N_("product name"), K_TEXT },
	{ "products", "name", N_("product name"), K_TEXT },
	{ "media", "name", N_("medium"), K_TEXT },
	{ "teams", "name", N_("team name"), K_TEXT },
	{ "call_lists", "name", N_("list name"), K_TEXT },
	{ "call_lists", "source", N_("made from"), K_TEXT },
	{ "call_lists", "total", N_("customers to call"), K_TEXT },
	{ "call_lists", "left_out_no_call", N_("left out (no calls)"), K_TEXT },
	{ "inquiries", "call_list_id", N_("call list"), K_TEXT },
	{ "inquiry_entries", "call_outcome", N_("call outcome"), K_ENUM },
	{ "inquiry_entries", "retry_at", N_("call again at"), K_TIME },
	{ "insert_rules", "name", N_("insert name"), K_TEXT },
};

/* enumerations: column, value, words ("" column: any) */
static const struct word {
	const char *column, *value, *words;
} words[] = {
	{ "status", "active", N_("active") },
	{ "status", "paused", N_("paused") },
	{ "status", "received", N_("received") },
	{ "status", "confirmed", N_("confirmed") },
	{ "status", "shipped", N_("shipped") },
	{ "status", "delivered", N_("delivered") },
	{ "status", "returned", N_("returned") },
	{ "status", "in_progress", N_("in progress") },
	{ "status", "waiting_customer", N_("waiting on the customer") },
	{ "status", "escalated", N_("escalated") },
	{ "status", "resolved", N_("resolved") },
	{ "status", "closed", N_("closed") },
	{ "status", "pending", N_("pending") },
	{ "status", "applied", N_("applied") },
	{ "payment", "card", N_("credit card") },
	{ "payment", "cod", N_("cash on delivery") },
	{ "payment", "deferred", N_("convenience-store deferred payment") },
	{ "payment", "bank", N_("bank transfer") },
	{ "time_slot", "none", N_("any time") },
	{ "time_slot", "morning", N_("morning") },
	{ "time_slot", "14-16", N_("14:00-16:00") },
	{ "time_slot", "16-18", N_("16:00-18:00") },
	{ "time_slot", "18-20", N_("18:00-20:00") },
	{ "time_slot", "19-21", N_("19:00-21:00") },
	{ "gender", "f", N_("female") },
	{ "gender", "m", N_("male") },
	{ "gender", "x", N_("other") },
	{ "channel", "inbound_call", N_("inbound call") },
	{ "channel", "outbound_call", N_("outbound call") },
	{ "channel", "email", NC_("channel", "e-mail") },
	{ "channel", "letter", N_("letter") },
	{ "category", "order", N_("order") },
	{ "category", "skip", N_("skip") },
	{ "category", "pause", N_("pause") },
	{ "category", "cycle_change", N_("cycle change") },
	{ "category", "cancel", N_("cancellation") },
	{ "category", "address_change", N_("address change") },
	{ "category", "payment_change", N_("payment change") },
	{ "category", "complaint", N_("complaint") },
	{ "category", "question", N_("question") },
	{ "category", "other", N_("other") },
	{ "priority", "low", N_("low") },
	{ "priority", "normal", N_("normal") },
	{ "priority", "high", N_("high") },
	{ "priority", "urgent", N_("urgent") },
	{ "role", "operator", N_("operator") },
	{ "role", "agent", N_("agent") },
	{ "role", "supervisor", N_("supervisor") },
	{ "kind", "change", N_("change") },
	{ "kind", "pause", N_("pause") },
	{ "kind", "cancel", N_("cancellation") },
	{ "kind", "skip", N_("skip") },
	{ "kind", "unskip", N_("skip undone") },
	{ "kind", "resume", N_("resume") },
	{ "kind", "keep", N_("kept") },
	{ "kind", "reserve", N_("reservation") },
	{ "kind", "unreserve", N_("reservation cancelled") },
	{ "kind", "note", N_("note") },
	{ "kind", "call", N_("call") },
	{ "kind", "status_change", N_("status change") },
	{ "kind", "handoff", N_("handoff") },
	{ "kind", "escalation", N_("escalation") },
	{ "kind", "change_link", N_("linked change") },
	{ "outcome", "kept", N_("kept") },
	{ "outcome", "changed", N_("changed instead") },
	{ "outcome", "cancelled", NC_("subscription status", "cancelled") },
	{ "outcome", "not_cancelled", N_("not cancelled") },
	{ "outcome", "refused", N_("refused by rule") },
	{ "alternative", "skip", N_("skip") },
	{ "alternative", "pause", N_("pause") },
	{ "alternative", "cycle", N_("longer cycle") },
	{ "alternative", "fewer", N_("fewer items") },
	{ "alternative", "discount", N_("discount") },
	{ "call_outcome", "reached", NC_("call outcome", "reached") },
	{ "call_outcome", "no_answer", NC_("call outcome", "no answer") },
	{ "call_outcome", "kept", NC_("call outcome", "kept") },
	{ "call_outcome", "cancelled", NC_("call outcome", "cancelled") },
	{ "call_outcome", "wrong_number", NC_("call outcome", "wrong number") },
	{ "op", "INSERT", N_("added") },
	{ "op", "UPDATE", N_("changed") },
	{ "op", "DELETE", N_("removed") },
};

/* columns whose values are the words of another column */
static const struct {
	const char *column, *words_of;
} word_aliases[] = {
	{ "from_status", "status" },
	{ "to_status", "status" },
	{ "offered", "alternative" },
	{ "accepted", "alternative" },
};

/* values whose words depend on the table: "cancelled" is an order's
 * キャンセル but a subscription's 解約済 */
static const struct table_word {
	const char *table, *column, *value, *words;
} table_words[] = {
	{ "orders", "status", "cancelled", NC_("order status", "cancelled") },
	{ "subscriptions", "status", "cancelled", NC_("subscription status", "cancelled") },
	{ "subscription_reservations", "status", "cancelled",
	  NC_("reservation status", "cancelled") },
	{ "inquiries", "status", "open", NC_("inquiry status", "open") },
	{ "call_lists", "status", "open", NC_("call list status", "open") },
	{ "call_lists", "status", "closed", NC_("call list status", "closed") },
};

static const struct {
	const char *table, *label;
} tables[] = {
	{ "customers", N_("customer") },
	{ "customer_addresses", N_("delivery address") },
	{ "subscriptions", N_("subscription") },
	{ "subscription_lines", N_("subscription product") },
	{ "subscription_skips", N_("skipped delivery") },
	{ "subscription_reservations", N_("reserved change") },
	{ "subscription_requests", N_("request log") },
	{ "retention_offers", N_("retention offer") },
	{ "orders", N_("order") },
	{ "order_lines", N_("order line") },
	{ "order_inserts", N_("box insert") },
	{ "inquiries", N_("inquiry") },
	{ "inquiry_entries", N_("inquiry entry") },
	{ "agents", N_("agent") },
	{ "teams", N_("team") },
	{ "call_lists", N_("call list") },
	{ "settings", N_("setting") },
	{ "products", N_("product") },
	{ "media", N_("media code") },
	{ "holidays", N_("closed day") },
};

static const struct column *find_column(const char *table, const char *column)
{
	const struct column *any = NULL;

	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++) {
		if (strcmp(columns[i].column, column) != 0)
			continue;
		if (strcmp(columns[i].table, table) == 0)
			return &columns[i];
		if (!columns[i].table[0] && !any)
			any = &columns[i];
	}
	return any;
}

const char *history_column_label(const char *table, const char *column)
{
	const struct column *c = find_column(table, column);

	return c ? _(c->label) : column;
}

const char *history_table_label(const char *table)
{
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (strcmp(tables[i].table, table) == 0)
			return _(tables[i].label);
	return table;
}

bool history_table_known(const char *table)
{
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (strcmp(tables[i].table, table) == 0)
			return true;
	return false;
}

void history_table_names(struct sbuf *out)
{
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		sbuf_printf(out, "%s%s", i ? ", " : "", tables[i].table);
}

void history_labels(const char *table, const char *list, struct sbuf *out)
{
	const char *p = list;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char col[64];

		if (n && n < sizeof(col)) {
			memcpy(col, p, n);
			col[n] = '\0';
			if (out->len && out->buf[out->len - 1] != ' ')
				sbuf_adds(out, ", ");
			sbuf_adds(out, history_column_label(table, col));
		}
		p = end ? end + 1 : NULL;
	}
}

/* A code kept in the database (a status, a payment) in the reader's
 * words: history keeps codes, never words, so it reads in any language.
 * Some words depend on the table ("cancelled"). */
static const char *enum_words(const char *table, const char *column, const char *value)
{
	for (size_t i = 0; i < sizeof(table_words) / sizeof(table_words[0]); i++)
		if (strcmp(table_words[i].table, table) == 0 &&
		    strcmp(table_words[i].column, column) == 0 &&
		    strcmp(table_words[i].value, value) == 0)
			return _(table_words[i].words);
	for (size_t i = 0; i < sizeof(word_aliases) / sizeof(word_aliases[0]); i++)
		if (strcmp(word_aliases[i].column, column) == 0) {
			column = word_aliases[i].words_of;
			break;
		}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].column, column) == 0 && strcmp(words[i].value, value) == 0)
			return _(words[i].words);
	return value;
}

const char *history_enum_words(const char *table, const char *column, const char *value)
{
	return value ? enum_words(table, column, value) : "";
}

/* "2026-11-23T09:27:00.12+09:00" -> "2026-11-23 09:27" (the zone the row
 * was written in, which is the business zone of the desk) */
static void time_words(const char *s, struct sbuf *out)
{
	size_t n = strlen(s);

	char buf[DATE_STAMP_SIZE];

	if (n >= 16 && s[10] == 'T') {
		sbuf_adds(out, date_format_stamp(s, DATE_LONG, buf));
	} else {
		sbuf_adds(out, s);
	}
}

static void date_words(const char *s, struct sbuf *out)
{
	int32_t d;
	char buf[DATE_LONG_SIZE];

	if (date_parse_iso(s, &d, NULL) != RD_OK) {
		sbuf_adds(out, s);
		return;
	}
	sbuf_adds(out, date_format_long(d, buf));
}

static void value_words(const char *table, const char *column,
			const struct json_value *v, struct sbuf *out)
{
	const struct column *c = find_column(table, column);
	enum kind k = c ? c->kind : K_TEXT;
	const char *s;
	int64_t n;
	int b;

	if (!v || json_typeof(v) == JSON_NULL) {
		sbuf_adds(out, _("(none)"));
		return;
	}
	if (k == K_SECRET) {
		sbuf_adds(out, _("(hidden)"));
		return;
	}
	switch (json_typeof(v)) {
	case JSON_BOOL:
		json_as_bool(v, &b);
		sbuf_adds(out, b ? _("yes") : _("no"));
		return;
	case JSON_NUMBER:
		if (k == K_MONEY && json_as_int(v, &n) == 0)
			money_format(out, n, MONEY_YEN_SIGN);
		else if (k == K_PERCENT)
			sbuf_printf(out, "%s%%", json_number_text(v));
		else
			sbuf_adds(out, json_number_text(v));
		return;
	case JSON_STRING:
		s = json_as_string(v, NULL);
		if (k == K_DATE) {
			date_words(s, out);
		} else if (k == K_TIME) {
			time_words(s, out);
		} else if (k == K_PHONE && *s) {
			phone_format(out, s);
		} else if (k == K_ENUM) {
			sbuf_adds(out, enum_words(table, column, s));
		} else if (k == K_CYCLE) {
			struct cycle cy;

			if (cycle_parse(s, &cy, NULL) == RD_OK) {
				cycle_describe(&cy, out);
				sbuf_printf(out, " (%s)", s);
			} else {
				sbuf_adds(out, s);
			}
		} else if (!*s) {
			sbuf_adds(out, _("(empty)"));
		} else {
			sbuf_adds(out, s);
		}
		return;
	case JSON_ARRAY:
		if (k == K_ENUM) {
			/* a list of codes (the alternatives offered) */
			for (size_t i = 0; i < json_len(v); i++) {
				const char *e = json_as_string(json_at(v, i), NULL);

				if (i)
					sbuf_adds(out, _(", "));
				sbuf_adds(out, e ? enum_words(table, column, e) : "?");
			}
			if (json_len(v) == 0)
				sbuf_adds(out, _("(none)"));
			return;
		}
		sbuf_adds(out, _("(details)"));
		return;
	default:
		sbuf_adds(out, _("(details)"));
		return;
	}
}

void history_json_words(const char *table, const char *column,
			const struct json_value *v, struct sbuf *out)
{
	value_words(table, column, v, out);
}

void history_value_words(const char *table, const char *column,
			 const char *value_json, struct sbuf *out)
{
	struct json_value *v = NULL;

	if (!value_json || json_parse(value_json, strlen(value_json), &v, NULL) != RD_OK) {
		sbuf_adds(out, value_json ? value_json : _("(none)"));
		return;
	}
	value_words(table, column, v, out);
	json_free(&v);
}

static char *field_text(const char *table, const char *column,
			const struct json_value *row)
{
	struct sbuf sb;
	char *text;

	if (!row)
		return xstrdup("");
	sbuf_init(&sb);
	value_words(table, column, json_get(row, column), &sb);
	text = sbuf_detach(&sb);
	sbuf_done(&sb);   /* detach leaves it empty but allocated */
	return text;
}

/* key columns say nothing to a supervisor in a field list */
static bool is_key(const char *column)
{
	return strcmp(column, "id") == 0;
}

static void add_field(struct history_words *w, const char *table, const char *column,
		      const struct json_value *o, const struct json_value *n)
{
	struct history_field *f;

	w->fields = xrealloc(w->fields, (size_t)(w->nfields + 1) * sizeof(*w->fields));
	f = &w->fields[w->nfields++];
	f->column = xstrdup(column);
	f->label = xstrdup(history_column_label(table, column));
	f->old_text = field_text(table, column, o);
	f->new_text = field_text(table, column, n);
}

static const char *str_of(const struct json_value *row, const char *key)
{
	const struct json_value *v = row ? json_get(row, key) : NULL;

	return v && json_typeof(v) == JSON_STRING ? json_as_string(v, NULL) : NULL;
}

static const char *num_of(const struct json_value *row, const char *key)
{
	const struct json_value *v = row ? json_get(row, key) : NULL;

	return v && json_typeof(v) == JSON_NUMBER ? json_number_text(v) : NULL;
}

/* The one line: what happened to which thing. */
static void summary(struct sbuf *sb, const char *table, char op,
		    const struct json_value *row)
{
	const char *what = history_table_label(table);
	const char *no = num_of(row, "delivery_no");
	const char *date = str_of(row, "date");
	const char *sku = str_of(row, "sku");

	if (strcmp(table, "subscription_skips") == 0 && no && date) {
		struct sbuf d;

		sbuf_init(&d);
		date_words(date, &d);
		if (op == 'I')
			sbuf_printf(sb, _("delivery %s on %s skipped"), no, d.buf);
		else if (op == 'D')
			sbuf_printf(sb, _("skip of delivery %s on %s undone"), no, d.buf);
		else
			sbuf_printf(sb, _("skipped delivery %s on %s changed"), no, d.buf);
		sbuf_done(&d);
		return;
	}
	if (strcmp(table, "subscription_requests") == 0 && op == 'I') {
		/* the request's record: what was asked, as its result says */
		const struct json_value *res = row ? json_get(row, "result") : NULL;
		const char *said = res && json_typeof(res) == JSON_OBJECT ? str_of(res, "summary") : NULL;
		const char *sub = num_of(row, "subscription_id");

		if (said) {
			/* TRANSLATORS: "subscription 306: skip delivery 3 (12/13)" */
			sbuf_printf(sb, _("subscription %s: %s"), sub ? sub : "?", said);
			return;
		}
	}
	if (sku && (strcmp(table, "subscription_lines") == 0 || strcmp(table, "order_lines") == 0)) {
		const char *qty = num_of(row, "quantity");

		if (op == 'I')
			sbuf_printf(sb, _("%s %s x%s added"), what, sku, qty ? qty : "?");
		else if (op == 'D')
			sbuf_printf(sb, _("%s %s removed"), what, sku);
		else
			sbuf_printf(sb, _("%s %s changed"), what, sku);
		return;
	}
	{
		const char *name = str_of(row, "order_no");

		if (!name)
			name = str_of(row, "code");
		if (!name)
			name = str_of(row, "subject");
		if (!name)
			name = str_of(row, "summary");
		if (!name)
			name = str_of(row, "key");
		if (!name)
			name = num_of(row, "id");
		/* whole sentences: "注文 2026-0042 を追加" puts the verb last */
		if (name)
			/* TRANSLATORS: what (a table's words: "order") and its
			 * name or number */
			sbuf_printf(sb, op == 'I' ? _("%s %s added")
				    : op == 'D' ? _("%s %s removed") : _("%s %s changed"),
				    what, name);
		else
			sbuf_printf(sb, op == 'I' ? _("%s added")
				    : op == 'D' ? _("%s removed") : _("%s changed"), what);
	}
}

enum rd_status history_words_make(const char *table, const char *op,
				  const char *old_json, const char *new_json,
				  const char *changed, struct history_words *out,
				  struct rd_error *err)
{
	struct json_value *o = NULL, *n = NULL;
	struct sbuf sb;
	const char *p;
	char kind = op ? op[0] : '?';
	enum rd_status st = RD_OK;

	memset(out, 0, sizeof(*out));
	if ((kind != 'I' && kind != 'U' && kind != 'D') ||
	    (kind != 'I' && !old_json) || (kind != 'D' && !new_json))
		return rd_error_set(err, RD_INVALID, _("a history row needs INSERT, UPDATE or DELETE with its rows"));
	if ((old_json && json_parse(old_json, strlen(old_json), &o, err) != RD_OK) ||
	    (new_json && json_parse(new_json, strlen(new_json), &n, err) != RD_OK)) {
		st = RD_INVALID;
		goto out;
	}
	if ((o && json_typeof(o) != JSON_OBJECT) || (n && json_typeof(n) != JSON_OBJECT)) {
		st = rd_error_set(err, RD_INVALID, _("a history row is not a json object"));
		goto out;
	}
	sbuf_init(&sb);
	summary(&sb, table, kind, n ? n : o);
	out->summary = sbuf_detach(&sb);
	sbuf_done(&sb);

	for (p = changed; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char col[64];

		if (len && len < sizeof(col)) {
			memcpy(col, p, len);
			col[len] = '\0';
			if (kind == 'U' || !is_key(col))
				add_field(out, table, col, o, n);
		}
		p = end ? end + 1 : NULL;
	}
out:
	json_free(&o);
	json_free(&n);
	return st;
}

void history_words_done(struct history_words *w)
{
	for (int i = 0; i < w->nfields; i++) {
		free(w->fields[i].column);
		free(w->fields[i].label);
		free(w->fields[i].old_text);
		free(w->fields[i].new_text);
	}
	free(w->fields);
	free(w->summary);
	memset(w, 0, sizeof(*w));
}

static void ref_text(char **text, const struct json_value *map)
{
	const char *said = json_as_string(json_get(map, *text), NULL);

	if (said && **text) {
		free(*text);
		*text = xstrdup(said);
	}
}

void history_words_refs(struct history_words *w, const char *refs_json)
{
	struct json_value *refs = NULL;

	if (!refs_json || json_parse(refs_json, strlen(refs_json), &refs, NULL) != RD_OK)
		return;
	if (json_typeof(refs) == JSON_OBJECT)
		for (int i = 0; i < w->nfields; i++) {
			const struct json_value *map = json_get(refs, w->fields[i].column);

			if (!map || json_typeof(map) != JSON_OBJECT)
				continue;
			ref_text(&w->fields[i].old_text, map);
			ref_text(&w->fields[i].new_text, map);
		}
	json_free(&refs);
}
