"""Locale profiles from ``locales/<code>.yaml``: language, register, quotes, calendars, formats.

Numbers, currency and dates are formatted by babel (CLDR) at run time; the YAML never types them.
Digits: every profile prints Latin digits unless it sets ``numbering: native``, which switches
numbers, currency *and* dates to the CLDR default numbering system (ar-SA: Arabic-Indic ٠-٩).
ar-SA keeps Latin digits on purpose: Saudi e-commerce and digital ads print prices with them,
babel's dates use them, and the price/claim checks then see one digit set.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import warnings
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from studio.core.config import get_settings
from studio.core.errors import LocaleError
from studio.core.yamlfile import load_yaml_file, validation_error

if TYPE_CHECKING:
    from babel import Locale

# Locale files are named like "de-DE.yaml"; other YAML in locales/ (channels.yaml) is not a locale.
CODE_RE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}$")


@cache
def _unicode_res() -> tuple[Any, Any, Any]:
    """Words, grapheme clusters and spoken characters (``regex``: imported when first measured, so
    `studio check` without a channel does not load it)."""
    import regex

    return (regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’\-]*"), regex.compile(r"\X"),
            regex.compile(r"[\p{L}\p{N}]"))


def speech_units(text: str, unit: str) -> int:
    """Words (``unit`` "words": a letter or digit and the letters, marks, digits, apostrophes and hyphens after it) or
    spoken characters ("chars": grapheme clusters with a letter or digit). Vowel signs and viramas are marks: counted
    as word breaks, 'एक बोतल वास्तविक प्लास्टिक' was 12 words, not 4, and hi-IN scripts failed speech_fits."""
    words, graphemes, spoken = _unicode_res()
    if unit == "words":
        return len(words.findall(text))
    return sum(1 for g in graphemes.findall(text) if spoken.search(g))


# The digit zero of CLDR numbering systems a market may default to (digits follow it in Unicode).
_ZERO = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6",
         "thai": "\u0e50", "mymr": "\u1040", "tamldec": "\u0be6"}
_SUBSTITUTE = re.compile(r"observed|in lieu|substitute", re.I)


class _Strict(BaseModel):
    # Validators are built when a profile is first loaded, not at import: `studio check` loads none.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Register(_Strict):
    """Pronouns/verb forms that mark each register; the formality check looks for a mix."""

    formal: list[str] = Field(default_factory=list)
    informal: list[str] = Field(default_factory=list)


class Quotes(_Strict):
    open: str = Field(min_length=1)
    close: str = Field(min_length=1)


class SpeakingRate(_Strict):
    """Voiceover pace: ``words`` per second, or ``chars`` (letters/digits, grapheme clusters) per second."""

    unit: Literal["words", "chars"]
    per_second: float = Field(gt=0, le=30)


class SensitiveDate(_Strict):
    name: str = Field(min_length=1)
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    @field_validator("day")
    @classmethod
    def _real_day(cls, day: int, info) -> int:
        month = info.data.get("month")
        if month and day > calendar.monthrange(2024, month)[1]:  # 2024: leap year, so 29 Feb is allowed
            raise ValueError(f"month {month} has no day {day}")
        return day


@dataclass(frozen=True)
class DateWindow:
    """A span of days to be careful with (or plan for): ``kind`` is sensitive | ramadan."""

    name: str
    start: dt.date
    end: dt.date
    kind: str

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


# "register" is the profile's field name in INTERFACES.md; it shadows ABCMeta.register, which
# nobody calls on a profile, so pydantic's warning about it is noise.
warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)


class LocaleProfile(_Strict):
    code: str
    language: str = Field(pattern=r"^[a-z]{2}$", description="ISO 639-1")
    language_name: str = Field(min_length=2, description="English name, used in prompts")
    script: str = Field(pattern=r"^[A-Z][a-z]{3}$", description="ISO 15924, e.g. Latn, Hans, Arab")
    direction: Literal["ltr", "rtl"]
    formality: str = Field(min_length=10, description="one sentence for prompts")
    register: Register
    quotes: Quotes
    units: Literal["metric", "imperial"]
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    numbering: Literal["latn", "native"] = "latn"
    speaking_rate: SpeakingRate
    ad_label: str = Field(min_length=1, description="the sponsored-content label the market expects")
    ai_label: str = Field(min_length=1, description="the AI-generated label in the market's language")
    ai_label_forms: list[str] = Field(default_factory=list, description="other wordings of the AI label a model "
                                      "writes in brackets ('智能生成'): read as the label, and taken out before it is "
                                      "appended (studio.generate.labels)")
    ai_label_in_text: bool = Field(default=False, description="the market's law wants the AI label in the text "
                                   "itself, on ad platforms that label their ads too (studio.generate.labels)")
    channel_limits: dict[str, int] = Field(default_factory=dict)
    cultural_notes: list[str] = Field(default_factory=list)
    avoid_imagery: list[str] = Field(default_factory=list)
    holidays_country: str = Field(pattern=r"^[A-Z]{2}$")
    holidays_subdiv: str | None = None
    ramadan: bool = Field(default=False, description="Muslim-majority market: add Ramadan from hijridate")
    sensitive_dates: list[SensitiveDate] = Field(default_factory=list)
    sensitive_holidays: list[str] = Field(default_factory=list, description="holiday names (English) to treat as sensitive")
    rtl_isolate: bool = False
    brand_colon: str = Field(default=": ", min_length=1, max_length=3, description="what joins a brand and a headline "
                             "said after it ('Fjell: ...'), in the market's punctuation: '：' in Chinese and Japanese, "
                             "' : ' in French (studio.generate.headline_cuts.composed_options)")

    @field_validator("channel_limits")
    @classmethod
    def _known_channels(cls, value: dict[str, int]) -> dict[str, int]:
        from studio.market.channels import CHANNELS

        for name, limit in value.items():
            if name not in CHANNELS:
                raise ValueError(f"unknown channel {name!r}; known channels: {', '.join(sorted(CHANNELS))}")
            if limit <= 0:
                raise ValueError(f"limit for {name} must be a positive number")
        return value

    # ---- babel formats -------------------------------------------------------------------------
    @cached_property
    def babel_locale(self) -> Locale:
        from babel import Locale  # babel (CLDR) loads when a profile first formats: not on `studio check`

        return Locale.parse(self.code, sep="-")

    @property
    def _numbering_system(self) -> str:
        return "default" if self.numbering == "native" else "latn"

    @property
    def decimal_symbol(self) -> str:
        from babel import numbers

        return numbers.get_decimal_symbol(self.babel_locale, numbering_system=self._numbering_system)

    @property
    def group_symbol(self) -> str:
        from babel import numbers

        return numbers.get_group_symbol(self.babel_locale, numbering_system=self._numbering_system)

    def _digits(self, text: str) -> str:
        # babel switches the separators for a numbering system but still prints Latin digits.
        return text.translate(self._digit_table) if self.numbering == "native" else text

    def format_number(self, x: float, format: str | None = None) -> str:
        from babel import numbers

        return self._digits(numbers.format_decimal(x, format=format, locale=self.babel_locale,
                                                   numbering_system=self._numbering_system))

    def format_currency(self, x: float, currency: str | None = None) -> str:
        from babel import numbers

        return self._digits(numbers.format_currency(x, currency or self.currency, locale=self.babel_locale,
                                                    numbering_system=self._numbering_system))

    def format_percent(self, x: float) -> str:
        from babel import numbers

        return self._digits(numbers.format_percent(x, locale=self.babel_locale,
                                                   numbering_system=self._numbering_system))

    def format_date(self, d: dt.date, format: str = "medium") -> str:
        from babel import dates

        return self._digits(dates.format_date(d, format=format, locale=self.babel_locale))

    @cached_property
    def _digit_table(self) -> dict[int, str]:
        zero = _ZERO.get(self.babel_locale.default_numbering_system, "0")
        return {ord("0") + i: chr(ord(zero) + i) for i in range(10)}

    # ---- text helpers --------------------------------------------------------------------------
    def quote(self, text: str) -> str:
        return f"{self.quotes.open}{text}{self.quotes.close}"

    def isolate(self, text: str) -> str:
        """Wrap Latin names/numbers in FSI..PDI so they do not reorder RTL text around them."""
        return f"\u2068{text}\u2069" if self.rtl_isolate else text

    def speech_units(self, text: str) -> int:
        """Words, or spoken characters (grapheme clusters with a letter or digit), per ``speaking_rate``."""
        return speech_units(text, self.speaking_rate.unit)

    def speech_seconds(self, text: str) -> float:
        return self.speech_units(text) / self.speaking_rate.per_second

    def speech_budget(self, seconds: float) -> int:
        """How many words/chars a voiceover of ``seconds`` holds at this market's pace."""
        return int(seconds * self.speaking_rate.per_second)

    # ---- calendars -----------------------------------------------------------------------------
    def holidays(self, year: int) -> dict[dt.date, str]:
        """Public holidays (``holidays`` package, English names) plus the start of Ramadan where relevant."""
        import holidays as hol

        cls = hol.country_holidays(self.holidays_country, subdiv=self.holidays_subdiv)
        lang = "en_US" if "en_US" in (getattr(cls, "supported_languages", ()) or ()) else None
        out = dict(hol.country_holidays(self.holidays_country, subdiv=self.holidays_subdiv,
                                        years=year, language=lang).items())
        for window in self._ramadan(year):
            if window.start.year == year:
                name = "Ramadan begins (estimated, Umm al-Qura; moon sighting may shift it a day)"
                out[window.start] = f"{out[window.start]}; {name}" if window.start in out else name
        return dict(sorted(out.items()))

    def _ramadan(self, year: int) -> list[DateWindow]:
        if not self.ramadan:
            return []
        from hijridate import Gregorian, Hijri

        windows = []
        first = Gregorian(year, 1, 1).to_hijri().year
        for hyear in (first, first + 1):
            try:
                start = Hijri(hyear, 9, 1).to_gregorian()
                end = Hijri(hyear, 10, 1).to_gregorian() - dt.timedelta(days=1)
            except (OverflowError, ValueError):  # outside the Umm al-Qura table (1343-1500 AH)
                continue
            if start.year <= year <= end.year:
                windows.append(DateWindow(f"Ramadan {hyear} AH", dt.date(start.year, start.month, start.day),
                                          dt.date(end.year, end.month, end.day), "ramadan"))
        return windows

    def sensitive_windows(self, year: int) -> list[DateWindow]:
        """Fixed sensitive dates, sensitive movable holidays, and Ramadan, sorted by start."""
        out = [DateWindow(s.name, dt.date(year, s.month, s.day), dt.date(year, s.month, s.day), "sensitive")
               for s in self.sensitive_dates if not (s.month == 2 and s.day == 29 and not calendar.isleap(year))]
        if self.sensitive_holidays:
            wanted = [w.lower() for w in self.sensitive_holidays]
            for day, name in self.holidays(year).items():
                # Substitute days off ("observed", "in lieu") are not the commemoration itself.
                if any(w in name.lower() for w in wanted) and not _SUBSTITUTE.search(name):
                    out.append(DateWindow(name, day, day, "sensitive"))
        out.extend(self._ramadan(year))
        return sorted(out, key=lambda w: (w.start, w.name))

    def sensitive_on(self, day: dt.date) -> list[DateWindow]:
        return [w for w in self.sensitive_windows(day.year) if w.contains(day)]


