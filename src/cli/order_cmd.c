/* order_cmd.c: `repeatdesk order create|show|list|change|cancel|return`.
 *
 * The same store functions as the order screen (store/order.h): create
 * is order_quote (the confirmation, with bundling offers and upsells)
 * then order_submit; --dry-run stops after the confirmation. */
#include "repeatdesk/csv.h"
#include "repeatdesk/date.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/money.h"
#include "repeatdesk/order.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_MAX 200
#define HISTORY_MAX 200

static void order_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk order create --customer CODE --item SKU:QTY [--item SKU:QTY...]\n"
		"              --payment card|cod|deferred|bank [--card-token T --card-last4 NNNN]\n"
		"              [--date YYYY-MM-DD|none] [--slot none|morning|14-16|16-18|18-20|19-21]\n"
		"              [--media CODE] [--subscribe CYCLE] [--address ID] [--notes TEXT]\n"
		"              [--bundle-with ORDER_NO | --bundle-with-subscription ID]\n"
		"              [--request-id UUID] [--reason TEXT] [--dry-run] [--format F]\n"
		"       repeatdesk order show ORDER_NO [--history] [--format F]\n"
		"       repeatdesk order show --request-id UUID [--format F]\n"
		"       repeatdesk order list --customer CODE [--limit N] [--format F]\n"
		"       repeatdesk order change ORDER_NO --version V --reason TEXT [--date D|none]\n"
		"              [--slot S] [--payment P [--card-token T --card-last4 NNNN]]\n"
		"              [--item SKU:QTY...] [--notes TEXT] [--request-id UUID] [--format F]\n"
		"       repeatdesk order cancel ORDER_NO --reason TEXT [--version V] [--request-id UUID]\n"
		"              [--subscription cancel|keep]\n"
		"       repeatdesk order return ORDER_NO --reason TEXT [--version V] [--request-id UUID]\n"
		"\n"
		"create checks everything, shows the confirmation (totals per tax rate,\n"
		"fees, inserts, what the order could ship with) and saves the order once:\n"
		"the same --request-id again returns the same order. --dry-run only shows\n"
		"the confirmation. Card payment takes the payment gateway's token and the\n"
		"last four digits; never a card number. --subscribe starts a subscription\n"
		"(cycles as in 'repeatdesk cycle') whose delivery 1 is this order.\n"
		"--bundle-with ships the order in one parcel with an order to the same\n"
		"address (one shipping fee, one COD fee, the parcel's date). Cancelling\n"
		"delivery 1 of a subscription needs --subscription: cancel it too, or\n"
		"keep it with its next delivery as delivery 1.\n"
		"F is table, json or csv.\n"), out);
}

/* ---- options ------------------------------------------------------------ */

enum {
	OPT_CUSTOMER = 256, OPT_ITEM, OPT_PAYMENT, OPT_TOKEN, OPT_LAST4, OPT_DATE,
	OPT_SLOT, OPT_MEDIA, OPT_SUBSCRIBE, OPT_BUNDLE, OPT_BUNDLE_SUB, OPT_ADDRESS,
	OPT_NOTES, OPT_REQUEST, OPT_REASON, OPT_DRY, OPT_FORMAT, OPT_HISTORY,
	OPT_LIMIT, OPT_VERSION, OPT_SUB_CHOICE
};
#define OPT_LAST OPT_SUB_CHOICE

static const struct option order_opts[] = {
	{ "customer", required_argument, NULL, OPT_CUSTOMER },
	{ "item", required_argument, NULL, OPT_ITEM },
	{ "payment", required_argument, NULL, OPT_PAYMENT },
	{ "card-token", required_argument, NULL, OPT_TOKEN },
	{ "card-last4", required_argument, NULL, OPT_LAST4 },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "slot", required_argument, NULL, OPT_SLOT },
	{ "media", required_argument, NULL, OPT_MEDIA },
	{ "subscribe", required_argument, NULL, OPT_SUBSCRIBE },
	{ "bundle-with", required_argument, NULL, OPT_BUNDLE },
	{ "bundle-with-subscription", required_argument, NULL, OPT_BUNDLE_SUB },
	{ "address", required_argument, NULL, OPT_ADDRESS },
	{ "notes", required_argument, NULL, OPT_NOTES },
	{ "request-id", required_argument, NULL, OPT_REQUEST },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "dry-run", no_argument, NULL, OPT_DRY },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "history", no_argument, NULL, OPT_HISTORY },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "version", required_argument, NULL, OPT_VERSION },
	{ "subscription", required_argument, NULL, OPT_SUB_CHOICE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Everything any order subcommand may be given; each checks what it
 * accepts. */
struct order_args {
	const char *customer, *payment, *token, *last4, *date, *slot, *media;
	const char *subscribe, *bundle, *bundle_sub, *address, *notes, *request_id;
	const char *reason, *limit, *version, *sub_choice;
	const char *items[ORDER_MAX_LINES + 1];
	size_t nitems;
	bool dry_run, history, seen[OPT_LAST + 1];
	enum table_format fmt;
	const char *arg;   /* the one positional argument */
};

static int parse_args(struct cli *cli, const char *cmd, int argc, char **argv,
		      struct order_args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	a->fmt = TABLE_FMT_TABLE;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", order_opts, NULL)) != -1) {
		if (c >= OPT_CUSTOMER && c <= OPT_LAST)
			a->seen[c] = true;
		switch (c) {
		case OPT_CUSTOMER: a->customer = optarg; break;
		case OPT_ITEM:
			if (a->nitems >= ORDER_MAX_LINES)
				return cli_fail(cli, RD_INVALID,
					_("items: at most %d products in one order"), ORDER_MAX_LINES);
			a->items[a->nitems++] = optarg;
			break;
		case OPT_PAYMENT: a->payment = optarg; break;
		case OPT_TOKEN: a->token = optarg; break;
		case OPT_LAST4: a->last4 = optarg; break;
		case OPT_DATE: a->date = optarg; break;
		case OPT_SLOT: a->slot = optarg; break;
		case OPT_MEDIA: a->media = optarg; break;
		case OPT_SUBSCRIBE: a->subscribe = optarg; break;
		case OPT_BUNDLE: a->bundle = optarg; break;
		case OPT_BUNDLE_SUB: a->bundle_sub = optarg; break;
		case OPT_ADDRESS: a->address = optarg; break;
		case OPT_NOTES: a->notes = optarg; break;
		case OPT_REQUEST: a->request_id = optarg; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_DRY: a->dry_run = true; break;
		case OPT_HISTORY: a->history = true; break;
		case OPT_LIMIT: a->limit = optarg; break;
		case OPT_VERSION: a->version = optarg; break;
		case OPT_SUB_CHOICE: a->sub_choice = optarg; break;
		case OPT_FORMAT:
			if (cli_parse_format(cli, optarg, &a->fmt) != 0)
				return 2;
			break;
		case 'h':
			order_usage(stdout);
			return -1;
		default: {
			if (optopt >= OPT_CUSTOMER && optopt <= OPT_LAST)
				return cli_fail(cli, RD_USAGE, _("--%s needs a value (see repeatdesk order --help)"),
						order_opts[optopt - OPT_CUSTOMER].name);
			/* never echo an option's value: it might be a card number */
			const char *o = argv[optind - 1];
			size_t n = strcspn(o, "=");

			return cli_fail(cli, RD_USAGE, _("unknown option '%.*s' for order %s (see repeatdesk order --help)"),
					(int)(n > 40 ? 40 : n), o, cmd);
		}
		}
	}
	if (optind < argc)
		a->arg = argv[optind++];
	if (optind < argc)
		return cli_fail(cli, RD_USAGE, _("order %s takes one argument; '%s' is one too many"),
				cmd, argv[optind]);
	return 0;
}

