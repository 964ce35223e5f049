/* report_cmd.c: `repeatdesk report list` and `repeatdesk report KIND`:
 * the supervisors' reports (issue 13) for scripts and spreadsheets.
 *
 * The same report_run the terminal's report screens use, on the report
 * connection when one is configured (REPEATDESK_REPORT_DB, [database]
 * report: a streaming replica; then only that one, so reports work while
 * the primary is down), otherwise on the main one. The business "today"
 * and the time the report was made come from that database.
 *
 * Ctrl-C stops a running report: the handler only sets a flag; the wait
 * callback of db_query_wait sees it and the server is asked to cancel
 * (PQcancel). report_run rolls its READ ONLY transaction back, so nothing
 * stays locked. */
#include "repeatdesk/chart.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/report.h"
#include "repeatdesk/subrule.h"
#include "cli_internal.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define REPORT_COLS_DEFAULT 80

static void report_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk report list [--format table|json|csv]\n"
		"       repeatdesk report KIND [--view VIEW] [--from DATE] [--to DATE]\n"
		"              [--by GROUP] [--product SKU] [--media CODE] [--payment METHOD]\n"
		"              [--agent LOGIN] [--timeout SECONDS]\n"
		"              [--format table|json|csv] [--bom] [--crlf] [--no-chart]\n"
		"\n"
		"The supervisors' reports (supervisors only: the database refuses\n"
		"others). 'report list' shows every kind, its views and the filters\n"
		"each view takes; it needs no database.\n"
		"\n"
		"--view VIEW      one view of the kind (default: its first)\n"
		"--from, --to     the period, YYYY-MM-DD, both days included (default:\n"
		"                 the last 12 months up to the business today)\n"
		"--by GROUP       grouping where the view has one (month, product, media,\n"
		"                 payment)\n"
		"--product SKU, --media CODE, --payment card|cod|deferred|bank,\n"
		"--agent LOGIN    filters, where the view takes them\n"
		"--timeout SECONDS  stop the report after this long (default 60)\n"
		"--format         table (a chart, the table, a note), json (one\n"
		"                 document) or csv (the table only)\n"
		"--bom            csv for a spreadsheet: a UTF-8 byte-order mark first,\n"
		"                 and codes and phone numbers written so that their\n"
		"                 leading zeros stay (=\"0312345678\")\n"
		"--crlf           csv with CRLF line ends\n"
		"--no-chart       no chart (table and json)\n"
		"\n"
		"In csv a text that starts with = + - or @ gets a leading apostrophe, so\n"
		"that a spreadsheet never takes it for a formula.\n"
		"The report reads the report connection when one is set\n"
		"(REPEATDESK_REPORT_DB, or [database] report: a read replica), else\n"
		"the main database. Ctrl-C stops a running report; nothing is changed.\n"
		"\n"
		"Kinds:\n"), out);
	for (int k = 0; k < REPORT_KIND_COUNT; k++) {
		const struct report_info *info = report_info((enum report_kind)k);

		fprintf(out, "  %-14s %s\n", info->name, _(info->summary));
	}
}

/* The options of a filter letter of report_view.filters. */
static void filter_options(const char *letters, struct sbuf *out)
{
	static const struct {
		char letter;
		const char *option;
	} names[] = {
		{ 'b', "--by" }, { 'p', "--product" }, { 'm', "--media" },
		{ 'y', "--payment" }, { 'a', "--agent" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!letters || !strchr(letters, names[i].letter))
			continue;
		if (out->len)
			sbuf_addc(out, ' ');
		sbuf_adds(out, names[i].option);
	}
}

