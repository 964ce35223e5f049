#!/bin/sh
# run-check-timeouts.sh: runs the time-limit suites (tests/db/check_timeouts)
# against a throwaway cluster made by tests/lib/pgtmp.sh, as
# run-check-db.sh does for check_db.
srcdir=${srcdir:-.}
if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
	RD_BIN=$PWD/repeatdesk
	export RD_BIN
fi
exec bash "$srcdir/tests/lib/pgtmp.sh" ./tests/db/check_timeouts "$@"