/* Refuses options that cmd does not take. allowed: OPT_* list ended by 0. */
static int only(struct cli *cli, const char *cmd, const struct order_args *a,
		const int *allowed)
{
	for (int o = OPT_CUSTOMER; o <= OPT_LAST; o++) {
		bool ok = false;

		if (!a->seen[o])
			continue;
		for (const int *p = allowed; *p; p++)
			ok = ok || *p == o;
		if (!ok)
			return cli_fail(cli, RD_USAGE, _("order %s does not take --%s"), cmd,
					order_opts[o - OPT_CUSTOMER].name);
	}
	return 0;
}

/* "SKU:QTY" (or "SKU" for one) into item; index from 0 names it. */
static int parse_item(struct cli *cli, const char *s, size_t index, struct order_item *it)
{
	const char *colon = strrchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	struct rd_error err;
	char q[32];

	memset(it, 0, sizeof(*it));
	if (n == 0 || n >= sizeof(it->sku))
		return cli_fail(cli, RD_INVALID, _("item %zu: '%s' is not SKU:QUANTITY"), index + 1,
				rd_quote_input(s, strlen(s), q, sizeof(q)));
	memcpy(it->sku, s, n);
	it->sku[n] = '\0';
	if (!colon) {
		it->quantity = 1;
		return 0;
	}
	{
		const char *qs = colon + 1;
		char *end;
		long v;

		errno = 0;
		v = strtol(qs, &end, 10);
		if (!*qs || *end || (qs[0] != '-' && (qs[0] < '0' || qs[0] > '9')))
			return cli_fail(cli, RD_INVALID, _("item %zu: the quantity '%s' is not a number"),
					index + 1, rd_quote_input(qs, strlen(qs), q, sizeof(q)));
		if (errno == ERANGE || v > 1000000)
			v = 1000000;
		if (v < -1000000)
			v = -1000000;
		if (pricing_check_quantity(v, index, &err) != RD_OK)
			return cli_fail_err(cli, &err);
		it->quantity = (int)v;
	}
	return 0;
}

static int parse_date_arg(struct cli *cli, const char *s, int32_t *out)
{
	struct rd_error err;

	if (strcmp(s, "none") == 0) {
		*out = ORDER_NO_DATE;
		return 0;
	}
	if (date_parse_iso(s, out, &err) != RD_OK)
		return cli_fail(cli, RD_INVALID, _("date: %s"), err.msg);
	return 0;
}

