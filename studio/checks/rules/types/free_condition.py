"""``free_condition``: a "free" thing read against the purchase condition the input states, and where it states it.

checks-comparative61 (issue 9). ``global.free.with_purchase`` (a ``terms`` rule: a free word beside a purchase
condition) warned every gift with a purchase. The codes do not forbid that: a thing given with a purchase may be
called free where the condition is stated plainly with the claim and the purchase is at its ordinary price (UK CAP
Code 3.21-3.23, ICC Code art. 24 "Free", the EU Commission's UCPD guidance 2021/C 526/01 on Annex I no. 20). What the
codes forbid is what strangers' violating copy states: the condition set apart from the claim (a footnote under
"FREE!*", a note in brackets, a second sentence), a condition that is itself a payment or a commitment (a deposit, a
contract, a subscription, instalments, a top-up, a membership), a purchase above a threshold (an amount or a quantity:
"over £40", "ab 80 €", "từ 3 bộ trở lên", "2回以上"), or a gift bound to buying alcohol. The strangers' clean copy
states the other case ("refri grátis na compra de qualquer lanche", "gratis przy zakupie w Moto Odra", "구매 고객 전원,
조건 없음", "ohne Mindestbestellwert"). So this type keeps the ``terms`` hit (the free word beside its condition, the
rule's ``near`` words) and reads what the input states about that condition; a hit stays a finding where

- the condition is apart from the free word: between them stands a note mark (``*``, ``※``, ``†``), an opening
  bracket, or the end of a sentence;
- a word of ``binding`` stands within ``window`` (the commitment or the drink: usually ``@lexicon:paid_commitment``
  and ``@lexicon:alcohol_drinks`` with the deposit and instalment words), read from the shared term index;
- a regex of ``threshold`` matches within ``window`` (a minimum amount or quantity);

and none of ``no_condition`` (regexes: "조건 없음", "ohne Mindestbestellwert", "no minimum spend") is stated: the copy
saying there is no condition clears the hit whatever else stands there.

No work at import; regexes are compiled on first use and run only on a draft whose terms fired beside a condition.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import Field, field_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, no_blank, regexes, within
from studio.checks.rules.regexes import compiled_all
from studio.checks.rules.types.terms import TermsRule

# what sets a condition apart from its claim: a note mark, an opening bracket, a sentence's end (not a decimal point),
# a dash between spaces ("Tặng miễn phí ghế đôn – áp dụng khi mua ...")
_APART = r"[*※†‡¹]|[(（【\[]|[!?！？。\n]|\.(?!\d)|\s[–—]\s"


@cache
def _apart() -> re.Pattern[str]:
    return re.compile(_APART)


class FreeConditionRule(TermsRule):
    type: Literal["free_condition"]  # type: ignore[assignment]
    binding: list[str] = Field(default_factory=list)  # words: a condition that is a commitment, a deposit, a drink
    threshold: list[str] = Field(default_factory=list)  # regexes: a minimum amount or quantity bought
    no_condition: list[str] = Field(default_factory=list)  # regexes: the copy says there is no condition

    @field_validator("binding")
    @classmethod
    def _binding(cls, v: list[str]) -> list[str]:
        return no_blank(v, "binding words")

    @field_validator("threshold", "no_condition")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return regexes(v)

    def term_groups(self, locale: str) -> list[Group]:
        groups = super().term_groups(locale)
        if self.binding:
            groups.append(Group((self.id, "binding"), self.binding, inflect=language_of_locale(locale) if self.inflect else None))
        return groups

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        found = super().evaluate(ctx)
        if not found:
            return found
        text = ctx.text
        if any(rx.search(text) for rx in compiled_all(tuple(self.no_condition), re.IGNORECASE)):
            return []
        near = list(ctx.hits.get((self.id, "near"), ()))
        return [f for f in found if self.binds(ctx, (f.start, f.end), near)]

    def binds(self, ctx: EvalContext, hit: tuple[int | None, int | None], near: list[tuple[int, int]]) -> bool:
        """Whether the condition of the free word at ``hit`` is one the codes forbid calling free: set apart from
        the claim, a commitment or a drink, or a threshold."""
        a, b = hit
        if a is None or b is None:
            return True
        text = ctx.text
        conds = [s for s in near if not (a <= s[0] and s[1] <= b) and within((a, b), [s], self.window)]
        for ca, cb in conds:
            between = text[b:ca] if ca >= b else text[cb:a]
            if _apart().search(between):
                return True
        if within((a, b), list(ctx.hits.get((self.id, "binding"), ())), self.window):
            return True
        lo, hi = max(0, a - self.window), min(len(text), b + self.window)
        return any(rx.search(text, lo, hi) for rx in compiled_all(tuple(self.threshold), re.IGNORECASE))
