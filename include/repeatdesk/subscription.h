/* subscription.h: subscriptions in the store (store/subscription.c): what
 * the subscription screen shows, the requests an agent makes (skip, undo
 * a skip, pause, resume, change, cancel with its retention step, reserve
 * and unreserve), each previewed and then applied in one transaction, and
 * the primitives the shipment run needs.
 *
 * The rules and the preview are core/subrule's (subrule.h): this module
 * reads the subscription and the rules (rd.settings, rd.holidays) into
 * subrule's structs, asks subrule_preview(), and writes what the preview
 * says. So what an agent confirms is exactly what is stored.
 *
 * Every function fills structs the caller owns (no heap memory to free)
 * and returns an rd_status with a message fit for an operator in err:
 * RD_REFUSED with the rule's message when a business rule refuses,
 * RD_INVALID for input that cannot be right, RD_NOT_FOUND, RD_CONFLICT
 * when another agent changed the subscription after it was read (nothing
 * is written; err says who and what), RD_PERMISSION when the agent's role
 * may not (operators do not change subscriptions; the database decides).
 *
 * "Today" (business dates, Asia/Tokyo unless rd.settings business_timezone
 * says otherwise) is an argument: SUBSCRIPTION_TODAY asks the database;
 * tests and the shipment run pass a fixed day. */
#ifndef REPEATDESK_SUBSCRIPTION_H
#define REPEATDESK_SUBSCRIPTION_H

#include <stdbool.h>
#include <stdint.h>

#include "repeatdesk/calendar_store.h"
#include "repeatdesk/cycle.h"
#include "repeatdesk/db.h"
#include "repeatdesk/status.h"
#include "repeatdesk/subrule.h"

#define SUBSCRIPTION_TODAY SUBRULE_NO_DATE
#define SUBSCRIPTION_MAX_RESERVATIONS 8
#define SUBSCRIPTION_MAX_HISTORY 12
#define SUBSCRIPTION_TIME_SIZE 32      /* "2026-11-22 14:03:05+09" */
#define SUBSCRIPTION_NAME_SIZE 321     /* 80 characters of up to 4 bytes */
#define SUBSCRIPTION_ADDRESS_SIZE 481
#define SUBSCRIPTION_CODE_SIZE 32
#define SUBSCRIPTION_UUID_SIZE 37
#define SUBSCRIPTION_REASON_MAX 200    /* characters of a reason */

/* ---- reading ------------------------------------------------------------- */

/* Rules and today, as the requests use them. rules.cal.days points into
 * days (so the struct is self-contained and may be copied only with
 * subscription_rules_fix). */
struct subscription_rules {
	struct subrule_rules rules;
	int32_t today;
	bool is_supervisor;           /* the session's role */
	struct calendar_day days[CALENDAR_STORE_MAX];  /* today - 70 .. today + 800 */
	size_t ndays;
};

/* Reads rd.settings and the closed days around today (SUBSCRIPTION_TODAY:
 * the database's business date). */
enum rd_status subscription_rules_load(struct rd_db *db, int32_t today,
				       struct subscription_rules *out,
				       struct rd_error *err);

/* Points out->rules.cal.days at out->days again after a copy. */
void subscription_rules_fix(struct subscription_rules *r);

/* A subscription as the rules see it, with its row's identity. */
struct subscription_state {
	long long id;
	int version;
	long long customer_id;
	struct subrule_sub sub;
};

/* Reads subscription id (lines with their products, pending skips).
 * for_update: inside a transaction, locks the row (FOR UPDATE) so that
 * the caller's change cannot interleave with another. RD_NOT_FOUND. */
enum rd_status subscription_read(struct rd_db *db, long long id, bool for_update,
				 struct subscription_state *out,
				 struct rd_error *err);

struct subscription_address {
	long long id;                        /* 0: the customer's own */
	char label[SUBSCRIPTION_NAME_SIZE];
	char name[SUBSCRIPTION_NAME_SIZE];
	char postal[8];
	char prefecture[16];
	char address1[SUBSCRIPTION_ADDRESS_SIZE];
	char address2[SUBSCRIPTION_ADDRESS_SIZE];
};

struct subscription_reservation {
	long long id;
	enum subrule_kind kind;              /* change, pause or cancel */
	int from_delivery;
	int32_t from_date;
	char status[16];                     /* pending | applied | cancelled */
	char summary[SUBRULE_TEXT_SIZE];
	char note[SUBRULE_NOTE_SIZE];
	char created_by[64];
	char created_at[SUBSCRIPTION_TIME_SIZE];
};

