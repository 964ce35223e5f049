#!/bin/sh
# sql_source.sh: no SQL in src/ is built from input (issue 11).
#
# Every statement is parameterized ($1, $2, ... with PQexecParams through
# store/db.c); the few places that assemble SQL text do so from constant
# pieces (column names from a fixed list, $N placeholders, migration files
# compiled in) and were reviewed. This check fails when
#   * a file outside src/store/ includes libpq or calls PQexec*;
#   * PQexec (the unparameterized call) appears outside src/store/db.c;
#   * a function formats SQL text with printf-style conversions (%s, %d,
#     %lld, ... but not $%d placeholders) and is not in the reviewed list
#     tests/src/sql_builders.allow ("file:function", one a line).
# A new builder: review that every %s/%d it formats is a constant or a
# number the code chose (never text from a person or the network), then
# add it to the list.
top=${RD_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 99
fail=0
say() { printf '# sql_source: %s\n' "$*"; }

bad=$(grep -rln 'libpq-fe.h\|PQexec' src --include='*.c' --include='*.h' | grep -v '^src/store/')
if [ -n "$bad" ]; then
	say "libpq outside src/store/: $bad"
	fail=$((fail + 1))
fi
bad=$(grep -rn 'PQexec *(' src | grep -v '^src/store/db.c:')
if [ -n "$bad" ]; then
	say "PQexec outside store/db.c (use db_exec / db_query with parameters): $bad"
	fail=$((fail + 1))
fi

# file:function of every line that formats SQL text with a conversion
found=$(for f in $(find src -name '*.c' | sort); do
	awk -v file="$f" '
	/^[A-Za-z_].*\(/ && $0 !~ /;[ \t]*$/ {
		line = $0; sub(/\(.*/, "", line); n = split(line, w, /[ \t*]+/); fn = w[n]
	}
	/(sbuf_printf|snprintf|xasprintf|qb_add|sbuf_vprintf)[ \t]*\(/ { inside = 1; text = "" }
	inside { text = text $0 }
	inside && /;[ \t]*$/ {
		inside = 0
		if (text ~ /"[^"]*(SELECT|INSERT INTO|UPDATE |DELETE FROM|WHERE|ORDER BY|LIMIT|VALUES|SET |JOIN|LISTEN)[^"]*"/) {
			t = text; gsub(/\$%[0-9]*d/, "", t)
			if (t ~ /%[-0-9.]*(s|d|lld|ld|u|zu|c)/) print file ":" fn
		}
	}' "$f"
done | sort -u)
allow=tests/src/sql_builders.allow
new=$(printf '%s\n' "$found" | grep -v '^$' | grep -vxF -f "$allow")
if [ -n "$new" ]; then
	say "SQL formatted with printf conversions, not reviewed ($allow):"
	printf '%s\n' "$new" | sed 's/^/#   /'
	fail=$((fail + 1))
fi
tmp=$(mktemp) || exit 99
printf '%s\n' "$found" > "$tmp"
gone=$(grep -v '^#' "$allow" | grep -v '^$' | grep -vxF -f "$tmp")
rm -f "$tmp"
if [ -n "$gone" ]; then
	say "reviewed builders that no longer exist (remove them from $allow): $gone"
	fail=$((fail + 1))
fi
n=$(printf '%s\n' "$found" | grep -c .)
if [ $fail -eq 0 ]; then
	say "no SQL built from input: libpq only in store/, PQexec only in db.c, $n reviewed builders"
	echo "# sql_source: 3 passed, 0 failed"
	exit 0
fi
echo "# sql_source: $((3 - (fail > 3 ? 3 : fail))) passed, $fail failed"
exit 1
