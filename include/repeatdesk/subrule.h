/* subrule.h: the business rules of subscription requests, and the preview
 * an agent reads before confirming one.
 *
 * Pure code (core/): no I/O, no globals, no allocation. The store reads a
 * subscription into a struct subrule_sub and the rules (rd.settings,
 * rd.holidays) into a struct subrule_rules; subrule_preview() then says,
 * for a struct subrule_request, what the request would do: the deliveries
 * it affects (number, old date -> new date), the next three deliveries
 * afterwards, the price effect, and - when a rule refuses it - why, in an
 * operator's words and with the name of the rule. The preview also holds
 * the subscription as it must be stored afterwards (after, skip_ops), so
 * the store writes exactly what the agent saw.
 *
 * The model (every function here follows it):
 *
 * - A subscription delivers on the slots of its schedule (cycle.h): the
 *   first slot is next_date (a nominal date); each slot after it is
 *   schedule_step() from the one before. A slot's delivery day is its
 *   effective date (the next open day: closed weekdays, holidays).
 * - delivery_count deliveries have been made (ordered); the next delivery
 *   made is number delivery_count + 1. A skipped slot gets no number of
 *   its own: the delivery after it takes the number it would have had, so
 *   "skip delivery 5 (12/31)" makes the slot on 01/31 delivery 5. A step
 *   from a skipped slot uses the cycle (the first interval follows only
 *   delivery 1 itself).
 * - Skips are kept by the slot's nominal date and the delivery number it
 *   would have had. next_date is never a skipped slot: skipping the next
 *   delivery moves next_date on to the slot after it. Skips before
 *   next_date with number delivery_count + 1 are the skips "in a row"
 *   since the last delivery.
 * - A delivery can be changed while date - today > cutoff_days (effective
 *   date; on the cut-off day the warehouse starts picking it). A request
 *   whose first effect falls on a delivery past its cut-off is refused,
 *   and the message names the first delivery that can still be changed;
 *   a reservation (from_delivery) makes the request take effect from a
 *   later delivery instead.
 *
 * Dates are day numbers (date.h); SUBRULE_NO_DATE means "none". Money is
 * int64_t yen (money.h). */
#ifndef REPEATDESK_SUBRULE_H
#define REPEATDESK_SUBRULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/calendar.h"
#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/money.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

#define SUBRULE_NO_DATE INT32_MIN

#define SUBRULE_MAX_LINES 16      /* products in one subscription */
#define SUBRULE_MAX_SKIPS 32      /* pending skips kept per subscription */
#define SUBRULE_MAX_LINE_OPS 8    /* product changes in one request */
#define SUBRULE_SHOW 6            /* deliveries a screen shows */
#define SUBRULE_NEXT 3            /* next deliveries in a preview */
#define SUBRULE_MAX_AFFECTED 8    /* affected deliveries in a preview */
#define SUBRULE_MAX_NOTES 4
#define SUBRULE_HORIZON 64        /* slots looked at ahead */
#define SUBRULE_SKU_SIZE 64
#define SUBRULE_NAME_SIZE 256
#define SUBRULE_TEXT_SIZE 512
#define SUBRULE_NOTE_SIZE 256
#define SUBRULE_RULE_SIZE 40
#define SUBRULE_TOKEN_SIZE 128
#define SUBRULE_MAX_PERCENT 50    /* retention discount bound */
#define SUBRULE_MAX_AHEAD_DAYS 400 /* farthest next date an agent may set */

/* ---- names ------------------------------------------------------------ */

enum subrule_status { SUBRULE_ACTIVE, SUBRULE_PAUSED, SUBRULE_CANCELLED };
enum subrule_payment { SUBRULE_PAY_CARD, SUBRULE_PAY_COD, SUBRULE_PAY_DEFERRED,
		       SUBRULE_PAY_BANK, SUBRULE_PAY_COUNT };
