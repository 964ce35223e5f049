#!/bin/bash
# login_standby.sh: during a failover a terminal's conninfo
# (target_session_attrs=read-write, several hosts) finds only servers that
# take its password but are not the primary. That is "cannot reach the
# database" (exit 3), never "login refused" (which would send an agent to
# check a password that is right, and make the CLI ask for it again);
# a wrong password still is a login refusal.
#
# Without pg_auto_failover: one throwaway server (tests/lib/pgtmp.sh), a
# primary, asked for target_session_attrs=standby, is refused after the
# password exactly as a standby is when read-write is asked for.
set -u

if [ -z "${RD_HA_INNER:-}" ]; then
	: "${RD_BIN:=$PWD/repeatdesk}"
	[ -x "$RD_BIN" ] || { echo "# login_standby: error: no repeatdesk at $RD_BIN"; exit 99; }
	RD_BIN=$(cd "$(dirname "$RD_BIN")" && pwd)/$(basename "$RD_BIN")
	RD_HA_INNER=1 RD_BIN=$RD_BIN exec "$(dirname "$0")/../lib/pgtmp.sh" "$0" "$@"
fi

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
notok() { fail=$((fail + 1)); echo "not ok - $*"; }
export LC_ALL=C.UTF-8 LANGUAGE=en
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rd-login.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

printf 'ha-%s-pass\n' "$$" >"$tmp/pw"
chmod 600 "$tmp/pw"
"$RD_BIN" --db "host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$RD_TEST_ADMIN" \
	agent add hatest --name "HA test" --role agent --password-file "$tmp/pw" \
	>"$tmp/add.out" 2>&1 || { cat "$tmp/add.out"; exit 99; }
base="host=$PGHOST port=$PGPORT dbname=$PGDATABASE"
try() { # PASSWORD ATTRS: exit code in rc, stderr in $tmp/err
	PGPASSWORD=$1 "$RD_BIN" --db "$base target_session_attrs=$2" --as hatest \
		order list --customer C0000001 </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

try "ha-$$-pass" any
if [ "$rc" -ne 3 ]; then ok "the right password logs in (exit $rc)"
else notok "the right password: exit 3: $(cat "$tmp/err")"; fi

try "ha-$$-pass" standby
if [ "$rc" -eq 3 ]; then ok "no server of the kind asked for: exit 3"
else notok "no standby: exit $rc, wanted 3"; fi
if grep -q "login refused" "$tmp/err"; then
	notok "no server of the kind asked for is reported as a login refusal: $(cat "$tmp/err")"
elif grep -q "cannot reach the database" "$tmp/err"; then
	ok "no server of the kind asked for: cannot reach the database"
else
	notok "no standby: unexpected message: $(cat "$tmp/err")"
fi

try wrong-password standby
if [ "$rc" -eq 3 ] && grep -q "login refused" "$tmp/err"; then
	ok "a wrong password is still a login refusal (read-write asked for)"
else
	notok "a wrong password: exit $rc: $(cat "$tmp/err")"
fi
try wrong-password any
if grep -q "login refused" "$tmp/err"; then ok "a wrong password is a login refusal"
else notok "a wrong password: $(cat "$tmp/err")"; fi

echo "# login_standby: $pass passed, $fail failed"
# make check shows each suite's summary line (fd 9, as tests/e2e/lib.sh)
{ true >&9; } 2>/dev/null && echo "# login_standby: $pass passed, $fail failed" >&9
[ "$fail" -eq 0 ]
