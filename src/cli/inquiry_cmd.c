/* inquiry_cmd.c: `repeatdesk inquiry open|show|list|note|take|handoff|
 * escalate|wait|resolve|reopen|close|wrapup|dashboard`.
 *
 * The same store functions as the inquiry screens (store/inquiry.h); the
 * database decides what is allowed and says why when it is not. */
#include "repeatdesk/date.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/inquiry.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void inquiry_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk inquiry open --category C --subject TEXT [--customer CODE]\n"
		"              [--order NO] [--subscription ID] [--channel CH] [--priority P]\n"
		"              [--note TEXT] [--callback 'YYYY-MM-DD HH:MM'] [--to LOGIN | --unassigned]\n"
		"              [--team NAME] [--reason TEXT] [--request-id UUID] [--format F]\n"
		"       repeatdesk inquiry show ID [--format F]\n"
		"       repeatdesk inquiry list [--queue Q] [--sort S] [--customer CODE]\n"
		"              [--limit N] [--after ID] [--format F]\n"
		"       repeatdesk inquiry note ID --note TEXT [--call] [--reason TEXT] [--request-id UUID]\n"
		"       repeatdesk inquiry take|escalate|wait|resolve|reopen|close ID [--note TEXT]\n"
		"              [--version V] [--reason TEXT] [--request-id UUID] [--format F]\n"
		"       repeatdesk inquiry handoff ID (--to LOGIN | --team NAME) --note TEXT\n"
		"              [--version V] [--reason TEXT] [--request-id UUID] [--format F]\n"
		"       repeatdesk inquiry wrapup ID [--category C] [--note TEXT] [--resolved]\n"
		"              [--since TIME] [--version V] [--reason TEXT] [--request-id UUID]\n"
		"       repeatdesk inquiry dashboard [--format F]\n"
		"\n"
		"Queues (Q): open (default), mine, team, unassigned, escalated, callbacks\n"
		"(due today), overdue, waiting (on the customer), all. Sort (S): age\n"
		"(oldest first, default), newest, priority. --after ID pages on from that\n"
		"inquiry. Channels: inbound_call (default), outbound_call, email, letter.\n"
		"Categories: order, skip, pause, cycle_change, cancel, address_change,\n"
		"payment_change, complaint, question, other. Priorities: low, normal,\n"
		"high, urgent. open holds the inquiry yourself unless --to or --unassigned.\n"
		"wrapup links every change you made about the customer since --since.\n"
		"dashboard is for supervisors. F is table, json or csv.\n"), out);
}

enum {
	OPT_CATEGORY = 256, OPT_SUBJECT, OPT_CUSTOMER, OPT_ORDER, OPT_SUBSCRIPTION,
	OPT_CHANNEL, OPT_PRIORITY, OPT_NOTE, OPT_CALLBACK, OPT_TO, OPT_UNASSIGNED,
	OPT_TEAM, OPT_REASON, OPT_REQUEST, OPT_FORMAT, OPT_QUEUE, OPT_SORT, OPT_LIMIT,
	OPT_AFTER, OPT_CALL, OPT_VERSION, OPT_RESOLVED, OPT_SINCE, OPT_LAST = OPT_SINCE
};

static const struct option inquiry_opts[] = {
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "subject", required_argument, NULL, OPT_SUBJECT },
	{ "customer", required_argument, NULL, OPT_CUSTOMER },
	{ "order", required_argument, NULL, OPT_ORDER },
	{ "subscription", required_argument, NULL, OPT_SUBSCRIPTION },
	{ "channel", required_argument, NULL, OPT_CHANNEL },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "callback", required_argument, NULL, OPT_CALLBACK },
	{ "to", required_argument, NULL, OPT_TO },
	{ "unassigned", no_argument, NULL, OPT_UNASSIGNED },
	{ "team", required_argument, NULL, OPT_TEAM },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "request-id", required_argument, NULL, OPT_REQUEST },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "queue", required_argument, NULL, OPT_QUEUE },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "after", required_argument, NULL, OPT_AFTER },
	{ "call", no_argument, NULL, OPT_CALL },
	{ "version", required_argument, NULL, OPT_VERSION },
	{ "resolved", no_argument, NULL, OPT_RESOLVED },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct inquiry_args {
	const char *val[OPT_LAST + 1];
	bool seen[OPT_LAST + 1];
	enum table_format fmt;
	const char *arg;
	long long id;
	int version;
};

