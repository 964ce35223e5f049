/* pgtrace.h: pgbench scripts made from what store/ really sends.
 *
 * A benchmark runs an operation through store/ (or a screen through ui/)
 * with pgtrace_start() on its connection: every statement sent on the
 * work connection is recorded with its parameters (db_trace()). The
 * recorded operations are then turned into one pgbench script:
 *
 *   \set rd_i :rd_i + 1
 *   \if :rd_i = 1
 *   ...the statements of the first traced operation...
 *   \elif :rd_i = 2
 *   ...the second...
 *   \endif
 *
 * run with -c 1 -t N -D rd_i=0, so that transaction i replays the i-th
 * operation exactly once, with its own keys (drawn by the benchmark at
 * random across the whole table). The statement texts are store/'s own;
 * each $n becomes a pgbench variable (-D t<i>_<n>=value, so that pgbench
 * sends the same values as parameters, typed by the server as store/'s
 * are), NULL for an SQL NULL or '' for an empty one (pgbench -D takes
 * no empty value); a $n used again in the same statement is sent as a
 * literal there (pgbench makes each :name a parameter of its own, and
 * the server could not type a second one as it types store/'s $n). pgbench takes ":name" in the SQL for a
 * variable; a quoted literal of store/ holding a colon is sent as the
 * same string in E'' form with \x3a for the colon.
 *
 * Writes: an id the database returned to the store (INSERT ... RETURNING
 * id) and that later statements pass back is bound to a \gset variable
 * (pgtrace_bind); a value that must change for the replay to do the same
 * work again (the version a skip updates) is replaced (pgtrace_set_after);
 * UUIDs (request ids) are replaced by fresh ones (pgtrace_fresh_uuids),
 * the same within one operation.
 *
 * tests/db/check_bench_scripts checks that a script reproduces the
 * statements store/ sent for each benchmarked operation, and that pgbench
 * runs it. */
#ifndef REPEATDESK_PGTRACE_H
#define REPEATDESK_PGTRACE_H

#include "repeatdesk/db.h"
#include "repeatdesk/sbuf.h"

#include <stddef.h>

struct pgtrace_stmt {
	char *sql;
	int nparams;
	char **params;        /* NULL: SQL NULL */
	char **vars;          /* non-NULL: the pgbench variable for the param */
	char *gset;           /* non-NULL: "\gset PREFIX" after the statement */
	double at;            /* when it was sent (bench_now_ms) */
};

struct pgtrace {
	struct pgtrace_stmt *s;
	size_t n, cap;
	int nbind;
};

void pgtrace_init(struct pgtrace *t);
void pgtrace_free(struct pgtrace *t);
/* Records every statement db sends into t until pgtrace_stop. */
void pgtrace_start(struct rd_db *db, struct pgtrace *t);
void pgtrace_stop(struct rd_db *db);

/* value was returned by the first statement containing producer (which
 * ends in "RETURNING col"): later parameters equal to value are bound to
 * what that statement returns in the replay. Returns 0, or -1 when no
 * such statement was traced (nothing changed). */
int pgtrace_bind(struct pgtrace *t, const char *value, const char *producer);
/* In each statement containing match, the parameter written right after
 * marker ("version = $") gets value instead. Returns how many changed. */
int pgtrace_set_after(struct pgtrace *t, const char *match, const char *marker,
		      const char *value);
/* Every parameter that is a UUID is replaced by a fresh random one (the
 * same UUID by the same fresh one within t). */
void pgtrace_fresh_uuids(struct pgtrace *t);

/* The SQL of a statement as pgbench is given it: quoted literals with a
 * colon rewritten (see above), $n replaced by name(n) or NULL. vars may
 * be NULL (then every $n stays $n). */
void pgtrace_pgbench_sql(struct sbuf *out, const struct pgtrace_stmt *s,
			 const char *const *vars);

/* One statement's text normalized for comparison: white space collapsed,
 * $n, :name, quoted literals and NULL (how a parameter may be sent) all
 * "?". */
void pgtrace_normalize(struct sbuf *out, const char *sql);

/* A pgbench script and its -D defines, built from traces. */
struct pgscript {
	struct sbuf body;
	char **defines;       /* "name=value" */
	size_t ndef, capdef;
	int ntrace;
};

void pgscript_init(struct pgscript *ps);
void pgscript_free(struct pgscript *ps);
/* Appends t as the next branch (transaction rd_i = ntrace + 1). */
void pgscript_add(struct pgscript *ps, const struct pgtrace *t);
/* The finished script text (into out). */
void pgscript_text(const struct pgscript *ps, struct sbuf *out);

/* Runs pgbench -n -c 1 -M mode -t (ntrace) on ps and appends each
 * transaction's latency (ms) but the first (the warm-up: the first
 * traced operation, which the caller also leaves out of its own) to
 * *lat. Returns 0, or -1 when pgbench failed (its stderr is in
 * errbuf). */
int pgscript_run(const struct pgscript *ps, const char *conninfo, const char *mode,
		 double **lat, size_t *n, size_t *cap, char *errbuf, size_t errsz);

#endif
