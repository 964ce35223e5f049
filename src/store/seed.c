/* seed.c: `repeatdesk db seed`: demo data from core/seedgen, through COPY.
 *
 * One transaction (reason 'demo data'). The small catalogue goes in with
 * ordinary INSERTs; the bulk is streamed table by table, one COPY per
 * table, each COPY regenerating the customers from (seed, index): the
 * generator is pure and fast (about 1.5 s per million customers), so a
 * pass per table costs little client time, keeps memory flat (one
 * customer and a 1 MB buffer), and lets the server parse one long COPY
 * while this process generates the next rows on the other core.
 *
 * Ids and codes are taken from the tables' own sequences: one nextval
 * gives the first, rows are numbered from there in generation order
 * (every pass counts the same way, so an order's id in the order_lines
 * pass is the one it got in the orders pass), and a setval past the last
 * row at the end. The tables are locked against writers meanwhile.
 *
 * See seed.h for what the triggers do and do not record. */
#include "repeatdesk/seed.h"
#include "repeatdesk/bizlang.h"
#include "repeatdesk/calendar_store.h"
#include "repeatdesk/date.h"
#include "repeatdesk/db.h"
#include "repeatdesk/embedded.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/postal_store.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/seedgen.h"
#include "repeatdesk/xalloc.h"
#include "repeatdesk/timeouts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED_REASON N_("demo data")
/* years of national holidays the demo loads, from this one */
#define SEED_HOLIDAY_YEARS 3
/* Bytes of COPY data collected before they are sent. */
#define FLUSH_AT (1u << 20)
/* Customers between two progress reports. */
#define PROGRESS_EVERY 5000

enum seed_table {
	T_CUSTOMERS,
	T_SUBSCRIPTIONS,
	T_SUBSCRIPTION_LINES,
	T_SUBSCRIPTION_SKIPS,
	T_ORDERS,
	T_ORDER_LINES,
	T_INQUIRIES,
	T_INQUIRY_ENTRIES,
	T_COUNT
};

struct loader;
typedef void (*row_writer)(struct loader *L);

static void write_customer(struct loader *L);
static void write_subscription(struct loader *L);
static void write_subscription_lines(struct loader *L);
static void write_subscription_skips(struct loader *L);
static void write_orders(struct loader *L);
static void write_order_lines(struct loader *L);
static void write_inquiries(struct loader *L);
static void write_inquiry_entries(struct loader *L);

/* In load order: every reference points at a table loaded before. level
 * is how much of each customer its rows need (and the ids they use). */
static const struct {
	const char *name;	/* in schema rd, as history names it */
	const char *label;	/* progress phase, translated where shown */
	enum seedgen_level level;
	const char *copy;
	row_writer write;
} tables[T_COUNT] = {
	[T_CUSTOMERS] = { "customers", N_("customers"),
		SEEDGEN_LEVEL_ORDERS,
		"COPY rd.customers (id, code, name, name_kana, phone1, phone2, email,"
		" postal_code, prefecture, address1, address2, birth_date, gender,"
		" no_dm, no_call, no_email, notes, created_at, updated_at)"
		" FROM STDIN",
		write_customer },
	[T_SUBSCRIPTIONS] = { "subscriptions", N_("subscriptions"),
		SEEDGEN_LEVEL_SUBSCRIPTION,
		"COPY rd.subscriptions (id, customer_id, status, cycle, next_date,"
		" delivery_count, paused_until, payment, card_token, card_last4,"
		" time_slot, media_code, started_on, cancelled_on, cancel_reason,"
		" created_at, updated_at) FROM STDIN",
		write_subscription },
	[T_SUBSCRIPTION_LINES] = { "subscription_lines", N_("sub. lines"),
		SEEDGEN_LEVEL_SUBSCRIPTION,
		"COPY rd.subscription_lines (id, subscription_id, sku, quantity,"
		" unit_price, created_at, updated_at) FROM STDIN",
		write_subscription_lines },
	[T_SUBSCRIPTION_SKIPS] = { "subscription_skips", N_("skips"),
		SEEDGEN_LEVEL_SUBSCRIPTION,
		"COPY rd.subscription_skips (id, subscription_id, delivery_no, date,"
		" created_at, updated_at) FROM STDIN",
		write_subscription_skips },
	[T_ORDERS] = { "orders", N_("orders"),
		SEEDGEN_LEVEL_ORDERS,
		"COPY rd.orders (id, order_no, customer_id, status, order_date,"
		" desired_date, time_slot, payment, card_token, card_last4,"
		" media_code, subscription_id, delivery_no, subtotal_10, subtotal_8,"
		" tax_10, tax_8, shipping_fee, cod_fee, total, created_at,"
		" updated_at) FROM STDIN",
		write_orders },
	[T_ORDER_LINES] = { "order_lines", N_("order lines"),
		SEEDGEN_LEVEL_ORDERS,
		"COPY rd.order_lines (id, order_id, sku, name, quantity, unit_price,"
		" tax_rate, created_at, updated_at) FROM STDIN",
		write_order_lines },
	[T_INQUIRIES] = { "inquiries", N_("inquiries"),
		SEEDGEN_LEVEL_ALL,
		"COPY rd.inquiries (id, customer_id, order_id, subscription_id,"
		" channel, category, priority, status, assignee_id, team_id,"
		" callback_at, due_at, subject, opened_by, created_at, updated_at,"
		" resolved_at) FROM STDIN",
		write_inquiries },
	[T_INQUIRY_ENTRIES] = { "inquiry_entries", N_("entries"),
		SEEDGEN_LEVEL_ALL,
		"COPY rd.inquiry_entries (id, inquiry_id, kind, author, body,"
		" from_agent_id, to_agent_id, to_team_id, created_at, updated_at,"
		" to_status) FROM STDIN",
		write_inquiry_entries },
};

/* The demo agents, in seedgen's order (SEEDGEN_AGENTS). */
static const char *const agent_logins[SEEDGEN_AGENTS] = {
	"sato", "suzuki", "takahashi",
};

/* Spellings of the schema's CHECKed enumerations, by seedgen enum. */
static const char *const payment_names[] = { "card", "cod", "deferred", "bank" };
static const char *const slot_names[] = {
	"none", "morning", "14-16", "16-18", "18-20", "19-21",
};
static const char *const order_status_names[] = {
	"received", "confirmed", "shipped", "delivered", "cancelled", "returned",
};
static const char *const sub_status_names[] = { "active", "paused", "cancelled" };
static const char *const channel_names[] = {
	"inbound_call", "outbound_call", "email", "letter",
};
static const char *const category_names[SEEDGEN_INQ_KIND_COUNT] = {
	[SEEDGEN_INQ_SKIP] = "skip",
	[SEEDGEN_INQ_PAUSE] = "pause",
	[SEEDGEN_INQ_CHANGE_CYCLE] = "cycle_change",
	[SEEDGEN_INQ_CHANGE_PRODUCT] = "other",
	[SEEDGEN_INQ_CHANGE_ADDRESS] = "address_change",
	[SEEDGEN_INQ_CANCEL] = "cancel",
	[SEEDGEN_INQ_DELIVERY] = "order",
	[SEEDGEN_INQ_PRODUCT] = "question",
	[SEEDGEN_INQ_PAYMENT] = "payment_change",
	[SEEDGEN_INQ_COMPLAINT] = "complaint",
};
static const char *const priority_names[] = { "low", "normal", "high", "urgent" };
static const char *const inquiry_status_names[] = {
	"open", "in_progress", "waiting_customer", "escalated", "resolved", "closed",
};
static const char *const entry_kind_names[] = {
	"note", "call", "handoff", "escalation", "status_change",
};
static const char *const media_channel_names[] = {
	"tv", "newspaper", "web", "radio", "flyer",
};

