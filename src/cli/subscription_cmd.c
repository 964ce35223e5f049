/* subscription_cmd.c: `repeatdesk subscription show|schedule|skip|unskip|
 * pause|resume|change|cancel|reserve|unreserve ID ...`: the subscription
 * screen's data and every request an agent makes, through the same
 * store/subscription.c (and core/subrule.c) as the screens.
 *
 * A request with --dry-run prints its preview (the deliveries it affects,
 * old date -> new date, the next three deliveries, the price effect, and
 * why a rule would refuse it) and changes nothing; without it the request
 * is applied in one transaction and the preview applied is printed with
 * the result. A business rule that refuses exits 1 with the rule's message
 * on stderr (a dry run prints the preview too).
 *
 * For tests there is a hidden option, --today YYYY-MM-DD, that makes every
 * rule (cut-off, proposals, the deliveries listed) reckon from that day
 * instead of today in the business time zone. It is not in --help on
 * purpose: an agent never needs it. */
#include "repeatdesk/csv.h"
#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/money.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/pricing.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEDULE_COUNT_MAX 60

static void subscription_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk subscription show ID [--format table|json|csv]\n"
		"       repeatdesk subscription schedule ID [--count N] [--format ...]\n"
		"       repeatdesk subscription skip ID [--delivery N | --date DATE] [COMMON]\n"
		"       repeatdesk subscription unskip ID [--date DATE] [COMMON]\n"
		"       repeatdesk subscription pause ID (--until DATE | --deliveries N | --open)\n"
		"                                        [--from N] [COMMON]\n"
		"       repeatdesk subscription resume ID [--date DATE] [COMMON]\n"
		"       repeatdesk subscription change ID [--cycle SPEC] [--next-date DATE]\n"
		"             [--set SKU=QTY]... [--remove SKU]... [--swap OLD=NEW]...\n"
		"             [--address ID|own] [--payment card|cod|deferred|bank\n"
		"             [--card-token TOKEN --card-last4 NNNN]] [--time-slot SLOT]\n"
		"             [--discount] [--from N] [COMMON]\n"
		"       repeatdesk subscription cancel ID --offered LIST [--kept | --abandoned]\n"
		"             [--override] [--cancel-reason TEXT] [--from N] [COMMON]\n"
		"       repeatdesk subscription reserve ID --from N change|pause|cancel [OPTIONS]\n"
		"       repeatdesk subscription unreserve ID RESERVATION [COMMON]\n"
		"\n"
		"COMMON: --reason TEXT (required to apply; kept in the history)\n"
		"        --request-id UUID (a retried request with the same id is applied once)\n"
		"        --version V (apply only if nobody changed it since version V)\n"
		"        --dry-run (print the preview, change nothing)\n"
		"        --format table|json|csv\n"
		"\n"
		"skip without --delivery or --date skips the next delivery. pause --open\n"
		"pauses for the longest pause allowed (max_pause_months) unless the customer\n"
		"calls earlier. resume without --date proposes the first delivery of the\n"
		"cycle at least resume_lead_days ahead. --from N reserves the request to\n"
		"take effect from delivery N (変更予約 / 解約予約).\n"
		"cancel: --offered names the alternatives offered first (skip, pause, cycle,\n"
		"fewer, discount, or none); --kept records that the customer stays;\n"
		"--abandoned that the customer heard the offers and left it without\n"
		"cancelling (outcome not cancelled; a cancel a rule refuses is recorded\n"
		"as refused, with the offers made, by itself); a\n"
		"supervisor may --override the minimum number of deliveries (the\n"
		"early-cancel fee applies). --offered LIST on skip, pause or change\n"
		"records that the customer took that alternative instead of cancelling.\n"
		"SLOT: none, morning, 14-16, 16-18, 18-20, 19-21.\n"
		"\n"
		"Exit codes: 0 done, 1 refused by a business rule, changed by someone else\n"
		"or not found, 2 bad input, 3 database unavailable.\n"), out);
}

/* ---- options ---------------------------------------------------------------- */

struct opts {
	enum table_format fmt;
	bool dry_run;
	const char *reason;
	const char *request_id;
	int version;
	int32_t today;
	int count;
	/* the request */
	struct subscription_request req;
	bool have_when;             /* pause: --until, --deliveries or --open */
	bool have_offered;
	bool kept;
	long long reservation;
};

enum {
	O_FORMAT = 256, O_DRY_RUN, O_REASON, O_REQUEST_ID, O_VERSION, O_TODAY,
	O_COUNT, O_DELIVERY, O_DATE, O_UNTIL, O_DELIVERIES, O_OPEN, O_FROM,
	O_CYCLE, O_NEXT_DATE, O_SET, O_REMOVE, O_SWAP, O_ADDRESS, O_PAYMENT,
	O_CARD_TOKEN, O_CARD_LAST4, O_TIME_SLOT, O_DISCOUNT, O_OFFERED, O_KEPT, O_ABANDONED,
	O_OVERRIDE, O_CANCEL_REASON, O_HELP
};

static const struct option long_opts[] = {
	{ "format", required_argument, NULL, O_FORMAT },
	{ "dry-run", no_argument, NULL, O_DRY_RUN },
	{ "reason", required_argument, NULL, O_REASON },
	{ "request-id", required_argument, NULL, O_REQUEST_ID },
	{ "version", required_argument, NULL, O_VERSION },
	{ "today", required_argument, NULL, O_TODAY },
	{ "count", required_argument, NULL, O_COUNT },
	{ "delivery", required_argument, NULL, O_DELIVERY },
	{ "date", required_argument, NULL, O_DATE },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "deliveries", required_argument, NULL, O_DELIVERIES },
	{ "open", no_argument, NULL, O_OPEN },
	{ "from", required_argument, NULL, O_FROM },
	{ "cycle", required_argument, NULL, O_CYCLE },
	{ "next-date", required_argument, NULL, O_NEXT_DATE },
	{ "set", required_argument, NULL, O_SET },
	{ "add", required_argument, NULL, O_SET },
	{ "remove", required_argument, NULL, O_REMOVE },
	{ "swap", required_argument, NULL, O_SWAP },
	{ "address", required_argument, NULL, O_ADDRESS },
	{ "payment", required_argument, NULL, O_PAYMENT },
	{ "card-token", required_argument, NULL, O_CARD_TOKEN },
	{ "card-last4", required_argument, NULL, O_CARD_LAST4 },
	{ "time-slot", required_argument, NULL, O_TIME_SLOT },
	{ "discount", no_argument, NULL, O_DISCOUNT },
	{ "offered", required_argument, NULL, O_OFFERED },
	{ "kept", no_argument, NULL, O_KEPT },
	{ "abandoned", no_argument, NULL, O_ABANDONED },
	{ "override", no_argument, NULL, O_OVERRIDE },
	{ "cancel-reason", required_argument, NULL, O_CANCEL_REASON },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 }
};

