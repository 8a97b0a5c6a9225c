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

checks-restB61 (r61-restB): what the AI-label laws ask, read closer. The house's possessive ties only the role it
stands beside (``ours_window``: "our customer", "pelanggan kami"), not a role a sentence away ("a customer handing cash
to our delivery rider" is a scene, no one vouches); an honorific in Latin letters ties only when a name follows it
("Pak Budi", "Seu João"; not "seu cliente", nor "Chú thích", a caption); a name in apposition is no name when it is a
town of the gazetteer ("Jeonju, a brewer in his sixties": a stock scene in an image prompt, nobody in particular). The
label is read by its parts as well as its fixed forms: an AI word (``ai_words``: AI, IA, KI, 人工智能, 인공지능, yapay
zekâ) beside a making word (``made``: generated, generada por, erstellt, 生成, 만든, สร้าง) within ``label_window``
characters is the market's label said in another form ("Imagen generada por IA", "Bild mit KI erzeugt"), except in
the markets whose law fixes the words (``fixed_markets``: France's « Images virtuelles », loi 2023-451 art. 5, where
"(visage créé par IA)" is not the mention); a name right after the role ties it as the apposition before it does
("introduced as founder Mariam", "presented as shop owner Marumaru-san"; not in German, which capitalises every noun);
and a label
is said to be left off by its parts too: a negation (``nots``) beside a notice word (``notices``: label, caption,
on-screen text, Kennzeichnung, rótulo, 자막, 标识) within ``label_window`` ("No on-screen label", "sin rótulo").

A non-human figure (``creatures``: mascot, cartoon, animated, キャラクター, 吉祥物) is what an AI label is for and is
clean however it is labelled; a human made by AI in a real person's role is a fake founder, craftsman or customer
(UCPD Annex I no. 22 and art. 6; FTC 16 CFR 465.2 on fake reviews; AI Act art. 50(4); 人工智能生成合成内容标识办法 art.
4; 인공지능 기본법 제31조; France loi 2023-451 art. 5) unless the market's label tells the reader so.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import ClassVar, Literal

from pydantic import Field

from studio.checks.asset import AssetKind
from studio.checks.finding import Finding
from studio.checks.matcher import Group
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


def _latin(word: str) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in word)


def _name_follows(text: str, end: int) -> bool:
    """A capitalised word (a name) stands right after ``end``: "Pak Budi", "Mr. Lee", "Seu João"."""
    m = re.match(r"[.]?\s{1,2}['\"‘“]?([^\W\d_])", text[end:end + 6])
    return bool(m and m.group(1).isupper())


def _is_town(word: str) -> bool:
    """A town of the gazetteer (global/towns59.tsv, GeoNames cities1000), read by its initial's run on first use."""
    from studio.checks.rules.types.origin.towns import by_initial, towns_path

    return word in by_initial(str(towns_path()), word[0])


