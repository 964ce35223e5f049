/* bench_lookup.c: how fast the desk finds a caller, through store/.
 *
 *   bench/bench_lookup [--iterations N] [--seconds S] [--no-pgbench] CONNINFO
 *
 * Against a seeded database (repeatdesk db seed --customers 1000000), it
 * measures p50 and p99 of each kind of lookup the phone desk makes,
 * through store/customer.c exactly as the screens call it (a first page
 * of 20 rows, the size of one screen): exact phone (typed with hyphens),
 * customer code, order number, e-mail; names and readings of 1, 2 and 3+
 * characters (readings typed in hiragana); a search by three filters; and
 * opening a customer card (the customer and the four lists on it).
 *
 * Each store lookup alternates with the same SQL sent raw (the traced
 * statements with their literals, one round trip each, no store code
 * around them): the ratio of the two is what the store adds, measured
 * under the same load.
 *
 * Then it runs the same SQL with pgbench (-n -c 1 -T S): the statements
 * of the SCRIPTS lookups of each kind that the store ran, captured with
 * customer_trace(), one script each, and reads pgbench's per-transaction
 * log for its p50/p99.
 * The ratio store/pgbench is what the terminal adds on top of PostgreSQL
 * (libpq round trips, copying results, building the SQL).
 *
 * Prints one markdown table. bench/lookup.sh sets up the database and
 * calls this. Numbers are reported, never asserted. */
#include "repeatdesk/customer.h"
#include "repeatdesk/db.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/width.h"
#include "benchutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SAMPLES 500
#define PAGE 20
/* Lookups of each kind cycle through this many sampled keys, and pgbench
 * gets one script for each (pgbench takes at most 128): the same keys, so
 * both run with the same (warm) caches and the ratio is what the store
 * adds. */
#define SCRIPTS 100
#define CARD_ROWS 10

struct sample {
	char phone[16];
	char code[32];
	char email[256];
	char order_no[32];
	char name[CUSTOMER_NAME_SIZE];
	char kana[CUSTOMER_NAME_SIZE];
};

static struct sample samples[SAMPLES];
static int nsamples;

static const char *const prefectures[] = {
	"東京都", "大阪府", "神奈川県", "愛知県", "埼玉県", "千葉県", "兵庫県",
	"北海道", "福岡県", "静岡県", "茨城県", "広島県", "京都府", "宮城県",
	"新潟県", "長野県", "岐阜県", "群馬県", "栃木県", "岡山県", "鳥取県",
};

enum kind {
	K_PHONE, K_CODE, K_ORDER, K_EMAIL,
	K_NAME1, K_NAME2, K_NAME3, K_KANA1, K_KANA2, K_KANA3,
	K_COMPOUND, K_CARD, K_COUNT, K_COUNT_KINDS
};

static const struct {
	const char *label;
	const char *target;   /* issue 3's goal for the p99 */
} kinds[K_COUNT_KINDS] = {
	[K_PHONE] = { "exact phone (090-1234-5678)", "1 ms" },
	[K_CODE] = { "customer code", "1 ms" },
	[K_ORDER] = { "order number", "1 ms" },
	[K_EMAIL] = { "e-mail", "1 ms" },
	[K_NAME1] = { "name, 1 character (田)", "15 ms" },
	[K_NAME2] = { "name, 2 characters (山田)", "15 ms" },
	[K_NAME3] = { "name, 3+ characters (山田太郎)", "15 ms" },
	[K_KANA1] = { "reading, 1 character (や)", "15 ms" },
	[K_KANA2] = { "reading, 2 characters (やま)", "15 ms" },
	[K_KANA3] = { "reading, 3+ characters (やまだ)", "15 ms" },
	[K_COMPOUND] = { "3 filters (prefecture, gender, active subscription)", "100 ms" },
	[K_CARD] = { "open a customer card", "5 ms" },
	[K_COUNT] = { "count for a 1-character name (informative)", "-" },
};

/* The first n characters of s (UTF-8), spaces skipped. */
static void first_chars(char *out, size_t outsz, const char *s, int n)
{
	size_t len = strlen(s), o = 0;

	for (size_t i = 0; i < len && n > 0;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, len - i, &cp);

		if (cp != ' ' && o + l < outsz) {
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
		l = l ? l : 1;
		i += l;
		l = utf8_encode(cp, buf);
		if (o + l >= outsz)
			break;
		memcpy(out + o, buf, l);
		o += l;
	}
	out[o] = '\0';
}

