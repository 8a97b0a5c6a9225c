"""Literal prefilter for regex rules: run a regex only when a string it cannot match without appears.

For each compiled pattern the parse tree gives sets of literals such that every match contains at
least one literal of each set (``alc(ohol|ool)`` -> {"alc"}; ``bier|wein`` -> {"bier", "wein"};
``kostenlos.{0,40}(bei|ab) \\d`` -> {"kostenlos"} and {"bei", "ab"}). One Aho-Corasick scan of a
case-canonical view of the text finds which literals occur; only the regexes every set of which was hit
run. Patterns with no usable literal (``\\d+%``) always run. The canonical view
lowers each character the way ``re.IGNORECASE`` does (one char to one char, plus the extra
equivalences such as "ſ"~"s"), so the filter never skips a regex that would have matched.
"""

from __future__ import annotations

import _sre
import re
from functools import lru_cache
from re import _compiler as _sre_compile  # type: ignore[attr-defined]  # the case equivalences re itself uses
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

_EXTRA = getattr(_sre_compile, "_EXTRA_CASES", {})


@lru_cache(maxsize=8192)
def _canon_char(ch: str) -> str:
    lo = _sre.unicode_tolower(ord(ch))
    return chr(min((lo, *_EXTRA.get(lo, ()))))


def canonical(text: str) -> str:
    """Per-character case-canonical view (same length as ``text``)."""
    if text.isascii():
        return text.lower()
    return "".join(map(_canon_char, text))


def _quality(lits: frozenset[str] | None) -> tuple[int, int]:
    """Longer shortest literal and fewer literals filter better."""
    if not lits:
        return (-1, 0)
    return (min(len(x) for x in lits), -len(lits))


def _usable(lits: frozenset[str] | None) -> bool:
    # One ASCII letter occurs in almost every draft; one Han/kana/Hangul character is selective.
    return lits is not None and bool(lits) and all(len(x) >= 2 or (len(x) == 1 and not x.isascii()) for x in lits)


def _required(items: Any) -> frozenset[str] | None:
    """A literal set every match of the sequence ``items`` contains, or None: the best of ``_all_required``'s
    (the first of the best where several tie)."""
    sets = _all_required(items)
    return max(sets, key=_quality) if sets else None


# A regex's required literal sets: every match contains a literal of each set (None: no usable set).
Required = tuple[frozenset[str], ...] | None


def _all_required(items: Any) -> list[frozenset[str]]:
    """Every usable literal set that the sequence ``items`` requires: a match of a sequence matches each of its
    parts, so it holds a literal of each part's set, of every part at once (not only of ``_required``'s best)."""
    sets: list[frozenset[str]] = []
    run: list[str] = []

    def add(cand: frozenset[str] | None) -> None:
        if cand is not None and _usable(cand):
            sets.append(cand)

    def flush() -> None:
        if run:
            add(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is C.SUBPATTERN:
            sets.extend(_all_required(av[-1]))
        elif op is C.BRANCH:
            parts = [_required(b) for b in av[1]]
            usable = [p for p in parts if p is not None and _usable(p)]
            if len(usable) == len(parts):
                add(frozenset[str]().union(*usable))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            sets.extend(_all_required(av[2]))
        elif op is C.ATOMIC_GROUP:
            sets.extend(_all_required(av))
    flush()
    return sets


# Literal sets already worked out, by (pattern, flags): parsing a pattern again is most of the cost of
# compiling a market (~0.06 s of `studio check`). The rule-pack copy (``studio.checks.loadcache``) keeps
# each regex's sets beside it and ``remember``s them when read back.
_KNOWN: dict[tuple[Any, int], Required] = {}


def remember(rx: re.Pattern[Any], lits: Required) -> None:
    """Record ``required_literals(rx)`` worked out earlier (by the same code: the copy's key covers it)."""
    _KNOWN[(rx.pattern, rx.flags)] = lits


def required_literals(rx: re.Pattern[str]) -> Required:
    """Sets of canonical literals, every match of ``rx`` containing one literal of each; None when there are none."""
    key = (rx.pattern, rx.flags)
    if key not in _KNOWN:
        _KNOWN[key] = _required_literals(rx)
    return _KNOWN[key]


def _required_literals(rx: re.Pattern[str]) -> Required:
    try:
        tree = _sre_parse.parse(rx.pattern, rx.flags & ~re.UNICODE if isinstance(rx.pattern, bytes) else rx.flags)
    except Exception:  # anything re accepts but we cannot read: never filter it
        return None
    sets = list(dict.fromkeys(frozenset(canonical(x) for x in lits) for lits in _all_required(list(tree))))
    # a set with another inside it is hit wherever that one is: it filters nothing more
    sets = [s for s in sets if not any(t < s for t in sets)]
    return tuple(sets) if sets else None


class RegexPrefilter:
    """Which of a list of compiled regexes can match a text, decided by one automaton scan."""

    def __init__(self, regexes: list[re.Pattern[str]]):
        self.size = len(regexes)
        self.always: set[int] = set()
        # literal -> the regexes with that one set (let through on the literal alone), and (regex, the bit of its set)
        # for a regex with several sets (let through once every bit is set)
        table: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}
        self.full: dict[int, int] = {}  # per regex with several sets, the bits of all of them
        for i, rx in enumerate(regexes):
            sets = required_literals(rx)
            if sets is None:
                self.always.add(i)
                continue
            if len(sets) > 1:
                self.full[i] = (1 << len(sets)) - 1
            for j, lits in enumerate(sets):
                for lit in lits:
                    single, several = table.setdefault(lit, ([], []))
                    if len(sets) == 1:
                        single.append(i)
                    else:
                        several.append((i, 1 << j))
        self.filtered = len(regexes) - len(self.always)
        self.automaton = None
        # per automaton value, its literal's regexes: read once per literal found, not once per occurrence
        self.entries: list[tuple[tuple[int, ...], tuple[tuple[int, int], ...]]] = []
        if table:
            auto = ahocorasick.Automaton()
            for lit, (single, several) in table.items():
                auto.add_word(lit, len(self.entries))
                self.entries.append((tuple(single), tuple(several)))
            auto.make_automaton()
            self.automaton = auto

    def candidates(self, view: str) -> set[int]:
        """Indexes of the regexes to run on a text whose ``canonical`` view is ``view``."""
        out = set(self.always)
        if self.automaton is not None:
            met: dict[int, int] = {}
            entries = self.entries
            for place in {place for _, place in self.automaton.iter(view)}:
                single, several = entries[place]
                out.update(single)
                for i, bit in several:
                    met[i] = met.get(i, 0) | bit
            if met:
                full = self.full
                out.update(i for i, bits in met.items() if bits == full[i])
        return out