static int parse_args(struct cli *cli, const char *cmd, int argc, char **argv,
		      struct inquiry_args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	a->fmt = TABLE_FMT_TABLE;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", inquiry_opts, NULL)) != -1) {
		if (c == 'h') {
			inquiry_usage(stdout);
			return -1;
		}
		if (c < OPT_CATEGORY || c > OPT_LAST) {
			if (optopt >= OPT_CATEGORY && optopt <= OPT_LAST)
				return cli_fail(cli, RD_USAGE, _("--%s needs a value (see repeatdesk inquiry --help)"),
						inquiry_opts[optopt - OPT_CATEGORY].name);
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for inquiry %s (see repeatdesk inquiry --help)"),
					argv[optind - 1], cmd);
		}
		a->seen[c] = true;
		a->val[c] = optarg;
		if (c == OPT_FORMAT && cli_parse_format(cli, optarg, &a->fmt) != 0)
			return 2;
	}
	if (optind < argc)
		a->arg = argv[optind++];
	if (optind < argc)
		return cli_fail(cli, RD_USAGE, _("inquiry %s takes one argument; '%s' is one too many"),
				cmd, argv[optind]);
	if (a->val[OPT_VERSION])
		return cli_number_int(cli, "--version", a->val[OPT_VERSION], 1, 1000000000,
				      &a->version);
	return 0;
}

/* Refuses options that cmd does not take. allowed: OPT_* list ended by 0. */
static int only(struct cli *cli, const char *cmd, const struct inquiry_args *a,
		const int *allowed)
{
	for (int o = OPT_CATEGORY; o <= OPT_LAST; o++) {
		bool ok = false;

		if (!a->seen[o])
			continue;
		for (const int *p = allowed; *p; p++)
			ok = ok || *p == o;
		if (!ok)
			return cli_fail(cli, RD_USAGE, _("inquiry %s does not take --%s"), cmd,
					inquiry_opts[o - OPT_CATEGORY].name);
	}
	return 0;
}

static int parse_id(struct cli *cli, const char *cmd, const char *s, long long *id)
{
	if (!s)
		return cli_fail(cli, RD_USAGE, _("inquiry %s needs an inquiry number"), cmd);
	return cli_number(cli, _("an inquiry number"), s, 1, LLONG_MAX, id);
}

static int connect_agent(struct cli *cli, struct rd_db **db)
{
	struct rd_error err;

	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	return 0;
}

/* ---- output ------------------------------------------------------------- */

static void inquiry_columns(struct table *t)
{
	table_add_column(t, "id", _("inquiry"), TABLE_INT);
	table_add_column(t, "version", _("version"), TABLE_INT);
	table_add_column(t, "status", _("status"), TABLE_TEXT);
	table_add_column(t, "priority", _("priority"), TABLE_TEXT);
	table_add_column(t, "category", _("category"), TABLE_TEXT);
	table_add_column(t, "channel", _("channel"), TABLE_TEXT);
	table_add_column(t, "customer", _("customer"), TABLE_TEXT);
	table_add_column(t, "customer_name", _("name"), TABLE_TEXT);
	table_add_column(t, "order", _("order"), TABLE_TEXT);
	table_add_column(t, "subscription_id", _("subscription"), TABLE_INT);
	table_add_column(t, "assignee", _("held by"), TABLE_TEXT);
	table_add_column(t, "team", _("team"), TABLE_TEXT);
	table_add_column(t, "subject", _("subject"), TABLE_TEXT);
	table_add_column(t, "opened_by", _("opened by"), TABLE_TEXT);
	table_add_column(t, "created_at", _("opened"), TABLE_DATE);
	table_add_column(t, "callback_at", _("callback"), TABLE_DATE);
	table_add_column(t, "due_at", _("due"), TABLE_DATE);
	table_add_column(t, "cutoff_at", _("cut-off"), TABLE_DATE);
	table_add_column(t, "overdue", _("overdue"), TABLE_BOOL);
	table_add_column(t, "callback_after_cutoff", _("callback after cut-off"), TABLE_BOOL);
}

