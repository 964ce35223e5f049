/* customer.h: finding a caller, the customer card, registering and editing
 * customers, and saved search filters (store/customer.c).
 *
 * Every function fills structs the caller owns (fixed-size text, no heap
 * memory to free) and returns an rd_status with a message fit for an
 * operator in err. Text comes in as typed ("０９０－１２３４－５６７８",
 * "やまだ", "〒100-0001") and is normalized here with core/normalize before
 * any query; anything that cannot be normalized is refused with RD_INVALID
 * and a message that says what to type instead. Every statement is
 * parameterized: no text a person typed ever becomes SQL.
 *
 * Lists are read a page at a time with keyset pagination: the caller keeps
 * a struct customer_cursor and passes it back for the next page, so memory
 * stays the size of one page whatever the size of the result.
 *
 * Dates are day numbers (date.h); CUSTOMER_NO_DATE means "none". */
#ifndef REPEATDESK_CUSTOMER_H
#define REPEATDESK_CUSTOMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/cycle.h"
#include "repeatdesk/db.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

#define CUSTOMER_NO_DATE INT32_MIN

/* Text limits, in characters, that validation enforces, and the buffer
 * sizes (bytes, with the NUL) that hold them: up to 4 bytes a character. */
#define CUSTOMER_NAME_CHARS 80
#define CUSTOMER_ADDRESS_CHARS 120
#define CUSTOMER_NOTES_CHARS 1000
#define CUSTOMER_QUERY_CHARS 80
#define CUSTOMER_FILTER_NAME_CHARS 60

#define CUSTOMER_CODE_SIZE 32
#define CUSTOMER_NAME_SIZE (CUSTOMER_NAME_CHARS * 4 + 1)
#define CUSTOMER_ADDRESS_SIZE (CUSTOMER_ADDRESS_CHARS * 4 + 1)
#define CUSTOMER_NOTES_SIZE (CUSTOMER_NOTES_CHARS * 4 + 1)
#define CUSTOMER_QUERY_SIZE (CUSTOMER_QUERY_CHARS * 4 + 1)
#define CUSTOMER_FILTER_NAME_SIZE (CUSTOMER_FILTER_NAME_CHARS * 4 + 1)
#define CUSTOMER_PREFECTURE_SIZE 16
#define CUSTOMER_SKU_SIZE 64
#define CUSTOMER_TIME_SIZE 32   /* "2026-11-22T14:03:05+09" */
/* Fields a person types in a form are held as typed until
 * customer_normalize: room for full-width spellings. */
#define CUSTOMER_PHONE_INPUT_SIZE 64    /* ０９０－１２３４－５６７８ */
#define CUSTOMER_POSTAL_INPUT_SIZE 48   /* 〒１２３－４５６７ */
#define CUSTOMER_EMAIL_INPUT_SIZE (NORMALIZE_EMAIL_SIZE * 3)

/* Most rows one page may ask for. */
#define CUSTOMER_PAGE_MAX 1000
/* Up to this many matches customer_count counts exactly; beyond, it
 * estimates. */
#define CUSTOMER_COUNT_EXACT_MAX 10000

/* ---- the search line -------------------------------------------------- */

/* What a search line was taken for. */
enum customer_kind {
	CUSTOMER_KIND_PHONE,           /* a whole number: exact */
	CUSTOMER_KIND_PHONE_FRAGMENT,  /* 4 to 11 digits: the end of a number */
	CUSTOMER_KIND_POSTAL_OR_PHONE, /* 7 bare digits: a postal code, or the
					* end of a phone number */
	CUSTOMER_KIND_POSTAL,          /* 123-4567, 〒1234567 */
	CUSTOMER_KIND_CODE,            /* C0000123, c123 */
	CUSTOMER_KIND_ORDER,           /* O00000001, o1 */
	CUSTOMER_KIND_EMAIL,
	CUSTOMER_KIND_KANA,            /* hiragana/katakana: the reading */
	CUSTOMER_KIND_NAME             /* anything else: the name */
};

struct customer_guess {
	enum customer_kind kind;
	/* the normalized key: digits, C0000123, katakana without spaces... */
	char key[CUSTOMER_QUERY_SIZE];
};

/* Decides what text (one search line) is and normalizes it. Pure (no
 * database). RD_INVALID with a message for empty text, invalid UTF-8,
 * control characters, more than CUSTOMER_QUERY_CHARS characters, or a
 * number that can be no key ("123": too few digits for a phone). */
enum rd_status customer_classify(const char *text, struct customer_guess *out,
				 struct rd_error *err);

