/* db.h: the connection to PostgreSQL, owned by store/.
 *
 * struct rd_db wraps a libpq connection; PGconn and PGresult never leave
 * store/. One explicit handle is passed down; there are no globals.
 *
 * Every write that matters runs inside db_begin()/db_commit(): db_begin sets
 * the transaction-local settings that the history triggers record
 * (repeatdesk.reason, repeatdesk.request_id). */
#ifndef REPEATDESK_DB_H
#define REPEATDESK_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/status.h"

struct rd_db;

/* What a connection is made from. Any field may be NULL. conninfo is a
 * libpq connection string or URI ("" or NULL: the PG* environment and
 * service file decide). user and password override what conninfo says. */
struct db_params {
	const char *conninfo;
	const char *user;
	const char *password;
	/* The name pg_stat_activity shows when neither the conninfo's
	 * application_name nor PGAPPNAME gives one (libpq's
	 * fallback_application_name; see db_app_name). NULL: "repeatdesk".
	 * The LISTEN connection gets the same with " listen" after it. */
	const char *application_name;
	/* Where LISTEN goes (live updates), when not the work connection:
	 * behind a transaction-pooling PgBouncer the work goes through the
	 * transaction pool and this names a direct or session-pooled
	 * connection. NULL or "": LISTEN on the work connection. */
	const char *listen_conninfo;
	/* Whether statements are prepared once per connection and their
	 * plans kept (named statements) or sent unnamed and planned every
	 * time. DB_PREPARE_AUTO: prepared, unless listen_conninfo is set (the
	 * sign of a transaction-pooling PgBouncer, where a statement
	 * prepared on one server connection is unknown on the next). */
	enum db_prepare { DB_PREPARE_AUTO = 0, DB_PREPARE_ON, DB_PREPARE_OFF } prepare;
};

/* Writes "WHAT LOGIN@HOST" (and " TTY" when tty and stdin is a terminal,
 * e.g. "repeatdesk sato@desk3 pts/3") into out, at most 63 bytes of
 * printable ASCII: a name a DBA can tell terminals apart by in
 * pg_stat_activity, never a secret. login NULL or "": PGUSER, else the
 * system user. */
void db_app_name(char *out, size_t outsz, const char *what, const char *login,
		 bool tty);

/* Opens a connection (and the LISTEN connection when listen_conninfo
 * names one; a failure of either fails the open). On success *out is a
 * new handle (free with db_free).
 * Errors: RD_AUTH (wrong login or password), RD_UNAVAILABLE (server
 * unreachable), with a one-line message that says what to do. */
enum rd_status db_open(struct rd_db **out, const struct db_params *p,
		       struct rd_error *err);

/* Writes conninfo (key=value words or a postgresql:// URI) into out as
 * key=value words with any password shown as password=*** (a URI's
 * user:password too), for showing it (`db status`): a secret is never
 * printed. Text libpq cannot parse is shown as "(not shown: not a valid
 * connection string)". */
void db_conninfo_redact(const char *conninfo, char *out, size_t outsz);

/* Statement trace, for benchmarks and the test that keeps bench/'s
 * pgbench scripts in step with store/: from now on every statement sent
 * on the work connection (db_exec, db_query*, db_begin's, db_commit,
 * db_rollback) is passed to fn before it is sent, with its parameters as
 * text (NULL: SQL NULL). fn NULL stops. Not for the terminal. */
typedef void (*db_trace_fn)(void *arg, const char *sql, int nparams,
			    const char *const *params);
void db_trace(struct rd_db *db, db_trace_fn fn, void *arg);

/* Closes the connection and frees the handle; sets *db to NULL. */
void db_free(struct rd_db **db);

/* True while the (work) connection is usable. */
bool db_is_ok(const struct rd_db *db);

/* True while the connection that notifications arrive on is up: the
 * LISTEN connection when there is one, else the work connection. Whether
 * notifications really arrive there (a LISTEN through a transaction pool
 * receives nothing) only the beat tells (live.h). */
bool db_listen_ok(const struct rd_db *db);
/* True when LISTEN has a connection of its own (listen_conninfo). */
bool db_listen_separate(const struct rd_db *db);
/* The backend pid libpq was given for the connection that listens (0
 * when down). Through PgBouncer it is PgBouncer's own number, never a
 * server backend's. */
int db_listen_pid(const struct rd_db *db);

/* This handle's terminal token: a random uuid made by db_open, the same
 * across reconnects (presence and the beat are keyed by it). */
const char *db_token(const struct rd_db *db);

/* Tries once to re-establish whichever connection is down (the work
 * connection, the LISTEN connection) and re-issues the LISTENs. Returns
 * RD_OK when both are up. */
enum rd_status db_reconnect(struct rd_db *db, struct rd_error *err);

/* Socket to poll() for notifications (the LISTEN connection's when there
 * is one), or -1 when that connection is down. */
int db_socket(const struct rd_db *db);
/* Socket of the work connection (poll it too, to notice a server that
 * went away while idle), or -1 when it is down. Equal to db_socket when
 * there is no LISTEN connection. */
