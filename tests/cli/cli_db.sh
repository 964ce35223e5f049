#!/usr/bin/env bash
# cli_db.sh: the command-line contract of the foundation, against a real
# embedded database: exit codes, one-line errors, db init/start/stop/status/
# migrate/seed, agents and their logins, the cycle command.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init cli_db

# --- no database needed ---
run "$RD_BIN" --version; expect_rc 0 "--version"; expect_out '^repeatdesk [0-9]' "version printed"
run "$RD_BIN" --help; expect_rc 0 "--help"; expect_out 'Usage: repeatdesk' "usage printed"
run "$RD_BIN" frobnicate; expect_rc 2 "unknown command"; expect_one_line_error "unknown command"
run "$RD_BIN" --bogus; expect_rc 2 "unknown option"; expect_one_line_error "unknown option"
run "$RD_BIN" db; expect_rc 2 "db without a subcommand"
run "$RD_BIN" cycle dates 1m:31 --from 2027-12-31 --count 4; expect_rc 0 "cycle dates"
printf '2028-01-31\n2028-02-29\n2028-03-31\n2028-04-30\n' >"$E2E_TMP/want"
if cmp -s "$E2E_TMP/want" "$E2E_TMP/out"; then e2e_pass "1m:31 clamps to Feb 29 and returns to the 31st"
else e2e_fail "cycle dates output: $(cat "$E2E_TMP/out")"; fi
run "$RD_BIN" cycle describe 1m:2tue; expect_out '^every month on the 2nd Tuesday$' "cycle described in words"
run "$RD_BIN" cycle dates 2w:fri --from 2026-11-22 --count 2 --format json
expect_json .dates '["2026-12-04","2026-12-18"]' "cycle dates as json"
run "$RD_BIN" cycle dates 2w:fry; expect_rc 2 "bad cycle spec"; expect_one_line_error "bad cycle spec"
grep -q "unknown weekday 'fry'" "$E2E_TMP/err" && e2e_pass "bad spec message names the problem" ||
	e2e_fail "bad spec message: $(cat "$E2E_TMP/err")"
run "$RD_BIN" cycle dates 1m:15 --from 2026-02-30; expect_rc 2 "date that does not exist"
run "$RD_BIN" cycle dates 1m:15 --count 0; expect_rc 2 "count out of range"

# --- no database configured ---
REPEATDESK_HOME=$E2E_TMP/nothing run "$RD_BIN" db status
expect_rc 1 "db status without a database"; expect_one_line_error "db status without a database"
REPEATDESK_HOME=$E2E_TMP/nothing run "$RD_BIN" agent list
expect_rc 3 "agent list without a database"; expect_one_line_error "agent list without a database"
run "$RD_BIN" --db "host=$E2E_TMP/nowhere dbname=x" agent list
expect_rc 3 "unreachable --db"; expect_one_line_error "unreachable --db"

# --- the embedded database ---
e2e_db_setup
run "$RD_BIN" db init; expect_rc 1 "db init twice is refused"
run "$RD_BIN" db migrate; expect_rc 0 "db migrate again"; expect_out 'up to date' "migrate is idempotent"
run "$RD_BIN" db status --format json; expect_rc 0 "db status json"
expect_json '.[] | select(.kind == "database") | .state' running "status says running"
migrations=$(ls "${RD_SRCDIR:-$(dirname "$0")/../..}"/db/migrations/[0-9]*.sql | wc -l)
expect_json '[.[] | select(.kind == "migration") | .state] | "\(length) \(map(select(. != "applied")) | length)"' \
	"$migrations 0" "every migration ($migrations) listed, none pending after migrate"
perm=$(stat -c %a "$REPEATDESK_HOME/server/run/." 2>/dev/null || stat -L -c %a "$REPEATDESK_HOME/server/run")
[ "$perm" = 700 ] && e2e_pass "socket directory is 0700" || e2e_fail "socket directory mode $perm"
for f in admin.pass agents.pass; do
	m=$(stat -c %a "$REPEATDESK_HOME/$f")
	[ "$m" = 600 ] && e2e_pass "$f is 0600" || e2e_fail "$f mode $m"
done
"$RD_BIN" db psql -At -c "show listen_addresses" >"$E2E_TMP/out" 2>&1
[ "$(cat "$E2E_TMP/out")" = "" ] && e2e_pass "no TCP port (listen_addresses empty)" ||
	e2e_fail "listen_addresses: $(cat "$E2E_TMP/out")"

run "$RD_BIN" agent list --format csv; expect_rc 0 "agent list"
expect_out '^sato,佐藤 花子,operator' "demo operator"
expect_out '^suzuki,鈴木 一郎,agent' "demo agent"
expect_out '^takahashi,高橋 美咲,supervisor' "demo supervisor"
run "$RD_BIN" db seed --customers 10; expect_rc 1 "seeding twice is refused"

# agents: the database decides who may add one
run "$RD_BIN" --as sato agent add yamada --name '山田 太郎' --role agent
expect_rc 1 "an operator may not add agents"; expect_one_line_error "operator adds agent"
run "$RD_BIN" --as takahashi agent add yamada --name '山田 太郎' --role agent
expect_rc 0 "a supervisor adds an agent"
run "$RD_BIN" --as yamada agent list --format csv
expect_rc 0 "the new agent logs in with its own password"; expect_out '^yamada,山田 太郎,agent' "new agent listed"
run "$RD_BIN" --as takahashi agent add yamada --name '山田 太郎' --role agent
expect_rc 1 "adding the same login twice"; expect_one_line_error "duplicate agent"
run "$RD_BIN" agent add 'Bad Login' --name x --role agent; expect_rc 2 "malformed login"
run "$RD_BIN" agent add okname --name x --role boss; expect_rc 2 "unknown role"
run "$RD_BIN" db psql -At -c "select actor || '|' || reason from rd.history where table_name = 'agents' and new_row->>'login' = 'yamada'"
# the reason is kept in the business's language (ja by default)
expect_out '^takahashi|エージェント yamada を追加$' "history names the supervisor and the reason"

# a wrong password on a central-style connection
PGPASSWORD=wrong run "$RD_BIN" --db "host=$REPEATDESK_HOME/server/run dbname=repeatdesk" --as sato agent list </dev/null
expect_rc 3 "wrong password"; expect_one_line_error "wrong password"
grep -q "login refused for 'sato'" "$E2E_TMP/err" && e2e_pass "wrong password says login refused" ||
	e2e_fail "wrong password message: $(cat "$E2E_TMP/err")"

# stop and start
run "$RD_BIN" db stop; expect_rc 0 "db stop"
run "$RD_BIN" db status; expect_out 'stopped' "status after stop"
run "$RD_BIN" agent list; expect_rc 0 "a command starts the stopped embedded database"
e2e_finish
