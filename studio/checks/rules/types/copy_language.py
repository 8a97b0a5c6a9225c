"""``copy_language``: the language the copy's sentences are written in, its names set aside (checks-restA59, issue 9).

A market's language laws ask for its language in the copy, and allow the names in it (a brand, a business, a town)
in any language. Strangers' copy that breaks them is most often English sentences around a local name: "Auto-école
des Brotteaux – Drive your future!", "Ranch Charlevoix – the best trail ride in Quebec!", "Get groomed, get gorgeous.
Book your pup at Vachtwerk!". A detector reads such a line as a mix (the name is the market's language) and lets it
through; the builtin's clause reader wants every word of a clause to lead as English, which a name breaks.

This reader takes the line as a reviewer does: the names set aside, what language are its sentences in?
- a *name* is a segment between separators (a dash with spaces, a colon, a pipe, brackets, quotes) made of at most
  five capitalised words and particles ("Auto-école des Brotteaux", "Ranch Charlevoix", "Maison Lavoie"), or a
  capitalised word inside a sentence that is not a common word of English (a town, a brand: "Búzios", "Kraków");
- every other word is *English* when English uses it at least ``known`` (Zipf) and more than the market's language
  by ``lead`` (wordfreq's lists, the ones the builtin reads), the *market's* when the market's language uses it more
  by ``lead``, neither otherwise (a loanword both use: "week-end", "online");
- the copy is in English around a name when it has a name and at least ``min_words`` words are English, their summed lead is ``min_total``, one of
  them is a function word of a sentence (``function_zipf``: "the", "your", "and", "at", "now"), not all of them are
  capitalised (a title, "Family Day Sale", is a name), and the market's words are at most one in four of them (a
  currency sign, "zł"; a particle). A line wholly in English words, with no name, is left to builtin.language,
  which reads it (one finding, not two).
Words are read only after a cheap gate: one of ``gate_words`` (English function words) in the draft, so a draft in
the market's language costs no word-frequency lookup. The markets, each with the law that asks for its language,
are data (``markets``); a market whose copy mixes English by custom (Malaysia's Manglish, India's Hinglish) or
accepts English whole (ar-AE) is left out there, not in code.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from typing import Literal

from pydantic import Field

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, RuleBase


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(segment separators, words, plain ASCII words for the gate), compiled on first use, not at import."""
    return (
        re.compile(r"\s[-–—]\s|[:|·•()\[\]«»\"“”„]|\s@\s"),
        re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*"),
        re.compile(r"[a-z]+"),
    )


# market languages not written in Latin letters: a Latin word is no word of theirs (and ko/ja lookups need MeCab)
_OTHER_SCRIPT = frozenset({"ko", "zh", "ja", "th", "ar", "hi", "ru", "el", "he", "uk", "bn", "ta"})


def _latin(word: str) -> bool:
    """Whether ``word`` is written in Latin letters (with their accents): Latin, Latin-1, Latin Extended."""
    return all(c < "\u0250" for c in word)


class CopyLanguageRule(RuleBase):
    type: Literal["copy_language"]
    # locale -> the law or code that asks for the market's language in advertising (cited in the finding)
    markets: dict[str, str] = Field(min_length=1)
    other: Literal["en"] = "en"
    # English function words: the draft must carry two of them before any word is looked up
    gate_words: list[str] = Field(min_length=1)
    # particles a name may hold between its capitalised words ("Auto-école des Brotteaux", "Banketbakkerij van Dam")
    name_particles: list[str] = Field(default_factory=list)
    min_words: int = 3
    min_total: float = 4.0
    known: float = 3.0
    lead: float = 0.5
    function_zipf: float = 5.5
    max_name_words: int = 5

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        law = self.markets.get(ctx.locale)
        if law is None or self._gate.isdisjoint(_patterns()[2].findall(ctx.text.lower())):
            return []
        from studio.checks.language import language_of_locale

        expected = language_of_locale(ctx.locale)
        english = self.english_words(ctx.text, expected)
        if english is None:
            return []
        return [self.finding(extra=f"{', '.join(english[:6])}; {law}")]

    @cached_property
    def _gate(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.gate_words)

    def _is_name(self, words: list[str]) -> bool:
        particles = {p.lower() for p in self.name_particles}
        return (
            0 < len(words) <= self.max_name_words
            and words[0][:1].isupper()
            and all(w[:1].isupper() or w.lower() in particles for w in words)
        )

    def english_words(self, text: str, expected: str) -> list[str] | None:
        """The English words of ``text`` when its sentences, names set aside, are English; else None."""
        from studio.checks.language.words import word_zipf

        english: list[tuple[str, float, float]] = []
        market = neither = names = 0
        segments, word_re, _ = _patterns()
        # words in another script than Latin (the market's own, where it is not Latin: Hangul, Han) are never looked
        # up in English; one such word (a business name, "서울베이커리", "小林咖啡") is a name, more are the market's text
        native = [w for w in word_re.findall(text) if not _latin(w)]
        if native:
            if len(native) > 1 or len(native[0]) > 8:
                return None
            names += 1
        for segment in segments.split(text):
            words = [w for w in word_re.findall(segment) if _latin(w)]
            if self._is_name(words):
                names += len(words)
                continue
            for i, w in enumerate(words):
                low = w.lower()
                o = word_zipf(low, self.other)
                e = word_zipf(low, expected) if expected not in _OTHER_SCRIPT else 0.0
                if o >= self.known and o - e >= self.lead:
                    english.append((w, o - e, o))
                elif i and w[:1].isupper() and o < self.known:
                    names += 1  # a name inside a sentence (a town, a brand)
                elif e >= self.known - 0.5 and e - o >= self.lead:
                    if i and w[:1].isupper():
                        names += 1  # the market's own place name inside an English sentence ("in Kraków")
                        continue
                    market += 1
                else:
                    neither += 1
        if (
            not names  # a line wholly in English words is the builtin's (one finding, not two)
            or len(english) < self.min_words
            or market > len(english) // 4
            or neither > len(english)
            or sum(x for _, x, _ in english) < self.min_total
            or not any(o >= self.function_zipf for *_, o in english)
            or all(w[:1].isupper() for w, *_ in english)
        ):
            return None
        return [w for w, *_ in english]