static void make_query(enum kind k, int i, struct customer_query *q)
{
	const struct sample *s = &samples[i % nsamples];
	char buf[CUSTOMER_QUERY_SIZE], hira[CUSTOMER_QUERY_SIZE];
	struct sbuf sb;

	customer_query_init(q);
	switch (k) {
	case K_PHONE:
		sbuf_init(&sb);
		normalize_phone_format(&sb, s->phone);
		customer_query_set(q, CUSTOMER_Q_ANY, sb.buf, NULL);
		sbuf_done(&sb);
		break;
	case K_CODE: customer_query_set(q, CUSTOMER_Q_ANY, s->code, NULL); break;
	case K_ORDER: customer_query_set(q, CUSTOMER_Q_ANY, s->order_no, NULL); break;
	case K_EMAIL: customer_query_set(q, CUSTOMER_Q_ANY, s->email, NULL); break;
	case K_NAME1:
	case K_COUNT:
		/* the second character of the family name: 田 of 山田, 藤 of 佐藤 */
		first_chars(buf, sizeof(buf), s->name, 2);
		customer_query_set(q, CUSTOMER_Q_ANY, buf + (strlen(buf) > 3 ? 3 : 0), NULL);
		break;
	case K_NAME2:
		first_chars(buf, sizeof(buf), s->name, 2);
		customer_query_set(q, CUSTOMER_Q_ANY, buf, NULL);
		break;
	case K_NAME3:
		customer_query_set(q, CUSTOMER_Q_ANY, s->name, NULL);
		break;
	case K_KANA1:
	case K_KANA2:
	case K_KANA3:
		first_chars(buf, sizeof(buf), s->kana, k == K_KANA1 ? 1 : k == K_KANA2 ? 2 : 3);
		to_hiragana(hira, sizeof(hira), buf);
		customer_query_set(q, CUSTOMER_Q_ANY, hira, NULL);
		break;
	case K_COMPOUND:
		customer_query_set(q, CUSTOMER_Q_PREFECTURE,
				   prefectures[i % (int)(sizeof(prefectures) / sizeof(prefectures[0]))], NULL);
		q->gender = i % 2 ? 'f' : 'm';
		q->subscription = CUSTOMER_SUBS_ACTIVE;
		break;
	case K_CARD:
	case K_COUNT_KINDS:
		break;
	}
}

/* One lookup of kind k for sample i, as the terminal does it. */
static int run_one(struct rd_db *db, enum kind k, int i)
{
	static struct customer_row rows[PAGE];
	struct customer_cursor next;
	struct customer_query q;
	struct rd_error err;
	int n;

	if (k == K_CARD) {
		struct customer c;
		struct customer_subscription subs[CARD_ROWS];
		struct customer_order orders[CARD_ROWS];
		struct customer_inquiry inq[CARD_ROWS];
		struct customer_change hist[CARD_ROWS];

		if (customer_get(db, samples[i % nsamples].code, &c, &err) != RD_OK ||
		    customer_subscriptions(db, c.id, subs, CARD_ROWS, &n, &err) != RD_OK ||
		    customer_orders(db, c.id, orders, CARD_ROWS, &n, &err) != RD_OK ||
		    customer_inquiries(db, c.id, inq, CARD_ROWS, &n, &err) != RD_OK ||
		    customer_history(db, c.id, hist, CARD_ROWS, &n, &err) != RD_OK)
			goto fail;
		return 1;
	}
	make_query(k, i, &q);
	if (k == K_COUNT) {
		struct customer_count cnt;

		if (customer_count(db, &q, &cnt, &err) != RD_OK)
			goto fail;
		return 1;
	}
	if (customer_find(db, &q, NULL, rows, PAGE, &n, &next, &err) != RD_OK)
		goto fail;
	return n;
fail:
	fprintf(stderr, "bench_lookup: %s #%d: %s\n", kinds[k].label, i, err.msg);
	exit(1);
}

