/* seedgen.h: deterministic demo data for `repeatdesk db seed`.
 *
 * Pure code (no I/O, no globals, no allocation): a small PRNG and the
 * tables and distributions that make a realistic Japanese subscription
 * mail-order business — customers with kanji names and katakana readings,
 * phones, postal codes and addresses by prefecture, a product catalogue
 * with 8% and 10% tax, media codes, subscriptions over every kind of
 * cycle with the drop-off by delivery number that this business lives
 * with, past orders and phone-desk inquiries.
 *
 * Everything about customer i is a function of (seed, today, i) alone:
 * generation parallelizes and reproduces exactly. Dates are day numbers
 * (date.h) relative to `today`, so that a demo loaded on any day has
 * recent orders and upcoming deliveries; the same seed and the same today
 * give byte-identical data.
 *
 * The generator speaks in indexes and enums; store/seed.c turns them into
 * the database's rows and spellings. */
#ifndef REPEATDESK_SEEDGEN_H
#define REPEATDESK_SEEDGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/cycle.h"

/* ---- PRNG: splitmix64, one independent stream per (seed, stream, index) */

struct seedgen_rng {
	uint64_t state;
};

/* Seeds r from seed, a stream number (one per aspect of a customer, so
 * that changing how orders are drawn does not change names) and an
 * index (the customer). */
void seedgen_rng_init(struct seedgen_rng *r, uint64_t seed, uint64_t stream,
		      uint64_t index);
uint64_t seedgen_rng_next(struct seedgen_rng *r);
/* Uniform in 0..n-1 (n > 0), without modulo bias worth mentioning
 * (Lemire's multiply-shift on 32 random bits). */
uint32_t seedgen_rng_below(struct seedgen_rng *r, uint32_t n);
/* Uniform in lo..hi inclusive (lo <= hi). */
int seedgen_rng_range(struct seedgen_rng *r, int lo, int hi);
/* True with probability permille / 1000. */
bool seedgen_rng_chance(struct seedgen_rng *r, unsigned permille);

/* ---- static tables ---- */

enum seedgen_gender {
	SEEDGEN_FEMALE,
	SEEDGEN_MALE,
};

/* A family or given name: kanji, katakana reading, Hepburn romaji (for
 * demo e-mail addresses). */
struct seedgen_name {
	const char *kanji;
	const char *kana;
	const char *romaji;
	enum seedgen_gender gender;	/* given names only */
};

const struct seedgen_name *seedgen_family_names(size_t *count);
const struct seedgen_name *seedgen_given_names(size_t *count);

/* A town of a prefecture with its postal code and the area code of its
 * landlines ("03", "045", "0466": area code + local number = 10 digits). */
struct seedgen_town {
	const char *city;	/* 千代田区, 大阪市北区, 旭川市 */
	const char *town;	/* 丸の内, 梅田 */
	const char *postal;	/* 7 digits */
	const char *area_code;
};

#define SEEDGEN_TOWNS_MAX 5

struct seedgen_prefecture {
	const char *name;	/* 東京都 */
	int postal_lo;		/* first three digits of its postal codes */
	int postal_hi;
	int weight;		/* population, 10,000s: how many customers */
	int ntowns;
	struct seedgen_town towns[SEEDGEN_TOWNS_MAX];
};

#define SEEDGEN_PREFECTURES 47

const struct seedgen_prefecture *seedgen_prefectures(void);

enum seedgen_product_kind {
	SEEDGEN_PRODUCT_SUPPLEMENT,	/* food: reduced rate */
	SEEDGEN_PRODUCT_FOOD,		/* food: reduced rate */
	SEEDGEN_PRODUCT_COSMETIC,
	SEEDGEN_PRODUCT_GOODS,
};

/* One product of the catalogue. Prices are integer yen before tax. */
struct seedgen_product {
	const char *code;
	const char *name;
	enum seedgen_product_kind kind;
	int tax_rate;		/* 8 (food) or 10 */
	int list_price;
	int sub_price;		/* subscription price; 0: not sold on subscription */
	int upsell;		/* index of the product to offer next, or -1 */
	int popularity;		/* relative weight of choice */
};

const struct seedgen_product *seedgen_products(size_t *count);

enum seedgen_media_kind {
	SEEDGEN_MEDIA_TV,
	SEEDGEN_MEDIA_NEWSPAPER,
	SEEDGEN_MEDIA_WEB,
	SEEDGEN_MEDIA_RADIO,
	SEEDGEN_MEDIA_FLYER,
};

