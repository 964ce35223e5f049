# shellcheck shell=sh disable=SC2154
# bench/lib.sh: a seeded embedded database for a benchmark (sourced by the
# bench/*.sh scripts, which set $bin to the repeatdesk binary first).
#
# bench_db NAME CUSTOMERS: reuses $REPEATDESK_HOME when it already holds a
# database (it must be seeded), else creates a throwaway one in TMPDIR,
# seeds CUSTOMERS demo customers, and removes it at exit (KEEP=1 keeps it).
# Exports REPEATDESK_HOME.

bench_cleanup() {
	if [ "$bench_reuse" = 0 ]; then
		"$bin" db stop >/dev/null 2>&1 || true
		if [ "${KEEP:-0}" = 1 ]; then
			echo "kept: REPEATDESK_HOME=$REPEATDESK_HOME (stop with: $bin db stop)" >&2
		else
			rm -rf "$REPEATDESK_HOME"
		fi
	fi
}

bench_db() {
	if [ -n "${REPEATDESK_HOME:-}" ] && [ -d "$REPEATDESK_HOME/server" ]; then
		bench_reuse=1
	else
		bench_reuse=0
		REPEATDESK_HOME=$(mktemp -d "${TMPDIR:-/tmp}/rd-bench-$1.XXXXXX")
	fi
	export REPEATDESK_HOME
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
	if [ "$bench_reuse" = 0 ]; then
		"$bin" db init >/dev/null
		"$bin" db start >/dev/null
		"$bin" db migrate >/dev/null
		echo "seeding $2 customers into $REPEATDESK_HOME" >&2
		"$bin" db seed --customers "$2" --seed 1 >/dev/null
	else
		"$bin" db start >/dev/null
		"$bin" db migrate >/dev/null
	fi
}
