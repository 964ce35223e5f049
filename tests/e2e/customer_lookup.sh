#!/bin/sh
# customer_lookup.sh: an operator finds a demo customer by a phone number
# typed in full-width digits, opens the card, edits the phone (F4), loses
# the database while saving and keeps what was typed, saves with a reason
# once it is back, and sees the change in the card's history and in the
# database (rd.history: actor sato, the reason).
# A main path: in Japanese (issue 12); the markers are the Japanese screen's
# (whole messages through e2e_msg, fragments and a few checks as Japanese
# literals, so that a screen falling back to English fails).
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034 # read by lib.sh
E2E_LANG=ja
e2e_init customer_lookup
e2e_db_setup

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

phone=$(psql1 "select phone1 from rd.customers where code = 'C0000001'")
name=$(psql1 "select name from rd.customers where code = 'C0000001'")
[ -n "$phone" ] && [ -n "$name" ] || {
	e2e_fail "the demo customer C0000001 has a name and a phone ('$name', '$phone')"
	e2e_finish
}
# 09058077521 → ０９０５８０７７５２１, hyphens as the input method types them
wide=$(printf '%s' "$phone" |
	sed 's/^\(...\)\(....\)/\1-\2-/' |
	sed 'y/0123456789-/０１２３４５６７８９－/')
new_phone=08099990001

e2e_start "$RD_BIN" --as sato
e2e_wait_line 1 "$(e2e_msg "DB ok")" || e2e_finish
e2e_wait_line -1 "F2 検索" && e2e_pass "home offers F2 検索 (Lookup)"
e2e_assert_screen_has "F10 終了" "the home legend is in Japanese: F10 終了"

e2e_send F2
e2e_wait_line 1 "顧客検索" && e2e_pass "F2 opens the lookup (顧客検索)"
e2e_type "$wide"
e2e_expect "検索中：電話番号" "the search line reads full-width digits as a phone number"
e2e_expect "1 件" "one customer matches the whole number"
e2e_assert_screen_has "C0000001" "the match is C0000001"
e2e_assert_screen_has "$name" "the list shows the name"
# the terminal cursor stands right after what was typed (an input method
# shows its conversion there): after " 検索  " (7 columns) and the
# typed text: the phone's digits and two hyphens, all full-width (2
# columns each; counted on the ASCII phone, whatever the shell's locale)
cur=$(e2e_tmux display -p -t e2e '#{cursor_flag} #{cursor_x},#{cursor_y}')
e2e_assert_eq "$cur" "1 $((7 + 2 * (${#phone} + 2))),1" \
	"the terminal cursor is visible at the end of the search text"

e2e_send Enter
e2e_wait_line 1 "顧客  C0000001" &&
	e2e_pass "Enter opens the card; the top line shows the customer in context (顧客)"
e2e_expect "$(e2e_msg "Latest changes")" "the card shows the latest changes"
e2e_assert_screen_has "最近の変更" "in Japanese: 最近の変更"
e2e_assert_screen_has "バージョン 1" "the card shows the version (バージョン 1)"
case $(e2e_line -1) in
*"F4 編集"*) e2e_pass "the card's legend offers F4 編集 (Edit)" ;;
*) e2e_fail "the card's legend offers F4 編集 (Edit): '$(e2e_line -1)'" ;;
esac
e2e_assert_screen_has "Ctrl-O 注文   Ctrl-T 定期   Ctrl-N 問い合わせ   Ctrl-R 変更履歴" \
	"a second bar on the card names the keys that do not fit on the legend"
# every screen the card leads to is listed by F1 with its key
e2e_send F1
e2e_expect "$(e2e_msg "Take a new order for the customer in context")" "F1 on the card lists F11 Order"
e2e_assert_screen_has "表示中のお客様の新しい注文を受ける" "in Japanese"
e2e_assert_screen_has "$(e2e_msg "The customer's orders")" "and Ctrl-O, the orders"
e2e_assert_screen_has "$(e2e_msg "The customer's subscriptions (teiki)")" "and Ctrl-T, the subscriptions"
e2e_assert_screen_has "この通話を記録" "and F12, the wrap-up (この通話を記録)"
e2e_assert_screen_has "$(e2e_msg "The change history of what is shown")" "and Ctrl-R, the history"
e2e_send Escape
e2e_expect "$(e2e_msg "Latest changes")" "Esc closes the help; the card is back"

e2e_send F4
e2e_expect "顧客の編集 C0000001" "F4 opens the form on the customer (顧客の編集)"
e2e_send Tab Tab C-u
e2e_type "080-9999-0001"
e2e_send F5
e2e_expect "$(e2e_msg "required: please fill it in")" "saving without a reason marks the reason field"
line_has() {
	if e2e_screen | grep -F -- "$1" | grep -qF -- "$2"; then
		e2e_pass "$3"
	else
		e2e_fail "$3"
	fi
}
line_has "変更理由" "必須：入力する" "the reason field is marked 必須：入力する"

