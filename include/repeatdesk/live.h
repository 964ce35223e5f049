/* live.h: changes of customers, their addresses, orders and subscriptions
 * announced to other terminals (store/live.c, migration 0071), and the
 * beat that tells whether such announcements really arrive (0130).
 *
 * The card, the order screen and the subscription screen LISTEN on
 * LIVE_RECORD_CHANNEL and re-read what they show when a notification
 * names their customer, order or subscription.
 *
 * The beat: every few seconds (presence_ttl_seconds / 3, at most 20 s)
 * the terminal calls rd.live_beat with its token (db_token). That keeps
 * its presence alive and sends a notification on a channel only this
 * terminal listens to; when it does not come back within LIVE_ECHO_MS,
 * live updates are not being received (a LISTEN through a transaction
 * pool, a LISTEN connection that is down) and the terminal says so.
 * Expired presence rows are swept by one beat at a time, at most once
 * per presence_sweep_seconds (0165: pg_try_advisory_xact_lock; the other
 * beats skip it without waiting); readers ignore them before that.
 *
 * Use from any program (the UI loop, the load driver):
 *
 *	struct live_beat b;
 *	live_beat_init(&b, db);
 *	for (;;) {
 *		long long now = live_now_ms();
 *		if (now >= live_beat_next(&b))      // due, or an echo overdue
 *			live_beat_tick(&b, db, now, &err);
 *		poll db_socket(db) up to live_beat_next(&b) - now ms;
 *		n = db_poll_notify(db, notes, max);
 *		for each note: if (!live_beat_seen(&b, &note, now)) handle it;
 *		if (live_beat_state(&b) == LIVE_OFF) ... notifications are lost
 *	}
 *
 * After a reconnect call live_beat_reset (beats at once). */
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

/* How long a beat's echo may take before live updates count as off. */
#define LIVE_ECHO_MS 5000

enum live_state {
	LIVE_UNKNOWN,   /* no beat answered or missed yet */
	LIVE_OK,        /* the last beat came back */
	LIVE_OFF        /* it did not: notifications are not received */
};

struct live_beat {
	char channel[64];      /* rd_beat_<token without dashes> */
	long long seq;         /* of the last beat sent */
	long long sent_ms;     /* when it was sent; 0: no echo awaited */
	long long next_ms;     /* when the next beat is due */
	int interval_ms;       /* between beats (from the database) */
	bool unprovable;       /* its echo would prove nothing (see live.c) */
	enum live_state state;
};

/* Monotonic milliseconds, the clock the beat functions take. */
long long live_now_ms(void);

/* Prepares a beat for db's token; the first is due at once. */
void live_beat_init(struct live_beat *b, const struct rd_db *db);
/* A reconnect: the next beat is due at once and the state is
 * LIVE_UNKNOWN until it is answered or missed (the LISTENs were issued
 * again on the new connection; what was missed before says nothing). */
void live_beat_reset(struct live_beat *b);
/* When live_beat_tick has something to do next (ms, live_now_ms clock). */
long long live_beat_next(const struct live_beat *b);
/* Does what is due at now: marks a missed echo (state LIVE_OFF) and sends
 * the next beat (listening on the channel first). An error (the database
 * is down) is returned and the beat tried again later. */
enum rd_status live_beat_tick(struct live_beat *b, struct rd_db *db, long long now,
			      struct rd_error *err);
/* True when n is on the beat's channel (swallow it); the echo of the last
 * beat sent turns the state LIVE_OK. */
bool live_beat_seen(struct live_beat *b, const struct db_notify *n, long long now);
enum live_state live_beat_state(const struct live_beat *b);

#endif