/* Which options each subcommand takes (bits of 1 << (option - O_FORMAT)). */
#define B(o) (1ull << ((o) - O_FORMAT))
#define COMMON (B(O_FORMAT) | B(O_DRY_RUN) | B(O_REASON) | B(O_REQUEST_ID) | \
		B(O_VERSION) | B(O_TODAY) | B(O_HELP))
#define RETAIN B(O_OFFERED)

static const struct {
	const char *name;
	enum subrule_kind kind;
	unsigned long long allowed;
} requests[] = {
	{ "skip", SUBRULE_SKIP, COMMON | RETAIN | B(O_DELIVERY) | B(O_DATE) },
	{ "unskip", SUBRULE_UNSKIP, COMMON | B(O_DATE) },
	{ "pause", SUBRULE_PAUSE, COMMON | RETAIN | B(O_UNTIL) | B(O_DELIVERIES) | B(O_OPEN) | B(O_FROM) },
	{ "resume", SUBRULE_RESUME, COMMON | B(O_DATE) },
	{ "change", SUBRULE_CHANGE, COMMON | RETAIN | B(O_FROM) | B(O_CYCLE) | B(O_NEXT_DATE) |
		B(O_SET) | B(O_REMOVE) | B(O_SWAP) | B(O_ADDRESS) | B(O_PAYMENT) |
		B(O_CARD_TOKEN) | B(O_CARD_LAST4) | B(O_TIME_SLOT) | B(O_DISCOUNT) },
	{ "cancel", SUBRULE_CANCEL, COMMON | RETAIN | B(O_FROM) | B(O_KEPT) | B(O_ABANDONED) | B(O_OVERRIDE) |
		B(O_CANCEL_REASON) },
};

