/* customer_cmd.c: `repeatdesk customer find|show|add|edit|filters|
 * filter-delete`: the lookup and the customer card on the command line,
 * through the same store/customer.c as the screens. */
#include "repeatdesk/customer.h"
#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/money.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIND_LIMIT_DEFAULT 50
#define CARD_ROWS 10

static void customer_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk customer find [QUERY] [KEYS] [FILTERS] [--limit N] [--after CURSOR]\n"
		"                                [--filter NAME] [--save-filter NAME]\n"
		"                                [--format table|json|csv]\n"
		"       repeatdesk customer show CODE [--format table|json|csv]\n"
		"       repeatdesk customer add --name NAME [FIELDS] [--allow-duplicate]\n"
		"                               --reason TEXT [--request-id UUID] [--format ...]\n"
		"       repeatdesk customer edit CODE [FIELDS] [--version V] --reason TEXT\n"
		"                                [--request-id UUID] [--format ...]\n"
		"       repeatdesk customer filters [--format table|json|csv]\n"
		"       repeatdesk customer filter-delete NAME\n"
		"\n"
		"QUERY is what the caller says: a phone number in any spelling\n"
		"(０９０－１２３４－５６７８, +81 90..., or its last 4+ digits), a name, a reading\n"
		"in kana, a customer code (C0000123), an order number (O00000001), an\n"
		"e-mail address or a postal code (123-4567).\n"
		"KEYS: --phone P --name N --kana K --code C --email E --postal Z --order NO\n"
		"FILTERS: --prefecture P --age-min N --age-max N --gender f|m|x\n"
		"  --subscription active|paused|cancelled|never --product SKU\n"
		"  --ltv-min YEN --ltv-max YEN --rfm SPEC (R5, R4-5,F3-5, M5)\n"
		"  --last-order-from DATE --last-order-to DATE --media CODE (of the first order)\n"
		"  --no-dm[=yes|no] --no-call[=yes|no] --no-email[=yes|no]\n"
		"  (--no-dm: refuses direct mail; --no-dm=no: accepts it)\n"
		"FIELDS: --name --kana --phone --phone2 --email --postal --prefecture\n"
		"  --address1 --address2 --birth-date YYYY-MM-DD --gender f|m|x\n"
		"  --no-dm yes|no --no-call yes|no --no-email yes|no --notes TEXT\n"
		"  (edit: an empty value clears a field)\n"
		"\n"
		"edit saves only if nobody changed the customer since --version (default:\n"
		"the version read just before saving); otherwise it exits 1 and says who\n"
		"changed what. Exit codes: 0 done, 1 not found or refused, 2 bad input,\n"
		"3 database unavailable.\n"), out);
}

/* ------------------------------------------------------------------------
 * Shared option parsing */

static int parse_format_arg(struct cli *cli, const char *s, enum table_format *fmt)
{
	return cli_parse_format(cli, s, fmt) == 0 ? 0 : 2;
}

static int parse_date(struct cli *cli, const char *opt, const char *s, int32_t *out)
{
	struct rd_error err;

	if (date_parse_iso(s, out, &err) != RD_OK)
		return cli_fail(cli, RD_USAGE, _("%s: %s"), opt, err.msg);
	return 0;
}

/* yes/no/true/false/1/0 → 1/0; -1 otherwise. */
static int parse_yes_no(const char *s)
{
	if (!s || !strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1") || !strcmp(s, "y"))
		return 1;
	if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0") || !strcmp(s, "n"))
		return 0;
	return -1;
}

static const char *match_name(enum customer_match m)
{
	switch (m) {
	case CUSTOMER_MATCH_EXACT: return "exact";
	case CUSTOMER_MATCH_PREFIX: return "prefix";
	case CUSTOMER_MATCH_PARTIAL: return "partial";
	}
	return "";
}

/* match_name in the reader's words, for the table format */
static const char *match_words(enum customer_match m)
{
	switch (m) {
	case CUSTOMER_MATCH_EXACT: return C_("customer match", "exact");
	case CUSTOMER_MATCH_PREFIX: return C_("customer match", "starts with");
	case CUSTOMER_MATCH_PARTIAL: return C_("customer match", "contains");
	}
	return "";
}

static void set_date(struct table *t, int col, int32_t d)
{
	char buf[DATE_ISO_SIZE];

	if (d != CUSTOMER_NO_DATE)
		table_set(t, col, date_format_iso(d, buf));
}

static void set_phone(struct table *t, int col, const char *digits, bool formatted)
{
	struct sbuf sb;

	if (!digits[0])
		return;
	if (!formatted) {
		table_set(t, col, digits);
		return;
	}
	sbuf_init(&sb);
	normalize_phone_format(&sb, digits);
	table_set(t, col, sb.buf);
	sbuf_done(&sb);
}

static void print_sbuf(const struct sbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, stdout);
}

/* ------------------------------------------------------------------------
 * find */

enum {
	OPT_PHONE = 256, OPT_NAME, OPT_KANA, OPT_CODE, OPT_EMAIL, OPT_POSTAL,
	OPT_ORDER, OPT_PREFECTURE, OPT_AGE_MIN, OPT_AGE_MAX, OPT_GENDER,
	OPT_SUBSCRIPTION, OPT_PRODUCT, OPT_LTV_MIN, OPT_LTV_MAX, OPT_RFM,
	OPT_LAST_FROM, OPT_LAST_TO, OPT_MEDIA, OPT_NO_DM, OPT_NO_CALL,
	OPT_NO_EMAIL, OPT_LIMIT, OPT_AFTER, OPT_FORMAT, OPT_FILTER,
	OPT_SAVE_FILTER, OPT_PHONE2, OPT_ADDRESS1, OPT_ADDRESS2,
	OPT_BIRTH_DATE, OPT_NOTES, OPT_REASON, OPT_REQUEST_ID, OPT_VERSION,
	OPT_ALLOW_DUP
};

