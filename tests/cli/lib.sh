# lib.sh: what every command-line test (tests/cli/*.sh) starts with.
#
# Sources tests/e2e/lib.sh, which gives the throwaway embedded database
# (e2e_init NAME, e2e_db_setup) and the counting (e2e_pass, e2e_fail, and
# e2e_finish printing "# e2e NAME: N passed, M failed" and exiting 0 or 1),
# and adds: run, which runs a command keeping its output and exit code, the
# checks on them, and sql. A test sources this file and calls e2e_init NAME.
# The language is e2e's too: E2E_LANG=ja before e2e_init runs the commands
# in Japanese (ja_JP.UTF-8), and e2e_msg "English msgid" prints what they
# print for it in the test's language.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"

# run CMD...: captures stdout, stderr and the exit code (in rc)
run() {
	"$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
	rc=$?
}
expect_rc() { # WANT LABEL
	if [ "$rc" -eq "$1" ]; then e2e_pass "$2 (exit $rc)"
	else e2e_fail "$2: exit $rc, wanted $1; stderr: $(head -3 "$E2E_TMP/err")"; fi
}
# stderr is exactly one line "repeatdesk: ..."
expect_one_line_error() { # LABEL
	if [ "$(wc -l <"$E2E_TMP/err")" -eq 1 ] && grep -q '^repeatdesk: ' "$E2E_TMP/err"
	then e2e_pass "$1: one-line error"
	else e2e_fail "$1: stderr is not one line: $(cat "$E2E_TMP/err")"; fi
}
# the first line of stderr is "repeatdesk: ..." (more may follow)
expect_first_line_error() { # LABEL
	if head -n 1 "$E2E_TMP/err" | grep -q '^repeatdesk: '
	then e2e_pass "$1: the error comes first, on one line"
	else e2e_fail "$1: stderr: $(cat "$E2E_TMP/err")"; fi
}
expect_out() { # PATTERN LABEL
	if grep -q -- "$1" "$E2E_TMP/out"; then e2e_pass "$2"
	else e2e_fail "$2: '$1' not in output: $(head -8 "$E2E_TMP/out")"; fi
}
expect_no_out() { # PATTERN LABEL
	if grep -q -- "$1" "$E2E_TMP/out"; then e2e_fail "$2: '$1' in output"
	else e2e_pass "$2"; fi
}
expect_err() { # STRING LABEL: STRING (not a pattern) is in stderr
	if grep -qF -- "$1" "$E2E_TMP/err"; then e2e_pass "$2"
	else e2e_fail "$2: '$1' not in stderr: $(head -3 "$E2E_TMP/err")"; fi
}
expect_eq() { # GOT WANT LABEL
	e2e_assert_eq "$1" "$2" "$3"
}
# sql STATEMENT: runs it in the test's database, unaligned, tuples only
sql() {
	"$RD_BIN" db psql -At -c "$1"
}
