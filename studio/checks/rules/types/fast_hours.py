"""``fast_hours``: food or drink offered at an hour of the fast (checks-restA58, issue 9).

A reader of two things the input states, not of a phrase: *when* the copy is published or set (the draft's ``date``
inside the fasting month by the Umm al-Qura calendar, or the month named in the copy) and *at what hour* it offers
to eat or drink (a clock time the copy writes, read in each market's way of writing it: "13:00", "saat 13.00",
"الساعة 1 ظهراً", "pukul 1 petang", "jam 12 siang", "1 pm"; or a word for the midday meal or hour itself: lunch,
öğle yemeği, الغداء, makan siang). An hour between ``hours.start`` and ``hours.end`` (dawn to before sunset) beside a
word of eating or drinking is daytime food in the fast: the Ramadan advertising guidance of the markets' regulators
(and every market's custom) asks that copy not show or invite eating and drinking in the fasting hours.

Copy that keeps the fast (an iftar or suhoor offer, "after sunset", a closure) is not a finding, unless it also
dismisses the fast ("without waiting for iftar", "iftarı beklemeden", "tanpa menunggu buka"): ``dismiss``.
A clock time is read only where it is one: written with a colon, or with a dot or "h" beside an hour word
("saat", "pukul", "الساعة") or a mark of the day ("pm", "ظهراً", "siang"), so a price ("12.50 TL") is no hour.
The work per draft is one regex over the text, run only where the term index found an eating word.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import Field, field_validator, model_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, _Strict, no_blank, within
from studio.checks.rules.types.calendar import HijriSpec

Span = tuple[int, int]


class Words(_Strict):
    """A word list (a lexicon may fill it: ``terms: ["@lexicon:<name>"]``)."""

    terms: list[str] = Field(default_factory=list)

    @field_validator("terms")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "terms", ignore="*")


class Hours(_Strict):
    start: int = Field(6, ge=0, le=23)  # the first daytime hour (from dawn)
    end: int = Field(17, ge=1, le=24)  # the first hour no longer counted (before sunset and the fast's end)


class DayMarks(_Strict):
    """Words written after an hour that say which half of the day it is: "1 ظهراً" is 13:00, "4 sore" 16:00."""

    pm: list[str] = Field(default_factory=list)
    am: list[str] = Field(default_factory=list)


# A number that may be an hour, with its minutes: "13:00", "13.00", "1", "12h30"; Arabic-Indic digits are \d too.
_CLOCK = re.compile(r"(?<![\d.,:/])(\d{1,2})(?:\s?([:.h])\s?(\d{2}))?(?![\d/%])")
_PRICE_AFTER = re.compile(r"\s?(?:[$€£¥₺₹]|tl\b|try\b|rm\b|rp\b|aed\b|sar\b|ريال|درهم|ر\.س|د\.إ|lira|ringgit|rupiah|%)",
                          re.IGNORECASE)


def _value(digits: str) -> int:
    return int("".join(str(unicodedata.digit(c, 0)) for c in digits))


class FastHoursRule(RuleBase):
    type: Literal["fast_hours"]
    hijri: list[HijriSpec] = Field(min_length=1)
    # The fast named in the copy ("Ramazan boyunca", "bulan puasa"): an undated draft that names it counts too.
    month: Words = Field(default_factory=lambda: Words())
    # Eating or drinking offered: a meal, a dish, a drink, the verbs.
    food: Words
    # The midday meal or the day's hours named as a word ("lunch", "öğle", "الظهيرة", "makan siang").
    daytime: Words = Field(default_factory=lambda: Words())
    # Words an hour is written after ("saat", "pukul", "jam", "الساعة", "at").
    hour_words: list[str] = Field(default_factory=list)
    marks: DayMarks = Field(default_factory=DayMarks)
    hours: Hours = Field(default_factory=Hours)
    # The fast kept: iftar, suhoor, after sunset, closed in the day.
    unless_terms: list[str] = Field(default_factory=list)
    # The fast dismissed: "without waiting for iftar"; such copy is a finding even beside an iftar word.
    dismiss: Words = Field(default_factory=lambda: Words())
    window: int = Field(80, gt=0, le=400)  # an hour or a daytime word this close to an eating word

    gated_by_terms = "food"

    @field_validator("hour_words", "unless_terms")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "terms", ignore="*")

    @model_validator(mode="after")
    def _hours(self) -> FastHoursRule:
        if self.hours.end <= self.hours.start:
            raise ValueError("hours.end must come after hours.start")
        if not self.food.terms:
            raise ValueError("fast_hours rule needs food: {terms: [...]} (the eating and drinking words)")
        return self

    def term_groups(self, locale: str) -> list[Group]:
        groups = [Group((self.id, "food"), self.food.terms)]
        for role, words in (("month", self.month.terms), ("daytime", self.daytime.terms),
                            ("unless", self.unless_terms), ("dismiss", self.dismiss.terms)):
            if words:
                groups.append(Group((self.id, role), words))
        return groups

    def _in_fast(self, ctx: EvalContext) -> str | None:
        if ctx.item.date is not None:
            from hijridate import Gregorian

            d = ctx.item.date
            try:
                hj = Gregorian(d.year, d.month, d.day).to_hijri()
            except (ValueError, OverflowError):  # outside the Umm al-Qura table (1924-2077)
                hj = None
            for spec in self.hijri:
                if hj is not None and hj.month == spec.month and (spec.whole_month or hj.day == spec.day):
                    return f"{d.isoformat()}: {spec.name}"
        if ctx.hits.get((self.id, "month")):
            return self.hijri[0].name + " named in the copy"
        return None

    def daytime_hours(self, text: str) -> list[tuple[Span, int]]:
        """(span, hour in 0-23) of each clock time in ``text`` that is one (see the module docstring)."""
        folded = text.casefold()
        out = []
        for m in _CLOCK.finditer(folded):
            hour = _value(m.group(1))
            sep, minutes = m.group(2), m.group(3)
            if hour > 24 or (minutes is not None and _value(minutes) > 59):
                continue
            after = folded[m.end():m.end() + 16].lstrip(" '’")
            before = folded[max(0, m.start() - 14):m.start()].rstrip()
            pm = next((w for w in self.marks.pm if after.startswith(w.casefold())), None)
            am = next((w for w in self.marks.am if after.startswith(w.casefold())), None)
            said = any(before.endswith(w.casefold()) for w in self.hour_words)
            if _PRICE_AFTER.match(folded, m.end()):
                continue  # "13.00 TL", "12 RM": a price, not an hour
            if not (sep == ":" and minutes is not None) and not (pm or am or said):
                continue  # a bare number or "13.00" with no hour word: a count, a price, a date
            if pm and hour < 12:
                hour += 12
            out.append(((m.start(), m.end()), hour % 24))
        return out

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        food = ctx.hits.get((self.id, "food"), [])
        if not food:
            return []
        when = self._in_fast(ctx)
        if when is None:
            return []
        dismissed = bool(ctx.hits.get((self.id, "dismiss")))
        if ctx.hits.get((self.id, "unless")) and not dismissed:
            return []  # the copy keeps the fast: iftar, suhoor, after sunset
        day = [s for s, h in self.daytime_hours(ctx.text) if self.hours.start <= h < self.hours.end]
        day += list(ctx.hits.get((self.id, "daytime"), []))
        if dismissed:
            day += list(ctx.hits.get((self.id, "dismiss"), []))
        near = [s for s in sorted(day) if within(s, food, self.window)]
        if not near:
            return []
        return [self.finding(*near[0], extra=when)]