struct loader {
	struct rd_db *db;
	struct seedgen gen;
	struct seedgen_customer *c;	/* the customer being written */
	struct sbuf buf;		/* COPY text not yet sent */
	struct sbuf figures;		/* rd.customer_figures rows, sent after
					 * the customers */
	long long base[T_COUNT];	/* first id of each table */
	long long n[T_COUNT];		/* rows before the current customer */
	long long customer_code_base;
	long long order_no_base;
	long long agent_id[SEEDGEN_AGENTS];
	long long team_id[SEEDGEN_AGENTS];
	const struct seedgen_product *products;
	const struct seedgen_media *media;
	const struct seedgen_name *family;
	const struct seedgen_name *given;
	const struct seedgen_prefecture *prefs;
	struct db_rows indexes;		/* dropped for the load: name, def, comment */
};

/* ---- COPY text format ---- */

static void put(struct loader *L, const char *s, size_t n)
{
	sbuf_add(&L->buf, s, n);
}

static void tab(struct loader *L)
{
	sbuf_addc(&L->buf, '\t');
}

static void eol(struct loader *L)
{
	sbuf_addc(&L->buf, '\n');
}

static void put_null(struct loader *L)
{
	put(L, "\\N", 2);
}

/* Text with COPY's escapes: backslash, tab, newline and carriage return
 * would otherwise end a field or a row. */
static void put_text(struct loader *L, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *esc;

		switch (*s) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		put(L, run, (size_t)(s - run));
		put(L, esc, 2);
		run = s + 1;
	}
	put(L, run, (size_t)(s - run));
}

/* Empty text is SQL NULL. */
static void put_text_or_null(struct loader *L, const char *s)
{
	if (s && *s)
		put_text(L, s);
	else
		put_null(L);
}

