#!/bin/sh
# tests/po/speaks.sh: the program speaks the language asked for.
#
# `--lang ja` speaks Japanese (even under LANG=C.UTF-8 or LANG=C), `--lang
# en` English (even under LANG=ja_JP.UTF-8 or LANGUAGE=ja), `[ui] language`
# in the configuration file when there is no --lang, otherwise the locale;
# an unknown language is refused in one line; the catalogue is found next
# to the binary (build/locale) and RD_LOCALEDIR overrides it. The marker
# is the first line of `repeatdesk --help`'s paragraph on the language:
# its msgid and its translation in po/ja.po. Prints
# "# po speaks: N passed, M failed".
top=${RD_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
: "${RD_BIN:=$PWD/repeatdesk}"
passed=0
failed=0
say() {
	printf '%s\n' "$*"
	if { true >&9; } 2>/dev/null; then printf '%s\n' "$*" >&9; fi
}
pass() { passed=$((passed + 1)); printf 'ok - %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'not ok - %s\n' "$*"; }
if [ ! -x "$RD_BIN" ]; then
	say "# po speaks: error: no repeatdesk binary at $RD_BIN"
	exit 99
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rd-po.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

EN='Language: --lang ja or --lang en (before the command); otherwise'
JA='言語: --lang ja または --lang en（コマンドの前に指定）。指定がなければ'
# the marker is in po/ja.po as written here (tests/po/complete.sh checks
# the rest of the catalogue)
grep -qF "\"$JA" "$top/po/ja.po" ||
	fail "po/ja.po translates the --help paragraph on the language as '$JA'"

# help_in WANT LABEL ENV... -- ARGS...: `repeatdesk ARGS --help` in a clean
# environment (ENV) prints the WANT line
help_in() {
	_want=$1 _label=$2
	shift 2
	_env=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do _env="$_env $1"; shift; done
	shift
	# shellcheck disable=SC2086
	env -i PATH="$PATH" HOME="$tmp" $_env "$RD_BIN" "$@" --help >"$tmp/out" 2>"$tmp/err"
	_rc=$?
	if [ "$_rc" -eq 0 ] && grep -qxF -- "$_want" "$tmp/out"; then
		pass "$_label"
	else
		fail "$_label: exit $_rc, no line '$_want' in: $(tail -4 "$tmp/out" | tr '\n' '|') $(cat "$tmp/err")"
	fi
}

help_in "$EN" "English by default (LANG=C.UTF-8)" LANG=C.UTF-8 --
if [ "${RD_NLS:-yes}" = no ]; then
	# configure --disable-nls: English whatever is asked, and it says so
	help_in "$EN" "--disable-nls: English under --lang ja" LANG=C.UTF-8 -- --lang ja
	if grep -q 'built without translations' "$tmp/err"; then
		pass "--disable-nls: --lang ja says there are no translations"
	else
		fail "--disable-nls: --lang ja says nothing: $(cat "$tmp/err")"
	fi
	help_in "$EN" "--disable-nls: English under LANG=ja_JP.UTF-8" LANG=ja_JP.UTF-8 --
	say "# po speaks: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi
help_in "$JA" "--lang ja: Japanese under LANG=C.UTF-8" LANG=C.UTF-8 -- --lang ja
help_in "$JA" "--lang ja: Japanese under LC_ALL=C.UTF-8" LC_ALL=C.UTF-8 -- --lang ja
help_in "$JA" "--lang ja: Japanese under LANG=C" LANG=C -- --lang ja
help_in "$JA" "LANG=ja_JP.UTF-8: Japanese" LANG=ja_JP.UTF-8 --
help_in "$JA" "LC_ALL=ja_JP.UTF-8: Japanese" LANG=C.UTF-8 LC_ALL=ja_JP.UTF-8 --
help_in "$JA" "LC_MESSAGES=ja_JP.UTF-8: Japanese" LANG=C.UTF-8 LC_MESSAGES=ja_JP.UTF-8 --
help_in "$JA" "LANGUAGE=ja: Japanese (gettext's own rule)" LANG=C.UTF-8 LANGUAGE=ja --
help_in "$EN" "--lang en: English under LANG=ja_JP.UTF-8" LANG=ja_JP.UTF-8 -- --lang en
help_in "$EN" "--lang en: English under LC_ALL=ja_JP.UTF-8" LC_ALL=ja_JP.UTF-8 -- --lang en
help_in "$EN" "--lang en: English under LANGUAGE=ja" LANG=C.UTF-8 LANGUAGE=ja -- --lang en

# the configuration file: [ui] language, below --lang
cfg=$tmp/config
printf '[ui]\nlanguage = ja\n' >"$cfg"
help_in "$JA" "[ui] language = ja: Japanese under LANG=C.UTF-8" \
	LANG=C.UTF-8 REPEATDESK_CONFIG="$cfg" --
help_in "$EN" "--lang en wins over [ui] language = ja" \
	LANG=C.UTF-8 REPEATDESK_CONFIG="$cfg" -- --lang en
printf '[ui]\nlanguage = en\n' >"$cfg"
help_in "$EN" "[ui] language = en: English under LANG=ja_JP.UTF-8" \
	LANG=ja_JP.UTF-8 REPEATDESK_CONFIG="$cfg" --
help_in "$JA" "--lang ja wins over [ui] language = en" \
	LANG=C.UTF-8 REPEATDESK_CONFIG="$cfg" -- --lang ja

# refusals: one line, exit 2
refused() { # LABEL ENV... -- ARGS...
	_label=$1
	shift
	_env=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do _env="$_env $1"; shift; done
	shift
	# shellcheck disable=SC2086
	env -i PATH="$PATH" HOME="$tmp" $_env "$RD_BIN" "$@" >"$tmp/out" 2>"$tmp/err"
	_rc=$?
	if [ "$_rc" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
	   grep -q '^repeatdesk: .*ja or en' "$tmp/err"; then
		pass "$_label (exit 2, one line)"
	else
		fail "$_label: exit $_rc, stderr: $(cat "$tmp/err")"
	fi
}
refused "--lang fr is refused" LANG=C.UTF-8 -- --lang fr --help
printf '[ui]\nlanguage = fr\n' >"$cfg"
refused "[ui] language = fr is refused" LANG=C.UTF-8 REPEATDESK_CONFIG="$cfg" -- cycle describe 1m:15

# where the catalogue is found
help_in "$EN" "RD_LOCALEDIR names the catalogues' directory (an empty one: English)" \
	LANG=C.UTF-8 RD_LOCALEDIR="$tmp" -- --lang ja
say "# po speaks: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
