"""``requires``: when a trigger (terms, patterns, meta, always) holds, a phrase must be present.

``unless`` (words, inflected like terms; ``unless_exceptions`` are phrases that contain one but do not
count) drops a trigger hit within ``window`` characters of one of them: a free prize draw is no bet
("Jackpot ... ohne Einsatz", "sorteo sin apuesta", "jeu concours sans mise", "no purchase
necessary"). The rule fires when any term or pattern trigger hit is left.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, Span, _Strict, compile_patterns, no_blank, within


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
    # Context that makes a trigger hit no trigger (see the module docstring).
    unless: list[str] = Field(default_factory=list)
    unless_exceptions: list[str] = Field(default_factory=list)
    window: int = Field(60, gt=0, le=400)
    compiled: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    needs_cased = True

    @model_validator(mode="after")
    def _build(self) -> RequiresRule:
        if not (self.required or self.required_patterns):
            raise ValueError("requires needs required: [phrases] or required_patterns: [regex]")
        self.compiled = compile_patterns(self.required_patterns, re.IGNORECASE, "required_patterns")
        return self

    @field_validator("unless", "unless_exceptions")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "unless words")

    def term_groups(self, locale: str) -> list[Group]:
        groups = []
        if self.when.terms:
            groups.append(Group((self.id, "when"), self.when.terms))
        if self.required:
            groups.append(Group((self.id, "required"), self.required))
        if self.unless:
            groups.append(Group((self.id, "unless"), self.unless, self.unless_exceptions,
                                inflect=language_of_locale(locale)))
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
        unless = list(ctx.hits.get((self.id, "unless"), ())) if self.unless else []

        def counted(spans: list[Span]) -> list[Span]:
            return [s for s in spans if not within(s, unless, self.window)]

        if w.terms:
            spans = counted(list(ctx.hits.get((self.id, "when"), ())))
            if not spans:
                return []
            trigger = spans[0]
        if w.patterns:
            found = counted([view.span(*m.span()) for rx in ctx.runnable((self.id, "when"))
                             for m in (rx.finditer(view.text) if unless else [rx.search(view.text)]) if m])
            if not found:
                return []
            trigger = trigger or found[0]
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