static void nz(struct table *t, int col, const char *s)
{
	table_set(t, col, s && *s ? s : NULL);
}

static void inquiry_row(struct table *t, const struct inquiry *q)
{
	table_add_row(t);
	table_setf(t, 0, "%lld", q->id);
	table_setf(t, 1, "%d", q->version);
	table_set_code(t, 2, q->status, history_enum_words("inquiries", "status", q->status));
	table_set_code(t, 3, q->priority,
		       history_enum_words("inquiries", "priority", q->priority));
	table_set_code(t, 4, q->category,
		       history_enum_words("inquiries", "category", q->category));
	table_set_code(t, 5, q->channel,
		       history_enum_words("inquiries", "channel", q->channel));
	nz(t, 6, q->customer_code);
	nz(t, 7, q->customer_name);
	nz(t, 8, q->order_no);
	if (q->subscription_id)
		table_setf(t, 9, "%lld", q->subscription_id);
	nz(t, 10, q->assignee_login);
	nz(t, 11, q->team_name);
	table_set(t, 12, q->subject);
	table_set(t, 13, q->opened_by);
	table_set(t, 14, q->created_at);
	nz(t, 15, q->callback_at);
	nz(t, 16, q->due_at);
	nz(t, 17, q->cutoff_at);
	table_set(t, 18, q->overdue ? "true" : "false");
	table_set(t, 19, q->callback_after_cutoff ? "true" : "false");
}

static struct table *timeline_table(const struct inquiry_detail *d)
{
	struct table *t = table_new();

	table_add_column(t, "at", _("when"), TABLE_DATE);
	table_add_column(t, "author", _("who"), TABLE_TEXT);
	table_add_column(t, "kind", C_("inquiry timeline", "what"), TABLE_TEXT);
	table_add_column(t, "from", C_("inquiry timeline", "from"), TABLE_TEXT);
	table_add_column(t, "to", C_("inquiry timeline", "to"), TABLE_TEXT);
	table_add_column(t, "body", _("note"), TABLE_TEXT);
	table_add_column(t, "history_id", _("change"), TABLE_INT);
	for (size_t i = 0; i < d->nentries; i++) {
		const struct inquiry_entry *e = &d->entries[i];

		table_add_row(t);
		table_set(t, 0, e->at);
		table_set(t, 1, e->author);
		table_set_code(t, 2, e->kind,
			       history_enum_words("inquiry_entries", "kind", e->kind));
		if (strcmp(e->kind, "handoff") == 0) {
			nz(t, 3, e->from_agent);
			nz(t, 4, e->to_agent[0] ? e->to_agent : e->to_team);
		} else {
			nz(t, 3, e->from_status);
			nz(t, 4, e->to_status);
			if (e->from_status[0])
				table_set_words(t, 3, history_enum_words("inquiries", "status",
									 e->from_status));
			if (e->to_status[0])
				table_set_words(t, 4, history_enum_words("inquiries", "status",
									 e->to_status));
		}
		nz(t, 5, e->body);
		if (e->history_id)
			table_setf(t, 6, "%lld", e->history_id);
	}
	return t;
}

