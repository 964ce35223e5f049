#!/usr/bin/env bash
# run-check-order.sh: runs the history viewer suites
# (tests/db/check_history_view) against a throwaway cluster made by
# tests/lib/pgtmp.sh, as run-check-db.sh does for check_db.
srcdir=${srcdir:-.}
if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
	RD_BIN=$PWD/repeatdesk
	export RD_BIN
fi
# its fixtures (tests/db/dbtest.c dbt_subscription_new) make subscriptions
# due on 2026-12-15 as desk roles, and the database refuses a next delivery
# in the past by its own current_date: run on the day it was written for
. "$srcdir/tests/lib/scenario_day.sh" 2026-12-07 "$0" "$@"
exec bash "$srcdir/tests/lib/pgtmp.sh" ./tests/db/check_history_view "$@"
