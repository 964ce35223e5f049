/* load.c: N simulated agents on N connections, through store/.
 *
 *   bench/load --agents N --duration S [--think-ms MS] --conninfo CI
 *              [--listen-conninfo CI]
 *              --password-file FILE [--login-format FMT]
 *              [--admin-conninfo CI] [--seed N] [--format table|json]
 *              [--break-invariant] [--no-check] [--no-listen] [--verbose]
 *
 * Each agent is one thread with its own connection (struct rd_db), logged
 * in as its own login role (printf(FMT, i) for i = 1..N, all with the
 * password of FILE: bench/load.sh creates them with `repeatdesk agent
 * add`). For --duration seconds it does what a desk does, with a think
 * time of --think-ms (randomized 0.5x..1.5x) between operations, through
 * the same store/ functions as the screens:
 *
 *   lookup   customer_find by a code or the end of a phone number
 *   card     the customer card: customer_get, subscriptions, orders,
 *            inquiries, history in words, presence set and read
 *   order    order_submit with a fresh request id (1 in 5 starts a
 *            subscription)
 *   skip     subscription_preview then subscription_apply (the version
 *            read), the next delivery
 *   pause    a pause of one delivery, or a resume when it is paused
 *   note     inquiry_note on one of the shared open inquiries
 *   handoff  inquiry_handoff of a shared inquiry to another agent (the
 *            version the agent holds: conflicts are normal)
 *   open     inquiry_open for a customer
 *
 * While thinking, an agent waits in poll() on its LISTEN socket (the
 * work connection, or the LISTEN connection db.c opens for
 * --listen-conninfo, as the terminal's) and, like the
 * inquiry screen, re-reads (inquiry_get) each of the two shared
 * inquiries it "has open" when a notification names it: its view.
 *
 * Connection loss: a call that returns RD_UNAVAILABLE is an unknown
 * outcome when it was a write. The agent reconnects (db_reconnect, with
 * backoff), re-reads its view, and resolves the write by its request id
 * as the terminal does: an order by order_find_by_request (submitted
 * again with the same id when it made none), the others by issuing them
 * again with the same request id (applied once). Reconnects and the time
 * without service are counted.
 *
 * Afterwards, with --admin-conninfo, the invariants (PASS/FAIL each; exit
 * 1 on a FAIL): every acknowledged order exists exactly once; no order of
 * an agent exists for a request id that was neither acknowledged nor
 * left unknown; every record changed during the run has a version equal
 * to its version before plus its history rows; its history rows carry
 * consecutive versions (one row per change); every acknowledged note is
 * in the timeline and none twice; every agent's view equals the
 * database, and every change of an inquiry it watches reached it.
 * --verbose: the first refusals and conflicts of each agent on stderr too.
 * --no-listen: no LISTEN at all (what live updates cost, by difference;
 * the views are then not checked).
 * --break-invariant changes one acknowledged order's request id (as the
 * admin) before checking, to show the checks fail.
 *
 * Prints a table (or one JSON document). Exit 0, 1 (an invariant
 * failed), 2 (usage), 3 (could not connect at the start). */
#include "repeatdesk/customer.h"
#include "repeatdesk/customer_view.h"
#include "repeatdesk/db.h"
#include "repeatdesk/inquiry.h"
#include "repeatdesk/live.h"
#include "repeatdesk/order.h"
#include "repeatdesk/subscription.h"
#include "benchutil.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define UUID_SIZE 37
#define WATCH 2
#define MAX_SAMPLES 4000
#define NOTE_BODY "load: a note from the desk"

/* ---- what an agent does ----------------------------------------------- */

#define OPS(X) \
	X(OP_LOOKUP, "lookup", 30) \
	X(OP_CARD, "card", 22) \
	X(OP_ORDER, "order", 12) \
	X(OP_SKIP, "skip", 10) \
	X(OP_PAUSE, "pause", 5) \
	X(OP_NOTE, "note", 13) \
	X(OP_HANDOFF, "handoff", 4) \
	X(OP_OPEN, "open", 4) \
	X(OP_REREAD, "live re-read", 0)

enum op_kind {
#define OP_ENUM(e, name, w) e,
	OPS(OP_ENUM)
#undef OP_ENUM
	OP_COUNT
};
static const char *const op_name[] = {
#define OP_NAME(e, name, w) name,
	OPS(OP_NAME)
#undef OP_NAME
};
static const int op_weight[] = {
#define OP_W(e, name, w) w,
	OPS(OP_W)
#undef OP_W
};

/* How an operation ended. Conflicts, refusals and retries are business
 * outcomes; "unavailable" is a connection lost (resolved afterwards);
 * "failed" is anything else (a defect to look at). */
enum outcome { OUT_OK, OUT_CONFLICT, OUT_REFUSED, OUT_RETRY, OUT_UNAVAILABLE, OUT_FAILED, OUT_COUNT };
static const char *const out_name[] = { "ok", "conflict", "refused", "retry", "unavailable", "failed" };

struct samples {
	double *v;
	size_t n, cap;
};

struct idlist {
	char (*v)[UUID_SIZE];
	size_t n, cap;
};

struct agent {
	int no;
	char login[64];
	struct rd_db *db;
	unsigned seed;
	struct samples lat[OP_COUNT];
	long outcome[OP_COUNT][OUT_COUNT];
	long notifications, inquiry_events, record_events, presence_events;
	long reconnects;
	double down_ms;
	long resolved_committed, resolved_not_committed;
	long notes_unknown;         /* notes whose outcome stayed unknown */
	struct idlist orders, unknown, notes;
	long long watch[WATCH];
	int wver[WATCH];
	char wholder[WATCH][40];    /* who holds it, as last read ("" nobody) */
	long wevents[WATCH];        /* notifications received about it */
	long long own[16];          /* inquiries it opened and still holds */
	int nown;
	struct order_context ctx;
	bool ctx_ok;
	bool gave_up;               /* the database never came back */
	long failed_logged;
};

/* ---- shared, read-only while agents run --------------------------------- */

static struct {
	int agents;
	double duration_s;
	int think_ms;
	const char *conninfo, *listen_conninfo, *admin_conninfo;
	bool listen;
	enum db_prepare prepare;   /* --prepare auto|on|off, as [database] prepare */
	const char *login_format;
	char password[256];
	unsigned seed;
	bool json, check, break_invariant, verbose;
} opt = { .agents = 4, .duration_s = 10, .think_ms = 1000, .login_format = "load%03d",
	  .seed = 1, .check = true, .listen = true };

static struct {
	long long cust_id[MAX_SAMPLES];
	char cust_code[MAX_SAMPLES][24];
	char cust_phone[MAX_SAMPLES][24];
	int ncust;
	long long sub_id[MAX_SAMPLES];
	int nsub;
	char sku[64][ORDER_SKU_SIZE];
	int nsku;
	long long *hot;              /* shared open inquiries */
	int nhot;
} S;

static double t_start, t_end;
static atomic_int writers_done;
static atomic_int stop_now;     /* a hard stop: the database never came back */

static pthread_mutex_t err_lock = PTHREAD_MUTEX_INITIALIZER;

static void die(const char *what, const struct rd_error *err)
{
	fprintf(stderr, "load: %s: %s\n", what, err ? err->msg : "");
	exit(3);
}

static void samples_add(struct samples *s, double v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			abort();
	}
	s->v[s->n++] = v;
}

