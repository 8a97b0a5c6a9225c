"""The regex guard every rule type's patterns pass at load: compiled on their NFKC view, refused when invalid, too
long or able to backtrack catastrophically (a nested open-ended repeat, an ambiguous repeated branch). Split out of
base.py (engine57); base.py keeps the names for the rule types that import them from there."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

MAX_PATTERN_LENGTH = 2000
MAX_NESTED_REPEAT = 5  # a group repeated at most this often may hold an open-ended repeat  # a rule regex is a phrase with alternatives, not a program


def _repeat_max(av: Any) -> int:
    return int(av[1])


def _items(op: Any, av: Any) -> list[list[Any]]:
    """The sub-sequences of one parse-tree node."""
    if op is C.SUBPATTERN:
        return [list(av[-1])]
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        return [list(av[2])]
    if op is C.BRANCH:
        return [list(b) for b in av[1]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [list(av[1])]
    if op is C.ATOMIC_GROUP:
        return [list(av)]
    if op is C.GROUPREF_EXISTS:
        return [list(b) for b in av[1:] if b is not None]
    return []


def _variable_repeat(items: list[Any], unbounded_only: bool) -> bool:
    """True when ``items`` holds a repeat that can match more than one length (at any depth)."""
    for op, av in items:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi = av[0], _repeat_max(av)
            if hi == C.MAXREPEAT or (not unbounded_only and hi != lo):
                return True
        if any(_variable_repeat(sub, unbounded_only) for sub in _items(op, av)):
            return True
    return False


def _first_literals(items: list[Any]) -> set[int] | None:
    """Literal code points a branch can start with, or None when it starts with anything else."""
    for op, av in items:
        if op is C.LITERAL:
            return {av}
        if op is C.SUBPATTERN:
            return _first_literals(list(av[-1]))
        if op in (C.AT,):
            continue
        return None
    return None


def _ambiguous_branch(items: list[Any], fold: bool) -> bool:
    """An alternation whose branches can start with the same character (``(a|ab)``, ``(\\w|x)``)."""
    for op, av in items:
        if op is C.BRANCH:
            seen: set[int] = set()
            for b in av[1]:
                first = _first_literals(list(b))
                if first is None:
                    return True
                first = {ord(chr(c).lower()) for c in first} if fold else first
                if seen & first:
                    return True
                seen |= first
        for sub in _items(op, av):
            if op is not C.BRANCH and _ambiguous_branch(sub, fold):
                return True
    return False


def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` can backtrack exponentially (a nested or ambiguous quantifier), or None.

    Python's ``re`` backtracks; ``(a+)+$`` takes seconds on 28 characters. The shipped rules use
    look-behind and Unicode ``\\b``/``\\w`` that linear-time engines (RE2) lack, so instead of a
    second engine every rule regex is read once at load and refused when a repeated group holds
    another open-ended repeat or alternatives that start alike.
    """
    tree = _sre_parse.parse(pattern, flags)

    def walk(items: list[Any]) -> str | None:
        for op, av in items:
            if op in (C.MAX_REPEAT, C.MIN_REPEAT):
                hi = _repeat_max(av)
                body = list(av[2])
                unbounded = hi == C.MAXREPEAT
                # (\w+\s+){0,2} is fine (polynomial, small degree); (a+)+ and (.*a){20} are not.
                if unbounded or hi > MAX_NESTED_REPEAT:
                    if _variable_repeat(body, unbounded_only=not unbounded):
                        return "a repeated group contains another open-ended repeat (like (a+)+)"
                    if unbounded and _ambiguous_branch(body, bool(flags & re.IGNORECASE)):
                        return "a repeated group has alternatives that can start with the same character (like (a|ab)+)"
            for sub in _items(op, av):
                why = walk(sub)
                if why:
                    return why
        return None

    return walk(list(tree))


def nfkc_pattern(pattern: str) -> str:
    """``pattern`` in the NFKC form of the text it runs on: regexes match the normalised view, where
    Thai "ำ" is two characters and full-width "！" is "!", so a pattern written with the composed or
    full-width form would never match. Characters NFKC changes are replaced by their escaped NFKC form;
    everything else, escapes included, is kept."""
    if pattern.isascii() or unicodedata.is_normalized("NFKC", pattern):
        return pattern
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            norm = unicodedata.normalize("NFKC", nxt)
            out.append(re.escape(norm) if norm != nxt else pattern[i:i + 2])
            i += 2
            continue
        norm = unicodedata.normalize("NFKC", ch)
        out.append(re.escape(norm) if norm != ch else ch)
        i += 1
    return "".join(out)


def compile_patterns(patterns: Sequence[str], flags: int, field: str) -> list[re.Pattern[str]]:
    """Compile rule regexes, refusing invalid ones and those that can backtrack catastrophically."""
    out = []
    for i, p in enumerate(patterns):
        if len(p) > MAX_PATTERN_LENGTH:
            raise ValueError(f"{field}[{i}] is {len(p)} characters, over the limit of {MAX_PATTERN_LENGTH}")
        try:
            out.append(_checked_regex(p, flags))
        except ValueError as exc:
            raise ValueError(f"{field}[{i}] {exc}") from None
    return out


@lru_cache(maxsize=16384)
def compiled_regex(p: str, flags: int) -> re.Pattern[str]:
    """A regex compiled on its NFKC view (as written where that view does not compile), once per process, without
    the backtracking read: for a pattern a validator has already let through (``compile_patterns`` at load) and
    that is compiled again later from its text (a concept's ``cleared_by`` read back from the rule-pack copy)."""
    rx = re.compile(p, flags)
    view = nfkc_pattern(p)
    if view != p:
        try:
            rx = re.compile(view, flags)
        except re.error:
            pass  # a range whose end NFKC expands: keep the pattern as written
    return rx


@lru_cache(maxsize=16384)
def _checked_regex(p: str, flags: int) -> re.Pattern[str]:
    """One rule regex compiled on its NFKC view and read for backtracking, once per process: reloading the
    packs (the server after an edit, `rules validate`, the fuzz bench's mutated pack beside the unchanged
    global one) parsed every unchanged pattern again, 0.5 s of CPU for the global pack's generated origin
    patterns alone. Pattern objects are immutable, so the loads share them; a refused pattern raises each time."""
    try:
        rx = compiled_regex(p, flags)
    except re.error as exc:
        raise ValueError(f"is not a valid regex ({exc}): {p!r}") from None
    why = backtracking_risk(p, flags)
    if why:
        raise ValueError(f"can take exponential time: {why}: {p!r}; "
                         "rewrite it without the nested repeat, e.g. (a+)+ -> a+, (a|ab)+ -> (ab?)+")
    return rx


@lru_cache(maxsize=4096)
def compiled_all(patterns: tuple[str, ...], flags: int = 0) -> tuple[re.Pattern[str], ...]:
    """A rule's list of regexes compiled as written, once per process: for patterns a validator has already let
    through (``regexes`` at load), read per draft by the reader types (announced, ceiling, contrast, free_condition,
    reference_stated)."""
    return tuple(re.compile(p, flags) for p in patterns)
