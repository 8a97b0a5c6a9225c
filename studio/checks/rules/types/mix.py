"""``mix``: formal and informal register mixed in one draft (Sie/du, vous/tu), per the locale profile."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, _Strict
from studio.market.locales import get_locale, list_locales


class Registers(_Strict):
    formal: list[str] = Field(min_length=1)
    informal: list[str] = Field(min_length=1)


class MixRule(RuleBase):
    type: Literal["mix"]
    registers: Registers | None = None
    # Longer words that contain a register word without being that register ("이야기" is not "이야",
    # "줄게요" is polite, not "줄게"): a hit inside one of them does not count.
    exceptions: list[str] = Field(default_factory=list)

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
        formal, informal = ctx.hits.get((self.id, "formal")), ctx.hits.get((self.id, "informal"))
        if not (formal and informal):
            return []
        # Point at the register used less: that is the one to change.
        minority = formal if (len(formal), -formal[0][0]) < (len(informal), -informal[0][0]) else informal
        return [self.finding(*minority[0])]