class AiRoleRule(WordRolesRule):
    type: Literal["ai_role"]
    ROLES: ClassVar[tuple[str, ...]] = ("roles", "self", "ours", "honorifics", "speaks", "labels", "unlabelled",
                                        "creatures", "ai_marks", "ai_words", "made", "nots", "notices")
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
    ours_window: int = Field(12, ge=0, le=120)  # the possessive stands beside the role it ties
    ai_marks: list[str] = Field(default_factory=list)  # AI, IA, KI: matched in capitals only
    ai_words: list[str] = Field(default_factory=list)  # 人工智能, yapay zekâ: with ``made``, a label in another form
    made: list[str] = Field(default_factory=list)  # generated, creado, erstellt, 生成, 만든
    nots: list[str] = Field(default_factory=list)  # no, without, sin, ohne, 없음, 不: with ``notices``, left off
    notices: list[str] = Field(default_factory=list)  # label, caption, on-screen text, rótulo, 자막, 标识
    label_window: int = Field(12, gt=0, le=60)
    fixed_markets: list[str] = Field(default_factory=list)  # the law fixes the words: only ``labels`` count there
    # no name read after the role where a capitalised word there is a noun (German) or a people's name as an
    # adjective ("pelanggan Melayu", Malay and Indonesian grammar)
    noun_capitals: list[str] = Field(default_factory=lambda: ["de", "lb", "ms", "id"])
    towns: bool = True  # in an image prompt, a name in apposition that is a town of the gazetteer is a place
    synthetic_kinds: list[AssetKind] = Field(default_factory=lambda: list[AssetKind](["image_prompt"]))

    _flat_roles, _nonblank_roles = role_validators(*ROLES)

    def term_groups(self, locale: str) -> list[Group]:
        # the short marks (AI, IA, KI) in capitals only: Italian "ai clienti", Spanish "ia" inside nothing
        return [replace(g, case_sensitive=True, inflect=None) if g.key == (self.id, "ai_marks") else g
                for g in super().term_groups(locale)]

    def _anchors(self, ctx: EvalContext, key: str, role: Span) -> list[Span]:
        spans = [s for s in ctx.hits.get((self.id, key), ()) if not (s[0] <= role[0] and role[1] <= s[1])]
        if key == "honorifics":  # a Latin-letter honorific ties only before a name: "Pak Budi", not "seu cliente"
            spans = [s for s in spans if not _latin(ctx.text[s[0]:s[1]]) or _name_follows(ctx.text, s[1])]
        return spans

    def _tied(self, ctx: EvalContext, role: Span) -> bool:
        anchors: list[Span] = []
        for key in ("self", "honorifics", "speaks"):
            anchors += self._anchors(ctx, key, role)
        if within(role, anchors, self.window) or within(role, self._anchors(ctx, "ours", role), self.ours_window):
            return True
        if not self.names:
            return False
        if ctx.item.locale[:2] not in self.noun_capitals and _name_follows(ctx.text, role[1]):
            # the name right after the role: "founder Mariam", "our master Abu Fahad", "shop owner Marumaru-san"
            # in an image prompt the name ends its noun phrase: "chef Paris bistro" is a place modifying a noun
            prompt = ctx.item.kind in self.synthetic_kinds  # in a prompt's noun phrases only: "Founder Salma bakes"
            nxt = re.match(r"\s*([^\W\d_][\w'’-]*+)((?:\s+[A-Z][\w'’-]*+)*+)" + (r"(?!\s+[a-zà-ÿ])" if prompt else ""),
                           ctx.text[role[1]:role[1] + 40])
            if nxt and not (self.towns and ctx.item.kind in self.synthetic_kinds and _is_town(nxt.group(1))):
                return True
        lo, hi = max(0, role[0] - self.window), min(len(ctx.text), role[1] + self.window)
        return any(not (role[0] <= m.start() < role[1]) and _is_name(ctx.text, m)
                   and not (self.towns and ctx.item.kind in self.synthetic_kinds and _is_town(m.group()))
                   for m in _name_pattern().finditer(ctx.text, lo, hi))

    def _labelled(self, ctx: EvalContext) -> tuple[bool, bool]:
        """(a label stands in the copy, in a fixed form or as an AI word beside a making word; the copy says it is
        left off, in a fixed form or as a negation beside a notice word)."""
        hits = ctx.hits
        ai = [*hits.get((self.id, "ai_marks"), ()), *hits.get((self.id, "ai_words"), ())]
        made = hits.get((self.id, "made"), ())
        labelled = bool(hits.get((self.id, "labels"))) or (
            ctx.item.locale not in self.fixed_markets and any(within(s, made, self.label_window) for s in ai))
        nots, notices = hits.get((self.id, "nots"), ()), hits.get((self.id, "notices"), ())
        off = bool(hits.get((self.id, "unlabelled"))) or any(within(s, notices, self.label_window) for s in nots)
        return labelled, off

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        roles = ctx.hits.get((self.id, "roles"), ())
        if not roles:
            return []
        if not (ctx.item.meta.ai_generated or ctx.item.kind in self.synthetic_kinds):
            return []
        if ctx.hits.get((self.id, "creatures")):
            return []
        labels, unlabelled = self._labelled(ctx)
        if labels and not unlabelled:
            return []
        for span in roles:
            if self._tied(ctx, span):
                how = "the asset is AI-generated" if ctx.item.meta.ai_generated else f"the {ctx.item.kind} makes it"
                said = "the label is said to be left off" if labels else "no AI label in the copy"
                return [self.finding(*span, extra=f"{ctx.text[span[0]:span[1]]!r}: a person in a real role; "
                                                  f"{how}; {said}")]
        return []
