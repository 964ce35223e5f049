/* order.h: taking a phone order and the orders afterwards (store/order.c).
 *
 * The order screen and `repeatdesk order` share these functions:
 *
 *   order_request_init(&req)            when the form opens: a fresh
 *                                       request id (UUID) is made here;
 *   order_context_load(db, &ctx)        settings and today, once per form;
 *   order_product_get / _search         while lines are typed; the screen
 *                                       recomputes totals on every key with
 *                                       core/pricing (pricing_totals) from
 *                                       what these returned: no database
 *                                       round trip per keystroke;
 *   order_quote(db, &req, &quote)       the confirmation: every check the
 *                                       submit makes, the totals, the
 *                                       inserts, the bundling offers and the
 *                                       subscription's next dates; writes
 *                                       nothing;
 *   order_submit(db, &req, reason, &o)  saves it, once: the same request id
 *                                       again (double Enter, a retry after
 *                                       a lost connection, two terminals at
 *                                       once) returns the order it made;
 *   order_find_by_request(db, id, &o)   after a reconnect, before offering
 *                                       to submit again.
 *
 * Every struct is the caller's (fixed-size text, no heap memory, nothing to
 * free), no libpq type appears, and every function returns an rd_status
 * with a one-line message for the operator in err. Messages about input
 * start with the field ("date: ...", "item 2: ..."); functions that take
 * a struct order_fault (may be NULL) also say which field, so a screen can
 * put the cursor there and keep everything typed.
 *
 * Statuses: RD_INVALID input that cannot be accepted as typed (unknown
 * SKU or media code, quantity, a date that does not exist or is outside
 * the delivery window, a card number where a token belongs); RD_REFUSED a
 * business rule (inactive product, barred payment, cancelling a shipped
 * order); RD_NOT_FOUND no such customer or order; RD_CONFLICT someone else
 * changed the order (optimistic locking) or the request id belongs to
 * another order; RD_UNAVAILABLE the database is gone: keep the form, the
 * request id and retry.
 *
 * Dates are day numbers (date.h); ORDER_NO_DATE means none. struct
 * order_quote and struct order hold every line inline (about 38 kB and
 * 22 kB): keep them in a screen's private state or on the heap. The
 * handle is not shared between threads: a thread opens its own. */
#ifndef REPEATDESK_ORDER_H
#define REPEATDESK_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/calendar_store.h"
#include "repeatdesk/cycle.h"
#include "repeatdesk/db.h"
#include "repeatdesk/pricing.h"
#include "repeatdesk/status.h"

#define ORDER_NO_DATE INT32_MIN

#define ORDER_MAX_LINES 30        /* lines in one order */
#define ORDER_MAX_INSERTS 8       /* inserts that fit into one box */
#define ORDER_MAX_BUNDLE 8        /* bundling offers listed */
#define ORDER_MAX_RULES 200       /* active insert rules considered */
#define ORDER_NEXT_DATES 3        /* subscription dates shown */

#define ORDER_NO_SIZE 32
#define ORDER_CODE_SIZE 32        /* customer and media codes */
#define ORDER_SKU_SIZE PRICING_SKU_SIZE
#define ORDER_NAME_SIZE 481       /* 120 characters */
#define ORDER_REQUEST_ID_SIZE 37  /* 8-4-4-4-12 and the NUL */
#define ORDER_REASON_SIZE 801     /* 200 characters */
#define ORDER_STATUS_SIZE 16
#define ORDER_LOGIN_SIZE 64
#define ORDER_TIME_SIZE 32        /* "2026-11-22T14:03:05+09:00" */
#define ORDER_DESCRIBE_SIZE 160   /* a cycle in words */
#define ORDER_REASON_CHARS 200

#define ORDER_MAX_ADDRESSES 10
#define ORDER_ADDRESS_SIZE 481    /* 120 characters */

/* A place to deliver to: id 0 is the customer's own address. */
struct order_address {
	long long id;
	char label[ORDER_NAME_SIZE];      /* "ご実家", "" */
	char name[ORDER_NAME_SIZE];       /* the recipient */
	char postal_code[8];
	char prefecture[16];
	char address1[ORDER_ADDRESS_SIZE];
	char address2[ORDER_ADDRESS_SIZE];
};