static void sample(struct rd_db *db)
{
	struct db_rows r;
	struct rd_error err;

	/* customers spread over the table; their latest order */
	if (db_query(db,
		"SELECT c.phone1, c.code, c.email, c.name, c.name_kana,"
		"       (SELECT o.order_no FROM rd.orders o WHERE o.customer_id = c.id"
		"         ORDER BY o.order_date DESC LIMIT 1)"
		"  FROM rd.customers c TABLESAMPLE BERNOULLI (2) REPEATABLE (7)"
		" WHERE c.phone1 IS NOT NULL AND c.email IS NOT NULL AND c.name_kana IS NOT NULL"
		"   AND EXISTS (SELECT 1 FROM rd.customer_figures f"
		"               WHERE f.customer_id = c.id AND f.order_count > 0)"
		" LIMIT 500", 0, NULL, &r, &err) != RD_OK) {
		fprintf(stderr, "bench_lookup: sampling: %s\n", err.msg);
		exit(1);
	}
	for (int i = 0; i < r.nrows && i < SAMPLES; i++) {
		struct sample *s = &samples[nsamples++];

		snprintf(s->phone, sizeof(s->phone), "%s", db_rows_get(&r, i, 0));
		snprintf(s->code, sizeof(s->code), "%s", db_rows_get(&r, i, 1));
		snprintf(s->email, sizeof(s->email), "%s", db_rows_get(&r, i, 2));
		snprintf(s->name, sizeof(s->name), "%s", db_rows_get(&r, i, 3));
		snprintf(s->kana, sizeof(s->kana), "%s", db_rows_get(&r, i, 4));
		snprintf(s->order_no, sizeof(s->order_no), "%s",
			 db_rows_get(&r, i, 5) ? db_rows_get(&r, i, 5) : "");
	}
	db_rows_free(&r);
	if (nsamples < SCRIPTS) {
		fprintf(stderr, "bench_lookup: only %d customers to sample; seed more\n", nsamples);
		exit(1);
	}
}

/* Runs pgbench on the scripts of one kind; returns p50/p99 in ms, or -1. */
static int run_pgbench(const char *conninfo, const char *dir, enum kind k,
		       int seconds, double *p50, double *p99, long *count)
{
	char secs[16], prefix[512], path[600];
	char *argv[8 + 2 * SCRIPTS + 2];
	char scripts[SCRIPTS][600];
	int argc = 0, status;
	pid_t pid;
	double *lat = NULL;
	size_t nlat = 0, cap = 0;

	snprintf(secs, sizeof(secs), "%d", seconds);
	snprintf(prefix, sizeof(prefix), "--log-prefix=%s/log%d", dir, (int)k);
	argv[argc++] = "pgbench";
	argv[argc++] = "-n";
	argv[argc++] = "-c";
	argv[argc++] = "1";
	argv[argc++] = "-T";
	argv[argc++] = secs;
	argv[argc++] = "-l";
	argv[argc++] = prefix;
	for (int i = 0; i < SCRIPTS; i++) {
		snprintf(scripts[i], sizeof(scripts[i]), "%s/%d-%d.sql", dir, (int)k, i);
		argv[argc++] = "-f";
		argv[argc++] = scripts[i];
	}
	argv[argc++] = (char *)conninfo;
	argv[argc] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		if (devnull >= 0) {
			dup2(devnull, 1);
			dup2(devnull, 2);
		}
		execvp("pgbench", argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_lookup: pgbench failed for %s (is pgbench installed?)\n",
			kinds[k].label);
		return -1;
	}
	/* one log file per pgbench process: PREFIX.PID */
	{
		char cmd[700];
		FILE *ls;

		snprintf(cmd, sizeof(cmd), "ls %s/log%d.*", dir, (int)k);
		ls = popen(cmd, "r");
		while (ls && fgets(path, sizeof(path), ls)) {
			FILE *f;
			char line[256];

			path[strcspn(path, "\n")] = '\0';
			if (!(f = fopen(path, "r")))
				continue;
			while (fgets(line, sizeof(line), f)) {
				long client, tx, us;

				if (sscanf(line, "%ld %ld %ld", &client, &tx, &us) != 3)
					continue;
				if (nlat == cap) {
					cap = cap ? cap * 2 : 4096;
					lat = realloc(lat, cap * sizeof(*lat));
					if (!lat)
						abort();
				}
				lat[nlat++] = (double)us / 1000.0;
			}
			fclose(f);
			unlink(path);
		}
		if (ls)
			pclose(ls);
	}
	*count = (long)nlat;
	*p50 = bench_percentile(lat, (int)nlat, 0.50);
	*p99 = bench_percentile(lat, (int)nlat, 0.99);
	free(lat);
	return nlat ? 0 : -1;
}

/* The sample used by the i-th lookup of a kind. */
static int key_of(int i)
{
	return (i % SCRIPTS) * (SAMPLES / SCRIPTS);
}

