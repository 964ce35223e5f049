#!/bin/bash
# pgtmp.sh: runs one command against a throwaway PostgreSQL cluster.
#
#   tests/lib/pgtmp.sh COMMAND [ARGS...]
#
# Creates a cluster in a fresh temporary directory (Unix socket in that
# directory, no TCP, fsync off), creates the database repeatdesk_test,
# applies the migrations, runs COMMAND with
#   PGHOST (the socket directory) PGPORT PGDATABASE PGUSER=rd_admin
#   RD_TEST_ADMIN=rd_admin (the superuser)
#   RD_TEST_MIGRATIONS (the versions applied, space-separated)
# exported, then stops the server, removes the directory and exits with
# COMMAND's status. Exits 77 (automake's SKIP) only when PostgreSQL cannot
# run here at all, and says why; 99 when it should run but did not start.
#
# Authentication: rd_admin is trusted on the socket; every other role logs
# in with its SCRAM password, as at a real desk (RD_PGTMP_TRUST_ALL=1
# trusts everyone).
#
# Migrations: when RD_BIN names a repeatdesk binary whose `db migrate`
# works, it applies them (that tests the real runner); otherwise each file
# of db/migrations is applied with psql in one transaction and recorded in
# rd.schema_migrations, as the runner does.
#
# RD_PGTMP_KEEP=1 keeps the directory (and prints where it is).
#
# RD_PGTMP_BARE=1 makes a fresh cluster only: no database repeatdesk_test,
# no migrations (RD_TEST_MIGRATIONS empty) -- the target of a restore
# (tests/db/restore.sh).

set -u

srcroot=$(cd "$(dirname "$0")/../.." && pwd) || exit 99
admin=rd_admin
dbname=repeatdesk_test
port=5432

die() {
	printf 'pgtmp: %s\n' "$*" >&2
	exit 99
}

skip() {
	printf 'pgtmp: SKIP: %s\n' "$*" >&2
	exit 77
}

if [ $# -eq 0 ]; then
	printf 'usage: %s COMMAND [ARGS...]\n' "$0" >&2
	exit 2
fi

# --- where PostgreSQL's server programs are --------------------------------
find_bindir() {
	local d
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null)
		if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			printf '%s\n' "$d"
			return 0
		fi
	fi
	# newest version first
	for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5nr); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			printf '%s\n' "$d"
			return 0
		fi
	done
	if command -v initdb >/dev/null 2>&1; then
		d=$(dirname "$(readlink -f "$(command -v initdb)")")
		if [ -x "$d/pg_ctl" ]; then
			printf '%s\n' "$d"
			return 0
		fi
	fi
	return 1
}

bindir=$(find_bindir) ||
	skip "no PostgreSQL server found (initdb, pg_ctl); install postgresql"
command -v psql >/dev/null 2>&1 || [ -x "$bindir/psql" ] ||
	skip "psql not found; install postgresql-client"
PATH=$bindir:$PATH
export PATH

# PostgreSQL refuses to run as root: run the server as postgres.
as_server=()
if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 ||
		skip "running as root and there is no 'postgres' user to run the server as"
	command -v runuser >/dev/null 2>&1 ||
		skip "running as root and runuser is missing"
	as_server=(runuser -u postgres --)
fi

# --- the temporary cluster ---------------------------------------------------
dir=$(mktemp -d "${TMPDIR:-/tmp}/rdpg.XXXXXX") || die "cannot create a temporary directory"
started=0