/* ---- the form ---------------------------------------------------------- */

struct order_item {
	char sku[ORDER_SKU_SIZE];
	int quantity;                 /* 1..999 */
};

/* What the operator typed. Fields are checked by order_quote/order_submit,
 * not by whoever fills them. */
struct order_request {
	char request_id[ORDER_REQUEST_ID_SIZE];   /* UUID, set by _init */
	char customer_code[ORDER_CODE_SIZE];
	struct order_item items[ORDER_MAX_LINES];
	size_t nitems;
	enum pricing_payment payment;
	char card_token[PRICING_TOKEN_SIZE];      /* card only */
	char card_last4[PRICING_LAST4_SIZE];      /* card only */
	int32_t desired_date;         /* ORDER_NO_DATE: the earliest possible */
	enum pricing_slot slot;
	char media_code[ORDER_CODE_SIZE];         /* "": none */
	long long ship_address_id;    /* rd.customer_addresses id; 0: the
				       * customer's own address */
	char cycle[CYCLE_SPEC_SIZE * 2];          /* "": no subscription;
						   * else a spec (cycle.h) */
	char bundle_with[ORDER_NO_SIZE];          /* order number to ship with */
	long long bundle_subscription_id;         /* or a subscription's
						   * delivery (0: none) */
	char notes[ORDER_REASON_SIZE];
	/* A new delivery address (a gift recipient's, typed during the
	 * call): used when its address1 or postal_code is set, and then
	 * ship_address_id must be 0. It is saved as an address of the
	 * customer in the order's transaction, and the order ships there.
	 * id and label are ignored; name "" is the customer's name. */
	struct order_address new_address;
};

/* Clears req and gives it a new request id (libuuid, random). */
void order_request_init(struct order_request *req);

/* Writes a new random UUID ("0f8fad5b-d9cb-469f-a165-70867728950e"). */
void order_request_id_new(char out[ORDER_REQUEST_ID_SIZE]);

/* True when s is a UUID in the 8-4-4-4-12 hex form. */
bool order_request_id_valid(const char *s);

/* Which field a refusal is about. */
enum order_field {
	ORDER_FIELD_NONE,
	ORDER_FIELD_CUSTOMER,
	ORDER_FIELD_ITEM,        /* fault.line tells which */
	ORDER_FIELD_PAYMENT,
	ORDER_FIELD_CARD_TOKEN,
	ORDER_FIELD_CARD_LAST4,
	ORDER_FIELD_DATE,
	ORDER_FIELD_SLOT,
	ORDER_FIELD_MEDIA,
	ORDER_FIELD_ADDRESS,     /* the stored address chosen, or a new one as a whole */
	ORDER_FIELD_POSTAL,      /* of the new address */
	ORDER_FIELD_PREFECTURE,  /* of the new address */
	ORDER_FIELD_ADDRESS_LINE, /* the new address's lines or recipient */
	ORDER_FIELD_CYCLE,
	ORDER_FIELD_BUNDLE,
	ORDER_FIELD_REASON,
	ORDER_FIELD_REQUEST_ID,
	ORDER_FIELD_NOTES
};

struct order_fault {
	enum order_field field;
	int line;                /* ORDER_FIELD_ITEM: index from 0; else -1 */
};

/* ---- reference data for the form -------------------------------------- */

struct order_context {
	struct pricing_settings settings;
	int32_t today;           /* business date (settings' time zone) */
	int32_t earliest;        /* earliest delivery date */
	int32_t latest;          /* latest delivery date */
	/* the business calendar around today: closed days and where a
	 * delivery moves (calendar.h); calendar.cal.days points into it */
	struct calendar_set calendar;
};

/* Reads the settings of an order and today's business date. */
enum rd_status order_context_load(struct rd_db *db, struct order_context *out,
				  struct rd_error *err);

