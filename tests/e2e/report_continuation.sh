#!/bin/sh
# report_continuation.sh: the supervisors' reports in the terminal (issue
# 13 §7). The supervisor takahashi opens the reports from the home screen
# (r), runs the continuation chart, moves the period a month back with
# Left (the period line and the report follow), exports it as CSV for a
# spreadsheet (a byte-order mark, CRLF, a header line; an existing file is
# replaced only after yes), stops a report held up by a lock with Esc
# (nothing is left running or locked), and opens a segment of the
# segments report as a customer list. The operator sato may open the
# menu, but running a report shows the database's refusal.
# In Japanese (issue 12): whole messages through e2e_msg, the rest as
# Japanese literals (an English screen fails).
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034 # read by lib.sh
E2E_LANG=ja
e2e_init report_continuation
e2e_db_setup

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

home=$E2E_TMP/home
mkdir -p "$home"

# The period: a year up to the database's today; Left moves both ends a
# month back (an end on the last day of its month stays on the last day).
today=$(psql1 "select to_char(rd.customer_today(), 'YYYY/MM/DD')")
today_iso=$(psql1 "select rd.customer_today()")
back_sql="with d(d) as (select rd.customer_today())
	select to_char(case when d = (date_trunc('month', d) + interval '1 month - 1 day')::date
			then (date_trunc('month', d) - interval '1 day')::date
			else (d - interval '1 month')::date end, 'YYYY/MM/DD') from d"
today_back=$(psql1 "$back_sql")
[ -n "$today" ] && [ -n "$today_back" ] || { e2e_fail "the database's today"; e2e_finish; }

# --- the supervisor: the menu ---
e2e_start "HOME=$home" "$RD_BIN" --as takahashi
e2e_wait_for "F10 終了" || e2e_finish
e2e_assert_screen_has "r でレポート" "the home screen says r opens the reports"
e2e_type r
e2e_expect "$(e2e_msg "Reports for supervisors")" "r opens the reports menu (スーパーバイザー向けレポート)"
e2e_assert_screen_has "> 継続率" "the continuation report is first, selected"
e2e_assert_screen_has "顧客セグメント" "the segments report is listed"
e2e_assert_screen_has "〜$today(" "the period line ends today: 〜$today"
e2e_assert_screen_lacks "Continuation" "no English left on the menu"

# --- the continuation chart ---
e2e_send Enter
e2e_expect "継続率 — " "Enter runs the continuation report: its title line"
e2e_wait_for "█" 20 && e2e_pass "a chart in Unicode blocks"
e2e_assert_screen_has "〜$today(" "the report's period line ends today"
e2e_assert_screen_has "e CSV" "the legend offers the CSV export (e CSV)"

# --- longer than the screen: where the window is, PgDn/PgUp ---
month=$(psql1 "select to_char(rd.customer_today(), 'YYYY-MM')")
chart_title=$(e2e_line 5)
if e2e_screen | grep -q "行目（全 [0-9]* 行）"; then
	e2e_pass "a report longer than the screen says which lines are shown"
	e2e_send PageDown
	e2e_expect "  $month " "PgDn: the table's last cohort ($month) comes into view"
	e2e_send PageUp
	e2e_wait_line 5 "$chart_title" && e2e_pass "PgUp: back to the chart's title"
else
	e2e_assert_screen_has "  $month " "the whole report fits: its last cohort ($month) is shown"
fi
before=$(e2e_screen)

# --- Tab and Shift-Tab: the report's other views ---
title1=$(e2e_line 2)
e2e_send Tab
_t=$((E2E_TIMEOUT * 10))
until [ "$(e2e_line 2)" != "$title1" ] || [ "$_t" -le 0 ]; do sleep 0.1; _t=$((_t - 1)); done
if [ "$(e2e_line 2)" != "$title1" ] && e2e_line 2 | grep -qF "継続率 — "; then
	e2e_pass "Tab shows the next view:$(e2e_line 2)"
else
	e2e_fail "Tab: the title is still '$(e2e_line 2)'"
fi
e2e_line 4 | grep -q '^ \[' && e2e_fail "the views line still brackets the first view"
e2e_send BTab
e2e_wait_line 2 "$title1" && e2e_pass "Shift-Tab: back to the first view"
e2e_wait_for "█" || e2e_finish