static int parse_date(struct cli *cli, const char *s, int32_t *out)
{
	struct rd_error err;

	if (date_parse_iso(s, out, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	return 0;
}

/* SKU=QTY (quantity may be given out of range: the rules name the rule) */
static int parse_line_op(struct cli *cli, struct subrule_request *q,
			 enum subrule_line_op op, const char *s)
{
	struct subrule_line_change *lc;
	const char *eq = strchr(s, '=');
	char *end;

	if (q->nline_ops >= SUBRULE_MAX_LINE_OPS)
		return cli_fail(cli, RD_USAGE, _("at most %d product changes at once"),
				SUBRULE_MAX_LINE_OPS);
	lc = &q->line_ops[q->nline_ops];
	memset(lc, 0, sizeof(*lc));
	lc->op = op;
	if (op == SUBRULE_LINE_REMOVE) {
		if (!*s || strlen(s) >= sizeof(lc->sku))
			return cli_fail(cli, RD_USAGE, _("--remove needs a product code (SKU)"));
		snprintf(lc->sku, sizeof(lc->sku), "%s", s);
	} else {
		if (!eq || eq == s || !eq[1] || (size_t)(eq - s) >= sizeof(lc->sku))
			return cli_fail(cli, RD_USAGE, op == SUBRULE_LINE_SET
					? _("--set needs SKU=QUANTITY, not '%s'")
					: _("--swap needs OLD=NEW (product codes), not '%s'"), s);
		snprintf(lc->sku, sizeof(lc->sku), "%.*s", (int)(eq - s), s);
		if (op == SUBRULE_LINE_SET) {
			long v = strtol(eq + 1, &end, 10);

			if (*end || v < -1000000 || v > 1000000)
				return cli_fail(cli, RD_USAGE, _("--set needs SKU=QUANTITY, not '%s'"), s);
			lc->quantity = (int)v;
		} else {
			if (strlen(eq + 1) >= sizeof(lc->product.sku))
				return cli_fail(cli, RD_USAGE, _("product code too long: '%s'"), eq + 1);
			snprintf(lc->product.sku, sizeof(lc->product.sku), "%s", eq + 1);
		}
	}
	q->nline_ops++;
	q->change |= SUBRULE_CH_LINES;
	return 0;
}

/* Parses argv (argv[0] the subcommand, argv[1] the id) with what the
 * subcommand allows. Returns 0, or the exit code of a usage error. */
static int parse_opts(struct cli *cli, int argc, char **argv, unsigned long long allowed,
		      struct opts *o, int *nargs, char ***args)
{
	struct subrule_request *q = &o->req.rq;
	struct rd_error err;
	int c, rc;

	o->fmt = TABLE_FMT_TABLE;
	o->today = SUBSCRIPTION_TODAY;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		if (c == 'h')
			c = O_HELP;
		if (c == '?' || c == ':' || c < O_FORMAT || !(allowed & B(c))) {
			if (c == ':')
				return cli_fail(cli, RD_USAGE, _("option '%s' needs a value (see repeatdesk subscription --help)"),
						argv[optind - 1]);
			return cli_fail(cli, RD_USAGE, _("option '%s' is not for subscription %s (see repeatdesk subscription --help)"),
					argv[optind - 1], argv[0]);
		}
		rc = 0;
		switch (c) {
		case O_HELP:
			subscription_usage(stdout);
			return -1;
		case O_FORMAT:
			if (cli_parse_format(cli, optarg, &o->fmt) != 0)
				return 2;
			break;
		case O_DRY_RUN: o->dry_run = true; break;
		case O_REASON: o->reason = optarg; break;
		case O_REQUEST_ID: o->request_id = optarg; break;
		case O_VERSION: rc = cli_number_int(cli, "--version", optarg, 1, 2000000000, &o->version); break;
		case O_TODAY: rc = parse_date(cli, optarg, &o->today); break;
		case O_COUNT: rc = cli_number_int(cli, "--count", optarg, 1, SCHEDULE_COUNT_MAX, &o->count); break;
		case O_DELIVERY: rc = cli_number_int(cli, "--delivery", optarg, 1, 100000, &q->delivery); break;
		case O_DATE:
			rc = parse_date(cli, optarg, q->kind == SUBRULE_RESUME ? &q->resume_date : &q->date);
			break;
		case O_UNTIL:
			q->pause_mode = SUBRULE_PAUSE_UNTIL;
			o->have_when = true;
			rc = parse_date(cli, optarg, &q->until);
			break;
		case O_DELIVERIES:
			q->pause_mode = SUBRULE_PAUSE_DELIVERIES;
			o->have_when = true;
			rc = cli_number_int(cli, "--deliveries", optarg, 1, 24, &q->count);
			break;
		case O_OPEN:
			q->pause_mode = SUBRULE_PAUSE_OPEN;
			o->have_when = true;
			break;
		case O_FROM: rc = cli_number_int(cli, "--from", optarg, 1, 100000, &q->from_delivery); break;
		case O_CYCLE:
			if (cycle_parse(optarg, &q->cycle, &err) != RD_OK)
				return cli_fail_err(cli, &err);
			q->change |= SUBRULE_CH_CYCLE;
			break;
		case O_NEXT_DATE:
			rc = parse_date(cli, optarg, &q->next_date);
			q->change |= SUBRULE_CH_NEXT_DATE;
			break;
		case O_SET: rc = parse_line_op(cli, q, SUBRULE_LINE_SET, optarg); break;
		case O_REMOVE: rc = parse_line_op(cli, q, SUBRULE_LINE_REMOVE, optarg); break;
		case O_SWAP: rc = parse_line_op(cli, q, SUBRULE_LINE_SWAP, optarg); break;
		case O_ADDRESS:
			if (strcmp(optarg, "own") == 0)
				q->address_id = 0;
			else
				rc = cli_number(cli, "--address", optarg, 1, LLONG_MAX, &q->address_id);
			q->change |= SUBRULE_CH_ADDRESS;
			break;
		case O_PAYMENT:
			if (subrule_payment_parse(optarg, &q->payment) != 0)
				return cli_fail(cli, RD_USAGE, _("unknown payment '%s': use card, cod, deferred or bank"), optarg);
			q->change |= SUBRULE_CH_PAYMENT;
			break;
		case O_CARD_TOKEN:
			if (strlen(optarg) >= sizeof(q->card_token))
				return cli_fail(cli, RD_INVALID, _("the card token is too long"));
			snprintf(q->card_token, sizeof(q->card_token), "%s", optarg);
			break;
		case O_CARD_LAST4:
			if (strlen(optarg) >= sizeof(q->card_last4))
				return cli_fail(cli, RD_INVALID, _("--card-last4 takes the last four digits"));
			snprintf(q->card_last4, sizeof(q->card_last4), "%s", optarg);
			break;
		case O_TIME_SLOT:
			if (subrule_time_parse(optarg, &q->time_slot) != 0)
				return cli_fail(cli, RD_USAGE,
					_("unknown time slot '%s': use none, morning, 14-16, 16-18, 18-20 or 19-21"), optarg);
			q->change |= SUBRULE_CH_TIME;
			break;
		case O_DISCOUNT: q->change |= SUBRULE_CH_DISCOUNT; break;
		case O_OFFERED:
			if (subrule_alts_parse(optarg, &o->req.offered, &err) != RD_OK)
				return cli_fail_err(cli, &err);
			o->have_offered = true;
			o->req.retention = true;
			break;
		case O_KEPT: o->kept = true; break;
		case O_ABANDONED: o->kept = true; o->req.abandoned = true; break;
		case O_OVERRIDE: q->override = true; break;
		case O_CANCEL_REASON: o->req.cancel_reason = optarg; break;
		default:
			break;
		}
		if (rc)
			return rc;
	}
	*nargs = argc - optind;
	*args = argv + optind;
	return 0;
}

/* ---- output ------------------------------------------------------------------- */

static const char *iso(int32_t d, char buf[DATE_ISO_SIZE])
{
	if (d == SUBRULE_NO_DATE)
		return "-";
	return date_format_iso(d, buf);
}

/* A date in the text output: 2026/12/15(火) (a person reads it). */
static const char *day(int32_t d, char buf[DATE_LONG_SIZE])
{
	if (d == SUBRULE_NO_DATE)
		return "-";
	return date_format_long(d, buf);
}

static void json_date(struct sbuf *out, int32_t d)
{
	char buf[DATE_ISO_SIZE];

	if (d == SUBRULE_NO_DATE)
		sbuf_adds(out, "null");
	else
		sbuf_printf(out, "\"%s\"", date_format_iso(d, buf));
}

/* ,"moved_from":DATE,"moved_reason":TEXT of a slot that the business
 * calendar moved (both null when it was not) */
static void json_moved(struct sbuf *out, const struct subrule_slot *sl)
{
	bool moved = sl->date != sl->nominal;

	sbuf_adds(out, ",\"moved_from\":");
	json_date(out, moved ? sl->nominal : SUBRULE_NO_DATE);
	sbuf_adds(out, ",\"moved_reason\":");
	if (moved)
		json_write_str(out, sl->moved);
	else
		sbuf_adds(out, "null");
}

static void yen(struct sbuf *out, int64_t v)
{
	money_format(out, v, MONEY_YEN_SIGN);
}

static void json_amount(struct sbuf *out, const struct subrule_amount *a)
{
	/* goods and discount tax excluded (as before); goods_tax_included is
	 * goods + tax; total is what the customer pays (tax included) */
	sbuf_printf(out, "{\"goods\":%lld,\"tax\":%lld,\"discount\":%lld,"
		    "\"goods_tax_included\":%lld,\"shipping\":%lld,"
		    "\"cod_fee\":%lld,\"total\":%lld}", (long long)a->goods, (long long)a->tax,
		    (long long)a->discount, (long long)a->goods_total, (long long)a->shipping,
		    (long long)a->cod_fee, (long long)a->total);
}

static void json_retention(struct sbuf *out, const struct subrule_retention *r)
{
	int n = 0;

	sbuf_printf(out, "{\"deliveries_made\":%d,\"deliveries_owed\":%d,\"fee\":%lld,"
		    "\"discount_lost\":%lld,\"count_restarts\":%s,\"alternatives\":[",
		    r->deliveries_made, r->deliveries_owed, (long long)r->fee,
		    (long long)r->discount_lost, r->count_restarts ? "true" : "false");
	for (int i = 0; i < SUBRULE_ALT_COUNT; i++) {
		sbuf_printf(out, "%s{\"name\":\"%s\",\"available\":%s,\"text\":", n++ ? "," : "",
			    subrule_alt_name((enum subrule_alt)i),
			    r->alts[i].available ? "true" : "false");
		json_write_str(out, r->alts[i].text);
		sbuf_addc(out, '}');
	}
	sbuf_adds(out, "]}");
}

static void json_preview(struct sbuf *out, const struct subrule_preview *p)
{
	sbuf_printf(out, "{\"ok\":%s,\"rule\":", p->status == RD_OK ? "true" : "false");
	json_write_str(out, p->status == RD_OK ? NULL : p->rule);
	sbuf_adds(out, ",\"message\":");
	json_write_str(out, p->status == RD_OK ? NULL : p->message);
	sbuf_adds(out, ",\"summary\":");
	json_write_str(out, p->summary);
	sbuf_printf(out, ",\"reserved\":%s,\"from_delivery\":", p->reserved ? "true" : "false");
	if (p->reserved)
		sbuf_printf(out, "%d", p->from_delivery);
	else
		sbuf_adds(out, "null");
	sbuf_adds(out, ",\"affected\":[");
	for (int i = 0; i < p->naffected; i++) {
		sbuf_printf(out, "%s{\"number\":%d,\"old_date\":", i ? "," : "", p->affected[i].number);
		json_date(out, p->affected[i].old_date);
		sbuf_adds(out, ",\"new_date\":");
		json_date(out, p->affected[i].new_date);
		sbuf_printf(out, ",\"contents\":%s}", p->affected[i].contents ? "true" : "false");
	}
	sbuf_printf(out, "],\"more_affected\":%d,\"next\":[", p->more_affected);
	for (int i = 0; i < p->nnext; i++) {
		sbuf_printf(out, "%s{\"number\":%d,\"date\":", i ? "," : "", p->next[i].number);
		json_date(out, p->next[i].date);
		json_moved(out, &p->next[i]);
		sbuf_addc(out, '}');
	}
	sbuf_adds(out, "],\"price\":{\"before\":");
	json_amount(out, &p->before_amount);
	sbuf_adds(out, ",\"after\":");
	json_amount(out, &p->after_amount);
	sbuf_printf(out, ",\"fee\":%lld,\"window_end\":", (long long)(p->fee_applies ? p->fee : 0));
	json_date(out, p->window_end);
	sbuf_printf(out, ",\"window_before\":{\"deliveries\":%d,\"total\":%lld},"
		    "\"window_after\":{\"deliveries\":%d,\"total\":%lld}},\"notes\":[",
		    p->window_before, (long long)p->window_before_total,
		    p->window_after, (long long)p->window_after_total);
	for (int i = 0; i < p->nnotes; i++) {
		if (i)
			sbuf_addc(out, ',');
		json_write_str(out, p->notes[i]);
	}
	sbuf_adds(out, "],\"retention\":");
	if (p->has_retention)
		json_retention(out, &p->retention);
	else
		sbuf_adds(out, "null");
	sbuf_addc(out, '}');
}

static void text_retention(struct sbuf *out, const struct subrule_retention *r)
{
	sbuf_printf(out, _("Retention: %d deliveries made"), r->deliveries_made);
	if (r->deliveries_owed > 0) {
		sbuf_printf(out, _(", %d still owed; early-cancel fee "), r->deliveries_owed);
		yen(out, r->fee);
	}
	sbuf_adds(out, _("; subscription discount lost: "));
	yen(out, r->discount_lost);
	sbuf_adds(out, _(" per delivery; the delivery count starts again at 1 if the customer comes back\n"));
	for (int i = 0; i < SUBRULE_ALT_COUNT; i++)
		sbuf_printf(out, "  %s %-8s %s\n", r->alts[i].available ? _("offer") : _("(n/a)"),
			    subrule_alt_name((enum subrule_alt)i), r->alts[i].text);
}

static void text_preview(struct sbuf *out, long long id, int version,
			 const struct subrule_preview *p)
{
	char a[DATE_LONG_SIZE], b[DATE_LONG_SIZE];

	sbuf_printf(out, _("Subscription %lld (version %d): %s\n"), id, version,
		    p->summary[0] ? p->summary : "-");
	if (p->status != RD_OK)
		sbuf_printf(out, _("Refused (%s): %s\n"), p->rule, p->message);
	if (p->naffected) {
		sbuf_adds(out, _("Deliveries affected:\n"));
		for (int i = 0; i < p->naffected; i++) {
			const struct subrule_affected *f = &p->affected[i];

			sbuf_printf(out, "  %3d  %s -> %s%s\n", f->number, day(f->old_date, a),
				    f->new_date == SUBRULE_NO_DATE ? _("not delivered") : day(f->new_date, b),
				    f->contents ? _(" (new contents)") : "");
		}
		if (p->more_affected)
			sbuf_printf(out, _("  ... and %d more\n"), p->more_affected);
	}
	if (p->status == RD_OK) {
		sbuf_adds(out, _("Next deliveries:"));
		if (p->nnext == 0)
			sbuf_adds(out, _(" none"));
		for (int i = 0; i < p->nnext; i++) {
			char moved[CALENDAR_REASON_SIZE + 32];

			sbuf_printf(out, _("%s %d on %s"), i ? "," : "", p->next[i].number,
				    day(p->next[i].date, a));
			if (p->next[i].date != p->next[i].nominal)
				sbuf_printf(out, " (%s)", calendar_moved_text(p->next[i].moved, moved,
									      sizeof(moved)));
		}
		sbuf_addc(out, '\n');
	}
	sbuf_adds(out, _("Per delivery: "));
	yen(out, p->before_amount.total);
	sbuf_adds(out, " -> ");
	yen(out, p->after_amount.total);
	sbuf_addc(out, '\n');
	if (p->window_end != SUBRULE_NO_DATE) {
		sbuf_printf(out, _("Until %s: %d deliveries "), day(p->window_end, a), p->window_before);
		yen(out, p->window_before_total);
		sbuf_printf(out, _(" -> %d deliveries "), p->window_after);
		yen(out, p->window_after_total);
		sbuf_addc(out, '\n');
	}
	if (p->fee_applies) {
		sbuf_adds(out, _("Early-cancel fee: "));
		yen(out, p->fee);
		sbuf_addc(out, '\n');
	}
	for (int i = 0; i < p->nnotes; i++)
		sbuf_printf(out, _("Note: %s\n"), p->notes[i]);
	if (p->has_retention)
		text_retention(out, &p->retention);
}

static void csv_preview(struct sbuf *out, const struct subrule_preview *p)
{
	char a[DATE_ISO_SIZE], b[DATE_ISO_SIZE];

	sbuf_adds(out, "number,old_date,new_date,contents\n");
	for (int i = 0; i < p->naffected; i++) {
		const struct subrule_affected *f = &p->affected[i];

		sbuf_printf(out, "%d,%s,%s,%s\n", f->number,
			    f->old_date == SUBRULE_NO_DATE ? "" : iso(f->old_date, a),
			    f->new_date == SUBRULE_NO_DATE ? "" : iso(f->new_date, b),
			    f->contents ? "true" : "false");
	}
}

static void json_result(struct sbuf *out, const struct subscription_result *r)
{
	sbuf_printf(out, "{\"id\":%lld,\"version\":%d,\"replayed\":%s,\"reserved\":%s,"
		    "\"status\":\"%s\",\"delivery_count\":%d,\"next_date\":",
		    r->id, r->version, r->replayed ? "true" : "false",
		    r->reserved ? "true" : "false", subrule_status_name(r->status),
		    r->delivery_count);
	json_date(out, r->next_date);
	sbuf_printf(out, ",\"fee\":%lld,\"reservation_id\":", (long long)r->fee);
	if (r->reservation_id)
		sbuf_printf(out, "%lld", r->reservation_id);
	else
		sbuf_adds(out, "null");
	sbuf_adds(out, ",\"offer_id\":");
	if (r->offer_id)
		sbuf_printf(out, "%lld", r->offer_id);
	else
		sbuf_adds(out, "null");
	sbuf_adds(out, ",\"summary\":");
	json_write_str(out, r->summary);
	sbuf_addc(out, '}');
}

static void print(struct sbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, stdout);
	fflush(stdout);
}