/* RD_OK when day can be asked for as a delivery date: from earliest to
 * latest (pricing_check_date) and an open day of the business calendar.
 * Otherwise RD_INVALID (out of range) or RD_REFUSED (a closed day), with
 * a one-line message naming the day, why it is closed ("年末年始") and
 * the first possible delivery date. Order entry, order change and the
 * order screen all check a date with this. */
enum rd_status order_check_date(const struct order_context *ctx, int32_t day,
				struct rd_error *err);

struct order_product {
	char sku[ORDER_SKU_SIZE];
	char name[ORDER_NAME_SIZE];
	int64_t price;               /* list price, tax excluded */
	int64_t subscription_price;  /* -1: none (the list price applies) */
	int tax_rate;                /* 8 or 10 */
	bool active;
	char upsell_sku[ORDER_SKU_SIZE];     /* "": no upsell */
	char upsell_name[ORDER_NAME_SIZE];
};

/* One product by SKU (any case as typed is not folded: SKUs are exact).
 * RD_INVALID "item: no product has the SKU 'X'" when there is none;
 * inactive products are returned (active false): the caller decides. */
enum rd_status order_product_get(struct rd_db *db, const char *sku,
				 struct order_product *out,
				 struct rd_error *err);

/* The products a customer bought before (リピート注文), for the order
 * entry to offer by number: the SKUs of the customer's last 100 orders
 * that were not cancelled and of their active subscriptions, active
 * products only, the most recently ordered first, then the most often
 * ordered, then by SKU; at most max into out, count in *n. One query.
 * RD_OK with *n 0 for a customer with no order (or no such customer);
 * RD_INVALID for a code that is no customer code. */
enum rd_status order_previous_products(struct rd_db *db, const char *customer_code,
				       struct order_product *out, size_t max,
				       size_t *n, struct rd_error *err);

/* A media code (an advertisement) as the order entry lists it. */
struct order_media {
	char code[ORDER_CODE_SIZE];
	char name[ORDER_NAME_SIZE];
};

/* The media codes whose code or name contains narrow, case-insensitive
 * ("" or NULL: every one), those whose code starts with it first, then
 * by code; at most max into out, count in *n. */
enum rd_status order_media_list(struct rd_db *db, const char *narrow,
				struct order_media *out, size_t max, size_t *n,
				struct rd_error *err);

/* Active products whose SKU starts with q or whose name contains q, by
 * SKU; at most max into out, count in *n. */
enum rd_status order_product_search(struct rd_db *db, const char *q,
				    struct order_product *out, size_t max,
				    size_t *n, struct rd_error *err);

/* What the order form starts with for a customer. */
struct order_customer_defaults {
	char customer_code[ORDER_CODE_SIZE];
	char customer_name[ORDER_NAME_SIZE];
	char phone[16];                      /* phone1, digits; "": none */
	bool first_order;                    /* no order that counts yet */
	bool has_last;                       /* the fields below are set */
	enum pricing_payment last_payment;   /* offer this one first */
	char last_card_last4[PRICING_LAST4_SIZE];
	char last_media_code[ORDER_CODE_SIZE];
	bool barred[PRICING_PAY_COUNT];      /* methods this customer may not use */
	char barred_reason[PRICING_PAY_COUNT][ORDER_NAME_SIZE];
	struct order_address addresses[ORDER_MAX_ADDRESSES];  /* [0]: own */
	size_t naddresses;
};

/* Reads a customer's defaults for the form: the last payment method (and
 * media), the barred methods with their reasons, the own address and the
 * other active delivery addresses. RD_NOT_FOUND for no such customer. */
enum rd_status order_customer_defaults(struct rd_db *db, const char *customer_code,
				       struct order_customer_defaults *out,
				       struct rd_error *err);

/* ---- the confirmation --------------------------------------------------- */

struct order_quote_line {
	char sku[ORDER_SKU_SIZE];
	char name[ORDER_NAME_SIZE];
	int quantity;
	int64_t unit_price;      /* tax excluded; subscription price if so */
	int tax_rate;
	int64_t amount;          /* unit_price * quantity, tax excluded */
	int64_t amount_tax_included; /* pricing_line_amount: what a line shows */
	char upsell_sku[ORDER_SKU_SIZE];   /* suggestion, "" none */
	char upsell_name[ORDER_NAME_SIZE];
};

