/* history.h: reading the change history, rebuilding a record as it was,
 * and reverting a change (store/history.c).
 *
 * A timeline is the history of one scope, newest first, read a page at a
 * time by keyset (the last entry of a page is where the next starts):
 *   customer      everything about them: profile, addresses, orders and
 *                 their lines, subscriptions and their lines, skips,
 *                 reservations and requests, inquiries and their entries;
 *   order         the order, its lines and inserts, inquiries about it;
 *   subscription  the subscription and every row that names it;
 *   agent         every change an agent (login) made.
 * As of: a customer or a subscription rebuilt from the history as it was
 * at a time; a transaction counts when all of it was written by then.
 * Revert: rd.history_revert (db/migrations/0050), which only supervisors
 * may call; see there what a revert does.
 *
 * Parameterized statements only; structs owned by the caller, freed with
 * the functions named. */
#ifndef REPEATDESK_HISTORY_H
#define REPEATDESK_HISTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "repeatdesk/db.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

enum history_scope {
	HISTORY_CUSTOMER,
	HISTORY_ORDER,
	HISTORY_SUBSCRIPTION,
	HISTORY_AGENT
};

#define HISTORY_PAGE_MAX 500
#define HISTORY_AT_SIZE 48

struct history_query {
	enum history_scope scope;
	long long id;              /* customer, order or subscription id */
	char login[64];            /* HISTORY_AGENT */
	/* filters ("" / 0: none) */
	char table[48];            /* table name */
	char actor[64];            /* login */
	int32_t since, until;      /* business days, both included; 0: open */
	int limit;                 /* 1..HISTORY_PAGE_MAX (0: 50) */
	/* keyset: the after_key and id of the last entry of the page before
	 * (empty: the first page) */
	char after_key[HISTORY_AT_SIZE];
	long long after_id;
};

struct history_entry {
	long long id;
	char at[24];               /* "2026-11-23 10:42:05", business zone */
	char at_key[HISTORY_AT_SIZE]; /* the exact time, for the keyset */
	char actor[64];
	char *actor_name;          /* display name, or "" */
	long long txid;
	char table[48];
	char row_key[64];
	char op[8];                /* INSERT, UPDATE, DELETE */
	char *old_row, *new_row;   /* json, or NULL */
	char *changed;             /* columns, comma-separated */
	char *reason;              /* "" when none */
	char *request_id;          /* "" when none */
	long long customer_id;     /* 0: none */
	long long reverts;         /* the entry this one reverts, 0: none */
	long long reverted_by;     /* the first entry that reverted it, 0: none */
	char *refs;                /* json: what its ids stand for, or NULL */
};

/* Entry e in words (history_words_make), its ids said as people know
 * them (a customer's code, an order's number, an agent's name). Free w
 * with history_words_done (also after an error). Pure. */
static inline enum rd_status history_entry_words(const struct history_entry *e,
						 struct history_words *w,
						 struct rd_error *err)
{
	enum rd_status st = history_words_make(e->table, e->op, e->old_row, e->new_row,
					       e->changed, w, err);

	if (st == RD_OK && e->refs)
		history_words_refs(w, e->refs);
	return st;
}

struct history_page {
	int n;
	struct history_entry *v;
	bool more;                 /* another page follows */
};

/* Resolves what a person types into a scope id: a customer code or id
 * (C0000123, 123), an order number or id (O00000012, 12), a subscription
 * id, an agent login. RD_NOT_FOUND with a message naming it. */
enum rd_status history_resolve(struct rd_db *db, enum history_scope scope,
			       const char *text, long long *id,
			       struct rd_error *err);

/* Reads one page of the timeline into *out (history_page_free). */
enum rd_status history_timeline(struct rd_db *db, const struct history_query *q,
				struct history_page *out, struct rd_error *err);
void history_page_free(struct history_page *p);

/* Reads one entry by id (history_entry_done). */
enum rd_status history_get(struct rd_db *db, long long id,
			   struct history_entry *out, struct rd_error *err);
void history_entry_done(struct history_entry *e);

/* One row as it was. */
struct history_state_row {
	char table[48];
	char row_key[64];
	char *row;                 /* json */
};
struct history_state {
	int n;
	struct history_state_row *v;  /* the record itself first, then its
				       * parts (lines, skips, reservations,
				       * addresses) by table and key */
};

