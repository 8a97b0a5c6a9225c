"""``reduction``: a stated reduction read against the prices the same copy states.

checks-comparative58 (issue 9). A reduction is a claim about two prices: "-40 %" beside "50 € -> 35 €" says 35 is 40 %
below 50, and the copy states both figures, so the claim can be computed rather than guessed from its words. The
price rules before this one read a reduction by its words (a "was" word, a reference price without its period);
none compared the percentage with the figures, so "Save 40 % - was £50, now £35" (30 %) passed wherever the words
were in order. UK CAP Code 3.17-3.19 (a price comparison must not mislead), the Omnibus Directive's art. 6a (the
reduction is computed from the prior price), 16 CFR 233.1, 景品表示法 5条2号 (二重価格) and PAngV §11 all ask that the
stated saving be the saving the prices give.

A regex of ``patterns`` finds the stated reduction, in a group named ``p`` (a percentage: "40 %", "%40"), ``zhe``
(Chinese 折: 8折 is 20 % off), ``wari`` (Japanese 割引: 3割引 is 30 % off) or ``half`` (any half-price word: 50 %).
The amounts of money within ``window`` characters on the same line are read with babel's number parsing for the
draft's locale ("1.299,00 €" in de-DE, "₹1,299" in en-IN, "3,000円"). Where exactly two amounts stand there, the
reduction they give is (higher - lower) / higher; a stated reduction more than ``tolerance`` points ABOVE it is a
finding (a smaller stated saving misleads nobody). A regex of ``unless`` within the window ("up to", "bis zu",
"extra", "on top", "additional") makes the percentage something else than the reduction of that pair: a ceiling
over a range, or a second reduction stacked on the first. With more amounts than two the copy prices several things
and the type says nothing.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, RuleBase, compile_patterns, within

_CUR_BEFORE = r"(?:R\$|RM|Rp\.?|Rs\.?|zł|TL|AED|SAR|MXN|USD|EUR|GBP|INR|[€$£¥₹₩₺₫฿])"
_CUR_AFTER = (r"(?:€|\$|zł|TL|円|원|元|₫|đ|บาท|ريال|درهم|د\.إ|ر\.س|PLN|EUR|AED|SAR|MXN|BRL|TRY|INR|CNY|RMB|JPY|KRW"
              r"|VND|THB|IDR|MYR|USD|GBP|RM|Rs|euros?|reais|lira|ringgit|rupiah|रुपये|रु)")
_NUM = r"\d{1,3}(?:[.,  ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
AMOUNT = re.compile(rf"{_CUR_BEFORE}\s?(?P<a>{_NUM})|(?P<b>{_NUM})\s?{_CUR_AFTER}(?![A-Za-z])")
_LINE = re.compile(r"\n")


@lru_cache(maxsize=64)
def _babel_locale(locale: str) -> str:
    return locale.replace("-", "_")


def amount_value(raw: str, locale: str) -> Decimal | None:
    """The value of an amount as the draft's locale writes it, read with babel ("1.299,00" in de-DE is 1299)."""
    from babel.numbers import NumberFormatError, parse_decimal

    s = raw.replace(" ", "").replace(" ", "").replace(" ", "")
    try:
        return parse_decimal(s, locale=_babel_locale(locale))
    except (NumberFormatError, InvalidOperation, ValueError):
        pass
    try:  # a figure written the other way round (an English price in a de-DE draft)
        return parse_decimal(s, locale="en_US")
    except (NumberFormatError, InvalidOperation, ValueError):
        return None


class ReductionRule(RuleBase):
    type: Literal["reduction"]
    # each with a group named p (a percentage), zhe (Chinese 折), wari (Japanese 割引) or half (a half-price word)
    patterns: list[str] = Field(min_length=1)
    unless: list[str] = Field(default_factory=list)
    window: int = Field(90, gt=0, le=300)
    tolerance: float = Field(2.0, ge=0, le=20)
    compiled: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)
    compiled_unless: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    needs_cased = True
    gated_by = "patterns"

    @model_validator(mode="after")
    def _build(self) -> ReductionRule:
        self.compiled = compile_patterns(self.patterns, re.IGNORECASE, "patterns")
        for i, rx in enumerate(self.compiled):
            if not {"p", "zhe", "wari", "half"} & set(rx.groupindex):
                raise ValueError(f"patterns[{i}] has no group p, zhe, wari or half (the stated reduction): "
                                 f"{self.patterns[i]!r}")
        self.compiled_unless = compile_patterns(self.unless, re.IGNORECASE, "unless")
        return self

    def regex_groups(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        return [("patterns", self.compiled), ("unless", self.compiled_unless)]

    @staticmethod
    def stated(m: re.Match[str]) -> float | None:
        g = m.groupdict()
        try:
            if g.get("p"):
                return float(g["p"].replace(",", "."))
            if g.get("zhe"):
                z = float(g["zhe"])
                return 100 - (z * 10 if z < 10 else z)
            if g.get("wari"):
                return float(g["wari"]) * 10
        except ValueError:
            return None
        return 50.0 if g.get("half") else None

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        view = ctx.regex_view()
        text = view.text
        found = [m for rx in ctx.runnable((self.id, "patterns")) for m in rx.finditer(text)]
        if not found:
            return []
        basis = [m.span() for rx in ctx.runnable((self.id, "unless")) for m in rx.finditer(text)]
        out: list[Finding] = []
        for m in found:
            claim = self.stated(m)
            if claim is None or not 0 < claim < 100:
                continue
            if basis and within(m.span(), basis, self.window):
                continue
            lo = max(text.rfind("\n", 0, m.start()) + 1, m.start() - self.window)
            hi = text.find("\n", m.end())
            hi = min(hi if hi >= 0 else len(text), m.end() + self.window)
            amounts = []
            for am in AMOUNT.finditer(text, lo, hi):
                if am.start() < m.end() and m.start() < am.end():
                    continue  # the percentage itself ("40 %" is no amount)
                v = amount_value(am.group("a") or am.group("b"), ctx.locale)
                if v is not None and v > 0:
                    amounts.append(v)
            if len(amounts) != 2:
                continue
            high, low = max(amounts), min(amounts)
            actual = float((high - low) / high * 100)
            if claim - actual > self.tolerance:
                a, b = view.span(*m.span())
                out.append(self.finding(a, b, extra=f"states {claim:g} % off; {high} -> {low} is {actual:.0f} % off"))
        return out
