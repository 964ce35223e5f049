/* history_cmd.c: `repeatdesk history`: the change history of a customer,
 * an order, a subscription or an agent, newest first, in words; a
 * customer or subscription as it was at a time (--as-of); one change in
 * full (show); and the supervisors' revert. Same store/history.c and
 * core/history_text.c as the history screen. */
#include "repeatdesk/date.h"
#include "repeatdesk/history.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REVERT_IDS_MAX 64

static void history_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk history (--customer CODE | --order NO | --subscription ID |\n"
		"                           --agent LOGIN) [--table TABLE] [--actor LOGIN]\n"
		"                           [--since DATE] [--until DATE] [--limit N]\n"
		"                           [--after ID] [--format table|json|csv]\n"
		"       repeatdesk history (--customer CODE | --subscription ID) --as-of TIME\n"
		"                           [--format table|json|csv]\n"
		"       repeatdesk history show ID [--format table|json|csv]\n"
		"       repeatdesk history revert ID --reason TEXT [--request-id UUID]\n"
		"                           [--version V] [--format table|json|csv]\n"
		"       repeatdesk history revert (--request ID | --call INQUIRY) --reason TEXT\n"
		"                           [--request-id UUID] [--format table|json|csv]\n"
		"       repeatdesk history seal [--format table|json|csv]\n"
		"       repeatdesk history verify [--from ID] [--format table|json|csv]\n"
		"\n"
		"Lists changes newest first: time, who, why, what, and each changed field\n"
		"as old -> new in words. A customer's history holds everything about them\n"
		"(profile, addresses, orders, subscriptions with their skips, lines and\n"
		"reservations, inquiries). --since and --until are days (both included);\n"
		"--limit N shows N changes (default 50, at most 500); --after ID continues\n"
		"a listing after change ID.\n"
		"--as-of TIME (2026-11-23 or 2026-11-23 10:42, business time zone) shows the\n"
		"customer or subscription as it was then, rebuilt from the history.\n"
		"revert undoes change ID and what the same request did to the same customer\n"
		"(a skip moves the next date and adds the skipped slot: both go back), by\n"
		"new changes linked to it; only supervisors may. It is refused when later\n"
		"changes touched the same fields (revert those first). --version V: only if\n"
		"the record is still at version V.\n"
		"revert --request ID undoes every change of one request (its request id);\n"
		"revert --call INQUIRY every change of one call (the changes linked to the\n"
		"call's inquiry), in one step kept as one entry. It is refused, with the\n"
		"list of them, when later changes by others touched the same fields.\n"
		"seal (supervisors; run it from cron or after the shipment run) seals the\n"
		"changes written since the last seal into the next block of the hash chain.\n"
		"verify (supervisors) recomputes the chain, from the block of change ID with\n"
		"--from, and names the first change altered, removed or inserted out of\n"
		"order since it was sealed; it prints the latest hash, to keep elsewhere.\n"
		"\n"
		"Exit codes: 0 done, 1 refused, not allowed, changed meanwhile, not found or\n"
		"the chain broken (verify),\n"
		"2 bad input, 3 database unavailable.\n"), out);
}

enum {
	O_CUSTOMER = 256, O_ORDER, O_SUBSCRIPTION, O_AGENT, O_TABLE, O_ACTOR, O_SINCE,
	O_UNTIL, O_LIMIT, O_AFTER, O_AS_OF, O_FORMAT, O_REASON, O_REQUEST_ID, O_VERSION,
	O_UNDO_REQUEST, O_UNDO_CALL, O_FROM, O_HELP
};

