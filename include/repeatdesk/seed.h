/* seed.h: `repeatdesk db seed`: deterministic demo data, loaded with COPY.
 *
 * seed_run loads, in one transaction whose reason is 'demo data':
 *   - the catalogue, when missing: teams, products, media (ordinary
 *     INSERTs: their history rows are written by the triggers as usual),
 *     and puts the demo agents 'sato', 'suzuki' and 'takahashi' (which the
 *     caller creates first) into the demo teams when they have none;
 *   - opt->customers customers from core/seedgen with their subscriptions,
 *     subscription lines and skips, orders and order lines, inquiries and
 *     inquiry entries, each table streamed through one COPY.
 * Then, unless a KEN_ALL file was imported already, it imports the demo's
 * sample of it (db/demo/postal_sample.csv: a few hundred real codes in
 * every prefecture, the demo customers' among them) through
 * postal_store_import, and runs ANALYZE on the loaded tables. The
 * catalogue includes the demo's insert rules and media with their costs.
 *
 * Speed: connected as a superuser (the embedded cluster's rd_admin), the
 * bulk load runs with session_replication_role = replica, which skips the
 * per-row and per-statement triggers: history, version bookkeeping,
 * notifications, the customer figures of 0010/0150 (computed here from
 * the same orders instead and sent to rd.customer_figures by one more COPY
 * after the other tables) and the foreign-key checks (the generator makes
 * the references right by construction). Instead of one history row per
 * loaded row, rd.history gets one summary row per loaded table (op
 * INSERT, row_key '*bulk*', new_row {"rows": n, "seed": S, "today":
 * "YYYY-MM-DD"}, the same reason), so that history still says truthfully
 * what happened. The plain secondary indexes of the loaded tables (not
 * primary keys, unique indexes or indexes behind a constraint) are
 * dropped for the load and built again afterwards from their catalogue
 * definitions, in the same transaction: one sort per index instead of
 * millions of single insertions. Without superuser rights the same COPYs
 * run with every trigger firing and every index in place: much slower,
 * and with one history row per row.
 *
 * The data depends only on (seed, today, customers, subscription_rate):
 * the same options load the same rows, ids and codes into an empty
 * database. RFM is computed when read (0010). */
#ifndef REPEATDESK_SEED_H
#define REPEATDESK_SEED_H

#include <stdint.h>

#include "repeatdesk/status.h"

struct rd_db;

/* Rows loaded per table; filled by seed_run when opt->result is set. */
struct seed_result {
	long long customers;
	long long subscriptions;
	long long subscription_lines;
	long long subscription_skips;
	long long orders;
	long long order_lines;
	long long inquiries;
	long long inquiry_entries;
	long long total;	/* the sum of the above */
	int today;		/* day number (date.h) the data was made around */
	int bulk;		/* 1: triggers skipped (superuser); 0: fired */
	long long postal_codes;	/* addresses of the postal sample loaded
				 * (0: a KEN_ALL was there already) */
};

/* Called as the load goes: done of total customers of the current phase
 * (phase is a short translated label such as "orders"; total is 0 for a
 * phase that has no count, like "analyze"). Called at most every few
 * thousand customers and once at the end of each phase. */
typedef void (*seed_progress_fn)(long long done, long long total,
				 const char *phase, void *arg);

struct seed_options {
	long customers;			/* >= 0 */
	unsigned long long seed;
	/* the day the data is generated around, "YYYY-MM-DD"; NULL: today
	 * in the business time zone (rd.settings business_timezone) */
	const char *today;
	/* 0: the usual mix of subscriptions (about 5.6% of the customers
	 * have an active one). 1..100: this percentage of the customers has
	 * a subscription that stays active (seedgen subscription_permille):
	 * a load for the shipment run's benchmark. */
	int subscription_rate;
	seed_progress_fn progress;	/* may be NULL */
	void *progress_arg;
	struct seed_result *result;	/* may be NULL */
};

/* Loads the demo data described above into the database db is connected
 * to. The customers table must be empty (RD_REFUSED otherwise) and the
 * demo agents must exist (RD_REFUSED naming the missing one). On any
 * error the transaction is rolled back and nothing is loaded; err says
 * what happened. */
enum rd_status seed_run(struct rd_db *db, const struct seed_options *opt,
			struct rd_error *err);

#endif
