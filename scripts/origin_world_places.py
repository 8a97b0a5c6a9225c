"""Writes the ``world`` entry of global.origin.claim_made_elsewhere (cultural_rules/global/origin_places.yaml):
every country and territory the table does not list, by its CLDR name in the Latin- and Arabic-script languages
of the markets, as a place of production. A claim of any listed country is contradicted by production in any
other country (the rule type, studio/checks/rules/types/origin/); the table named ~60 of them, so "prodotto in
Lituania" or "fabricada en Bulgaria" under an Italian or Spanish claim read as nothing (checks-look30, r30-look).

Source: Unicode CLDR territory names, as babel (pinned in pyproject.toml) ships them. Left out: the codes of the
entries the table lists already and the territories that belong to one of them (Réunion, the Canaries, Puerto
Rico, Greenland ...: production there is the claimed country's own), disputed territories (the checker takes no
side), groupings (EU, UN, regions), and the names that are also everyday words where a production word meets them
("knitted in jersey", "made in Georgia" of the US state). Rerun after editing: `.venv/bin/python
scripts/origin_world_places.py`; a test checks the shipped entry equals what this script makes.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "cultural_rules" / "global" / "origin_places.yaml"
BEGIN = "      # >>> world (scripts/origin_world_places.py)\n"
END = "      # <<< world\n"
CJK_BEGIN = "      # >>> cjk origin forms (scripts/origin_world_places.py)\n"
CJK_END = "      # <<< cjk origin forms\n"
BARE_BEGIN = "      # >>> bare names th hi ja ko zh (scripts/origin_world_places.py)\n"
BARE_END = "      # <<< bare names\n"

# The market languages written in Latin or Arabic letters (the rule reads production words in these scripts).
LANGUAGES = ["en", "ar", "de", "es", "fr", "id", "it", "ms", "nl", "pl", "pt", "tr", "vi"]
# The table's entries as ISO 3166 codes: a name of theirs in another language is their own place, never "elsewhere".
LISTED = {
    "IN", "CN", "AE", "SA", "PL", "IT", "FR", "DE", "ES", "MX", "US", "GB", "TR", "VN", "BD", "PK", "ID", "MY", "TH",
    "JP", "KR", "BR", "CH", "PT", "RO", "MA", "EG", "OM", "KW", "QA", "CZ", "SK", "HU", "UA", "AU", "NZ", "NL", "CA",
    "IE", "DK",
}
# Territories of a listed country (CLDR gives them codes of their own): France's overseas departments and
# collectivities, Spain's Canaries and Ceuta-Melilla, the Dutch Caribbean, the UK's and the US's territories and
# Crown dependencies, Denmark's Greenland and Faroes, Australia's and New Zealand's, China's SARs.
DEPENDENT = {
    "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC", "TF", "CP", "IC", "EA", "AW", "CW", "SX", "BQ",
    "GI", "FK", "BM", "KY", "VG", "MS", "TC", "AI", "SH", "IO", "PN", "GS", "JE", "GG", "IM", "TA", "AC", "DG", "PR",
    "GU", "VI", "AS", "MP", "UM", "GL", "FO", "CX", "CC", "NF", "HM", "CK", "NU", "TK", "HK", "MO",
}
DISPUTED = {"TW", "EH", "XK", "PS"}
NOT_PLACES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AQ", "BV", "SJ", "AX"}
# Names that are also words a production phrase meets ("knitted in jersey", "made in Georgia" of the US state,
# "sewn in Chad" of a name, "fabriqué à la Réunion" is listed above): left out in every language.
AMBIGUOUS = {"jersey", "guernsey", "chad", "tchad", "jordan", "georgia", "géorgie", "georgien", "guinea", "niger",
             "man", "dominica", "dominique", "maurice", "panama", "panamá", "cuba", "malta", "monaco", "mónaco",
             "togo", "mali", "samoa", "nauru", "tonga", "turks", "christmas", "ascension", "norfolk", "montserrat",
             "chypre", "granada", "grenada", "salvador", "el salvador", "sudan", "soudan", "sudán", "cook", "gambia", "gambie"}


# checks-origin53: the CJK origin forms of every country ("イタリア産", "이탈리아산", "意大利产": its CLDR name in ja,
# ko and zh with the origin suffix of 食品表示基準, 원산지표시법 and GB 7718), so that "100% 국내산 … 중국산" and
# "国産100% … カナダ産" read a part from elsewhere for any country. A listed country's forms lie within its entry.
CJK_SUFFIX = {"ja": "産", "ko": "산", "zh": "产"}
ENTRY = {
    "IN": "india", "CN": "china", "AE": "uae", "SA": "saudi", "PL": "poland", "IT": "italy", "FR": "france", "DE": "germany",
    "ES": "spain", "MX": "mexico", "US": "usa", "GB": "uk", "TR": "turkey", "VN": "vietnam", "BD": "bangladesh",
    "PK": "pakistan", "ID": "indonesia", "MY": "malaysia", "TH": "thailand", "JP": "japan", "KR": "korea", "BR": "brazil",
    "CH": "switzerland", "PT": "portugal", "RO": "romania", "MA": "morocco", "EG": "egypt", "OM": "oman", "KW": "kuwait",
    "QA": "qatar", "CZ": "czechia", "SK": "slovakia_hungary_ukraine", "HU": "slovakia_hungary_ukraine",
    "UA": "slovakia_hungary_ukraine", "AU": "australia", "NZ": "new_zealand", "NL": "netherlands", "CA": "canada",
    "IE": "ireland", "DK": "denmark",
}


def cjk_forms(existing: set[str]) -> dict[str, list[str]]:
    """{entry (a listed country's, or "world"): its CJK origin forms not in the table already}."""
    out: dict[str, set[str]] = {}
    for lang, suffix in CJK_SUFFIX.items():
        for code, name in Locale(lang).territories.items():
            if len(code) != 2 or not code.isalpha() or code in DEPENDENT | DISPUTED | NOT_PLACES:
                continue
            if re.search(r"[()\[\]/.&\s]", name) or any(ch.isdigit() for ch in name):
                continue
            form = name + suffix
            if form.lower() not in existing:
                out.setdefault(ENTRY.get(code, "world"), set()).add(form)
    return {k: sorted(v) for k, v in sorted(out.items())}


def places_line(words: list[str]) -> str:
    """A ``places: [...]`` flow list of ``words``, wrapped at 118 characters under its bracket."""
    body, line = [], "        places: ["
    for i, w in enumerate(words):
        word = w + (", " if i < len(words) - 1 else "]")
        if len(line) + len(word) > 118:
            body.append(line.rstrip())
            line = "                 "
        line += word
    body.append(line)
    return "\n".join(body) + "\n"


def cjk_block(forms: dict[str, list[str]]) -> str:
    lines = [CJK_BEGIN]
    for entry_name, words in forms.items():
        key = "cjk_" + entry_name
        lines.append(f"      {key}:\n")
        if entry_name != "world":
            lines.append(f"        within: {entry_name}\n")
        lines.append(places_line(words))
        lines.append('        source: {name: "Unicode CLDR territory names (babel 2.18.0) in ja, ko and zh with the origin'
                     ' suffix 産/산/产 (scripts/origin_world_places.py)", url:'
                     ' "https://cldr.unicode.org/translation/displaynames/countryregion-territory-names"}\n')
    lines.append(CJK_END)
    return "".join(lines)


# checks-origin54: every country's bare CLDR name in the market languages written in Thai, Devanagari, Han, kana
# and hangul, and the listed countries' names in the LANGUAGES above that their entries lack ("Marocco", "Marokko"), ("นำเข้าจากจีน", "फल ... नेपाल से", "来自澳大利亚", "원산지: 미국"): a source or an
# origin label there names its place by the bare name. Left out: short kana names that run inside everyday words
# (タイ in ネクタイ, タイプ) and names that are also everyday words (인도 "sidewalk", 이란 "called", 오만
# "arrogance", 가나 also the chocolate, 말리다 "dry"; 中非 "China-Africa").
BARE_LANGUAGES = ["th", "hi", "ja", "ko", "zh"]
BARE_AMBIGUOUS = {"인도", "이란", "오만", "가나", "말리", "차드", "토고", "통가", "中非", "チャド", "トーゴ", "マリ", "ガーナ"}
_KANA_ONLY = re.compile(r"^[\u30a0-\u30ff\u3040-\u309f]+$")


def bare_forms(existing: set[str]) -> dict[str, list[str]]:
    """{entry (a listed country's, or "world"): its bare th/hi/ja/ko/zh names not in the table already}."""
    out: dict[str, set[str]] = {}
    for lang in BARE_LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if len(code) != 2 or not code.isalpha() or code in DEPENDENT | DISPUTED | NOT_PLACES:
                continue
            if re.search(r"[()\[\]/.&]", name) or any(ch.isdigit() for ch in name) or name in BARE_AMBIGUOUS:
                continue
            if len(name) < 2 or (_KANA_ONLY.match(name) and len(name) < 3):
                continue
            if name.lower() not in existing:
                out.setdefault(ENTRY.get(code, "world"), set()).add(name)
    # and the Latin- and Arabic-script names of the listed countries that their entries lack ("Marocco", "Marokko")
    for lang in LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if code in ENTRY and _usable(name) and name.lower() not in existing:
                out.setdefault(ENTRY[code], set()).add(name.lower())
    return {k: sorted(v) for k, v in sorted(out.items())}


def bare_block(forms: dict[str, list[str]]) -> str:
    lines = [BARE_BEGIN]
    for entry_name, words in forms.items():
        lines.append(f"      bare_{entry_name}:\n        within: {entry_name}\n")
        lines.append(places_line(words))
        lines.append('        source: {name: "Unicode CLDR territory names (babel 2.18.0) in th, hi, ja, ko and zh, and in the'
                     ' Latin- and Arabic-script languages where the entry lacks them'
                     ' (scripts/origin_world_places.py, checks-origin54)", url:'
                     ' "https://cldr.unicode.org/translation/displaynames/countryregion-territory-names"}\n')
    lines.append(BARE_END)
    return "".join(lines)


def _usable(name: str) -> bool:
    return (len(name) >= 4 and not re.search(r"[()\[\]/.&]", name) and name.lower() not in AMBIGUOUS
            and not any(ch.isdigit() for ch in name))


def world_places(existing: set[str]) -> list[str]:
    """CLDR names of the unlisted countries, lower-cased, minus every key the table holds already."""
    names: set[str] = set()
    for lang in LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if len(code) != 2 or not code.isalpha() or code in LISTED | DEPENDENT | DISPUTED | NOT_PLACES:
                continue
            if _usable(name):
                names.add(name.lower())
    return sorted(n for n in names if n not in existing)


def existing_keys(text: str) -> set[str]:
    """Every claim and place the table lists outside the generated entry (a name belongs to one country)."""
    import yaml

    outside = text.split(BEGIN)[0] + (text.split(END)[1] if END in text else "")
    if CJK_BEGIN in outside:
        outside = outside.split(CJK_BEGIN)[0] + outside.split(CJK_END)[1]
    if BARE_BEGIN in outside:
        outside = outside.split(BARE_BEGIN)[0] + outside.split(BARE_END)[1]
    data = yaml.safe_load(outside)
    (rule,) = [r for r in data["rules"] if r["type"] == "origin_elsewhere"]
    return {w.lower() for c in rule["countries"].values()
            for w in [*c.get("claims", []), *c["places"], *c.get("demonyms", []), *c.get("protected", [])]}


def entry(places: list[str]) -> str:
    quoted = [f'"{p}"' if re.search(r"[:#,'\"\[\]{}&*!|>%@`]", p) or p in {"yes", "no", "on", "off"} else p
              for p in places]
    return (BEGIN + "      world:\n        claims: []\n" + places_line(quoted)
            + '        source: {name: "Unicode CLDR territory names (babel 2.18.0) in en, ar, de, es, fr, id, it, ms, nl,'
            + ' pl, pt, tr and vi; the countries the entries above list, their territories, disputed territories and'
            + ' names that are also everyday words left out (scripts/origin_world_places.py)", url:'
            + ' "https://cldr.unicode.org/translation/displaynames/countryregion-territory-names"}\n' + END)


def render(text: str) -> str:
    keys = existing_keys(text)
    block = entry(world_places(keys)) + cjk_block(cjk_forms(keys)) + bare_block(bare_forms(keys))
    if BARE_BEGIN in text:
        text = text.split(BARE_BEGIN)[0] + text.split(BARE_END)[1]
    if CJK_BEGIN in text:
        text = text.split(CJK_BEGIN)[0] + text.split(CJK_END)[1]
    if BEGIN in text:
        return text.split(BEGIN)[0] + block + text.split(END)[1]
    anchor = "    examples:\n"
    head, tail = text.split(anchor, 1)  # the table's examples follow its countries
    return head + block + anchor + tail


if __name__ == "__main__":
    TABLE.write_text(render(TABLE.read_text(encoding="utf-8")), encoding="utf-8")
