# lib.sh: helpers for the end-to-end tests: the real binary in tmux.
#
# Each test script sources this file, calls e2e_init NAME, and drives the
# program like an operator: e2e_send types keys (tmux send-keys), and
# e2e_wait_for waits for a marker on the screen (capture-pane), never a
# bare sleep. A private tmux server (-L) with no configuration, a fixed
# pane size, LANG/LC_ALL=C.UTF-8 (or ja_JP.UTF-8: E2E_LANG),
# TZ=Asia/Tokyo and TERM=tmux-256color (what a pane announces; with
# xterm-256color Home/End arrive as Esc [1~)
# make screens reproducible. e2e_finish prints
#   # e2e NAME: N passed, M failed
# and exits 0 or 1; 77 (skip) when tmux is missing, with the reason, and
# 99 (hard error) when there is no binary to test.
#
# Environment: RD_BIN (default $PWD/repeatdesk: tests run in the build
# directory), E2E_TIMEOUT (seconds per wait, default 10), E2E_KEEP=1 keeps
# the temporary directory and the tmux server for a look afterwards.
#
# Language: E2E_LANG=ja (set by the test before e2e_init, or for a whole
# run in the environment) runs the panes and the test's own commands in
# Japanese, LANG=LC_ALL=ja_JP.UTF-8 (skipped, with the reason, where that
# locale is not installed); unset or en keeps C.UTF-8, in English.
# e2e_msg "English msgid" prints what the program shows for that msgid in
# the test's language (from the build tree's catalogue), so that a test
# waits for translated markers: e2e_wait_for "$(e2e_msg 'Quit')".

E2E_NAME=e2e
E2E_PASS=0
E2E_FAIL=0
E2E_SOCKET="rd-e2e-$$"
E2E_TMP=
E2E_DB_HOME=
E2E_COLS=100
E2E_ROWS=30
: "${RD_BIN:=$PWD/repeatdesk}"
: "${E2E_TIMEOUT:=10}"
: "${E2E_LANG:=en}"

# the locale of the test's language
_e2e_locale() {
	if [ "$E2E_LANG" = ja ]; then echo ja_JP.UTF-8; else echo C.UTF-8; fi
}

# e2e_msg MSGID: the msgid's translation in the test's language (the msgid
# itself in English, or when the catalogue has none yet), on one line.
# The catalogue is the one the binary reads: RD_LOCALEDIR, else locale/
# next to RD_BIN.
e2e_msg() {
	if [ "$E2E_LANG" = ja ]; then
		TEXTDOMAINDIR=${RD_LOCALEDIR:-$(dirname "$RD_BIN")/locale} \
			LANGUAGE=ja LC_ALL=C.UTF-8 gettext -d repeatdesk -- "$1"
		echo
	else
		printf '%s\n' "$1"
	fi
}

e2e_tmux() {
	tmux -u -L "$E2E_SOCKET" -f /dev/null "$@"
}

# Prints to the terminal of make check too (fd 9) when it is open.
e2e_say() {
	printf '%s\n' "$*"
	if { true >&9; } 2>/dev/null; then
		printf '%s\n' "$*" >&9
	fi
}

e2e_skip() {
	e2e_say "# e2e $E2E_NAME: skipped: $*"
	e2e_cleanup
	exit 77
}

e2e_pass() {
	E2E_PASS=$((E2E_PASS + 1))
	printf 'ok - %s\n' "$*"
}

e2e_fail() {
	E2E_FAIL=$((E2E_FAIL + 1))
	printf 'not ok - %s\n' "$*"
	if [ -n "$E2E_TMP" ] && e2e_tmux has-session -t e2e 2>/dev/null; then
		printf '%s\n' '--- screen ---'
		e2e_screen | sed 's/^/| /'
		printf '%s\n' '--------------'
	fi
}

# _e2e_fail_late MESSAGE: a failure found inside $(...), where E2E_FAIL
# cannot be counted: says it (on stderr, which reaches the log) and
# leaves a line that e2e_finish counts.
_e2e_fail_late() {
	printf 'not ok - %s\n' "$*" >&2
	if [ -n "$E2E_TMP" ] && [ -d "$E2E_TMP" ]; then
		# one line per failure, however many lines the message has
		printf '%s' "$*" | tr '\n' ' ' >>"$E2E_TMP/late-failures"
		echo >>"$E2E_TMP/late-failures"
	fi
}

