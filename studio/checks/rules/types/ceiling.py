"""``ceiling``: the price asked read against a ceiling or reference price the same copy states.

checks-comparative59 (issue 9). Some reference prices are limits: India's MRP (the maximum retail price printed on
every package; selling above it is an offence under the Legal Metrology Act 2009 s. 36 and the Legal Metrology
(Packaged Commodities) Rules 2011 r. 18(2)), Indonesia's HET (harga eceran tertinggi), Malaysia's harga siling (Akta
Kawalan Harga dan Antipencatutan 2011). A copy that names the limit and asks more than it ("MRP ₹399, our price ₹449")
states its own breach; no word list sees it, because the words are those of an ordinary discount. The same holds
for a reference named as the former price that is LOWER than the price now asked ("was $40, now $45"): a "saving"
that is a rise misleads on the price's advantage (UCPD art. 6(1)(d); 16 CFR 233.1; CAP 3.17).

A regex of ``patterns`` captures the two amounts in groups named ``ref`` (the ceiling or reference) and ``offer`` (the
price asked); the amounts are read with babel for the draft's locale (``reduction.amount_value``). Where the offer is
higher than the reference, the match is a finding. The regexes are compiled on first use, not at import or load.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, RuleBase
from studio.checks.rules.regexes import compiled_all


class CeilingRule(RuleBase):
    type: Literal["ceiling"]
    patterns: list[str] = Field(min_length=1)  # each with groups named ref and offer

    @field_validator("patterns")
    @classmethod
    def _groups(cls, v: list[str]) -> list[str]:
        for i, p in enumerate(v):
            try:
                rx = re.compile(p)
            except re.error as e:
                raise ValueError(f"patterns[{i}] is no regex ({e}): {p!r}") from e
            if not {"ref", "offer"} <= set(rx.groupindex):
                raise ValueError(f"patterns[{i}] needs groups named ref and offer: {p!r}")
        return v

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        from studio.checks.rules.types.reduction import amount_value

        text = ctx.text
        if not any(ch.isdigit() for ch in text):
            return []
        out: list[Finding] = []
        for rx in compiled_all(tuple(self.patterns), re.IGNORECASE):
            for m in rx.finditer(text):
                ref = amount_value(m.group("ref"), ctx.locale)
                offer = amount_value(m.group("offer"), ctx.locale)
                if ref is not None and offer is not None and 0 < ref < offer:
                    out.append(self.finding(*m.span(), extra=f"asks {offer} against a stated {ref}"))
                    break
        return out