static void put_int(struct loader *L, long long v)
{
	char tmp[24];
	char *p = tmp + sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	put(L, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void put_id_or_null(struct loader *L, long long id, bool present)
{
	if (present)
		put_int(L, id);
	else
		put_null(L);
}

static void digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static void put_date(struct loader *L, int32_t day)
{
	char s[10];
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	digits(s, y, 4);
	s[4] = '-';
	digits(s + 5, m, 2);
	s[7] = '-';
	digits(s + 8, d, 2);
	put(L, s, 10);
}

static void put_date_or_null(struct loader *L, int32_t day)
{
	if (day)
		put_date(L, day);
	else
		put_null(L);
}

/* A local time of the business time zone (the session's TimeZone is set
 * to it): day plus minutes, which may run past midnight. */
static void put_ts(struct loader *L, int32_t day, long minute)
{
	char s[9];

	day += (int32_t)(minute / 1440);
	minute %= 1440;
	put_date(L, day);
	s[0] = ' ';
	digits(s + 1, (int)(minute / 60), 2);
	s[3] = ':';
	digits(s + 4, (int)(minute % 60), 2);
	memcpy(s + 6, ":00", 3);
	put(L, s, 9);
}

static void put_bool(struct loader *L, bool b)
{
	sbuf_addc(&L->buf, b ? 't' : 'f');
}

/* "C0000001": prefix and the number, zero-padded to width (longer
 * numbers are not cut), as rd.next_code makes them. */
static void put_code(struct loader *L, char prefix, long long n, int width)
{
	char tmp[24];
	int len = snprintf(tmp, sizeof(tmp), "%lld", n);

	sbuf_addc(&L->buf, prefix);
	for (int i = len; i < width; i++)
		sbuf_addc(&L->buf, '0');
	put(L, tmp, (size_t)len);
}

/* ---- rows ---- */

static long long customer_id(const struct loader *L)
{
	return L->base[T_CUSTOMERS] + L->n[T_CUSTOMERS];
}

static long long subscription_id(const struct loader *L)
{
	return L->base[T_SUBSCRIPTIONS] + L->n[T_SUBSCRIPTIONS];
}

static long long order_id(const struct loader *L, int k)
{
	return L->base[T_ORDERS] + L->n[T_ORDERS] + k;
}

/* The customer's row of rd.customer_figures (0150), as
 * rd.customer_figures_refresh would compute it from these orders, into
 * L->figures: written while the customers are, sent when they are in. */
static void write_figures(struct loader *L)
{
	const struct seedgen_customer *c = L->c;
	struct sbuf keep = L->buf;

	L->buf = L->figures;
	put_int(L, customer_id(L));
	tab(L);
	put_int(L, c->ltv);
	tab(L);
	put_int(L, c->order_count);
	tab(L);
	put_date_or_null(L, c->order_count > 0 ? c->first_order_on : 0);
	tab(L);
	put_date_or_null(L, c->order_count > 0 ? c->last_order_on : 0);
	eol(L);
	L->figures = L->buf;
	L->buf = keep;
}

static void write_customer(struct loader *L)
{
	const struct seedgen_customer *c = L->c;
	const struct seedgen_name *f = &L->family[c->family];
	const struct seedgen_name *g = &L->given[c->given];

	put_int(L, customer_id(L));
	tab(L);
	put_code(L, 'C', L->customer_code_base + L->n[T_CUSTOMERS], 7);
	tab(L);
	put_text(L, f->kanji);
	sbuf_addc(&L->buf, ' ');
	put_text(L, g->kanji);
	tab(L);
	put_text(L, f->kana);
	sbuf_addc(&L->buf, ' ');
	put_text(L, g->kana);
	tab(L);
	put_text(L, c->phone);
	tab(L);
	put_text_or_null(L, c->phone2);
	tab(L);
	put_text_or_null(L, c->email);
	tab(L);
	put_text(L, c->postal);
	tab(L);
	put_text(L, L->prefs[c->prefecture].name);
	tab(L);
	put_text(L, c->address1);
	tab(L);
	put_text_or_null(L, c->address2);
	tab(L);
	put_date(L, c->birth_date);
	tab(L);
	put(L, c->gender == SEEDGEN_FEMALE ? "f" : "m", 1);
	tab(L);
	put_bool(L, c->no_dm);
	tab(L);
	put_bool(L, c->no_call);
	tab(L);
	put_bool(L, c->no_email);
	tab(L);
	put_text(L, c->notes);
	tab(L);
	put_ts(L, c->registered_on, c->minute);
	tab(L);
	if (c->order_count > 0 && c->last_order_on > c->registered_on)
		put_ts(L, c->last_order_on, 18 * 60);
	else
		put_ts(L, c->registered_on, c->minute);
	eol(L);
	write_figures(L);
}

static void put_card(struct loader *L, enum seedgen_payment p)
{
	const struct seedgen_customer *c = L->c;

	if (p == SEEDGEN_PAY_CARD) {
		put_text(L, c->card_token);
		tab(L);
		put_text(L, c->card_last4);
	} else {
		put(L, "\\N\t\\N", 5);
	}
}

static void write_subscription(struct loader *L)
{
	const struct seedgen_customer *c = L->c;
	const struct seedgen_subscription *s = &c->sub;
	int32_t last;

	if (!s->present)
		return;
	put_int(L, subscription_id(L));
	tab(L);
	put_int(L, customer_id(L));
	tab(L);
	put_text(L, sub_status_names[s->status]);
	tab(L);
	put_text(L, s->cycle);
	tab(L);
	put_date_or_null(L, s->next_delivery_on);
	tab(L);
	put_int(L, s->deliveries);
	tab(L);
	put_date_or_null(L, s->status == SEEDGEN_SUB_PAUSED ? s->paused_until : 0);
	tab(L);
	put_text(L, payment_names[s->payment]);
	tab(L);
	put_card(L, s->payment);
	tab(L);
	put_text(L, slot_names[s->slot]);
	tab(L);
	put_text(L, L->media[s->media].code);
	tab(L);
	put_date(L, s->started_on);
	tab(L);
	if (s->status == SEEDGEN_SUB_CANCELLED) {
		put_date(L, s->cancelled_on);
		tab(L);
		put_text(L, seedgen_cancel_reason_text(s->cancel_reason));
	} else {
		put(L, "\\N\t\\N", 5);
	}
	tab(L);
	put_ts(L, c->registered_on, c->minute);
	tab(L);
	last = s->status == SEEDGEN_SUB_CANCELLED ? s->cancelled_on
	       : s->status == SEEDGEN_SUB_PAUSED ? s->paused_on
	       : s->deliveries > 1 ? s->last_delivery_on - 5 : 0;
	if (last > c->registered_on)
		put_ts(L, last, 11 * 60);
	else
		put_ts(L, c->registered_on, c->minute);
	eol(L);
}

static void write_subscription_lines(struct loader *L)
{
	const struct seedgen_customer *c = L->c;
	const struct seedgen_subscription *s = &c->sub;

	if (!s->present)
		return;
	for (int i = 0; i < s->nlines; i++) {
		put_int(L, L->base[T_SUBSCRIPTION_LINES] + L->n[T_SUBSCRIPTION_LINES] + i);
		tab(L);
		put_int(L, subscription_id(L));
		tab(L);
		put_text(L, L->products[s->lines[i].product].code);
		tab(L);
		put_int(L, s->lines[i].qty);
		tab(L);
		put_int(L, s->lines[i].unit_price);
		tab(L);
		put_ts(L, c->registered_on, c->minute);
		tab(L);
		put_ts(L, c->registered_on, c->minute);
		eol(L);
	}
}

static void write_subscription_skips(struct loader *L)
{
	const struct seedgen_customer *c = L->c;
	const struct seedgen_subscription *s = &c->sub;

	if (!s->present)
		return;
	for (int i = 0; i < s->nskips; i++) {
		/* made during the call that asked for it */
		int32_t day = s->skips[i].asked_on;
		long minute = s->skips[i].asked_minute + 3;

		put_int(L, L->base[T_SUBSCRIPTION_SKIPS] + L->n[T_SUBSCRIPTION_SKIPS] + i);
		tab(L);
		put_int(L, subscription_id(L));
		tab(L);
		put_int(L, s->skips[i].delivery_no);
		tab(L);
		put_date(L, s->skips[i].date);
		tab(L);
		put_ts(L, day, minute);
		tab(L);
		put_ts(L, day, minute);
		eol(L);
	}
}

/* A day in the past: events of the load never lie after yesterday. */
static int32_t past(const struct loader *L, int32_t day)
{
	return day < L->gen.today - 1 ? day : L->gen.today - 1;
}

static void write_orders(struct loader *L)
{
	const struct seedgen_customer *c = L->c;

	for (int k = 0; k < c->norders; k++) {
		const struct seedgen_order *o = &c->orders[k];

		put_int(L, order_id(L, k));
		tab(L);
		put_code(L, 'O', L->order_no_base + L->n[T_ORDERS] + k, 8);
		tab(L);
		put_int(L, customer_id(L));
		tab(L);
		put_text(L, order_status_names[o->status]);
		tab(L);
		put_date(L, o->ordered_on);
		tab(L);
		put_date_or_null(L, o->desired ? o->deliver_on : 0);
		tab(L);
		put_text(L, slot_names[o->slot]);
		tab(L);
		put_text(L, payment_names[o->payment]);
		tab(L);
		put_card(L, o->payment);
		tab(L);
		put_text(L, L->media[o->media].code);
		tab(L);
		if (o->delivery_no > 0) {
			put_int(L, subscription_id(L));
			tab(L);
			put_int(L, o->delivery_no);
		} else {
			put(L, "\\N\t\\N", 5);
		}
		tab(L);
		put_int(L, o->subtotal10);
		tab(L);
		put_int(L, o->subtotal8);
		tab(L);
		put_int(L, o->tax10);
		tab(L);
		put_int(L, o->tax8);
		tab(L);
		put_int(L, o->shipping_fee);
		tab(L);
		put_int(L, o->cod_fee);
		tab(L);
		put_int(L, o->total);
		tab(L);
		put_ts(L, o->ordered_on, o->minute);
		tab(L);
		switch (o->status) {
		case SEEDGEN_ORDER_DELIVERED:
			put_ts(L, o->deliver_on, 17 * 60);
			break;
		case SEEDGEN_ORDER_SHIPPED:
			put_ts(L, past(L, o->deliver_on - 1), 16 * 60);
			break;
		case SEEDGEN_ORDER_RETURNED:
			put_ts(L, past(L, o->deliver_on + 4), 14 * 60);
			break;
		case SEEDGEN_ORDER_CANCELLED:
			put_ts(L, o->ordered_on, o->minute + 30);
			break;
		default:
			put_ts(L, o->ordered_on, o->minute);
			break;
		}
		eol(L);
	}
}

static void write_order_lines(struct loader *L)
{
	const struct seedgen_customer *c = L->c;
	long long id = L->base[T_ORDER_LINES] + L->n[T_ORDER_LINES];

	for (int k = 0; k < c->norders; k++) {
		const struct seedgen_order *o = &c->orders[k];

		for (int i = 0; i < o->nlines; i++) {
			const struct seedgen_line *ln = &o->lines[i];
			const struct seedgen_product *p = &L->products[ln->product];

			put_int(L, id++);
			tab(L);
			put_int(L, order_id(L, k));
			tab(L);
			put_text(L, p->code);
			tab(L);
			put_text(L, p->name);
			tab(L);
			put_int(L, ln->qty);
			tab(L);
			put_int(L, ln->unit_price);
			tab(L);
			put_int(L, ln->tax_rate);
			tab(L);
			put_ts(L, o->ordered_on, o->minute);
			tab(L);
			put_ts(L, o->ordered_on, o->minute);
			eol(L);
		}
	}
}

/* Minutes after opening at which q was resolved (its status change to
 * resolved or closed), or -1 when it is not resolved. */
static int resolved_minutes(const struct seedgen_inquiry *q)
{
	const char *status = inquiry_status_names[q->status];

	if (strcmp(status, "resolved") != 0 && strcmp(status, "closed") != 0)
		return -1;
	for (int i = q->nentries - 1; i >= 0; i--)
		if (q->entries[i].kind == SEEDGEN_ENTRY_STATUS_CHANGE)
			return q->entries[i].minutes;
	return q->entries[q->nentries - 1].minutes;
}

static void write_inquiries(struct loader *L)
{
	const struct seedgen_customer *c = L->c;

	for (int k = 0; k < c->ninquiries; k++) {
		const struct seedgen_inquiry *q = &c->inquiries[k];
		const struct seedgen_entry *last = &q->entries[q->nentries - 1];

		put_int(L, L->base[T_INQUIRIES] + L->n[T_INQUIRIES] + k);
		tab(L);
		put_int(L, customer_id(L));
		tab(L);
		put_id_or_null(L, order_id(L, q->order), q->order >= 0);
		tab(L);
		put_id_or_null(L, subscription_id(L), q->about_subscription);
		tab(L);
		put_text(L, channel_names[q->channel]);
		tab(L);
		put_text(L, category_names[q->kind]);
		tab(L);
		put_text(L, priority_names[q->priority]);
		tab(L);
		put_text(L, inquiry_status_names[q->status]);
		tab(L);
		put_int(L, L->agent_id[q->holder]);
		tab(L);
		put_int(L, L->team_id[q->team]);
		tab(L);
		if (q->callback_on)
			put_ts(L, q->callback_on, q->callback_minute);
		else
			put_null(L);
		tab(L);
		if (q->due_on)
			put_ts(L, q->due_on, 18 * 60);
		else
			put_null(L);
		tab(L);
		put_text(L, q->subject);
		tab(L);
		put_text(L, agent_logins[q->entries[0].agent]);
		tab(L);
		put_ts(L, q->opened_on, q->minute);
		tab(L);
		put_ts(L, q->opened_on, q->minute + last->minutes);
		tab(L);
		/* when it was resolved: its status change (the triggers that
		 * write resolved_at in real use are off while the seed loads),
		 * so the workload report sees the demo's resolutions */
		if (resolved_minutes(q) >= 0)
			put_ts(L, q->opened_on, q->minute + resolved_minutes(q));
		else
			put_null(L);
		eol(L);
	}
}

static void write_inquiry_entries(struct loader *L)
{
	const struct seedgen_customer *c = L->c;
	long long id = L->base[T_INQUIRY_ENTRIES] + L->n[T_INQUIRY_ENTRIES];

	for (int k = 0; k < c->ninquiries; k++) {
		const struct seedgen_inquiry *q = &c->inquiries[k];

		for (int i = 0; i < q->nentries; i++) {
			const struct seedgen_entry *e = &q->entries[i];
			bool pass = e->kind == SEEDGEN_ENTRY_HANDOFF ||
				    e->kind == SEEDGEN_ENTRY_ESCALATION;

			put_int(L, id++);
			tab(L);
			put_int(L, L->base[T_INQUIRIES] + L->n[T_INQUIRIES] + k);
			tab(L);
			put_text(L, entry_kind_names[e->kind]);
			tab(L);
			put_text(L, agent_logins[e->agent]);
			tab(L);
			put_text(L, e->text);
			tab(L);
			put_id_or_null(L, L->agent_id[e->agent], pass);
			tab(L);
			put_id_or_null(L, pass ? L->agent_id[e->to_agent] : 0, pass);
			tab(L);
			put_id_or_null(L, L->team_id[SEEDGEN_SUPERVISOR],
				       e->kind == SEEDGEN_ENTRY_ESCALATION);
			tab(L);
			put_ts(L, q->opened_on, q->minute + e->minutes);
			tab(L);
			put_ts(L, q->opened_on, q->minute + e->minutes);
			tab(L);
			/* the status an entry moved the inquiry to, as
			 * rd.inquiry_* functions record it */
			if (e->kind == SEEDGEN_ENTRY_STATUS_CHANGE)
				put_text(L, inquiry_status_names[q->status]);
			else if (e->kind == SEEDGEN_ENTRY_ESCALATION)
				put_text(L, "escalated");
			else
				put_null(L);
			eol(L);
		}
	}
}

/* Rows each table gets from the current customer. */
static void customer_rows(const struct seedgen_customer *c, long long rows[T_COUNT])
{
	memset(rows, 0, sizeof(long long) * T_COUNT);
	rows[T_CUSTOMERS] = 1;
	if (c->sub.present) {
		rows[T_SUBSCRIPTIONS] = 1;
		rows[T_SUBSCRIPTION_LINES] = c->sub.nlines;
		rows[T_SUBSCRIPTION_SKIPS] = c->sub.nskips;
	}
	rows[T_ORDERS] = c->norders;
	for (int k = 0; k < c->norders; k++)
		rows[T_ORDER_LINES] += c->orders[k].nlines;
	rows[T_INQUIRIES] = c->ninquiries;
	for (int k = 0; k < c->ninquiries; k++)
		rows[T_INQUIRY_ENTRIES] += c->inquiries[k].nentries;
}

/* The retention conversations (rd.retention_offers) the demo's cancelled
 * and kept subscriptions had, so that the retention report has figures:
 * every cancelled subscription heard the offers (skip, pause, a longer
 * cycle) and left, with its own cancel reason; one active subscription in
 * five asked to cancel, for one of the reasons the others gave, and took
 * an offer instead (changed), stayed as it was (kept) or left it open
 * (not cancelled). The agents are the demo's
 * agent and supervisor. Bulk (triggers off): the reason is written here
 * and the history gets one summary row, as for the tables above. */
static enum rd_status seed_retention(struct loader *L, bool bulk,
				     struct rd_error *err)
{
	char rows[32], day[DATE_ISO_SIZE];
	const char *p[2] = { rows, day };
	long n = 0;
	enum rd_status st;

	st = db_exec(L->db,
		"WITH r AS (SELECT array_agg(DISTINCT s.cancel_reason ORDER BY s.cancel_reason) AS a"
		"             FROM rd.subscriptions s WHERE btrim(s.cancel_reason) <> '')"
		" INSERT INTO rd.retention_offers (subscription_id, customer_id, offered,"
		" accepted, outcome, delivery_count, agent, reason, created_at, updated_at)"
		" SELECT s.id, s.customer_id, ARRAY['skip', 'pause', 'cycle'], x.accepted,"
		"        x.outcome, s.delivery_count, (ARRAY['suzuki', 'takahashi'])[1 + s.id % 2],"
		"        CASE WHEN s.status = 'cancelled' THEN s.cancel_reason"
		"             ELSE r.a[1 + s.id % cardinality(r.a)] END,"
		"        x.at, x.at"
		"   FROM rd.subscriptions s CROSS JOIN r"
		"  CROSS JOIN LATERAL (SELECT"
		"        CASE WHEN s.status <> 'cancelled' AND s.id % 3 = 0"
		"             THEN (ARRAY['skip', 'pause', 'cycle'])[1 + s.id / 3 % 3] END AS accepted,"
		"        CASE WHEN s.status = 'cancelled' THEN 'cancelled'"
		"             WHEN s.id % 3 = 0 THEN 'changed'"
		"             WHEN s.id % 3 = 1 THEN 'kept' ELSE 'not_cancelled' END AS outcome,"
		"        CASE WHEN s.status = 'cancelled' THEN s.cancelled_on::timestamptz"
		"             ELSE least(s.started_on + 20 + (s.id % 200)::int,"
		"                        rd.customer_today())::timestamptz + interval '11 hours'"
		"        END AS at) x"
		"  WHERE (s.status = 'cancelled' AND s.cancelled_on IS NOT NULL) OR s.id % 5 = 0"
		" ORDER BY s.id",
		0, NULL, &n, err);
	if (st != RD_OK || !bulk || n == 0)
		return st;
	snprintf(rows, sizeof(rows), "%ld", n);
	date_format_iso(L->gen.today, day);
	return db_exec(L->db,
		"INSERT INTO rd.history (table_name, row_key, op, new_row, reason, request_id)"
		" VALUES ('retention_offers', '*bulk*', 'INSERT',"
		" jsonb_build_object('rows', $1::bigint, 'today', $2::text),"
		" nullif(current_setting('repeatdesk.reason', true), ''),"
		" nullif(current_setting('repeatdesk.request_id', true), ''))",
		2, p, NULL, err);
}

/* The media's monthly costs (0115), so that the demo's media report has
 * a CPO: each month, what the customers a media code brought that month
 * would cost at a cost per first order typical of its channel (TV dearest,
 * flyers cheapest), varied a little per code. Made from the data loaded,
 * so a demo of any size has believable figures; months a code brought
 * nobody have no cost. Deterministic (no random numbers). */
static enum rd_status seed_media_costs(struct rd_db *db, struct rd_error *err)
{
	return db_exec(db,
		"INSERT INTO rd.media_costs (media_code, month, amount, note)"
		" SELECT n.media_code, date_trunc('month', n.first_date)::date,"
		"        count(*) * (CASE m.channel WHEN 'tv' THEN 14000"
		"                    WHEN 'newspaper' THEN 9000 WHEN 'radio' THEN 11000"
		"                    WHEN 'web' THEN 6500 ELSE 4500 END"
		"                    + abs(hashtext(m.code)) % 3000),"
		"        'demo'"
		"   FROM rd_sum.media_customers n JOIN rd.media m ON m.code = n.media_code"
		"  GROUP BY n.media_code, m.channel, m.code, 2"
		" ON CONFLICT (media_code, month) DO NOTHING",
		0, NULL, NULL, err);
}

/* ---- one COPY per table ---- */

static void report(const struct seed_options *opt, long long done,
		   long long total, const char *label)
{
	if (opt->progress)
		opt->progress(done, total, _(label), opt->progress_arg);
}

static enum rd_status flush(struct loader *L, struct rd_error *err)
{
	enum rd_status st = RD_OK;

	if (L->buf.len > 0)
		st = db_copy_send(L->db, L->buf.buf, L->buf.len, err);
	sbuf_reset(&L->buf);
	return st;
}

static enum rd_status load_table(struct loader *L, enum seed_table t,
				 const struct seed_options *opt,
				 struct rd_error *err)
{
	long long rows[T_COUNT];
	enum rd_status st;
	long total = opt->customers;

	memset(L->n, 0, sizeof(L->n));
	report(opt, 0, total, tables[t].label);
	st = db_copy_begin(L->db, tables[t].copy, err);
	if (st != RD_OK)
		return st;
	for (long i = 0; i < total; i++) {
		seedgen_customer_upto(&L->gen, (uint64_t)i, tables[t].level, L->c);
		tables[t].write(L);
		customer_rows(L->c, rows);
		for (int k = 0; k < T_COUNT; k++)
			L->n[k] += rows[k];
		if (L->buf.len >= FLUSH_AT && (st = flush(L, err)) != RD_OK)
			break;
		if ((i + 1) % PROGRESS_EVERY == 0)
			report(opt, i + 1, total, tables[t].label);
	}
	if (st == RD_OK)
		st = flush(L, err);
	if (st != RD_OK) {
		struct rd_error ignored;

		/* end the COPY so that the connection can roll back; the
		 * first error is the one worth telling */
		(void)db_copy_end(L->db, &ignored);
		sbuf_reset(&L->buf);
		return st;
	}
	st = db_copy_end(L->db, err);
	if (st == RD_OK)
		report(opt, total, total, tables[t].label);
	return st;
}

/* Bulk mode: the figures written with the customers, in one COPY (with
 * the triggers on, rd.customers' and rd.orders' triggers keep them). */
static enum rd_status load_figures(struct loader *L, struct rd_error *err)
{
	enum rd_status st;
	size_t off = 0;

	st = db_copy_begin(L->db,
			   "COPY rd.customer_figures (customer_id, ltv, order_count,"
			   " first_order_date, last_order_date) FROM STDIN", err);
	if (st != RD_OK)
		return st;
	while (st == RD_OK && off < L->figures.len) {
		size_t n = L->figures.len - off;

		if (n > FLUSH_AT)
			n = FLUSH_AT;
		st = db_copy_send(L->db, L->figures.buf + off, n, err);
		off += n;
	}
	if (st != RD_OK) {
		struct rd_error ignored;

		(void)db_copy_end(L->db, &ignored);
		return st;
	}
	return db_copy_end(L->db, err);
}

/* ---- the catalogue and what the rows refer to ---- */

static enum rd_status query_ll(struct rd_db *db, const char *sql, int np,
			       const char *const *params, long long *out,
			       struct rd_error *err)
{
	char buf[32];
	bool is_null = false;
	enum rd_status st = db_query_value(db, sql, np, params, buf, sizeof(buf),
					   &is_null, err);

	if (st != RD_OK)
		return st;
	if (is_null)
		return rd_error_set(err, RD_NOT_FOUND, _("not found"));
	*out = strtoll(buf, NULL, 10);
	return RD_OK;
}

/* Runs INSERT INTO <head> VALUES (...), ... ON CONFLICT <tail> with
 * nrows rows of ncols parameters each. The SQL text is ours; every value
 * travels as a parameter. */
static enum rd_status insert_rows(struct rd_db *db, const char *head,
				  const char *tail, int nrows, int ncols,
				  const char *const *params, struct rd_error *err)
{
	struct sbuf sql;
	enum rd_status st;

	sbuf_init(&sql);
	sbuf_printf(&sql, "INSERT INTO %s VALUES ", head);
	for (int r = 0; r < nrows; r++) {
		sbuf_adds(&sql, r ? ", (" : "(");
		for (int c = 0; c < ncols; c++)
			sbuf_printf(&sql, "%s$%d", c ? ", " : "", r * ncols + c + 1);
		sbuf_addc(&sql, ')');
	}
	sbuf_printf(&sql, " %s", tail);
	st = db_exec(db, sql.buf, nrows * ncols, params, NULL, err);
	sbuf_done(&sql);
	return st;
}

/* The demo's insert rules (seedgen_insert_rules), so that a confirmation
 * shows what goes into the box. */
static enum rd_status load_insert_rules(struct loader *L, struct rd_error *err)
{
	size_t nr, np;
	const struct seedgen_insert_rule *r = seedgen_insert_rules(&nr);
	const struct seedgen_product *p = seedgen_products(&np);
	const char **params = xcalloc(nr * 7, sizeof(char *));
	char (*num)[24] = xcalloc(nr * 3, sizeof(*num));
	enum rd_status st;

	for (size_t i = 0; i < nr; i++) {
		snprintf(num[i * 3], sizeof(num[0]), "%d", r[i].delivery_no);
		snprintf(num[i * 3 + 1], sizeof(num[0]), "%ld", r[i].min_total);
		snprintf(num[i * 3 + 2], sizeof(num[0]), "%d", r[i].priority);
		params[i * 7] = r[i].code;
		params[i * 7 + 1] = r[i].name;
		params[i * 7 + 2] = r[i].first_order ? "true" : "false";
		params[i * 7 + 3] = r[i].delivery_no > 0 ? num[i * 3] : NULL;
		params[i * 7 + 4] = r[i].product >= 0 && (size_t)r[i].product < np
				    ? p[r[i].product].code : NULL;
		params[i * 7 + 5] = r[i].min_total >= 0 ? num[i * 3 + 1] : NULL;
		params[i * 7 + 6] = num[i * 3 + 2];
	}
	st = insert_rows(L->db,
			 "rd.insert_rules (code, name, first_order, delivery_no, sku, min_total,"
			 " priority)", "ON CONFLICT (code) DO NOTHING", (int)nr, 7, params, err);
	free(params);
	free(num);
	return st;
}

static enum rd_status load_catalogue(struct loader *L, struct rd_error *err)
{
	size_t np, nm, nt;
	const struct seedgen_product *p = seedgen_products(&np);
	const struct seedgen_media *m = seedgen_media_list(&nm);
	const char *const *teams = seedgen_team_names(&nt);
	size_t nparams = np * 6 > nm * 4 ? np * 6 : nm * 4;
	size_t nnum = np * 3 > nm ? np * 3 : nm;
	const char **params = xcalloc(nparams, sizeof(char *));
	char (*num)[24] = xcalloc(nnum, sizeof(*num));
	enum rd_status st;

	st = insert_rows(L->db, "rd.teams (name)", "ON CONFLICT (name) DO NOTHING",
			 (int)nt, 1, (const char *const *)teams, err);
	if (st != RD_OK)
		goto out;

	for (size_t i = 0; i < np; i++) {
		snprintf(num[i * 3], sizeof(num[0]), "%d", p[i].list_price);
		snprintf(num[i * 3 + 1], sizeof(num[0]), "%d", p[i].tax_rate);
		snprintf(num[i * 3 + 2], sizeof(num[0]), "%d", p[i].sub_price);
		params[i * 6] = p[i].code;
		params[i * 6 + 1] = p[i].name;
		params[i * 6 + 2] = num[i * 3];
		params[i * 6 + 3] = num[i * 3 + 1];
		params[i * 6 + 4] = p[i].sub_price ? num[i * 3 + 2] : NULL;
		params[i * 6 + 5] = p[i].upsell >= 0 ? p[p[i].upsell].code : NULL;
	}
	/* one statement: an upsell may name a product listed after it */
	st = insert_rows(L->db,
			 "rd.products (sku, name, price, tax_rate, subscription_price, upsell_sku)",
			 "ON CONFLICT (sku) DO NOTHING", (int)np, 6, params, err);
	if (st != RD_OK)
		goto out;

	for (size_t i = 0; i < nm; i++) {
		snprintf(num[i], sizeof(num[0]), "%ld", m[i].cost);
		params[i * 4] = m[i].code;
		params[i * 4 + 1] = m[i].name;
		params[i * 4 + 2] = media_channel_names[m[i].kind];
		params[i * 4 + 3] = num[i];
	}
	st = insert_rows(L->db, "rd.media (code, name, channel, cost)",
			 "ON CONFLICT (code) DO NOTHING", (int)nm, 4, params, err);
	if (st != RD_OK)
		goto out;
	if ((st = load_insert_rules(L, err)) != RD_OK)
		goto out;

	for (int a = 0; a < SEEDGEN_AGENTS; a++) {
		char team[24];
		const char *ap[2] = { agent_logins[a], teams[a] };
		const char *up[2] = { agent_logins[a], team };

		st = query_ll(L->db, "SELECT id FROM rd.agents WHERE login = $1", 1, ap,
			      &L->agent_id[a], err);
		if (st == RD_NOT_FOUND)
			st = rd_error_set(err, RD_REFUSED,
				_("the demo agent '%s' is missing; 'repeatdesk db seed' creates the demo agents before it loads the data"),
				agent_logins[a]);
		if (st != RD_OK)
			goto out;
		st = query_ll(L->db, "SELECT id FROM rd.teams WHERE name = $1", 1, ap + 1,
			      &L->team_id[a], err);
		if (st != RD_OK)
			goto out;
		/* a demo agent without a team joins its demo team */
		snprintf(team, sizeof(team), "%lld", L->team_id[a]);
		st = db_exec(L->db,
			     "UPDATE rd.agents SET team_id = $2::bigint"
			     " WHERE login = $1 AND team_id IS NULL",
			     2, up, NULL, err);
		if (st != RD_OK)
			goto out;
	}
out:
	free(params);
	free(num);
	return st;
}

/* The demo's sample of the national postal-code file (db/demo/
 * postal_sample.csv, compiled in), so that a postal code fills the address
 * on every form without a service. Never over a KEN_ALL already imported:
 * that one is the whole country. */
static enum rd_status load_postal_sample(struct rd_db *db, long long *rows,
					 struct rd_error *err)
{
	struct postal_import_stats stats;
	const char *csv = postal_sample_builtin[0].contents;
	char have[32];
	enum rd_status st;
	FILE *f;

	*rows = 0;
	st = db_query_value(db, "SELECT count(*) > 0 FROM rd.postal_codes WHERE source = 'ken_all'",
			    0, NULL, have, sizeof(have), NULL, err);
	if (st != RD_OK || strcmp(have, "t") == 0)
		return st;
	f = fmemopen((void *)csv, strlen(csv), "r");
	if (!f)
		return rd_error_set(err, RD_INTERNAL, _("cannot read the demo's postal codes"));
	st = postal_store_import(db, f, &stats, err);
	fclose(f);
	if (st == RD_OK)
		*rows = stats.addresses;
	return st;
}

/* The business time zone (rd.settings business_timezone, by default
 * Asia/Tokyo): dates and times of the data are local to it. */
static enum rd_status read_timezone(struct loader *L, char *tz, size_t tzsz,
				    struct rd_error *err)
{
	bool is_null = false;
	enum rd_status st;

	st = db_query_value(L->db,
			    "SELECT value FROM rd.settings WHERE key = 'business_timezone'",
			    0, NULL, tz, tzsz, &is_null, err);
	if (st == RD_NOT_FOUND || (st == RD_OK && (is_null || !*tz))) {
		snprintf(tz, tzsz, "%s", "Asia/Tokyo");
		st = RD_OK;
	}
	return st;
}

/* The value the next nextval of seq (a sequence name as the catalogue
 * spells it) will give, without taking it: a load that fails leaves the
 * sequences as they were. The tables are locked against inserts, so
 * nobody else takes numbers meanwhile. */
static enum rd_status peek_sequence(struct loader *L, const char *seq,
				    long long *out, struct rd_error *err)
{
	/* seq comes from pg_get_serial_sequence or is a constant of ours */
	char *sql = xasprintf("SELECT CASE WHEN is_called THEN last_value + 1"
			      " ELSE last_value END FROM %s", seq);
	enum rd_status st = query_ll(L->db, sql, 0, NULL, out, err);

	free(sql);
	return st;
}

static enum rd_status reserve_ids(struct loader *L, struct rd_error *err)
{
	enum rd_status st;

	for (int t = 0; t < T_COUNT; t++) {
		char qualified[64], seq[160];
		const char *p[1] = { qualified };

		snprintf(qualified, sizeof(qualified), "rd.%s", tables[t].name);
		st = db_query_value(L->db, "SELECT pg_get_serial_sequence($1, 'id')",
				    1, p, seq, sizeof(seq), NULL, err);
		if (st == RD_OK)
			st = peek_sequence(L, seq, &L->base[t], err);
		if (st != RD_OK)
			return st;
	}
	st = peek_sequence(L, "rd.customer_code_seq", &L->customer_code_base, err);
	if (st == RD_OK)
		st = peek_sequence(L, "rd.order_no_seq", &L->order_no_base, err);
	return st;
}

/* Moves each sequence past the rows loaded: the next nextval gives
 * base + n (unchanged when nothing was loaded). */
static enum rd_status advance_sequences(struct loader *L, const long long n[T_COUNT],
					struct rd_error *err)
{
	char next[32], qualified[64];
	const char *p[2] = { qualified, next };
	enum rd_status st;

	for (int t = 0; t < T_COUNT; t++) {
		snprintf(qualified, sizeof(qualified), "rd.%s", tables[t].name);
		snprintf(next, sizeof(next), "%lld", L->base[t] + n[t]);
		st = db_exec(L->db,
			     "SELECT setval(pg_get_serial_sequence($1, 'id'), $2::bigint, false)",
			     2, p, NULL, err);
		if (st != RD_OK)
			return st;
	}
	snprintf(next, sizeof(next), "%lld", L->customer_code_base + n[T_CUSTOMERS]);
	st = db_exec(L->db, "SELECT setval('rd.customer_code_seq', $1::bigint, false)",
		     1, p + 1, NULL, err);
	if (st != RD_OK)
		return st;
	snprintf(next, sizeof(next), "%lld", L->order_no_base + n[T_ORDERS]);
	return db_exec(L->db, "SELECT setval('rd.order_no_seq', $1::bigint, false)",
		       1, p + 1, NULL, err);
}

/* The tables that COPY loads, as a regclass[] literal. */
#define LOADED_TABLES "{rd.customers,rd.subscriptions,rd.subscription_lines," \
	"rd.subscription_skips,rd.orders,rd.order_lines,rd.inquiries," \
	"rd.inquiry_entries}"

/* Bulk mode: drops the plain secondary indexes of the loaded tables and
 * remembers their definitions (and comments) in L->indexes, so that they
 * are built once by sorting after the load instead of taking millions of
 * single insertions. Primary keys, unique indexes and whatever backs a
 * constraint stay. The DDL is part of the load's transaction: a failed
 * load rolls the indexes back with everything else. The statements run
 * here are the catalogue's own definitions, never text from a user. */
static enum rd_status drop_indexes(struct loader *L, struct rd_error *err)
{
	const char *p[1] = { LOADED_TABLES };
	enum rd_status st;

	st = db_query(L->db,
		      "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),"
		      " CASE WHEN d.description IS NOT NULL THEN"
		      "  format('COMMENT ON INDEX %s IS %L', i.indexrelid::regclass,"
		      "         d.description) END"
		      " FROM pg_index i"
		      " LEFT JOIN pg_description d ON d.objoid = i.indexrelid"
		      "  AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0"
		      " WHERE i.indrelid = ANY ($1::regclass[])"
		      "  AND NOT i.indisprimary AND NOT i.indisunique"
		      "  AND NOT i.indisexclusion AND i.indisvalid"
		      "  AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
		      "                  WHERE c.conindid = i.indexrelid)"
		      " ORDER BY i.indrelid, 1",
		      1, p, &L->indexes, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < L->indexes.nrows; i++) {
		char *sql = xasprintf("DROP INDEX %s", db_rows_get(&L->indexes, i, 0));

		st = db_exec(L->db, sql, 0, NULL, NULL, err);
		free(sql);
		if (st != RD_OK)
			return st;
	}
	return RD_OK;
}

/* Builds the indexes drop_indexes dropped, as they were defined. */
static enum rd_status rebuild_indexes(struct loader *L,
				      const struct seed_options *opt,
				      struct rd_error *err)
{
	enum rd_status st;
	int n = L->indexes.nrows;

	if (n == 0)
		return RD_OK;
	for (int i = 0; i < n; i++) {
		const char *comment = db_rows_get(&L->indexes, i, 2);

		report(opt, i, n, N_("indexes"));
		st = db_exec(L->db, db_rows_get(&L->indexes, i, 1), 0, NULL, NULL, err);
		if (st == RD_OK && comment)
			st = db_exec(L->db, comment, 0, NULL, NULL, err);
		if (st != RD_OK)
			return st;
	}
	report(opt, n, n, N_("indexes"));
	return RD_OK;
}

/* One history row per bulk-loaded table (see seed.h). */
static enum rd_status record_bulk(struct loader *L, const long long n[T_COUNT],
				  unsigned long long seed, struct rd_error *err)
{
	char rows[32], seedtxt[32], day[DATE_ISO_SIZE];
	const char *p[4] = { NULL, rows, seedtxt, day };

	snprintf(seedtxt, sizeof(seedtxt), "%llu", seed);
	date_format_iso(L->gen.today, day);
	for (int t = 0; t < T_COUNT; t++) {
		enum rd_status st;

		if (n[t] == 0)
			continue;
		p[0] = tables[t].name;
		snprintf(rows, sizeof(rows), "%lld", n[t]);
		st = db_exec(L->db,
			     "INSERT INTO rd.history (table_name, row_key, op, new_row,"
			     " reason, request_id)"
			     " VALUES ($1, '*bulk*', 'INSERT',"
			     " jsonb_build_object('rows', $2::bigint, 'seed', $3::numeric,"
			     " 'today', $4::text),"
			     " nullif(current_setting('repeatdesk.reason', true), ''),"
			     " nullif(current_setting('repeatdesk.request_id', true), ''))",
			     4, p, NULL, err);
		if (st != RD_OK)
			return st;
	}
	return RD_OK;
}

static enum rd_status find_today(struct loader *L, const struct seed_options *opt,
				 const char *tz, int32_t *today,
				 struct rd_error *err)
{
	char day[DATE_ISO_SIZE];
	const char *p[1] = { tz };
	enum rd_status st;

	if (opt->today)
		return date_parse_iso(opt->today, today, err);
	st = db_query_value(L->db, "SELECT (now() AT TIME ZONE $1)::date::text", 1, p,
			    day, sizeof(day), NULL, err);
	if (st != RD_OK)
		return st;
	return date_parse_iso(day, today, err);
}

enum rd_status seed_run(struct rd_db *db, const struct seed_options *opt,
			struct rd_error *err)
{
	struct loader L;
	char tz[64], flag[16], reason[64];
	long long loaded[T_COUNT] = { 0 }, postal_rows = 0;
	int32_t today = 0;
	bool bulk = false, in_tx = false;
	enum rd_status st;
	size_t n;

	if (!opt || opt->customers < 0)
		return rd_error_set(err, RD_USAGE, _("the number of customers must be 0 or more"));
	if (opt->subscription_rate < 0 || opt->subscription_rate > 100)
		return rd_error_set(err, RD_USAGE,
			_("the subscription rate is a percentage from 0 to 100, not %d"),
			opt->subscription_rate);
	memset(&L, 0, sizeof(L));
	L.db = db;
	L.products = seedgen_products(&n);
	L.media = seedgen_media_list(&n);
	L.family = seedgen_family_names(&n);
	L.given = seedgen_given_names(&n);
	L.prefs = seedgen_prefectures();
	sbuf_init(&L.buf);
	sbuf_init(&L.figures);
	L.c = xmalloc(sizeof(*L.c));
	memset(L.c, 0, sizeof(*L.c));

	report(opt, 0, 0, N_("catalogue"));
	/* the history's reason, in the business's language */
	bizlang_printf(db, reason, sizeof(reason), err, SEED_REASON);
	st = db_begin(db, reason, NULL, err);
	if (st != RD_OK)
		goto out;
	in_tx = true;
	/* a million customers take minutes: no time limit, and the tables
	 * are locked by this load alone */
	if ((st = timeouts_long_job(db, TIMEOUTS_LOCKS_NONE, err)) != RD_OK)
		goto out;
	/* writers wait until the load commits; readers go on */
	st = db_exec(db,
		     "LOCK TABLE rd.customers, rd.subscriptions, rd.subscription_lines,"
		     " rd.subscription_skips, rd.orders, rd.order_lines, rd.inquiries,"
		     " rd.inquiry_entries IN SHARE ROW EXCLUSIVE MODE",
		     0, NULL, NULL, err);
	if (st != RD_OK)
		goto out;
	st = db_query_value(db, "SELECT EXISTS (SELECT 1 FROM rd.customers)", 0, NULL,
			    flag, sizeof(flag), NULL, err);
	if (st != RD_OK)
		goto out;
	if (strcmp(flag, "t") == 0) {
		st = rd_error_set(err, RD_REFUSED,
			_("the database already has customers; demo data is loaded only into an empty database"));
		goto out;
	}
	if ((st = read_timezone(&L, tz, sizeof(tz), err)) != RD_OK ||
	    (st = find_today(&L, opt, tz, &today, err)) != RD_OK)
		goto out;
	seedgen_init(&L.gen, opt->seed, today);
	L.gen.subscription_permille = (unsigned)opt->subscription_rate * 10u;
	/* timestamps in the COPY data are local times of the business */
	st = db_exec(db, "SELECT set_config('TimeZone', $1, true)", 1,
		     (const char *const[]){ tz }, NULL, err);
	if (st != RD_OK)
		goto out;
	if ((st = load_catalogue(&L, err)) != RD_OK)
		goto out;
	/* the business calendar: this year's national holidays and the next
	 * two (the year-end closing and closed weekdays are settings) */
	{
		int year, added;

		date_to_ymd(today, &year, NULL, NULL);
		if ((st = calendar_store_load_holidays(db, year, SEED_HOLIDAY_YEARS, true, NULL,
						       NULL, &added, err)) != RD_OK)
			goto out;
	}

	st = db_query_value(db, "SELECT current_setting('is_superuser')", 0, NULL,
			    flag, sizeof(flag), NULL, err);
	if (st != RD_OK)
		goto out;
	bulk = strcmp(flag, "on") == 0;
	if (bulk) {
		/* skips the triggers (history, touch, notify, the figures of
		 * 0010, foreign keys) for the bulk rows; a summary goes to
		 * history below */
		st = db_exec(db, "SET LOCAL session_replication_role = replica", 0,
			     NULL, NULL, err);
		if (st == RD_OK)
			st = db_exec(db, "SET LOCAL maintenance_work_mem = '256MB'", 0,
				     NULL, NULL, err);
		if (st == RD_OK && opt->customers > 0)
			st = drop_indexes(&L, err);
		if (st != RD_OK)
			goto out;
	}
	if ((st = reserve_ids(&L, err)) != RD_OK)
		goto out;
	if (opt->customers > 0) {
		for (int t = 0; t < T_COUNT; t++) {
			st = load_table(&L, (enum seed_table)t, opt, err);
			if (st != RD_OK)
				goto out;
		}
		memcpy(loaded, L.n, sizeof(loaded));
		if (bulk && (st = load_figures(&L, err)) != RD_OK)
			goto out;
	}
	sbuf_done(&L.figures);
	if ((st = rebuild_indexes(&L, opt, err)) != RD_OK)
		goto out;
	if (st == RD_OK)
		st = seed_retention(&L, bulk, err);
	if (st != RD_OK)
		goto out;
	if (bulk) {
		st = db_exec(db, "SET LOCAL session_replication_role = origin", 0, NULL,
			     NULL, err);
		/* what the skipped triggers keep: each customer's first order
		 * for the media report (0116) */
		if (st == RD_OK)
			st = db_exec(db, "SELECT rd.media_customers_rebuild()", 0, NULL,
				     NULL, err);
		if (st == RD_OK)
			st = record_bulk(&L, loaded, opt->seed, err);
		if (st != RD_OK)
			goto out;
	}
	if ((st = seed_media_costs(db, err)) != RD_OK)
		goto out;
	if ((st = advance_sequences(&L, loaded, err)) != RD_OK)
		goto out;
	st = db_commit(db, err);
	in_tx = false;
	if (st != RD_OK)
		goto out;

	report(opt, 0, 0, N_("postal codes"));
	if ((st = load_postal_sample(db, &postal_rows, err)) != RD_OK)
		goto out;
	report(opt, 1, 1, N_("postal codes"));

	if (opt->result) {
		struct seed_result *r = opt->result;

		memset(r, 0, sizeof(*r));
		r->postal_codes = postal_rows;
		r->customers = loaded[T_CUSTOMERS];
		r->subscriptions = loaded[T_SUBSCRIPTIONS];
		r->subscription_lines = loaded[T_SUBSCRIPTION_LINES];
		r->subscription_skips = loaded[T_SUBSCRIPTION_SKIPS];
		r->orders = loaded[T_ORDERS];
		r->order_lines = loaded[T_ORDER_LINES];
		r->inquiries = loaded[T_INQUIRIES];
		r->inquiry_entries = loaded[T_INQUIRY_ENTRIES];
		for (int t = 0; t < T_COUNT; t++)
			r->total += loaded[t];
		r->today = today;
		r->bulk = bulk;
	}

	/* fresh statistics, or the first queries plan for empty tables */
	report(opt, 0, 0, N_("analyze"));
	/* in a transaction of its own, so that it may take its time */
	st = db_begin(db, NULL, NULL, err);
	if (st != RD_OK)
		goto out;
	in_tx = true;
	if ((st = timeouts_long_job(db, TIMEOUTS_LOCKS_MINUTE, err)) == RD_OK)
		st = db_exec(db,
			     "ANALYZE rd.customers, rd.subscriptions, rd.subscription_lines,"
			     " rd.subscription_skips, rd.orders, rd.order_lines, rd.inquiries,"
			     " rd.inquiry_entries, rd.products, rd.media, rd.customer_figures",
			     0, NULL, NULL, err);
	if (st != RD_OK)
		goto out;
	st = db_commit(db, err);
	in_tx = false;
	if (st != RD_OK)
		goto out;
	report(opt, 1, 1, N_("analyze"));

out:
	if (in_tx)
		db_rollback(db);
	sbuf_done(&L.buf);
	sbuf_done(&L.figures);
	db_rows_free(&L.indexes);
	free(L.c);
	return st;
}
