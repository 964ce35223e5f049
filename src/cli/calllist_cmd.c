/* calllist_cmd.c: `repeatdesk calllist create|list|show|close|outcome`.
 *
 * The same store functions as the lookup's "make a call list" key, the
 * dashboard and the inquiry screen's outcome key (store/calllist.h); the
 * database decides who may make a list or record an outcome. */
#include "repeatdesk/calllist.h"
#include "repeatdesk/customer.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/sbuf.h"
#include "cli_internal.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void calllist_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk calllist create --name NAME --team TEAM\n"
		"              (--filter SAVED | --query JSON | --preset P) [--category C]\n"
		"              [--source TEXT] [--reason TEXT] [--request-id UUID] [--format F]\n"
		"       repeatdesk calllist list [--all] [--format F]\n"
		"       repeatdesk calllist show ID [--format F]\n"
		"       repeatdesk calllist close ID [--version V] [--reason TEXT]\n"
		"       repeatdesk calllist outcome INQUIRY --outcome O [--retry-at 'YYYY-MM-DD HH:MM']\n"
		"              [--note TEXT] [--version V] [--reason TEXT] [--request-id UUID]\n"
		"\n"
		"create (supervisors) makes one open outbound-call inquiry per customer in\n"
		"the team's queue, its subject the list's name. The customers: your saved\n"
		"filter of the lookup, a customer search as json (as a segment gives it),\n"
		"or a preset: skipped-twice (active subscriptions at delivery 2 or earlier\n"
		"that skipped two deliveries), callbacks-due (open inquiries whose callback\n"
		"time has come). There is no record of failed card payments yet, so no\n"
		"list can be made of them. Customers who asked not to be called are left\n"
		"out and counted; a customer found twice is called once; 5,000 customers\n"
		"at most. Outcomes (O): reached, no-answer, kept, cancelled, wrong-number;\n"
		"no-answer needs --retry-at and keeps the inquiry open with that callback,\n"
		"the others resolve it. F is table, json or csv.\n"), out);
}

enum {
	OPT_NAME = 256, OPT_TEAM, OPT_FILTER, OPT_QUERY, OPT_PRESET, OPT_CATEGORY,
	OPT_SOURCE, OPT_REASON, OPT_REQUEST, OPT_FORMAT, OPT_ALL, OPT_VERSION,
	OPT_OUTCOME, OPT_RETRY, OPT_NOTE, OPT_LAST = OPT_NOTE
};

static const struct option calllist_opts[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "team", required_argument, NULL, OPT_TEAM },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ "query", required_argument, NULL, OPT_QUERY },
	{ "preset", required_argument, NULL, OPT_PRESET },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "request-id", required_argument, NULL, OPT_REQUEST },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "version", required_argument, NULL, OPT_VERSION },
	{ "outcome", required_argument, NULL, OPT_OUTCOME },
	{ "retry-at", required_argument, NULL, OPT_RETRY },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct calllist_args {
	const char *val[OPT_LAST + 1];
	bool seen[OPT_LAST + 1];
	enum table_format fmt;
	const char *arg;
	int version;
};

/* Parses the options of `calllist cmd`; allowed: OPT_* list ended by 0.
 * Returns 0, -1 after --help, or an exit code. */
static int parse_args(struct cli *cli, const char *cmd, int argc, char **argv,
		      const int *allowed, struct calllist_args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	a->fmt = TABLE_FMT_TABLE;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", calllist_opts, NULL)) != -1) {
		bool ok = false;

		if (c == 'h') {
			calllist_usage(stdout);
			return -1;
		}
		if (c < OPT_NAME || c > OPT_LAST) {
			if (optopt >= OPT_NAME && optopt <= OPT_LAST)
				return cli_fail(cli, RD_USAGE, _("--%s needs a value (see repeatdesk calllist --help)"),
						calllist_opts[optopt - OPT_NAME].name);
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for calllist %s (see repeatdesk calllist --help)"),
					argv[optind - 1], cmd);
		}
		for (const int *p = allowed; *p; p++)
			ok = ok || *p == c;
		if (!ok)
			return cli_fail(cli, RD_USAGE, _("calllist %s does not take --%s"), cmd,
					calllist_opts[c - OPT_NAME].name);
		a->seen[c] = true;
		a->val[c] = optarg;
		if (c == OPT_FORMAT && cli_parse_format(cli, optarg, &a->fmt) != 0)
			return 2;
	}
	if (optind < argc)
		a->arg = argv[optind++];
	if (optind < argc)
		return cli_fail(cli, RD_USAGE, _("calllist %s takes one argument; '%s' is one too many"),
				cmd, argv[optind]);
	if (a->val[OPT_VERSION])
		return cli_number_int(cli, "--version", a->val[OPT_VERSION], 1, 1000000000,
				      &a->version);
	return 0;
}

