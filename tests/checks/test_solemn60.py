"""checks-alcohol60: ``solemn_day``, a festivity or a drink read against a moveable solemn day computed for the year.

What a user notices: a party on the date that is Good Friday (or Nyepi, Makha Bucha, Qingming, Ashura) that year is a
calendar warning naming the day and the festivity; the same party a week later, or a closure notice on the day, is quiet;
a beer offer on a Thai Buddhist holy day is an alcohol warning."""

import datetime as dt

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine
from studio.checks.rules.types.drink_day import stated_dates
from studio.checks.rules.types.solemn_day import Occasion, _year_of


def test_moveable_days_are_computed_per_year() -> None:
    good_friday = Occasion(name="Good Friday", easter=-2, markets=["DE"])
    assert good_friday.falls_on(dt.date(2025, 4, 18), "DE")
    assert good_friday.falls_on(dt.date(2026, 4, 3), "DE")
    assert not good_friday.falls_on(dt.date(2026, 4, 18), "DE")  # last year's date is not this year's day
    nyepi = Occasion(name="Nyepi", holiday="Day of Silence", country="ID", markets=["ID"])
    assert nyepi.falls_on(dt.date(2026, 3, 19), "ID") and not nyepi.falls_on(dt.date(2026, 3, 20), "ID")
    ashura = Occasion(name="Ashura", hijri=(1, 10), window_days=1, markets=["PK"])
    assert ashura.falls_on(dt.date(2025, 7, 6), "PK")  # Pakistan's sighting: a day after Umm al-Qura's 10 Muharram
    assert not ashura.falls_on(dt.date(2025, 7, 9), "PK")
    with pytest.raises(ValueError):
        Occasion(name="x", easter=-2, hijri=(1, 10), markets=["PK"])


@pytest.mark.parametrize(("text", "lang", "year"), [
    ("Freitag, 3. April 2026", "de", 2026),
    ("February 18, 2026", "en", 2026),
    ("3 de abril de 2026", "es", 2026),
    ("วันที่ 3 มีนาคม 2569", "th", 2026),  # the Buddhist era
    ("2026年4月5日", "zh", 2026),
    ("Ngày 3 tháng 4 năm 2026", "vi", 2026),
    ("Friday 3 April at 8pm", "en", None),
])
def test_the_year_beside_a_date(text: str, lang: str, year: int | None) -> None:
    (span, _), = stated_dates(text, lang)
    assert _year_of(text, span) == year


def _one(rule: str, text: str, locale: str, date: dt.date | None = None):  # type: ignore[no-untyped-def]
    return get_check_engine().check_rule(rule, CheckInput(id="t", locale=locale, kind="copy", text=text, date=date))


def test_party_on_good_friday_is_a_calendar_warning_and_the_next_week_is_quiet() -> None:
    rule = "global.calendar.solemn_festivity60"
    (f,) = _one(rule, "Ü30-Party mit DJ am Freitag, 3. April 2026 im Lokschuppen!", "de-DE")
    assert (f.category, f.severity) == ("calendar", "warn") and "Good Friday" in f.message
    assert not _one(rule, "Ü30-Party mit DJ am Freitag, 10. April 2026 im Lokschuppen!", "de-DE")
    assert not _one(rule, "Am 3. April 2026 bleibt der Lokschuppen geschlossen.", "de-DE")
    assert not _one(rule, "Ü30-Party mit DJ am Freitag, 3. April 2026!", "en-US")  # not a silent day there


def test_the_drafts_own_date_is_read_too() -> None:
    rule = "global.calendar.solemn_festivity60"
    assert _one(rule, "Malam ini pesta DJ di pantai!", "id-ID", dt.date(2026, 3, 19))
    assert not _one(rule, "Malam ini pesta DJ di pantai!", "id-ID", dt.date(2026, 3, 21))


def test_beer_on_a_buddhist_holy_day_is_an_alcohol_warning() -> None:
    rule = "global.alcohol.solemn_drink60"
    (f,) = _one(rule, "วันที่ 31 พฤษภาคม 2569 เบียร์ลด 40%", "th-TH")
    assert (f.category, f.severity) == ("alcohol", "warn") and "Visakha Bucha" in f.message
    assert not _one(rule, "วันที่ 2 มิถุนายน 2569 เบียร์ลด 40%", "th-TH")