static int cmd_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum table_format fmt = TABLE_FMT_TABLE;
	struct table *t;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (cli_parse_format(cli, optarg, &fmt) != 0)
				return 2;
			break;
		case 'h':
			report_usage(stdout);
			return 0;
		case ':':
			return cli_fail(cli, RD_USAGE, _("option '%s' needs a value (see repeatdesk report --help)"),
					argv[optind - 1]);
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for report list (see repeatdesk report --help)"),
					argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_fail(cli, RD_USAGE, _("report list takes no argument '%s' (see repeatdesk report --help)"),
				argv[optind]);
	t = table_new();
	table_add_column(t, "kind", _("report"), TABLE_TEXT);
	table_add_column(t, "view", _("view"), TABLE_TEXT);
	table_add_column(t, "kind_title", _("kind"), TABLE_TEXT);
	table_add_column(t, "view_title", _("view name"), TABLE_TEXT);
	table_add_column(t, "filters", _("filters"), TABLE_TEXT);
	table_add_column(t, "summary", _("what it shows"), TABLE_TEXT);
	for (int k = 0; k < REPORT_KIND_COUNT; k++) {
		const struct report_info *info = report_info((enum report_kind)k);

		for (int v = 0; v < REPORT_VIEWS_MAX && info->views[v].name; v++) {
			const struct report_view *view = &info->views[v];
			struct sbuf f;

			sbuf_init(&f);
			filter_options(view->filters, &f);
			table_add_row(t);
			table_set(t, 0, info->name);
			table_set(t, 1, view->name);
			table_set(t, 2, _(info->title));
			table_set(t, 3, _(view->title));
			table_set(t, 4, f.buf ? f.buf : "");
			table_set(t, 5, _(info->summary));
			sbuf_done(&f);
		}
	}
	cli_print(t, fmt, false);
	table_free(&t);
	return 0;
}

/* --- running a report ---------------------------------------------------- */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct watch_state {
	bool tty;        /* stderr is a terminal: show the seconds */
	int shown;       /* the last second shown, 0 when none */
};

/* db_query_wait's callback: the seconds on stderr, true after Ctrl-C. */
static bool report_wait(void *ctx, double elapsed)
{
	struct watch_state *w = ctx;
	int s = (int)elapsed;

	if (interrupted)
		return true;
	if (w->tty && s >= 1 && s != w->shown) {
		w->shown = s;
		fputc('\r', stderr);
		fprintf(stderr, _("Counting… %d s (Ctrl-C to stop)"), s);
		fputs("\033[K", stderr);
		fflush(stderr);
	}
	return false;
}

static int terminal_cols(void)
{
	struct winsize ws;

	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return REPORT_COLS_DEFAULT;
}

/* table_render's json without its line end, for embedding. */
static void json_table(const struct table *t, struct sbuf *out)
{
	struct sbuf sb;

	sbuf_init(&sb);
	table_render(t, TABLE_FMT_JSON, &sb);
	while (sb.len && sb.buf[sb.len - 1] == '\n')
		sb.len--;
	sbuf_add(out, sb.buf, sb.len);
	sbuf_done(&sb);
}

struct report_out {
	const struct report_info *info;
	const struct report_view *view;
	const struct report_params *p;
	const char *generated_at;   /* RFC 3339 */
	enum table_format fmt;
	bool bom, crlf, no_chart;
};