struct order_insert {
	char code[PRICING_INSERT_CODE_SIZE];
	char name[PRICING_INSERT_NAME_SIZE];
};

enum order_bundle_kind {
	ORDER_BUNDLE_ORDER,          /* an undelivered order */
	ORDER_BUNDLE_SUBSCRIPTION    /* a subscription delivery, no order yet */
};

/* Something the new order could ship with. */
struct order_bundle_offer {
	enum order_bundle_kind kind;
	char order_no[ORDER_NO_SIZE];        /* ORDER_BUNDLE_ORDER */
	long long subscription_id;           /* ORDER_BUNDLE_SUBSCRIPTION (and
					      * an order that is a delivery) */
	int32_t date;                        /* its delivery date */
	int days_apart;                      /* date - the new order's date */
};

struct order_quote {
	char customer_code[ORDER_CODE_SIZE];
	char customer_name[ORDER_NAME_SIZE];
	struct order_quote_line lines[ORDER_MAX_LINES];
	size_t nlines;
	struct pricing_totals totals;
	enum pricing_payment payment;
	char card_last4[PRICING_LAST4_SIZE];
	int32_t today;
	int32_t desired_date;        /* as asked; ORDER_NO_DATE: none */
	int32_t ship_date;           /* the date bundling and the subscription
				      * count from: desired, else earliest */
	enum pricing_slot slot;
	char media_code[ORDER_CODE_SIZE];
	char media_name[ORDER_NAME_SIZE];
	long long ship_address_id;
	bool has_new_address;                     /* new_address is used */
	struct order_address new_address;         /* checked, postal 7 digits */
	bool first_order;
	/* a subscription start */
	bool subscribe;
	char cycle[CYCLE_SPEC_SIZE];              /* canonical spec */
	char cycle_words[ORDER_DESCRIBE_SIZE];    /* "every month on the 15th" */
	int32_t next_dates[ORDER_NEXT_DATES];     /* deliveries 2, 3, 4: the days
						   * they ship (calendar_move) */
	int32_t next_nominal[ORDER_NEXT_DATES];   /* their days by the cycle alone */
	char next_moved[ORDER_NEXT_DATES][CALENDAR_REASON_SIZE];  /* why a next
						   * date moved ("年末年始"); "" */
	/* inserts chosen by the rules, in packing order */
	struct order_insert inserts[ORDER_MAX_INSERTS];
	size_t ninserts;
	/* what it could ship with (offers; the request chose bundle_with) */
	struct order_bundle_offer offers[ORDER_MAX_BUNDLE];
	size_t noffers;
	char bundle_with[ORDER_NO_SIZE];
	long long bundle_subscription_id;
	/* with a bundle chosen: the parcel it makes (this order, the open
	 * orders of the bundle, a subscription delivery), priced by
	 * pricing_parcel_fees; totals above are this order's share. The
	 * order ships on the parcel's date (desired_date). */
	bool in_parcel;
	struct pricing_parcel parcel;
};

/* Checks req completely against the database and fills the confirmation.
 * Writes nothing. fault (may be NULL) names the field of a refusal. */
enum rd_status order_quote(struct rd_db *db, const struct order_request *req,
			   struct order_quote *out, struct order_fault *fault,
			   struct rd_error *err);

/* ---- orders -------------------------------------------------------------- */

struct order_line {
	char sku[ORDER_SKU_SIZE];
	char name[ORDER_NAME_SIZE];
	int quantity;
	int64_t unit_price;
	int tax_rate;
	int64_t amount;              /* unit_price * quantity, tax excluded */
	int64_t amount_tax_included; /* pricing_line_amount: what a line shows */
};