enum subrule_slot_time { SUBRULE_TIME_NONE, SUBRULE_TIME_MORNING,
			 SUBRULE_TIME_14_16, SUBRULE_TIME_16_18,
			 SUBRULE_TIME_18_20, SUBRULE_TIME_19_21,
			 SUBRULE_TIME_COUNT };

/* Stored names ("active", "cod", "14-16") to enums and back; parse
 * returns 0, or -1 for anything else. */
int subrule_status_parse(const char *s, enum subrule_status *out);
const char *subrule_status_name(enum subrule_status s);
int subrule_payment_parse(const char *s, enum subrule_payment *out);
const char *subrule_payment_name(enum subrule_payment p);
int subrule_time_parse(const char *s, enum subrule_slot_time *out);
const char *subrule_time_name(enum subrule_slot_time t);
/* Words for a screen ("cash on delivery", "14:00-16:00"), translated. */
const char *subrule_payment_label(enum subrule_payment p);
const char *subrule_time_label(enum subrule_slot_time t);
const char *subrule_status_label(enum subrule_status s);

/* ---- the rules -------------------------------------------------------- */

/* rd.settings (and the calendar, rd.closed_days) as numbers. cal.days
 * stays the caller's (ascending). */
struct subrule_rules {
	int cutoff_days;
	int max_consecutive_skips;
	int min_deliveries_before_cancel;
	int max_pause_months;
	int resume_lead_days;
	int64_t early_cancel_fee;
	int retention_discount_percent;
	int retention_discount_deliveries;
	int max_quantity;               /* per product line */
	int64_t cod_fee;                /* tax included */
	int64_t shipping_fee;           /* tax included */
	int64_t free_shipping_threshold; /* goods total, tax included */
	bool subscription_free_shipping; /* every delivery ships free */
	struct calendar cal;            /* closed days and where deliveries move */
};

/* The defaults of migrations 0006 and 0030 (no closed days). */
void subrule_rules_default(struct subrule_rules *r);

/* Parses "sun" or "sat,sun" (or "" for none) into a weekday mask.
 * RD_INVALID with a message naming the bad word. */
enum rd_status subrule_wdays_parse(const char *s, unsigned *mask,
				   struct rd_error *err);

/* ---- the subscription ------------------------------------------------- */

struct subrule_line {
	char sku[SUBRULE_SKU_SIZE];
	char name[SUBRULE_NAME_SIZE];
	int quantity;
	int64_t unit_price;   /* subscription price, tax excluded */
	int64_t list_price;   /* one-off price: the subscription discount is the difference */
	int tax_rate;         /* 8 or 10 */
};

struct subrule_skip {
	int32_t date;         /* the slot's nominal date */
	int number;           /* the delivery number it would have had */
};

struct subrule_sub {
	enum subrule_status status;
	struct cycle cycle;
	bool has_first;
	struct cycle first;           /* delivery 1 -> 2 only */
	int32_t next_date;            /* nominal; SUBRULE_NO_DATE when cancelled */
	int delivery_count;           /* deliveries made */
	int32_t paused_until;         /* SUBRULE_NO_DATE unless paused */
	/* pending skips, ascending by date: since the last delivery (date <
	 * next_date, number delivery_count + 1) and ahead (date > next_date) */
	struct subrule_skip skips[SUBRULE_MAX_SKIPS];
	int nskips;
	struct subrule_line lines[SUBRULE_MAX_LINES];
	int nlines;
	enum subrule_payment payment;
	bool has_card;                /* a card token is on file */
	char card_token[SUBRULE_TOKEN_SIZE];  /* only a new one in a request's after */
	char card_last4[8];
	enum subrule_slot_time time_slot;
	long long address_id;         /* 0: the customer's own address */
	int discount_percent;         /* retention discount on the goods */
	int discount_remaining;       /* deliveries it still applies to */
};

