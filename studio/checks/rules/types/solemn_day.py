"""``solemn_day`` (checks-alcohol60, issue 9): what the copy does on a day, read against the solemn days that fall on it.

Two things the input states, compared: the **day** (a date the copy writes, "Freitag, 3. April 2026", "3 de abril",
"February 18, 2026", "19 Maret 2026", "3 มีนาคม 2569", "2026年4月5日"; or the draft's own ``date``) and the market's
**moveable** solemn days, computed for that year rather than listed: a day counted from Western Easter (Good Friday
-2, Ash Wednesday -46; dateutil's Gregorian computus), a day of a public-holiday table of the ``holidays`` library
read by its name (Yom Kippur from the Hebrew calendar, Makha/Visakha/Asarnha Bucha and Buddhist Lent from the Thai
lunar calendar, Nyepi and Waisak from Indonesia's, Qingming from the solar term), or a day of the Islamic (Umm al-Qura)
calendar (Ashura, 10 Muharram). Each occasion names the markets (the locale's region, ISO 3166-1) where it is kept.
What the copy does that day (``near``: a party, dancing, a DJ, a drink, drinking to excess) makes the finding;
``unless`` words within ``unless_window`` of the date or of that word (a closure, a fast, a remembrance, a prayer,
alcohol-free) clear it. A date without a year is read in the draft's year (or this year), the next year's where that
day is more than ``lookback_days`` before the draft: copy announces what is to come.

The laws: Germany's Feiertagsgesetze (stille Tage: Karfreitag, Tanzverbot), Poland's and Italy's Catholic days of
fasting and abstinence (Ash Wednesday, Good Friday; CIC can. 1251), Thailand's Alcoholic Beverage Control Act B.E.
2551 s. 27-28 with the Prime Minister's Office notice banning alcohol sales on the Buddhist holy days, Bali's Nyepi
(Catur Brata Penyepian: amati lelanguan, no entertainment), Israel's Yom Kippur, the Muharram codes of conduct for
Ashura (Pakistan, India), China's Qingming as a day of remembrance (广告法 art. 9(7): no content against social
customs). Nothing is computed at import; the Easter and Hijri conversions and the holiday tables load on the first
dated draft that carries a ``near`` word.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.rules.base import EvalContext, Span, WordRolesRule, _Strict, role_validators, within
from studio.checks.rules.types.calendar import _holidays, hijri_days
from studio.checks.rules.types.drink_day import stated_dates


class Occasion(_Strict):
    """One moveable solemn day: by Easter (``easter``: days from Easter Sunday), by a holiday table's name
    (``holiday``: an fnmatch pattern of the English name in ``country``'s table), or by Hijri month and day."""

    name: str
    markets: list[str] = Field(min_length=1)  # ISO 3166-1 alpha-2 regions where the day is kept
    easter: int | None = Field(None, ge=-60, le=60)
    holiday: str | None = None
    country: str | None = None  # the table to read ``holiday`` from; default: the draft's market
    hijri: tuple[int, int] | None = None  # (month, day)
    # days either side also counted: a Hijri day is kept by the moon's sighting, a day after Umm al-Qura in South Asia
    window_days: int = Field(0, ge=0, le=3)

    @model_validator(mode="after")
    def _one(self) -> Occasion:
        if sum(x is not None for x in (self.easter, self.holiday, self.hijri)) != 1:
            raise ValueError("an occasion is computed one way: easter, holiday or hijri")
        return self

    def falls_on(self, d: dt.date, market: str) -> bool:
        if self.easter is not None:
            from dateutil.easter import easter  # type: ignore[import-untyped]  # holidays' own dependency

            return bool(easter(d.year) + dt.timedelta(days=self.easter) == d)
        if self.holiday is not None:
            name = _holidays((self.country or market).upper(), None, d.year).get(d, "")
            return any(fnmatch.fnmatch(part.casefold(), self.holiday.casefold()) for part in name.split("; ") if part)
        return any(md == self.hijri for md in hijri_days(d, self.window_days))


# a year written beside a date: after it ("3. April 2026", "February 18, 2026", "3 de abril de 2026", "năm 2026",
# a Thai Buddhist-era year "2569") or before it ("2026年4月5日", "2026년 5월 24일")
_YEAR_AFTER = re.compile(r"^\s*(?:,|de|del|năm|r\.|roku)?\s*(\d{4})(?!\d)", re.IGNORECASE)
_YEAR_BEFORE = re.compile(r"(?<!\d)(\d{4})\s?[年년]\s?$")


def _year_of(text: str, span: Span) -> int | None:
    m = _YEAR_AFTER.match(text[span[1]:span[1] + 12]) or _YEAR_BEFORE.search(text[max(0, span[0] - 8):span[0]])
    if not m:
        return None
    year = int(m.group(1))
    if 2400 <= year <= 2700:  # the Thai solar calendar counts from the Buddha's death (B.E. = C.E. + 543)
        year -= 543
    return year if 1925 <= year <= 2076 else None


class SolemnDayRule(WordRolesRule):
    type: Literal["solemn_day"]
    ROLES: ClassVar[tuple[str, ...]] = ("near", "unless")
    _flat_roles, _nonblank_roles = role_validators(*ROLES)
    gated_by_terms: ClassVar[str | None] = "near"
    occasions: list[Occasion] = Field(min_length=1)
    near: list[str] = Field(min_length=1)  # what is done on the day: a party, dancing, a drink
    unless: list[str] = Field(default_factory=list)
    unless_window: int = Field(60, gt=0, le=400)
    lookback_days: int = Field(60, ge=0, le=366)

    def _on(self, d: dt.date, market: str) -> str | None:
        return next((o.name for o in self.occasions if market in o.markets and o.falls_on(d, market)), None)

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        acts = ctx.hits.get((self.id, "near"), ())
        market = ctx.locale.rpartition("-")[2].upper()
        if not acts or not any(market in o.markets for o in self.occasions):
            return []
        unless = ctx.hits.get((self.id, "unless"), ()) if self.unless else ()
        acts = [s for s in acts if not (unless and within(s, unless, self.unless_window))]
        if not acts:
            return []
        ref = ctx.item.date or dt.date.today()
        for span, md in stated_dates(ctx.text, language_of_locale(ctx.locale)):
            if unless and within(span, unless, self.unless_window):
                continue
            month, day = int(md[:2]), int(md[3:])
            year = _year_of(ctx.text, span)
            try:
                d = dt.date(year or ref.year, month, day)
                if year is None and (ref - d).days > self.lookback_days:
                    d = dt.date(ref.year + 1, month, day)
            except ValueError:
                continue
            if name := self._on(d, market):
                a, b = acts[0]
                return [self.finding(*span, extra=f"{d.isoformat()} is {name}, and the copy offers "
                                                  f"{ctx.text[a:b]!r} on it")]
        if ctx.item.date is not None and (name := self._on(ctx.item.date, market)):
            a, b = acts[0]
            return [self.finding(a, b, extra=f"the draft runs on {ctx.item.date.isoformat()}, {name}, and offers "
                                             f"{ctx.text[a:b]!r}")]
        return []
