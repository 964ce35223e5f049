#!/bin/sh
# run-check-db.sh: runs the database integration suites (tests/db/check_db)
# against a throwaway cluster made by tests/lib/pgtmp.sh.
#
# make check runs this with the build directory as the working directory
# and srcdir exported (they differ in a VPATH build): the harness and the
# migrations come from the source tree, the binaries from the build tree.
# When the repeatdesk binary built here can run `db migrate`, the harness
# lets it apply the migrations, so the real runner is tested too.
srcdir=${srcdir:-.}
if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
	RD_BIN=$PWD/repeatdesk
	export RD_BIN
fi
exec bash "$srcdir/tests/lib/pgtmp.sh" ./tests/db/check_db "$@"
