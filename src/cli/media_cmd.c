/* media_cmd.c: `repeatdesk media list` and `repeatdesk media cost
 * set|list|history`: the media codes and the monthly costs the media
 * report divides by (store/media_cost.c, the same calls as the cost
 * screen). */
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/media_cost.h"
#include "repeatdesk/money.h"
#include "repeatdesk/textcheck.h"
#include "cli_internal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MONTH_FIRST 1  /* 2000-01 .. 2199-12: what a cost list may span */
#define HISTORY_DEFAULT 50

static void media_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk media list [--format table|json|csv]\n"
		"       repeatdesk media cost set CODE --month YYYY-MM --amount YEN --reason TEXT\n"
		"                           [--note TEXT] [--version V] [--request-id UUID]\n"
		"       repeatdesk media cost list [--media CODE] [--from YYYY-MM --to YYYY-MM]\n"
		"                           [--all] [--format table|json|csv]\n"
		"       repeatdesk media cost history CODE [--limit N] [--format table|json|csv]\n"
		"\n"
		"Media codes name the advertisement that brought an order. Supervisors\n"
		"enter what each cost per month; the media report (repeatdesk report\n"
		"media) divides a period's costs by the customers it brought (CPO).\n"
		"list          every media code, its monthly costs in total (supervisors)\n"
		"              and the old single amount (legacy total, not used by the\n"
		"              reports)\n"
		"cost set      the cost of CODE for one month (replaces what was there);\n"
		"              --version V: only if the cost is still at version V (0: none\n"
		"              entered yet), else the one read now; supervisors only\n"
		"cost list     the costs entered (--all: every month of the range, empty\n"
		"              ones too; needs --from and --to)\n"
		"cost history  who changed CODE's costs, when and why, newest first\n"), out);
}

/* "2026-12" → the month's first day. */
static int parse_month(struct cli *cli, const char *opt, const char *s, int32_t *out)
{
	char iso[16];
	int y = 0, m = 0;

	if (!s || strlen(s) != 7 || s[4] != '-' || !textcheck_digits(s, 4, &y) ||
	    !textcheck_digits(s + 5, 2, &m) || y < 2000 || y > 2199 || m < 1 || m > 12)
		return cli_fail(cli, RD_USAGE, _("%s: give a month as YYYY-MM (like 2026-12), not '%s'"),
				opt, s ? s : "");
	snprintf(iso, sizeof(iso), "%04d-%02d-01", y, m);
	if (date_parse_iso(iso, out, NULL) != RD_OK)
		return cli_fail(cli, RD_USAGE, _("%s: give a month as YYYY-MM (like 2026-12), not '%s'"),
				opt, s);
	return 0;
}

static char *month_text(int32_t day, char buf[DATE_ISO_SIZE])
{
	date_format_iso(day, buf);
	buf[7] = '\0';  /* YYYY-MM */
	return buf;
}

static int bad_option(struct cli *cli, char **argv, int c, const char *cmd)
{
	if (c == ':')
		return cli_fail(cli, RD_USAGE, _("option '%s' needs a value (see repeatdesk media --help)"),
				argv[optind - 1]);
	return cli_fail(cli, RD_USAGE, _("unknown option '%s' for %s (see repeatdesk media --help)"),
			argv[optind - 1], cmd);
}

static int cmd_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum table_format fmt = TABLE_FMT_TABLE;
	struct media_info *m = NULL;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct table *t;
	int c, n = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'f') {
			if (cli_parse_format(cli, optarg, &fmt) != 0)
				return 2;
		} else if (c == 'h') {
			media_usage(stdout);
			return 0;
		} else {
			return bad_option(cli, argv, c, "media list");
		}
	}
	if (optind < argc)
		return cli_fail(cli, RD_USAGE, _("media list takes no argument '%s'"), argv[optind]);
	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (media_list(db, &m, &n, &err) != RD_OK) {
		db_free(&db);
		return cli_fail_err(cli, &err);
	}
	db_free(&db);
	t = table_new();
	table_add_column(t, "code", _("Media code"), TABLE_CODE);
	table_add_column(t, "name", _("Media name"), TABLE_TEXT);
	table_add_column(t, "channel", _("Channel"), TABLE_TEXT);
	table_add_column(t, "monthly_costs", _("Monthly costs in total"), TABLE_MONEY);
	table_add_column(t, "legacy_total", _("Legacy total (not in reports)"), TABLE_MONEY);
	for (int i = 0; i < n; i++) {
		table_add_row(t);
		table_set(t, 0, m[i].code);
		table_set(t, 1, m[i].name);
		table_set(t, 2, m[i].channel);
		if (m[i].cost_total >= 0)
			table_setf(t, 3, "%lld", (long long)m[i].cost_total);
		table_setf(t, 4, "%lld", (long long)m[i].legacy_cost);
	}
	cli_print(t, fmt, false);
	table_free(&t);
	free(m);
	return 0;
}