static void print_detail(const struct inquiry_detail *d, enum table_format fmt, bool timeline)
{
	struct table *t = table_new();
	struct table *tl = timeline ? timeline_table(d) : NULL;
	struct sbuf sb;

	inquiry_columns(t);
	if (tl && fmt == TABLE_FMT_JSON)
		table_add_column(t, "timeline", _("timeline"), TABLE_JSON);
	inquiry_row(t, &d->q);
	sbuf_init(&sb);
	if (tl && fmt == TABLE_FMT_JSON) {
		table_render(tl, TABLE_FMT_JSON, &sb);
		while (sb.len && (sb.buf[sb.len - 1] == '\n'))
			sb.buf[--sb.len] = '\0';
		table_set(t, 20, sb.buf);
		sbuf_reset(&sb);
	}
	table_render_record(t, fmt, &sb);
	if (tl && fmt != TABLE_FMT_JSON) {
		sbuf_adds(&sb, "\n");
		table_render(tl, fmt, &sb);
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	sbuf_done(&sb);
	table_free(&t);
	if (tl)
		table_free(&tl);
}

/* Shows the inquiry after a change (the timeline only on `show`). */
static int show_after(struct cli *cli, struct rd_db *db, long long id, enum table_format fmt,
		      bool timeline)
{
	struct inquiry_detail d;
	struct rd_error err;

	if (inquiry_get(db, id, &d, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	print_detail(&d, fmt, timeline);
	inquiry_detail_done(&d);
	return 0;
}

/* ---- subcommands -------------------------------------------------------- */

static int cmd_open(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_CATEGORY, OPT_SUBJECT, OPT_CUSTOMER, OPT_ORDER,
		OPT_SUBSCRIPTION, OPT_CHANNEL, OPT_PRIORITY, OPT_NOTE, OPT_CALLBACK, OPT_TO,
		OPT_UNASSIGNED, OPT_TEAM, OPT_REASON, OPT_REQUEST, OPT_FORMAT, 0 };
	struct inquiry_args a;
	struct inquiry_open_req r;
	struct rd_error err;
	struct rd_db *db = NULL;
	long long id = 0, sub = 0;
	int rc;

	if ((rc = parse_args(cli, "open", argc, argv, &a)) != 0 ||
	    (rc = only(cli, "open", &a, allowed)) != 0)
		return rc < 0 ? 0 : rc;
	if (a.arg)
		return cli_fail(cli, RD_USAGE, _("inquiry open takes no argument; '%s' is one too many"), a.arg);
	if (!a.val[OPT_CATEGORY] || !a.val[OPT_SUBJECT])
		return cli_fail(cli, RD_USAGE, _("inquiry open needs --category and --subject"));
	if (a.seen[OPT_TO] && a.seen[OPT_UNASSIGNED])
		return cli_fail(cli, RD_USAGE, _("inquiry open takes --to or --unassigned, not both"));
	if (a.val[OPT_ORDER] && !a.val[OPT_CUSTOMER])
		return cli_fail(cli, RD_USAGE, _("--order needs --customer"));
	if (a.val[OPT_SUBSCRIPTION] &&
	    (rc = cli_number(cli, "--subscription", a.val[OPT_SUBSCRIPTION], 1, LLONG_MAX, &sub)) != 0)
		return rc;
	memset(&r, 0, sizeof(r));
	r.subscription_id = sub;
	r.channel = a.val[OPT_CHANNEL];
	r.category = a.val[OPT_CATEGORY];
	r.priority = a.val[OPT_PRIORITY];
	r.subject = a.val[OPT_SUBJECT];
	r.note = a.val[OPT_NOTE];
	r.callback_at = a.val[OPT_CALLBACK];
	r.assignee = a.val[OPT_TO];
	r.assign_self = !a.seen[OPT_TO] && !a.seen[OPT_UNASSIGNED];
	r.team = a.val[OPT_TEAM];
	r.reason = a.val[OPT_REASON];
	r.request_id = a.val[OPT_REQUEST];
	if ((rc = connect_agent(cli, &db)) != 0)
		return rc;
	if (inquiry_find_refs(db, a.val[OPT_CUSTOMER], a.val[OPT_ORDER], &r.customer_id,
			      &r.order_id, &err) != RD_OK ||
	    inquiry_open(db, &r, &id, &err) != RD_OK)
		rc = cli_fail_err(cli, &err);
	else
		rc = show_after(cli, db, id, a.fmt, false);
	db_free(&db);
	return rc;
}

static int cmd_show(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_FORMAT, 0 };
	struct inquiry_args a;
	struct rd_db *db = NULL;
	long long id;
	int rc;

	if ((rc = parse_args(cli, "show", argc, argv, &a)) != 0 ||
	    (rc = only(cli, "show", &a, allowed)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = parse_id(cli, "show", a.arg, &id)) != 0 || (rc = connect_agent(cli, &db)) != 0)
		return rc;
	rc = show_after(cli, db, id, a.fmt, true);
	db_free(&db);
	return rc;
}

static int cmd_list(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_QUEUE, OPT_SORT, OPT_CUSTOMER, OPT_LIMIT, OPT_AFTER,
				       OPT_FORMAT, 0 };
	struct inquiry_args a;
	struct inquiry_query q;
	struct inquiry_detail after;
	struct inquiry *rows = NULL;
	struct rd_error err;
	struct rd_db *db = NULL;
	struct table *t;
	long long after_id = 0;
	size_t n = 0;
	int rc;

	if ((rc = parse_args(cli, "list", argc, argv, &a)) != 0 ||
	    (rc = only(cli, "list", &a, allowed)) != 0)
		return rc < 0 ? 0 : rc;
	if (a.arg)
		return cli_fail(cli, RD_USAGE, _("inquiry list takes no argument; '%s' is one too many"), a.arg);
	memset(&q, 0, sizeof(q));
	memset(&after, 0, sizeof(after));
	q.queue = INQ_Q_OPEN;
	q.sort = INQ_SORT_AGE;
	q.limit = 50;
	if (a.val[OPT_QUEUE] && !inquiry_queue_parse(a.val[OPT_QUEUE], &q.queue))
		return cli_fail(cli, RD_INVALID, _("--queue: open, mine, team, unassigned, escalated, callbacks, overdue, waiting or all"));
	if (a.val[OPT_SORT] && !inquiry_sort_parse(a.val[OPT_SORT], &q.sort))
		return cli_fail(cli, RD_INVALID, _("--sort: age, newest or priority"));
	if (a.val[OPT_LIMIT] &&
	    (rc = cli_number_int(cli, "--limit", a.val[OPT_LIMIT], 1, INQUIRY_PAGE_MAX, &q.limit)) != 0)
		return rc;
	if (a.val[OPT_AFTER] && (rc = parse_id(cli, "list --after", a.val[OPT_AFTER], &after_id)) != 0)
		return rc;
	if ((rc = connect_agent(cli, &db)) != 0)
		return rc;
	if (inquiry_find_refs(db, a.val[OPT_CUSTOMER], NULL, &q.customer_id, NULL, &err) != RD_OK)
		goto fail;
	if (after_id) {
		if (inquiry_get(db, after_id, &after, &err) != RD_OK)
			goto fail;
		q.after = &after.q;
	}
	rows = xcalloc((size_t)q.limit, sizeof(*rows));
	if (inquiry_list(db, &q, rows, &n, &err) != RD_OK)
		goto fail;
	t = table_new();
	inquiry_columns(t);
	for (size_t i = 0; i < n; i++)
		inquiry_row(t, &rows[i]);
	cli_print(t, a.fmt, false);
	table_free(&t);
	goto out;
fail:
	rc = cli_fail_err(cli, &err);
out:
	free(rows);
	inquiry_detail_done(&after);
	db_free(&db);
	return rc;
}