static const struct option long_opts[] = {
	{ "customer", required_argument, NULL, O_CUSTOMER },
	{ "order", required_argument, NULL, O_ORDER },
	{ "subscription", required_argument, NULL, O_SUBSCRIPTION },
	{ "agent", required_argument, NULL, O_AGENT },
	{ "table", required_argument, NULL, O_TABLE },
	{ "actor", required_argument, NULL, O_ACTOR },
	{ "since", required_argument, NULL, O_SINCE },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "limit", required_argument, NULL, O_LIMIT },
	{ "after", required_argument, NULL, O_AFTER },
	{ "as-of", required_argument, NULL, O_AS_OF },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "reason", required_argument, NULL, O_REASON },
	{ "request-id", required_argument, NULL, O_REQUEST_ID },
	{ "version", required_argument, NULL, O_VERSION },
	{ "request", required_argument, NULL, O_UNDO_REQUEST },
	{ "call", required_argument, NULL, O_UNDO_CALL },
	{ "from", required_argument, NULL, O_FROM },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 }
};

struct opts {
	enum table_format fmt;
	int nscopes;
	enum history_scope scope;
	const char *what;
	struct history_query q;
	long long after;
	const char *as_of;
	const char *reason;
	const char *request_id;
	int version;
	const char *undo_request;   /* revert --request */
	long long undo_call;        /* revert --call */
	long long from;
};

