#!/bin/sh
# check-phone-vs-libphonenumber.sh: phone_format (core/phone.c with the
# generated table) groups several hundred numbers exactly as
# python3-phonenumbers' own format_number(NATIONAL) does. Numbers that
# libphonenumber leaves ungrouped are expected back as typed.
# Skips (77) when python3-phonenumbers is not installed.
set -eu
py=/usr/bin/python3
fmt=${PHONE_FMT:-tests/unit/phone_fmt}
if ! [ -x "$py" ] || ! "$py" -c 'import phonenumbers' 2>/dev/null; then
	echo "SKIP: python3-phonenumbers is not installed (apt-get install python3-phonenumbers)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
inc=${RD_SRCDIR:-.}/src/core/jp_phone_formats.inc
"$py" - "$tmp/want" "$inc" <<'PY'
import random, sys, warnings
warnings.simplefilter("ignore")
import phonenumbers as p
from phonenumbers.data.region_JP import PHONE_METADATA_JP as M
rnd = random.Random(12)
nums = set()
def fill(prefix, n):
    return prefix + "".join(rnd.choice("0123456789") for _ in range(n - len(prefix)))
for _ in range(400):
    nums.add(fill("0" + rnd.choice("123456789"), 10))
for _ in range(100):
    nums.add(fill("0" + rnd.choice("56789") + "0", 11))
for _ in range(60):
    nums.add(fill("0" + rnd.choice("123456789"), rnd.choice((2, 4, 8, 9, 12))))
# every prefix of the generated table, as a 10-digit number
import re
for pre in re.findall(r'"([0-9]+)"', open(sys.argv[2]).read()):
    nums.add(fill("0" + pre, 10))
for area in ("047384", "02985", "02986", "03", "06", "0467", "0120", "0570",
             "0800", "0436", "0438", "0476", "0995", "011", "0422", "045"):
    for _ in range(5):
        nums.add(fill(area, 11 if area == "0800" else 10))
with open(sys.argv[1], "w") as out:
    for n in sorted(nums):
        # the number as libphonenumber holds it: +81, the digits after 0
        num = p.PhoneNumber(country_code=81, national_number=int(n[1:]))
        got = p.format_number(num, p.PhoneNumberFormat.NATIONAL)
        if "-" not in got:
            got = n
        out.write("%s\t%s\n" % (n, got))
PY
cut -f1 "$tmp/want" | "$fmt" > "$tmp/got"
n=$(wc -l < "$tmp/want")
if ! diff "$tmp/want" "$tmp/got" > "$tmp/diff"; then
	echo "FAIL: phone_format differs from python3-phonenumbers (< libphonenumber, > ours):"
	head -40 "$tmp/diff"
	exit 1
fi
echo "ok: $n numbers grouped as python3-phonenumbers $("$py" -c 'import phonenumbers; print(phonenumbers.__version__)') groups them"
