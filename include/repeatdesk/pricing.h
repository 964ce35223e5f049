/* pricing.h: the arithmetic and the rules of an order, without a database.
 *
 * What the order screen recomputes on every keystroke and what the store
 * checks again before it writes: unit prices (list or subscription), totals
 * per tax rate with the tax computed once per rate and rounded down
 * (money.h), the shipping fee (free from a threshold), the cash-on-delivery
 * fee, the delivery date window, the bundling window, which inserts (flyers,
 * samples) go into the box, and the checks on payment input (a card is a
 * gateway token and four digits, never a card number).
 *
 * The numbers come from rd.settings (store/order.c reads them into struct
 * pricing_settings); nothing here knows where they came from. Pure code:
 * no I/O, no globals, no allocation. */
#ifndef REPEATDESK_PRICING_H
#define REPEATDESK_PRICING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/money.h"
#include "repeatdesk/status.h"

#define PRICING_QTY_MIN 1
#define PRICING_QTY_MAX 999
/* Card input: a gateway token and the last four digits. */
#define PRICING_TOKEN_MIN 8
#define PRICING_TOKEN_MAX 128
#define PRICING_TOKEN_SIZE (PRICING_TOKEN_MAX + 1)
#define PRICING_LAST4_SIZE 5

/* --- payment and time slot --------------------------------------------- */

enum pricing_payment {
	PRICING_PAY_CARD,      /* credit card: gateway token + last four */
	PRICING_PAY_COD,       /* cash on delivery, with its fee */
	PRICING_PAY_DEFERRED,  /* convenience-store deferred payment */
	PRICING_PAY_BANK,      /* bank transfer */
	PRICING_PAY_COUNT
};

enum pricing_slot {
	PRICING_SLOT_NONE,     /* unspecified */
	PRICING_SLOT_MORNING,
	PRICING_SLOT_14_16,
	PRICING_SLOT_16_18,
	PRICING_SLOT_18_20,
	PRICING_SLOT_19_21,
	PRICING_SLOT_COUNT
};

/* The database's spelling ("card", "cod", "deferred", "bank"), or "?". */
const char *pricing_payment_code(enum pricing_payment p);
/* Words for a person ("cash on delivery"), translated. */
const char *pricing_payment_label(enum pricing_payment p);
/* Parses the database spelling; returns RD_OK or RD_INVALID with a message
 * that lists the choices. */
enum rd_status pricing_payment_parse(const char *s, enum pricing_payment *out,
				     struct rd_error *err);

/* "none", "morning", "14-16", "16-18", "18-20", "19-21", or "?". */
const char *pricing_slot_code(enum pricing_slot s);
/* Words for a person ("14:00-16:00", "unspecified"), translated. */
const char *pricing_slot_label(enum pricing_slot s);
/* Parses the database spelling; RD_INVALID lists the choices. */
enum rd_status pricing_slot_parse(const char *s, enum pricing_slot *out,
				  struct rd_error *err);

/* --- settings ---------------------------------------------------------- */

/* The business rules of rd.settings that an order needs. Fees are yen,
 * tax included (they are added after the tax). */
struct pricing_settings {
	int64_t shipping_fee;            /* per order */
	int64_t free_shipping_threshold; /* goods total (tax incl.) from which
					  * shipping is free */
	int64_t cod_fee;                 /* cash on delivery */
	bool subscription_free_shipping; /* an order that starts a
					  * subscription ships free */
	int earliest_delivery_days;      /* earliest date = today + this */
	int latest_delivery_days;        /* latest date = today + this */
	int bundling_window_days;        /* ship together within +- this */
	int max_subscription_quantity;   /* max_quantity_per_line: the most
					  * of one product in a subscription */
};

/* The defaults of db/migrations (600, 5000, 330, true, 2, 90, 3, 20). */
void pricing_settings_default(struct pricing_settings *s);

/* Checks that every value is sensible (fees 0..1,000,000, days 0..365,
 * earliest <= latest); RD_INVALID names the setting otherwise. */
enum rd_status pricing_settings_check(const struct pricing_settings *s,
				      struct rd_error *err);

/* --- prices and totals ------------------------------------------------- */

/* Unit price of a product: its subscription price when the order starts a
 * subscription and the product has one (subscription_price >= 0), else its
 * list price. */
int64_t pricing_unit_price(int64_t list_price, int64_t subscription_price,
			   bool subscribe);

/* One line as priced: unit price tax excluded, quantity, rate (8 or 10). */
struct pricing_line {
	int64_t unit_price;
	int quantity;
	int tax_rate;
};

/* What the customer pays. goods.rates[] holds the subtotal and tax of each
 * rate; the flat fields repeat the two rates Japan has, as the orders
 * table stores them. */