/* ---- searching -------------------------------------------------------- */

enum customer_subscription_filter {
	CUSTOMER_SUBS_ANY,
	CUSTOMER_SUBS_ACTIVE,     /* has an active subscription */
	CUSTOMER_SUBS_PAUSED,     /* has a paused subscription */
	CUSTOMER_SUBS_CANCELLED,  /* had subscriptions, all cancelled */
	CUSTOMER_SUBS_NEVER       /* never had one */
};

/* Which of the RFM letters an index of rfm_min/rfm_max is. */
enum { CUSTOMER_RFM_R, CUSTOMER_RFM_F, CUSTOMER_RFM_M };

/* A search: any combination of keys and filters, all of which must hold.
 * customer_query_init sets everything to "not given". Text keys are as
 * typed; customer_query_set copies one with its length checked. */
struct customer_query {
	/* keys ("" = not given) */
	char any[CUSTOMER_QUERY_SIZE];      /* the search line: kind guessed */
	char phone[CUSTOMER_QUERY_SIZE];    /* whole number or last 4+ digits */
	char name[CUSTOMER_QUERY_SIZE];     /* anywhere in the name */
	char kana[CUSTOMER_QUERY_SIZE];     /* anywhere in the reading */
	char code[CUSTOMER_QUERY_SIZE];
	char email[CUSTOMER_QUERY_SIZE];
	char postal[CUSTOMER_QUERY_SIZE];
	char order_no[CUSTOMER_QUERY_SIZE];
	/* filters */
	char prefecture[CUSTOMER_QUERY_SIZE]; /* 東京都 or 東京 */
	int age_min, age_max;                 /* -1: no bound */
	char gender;                          /* 0: any; 'f', 'm', 'x' */
	enum customer_subscription_filter subscription;
	char product[CUSTOMER_QUERY_SIZE];    /* sku ever bought */
	int64_t ltv_min, ltv_max;             /* yen; -1: no bound */
	int rfm_min[3], rfm_max[3];           /* 1..5; 0: no bound */
	int32_t last_order_from, last_order_to; /* CUSTOMER_NO_DATE: no bound */
	char media[CUSTOMER_QUERY_SIZE];      /* media code of the first order */
	int no_dm, no_call, no_email;         /* -1: any; 1: refuses; 0: accepts */
};

/* Text fields of a query that customer_query_set fills. */
enum customer_qfield {
	CUSTOMER_Q_ANY, CUSTOMER_Q_PHONE, CUSTOMER_Q_NAME, CUSTOMER_Q_KANA,
	CUSTOMER_Q_CODE, CUSTOMER_Q_EMAIL, CUSTOMER_Q_POSTAL, CUSTOMER_Q_ORDER,
	CUSTOMER_Q_PREFECTURE, CUSTOMER_Q_PRODUCT, CUSTOMER_Q_MEDIA
};

void customer_query_init(struct customer_query *q);

/* Copies value into the text field; RD_INVALID (field left as it was)
 * when it is longer than CUSTOMER_QUERY_CHARS characters or not valid
 * text. */
enum rd_status customer_query_set(struct customer_query *q,
				  enum customer_qfield field, const char *value,
				  struct rd_error *err);

/* Parses an RFM spec into q->rfm_min/max: letters with a rank or a range,
 * comma-separated: "R5", "R4-5,F3-5", "r5 m4-5". RD_INVALID otherwise. */
enum rd_status customer_rfm_parse(const char *spec, struct customer_query *q,
				  struct rd_error *err);

/* Writes the RFM bounds of q as a spec ("R4-5,M5"; "" for none). */
void customer_rfm_format(const struct customer_query *q, char *buf,
			 size_t bufsz);

/* "active", "paused", "cancelled", "never" (and "any") to the enum and
 * back; parse returns 0, or -1 for anything else. */
int customer_subscription_filter_parse(const char *s,
				       enum customer_subscription_filter *out);
const char *customer_subscription_filter_name(enum customer_subscription_filter f);

/* True when q has no key and no filter (nothing to search for). */
bool customer_query_empty(const struct customer_query *q);

/* Checks every field of q (normalizing nothing in q itself): the same
 * messages customer_find would give, without a database. */
enum rd_status customer_query_check(const struct customer_query *q,
				    struct rd_error *err);

/* How well a row matched the key it was found by; results are ordered by
 * this, then by code. */
enum customer_match {
	CUSTOMER_MATCH_EXACT = 0,   /* phone, code, order, e-mail, postal,
				     * whole name or reading */
	CUSTOMER_MATCH_PREFIX = 1,  /* name or reading starts with the text */
	CUSTOMER_MATCH_PARTIAL = 2  /* contains it; the end of a phone number */
};

