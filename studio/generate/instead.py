"""The ``instead`` reader gate: a brief's "A instead of B" said backwards ("One bottle instead of hundreds of plastic
ones" as tr 'Tek bir şişe yerine.', "instead of a single bottle"). The markers, the side each puts the replaced thing
on and the count words are data (``prompts/instead.yaml``), validated at load with file:line errors; A's and B's
words in the locale come from the verified phrase tables (studio.generate.examples ``say``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from studio.checks.language import language_of_locale
from studio.generate.prompt_words import fold, prompt_file
from studio.generate.reader_rules import SPACELESS, WORD

INSTEAD_FILE = "instead.yaml"
_FIX = ("give `window: {words, letters}`, `markers:` language -> list of {marker, replaced: before|after}, `counts:` "
        "language -> {one: [...], many: [...]} (see the file's header)")
_EN = re.compile(r"^(?P<a>.+?)\s+(?:instead of|in place of)\s+(?P<b>.+?)[.!]?$", re.I)
_CLAUSE = re.compile(r"[.,;:!?、。，！？،؛\n]")
_MANY = re.compile(r"^(?:hundreds|thousands|many)\b", re.I)


@dataclass(frozen=True)
class InsteadRules:
    words: int
    letters: int
    # language -> ((folded marker, before|after, stems of a next word that make it an idiom), ...), longest first
    markers: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]]
    one: dict[str, frozenset[str]]
    many: dict[str, frozenset[str]]


@lru_cache(maxsize=4)
def _rules(path: str, mtime: float) -> InsteadRules | None:
    from studio.core.errors import StudioError
    from studio.core.yamlfile import load_yaml_file

    if not mtime:
        return None
    data, lines = load_yaml_file(path, StudioError)

    def fail(what: str, at: tuple) -> StudioError:
        return StudioError(what, where=f"{path}:{lines.get(at, 1)}", fix=_FIX)

    if not isinstance(data, dict):
        raise fail("not a mapping", ())
    window = data.get("window") or {}
    if not (isinstance(window, dict) and all(isinstance(window.get(k), int) and window[k] > 0 for k in ("words", "letters"))):
        raise fail("window: give words and letters as whole numbers above 0", ("window",))
    markers: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {}
    for lang, items in (data.get("markers") or {}).items():
        ok = isinstance(items, list) and all(isinstance(m, dict) and isinstance(m.get("marker"), str) and m["marker"].strip()
                                             and m.get("replaced") in ("before", "after")
                                             and set(m) <= {"marker", "replaced", "unless_next"}
                                             and all(isinstance(w, str) and w.strip() for w in m.get("unless_next", ()))
                                             for m in items)
        if not ok:
            raise fail(f"markers.{lang}: give a list of {{marker, replaced: before|after, unless_next: [stems]}}",
                       ("markers", lang))
        markers[str(lang)] = tuple(sorted(((fold(m["marker"]).strip(), m["replaced"],
                                            tuple(fold(w) for w in m.get("unless_next", ()))) for m in items),
                                          key=lambda m: -len(m[0])))
    if not markers:
        raise fail("no `markers:`", ())
    one: dict[str, frozenset[str]] = {}
    many: dict[str, frozenset[str]] = {}
    for lang, counts in (data.get("counts") or {}).items():
        if not isinstance(counts, dict) or set(counts) - {"one", "many"} or not all(
                isinstance(v, list) and all(isinstance(w, str) and w.strip() for w in v) for v in counts.values()):
            raise fail(f"counts.{lang}: give one and many as lists of words", ("counts", lang))
        one[str(lang)] = frozenset(fold(w) for w in counts.get("one", ()))
        many[str(lang)] = frozenset(fold(w) for w in counts.get("many", ()))
    return InsteadRules(window["words"], window["letters"], markers, one, many)


def instead_rules() -> InsteadRules | None:
    """``<prompts>/instead.yaml`` (None where the file is missing: the gate reads nothing)."""
    return _rules(*prompt_file(INSTEAD_FILE))


def _words(text: str) -> set[str]:
    return {w for w in WORD.findall(fold(text))}


def _sides(statement: str, locale: str, rules: InsteadRules) -> tuple[str, str, set[str], set[str]] | None:
    """(A, B, A's words, B's words) in the locale for a statement "A instead of B", else None."""
    from studio.generate.examples import locale_examples

    m = _EN.match(statement.strip())
    if not m:
        return None
    a_en, b_en = m.group("a"), m.group("b")
    lang = language_of_locale(locale)
    markers = rules.markers.get(lang, ())
    ex = locale_examples(locale)
    a_own = b_own = ""
    if ex is not None:
        a_said, b_said = ex.say(a_en), ex.say(f"instead of {b_en}")
        if a_said and b_said:
            a_own, b_own = a_said, b_said
            for marker, _, _ in markers:
                b_own = fold(b_own).replace(marker, " ")
        elif whole := ex.say(statement.strip()):
            folded = fold(whole)
            for marker, replaced, _ in markers:
                if marker in folded:
                    left, right = folded.split(marker, 1)
                    b_own, a_own = (left, right) if replaced == "before" else (right, left)
                    break
    if lang == "en":
        a_own, b_own = a_en, b_en
    a_words, b_words = _words(a_own), _words(b_own)
    a_words, b_words = a_words - b_words, b_words - a_words
    if re.match(r"^(?:one|a single)\b", a_en, re.I):
        a_words |= rules.one.get(lang, frozenset())
    if _MANY.match(b_en):
        b_words |= rules.many.get(lang, frozenset())
    if not a_words:
        return None
    return a_en, b_en, a_words, b_words


def _has(words: set[str], side: str, spaceless: bool) -> str | None:
    if spaceless:
        return next((w for w in sorted(words, key=len, reverse=True) if w in side), None)
    said = WORD.findall(side)
    return next((w for w in said if w in words), None)


def said_backwards(text: str, locale: str, brief: Any, rules: InsteadRules | None = None) -> str | None:
    """Why a draft puts the replacing thing of a brief's "A instead of B" on the replaced side of the language's
    marker (A's words there, none of B's), else None."""
    rules = rules or instead_rules()
    if rules is None:
        return None
    lang = language_of_locale(locale)
    markers = rules.markers.get(lang)
    if not markers:
        return None
    folded = fold(text)
    if not any(marker in folded for marker, _, _ in markers):
        return None  # most drafts: no statement's phrase tables are read
    # the product is what a brief's "A instead of B" puts in place of B: its name on the replaced side says it
    # backwards too (q23g's ja-JP post 'Fjell Bottleの代わりに、ボトルひとつ', "one bottle instead of the Fjell Bottle")
    names = {fold(n).strip() for n in (getattr(brief, "brand", ""), getattr(getattr(brief, "product", None), "name", ""))
             if n and str(n).strip()}
    for statement in brief.statements():
        sides = _sides(str(statement), locale, rules)
        if sides is None:
            continue
        a_en, b_en, a_words, b_words = sides
        for marker, replaced, unless in markers:
            spaced = not SPACELESS.search(marker)
            end = r"(?![^\W_])" if marker[-1:].isalnum() else ""  # 'au lieu d'' runs into 'une'
            pattern = rf"(?<![^\W_]){re.escape(marker)}{end}" if spaced else re.escape(marker)
            for m in re.finditer(pattern, folded):
                if unless and folded[m.end():].lstrip().startswith(unless):
                    continue  # an idiom, not 'instead of' (tr 'sözünü yerine getirir', keeps its word)
                if replaced == "before":
                    side = _CLAUSE.split(folded[:m.start()])[-1]
                else:
                    side = _CLAUSE.split(folded[m.end():])[0]
                spaceless = bool(SPACELESS.search(side)) and not re.search(r"\s", side.strip())
                if spaceless:
                    side = side[-rules.letters:] if replaced == "before" else side[:rules.letters]
                else:
                    ws = side.split()
                    side = " ".join(ws[-rules.words:] if replaced == "before" else ws[:rules.words])
                a = _has(a_words, side, spaceless) or next((n for n in sorted(names, key=len, reverse=True) if n in side), None)
                if a and not _has(b_words, side, spaceless):
                    gap = "" if spaceless or not spaced or not marker[-1:].isalnum() else " "
                    quoted = (f"{side}{gap}{marker}" if replaced == "before" else f"{marker}{gap}{side}").strip()
                    return (f"says {quoted!r}: {a!r} stands on the replaced side, but the brief says "
                            f"{a_en!r} instead of {b_en!r}; say that {b_en!r} is what {a_en!r} replaces")
    return None