static void idlist_add(struct idlist *l, const char *id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	snprintf(l->v[l->n++], UUID_SIZE, "%s", id);
}

static int rnd(struct agent *a, int n)
{
	return n > 0 ? (int)(rand_r(&a->seed) % (unsigned)n) : 0;
}

static enum outcome classify(enum rd_status st)
{
	switch (st) {
	case RD_OK: return OUT_OK;
	case RD_CONFLICT: return OUT_CONFLICT;
	case RD_REFUSED: case RD_NOT_FOUND: case RD_DUPLICATE: return OUT_REFUSED;
	case RD_RETRY: return OUT_RETRY;
	case RD_UNAVAILABLE: return OUT_UNAVAILABLE;
	default: return OUT_FAILED;
	}
}

static void log_failure(struct agent *a, enum op_kind k, const struct rd_error *err)
{
	if (a->failed_logged++ >= 3)
		return;
	pthread_mutex_lock(&err_lock);
	fprintf(stderr, "load: %s: %s %s: %s: %s\n", a->login, op_name[k],
		classify(err->status) == OUT_FAILED ? "failed" : out_name[classify(err->status)],
		rd_status_name(err->status), err->msg);
	pthread_mutex_unlock(&err_lock);
}

/* ---- connections -------------------------------------------------------- */

static enum rd_status agent_connect(struct agent *a, struct rd_error *err)
{
	char app[72]; /* "load/" and a login of up to 63 bytes; libpq cuts it to 63 */
	struct db_params p = { .conninfo = opt.conninfo, .user = a->login,
			       .password = opt.password, .application_name = app,
			       .listen_conninfo = opt.listen_conninfo,
			       .prepare = opt.prepare };
	enum rd_status st;

	snprintf(app, sizeof(app), "load/%s", a->login);
	if ((st = db_open(&a->db, &p, err)) != RD_OK)
		return st;
	if (!opt.listen)
		return RD_OK;
	if ((st = db_listen(a->db, INQUIRY_CHANNEL, err)) != RD_OK ||
	    (st = db_listen(a->db, PRESENCE_CHANNEL, err)) != RD_OK ||
	    (st = live_listen(a->db, err)) != RD_OK)
		return st;
	return RD_OK;
}

static void reread(struct agent *a, int w);

static void reread_view(struct agent *a)
{
	for (int w = 0; w < WATCH; w++)
		reread(a, w);
}

/* Brings the connection(s) back, with backoff, until the database answers
 * or the run is over (plus a minute of grace). Re-reads the view after,
 * as a terminal re-reads what it shows. Returns false when it gave up. */
static bool agent_reconnect(struct agent *a)
{
	double t0 = bench_now_ms();
	int backoff = 50;
	struct rd_error err;

	for (;;) {
		bool ok = true;

		/* db_reconnect brings back whichever of the work and the
		 * LISTEN connection is down, as the terminal's loop does */
		if (!db_is_ok(a->db) || !db_listen_ok(a->db) || db_socket(a->db) < 0)
			ok = db_reconnect(a->db, &err) == RD_OK;
		if (ok && db_is_ok(a->db)) {
			a->reconnects++;
			a->down_ms += bench_now_ms() - t0;
			a->ctx_ok = false;
			reread_view(a);
			return true;
		}
		if (bench_now_ms() > t_end + 60000 || atomic_load(&stop_now)) {
			a->down_ms += bench_now_ms() - t0;
			a->gave_up = true;
			return false;
		}
		usleep((useconds_t)backoff * 1000);
		backoff = backoff * 2 > 2000 ? 2000 : backoff * 2;
	}
}

/* ---- the view: two shared inquiries, re-read on notification ------------ */

static void reread(struct agent *a, int w)
{
	struct inquiry_detail d;
	struct rd_error err;
	double t0 = bench_now_ms();
	enum rd_status st;

	memset(&d, 0, sizeof(d));
	st = inquiry_get(a->db, a->watch[w], &d, &err);
	samples_add(&a->lat[OP_REREAD], bench_now_ms() - t0);
	a->outcome[OP_REREAD][classify(st)]++;
	if (st == RD_OK) {
		a->wver[w] = d.q.version;
		snprintf(a->wholder[w], sizeof(a->wholder[w]), "%s", d.q.assignee_login);
	}
	else if (st != RD_UNAVAILABLE)
		log_failure(a, OP_REREAD, &err);
	inquiry_detail_done(&d);
}

/* Reads every notification waiting; false when the listening connection
 * was lost. */
static bool pump(struct agent *a, double *last)
{
	struct db_notify n[32];
	int got;

	while ((got = db_poll_notify(a->db, n, 32)) > 0) {
		bool again[WATCH] = { false };

		for (int i = 0; i < got; i++) {
			struct inquiry_event ev;
			struct live_record rec;

			a->notifications++;
			*last = bench_now_ms();
			if (inquiry_notify_parse(&n[i], &ev)) {
				if (ev.presence) {
					a->presence_events++;
					continue;
				}
				a->inquiry_events++;
				for (int w = 0; w < WATCH; w++)
					if (ev.inquiry_id == a->watch[w]) {
						again[w] = true;
						a->wevents[w]++;
					}
			} else if (live_record_parse(&n[i], &rec)) {
				a->record_events++;
			}
		}
		for (int w = 0; w < WATCH; w++)
			if (again[w])
				reread(a, w);
	}
	return got == 0;
}

/* Waits ms milliseconds in poll() on the listening socket, reading what
 * arrives. */
static void think(struct agent *a, double ms, double *last)
{
	double until = bench_now_ms() + ms;

	for (;;) {
		double left = until - bench_now_ms();
		int fd;

		if (!pump(a, last) && !agent_reconnect(a))
			return;
		if (left <= 0)
			return;
		fd = db_socket(a->db);
		if (fd < 0) {
			if (!agent_reconnect(a))
				return;
			if (db_socket(a->db) < 0)
				usleep(100 * 1000);  /* the work is back, not the listening */
			continue;
		}
		{
			struct pollfd p = { .fd = fd, .events = POLLIN };

			poll(&p, 1, left > 200 ? 200 : (int)left + 1);
		}
	}
}

/* ---- the operations ----------------------------------------------------- */

static enum rd_status op_lookup(struct agent *a, struct rd_error *err)
{
	struct customer_query q;
	struct customer_row rows[20];
	struct customer_cursor next;
	int k = rnd(a, S.ncust), n = 0;
	enum rd_status st;

	customer_query_init(&q);
	if (rnd(a, 2) == 0 || strlen(S.cust_phone[k]) < 4)
		st = customer_query_set(&q, CUSTOMER_Q_CODE, S.cust_code[k], err);
	else
		st = customer_query_set(&q, CUSTOMER_Q_PHONE,
					S.cust_phone[k] + strlen(S.cust_phone[k]) - 4, err);
	if (st != RD_OK)
		return st;
	return customer_find(a->db, &q, NULL, rows, 20, &n, &next, err);
}

static enum rd_status op_card(struct agent *a, struct rd_error *err)
{
	static _Thread_local struct customer c;
	static _Thread_local struct customer_subscription subs[8];
	static _Thread_local struct customer_order orders[8];
	static _Thread_local struct customer_inquiry inq[8];
	static _Thread_local struct customer_view_change ch[16];
	struct inquiry_presence pr[8];
	int k = rnd(a, S.ncust), n;
	size_t np;
	enum rd_status st;