struct pricing_totals {
	struct money_totals goods;
	int64_t subtotal_8, subtotal_10;  /* tax excluded */
	int64_t tax_8, tax_10;            /* once per rate, rounded down */
	int64_t goods_total;              /* subtotals + taxes */
	int64_t shipping_fee;             /* 0 when free */
	int64_t cod_fee;                  /* 0 unless cash on delivery */
	int64_t total;                    /* goods_total + fees */
	bool free_shipping;
};

/* --- the one price (総額表示) ------------------------------------------ *
 * Every screen, preview, command and the shipment run price a thing with
 * these functions, so that they all show the same amount for it. */

/* A line's amount: unit_price x quantity tax excluded into *excluded, and
 * with its own tax (money_tax_included) into *included; either may be
 * NULL. The tax of an order is computed per rate (pricing_goods), so the
 * included amounts of its lines need not add up to its goods total to the
 * yen. RD_INVALID on overflow or a rate outside 0..100. */
enum rd_status pricing_line_amount(int64_t unit_price, long quantity,
				   int tax_rate, int64_t *excluded,
				   int64_t *included, struct rd_error *err);

/* A unit price with its tax: what the product pick list, the order lines
 * and the subscription lines show. RD_INVALID on overflow. */
enum rd_status pricing_unit_tax_included(int64_t unit_price, int tax_rate,
					 int64_t *out, struct rd_error *err);

/* The goods of one order or delivery into *goods: each rate's subtotal,
 * discount_percent (0..100) taken off each rate's subtotal (rounded toward
 * zero, so that the tax is still computed once per rate on what is
 * charged), then the tax once per rate rounded down. *discount (may be
 * NULL) gets what was taken off, tax excluded. The lines are not checked
 * beyond overflow and rates 0..100 (pricing_totals checks order input).
 * RD_INVALID leaves *goods untouched. */
enum rd_status pricing_goods(const struct pricing_line *lines, size_t n,
			     int discount_percent, struct money_totals *goods,
			     int64_t *discount, struct rd_error *err);

/* The fees of one parcel (an order, a subscription delivery). */
struct pricing_fees {
	int64_t shipping;      /* 0 when free */
	int64_t cod;           /* 0 unless cash on delivery */
	bool free_shipping;
};

/* The fees of a parcel whose goods cost goods_total (tax included):
 * shipping is free from the threshold, or for a subscription's delivery
 * when s->subscription_free_shipping; the cash-on-delivery fee when
 * payment is PRICING_PAY_COD. The order, the subscription previews and
 * the shipment run all charge through this. */
void pricing_fees(const struct pricing_settings *s, int64_t goods_total,
		  enum pricing_payment payment, bool subscription,
		  struct pricing_fees *out);

/* Checks a quantity (1..999). index is the line's position from 0 (it
 * names the line in the message); RD_INVALID otherwise. */
enum rd_status pricing_check_quantity(long quantity, size_t index,
				      struct rd_error *err);

/* The limits of one line, checked by one function for an order line and
 * a subscription line on every path (order entry, the order that starts a
 * subscription, a subscription's change of products or quantities, the
 * command line): the product must still be sold (sold), and the quantity
 * is 1..999, or 1..max_subscription_quantity (max_quantity_per_line) when
 * the line is a subscription's (subscription). index is the line's
 * position from 0; sku names it in the one-line message. RD_INVALID for a
 * quantity, RD_REFUSED for a product no longer sold. */
enum rd_status pricing_check_line(size_t index, const char *sku, long quantity,
				  bool sold, bool subscription,
				  int max_subscription_quantity,
				  struct rd_error *err);

/* Computes the totals of n lines (n >= 1) paid by payment under settings s;
 * subscribe says whether the order starts a subscription (free shipping
 * when s says so). Every line is checked: quantity 1..999, unit price
 * >= 0, rate 8 or 10. Returns RD_OK with *out set, or RD_INVALID naming
 * the line (out untouched). */
enum rd_status pricing_totals(const struct pricing_line *lines, size_t n,
			      enum pricing_payment payment, bool subscribe,
			      const struct pricing_settings *s,
			      struct pricing_totals *out, struct rd_error *err);

/* --- parcels (同梱) ----------------------------------------------------- */

/* One order of a parcel: what it pays for its goods and how. A parcel is
 * the box that orders shipped together make; an order that ships alone is
 * a parcel of one. */
struct pricing_parcel_member {
	int64_t goods_total;           /* subtotals + taxes, fees excluded */
	enum pricing_payment payment;
	bool subscription;             /* an order of a subscription (its
					* start or a delivery) */
	/* set by pricing_parcel_fees: this order's share of the fees */
	int64_t shipping_fee, cod_fee, total;
};

/* What the parcel costs at the door: the goods of every order, one
 * shipping fee, one cash-on-delivery fee. */
