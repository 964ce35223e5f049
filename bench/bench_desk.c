/* bench_desk.c: the desk's operations as the screens call them, each
 * next to pgbench replaying exactly the statements they sent.
 *
 *   bench/bench_desk [--samples N] [--only OP[,OP...]] [--cold CMD]
 *                    [--mode extended|prepared|simple] [--list] CONNINFO
 *
 * Against a seeded database (repeatdesk db seed), logged in as an
 * operator (order entry needs one), for each operation it draws N keys at
 * random across the whole table (random ids up to the largest, not a hot
 * subset) and runs the operation once per key, timed, with the
 * statements traced (db_trace(), bench/pgtrace.h):
 *
 *   lookup-*   one keystroke on the lookup screen (src/ui/lookup_screen.c
 *              on the UI's own shell): the screen is opened with all but
 *              the last character of the key (searched, not timed), then
 *              the last character is typed: whatever the screen asks the
 *              database for on that key (the page and the count) plus
 *              composing and drawing 80x24
 *   card       opening the customer card as F2 → Enter does (the
 *              customer screen pushed on the shell: its reads and the
 *              presence, composed and drawn)
 *   quote      order_quote of a random order (the confirmation screen)
 *   submit     order_submit of the same order
 *   preview    subscription_preview of skipping a random active
 *              subscription's next delivery (what the screen shows)
 *   skip       subscription_apply of that skip (then undone, not timed)
 *
 * pgbench (-n -c 1 -M MODE -t N) then replays the traced statements, one
 * operation per transaction, with the same keys (see pgtrace.h; a write
 * is replayed with fresh request ids, the ids it created bound with
 * \gset, and the version a skip updates moved on). The first operation
 * of each side is the warm-up of the connection and is left out of both.
 *
 * Warm (default): a read's keys are each run once untimed before the
 * timed pass; writes are preceded by 20 untimed ones. --cold CMD runs CMD
 * (bench/run: restart the server) before the timed pass of each operation
 * and again before its pgbench replay, and reconnects.
 *
 * RD_BENCH_GAPS=1: for each submit, the time from each statement sent to
 * the next (where a submit's time goes) on stderr.
 *
 * Prints a markdown table, and one line per operation for bench/run:
 *   RESULT<TAB>op<TAB>n<TAB>p50<TAB>p95<TAB>p99<TAB>pg50<TAB>pg95<TAB>pg99<TAB>statements<TAB>loadavg
 * (ms; -1: none; statements per operation; /proc/loadavg before it). Numbers are reported, never asserted. */
#include "repeatdesk/db.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/order.h"
#include "repeatdesk/pricing.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/subscription.h"
#include "repeatdesk/width.h"
#include "benchutil.h"
#include "benchorder.h"
#include "pgtrace.h"

#include "../src/ui/curses_wrap.h"
#include "../src/ui/customer_screen.h"
#include "../src/ui/draw.h"
#include "../src/ui/home_screen.h"
#include "../src/ui/lookup_screen.h"
#include "../src/ui/shell.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define COLS_BENCH 80
#define ROWS_BENCH 24
#define MAX_SKUS 64

enum op {
	OP_PHONE, OP_CODE, OP_ORDER_NO, OP_EMAIL, OP_NAME1, OP_KANA1, OP_NAME3,
	OP_CARD, OP_QUOTE, OP_SUBMIT, OP_PREVIEW, OP_SKIP, OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	[OP_PHONE] = "lookup-phone", [OP_CODE] = "lookup-code",
	[OP_ORDER_NO] = "lookup-order", [OP_EMAIL] = "lookup-email",
	[OP_NAME1] = "lookup-name1", [OP_KANA1] = "lookup-kana1",
	[OP_NAME3] = "lookup-name3", [OP_CARD] = "card", [OP_QUOTE] = "quote",
	[OP_SUBMIT] = "submit", [OP_PREVIEW] = "preview", [OP_SKIP] = "skip",
};

