/* shipments_cmd.c: `repeatdesk shipments generate --date D`: the shipment
 * run (store/shipment.c) with a progress bar on stderr when it is a
 * terminal and a summary on stdout as table, json or csv. */
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/shipment.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"
#include "progress.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void shipments_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk shipments generate [--date DATE] [--batch N] [--jobs N]\n"
		"                                     [--reason TEXT] [--request-id UUID]\n"
		"                                     [--format table|json|csv]\n"
		"\n"
		"Makes the order of every subscription delivery due up to DATE plus\n"
		"shipment_window_days (a setting, default 5): lines at the subscription's\n"
		"prices, inserts by the insert rules, bundled with the customer's other\n"
		"orders within the bundling window; applies the reservations that take\n"
		"effect and moves each subscription on to its next delivery. DATE\n"
		"defaults to today (the business time zone). Run it again, or after it\n"
		"was interrupted: each delivery's order is made exactly once.\n"
		"--batch N subscriptions per transaction (default 2000, fewer with\n"
		"--jobs so that each connection has about 4, at least 200); --jobs N\n"
		"connections working side by side (default 1). History rows get the\n"
		"reason (default \"shipment run DATE\") and the request id.\n"), out);
}

static void show_progress(long long done, long long total, void *arg)
{
	progress_update(arg, done, total, _("shipments"));
}

static void print_summary(const struct shipment_summary *s, double seconds,
			  enum table_format fmt)
{
	struct table *t = table_new();
	char d[DATE_ISO_SIZE], through[DATE_ISO_SIZE];

	table_add_column(t, "date", _("run date"), TABLE_DATE);
	table_add_column(t, "through", _("deliveries due through"), TABLE_DATE);
	table_add_column(t, "due", _("subscriptions due"), TABLE_INT);
	table_add_column(t, "orders_created", _("orders created"), TABLE_INT);
	table_add_column(t, "already_existed", _("already existed"), TABLE_INT);
	table_add_column(t, "reservations_applied", _("reservations applied"), TABLE_INT);
	table_add_column(t, "bundled", _("bundled"), TABLE_INT);
	table_add_column(t, "inserts", _("inserts"), TABLE_INT);
	table_add_column(t, "skipped_deliveries", _("skipped deliveries"), TABLE_INT);
	table_add_column(t, "not_due", _("no longer due"), TABLE_INT);
	table_add_column(t, "errors", _("errors"), TABLE_INT);
	table_add_column(t, "first_error", _("first error"), TABLE_TEXT);
	table_add_column(t, "batches", _("batches"), TABLE_INT);
	table_add_column(t, "seconds", _("seconds"), TABLE_JSON);  /* a number */
	table_add_column(t, "request_id", _("request id"), TABLE_TEXT);
	table_add_row(t);
	table_set(t, 0, date_format_iso(s->date, d));
	table_set(t, 1, date_format_iso(s->through, through));
	table_setf(t, 2, "%lld", s->due);
	table_setf(t, 3, "%lld", s->orders_created);
	table_setf(t, 4, "%lld", s->already_existed);
	table_setf(t, 5, "%lld", s->reservations_applied);
	table_setf(t, 6, "%lld", s->bundled);
	table_setf(t, 7, "%lld", s->inserts);
	table_setf(t, 8, "%lld", s->skipped);
	table_setf(t, 9, "%lld", s->not_due);
	table_setf(t, 10, "%lld", s->errors);
	table_set(t, 11, s->first_error[0] ? s->first_error : NULL);
	table_setf(t, 12, "%lld", s->batches);
	table_setf(t, 13, "%.1f", seconds);
	table_set(t, 14, s->request_id);
	cli_print(t, fmt, true);
	table_free(&t);
}

static int cmd_generate(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "batch", required_argument, NULL, 'b' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "reason", required_argument, NULL, 'r' },
		{ "request-id", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct shipment_options so = { .date = SHIPMENT_TODAY };
	struct shipment_summary *sum = xcalloc(1, sizeof(*sum));
	enum table_format fmt = TABLE_FMT_TABLE;
	struct rd_db *db = NULL, *more[SHIPMENT_WORKERS_MAX] = { NULL };
	struct rd_error err;
	struct progress pr;
	int jobs = 1;
	enum rd_status st;
	int c, rc = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (date_parse_iso(optarg, &so.date, &err) != RD_OK) {
				rc = cli_fail(cli, RD_USAGE, _("--date: %s"), err.msg);
				goto out;
			}
			break;
		case 'b':
			if ((rc = cli_number_int(cli, "--batch", optarg, 1, SHIPMENT_BATCH_MAX,
						 &so.batch)) != 0)
				goto out;
			break;
		case 'j':
			if ((rc = cli_number_int(cli, "--jobs", optarg, 1, SHIPMENT_WORKERS_MAX + 1,
						 &jobs)) != 0)
				goto out;
			break;
		case 'r':
			so.reason = optarg;
			break;
		case 'i':
			so.request_id = optarg;
			break;
		case 'f':
			if (cli_parse_format(cli, optarg, &fmt) != 0) {
				rc = 2;
				goto out;
			}
			break;
		case 'h':
			shipments_usage(stdout);
			goto out;
		case ':':
			rc = cli_fail(cli, RD_USAGE, _("option '%s' needs a value (see repeatdesk shipments --help)"),
				      argv[optind - 1]);
			goto out;
		default:
			rc = cli_fail(cli, RD_USAGE, _("unknown option '%s' for shipments generate (see repeatdesk shipments --help)"),
				      argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		rc = cli_fail(cli, RD_USAGE, _("shipments generate takes no argument '%s' (see repeatdesk shipments --help)"),
			      argv[optind]);
		goto out;
	}
	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	for (int i = 0; i < jobs - 1; i++)
		if (cli_connect(cli, CLI_LOGIN_AGENT, &more[i], &err) != RD_OK) {
			rc = cli_fail_err(cli, &err);
			goto out;
		}
	so.workers = more;
	so.nworkers = jobs - 1;
	progress_init(&pr);
	/* a bar only on a terminal: elsewhere stderr is for the error alone */
	if (pr.tty) {
		so.progress = show_progress;
		so.progress_arg = &pr;
	}
	st = shipment_generate(db, &so, sum, &err);
	progress_done(&pr);
	if (st != RD_OK) {
		rc = cli_fail_err(cli, &err);
		/* what the committed batches did is kept: say so */
		if (sum->batches > 0)
			fprintf(stderr, _("the run stopped after %lld batches (%lld orders created); run it again to finish\n"),
				sum->batches, sum->orders_created);
		goto out;
	}
	print_summary(sum, progress_elapsed(&pr), fmt);
	if (sum->errors > 0)
		rc = cli_fail(cli, RD_REFUSED,
			      _("%lld subscriptions could not be shipped and were left as they were; the first: %s"),
			      sum->errors, sum->first_error);
out:
	db_free(&db);
	for (int i = 0; i < SHIPMENT_WORKERS_MAX; i++)
		db_free(&more[i]);
	free(sum);
	return rc;
}

int cli_cmd_shipments(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || cli_is_help(sub)) {
		shipments_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (strcmp(sub, "generate") == 0)
		return cmd_generate(cli, argc - 1, argv + 1);
	return cli_fail(cli, RD_USAGE, _("unknown shipments command '%s' (see repeatdesk shipments --help)"), sub);
}
