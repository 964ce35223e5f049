#!/bin/sh
# db_messages_fresh.sh: src/store/db_messages.inc is what tools/db-messages
# makes from db/migrations today; a refusal added or reworded in a
# migration without regenerating the table fails here (it would reach a
# Japanese operator in English).
srcdir=${srcdir:-.}
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed to run tools/db-messages"
	exit 77
fi
tmp=$(mktemp) || exit 99
trap 'rm -f "$tmp"' EXIT
python3 "$srcdir/tools/db-messages" "$srcdir/db/migrations" > "$tmp" || exit 99
if ! diff -u "$srcdir/src/store/db_messages.inc" "$tmp"; then
	echo "FAIL: src/store/db_messages.inc is stale: run tools/db-messages > src/store/db_messages.inc"
	exit 1
fi
echo "PASS: db_messages.inc matches db/migrations ($(grep -c '^DB_MESSAGE' "$tmp") messages)"