#ifndef BENCH_DESK_LIB
static const char *const op_labels[OP_COUNT] = {
	[OP_PHONE] = "lookup keystroke: exact phone (090-1234-5678)",
	[OP_CODE] = "lookup keystroke: customer code",
	[OP_ORDER_NO] = "lookup keystroke: order number",
	[OP_EMAIL] = "lookup keystroke: e-mail",
	[OP_NAME1] = "lookup keystroke: name, 1 character (田)",
	[OP_KANA1] = "lookup keystroke: reading, 1 character (や)",
	[OP_NAME3] = "lookup keystroke: full name (山田太郎)",
	[OP_CARD] = "card open (customer screen, presence included)",
	[OP_QUOTE] = "order quote (confirmation)",
	[OP_SUBMIT] = "order submit",
	[OP_PREVIEW] = "skip preview",
	[OP_SKIP] = "skip",
};
#endif

static struct rd_db *db;
static const char *conninfo;
static const char *cold_cmd;
#ifndef BENCH_DESK_LIB
static const char *mode = "extended";
#endif
static int nsamples = 300;

/* ---- the UI ------------------------------------------------------------- */

static struct ui_app app;
static struct shell_view view;
static bool ui_ready;

static void die(const char *what, const struct rd_error *err)
{
	fprintf(stderr, "bench_desk: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

static void ui_start(void)
{
	static struct ui_options opt;
	FILE *devnull;
	SCREEN *scr;

	if (ui_ready)
		return;
	devnull = fopen("/dev/null", "w");
	setenv("TERM", "xterm-256color", 1);
	scr = newterm(NULL, devnull, stdin);
	if (!scr) {
		fprintf(stderr, "bench_desk: no curses screen for xterm-256color\n");
		exit(1);
	}
	set_term(scr);
	resize_term(ROWS_BENCH, COLS_BENCH);
	draw_init();
	opt.db = db;
	opt.login = db_user(db);
	opt.agent_name = opt.login;
	opt.role = "operator";
	opt.db_label = "bench";
	shell_init(&app, &opt, db);
	shell_view_init(&view);
	app.lookup_ops = &lookup_screen_ops;
	shell_set_db_state(&app, UI_DB_OK);
	shell_push(&app, &home_screen_ops, NULL);
	ui_ready = true;
}

static void ui_draw(void)
{
	shell_compose(&app, COLS_BENCH, ROWS_BENCH, &view);
	draw_view(&view, false);
}

/* Esc until the stack is as deep as depth (a question is answered yes). */
static void ui_back_to(size_t depth, const char *what)
{
	while (app.depth > depth) {
		size_t before = app.depth;

		shell_request(&app, REQ_BACK);
		if (app.dialog)
			shell_request(&app, REQ_YES);
		if (app.depth == before) {
			fprintf(stderr, "bench_desk: cannot leave %s\n", what);
			exit(1);
		}
	}
	ui_draw();
}

/* ---- keys --------------------------------------------------------------- */

struct key {
	char code[32];
	char phone[32];
	char email[256];
	char name[128];
	char kana[128];
	char order_no[32];
};

static struct key *keys;
static int nkeys;
static char skus[MAX_SKUS][ORDER_SKU_SIZE];
static int nskus;
static long long *subs;
static int nsubs;

/* Customers at random ids across the table (not a hot subset). */
static void sample_customers(int want)
{
	struct db_rows r;
	struct rd_error err;
	char n[16];
	const char *p[1] = { n };

	snprintf(n, sizeof(n), "%d", want * 2);
	if (db_query(db,
		"SELECT c.code, coalesce(c.phone1, ''), coalesce(c.email, ''), c.name,"
		"       coalesce(c.name_kana, ''),"
		"       coalesce((SELECT o.order_no FROM rd.orders o WHERE o.customer_id = c.id"
		"                  ORDER BY o.id DESC LIMIT 1), '')"
		"  FROM rd.customers c"
		" WHERE c.id = ANY (ARRAY(SELECT 1 + floor(random() * (SELECT max(id) FROM rd.customers))::bigint"
		"                           FROM generate_series(1, $1::int)))"
		" ORDER BY random()", 1, p, &r, &err) != RD_OK)
		die("sampling customers", &err);
	free(keys);
	keys = calloc((size_t)r.nrows + 1, sizeof(*keys));
	if (!keys)
		abort();
	nkeys = 0;
	for (int i = 0; i < r.nrows && nkeys < want; i++) {
		struct key *k = &keys[nkeys++];

		snprintf(k->code, sizeof(k->code), "%s", db_rows_get(&r, i, 0));
		snprintf(k->phone, sizeof(k->phone), "%s", db_rows_get(&r, i, 1));
		snprintf(k->email, sizeof(k->email), "%s", db_rows_get(&r, i, 2));
		snprintf(k->name, sizeof(k->name), "%s", db_rows_get(&r, i, 3));
		snprintf(k->kana, sizeof(k->kana), "%s", db_rows_get(&r, i, 4));
		snprintf(k->order_no, sizeof(k->order_no), "%s", db_rows_get(&r, i, 5));
	}
	db_rows_free(&r);
	if (nkeys < 2) {
		fprintf(stderr, "bench_desk: seed the database first (repeatdesk db seed)\n");
		exit(1);
	}
}

static void sample_products(void)
{
	struct db_rows r;
	struct rd_error err;

	if (nskus)
		return;
	if (db_query(db, "SELECT sku FROM rd.products WHERE active ORDER BY sku LIMIT 64", 0, NULL,
		     &r, &err) != RD_OK)
		die("products", &err);
	for (int i = 0; i < r.nrows; i++)
		snprintf(skus[nskus++], ORDER_SKU_SIZE, "%s", db_rows_get(&r, i, 0));
	db_rows_free(&r);
	if (nskus < 3) {
		fprintf(stderr, "bench_desk: seed the database first (repeatdesk db seed)\n");
		exit(1);
	}
}

/* Active subscriptions whose next delivery can be skipped (nothing
 * skipped since the last delivery), at random. */
static void sample_subscriptions(int want)
{
	struct db_rows r;
	struct rd_error err;
	char n[16];
	const char *p[1] = { n };

	snprintf(n, sizeof(n), "%d", want);
	if (db_query(db,
		"SELECT s.id FROM rd.subscriptions s"
		" WHERE s.status = 'active' AND s.next_date > current_date + 10"
		"   AND NOT EXISTS (SELECT 1 FROM rd.subscription_skips k WHERE k.subscription_id = s.id"
		"                    AND k.delivery_no = s.delivery_count + 1)"
		" ORDER BY random() LIMIT $1::int", 1, p, &r, &err) != RD_OK)
		die("sampling subscriptions", &err);
	free(subs);
	subs = calloc((size_t)r.nrows + 1, sizeof(*subs));
	if (!subs)
		abort();
	nsubs = 0;
	for (int i = 0; i < r.nrows; i++)
		subs[nsubs++] = strtoll(db_rows_get(&r, i, 0), NULL, 10);
	db_rows_free(&r);
	if (nsubs < want)
		fprintf(stderr, "bench_desk: only %d active subscriptions to skip; seed more\n", nsubs);
	if (nsubs < 2)
		exit(1);
}

/* The first n characters of s (UTF-8), spaces skipped. */
static void first_chars(char *out, size_t outsz, const char *s, int n)
{
	size_t len = strlen(s), o = 0;

	for (size_t i = 0; i < len && n > 0;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, len - i, &cp);

		l = l ? l : 1;
		if (cp != ' ' && cp != 0x3000 && o + l < outsz) {
			memcpy(out + o, s + i, l);
			o += l;
			n--;
		}
		i += l;
	}
	out[o] = '\0';
}

/* Katakana to hiragana: readings are typed with the input method. */
static void to_hiragana(char *out, size_t outsz, const char *s)
{
	size_t len = strlen(s), o = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, len - i, &cp);
		char buf[4];

		if (cp >= 0x30A1 && cp <= 0x30F6)
			cp -= 0x60;
		i += l ? l : 1;
		l = utf8_encode(cp, buf);
		if (o + l >= outsz)
			break;
		memcpy(out + o, buf, l);
		o += l;
	}
	out[o] = '\0';
}

