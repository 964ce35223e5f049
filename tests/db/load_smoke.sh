#!/bin/bash
# load_smoke.sh: the load driver (bench/load) tests itself, small: 4
# agents for a few seconds against a throwaway cluster (tests/lib/
# pgtmp.sh), each as its own login.
#
#   - a run does every kind of operation, receives notifications, and
#     every invariant PASSes (exit 0);
#   - every backend of the agents killed in the middle of the run, while
#     notes and handoffs wait on locked inquiries: the agents reconnect,
#     resolve what they were writing by its request id, and the
#     invariants still PASS;
#   - the server restarted mid-run: every agent comes back by itself
#     (backoff) and the invariants PASS;
#   - through PgBouncer (transaction pool for the work, session pool for
#     LISTEN; skipped when pgbouncer is not installed): PASS;
#   - a run with --break-invariant (one acknowledged order loses its
#     request id before the checks) FAILs the two order checks and exits
#     1: the checks can fail.
set -u

srcdir=${RD_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -z "${RD_LOAD_SMOKE_INNER:-}" ]; then
	if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
		RD_BIN=$PWD/repeatdesk
	fi
	load=${RD_LOAD:-$(dirname "${RD_BIN:-./repeatdesk}")/bench/load}
	if [ ! -x "${RD_BIN:-}" ] || [ ! -x "$load" ]; then
		echo "load_smoke: SKIP: build repeatdesk and bench/load first (RD_BIN, RD_LOAD)" >&2
		exit 77
	fi
	RD_LOAD=$(cd "$(dirname "$load")" && pwd)/$(basename "$load")
	export RD_BIN RD_LOAD RD_LOAD_SMOKE_INNER=1
	exec bash "$srcdir/tests/lib/pgtmp.sh" bash "$0" "$@"
fi

passed=0 failed=0
pass() { passed=$((passed + 1)); printf 'ok - %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'not ok - %s\n' "$*"; }
finish() {
	printf '# load_smoke: %d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
	exit $?
}

work=$(mktemp -d "${TMPDIR:-/tmp}/rd-load-smoke.XXXXXX") && chmod 755 "$work" || exit 99  # pgbouncer runs as postgres in it
trap 'pgbouncer_stop 2>/dev/null; rm -rf "$work"' EXIT

"$RD_BIN" db seed --customers 80 --seed 2 >"$work/seed.log" 2>&1 ||
	{ cat "$work/seed.log"; fail "seed"; finish; }
printf 'load-smoke-pass\n' >"$work/pw"
for i in 1 2 3 4; do
	"$RD_BIN" agent add "load00$i" --name "Load $i" --role agent --password-file "$work/pw" \
		>/dev/null 2>"$work/agent.err" || { cat "$work/agent.err"; fail "agent add load00$i"; finish; }
done
pass "80 customers seeded, 4 agent logins"

admin="host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$RD_TEST_ADMIN"
direct="host=$PGHOST port=$PGPORT dbname=$PGDATABASE"
common=(--agents 4 --think-ms 150 --password-file "$work/pw" --admin-conninfo "$admin"
	--format json)

# invariants of a run's JSON: "name=PASS" lines
verdicts() { jq -r '.invariants[] | "\(.name)=\(if .pass then "PASS" else "FAIL" end)"' "$1"; }
all_pass() { # JSON WHAT
	local n
	n=$(jq '[.invariants[] | select(.pass)] | length' "$1" 2>/dev/null)
	if [ "${n:-0}" -ge 7 ] && [ "$(jq '.pass' "$1")" = true ]; then
		pass "$2: all $n invariants PASS"
	else
		fail "$2: invariants: $(verdicts "$1" 2>/dev/null | tr '\n' ' ')"
	fi
}

# --- a plain run ----------------------------------------------------------
"$RD_LOAD" "${common[@]}" --duration 5 --conninfo "$direct" >"$work/plain.json" 2>"$work/plain.err"
rc=$?
[ "$rc" -eq 0 ] && pass "a run exits 0" || { fail "a run exits $rc"; cat "$work/plain.err"; }
all_pass "$work/plain.json" "a run"
[ "$(jq '[.kinds[] | select(.kind != "live re-read" and .kind != "handoff" and .kind != "pause" and .kind != "open" and .ok == 0)] | length' "$work/plain.json")" = 0 ] &&
	pass "lookups, cards, orders, skips and notes all succeeded at least once" ||
	fail "some kind never succeeded: $(jq -c '[.kinds[] | {kind, ok}]' "$work/plain.json")"
[ "$(jq '[.kinds[] | .failed] | add' "$work/plain.json")" = 0 ] &&
	pass "no operation failed (conflicts and refusals are counted apart)" ||
	{ fail "failures: $(jq -c '[.kinds[] | {kind, failed}]' "$work/plain.json")"; cat "$work/plain.err"; }
[ "$(jq '.notifications.inquiry > 0 and .notifications.record > 0' "$work/plain.json")" = true ] &&
	pass "notifications of inquiries and records received" ||
	fail "notifications: $(jq -c .notifications "$work/plain.json")"
[ "$(jq '.server_backends_peak >= 4' "$work/plain.json")" = true ] &&
	pass "server backends sampled (peak $(jq .server_backends_peak "$work/plain.json"))" ||
	fail "backends peak: $(jq .server_backends_peak "$work/plain.json")"

# --- every agent's backend killed mid-run, in the middle of writes ----------
# The shared open inquiries are locked for a while so that notes and
# handoffs wait on them; then every agent's backend is killed: those
# writes end with the connection lost (an unknown outcome) and must be
# resolved by their request id after the reconnect.
"$RD_LOAD" "${common[@]}" --duration 6 --conninfo "$direct" >"$work/kill.json" 2>"$work/kill.err" &
pid=$!
sleep 1
psql -X -q -c "BEGIN" -c "SELECT count(*) FROM (SELECT id FROM rd.inquiries
	WHERE status IN ('open', 'in_progress') ORDER BY id LIMIT 4 FOR UPDATE) x" \
	-c "SELECT pg_sleep(3)" -c "COMMIT" >/dev/null &