static int cmd_note(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_NOTE, OPT_CALL, OPT_REASON, OPT_REQUEST, OPT_FORMAT, 0 };
	struct inquiry_args a;
	struct rd_error err;
	struct rd_db *db = NULL;
	long long id;
	int rc;

	if ((rc = parse_args(cli, "note", argc, argv, &a)) != 0 ||
	    (rc = only(cli, "note", &a, allowed)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = parse_id(cli, "note", a.arg, &id)) != 0)
		return rc;
	if (!a.val[OPT_NOTE])
		return cli_fail(cli, RD_USAGE, _("inquiry note needs --note TEXT"));
	if ((rc = connect_agent(cli, &db)) != 0)
		return rc;
	if (inquiry_note(db, id, a.seen[OPT_CALL], a.val[OPT_NOTE], a.val[OPT_REASON],
			 a.val[OPT_REQUEST], &err) != RD_OK)
		rc = cli_fail_err(cli, &err);
	else
		rc = show_after(cli, db, id, a.fmt, false);
	db_free(&db);
	return rc;
}

/* take, escalate, wait, resolve, reopen, close, handoff, wrapup */
static int cmd_change(struct cli *cli, const char *cmd, int argc, char **argv)
{
	static const int plain[] = { OPT_NOTE, OPT_VERSION, OPT_REASON, OPT_REQUEST, OPT_FORMAT, 0 };
	static const int handoff[] = { OPT_TO, OPT_TEAM, OPT_NOTE, OPT_VERSION, OPT_REASON,
				       OPT_REQUEST, OPT_FORMAT, 0 };
	static const int wrapup[] = { OPT_CATEGORY, OPT_NOTE, OPT_RESOLVED, OPT_SINCE,
				      OPT_VERSION, OPT_REASON, OPT_REQUEST, OPT_FORMAT, 0 };
	static const int take[] = { OPT_VERSION, OPT_REASON, OPT_REQUEST, OPT_FORMAT, 0 };
	bool is_handoff = strcmp(cmd, "handoff") == 0, is_wrapup = strcmp(cmd, "wrapup") == 0;
	bool is_take = strcmp(cmd, "take") == 0;
	struct inquiry_args a;
	struct inquiry_change c;
	struct rd_error err;
	struct rd_db *db = NULL;
	enum rd_status st;
	int rc;

	if ((rc = parse_args(cli, cmd, argc, argv, &a)) != 0 ||
	    (rc = only(cli, cmd, &a, is_handoff ? handoff : is_wrapup ? wrapup
				    : is_take ? take : plain)) != 0)
		return rc < 0 ? 0 : rc;
	memset(&c, 0, sizeof(c));
	if ((rc = parse_id(cli, cmd, a.arg, &c.id)) != 0)
		return rc;
	if (is_handoff && !a.val[OPT_TO] == !a.val[OPT_TEAM])
		return cli_fail(cli, RD_USAGE, _("inquiry handoff needs --to LOGIN or --team NAME"));
	if (is_handoff && !a.val[OPT_NOTE])
		return cli_fail(cli, RD_USAGE, _("inquiry handoff needs --note TEXT for whoever takes it over"));
	c.version = a.version;
	c.note = a.val[OPT_NOTE];
	c.reason = a.val[OPT_REASON];
	c.request_id = a.val[OPT_REQUEST];
	if ((rc = connect_agent(cli, &db)) != 0)
		return rc;
	if (is_take) {
		st = inquiry_take(db, &c, NULL, &err);
	} else if (is_handoff) {
		st = inquiry_handoff(db, &c, a.val[OPT_TO], a.val[OPT_TEAM], NULL, &err);
	} else if (is_wrapup) {
		struct inquiry_wrapup_req w = { .c = c, .category = a.val[OPT_CATEGORY],
						.resolved = a.seen[OPT_RESOLVED],
						.since = a.val[OPT_SINCE] };

		st = inquiry_wrapup(db, &w, NULL, NULL, &err);
	} else {
		static const char *const map[][2] = {
			{ "escalate", "escalated" }, { "wait", "waiting_customer" },
			{ "resolve", "resolved" }, { "reopen", "open" }, { "close", "closed" },
			{ "progress", "in_progress" },
		};
		const char *status = NULL;

		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strcmp(cmd, map[i][0]) == 0)
				status = map[i][1];
		st = inquiry_set_status(db, &c, status, NULL, &err);
	}
	if (st != RD_OK)
		rc = cli_fail_err(cli, &err);
	else
		rc = show_after(cli, db, c.id, a.fmt, false);
	db_free(&db);
	return rc;
}

