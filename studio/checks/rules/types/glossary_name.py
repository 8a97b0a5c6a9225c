"""``glossary_name``: a name the input's glossary fixes, written in the copy with some of its words and not others
(checks-restA59, issue 9).

The glossary gives a business's or product's name as it must be written; the builtin glossary check reads the name
kept, altered letter by letter, transliterated or translated, and notes a name that is simply absent (info: a draft
need not name it). A stranger's copy more often keeps the name's words but not the name: a word dropped ("Ladypool
Balti" for Ladypool Balti House), a word cut to an abbreviation ("Martabak Bg Udin", "Banketbakkerij vd Steen"), a word
inflected or made plural ("Musikschule Notenzwergen", "Pixel Rigs"), a word moved or replaced ("بسمة الرياض كلينك" for
عيادات بسمة الرياض). The reader compares the two things the input states, word by word: the name's words (two or
more) against the copy's words. A name word is *kept* when the copy has it as a word (case-blind) with the name's
capital where the name has one, or *inflected* when a copy word with that capital begins with it and adds at most ``max_suffix``
letters (or it begins with the copy word, one letter longer) and it has ``min_word`` letters or more. A short name word
(fewer letters) counts as inflected only right after the name's previous word ("Pixel Rigs"). When the name is not
in the copy as whole words but at least half of its words are kept or inflected (both words of a two-word name: one
alone, "Pixel", is as likely the common word), one of them with ``min_word`` letters, all within the name's length
and ``slack`` characters of each other, the name is altered.

Words are split at what Python's ``\\w`` is not; a script whose marks are not word characters (Thai tone and vowel
marks) is split at them, into pieces of syllables that are compared the same way.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, RuleBase


@cache
def _word() -> re.Pattern[str]:
    return re.compile(r"[^\W_]+")  # compiled on first use, not at import


class GlossaryNameRule(RuleBase):
    type: Literal["glossary_name"]
    min_word: int = 4
    max_suffix: int = 2
    slack: int = 25

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        item = ctx.item
        if not item.glossary or item.kind == "image_prompt":
            return []
        out = []
        for term in item.glossary:
            span = self.altered(term, item.text) if term else None
            if span is not None:
                out.append(self.finding(*span, extra=f"{term!r} written {item.text[span[0]:span[1]]!r}"))
        return out

    def _kept(self, g: str, words: list[re.Match[str]]) -> re.Match[str] | None:
        low = g.casefold()
        # a name's capital is kept with its word: "harbour" in a sentence is no word of "Harbour Fish Bar"
        cased = [m for m in words if not g[:1].isupper() or m.group(0)[:1].isupper()]
        for m in cased:
            if m.group(0).casefold() == low:
                return m
        if len(low) < self.min_word:
            return None
        for m in cased:
            tl = m.group(0).casefold()
            if (tl.startswith(low) and len(tl) - len(low) <= self.max_suffix) or (
                low.startswith(tl) and len(low) - len(tl) == 1 and len(tl) >= self.min_word
            ):
                return m
        return None

    def _next_inflected(self, g: str, prev: re.Match[str], words: list[re.Match[str]]) -> re.Match[str] | None:
        """The copy word right after the name's previous word when it is ``g`` with a suffix ("Pixel Rigs")."""
        after = [m for m in words if m.start() >= prev.end()]
        if not after or after[0].start() - prev.end() > 2:
            return None
        t = after[0].group(0)
        tl, low = t.casefold(), g.casefold()
        if tl.startswith(low) and len(tl) - len(low) <= self.max_suffix and (not g[:1].isupper() or t[:1].isupper()):
            return after[0]
        return None

    def altered(self, term: str, text: str) -> tuple[int, int] | None:
        """The span of the copy where ``term``'s words stand without the term, else None."""
        names = _word().findall(term)
        if len(names) < 2 or re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text, re.IGNORECASE):
            return None
        words = list(_word().finditer(text))
        found: list[tuple[str, re.Match[str]]] = []
        for g in names:
            m = self._kept(g, words)
            if m is None and found:
                m = self._next_inflected(g, found[-1][1], words)
            if m is not None:
                found.append((g, m))
        # half the name's words at least, one of them long enough to be the name's own; a name of two words needs
        # both (one word alone, "Pixel" of Pixel Rig, is as likely the common word)
        needed = len(names) if len(names) == 2 else (len(names) + 1) // 2
        if len(found) < needed or not any(len(g) >= self.min_word for g, _ in found):
            return None
        start = min(m.start() for _, m in found)
        end = max(m.end() for _, m in found)
        if end - start > len(term) + self.slack:
            return None
        return start, end