locker=$!
sleep 2.5
killed=$(psql -X -At -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
	WHERE usename LIKE 'load0%'")
wait "$locker"
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] && pass "a run whose $killed backends were killed exits 0" ||
	{ fail "killed run exits $rc"; cat "$work/kill.err"; }
[ "$(jq '.reconnects >= 4' "$work/kill.json")" = true ] &&
	pass "the agents reconnected ($(jq .reconnects "$work/kill.json") reconnects, $(jq .without_service_ms.max_agent "$work/kill.json") ms without service at most)" ||
	fail "reconnects: $(jq .reconnects "$work/kill.json")"
[ "$(jq '[.kinds[] | select(.kind == "note" or .kind == "handoff") | .unavailable] | add > 0' "$work/kill.json")" = true ] &&
	pass "writes were cut off mid-way ($(jq -c '[.kinds[] | select(.unavailable > 0) | {kind, unavailable}]' "$work/kill.json"))" ||
	fail "no write was in flight when the backends were killed: $(jq -c '[.kinds[] | {kind, unavailable}]' "$work/kill.json")"
all_pass "$work/kill.json" "after the kill, the unknown outcomes resolved by request id"

# --- the server restarted mid-run ------------------------------------------
# Every connection is lost and the server refuses connections for a
# moment: the agents retry with backoff, come back by themselves, and
# lose nothing.
"$RD_LOAD" "${common[@]}" --duration 7 --conninfo "$direct" >"$work/restart.json" 2>"$work/restart.err" &
pid=$!
sleep 2.5
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
"${as_pg[@]}" pg_ctl -D "$PGHOST/data" -m fast -w restart >/dev/null 2>&1 ||
	fail "the server restarts"
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] && pass "a run across a server restart exits 0" ||
	{ fail "restart run exits $rc"; cat "$work/restart.err"; }
[ "$(jq '.reconnects >= 4 and .agents_gave_up == 0' "$work/restart.json")" = true ] &&
	pass "every agent came back ($(jq .reconnects "$work/restart.json") reconnects, $(jq .without_service_ms.max_agent "$work/restart.json") ms without service at most)" ||
	fail "after the restart: $(jq -c '{reconnects, agents_gave_up}' "$work/restart.json")"
all_pass "$work/restart.json" "across the restart"

# --- through PgBouncer -----------------------------------------------------
. "$srcdir/tests/lib/pgbouncer.sh"
why=$(pgbouncer_skip_reason)
if [ -n "$why" ]; then
	echo "# skip: through PgBouncer: $why"
else
	mkdir -p "$work/pgb"
	if ! pgbouncer_start "$work/pgb" 6433; then
		fail "pgbouncer starts"
		finish
	fi
	"$RD_LOAD" "${common[@]}" --duration 4 --conninfo "$RD_POOL_CONNINFO" \
		--listen-conninfo "$RD_POOL_LISTEN_CONNINFO" \
		>"$work/pooled.json" 2>"$work/pooled.err"
	rc=$?
	[ "$rc" -eq 0 ] && pass "through PgBouncer: exits 0" || { fail "pooled exits $rc"; cat "$work/pooled.err"; }
	all_pass "$work/pooled.json" "through PgBouncer"
	pgbouncer_stop
fi

# --- a deliberate break ------------------------------------------------------
"$RD_LOAD" "${common[@]}" --duration 3 --conninfo "$direct" --break-invariant \
	>"$work/break.json" 2>"$work/break.err"
rc=$?
[ "$rc" -eq 1 ] && pass "a broken invariant exits 1" || fail "a broken invariant exits $rc"
v=$(verdicts "$work/break.json" | tr '\n' ' ')
case $v in
*"acknowledged orders exist exactly once=FAIL"*"no order without an acknowledged or unknown request id=FAIL"*)
	pass "both order checks FAIL on the changed order" ;;
*) fail "order checks after the break: $v" ;;
esac
[ "$(jq '[.invariants[] | select(.pass)] | length' "$work/break.json")" -ge 5 ] &&
	pass "the other checks still PASS" || fail "after the break: $v"

finish
