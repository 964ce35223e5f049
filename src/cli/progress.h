/* progress.h: progress bar for long-running commands. */
#ifndef REPEATDESK_CLI_PROGRESS_H
#define REPEATDESK_CLI_PROGRESS_H

struct progress {
	int tty;
	double started;
	double last;
	char phase[64];
};

void progress_init(struct progress *p);
void progress_update(struct progress *p, long long done, long long total,
		     const char *phase);
void progress_done(struct progress *p);
double progress_elapsed(const struct progress *p);

#endif