/* One line of the result list. */
struct customer_row {
	long long id;
	enum customer_match match;
	char code[CUSTOMER_CODE_SIZE];
	char name[CUSTOMER_NAME_SIZE];
	char kana[CUSTOMER_NAME_SIZE];
	char phone[NORMALIZE_PHONE_SIZE];    /* phone1, digits */
	char prefecture[CUSTOMER_PREFECTURE_SIZE];
	int active_subscriptions;
	int32_t last_order_date;
	int64_t ltv;
};

/* Where a page ends: the (match, key, code) of its last row. code "" is
 * the start (first page) or, returned as next, the end (no more rows).
 * key is the name or reading (search form) in the prefix group, which is
 * ordered by it: opaque, pass it back as it came. */
struct customer_cursor {
	int match;
	char code[CUSTOMER_CODE_SIZE];
	char key[CUSTOMER_NAME_SIZE];
};

/* The page of up to cap (1..CUSTOMER_PAGE_MAX) rows after *after (NULL:
 * the first page), written to rows[0..*nrows-1]; *next is where the next
 * page starts (next->code[0] == '\0' when this was the last). Exact
 * matches come first (by code), then names/readings that start with the
 * text (in the order of the name or reading, then code), then the partial
 * matches (by code). Every group is read in the order of an index and
 * stops at the page, so a page costs the same whatever the result size. RD_INVALID for a query that
 * cannot be searched (message says why); RD_USAGE for an empty query.
 * No rows is RD_OK with *nrows == 0. */
enum rd_status customer_find(struct rd_db *db, const struct customer_query *q,
			     const struct customer_cursor *after,
			     struct customer_row *rows, int cap, int *nrows,
			     struct customer_cursor *next, struct rd_error *err);

/* Writes a cursor as text ("2:C0000123", "1:C0000123:ヤマダタロウ") for
 * the command line. */
void customer_cursor_format(const struct customer_cursor *c, char *buf,
			    size_t bufsz);
/* Parses what customer_cursor_format wrote; RD_INVALID otherwise. */
enum rd_status customer_cursor_parse(const char *s, struct customer_cursor *out,
				     struct rd_error *err);

/* How many customers match: exact up to CUSTOMER_COUNT_EXACT_MAX,
 * beyond that the planner's estimate (estimated = true; n is then at least
 * CUSTOMER_COUNT_EXACT_MAX + 1). */
struct customer_count {
	long long n;
	bool estimated;
};
enum rd_status customer_count(struct rd_db *db, const struct customer_query *q,
			      struct customer_count *out, struct rd_error *err);
/* How many customers match, exact up to limit (1 ..
 * CUSTOMER_COUNT_EXACT_MAX); past it n = limit and more = true ("more
 * than 1,000"). One statement, a LIMIT'ed count: what a keystroke of the
 * lookup can afford at any size, where customer_count also asks the
 * planner. */
struct customer_count_bound {
	long long n;
	bool more;      /* more than n (= the limit) */
};
enum rd_status customer_count_upto(struct rd_db *db, const struct customer_query *q,
				   long long limit, struct customer_count_bound *out,
				   struct rd_error *err);

/* ---- the customer --------------------------------------------------- */

/* The fields a person edits, as bits for masks. */
enum customer_field {
	CUSTOMER_F_NAME,
	CUSTOMER_F_KANA,
	CUSTOMER_F_PHONE1,
	CUSTOMER_F_PHONE2,
	CUSTOMER_F_EMAIL,
	CUSTOMER_F_POSTAL,
	CUSTOMER_F_PREFECTURE,
	CUSTOMER_F_ADDRESS1,
	CUSTOMER_F_ADDRESS2,
	CUSTOMER_F_BIRTH_DATE,
	CUSTOMER_F_GENDER,
	CUSTOMER_F_NO_DM,
	CUSTOMER_F_NO_CALL,
	CUSTOMER_F_NO_EMAIL,
	CUSTOMER_F_NOTES,
	CUSTOMER_F_COUNT
};
#define CUSTOMER_BIT(f) (1u << (f))
#define CUSTOMER_FIELDS_ALL ((1u << CUSTOMER_F_COUNT) - 1u)

/* The column (and json) name of a field: "name", "name_kana", "phone1"... */
const char *customer_field_column(enum customer_field f);
/* The label an operator reads ("reading", "phone"), translated. */
const char *customer_field_label(enum customer_field f);
/* The field named by a column name or an option name ("kana",
 * "postal", "birth-date"); -1 when none. */
