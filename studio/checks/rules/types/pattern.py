"""``pattern``: regular expressions, run on the cased view behind the shared literal prefilter."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.rules.base import FLAGS, EvalContext, RuleBase, compile_patterns

Flag = Literal["ignorecase", "multiline", "dotall"]


class PatternRule(RuleBase):
    type: Literal["pattern"]
    patterns: list[str] = Field(min_length=1)
    flags: list[Flag] = Field(default_factory=lambda: list[Flag](["ignorecase"]))
    compiled: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    needs_cased = True

    @model_validator(mode="after")
    def _build(self) -> PatternRule:
        flags = 0
        for f in self.flags:
            flags |= FLAGS[f]
        self.compiled = compile_patterns(self.patterns, flags, "patterns")
        return self

    def regex_groups(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        return [("patterns", self.compiled)]

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        view = ctx.regex_view()
        out: list[Finding] = []
        for rx in ctx.runnable((self.id, "patterns")):
            out.extend(self.finding(*view.span(*m.span())) for m in rx.finditer(view.text) if m.end() > m.start())
        return out
