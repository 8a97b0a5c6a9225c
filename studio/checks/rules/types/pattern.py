"""``pattern``: regular expressions, run on the cased view behind the shared literal prefilter.

``unless`` (regexes, same flags) drops a match that stands within ``window`` characters of one of them: a
claim given with its basis ("... in Leeds, voted by Leeds Living readers 2026", "source: ...") is
substantiated on its face, and the reviewer checks the source rather than the rule stopping the claim.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import FLAGS, EvalContext, RuleBase, compile_patterns, within
from studio.checks.rules.types.basis import Basis

Flag = Literal["ignorecase", "multiline", "dotall"]


class PatternRule(RuleBase):
    type: Literal["pattern"]
    patterns: list[str] = Field(min_length=1)
    flags: list[Flag] = Field(default_factory=lambda: list[Flag](["ignorecase"]))
    unless: list[str] = Field(default_factory=list)
    window: int = Field(120, gt=0, le=400)
    # checks-restB59: the claim read against the substantiation the input states (types/basis.py)
    basis: Basis | None = None
    compiled: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)
    compiled_unless: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    needs_cased = True
    gated_by = "patterns"  # no finding without a match of one of its patterns

    @model_validator(mode="after")
    def _build(self) -> PatternRule:
        flags = 0
        for f in self.flags:
            flags |= FLAGS[f]
        self.compiled = compile_patterns(self.patterns, flags, "patterns")
        self.compiled_unless = compile_patterns(self.unless, flags, "unless")
        return self

    def regex_groups(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        return [("patterns", self.compiled), ("unless", self.compiled_unless)]

    def term_groups(self, locale: str) -> list[Group]:
        return [self.basis.group(self.id)] if self.basis else []

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        view = ctx.regex_view()
        spans = [m.span() for rx in ctx.runnable((self.id, "patterns")) for m in rx.finditer(view.text)
                 if m.end() > m.start()]
        if spans and self.compiled_unless:
            basis = [m.span() for rx in ctx.runnable((self.id, "unless")) for m in rx.finditer(view.text)]
            spans = [s for s in spans if not within(s, basis, self.window)]
        found = [view.span(a, b) for a, b in spans]
        if found and self.basis:
            found = [s for s in found if not self.basis.stated(ctx, self.id, s)]
        return [self.finding(a, b) for a, b in found]