# --- the period a month back ---
e2e_send Left
e2e_expect "〜$today_back(" "Left: the period ends a month earlier (〜$today_back)"
e2e_assert_screen_lacks "〜$today(" "the old period is gone from the screen"
e2e_assert_screen_has "継続率 — " "still the continuation report"
[ "$(e2e_screen)" != "$before" ] && e2e_pass "the screen changed with the period"
e2e_send Right
e2e_expect "〜$today(" "Right: back to the period up to today"

# --- F3: the period typed, and a grouping the view takes ---
from90=$(psql1 "select to_char(rd.customer_today() - 90, 'YYYY/MM/DD')")
from90_iso=$(psql1 "select rd.customer_today() - 90")
e2e_send F3
e2e_expect "$(e2e_msg "Period and filters")" "F3 opens the period and the filters"
e2e_assert_screen_has "$(e2e_msg "This view takes:")" "it says which filters the view takes"
e2e_send C-u
e2e_type "$today_iso"
e2e_send Down C-u
e2e_type "$from90_iso"
e2e_send F5
e2e_expect "$(e2e_msg "The period ends before it starts.")" "a period that ends before it starts is refused"
e2e_send Up C-u
e2e_type "$from90_iso"
e2e_send Down C-u
e2e_type "$today_iso"
e2e_send Down " " " "
e2e_wait_for "商品" || e2e_finish
e2e_send F5
e2e_expect "期間  $from90(" "F5: the report runs for the period typed ($from90〜)"
e2e_assert_screen_has "〜$today(" "up to today"
e2e_assert_screen_has "集計単位 商品" "grouped by product, as chosen (集計単位 商品)"
e2e_send F3
e2e_wait_for "$(e2e_msg "Period and filters")" || e2e_finish
e2e_send F9
e2e_send C-u
e2e_type "$(psql1 "select to_char((rd.customer_today() - interval '1 year')::date + 1, 'YYYY-MM-DD')")"
e2e_send F5
e2e_wait_gone "集計単位 商品" && e2e_pass "F9 emptied the filters: the report by start month again"
e2e_expect "期間  $(psql1 "select to_char((rd.customer_today() - interval '1 year')::date + 1, 'YYYY/MM/DD')")(" "back to a year up to today"

# the smallest terminal: the chart fits 80 columns, the legend stays last
e2e_resize 80 24
_t=50
until [ "$(e2e_pane '#{pane_width}')" = 80 ] && e2e_line 2 | grep -qF "継続率 — " || [ "$_t" -le 0 ]; do
	sleep 0.1
	_t=$((_t - 1))
done
e2e_wait_for "█" || e2e_finish
[ "$(e2e_screen | grep -c "█")" -gt 3 ] && e2e_pass "at 80x24 the chart is still drawn"
e2e_assert_eq "$(e2e_line 2 | grep -c "継続率 — ")" 1 "and its title line"
e2e_wait_line -1 "F1 ヘルプ" && e2e_pass "the legend stays on the last line at 80x24"
e2e_resize 100 30
e2e_wait_for "e CSV" || e2e_finish

# --- CSV for a spreadsheet ---
csv=$home/repeatdesk-continuation-$today_iso.csv
e2e_type e
e2e_expect "$(e2e_msg "Write the CSV to: ")" "e asks where the CSV goes"
e2e_assert_screen_has "~/repeatdesk-continuation-$today_iso.csv" "the default is in the home directory, named after the report and today"
e2e_send Enter
e2e_expect "に書き出した" "Enter writes it and says where"
if e2e_wait_file "$csv"; then
	e2e_pass "the file exists: $csv"
	e2e_assert_eq "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' \n')" "efbbbf" \
		"it starts with a UTF-8 byte-order mark (Japanese Excel)"
	lines=$(wc -l <"$csv")
	crlf=$(tr -cd '\r' <"$csv" | wc -c)
	e2e_assert_eq "$crlf" "$lines" "every line ends with CRLF"
	header=$(head -n 1 "$csv" | tail -c +4 | tr -d '\r')
	case $header in
	*,*) e2e_pass "a header line: $header" ;;
	*) e2e_fail "no header line: '$header'" ;;
	esac
	# the message is read once it is whole on the screen (a capture can
	# fall between two paints: read again for a while)
	rows=
	for _ in $(seq 1 50); do
		rows=$(e2e_screen | sed -n 's/.*：\([0-9][0-9]*\) 行と見出し行.*/\1/p' | head -n 1)
		[ -n "$rows" ] && break
		sleep 0.1
	done
	e2e_assert_eq "$((lines - 1))" "${rows:-?}" "as many rows as the screen says"
fi

