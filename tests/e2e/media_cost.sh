#!/bin/sh
# media_cost.sh: the supervisors' media cost screen (issue 13 §2), in
# Japanese. The supervisor takahashi opens it from the reports menu, sees
# the media codes down and six months across (this month last, "—" where
# no cost is entered), moves to TV01's cell of this month, enters ¥1,200,000
# with a note and a reason (F5): the grid shows it, the database has it
# with version 1 and the history keeps the reason. Someone else (psql)
# changes it meanwhile; takahashi's next save, from the
# version he read, is refused and the grid shows the other's amount.
# PgUp shows the six months before. The operator sato is refused by the
# database and the screen closes.
#
# How the screen is reached: open_costs below (the reports menu, then c);
# the key is the one the reports menu gives the cost screen.
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034 # read by lib.sh
E2E_LANG=ja
e2e_init media_cost
e2e_db_setup

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

# the demo enters monthly costs of its own (seed); TV01 starts from none
# here, so that each figure below is the test's own
psql1 "DELETE FROM rd.media_costs WHERE media_code = 'TV01'" >/dev/null

open_costs() {
	e2e_type r
	e2e_wait_for "$(e2e_msg "Reports for supervisors")" || return 1
	e2e_type c
}

home=$E2E_TMP/home
mkdir -p "$home"
month=$(psql1 "SELECT to_char(rd.customer_today(), 'YYYY-MM')")
before=$(psql1 "SELECT to_char(rd.customer_today() - interval '6 months', 'YYYY-MM')")
[ -n "$month" ] || { e2e_fail "the database's month"; e2e_finish; }

# --- the supervisor: the grid ---
e2e_start "HOME=$home" "$RD_BIN" --as takahashi
e2e_wait_for "F10 終了" || e2e_finish
open_costs
e2e_expect "$(e2e_msg "Media costs by month: what each advertisement cost (used by the media report)")" \
	"the cost screen opens (月別広告費)"
e2e_assert_screen_has "$month" "the last month shown is this month ($month)"
e2e_assert_screen_has "TV01" "the media codes are listed"
e2e_assert_screen_has "—" "a month without a cost shows —"
e2e_assert_screen_has "広告費未入力" "the selected cell says no cost is entered"
e2e_assert_screen_lacks "Media costs" "no English left"

# TV01 is the first code whose name starts with TV: move down to it
row=$(psql1 "SELECT count(*) FROM rd.media WHERE code < 'TV01'")
i=0
while [ "$i" -lt "$row" ]; do
	e2e_send Down
	i=$((i + 1))
done
e2e_expect "TV01 BS通販番組 朝枠" "TV01's cell of this month is selected"

# --- enter a cost ---
e2e_send Enter
e2e_expect "$(e2e_msg "Tab moves, F5 saves the cost with its reason, Esc leaves it as it was.")" \
	"Enter opens the cost form"
e2e_type "1200000"
e2e_send Tab
e2e_type "朝枠 4回"
e2e_send Tab
e2e_type "請求書 12月分"
e2e_send F5
e2e_expect "¥1,200,000" "F5 saves: the grid shows ¥1,200,000"
e2e_assert_eq "$(psql1 "SELECT amount || ' ' || version || ' ' || note FROM rd.media_costs WHERE media_code = 'TV01'")" \
	"1200000 1 朝枠 4回" "the database has the cost, version 1, the note"
e2e_assert_eq "$(psql1 "SELECT reason || ' ' || actor FROM rd.history WHERE table_name = 'media_costs' ORDER BY id DESC LIMIT 1")" \
	"請求書 12月分 takahashi" "the history keeps the reason and who"

# --- someone else changes it meanwhile ---
e2e_send Enter
e2e_expect "$(e2e_msg "Tab moves, F5 saves the cost with its reason, Esc leaves it as it was.")" \
	"the form again, from version 1"
"$RD_BIN" db psql -At -c "SELECT set_config('repeatdesk.reason', '訂正', false);
	SELECT version FROM rd.media_cost_set('TV01', date_trunc('month', rd.customer_today())::date, 1300000, 1)" >/dev/null
e2e_send C-u
e2e_type "1400000"
e2e_send Tab Tab
e2e_type "古い画面から"
e2e_send F5
e2e_expect "バージョン 2" "the stale save is refused: the message names version 2"
e2e_expect "¥1,300,000" "the grid shows what is there now"
e2e_assert_eq "$(psql1 "SELECT amount || ' ' || version FROM rd.media_costs WHERE media_code = 'TV01'")" \
	"1300000 2" "the refused save wrote nothing"

# --- earlier months ---
e2e_send PPage
e2e_expect "$before" "PgUp shows the six months before ($before)"
e2e_send Escape
e2e_wait_gone "$(e2e_msg "Media costs by month: what each advertisement cost (used by the media report)")" &&
	e2e_pass "Esc leaves the cost screen"
e2e_send F10
e2e_wait_for '$' || e2e_finish

# --- the operator ---
e2e_start "HOME=$home" "$RD_BIN" --as sato
e2e_wait_for "F10 終了" || e2e_finish
open_costs
e2e_expect "許可されていません" "the operator gets the database's refusal on the message line"
e2e_assert_screen_lacks "$(e2e_msg "Media costs by month: what each advertisement cost (used by the media report)")" \
	"the cost screen does not open for an operator"

e2e_send F10
e2e_wait_for '$'

e2e_finish