static int connect_agent(struct cli *cli, struct rd_db **db)
{
	struct rd_error err;

	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	return 0;
}

static int parse_id(struct cli *cli, const char *what, const char *s, long long *id)
{
	if (!s)
		return cli_fail(cli, RD_USAGE, _("%s is required"), what);
	return cli_number(cli, what, s, 1, LLONG_MAX, id);
}

/* ---- output --------------------------------------------------------------- */

static void progress_columns(struct table *t)
{
	table_add_column(t, "id", C_("call list", "list"), TABLE_INT);
	table_add_column(t, "name", _("List name"), TABLE_TEXT);
	table_add_column(t, "team", _("team"), TABLE_TEXT);
	table_add_column(t, "status", _("status"), TABLE_TEXT);
	table_add_column(t, "total", _("customers to call"), TABLE_INT);
	table_add_column(t, "left_out_no_call", _("left out (no calls)"), TABLE_INT);
	table_add_column(t, "not_called", _("not called yet"), TABLE_INT);
	table_add_column(t, "waiting_retry", _("to call again"), TABLE_INT);
	table_add_column(t, "retry_due", _("to call again now"), TABLE_INT);
	table_add_column(t, "reached", C_("call outcome", "reached"), TABLE_INT);
	table_add_column(t, "kept", C_("call outcome", "kept"), TABLE_INT);
	table_add_column(t, "cancelled", C_("call outcome", "cancelled"), TABLE_INT);
	table_add_column(t, "wrong_number", C_("call outcome", "wrong number"), TABLE_INT);
	table_add_column(t, "closed_other", _("closed otherwise"), TABLE_INT);
	table_add_column(t, "done", _("done"), TABLE_INT);
	table_add_column(t, "calls", _("calls made"), TABLE_INT);
	table_add_column(t, "source", _("made from"), TABLE_TEXT);
	table_add_column(t, "category", _("category"), TABLE_TEXT);
	table_add_column(t, "created_by", _("made by"), TABLE_TEXT);
	table_add_column(t, "created_at", _("made"), TABLE_DATE);
	table_add_column(t, "version", _("version"), TABLE_INT);
}

static void progress_row(struct table *t, const struct calllist_progress *p)
{
	table_add_row(t);
	table_setf(t, 0, "%lld", p->id);
	table_set(t, 1, p->name);
	table_set(t, 2, p->team);
	table_set_code(t, 3, p->status, strcmp(p->status, "open") == 0
			   ? C_("call list status", "open") : C_("call list status", "closed"));
	table_setf(t, 4, "%lld", p->total);
	table_setf(t, 5, "%lld", p->left_out_no_call);
	table_setf(t, 6, "%lld", p->not_called);
	table_setf(t, 7, "%lld", p->waiting_retry);
	table_setf(t, 8, "%lld", p->retry_due);
	table_setf(t, 9, "%lld", p->done[CALL_REACHED]);
	table_setf(t, 10, "%lld", p->done[CALL_KEPT]);
	table_setf(t, 11, "%lld", p->done[CALL_CANCELLED]);
	table_setf(t, 12, "%lld", p->done[CALL_WRONG_NUMBER]);
	table_setf(t, 13, "%lld", p->closed_other);
	table_setf(t, 14, "%lld", calllist_progress_done(p));
	table_setf(t, 15, "%lld", p->calls);
	table_set(t, 16, p->source);
	table_set_code(t, 17, p->category,
		       history_enum_words("inquiries", "category", p->category));
	table_set(t, 18, p->created_by);
	table_set(t, 19, p->created_at);
	table_setf(t, 20, "%d", p->version);
}