static int copy_arg(struct cli *cli, const char *what, const char *s, char *dst, size_t dstsz)
{
	if (strlen(s) >= dstsz)
		return cli_fail(cli, RD_INVALID, _("%s: too long"), what);
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

/* Card fields into dst; a card number is refused before it is copied
 * anywhere (and never printed). */
static int card_args(struct cli *cli, const struct order_args *a, char *token, size_t tsz,
		     char *last4, size_t lsz)
{
	if (a->token && pricing_looks_like_pan(a->token))
		return cli_fail(cli, RD_INVALID,
			_("card token: this looks like a card number; never type card numbers, enter the gateway's token"));
	if (a->last4 && (strlen(a->last4) != 4 || strspn(a->last4, "0123456789") != 4))
		return cli_fail(cli, RD_INVALID,
			_("card last four: give exactly the last four digits of the card"));
	if (a->token && copy_arg(cli, _("card token"), a->token, token, tsz) != 0)
		return 2;
	if (a->last4 && copy_arg(cli, _("card last four"), a->last4, last4, lsz) != 0)
		return 2;
	return 0;
}

/* ---- output ------------------------------------------------------------- */

static void add_yen(struct sbuf *sb, int64_t v)
{
	money_format(sb, v, MONEY_YEN_SIGN);
}

static void json_key(struct sbuf *sb, bool *first, const char *k)
{
	sbuf_adds(sb, *first ? "{" : ",");
	*first = false;
	json_write_str(sb, k);
	sbuf_addc(sb, ':');
}

static void json_kv_str(struct sbuf *sb, bool *first, const char *k, const char *v)
{
	json_key(sb, first, k);
	json_write_str(sb, v && *v ? v : NULL);
}

/* A timestamp as RFC 3339 with its offset, as every json of the program
 * gives it (date_rfc3339_from_pg). */
static void json_kv_time(struct sbuf *sb, bool *first, const char *k, const char *v)
{
	char buf[DATE_RFC3339_SIZE];

	json_kv_str(sb, first, k, v && *v ? date_rfc3339_from_pg(v, buf) : NULL);
}

static void json_kv_int(struct sbuf *sb, bool *first, const char *k, long long v)
{
	json_key(sb, first, k);
	sbuf_printf(sb, "%lld", v);
}

/* One order line as a json object (the i-th of an array): a saved
 * order's lines and a quote's lines print alike. */
static void json_line(struct sbuf *sb, size_t i, const char *sku, const char *name,
		      int quantity, int64_t unit_price, int tax_rate, int64_t amount)
{
	bool f = true;

	if (i)
		sbuf_addc(sb, ',');
	json_kv_str(sb, &f, "sku", sku);
	json_kv_str(sb, &f, "name", name);
	json_kv_int(sb, &f, "quantity", quantity);
	json_kv_int(sb, &f, "unit_price", unit_price);
	json_kv_int(sb, &f, "tax_rate", tax_rate);
	json_kv_int(sb, &f, "amount", amount);
	{
		/* the figures a person hears (総額表示): core/pricing's */
		int64_t unit_in = 0, amount_in = 0;

		pricing_unit_tax_included(unit_price, tax_rate, &unit_in, NULL);
		pricing_line_amount(unit_price, quantity, tax_rate, NULL, &amount_in, NULL);
		json_kv_int(sb, &f, "unit_price_tax_included", unit_in);
		json_kv_int(sb, &f, "amount_tax_included", amount_in);
	}
	sbuf_addc(sb, '}');
}

static void json_kv_opt_int(struct sbuf *sb, bool *first, const char *k, long long v)
{
	json_key(sb, first, k);
	if (v)
		sbuf_printf(sb, "%lld", v);
	else
		sbuf_adds(sb, "null");
}

static void json_kv_date(struct sbuf *sb, bool *first, const char *k, int32_t d)
{
	char iso[DATE_ISO_SIZE];

	json_key(sb, first, k);
	json_write_str(sb, d == ORDER_NO_DATE ? NULL : date_format_iso(d, iso));
}

static void json_kv_bool(struct sbuf *sb, bool *first, const char *k, bool v)
{
	json_key(sb, first, k);
	sbuf_adds(sb, v ? "true" : "false");
}

static void json_totals(struct sbuf *sb, bool *first, int64_t s8, int64_t t8, int64_t s10,
			int64_t t10, int64_t ship, int64_t cod, int64_t total)
{
	json_kv_int(sb, first, "subtotal_8", s8);
	json_kv_int(sb, first, "tax_8", t8);
	json_kv_int(sb, first, "subtotal_10", s10);
	json_kv_int(sb, first, "tax_10", t10);
	json_kv_int(sb, first, "shipping_fee", ship);
	json_kv_int(sb, first, "cod_fee", cod);
	json_kv_int(sb, first, "total", total);
}

static void json_inserts(struct sbuf *sb, bool *first, const struct order_insert *ins, size_t n)
{
	json_key(sb, first, "inserts");
	sbuf_addc(sb, '[');
	for (size_t i = 0; i < n; i++) {
		bool f = true;

		if (i)
			sbuf_addc(sb, ',');
		json_kv_str(sb, &f, "code", ins[i].code);
		json_kv_str(sb, &f, "name", ins[i].name);
		sbuf_addc(sb, '}');
	}
	sbuf_addc(sb, ']');
}

static void json_offers(struct sbuf *sb, bool *first, const struct order_quote *q)
{
	json_key(sb, first, "bundle_offers");
	sbuf_addc(sb, '[');
	for (size_t i = 0; q && i < q->noffers; i++) {
		const struct order_bundle_offer *o = &q->offers[i];
		bool f = true;

		if (i)
			sbuf_addc(sb, ',');
		json_kv_str(sb, &f, "kind", o->kind == ORDER_BUNDLE_ORDER ? "order" : "subscription");
		json_kv_str(sb, &f, "order_no", o->order_no);
		json_kv_opt_int(sb, &f, "subscription_id", o->subscription_id);
		json_kv_date(sb, &f, "date", o->date);
		json_kv_int(sb, &f, "days_apart", o->days_apart);
		sbuf_addc(sb, '}');
	}
	sbuf_addc(sb, ']');
	json_key(sb, first, "upsells");
	sbuf_addc(sb, '[');
	for (size_t i = 0, n = 0; q && i < q->nlines; i++) {
		bool f = true;

		if (!q->lines[i].upsell_sku[0])
			continue;
		if (n++)
			sbuf_addc(sb, ',');
		json_kv_str(sb, &f, "sku", q->lines[i].sku);
		json_kv_str(sb, &f, "upsell_sku", q->lines[i].upsell_sku);
		json_kv_str(sb, &f, "upsell_name", q->lines[i].upsell_name);
		sbuf_addc(sb, '}');
	}
	sbuf_addc(sb, ']');
}

static void json_subscription(struct sbuf *sb, bool *first, const struct order_quote *q)
{
	json_key(sb, first, "subscription");
	if (!q || !q->subscribe) {
		sbuf_adds(sb, "null");
		return;
	}
	{
		bool f = true;
		char iso[DATE_ISO_SIZE];

		json_kv_str(sb, &f, "cycle", q->cycle);
		json_kv_str(sb, &f, "description", q->cycle_words);
		json_key(sb, &f, "next_dates");
		sbuf_addc(sb, '[');
		for (int i = 0; i < ORDER_NEXT_DATES; i++)
			sbuf_printf(sb, "%s\"%s\"", i ? "," : "", date_format_iso(q->next_dates[i], iso));
		/* the same dates with why a closed day moved them */
		sbuf_adds(sb, "],\"next_deliveries\":[");
		for (int i = 0; i < ORDER_NEXT_DATES; i++) {
			bool moved = q->next_dates[i] != q->next_nominal[i];

			sbuf_printf(sb, "%s{\"date\":\"%s\",\"moved_from\":", i ? "," : "",
				    date_format_iso(q->next_dates[i], iso));
			if (moved)
				sbuf_printf(sb, "\"%s\",\"moved_reason\":", date_format_iso(q->next_nominal[i], iso));
			else
				sbuf_adds(sb, "null,\"moved_reason\":");
			if (moved)
				json_write_str(sb, q->next_moved[i]);
			else
				sbuf_adds(sb, "null");
			sbuf_addc(sb, '}');
		}
		sbuf_adds(sb, "]}");
	}
}

/* The saved order as one json document; q (may be NULL) adds the offers
 * and the subscription's next dates of the confirmation. */
static void order_json(struct sbuf *sb, const struct order *o, const struct order_quote *q,
		       const struct order_event *hist, size_t nhist)
{
	bool first = true;

	json_kv_str(sb, &first, "order_no", o->order_no);
	json_kv_str(sb, &first, "status", o->status);
	json_kv_int(sb, &first, "version", o->version);
	json_kv_str(sb, &first, "customer", o->customer_code);
	json_kv_str(sb, &first, "customer_name", o->customer_name);
	json_kv_date(sb, &first, "order_date", o->order_date);
	json_kv_date(sb, &first, "desired_date", o->desired_date);
	json_kv_str(sb, &first, "time_slot", pricing_slot_code(o->slot));
	json_kv_str(sb, &first, "payment", pricing_payment_code(o->payment));
	json_kv_str(sb, &first, "card_last4", o->card_last4);
	json_kv_str(sb, &first, "media", o->media_code);
	json_kv_opt_int(sb, &first, "subscription_id", o->subscription_id);
	json_kv_opt_int(sb, &first, "delivery_no", o->delivery_no);
	json_kv_str(sb, &first, "cycle", o->cycle);
	json_key(sb, &first, "lines");
	sbuf_addc(sb, '[');
	for (size_t i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];

		json_line(sb, i, l->sku, l->name, l->quantity, l->unit_price,
			  l->tax_rate, l->amount);
	}
	sbuf_addc(sb, ']');
	json_totals(sb, &first, o->subtotal_8, o->tax_8, o->subtotal_10, o->tax_10,
		    o->shipping_fee, o->cod_fee, o->total);
	json_inserts(sb, &first, o->inserts, o->ninserts);
	json_kv_opt_int(sb, &first, "ship_address_id", o->ship_address_id);
	json_kv_opt_int(sb, &first, "bundle_id", o->bundle_id);
	json_kv_opt_int(sb, &first, "bundle_subscription_id", o->bundle_subscription_id);
	json_key(sb, &first, "bundled_with");
	sbuf_addc(sb, '[');
	for (size_t i = 0; i < o->nbundled; i++) {
		if (i)
			sbuf_addc(sb, ',');
		json_write_str(sb, o->bundled_with[i]);
	}
	sbuf_addc(sb, ']');
	json_kv_str(sb, &first, "notes", o->notes);
	json_kv_str(sb, &first, "request_id", o->request_id);
	json_kv_str(sb, &first, "created_by", o->created_by);
	json_kv_time(sb, &first, "created_at", o->created_at);
	json_kv_time(sb, &first, "updated_at", o->updated_at);
	if (q) {
		json_kv_bool(sb, &first, "replayed", o->replayed);
		json_subscription(sb, &first, q);
		json_offers(sb, &first, q);
	}
	if (hist) {
		json_key(sb, &first, "history");
		sbuf_addc(sb, '[');
		for (size_t i = 0; i < nhist; i++) {
			bool f = true;

			if (i)
				sbuf_addc(sb, ',');
			json_kv_time(sb, &f, "at", hist[i].at);
			json_kv_str(sb, &f, "actor", hist[i].actor);
			json_kv_str(sb, &f, "table", hist[i].table);
			json_kv_str(sb, &f, "op", hist[i].op);
			json_kv_str(sb, &f, "changed", hist[i].changed);
			json_kv_str(sb, &f, "reason", hist[i].reason);
			json_kv_str(sb, &f, "request_id", hist[i].request_id);
			sbuf_addc(sb, '}');
		}
		sbuf_addc(sb, ']');
	}
	sbuf_adds(sb, "}\n");
}

