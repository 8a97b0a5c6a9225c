"""``number``: unlucky or offensive numbers as standalone digit runs (any script's digits) or words.

A number that tells the time is not the taboo number: "aperto fino alle 17", "ab 17 Uhr", "9時から".
With ``hour_words`` (the words that mark an hour next to a number, before it like "alle"/"dalle"/
"pukul" or after it like "uhr"/"h"/"時"/"点"), a digit run with one of those words right beside it
(only spaces between) or written as a clock time ("17:30") is not a finding.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, Span, no_blank
from studio.core.letters import HAN, HANGUL_SYLLABLES, KANA

_DIGITS = re.compile(r"\d+")
_CJK = re.compile(f"[{KANA}{HAN}{HANGUL_SYLLABLES}]")


def number_spans(numbers: list[str], text: str) -> list[Span]:
    """Digit runs equal to one of ``numbers``. "444" in "¥444" and "4" in "4,44 €" count;
    "4" in "14" or "2024" does not (a run is the whole sequence of digits), nor "4" in "0.4" (a fraction)."""
    wanted = set(numbers)
    out = []
    for m in _DIGITS.finditer(text):
        run = m.group()
        if not run.isascii():  # full-width or Arabic-Indic digits: compare their values
            run = "".join(str(unicodedata.digit(c, 0)) for c in run)
        if run in wanted and not _FRACTION.search(text, 0, m.start()):
            out.append(m.span())
    return out


# The digits after "0." or "0," are a fraction below one ("0.4元 per kWh", "0,4 %"), not the number itself
# (checks-rest56: a service fee of 0.4 yuan per kWh read as the death number 4).
_FRACTION = re.compile(r"(?<![\d.,])0[.,]$")
_CLOCK_AFTER = re.compile(r":\d\d(?!\d)")
_CLOCK_BEFORE = re.compile(r"(?<!\d)\d{1,2}:$")


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def is_hour(text: str, span: Span, hour_words: list[str]) -> bool:
    """Whether the digit run at ``span`` of ``text`` (casefolded view) tells the time: one of
    ``hour_words`` (casefolded) stands right before or after it, or it is half of a clock time "17:30".
    A word of letters must stand whole ("alle 17", not "halle 17"; "17 h" and "17h30", not "17 hotels")."""
    a, b = span
    if _CLOCK_AFTER.match(text, b) or _CLOCK_BEFORE.search(text[max(0, a - 3) : a]):
        return True
    before = text[:a].rstrip()
    after = text[b:].lstrip()
    for w in hour_words:
        if before.endswith(w):
            lo = len(before) - len(w)
            if not (_word_char(w[0]) and lo > 0 and _word_char(before[lo - 1]) and not _cjk(before[lo - 1])):
                return True
        if after.startswith(w):
            hi = len(w)
            if not (_word_char(w[-1]) and hi < len(after) and after[hi].isalpha() and not _cjk(after[hi])):
                return True
    return False


def _cjk(c: str) -> bool:
    """Scripts written without spaces: a neighbouring character there is no word boundary to respect."""
    return bool(_CJK.match(c))


def near_context(text_folded: str, span: Span, contexts: list[str], window: int) -> bool:
    lo, hi = max(0, span[0] - window), span[1] + window
    around = text_folded[lo:hi]
    return any(c.casefold() in around for c in contexts)


class NumberRule(RuleBase):
    type: Literal["number"]
    numbers: list[str] = Field(default_factory=list)
    words: list[str] = Field(default_factory=list)
    # Optional: only count a hit when one of these phrases is within context_window characters.
    contexts: list[str] = Field(default_factory=list)
    context_window: int = Field(15, ge=0)
    # Optional: words that mark an hour next to a digit run ("alle 17", "17 uhr", "9時"): such a number
    # tells the time and is not a finding (see the module docstring).
    hour_words: list[str] = Field(default_factory=list)

    @field_validator("words", "contexts", "hour_words")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "words")

    @field_validator("numbers", mode="before")
    @classmethod
    def _digits(cls, v: Any) -> Any:
        v = [str(x) for x in v] if isinstance(v, list) else v
        for x in v if isinstance(v, list) else []:
            if not x.isdigit():
                raise ValueError(f"numbers must be digit strings, got {x!r}")
        return v

    @model_validator(mode="after")
    def _some(self) -> NumberRule:
        if not (self.numbers or self.words):
            raise ValueError("number rule needs numbers: [...] or words: [...]")
        return self

    def term_groups(self, locale: str) -> list[Group]:
        return [Group((self.id, "words"), self.words)] if self.words else []

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        folded = ctx.folded
        runs = number_spans(self.numbers, folded.text) if self.numbers else []
        if runs and self.hour_words:
            hours = [unicodedata.normalize("NFKC", w).casefold() for w in self.hour_words]
            runs = [r for r in runs if not is_hour(folded.text, r, hours)]
        spans = [folded.span(a, b) for a, b in runs]
        spans += ctx.hits.get((self.id, "words"), [])
        if self.contexts:
            orig = folded.original.casefold()
            spans = [s for s in spans if near_context(orig, s, self.contexts, self.context_window)]
        return [self.finding(a, b) for a, b in sorted(set(spans))]