int db_work_socket(const struct rd_db *db);

/* The login role of this session (session_user). Static to the handle. */
const char *db_user(const struct rd_db *db);

/* Server version as a string like "15.18". Static to the handle. */
const char *db_server_version(const struct rd_db *db);

/* Starts a transaction and records why: reason and request_id (either may
 * be NULL) become the transaction-local settings read by the history
 * triggers. */
enum rd_status db_begin(struct rd_db *db, const char *reason,
			const char *request_id, struct rd_error *err);
enum rd_status db_commit(struct rd_db *db, struct rd_error *err);
/* Rolls back; never fails in a way the caller must handle. */
void db_rollback(struct rd_db *db);

/* Runs one parameterized statement that returns no rows (or whose rows are
 * ignored). params may be NULL when nparams is 0; NULL entries are SQL
 * NULL. *affected (if not NULL) gets the number of rows affected. */
enum rd_status db_exec(struct rd_db *db, const char *sql, int nparams,
		       const char *const *params, long *affected,
		       struct rd_error *err);

/* As db_exec, for an UPDATE or DELETE that must hit a row: when it
 * affects none (the row read earlier in the transaction is gone or no
 * longer matches), returns RD_CONFLICT, so the caller rolls back instead
 * of reporting a change that did not happen. */
enum rd_status db_exec_row(struct rd_db *db, const char *sql, int nparams,
			   const char *const *params, struct rd_error *err);

/* Runs one parameterized statement that returns at most one row of one
 * column, copied into out (size outsz). Returns RD_NOT_FOUND for no row;
 * a NULL value gives "" and *is_null = true (is_null may be NULL). A value
 * that does not fit in outsz (with its NUL) is never cut: out gets "" and
 * the call returns RD_INTERNAL. outsz 0 ignores the value. */
enum rd_status db_query_value(struct rd_db *db, const char *sql, int nparams,
			      const char *const *params, char *out,
			      size_t outsz, bool *is_null,
			      struct rd_error *err);

/* A result copied out of libpq: rows x cols of NUL-terminated strings
 * (NULL for SQL NULL) and column names. Free with db_rows_free. */
struct db_rows {
	int nrows;
	int ncols;
	char **names;  /* ncols */
	char **cells;  /* nrows * ncols, row-major; NULL = SQL NULL */
};

static inline const char *db_rows_get(const struct db_rows *r, int row, int col)
{
	return r->cells[(size_t)row * (size_t)r->ncols + (size_t)col];
}

/* Runs a parameterized query and copies its rows into *out. */
enum rd_status db_query(struct rd_db *db, const char *sql, int nparams,
			const char *const *params, struct db_rows *out,
			struct rd_error *err);
void db_rows_free(struct db_rows *r);

/* Called about every 100 ms while db_query_wait waits for the server,
 * with the seconds since the query was sent. Returning true cancels the
 * query (PQcancel): the server stops it and releases what it held. */
typedef bool (*db_wait_fn)(void *ctx, double elapsed);

/* db_query that can be stopped: sends the query, then waits on the
 * connection's socket and asks wait (may be NULL) between waits. A query
 * cancelled by wait, or stopped by statement_timeout, gives RD_CANCELLED;
 * the connection stays usable (a transaction it was in is aborted: roll
 * it back). */
enum rd_status db_query_wait(struct rd_db *db, const char *sql, int nparams,
			     const char *const *params, struct db_rows *out,
			     db_wait_fn wait, void *ctx, struct rd_error *err);

/* Runs a script of several statements with no parameters (migrations
 * only: never pass text that came from a user). */
enum rd_status db_exec_script(struct rd_db *db, const char *sql,
			      struct rd_error *err);

/* COPY ... FROM STDIN: start, send chunks, finish. */
enum rd_status db_copy_begin(struct rd_db *db, const char *copy_sql,
			     struct rd_error *err);
enum rd_status db_copy_send(struct rd_db *db, const char *data, size_t len,
			    struct rd_error *err);
enum rd_status db_copy_end(struct rd_db *db, struct rd_error *err);

/* LISTEN on a channel; remembered and re-issued after db_reconnect. The
 * channel name must be a plain identifier (checked). */
enum rd_status db_listen(struct rd_db *db, const char *channel,
			 struct rd_error *err);

/* One notification received. */
struct db_notify {
	char channel[64];
	char payload[512];
	int be_pid;     /* the server backend that sent it */
};

/* Reads what arrived on the sockets without blocking and returns up to
 * max notifications in out; returns the count, or -1 when the work
 * connection was lost (db_is_ok() then turns false). A lost LISTEN
 * connection is not an error here: the count is 0 and db_listen_ok()
 * turns false until db_reconnect opens it again. */
int db_poll_notify(struct rd_db *db, struct db_notify *out, int max);

/* Hashes a password for user with the server's method (SCRAM), on the
 * client, so the clear password never reaches the server or its logs.
 * The verifier is written into out. */
enum rd_status db_encrypt_password(struct rd_db *db, const char *user,
				   const char *password, char *out, size_t outsz,
				   struct rd_error *err);

#endif
