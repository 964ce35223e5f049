/* inquiry.h: the shared inquiry log (store/inquiry.c).
 *
 * An inquiry is one call, mail or letter and what came of it: who holds
 * it, what was promised, what is waiting. Its timeline (entries) records
 * notes, calls, status changes, handoffs, escalations and links to the
 * changes it caused. The rules (the state machine, who may reassign, the
 * note a handoff or a resolution needs, deadlines from the SLA and the
 * delivery cut-off) are the database's (db/migrations/0040): these
 * functions call rd.inquiry_* and report its refusals in the desk's
 * words.
 *
 * Every write is one transaction (db_begin with the reason and request
 * id, which history keeps); a request id (UUID) makes a retry harmless.
 * Writes on an existing inquiry name the version the agent read (0: the
 * current one): RD_CONFLICT when someone else changed it meanwhile.
 *
 * Live: every change is announced on channel INQUIRY_CHANNEL (payload:
 * table, op, id, inquiry_id, customer_id, status, assignee_id, team_id
 * and their old values); presence on PRESENCE_CHANNEL (customer_id).
 * inquiry_notify_parse reads both. */
#ifndef REPEATDESK_INQUIRY_H
#define REPEATDESK_INQUIRY_H

#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/db.h"
#include "repeatdesk/status.h"

struct subscription_result;

#define INQUIRY_CHANNEL "rd_inquiry"
#define PRESENCE_CHANNEL "rd_presence"

#define INQUIRY_SUBJECT_SIZE 200
#define INQUIRY_NOTE_MAX 2000       /* characters of one note */
#define INQUIRY_TIME_SIZE 24        /* "2026-03-14 10:42" */
#define INQUIRY_KEY_SIZE 40         /* full-precision timestamp for paging */
#define INQUIRY_NAME_SIZE 96
#define INQUIRY_WORD_SIZE 24
#define INQUIRY_PAGE_MAX 200

enum inquiry_queue {
	INQ_Q_OPEN,            /* everything not resolved or closed */
	INQ_Q_MINE,            /* held by me */
	INQ_Q_TEAM,            /* my team's queue */
	INQ_Q_UNASSIGNED,      /* held by nobody */
	INQ_Q_ESCALATED,
	INQ_Q_CALLBACKS_TODAY, /* a callback promised for today (business day) */
	INQ_Q_OVERDUE,         /* callback passed, or due (SLA / cut-off) passed */
	INQ_Q_WAITING,         /* waiting on the customer */
	INQ_Q_ALL,             /* every status (with a customer: their log) */
	INQ_Q_COUNT
};

enum inquiry_sort {
	INQ_SORT_AGE,          /* oldest first */
	INQ_SORT_NEWEST,       /* newest first */
	INQ_SORT_PRIORITY,     /* urgent first, then oldest */
	INQ_SORT_COUNT
};

/* "mine", "team", … (the CLI's and the screen's names); NULL if out of
 * range. */
const char *inquiry_queue_name(enum inquiry_queue q);
/* Parses a queue name; false when unknown. */
bool inquiry_queue_parse(const char *s, enum inquiry_queue *out);
const char *inquiry_sort_name(enum inquiry_sort s);
bool inquiry_sort_parse(const char *s, enum inquiry_sort *out);

/* Checks a code against the database's lists (channel, category,
 * priority, status). */
bool inquiry_channel_valid(const char *s);
bool inquiry_category_valid(const char *s);
bool inquiry_priority_valid(const char *s);
bool inquiry_status_valid(const char *s);

/* One inquiry as the queues and the inquiry screen show it. Times are
 * business-time-zone text "YYYY-MM-DD HH:MM" ("" when none). */