/* One slot of the schedule. */
struct subrule_slot {
	int number;          /* delivery number (the next delivery's when skipped) */
	int32_t nominal;
	int32_t date;        /* effective: the day it is delivered */
	bool skipped;
	bool changeable;     /* date - today > cutoff_days */
	char moved[CALENDAR_REASON_SIZE];  /* why date != nominal ("年末年始"); "" */
};

/* Lists the next n slots of s from next_date (skipped ones included,
 * marked) into out; returns how many were written (0 for a cancelled
 * subscription or one without a next date), or -1 with err set when the
 * schedule cannot be computed (no open day, out of the calendar). */
int subrule_slots(const struct subrule_sub *s, const struct subrule_rules *r,
		  int32_t today, struct subrule_slot *out, int n,
		  struct rd_error *err);

/* Price of one delivery, as core/pricing prices it (pricing_goods and
 * pricing_fees, the functions the order and the shipment run use): goods
 * at subscription prices with tax per rate (money.h), the retention
 * discount, shipping (free from the threshold, or for every delivery when
 * subscription_free_shipping) and the cash-on-delivery fee. */
struct subrule_amount {
	int64_t goods;        /* tax excluded, after the discount */
	int64_t tax;
	int64_t discount;     /* tax excluded, >= 0 */
	int64_t goods_total;  /* goods + tax: tax included, fees excluded */
	int64_t shipping;
	int64_t cod_fee;
	int64_t total;        /* what the customer pays for one delivery */
	int64_t list_total;   /* the same goods at one-off prices, tax included */
	struct money_totals rates; /* the goods per tax rate, as rd.orders keeps them */
};
enum rd_status subrule_amount(const struct subrule_sub *s,
			      const struct subrule_rules *r,
			      struct subrule_amount *out, struct rd_error *err);

/* ---- requests --------------------------------------------------------- */

enum subrule_kind {
	SUBRULE_SKIP,
	SUBRULE_UNSKIP,
	SUBRULE_PAUSE,
	SUBRULE_RESUME,
	SUBRULE_CHANGE,
	SUBRULE_CANCEL,
	SUBRULE_KEEP,        /* retention: the customer stays, nothing changes */
	SUBRULE_KIND_COUNT
};
const char *subrule_kind_name(enum subrule_kind k);   /* "skip", ... */
int subrule_kind_parse(const char *s, enum subrule_kind *out);

enum subrule_pause_mode {
	SUBRULE_PAUSE_UNTIL,       /* until a date */
	SUBRULE_PAUSE_DELIVERIES,  /* for N deliveries */
	SUBRULE_PAUSE_OPEN         /* open-ended: at most max_pause_months */
};

enum subrule_line_op {
	SUBRULE_LINE_SET,     /* sku to quantity; adds the product when missing */
	SUBRULE_LINE_REMOVE,  /* sku */
	SUBRULE_LINE_SWAP     /* sku -> product (quantity kept unless given) */
};

struct subrule_line_change {
	enum subrule_line_op op;
	char sku[SUBRULE_SKU_SIZE];
	int quantity;              /* SET; SWAP: 0 keeps the old quantity */
	/* SET of a new sku, SWAP: the product (sku, name, prices, tax), filled
	 * by the store from the catalogue; product.sku[0] == 0: unknown */
	struct subrule_line product;
	/* SET: the store found the product no longer sold (a line already in
	 * the subscription keeps its quantity; it cannot be set) */
	bool not_sold;
};

/* What a change request changes (bits of subrule_request.change). */
enum {
	SUBRULE_CH_CYCLE = 1u << 0,
	SUBRULE_CH_NEXT_DATE = 1u << 1,
	SUBRULE_CH_LINES = 1u << 2,
	SUBRULE_CH_ADDRESS = 1u << 3,
	SUBRULE_CH_PAYMENT = 1u << 4,
	SUBRULE_CH_TIME = 1u << 5,
	SUBRULE_CH_DISCOUNT = 1u << 6   /* the retention discount of the settings */
};
/* What changes the contents of a delivery (needs the next one changeable). */
#define SUBRULE_CH_CONTENTS (SUBRULE_CH_LINES | SUBRULE_CH_ADDRESS | \
			     SUBRULE_CH_PAYMENT | SUBRULE_CH_TIME | \
			     SUBRULE_CH_DISCOUNT)

