#!/bin/sh
# msgids.sh: the catalogue's msgids as xgettext extracts them (issue 12).
#
# A text that xgettext does not see, or sees cut, stays English whatever
# po/ja.po says. This check extracts the template the way `make update-po`
# does (tools/make-pot when it exists, else xgettext with the same
# keywords) and fails when
#   * a plural cycle ("every %d days", "every %d weeks on %s", ...) is not
#     in it with its plural (a macro around dngettext hides it);
#   * a word that means two things ("cancelled", "open", "Home", "e-mail")
#     is there without a context, or one of its contexts is missing;
#   * a msgid of inquiry_text.c is cut where a macro was joined into it;
#   * the db seed help (printed with puts, "PCT%" is a percent sign) is
#     flagged c-format;
#   * a msgid ends in a bare joining piece (" added", "one parcel with ")
#     that a translation cannot reorder.
top=${RD_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
XGETTEXT=${XGETTEXT:-xgettext}
MSGCAT=${MSGCAT:-msgcat}
if ! command -v "$XGETTEXT" >/dev/null 2>&1 || ! command -v "$MSGCAT" >/dev/null 2>&1; then
	echo "# msgids: xgettext and msgcat (gettext) are not installed; skipped"
	exit 77
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
if [ -f "$top/tools/make-pot" ]; then
	XGETTEXT=$XGETTEXT MSGCAT=$MSGCAT sh "$top/tools/make-pot" "$tmp/all.pot" >"$tmp/err" 2>&1 ||
		{ cat "$tmp/err"; exit 99; }
else
	(cd "$top" && find src include -name '*.[ch]' ! -name '*_data.c' | LC_ALL=C sort >"$tmp/files" &&
	 "$XGETTEXT" --language=C --from-code=UTF-8 \
		--keyword=_ --keyword=N_ --keyword=dngettext:2,3 --keyword=ngettext:1,2 \
		--keyword=C_:1c,2 --keyword=NC_:1c,2 --add-comments=TRANSLATORS: \
		--files-from="$tmp/files" -o "$tmp/all.pot") >"$tmp/err" 2>&1 ||
		{ cat "$tmp/err"; exit 99; }
fi
"$MSGCAT" --no-wrap -o "$tmp/flat.pot" "$tmp/all.pot" || exit 99
# one line an entry: context, msgid, plural, flags, where (tab-separated,
# PO escapes kept; "-" for none)
awk '
function out() {
	if (have) printf "%s\t%s\t%s\t%s\t%s\n", ctx == "" ? "-" : ctx, id, pl == "" ? "-" : pl, flags == "" ? "-" : flags, refs == "" ? "-" : refs
	have = 0; ctx = ""; id = ""; pl = ""; flags = ""; refs = ""; field = ""
}
function str(s) { sub(/^[^"]*"/, "", s); sub(/"$/, "", s); return s }
/^$/ { out(); next }
/^#,/ { flags = flags substr($0, 3); next }
/^#:/ { refs = refs substr($0, 3); next }
/^#/ { next }
/^msgctxt / { ctx = str($0); field = "ctx"; next }
/^msgid / { id = str($0); field = "id"; have = 1; next }
/^msgid_plural / { pl = str($0); field = "pl"; next }
/^msgstr/ { field = ""; next }
/^"/ { if (field == "ctx") ctx = ctx str($0); else if (field == "id") id = id str($0); else if (field == "pl") pl = pl str($0); next }
END { out() }
' "$tmp/flat.pot" >"$tmp/entries"

fail=0
say() { printf '# msgids: %s\n' "$*"; fail=$((fail + 1)); }
tab=$(printf '\t')
has() {   # context msgid [plural]
	if [ $# -eq 3 ]; then
		awk -F "$tab" -v c="$1" -v i="$2" -v p="$3" '$1 == c && $2 == i && $3 == p { f = 1 } END { exit !f }' "$tmp/entries" ||
			say "missing: ${1#-} '$2' / '$3'"
	else
		awk -F "$tab" -v c="$1" -v i="$2" '$1 == c && $2 == i { f = 1 } END { exit !f }' "$tmp/entries" ||
			say "missing: ${1#-} '$2'"
	fi
}

# plurals of core/cycle.c
has - 'every %d day' 'every %d days'
has - 'every %d week on %s' 'every %d weeks on %s'
has - 'every %d month on the %s' 'every %d months on the %s'
has - 'every %d month on the last day' 'every %d months on the last day'
has - 'every %d month on the %s %s' 'every %d months on the %s %s'
has - 'every %d month on the last %s' 'every %d months on the last %s'

# words with their contexts, and never without one
has 'order status' cancelled
has 'subscription status' cancelled
has 'calendar day' open
has 'inquiry status' open
has screen Home
has key Home
has field e-mail
has channel e-mail
# (forms/filter.form's subscription choice "cancelled" has one meaning: the
# check is on the code's words)
for w in cancelled open Home e-mail; do
	awk -F "$tab" -v i="$w" '$1 == "-" && $2 == i && $5 ~ /(src|include)\// { f = 1 } END { exit !f }' "$tmp/entries" &&
		say "'$w' has no context (write C_(\"...\", \"$w\") or NC_())"
done

# inquiry_text.c: whole msgids, the dash, arrow and dot inside them
has - ' — after the %s cut-off!'
has - 'handed off %s → %s'
has - 'Waiting: %lld handoffs, %lld escalated, %lld unassigned · overdue %lld · callbacks overdue %lld'
has - 'Oldest open: #%lld since %s · %s'
has - 'Waiting for someone (escalated, unassigned, overdue) — Enter opens, a reassigns'
for cut in ' ' ' after the %s cut-off!' 'handed off %s ' 'Oldest open: #%lld since %s '; do
	awk -F "$tab" -v i="$cut" '$1 == "-" && $2 == i { f = 1 } END { exit !f }' "$tmp/entries" &&
		say "a msgid cut at a macro: '$cut'"
done

# db seed --help is no format
awk -F "$tab" 'index($2, "Usage: repeatdesk db seed") == 1 && $4 ~ /(^|[ ,])c-format/ { f = 1 } END { exit !f }' \
	"$tmp/entries" && say "db seed's help is flagged c-format (add /* xgettext:no-c-format */)"

# sentences, not pieces in English order
for piece in ' added' ' removed' ' changed' 'one parcel with ' 'or instead with ' \
	'could ship with ' '%s%d on ' '%d deliveries ' ' → %d deliveries ' \
	'Subscription discount lost: ' ' per delivery' '; early-cancel fee ' \
	', %d still owed: early-cancel fee ' ' on %s (%+d days)'; do
	awk -F "$tab" -v i="$piece" '$2 == i { f = 1 } END { exit !f }' "$tmp/entries" &&
		say "a piece of a sentence: '$piece'"
done

if [ "$fail" -eq 0 ]; then
	echo "# msgids: $(wc -l <"$tmp/entries") msgids extracted; plurals, contexts and sentences whole"
	exit 0
fi
exit 1