/* An order as saved. */
struct order {
	long long id;
	char order_no[ORDER_NO_SIZE];
	int version;
	char status[ORDER_STATUS_SIZE];   /* received confirmed shipped
					   * delivered cancelled returned */
	char customer_code[ORDER_CODE_SIZE];
	char customer_name[ORDER_NAME_SIZE];
	int32_t order_date;
	int32_t desired_date;             /* ORDER_NO_DATE: none */
	enum pricing_slot slot;
	enum pricing_payment payment;
	char card_last4[PRICING_LAST4_SIZE];
	char media_code[ORDER_CODE_SIZE];
	long long subscription_id;        /* 0: none */
	int delivery_no;                  /* 0: not a subscription delivery */
	char cycle[CYCLE_SPEC_SIZE * 2];  /* the subscription's cycle */
	int64_t subtotal_8, subtotal_10, tax_8, tax_10;
	int64_t shipping_fee, cod_fee, total;
	long long ship_address_id;
	long long bundle_id;              /* 0: ships alone */
	long long bundle_subscription_id;
	char bundled_with[ORDER_MAX_BUNDLE][ORDER_NO_SIZE];  /* the others */
	size_t nbundled;
	char request_id[ORDER_REQUEST_ID_SIZE];
	char notes[ORDER_REASON_SIZE];
	char created_by[ORDER_LOGIN_SIZE];
	char created_at[ORDER_TIME_SIZE];
	char updated_at[ORDER_TIME_SIZE];
	struct order_line lines[ORDER_MAX_LINES];
	size_t nlines;
	struct order_insert inserts[ORDER_MAX_INSERTS];
	size_t ninserts;
	/* order_submit only: true when the request id had already made this
	 * order (nothing new was written) */
	bool replayed;
	char subscription_status[ORDER_STATUS_SIZE];  /* "": no subscription */
};

/* True when cancelling o must say what becomes of its subscription: o
 * has not shipped and is delivery 1 of a subscription that is not
 * cancelled. */
bool order_asks_subscription(const struct order *o);

/* Saves the order of req, once per request id: INSERT ... ON CONFLICT
 * (request_id) DO NOTHING, and when the id was used already (before, or at
 * this moment by another connection) the order it made is read back with
 * replayed set; a request id of another customer's order is RD_CONFLICT.
 * With req->cycle set, the subscription is created in the same
 * transaction and the order is its delivery 1. reason (may be NULL) goes
 * to the history. On any refusal nothing is written. */
enum rd_status order_submit(struct rd_db *db, const struct order_request *req,
			    const char *reason, struct order *out,
			    struct order_fault *fault, struct rd_error *err);

/* The order a request id made; RD_NOT_FOUND when it made none. */
enum rd_status order_find_by_request(struct rd_db *db, const char *request_id,
				     struct order *out, struct rd_error *err);

/* One order by number ("O00000123"; "o123" as typed is accepted). */
enum rd_status order_get(struct rd_db *db, const char *order_no,
			 struct order *out, struct rd_error *err);

/* Where order order_id goes: the delivery address it names (even one
 * switched off since), else the customer's own address, with the
 * recipient's name (the customer's, for the own address); *customer_id
 * (may be NULL) the order's customer. */
enum rd_status order_ship_to(struct rd_db *db, long long order_id, struct order_address *out,
			     long long *customer_id, struct rd_error *err);

/* A line of a customer's order list. */
struct order_summary {
	char order_no[ORDER_NO_SIZE];
	char status[ORDER_STATUS_SIZE];
	int32_t order_date;
	int32_t desired_date;
	enum pricing_payment payment;
	int64_t total;
	long long subscription_id;
	int delivery_no;
	int nlines;
	char first_item[ORDER_NAME_SIZE];   /* name of the first line */
	int version;
};

/* A customer's orders, newest first: at most max into out; *n how many
 * were written, *total how many there are (may be NULL). */
enum rd_status order_list(struct rd_db *db, const char *customer_code,
			  struct order_summary *out, size_t max, size_t *n,
			  size_t *total, struct rd_error *err);