/* An advertisement that brings customers (媒体コード). */
struct seedgen_media {
	const char *code;
	const char *name;
	enum seedgen_media_kind kind;
	long cost;		/* yen spent */
	int weight;		/* relative share of the customers it brings */
};

const struct seedgen_media *seedgen_media_list(size_t *count);

/* An insert rule of the demo (rd.insert_rules): a flyer or sample that
 * goes into the box when every condition given holds. */
struct seedgen_insert_rule {
	const char *code;
	const char *name;
	bool first_order;	/* the customer's first order */
	int delivery_no;	/* this delivery of a subscription; 0: any */
	int product;		/* index into seedgen_products; -1: any */
	long min_total;		/* goods total (tax incl.) at least; -1: any */
	int priority;		/* smaller goes in first */
};

/* The demo's insert rules: by first order, delivery number, product and
 * order total. */
const struct seedgen_insert_rule *seedgen_insert_rules(size_t *count);

/* A cycle customers ask for, with its relative weight. */
struct seedgen_cycle_choice {
	const char *spec;	/* compact spec, cycle.h */
	int weight;
};

const struct seedgen_cycle_choice *seedgen_cycles(size_t *count);

/* ---- subscription drop-off ---- */

/* Probability, in per mille, that a subscription that made delivery k
 * (k >= 1) goes on to delivery k + 1: 600, 650, 750, then 850..900. */
unsigned seedgen_continuation_permille(int k);

/* Draws the delivery number a subscription stops after (>= 1), following
 * seedgen_continuation_permille, capped at max. */
int seedgen_draw_lifetime(struct seedgen_rng *r, int max);

/* ---- a customer and everything about them ---- */

#define SEEDGEN_MAX_LINES 4
#define SEEDGEN_MAX_ORDERS 96
#define SEEDGEN_MAX_SKIPS 3
#define SEEDGEN_MAX_INQUIRIES 6
#define SEEDGEN_MAX_ENTRIES 5

enum seedgen_payment {
	SEEDGEN_PAY_CARD,
	SEEDGEN_PAY_COD,		/* cash on delivery */
	SEEDGEN_PAY_CONVENIENCE,	/* convenience-store deferred */
	SEEDGEN_PAY_BANK,
};

enum seedgen_slot {
	SEEDGEN_SLOT_NONE,
	SEEDGEN_SLOT_MORNING,
	SEEDGEN_SLOT_14_16,
	SEEDGEN_SLOT_16_18,
	SEEDGEN_SLOT_18_20,
	SEEDGEN_SLOT_19_21,
};

/* Fees of the generated orders, yen, tax included (as rd.settings has
 * them): shipping is free for subscription deliveries and for goods
 * worth SEEDGEN_FREE_SHIPPING_FROM or more, tax included. */
#define SEEDGEN_SHIPPING_FEE 600
#define SEEDGEN_FREE_SHIPPING_FROM 5000
#define SEEDGEN_COD_FEE 330

struct seedgen_line {
	int product;		/* index into seedgen_products */
	int qty;
	int unit_price;
	int tax_rate;
};

enum seedgen_order_status {
	SEEDGEN_ORDER_RECEIVED,		/* taken yesterday */
	SEEDGEN_ORDER_CONFIRMED,	/* taken, waiting to ship */
	SEEDGEN_ORDER_SHIPPED,
	SEEDGEN_ORDER_DELIVERED,
	SEEDGEN_ORDER_CANCELLED,
	SEEDGEN_ORDER_RETURNED,
};

struct seedgen_order {
	int32_t ordered_on;
	int32_t deliver_on;
	int minute;		/* time of day the order was taken, 0..1439 */
	int media;		/* index into seedgen_media_list */
	int delivery_no;	/* subscription delivery number, 0: one-off */
	enum seedgen_order_status status;
	enum seedgen_payment payment;
	enum seedgen_slot slot;
	int nlines;
	struct seedgen_line lines[SEEDGEN_MAX_LINES];
	bool desired;		/* the customer asked for deliver_on */
	/* money, integer yen: tax once per rate on the lines, rounded down;
	 * fees are tax included */
	long subtotal8;		/* lines at 8%, before tax */
	long subtotal10;	/* lines at 10%, before tax */
	long tax8;
	long tax10;
	int shipping_fee;
	int cod_fee;
	long total;		/* subtotals + taxes + fees */
};

enum seedgen_sub_status {
	SEEDGEN_SUB_ACTIVE,
	SEEDGEN_SUB_PAUSED,
	SEEDGEN_SUB_CANCELLED,
};