/* What is typed for key k of a lookup op ("" when the key has none). */
static void lookup_text(enum op op, const struct key *k, char *out, size_t outsz)
{
	char buf[256];

	out[0] = '\0';
	switch (op) {
	case OP_PHONE: snprintf(out, outsz, "%s", k->phone); break;
	case OP_CODE: snprintf(out, outsz, "%s", k->code); break;
	case OP_ORDER_NO: snprintf(out, outsz, "%s", k->order_no); break;
	case OP_EMAIL: snprintf(out, outsz, "%s", k->email); break;
	case OP_NAME1:
		/* the second character of the family name: 田 of 山田 */
		first_chars(buf, sizeof(buf), k->name, 2);
		if (strlen(buf) > 3)
			snprintf(out, outsz, "%s", buf + 3);
		break;
	case OP_KANA1:
		first_chars(buf, sizeof(buf), k->kana, 1);
		to_hiragana(out, outsz, buf);
		break;
	case OP_NAME3:
		first_chars(out, outsz, k->name, 16);
		break;
	default:
		break;
	}
}

/* ---- one operation ------------------------------------------------------ */

struct op_run {
	enum op op;
	char loadavg[64];          /* /proc/loadavg before the op */
	double *lat;
	int n;
	struct pgscript ps;
	long statements;
	int skipped;
	struct pgtrace *kept;      /* each traced operation (keep_traces) */
	int nkept;
};

