/* db.c: the libpq connection, results copied out, transactions that tell
 * the history triggers why, and LISTEN/NOTIFY.
 *
 * LISTEN goes to a connection of its own when db_params.listen_conninfo
 * names one: behind a transaction-pooling PgBouncer the work connection's
 * backend changes with every transaction, and notifications for a LISTEN
 * made there are lost. Both connections share the login and password.
 *
 * This is the only file that knows PGconn and PGresult; everything else in
 * store/ goes through these helpers, so every statement is parameterized
 * (PQexecParams, or PQprepare once and PQexecPrepared: the plan cache
 * below) and every result is checked and cleared here. */
#include "repeatdesk/db.h"
#include "repeatdesk/db_messages.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define DB_MAX_LISTEN 16

/* PostgreSQL keeps NAMEDATALEN - 1 bytes of an application_name. */
#define DB_APPNAME_MAX 63

/* Prepared statements kept per connection. store/ has about 230
 * statement call sites, nearly all constant texts (the search adds its
 * filter combinations); past the limit a new text goes unnamed, as
 * before, so a backend never holds more than this many plans for one
 * terminal. Nothing is evicted: a program that sends many one-off texts
 * (literals inlined) fills the cache with them, and later texts go
 * unnamed (see doc/notes/plans.md). */
#define DB_PREPARED_MAX 256
#define DB_PREPARED_SLOTS 512  /* open addressing, at most half full */

/* One statement text of the cache. name is unique to the connection
 * ("rd" + a random tag of the connection + a number): behind a pooler a
 * server connection may hold another client's statements, and a name
 * that meant another text there must never run in place of ours. */
struct prepared {
	char *sql;            /* NULL: a free slot */
	uint64_t hash;
	char name[32];
	bool ready;           /* prepared on the server under name */
};

/* Why the last statement sent failed when the plan cache, not the
 * statement, was the cause (named_failed): for result_error's words and
 * db_begin's second try. Reset with every statement sent. */
enum named_failure { NAMED_OK = 0, NAMED_LOST, NAMED_STALE };

struct rd_db {
	PGconn *conn;
	PGconn *lconn;       /* the LISTEN connection, or NULL: conn listens */
	char *conninfo;
	char *listen_conninfo; /* NULL: no LISTEN connection of its own */
	char *user;
	char *password;
	char *appname;       /* fallback_application_name of conn */
	char token[37];      /* this terminal, for its whole life (uuid) */
	char session_user[64];
	char version[32];
	char listen[DB_MAX_LISTEN][64];
	int nlisten;
	db_trace_fn trace;
	void *trace_arg;
	/* the plan cache: prepare is the setting (off for good once the
	 * server lost statements this handle had prepared) */
	bool prepare;
	struct prepared *stmts;     /* DB_PREPARED_SLOTS, or NULL */
	int nstmts;
	unsigned stmt_seq;
	char stmt_tag[12];          /* random, new with each connection */
	enum named_failure named_failure;
};

/* libpq reports NOTICEs on stderr by default; that would scribble over the
 * terminal UI. Our own statements raise none that an operator needs. */
