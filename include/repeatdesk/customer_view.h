/* customer_view.h: what the customer card reads beyond customer.h
 * (store/customer_view.c): the latest changes of a customer with the old
 * and new value of each changed field, and who made them by name.
 *
 * Reads only (and a request id maker); parameterized statements through
 * db_query. Fills structs
 * the caller owns and returns an rd_status with a message in err. */
#ifndef REPEATDESK_CUSTOMER_VIEW_H
#define REPEATDESK_CUSTOMER_VIEW_H

#include <stdbool.h>

#include "repeatdesk/customer.h"
#include "repeatdesk/db.h"
#include "repeatdesk/status.h"

/* Values are cut to this many characters (a card line shows less). */
#define CUSTOMER_VIEW_VALUE_CHARS 80
#define CUSTOMER_VIEW_VALUE_SIZE (CUSTOMER_VIEW_VALUE_CHARS * 4 + 1)

/* One changed field of one history entry; an entry with no field listed
 * (a registration, a change of another table) is one row with column "". */
struct customer_view_change {
	long long id;                     /* rd.history id: rows of one entry
					   * share it and come together */
	char at[24];                      /* "2026-11-22 14:03", business zone */
	char actor[64];                   /* login */
	char actor_name[CUSTOMER_NAME_SIZE]; /* display name, or "" */
	char table[32];                   /* customers, orders, ... */
	char op[8];                       /* INSERT, UPDATE, DELETE */
	char what[CUSTOMER_NAME_SIZE];    /* the order number, inquiry subject
					   * or row key of another table */
	char changed[256];                /* every changed field in words,
					   * "next delivery, delivery time" */
	char summary[CUSTOMER_NAME_SIZE * 2]; /* what happened, in words
					   * ("delivery 4 on ... skipped") */
	char reason[CUSTOMER_ADDRESS_SIZE];
	char column[48];                  /* customers UPDATE: the column */
	char old_value[CUSTOMER_VIEW_VALUE_SIZE];
	char new_value[CUSTOMER_VIEW_VALUE_SIZE];
	bool old_null, new_null;
};

/* The latest `entries` history entries about the customer, newest first,
 * leaving out those that only moved the figures (LTV, order count, RFM)
 * after an order; for a change of the customer's own row, one row per
 * changed field in column order. At most cap rows in out; *n is how many.
 * An entry that does not fit whole is left out. */
enum rd_status customer_view_changes(struct rd_db *db, long long customer_id,
				     int entries,
				     struct customer_view_change *out, int cap,
				     int *n, struct rd_error *err);

/* The whole card as the customer card shows it, in one statement: the
 * customer (customer_get), its active and paused subscriptions
 * (customer_subscriptions), latest orders (customer_orders), open
 * inquiries (customer_inquiries) and latest changes
 * (customer_view_changes). The caller gives the arrays and their sizes;
 * the counts are filled. The subscriptions' amounts are the subscription
 * list's (store/subscription.c), read after it when there are any. */
struct customer_view_card {
	struct customer *c;
	struct customer_subscription *subs;
	int subs_cap, nsubs;
	struct customer_order *orders;
	int orders_cap, norders;
	struct customer_inquiry *inquiries;
	int inquiries_cap, ninquiries;
	struct customer_view_change *changes;
	int change_entries;               /* history entries */
	int changes_cap, nchanges;        /* their changed fields (rows) */
};
/* RD_NOT_FOUND when no customer has the code. */
enum rd_status customer_view_card(struct rd_db *db, const char *code,
				  struct customer_view_card *card, struct rd_error *err);

/* A new request id (a random UUID, lower case) for a save that may be
 * retried: customer_add and customer_update do nothing twice for one id. */
#define CUSTOMER_VIEW_REQUEST_ID_SIZE 37
void customer_view_request_id(char out[CUSTOMER_VIEW_REQUEST_ID_SIZE]);

#endif
