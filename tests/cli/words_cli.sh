#!/usr/bin/env bash
# words_cli.sh: a Japanese operator reads the command line's tables without
# an English code (issue 12): with --lang ja the table format of inquiry,
# order, customer, agent and calendar lists says statuses, priorities,
# categories, channels, payments, roles and yes/no in Japanese, while
# --format json and csv keep the database codes scripts read.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init words_cli

JA="$RD_BIN --lang ja --as sato"
EN="$RD_BIN --lang en --as sato"

e2e_db_setup

# a customer with a cash-on-delivery order, and an open skip inquiry of hers
code=$(sql "SELECT c.code FROM rd.customers c JOIN rd.orders o ON o.customer_id = c.id
	    WHERE o.payment = 'cod' ORDER BY c.id LIMIT 1")
e2e_assert_eq "$([ -n "$code" ] && echo found)" found "the demo data has a cash-on-delivery order ($code)"
run $JA inquiry open --customer "$code" --category skip --subject 'スキップ希望' \
	--reason 'call' --format json
expect_rc 0 "an inquiry is opened"
id=$(json_get .id)
sql "UPDATE rd.inquiries SET status = 'open', assignee_id = NULL WHERE id = $id" >/dev/null

# --- inquiry list ---
run $JA inquiry list --customer "$code" --format json; expect_rc 0 "inquiry list json"
expect_json ".[] | select(.id == $id) | [.status, .priority, .category, .channel] | join(\" \")" \
	"open normal skip inbound_call" "json keeps the codes"
run $JA inquiry list --customer "$code"; expect_rc 0 "inquiry list in Japanese"
line=$(grep -E "^ *$id " "$E2E_TMP/out")
for w in 未対応 通常 スキップ 着信; do
	case $line in *"$w"*) e2e_pass "the inquiry's line says $w" ;;
	*) e2e_fail "the inquiry's line lacks $w: $line" ;; esac
done
for c in open normal skip inbound_call; do
	case $line in *" $c "*|*" $c") e2e_fail "the Japanese line shows the code $c: $line" ;;
	*) e2e_pass "no code $c in the Japanese line" ;; esac
done
expect_out 'ステータス' "the column titles are Japanese"
run $JA inquiry list --customer "$code" --format csv; expect_rc 0 "inquiry list csv"
expect_out ",open,normal,skip,inbound_call," "csv keeps the codes"
run $EN inquiry list --customer "$code"; expect_rc 0 "inquiry list in English"
expect_out 'inbound call' "English says the channel in words too"

# --- order list: payment and status ---
run $JA order list --customer "$code" --format json; expect_rc 0 "order list json"
expect_json '[.[] | select(.payment == "cod")] | length > 0' true "json keeps the payment code cod"
st=$(json_get '[.[] | select(.payment == "cod")][0].status')
run $JA order list --customer "$code"; expect_rc 0 "order list in Japanese"
expect_out '代金引換' "the table says cash on delivery in Japanese"
expect_no_out ' cod ' "no payment code in the Japanese table"
expect_no_out " $st " "no status code ($st) in the Japanese table"
no=$(sql "SELECT order_no FROM rd.orders o JOIN rd.customers c ON c.id = o.customer_id
	  WHERE c.code = '$code' AND o.payment = 'cod' ORDER BY o.id LIMIT 1")
run $JA order show "$no" --history; expect_rc 0 "order show --history in Japanese"
expect_out '代金引換' "the order says its payment in Japanese"
expect_no_out 'INSERT\|UPDATE\|DELETE\|orders ' "the order's history says what happened in words"

# --- customer show: yes/no and the sections' codes ---
run $JA customer show "$code"; expect_rc 0 "customer show in Japanese"
expect_out '未対応' "the card's open inquiries say the status in Japanese"
expect_no_out ': *\(true\|false\)$' "no true/false on the Japanese card"
expect_out 'いいえ\|はい' "booleans read はい/いいえ"
expect_no_out 'INSERT\|UPDATE\|DELETE' "the card's latest changes say what happened in words"
run $JA customer show "$code" --format json; expect_rc 0 "customer show json"
expect_json "[.inquiries[] | select(.id == $id) | .status][0]" open "the card's json keeps the code"

# --- agent list: roles; calendar: kinds ---
run $RD_BIN --lang ja --as takahashi agent list; expect_rc 0 "agent list in Japanese"
expect_out 'スーパーバイザー' \
	"the role reads スーパーバイザー"
expect_no_out ' supervisor ' "no role code in the Japanese table"
run $RD_BIN --lang ja --as takahashi agent list --format json; expect_rc 0 "agent list json"
expect_json '[.[] | select(.login == "takahashi") | .role][0]' supervisor "json keeps the role code"

e2e_finish