# --- reading JSON: with jq, never with sed or grep --------------------------
# A test reads JSON output only through these, so that a field is found
# by its path (not by the first or last text that looks like it) and a
# missing field or output that is not JSON fails loudly.

# json_get FILTER [FILE]: the value of the jq FILTER in FILE (default
# $E2E_TMP/out): strings raw, numbers and booleans as text, arrays and
# objects as compact JSON, one a line. When FILE is not JSON, or FILTER
# gives nothing or null, it prints nothing, returns 1 and counts a failure
# (also inside $(...)). A null that is expected is asked for with
# FILTER == null, which gives true or false.
json_get() {
	_e2e_jf=${2:-$E2E_TMP/out}
	if _e2e_jv=$(jq -cr "[$1] | if length == 0 or any(.[]; . == null)
	                           then error(\"nothing (or null) at that path\") else .[] end" \
	             "$_e2e_jf" 2>&1); then
		printf '%s\n' "$_e2e_jv"
		return 0
	fi
	_e2e_fail_late "json: $1 in $(basename "$_e2e_jf"): ${_e2e_jv:-no output} [$(head -c 200 "$_e2e_jf" | tr '\n' ' ')]"
	return 1
}

# expect_json FILTER WANT LABEL: the value of FILTER in $E2E_TMP/out (as
# json_get prints it) is WANT.
expect_json() {
	if _e2e_jg=$(json_get "$1"); then
		if [ "$_e2e_jg" = "$2" ]; then
			e2e_pass "$3"
		else
			e2e_fail "$3: $1 is '$_e2e_jg', wanted '$2'"
		fi
	else
		# json_get counted the failure; name the check too
		printf 'not ok - %s (counted above)\n' "$3"
	fi
}

# e2e_init NAME: checks the tools, makes the temporary directory.
e2e_init() {
	E2E_NAME=$1
	case $E2E_LANG in
	ja|en) ;;
	*) e2e_say "# e2e $E2E_NAME: error: E2E_LANG is '$E2E_LANG': ja or en"; exit 99 ;;
	esac
	LANG=$(_e2e_locale) LC_ALL=$(_e2e_locale)
	export LANG LC_ALL
	trap 'e2e_cleanup' EXIT
	trap 'exit 1' INT TERM HUP
	command -v tmux >/dev/null 2>&1 ||
		e2e_skip "tmux is not installed (apt-get install tmux)"
	if ! command -v jq >/dev/null 2>&1; then
		# not a skip: scripts/setup.sh installs it
		e2e_say "# e2e $E2E_NAME: error: jq is not installed (apt-get install jq; scripts/setup.sh does)"
		exit 99
	fi
	if [ ! -x "$RD_BIN" ]; then
		# not a skip: the build is broken or RD_BIN is wrong
		e2e_say "# e2e $E2E_NAME: error: no repeatdesk binary at $RD_BIN"
		exit 99
	fi
	if [ "$E2E_LANG" = ja ]; then
		[ "${RD_NLS:-yes}" != no ] ||
			e2e_skip "this build speaks English only (configure --disable-nls)"
		locale -a 2>/dev/null | grep -qix 'ja_JP\.utf-\?8' ||
			e2e_skip "the locale ja_JP.UTF-8 is not installed (scripts/check generates it; or: locale-gen ja_JP.UTF-8)"
		command -v gettext >/dev/null 2>&1 ||
			e2e_skip "gettext is not installed (apt-get install gettext-base)"
	fi
	E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/rd-e2e.XXXXXX") ||
		e2e_skip "cannot create a temporary directory"
}