	if ((st = customer_get(a->db, S.cust_code[k], &c, err)) != RD_OK ||
	    (st = customer_subscriptions(a->db, c.id, subs, 8, &n, err)) != RD_OK ||
	    (st = customer_orders(a->db, c.id, orders, 8, &n, err)) != RD_OK ||
	    (st = customer_inquiries(a->db, c.id, inq, 8, &n, err)) != RD_OK ||
	    (st = customer_view_changes(a->db, c.id, 8, ch, 16, &n, err)) != RD_OK ||
	    (st = inquiry_presence_set(a->db, c.id, err)) != RD_OK)
		return st;
	return inquiry_presence_get(a->db, c.id, pr, 8, &np, err);
}

static void order_request_random(struct agent *a, struct order_request *req)
{
	order_request_init(req);
	snprintf(req->customer_code, sizeof(req->customer_code), "%s", S.cust_code[rnd(a, S.ncust)]);
	req->nitems = 1 + (size_t)rnd(a, 3);
	for (size_t i = 0; i < req->nitems; i++) {
		int k;
		bool dup;

		do {
			k = rnd(a, S.nsku);
			dup = false;
			for (size_t j = 0; j < i; j++)
				dup = dup || strcmp(req->items[j].sku, S.sku[k]) == 0;
		} while (dup);
		snprintf(req->items[i].sku, sizeof(req->items[i].sku), "%s", S.sku[k]);
		req->items[i].quantity = 1 + rnd(a, 3);
	}
	switch (rnd(a, 3)) {
	case 0:
		req->payment = PRICING_PAY_CARD;
		snprintf(req->card_token, sizeof(req->card_token), "tok_load_%08x", (unsigned)rand_r(&a->seed));
		snprintf(req->card_last4, sizeof(req->card_last4), "4242");
		break;
	case 1: req->payment = PRICING_PAY_COD; break;
	default: req->payment = PRICING_PAY_BANK; break;
	}
	req->desired_date = a->ctx.earliest + rnd(a, 10);
	req->slot = (enum pricing_slot)rnd(a, PRICING_SLOT_COUNT);
	if (rnd(a, 5) == 0)
		snprintf(req->cycle, sizeof(req->cycle), "1m:15");
}

/* What a write needs to be issued again after a lost connection. */
struct write {
	enum op_kind kind;
	char request_id[UUID_SIZE];
	struct order_request order;
	long long id;               /* subscription or inquiry */
	int version;
	enum subrule_kind sub_kind;
	char to_agent[64];
	long long customer_id;
	long long result_id;        /* open: the inquiry opened */
};

static enum rd_status do_write(struct agent *a, struct write *w, struct rd_error *err)
{
	switch (w->kind) {
	case OP_ORDER: {
		static _Thread_local struct order o;

		return order_submit(a->db, &w->order, "load: order", &o, NULL, err);
	}
	case OP_SKIP:
	case OP_PAUSE: {
		struct subscription_request r;
		struct subrule_preview pv;
		struct subscription_result res;
		int vread = 0;
		enum rd_status st;

		subscription_request_init(&r, w->id, w->sub_kind);
		r.reason = w->kind == OP_SKIP ? "load: skip" : "load: pause";
		r.request_id = w->request_id;
		r.today = SUBSCRIPTION_TODAY;
		if (w->sub_kind == SUBRULE_PAUSE) {
			r.rq.pause_mode = SUBRULE_PAUSE_DELIVERIES;
			r.rq.count = 1;
		}
		/* the screen previews, the agent confirms, the apply names the
		 * version previewed (a retry names the same one) */
		if (w->version == 0) {
			if ((st = subscription_preview(a->db, &r, &pv, &vread, err)) != RD_OK)
				return st;
			w->version = vread;
		}
		r.version = w->version;
		return subscription_apply(a->db, &r, &pv, &res, err);
	}
	case OP_NOTE:
		return inquiry_note(a->db, w->id, false, NOTE_BODY, "load: note",
				    w->request_id, err);
	case OP_HANDOFF: {
		struct inquiry_change c = { .id = w->id, .version = w->version,
					    .note = "load: handed over", .reason = "load: handoff",
					    .request_id = w->request_id };

		return inquiry_handoff(a->db, &c, w->to_agent, NULL, NULL, err);
	}
	case OP_OPEN: {
		struct inquiry_open_req r = { .customer_id = w->customer_id, .category = "question",
					      .subject = "load: a question", .note = "load: opened",
					      .assign_self = true, .reason = "load: open",
					      .request_id = w->request_id };
		return inquiry_open(a->db, &r, &w->result_id, err);
	}
	default:
		return rd_error_set(err, RD_INTERNAL, "not a write");
	}
}

/* A write whose connection was lost: resolve it by its request id once
 * the database is back. Returns the final status (RD_UNAVAILABLE when it
 * stays unknown). */
static enum rd_status resolve(struct agent *a, struct write *w, struct rd_error *err)
{
	for (int attempt = 0; attempt < 10; attempt++) {
		enum rd_status st;

		if (!agent_reconnect(a))
			break;
		if (w->kind == OP_ORDER) {
			static _Thread_local struct order o;

			st = order_find_by_request(a->db, w->request_id, &o, err);
			if (st == RD_OK) {
				a->resolved_committed++;
				return RD_OK;
			}
			if (st == RD_UNAVAILABLE)
				continue;
			if (st != RD_NOT_FOUND)
				return st;
			a->resolved_not_committed++;
			/* the terminal offers to submit again: same request id */
		}
		st = do_write(a, w, err);
		if (st != RD_UNAVAILABLE)
			return st;
	}
	return RD_UNAVAILABLE;
}