static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* First line of a libpq message, without "ERROR:  " and trailing spaces. */
static void first_line(const char *in, char *out, size_t outsz)
{
	size_t n;

	if (!in)
		in = "";
	if (strncmp(in, "ERROR:  ", 8) == 0)
		in += 8;
	n = strcspn(in, "\n");
	if (n >= outsz) {
		n = outsz - 1;
		/* never cut a UTF-8 character in two */
		while (n > 0 && ((unsigned char)in[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, in, n);
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\r'))
		out[--n] = '\0';
}

/* Whether a failed attempt was a login refusal. With several servers
 * and target_session_attrs=read-write (a failover pair), libpq may have
 * used the password on a server that accepted it and then turned out
 * to be a standby, while the primary was down or being promoted: that
 * is an unavailable database, not a wrong password. Asked again for any
 * session (the same servers, login and password), a server that lets
 * the login in tells which. */
static bool login_refused(PGconn *conn)
{
	const char *keys[80], *vals[80];
	PQconninfoOption *opts;
	const char *attrs = NULL;
	PGconn *any;
	bool refused;
	int n = 0;

	if (PQconnectionNeedsPassword(conn))
		return true;
	if (!PQconnectionUsedPassword(conn))
		return false;
	if (!(opts = PQconninfo(conn)))
		return true;
	for (PQconninfoOption *o = opts; o->keyword && n < 76; o++) {
		if (strcmp(o->keyword, "target_session_attrs") == 0)
			attrs = o->val;
		else if (o->val && strcmp(o->keyword, "connect_timeout") != 0) {
			keys[n] = o->keyword;
			vals[n++] = o->val;
		}
	}
	if (!attrs || strcmp(attrs, "any") == 0) {
		/* refused after the password by the only kind of server asked
		 * for: a login refusal (or no such database) */
		PQconninfoFree(opts);
		return true;
	}
	keys[n] = "target_session_attrs";
	vals[n++] = "any";
	keys[n] = "connect_timeout";
	vals[n++] = "2";
	keys[n] = NULL;
	vals[n] = NULL;
	any = PQconnectdbParams(keys, vals, 0);
	refused = !any || PQstatus(any) != CONNECTION_OK;
	PQfinish(any);
	PQconninfoFree(opts);
	return refused;
}

/* Maps a failed connection attempt to a status and a message that says
 * what to do. */
static enum rd_status connect_error(PGconn *conn, const struct db_params *p,
				    struct rd_error *err)
{
	char line[400];
	const char *raw = PQerrorMessage(conn);

	first_line(raw, line, sizeof(line));
	/* libpq says "connection to server ... failed: CAUSE"; the login
	 * message needs only the cause, the unreachable one the whole line */
	const char *cause = strstr(line, "failed: ");
	cause = cause ? cause + 8 : line;
	if (strncmp(cause, "FATAL:  ", 8) == 0)
		cause += 8;
	/* decided by libpq's state, never by its words: libpq and the
	 * server translate them (libpq5's ja catalogue, lc_messages). The
	 * server asked for a password and had none, or refused the one it
	 * got; an unknown role under scram-sha-256 is refused the same way
	 * (the server pretends to check its password). A refusal after a
	 * password was accepted (no such database) is reported as a login
	 * refusal too: the cause in the message says which. */
	if (login_refused(conn))
		return rd_error_set(err, RD_AUTH,
			_("login refused for '%s': check the login and password (%s)"),
			p && p->user ? p->user : PQuser(conn), cause);
	return rd_error_set(err, RD_UNAVAILABLE,
		_("cannot reach the database: %s (start it with 'repeatdesk db start' or check --db)"),
		line);
}

/* Copies in to out (at most DB_APPNAME_MAX bytes and outsz - 1) as
 * printable ASCII: the server turns anything else of an application_name
 * into '?', and a name cut in the middle of a character would show one. */
static void appname_copy(char *out, size_t outsz, const char *in)
{
	size_t n = 0;

	if (outsz == 0)
		return;
	for (; in && *in && n + 1 < outsz && n < DB_APPNAME_MAX; in++) {
		unsigned char c = (unsigned char)*in;

		if (c >= 0x80 && (c & 0xc0) == 0x80)
			continue; /* a UTF-8 character counts once, as '?' */
		out[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	out[n] = '\0';
}

/* timeout: seconds libpq may block (2 is its minimum); a reconnect from
 * the UI loop uses the minimum so the keyboard never waits long.
 * listen: the LISTEN connection (its conninfo, and " listen" after the
 * application name). The application name is a fallback only: the
 * conninfo's application_name and PGAPPNAME win, as a DBA expects. */
static PGconn *connect_params(const struct rd_db *db, bool listen, const char *timeout)
{
	const char *keys[6];
	const char *vals[6];
	char appname[DB_APPNAME_MAX + 1];
	int n = 0;

	if (listen) {
		char full[DB_APPNAME_MAX + 16];
		size_t room = DB_APPNAME_MAX - strlen(" listen");

		appname_copy(full, room + 1, db->appname);
		strcat(full, " listen");
		appname_copy(appname, sizeof(appname), full);
	} else {
		appname_copy(appname, sizeof(appname), db->appname);
	}
	keys[n] = "dbname";
	vals[n++] = listen ? db->listen_conninfo
			   : db->conninfo ? db->conninfo : "";
	if (db->user) {
		keys[n] = "user";
		vals[n++] = db->user;
	}
	if (db->password) {
		keys[n] = "password";
		vals[n++] = db->password;
	}
	keys[n] = "fallback_application_name";
	vals[n++] = appname;
	keys[n] = "connect_timeout";
	vals[n++] = timeout;
	keys[n] = NULL;
	vals[n] = NULL;
	/* expand_dbname = 1: dbname may be a full conninfo or URI */
	return PQconnectdbParams(keys, vals, 1);
}

static enum rd_status after_connect(struct rd_db *db, struct rd_error *err)
{
	PGresult *res;

	PQsetNoticeProcessor(db->conn, quiet_notice, NULL);
	res = PQexec(db->conn, "SELECT session_user, current_setting('server_version')");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		char line[300];

		first_line(PQresultErrorMessage(res), line, sizeof(line));
		PQclear(res);
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("the database answered unexpectedly: %s"), line);
	}
	snprintf(db->session_user, sizeof(db->session_user), "%s",
		 PQgetvalue(res, 0, 0));
	snprintf(db->version, sizeof(db->version), "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	return RD_OK;
}

/* A random version-4 uuid, as text: the terminal's token. */
static void make_token(char out[37])
{
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t r = getrandom(b + got, sizeof(b) - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got < sizeof(b)) {
		/* no getrandom (an old kernel): time and pid still tell
		 * terminals apart, which is all a token is for */
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		srand((unsigned)(ts.tv_nsec ^ ts.tv_sec ^ getpid()));
		for (size_t i = 0; i < sizeof(b); i++)
			b[i] = (unsigned char)rand();
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
		 b[11], b[12], b[13], b[14], b[15]);
}

/* --- the plan cache ---
 *
 * A text sent for the first time on a connection is prepared under a
 * name of its own (PQprepare) and run by that name from then on
 * (PQexecPrepared): the server parses it once, and after a few runs
 * keeps a generic plan instead of planning every call. Behind a
 * transaction-pooling PgBouncer (before 1.21) the next transaction may
 * reach another server connection, which never heard of the name: the
 * setting (db_params.prepare) turns it off there, and the safety net in
 * named_failed turns it off for good when the server says a name is
 * unknown anyway. */

static uint64_t text_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Forgets every prepared statement: the server's went with its
 * connection, or can no longer be trusted. */
static void stmts_free(struct rd_db *db)
{
	if (db->stmts)
		for (int i = 0; i < DB_PREPARED_SLOTS; i++)
			free(db->stmts[i].sql);
	free(db->stmts);
	db->stmts = NULL;
	db->nstmts = 0;
}

/* After a new work connection: no statement is prepared on it, and its
 * names never repeat the old connection's. */
static void stmts_new_connection(struct rd_db *db)
{
	char token[37];

	stmts_free(db);
	make_token(token);
	memcpy(db->stmt_tag, token, 8);
	db->stmt_tag[8] = '\0';
}

static void stmt_name(struct rd_db *db, struct prepared *s)
{
	snprintf(s->name, sizeof(s->name), "rd%s_%u", db->stmt_tag, ++db->stmt_seq);
}

/* Whether a text has a plan worth keeping: BEGIN, COMMIT, SET and the
 * like are not planned, and gain nothing from a name. */
static bool plannable(const char *sql)
{
	static const char *const words[] = {
		"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES", "TABLE", "MERGE"
	};
	size_t n = 0;

	while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r' || *sql == '(')
		sql++;
	while ((sql[n] >= 'a' && sql[n] <= 'z') || (sql[n] >= 'A' && sql[n] <= 'Z'))
		n++;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncasecmp(sql, words[i], n) == 0)
			return true;
	return false;
}

/* The cache's entry for sql, made (not yet prepared) when new; NULL:
 * send it unnamed (preparing is off, the text has no plan, or the cache
 * is full). */
static struct prepared *stmt_for(struct rd_db *db, const char *sql)
{
	uint64_t h;
	size_t i;

	if (!db->prepare || !plannable(sql))
		return NULL;
	h = text_hash(sql);
	if (!db->stmts)
		db->stmts = xcalloc(DB_PREPARED_SLOTS, sizeof(*db->stmts));
	for (i = h % DB_PREPARED_SLOTS; db->stmts[i].sql; i = (i + 1) % DB_PREPARED_SLOTS)
		if (db->stmts[i].hash == h && strcmp(db->stmts[i].sql, sql) == 0)
			return &db->stmts[i];
	if (db->nstmts >= DB_PREPARED_MAX)
		return NULL;
	db->stmts[i].sql = xstrdup(sql);
	db->stmts[i].hash = h;
	db->stmts[i].ready = false;
	stmt_name(db, &db->stmts[i]);
	db->nstmts++;
	return &db->stmts[i];
}

/* LISTEN on c. The one place that formats SQL for LISTEN, which takes no
 * parameters: every channel reaches the list only through db_listen,
 * which checks it is [a-z_][a-z0-9_]*, so it cannot carry SQL. */
static bool listen_on(PGconn *c, const char *channel)
{
	char *sql = xasprintf("LISTEN %s", channel);
	PGresult *res = PQexec(c, sql);
	bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;

	PQclear(res);
	free(sql);
	return ok;
}

/* Opens the LISTEN connection and listens again on every channel of the
 * list. On failure db->lconn stays NULL. */
static enum rd_status listen_connect(struct rd_db *db, const char *timeout,
				     struct rd_error *err)
{
	PGconn *c = connect_params(db, true, timeout);
	enum rd_status st = RD_OK;

	if (!c)
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("cannot create a database connection (out of memory?)"));
	if (PQstatus(c) != CONNECTION_OK) {
		struct db_params p = { .user = db->user };
		struct rd_error e;

		connect_error(c, &p, &e);
		PQfinish(c);
		return rd_error_set(err, e.status,
				    _("the connection for live updates failed: %s"), e.msg);
	}
	PQsetNoticeProcessor(c, quiet_notice, NULL);
	for (int i = 0; i < db->nlisten && st == RD_OK; i++)
		if (!listen_on(c, db->listen[i]))
			st = rd_error_set(err, RD_UNAVAILABLE, _("cannot listen for live updates"));
	if (st != RD_OK) {
		PQfinish(c);
		return st;
	}
	if (db->lconn)
		PQfinish(db->lconn);
	db->lconn = c;
	return RD_OK;
}

void db_app_name(char *out, size_t outsz, const char *what, const char *login,
		 bool tty)
{
	char host[256] = "";
	char name[256];
	const char *t = NULL;

	if (!login || !*login)
		login = getenv("PGUSER");
	if (!login || !*login) {
		struct passwd *pw = getpwuid(geteuid());

		login = pw ? pw->pw_name : "";
	}
	if (gethostname(host, sizeof(host)) != 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	host[strcspn(host, ".")] = '\0'; /* the short name: room for the rest */
	if (tty) {
		t = isatty(STDIN_FILENO) ? ttyname(STDIN_FILENO) : NULL;
		if (t && strncmp(t, "/dev/", 5) == 0)
			t += 5;
	}
	snprintf(name, sizeof(name), "%s %s@%s%s%s", what ? what : "repeatdesk",
		 login, host, t ? " " : "", t ? t : "");
	appname_copy(out, outsz, name);
}

enum rd_status db_open(struct rd_db **out, const struct db_params *p,
		       struct rd_error *err)
{
	struct rd_db *db = xcalloc(1, sizeof(*db));
	enum db_prepare mode;
	enum rd_status st;

	*out = NULL;
	db->conninfo = xstrdup(p && p->conninfo ? p->conninfo : "");
	if (p && p->listen_conninfo && *p->listen_conninfo)
		db->listen_conninfo = xstrdup(p->listen_conninfo);
	db->user = p && p->user ? xstrdup(p->user) : NULL;
	db->password = p && p->password ? xstrdup(p->password) : NULL;
	db->appname = xstrdup(p && p->application_name && *p->application_name
				      ? p->application_name : "repeatdesk");
	make_token(db->token);
	mode = p ? p->prepare : DB_PREPARE_AUTO;
	db->prepare = mode == DB_PREPARE_ON || (mode == DB_PREPARE_AUTO && !db->listen_conninfo);
	stmts_new_connection(db);
	db->conn = connect_params(db, false, "5");
	if (!db->conn) {
		db_free(&db);
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("cannot create a database connection (out of memory?)"));
	}
	if (PQstatus(db->conn) != CONNECTION_OK) {
		st = connect_error(db->conn, p, err);
		db_free(&db);
		return st;
	}
	st = after_connect(db, err);
	if (st == RD_OK && db->listen_conninfo)
		st = listen_connect(db, "5", err);
	if (st != RD_OK) {
		db_free(&db);
		return st;
	}
	*out = db;
	return RD_OK;
}

void db_free(struct rd_db **pdb)
{
	struct rd_db *db = *pdb;

	if (!db)
		return;
	if (db->conn)
		PQfinish(db->conn);
	if (db->lconn)
		PQfinish(db->lconn);
	stmts_free(db);
	free(db->conninfo);
	free(db->listen_conninfo);
	free(db->user);
	if (db->password) {
		memset(db->password, 0, strlen(db->password));
		free(db->password);
	}
	free(db->appname);
	free(db);
	*pdb = NULL;
}

bool db_is_ok(const struct rd_db *db)
{
	return db && db->conn && PQstatus(db->conn) == CONNECTION_OK;
}

/* The connection notifications arrive on. */
static PGconn *notify_conn(const struct rd_db *db)
{
	return db->listen_conninfo ? db->lconn : db->conn;
}

bool db_listen_ok(const struct rd_db *db)
{
	PGconn *c = db ? notify_conn(db) : NULL;

	return c && PQstatus(c) == CONNECTION_OK;
}

bool db_listen_separate(const struct rd_db *db)
{
	return db && db->listen_conninfo != NULL;
}

int db_listen_pid(const struct rd_db *db)
{
	return db_listen_ok(db) ? PQbackendPID(notify_conn(db)) : 0;
}

const char *db_token(const struct rd_db *db)
{
	return db->token;
}

/* Re-establishes the work connection. */
static enum rd_status reconnect_work(struct rd_db *db, struct rd_error *err)
{
	PGconn *conn;
	enum rd_status st;

	conn = connect_params(db, false, "2");
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		struct db_params p = { .user = db->user };

		st = conn ? connect_error(conn, &p, err)
			  : rd_error_set(err, RD_UNAVAILABLE, _("cannot connect"));
		if (conn)
			PQfinish(conn);
		return st;
	}
	if (db->conn)
		PQfinish(db->conn);
	db->conn = conn;
	stmts_new_connection(db);
	st = after_connect(db, err);
	if (st != RD_OK || db->listen_conninfo)
		return st;
	for (int i = 0; i < db->nlisten; i++)
		if (!listen_on(db->conn, db->listen[i]))
			return rd_error_set(err, RD_UNAVAILABLE, _("cannot listen for live updates"));
	return RD_OK;
}

enum rd_status db_reconnect(struct rd_db *db, struct rd_error *err)
{
	enum rd_status st;

	if (!db_is_ok(db) && (st = reconnect_work(db, err)) != RD_OK)
		return st;
	if (db->listen_conninfo && !db_listen_ok(db))
		return listen_connect(db, "2", err);
	return RD_OK;
}

int db_socket(const struct rd_db *db)
{
	if (!db_listen_ok(db))
		return -1;
	return PQsocket(notify_conn(db));
}

int db_work_socket(const struct rd_db *db)
{
	if (!db_is_ok(db))
		return -1;
	return PQsocket(db->conn);
}

const char *db_user(const struct rd_db *db)
{
	return db->session_user;
}

const char *db_server_version(const struct rd_db *db)
{
	return db->version;
}

/* The server's message in the reader's language, first line only: the
 * primary message matched against the database's templates
 * (db_messages.c) to translate it, and only for that. */
static void server_message(struct rd_db *db, PGresult *res, char *out, size_t outsz)
{
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char said[1024];

	if (!primary) {
		first_line(res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn),
			   out, outsz);
		return;
	}
	db_message_translate(primary, said, sizeof(said));
	first_line(said, out, outsz);
}

/* Maps a failed result to our status, by SQLSTATE (never by its words),
 * with the server's message, which our own SQL words for operators, in
 * the reader's language. */
static enum rd_status result_error(struct rd_db *db, PGresult *res,
				   struct rd_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char line[480];
	enum rd_status st = RD_INTERNAL;

	server_message(db, res, line, sizeof(line));
	/* a named statement failed inside a transaction block because of the
	 * plan cache, not of what it does (named_failed): the transaction is
	 * aborted, and the same work tried again goes through */
	if (db->named_failure != NAMED_OK && PQstatus(db->conn) == CONNECTION_OK) {
		if (db->named_failure == NAMED_LOST)
			return rd_error_set(err, RD_RETRY,
				_("the database no longer had this terminal's prepared statements (a "
				  "connection pooler in between?); nothing was saved, try again"));
		return rd_error_set(err, RD_RETRY,
			_("the database was changed (an upgrade?) while this was being done; "
			  "nothing was saved, try again"));
	}
	/* the time limits of 0135_timeouts.sql, in the operator's words:
	 * each left nothing written (the transaction is gone or aborted) */
	if (state && strcmp(state, "25P03") == 0)
		return rd_error_set(err, RD_UNAVAILABLE,
			_("the connection to the database was lost: it stayed idle inside a "
			  "transaction too long and the server ended it; nothing of that "
			  "transaction was saved"));
	if (PQstatus(db->conn) != CONNECTION_OK)
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("the connection to the database was lost"));
	if (!state)
		return rd_error_set(err, RD_INTERNAL, "%s", line);
	if (strcmp(state, "55P03") == 0)
		return rd_error_set(err, RD_RETRY,
			_("someone else is changing this record right now; nothing was "
			  "saved, try again"));
	if (strcmp(state, "57014") == 0)
		return rd_error_set(err, RD_UNAVAILABLE,
			_("the database took too long to answer and stopped; nothing was "
			  "saved, try again"));
	if (strcmp(state, "23505") == 0 || strcmp(state, "42710") == 0)
		st = RD_DUPLICATE;   /* unique violation, duplicate object */
	else if (strcmp(state, "P0002") == 0)
		st = RD_NOT_FOUND;   /* no_data_found raised by our functions */
	else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		st = RD_RETRY;
	else if (strcmp(state, "42501") == 0)
		st = RD_PERMISSION;
	else if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
		st = RD_INVALID;
	else if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		st = RD_UNAVAILABLE;
	else if (strncmp(state, "RD", 2) == 0)
		st = strcmp(state, "RD404") == 0 ? RD_NOT_FOUND : RD_REFUSED;
	if (st == RD_PERMISSION)
		return rd_error_set(err, st, _("your role is not allowed to do this (%s)"), line);
	return rd_error_set(err, st, "%s", line);
}

