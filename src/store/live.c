/* live.c: the record channel of migration 0071, and the beat of 0130
 * that checks live updates really arrive (live.h). */
#include "repeatdesk/live.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "repeatdesk/json.h"

enum rd_status live_listen(struct rd_db *db, struct rd_error *err)
{
	return db_listen(db, LIVE_RECORD_CHANNEL, err);
}

static long long field(const struct json_value *doc, const char *key)
{
	int64_t v = 0;

	if (json_as_int(json_get(doc, key), &v) != 0)
		v = 0;
	return (long long)v;
}

bool live_record_parse(const struct db_notify *n, struct live_record *out)
{
	struct json_value *doc = NULL;
	struct rd_error err;
	const char *t;

	memset(out, 0, sizeof(*out));
	if (strcmp(n->channel, LIVE_RECORD_CHANNEL) != 0 ||
	    json_parse(n->payload, strlen(n->payload), &doc, &err) != RD_OK)
		return false;
	t = json_as_string(json_get(doc, "table"), NULL);
	snprintf(out->table, sizeof(out->table), "%s", t ? t : "");
	out->id = field(doc, "id");
	out->customer_id = field(doc, "customer_id");
	out->order_id = field(doc, "order_id");
	out->subscription_id = field(doc, "subscription_id");
	json_free(&doc);
	return true;
}

/* ---- the beat ----------------------------------------------------------- */

long long live_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void live_beat_init(struct live_beat *b, const struct rd_db *db)
{
	const char *t = db_token(db);
	size_t n = 0;

	memset(b, 0, sizeof(*b));
	n = (size_t)snprintf(b->channel, sizeof(b->channel), "rd_beat_");
	for (; *t && n + 1 < sizeof(b->channel); t++)
		if (*t != '-')
			b->channel[n++] = *t;
	b->channel[n] = '\0';
	b->interval_ms = 20000;
	b->state = LIVE_UNKNOWN;
}

void live_beat_reset(struct live_beat *b)
{
	/* a new connection is judged anew: a beat missed on the old one
	 * (or while the caller was blocked) says nothing about it */
	b->next_ms = 0;
	b->sent_ms = 0;
	b->state = LIVE_UNKNOWN;
}

static long long echo_ms(const struct live_beat *b)
{
	return b->interval_ms < LIVE_ECHO_MS ? b->interval_ms : LIVE_ECHO_MS;
}

long long live_beat_next(const struct live_beat *b)
{
	long long next = b->next_ms;

	if (b->sent_ms && b->sent_ms + echo_ms(b) < next)
		next = b->sent_ms + echo_ms(b);
	return next;
}

enum rd_status live_beat_tick(struct live_beat *b, struct rd_db *db, long long now,
			      struct rd_error *err)
{
	char seq[24];
	const char *params[2] = { db_token(db), seq };
	struct db_rows rows;
	enum rd_status st;

	if (b->sent_ms && now >= b->sent_ms + echo_ms(b)) {
		b->state = LIVE_OFF;
		b->sent_ms = 0;
	}
	if (now < b->next_ms)
		return RD_OK;
	/* tried again within a few seconds when anything below fails */
	b->next_ms = now + (b->interval_ms < 3000 ? b->interval_ms : 3000);
	st = db_listen(db, b->channel, err);
	if (st != RD_OK) {
		b->state = LIVE_OFF;
		return st;
	}
	snprintf(seq, sizeof(seq), "%lld", ++b->seq);
	st = db_query(db, "SELECT next_seconds, notifier, self_listening"
		      " FROM rd.live_beat($1, $2)", 2, params, &rows, err);
	if (st != RD_OK)
		return st;
	if (rows.nrows == 1) {
		int secs = atoi(db_rows_get(&rows, 0, 0) ? db_rows_get(&rows, 0, 0) : "20");
		int notifier = atoi(db_rows_get(&rows, 0, 1) ? db_rows_get(&rows, 0, 1) : "0");
		const char *self = db_rows_get(&rows, 0, 2);

		b->interval_ms = (secs < 1 ? 1 : secs) * 1000;
		/* The backend that ran the beat listens on the channel itself.
		 * On a direct connection that backend is ours for good and the
		 * echo proves the LISTEN works. Through a pool (libpq's pid is
		 * PgBouncer's, not the server's) it only proves that a
		 * transaction-pooled LISTEN hears its own transaction:
		 * notifications of other sessions are lost there. */
		b->unprovable = self && strcmp(self, "t") == 0 && notifier != db_listen_pid(db);
	}
	db_rows_free(&rows);
	b->sent_ms = now;
	b->next_ms = now + b->interval_ms;
	return RD_OK;
}

bool live_beat_seen(struct live_beat *b, const struct db_notify *n, long long now)
{
	char seq[24];

	(void)now;
	if (strcmp(n->channel, b->channel) != 0)
		return false;
	snprintf(seq, sizeof(seq), "%lld", b->seq);
	/* an old beat's late echo (after a reconnect) proves nothing now */
	if (b->sent_ms && strcmp(n->payload, seq) == 0 && !b->unprovable) {
		b->state = LIVE_OK;
		b->sent_ms = 0;
	}
	return true;
}

enum live_state live_beat_state(const struct live_beat *b)
{
	return b->state;
}