static int cmd_cost_set(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "amount", required_argument, NULL, 'a' },
		{ "reason", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ "version", required_argument, NULL, 'v' },
		{ "request-id", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *reason = NULL, *note = NULL, *request_id = NULL, *amount_s = NULL;
	int32_t month = 0;
	int64_t amount = 0;
	int version = -1, new_version = 0, c, rc;
	struct rd_db *db = NULL;
	struct rd_error err;
	enum rd_status st;
	char mon[DATE_ISO_SIZE], yen[MONEY_YEN_SIZE];

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if ((rc = parse_month(cli, "--month", optarg, &month)) != 0)
				return rc;
			break;
		case 'a':
			amount_s = optarg;
			break;
		case 'r':
			reason = optarg;
			break;
		case 'n':
			note = optarg;
			break;
		case 'v':
			if ((rc = cli_number_int(cli, "--version", optarg, 0, 2147483647, &version)) != 0)
				return rc;
			break;
		case 'i':
			request_id = optarg;
			break;
		case 'h':
			media_usage(stdout);
			return 0;
		default:
			return bad_option(cli, argv, c, "media cost set");
		}
	}
	if (optind + 1 != argc)
		return cli_fail(cli, RD_USAGE, _("give one media code, like media cost set TV01 --month 2026-12 --amount 500000 --reason TEXT"));
	if (!month)
		return cli_fail(cli, RD_USAGE, _("say which month the cost is for (--month YYYY-MM)"));
	if (!amount_s)
		return cli_fail(cli, RD_USAGE, _("say what the month cost (--amount YEN)"));
	if (money_parse(amount_s, &amount, &err) != RD_OK)
		return cli_fail(cli, RD_USAGE, _("--amount: %s"), err.msg);
	if (amount < 0)
		return cli_fail(cli, RD_USAGE, _("--amount: a cost is 0 yen or more"));
	if (!reason || !*reason)
		return cli_fail(cli, RD_USAGE, _("say why the cost changes (--reason TEXT): the history keeps it"));
	if (request_id && !textcheck_uuid(request_id))
		return cli_fail(cli, RD_USAGE, _("--request-id: give a UUID, not '%s'"), request_id);
	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (version < 0) {
		/* no --version: the cost as it is now is the one replaced */
		struct media_cost *cur = NULL;
		int n = 0;

		st = media_cost_list(db, argv[optind], month, month, true, &cur, &n, &err);
		if (st != RD_OK) {
			db_free(&db);
			return cli_fail_err(cli, &err);
		}
		version = n > 0 ? cur[0].version : 0;
		free(cur);
	}
	st = media_cost_set(db, argv[optind], month, amount, version, note, reason,
			    request_id, &new_version, &err);
	db_free(&db);
	if (st != RD_OK)
		return cli_fail_err(cli, &err);
	if (!cli->quiet)
		printf(_("The cost of %s for %s is %s (version %d).\n"), argv[optind],
		       month_text(month, mon), money_yen(amount, yen), new_version);
	return 0;
}

