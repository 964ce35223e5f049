#!/usr/bin/env bash
# run-check-subscription.sh: runs the subscription request suites
# (tests/db/check_subscription) against a throwaway cluster made by
# tests/lib/pgtmp.sh, as run-check-db.sh does for check_db.
srcdir=${srcdir:-.}
if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
	RD_BIN=$PWD/repeatdesk
	export RD_BIN
fi
# the suite's scenario is written on 2026-11-20 (its today), and the
# database judges dates by its own current_date: run on that day
. "$srcdir/tests/lib/scenario_day.sh" 2026-11-20 "$0" "$@"
exec bash "$srcdir/tests/lib/pgtmp.sh" ./tests/db/check_subscription "$@"
