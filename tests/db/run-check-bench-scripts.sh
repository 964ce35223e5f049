#!/bin/sh
# run-check-bench-scripts.sh: runs tests/db/check_bench_scripts (bench/
# run's pgbench scripts say what store/ says) against a throwaway cluster
# made by tests/lib/pgtmp.sh, seeded small with `repeatdesk db seed`.
# SKIP (77) without pgbench, the repeatdesk binary or terminfo for
# xterm-256color (bench_desk draws the screens it measures).
srcdir=${srcdir:-.}
if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
	RD_BIN=$PWD/repeatdesk
	export RD_BIN
fi
if [ -z "${RD_BENCH_SCRIPTS_INNER:-}" ]; then
	if ! command -v pgbench >/dev/null 2>&1; then
		echo "run-check-bench-scripts: SKIP: no pgbench" >&2
		exit 77
	fi
	if command -v infocmp >/dev/null 2>&1 && ! infocmp xterm-256color >/dev/null 2>&1; then
		echo "run-check-bench-scripts: SKIP: no terminfo for xterm-256color (the screens are drawn)" >&2
		exit 77
	fi
	if [ ! -x "${RD_BIN:-}" ]; then
		echo "run-check-bench-scripts: SKIP: build repeatdesk first (RD_BIN)" >&2
		exit 77
	fi
	RD_BENCH_SCRIPTS_INNER=1 exec bash "$srcdir/tests/lib/pgtmp.sh" sh "$0" "$@"
fi
log=$(mktemp "${TMPDIR:-/tmp}/rd-bench-scripts.XXXXXX") || exit 99
"$RD_BIN" db seed --customers 400 --seed 1 --subscription-rate 50 >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 99; }
rm -f "$log"
exec ./tests/db/check_bench_scripts "$@"
