/* live.c: the record channel of migration 0071 (live.h). */
#include "repeatdesk/live.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