static int show_list(struct cli *cli, struct rd_db *db, long long id, enum table_format fmt)
{
	struct calllist_progress p;
	struct rd_error err;
	struct table *t;

	if (calllist_get(db, id, &p, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	t = table_new();
	progress_columns(t);
	progress_row(t, &p);
	cli_print(t, fmt, true);
	table_free(&t);
	return 0;
}

/* ---- subcommands ------------------------------------------------------------ */

static int cmd_create(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_NAME, OPT_TEAM, OPT_FILTER, OPT_QUERY, OPT_PRESET,
		OPT_CATEGORY, OPT_SOURCE, OPT_REASON, OPT_REQUEST, OPT_FORMAT, 0 };
	struct calllist_args a;
	struct calllist_ids ids = { 0 };
	struct calllist_new r;
	struct customer_query q;
	enum calllist_preset preset = CALLLIST_PRESET_SKIPPED_TWICE;
	char source[CALLLIST_SOURCE_SIZE];
	struct rd_error err;
	struct rd_db *db = NULL;
	long long id = 0;
	int rc, from = 0;

	if ((rc = parse_args(cli, "create", argc, argv, allowed, &a)) != 0)
		return rc < 0 ? 0 : rc;
	if (a.arg)
		return cli_fail(cli, RD_USAGE, _("calllist create takes no argument; '%s' is one too many"), a.arg);
	if (!a.val[OPT_NAME] || !a.val[OPT_TEAM])
		return cli_fail(cli, RD_USAGE, _("calllist create needs --name and --team"));
	from = a.seen[OPT_FILTER] + a.seen[OPT_QUERY] + a.seen[OPT_PRESET];
	if (from != 1)
		return cli_fail(cli, RD_USAGE, _("calllist create needs one of --filter, --query or --preset"));
	if (a.seen[OPT_PRESET] && !calllist_preset_parse(a.val[OPT_PRESET], &preset))
		return cli_fail(cli, RD_INVALID, _("--preset: skipped-twice or callbacks-due"));
	if (a.seen[OPT_QUERY] &&
	    customer_query_from_json(a.val[OPT_QUERY], strlen(a.val[OPT_QUERY]), &q, &err) != RD_OK)
		return cli_fail(cli, RD_INVALID, "--query: %s", err.msg);
	if ((rc = connect_agent(cli, &db)) != 0)
		return rc;
	if (a.seen[OPT_FILTER])
		rc = calllist_collect_filter(db, a.val[OPT_FILTER], &ids, &err) != RD_OK;
	else if (a.seen[OPT_QUERY])
		rc = calllist_collect_query(db, &q, &ids, &err) != RD_OK;
	else
		rc = calllist_collect_preset(db, preset, &ids, &err) != RD_OK;
	if (rc)
		goto fail;
	if (a.val[OPT_SOURCE])
		snprintf(source, sizeof(source), "%s", a.val[OPT_SOURCE]);
	else
		calllist_source(db, a.seen[OPT_FILTER] ? CALLLIST_FROM_FILTER
				    : a.seen[OPT_QUERY] ? CALLLIST_FROM_QUERY : CALLLIST_FROM_PRESET,
				a.val[OPT_FILTER] ? a.val[OPT_FILTER]
				    : a.val[OPT_QUERY] ? a.val[OPT_QUERY] : a.val[OPT_PRESET],
				source, sizeof(source), &err);
	memset(&r, 0, sizeof(r));
	r.name = a.val[OPT_NAME];
	r.team = a.val[OPT_TEAM];
	r.source = source;
	r.category = a.val[OPT_CATEGORY];
	r.customers = &ids;
	r.reason = a.val[OPT_REASON];
	r.request_id = a.val[OPT_REQUEST];
	if (calllist_create(db, &r, &id, &err) != RD_OK)
		goto fail;
	calllist_ids_done(&ids);
	rc = show_list(cli, db, id, a.fmt);
	db_free(&db);
	return rc;
fail:
	calllist_ids_done(&ids);
	rc = cli_fail_err(cli, &err);
	db_free(&db);
	return rc;
}

static int cmd_list(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_ALL, OPT_FORMAT, 0 };
	struct calllist_args a;
	struct calllist_progress *rows;
	struct rd_error err;
	struct rd_db *db = NULL;
	struct table *t;
	size_t n = 0;
	int rc;

	if ((rc = parse_args(cli, "list", argc, argv, allowed, &a)) != 0)
		return rc < 0 ? 0 : rc;
	if (a.arg)
		return cli_fail(cli, RD_USAGE, _("calllist list takes no argument; '%s' is one too many"), a.arg);
	if ((rc = connect_agent(cli, &db)) != 0)
		return rc;
	rows = calloc(200, sizeof(*rows));
	if (!rows || calllist_list(db, a.seen[OPT_ALL], rows, 200, &n, &err) != RD_OK) {
		rc = rows ? cli_fail_err(cli, &err) : cli_fail(cli, RD_INTERNAL, "out of memory");
		free(rows);
		db_free(&db);
		return rc;
	}
	t = table_new();
	progress_columns(t);
	for (size_t i = 0; i < n; i++)
		progress_row(t, &rows[i]);
	cli_print(t, a.fmt, false);
	table_free(&t);
	free(rows);
	db_free(&db);
	return 0;
}

