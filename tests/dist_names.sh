#!/bin/sh
# tests/dist_names.sh DISTDIR: every file the READMEs name is in the
# tarball.
#
# Run by `make dist` (dist-hook, on the distribution directory before it is
# packed): a path under scripts/, doc/, bench/, tests/, tools/, forms/,
# db/, po/, src/ or include/ written in README.md, README.ja.md or
# doc/*.md must be there -- as a file, a directory ("doc/notes/"), a
# pattern with a match ("forms/*.form"), or for a program the README
# names (bench/bench_cycle) its source NAME.c -- and so must the files
# the READMEs link at the top level. Prints each one missing and exits 1.
set -u
dist=${1:?usage: tests/dist_names.sh DISTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
missing=0
checked=0

names() {
	for f in "$top/README.md" "$top/README.ja.md" "$top"/doc/*.md; do
		[ -f "$f" ] || continue
		grep -oE '(^|[^A-Za-z0-9_.])(scripts|doc|bench|tests|tools|forms|db|po|src|include)/[A-Za-z0-9_./*-]*[A-Za-z0-9_*/]' "$f" |
			sed -E 's/^[^a-z]*//'
		# links: [README.ja.md](README.ja.md), [backup.md](backup.md)
		# in doc/ is doc/backup.md
		case $f in
		"$top"/doc/*) rel=doc/ ;;
		*) rel= ;;
		esac
		grep -oE '\]\([A-Za-z0-9_./-]+\)' "$f" | sed -E "s|^\\]\\((.*)\\)\$|$rel\\1|"
	done | sort -u
}

for n in $(names); do
	checked=$((checked + 1))
	case $n in
	*\**)
		# shellcheck disable=SC2086
		set -- "$dist"/$n
		[ -e "$1" ] && continue ;;
	*/)
		[ -d "$dist/$n" ] && continue ;;
	*)
		{ [ -e "$dist/$n" ] || [ -e "$dist/$n.c" ]; } && continue ;;
	esac
	printf 'dist_names: the READMEs name %s, which is not in the distribution\n' "$n" >&2
	missing=$((missing + 1))
done
[ -f "$dist/LICENSE" ] || { echo "dist_names: no LICENSE in the distribution" >&2; missing=$((missing + 1)); }
echo "# dist names: $checked named, $missing missing"
[ "$missing" -eq 0 ]
