"""``number``: unlucky or offensive numbers as standalone digit runs (any script's digits) or words."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, Span

_DIGITS = re.compile(r"\d+")


def number_spans(numbers: list[str], text: str) -> list[Span]:
    """Digit runs equal to one of ``numbers``. "444" in "¥444" and "4" in "4,44 €" count;
    "4" in "14" or "2024" does not (a run is the whole sequence of digits)."""
    wanted = set(numbers)
    out = []
    for m in _DIGITS.finditer(text):
        run = m.group()
        if not run.isascii():  # full-width or Arabic-Indic digits: compare their values
            run = "".join(str(unicodedata.digit(c, 0)) for c in run)
        if run in wanted:
            out.append(m.span())
    return out


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
        spans = [folded.span(a, b) for a, b in number_spans(self.numbers, folded.text)] if self.numbers else []
        spans += ctx.hits.get((self.id, "words"), [])
        if self.contexts:
            orig = folded.original.casefold()
            spans = [s for s in spans if near_context(orig, s, self.contexts, self.context_window)]
        return [self.finding(a, b) for a, b in sorted(set(spans))]
