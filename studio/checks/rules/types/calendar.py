"""``calendar``: publication on or near a sensitive date (fixed dates, public holidays, Hijri months)."""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, _Strict


class CalendarDate(_Strict):
    """A fixed date, or with ``weekday`` (0 = Monday ... 6 = Sunday) the first such weekday on or after
    ``month``/``day``: days of remembrance kept on a Sunday (Remembrance Sunday: the Sunday on or after
    8 November; Volkstrauertag: on or after 13 November)."""

    name: str
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    weekday: int | None = Field(None, ge=0, le=6)
    window_days: int = Field(0, ge=0)

    def on(self, year: int) -> dt.date | None:
        try:
            target = dt.date(year, self.month, self.day)
        except ValueError:  # 29 Feb in a common year
            return None
        if self.weekday is not None:
            target += dt.timedelta(days=(self.weekday - target.weekday()) % 7)
        return target


class HolidaySpec(_Strict):
    country: str
    subdiv: str | None = None
    names: list[str] = Field(default_factory=lambda: ["*"])
    window_days: int = Field(0, ge=0)


class HijriSpec(_Strict):
    name: str
    month: int = Field(ge=1, le=12)
    day: int | None = Field(None, ge=1, le=30)
    whole_month: bool = False
    window_days: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _day_or_month(self) -> HijriSpec:
        if not self.whole_month and self.day is None:
            raise ValueError("hijri entry needs day: N or whole_month: true")
        return self


class EasterSpec(_Strict):
    """A day counted from Western Easter Sunday (Gregorian computus, dateutil): Ash Wednesday is -46,
    Good Friday -2. Days of fasting and abstinence that no public-holiday table lists where they are not
    days off (Good Friday in Poland, Italy, Mexico)."""

    name: str
    offset_days: int = Field(ge=-60, le=60)
    window_days: int = Field(0, ge=0)

    def on(self, year: int) -> dt.date:
        from dateutil.easter import easter  # type: ignore[import-untyped]  # holidays' own dependency

        day: dt.date = easter(year)
        return day + dt.timedelta(days=self.offset_days)


# An offer in the copy: a percentage ("30% off", "%20 indirim", "ลด 50%") or a price, a currency sign or
# code beside a number ("£5", "49 zł", "AED 150", "₹499", "590 บาท", "1,080円", "2x1"). Times ("11:00"),
# dates ("26/11") and counts are not offers.
OFFER = re.compile(
    r"\d\s?%|%\s?\d|\d\s?[x×]\s?\d(?!\d)|[$€£¥₹₩฿₺₫]\s?\d|\d\s?(?:[$€£¥₹₩฿₺₫円元원]|zł|TL|MXN|AED|SAR|USD|EUR|"
    r"บาท|đồng|dirham|درهم|ريال|रुपये|रु)|\b(?:AED|SAR|Rs\.?|INR|MXN|R\$|Rp|RM|USD|EUR|CA\$|C\$)\s?\d",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def _holidays(country: str, subdiv: str | None, year: int) -> dict[dt.date, str]:
    import holidays  # imported on the first dated draft: most checks carry no date

    years = [year - 1, year, year + 1]
    try:
        table = holidays.country_holidays(country, subdiv=subdiv, years=years, language="en_US")
    except (NotImplementedError, KeyError, ValueError):
        table = holidays.country_holidays(country, subdiv=subdiv, years=years)
    return dict(table.items())


def hijri_days(d: dt.date, window: int) -> Iterator[tuple[int, int]]:
    """(month, day) of the Umm al-Qura calendar for each day within ``window`` days of ``d``; days outside its table
    (1924-2077) are skipped."""
    from hijridate import Gregorian

    for offset in range(-window, window + 1):
        day = d + dt.timedelta(days=offset)
        try:
            hj = Gregorian(day.year, day.month, day.day).to_hijri()
        except (ValueError, OverflowError):
            continue
        yield hj.month, hj.day


def _within(d: dt.date, when: CalendarDate) -> bool:
    for year in (d.year - 1, d.year, d.year + 1):
        target = when.on(year)
        if target is not None and abs((d - target).days) <= when.window_days:
            return True
    return False


class CalendarRule(RuleBase):
    type: Literal["calendar"]
    dates: list[CalendarDate] = Field(default_factory=list)
    holidays: HolidaySpec | None = None
    hijri: list[HijriSpec] = Field(default_factory=list)
    easter: list[EasterSpec] = Field(default_factory=list)
    # Only copy that mentions one of these is a finding (e.g. daytime food offers in Ramadan, a party
    # on a day of mourning); empty: any copy published on the date is.
    when_terms: list[str] = Field(default_factory=list)
    # Copy that keeps the day is not a finding: a remembrance note, a minute's silence, a closure or
    # "no alcohol today" notice, a greeting for the day ("We will remember them", "Karfreitag
    # geschlossen", "缅怀遇难同胞"). One of these words spares the copy unless it also carries an offer
    # (a percentage or a price: OFFER), which on a day of mourning is what the rule is about.
    unless_terms: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _some(self) -> CalendarRule:
        if not (self.dates or self.holidays or self.hijri or self.easter):
            raise ValueError("calendar rule needs dates, holidays, hijri or easter")
        return self

    def occasions(self, d: dt.date) -> list[str]:
        """Names of this rule's sensitive occasions that fall on (or within the window of) ``d``."""
        names = [x.name for x in self.dates if _within(d, x)]
        names += [x.name for x in self.easter if abs((d - x.on(d.year)).days) <= x.window_days]
        if self.holidays:
            h = self.holidays
            table = _holidays(h.country.upper(), h.subdiv, d.year)
            for offset in range(-h.window_days, h.window_days + 1):
                day_name = table.get(d + dt.timedelta(days=offset))
                if not day_name:
                    continue
                for part in day_name.split("; "):
                    if any(fnmatch.fnmatch(part.casefold(), pat.casefold()) for pat in h.names):
                        names.append(part)
        for spec in self.hijri:
            if any(month == spec.month and (spec.whole_month or day == spec.day)
                   for month, day in hijri_days(d, spec.window_days)):
                names.append(spec.name)
        return list(dict.fromkeys(names))

    def term_groups(self, locale: str) -> list[Group]:
        groups = [Group((self.id, "when"), self.when_terms)] if self.when_terms else []
        return groups + ([Group((self.id, "unless"), self.unless_terms)] if self.unless_terms else [])

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        date = ctx.item.date
        if date is None:
            return []
        span = None
        if self.when_terms:
            spans = ctx.hits.get((self.id, "when"))
            if not spans:
                return []
            span = spans[0]
        names = self.occasions(date)
        if not names:
            return []
        if ctx.hits.get((self.id, "unless")) and not OFFER.search(ctx.text):
            return []  # the copy keeps the day and sells nothing on it
        extra = f"{date.isoformat()}: {', '.join(names)}"
        return [self.finding(*span, extra=extra) if span else self.finding(extra=extra)]