struct inquiry {
	long long id;
	int version;
	long long customer_id;          /* 0: caller not identified */
	char customer_code[24];
	char customer_name[INQUIRY_NAME_SIZE];
	long long order_id;
	char order_no[24];
	long long subscription_id;
	char channel[INQUIRY_WORD_SIZE];
	char category[INQUIRY_WORD_SIZE];
	char priority[INQUIRY_WORD_SIZE];
	char status[INQUIRY_WORD_SIZE];
	char assignee_login[40];        /* "" unassigned */
	char assignee_name[INQUIRY_NAME_SIZE];
	char team_name[INQUIRY_NAME_SIZE];
	char subject[INQUIRY_SUBJECT_SIZE];
	char opened_by[40];
	char created_at[INQUIRY_TIME_SIZE];
	char updated_at[INQUIRY_TIME_SIZE];
	char callback_at[INQUIRY_TIME_SIZE];
	char due_at[INQUIRY_TIME_SIZE];
	char cutoff_at[INQUIRY_TIME_SIZE];   /* the delivery's change cut-off */
	char resolved_at[INQUIRY_TIME_SIZE];
	long long age_minutes;          /* since opened */
	bool overdue;                   /* due or callback passed, still open */
	bool callback_after_cutoff;     /* promised after the cut-off: flagged */
	bool callback_today;
	/* keyset paging: the sort key of this row */
	char key_at[INQUIRY_KEY_SIZE];
};

/* One timeline entry. */
struct inquiry_entry {
	long long id;
	char kind[INQUIRY_WORD_SIZE];   /* note call status_change handoff
					 * escalation change_link */
	char author[40];
	char author_name[INQUIRY_NAME_SIZE];
	char at[INQUIRY_TIME_SIZE];
	char body[INQUIRY_NOTE_MAX * 3 + 1];
	char from_agent[INQUIRY_NAME_SIZE];  /* handoff: display names */
	char to_agent[INQUIRY_NAME_SIZE];
	char to_team[INQUIRY_NAME_SIZE];
	char from_status[INQUIRY_WORD_SIZE];
	char to_status[INQUIRY_WORD_SIZE];
	long long history_id;           /* change_link */
};

/* An inquiry with its whole timeline (oldest first). Free with
 * inquiry_detail_done. */
struct inquiry_detail {
	struct inquiry q;
	struct inquiry_entry *entries;
	size_t nentries;
};
void inquiry_detail_done(struct inquiry_detail *d);

/* ---- reading ----------------------------------------------------------- */

struct inquiry_query {
	enum inquiry_queue queue;
	enum inquiry_sort sort;
	long long customer_id;          /* 0: any customer */
	int limit;                      /* 1..INQUIRY_PAGE_MAX (0: 50) */
	const struct inquiry *after;    /* keyset: the last row of the previous
					 * page (NULL: first page) */
};

/* Reads one page of a queue into out (caller's array of q->limit);
 * *n gets the count. "mine" and "team" are the session's own. */
enum rd_status inquiry_list(struct rd_db *db, const struct inquiry_query *q,
			    struct inquiry *out, size_t *n, struct rd_error *err);

/* Reads the inquiry and its timeline. RD_NOT_FOUND when there is none. */
enum rd_status inquiry_get(struct rd_db *db, long long id,
			   struct inquiry_detail *out, struct rd_error *err);

/* Finds a customer by code (*id; RD_NOT_FOUND) and, when order_no is not
 * NULL, that customer's order (*order_id). */
enum rd_status inquiry_find_refs(struct rd_db *db, const char *customer_code,
				 const char *order_no, long long *customer_id,
				 long long *order_id, struct rd_error *err);

/* ---- writing ----------------------------------------------------------- */

struct inquiry_open_req {
	long long customer_id;          /* 0: not identified */
	long long order_id;             /* 0: none */
	long long subscription_id;      /* 0: none */
	const char *channel;            /* NULL: inbound_call */
	const char *category;           /* required */
	const char *priority;           /* NULL: normal */
	const char *subject;            /* required */
	const char *note;               /* first entry (a call for calls) */
	const char *callback_at;        /* "YYYY-MM-DD HH:MM" business time, or NULL */
	const char *assignee;           /* login; NULL: nobody */
	bool assign_self;               /* the caller holds it (assignee ignored) */
	const char *team;               /* team name or NULL */
	const char *reason;
	const char *request_id;         /* UUID or NULL */
};

/* Opens an inquiry; *id gets its id (the first one's on a retry). */
enum rd_status inquiry_open(struct rd_db *db, const struct inquiry_open_req *r,
			    long long *id, struct rd_error *err);

