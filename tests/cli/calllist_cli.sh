#!/usr/bin/env bash
# calllist_cli.sh: `repeatdesk calllist create|list|show|close|outcome`
# against an embedded database with the demo data (sato operator, suzuki
# agent of 定期サポート, takahashi supervisor): a list made from a
# customer search in json, from a saved filter and from a preset; no-call
# customers left out and counted; a retried request makes one list;
# outcomes (no answer with a time to call again, reached) move the
# progress the database computes; refusals by the database (exit 1, one
# line) for an operator and an agent; bad input (exit 2) before any
# database.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init calllist_cli

OPER="$RD_BIN --as sato"
AGENT="$RD_BIN --as suzuki"
SUP="$RD_BIN --as takahashi"
TEAM=定期サポート

# --- no database needed: usage and bad input ---
run "$RD_BIN" calllist; expect_rc 2 "calllist without a command"
run "$RD_BIN" calllist --help; expect_rc 0 "calllist --help"
expect_out 'failed card payments' "the help says there is no card-failure list"
run "$RD_BIN" calllist create --name x --team y; expect_rc 2 "create without a source"
expect_one_line_error "create without a source"
run "$RD_BIN" calllist create --name x --team y --preset nope; expect_rc 2 "unknown preset"
run "$RD_BIN" calllist create --name x --team y --query '{"nope":1'; expect_rc 2 "a query that is not json"
run "$RD_BIN" calllist outcome 1 --outcome maybe; expect_rc 2 "unknown outcome"
expect_one_line_error "unknown outcome"
run "$RD_BIN" calllist outcome 1 --outcome no-answer; expect_rc 2 "no answer without a time"
run "$RD_BIN" calllist outcome 1 --outcome no-answer --retry-at 'tomorrow'; expect_rc 2 "a time that is no time"
run "$RD_BIN" calllist outcome 1 --outcome reached --retry-at '2030-01-01 10:00'; expect_rc 2 "reached with a time"

e2e_db_setup

# five customers of Tokyo (by code), one of whom asked not to be called
codes=$(sql "SELECT string_agg(code, ' ' ORDER BY id) FROM (SELECT id, code FROM rd.customers ORDER BY id LIMIT 5) c")
set -- $codes
sql "UPDATE rd.customers SET no_call = (code = '$5') WHERE code IN ('$1','$2','$3','$4','$5')" >/dev/null
sql "UPDATE rd.customers SET prefecture = '沖縄県' WHERE code IN ('$1','$2','$3','$4','$5')" >/dev/null
want_total=$(sql "SELECT count(*) FROM rd.customers WHERE prefecture = '沖縄県' AND NOT no_call")
want_left=$(sql "SELECT count(*) FROM rd.customers WHERE prefecture = '沖縄県' AND no_call")

# --- a supervisor makes a list from a search (as a segment gives it) ---
rid=0b6f8e1c-2a3d-4e5f-9a0b-1c2d3e4f5a6b
run $SUP calllist create --name '沖縄のお客様' --team "$TEAM" --query '{"prefecture":"沖縄県"}' \
	--request-id $rid --format json
expect_rc 0 "a supervisor makes a list from a search"
lid=$(json_get .id)
expect_json .total "$want_total" "every customer who may be called is on it ($want_total)"
expect_json .left_out_no_call "$want_left" "the no-call customers are left out and counted"
expect_json .not_called "$want_total" "nobody is called yet"
expect_json .team "$TEAM" "the list is the team's"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.inquiries WHERE call_list_id = $lid AND channel = 'outbound_call' AND status = 'open' AND subject = '沖縄のお客様' AND team_id = (SELECT id FROM rd.teams WHERE name = '$TEAM')")" \
	"$want_total" "one open outbound inquiry per customer in the team's queue"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.inquiries i JOIN rd.customers c ON c.id = i.customer_id WHERE i.call_list_id = $lid AND c.no_call")" \
	0 "nobody who asked not to be called is on it"
run $SUP calllist create --name '沖縄のお客様' --team "$TEAM" --query '{"prefecture":"沖縄県"}' \
	--request-id $rid --format json
expect_json .id "$lid" "a retried create returns the same list"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.call_lists WHERE request_id = '$rid'")" 1 \
	"a retried create makes one list"

# the history says it in words: a call list, its customers to call (not yen)
run $SUP history --agent takahashi --format table
expect_out 'call list' "the history names the table in words"
expect_no_out '¥' "a list's total is a count, not money"