static void run_op(struct agent *a, enum op_kind k)
{
	struct rd_error err;
	struct write w;
	enum rd_status st;
	double t0;
	bool is_write = k >= OP_ORDER && k <= OP_OPEN;

	rd_error_clear(&err);
	memset(&w, 0, sizeof(w));
	w.kind = k;
	order_request_id_new(w.request_id);
	switch (k) {
	case OP_ORDER:
		if (!a->ctx_ok) {
			if (order_context_load(a->db, &a->ctx, &err) != RD_OK) {
				a->outcome[k][classify(err.status)]++;
				if (err.status == RD_UNAVAILABLE)
					agent_reconnect(a);
				return;
			}
			a->ctx_ok = true;
		}
		order_request_random(a, &w.order);
		snprintf(w.request_id, sizeof(w.request_id), "%s", w.order.request_id);
		break;
	case OP_SKIP:
		w.id = S.sub_id[rnd(a, S.nsub)];
		w.sub_kind = SUBRULE_SKIP;
		break;
	case OP_PAUSE:
		w.id = S.sub_id[rnd(a, S.nsub)];
		w.sub_kind = SUBRULE_PAUSE;
		break;
	case OP_NOTE:
		w.id = S.hot[rnd(a, S.nhot)];
		break;
	case OP_HANDOFF: {
		/* an agent hands over what it holds (or nobody holds): a
		 * shared inquiry as its view shows it (its version: a
		 * conflict when the view is behind), else one it opened */
		int wi = rnd(a, WATCH), to = 1 + rnd(a, opt.agents);

		if (a->wholder[wi][0] == '\0' || strcmp(a->wholder[wi], a->login) == 0) {
			w.id = a->watch[wi];
			w.version = a->wver[wi];
		} else if (a->nown > 0) {
			w.id = a->own[--a->nown];
		} else {
			w.kind = k = OP_NOTE;
			w.id = a->watch[wi];
			break;
		}
		if (to == a->no)
			to = to % opt.agents + 1;
		snprintf(w.to_agent, sizeof(w.to_agent), opt.login_format, to);
		break;
	}
	case OP_OPEN:
		w.customer_id = S.cust_id[rnd(a, S.ncust)];
		break;
	default:
		break;
	}

	t0 = bench_now_ms();
	switch (k) {
	case OP_LOOKUP: st = op_lookup(a, &err); break;
	case OP_CARD: st = op_card(a, &err); break;
	default: st = do_write(a, &w, &err); break;
	}
	if (k == OP_PAUSE && st == RD_REFUSED) {
		/* paused already (or a rule says no): the customer wants it
		 * back, the agent resumes it; a request of its own */
		w.sub_kind = SUBRULE_RESUME;
		w.version = 0;
		order_request_id_new(w.request_id);
		st = do_write(a, &w, &err);
	}
	if (st == RD_RETRY && is_write) {
		/* serialization failure or deadlock: the transaction was
		 * rolled back; the terminal tries again */
		a->outcome[k][OUT_RETRY]++;
		st = do_write(a, &w, &err);
	}
	if (st == RD_UNAVAILABLE) {
		a->outcome[k][OUT_UNAVAILABLE]++;
		if (is_write) {
			st = resolve(a, &w, &err);
			if (st == RD_UNAVAILABLE && k == OP_ORDER)
				idlist_add(&a->unknown, w.request_id);
			else if (st == RD_UNAVAILABLE && k == OP_NOTE)
				a->notes_unknown++;
		} else {
			agent_reconnect(a);
		}
		/* the time of a resolved write includes the outage: leave
		 * it out of the latencies */
		if (st == RD_OK) {
			if (k == OP_ORDER)
				idlist_add(&a->orders, w.request_id);
			else if (k == OP_NOTE)
				idlist_add(&a->notes, w.request_id);
		}
		if (st != RD_OK && st != RD_UNAVAILABLE)
			a->outcome[k][classify(st)]++;
		return;
	}
	samples_add(&a->lat[k], bench_now_ms() - t0);
	a->outcome[k][classify(st)]++;
	if (st == RD_OK) {
		if (k == OP_ORDER)
			idlist_add(&a->orders, w.request_id);
		else if (k == OP_NOTE)
			idlist_add(&a->notes, w.request_id);
		else if (k == OP_OPEN && a->nown < 16)
			a->own[a->nown++] = w.result_id;
	} else if (classify(st) == OUT_FAILED || opt.verbose) {
		log_failure(a, k, &err);
	}
}

static enum op_kind pick(struct agent *a)
{
	int total = 0, r;

	for (int k = 0; k < OP_COUNT; k++)
		total += op_weight[k];
	r = rnd(a, total);
	for (int k = 0; k < OP_COUNT; k++) {
		if (r < op_weight[k])
			return (enum op_kind)k;
		r -= op_weight[k];
	}
	return OP_LOOKUP;
}

static void *agent_main(void *arg)
{
	struct agent *a = arg;
	double last = 0, all_done = 0;

	reread_view(a);
	/* spread the first operations over one think time */
	think(a, rnd(a, opt.think_ms + 1), &last);
	while (bench_now_ms() < t_end && !a->gave_up && !atomic_load(&stop_now)) {
		run_op(a, pick(a));
		think(a, opt.think_ms * (0.5 + rnd(a, 1001) / 1000.0), &last);
	}
	/* the end: no more writes; read what is still on its way until every
	 * agent has stopped writing and nothing arrived for 1.5 s */
	atomic_fetch_add(&writers_done, 1);
	for (;;) {
		double now = bench_now_ms();

		if (all_done == 0 && atomic_load(&writers_done) == opt.agents)
			all_done = now;
		if (all_done > 0 && now - (last > all_done ? last : all_done) >= 1500)
			break;
		if (now > t_end + 90000 || a->gave_up)
			break;
		think(a, 100, &last);
	}
	return NULL;
}

/* ---- setting up ---------------------------------------------------------- */

static void load_samples(struct rd_db *db, unsigned seed)
{
	struct db_rows r;
	struct rd_error err;
	char sd[32];
	const char *p[1] = { sd };

	snprintf(sd, sizeof(sd), "%f", (seed % 1000) / 1000.0);
	if (db_exec(db, "SELECT setseed($1::float8)", 1, p, NULL, &err) != RD_OK)
		die("setseed", &err);
	if (db_query(db, "SELECT id, code, coalesce(phone1, '') FROM rd.customers"
		     " ORDER BY random() LIMIT 4000", 0, NULL, &r, &err) != RD_OK)
		die("sampling customers", &err);
	for (int i = 0; i < r.nrows && S.ncust < MAX_SAMPLES; i++, S.ncust++) {
		S.cust_id[S.ncust] = strtoll(db_rows_get(&r, i, 0), NULL, 10);
		snprintf(S.cust_code[S.ncust], sizeof(S.cust_code[0]), "%s", db_rows_get(&r, i, 1));
		snprintf(S.cust_phone[S.ncust], sizeof(S.cust_phone[0]), "%s", db_rows_get(&r, i, 2));
	}
	db_rows_free(&r);
	if (db_query(db, "SELECT id FROM rd.subscriptions WHERE status = 'active'"
		     " ORDER BY random() LIMIT 4000", 0, NULL, &r, &err) != RD_OK)
		die("sampling subscriptions", &err);
	for (int i = 0; i < r.nrows && S.nsub < MAX_SAMPLES; i++)
		S.sub_id[S.nsub++] = strtoll(db_rows_get(&r, i, 0), NULL, 10);
	db_rows_free(&r);
	if (db_query(db, "SELECT sku FROM rd.products WHERE active ORDER BY sku LIMIT 64", 0, NULL,
		     &r, &err) != RD_OK)
		die("products", &err);
	for (int i = 0; i < r.nrows; i++)
		snprintf(S.sku[S.nsku++], ORDER_SKU_SIZE, "%s", db_rows_get(&r, i, 0));
	db_rows_free(&r);
	/* the shared inquiries: open ones, about one for two agents */
	{
		char lim[16];
		const char *lp[1] = { lim };

		snprintf(lim, sizeof(lim), "%d", opt.agents / 2 < 4 ? 4 : opt.agents / 2);
		if (db_query(db, "SELECT id FROM rd.inquiries WHERE status IN ('open', 'in_progress')"
			     " ORDER BY id LIMIT $1::int", 1, lp, &r, &err) != RD_OK)
			die("open inquiries", &err);
		S.hot = calloc((size_t)r.nrows + 1, sizeof(*S.hot));
		for (int i = 0; i < r.nrows; i++)
			S.hot[S.nhot++] = strtoll(db_rows_get(&r, i, 0), NULL, 10);
		db_rows_free(&r);
	}
	if (S.ncust < 10 || S.nsku < 3 || S.nsub < 1 || S.nhot < 1) {
		fprintf(stderr, "load: seed the database first (repeatdesk db seed): %d customers,"
			" %d products, %d active subscriptions, %d open inquiries\n",
			S.ncust, S.nsku, S.nsub, S.nhot);
		exit(3);
	}
}

