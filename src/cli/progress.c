/* progress.c: a progress bar on stderr for long commands (seed, shipment
 * run), drawn only when stderr is a terminal; otherwise one line per phase. */
#include "progress.h"
#include "repeatdesk/i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p)
{
	memset(p, 0, sizeof(*p));
	p->tty = isatty(2);
	p->started = now_s();
}

void progress_update(struct progress *p, long long done, long long total,
		     const char *phase)
{
	double t = now_s();
	int width = 30;
	int filled;

	if (phase && strcmp(phase, p->phase) != 0) {
		if (p->tty && p->phase[0])
			fputc('\n', stderr);
		snprintf(p->phase, sizeof(p->phase), "%s", phase);
		if (!p->tty)
			fprintf(stderr, "%s…\n", phase);
		p->last = 0;
	}
	if (!p->tty)
		return;
	if (done < total && t - p->last < 0.1)
		return;
	p->last = t;
	filled = total > 0 ? (int)(done * width / total) : width;
	if (filled > width)
		filled = width;
	fprintf(stderr, "\r%-14.14s [", p->phase);
	for (int i = 0; i < width; i++)
		fputc(i < filled ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%% %lld/%lld  %.1fs ", total > 0 ? (int)(done * 100 / total) : 100,
		done, total, t - p->started);
	fflush(stderr);
}

void progress_done(struct progress *p)
{
	if (p->tty && p->phase[0])
		fputc('\n', stderr);
}

double progress_elapsed(const struct progress *p)
{
	return now_s() - p->started;
}