/* Retention alternatives offered before a cancellation (bits). */
enum subrule_alt {
	SUBRULE_ALT_SKIP,
	SUBRULE_ALT_PAUSE,
	SUBRULE_ALT_LONGER_CYCLE,
	SUBRULE_ALT_FEWER_ITEMS,
	SUBRULE_ALT_DISCOUNT,
	SUBRULE_ALT_COUNT
};
#define SUBRULE_ALT_BIT(a) (1u << (a))
const char *subrule_alt_name(enum subrule_alt a);   /* "skip", "pause", "cycle", "fewer", "discount" */
/* Parses "skip,pause,cycle" (or "none") into a mask; RD_INVALID naming a
 * bad word. */
enum rd_status subrule_alts_parse(const char *s, unsigned *mask,
				  struct rd_error *err);

struct subrule_request {
	enum subrule_kind kind;
	/* SKIP, UNSKIP: which slot. delivery: a delivery number (SKIP; 0 =
	 * the next delivery); date: a slot's nominal or effective date
	 * (SUBRULE_NO_DATE = not given). UNSKIP with neither: the first
	 * pending skip that can still be undone. */
	int delivery;
	int32_t date;
	/* PAUSE */
	enum subrule_pause_mode pause_mode;
	int32_t until;
	int count;
	/* RESUME: first delivery; SUBRULE_NO_DATE: the proposal */
	int32_t resume_date;
	/* CHANGE: the bits of what changes, and the new values */
	unsigned change;
	struct cycle cycle;
	int32_t next_date;
	struct subrule_line_change line_ops[SUBRULE_MAX_LINE_OPS];
	int nline_ops;
	long long address_id;       /* 0: the customer's own */
	enum subrule_payment payment;
	char card_token[SUBRULE_TOKEN_SIZE];  /* PAYMENT to card: a gateway token */
	char card_last4[8];
	enum subrule_slot_time time_slot;
	/* CANCEL: a supervisor cancels before min_deliveries_before_cancel */
	bool override;
	bool is_supervisor;         /* the caller's role (the store fills it) */
	/* reservation: take effect from this delivery number (0: now) */
	int from_delivery;
	/* applying a reservation made earlier: its cut-off was checked then */
	bool applying;
};

/* Empties q for kind (no date, no delivery, nothing to change). */
void subrule_request_init(struct subrule_request *q, enum subrule_kind kind);

/* ---- the preview ------------------------------------------------------ */

struct subrule_affected {
	int number;          /* delivery number */
	int32_t old_date;    /* effective; SUBRULE_NO_DATE: not delivered before */
	int32_t new_date;    /* SUBRULE_NO_DATE: no longer delivered */
	bool contents;       /* same day, new contents (products, address...) */
};

enum subrule_skip_opkind { SUBRULE_SKIP_ADD, SUBRULE_SKIP_DELETE,
			   SUBRULE_SKIP_RENUMBER };
struct subrule_skip_op {
	enum subrule_skip_opkind op;
	int32_t date;
	int number;
};

/* The retention step of a cancellation: what the customer committed to
 * and the alternatives to offer. */
struct subrule_alternative {
	bool available;
	char text[SUBRULE_TEXT_SIZE];       /* what it means for this customer */
	struct subrule_request request;     /* the request to make if accepted */
};
struct subrule_retention {
	int deliveries_made;
	int deliveries_owed;        /* before min_deliveries_before_cancel */
	int64_t fee;                /* early_cancel_fee when some are owed */
	int64_t discount_lost;      /* per delivery, tax included */
	bool count_restarts;        /* a new subscription starts at delivery 1 */
	struct subrule_alternative alts[SUBRULE_ALT_COUNT];
};

