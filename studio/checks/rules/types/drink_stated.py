"""``drink_stated`` (checks-alcohol58, issue 9): a drink is alcoholic when the input **states** it, whatever it is called.

The other alcohol rules wait for a drink's name (a lexicon word: "beer", "whisky", "soju"). A stranger's copy often
names only a brand ("Velmora Reserve", "ดอยเมฆ", "「月灯」") and says what it is by what a label must say of it: its
strength ("41.3% ABV", "5,4 % vol.", "80 proof", "アルコール度数15度", "도수 16도", "ดีกรี 40", "42.8% अल्कोहल"), its age in
wood ("aged 12 years in oak", "vieillie 8 ans en fût", "12년 숙성") or its making (``near``: a lexicon of making words,
"triple distilled", "brassée", "destilado", "gebrouwen", "蒸留", "양조"). The brief's ``meta.facts`` state it too ("Hoppy
IPA, 6.2% ABV": the pipeline sets them on every draft of a campaign, written in English). Strength and age are on every
alcohol label by law (Reg. (EU) 1169/2011 art. 9(1)(k) and 28; Codex STAN 1-1985 4.1.1; 27 CFR 5.65 and 7.65; 酒税法
86条の5; 주류 표시기준; GB 2757/GB 7718 酒精度), so a strength is the drink's own statement that it is alcoholic.

Once the input states an alcoholic drink, the rule reads it against the law the rule's data names:
- ``terms`` (the context: a promise of success, a vehicle, a school, a performance, a health appeal): a finding at each
  context word within ``window`` characters of the statement (anywhere in the copy where the facts state it);
  with ``paired`` (checks-alcohol59), a context word counts only where a paired word stands within ``pair_window``
  characters of it: a vessel counted by a period ("elke dag een fles", "每天一瓶"), a daily amount of drink;
- else ``required`` (the market's mandatory line): a finding at the statement where none of those phrases stands;
- else (a ban market): a finding at the statement itself.

Where it does not count (``unless``, within ``window`` of the statement or of the context word): the things that are
strong, aged or made so without being a drink (a sanitiser's 70 % alcohol, a balsamic aged 12 years, brewed coffee,
distilled water, kimchi, a cheese), an alcohol-free drink (0.0 %, alcohol-free, 무알코올, ノンアルコール) and the rule's
own exceptions (a designated driver). A strength of 0.0 % is never a statement of alcohol.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import ClassVar, Literal

from pydantic import Field

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, Span, WordRolesRule, role_validators, within

_N = r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)"
# the words of strength after a number ("5 % vol", "42.8% अल्कोहल", "4,8% de teor alcoólico") or before it ("ABV 40%",
# "アルコール度数15度", "도수 16도", "ดีกรี 40", "kadar alkohol 5%", "nồng độ cồn 29%")
_AFTER = (r"vol\b\.?|v/v\b|abv\b|alc\b\.?(?:\s?/\s?vol\.?)?|alk\b\.?|alcohol\b|alkohol\w*|alkol\b|alcool\b|alcol\b|"
          r"álcool\b|de\s+teor\s+alco[oó]lico|teor\s+alco[oó]lico|d['’]alcool|di\s+alcol|de\s+alcohol|vol\.?\s?alc|"
          r"อัลกอฮอล์|แอลกอฮอล์|अल्कोहल|एल्कोहल|كحول|الكحول|酒精|アルコール|알코올|cồn")
_BEFORE = (r"abv|alc\.?|alcohol(?:\s+by\s+volume)?|alkohol(?:u|gehalt)?|alkoholgehalt|alkol(?:\s+oranı)?|alcool|"
           r"graduaci[oó]n(?:\s+alcoh[oó]lica)?|gradazione(?:\s+alcolica)?|gradi|tenore\s+alcolico|teor\s+alco[oó]lico|"
           r"teneur\s+en\s+alcool|volumeprocent|alcoholpercentage|zawarto[śs][ćc]\s+alkoholu|kadar\s+alkohol|"
           r"nồng\s+độ\s+cồn|độ\s+cồn|アルコール度数|アルコール分|度数|酒精度|酒精浓度|酒精含量|알코올\s?도수|도수|"
           r"ดีกรี|แอลกอฮอล์|अल्कोहल\s+की\s+मात्रा|अल्कोहल|نسبة\s+الكحول|كحول")
_CJK_NUM = r"(?:[一二三四五六七八九十]{1,3}|\d{1,2})"
# The patterns compile on first use (~11 ms together): a one-draft `studio check` whose rules never reach a statement
# (no context word for them) does not pay for them.
@cache
def _strength() -> re.Pattern[str]:
    return re.compile(
        rf"{_N}\s?(?:%|％|percent\b|per\s?cent\b|procent\b)\s?(?:{_AFTER})"
        rf"|(?<![A-Za-zÀ-ÿ])(?:{_BEFORE})\s*[:：]?\s*(?:of\s+|de\s+|di\s+)?(\d{{1,2}}(?:[.,]\d{{1,2}})?)\s?(?:%|％|度|도|°|percent\b|procent\b)?(?![\d.,]*\d)"
        rf"|(?<![\w.,])(\d{{2,3}})[\s-]?proof\b"
        # the sign before the number ("%45 alkol", Turkish) and the degree sign of the Gay-Lussac scale ("40° alc", "12°GL")
        rf"|(?<![\d.,])[%％]\s?(\d{{1,2}}(?:[.,]\d{{1,2}})?)\s?(?:alkol|hacim|vol\b|alc\b)"
        rf"|{_N}\s?°\s?(?:alc\b|gl\b|vol\b|gay[\s-]lussac)"
        rf"|(\d{{1,2}})\s?ดีกรี"
        # Chinese and Japanese: a degree before the drink's name or 酒 ("五十二度的「云岭春」", "52度白酒", "15度の日本酒")
        rf"|({_CJK_NUM})\s?度(?:的|の)?\s?(?=[「『“\"]|\S{{0,3}}酒)",
        re.IGNORECASE,
    )
# the years or months in wood ("aged 12 years in oak", "vieillie 8 ans en fût", "12 Jahre im Fass", "12년 숙성")
@cache
def _aged() -> re.Pattern[str]:
    return re.compile(
        r"\baged\s+(?:for\s+)?\d{1,2}\s+(?:years|yrs)|\b\d{1,2}[\s-]years?[\s-]in\s+(?:oak|the\s+cask|cask|barrel)"
        r"|\bvieilli[es]{0,2}\s+\d{1,2}\s+ans|\b\d{1,2}\s+ans\s+d['’]âge|\b\d{1,2}\s+Jahre\s+(?:im\s+Fass|gereift|gelagert)"
        r"|\b(?:im\s+Fass\s+)?\d{1,2}\s+Jahre\s+gereift|\binvecchiat[oa]\s+\d{1,2}\s+anni|\b(?:añejad|envejecid|criad)[oa]\s+\d{1,2}\s+(?:años|meses)"
        r"|\benvelhecid[oa]\s+(?:por\s+)?\d{1,2}\s+anos|\b\d{1,2}\s+jaar\s+(?:gerijpt|op\s+eikenhout)|\b\d{1,2}\s+lat\s+leżakowan"
        r"|\bleżakowan\w*\s+\d{1,2}\s+lat|\b\d{1,2}\s+yıl\s+(?:dinlendiril|yıllandırıl)|\d{1,2}\s?年(?:熟成|貯蔵|陈酿|陳釀|窖藏)"
        r"|(?:窖藏|陈酿)\s?\d{1,2}\s?年|\d{1,2}\s?년\s?(?:숙성|산)|บ่ม\s?\d{1,2}\s?ปี",
        re.IGNORECASE,
    )
ZERO = re.compile(r"^0+(?:[.,]0+)?$")

# the brief's facts are written in English (see studio.checks.rules.types.grounded): an alcoholic drink by its class
@cache
def _fact_words() -> re.Pattern[str]:
    return re.compile(
        r"\b(?:beer|beers|lager|ale|ales|stout|porter|ipa|pilsner|wine|wines|sparkling\s+wine|champagne|prosecco|cava|spirit|"
        r"spirits|whisky|whiskey|bourbon|vodka|gin|rum|tequila|mezcal|brandy|cognac|liqueur|cider|perry|sake|soju|baijiu|"
        r"makgeolli|shochu|arak|raki|rakı|alcoholic|alcohol\s+content|abv|brewed|distilled|brewery|distillery|winery)\b",
        re.IGNORECASE,
    )
FACT_CLEAR = re.compile(r"\b(?:alcohol[\s-]free|non[\s-]alcoholic|zero[\s-]alcohol|0[.,]0\s?%)", re.IGNORECASE)


@lru_cache(maxsize=512)
def strength_spans(text: str) -> tuple[Span, ...]:
    """Spans of the strength and age statements of ``text`` (0.0 % left out). Cached: every rule of the type reads
    the same draft."""
    out: list[Span] = []
    for m in _strength().finditer(text):
        value = next((g for g in m.groups() if g), "")
        if value and ZERO.match(value):
            continue
        out.append(m.span())
    out += [m.span() for m in _aged().finditer(text)]
    return tuple(out)


@lru_cache(maxsize=256)
def facts_state_alcohol(facts: str) -> bool:
    """Whether the brief's facts state an alcoholic drink (a class word or a strength), and not an alcohol-free one."""
    if FACT_CLEAR.search(facts):
        return False
    return bool(_fact_words().search(facts)) or bool(strength_spans(facts))


