"""Channels and their length rules, from ``locales/channels.yaml``; ``measure`` counts like the platform.

Counting rules:
- chars: grapheme clusters (an emoji family or a Devanagari syllable is one); with
  ``double_width`` a wide character (East Asian Width W/F: CJK, Hangul, kana) counts 2, as Google Ads does.
- weighted (X): twitter-text v3 rules, implemented here because the ``twitter-text-parser`` package
  imports ``pkg_resources``, which current setuptools no longer ships. Code points in U+0000-10FF,
  U+2000-200D, U+2010-201F, U+2032-2037 weigh 1, everything else 2; an emoji sequence weighs 2;
  a URL weighs 23; text is NFC-normalised first. Characters outside the BMP that are not emoji weigh
  4 (two UTF-16 units of 2), as in the reference JavaScript.
- segments (SMS): GSM-7 when every character is in the GSM 03.38 basic or extension table (an
  extension character such as € costs 2 septets), else UCS-2 counting UTF-16 code units. One part
  holds 160 septets / 70 units; a long message splits into parts of 153 / 67, never splitting an
  escape pair or a surrogate pair.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studio.core.config import get_settings
from studio.core.errors import InputError, LocaleError
from studio.core.yamlfile import load_yaml_file, validation_error

Unit = Literal["chars", "weighted", "segments"]

_GRAPHEME = regex.compile(r"\X")
# A URL as X sees it: a scheme or www., or a bare domain with a common TLD; t.co makes it 23.
_URL = regex.compile(
    r"(?i)(?<![\w@.\-/])(?:(?:https?://|www\.)[^\s<>\"]+"
    r"|(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+(?:com|net|org|io|co|ai|app|shop|store|info|biz|de|fr|uk|jp|cn|kr|in"
    r"|br|mx|es|it|nl|pl|tr|th|vn|id|my|sa|ae|ca|us|eu)\b(?:/[^\s<>\"]*)?)")
_URL_TRAIL = ".,:;!?)]}'\"’”»"
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_EMOJI_CHAR = regex.compile(r"[\p{Emoji_Presentation}\p{Emoji_Modifier}\p{Regional_Indicator}\u20E3\uFE0F]")
_PICTO = regex.compile(r"\p{Extended_Pictographic}")

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")
# Languages whose whole alphabet is in GSM-7, so an SMS stays at 160 characters a part.
_GSM_LANGUAGES = {"en", "de", "it", "nl", "id", "ms", "da", "no", "sv"}
_WIDE_SCRIPTS = {"Hans", "Hant", "Jpan", "Kore", "Hani"}


class _ChannelSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(gt=0)
    unit: Unit
    soft_limit: int | None = Field(default=None, gt=0)
    double_width: bool = False
    platform_labels_ads: bool = False
    description: str = Field(min_length=3)


@dataclass(frozen=True)
class Channel:
    name: str
    limit: int
    unit: Unit
    description: str
    soft_limit: int | None = None
    double_width: bool = False
    # Google and Meta print their own "Sponsored" label next to these fields; no label in the text.
    platform_labels_ads: bool = False


@dataclass(frozen=True)
class Measure:
    """``count``/``limit`` are in ``unit`` (SMS: segments). For SMS, ``encoding`` is gsm7|ucs2 and
    ``units`` the septets / UTF-16 units used, ``unit_limit`` what the allowed segments hold."""

    count: int
    limit: int
    unit: Unit
    segments: int | None
    ok: bool
    soft_limit: int | None = None
    encoding: str | None = None
    units: int | None = None
    unit_limit: int | None = None

    @property
    def over_by(self) -> int:
        return max(0, self.count - self.limit)

    @property
    def soft_ok(self) -> bool:
        return self.soft_limit is None or self.count <= self.soft_limit


def load_channels(path=None) -> dict[str, Channel]:
    path = path or get_settings().locales_dir / "channels.yaml"
    data, lines = load_yaml_file(path, LocaleError, fast=True)
    if not isinstance(data, dict) or not data:
        raise LocaleError("channels file must map channel names to {limit, unit, description}",
                          where=f"{path}:1", fix="see the comment at the top of locales/channels.yaml")
    out = {}
    for name, spec in data.items():
        try:
            parsed = _ChannelSpec.model_validate(spec)
        except ValidationError as exc:
            raise validation_error(exc, str(path), lines, LocaleError, prefix=(name,),
                                   fix="each channel needs limit (int), unit (chars|weighted|segments), description") from None
        out[name] = Channel(name=name, **parsed.model_dump())
    return out


CHANNELS: dict[str, Channel] = load_channels()


def get_channel(name: str | Channel) -> Channel:
    if isinstance(name, Channel):
        return name
    try:
        return CHANNELS[name]
    except KeyError:
        raise InputError(f"unknown channel {name!r}", where="channel",
                         fix=f"use one of: {', '.join(sorted(CHANNELS))}") from None


def _profile(locale):
    if locale is None or not isinstance(locale, str):
        return locale
    from studio.market.locales import get_locale

    return get_locale(locale)


# ---- counting ----------------------------------------------------------------------------------
def graphemes(text: str) -> list[str]:
    return _GRAPHEME.findall(text)


def _is_emoji(cluster: str) -> bool:
    return bool(_EMOJI_CHAR.search(cluster)) and (bool(_PICTO.search(cluster)) or "\u20e3" in cluster
                                                  or regex.search(r"\p{Regional_Indicator}", cluster) is not None)


def _x_char_weight(ch: str) -> int:
    cp = ord(ch)
    if cp > 0xFFFF:
        return 4
    return 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2


def _x_plain(text: str) -> int:
    total = 0
    for cluster in graphemes(text):
        total += 2 if _is_emoji(cluster) else sum(_x_char_weight(c) for c in cluster)
    return total


def find_urls(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in _URL_TRAIL:
            end -= 1
        spans.append((m.start(), end))
    return spans


def x_weighted_length(text: str) -> int:
    """The X (twitter-text v3) weighted length."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    total, pos = 0, 0
    for start, end in find_urls(text):
        total += _x_plain(text[pos:start]) + 23
        pos = end
    return total + _x_plain(text[pos:])


