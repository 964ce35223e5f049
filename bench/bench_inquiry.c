/* bench_inquiry.c: the inquiry log at scale, through store/.
 *
 *   bench/bench_inquiry [--iterations N] [--changes M] AGENT_CONNINFO LISTENER_CONNINFO
 *
 * Queue views: N times a queue page of 20 rows (what the screen shows)
 * through inquiry_list, as the agent of AGENT_CONNINFO, cycling through
 * the queues (mine, team, unassigned, open, escalated, overdue, waiting,
 * callbacks today) and the sorts; every other read is the next page
 * (keyset after the last row). Latency per queue and overall.
 *
 * Notifications between two real clients: M times the agent adds a note
 * to an open inquiry (inquiry_note: one transaction) while a second
 * connection (LISTENER_CONNINFO, e.g. the supervisor) LISTENs on
 * rd_inquiry; the time from the start of the change until the
 * notification is read on the second connection, and until that client
 * has re-read its queue page (what a screen does on a notification). The
 * clients run in one process, one after the other: the listener looks
 * as soon as the change returns, so the figures are what a terminal that
 * waits in poll() sees, plus at most the commit itself.
 *
 * Prints one markdown table. bench/inquiry.sh sets up the database (and
 * its 1,000,000 inquiries) and calls this. Numbers are reported, never
 * asserted. */
#include "repeatdesk/db.h"
#include "repeatdesk/inquiry.h"
#include "benchutil.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 20