# --- from a saved filter, and a preset ---
sql "INSERT INTO rd.saved_filters (agent, name, filter) VALUES ('takahashi', '沖縄', '{\"prefecture\":\"沖縄県\"}')" >/dev/null
run $SUP calllist create --name '沖縄・保存した条件' --team "$TEAM" --filter 沖縄 --format json
expect_rc 0 "a list from a saved filter"
expect_json .total "$want_total" "the saved filter finds the same customers"
expect_json '.source | test("沖縄")' true "the list says which filter it came from"
run $SUP calllist create --name 'なし' --team "$TEAM" --filter 存在しない
expect_rc 1 "an unknown saved filter"; expect_one_line_error "an unknown saved filter"
run $SUP calllist create --name '折り返し' --team "$TEAM" --preset callbacks-due --format json
if [ "$rc" -eq 0 ] || grep -q 'no customer matches' "$E2E_TMP/err"; then
	e2e_pass "a preset makes a list (or says nobody matches)"
else
	e2e_fail "preset callbacks-due: exit $rc $(cat "$E2E_TMP/err")"
fi

# --- the database refuses an operator and an agent ---
run $OPER calllist create --name x --team "$TEAM" --query '{"prefecture":"沖縄県"}'
expect_rc 1 "an operator cannot make a list"; expect_one_line_error "operator refused"
run $AGENT calllist create --name x --team "$TEAM" --query '{"prefecture":"沖縄県"}'
expect_rc 1 "an agent cannot make a list"
run $SUP calllist create --name x --team 'ない班' --query '{"prefecture":"沖縄県"}'
expect_rc 1 "an unknown team"; expect_one_line_error "unknown team"

# --- the agent works two calls ---
q1=$(sql "SELECT id FROM rd.inquiries WHERE call_list_id = $lid ORDER BY id LIMIT 1")
q2=$(sql "SELECT id FROM rd.inquiries WHERE call_list_id = $lid ORDER BY id OFFSET 1 LIMIT 1")
run $AGENT inquiry list --queue team --format json --limit 200
expect_rc 0 "the agent reads the team queue"
expect_json "[.[] | select(.id == $q1)] | length" 1 "the list's inquiries are in the team queue"
retry=$(sql "SELECT to_char((now() AT TIME ZONE 'Asia/Tokyo')::date + 1, 'YYYY-MM-DD') || ' 10:30'")
run $OPER calllist outcome "$q1" --outcome no-answer --retry-at "$retry"
expect_rc 1 "an operator records no outcome"
run $AGENT calllist outcome "$q1" --outcome no-answer --retry-at "$retry" --note '留守' --format json
expect_rc 0 "no answer, call again tomorrow"
expect_json .outcome no_answer "the outcome in json is its code"
e2e_assert_eq "$(sql "SELECT status || ' ' || to_char(callback_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') FROM rd.inquiries WHERE id = $q1")" \
	"open $retry" "no answer keeps it open with the callback"
run $AGENT calllist outcome "$q2" --outcome reached --version 99 --format json
expect_rc 1 "a stale version is refused"; expect_one_line_error "stale version"
run $AGENT calllist outcome "$q2" --outcome reached --format json
expect_rc 0 "reached"
e2e_assert_eq "$(sql "SELECT status FROM rd.inquiries WHERE id = $q2")" resolved "reached resolves it"
run $AGENT calllist outcome "$q2" --outcome kept
expect_rc 1 "a resolved call takes no second outcome"

# --- progress: the command and the database agree ---
run $SUP calllist show "$lid" --format json
expect_rc 0 "calllist show"
expect_json .waiting_retry 1 "one to call again"
expect_json .reached 1 "one reached"
expect_json .done 1 "one done"
expect_json .not_called "$((want_total - 2))" "the rest not called yet"
db_open=$(sql "SELECT count(*) FROM rd.inquiries WHERE call_list_id = $lid AND status NOT IN ('resolved','closed')")
expect_json '.not_called + .waiting_retry' "$db_open" "not called + to call again = the open inquiries"
run $SUP calllist list --format json
expect_json "[.[] | select(.id == $lid)] | length" 1 "the list is listed"
run $SUP calllist show "$lid" --format csv
expect_out '^id,name,team' "csv has the stable column names"
run $SUP calllist close "$lid" --format json
expect_json .status closed "a supervisor closes the list"
run $SUP calllist list --format json
expect_json "[.[] | select(.id == $lid)] | length" 0 "a closed list leaves the open lists"

e2e_finish