/* tests/db/check_bench_scripts: keep every trace, no warm-up passes */
static bool keep_traces;

/* After a restart: the connection only learns it is gone when a
 * statement fails, so one is sent (and tried again after reconnecting)
 * before anything timed. */
static void reconnect(void)
{
	struct rd_error err;

	for (int i = 0; i < 50; i++) {
		if (db_exec(db, "SELECT 1", 0, NULL, NULL, &err) == RD_OK)
			return;
		if (db_reconnect(db, &err) != RD_OK)
			usleep(200000);
	}
	die("reconnecting after --cold", &err);
}

static void cold(void)
{
	if (!cold_cmd)
		return;
	fflush(NULL);
	if (system(cold_cmd) != 0) {
		fprintf(stderr, "bench_desk: --cold command failed: %s\n", cold_cmd);
		exit(1);
	}
	reconnect();
}

/* Splits text into all but its last character and the last one. */
static uint32_t split_last(const char *text, char *head, size_t headsz)
{
	size_t len = strlen(text), i = 0, last = 0;
	uint32_t cp = 0;

	while (i < len) {
		size_t l = utf8_decode(text + i, len - i, &cp);

		last = i;
		i += l ? l : 1;
	}
	snprintf(head, headsz, "%.*s", (int)last, text);
	return cp;
}

/* One lookup keystroke; *t gets its time, tr (may be NULL) its SQL.
 * Returns false when the key has nothing to type. */
static bool lookup_keystroke(enum op op, const struct key *k, double *t, struct pgtrace *tr)
{
	char text[256], head[256];
	struct lookup_arg a = { 0 };
	size_t depth = app.depth;
	uint32_t cp;
	double t0;

	lookup_text(op, k, text, sizeof(text));
	if (!text[0])
		return false;
	cp = split_last(text, head, sizeof(head));
	a.text = head[0] ? head : NULL;
	if (!shell_push(&app, &lookup_screen_ops, head[0] ? &a : NULL))
		die("the lookup screen refused to open", NULL);
	ui_draw();
	if (tr)
		pgtrace_start(db, tr);
	t0 = bench_now_ms();
	shell_key(&app, (int)cp);
	/* the search runs once typing pauses (src/ui/debounce.h): the pause
	 * itself is not the desk's work, so the timer is fired at once, as
	 * the loop does when its time comes */
	if (shell_due(&app))
		shell_timer(&app, shell_due(&app));
	ui_draw();
	*t = bench_now_ms() - t0;
	if (tr)
		pgtrace_stop(db);
	ui_back_to(depth, "the lookup screen");
	return true;
}