/* Parses a time as a person types it: "2026-11-23", "2026-11-23 10:42",
 * "2026-11-23T10:42:05" (business zone), or with a zone. Writes the
 * normalized text (still in the business zone unless a zone was given)
 * to out. RD_INVALID with a message. */
enum rd_status history_time_parse(const char *s, char out[HISTORY_AT_SIZE],
				  struct rd_error *err);

/* Rebuilds a customer (scope HISTORY_CUSTOMER) or a subscription
 * (HISTORY_SUBSCRIPTION) with its parts as it was at time (text as
 * history_time_parse writes it, business zone). RD_NOT_FOUND when it did
 * not exist yet (or no longer). history_state_free. */
enum rd_status history_as_of(struct rd_db *db, enum history_scope scope,
			     long long id, const char *time,
			     struct history_state *out, struct rd_error *err);
void history_state_free(struct history_state *s);

/* The current version of the row an entry is about; -1 when the row is
 * gone. */
enum rd_status history_row_version(struct rd_db *db, long long id, int *version,
				   struct rd_error *err);

/* The entries a revert of id would undo and what it does with each
 * (keep, part, field, cancel, off, or "" when refused). */
struct history_revert_item {
	long long id;
	char table[48];
	char op[8];
	char kind[8];
};
enum rd_status history_revert_plan(struct rd_db *db, long long id,
				   struct history_revert_item *out, int cap,
				   int *n, struct rd_error *err);

/* Reverts entry id (supervisors; the database refuses everyone else:
 * RD_PERMISSION). version: the version of the entry's row the user saw,
 * or -1 to not check. reason is required; request_id (a UUID, or NULL)
 * makes a retry do nothing twice. On success new_ids (cap entries) get the
 * new history rows; *n their count. RD_CONFLICT when the row changed
 * since version (nothing written); RD_REFUSED with the fields named when
 * later changes touched the same fields, or what cannot be reverted. */
enum rd_status history_revert(struct rd_db *db, long long id, int version,
			      const char *reason, const char *request_id,
			      long long *new_ids, int cap, int *n,
			      struct rd_error *err);

/* ---- undo a call ------------------------------------------------------------ */

/* What "undo this call" would undo for entry id: the call (inquiry) its
 * change is linked to (*call > 0), else its request (request: 64 bytes,
 * "" when it has none). */
#define HISTORY_REQUEST_SIZE 64
enum rd_status history_undo_target(struct rd_db *db, long long id, long long *call,
				   char *request, struct rd_error *err);

/* How many entries an undo of request (or call, when request is NULL or
 * "") would revert. */
enum rd_status history_undo_count(struct rd_db *db, const char *request, long long call,
				  int *n, struct rd_error *err);

/* Reverts every change of one request (request) or of one call (call > 0,
 * the inquiry the call's changes are linked to) in one transaction, linked
 * by one undo record that rd.history_undo writes (supervisors only:
 * RD_PERMISSION otherwise). reason is required; request_id (a UUID or
 * NULL) makes a retry do nothing twice. new_ids / *n as history_revert.
 * RD_REFUSED when later changes by others touched the same fields: err
 * says so in one line and why (may be NULL) gets the whole list in
 * words, one change a line, each naming the record, the fields, who and
 * when; nothing is written. */
enum rd_status history_undo(struct rd_db *db, const char *request, long long call,
			    const char *reason, const char *request_id,
			    long long *new_ids, int cap, int *n, struct sbuf *why,
			    struct rd_error *err);

/* ---- seals (db/migrations/0087_history_seal.sql) ---------------------- */

/* One seal: the block of history rows it covers and its chain hash. */
struct history_seal {
	bool sealed;           /* false: nothing new had ended to seal */
	long long seal_id, rows, first_id, last_id;
	char hash[65];         /* hex SHA-256 */
};

/* Seals the history rows written since the last seal (supervisors;
 * others get RD_PERMISSION from the database). */
enum rd_status history_seal(struct rd_db *db, struct history_seal *out,
			    struct rd_error *err);

/* What verifying the chain found. problem is "" when the chain holds,
 * else "altered", "removed" or "inserted" (history_id names the first such
 * row) or "seal" (seal_id names a seal whose own record was changed). */
struct history_check {
	long long seals, rows, history_id, seal_id, unsealed;
	char problem[16];
	char last_hash[65];
};

/* Recomputes the seal chain from the seal that covers history row from
 * (0: from the first seal). Supervisors only. */
enum rd_status history_verify(struct rd_db *db, long long from, struct history_check *out,
			      struct rd_error *err);

#endif