struct subrule_preview {
	enum rd_status status;              /* RD_OK, RD_REFUSED or RD_INVALID */
	char rule[SUBRULE_RULE_SIZE];       /* the rule that refused ("cutoff_days") */
	char message[SUBRULE_TEXT_SIZE];    /* why, when refused */
	char summary[SUBRULE_TEXT_SIZE];    /* what it does, in words */
	struct subrule_affected affected[SUBRULE_MAX_AFFECTED];
	int naffected;
	int more_affected;                  /* affected deliveries not listed */
	struct subrule_slot next[SUBRULE_NEXT];  /* next deliveries afterwards */
	int nnext;
	struct subrule_amount before_amount, after_amount;  /* next delivery */
	int64_t fee;                        /* one-time: early-cancel fee */
	/* the price effect over the next SUBRULE_SHOW deliveries as they are
	 * now: up to window_end, how many deliveries and what they cost,
	 * before and after the request */
	int32_t window_end;
	int window_before, window_after;
	int64_t window_before_total, window_after_total;
	char notes[SUBRULE_MAX_NOTES][SUBRULE_NOTE_SIZE];
	int nnotes;
	bool reserved;                      /* takes effect from a later delivery */
	int from_delivery;
	int32_t from_date;                  /* its date (effective) */
	bool has_retention;
	struct subrule_retention retention; /* CANCEL, KEEP */
	/* what to store (RD_OK, not reserved) */
	struct subrule_sub after;
	struct subrule_skip_op skip_ops[SUBRULE_MAX_SKIPS * 2];
	int nskip_ops;
	bool fee_applies;                   /* cancel with deliveries owed */
};

/* Computes the preview of q on s under the rules r, today being today.
 * Returns out->status: RD_OK when the request can be made; RD_REFUSED
 * when a business rule refuses it (out->rule, out->message), RD_INVALID
 * for input that cannot be right (a date with no delivery, a quantity out
 * of range, an unknown product). Affected deliveries and the price effect
 * are filled as far as they can be, refused or not. */
enum rd_status subrule_preview(const struct subrule_sub *s,
			       const struct subrule_rules *r,
			       const struct subrule_request *q, int32_t today,
			       struct subrule_preview *out);

/* The retention step for s (commitment and alternatives). */
void subrule_retention(const struct subrule_sub *s,
		       const struct subrule_rules *r, int32_t today,
		       struct subrule_retention *out);

/* The resume date proposed for s: the first slot of its cycle on or after
 * today + resume_lead_days (and after the cut-off), as a nominal date. */
int32_t subrule_resume_proposal(const struct subrule_sub *s,
				const struct subrule_rules *r, int32_t today);

/* ---- the shipment run --------------------------------------------------- */

/* The delivery on next_date (number delivery_count + 1) has been made:
 * writes to *after the subscription that follows (count + 1, next_date
 * on to the next slot not skipped, a paused subscription active again,
 * one delivery less of retention discount). Returns RD_INVALID when s has
 * no next delivery (cancelled) or the schedule cannot be computed. */
enum rd_status subrule_advance(const struct subrule_sub *s,
			       const struct subrule_rules *r,
			       struct subrule_sub *after, struct rd_error *err);

/* ---- requests as json (reservations keep theirs) ------------------------- */

/* Appends q as one json object (kind and what it sets). Product details
 * of line changes are left out: they are read again when it applies. */
void subrule_request_to_json(const struct subrule_request *q, struct sbuf *out);
/* Reads what subrule_request_to_json wrote. RD_INVALID otherwise. */
enum rd_status subrule_request_from_json(const char *text, size_t len,
					 struct subrule_request *q,
					 struct rd_error *err);

#endif