int customer_field_parse(const char *name);

struct customer {
	long long id;                 /* 0: not stored yet */
	int version;
	char code[CUSTOMER_CODE_SIZE];
	/* editable */
	char name[CUSTOMER_NAME_SIZE];
	char kana[CUSTOMER_NAME_SIZE];          /* katakana */
	/* stored: digits, lower-case, 7 digits, 東京都; typed: any spelling
	 * that customer_normalize accepts ("" = none) */
	char phone1[CUSTOMER_PHONE_INPUT_SIZE];
	char phone2[CUSTOMER_PHONE_INPUT_SIZE];
	char email[CUSTOMER_EMAIL_INPUT_SIZE];
	char postal[CUSTOMER_POSTAL_INPUT_SIZE];
	char prefecture[CUSTOMER_QUERY_SIZE];   /* 東京都, or 東京 as typed */
	char address1[CUSTOMER_ADDRESS_SIZE];
	char address2[CUSTOMER_ADDRESS_SIZE];
	int32_t birth_date;
	char gender;                            /* 0, 'f', 'm', 'x' */
	bool no_dm, no_call, no_email;          /* contact preferences */
	char notes[CUSTOMER_NOTES_SIZE];
	/* figures (read only) */
	int64_t ltv;
	int order_count;
	int32_t first_order_date, last_order_date;
	int rfm_r, rfm_f, rfm_m;                /* 1..5; 0: no orders yet */
	char created_at[CUSTOMER_TIME_SIZE];
	char updated_at[CUSTOMER_TIME_SIZE];
};

/* Empties c (no dates, no gender, id 0). */
void customer_init(struct customer *c);

/* Normalizes the fields of c named in fields, in place, the way they are
 * stored (phone digits, katakana reading, 7-digit postal code, lower-case
 * e-mail, prefecture with its suffix, single spaces) and checks them:
 * name required; reading kana only; formats; lengths. On RD_INVALID,
 * *bad_field (if not NULL) is the first field at fault and err says what
 * is wrong in an operator's words. */
enum rd_status customer_normalize(struct customer *c, unsigned fields,
				  int *bad_field, struct rd_error *err);

/* The customer by code (as typed: "C0000123", "c123"). RD_NOT_FOUND. */
enum rd_status customer_get(struct rd_db *db, const char *code,
			    struct customer *out, struct rd_error *err);
enum rd_status customer_get_by_id(struct rd_db *db, long long id,
				  struct customer *out, struct rd_error *err);

/* Editable fields whose values differ between a and b (a mask). */
unsigned customer_diff(const struct customer *a, const struct customer *b);

/* Customers that c might duplicate: the same phone number (either field
 * against either field), or the same name (spaces ignored) and birth
 * date. c must be normalized; c->id (when set) is left out. Up to cap in
 * out; *n is how many were written. */
struct customer_duplicate {
	char code[CUSTOMER_CODE_SIZE];
	char name[CUSTOMER_NAME_SIZE];
	char phone[NORMALIZE_PHONE_SIZE];
	bool same_phone;
	bool same_name_birth;
};
enum rd_status customer_duplicates(struct rd_db *db, const struct customer *c,
				   struct customer_duplicate *out, int cap,
				   int *n, struct rd_error *err);

/* Registers c (normalized and checked first, as customer_normalize), in
 * one transaction whose history rows carry reason (required) and
 * request_id (a UUID or NULL). A request_id that already registered a
 * customer returns that customer and registers nothing. On RD_OK c is the
 * stored row (id, code, version, figures). Does not look for duplicates:
 * call customer_duplicates first. */
enum rd_status customer_add(struct rd_db *db, struct customer *c,
			    const char *reason, const char *request_id,
			    struct rd_error *err);

/* The customer that request_id registered (customer_add), for a retry
 * that must not register twice and for a terminal that lost its
 * connection while saving. RD_NOT_FOUND when it registered none. */
enum rd_status customer_by_request(struct rd_db *db, const char *request_id,
				   struct customer *out, struct rd_error *err);

/* Saves the fields of c named in fields (normalized first) when the
 * customer c->id is still at c->version: UPDATE ... WHERE id AND version.
 * RD_OK: c is the stored row, new version. When the only changes since
 * c->version are the figures an order moved (ltv, order_count, order
 * dates), there is nothing to overwrite and the save goes through on the
 * current version. RD_CONFLICT: a person changed the customer since
 * c->version; nothing is saved, *current (if not NULL)
 * is the row as it is now, and err names who changed which fields (use
 * customer_diff(original, current) to show both versions). RD_NOT_FOUND:
 * no such customer. reason is required; a request_id that already
 * changed this customer changes nothing and returns RD_OK. */