/* ---- server connections, sampled while the agents run --------------------- */

static atomic_int sampler_stop;
static int backends_peak, backends_active_peak;
/* what the active backends were doing, summed over the samples: where
 * the time goes when latencies grow (CPU, a lock, the notify queue) */
#define MAX_WAITS 32
struct wait_count {
	char name[64];
	long n;
};
static struct wait_count waits[MAX_WAITS];
static int nwaits;
static long nsamples;

static void wait_add(const char *name, long n)
{
	int i;

	for (i = 0; i < nwaits; i++)
		if (strcmp(waits[i].name, name) == 0)
			break;
	if (i == nwaits) {
		if (nwaits == MAX_WAITS)
			return;
		snprintf(waits[nwaits++].name, sizeof(waits[0].name), "%s", name);
	}
	waits[i].n += n;
}

static int wait_cmp(const void *a, const void *b)
{
	long x = ((const struct wait_count *)a)->n, y = ((const struct wait_count *)b)->n;

	return x < y ? 1 : x > y ? -1 : 0;
}

static void *sampler_main(void *arg)
{
	struct rd_db *db = arg;

	while (!atomic_load(&sampler_stop)) {
		struct db_rows r;
		struct rd_error err;

		if (db_query(db, "SELECT count(*), count(*) FILTER (WHERE state = 'active')"
			     " FROM pg_stat_activity WHERE datname = current_database()"
			     " AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
			     0, NULL, &r, &err) == RD_OK) {
			int n = atoi(db_rows_get(&r, 0, 0)), act = atoi(db_rows_get(&r, 0, 1));

			if (n > backends_peak)
				backends_peak = n;
			if (act > backends_active_peak)
				backends_active_peak = act;
			db_rows_free(&r);
			nsamples++;
			if (db_query(db, "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU'),"
				     " count(*) FROM pg_stat_activity WHERE datname = current_database()"
				     " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
				     " AND state = 'active' GROUP BY 1", 0, NULL, &r, &err) == RD_OK) {
				for (int i = 0; i < r.nrows; i++)
					wait_add(db_rows_get(&r, i, 0), atol(db_rows_get(&r, i, 1)));
				db_rows_free(&r);
			}
		} else if (!db_is_ok(db)) {
			db_reconnect(db, &err);
		}
		usleep(250 * 1000);
	}
	db_free(&db); /* the sampler's own connection (main opened it for it) */
	return NULL;
}

/* ---- the invariants ------------------------------------------------------ */

struct check {
	const char *name;
	bool pass;
	char detail[256];
};
#define MAX_CHECKS 16
static struct check checks[MAX_CHECKS];
static int nchecks;

