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
    # Words one of which the draft must ALSO contain (the occasion a theme is about, e.g. the Day of the Dead
    # for a rule on trivialising it): with both lists, a tequila ad that names no Day of the Dead is not
    # scored against "tequila on the ofrenda". Empty: no second gate.
    with_terms: list[str] = Field(default_factory=list)

    needs_theme = True

    def admits(self, text: str) -> bool:
        """Whether the draft passes the rule's lexical gate (always, without ``when_terms``)."""
        if not self.when_terms:
            return True
        folded = text.casefold()
        return any(term.casefold() in folded for term in self.when_terms)

    def names_occasion(self, text: str) -> bool:
        """Whether the draft names one of ``with_terms`` anywhere (always, without them): a draft-level gate,
        so the occasion and the ``when_terms`` word may sit in different sentences."""
        folded = text.casefold()
        return not self.with_terms or any(term.casefold() in folded for term in self.with_terms)

    @model_validator(mode="after")
    def _calibratable(self) -> ThemeRule:
        if self.threshold == "auto" and not (self.examples.match and self.examples.no_match):
            raise ValueError("threshold: auto needs examples.match and examples.no_match to calibrate from")
        for name, terms in (("when_terms", self.when_terms), ("with_terms", self.with_terms)):
            folded = [t.casefold() for t in terms]
            missed = [
                ex.text for ex in self.examples.match if terms and not any(t in ex.text.casefold() for t in folded)
            ]
            if missed:
                raise ValueError(
                    f"{name}: match example {missed[0]!r} contains none of them; add the word it names to {name}"
                )
        return self

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        head = ctx.text[: ctx.budget.theme_chars]
        if ctx.theme is None or not self.admits(head) or not self.names_occasion(head):
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