class DrinkStatedRule(WordRolesRule):
    type: Literal["drink_stated"]
    ROLES: ClassVar[tuple[str, ...]] = ("terms", "near", "required", "paired", "unless")
    _flat_roles, _nonblank_roles = role_validators(*ROLES)
    # the context the law forbids beside an alcoholic drink (see the module docstring); empty: the statement alone
    terms: list[str] = Field(default_factory=list)
    # making words that state an alcoholic drink ("triple distilled", "brassée", "蒸留")
    near: list[str] = Field(default_factory=list)
    # the market's mandatory line: with no ``terms``, a statement without one of these is the finding
    required: list[str] = Field(default_factory=list)
    # checks-alcohol59: a second thing the context word must stand beside (within ``pair_window``) to count: a
    # vessel counted by a period ("een fles" + "elke dag": a daily amount). Empty: the context word alone counts.
    paired: list[str] = Field(default_factory=list)
    pair_window: int = Field(30, gt=0, le=200)
    unless: list[str] = Field(default_factory=list)
    window: int = Field(200, gt=0, le=400)
    unless_window: int = Field(40, gt=0, le=400)
    strength: bool = True  # read strengths and ages in wood
    facts: bool = True  # read the brief's meta.facts


    def _statements(self, ctx: EvalContext) -> list[Span]:
        spans = list(strength_spans(ctx.text)) if self.strength else []
        spans += ctx.hits.get((self.id, "near"), ())
        if spans and self.unless:
            unless = ctx.hits.get((self.id, "unless"), ())
            spans = [s for s in spans if not within(s, unless, self.unless_window)]
        return spans

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        context = list(ctx.hits.get((self.id, "terms"), ())) if self.terms else []
        if self.terms and self.paired:
            pairs = ctx.hits.get((self.id, "paired"), ())
            context = [c for c in context if within(c, pairs, self.pair_window)]
        if self.terms and not context:
            return []
        stated = self._statements(ctx)
        facts = ctx.item.meta.facts
        by_facts = self.facts and bool(facts) and facts_state_alcohol(" ; ".join(f for f in facts or [] if f))
        if not stated and not by_facts:
            return []
        if self.terms:
            unless = ctx.hits.get((self.id, "unless"), ()) if self.unless else ()
            context = [c for c in context if not within(c, unless, self.unless_window)
                       and not any(s[0] <= c[0] and c[1] <= s[1] for s in stated)]
            if not by_facts:
                context = [c for c in context if within(c, stated, self.window)]
            what = "the brief's facts" if by_facts and not stated else repr(ctx.text[stated[0][0]:stated[0][1]])
            return [self.finding(a, b, extra=f"an alcoholic drink, stated by {what}") for a, b in context]
        if not stated:  # a ban or a line is judged on what the copy itself states
            return []
        if self.required:
            if ctx.hits.get((self.id, "required")):
                return []
            a, b = stated[0]
            return [self.finding(a, b, extra=f"{ctx.text[a:b]!r} states an alcoholic drink")]
        return [self.finding(a, b, extra=f"{ctx.text[a:b]!r} states an alcoholic drink") for a, b in stated[:1]]