static void quote_json(struct sbuf *sb, const struct order_quote *q, const char *request_id)
{
	bool first = true;

	json_kv_bool(sb, &first, "dry_run", true);
	json_kv_str(sb, &first, "request_id", request_id);
	json_kv_str(sb, &first, "customer", q->customer_code);
	json_kv_str(sb, &first, "customer_name", q->customer_name);
	json_kv_bool(sb, &first, "first_order", q->first_order);
	json_kv_date(sb, &first, "order_date", q->today);
	json_kv_date(sb, &first, "desired_date", q->desired_date);
	json_kv_date(sb, &first, "ship_date", q->ship_date);
	json_kv_str(sb, &first, "time_slot", pricing_slot_code(q->slot));
	json_kv_str(sb, &first, "payment", pricing_payment_code(q->payment));
	json_kv_str(sb, &first, "card_last4", q->card_last4);
	json_kv_str(sb, &first, "media", q->media_code);
	json_key(sb, &first, "lines");
	sbuf_addc(sb, '[');
	for (size_t i = 0; i < q->nlines; i++) {
		const struct order_quote_line *l = &q->lines[i];

		json_line(sb, i, l->sku, l->name, l->quantity, l->unit_price,
			  l->tax_rate, l->amount);
	}
	sbuf_addc(sb, ']');
	json_totals(sb, &first, q->totals.subtotal_8, q->totals.tax_8, q->totals.subtotal_10,
		    q->totals.tax_10, q->totals.shipping_fee, q->totals.cod_fee, q->totals.total);
	json_kv_bool(sb, &first, "free_shipping", q->totals.free_shipping);
	json_inserts(sb, &first, q->inserts, q->ninserts);
	json_kv_str(sb, &first, "bundle_with", q->bundle_with);
	json_kv_opt_int(sb, &first, "bundle_subscription_id", q->bundle_subscription_id);
	json_key(sb, &first, "parcel");
	if (q->in_parcel) {
		bool f = true;

		json_kv_int(sb, &f, "orders", (long long)q->parcel.norders);
		json_kv_int(sb, &f, "goods_total", q->parcel.goods_total);
		json_kv_int(sb, &f, "shipping_fee", q->parcel.shipping_fee);
		json_kv_int(sb, &f, "cod_fee", q->parcel.cod_fee);
		json_kv_int(sb, &f, "total", q->parcel.total);
		json_kv_bool(sb, &f, "free_shipping", q->parcel.free_shipping);
		json_kv_date(sb, &f, "date", q->ship_date);
		sbuf_addc(sb, '}');
	} else {
		sbuf_adds(sb, "null");
	}
	json_subscription(sb, &first, q);
	json_offers(sb, &first, q);
	sbuf_adds(sb, "}\n");
}

/* One flat row per line: the order's columns repeated. */
static void csv_header(struct sbuf *sb)
{
	sbuf_adds(sb, "order_no,status,customer,order_date,desired_date,time_slot,payment,"
		      "subtotal_8,tax_8,subtotal_10,tax_10,shipping_fee,cod_fee,total,"
		      "sku,name,quantity,unit_price,tax_rate,amount,"
		      "unit_price_tax_included,amount_tax_included\n");
}

static void csv_rows(struct sbuf *sb, const char *no, const char *status, const char *cust,
		     int32_t odate, int32_t ddate, enum pricing_slot slot, enum pricing_payment pay,
		     const int64_t money[7], size_t nlines, const char *const *skus,
		     const char *const *names, const int *qty, const int64_t *unit,
		     const int *rate)
{
	char a[DATE_ISO_SIZE], b[DATE_ISO_SIZE];

	for (size_t i = 0; i < nlines; i++) {
		csv_write_str(sb, no);
		sbuf_addc(sb, ',');
		csv_write_str(sb, status);
		sbuf_addc(sb, ',');
		csv_write_str(sb, cust);
		sbuf_printf(sb, ",%s,%s,%s,%s", odate == ORDER_NO_DATE ? "" : date_format_iso(odate, a),
			    ddate == ORDER_NO_DATE ? "" : date_format_iso(ddate, b),
			    pricing_slot_code(slot), pricing_payment_code(pay));
		for (int k = 0; k < 7; k++)
			sbuf_printf(sb, ",%lld", (long long)money[k]);
		sbuf_addc(sb, ',');
		csv_write_str(sb, skus[i]);
		sbuf_addc(sb, ',');
		csv_write_str(sb, names[i]);
		int64_t amount = 0, amount_in = 0, unit_in = 0;

		pricing_line_amount(unit[i], qty[i], rate[i], &amount, &amount_in, NULL);
		pricing_unit_tax_included(unit[i], rate[i], &unit_in, NULL);
		sbuf_printf(sb, ",%d,%lld,%d,%lld,%lld,%lld\n", qty[i], (long long)unit[i], rate[i],
			    (long long)amount, (long long)unit_in, (long long)amount_in);
	}
}

static void order_csv(struct sbuf *sb, const struct order *o)
{
	const char *skus[ORDER_MAX_LINES], *names[ORDER_MAX_LINES];
	int qty[ORDER_MAX_LINES], rate[ORDER_MAX_LINES];
	int64_t unit[ORDER_MAX_LINES];
	int64_t money[7] = { o->subtotal_8, o->tax_8, o->subtotal_10, o->tax_10,
			     o->shipping_fee, o->cod_fee, o->total };

	for (size_t i = 0; i < o->nlines; i++) {
		skus[i] = o->lines[i].sku;
		names[i] = o->lines[i].name;
		qty[i] = o->lines[i].quantity;
		unit[i] = o->lines[i].unit_price;
		rate[i] = o->lines[i].tax_rate;
	}
	csv_header(sb);
	csv_rows(sb, o->order_no, o->status, o->customer_code, o->order_date, o->desired_date,
		 o->slot, o->payment, money, o->nlines, skus, names, qty, unit, rate);
}

static void quote_csv(struct sbuf *sb, const struct order_quote *q)
{
	const char *skus[ORDER_MAX_LINES], *names[ORDER_MAX_LINES];
	int qty[ORDER_MAX_LINES], rate[ORDER_MAX_LINES];
	int64_t unit[ORDER_MAX_LINES];
	const struct pricing_totals *t = &q->totals;
	int64_t money[7] = { t->subtotal_8, t->tax_8, t->subtotal_10, t->tax_10,
			     t->shipping_fee, t->cod_fee, t->total };

	for (size_t i = 0; i < q->nlines; i++) {
		skus[i] = q->lines[i].sku;
		names[i] = q->lines[i].name;
		qty[i] = q->lines[i].quantity;
		unit[i] = q->lines[i].unit_price;
		rate[i] = q->lines[i].tax_rate;
	}
	csv_header(sb);
	csv_rows(sb, "", "dry-run", q->customer_code, q->today, q->desired_date, q->slot,
		 q->payment, money, q->nlines, skus, names, qty, unit, rate);
}

/* The lines as an aligned table (display width aware). */
static void lines_table(struct sbuf *sb, size_t n, const char *const *skus,
			const char *const *names, const int *qty, const int64_t *unit,
			const int *rate)
{
	struct table *t = table_new();

	table_add_column(t, "sku", _("SKU"), TABLE_TEXT);
	table_add_column(t, "name", _("product"), TABLE_TEXT);
	table_add_column(t, "quantity", _("qty"), TABLE_INT);
	table_add_column(t, "unit_price", _("unit price (tax incl.)"), TABLE_INT);
	table_add_column(t, "tax_rate", _("tax"), TABLE_TEXT);
	table_add_column(t, "amount", _("amount (tax incl.)"), TABLE_INT);
	for (size_t i = 0; i < n; i++) {
		struct sbuf m;
		int64_t unit_in = 0, amount_in = 0;

		/* tax included, as a customer hears prices (総額表示) */
		pricing_unit_tax_included(unit[i], rate[i], &unit_in, NULL);
		pricing_line_amount(unit[i], qty[i], rate[i], NULL, &amount_in, NULL);
		table_add_row(t);
		table_set(t, 0, skus[i]);
		table_set(t, 1, names[i]);
		table_setf(t, 2, "%d", qty[i]);
		sbuf_init(&m);
		add_yen(&m, unit_in);
		table_set(t, 3, m.buf);
		sbuf_reset(&m);
		add_yen(&m, amount_in);
		table_set(t, 5, m.buf);
		sbuf_done(&m);
		table_setf(t, 4, "%d%%", rate[i]);
	}
	table_render(t, TABLE_FMT_TABLE, sb);
	table_free(&t);
}

/* label padded to its column by display width (translations may be
 * Japanese), then the amount right-aligned */
static void amount_line(struct sbuf *sb, const char *label, int64_t yen, enum money_style style,
			const char *note)
{
	struct sbuf m;

	sbuf_init(&m);
	money_format(&m, yen, style);
	width_fit(sb, label, 24);
	width_fit_right(sb, m.buf, 12);
	if (note)
		sbuf_printf(sb, "  %s", note);
	sbuf_addc(sb, '\n');
	sbuf_done(&m);
}

