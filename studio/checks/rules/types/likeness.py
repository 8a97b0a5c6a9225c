"""``likeness``: a real public person shown in an asset that is synthetic (checks-restB58, issue 9).

Two things the input states are read together, whatever words carry them:

- **who the asset shows**: a public person, said by what makes them public rather than by name ("a famous
  footballer of the national team", "penyanyi dangdut terkenal", "人気女優", "Bekende presentator", "نجم كرة القدم
  العالمي", "celebrity chef"): a ``fame`` word within ``window`` characters of a ``persons`` word, or a ``public`` word
  that alone names such a person (celebrity, 芸能人, 연예인, selebriti, คนดัง);
- **how the asset was made**: the asset's own ``meta.ai_generated`` (``meta: true``), or a ``synthetic`` word (an AI
  marker: "volto generato con IA", "(dibuat dengan AI)") within ``synthetic_window`` characters of that person.

A real person's face, voice or words produced by AI is a finding **whether or not the asset carries the AI label**: the
label tells the viewer the picture is synthetic, not that the person consented or endorses the product (AI Act art.
50(4) asks for the label; the person's image and voice are theirs: Codice civile art. 10 and L. 633/1941 art. 96,
BGB § 12 / KUG § 22, Code civil art. 9, 深度合成管理规定 art. 14, 인공지능 기본법 제31조, Tennessee ELVIS Act). A label
clears only an **invented** person: an ``invented`` word (virtual, fictional, AI character, mascot, "not a real
person") within ``synthetic_window`` of the person makes the person no one real, and the rule says nothing. On a
``presence_kinds`` asset (plain copy, which may only mention a person) the person must also be shown or heard: a
``presence`` word (a quote, "says", "in our new video", 語る, CM, شاهد) anywhere in the copy; a video script or an
image prompt shows what it names.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from studio.checks.asset import AssetKind
from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, Span, no_blank, within

ROLES = ("fame", "persons", "public", "synthetic", "invented", "presence")


class LikenessRule(RuleBase):
    type: Literal["likeness"]
    fame: list[str] = Field(min_length=1)  # what makes a person public: famous, star, terkenal, 人気, 유명
    persons: list[str] = Field(min_length=1)  # a person by trade: singer, footballer, actress, presenter
    public: list[str] = Field(default_factory=list)  # words that alone name a public person: celebrity, 芸能人
    window: int = Field(24, gt=0, le=80)  # fame word to person word
    synthetic: list[str] = Field(default_factory=list)  # AI markers in the copy
    synthetic_window: int = Field(90, gt=0, le=400)
    meta: bool = True  # the asset's meta.ai_generated makes it synthetic
    invented: list[str] = Field(default_factory=list)  # the person is invented: virtual, fictional, AI character
    presence: list[str] = Field(default_factory=list)  # the person is shown or heard (read on presence_kinds only)
    presence_kinds: list[AssetKind] = Field(default_factory=list)

    @field_validator("fame", "persons", "public", "synthetic", "invented", "presence")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "terms")

    def term_groups(self, locale: str) -> list[Group]:
        lang = language_of_locale(locale)
        return [Group((self.id, role), words, inflect=lang) for role in ROLES if (words := getattr(self, role))]

    def _people(self, ctx: EvalContext) -> list[Span]:
        """The spans that name a public person: a fame word beside a person word (the two as one span), or a public
        word alone."""
        fame = ctx.hits.get((self.id, "fame"), ())
        persons = ctx.hits.get((self.id, "persons"), ())
        out = [(min(a, x), max(b, y)) for a, b in persons for x, y in fame
               if not (x <= a and b <= y) and not (a <= x and y <= b) and within((a, b), [(x, y)], self.window)]
        out += list(ctx.hits.get((self.id, "public"), ()))
        return sorted(set(out))

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        people = self._people(ctx)
        if not people:
            return []
        if ctx.item.kind in self.presence_kinds and not ctx.hits.get((self.id, "presence")):
            return []
        invented = list(ctx.hits.get((self.id, "invented"), ()))
        synthetic = list(ctx.hits.get((self.id, "synthetic"), ()))
        meta = self.meta and ctx.item.meta.ai_generated
        for span in people:
            if within(span, invented, self.synthetic_window):
                continue
            if meta or within(span, synthetic, self.synthetic_window):
                why = "the asset is AI-generated" if meta else "its likeness is marked as made with AI"
                return [self.finding(*span, extra=f"{ctx.text[span[0]:span[1]]!r}: a real public person; {why}")]
        return []
