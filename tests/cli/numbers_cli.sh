#!/usr/bin/env bash
# numbers_cli.sh: every number given on the command line is read by one
# parser (src/cli/cli_number.c over core textcheck_whole): digits with an
# optional '-', nothing else — no space, no '+', no hex — within the
# option's range, refused with exit 2 and one line that names the option
# and its range before anything connects. No database is needed.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init numbers_cli
REPEATDESK_HOME=$E2E_TMP/nothing
export REPEATDESK_HOME

refused() { # WANT_MESSAGE LABEL CMD...
	want=$1 label=$2
	shift 2
	run "$RD_BIN" "$@"
	expect_rc 2 "$label"
	expect_one_line_error "$label"
	expect_err "$want" "$label: the message names the option and its range"
}

refused "--limit needs a whole number from 1 to 200, not ' 5'" "a leading space" \
	order list --customer C0000001 --limit ' 5'
refused "--limit needs a whole number from 1 to 200, not '+5'" "a plus sign" \
	order list --customer C0000001 --limit +5
refused "--limit needs a whole number from 1 to 200, not '5x'" "trailing letters" \
	order list --customer C0000001 --limit 5x
refused "--limit needs a whole number from 1 to 1000, not '0'" "below the range" \
	customer find x --limit 0
refused "--limit needs a whole number from 1 to 500, not '9999'" "above the range" \
	history list --limit 9999
refused "history show needs a whole number of 1 or more, not '0x10'" "hexadecimal" \
	history show 0x10
refused "a subscription id needs a whole number of 1 or more, not ' 7'" "an id with a space" \
	subscription show ' 7'
refused "--count needs a whole number from 1 to" "a count with a space" \
	subscription schedule 1 --count ' 3'
refused "--count needs a whole number from 1 to" "cycle dates, a plus sign" \
	cycle dates 1m:15 --count +3
refused "--batch needs a whole number from 1 to" "shipments, a space" \
	shipments generate --date 2026-12-10 --batch ' 5'
refused "--customers needs a whole number from 0 to 10000000, not '1e3'" "db seed, an exponent" \
	db seed --customers 1e3
refused "--limit needs a whole number from 1 to" "inquiry list, hexadecimal" \
	inquiry list --limit 0x5
e2e_finish
