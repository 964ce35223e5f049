/* media_cost.h: the media codes and what each cost month by month
 * (issue 13 §2; store/media_cost.c, db/migrations/0115_media_costs.sql).
 *
 * Supervisors enter one amount per media code and calendar month; the
 * media report divides a period's costs by what the media brought. Only
 * supervisors may read or write costs (the database refuses anyone else:
 * RD_PERMISSION). A write names the version it read (0: there was no
 * cost for that month yet); a stale one writes nothing (RD_CONFLICT).
 * Every write carries a reason and may carry a request id (history). */
#ifndef REPEATDESK_MEDIA_COST_H
#define REPEATDESK_MEDIA_COST_H

#include <stdbool.h>
#include <stdint.h>

#include "repeatdesk/db.h"
#include "repeatdesk/status.h"

#define MEDIA_CODE_SIZE 64
#define MEDIA_NAME_SIZE 192
#define MEDIA_NOTE_SIZE 608   /* 200 characters of UTF-8 */

/* A media code (rd.media). legacy_cost: the single amount of rd.media.cost
 * entered before monthly costs existed; the reports do not use it. */
struct media_info {
	char code[MEDIA_CODE_SIZE];
	char name[MEDIA_NAME_SIZE];
	char channel[MEDIA_NAME_SIZE];
	int64_t legacy_cost;
	int64_t cost_total;    /* all monthly costs entered; -1: the role may
				* not read costs */
};

/* The cost of one media code in one month. */
struct media_cost {
	char code[MEDIA_CODE_SIZE];
	char name[MEDIA_NAME_SIZE];
	int32_t month;         /* the month's first day (date.h) */
	bool set;              /* false: no cost entered (amount 0, version 0) */
	int64_t amount;        /* yen */
	char note[MEDIA_NOTE_SIZE];
	int version;
};

/* The first day of the business's current month (rd.customer_today). */
enum rd_status media_cost_this_month(struct rd_db *db, int32_t *out,
				     struct rd_error *err);

/* Every media code, by code. *out is malloc'd (free it), *n rows. */
enum rd_status media_list(struct rd_db *db, struct media_info **out, int *n,
			  struct rd_error *err);

/* The costs of media code (NULL or "": every code) for the months from
 * from_month to to_month (any day of each; inclusive), by code then
 * month. all: every code × month, months without a cost included
 * (set false), as the cost screen shows them; else only the costs
 * entered. *out is malloc'd (free it). */
enum rd_status media_cost_list(struct rd_db *db, const char *code,
			       int32_t from_month, int32_t to_month, bool all,
			       struct media_cost **out, int *n,
			       struct rd_error *err);

/* Sets the cost of code for the month of day month to amount (yen, >= 0)
 * with note (NULL: keep the note), in one transaction that records
 * reason (required) and request_id (NULL: none). version: the version
 * read (0: no cost was entered). *new_version (may be NULL) gets the
 * cost's version after. RD_CONFLICT when someone changed it meanwhile,
 * RD_NOT_FOUND for an unknown code, RD_INVALID for a bad amount, RD_USAGE
 * for an empty reason, RD_PERMISSION for a role that is not a
 * supervisor. */
enum rd_status media_cost_set(struct rd_db *db, const char *code, int32_t month,
			      int64_t amount, int version, const char *note,
			      const char *reason, const char *request_id,
			      int *new_version, struct rd_error *err);

/* One change of a cost, from the history. */
struct media_cost_change {
	char at[40];           /* RFC 3339 with offset */
	char actor[64];
	int32_t month;
	bool had_old;          /* false: the cost was entered by this change */
	int64_t old_amount, new_amount;
	char reason[512];
	char request_id[40];
};

/* The changes of code's costs, newest first, at most cap. *out is
 * malloc'd (free it). */
enum rd_status media_cost_history(struct rd_db *db, const char *code, int cap,
				  struct media_cost_change **out, int *n,
				  struct rd_error *err);

#endif
