/* bench_screens.c: how long a screen change takes, as the operator sees it.
 *
 *   bench/bench_screens [--iterations N] CONNINFO
 *
 * Against a seeded database (repeatdesk db seed --customers 1000000),
 * logged in as an agent, it opens screens exactly as a key on the terminal
 * does: the screen is pushed on the UI's own shell (src/ui/shell.c) with
 * the argument the calling screen passes, the shell composes the 80x24
 * view (the screen's reads, its text, the legend) and src/ui/draw.c
 * copies it to a real curses screen (newterm on /dev/null, TERM
 * xterm-256color), then Esc takes it off again. Timed from the push to
 * the end of the draw, per screen:
 *
 *   card          the customer card (F2 lookup → Enter), random customers
 *   subscription  the subscription screen (Ctrl-T → 5), random active ones
 *   order entry   the order-entry form (F11 on the card)
 *   queue         the desk's inquiry queues (Ctrl-N from home)
 *
 * Prints one markdown table. bench/screens.sh sets up the database and
 * calls this. Numbers are reported, never asserted. */
#include "repeatdesk/db.h"
#include "repeatdesk/i18n.h"
#include "benchutil.h"

#include "../src/ui/curses_wrap.h"
#include "../src/ui/customer_screen.h"
#include "../src/ui/draw.h"
#include "../src/ui/home_screen.h"
#include "../src/ui/inquiry_screen.h"
#include "../src/ui/lookup_screen.h"
#include "../src/ui/order_entry_screen.h"
#include "../src/ui/shell.h"
#include "../src/ui/subscription_screen.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS_BENCH 80
#define ROWS_BENCH 24

