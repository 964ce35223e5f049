/* benchutil.h: timing helpers shared by the benchmarks in bench/. */
#ifndef REPEATDESK_BENCHUTIL_H
#define REPEATDESK_BENCHUTIL_H

/* Monotonic clock in milliseconds. */
double bench_now_ms(void);

/* The p-th quantile (0..1) of n samples, nearest rank; sorts v in place.
 * Returns -1 when there are no samples. */
double bench_percentile(double *v, int n, double p);

#include <stddef.h>

/* Runs pgbench (-n -c 1 -M extended) on the script body for seconds, with
 * the NULL-terminated "name=value" defines (-D; may be NULL), and appends
 * the latency (ms) of each transaction it logged to *lat (*n of them, *cap
 * allocated; grown with realloc, the caller frees). Returns 0 when some
 * were appended, -1 when pgbench failed or logged nothing. */
int bench_pgbench(const char *conninfo, const char *body, int seconds,
		  const char *const *defines, double **lat, size_t *n,
		  size_t *cap);

#endif
