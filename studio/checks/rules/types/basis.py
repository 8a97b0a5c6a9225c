"""``basis``: an absolute or superlative claim read against the substantiation the input states (checks-restB59).

A superlative over the whole field ("the UK's best-selling", "売上No.1", "판매량 1위", "la più venduta in Italia") is
lawful in most markets when the advertiser can prove it and says what it rests on; the laws ask for the same THINGS
whatever the words: **who measured it** (a research panel, a survey body, a test institute, a sales-data source) and,
in some markets, **when** (the period the figure covers). Each market's phrase rule used to list its own "unless"
words; a claim substantiated by a stranger in another form (the firm named in a footnote, "(NielsenIQ, TAM septiembre
2026)", "*Kaynak: NielsenIQ, 2025 satış adedi") stayed warned. This reader compares the claim with the basis the input
states, wherever it states it:

- in the claim's own neighbourhood (``window`` characters either side);
- in a **note** of the copy: a line or aside opened by a reference mark (``*``, ``†``, ``¹``, ``※``, ``注``) or a
  bracketed aside after the claim ("(GfK 코리아, 2025.1~12 판매 수량 기준)");
- in the brief's ``meta.facts`` (a fact that names the source and, where asked, the period).

What the market asks is data on the rule (``needs``): ``source`` (a ``sources`` word: a research body or a source
marker such as "Quelle:", "출처", "数据来源", "調べ") and ``period`` (a year, a month range, "52 w/e", "MAT", "2025.1~12",
"2025年1月～12月"). EU/UK law asks that the claim be verifiable (UCPD art. 6-7, 2006/114 art. 4(c), CAP 3.7): a named
source. Korea's 심사지침 and Japan's No.1 表示 guidance ask the survey's body and its period. A market that bans the
claim outright (China's 广告法 §9(3): 最, 第一, 国家级) carries no ``basis`` on its rule: a basis never clears there.

A rule switches the reader on with ``basis: {needs: [...], sources: [...]}`` (``terms`` and ``pattern`` types): a hit
whose basis is stated is dropped. The reader never adds a finding: it tells a substantiated claim from a bare one.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import Field, field_validator

from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, Span, _Strict, no_blank

Need = Literal["source", "period"]
NOTE_MAX = 240
# the advertiser as the surveyor, written before the source word ("当社調べ", "자사 조사", "本公司调查")
_OWN_BEFORE = re.compile(r"(?:当社|弊社|自社|자사|本店|我司|本公司)\s?$")  # a note is read up to the end of its line, at most this many characters


@cache
def _period() -> re.Pattern[str]:
    """A period a figure covers: a year (2025, 2025年, 2025년, FY25), a month range (Jan-Dec, 1~12, 1月～12月),
    a count of weeks or months ("52 w/e", "12 mois", "52주"), a rolling total (MAT, TAM, CAM, YTD), a tally
    (集計, 집계) or a date (2026.1, 11/2026)."""
    return re.compile(
        r"(?<!\d)(?:19|20)\d\d(?!\d)|\bFY ?\d\d\b|\b(?:MAT|TAM|CAM|YTD|w/e|w\.e\.)\b"
        r"|\b\d{1,3}\s?(?:weeks?|wks|months?|semaines|mois|Wochen|Monate|settimane|mesi|semanas|meses|weken|maanden"
        r"|tygodni|miesięcy|hafta|ay|minggu|bulan|tuần|tháng|สัปดาห์|เดือน|أسابيع|أشهر|सप्ताह|महीने)\b"
        r"|\d{1,2}\s?[~～〜\-–]\s?\d{1,2}\s?(?:月|월)|\d{1,2}\s?(?:月|월)\s?[~～〜\-–]|集計|집계|期間|기간|调查期间|统计周期"
        r"|\b\d{1,2}[./]\d{4}\b|\b\d{4}[./]\d{1,2}\b",
        re.IGNORECASE,
    )


@cache
def _own() -> re.Pattern[str]:
    """The advertiser itself as the source ("according to our customers", "laut unseren Kunden", "selon nos clients",
    "据我们", "当社調べ", "자사 조사"): a trader's own say-so substantiates nothing (UCPD art. 12, CAP 3.7)."""
    return re.compile(
        r"\W{0,3}(?:our|us|we|my|unser\w*|uns|nos|notre|nuestr\w*|nosotros|nostr\w*|noi|noss\w*|nós|onze|ons|nasz\w*|nas"
        r"|bizim|kami|chúng tôi|của chúng tôi|ของเรา|我们|我司|本公司|本店|当社|弊社|自社|저희|우리|자사|हमारे|हमारी|عملائنا|لدينا)(?!\w)"
        r"|\W{0,3}(?:当社|弊社|自社|자사|本店|我司)",
        re.IGNORECASE,
    )