void db_conninfo_redact(const char *conninfo, char *out, size_t outsz)
{
	PQconninfoOption *opts = PQconninfoParse(conninfo ? conninfo : "", NULL);
	size_t len = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (!opts) {
		snprintf(out, outsz, "%s", _("(not shown: not a valid connection string)"));
		return;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		bool secret = strcmp(o->keyword, "password") == 0 || strcmp(o->keyword, "sslpassword") == 0;
		int w;

		if (!o->val || !*o->val)
			continue;
		w = snprintf(out + len, outsz - len, "%s%s=%s", len ? " " : "", o->keyword,
			     secret ? "***" : o->val);
		if (w < 0 || (size_t)w >= outsz - len)
			break;
		len += (size_t)w;
	}
	PQconninfoFree(opts);
}

void db_trace(struct rd_db *db, db_trace_fn fn, void *arg)
{
	db->trace = fn;
	db->trace_arg = arg;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Asks the server to stop the query this connection runs. */
static void cancel_query(struct rd_db *db)
{
	char msg[256];
	PGcancel *c = PQgetCancel(db->conn);

	if (c) {
		(void)PQcancel(c, msg, (int)sizeof(msg));
		PQfreeCancel(c);
	}
}

/* db_query_wait's way of waiting: asked between waits, true cancels. */
struct waiter {
	db_wait_fn fn;
	void *ctx;
	double started;
	bool cancelled;
};

/* One exchange with the server: prepares sql under name (prepare), runs
 * the statement prepared as name, or runs sql unnamed (name NULL).
 * Returns the last result; NULL when nothing could be sent. w NULL:
 * blocks until the answer; else waits on the socket and asks w between
 * waits. */
static PGresult *exchange(struct rd_db *db, struct waiter *w, const char *name,
			  bool prepare, const char *sql, int nparams,
			  const char *const *params)
{
	PGresult *res, *last = NULL;
	int sent;

	if (!w) {
		if (prepare)
			return PQprepare(db->conn, name, sql, nparams, NULL);
		if (name)
			return PQexecPrepared(db->conn, name, nparams, params, NULL, NULL, 0);
		return PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	}
	if (prepare)
		sent = PQsendPrepare(db->conn, name, sql, nparams, NULL);
	else if (name)
		sent = PQsendQueryPrepared(db->conn, name, nparams, params, NULL, NULL, 0);
	else
		sent = PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	if (!sent)
		return NULL;
	for (;;) {
		struct pollfd pfd = { .fd = PQsocket(db->conn), .events = POLLIN };

		if (!PQconsumeInput(db->conn))
			break;
		if (!PQisBusy(db->conn))
			break;
		if (pfd.fd < 0)
			break;
		if (poll(&pfd, 1, 100) < 0 && errno != EINTR)
			break;
		if (!w->cancelled && w->fn && w->fn(w->ctx, now_seconds() - w->started)) {
			w->cancelled = true;
			cancel_query(db);
		}
	}
	/* the last result is the statement's; drain every one so the
	 * connection is ready for the next statement */
	while ((res = PQgetResult(db->conn)) != NULL) {
		PQclear(last);
		last = res;
	}
	return last;
}

/* A named statement failed, in its prepare or its run (res). When the
 * cause is the plan cache and not the statement, this is the safety net:
 * - 26000 (no such prepared statement) or 42P05 (the name is taken): the
 *   server's statements are not the ones this connection made (a
 *   transaction pool in between, a DISCARD ALL): preparing stops for
 *   good on this handle;
 * - 0A000 on a run (cached plan must not change result type): a
 *   migration changed what the statement returns; it is prepared again,
 *   under a new name, the next time.
 * Outside a transaction block nothing of it ran: it goes again, unnamed,
 * once, and the caller never knows. Inside one the transaction is
 * aborted: the error stays, and result_error says RD_RETRY. */
static PGresult *named_failed(struct rd_db *db, struct waiter *w, struct prepared *s,
			      PGresult *res, PGTransactionStatusType before,
			      const char *sql, int nparams, const char *const *params)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	bool lost = state && (strcmp(state, "26000") == 0 || strcmp(state, "42P05") == 0);
	bool stale = state && s->ready && strcmp(state, "0A000") == 0;

	if (!lost && !stale)
		return res;
	if (lost) {
		db->prepare = false;
		stmts_free(db);
	} else {
		/* the old name stays on the server until the connection
		 * ends: one statement per migration, never run again */
		s->ready = false;
		stmt_name(db, s);
	}
	if (before == PQTRANS_IDLE && PQtransactionStatus(db->conn) == PQTRANS_IDLE) {
		PQclear(res);
		return exchange(db, w, NULL, false, sql, nparams, params);
	}
	db->named_failure = lost ? NAMED_LOST : NAMED_STALE;
	return res;
}

