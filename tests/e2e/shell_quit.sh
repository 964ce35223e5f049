#!/bin/sh
# shell_quit.sh: every way out gives the terminal back as it was: F10,
# Ctrl-C, SIGTERM, SIGHUP and a crash (SIGSEGV). "As it was" means the
# same tty modes (stty -g), the normal screen (not the alternate one), a
# visible cursor, the keypad in normal mode, and a shell that prints.
. "$(dirname "$0")/lib.sh"

e2e_init shell_quit
e2e_db_setup

n=0
# restored HOW WANT_RC: checks the terminal after the UI ended.
restored() {
	n=$((n + 1))
	e2e_type "rc=\$?; stty -g > \"\$E2E_TMP/stty.$n\"; printf '%s\\n' \"ALIVE-\$((40+$n)) rc=\$rc\""
	e2e_send Enter
	if e2e_wait_for "ALIVE-$((40 + n)) rc=$2"; then
		e2e_pass "$1: the shell prints again (exit status $2)"
	fi
	e2e_wait_file "$E2E_TMP/stty.$n" || return
	if cmp -s "$E2E_TMP/stty.before" "$E2E_TMP/stty.$n"; then
		e2e_pass "$1: tty modes restored"
	else
		e2e_fail "$1: tty modes restored ($(cat "$E2E_TMP/stty.before") vs $(cat "$E2E_TMP/stty.$n"))"
	fi
	e2e_assert_screen_lacks "Sanitizer" "$1: no sanitizer report"
	e2e_assert_eq "$(e2e_pane '#{alternate_on}')" 0 "$1: normal screen"
	e2e_assert_eq "$(e2e_pane '#{cursor_flag}')" 1 "$1: cursor visible"
	e2e_assert_eq "$(e2e_pane '#{keypad_flag}#{keypad_cursor_flag}')" 00 \
		"$1: keypad back in normal mode"
}

start_ui() {
	e2e_start "$RD_BIN" --as sato
	e2e_wait_line -1 "F10 Quit" || e2e_finish
	e2e_assert_eq "$(e2e_pane '#{alternate_on}')" 1 \
		"$1: the UI runs on the alternate screen"
}

e2e_shell
e2e_start "stty -g > \"\$E2E_TMP/stty.before\""
e2e_wait_file "$E2E_TMP/stty.before" || e2e_finish

start_ui F10
e2e_send F10
restored F10 0

start_ui Ctrl-C
e2e_send C-c
restored Ctrl-C 0

for sig in TERM HUP SEGV; do
	start_ui "SIG$sig"
	pid=$(e2e_app_pid)
	if [ -z "$pid" ]; then
		e2e_fail "SIG$sig: found the UI's process"
		continue
	fi
	kill -s "$sig" "$pid"
	case $sig in
	TERM) want=143 ;;
	HUP) want=129 ;;
	SEGV) want=139 ;;
	esac
	restored "SIG$sig" "$want"
done
e2e_finish