static void totals_text(struct sbuf *sb, int64_t s8, int64_t t8, int64_t s10, int64_t t10,
			int64_t ship, int64_t cod, int64_t total, bool cod_payment)
{
	/* each rate's goods tax included (総額表示), then the tax in them */
	int64_t in8 = 0, in10 = 0;

	money_add(s8, t8, &in8, NULL);
	money_add(s10, t10, &in10, NULL);
	if (s8 || !s10) {
		amount_line(sb, _("Goods 8% (reduced), tax incl."), in8, MONEY_YEN_SIGN, NULL);
		amount_line(sb, _("  of which tax 8%"), t8, MONEY_YEN_SIGN, NULL);
	}
	if (s10) {
		amount_line(sb, _("Goods 10%, tax incl."), in10, MONEY_YEN_SIGN, NULL);
		amount_line(sb, _("  of which tax 10%"), t10, MONEY_YEN_SIGN, NULL);
	}
	amount_line(sb, _("Shipping"), ship, MONEY_YEN_SIGN, ship == 0 ? _("(free)") : NULL);
	if (cod_payment || cod)
		amount_line(sb, _("Cash-on-delivery fee"), cod, MONEY_YEN_SIGN, NULL);
	amount_line(sb, _("Total"), total, MONEY_YEN_SIGN, NULL);
}

/* "Label         " padded to 14 columns */
static void label(struct sbuf *sb, const char *text)
{
	if (width_str(text) >= 14) {
		sbuf_adds(sb, text);
		sbuf_addc(sb, ' ');
	} else {
		width_fit(sb, text, 14);
	}
}

static void offers_text(struct sbuf *sb, const struct order_quote *q)
{
	char iso[DATE_LONG_SIZE];

	for (size_t i = 0; i < q->nlines; i++)
		if (q->lines[i].upsell_sku[0])
			sbuf_printf(sb, _("Suggest: %s instead of (or with) %s: %s\n"),
				    q->lines[i].upsell_sku, q->lines[i].sku, q->lines[i].upsell_name);
	for (size_t i = 0; i < q->noffers; i++) {
		const struct order_bundle_offer *o = &q->offers[i];

		if (o->kind == ORDER_BUNDLE_ORDER)
			sbuf_printf(sb, _("Can ship together with order %s on %s (%+d days): --bundle-with %s\n"),
				    o->order_no, date_format_long(o->date, iso), o->days_apart, o->order_no);
		else
			sbuf_printf(sb, _("Can ship together with subscription %lld's delivery on %s (%+d days): --bundle-with-subscription %lld\n"),
				    o->subscription_id, date_format_long(o->date, iso), o->days_apart,
				    o->subscription_id);
	}
}

/* The parcel a bundled order ships in: one box, one shipping fee, one
 * COD fee, what is paid at the door. */
static void parcel_text(struct sbuf *sb, const struct order_quote *q)
{
	char a[DATE_LONG_SIZE];

	sbuf_addc(sb, '\n');
	sbuf_printf(sb, _("Parcel: %zu orders in one box, delivered %s\n"),
		    q->parcel.norders, date_format_long(q->ship_date, a));
	amount_line(sb, _("Goods of the parcel"), q->parcel.goods_total, MONEY_YEN_SIGN, NULL);
	amount_line(sb, _("Parcel shipping"), q->parcel.shipping_fee, MONEY_YEN_SIGN,
		    q->parcel.free_shipping ? _("(free)") : NULL);
	amount_line(sb, _("Parcel COD fee"), q->parcel.cod_fee, MONEY_YEN_SIGN, NULL);
	amount_line(sb, _("Parcel total"), q->parcel.total, MONEY_YEN_SIGN, NULL);
}

static void order_text(struct sbuf *sb, const struct order *o, const struct order_quote *q,
		       const struct order_event *hist, size_t nhist)
{
	const char *skus[ORDER_MAX_LINES], *names[ORDER_MAX_LINES];
	int qty[ORDER_MAX_LINES], rate[ORDER_MAX_LINES];
	int64_t unit[ORDER_MAX_LINES];
	char a[DATE_LONG_SIZE], b[DATE_LONG_SIZE];

	sbuf_printf(sb, _("Order %s  %s  (version %d)%s\n"), o->order_no,
		    history_enum_words("orders", "status", o->status), o->version,
		    o->replayed ? _("  already taken by this request: nothing new was saved") : "");
	label(sb, _("Customer"));
	sbuf_printf(sb, "%s %s\n", o->customer_code, o->customer_name);
	label(sb, _("Ordered"));
	sbuf_printf(sb, "%s\n", date_format_long(o->order_date, a));
	label(sb, _("Delivery"));
	sbuf_printf(sb, "%s, %s %s\n",
		    o->desired_date == ORDER_NO_DATE ? _("earliest possible")
						     : date_format_long(o->desired_date, b),
		    _("time slot"), pricing_slot_label(o->slot));
	label(sb, _("Payment"));
	sbuf_printf(sb, "%s", pricing_payment_label(o->payment));
	if (o->card_last4[0])
		sbuf_printf(sb, _(" (card ending %s)"), o->card_last4);
	sbuf_addc(sb, '\n');
	if (o->media_code[0]) {
		label(sb, _("Media"));
		sbuf_printf(sb, "%s\n", o->media_code);
	}
	if (o->subscription_id) {
		label(sb, _("Subscription"));
		sbuf_printf(sb, _("subscription %lld (%s), delivery %d"),
			    o->subscription_id, o->cycle, o->delivery_no);
		if (q && q->subscribe) {
			sbuf_printf(sb, _("; %s; next "), q->cycle_words);
			for (int i = 0; i < ORDER_NEXT_DATES; i++)
				sbuf_printf(sb, "%s%s", i ? ", " : "", date_format_long(q->next_dates[i], a));
		}
		sbuf_addc(sb, '\n');
	}
	if (o->bundle_id || o->bundle_subscription_id) {
		label(sb, _("Ships with"));
		for (size_t i = 0; i < o->nbundled; i++)
			sbuf_printf(sb, "%s%s", i ? ", " : "", o->bundled_with[i]);
		if (o->bundle_subscription_id)
			sbuf_printf(sb, _("%ssubscription %lld's delivery"), o->nbundled ? ", " : "",
				    o->bundle_subscription_id);
		sbuf_addc(sb, '\n');
	}
	if (o->notes[0]) {
		label(sb, _("Notes"));
		sbuf_printf(sb, "%s\n", o->notes);
	}
	sbuf_addc(sb, '\n');
	for (size_t i = 0; i < o->nlines; i++) {
		skus[i] = o->lines[i].sku;
		names[i] = o->lines[i].name;
		qty[i] = o->lines[i].quantity;
		unit[i] = o->lines[i].unit_price;
		rate[i] = o->lines[i].tax_rate;
	}
	lines_table(sb, o->nlines, skus, names, qty, unit, rate);
	sbuf_addc(sb, '\n');
	totals_text(sb, o->subtotal_8, o->tax_8, o->subtotal_10, o->tax_10, o->shipping_fee,
		    o->cod_fee, o->total, o->payment == PRICING_PAY_COD);
	if (o->ninserts) {
		label(sb, _("Inserts"));
		for (size_t i = 0; i < o->ninserts; i++)
			sbuf_printf(sb, "%s%s %s", i ? ", " : "", o->inserts[i].code, o->inserts[i].name);
		sbuf_addc(sb, '\n');
	}
	if (q && q->in_parcel)
		parcel_text(sb, q);
	else if (q)
		offers_text(sb, q);
	if (hist && nhist) {
		struct table *t = table_new();

		sbuf_printf(sb, "\n%s\n", _("History"));
		table_add_column(t, "at", _("when"), TABLE_DATE);
		table_add_column(t, "actor", _("who"), TABLE_TEXT);
		table_add_column(t, "what", _("what"), TABLE_TEXT);
		table_add_column(t, "changed", _("changed"), TABLE_TEXT);
		table_add_column(t, "reason", _("why"), TABLE_TEXT);
		for (size_t i = 0; i < nhist; i++) {
			table_add_row(t);
			table_set(t, 0, hist[i].at);
			table_set(t, 1, hist[i].actor);
			table_setf(t, 2, "%s %s", history_table_label(hist[i].table),
				   history_enum_words(hist[i].table, "op", hist[i].op));
			/* what an INSERT or DELETE "changed" is every column */
			if (strcmp(hist[i].op, "UPDATE") == 0) {
				struct sbuf cols;

				sbuf_init(&cols);
				history_labels(hist[i].table, hist[i].changed, &cols);
				table_set(t, 3, cols.buf);
				sbuf_done(&cols);
			}
			table_set(t, 4, hist[i].reason);
		}
		table_render(t, TABLE_FMT_TABLE, sb);
		table_free(&t);
	}
}