/* Sends one statement, by its prepared name when the plan cache has (or
 * makes) one, else unnamed; returns its result as exchange does. */
static PGresult *send_statement(struct rd_db *db, struct waiter *w, const char *sql,
				int nparams, const char *const *params)
{
	struct prepared *s = stmt_for(db, sql);
	PGTransactionStatusType before;
	PGresult *res;

	db->named_failure = NAMED_OK;
	if (!s)
		return exchange(db, w, NULL, false, sql, nparams, params);
	before = PQtransactionStatus(db->conn);
	if (!s->ready) {
		res = exchange(db, w, s->name, true, sql, nparams, NULL);
		if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
			return named_failed(db, w, s, res, before, sql, nparams, params);
		PQclear(res);
		s->ready = true;
	}
	res = exchange(db, w, s->name, false, sql, nparams, params);
	if (res && PQresultStatus(res) == PGRES_FATAL_ERROR)
		return named_failed(db, w, s, res, before, sql, nparams, params);
	return res;
}

static PGresult *run(struct rd_db *db, const char *sql, int nparams,
		     const char *const *params)
{
	if (!db_is_ok(db))
		return NULL;
	if (db->trace)
		db->trace(db->trace_arg, sql, nparams, params);
	return send_statement(db, NULL, sql, nparams, params);
}

