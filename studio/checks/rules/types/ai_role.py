"""``ai_role``: an AI-made person given a real person's role, without the market's AI label (checks-restB60, issue 9).

Three things the input states are read together, whatever words carry them:

- **the asset is synthetic**: its own ``meta.ai_generated``, or its kind (an ``image_prompt`` makes a picture);
- **a person is given a real role**: a ``roles`` word (founder, owner, master, chef, staff member, customer,
  reviewer, spokesperson, warden, a player's position) tied to someone: within ``window`` characters of a first
  person introducing themselves (``self``: "I'm", "ich bin", "je suis", "soy", "saya", "ben", "tôi là", "أنا"), of
  the house's possessive (``ours``: our, unser, notre, 当店, 저희, 我们的, ของเรา), of an honorific or a kinship
  name (``honorifics``: जी, さん, 씨, 师傅, Pak, Bu, おじいちゃん), of a person speaking (``speaks``: says,
  recommends, ご案内します, बताएँगे), or of a proper name in apposition (a capitalised word followed by a comma or
  a dash: "Lucía, clienta de Valencia", "Tomasz, zadowolony klient"; not a place or a brand: "a Lyon bouchon
  kitchen, a chef");
- **no AI label**: none of the markets' own AI labels (``labels``: each locale's ``ai_label`` and
  ``ai_label_forms`` in ``locales/*.yaml``, and the legal mentions such as « Images virtuelles ») stands in the copy
  or its on-screen text, unless an ``unlabelled`` word says the label is left off ("tiada label", "no label").

A non-human figure (``creatures``: mascot, cartoon, animated, キャラクター, 吉祥物) is what an AI label is for and is
clean however it is labelled; a human made by AI in a real person's role is a fake founder, craftsman or customer
(UCPD Annex I no. 22 and art. 6; FTC 16 CFR 465.2 on fake reviews; AI Act art. 50(4); 人工智能生成合成内容标识办法 art.
4; 인공지능 기본법 제31조; France loi 2023-451 art. 5) unless the market's label tells the reader so.
"""

from __future__ import annotations

import re
from functools import cache
from typing import ClassVar, Literal

from pydantic import Field

from studio.checks.asset import AssetKind
from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, Span, WordRolesRule, role_validators, within


@cache
def _name_pattern() -> re.Pattern[str]:
    """A capitalised word in a Latin script (compiled on first use); ``_is_name`` says whether it reads as a name."""
    return re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-ŽŞİŁŚŹŻĆŃ][a-zß-öø-ÿā-žşğıłśźżćń]{2,}\b")


def _is_name(text: str, m: re.Match[str]) -> bool:
    """A capitalised word is a proper name in apposition when a comma or a dash follows it ("Lucía, clienta",
    "Tomasz – klient", "Antoine, demi de mêlée"); a capitalised word elsewhere may be a place, a brand or (in German)
    any noun ("a Lyon bouchon kitchen", "Porto Alegre bubble tea shop")."""
    return bool(re.match(r"\s?[,–—]", text[m.end():m.end() + 2]))


class AiRoleRule(WordRolesRule):
    type: Literal["ai_role"]
    ROLES: ClassVar[tuple[str, ...]] = ("roles", "self", "ours", "honorifics", "speaks", "labels", "unlabelled",
                                        "creatures")
    roles: list[str] = Field(min_length=1)  # a real person's role: founder, owner, chef, customer, reviewer
    self: list[str] = Field(default_factory=list)  # the first person introducing themselves
    ours: list[str] = Field(default_factory=list)  # the house's possessive: our, unser, 当店, 저희
    honorifics: list[str] = Field(default_factory=list)  # जी, さん, 씨, 师傅, Pak, Bu, kinship names
    speaks: list[str] = Field(default_factory=list)  # the person speaks or guides: says, recommends, ご案内
    names: bool = True  # a capitalised proper name near the role ties it to someone
    window: int = Field(40, gt=0, le=120)
    labels: list[str] = Field(min_length=1)  # the markets' AI labels
    unlabelled: list[str] = Field(default_factory=list)  # the label said to be left off
    creatures: list[str] = Field(default_factory=list)  # a non-human figure: mascot, cartoon
    synthetic_kinds: list[AssetKind] = Field(default_factory=lambda: list[AssetKind](["image_prompt"]))

    _flat_roles, _nonblank_roles = role_validators(*ROLES)

    def _tied(self, ctx: EvalContext, role: Span) -> bool:
        anchors: list[Span] = []
        for key in ("self", "ours", "honorifics", "speaks"):
            anchors += [s for s in ctx.hits.get((self.id, key), ()) if not (s[0] <= role[0] and role[1] <= s[1])]
        if within(role, anchors, self.window):
            return True
        if not self.names:
            return False
        lo, hi = max(0, role[0] - self.window), min(len(ctx.text), role[1] + self.window)
        return any(not (role[0] <= m.start() < role[1]) and _is_name(ctx.text, m)
                   for m in _name_pattern().finditer(ctx.text, lo, hi))

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        roles = ctx.hits.get((self.id, "roles"), ())
        if not roles:
            return []
        if not (ctx.item.meta.ai_generated or ctx.item.kind in self.synthetic_kinds):
            return []
        if ctx.hits.get((self.id, "creatures")):
            return []
        labels = ctx.hits.get((self.id, "labels"), ())
        unlabelled = ctx.hits.get((self.id, "unlabelled"), ())
        if labels and not unlabelled:
            return []
        for span in roles:
            if self._tied(ctx, span):
                how = "the asset is AI-generated" if ctx.item.meta.ai_generated else f"the {ctx.item.kind} makes it"
                said = "the label is said to be left off" if labels else "no AI label in the copy"
                return [self.finding(*span, extra=f"{ctx.text[span[0]:span[1]]!r}: a person in a real role; "
                                                  f"{how}; {said}")]
        return []