def load_locale_file(path: Path) -> LocaleProfile:
    """Load and validate one profile; errors are LocaleError at file:line with the fix."""
    path = Path(path)
    data, lines = load_yaml_file(path, LocaleError, fast=True)
    if not isinstance(data, dict):
        raise LocaleError("a locale profile must be a YAML mapping", where=f"{path}:1",
                          fix="start the file with keys like 'language: de'")
    code = path.stem
    if data.setdefault("code", code) != code:
        raise LocaleError(f"code {data['code']!r} does not match the file name {path.name}",
                          where=f"{path}:{lines.get(('code',), 1)}", fix=f"set code: {code} or rename the file")
    try:
        profile = LocaleProfile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, str(path), lines, LocaleError,
                               fix="compare with locales/de-DE.yaml: allowed keys and values are listed there") from None
    try:
        _ = profile.babel_locale
    except Exception as exc:  # babel raises UnknownLocaleError / ValueError
        raise LocaleError(f"babel does not know locale {code!r} ({exc})", where=f"{path}:1",
                          fix="name the file with a CLDR locale code such as de-DE") from None
    return profile


def _locales_dir() -> Path:
    return get_settings().locales_dir


def list_locales() -> list[str]:
    """Codes of every profile in the locales folder, sorted."""
    return sorted(p.stem for p in _locales_dir().glob("*.yaml") if CODE_RE.match(p.stem))


def profiles_digest() -> bytes:
    """A sha256 over every profile's file name and content: part of the key of what is kept built from the
    profiles (the check engine's copy of the markets' labels and register words, studio.checks.loadcache)."""
    import hashlib

    h = hashlib.sha256()
    for code in list_locales():
        h.update(code.encode() + b"\0" + hashlib.sha256((_locales_dir() / f"{code}.yaml").read_bytes()).digest())
    return h.digest()


def normalize_code(code: str) -> str:
    parts = str(code).strip().replace("_", "-").split("-")
    return "-".join([parts[0].lower()] + [p.upper() for p in parts[1:]]) if parts[0] else ""


@cache
def _load(code: str, folder: Path) -> LocaleProfile:
    return load_locale_file(folder / f"{code}.yaml")


def get_locale(code: str) -> LocaleProfile:
    """The profile for ``code`` (de-DE, de_DE and de-de all work); cached after the first load."""
    norm = normalize_code(code)
    if norm not in list_locales():
        raise LocaleError(f"unknown locale {code!r}", where="locale",
                          fix=f"use one of: {', '.join(list_locales())} (or add locales/{norm or 'xx-XX'}.yaml)")
    return _load(norm, _locales_dir())