/* Adds a note (call = false) or a call to the timeline. */
enum rd_status inquiry_note(struct rd_db *db, long long id, bool call,
			    const char *body, const char *reason,
			    const char *request_id, struct rd_error *err);

/* What a change on an existing inquiry names. */
struct inquiry_change {
	long long id;
	int version;                    /* read by the agent; 0: current */
	const char *note;
	const char *reason;
	const char *request_id;
};

/* Each returns the new version in *version (may be NULL). */
enum rd_status inquiry_take(struct rd_db *db, const struct inquiry_change *c,
			    int *version, struct rd_error *err);
/* To an agent (login) or a team (name): exactly one; a note is required. */
enum rd_status inquiry_handoff(struct rd_db *db, const struct inquiry_change *c,
			       const char *to_agent, const char *to_team,
			       int *version, struct rd_error *err);
enum rd_status inquiry_escalate(struct rd_db *db, const struct inquiry_change *c,
				int *version, struct rd_error *err);
enum rd_status inquiry_resolve(struct rd_db *db, const struct inquiry_change *c,
			       int *version, struct rd_error *err);
enum rd_status inquiry_reopen(struct rd_db *db, const struct inquiry_change *c,
			      int *version, struct rd_error *err);
enum rd_status inquiry_close(struct rd_db *db, const struct inquiry_change *c,
			     int *version, struct rd_error *err);
/* waiting_customer or in_progress (back from waiting). */
enum rd_status inquiry_set_status(struct rd_db *db, const struct inquiry_change *c,
				  const char *status, int *version,
				  struct rd_error *err);

/* After-call work in one transaction: category (NULL: unchanged), note,
 * resolved or not, and every change this agent made about the customer
 * since `since` (a database timestamp, from inquiry_now; NULL: none)
 * linked to the inquiry. *linked (may be NULL) gets how many changes are
 * linked now. */
struct inquiry_wrapup_req {
	struct inquiry_change c;
	const char *category;
	bool resolved;
	const char *since;
};
enum rd_status inquiry_wrapup(struct rd_db *db, const struct inquiry_wrapup_req *w,
			      int *version, int *linked, struct rd_error *err);

/* The wrap-up of a call in ONE transaction: when open is not NULL a new
 * inquiry is opened first and w applies to it (w->c.id is ignored);
 * *id gets the inquiry's id. Nothing is written when anything is refused. */
enum rd_status inquiry_log_call(struct rd_db *db, const struct inquiry_open_req *open,
				const struct inquiry_wrapup_req *w, long long *id,
				int *linked, struct rd_error *err);

/* The changes this agent made about customer since `since` that are not
 * yet linked to inquiry id (0: to any): what a wrap-up would link.
 * out[i] gets "HH:MM what happened: fields (reason)" lines in words; *n
 * their count. */
#define INQUIRY_CHANGE_TEXT 160
enum rd_status inquiry_pending_changes(struct rd_db *db, long long customer_id,
				       const char *since, long long id,
				       char (*out)[INQUIRY_CHANGE_TEXT], size_t max,
				       size_t *n, struct rd_error *err);

/* The category a call's wrap-up starts from (out: INQUIRY_CATEGORY_MAX
 * bytes): the category of the call's inquiry id when it exists (a skip
 * call's inquiry says "skip"); else the one the first change this agent
 * made about the customer since `since` implies (a skip, a pause, a
 * cancel, an address, a payment, an order...); else "question". */
#define INQUIRY_CATEGORY_MAX 32
enum rd_status inquiry_call_category(struct rd_db *db, long long customer_id,
				     const char *since, long long id, char *out,
				     size_t outsz, struct rd_error *err);

/* The database's clock, full precision, for `since` (out: 40 bytes). */
enum rd_status inquiry_now(struct rd_db *db, char *out, size_t outsz,
			   struct rd_error *err);

/* ---- the subscription request hook ------------------------------------- */

/* What the hook needs: the call's inquiry (0: open one for the customer
 * when the first request is made, and remember it here). */
struct inquiry_call {
	long long inquiry_id;
	long long customer_id;
	long long subscription_id;
	char subject[INQUIRY_SUBJECT_SIZE];   /* for an inquiry it opens */
};