# e2e_db_setup: a private embedded database with demo data, removed by
# e2e_cleanup. Skips (77) when PostgreSQL cannot run here at all (db init
# exits 3: unavailable); any other failure is a test failure.
e2e_db_setup() {
	REPEATDESK_HOME=$(mktemp -d "${TMPDIR:-/tmp}/rd-e2e-home.XXXXXX") ||
		e2e_skip "cannot create a temporary directory"
	export REPEATDESK_HOME
	E2E_DB_HOME=$REPEATDESK_HOME
	_e2e_log=$E2E_TMP/db-setup.log
	# skip only when there is no PostgreSQL server to run at all; any
	# failure of our own start-up code is a failure, never a skip
	if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
	   ! [ -x "$(pg_config --bindir 2>/dev/null)/initdb" ]; then
		e2e_skip "PostgreSQL server programs are not installed (apt-get install postgresql)"
	fi
	"$RD_BIN" db init --fast >"$_e2e_log" 2>&1
	_e2e_rc=$?
	if [ "$_e2e_rc" -ne 0 ] ||
	   ! "$RD_BIN" db start >>"$_e2e_log" 2>&1 ||
	   ! "$RD_BIN" db migrate >>"$_e2e_log" 2>&1 ||
	   ! "$RD_BIN" db seed --customers 200 --seed 1 >>"$_e2e_log" 2>&1
	then
		sed 's/^/| /' "$_e2e_log"
		e2e_fail "database setup (repeatdesk db init, start, migrate, seed)"
		e2e_finish
	fi
}

e2e_cleanup() {
	trap - EXIT
	if [ "${E2E_KEEP:-0}" = 1 ]; then
		printf '# kept: %s, tmux -L %s\n' "$E2E_TMP" "$E2E_SOCKET"
		return 0
	fi
	e2e_tmux kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$E2E_SOCKET"
	if [ -n "$E2E_DB_HOME" ]; then
		REPEATDESK_HOME=$E2E_DB_HOME "$RD_BIN" db stop >/dev/null 2>&1
		rm -rf "$E2E_DB_HOME"
		E2E_DB_HOME=
	fi
	if [ -n "$E2E_TMP" ]; then
		rm -rf "$E2E_TMP"
		E2E_TMP=
	fi
	return 0
}

# _e2e_faketime_names: the names of the variables that move the clock
# (libfaketime's LD_PRELOAD, FAKETIME, FAKETIME_SHARED, FAKETIME_*...)
# when the suite runs under faketime (scripts/check --faketime), so that
# the panes, which start with env -i, keep the moved clock; nothing
# otherwise.
_e2e_faketime_names() {
	[ -n "${FAKETIME-}" ] || [ -n "${FAKETIME_SHARED-}" ] || return 0
	[ -n "${LD_PRELOAD-}" ] && echo LD_PRELOAD
	[ -n "${DONT_FAKE_MONOTONIC-}" ] && echo DONT_FAKE_MONOTONIC
	env | sed -n 's/^\(FAKETIME[A-Z_]*\)=.*/\1/p'
}

# e2e_shell: a pane of E2E_COLS x E2E_ROWS running a plain sh with the
# test environment and the prompt "$ ".
e2e_shell() {
	e2e_tmux kill-session -t e2e >/dev/null 2>&1
	set --
	for _e2e_v in $(_e2e_faketime_names); do
		eval "set -- \"\$@\" \"\$_e2e_v=\${$_e2e_v}\""
	done
	e2e_tmux new-session -d -s e2e -x "$E2E_COLS" -y "$E2E_ROWS" \
		env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
		LANG="$(_e2e_locale)" LC_ALL="$(_e2e_locale)" TZ=Asia/Tokyo \
		TERM=tmux-256color PS1='$ ' \
		REPEATDESK_HOME="${REPEATDESK_HOME:-}" \
		RD_BIN="$RD_BIN" E2E_TMP="$E2E_TMP" "$@" \
		sh -c 'ulimit -c 0 2>/dev/null; exec sh' ||
		e2e_skip "tmux cannot start a session here"
	# Keep the pane when the shell ends, so a test can still read it.
	e2e_tmux set-option -t e2e remain-on-exit on >/dev/null
	e2e_tmux resize-window -t e2e -x "$E2E_COLS" -y "$E2E_ROWS" \
		>/dev/null 2>&1
	e2e_wait_for '$' || e2e_finish
}

