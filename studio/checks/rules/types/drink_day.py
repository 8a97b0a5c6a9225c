"""``drink_day`` (checks-alcohol59, issue 9): an alcoholic drink read against the day the copy states it for.

Two things the input states, compared: the **day** (a date written in the copy, "1 sierpnia", "13 novembre", "Nov. 11",
"11. November", "8月15日", "6월 6일", "ngày 27 tháng 7", "13/11"; or the draft's own ``date``, the day it runs) and the
market's solemn or dry days, which the rule's data lists (``days``: "MM-DD" with the day's name and its law), beside a
drink the copy states (``near``: a lexicon of drinks; a strength or an age in wood; the brief's ``meta.facts``; see
drink_stated). India's dry days are law (the state excise acts close bars and shops on 26 January, 15 August and 2
October); elsewhere the codes forbid tying a drink to a day of mourning or remembrance (AVMSD art. 22 and the national
codes' social-responsibility clauses: CAP 18.1, ARPP Recommandation Alcool, ustawa o wychowaniu w trzeźwości art. 13¹,
Werberat Nr. 1, 국민건강증진법 §8). A stranger writes the day as a date rather than by its name: the lexicon of named days
(alcohol_solemn_days) does not read it, this reader does.

Only fixed days of the Gregorian calendar are read (a moveable feast needs its own computation). ``unless`` words
within ``unless_window`` of the drink or of the date clear it (alcohol-free, a closure notice: "closed on", "fermé
le"). The rule runs only on a draft where the term index found a drink word (``gated_by_terms``): a drink stated by its
strength or the brief's facts alone is left to drink_stated, so that no date is parsed in a draft without a drink.
"""

from __future__ import annotations

import re
from functools import cache
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.rules.base import EvalContext, Span, WordRolesRule, role_validators, within
from studio.checks.rules.types.drink_stated import facts_state_alcohol, strength_spans

# month names as each language writes them in a date (genitive in Polish), month number by position
_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("january|jan", "february|feb", "march|mar", "april|apr", "may", "june|jun", "july|jul", "august|aug",
           "september|sept|sep", "october|oct", "november|nov", "december|dec"),
    "fr": ("janvier", "février|fevrier", "mars", "avril", "mai", "juin", "juillet", "août|aout", "septembre",
           "octobre", "novembre", "décembre|decembre"),
    "de": ("januar|jänner", "februar", "märz|maerz", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre|setiembre",
           "octubre", "noviembre", "diciembre"),
    "pt": ("janeiro", "fevereiro", "março|marco", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "pl": ("stycznia|styczeń", "lutego|luty", "marca|marzec", "kwietnia|kwiecień", "maja|maj", "czerwca|czerwiec",
           "lipca|lipiec", "sierpnia|sierpień", "września|wrzesień", "października|październik", "listopada|listopad",
           "grudnia|grudzień"),
    "tr": ("ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım",
           "aralık"),
    "id": ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
           "november", "desember"),
    "ms": ("januari", "februari", "mac", "april", "mei", "jun", "julai", "ogos", "september", "oktober", "november",
           "disember"),
}
# Thai months (Royal Institute Dictionary; the abbreviations as newspapers print them: "3 มี.ค.")
_TH_MONTHS = ("มกราคม|ม\\.ค\\.", "กุมภาพันธ์|ก\\.พ\\.", "มีนาคม|มี\\.ค\\.", "เมษายน|เม\\.ย\\.", "พฤษภาคม|พ\\.ค\\.",
              "มิถุนายน|มิ\\.ย\\.", "กรกฎาคม|ก\\.ค\\.", "สิงหาคม|ส\\.ค\\.", "กันยายน|ก\\.ย\\.", "ตุลาคม|ต\\.ค\\.",
              "พฤศจิกายน|พ\\.ย\\.", "ธันวาคม|ธ\\.ค\\.")
# languages that write a numeric date day first ("13/11", "1.8.", "27/7"); en-US writes the month first and is left out
_DAY_FIRST = frozenset({"fr", "de", "es", "pt", "it", "nl", "pl", "tr", "id", "ms", "vi", "hi", "ar", "th"})


