#!/bin/sh
# customer_locked.sh: a save that meets a record locked by someone else
# (an agent's psql holding the row in an open transaction) waits the
# database's lock_timeout (5 s, db/migrations/0135_timeouts.sql) and is
# refused in the operator's words -- "someone else is changing this record
# right now" -- not as "no answer from the database": the database did
# answer. Nothing is written, the typed value stays in the form, and F5
# once the lock is gone saves it.
. "$(dirname "$0")/lib.sh"

e2e_init customer_locked
e2e_db_setup

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

e2e_start "$RD_BIN" --as sato
e2e_wait_line 1 "DB ok" || e2e_finish
e2e_send F2
e2e_type "c2"
e2e_expect "1 customer" "sato finds C0000002"
e2e_send Enter F4
e2e_expect "Edit customer C0000002" "sato edits C0000002"
e2e_send Tab Tab C-u
e2e_type "090-7777-0042"
e2e_send F5
e2e_expect "Reason for change: required" "sato is asked for a reason"
e2e_type "番号変更"

# another session holds the row (12 s: under the 15 s statement limit)
"$RD_BIN" db psql -At -c "BEGIN" \
	-c "SELECT 1 FROM rd.customers WHERE code = 'C0000002' FOR UPDATE" \
	-c "SELECT pg_sleep(12)" -c "COMMIT" >"$E2E_TMP/holder.log" 2>&1 &
holder=$!
tries=50
while [ "$tries" -gt 0 ] && [ "$(psql1 "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
		WHERE c.relname = 'customers' AND l.mode = 'RowShareLock'")" = 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done

e2e_send F5
E2E_TIMEOUT=15 e2e_expect "someone else is changing this record right now" \
	"the save is refused in the operator's words after the lock limit"
e2e_assert_screen_lacks "No answer from the database" \
	"it does not say the database did not answer"
e2e_assert_screen_has "090-7777-0042" "what was typed stays in the form"
e2e_assert_eq "$(psql1 "SELECT (phone1 = '09077770042')::text || ' ' || version FROM rd.customers WHERE code = 'C0000002'")" \
	"false 1" "nothing was written"
wait "$holder"

e2e_send F5
e2e_expect "version 2" "F5 once the lock is gone saves it"
e2e_assert_eq "$(psql1 "SELECT phone1 FROM rd.customers WHERE code = 'C0000002'")" \
	"09077770042" "the database has the new phone"
e2e_finish