enum rd_status db_exec(struct rd_db *db, const char *sql, int nparams,
		       const char *const *params, long *affected,
		       struct rd_error *err)
{
	PGresult *res = run(db, sql, nparams, params);
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	enum rd_status st = RD_OK;

	if (!res && !db_is_ok(db)) {
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("the connection to the database was lost"));
	}
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		st = result_error(db, res, err);
	else if (affected)
		*affected = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return st;
}

enum rd_status db_exec_row(struct rd_db *db, const char *sql, int nparams,
			   const char *const *params, struct rd_error *err)
{
	long affected = 0;
	enum rd_status st = db_exec(db, sql, nparams, params, &affected, err);

	if (st == RD_OK && affected < 1)
		st = rd_error_set(err, RD_CONFLICT,
			_("a record this change had read was changed or removed meanwhile; "
			  "nothing was saved: look again"));
	return st;
}

enum rd_status db_query_value(struct rd_db *db, const char *sql, int nparams,
			      const char *const *params, char *out,
			      size_t outsz, bool *is_null,
			      struct rd_error *err)
{
	PGresult *res = run(db, sql, nparams, params);
	enum rd_status st = RD_OK;

	if (!res)
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("the connection to the database was lost"));
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		st = result_error(db, res, err);
	} else if (PQntuples(res) < 1 || PQnfields(res) < 1) {
		st = rd_error_set(err, RD_NOT_FOUND, _("not found"));
	} else {
		const char *v = PQgetvalue(res, 0, 0);
		size_t n = (size_t)PQgetlength(res, 0, 0);

		if (is_null)
			*is_null = PQgetisnull(res, 0, 0);
		if (outsz && n >= outsz) {
			/* never hand back a cut value as if it were the value */
			out[0] = '\0';
			st = rd_error_set(err, RD_INTERNAL,
				_("a value read from the database is %zu bytes, longer than the %zu this "
				  "screen can hold; nothing was changed: report this to your supervisor"),
				n, outsz - 1);
		} else if (outsz) {
			memcpy(out, v, n + 1);
		}
	}
	PQclear(res);
	return st;
}