static int set_qtext(struct cli *cli, struct customer_query *q,
		     enum customer_qfield f, const char *v)
{
	struct rd_error err;

	if (customer_query_set(q, f, v, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	return 0;
}

static void find_table_columns(struct table *t)
{
	table_add_column(t, "code", _("code"), TABLE_TEXT);
	table_add_column(t, "name", _("name"), TABLE_TEXT);
	table_add_column(t, "kana", _("reading"), TABLE_TEXT);
	table_add_column(t, "phone", _("phone"), TABLE_TEXT);
	table_add_column(t, "prefecture", _("prefecture"), TABLE_TEXT);
	table_add_column(t, "active_subscriptions", _("subs"), TABLE_INT);
	table_add_column(t, "last_order_date", _("last order"), TABLE_DATE);
	table_add_column(t, "ltv", _("lifetime value"), TABLE_MONEY);
	table_add_column(t, "match", C_("customer match", "match"), TABLE_TEXT);
}

static int cmd_find(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "phone", required_argument, NULL, OPT_PHONE },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "kana", required_argument, NULL, OPT_KANA },
		{ "code", required_argument, NULL, OPT_CODE },
		{ "email", required_argument, NULL, OPT_EMAIL },
		{ "postal", required_argument, NULL, OPT_POSTAL },
		{ "order", required_argument, NULL, OPT_ORDER },
		{ "prefecture", required_argument, NULL, OPT_PREFECTURE },
		{ "age-min", required_argument, NULL, OPT_AGE_MIN },
		{ "age-max", required_argument, NULL, OPT_AGE_MAX },
		{ "gender", required_argument, NULL, OPT_GENDER },
		{ "subscription", required_argument, NULL, OPT_SUBSCRIPTION },
		{ "product", required_argument, NULL, OPT_PRODUCT },
		{ "ltv-min", required_argument, NULL, OPT_LTV_MIN },
		{ "ltv-max", required_argument, NULL, OPT_LTV_MAX },
		{ "rfm", required_argument, NULL, OPT_RFM },
		{ "last-order-from", required_argument, NULL, OPT_LAST_FROM },
		{ "last-order-to", required_argument, NULL, OPT_LAST_TO },
		{ "media", required_argument, NULL, OPT_MEDIA },
		{ "no-dm", optional_argument, NULL, OPT_NO_DM },
		{ "no-call", optional_argument, NULL, OPT_NO_CALL },
		{ "no-email", optional_argument, NULL, OPT_NO_EMAIL },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "after", required_argument, NULL, OPT_AFTER },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "filter", required_argument, NULL, OPT_FILTER },
		{ "save-filter", required_argument, NULL, OPT_SAVE_FILTER },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	/* options are applied after a saved filter is loaded: keep them */
	struct { int opt; const char *arg; } given[64];
	int ngiven = 0;
	struct customer_query q;
	struct customer_cursor after, next;
	struct customer_count count = { 0, false };
	struct customer_row *rows = NULL;
	enum table_format fmt = TABLE_FMT_TABLE;
	const char *filter = NULL, *save = NULL, *after_s = NULL;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct table *t = NULL;
	long long limit = FIND_LIMIT_DEFAULT, v;
	int c, rc = 0, nrows = 0;
	char cursor[CUSTOMER_CODE_SIZE + 8];

	customer_query_init(&q);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			customer_usage(stdout);
			return 0;
		case OPT_FORMAT:
			if ((rc = parse_format_arg(cli, optarg, &fmt)) != 0)
				return rc;
			break;
		case OPT_LIMIT:
			if ((rc = cli_number(cli, "--limit", optarg, 1, CUSTOMER_PAGE_MAX, &limit)) != 0)
				return rc;
			break;
		case OPT_AFTER: after_s = optarg; break;
		case OPT_FILTER: filter = optarg; break;
		case OPT_SAVE_FILTER: save = optarg; break;
		case '?':
		case ':':
			return cli_fail(cli, RD_USAGE, _("unknown option or missing value '%s' for customer find"),
					argv[optind - 1]);
		default:
			if (ngiven >= (int)(sizeof(given) / sizeof(given[0])))
				return cli_fail(cli, RD_USAGE, _("too many options"));
			given[ngiven].opt = c;
			given[ngiven++].arg = optarg;
		}
	}
	if (optind < argc - 1)
		return cli_fail(cli, RD_USAGE,
			_("give the search as one argument (quote it when it has spaces): '%s %s'"),
			argv[optind], argv[optind + 1]);

	if (cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (filter && customer_filter_get(db, filter, &q, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if (optind == argc - 1 && (rc = set_qtext(cli, &q, CUSTOMER_Q_ANY, argv[optind])) != 0)
		goto out;
	for (int i = 0; i < ngiven; i++) {
		const char *a = given[i].arg;
		int yn;

		switch (given[i].opt) {
		case OPT_PHONE: rc = set_qtext(cli, &q, CUSTOMER_Q_PHONE, a); break;
		case OPT_NAME: rc = set_qtext(cli, &q, CUSTOMER_Q_NAME, a); break;
		case OPT_KANA: rc = set_qtext(cli, &q, CUSTOMER_Q_KANA, a); break;
		case OPT_CODE: rc = set_qtext(cli, &q, CUSTOMER_Q_CODE, a); break;
		case OPT_EMAIL: rc = set_qtext(cli, &q, CUSTOMER_Q_EMAIL, a); break;
		case OPT_POSTAL: rc = set_qtext(cli, &q, CUSTOMER_Q_POSTAL, a); break;
		case OPT_ORDER: rc = set_qtext(cli, &q, CUSTOMER_Q_ORDER, a); break;
		case OPT_PREFECTURE: rc = set_qtext(cli, &q, CUSTOMER_Q_PREFECTURE, a); break;
		case OPT_PRODUCT: rc = set_qtext(cli, &q, CUSTOMER_Q_PRODUCT, a); break;
		case OPT_MEDIA: rc = set_qtext(cli, &q, CUSTOMER_Q_MEDIA, a); break;
		case OPT_AGE_MIN:
			if ((rc = cli_number(cli, "--age-min", a, 0, 150, &v)) == 0)
				q.age_min = (int)v;
			break;
		case OPT_AGE_MAX:
			if ((rc = cli_number(cli, "--age-max", a, 0, 150, &v)) == 0)
				q.age_max = (int)v;
			break;
		case OPT_GENDER:
			if (strlen(a) != 1 || !strchr("fmx", a[0]))
				rc = cli_fail(cli, RD_USAGE, _("--gender is f, m or x, not '%s'"), a);
			else
				q.gender = a[0];
			break;
		case OPT_SUBSCRIPTION:
			if (customer_subscription_filter_parse(a, &q.subscription) != 0)
				rc = cli_fail(cli, RD_USAGE,
					_("--subscription is active, paused, cancelled or never, not '%s'"), a);
			break;
		case OPT_LTV_MIN:
		case OPT_LTV_MAX: {
			int64_t yen;

			if (money_parse(a, &yen, &err) != RD_OK || yen < 0) {
				rc = cli_fail(cli, RD_USAGE, _("%s needs an amount in yen, not '%s'"),
					      given[i].opt == OPT_LTV_MIN ? "--ltv-min" : "--ltv-max", a);
				break;
			}
			if (given[i].opt == OPT_LTV_MIN)
				q.ltv_min = yen;
			else
				q.ltv_max = yen;
			break;
		}
		case OPT_RFM:
			if (customer_rfm_parse(a, &q, &err) != RD_OK)
				rc = cli_fail_err(cli, &err);
			break;
		case OPT_LAST_FROM: rc = parse_date(cli, "--last-order-from", a, &q.last_order_from); break;
		case OPT_LAST_TO: rc = parse_date(cli, "--last-order-to", a, &q.last_order_to); break;
		case OPT_NO_DM:
		case OPT_NO_CALL:
		case OPT_NO_EMAIL:
			if ((yn = parse_yes_no(a)) < 0) {
				rc = cli_fail(cli, RD_USAGE, _("%s takes =yes or =no, not '%s'"),
					      given[i].opt == OPT_NO_DM ? "--no-dm" :
					      given[i].opt == OPT_NO_CALL ? "--no-call" : "--no-email", a);
				break;
			}
			if (given[i].opt == OPT_NO_DM)
				q.no_dm = yn;
			else if (given[i].opt == OPT_NO_CALL)
				q.no_call = yn;
			else
				q.no_email = yn;
			break;
		}
		if (rc)
			goto out;
	}
	if (customer_query_empty(&q)) {
		rc = cli_fail(cli, RD_USAGE,
			_("what should be found? give a QUERY, a key like --phone or a filter (see repeatdesk customer --help)"));
		goto out;
	}
	if (customer_query_check(&q, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if (after_s && customer_cursor_parse(after_s, &after, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if (save && customer_filter_save(db, save, &q, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	rows = xcalloc((size_t)limit, sizeof(*rows));
	if (customer_find(db, &q, after_s ? &after : NULL, rows, (int)limit, &nrows,
			  &next, &err) != RD_OK ||
	    customer_count(db, &q, &count, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}

	t = table_new();
	find_table_columns(t);
	for (int i = 0; i < nrows; i++) {
		const struct customer_row *r = &rows[i];

		table_add_row(t);
		table_set(t, 0, r->code);
		table_set(t, 1, r->name);
		table_set(t, 2, r->kana[0] ? r->kana : NULL);
		set_phone(t, 3, r->phone, fmt == TABLE_FMT_TABLE);
		table_set(t, 4, r->prefecture[0] ? r->prefecture : NULL);
		table_setf(t, 5, "%d", r->active_subscriptions);
		set_date(t, 6, r->last_order_date);
		table_setf(t, 7, "%lld", (long long)r->ltv);
		table_set_code(t, 8, match_name(r->match), match_words(r->match));
	}
	customer_cursor_format(&next, cursor, sizeof(cursor));
	if (fmt == TABLE_FMT_JSON) {
		struct sbuf sb;

		sbuf_init(&sb);
		sbuf_printf(&sb, "{\"count\":%lld,\"count_estimated\":%s,\"next\":",
			    count.n, count.estimated ? "true" : "false");
		json_write_str(&sb, cursor[0] ? cursor : NULL);
		sbuf_adds(&sb, ",\"customers\":");
		table_render(t, TABLE_FMT_JSON, &sb);
		while (sb.len && sb.buf[sb.len - 1] == '\n')
			sb.buf[--sb.len] = '\0';
		sbuf_adds(&sb, "}\n");
		print_sbuf(&sb);
		sbuf_done(&sb);
	} else if (nrows > 0) {
		cli_print(t, fmt, false);
		if (fmt == TABLE_FMT_TABLE) {
			if (count.estimated)
				printf(_("about %lld customers (estimated; more than %d)\n"),
				       count.n, CUSTOMER_COUNT_EXACT_MAX);
			else
				printf(dngettext(RD_TEXTDOMAIN, "%lld customer\n", "%lld customers\n",
						(unsigned long)count.n), count.n);
			if (cursor[0])
				printf(_("next page: --after %s\n"), cursor);
		}
	}
	if (nrows == 0)
		rc = cli_fail(cli, RD_NOT_FOUND, after_s ? _("no more customers")
						       : _("no customer matches; register one with 'repeatdesk customer add'"));
out:
	table_free(&t);
	free(rows);
	db_free(&db);
	return rc;
}

/* ------------------------------------------------------------------------
 * show */

static void customer_record(struct table *t, const struct customer *c, bool formatted)
{
	static const char *const cols[][2] = {
		{ "code", N_("code") }, { "name", N_("name") }, { "kana", N_("reading") },
		{ "phone1", N_("phone") }, { "phone2", N_("second phone") },
		{ "email", NC_("field", "e-mail") }, { "postal_code", N_("postal code") },
		{ "prefecture", N_("prefecture") }, { "address1", N_("address") },
		{ "address2", N_("building and room") }, { "birth_date", N_("birth date") },
		{ "gender", N_("gender") }, { "no_dm", N_("no direct mail") },
		{ "no_call", N_("no sales calls") }, { "no_email", N_("no mail magazine") },
		{ "notes", N_("notes") }, { "ltv", N_("LTV") }, { "order_count", N_("orders") },
		{ "first_order_date", N_("first order") }, { "last_order_date", N_("last order") },
		{ "rfm_r", "R" }, { "rfm_f", "F" }, { "rfm_m", "M" },
		{ "version", N_("version") }, { "created_at", N_("registered") },
		{ "updated_at", N_("last changed") },
	};
	static const enum table_type types[] = {
		TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT,
		TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_TEXT, TABLE_DATE, TABLE_TEXT,
		TABLE_BOOL, TABLE_BOOL, TABLE_BOOL, TABLE_TEXT, TABLE_MONEY, TABLE_INT,
		TABLE_DATE, TABLE_DATE, TABLE_INT, TABLE_INT, TABLE_INT, TABLE_INT,
		TABLE_DATE, TABLE_DATE,
	};
	struct sbuf sb;
	char g[2] = { c->gender, '\0' };
	int i = 0;

	for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
		table_add_column(t, cols[k][0], cols[k][1] ? _(cols[k][1]) : NULL, types[k]);
	table_add_row(t);
	table_set(t, i++, c->code);
	table_set(t, i++, c->name);
	table_set(t, i++, c->kana[0] ? c->kana : NULL);
	set_phone(t, i++, c->phone1, formatted);
	set_phone(t, i++, c->phone2, formatted);
	table_set(t, i++, c->email[0] ? c->email : NULL);
	if (c->postal[0]) {
		sbuf_init(&sb);
		if (formatted)
			normalize_postal_format(&sb, c->postal);
		else
			sbuf_adds(&sb, c->postal);
		table_set(t, i, sb.buf);
		sbuf_done(&sb);
	}
	i++;
	table_set(t, i++, c->prefecture[0] ? c->prefecture : NULL);
	table_set(t, i++, c->address1[0] ? c->address1 : NULL);
	table_set(t, i++, c->address2[0] ? c->address2 : NULL);
	set_date(t, i++, c->birth_date);
	table_set_code(t, i++, c->gender ? g : NULL, history_enum_words("customers", "gender", g));
	table_set(t, i++, c->no_dm ? "true" : "false");
	table_set(t, i++, c->no_call ? "true" : "false");
	table_set(t, i++, c->no_email ? "true" : "false");
	table_set(t, i++, c->notes);
	table_setf(t, i++, "%lld", (long long)c->ltv);
	table_setf(t, i++, "%d", c->order_count);
	set_date(t, i++, c->first_order_date);
	set_date(t, i++, c->last_order_date);
	if (c->rfm_r) table_setf(t, i, "%d", c->rfm_r);
	i++;
	if (c->rfm_f) table_setf(t, i, "%d", c->rfm_f);
	i++;
	if (c->rfm_m) table_setf(t, i, "%d", c->rfm_m);
	i++;
	table_setf(t, i++, "%d", c->version);
	table_set(t, i++, c->created_at);
	table_set(t, i++, c->updated_at);
}

/* Appends "title" and the table (table format), or ,"key":[...] (json). */
static void card_section(struct sbuf *out, enum table_format fmt, const char *key,
			 const char *title, const struct table *t)
{
	if (fmt == TABLE_FMT_JSON) {
		sbuf_printf(out, ",\"%s\":", key);
		table_render(t, TABLE_FMT_JSON, out);
		while (out->len && out->buf[out->len - 1] == '\n')
			out->buf[--out->len] = '\0';
		return;
	}
	sbuf_printf(out, "\n%s\n", title);
	if (table_rows(t) == 0)
		sbuf_printf(out, "  %s\n", _("(none)"));
	else
		table_render(t, TABLE_FMT_TABLE, out);
}

static int print_card(struct rd_db *db, const struct customer *c,
		      enum table_format fmt, struct rd_error *err)
{
	struct customer_subscription subs[CARD_ROWS];
	struct customer_order orders[CARD_ROWS];
	struct customer_inquiry inq[CARD_ROWS];
	struct customer_change hist[CARD_ROWS];
	int nsubs, norders, ninq, nhist;
	struct table *t;
	struct sbuf out;

	if (customer_subscriptions(db, c->id, subs, CARD_ROWS, &nsubs, err) != RD_OK ||
	    customer_orders(db, c->id, orders, CARD_ROWS, &norders, err) != RD_OK ||
	    customer_inquiries(db, c->id, inq, CARD_ROWS, &ninq, err) != RD_OK ||
	    customer_history(db, c->id, hist, CARD_ROWS, &nhist, err) != RD_OK)
		return -1;
	sbuf_init(&out);
	t = table_new();
	customer_record(t, c, fmt == TABLE_FMT_TABLE);
	if (fmt == TABLE_FMT_CSV) {
		table_render_record(t, fmt, &out);
		table_free(&t);
		print_sbuf(&out);
		sbuf_done(&out);
		return 0;
	}
	if (fmt == TABLE_FMT_JSON) {
		sbuf_adds(&out, "{\"customer\":");
		table_render_record(t, fmt, &out);
		while (out.len && out.buf[out.len - 1] == '\n')
			out.buf[--out.len] = '\0';
	} else {
		table_render_record(t, fmt, &out);
	}
	table_free(&t);

	t = table_new();
	table_add_column(t, "id", _("subscription"), TABLE_INT);
	table_add_column(t, "status", _("status"), TABLE_TEXT);
	table_add_column(t, "cycle", _("cycle"), TABLE_TEXT);
	table_add_column(t, "cycle_words", _("every"), TABLE_TEXT);
	table_add_column(t, "next_date", _("next"), TABLE_DATE);
	table_add_column(t, "paused_until", _("paused until"), TABLE_DATE);
	table_add_column(t, "deliveries", _("deliveries made"), TABLE_INT);
	/* the next delivery as the customer pays it (総額表示); json and csv
	 * keep "amount", its goods tax excluded, for scripts */
	table_add_column(t, "amount_tax_included", _("per delivery (tax incl.)"), TABLE_MONEY);
	table_add_column(t, "products", _("products"), TABLE_TEXT);
	if (fmt != TABLE_FMT_TABLE)
		table_add_column(t, "amount", _("amount"), TABLE_MONEY);
	for (int i = 0; i < nsubs; i++) {
		struct cycle cy;
		struct sbuf words;

		table_add_row(t);
		table_setf(t, 0, "%lld", subs[i].id);
		table_set_code(t, 1, subs[i].status,
			       history_enum_words("subscriptions", "status", subs[i].status));
		table_set(t, 2, subs[i].cycle);
		sbuf_init(&words);
		if (cycle_parse(subs[i].cycle, &cy, NULL) == RD_OK)
			cycle_describe(&cy, &words);
		table_set(t, 3, words.buf);
		sbuf_done(&words);
		set_date(t, 4, subs[i].next_date);
		set_date(t, 5, subs[i].paused_until);
		table_setf(t, 6, "%d", subs[i].delivery_count);
		table_setf(t, 7, "%lld", (long long)subs[i].amount_tax_included);
		table_set(t, 8, subs[i].products);
		if (fmt != TABLE_FMT_TABLE)
			table_setf(t, 9, "%lld", (long long)subs[i].amount);
	}
	card_section(&out, fmt, "subscriptions", _("Subscriptions (active and paused)"), t);
	table_free(&t);

	t = table_new();
	table_add_column(t, "order_no", _("order"), TABLE_TEXT);
	table_add_column(t, "order_date", _("date"), TABLE_DATE);
	table_add_column(t, "status", _("status"), TABLE_TEXT);
	table_add_column(t, "total", _("total"), TABLE_MONEY);
	table_add_column(t, "delivery_no", _("delivery"), TABLE_INT);
	table_add_column(t, "media", _("media code"), TABLE_TEXT);
	for (int i = 0; i < norders; i++) {
		table_add_row(t);
		table_set(t, 0, orders[i].order_no);
		set_date(t, 1, orders[i].order_date);
		table_set_code(t, 2, orders[i].status,
			       history_enum_words("orders", "status", orders[i].status));
		table_setf(t, 3, "%lld", (long long)orders[i].total);
		if (orders[i].delivery_no)
			table_setf(t, 4, "%d", orders[i].delivery_no);
		table_set(t, 5, orders[i].media[0] ? orders[i].media : NULL);
	}
	card_section(&out, fmt, "orders", _("Last orders"), t);
	table_free(&t);

	t = table_new();
	table_add_column(t, "id", _("inquiry"), TABLE_INT);
	table_add_column(t, "opened_at", _("opened"), TABLE_DATE);
	table_add_column(t, "status", _("status"), TABLE_TEXT);
	table_add_column(t, "category", _("category"), TABLE_TEXT);
	table_add_column(t, "priority", _("priority"), TABLE_TEXT);
	table_add_column(t, "assignee", _("assignee"), TABLE_TEXT);
	table_add_column(t, "subject", _("subject"), TABLE_TEXT);
	for (int i = 0; i < ninq; i++) {
		table_add_row(t);
		table_setf(t, 0, "%lld", inq[i].id);
		table_set(t, 1, inq[i].opened_at);
		table_set_code(t, 2, inq[i].status,
			       history_enum_words("inquiries", "status", inq[i].status));
		table_set_code(t, 3, inq[i].category,
			       history_enum_words("inquiries", "category", inq[i].category));
		table_set_code(t, 4, inq[i].priority,
			       history_enum_words("inquiries", "priority", inq[i].priority));
		table_set(t, 5, inq[i].assignee[0] ? inq[i].assignee : NULL);
		table_set(t, 6, inq[i].subject);
	}
	card_section(&out, fmt, "inquiries", _("Open inquiries"), t);
	table_free(&t);

	t = table_new();
	table_add_column(t, "at", _("when"), TABLE_DATE);
	table_add_column(t, "actor", _("who"), TABLE_TEXT);
	table_add_column(t, "table", _("what"), TABLE_TEXT);
	table_add_column(t, "op", _("operation"), TABLE_TEXT);
	table_add_column(t, "changed", _("changed"), TABLE_TEXT);
	table_add_column(t, "reason", _("why"), TABLE_TEXT);
	for (int i = 0; i < nhist; i++) {
		table_add_row(t);
		table_set(t, 0, hist[i].at);
		table_set(t, 1, hist[i].actor);
		table_set_code(t, 2, hist[i].table, history_table_label(hist[i].table));
		table_set_code(t, 3, hist[i].op,
			       history_enum_words(hist[i].table, "op", hist[i].op));
		table_set(t, 4, hist[i].changed);
		if (hist[i].changed[0]) {
			struct sbuf cols;

			sbuf_init(&cols);
			history_labels(hist[i].table, hist[i].changed, &cols);
			table_set_words(t, 4, cols.buf);
			sbuf_done(&cols);
		}
		table_set(t, 5, hist[i].reason[0] ? hist[i].reason : NULL);
	}
	card_section(&out, fmt, "history", _("Latest changes"), t);
	table_free(&t);
	if (fmt == TABLE_FMT_JSON)
		sbuf_adds(&out, "}\n");
	print_sbuf(&out);
	sbuf_done(&out);
	return 0;
}

static int cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum table_format fmt = TABLE_FMT_TABLE;
	struct customer *cu;
	struct rd_db *db = NULL;
	struct rd_error err;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			customer_usage(stdout);
			return 0;
		case OPT_FORMAT:
			if ((rc = parse_format_arg(cli, optarg, &fmt)) != 0)
				return rc;
			break;
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option or missing value '%s' for customer show"),
					argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_fail(cli, RD_USAGE, _("customer show needs exactly one customer code (like C0000123)"));
	if (cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	cu = xmalloc(sizeof(*cu));
	if (customer_get(db, argv[optind], cu, &err) != RD_OK ||
	    print_card(db, cu, fmt, &err) != 0)
		rc = cli_fail_err(cli, &err);
	free(cu);
	db_free(&db);
	return rc;
}

/* ------------------------------------------------------------------------
 * add and edit */

static const struct option field_opts[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "kana", required_argument, NULL, OPT_KANA },
	{ "phone", required_argument, NULL, OPT_PHONE },
	{ "phone2", required_argument, NULL, OPT_PHONE2 },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "postal", required_argument, NULL, OPT_POSTAL },
	{ "prefecture", required_argument, NULL, OPT_PREFECTURE },
	{ "address1", required_argument, NULL, OPT_ADDRESS1 },
	{ "address2", required_argument, NULL, OPT_ADDRESS2 },
	{ "birth-date", required_argument, NULL, OPT_BIRTH_DATE },
	{ "gender", required_argument, NULL, OPT_GENDER },
	{ "no-dm", required_argument, NULL, OPT_NO_DM },
	{ "no-call", required_argument, NULL, OPT_NO_CALL },
	{ "no-email", required_argument, NULL, OPT_NO_EMAIL },
	{ "notes", required_argument, NULL, OPT_NOTES },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "request-id", required_argument, NULL, OPT_REQUEST_ID },
	{ "version", required_argument, NULL, OPT_VERSION },
	{ "allow-duplicate", no_argument, NULL, OPT_ALLOW_DUP },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct edit_opts {
	unsigned fields;
	const char *reason;
	const char *request_id;
	long long version;      /* -1: not given */
	bool allow_duplicate;
	enum table_format fmt;
};

/* Copies an option's text into a field, refusing what does not fit. */
static int put_text(struct cli *cli, char *dst, size_t dstsz, const char *v,
		    enum customer_field f)
{
	if (strlen(v) >= dstsz)
		return cli_fail(cli, RD_INVALID, _("the %s is too long"), customer_field_label(f));
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

/* Reads the FIELDS options into c (fields set in o->fields). */
static int parse_fields(struct cli *cli, int argc, char **argv, const char *cmd,
			struct customer *c, struct edit_opts *o)
{
	int opt, rc = 0;
	long long v;

	memset(o, 0, sizeof(*o));
	o->version = -1;
	o->fmt = TABLE_FMT_TABLE;
	while ((opt = getopt_long(argc, argv, "h", field_opts, NULL)) != -1) {
		const char *a = optarg;
		int f = -1, yn;

		switch (opt) {
		case 'h':
			customer_usage(stdout);
			return -1;
		case OPT_NAME: f = CUSTOMER_F_NAME; rc = put_text(cli, c->name, sizeof(c->name), a, f); break;
		case OPT_KANA: f = CUSTOMER_F_KANA; rc = put_text(cli, c->kana, sizeof(c->kana), a, f); break;
		case OPT_PHONE: f = CUSTOMER_F_PHONE1;
			rc = put_text(cli, c->phone1, sizeof(c->phone1), a, f); break;
		case OPT_PHONE2: f = CUSTOMER_F_PHONE2;
			rc = put_text(cli, c->phone2, sizeof(c->phone2), a, f); break;
		case OPT_EMAIL: f = CUSTOMER_F_EMAIL;
			rc = put_text(cli, c->email, sizeof(c->email), a, f); break;
		case OPT_POSTAL: f = CUSTOMER_F_POSTAL;
			rc = put_text(cli, c->postal, sizeof(c->postal), a, f); break;
		case OPT_PREFECTURE: f = CUSTOMER_F_PREFECTURE;
			rc = put_text(cli, c->prefecture, sizeof(c->prefecture), a, f); break;
		case OPT_ADDRESS1: f = CUSTOMER_F_ADDRESS1;
			rc = put_text(cli, c->address1, sizeof(c->address1), a, f); break;
		case OPT_ADDRESS2: f = CUSTOMER_F_ADDRESS2;
			rc = put_text(cli, c->address2, sizeof(c->address2), a, f); break;
		case OPT_NOTES: f = CUSTOMER_F_NOTES;
			rc = put_text(cli, c->notes, sizeof(c->notes), a, f); break;
		case OPT_BIRTH_DATE:
			f = CUSTOMER_F_BIRTH_DATE;
			if (!*a)
				c->birth_date = CUSTOMER_NO_DATE;
			else
				rc = parse_date(cli, "--birth-date", a, &c->birth_date);
			break;
		case OPT_GENDER:
			f = CUSTOMER_F_GENDER;
			if (!*a)
				c->gender = 0;
			else if (strlen(a) != 1 || !strchr("fmx", a[0]))
				rc = cli_fail(cli, RD_USAGE, _("--gender is f, m or x (or \"\" for none), not '%s'"), a);
			else
				c->gender = a[0];
			break;
		case OPT_NO_DM:
		case OPT_NO_CALL:
		case OPT_NO_EMAIL:
			f = opt == OPT_NO_DM ? CUSTOMER_F_NO_DM : opt == OPT_NO_CALL ? CUSTOMER_F_NO_CALL
										  : CUSTOMER_F_NO_EMAIL;
			if ((yn = parse_yes_no(a)) < 0)
				rc = cli_fail(cli, RD_USAGE, _("--%s takes yes or no, not '%s'"),
					      opt == OPT_NO_DM ? "no-dm" : opt == OPT_NO_CALL ? "no-call" : "no-email", a);
			else if (opt == OPT_NO_DM)
				c->no_dm = yn;
			else if (opt == OPT_NO_CALL)
				c->no_call = yn;
			else
				c->no_email = yn;
			break;
		case OPT_REASON: o->reason = a; break;
		case OPT_REQUEST_ID: o->request_id = a; break;
		case OPT_VERSION:
			rc = cli_number(cli, "--version", a, 1, 2147483647LL, &v);
			o->version = v;
			break;
		case OPT_ALLOW_DUP: o->allow_duplicate = true; break;
		case OPT_FORMAT: rc = parse_format_arg(cli, a, &o->fmt); break;
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option or missing value '%s' for customer %s"),
					argv[optind - 1], cmd);
		}
		if (rc)
			return rc;
		if (f >= 0)
			o->fields |= CUSTOMER_BIT(f);
	}
	if (!o->reason || !*o->reason)
		return cli_fail(cli, RD_USAGE, _("customer %s needs --reason TEXT (kept in the history)"), cmd);
	return 0;
}

static int print_saved(const struct customer *c, enum table_format fmt, const char *what)
{
	if (fmt == TABLE_FMT_TABLE) {
		printf(_("customer %s %s (version %d)\n"), c->code, what, c->version);
	} else {
		struct table *t = table_new();

		customer_record(t, c, false);
		cli_print(t, fmt, true);
		table_free(&t);
	}
	return 0;
}

static int cmd_add(struct cli *cli, int argc, char **argv)
{
	struct customer *c = xmalloc(sizeof(*c));
	struct customer_duplicate dups[5];
	struct edit_opts o;
	struct rd_db *db = NULL;
	struct rd_error err;
	int rc, ndup = 0, bad;

	customer_init(c);
	if ((rc = parse_fields(cli, argc, argv, "add", c, &o)) != 0)
		goto out;
	if (optind != argc) {
		rc = cli_fail(cli, RD_USAGE, _("customer add takes options only, not '%s'"), argv[optind]);
		goto out;
	}
	if (o.version >= 0) {
		rc = cli_fail(cli, RD_USAGE, _("--version is for customer edit"));
		goto out;
	}
	if (customer_normalize(c, CUSTOMER_FIELDS_ALL, &bad, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if (cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if (o.request_id) {
		struct customer *done = xmalloc(sizeof(*done));

		if (customer_by_request(db, o.request_id, done, &err) == RD_OK) {
			rc = print_saved(done, o.fmt, _("was already added by this request"));
			free(done);
			goto out;
		}
		free(done);
		if (err.status != RD_NOT_FOUND) {
			rc = cli_fail_err(cli, &err);
			goto out;
		}
	}
	if (!o.allow_duplicate) {
		if (customer_duplicates(db, c, dups, 5, &ndup, &err) != RD_OK) {
			rc = cli_fail_err(cli, &err);
			goto out;
		}
		if (ndup > 0) {
			rc = cli_fail(cli, RD_DUPLICATE,
				_("maybe already registered: %s %s (%s); nothing was added (add --allow-duplicate to register anyway)"),
				dups[0].code, dups[0].name,
				dups[0].same_phone ? _("same phone number") : _("same name and birth date"));
			for (int i = 1; i < ndup; i++)
				fprintf(stderr, "  %s %s (%s)\n", dups[i].code, dups[i].name,
					dups[i].same_phone ? _("same phone number") : _("same name and birth date"));
			goto out;
		}
	}
	if (customer_add(db, c, o.reason, o.request_id, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	rc = print_saved(c, o.fmt, _("added"));
out:
	db_free(&db);
	free(c);
	return rc;
}

static const char *field_text(const struct customer *c, enum customer_field f,
			      char *buf, size_t bufsz)
{
	switch (f) {
	case CUSTOMER_F_NAME: return c->name;
	case CUSTOMER_F_KANA: return c->kana;
	case CUSTOMER_F_PHONE1: return c->phone1;
	case CUSTOMER_F_PHONE2: return c->phone2;
	case CUSTOMER_F_EMAIL: return c->email;
	case CUSTOMER_F_POSTAL: return c->postal;
	case CUSTOMER_F_PREFECTURE: return c->prefecture;
	case CUSTOMER_F_ADDRESS1: return c->address1;
	case CUSTOMER_F_ADDRESS2: return c->address2;
	case CUSTOMER_F_BIRTH_DATE:
		return c->birth_date == CUSTOMER_NO_DATE ? "" : date_format_iso(c->birth_date, buf);
	case CUSTOMER_F_GENDER:
		snprintf(buf, bufsz, "%c", c->gender ? c->gender : ' ');
		return buf;
	case CUSTOMER_F_NO_DM: return c->no_dm ? "yes" : "no";
	case CUSTOMER_F_NO_CALL: return c->no_call ? "yes" : "no";
	case CUSTOMER_F_NO_EMAIL: return c->no_email ? "yes" : "no";
	case CUSTOMER_F_NOTES: return c->notes;
	case CUSTOMER_F_COUNT: break;
	}
	return "";
}

static int cmd_edit(struct cli *cli, int argc, char **argv)
{
	struct customer *c = xmalloc(sizeof(*c));
	struct customer *now = xmalloc(sizeof(*now));
	struct customer *edits = xmalloc(sizeof(*edits));
	struct edit_opts o;
	struct rd_db *db = NULL;
	struct rd_error err;
	const char *code;
	enum rd_status st;
	int rc;

	customer_init(edits);
	/* the CODE may come before the options (getopt permutes) */
	if ((rc = parse_fields(cli, argc, argv, "edit", edits, &o)) != 0)
		goto out;
	if (optind != argc - 1) {
		rc = cli_fail(cli, RD_USAGE, _("customer edit needs exactly one customer code (like C0000123)"));
		goto out;
	}
	code = argv[optind];
	if (!o.fields) {
		rc = cli_fail(cli, RD_USAGE, _("nothing to change: give a field such as --phone or --address1"));
		goto out;
	}
	if (customer_normalize(edits, o.fields, NULL, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if (cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if (customer_get(db, code, c, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	/* the version named is the one the UPDATE checks: the caller's, or
	 * the one just read */
	if (o.version >= 0)
		c->version = (int)o.version;
	for (int f = 0; f < CUSTOMER_F_COUNT; f++) {
		char buf[DATE_ISO_SIZE + 4];

		if (!(o.fields & CUSTOMER_BIT(f)))
			continue;
		switch (f) {
		case CUSTOMER_F_BIRTH_DATE: c->birth_date = edits->birth_date; break;
		case CUSTOMER_F_GENDER: c->gender = edits->gender; break;
		case CUSTOMER_F_NO_DM: c->no_dm = edits->no_dm; break;
		case CUSTOMER_F_NO_CALL: c->no_call = edits->no_call; break;
		case CUSTOMER_F_NO_EMAIL: c->no_email = edits->no_email; break;
		default: {
			const char *v = field_text(edits, (enum customer_field)f, buf, sizeof(buf));
			char *dst = (char *)field_text(c, (enum customer_field)f, buf, sizeof(buf));

			memmove(dst, v, strlen(v) + 1);
		}
		}
	}
	st = customer_update(db, c, o.fields, o.reason, o.request_id, now, &err);
	if (st == RD_CONFLICT) {
		rc = cli_fail_err(cli, &err);
		for (int f = 0; f < CUSTOMER_F_COUNT; f++) {
			char b1[DATE_ISO_SIZE + 4], b2[DATE_ISO_SIZE + 4];

			if (!(o.fields & CUSTOMER_BIT(f)))
				continue;
			fprintf(stderr, _("  %s: yours '%s', now '%s'\n"),
				customer_field_label((enum customer_field)f),
				field_text(c, (enum customer_field)f, b1, sizeof(b1)),
				field_text(now, (enum customer_field)f, b2, sizeof(b2)));
		}
		goto out;
	}
	if (st != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	rc = print_saved(c, o.fmt, _("saved"));
out:
	db_free(&db);
	free(c);
	free(now);
	free(edits);
	return rc;
}

/* ------------------------------------------------------------------------
 * saved filters */

static int cmd_filters(struct cli *cli, int argc, char **argv)
{
	struct customer_filter_info list[100];
	enum table_format fmt = TABLE_FMT_TABLE;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct table *t;
	int n;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if (cli_parse_format(cli, argv[++i], &fmt) != 0)
				return 2;
		} else if (strncmp(argv[i], "--format=", 9) == 0) {
			if (cli_parse_format(cli, argv[i] + 9, &fmt) != 0)
				return 2;
		} else if (cli_is_help(argv[i])) {
			customer_usage(stdout);
			return 0;
		} else {
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for customer filters"), argv[i]);
		}
	}
	if (cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (customer_filter_list(db, list, 100, &n, &err) != RD_OK) {
		db_free(&db);
		return cli_fail_err(cli, &err);
	}
	t = table_new();
	table_add_column(t, "name", _("name"), TABLE_TEXT);
	table_add_column(t, "version", _("version"), TABLE_INT);
	table_add_column(t, "updated_at", _("saved"), TABLE_DATE);
	table_add_column(t, "filter", _("filter"), TABLE_JSON);
	for (int i = 0; i < n; i++) {
		struct customer_query q;
		struct sbuf js;

		table_add_row(t);
		table_set(t, 0, list[i].name);
		table_setf(t, 1, "%d", list[i].version);
		table_set(t, 2, list[i].updated_at);
		sbuf_init(&js);
		if (customer_filter_get(db, list[i].name, &q, NULL) == RD_OK)
			customer_query_to_json(&q, &js);
		table_set(t, 3, js.buf);
		sbuf_done(&js);
	}
	cli_print(t, fmt, false);
	table_free(&t);
	db_free(&db);
	return 0;
}

static int cmd_filter_delete(struct cli *cli, int argc, char **argv)
{
	struct rd_db *db = NULL;
	struct rd_error err;
	int rc = 0;

	if (argc != 2 || cli_is_help(argv[1])) {
		customer_usage(argc == 2 ? stdout : stderr);
		return argc == 2 ? 0 : 2;
	}
	if (cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (customer_filter_delete(db, argv[1], &err) != RD_OK)
		rc = cli_fail_err(cli, &err);
	else
		printf(_("filter '%s' deleted\n"), argv[1]);
	db_free(&db);
	return rc;
}

int cli_cmd_customer(struct cli *cli, int argc, char **argv)
{
	struct rd_error err;
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || cli_is_help(sub)) {
		customer_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (strcmp(sub, "find") != 0 && strcmp(sub, "show") != 0 &&
	    strcmp(sub, "add") != 0 && strcmp(sub, "edit") != 0 &&
	    strcmp(sub, "filters") != 0 && strcmp(sub, "filter-delete") != 0)
		return cli_fail(cli, RD_USAGE,
			_("unknown customer command '%s' (see repeatdesk customer --help)"), sub);
	if (cli_resolve(cli, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	opterr = 0;
	if (strcmp(sub, "find") == 0)
		return cmd_find(cli, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return cmd_show(cli, argc - 1, argv + 1);
	if (strcmp(sub, "add") == 0)
		return cmd_add(cli, argc - 1, argv + 1);
	if (strcmp(sub, "edit") == 0)
		return cmd_edit(cli, argc - 1, argv + 1);
	if (strcmp(sub, "filters") == 0)
		return cmd_filters(cli, argc - 1, argv + 1);
	return cmd_filter_delete(cli, argc - 1, argv + 1);
}