static void quote_text(struct sbuf *sb, const struct order_quote *q, const char *request_id)
{
	const char *skus[ORDER_MAX_LINES], *names[ORDER_MAX_LINES];
	int qty[ORDER_MAX_LINES], rate[ORDER_MAX_LINES];
	int64_t unit[ORDER_MAX_LINES];
	char a[DATE_LONG_SIZE];

	sbuf_printf(sb, "%s\n", _("Order confirmation (dry run: nothing was saved)"));
	label(sb, _("Customer"));
	sbuf_printf(sb, "%s %s%s\n", q->customer_code, q->customer_name,
		    q->first_order ? _("  (first order)") : "");
	label(sb, _("Delivery"));
	if (q->desired_date != ORDER_NO_DATE)
		sbuf_adds(sb, date_format_long(q->desired_date, a));
	else
		sbuf_printf(sb, "%s (%s)", _("earliest possible"), date_format_long(q->ship_date, a));
	sbuf_printf(sb, ", %s %s\n", _("time slot"), pricing_slot_label(q->slot));
	label(sb, _("Payment"));
	sbuf_printf(sb, "%s", pricing_payment_label(q->payment));
	if (q->card_last4[0])
		sbuf_printf(sb, _(" (card ending %s)"), q->card_last4);
	sbuf_addc(sb, '\n');
	if (q->media_code[0]) {
		label(sb, _("Media"));
		sbuf_printf(sb, "%s %s\n", q->media_code, q->media_name);
	}
	if (q->subscribe) {
		label(sb, _("Subscription"));
		sbuf_printf(sb, _("%s (%s), this order is delivery 1; next "),
			    q->cycle_words, q->cycle);
		for (int i = 0; i < ORDER_NEXT_DATES; i++) {
			char moved[CALENDAR_REASON_SIZE + 32];

			sbuf_printf(sb, "%s%s", i ? ", " : "", date_format_long(q->next_dates[i], a));
			if (q->next_moved[i][0])
				sbuf_printf(sb, " (%s)", calendar_moved_text(q->next_moved[i], moved,
									     sizeof(moved)));
		}
		sbuf_addc(sb, '\n');
	}
	if (q->bundle_with[0]) {
		label(sb, _("Ships with"));
		sbuf_printf(sb, _("%s, in one parcel\n"), q->bundle_with);
	}
	if (q->bundle_subscription_id) {
		label(sb, _("Ships with"));
		sbuf_printf(sb, _("subscription %lld's delivery\n"), q->bundle_subscription_id);
	}
	sbuf_addc(sb, '\n');
	for (size_t i = 0; i < q->nlines; i++) {
		skus[i] = q->lines[i].sku;
		names[i] = q->lines[i].name;
		qty[i] = q->lines[i].quantity;
		unit[i] = q->lines[i].unit_price;
		rate[i] = q->lines[i].tax_rate;
	}
	lines_table(sb, q->nlines, skus, names, qty, unit, rate);
	sbuf_addc(sb, '\n');
	totals_text(sb, q->totals.subtotal_8, q->totals.tax_8, q->totals.subtotal_10,
		    q->totals.tax_10, q->totals.shipping_fee, q->totals.cod_fee, q->totals.total,
		    q->payment == PRICING_PAY_COD);
	if (q->ninserts) {
		label(sb, _("Inserts"));
		for (size_t i = 0; i < q->ninserts; i++)
			sbuf_printf(sb, "%s%s %s", i ? ", " : "", q->inserts[i].code, q->inserts[i].name);
		sbuf_addc(sb, '\n');
	}
	if (q->in_parcel)
		parcel_text(sb, q);
	else
		offers_text(sb, q);
	label(sb, _("Request id"));
	sbuf_printf(sb, "%s\n", request_id);
}

static void print_order(const struct order *o, const struct order_quote *q,
			const struct order_event *hist, size_t nhist, enum table_format fmt)
{
	struct sbuf sb;

	sbuf_init(&sb);
	if (fmt == TABLE_FMT_JSON)
		order_json(&sb, o, q, hist, hist ? nhist : 0);
	else if (fmt == TABLE_FMT_CSV)
		order_csv(&sb, o);
	else
		order_text(&sb, o, q, hist, nhist);
	fwrite(sb.buf, 1, sb.len, stdout);
	sbuf_done(&sb);
}

static int fail_order(struct cli *cli, const struct rd_error *err)
{
	return cli_fail_err(cli, err);
}

static int connect_agent(struct cli *cli, struct rd_db **db)
{
	struct rd_error err;

	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	return 0;
}

/* ---- subcommands ---------------------------------------------------------- */