static void card_open(const struct key *k, double *t, struct pgtrace *tr)
{
	size_t depth = app.depth;
	double t0;

	if (tr)
		pgtrace_start(db, tr);
	t0 = bench_now_ms();
	if (!shell_push(&app, &customer_screen_ops, k->code)) {
		fprintf(stderr, "bench_desk: the card of %s refused to open: %s\n", k->code,
			app.message.len ? app.message.buf : "");
		exit(1);
	}
	ui_draw();
	*t = bench_now_ms() - t0;
	if (tr)
		pgtrace_stop(db);
	ui_back_to(depth, "the customer card");
}

static void random_request(struct order_request *req, const struct order_context *ctx,
			   const struct key *k)
{
	bench_random_order(req, ctx, k->code, (const char (*)[ORDER_SKU_SIZE])skus, nskus);
}

static void add_sample(struct op_run *run, double t, struct pgtrace *tr, bool keep)
{
	if (keep)
		run->lat[run->n++] = t;
	run->statements += keep ? (long)tr->n : 0;
	pgscript_add(&run->ps, tr);
	if (keep_traces) {
		run->kept = realloc(run->kept, (size_t)(run->nkept + 1) * sizeof(*run->kept));
		if (!run->kept)
			abort();
		run->kept[run->nkept++] = *tr;
		pgtrace_init(tr);
	}
	pgtrace_free(tr);
}

static void run_lookup(struct op_run *run)
{
	int done = 0;

	ui_start();
	/* more than needed: not every customer has an e-mail or an order */
	sample_customers(3 * nsamples + 3);
	if (!cold_cmd && !keep_traces)   /* warm: every key once, untimed */
		for (int i = 0; i < nkeys; i++) {
			double t;

			if (run->op == OP_CARD)
				card_open(&keys[i], &t, NULL);
			else
				lookup_keystroke(run->op, &keys[i], &t, NULL);
		}
	cold();
	for (int i = 0; i < nkeys && done <= nsamples; i++) {
		struct pgtrace tr;
		double t;

		pgtrace_init(&tr);
		if (run->op == OP_CARD) {
			card_open(&keys[i], &t, &tr);
		} else if (!lookup_keystroke(run->op, &keys[i], &t, &tr)) {
			run->skipped++;
			continue;
		}
		add_sample(run, t, &tr, done > 0);
		done++;
	}
}

static void run_order(struct op_run *quote, struct op_run *submit)
{
	struct order_context ctx;
	struct rd_error err;
	struct order_request req;
	struct order_quote q;
	struct order o;
	int done = 0;

	sample_products();
	sample_customers(nsamples + 21);
	if (order_context_load(db, &ctx, &err) != RD_OK)
		die("order settings", &err);
	for (int i = 0; i < 20 && !cold_cmd && !keep_traces; i++) {
		random_request(&req, &ctx, &keys[nkeys - 1 - i]);
		if (order_submit(db, &req, NULL, &o, NULL, &err) != RD_OK)
			die("warm-up submit", &err);
	}
	cold();
	for (int i = 0; i <= nsamples && i < nkeys; i++) {
		struct pgtrace tq, ts;
		char id[24], sub[24];
		double t0, tquote, tsubmit;

		random_request(&req, &ctx, &keys[i]);
		pgtrace_init(&tq);
		pgtrace_init(&ts);
		pgtrace_start(db, &tq);
		t0 = bench_now_ms();
		if (order_quote(db, &req, &q, NULL, &err) != RD_OK)
			die("quote", &err);
		tquote = bench_now_ms() - t0;
		pgtrace_stop(db);
		pgtrace_start(db, &ts);
		t0 = bench_now_ms();
		if (order_submit(db, &req, NULL, &o, NULL, &err) != RD_OK)
			die("submit", &err);
		tsubmit = bench_now_ms() - t0;
		pgtrace_stop(db);
		/* the replay makes an order of its own */
		pgtrace_fresh_uuids(&ts);
		snprintf(id, sizeof(id), "%lld", o.id);
		if (pgtrace_bind(&ts, id, "INSERT INTO rd.orders") != 0)
			die("submit: no INSERT INTO rd.orders ... RETURNING traced", NULL);
		if (o.subscription_id) {
			snprintf(sub, sizeof(sub), "%lld", o.subscription_id);
			pgtrace_bind(&ts, sub, "INSERT INTO rd.subscriptions");
		}
		if (quote)
			add_sample(quote, tquote, &tq, done > 0);
		else
			pgtrace_free(&tq);
		if (getenv("RD_BENCH_GAPS") && done > 0) {
			/* where a submit's time goes: statement by statement */
			for (size_t k = 0; k < ts.n; k++)
				fprintf(stderr, "gap\t%zu\t%.3f\t%.60s\n", k,
					(k + 1 < ts.n ? ts.s[k + 1].at : t0 + tsubmit) - ts.s[k].at,
					ts.s[k].sql);
			fprintf(stderr, "gap\tstart\t%.3f\n", ts.n ? ts.s[0].at - t0 : 0);
		}
		if (submit)
			add_sample(submit, tsubmit, &ts, done > 0);
		else
			pgtrace_free(&ts);
		done++;
	}
}