@cache
def _note_marks() -> re.Pattern[str]:
    """Where a note of the copy opens: a reference mark at the start of a line or after a space, ※ or 注 anywhere,
    or a bracket (the aside that follows a claim)."""
    return re.compile(r"(?:^|(?<=\s))[*†‡¹²³]+\s?(?=\S)|※|注[:：]|[(（\[［]", re.MULTILINE)


@cache
def _words_rx(words: tuple[str, ...]) -> re.Pattern[str]:
    """The ``sources`` words as one alternation, for the brief's facts (read only when a draft has facts)."""
    def bounded(w: str) -> str:
        # a Latin name is a whole word ("iri" is no part of "irish"); a CJK or Thai word stands inside its sentence
        left = r"(?<![a-z0-9])" if w[:1].isascii() and w[:1].isalnum() else ""
        right = r"(?![a-z0-9])" if w[-1:].isascii() and w[-1:].isalnum() else ""
        return left + re.escape(w) + right

    alts = sorted({w.casefold() for w in words}, key=len, reverse=True)
    return re.compile("|".join(bounded(w) for w in alts))


class Basis(_Strict):
    needs: list[Need] = Field(default_factory=lambda: list[Need](["source"]), min_length=1)
    sources: list[str] = Field(min_length=1)  # research bodies and source markers, any language (lexicons)
    window: int = Field(120, gt=0, le=400)  # the claim's neighbourhood read for its basis
    facts: bool = True  # the brief's meta.facts count as stated basis

    @field_validator("sources")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "sources")

    def group(self, rule_id: str) -> Group:
        """The sources as terms of the shared index (no inflection: names and markers)."""
        return Group((rule_id, "basis"), self.sources)

    def stated(self, ctx: EvalContext, rule_id: str, span: Span) -> bool:
        """Whether the input states the basis this market asks for the claim at ``span``."""
        text = ctx.text
        # a source the advertiser is itself ("laut unseren Kunden") is no basis
        sources = [(x, y) for x, y in ctx.hits.get((rule_id, "basis"), ())
                   if not _own().match(text, y, y + 24) and not _OWN_BEFORE.search(text, max(0, x - 6), x)]
        a, b = span
        # the claim's neighbourhood, then each note after the claim's own words
        zones: list[tuple[int, int]] = [(max(0, a - self.window), min(len(text), b + self.window))]
        for m in _note_marks().finditer(text):
            if m.start() >= a and m.start() < b:
                continue
            end = text.find("\n", m.end())
            zones.append((m.start(), min(len(text), m.end() + NOTE_MAX) if end < 0 else min(end, m.end() + NOTE_MAX)))
        has_source = any(z0 <= x and y <= z1 for x, y in sources for z0, z1 in zones)
        has_period = any(_period().search(text, z[0], z[1]) for z in zones)
        if self._enough(has_source, has_period):
            return True
        if self.facts and ctx.item.meta.facts:
            rx = _words_rx(tuple(self.sources))
            for fact in ctx.item.meta.facts:
                if self._enough(bool(rx.search(fact.casefold())), bool(_period().search(fact))):
                    return True
        return False

    def _enough(self, source: bool, period: bool) -> bool:
        return ("source" not in self.needs or source) and ("period" not in self.needs or period)
