# tests/lib/scenario_day.sh: sourced first by a test whose scenario is
# written on one day (fixed dates with the hidden --today of the client):
#
#   . "$RD_SRCDIR/tests/lib/scenario_day.sh" 2026-11-20 "$0" "$@"
#
# runs the test again on that day in Tokyo, for the client and the
# throwaway PostgreSQL alike (scripts/faketime), so that the database's own
# guards (a next delivery never moves into the past, by the database's
# current_date) judge the scenario on the day it was written for, whatever
# day the suite runs. The clock keeps running from that day's time of day.
# Used by the suites not yet rewritten on dates relative to the database's
# today (see the closing note of issue 10).
if [ "${RD_SCENARIO_DAY:-}" != "$1" ]; then
	_day=$1
	shift
	RD_SCENARIO_DAY=$_day exec bash "${RD_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/scripts/faketime" \
		"$_day" bash "$@"
fi