/* Cancels an order that has not shipped (received or confirmed). reason
 * is required. expected_version > 0 makes it conditional (RD_CONFLICT
 * when the order changed since it was read); 0 cancels what is there.
 * request_id (may be NULL): a retry that finds the order cancelled by the
 * same request returns RD_OK. out (may be NULL) gets the order after. */
enum rd_status order_cancel(struct rd_db *db, const char *order_no,
			    int expected_version, const char *reason,
			    const char *request_id, struct order *out,
			    struct rd_error *err);

/* What becomes of the subscription when its first order is cancelled. */
enum order_sub_choice {
	ORDER_SUB_UNSAID,    /* nobody said: refused for such an order */
	ORDER_SUB_CANCEL,    /* the subscription is cancelled too */
	ORDER_SUB_KEEP       /* it stays; its next delivery becomes delivery 1 */
};

/* order_cancel with the choice for an order that order_asks_subscription:
 * RD_USAGE when it is such an order and choice is ORDER_SUB_UNSAID
 * (nothing written); the choice is written in the cancel's transaction
 * (rd.order_first_cancelled) with reason and request id. For any other
 * order the choice is ignored. When the order is in a bundle, the
 * parcel's fees are settled again in the same transaction. */
enum rd_status order_cancel_with(struct rd_db *db, const char *order_no,
				 int expected_version, enum order_sub_choice choice,
				 const char *reason, const char *request_id,
				 struct order *out, struct rd_error *err);

/* Within the caller's transaction: gives the open orders of bundle
 * bundle_id (oldest first) their share of the parcel's fees
 * (pricing_parcel_fees) and writes the shipping fee, COD fee and total of
 * those whose share changed. */
enum rd_status order_parcel_settle(struct rd_db *db, long long bundle_id,
				   const struct pricing_settings *s,
				   struct rd_error *err);

/* Marks a shipped (or delivered) order returned. Same arguments. */
enum rd_status order_return(struct rd_db *db, const char *order_no,
			    int expected_version, const char *reason,
			    const char *request_id, struct order *out,
			    struct rd_error *err);

/* What a change sets; a field is changed only when its flag is set. */
struct order_change {
	bool set_date;
	int32_t desired_date;               /* ORDER_NO_DATE: none */
	bool set_slot;
	enum pricing_slot slot;
	bool set_payment;                   /* with the card fields for card */
	enum pricing_payment payment;
	char card_token[PRICING_TOKEN_SIZE];
	char card_last4[PRICING_LAST4_SIZE];
	bool set_items;                     /* replaces all lines */
	struct order_item items[ORDER_MAX_LINES];
	size_t nitems;
	bool set_notes;
	char notes[ORDER_REASON_SIZE];
};

/* Changes an order that has not shipped, if it is still at
 * expected_version (required, >= 1): totals and inserts are recomputed
 * (prices as the order had them for lines kept, current prices for new
 * SKUs). RD_CONFLICT when someone changed it meanwhile: the message says
 * who, when and what. reason is required. */
enum rd_status order_change(struct rd_db *db, const char *order_no,
			    int expected_version,
			    const struct order_change *chg, const char *reason,
			    const char *request_id, struct order *out,
			    struct order_fault *fault, struct rd_error *err);

/* One entry of an order's history (the order, its lines and inserts). */
struct order_event {
	char at[ORDER_TIME_SIZE];
	char actor[ORDER_LOGIN_SIZE];
	char table[32];               /* orders, order_lines, order_inserts */
	char op[8];                   /* INSERT UPDATE DELETE */
	char changed[256];            /* comma-separated columns */
	char reason[ORDER_REASON_SIZE];
	char request_id[ORDER_REQUEST_ID_SIZE];
};

/* The history of an order, oldest first: at most max into out. */
enum rd_status order_history(struct rd_db *db, const char *order_no,
			     struct order_event *out, size_t max, size_t *n,
			     struct rd_error *err);

/* Normalizes an order number as typed ("o123", "O00000123", " 123 ") to
 * the stored form "O00000123" into out; RD_INVALID otherwise. */
enum rd_status order_no_normalize(const char *in, char out[ORDER_NO_SIZE],
				  struct rd_error *err);

#endif
