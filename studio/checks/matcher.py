"""Term matching with Aho-Corasick: every term of a locale's rules in one automaton, built once.

Terms are grouped (``(rule id, role)``, e.g. the terms of a rule, the trigger terms of a
``requires`` rule, one register of a ``mix`` rule). ``TermIndex.find`` scans the normalised text
once and returns the spans per group, after word-boundary filtering and exceptions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import ahocorasick

from studio.checks.normalize import Normalized, is_nospace_char, normalize

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
Span = tuple[int, int]


def term_mode(term: str, match: str = "auto") -> str:
    """word | substring | prefix. ``auto`` chooses by the term's script: zh/ja/th substring, ko prefix."""
    if term.endswith("*"):
        return "prefix"
    if match != "auto":
        return match
    if any(is_nospace_char(c) for c in term):
        return "substring"
    if _HANGUL.search(term):
        return "prefix"  # Korean particles attach after the word: 최고의, 최고를
    return "word"


def _boundary_char(ch: str) -> bool:
    """True where a Latin/Cyrillic/Arabic... word may start or end next to ``ch``."""
    return not ch.isalnum() or is_nospace_char(ch) or bool(_HANGUL.match(ch))


@dataclass
class Group:
    key: tuple[str, str]
    terms: list[str]
    exceptions: list[str] = field(default_factory=list)
    match: str = "auto"
    case_sensitive: bool = False
    suffixes: list[str] = field(default_factory=list)
    # Terms starting with an uppercase letter match case-sensitively (mix rules: "Sie" is not "sie").
    case_by_initial: bool = False


class TermIndex:
    """All term groups of one resolved rule set; two automatons (casefolded and cased views)."""

    def __init__(self, groups: list[Group]):
        entries: dict[bool, dict[str, list[tuple[tuple[str, str], str, bool]]]] = {
            False: defaultdict(list), True: defaultdict(list)}
        for g in groups:
            for term in g.terms:
                cased = g.case_sensitive or (g.case_by_initial and term[:1].isupper())
                mode = term_mode(term, g.match)
                base = normalize(term.rstrip("*"), casefold=not cased).text
                variants = [base] + ([base + normalize(s, casefold=not cased).text for s in g.suffixes] if mode == "word" else [])
                for v in variants:
                    entries[cased][v].append((g.key, mode, False))
            for exc in g.exceptions:
                entries[g.case_sensitive][normalize(exc, casefold=not g.case_sensitive).text].append((g.key, "substring", True))
        self.automata: dict[bool, ahocorasick.Automaton | None] = {}
        for cased, table in entries.items():
            if not table:
                self.automata[cased] = None
                continue
            auto = ahocorasick.Automaton()
            for key, values in table.items():
                auto.add_word(key, (len(key), tuple(values)))
            auto.make_automaton()
            self.automata[cased] = auto
        self.size = sum(len(t) for t in entries.values())

    @property
    def needs_cased(self) -> bool:
        return self.automata.get(True) is not None

    def find(self, folded: Normalized, cased: Normalized | None = None) -> dict[tuple[str, str], list[Span]]:
        """Spans in ORIGINAL text offsets per group key, exceptions removed, sorted by start."""
        hits: dict[tuple[str, str], list[Span]] = defaultdict(list)
        excs: dict[tuple[str, str], list[Span]] = defaultdict(list)
        for is_cased, view in ((False, folded), (True, cased)):
            auto = self.automata.get(is_cased)
            if auto is None or view is None:
                continue
            text = view.text
            n = len(text)
            for end_idx, (length, values) in auto.iter(text):
                start, end = end_idx - length + 1, end_idx + 1
                for key, mode, is_exc in values:
                    if is_exc:
                        excs[key].append(view.span(start, end))
                        continue
                    if mode != "substring":
                        if start > 0 and not _boundary_char(text[start - 1]) and not _boundary_char(text[start]):
                            continue
                        if mode == "word" and end < n and not _boundary_char(text[end]) and not _boundary_char(text[end - 1]):
                            continue
                    hits[key].append(view.span(start, end))
        out: dict[tuple[str, str], list[Span]] = {}
        for key, spans in hits.items():
            ex = excs.get(key)
            if ex:
                spans = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in ex)]
            if spans:
                out[key] = sorted(set(spans))
        return out