static void run_skip(struct op_run *preview, struct op_run *skip)
{
	struct subscription_request req;
	struct subscription_result res;
	struct subrule_preview *pv = calloc(1, sizeof(*pv));
	struct rd_error err;
	int done = 0, warm = cold_cmd || keep_traces ? 0 : 20;

	if (!pv)
		abort();
	sample_subscriptions(nsamples + 1 + warm + nsamples / 4);
	cold();
	for (int i = 0; i < nsubs && done <= nsamples; i++) {
		struct pgtrace tp, ts;
		char rid[37], rid2[37], ver[16];
		int version = 0;
		double t0, tprev, tskip;
		enum rd_status st;

		pgtrace_init(&tp);
		pgtrace_init(&ts);
		snprintf(rid, sizeof(rid), "%08x-0000-4000-8000-%012x", (unsigned)rand(), (unsigned)i);
		snprintf(rid2, sizeof(rid2), "%08x-0000-4000-9000-%012x", (unsigned)rand(), (unsigned)i);
		subscription_request_init(&req, subs[i], SUBRULE_SKIP);
		req.reason = "bench: 旅行のため";
		pgtrace_start(db, &tp);
		t0 = bench_now_ms();
		if (subscription_preview(db, &req, pv, &version, &err) != RD_OK)
			die("preview", &err);
		tprev = bench_now_ms() - t0;
		pgtrace_stop(db);
		if (pv->status != RD_OK) {
			pgtrace_free(&tp);
			continue;
		}
		req.version = version;
		req.request_id = rid;
		pgtrace_start(db, &ts);
		t0 = bench_now_ms();
		st = subscription_apply(db, &req, NULL, &res, &err);
		tskip = bench_now_ms() - t0;
		pgtrace_stop(db);
		if (st == RD_REFUSED) {
			pgtrace_free(&tp);
			pgtrace_free(&ts);
			continue;
		}
		if (st != RD_OK)
			die("skip", &err);
		/* undone (untimed): the replay skips it again, two versions on */
		subscription_request_init(&req, subs[i], SUBRULE_UNSKIP);
		req.reason = "bench: やはり届けて";
		req.request_id = rid2;
		if (subscription_apply(db, &req, NULL, &res, &err) != RD_OK)
			die("unskip", &err);
		if (warm > 0) {
			warm--;
			pgtrace_free(&tp);
			pgtrace_free(&ts);
			continue;
		}
		pgtrace_fresh_uuids(&ts);
		snprintf(ver, sizeof(ver), "%d", version + 2);
		pgtrace_set_after(&ts, "UPDATE rd.subscriptions", "version = $", ver);
		if (preview)
			add_sample(preview, tprev, &tp, done > 0);
		else
			pgtrace_free(&tp);
		if (skip)
			add_sample(skip, tskip, &ts, done > 0);
		else
			pgtrace_free(&ts);
		done++;
	}
	free(pv);
}

