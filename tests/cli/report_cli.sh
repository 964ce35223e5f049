#!/usr/bin/env bash
# report_cli.sh: `repeatdesk report list` and `repeatdesk report KIND`
# (issue 13) against an embedded database with the demo data.
#
# Without a database: the list of kinds and views in json, and bad input
# (a date that does not exist, --from after --to, an unknown kind, view or
# payment method, --bom without csv) is one line and exit 2. With one: an
# operator (sato) and an agent (suzuki) get the database's refusal (exit
# 1), a supervisor (takahashi) gets one json document whose
# generated_at is RFC 3339 with its offset, and csv for a spreadsheet is
# checked byte by byte: the BOM, CRLF line ends, codes written
# ="..." so their leading zeros stay, and a product name that would be a
# formula neutralised by a leading apostrophe. A report waiting on a lock
# is stopped by its --timeout, and by SIGINT (Ctrl-C) with nothing left
# running. The report used is the continuation report (by product).
#
# JSON is read with jq; the csv's bytes with od and tr.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init report_cli

SUP="$RD_BIN --as takahashi"
AGENT="$RD_BIN --as suzuki"
OPER="$RD_BIN --as sato"

# --- no database needed ---
run "$RD_BIN" report; expect_rc 2 "report without a kind"
run "$RD_BIN" report --help; expect_rc 0 "report --help"
expect_out 'repeatdesk report list' "the usage shows report list"
expect_out '--bom' "the usage explains --bom"
run "$RD_BIN" report list --format json; expect_rc 0 "report list needs no database"
expect_eq "$(jq -r '[.[].kind] | unique | sort | join(",")' "$E2E_TMP/out")" \
	"continuation,media,retention,segments,workload" "the list has the five kinds"
expect_eq "$(jq '[.[] | select((.view | length) == 0 or (.summary | length) == 0)] | length' "$E2E_TMP/out")" \
	0 "every listed view has a name and a summary"
expect_eq "$(jq -r 'map(has("filters")) | all' "$E2E_TMP/out")" true "every view says its filters"
run "$RD_BIN" report list --format csv; expect_rc 0 "report list in csv"
expect_eq "$(head -n 1 "$E2E_TMP/out")" "kind,view,kind_title,view_title,filters,summary" \
	"the csv header is the field names"

for bad in "--from 2026-02-30" "--from 2026/13/01" "--to yesterday" \
	   "--from 2026-12-01 --to 2026-11-30" "--view nosuchview" \
	   "--payment cheque" "--timeout 0" "--format csv --crlf --bom --format json" \
	   "--format xml" "--no-such-option" "extra"; do
	# shellcheck disable=SC2086
	run "$RD_BIN" report continuation $bad; expect_rc 2 "report continuation $bad"
	expect_one_line_error "report continuation $bad"
done
run "$RD_BIN" report frobnicate; expect_rc 2 "an unknown kind"
expect_one_line_error "an unknown kind"

e2e_db_setup

# --- who may read reports: the database decides ---
run $OPER report continuation --format json; expect_rc 1 "an operator is refused"
expect_one_line_error "an operator is refused"
expect_eq "$(wc -c <"$E2E_TMP/out")" 0 "nothing on stdout for the operator"
run $AGENT report continuation --format json; expect_rc 1 "an agent is refused"
expect_one_line_error "an agent is refused"

# --- json: one document ---
today=$(sql "SELECT rd.customer_today()")
run $SUP report continuation --view cohorts --by product --format json
expect_rc 0 "a supervisor reads the continuation report"
expect_eq "$(jq -r '.report + " " + .view' "$E2E_TMP/out")" "continuation cohorts" \
	"report and view"
expect_eq "$(jq -r '.to' "$E2E_TMP/out")" "$today" "the period ends on the business today"
expect_eq "$(jq -r '.from' "$E2E_TMP/out")" \
	"$(sql "SELECT (DATE '$today' - interval '12 months' + interval '1 day')::date")" \
	"and starts 12 months before"
expect_eq "$(jq -r '.generated_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?[+-][0-9]{2}:[0-9]{2}$")' "$E2E_TMP/out")" \
	true "generated_at is RFC 3339 with an offset"
expect_eq "$(jq -r '.rows | type' "$E2E_TMP/out")" array "rows is an array"
expect_eq "$(jq -r '.chart | type' "$E2E_TMP/out")" array "the chart is there"
expect_eq "$(jq -r '[.rows[].sku | type] | unique | join(",")' "$E2E_TMP/out")" string \
	"codes are strings"
run $SUP report continuation --by product --format json --no-chart
expect_eq "$(jq -r '.chart' "$E2E_TMP/out")" null "--no-chart: chart null"
run $SUP report continuation --from "$today" --to "$today" --format json
expect_rc 0 "a one-day period"
expect_eq "$(jq -r '.from + " " + .to' "$E2E_TMP/out")" "$today $today" "the period given"

# --- the table format: chart, table, note ---
run $SUP report continuation --by product
expect_rc 0 "the table format"
expect_out '█' "the table format draws the chart in blocks"

