"""checks-origin59: towns below the table's places, for the stated-origin reader (``origin_elsewhere`` with
``towns: true``).

The origin table names countries, regions, the ISO 3166-2 first-level subdivisions and the towns earlier passes
added one by one; a copywriter names the town a craft or a produce comes from ("Ceramiche di Deruta", "Turrón de
Jijona", "forged in Thiers", "Bolesławiec stoneware") and the reader was blind to any town no list held (r57-origin:
Stoke-on-Trent, Bolesławiec, Hà Đông; r58-origin: Santa María del Río, Monterrey). This module reads a gazetteer of
real towns, ``cultural_rules/global/towns59.tsv`` (GeoNames cities1000, CC BY 4.0, 2,500 people or more; built by
bench/build_towns59.py), each with its country and its ISO 3166-2 first-level subdivision where known, so that a town
the copy gives as the origin is judged like a place of the table: against the origin the brief's facts or a label
note state (a town of Umbria against a statement of Emilia-Romagna, a town of Italy against "Made in China"); and a
town the statement names grounds or contradicts the copy's claim the same way ("Turrón de Jijona" against "elaborado
en Valencia" is no finding here: both lie in ES-VC; "Mezcal de Oaxaca" against "destilado en Tequila" is one).

A town is read only where it is written as a name (capitalised, in Latin letters) right after a word that makes it a
place (a preposition, a link or source word of the table: "in", "à", "di", "de", "aus", "z", "from") or with an origin
form after it ("Moradabad-made"), never where the table names a place at the same words (the table wins). Nothing is
read at import: the file is read on the first draft that needs it, and only the run of towns that start with a
capital the draft uses is parsed (``by_initial``, once per process each); a draft costs one regex pass over its
capitalised words and a dictionary look-up for each.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from studio.core.errors import RuleError

# words before a town that make it a place in most of the markets' languages, beside the table's own prepositions,
# links and sources (read from the table where it has them)
BEFORE = frozenset({
    "in", "at", "of", "from", "near", "à", "a", "au", "en", "de", "du", "des", "d'", "d’", "di", "da", "do", "dos",
    "das", "del", "della", "dello", "dal", "dalla", "nel", "nella", "em", "no", "na", "aus", "bei", "im", "am", "z",
    "ze", "w", "we", "van", "uit", "te", "từ", "tại", "ở", "dari", "la",
})
_NAME = re.compile(r"[A-ZÀ-ÞĀ-ɏḀ-ỿ][\w'’-]*(?: (?:[A-ZÀ-ÞĀ-ɏḀ-ỿ][\w'’-]*|de|del|di|do|da|la|le|sur|on|upon|am|an|im|dos|das|de la|de los)(?![\w'’])){0,3}")

_START = re.compile(r"(?<![\w'’])[A-ZÀ-ÞĀ-ɏḀ-ỿ]")


def towns_path() -> Path:
    from studio.core.config import get_settings

    return Path(get_settings().rules_dir) / "global" / "towns59.tsv"


_LINE = re.compile(r"^([^\t\n#][^\t\n]*)\t([A-Z]{2}\t(?:-|[A-Z]{2}-[A-Z0-9]{1,3})(?:,(?:-|[A-Z]{2}-[A-Z0-9]{1,3}))*)$", re.M)


@cache
def gazetteer(path: str) -> dict[str, str]:
    """{a town's name as written: "<ISO 3166-1>\t<its ISO 3166-2 codes, comma-separated, or ->"}, read once with one
    regex pass (the file has 90,000 lines); a line that is no name<TAB>country<TAB>codes is refused with its
    file:line. ``place`` reads a value."""
    text = Path(path).read_text(encoding="utf-8")
    out = dict(_LINE.findall(text))
    lines = text.count("\n") + (not text.endswith("\n")) - text.count("\n#") - text.startswith("#") - text.count("\n\n")
    if len(out) != lines:  # a malformed line, or a name twice: find the first and say where
        seen: set[str] = set()
        for i, line in enumerate(text.split("\n"), 1):
            if not line or line[0] == "#":
                continue
            m = _LINE.match(line)
            if m is None or m.group(1) in seen:
                raise RuleError(f"{path}:{i}: a town's line is name<TAB>ISO 3166-1<TAB>ISO 3166-2 codes "
                                f"comma-separated (or -), each name once: not {line!r}")
            seen.add(m.group(1))
    return out


@cache
def _text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


@cache
def by_initial(path: str, initial: str) -> dict[str, str]:
    """The gazetteer's towns whose name starts with ``initial``, as ``gazetteer`` reads them: the file is sorted by
    name, so they are one run of lines, found with two searches and read with one regex pass; a draft reads the
    runs of its own capitals only, never the whole file (a bad line there is refused with its file:line)."""
    text = _text(path)
    i = text.find("\n" + initial)
    if i < 0:
        return {}
    m = re.compile(r"\n(?!" + re.escape(initial) + ")").search(text, i + 1)
    j = m.start() if m else len(text)
    run = text[i + 1 : j]
    out = dict(_LINE.findall(run))
    if len(out) != run.count("\n") + 1:
        for n, line in enumerate(run.split("\n")):
            if not _LINE.fullmatch(line):
                raise RuleError(f"{path}:{text.count(chr(10), 0, i) + 2 + n}: a town's line is name<TAB>ISO 3166-1"
                                f"<TAB>ISO 3166-2 codes comma-separated (or -): not {line!r}")
    return out


@cache
def place(value: str) -> tuple[str, frozenset[str]]:
    """A gazetteer value read: (the country, its ISO 3166-2 codes of that country)."""
    cc, field = value.split("\t")
    codes = frozenset(c for c in field.split(",") if c != "-")
    if any(c[:2] != cc for c in codes):
        raise RuleError(f"towns: {value!r}: a code of another country than {cc}")
    return cc, codes


# Polish town names in their genitive and locative cases, back to the nominative the gazetteer holds ("z Bolesławca",
# "w Krakowie", "w Gdańsku", "w Toruniu", "z Gdyni"): the case ending dropped, then the nominative's own ending put
# back (the fleeting e of -iec, -ów written -ow- inside the word, the soft n). Polish grammar (PWN, "Odmiana nazw
# miejscowości"); tried only in a Polish draft, and a guess counts only for a town of Poland.
_PL_CASES = ("owie", "iem", "ie", "iu", "em", "a", "u", "y", "i")
_PL_NOMINATIVE = (("c", "iec"), ("ow", "ów"), ("n", "ń"), ("", ""), ("", "a"), ("", "ia"), ("dz", "dź"), ("", "e"), ("", "o"))


def _polish_nominatives(word: str) -> list[str]:
    out: list[str] = []
    for case in _PL_CASES:
        if word.endswith(case) and len(word) - len(case) >= 3:
            stem = word[: -len(case)]
            for tail, nom in _PL_NOMINATIVE:
                if stem.endswith(tail):
                    out.append(stem[: len(stem) - len(tail)] + nom)
    return out


def town_hits(text: str, low: str, taken: list[tuple[int, int]], before_words: frozenset[str],
              after_forms: tuple[str, ...], countries: dict[str, str],
              language: str | None = None) -> list[tuple[int, int, str, str, frozenset[str]]]:
    """(start, end, entry, key, codes) of each town of the gazetteer the text names as a place (see the docstring)."""
    if not any(ch.isupper() for ch in text):
        return []
    path = str(towns_path())
    out: list[tuple[int, int, str, str, frozenset[str]]] = []
    for start in _START.finditer(text):  # every capitalised word, also inside a longer name ("Ceramiche di Deruta")
        a = start.start()
        m = _NAME.match(text, a)
        if m is None or (a and (text[a - 1].isalnum() or text[a - 1] in "_'’")):
            continue
        words = m.group(0).split(" ")
        before = re.findall(r"[\w'’-]+", low[max(0, a - 16) : a])
        prev = before[-1] if before and low[a - 1 : a] == " " else ""
        for n in range(len(words), 0, -1):  # the longest name first ("Santa María del Río")
            name = " ".join(words[:n])
            if n == 1 and ("'" in name or "’" in name):
                # Turkish writes a proper name's case ending after an apostrophe ("Bursa'nın", "Ankara'da": TDK)
                name = re.split(r"['’]", name, maxsplit=1)[0]
            b = a + len(name)
            value = by_initial(path, name[0]).get(name)
            if value is None and n == 1 and language == "pl":
                value = next((v for g in _polish_nominatives(name) if (v := by_initial(path, g[0]).get(g)) is not None
                              and v.startswith("PL\t")), None)
            if value is None or (b < len(text) and (text[b].isalnum() or text[b] == "_")) or len(name) < 4:
                continue
            if any(s < b and a < e for s, e in taken):
                break  # the table's place wins
            hit = place(value)
            entry = countries.get(hit[0])
            if entry is None:
                break
            after = low[b : b + 12]
            if prev in before_words or after.startswith(after_forms):
                out.append((a, b, entry, low[a:b], hit[1]))
            break
    return out


# checks-origin60: the towns in their own scripts (global/towns60.tsv: GeoNames' alternate names, built by
# bench/build_towns60.py), found by one automaton pass: Han, kana and Thai are written without spaces, so a name is read
# wherever it stands (the longest first, none inside another); a Hangul name with nothing of its script before it (a
# particle may follow: "부산에서"); a Devanagari or Arabic name as a whole word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


def native_path() -> Path:
    return towns_path().with_name("towns60.tsv")


@cache
def native_automaton(path: str) -> Any:  # an ahocorasick.Automaton of {name: (length, "<cc>\t<codes>")}
    import ahocorasick

    auto = ahocorasick.Automaton()
    for name, value in gazetteer(path).items():
        auto.add_word(name, (len(name), value))
    auto.make_automaton()
    return auto


def native_hits(text: str, taken: list[tuple[int, int]], countries: dict[str, str]) -> list[tuple[int, int, str, str, frozenset[str]]]:
    """(start, end, entry, name, codes) of each town of towns60.tsv the text names in its own script, outside the
    ``taken`` spans (the table's places win), the longest name first."""
    if text.isascii():
        return []
    found = sorted(((end - n + 1, end + 1, value) for end, (n, value) in native_automaton(str(native_path())).iter(text)),
                   key=lambda h: (h[0], -h[1]))
    out: list[tuple[int, int, str, str, frozenset[str]]] = []
    last = -1
    for a, b, value in found:
        if a < last or any(s < b and a < e for s, e in taken):
            continue
        first, before, after = text[a], text[a - 1 : a], text[b : b + 1]
        if _UNSPACED.match(first):
            pass
        elif _HANGUL.match(first):
            if before and _HANGUL.match(before):
                continue
        elif (before and before.isalnum()) or (after and after.isalnum()):
            continue
        cc, codes = place(value)
        entry = countries.get(cc)
        if entry is None:
            continue
        out.append((a, b, entry, text[a:b], codes))
        last = b
    return out


__all__ = ["by_initial", "gazetteer", "native_hits", "native_path", "place", "town_hits", "towns_path"]
