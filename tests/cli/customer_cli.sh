#!/usr/bin/env bash
# customer_cli.sh: `repeatdesk customer find|show|add|edit|filters|
# filter-delete` against an embedded database with the 200 demo customers:
# what each prints, in each format, and the exit codes of DESIGN.md
# (0 done, 1 not found or refused, 2 bad input, 3 database unavailable).
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init customer_cli

# digits → full-width digits
fullwidth() {
	printf '%s' "$1" | sed 's/0/０/g;s/1/１/g;s/2/２/g;s/3/３/g;s/4/４/g;s/5/５/g;s/6/６/g;s/7/７/g;s/8/８/g;s/9/９/g;s/-/－/g'
}

RD="$RD_BIN --as sato"

# --- no database needed ---
run $RD customer; expect_rc 2 "customer without a subcommand"
run $RD customer --help; expect_rc 0 "customer --help"; expect_out 'repeatdesk customer find' "usage printed"
run $RD customer frob; expect_rc 2 "unknown customer command"; expect_first_line_error "unknown customer command"

# --- database unavailable ---
run "$RD_BIN" --db "host=$E2E_TMP/nowhere dbname=x" --as sato customer find 山田
expect_rc 3 "customer find without a database"; expect_first_line_error "database unavailable"

e2e_db_setup