/* The SQL each of the SCRIPTS lookups of kind k ran (customer_trace). */
static void trace_all(struct rd_db *db, enum kind k, struct sbuf sql[SCRIPTS])
{
	for (int i = 0; i < SCRIPTS; i++) {
		sbuf_init(&sql[i]);
		customer_trace(&sql[i]);
		run_one(db, k, key_of(i));
		customer_trace(NULL);
	}
}

/* Runs the traced statements of one lookup as they are, literals and all:
 * the SQL alone, without the store around it. */
static void run_raw(struct rd_db *db, const struct sbuf *sql)
{
	char *copy = strdup(sql->buf), *p, *end;

	if (!copy)
		abort();
	for (p = copy; (end = strstr(p, ";\n")) != NULL; p = end + 2) {
		struct db_rows r;
		struct rd_error err;

		*end = '\0';
		if (db_query(db, p, 0, NULL, &r, &err) != RD_OK) {
			fprintf(stderr, "bench_lookup: %s\n", err.msg);
			exit(1);
		}
		db_rows_free(&r);
	}
	free(copy);
}

/* Writes the traced SQL of kind k for pgbench, one file a lookup. */
static void write_scripts(const char *dir, enum kind k, const struct sbuf sql[SCRIPTS])
{
	for (int i = 0; i < SCRIPTS; i++) {
		char path[600];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%d-%d.sql", dir, (int)k, i);
		f = fopen(path, "w");
		if (!f || fwrite(sql[i].buf, 1, sql[i].len, f) != sql[i].len) {
			fprintf(stderr, "bench_lookup: cannot write %s\n", path);
			exit(1);
		}
		fclose(f);
	}
}

/* Prints EXPLAIN ANALYZE of the statements of one lookup of each kind. */
static void explain_all(struct rd_db *db, int which)
{
	for (int k = 0; k < K_COUNT_KINDS; k++) {
		struct sbuf sql;
		char *p, *end;

		if (which >= 0 && k != which)
			continue;
		sbuf_init(&sql);
		customer_trace(&sql);
		run_one(db, (enum kind)k, 3);
		customer_trace(NULL);
		printf("==== %s\n", kinds[k].label);
		for (p = sql.buf; (end = strstr(p, ";\n")) != NULL; p = end + 2) {
			struct db_rows r;
			struct rd_error err;
			struct sbuf e;

			*end = '\0';
			sbuf_init(&e);
			sbuf_printf(&e, "EXPLAIN (ANALYZE, BUFFERS) %s", p);
			printf("-- %s\n", p);
			if (db_query(db, e.buf, 0, NULL, &r, &err) == RD_OK) {
				for (int i = 0; i < r.nrows; i++)
					printf("   %s\n", db_rows_get(&r, i, 0));
				db_rows_free(&r);
			} else {
				printf("   (%s)\n", err.msg);
			}
			sbuf_done(&e);
		}
		sbuf_done(&sql);
	}
}

/* Prints the query text and time of the slowest of n lookups of kind k,
 * then EXPLAIN ANALYZE of it. */
static void slowest(struct rd_db *db, int k, int n)
{
	double worst = -1;
	int wi = 0;

	for (int i = 0; i < n; i++) {
		double t0 = bench_now_ms(), t;

		run_one(db, (enum kind)k, i);
		t = bench_now_ms() - t0;
		if (t > worst) {
			worst = t;
			wi = i;
		}
	}
	{
		struct customer_query q;

		make_query((enum kind)k, wi, &q);
		printf("slowest of %d: #%d %.3f ms: any='%s' prefecture='%s'\n", n, wi, worst,
		       q.any, q.prefecture);
	}
	{
		struct sbuf sql;
		char *p, *end;

		sbuf_init(&sql);
		customer_trace(&sql);
		run_one(db, (enum kind)k, wi);
		customer_trace(NULL);
		for (p = sql.buf; (end = strstr(p, ";\n")) != NULL; p = end + 2) {
			struct db_rows r;
			struct rd_error err;
			struct sbuf e;

			*end = '\0';
			sbuf_init(&e);
			sbuf_printf(&e, "EXPLAIN (ANALYZE) %s", p);
			printf("-- %s\n", p);
			if (db_query(db, e.buf, 0, NULL, &r, &err) == RD_OK) {
				for (int i = 0; i < r.nrows; i++)
					printf("   %s\n", db_rows_get(&r, i, 0));
				db_rows_free(&r);
			}
			sbuf_done(&e);
		}
		sbuf_done(&sql);
	}
}

