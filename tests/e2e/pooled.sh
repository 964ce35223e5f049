#!/usr/bin/env bash
# pooled.sh: terminals through a transaction-pooling PgBouncer (issue 14
# §2), in Japanese.
#
# A throwaway cluster (tests/lib/pgtmp.sh, seeded with the demo agents,
# each given a password) behind Debian's PgBouncer (tests/lib/pgbouncer.sh:
# the database in transaction pooling for the work, its _listen entry in
# session pooling for LISTEN). presence_ttl_seconds is 6 here, so the
# terminals beat every 2 s.
#   1. suzuki and sato work through the transaction pool with
#      REPEATDESK_LISTEN_DB (suzuki) or [database] listen in the
#      configuration file (sato) naming the session pool: both top lines say
#      "DB ok" (not "live updates off"), each card shows the other agent
#      has it open, and a change made elsewhere (a customer edit on the
#      command line, through the pool too) shows on both cards without a
#      key.
#   2. PgBouncer drops the LISTEN connections (KILL on the session pool):
#      suzuki's top line says live updates are off, a change made then is
#      not shown; once they are back the card re-reads and shows it.
#   3. sato's terminal is killed with kill -9 while the card is open: the
#      "open by 佐藤" line leaves suzuki's card within the time to live and
#      one beat, and its row leaves rd_live.presence.
#   4. takahashi through the transaction pool WITHOUT a listen connection:
#      the top line says 「ライブ更新なし」 instead of "DB ok" within a few seconds (the
#      old terminals said "DB ok" and missed every notification).
#   5. pg_stat_activity names the terminals (application_name "repeatdesk
#      LOGIN@HOST TTY", the LISTEN connection with " listen"); `db status`
#      shows the listen connection without its password.
# Skips (77) when pgbouncer, tmux or the ja_JP.UTF-8 locale is missing, or
# PostgreSQL cannot run here (as pgtmp.sh decides).
set -u

srcroot=$(cd "$(dirname "$0")/../.." && pwd) || exit 99
if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
	RD_BIN=$PWD/repeatdesk
fi
export RD_BIN

# --- outside: run this script again inside a throwaway cluster -------------
if [ -z "${RD_POOLED_INSIDE:-}" ]; then
	. "$srcroot/tests/lib/pgbouncer.sh"
	reason=$(pgbouncer_skip_reason)
	if [ -n "$reason" ]; then
		printf '# e2e pooled: SKIP: %s\n' "$reason"
		exit 77
	fi
	RD_POOLED_INSIDE=1 exec bash "$srcroot/tests/lib/pgtmp.sh" bash "$srcroot/tests/e2e/pooled.sh" "$@"
fi

E2E_LANG=ja
. "$srcroot/tests/e2e/lib.sh"
. "$srcroot/tests/lib/pgbouncer.sh"
e2e_init pooled

pool_dir=$(mktemp -d "${TMPDIR:-/tmp}/rd-pool.XXXXXX") || e2e_skip "no temporary directory"
chmod 0755 "$pool_dir"
# e2e_finish ends through e2e_cleanup (which drops EXIT traps): stop
# pgbouncer there, so no run leaves one behind
eval "$(declare -f e2e_cleanup | sed '1s/e2e_cleanup/e2e_cleanup_base/')"
e2e_cleanup() {
	pgbouncer_stop
	rm -rf "$pool_dir"
	e2e_cleanup_base
}
trap e2e_cleanup EXIT

psql_a() { psql -X -At -v ON_ERROR_STOP=1 -c "$1"; }

"$RD_BIN" db seed --customers 30 --seed 2 >"$E2E_TMP/seed.log" 2>&1 ||
	{ sed 's/^/| /' "$E2E_TMP/seed.log"; e2e_fail "db seed"; e2e_finish; }
for who in sato suzuki takahashi; do
	psql_a "ALTER ROLE $who PASSWORD 'pw-$who-14'" >/dev/null ||
		{ e2e_fail "a password for $who"; e2e_finish; }
done
psql_a "UPDATE rd.settings SET value = '6' WHERE key = 'presence_ttl_seconds'" >/dev/null
pgbouncer_start "$pool_dir" $((PGPORT + 7)) || { e2e_fail "pgbouncer starts"; e2e_finish; }