static int day(struct cli *cli, const char *s, int32_t *out)
{
	struct rd_error err;

	if (date_parse_iso(s, out, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	return 0;
}

static int copy_opt(struct cli *cli, const char *opt, const char *s, char *dst, size_t size)
{
	if (strlen(s) >= size || !*s)
		return cli_fail(cli, RD_USAGE, _("%s needs a name of 1 to %zu characters"), opt, size - 1);
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int parse_opts(struct cli *cli, int argc, char **argv, struct opts *o)
{
	long long v;
	int c, rc = 0;

	memset(o, 0, sizeof(*o));
	o->version = -1;
	while (rc == 0 && (c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		switch (c) {
		case O_CUSTOMER:
		case O_ORDER:
		case O_SUBSCRIPTION:
		case O_AGENT:
			o->nscopes++;
			o->scope = c == O_CUSTOMER ? HISTORY_CUSTOMER : c == O_ORDER ? HISTORY_ORDER
				 : c == O_SUBSCRIPTION ? HISTORY_SUBSCRIPTION : HISTORY_AGENT;
			o->what = optarg;
			break;
		case O_TABLE:
			rc = copy_opt(cli, "--table", optarg, o->q.table, sizeof(o->q.table));
			break;
		case O_ACTOR:
			rc = copy_opt(cli, "--actor", optarg, o->q.actor, sizeof(o->q.actor));
			break;
		case O_SINCE:
			rc = day(cli, optarg, &o->q.since);
			break;
		case O_UNTIL:
			rc = day(cli, optarg, &o->q.until);
			break;
		case O_LIMIT:
			if ((rc = cli_number(cli, "--limit", optarg, 1, HISTORY_PAGE_MAX, &v)) == 0)
				o->q.limit = (int)v;
			break;
		case O_AFTER:
			rc = cli_number(cli, "--after", optarg, 1, (long long)1e18, &o->after);
			break;
		case O_AS_OF:
			o->as_of = optarg;
			break;
		case O_FORMAT:
			rc = cli_parse_format(cli, optarg, &o->fmt) == 0 ? 0 : 2;
			break;
		case O_REASON:
			o->reason = optarg;
			break;
		case O_REQUEST_ID:
			o->request_id = optarg;
			break;
		case O_FROM:
			rc = cli_number(cli, "--from", optarg, 1, (long long)1e18, &o->from);
			break;
		case O_VERSION:
			if ((rc = cli_number(cli, "--version", optarg, 1, 2147483647, &v)) == 0)
				o->version = (int)v;
			break;
		case O_UNDO_REQUEST:
			if (!*optarg || strlen(optarg) >= HISTORY_REQUEST_SIZE)
				rc = cli_fail(cli, RD_USAGE, _("--request needs a request id of 1 to %d characters"),
					      HISTORY_REQUEST_SIZE - 1);
			o->undo_request = optarg;
			break;
		case O_UNDO_CALL:
			rc = cli_number(cli, "--call", optarg, 1, (long long)1e18, &o->undo_call);
			break;
		case O_HELP:
		case 'h':
			history_usage(stdout);
			return -1;
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option or missing value '%s' for history"),
					argv[optind - 1]);
		}
	}
	if (rc == 0 && o->q.table[0] && !history_table_known(o->q.table)) {
		struct sbuf names;

		sbuf_init(&names);
		history_table_names(&names);
		rc = cli_fail(cli, RD_USAGE, _("--table: no table '%s' (use one of: %s)"), o->q.table,
			      names.buf);
		sbuf_done(&names);
	}
	if (rc == 0 && o->q.since && o->q.until && o->q.until < o->q.since)
		rc = cli_fail(cli, RD_USAGE, _("--until is before --since"));
	return rc;
}

/* ---- one change in words ---------------------------------------------------- */

/* Columns: the plain table shows the first six; json and csv all. */
static const struct {
	const char *name, *title;
	enum table_type type;
} entry_columns[] = {
	{ "id", N_("#"), TABLE_INT },
	{ "at", N_("When"), TABLE_DATE },
	{ "actor", N_("Who"), TABLE_TEXT },
	{ "what", N_("What"), TABLE_TEXT },
	{ "changes", N_("Changes"), TABLE_TEXT },
	{ "reason", N_("Reason"), TABLE_TEXT },
	{ "actor_name", N_("agent"), TABLE_TEXT },
	{ "table", N_("Record"), TABLE_TEXT },
	{ "row_key", N_("#"), TABLE_TEXT },
	{ "op", N_("operation"), TABLE_TEXT },
	{ "request_id", N_("request id"), TABLE_TEXT },
	{ "reverts", N_("reverts"), TABLE_INT },
	{ "reverted_by", N_("reverted by"), TABLE_INT },
	{ "txid", N_("transaction"), TABLE_INT },
	{ "fields", N_("fields"), TABLE_JSON },
	{ "old_row", N_("before"), TABLE_JSON },
	{ "new_row", N_("after"), TABLE_JSON },
};
#define NARROW_COLUMNS 6
#define ENTRY_COLUMNS ((int)(sizeof(entry_columns) / sizeof(entry_columns[0])))

static void add_entry_columns(struct table *t, int ncols)
{
	for (int i = 0; i < ncols; i++)
		table_add_column(t, entry_columns[i].name,
				 entry_columns[i].title ? _(entry_columns[i].title) : NULL,
				 entry_columns[i].type);
}

/* Sets column col when the table has it. */
static void set(struct table *t, int ncols, int col, const char *value)
{
	if (col < ncols)
		table_set(t, col, value);
}

static void set_id(struct table *t, int ncols, int col, long long v)
{
	char buf[24];

	if (v) {
		snprintf(buf, sizeof(buf), "%lld", v);
		set(t, ncols, col, buf);
	}
}

static void add_entry_row(struct table *t, int ncols, const struct history_entry *e)
{
	struct history_words w;
	struct rd_error err;
	struct sbuf changes, fields, what;

	sbuf_init(&changes);
	sbuf_init(&fields);
	sbuf_init(&what);
	table_add_row(t);
	set_id(t, ncols, 0, e->id);
	/* json and csv: the exact moment with its offset (json makes it
	 * RFC 3339); the table: the business zone's time people read */
	if (ncols > NARROW_COLUMNS && e->at_key[0])
		set(t, ncols, 1, e->at_key);
	else
		set(t, ncols, 1, e->at);
	/* the plain table is read by people: the agent by name */
	set(t, ncols, 2, ncols <= NARROW_COLUMNS && e->actor_name && *e->actor_name
		? e->actor_name : e->actor);
	if (history_entry_words(e, &w, &err) == RD_OK) {
		sbuf_addc(&fields, '[');
		for (int i = 0; i < w.nfields; i++) {
			const struct history_field *f = &w.fields[i];

			if (i) {
				sbuf_adds(&changes, "; ");
				sbuf_addc(&fields, ',');
			}
			if (strcmp(e->op, "UPDATE") == 0)
				sbuf_printf(&changes, "%s: %s -> %s", f->label, f->old_text, f->new_text);
			else
				sbuf_printf(&changes, "%s: %s", f->label,
					    *f->new_text ? f->new_text : f->old_text);
			sbuf_adds(&fields, "{\"column\":");
			json_write_str(&fields, f->column);
			sbuf_adds(&fields, ",\"label\":");
			json_write_str(&fields, f->label);
			sbuf_adds(&fields, ",\"old\":");
			json_write_str(&fields, f->old_text);
			sbuf_adds(&fields, ",\"new\":");
			json_write_str(&fields, f->new_text);
			sbuf_addc(&fields, '}');
		}
		sbuf_addc(&fields, ']');
		sbuf_adds(&what, w.summary);
		if (e->reverts)
			sbuf_printf(&what, _(" (revert of #%lld)"), e->reverts);
		if (e->reverted_by)
			sbuf_printf(&what, _(" (reverted by #%lld)"), e->reverted_by);
		set(t, ncols, 14, fields.buf);
	} else {
		sbuf_adds(&what, err.msg);
	}
	history_words_done(&w);
	set(t, ncols, 3, what.buf);
	set(t, ncols, 4, changes.buf);
	set(t, ncols, 5, e->reason);
	set(t, ncols, 6, e->actor_name);
	set(t, ncols, 7, e->table);
	if (ncols > 7)
		table_set_words(t, 7, history_table_label(e->table));
	set(t, ncols, 8, e->row_key);
	set(t, ncols, 9, e->op);
	if (ncols > 9)
		table_set_words(t, 9, history_enum_words(e->table, "op", e->op));
	set(t, ncols, 10, e->request_id);
	set_id(t, ncols, 11, e->reverts);
	set_id(t, ncols, 12, e->reverted_by);
	set_id(t, ncols, 13, e->txid);
	set(t, ncols, 15, e->old_row);
	set(t, ncols, 16, e->new_row);
	sbuf_done(&changes);
	sbuf_done(&fields);
	sbuf_done(&what);
}

static void print_entries(const struct history_entry *v, int n, enum table_format fmt,
			  bool record)
{
	struct table *t = table_new();
	int ncols = fmt == TABLE_FMT_TABLE && !record ? NARROW_COLUMNS : ENTRY_COLUMNS;

	add_entry_columns(t, ncols);
	for (int i = 0; i < n; i++)
		add_entry_row(t, ncols, &v[i]);
	cli_print(t, fmt, record);
	table_free(&t);
}

/* ---- the subcommands ----------------------------------------------------------- */

static enum rd_status connect_db(struct cli *cli, struct rd_db **db, struct rd_error *err)
{
	enum rd_status st = cli_resolve(cli, err);

	return st != RD_OK ? st : cli_connect(cli, CLI_LOGIN_AGENT, db, err);
}

static int cmd_timeline(struct cli *cli, struct opts *o)
{
	struct rd_db *db = NULL;
	struct rd_error err;
	struct history_page page;
	int rc = 0;

	if (connect_db(cli, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	o->q.scope = o->scope;
	if (history_resolve(db, o->scope, o->what, &o->q.id, &err) != RD_OK)
		goto fail;
	if (o->scope == HISTORY_AGENT)
		memcpy(o->q.login, o->what, strlen(o->what) + 1);
	if (o->after) {
		struct history_entry e;

		if (history_get(db, o->after, &e, &err) != RD_OK)
			goto fail;
		memcpy(o->q.after_key, e.at_key, sizeof(o->q.after_key));
		o->q.after_id = e.id;
		history_entry_done(&e);
	}
	if (history_timeline(db, &o->q, &page, &err) != RD_OK)
		goto fail;
	print_entries(page.v, page.n, o->fmt, false);
	if (page.more && o->fmt == TABLE_FMT_TABLE && page.n > 0)
		printf(_("More: repeatdesk history ... --after %lld\n"), page.v[page.n - 1].id);
	history_page_free(&page);
	db_free(&db);
	return 0;
fail:
	rc = cli_fail_err(cli, &err);
	db_free(&db);
	return rc;
}

/* Appends one json value as plain text: strings as they are, null as "". */
static void raw_text(const struct json_value *v, struct sbuf *out)
{
	int b;

	switch (json_typeof(v)) {
	case JSON_STRING:
		sbuf_adds(out, json_as_string(v, NULL));
		break;
	case JSON_NUMBER:
		sbuf_adds(out, json_number_text(v));
		break;
	case JSON_BOOL:
		json_as_bool(v, &b);
		sbuf_adds(out, b ? "true" : "false");
		break;
	default:
		break;
	}
}

static int cmd_as_of(struct cli *cli, struct opts *o)
{
	struct rd_db *db = NULL;
	struct rd_error err;
	struct history_state s;
	char at[HISTORY_AT_SIZE];
	long long id;
	struct table *t;
	int rc = 0;

	if (o->scope != HISTORY_CUSTOMER && o->scope != HISTORY_SUBSCRIPTION)
		return cli_fail(cli, RD_USAGE, _("--as-of works with --customer or --subscription"));
	if (history_time_parse(o->as_of, at, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (connect_db(cli, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (history_resolve(db, o->scope, o->what, &id, &err) != RD_OK ||
	    history_as_of(db, o->scope, id, at, &s, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		db_free(&db);
		return rc;
	}
	t = table_new();
	table_add_column(t, "table", _("Record"), TABLE_TEXT);
	table_add_column(t, "key", _("#"), TABLE_TEXT);
	table_add_column(t, "column", _("column"), TABLE_TEXT);
	table_add_column(t, "label", _("Field"), TABLE_TEXT);
	table_add_column(t, "value", _("Value"), TABLE_TEXT);
	table_add_column(t, "raw", _("stored value"), TABLE_TEXT);
	for (int i = 0; i < s.n; i++) {
		struct json_value *row = NULL;

		if (json_parse(s.v[i].row, strlen(s.v[i].row), &row, NULL) != RD_OK)
			continue;
		for (size_t k = 0; k < json_len(row); k++) {
			const char *col = json_key_at(row, k);
			const struct json_value *v = json_value_at(row, k);
			struct sbuf words, raw;

			if (strcmp(col, "created_at") == 0 || strcmp(col, "updated_at") == 0)
				continue;
			sbuf_init(&words);
			sbuf_init(&raw);
			raw_text(v, &raw);
			table_add_row(t);
			table_set(t, 0, history_table_label(s.v[i].table));
			table_set(t, 1, s.v[i].row_key);
			table_set(t, 2, col);
			table_set(t, 3, history_column_label(s.v[i].table, col));
			history_json_words(s.v[i].table, col, v, &words);
			table_set(t, 4, words.buf);
			if (json_typeof(v) != JSON_NULL)
				table_set(t, 5, raw.buf);
			sbuf_done(&words);
			sbuf_done(&raw);
		}
		json_free(&row);
	}
	if (o->fmt == TABLE_FMT_TABLE)
		printf(_("As of %s:\n"), at);
	cli_print(t, o->fmt, false);
	table_free(&t);
	history_state_free(&s);
	db_free(&db);
	return 0;
}

static int cmd_show(struct cli *cli, struct opts *o, const char *idtext)
{
	struct rd_db *db = NULL;
	struct rd_error err;
	struct history_entry e;
	long long id;
	int rc;

	if (!idtext)
		return cli_fail(cli, RD_USAGE, _("history show needs the number of a change"));
	if ((rc = cli_number(cli, "history show", idtext, 1, (long long)1e18, &id)) != 0)
		return rc;
	if (connect_db(cli, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (history_get(db, id, &e, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		db_free(&db);
		return rc;
	}
	print_entries(&e, 1, o->fmt, true);
	history_entry_done(&e);
	db_free(&db);
	return 0;
}

static int cmd_revert(struct cli *cli, struct opts *o, const char *idtext)
{
	struct rd_db *db = NULL;
	struct rd_error err;
	long long id, ids[REVERT_IDS_MAX];
	int n = 0, rc;
	struct table *t;
	struct sbuf list;

	if (!idtext)
		return cli_fail(cli, RD_USAGE, _("history revert needs the number of a change"));
	if ((rc = cli_number(cli, "history revert", idtext, 1, (long long)1e18, &id)) != 0)
		return rc;
	if (!o->reason || !*o->reason)
		return cli_fail(cli, RD_USAGE, _("history revert needs --reason (it is kept in the history)"));
	if (o->request_id && (strlen(o->request_id) > 64 || !*o->request_id))
		return cli_fail(cli, RD_USAGE, _("--request-id is at most 64 characters (a UUID)"));
	if (connect_db(cli, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (history_revert(db, id, o->version, o->reason, o->request_id, ids,
			   REVERT_IDS_MAX, &n, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		db_free(&db);
		return rc;
	}
	db_free(&db);
	sbuf_init(&list);
	for (int i = 0; i < n; i++)
		sbuf_printf(&list, "%s%lld", i ? "," : "", ids[i]);
	if (o->fmt == TABLE_FMT_TABLE) {
		printf(_("Reverted #%lld: %d change(s) written (#%s).\n"), id, n, list.buf);
	} else {
		struct sbuf arr;

		sbuf_init(&arr);
		sbuf_printf(&arr, "[%s]", list.buf);
		t = table_new();
		table_add_column(t, "reverted", NULL, TABLE_INT);
		table_add_column(t, "history_ids", NULL, TABLE_JSON);
		table_add_row(t);
		table_setf(t, 0, "%lld", id);
		table_set(t, 1, o->fmt == TABLE_FMT_JSON ? arr.buf : list.buf);
		cli_print(t, o->fmt, true);
		table_free(&t);
		sbuf_done(&arr);
	}
	sbuf_done(&list);
	return 0;
}

/* revert --request / --call: every change of one request or call. */
static int cmd_undo(struct cli *cli, struct opts *o)
{
	struct rd_db *db = NULL;
	struct rd_error err;
	long long ids[REVERT_IDS_MAX];
	int n = 0, rc;
	struct table *t;
	struct sbuf list, why;

	if ((o->undo_request != NULL) == (o->undo_call > 0))
		return cli_fail(cli, RD_USAGE, _("history revert takes --request or --call, not both"));
	if (o->version >= 0)
		return cli_fail(cli, RD_USAGE, _("--version goes with the revert of one change"));
	if (!o->reason || !*o->reason)
		return cli_fail(cli, RD_USAGE, _("history revert needs --reason (it is kept in the history)"));
	if (o->request_id && (strlen(o->request_id) > 64 || !*o->request_id))
		return cli_fail(cli, RD_USAGE, _("--request-id is at most 64 characters (a UUID)"));
	if (connect_db(cli, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	sbuf_init(&why);
	if (history_undo(db, o->undo_request, o->undo_call, o->reason, o->request_id, ids,
			 REVERT_IDS_MAX, &n, &why, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		/* the whole list after the one-line error */
		if (why.len)
			fputs(why.buf, stderr);
		sbuf_done(&why);
		db_free(&db);
		return rc;
	}
	sbuf_done(&why);
	db_free(&db);
	sbuf_init(&list);
	for (int i = 0; i < n; i++)
		sbuf_printf(&list, "%s%lld", i ? "," : "", ids[i]);
	if (o->fmt == TABLE_FMT_TABLE) {
		if (o->undo_call > 0)
			printf(_("Undone call #%lld: %d change(s) written (#%s).\n"), o->undo_call, n,
			       list.buf);
		else
			printf(_("Undone request %s: %d change(s) written (#%s).\n"), o->undo_request, n,
			       list.buf);
	} else {
		struct sbuf arr;

		sbuf_init(&arr);
		sbuf_printf(&arr, "[%s]", list.buf);
		t = table_new();
		table_add_column(t, "request", NULL, TABLE_TEXT);
		table_add_column(t, "call", NULL, TABLE_INT);
		table_add_column(t, "history_ids", NULL, TABLE_JSON);
		table_add_row(t);
		if (o->undo_request)
			table_set(t, 0, o->undo_request);
		if (o->undo_call > 0)
			table_setf(t, 1, "%lld", o->undo_call);
		table_set(t, 2, o->fmt == TABLE_FMT_JSON ? arr.buf : list.buf);
		cli_print(t, o->fmt, true);
		table_free(&t);
		sbuf_done(&arr);
	}
	sbuf_done(&list);
	return 0;
}

/* ---- seals ------------------------------------------------------------------ */

static int cmd_seal(struct cli *cli, struct opts *o)
{
	struct rd_db *db = NULL;
	struct rd_error err;
	struct history_seal sl;
	struct table *t;
	int rc;

	if (connect_db(cli, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (history_seal(db, &sl, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		db_free(&db);
		return rc;
	}
	db_free(&db);
	if (o->fmt == TABLE_FMT_TABLE) {
		if (sl.sealed)
			printf(_("Sealed %lld change(s), #%lld to #%lld, as seal %lld: %s\n"), sl.rows,
			       sl.first_id, sl.last_id, sl.seal_id, sl.hash);
		else
			puts(_("Nothing new to seal: every change that has ended is sealed already."));
		return 0;
	}
	t = table_new();
	table_add_column(t, "sealed", NULL, TABLE_BOOL);
	table_add_column(t, "seal", NULL, TABLE_INT);
	table_add_column(t, "rows", NULL, TABLE_INT);
	table_add_column(t, "first_id", NULL, TABLE_INT);
	table_add_column(t, "last_id", NULL, TABLE_INT);
	table_add_column(t, "hash", NULL, TABLE_TEXT);
	table_add_row(t);
	table_set(t, 0, sl.sealed ? "true" : "false");
	if (sl.sealed) {
		table_setf(t, 1, "%lld", sl.seal_id);
		table_setf(t, 2, "%lld", sl.rows);
		table_setf(t, 3, "%lld", sl.first_id);
		table_setf(t, 4, "%lld", sl.last_id);
		table_set(t, 5, sl.hash);
	}
	cli_print(t, o->fmt, true);
	table_free(&t);
	return 0;
}

static int cmd_verify(struct cli *cli, struct opts *o)
{
	struct rd_db *db = NULL;
	struct rd_error err;
	struct history_check v;
	struct table *t;
	int rc;

	if (connect_db(cli, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (history_verify(db, o->from, &v, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		db_free(&db);
		return rc;
	}
	db_free(&db);
	if (o->fmt == TABLE_FMT_TABLE) {
		if (!v.problem[0])
			printf(_("The history holds: %lld seal(s), %lld change(s) as sealed; latest hash %s;"
				 " %lld change(s) not sealed yet.\n"),
			       v.seals, v.rows, v.last_hash[0] ? v.last_hash : "-", v.unsealed);
		else if (strcmp(v.problem, "seal") == 0)
			printf(_("Seal %lld was changed after it was written: the chain is broken there."
				 " Restore the history from a backup and compare.\n"), v.seal_id);
		else
			printf(_("Change #%lld was %s after seal %lld was taken (%s). The chain holds"
				 " up to the seal before; restore the history from a backup and compare.\n"),
			       v.history_id,
			       strcmp(v.problem, "altered") == 0 ? _("altered")
			       : strcmp(v.problem, "removed") == 0 ? _("removed")
			       : _("inserted out of order"), v.seal_id, v.problem);
	} else {
		t = table_new();
		table_add_column(t, "ok", NULL, TABLE_BOOL);
		table_add_column(t, "problem", NULL, TABLE_TEXT);
		table_add_column(t, "history_id", NULL, TABLE_INT);
		table_add_column(t, "seal", NULL, TABLE_INT);
		table_add_column(t, "seals", NULL, TABLE_INT);
		table_add_column(t, "rows", NULL, TABLE_INT);
		table_add_column(t, "unsealed", NULL, TABLE_INT);
		table_add_column(t, "last_hash", NULL, TABLE_TEXT);
		table_add_row(t);
		table_set(t, 0, v.problem[0] ? "false" : "true");
		if (v.problem[0])
			table_set(t, 1, v.problem);
		if (v.history_id)
			table_setf(t, 2, "%lld", v.history_id);
		if (v.seal_id)
			table_setf(t, 3, "%lld", v.seal_id);
		table_setf(t, 4, "%lld", v.seals);
		table_setf(t, 5, "%lld", v.rows);
		table_setf(t, 6, "%lld", v.unsealed);
		if (v.last_hash[0])
			table_set(t, 7, v.last_hash);
		cli_print(t, o->fmt, true);
		table_free(&t);
	}
	return v.problem[0] ? 1 : 0;
}

int cli_cmd_history(struct cli *cli, int argc, char **argv)
{
	struct opts o;
	const char *sub = NULL;
	int rc;

	if (argc > 1 && (strcmp(argv[1], "seal") == 0 || strcmp(argv[1], "verify") == 0)) {
		bool seal = strcmp(argv[1], "seal") == 0;

		rc = parse_opts(cli, argc - 1, argv + 1, &o);
		if (rc < 0)
			return 0;
		if (rc)
			return rc;
		if (optind < argc - 1 || o.nscopes || o.as_of || o.q.table[0] || o.q.actor[0] ||
		    o.q.limit || o.reason || o.request_id || o.version >= 0 || o.after ||
		    (seal && o.from))
			return cli_fail(cli, RD_USAGE, seal ? _("history seal takes only --format")
						      : _("history verify takes only --from and --format"));
		return seal ? cmd_seal(cli, &o) : cmd_verify(cli, &o);
	}
	if (argc > 1 && (strcmp(argv[1], "show") == 0 || strcmp(argv[1], "revert") == 0)) {
		sub = argv[1];
		argc--;
		argv++;
	}
	if (argc < 2 && !sub) {
		history_usage(stderr);
		return 2;
	}
	rc = parse_opts(cli, argc, argv, &o);
	if (rc < 0)
		return 0;
	if (rc)
		return rc;
	if (sub && strcmp(sub, "revert") == 0 && (o.undo_request || o.undo_call)) {
		if (optind < argc)
			return cli_fail(cli, RD_USAGE, _("history revert takes a change number or --request or --call, not both"));
		return cmd_undo(cli, &o);
	}
	if (o.undo_request || o.undo_call)
		return cli_fail(cli, RD_USAGE, _("--request and --call go with history revert"));
	if (sub) {
		if (optind < argc - 1)
			return cli_fail(cli, RD_USAGE, _("history %s takes one change number"), sub);
		if (o.nscopes || o.as_of || o.q.table[0] || o.q.actor[0] || o.q.limit)
			return cli_fail(cli, RD_USAGE, _("history %s takes a change number, not a listing's options"), sub);
		return strcmp(sub, "show") == 0 ? cmd_show(cli, &o, argv[optind])
						 : cmd_revert(cli, &o, argv[optind]);
	}
	if (optind < argc)
		return cli_fail(cli, RD_USAGE, _("unknown history command '%s' (see repeatdesk history --help)"),
				argv[optind]);
	if (o.nscopes != 1)
		return cli_fail(cli, RD_USAGE, _("history needs exactly one of --customer, --order, --subscription or --agent"));
	if (o.reason || o.request_id || o.version >= 0)
		return cli_fail(cli, RD_USAGE, _("--reason, --request-id and --version go with history revert"));
	if (o.from)
		return cli_fail(cli, RD_USAGE, _("--from goes with history verify"));
	if (o.as_of) {
		if (o.q.table[0] || o.q.actor[0] || o.q.since || o.q.until || o.q.limit || o.after)
			return cli_fail(cli, RD_USAGE, _("--as-of shows one record: no listing filters"));
		return cmd_as_of(cli, &o);
	}
	return cmd_timeline(cli, &o);
}
