"""``requires``: when a trigger (terms, patterns, meta, always) holds, a phrase must be present."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, Span, _Strict, compile_patterns


class When(_Strict):
    terms: list[str] | None = None
    patterns: list[str] | None = None
    meta: dict[str, Any] | None = None
    always: bool | None = None
    compiled: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    @model_validator(mode="after")
    def _build(self) -> When:
        if not (self.terms or self.patterns or self.meta or self.always):
            raise ValueError("when needs at least one of terms, patterns, meta, always: true")
        self.compiled = compile_patterns(self.patterns or [], re.IGNORECASE, "when.patterns")
        return self


class RequiresRule(RuleBase):
    type: Literal["requires"]
    when: When
    required: list[str] = Field(default_factory=list)
    required_patterns: list[str] = Field(default_factory=list)
    # The required phrase must appear within the first N characters (e.g. KR: title or first line).
    within_first: int | None = Field(None, gt=0)
    compiled: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    needs_cased = True

    @model_validator(mode="after")
    def _build(self) -> RequiresRule:
        if not (self.required or self.required_patterns):
            raise ValueError("requires needs required: [phrases] or required_patterns: [regex]")
        self.compiled = compile_patterns(self.required_patterns, re.IGNORECASE, "required_patterns")
        return self

    def term_groups(self, locale: str) -> list[Group]:
        groups = []
        if self.when.terms:
            groups.append(Group((self.id, "when"), self.when.terms))
        if self.required:
            groups.append(Group((self.id, "required"), self.required))
        return groups

    def regex_groups(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        return [("when", self.when.compiled), ("required", self.compiled)]

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        w = self.when
        view = ctx.regex_view()
        trigger: Span | None = None
        if w.meta:  # cheapest condition first; all conditions must hold
            meta = ctx.item.meta.model_dump()
            if any(meta.get(k) != v for k, v in w.meta.items()):
                return []
        if w.terms:
            spans = ctx.hits.get((self.id, "when"))
            if not spans:
                return []
            trigger = spans[0]
        if w.patterns:
            m = next((m for rx in ctx.runnable((self.id, "when")) if (m := rx.search(view.text))), None)
            if m is None:
                return []
            trigger = trigger or view.span(*m.span())
        if self._satisfied(ctx):
            return []
        return [self.finding(*trigger) if trigger else self.finding()]

    def _satisfied(self, ctx: EvalContext) -> bool:
        limit = self.within_first
        for a, _ in ctx.hits.get((self.id, "required"), ()):
            if limit is None or a < limit:
                return True
        view = ctx.regex_view()
        for rx in ctx.runnable((self.id, "required")):
            m = rx.search(view.text)
            if m and (limit is None or view.span(*m.span())[0] < limit):
                return True
        return False
