#!/bin/sh
# run-check-plans.sh: runs the plan cache suite (tests/db/check_plans)
# against a throwaway cluster made by tests/lib/pgtmp.sh, as
# run-check-db.sh does for check_db.
srcdir=${srcdir:-.}
if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
	RD_BIN=$PWD/repeatdesk
	export RD_BIN
fi
exec bash "$srcdir/tests/lib/pgtmp.sh" ./tests/db/check_plans "$@"
