#!/usr/bin/env bash
# inquiry_cli.sh: `repeatdesk inquiry open|show|list|note|take|handoff|
# escalate|wait|resolve|reopen|close|wrapup|dashboard` against an embedded
# database with the demo data (sato operator, suzuki agent, takahashi
# supervisor): a call logged, handed off, taken and resolved; the
# timeline in json; queues; refusals by the database with exit 1 and one
# line; bad input with exit 2; request ids applied once; the wrap-up
# linking the changes of the call.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init inquiry_cli

OPER="$RD_BIN --as sato"
AGENT="$RD_BIN --as suzuki"
SUP="$RD_BIN --as takahashi"

# --- no database needed: usage ---
run "$RD_BIN" inquiry; expect_rc 2 "inquiry without a command"
run "$RD_BIN" inquiry --help; expect_rc 0 "inquiry --help"
expect_out 'repeatdesk inquiry handoff ID' "usage lists handoff"
run "$RD_BIN" inquiry frobnicate 1; expect_rc 2 "unknown inquiry command"
expect_one_line_error "unknown inquiry command"
run "$RD_BIN" inquiry show abc; expect_rc 2 "show of a non-number"
run "$RD_BIN" inquiry list --queue lunch; expect_rc 2 "unknown queue"
expect_one_line_error "unknown queue"
run "$RD_BIN" inquiry handoff 1 --to suzuki; expect_rc 2 "handoff without a note"
expect_err "needs --note" "handoff without a note says so"
run "$RD_BIN" inquiry open --category skip; expect_rc 2 "open without a subject"

e2e_db_setup

# the demo data may hold work of today: the dashboard's figures of sato
# are read first and expected to move by one
today_figure() { # GROUP LOGIN
	"$RD_BIN" --as takahashi inquiry dashboard --format csv | sed -n "s/^$1,$2,//p"
}
calls0=$(today_figure today_calls sato); calls0=${calls0:-0}
handed0=$(today_figure today_handed_off sato); handed0=${handed0:-0}

code=$(sql "SELECT code FROM rd.customers ORDER BY id LIMIT 1")
cid=$(sql "SELECT id FROM rd.customers WHERE code = '$code'")

# --- an operator logs a call and hands it off ---
rid=3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b
run $OPER inquiry open --customer "$code" --category skip --subject '次回スキップ希望' \
	--note 'お客様よりお電話' --request-id $rid --reason 'call' --format json
expect_rc 0 "operator opens an inquiry"
id=$(json_get .id)
expect_json '{id: (.id | type), subject}' '{"id":"number","subject":"次回スキップ希望"}' "open prints the inquiry ($id)"
expect_json .assignee sato "the operator holds what they opened"
run $OPER inquiry open --customer "$code" --category skip --subject '次回スキップ希望' \
	--request-id $rid --format json
expect_rc 0 "the same request again"
expect_json .id "$id" "a retried open returns the same inquiry"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.inquiries WHERE request_id = '$rid'")" 1 \
	"a retried open makes one inquiry"

run $AGENT inquiry take "$id"; expect_rc 1 "an agent cannot take what the operator holds"
expect_err "only a supervisor can reassign" "the database says who may"
expect_one_line_error "take refused"

run $OPER inquiry handoff "$id" --to suzuki --note '鈴木さんお願いします' --reason 'handoff'
expect_rc 0 "the operator hands it off"
run $OPER inquiry handoff "$id" --to nobody_x --note 'x'; expect_rc 1 "handoff to an unknown agent"
expect_err 'no agent has the login "nobody_x"' "unknown agent named"

# --- queues ---
run $AGENT inquiry list --queue mine --format csv; expect_rc 0 "agent lists their queue"
expect_out "^$id,.*,次回スキップ希望," "the handed-off inquiry is in the agent's queue"
run $OPER inquiry list --queue mine --customer "$code" --format csv; expect_rc 0 "operator's queue"
if grep -q "^$id," "$E2E_TMP/out"; then e2e_fail "handed off but still in the operator's queue"
else e2e_pass "handed off: gone from the operator's queue"; fi

# --- the agent takes and resolves it ---
run $AGENT inquiry take "$id"; expect_rc 0 "the agent takes it"
expect_out '^status: *in progress$' "taken: in progress (the table says it in words)"
run $AGENT inquiry take "$id" --version 1; expect_rc 1 "a stale version"
expect_err "someone else changed inquiry $id meanwhile" "conflict said in words"
run $AGENT inquiry note "$id" --note '次回分をスキップします' --call; expect_rc 0 "a call note"
run $AGENT inquiry resolve "$id" --note 'スキップ済み' --reason 'done'; expect_rc 0 "resolved"
run $AGENT inquiry escalate "$id"; expect_rc 1 "a resolved inquiry cannot be escalated"
expect_err "cannot become escalated" "the illegal step is named"
run $AGENT inquiry show "$id" --format json; expect_rc 0 "show json"
expect_json '[.timeline[] | select(.kind == "handoff") | {from, to, body}]' \
	'[{"from":"佐藤 花子","to":"鈴木 一郎","body":"鈴木さんお願いします"}]' "timeline: the handoff with its note"
expect_json '[.timeline[] | select(.to == "resolved") | {from, body}]' \
	'[{"from":"in_progress","body":"スキップ済み"}]' "timeline: resolved with its note"
e2e_assert_eq "$(sql "SELECT string_agg(kind, ',' ORDER BY id) FROM rd.inquiry_entries WHERE inquiry_id = $id")" \
	"call,handoff,status_change,call,status_change" "the entries in the database"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.history WHERE table_name = 'inquiries' AND row_key = '$id' AND reason = 'handoff' AND actor = 'sato'")" \
	1 "history keeps the handoff with its reason and actor"
run $AGENT inquiry reopen "$id"; expect_rc 0 "reopen"
run $AGENT inquiry close "$id"; expect_rc 1 "an open inquiry is not closed directly"

# --- dashboard ---
run $OPER inquiry dashboard; expect_rc 1 "the dashboard is refused to an operator"
expect_err "only a supervisor can see the dashboard" "refused in words"
run $SUP inquiry dashboard --format csv; expect_rc 0 "the supervisor's dashboard"
expect_out "^today_calls,sato,$((calls0 + 1))\$" "calls logged today by sato"
expect_out "^today_handed_off,sato,$((handed0 + 1))\$" "handoffs by sato today"

# --- wrap-up links the changes of the call ---
since=$(sql "SELECT clock_timestamp()")
run $AGENT inquiry open --customer "$code" --category question --subject '住所の件' --format json
wid=$(json_get .id)
run $AGENT customer edit "$code" --address2 '3F' --reason 'moved'
expect_rc 0 "the agent changes the customer during the call"
run $AGENT inquiry wrapup "$wid" --category address_change --note '住所変更済み' --resolved --since "$since"
expect_rc 0 "wrap-up"
expect_out 'resolved' "wrap-up resolved it"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.inquiry_entries e JOIN rd.history h ON h.id = e.history_id WHERE e.inquiry_id = $wid AND h.table_name = 'customers' AND h.customer_id = $cid")" \
	1 "the change made in the call is linked"
run $AGENT inquiry wrapup "$wid" --category lunch; expect_rc 2 "a wrap-up with an unknown category"

e2e_finish