int main(int argc, char **argv)
{
	int explain = -2, slow = -1;
	int iterations = 1000, seconds = 10, pgb = 1;
	const char *conninfo = NULL;
	struct db_params p = { .application_name = "bench_lookup" };
	struct rd_db *db = NULL;
	struct rd_error err;
	char dir[] = "/tmp/rd-bench-XXXXXX";
	long long rows_total = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
			iterations = atoi(argv[++i]);
		else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = atoi(argv[++i]);
		else if (strcmp(argv[i], "--no-pgbench") == 0)
			pgb = 0;
		else if (strcmp(argv[i], "--explain") == 0 && i + 1 < argc)
			explain = atoi(argv[++i]);
		else if (strcmp(argv[i], "--slowest") == 0 && i + 1 < argc)
			slow = atoi(argv[++i]);
		else if (argv[i][0] != '-' && !conninfo)
			conninfo = argv[i];
		else {
			fprintf(stderr, "usage: bench_lookup [--iterations N] [--seconds S] [--no-pgbench] [--explain KIND|-1] [--slowest KIND] CONNINFO\n");
			return 2;
		}
	}
	if (iterations < 10)
		iterations = 10;
	p.conninfo = conninfo ? conninfo : "";
	if (db_open(&db, &p, &err) != RD_OK) {
		fprintf(stderr, "bench_lookup: %s\n", err.msg);
		return 3;
	}
	sample(db);
	if (slow >= 0) {
		slowest(db, slow, iterations);
		db_free(&db);
		return 0;
	}
	if (explain >= -1) {
		explain_all(db, explain);
		db_free(&db);
		return 0;
	}
	if (pgb && !mkdtemp(dir)) {
		fprintf(stderr, "bench_lookup: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	{
		char customers[32] = "?";

		db_query_value(db, "SELECT to_char(count(*), 'FM9,999,999,999') FROM rd.customers",
			       0, NULL, customers, sizeof(customers), NULL, &err);
		printf("Customer lookup through store/ (%s customers, PostgreSQL %s, "
		       "%d lookups per row, first page of %d; pgbench -n -c 1 -T %d on the same SQL)\n\n",
		       customers, db_server_version(db), iterations, PAGE, seconds);
	}
	printf("| lookup | store p50 / p99 (ms) | same SQL, raw, p50 / p99 | ratio | pgbench p50 / p99 | ratio to pgbench | goal p99 |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|\n");
	for (int k = 0; k < K_COUNT_KINDS; k++) {
		double *lat = calloc((size_t)iterations, sizeof(double));
		double *raw = calloc((size_t)iterations, sizeof(double));
		double s50, s99, r50, r99, g50 = 0, g99 = 0;
		struct sbuf sql[SCRIPTS];
		long gcount = 0;
		int have_pg = 0;

		if (!lat || !raw)
			abort();
		trace_all(db, (enum kind)k, sql);  /* also warms the caches */
		/* store and raw SQL alternate, so that whatever else the
		 * machine does weighs on both alike */
		for (int i = 0; i < iterations; i++) {
			double t0 = bench_now_ms(), t1;

			rows_total += run_one(db, (enum kind)k, key_of(i));
			t1 = bench_now_ms();
			run_raw(db, &sql[i % SCRIPTS]);
			lat[i] = t1 - t0;
			raw[i] = bench_now_ms() - t1;
		}
		s50 = bench_percentile(lat, iterations, 0.50);
		s99 = bench_percentile(lat, iterations, 0.99);
		r50 = bench_percentile(raw, iterations, 0.50);
		r99 = bench_percentile(raw, iterations, 0.99);
		free(lat);
		free(raw);
		if (pgb) {
			write_scripts(dir, (enum kind)k, sql);
			have_pg = run_pgbench(conninfo ? conninfo : "", dir, (enum kind)k, seconds,
					      &g50, &g99, &gcount) == 0;
		}
		for (int i = 0; i < SCRIPTS; i++)
			sbuf_done(&sql[i]);
		printf("| %s | %.3f / %.3f | %.3f / %.3f | %.2f / %.2f |",
		       kinds[k].label, s50, s99, r50, r99, s50 / r50, s99 / r99);
		if (have_pg)
			printf(" %.3f / %.3f | %.2f / %.2f |", g50, g99, s50 / g50, s99 / g99);
		else
			printf(" - | - |");
		printf(" %s |\n", kinds[k].target);
		fflush(stdout);
	}
	if (pgb) {
		char cmd[700];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_lookup: could not remove %s\n", dir);
	}
	fprintf(stderr, "bench_lookup: %lld rows read in all\n", rows_total);
	db_free(&db);
	return 0;
}
