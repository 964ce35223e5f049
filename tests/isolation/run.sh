#!/bin/bash
# run.sh: the concurrency specs (tests/isolation/specs/*.spec) under
# PostgreSQL's isolation tester, against a throwaway cluster made by
# tests/lib/pgtmp.sh (which applies the migrations).
#
#   tests/isolation/run.sh [SPEC...]      (default: every spec)
#
# Before the specs: tests/isolation/iso_stmts (built from the store's
# src/store/*_sql.h) loads the store's own statements into iso.statements,
# and fixture.sql adds the logins and helpers; each spec session PREPAREs
# those statements, so a spec runs the text the application sends.
#
# Prints "# isolation: N passed, M failed" (one per spec) and the number of
# permutations run; exits 77 with the reason when pg_isolation_regress (the
# server's pgxs, package postgresql-server-dev-* or postgresql-15 on
# Debian's layout) is not installed.
set -u

srcdir=${srcdir:-.}
here=$(cd "$srcdir/tests/isolation" 2>/dev/null && pwd) || {
	echo "isolation: no tests/isolation under srcdir=$srcdir" >&2
	exit 99
}
stmts=${RD_ISO_STMTS:-$PWD/tests/isolation/iso_stmts}

find_regress() {
	local d
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --pgxs 2>/dev/null)
		d=${d%/src/makefiles/pgxs.mk}/src/test/isolation
		if [ -x "$d/pg_isolation_regress" ] && [ -x "$d/isolationtester" ]; then
			printf '%s\n' "$d"
			return 0
		fi
	fi
	for d in $(printf '%s\n' /usr/lib/postgresql/*/lib/pgxs/src/test/isolation | sort -t/ -k5,5nr); do
		if [ -x "$d/pg_isolation_regress" ] && [ -x "$d/isolationtester" ]; then
			printf '%s\n' "$d"
			return 0
		fi
	done
	return 1
}

if [ "${1:-}" != --inner ]; then
	regress=$(find_regress) || {
		echo "isolation: SKIP: pg_isolation_regress and isolationtester not found (pg_config --pgxs: src/test/isolation)" >&2
		{ echo "# isolation: 0 passed, 0 failed (skipped: no pg_isolation_regress)" >&9; } 2>/dev/null
		exit 77
	}
	[ -x "$stmts" ] || {
		echo "isolation: $stmts is not built (make check builds it)" >&2
		exit 99
	}
	export RD_ISO_REGRESS=$regress RD_ISO_STMTS=$stmts
	exec bash "$srcdir/tests/lib/pgtmp.sh" bash "$here/run.sh" --inner "$@"
fi
shift

# --- inside the throwaway cluster -------------------------------------------
out=$(mktemp -d "${TMPDIR:-/tmp}/rdiso.XXXXXX") || exit 99
trap 'rm -rf "$out"' EXIT
# isolationtester and the server run as other users (root: postgres)
chmod 0777 "$out"

psql_q() {
	PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 "$@"
}
"$RD_ISO_STMTS" | psql_q -o /dev/null || { echo "isolation: loading the store's statements failed" >&2; exit 99; }
psql_q -o /dev/null -f "$here/fixture.sql" || { echo "isolation: fixture.sql failed" >&2; exit 99; }

if [ $# -gt 0 ]; then
	specs=("$@")
else
	specs=()
	for f in "$here"/specs/*.spec; do
		specs+=("$(basename "$f" .spec)")
	done
fi

"$RD_ISO_REGRESS/pg_isolation_regress" --use-existing \
	--host="$PGHOST" --port="$PGPORT" --dbname="$PGDATABASE" --user="$PGUSER" \
	--inputdir="$here" --outputdir="$out" \
	"${specs[@]}" >"$out/log" 2>&1
rc=$?
cat "$out/log"
# RD_ISO_RESULTS=DIR keeps the outputs (to review, then make them expected/)
if [ -n "${RD_ISO_RESULTS:-}" ]; then
	mkdir -p "$RD_ISO_RESULTS" && cp "$out"/results/*.out "$RD_ISO_RESULTS"/
fi
pass=$(grep -cE '^(ok|test) .* ok( |$)|\.\.\. ok' "$out/log")
fail=$(grep -cE 'FAILED|failed \(ignored\)' "$out/log")
perms=$(cat "$out"/results/*.out 2>/dev/null | grep -c '^starting permutation')
if [ "$rc" -ne 0 ] && [ -f "$out/regression.diffs" ]; then
	cat "$out/regression.diffs"
	[ "$fail" -eq 0 ] && fail=1
fi
summary="# isolation: $pass passed, $fail failed ($perms permutations)"
echo "$summary"
{ echo "$summary" >&9; } 2>/dev/null
[ "$rc" -eq 0 ] && [ "$fail" -eq 0 ]
