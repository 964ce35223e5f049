#!/bin/sh
# history_agent.sh: an agent looks back at the changes they made. suzuki
# changes a customer's phone on the command line; in the terminal, Ctrl-R
# on the home screen lists suzuki's own changes with the reason and the
# field old -> new; the history row in the database says the same.
. "$(dirname "$0")/lib.sh"

e2e_init history_agent
e2e_db_setup

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

code=$(psql1 "select code from rd.customers order by id limit 1")
"$RD_BIN" --as suzuki customer edit "$code" --phone 03-1111-2222 \
	--reason "番号変更のご連絡" >/dev/null || e2e_fail "the edit on the command line"
e2e_assert_eq "$(psql1 "select actor || '|' || reason from rd.history
		where table_name = 'customers' and op = 'UPDATE'
		  and row_key = (select id::text from rd.customers where code = '$code')")" \
	"suzuki|番号変更のご連絡" "rd.history has suzuki's change with the reason"

e2e_start "$RD_BIN" --as suzuki
e2e_wait_line 1 "DB ok" || e2e_finish
e2e_assert_screen_has "Ctrl-R the changes you made" "home names Ctrl-R"
e2e_send C-r
e2e_expect "Changes made by suzuki" "Ctrl-R on home opens the agent's own changes"
e2e_assert_screen_has "番号変更のご連絡" "the change is listed with its reason"
e2e_assert_screen_has "03-1111-2222" "with the new phone, grouped"
e2e_send Escape
e2e_wait_gone "Changes made by" || e2e_finish
e2e_send F10
e2e_finish
