"""``reference_stated``: a reference price read against what the input states about it.

checks-comparative59 (issue 9). A reference price ("was", "regular price", 通常価格, 정가, 原价, "De R$ ... por",
"... TL yerine") is a claim about another price. The ``requires`` rules before this one warned every reference that
lacked the law's own evidence (the lowest price of the 30 days before, the period the former price was charged),
and strangers' clean copy showed what a reviewer outside the EU accepts: a reference that the copy EXPLAINS, i.e.
states what it is and when it applied. This type keeps the ``requires`` trigger and evidence (``when``,
``required_patterns``: the law's evidence clears it in every market) and reads three more things the input states,
in every market not listed in ``strict``:

- ``explained`` (regexes): the period the offer or the former price runs in ("until 31 December", "12월 31일까지",
  "活动期间7月1日至7月7日", "this month", "Kasım boyunca", "حتى نهاية الشهر"), found in the draft or in the brief's
  ``meta.facts``;
- ``named`` (words, usually a sourced lexicon): the reference named as the statutory or recommended price (RRP, MSRP,
  MRP, メーカー希望小売価格, UVP ...), a price set by someone the reader can check;
- ``honest``: a stated reduction (a percentage, 折, 割引) that is exactly what the two prices beside it give
  (within ``tolerance`` points): the saving claimed is the saving shown (UK CAP 3.17; 16 CFR 233.1(a));
- ``plausible``: the two prices give a saving below that many percent. Outside the EU and Türkiye no law asks the
  copy itself to state when a former price was charged (16 CFR 233.1, the CMA guidance, 景品表示法 and 표시·광고
  심사지침 test whether it WAS charged); what a reviewer there reads as a fictitious reference is an inflated one, the
  saving of most of the price (16 CFR 233.1(a): a former price set "for the purpose of enabling the subsequent offer
  of a large reduction").

None of these clears a reference where the input also says it is unexplained: ``against`` (regexes) finds the
copy's own admission that the higher figure was never charged or is only indicative, a product that is new or a shop
that is opening (nothing was ever sold at the reference), or a countdown that presses the reader ("today only",
"ends at midnight", "오늘만", "限时秒杀"). ``strict`` lists the markets whose law accepts only its own evidence
(Directive 98/6/EC art. 6a and its transpositions; Türkiye's Fiyat Etiketi Yönetmeliği: the lowest price of the 30
days before): there the rule is the plain ``requires`` rule.

The type does no work at import and none on a draft its trigger did not fire on: its regexes are compiled on first
use (``_compiled``) and run only on the line of a fired trigger and the brief's facts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Literal

from pydantic import Field, field_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, line_at, no_blank, regexes
from studio.checks.rules.regexes import compiled_all
from studio.checks.rules.types.requires import RequiresRule

# the stated reduction: a percentage (either side), Chinese 折 (8折 = 20 % off), Japanese 割引 (3割引 = 30 % off)
_STATED = (r"(?<![\d.,])(?P<p>\d{1,2}(?:[.,]\d)?)\s?(?:%|％|per ?cent|percent|por ciento|pour ?cent|per cento|por cento"
           r"|persen|phần trăm|เปอร์เซ็นต์|प्रतिशत)|[%％]\s?(?P<q>\d{1,2})(?![\d.,])|(?<![\d.])(?P<zhe>\d(?:\.\d)?)\s?折"
           r"|(?<![\d.])(?P<wari>\d)割引")


@cache
def _stated() -> re.Pattern[str]:
    return re.compile(_STATED, re.IGNORECASE)


def stated_reductions(text: str) -> list[float]:
    """Every reduction ``text`` states, in percent."""
    out = []
    for m in _stated().finditer(text):
        g = m.groupdict()
        if g["p"] or g["q"]:
            out.append(float((g["p"] or g["q"]).replace(",", ".")))
        elif g["zhe"]:
            z = float(g["zhe"])
            out.append(100 - (z * 10 if z < 10 else z))
        elif g["wari"]:
            out.append(float(g["wari"]) * 10)
    return [x for x in out if 0 < x < 100]


def prices_reduction(text: str, locale: str) -> float | None:
    """The reduction the two amounts of ``text`` give ((higher - lower) / higher, in percent), None unless exactly two."""
    from studio.checks.rules.types.reduction import AMOUNT, amount_value

    amounts: list[Decimal] = []
    for am in AMOUNT.finditer(text):
        v = amount_value(am.group("a") or am.group("b"), locale)
        if v is not None and v > 0:
            amounts.append(v)
    if len(amounts) != 2 or amounts[0] == amounts[1]:
        return None
    high, low = max(amounts), min(amounts)
    return float((high - low) / high * 100)


class ReferenceStatedRule(RequiresRule):
    type: Literal["reference_stated"]  # type: ignore[assignment]
    explained: list[str] = Field(default_factory=list)  # regexes: the period the offer or former price runs in
    named: list[str] = Field(default_factory=list)  # words: the reference named as a statutory or recommended price
    against: list[str] = Field(default_factory=list)  # regexes: the input says the reference is unexplained
    honest: bool = True
    tolerance: float = Field(1.5, ge=0, le=10)
    strict: list[str] = Field(default_factory=list)  # locales (or languages) where only required_patterns clear
    # a saving below this many percent, with nothing `against` it, is an ordinary was/now outside `strict` (0: off)
    plausible: float = Field(0, ge=0, le=100)

    @field_validator("named")
    @classmethod
    def _named(cls, v: list[str]) -> list[str]:
        return no_blank(v, "named references")

    @field_validator("explained", "against")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return regexes(v)

    def term_groups(self, locale: str) -> list[Group]:
        groups = super().term_groups(locale)
        if self.named:
            groups.append(Group((self.id, "named"), self.named, inflect=language_of_locale(locale)))
        return groups

    def is_strict(self, locale: str) -> bool:
        return locale in self.strict or locale.split("-")[0] in self.strict

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        found = super().evaluate(ctx)
        if not found or self.is_strict(ctx.locale):
            return found
        return [f for f in found if not self.explains(ctx, f.start)]

    def explains(self, ctx: EvalContext, at: int | None) -> bool:
        """Whether the input states what the reference price fired at ``at`` is and when it applied, and nothing
        says it is unexplained."""
        text = ctx.text
        facts = "\n".join(ctx.item.meta.facts or [])
        line = line_at(text, at)
        if any(rx.search(text) for rx in compiled_all(tuple(self.against), re.IGNORECASE)):
            return False
        if any(rx.search(line) or (facts and rx.search(facts)) for rx in compiled_all(tuple(self.explained), re.IGNORECASE)):
            return True
        if facts and any(rx.search(facts) for rx in compiled_all(tuple(self.required_patterns), re.IGNORECASE)):
            return True
        if ctx.hits.get((self.id, "named")):
            return True
        actual = prices_reduction(line, ctx.locale) if self.honest or self.plausible else None
        if actual is None:
            return False
        if self.honest and any(abs(s - actual) <= self.tolerance for s in stated_reductions(line)):
            return True
        return actual < self.plausible
