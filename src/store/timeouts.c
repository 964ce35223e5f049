/* timeouts.c: the long jobs lift the desk's time limits for their own
 * transaction (see include/repeatdesk/timeouts.h and
 * db/migrations/0135_timeouts.sql for the limits and why). */
#include "repeatdesk/timeouts.h"

enum rd_status timeouts_long_job(struct rd_db *db, enum timeouts_locks locks,
				 struct rd_error *err)
{
	/* set_config(..., true) is SET LOCAL: gone at COMMIT or ROLLBACK */
	const char *params[1];

	switch (locks) {
	case TIMEOUTS_LOCKS_MINUTE:
		params[0] = "60s";
		break;
	case TIMEOUTS_LOCKS_NONE:
		params[0] = "0";
		break;
	case TIMEOUTS_LOCKS_DESK:
	default:
		params[0] = NULL;   /* keep the database's value */
		break;
	}
	return db_exec(db,
		       "SELECT set_config('statement_timeout', '0', true),"
		       " set_config('idle_in_transaction_session_timeout', '0', true),"
		       " CASE WHEN $1::text IS NOT NULL"
		       "  THEN set_config('lock_timeout', $1, true) END",
		       1, params, NULL, err);
}
