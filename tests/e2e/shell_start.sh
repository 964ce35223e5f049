#!/bin/sh
# shell_start.sh: the UI opens on the home screen for a demo operator:
# who is logged in, the database, today's date in Tokyo, and a legend that
# offers only keys that do something.
. "$(dirname "$0")/lib.sh"

e2e_init shell_start
e2e_db_setup

day_before=$(TZ=Asia/Tokyo date +%Y/%m/%d)
e2e_start "$RD_BIN" --as sato
e2e_wait_line -1 "F10 Quit" || e2e_finish
day_after=$(TZ=Asia/Tokyo date +%Y/%m/%d)

e2e_wait_line 1 "Home" &&
	e2e_pass "the top line names the home screen"
e2e_wait_line 1 "佐藤 花子 (sato, operator)" &&
	e2e_pass "the top line names the agent, login and role"
e2e_wait_line 1 "DB ok" && e2e_pass "the top line says the database is ok"

e2e_assert_screen_has "Logged in as   佐藤 花子" "home shows the display name"
e2e_assert_screen_has "operator" "home shows the role"
e2e_assert_screen_has "PostgreSQL" "home shows the database server"
if e2e_screen | grep -qE "($day_before|$day_after)\([^)]*\) · Asia/Tokyo"; then
	e2e_pass "home shows today's date in Asia/Tokyo"
else
	e2e_fail "home shows today's date in Asia/Tokyo ($day_after)"
fi
e2e_assert_screen_has "F11 takes an order" \
	"home says where orders and subscriptions are reached"

legend=$(e2e_line -1)
case $legend in
*"F1 Help"*"F10 Quit"*) e2e_pass "legend shows F1 Help and F10 Quit" ;;
*) e2e_fail "legend shows F1 Help and F10 Quit: '$legend'" ;;
esac
case $legend in
*Esc*|*F3*|*F4*) e2e_fail "legend offers keys that do nothing here: '$legend'" ;;
*) e2e_pass "legend offers no key that does nothing (Esc, F3, F4)" ;;
esac
case $legend in
*"F2 Lookup"*) e2e_pass "legend offers F2 Lookup" ;;
*) e2e_fail "legend offers F2 Lookup: '$legend'" ;;
esac

# Esc on the home screen does nothing; F4 says it does nothing here.
e2e_send Escape
e2e_send F4
e2e_expect "F4 does nothing on this screen" "F4 says so instead of pretending"
e2e_assert_screen_has "Logged in as" "Esc on the home screen stays on it"
e2e_send F2
e2e_wait_line 1 "Customer lookup" && e2e_pass "F2 opens the customer lookup"
e2e_send Escape
e2e_wait_line 1 "Home" && e2e_pass "Esc goes back home"

e2e_send F10
e2e_wait_gone "F10 Quit" && e2e_pass "F10 quits"

# Without a UTF-8 locale the UI refuses with one clear line, exit 2.
e2e_start "LC_ALL=C LANG=C \"$RD_BIN\" --as sato; echo \"rc=\$?\""
e2e_expect "needs a UTF-8 locale" "a non-UTF-8 locale is refused clearly"
e2e_expect "rc=2" "and the exit status is 2"
e2e_finish
