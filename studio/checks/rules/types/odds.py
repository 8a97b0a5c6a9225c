"""``odds``: a price put on a chance outcome, beside money staked or paid out (checks-restA58, issue 9).

Gambling read as a relation of things rather than by the game's name: a bet is a stake, a chance outcome and a
payout, and the odds are the chance outcome priced. This reader finds the odds as a *number* the copy writes, in
the formats bookmakers and players use in each market (decimal odds "@1.90", "@ 2,35"; an odds word with its
number: "odds 2.10", "cuota 3,50", "quota 1.85", "Quote 2,4", "kurs 1.95", "oran 2.40", "赔率1.9", "배당 2.5",
"オッズ3.5倍", "kèo 0.95", "अनुपात"; fractional odds "5/1", "7-2", "evens" beside an odds word) and counts it only
beside money staked or paid (a sum of money, or a word of ``money``: stake, payout, winnings, in the shared gambling
lexicons) within ``window`` characters. Two of the three parts together are the bet whatever the game is called:
a football match, a horse, a cockfight, a dice cup or a coined "prediction market".

An odds word is often an everyday word elsewhere ("cuota mensual" is a fee, "kurs walut" an exchange rate, "faiz
oranı" an interest rate, "Erfolgsquote" a success rate): its number must look like odds (1.01 to 99.99, written with
decimals, not followed by a currency, a percent sign or a unit) and the odds word must stand right before it.
``unless_terms`` clear a draft (a probability the law asks to show: a loot box's drop rate, a raffle's "1 in 500").
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import Field, field_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, _Strict, no_blank, within

Span = tuple[int, int]

# Decimal odds as written: one or two digits, a point or comma, two decimals ("1.90", "2,35", "12.50").
_DECIMAL = r"\d{1,2}[.,]\d{1,2}"
# What must not follow a number for it to be odds: a currency, a percent sign, a unit of time, size or weight.
_NOT_ODDS_AFTER = re.compile(
    r"\s?(?:[%$€£¥₺₹₩₫฿]|zł|tl\b|rm\b|rp\b|aed\b|sar\b|usd\b|eur\b|mxn\b|r\$|kg\b|km\b|g\b|ml\b|l\b|cm\b|mm\b|h\b|"
    r"min\b|uhr\b|dollars?\b|euros?\b|godz|saat\b|gün\b|jam\b|元|円|원|块|บาท|đ\b|ريال|درهم|रु|₨|lakh|crore|mbps|gb\b|mb\b|ghz|stars?\b|sterne|"
    r"étoiles|estrellas|stelle|yıldız|gwiazd|bintang|sao\b|星|점\b|★)",
    re.IGNORECASE,
)


class MoneyWords(_Strict):
    """Money staked or paid out, named as words (a lexicon may fill it: ``terms: ["@lexicon:<name>"]``)."""

    terms: list[str] = Field(min_length=1)

    @field_validator("terms")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "terms", ignore="*")


class OddsRule(RuleBase):
    type: Literal["odds"]
    # Words written right before the odds' number ("odds", "cuota", "赔率", "배당"): matched case-blind, any script.
    odds_words: list[str] = Field(min_length=1)
    # Odds words that are everyday words too ("cuota" a fee, "kurs" an exchange rate, "oran" a rate, "Quote" a
    # share): their number counts only beside a word of ``money`` (a stake or a payout named), not a bare sum.
    shared_words: list[str] = Field(default_factory=list)
    # Words for odds said without a number ("evens", "even money", "odds-on"): count as odds on their own.
    odds_phrases: list[str] = Field(default_factory=list)
    money: MoneyWords
    unless_terms: list[str] = Field(default_factory=list)
    window: int = Field(120, gt=0, le=400)

    @field_validator("odds_words", "shared_words", "odds_phrases", "unless_terms")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "terms")

    @cached_property
    def _odds_re(self) -> re.Pattern[str]:
        return _odds_pattern(self.odds_words)

    @cached_property
    def _shared_re(self) -> re.Pattern[str] | None:
        return _odds_pattern(self.shared_words) if self.shared_words else None

    def term_groups(self, locale: str) -> list[Group]:
        groups = [Group((self.id, "money"), self.money.terms)]
        if self.odds_phrases:
            groups.append(Group((self.id, "phrases"), self.odds_phrases))
        if self.unless_terms:
            groups.append(Group((self.id, "unless"), self.unless_terms))
        return groups

    def odds_spans(self, text: str, shared: bool = False) -> list[Span]:
        """Spans of the odds written as numbers in ``text`` (see the module docstring); with ``shared``, those
        written after an everyday odds word (``shared_words``)."""
        rx = self._shared_re if shared else self._odds_re
        out = []
        for m in rx.finditer(text) if rx is not None else ():
            g = "at" if m.group("at") else "num"
            if m.group("pre") is None and _NOT_ODDS_AFTER.match(text, m.end(g)):
                continue  # "cuota 29,90 €", "kurs 4,32 zł", "oran 2,40%": a fee, a rate, not odds
            out.append(m.span())
        return out

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        if ctx.hits.get((self.id, "unless")):
            return []
        words = list(ctx.hits.get((self.id, "money"), []))
        sums = [m.span() for m in _MONEY.finditer(ctx.text)]
        if not words and not sums:
            # both readings below need a stake or payout named, or a sum, beside the odds: none, no finding; and the
            # odds patterns (built from the rule's words, ~25 ms to compile) are not compiled for a draft without money
            return []
        for span in sorted(self.odds_spans(ctx.text) + list(ctx.hits.get((self.id, "phrases"), []))):
            if within(span, _outside(words + sums, span), self.window):
                return [self.finding(*span)]
        for span in sorted(self.odds_spans(ctx.text, shared=True)):
            # an everyday odds word: beside a stake or payout named, or beside two sums (the stake and the return)
            near_sums = [s for s in _outside(sums, span) if within(s, [span], self.window)]
            if within(span, _outside(words, span), self.window) or len(near_sums) >= 2:
                return [self.finding(*span)]
        return []


def _outside(spans: list[Span], span: Span) -> list[Span]:
    return [s for s in spans if not (span[0] <= s[0] and s[1] <= span[1])]


def _odds_pattern(odds_words: list[str]) -> re.Pattern[str]:
    """"@1.90" / "@ 2,35"; or one of ``odds_words``, a little filler (": ", " of ", " à "), then a decimal, a fraction
    ("5/1", "7-2", "11/4") or a multiple ("3.5倍", "2.5배", "x3.5"); or a decimal right before the word ("1.95 oran")."""
    words = "|".join(re.escape(w) for w in sorted(odds_words, key=len, reverse=True))
    return re.compile(
        rf"(?:(?<![\w@])@\s?(?P<at>{_DECIMAL}))"
        rf"|(?:(?<![^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])(?:{words})\W{{0,3}}(?:\w{{1,4}}\W{{1,3}})?(?P<num>{_DECIMAL}|\d{{1,2}}\s?[/-]\s?\d{{1,2}}(?![/\d])"
        rf"|[x×]\s?\d{{1,2}}(?:[.,]\d{{1,2}})?|\d{{1,3}}(?:[.,]\d{{1,2}})?\s?(?:倍|배)))"
        # the number before the word, as head-final Turkish, Korean and Japanese write it ("1.95 oran", "2.1 배당")
        rf"|(?:(?<![\d.,%])(?P<pre>{_DECIMAL})\s?(?:{words})(?![^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]))",
        re.IGNORECASE,
    )


# A sum of money: a currency sign or code beside a number ("£10", "10 €", "R$ 50", "₹500", "50.000đ", "100元").
_MONEY = re.compile(
    r"[$€£¥₹₩₺₫฿]\s?\d|\d\s?(?:[$€£¥₹₩₺₫฿元円원]|zł|tl\b|mxn|aed|sar|usd|eur|บาท|đồng|đ\b|ريال|درهم|रुपये)"
    r"|\b(?:aed|sar|rs\.?|inr|mxn|r\$|rp|rm|usd|eur|ca\$|c\$)\s?\d|\d\s?[만천억]\s?원|만\s?원|\d\s?k\b",
    re.IGNORECASE,
)
