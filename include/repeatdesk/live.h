/* live.h: changes of customers, their addresses, orders and subscriptions
 * announced to other terminals (store/live.c, migration 0071).
 *
 * The card, the order screen and the subscription screen LISTEN on
 * LIVE_RECORD_CHANNEL and re-read what they show when a notification
 * names their customer, order or subscription. */
#ifndef REPEATDESK_LIVE_H
#define REPEATDESK_LIVE_H

#include <stdbool.h>

#include "repeatdesk/db.h"
#include "repeatdesk/status.h"

#define LIVE_RECORD_CHANNEL "rd_record"

/* One changed row: its table and id, and what it belongs to (0: not
 * known from the row). */
struct live_record {
	char table[48];
	long long id;
	long long customer_id;
	long long order_id;
	long long subscription_id;
};

/* Starts listening on LIVE_RECORD_CHANNEL (kept across reconnects). */
enum rd_status live_listen(struct rd_db *db, struct rd_error *err);

/* True when n is a notification of LIVE_RECORD_CHANNEL; fills out. */
bool live_record_parse(const struct db_notify *n, struct live_record *out);

#endif
