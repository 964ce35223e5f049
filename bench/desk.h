/* desk.h: bench/bench_desk.c built as a library (BENCH_DESK_LIB),
 * for tests/db/check_bench_scripts: the same operations, traced and made
 * into the same pgbench script as bench/run's. */
#ifndef REPEATDESK_BENCH_DESK_H
#define REPEATDESK_BENCH_DESK_H

#include "repeatdesk/db.h"
#include "pgtrace.h"

struct bench_desk_traces {
	struct pgtrace *traces;   /* what each operation sent (n of them) */
	int n;
	struct pgscript script;   /* the pgbench script made from them */
};

/* How many operations there are, and their names (bench_desk --list). */
int bench_desk_ops(void);
const char *bench_desk_op_name(int op);
/* Runs operation op for n random keys on db, as bench_desk does (no
 * warm-up, nothing timed), and keeps what each sent. Returns out->n.
 * conninfo is kept for nothing but bench_desk's pgbench. */
int bench_desk_collect(struct rd_db *db, const char *conninfo, int op, int n,
		       struct bench_desk_traces *out);
/* Closes the UI it opened. */
void bench_desk_done(void);

#endif
