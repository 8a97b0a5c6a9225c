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
    # Words one of which the draft must contain before it is embedded (e.g. the territories a
    # territory rule is about): the cheap lexical gate in front of the costly embedding. Empty: none.
    when_terms: list[str] = Field(default_factory=list)

    needs_theme = True

    def admits(self, text: str) -> bool:
        """Whether the draft passes the rule's lexical gate (always, without ``when_terms``)."""
        if not self.when_terms:
            return True
        folded = text.casefold()
        return any(term.casefold() in folded for term in self.when_terms)

    @model_validator(mode="after")
    def _calibratable(self) -> ThemeRule:
        if self.threshold == "auto" and not (self.examples.match and self.examples.no_match):
            raise ValueError("threshold: auto needs examples.match and examples.no_match to calibrate from")
        if self.when_terms:
            missed = [ex.text for ex in self.examples.match if not self.admits(ex.text)]
            if missed:
                raise ValueError(f"when_terms: match example {missed[0]!r} contains none of them; "
                                 "add the word it names to when_terms")
        return self

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        if ctx.theme is None or not self.admits(ctx.text[:ctx.budget.theme_chars]):
            return []
        limit = ctx.budget.theme_chars
        text = ctx.text
        if len(text) > limit:  # embedding is the costly step: only the start of a long draft is scored
            text = text[:limit]
            ctx.note(f"theme rules read only the first {limit:,} characters")
        # The layer caches chunk vectors: the second theme rule on a draft embeds nothing new.
        out = []
        for _, (a, b), score in ctx.theme.hits([self], text, ctx.locale):
            # Right after ``hits`` the layer's threshold is the one it just compared with (same encoder).
            threshold = getattr(ctx.theme, "threshold", None)
            margin = score - threshold(self) if threshold is not None else None
            out.append(self.finding(a, b, extra=f"similarity {score:.3f}").model_copy(update={"margin": margin}))
        return out
