#!/bin/sh
# tests/po/complete.sh: po/ja.po translates every message of the program.
#
# Makes the template fresh from the sources (tools/make-pot: src/,
# include/ and forms/), so a msgid added anywhere and not yet in
# po/repeatdesk.pot counts too, and fails, listing them, when a msgid of
# that template has no Japanese in po/ja.po or only a fuzzy one; and when
# `msgfmt -c` finds a problem in po/ja.po (a format that does not match
# its msgid's, a bad header). Prints "# po complete: N passed, M failed".
# Run `make update-po` in the build directory to bring ja.po up to date.
top=${RD_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
po=$top/po/ja.po
passed=0
failed=0
say() {
	printf '%s\n' "$*"
	if { true >&9; } 2>/dev/null; then printf '%s\n' "$*" >&9; fi
}
pass() { passed=$((passed + 1)); printf 'ok - %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'not ok - %s\n' "$*"; }
for tool in "${XGETTEXT:-xgettext}" "${MSGCAT:-msgcat}" "${MSGMERGE:-msgmerge}" \
	    "${MSGFMT:-msgfmt}" msgattrib; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		if [ "${RD_NLS:-yes}" = no ]; then
			say "# po complete: skipped: $tool is missing and this build has no translations (--disable-nls)"
			exit 77
		fi
		say "# po complete: error: $tool is missing (apt-get install gettext)"
		exit 99
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rd-po.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

if ! sh "$top/tools/make-pot" "$tmp/fresh.pot" 2>"$tmp/err"; then
	cat "$tmp/err"
	say "# po complete: error: tools/make-pot failed"
	exit 99
fi
total=$(msgattrib --no-obsolete "$tmp/fresh.pot" | grep -c '^msgid ')
total=$((total - 1)) # the header

# ja.po's translations for exactly the fresh template's msgids (no fuzzy
# guesses: a msgid ja.po lacks stays empty)
"${MSGMERGE:-msgmerge}" --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/fresh.pot"
# one line per message: its msgid (first 100 bytes) and where it is used
list() { # FILE
	msgattrib --no-wrap --no-obsolete "$1" | awk '
	/^#: / { where = where " " substr($0, 4) }
	/^msgid / { id = substr($0, 7); if (id != "\"\"") printf "  %.100s  (%s)\n", id, substr(where, 2); where = "" }
	/^msgid ""$/ { getline nx; if (nx ~ /^"/) printf "  %.100s  (%s)\n", nx, substr(where, 2); where = "" }'
}
msgattrib --untranslated --no-fuzzy "$tmp/merged.po" -o "$tmp/untranslated.po" 2>/dev/null
msgattrib --only-fuzzy "$tmp/merged.po" -o "$tmp/fuzzy.po" 2>/dev/null
nu=$( [ -s "$tmp/untranslated.po" ] && list "$tmp/untranslated.po" | wc -l || echo 0)
nf=$( [ -s "$tmp/fuzzy.po" ] && list "$tmp/fuzzy.po" | wc -l || echo 0)
if [ "$nu" -eq 0 ]; then
	pass "every one of the $total msgids has a Japanese translation in po/ja.po"
else
	fail "$nu of $total msgids have no Japanese translation in po/ja.po (make update-po, then translate):"
	list "$tmp/untranslated.po"
fi
if [ "$nf" -eq 0 ]; then
	pass "no translation in po/ja.po is fuzzy"
else
	fail "$nf translations in po/ja.po are fuzzy (check them, then remove the fuzzy mark):"
	list "$tmp/fuzzy.po"
fi
if "${MSGFMT:-msgfmt}" -c -o /dev/null "$po" 2>"$tmp/msgfmt"; then
	pass "msgfmt -c po/ja.po: formats and header check"
else
	fail "msgfmt -c po/ja.po:"
	sed 's/^/  /' "$tmp/msgfmt"
fi
say "# po complete: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