static void die(const char *what, const struct rd_error *err)
{
	fprintf(stderr, "bench_screens: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

/* n random values of the first column of sql (one $1 parameter: n). */
static char **sample(struct rd_db *db, const char *sql, int n, int *got)
{
	struct db_rows r;
	struct rd_error err;
	char want[16];
	const char *params[1] = { want };
	char **out;

	snprintf(want, sizeof(want), "%d", n);
	if (db_query(db, sql, 1, params, &r, &err) != RD_OK)
		die("sampling", &err);
	out = calloc((size_t)r.nrows + 1, sizeof(*out));
	if (!out)
		abort();
	for (int i = 0; i < r.nrows; i++)
		out[i] = strdup(db_rows_get(&r, i, 0));
	*got = r.nrows;
	db_rows_free(&r);
	return out;
}

struct run {
	struct ui_app *app;
	struct shell_view *view;
	double *lat;
	int n;
};

/* Pushes ops with arg, composes and draws; times it; goes back. */
static void one(struct run *run, const struct screen_ops *ops, const void *arg)
{
	size_t depth = run->app->depth;
	double t0 = bench_now_ms();

	if (!shell_push(run->app, ops, arg)) {
		fprintf(stderr, "bench_screens: %s refused to open: %s\n", ops->name,
			run->app->message.len ? run->app->message.buf : "");
		exit(1);
	}
	shell_compose(run->app, COLS_BENCH, ROWS_BENCH, run->view);
	draw_view(run->view, false);
	run->lat[run->n++] = bench_now_ms() - t0;
	/* Esc, as the operator leaves; a question (unsaved input) is answered
	 * yes so that the stack is where it was */
	while (run->app->depth > depth) {
		size_t before = run->app->depth;

		shell_request(run->app, REQ_BACK);
		if (run->app->dialog)
			shell_request(run->app, REQ_YES);
		if (run->app->depth == before) {
			fprintf(stderr, "bench_screens: cannot leave %s\n", ops->name);
			exit(1);
		}
	}
	shell_compose(run->app, COLS_BENCH, ROWS_BENCH, run->view);
	draw_view(run->view, false);
}

static void report(const char *what, double *lat, int n)
{
	printf("| %s | %.2f / %.2f / %.2f ms | %d |\n", what, bench_percentile(lat, n, 0.50),
	       bench_percentile(lat, n, 0.95), bench_percentile(lat, n, 0.99), n);
}

int main(int argc, char **argv)
{
	int iterations = 1000;
	const char *conninfo = NULL;
	struct rd_error err;
	struct rd_db *db;
	struct db_params params = { .application_name = "bench_screens" };
	struct ui_options opt = { 0 };
	struct ui_app app;
	struct shell_view view;
	struct run run;
	char **customers, **subs;
	int ncust, nsubs;
	FILE *devnull;
	SCREEN *scr;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
			iterations = atoi(argv[++i]);
		else if (argv[i][0] != '-')
			conninfo = argv[i];
		else {
			fprintf(stderr, "usage: bench_screens [--iterations N] CONNINFO\n");
			return 2;
		}
	}
	if (!conninfo || iterations < 10) {
		fprintf(stderr, "usage: bench_screens [--iterations N>=10] CONNINFO\n");
		return 2;
	}
	setlocale(LC_ALL, "");
	params.conninfo = conninfo;
	if (db_open(&db, &params, &err) != RD_OK)
		die("connecting", &err);

	customers = sample(db,
		"SELECT code FROM rd.customers ORDER BY random() LIMIT $1::int",
		iterations, &ncust);
	subs = sample(db,
		"SELECT id::text FROM rd.subscriptions WHERE status = 'active'"
		" ORDER BY random() LIMIT $1::int",
		iterations, &nsubs);
	if (ncust < 10 || nsubs < 10) {
		fprintf(stderr, "bench_screens: seed more customers (db seed --customers N)\n");
		return 1;
	}

	devnull = fopen("/dev/null", "w");
	setenv("TERM", "xterm-256color", 1);
	scr = newterm(NULL, devnull, stdin);
	if (!scr) {
		fprintf(stderr, "bench_screens: no curses screen for xterm-256color\n");
		return 1;
	}
	set_term(scr);
	resize_term(ROWS_BENCH, COLS_BENCH);
	draw_init();

	opt.db = db;
	opt.login = db_user(db);
	opt.agent_name = opt.login;
	opt.role = "agent";
	opt.db_label = "bench";
	shell_init(&app, &opt, db);
	shell_view_init(&view);
	app.lookup_ops = &lookup_screen_ops;
	shell_set_db_state(&app, UI_DB_OK);
	shell_push(&app, &home_screen_ops, NULL);

	run.app = &app;
	run.view = &view;
	run.lat = calloc((size_t)iterations + 1, sizeof(double));
	if (!run.lat)
		abort();

	printf("| screen (80x24, %d opens each) | p50 / p95 / p99 | opens |\n|---|---|---|\n", iterations);

	run.n = 0;
	for (int i = 0; i < iterations; i++)
		one(&run, &customer_screen_ops, customers[i % ncust]);
	report("customer card", run.lat, run.n);

	run.n = 0;
	for (int i = 0; i < iterations; i++) {
		struct subs_screen_arg a = { .id = strtoll(subs[i % nsubs], NULL, 10) };

		one(&run, &subscription_screen_ops, &a);
	}
	report("subscription screen", run.lat, run.n);

	run.n = 0;
	for (int i = 0; i < iterations; i++) {
		struct order_entry_arg a = { .customer_code = customers[i % ncust] };

		one(&run, &order_entry_screen_ops, &a);
	}
	report("order entry", run.lat, run.n);

	run.n = 0;
	for (int i = 0; i < iterations; i++)
		one(&run, &inquiry_queue_screen_ops, NULL);
	report("inquiry queues", run.lat, run.n);

	shell_done(&app);
	shell_view_done(&view);
	endwin();
	delscreen(scr);
	fclose(devnull);
	for (int i = 0; i < ncust; i++)
		free(customers[i]);
	for (int i = 0; i < nsubs; i++)
		free(subs[i]);
	free(customers);
	free(subs);
	free(run.lat);
	db_free(&db);
	return 0;
}