cleanup() {
	local st=$?
	trap - EXIT INT TERM HUP
	if [ "$started" -eq 1 ]; then
		"${as_server[@]}" pg_ctl -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	fi
	if [ "${RD_PGTMP_KEEP:-0}" = 1 ]; then
		printf 'pgtmp: kept %s\n' "$dir" >&2
	else
		rm -rf "$dir"
	fi
	exit "$st"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

chmod 0755 "$dir" || die "cannot chmod $dir"
if [ "${#as_server[@]}" -gt 0 ]; then
	chown postgres: "$dir" || die "cannot hand $dir to postgres"
fi

# A Unix socket path is at most 107 bytes.
if [ $((${#dir} + 20)) -gt 107 ]; then
	die "socket directory path too long: $dir (set TMPDIR to a shorter one)"
fi

show_log() {
	if [ -f "$dir/log" ]; then
		printf -- '--- server log (%s) ---\n' "$dir/log" >&2
		tail -n 40 "$dir/log" >&2
	fi
}

initdb_ok=0
for loc in C.UTF-8 C; do
	if "${as_server[@]}" initdb -D "$dir/data" -U "$admin" -A trust -E UTF8 \
		--locale="$loc" --no-sync >"$dir/initdb.log" 2>&1; then
		initdb_ok=1
		break
	fi
	"${as_server[@]}" rm -rf "$dir/data"
done
if [ "$initdb_ok" -ne 1 ]; then
	cat "$dir/initdb.log" >&2
	die "initdb failed"
fi

{
	printf "listen_addresses = ''\n"
	printf "unix_socket_directories = '%s'\n" "$dir"
	printf "port = %d\n" "$port"
	printf "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n"
	printf "password_encryption = 'scram-sha-256'\n"
	printf "log_min_messages = warning\nlog_min_error_statement = panic\n"
} | "${as_server[@]}" tee -a "$dir/data/postgresql.conf" >/dev/null ||
	die "cannot write postgresql.conf"

if [ "${RD_PGTMP_TRUST_ALL:-0}" = 1 ]; then
	hba="local all all trust"
else
	hba=$(printf 'local all %s trust\nlocal all all scram-sha-256' "$admin")
fi
printf '%s\n' "$hba" | "${as_server[@]}" tee "$dir/data/pg_hba.conf" >/dev/null ||
	die "cannot write pg_hba.conf"

"${as_server[@]}" touch "$dir/log"
if ! "${as_server[@]}" pg_ctl -D "$dir/data" -l "$dir/log" -w -t 60 start >/dev/null 2>&1; then
	show_log
	die "the server did not start"
fi
started=1

export PGHOST="$dir" PGPORT="$port" PGUSER="$admin" PGDATABASE="$dbname"
export RD_TEST_ADMIN="$admin"
unset PGSERVICE PGPASSWORD PGPASSFILE PGHOSTADDR PGOPTIONS
export PGCONNECT_TIMEOUT=10

psql_q() {
	PGOPTIONS='-c client_min_messages=warning' \
		psql -X -q -v ON_ERROR_STOP=1 "$@"
}

if [ "${RD_PGTMP_BARE:-0}" = 1 ]; then
	export RD_TEST_MIGRATIONS=""
	"$@"
	exit
fi

createdb -T template0 -E UTF8 "$dbname" || { show_log; die "createdb failed"; }

# --- migrations ----------------------------------------------------------------
versions=""
for f in "$srcroot"/db/migrations/[0-9]*.sql; do
	[ -e "$f" ] || continue
	v=$(basename "$f" .sql)
	case $v in
	*[!A-Za-z0-9_]*) die "migration file name not plain: $f" ;;
	esac
	versions="$versions${versions:+ }$v"
done
export RD_TEST_MIGRATIONS="$versions"

migrated=0
if [ -n "${RD_BIN:-}" ] && [ -x "${RD_BIN}" ]; then
	conninfo="host=$dir port=$port dbname=$dbname user=$admin"
	# --db points at the throwaway cluster even for the probe, so that a
	# binary that ignores --help cannot touch any other database.
	if "$RD_BIN" --db "$conninfo" db migrate --help >/dev/null 2>&1; then
		"$RD_BIN" --db "$conninfo" db migrate >"$dir/migrate.log" 2>&1 || {
			cat "$dir/migrate.log" >&2
			show_log
			die "$RD_BIN db migrate failed"
		}
		migrated=1
	fi
fi
if [ "$migrated" -eq 0 ]; then
	psql_q -c "CREATE SCHEMA IF NOT EXISTS rd" \
		-c "CREATE TABLE IF NOT EXISTS rd.schema_migrations (
			version text PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now())" ||
		die "cannot create rd.schema_migrations"
	for v in $versions; do
		psql_q -o /dev/null -1 -c "SELECT set_config('repeatdesk.reason', 'schema migration', true)" \
			-f "$srcroot/db/migrations/$v.sql" \
			-c "INSERT INTO rd.schema_migrations (version) VALUES ('$v')" ||
			die "migration $v failed"
	done
fi

# --- the command ---------------------------------------------------------------
"$@"
