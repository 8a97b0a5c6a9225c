"""``format``: numbers, prices and dates written in another locale's convention (babel / CLDR)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, RuleBase, Span

if TYPE_CHECKING:
    from babel import Locale

_ANY_DIGIT = re.compile(r"\d")
# Cheap guards: each format regex below needs one of these to match at all.
_DEC_GUARD = re.compile(r"\d[.,]\d")
_SYM_GUARD = re.compile(r"[€$£¥₹₩₺]")
_DATE_GUARD = re.compile(r"\d[/.\-]\d")
_CUR = r"[€$£¥₹₩₺₫฿]|\b(?:EUR|USD|GBP|JPY|CNY|RMB|INR|KRW|TRY|BRL|MXN|PLN|SAR|AED)\b|R\$|zł"
_BOTH_SEPS = re.compile(r"(?<![\d.,])\d{1,3}(?:([.,])\d{3})+([.,])\d{1,2}(?![\d.,]*\d)")
# A price's decimal mark is read beside the symbols and beside the currencies written as letters or a local sign
# (RM/MYR, the full-width yuan sign, 元, บาท, درهم, ريال): "RM 89,00" and "￥199,00" are a comma-decimal price in a
# point-decimal market as much as "€19.99" in Germany (checks-look29: three writers' misses in ms-MY and zh-CN).
# Rupiah and lira are left out: "Rp 1.5 juta" is a count of millions, not a price with decimals.
_CUR_DEC = rf"{_CUR}|￥|\bRM\b|\bMYR\b|元|บาท|درهم|ريال"
_PRICE_DEC = re.compile(rf"(?:(?:{_CUR_DEC})\s?\d+([.,])\d{{1,2}}(?![\d.,]*\d))|(?:(?<![\d.,])\d+([.,])\d{{1,2}}\s?(?:{_CUR_DEC}))")
_SYM_BEFORE = re.compile(r"[€$£¥₹₩₺]\s?\d")
_SYM_AFTER = re.compile(r"\d\s?[€$£¥₹₩₺](?!\s?\d)")
_DATE = re.compile(r"(?<![\d/.\-])(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})(?![\d/.\-]*\d)")
# A whole number in three or more groups: 7,500,000 / 75,00,000 / 7.500.000 (spaces are left out:
# phone numbers are grouped in pairs).
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}([,.])\d{2,3}(?:\1\d{2,3})+(?![\d]|[.,]\d{3})")
# A lakh or more written in two groups of three ("₹120,000"): Indian grouping writes 1,20,000.
_LAKH_IN_THREES = re.compile(r"(?<![\d.,])\d{3},\d{3}(?![\d]|[.,]\d)")
# A day and month without a year ("ends 12/31", "bis 31/12") after a word that announces a date: one part over 12
# shows the order. A bare "24/7" or "3/4" is no date, so the cue word is required.
_DATE_CUE = (r"(?:ends?|ending|until|till|through|thru|by|before|from|on|valid|expires?|deadline|bis|ab|vom|gültig|endet|jusqu'au|jusqu’au|"
             r"du|au|le|dès|hasta|desde|el|del|al|válido|vence|fino al|dal|entro il|il|valido|scade|até|de|a partir de|válido até|tot|vanaf|t/m|"
             r"op|geldig|do|od|ważne|kadar|itibaren|geçerli|sampai|hingga|mulai|berlaku|đến|từ|hết hạn|ถึง|ตั้งแต่|हेतु|तक|से|حتى|من|لغاية)")
_DAY_MONTH = re.compile(rf"(?i)(?<![\w/]){_DATE_CUE}\s(\d{{1,2}})/(\d{{1,2}})(?![\d/.\-]*\d)(?!\s?(?:%|am|pm|h\b|uhr|cup|tsp|tbsp))")
# A price whose digits are grouped in threes with one separator and nothing after them: "¥1.980", "49.000원",
# "1,250,000 VND". Written with the locale's decimal symbol it reads as a price with three decimals. Only where
# that cannot be a price: in a currency with no minor unit (yen, won, dong, rupiah) or with two or more groups;
# a euro price per litre or kWh has three decimals ("1,859 €/l").
_CUR_WORDS = rf"{_CUR}|원|円|元|บาท|đ\b|\bRp\.?|\bRM\b|\bTL\b|\b(?:VND|VNĐ|IDR|THB|MYR|đồng)\b|درهم|ريال"
_NO_MINOR_UNIT = re.compile(r"[¥₩₫]|円|원|đ|đồng|\bRp|\b(?:JPY|KRW|VND|VNĐ|IDR)\b", re.IGNORECASE)
_PRICE_GROUPED = re.compile(
    rf"(?:(?:{_CUR_WORDS})\s?(\d{{1,3}}(?:([.,])\d{{3}})+)(?![.,]?\d))"
    rf"|(?:(?<![\d.,])(\d{{1,3}}(?:([.,])\d{{3}})+)(?![.,]?\d)\s?(?:{_CUR_WORDS}))"
)
_FULLWIDTH = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+")
_HALFWIDTH_KANA = re.compile(r"[\uff66-\uff9f]{2,}")
# A currency symbol written against an amount; "R$" (real) and "US$"/"A$" prefixes are read whole.
_SYMBOL_AMOUNT = re.compile(r"(?<![A-Za-z])([A-Z]{0,2}[$€£¥₹₩₺₫฿])\s?\d[\d.,]*(?<![.,])|(?<![\d.,])\d[\d.,]*\s?([€$£¥₹₩₺₫฿])(?!\s?\d)")


@dataclass(frozen=True)
class Conventions:
    locale: str
    decimal: str
    symbol_before: bool
    date_order: str  # e.g. "DMY"
    date_sep: str
    date_example: str
    price_example: str
    group_sizes: tuple[int, ...]  # digit groups of 7500000 written here, most significant first
    grouped_example: str
    currency_symbols: frozenset[str]  # symbols of the market's own currency


def babel_locale(code: str) -> Locale:
    from babel import Locale  # CLDR loads when a draft first has a number to read: not on every start

    lang, _, region = code.replace("_", "-").partition("-")
    lang = {"no": "nb"}.get(lang, lang)
    try:
        return Locale.parse(f"{lang}_{region}" if region else lang)
    except Exception:  # unknown region for babel: the language alone still has conventions
        return Locale.parse(lang)


@lru_cache(maxsize=64)
def conventions(code: str) -> Conventions:
    """This locale's number/currency/date conventions, read from babel (CLDR)."""
    from babel import dates, numbers

    loc = babel_locale(code)
    pattern = loc.date_formats["short"].pattern
    order = "".join(sorted("DMY", key=lambda c: pattern.find({"D": "d", "M": "M", "Y": "y"}[c])))
    sep = next((c for c in pattern if c in "/.-"), "/")
    cur_pattern = loc.currency_formats["standard"].pattern.split(";")[0]
    return Conventions(
        locale=code,
        decimal=numbers.get_decimal_symbol(loc),
        symbol_before=cur_pattern.replace("\u200f", "").strip().startswith("¤"),
        date_order=order,
        date_sep=sep,
        date_example=dates.format_date(dt.date(2026, 12, 31), "short", locale=loc),
        price_example=numbers.format_currency(1234.5, "EUR", locale=loc),
        group_sizes=_group_sizes(numbers.format_decimal(7500000, locale=loc)),
        grouped_example=numbers.format_decimal(7500000, locale=loc),
        currency_symbols=_local_symbols(loc),
    )


