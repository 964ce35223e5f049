#!/bin/bash
# restore.sh: a backup, taken as doc/backup.md says, restores into a fresh
# cluster and the desk works there (issue 14, section 6).
#
# The source is a tests/lib/pgtmp.sh cluster with a central-style database
# "desk" owned by a login that is not a superuser (CREATEROLE only, as
# doc/deployment.md asks): it runs the migrations and creates the first
# supervisor. Demo data (db seed, a superuser's job), then changes through
# the command line with reasons: a customer edit, an order, a skip, an
# inquiry with a note, a supervisor's revert; the history is sealed.
#
# Backup: pg_dumpall --globals-only (the agents are roles of the whole
# cluster) and pg_dump -Fc of the database. Restore into a second, fresh
# cluster (pgtmp.sh with RD_PGTMP_BARE=1): the globals with psql, the
# database with pg_restore --create. Then, on the restored desk:
#   - every agent logs in with their own password (a wrong one is refused);
#   - the owner still owns the database and is still no superuser;
#   - the database's time limits (0135) are there (SHOW as an agent);
#   - the history: same rows, same last id, same hash chain (history
#     verify: no problem, the same last hash), still append-only: UPDATE,
#     DELETE and TRUNCATE refused for an agent, the owner and a superuser;
#   - customers, orders, inquiries as they were;
#   - a new change through the command line records its history (its
#     actor, its reason, a new id after the old ones) and a new seal
#     chains on.
#
# Prints "# restore: N passed, M failed"; exits 0/1, 77 when PostgreSQL
# cannot run here.

set -u

