# shellcheck shell=bash
# tests/lib/pgbouncer.sh: Debian's PgBouncer in front of a test cluster
# (sourced by tests and bench scripts; one piece of code for all of them).
#
#   pgbouncer_start DIR [PORT]
#
# Needs PGHOST (the server's socket directory), PGPORT, PGDATABASE and
# RD_TEST_ADMIN (a role the server trusts on its socket), as
# tests/lib/pgtmp.sh exports them. Starts pgbouncer as the server's user
# (it refuses root) with its socket in DIR (which must exist) and:
#
#   $PGDATABASE          transaction pooling: the terminals' work
#   ${PGDATABASE}_listen session pooling: the terminals' LISTEN connection
#   pgbouncer            the admin console (SHOW POOLS, SHOW SERVERS)
#
# Logins are checked by pgbouncer against the server's own SCRAM verifiers
# (auth_query as RD_TEST_ADMIN), so every agent keeps its own login and
# password, and pgbouncer logs in to the server as that agent (SCRAM
# pass-through). Sets RD_POOL_HOST RD_POOL_PORT RD_POOL_DB RD_POOL_LISTEN_DB
# and the conninfo strings RD_POOL_CONNINFO and RD_POOL_LISTEN_CONNINFO.
# Settings: RD_POOL_SIZE (server connections per login, default 2),
# RD_POOL_MAX_DB (server connections of the transaction pool in all,
# default 0 = no limit; the session pool is never capped: each terminal
# holds its LISTEN connection for good), RD_POOL_IDLE (server_idle_timeout seconds, default 10).
#
#   pgbouncer_stop            stops it (also at exit of the test's cleanup)
#   pgbouncer_admin SQL       runs SQL on the admin console (psql -At)
#   pgbouncer_skip_reason     prints why pgbouncer cannot run here ("" if it can)

pgbouncer_bin() {
	command -v pgbouncer 2>/dev/null || { [ -x /usr/sbin/pgbouncer ] && echo /usr/sbin/pgbouncer; }
}

pgbouncer_skip_reason() {
	if [ -z "$(pgbouncer_bin)" ]; then
		echo "pgbouncer is not installed (apt-get install pgbouncer)"
	elif [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
		echo "running as root with no 'postgres' user to run pgbouncer as"
	fi
}

pgbouncer_start() {
	local dir=$1 port=${2:-6432} bin run=()
	bin=$(pgbouncer_bin) || return 1
	[ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
	RD_POOL_DIR=$dir
	cat >"$dir/pgbouncer.ini" <<EOF
[databases]
$PGDATABASE = host=$PGHOST port=$PGPORT dbname=$PGDATABASE pool_mode=transaction max_db_connections=${RD_POOL_MAX_DB:-0}
${PGDATABASE}_listen = host=$PGHOST port=$PGPORT dbname=$PGDATABASE pool_mode=session

[pgbouncer]
listen_addr =
unix_socket_dir = $dir
listen_port = $port
auth_type = hba
auth_hba_file = $dir/pgbouncer_hba.conf
auth_file = $dir/userlist.txt
auth_user = $RD_TEST_ADMIN
auth_query = SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = \$1
admin_users = $RD_TEST_ADMIN
stats_users = $RD_TEST_ADMIN
pool_mode = transaction
default_pool_size = ${RD_POOL_SIZE:-2}
max_client_conn = 2000
server_idle_timeout = ${RD_POOL_IDLE:-10}
server_lifetime = 3600
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
	printf '"%s" ""\n' "$RD_TEST_ADMIN" >"$dir/userlist.txt"
	printf 'local pgbouncer %s trust\nlocal all %s trust\nlocal all all scram-sha-256\n' \
		"$RD_TEST_ADMIN" "$RD_TEST_ADMIN" >"$dir/pgbouncer_hba.conf"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pgbouncer.ini" "$dir/userlist.txt" \
		"$dir/pgbouncer_hba.conf" && chown postgres: "$dir"
	"${run[@]}" "$bin" -d -q "$dir/pgbouncer.ini" || return 1
	# ready when the admin console answers
	local i
	for i in $(seq 1 50); do
		psql -X -q -At -h "$dir" -p "$port" -U "$RD_TEST_ADMIN" pgbouncer \
			-c 'SHOW VERSION' >/dev/null 2>&1 && break
		sleep 0.1
	done
	RD_POOL_HOST=$dir RD_POOL_PORT=$port RD_POOL_DB=$PGDATABASE
	RD_POOL_LISTEN_DB=${PGDATABASE}_listen
	RD_POOL_CONNINFO="host=$dir port=$port dbname=$PGDATABASE"
	RD_POOL_LISTEN_CONNINFO="host=$dir port=$port dbname=${PGDATABASE}_listen"
	export RD_POOL_HOST RD_POOL_PORT RD_POOL_DB RD_POOL_LISTEN_DB \
		RD_POOL_CONNINFO RD_POOL_LISTEN_CONNINFO RD_POOL_DIR
	pgbouncer_admin 'SHOW VERSION' >/dev/null
}

pgbouncer_admin() {
	psql -X -q -At -F ' ' -h "$RD_POOL_HOST" -p "$RD_POOL_PORT" -U "$RD_TEST_ADMIN" \
		pgbouncer -c "$1"
}

pgbouncer_stop() {
	[ -n "${RD_POOL_DIR:-}" ] && [ -f "$RD_POOL_DIR/pgbouncer.pid" ] || return 0
	kill "$(cat "$RD_POOL_DIR/pgbouncer.pid")" 2>/dev/null
	local i
	for i in $(seq 1 30); do
		[ -f "$RD_POOL_DIR/pgbouncer.pid" ] || break
		kill -0 "$(cat "$RD_POOL_DIR/pgbouncer.pid" 2>/dev/null)" 2>/dev/null || break
		sleep 0.1
	done
	RD_POOL_DIR=
}