struct subscription_change {
	long long id;                        /* rd.history id */
	char at[SUBSCRIPTION_TIME_SIZE];
	char actor[64];
	char table[40];
	char op[8];
	char changed[256];                   /* columns, comma-separated */
	char what[SUBRULE_NOTE_SIZE];        /* last_change, when the request said */
	char reason[SUBRULE_NOTE_SIZE];
};

/* Everything the subscription screen shows. */
struct subscription_view {
	struct subscription_state state;
	int32_t today;
	char customer_code[SUBSCRIPTION_CODE_SIZE];
	char customer_name[SUBSCRIPTION_NAME_SIZE];
	char cycle_spec[CYCLE_SPEC_SIZE];
	char cycle_words[SUBRULE_NOTE_SIZE];  /* "every month on the 15th" */
	char first_spec[CYCLE_SPEC_SIZE];     /* "" when none */
	int32_t started_on;
	int32_t cancelled_on;                 /* SUBRULE_NO_DATE unless cancelled */
	char cancel_reason[SUBRULE_NOTE_SIZE];
	char media_code[SUBSCRIPTION_CODE_SIZE];
	char last_change[SUBRULE_NOTE_SIZE];
	struct subscription_address address;
	struct subrule_amount amount;         /* the next delivery */
	struct subrule_slot next[SUBRULE_SHOW];  /* skipped slots included */
	int nnext;
	struct subscription_reservation reservations[SUBSCRIPTION_MAX_RESERVATIONS];
	int nreservations;                    /* pending first, then recent */
	struct subscription_change history[SUBSCRIPTION_MAX_HISTORY];
	int nhistory;                         /* newest first */
};

/* Fills out for subscription id. RD_NOT_FOUND. */
enum rd_status subscription_get(struct rd_db *db, long long id, int32_t today,
				struct subscription_view *out,
				struct rd_error *err);

/* One line of a customer's list of subscriptions. */
struct subscription_row {
	long long id;
	int version;
	enum subrule_status status;
	char cycle_spec[CYCLE_SPEC_SIZE];
	char cycle_words[SUBRULE_NOTE_SIZE];
	int32_t next_date;                    /* effective; SUBRULE_NO_DATE */
	int32_t paused_until;
	int delivery_count;
	int64_t amount;                       /* the next delivery, what the customer pays */
	int64_t goods;                        /* its goods, tax excluded */
	char products[SUBSCRIPTION_ADDRESS_SIZE]; /* "青汁 30包 x2, ..." */
};

/* A customer's subscriptions, active and paused first, then cancelled;
 * up to cap in rows, *n written. */
enum rd_status subscription_list(struct rd_db *db, long long customer_id,
				 int32_t today, struct subscription_row *rows,
				 int cap, int *n, struct rd_error *err);

/* ---- requests ---------------------------------------------------------------- */

struct subscription_result;

/* Runs inside a request's transaction, after its change and before the
 * commit; a failure rolls the whole request back. This is where the
 * inquiry log (issue 6) links the call to the change: pass its function
 * here. NULL: nothing. */
typedef enum rd_status (*subscription_tx_hook)(struct rd_db *db, void *arg,
					       const struct subscription_result *res,
					       struct rd_error *err);

struct subscription_request {
	long long id;                 /* the subscription */
	int version;                  /* the version the agent read; 0: current */
	struct subrule_request rq;    /* what (line changes: sku and quantity
				       * only; the store reads the products) */
	const char *reason;           /* required: goes to history */
	const char *request_id;       /* UUID or NULL: a retry with the same id
				       * is applied once */
	int32_t today;                /* SUBSCRIPTION_TODAY: the database's */
	/* the retention step: alternatives offered before a cancellation.
	 * CANCEL and KEEP require retention (offered may be 0: "none");
	 * a SKIP, PAUSE or CHANGE with retention records that the customer
	 * took an alternative instead of cancelling. */
	bool retention;
	unsigned offered;             /* SUBRULE_ALT_BIT()s */
	const char *cancel_reason;    /* CANCEL: kept on the subscription
				       * (default: reason); a reserved
				       * CANCEL keeps it until it fires */
	bool abandoned;               /* KEEP: the customer heard the offers
				       * and left it (outcome not_cancelled)
				       * rather than decided to stay */
	subscription_tx_hook hook;
	void *hook_arg;
};

/* Empties r for a request of kind on subscription id. */
void subscription_request_init(struct subscription_request *r, long long id,
			       enum subrule_kind kind);