/* A subscription_tx_hook (subscription.h): links the history rows the
 * request wrote to the call's inquiry and notes what it did, inside the
 * request's own transaction. arg is a struct inquiry_call. */
enum rd_status inquiry_subscription_hook(struct rd_db *db, void *arg,
					 const struct subscription_result *res,
					 struct rd_error *err);

/* ---- dashboard --------------------------------------------------------- */

#define INQUIRY_DASH_ROWS 16

struct inquiry_dash_count {
	char name[INQUIRY_NAME_SIZE];     /* status, bucket, agent or team */
	char login[40];                   /* agents */
	long long n;
};

struct inquiry_dash_today {
	char login[40];
	char name[INQUIRY_NAME_SIZE];
	long long calls, resolved, handed_off;
};

struct inquiry_dashboard {
	struct inquiry_dash_count by_status[8];
	size_t nstatus;
	struct inquiry_dash_count by_age[4];   /* under 1h, 1h-1d, 1d-3d, over 3d */
	struct inquiry_dash_count by_agent[INQUIRY_DASH_ROWS];
	size_t nagent;
	struct inquiry_dash_count by_team[INQUIRY_DASH_ROWS];
	size_t nteam;
	long long unassigned, handoffs_waiting, escalated, overdue,
		  callbacks_overdue;
	long long oldest_id;                   /* 0: nothing open */
	char oldest_subject[INQUIRY_SUBJECT_SIZE];
	char oldest_at[INQUIRY_TIME_SIZE];
	struct inquiry_dash_today today[INQUIRY_DASH_ROWS];
	size_t ntoday;
};

/* Reads the dashboard. RD_PERMISSION for anyone but a supervisor (the
 * database refuses). */
enum rd_status inquiry_dashboard(struct rd_db *db, struct inquiry_dashboard *out,
				 struct rd_error *err);

/* ---- presence ---------------------------------------------------------- */

struct inquiry_presence {
	char login[40];
	char name[INQUIRY_NAME_SIZE];
	char since[8];                    /* "10:42" (business time) */
};

/* Presence belongs to the terminal (db_token(db)), not to a server
 * session: it survives reconnects and a transaction pool, and lasts until
 * cleared or until presence_ttl_seconds after the terminal's last beat
 * (live.h), so a terminal that dies disappears by itself. */

/* This terminal has the customer open (clears any other it had). */
enum rd_status inquiry_presence_set(struct rd_db *db, long long customer_id,
				    struct rd_error *err);
/* This terminal closed it (0: whatever it had open). */
enum rd_status inquiry_presence_clear(struct rd_db *db, long long customer_id,
				      struct rd_error *err);
/* Who else (other terminals, unexpired) has it open now, earliest
 * first. */
enum rd_status inquiry_presence_get(struct rd_db *db, long long customer_id,
				    struct inquiry_presence *out, size_t max,
				    size_t *n, struct rd_error *err);

/* Both in one statement (rd.presence_open): this terminal has the
 * customer open (written only when that changed), and who else has; now
 * (when not NULL) gets the database's clock as inquiry_now gives it. What
 * the card does each time it reads itself. */
enum rd_status inquiry_presence_open(struct rd_db *db, long long customer_id,
				     struct inquiry_presence *out, size_t max,
				     size_t *n, char *now, size_t nowsz,
				     struct rd_error *err);

/* ---- notifications ----------------------------------------------------- */

struct inquiry_event {
	bool presence;                    /* PRESENCE_CHANNEL */
	bool entry;                       /* a timeline entry (else the inquiry) */
	long long inquiry_id;
	long long customer_id;
	long long assignee_id, old_assignee_id;
	long long team_id, old_team_id;
	char status[INQUIRY_WORD_SIZE];
	char old_status[INQUIRY_WORD_SIZE];
};

/* Reads a notification of INQUIRY_CHANNEL or PRESENCE_CHANNEL; false for
 * any other (or a payload it cannot read). Pure. */
bool inquiry_notify_parse(const struct db_notify *n, struct inquiry_event *ev);

#endif
