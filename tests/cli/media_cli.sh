#!/usr/bin/env bash
# media_cli.sh: `repeatdesk media list` and `repeatdesk media cost
# set|list|history` against an embedded database with the demo data: a
# supervisor (takahashi) enters a month's cost with a reason and a
# request id, replaces it naming the version read, is refused with a
# stale version; the history keeps who, why and the request id; sato
# (operator) and suzuki (agent) are refused by the database, on the
# command line and in psql. JSON is read with jq.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init media_cli

SUP="$RD_BIN --as takahashi"
AGENT="$RD_BIN --as suzuki"
OPER="$RD_BIN --as sato"

# --- no database needed: usage ---
run "$RD_BIN" media; expect_rc 2 "media without a command"
run "$RD_BIN" media --help; expect_rc 0 "media --help"
expect_out 'repeatdesk media cost set CODE --month YYYY-MM' "usage lists cost set"
run "$RD_BIN" media frobnicate; expect_rc 2 "unknown media command"
expect_one_line_error "unknown media command"
run "$RD_BIN" media cost set TV01 --month 2026-13 --amount 1 --reason x; expect_rc 2 "month 13"
expect_one_line_error "month 13"
run "$RD_BIN" media cost set TV01 --month 2026-12 --amount -5 --reason x; expect_rc 2 "a negative cost"
expect_one_line_error "a negative cost"
run "$RD_BIN" media cost set TV01 --month 2026-12 --amount 5; expect_rc 2 "no reason"
expect_one_line_error "no reason"
run "$RD_BIN" media cost set TV01 --month 2026-12 --amount 5 --reason x --request-id nope
expect_rc 2 "a bad request id"
run "$RD_BIN" media cost list --all; expect_rc 2 "--all without a range"

e2e_db_setup

month=$(sql "SELECT to_char(current_date, 'YYYY-MM')")
# the demo enters monthly costs of its own (seed); this test starts TV01
# from none, so that each figure below is the test's own
sql "DELETE FROM rd.media_costs WHERE media_code = 'TV01'" >/dev/null
rid=0b9e6d2c-5a41-4f3e-9c7d-2e8f1a3b4c5d

# --- the codes ---
run $OPER media list --format json; expect_rc 0 "anyone reads the media codes"
expect_eq "$(jq -r '.[] | select(.code == "TV01") | .legacy_total' "$E2E_TMP/out")" 12000000 \
	"TV01's old single amount shows as its legacy total"
expect_eq "$(jq -r '.[0].monthly_costs' "$E2E_TMP/out")" null "an operator sees no costs"

# --- a supervisor enters a cost ---
run $SUP media cost set TV01 --month "$month" --amount '¥1,200,000' --reason "請求書 12月分" \
	--note "朝枠 4回" --request-id "$rid"
expect_rc 0 "a supervisor enters TV01's cost for this month"
run $SUP media cost list --media TV01 --format json; expect_rc 0 "the supervisor lists TV01's costs"
expect_eq "$(jq -r '.[0] | "\(.month) \(.amount) \(.version) \(.note)"' "$E2E_TMP/out")" \
	"$month 1200000 1 朝枠 4回" "the cost, its month, version 1 and the note"
run $SUP media cost set TV01 --month "$month" --amount 1300000 --reason 訂正 --version 1
expect_rc 0 "replacing it names version 1"
run $SUP media cost set TV01 --month "$month" --amount 1400000 --reason 古い画面 --version 1
expect_rc 1 "a stale version is refused"
expect_one_line_error "a stale version is refused"
expect_eq "$(sql "SELECT amount || ' ' || version FROM rd.media_costs WHERE media_code = 'TV01'")" \
	"1300000 2" "the stale write changed nothing"
run $SUP media cost list --media TV01 --from "$month" --to "$month" --all --format csv
expect_rc 0 "csv of one month"
expect_out "^TV01,.*,$month,1300000," "the csv row"
run $SUP media list --format json
expect_eq "$(jq -r '.[] | select(.code == "TV01") | .monthly_costs' "$E2E_TMP/out")" 1300000 \
	"media list sums the monthly costs"

# --- the history ---
run $SUP media cost history TV01 --format json; expect_rc 0 "TV01's cost history"
expect_eq "$(jq -r '.[0] | "\(.actor) \(.old_amount) \(.new_amount) \(.reason)"' "$E2E_TMP/out")" \
	"takahashi 1200000 1300000 訂正" "the newest change: who, before, after, why"
expect_eq "$(jq -r '.[1] | "\(.old_amount) \(.reason) \(.request_id)"' "$E2E_TMP/out")" \
	"null 請求書 12月分 $rid" "the first change keeps its request id"

# --- who may not ---
run $OPER media cost set TV01 --month "$month" --amount 1 --reason x
expect_rc 1 "an operator cannot enter a cost"
expect_one_line_error "an operator cannot enter a cost"
run $AGENT media cost list; expect_rc 1 "an agent cannot read costs"
expect_one_line_error "an agent cannot read costs"
run $AGENT media cost history TV01 --format json; expect_rc 0 "an agent asking for the history"
expect_eq "$(jq length "$E2E_TMP/out")" 0 "sees none of it (the history hides what the role may not read)"
run "$RD_BIN" --as sato db psql -At -c "SELECT * FROM rd.media_cost_set('TV01', date_trunc('month', current_date)::date, 1, 2)"
if [ "$rc" -ne 0 ] && grep -q 'permission denied' "$E2E_TMP/err"; then
	e2e_pass "psql as an operator: the database refuses rd.media_cost_set"
else
	e2e_fail "psql as an operator: rc $rc, $(cat "$E2E_TMP/out" "$E2E_TMP/err")"
fi
run $SUP media cost set NOPE --month "$month" --amount 1 --reason x
expect_rc 1 "an unknown media code"
expect_one_line_error "an unknown media code"

e2e_finish