/* ---- show and schedule ------------------------------------------------------------ */

static void json_view(struct sbuf *out, const struct subscription_view *v)
{
	const struct subrule_sub *s = &v->state.sub;
	char d[DATE_ISO_SIZE];

	sbuf_printf(out, "{\"id\":%lld,\"version\":%d,\"customer\":{\"id\":%lld,\"code\":",
		    v->state.id, v->state.version, v->state.customer_id);
	json_write_str(out, v->customer_code);
	sbuf_adds(out, ",\"name\":");
	json_write_str(out, v->customer_name);
	sbuf_printf(out, "},\"today\":\"%s\",\"status\":\"%s\",\"cycle\":\"%s\",\"cycle_words\":",
		    date_format_iso(v->today, d), subrule_status_name(s->status), v->cycle_spec);
	json_write_str(out, v->cycle_words);
	sbuf_adds(out, ",\"first_interval\":");
	json_write_str(out, v->first_spec[0] ? v->first_spec : NULL);
	sbuf_printf(out, ",\"delivery_count\":%d,\"next_delivery_no\":", s->delivery_count);
	if (s->status == SUBRULE_CANCELLED)
		sbuf_adds(out, "null");
	else
		sbuf_printf(out, "%d", s->delivery_count + 1);
	sbuf_adds(out, ",\"next_date\":");
	json_date(out, s->next_date);
	sbuf_adds(out, ",\"paused_until\":");
	json_date(out, s->paused_until);
	sbuf_adds(out, ",\"started_on\":");
	json_date(out, v->started_on);
	sbuf_adds(out, ",\"cancelled_on\":");
	json_date(out, v->cancelled_on);
	sbuf_adds(out, ",\"cancel_reason\":");
	json_write_str(out, v->cancel_reason[0] ? v->cancel_reason : NULL);
	sbuf_printf(out, ",\"payment\":\"%s\",\"card_last4\":", subrule_payment_name(s->payment));
	json_write_str(out, s->card_last4[0] ? s->card_last4 : NULL);
	sbuf_printf(out, ",\"time_slot\":\"%s\",\"address\":{\"id\":", subrule_time_name(s->time_slot));
	if (v->address.id)
		sbuf_printf(out, "%lld", v->address.id);
	else
		sbuf_adds(out, "null");
	sbuf_adds(out, ",\"name\":");
	json_write_str(out, v->address.name);
	sbuf_adds(out, ",\"postal_code\":");
	json_write_str(out, v->address.postal);
	sbuf_adds(out, ",\"prefecture\":");
	json_write_str(out, v->address.prefecture);
	sbuf_adds(out, ",\"address1\":");
	json_write_str(out, v->address.address1);
	sbuf_adds(out, ",\"address2\":");
	json_write_str(out, v->address.address2);
	sbuf_adds(out, "},\"lines\":[");
	for (int i = 0; i < s->nlines; i++) {
		sbuf_printf(out, "%s{\"sku\":", i ? "," : "");
		json_write_str(out, s->lines[i].sku);
		sbuf_adds(out, ",\"name\":");
		json_write_str(out, s->lines[i].name);
		int64_t unit = 0, amount = 0;

		pricing_unit_tax_included(s->lines[i].unit_price, s->lines[i].tax_rate,
					  &unit, NULL);
		pricing_line_amount(s->lines[i].unit_price, s->lines[i].quantity,
				    s->lines[i].tax_rate, NULL, &amount, NULL);
		sbuf_printf(out, ",\"quantity\":%d,\"unit_price\":%lld,\"tax_rate\":%d,"
			    "\"unit_price_tax_included\":%lld,\"amount_tax_included\":%lld}",
			    s->lines[i].quantity, (long long)s->lines[i].unit_price,
			    s->lines[i].tax_rate, (long long)unit, (long long)amount);
	}
	sbuf_adds(out, "],\"amount\":");
	json_amount(out, &v->amount);
	sbuf_printf(out, ",\"discount\":{\"percent\":%d,\"remaining\":%d},\"deliveries\":[",
		    s->discount_percent, s->discount_remaining);
	for (int i = 0; i < v->nnext; i++) {
		sbuf_printf(out, "%s{\"number\":%d,\"date\":", i ? "," : "", v->next[i].number);
		json_date(out, v->next[i].date);
		sbuf_adds(out, ",\"nominal\":");
		json_date(out, v->next[i].nominal);
		json_moved(out, &v->next[i]);
		sbuf_printf(out, ",\"skipped\":%s,\"changeable\":%s}",
			    v->next[i].skipped ? "true" : "false",
			    v->next[i].changeable ? "true" : "false");
	}
	sbuf_adds(out, "],\"reservations\":[");
	for (int i = 0; i < v->nreservations; i++) {
		const struct subscription_reservation *r = &v->reservations[i];

		sbuf_printf(out, "%s{\"id\":%lld,\"kind\":\"%s\",\"from_delivery\":%d,\"from_date\":",
			    i ? "," : "", r->id, subrule_kind_name(r->kind), r->from_delivery);
		json_date(out, r->from_date);
		sbuf_printf(out, ",\"status\":\"%s\",\"summary\":", r->status);
		json_write_str(out, r->summary);
		sbuf_adds(out, ",\"note\":");
		json_write_str(out, r->note[0] ? r->note : NULL);
		sbuf_adds(out, ",\"created_by\":");
		json_write_str(out, r->created_by);
		sbuf_addc(out, '}');
	}
	sbuf_adds(out, "],\"history\":[");
	for (int i = 0; i < v->nhistory; i++) {
		const struct subscription_change *h = &v->history[i];

		sbuf_printf(out, "%s{\"at\":", i ? "," : "");
		json_write_str(out, h->at);
		sbuf_adds(out, ",\"actor\":");
		json_write_str(out, h->actor);
		sbuf_adds(out, ",\"table\":");
		json_write_str(out, h->table);
		sbuf_adds(out, ",\"op\":");
		json_write_str(out, h->op);
		sbuf_adds(out, ",\"changed\":");
		json_write_str(out, h->changed);
		sbuf_adds(out, ",\"what\":");
		json_write_str(out, h->what[0] ? h->what : NULL);
		sbuf_adds(out, ",\"reason\":");
		json_write_str(out, h->reason[0] ? h->reason : NULL);
		sbuf_addc(out, '}');
	}
	sbuf_adds(out, "],\"last_change\":");
	json_write_str(out, v->last_change[0] ? v->last_change : NULL);
	sbuf_adds(out, "}\n");
}