e2e_type "携帯番号の変更 (ご本人より)"
# the server goes away (a restart, a cut cable) with the form filled in
"$RD_BIN" db stop >"$E2E_TMP/stop.log" 2>&1 ||
	e2e_fail "repeatdesk db stop: $(cat "$E2E_TMP/stop.log")"
e2e_wait_line 1 "再接続中…" 15 &&
	e2e_pass "the top line says 再接続中… (reconnecting)"
e2e_send F5
e2e_expect "$(e2e_msg "Database unavailable: nothing saved, input kept. Press F5 again once DB ok.")" \
	"saving while the database is away says so"
e2e_assert_screen_has "保存なし、入力は保持" "in Japanese: nothing saved, input kept"
e2e_assert_screen_has "080-9999-0001" "what was typed is still in the form"
e2e_assert_screen_has "携帯番号の変更" "the reason is still in the form"

"$RD_BIN" db start >"$E2E_TMP/start.log" 2>&1 ||
	e2e_fail "repeatdesk db start: $(cat "$E2E_TMP/start.log")"
e2e_wait_line 1 "$(e2e_msg "DB ok")" 20 && e2e_pass "the UI reconnects by itself"
e2e_assert_screen_has "顧客の編集 C0000001" "the form is still open after the reconnect"
e2e_send F5
e2e_expect "バージョン 2" "F5 again saves once the database is back"
e2e_assert_screen_has "080-9999-0001" "the card shows the new phone"
e2e_assert_screen_has "電話番号: $(printf '%s' "$phone" | sed 's/^\(...\)\(....\)/\1-\2-/') → 080-9999-0001" \
	"the card's history shows the change, old → new"
e2e_assert_screen_has "佐藤 花子 (sato)" "the history says who"
e2e_assert_screen_has "携帯番号の変更 (ご本人より)" "the history says why"

e2e_assert_eq "$(psql1 "select phone1 || ' ' || version from rd.customers where code = 'C0000001'")" \
	"$new_phone 2" "the database has the new phone, version 2"
e2e_assert_eq "$(psql1 "select count(*) from rd.history h join rd.customers c on h.row_key = c.id::text
		where c.code = 'C0000001' and h.table_name = 'customers' and h.op = 'UPDATE'")" \
	"1" "one save, not two, although F5 was pressed twice"
e2e_assert_eq "$(psql1 "select h.actor || '|' || h.reason || '|' || array_to_string(h.changed, ',')
		from rd.history h join rd.customers c on h.row_key = c.id::text
		where c.code = 'C0000001' and h.table_name = 'customers' and h.op = 'UPDATE'")" \
	"sato|携帯番号の変更 (ご本人より)|phone1" "rd.history: actor sato, the reason, the phone"

# back in the list, the fragment of the new number finds it (leaving the
# card after a change asks for the call's wrap-up first; Esc there and
# Esc again leave without logging it)
e2e_send Escape
e2e_expect "$(e2e_msg "Wrap-up of the call with") C0000001" "leaving after a change asks for the wrap-up"
e2e_assert_screen_has "通話後処理" "in Japanese: 通話後処理"
e2e_send Escape
e2e_wait_line 1 "顧客  C0000001" || e2e_finish
e2e_send Escape
e2e_wait_line 1 "顧客検索" || e2e_finish
e2e_send C-u
e2e_type "0001"
e2e_expect "電話番号の下4桁 0001" "four digits search the end of the numbers"
e2e_assert_screen_has "080-9999-0001" "and find the new number"

# a filter that every demo customer passes: 200 rows, two pages of the
# store; PgDn crosses into the second page, PgUp comes back
e2e_send F9 F3
e2e_expect "$(e2e_msg "LTV from (yen)")" "F3 opens the filter panel"
e2e_send Down Down Down Down Down Down Down Down Down Down Down Down Down
e2e_type "0"
e2e_send Enter
e2e_expect "絞り込み: $(e2e_msg "LTV from (yen)") 0" "Enter searches with the filters; the lookup lists them"
e2e_expect "200 件" "every demo customer has an LTV of 0 or more"
# 30 lines: 22 rows shown, PgDn moves 21 (one line stays in view)
e2e_send PageDown PageDown PageDown PageDown PageDown
e2e_expect "106 行目" "PgDn moves a page at a time, past the first page read"
e2e_assert_screen_has ">C0000106" "the selected line is the 106th customer"
e2e_send PageUp PageUp PageUp PageUp PageUp PageUp Up
e2e_expect ">C0000001" "PgUp goes back to the first customer, and stops there"
case $(e2e_line 5) in
*" 1 行目") e2e_pass "the position says line 1 again (1 行目)" ;;
*) e2e_fail "the position says line 1 again: '$(e2e_line 5)'" ;;
esac

e2e_send F10
e2e_wait_gone "F10 終了" && e2e_pass "F10 quits"
e2e_finish