def char_count(text: str, double_width: bool = False) -> int:
    if not double_width:
        return len(graphemes(text))
    return sum(2 if any(unicodedata.east_asian_width(c) in "WF" for c in g) else 1 for g in graphemes(text))


def is_gsm7(text: str) -> bool:
    return all(c in GSM_BASIC or c in GSM_EXTENSION for c in text)


def sms_parts(text: str) -> tuple[str, int, int]:
    """(encoding, units used, segments) for an SMS text."""
    if is_gsm7(text):
        costs, single, per_part, encoding = [2 if c in GSM_EXTENSION else 1 for c in text], 160, 153, "gsm7"
    else:
        costs, single, per_part, encoding = [2 if ord(c) > 0xFFFF else 1 for c in text], 70, 67, "ucs2"
    used = sum(costs)
    if used <= single:
        return encoding, used, 1 if used else 0
    segments, room = 1, per_part
    for cost in costs:  # greedy packing: an escape or surrogate pair never straddles two parts
        if cost > room:
            segments, room = segments + 1, per_part
        room -= cost
    return encoding, used, segments


def limit_for(channel: Channel, locale=None) -> int:
    profile = _profile(locale)
    overrides = getattr(profile, "channel_limits", None) or {}
    return overrides.get(channel.name, channel.limit)


def measure(text: str, channel: str | Channel, locale=None) -> Measure:
    """Count ``text`` the way ``channel`` counts it, against the (locale-overridden) limit."""
    ch = get_channel(channel)
    limit = limit_for(ch, locale)
    if ch.unit == "segments":
        encoding, used, segments = sms_parts(text)
        single, per_part = (160, 153) if encoding == "gsm7" else (70, 67)
        unit_limit = single if limit == 1 else per_part * limit
        return Measure(segments, limit, ch.unit, segments, segments <= limit, ch.soft_limit, encoding, used, unit_limit)
    count = x_weighted_length(text) if ch.unit == "weighted" else char_count(text, ch.double_width)
    return Measure(count, limit, ch.unit, None, count <= limit, ch.soft_limit)


def char_budget(channel: str | Channel, locale=None, soft: bool = False) -> int:
    """Roughly how many characters of this locale's script fit: the number to tell a model."""
    ch = get_channel(channel)
    profile = _profile(locale)
    limit = ch.soft_limit if soft and ch.soft_limit else limit_for(ch, profile)
    script = getattr(profile, "script", "Latn")
    if ch.unit == "segments":
        gsm = getattr(profile, "language", "en") in _GSM_LANGUAGES
        single, per_part = (160, 153) if gsm else (70, 67)
        return single if limit == 1 else per_part * limit
    if script in _WIDE_SCRIPTS and (ch.unit == "weighted" or ch.double_width):
        return limit // 2
    return limit


# ---- trimming ----------------------------------------------------------------------------------
_SENTENCE_END = regex.compile(r"[.!?。！？…](?:[\"'’”»」』)]*)(?=\s|$)|[。！？]")
_CLAUSE_END = regex.compile(r"[、，,；;：:]")
_TRAIL = " \t\n,;:-–—、，／/(\"'“„«「"


def truncate_to_limit(text: str, channel: str | Channel, locale=None) -> str:
    """Trim ``text`` to fit: at the last sentence end if that keeps at least half, else at the last
    word boundary, else (scripts without spaces) at a grapheme boundary. Never cuts mid-grapheme."""
    ch = get_channel(channel)
    if measure(text, ch, locale).ok:
        return text
    parts = graphemes(text)
    lo, hi = 0, len(parts)  # largest prefix (in graphemes) that fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure("".join(parts[:mid]).rstrip(), ch, locale).ok:
            lo = mid
        else:
            hi = mid - 1
    prefix = "".join(parts[:lo])
    fits_whole_word = lo < len(parts) and parts[lo].isspace()
    ends = [m.end() for m in _SENTENCE_END.finditer(prefix)]
    if ends and ends[-1] >= len(prefix) / 2:
        return prefix[: ends[-1]].rstrip()
    if not fits_whole_word:
        spaces = [m.start() for m in regex.finditer(r"\s", prefix)]
        clauses = [m.end() for m in _CLAUSE_END.finditer(prefix)]
        if spaces and spaces[-1] > 0:
            prefix = prefix[: spaces[-1]]
        elif clauses and clauses[-1] >= len(prefix) / 2:  # CJK: no spaces, so cut after a comma
            prefix = prefix[: clauses[-1]]
    return prefix.rstrip(_TRAIL) or prefix.rstrip()


def fits(text: str, channel: str | Channel, locale=None) -> bool:
    return measure(text, channel, locale).ok


__all__ = ["CHANNELS", "Channel", "Measure", "char_budget", "char_count", "find_urls", "fits", "get_channel",
           "graphemes", "is_gsm7", "limit_for", "load_channels", "measure", "sms_parts", "truncate_to_limit",
           "x_weighted_length"]
