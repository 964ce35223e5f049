/* calendar_cmd.c: `repeatdesk calendar show|close|open|load-holidays`:
 * the business calendar (store/calendar_store.c). show lists every
 * closed day of a range with why (closed weekdays included); close and
 * open are a supervisor's one-off days; load-holidays puts Japan's
 * national holidays (core/jpholiday) into the database. */
#include "repeatdesk/calendar.h"
#include "repeatdesk/calendar_store.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void calendar_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk calendar show [--from DATE] [--to DATE] [--format table|json|csv]\n"
		"       repeatdesk calendar close DATE --reason TEXT [--request-id UUID]\n"
		"       repeatdesk calendar open DATE --reason TEXT [--request-id UUID]\n"
		"       repeatdesk calendar load-holidays [--years N] [--from-year Y]\n"
		"\n"
		"The warehouse's business calendar. A delivery due on a closed day moves\n"
		"to the nearest open day (the setting closed_day_move: later or earlier).\n"
		"Closed are: the weekdays of the setting closed_weekdays, Japan's national\n"
		"holidays, the year-end closing (the setting year_end_closing, MM-DD..MM-DD)\n"
		"and days a supervisor closes once.\n"
		"show       the closed days from --from (default today) to --to (default\n"
		"           --from + 60 days), each with why\n"
		"close      close DATE once; the reason is what the screens show next to\n"
		"           a moved delivery (\"moved: REASON\"); supervisors only\n"
		"open       open a day closed once again; supervisors only\n"
		"load-holidays  the national holidays of N years (default 3) from this\n"
		"           year (or --from-year); days already there are kept\n"), out);
}

static int parse_date_arg(struct cli *cli, const char *opt, const char *s, int32_t *out)
{
	struct rd_error err;

	if (date_parse_iso(s, out, &err) != RD_OK)
		return cli_fail(cli, RD_USAGE, _("%s: %s"), opt, err.msg);
	return 0;
}

static int cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int32_t from = CALENDAR_TODAY, to = CALENDAR_TODAY;
	enum table_format fmt = TABLE_FMT_TABLE;
	struct calendar_set *set = NULL;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct table *t;
	int c, rc = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if ((rc = parse_date_arg(cli, "--from", optarg, &from)) != 0)
				return rc;
			break;
		case 'T':
			if ((rc = parse_date_arg(cli, "--to", optarg, &to)) != 0)
				return rc;
			break;
		case 'f':
			if (cli_parse_format(cli, optarg, &fmt) != 0)
				return 2;
			break;
		case 'h':
			calendar_usage(stdout);
			return 0;
		case ':':
			return cli_fail(cli, RD_USAGE, _("option '%s' needs a value (see repeatdesk calendar --help)"),
					argv[optind - 1]);
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for calendar show (see repeatdesk calendar --help)"),
					argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_fail(cli, RD_USAGE, _("calendar show takes no argument '%s' (see repeatdesk calendar --help)"),
				argv[optind]);
	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	set = xmalloc(sizeof(*set));
	/* the default range needs today first */
	if (from == CALENDAR_TODAY || to == CALENDAR_TODAY) {
		if (calendar_store_load(db, CALENDAR_TODAY, CALENDAR_TODAY, CALENDAR_TODAY, set, &err) != RD_OK) {
			rc = cli_fail_err(cli, &err);
			goto out;
		}
		if (from == CALENDAR_TODAY)
			from = set->today;
		if (to == CALENDAR_TODAY)
			to = from + 60;
	}
	if (calendar_store_load(db, CALENDAR_TODAY, from, to, set, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	t = table_new();
	table_add_column(t, "date", _("date"), TABLE_DATE);
	table_add_column(t, "weekday", _("weekday"), TABLE_TEXT);
	table_add_column(t, "kind", _("kind"), TABLE_TEXT);
	table_add_column(t, "kind_label", _("closed for"), TABLE_TEXT);
	table_add_column(t, "reason", _("reason"), TABLE_TEXT);
	table_add_column(t, "moves_to", _("deliveries move to"), TABLE_DATE);
	for (int32_t d = from; d <= to; d++) {
		struct calendar_move m;
		char iso[DATE_ISO_SIZE], to_iso[DATE_ISO_SIZE];

		if (calendar_move(&set->cal, d, &m, &err) != RD_OK) {
			table_free(&t);
			rc = cli_fail_err(cli, &err);
			goto out;
		}
		if (m.kind == CALENDAR_OPEN)
			continue;
		table_add_row(t);
		table_set(t, 0, date_format_iso(d, iso));
		table_set(t, 1, date_weekday_name(date_weekday(d)));
		table_set_code(t, 2, calendar_kind_name(m.kind), calendar_kind_label(m.kind));
		table_set(t, 3, calendar_kind_label(m.kind));
		table_set(t, 4, m.reason);
		table_set(t, 5, date_format_iso(m.date, to_iso));
	}
	cli_print(t, fmt, false);
	table_free(&t);
out:
	free(set);
	db_free(&db);
	return rc;
}

/* close and open: DATE --reason TEXT [--request-id UUID] */
static int cmd_change(struct cli *cli, int argc, char **argv, bool close)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "request-id", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *reason = NULL, *request_id = NULL;
	struct rd_db *db = NULL;
	struct rd_error err;
	int32_t day = 0;
	bool already = false;
	enum rd_status st;
	char iso[DATE_LONG_SIZE];
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			reason = optarg;
			break;
		case 'i':
			request_id = optarg;
			break;
		case 'h':
			calendar_usage(stdout);
			return 0;
		case ':':
			return cli_fail(cli, RD_USAGE, _("option '%s' needs a value (see repeatdesk calendar --help)"),
					argv[optind - 1]);
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' (see repeatdesk calendar --help)"),
					argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_fail(cli, RD_USAGE, _("give one date, like calendar %s 2027-01-04 --reason TEXT"),
				close ? "close" : "open");
	if ((rc = parse_date_arg(cli, _("date"), argv[optind], &day)) != 0)
		return rc;
	if (!reason)
		return cli_fail(cli, RD_USAGE, close
				? _("say why the day is closed (--reason TEXT): the screens show it next to each moved delivery")
				: _("say why the day opens again (--reason TEXT)"));
	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	st = close ? calendar_store_close(db, day, reason, request_id, &already, &err)
		   : calendar_store_open(db, day, reason, request_id, &already, &err);
	db_free(&db);
	if (st != RD_OK)
		return cli_fail_err(cli, &err);
	date_format_long(day, iso);
	if (close)
		printf(already ? _("%s was already closed once; nothing changed\n")
			       : _("%s is closed: deliveries due that day move\n"), iso);
	else
		printf(already ? _("%s was not closed; nothing changed\n")
			       : _("%s is open again\n"), iso);
	return 0;
}