enum seedgen_cancel_reason {
	SEEDGEN_CANCEL_SURPLUS,		/* 余っている */
	SEEDGEN_CANCEL_PRICE,
	SEEDGEN_CANCEL_NO_EFFECT,
	SEEDGEN_CANCEL_HEALTH,
	SEEDGEN_CANCEL_OTHER_PRODUCT,
	SEEDGEN_CANCEL_MOVING,
	SEEDGEN_CANCEL_COUNT
};

/* The reason in the words an agent records it ("商品が余っている"). */
const char *seedgen_cancel_reason_text(enum seedgen_cancel_reason r);

/* A delivery the customer asked to skip: the number the delivery would
 * have had (the next one made takes it) and the date it was due. */
struct seedgen_skip {
	int delivery_no;
	int32_t date;
	int32_t asked_on;	/* the call that asked for it (an inquiry) */
	int asked_minute;
};

struct seedgen_subscription {
	bool present;
	char cycle[CYCLE_SPEC_SIZE];	/* compact spec */
	int cycle_choice;		/* index into seedgen_cycles */
	int32_t started_on;		/* delivery 1 */
	int deliveries;			/* deliveries ordered (orders 1..n) */
	int32_t last_delivery_on;	/* delivery `deliveries` */
	enum seedgen_sub_status status;
	int32_t next_delivery_on;	/* active, paused: delivery deliveries+1 */
	int32_t paused_on;		/* paused: the day it was paused */
	int32_t paused_until;		/* paused: first day it may resume */
	int32_t cancelled_on;		/* cancelled */
	enum seedgen_cancel_reason cancel_reason;
	bool offered_alternative;	/* an agent offered skip/pause first */
	int media;
	enum seedgen_payment payment;
	enum seedgen_slot slot;
	int nlines;
	struct seedgen_line lines[SEEDGEN_MAX_LINES];
	int nskips;
	struct seedgen_skip skips[SEEDGEN_MAX_SKIPS];
};

enum seedgen_inquiry_kind {
	SEEDGEN_INQ_SKIP,
	SEEDGEN_INQ_PAUSE,
	SEEDGEN_INQ_CHANGE_CYCLE,
	SEEDGEN_INQ_CHANGE_PRODUCT,
	SEEDGEN_INQ_CHANGE_ADDRESS,
	SEEDGEN_INQ_CANCEL,
	SEEDGEN_INQ_DELIVERY,		/* where is my parcel */
	SEEDGEN_INQ_PRODUCT,		/* how to take it, ingredients */
	SEEDGEN_INQ_PAYMENT,
	SEEDGEN_INQ_COMPLAINT,
	SEEDGEN_INQ_KIND_COUNT
};

enum seedgen_channel {
	SEEDGEN_CHANNEL_INBOUND_CALL,
	SEEDGEN_CHANNEL_OUTBOUND_CALL,
	SEEDGEN_CHANNEL_EMAIL,
	SEEDGEN_CHANNEL_LETTER,
};

enum seedgen_entry_kind {
	SEEDGEN_ENTRY_NOTE,
	SEEDGEN_ENTRY_CALL,
	SEEDGEN_ENTRY_HANDOFF,		/* agent -> to_agent */
	SEEDGEN_ENTRY_ESCALATION,	/* agent -> to_agent, the supervisor */
	SEEDGEN_ENTRY_STATUS_CHANGE,	/* to the inquiry's final status */
};

/* The demo agents, in this order: 'sato' (operator), 'suzuki' (agent),
 * 'takahashi' (supervisor); agent i works in team i. */
#define SEEDGEN_AGENTS 3
#define SEEDGEN_SUPERVISOR 2

const char *const *seedgen_team_names(size_t *count);

struct seedgen_entry {
	enum seedgen_entry_kind kind;
	int agent;		/* 0..SEEDGEN_AGENTS-1 */
	int to_agent;		/* handoff, escalate; else -1 */
	int minutes;		/* after the inquiry was opened */
	char text[256];		/* UTF-8, no control characters */
};

enum seedgen_inquiry_status {
	SEEDGEN_INQ_OPEN,
	SEEDGEN_INQ_IN_PROGRESS,
	SEEDGEN_INQ_WAITING_CUSTOMER,
	SEEDGEN_INQ_ESCALATED,
	SEEDGEN_INQ_RESOLVED,
	SEEDGEN_INQ_CLOSED,
};

