/* shipment.h: the shipment run (store/shipment.c): `repeatdesk shipments
 * generate --date D` turns every subscription delivery due within the
 * generation window into an order.
 *
 * For a run on day D, a delivery is due when its delivery day (the next
 * open day after closed weekdays and holidays) is on or before D +
 * shipment_window_days (rd.settings, 0035). For each due delivery, in
 * order of subscription id:
 *   - the pending reservations that take effect by it are applied first
 *     (subscription_apply_reservations_tx): a reserved cancellation or
 *     pause means no order;
 *   - the order: the subscription's products at its prices, tax once per
 *     rate rounded down (money.h), the retention discount while it runs,
 *     shipping and cash-on-delivery fees as core/pricing charges an order
 *     that is a subscription's; payment, card token, time slot, address
 *     and media code from the subscription; order date D, desired date
 *     the delivery day, subscription_id and delivery_no set;
 *   - its inserts, chosen by the active rd.insert_rules
 *     (pricing_choose_inserts, as order entry does); a new customer's
 *     first-order inserts go with one order, their first one made;
 *   - bundling: the customer's other undelivered orders to the same
 *     address due within bundling_window_days of the delivery day (orders
 *     bundled with this delivery when they were taken among them) share
 *     one bundle_id with it, the id of the bundle's first order;
 *   - the subscription advances: delivery_count + 1, next_date to the next
 *     slot that is not skipped (core/subrule: subrule_advance), a paused
 *     subscription whose pause is over becomes active, the retention
 *     discount counts down.
 * A subscription with more than one delivery inside the window gets each.
 *
 * Set-based and streamed: the due subscriptions are read in keyset pages
 * of opt->batch (subscription_due); each page is one transaction that
 * locks its subscriptions (FOR UPDATE, in id order), computes dates,
 * amounts and inserts in C, and writes with a few statements over arrays
 * (unnest): one UPDATE for the subscriptions of each round (checked
 * against the versions read), one INSERT for the page's orders with
 * their lines and inserts in subscription and delivery order (the same
 * orders, ids in the same order, parcels and fees to the yen as one
 * subscription per page), one UPDATE for the bundles. Memory is one page
 * per connection whatever the number of subscriptions.
 *
 * Exactly once: orders are unique on (subscription_id, delivery_no) and
 * inserted ON CONFLICT DO NOTHING, and the order and the advance commit
 * together. A run that is killed loses only its current page; run again,
 * it makes the rest; run twice, the second makes nothing. Two runs at
 * once wait for each other's page and never make an order twice.
 *
 * History: every row the run writes has the reason opt->reason (default
 * "shipment run YYYY-MM-DD") and the request id of the run. The run needs
 * an agent's rights (it updates subscriptions); the database decides. */
#ifndef REPEATDESK_SHIPMENT_H
#define REPEATDESK_SHIPMENT_H

#include <stdint.h>

#include "repeatdesk/db.h"
#include "repeatdesk/status.h"

#define SHIPMENT_TODAY INT32_MIN       /* opt->date: the business date */
#define SHIPMENT_BATCH_DEFAULT 2000
#define SHIPMENT_BATCH_AUTO_MIN 200   /* pages shrunk for --jobs stop here */
#define SHIPMENT_PAGES_PER_CONNECTION 4
#define SHIPMENT_BATCH_MAX 50000
#define SHIPMENT_WORKERS_MAX 15        /* further connections */
#define SHIPMENT_UUID_SIZE 37
#define SHIPMENT_REASON_CHARS 200
#define SHIPMENT_ERROR_SIZE 512

/* Called after each committed page: done of about total due
 * subscriptions looked at (total is counted when the run starts). */
typedef void (*shipment_progress_fn)(long long done, long long total, void *arg);

struct shipment_options {
	int32_t date;                 /* day number (date.h); SHIPMENT_TODAY */
	int batch;                    /* subscriptions per transaction; 0:
				       * shipment_page_size's */
	const char *reason;           /* NULL: "shipment run YYYY-MM-DD" */
	const char *request_id;       /* UUID of the run; NULL: a new one */
	shipment_progress_fn progress;  /* may be NULL; called from any worker
					 * (one at a time) */
	void *progress_arg;
	/* further connections (the same login), each working through pages
	 * in a thread of its own beside db: pages are handed out in order
	 * and never overlap; a page that a deadlock with another worker
	 * rolled back is done again. NULL, 0: db alone. */
	struct rd_db *const *workers;
	int nworkers;
	/* tests only: after this many pages have committed, the next page
	 * does all its work and then fails instead of committing, as a run
	 * killed halfway would (0: never) */
	int fail_after_batches;
};

struct shipment_summary {
	int32_t date;                 /* the run's day */
	int32_t through;              /* deliveries due up to this day */
	int window_days;
	char request_id[SHIPMENT_UUID_SIZE];
	long long due;                /* subscriptions due when the run started */
	long long orders_created;
	long long already_existed;    /* the delivery's order was there: advanced only */
	long long reservations_applied;
	long long bundled;            /* orders created that joined a bundle */
	long long inserts;            /* inserts put into the orders created */
	long long skipped;            /* skipped deliveries passed over */
	long long not_due;            /* no longer due once locked (a reservation
				       * cancelled or paused it, another run made it) */
	long long errors;             /* subscriptions left as they were */
	long long batches;            /* pages committed */
	int batch;                    /* subscriptions per page (as chosen) */
	char first_error[SHIPMENT_ERROR_SIZE];  /* "" when none */
};

/* The subscriptions per page of a run of due subscriptions on
 * connections connections: asked when it is not 0; otherwise
 * SHIPMENT_BATCH_DEFAULT, made smaller when several connections share a
 * run that is not large, so that each has about
 * SHIPMENT_PAGES_PER_CONNECTION pages to work through (a day's run of
 * 3,600 due in pages of 2,000 is two pages: one connection waits for the
 * other's second), never under SHIPMENT_BATCH_AUTO_MIN. */
int shipment_page_size(long long due, int connections, int asked);

/* Runs the shipment run described above on db. Returns RD_OK when every
 * page committed (out->errors counts the subscriptions that could not be
 * shipped, say a schedule that cannot be computed; they are left as they
 * were and out->first_error says why), or the error that stopped the run
 * (RD_INVALID bad options or settings, RD_UNAVAILABLE, RD_PERMISSION...):
 * the pages committed before it stay, and out says what they did. */
enum rd_status shipment_generate(struct rd_db *db, const struct shipment_options *opt,
				 struct shipment_summary *out, struct rd_error *err);

#endif