static int cmd_show(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_FORMAT, 0 };
	struct calllist_args a;
	struct rd_db *db = NULL;
	long long id;
	int rc;

	if ((rc = parse_args(cli, "show", argc, argv, allowed, &a)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = parse_id(cli, _("a call list number"), a.arg, &id)) != 0 ||
	    (rc = connect_agent(cli, &db)) != 0)
		return rc;
	rc = show_list(cli, db, id, a.fmt);
	db_free(&db);
	return rc;
}

static int cmd_close(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_VERSION, OPT_REASON, OPT_FORMAT, 0 };
	struct calllist_args a;
	struct rd_error err;
	struct rd_db *db = NULL;
	long long id;
	int rc;

	if ((rc = parse_args(cli, "close", argc, argv, allowed, &a)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = parse_id(cli, _("a call list number"), a.arg, &id)) != 0 ||
	    (rc = connect_agent(cli, &db)) != 0)
		return rc;
	if (calllist_close(db, id, a.version, a.val[OPT_REASON], &err) != RD_OK)
		rc = cli_fail_err(cli, &err);
	else
		rc = show_list(cli, db, id, a.fmt);
	db_free(&db);
	return rc;
}

static int cmd_outcome(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_OUTCOME, OPT_RETRY, OPT_NOTE, OPT_VERSION,
				       OPT_REASON, OPT_REQUEST, OPT_FORMAT, 0 };
	struct calllist_args a;
	struct calllist_outcome_req r;
	struct rd_error err;
	struct rd_db *db = NULL;
	struct table *t;
	int rc, v = 0;

	if ((rc = parse_args(cli, "outcome", argc, argv, allowed, &a)) != 0)
		return rc < 0 ? 0 : rc;
	memset(&r, 0, sizeof(r));
	if ((rc = parse_id(cli, _("an inquiry number"), a.arg, &r.inquiry_id)) != 0)
		return rc;
	if (!a.val[OPT_OUTCOME])
		return cli_fail(cli, RD_USAGE, _("calllist outcome needs --outcome"));
	if (!calllist_outcome_parse(a.val[OPT_OUTCOME], &r.outcome))
		return cli_fail(cli, RD_INVALID,
				_("--outcome: reached, no-answer, kept, cancelled or wrong-number"));
	r.version = a.version;
	r.retry_at = a.val[OPT_RETRY];
	r.note = a.val[OPT_NOTE];
	r.reason = a.val[OPT_REASON];
	r.request_id = a.val[OPT_REQUEST];
	/* what the store refuses without a database: said before connecting */
	if ((r.outcome == CALL_NO_ANSWER) != (r.retry_at != NULL) ||
	    (r.retry_at && !calllist_time_valid(r.retry_at))) {
		calllist_record_outcome(NULL, &r, NULL, &err);
		return cli_fail_err(cli, &err);
	}
	if ((rc = connect_agent(cli, &db)) != 0)
		return rc;
	if (calllist_record_outcome(db, &r, &v, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		db_free(&db);
		return rc;
	}
	t = table_new();
	table_add_column(t, "inquiry", _("inquiry"), TABLE_INT);
	table_add_column(t, "outcome", _("outcome"), TABLE_TEXT);
	table_add_column(t, "retry_at", _("call again at"), TABLE_DATE);
	table_add_column(t, "version", _("version"), TABLE_INT);
	table_add_row(t);
	table_setf(t, 0, "%lld", r.inquiry_id);
	table_set_code(t, 1, calllist_outcome_code(r.outcome), calllist_outcome_label(r.outcome));
	table_set(t, 2, r.retry_at);
	table_setf(t, 3, "%d", v);
	cli_print(t, a.fmt, true);
	table_free(&t);
	db_free(&db);
	return 0;
}

int cli_cmd_calllist(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *, int, char **);
	} subs[] = {
		{ "create", cmd_create }, { "list", cmd_list }, { "show", cmd_show },
		{ "close", cmd_close }, { "outcome", cmd_outcome },
	};

	if (argc < 2 || cli_is_help(argv[1])) {
		calllist_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0) {
			return subs[i].fn(cli, argc - 1, argv + 1);
		}
	return cli_fail(cli, RD_USAGE, _("unknown calllist command '%s' (see repeatdesk calllist --help)"),
			argv[1]);
}
