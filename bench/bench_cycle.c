/* bench_cycle.c: next-date computations per second on one core.
 *
 * Steps a dozen series of mixed spec kinds in turn (so the branch on the
 * kind is not perfectly predictable), restarting a series before it leaves
 * the calendar, and prints e.g. "cycle_next: 123.4 M/s (mixed kinds)".
 * Goal: >= 20 M/s. Usage: bench_cycle [ITERATIONS] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"

static const char *const specs[] = {
	"45d", "1m:31", "2w:fri", "1m:lastfri", "1m:2tue", "2m:last",
	"7d", "1m:5sun", "3m:15", "1w:mon", "12m:29", "1m:lastsun",
};
#define NSPECS (sizeof(specs) / sizeof(specs[0]))

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct cycle cycles[NSPECS];
	int32_t day[NSPECS];
	const int32_t start = date_from_ymd(2026, 1, 31);
	const int32_t limit = date_from_ymd(2999, 1, 1);
	long iterations = argc > 1 ? atol(argv[1]) : 50000000L;
	volatile int32_t sink = 0;
	double t0, t1;

	for (size_t i = 0; i < NSPECS; i++) {
		struct rd_error err;

		if (cycle_parse(specs[i], &cycles[i], &err) != RD_OK) {
			fprintf(stderr, "bench_cycle: %s\n", err.msg);
			return 1;
		}
		day[i] = start;
	}
	if (iterations < (long)NSPECS)
		iterations = (long)NSPECS;
	iterations -= iterations % (long)NSPECS;

	t0 = now();
	for (long it = 0; it < iterations; it += (long)NSPECS) {
		for (size_t i = 0; i < NSPECS; i++) {
			int32_t d = cycle_next(&cycles[i], day[i]);

			day[i] = d < limit ? d : start;
		}
	}
	t1 = now();
	for (size_t i = 0; i < NSPECS; i++)
		sink += day[i];
	(void)sink;

	printf("cycle_next: %.1f M/s (mixed kinds)\n",
	       (double)iterations / (t1 - t0) / 1e6);
	return 0;
}