enum rd_status customer_update(struct rd_db *db, struct customer *c,
			       unsigned fields, const char *reason,
			       const char *request_id, struct customer *current,
			       struct rd_error *err);

/* ---- the card --------------------------------------------------------- */

struct customer_subscription {
	long long id;
	char status[16];                  /* active | paused */
	char cycle[CYCLE_SPEC_SIZE];      /* compact spec: cycle_parse it */
	int32_t next_date;
	int32_t paused_until;
	int delivery_count;
	int64_t amount;                   /* the next delivery's goods, tax
					   * excluded (a supervisor's figure) */
	int64_t amount_tax_included;      /* the next delivery, what the
					   * customer pays: subscription_list's
					   * amount (subrule_amount) */
	char products[CUSTOMER_NAME_SIZE]; /* "青汁 30包 x1, ..." */
};
/* Active and paused subscriptions, next delivery first. */
enum rd_status customer_subscriptions(struct rd_db *db, long long customer_id,
				      struct customer_subscription *out, int cap,
				      int *n, struct rd_error *err);

struct customer_order {
	long long id;
	char order_no[CUSTOMER_CODE_SIZE];
	int32_t order_date;
	char status[16];
	int64_t total;
	int delivery_no;                  /* 0: not a subscription delivery */
	char media[CUSTOMER_SKU_SIZE];
};
/* The latest orders, newest first. */
enum rd_status customer_orders(struct rd_db *db, long long customer_id,
			       struct customer_order *out, int cap, int *n,
			       struct rd_error *err);

struct customer_inquiry {
	long long id;
	char opened_at[CUSTOMER_TIME_SIZE];
	char status[24];
	char category[24];
	char priority[16];
	char assignee[64];                /* login, or "" */
	char subject[CUSTOMER_ADDRESS_SIZE];
};
/* Inquiries not resolved or closed, newest first. */
enum rd_status customer_inquiries(struct rd_db *db, long long customer_id,
				  struct customer_inquiry *out, int cap, int *n,
				  struct rd_error *err);

struct customer_change {
	long long id;
	char at[CUSTOMER_TIME_SIZE];
	char actor[64];
	char table[32];
	char op[8];
	char changed[256];                /* column names, comma-separated */
	char reason[CUSTOMER_ADDRESS_SIZE];
};
/* The latest history entries about the customer, newest first; entries
 * that only moved the figures after an order are left out. */
enum rd_status customer_history(struct rd_db *db, long long customer_id,
				struct customer_change *out, int cap, int *n,
				struct rd_error *err);

/* ---- saved filters ---------------------------------------------------- */

struct customer_filter_info {
	long long id;
	char name[CUSTOMER_FILTER_NAME_SIZE];
	int version;
	char updated_at[CUSTOMER_TIME_SIZE];
};

/* Saves q under name for the agent logged in (replacing one of that
 * name). Only the agent's own filters are visible to them. */
enum rd_status customer_filter_save(struct rd_db *db, const char *name,
				    const struct customer_query *q,
				    struct rd_error *err);
/* The agent's filters by name. */
enum rd_status customer_filter_list(struct rd_db *db,
				    struct customer_filter_info *out, int cap,
				    int *n, struct rd_error *err);
/* Loads a filter into q. RD_NOT_FOUND. */
enum rd_status customer_filter_get(struct rd_db *db, const char *name,
				   struct customer_query *q,
				   struct rd_error *err);
/* RD_NOT_FOUND when the agent has no filter of that name. */
enum rd_status customer_filter_delete(struct rd_db *db, const char *name,
				      struct rd_error *err);

/* A query as one json object (only what is set), and back. Pure. */
void customer_query_to_json(const struct customer_query *q, struct sbuf *out);
enum rd_status customer_query_from_json(const char *json, size_t len,
					struct customer_query *q,
					struct rd_error *err);

/* ---- tracing ------------------------------------------------------- */

/* From now on, every statement that the reads of this module (find,
 * count, the card) run is appended to sink, its parameters written in as
 * quoted literals and ended with ";\n": the very SQL that EXPLAIN or
 * pgbench can run (bench/bench_lookup.c). NULL stops. One sink for the
 * whole process: for benchmarks and debugging, not for the terminal. */
void customer_trace(struct sbuf *sink);

#endif