enum seedgen_priority {
	SEEDGEN_PRIORITY_LOW,
	SEEDGEN_PRIORITY_NORMAL,
	SEEDGEN_PRIORITY_HIGH,
	SEEDGEN_PRIORITY_URGENT,
};

struct seedgen_inquiry {
	enum seedgen_inquiry_kind kind;
	enum seedgen_channel channel;
	enum seedgen_inquiry_status status;
	enum seedgen_priority priority;
	int32_t opened_on;
	int minute;		/* 0..1439, Asia/Tokyo */
	bool about_subscription;
	int order;		/* index into the customer's orders, or -1 */
	int skip;		/* SKIP: index into sub.skips; else -1 */
	int holder;		/* agent holding it now */
	int team;		/* team it belongs to */
	int32_t due_on;		/* unresolved: answer by then; else 0 */
	int32_t callback_on;	/* waiting for the customer: call back; else 0 */
	int callback_minute;
	char subject[128];
	int nentries;
	struct seedgen_entry entries[SEEDGEN_MAX_ENTRIES];
};

struct seedgen_customer {
	uint64_t index;
	/* person */
	int family;		/* index into seedgen_family_names */
	int given;		/* index into seedgen_given_names */
	enum seedgen_gender gender;
	int32_t birth_date;
	int prefecture;		/* index into seedgen_prefectures */
	int town;		/* index into its towns */
	char postal[8];		/* 7 digits */
	char address1[128];	/* city, town, 丁目-番-号 (not the prefecture) */
	char address2[96];	/* building and room, or "" */
	char phone[12];		/* 10 or 11 digits, no hyphens */
	char phone2[12];	/* a second number, or "" */
	char email[96];		/* at a reserved example domain, or "" */
	bool no_dm;		/* refuses direct mail */
	bool no_call;		/* refuses sales calls */
	bool no_email;		/* refuses mail magazines */
	const char *notes;	/* static text for the operator, or "" */
	int32_t registered_on;
	int minute;		/* time of day of registration */
	int media;		/* the advertisement that brought them */
	enum seedgen_payment payment;
	char card_last4[5];	/* card payers; else "" */
	char card_token[24];	/* a demo gateway token; card payers; else "" */
	/* figures derived from the orders below (cancelled orders excluded) */
	long ltv;
	int order_count;
	int32_t first_order_on;
	int32_t last_order_on;
	/* what happened */
	struct seedgen_subscription sub;
	int norders;		/* in order of ordered_on */
	struct seedgen_order orders[SEEDGEN_MAX_ORDERS];
	int ninquiries;
	struct seedgen_inquiry inquiries[SEEDGEN_MAX_INQUIRIES];
};

/* The parameters of one generated data set. */
struct seedgen {
	uint64_t seed;
	int32_t today;		/* day number; every date is before or near it */
	/* 0: the usual mix (about a third of the customers ever subscribe,
	 * most leave by the 4th delivery: ~5.6% active). 1..1000: exactly
	 * this share (per mille, drawn per customer) has a subscription, and
	 * it stays active (a load for the shipment run's benchmark). */
	unsigned subscription_permille;
};

/* Sets g to (seed, today) with subscription_permille 0. */
void seedgen_init(struct seedgen *g, uint64_t seed, int32_t today);

/* How much of a customer to make: each level includes those before it
 * and never changes them (each draws from its own PRNG stream), so a
 * loader that only needs subscriptions can stop early. */
enum seedgen_level {
	SEEDGEN_LEVEL_PERSON,		/* the fixed part up to the figures */
	SEEDGEN_LEVEL_SUBSCRIPTION,	/* + sub and its orders (not sorted) */
	SEEDGEN_LEVEL_ORDERS,		/* + one-off orders, sorted; figures */
	SEEDGEN_LEVEL_ALL,		/* + inquiries */
};

/* Fills *out with customer index of data set g, up to level; parts past
 * the level are left empty (norders, ninquiries 0) or unordered, as said
 * above. */
void seedgen_customer_upto(const struct seedgen *g, uint64_t index,
			   enum seedgen_level level, struct seedgen_customer *out);

/* Fills *out with customer index of data set g. Every byte of the fixed
 * part and of the orders, lines, inquiries and entries in use is written
 * (padding included); entries past norders / ninquiries / nentries are
 * left as they were. So two results compare with memcmp when both
 * structs started zeroed, and one struct can be refilled for the next
 * customer without clearing its ~20 KB first. */
void seedgen_customer(const struct seedgen *g, uint64_t index,
		      struct seedgen_customer *out);

#endif