#ifndef BENCH_DESK_LIB
static void pgbench_and_print(struct op_run *run)
{
	double *lat = NULL, pg[3] = { -1, -1, -1 }, st[3] = { -1, -1, -1 };
	size_t nlat = 0, cap = 0;
	char errbuf[2000];

	cold();
	if (run->ps.ntrace > 1) {
		if (pgscript_run(&run->ps, conninfo, mode, &lat, &nlat, &cap, errbuf,
				 sizeof(errbuf)) != 0)
			fprintf(stderr, "bench_desk: pgbench failed for %s:\n%s\n", op_names[run->op],
				errbuf);
		else if (nlat) {
			pg[0] = bench_percentile(lat, (int)nlat, 0.50);
			pg[1] = bench_percentile(lat, (int)nlat, 0.95);
			pg[2] = bench_percentile(lat, (int)nlat, 0.99);
		}
	}
	if (run->n) {
		st[0] = bench_percentile(run->lat, run->n, 0.50);
		st[1] = bench_percentile(run->lat, run->n, 0.95);
		st[2] = bench_percentile(run->lat, run->n, 0.99);
	}
	printf("| %s | %d | %.3f / %.3f / %.3f |", op_labels[run->op], run->n, st[0], st[1], st[2]);
	if (pg[0] > 0)
		printf(" %.3f / %.3f / %.3f | %.2f |", pg[0], pg[1], pg[2], st[2] / pg[2]);
	else
		printf(" - | - |");
	printf(" %.1f |\n", run->n ? (double)run->statements / run->n : 0.0);
	printf("RESULT\t%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.1f\t%s\n", op_names[run->op],
	       run->n, st[0], st[1], st[2], pg[0], pg[1], pg[2],
	       run->n ? (double)run->statements / run->n : 0.0, run->loadavg);
	if (run->skipped)
		fprintf(stderr, "bench_desk: %s: %d keys had nothing to type (left out)\n",
			op_names[run->op], run->skipped);
	fflush(stdout);
	free(lat);
}
#endif

static void run_init(struct op_run *run, enum op op)
{
	FILE *f = fopen("/proc/loadavg", "r");

	memset(run, 0, sizeof(*run));
	run->op = op;
	if (f) {
		float a = 0, b = 0, c = 0;

		if (fscanf(f, "%f %f %f", &a, &b, &c) == 3)
			snprintf(run->loadavg, sizeof(run->loadavg), "%.2f %.2f %.2f", a, b, c);
		fclose(f);
	}
	run->lat = calloc((size_t)nsamples + 2, sizeof(double));
	if (!run->lat)
		abort();
	pgscript_init(&run->ps);
}

static void run_done(struct op_run *run)
{
	for (int i = 0; i < run->nkept; i++)
		pgtrace_free(&run->kept[i]);
	free(run->kept);
	free(run->lat);
	pgscript_free(&run->ps);
}

#ifndef BENCH_DESK_LIB
static bool wanted(const char *only, enum op op)
{
	const char *p = only;
	size_t len = strlen(op_names[op]);

	if (!only)
		return true;
	while ((p = strstr(p, op_names[op])) != NULL) {
		if ((p == only || p[-1] == ',') && (p[len] == '\0' || p[len] == ','))
			return true;
		p += len;
	}
	/* "lookup" names every lookup keystroke */
	if (op <= OP_NAME3)
		for (p = only; (p = strstr(p, "lookup")) != NULL; p += 6)
			if ((p == only || p[-1] == ',') && (p[6] == '\0' || p[6] == ','))
				return true;
	return false;
}
#endif

#ifdef BENCH_DESK_LIB
#include "desk.h"

int bench_desk_ops(void)
{
	return OP_COUNT;
}

const char *bench_desk_op_name(int op)
{
	return op_names[op];
}

int bench_desk_collect(struct rd_db *d, const char *ci, int op, int n,
		       struct bench_desk_traces *out)
{
	struct op_run run, other;

	db = d;
	conninfo = ci;
	nsamples = n;
	keep_traces = true;
	run_init(&run, (enum op)op);
	run_init(&other, (enum op)op);
	if (op <= OP_CARD)
		run_lookup(&run);
	else if (op == OP_QUOTE)
		run_order(&run, NULL);
	else if (op == OP_SUBMIT)
		run_order(NULL, &run);
	else if (op == OP_PREVIEW)
		run_skip(&run, NULL);
	else
		run_skip(NULL, &run);
	out->traces = run.kept;
	out->n = run.nkept;
	out->script = run.ps;
	run.kept = NULL;
	run.nkept = 0;
	pgscript_init(&run.ps);
	run_done(&run);
	run_done(&other);
	return out->n;
}

