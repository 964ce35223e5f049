#!/bin/sh
# shell_reconnect.sh: when the database goes away the top line says
# "reconnecting…", the keyboard keeps working, and the UI reconnects by
# itself (every 2 s) once the database is back.
. "$(dirname "$0")/lib.sh"

e2e_init shell_reconnect
e2e_db_setup

e2e_start "$RD_BIN" --as sato
e2e_wait_line 1 "DB ok" || e2e_finish

# The server ends the session (as a restart or a network cut would).
"$RD_BIN" db stop >"$E2E_TMP/stop.log" 2>&1 ||
	e2e_fail "repeatdesk db stop: $(cat "$E2E_TMP/stop.log")"
e2e_wait_line 1 "reconnecting…" &&
	e2e_pass "the top line says reconnecting… when the database is gone"
e2e_assert_screen_has "Reconnecting" "the message line says what happens"

# Keys answer while the reconnect attempts go on.
e2e_send F1
e2e_expect "Keys of every screen" "F1 works while disconnected"
e2e_send Escape
e2e_wait_gone "Keys of every screen" && e2e_pass "Esc works while disconnected"
e2e_assert_screen_has "reconnecting…" "still reconnecting while the server is down"

"$RD_BIN" db start >"$E2E_TMP/start.log" 2>&1 ||
	e2e_fail "repeatdesk db start: $(cat "$E2E_TMP/start.log")"
e2e_wait_line 1 "DB ok" 15 &&
	e2e_pass "the UI reconnects by itself when the database is back"
e2e_assert_screen_has "The database connection is back." \
	"the message line says the connection is back"
e2e_assert_screen_has "PostgreSQL" "home shows the server again"

e2e_send F10
e2e_wait_gone "F10 Quit" && e2e_pass "F10 quits"
e2e_finish
