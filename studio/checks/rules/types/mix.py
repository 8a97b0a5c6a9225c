"""``mix``: formal and informal register mixed in one draft (Sie/du, vous/tu), per the locale profile."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import FLAGS, EvalContext, RuleBase, _Strict, compile_patterns
from studio.market.locales import get_locale, list_locales

# Quoted speech is another voice: a formal letter may quote what a customer said in the informal register
# („Du musst das probieren!“, « Tu vas adorer », 「マジ最高！」), and a title may carry a pronoun (“你好夏天”,
# „Pan Tadeusz”). Register words inside a pair of quotation marks are not compared with the copy around
# them. Pairs: the opening and closing marks of CLDR's quotation delimiters for the studio's languages,
# plus straight double quotes; single quotes are left out (’ is also the apostrophe: "t’as").
_QUOTES = re.compile(r'«[^«»]{1,300}»|„[^„“”]{1,300}[“”]|“[^“”]{1,300}”|「[^「」]{1,300}」|『[^『』]{1,300}』'
                     r'|‹[^‹›]{1,300}›|"[^"]{1,300}"|»[^«»]{1,300}«')


def _outside_quotes(text: str, *groups: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], ...]:
    """Each group's spans that lie outside quoted speech; the groups unchanged when the text has no quote,
    or when some group would keep nothing outside them while copy outside quotes shows no register at all
    (the whole text is one quotation)."""
    quoted = [m.span() for m in _QUOTES.finditer(text)]
    if not quoted:
        return groups
    out = tuple([s for s in g if not any(a < s[0] < b for a, b in quoted)] for g in groups)
    if not any(out):
        return groups
    return out


class Registers(_Strict):
    formal: list[str] = Field(min_length=1)
    informal: list[str] = Field(min_length=1)


class RegisterPatterns(_Strict):
    formal: list[str] = Field(default_factory=list)
    informal: list[str] = Field(default_factory=list)


class MixRule(RuleBase):
    type: Literal["mix"]
    registers: Registers | None = None
    # Longer words that contain a register word without being that register ("이야기" is not "이야",
    # "줄게요" is polite, not "줄게"): a hit inside one of them does not count.
    exceptions: list[str] = Field(default_factory=list)
    # Register marked by grammar rather than by a word: verb endings ("masz", "kupisz": Polish 2nd person
    # singular; "-습니다" vs a plain sentence end in Korean). Regular expressions (case-insensitive) on
    # the cased view; their hits count with the word lists'.
    patterns: RegisterPatterns | None = None
    compiled: dict[str, list[re.Pattern[str]]] = Field(default_factory=dict, exclude=True, repr=False)

    needs_cased = True

    @model_validator(mode="after")
    def _build(self) -> MixRule:
        if self.patterns is not None:
            flags = FLAGS["ignorecase"] | FLAGS["multiline"]
            self.compiled = {"formal_re": compile_patterns(self.patterns.formal, flags, "patterns.formal"),
                             "informal_re": compile_patterns(self.patterns.informal, flags, "patterns.informal")}
        return self

    def regex_groups(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        return [(role, rxs) for role, rxs in self.compiled.items() if rxs]

    def _regex_hits(self, ctx: EvalContext, role: str) -> list[tuple[int, int]]:
        if not self.compiled.get(role):
            return []
        view = ctx.regex_view()
        return [view.span(*m.span()) for rx in ctx.runnable((self.id, role)) for m in rx.finditer(view.text)
                if m.end() > m.start()]

    def register_terms(self, locale: str) -> tuple[list[str], list[str]]:
        """(formal, informal): the rule's own lists, else the locale profile's."""
        if self.registers is not None:
            return self.registers.formal, self.registers.informal
        if locale not in list_locales():  # no profile for this locale: no register lists to compare
            return [], []
        reg = get_locale(locale).register  # a broken profile raises: never check with half the data
        return list(reg.formal), list(reg.informal)

    def term_groups(self, locale: str) -> list[Group]:
        formal, informal = self.register_terms(locale)
        return [Group((self.id, "formal"), formal, self.exceptions, case_by_initial=True),
                Group((self.id, "informal"), informal, self.exceptions, case_by_initial=True)]

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        formal = sorted([*ctx.hits.get((self.id, "formal"), ()), *self._regex_hits(ctx, "formal_re")])
        informal = sorted([*ctx.hits.get((self.id, "informal"), ()), *self._regex_hits(ctx, "informal_re")])
        if formal and informal:
            formal, informal = _outside_quotes(ctx.text, formal, informal)
        if not (formal and informal):
            return []
        # Point at the register used less: that is the one to change.
        minority = formal if (len(formal), -formal[0][0]) < (len(informal), -informal[0][0]) else informal
        return [self.finding(*minority[0])]