# e2e_start CMD ARGS…: types the command line into the pane's shell.
e2e_start() {
	[ -n "$E2E_TMP" ] && e2e_tmux has-session -t e2e 2>/dev/null ||
		e2e_shell
	e2e_tmux send-keys -t e2e -l -- "$*"
	e2e_tmux send-keys -t e2e Enter
}

# e2e_send KEYS…: tmux key names (F1, Escape, Enter, C-c) or text.
e2e_send() {
	e2e_tmux send-keys -t e2e "$@"
}

# e2e_type TEXT: types TEXT literally.
e2e_type() {
	e2e_tmux send-keys -t e2e -l -- "$*"
}

e2e_screen() {
	e2e_tmux capture-pane -p -t e2e
}

# e2e_pane FORMAT: a tmux format of the pane (#{cursor_flag}…).
e2e_pane() {
	e2e_tmux display-message -p -t e2e "$1"
}

# e2e_wait_for TEXT [TIMEOUT]: polls every 0.1 s until TEXT is on the
# screen; fails (with the screen) after TIMEOUT seconds.
e2e_wait_for() {
	_e2e_wait present "$1" "${2:-$E2E_TIMEOUT}"
}

# e2e_wait_gone TEXT [TIMEOUT]: polls until TEXT is no longer shown.
e2e_wait_gone() {
	_e2e_wait absent "$1" "${2:-$E2E_TIMEOUT}"
}

_e2e_wait() {
	_e2e_tries=$(( $3 * 10 ))
	while [ "$_e2e_tries" -gt 0 ]; do
		if e2e_screen | grep -qF -- "$2"; then
			[ "$1" = present ] && return 0
		else
			[ "$1" = absent ] && return 0
		fi
		sleep 0.1
		_e2e_tries=$((_e2e_tries - 1))
	done
	if [ "$1" = present ]; then
		e2e_fail "waited ${3}s for: $2"
	else
		e2e_fail "waited ${3}s for this to go away: $2"
	fi
	return 1
}

# e2e_wait_line N TEXT [TIMEOUT]: polls until line N (1 = top, -1 =
# bottom) of the screen contains TEXT.
e2e_wait_line() {
	_e2e_tries=$(( ${3:-$E2E_TIMEOUT} * 10 ))
	while [ "$_e2e_tries" -gt 0 ]; do
		if e2e_line "$1" | grep -qF -- "$2"; then
			return 0
		fi
		sleep 0.1
		_e2e_tries=$((_e2e_tries - 1))
	done
	e2e_fail "waited ${3:-$E2E_TIMEOUT}s for line $1 to show: $2"
	return 1
}

# e2e_line N: line N of the screen (1 = top, -1 = bottom).
e2e_line() {
	if [ "$1" -lt 0 ]; then
		e2e_screen | tail -n "$(( -$1 ))" | head -n 1
	else
		e2e_screen | sed -n "${1}p"
	fi
}

# e2e_wait_file FILE [TIMEOUT]: polls until FILE exists and is not empty
# (for output that a command typed into the pane writes).
e2e_wait_file() {
	_e2e_tries=$(( ${2:-$E2E_TIMEOUT} * 10 ))
	while [ "$_e2e_tries" -gt 0 ]; do
		[ -s "$1" ] && return 0
		sleep 0.1
		_e2e_tries=$((_e2e_tries - 1))
	done
	e2e_fail "waited ${2:-$E2E_TIMEOUT}s for the file $1"
	return 1
}

# e2e_expect TEXT DESCRIPTION: waits for TEXT, counts a pass or a failure.
e2e_expect() {
	if e2e_wait_for "$1"; then
		e2e_pass "${2:-shows $1}"
	fi
}

e2e_assert_screen_has() {
	if e2e_screen | grep -qF -- "$1"; then
		e2e_pass "${2:-screen has: $1}"
	else
		e2e_fail "${2:-screen has: $1}"
	fi
}

e2e_assert_screen_lacks() {
	if e2e_screen | grep -qF -- "$1"; then
		e2e_fail "${2:-screen lacks: $1}"
	else
		e2e_pass "${2:-screen lacks: $1}"
	fi
}

