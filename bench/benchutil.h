/* benchutil.h: timing helpers shared by the benchmarks in bench/. */
#ifndef REPEATDESK_BENCHUTIL_H
#define REPEATDESK_BENCHUTIL_H

/* Monotonic clock in milliseconds. */
double bench_now_ms(void);

/* The p-th quantile (0..1) of n samples, nearest rank; sorts v in place.
 * Returns -1 when there are no samples. */
double bench_percentile(double *v, int n, double p);

#endif
