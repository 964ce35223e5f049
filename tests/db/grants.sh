#!/bin/sh
# grants.sh: prints the grants of every desk role (tests/db/grants.sql) on
# a throwaway cluster with every migration applied. After reviewing a
# change of grants:
#   tests/db/grants.sh > tests/db/grants.expected
# (from the source tree; RD_BIN may name a built repeatdesk, else psql
# applies the migrations).
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
exec bash "$top/tests/lib/pgtmp.sh" psql -X -q -A -t -f "$top/tests/db/grants.sql"