@cache
def _date_pattern(lang: str) -> re.Pattern[str] | None:
    """The date forms of ``lang``: day then month name, month name then day, CJK and Vietnamese forms, numeric."""
    alts: list[str] = []
    names = _MONTHS.get(lang)
    if names:
        groups = "|".join(f"(?P<m{i + 1}>{n})" for i, n in enumerate(names))
        alts.append(rf"(?<!\d)(?P<d1>[0-3]?\d)(?:st|nd|rd|th|er|e|\.|º|°)?\s*(?:de\s+|of\s+|-?go\s+)?(?:{groups})\b")
        groups2 = "|".join(f"(?P<n{i + 1}>{n})" for i, n in enumerate(names))
        alts.append(rf"\b(?:{groups2})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)")
    if lang in ("ja", "zh"):
        alts.append(r"(?<!\d)(?P<cm>1[0-2]|0?[1-9])\s?月\s?(?P<cd>[0-3]?\d)\s?[日号號]")
    if lang == "ko":
        alts.append(r"(?<!\d)(?P<cm>1[0-2]|0?[1-9])\s?월\s?(?P<cd>[0-3]?\d)\s?일")
    if lang == "th":  # Thai month names end in marks \b does not see ("กุมภาพันธ์"): a pattern of their own
        groups = "|".join(f"(?P<t{i + 1}>{n})" for i, n in enumerate(_TH_MONTHS))
        alts.append(rf"(?<!\d)(?P<td>[0-3]?\d)\s*(?:{groups})")
    if lang == "vi":
        alts.append(r"(?<!\d)(?P<vd>[0-3]?\d)\s+tháng\s+(?P<vm>1[0-2]|0?[1-9])(?!\d)")
    if lang in _DAY_FIRST:
        # "13/11", "13/11/2025"; with a dot only where the date is closed ("1.8.", "1.8.2025"): "3.5" is a decimal
        alts.append(r"(?<![\d.,/])(?P<xd>[0-3]?\d)/(?P<xm>1[0-2]|0?[1-9])(?:/\d{2,4})?(?!\d)(?![.,]\d)(?!\s?[%€$£])"
                    r"|(?<![\d.,/])(?P<yd>[0-3]?\d)\.(?P<ym>1[0-2]|0?[1-9])\.(?:\d{2,4})?(?!\d)")
    if not alts:
        return None
    return re.compile("|".join(alts), re.IGNORECASE)


def stated_dates(text: str, lang: str) -> list[tuple[Span, str]]:
    """The dates ``text`` states in ``lang``'s forms, each as its span and "MM-DD"."""
    rx = _date_pattern(lang)
    out: list[tuple[Span, str]] = []
    for m in rx.finditer(text) if rx is not None else ():
        g = {k: v for k, v in m.groupdict().items() if v}
        month = next((int(k[1:]) for k in g if k[0] in "mnt" and k[1:].isdigit()), 0)
        day = g.get("d1") or g.get("d2") or g.get("cd") or g.get("vd") or g.get("xd") or g.get("yd") or g.get("td")
        month = month or int(g.get("cm") or g.get("vm") or g.get("xm") or g.get("ym") or 0)
        if day and 1 <= int(day) <= 31 and 1 <= month <= 12:
            out.append((m.span(), f"{month:02d}-{int(day):02d}"))
    return out


class DrinkDayRule(WordRolesRule):
    type: Literal["drink_day"]
    ROLES: ClassVar[tuple[str, ...]] = ("near", "unless")
    _flat_roles, _nonblank_roles = role_validators(*ROLES)
    gated_by_terms: ClassVar[str | None] = "near"
    # the market's solemn or dry days: "MM-DD" then the day's name ("08-01 Narodowy Dzień Pamięci Powstania Warszawskiego")
    days: list[str] = Field(min_length=1)
    near: list[str] = Field(min_length=1)  # the drinks (a lexicon)
    unless: list[str] = Field(default_factory=list)
    unless_window: int = Field(40, gt=0, le=400)
    strength: bool = True
    facts: bool = True

    @field_validator("days")
    @classmethod
    def _days(cls, v: list[str]) -> list[str]:
        for d in v:
            if not re.match(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\s+\S", d):
                raise ValueError(f"a day is 'MM-DD name', not {d!r}")
        return v


    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        drinks = list(ctx.hits.get((self.id, "near"), ()))
        if self.strength:
            drinks += strength_spans(ctx.text)
        unless = ctx.hits.get((self.id, "unless"), ()) if self.unless else ()
        drinks = [s for s in drinks if not (unless and within(s, unless, self.unless_window))]
        facts = ctx.item.meta.facts
        by_facts = self.facts and bool(facts) and facts_state_alcohol(" ; ".join(f for f in facts or [] if f))
        if not drinks and not by_facts:
            return []
        days = {d[:5]: d[6:].strip() for d in self.days}
        for span, md in stated_dates(ctx.text, language_of_locale(ctx.locale)):
            if md in days and not (unless and within(span, unless, self.unless_window)):
                return [self.finding(*span, extra=f"{days[md]}, beside an alcoholic drink")]
        if ctx.item.date is not None and (md := ctx.item.date.strftime("%m-%d")) in days:
            a, b = drinks[0] if drinks else (None, None)
            return [self.finding(a, b, extra=f"the draft runs on {days[md]}")]
        return []
