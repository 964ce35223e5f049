#!/bin/sh
# shell_help.sh: F1 lists every key of the legend (and the rest), generated
# from the same table; Esc closes the help and the screen is as before.
. "$(dirname "$0")/lib.sh"

e2e_init shell_help
e2e_db_setup

e2e_start "$RD_BIN" --as suzuki
e2e_wait_line -1 "F10 Quit" || e2e_finish
legend=$(e2e_line -1)
# Legend entries are " KEY Label", one space apart: the keys are the
# words right after a run of spaces or the line start, before a label.
keys=$(printf '%s\n' "$legend" |
	awk '{ for (i = 1; i < NF; i += 2) print $i }')
[ -n "$keys" ] || e2e_fail "no keys found in the legend: '$legend'"

e2e_send F1
e2e_expect "Keys of every screen" "F1 opens the help"
e2e_assert_screen_has "Keys of this screen (Home)" \
	"the help names the screen it is for"
help=$(e2e_screen | sed '$d') # all but the legend line
for k in $keys; do
	if printf '%s\n' "$help" | grep -qE "(^|[^A-Za-z0-9-])$k([^0-9]|\$)"; then
		e2e_pass "the help lists the legend key $k"
	else
		e2e_fail "the help lists the legend key $k"
	fi
done
e2e_assert_screen_has "Ctrl-L" "the help lists keys that are not on the legend"
e2e_assert_screen_has "F10, Ctrl-C" "the help lists every key of a request"
e2e_wait_line -1 "Esc Back" &&
	e2e_pass "the legend offers Esc while the help is open"

e2e_send Escape
e2e_wait_gone "Keys of every screen" && e2e_pass "Esc closes the help"
e2e_assert_screen_has "鈴木 一郎" "the home screen is back"
e2e_wait_line -1 "F1 Help" && e2e_pass "the legend is back"

e2e_send F10
e2e_wait_gone "F10 Quit" && e2e_pass "F10 quits"
e2e_finish