static int cmd_dashboard(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_FORMAT, 0 };
	struct inquiry_args a;
	struct inquiry_dashboard d;
	struct rd_error err;
	struct rd_db *db = NULL;
	struct table *t;
	int rc;

	if ((rc = parse_args(cli, "dashboard", argc, argv, &a)) != 0 ||
	    (rc = only(cli, "dashboard", &a, allowed)) != 0)
		return rc < 0 ? 0 : rc;
	if (a.arg)
		return cli_fail(cli, RD_USAGE, _("inquiry dashboard takes no argument"));
	if ((rc = connect_agent(cli, &db)) != 0)
		return rc;
	if (inquiry_dashboard(db, &d, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		db_free(&db);
		return rc;
	}
	/* one figure a row: group, name, count (agents: their day too) */
	t = table_new();
	table_add_column(t, "group", _("group"), TABLE_TEXT);
	table_add_column(t, "name", _("name"), TABLE_TEXT);
	table_add_column(t, "count", _("count"), TABLE_INT);
#define FIG(g, gw, nm, nw, v) do { table_add_row(t); table_set_code(t, 0, g, gw); \
				   table_set_code(t, 1, nm, nw); \
				   table_setf(t, 2, "%lld", (long long)(v)); } while (0)
	for (size_t i = 0; i < d.nstatus; i++)
		FIG("status", _("status"), d.by_status[i].name,
		    history_enum_words("inquiries", "status", d.by_status[i].name), d.by_status[i].n);
	for (size_t i = 0; i < 4; i++)   /* the store's names are N_() */
		FIG("age", _("age"), d.by_age[i].name, _(d.by_age[i].name), d.by_age[i].n);
	for (size_t i = 0; i < d.nagent; i++)
		FIG("agent", _("agent"), d.by_agent[i].login, NULL, d.by_agent[i].n);
	for (size_t i = 0; i < d.nteam; i++)
		FIG("team", _("team"), d.by_team[i].name, NULL, d.by_team[i].n);
	FIG("waiting", _("waiting"), "unassigned", _("unassigned"), d.unassigned);
	FIG("waiting", _("waiting"), "handoffs", _("handoffs waiting"), d.handoffs_waiting);
	FIG("waiting", _("waiting"), "escalated",
	    history_enum_words("inquiries", "status", "escalated"), d.escalated);
	FIG("waiting", _("waiting"), "overdue", _("overdue"), d.overdue);
	FIG("waiting", _("waiting"), "callbacks_overdue", _("callbacks overdue"),
	    d.callbacks_overdue);
	if (d.oldest_id) {
		char at[DATE_STAMP_SIZE];

		FIG("oldest", _("oldest open"), d.oldest_at,
		    date_format_stamp(d.oldest_at, DATE_LONG, at), d.oldest_id);
	}
	for (size_t i = 0; i < d.ntoday; i++) {
		FIG("today_calls", _("calls today"), d.today[i].login, NULL, d.today[i].calls);
		FIG("today_resolved", _("resolved today"), d.today[i].login, NULL,
		    d.today[i].resolved);
		FIG("today_handed_off", _("handed off today"), d.today[i].login, NULL,
		    d.today[i].handed_off);
	}
#undef FIG
	cli_print(t, a.fmt, false);
	table_free(&t);
	db_free(&db);
	return 0;
}

int cli_cmd_inquiry(struct cli *cli, int argc, char **argv)
{
	static const char *const changes[] = { "take", "handoff", "escalate", "wait", "resolve",
					       "reopen", "close", "wrapup", "progress", NULL };
	const char *sub;

	if (argc < 2 || cli_is_help(argv[1])) {
		inquiry_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	if (strcmp(sub, "open") == 0)
		return cmd_open(cli, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return cmd_show(cli, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return cmd_list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "note") == 0)
		return cmd_note(cli, argc - 1, argv + 1);
	if (strcmp(sub, "dashboard") == 0)
		return cmd_dashboard(cli, argc - 1, argv + 1);
	for (int i = 0; changes[i]; i++)
		if (strcmp(sub, changes[i]) == 0)
			return cmd_change(cli, sub, argc - 1, argv + 1);
	return cli_fail(cli, RD_USAGE, _("unknown inquiry command '%s' (see repeatdesk inquiry --help)"),
			sub);
}