# a customer whose number is theirs alone: the screen pop opens the card
code=$(psql_a "SELECT code FROM rd.customers c WHERE phone1 <> ''
	AND (SELECT count(*) FROM rd.customers d WHERE d.phone1 = c.phone1 OR d.phone2 = c.phone1) = 1
	ORDER BY id LIMIT 1")
phone=$(psql_a "SELECT phone1 FROM rd.customers WHERE code = '$code'")
[ -n "$code" ] && [ -n "$phone" ] || { e2e_fail "a customer to look at"; e2e_finish; }

ok_text=$(e2e_msg "DB ok")
off_text=$(e2e_msg "live updates off")

# the other way to name the listen connection: the configuration file
printf '[database]\nlisten = %s\n' "$RD_POOL_LISTEN_CONNINFO" >"$pool_dir/listen.conf"

# term NAME LOGIN [LISTEN]: a terminal of LOGIN through the transaction
# pool, LISTEN through the session pool when asked (env: by
# REPEATDESK_LISTEN_DB, conf: by [database] listen); the card of the
# customer opened by --caller.
term() {
	local name=$1 login=$2 listen=${3:-} env=() conf=/dev/null
	case $listen in
	env) env=(REPEATDESK_LISTEN_DB="$RD_POOL_LISTEN_CONNINFO") ;;
	conf) conf=$pool_dir/listen.conf ;;
	esac
	e2e_term_start "$name" PGPASSWORD="pw-$login-14" REPEATDESK_CONFIG="$conf" "${env[@]}" \
		"$RD_BIN" --db "$RD_POOL_CONNINFO" --as "$login" --caller "$phone"
}
# the CLI through the transaction pool
cli() { PGPASSWORD="pw-$1-14" "$RD_BIN" --db "$RD_POOL_CONNINFO" --as "$@"; }
top_line() { e2e_term_screen "$1" | head -n 1; }

# --- 1. two agents through the pool, live updates on ----------------------
term a suzuki env
e2e_term_wait a "$code" || e2e_finish
term b sato conf
e2e_term_wait b "$code" || e2e_finish
# each card names the other agent (presence through the pool)
e2e_term_expect a "佐藤 花子 が" "suzuki's card shows that sato has the customer open"
e2e_term_expect b "鈴木 一郎 が" "sato's card shows that suzuki has it open"
# a few beats: the top lines stay "DB ok"
sleep 5
for t in a b; do
	line=$(top_line $t)
	case $line in
	*"$off_text"*) e2e_fail "terminal $t with a listen connection says live updates are off: $line" ;;
	*"$ok_text"*) e2e_pass "terminal $t says DB ok through the pool (its beat comes back)" ;;
	*) e2e_fail "terminal $t: no DB state on the top line: $line" ;;
	esac
done
cli takahashi customer edit "$code" --address1 "港区虎ノ門5-5-5" --reason "プール越しの変更" \
	>/dev/null 2>"$E2E_TMP/edit.err" || { sed 's/^/| /' "$E2E_TMP/edit.err"; e2e_fail "a customer edit through the pool"; }
e2e_term_expect a "港区虎ノ門5-5-5" "suzuki's card shows the change made elsewhere, without a key"
e2e_term_expect b "港区虎ノ門5-5-5" "so does sato's"
e2e_assert_eq "$(cli takahashi customer show "$code" --format json | jq -r '.customer.address1')" \
	"港区虎ノ門5-5-5" "the database has it"

# --- 2. the LISTEN connection lost and back: the card re-reads ------------
# PgBouncer drops the session pool's connections and holds new ones; the
# work goes on through the transaction pool
pgbouncer_admin "KILL $RD_POOL_LISTEN_DB" >/dev/null
e2e_term_expect a "$off_text" "suzuki's top line says live updates are off while they cannot arrive"
cli takahashi customer edit "$code" --address1 "港区赤坂6-6-6" --reason "接続断の間の変更" \
	>/dev/null 2>"$E2E_TMP/edit.err" || { sed 's/^/| /' "$E2E_TMP/edit.err"; e2e_fail "an edit while LISTEN is down"; }
sleep 1
e2e_assert_eq "$(e2e_term_screen a | grep -c "港区赤坂6-6-6")" 0 \
	"the change made meanwhile is not shown yet (its notification is lost)"
