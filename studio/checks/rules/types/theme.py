"""``theme``: meaning rather than words: multilingual exemplars scored by the semantic layer."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, RuleBase


class ThemeRule(RuleBase):
    type: Literal["theme"]
    exemplars: list[str] = Field(min_length=1)
    threshold: Literal["auto"] | float = "auto"

    needs_theme = True

    @model_validator(mode="after")
    def _calibratable(self) -> ThemeRule:
        if self.threshold == "auto" and not (self.examples.match and self.examples.no_match):
            raise ValueError("threshold: auto needs examples.match and examples.no_match to calibrate from")
        return self

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        if ctx.theme is None:
            return []
        limit = ctx.budget.theme_chars
        text = ctx.text
        if len(text) > limit:  # embedding is the costly step: only the start of a long draft is scored
            text = text[:limit]
            ctx.note(f"theme rules read only the first {limit:,} characters")
        # The layer caches chunk vectors: the second theme rule on a draft embeds nothing new.
        return [self.finding(a, b, extra=f"similarity {score:.3f}") for _, (a, b), score in ctx.theme.hits([self], text, ctx.locale)]