static void print_result(const struct report_out *o,
			 const struct report_result *r)
{
	struct sbuf sb;
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	bool chart = r->chart && !o->no_chart;

	sbuf_init(&sb);
	switch (o->fmt) {
	case TABLE_FMT_TABLE:
		if (chart && table_rows(r->chart) > 0) {
			chart_render(r->chart, r->chart_title, r->chart_percent,
				     terminal_cols(), &sb);
			sbuf_addc(&sb, '\n');
		}
		table_render(r->table, TABLE_FMT_TABLE, &sb);
		if (r->note[0])
			sbuf_printf(&sb, "\n%s\n", r->note);
		break;
	case TABLE_FMT_JSON:
		sbuf_adds(&sb, "{\"report\": ");
		json_write_str(&sb, o->info->name);
		sbuf_adds(&sb, ", \"view\": ");
		json_write_str(&sb, o->view->name);
		sbuf_adds(&sb, ", \"from\": ");
		json_write_str(&sb, date_format_iso(o->p->from, from));
		sbuf_adds(&sb, ", \"to\": ");
		json_write_str(&sb, date_format_iso(o->p->to, to));
		sbuf_adds(&sb, ", \"generated_at\": ");
		json_write_str(&sb, o->generated_at);
		sbuf_adds(&sb, ",\n\"rows\": ");
		json_table(r->table, &sb);
		sbuf_adds(&sb, ",\n\"chart\": ");
		if (chart)
			json_table(r->chart, &sb);
		else
			sbuf_adds(&sb, "null");
		sbuf_adds(&sb, ",\n\"note\": ");
		json_write_str(&sb, r->note[0] ? r->note : NULL);
		sbuf_adds(&sb, "}\n");
		break;
	case TABLE_FMT_CSV: {
		/* spreadsheet with --bom: who asks for a BOM opens the file
		 * in a spreadsheet */
		struct table_csv_options csv = { .bom = o->bom, .crlf = o->crlf,
						 .spreadsheet = o->bom };

		table_render_csv(r->table, &csv, &sb);
		/* the file stays data only: the note goes to the reader */
		if (r->note[0])
			fprintf(stderr, "repeatdesk: %s\n", r->note);
		break;
	}
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	sbuf_done(&sb);
}

/* A filter value into p's field of size n: one line, within the size. */
static int set_filter(struct cli *cli, const char *opt, const char *value,
		      char *field, size_t n)
{
	if (!*value || strlen(value) >= n || strpbrk(value, "\r\n\t"))
		return cli_fail(cli, RD_USAGE, _("%s: give a short value on one line"), opt);
	snprintf(field, n, "%s", value);
	return 0;
}

static int parse_date_arg(struct cli *cli, const char *opt, const char *s,
			  int32_t *out)
{
	struct rd_error err;

	if (date_parse_iso(s, out, &err) != RD_OK)
		return cli_fail(cli, RD_USAGE, _("%s: %s"), opt, err.msg);
	return 0;
}

static int cmd_run(struct cli *cli, const struct report_info *info, int argc,
		   char **argv)
{
	static const struct option opts[] = {
		{ "view", required_argument, NULL, 'v' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "by", required_argument, NULL, 'b' },
		{ "product", required_argument, NULL, 'p' },
		{ "media", required_argument, NULL, 'm' },
		{ "payment", required_argument, NULL, 'y' },
		{ "agent", required_argument, NULL, 'a' },
		{ "timeout", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "bom", no_argument, NULL, 'B' },
		{ "crlf", no_argument, NULL, 'C' },
		{ "no-chart", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct report_params p, given;
	struct report_out o = { .info = info, .p = &p, .fmt = TABLE_FMT_TABLE };
	struct report_result r;
	struct watch_state ws = { .tty = isatty(2) != 0 };
	struct report_watch watch = { report_wait, &ws };
	struct sigaction sa, old_sa;
	struct rd_db *db = NULL;
	struct rd_error err;
	char now[DATE_RFC3339_SIZE];
	int32_t from = 0, to = 0, today;
	bool has_from = false, has_to = false;
	enum subrule_payment pay;
	int c, rc, seconds = 0;
	enum rd_status st;

	report_params_init(&p, info->kind, 0);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		rc = 0;
		switch (c) {
		case 'v':
			rc = set_filter(cli, "--view", optarg, p.view, sizeof(p.view));
			break;
		case 'F':
			rc = parse_date_arg(cli, "--from", optarg, &from);
			has_from = true;
			break;
		case 'T':
			rc = parse_date_arg(cli, "--to", optarg, &to);
			has_to = true;
			break;
		case 'b':
			rc = set_filter(cli, "--by", optarg, p.by, sizeof(p.by));
			break;
		case 'p':
			rc = set_filter(cli, "--product", optarg, p.product, sizeof(p.product));
			break;
		case 'm':
			rc = set_filter(cli, "--media", optarg, p.media, sizeof(p.media));
			break;
		case 'y':
			if (subrule_payment_parse(optarg, &pay) != 0)
				return cli_fail(cli, RD_USAGE, _("unknown payment method '%s' for --payment: use card, cod, deferred or bank"),
						optarg);
			rc = set_filter(cli, "--payment", optarg, p.payment, sizeof(p.payment));
			break;
		case 'a':
			rc = set_filter(cli, "--agent", optarg, p.agent, sizeof(p.agent));
			break;
		case 't':
			rc = cli_number_int(cli, "--timeout", optarg, 1, 86400, &seconds);
			break;
		case 'f':
			if (cli_parse_format(cli, optarg, &o.fmt) != 0)
				return 2;
			break;
		case 'B':
			o.bom = true;
			break;
		case 'C':
			o.crlf = true;
			break;
		case 'N':
			o.no_chart = true;
			break;
		case 'h':
			report_usage(stdout);
			return 0;
		case ':':
			return cli_fail(cli, RD_USAGE, _("option '%s' needs a value (see repeatdesk report --help)"),
					argv[optind - 1]);
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for report (see repeatdesk report --help)"),
					argv[optind - 1]);
		}
		if (rc)
			return rc;
	}
	if (optind < argc)
		return cli_fail(cli, RD_USAGE, _("report %s takes no argument '%s' (see repeatdesk report --help)"),
				info->name, argv[optind]);
	if (!(o.view = report_view_find(info, p.view)))
		return cli_fail(cli, RD_USAGE, _("the %s report has no view '%s' (see repeatdesk report list)"),
				_(info->title), p.view);
	if (has_from && has_to && from > to)
		return cli_fail(cli, RD_USAGE, _("the period starts after it ends: give --from before --to"));
	if ((o.bom || o.crlf) && o.fmt != TABLE_FMT_CSV)
		return cli_fail(cli, RD_USAGE, _("--bom and --crlf are for --format csv"));
	p.timeout_ms = seconds * 1000;

	if (cli_resolve(cli, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	/* only the report connection when there is one: the primary may
	 * be down, and reports must not weigh on it */
	if (cli_report_conninfo(cli))
		st = cli_connect_report(cli, &db, &err);
	else
		st = cli_connect(cli, CLI_LOGIN_AGENT, &db, &err);
	if (st != RD_OK)
		return cli_fail_err(cli, &err);
	if ((st = report_business_today(db, &today, now, &err)) != RD_OK) {
		db_free(&db);
		return cli_fail_err(cli, &err);
	}
	/* the defaults need today; what the options gave stays */
	given = p;
	report_params_init(&p, info->kind, today);
	memcpy(p.view, given.view, sizeof(p.view));
	memcpy(p.by, given.by, sizeof(p.by));
	memcpy(p.product, given.product, sizeof(p.product));
	memcpy(p.media, given.media, sizeof(p.media));
	memcpy(p.payment, given.payment, sizeof(p.payment));
	memcpy(p.agent, given.agent, sizeof(p.agent));
	p.timeout_ms = given.timeout_ms;
	if (has_from)
		p.from = from;
	if (has_to)
		p.to = to;
	o.generated_at = now;

	interrupted = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_sa);
	st = report_run(db, &p, &watch, &r, &err);
	sigaction(SIGINT, &old_sa, NULL);
	if (ws.shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	db_free(&db);
	if (st != RD_OK)
		return cli_fail_err(cli, &err);
	print_result(&o, &r);
	report_result_free(&r);
	return 0;
}

int cli_cmd_report(struct cli *cli, int argc, char **argv)
{
	int kind;

	if (argc < 2 || cli_is_help(argv[1])) {
		report_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "list") == 0)
		return cmd_list(cli, argc - 1, argv + 1);
	if ((kind = report_kind_parse(argv[1])) < 0)
		return cli_fail(cli, RD_USAGE, _("unknown report '%s' (see repeatdesk report list)"),
				argv[1]);
	return cmd_run(cli, report_info((enum report_kind)kind), argc - 1, argv + 1);
}