pgbouncer_admin "RESUME $RD_POOL_LISTEN_DB" >/dev/null
e2e_term_expect a "港区赤坂6-6-6" "back: the card re-reads and shows the change made meanwhile"
e2e_term_wait a "$ok_text" >/dev/null
case $(top_line a) in
*"$off_text"*) e2e_fail "suzuki's top line still says live updates are off" ;;
*"$ok_text"*) e2e_pass "and the top line says DB ok again" ;;
*) e2e_fail "suzuki's top line: $(top_line a)" ;;
esac

# --- 3. a terminal killed with kill -9 leaves the other cards --------------
b_pid=$(e2e_tmux list-panes -t b -F '#{pane_pid}')
kill -9 "$b_pid" 2>/dev/null || e2e_fail "kill -9 sato's terminal"
e2e_assert_eq "$(psql_a "SELECT count(*) FROM rd_live.presence WHERE login = 'sato'")" 1 \
	"right after the kill, sato's presence is still there (no pid to look at)"
t0=$(date +%s)
gone=0
for _ in $(seq 1 150); do
	e2e_term_screen a | grep -qF "佐藤 花子 が" || { gone=1; break; }
	sleep 0.1
done
if [ "$gone" -eq 1 ]; then
	e2e_pass "sato's presence left suzuki's card $(( $(date +%s) - t0 )) s after the kill (ttl 6 s)"
else
	e2e_fail "sato's presence still on suzuki's card 15 s after the kill"
	e2e_term_screen a | sed 's/^/| /'
fi
# the row itself goes at the next sweep (0165: one beat in half the ttl,
# here every 3 s, sweeps), a few seconds after it stopped counting
left=1
for _ in $(seq 1 100); do
	left=$(psql_a "SELECT count(*) FROM rd_live.presence WHERE login = 'sato'")
	[ "$left" = 0 ] && break
	sleep 0.1
done
e2e_assert_eq "$left" 0 "and a sweep removes its row from rd_live.presence"
e2e_assert_eq "$(psql_a "SELECT count(*) FROM rd_live.presence WHERE login = 'suzuki'
	AND expires_at > now()")" 1 "suzuki's own presence is kept alive by its beat"

# --- 4. no listen connection through the transaction pool ------------------
term c takahashi ""
e2e_term_wait c "$code" || e2e_finish
e2e_term_expect c "$off_text" "without a listen connection the top line says live updates are off"
e2e_term_expect c "$(e2e_msg "Live updates are not arriving: changes made at other terminals show only when a screen is opened again.")" \
	"and the message line says what it means"
case $(top_line a) in
*"$off_text"*) e2e_fail "suzuki's terminal turned off too" ;;
*) e2e_pass "suzuki's terminal still has live updates" ;;
esac
case $(top_line c) in
*"$ok_text"*) e2e_fail "the terminal without live updates still says DB ok: $(top_line c)" ;;
*) e2e_pass "and not DB ok" ;;
esac

# --- 5. who is who: pg_stat_activity, db status ----------------------------
e2e_assert_eq "$(psql_a "SELECT count(*) > 0 FROM pg_stat_activity
	WHERE application_name LIKE 'repeatdesk suzuki@% listen'")" t \
	"the LISTEN connection is named after suzuki's terminal"
e2e_assert_eq "$(pgbouncer_admin 'SHOW POOLS' | awk -v db="$RD_POOL_LISTEN_DB" '$1 == db && $2 == "suzuki" { print "yes" }')" \
	yes "suzuki's LISTEN goes through the session pool"

REPEATDESK_LISTEN_DB="$RD_POOL_LISTEN_CONNINFO password=not-for-eyes" \
	"$RD_BIN" db status --format json >"$E2E_TMP/status.json" 2>"$E2E_TMP/status.err"
e2e_assert_eq "$(jq -r --arg db "dbname=$RD_POOL_LISTEN_DB" '.[] | select(.kind == "listen")
	| (.detail | contains("password=***")) and (.detail | contains($db))' "$E2E_TMP/status.json")" \
	true "db status shows the listen connection with its password hidden"
e2e_assert_eq "$(cat "$E2E_TMP/status.json" "$E2E_TMP/status.err" | grep -c not-for-eyes)" 0 \
	"the password is printed nowhere"

e2e_term_send a F10
e2e_term_send c F10
e2e_finish
