#!/usr/bin/env bash
# json_with_jq.sh: the tests read JSON with jq only (json_get and
# expect_json in tests/e2e/lib.sh), never with sed, grep, awk or cut, which
# find the first or last text that looks like a field (order_cli once took
# the subscription_id nested in bundle_offers for the order's own).
#
# Scans every shell script of tests/ and bench/ (but this one) and fails,
# naming file and line, where a text tool or expect_out/expect_no_out/
# expect_err (which grep) meets JSON:
#   A. a JSON key in the pattern:  sed 's/.*"order_no":"\(..\)".*/\1/'
#      (also one made by the shell: "'"$1"'":)
#                                  expect_out '"dry_run":true'
#   B. a JSON string in the pattern: grep -q '"pending"'
#   C. --format json piped into anything but jq
# Lines continued with \ or | are read as one. Before scanning, the rules
# are tried on lines they must catch and lines they must let pass, and the
# scan must find the test scripts and their --format json commands, so
# that the check cannot pass by finding nothing.
set -u
src=${RD_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
self=tests/cli/json_with_jq.sh
pass=0
fail=0
ok() { pass=$((pass + 1)); printf 'ok - %s\n' "$*"; }
not_ok() { fail=$((fail + 1)); printf 'not ok - %s\n' "$*"; }
finish() {
	printf '# e2e json_with_jq: %d passed, %d failed\n' "$pass" "$fail"
	if { true >&9; } 2>/dev/null; then
		printf '# e2e json_with_jq: %d passed, %d failed\n' "$pass" "$fail" >&9
	fi
	[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ] && exit 0
	exit 1
}

# offences FILE: the lines of FILE that read JSON with a text tool, as
# "N:text  (rule)"; one awk for the whole file
rules=$(cat <<'AWK'
function report(rule) { print start ":" line "  (" rule ")" }
{
	# a line ending in \ or | goes on in the next
	if (held != "") { line = held " " $0 } else { line = $0; start = NR }
	if (line ~ /(\\|\|)[ \t]*$/) { held = line; next }
	held = ""
	if (line ~ /^[ \t]*#/) next
	if (line ~ /(^|[^A-Za-z0-9_-])(sed|grep|egrep|fgrep|awk|gawk|mawk|cut|expect_out|expect_no_out|expect_err)([^A-Za-z0-9_-]|$)/) {
		if (line ~ /\\?"[A-Za-z_][A-Za-z0-9_]*\\?"[ \t]*(\*[ \t]*)?:/ ||
		    line ~ /"'"\$[^"]*"'":/) { report("A: a JSON key read by a text tool"); next }
		if (line ~ /'"[A-Za-z_][A-Za-z0-9_]*"/) { report("B: a JSON string read by a text tool"); next }
	}
	if (line ~ /--format[ =]json[^|]*\|/ && line !~ /--format[ =]json[^|]*\|[ \t]*jq([ \t]|$)/)
		report("C: --format json piped into something but jq")
}
END { if (held != "") { line = held; print start ":" line "  (unfinished line)" } }
AWK
)
offences() {
	awk "$rules" "$1"
}

# --- the rules catch what they must, and only that -------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rd-jsonrule.XXXXXX") || { not_ok "mktemp"; finish; }
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/bad.sh" <<'EOF'
sed -n 's/.*"'"$1"'":\("[^"]*"\|[-0-9a-z]*\).*/\1/p' "$E2E_TMP/out" | head -n 1
no=$("$RD_BIN" order create --customer C1 --format json |
	sed -n 's/.*"order_no":"\([^"]*\)".*/\1/p')
expect_out '"dry_run":true' "dry run says so"
expect_out "\"order_no\":\"$no\"" "show by request id"
id=$(sed -n 's/^ *"id": \([0-9]*\),$/\1/p' "$E2E_TMP/out" | head -n 1)
expect_out '"addresses": *2' "two addresses"
if grep -q '"pending"' "$E2E_TMP/out"; then e2e_fail x; fi
n=$(awk -F'"total":' '{print $2}' "$E2E_TMP/out")
"$RD_BIN" customer find x --format json | cut -d, -f2
EOF
cat >"$tmp/good.sh" <<'EOF'
# a comment may say "order_no": freely, or sed -n 's/"x"://'
no=$(json_get .order_no)
expect_json .dry_run true "dry run says so"
expect_json '{subtotal_8, total}' '{"subtotal_8":7960,"total":14404}' "totals"
expect_out '^code,name,kana,phone' "csv header"
expect_out 'customer C[0-9]* added (version 1)' "add prints the code"
"$RD_BIN" order list --format json | jq -r '.[0].order_no'
"$RD_BIN" order list --format json >"$E2E_TMP/out"
if grep -q "login refused for 'sato'" "$E2E_TMP/err"; then :; fi
e2e_screen | sed 's/^/| /'
EOF
want_bad=$(grep -vc '^[[:space:]]' "$tmp/bad.sh")
got_bad=$(offences "$tmp/bad.sh" | wc -l)
if [ "$got_bad" -eq "$want_bad" ]; then
	ok "the rules catch each of $want_bad ways of reading JSON with a text tool"
else
	not_ok "the rules catch $got_bad of $want_bad bad lines: $(offences "$tmp/bad.sh" | cut -c1-60 | tr '\n' '|')"
fi
got_good=$(offences "$tmp/good.sh")
if [ -z "$got_good" ]; then
	ok "the rules let jq, CSV and screen checks pass"
else
	not_ok "the rules catch good lines: $got_good"
fi

# --- the scan ---------------------------------------------------------------
cd "$src" || { not_ok "no source tree at $src"; finish; }
files=$(ls tests/cli/*.sh tests/e2e/*.sh tests/lib/*.sh bench/*.sh 2>/dev/null | grep -vxF "$self")
ncli=$(printf '%s\n' "$files" | grep -c '^tests/cli/')
ne2e=$(printf '%s\n' "$files" | grep -c '^tests/e2e/')
njson=$(cat $files | grep -c -- '--format json')
if [ "$ncli" -ge 5 ] && [ "$ne2e" -ge 10 ] && [ "$njson" -ge 20 ] &&
   printf '%s\n' "$files" | grep -qxF tests/cli/order_cli.sh &&
   printf '%s\n' "$files" | grep -qxF tests/e2e/lib.sh; then
	ok "scans $(printf '%s\n' "$files" | wc -l) scripts ($ncli command-line, $ne2e e2e) with $njson --format json commands"
else
	not_ok "the scan found too little in $src: $ncli command-line and $ne2e e2e scripts, $njson --format json"
fi
for f in $files; do
	found=$(offences "$f")
	if [ -z "$found" ]; then
		ok "$f reads JSON with jq only"
	else
		not_ok "$f reads JSON with a text tool (use json_get or expect_json of tests/e2e/lib.sh):"
		printf '%s\n' "$found" | sed "s|^|#   $f:|"
	fi
done
finish