static int cmd_create(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_CUSTOMER, OPT_ITEM, OPT_PAYMENT, OPT_TOKEN,
				       OPT_LAST4, OPT_DATE, OPT_SLOT, OPT_MEDIA, OPT_SUBSCRIBE,
				       OPT_BUNDLE, OPT_BUNDLE_SUB, OPT_ADDRESS, OPT_NOTES,
				       OPT_REQUEST, OPT_REASON, OPT_DRY, OPT_FORMAT, 0 };
	struct order_args a;
	struct order_request *req = xmalloc(sizeof(*req));
	struct order_quote *q = xmalloc(sizeof(*q));
	struct order *o = xmalloc(sizeof(*o));
	struct rd_db *db = NULL;
	struct rd_error err;
	long long v;
	int rc;

	if ((rc = parse_args(cli, "create", argc, argv, &a)) != 0 ||
	    (rc = only(cli, "create", &a, allowed)) != 0)
		goto out;
	rc = 2;
	if (a.arg) {
		cli_fail(cli, RD_USAGE, _("order create takes no argument ('%s'); see repeatdesk order --help"),
			 a.arg);
		goto out;
	}
	if (!a.customer) {
		cli_fail(cli, RD_USAGE, _("order create needs --customer CODE"));
		goto out;
	}
	if (a.nitems == 0) {
		cli_fail(cli, RD_USAGE, _("order create needs at least one --item SKU:QTY"));
		goto out;
	}
	if (!a.payment) {
		cli_fail(cli, RD_USAGE, _("order create needs --payment card|cod|deferred|bank"));
		goto out;
	}
	order_request_init(req);
	if (a.request_id && copy_arg(cli, _("request id"), a.request_id, req->request_id,
				     sizeof(req->request_id)) != 0)
		goto out;
	if (copy_arg(cli, _("customer"), a.customer, req->customer_code,
		     sizeof(req->customer_code)) != 0)
		goto out;
	for (size_t i = 0; i < a.nitems; i++) {
		if ((rc = parse_item(cli, a.items[i], i, &req->items[i])) != 0)
			goto out;
		req->nitems++;
	}
	rc = 2;
	if (pricing_payment_parse(a.payment, &req->payment, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if ((rc = card_args(cli, &a, req->card_token, sizeof(req->card_token), req->card_last4,
			    sizeof(req->card_last4))) != 0)
		goto out;
	rc = 2;
	if (a.date && (rc = parse_date_arg(cli, a.date, &req->desired_date)) != 0)
		goto out;
	if (a.slot && pricing_slot_parse(a.slot, &req->slot, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if ((a.media && copy_arg(cli, _("media"), a.media, req->media_code,
				 sizeof(req->media_code)) != 0) ||
	    (a.subscribe && copy_arg(cli, _("cycle"), a.subscribe, req->cycle,
				     sizeof(req->cycle)) != 0) ||
	    (a.bundle && copy_arg(cli, _("bundle"), a.bundle, req->bundle_with,
				  sizeof(req->bundle_with)) != 0) ||
	    (a.notes && copy_arg(cli, _("notes"), a.notes, req->notes, sizeof(req->notes)) != 0))
		goto out;
	if (a.bundle_sub) {
		if ((rc = cli_number(cli, "--bundle-with-subscription", a.bundle_sub, 1,
				       INT64_MAX / 2, &v)) != 0)
			goto out;
		req->bundle_subscription_id = v;
	}
	if (a.address) {
		if ((rc = cli_number(cli, "--address", a.address, 1, INT64_MAX / 2, &v)) != 0)
			goto out;
		req->ship_address_id = v;
	}
	if (a.reason && pricing_looks_like_pan(a.reason)) {
		rc = cli_fail(cli, RD_INVALID,
			_("reason: this looks like a card number; card numbers are never written down"));
		goto out;
	}
	if ((rc = connect_agent(cli, &db)) != 0)
		goto out;
	/* a retried command: the order is there already (order_submit answers
	 * with it, or says the request id belongs to another customer) */
	if (!a.dry_run && a.request_id && order_request_id_valid(req->request_id) &&
	    order_find_by_request(db, req->request_id, o, &err) == RD_OK) {
		if (order_submit(db, req, a.reason, o, NULL, &err) != RD_OK) {
			rc = fail_order(cli, &err);
			goto out;
		}
		memset(q, 0, sizeof(*q));
		print_order(o, q, NULL, 0, a.fmt);
		rc = 0;
		goto out;
	}
	if (order_quote(db, req, q, NULL, &err) != RD_OK) {
		rc = fail_order(cli, &err);
		goto out;
	}
	if (a.dry_run) {
		struct sbuf sb;

		sbuf_init(&sb);
		if (a.fmt == TABLE_FMT_JSON)
			quote_json(&sb, q, req->request_id);
		else if (a.fmt == TABLE_FMT_CSV)
			quote_csv(&sb, q);
		else
			quote_text(&sb, q, req->request_id);
		fwrite(sb.buf, 1, sb.len, stdout);
		sbuf_done(&sb);
		rc = 0;
		goto out;
	}
	if (order_submit(db, req, a.reason, o, NULL, &err) != RD_OK) {
		rc = fail_order(cli, &err);
		goto out;
	}
	print_order(o, q, NULL, 0, a.fmt);
	rc = 0;
out:
	db_free(&db);
	free(req);
	free(q);
	free(o);
	return rc < 0 ? 0 : rc;
}

static int cmd_show(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_HISTORY, OPT_FORMAT, OPT_REQUEST, 0 };
	struct order_args a;
	struct order *o = xmalloc(sizeof(*o));
	struct order_event *hist = NULL;
	size_t nhist = 0;
	struct rd_db *db = NULL;
	struct rd_error err;
	enum rd_status st;
	int rc;

	if ((rc = parse_args(cli, "show", argc, argv, &a)) != 0 ||
	    (rc = only(cli, "show", &a, allowed)) != 0)
		goto out;
	if (!a.arg == !a.request_id) {
		rc = cli_fail(cli, RD_USAGE, _("order show needs an ORDER_NO or --request-id UUID"));
		goto out;
	}
	if ((rc = connect_agent(cli, &db)) != 0)
		goto out;
	st = a.arg ? order_get(db, a.arg, o, &err) : order_find_by_request(db, a.request_id, o, &err);
	if (st == RD_OK && a.history) {
		hist = xcalloc(HISTORY_MAX, sizeof(*hist));
		st = order_history(db, o->order_no, hist, HISTORY_MAX, &nhist, &err);
	}
	if (st != RD_OK) {
		rc = fail_order(cli, &err);
		goto out;
	}
	print_order(o, NULL, a.history ? hist : NULL, nhist, a.fmt);
out:
	db_free(&db);
	free(hist);
	free(o);
	return rc < 0 ? 0 : rc;
}

static int cmd_list(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_CUSTOMER, OPT_LIMIT, OPT_FORMAT, 0 };
	struct order_args a;
	struct order_summary *rows = NULL;
	size_t n = 0, total = 0;
	long long limit = 50;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct table *t;
	int rc;

	if ((rc = parse_args(cli, "list", argc, argv, &a)) != 0 ||
	    (rc = only(cli, "list", &a, allowed)) != 0)
		return rc < 0 ? 0 : rc;
	if (a.arg || !a.customer)
		return cli_fail(cli, RD_USAGE, _("order list needs --customer CODE"));
	if (a.limit && (rc = cli_number(cli, "--limit", a.limit, 1, LIST_MAX, &limit)) != 0)
		return rc;
	if ((rc = connect_agent(cli, &db)) != 0)
		return rc;
	rows = xcalloc((size_t)limit, sizeof(*rows));
	if (order_list(db, a.customer, rows, (size_t)limit, &n, &total, &err) != RD_OK) {
		rc = fail_order(cli, &err);
		goto out;
	}
	t = table_new();
	table_add_column(t, "order_no", _("order"), TABLE_TEXT);
	table_add_column(t, "status", _("status"), TABLE_TEXT);
	table_add_column(t, "order_date", _("ordered"), TABLE_DATE);
	table_add_column(t, "desired_date", _("delivery"), TABLE_DATE);
	table_add_column(t, "payment", _("payment"), TABLE_TEXT);
	table_add_column(t, "total", _("total"), TABLE_MONEY);
	table_add_column(t, "items", _("items"), TABLE_INT);
	table_add_column(t, "first_item", _("first item"), TABLE_TEXT);
	table_add_column(t, "subscription_id", _("subscription"), TABLE_INT);
	table_add_column(t, "delivery_no", _("delivery"), TABLE_INT);
	table_add_column(t, "version", _("version"), TABLE_INT);
	for (size_t i = 0; i < n; i++) {
		char iso[DATE_ISO_SIZE];

		table_add_row(t);
		table_set(t, 0, rows[i].order_no);
		table_set_code(t, 1, rows[i].status,
			       history_enum_words("orders", "status", rows[i].status));
		table_set(t, 2, date_format_iso(rows[i].order_date, iso));
		table_set(t, 3, rows[i].desired_date == ORDER_NO_DATE
				? NULL : date_format_iso(rows[i].desired_date, iso));
		table_set_code(t, 4, pricing_payment_code(rows[i].payment),
			       pricing_payment_label(rows[i].payment));
		table_setf(t, 5, "%lld", (long long)rows[i].total);
		table_setf(t, 6, "%d", rows[i].nlines);
		table_set(t, 7, rows[i].first_item);
		if (rows[i].subscription_id)
			table_setf(t, 8, "%lld", rows[i].subscription_id);
		if (rows[i].delivery_no)
			table_setf(t, 9, "%d", rows[i].delivery_no);
		table_setf(t, 10, "%d", rows[i].version);
	}
	cli_print(t, a.fmt, false);
	table_free(&t);
	if (a.fmt == TABLE_FMT_TABLE && total > n)
		printf(_("(%zu of %zu orders; --limit shows more)\n"), n, total);
	rc = 0;
out:
	free(rows);
	db_free(&db);
	return rc;
}

static int cmd_status(struct cli *cli, int argc, char **argv, bool cancel)
{
	static const int allowed[] = { OPT_REASON, OPT_VERSION, OPT_REQUEST, OPT_FORMAT, 0 };
	static const int allowed_cancel[] = { OPT_REASON, OPT_VERSION, OPT_REQUEST, OPT_FORMAT,
					      OPT_SUB_CHOICE, 0 };
	const char *cmd = cancel ? "cancel" : "return";
	enum order_sub_choice choice = ORDER_SUB_UNSAID;
	bool asked = false;
	struct order_args a;
	struct order *o = xmalloc(sizeof(*o));
	long long version = 0;
	struct rd_db *db = NULL;
	struct rd_error err;
	enum rd_status st;
	int rc;

	if ((rc = parse_args(cli, cmd, argc, argv, &a)) != 0 ||
	    (rc = only(cli, cmd, &a, cancel ? allowed_cancel : allowed)) != 0)
		goto out;
	if (a.sub_choice) {
		if (strcmp(a.sub_choice, "cancel") == 0) {
			choice = ORDER_SUB_CANCEL;
		} else if (strcmp(a.sub_choice, "keep") == 0) {
			choice = ORDER_SUB_KEEP;
		} else {
			rc = cli_fail(cli, RD_USAGE,
				_("--subscription is cancel (cancel the subscription too) or keep (its next delivery becomes delivery 1)"));
			goto out;
		}
	}
	if (!a.arg) {
		rc = cli_fail(cli, RD_USAGE, _("order %s needs an ORDER_NO"), cmd);
		goto out;
	}
	if (!a.reason || !*a.reason) {
		rc = cli_fail(cli, RD_USAGE, _("order %s needs --reason TEXT (kept in the order's history)"),
			      cmd);
		goto out;
	}
	if (a.version && (rc = cli_number(cli, "--version", a.version, 1, 1000000000, &version)) != 0)
		goto out;
	if ((rc = connect_agent(cli, &db)) != 0)
		goto out;
	asked = cancel && order_get(db, a.arg, o, &err) == RD_OK && order_asks_subscription(o);
	if (asked && choice == ORDER_SUB_UNSAID) {
		rc = cli_fail(cli, RD_USAGE,
			_("order %s is delivery 1 of subscription %lld: add --subscription cancel (cancel it too) or --subscription keep (its next delivery becomes delivery 1)"),
			o->order_no, o->subscription_id);
		goto out;
	}
	st = cancel ? order_cancel_with(db, a.arg, (int)version, choice, a.reason, a.request_id,
					o, &err)
		    : order_return(db, a.arg, (int)version, a.reason, a.request_id, o, &err);
	if (st != RD_OK) {
		rc = fail_order(cli, &err);
		goto out;
	}
	if (a.fmt == TABLE_FMT_TABLE)
		printf(cancel ? _("order %s cancelled\n") : _("order %s returned\n"), o->order_no);
	else
		print_order(o, NULL, NULL, 0, a.fmt);
	if (asked && a.fmt == TABLE_FMT_TABLE)
		printf(choice == ORDER_SUB_CANCEL
		       ? _("subscription %lld cancelled with it\n")
		       : _("subscription %lld kept: its next delivery is delivery 1\n"),
		       o->subscription_id);
	rc = 0;
out:
	db_free(&db);
	free(o);
	return rc < 0 ? 0 : rc;
}

static int cmd_change(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = { OPT_REASON, OPT_VERSION, OPT_REQUEST, OPT_FORMAT,
				       OPT_DATE, OPT_SLOT, OPT_PAYMENT, OPT_TOKEN, OPT_LAST4,
				       OPT_ITEM, OPT_NOTES, 0 };
	struct order_args a;
	struct order_change *chg = xcalloc(1, sizeof(*chg));
	struct order *o = xmalloc(sizeof(*o));
	long long version = 0;
	struct rd_db *db = NULL;
	struct rd_error err;
	int rc;

	if ((rc = parse_args(cli, "change", argc, argv, &a)) != 0 ||
	    (rc = only(cli, "change", &a, allowed)) != 0)
		goto out;
	if (!a.arg) {
		rc = cli_fail(cli, RD_USAGE, _("order change needs an ORDER_NO"));
		goto out;
	}
	if (!a.version) {
		rc = cli_fail(cli, RD_USAGE,
			_("order change needs --version V: the version you read (repeatdesk order show)"));
		goto out;
	}
	if ((rc = cli_number(cli, "--version", a.version, 1, 1000000000, &version)) != 0)
		goto out;
	if (!a.reason || !*a.reason) {
		rc = cli_fail(cli, RD_USAGE, _("order change needs --reason TEXT (kept in the order's history)"));
		goto out;
	}
	if (a.date) {
		chg->set_date = true;
		if ((rc = parse_date_arg(cli, a.date, &chg->desired_date)) != 0)
			goto out;
	}
	if (a.slot) {
		chg->set_slot = true;
		if (pricing_slot_parse(a.slot, &chg->slot, &err) != RD_OK) {
			rc = cli_fail_err(cli, &err);
			goto out;
		}
	}
	if (a.payment) {
		chg->set_payment = true;
		if (pricing_payment_parse(a.payment, &chg->payment, &err) != RD_OK) {
			rc = cli_fail_err(cli, &err);
			goto out;
		}
	} else if (a.token || a.last4) {
		rc = cli_fail(cli, RD_USAGE, _("--card-token and --card-last4 go with --payment card"));
		goto out;
	}
	if ((rc = card_args(cli, &a, chg->card_token, sizeof(chg->card_token), chg->card_last4,
			    sizeof(chg->card_last4))) != 0)
		goto out;
	for (size_t i = 0; i < a.nitems; i++) {
		chg->set_items = true;
		if ((rc = parse_item(cli, a.items[i], i, &chg->items[i])) != 0)
			goto out;
		chg->nitems++;
	}
	if (a.notes) {
		chg->set_notes = true;
		if ((rc = copy_arg(cli, _("notes"), a.notes, chg->notes, sizeof(chg->notes))) != 0)
			goto out;
	}
	if (!chg->set_date && !chg->set_slot && !chg->set_payment && !chg->set_items &&
	    !chg->set_notes) {
		rc = cli_fail(cli, RD_USAGE,
			_("order change needs something to change: --date, --slot, --payment, --item or --notes"));
		goto out;
	}
	if ((rc = connect_agent(cli, &db)) != 0)
		goto out;
	if (order_change(db, a.arg, (int)version, chg, a.reason, a.request_id, o, NULL, &err) != RD_OK) {
		rc = fail_order(cli, &err);
		goto out;
	}
	print_order(o, NULL, NULL, 0, a.fmt);
	rc = 0;
out:
	db_free(&db);
	free(chg);
	free(o);
	return rc < 0 ? 0 : rc;
}

int cli_cmd_order(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || cli_is_help(sub)) {
		order_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (strcmp(sub, "create") == 0)
		return cmd_create(cli, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return cmd_show(cli, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return cmd_list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "cancel") == 0)
		return cmd_status(cli, argc - 1, argv + 1, true);
	if (strcmp(sub, "return") == 0)
		return cmd_status(cli, argc - 1, argv + 1, false);
	if (strcmp(sub, "change") == 0)
		return cmd_change(cli, argc - 1, argv + 1);
	return cli_fail(cli, RD_USAGE, _("unknown order command '%s' (see repeatdesk order --help)"), sub);
}