/* Copies a finished query's rows out of libpq into *out and clears res. */
static enum rd_status take_rows(struct rd_db *db, PGresult *res,
				struct db_rows *out, struct rd_error *err)
{
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (!res)
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("the connection to the database was lost"));
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		st = result_error(db, res, err);
		PQclear(res);
		return st;
	}
	out->nrows = PQntuples(res);
	out->ncols = PQnfields(res);
	out->names = xcalloc((size_t)out->ncols + 1, sizeof(char *));
	for (int c = 0; c < out->ncols; c++)
		out->names[c] = xstrdup(PQfname(res, c));
	out->cells = xcalloc((size_t)out->nrows * (size_t)out->ncols + 1,
			     sizeof(char *));
	for (int r = 0; r < out->nrows; r++)
		for (int c = 0; c < out->ncols; c++)
			if (!PQgetisnull(res, r, c))
				out->cells[(size_t)r * (size_t)out->ncols + (size_t)c] =
					xstrdup(PQgetvalue(res, r, c));
	PQclear(res);
	return RD_OK;
}

enum rd_status db_query(struct rd_db *db, const char *sql, int nparams,
			const char *const *params, struct db_rows *out,
			struct rd_error *err)
{
	return take_rows(db, run(db, sql, nparams, params), out, err);
}

