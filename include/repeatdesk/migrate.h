/* migrate.h: applies db/migrations (compiled in) in order, each once. */
#ifndef REPEATDESK_MIGRATE_H
#define REPEATDESK_MIGRATE_H

#include <stdbool.h>

#include "repeatdesk/db.h"

struct migrate_entry {
	char version[64];
	char applied_at[40];  /* "" when pending */
	bool applied;
};

struct migrate_list {
	struct migrate_entry *items;
	int count;
	int pending;
};

/* Reads which migrations are applied. Works on a database that has none
 * (all pending). Free with migrate_list_free. */
enum rd_status migrate_status(struct rd_db *db, struct migrate_list *out,
			      struct rd_error *err);
void migrate_list_free(struct migrate_list *l);

/* Applies the pending migrations, each in its own transaction, recording it
 * in rd.schema_migrations. *applied gets how many were applied. A
 * migration that fails is rolled back and stops the run (err names it). */
enum rd_status migrate_apply(struct rd_db *db, int *applied,
			     void (*progress)(const char *version, void *arg),
			     void *arg, struct rd_error *err);

#endif