static void text_deliveries(struct sbuf *out, const struct subrule_slot *sl, int n)
{
	char d[DATE_LONG_SIZE], nd[DATE_LONG_SIZE];

	sbuf_adds(out, _("  No.  Date             Changeable\n"));
	for (int i = 0; i < n; i++) {
		const char *state = sl[i].skipped ? _("skipped")
			: sl[i].changeable ? _("yes") : _("no (past cut-off)");

		if (sl[i].skipped)
			sbuf_adds(out, "   -   ");
		else
			sbuf_printf(out, "  %3d  ", sl[i].number);
		sbuf_printf(out, "%s  %s", day(sl[i].date, d),
			    state);
		if (sl[i].date != sl[i].nominal) {
			char moved[CALENDAR_REASON_SIZE + 32];

			sbuf_printf(out, _(" (%s; due %s)"),
				    calendar_moved_text(sl[i].moved, moved, sizeof(moved)),
				    day(sl[i].nominal, nd));
		}
		sbuf_addc(out, '\n');
	}
}

static void text_view(struct sbuf *out, const struct subscription_view *v)
{
	const struct subrule_sub *s = &v->state.sub;
	char d[DATE_LONG_SIZE];

	sbuf_printf(out, _("Subscription %lld (version %d): %s %s\n"), v->state.id,
		    v->state.version, v->customer_code, v->customer_name);
	sbuf_printf(out, _("Status:        %s"), subrule_status_label(s->status));
	if (s->status == SUBRULE_PAUSED)
		sbuf_printf(out, _(" until %s"), day(s->paused_until, d));
	if (s->status == SUBRULE_CANCELLED)
		sbuf_printf(out, _(" on %s (%s)"), day(v->cancelled_on, d), v->cancel_reason);
	sbuf_addc(out, '\n');
	sbuf_printf(out, _("Cycle:         %s (%s)"), v->cycle_words, v->cycle_spec);
	if (v->first_spec[0])
		sbuf_printf(out, _(", first interval %s"), v->first_spec);
	sbuf_addc(out, '\n');
	sbuf_printf(out, _("Deliveries:    %d made"), s->delivery_count);
	if (s->status != SUBRULE_CANCELLED)
		sbuf_printf(out, _("; next is delivery %d"), s->delivery_count + 1);
	sbuf_addc(out, '\n');
	for (int i = 0; i < s->nlines; i++) {
		int64_t unit = 0;

		sbuf_printf(out, "%s%s %s x%d @ ", i ? "               " : _("Products:      "),
			    s->lines[i].sku, s->lines[i].name, s->lines[i].quantity);
		pricing_unit_tax_included(s->lines[i].unit_price, s->lines[i].tax_rate,
					  &unit, NULL);
		yen(out, unit);
		sbuf_printf(out, _(" (tax incl., %d%%)\n"), s->lines[i].tax_rate);
	}
	sbuf_adds(out, _("Per delivery:  "));
	yen(out, v->amount.total);
	sbuf_adds(out, _(" (goods "));
	yen(out, v->amount.goods_total);
	sbuf_adds(out, _(" incl. tax "));
	yen(out, v->amount.tax);
	if (v->amount.discount)
		sbuf_printf(out, _(", %d%% discount"), s->discount_percent);
	if (v->amount.shipping) {
		sbuf_adds(out, _(", shipping "));
		yen(out, v->amount.shipping);
	}
	if (v->amount.cod_fee) {
		sbuf_adds(out, _(", COD fee "));
		yen(out, v->amount.cod_fee);
	}
	sbuf_adds(out, ")\n");
	sbuf_printf(out, _("Payment:       %s"), subrule_payment_label(s->payment));
	if (s->card_last4[0])
		sbuf_printf(out, " (**** %s)", s->card_last4);
	sbuf_addc(out, '\n');
	sbuf_printf(out, _("Time slot:     %s\n"), subrule_time_label(s->time_slot));
	{
		struct sbuf z;

		sbuf_init(&z);
		normalize_postal_format(&z, v->address.postal);   /* 690-0887 */
		sbuf_printf(out, _("Address:       〒%s %s%s %s (%s)\n"), z.buf,
			    v->address.prefecture, v->address.address1, v->address.address2,
			    v->address.id ? v->address.name : _("the customer's own"));
		sbuf_done(&z);
	}
	if (v->nnext) {
		sbuf_adds(out, _("Next deliveries:\n"));
		text_deliveries(out, v->next, v->nnext);
	}
	for (int i = 0; i < v->nreservations; i++) {
		const struct subscription_reservation *r = &v->reservations[i];

		sbuf_printf(out, _("%s %lld [%s]: %s%s%s\n"), i ? "             " : _("Reservation"),
			    r->id, history_enum_words("subscription_reservations", "status", r->status), r->summary, r->note[0] ? " - " : "", r->note);
	}
	if (v->nhistory)
		sbuf_adds(out, _("Recent history:\n"));
	for (int i = 0; i < v->nhistory; i++) {
		const struct subscription_change *h = &v->history[i];
		char at[DATE_STAMP_SIZE];

		sbuf_printf(out, "  %s  %s  %s %s  ", date_format_stamp(h->at, DATE_LIST, at),
			    h->actor, history_table_label(h->table),
			    history_enum_words(h->table, "op", h->op));
		if (h->what[0])
			sbuf_adds(out, h->what);
		else
			history_labels(h->table, h->changed, out);
		if (h->reason[0])
			sbuf_printf(out, _(" (reason: %s)"), h->reason);
		sbuf_addc(out, '\n');
	}
}

