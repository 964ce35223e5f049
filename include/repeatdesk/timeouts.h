/* timeouts.h: the desk's time limits and the jobs that lift them.
 *
 * The database sets statement_timeout, lock_timeout and
 * idle_in_transaction_session_timeout for every session
 * (db/migrations/0135_timeouts.sql), so that no transaction spans an
 * operator's think time, through PgBouncer and in psql alike. The jobs that
 * legitimately run longer (migrate, seed, the shipment run, postal import,
 * history seal and verify) lift them with SET LOCAL inside their own
 * transaction: nothing outlives that transaction, and a pooled server
 * connection goes back to the pool with the defaults. */
#ifndef REPEATDESK_TIMEOUTS_H
#define REPEATDESK_TIMEOUTS_H

#include "repeatdesk/db.h"
#include "repeatdesk/status.h"

/* How long a long job may wait for a lock held by someone else. */
enum timeouts_locks {
	/* the desk's own lock_timeout: a job that must not stall the desk
	 * behind it (a migration's ACCESS EXCLUSIVE queues every reader)
	 * gives up and is run again */
	TIMEOUTS_LOCKS_DESK,
	/* a minute: workers of one run take turns on a shared customer, a
	 * second import waits for the first; a forgotten psql transaction is
	 * ended by the idle limit before this runs out */
	TIMEOUTS_LOCKS_MINUTE,
	/* no limit: the job locks tables of its own (seed into an empty
	 * database) */
	TIMEOUTS_LOCKS_NONE
};

/* Inside a transaction (after db_begin or BEGIN): no statement limit and
 * no idle-in-transaction limit until it ends, and the lock wait of
 * `locks`. Returns RD_OK or the database's error. */
enum rd_status timeouts_long_job(struct rd_db *db, enum timeouts_locks locks,
				 struct rd_error *err);

#endif