# an existing file is replaced only after yes
printf 'keep me\n' >"$csv"
e2e_type e
e2e_wait_for "$(e2e_msg "Write the CSV to: ")" || e2e_finish
e2e_send Enter
e2e_expect "既にある。置き換えるか？" "the same name again: it asks before replacing"
e2e_type n
sleep 0.5
e2e_assert_eq "$(cat "$csv")" "keep me" "n: the file is left as it was"
e2e_send Enter
e2e_wait_for "既にある。置き換えるか？" || e2e_finish
e2e_type y
e2e_expect "に書き出した" "y: replaced"
e2e_assert_eq "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' \n')" "efbbbf" "with the report"

# --- Esc stops a report that waits (a lock held by another session) ---
"$RD_BIN" db psql -q -c "begin; lock table rd.subscriptions in access exclusive mode; select pg_sleep(30); commit" \
	>/dev/null 2>&1 &
locker=$!
_t=50
until [ "$(psql1 "select count(*) from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'subscriptions' and l.mode = 'AccessExclusiveLock' and l.granted")" = 1 ] ||
      [ "$_t" -le 0 ]; do
	sleep 0.1
	_t=$((_t - 1))
done
e2e_send Left
e2e_expect "集計中…" "a report that waits shows that it is counting (集計中… Escで中止)"
e2e_wait_for "Escで中止" || e2e_finish
sleep 1.2
e2e_assert_screen_has "秒" "with the seconds"
# the terminal changes size meanwhile: followed at once, still counting
e2e_resize 90 28
_t=50
until [ "$(e2e_pane '#{pane_width}')" = 90 ] && e2e_line -1 | grep -qF "F1 ヘルプ" || [ "$_t" -le 0 ]; do
	sleep 0.1
	_t=$((_t - 1))
done
e2e_wait_line -1 "F1 ヘルプ" && e2e_pass "a resize while it counts: the legend is repainted on the last line"
e2e_assert_screen_has "集計中…" "and it is still counting"
e2e_send Escape
e2e_expect "$(e2e_msg "Stopped; nothing was changed.")" "Esc stops it: nothing was changed"
e2e_assert_screen_has "〜$today(" "the screen keeps the period of what it shows"
e2e_resize 100 30
e2e_assert_eq "$(psql1 "select count(*) from pg_stat_activity where query like '%report_continuation%' and state = 'active' and pid <> pg_backend_pid()")" \
	0 "the database: the report's query is no longer running"
e2e_assert_eq "$(psql1 "select count(*) from pg_locks where not granted")" \
	0 "the database: nothing waits for a lock"
psql1 "select pg_cancel_backend(pid) from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()" >/dev/null
wait "$locker" 2>/dev/null
e2e_send Left
e2e_expect "〜$today_back(" "the report runs again once the lock is gone"

# --- a segment as a customer list ---
e2e_send Escape
e2e_wait_for "$(e2e_msg "Reports for supervisors")" || e2e_finish
# the segments report's views are the last of the menu
e2e_send End
_t=20
until e2e_screen | grep -q "^> 顧客セグメント" || [ "$_t" -le 0 ]; do
	e2e_send Up
	sleep 0.1
	_t=$((_t - 1))
done
e2e_send Enter
e2e_expect "顧客セグメント — " "Enter runs the segments report"
e2e_wait_for "> " || e2e_finish
e2e_assert_screen_has "Enter: 顧客一覧" "the hint says Enter opens the customers"
e2e_send Enter
e2e_expect "セグメント：" "Enter on a segment opens the lookup with the segment as its filter"
e2e_wait_for "C0" 20 && e2e_pass "its customers are listed (C0…)"
e2e_send Escape
e2e_expect "顧客セグメント — " "Esc: back to the report"
e2e_send F10
e2e_wait_for '$' || e2e_finish

# --- the operator: the menu opens, the database refuses the report ---
e2e_start "HOME=$home" "$RD_BIN" --as sato
e2e_wait_for "F10 終了" || e2e_finish
e2e_type r
e2e_expect "$(e2e_msg "Reports for supervisors")" "an operator may open the menu"
e2e_send Enter
e2e_expect "許可されていません" "running a report: the database's refusal on the message line"
e2e_assert_screen_lacks "Tab 次の表示" "and no report is shown: still the menu"
e2e_assert_eq "$(psql1 "select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
	where n.nspname = 'rd' and p.proname like 'report\\_continuation\\_%' and has_function_privilege('rd_operator', p.oid, 'EXECUTE')")" \
	0 "the database: operators may not execute the continuation report's functions"
e2e_send F10
e2e_wait_for '$'

e2e_finish