void bench_desk_done(void)
{
	if (ui_ready) {
		shell_done(&app);
		shell_view_done(&view);
		endwin();
		ui_ready = false;
	}
}
#else
int main(int argc, char **argv)
{
	const char *only = NULL;
	struct db_params p = { .application_name = "bench_desk" };
	struct rd_error err;
	char customers[32] = "?";

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--samples") == 0 && i + 1 < argc)
			nsamples = atoi(argv[++i]);
		else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
			only = argv[++i];
		else if (strcmp(argv[i], "--cold") == 0 && i + 1 < argc)
			cold_cmd = argv[++i];
		else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc)
			mode = argv[++i];
		else if (strcmp(argv[i], "--list") == 0) {
			for (int k = 0; k < OP_COUNT; k++)
				printf("%s\t%s\n", op_names[k], op_labels[k]);
			return 0;
		} else if (argv[i][0] != '-' && !conninfo)
			conninfo = argv[i];
		else {
			fprintf(stderr, "usage: bench_desk [--samples N] [--only OP,...] [--cold CMD]"
				" [--mode extended|prepared|simple] [--list] CONNINFO\n");
			return 2;
		}
	}
	if (nsamples < 10)
		nsamples = 10;
	setlocale(LC_ALL, "");
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	p.conninfo = conninfo ? conninfo : "";
	conninfo = p.conninfo;
	if (db_open(&db, &p, &err) != RD_OK)
		die("connect", &err);
	db_query_value(db, "SELECT to_char(count(*), 'FM9,999,999,999') FROM rd.customers", 0,
		       NULL, customers, sizeof(customers), NULL, &err);
	printf("desk operations at %s customers, %s, %d random keys each"
	       " (PostgreSQL %s; pgbench -n -c 1 -M %s replaying the traced statements)\n\n",
	       customers, cold_cmd ? "cold (server restarted before each side)" : "warm",
	       nsamples, db_server_version(db), mode);
	printf("| operation | n | p50 / p95 / p99 ms | pgbench p50 / p95 / p99 ms | ratio p99 | statements |\n");
	printf("|---|---:|---:|---:|---:|---:|\n");
	fflush(stdout);
	for (int op = 0; op <= OP_CARD; op++) {
		struct op_run run;

		if (!wanted(only, (enum op)op))
			continue;
		run_init(&run, (enum op)op);
		run_lookup(&run);
		pgbench_and_print(&run);
		run_done(&run);
	}
	if (wanted(only, OP_QUOTE) || wanted(only, OP_SUBMIT)) {
		struct op_run q, s;

		run_init(&q, OP_QUOTE);
		run_init(&s, OP_SUBMIT);
		run_order(wanted(only, OP_QUOTE) ? &q : NULL, wanted(only, OP_SUBMIT) ? &s : NULL);
		if (wanted(only, OP_QUOTE))
			pgbench_and_print(&q);
		if (wanted(only, OP_SUBMIT))
			pgbench_and_print(&s);
		run_done(&q);
		run_done(&s);
	}
	if (wanted(only, OP_PREVIEW) || wanted(only, OP_SKIP)) {
		struct op_run pv, sk;

		run_init(&pv, OP_PREVIEW);
		run_init(&sk, OP_SKIP);
		run_skip(wanted(only, OP_PREVIEW) ? &pv : NULL, wanted(only, OP_SKIP) ? &sk : NULL);
		if (wanted(only, OP_PREVIEW))
			pgbench_and_print(&pv);
		if (wanted(only, OP_SKIP))
			pgbench_and_print(&sk);
		run_done(&pv);
		run_done(&sk);
	}
	if (ui_ready) {
		shell_done(&app);
		shell_view_done(&view);
		endwin();
	}
	db_free(&db);
	return 0;
}
#endif
