/* cycle_cmd.c: `repeatdesk cycle describe|dates SPEC`: the schedule engine
 * on the command line, no database needed. Prints exactly what the engine
 * computes for subscriptions. */
#include "repeatdesk/csv.h"
#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CYCLE_COUNT_MAX 1000

static void cycle_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk cycle describe SPEC [--format table|json]\n"
		"       repeatdesk cycle dates SPEC [--from DATE] [--count N] [--first SPEC]\n"
		"                              [--closed DAYS] [--format table|json|csv]\n"
		"\n"
		"SPEC: Nd (every N days), Nw:DOW (every N weeks on a weekday, e.g. 2w:fri),\n"
		"Nm:D (every N months on day D, clamped to the month's end, e.g. 1m:31),\n"
		"Nm:last, Nm:K<DOW> (1m:2tue = 2nd Tuesday), Nm:last<DOW> (1m:lastfri).\n"
		"dates lists the N (default 6) deliveries after DATE (default: today,\n"
		"Asia/Tokyo), one ISO date a line. --first gives a different first\n"
		"interval; --closed moves deliveries off closed weekdays (e.g. sun or\n"
		"sat,sun) to the next open day.\n"), out);
}

/* Today's date in the business time zone (TZ, default Asia/Tokyo). */
static int32_t today(void)
{
	const char *tz = getenv("TZ");
	time_t now = time(NULL);
	struct tm tm;

	if (!tz || !*tz)
		setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	localtime_r(&now, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int parse_closed(struct cli *cli, const char *s, unsigned *mask)
{
	static const char *const names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	char *copy = xstrdup(s), *save = NULL;
	int rc = 0;

	*mask = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int found = -1;

		for (int i = 0; i < 7; i++)
			if (strcasecmp(tok, names[i]) == 0)
				found = i;
		if (found < 0) {
			rc = cli_fail(cli, RD_INVALID,
				_("unknown weekday '%s' in --closed: use mon, tue, wed, thu, fri, sat or sun"), tok);
			break;
		}
		*mask |= 1u << found;
	}
	free(copy);
	return rc;
}

int cli_cmd_cycle(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'n' },
		{ "first", required_argument, NULL, '1' },
		{ "closed", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum table_format fmt = TABLE_FMT_TABLE;
	const char *sub, *spec, *from_s = NULL, *first_s = NULL;
	struct schedule sched;
	struct cycle cyc, first;
	struct rd_error err;
	struct sbuf out, words;
	int32_t from, *dates;
	int count = 6;
	unsigned closed = 0;
	int c, rc = 0;

	if (argc < 2 || cli_is_help(argv[1])) {
		cycle_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	if (strcmp(sub, "describe") != 0 && strcmp(sub, "dates") != 0)
		return cli_fail(cli, RD_USAGE, _("unknown cycle command '%s': use describe or dates"), sub);
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from_s = optarg; break;
		case '1': first_s = optarg; break;
		case 'n':
			if ((rc = cli_number_int(cli, "--count", optarg, 1, CYCLE_COUNT_MAX, &count)) != 0)
				return rc;
			break;
		case 'c':
			if ((rc = parse_closed(cli, optarg, &closed)) != 0)
				return rc;
			break;
		case 'F':
			if (cli_parse_format(cli, optarg, &fmt) != 0)
				return 2;
			break;
		case 'h':
			cycle_usage(stdout);
			return 0;
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for cycle %s"),
					argv[optind - 1], sub);
		}
	}
	if (optind != argc - 1)
		return cli_fail(cli, RD_USAGE, _("cycle %s needs exactly one SPEC (see repeatdesk cycle --help)"), sub);
	spec = argv[optind];
	if (cycle_parse(spec, &cyc, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	schedule_init(&sched, &cyc);
	if (first_s) {
		if (cycle_parse(first_s, &first, &err) != RD_OK)
			return cli_fail_err(cli, &err);
		sched.has_first = true;
		sched.first = first;
	}
	sched.closed_wdays = closed;
	if (schedule_check(&sched, &err) != RD_OK)
		return cli_fail_err(cli, &err);

	sbuf_init(&words);
	cycle_describe(&cyc, &words);
	if (first_s) {
		struct sbuf fw;

		sbuf_init(&fw);
		cycle_describe(&first, &fw);
		sbuf_printf(&words, _(" (first interval: %s)"), fw.buf);
		sbuf_done(&fw);
	}
	sbuf_init(&out);
	if (strcmp(sub, "describe") == 0) {
		char canon[CYCLE_SPEC_SIZE];

		cycle_format(&cyc, canon);
		if (fmt == TABLE_FMT_JSON) {
			sbuf_adds(&out, "{\"cycle\":");
			json_write_str(&out, canon);
			sbuf_adds(&out, ",\"description\":");
			json_write_str(&out, words.buf);
			sbuf_adds(&out, "}\n");
		} else if (fmt == TABLE_FMT_CSV) {
			sbuf_adds(&out, "cycle,description\n");
			sbuf_printf(&out, "%s,", canon);
			csv_write_str(&out, words.buf);
			sbuf_addc(&out, '\n');
		} else {
			sbuf_printf(&out, "%s\n", words.buf);
		}
		goto print;
	}

	if (from_s) {
		if (date_parse_iso(from_s, &from, &err) != RD_OK) {
			rc = cli_fail_err(cli, &err);
			goto out;
		}
	} else {
		from = today();
	}
	dates = xcalloc((size_t)count, sizeof(*dates));
	/* from is a date, not a delivery: the first interval (if any) applies
	 * to the step after the first listed delivery */
	if (schedule_dates_after(&sched, from, 0, (size_t)count, NULL, dates, &err) != RD_OK) {
		free(dates);
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if (fmt == TABLE_FMT_JSON) {
		char iso[DATE_ISO_SIZE], canon[CYCLE_SPEC_SIZE];

		sbuf_adds(&out, "{\"cycle\":");
		json_write_str(&out, cycle_format(&cyc, canon));
		sbuf_adds(&out, ",\"description\":");
		json_write_str(&out, words.buf);
		sbuf_printf(&out, ",\"from\":\"%s\",\"dates\":[", date_format_iso(from, iso));
		for (long i = 0; i < count; i++)
			sbuf_printf(&out, "%s\"%s\"", i ? "," : "", date_format_iso(dates[i], iso));
		sbuf_adds(&out, "]}\n");
	} else {
		if (fmt == TABLE_FMT_CSV)
			sbuf_adds(&out, "date\n");
		for (long i = 0; i < count; i++) {
			char iso[DATE_ISO_SIZE];

			sbuf_printf(&out, "%s\n", date_format_iso(dates[i], iso));
		}
	}
	free(dates);
print:
	fwrite(out.buf, 1, out.len, stdout);
out:
	sbuf_done(&out);
	sbuf_done(&words);
	return rc;
}