struct subscription_result {
	long long id;
	int version;                  /* after the request */
	bool replayed;                /* the request id had already been applied */
	enum subrule_kind kind;
	bool reserved;
	enum subrule_status status;
	int32_t next_date;            /* nominal; SUBRULE_NO_DATE */
	int delivery_count;
	int64_t fee;                  /* early-cancel fee charged */
	long long reservation_id;     /* reserve */
	long long offer_id;           /* retention offer recorded */
	char summary[SUBRULE_TEXT_SIZE];
};

/* Computes the preview of r without changing anything: out is what the
 * agent confirms (out->status says whether a rule refuses). Returns
 * RD_OK when the preview was computed (refused or not), or the error that
 * stopped it (not found, unavailable, bad input). *version_read (if not
 * NULL) is the version previewed: pass it back in r->version to apply. */
enum rd_status subscription_preview(struct rd_db *db,
				    const struct subscription_request *r,
				    struct subrule_preview *out,
				    int *version_read, struct rd_error *err);

/* Applies r in one transaction: the subscription (UPDATE ... WHERE id AND
 * version), its skips or lines, the reservation or retention offer, the
 * request id's row and the hook, all or nothing. preview (if not NULL)
 * gets the preview that was applied. A request id already applied returns
 * RD_OK with res->replayed and the stored result, changing nothing.
 * RD_REFUSED / RD_INVALID: the preview's message. RD_CONFLICT: changed
 * since r->version (or by a concurrent request). */
enum rd_status subscription_apply(struct rd_db *db,
				  const struct subscription_request *r,
				  struct subrule_preview *preview,
				  struct subscription_result *res,
				  struct rd_error *err);

/* Cancels pending reservation reservation_id of subscription id (until its
 * delivery's cut-off), in one transaction like a request. */
enum rd_status subscription_unreserve(struct rd_db *db, long long id,
				      int version, long long reservation_id,
				      const char *reason, const char *request_id,
				      int32_t today,
				      struct subscription_result *res,
				      struct rd_error *err);

/* ---- the shipment run ------------------------------------------------------------ */

/* A delivery due: the subscription's next delivery, delivered on date. */
struct subscription_due {
	long long id;
	int version;
	long long customer_id;
	int delivery_no;              /* delivery_count + 1 */
	int32_t nominal;
	int32_t date;                 /* effective (closed days) */
	bool has_reservations;        /* pending ones from delivery_no or before */
};

/* The subscriptions (active, or paused with the pause over by then) whose
 * next delivery is delivered on or before by_date, ordered by id, after
 * after_id (keyset: 0 first, then *next_after). Looks at up to cap
 * subscriptions and writes the due ones to out (*n of them); *next_after
 * is the last id looked at, 0 when there are no more. Memory stays one
 * batch whatever the number of subscriptions. */
enum rd_status subscription_due(struct rd_db *db, int32_t by_date,
				long long after_id, struct subscription_due *out,
				int cap, int *n, long long *next_after,
				struct rd_error *err);

/* Inside the caller's transaction (db_begin done): applies the pending
 * reservations of subscription id that take effect by its next delivery
 * (from_delivery <= delivery_count + 1), oldest first, as requests made
 * earlier (their cut-off was checked then). A reservation that no longer
 * applies (the subscription was cancelled, a product is gone) is marked
 * cancelled with a note. *applied (if not NULL) counts those applied. */
enum rd_status subscription_apply_reservations_tx(struct rd_db *db, long long id,
						  int32_t today, int *applied,
						  struct rd_error *err);

/* Inside the caller's transaction: delivery delivery_no of subscription id
 * has been made (its order created): counts it and moves next_date on to
 * the next slot that is not skipped (subrule_advance). Idempotent: when
 * delivery_count is already delivery_no or more, changes nothing and
 * returns RD_OK with res->replayed. RD_CONFLICT when delivery_no is not the
 * next delivery. res may be NULL. */
enum rd_status subscription_advance_tx(struct rd_db *db, long long id,
				       int delivery_no,
				       struct subscription_result *res,
				       struct rd_error *err);

/* Fills out from row of rows, whose columns from base on are
 * STATE_COLUMNS (src/store/subscription_sql.h: a query that reads many
 * subscriptions at once, as the shipment run does). RD_INVALID (err says which subscription
 * and what) for a row that cannot be a subscription. */
enum rd_status subscription_state_from_row(const struct db_rows *rows, int row, int base,
					   struct subscription_state *out,
					   struct rd_error *err);

#endif