def _group_sizes(written: str) -> tuple[int, ...]:
    return tuple(len(g) for g in re.split(r"\D+", written) if g)


# CLDR's narrow currency symbols (babel exposes the standard ones only): what shop signs print.
_NARROW = {"USD": "$", "MXN": "$", "CAD": "$", "BRL": "R$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥",
           "INR": "₹", "KRW": "₩", "TRY": "₺", "VND": "₫", "THB": "฿", "PLN": "zł", "MYR": "RM", "IDR": "Rp",
           "SAR": "ر.س", "AED": "د.إ"}


def _local_symbols(loc: Locale) -> frozenset[str]:
    """The symbols a reader of this locale sees as the local currency (CLDR: standard and narrow)."""
    from babel import numbers

    if not loc.territory:
        return frozenset()
    out = set()
    for code in numbers.get_territory_currencies(loc.territory, dt.date(2026, 1, 1)):
        out.add(numbers.get_currency_symbol(code, locale=loc))
        out.add(_NARROW.get(code, code))
    return frozenset(out)


def format_problems(checks: list[str], text: str, code: str) -> list[tuple[Span, str]]:
    """(span, explanation) for each number/price/date written in another locale's convention, and for
    characters written in the wrong width (read on the raw text: the matchers' view is NFKC)."""
    out: list[tuple[Span, str]] = []
    if "fullwidth" in checks:
        out.extend((m.span(), f"full-width {m.group()!r}; write it half-width: {unicodedata.normalize('NFKC', m.group())!r}")
                   for m in _FULLWIDTH.finditer(text))
    if "halfwidth_kana" in checks:
        out.extend((m.span(), f"half-width katakana {m.group()!r}; write {unicodedata.normalize('NFKC', m.group())!r}")
                   for m in _HALFWIDTH_KANA.finditer(text))
    if not _ANY_DIGIT.search(text):  # every other format problem is about digits
        return out
    conv = conventions(code)
    if "decimal" in checks and _DEC_GUARD.search(text):
        for m in _BOTH_SEPS.finditer(text):
            if m.group(1) != m.group(2) and m.group(2) != conv.decimal:
                out.append((m.span(), f"decimal separator {m.group(2)!r}; {code} writes {conv.price_example}"))
        for m in _PRICE_DEC.finditer(text):
            sep = m.group(1) or m.group(2)
            if sep != conv.decimal and not any(a <= m.start() < b for (a, b), _ in out):
                out.append((m.span(), f"decimal separator {sep!r} in a price; {code} writes {conv.price_example}"))
    if "currency" in checks and _SYM_GUARD.search(text):
        wrong = _SYM_AFTER if conv.symbol_before else _SYM_BEFORE
        for m in wrong.finditer(text):
            where = "before" if conv.symbol_before else "after"
            out.append((m.span(), f"currency symbol on the wrong side; {code} puts it {where} the amount: {conv.price_example}"))
    if "grouping" in checks:
        for m in _GROUPED.finditer(text):
            sizes = _group_sizes(m.group())
            # Indian grouping (75,00,000): twos, then the last three; everywhere else threes.
            lakh = len(conv.group_sizes) > 2 and conv.group_sizes[-2] == 2
            expected = (2,) * (len(sizes) - 2) + (3,) if lakh else (3,) * (len(sizes) - 1)
            if sizes[1:] != expected:
                out.append((m.span(), f"digits grouped {'-'.join(map(str, sizes))}; {code} groups them "
                                      f"as in {conv.grouped_example}"))
        if len(conv.group_sizes) > 2 and conv.group_sizes[-2] == 2:  # a lakh in western threes (checks-law11)
            for m in _LAKH_IN_THREES.finditer(text):
                if not any(a <= m.start() < b for (a, b), _ in out):
                    out.append((m.span(), f"{m.group()!r} is grouped in threes; {code} groups a lakh and more "
                                          f"as in {conv.grouped_example}"))
    if "grouping" in checks and _DEC_GUARD.search(text):
        for m in _PRICE_GROUPED.finditer(text):
            number, sep = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            impossible = number.count(sep) > 1 or _NO_MINOR_UNIT.search(m.group())
            if sep == conv.decimal and impossible and not any(a <= m.start() < b for (a, b), _ in out):
                out.append(
                    (
                        m.span(),
                        f"{number!r} groups thousands with {sep!r}, the decimal mark here, so it reads as "
                        f"a price with three decimals; {code} groups them as in {conv.grouped_example}",
                    )
                )
    if "foreign_currency" in checks and conv.currency_symbols and _SYM_GUARD.search(text + "₫฿"):
        for m in _SYMBOL_AMOUNT.finditer(text):
            sym = m.group(1) or m.group(2)
            if sym not in conv.currency_symbols and sym.lstrip("US") not in conv.currency_symbols:
                out.append((m.span(), f"price in {sym}, not in the market's currency "
                                      f"({', '.join(sorted(conv.currency_symbols))})"))
    if "date" in checks and _DATE_GUARD.search(text):
        for m in _DATE.finditer(text):
            a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
            if len(a) == 4 and sep == "-":
                continue  # ISO 8601 is understood everywhere
            written: str | None
            if len(a) == 4:
                written = "YMD"
            elif int(a) > 12:
                written = "DMY"
            elif int(b) > 12:
                written = "MDY"
            else:
                written = None
            if written and written != conv.date_order:
                out.append((m.span(), f"date written {'/'.join(written)} but {code} writes {conv.date_example}"))
            elif sep != conv.date_sep and len(c) in (2, 4):
                out.append((m.span(), f"date separator {sep!r}; {code} writes {conv.date_example}"))
    if "date" in checks and "/" in text and conv.date_order[:2] in ("DM", "MD"):
        for m in _DAY_MONTH.finditer(text):
            first, second = int(m.group(1)), int(m.group(2))
            written = "DM" if 12 < first <= 31 and 1 <= second <= 12 else "MD" if 12 < second <= 31 and 1 <= first <= 12 else None
            if written and written != conv.date_order[:2] and not any(a <= m.start(1) < b for (a, b), _ in out):
                out.append(((m.start(1), m.end(2)), f"date written {'/'.join(written)} but {code} writes {conv.date_example}"))
    return sorted(out)


class FormatRule(RuleBase):
    type: Literal["format"]
    checks: list[Literal["decimal", "currency", "date", "grouping", "foreign_currency", "fullwidth", "halfwidth_kana"]] = \
        Field(min_length=1)

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        return [self.finding(a, b, extra=why) for (a, b), why in format_problems(list(self.checks), ctx.text, ctx.locale)]
