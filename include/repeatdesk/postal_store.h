/* postal_store.h: postal-code lookup with the database first, and the
 * import of the national postal-code file (store/postal_store.c).
 *
 * A lookup reads rd.postal_codes: the national rows (KEN_ALL) when the
 * code is there, else answers of the postal-code service cached within
 * the postal_cache_days setting; only when neither has it does it ask the
 * service (net/postal.h: blocks for at most the configured timeout) and
 * caches the answer. Without a service, or when it is down, slow or
 * answers garbage, the lookup fails with a message that says to type the
 * address: nothing else waits on it. */
#ifndef REPEATDESK_POSTAL_STORE_H
#define REPEATDESK_POSTAL_STORE_H

#include <stdio.h>

#include "repeatdesk/db.h"
#include "repeatdesk/postal.h"
#include "repeatdesk/status.h"

enum postal_source {
	POSTAL_SOURCE_KEN_ALL,   /* the imported national file */
	POSTAL_SOURCE_CACHE,     /* an earlier answer of the service */
	POSTAL_SOURCE_SERVICE    /* the service, just now */
};

/* "ken_all", "cache", "service". */
const char *postal_source_name(enum postal_source s);

/* Looks up a postal code as typed ("100-0001", "〒１００－０００１",
 * "1000001"). cfg (may be NULL: no service) says where the service is.
 * Fills out and *source (may be NULL). Returns RD_OK, RD_INVALID (not a
 * postal code), RD_NOT_FOUND (no such code), RD_NETWORK (the service is
 * needed and failed). When the database is unreachable the service is
 * still asked (and nothing is cached). */
enum rd_status postal_store_lookup(struct rd_db *db, const struct postal_config *cfg,
				   const char *code, struct postal_answer *out,
				   enum postal_source *source, struct rd_error *err);

struct postal_import_stats {
	long long records;     /* CSV records read */
	long long joined;      /* records that continued the town of the one
				* before (long town names span lines) */
	long long addresses;   /* distinct addresses now in the table */
	long long replaced;    /* national rows there were before */
	bool bulk;             /* loaded by the owner without per-row history */
};

/* Replaces the national rows of rd.postal_codes with those of a KEN_ALL
 * file (Japan Post's KEN_ALL.CSV converted to UTF-8, 15 fields a record),
 * streamed from f through COPY in one transaction: on any error nothing
 * changes and err names the line. Town names that KEN_ALL splits over
 * several records are joined; the notes it puts in a town name (以下に
 * 掲載がない場合, ...一円, parenthesized ranges and floors) are removed,
 * leaving what goes into an address. Cached service answers for codes the
 * file has are dropped. Run by the cluster owner the load skips per-row
 * history and records one summary row; by a supervisor every row has its
 * history (slower). */
enum rd_status postal_store_import(struct rd_db *db, FILE *f,
				   struct postal_import_stats *out,
				   struct rd_error *err);

/* The town part of a KEN_ALL town name as it goes into an address (pure;
 * for tests): "以下に掲載がない場合" -> "", "大通西（１～１９丁目）" ->
 * "大通西", "奥多摩町一円" -> "", "一円" stays. Writes to out. */
void postal_clean_town(const char *town, char *out, size_t outsz);

#endif
