"""``lottery`` (checks-alcohol59, issue 9): gambling read as the law defines it, three things the copy states together.

The gambling laws do not define gambling by a game's name but by its parts: a **chance** (a game whose outcome the
player does not control, a bet on a result, a prediction of a score), a **prize** (money or money's worth: cash, a
free bucket of chicken, a trip) and a **consideration** (what the player pays or buys to take part). UK Gambling Act
2005 s.6 (gaming: a game of chance for a prize), s.9 (betting) and s.14 (a lottery: payment, a prize, chance); the US
three-element test (prize, chance, consideration: FTC and the state lottery statutes); India's Public Gambling Act
1867 and the Prize Competitions Act 1955; Thailand's Gambling Act B.E. 2478 s.4 and s.8 (prize games and predictions
need a permit); Indonesia's KUHP 303 and UU 22/1954 (undian); Japan's 刑法185条 (賭博: 偶然の勝敗に財物を賭ける); Korea's
사행행위 등 규제 및 처벌특례법 제2조 (우연적 방법으로 득실을 결정); PRC 刑法303条 and 彩票管理条例; Viet Nam Nghị định
06/2017. A stranger names the game any way it likes; the three parts are what a reviewer in each market flags.

The rule's data names each part as word lists (lexicons fill them): ``chance`` (the game of chance or the bet), ``prize``
(what is won) and ``consideration`` (what is paid or bought). A finding stands at the chance word when a prize word
stands within ``window`` characters of it and, where ``consideration`` is given, a consideration word too (a market
that bans prize games outright leaves ``consideration`` empty: the chance and the prize are enough). ``unless`` words
within ``unless_window`` of the chance word clear it (a word that is a game's name and something else there);
``clear`` words anywhere clear the draft: the free entry route the laws give as the lawful form ("no purchase
necessary", "sans obligation d'achat", "購入不要"). A prize or consideration word inside the chance word's own span
does not count (the chance word "bet" is not its own stake).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, Span, WordRolesRule, role_validators, within


def _outside(spans: tuple[Span, ...] | list[Span], span: Span) -> list[Span]:
    """The spans of ``spans`` that are not ``span`` itself nor inside it, nor hold it."""
    a, b = span
    return [s for s in spans if not (a <= s[0] and s[1] <= b) and not (s[0] <= a and b <= s[1])]


class LotteryRule(WordRolesRule):
    type: Literal["lottery"]
    ROLES: ClassVar[tuple[str, ...]] = ("chance", "prize", "consideration", "unless", "clear")
    _flat_roles, _nonblank_roles = role_validators(*ROLES)
    chance: list[str] = Field(min_length=1)
    prize: list[str] = Field(min_length=1)
    # empty: a market that bans the prize game itself, paid or not
    consideration: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    clear: list[str] = Field(default_factory=list)
    window: int = Field(120, gt=0, le=400)
    unless_window: int = Field(40, gt=0, le=400)


    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        chance = ctx.hits.get((self.id, "chance"), ())
        prize = ctx.hits.get((self.id, "prize"), ())
        if not chance or not prize or ctx.hits.get((self.id, "clear")):
            return []
        paid = ctx.hits.get((self.id, "consideration"), ()) if self.consideration else ()
        if self.consideration and not paid:
            return []
        unless = ctx.hits.get((self.id, "unless"), ())
        for span in sorted(chance):
            if unless and within(span, unless, self.unless_window):
                continue
            if not within(span, _outside(prize, span), self.window):
                continue
            if self.consideration and not within(span, _outside(paid, span), self.window):
                continue
            return [self.finding(*span)]
        return []