static int cmd_cost_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "media", required_argument, NULL, 'm' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "all", no_argument, NULL, 'A' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *media = NULL;
	int32_t from = 0, to = 0;
	bool all = false;
	enum table_format fmt = TABLE_FMT_TABLE;
	struct media_cost *k = NULL;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct table *t;
	int c, n = 0, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			media = optarg;
			break;
		case 'F':
			if ((rc = parse_month(cli, "--from", optarg, &from)) != 0)
				return rc;
			break;
		case 'T':
			if ((rc = parse_month(cli, "--to", optarg, &to)) != 0)
				return rc;
			break;
		case 'A':
			all = true;
			break;
		case 'f':
			if (cli_parse_format(cli, optarg, &fmt) != 0)
				return 2;
			break;
		case 'h':
			media_usage(stdout);
			return 0;
		default:
			return bad_option(cli, argv, c, "media cost list");
		}
	}
	if (optind < argc)
		return cli_fail(cli, RD_USAGE, _("media cost list takes no argument '%s' (--media CODE names a code)"),
				argv[optind]);
	if (all && (!from || !to))
		return cli_fail(cli, RD_USAGE, _("--all lists every month of a range: give --from and --to"));
	if (!from)
		from = date_from_ymd(2000, MONTH_FIRST, 1);
	if (!to)
		to = date_from_ymd(2199, 12, 1);
	if (from > to)
		return cli_fail(cli, RD_USAGE, _("the months start after they end: give --from before --to"));
	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (media_cost_list(db, media, from, to, all, &k, &n, &err) != RD_OK) {
		db_free(&db);
		return cli_fail_err(cli, &err);
	}
	db_free(&db);
	t = table_new();
	table_add_column(t, "media_code", _("Media code"), TABLE_CODE);
	table_add_column(t, "media_name", _("Media name"), TABLE_TEXT);
	table_add_column(t, "month", _("Month"), TABLE_TEXT);
	table_add_column(t, "amount", _("Cost"), TABLE_MONEY);
	table_add_column(t, "note", _("Note"), TABLE_TEXT);
	table_add_column(t, "version", _("Version"), TABLE_INT);
	for (int i = 0; i < n; i++) {
		char mon[DATE_ISO_SIZE];

		table_add_row(t);
		table_set(t, 0, k[i].code);
		table_set(t, 1, k[i].name);
		table_set(t, 2, month_text(k[i].month, mon));
		if (k[i].set)
			table_setf(t, 3, "%lld", (long long)k[i].amount);
		else
			table_set_words(t, 3, "\xe2\x80\x94");  /* — : none entered */
		table_set(t, 4, k[i].note);
		table_setf(t, 5, "%d", k[i].version);
	}
	cli_print(t, fmt, false);
	table_free(&t);
	free(k);
	return 0;
}

static int cmd_cost_history(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum table_format fmt = TABLE_FMT_TABLE;
	struct media_cost_change *h = NULL;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct table *t;
	int c, n = 0, limit = HISTORY_DEFAULT, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if ((rc = cli_number_int(cli, "--limit", optarg, 1, 500, &limit)) != 0)
				return rc;
			break;
		case 'f':
			if (cli_parse_format(cli, optarg, &fmt) != 0)
				return 2;
			break;
		case 'h':
			media_usage(stdout);
			return 0;
		default:
			return bad_option(cli, argv, c, "media cost history");
		}
	}
	if (optind + 1 != argc)
		return cli_fail(cli, RD_USAGE, _("give one media code, like media cost history TV01"));
	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (media_cost_history(db, argv[optind], limit, &h, &n, &err) != RD_OK) {
		db_free(&db);
		return cli_fail_err(cli, &err);
	}
	db_free(&db);
	t = table_new();
	table_add_column(t, "at", _("When"), TABLE_DATE);
	table_add_column(t, "actor", _("Who"), TABLE_TEXT);
	table_add_column(t, "month", _("Month"), TABLE_TEXT);
	table_add_column(t, "old_amount", _("Before"), TABLE_MONEY);
	table_add_column(t, "new_amount", _("After"), TABLE_MONEY);
	table_add_column(t, "reason", _("Reason"), TABLE_TEXT);
	table_add_column(t, "request_id", _("Request id"), TABLE_CODE);
	for (int i = 0; i < n; i++) {
		char mon[DATE_ISO_SIZE];

		table_add_row(t);
		table_set(t, 0, h[i].at);
		table_set(t, 1, h[i].actor);
		table_set(t, 2, month_text(h[i].month, mon));
		if (h[i].had_old)
			table_setf(t, 3, "%lld", (long long)h[i].old_amount);
		else
			table_set_words(t, 3, _("(none)"));
		table_setf(t, 4, "%lld", (long long)h[i].new_amount);
		table_set(t, 5, h[i].reason);
		table_set(t, 6, h[i].request_id[0] ? h[i].request_id : NULL);
	}
	cli_print(t, fmt, false);
	table_free(&t);
	free(h);
	return 0;
}

int cli_cmd_media(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	const char *what = argc > 2 ? argv[2] : NULL;

	if (!sub || cli_is_help(sub)) {
		media_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (strcmp(sub, "list") == 0)
		return cmd_list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "cost") != 0)
		return cli_fail(cli, RD_USAGE, _("unknown media command '%s' (see repeatdesk media --help)"), sub);
	if (!what || cli_is_help(what)) {
		media_usage(what ? stdout : stderr);
		return what ? 0 : 2;
	}
	if (strcmp(what, "set") == 0)
		return cmd_cost_set(cli, argc - 2, argv + 2);
	if (strcmp(what, "list") == 0)
		return cmd_cost_list(cli, argc - 2, argv + 2);
	if (strcmp(what, "history") == 0)
		return cmd_cost_history(cli, argc - 2, argv + 2);
	return cli_fail(cli, RD_USAGE, _("unknown media cost command '%s' (see repeatdesk media --help)"), what);
}
