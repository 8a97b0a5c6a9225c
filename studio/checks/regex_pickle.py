"""Compiled regexes pickled in their compiled form: reading a copy of the rule packs (studio.checks.loadcache) does not
parse and compile each of its ~2,200 regexes again (~0.05 s). ``RegexPickler`` stores what ``re`` hands to
``_sre.compile`` and checks, before writing, that it rebuilds an equal pattern (CPython compares pattern, flags and
code); the copy's key covers the Python build. Beside each regex it keeps the literals the regex prefilter needs
(``prefilter.required_literals``, another parse of every pattern, ~0.06 s when a market compiles), handed back to the
prefilter as the copy is read. Split out of loadcache.py (engine59): how a regex is kept, apart from where and when
a copy is."""

from __future__ import annotations

import pickle
import re
from array import array
from typing import Any

from studio.checks import prefilter


def _pattern(pattern: str | bytes, flags: int, code: list[int] | bytes, groups: int, groupindex: dict[str, int],
             indexgroup: tuple[str | None, ...], literals: prefilter.Required) -> re.Pattern[Any]:
    """A compiled regex rebuilt from its compiled form (``re._compiler.compile``'s last step), its
    prefilter literals recorded. ``code``: the opcodes, packed as machine words (``_packed``) or a list."""
    try:
        import _sre

        if isinstance(code, bytes):
            words = array(_CODE_WORD)
            words.frombytes(code)
            code = words.tolist()
        rx: re.Pattern[Any] = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
    except Exception:  # noqa: BLE001 - another runtime: compile from the source
        return re.compile(pattern, flags)
    prefilter.remember(rx, literals)  # worked out by the same code: the copy's key covers the prefilter
    return rx


def _compiled_form(rx: re.Pattern[Any]) -> tuple[Any, ...] | None:
    """The arguments of ``_pattern`` that rebuild ``rx``, or None where they would not rebuild it equal."""
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(rx.pattern, rx.flags)
        code = [int(c) for c in _compiler._code(parsed, rx.flags)]  # named opcodes are ints
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in parsed.state.groupdict.items():
            indexgroup[i] = name
        args = (rx.pattern, rx.flags | parsed.state.flags, code, parsed.state.groups - 1,
                dict(parsed.state.groupdict), tuple(indexgroup))
        if _sre.compile(*args) != rx:
            return None
        return (*args[:2], _packed(code), *args[3:])
    except Exception:  # noqa: BLE001 - not CPython's re internals: pickle the ordinary way
        return None


# A regex's opcodes kept as the bytes of an array of SRE_CODE words rather than a list of ints: the rule packs'
# ~2,200 regexes hold ~1.5 M opcodes, and a list of ints costs one pickle opcode (and one int object) each (bench/checks.py,
# speed53). Machine words: the copy is read back on the machine that wrote it
# (the key covers the Python build); any other size of word keeps the list.
_CODE_WORD = "I"


def _packed(code: list[int]) -> list[int] | bytes:
    import _sre

    if array(_CODE_WORD).itemsize != _sre.CODESIZE:
        return code
    try:
        return array(_CODE_WORD, code).tobytes()
    except OverflowError:  # an opcode wider than the word: keep the list
        return code


class RegexPickler(pickle.Pickler):
    """A pickler that keeps each compiled regex in its compiled form (``_pattern`` rebuilds it)."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern):
            args = _compiled_form(obj)
            if args is not None:
                return _pattern, (*args, prefilter.required_literals(obj))
        return NotImplemented