static int connect(struct cli *cli, struct rd_db **db)
{
	struct rd_error err;

	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_AGENT, db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	return 0;
}

static int cmd_show(struct cli *cli, int argc, char **argv, bool schedule)
{
	unsigned long long allowed = B(O_FORMAT) | B(O_TODAY) | B(O_HELP) |
		(schedule ? B(O_COUNT) : 0);
	struct subscription_view *v;
	struct opts o;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct sbuf out;
	char **args;
	int nargs, rc;
	long long id;

	memset(&o, 0, sizeof(o));
	subscription_request_init(&o.req, 0, SUBRULE_SKIP);
	rc = parse_opts(cli, argc, argv, allowed, &o, &nargs, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (nargs != 1)
		return cli_fail(cli, RD_USAGE, _("subscription %s needs exactly one ID"), argv[0]);
	if ((rc = cli_number(cli, _("a subscription id"), args[0], 1, LLONG_MAX, &id)) != 0)
		return rc;
	if ((rc = connect(cli, &db)) != 0)
		return rc;
	v = xcalloc(1, sizeof(*v));
	sbuf_init(&out);
	if (subscription_get(db, id, o.today, v, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if (schedule) {
		struct subrule_slot *sl;
		struct subscription_rules *rules = xmalloc(sizeof(*rules));
		int n = o.count ? o.count : 12;

		sl = xcalloc((size_t)n, sizeof(*sl));
		if (subscription_rules_load(db, o.today, rules, &err) != RD_OK ||
		    (n = subrule_slots(&v->state.sub, &rules->rules, rules->today, sl, n, &err)) < 0) {
			rc = cli_fail_err(cli, &err);
		} else if (o.fmt == TABLE_FMT_JSON) {
			sbuf_printf(&out, "{\"id\":%lld,\"version\":%d,\"deliveries\":[", id, v->state.version);
			for (int i = 0; i < n; i++) {
				sbuf_printf(&out, "%s{\"number\":%d,\"date\":", i ? "," : "", sl[i].number);
				json_date(&out, sl[i].date);
				sbuf_adds(&out, ",\"nominal\":");
				json_date(&out, sl[i].nominal);
				json_moved(&out, &sl[i]);
				sbuf_printf(&out, ",\"skipped\":%s,\"changeable\":%s}",
					    sl[i].skipped ? "true" : "false",
					    sl[i].changeable ? "true" : "false");
			}
			sbuf_adds(&out, "]}\n");
		} else if (o.fmt == TABLE_FMT_CSV) {
			char a[DATE_ISO_SIZE], b[DATE_ISO_SIZE];

			sbuf_adds(&out, "number,date,nominal,skipped,changeable\n");
			for (int i = 0; i < n; i++)
				sbuf_printf(&out, "%d,%s,%s,%s,%s\n", sl[i].number, iso(sl[i].date, a),
					    iso(sl[i].nominal, b), sl[i].skipped ? "true" : "false",
					    sl[i].changeable ? "true" : "false");
		} else {
			if (n == 0)
				sbuf_printf(&out, _("Subscription %lld has no deliveries ahead (%s).\n"), id,
					    subrule_status_label(v->state.sub.status));
			else
				text_deliveries(&out, sl, n);
		}
		free(sl);
		free(rules);
	} else if (o.fmt == TABLE_FMT_JSON) {
		json_view(&out, v);
	} else if (o.fmt == TABLE_FMT_CSV) {
		char a[DATE_ISO_SIZE], b[DATE_ISO_SIZE];

		sbuf_adds(&out, "number,date,nominal,skipped,changeable\n");
		for (int i = 0; i < v->nnext; i++)
			sbuf_printf(&out, "%d,%s,%s,%s,%s\n", v->next[i].number, iso(v->next[i].date, a),
				    iso(v->next[i].nominal, b), v->next[i].skipped ? "true" : "false",
				    v->next[i].changeable ? "true" : "false");
	} else {
		text_view(&out, v);
	}
	if (rc == 0)
		print(&out);
out:
	sbuf_done(&out);
	free(v);
	db_free(&db);
	return rc;
}

/* ---- requests ------------------------------------------------------------------ */

static int run_request(struct cli *cli, struct opts *o, long long id)
{
	struct subscription_request *r = &o->req;
	struct subrule_preview *p = xcalloc(1, sizeof(*p));
	struct subscription_result res;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct sbuf out;
	int rc = 0, version = 0;
	enum rd_status st;

	r->id = id;
	r->version = o->version;
	r->reason = o->reason;
	r->request_id = o->request_id;
	r->today = o->today;
	if ((rc = connect(cli, &db)) != 0) {
		free(p);
		return rc;
	}
	sbuf_init(&out);
	if (o->dry_run) {
		st = subscription_preview(db, r, p, &version, &err);
		if (st != RD_OK) {
			rc = cli_fail_err(cli, &err);
			goto out;
		}
		if (o->fmt == TABLE_FMT_JSON) {
			sbuf_printf(&out, "{\"subscription\":%lld,\"version\":%d,\"dry_run\":true,\"preview\":",
				    id, version);
			json_preview(&out, p);
			sbuf_adds(&out, "}\n");
		} else if (o->fmt == TABLE_FMT_CSV) {
			csv_preview(&out, p);
		} else {
			text_preview(&out, id, version, p);
			sbuf_adds(&out, _("Dry run: nothing was changed.\n"));
		}
		print(&out);
		if (p->status != RD_OK)
			rc = cli_fail(cli, p->status, "%s", p->message);
		goto out;
	}
	p->status = RD_INTERNAL;   /* not computed (a replay answers without it) */
	st = subscription_apply(db, r, p, &res, &err);
	if (st != RD_OK) {
		rc = cli_fail_err(cli, &err);
		goto out;
	}
	if (o->fmt == TABLE_FMT_JSON) {
		sbuf_printf(&out, "{\"subscription\":%lld,\"version\":%d,\"dry_run\":false,\"preview\":",
			    id, res.version);
		if (res.replayed)
			sbuf_adds(&out, "null");
		else
			json_preview(&out, p);
		sbuf_adds(&out, ",\"result\":");
		json_result(&out, &res);
		sbuf_adds(&out, "}\n");
	} else if (o->fmt == TABLE_FMT_CSV) {
		char d[DATE_ISO_SIZE];

		sbuf_adds(&out, "id,version,replayed,status,delivery_count,next_date,summary\n");
		sbuf_printf(&out, "%lld,%d,%s,%s,%d,%s,", res.id, res.version,
			    res.replayed ? "true" : "false", subrule_status_name(res.status),
			    res.delivery_count, res.next_date == SUBRULE_NO_DATE ? "" : iso(res.next_date, d));
		csv_write_str(&out, res.summary);
		sbuf_addc(&out, '\n');
	} else {
		if (!res.replayed)
			text_preview(&out, id, res.version, p);
		if (res.replayed)
			sbuf_printf(&out, _("Already done by this request id (nothing changed again): %s (version %d)\n"),
				    res.summary, res.version);
		else
			sbuf_printf(&out, _("Done: %s (version %d)\n"), res.summary, res.version);
		if (res.reservation_id)
			sbuf_printf(&out, _("Reservation %lld is pending.\n"), res.reservation_id);
		if (res.offer_id)
			sbuf_printf(&out, _("Retention offer %lld recorded.\n"), res.offer_id);
	}
	print(&out);
out:
	sbuf_done(&out);
	free(p);
	db_free(&db);
	return rc;
}

static int cmd_request(struct cli *cli, int argc, char **argv, int which, bool reserve)
{
	struct opts o;
	char **args;
	int nargs, rc;
	long long id;

	memset(&o, 0, sizeof(o));
	subscription_request_init(&o.req, 0, requests[which].kind);
	rc = parse_opts(cli, argc, argv, requests[which].allowed, &o, &nargs, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (reserve && !o.req.rq.from_delivery)
		return cli_fail(cli, RD_USAGE, _("reserve from which delivery? --from N"));
	if (nargs != 1)
		return cli_fail(cli, RD_USAGE, _("subscription %s needs exactly one ID (see repeatdesk subscription --help)"),
				argv[0]);
	if ((rc = cli_number(cli, _("a subscription id"), args[0], 1, LLONG_MAX, &id)) != 0)
		return rc;
	switch (o.req.rq.kind) {
	case SUBRULE_PAUSE:
		if (!o.have_when)
			return cli_fail(cli, RD_USAGE, _("pause until when? --until DATE, --deliveries N or --open"));
		break;
	case SUBRULE_CHANGE:
		if (!o.req.rq.change)
			return cli_fail(cli, RD_USAGE, _("change what? (see repeatdesk subscription --help)"));
		if ((o.req.rq.card_token[0] || o.req.rq.card_last4[0]) &&
		    !((o.req.rq.change & SUBRULE_CH_PAYMENT) && o.req.rq.payment == SUBRULE_PAY_CARD))
			return cli_fail(cli, RD_USAGE, _("--card-token and --card-last4 go with --payment card"));
		break;
	case SUBRULE_CANCEL:
		if (!o.have_offered)
			return cli_fail(cli, RD_USAGE,
				_("offer the alternatives first, then say which were offered: --offered skip,pause,cycle,fewer,discount (or none)"));
		if (o.kept) {
			if (o.req.rq.override || o.req.rq.from_delivery)
				return cli_fail(cli, RD_USAGE, _("--kept records that the customer stays: no --override or --from with it"));
			o.req.rq.kind = SUBRULE_KEEP;
		}
		break;
	default:
		break;
	}
	return run_request(cli, &o, id);
}

/* reserve ID [--from N] change|pause|cancel [OPTIONS]: the request with
 * --from, whatever the order of --from and the kind. */
static int cmd_reserve(struct cli *cli, int argc, char **argv)
{
	int kind_at = -1, which = -1, nargc = 0, rc;
	char **nargv;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			subscription_usage(stdout);
			return 0;
		}
		for (size_t k = 0; k < sizeof(requests) / sizeof(requests[0]); k++)
			if (strcmp(argv[i], requests[k].name) == 0 && requests[k].allowed & B(O_FROM)) {
				kind_at = i;
				which = (int)k;
			}
		if (kind_at >= 0)
			break;
	}
	if (kind_at < 0)
		return cli_fail(cli, RD_USAGE,
			_("reserve what? change, pause or cancel (repeatdesk subscription reserve ID --from N cancel ...)"));
	nargv = xcalloc((size_t)argc + 1, sizeof(char *));
	nargv[nargc++] = argv[kind_at];
	for (int i = 1; i < argc; i++)
		if (i != kind_at)
			nargv[nargc++] = argv[i];
	rc = cmd_request(cli, nargc, nargv, which, true);
	free(nargv);
	return rc;
}

static int cmd_unreserve(struct cli *cli, int argc, char **argv)
{
	struct subscription_result res;
	struct opts o;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct sbuf out;
	char **args;
	int nargs, rc;
	long long id, rid;

	memset(&o, 0, sizeof(o));
	subscription_request_init(&o.req, 0, SUBRULE_CHANGE);
	rc = parse_opts(cli, argc, argv, COMMON & ~B(O_DRY_RUN), &o, &nargs, &args);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (nargs != 2)
		return cli_fail(cli, RD_USAGE, _("unreserve needs the subscription ID and the RESERVATION id"));
	if ((rc = cli_number(cli, _("a subscription id"), args[0], 1, LLONG_MAX, &id)) != 0 ||
	    (rc = cli_number(cli, _("a reservation id"), args[1], 1, LLONG_MAX, &rid)) != 0)
		return rc;
	if ((rc = connect(cli, &db)) != 0)
		return rc;
	sbuf_init(&out);
	if (subscription_unreserve(db, id, o.version, rid, o.reason, o.request_id, o.today,
				   &res, &err) != RD_OK) {
		rc = cli_fail_err(cli, &err);
	} else {
		if (o.fmt == TABLE_FMT_JSON) {
			sbuf_printf(&out, "{\"subscription\":%lld,\"version\":%d,\"dry_run\":false,\"result\":",
				    id, res.version);
			json_result(&out, &res);
			sbuf_adds(&out, "}\n");
		} else {
			sbuf_printf(&out, _("Done: %s (version %d)\n"), res.summary, res.version);
		}
		print(&out);
	}
	sbuf_done(&out);
	db_free(&db);
	return rc;
}

int cli_cmd_subscription(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || cli_is_help(sub)) {
		subscription_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	argc--;
	argv++;
	if (strcmp(sub, "show") == 0)
		return cmd_show(cli, argc, argv, false);
	if (strcmp(sub, "schedule") == 0)
		return cmd_show(cli, argc, argv, true);
	if (strcmp(sub, "reserve") == 0)
		return cmd_reserve(cli, argc, argv);
	if (strcmp(sub, "unreserve") == 0)
		return cmd_unreserve(cli, argc, argv);
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
		if (strcmp(sub, requests[i].name) == 0)
			return cmd_request(cli, argc, argv, (int)i, false);
	return cli_fail(cli, RD_USAGE, _("unknown subscription command '%s' (see repeatdesk subscription --help)"), sub);
}