static int cmd_load(struct cli *cli, int argc, char **argv)
{
	int years = 3, first = 0, added = 0;
	struct rd_db *db = NULL;
	struct rd_error err;
	enum rd_status st;

	for (int i = 1; i < argc; i++) {
		char *end;
		long v;

		if (cli_is_help(argv[i])) {
			calendar_usage(stdout);
			return 0;
		}
		if ((strcmp(argv[i], "--years") == 0 || strcmp(argv[i], "--from-year") == 0) && i + 1 < argc) {
			v = strtol(argv[i + 1], &end, 10);
			if (*end || !argv[i + 1][0] || v < 1 || v > 9999)
				return cli_fail(cli, RD_USAGE, _("%s needs a number, not '%s'"), argv[i], argv[i + 1]);
			if (strcmp(argv[i], "--years") == 0)
				years = (int)v;
			else
				first = (int)v;
			i++;
			continue;
		}
		return cli_fail(cli, RD_USAGE, _("unknown option '%s' for calendar load-holidays"), argv[i]);
	}
	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	st = calendar_store_load_holidays(db, first, years, false, NULL, NULL, &added, &err);
	db_free(&db);
	if (st != RD_OK)
		return cli_fail_err(cli, &err);
	printf(_("%d national holidays added (%d years)\n"), added, years);
	return 0;
}

int cli_cmd_calendar(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || cli_is_help(sub)) {
		calendar_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (strcmp(sub, "show") == 0)
		return cmd_show(cli, argc - 1, argv + 1);
	if (strcmp(sub, "close") == 0)
		return cmd_change(cli, argc - 1, argv + 1, true);
	if (strcmp(sub, "open") == 0)
		return cmd_change(cli, argc - 1, argv + 1, false);
	if (strcmp(sub, "load-holidays") == 0)
		return cmd_load(cli, argc - 1, argv + 1);
	return cli_fail(cli, RD_USAGE, _("unknown calendar command '%s' (see repeatdesk calendar --help)"), sub);
}