enum rd_status db_query_wait(struct rd_db *db, const char *sql, int nparams,
			     const char *const *params, struct db_rows *out,
			     db_wait_fn wait, void *ctx, struct rd_error *err)
{
	struct waiter w = { .fn = wait, .ctx = ctx, .started = now_seconds() };
	PGresult *last;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (!db_is_ok(db))
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("the connection to the database was lost"));
	if (db->trace)
		db->trace(db->trace_arg, sql, nparams, params);
	last = send_statement(db, &w, sql, nparams, params);
	if (!last)
		return result_error(db, NULL, err);
	if (PQresultStatus(last) == PGRES_FATAL_ERROR) {
		const char *state = PQresultErrorField(last, PG_DIAG_SQLSTATE);

		if (state && strcmp(state, "57014") == 0) {
			PQclear(last);
			return rd_error_set(err, RD_CANCELLED, "%s", w.cancelled
				? _("stopped as asked; nothing was changed")
				: _("took longer than the time allowed for it and was stopped; "
				    "narrow the period or the filters"));
		}
	}
	st = take_rows(db, last, out, err);
	return st;
}

void db_rows_free(struct db_rows *r)
{
	if (r->names)
		for (int c = 0; c < r->ncols; c++)
			free(r->names[c]);
	if (r->cells)
		for (size_t i = 0; i < (size_t)r->nrows * (size_t)r->ncols; i++)
			free(r->cells[i]);
	free(r->names);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

enum rd_status db_begin(struct rd_db *db, const char *reason,
			const char *request_id, struct rd_error *err)
{
	enum rd_status st;
	const char *params[2] = { reason ? reason : "", request_id ? request_id : "" };

	for (int attempt = 0;; attempt++) {
		st = db_exec(db, "BEGIN", 0, NULL, NULL, err);
		if (st != RD_OK)
			return st;
		/* set_config(..., true) is SET LOCAL: it ends with the
		 * transaction */
		st = db_exec(db,
			     "SELECT set_config('repeatdesk.reason', $1, true),"
			     "       set_config('repeatdesk.request_id', $2, true)",
			     2, params, NULL, err);
		if (st == RD_OK)
			return st;
		db_rollback(db);
		/* the first named statement of the transaction met the plan
		 * cache's safety net (named_failed): nothing was done yet, so
		 * the transaction starts again, the statement unnamed or
		 * prepared anew */
		if (attempt > 0 || db->named_failure == NAMED_OK)
			return st;
	}
}

enum rd_status db_commit(struct rd_db *db, struct rd_error *err)
{
	return db_exec(db, "COMMIT", 0, NULL, NULL, err);
}

void db_rollback(struct rd_db *db)
{
	if (db_is_ok(db)) {
		PGresult *res;

		if (db->trace)
			db->trace(db->trace_arg, "ROLLBACK", 0, NULL);
		res = PQexec(db->conn, "ROLLBACK");

		PQclear(res);
	}
}

enum rd_status db_exec_script(struct rd_db *db, const char *sql,
			      struct rd_error *err)
{
	PGresult *res;
	enum rd_status st = RD_OK;

	if (!db_is_ok(db))
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("the connection to the database was lost"));
	res = PQexec(db->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		st = result_error(db, res, err);
	PQclear(res);
	return st;
}

enum rd_status db_copy_begin(struct rd_db *db, const char *copy_sql,
			     struct rd_error *err)
{
	PGresult *res;
	enum rd_status st = RD_OK;

	if (!db_is_ok(db))
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("the connection to the database was lost"));
	res = PQexec(db->conn, copy_sql);
	if (PQresultStatus(res) != PGRES_COPY_IN)
		st = result_error(db, res, err);
	PQclear(res);
	return st;
}