struct pricing_parcel {
	int64_t goods_total;
	int64_t shipping_fee;          /* 0 when free */
	int64_t cod_fee;               /* 0 unless an order pays on delivery */
	int64_t total;                 /* goods_total + fees */
	bool free_shipping;
	size_t norders;
};

/* The fees of a parcel of n orders (n >= 1, the parcel's first order
 * first): shipping is free when the parcel's goods reach the threshold or
 * (when s says so) an order of a subscription is in the box; else one
 * shipping fee, carried by m[0]. One cash-on-delivery fee when any order
 * pays on delivery, carried by the first such order. Every member gets
 * its share and its total (goods + share); the sum of the members' totals
 * is out->total. The one fee rule of the program: pricing_totals (an
 * order alone), the parcel of a bundle and the shipment run use it.
 * RD_INVALID on an overflow or a negative amount (nothing useful set). */
enum rd_status pricing_parcel_fees(struct pricing_parcel_member *m, size_t n,
				   const struct pricing_settings *s,
				   struct pricing_parcel *out, struct rd_error *err);

/* --- dates ------------------------------------------------------------- */

/* Earliest and latest delivery date an order taken on today may ask for. */
int32_t pricing_earliest_date(const struct pricing_settings *s, int32_t today);
int32_t pricing_latest_date(const struct pricing_settings *s, int32_t today);

/* Checks a desired delivery date: not before the earliest, not after the
 * latest. RD_INVALID says which dates are possible ("the earliest
 * delivery date is 2026-05-14"). */
enum rd_status pricing_check_date(const struct pricing_settings *s,
				  int32_t today, int32_t desired,
				  struct rd_error *err);

/* True when other is within the bundling window of date: |other - date|
 * <= bundling_window_days. A window of 0 bundles the same day only. */
bool pricing_in_bundling_window(const struct pricing_settings *s,
				int32_t date, int32_t other);

/* --- inserts (同梱物) -------------------------------------------------- */

#define PRICING_INSERT_CODE_SIZE 32
#define PRICING_INSERT_NAME_SIZE 256
#define PRICING_SKU_SIZE 64

/* A rule of rd.insert_rules: the insert goes into the box when every
 * condition that is set holds (a rule with none goes into every box). */
struct pricing_insert_rule {
	long long id;
	char code[PRICING_INSERT_CODE_SIZE];
	char name[PRICING_INSERT_NAME_SIZE];
	bool first_order;     /* only the customer's first order */
	int delivery_no;      /* only this delivery of a subscription; 0: any */
	char sku[PRICING_SKU_SIZE]; /* only when the order has it; "": any */
	int64_t min_total;    /* only when goods_total >= this; -1: any */
	int priority;         /* smaller first */
};

/* What the rules look at. */
struct pricing_order_facts {
	bool first_order;          /* no earlier order that was not cancelled */
	int delivery_no;           /* 1 when the order starts a subscription */
	const char *const *skus;   /* the order's products */
	size_t nskus;
	int64_t goods_total;       /* tax included, fees excluded */
};

/* True when rule r applies to the order. */
bool pricing_insert_matches(const struct pricing_insert_rule *r,
			    const struct pricing_order_facts *f);

/* Chooses the inserts for an order: the indexes of the matching rules,
 * ordered by priority then code, at most max (a box holds only so many),
 * written to out; returns how many. Rules with the same code count once. */
size_t pricing_choose_inserts(const struct pricing_insert_rule *rules,
			      size_t nrules,
			      const struct pricing_order_facts *f,
			      size_t *out, size_t max);

/* --- card input -------------------------------------------------------- */

/* True when s holds something that may be a card number: core/pan's rule
 * (pan_found), or any run of 15 or more digits (spaces or dashes between
 * them allowed), which no gateway token has. Such text must never be
 * stored, logged or echoed. */
bool pricing_looks_like_pan(const char *s);

/* Checks the card fields for payment p. For a card: token of 8..128
 * characters from [A-Za-z0-9_.:-] that does not look like a PAN, and
 * last4 exactly four ASCII digits. For any other payment both must be
 * empty (or NULL). RD_INVALID names the field; the message never repeats
 * what was typed when it may be a card number. */
enum rd_status pricing_check_card(enum pricing_payment p, const char *token,
				  const char *last4, struct rd_error *err);

/* Which card field pricing_check_card_field refused (a screen marks it by
 * this code, never by the words of a translated message). */
enum pricing_card_field {
	PRICING_CARD_OK,
	PRICING_CARD_PAYMENT,    /* card fields given for another payment */
	PRICING_CARD_TOKEN,
	PRICING_CARD_LAST4
};

/* As pricing_check_card; *field (may be NULL) gets the field at fault, or
 * PRICING_CARD_OK. */
enum rd_status pricing_check_card_field(enum pricing_payment p, const char *token,
					const char *last4, enum pricing_card_field *field,
					struct rd_error *err);

#endif
