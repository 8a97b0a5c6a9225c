"""``ad_placed``: a sponsored post's label read where it stands, and for what it says (checks-restB60, issue 9).

The ``requires`` rule global.disclosure.sponsored asks whether a label is there at all. The codes ask more: the label
must be clear and seen before the reader engages (FTC 16 CFR 255.5 and "Disclosures 101": not buried among hashtags,
not only at the end of a long post; CAP 2.1-2.4; 추천·보증 등에 관한 표시·광고 심사지침 V.2: at the start of the post;
景品表示法 ステマ告示 運用基準 第2-1: a label a reader cannot easily tell apart is none). Read on a ``meta.sponsored``
asset, two things the copy states:

- **each clear label** (``labels``: the markets' own ``ad_label`` from ``locales/*.yaml`` and their equivalents), and
  **where it stands**: a label is *buried* when it stands past the first ``lead`` characters and at least
  ``crowd`` other hashtags stand within ``window`` characters of it (the label as the 14th of 20 hashtags);
- **the vague words** (``vague``: collab, #partner, "in Kooperation mit", "in partnership with", 컬래버, 콜라보):
  they name a relation, not an advertisement.

A finding when no clear label stands in view: every clear label is buried, or the post carries only vague words.
A post with no label word at all is global.disclosure.sponsored's.
"""

from __future__ import annotations

import re
from functools import cache
from typing import ClassVar, Literal

from pydantic import Field

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, Span, WordRolesRule, role_validators


@cache
def _hashtag() -> re.Pattern[str]:
    return re.compile(r"#\w+")


class AdPlacedRule(WordRolesRule):
    type: Literal["ad_placed"]
    ROLES: ClassVar[tuple[str, ...]] = ("labels", "vague")
    labels: list[str] = Field(min_length=1)  # the clear labels: #ad, Anzeige, Publicité, 광고, 広告, PR
    vague: list[str] = Field(default_factory=list)  # a relation, not an advertisement: collab, #partner
    lead: int = Field(40, ge=0, le=400)  # a label within the first characters is in view
    crowd: int = Field(2, ge=1, le=20)  # other hashtags around it that bury it
    window: int = Field(60, gt=0, le=200)

    _flat_roles, _nonblank_roles = role_validators(*ROLES)

    def _buried(self, text: str, span: Span) -> bool:
        if span[0] < self.lead:
            return False
        lo, hi = max(0, span[0] - self.window), min(len(text), span[1] + self.window)
        others = [m for m in _hashtag().finditer(text, lo, hi) if not (m.start() <= span[0] < m.end() + 1
                                                                        or span[0] <= m.start() < span[1])]
        return len(others) >= self.crowd

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        if not ctx.item.meta.sponsored:
            return []
        labels = ctx.hits.get((self.id, "labels"), ())
        vague = ctx.hits.get((self.id, "vague"), ())
        # a clear label is its own span: a vague word inside it ("Collaboration commerciale") is not vague
        vague = [v for v in vague if not any(a <= v[0] and v[1] <= b for a, b in labels)]
        if any(not self._buried(ctx.text, s) for s in labels):
            return []
        if labels:
            s = labels[0]
            return [self.finding(*s, extra=f"{ctx.text[s[0]:s[1]]!r} stands among other hashtags late in the post, "
                                            "where a reader does not see it before the pitch")]
        if vague:
            s = vague[0]
            return [self.finding(*s, extra=f"{ctx.text[s[0]:s[1]]!r} names a relation, not an advertisement; "
                                            "the market's label is missing")]
        return []