srcdir=${RD_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
self="$srcdir/tests/db/restore.sh"
if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
	RD_BIN=$PWD/repeatdesk
fi
export RD_BIN RD_SRCDIR="$srcdir"
command -v jq >/dev/null 2>&1 || { echo "restore: SKIP: jq is missing" >&2; exit 77; }
[ -x "${RD_BIN:-}" ] || { echo "restore: no repeatdesk binary (RD_BIN)" >&2; exit 99; }

stage=${1:-}
if [ -z "$stage" ]; then
	exec bash "$srcdir/tests/lib/pgtmp.sh" bash "$self" source
fi

# ---- counting (both stages write one file) ----------------------------------
pass() { printf 'ok - %s\n' "$1"; echo p >>"$WORK/count"; }
fail() { printf 'not ok - %s\n' "$1"; echo f >>"$WORK/count"; }
check_eq() { # GOT WANT LABEL
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3: got '$1', wanted '$2'"; fi
}
check_rc() { # RC WANT LABEL
	if [ "$1" -eq "$2" ]; then pass "$3"; else fail "$3: exit $1, wanted $2: $(head -c 300 "$WORK/err")"; fi
}
# rd ROLE PASSWORD ARGS...: the command line as ROLE on the desk database
rd() {
	local who=$1 pw=$2
	shift 2
	PGPASSWORD=$pw "$RD_BIN" --db "host=$PGHOST port=$PGPORT dbname=desk" --as "$who" "$@" \
		>"$WORK/out" 2>"$WORK/err" </dev/null
}
# q SQL: one value, as the cluster's superuser, on the desk database
q() { psql -X -qAt -d desk -c "$1"; }
# q_as ROLE PASSWORD SQL: psql as ROLE with its password; prints the
# SQLSTATE-bearing error text on failure
q_as() {
	PGPASSWORD=$2 psql -X -qAt -v ON_ERROR_STOP=1 -v VERBOSITY=verbose \
		-h "$PGHOST" -p "$PGPORT" -U "$1" -d desk -c "$3" 2>&1
}
pw_of() { sed -n "s/^$1 //p" "$WORK/passwords"; }
# vj FILTER: a field of history verify's json (one row)
vj() { jq -r "(if type == \"array\" then .[0] else . end) | $1" "$WORK/out"; }

# a statement refused with a given SQLSTATE family ("42501", "P0001", ...)
refused() { # ROLE PASSWORD SQL LABEL
	local out
	if out=$(q_as "$1" "$2" "$3"); then
		fail "$4: it went through"
	else
		pass "$4 ($(printf '%s' "$out" | sed -n 's/^ERROR: *\([0-9A-Z]\{5\}\).*/\1/p' | head -1))"
	fi
}

if [ "$stage" = source ]; then
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/rdrestore.XXXXXX") || exit 99
	export WORK
	trap 'rm -rf "$WORK"' EXIT
	: >"$WORK/count"
	echo "# source cluster: $PGHOST"

	# -- a central database, owned by a login that is no superuser -----
	psql -X -q -d postgres -c "CREATE ROLE desk_owner LOGIN CREATEROLE PASSWORD 'owner-pw-1234'" || exit 99
	createdb -O desk_owner -T template0 -E UTF8 desk || exit 99
	echo "desk_owner owner-pw-1234" >"$WORK/passwords"
	rd desk_owner owner-pw-1234 db migrate
	check_rc $? 0 "the owner (CREATEROLE, no superuser) applies the migrations"
	check_eq "$(q "SELECT rolsuper FROM pg_roles WHERE rolname = 'desk_owner'")" f \
		"the owner is no superuser"
	printf 'boss-pw-12345\n' >"$WORK/boss.pw"
	rd desk_owner owner-pw-1234 agent add boss --name '上司 一郎' --role supervisor \
		--password-file "$WORK/boss.pw"
	check_rc $? 0 "the owner creates the first supervisor"
	echo "boss boss-pw-12345" >>"$WORK/passwords"
	printf 'yamada-pw-123\n' >"$WORK/yamada.pw"
	rd boss boss-pw-12345 agent add yamada --name '山田 次郎' --role agent \
		--password-file "$WORK/yamada.pw"
	check_rc $? 0 "the first supervisor adds an agent"
	echo "yamada yamada-pw-123" >>"$WORK/passwords"

	# -- demo data (a superuser's job: it loads history as it was) ------
	"$RD_BIN" --db "host=$PGHOST port=$PGPORT dbname=desk user=$RD_TEST_ADMIN" \
		db seed --customers 40 --seed 7 >"$WORK/out" 2>"$WORK/err" </dev/null
	check_rc $? 0 "db seed"
	sed -n 's/^demo agent \([a-z]*\) ([a-z]*): password \(.*\)$/\1 \2/p' "$WORK/out" \
		>>"$WORK/passwords"
	check_eq "$(wc -l <"$WORK/passwords")" 6 "the demo agents' passwords are printed once"
	SATO=$(pw_of sato) SUZUKI=$(pw_of suzuki) TAKA=$(pw_of takahashi)

	# -- changes with reasons, through the command line -----------------
	code=$(q "SELECT code FROM rd.customers ORDER BY id LIMIT 1")
	rd sato "$SATO" customer edit "$code" --notes '裏口に置き配' --reason '置き配の依頼'
	check_rc $? 0 "an operator edits a customer"
	rd sato "$SATO" customer edit "$code" --address2 '301号室' --reason '部屋番号'
	check_rc $? 0 "and again"
	sku=$(q "SELECT sku FROM rd.products WHERE active ORDER BY id LIMIT 1")
	rd sato "$SATO" order create --customer "$code" --item "$sku:2" --payment bank \
		--reason '電話注文' --format json
	check_rc $? 0 "an operator takes an order"
	# the one whose next delivery is furthest: past no cut-off
	sub=$(q "SELECT id FROM rd.subscriptions WHERE status = 'active'
		 ORDER BY next_date DESC, id LIMIT 1")
	rd suzuki "$SUZUKI" subscription skip "$sub" --reason '旅行で不在'
	check_rc $? 0 "an agent skips a delivery"
	rd sato "$SATO" inquiry open --customer "$code" --category skip --subject '次回スキップ希望' \
		--note 'お客様よりお電話' --reason 'call' --format json
	check_rc $? 0 "an operator opens an inquiry"
	inq=$(jq -r .id "$WORK/out")
	rd sato "$SATO" inquiry note "$inq" --note '折り返し不要' --reason 'メモ'
	check_rc $? 0 "and notes it"
	hid=$(q "SELECT max(id) FROM rd.history WHERE table_name = 'customers'
		 AND 'address2' = ANY (changed) AND actor = 'sato'")
	rd takahashi "$TAKA" history revert "$hid" --reason '誤入力'
	check_rc $? 0 "a supervisor reverts a change"
	rd takahashi "$TAKA" history seal
	check_rc $? 0 "the history is sealed"
	rd takahashi "$TAKA" history verify --format json
	check_rc $? 0 "and verified"
	vj '.last_hash // empty' >"$WORK/hash"
	[ -s "$WORK/hash" ] && pass "verify names the last hash" ||
		fail "verify names the last hash: $(cat "$WORK/out")"
	# one change after the seal: left unsealed, it must come across too
	rd suzuki "$SUZUKI" inquiry note "$inq" --note '確認済み' --reason 'メモ'
	check_rc $? 0 "a change after the seal"

	q "SELECT count(*), max(id) FROM rd.history" >"$WORK/history"
	q "SELECT (SELECT count(*) FROM rd.customers), (SELECT count(*) FROM rd.orders),
		  (SELECT count(*) FROM rd.inquiry_entries), (SELECT count(*) FROM rd.subscription_skips),
		  (SELECT notes FROM rd.customers WHERE code = '$code'),
		  (SELECT coalesce(address2, '') FROM rd.customers WHERE code = '$code')" >"$WORK/rows"
	printf '%s\n' "$code" >"$WORK/code"
	printf '%s\n' "$inq" >"$WORK/inq"

	# -- the backup, as doc/backup.md says ------------------------------
	pg_dumpall --globals-only --no-tablespaces -f "$WORK/globals.sql"
	check_rc $? 0 "pg_dumpall --globals-only"
	pg_dump -Fc -d desk -f "$WORK/desk.dump"
	check_rc $? 0 "pg_dump -Fc"

	# -- a fresh cluster for the restore --------------------------------
	RD_PGTMP_BARE=1 bash "$srcdir/tests/lib/pgtmp.sh" bash "$self" target
	st=$?
	[ "$st" -eq 0 ] || fail "the target stage ended with $st"
	np=$(grep -c p "$WORK/count")
	nf=$(grep -c f "$WORK/count")
	echo "# restore: $np passed, $nf failed"
	[ "$nf" -eq 0 ]
	exit
fi

# ---- stage target: a fresh cluster, nothing in it ---------------------------
[ "$stage" = target ] || { echo "usage: $0" >&2; exit 2; }
echo "# target cluster: $PGHOST"
SATO=$(pw_of sato) SUZUKI=$(pw_of suzuki) TAKA=$(pw_of takahashi)
code=$(cat "$WORK/code") inq=$(cat "$WORK/inq")

# the globals: this cluster's own bootstrap superuser already exists, so
# its CREATE ROLE is the one error expected
psql -X -q -d postgres -f "$WORK/globals.sql" >"$WORK/globals.log" 2>&1
errs=$(grep -c 'ERROR' "$WORK/globals.log")
other=$(grep 'ERROR' "$WORK/globals.log" | grep -vc "role \"$RD_TEST_ADMIN\" already exists")
check_eq "$errs/$other" "1/0" "the globals restore (only the bootstrap superuser existed already)"
pg_restore --create -d postgres "$WORK/desk.dump" >"$WORK/err" 2>&1
check_rc $? 0 "pg_restore --create"

check_eq "$(q "SELECT datdba::regrole FROM pg_database WHERE datname = 'desk'")" desk_owner \
	"the owner still owns the database"
check_eq "$(q "SELECT rolsuper::text || rolcreaterole::text FROM pg_roles WHERE rolname = 'desk_owner'")" \
	falsetrue "the owner is still CREATEROLE and no superuser"

# agents log in with their own passwords
while read -r who pw; do
	rd "$who" "$pw" agent list --format json
	check_rc $? 0 "$who logs in with their own password"
done <"$WORK/passwords"
rd suzuki wrong-password agent list
check_rc $? 3 "a wrong password is refused"

# the database's time limits came with pg_dump's database settings
for s in statement_timeout=15s lock_timeout=5s idle_in_transaction_session_timeout=1min; do
	check_eq "$(q_as suzuki "$SUZUKI" "SHOW ${s%%=*}")" "${s#*=}" "an agent's ${s%%=*} is ${s#*=}"
done

# the history, whole and chained
check_eq "$(q "SELECT count(*), max(id) FROM rd.history")" "$(cat "$WORK/history")" \
	"the history: same rows, same last id"
check_eq "$(q "SELECT (SELECT count(*) FROM rd.customers), (SELECT count(*) FROM rd.orders),
	  (SELECT count(*) FROM rd.inquiry_entries), (SELECT count(*) FROM rd.subscription_skips),
	  (SELECT notes FROM rd.customers WHERE code = '$code'),
	  (SELECT coalesce(address2, '') FROM rd.customers WHERE code = '$code')")" \
	"$(cat "$WORK/rows")" "customers, orders, inquiry entries, skips and the reverted field as they were"
rd takahashi "$TAKA" history verify --format json
check_rc $? 0 "history verify on the restored desk"
check_eq "$(vj '.problem // ""')" "" "no row altered, removed or out of order"
check_eq "$(vj '.last_hash')" "$(cat "$WORK/hash")" \
	"the same hash chain (last hash)"

# still append-only, for every role, the owner and a superuser included
hid=$(q "SELECT max(id) FROM rd.history")
refused suzuki "$SUZUKI" "UPDATE rd.history SET reason = 'x' WHERE id = $hid" "an agent cannot UPDATE history"
refused suzuki "$SUZUKI" "DELETE FROM rd.history WHERE id = $hid" "an agent cannot DELETE history"
refused takahashi "$TAKA" "UPDATE rd.history SET reason = 'x' WHERE id = $hid" "a supervisor cannot UPDATE history"
refused desk_owner owner-pw-1234 "UPDATE rd.history SET reason = 'x' WHERE id = $hid" "the owner cannot UPDATE history"
refused desk_owner owner-pw-1234 "DELETE FROM rd.history WHERE id = $hid" "the owner cannot DELETE history"
refused desk_owner owner-pw-1234 "TRUNCATE rd.history CASCADE" "the owner cannot TRUNCATE history"
if psql -X -q -v ON_ERROR_STOP=1 -d desk -c "UPDATE rd.history SET reason = 'x' WHERE id = $hid" \
	>/dev/null 2>&1; then
	fail "a superuser cannot UPDATE history (without dropping its triggers)"
else
	pass "a superuser cannot UPDATE history (without dropping its triggers)"
fi
check_eq "$(q "SELECT count(*) FROM rd.history WHERE reason = 'x'")" 0 "nothing was rewritten"

# the desk works: a new change records its history after the old ones
old_max=$(q "SELECT max(id) FROM rd.history")
rd suzuki "$SUZUKI" inquiry note "$inq" --note '復元後の確認' --reason '復元後'
check_rc $? 0 "an agent writes on the restored desk"
check_eq "$(q "SELECT count(*) > 0, bool_and(actor = 'suzuki'), bool_and(reason = '復元後')
	     FROM rd.history WHERE id > $old_max")" "t|t|t" \
	"its history: new ids after the old ones, the agent's own login, the reason"
rd sato "$SATO" customer edit "$code" --notes '復元後のメモ' --reason '復元後の変更'
check_rc $? 0 "an operator edits a customer on the restored desk"
rd takahashi "$TAKA" history seal
check_rc $? 0 "a new seal"
rd takahashi "$TAKA" history verify --format json
check_eq "$(vj '(.problem // "") + ":" + (.unsealed | tostring)')" ":0" \
	"the chain goes on from the restored one, every row sealed"
exit 0