# a demo customer with a mobile number, a code, an e-mail
row=$(sql "SELECT phone1 || '|' || code || '|' || name || '|' || coalesce(email, '')
             FROM rd.customers WHERE phone1 ~ '^0[789]0' AND email IS NOT NULL ORDER BY id LIMIT 1")
phone=${row%%|*}; rest=${row#*|}
code=${rest%%|*}; rest=${rest#*|}
name=${rest%%|*}; email=${rest#*|}
[ -n "$phone" ] && [ -n "$code" ] && e2e_pass "demo customer $code $phone" ||
	e2e_fail "no demo customer with a mobile number and an e-mail"
hyphenated="${phone:0:3}-${phone:3:4}-${phone:7:4}"
wide=$(fullwidth "$hyphenated")

# --- find by each key ---
run $RD customer find "$wide"; expect_rc 0 "find by a full-width phone ($wide)"
expect_out "^$code " "the full-width phone finds $code"
expect_out "$hyphenated" "the phone is shown with hyphens"
expect_out '^1 customer$' "count line"
run $RD customer find "+81 ${phone:1:2} ${phone:3:4} ${phone:7:4}"; expect_rc 0 "find by +81"
expect_out "^$code " "+81 finds the same customer"
run $RD customer find --phone "${phone:7:4}" --format csv; expect_rc 0 "find by the last 4 digits"
expect_out "^$code," "the fragment finds the customer"
expect_out '^code,name,kana,phone,prefecture,active_subscriptions,last_order_date,ltv,match$' "csv header"
run $RD customer find "$code" --format json; expect_rc 0 "find by code, json"
expect_json '[.customers[] | {code, match}]' "[{\"code\":\"$code\",\"match\":\"exact\"}]" "json names the code, an exact match"
expect_json '{count, count_estimated}' '{"count":1,"count_estimated":false}' "json count"
run $RD customer find "c${code#C}"; expect_rc 0 "find by a lower-case code"
upper=$(printf '%s' "$email" | tr '[:lower:]' '[:upper:]')
run $RD customer find --email "$upper"; expect_rc 0 "find by an upper-case e-mail"
expect_out "^$code " "e-mail is case-insensitive"
order_no=$(sql "SELECT order_no FROM rd.orders ORDER BY id LIMIT 1")
order_code=$(sql "SELECT c.code FROM rd.orders o JOIN rd.customers c ON c.id = o.customer_id WHERE o.order_no = '$order_no'")
run $RD customer find "$order_no"; expect_rc 0 "find by order number"
expect_out "^$order_code " "the order's customer"
postal=$(sql "SELECT postal_code FROM rd.customers WHERE code = '$code'")
run $RD customer find "${postal:0:3}-${postal:3:4}"; expect_rc 0 "find by postal code with hyphen"
expect_out "^$code " "postal code with hyphen"
run $RD customer find --postal "$postal"; expect_rc 0 "find by postal code without hyphen"
family=${name%% *}
run $RD customer find "$family" --limit 3; expect_rc 0 "find by family name"
expect_out 'next page: --after' "a next page is offered"
cursor=$(sed -n 's/^next page: --after //p' "$E2E_TMP/out")
first_page=$(grep -c '^C[0-9]' "$E2E_TMP/out")
codes1=$(grep -o '^C[0-9]*' "$E2E_TMP/out")
run $RD customer find "$family" --limit 3 --after "$cursor"; expect_rc 0 "second page"
codes2=$(grep -o '^C[0-9]*' "$E2E_TMP/out")
if [ "$first_page" -eq 3 ] && [ -n "$codes2" ] &&
   [ -z "$(printf '%s\n%s\n' "$codes1" "$codes2" | sort | uniq -d)" ]; then
	e2e_pass "pages do not repeat a customer"
else
	e2e_fail "pages: '$codes1' then '$codes2'"
fi
kana=$(sql "SELECT split_part(name_kana, ' ', 1) FROM rd.customers WHERE code = '$code'")
hira=$(printf '%s' "$kana" | sed 'y/アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポャュョッァィゥェォ/あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゃゅょっぁぃぅぇぉ/')
run $RD customer find "$hira" --format csv --limit 1000; expect_rc 0 "find by reading in hiragana ($hira)"
expect_out "^$code," "hiragana finds the katakana reading"
run $RD customer find "${family:0:1}" --limit 5; expect_rc 0 "a one-character name"

# --- filters ---
run $RD customer find --prefecture 東京 --subscription active --limit 5 --format json
expect_rc 0 "prefecture and subscription filters"
expect_json '(.customers | length > 0) and all(.customers[]; .prefecture == "東京都" and .active_subscriptions > 0)' \
	true "only Tokyo, only with an active subscription"
run $RD customer find --gender f --age-min 20 --age-max 90 --ltv-min 1 --rfm F1-5 --no-dm=no --limit 2
expect_rc 0 "five filters at once"
run $RD customer find --last-order-from 2000-01-01 --media NOPE-MEDIA; expect_rc 1 "a media code nobody came from"
expect_first_line_error "nothing found"

# --- bad input ---
run $RD customer find; expect_rc 2 "find without anything to find"
run $RD customer find 12; expect_rc 2 "two digits are no key"; expect_first_line_error "two digits"
run $RD customer find "$(head -c 10000 /dev/zero | tr '\0' x)"; expect_rc 2 "10,000 characters"
expect_err 'too long' "says it is too long"
run $RD customer find "$(printf 'ab\377c')"; expect_rc 2 "invalid UTF-8"
run $RD customer find "$(printf 'ab\033[2Jc')"; expect_rc 2 "a control character"
run $RD customer find "'; DROP TABLE rd.customers; --"; expect_rc 1 "an injection attempt finds nothing"
[ "$(sql "SELECT count(*) FROM rd.customers")" -ge 200 ] && e2e_pass "customers still there" ||
	e2e_fail "customers table damaged"
run $RD customer find '%'; expect_rc 1 "% is searched literally"
run $RD customer find --rfm X9; expect_rc 2 "bad RFM spec"
run $RD customer find --subscription sometimes; expect_rc 2 "bad subscription status"
run $RD customer find --age-min old; expect_rc 2 "bad age"
run $RD customer find --prefecture 東京府; expect_rc 2 "not a prefecture"
run $RD customer find 山田 --after 'x'; expect_rc 2 "bad cursor"
run $RD customer find 山田 --format xml; expect_rc 2 "bad format"

# --- show ---
run $RD customer show "$code"; expect_rc 0 "show"
expect_out "^code: *$code" "the card names the customer"
expect_out 'Last orders' "orders section"
expect_out 'Latest changes' "history section"
run $RD customer show "$code" --format json; expect_rc 0 "show as json"
expect_json .customer.code "$code" "json card"
expect_json '.subscriptions | type' array "json subscriptions"
run $RD customer show C9999999; expect_rc 1 "show an unknown code"; expect_first_line_error "unknown code"
run $RD customer show 山田; expect_rc 2 "show something that is no code"

# --- add ---
run $RD customer add --name 'テスト 太郎' --kana 'てすと たろう' --phone "$(fullwidth 090-9999-8888)" \
	--postal 100-0001 --prefecture 東京 --email Test.Taro@Example.JP --birth-date 1980-02-29 \
	--reason '電話で新規登録'
expect_rc 0 "add"; expect_out 'customer C[0-9]* added (version 1)' "add prints the code"
new=$(grep -o 'C[0-9]*' "$E2E_TMP/out" | head -1)
[ "$(sql "SELECT name_kana || '|' || phone1 || '|' || postal_code || '|' || email FROM rd.customers WHERE code = '$new'")" = \
  "テスト タロウ|09099998888|1000001|test.taro@example.jp" ] &&
	e2e_pass "stored normalized" || e2e_fail "stored: $(sql "SELECT name_kana, phone1 FROM rd.customers WHERE code = '$new'")"
run $RD customer add --name '別人' --phone 09099998888 --reason x; expect_rc 1 "the same phone again"
expect_err "$new" "the duplicate names the customer"
run $RD customer add --name '別人' --phone 09099998888 --reason x --allow-duplicate
expect_rc 0 "a duplicate on purpose"
run $RD customer add --name 'x'; expect_rc 2 "add without a reason"
run $RD customer add --name 'x' --kana '山田' --reason x; expect_rc 2 "a reading in kanji"
run $RD customer add --kana 'やまだ' --reason x; expect_rc 2 "add without a name"
run $RD customer add --name 'x' --postal 12-34 --reason x; expect_rc 2 "a bad postal code"
rid=3b241101-e2bb-4255-8caf-4136c566a962
run $RD customer add --name '再送 花子' --reason x --request-id $rid; expect_rc 0 "add with a request id"
first=$(grep -o 'C[0-9]*' "$E2E_TMP/out" | head -1)
run $RD customer add --name '再送 花子' --reason x --request-id $rid; expect_rc 0 "the same request again"
expect_out "$first" "the retry names the same customer"
[ "$(sql "SELECT count(*) FROM rd.customers WHERE name = '再送 花子'")" = 1 ] &&
	e2e_pass "registered once" || e2e_fail "registered twice"

# --- edit ---
run $RD customer edit "$new" --address1 '千代田区丸の内1-1-1' --reason '住所の登録'
expect_rc 0 "edit"; expect_out "customer $new saved (version 2)" "edit says the new version"
run "$RD_BIN" --as suzuki customer edit "$new" --phone 03-1111-2222 --version 2 --reason '番号変更'
expect_rc 0 "another agent edits at version 2"
run $RD customer edit "$new" --notes 'メモ' --version 2 --reason 'メモ'
expect_rc 1 "an edit on a stale version is refused"
expect_err 'changed by suzuki' "the conflict says who changed it"
expect_err 'phone1' "and which field"
[ "$(sql "SELECT notes FROM rd.customers WHERE code = '$new'")" = "" ] &&
	e2e_pass "nothing was overwritten" || e2e_fail "notes were saved despite the conflict"
run $RD customer edit "$new" --notes 'メモ' --reason 'メモ'; expect_rc 0 "edit on the current version"
run $RD customer edit C9999999 --notes x --reason x; expect_rc 1 "edit an unknown customer"
run $RD customer edit "$new" --postal 1234 --reason x; expect_rc 2 "edit with a bad postal code"
run $RD customer edit "$new" --reason x; expect_rc 2 "edit without a field"
run $RD customer edit "$new" --notes x; expect_rc 2 "edit without a reason"
run $RD customer show "$new"; expect_out '番号変更' "the card shows the reason of the change"
expect_out 'suzuki' "and who made it"

# --- saved filters ---
run $RD customer find --prefecture 東京都 --gender f --save-filter '東京の女性' --limit 1
expect_rc 0 "save a filter while searching"
run $RD customer filters --format csv; expect_rc 0 "list filters"
expect_out '^東京の女性,1,' "the filter is listed"
run "$RD_BIN" --as suzuki customer filters --format csv; expect_rc 0 "another agent's list"
if grep -q '東京の女性' "$E2E_TMP/out"; then e2e_fail "another agent sees sato's filter"
else e2e_pass "filters are each agent's own"; fi
run $RD customer find --filter '東京の女性' --limit 2 --format json; expect_rc 0 "search with a saved filter"
expect_json '(.customers | length > 0) and all(.customers[]; .prefecture == "東京都")' true "the saved filter applies"
run $RD customer filter-delete '東京の女性'; expect_rc 0 "delete the filter"
run $RD customer filter-delete '東京の女性'; expect_rc 1 "delete it again"
run $RD customer find --filter '東京の女性'; expect_rc 1 "a deleted filter is not found"

e2e_finish