static void die(const char *what, const struct rd_error *err)
{
	fprintf(stderr, "bench_inquiry: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

static struct rd_db *connect_to(const char *conninfo)
{
	struct db_params p = { .conninfo = conninfo, .application_name = "bench_inquiry" };
	struct rd_db *db = NULL;
	struct rd_error err;

	if (db_open(&db, &p, &err) != RD_OK)
		die(conninfo, &err);
	return db;
}

static void row(const char *what, double *v, int n, const char *goal)
{
	if (n <= 0)
		return;
	printf("| %-36s | %6d | %8.2f | %8.2f | %8.2f | %8.2f | %-10s |\n", what, n,
	       bench_percentile(v, n, 0.50), bench_percentile(v, n, 0.95),
	       bench_percentile(v, n, 0.99), bench_percentile(v, n, 1.0), goal);
}

/* Waits (poll on the socket) for a notification of rd_inquiry about
 * inquiry id; returns the time it was read, or -1 after 5 s. */
static double wait_for(struct rd_db *db, long long id)
{
	double start = bench_now_ms();

	while (bench_now_ms() - start < 5000) {
		struct db_notify n[16];
		int got = db_poll_notify(db, n, 16);

		for (int i = 0; i < got; i++) {
			struct inquiry_event ev;

			if (inquiry_notify_parse(&n[i], &ev) && ev.inquiry_id == id)
				return bench_now_ms();
		}
		if (got < 0)
			return -1;
		if (got == 0) {
			struct pollfd p = { .fd = db_socket(db), .events = POLLIN };

			poll(&p, 1, 50);
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	static const enum inquiry_queue queues[] = {
		INQ_Q_MINE, INQ_Q_TEAM, INQ_Q_UNASSIGNED, INQ_Q_OPEN, INQ_Q_ESCALATED,
		INQ_Q_OVERDUE, INQ_Q_WAITING, INQ_Q_CALLBACKS_TODAY,
	};
	enum { NQ = sizeof(queues) / sizeof(queues[0]) };
	const char *agent_ci = NULL, *listen_ci = NULL;
	int iterations = 4000, changes = 300;
	struct rd_db *a, *b;
	struct rd_error err;
	struct inquiry page[PAGE], last;
	double *all, *perq[NQ], *notify, *visible;
	int nall = 0, nq[NQ] = { 0 }, nn = 0, nv = 0;
	long long *open_ids = NULL;
	int nopen = 0;
	char total[32];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
			iterations = atoi(argv[++i]);
		else if (strcmp(argv[i], "--changes") == 0 && i + 1 < argc)
			changes = atoi(argv[++i]);
		else if (argv[i][0] != '-' && !agent_ci)
			agent_ci = argv[i];
		else if (argv[i][0] != '-' && !listen_ci)
			listen_ci = argv[i];
		else {
			fprintf(stderr, "usage: bench_inquiry [--iterations N] [--changes M]"
					" AGENT_CONNINFO LISTENER_CONNINFO\n");
			return 2;
		}
	}
	if (!agent_ci || !listen_ci || iterations < 1 || changes < 1) {
		fprintf(stderr, "usage: bench_inquiry [--iterations N] [--changes M]"
				" AGENT_CONNINFO LISTENER_CONNINFO\n");
		return 2;
	}
	a = connect_to(agent_ci);
	b = connect_to(listen_ci);
	if (db_query_value(a, "SELECT count(*) FROM rd.inquiries", 0, NULL, total, sizeof(total),
			   NULL, &err) != RD_OK)
		die("counting inquiries", &err);

	all = calloc((size_t)iterations, sizeof(double));
	for (int q = 0; q < NQ; q++)
		perq[q] = calloc((size_t)iterations, sizeof(double));
	notify = calloc((size_t)changes, sizeof(double));
	visible = calloc((size_t)changes, sizeof(double));

	/* queue views */
	memset(&last, 0, sizeof(last));
	for (int i = 0; i < iterations; i++) {
		int q = (i / 2) % NQ;
		struct inquiry_query qq = { .queue = queues[q], .limit = PAGE,
					    .sort = (enum inquiry_sort)((i / (2 * NQ)) % INQ_SORT_COUNT) };
		size_t n = 0;
		double t0, t1;

		if (i % 2 == 1 && last.id)
			qq.after = &last;
		t0 = bench_now_ms();
		if (inquiry_list(a, &qq, page, &n, &err) != RD_OK)
			die("queue view", &err);
		t1 = bench_now_ms();
		all[nall++] = t1 - t0;
		perq[q][nq[q]++] = t1 - t0;
		if (i % 2 == 0) {
			if (n)
				last = page[n - 1];
			else
				memset(&last, 0, sizeof(last));
		}
		if (q == 3 && i % 2 == 0 && !open_ids) {
			open_ids = calloc(PAGE, sizeof(*open_ids));
			for (size_t k = 0; k < n; k++)
				open_ids[nopen++] = page[k].id;
		}
	}

	/* notifications between two clients */
	if (db_listen(b, INQUIRY_CHANNEL, &err) != RD_OK)
		die("LISTEN", &err);
	for (int i = 0; i < changes && nopen > 0; i++) {
		long long id = open_ids[i % nopen];
		struct inquiry_query qq = { .queue = INQ_Q_OPEN, .limit = PAGE };
		size_t n;
		double t0 = bench_now_ms(), t1, t2;

		if (inquiry_note(a, id, false, "bench: note", "bench", NULL, &err) != RD_OK)
			die("note", &err);
		t1 = wait_for(b, id);
		if (t1 < 0) {
			fprintf(stderr, "bench_inquiry: no notification for inquiry %lld in 5 s\n", id);
			continue;
		}
		notify[nn++] = t1 - t0;
		if (inquiry_list(b, &qq, page, &n, &err) != RD_OK)
			die("re-read", &err);
		t2 = bench_now_ms();
		visible[nv++] = t2 - t0;
	}

	printf("\nInquiry log: %s inquiries, %d queue reads (pages of %d), %d changes\n\n",
	       total, iterations, PAGE, changes);
	printf("| %-36s | %6s | %8s | %8s | %8s | %8s | %-10s |\n", "operation (ms)", "n", "p50",
	       "p95", "p99", "max", "goal");
	printf("|%s|%s|%s|%s|%s|%s|%s|\n", "--------------------------------------", "--------",
	       "----------", "----------", "----------", "----------", "------------");
	row("queue view, all queues", all, nall, "p99 <= 20");
	for (int q = 0; q < NQ; q++) {
		char what[64];

		snprintf(what, sizeof(what), "queue view: %s", inquiry_queue_name(queues[q]));
		row(what, perq[q], nq[q], "");
	}
	row("change -> notification (2nd client)", notify, nn, "");
	row("change -> re-read on 2nd client", visible, nv, "p99 <= 200");
	if (!nopen)
		printf("\n(no open inquiry to change: notification latency not measured)\n");

	free(all);
	for (int q = 0; q < NQ; q++)
		free(perq[q]);
	free(notify);
	free(visible);
	free(open_ids);
	db_free(&a);
	db_free(&b);
	return 0;
}
