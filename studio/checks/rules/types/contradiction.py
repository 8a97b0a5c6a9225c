"""``contradiction``: a label the copy claims (vegan, gluten-free, sugar-free) and, in the same draft, a
word that rules it out (honey, wheat, sugar), both found by the shared term index.

A ruling-out word right after a negation ("without honey", "sans œufs", "无蔗糖") or before a
"-free" ("egg-free", "eifrei") confirms the label instead, so it does not count. The negation that
belongs to the label itself ("sans gluten", "sin azúcar", "bez cukru") negates nothing after it:
"biscuits sans gluten à l'épeautre" names a gluten grain all the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field, field_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import (
    NEGATION_WINDOW,
    EvalContext,
    Negations,
    RuleBase,
    _Strict,
    no_blank,
)


class Conflict(_Strict):
    claim: list[str] = Field(min_length=1, description="words that state the label")
    ruled_out_by: list[str] = Field(min_length=1, description="words that make the label untrue")

    @field_validator("claim", "ruled_out_by")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v)


class ContradictionRule(RuleBase, Negations):
    """A ruling-out word framed by ``negated_before`` / ``negated_after`` ("without", "sans", "无"; "-free", "不使用")
    confirms the label instead."""

    type: Literal["contradiction"]
    conflicts: list[Conflict] = Field(min_length=1)
    exceptions: list[str] = Field(default_factory=list)  # phrases that contain a term but are no hit

    def term_groups(self, locale: str) -> list[Group]:
        # The lists are multilingual and name their forms (eggs, jajkami, miodem): no inflection table.
        out = []
        for i, c in enumerate(self.conflicts):
            out.append(Group((self.id, f"claim{i}"), c.claim, self.exceptions))
            out.append(Group((self.id, f"out{i}"), c.ruled_out_by, self.exceptions))
        return out

    def _negated(self, text: str, a: int, b: int, claims: Sequence[tuple[int, int]] = ()) -> bool:
        lo = max(0, a - NEGATION_WINDOW)
        before = text[lo:a]
        # The label's own words ("sans gluten") are blanked: they negate nothing after them. A label that runs
        # into the word ("sin azúcar" in "sin azúcar añadido") is read as written: its negation is the word's.
        for ca, cb in claims:
            if lo < cb <= a:
                x, y = max(ca, lo) - lo, min(cb, a) - lo
                before = before[:x] + " " * (y - x) + before[y:]
        return self.negation_near(before, text[b:b + NEGATION_WINDOW])

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        text = ctx.text
        out: list[Finding] = []
        for i in range(len(self.conflicts)):
            claims = ctx.hits.get((self.id, f"claim{i}"))
            if not claims:
                continue
            spans = [(a, b) for a, b in ctx.hits.get((self.id, f"out{i}"), ()) if not self._negated(text, a, b, claims)]
            # A ruling-out word inside the claim itself ("gluten" in "gluten-free") is the claim.
            spans = [(a, b) for a, b in spans if not any(ca <= a and b <= cb for ca, cb in claims)]
            if spans:
                (a, b), (x, y) = claims[0], spans[0]
                out.append(self.finding(a, b, extra=f"{text[a:b]!r} but {text[x:y]!r}"))
        return out