# --- csv for a spreadsheet, byte by byte ---
run $SUP report continuation --by product --format json
sku=$(jq -r '[.rows[] | select(.started > 0)][0].sku // empty' "$E2E_TMP/out")
if [ -z "$sku" ]; then
	e2e_fail "the demo data has a product with subscriptions in the period"
	e2e_finish
fi
"$RD_BIN" db psql -At -c "SELECT set_config('repeatdesk.reason', 'report_cli test', false);
	UPDATE rd.products SET name = '=cmd|calc' WHERE sku = '$sku'" >/dev/null ||
	e2e_fail "renaming product $sku"

run $SUP report continuation --by product --format csv --bom --crlf
expect_rc 0 "csv with --bom --crlf"
expect_eq "$(head -c 3 "$E2E_TMP/out" | od -An -tx1 | tr -d ' \n')" efbbbf "the file starts with the BOM"
lines=$(wc -l <"$E2E_TMP/out")
expect_eq "$(tr -cd '\r' <"$E2E_TMP/out" | wc -c)" "$lines" "every line ends with CRLF"
expect_eq "$(tr -d '\r' <"$E2E_TMP/out" | grep -c '^$')" 0 "no empty line"
if grep -qF "\"=\"\"$sku\"\"\",'=cmd|calc," "$E2E_TMP/out"; then
	e2e_pass "the sku is kept text (=\"...\") and the name that looks like a formula gets an apostrophe"
else
	e2e_fail "csv row of $sku: $(grep -F "$sku" "$E2E_TMP/out")"
fi
expect_no_out "^=cmd\\|,=cmd" "no cell starts with ="

run $SUP report continuation --by product --format csv
expect_rc 0 "plain csv"
expect_eq "$(head -c 1 "$E2E_TMP/out" | od -An -tx1 | tr -d ' \n')" "$(printf s | od -An -tx1 | tr -d ' \n')" \
	"no BOM without --bom"
expect_eq "$(tr -cd '\r' <"$E2E_TMP/out" | wc -c)" 0 "LF line ends without --crlf"
if grep -qF "$sku,'=cmd|calc," "$E2E_TMP/out"; then
	e2e_pass "without --bom the sku is plain, the formula still neutralised"
else
	e2e_fail "csv row of $sku: $(grep -F "$sku" "$E2E_TMP/out")"
fi

# --- a report that waits: its timeout, and Ctrl-C (SIGINT) ---
# Under libfaketime (scripts/check --faketime) the server's timers do not
# fire on time (statement_timeout is an interval timer the library
# shifts), so these checks of time itself run on the real clock only;
# what they check does not depend on the day.
if [ -n "${FAKETIME:-}" ]; then
	e2e_say "# report_cli: the --timeout and Ctrl-C checks are skipped under libfaketime (FAKETIME=$FAKETIME)"
else
	# another session holds rd.subscriptions locked for a while, so the
	# report waits on its lock
	"$RD_BIN" db psql -q -c "BEGIN; LOCK TABLE rd.subscriptions IN ACCESS EXCLUSIVE MODE;
		SELECT pg_sleep(12); COMMIT" >/dev/null 2>&1 &
	holder=$!
	for _ in $(seq 1 50); do
		[ "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
			   WHERE c.relname = 'subscriptions' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
		sleep 0.1
	done
	t0=$(date +%s)
	run $SUP report continuation --format json --timeout 1
	expect_rc 1 "a report past its --timeout is stopped"
	expect_err "$(e2e_msg "took longer than the time allowed for it and was stopped; narrow the period or the filters")" \
		"it says it took too long"
	$SUP report continuation --format json >"$E2E_TMP/out" 2>"$E2E_TMP/err" &
	reporter=$!
	sleep 1
	kill -INT "$reporter"
	wait "$reporter"; rc=$?
	expect_rc 1 "Ctrl-C stops a running report"
	expect_err "$(e2e_msg "stopped as asked; nothing was changed")" "it says it was stopped as asked"
	expect_eq "$(wc -c <"$E2E_TMP/out")" 0 "nothing on stdout after Ctrl-C"
	expect_eq "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'repeatdesk-cli report %'
		AND query LIKE '%report_continuation%' AND state <> 'idle'")" 0 "no report left running on the server"
	if [ $(( $(date +%s) - t0 )) -lt 10 ]; then e2e_pass "both ended before the lock was released"
	else e2e_fail "the stopped reports took $(( $(date +%s) - t0 )) s"; fi
	wait "$holder"
	run $SUP report continuation --format json; expect_rc 0 "the report runs once the lock is gone"

fi

# --- the report connection: REPEATDESK_REPORT_DB is the only one used ---
run env REPEATDESK_REPORT_DB="host=/nonexistent port=1 dbname=x connect_timeout=2" \
	$SUP report continuation --format json
expect_rc 3 "a report connection that cannot be reached: exit 3, no fallback"
expect_one_line_error "the report connection down"

e2e_finish