static void check_add(const char *name, bool pass, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void check_add(const char *name, bool pass, const char *fmt, ...)
{
	va_list ap;
	struct check *c = &checks[nchecks < MAX_CHECKS ? nchecks++ : MAX_CHECKS - 1];

	c->name = name;
	c->pass = pass;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

/* "{id,id,...}": a uuid[] literal of every id of every agent's list. */
static char *uuid_array(struct agent *ag, size_t off_list, size_t *count)
{
	size_t n = 0, len = 3;
	char *s, *p;

	for (int i = 0; i < opt.agents; i++)
		n += ((struct idlist *)((char *)&ag[i] + off_list))->n;
	len += n * UUID_SIZE;
	s = malloc(len);
	if (!s)
		abort();
	p = s;
	*p++ = '{';
	for (int i = 0; i < opt.agents; i++) {
		struct idlist *l = (struct idlist *)((char *)&ag[i] + off_list);

		for (size_t k = 0; k < l->n; k++) {
			if (p > s + 1)
				*p++ = ',';
			memcpy(p, l->v[k], UUID_SIZE - 1);
			p += UUID_SIZE - 1;
		}
	}
	*p++ = '}';
	*p = '\0';
	*count = n;
	return s;
}

static long long value_ll(struct rd_db *db, const char *sql, int n, const char *const *p)
{
	char v[64];
	struct rd_error err;

	if (db_query_value(db, sql, n, p, v, sizeof(v), NULL, &err) != RD_OK) {
		fprintf(stderr, "load: check query failed: %s\n", err.msg);
		return -1;
	}
	return strtoll(v, NULL, 10);
}

static void run_checks(struct rd_db *db, struct agent *ag, long long h0)
{
	size_t nacked, nunknown, nnotes;
	char *acked = uuid_array(ag, offsetof(struct agent, orders), &nacked);
	char *unknown = uuid_array(ag, offsetof(struct agent, unknown), &nunknown);
	char *notes = uuid_array(ag, offsetof(struct agent, notes), &nnotes);
	char h0s[32], *logins, *lp;
	long long bad;
	struct rd_error err;

	snprintf(h0s, sizeof(h0s), "%lld", h0);
	logins = malloc((size_t)opt.agents * 66 + 3);
	lp = logins;
	*lp++ = '{';
	for (int i = 0; i < opt.agents; i++)
		lp += sprintf(lp, "%s%s", i ? "," : "", ag[i].login);
	*lp++ = '}';
	*lp = '\0';

	if (opt.break_invariant && nacked > 0) {
		/* the deliberate break: one acknowledged order loses its
		 * request id (as if the write had been lost and another
		 * made), which both order checks must see */
		const char *p[1] = { ag[0].orders.n ? ag[0].orders.v[0] : acked + 1 };
		char first[UUID_SIZE];

		snprintf(first, sizeof(first), "%s", p[0]);
		p[0] = first;
		if (db_exec(db, "UPDATE rd.orders SET request_id = gen_random_uuid()"
			    " WHERE request_id = $1::uuid", 1, p, NULL, &err) != RD_OK)
			fprintf(stderr, "load: --break-invariant: %s\n", err.msg);
		else
			fprintf(stderr, "load: --break-invariant: order of request %s changed\n", first);
	}

	{
		const char *p[1] = { acked };

		bad = value_ll(db, "SELECT count(*) FROM unnest($1::uuid[]) r"
			       " WHERE (SELECT count(*) FROM rd.orders o WHERE o.request_id = r) <> 1",
			       1, p);
		check_add("acknowledged orders exist exactly once", bad == 0,
			  "%zu acknowledged, %lld missing or duplicated", nacked, bad);
	}
	{
		const char *p[4] = { h0s, logins, acked, unknown };

		bad = value_ll(db, "SELECT count(*) FROM rd.orders o JOIN rd.history h"
			       "  ON h.table_name = 'orders' AND h.row_key = o.id::text AND h.op = 'INSERT'"
			       " WHERE h.id > $1::bigint AND h.actor = ANY ($2::text[])"
			       "   AND (o.request_id IS NULL OR NOT (o.request_id = ANY ($3::uuid[])"
			       "        OR o.request_id = ANY ($4::uuid[])))",
			       4, p);
		check_add("no order without an acknowledged or unknown request id", bad == 0,
			  "%lld unexplained, %zu left unknown", bad, nunknown);
	}
	{
		struct db_rows t;
		const char *p[1] = { h0s };
		long long vbad = 0, hbad = 0, rows = 0;
		int ntables = 0;

		if (db_query(db, "SELECT DISTINCT h.table_name FROM rd.history h"
			     " WHERE h.id > $1::bigint AND EXISTS (SELECT 1 FROM information_schema.columns c"
			     "  WHERE c.table_schema = 'rd' AND c.table_name = h.table_name AND c.column_name = 'version')"
			     " AND EXISTS (SELECT 1 FROM information_schema.columns c"
			     "  WHERE c.table_schema = 'rd' AND c.table_name = h.table_name AND c.column_name = 'id')"
			     " ORDER BY 1", 1, p, &t, &err) != RD_OK) {
			check_add("versions equal recorded changes", false, "query: %s", err.msg);
		} else {
			for (int i = 0; i < t.nrows; i++) {
				const char *name = db_rows_get(&t, i, 0);
				char sql[2048];
				struct db_rows r;
				const char *q[2] = { h0s, name };

				if (strspn(name, "abcdefghijklmnopqrstuvwxyz_0123456789") != strlen(name))
					continue;
				snprintf(sql, sizeof(sql),
					 "WITH h AS (SELECT row_key, id, op, old_row, new_row FROM rd.history"
					 "   WHERE id > $1::bigint AND table_name = $2),"
					 " k AS (SELECT row_key, bool_or(op = 'DELETE') AS deleted,"
					 "   (array_agg(CASE WHEN op = 'INSERT' THEN 0"
					 "     ELSE (old_row->>'version')::int END ORDER BY id))[1] AS base,"
					 "   array_agg((new_row->>'version')::int ORDER BY id) AS vs,"
					 "   count(*)::int AS n FROM h GROUP BY row_key)"
					 " SELECT count(*) FILTER (WHERE t.version IS DISTINCT FROM k.base + k.n),"
					 "  count(*) FILTER (WHERE k.vs IS DISTINCT FROM"
					 "   ARRAY(SELECT generate_series(k.base + 1, k.base + k.n))),"
					 "  count(*)"
					 " FROM k LEFT JOIN rd.%s t ON t.id::text = k.row_key WHERE NOT k.deleted",
					 name);
				if (db_query(db, sql, 2, q, &r, &err) != RD_OK) {
					fprintf(stderr, "load: versions of %s: %s\n", name, err.msg);
					vbad++;
					continue;
				}
				{
					long long v = atoll(db_rows_get(&r, 0, 0)), hh = atoll(db_rows_get(&r, 0, 1));

					if (v || hh)
						fprintf(stderr, "load: %s: %lld versions off, %lld histories off\n",
							name, v, hh);
					vbad += v;
					hbad += hh;
					rows += atoll(db_rows_get(&r, 0, 2));
				}
				ntables++;
				db_rows_free(&r);
			}
			db_rows_free(&t);
			check_add("versions equal recorded changes", vbad == 0,
				  "%lld records changed in %d tables, %lld off", rows, ntables, vbad);
			check_add("one history row per change", hbad == 0,
				  "%lld records whose history skips or repeats a version", hbad);
		}
	}
	{
		const char *p[1] = { notes };
		const char *q[3] = { h0s, logins, NOTE_BODY };
		long long written;
		long unknown_notes = 0;

		for (int i = 0; i < opt.agents; i++)
			unknown_notes += ag[i].notes_unknown;
		bad = value_ll(db, "SELECT count(*) FROM unnest($1::uuid[]) r WHERE NOT EXISTS ("
			       " SELECT 1 FROM rd.inquiry_requests q JOIN rd.inquiry_entries e"
			       "  ON e.id = q.result AND e.inquiry_id = q.inquiry_id"
			       " WHERE q.request_id = r AND q.kind = 'note')", 1, p);
		/* and none twice: a retry after a lost connection names the
		 * same request id, so the notes written are the acknowledged
		 * ones (plus at most those left unknown) */
		written = value_ll(db, "SELECT count(*) FROM rd.history WHERE id > $1::bigint"
				   " AND table_name = 'inquiry_entries' AND op = 'INSERT'"
				   " AND actor = ANY ($2::text[]) AND new_row->>'kind' = 'note'"
				   " AND new_row->>'body' = $3", 3, q);
		check_add("no acknowledged inquiry entry lost or doubled",
			  bad == 0 && written >= (long long)nnotes &&
			  written <= (long long)nnotes + unknown_notes,
			  "%zu acknowledged notes, %lld missing, %lld written, %ld left unknown",
			  nnotes, bad, written, unknown_notes);
	}
	if (opt.listen) {
		long views = 0, off = 0;

		for (int i = 0; i < opt.agents; i++)
			for (int w = 0; w < WATCH; w++) {
				char id[32];
				const char *p[1] = { id };
				long long v;

				snprintf(id, sizeof(id), "%lld", ag[i].watch[w]);
				v = value_ll(db, "SELECT version FROM rd.inquiries WHERE id = $1::bigint", 1, p);
				views++;
				if (v != ag[i].wver[w]) {
					if (off < 3)
						fprintf(stderr, "load: %s shows inquiry %s at version %d,"
							" the database has %lld\n", ag[i].login, id,
							ag[i].wver[w], v);
					off++;
				}
			}
		check_add("notification-driven views converged", off == 0,
			  "%ld views (agent x inquiry), %ld stale", views, off);
	}
	if (opt.listen) {
		/* stricter than the end state: every transaction that changed a
		 * watched inquiry (its row or its timeline) after the start must
		 * have reached every agent watching it. An agent that lost its
		 * connection is left out: what is sent while a terminal is
		 * disconnected is lost by design (it re-reads instead). */
		long lost = 0, expected_all = 0, left_out = 0;

		for (int i = 0; i < opt.agents; i++) {
			if (ag[i].reconnects) {
				left_out++;
				continue;
			}
			for (int w = 0; w < WATCH; w++) {
				char id[32];
				const char *p[2] = { h0s, id };
				long long expected;

				if (w == 1 && ag[i].watch[1] == ag[i].watch[0])
					continue;
				snprintf(id, sizeof(id), "%lld", ag[i].watch[w]);
				expected = value_ll(db, "SELECT count(DISTINCT txid) FROM rd.history"
						    " WHERE id > $1::bigint AND ((table_name = 'inquiries'"
						    "   AND row_key = $2) OR (table_name = 'inquiry_entries'"
						    "   AND new_row->>'inquiry_id' = $2))", 2, p);
				expected_all += expected;
				if (ag[i].wevents[w] < expected) {
					if (lost == 0)
						fprintf(stderr, "load: %s received %ld notifications about"
							" inquiry %s, %lld transactions changed it\n",
							ag[i].login, ag[i].wevents[w], id, expected);
					lost += expected - ag[i].wevents[w];
				}
			}
		}
		check_add("every change of a watched inquiry notified", lost == 0,
			  "%ld changes x watchers expected, %ld not received; %ld agents"
			  " reconnected (left out)", expected_all, lost, left_out);
	}
	free(acked);
	free(unknown);
	free(notes);
	free(logins);
}

/* ---- the report ---------------------------------------------------------- */

static const char *prepare_name(void)
{
	return opt.prepare == DB_PREPARE_ON ? "on" : opt.prepare == DB_PREPARE_OFF ? "off" : "auto";
}

static void usage(FILE *f)
{
	fputs("usage: bench/load --agents N --duration S [--think-ms MS] --conninfo CI\n"
	      "                  [--listen-conninfo CI] [--prepare auto|on|off]\n"
	      "                  --password-file FILE [--login-format FMT]\n"
	      "                  [--admin-conninfo CI] [--seed N] [--format table|json]\n"
	      "                  [--break-invariant] [--no-check] [--no-listen] [--verbose]\n", f);
}

int main(int argc, char **argv)
{
	const char *pwfile = NULL;
	struct agent *ag;
	pthread_t *th, sampler;
	struct rd_db *admin = NULL;
	struct rd_error err;
	long long h0 = 0;
	double elapsed;
	bool sampling = false, failed = false;
	long total_ops = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--agents") == 0 && v) opt.agents = atoi(v), i++;
		else if (strcmp(a, "--duration") == 0 && v) opt.duration_s = atof(v), i++;
		else if (strcmp(a, "--think-ms") == 0 && v) opt.think_ms = atoi(v), i++;
		else if (strcmp(a, "--conninfo") == 0 && v) opt.conninfo = v, i++;
		else if (strcmp(a, "--listen-conninfo") == 0 && v) opt.listen_conninfo = v, i++;
		else if (strcmp(a, "--no-listen") == 0) opt.listen = false;
		else if (strcmp(a, "--prepare") == 0 && v) {
			if (strcmp(v, "auto") == 0) opt.prepare = DB_PREPARE_AUTO;
			else if (strcmp(v, "on") == 0) opt.prepare = DB_PREPARE_ON;
			else if (strcmp(v, "off") == 0) opt.prepare = DB_PREPARE_OFF;
			else { usage(stderr); return 2; }
			i++;
		}
		else if (strcmp(a, "--verbose") == 0) opt.verbose = true;
		else if (strcmp(a, "--admin-conninfo") == 0 && v) opt.admin_conninfo = v, i++;
		else if (strcmp(a, "--password-file") == 0 && v) pwfile = v, i++;
		else if (strcmp(a, "--login-format") == 0 && v) opt.login_format = v, i++;
		else if (strcmp(a, "--seed") == 0 && v) opt.seed = (unsigned)atoi(v), i++;
		else if (strcmp(a, "--format") == 0 && v) {
			if (strcmp(v, "json") != 0 && strcmp(v, "table") != 0) {
				usage(stderr);
				return 2;
			}
			opt.json = strcmp(v, "json") == 0, i++;
		}
		else if (strcmp(a, "--break-invariant") == 0) opt.break_invariant = true;
		else if (strcmp(a, "--no-check") == 0) opt.check = false;
		else if (strcmp(a, "--help") == 0) { usage(stdout); return 0; }
		else { usage(stderr); return 2; }
	}
	if (opt.agents < 1 || opt.agents > 2000 || opt.duration_s <= 0 || opt.think_ms < 0 ||
	    !opt.conninfo || !pwfile || !strstr(opt.login_format, "%")) {
		usage(stderr);
		return 2;
	}
	{
		FILE *f = fopen(pwfile, "r");

		if (!f || !fgets(opt.password, sizeof(opt.password), f)) {
			fprintf(stderr, "load: cannot read the password file %s\n", pwfile);
			return 2;
		}
		fclose(f);
		opt.password[strcspn(opt.password, "\r\n")] = '\0';
	}

	ag = calloc((size_t)opt.agents, sizeof(*ag));
	th = calloc((size_t)opt.agents, sizeof(*th));
	if (!ag || !th)
		abort();
	for (int i = 0; i < opt.agents; i++) {
		ag[i].no = i + 1;
		snprintf(ag[i].login, sizeof(ag[i].login), opt.login_format, i + 1);
		ag[i].seed = opt.seed * 7919u + (unsigned)i * 104729u;
	}
	/* samples as agent 1 (what an agent may read), unless an admin is given */
	if (opt.admin_conninfo) {
		struct db_params p = { .conninfo = opt.admin_conninfo, .application_name = "load/admin" };

		if (db_open(&admin, &p, &err) != RD_OK)
			die("admin connection", &err);
		load_samples(admin, opt.seed);
		{
			char v[32];

			if (db_query_value(admin, "SELECT coalesce(max(id), 0) FROM rd.history", 0, NULL,
					   v, sizeof(v), NULL, &err) != RD_OK)
				die("history", &err);
			h0 = atoll(v);
		}
	}
	for (int i = 0; i < opt.agents; i++) {
		if (agent_connect(&ag[i], &err) != RD_OK) {
			fprintf(stderr, "load: %s: %s\n", ag[i].login, err.msg);
			return 3;
		}
		if (i == 0 && !admin)
			load_samples(ag[0].db, opt.seed);
	}
	for (int i = 0; i < opt.agents; i++)
		for (int w = 0; w < WATCH; w++)
			ag[i].watch[w] = S.hot[(i + w * (S.nhot / 2 + 1)) % S.nhot];
	if (S.nhot < 2)
		for (int i = 0; i < opt.agents; i++)
			ag[i].watch[1] = ag[i].watch[0];

	if (admin) {
		struct db_params p = { .conninfo = opt.admin_conninfo, .application_name = "load/sampler" };
		struct rd_db *sdb = NULL;

		if (db_open(&sdb, &p, &err) == RD_OK) {
			if (pthread_create(&sampler, NULL, sampler_main, sdb) == 0)
				sampling = true;
			else
				db_free(&sdb);
		}
	}
	t_start = bench_now_ms();
	t_end = t_start + opt.duration_s * 1000;
	for (int i = 0; i < opt.agents; i++)
		if (pthread_create(&th[i], NULL, agent_main, &ag[i]) != 0) {
			fprintf(stderr, "load: cannot start agent %d: %s\n", i + 1, strerror(errno));
			return 3;
		}
	for (int i = 0; i < opt.agents; i++)
		pthread_join(th[i], NULL);
	elapsed = (bench_now_ms() - t_start) / 1000.0;
	if (sampling) {
		atomic_store(&sampler_stop, 1);
		pthread_join(sampler, NULL);
	}

	/* merge */
	{
		struct samples all[OP_COUNT] = { { 0 } };
		long out[OP_COUNT][OUT_COUNT] = { { 0 } };
		long notif = 0, inq = 0, rec = 0, pres = 0, reconn = 0, rc_ok = 0, rc_no = 0;
		size_t nord = 0, nunk = 0, nnotes = 0;
		double down = 0, down_max = 0;
		int gave_up = 0;

		for (int i = 0; i < opt.agents; i++) {
			struct agent *a = &ag[i];

			for (int k = 0; k < OP_COUNT; k++) {
				for (size_t j = 0; j < a->lat[k].n; j++)
					samples_add(&all[k], a->lat[k].v[j]);
				for (int o = 0; o < OUT_COUNT; o++)
					out[k][o] += a->outcome[k][o];
			}
			notif += a->notifications;
			inq += a->inquiry_events;
			rec += a->record_events;
			pres += a->presence_events;
			reconn += a->reconnects;
			down += a->down_ms;
			if (a->down_ms > down_max)
				down_max = a->down_ms;
			rc_ok += a->resolved_committed;
			rc_no += a->resolved_not_committed;
			nord += a->orders.n;
			nunk += a->unknown.n;
			nnotes += a->notes.n;
			gave_up += a->gave_up;
		}
		for (int k = 0; k < OP_COUNT; k++)
			if (k != OP_REREAD)
				for (int o = 0; o < OUT_COUNT; o++)
					total_ops += out[k][o];

		if (admin && opt.check) {
			/* the admin's connection may have been lost too (a restart,
			 * a failover): bring it back before checking */
			for (int i = 0; i < 60; i++) {
				if (db_exec(admin, "SELECT 1", 0, NULL, NULL, &err) == RD_OK)
					break;
				if (db_reconnect(admin, &err) != RD_OK)
					usleep(500 * 1000);
			}
			run_checks(admin, ag, h0);
		}
		for (int c = 0; c < nchecks; c++)
			failed = failed || !checks[c].pass;

		if (opt.json) {
			printf("{\"agents\":%d,\"duration_s\":%.1f,\"elapsed_s\":%.1f,\"think_ms\":%d,",
			       opt.agents, opt.duration_s, elapsed, opt.think_ms);
			printf("\"listen\":\"%s\",", !opt.listen ? "none" : opt.listen_conninfo ?
			       "listen_conninfo" : "work connection");
			printf("\"prepare\":\"%s\",", prepare_name());
			printf("\"operations\":%ld,\"ops_per_s\":%.1f,\"kinds\":[", total_ops,
			       total_ops / opt.duration_s);
			for (int k = 0; k < OP_COUNT; k++) {
				long n = 0;

				for (int o = 0; o < OUT_COUNT; o++)
					n += out[k][o];
				printf("%s{\"kind\":\"%s\",\"count\":%ld,\"ops_per_s\":%.2f,"
				       "\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f",
				       k ? "," : "", op_name[k], n, n / opt.duration_s,
				       bench_percentile(all[k].v, (int)all[k].n, 0.50),
				       bench_percentile(all[k].v, (int)all[k].n, 0.95),
				       bench_percentile(all[k].v, (int)all[k].n, 0.99),
				       bench_percentile(all[k].v, (int)all[k].n, 1.0));
				for (int o = 0; o < OUT_COUNT; o++)
					printf(",\"%s\":%ld", out_name[o], out[k][o]);
				printf("}");
			}
			printf("],\"notifications\":{\"received\":%ld,\"inquiry\":%ld,\"record\":%ld,"
			       "\"presence\":%ld},", notif, inq, rec, pres);
			printf("\"orders_acknowledged\":%zu,\"orders_unknown\":%zu,\"notes_acknowledged\":%zu,",
			       nord, nunk, nnotes);
			printf("\"reconnects\":%ld,\"agents_gave_up\":%d,\"without_service_ms\":{\"total\":%.0f,"
			       "\"max_agent\":%.0f},\"resolved\":{\"committed\":%ld,\"not_committed\":%ld},",
			       reconn, gave_up, down, down_max, rc_ok, rc_no);
			printf("\"server_backends_peak\":%d,\"server_backends_active_peak\":%d,",
			       sampling ? backends_peak : -1, sampling ? backends_active_peak : -1);
			qsort(waits, (size_t)nwaits, sizeof(waits[0]), wait_cmp);
			printf("\"active_backends_by_wait\":[");
			for (int i = 0; i < nwaits && i < 8; i++)
				printf("%s{\"wait\":\"%s\",\"mean\":%.2f}", i ? "," : "", waits[i].name,
				       nsamples ? (double)waits[i].n / nsamples : 0.0);
			printf("],");
			printf("\"invariants\":[");
			for (int c = 0; c < nchecks; c++)
				printf("%s{\"name\":\"%s\",\"pass\":%s,\"detail\":\"%s\"}", c ? "," : "",
				       checks[c].name, checks[c].pass ? "true" : "false", checks[c].detail);
			printf("],\"pass\":%s}\n", failed ? "false" : "true");
		} else {
			printf("\n%d agents, %.0f s (%.1f s with the drain), think %d ms; LISTEN on %s;"
			       " prepare %s\n\n",
			       opt.agents, opt.duration_s, elapsed, opt.think_ms,
			       !opt.listen ? "nothing (--no-listen)" : opt.listen_conninfo ?
			       "its own connection (--listen-conninfo)" : "the work connection",
			       prepare_name());
			printf("| %-13s | %7s | %7s | %8s | %8s | %8s | %8s | %6s | %8s | %7s | %5s | %6s | %6s |\n",
			       "operation", "n", "ops/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "ok",
			       "conflict", "refused", "retry", "unavail", "failed");
			printf("|---------------|---------|---------|----------|----------|----------|----------|"
			       "--------|----------|---------|-------|--------|--------|\n");
			for (int k = 0; k < OP_COUNT; k++) {
				long n = 0;

				for (int o = 0; o < OUT_COUNT; o++)
					n += out[k][o];
				printf("| %-13s | %7ld | %7.2f | %8.2f | %8.2f | %8.2f | %8.2f | %6ld | %8ld | %7ld | %5ld | %6ld | %6ld |\n",
				       op_name[k], n, n / opt.duration_s,
				       bench_percentile(all[k].v, (int)all[k].n, 0.50),
				       bench_percentile(all[k].v, (int)all[k].n, 0.95),
				       bench_percentile(all[k].v, (int)all[k].n, 0.99),
				       bench_percentile(all[k].v, (int)all[k].n, 1.0), out[k][OUT_OK],
				       out[k][OUT_CONFLICT], out[k][OUT_REFUSED], out[k][OUT_RETRY],
				       out[k][OUT_UNAVAILABLE], out[k][OUT_FAILED]);
			}
			printf("\nthroughput: %.1f operations/s (%ld); notifications received: %ld"
			       " (inquiry %ld, record %ld, presence %ld)\n",
			       total_ops / opt.duration_s, total_ops, notif, inq, rec, pres);
			printf("orders acknowledged: %zu, unknown: %zu; notes acknowledged: %zu\n", nord,
			       nunk, nnotes);
			printf("reconnects: %ld; time without service: %.1f s in all, %.1f s the longest"
			       " agent; resolved by request id: %ld committed, %ld not\n",
			       reconn, down / 1000, down_max / 1000, rc_ok, rc_no);
			if (sampling)
				printf("server backends for the database (pg_stat_activity, every 250 ms):"
				       " peak %d, active peak %d\n", backends_peak, backends_active_peak);
			if (sampling && nwaits) {
				qsort(waits, (size_t)nwaits, sizeof(waits[0]), wait_cmp);
				printf("active backends by wait event (mean over the samples):");
				for (int i = 0; i < nwaits && i < 6; i++)
					printf("%s %s %.1f", i ? "," : "", waits[i].name,
					       (double)waits[i].n / nsamples);
				printf("\n");
			}
			if (nchecks)
				printf("\ninvariants:\n");
			for (int c = 0; c < nchecks; c++)
				printf("  %s  %s (%s)\n", checks[c].pass ? "PASS" : "FAIL", checks[c].name,
				       checks[c].detail);
		}
		for (int k = 0; k < OP_COUNT; k++)
			free(all[k].v);
	}
	for (int i = 0; i < opt.agents; i++) {
		db_free(&ag[i].db);
		for (int k = 0; k < OP_COUNT; k++)
			free(ag[i].lat[k].v);
		free(ag[i].orders.v);
		free(ag[i].unknown.v);
		free(ag[i].notes.v);
	}
	if (admin)
		db_free(&admin);
	free(ag);
	free(th);
	free(S.hot);
	return failed ? 1 : 0;
}
