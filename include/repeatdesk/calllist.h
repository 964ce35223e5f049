/* calllist.h: outbound call lists (store/calllist.c; issue 13, section 6).
 *
 * A supervisor makes a call list from a set of customers — a saved filter
 * of the lookup, any customer query (a segment), or a preset the database
 * computes — for a team: one open outbound inquiry per customer in the
 * team's queue (db/migrations/0125). Customers who asked not to be
 * called are left out and counted. Agents record each call's outcome on
 * its inquiry: no answer keeps it open with a time to call again; the
 * other outcomes resolve it. Progress per list is the database's
 * (rd.call_list_progress), computed from the inquiries each time.
 *
 * The rules are the database's (rd.call_list_create, rd.call_outcome):
 * these functions call them and report refusals in the desk's words. */
#ifndef REPEATDESK_CALLLIST_H
#define REPEATDESK_CALLLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/db.h"
#include "repeatdesk/status.h"

struct customer_query;

/* Most customers one list may have (the database refuses more). */
#define CALLLIST_MAX 5000
#define CALLLIST_NAME_MAX 80         /* characters */
#define CALLLIST_NAME_SIZE (CALLLIST_NAME_MAX * 4 + 1)
#define CALLLIST_SOURCE_SIZE 512
#define CALLLIST_TIME_SIZE 24        /* "2026-03-14 10:42" */

/* ---- outcomes ----------------------------------------------------------- */

enum calllist_outcome {
	CALL_REACHED,
	CALL_NO_ANSWER,
	CALL_KEPT,
	CALL_CANCELLED,
	CALL_WRONG_NUMBER,
	CALL_OUTCOME_COUNT
};

/* The database's code ("no_answer"); NULL out of range. */
const char *calllist_outcome_code(enum calllist_outcome o);
/* The outcome in the reader's words (_()). */
const char *calllist_outcome_label(enum calllist_outcome o);
/* Parses "no_answer" or the command line's "no-answer"; false otherwise. */
bool calllist_outcome_parse(const char *s, enum calllist_outcome *out);

/* ---- presets ------------------------------------------------------------ */

enum calllist_preset {
	CALLLIST_PRESET_SKIPPED_TWICE,   /* delivery <= 2, skipped twice */
	CALLLIST_PRESET_CALLBACKS_DUE,   /* open inquiries, callback due */
	CALLLIST_PRESET_COUNT
};
const char *calllist_preset_name(enum calllist_preset p);
bool calllist_preset_parse(const char *s, enum calllist_preset *out);
/* The preset in the reader's words, for a list's source. */
const char *calllist_preset_label(enum calllist_preset p);

/* ---- collecting the customers ------------------------------------------- */

/* The ids of a set of customers; free with calllist_ids_done. */
struct calllist_ids {
	long long *ids;
	size_t n;
};
void calllist_ids_done(struct calllist_ids *ids);

/* Every customer q finds (customer_find, page by page). RD_REFUSED, with
 * a message naming the cap, when there are more than CALLLIST_MAX. */
enum rd_status calllist_collect_query(struct rd_db *db, const struct customer_query *q,
				      struct calllist_ids *out, struct rd_error *err);
/* The customers of the caller's saved filter `name` (RD_NOT_FOUND). */
enum rd_status calllist_collect_filter(struct rd_db *db, const char *name,
				       struct calllist_ids *out, struct rd_error *err);
/* The customers of a preset (the database computes them; supervisors). */
enum rd_status calllist_collect_preset(struct rd_db *db, enum calllist_preset p,
				       struct calllist_ids *out, struct rd_error *err);

/* Where a list's customers came from, as the list keeps it for people to
 * read later: in the business's language (store/bizlang). */
enum calllist_from {
	CALLLIST_FROM_FILTER,            /* what: the saved filter's name */
	CALLLIST_FROM_QUERY,             /* what: the search in words or json */
	CALLLIST_FROM_PRESET             /* what: calllist_preset_name() */
};
/* Writes the source text into out. Errors: those of reading the language
 * (out is then in the terminal's language, for a caller that goes on). */
enum rd_status calllist_source(struct rd_db *db, enum calllist_from from, const char *what,
			       char *out, size_t outsz, struct rd_error *err);

/* ---- making and reading lists --------------------------------------------- */

struct calllist_new {
	const char *name;               /* required, CALLLIST_NAME_MAX chars */
	const char *team;               /* team name, required */
	const char *source;             /* where the customers came from */
	const char *category;           /* inquiry category; NULL: other */
	const struct calllist_ids *customers;
	const char *reason;
	const char *request_id;         /* UUID or NULL */
};

/* Makes the list; *id gets its id (the first one's on a retry).
 * RD_PERMISSION for anyone but a supervisor (the database refuses). */
enum rd_status calllist_create(struct rd_db *db, const struct calllist_new *r,
			       long long *id, struct rd_error *err);

/* A list and its progress (rd.call_list_progress). */
struct calllist_progress {
	long long id;
	int version;
	char name[CALLLIST_NAME_SIZE];
	char source[CALLLIST_SOURCE_SIZE];
	char category[32];
	char team[96];
	char created_by[40];
	char status[16];                /* open closed */
	char created_at[CALLLIST_TIME_SIZE];
	long long total, left_out_no_call;
	long long not_called, waiting_retry, retry_due;
	long long done[CALL_OUTCOME_COUNT];  /* by last outcome; [CALL_NO_ANSWER] 0 */
	long long closed_other;         /* resolved without an outcome */
	long long calls;                /* outcomes recorded, retries included */
};

/* Calls finished: total less those still to call or to call again. */
long long calllist_progress_done(const struct calllist_progress *p);

/* The lists, newest first: open ones only unless all. *n gets the count. */
enum rd_status calllist_list(struct rd_db *db, bool all, struct calllist_progress *out,
			     size_t max, size_t *n, struct rd_error *err);
/* One list. RD_NOT_FOUND. */
enum rd_status calllist_get(struct rd_db *db, long long id, struct calllist_progress *out,
			    struct rd_error *err);

/* Closes a list (supervisors): it leaves the dashboard; its inquiries stay. */
enum rd_status calllist_close(struct rd_db *db, long long id, int version,
			      const char *reason, struct rd_error *err);

/* ---- outcomes ------------------------------------------------------------- */

struct calllist_outcome_req {
	long long inquiry_id;
	int version;                    /* read by the agent; 0: current */
	enum calllist_outcome outcome;
	const char *retry_at;           /* "YYYY-MM-DD HH:MM" business time; no answer only */
	const char *note;
	const char *reason;
	const char *request_id;
};

/* Records the outcome; *version (may be NULL) gets the inquiry's new
 * version. RD_CONFLICT when someone changed it meanwhile; RD_REFUSED when
 * the database refuses (not an outbound call, already resolved, no retry
 * time or one in the past for no answer). */
enum rd_status calllist_record_outcome(struct rd_db *db, const struct calllist_outcome_req *r,
				       int *version, struct rd_error *err);

/* A time to call again to start from: two hours from now, on the hour,
 * business time ("YYYY-MM-DD HH:MM"; out: CALLLIST_TIME_SIZE bytes). */
enum rd_status calllist_default_retry(struct rd_db *db, char *out, size_t outsz,
				      struct rd_error *err);

/* Checks "YYYY-MM-DD HH:MM" (a real date and time); pure. */
bool calllist_time_valid(const char *s);

#endif