enum rd_status db_copy_send(struct rd_db *db, const char *data, size_t len,
			    struct rd_error *err)
{
	while (len > 0) {
		int chunk = len > (1u << 30) ? (1 << 30) : (int)len;

		if (PQputCopyData(db->conn, data, chunk) != 1)
			return result_error(db, NULL, err);
		data += chunk;
		len -= (size_t)chunk;
	}
	return RD_OK;
}

enum rd_status db_copy_end(struct rd_db *db, struct rd_error *err)
{
	PGresult *res;
	enum rd_status st = RD_OK;

	if (PQputCopyEnd(db->conn, NULL) != 1)
		return result_error(db, NULL, err);
	while ((res = PQgetResult(db->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && st == RD_OK)
			st = result_error(db, res, err);
		PQclear(res);
	}
	return st;
}

static bool plain_identifier(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static void remember_channel(struct rd_db *db, const char *channel)
{
	for (int i = 0; i < db->nlisten; i++)
		if (strcmp(db->listen[i], channel) == 0)
			return;
	if (db->nlisten < DB_MAX_LISTEN)
		snprintf(db->listen[db->nlisten++], sizeof(db->listen[0]), "%s", channel);
}

enum rd_status db_listen(struct rd_db *db, const char *channel,
			 struct rd_error *err)
{
	PGconn *c;
	bool ok;

	if (!plain_identifier(channel))
		return rd_error_set(err, RD_INVALID, "bad channel name");
	/* listening already on this connection (a reconnect listens again
	 * to every channel of the list): no round trip for each screen that
	 * opens */
	for (int i = 0; i < db->nlisten; i++)
		if (strcmp(db->listen[i], channel) == 0 && db_listen_ok(db))
			return RD_OK;
	c = db->listen_conninfo ? db->lconn : (db_is_ok(db) ? db->conn : NULL);
	ok = c && listen_on(c, channel);
	/* with a LISTEN connection of its own, the channel is remembered
	 * even while that connection is down: its reconnect listens to the
	 * whole list */
	if (ok || (db->listen_conninfo && !db_listen_ok(db)))
		remember_channel(db, channel);
	if (ok)
		return RD_OK;
	if (!db->listen_conninfo && !db_is_ok(db))
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("the connection to the database was lost"));
	return rd_error_set(err, RD_UNAVAILABLE, _("cannot listen for live updates"));
}

int db_poll_notify(struct rd_db *db, struct db_notify *out, int max)
{
	PGnotify *n;
	PGconn *c;
	int count = 0;

	if (!db_is_ok(db))
		return -1;
	if (!PQconsumeInput(db->conn) || PQstatus(db->conn) != CONNECTION_OK)
		return -1;
	if (db->listen_conninfo) {
		/* whatever reaches the work connection is not ours: through a
		 * transaction pool it is another session's LISTEN */
		while ((n = PQnotifies(db->conn)) != NULL)
			PQfreemem(n);
		c = db->lconn;
		if (!c || PQstatus(c) != CONNECTION_OK)
			return 0;
		if (!PQconsumeInput(c) || PQstatus(c) != CONNECTION_OK) {
			/* db_listen_ok() turns false; db_reconnect opens it again */
			PQfinish(c);
			db->lconn = NULL;
			return 0;
		}
	} else {
		c = db->conn;
	}
	while (count < max && (n = PQnotifies(c)) != NULL) {
		snprintf(out[count].channel, sizeof(out[count].channel), "%s",
			 n->relname);
		snprintf(out[count].payload, sizeof(out[count].payload), "%s",
			 n->extra ? n->extra : "");
		out[count].be_pid = n->be_pid;
		PQfreemem(n);
		count++;
	}
	return count;
}

enum rd_status db_encrypt_password(struct rd_db *db, const char *user,
				   const char *password, char *out, size_t outsz,
				   struct rd_error *err)
{
	char *v;

	if (!db_is_ok(db))
		return rd_error_set(err, RD_UNAVAILABLE,
				    _("the connection to the database was lost"));
	v = PQencryptPasswordConn(db->conn, password, user, "scram-sha-256");
	if (!v)
		return rd_error_set(err, RD_INTERNAL, _("cannot hash the password"));
	snprintf(out, outsz, "%s", v);
	PQfreemem(v);
	return RD_OK;
}
