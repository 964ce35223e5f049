#!/bin/sh
# run-check-live.sh: runs the live-updates and presence suites
# (tests/db/check_live) against a throwaway cluster made by
# tests/lib/pgtmp.sh, as run-check-db.sh does for check_db.
srcdir=${srcdir:-.}
if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
	RD_BIN=$PWD/repeatdesk
	export RD_BIN
fi
exec bash "$srcdir/tests/lib/pgtmp.sh" ./tests/db/check_live "$@"