# e2e_assert_eq GOT WANT DESCRIPTION
e2e_assert_eq() {
	if [ "$1" = "$2" ]; then
		e2e_pass "$3"
	else
		e2e_fail "$3 (got '$1', want '$2')"
	fi
}

# e2e_resize COLS ROWS: the pane (and the program in it) changes size.
e2e_resize() {
	e2e_tmux resize-window -t e2e -x "$1" -y "$2"
}

# e2e_app_pid: pid of the program running in the pane's shell.
e2e_app_pid() {
	_e2e_sh=$(e2e_pane '#{pane_pid}')
	ps -o pid= --ppid "$_e2e_sh" 2>/dev/null | head -n 1 | tr -d ' '
}

e2e_finish() {
	# failures counted where the counter could not be (in $(...))
	if [ -n "$E2E_TMP" ] && [ -s "$E2E_TMP/late-failures" ]; then
		E2E_FAIL=$((E2E_FAIL + $(wc -l <"$E2E_TMP/late-failures")))
	fi
	e2e_say "# e2e $E2E_NAME: $E2E_PASS passed, $E2E_FAIL failed"
	e2e_cleanup
	[ "$E2E_FAIL" -eq 0 ] && [ "$E2E_PASS" -gt 0 ] && exit 0
	exit 1
}

# --- more terminals at once (the inquiry log's live tests) -----------------
# A test may run other terminals next to the pane "e2e": each is a session
# of the same private server, named by the test, E2E_COLS x E2E_ROWS.

# e2e_term_start NAME CMD ARGS…: a new terminal NAME running the command
# (with the environment of e2e_shell).
e2e_term_start() {
	_e2e_name=$1
	shift
	# faketime's variables go in front of the command (env takes them)
	for _e2e_v in $(_e2e_faketime_names); do
		eval "set -- \"\$_e2e_v=\${$_e2e_v}\" \"\$@\""
	done
	e2e_tmux kill-session -t "$_e2e_name" >/dev/null 2>&1
	e2e_tmux new-session -d -s "$_e2e_name" -x "$E2E_COLS" -y "$E2E_ROWS" \
		env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
		LANG="$(_e2e_locale)" LC_ALL="$(_e2e_locale)" TZ=Asia/Tokyo \
		TERM=tmux-256color \
		REPEATDESK_HOME="${REPEATDESK_HOME:-}" "$@" ||
		e2e_skip "tmux cannot start a session here"
	e2e_tmux set-option -t "$_e2e_name" remain-on-exit on >/dev/null
	e2e_tmux resize-window -t "$_e2e_name" -x "$E2E_COLS" -y "$E2E_ROWS" \
		>/dev/null 2>&1
}

# e2e_term_send NAME KEYS…, e2e_term_type NAME TEXT, e2e_term_screen NAME
e2e_term_send() {
	_e2e_name=$1
	shift
	e2e_tmux send-keys -t "$_e2e_name" "$@"
}

e2e_term_type() {
	_e2e_name=$1
	shift
	e2e_tmux send-keys -t "$_e2e_name" -l -- "$*"
}

e2e_term_screen() {
	e2e_tmux capture-pane -p -t "$1"
}

# e2e_term_wait NAME TEXT [TIMEOUT]: polls terminal NAME every 0.1 s until
# TEXT shows; fails with that terminal's screen.
e2e_term_wait() {
	_e2e_tries=$(( ${3:-$E2E_TIMEOUT} * 10 ))
	while [ "$_e2e_tries" -gt 0 ]; do
		e2e_term_screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		_e2e_tries=$((_e2e_tries - 1))
	done
	E2E_FAIL=$((E2E_FAIL + 1))
	printf 'not ok - waited %ss in terminal %s for: %s\n' "${3:-$E2E_TIMEOUT}" "$1" "$2"
	printf '%s\n' "--- screen of $1 ---"
	e2e_term_screen "$1" | sed 's/^/| /'
	printf '%s\n' '--------------'
	return 1
}

# e2e_term_expect NAME TEXT DESCRIPTION
e2e_term_expect() {
	if e2e_term_wait "$1" "$2"; then
		e2e_pass "${3:-$1 shows $2}"
	fi
}
